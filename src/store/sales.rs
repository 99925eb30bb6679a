//! Sales persistence: one `BEGIN IMMEDIATE` transaction writes the document,
//! its lines, payments, VAT lines, stock moves, a queued receipt job and the
//! audit row. Committed rows are never updated or deleted (triggers refuse).

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, audit, sql_err};
use crate::catalog::VatRate;
use crate::checkout::Discount;
use crate::money::Vnd;
use crate::msg;
use crate::sales::{LineRecord, NewSale, PaymentRecord, SaleKind, SaleRecord, SaleSummary, VatRecord, format_number};

/// What a commit returns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Committed {
    pub id: i64,
    pub number: i64,
    pub ts: String,
    pub business_date: String,
    pub session_id: i64,
    /// The queued receipt job.
    pub print_job: i64,
    /// True when this uuid had already been committed (a retried commit).
    pub already: bool,
}

impl Store {
    /// Reserve the next sale number for a cart about to be paid (so the
    /// VietQR purpose can carry it). An abandoned reservation leaves a gap
    /// in sale numbers; invoice numbers (gap-free) are separate.
    pub fn reserve_sale_number(&mut self, uuid: &str) -> Result<i64> {
        let path = self.path.clone();
        let tx = self.begin()?;
        if let Some(n) = tx
            .query_row(
                "SELECT number FROM sale_number_reservations WHERE uuid = ?1",
                [uuid],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| sql_err(&path, e))?
        {
            return Ok(n);
        }
        let n = next_number(&tx).map_err(|e| sql_err(&path, e))?;
        tx.execute(
            "INSERT INTO sale_number_reservations (number, uuid, reserved_at) VALUES (?1, ?2, ?3)",
            params![n, uuid, tx.now_rfc3339()],
        )
        .map_err(|e| sql_err(&path, e))?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok(n)
    }

