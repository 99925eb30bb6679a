//! The `quay` binary: parse the command line and dispatch.

fn main() {
    quay::cli::quiet_pipes();
    std::process::exit(quay::cli::main());
}
