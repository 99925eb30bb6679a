//! Stock workflows shared by `quay stock …` and the counter: suppliers,
//! packs, receiving, returns to suppliers, counts and adjustments, the
//! stock list. Rules live in `catalog::stock`, SQL in `store::stock`.

use crate::catalog::stock::{self as rules, DocKind, ItemSpec, Reason};
use crate::catalog::{NewProduct, Product, VatRate};
use crate::i18n::Msg;
use crate::money::Vnd;
use crate::msg;
use crate::store::{NewDocLine, NewStockDoc, StockDoc, StockRow, Store, StoreError, Supplier};

/// Why a stock workflow did not go through.
#[derive(Debug)]
pub enum StockError {
    /// Bad input: nothing was written.
    Refused(Msg),
    Store(StoreError),
}

impl StockError {
    pub fn is_refusal(&self) -> bool {
        match self {
            StockError::Refused(_) => true,
            StockError::Store(e) => e.is_refusal(),
        }
    }

    pub fn msg(&self) -> Msg {
        match self {
            StockError::Refused(m) => m.clone(),
            StockError::Store(e) => e.msg(),
        }
    }
}

crate::english_display!(StockError);
crate::refused_from!(StockError::Refused <- crate::text::TextError);

impl From<StoreError> for StockError {
    fn from(e: StoreError) -> Self {
        StockError::Store(e)
    }
}

pub type Result<T> = std::result::Result<T, StockError>;

/// Add a supplier (name required; phone and tax code optional).
pub fn add_supplier(
    store: &mut Store,
    name: &str,
    phone: Option<&str>,
    tax_code: Option<&str>,
    actor: &str,
) -> Result<Supplier> {
    let name = crate::text::nfc(name.trim());
    if name.is_empty() {
        return Err(StockError::Refused(msg!(
            "--name: tên nhà cung cấp bị trống",
            "--name: the supplier's name is empty"
        )));
    }
    for (field, v) in [
        ("--name", Some(name.as_str())),
        ("--phone", phone),
        ("--tax-code", tax_code),
    ] {
        if let Some(v) = v {
            crate::text::check_clean(field, v)?;
        }
    }
    if let Some(t) = tax_code
        && !(t.len() == 10 || t.len() == 14 && t.as_bytes()[10] == b'-')
    {
        return Err(StockError::Refused(msg!(
            "--tax-code: mã số thuế '{t}' cần 10 chữ số hoặc dạng 0123456789-001",
            "--tax-code: tax code '{t}' must be 10 digits or like 0123456789-001"
        )));
    }
    Ok(store.add_supplier(&name, phone, tax_code, actor)?)
}

/// What `quay products pack add` gives.
#[derive(Debug, Clone, Default)]
pub struct PackSpec {
    pub unit: String,
    pub contains: i64,
    pub barcodes: Vec<String>,
    pub price: Vnd,
    /// Default: `BASE-UNIT` folded to ASCII (`BIA-333-THUNG`).
    pub sku: Option<String>,
    /// Default: `BASE NAME (UNIT CONTAINS)`.
    pub name: Option<String>,
}

/// Add a pack of a product: its own SKU, barcode, name and price, the
/// base's VAT group, stock shared with the base.
pub fn add_pack(store: &mut Store, base_sku: &str, spec: &PackSpec, actor: &str) -> Result<Product> {
    let Some(base) = store.product_by_sku(base_sku)? else {
        return Err(StockError::Refused(msg!(
            "SKU: không có mặt hàng mã '{base_sku}'",
            "SKU: no product with SKU '{base_sku}'"
        )));
    };
    let unit = crate::text::nfc(spec.unit.trim());
    let sku = spec.sku.clone().unwrap_or_else(|| {
        let u: String = crate::text::to_ascii(&unit)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        format!("{}-{}", base.sku, u.to_ascii_uppercase())
    });
    let name = spec
        .name
        .clone()
        .unwrap_or_else(|| format!("{} ({unit} {})", base.name, spec.contains));
    let pack = NewProduct {
        sku,
        barcodes: spec.barcodes.clone(),
        name,
        unit,
        price: spec.price,
        vat: base.vat,
        tags: base.tags.clone(),
        by_measure: Some(false),
    }
    .normalized()
    .map_err(|f| {
        let field = match f.field {
            "sku" => "--pack-sku",
            "barcode" => "--barcode",
            "price" => "--price",
            "unit" => "--unit",
            other => other,
        };
        StockError::Refused(f.msg.prefixed(&format!("{field}: "), &format!("{field}: ")))
    })?;
    Ok(store.add_pack(&base.sku, &pack, spec.contains, actor)?)
}

/// Receive goods from a supplier.
pub fn receive(
    store: &mut Store,
    user: &str,
    supplier: &str,
    invoice_no: Option<&str>,
    vat: Option<VatRate>,
    items: &[ItemSpec],
) -> Result<StockDoc> {
    let lines = items
        .iter()
        .map(|i| NewDocLine {
            code: i.code.clone(),
            qty_milli: i.qty_milli,
            unit_cost: Some(i.unit_cost),
            counted_milli: None,
            reason: None,
        })
        .collect();
    commit(store, DocKind::Receive, user, Some(supplier), invoice_no, vat, lines)
}

