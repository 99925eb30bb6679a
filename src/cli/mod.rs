//! The command line: every command is a thin shell over the library's
//! services. Errors go to stderr in the UI language; exit codes are
//! 0 success, 1 input or data refused, 2 usage, 3 shop file or device unusable.

pub mod args;
mod assess;
mod counter;
pub mod invoice;
mod products;
mod shop;
mod vietqr;
mod ward;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub use args::Cli;
use args::{AuditCommand, Command};

use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::store::{OpenMode, Store, StoreError};

/// A command that did not succeed: what to say and which exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub msg: Msg,
}

impl Failure {
    pub fn refused(msg: Msg) -> Failure {
        Failure { code: 1, msg }
    }
    pub fn usage(msg: Msg) -> Failure {
        Failure { code: 2, msg }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure {
            code: if e.is_refusal() { 1 } else { 3 },
            msg: e.msg(),
        }
    }
}

impl From<crate::counter::CounterError> for Failure {
    fn from(e: crate::counter::CounterError) -> Failure {
        Failure {
            code: if e.is_refusal() { 1 } else { 3 },
            msg: e.msg(),
        }
    }
}

pub type CmdResult = Result<(), Failure>;

/// Settings every command shares.
pub struct Ctx {
    pub lang: Lang,
    pub db: PathBuf,
    pub demo: bool,
    /// True when the path came from the defaults (no --db, no QUAY_DB).
    pub default_db: bool,
}

impl Ctx {
    pub fn from_cli(cli: &Cli) -> Ctx {
        let lang = cli.lang.unwrap_or_default();
        let (db, default_db) = match (&cli.db, cli.demo) {
            (Some(p), _) => (p.clone(), false),
            (None, true) => (data_dir().join("demo.quay"), true),
            (None, false) => (data_dir().join("shop.quay"), true),
        };
        Ctx {
            lang,
            db,
            demo: cli.demo,
            default_db,
        }
    }

    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }

    /// Open the shop file: with --demo it is created and seeded if needed;
    /// otherwise it must exist.
    pub fn open(&self) -> Result<Store, Failure> {
        if self.demo {
            let mut store = Store::open(&self.db, OpenMode::Create)?;
            crate::demo::ensure_demo(&mut store)?;
            return Ok(store);
        }
        let store = Store::open(&self.db, OpenMode::Existing)?;
        if store.profile()?.is_none() {
            let p = self.db.display();
            return Err(Failure {
                code: 3,
                msg: msg!(
                    "tệp cửa hàng {p} chưa có hồ sơ cửa hàng: hãy chạy `quay init …` trước",
                    "shop file {p} has no shop profile yet: run `quay init …` first"
                ),
            });
        }
        Ok(store)
    }

    /// Who is acting, for audit rows (users come with the counter).
    pub fn actor(&self) -> String {
        std::env::var("QUAY_USER")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "cli".into())
    }
}

/// A `YYYY-MM-DD` argument.
pub(crate) fn date_arg(s: &str) -> Result<String, Failure> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.to_string())
        .map_err(|_| {
            Failure::usage(msg!(
                "ngày '{s}' không hợp lệ: cần YYYY-MM-DD",
                "date '{s}' is not valid: expected YYYY-MM-DD"
            ))
        })
}

/// `--from` (default today, Vietnam time) and `--to` (default `--from`).
pub(crate) fn date_range(from: Option<String>, to: Option<String>) -> Result<(String, String), Failure> {
    let from = match from {
        Some(f) => date_arg(&f)?,
        None => crate::time::today_vn().to_string(),
    };
    let to = match to {
        Some(t) => date_arg(&t)?,
        None => from.clone(),
    };
    Ok((from, to))
}

/// Write a file the user named; a failure is exit 3 naming the path.
pub(crate) fn write_file(path: &std::path::Path, bytes: &[u8]) -> CmdResult {
    std::fs::write(path, bytes).map_err(|e| {
        let p = path.display();
        Failure {
            code: 3,
            msg: msg!("không ghi được {p}: {e}", "cannot write {p}: {e}"),
        }
    })
}

/// Read a text file the user named; a failure is exit 3 naming the path.
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        let p = path.display();
        Failure {
            code: 3,
            msg: msg!("không đọc được {p}: {e}", "cannot read {p}: {e}"),
        }
    })
}

/// Where quay keeps shop files by default: `$XDG_DATA_HOME/quay` or
/// `~/.local/share/quay`; the current folder if there is no home.
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("quay"))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Output to a reader that went away (`quay sales list | head -1`) or to a
/// closed stdout (`quay sell … >&-`) ends quietly: the work is done (a sale
/// is committed once), so the exit code is 0. Closed standard descriptors
/// are pointed at /dev/null so no file the program opens can take their
/// place; a broken pipe while printing ends the process with 0 instead of a
/// panic (exit 101), which a script retrying on failure would take for a
/// sale that did not happen.
pub fn quiet_pipes() {
    #[cfg(unix)]
    {
        use std::os::fd::{AsRawFd, IntoRawFd};
        // The lowest free descriptor is taken first: while /dev/null lands
        // on 0, 1 or 2 one of those was closed, and it is kept there.
        for _ in 0..3 {
            match std::fs::OpenOptions::new().read(true).write(true).open("/dev/null") {
                Ok(f) if f.as_raw_fd() <= 2 => {
                    let _ = f.into_raw_fd();
                }
                _ => break,
            }
        }
    }
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.starts_with("failed printing to stdout") && is_broken_pipe(text) {
            std::process::exit(0);
        }
        default(info);
    }));
}

