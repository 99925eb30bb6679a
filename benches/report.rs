//! Report speed: the cashless report over a shop file with 1,000,000 sales
//! (made once by `Store::generate_sales`, or `QUAY_BENCH_SALES_DB=FILE` to
//! reuse one made by `cargo run --release --example gen_sales`), the export
//! of a month's ward bundle, and the merge of 1,000 / 10,000 / 100,000
//! signed bundles.
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

/// Signed bundles of `n` shops in a folder (`bundles/`), each shop with
/// its own key, and the ward's register of those keys (`register.json`):
/// made once per size.
fn bundle_dir(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    write_bundles(dir.path(), n);
    dir
}

/// Write `n` bundles into `dir/bundles` and, last, `dir/register.json`.
fn write_bundles(dir: &std::path::Path, n: usize) {
    let mut store = Store::open(&dir.join("shop.quay"), OpenMode::Create).expect("open");
    quay::demo::ensure_demo(&mut store).expect("demo");
    let mut base = bundle::figures(&store, "2024-03", "2024-03-01", "2024-03-31", false).expect("bundle");
    base.revision = 1;
    let out = dir.join("bundles");
    std::fs::create_dir(&out).expect("dir");
    let mut register = ward::Register::default();
    for i in 0..n as i64 {
        let mut seed = [7u8; 32];
        seed[..8].copy_from_slice(&i.to_le_bytes());
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        let mut b = base.clone();
        b.shop.shop_id = format!("{i:032x}");
        b.shop.name = format!("Cửa hàng số {i}");
        b.sales.sales = 1000 + i % 7919;
        b.sales.cashless_sales = i % 1000;
        b.sales.value = 50_000_000 + i;
        b.sales.cashless_value = 40_000_000 + i % 10_000_000;
        b.sales.by_method = vec![
            quay::report::cashless::MethodFigure {
                method: "cash".into(),
                count: b.sales.sales - b.sales.cashless_sales,
                value: b.sales.value - b.sales.cashless_value,
            },
            quay::report::cashless::MethodFigure {
                method: "transfer".into(),
                count: b.sales.cashless_sales,
                value: b.sales.cashless_value,
            },
        ];
        bundle::seal(&mut b, Some(&key));
        register.shops.push(ward::Enrolled {
            shop_id: b.shop.shop_id.clone(),
            name: b.shop.name.clone(),
            ward: b.shop.ward.clone(),
            public_key: hex::encode(key.verifying_key().as_bytes()),
            enrolled_at: "2024-01-01T08:00:00+07:00".into(),
        });
        std::fs::write(
            out.join(format!("{i:06}.json")),
            serde_json::to_string_pretty(&b).expect("json"),
        )
        .expect("write");
    }
    std::fs::write(
        dir.join("register.json"),
        serde_json::to_string(&register).expect("json"),
    )
    .expect("write");
}

/// The 100,000 bundles the phase benches share: made once under the
/// target's temporary folder and reused by later runs (a `TempDir` in a
/// static would never be removed, statics are not dropped). The register
/// is written last, so a folder without it is made again.
fn kept_bundle_dir(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("ward-merge-{n}"));
    if !dir.join("register.json").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        write_bundles(&dir, n);
    }
    dir
}

fn register_of(dir: &std::path::Path) -> ward::Register {
    let text = std::fs::read_to_string(dir.join("register.json")).expect("register");
    ward::parse_register(&text).expect("register")
}

/// 1,000, 10,000 and 100,000 signed bundles in a folder, merged into the
/// ward report as a ward officer does it, with the register (read, verify
/// checksums and signatures against the registered keys, plausibility,
/// dedupe by shop, total, sort, HTML). O(n log n).
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn merge_bundles(b: divan::Bencher, n: usize) {
    let dir = bundle_dir(n);
    let inputs = vec![dir.path().join("bundles")];
    let opts = ward::MergeOptions {
        register: Some(register_of(dir.path())),
        ..Default::default()
    };
    b.bench_local(|| {
        let files = ward::collect(&inputs).expect("files");
        let r = ward::merge(&files, &opts, |_, _| {}, quay::time::Clock::System.now()).expect("merge");
        assert!(r.refused.is_empty());
        assert_eq!(r.shops.len(), n);
        ward::html(&r, quay::Lang::Vi).len()
    });
}

/// Where the 100,000-bundle merge's time goes, phase by phase: listing and
/// reading the files; reading them and checking each (schema, whole
/// numbers, checksum, signature, plausibility, register); the whole merge
/// without its HTML; the HTML of a merged report.
#[divan::bench(args = ["read", "check", "merge", "html"], sample_count = 3, sample_size = 1)]
fn merge_phases_100k(b: divan::Bencher, phase: &str) {
    static DIR: LazyLock<PathBuf> = LazyLock::new(|| kept_bundle_dir(100_000));
    let inputs = vec![DIR.join("bundles")];
    let opts = ward::MergeOptions {
        register: Some(register_of(&DIR)),
        ..Default::default()
    };
    let files = ward::collect(&inputs).expect("files");
    match phase {
        "read" => b.bench_local(|| {
            let files = ward::collect(&inputs).expect("files");
            files
                .iter()
                .map(|f| std::fs::read_to_string(f).expect("read").len())
                .sum::<usize>()
        }),
        "check" => b.bench_local(|| {
            let (good, refused) = ward::check_files(&files, opts.register.as_ref(), quay::Lang::Vi, |_, _| {});
            assert!(refused.is_empty());
            good.len()
        }),
        "merge" => b.bench_local(|| {
            ward::merge(&files, &opts, |_, _| {}, quay::time::Clock::System.now())
                .expect("merge")
                .shops
                .len()
        }),
        _ => {
            let r = ward::merge(&files, &opts, |_, _| {}, quay::time::Clock::System.now()).expect("merge");
            b.bench_local(|| ward::html(&r, quay::Lang::Vi).len())
        }
    }
}

/// Where a bundle's time goes: one bundle read back with and without its
/// signature (the difference is the Ed25519 verification; the rest is JSON
/// parsing, the whole-number walk, the canonical text and its SHA-256).
#[divan::bench(args = ["signed", "unsigned"], sample_count = 50, sample_size = 200)]
fn parse_one_bundle(b: divan::Bencher, kind: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("shop.quay"), OpenMode::Create).expect("open");
    quay::demo::ensure_demo(&mut store).expect("demo");
    let mut one = bundle::figures(&store, "2024-03", "2024-03-01", "2024-03-31", false).expect("bundle");
    one.revision = 1;
    let key = bundle::signing_key(&store).expect("key");
    bundle::seal(&mut one, (kind == "signed").then_some(&key));
    let text = serde_json::to_string_pretty(&one).expect("json");
    b.bench_local(|| bundle::parse(divan::black_box(&text)).expect("parse"));
}
