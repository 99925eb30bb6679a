//! Counter conveniences: a barcode the catalogue does not know is added on
//! the spot (name, unit, price, VAT; a manager once the shop has users) so
//! it can be sold at once (the product's SKU is its barcode); a price
//! override on one line with a reason (a manager when it lowers the price
//! by more than the discount threshold), recorded in the audit chain.

use crate::catalog::{NewProduct, Product, VatRate};
use crate::checkout::CheckoutError;
use crate::i18n::Msg;
use crate::money::{MoneyError, Vnd};
use crate::msg_key;
use crate::store::{Store, StoreError};
use crate::text::TextError;

/// Why an unknown item or a price override was refused. `input` is what
/// was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuickAddError {
    ItemSpec(String),
    Price { input: String, error: MoneyError },
    Vat { input: String, vat: String },
    NeedsManager,
    Known(String),
    OverrideSpec(String),
    NegativePrice(String),
    NoReason(String),
    NoLine { line: usize, lines: usize },
    Text(TextError),
    Amount(CheckoutError),
}

impl QuickAddError {
    pub fn msg(&self) -> Msg {
        use QuickAddError as E;
        match self {
            E::ItemSpec(input) => msg_key!("quick_add.item_spec", input),
            // the amount's own words are English in both texts, as before
            E::Price { input, error } => msg_key!("quick_add.price", input, detail = error),
            E::Vat { input, vat } => msg_key!("quick_add.vat", input, vat),
            E::NeedsManager => msg_key!("quick_add.needs_manager"),
            E::Known(code) => msg_key!("quick_add.known", code),
            E::OverrideSpec(input) => msg_key!("quick_add.override_spec", input),
            E::NegativePrice(input) => msg_key!("quick_add.negative_price", input),
            E::NoReason(input) => msg_key!("quick_add.no_reason", input),
            E::NoLine { line, lines } => msg_key!("quick_add.no_line", line, lines),
            E::Text(e) => e.msg(),
            E::Amount(e) => e.msg(),
        }
    }
}

crate::english_display!(QuickAddError);

impl From<TextError> for QuickAddError {
    fn from(e: TextError) -> Self {
        QuickAddError::Text(e)
    }
}

impl From<CheckoutError> for QuickAddError {
    fn from(e: CheckoutError) -> Self {
        QuickAddError::Amount(e)
    }
}

impl From<QuickAddError> for Msg {
    fn from(e: QuickAddError) -> Msg {
        e.msg()
    }
}

/// What the cashier typed for the unknown item: `NAME;UNIT;PRICE;VAT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownItem {
    pub name: String,
    pub unit: String,
    pub price: Vnd,
    pub vat: VatRate,
}

