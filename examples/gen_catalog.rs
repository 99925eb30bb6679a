//! Write a synthetic catalogue as CSV: `gen_catalog [N] [SEED] > file.csv`.

fn main() {
    let mut args = std::env::args().skip(1);
    let n = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    print!("{}", quay::synth::catalog_csv(&quay::synth::catalog(n, seed)));
}