    /// Commit a document. Everything or nothing.
    pub fn commit_sale(&mut self, s: &NewSale) -> Result<Committed> {
        let path = self.path.clone();
        let marks = self.marks_beside();
        let tx = self.begin()?;
        let e = |e| sql_err(&path, e);
        // A retried commit of the same cart returns the first result.
        if let Some((id, number, ts, date, session)) = tx
            .query_row(
                "SELECT id, number, ts, business_date, session_id FROM sales WHERE uuid = ?1",
                [&s.uuid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(e)?
        {
            return Ok(Committed {
                id,
                number,
                ts,
                business_date: date,
                session_id: session,
                print_job: 0,
                already: true,
            });
        }
        if s.kind != SaleKind::Sale {
            check_returnable(&tx, s).map_err(|err| err.into_store(&path))?;
        }
        // Never hand out a number the mark beside the file says was issued.
        if let Some(m) = &marks {
            let raised = super::backup::raise_counters(&tx, m).map_err(e)?;
            if !raised.is_empty() {
                let details = serde_json::json!({ "raised": raised }).to_string();
                audit::append(&tx, &path, &s.user, "numbering.raised", "counters", &details)?;
            }
        }
        let session_id = match open_session_id(&tx).map_err(e)? {
            Some(id) => id,
            None => {
                // Selling without opening the drawer first: open with no float.
                let id = insert_session(&tx, &s.user, 0).map_err(e)?;
                audit::append(
                    &tx,
                    &path,
                    &s.user,
                    "session.open",
                    &format!("session:{id}"),
                    "{\"float\":0,\"auto\":true}",
                )?;
                id
            }
        };
        let reserved: Option<i64> = tx
            .query_row(
                "SELECT number FROM sale_number_reservations WHERE uuid = ?1",
                [&s.uuid],
                |r| r.get(0),
            )
            .optional()
            .map_err(e)?;
        let number = match reserved {
            Some(n) => n,
            None => next_number(&tx).map_err(e)?,
        };
        let now = tx.now();
        let ts = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        let date = now.date_naive().to_string();
        // Reports scan sales by rowid ranges while dates only go forward;
        // a clock set back is remembered so they scan the safe way.
        let last: Option<String> = tx
            .query_row("SELECT business_date FROM sales ORDER BY id DESC LIMIT 1", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(e)?;
        if last.is_some_and(|l| l > date) {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('dates_out_of_order', '1')",
                [],
            )
            .map_err(e)?;
        }
        tx.execute(
            "INSERT INTO sales (uuid, number, kind, ref_sale_id, session_id, ts, business_date, user_name,
                                approved_by, tax_method, subtotal, discount, total, change, cart_discount, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                s.uuid,
                number,
                s.kind.code(),
                s.ref_sale_id,
                session_id,
                ts,
                date,
                s.user,
                s.approved_by,
                s.tax_method.code(),
                s.subtotal.0,
                s.discount.0,
                s.total.0,
                s.change.0,
                s.cart_discount.map(|d| serde_json::to_string(&d).unwrap_or_default()),
                s.note,
            ],
        )
        .map_err(e)?;
        let sale_id = tx.last_insert_rowid();
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, unit, unit_price, qty_milli,
                        vat_rate, gross, line_discount, cart_discount, net, discount, ref_line_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                )
                .map_err(e)?;
            for (i, l) in s.lines.iter().enumerate() {
                ins.execute(params![
                    sale_id,
                    i as i64 + 1,
                    l.line.product_id,
                    l.line.sku,
                    l.line.name,
                    l.line.unit,
                    l.line.unit_price.0,
                    l.line.qty_milli,
                    l.line.vat.code(),
                    l.priced.gross.0,
                    l.priced.line_discount.0,
                    l.priced.cart_discount.0,
                    l.priced.net.0,
                    l.line.discount.map(|d| serde_json::to_string(&d).unwrap_or_default()),
                    l.ref_line_id,
                ])
                .map_err(e)?;
                // Stock (packs in base units), the stock move and the line's cost.
                super::stock::record_sale_line_stock(
                    &tx,
                    tx.last_insert_rowid(),
                    l.line.product_id,
                    l.line.qty_milli,
                    sale_id,
                    s.kind.code(),
                    &ts,
                    l.ref_line_id,
                )
                .map_err(e)?;
            }
            let mut pay = tx
                .prepare_cached(
                    "INSERT INTO payments (sale_id, method, amount, tendered, reference, confirmed_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(e)?;
            for p in &s.payments {
                pay.execute(params![
                    sale_id,
                    p.payment.method.code(),
                    p.payment.amount.0,
                    p.payment.tendered.0,
                    p.payment.reference,
                    p.confirmed_by,
                ])
                .map_err(e)?;
            }
            let mut vat = tx
                .prepare_cached(
                    "INSERT INTO tax_lines (sale_id, rate, total, pre_tax, tax) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(e)?;
            for v in &s.vat {
                vat.execute(params![sale_id, v.rate.code(), v.total.0, v.pre_tax.0, v.tax.0])
                    .map_err(e)?;
            }
        }
        let invoice = super::invoices::issue(&tx, &path, s, sale_id, &now)?;
        tx.execute(
            "INSERT INTO print_jobs (sale_id, kind, status, created_at, updated_at) VALUES (?1, 'receipt', 'queued', ?2, ?2)",
            params![sale_id, ts],
        )
        .map_err(e)?;
        let print_job = tx.last_insert_rowid();
        let details = serde_json::json!({
            "number": number,
            "uuid": s.uuid,
            "total": s.total,
            "lines": s.lines.len(),
            "payments": s.payments.iter().map(|p| serde_json::json!({
                "method": p.payment.method.code(),
                "amount": p.payment.amount,
                "confirmed_by": p.confirmed_by,
            })).collect::<Vec<_>>(),
            "approved_by": s.approved_by,
            "ref_sale_id": s.ref_sale_id,
            "invoice": invoice,
        })
        .to_string();
        let mut docs = vec![format!("sale:{number}")];
        docs.extend(audit::invoice_doc_of_sale(&tx, sale_id).map_err(e)?);
        audit::append_docs(
            &tx,
            &path,
            &s.user,
            &format!("sale.{}", s.kind.code()),
            &format!("sale:{number}"),
            &details,
            &docs,
        )?;
        super::pause_before_commit();
        tx.commit().map_err(e)?;
        // The high-water mark of issued numbers, outside the file.
        self.record_marks();
        Ok(Committed {
            id: sale_id,
            number,
            ts,
            business_date: date,
            session_id,
            print_job,
            already: false,
        })
    }

    /// A document with its lines (and what was returned of each), payments
    /// and VAT lines.
    pub fn sale_by_number(&self, number: i64) -> Result<Option<SaleRecord>> {
        let head = self
            .conn
            .query_row(
                "SELECT s.id, s.uuid, s.number, s.kind, r.number, s.session_id, s.ts, s.business_date,
                        s.user_name, s.approved_by, s.tax_method, s.subtotal, s.discount, s.total, s.change
                 FROM sales s LEFT JOIN sales r ON r.id = s.ref_sale_id WHERE s.number = ?1",
                [number],
                |r| {
                    let kind: String = r.get(3)?;
                    let (ts, date, tax): (String, String, String) = (r.get(6)?, r.get(7)?, r.get(10)?);
                    Ok(SaleRecord {
                        id: r.get(0)?,
                        uuid: r.get(1)?,
                        number: r.get(2)?,
                        kind: stored_kind(3, "sales.kind", &kind)?,
                        ref_number: r.get(4)?,
                        session_id: r.get(5)?,
                        ts: super::stored_stamp(6, "sales.ts", &ts)?,
                        business_date: super::stored_date(7, "sales.business_date", &date)?,
                        user: r.get(8)?,
                        approved_by: r.get(9)?,
                        tax_method: crate::shop::TaxMethod::from_code(&tax)
                            .ok_or_else(|| super::bad_value(10, "sales.tax_method", &tax, "direct or deduction"))?,
                        subtotal: Vnd(r.get(11)?),
                        discount: Vnd(r.get(12)?),
                        total: Vnd(r.get(13)?),
                        change: Vnd(r.get(14)?),
                        lines: Vec::new(),
                        payments: Vec::new(),
                        vat: Vec::new(),
                        reversed_by: Vec::new(),
                        invoice: None,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some(mut s) = head else { return Ok(None) };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT l.id, l.line_no, l.product_id, l.sku, l.name, l.unit, l.unit_price, l.qty_milli, l.vat_rate,
                        l.gross, l.line_discount, l.cart_discount, l.net, l.discount, l.ref_line_id,
                        COALESCE((SELECT -SUM(x.qty_milli) FROM sale_lines x WHERE x.ref_line_id = l.id), 0)
                 FROM sale_lines l WHERE l.sale_id = ?1 ORDER BY l.line_no",
            )
            .map_err(|e| self.err(e))?;
        s.lines = stmt
            .query_map([s.id], |r| {
                let vat: String = r.get(8)?;
                let disc: Option<String> = r.get(13)?;
                Ok(LineRecord {
                    id: r.get(0)?,
                    line_no: r.get(1)?,
                    product_id: r.get(2)?,
                    sku: r.get(3)?,
                    name: r.get(4)?,
                    unit: r.get(5)?,
                    unit_price: Vnd(r.get(6)?),
                    qty_milli: r.get(7)?,
                    vat_rate: super::stored_vat(8, "sale_lines.vat_rate", &vat)?,
                    gross: Vnd(r.get(9)?),
                    line_discount: Vnd(r.get(10)?),
                    cart_discount: Vnd(r.get(11)?),
                    net: Vnd(r.get(12)?),
                    discount: super::stored_json::<Discount>(13, "sale_lines.discount", disc, "a line discount")?,
                    ref_line_id: r.get(14)?,
                    returned_milli: r.get(15)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT method, amount, tendered, reference, confirmed_by FROM payments WHERE sale_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        s.payments = stmt
            .query_map([s.id], |r| {
                let method: String = r.get(0)?;
                Ok(PaymentRecord {
                    method: super::stored_method(0, "payments.method", &method)?,
                    amount: Vnd(r.get(1)?),
                    tendered: Vnd(r.get(2)?),
                    reference: r.get(3)?,
                    confirmed_by: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rate, total, pre_tax, tax FROM tax_lines WHERE sale_id = ?1")
            .map_err(|e| self.err(e))?;
        let mut vat: Vec<VatRecord> = stmt
            .query_map([s.id], |r| {
                Ok(VatRecord {
                    rate: r.get(0)?,
                    total: Vnd(r.get(1)?),
                    pre_tax: Vnd(r.get(2)?),
                    tax: Vnd(r.get(3)?),
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        vat.sort_by_key(|v| VatRate::ALL.iter().position(|r| r.code() == v.rate));
        s.vat = vat;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT number FROM sales WHERE ref_sale_id = ?1 ORDER BY number")
            .map_err(|e| self.err(e))?;
        s.reversed_by = stmt
            .query_map([s.id], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        s.invoice = self.invoice_of_sale(s.id)?;
        Ok(Some(s))
    }

    /// Documents between two business dates (inclusive), newest first.
    pub fn list_sales(&self, from: &str, to: &str, limit: i64) -> Result<Vec<SaleSummary>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.number, s.kind, s.ts, s.user_name, s.total,
                        (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id),
                        COALESCE((SELECT group_concat(method, '+') FROM payments p WHERE p.sale_id = s.id), '')
                 FROM sales s WHERE s.business_date BETWEEN ?1 AND ?2
                 ORDER BY s.number DESC LIMIT ?3",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![from, to, limit], |r| {
                let (kind, ts, methods): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(6)?);
                Ok(SaleSummary {
                    number: r.get(0)?,
                    kind: stored_kind(1, "sales.kind", &kind)?,
                    ts: super::stored_stamp(2, "sales.ts", &ts)?,
                    user: r.get(3)?,
                    total: Vnd(r.get(4)?),
                    lines: r.get(5)?,
                    methods: methods
                        .split('+')
                        .filter(|m| !m.is_empty())
                        .map(|m| super::stored_method(6, "payments.method", m))
                        .collect::<rusqlite::Result<_>>()?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The most recent document number, if any.
    pub fn last_sale_number(&self) -> Result<Option<i64>> {
        self.conn
            .query_row("SELECT max(number) FROM sales", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Count of documents (for tests and the status line).
    pub fn sale_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM sales", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

/// A stored document kind; an unknown one is a damaged row.
fn stored_kind(idx: usize, column: &'static str, code: &str) -> rusqlite::Result<SaleKind> {
    SaleKind::from_code(code).ok_or_else(|| super::bad_value(idx, column, code, "sale, void or refund"))
}

fn next_number(tx: &Transaction<'_>) -> rusqlite::Result<i64> {
    tx.query_row(
        "SELECT max(COALESCE((SELECT max(number) FROM sales), 0),
                    COALESCE((SELECT max(number) FROM sale_number_reservations), 0)) + 1",
        [],
        |r| r.get(0),
    )
}

pub(super) fn open_session_id(tx: &Transaction<'_>) -> rusqlite::Result<Option<i64>> {
    tx.query_row("SELECT id FROM cash_sessions WHERE closed_at IS NULL", [], |r| r.get(0))
        .optional()
}

pub(super) fn insert_session(tx: &super::Tx<'_>, user: &str, float: i64) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO cash_sessions (opened_at, opened_by, opening_float) VALUES (?1, ?2, ?3)",
        params![tx.now_rfc3339(), user, float],
    )?;
    Ok(tx.last_insert_rowid())
}

enum ReturnCheck {
    Sql(rusqlite::Error),
    Refused(crate::i18n::Msg),
}

impl ReturnCheck {
    fn into_store(self, path: &std::path::Path) -> StoreError {
        match self {
            ReturnCheck::Sql(e) => sql_err(path, e),
            ReturnCheck::Refused(m) => StoreError::Refused(m),
        }
    }
}

impl From<rusqlite::Error> for ReturnCheck {
    fn from(e: rusqlite::Error) -> Self {
        ReturnCheck::Sql(e)
    }
}

/// Inside the transaction: a void or refund must reference a sale, return
/// no more than is left of each line, and a void must be whole.
fn check_returnable(tx: &Transaction<'_>, s: &NewSale) -> std::result::Result<(), ReturnCheck> {
    let Some(orig) = s.ref_sale_id else {
        return Err(ReturnCheck::Refused(msg!(
            "hủy đơn/trả hàng phải tham chiếu một đơn bán",
            "a void or refund must reference a sale"
        )));
    };
    let (kind, number): (String, i64) = tx.query_row("SELECT kind, number FROM sales WHERE id = ?1", [orig], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    let shown = format_number(number);
    if kind != "sale" {
        return Err(ReturnCheck::Refused(msg!(
            "chứng từ {shown} không phải đơn bán: không hủy/trả được",
            "document {shown} is not a sale: it cannot be voided or refunded"
        )));
    }
    let earlier: i64 = tx.query_row("SELECT count(*) FROM sales WHERE ref_sale_id = ?1", [orig], |r| {
        r.get(0)
    })?;
    if s.kind == SaleKind::Void && earlier > 0 {
        return Err(ReturnCheck::Refused(msg!(
            "đơn {shown} đã được hủy hoặc trả hàng trước đó: không hủy lại được",
            "sale {shown} was already voided or refunded: it cannot be voided"
        )));
    }
    let mut stmt = tx.prepare_cached(
        "SELECT l.qty_milli, l.name,
                COALESCE((SELECT -SUM(x.qty_milli) FROM sale_lines x WHERE x.ref_line_id = l.id), 0)
         FROM sale_lines l WHERE l.id = ?1 AND l.sale_id = ?2",
    )?;
    for l in &s.lines {
        let Some(line_id) = l.ref_line_id else {
            return Err(ReturnCheck::Refused(msg!(
                "mỗi dòng trả hàng phải tham chiếu dòng của đơn gốc",
                "each returned line must reference a line of the original sale"
            )));
        };
        let (sold, name, returned): (i64, String, i64) = stmt
            .query_row(params![line_id, orig], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or_else(|| {
                ReturnCheck::Refused(msg!(
                    "dòng trả hàng không thuộc đơn {shown}",
                    "a returned line does not belong to sale {shown}"
                ))
            })?;
        let want = -l.line.qty_milli;
        let left = sold - returned;
        if want <= 0 || want > left {
            let (w, lf) = (crate::catalog::format_qty(want), crate::catalog::format_qty(left));
            return Err(ReturnCheck::Refused(msg!(
                "«{name}»: trả {w} nhưng chỉ còn {lf} có thể trả",
                "«{name}»: returning {w} but only {lf} can still be returned"
            )));
        }
    }
    Ok(())
}
