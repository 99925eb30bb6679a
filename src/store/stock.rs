//! Stock persistence: suppliers, packs, the stock and cost written for
//! every sale line (packs in base units), reorder levels, the stock list
//! and the rows of the profit report. Stock documents are in
//! `stock_docs`; everything written for a sale or a document is
//! append-only (triggers refuse UPDATE and DELETE).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, audit, sql_err};
use crate::catalog::stock::{self as rules, PackInfo};
use crate::catalog::{NewProduct, Product, VatRate, format_qty};
use crate::money::Vnd;
use crate::msg;

/// A supplier as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub tax_code: Option<String>,
}

/// A base product's stock.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StockRow {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub active: bool,
    pub stock_milli: i64,
    /// Average cost per base unit.
    pub cost: Vnd,
    pub value: Vnd,
    pub reorder_milli: Option<i64>,
    pub packs: Vec<PackInfo>,
}

impl StockRow {
    /// At or below the reorder level (only products that have one).
    pub fn is_low(&self) -> bool {
        self.reorder_milli.is_some_and(|r| self.stock_milli <= r)
    }
}

/// One sale line for the profit report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfitLine {
    pub business_date: chrono::NaiveDate,
    /// The base product (what the cost was taken from), else the line's SKU.
    pub sku: String,
    pub name: String,
    pub net: Vnd,
    pub vat_rate: Option<VatRate>,
    pub deduction: bool,
    /// `None`: a line written before costs were recorded.
    pub cost: Option<Vnd>,
}

