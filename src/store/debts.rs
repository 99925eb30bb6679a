//! The debt book's SQL: debt sales of a customer with what is still owed
//! on each, later payments (append-only documents allocated to the oldest
//! debt sales first, in the same transaction), and the figures the cashless
//! report needs.
//!
//! A debt is a payment row with method `debt` whose reference is the
//! customer code; a refund of a debt sale writes a negative `debt` payment
//! with the same reference.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::{Result, Store, StoreError, audit, sql_err};
use crate::checkout::tender::Method;
use crate::money::Vnd;
use crate::msg;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// One debt sale of a customer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DebtSale {
    pub sale_id: i64,
    pub number: i64,
    #[serde(serialize_with = "crate::time::ser::date")]
    pub business_date: NaiveDate,
    /// Put on the account by the sale.
    pub debt: Vnd,
    /// Taken off by refunds and voids (zero or negative).
    pub reversed: Vnd,
    /// Paid by later payments.
    pub paid: Vnd,
    pub outstanding: Vnd,
}

/// A later payment, as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DebtPayment {
    pub id: i64,
    /// `TN000001` (thu nợ).
    pub number: String,
    pub uuid: String,
    pub customer_code: String,
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub ts: DateTime<FixedOffset>,
    #[serde(serialize_with = "crate::time::ser::date")]
    pub business_date: NaiveDate,
    #[serde(serialize_with = "Method::serialize_code")]
    pub method: Method,
    pub amount: Vnd,
    pub reference: Option<String>,
    pub user: String,
    /// (sale number, part) the payment settled.
    pub settles: Vec<(i64, Vnd)>,
}

/// A payment to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDebtPayment {
    pub uuid: String,
    pub customer_id: i64,
    pub method: Method,
    pub amount: Vnd,
    pub reference: Option<String>,
    pub user: String,
}

/// What later payments and reversals did to the debt part of one sale (for
/// the cashless report).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DebtOfSale {
    /// Payment method → amount paid off this sale's debt.
    pub paid: Vec<(String, i64)>,
    /// The debt part of its refunds and voids (zero or negative).
    pub reversed: i64,
}

pub fn payment_number(id: i64) -> String {
    format!("TN{id:06}")
}

/// The debt sales of a customer (by code) in sale order, with what is left.
fn debt_sales(conn: &Connection, code: &str, customer_id: i64) -> rusqlite::Result<Vec<DebtSale>> {
    let mut out: Vec<DebtSale> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.number, s.business_date, sum(p.amount) FROM payments p JOIN sales s ON s.id = p.sale_id
         WHERE p.method = 'debt' AND p.reference = ?1 AND s.kind = 'sale' GROUP BY s.id ORDER BY s.id",
    )?;
    let mut rows = stmt.query([code])?;
    while let Some(r) = rows.next()? {
        let date: String = r.get(2)?;
        out.push(DebtSale {
            sale_id: r.get(0)?,
            number: r.get(1)?,
            business_date: super::stored_date(2, "sales.business_date", &date)?,
            debt: Vnd(r.get(3)?),
            reversed: Vnd::ZERO,
            paid: Vnd::ZERO,
            outstanding: Vnd::ZERO,
        });
    }
    let mut rev = conn.prepare_cached(
        "SELECT r.ref_sale_id, sum(p.amount) FROM payments p JOIN sales r ON r.id = p.sale_id
         WHERE p.method = 'debt' AND p.reference = ?1 AND r.kind <> 'sale' GROUP BY r.ref_sale_id",
    )?;
    let mut rows = rev.query([code])?;
    while let Some(r) = rows.next()? {
        let id: Option<i64> = r.get(0)?;
        if let Some(d) = out.iter_mut().find(|d| Some(d.sale_id) == id) {
            d.reversed = Vnd(r.get(1)?);
        }
    }
    let mut paid = conn.prepare_cached(
        "SELECT a.sale_id, sum(a.amount) FROM debt_allocations a JOIN debt_payments d ON d.id = a.payment_id
         WHERE d.customer_id = ?1 GROUP BY a.sale_id",
    )?;
    let mut rows = paid.query([customer_id])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if let Some(d) = out.iter_mut().find(|d| d.sale_id == id) {
            d.paid = Vnd(r.get(1)?);
        }
    }
    for d in &mut out {
        d.outstanding = Vnd((d.debt.0 + d.reversed.0 - d.paid.0).max(0));
    }
    Ok(out)
}

