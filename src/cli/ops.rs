//! Commands for the people who install and look after quay: `doctor`,
//! `completions`, `man`.

use std::io::Write;
use std::path::Path;

use super::{CmdResult, Ctx, Failure};
use crate::doctor::{self, Level};
use crate::msg;

/// `quay doctor [--json]`: exit 1 when any check failed.
pub fn doctor(ctx: &Ctx, json: bool) -> CmdResult {
    let store = ctx.open()?;
    let checks = doctor::examine(&store, &ctx.db, ctx.clock.now());
    let worst = checks.iter().map(|c| c.level).max().unwrap_or(Level::Ok);
    if json {
        let list: Vec<_> = checks
            .iter()
            .map(|c| {
                serde_json::json!({
                    "check": c.id,
                    "status": c.level,
                    "detail": c.detail.get(ctx.lang),
                    "action": c.action.as_ref().map(|a| a.get(ctx.lang)),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "file": ctx.db.display().to_string(),
            "schema_version": store.schema_version()?,
            "status": worst,
            "checks": list,
        });
        println!("{doc}");
    } else {
        for c in &checks {
            let tag = match c.level {
                Level::Ok => "ok",
                Level::Warn => ctx.t("CHÚ Ý", "WARN"),
                Level::Fail => ctx.t("LỖI", "FAIL"),
            };
            println!("[{tag:<5}] {:<13} {}", c.id, c.detail.get(ctx.lang));
            if let Some(a) = &c.action {
                println!("        {} {}", ctx.t("→ cần làm:", "→ to do:"), a.get(ctx.lang));
            }
        }
    }
    if worst == Level::Fail {
        return Err(Failure::refused(msg!(
            "có kiểm tra không đạt (xem trên)",
            "some checks failed (see above)"
        )));
    }
    Ok(())
}

/// `quay completions SHELL`: the script on stdout (descriptions in the
/// chosen language).
pub fn completions(ctx: &Ctx, shell: clap_complete::Shell) -> CmdResult {
    let mut cmd = super::command_in(ctx.lang);
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "quay", &mut buf);
    print_bytes(&buf)
}

/// `quay man [--dir DIR]`: quay(1) on stdout, or every page into DIR, in
/// the chosen language.
pub fn man(ctx: &Ctx, dir: Option<&Path>) -> CmdResult {
    let cmd = super::command_in(ctx.lang);
    match dir {
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut buf).map_err(io_fail)?;
            print_bytes(&buf)
        }
        Some(d) => {
            std::fs::create_dir_all(d).map_err(io_fail)?;
            write_pages(&cmd, "quay", d)
        }
    }
}

fn write_pages(cmd: &clap::Command, name: &str, dir: &Path) -> CmdResult {
    let page = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(page).render(&mut buf).map_err(io_fail)?;
    super::write_file(&dir.join(format!("{name}.1")), &buf)?;
    // clap's `help` commands get no page of their own.
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir)?;
    }
    Ok(())
}

/// Write to stdout; a reader that went away (`| head`) is not an error.
fn print_bytes(buf: &[u8]) -> CmdResult {
    let mut out = std::io::stdout().lock();
    match out.write_all(buf).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(io_fail(e)),
        _ => Ok(()),
    }
}

fn io_fail(e: std::io::Error) -> Failure {
    Failure {
        code: 3,
        msg: msg!("không ghi được trang hướng dẫn: {e}", "cannot write the manual: {e}"),
    }
}
