//! Print jobs.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, sql_err};
use crate::printer_settings::PrintStatus;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PrintJob {
    pub id: i64,
    pub sale_number: Option<i64>,
    /// `receipt` (the only kind written so far).
    pub kind: String,
    pub status: PrintStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
}

impl Store {
    // ---- print jobs --------------------------------------------------------

    pub fn print_jobs(&self, only_pending: bool) -> Result<Vec<PrintJob>> {
        let sql = format!(
            "SELECT j.id, s.number, j.kind, j.status, j.attempts, j.last_error FROM print_jobs j
             LEFT JOIN sales s ON s.id = j.sale_id {} ORDER BY j.id",
            if only_pending {
                "WHERE j.status <> 'printed'"
            } else {
                ""
            }
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                let status: String = r.get(3)?;
                Ok(PrintJob {
                    id: r.get(0)?,
                    sale_number: r.get(1)?,
                    kind: r.get(2)?,
                    status: PrintStatus::from_code(&status).ok_or_else(|| {
                        super::bad_value(3, "print_jobs.status", &status, "queued, printed or failed")
                    })?,
                    attempts: r.get(4)?,
                    last_error: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The receipt job of a sale still to print, or a new one (reprint).
    /// Whether a receipt of this document was printed before (a new print
    /// is then a copy).
    pub fn printed_before(&self, sale_id: i64) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM print_jobs WHERE sale_id = ?1 AND status = 'printed')",
                [sale_id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    pub fn print_job_for_sale(&mut self, sale_id: i64) -> Result<i64> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let e = |e| sql_err(&path, e);
        let open: Option<i64> = tx
            .query_row(
                "SELECT id FROM print_jobs WHERE sale_id = ?1 AND status <> 'printed' ORDER BY id DESC LIMIT 1",
                [sale_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(e)?;
        let id = match open {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO print_jobs (sale_id, kind, status, created_at, updated_at) VALUES (?1, 'receipt', 'queued', ?2, ?2)",
                    params![sale_id, tx.now_rfc3339()],
                )
                .map_err(e)?;
                tx.last_insert_rowid()
            }
        };
        tx.commit().map_err(e)?;
        Ok(id)
    }

    /// Record the outcome of a print attempt.
    pub fn print_job_result(&mut self, id: i64, error: Option<&str>) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        tx.execute(
            "UPDATE print_jobs SET status = ?1, attempts = attempts + 1, last_error = ?2, updated_at = ?3 WHERE id = ?4",
            params![
                if error.is_some() { PrintStatus::Failed } else { PrintStatus::Printed }.code(),
                error,
                tx.now_rfc3339(),
                id
            ],
        )
        .map_err(|e| sql_err(&path, e))?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }
}
