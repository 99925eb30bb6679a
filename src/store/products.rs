//! Catalogue persistence: products and their barcodes.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, audit, sql_err};
use crate::catalog::import::ImportRow;
use crate::catalog::{NewProduct, Product};
use crate::money::Vnd;
use crate::msg;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
}

const SELECT: &str = "SELECT id, sku, name, unit, price, vat_rate, tags, active, stock_milli, by_measure FROM products";

fn read_product(r: &rusqlite::Row<'_>) -> rusqlite::Result<Product> {
    let vat: String = r.get(5)?;
    let tags: String = r.get(6)?;
    Ok(Product {
        id: r.get(0)?,
        sku: r.get(1)?,
        barcodes: Vec::new(),
        name: r.get(2)?,
        unit: r.get(3)?,
        price: Vnd(r.get(4)?),
        vat: super::stored_vat(5, "products.vat_rate", &vat)?,
        tags: tags.split(';').filter(|t| !t.is_empty()).map(str::to_string).collect(),
        active: r.get(7)?,
        stock_milli: r.get(8)?,
        by_measure: r.get(9)?,
    })
}

impl Store {
    /// Every product with its barcodes, ordered by SKU.
    /// SQLite's `PRAGMA data_version`: changes when another connection (a
    /// `quay products …` command, a second till) commits to the file. A
    /// cheap check before each lookup tells the counter to reload the
    /// catalogue.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// A fingerprint of the catalogue (count, last change, prices, active
    /// flags, barcodes): read only after [`Store::data_version`] moved, so
    /// sales on another till do not reload 100,000 products.
    pub fn catalog_stamp(&self) -> Result<String> {
        self.conn
            .query_row(
                "SELECT count(*) || '/' || coalesce(max(updated_at), '') || '/' || total(price) || '/' || total(active)
                        || '/' || (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM barcodes)
                 FROM products",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    pub fn all_products(&self) -> Result<Vec<Product>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT} ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let mut products: Vec<Product> = stmt
            .query_map([], read_product)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        let pos: HashMap<i64, usize> = products.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let mut stmt = self
            .conn
            .prepare("SELECT product_id, code FROM barcodes ORDER BY product_id, code")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            let code: String = r.get(1).map_err(|e| self.err(e))?;
            if let Some(&i) = pos.get(&id) {
                products[i].barcodes.push(code);
            }
        }
        products.sort_by(|a, b| a.sku.cmp(&b.sku));
        Ok(products)
    }

    pub fn product_by_sku(&self, sku: &str) -> Result<Option<Product>> {
        let found = self
            .conn
            .query_row(&format!("{SELECT} WHERE sku = ?1"), [sku], read_product)
            .optional()
            .map_err(|e| self.err(e))?;
        found.map(|p| self.with_barcodes(p)).transpose()
    }

    pub fn product_by_barcode(&self, code: &str) -> Result<Option<Product>> {
        let found = self
            .conn
            .query_row(
                &format!("{SELECT} WHERE id = (SELECT product_id FROM barcodes WHERE code = ?1)"),
                [code],
                read_product,
            )
            .optional()
            .map_err(|e| self.err(e))?;
        found.map(|p| self.with_barcodes(p)).transpose()
    }

    fn with_barcodes(&self, mut p: Product) -> Result<Product> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code FROM barcodes WHERE product_id = ?1 ORDER BY code")
            .map_err(|e| self.err(e))?;
        p.barcodes = stmt
            .query_map([p.id], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(p)
    }