fn read_payment(r: &rusqlite::Row<'_>) -> rusqlite::Result<DebtPayment> {
    let id: i64 = r.get(0)?;
    let (ts, date, method): (String, String, String) = (r.get(3)?, r.get(4)?, r.get(5)?);
    Ok(DebtPayment {
        id,
        number: payment_number(id),
        uuid: r.get(1)?,
        customer_code: crate::customers::code(r.get(2)?),
        ts: super::stored_stamp(3, "debt_payments.ts", &ts)?,
        business_date: super::stored_date(4, "debt_payments.business_date", &date)?,
        method: super::stored_method(5, "debt_payments.method", &method)?,
        amount: Vnd(r.get(6)?),
        reference: r.get(7)?,
        user: r.get(8)?,
        settles: Vec::new(),
    })
}

const SELECT_PAYMENT: &str =
    "SELECT id, uuid, customer_id, ts, business_date, method, amount, reference, user FROM debt_payments";

impl Store {
    /// The customer's debt sales (oldest first) with what is still owed.
    pub fn debt_sales(&self, customer_id: i64) -> Result<Vec<DebtSale>> {
        debt_sales(&self.conn, &crate::customers::code(customer_id), customer_id).map_err(|e| self.err(e))
    }

    /// What the customer owes now.
    pub fn debt_balance(&self, customer_id: i64) -> Result<Vnd> {
        Ok(self.debt_sales(customer_id)?.iter().map(|d| d.outstanding).sum())
    }

    /// What is still owed on one sale's debt part (zero for a sale without
    /// one).
    pub fn sale_debt_outstanding(&self, sale_id: i64) -> Result<Option<(String, Vnd)>> {
        let code: Option<String> = rusqlite::OptionalExtension::optional(self.conn.query_row(
            "SELECT reference FROM payments WHERE sale_id = ?1 AND method = 'debt' LIMIT 1",
            [sale_id],
            |r| r.get(0),
        ))
        .map_err(|e| self.err(e))?
        .flatten();
        let Some(code) = code else { return Ok(None) };
        let Some(id) = crate::customers::parse_code(&code) else {
            return Ok(None);
        };
        let left = self
            .debt_sales(id)?
            .into_iter()
            .find(|d| d.sale_id == sale_id)
            .map_or(Vnd::ZERO, |d| d.outstanding);
        Ok(Some((code, left)))
    }

