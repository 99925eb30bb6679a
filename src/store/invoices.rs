//! E-invoice persistence: numbers allocated inside the sale's transaction
//! (consecutive per form and symbol, from 1 each year; the cash-register
//! sequence per block, never reused), the exact XML bytes with their
//! SHA-256, and the invoice's status (issued → batched → sent → accepted or
//! rejected), which is the only thing that changes afterwards.

use chrono::{DateTime, Datelike, FixedOffset};
use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::{Result, Store, StoreError, sql_err};
use crate::einvoice::xml::{InvLine, InvVat, InvoiceDoc};
use crate::einvoice::{self, InvoiceKind, InvoiceStatus, Related};
use crate::money::Vnd;
use crate::msg;
use crate::sales::{InvoiceRecord, NewSale};

/// Issue the invoice of a document being written in `tx`. Returns `None`
/// when the document carries none (no plan, or an adjustment of a sale that
/// had no invoice).
pub(super) fn issue(
    tx: &Transaction<'_>,
    path: &std::path::Path,
    s: &NewSale,
    sale_id: i64,
    now: &DateTime<FixedOffset>,
) -> Result<Option<String>> {
    let Some(plan) = &s.invoice else { return Ok(None) };
    let e = |e| sql_err(path, e);
    let year = now.year();
    let later: Option<i64> = tx
        .query_row("SELECT max(year) FROM invoice_counters", [], |r| r.get(0))
        .map_err(e)?;
    if later.is_some_and(|y| y > i64::from(year)) {
        let y = later.unwrap_or_default();
        return Err(StoreError::Refused(msg!(
            "đã có hóa đơn năm {y} nhưng đồng hồ máy đang ở năm {year}: năm cũ đã đóng, hãy chỉnh lại ngày giờ máy",
            "invoices of {y} exist but the clock says {year}: that year is closed, set the machine's date right"
        )));
    }
    let related = match plan.adjusts_sale {
        Some(orig) => {
            let r: Option<(i64, u8, String, i64, String)> = tx
                .query_row(
                    "SELECT id, form, symbol, number, issued_on FROM invoices WHERE sale_id = ?1",
                    [orig],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()
                .map_err(e)?;
            match r {
                Some(x) => Some(x),
                None => return Ok(None),
            }
        }
        None => None,
    };
    let st = &plan.settings;
    let symbol = st.symbol(year);
    let number: i64 = tx
        .query_row(
            "INSERT INTO invoice_counters (form, symbol, year, last_no) VALUES (?1, ?2, ?3, 1)
             ON CONFLICT(form, symbol) DO UPDATE SET last_no = last_no + 1
             RETURNING last_no",
            params![st.form, symbol, year],
            |r| r.get(0),
        )
        .map_err(|err| match err {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                StoreError::Refused(msg!(
                    "đã dùng hết 99.999.999 số hóa đơn của ký hiệu {symbol} năm nay",
                    "all 99.999.999 invoice numbers of symbol {symbol} are used this year"
                ))
            }
            other => e(other),
        })?;
    let seq: i64 = tx
        .query_row(
            "INSERT INTO mccqt_counters (block, last_seq) VALUES (?1, 1)
             ON CONFLICT(block) DO UPDATE SET last_seq = last_seq + 1
             RETURNING last_seq",
            [&st.block],
            |r| r.get(0),
        )
        .map_err(e)?;
    let code = einvoice::mccqt(st.form, year, &st.block, seq);
    let date = now.date_naive().to_string();
    let lines: Vec<InvLine> = s
        .lines
        .iter()
        .map(|l| InvLine {
            sku: l.line.sku.clone(),
            name: l.line.name.clone(),
            unit: l.line.unit.clone(),
            qty_milli: l.line.qty_milli,
            unit_price: l.line.unit_price,
            vat: l.line.vat,
            gross: l.priced.gross,
            line_discount: l.priced.line_discount,
            line_discount_bp: match l.line.discount {
                Some(crate::checkout::Discount::Percent(bp)) => Some(bp),
                _ => None,
            },
            cart_discount: l.priced.cart_discount,
            net: l.priced.net,
        })
        .collect();
    let vat: Vec<InvVat> = s
        .vat
        .iter()
        .map(|v| InvVat {
            rate: v.rate,
            total: v.total,
            pre_tax: v.pre_tax,
            tax: v.tax,
        })
        .collect();
    let methods: Vec<String> = s.payments.iter().map(|p| p.payment.method.code()).collect();
    let rel = related.as_ref().map(|(_, f, sy, n, d)| Related {
        form: *f,
        symbol: sy.clone(),
        number: *n,
        date: d.clone(),
    });
    let qr = einvoice::lookup_qr(&plan.seller_mst, st.form, &symbol, number, &date, s.total);
    let xml = einvoice::xml::build(&InvoiceDoc {
        settings: st,
        seller_name: &plan.seller_name,
        seller_mst: &plan.seller_mst,
        seller_address: &plan.seller_address,
        seller_phone: plan.seller_phone.as_deref(),
        symbol: &symbol,
        number,
        date: &date,
        mccqt: &code,
        lines: &lines,
        vat: &vat,
        total: s.total,
        buyer: plan.buyer.as_ref(),
        related: rel.as_ref(),
        methods: &methods,
        lookup_qr: Some(&qr),
        reduction_note: plan.reduction.as_ref().map(|r| r.1.as_str()),
    });
    let sha = hex::encode(Sha256::digest(xml.as_bytes()));
    tx.execute(
        "INSERT INTO invoices (sale_id, kind, related_id, form, symbol, year, number, issued_on, mccqt, total, xml, sha256, lookup_qr, buyer)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            sale_id,
            if related.is_some() { InvoiceKind::Adjustment } else { InvoiceKind::Original }.code(),
            related.as_ref().map(|r| r.0),
            st.form,
            symbol,
            year,
            number,
            date,
            code,
            s.total.0,
            xml.as_bytes(),
            sha,
            qr,
            plan.buyer
                .as_ref()
                .filter(|b| !b.is_empty())
                // A buyer is plain strings: serialising it cannot fail.
                .map(|b| serde_json::to_string(b).expect("a buyer block serialises"))
        ],
    )
    .map_err(e)?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO invoice_status (invoice_id, status, updated_at) VALUES (?1, 'issued', ?2)",
        params![id, now.to_rfc3339()],
    )
    .map_err(e)?;
    Ok(Some(format!("{}{}/{}", st.form, symbol, number)))
}

