//! Durable sale commits in a row, as `quay sell` does them below the CLI:
//! prints median and p99 (nearest rank) per 1,000 sales, so a slow-down
//! over 10,000 sales shows. `cargo run --release --example commit_latency [N]`.

use std::time::Instant;

use quay::checkout::tender::{Method, Tender};
use quay::counter::{self, Actor};
use quay::store::{OpenMode, Store};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("c.quay"), OpenMode::Create).expect("open");
    quay::demo::ensure_demo(&mut store).expect("demo");
    let profile = store.profile().expect("profile").expect("profile");
    let products = store.all_products().expect("products");
    let mut all = Vec::with_capacity(n);
    for i in 0..n {
        let mut cart = quay::checkout::Cart::default();
        for k in 0..5 {
            cart.add(&products[(i + k * 7) % products.len()], 1000).expect("add");
        }
        let tenders = [Tender {
            method: if i % 3 == 0 { Method::Transfer } else { Method::Cash },
            amount: quay::checkout::price(&cart, profile.tax_method).expect("price").total,
            reference: None,
        }];
        let t = Instant::now();
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
        all.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let stats = |xs: &[f64]| {
        let mut v = xs.to_vec();
        v.sort_by(|a, b| a.total_cmp(b));
        let median = v[v.len() / 2];
        let p99 = v[((v.len() as f64 * 0.99).ceil() as usize).saturating_sub(1)];
        (median, p99)
    };
    for (i, chunk) in all.chunks(1000).enumerate() {
        let (m, p) = stats(chunk);
        println!(
            "sales {:>6}-{:<6} median {m:>8.1} µs  p99 {p:>8.1} µs",
            i * 1000 + 1,
            i * 1000 + chunk.len()
        );
    }
    let (m, p) = stats(&all);
    println!(
        "{{\"what\":\"quay_commit\",\"sales\":{},\"median_us\":{m:.1},\"p99_us\":{p:.1}}}",
        store.sale_count().expect("count")
    );
}
