//! Figures per cashier for one business date (the end-of-day summary).

use rusqlite::params;

use super::{Result, Store};
use crate::checkout::tender::Method;
use crate::sales::SaleKind;

/// One cashier's documents of a kind: (user, kind, count, total, discounts).
pub type KindRow = (String, SaleKind, i64, i64, i64);
/// One cashier's net payments by method on sales: (user, method, count, amount).
pub type MethodRow = (String, Method, i64, i64);

impl Store {
    /// Documents per user and kind (`sale`, `refund`, `void`) on `date`,
    /// with their totals and (for sales) the discounts given.
    pub fn cashier_documents(&self, date: &str) -> Result<Vec<KindRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT user_name, kind, count(*), sum(total), sum(subtotal - total) FROM sales
                 WHERE business_date = ?1 GROUP BY user_name, kind ORDER BY user_name, kind",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![date], |r| {
                let kind: String = r.get(1)?;
                let kind = SaleKind::from_code(&kind)
                    .ok_or_else(|| super::bad_value(1, "sales.kind", &kind, "sale, void or refund"))?;
                Ok((r.get(0)?, kind, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Payments of the sales each user rang up on `date`, by method.
    pub fn cashier_methods(&self, date: &str) -> Result<Vec<MethodRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.user_name, p.method, count(DISTINCT s.id), sum(p.amount) FROM payments p
                 JOIN sales s ON s.id = p.sale_id
                 WHERE s.business_date = ?1 AND s.kind = 'sale'
                 GROUP BY s.user_name, p.method ORDER BY s.user_name, p.method",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![date], |r| {
                let method: String = r.get(1)?;
                Ok((
                    r.get(0)?,
                    super::stored_method(1, "payments.method", &method)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}