const SELECT: &str =
    "SELECT i.id, s.number, i.kind, i.form, i.symbol, i.number, i.issued_on, i.mccqt, i.total, i.sha256,
                             i.lookup_qr, st.status, st.reason,
                             (SELECT r.form || r.symbol || '/' || r.number FROM invoices r WHERE r.id = i.related_id),
                             (SELECT r.issued_on FROM invoices r WHERE r.id = i.related_id), i.buyer
                      FROM invoices i JOIN sales s ON s.id = i.sale_id JOIN invoice_status st ON st.invoice_id = i.id";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<InvoiceRecord> {
    let (kind, issued_on, status): (String, String, String) = (r.get(2)?, r.get(6)?, r.get(11)?);
    let related_date: Option<String> = r.get(14)?;
    Ok(InvoiceRecord {
        id: r.get(0)?,
        sale_number: r.get(1)?,
        kind: InvoiceKind::from_code(&kind)
            .ok_or_else(|| super::bad_value(2, "invoices.kind", &kind, "original or adjustment"))?,
        form: r.get(3)?,
        symbol: r.get(4)?,
        number: r.get(5)?,
        issued_on: super::stored_date(6, "invoices.issued_on", &issued_on)?,
        mccqt: r.get(7)?,
        total: Vnd(r.get(8)?),
        sha256: r.get(9)?,
        lookup_qr: r.get(10)?,
        status: InvoiceStatus::from_code(&status).ok_or_else(|| {
            super::bad_value(
                11,
                "invoice_status.status",
                &status,
                "issued, batched, sent, accepted or rejected",
            )
        })?,
        reason: r.get(12)?,
        related: r.get(13)?,
        related_date: related_date
            .map(|d| super::stored_date(14, "invoices.issued_on", &d))
            .transpose()?,
        buyer: super::stored_json(15, "invoices.buyer", r.get(15)?, "the buyer block")?,
    })
}

