//! The audit log: append-only, hash-chained rows. Each row stores the hash
//! of the previous one, so changing, removing or reordering any row breaks
//! the chain at that row.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Result, Store, sql_err};

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    pub seq: i64,
    pub ts: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The head of the audit chain at some moment: `SEQ:HASH`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditHead {
    pub seq: i64,
    /// The full SHA-256 hex of row `seq`.
    pub hash: String,
}

impl AuditHead {
    /// `SEQ:HASH` with the hash shortened to 16 hex characters, for people.
    pub fn short(&self) -> String {
        format!("{}:{}", self.seq, &self.hash[..self.hash.len().min(16)])
    }
}

impl std::fmt::Display for AuditHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

/// What `quay audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VerifyReport {
    pub rows: i64,
    /// The first row whose link is broken, and why.
    pub first_broken: Option<BrokenLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokenLink {
    pub seq: i64,
    /// `prev_hash` (the row does not follow the one before it) or `hash`
    /// (the row's own content was changed).
    pub reason: &'static str,
}

fn row_hash(prev: &str, seq: i64, ts: &str, actor: &str, action: &str, entity: &str, details: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, &seq.to_string(), ts, actor, action, entity, details] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Append a row inside the caller's transaction.
pub(crate) fn append(
    conn: &Connection,
    path: &Path,
    actor: &str,
    action: &str,
    entity: &str,
    details: &str,
) -> Result<()> {
    let err = |e| sql_err(path, e);
    let last: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })
        .map_err(err)?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let ts = crate::time::now_vn_rfc3339();
    let hash = row_hash(&prev, seq, &ts, actor, action, entity, details);
    conn.execute(
        "INSERT INTO audit (seq, ts, actor, action, entity, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, ts, actor, action, entity, details, prev, hash],
    )
    .map_err(err)?;
    Ok(())
}

impl Store {
    /// Record an event that changes no table of its own (a cash drawer
    /// opening, a reprint…) in the audit chain.
    pub fn log_event(&mut self, actor: &str, action: &str, entity: &str, details: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        append(&tx, &path, actor, action, entity, details)?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// Walk the chain and report the first broken link.
    pub fn verify_audit(&self) -> Result<VerifyReport> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, ts, actor, action, entity, details, prev_hash, hash FROM audit ORDER BY seq")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut expected_prev = GENESIS.to_string();
        let mut expected_seq = 1;
        let mut count = 0;
        let mut first_broken = None;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let row = read_row(r).map_err(|e| self.err(e))?;
            count += 1;
            if first_broken.is_some() {
                continue;
            }
            if row.prev_hash != expected_prev || row.seq != expected_seq {
                first_broken = Some(BrokenLink {
                    seq: row.seq,
                    reason: "prev_hash",
                });
                continue;
            }
            let h = row_hash(
                &row.prev_hash,
                row.seq,
                &row.ts,
                &row.actor,
                &row.action,
                &row.entity,
                &row.details,
            );
            if h != row.hash {
                first_broken = Some(BrokenLink {
                    seq: row.seq,
                    reason: "hash",
                });
                continue;
            }
            expected_prev = row.hash;
            expected_seq += 1;
        }
        Ok(VerifyReport {
            rows: count,
            first_broken,
        })
    }

    /// The head of the chain: the newest row's sequence number and hash
    /// (`0` and [`GENESIS`] for a file with no audit rows yet). Z reports,
    /// ward bundles and invoice batches carry it so that a later rewrite or
    /// truncation of the chain can be detected against them.
    pub fn audit_head(&self) -> Result<AuditHead> {
        let head = self
            .conn
            .query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok(AuditHead {
                    seq: r.get(0)?,
                    hash: r.get(1)?,
                })
            })
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(head.unwrap_or(AuditHead {
            seq: 0,
            hash: GENESIS.to_string(),
        }))
    }

    /// The last `limit` audit rows, newest first.
    pub fn audit_tail(&self, limit: i64) -> Result<Vec<AuditRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, ts, actor, action, entity, details, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([limit], read_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        ts: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        details: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::temp_store;
    use super::*;

    #[test]
    fn an_intact_chain_verifies_and_tampering_is_found_at_its_row() {
        let (_d, mut store) = temp_store();
        for i in 0..5 {
            let tx = store.begin().unwrap();
            append(
                &tx,
                Path::new("x"),
                "tester",
                "test",
                "thing",
                &format!("{{\"n\":{i}}}"),
            )
            .unwrap();
            tx.commit().unwrap();
        }
        let ok = store.verify_audit().unwrap();
        assert_eq!(ok.rows, 5);
        assert_eq!(ok.first_broken, None);

        // the triggers refuse edits...
        assert!(
            store
                .conn
                .execute("UPDATE audit SET details = 'x' WHERE seq = 3", [])
                .is_err()
        );
        // ...but someone with the sqlite3 tool can drop them
        store
            .conn
            .execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET details = '{\"n\":99}' WHERE seq = 3;")
            .unwrap();
        let bad = store.verify_audit().unwrap();
        assert_eq!(bad.first_broken, Some(BrokenLink { seq: 3, reason: "hash" }));
    }

    #[test]
    fn a_removed_row_breaks_the_next_link() {
        let (_d, mut store) = temp_store();
        for _ in 0..4 {
            let tx = store.begin().unwrap();
            append(&tx, Path::new("x"), "a", "b", "c", "{}").unwrap();
            tx.commit().unwrap();
        }
        store
            .conn
            .execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;")
            .unwrap();
        let bad = store.verify_audit().unwrap();
        assert_eq!(
            bad.first_broken,
            Some(BrokenLink {
                seq: 3,
                reason: "prev_hash"
            })
        );
    }
}
