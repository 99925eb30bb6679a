//! The cash rounding setting of the shop profile (0, 500 or 1000 ₫).

use super::{Result, Store, StoreError, audit, sql_err};

impl Store {
    /// The cash rounding step; 0 = off (also before a profile exists).
    pub fn cash_rounding(&self) -> Result<i64> {
        rusqlite::OptionalExtension::optional(self.conn.query_row(
            "SELECT cash_rounding FROM shop WHERE id = 1",
            [],
            |r| r.get(0),
        ))
        .map(|v| v.unwrap_or(0))
        .map_err(|e| self.err(e))
    }

    /// Set the step (checked by `checkout::rounding::parse_step`), with an
    /// audit row.
    pub fn set_cash_rounding(&mut self, step: i64, actor: &str) -> Result<()> {
        if !matches!(step, 0 | 500 | 1000) {
            return Err(StoreError::Refused(crate::msg!(
                "làm tròn tiền mặt chỉ 0, 500 hoặc 1000",
                "cash rounding is only 0, 500 or 1000"
            )));
        }
        let path = self.path.clone();
        let tx = self.begin()?;
        tx.execute("UPDATE shop SET cash_rounding = ?1 WHERE id = 1", [step])
            .map_err(|e| sql_err(&path, e))?;
        audit::append(
            &tx,
            &path,
            actor,
            "profile.cash_rounding",
            "shop",
            &format!("{{\"step\":{step}}}"),
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }
}