    /// Record a later payment: refused when it is not above zero or larger
    /// than the balance; allocated to the oldest debt sales; a cash payment
    /// also goes into the open cash session's drawer as a cash move. One
    /// transaction. A retried payment with the same uuid returns the first.
    pub fn record_debt_payment(&mut self, p: &NewDebtPayment) -> Result<DebtPayment> {
        if let Some(done) = self.debt_payment_by_uuid(&p.uuid)? {
            return Ok(done);
        }
        let path = self.path.clone();
        let tx = self.begin()?;
        let code = crate::customers::code(p.customer_id);
        let sales = debt_sales(&tx, &code, p.customer_id).map_err(|e| sql_err(&path, e))?;
        let balance: Vnd = sales.iter().map(|d| d.outstanding).sum();
        crate::customers::check_payment(p.amount, balance)?;
        let owed: Vec<(i64, Vnd)> = sales.iter().map(|d| (d.sale_id, d.outstanding)).collect();
        let parts = crate::customers::allocate(p.amount, &owed);
        let now = tx.now();
        tx.execute(
            "INSERT INTO debt_payments (uuid, customer_id, ts, business_date, method, amount, reference, user)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                p.uuid,
                p.customer_id,
                now.to_rfc3339(),
                now.date_naive().to_string(),
                p.method.code(),
                p.amount.0,
                p.reference,
                p.user
            ],
        )
        .map_err(|e| sql_err(&path, e))?;
        let id = tx.last_insert_rowid();
        for (sale_id, part) in &parts {
            tx.execute(
                "INSERT INTO debt_allocations (payment_id, sale_id, amount) VALUES (?1, ?2, ?3)",
                params![id, sale_id, part.0],
            )
            .map_err(|e| sql_err(&path, e))?;
        }
        let number = payment_number(id);
        if p.method == Method::Cash {
            let session: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
                "SELECT id FROM cash_sessions WHERE closed_at IS NULL",
                [],
                |r| r.get(0),
            ))
            .map_err(|e| sql_err(&path, e))?;
            if let Some(sid) = session {
                tx.execute(
                    "INSERT INTO cash_moves (session_id, ts, user_name, amount, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        sid,
                        now.to_rfc3339(),
                        p.user,
                        p.amount.0,
                        format!("thu nợ {code} {number}")
                    ],
                )
                .map_err(|e| sql_err(&path, e))?;
            }
        }
        let details = serde_json::json!({
            "number": number, "method": p.method.code(), "amount": p.amount.0,
            "settles": parts.iter().map(|(s, a)| [*s, a.0]).collect::<Vec<_>>(),
        })
        .to_string();
        audit::append(&tx, &path, &p.user, "debt.pay", &format!("customer:{code}"), &details)?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        self.debt_payment_by_uuid(&p.uuid)?
            .ok_or_else(|| StoreError::Refused(msg!("không đọc lại được khoản trả", "cannot read the payment back")))
    }

    fn with_settles(&self, mut p: DebtPayment) -> Result<DebtPayment> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.number, a.amount FROM debt_allocations a JOIN sales s ON s.id = a.sale_id
                 WHERE a.payment_id = ?1 ORDER BY s.id",
            )
            .map_err(|e| self.err(e))?;
        p.settles = stmt
            .query_map([p.id], |r| Ok((r.get(0)?, Vnd(r.get(1)?))))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(p)
    }

    fn debt_payment_by_uuid(&self, uuid: &str) -> Result<Option<DebtPayment>> {
        let p = rusqlite::OptionalExtension::optional(self.conn.query_row(
            &format!("{SELECT_PAYMENT} WHERE uuid = ?1"),
            [uuid],
            read_payment,
        ))
        .map_err(|e| self.err(e))?;
        p.map(|p| self.with_settles(p)).transpose()
    }

    /// The customer's later payments, oldest first.
    pub fn debt_payments(&self, customer_id: i64) -> Result<Vec<DebtPayment>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_PAYMENT} WHERE customer_id = ?1 ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([customer_id], read_payment)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter().map(|p| self.with_settles(p)).collect()
    }

    /// Debt payments received on business dates in `[from, to]`:
    /// (user, method, amount) rows, for the cashiers' summary.
    pub fn debt_payments_between(&self, from: &str, to: &str) -> Result<Vec<(String, Method, Vnd)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT user, method, amount FROM debt_payments WHERE business_date BETWEEN ?1 AND ?2 ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                let method: String = r.get(1)?;
                Ok((
                    r.get(0)?,
                    super::stored_method(1, "debt_payments.method", &method)?,
                    Vnd(r.get(2)?),
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Ids of customers who ever bought on debt.
    pub fn debtor_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT reference FROM payments WHERE method = 'debt' AND reference IS NOT NULL")
            .map_err(|e| self.err(e))?;
        let codes = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        let mut ids: Vec<i64> = codes.iter().filter_map(|c| crate::customers::parse_code(c)).collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// For the debt sales with a business date in `[from, to]`: what later
    /// payments paid off them by method, and the debt part of their
    /// reversals. Sales without debt are absent.
    pub fn debt_of_sales(&self, from: &str, to: &str) -> Result<HashMap<i64, DebtOfSale>> {
        let mut out: HashMap<i64, DebtOfSale> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.sale_id, d.method, sum(a.amount) FROM debt_allocations a
                 JOIN debt_payments d ON d.id = a.payment_id JOIN sales s ON s.id = a.sale_id
                 WHERE s.business_date BETWEEN ?1 AND ?2 GROUP BY a.sale_id, d.method ORDER BY a.sale_id, d.method",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query(params![from, to]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            let m: String = r.get(1).map_err(|e| self.err(e))?;
            let a: i64 = r.get(2).map_err(|e| self.err(e))?;
            out.entry(id).or_default().paid.push((m, a));
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT o.id, sum(p.amount) FROM payments p JOIN sales r ON r.id = p.sale_id
                 JOIN sales o ON o.id = r.ref_sale_id
                 WHERE p.method = 'debt' AND r.kind <> 'sale' AND o.business_date BETWEEN ?1 AND ?2 GROUP BY o.id",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query(params![from, to]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            let a: i64 = r.get(1).map_err(|e| self.err(e))?;
            out.entry(id).or_default().reversed = a;
        }
        Ok(out)
    }
}
