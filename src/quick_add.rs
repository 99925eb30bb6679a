//! Counter convenience: a barcode the catalogue does not know is added on
//! the spot (name, unit, price, VAT; a manager once the shop has users) so
//! it can be sold at once. The product's SKU is its barcode.

use crate::catalog::{NewProduct, Product, VatRate};
use crate::i18n::Msg;
use crate::money::Vnd;
use crate::msg;
use crate::store::{Store, StoreError};

/// What the cashier typed for the unknown item: `NAME;UNIT;PRICE;VAT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownItem {
    pub name: String,
    pub unit: String,
    pub price: Vnd,
    pub vat: VatRate,
}

/// Parse `NAME;UNIT;PRICE;VAT` (e.g. `Bánh quy bơ;gói;25k;8`).
pub fn parse(s: &str) -> Result<UnknownItem, Msg> {
    let bad = || {
        msg!(
            "'{s}': cần TÊN;ĐƠN VỊ;GIÁ;VAT, ví dụ 'Bánh quy bơ;gói;25000;8'",
            "'{s}': expected NAME;UNIT;PRICE;VAT, e.g. 'Bánh quy bơ;gói;25000;8'"
        )
    };
    let parts: Vec<&str> = s.split(';').map(str::trim).collect();
    let [name, unit, price, vat] = parts.as_slice() else {
        return Err(bad());
    };
    let price = Vnd::parse(price).map_err(|e| msg!("'{s}': giá: {e}", "'{s}': price: {e}"))?;
    crate::checkout::tender::check_amount(price)?;
    let vat = VatRate::parse(vat).ok_or_else(|| {
        msg!(
            "'{s}': thuế suất '{vat}' không hợp lệ: 0, 5, 8, 10 hoặc KCT",
            "'{s}': VAT rate '{vat}' is not valid: 0, 5, 8, 10 or KCT"
        )
    })?;
    Ok(UnknownItem {
        name: name.to_string(),
        unit: unit.to_string(),
        price,
        vat,
    })
}

/// Add `code` as a new product (refused when it is already known, or
/// without a manager once the shop has users: `manager_ok`).
pub fn add(store: &mut Store, code: &str, item: &UnknownItem, actor: &str, manager_ok: bool) -> Result<Product, StoreError> {
    let code = code.trim();
    if !manager_ok {
        return Err(StoreError::Refused(msg!(
            "thêm hàng mới cần mã PIN của quản lý",
            "adding a new product needs a manager's PIN"
        )));
    }
    if store.product_by_barcode(code)?.is_some() || store.product_by_sku(code)?.is_some() {
        return Err(StoreError::Refused(msg!(
            "mã '{code}' đã có trong danh mục",
            "code '{code}' is already in the catalogue"
        )));
    }
    let p = NewProduct {
        sku: code.to_string(),
        barcodes: vec![code.to_string()],
        name: item.name.clone(),
        unit: item.unit.clone(),
        price: item.price,
        vat: item.vat,
        tags: Vec::new(),
        by_measure: None,
    }
    .normalized()
    .map_err(|e| StoreError::Refused(e.msg))?;
    store.add_product(&p, actor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_four_fields() {
        let i = parse("Bánh quy bơ; gói ;25k;8").unwrap();
        assert_eq!((i.name.as_str(), i.unit.as_str(), i.price), ("Bánh quy bơ", "gói", Vnd(25_000)));
        assert!(parse("Bánh;gói;25000").unwrap_err().en.contains("NAME;UNIT;PRICE;VAT"));
        assert!(parse("Bánh;gói;abc;8").unwrap_err().en.contains("price"));
        assert!(parse("Bánh;gói;25000;7").unwrap_err().en.contains("VAT rate '7'"));
    }
}
