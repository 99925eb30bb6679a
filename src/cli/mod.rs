//! The command line: every command is a thin shell over the library's
//! services. Errors go to stderr in the UI language; exit codes are
//! 0 success, 1 input or data refused, 2 usage, 3 shop file or device unusable.

pub mod args;
mod assess;
mod counter;
mod customers;
mod debt;
pub mod help;
pub mod invoice;
mod ops;
mod products;
mod sheets;
mod shop;
mod stock;
mod tax;
mod usage_error;
mod vietqr;
mod ward;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub use args::Cli;
use args::{AuditCommand, Command, WhoArgs};

use crate::i18n::Msg;
use crate::msg;

pub use crate::context::{CmdResult, Ctx, Failure, data_dir};

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
            bom: !cli.no_bom,
            clock: crate::time::Clock::from_env(),
        }
    }
}

/// `--from` (default `today`, Vietnam time) and `--to` (default `--from`).
pub(crate) fn date_range(
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> (String, String) {
    let from = match from {
        Some(f) => f.to_string(),
        None => today.to_string(),
    };
    let to = match to {
        Some(t) => t.to_string(),
        None => from.clone(),
    };
    (from, to)
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

/// `--format` and `--out` of a report or listing that can be a spreadsheet:
/// xlsx needs a file, and a file is only for csv or xlsx. Checked before any
/// work is done.
pub(crate) fn check_sheet_out(format: args::SheetFormat, out: Option<&Path>) -> CmdResult {
    use args::SheetFormat::*;
    match (format, out) {
        (Xlsx, None) => Err(Failure::usage(msg!(
            "--format xlsx cần --out TỆP.xlsx (một bảng tính không in ra terminal)",
            "--format xlsx needs --out FILE.xlsx (a spreadsheet is not printed to a terminal)"
        ))),
        (Table | Json, Some(_)) => Err(Failure::usage(msg!(
            "--out chỉ dùng với --format csv hoặc xlsx",
            "--out goes with --format csv or xlsx only"
        ))),
        _ => Ok(()),
    }
}

/// A CSV export (with the BOM unless `--no-bom`) to `--out` or stdout.
pub(crate) fn emit_csv(ctx: &Ctx, out: Option<&Path>, body: &str) -> CmdResult {
    let doc = ctx.csv_document(body);
    match out {
        Some(p) => write_file(p, doc.as_bytes()),
        None => {
            print!("{doc}");
            Ok(())
        }
    }
}

/// An .xlsx export of `sheet` into `out` (see `text::xlsx_document`).
pub fn emit_xlsx(out: &Path, sheet: &crate::text::Sheet) -> CmdResult {
    let bytes = crate::text::xlsx_document(sheet).map_err(|e| {
        Failure::refused(msg!(
            "không tạo được bảng tính: {e}",
            "cannot build the spreadsheet: {e}"
        ))
    })?;
    write_file(out, &bytes)
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

/// The version line: the program's version and the shop-file schema it writes.
pub fn version_text() -> String {
    let v = env!("CARGO_PKG_VERSION");
    let s = crate::store::SCHEMA_VERSION;
    format!("{v} (lược đồ tệp cửa hàng / shop-file schema {s})")
}

/// The full clap command, with the version line (texts as in `args/`).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().version(version_text())
}

/// The full clap command with every help text in `lang` (see [`help`]).
pub fn command_in(lang: crate::i18n::Lang) -> clap::Command {
    help::localized(command(), lang)
}

/// The whole program: parse the process's arguments (`--help`,
/// `--version` and usage errors end here, usage errors with exit code 2,
/// all in the language of `--lang`/`QUAY_LANG`), start the log, run the
/// command; returns the exit code.
pub fn main() -> i32 {
    use clap::FromArgMatches;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = help::lang_from(&args, std::env::var("QUAY_LANG").ok().as_deref());
    let matches = match command_in(lang).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return usage_error::report(&e, lang),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return usage_error::report(&e, lang),
    };
    crate::log::init(cli.verbose);
    // Command names only: argument values (PINs, buyers) never reach the log.
    let mut path = vec!["quay"];
    let mut m = &matches;
    while let Some((name, sub)) = m.subcommand() {
        path.push(name);
        m = sub;
    }
    let path = path.join(" ");
    tracing::info!(command = %path, version = env!("CARGO_PKG_VERSION"), "start");
    let code = run(cli);
    tracing::info!(command = %path, exit = code, "end");
    code
}

/// `quay` with no command opens the counter, which needs a terminal: without
/// one (a pipe, a file, a service) say how to use it instead of hanging.
fn no_terminal() -> Failure {
    Failure::usage(msg!(
        "không có terminal để mở màn hình bán hàng.\nDùng: quay [--db TỆP] [--lang vi|en] [--demo] LỆNH …  (quay --help để xem các lệnh)",
        "no terminal to open the counter on.\nUsage: quay [--db FILE] [--lang vi|en] [--demo] COMMAND …  (quay --help lists the commands)"
    ))
}

/// Before the counter's screen covers the terminal: a shop file on a
/// network share is said, and the cashier presses Enter to go on.
fn counter_share_warning(ctx: &Ctx) {
    if let Some(w) = ctx.network_share_warning() {
        eprintln!("{}: {}", ctx.t("chú ý", "warning"), w.get(ctx.lang));
        eprintln!(
            "{}",
            ctx.t(
                "Nhấn Enter để mở màn hình bán hàng…",
                "Press Enter to open the counter…"
            )
        );
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
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
        // std's print macros panic with this prefix when stdout fails; the
        // reason is then read from stdout itself, by its error kind.
        if text.starts_with("failed printing to stdout") && stdout_kind() == Some(std::io::ErrorKind::BrokenPipe) {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// The kind of error stdout gives now: what failed to print is still in its
/// buffer (flushing tries it again), else a newline is tried. Only called
/// once printing to stdout has already failed.
fn stdout_kind() -> Option<std::io::ErrorKind> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.flush()
        .and_then(|_| out.write_all(b"\n"))
        .and_then(|_| out.flush())
        .err()
        .map(|e| e.kind())
}

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let ctx = Ctx::from_cli(&cli);
    let result = match cli.command {
        None if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) => Err(no_terminal()),
        None => {
            counter_share_warning(&ctx);
            crate::tui::run(&ctx)
        }
        Some(Command::Init(a)) => shop::init(&ctx, &a),
        Some(Command::Products(c)) => products::run(&ctx, c),
        Some(Command::Backup { out, dir, keep, who }) => backup(&ctx, out.as_deref(), dir.as_deref(), keep, &who),
        Some(Command::Restore { from, outbox, who }) => restore(&ctx, &from, &outbox, &who),
        Some(Command::Audit(AuditCommand::Verify { json, against })) => audit_verify(&ctx, json, &against),
        Some(Command::Audit(AuditCommand::Head { json })) => audit_head(&ctx, json),
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
        Some(Command::Stock(c)) => stock::run(&ctx, c),
        Some(Command::Assess(c)) => assess::run(&ctx, c),
        Some(Command::Tax(c)) => tax::run(&ctx, c),
        Some(Command::Customers(c)) => customers::run(&ctx, c),
        Some(Command::Debt(c)) => debt::run(&ctx, c),
        Some(Command::Doctor { json }) => ops::doctor(&ctx, json),
        Some(Command::Completions { shell }) => ops::completions(&ctx, shell),
        Some(Command::Man { dir }) => ops::man(&ctx, dir.as_deref()),
    };
    match result {
        Ok(()) => 0,
        Err(f) => {
            eprintln!("{}: {}", ctx.t("lỗi", "error"), f.msg.get(ctx.lang));
            tracing::warn!(exit = f.code, "{}", f.msg.en);
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

fn backup(ctx: &Ctx, out: Option<&Path>, dir: Option<&Path>, keep: Option<u32>, who: &WhoArgs) -> CmdResult {
    let mut store = ctx.open()?;
    let actor = counter::manager_only(&mut store, who)?;
    let (out, removed) = match (out, dir) {
        (Some(out), _) => {
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
            (out.to_path_buf(), Vec::new())
        }
        (None, Some(dir)) => store.backup_dated(dir, keep.map(|k| k as usize))?,
        (None, None) => {
            return Err(Failure::usage(msg!(
                "cần --out TỆP hoặc --dir THƯ_MỤC",
                "--out FILE or --dir DIR is needed"
            )));
        }
    };
    // Recorded so that `quay doctor` can tell how old the last backup is.
    store.log_event(
        &actor,
        "backup",
        "shop",
        &serde_json::json!({ "out": out.display().to_string() }).to_string(),
    )?;
    if who.json {
        let removed: Vec<String> = removed.iter().map(|r| r.display().to_string()).collect();
        let doc = serde_json::json!({ "out": out.display().to_string(), "integrity": "ok", "removed": removed });
        println!("{doc}");
        return Ok(());
    }
    let o = out.display();
    println!(
        "{}",
        Msg::new(
            format!("Đã sao lưu vào {o} (kiểm tra toàn vẹn: ok)"),
            format!("Backed up to {o} (integrity check: ok)")
        )
        .get(ctx.lang)
    );
    for r in removed {
        let r = r.display();
        println!(
            "{}",
            Msg::new(format!("Đã xóa bản cũ {r}"), format!("Removed old copy {r}")).get(ctx.lang)
        );
    }
    Ok(())
}

fn restore(ctx: &Ctx, from: &Path, outbox: &[PathBuf], who: &WhoArgs) -> CmdResult {
    // Once the shop has users, only a manager restores: checked on the
    // current file, or on the backup's own users when the current file is
    // lost or cannot be opened.
    let actor = match crate::store::Store::open_with_clock(&ctx.db, crate::store::OpenMode::Existing, ctx.clock) {
        Ok(mut cur) => {
            let a = counter::manager_only(&mut cur, who)?;
            drop(cur);
            a
        }
        Err(_) => manager_of_backup(from, who, ctx.clock)?,
    };
    let mut outboxes = outbox.to_vec();
    outboxes.push(data_dir().join("outbox"));
    let r = crate::store::restore(&ctx.db, from, &actor, &outboxes, ctx.clock)?;
    if who.json {
        println!("{}", serde_json::to_string(&r).unwrap_or_default());
        return Ok(());
    }
    let f = from.display();
    let t = ctx.db.display();
    println!(
        "{}",
        Msg::new(format!("Đã khôi phục {t} từ {f}."), format!("Restored {t} from {f}.")).get(ctx.lang)
    );
    if let Some(a) = &r.moved_aside {
        let a = a.display();
        println!(
            "{}",
            Msg::new(
                format!("Tệp cũ (cùng -wal/-shm) đã được chuyển sang {a}, không xóa gì."),
                format!("The previous file (with its -wal/-shm) was moved to {a}; nothing was deleted.")
            )
            .get(ctx.lang)
        );
    }
    let m = &r.continues_after;
    let mut parts = vec![format!("{} {}", ctx.t("đơn", "sale"), m.sale)];
    for (k, (_, n)) in &m.invoice {
        parts.push(format!("{} {k} {n}", ctx.t("hóa đơn", "invoice")));
    }
    for (k, n) in &m.mccqt {
        parts.push(format!("{} {k} {n}", ctx.t("mã máy tính tiền", "cash-register code")));
    }
    let list = parts.join(", ");
    println!(
        "{}",
        Msg::new(
            format!("Số tiếp theo sẽ sau số lớn nhất đã cấp: {list}."),
            format!("Numbering continues after the highest issued: {list}.")
        )
        .get(ctx.lang)
    );
    Ok(())
}

/// [`counter::manager_only`] against the users recorded in the backup,
/// checked on a private copy so the backup itself is never written to.
fn manager_of_backup(from: &Path, who: &WhoArgs, clock: crate::time::Clock) -> Result<String, Failure> {
    if !from.is_file() {
        return Err(crate::store::StoreError::NotFound(from.to_path_buf()).into());
    }
    let probe = std::env::temp_dir().join(format!("quay-restore-check-{}.quay", uuid::Uuid::new_v4()));
    let checked = std::fs::copy(from, &probe)
        .map_err(|e| {
            Failure::from(crate::store::StoreError::Io {
                path: probe.clone(),
                detail: e.to_string(),
            })
        })
        .and_then(|_| {
            let mut copy = crate::store::Store::open_with_clock(&probe, crate::store::OpenMode::Existing, clock)?;
            counter::manager_only(&mut copy, who)
        });
    for suffix in ["", "-wal", "-shm"] {
        let f = PathBuf::from(format!("{}{suffix}", probe.display()));
        if f.exists()
            && let Err(e) = std::fs::remove_file(&f)
        {
            tracing::warn!("could not remove the temporary copy {}: {e}", f.display());
        }
    }
    checked
}

fn audit_head(ctx: &Ctx, json: bool) -> CmdResult {
    let store = ctx.open()?;
    let head = store.audit_head()?;
    if json {
        println!("{}", serde_json::json!({ "audit_head": head }));
    } else {
        println!("{}", head.short());
    }
    Ok(())
}

/// An anchor given on the command line: `SEQ:HASH` or a JSON file.
fn anchor_arg(s: &str) -> Result<crate::store::AuditHead, Failure> {
    if let Some(h) = crate::store::AuditHead::parse(s) {
        return Ok(h);
    }
    let path = Path::new(s);
    if !path.exists() {
        return Err(Failure::usage(msg!(
            "--against '{s}': cần SEQ:HASH (ít nhất 16 ký tự hex) hoặc một tệp JSON có \"audit_head\"",
            "--against '{s}': expected SEQ:HASH (at least 16 hex characters) or a JSON file with \"audit_head\""
        )));
    }
    let text = read_text(path)?;
    crate::store::anchor_in_json(&text).map_err(|e| {
        let m = e.msg();
        Failure {
            code: 1,
            msg: Msg::new(format!("{s}: {}", m.vi), format!("{s}: {}", m.en)),
        }
    })
}

fn audit_verify(ctx: &Ctx, json: bool, against: &[String]) -> CmdResult {
    let anchors = against.iter().map(|a| anchor_arg(a)).collect::<Result<Vec<_>, _>>()?;
    let store = ctx.open()?;
    let report = store.verify_audit()?;
    let checks = anchors
        .iter()
        .map(|a| store.check_anchor(a))
        .collect::<Result<Vec<_>, _>>()?;
    let anchors_ok = checks.iter().all(|c| c.verdict == "ok");
    let behind = store.numbering_behind()?;
    if json {
        let mut v = serde_json::to_value(&report).unwrap_or_default();
        v["intact"] = serde_json::json!(report.intact() && anchors_ok && behind.is_empty());
        v["numbering_behind"] = serde_json::json!(behind);
        v["anchors"] = serde_json::to_value(&checks).unwrap_or_default();
        println!("{v}");
    } else {
        let n = report.rows;
        let d = report.documents_checked;
        match &report.first_broken {
            None if report.documents.is_empty() => println!(
                "{}",
                ctx.lang.pick(
                    &format!("Chuỗi kiểm toán khớp: {n} dòng, {d} chứng từ được đối chiếu."),
                    &format!("Audit chain matches: {n} rows, {d} documents checked.")
                )
            ),
            None => {
                let k = report.documents.len();
                println!(
                    "{}",
                    ctx.lang.pick(
                        &format!("Chuỗi kiểm toán nối liền ({n} dòng) nhưng {k} chứng từ không khớp với chuỗi:"),
                        &format!("The audit chain links up ({n} rows) but {k} documents differ from it:")
                    )
                )
            }
            Some(b) => {
                let seq = b.seq;
                let what = match b.reason {
                    "hash" => ctx.t("nội dung dòng đã bị sửa", "the row's content was changed"),
                    "docs" => ctx.t(
                        "dấu băm chứng từ ghi kèm dòng đã bị sửa",
                        "the document digests recorded with the row were changed",
                    ),
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
        for f in &report.documents {
            let kind = match f.kind.as_str() {
                "sale" => ctx.t("chứng từ bán", "sale"),
                "invoice" => ctx.t("hóa đơn", "invoice"),
                "z_report" => ctx.t("báo cáo Z", "Z report"),
                "user" => ctx.t("người dùng", "user"),
                "profile" => ctx.t("hồ sơ cửa hàng", "shop profile"),
                "product" => ctx.t("mặt hàng", "product"),
                other => other,
            };
            let change = match f.change {
                "edited" => ctx.t("đã bị sửa", "edited"),
                "deleted" => ctx.t("đã bị xóa", "deleted"),
                _ => ctx.t("được chèn ngoài chuỗi kiểm toán", "inserted outside the audit chain"),
            };
            let num = crate::text::terminal_safe(&f.number);
            let at = f
                .seq
                .map(|s| {
                    ctx.lang
                        .pick(&format!(" (dòng {s})"), &format!(" (row {s})"))
                        .to_string()
                })
                .unwrap_or_default();
            println!("  {kind} {num}: {change}{at}");
        }
        for c in &checks {
            let a = c.anchor.short();
            let line = match c.verdict {
                "ok" => msg!("Mốc {a}: khớp.", "Anchor {a}: matches."),
                "truncated" => msg!(
                    "Mốc {a}: chuỗi kết thúc trước dòng này (đã bị cắt bớt).",
                    "Anchor {a}: the chain ends before this row (truncated)."
                ),
                _ => msg!(
                    "Mốc {a}: dòng này nay có băm khác (chuỗi đã bị viết lại).",
                    "Anchor {a}: this row now has another hash (the chain was rewritten)."
                ),
            };
            println!("{}", line.get(ctx.lang));
        }
    }
    if !json {
        for b in &behind {
            println!(
                "{}",
                msg!(
                    "Đánh số bị lùi so với mốc số đã cấp bên cạnh tệp ({b}): tệp đã bị cắt bớt hoặc chép đè",
                    "Numbering is behind the mark of issued numbers beside the file ({b}): the file was truncated or copied over"
                )
                .get(ctx.lang)
            );
        }
    }
    if !report.intact() || !anchors_ok || !behind.is_empty() {
        return Err(Failure {
            code: 1,
            msg: msg!(
                "tệp cửa hàng đã bị can thiệp ngoài quay",
                "the shop file was changed outside quay"
            ),
        });
    }
    Ok(())
}
