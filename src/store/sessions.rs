//! Cash sessions (drawer shifts), cash moves and the X/Z report figures.

use rusqlite::{OptionalExtension, params};

use super::sales::{insert_session, open_session_id};
use super::{Result, Store, StoreError, audit, sql_err};
use crate::checkout::tender::Method;
use crate::money::Vnd;
use crate::msg;
use crate::sales::VatRecord;
use chrono::{DateTime, FixedOffset};

/// A cash session (drawer shift) as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Session {
    pub id: i64,
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub opened_at: DateTime<FixedOffset>,
    pub opened_by: String,
    pub opening_float: Vnd,
    #[serde(serialize_with = "crate::time::ser::opt_stamp")]
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub z_number: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CashMove {
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub ts: DateTime<FixedOffset>,
    pub user: String,
    pub amount: Vnd,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MethodTotal {
    #[serde(serialize_with = "Method::serialize_code")]
    pub method: Method,
    /// Documents with a payment by this method.
    pub count: i64,
    pub amount: Vnd,
}

/// Raw figures of one session, for the X and Z reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SessionFigures {
    pub session: Session,
    pub sales_count: i64,
    pub sales_total: Vnd,
    pub discounts: Vnd,
    /// Sales with at least one non-cash payment.
    pub cashless_sales_count: i64,
    pub refunds_count: i64,
    /// Negative: money given back.
    pub refunds_total: Vnd,
    pub voids_count: i64,
    pub voids_total: Vnd,
    pub by_method: Vec<MethodTotal>,
    pub vat: Vec<VatRecord>,
    pub moves: Vec<CashMove>,
    /// The audit chain head when the figures were read (for a Z report:
    /// inside the closing transaction, just before its own audit row).
    pub audit_head: super::AuditHead,
}

impl Store {
    // ---- cash sessions ---------------------------------------------------

