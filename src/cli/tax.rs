//! `quay tax …`: the household's revenue book, period summaries,
//! thresholds, product tax groups and channel revenue.

use super::args::{BookFormArg, BookFormat, TaxChannelCommand, TaxCommand};
use super::{CmdResult, Ctx, Failure};
use crate::money::Vnd;
use crate::msg;
use crate::report::tax::{self as svc, TaxError};
use crate::report::tax_render as render;
use crate::tax::Period;

impl From<TaxError> for Failure {
    fn from(e: TaxError) -> Failure {
        match e {
            TaxError::Refused(m) => Failure::refused(m),
            TaxError::Store(s) => s.into(),
        }
    }
}

pub fn run(ctx: &Ctx, c: TaxCommand) -> CmdResult {
    let today = ctx.clock.today();
    match c {
        TaxCommand::Book {
            year,
            format,
            form,
            out,
        } => {
            if matches!(format, BookFormat::Xlsx) && out.is_none() {
                return Err(Failure::usage(msg!(
                    "--format xlsx cần --out TỆP.xlsx (một bảng tính không in ra terminal)",
                    "--format xlsx needs --out FILE.xlsx (a spreadsheet is not printed to a terminal)"
                )));
            }
            let p = Period::Year(year);
            p.check_started(today)
                .map_err(|m| Failure::refused(m.msg().prefixed("--year: ", "--year: ")))?;
            let table = svc::table()?;
            let store = ctx.open()?;
            let form = form.map(|f| match f {
                BookFormArg::S1a => svc::BookForm::S1a,
                BookFormArg::S2a => svc::BookForm::S2a,
            });
            let (from, to) = (p.first_day(), p.last_day().min(today));
            let b = svc::book(&store, &table, year, from, to, form, ctx.lang)?;
            let text = match format {
                BookFormat::Xlsx => {
                    // checked before the book was read: xlsx has its --out
                    if let Some(path) = &out {
                        super::emit_xlsx(path, &crate::report::tax_book::book_sheet(&b, ctx.lang))?;
                    }
                    None
                }
                BookFormat::Html => Some(crate::report::tax_book::book_html(&b, ctx.lang)),
                BookFormat::Csv => Some(ctx.csv_document(&crate::report::tax_book::book_csv(&b, ctx.lang))),
                BookFormat::Json => Some(format!("{}\n", serde_json::to_string(&b).unwrap_or_default())),
            };
            match (text, out) {
                (Some(text), Some(path)) => super::write_file(&path, text.as_bytes())?,
                (Some(text), None) => print!("{text}"),
                (None, _) => {}
            }
            if !b.defaulted.is_empty() {
                eprintln!("{}", render::defaulted_line(&b.defaulted, ctx.lang));
            }
            Ok(())
        }
        TaxCommand::Summary { quarter, year, json } => {
            // clap requires one of them
            let period = quarter
                .or(year)
                .ok_or_else(|| Failure::usage(msg!("cần --quarter hoặc --year", "--quarter or --year is needed")))?;
            let table = svc::table()?;
            let store = ctx.open()?;
            let (s, defaulted) = svc::summary(&store, &table, period, today, ctx.lang)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "summary": s, "defaulted_products": defaulted, "table_version": table.version })
                );
            } else {
                for l in render::summary_text(&s, ctx.lang) {
                    println!("{l}");
                }
                if !defaulted.is_empty() {
                    println!("{}", render::defaulted_line(&defaulted, ctx.lang));
                }
            }
            Ok(())
        }
        TaxCommand::Thresholds { year, json } => {
            let year = year.unwrap_or_else(|| chrono::Datelike::year(&today));
            Period::Year(year)
                .check_started(today)
                .map_err(|m| Failure::refused(m.msg().prefixed("--year: ", "--year: ")))?;
            let table = svc::table()?;
            let store = ctx.open()?;
            let th = svc::thresholds(&store, &table, year, today)?;
            if json {
                println!("{}", serde_json::to_string(&th).unwrap_or_default());
            } else {
                for l in render::thresholds_text(&th, ctx.lang) {
                    println!("{l}");
                }
            }
            Ok(())
        }
        TaxCommand::Group {
            sku,
            group,
            clear,
            auth,
        } => {
            let table = svc::table()?;
            let group = if clear { None } else { group };
            if let Some(g) = &group
                && table.group(g).is_none()
            {
                let known: Vec<&str> = table.groups.iter().map(|g| g.code.as_str()).collect();
                let known = known.join(", ");
                return Err(Failure::refused(msg!(
                    "nhóm '{g}' không có trong bảng thuế ({known})",
                    "group '{g}' is not in the tax table ({known})"
                )));
            }
            let mut store = ctx.open()?;
            let actor = super::counter::manager_auth(&mut store, &auth)?;
            store.set_tax_group(&sku, group.as_deref(), &actor)?;
            match group {
                Some(g) => println!("{}", msg!("{sku}: nhóm {g}", "{sku}: group {g}").get(ctx.lang)),
                None => println!(
                    "{}",
                    msg!(
                        "{sku}: theo thuế suất GTGT (mặc định)",
                        "{sku}: by its VAT rate (default)"
                    )
                    .get(ctx.lang)
                ),
            }
            Ok(())
        }
        TaxCommand::Channel(TaxChannelCommand::Add {
            channel,
            period,
            amount,
            group,
            withheld,
            note,
            auth,
            json,
        }) => {
            let amount = signed_amount(&amount, "--amount")?;
            let withheld = signed_amount(&withheld, "--withheld")?;
            let table = svc::table()?;
            let mut store = ctx.open()?;
            let actor = super::counter::manager_auth(&mut store, &auth)?;
            let input = svc::ChannelInput {
                channel: &channel,
                period: &period,
                group: &group,
                amount,
                withheld,
                note: note.as_deref(),
            };
            let e = svc::add_channel(&mut store, &table, &input, today, &actor)?;
            if json {
                println!("{}", serde_json::to_string(&e).unwrap_or_default());
            } else {
                let (c, f, t, a) = (&e.channel, &e.period_from, &e.period_to, Vnd(e.amount));
                println!(
                    "{}",
                    msg!(
                        "Đã ghi doanh thu kênh {c} {f} – {t}: {a}",
                        "Recorded {c} revenue {f} – {t}: {a}"
                    )
                    .get(ctx.lang)
                );
            }
            Ok(())
        }
        TaxCommand::Channel(TaxChannelCommand::List { year, json }) => {
            let year = year.unwrap_or_else(|| chrono::Datelike::year(&today));
            let p = Period::Year(year);
            let store = ctx.open()?;
            let list = store.channel_revenue(&p.first_day().to_string(), &p.last_day().to_string())?;
            if json {
                println!("{}", serde_json::json!({ "year": year, "entries": list }));
            } else {
                for e in &list {
                    println!(
                        "K{:<4} {:<12} {} – {}  {:<10} {:>16}  {:>14}",
                        e.id,
                        crate::text::terminal_safe(&e.channel),
                        e.period_from,
                        e.period_to,
                        e.tax_group,
                        Vnd(e.amount).to_string(),
                        Vnd(e.withheld).to_string()
                    );
                }
            }
            Ok(())
        }
    }
}

/// An amount as cashiers type it, with an optional leading minus.
fn signed_amount(s: &str, what: &str) -> Result<i64, Failure> {
    let (neg, body) = match s.trim().strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.trim()),
    };
    let v = Vnd::parse(body).map_err(|e| Failure::refused(msg!("{what} '{s}': {e}", "{what} '{s}': {e}")))?;
    if v.0 > crate::money::MAX_AMOUNT.0 {
        return Err(Failure::refused(msg!(
            "{what} '{s}': quá lớn",
            "{what} '{s}': too large"
        )));
    }
    Ok(if neg { -v.0 } else { v.0 })
}

/// After a sale: say once (per threshold and year) that the year's revenue
/// has crossed a threshold. Never fails the sale it follows.
pub(super) fn notice_once(ctx: &Ctx, store: &mut crate::store::Store) {
    let Ok(table) = svc::table() else { return };
    if let Ok(Some((key, m))) = svc::counter_notice(store, &table, ctx.clock.today()) {
        eprintln!("{}: {}", ctx.t("lưu ý thuế", "tax notice"), m.get(ctx.lang));
        let _ = store.mark_notice_shown(&key);
    }
}
