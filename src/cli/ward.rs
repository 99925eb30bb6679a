//! `quay report cashless|summary`, `quay ward export|merge|load|enrol|register`.

use super::args::{SheetFormat, Span, WardCommand};
use super::{CmdResult, Ctx, Failure, read_text, write_file};
use crate::msg;
use crate::report::{bundle, cashless, ward, ward_load};
use crate::store::Store;
use crate::store::ward_pg::PgError;

pub fn cashless(
    ctx: &Ctx,
    store: &Store,
    from: Span,
    to: Span,
    by: cashless::Grouping,
    format: SheetFormat,
    out: Option<&std::path::Path>,
) -> CmdResult {
    super::check_sheet_out(format, out)?;
    let (from, to) = (from.first.to_string(), to.last.to_string());
    if from > to {
        return Err(Failure::usage(msg!("--from sau --to", "--from is after --to")));
    }
    let rows = cashless::cashless(store, &from, &to, by)?;
    match format {
        SheetFormat::Json => println!("{}", serde_json::json!({ "from": from, "to": to, "rows": rows })),
        SheetFormat::Csv => super::emit_csv(ctx, out, &cashless::csv(&rows))?,
        SheetFormat::Xlsx => {
            if let Some(out) = out {
                super::emit_xlsx(out, &cashless::sheet(&rows, ctx.lang))?;
            }
        }
        SheetFormat::Table => {
            for l in cashless::render_table(&rows, ctx.lang) {
                println!("{l}");
            }
        }
    }
    Ok(())
}