    pub fn current_session(&self) -> Result<Option<Session>> {
        self.conn
            .query_row(
                "SELECT id, opened_at, opened_by, opening_float, closed_at, z_number FROM cash_sessions WHERE closed_at IS NULL",
                [],
                read_session,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The ids of the sales (not voids or refunds) of a cash session.
    pub fn session_sale_ids(&self, session_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM sales WHERE session_id = ?1 AND kind = 'sale' ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([session_id], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The float the last session opened with (the shop's usual float), 0
    /// before the first session.
    pub fn usual_float(&self) -> Result<Vnd> {
        self.conn
            .query_row(
                "SELECT coalesce((SELECT opening_float FROM cash_sessions ORDER BY id DESC LIMIT 1), 0)",
                [],
                |r| r.get(0),
            )
            .map(Vnd)
            .map_err(|e| self.err(e))
    }

    pub fn open_session(&mut self, float: Vnd, user: &str) -> Result<Session> {
        let path = self.path.clone();
        let tx = self.begin()?;
        if open_session_id(&tx).map_err(|e| sql_err(&path, e))?.is_some() {
            return Err(StoreError::Refused(msg!(
                "ca bán hàng đang mở: hãy chốt ca (báo cáo Z) trước khi mở ca mới",
                "a cash session is already open: close it (Z report) before opening another"
            )));
        }
        if float.0 < 0 {
            return Err(StoreError::Refused(msg!(
                "tiền đầu ca không được âm",
                "the float cannot be negative"
            )));
        }
        let id = insert_session(&tx, user, float.0).map_err(|e| sql_err(&path, e))?;
        audit::append(
            &tx,
            &path,
            user,
            "session.open",
            &format!("session:{id}"),
            &format!("{{\"float\":{}}}", float.0),
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        self.current_session()?
            .ok_or_else(|| StoreError::Refused(msg!("không mở được ca", "could not open the session")))
    }

    /// Cash in (positive) or out (negative) of the drawer, with a reason.
    pub fn cash_move(&mut self, amount: Vnd, reason: &str, user: &str) -> Result<()> {
        crate::text::check_clean("reason", reason)?;
        if amount.0 == 0 || reason.trim().is_empty() {
            return Err(StoreError::Refused(msg!(
                "cần số tiền khác 0 và lý do",
                "an amount other than zero and a reason are needed"
            )));
        }
        let path = self.path.clone();
        let tx = self.begin()?;
        let id = match open_session_id(&tx).map_err(|e| sql_err(&path, e))? {
            Some(id) => id,
            None => {
                return Err(StoreError::Refused(msg!(
                    "chưa mở ca: hãy mở ca trước (quay session open)",
                    "no open session: open one first (quay session open)"
                )));
            }
        };
        tx.execute(
            "INSERT INTO cash_moves (session_id, ts, user_name, amount, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, tx.now_rfc3339(), user, amount.0, reason.trim()],
        )
        .map_err(|e| sql_err(&path, e))?;
        let details = serde_json::json!({ "amount": amount, "reason": reason.trim() }).to_string();
        audit::append(&tx, &path, user, "cash.move", &format!("session:{id}"), &details)?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    pub fn session(&self, id: i64) -> Result<Option<Session>> {
        self.conn
            .query_row(
                "SELECT id, opened_at, opened_by, opening_float, closed_at, z_number FROM cash_sessions WHERE id = ?1",
                [id],
                read_session,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Everything the X and Z reports need about one session.
    pub fn session_figures(&self, id: i64) -> Result<SessionFigures> {
        figures(&self.conn, id).map_err(|e| match e {
            Figures::Sql(e) => self.err(e),
            Figures::NoSession => StoreError::Refused(msg!("không có ca {id}", "no session {id}")),
        })
    }

    /// Close the open session in one transaction: the figures are read
    /// inside it, `build(figures, z_number, closed_at)` makes the report
    /// JSON, and the report is frozen with the session. Returns the Z number.
    pub fn close_session(
        &mut self,
        id: i64,
        counted: Vnd,
        user: &str,
        build: impl FnOnce(&SessionFigures, i64, &str) -> String,
    ) -> Result<i64> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let e = |e| sql_err(&path, e);
        let open: Option<i64> = open_session_id(&tx).map_err(e)?;
        if open != Some(id) {
            return Err(StoreError::Refused(msg!(
                "ca {id} không phải ca đang mở (có thể máy khác vừa chốt ca)",
                "session {id} is not the open one (another till may have just closed it)"
            )));
        }
        let z: i64 = tx
            .query_row("SELECT COALESCE(max(z_number), 0) + 1 FROM cash_sessions", [], |r| {
                r.get(0)
            })
            .map_err(e)?;
        let f = figures(&tx, id).map_err(|err| match err {
            Figures::Sql(x) => sql_err(&path, x),
            Figures::NoSession => StoreError::Refused(msg!("không có ca {id}", "no session {id}")),
        })?;
        let closed_at = tx.now_rfc3339();
        let json = build(&f, z, &closed_at);
        tx.execute(
            "UPDATE cash_sessions SET closed_at = ?1, closed_by = ?2, counted_cash = ?3, z_number = ?4, z_report = ?5 WHERE id = ?6",
            params![closed_at, user, counted.0, z, json, id],
        )
        .map_err(e)?;
        audit::append_docs(
            &tx,
            &path,
            user,
            "session.close",
            &format!("session:{id}"),
            &format!("{{\"z\":{z},\"counted\":{}}}", counted.0),
            &[format!("z:{z}")],
        )?;
        tx.commit().map_err(e)?;
        Ok(z)
    }

    /// Frozen Z reports (JSON) closed on a business date (Vietnam time), in order.
    pub fn z_reports_on(&self, date: &str) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT z_number, z_report FROM cash_sessions WHERE z_number IS NOT NULL AND substr(closed_at, 1, 10) = ?1 ORDER BY z_number")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([date], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}

fn read_session(r: &rusqlite::Row<'_>) -> rusqlite::Result<Session> {
    let closed_at: Option<String> = r.get(4)?;
    Ok(Session {
        id: r.get(0)?,
        opened_at: super::stored_stamp(1, "cash_sessions.opened_at", &r.get::<_, String>(1)?)?,
        opened_by: r.get(2)?,
        opening_float: Vnd(r.get(3)?),
        closed_at: closed_at
            .map(|t| super::stored_stamp(4, "cash_sessions.closed_at", &t))
            .transpose()?,
        z_number: r.get(5)?,
    })
}

enum Figures {
    Sql(rusqlite::Error),
    NoSession,
}

impl From<rusqlite::Error> for Figures {
    fn from(e: rusqlite::Error) -> Self {
        Figures::Sql(e)
    }
}

fn figures(conn: &rusqlite::Connection, id: i64) -> std::result::Result<SessionFigures, Figures> {
    let session = conn
        .query_row(
            "SELECT id, opened_at, opened_by, opening_float, closed_at, z_number FROM cash_sessions WHERE id = ?1",
            [id],
            read_session,
        )
        .optional()?
        .ok_or(Figures::NoSession)?;
    let kind_totals = |kind: &str| -> rusqlite::Result<(i64, i64, i64)> {
        conn
            .query_row(
                "SELECT count(*), COALESCE(sum(total), 0), COALESCE(sum(discount), 0) FROM sales WHERE session_id = ?1 AND kind = ?2",
                params![id, kind],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
    };
    let (sales_count, sales_total, discounts) = kind_totals("sale")?;
    let (refunds_count, refunds_total, _) = kind_totals("refund")?;
    let (voids_count, voids_total, _) = kind_totals("void")?;
    let cashless_sales_count: i64 = conn.query_row(
        "SELECT count(*) FROM sales s WHERE s.session_id = ?1 AND s.kind = 'sale'
               AND EXISTS (SELECT 1 FROM payments p WHERE p.sale_id = s.id AND p.method <> 'cash')",
        [id],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT p.method, count(DISTINCT p.sale_id), sum(p.amount) FROM payments p
             JOIN sales s ON s.id = p.sale_id WHERE s.session_id = ?1 GROUP BY p.method ORDER BY p.method",
    )?;
    let by_method = stmt
        .query_map([id], |r| {
            let method: String = r.get(0)?;
            Ok(MethodTotal {
                method: super::stored_method(0, "payments.method", &method)?,
                count: r.get(1)?,
                amount: Vnd(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT t.rate, sum(t.total), sum(t.pre_tax), sum(t.tax) FROM tax_lines t
             JOIN sales s ON s.id = t.sale_id WHERE s.session_id = ?1 GROUP BY t.rate",
    )?;
    let mut vat: Vec<VatRecord> = stmt
        .query_map([id], |r| {
            Ok(VatRecord {
                rate: r.get(0)?,
                total: Vnd(r.get(1)?),
                pre_tax: Vnd(r.get(2)?),
                tax: Vnd(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    vat.sort_by_key(|v| crate::catalog::VatRate::ALL.iter().position(|r| r.code() == v.rate));
    let mut stmt =
        conn.prepare("SELECT ts, user_name, amount, reason FROM cash_moves WHERE session_id = ?1 ORDER BY id")?;
    let moves = stmt
        .query_map([id], |r| {
            Ok(CashMove {
                ts: super::stored_stamp(0, "cash_moves.ts", &r.get::<_, String>(0)?)?,
                user: r.get(1)?,
                amount: Vnd(r.get(2)?),
                reason: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(SessionFigures {
        session,
        sales_count,
        sales_total: Vnd(sales_total),
        discounts: Vnd(discounts),
        cashless_sales_count,
        refunds_count,
        refunds_total: Vnd(refunds_total),
        voids_count,
        voids_total: Vnd(voids_total),
        by_method,
        vat,
        moves,
        audit_head: super::audit::head(conn)?,
    })
}
