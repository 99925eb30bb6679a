//! The log file: what quay did and what went wrong, for whoever looks after
//! the till ("what happened yesterday?"). One file per day in
//! `DATA/logs/quay.YYYY-MM-DD.log` (or `QUAY_LOG_DIR`), the newest 14 kept.
//!
//! Only command names, exit codes, error messages and device/batch outcomes
//! are logged — never argument values, so never PINs or buyer details.

use std::path::PathBuf;

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::writer::MakeWriterExt;

/// Log files kept (one per day).
pub const KEEP_FILES: usize = 14;

/// Where the log files go.
pub fn dir() -> PathBuf {
    match std::env::var_os("QUAY_LOG_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => crate::context::data_dir().join("logs"),
    }
}

/// Start logging for this process. `verbose` also writes debug detail to
/// stderr. A log folder that cannot be created only costs the log: the
/// command still runs, and `--verbose` says why there is no log.
pub fn init(verbose: bool) {
    let dir = dir();
    let file = std::fs::create_dir_all(&dir).map_err(|e| e.to_string()).and_then(|_| {
        RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix("quay")
            .filename_suffix("log")
            .max_log_files(KEEP_FILES)
            .build(&dir)
            .map_err(|e| e.to_string())
    });
    let builder = tracing_subscriber::fmt().with_target(false).with_ansi(false);
    let installed = match (file, verbose) {
        (Ok(appender), true) => builder
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(appender.with_max_level(tracing::Level::INFO).and(std::io::stderr))
            .try_init(),
        (Ok(appender), false) => builder
            .with_max_level(tracing::Level::INFO)
            .with_writer(appender)
            .try_init(),
        (Err(e), true) => {
            let d = dir.display();
            eprintln!("quay: không ghi được nhật ký vào {d} / cannot write the log to {d}: {e}");
            builder
                .with_max_level(tracing::Level::DEBUG)
                .with_writer(std::io::stderr)
                .try_init()
        }
        (Err(_), false) => Ok(()),
    };
    // A second init in the same process (tests) keeps the first.
    let _ = installed;
}
