//! `quay products …`: import, list/search, add, edit, (de)activate.

use std::collections::HashSet;
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::args::{AuthArgs, ProductFields, ProductsCommand, SheetFormat};
use super::{CmdResult, Ctx, Failure};
use crate::catalog::import::{Parsed, RowError};
use crate::catalog::search::{MatchKind, SearchIndex};
use crate::catalog::{NewProduct, Product, VatRate, format_qty};
use crate::i18n::Msg;
use crate::money::Vnd;
use crate::msg;

pub fn run(ctx: &Ctx, cmd: ProductsCommand) -> CmdResult {
    match cmd {
        ProductsCommand::Import {
            file,
            encoding,
            vat,
            skip_bad,
            dry_run,
            json,
            auth,
        } => {
            let source = super::stock::ImportSource::new(encoding, vat);
            import(ctx, &file, &source, skip_bad, dry_run, json, &auth)
        }
        ProductsCommand::List {
            search,
            all,
            limit,
            format,
            out,
        } => list(ctx, search.as_deref(), all, limit, format, out.as_deref()),
        ProductsCommand::Add(f) => add(ctx, &f),
        ProductsCommand::Edit { product, fields } => edit(ctx, &product, &fields),
        ProductsCommand::Deactivate { sku, auth } => set_active(ctx, &sku, false, &auth),
        ProductsCommand::Activate { sku, auth } => set_active(ctx, &sku, true, &auth),
        ProductsCommand::Pack(c) => super::stock::pack(ctx, c),
    }
}

fn import(
    ctx: &Ctx,
    file: &std::path::Path,
    source: &super::stock::ImportSource,
    skip_bad: bool,
    dry_run: bool,
    json: bool,
    auth: &AuthArgs,
) -> CmdResult {
    let f = file.display().to_string();
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::refused(msg!("không đọc được tệp {f}: {e}", "cannot read file {f}: {e}")))?;
    let mut parsed: Parsed = source.parse_file(&f, &bytes)?;
    let mut store = ctx.open()?;
    let owners = store.barcode_owners()?;
    parsed.check_against_catalog(|code| owners.get(code).cloned());
    let packs = store.pack_flags()?;
    parsed.check_packs(|sku| packs.get(sku).copied());
    let known: HashSet<String> = store.all_products()?.into_iter().map(|p| p.sku).collect();
    let would_update = parsed.rows.iter().filter(|r| known.contains(&r.product.sku)).count();
    let would_add = parsed.rows.len() - would_update;
    let bad = parsed.errors.len();

    let print_errors = |errors: &[RowError]| {
        for e in errors {
            eprintln!("{f}: {}", e.to_msg().get(ctx.lang));
        }
    };
    let json_doc = |added: usize, updated: usize, imported: bool| {
        let refused: Vec<serde_json::Value> = parsed
            .errors
            .iter()
            .map(|e| {
                serde_json::json!({
                    "line": e.line,
                    "column": e.column,
                    "message": e.msg.get(ctx.lang),
                })
            })
            .collect();
        serde_json::json!({
            "file": f,
            "imported": imported,
            "dry_run": dry_run,
            "added": added,
            "updated": updated,
            "refused": refused,
        })
    };

    if bad > 0 && !skip_bad {
        if json {
            println!("{}", json_doc(0, 0, false));
        }
        print_errors(&parsed.errors);
        return Err(Failure::refused(msg!(
            "{bad} dòng lỗi: không nhập gì cả. Sửa tệp rồi nhập lại, hoặc dùng --skip-bad để nhập các dòng đúng",
            "{bad} bad rows: nothing imported. Fix the file and import again, or use --skip-bad to import the good rows"
        )));
    }
    if dry_run {
        if json {
            println!("{}", json_doc(would_add, would_update, false));
        } else {
            print_errors(&parsed.errors);
            println!(
                "{}",
                ctx.lang.pick(
                    &format!("Kiểm tra xong (chưa ghi gì): sẽ thêm {would_add}, cập nhật {would_update}, bỏ qua {bad} dòng lỗi."),
                    &format!("Checked (nothing written): would add {would_add}, update {would_update}, skip {bad} bad rows.")
                )
            );
        }
        return Ok(());
    }
    // Prices change: once the shop has users, a manager imports.
    let actor = super::counter::manager_auth(&mut store, auth)?;
    let summary = store.import_products(&parsed.rows, &actor, &f, |d, t| super::progress(ctx, d, t))?;
    if json {
        println!("{}", json_doc(summary.added, summary.updated, true));
    } else {
        print_errors(&parsed.errors);
        let (a, u) = (summary.added, summary.updated);
        println!(
            "{}",
            ctx.lang.pick(
                &format!("Đã nhập: thêm {a}, cập nhật {u} mặt hàng; bỏ qua {bad} dòng lỗi."),
                &format!("Imported: {a} added, {u} updated; {bad} bad rows skipped.")
            )
        );
    }
    Ok(())
}

