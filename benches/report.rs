//! Report speed: the cashless report over a shop file with 1,000,000 sales
//! (made once by `Store::generate_sales`, or `QUAY_BENCH_SALES_DB=FILE` to
//! reuse one made by `cargo run --release --example gen_sales`), the export
//! of a month's ward bundle, and the merge of 1,000 bundles.
//! Run: `cargo bench --bench report`.

use std::path::PathBuf;
use std::sync::LazyLock;

use quay::report::{bundle, cashless, ward};
use quay::store::{OpenMode, Store};

fn main() {
    divan::main();
}

static DB: LazyLock<(Option<tempfile::TempDir>, PathBuf)> = LazyLock::new(|| {
    if let Ok(p) = std::env::var("QUAY_BENCH_SALES_DB") {
        return (None, PathBuf::from(p));
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("sales.quay");
    let mut store = Store::open(&path, OpenMode::Create).expect("open");
    quay::demo::ensure_demo(&mut store).expect("demo");
    store
        .generate_sales(1_000_000, "2024-01-01", 366, 1, |_| {})
        .expect("generate");
    (Some(dir), path)
});

/// A year of 1,000,000 sales, by month.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn cashless_year_1m_sales(b: divan::Bencher) {
    let store = Store::open(&DB.1, OpenMode::Existing).expect("open");
    b.bench_local(|| {
        cashless::cashless(&store, "2024-01-01", "2024-12-31", cashless::Grouping::Month).expect("report")
    });
}

/// One month's bundle from the same file.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn export_month_bundle(b: divan::Bencher) {
    let store = Store::open(&DB.1, OpenMode::Existing).expect("open");
    b.bench_local(|| bundle::build(&store, "2024-03", "2024-03-01", "2024-03-31", false).expect("bundle"));
}

/// 1,000 bundles in a folder, merged into the ward report (read, check, total, HTML).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn merge_1000_bundles(b: divan::Bencher) {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(&DB.1, OpenMode::Existing).expect("open");
    let base = bundle::build(&store, "2024-03", "2024-03-01", "2024-03-31", false).expect("bundle");
    for i in 0..1000 {
        let mut b = base.clone();
        b.shop.shop_id = format!("shop{i:04}");
        b.shop.name = format!("Cửa hàng số {i}");
        b.sales.sales = 1000 + i;
        b.checksum = bundle::checksum(&b);
        std::fs::write(
            dir.path().join(format!("{i:04}.json")),
            serde_json::to_string_pretty(&b).expect("json"),
        )
        .expect("write");
    }
    let inputs = vec![dir.path().to_path_buf()];
    b.bench_local(|| {
        let files = ward::collect(&inputs).expect("files");
        let r = ward::merge(&files, false, |_, _| {}).expect("merge");
        ward::html(&r, quay::Lang::Vi).len()
    });
}
