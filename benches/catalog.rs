//! Catalogue speed with 100,000 products (synthetic, `quay::synth`).
//! Run: `cargo bench --bench catalog`.

use std::sync::LazyLock;

use divan::Bencher;
use quay::catalog::import::parse_csv;
use quay::catalog::search::SearchIndex;
use quay::store::{OpenMode, Store};

const N: usize = 100_000;

static CSV: LazyLock<String> = LazyLock::new(|| quay::synth::catalog_csv(&quay::synth::catalog(N, 1)));

/// A shop file holding the 100,000 products, made once.
static SHOP: LazyLock<(tempfile::TempDir, std::path::PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.quay");
    let mut store = Store::open(&path, OpenMode::Create).expect("open");
    quay::demo::ensure_demo(&mut store).expect("demo profile");
    let parsed = parse_csv(CSV.as_bytes()).expect("csv");
    store
        .import_products(&parsed.rows, "bench", "synthetic", |_, _| {})
        .expect("import");
    (dir, path)
});

static INDEX: LazyLock<SearchIndex> = LazyLock::new(|| {
    let store = Store::open(&SHOP.1, OpenMode::Existing).expect("open");
    SearchIndex::new(store.all_products().expect("products"))
});

fn main() {
    divan::main();
}

/// A scanned barcode → product, in the in-memory index the counter uses.
#[divan::bench]
fn barcode_lookup_index(b: Bencher) {
    let codes: Vec<String> = (0..1000u64).map(|i| quay::synth::gtin13(893, i * 97)).collect();
    let index = &*INDEX;
    let mut i = 0;
    b.bench_local(|| {
        i = (i + 1) % codes.len();
        divan::black_box(index.by_barcode(&codes[i]))
    });
}

/// The same through SQLite (what a CLI call does).
#[divan::bench]
fn barcode_lookup_sqlite(b: Bencher) {
    let store = Store::open(&SHOP.1, OpenMode::Existing).expect("open");
    let codes: Vec<String> = (0..1000u64).map(|i| quay::synth::gtin13(893, i * 97)).collect();
    let mut i = 0;
    b.bench_local(|| {
        i = (i + 1) % codes.len();
        divan::black_box(store.product_by_barcode(&codes[i]).expect("lookup"))
    });
}

/// One keystroke: the query so far → ranked top 20. The queries are what a
/// cashier types letter by letter, including a typo.
#[divan::bench(args = ["c", "ca", "ca p", "ca phe", "ca phe sua", "banh quy hue", "sua chua", "nuoc mam", "sau tuoi", "SP0123", "893000001"])]
fn search_keystroke(b: Bencher, query: &str) {
    let index = &*INDEX;
    b.bench_local(|| divan::black_box(index.search(query, 20).len()));
}

/// Parse + validate + write 100,000 CSV rows into a fresh shop file.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn import_100k_csv(b: Bencher) {
    b.with_inputs(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("s.quay"), OpenMode::Create).expect("open");
        quay::demo::ensure_demo(&mut store).expect("profile");
        (dir, store)
    })
    .bench_local_values(|(_dir, mut store)| {
        let mut parsed = parse_csv(CSV.as_bytes()).expect("csv");
        let owners = store.barcode_owners().expect("owners");
        parsed.check_against_catalog(|c| owners.get(c).cloned());
        assert!(parsed.errors.is_empty());
        store
            .import_products(&parsed.rows, "bench", "bench", |_, _| {})
            .expect("import")
    });
}

/// Open the shop file (pragmas, schema check, profile) and draw the first
/// screen into an 80×24 buffer: what happens before the cashier sees quay.
#[divan::bench(sample_count = 20)]
fn open_and_first_screen() {
    let store = Store::open(&SHOP.1, OpenMode::Existing).expect("open");
    let profile = store.profile().expect("profile").expect("some");
    let app = quay::tui::app::App::new(profile, quay::Lang::Vi, quay::counter::Actor::owner(), false);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| quay::tui::view::draw(f, &app)).expect("draw");
    divan::black_box(t);
}

/// Loading the 100,000 products and building the search index (done after
/// the first screen is shown).
#[divan::bench(sample_count = 5)]
fn load_and_index_100k() {
    let store = Store::open(&SHOP.1, OpenMode::Existing).expect("open");
    divan::black_box(SearchIndex::new(store.all_products().expect("products")).len());
}
