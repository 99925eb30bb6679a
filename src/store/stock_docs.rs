//! Stock documents (receiving, return to supplier, count, adjustment):
//! each line resolved and checked before anything is written, then the
//! head with its totals, the lines, the stock moves and the new average
//! costs, and one audit row, in one transaction. Append-only.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, audit, sql_err};
use crate::catalog::stock::{self as rules, DocKind, Reason};
use crate::catalog::{VatRate, format_qty};
use crate::money::Vnd;
use crate::msg;
/// One line of a stock document to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocLine {
    /// Barcode or SKU (of the product or of one of its packs).
    pub code: String,
    /// Receive/return: the quantity (positive); adjust: the change
    /// (negative takes stock out); count: unused.
    pub qty_milli: i64,
    /// Receive/return: cost per unit of what the code names.
    pub unit_cost: Option<Vnd>,
    /// Count: the quantity counted, in the unit the code names.
    pub counted_milli: Option<i64>,
    /// Adjust: why.
    pub reason: Option<Reason>,
}

/// A stock document to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStockDoc {
    pub kind: DocKind,
    pub supplier: Option<String>,
    pub invoice_no: Option<String>,
    /// VAT on the purchase (receive/return), for every line.
    pub vat: Option<VatRate>,
    pub user: String,
    pub note: Option<String>,
    pub lines: Vec<NewDocLine>,
}

/// A written line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocLine {
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    /// The base product whose stock moved.
    pub base_sku: String,
    pub qty: String,
    /// Change of the base product's stock, in base units.
    pub base_change: String,
    pub unit_cost: Vnd,
    /// Receive/return: quantity × unit cost; count/adjust: the change at cost.
    pub amount: Vnd,
    pub vat: Vnd,
    pub expected: Option<String>,
    pub counted: Option<String>,
    pub reason: Option<Reason>,
    /// The base product's average cost per base unit after the line.
    pub cost_after: Vnd,
    pub stock_after: String,
}

/// A written document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StockDoc {
    pub id: i64,
    pub kind: DocKind,
    pub number: String,
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub ts: chrono::DateTime<chrono::FixedOffset>,
    #[serde(serialize_with = "crate::time::ser::date")]
    pub business_date: chrono::NaiveDate,
    pub supplier: Option<String>,
    pub invoice_no: Option<String>,
    /// Σ amounts (before purchase VAT).
    pub total: Vnd,
    pub vat: Vnd,
    pub lines: Vec<DocLine>,
    /// SKUs whose stock is below zero after the document.
    pub below_zero: Vec<String>,
}

/// A product as a stock line sees it.
struct Item {
    id: i64,
    sku: String,
    name: String,
    unit: String,
    active: bool,
    base_id: i64,
    contains: Option<i64>,
}

fn find_item(tx: &Transaction<'_>, code: &str) -> rusqlite::Result<Option<Item>> {
    let code = code.trim();
    tx.prepare_cached(
        "SELECT id, sku, name, unit, active, coalesce(pack_of, id), contains FROM products
         WHERE id = coalesce((SELECT product_id FROM barcodes WHERE code = ?1), (SELECT id FROM products WHERE sku = ?1))",
    )?
    .query_row([code], |r| {
        Ok(Item {
            id: r.get(0)?,
            sku: r.get(1)?,
            name: r.get(2)?,
            unit: r.get(3)?,
            active: r.get(4)?,
            base_id: r.get(5)?,
            contains: r.get(6)?,
        })
    })
    .optional()
}

