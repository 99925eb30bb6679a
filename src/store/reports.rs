//! Queries behind the shop's reports: per-sale payments (with voids and
//! refunds attributed to the sale they reverse), invoice coverage, OCOP
//! lines, and the latest assessment. Aggregation happens in `report`.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};

/// One sale's contribution, as streamed to the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleFigures {
    pub sale_id: i64,
    pub business_date: String,
    /// Amount per payment method (index into the method names passed
    /// alongside) as the sale was paid.
    pub by_method: Vec<(u16, i64)>,
    /// What its voids and refunds paid back (zero or negative).
    pub reversed: i64,
    /// Its e-invoice was sent to or accepted by the tax authority.
    pub invoiced: bool,
    /// Its e-invoice was issued but not sent yet (issued or batched).
    pub invoice_unsent: bool,
}

impl Store {
    /// Every sale with its business date in `[from, to]`, net of the voids
    /// and refunds that reference it (whenever they happened). `f` is called
    /// once per sale, in sale order, with the method names so far.
    pub fn for_each_sale(&self, from: &str, to: &str, mut f: impl FnMut(&SaleFigures, &[String])) -> Result<()> {
        let mut names: Vec<String> = Vec::new();
        // reversals first: few, kept in memory by original sale id (CROSS
        // JOIN keeps SQLite driving from the reversals' index)
        let mut rev: Vec<(i64, i64)> = Vec::new();
        {
            let (lo, hi) = match self.sale_id_range(from, to)? {
                (Some(l), Some(h)) => (l, h),
                _ => (0, -1),
            };
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT o.id, sum(r.total) FROM sales r
                     CROSS JOIN sales o ON o.id = r.ref_sale_id
                     WHERE r.ref_sale_id BETWEEN ?3 AND ?4 AND o.business_date BETWEEN ?1 AND ?2
                     GROUP BY o.id",
                )
                .map_err(|e| self.err(e))?;
            let mut rows = stmt.query(params![from, to, lo, hi]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let id: i64 = r.get(0).map_err(|e| self.err(e))?;
                let a: i64 = r.get(1).map_err(|e| self.err(e))?;
                rev.push((id, a));
            }
        }
        // invoiced sales of the range, looked up once per sale
        // (sale id → sent or accepted) for the invoices of the range; a
        // rejected invoice is in neither count
        let mut invoiced: std::collections::HashMap<i64, bool> = std::collections::HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT i.sale_id, st.status IN ('sent', 'accepted') FROM invoices i
                     JOIN sales s ON s.id = i.sale_id
                     JOIN invoice_status st ON st.invoice_id = i.id
                     WHERE s.business_date BETWEEN ?1 AND ?2 AND st.status <> 'rejected'",
                )
                .map_err(|e| self.err(e))?;
            let mut rows = stmt.query(params![from, to]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                invoiced.insert(r.get(0).map_err(|e| self.err(e))?, r.get(1).map_err(|e| self.err(e))?);
            }
        }
        let (Some(lo), Some(hi)) = self.sale_id_range(from, to)? else {
            return Ok(());
        };
        // Two ordered scans merged by sale id (sales by rowid, payments by
        // their covering index): no per-row lookups.
        let mut sales = self
            .conn
            .prepare_cached("SELECT id, business_date, kind FROM sales WHERE id BETWEEN ?1 AND ?2 ORDER BY id")
            .map_err(|e| self.err(e))?;
        let mut pays = self
            .conn
            .prepare_cached(
                "SELECT sale_id, method, amount FROM payments WHERE sale_id BETWEEN ?1 AND ?2 ORDER BY sale_id",
            )
            .map_err(|e| self.err(e))?;
        let mut srows = sales.query(params![lo, hi]).map_err(|e| self.err(e))?;
        let mut prows = pays.query(params![lo, hi]).map_err(|e| self.err(e))?;
        let mut cur = SaleFigures {
            sale_id: 0,
            business_date: String::new(),
            by_method: Vec::with_capacity(2),
            reversed: 0,
            invoiced: false,
            invoice_unsent: false,
        };
        // sales come in id order: walk the sorted reversals alongside
        rev.sort_unstable();
        let mut rev_at = 0;
        let mut finish = |s: &mut SaleFigures, names: &[String], f: &mut dyn FnMut(&SaleFigures, &[String])| {
            while rev_at < rev.len() && rev[rev_at].0 < s.sale_id {
                rev_at += 1;
            }
            s.reversed = match rev.get(rev_at) {
                Some((id, a)) if *id == s.sale_id => *a,
                _ => 0,
            };
            let inv = if invoiced.is_empty() {
                None
            } else {
                invoiced.get(&s.sale_id)
            };
            s.invoiced = inv == Some(&true);
            s.invoice_unsent = inv == Some(&false);
            f(s, names);
        };
        // the payment row under the cursor: (sale id, method index, amount)
        let read = |rows: &mut rusqlite::Rows<'_>, names: &mut Vec<String>| -> Result<Option<(i64, u16, i64)>> {
            let Some(p) = rows.next().map_err(|e| self.err(e))? else {
                return Ok(None);
            };
            let pid: i64 = p.get(0).map_err(|e| self.err(e))?;
            let method = p.get_ref(1).map_err(|e| self.err(e))?.as_str().unwrap_or("cash");
            let amount: i64 = p.get(2).map_err(|e| self.err(e))?;
            let m = match names.iter().position(|n| n.len() == method.len() && n == method) {
                Some(i) => i as u16,
                None => {
                    names.push(method.to_string());
                    (names.len() - 1) as u16
                }
            };
            Ok(Some((pid, m, amount)))
        };
        let mut pay = read(&mut prows, &mut names)?;
        while let Some(r) = srows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            let date = r.get_ref(1).map_err(|e| self.err(e))?.as_str().unwrap_or("");
            let wanted =
                r.get_ref(2).map_err(|e| self.err(e))?.as_str().unwrap_or("") == "sale" && date >= from && date <= to;
            if wanted {
                cur.sale_id = id;
                if cur.business_date != date {
                    cur.business_date.clear();
                    cur.business_date.push_str(date);
                }
                cur.by_method.clear();
            }
            // payments of this sale (and skip those of documents not wanted)
            while let Some((pid, m, amount)) = pay {
                if pid > id {
                    break;
                }
                if pid == id && wanted {
                    match cur.by_method.iter_mut().find(|(x, _)| *x == m) {
                        Some(e) => e.1 += amount,
                        None => cur.by_method.push((m, amount)),
                    }
                }
                pay = read(&mut prows, &mut names)?;
            }
            if wanted && !cur.by_method.is_empty() {
                finish(&mut cur, &names, &mut f);
            }
        }
        Ok(())
    }

    /// The smallest and largest sale id with a business date in the range.
    /// While dates only went forward these are two index seeks; otherwise
    /// the whole date range is read.
    fn dates_out_of_order(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM meta WHERE key = 'dates_out_of_order'", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    fn sale_id_range(&self, from: &str, to: &str) -> Result<(Option<i64>, Option<i64>)> {
        let unordered = self.dates_out_of_order()?;
        let q = |sql: &str| -> Result<Option<i64>> {
            self.conn
                .query_row(sql, params![from, to], |r| r.get(0))
                .optional()
                .map(Option::flatten)
                .map_err(|e| self.err(e))
        };
        if unordered {
            return Ok((
                q("SELECT min(id) FROM sales WHERE business_date BETWEEN ?1 AND ?2")?,
                q("SELECT max(id) FROM sales WHERE business_date BETWEEN ?1 AND ?2")?,
            ));
        }
        Ok((
            q("SELECT id FROM sales WHERE business_date BETWEEN ?1 AND ?2 ORDER BY business_date, id LIMIT 1")?,
            q(
                "SELECT id FROM sales WHERE business_date BETWEEN ?1 AND ?2 ORDER BY business_date DESC, id DESC LIMIT 1",
            )?,
        ))
    }

    /// OCOP lines sold in `[from, to]`, net of returns: the lines of the
    /// period's sales (business date in the range, the rule sales use) with
    /// what voids and refunds took back from each line, whenever that
    /// happened. (lines still sold, their net value)
    pub fn ocop_sold(&self, from: &str, to: &str) -> Result<(i64, i64)> {
        let (Some(lo), Some(hi)) = self.sale_id_range(from, to)? else {
            return Ok((0, 0));
        };
        self.conn
            .query_row(
                "SELECT count(*), COALESCE(sum(n), 0) FROM (
                   SELECT l.net + COALESCE((SELECT sum(r.net) FROM sale_lines r WHERE r.ref_line_id = l.id), 0) AS n
                   FROM sale_lines l JOIN sales s ON s.id = l.sale_id
                   WHERE l.sale_id BETWEEN ?3 AND ?4 AND s.kind = 'sale' AND +s.business_date BETWEEN ?1 AND ?2
                     AND l.product_id IN (SELECT id FROM products WHERE (';' || tags || ';') LIKE '%;ocop;%'))
                 WHERE n > 0",
                params![from, to, lo, hi],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))
    }
}