/// Inside the sale transaction: take a sale line's quantity off its base
/// product's stock (a pack takes `contains × qty` base units), write the
/// stock move and the line's cost (the average cost per base unit now; a
/// returned line takes back the cost its original line recorded). A sale
/// that takes stock below zero goes through and is logged.
#[allow(clippy::too_many_arguments)]
pub(super) fn record_sale_line_stock(
    tx: &Transaction<'_>,
    line_id: i64,
    product_id: i64,
    qty_milli: i64,
    sale_id: i64,
    reason: &str,
    ts: &str,
    ref_line_id: Option<i64>,
) -> rusqlite::Result<()> {
    let (base_id, contains): (i64, Option<i64>) = tx
        .prepare_cached("SELECT coalesce(pack_of, id), contains FROM products WHERE id = ?1")?
        .query_row([product_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let base_q = rules::base_qty(qty_milli, contains).ok_or(rusqlite::Error::IntegralValueOutOfRange(0, qty_milli))?;
    let (sku, stock, cost): (String, i64, i64) = tx
        .prepare_cached(
            "UPDATE products SET stock_milli = stock_milli - ?1 WHERE id = ?2 RETURNING sku, stock_milli, cost",
        )?
        .query_row(params![base_q, base_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    tx.prepare_cached(
        "INSERT INTO stock_moves (product_id, sale_id, qty_milli, reason, ts) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![base_id, sale_id, -base_q, reason, ts])?;
    let original: Option<i64> = match ref_line_id {
        Some(r) => tx
            .prepare_cached("SELECT unit_cost FROM sale_line_costs WHERE line_id = ?1")?
            .query_row([r], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let unit_cost = Vnd(original.unwrap_or(cost));
    // REPLACE: a row left behind by a sale line deleted from the file by
    // hand (its id is then reused) must not stop the sale.
    tx.prepare_cached(
        "INSERT OR REPLACE INTO sale_line_costs (line_id, base_id, base_qty_milli, unit_cost, cost) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        line_id,
        base_id,
        base_q,
        unit_cost.0,
        rules::value_of(base_q, unit_cost).0
    ])?;
    if stock < 0 && base_q > 0 {
        tracing::warn!(sku = %sku, stock = %format_qty(stock), sale_id, "a sale took stock below zero");
    }
    Ok(())
}

fn refused(m: crate::i18n::Msg) -> StoreError {
    StoreError::Refused(m)
}

impl Store {
    // ---- suppliers --------------------------------------------------------

    pub fn suppliers(&self) -> Result<Vec<Supplier>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, phone, tax_code FROM suppliers ORDER BY name")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Supplier {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    tax_code: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    pub fn add_supplier(
        &mut self,
        name: &str,
        phone: Option<&str>,
        tax_code: Option<&str>,
        actor: &str,
    ) -> Result<Supplier> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let e = |e| sql_err(&path, e);
        let exists: i64 = tx
            .query_row("SELECT count(*) FROM suppliers WHERE name = ?1", [name], |r| r.get(0))
            .map_err(e)?;
        if exists > 0 {
            return Err(refused(msg!(
                "--name: nhà cung cấp '{name}' đã có",
                "--name: supplier '{name}' already exists"
            )));
        }
        tx.execute(
            "INSERT INTO suppliers (name, phone, tax_code, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, phone, tax_code, tx.now_rfc3339()],
        )
        .map_err(e)?;
        let id = tx.last_insert_rowid();
        let details = serde_json::json!({ "name": name, "phone": phone, "tax_code": tax_code }).to_string();
        audit::append(&tx, &path, actor, "supplier.add", &format!("supplier:{id}"), &details)?;
        tx.commit().map_err(e)?;
        Ok(Supplier {
            id,
            name: name.into(),
            phone: phone.map(str::to_string),
            tax_code: tax_code.map(str::to_string),
        })
    }

    // ---- packs ------------------------------------------------------------

    /// Add a pack of `base_sku`: a product of its own (SKU, barcode, name,
    /// price) holding `contains` base units and sharing the base's stock.
    pub fn add_pack(&mut self, base_sku: &str, pack: &NewProduct, contains: i64, actor: &str) -> Result<Product> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let e = |e| sql_err(&path, e);
        let base: Option<(i64, Option<i64>)> = tx
            .query_row("SELECT id, pack_of FROM products WHERE sku = ?1", [base_sku], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(e)?;
        let Some((base_id, base_pack_of)) = base else {
            return Err(refused(msg!(
                "SKU: không có mặt hàng mã '{base_sku}'",
                "SKU: no product with SKU '{base_sku}'"
            )));
        };
        rules::check_pack(contains, base_pack_of.is_some(), base_sku).map_err(|e| refused(e.msg()))?;
        link_pack(&tx, &path, pack, base_id, contains)?;
        let details = serde_json::json!({
            "sku": pack.sku, "pack_of": base_sku, "contains": contains, "unit": pack.unit,
            "price": pack.price, "barcodes": pack.barcodes,
        })
        .to_string();
        audit::append_docs(
            &tx,
            &path,
            actor,
            "product.pack_add",
            &format!("product:{}", pack.sku),
            &details,
            &[format!("product:{}", pack.sku)],
        )?;
        tx.commit().map_err(e)?;
        self.product_by_sku(&pack.sku)?.ok_or_else(|| {
            refused(msg!(
                "mặt hàng vừa thêm không đọc lại được",
                "the new pack cannot be read back"
            ))
        })
    }

    /// Packs of every base product: base id → packs.
    fn packs_by_base(&self) -> Result<HashMap<i64, Vec<PackInfo>>> {
        let mut stmt = self
            .conn
            .prepare("SELECT pack_of, sku, unit, contains FROM products WHERE pack_of IS NOT NULL AND active = 1 ORDER BY sku")
            .map_err(|e| self.err(e))?;
        let mut map: HashMap<i64, Vec<PackInfo>> = HashMap::new();
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let base: i64 = r.get(0).map_err(|e| self.err(e))?;
            map.entry(base).or_default().push(PackInfo {
                sku: r.get(1).map_err(|e| self.err(e))?,
                unit: r.get(2).map_err(|e| self.err(e))?,
                contains: r.get::<_, Option<i64>>(3).map_err(|e| self.err(e))?.unwrap_or(1),
            });
        }
        Ok(map)
    }

    /// The base products of a committed sale whose stock is now below zero:
    /// (SKU, name, stock in thousandths).
    pub fn below_zero_in_sale(&self, sale_id: i64) -> Result<Vec<(String, String, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT p.sku, p.name, p.stock_milli FROM sale_lines l
                 JOIN sale_line_costs c ON c.line_id = l.id JOIN products p ON p.id = c.base_id
                 WHERE l.sale_id = ?1 AND p.stock_milli < 0 ORDER BY p.sku",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([sale_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// SKU → whether it is a pack, for checking an import.
    pub fn pack_flags(&self) -> Result<HashMap<String, bool>> {
        let mut stmt = self
            .conn
            .prepare("SELECT sku, pack_of IS NOT NULL FROM products")
            .map_err(|e| self.err(e))?;
        let map = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(map)
    }

    /// The pack a product is (base SKU, contains), if it is one.
    pub fn pack_of(&self, product_id: i64) -> Result<Option<(String, i64)>> {
        self.conn
            .query_row(
                "SELECT b.sku, p.contains FROM products p JOIN products b ON b.id = p.pack_of WHERE p.id = ?1",
                [product_id],
                |r| Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(1))),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    // ---- stock ------------------------------------------------------------

    /// Every base product's stock (packs folded into their base), by SKU.
    pub fn stock_rows(&self) -> Result<Vec<StockRow>> {
        let mut packs = self.packs_by_base()?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, sku, name, unit, active, stock_milli, cost, reorder_milli FROM products
                 WHERE pack_of IS NULL ORDER BY sku",
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let g = |e| self.err(e);
            let id: i64 = r.get(0).map_err(g)?;
            let stock: i64 = r.get(5).map_err(g)?;
            let cost = Vnd(r.get(6).map_err(g)?);
            out.push(StockRow {
                sku: r.get(1).map_err(g)?,
                name: r.get(2).map_err(g)?,
                unit: r.get(3).map_err(g)?,
                active: r.get(4).map_err(g)?,
                stock_milli: stock,
                cost,
                value: rules::value_of(stock, cost),
                reorder_milli: r.get(7).map_err(g)?,
                packs: packs.remove(&id).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// Set (or clear) a product's reorder level, in base units.
    pub fn set_reorder_level(&mut self, sku: &str, level_milli: Option<i64>, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let e = |e| sql_err(&path, e);
        let n = tx
            .execute(
                "UPDATE products SET reorder_milli = ?1 WHERE sku = ?2 AND pack_of IS NULL",
                params![level_milli, sku],
            )
            .map_err(e)?;
        if n == 0 {
            return Err(refused(msg!(
                "SKU: không có mặt hàng lẻ mã '{sku}'",
                "SKU: no base product with SKU '{sku}'"
            )));
        }
        let details = serde_json::json!({ "reorder": level_milli.map(format_qty) }).to_string();
        audit::append(
            &tx,
            &path,
            actor,
            "stock.reorder_level",
            &format!("product:{sku}"),
            &details,
        )?;
        tx.commit().map_err(e)
    }

    /// their recorded cost, for the profit report.
    pub fn for_each_profit_line(&self, from: &str, to: &str, mut f: impl FnMut(ProfitLine)) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.business_date, coalesce(b.sku, l.sku), coalesce(b.name, l.name), l.net, l.vat_rate,
                        s.tax_method, c.cost
                 FROM sales s JOIN sale_lines l ON l.sale_id = s.id
                 LEFT JOIN sale_line_costs c ON c.line_id = l.id
                 LEFT JOIN products b ON b.id = c.base_id
                 WHERE s.business_date BETWEEN ?1 AND ?2
                 ORDER BY s.id, l.line_no",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query(params![from, to]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let g = |e| self.err(e);
            let rate: String = r.get(4).map_err(g)?;
            let method: String = r.get(5).map_err(g)?;
            let date: String = r.get(0).map_err(g)?;
            let bad = |e: rusqlite::Error| self.err(e);
            let method = crate::shop::TaxMethod::from_code(&method)
                .ok_or_else(|| bad(super::bad_value(5, "sales.tax_method", &method, "direct or deduction")))?;
            f(ProfitLine {
                business_date: super::stored_date(0, "sales.business_date", &date).map_err(bad)?,
                sku: r.get(1).map_err(g)?,
                name: r.get(2).map_err(g)?,
                net: Vnd(r.get(3).map_err(g)?),
                vat_rate: VatRate::parse(&rate),
                deduction: method == crate::shop::TaxMethod::Deduction,
                cost: r.get::<_, Option<i64>>(6).map_err(g)?.map(Vnd),
            });
        }
        Ok(())
    }
}

/// Insert the pack's product row and barcodes, linked to its base.
fn link_pack(tx: &super::Tx<'_>, path: &Path, pack: &NewProduct, base_id: i64, contains: i64) -> Result<()> {
    let e = |e| sql_err(path, e);
    let sku = &pack.sku;
    let taken: i64 = tx
        .query_row("SELECT count(*) FROM products WHERE sku = ?1", [sku], |r| r.get(0))
        .map_err(e)?;
    if taken > 0 {
        return Err(refused(msg!(
            "--pack-sku: mã hàng '{sku}' đã có",
            "--pack-sku: SKU '{sku}' already exists"
        )));
    }
    for code in &pack.barcodes {
        let owner: Option<String> = tx
            .query_row(
                "SELECT p.sku FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?1",
                [code],
                |r| r.get(0),
            )
            .optional()
            .map_err(e)?;
        if let Some(owner) = owner {
            return Err(refused(msg!(
                "--barcode: mã vạch '{code}' đã thuộc mặt hàng '{owner}'",
                "--barcode: barcode '{code}' already belongs to product '{owner}'"
            )));
        }
    }
    let now = tx.now_rfc3339();
    tx.execute(
        "INSERT INTO products (sku, name, unit, price, vat_rate, tags, created_at, updated_at, by_measure, pack_of, contains)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 0, ?8, ?9)",
        params![
            pack.sku,
            pack.name,
            pack.unit,
            pack.price.0,
            pack.vat.code(),
            pack.tags.join(";"),
            now,
            base_id,
            contains
        ],
    )
    .map_err(e)?;
    let id = tx.last_insert_rowid();
    for code in &pack.barcodes {
        tx.execute(
            "INSERT INTO barcodes (code, product_id) VALUES (?1, ?2)",
            params![code, id],
        )
        .map_err(e)?;
    }
    Ok(())
}

/// Inside the transaction: link an imported row to its base as a pack.
pub(super) fn set_pack_link(tx: &Transaction<'_>, path: &Path, sku: &str, base_sku: &str, contains: i64) -> Result<()> {
    let e = |e| sql_err(path, e);
    let base: Option<(i64, Option<i64>)> = tx
        .query_row("SELECT id, pack_of FROM products WHERE sku = ?1", [base_sku], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .map_err(e)?;
    let Some((base_id, base_pack)) = base else {
        return Err(refused(msg!(
            "pack_of: không có mặt hàng mã '{base_sku}'",
            "pack_of: no product with SKU '{base_sku}'"
        )));
    };
    rules::check_pack(contains, base_pack.is_some(), base_sku).map_err(|e| refused(e.msg()))?;
    if base_sku == sku {
        return Err(refused(msg!(
            "pack_of: '{sku}' không thể là quy cách của chính nó",
            "pack_of: '{sku}' cannot be a pack of itself"
        )));
    }
    tx.execute(
        "UPDATE products SET pack_of = ?1, contains = ?2 WHERE sku = ?3",
        params![base_id, contains, sku],
    )
    .map_err(e)?;
    Ok(())
}

/// Inside the import transaction: a new product's opening stock and cost.
pub(super) fn set_opening(
    tx: &super::Tx<'_>,
    path: &Path,
    sku: &str,
    stock_milli: Option<i64>,
    cost: Option<Vnd>,
) -> Result<()> {
    let e = |e| sql_err(path, e);
    if let Some(q) = stock_milli {
        tx.execute("UPDATE products SET stock_milli = ?1 WHERE sku = ?2", params![q, sku])
            .map_err(e)?;
        let ts = tx.now_rfc3339();
        tx.execute(
            "INSERT INTO stock_moves (product_id, qty_milli, reason, ts) SELECT id, ?1, 'opening', ?2 FROM products WHERE sku = ?3",
            params![q, ts, sku],
        )
        .map_err(e)?;
    }
    if let Some(c) = cost {
        tx.execute("UPDATE products SET cost = ?1 WHERE sku = ?2", params![c.0, sku])
            .map_err(e)?;
    }
    Ok(())
}