fn list(
    ctx: &Ctx,
    search: Option<&str>,
    all: bool,
    limit: Option<usize>,
    format: SheetFormat,
    out: Option<&Path>,
) -> CmdResult {
    super::check_sheet_out(format, out)?;
    let store = ctx.open()?;
    let products = store.all_products()?;
    let rows: Vec<(Option<MatchKind>, Product)> = match search {
        Some(q) => {
            let index = SearchIndex::new(products);
            index
                .search(q, limit.unwrap_or(20))
                .into_iter()
                .map(|h| (Some(h.kind), h.product.clone()))
                .collect()
        }
        None => products
            .into_iter()
            .filter(|p| all || p.active)
            .take(limit.unwrap_or(usize::MAX))
            .map(|p| (None, p))
            .collect(),
    };
    let table = crate::counter::vat_table()?;
    match format {
        SheetFormat::Json => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|(kind, p)| {
                    let mut v = serde_json::to_value(p).unwrap_or_default();
                    if let Some(obj) = v.as_object_mut() {
                        // vat_rate is the product's group; this is the rate sold at today
                        obj.insert(
                            "vat_rate_today".into(),
                            today_rate(&table, p.vat, ctx.clock.today()).code().into(),
                        );
                        if let Some(k) = kind {
                            obj.insert("match".into(), serde_json::to_value(k).unwrap_or_default());
                        }
                    }
                    v
                })
                .collect();
            println!("{}", serde_json::json!({ "products": items }));
        }
        SheetFormat::Xlsx => {
            if let Some(out) = out {
                super::emit_xlsx(out, &products_sheet(ctx, &rows, &table))?;
            }
        }
        SheetFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let io = |e: csv::Error| Failure::refused(msg!("lỗi ghi CSV: {e}", "CSV write error: {e}"));
            w.write_record([
                "sku",
                "barcode",
                "name",
                "unit",
                "price_vnd",
                "vat_rate",
                "tags",
                "active",
                "stock",
            ])
            .map_err(io)?;
            for (_, p) in &rows {
                // No cell a spreadsheet would run as a formula.
                let cells = [
                    p.sku.clone(),
                    p.barcodes.join(";"),
                    p.name.clone(),
                    p.unit.clone(),
                    p.price.0.to_string(),
                    p.vat.code().to_string(),
                    p.tags.join(";"),
                    if p.active { "1" } else { "0" }.to_string(),
                    format_qty(p.stock_milli),
                ];
                w.write_record(cells.iter().map(|c| crate::text::csv_safe(c).into_owned()))
                    .map_err(io)?;
            }
            let body = w
                .into_inner()
                .map_err(|e| Failure::refused(msg!("lỗi ghi CSV: {e}", "CSV write error: {e}")))?;
            super::emit_csv(ctx, out, &String::from_utf8_lossy(&body))?;
        }
        SheetFormat::Table => {
            if rows.is_empty() {
                println!(
                    "{}",
                    match search {
                        Some(_) => ctx.t("Không tìm thấy mặt hàng nào.", "No product found."),
                        None => ctx.t(
                            "Danh mục trống: nhập hàng bằng `quay products import FILE.csv` hoặc `quay products add`.",
                            "The catalogue is empty: import with `quay products import FILE.csv` or `quay products add`.",
                        ),
                    }
                );
                return Ok(());
            }
            print_table(ctx, &rows, &table);
        }
    }
    Ok(())
}

