//! Counter speed: a key press on the sell screen with 100,000 products and
//! a 50-line cart (state update + render into 120×40), and a durable 5-line
//! sale commit. Run: `cargo bench --bench counter`. For commit p99 and the
//! 10,000-sales run: `cargo run --release --example commit_latency`.

use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent};
use divan::Bencher;
use quay::catalog::search::SearchIndex;
use quay::checkout::tender::{Method, Tender};
use quay::counter::{self, Actor};
use quay::money::Vnd;
use quay::store::{OpenMode, Store};
use quay::tui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

static PRODUCTS: LazyLock<Vec<quay::catalog::Product>> = LazyLock::new(|| {
    quay::synth::catalog(100_000, 1)
        .into_iter()
        .enumerate()
        .map(|(i, p)| quay::catalog::Product {
            by_measure: p.sold_by_measure(),
            id: i as i64 + 1,
            sku: p.sku,
            barcodes: p.barcodes,
            name: p.name,
            unit: p.unit,
            price: p.price,
            vat: p.vat,
            tags: p.tags,
            active: true,
            stock_milli: 0,
        })
        .collect()
});

fn app_with_cart() -> App {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("b.quay"), OpenMode::Create).expect("open");
    quay::demo::ensure_demo(&mut store).expect("demo");
    let profile = store.profile().expect("p").expect("p");
    let mut app = App::new(profile, quay::Lang::Vi, Actor::owner(), false);
    app.set_index(SearchIndex::new(PRODUCTS.clone()));
    for p in PRODUCTS.iter().take(50) {
        app.till.cart.add(p, 1000).expect("add");
    }
    app
}

/// One key typed on the search line (the search runs) and the frame drawn.
#[divan::bench(sample_count = 200)]
fn keypress_to_frame(b: Bencher) {
    let mut app = app_with_cart();
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("term");
    let keys = ['c', 'a', ' ', 'p', 'h', 'e'];
    let mut i = 0;
    b.bench_local(|| {
        let c = keys[i % keys.len()];
        if i % keys.len() == 0 {
            app.handle_key(KeyEvent::from(KeyCode::Esc));
        }
        i += 1;
        app.handle_key(KeyEvent::from(KeyCode::Char(c)));
        term.draw(|f| quay::tui::view::draw(f, &app)).expect("draw");
    });
}

/// A key that moves the cart selection (no search) and the frame drawn.
#[divan::bench(sample_count = 200)]
fn arrow_key_to_frame(b: Bencher) {
    let mut app = app_with_cart();
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("term");
    b.bench_local(|| {
        app.handle_key(KeyEvent::from(KeyCode::Up));
        term.draw(|f| quay::tui::view::draw(f, &app)).expect("draw");
    });
}

/// A durable 5-line cash sale: BEGIN IMMEDIATE … COMMIT with WAL and
/// synchronous=FULL (fsync), including sale, lines, payment, stock moves,
/// print job and audit row.
#[divan::bench(sample_count = 300, sample_size = 1)]
fn commit_5_line_sale(b: Bencher) {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("c.quay"), OpenMode::Create).expect("open");
    quay::demo::ensure_demo(&mut store).expect("demo");
    let profile = store.profile().expect("p").expect("p");
    let products = store.all_products().expect("products");
    let mut cart = quay::checkout::Cart::default();
    for p in products.iter().take(5) {
        cart.add(p, 1000).expect("add");
    }
    let tenders = [Tender {
        method: Method::Cash,
        amount: Vnd(10_000_000),
        reference: None,
    }];
    b.bench_local(|| {
        counter::commit_cart(
            &mut store,
            &profile,
            &Actor::owner(),
            &cart,
            &tenders,
            &counter::new_uuid(),
            None,
        )
        .expect("commit")
    });
}