    /// Barcode → SKU of its product, for checking an import.
    pub fn barcode_owners(&self) -> Result<HashMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT b.code, p.sku FROM barcodes b JOIN products p ON p.id = b.product_id")
            .map_err(|e| self.err(e))?;
        let map = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(map)
    }

    /// Add a new product; its SKU and barcodes must be new.
    pub fn add_product(&mut self, p: &NewProduct, actor: &str) -> Result<Product> {
        let path = self.path.clone();
        let tx = self.begin()?;
        if find_id(&tx, &p.sku).map_err(|e| sql_err(&path, e))?.is_some() {
            let sku = &p.sku;
            return Err(StoreError::Refused(msg!(
                "mã hàng '{sku}' đã có: dùng `quay products edit {sku}` để sửa",
                "SKU '{sku}' already exists: use `quay products edit {sku}` to change it"
            )));
        }
        check_barcodes_free(&tx, p, None).map_err(|e| e.into_store(&path))?;
        let id = upsert(&tx, p, None).map_err(|e| sql_err(&path, e))?;
        audit::append_docs(
            &tx,
            &path,
            actor,
            "product.add",
            &format!("product:{}", p.sku),
            &product_json(p),
            &[format!("product:{}", p.sku)],
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        self.product_by_id(id)
    }

    /// Replace an existing product's fields and barcodes.
    pub fn edit_product(&mut self, sku: &str, p: &NewProduct, actor: &str) -> Result<Product> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let Some(id) = find_id(&tx, sku).map_err(|e| sql_err(&path, e))? else {
            return Err(not_found(sku));
        };
        if p.sku != sku && find_id(&tx, &p.sku).map_err(|e| sql_err(&path, e))?.is_some() {
            let new = &p.sku;
            return Err(StoreError::Refused(msg!(
                "mã hàng '{new}' đã thuộc mặt hàng khác",
                "SKU '{new}' already belongs to another product"
            )));
        }
        check_barcodes_free(&tx, p, Some(id)).map_err(|e| e.into_store(&path))?;
        upsert(&tx, p, Some(id)).map_err(|e| sql_err(&path, e))?;
        audit::append_docs(
            &tx,
            &path,
            actor,
            "product.edit",
            &format!("product:{sku}"),
            &product_json(p),
            &[format!("product:{sku}"), format!("product:{}", p.sku)],
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        self.product_by_id(id)
    }

    /// Deactivate (or reactivate) a product; it stays for past sales.
    pub fn set_product_active(&mut self, sku: &str, active: bool, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let n = tx
            .execute(
                "UPDATE products SET active = ?1, updated_at = ?2 WHERE sku = ?3",
                params![active, tx.now_rfc3339(), sku],
            )
            .map_err(|e| sql_err(&path, e))?;
        if n == 0 {
            return Err(not_found(sku));
        }
        let action = if active {
            "product.activate"
        } else {
            "product.deactivate"
        };
        audit::append_docs(
            &tx,
            &path,
            actor,
            action,
            &format!("product:{sku}"),
            "{}",
            &[format!("product:{sku}")],
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    fn product_by_id(&self, id: i64) -> Result<Product> {
        let p = self
            .conn
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], read_product)
            .map_err(|e| self.err(e))?;
        self.with_barcodes(p)
    }

    /// Write imported rows in one transaction: new SKUs are added, known
    /// ones updated (price, name, barcodes…; stock and active flag kept).
    /// `progress(done, total)` is called now and then.
    pub fn import_products(
        &mut self,
        rows: &[ImportRow],
        actor: &str,
        source: &str,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<ImportSummary> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let mut summary = ImportSummary::default();
        let mut existing: HashMap<String, i64> = HashMap::new();
        {
            let mut stmt = tx
                .prepare("SELECT sku, id FROM products")
                .map_err(|e| sql_err(&path, e))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(|e| sql_err(&path, e))?;
            for r in rows {
                let (sku, id) = r.map_err(|e| sql_err(&path, e))?;
                existing.insert(sku, id);
            }
        }
        for (i, row) in rows.iter().enumerate() {
            let known = existing.get(&row.product.sku).copied();
            upsert(&tx, &row.product, known).map_err(|e| sql_err(&path, e))?;
            if known.is_none() && row.pack.is_none() {
                super::stock::set_opening(&tx, &path, &row.product.sku, row.stock_milli, row.cost)?;
            }
            if known.is_some() {
                summary.updated += 1;
            } else {
                summary.added += 1;
            }
            if i % 5000 == 4999 {
                progress(i + 1, rows.len());
            }
        }
        progress(rows.len(), rows.len());
        // Packs once every base is in.
        for row in rows {
            if let Some((base, contains)) = &row.pack {
                super::stock::set_pack_link(&tx, &path, &row.product.sku, base, *contains)?;
            }
        }
        let details = serde_json::json!({
            "source": source,
            "added": summary.added,
            "updated": summary.updated,
        })
        .to_string();
        let docs: Vec<String> = rows.iter().map(|r| format!("product:{}", r.product.sku)).collect();
        audit::append_docs(&tx, &path, actor, "products.import", "catalog", &details, &docs)?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok(summary)
    }
}

fn not_found(sku: &str) -> StoreError {
    StoreError::Refused(msg!("không có mặt hàng mã '{sku}'", "no product with SKU '{sku}'"))
}

fn product_json(p: &NewProduct) -> String {
    serde_json::json!({
        "sku": p.sku,
        "name": p.name,
        "unit": p.unit,
        "price": p.price,
        "vat_rate": p.vat.code(),
        "barcodes": p.barcodes,
        "tags": p.tags,
    })
    .to_string()
}

fn find_id(tx: &Transaction<'_>, sku: &str) -> rusqlite::Result<Option<i64>> {
    tx.query_row("SELECT id FROM products WHERE sku = ?1", [sku], |r| r.get(0))
        .optional()
}

enum BarcodeCheck {
    Sql(rusqlite::Error),
    Taken(String, String),
}

impl BarcodeCheck {
    fn into_store(self, path: &std::path::Path) -> StoreError {
        match self {
            BarcodeCheck::Sql(e) => sql_err(path, e),
            BarcodeCheck::Taken(code, owner) => StoreError::Refused(msg!(
                "mã vạch '{code}' đã thuộc mặt hàng '{owner}'",
                "barcode '{code}' already belongs to product '{owner}'"
            )),
        }
    }
}

