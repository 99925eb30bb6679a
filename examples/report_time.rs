//! Time the cashless report on a shop file: `report_time DB FROM TO`.
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let store = quay::store::Store::open(std::path::Path::new(&a[1]), quay::store::OpenMode::Existing).expect("open");
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let rows = quay::report::cashless::cashless(&store, &a[2], &a[3], quay::report::cashless::Grouping::Month)
            .expect("report");
        println!("{} rows, {:.1} ms", rows.len(), t.elapsed().as_secs_f64() * 1e3);
    }
}
