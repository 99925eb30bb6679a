//! The `quay` binary: parse the command line and dispatch.

use clap::Parser;

fn main() {
    quay::cli::quiet_pipes();
    let cli = quay::cli::Cli::parse();
    std::process::exit(quay::cli::run(cli));
}
