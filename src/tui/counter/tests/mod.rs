//! Key-handling tests of the counter, by screen; helpers shared with the
//! snapshot tests in `tui::view`.

mod conveniences;
mod dialogs;
mod pay;
mod receiving;
mod sell;

use super::*;
use crate::catalog::import::parse_csv;
use crate::catalog::{NewProduct, Product};
use crate::shop::TaxMethod;
use crate::users::Role;
pub(crate) use crossterm::event::{KeyCode, KeyEvent};

pub(crate) fn products() -> Vec<Product> {
    parse_csv(crate::demo::SAMPLE_CATALOG)
        .unwrap()
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let by_measure = r.product.sold_by_measure();
            let NewProduct {
                sku,
                barcodes,
                name,
                unit,
                price,
                vat,
                tags,
                ..
            } = r.product;
            Product {
                by_measure,
                id: i as i64 + 1,
                sku,
                barcodes,
                name,
                unit,
                price,
                vat,
                tags,
                active: true,
                stock_milli: 0,
            }
        })
        .collect()
}

pub(crate) fn profile(method: TaxMethod) -> ShopProfile {
    ShopProfile {
        shop_id: "x".into(),
        name: "Cửa hàng mẫu Hương Giang (DEMO)".into(),
        address: "12 Lê Lợi".into(),
        ward: "Thuận Hóa".into(),
        phone: None,
        tax_code: None,
        tax_method: method,
        bank_bin: "970436".into(),
        bank_account: "0071000123456".into(),
        own_qr: None,
        is_demo: true,
        printer: Default::default(),
        invoice: None,
    }
}

pub(crate) fn app_with(lang: Lang, actor: Actor) -> App {
    let mut app = App::new(profile(TaxMethod::Direct), lang, actor, false);
    app.set_index(SearchIndex::new(products()));
    app
}

pub(crate) fn demo_app(lang: Lang) -> App {
    app_with(lang, Actor::owner())
}

fn cashier() -> Actor {
    Actor {
        name: "Lan".into(),
        role: Role::Cashier,
    }
}

/// A person typing: keys 200 ms apart.
pub(crate) fn typed(app: &mut App, s: &str) -> Effect {
    let mut t = Instant::now();
    let mut last = Effect::None;
    for c in s.chars() {
        t += Duration::from_millis(200);
        last = app.handle_key_at(KeyEvent::from(KeyCode::Char(c)), t);
    }
    last
}

/// A USB scanner: digits 5 ms apart, then Enter.
pub(crate) fn scanned(app: &mut App, code: &str) -> Effect {
    let mut t = Instant::now() + Duration::from_secs(10);
    for c in code.chars() {
        t += Duration::from_millis(5);
        app.handle_key_at(KeyEvent::from(KeyCode::Char(c)), t);
    }
    app.handle_key_at(KeyEvent::from(KeyCode::Enter), t + Duration::from_millis(5))
}

pub(crate) fn key(app: &mut App, code: KeyCode) -> Effect {
    app.handle_key_at(KeyEvent::from(code), Instant::now() + Duration::from_secs(60))
}

/// A key `secs` seconds after the `key` helper's keys.
pub(crate) fn later(app: &mut App, code: KeyCode, secs: u64) -> Effect {
    app.handle_key_at(KeyEvent::from(code), Instant::now() + Duration::from_secs(60 + secs))
}

pub(crate) fn app_sale() -> crate::sales::SaleRecord {
    crate::tui::view::tests::sale(&demo_app(Lang::Vi))
}

/// A sale of the cart in `app` (number 42, paid by `method`).
pub(crate) fn sale_paid_by(app: &App, method: &str) -> SaleRecord {
    let mut s = crate::tui::view::tests::sale(app);
    s.payments[0].method = crate::checkout::tender::Method::from_code(method).expect("a method code");
    s.payments[0].tendered = s.total;
    s
}

pub(crate) fn app_with_cart() -> App {
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000000325");
    app
}