impl Store {
    pub fn invoice_of_sale(&self, sale_id: i64) -> Result<Option<InvoiceRecord>> {
        self.conn
            .query_row(&format!("{SELECT} WHERE i.sale_id = ?1"), [sale_id], read)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// An invoice by its number; `symbol` (e.g. `C26MAA`) when several symbols exist.
    pub fn invoice(&self, number: i64, symbol: Option<&str>) -> Result<Vec<InvoiceRecord>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "{SELECT} WHERE i.number = ?1 AND (?2 IS NULL OR i.symbol = ?2) ORDER BY i.id"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![number, symbol], read)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Invoices issued between two dates (inclusive), in number order.
    pub fn invoices_between(&self, from: &str, to: &str) -> Result<Vec<InvoiceRecord>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "{SELECT} WHERE i.issued_on BETWEEN ?1 AND ?2 ORDER BY i.form, i.symbol, i.number"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![from, to], read)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Every invoice of a date range with its stored XML, in number order,
    /// read in one pass: `f(form + symbol, number, xml)`.
    pub fn for_each_invoice_xml(
        &self,
        from: &str,
        to: &str,
        mut f: impl FnMut(&str, i64, &[u8]) -> std::result::Result<(), String>,
    ) -> Result<usize> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT form || symbol, number, xml FROM invoices WHERE issued_on BETWEEN ?1 AND ?2
                 ORDER BY form, symbol, number",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query(params![from, to]).map_err(|e| self.err(e))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let sym = r.get_ref(0).map_err(|e| self.err(e))?.as_str().unwrap_or("");
            let no: i64 = r.get(1).map_err(|e| self.err(e))?;
            let xml = r.get_ref(2).map_err(|e| self.err(e))?.as_blob().unwrap_or(&[]);
            f(sym, no, xml).map_err(|e| StoreError::Io {
                path: self.path.clone(),
                detail: e,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// The stored XML bytes (never regenerated).
    pub fn invoice_xml(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row("SELECT xml FROM invoices WHERE id = ?1", [id], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Set an invoice's status, with a reason (rejections) and the batch file.
    pub fn set_invoice_status(
        &mut self,
        id: i64,
        status: InvoiceStatus,
        reason: Option<&str>,
        batch: Option<&str>,
    ) -> Result<()> {
        self.set_invoice_status_by(id, status, reason, batch, "system")
    }

    /// [`Store::set_invoice_status`] naming who changed it in the audit row.
    pub fn set_invoice_status_by(
        &mut self,
        id: i64,
        status: InvoiceStatus,
        reason: Option<&str>,
        batch: Option<&str>,
        actor: &str,
    ) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let n = tx
            .execute(
                "UPDATE invoice_status SET status = ?1, reason = ?2, batch = COALESCE(?3, batch), updated_at = ?4 WHERE invoice_id = ?5",
                params![status.code(), reason, batch, tx.now_rfc3339(), id],
            )
            .map_err(|e| sql_err(&path, e))?;
        if n == 0 {
            return Err(StoreError::Refused(msg!("không có hóa đơn {id}", "no invoice {id}")));
        }
        super::audit::append(
            &tx,
            &path,
            actor,
            "invoice.status",
            &format!("invoice:{id}"),
            &serde_json::json!({ "status": status.code(), "reason": reason, "batch": batch }).to_string(),
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// Store the seller's PKCS#12 file as given (it is encrypted by its own
    /// password, which quay never stores), with an audit row naming the
    /// certificate by subject and SHA-256.
    pub fn set_signing_cert(&mut self, p12: &[u8], subject: &str, fingerprint: &str, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        tx.execute("UPDATE shop SET inv_signing_cert = ?1 WHERE id = 1", [p12])
            .map_err(|e| sql_err(&path, e))?;
        super::audit::append(
            &tx,
            &path,
            actor,
            "invoice.signing_cert",
            "shop",
            &serde_json::json!({ "subject": subject, "sha256": fingerprint }).to_string(),
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// The seller's stored PKCS#12 file, if any.
    pub fn signing_cert(&self) -> Result<Option<Vec<u8>>> {
        self.conn
            .query_row("SELECT inv_signing_cert FROM shop WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// The message file an invoice was batched into.
    pub fn invoice_batch(&self, id: i64) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT batch FROM invoice_status WHERE invoice_id = ?1", [id], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }

    /// Issued (not yet batched) invoices of days before `date`.
    pub fn unbatched_before(&self, date: &str) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT count(*) FROM invoices i JOIN invoice_status st ON st.invoice_id = i.id
                 WHERE st.status = 'issued' AND i.issued_on < ?1",
                [date],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }
}
