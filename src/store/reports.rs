//! Queries behind the shop's reports: per-sale payments (with voids and
//! refunds attributed to the sale they reverse), invoice coverage, OCOP
//! lines, and the latest assessment. Aggregation happens in `report`.

use rusqlite::params;

use super::{Result, Store};

/// One sale's contribution, as streamed to the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleFigures {
    pub sale_id: i64,
    pub business_date: String,
    /// Amount per payment method code as the sale was paid.
    pub by_method: Vec<(String, i64)>,
    /// What its voids and refunds paid back (zero or negative).
    pub reversed: i64,
    pub invoiced: bool,
}

impl Store {
    /// Every sale with its business date in `[from, to]`, net of the voids
    /// and refunds that reference it (whenever they happened). `f` is called
    /// once per sale, in sale order.
    pub fn for_each_sale(&self, from: &str, to: &str, mut f: impl FnMut(&SaleFigures)) -> Result<()> {
        // reversals first: few, kept in memory by original sale id
        let mut rev: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT o.id, sum(r.total) FROM sales r
                     JOIN sales o ON o.id = r.ref_sale_id
                     WHERE r.kind <> 'sale' AND o.business_date BETWEEN ?1 AND ?2
                     GROUP BY o.id",
                )
                .map_err(|e| self.err(e))?;
            let mut rows = stmt.query(params![from, to]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let id: i64 = r.get(0).map_err(|e| self.err(e))?;
                let a: i64 = r.get(1).map_err(|e| self.err(e))?;
                rev.insert(id, a);
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.business_date, p.method, p.amount,
                        EXISTS (SELECT 1 FROM invoices i WHERE i.sale_id = s.id)
                 FROM sales s JOIN payments p ON p.sale_id = s.id
                 WHERE s.kind = 'sale' AND s.business_date BETWEEN ?1 AND ?2
                 ORDER BY s.id",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query(params![from, to]).map_err(|e| self.err(e))?;
        let mut cur: Option<SaleFigures> = None;
        let finish = |mut s: SaleFigures, f: &mut dyn FnMut(&SaleFigures)| {
            s.reversed = rev.get(&s.sale_id).copied().unwrap_or(0);
            f(&s);
        };
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            if cur.as_ref().is_some_and(|c| c.sale_id != id)
                && let Some(done) = cur.take()
            {
                finish(done, &mut f);
            }
            let method = r.get_ref(2).map_err(|e| self.err(e))?.as_str().unwrap_or("cash");
            let amount: i64 = r.get(3).map_err(|e| self.err(e))?;
            match cur.as_mut() {
                Some(c) => match c.by_method.iter_mut().find(|(x, _)| x == method) {
                    Some(e) => e.1 += amount,
                    None => c.by_method.push((method.to_string(), amount)),
                },
                None => {
                    cur = Some(SaleFigures {
                        sale_id: id,
                        business_date: r.get(1).map_err(|e| self.err(e))?,
                        by_method: vec![(method.to_string(), amount)],
                        reversed: 0,
                        invoiced: r.get(4).map_err(|e| self.err(e))?,
                    });
                }
            }
        }
        if let Some(done) = cur.take() {
            finish(done, &mut f);
        }
        Ok(())
    }

    /// OCOP lines sold in `[from, to]`: (line count, net value), reversals included.
    pub fn ocop_sold(&self, from: &str, to: &str) -> Result<(i64, i64)> {
        self.conn
            .query_row(
                "SELECT count(*), COALESCE(sum(l.net), 0) FROM sale_lines l
                 JOIN sales s ON s.id = l.sale_id
                 JOIN products p ON p.id = l.product_id
                 WHERE s.business_date BETWEEN ?1 AND ?2 AND (';' || p.tags || ';') LIKE '%;ocop;%'",
                params![from, to],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))
    }
}
