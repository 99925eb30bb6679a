//! Export speed for a year of invoices: makes a shop file with N invoiced
//! sales (default 100,000; reused if present), then times
//! `invoice export` of all of them into a folder.
//! `cargo run --release --example invoice_export [N] [DB]`

use std::time::Instant;

use quay::checkout::Cart;
use quay::checkout::tender::{Method, Tender};
use quay::counter::{self, Actor};
use quay::store::{OpenMode, Store};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let db = args.next().unwrap_or_else(|| format!("/tmp/quay-invoices-{n}.quay"));
    let mut store = Store::open(std::path::Path::new(&db), OpenMode::Create).expect("open");
    if store.profile().expect("profile").is_none() {
        let mut p = quay::demo::demo_profile();
        p.shop_id = quay::demo::new_shop_id();
        p.tax_code = Some("3301234567".into());
        p.invoice = Some(quay::einvoice::InvoiceSettings {
            form: 2,
            coded: 'C',
            letters: "AA".into(),
            block: "A1B2C".into(),
            location: None,
            location_name: None,
            threshold: quay::money::Vnd(0),
            dvtte: false,
            httoan: false,
            provider_mst: None,
            tvan_mst: None,
        });
        store.save_profile(&p, "gen").expect("profile");
        let parsed = quay::catalog::import::parse_csv(quay::demo::SAMPLE_CATALOG).expect("csv");
        store
            .import_products(&parsed.rows, "gen", "sample", |_, _| {})
            .expect("import");
    }
    let profile = store.profile().expect("p").expect("p");
    let products = store.all_products().expect("products");
    let have = store.sale_count().expect("count") as usize;
    let t = Instant::now();
    for i in have..n {
        let mut cart = Cart::default();
        for k in 0..3 {
            cart.add(&products[(i * 7 + k) % products.len()], 1000).expect("add");
        }
        let total = quay::checkout::price(&cart, profile.tax_method).expect("price").total;
        let tenders = [Tender {
            method: Method::Cash,
            amount: total,
            reference: None,
        }];
        counter::commit_cart(
            &mut store,
            &profile,
            &Actor::owner(),
            &cart,
            &tenders,
            &counter::new_uuid(),
            None,
        )
        .expect("commit");
        if i % 10_000 == 9_999 {
            eprintln!("{} sales ({:.0} s)", i + 1, t.elapsed().as_secs_f64());
        }
    }
    let out = tempfile::tempdir().expect("dir");
    let today = store.clock().today().to_string();
    let t = Instant::now();
    let count = quay::cli::invoice::export(&store, "2000-01-01", &today, out.path(), |_, _| {})
        .map_err(|f| f.msg.en)
        .expect("export");
    let secs = t.elapsed().as_secs_f64();
    println!("{{\"what\":\"quay_invoice_export\",\"invoices\":{count},\"seconds\":{secs:.3}}}");
}
