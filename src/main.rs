//! The `quay` binary: parse the command line and dispatch.

fn main() {
    std::process::exit(quay::cli::main());
}
