//! Stock speed: committing a 200-line receiving document (one transaction
//! with its stock moves, average costs and audit row), and the stock list
//! over 100,000 products. Run once: `cargo bench --bench stock`.

use divan::Bencher;
use quay::catalog::import::ImportRow;
use quay::catalog::stock::ItemSpec;
use quay::money::Vnd;
use quay::store::{OpenMode, Store};

fn main() {
    divan::main();
}

/// A shop file with `n` synthetic products and one supplier.
fn shop(n: usize) -> (tempfile::TempDir, Store, Vec<String>) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("b.quay"), OpenMode::Create).expect("open");
    let products = quay::synth::catalog(n, 7);
    let skus: Vec<String> = products.iter().map(|p| p.sku.clone()).collect();
    let rows: Vec<ImportRow> = products
        .into_iter()
        .enumerate()
        .map(|(i, product)| ImportRow {
            line: i as u64 + 2,
            product,
            cost: Some(Vnd(1000 + i as i64 % 5000)),
            stock_milli: Some((i as i64 % 50) * 1000),
            pack: None,
        })
        .collect();
    store
        .import_products(&rows, "bench", "synthetic", |_, _| {})
        .expect("import");
    store.add_supplier("NCC", None, None, "bench").expect("supplier");
    (dir, store, skus)
}

#[divan::bench(sample_count = 20)]
fn receive_200_lines(b: Bencher) {
    let (_dir, mut store, skus) = shop(1_000);
    let items: Vec<ItemSpec> = skus
        .iter()
        .take(200)
        .enumerate()
        .map(|(i, sku)| ItemSpec {
            qty_milli: (i as i64 % 20 + 1) * 1000,
            code: sku.clone(),
            unit_cost: Vnd(5_000 + i as i64),
        })
        .collect();
    b.bench_local(|| quay::stock::receive(&mut store, "bench", "NCC", Some("HD1"), None, &items).expect("receive"));
}

#[divan::bench(sample_count = 5)]
fn stock_list_100k(b: Bencher) {
    let (_dir, store, _) = shop(100_000);
    b.bench_local(|| quay::stock::list(&store, false, false).expect("list").len());
}
