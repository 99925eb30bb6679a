//! The demo shop: a ready shop file seeded from the sample catalogue, so a
//! newcomer can try quay before setting up their own shop.

use crate::catalog::import::parse_csv;
use crate::shop::{ShopProfile, TaxMethod};
use crate::store::{Result, Store};

/// The bundled sample catalogue (24 products of a Huế shop).
pub const SAMPLE_CATALOG: &[u8] = include_bytes!("../data/sample-catalog.csv");

/// The demo shop's profile (also used by benches and examples).
pub fn demo_profile() -> ShopProfile {
    ShopProfile {
        shop_id: "demo".into(),
        name: "Cửa hàng mẫu Hương Giang (DEMO)".into(),
        address: "12 Lê Lợi".into(),
        ward: "Phường Thuận Hóa, Huế".into(),
        phone: Some("0234 3820 000".into()),
        tax_code: None,
        tax_method: TaxMethod::Direct,
        bank_bin: "970436".into(),
        bank_account: "0071000123456".into(),
        own_qr: None,
        is_demo: true,
        printer: Default::default(),
        invoice: None,
    }
}

/// Seed `store` as the demo shop if it has no profile yet. Returns true
/// when it seeded.
pub fn ensure_demo(store: &mut Store) -> Result<bool> {
    if store.profile()?.is_some() {
        return Ok(false);
    }
    let profile = ShopProfile {
        shop_id: new_shop_id(),
        ..demo_profile()
    };
    store.save_profile(&profile, "demo")?;
    // The sample is bundled and checked by a test: it always parses.
    if let Ok(parsed) = parse_csv(SAMPLE_CATALOG) {
        store.import_products(&parsed.rows, "demo", "sample-catalog.csv", |_, _| {})?;
    }
    Ok(true)
}

/// A stable random shop id: 16 random bytes in hex.
pub fn new_shop_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