fn check_barcodes_free(
    tx: &Transaction<'_>,
    p: &NewProduct,
    own_id: Option<i64>,
) -> std::result::Result<(), BarcodeCheck> {
    let mut stmt = tx
        .prepare_cached("SELECT p.id, p.sku FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?1")
        .map_err(BarcodeCheck::Sql)?;
    for code in &p.barcodes {
        let owner: Option<(i64, String)> = stmt
            .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(BarcodeCheck::Sql)?;
        if let Some((id, sku)) = owner
            && Some(id) != own_id
        {
            return Err(BarcodeCheck::Taken(code.clone(), sku));
        }
    }
    Ok(())
}

/// Insert (id `None`) or update a product and replace its barcodes.
fn upsert(tx: &super::Tx<'_>, p: &NewProduct, id: Option<i64>) -> rusqlite::Result<i64> {
    let now = tx.now_rfc3339();
    let tags = p.tags.join(";");
    let id = match id {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE products SET sku = ?1, name = ?2, unit = ?3, price = ?4, vat_rate = ?5,
                        tags = ?6, updated_at = ?7, by_measure = ?9 WHERE id = ?8",
            )?
            .execute(params![
                p.sku,
                p.name,
                p.unit,
                p.price.0,
                p.vat.code(),
                tags,
                now,
                id,
                p.sold_by_measure()
            ])?;
            tx.prepare_cached("DELETE FROM barcodes WHERE product_id = ?1")?
                .execute([id])?;
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO products (sku, name, unit, price, vat_rate, tags, created_at, updated_at, by_measure)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            )?
            .execute(params![
                p.sku,
                p.name,
                p.unit,
                p.price.0,
                p.vat.code(),
                tags,
                now,
                p.sold_by_measure()
            ])?;
            tx.last_insert_rowid()
        }
    };
    let mut ins = tx.prepare_cached("INSERT INTO barcodes (code, product_id) VALUES (?1, ?2)")?;
    for code in &p.barcodes {
        ins.execute(params![code, id])?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::super::tests::temp_store;
    use super::*;
    use crate::catalog::VatRate;
    use crate::catalog::import::parse_csv;

    fn new(sku: &str, barcode: &str) -> NewProduct {
        NewProduct {
            sku: sku.into(),
            barcodes: if barcode.is_empty() {
                vec![]
            } else {
                vec![barcode.into()]
            },
            name: format!("Hàng {sku}"),
            unit: "cái".into(),
            price: Vnd(10_000),
            vat: VatRate::Eight,
            tags: vec!["ocop".into()],
            by_measure: None,
        }
    }

    #[test]
    fn add_edit_deactivate_round_trip() {
        let (_d, mut store) = temp_store();
        let p = store.add_product(&new("A", "8936000000110"), "t").unwrap();
        assert_eq!(p.barcodes, vec!["8936000000110"]);
        assert!(p.active);
        let dup = store.add_product(&new("A", ""), "t").unwrap_err();
        assert!(dup.is_refusal());
        let taken = store.add_product(&new("B", "8936000000110"), "t").unwrap_err();
        assert!(taken.msg().en.contains("already belongs to product 'A'"));

        let mut changed = new("A", "8936000000189");
        changed.price = Vnd(12_000);
        let p = store.edit_product("A", &changed, "t").unwrap();
        assert_eq!(p.price, Vnd(12_000));
        assert_eq!(p.barcodes, vec!["8936000000189"]);
        assert!(store.product_by_barcode("8936000000110").unwrap().is_none());

        store.set_product_active("A", false, "t").unwrap();
        assert!(!store.product_by_sku("A").unwrap().unwrap().active);
        assert!(store.set_product_active("ZZZ", false, "t").unwrap_err().is_refusal());
        // one audit row per change, chain intact
        let report = store.verify_audit().unwrap();
        assert_eq!(report.rows, 3);
        assert_eq!(report.first_broken, None);
    }

    #[test]
    fn import_adds_then_updates() {
        let (_d, mut store) = temp_store();
        let parsed = parse_csv(include_bytes!("../../data/sample-catalog.csv")).unwrap();
        let s = store.import_products(&parsed.rows, "t", "sample", |_, _| {}).unwrap();
        assert_eq!(s, ImportSummary { added: 24, updated: 0 });
        let s = store
            .import_products(&parsed.rows[..3], "t", "sample", |_, _| {})
            .unwrap();
        assert_eq!(s, ImportSummary { added: 0, updated: 3 });
        let all = store.all_products().unwrap();
        assert_eq!(all.len(), 24);
        let coffee = store.product_by_barcode("8936000001025").unwrap().unwrap();
        assert_eq!(coffee.name, "Cà phê sữa đá lon 235ml");
        assert_eq!(coffee.price, Vnd(15_000));
    }
}
