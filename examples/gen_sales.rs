//! Make a shop file with synthetic sales for benchmarks:
//! `cargo run --release --example gen_sales -- N OUT.quay [START] [DAYS]`
//! (default 1,000,000 sales over 2024 on the sample catalogue).

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let out = args.next().unwrap_or_else(|| format!("/tmp/quay-sales-{n}.quay"));
    let start = args.next().unwrap_or_else(|| "2024-01-01".into());
    let days: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(366);
    let t = std::time::Instant::now();
    let mut store = quay::store::Store::open(std::path::Path::new(&out), quay::store::OpenMode::Create).expect("open");
    quay::demo::ensure_demo(&mut store).expect("demo");
    store
        .generate_sales(n, &start, days, 1, |d| eprint!("\r{d}/{n}"))
        .expect("generate");
    eprintln!();
    println!(
        "{{\"what\":\"quay_gen_sales\",\"db\":\"{out}\",\"sales\":{n},\"seconds\":{:.2}}}",
        t.elapsed().as_secs_f64()
    );
}