/// The listing as a spreadsheet: text as text, price and stock as numbers.
fn products_sheet(
    ctx: &Ctx,
    rows: &[(Option<MatchKind>, Product)],
    table: &crate::catalog::vat_table::VatTable,
) -> crate::text::Sheet {
    use crate::text::Cell;
    let header = [
        ctx.t("Mã hàng", "SKU"),
        ctx.t("Mã vạch", "Barcodes"),
        ctx.t("Tên hàng", "Name"),
        ctx.t("ĐVT", "Unit"),
        ctx.t("Giá (đ)", "Price (VND)"),
        ctx.t("VAT hôm nay", "VAT today"),
        ctx.t("Nhãn", "Tags"),
        ctx.t("Đang bán", "Active"),
        ctx.t("Tồn", "Stock"),
    ];
    let rows = rows
        .iter()
        .map(|(_, p)| {
            vec![
                Cell::Text(p.sku.clone()),
                Cell::Text(p.barcodes.join(";")),
                Cell::Text(p.name.clone()),
                Cell::Text(p.unit.clone()),
                Cell::Money(p.price.0),
                Cell::Text(today_rate(table, p.vat, ctx.clock.today()).code().to_string()),
                Cell::Text(p.tags.join(";")),
                Cell::Text(
                    if p.active {
                        ctx.t("có", "yes")
                    } else {
                        ctx.t("không", "no")
                    }
                    .to_string(),
                ),
                Cell::Milli(p.stock_milli),
            ]
        })
        .collect();
    crate::text::Sheet {
        name: ctx.t("Hàng hóa", "Products").to_string(),
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

/// The rate a product of this group is sold at today (the dated VAT table).
fn today_rate(table: &crate::catalog::vat_table::VatTable, group: VatRate, today: chrono::NaiveDate) -> VatRate {
    table.rate_on(group, today)
}

fn print_table(ctx: &Ctx, rows: &[(Option<MatchKind>, Product)], table: &crate::catalog::vat_table::VatTable) {
    let header = [
        ctx.t("Mã hàng", "SKU"),
        ctx.t("Mã vạch", "Barcode"),
        ctx.t("Tên hàng", "Name"),
        ctx.t("ĐVT", "Unit"),
        ctx.t("Giá", "Price"),
        ctx.t("VAT", "VAT"),
        ctx.t("Tồn", "Stock"),
    ];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|(_, p)| {
            let mut name = p.name.clone();
            if !p.active {
                name.push_str(ctx.t(" (ngừng bán)", " (inactive)"));
            }
            let safe = |s: &str| crate::text::terminal_safe(s).into_owned();
            [
                safe(&p.sku),
                p.barcodes.first().cloned().unwrap_or_default(),
                safe(&name),
                safe(&p.unit),
                p.price.to_string(),
                match today_rate(table, p.vat, ctx.clock.today()) {
                    VatRate::Kct => "KCT".to_string(),
                    r => format!("{}%", r.code()),
                },
                format_qty(p.stock_milli),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let right = [false, false, false, false, true, true, true];
    let line = |row: &[&str]| {
        let parts: Vec<String> = row
            .iter()
            .zip(&widths)
            .zip(right)
            .map(|((c, w), r)| {
                let pad = " ".repeat(w.saturating_sub(c.width()));
                if r { format!("{pad}{c}") } else { format!("{c}{pad}") }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    println!("{}", line(&header));
    for row in &cells {
        let refs: Vec<&str> = row.iter().map(String::as_str).collect();
        println!("{}", line(&refs));
    }
    let n = rows.len();
    println!(
        "{}",
        ctx.lang.pick(&format!("({n} mặt hàng)"), &format!("({n} products)"))
    );
}

/// Build a product from CLI fields over an optional existing one.
fn build(f: &ProductFields, base: Option<&Product>) -> Result<NewProduct, Failure> {
    let missing = |field: &str| Failure::usage(msg!("thiếu --{field}", "--{field} is required"));
    let price = match (&f.price, base) {
        (Some(p), _) => Vnd::parse(p).map_err(|e| {
            Failure::refused(msg!(
                "--price '{p}': không phải số tiền ({e})",
                "--price '{p}': not an amount ({e})"
            ))
        })?,
        (None, Some(b)) => b.price,
        (None, None) => return Err(missing("price")),
    };
    let vat = match (f.vat, base) {
        (Some(v), _) => v,
        (None, Some(b)) => b.vat,
        (None, None) => return Err(missing("vat")),
    };
    let take = |given: &Option<String>, old: Option<&String>, name: &str| -> Result<String, Failure> {
        given.clone().or_else(|| old.cloned()).ok_or_else(|| missing(name))
    };
    let p = NewProduct {
        sku: take(&f.sku, base.map(|b| &b.sku), "sku")?,
        name: take(&f.name, base.map(|b| &b.name), "name")?,
        unit: take(&f.unit, base.map(|b| &b.unit), "unit")?,
        price,
        vat,
        barcodes: f
            .barcodes
            .clone()
            .or_else(|| base.map(|b| b.barcodes.clone()))
            .unwrap_or_default(),
        tags: match (&f.tags, base) {
            (Some(t), _) => t.split([';', ',']).map(str::to_string).collect(),
            (None, Some(b)) => b.tags.clone(),
            (None, None) => vec![],
        },
        by_measure: match (f.by_measure, base) {
            (Some(v), _) => v.0,
            // an edit that changes the unit decides anew from it
            (None, Some(b)) if f.unit.is_none() => Some(b.by_measure),
            (None, _) => None,
        },
    };
    p.normalized().map_err(|e| {
        let field = e.field;
        Failure::refused(e.msg.prefixed(&format!("--{field}: "), &format!("--{field}: ")))
    })
}

fn describe(ctx: &Ctx, verb: Msg, p: &Product) {
    println!("{} {} «{}» {}", verb.get(ctx.lang), p.sku, p.name, p.price);
}

fn add(ctx: &Ctx, f: &ProductFields) -> CmdResult {
    let p = build(f, None)?;
    let mut store = ctx.open()?;
    let actor = super::counter::manager_auth(&mut store, &f.auth)?;
    let saved = store.add_product(&p, &actor)?;
    describe(ctx, msg!("Đã thêm", "Added"), &saved);
    Ok(())
}

fn edit(ctx: &Ctx, sku: &str, f: &ProductFields) -> CmdResult {
    let mut store = ctx.open()?;
    let base = store
        .product_by_sku(sku)?
        .ok_or_else(|| Failure::refused(msg!("không có mặt hàng mã '{sku}'", "no product with SKU '{sku}'")))?;
    let p = build(f, Some(&base))?;
    let actor = super::counter::manager_auth(&mut store, &f.auth)?;
    let saved = store.edit_product(sku, &p, &actor)?;
    describe(ctx, msg!("Đã sửa", "Changed"), &saved);
    Ok(())
}

fn set_active(ctx: &Ctx, sku: &str, active: bool, auth: &AuthArgs) -> CmdResult {
    let mut store = ctx.open()?;
    let actor = super::counter::manager_auth(&mut store, auth)?;
    store.set_product_active(sku, active, &actor)?;
    let msg = if active {
        msg!("Đã mở bán lại {sku}", "{sku} is sellable again")
    } else {
        msg!(
            "Đã ngừng bán {sku} (vẫn giữ cho các đơn cũ)",
            "{sku} deactivated (kept for past sales)"
        )
    };
    println!("{}", msg.get(ctx.lang));
    Ok(())
}
