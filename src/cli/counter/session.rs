//! `quay session` and `quay report`: the drawer, X/Z and the other reports.

use super::*;

pub fn session(ctx: &Ctx, c: SessionCommand) -> CmdResult {
    let mut store = ctx.open()?;
    match c {
        SessionCommand::Open { float, who: w } => {
            let actor = who(&mut store, &w)?;
            let s = store.open_session(amount(&float, "--float")?, &actor.name)?;
            if w.json {
                let doc = serde_json::json!({
                    "session_id": s.id,
                    "opened_at": crate::time::stamp_text(&s.opened_at),
                    "opened_by": s.opened_by,
                    "opening_float": s.opening_float,
                });
                println!("{doc}");
                return Ok(());
            }
            println!(
                "{}",
                ctx.lang.pick(
                    &format!("Đã mở ca {} với {} tiền đầu ca.", s.id, s.opening_float),
                    &format!("Opened session {} with a float of {}.", s.id, s.opening_float)
                )
            );
            Ok(())
        }
        SessionCommand::CashIn {
            amount: a,
            reason,
            who: w,
        } => cash_move(ctx, &mut store, &a, &reason, &w, false),
        SessionCommand::CashOut {
            amount: a,
            reason,
            who: w,
        } => cash_move(ctx, &mut store, &a, &reason, &w, true),
        SessionCommand::Close { counted, who: w } => {
            let actor = who(&mut store, &w)?;
            let counted = amount(&counted, "--counted")?;
            let report = close_session(&mut store, &actor, counted)?;
            if w.json {
                println!("{}", serde_json::to_string(&report).unwrap_or_default());
                return Ok(());
            }
            for l in zreport::render(&report, ctx.lang, crate::receipt::WIDTH_80MM) {
                println!("{l}");
            }
            Ok(())
        }
    }
}

/// Close the open session and return its frozen Z report.
pub(crate) fn close_session(store: &mut Store, actor: &Actor, counted: Vnd) -> Result<zreport::SessionReport, Failure> {
    Ok(counter::close_session(store, actor, counted)?)
}

fn cash_move(ctx: &Ctx, store: &mut Store, a: &str, reason: &str, w: &WhoArgs, out: bool) -> CmdResult {
    let actor = who(store, w)?;
    let v = amount(a, "--amount")?;
    if v.0 <= 0 {
        return Err(Failure::refused(msg!(
            "--amount phải lớn hơn 0",
            "--amount must be above zero"
        )));
    }
    store.cash_move(if out { -v } else { v }, reason, &actor.name)?;
    if w.json {
        let doc = serde_json::json!({
            "kind": if out { "cash_out" } else { "cash_in" },
            "amount": v,
            "reason": reason,
            "user": actor.name,
        });
        println!("{doc}");
        return Ok(());
    }
    let text = if out {
        msg!(
            "Đã ghi rút {v} khỏi két: {reason}",
            "Recorded {v} taken out of the drawer: {reason}"
        )
    } else {
        msg!(
            "Đã ghi nộp {v} vào két: {reason}",
            "Recorded {v} put into the drawer: {reason}"
        )
    };
    println!("{}", text.get(ctx.lang));
    Ok(())
}

pub fn report(ctx: &Ctx, c: ReportCommand) -> CmdResult {
    let store = ctx.open()?;
    match c {
        ReportCommand::Cashless {
            from,
            to,
            by,
            format,
            out,
        } => super::super::ward::cashless(ctx, &store, from, to, by, format, out.as_deref()),
        ReportCommand::Summary { period, json } => super::super::ward::summary(ctx, &store, &period, json),
        ReportCommand::Cashiers {
            date,
            json,
            format,
            out,
        } => {
            let format = super::super::sheets::format(json, format, out.as_deref())?;
            super::super::debt::cashiers(ctx, &store, date, format, out.as_deref())
        }
        ReportCommand::Profit {
            from,
            to,
            by,
            json,
            format,
            out,
        } => {
            let format = super::super::sheets::format(json, format, out.as_deref())?;
            super::super::stock::profit(ctx, &store, from, to, by, format, out.as_deref())
        }
        ReportCommand::X { json } => {
            let r = counter::x_report(&store)?.ok_or_else(|| {
                Failure::refused(msg!("chưa mở ca: chưa có báo cáo X", "no open session: no X report"))
            })?;
            if json {
                println!("{}", serde_json::to_string(&r).unwrap_or_default());
            } else {
                for l in zreport::render(&r, ctx.lang, crate::receipt::WIDTH_80MM) {
                    println!("{l}");
                }
            }
            Ok(())
        }
        ReportCommand::Z { date, json } => {
            let date = match date {
                Some(d) => d.to_string(),
                None => ctx.clock.today().to_string(),
            };
            let (reports, unreadable) = zreport::closed_on(&store, &date)?;
            // A damaged report is named on stderr and fails the command
            // (exit 3) after the readable ones are shown.
            let damaged = || -> CmdResult {
                if unreadable.is_empty() {
                    return Ok(());
                }
                let list: Vec<String> = unreadable.iter().map(|(z, e)| format!("Z{z} ({e})")).collect();
                let list = list.join(", ");
                Err(Failure {
                    code: 3,
                    msg: msg!(
                        "Báo cáo Z trong tệp cửa hàng bị hỏng, không đọc được: {list}",
                        "Z report(s) in the shop file are damaged and cannot be read: {list}"
                    ),
                })
            };
            if json {
                // The newest Z report's anchor, at the top for `audit verify --against`.
                let head = reports
                    .iter()
                    .filter_map(|r| r.audit_head.clone())
                    .max_by_key(|h| h.seq);
                println!(
                    "{}",
                    serde_json::json!({ "date": date, "audit_head": head, "z_reports": reports })
                );
                return damaged();
            }
            if reports.is_empty() && unreadable.is_empty() {
                println!(
                    "{}",
                    ctx.lang.pick(
                        &format!(
                            "Không có báo cáo Z nào ngày {date} (chốt ca bằng `quay session close --counted SỐ_TIỀN`)."
                        ),
                        &format!("No Z report on {date} (close a session with `quay session close --counted AMOUNT`).")
                    )
                );
            }
            for r in reports {
                for l in zreport::render(&r, ctx.lang, crate::receipt::WIDTH_80MM) {
                    println!("{l}");
                }
            }
            damaged()
        }
    }
}
