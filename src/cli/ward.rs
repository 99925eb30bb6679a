//! `quay report cashless|summary`, `quay ward export|merge`.

use super::args::{Format, WardCommand};
use super::{CmdResult, Ctx, Failure, write_file};
use crate::msg;
use crate::report::{bundle, cashless, ward};
use crate::store::Store;

pub fn cashless(ctx: &Ctx, store: &Store, from: &str, to: &str, by: &str, format: Format) -> CmdResult {
    let (from, _) = cashless::period(from).map_err(|m| Failure::usage(m.prefixed("--from: ", "--from: ")))?;
    let (_, to) = cashless::period(to).map_err(|m| Failure::usage(m.prefixed("--to: ", "--to: ")))?;
    if from > to {
        return Err(Failure::usage(msg!("--from sau --to", "--from is after --to")));
    }
    let by = cashless::Grouping::parse(by).unwrap_or(cashless::Grouping::Day);
    let rows = cashless::cashless(store, &from, &to, by)?;
    match format {
        Format::Json => println!("{}", serde_json::json!({ "from": from, "to": to, "rows": rows })),
        Format::Csv => print!("{}", cashless::csv(&rows)),
        Format::Table => {
            for l in cashless::render_table(&rows, ctx.lang) {
                println!("{l}");
            }
        }
    }
    Ok(())
}

pub fn summary(ctx: &Ctx, store: &Store, period: &str, json: bool) -> CmdResult {
    let (from, to) = cashless::period(period).map_err(|m| Failure::usage(m.prefixed("--period: ", "--period: ")))?;
    let b = bundle::build(store, period.trim(), &from, &to, false)?;
    if json {
        println!("{}", serde_json::to_string(&b).unwrap_or_default());
        return Ok(());
    }
    let pct = |x: f64| format!("{:.1} %", x * 100.0).replace('.', ",");
    let t = |vi: &'static str, en: &'static str| ctx.t(vi, en);
    let s = &b.sales;
    println!("{} {} ({from} → {to})", b.shop.name, b.period.label);
    println!("{:<34} {}", t("Số đơn bán", "Sales"), s.sales);
    println!("{:<34} {}", t("Doanh thu", "Value"), crate::money::Vnd(s.value));
    println!(
        "{:<34} {} / {}",
        t("Không dùng tiền mặt (đơn / giá trị)", "Cashless (count / value)"),
        pct(s.cashless_share_count),
        pct(s.cashless_share_value)
    );
    println!(
        "{:<34} {}",
        t("Đơn có hóa đơn điện tử", "Sales with an e-invoice"),
        pct(s.invoice_coverage_count)
    );
    println!(
        "{:<34} {} ({} {})",
        t("Sản phẩm có mã vạch", "Products with a barcode"),
        pct(b.barcodes.share),
        pct(b.barcodes.share_vn),
        t("mã 893", "893 numbers")
    );
    println!(
        "{:<34} {} ({})",
        t("Dòng hàng OCOP đã bán", "OCOP lines sold"),
        b.ocop.lines_sold,
        crate::money::Vnd(b.ocop.value)
    );
    let targets = ward::targets(from.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026));
    println!(
        "{} {} · {} {} · {} {}",
        t("Mục tiêu: KDTM >", "Targets: cashless >"),
        pct(targets.cashless),
        t("HĐĐT", "e-invoices"),
        pct(targets.einvoice),
        t("mã vạch ≥", "barcodes ≥"),
        pct(targets.barcode)
    );
    Ok(())
}

pub fn run(ctx: &Ctx, c: WardCommand) -> CmdResult {
    match c {
        WardCommand::Export {
            period,
            out,
            csv,
            share_tax_code,
        } => {
            let store = ctx.open()?;
            let (from, to) =
                cashless::period(&period).map_err(|m| Failure::usage(m.prefixed("--period: ", "--period: ")))?;
            let b = bundle::build(&store, period.trim(), &from, &to, share_tax_code)?;
            let text = serde_json::to_string_pretty(&b).unwrap_or_default();
            write_file(&out, text.as_bytes())?;
            if let Some(c) = csv {
                write_file(&c, bundle::csv(&b).as_bytes())?;
            }
            let o = out.display();
            println!(
                "{}",
                msg!("Đã xuất gói báo cáo {o}", "Wrote the bundle {o}").get(ctx.lang)
            );
            Ok(())
        }
        WardCommand::Merge {
            inputs,
            out,
            csv,
            json,
            latest,
        } => {
            let files = ward::collect(&inputs).map_err(Failure::refused)?;
            let report = ward::merge(&files, latest, |d, t| super::progress(ctx, d, t)).map_err(|errs| {
                for e in &errs[..errs.len().saturating_sub(1)] {
                    eprintln!("{}: {}", ctx.t("lỗi", "error"), e.get(ctx.lang));
                }
                let n = errs.len();
                Failure::refused(errs.into_iter().last().unwrap_or_else(|| msg!("{n} lỗi", "{n} errors")))
            })?;
            if let Some(p) = &out {
                write_file(p, ward::html(&report, ctx.lang).as_bytes())?;
            }
            if let Some(p) = &csv {
                write_file(p, ward::csv(&report).as_bytes())?;
            }
            if let Some(p) = &json {
                write_file(p, serde_json::to_string_pretty(&report).unwrap_or_default().as_bytes())?;
            }
            let pct = |x: f64| format!("{:.1} %", x * 100.0).replace('.', ",");
            let (n, p) = (report.shops.len(), &report.period);
            println!(
                "{}",
                msg!("{n} cửa hàng, kỳ {p}", "{n} shops, period {p}").get(ctx.lang)
            );
            println!(
                "{} {} · {} {} · {} {}",
                ctx.t("Không tiền mặt (giá trị):", "Cashless (value):"),
                pct(report.total.cashless_share_value),
                ctx.t("HĐĐT:", "E-invoices:"),
                pct(report.total.invoice_coverage_count),
                ctx.t("mã vạch:", "barcodes:"),
                pct(report.total.barcode_share)
            );
            Ok(())
        }
    }
}