/// Goods back to a supplier (the correction of a receiving).
pub fn return_to_supplier(
    store: &mut Store,
    user: &str,
    supplier: &str,
    invoice_no: Option<&str>,
    items: &[ItemSpec],
) -> Result<StockDoc> {
    let lines = items
        .iter()
        .map(|i| NewDocLine {
            code: i.code.clone(),
            qty_milli: i.qty_milli,
            unit_cost: Some(i.unit_cost),
            counted_milli: None,
            reason: None,
        })
        .collect();
    commit(store, DocKind::Return, user, Some(supplier), invoice_no, None, lines)
}

/// A count sheet: `(code, counted)`; products not on it are not touched.
pub fn count(store: &mut Store, user: &str, counted: &[(String, i64)]) -> Result<StockDoc> {
    let lines = counted
        .iter()
        .map(|(code, q)| NewDocLine {
            code: code.clone(),
            qty_milli: 0,
            unit_cost: None,
            counted_milli: Some(*q),
            reason: None,
        })
        .collect();
    commit(store, DocKind::Count, user, None, None, None, lines)
}

/// An adjustment: `(code, change)` with one reason.
pub fn adjust(store: &mut Store, user: &str, reason: Reason, changes: &[(String, i64)]) -> Result<StockDoc> {
    let lines = changes
        .iter()
        .map(|(code, q)| NewDocLine {
            code: code.clone(),
            qty_milli: *q,
            unit_cost: None,
            counted_milli: None,
            reason: Some(reason),
        })
        .collect();
    commit(store, DocKind::Adjust, user, None, None, None, lines)
}

fn commit(
    store: &mut Store,
    kind: DocKind,
    user: &str,
    supplier: Option<&str>,
    invoice_no: Option<&str>,
    vat: Option<VatRate>,
    lines: Vec<NewDocLine>,
) -> Result<StockDoc> {
    if let Some(n) = invoice_no {
        crate::text::check_clean("--invoice-no", n)?;
        if n.trim().is_empty() || n.chars().count() > 50 {
            return Err(StockError::Refused(msg!(
                "--invoice-no: số hóa đơn của nhà cung cấp cần 1 đến 50 ký tự",
                "--invoice-no: the supplier's invoice number needs 1 to 50 characters"
            )));
        }
    }
    let doc = NewStockDoc {
        kind,
        supplier: supplier.map(|s| crate::text::nfc(s.trim())),
        invoice_no: invoice_no.map(|s| s.trim().to_string()),
        vat,
        user: user.to_string(),
        note: None,
        lines,
    };
    Ok(store.commit_stock_doc(&doc)?)
}

/// The stock list; `low`: only products at or below their reorder level.
pub fn list(store: &Store, low: bool, all: bool) -> Result<Vec<StockRow>> {
    let rows = store.stock_rows()?;
    Ok(rows
        .into_iter()
        .filter(|r| all || r.active)
        .filter(|r| !low || r.is_low())
        .collect())
}

/// Parse `QTY*CODE` (counts, adjustments): the quantity may be `0` for a
/// count and negative for an adjustment.
pub fn parse_qty_code(s: &str, signed: bool) -> std::result::Result<(String, i64), Msg> {
    let shown = s.trim();
    let Some((q, code)) = shown.split_once('*') else {
        return Err(msg!(
            "--item '{shown}': cần SỐ LƯỢNG*MÃ (ví dụ 24*8936000001025)",
            "--item '{shown}': expected QTY*CODE (e.g. 24*8936000001025)"
        ));
    };
    let code = code.trim();
    if code.is_empty() {
        return Err(msg!(
            "--item '{shown}': thiếu mã hàng hoặc mã vạch",
            "--item '{shown}': the product code or barcode is missing"
        ));
    }
    let pre = |m: rules::StockRuleError| {
        m.msg()
            .prefixed(&format!("--item '{shown}': "), &format!("--item '{shown}': "))
    };
    let q = q.trim();
    let qty = if signed {
        match q.strip_prefix('-') {
            Some(rest) => -rules::parse_stock_qty(rest).map_err(pre)?,
            None => rules::parse_stock_qty(q.trim_start_matches('+')).map_err(pre)?,
        }
    } else {
        rules::parse_counted(q).map_err(pre)?
    };
    Ok((code.to_string(), qty))
}

/// The counter's warning after a sale that took stock below zero (the sale
/// went through; the store has logged it): `None` when all is well.
pub fn below_zero_after_sale(store: &Store, sale_id: i64) -> Result<Option<Msg>> {
    let rows = store.below_zero_in_sale(sale_id)?;
    if rows.is_empty() {
        return Ok(None);
    }
    let list = rows
        .iter()
        .map(|(sku, _, q)| format!("{sku} ({})", crate::catalog::format_qty(*q)))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(Some(msg!(
        "tồn kho âm sau đơn này: {list} — hãy nhập hàng hoặc kiểm kho",
        "stock below zero after this sale: {list} — receive goods or count stock"
    )))
}