pub fn summary(ctx: &Ctx, store: &Store, period: &str, json: bool) -> CmdResult {
    let (from, to) = cashless::period(period).map_err(|m| Failure::usage(m.prefixed("--period: ", "--period: ")))?;
    let b = bundle::figures(store, period.trim(), &from, &to, false)?;
    if json {
        println!("{}", serde_json::to_string(&b).unwrap_or_default());
        return Ok(());
    }
    let pct = |n: i64, d: i64| {
        if d > 0 {
            format!("{:.1} %", n as f64 * 100.0 / d as f64).replace('.', ",")
        } else {
            "–".to_string()
        }
    };
    let t = |vi: &'static str, en: &'static str| ctx.t(vi, en);
    let s = &b.sales;
    println!("{} {} ({from} → {to})", b.shop.name, b.period.label);
    println!("{:<34} {}", t("Số đơn bán", "Sales"), s.sales);
    println!("{:<34} {}", t("Doanh thu", "Value"), crate::money::Vnd(s.value));
    println!(
        "{:<34} {} / {}",
        t("Không dùng tiền mặt (đơn / giá trị)", "Cashless (count / value)"),
        pct(s.cashless_sales, s.sales),
        pct(s.cashless_value, s.value)
    );
    println!(
        "{:<34} {} ({} {})",
        t("Đơn có hóa đơn điện tử đã gửi", "Sales with an e-invoice sent"),
        pct(s.invoiced_sales, s.sales),
        s.invoice_unsent_sales,
        t("đã lập chưa gửi", "issued, not sent")
    );
    println!(
        "{:<34} {} ({} {})",
        t("Sản phẩm có mã vạch 893", "Products with an 893 barcode"),
        pct(b.barcodes.with_vn_gtin, b.barcodes.active_products),
        pct(b.barcodes.with_gtin, b.barcodes.active_products),
        t("mọi GTIN", "any GTIN")
    );
    println!(
        "{:<34} {} ({})",
        t("Dòng hàng OCOP đã bán", "OCOP lines sold"),
        b.ocop.lines_sold,
        crate::money::Vnd(b.ocop.value)
    );
    let targets = ward::targets(from.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026));
    let p = |x: f64| format!("{:.1} %", x * 100.0).replace('.', ",");
    println!(
        "{} {} · {} {} ({} {}) · {} {} ({} {})",
        t("Mục tiêu: KDTM >", "Targets: cashless >"),
        p(targets.cashless),
        t("HĐĐT", "e-invoices"),
        p(targets.einvoice),
        t("năm", "by"),
        targets.cashless_einvoice_year,
        t("mã vạch 893 ≥", "893 barcodes ≥"),
        p(targets.barcode),
        t("năm", "in"),
        targets.year
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
                write_file(&c, ctx.csv_document(&bundle::csv(&b)).as_bytes())?;
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
            latest: _,
            register,
            strict,
            ward: ward_name,
            period,
            due_days,
            trend,
            by,
        } => {
            let register = match &register {
                None => None,
                Some(p) => Some(ward::parse_register(&read_text(p)?).map_err(|m| {
                    let f = p.display().to_string();
                    Failure::refused(m.prefixed(&format!("{f}: "), &format!("{f}: ")))
                })?),
            };
            if let Some(p) = &period {
                cashless::period(p).map_err(|m| Failure::usage(m.prefixed("--period: ", "--period: ")))?;
            }
            let files = ward::collect(&inputs).map_err(Failure::refused)?;
            let opts = ward::MergeOptions {
                register,
                strict,
                ward: ward_name,
                period: period.map(|p| p.trim().to_string()),
                due_days,
                lang: ctx.lang,
                trend,
                by_ward: by.is_some(),
            };
            let now = ctx.clock.now();
            let report = ward::merge(&files, &opts, |d, t| super::progress(ctx, d, t), now).map_err(|refused| {
                for r in &refused {
                    eprintln!("{}: {}", ctx.t("từ chối", "refused"), r.reason);
                }
                let n = refused.len();
                Failure::refused(msg!(
                    "{n} tệp bị từ chối; --strict: không lập báo cáo",
                    "{n} files refused; --strict: no report made"
                ))
            })?;
            for r in &report.refused {
                eprintln!("{}: {}", ctx.t("từ chối", "refused"), r.reason);
            }
            if let Some(p) = &out {
                write_file(p, ward::html(&report, ctx.lang).as_bytes())?;
            }
            if let Some(p) = &csv {
                write_file(p, ctx.csv_document(&ward::csv(&report)).as_bytes())?;
            }
            if let Some(p) = &json {
                write_file(p, serde_json::to_string_pretty(&report).unwrap_or_default().as_bytes())?;
            }
            let pct = |x: f64| format!("{:.1} %", x * 100.0).replace('.', ",");
            let (n, p, w) = (report.shops.len(), &report.period, &report.ward);
            println!(
                "{}",
                msg!("{w}: {n} cửa hàng, kỳ {p}", "{w}: {n} shops, period {p}").get(ctx.lang)
            );
            println!(
                "{} {} · {} {} · {} {}",
                ctx.t("Không tiền mặt (giá trị):", "Cashless (value):"),
                pct(report.total.cashless_share_value),
                ctx.t("HĐĐT đã gửi:", "E-invoices sent:"),
                pct(report.total.invoice_coverage_count),
                ctx.t("mã vạch 893:", "893 barcodes:"),
                pct(report.total.barcode_share_vn)
            );
            if !report.verified {
                eprintln!(
                    "{}",
                    ctx.t(
                        "cảnh báo: không có --register, số liệu chưa được xác minh",
                        "warning: without --register the figures are unverified"
                    )
                );
            }
            if !report.refused.is_empty() {
                let n = report.refused.len();
                return Err(Failure::refused(msg!(
                    "{n} tệp bị từ chối (đã liệt kê ở trên và trong báo cáo)",
                    "{n} files refused (listed above and in the report)"
                )));
            }
            Ok(())
        }
        WardCommand::Load {
            postgres,
            inputs,
            register,
            strict,
            json,
        } => {
            let register = match &register {
                None => None,
                Some(p) => Some(ward::parse_register(&read_text(p)?).map_err(|m| {
                    let f = p.display().to_string();
                    Failure::refused(m.prefixed(&format!("{f}: "), &format!("{f}: ")))
                })?),
            };
            let files = ward::collect(&inputs).map_err(Failure::refused)?;
            let opts = ward_load::LoadOptions {
                register: register.as_ref(),
                strict,
                lang: ctx.lang,
            };
            let r =
                ward_load::load(&postgres, &files, &opts, |d, t| super::progress(ctx, d, t)).map_err(|e| Failure {
                    code: if matches!(e, PgError::Url(_)) { 2 } else { 3 },
                    msg: e.msg(),
                })?;
            for f in &r.refused {
                eprintln!("{}: {}", ctx.t("từ chối", "refused"), f.reason);
            }
            if json {
                println!("{}", serde_json::to_string(&r).unwrap_or_default());
            } else {
                let (a, s) = (r.added, r.already_loaded);
                println!(
                    "{}",
                    msg!(
                        "PostgreSQL: thêm {a} gói, {s} gói đã có",
                        "PostgreSQL: {a} bundles added, {s} already loaded"
                    )
                    .get(ctx.lang)
                );
            }
            if !r.refused.is_empty() {
                let n = r.refused.len();
                return Err(Failure::refused(if r.committed {
                    msg!(
                        "{n} tệp bị từ chối (đã liệt kê ở trên)",
                        "{n} files refused (listed above)"
                    )
                } else {
                    msg!(
                        "{n} tệp bị từ chối; --strict: không nạp gói nào",
                        "{n} files refused; --strict: nothing loaded"
                    )
                }));
            }
            Ok(())
        }
        WardCommand::Enrol { out } => {
            let store = ctx.open()?;
            let e = bundle::enrolment(&store)?;
            write_file(&out, serde_json::to_string_pretty(&e).unwrap_or_default().as_bytes())?;
            let (o, k) = (out.display(), &e.public_key);
            println!(
                "{}",
                msg!(
                    "Đã ghi tệp đăng ký {o}; khóa công khai {k}",
                    "Wrote the enrolment {o}; public key {k}"
                )
                .get(ctx.lang)
            );
            Ok(())
        }
        WardCommand::Register { out, files } => {
            let reg = if out.exists() {
                ward::parse_register(&read_text(&out)?).map_err(|m| {
                    let f = out.display().to_string();
                    Failure::refused(m.prefixed(&format!("{f}: "), &format!("{f}: ")))
                })?
            } else {
                ward::Register::default()
            };
            let mut reg = ward::Registering::new(reg);
            let (mut added, mut refused) = (0, 0);
            for f in &files {
                let name = f.display().to_string();
                let r = read_text(f)
                    .map_err(|e| e.msg)
                    .and_then(|t| bundle::parse_enrolment(&t).map_err(|e| e.msg(&name)))
                    .and_then(|e| {
                        reg.add(&e)
                            .map_err(|m| m.prefixed(&format!("{name}: "), &format!("{name}: ")))
                    });
                match r {
                    Ok(true) => added += 1,
                    Ok(false) => {}
                    Err(m) => {
                        refused += 1;
                        eprintln!("{}: {}", ctx.t("từ chối", "refused"), m.get(ctx.lang));
                    }
                }
            }
            let reg = reg.finish();
            write_file(&out, serde_json::to_string_pretty(&reg).unwrap_or_default().as_bytes())?;
            let (o, n) = (out.display(), reg.shops.len());
            println!(
                "{}",
                msg!(
                    "Sổ đăng ký {o}: thêm {added}, tổng {n} cửa hàng",
                    "Register {o}: {added} added, {n} shops in all"
                )
                .get(ctx.lang)
            );
            if refused > 0 {
                return Err(Failure::refused(msg!(
                    "{refused} tệp đăng ký bị từ chối",
                    "{refused} enrolment files refused"
                )));
            }
            Ok(())
        }
    }
}
