//! The shop's ward-bundle signing key and the revision of each exported
//! period. The key's secret half never leaves the shop file.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};

impl Store {
    /// The 32-byte Ed25519 secret of this shop, once made.
    pub fn ward_key(&self) -> Result<Option<Vec<u8>>> {
        self.conn
            .query_row("SELECT secret FROM ward_key WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Keep this key unless the shop already has one; returns the secret
    /// the shop holds afterwards.
    pub fn keep_ward_key(&self, secret: &[u8; 32], public_hex: &str) -> Result<Vec<u8>> {
        self.conn
            .execute(
                "INSERT INTO ward_key (id, secret, public_key, created_at) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO NOTHING",
                params![&secret[..], public_hex, self.clock.now_rfc3339()],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.ward_key()?.unwrap_or_default())
    }

    /// The next revision of a period's bundle (1 for the first export),
    /// counted in the same statement that records it.
    pub fn next_export_revision(&self, period_label: &str) -> Result<i64> {
        self.conn
            .query_row(
                "INSERT INTO ward_exports (period_label, revision, exported_at) VALUES (?1, 1, ?2)
                 ON CONFLICT (period_label) DO UPDATE SET revision = revision + 1, exported_at = excluded.exported_at
                 RETURNING revision",
                params![period_label, self.clock.now_rfc3339()],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }
}
