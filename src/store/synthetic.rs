//! Synthetic sales for benchmarks and load tests, written straight into a
//! shop file in large transactions (a real sale goes through
//! `commit_sale`; this only makes volume quickly). Not used by the program.

use rusqlite::params;

use super::{Result, Store, StoreError, sql_err};
use crate::msg;
use crate::synth::Rng;

impl Store {
    /// Add `n` sales spread over `days` days from `start` (YYYY-MM-DD):
    /// 1–5 lines each (mean 3), about 45 % cash, 35 % VietQR, 12 % card,
    /// 8 % e-wallet, 5 % split cash + another method, 1 % refunded.
    pub fn generate_sales(
        &mut self,
        n: usize,
        start: &str,
        days: i64,
        seed: u64,
        mut progress: impl FnMut(usize),
    ) -> Result<()> {
        let path = self.path.clone();
        let e = |e| sql_err(&path, e);
        let products: Vec<(i64, String, String, String, i64, String)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id, sku, name, unit, price, vat_rate FROM products WHERE active = 1")
                .map_err(e)?;
            stmt.query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })
            .map_err(e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(e)?
        };
        if products.is_empty() {
            return Ok(());
        }
        let start = chrono::NaiveDate::parse_from_str(start, "%Y-%m-%d").map_err(|_| {
            StoreError::Refused(msg!(
                "ngày bắt đầu {start} không hợp lệ: cần dạng YYYY-MM-DD",
                "start date {start} is not valid: expected YYYY-MM-DD"
            ))
        })?;
        let mut rng = Rng::new(seed);
        let first_number: i64 = self
            .conn
            .query_row("SELECT COALESCE(max(number), 0) FROM sales", [], |r| r.get(0))
            .map_err(e)?;
        let mut done = 0;
        while done < n {
            let chunk = (n - done).min(20_000);
            let tx = self.begin()?;
            let session: i64 = match tx
                .query_row("SELECT id FROM cash_sessions WHERE closed_at IS NULL", [], |r| r.get(0))
                .ok()
            {
                Some(id) => id,
                None => {
                    tx.execute(
                        "INSERT INTO cash_sessions (opened_at, opened_by, opening_float) VALUES (?1, 'synth', 0)",
                        [tx.now_rfc3339()],
                    )
                    .map_err(e)?;
                    tx.last_insert_rowid()
                }
            };
            {
                let mut sale = tx
                    .prepare(
                        "INSERT INTO sales (uuid, number, kind, ref_sale_id, session_id, ts, business_date, user_name,
                                            tax_method, subtotal, discount, total, change)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'synth', 'direct', ?8, 0, ?8, 0)",
                    )
                    .map_err(e)?;
                let mut line = tx
                    .prepare(
                        "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, unit, unit_price, qty_milli,
                                                 vat_rate, gross, line_discount, cart_discount, net)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 0, ?10)",
                    )
                    .map_err(e)?;
                let mut pay = tx
                    .prepare("INSERT INTO payments (sale_id, method, amount, tendered) VALUES (?1, ?2, ?3, ?3)")
                    .map_err(e)?;
                for i in 0..chunk {
                    let k = done + i;
                    let number = first_number + 1 + k as i64 * 2;
                    let day = start + chrono::Duration::days((k as i64 * days) / n.max(1) as i64);
                    let secs = 7 * 3600 + rng.below(14 * 3600) as i64;
                    let ts = format!(
                        "{day}T{:02}:{:02}:{:02}+07:00",
                        secs / 3600,
                        (secs / 60) % 60,
                        secs % 60
                    );
                    let lines = 1 + rng.below(5) as usize;
                    let mut picked = Vec::with_capacity(lines);
                    let mut total = 0i64;
                    for _ in 0..lines {
                        let p = &products[rng.below(products.len() as u64) as usize];
                        let q = if rng.below(10) == 0 {
                            100 + rng.below(1850) as i64
                        } else {
                            1000
                        };
                        let amount = crate::money::div_round(i128::from(p.4) * i128::from(q), 1000);
                        total += amount;
                        picked.push((p, q, amount));
                    }
                    sale.execute(params![
                        format!("synth-{seed}-{k}"),
                        number,
                        "sale",
                        Option::<i64>::None,
                        session,
                        ts,
                        day.to_string(),
                        total
                    ])
                    .map_err(e)?;
                    let sid = tx.last_insert_rowid();
                    for (no, (p, q, amount)) in picked.iter().enumerate() {
                        line.execute(params![sid, no as i64 + 1, p.0, p.1, p.2, p.3, p.4, q, p.5, amount])
                            .map_err(e)?;
                    }
                    let r = rng.below(100);
                    let method = match r {
                        0..45 => "cash",
                        45..80 => "transfer",
                        80..92 => "card",
                        _ => "wallet:momo",
                    };
                    if rng.below(20) == 0 && total > 1 {
                        let part = total / 2;
                        pay.execute(params![sid, "cash", part]).map_err(e)?;
                        pay.execute(params![
                            sid,
                            if method == "cash" { "transfer" } else { method },
                            total - part
                        ])
                        .map_err(e)?;
                    } else {
                        pay.execute(params![sid, method, total]).map_err(e)?;
                    }
                    if rng.below(100) == 0 {
                        sale.execute(params![
                            format!("synth-{seed}-{k}-r"),
                            number + 1,
                            "refund",
                            Some(sid),
                            session,
                            ts,
                            day.to_string(),
                            -total
                        ])
                        .map_err(e)?;
                        let rid = tx.last_insert_rowid();
                        pay.execute(params![rid, "cash", -total]).map_err(e)?;
                    }
                }
            }
            tx.commit().map_err(e)?;
            done += chunk;
            progress(done);
        }
        Ok(())
    }
}
