//! Read-only queries for `quay doctor`: integrity, the newest sale, the
//! last recorded backup, invoices by status.

use rusqlite::OptionalExtension;

use super::{Result, Store};

/// Invoices that still need the shop's attention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InvoiceBacklog {
    /// Issued on a day before `today` and not yet put in a batch.
    pub unbatched_earlier: i64,
    /// Put in a batch file but not yet marked sent.
    pub batched_unsent: i64,
    /// Refused by the provider or the tax authority.
    pub rejected: i64,
}

impl Store {
    /// `PRAGMA integrity_check` on the live file: "ok" or the first problems.
    pub fn integrity_check(&self) -> Result<String> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check(20)")
            .map_err(|e| self.err(e))?;
        let lines = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(lines.join("; "))
    }

    /// The timestamp (RFC 3339, Vietnam time) of the newest committed document.
    pub fn last_sale_ts(&self) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT ts FROM sales ORDER BY ts DESC LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// When the last backup was recorded in the audit log (RFC 3339).
    pub fn last_backup_ts(&self) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT ts FROM audit WHERE action = 'backup' ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// How many backups were recorded in the audit log on or after `day`
    /// (YYYY-MM-DD, Vietnam time).
    pub fn backups_since(&self, day: &str) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT count(*) FROM audit WHERE action = 'backup' AND substr(ts, 1, 10) >= ?1",
                [day],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Invoices waiting for a batch, for the provider, or rejected.
    pub fn invoice_backlog(&self, today: &str) -> Result<InvoiceBacklog> {
        self.conn
            .query_row(
                "SELECT
                    coalesce(sum(st.status = 'issued' AND i.issued_on < ?1), 0),
                    coalesce(sum(st.status = 'batched'), 0),
                    coalesce(sum(st.status = 'rejected'), 0)
                 FROM invoices i JOIN invoice_status st ON st.invoice_id = i.id",
                [today],
                |r| {
                    Ok(InvoiceBacklog {
                        unbatched_earlier: r.get(0)?,
                        batched_unsent: r.get(1)?,
                        rejected: r.get(2)?,
                    })
                },
            )
            .map_err(|e| self.err(e))
    }
}