/// (sku, stock_milli, cost) of a base product.
fn base_state(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<(String, i64, i64)> {
    tx.prepare_cached("SELECT sku, stock_milli, cost FROM products WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
}

fn refused(m: crate::i18n::Msg) -> StoreError {
    StoreError::Refused(m)
}

impl Store {
    /// Write a stock document with its lines, the stock moves, the new
    /// average costs and one audit row, in one transaction; any bad line
    /// refuses the whole document (the message names the line and field).
    pub fn commit_stock_doc(&mut self, doc: &NewStockDoc) -> Result<StockDoc> {
        let path = self.path.clone();
        let deduction = matches!(
            self.profile()?.map(|p| p.tax_method),
            Some(crate::shop::TaxMethod::Deduction)
        );
        let tx = self.begin()?;
        let written = write_doc(&tx, &path, doc, deduction)?;
        let details = serde_json::json!({
            "number": written.number,
            "supplier": written.supplier,
            "invoice_no": written.invoice_no,
            "lines": written.lines.len(),
            "total": written.total,
            "vat": written.vat,
        })
        .to_string();
        audit::append(
            &tx,
            &path,
            &doc.user,
            &format!("stock.{}", doc.kind.code()),
            &format!("stock:{}", written.number),
            &details,
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        for sku in &written.below_zero {
            tracing::warn!(sku = %sku, document = %written.number, "stock below zero after a stock document");
        }
        Ok(written)
    }
}

/// What the stock documents show about how a shop tracks its stock, for
/// an assessment's till evidence: documents by business date (YYYY-MM-DD).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StockActivity {
    /// Receivings in `from..=to` and in `month_from..=to`.
    pub receivings: i64,
    pub receivings_month: i64,
    /// Counts (stock-takes) in `from..=to` and in `month_from..=to`.
    pub counts: i64,
    pub counts_month: i64,
    /// The business date of the last receiving and of the last count, ever.
    pub last_receiving: Option<String>,
    pub last_count: Option<String>,
    /// Active base products (packs share their base's stock) and how many
    /// of them have a recorded cost.
    pub products: i64,
    pub with_cost: i64,
}

impl Store {
    /// Receivings and counts over a period and its last month, the last
    /// of each, and the active products with a recorded cost.
    pub fn stock_activity(&self, from: &str, month_from: &str, to: &str) -> Result<StockActivity> {
        let e = |x| sql_err(&self.path, x);
        let docs = |kind: &str| -> Result<(i64, i64, Option<String>)> {
            self.conn
                .query_row(
                    "SELECT coalesce(sum(business_date BETWEEN ?2 AND ?4), 0),
                            coalesce(sum(business_date BETWEEN ?3 AND ?4), 0),
                            max(business_date)
                     FROM stock_docs WHERE kind = ?1",
                    params![kind, from, month_from, to],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(e)
        };
        let (receivings, receivings_month, last_receiving) = docs(DocKind::Receive.code())?;
        let (counts, counts_month, last_count) = docs(DocKind::Count.code())?;
        let (products, with_cost) = self
            .conn
            .query_row(
                "SELECT count(*), coalesce(sum(cost > 0), 0) FROM products WHERE active AND pack_of IS NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(e)?;
        Ok(StockActivity {
            receivings,
            receivings_month,
            counts,
            counts_month,
            last_receiving,
            last_count,
            products,
            with_cost,
        })
    }
}

/// A line computed, written once the head is in.
struct Pending {
    product_id: i64,
    base_id: i64,
    qty_milli: i64,
    change: i64,
    unit_cost: Vnd,
    amount: Vnd,
    vat: Vnd,
    expected: Option<i64>,
    counted_milli: Option<i64>,
    cost_after: Vnd,
    reason: Option<Reason>,
}

fn next_doc_number(tx: &Transaction<'_>, kind: DocKind) -> rusqlite::Result<i64> {
    tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM stock_docs WHERE kind = ?1",
        [kind.code()],
        |r| r.get(0),
    )
}

fn write_doc(tx: &super::Tx<'_>, path: &Path, doc: &NewStockDoc, deduction: bool) -> Result<StockDoc> {
    let e = |e| sql_err(path, e);
    if doc.lines.is_empty() {
        return Err(refused(msg!(
            "--item: phiếu không có dòng nào",
            "--item: the document has no lines"
        )));
    }
    if doc.lines.len() > rules::MAX_DOC_LINES {
        let n = doc.lines.len();
        return Err(refused(msg!(
            "--item: {n} dòng, tối đa 2.000 dòng một phiếu",
            "--item: {n} lines, at most 2.000 on one document"
        )));
    }
    let supplier_id: Option<i64> = match &doc.supplier {
        Some(name) => {
            let id = tx
                .query_row("SELECT id FROM suppliers WHERE name = ?1", [name], |r| r.get(0))
                .optional()
                .map_err(e)?;
            match id {
                Some(id) => Some(id),
                None => {
                    return Err(refused(msg!(
                        "--supplier: không có nhà cung cấp '{name}' (thêm bằng `quay stock supplier add --name …`)",
                        "--supplier: no supplier '{name}' (add one with `quay stock supplier add --name …`)"
                    )));
                }
            }
        }
        None if doc.kind == DocKind::Receive || doc.kind == DocKind::Return => {
            return Err(refused(msg!(
                "--supplier: phiếu nhập/trả hàng cần nhà cung cấp",
                "--supplier: a receiving or return needs a supplier"
            )));
        }
        None => None,
    };
    // Resolve every line first: nothing is written while a line is bad.
    let mut items = Vec::with_capacity(doc.lines.len());
    for (i, l) in doc.lines.iter().enumerate() {
        let n = i + 1;
        let code = l.code.trim();
        let item = find_item(tx, code).map_err(e)?.ok_or_else(|| {
            refused(msg!(
                "--item {n}: không có mặt hàng với mã vạch hoặc mã hàng '{code}'",
                "--item {n}: no product with barcode or SKU '{code}'"
            ))
        })?;
        match doc.kind {
            DocKind::Count => {
                if !item.active {
                    let sku = &item.sku;
                    return Err(refused(msg!(
                        "--item {n}: mặt hàng '{sku}' đã ngừng bán: không kiểm kho được (kích hoạt lại trước)",
                        "--item {n}: product '{sku}' is deactivated: it cannot be counted (activate it first)"
                    )));
                }
                let c = l.counted_milli.unwrap_or(-1);
                if !(0..=rules::MAX_STOCK_QTY_MILLI).contains(&c) {
                    return Err(refused(msg!(
                        "--item {n}: số đếm được phải từ 0 đến 1.000.000",
                        "--item {n}: the counted quantity must be 0 to 1.000.000"
                    )));
                }
            }
            DocKind::Adjust => {
                if l.qty_milli == 0 || l.qty_milli.abs() > rules::MAX_STOCK_QTY_MILLI {
                    return Err(refused(msg!(
                        "--item {n}: số lượng điều chỉnh phải khác 0 và tối đa 1.000.000",
                        "--item {n}: the adjusted quantity must be non-zero and at most 1.000.000"
                    )));
                }
                if l.reason.is_none() {
                    return Err(refused(msg!(
                        "--reason: điều chỉnh kho cần lý do (hỏng, hết hạn, mất, khác)",
                        "--reason: an adjustment needs a reason (damaged, expired, lost, other)"
                    )));
                }
            }
            DocKind::Receive | DocKind::Return => {
                rules::check_stock_qty(l.qty_milli)
                    .map_err(|m| refused(m.msg().prefixed(&format!("--item {n}: "), &format!("--item {n}: "))))?;
                if let Some(c) = l.unit_cost {
                    rules::check_cost(c)
                        .map_err(|m| refused(m.msg().prefixed(&format!("--item {n}: "), &format!("--item {n}: "))))?;
                }
                if doc.kind == DocKind::Receive && l.unit_cost.is_none() {
                    return Err(refused(msg!(
                        "--item {n}: thiếu giá vốn",
                        "--item {n}: the cost is missing"
                    )));
                }
            }
        }
        if rules::base_qty(l.qty_milli.max(l.counted_milli.unwrap_or(0)), item.contains).is_none() {
            return Err(refused(msg!(
                "--item {n}: số lượng quá lớn",
                "--item {n}: quantity too large"
            )));
        }
        items.push(item);
    }
    // Counts: lines of the same product (cans and cartons) add up.
    let mut counted_total: HashMap<i64, i64> = HashMap::new();
    if doc.kind == DocKind::Count {
        for (l, it) in doc.lines.iter().zip(&items) {
            let q = rules::base_qty(l.counted_milli.unwrap_or(0), it.contains).unwrap_or(0);
            *counted_total.entry(it.base_id).or_default() += q;
        }
    }
    let now = tx.now();
    let ts = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let date = now.date_naive().to_string();
    let pct = doc.vat.and_then(VatRate::percent).unwrap_or(0);
    let mut lines = Vec::with_capacity(items.len());
    let mut total = Vnd::ZERO;
    let mut vat_total = Vnd::ZERO;
    let mut below: Vec<String> = Vec::new();
    let mut counted_done: HashMap<i64, ()> = HashMap::new();
    let mut pending: Vec<Pending> = Vec::with_capacity(items.len());
    for (i, (l, it)) in doc.lines.iter().zip(&items).enumerate() {
        let (base_sku, stock, cost) = base_state(tx, it.base_id).map_err(e)?;
        let avg = Vnd(cost);
        let mut expected = None;
        let mut counted = None;
        let (change, unit_cost, amount, vat, new_cost) = match doc.kind {
            DocKind::Receive => {
                let q = rules::base_qty(l.qty_milli, it.contains).unwrap_or(0);
                let unit = l.unit_cost.unwrap_or(Vnd::ZERO);
                let amount = rules::value_of(l.qty_milli, unit);
                let vat = Vnd(crate::money::div_round(amount.0 as i128 * pct as i128, 100));
                // A shop that cannot deduct input VAT carries it in its cost.
                let cost_in = if deduction { amount } else { amount + vat };
                (q, unit, amount, vat, rules::moving_average(stock, avg, q, cost_in))
            }
            DocKind::Return => {
                let q = rules::base_qty(l.qty_milli, it.contains).unwrap_or(0);
                let unit = l
                    .unit_cost
                    .unwrap_or_else(|| Vnd(avg.0.saturating_mul(it.contains.unwrap_or(1))));
                let amount = rules::value_of(l.qty_milli, unit);
                let vat = Vnd(crate::money::div_round(amount.0 as i128 * pct as i128, 100));
                (-q, unit, -amount, -vat, avg)
            }
            DocKind::Adjust => {
                let q = rules::base_qty(l.qty_milli, it.contains).unwrap_or(0);
                (q, avg, rules::value_of(q, avg), Vnd::ZERO, avg)
            }
            DocKind::Count => {
                let own = rules::base_qty(l.counted_milli.unwrap_or(0), it.contains).unwrap_or(0);
                counted = Some(format_qty(own));
                let change = if counted_done.insert(it.base_id, ()).is_none() {
                    expected = Some(stock);
                    counted_total.get(&it.base_id).copied().unwrap_or(own) - stock
                } else {
                    0
                };
                (change, avg, rules::value_of(change, avg), Vnd::ZERO, avg)
            }
        };
        let (stock_after,): (i64,) = tx
            .prepare_cached(
                "UPDATE products SET stock_milli = stock_milli + ?1, cost = ?2 WHERE id = ?3 RETURNING stock_milli",
            )
            .map_err(e)?
            .query_row(params![change, new_cost.0, it.base_id], |r| Ok((r.get(0)?,)))
            .map_err(e)?;
        pending.push(Pending {
            product_id: it.id,
            base_id: it.base_id,
            qty_milli: if doc.kind == DocKind::Count {
                l.counted_milli.unwrap_or(0)
            } else {
                l.qty_milli
            },
            change,
            unit_cost,
            amount,
            vat,
            expected,
            counted_milli: l.counted_milli,
            cost_after: new_cost,
            reason: l.reason,
        });
        total = total
            .checked_add(amount)
            .ok_or_else(|| refused(msg!("tổng tiền quá lớn", "the total is too large")))?;
        vat_total = vat_total
            .checked_add(vat)
            .ok_or_else(|| refused(msg!("tổng thuế quá lớn", "the VAT total is too large")))?;
        if stock_after < 0 && !below.contains(&base_sku) {
            below.push(base_sku.clone());
        } else if stock_after >= 0 {
            below.retain(|s| s != &base_sku);
        }
        lines.push(DocLine {
            line_no: i as i64 + 1,
            sku: it.sku.clone(),
            name: it.name.clone(),
            unit: it.unit.clone(),
            base_sku,
            qty: format_qty(l.qty_milli),
            base_change: format_qty(change),
            unit_cost,
            amount,
            vat,
            expected: expected.map(format_qty),
            counted,
            reason: l.reason,
            cost_after: new_cost,
            stock_after: format_qty(stock_after),
        });
    }
    // The head with its totals, then the lines and moves (all append-only).
    let number = next_doc_number(tx, doc.kind).map_err(e)?;
    tx.execute(
        "INSERT INTO stock_docs (kind, number, supplier_id, invoice_no, ts, business_date, user_name, total, vat, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            doc.kind.code(),
            number,
            supplier_id,
            doc.invoice_no,
            ts,
            date,
            doc.user,
            total.0,
            vat_total.0,
            doc.note
        ],
    )
    .map_err(e)?;
    let doc_id = tx.last_insert_rowid();
    {
        let mut ins = tx
            .prepare_cached(
                "INSERT INTO stock_doc_lines (doc_id, line_no, product_id, base_id, qty_milli, base_qty_milli, unit_cost,
                     vat_rate, amount, vat, expected_milli, counted_milli, cost_after, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )
            .map_err(e)?;
        let mut mv = tx
            .prepare_cached(
                "INSERT INTO stock_moves (product_id, qty_milli, reason, ts, doc_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(e)?;
        for (i, p) in pending.iter().enumerate() {
            ins.execute(params![
                doc_id,
                i as i64 + 1,
                p.product_id,
                p.base_id,
                p.qty_milli,
                p.change,
                p.unit_cost.0,
                doc.vat.map(VatRate::code),
                p.amount.0,
                p.vat.0,
                p.expected,
                p.counted_milli,
                p.cost_after.0,
                p.reason.map(Reason::code),
            ])
            .map_err(e)?;
            if p.change != 0 {
                mv.execute(params![p.base_id, p.change, doc.kind.code(), ts, doc_id])
                    .map_err(e)?;
            }
        }
    }
    let supplier = doc.supplier.clone();
    Ok(StockDoc {
        id: doc_id,
        kind: doc.kind,
        number: rules::format_doc_number(doc.kind, number),
        // as written: whole seconds
        ts: chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now),
        business_date: now.date_naive(),
        supplier,
        invoice_no: doc.invoice_no.clone(),
        total,
        vat: vat_total,
        lines,
        below_zero: below,
    })
}