fn is_broken_pipe(text: &str) -> bool {
    let epipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe).to_string();
    text.contains("os error 32") || text.contains("Broken pipe") || text.contains(&epipe)
}

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let ctx = Ctx::from_cli(&cli);
    let result = match cli.command {
        None => crate::tui::run(&ctx),
        Some(Command::Init(a)) => shop::init(&ctx, &a),
        Some(Command::Products(c)) => products::run(&ctx, c),
        Some(Command::Backup { out }) => backup(&ctx, &out),
        Some(Command::Audit(AuditCommand::Verify { json })) => audit_verify(&ctx, json),
        Some(Command::Vietqr(c)) => vietqr::run(&ctx, c),
        Some(Command::Sell(a)) => counter::sell(&ctx, &a),
        Some(Command::Sales(c)) => counter::sales(&ctx, c),
        Some(Command::Refund(a)) => counter::refund(&ctx, &a),
        Some(Command::Void(w)) => counter::void(&ctx, &w),
        Some(Command::Session(c)) => counter::session(&ctx, c),
        Some(Command::Report(c)) => counter::report(&ctx, c),
        Some(Command::Users(c)) => counter::users(&ctx, c),
        Some(Command::Receipt(c)) => counter::receipt(&ctx, c),
        Some(Command::Printer(c)) => counter::printer(&ctx, c),
        Some(Command::Invoice(c)) => invoice::run(&ctx, c),
        Some(Command::Ward(c)) => ward::run(&ctx, c),
        Some(Command::Assess(c)) => assess::run(&ctx, c),
    };
    match result {
        Ok(()) => 0,
        Err(f) => {
            eprintln!("{}: {}", ctx.t("lỗi", "error"), f.msg.get(ctx.lang));
            f.code
        }
    }
}

/// Print a progress line on stderr when it is a terminal.
pub(crate) fn progress(ctx: &Ctx, done: usize, total: usize) {
    if std::io::stderr().is_terminal() {
        if total == 0 {
            eprint!("\r{} {done}…", ctx.t("Đang ghi", "Writing"));
            return;
        }
        eprint!("\r{} {done}/{total}…", ctx.t("Đang ghi", "Writing"));
        if done == total {
            eprintln!();
        }
    }
}

fn backup(ctx: &Ctx, out: &Path) -> CmdResult {
    let store = ctx.open()?;
    let verdict = store.backup(out)?;
    let o = out.display();
    if verdict != "ok" {
        return Err(Failure {
            code: 3,
            msg: msg!(
                "bản sao {o} không qua kiểm tra toàn vẹn: {verdict}",
                "the copy {o} failed the integrity check: {verdict}",
            ),
        });
    }
    println!(
        "{}",
        Msg::new(
            format!("Đã sao lưu vào {o} (kiểm tra toàn vẹn: ok)"),
            format!("Backed up to {o} (integrity check: ok)")
        )
        .get(ctx.lang)
    );
    Ok(())
}

fn audit_verify(ctx: &Ctx, json: bool) -> CmdResult {
    let store = ctx.open()?;
    let report = store.verify_audit()?;
    if json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        let n = report.rows;
        match &report.first_broken {
            None => println!(
                "{}",
                ctx.lang.pick(
                    &format!("Nhật ký kiểm toán nguyên vẹn: {n} dòng, chuỗi băm khớp."),
                    &format!("Audit log intact: {n} rows, hash chain matches.")
                )
            ),
            Some(b) => {
                let seq = b.seq;
                let what = match b.reason {
                    "hash" => ctx.t("nội dung dòng đã bị sửa", "the row's content was changed"),
                    _ => ctx.t(
                        "dòng không nối tiếp dòng trước (bị xóa, chèn hoặc đổi thứ tự)",
                        "the row does not follow the one before it (removed, inserted or reordered)",
                    ),
                };
                println!(
                    "{}",
                    ctx.lang.pick(
                        &format!("Chuỗi kiểm toán bị đứt ở dòng {seq}: {what}."),
                        &format!("Audit chain broken at row {seq}: {what}.")
                    )
                );
            }
        }
    }
    if report.first_broken.is_some() {
        return Err(Failure {
            code: 1,
            msg: msg!(
                "nhật ký kiểm toán đã bị can thiệp",
                "the audit log has been tampered with"
            ),
        });
    }
    Ok(())
}
