//! The `quay` binary: parse the command line and dispatch.

fn main() {
    let cli = quay::cli::parse_args();
    std::process::exit(quay::cli::run(cli));
}
