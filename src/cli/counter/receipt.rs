//! `quay receipt` and `quay printer`.

use super::*;

/// Whether these print settings send the printer's bytes to stdout.
fn prints_to_stdout(store: &Store, ov: &crate::printing::Overrides) -> Result<bool, Failure> {
    let base = store.profile()?.map(|p| p.printer).unwrap_or_default();
    Ok(ov
        .apply(base)
        .uri
        .as_deref()
        .and_then(|u| crate::receipt::transport::PrinterUri::parse(u).ok())
        .is_some_and(|u| matches!(u, crate::receipt::transport::PrinterUri::Stdout)))
}

/// With `--json`, stdout carries the JSON document only: a receipt or slip
/// for the shop's `stdout` printer is not printed but stays queued (`quay
/// receipt print N`), and stderr says so. Returns true when it was held back.
pub(super) fn json_keeps_receipt(ctx: &Ctx, store: &Store, json: bool, number: i64) -> Result<bool, Failure> {
    if !json || !prints_to_stdout(store, &Default::default())? {
        return Ok(false);
    }
    let n = format_number(number);
    eprintln!(
        "{}: {}",
        ctx.t("lưu ý", "note"),
        msg!(
            "với --json, phiếu không in ra stdout; phiếu đơn {n} chờ in: quay receipt print {number}",
            "with --json the receipt is not printed to stdout; the receipt of {n} waits: quay receipt print {number}"
        )
        .get(ctx.lang)
    );
    Ok(true)
}

fn overrides(f: &PrintFlags) -> Result<crate::printing::Overrides, Failure> {
    if let Some(u) = &f.printer {
        crate::receipt::transport::PrinterUri::parse(u)
            .map_err(|m| Failure::usage(m.prefixed("--printer: ", "--printer: ")))?;
    }
    Ok(crate::printing::Overrides {
        uri: f.printer.clone(),
        paper: f.paper,
        mode: f.mode,
        pay_qr: f.pay_qr,
    })
}

pub fn receipt(ctx: &Ctx, c: ReceiptCommand) -> CmdResult {
    match c {
        ReceiptCommand::Preview { number, flags, png } => {
            let store = ctx.open()?;
            let ov = overrides(&flags)?;
            let rec = store.sale_by_number(number)?.ok_or_else(|| {
                let n = format_number(number);
                Failure::refused(msg!("không có đơn {n}", "no sale {n}"))
            })?;
            let profile = store
                .profile()?
                .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
            let p = ov.apply(profile.printer.clone());
            let qr = if ov.pay_qr {
                Some(crate::printing::pay_qr_for(&rec, &profile, ctx.lang).map_err(Failure::from)?)
            } else {
                None
            };
            let r = crate::receipt::build(&rec, &profile, p.paper.cols(), ctx.lang, qr);
            for l in &r.lines {
                println!("{l}");
            }
            if let Some(path) = png {
                let bmp = crate::receipt::raster::render_lines(&r.lines, &r.bold, p.paper.cols());
                let bytes = bmp
                    .png()
                    .map_err(|e| Failure::refused(msg!("không tạo được PNG: {e}", "cannot make the PNG: {e}")))?;
                super::super::write_file(&path, &bytes)?;
            }
            Ok(())
        }
        ReceiptCommand::Print {
            number,
            flags,
            drawer,
            who: w,
        } => {
            let mut store = ctx.open()?;
            let actor = who(&mut store, &w)?;
            let ov = overrides(&flags)?;
            if w.json && prints_to_stdout(&store, &ov)? {
                return Err(Failure::usage(msg!(
                    "--json và máy in stdout không đi cùng nhau: byte của máy in sẽ lẫn vào JSON; bỏ --json hoặc chọn máy in khác (--printer)",
                    "--json and the stdout printer do not go together: the printer's bytes would mix into the JSON; drop --json or pick another printer (--printer)"
                )));
            }
            crate::printing::print_sale(&mut store, number, &ov, &actor.name, ctx.lang, drawer)?;
            if w.json {
                let doc = serde_json::json!({ "sale_number": number, "printed": true, "drawer": drawer });
                println!("{doc}");
                return Ok(());
            }
            let n = format_number(number);
            println!(
                "{}",
                msg!("Đã in phiếu đơn {n}", "Printed the receipt of sale {n}").get(ctx.lang)
            );
            Ok(())
        }
        ReceiptCommand::Jobs { json } => {
            let store = ctx.open()?;
            let jobs = store.print_jobs(true)?;
            if json {
                println!("{}", serde_json::json!({ "jobs": jobs }));
                return Ok(());
            }
            if jobs.is_empty() {
                println!(
                    "{}",
                    ctx.t("Không có phiếu nào chờ in.", "No receipts waiting to print.")
                );
            }
            for j in jobs {
                let n = j.sale_number.map(format_number).unwrap_or_default();
                println!(
                    "{n}  {:<7} {} {}  {}",
                    j.status.code(),
                    j.attempts,
                    ctx.t("lần", "tries"),
                    j.last_error.unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}

pub fn printer(ctx: &Ctx, c: PrinterCommand) -> CmdResult {
    match c {
        PrinterCommand::Test { flags } => {
            let ov = overrides(&flags)?;
            // The shop's settings if there is a shop file, else the defaults.
            let base = match ctx.open() {
                Ok(store) => store.profile()?.map(|p| p.printer).unwrap_or_default(),
                Err(_) => Default::default(),
            };
            let p = ov.apply(base);
            let uri = p.uri.clone().ok_or_else(|| {
                Failure::refused(msg!(
                    "chưa có máy in: thêm --printer file:/dev/usb/lp0 (hoặc tcp://IP:9100)",
                    "no printer: add --printer file:/dev/usb/lp0 (or tcp://IP:9100)"
                ))
            })?;
            let uri = crate::receipt::transport::PrinterUri::parse(&uri).map_err(Failure::usage)?;
            let modes: Vec<crate::receipt::TextMode> = match ov.mode {
                Some(m) => vec![m],
                None => crate::receipt::TextMode::ALL.to_vec(),
            };
            for m in modes {
                let mut pm = p.clone();
                pm.mode = m;
                let bytes = crate::printing::test_page(&pm, ctx.lang).map_err(Failure::from)?;
                crate::receipt::transport::send(&uri, &bytes).map_err(|m| Failure { code: 3, msg: m.msg() })?;
                if !matches!(uri, crate::receipt::transport::PrinterUri::Stdout) {
                    let mode = m.code();
                    println!(
                        "{}",
                        msg!("Đã in trang thử chế độ {mode}", "Printed the {mode} test page").get(ctx.lang)
                    );
                }
            }
            Ok(())
        }
    }
}