/// Parse `NAME;UNIT;PRICE;VAT` (e.g. `Bánh quy bơ;gói;25k;8`).
pub fn parse(s: &str) -> Result<UnknownItem, QuickAddError> {
    let bad = || QuickAddError::ItemSpec(s.to_string());
    let parts: Vec<&str> = s.split(';').map(str::trim).collect();
    let [name, unit, price, vat] = parts.as_slice() else {
        return Err(bad());
    };
    let price = Vnd::parse(price).map_err(|error| QuickAddError::Price {
        input: s.to_string(),
        error,
    })?;
    crate::checkout::tender::check_amount(price)?;
    let vat = VatRate::parse(vat).ok_or_else(|| QuickAddError::Vat {
        input: s.to_string(),
        vat: vat.to_string(),
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
pub fn add(
    store: &mut Store,
    code: &str,
    item: &UnknownItem,
    actor: &str,
    manager_ok: bool,
) -> Result<Product, StoreError> {
    let code = code.trim();
    if !manager_ok {
        return Err(StoreError::Refused(QuickAddError::NeedsManager.msg()));
    }
    if store.product_by_barcode(code)?.is_some() || store.product_by_sku(code)?.is_some() {
        return Err(StoreError::Refused(QuickAddError::Known(code.to_string()).msg()));
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

/// A price override typed as `LINE:PRICE:REASON` (line numbers from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceOverride {
    pub line: usize,
    pub price: Vnd,
    pub reason: String,
}

pub fn parse_override(s: &str) -> Result<PriceOverride, QuickAddError> {
    let bad = || QuickAddError::OverrideSpec(s.to_string());
    let mut parts = s.splitn(3, ':');
    let (Some(line), Some(price), Some(reason)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let line: usize = line.trim().parse().ok().filter(|n| *n > 0).ok_or_else(bad)?;
    let price = Vnd::parse(price.trim()).map_err(|error| QuickAddError::Price {
        input: s.to_string(),
        error,
    })?;
    crate::checkout::tender::check_amount(price)?;
    if price.0 < 0 {
        return Err(QuickAddError::NegativePrice(s.to_string()));
    }
    let reason = crate::text::nfc(reason.trim());
    if reason.is_empty() {
        return Err(QuickAddError::NoReason(s.to_string()));
    }
    crate::text::check_clean("reason", &reason)?;
    Ok(PriceOverride { line, price, reason })
}

/// Whether lowering `catalogue` to `price` goes beyond the discount
/// threshold (basis points) and needs a manager.
pub fn override_needs_manager(catalogue: Vnd, price: Vnd, threshold_bp: i64) -> bool {
    let cut = catalogue.0 - price.0;
    catalogue.0 > 0 && cut > 0 && i128::from(cut) * 10_000 > i128::from(catalogue.0) * i128::from(threshold_bp)
}

/// Set the line's unit price; returns the catalogue price it had.
pub fn apply_override(cart: &mut crate::checkout::Cart, o: &PriceOverride) -> Result<Vnd, QuickAddError> {
    let lines = cart.lines.len();
    let line = o.line;
    let l = cart
        .lines
        .get_mut(line - 1)
        .ok_or(QuickAddError::NoLine { line, lines })?;
    let was = l.unit_price;
    l.unit_price = o.price;
    Ok(was)
}

/// Record the overrides of a committed sale in the audit chain.
pub fn record_overrides(
    store: &mut Store,
    sale_number: i64,
    done: &[(PriceOverride, Vnd)],
    actor: &str,
    approved_by: Option<&str>,
) -> Result<(), StoreError> {
    for (o, was) in done {
        let details = serde_json::json!({
            "line": o.line, "catalogue_price": was, "price": o.price, "reason": o.reason, "approved_by": approved_by,
        })
        .to_string();
        store.log_event(actor, "sale.price_override", &format!("sale:{sale_number}"), &details)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_four_fields() {
        let i = parse("Bánh quy bơ; gói ;25k;8").unwrap();
        assert_eq!(
            (i.name.as_str(), i.unit.as_str(), i.price),
            ("Bánh quy bơ", "gói", Vnd(25_000))
        );
        assert!(
            parse("Bánh;gói;25000")
                .unwrap_err()
                .msg()
                .en
                .contains("NAME;UNIT;PRICE;VAT")
        );
        assert!(parse("Bánh;gói;abc;8").unwrap_err().msg().en.contains("price"));
        assert!(parse("Bánh;gói;25000;7").unwrap_err().msg().en.contains("VAT rate '7'"));
    }

    #[test]
    fn overrides() {
        let o = parse_override("2:40k:hàng móp").unwrap();
        assert_eq!((o.line, o.price, o.reason.as_str()), (2, Vnd(40_000), "hàng móp"));
        assert!(parse_override("2:40000:").unwrap_err().msg().en.contains("reason"));
        assert!(parse_override("0:40000:x").is_err());
        // threshold 10 %: 50.000 → 45.000 is fine, → 44.000 needs a manager
        assert!(!override_needs_manager(Vnd(50_000), Vnd(45_000), 1000));
        assert!(override_needs_manager(Vnd(50_000), Vnd(44_000), 1000));
        assert!(!override_needs_manager(Vnd(50_000), Vnd(60_000), 1000));
    }
}
