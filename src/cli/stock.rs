//! `quay stock …`, `quay products pack add`, `quay report profit`: thin
//! shells over the `stock` service and `report::profit`.

use unicode_width::UnicodeWidthStr;

use super::args::{AuthArgs, PackCommand, SheetFormat, StockCommand, SupplierCommand};
use super::{CmdResult, Ctx, Failure};
use crate::catalog::format_qty;
use crate::catalog::import::{ImportOptions, Parsed, parse_csv_with};
use crate::catalog::sources::{self, Encoding};
use crate::catalog::stock::{DocKind, parse_item, parse_stock_qty};
use crate::catalog::{VatRate, stock::in_packs};
use crate::i18n::Msg;
use crate::money::Vnd;
use crate::msg;
use crate::report::profit::{self, By};
use crate::stock::{self, PackSpec, StockError};
use crate::store::{StockDoc, Store};

impl From<StockError> for Failure {
    fn from(e: StockError) -> Failure {
        Failure {
            code: if e.is_refusal() { 1 } else { 3 },
            msg: e.msg(),
        }
    }
}

pub fn run(ctx: &Ctx, cmd: StockCommand) -> CmdResult {
    match cmd {
        StockCommand::Receive { doc, vat, who } => {
            let specs = doc
                .items
                .iter()
                .map(|i| parse_item(i).map_err(Failure::refused))
                .collect::<Result<Vec<_>, _>>()?;
            let mut store = ctx.open()?;
            let user = super::counter::who(&mut store, &who)?.name;
            let doc = stock::receive(&mut store, &user, &doc.supplier, doc.invoice_no.as_deref(), vat, &specs)?;
            show_doc(ctx, &doc, who.json);
            Ok(())
        }
        StockCommand::Return { doc, who } => {
            let specs = doc
                .items
                .iter()
                .map(|i| parse_item(i).map_err(Failure::refused))
                .collect::<Result<Vec<_>, _>>()?;
            let mut store = ctx.open()?;
            let user = super::counter::manager_only(&mut store, &who)?;
            let doc = stock::return_to_supplier(&mut store, &user, &doc.supplier, doc.invoice_no.as_deref(), &specs)?;
            show_doc(ctx, &doc, who.json);
            Ok(())
        }
        StockCommand::Count { items, who } => {
            let lines = items
                .iter()
                .map(|i| stock::parse_qty_code(i, false).map_err(Failure::refused))
                .collect::<Result<Vec<_>, _>>()?;
            let mut store = ctx.open()?;
            let user = super::counter::manager_only(&mut store, &who)?;
            let doc = stock::count(&mut store, &user, &lines)?;
            show_doc(ctx, &doc, who.json);
            Ok(())
        }
        StockCommand::Adjust { items, reason, who } => {
            let lines = items
                .iter()
                .map(|i| stock::parse_qty_code(i, true).map_err(Failure::refused))
                .collect::<Result<Vec<_>, _>>()?;
            let mut store = ctx.open()?;
            let user = super::counter::manager_only(&mut store, &who)?;
            let doc = stock::adjust(&mut store, &user, reason, &lines)?;
            show_doc(ctx, &doc, who.json);
            Ok(())
        }
        StockCommand::List {
            low,
            all,
            json,
            format,
            out,
        } => {
            let format = super::sheets::format(json, format, out.as_deref())?;
            list(ctx, low, all, format, out.as_deref())
        }
        StockCommand::Reorder { sku, level, auth } => reorder(ctx, &sku, &level, &auth),
        StockCommand::Supplier(SupplierCommand::Add {
            name,
            phone,
            tax_code,
            auth,
        }) => {
            let mut store = ctx.open()?;
            let actor = super::counter::manager_auth(&mut store, &auth)?;
            let s = stock::add_supplier(&mut store, &name, phone.as_deref(), tax_code.as_deref(), &actor)?;
            let n = &s.name;
            println!(
                "{}",
                ctx.lang
                    .pick(&format!("Đã thêm nhà cung cấp {n}."), &format!("Supplier {n} added."))
            );
            Ok(())
        }
        StockCommand::Supplier(SupplierCommand::List { json }) => {
            let store = ctx.open()?;
            let all = store.suppliers()?;
            if json {
                println!("{}", serde_json::json!({ "suppliers": all }));
            } else {
                for s in all {
                    let safe = |v: &str| crate::text::terminal_safe(v).into_owned();
                    println!(
                        "{}  {}  {}",
                        safe(&s.name),
                        safe(s.phone.as_deref().unwrap_or("-")),
                        safe(s.tax_code.as_deref().unwrap_or("-"))
                    );
                }
            }
            Ok(())
        }
    }
}

pub fn pack(ctx: &Ctx, cmd: PackCommand) -> CmdResult {
    let PackCommand::Add {
        sku,
        unit,
        contains,
        barcodes,
        price,
        pack_sku,
        name,
        json,
        auth,
    } = cmd;
    let price = Vnd::parse(&price).map_err(|e| {
        Failure::refused(msg!(
            "--price '{price}': không phải số tiền ({e})",
            "--price '{price}': not an amount ({e})"
        ))
    })?;
    let mut store = ctx.open()?;
    let actor = super::counter::manager_auth(&mut store, &auth)?;
    let spec = PackSpec {
        unit,
        contains,
        barcodes,
        price,
        sku: pack_sku,
        name,
    };
    let p = stock::add_pack(&mut store, &sku, &spec, &actor)?;
    if json {
        println!(
            "{}",
            serde_json::json!({ "pack": p, "pack_of": sku, "contains": contains })
        );
    } else {
        let (s, n) = (&p.sku, crate::text::terminal_safe(&p.name).into_owned());
        println!(
            "{}",
            ctx.lang.pick(
                &format!("Đã thêm quy cách {s} «{n}»: {contains} × {sku}, giá {}.", p.price),
                &format!("Pack {s} «{n}» added: {contains} × {sku}, price {}.", p.price)
            )
        );
    }
    Ok(())
}

fn reorder(ctx: &Ctx, sku: &str, level: &str, auth: &AuthArgs) -> CmdResult {
    let lvl = match level.trim() {
        "none" | "khong" | "không" | "" => None,
        l if l.trim_start_matches('0').is_empty() => Some(0),
        l => Some(parse_stock_qty(l).map_err(|m| Failure::refused(m.msg().prefixed("--level: ", "--level: ")))?),
    };
    let mut store = ctx.open()?;
    let actor = super::counter::manager_auth(&mut store, auth)?;
    store.set_reorder_level(sku, lvl, &actor)?;
    let shown = lvl.map(format_qty).unwrap_or_else(|| "-".into());
    println!(
        "{}",
        ctx.lang.pick(
            &format!("Mức đặt hàng lại của {sku}: {shown}."),
            &format!("Reorder level of {sku}: {shown}.")
        )
    );
    Ok(())
}

fn show_doc(ctx: &Ctx, doc: &StockDoc, json: bool) {
    if json {
        println!("{}", serde_json::to_string(doc).unwrap_or_default());
        for sku in &doc.below_zero {
            eprintln!("{}", below_zero(sku).get(ctx.lang));
        }
        return;
    }
    let label = doc.kind.label();
    println!(
        "{} {}  {}",
        label.get(ctx.lang),
        doc.number,
        crate::time::stamp_text(&doc.ts)
    );
    if let Some(s) = &doc.supplier {
        let s = crate::text::terminal_safe(s);
        println!("{} {s}", ctx.t("Nhà cung cấp:", "Supplier:"));
    }
    if let Some(n) = &doc.invoice_no {
        println!(
            "{} {}",
            ctx.t("Số hóa đơn:", "Invoice no.:"),
            crate::text::terminal_safe(n)
        );
    }
    let header: Vec<String> = match doc.kind {
        DocKind::Count => vec![
            ctx.t("Mã hàng", "SKU").into(),
            ctx.t("Tên hàng", "Name").into(),
            ctx.t("Sổ sách", "Expected").into(),
            ctx.t("Đếm được", "Counted").into(),
            ctx.t("Chênh lệch", "Variance").into(),
            ctx.t("Giá trị", "Value").into(),
        ],
        _ => vec![
            ctx.t("Mã hàng", "SKU").into(),
            ctx.t("Tên hàng", "Name").into(),
            ctx.t("SL", "Qty").into(),
            ctx.t("Đơn giá", "Unit cost").into(),
            ctx.t("Thành tiền", "Amount").into(),
            ctx.t("Tồn sau", "Stock after").into(),
        ],
    };
    let rows: Vec<Vec<String>> = doc
        .lines
        .iter()
        .map(|l| {
            let safe = |s: &str| crate::text::terminal_safe(s).into_owned();
            match doc.kind {
                DocKind::Count => vec![
                    safe(&l.sku),
                    safe(&l.name),
                    l.expected.clone().unwrap_or_default(),
                    l.counted.clone().unwrap_or_default(),
                    l.base_change.clone(),
                    l.amount.to_string(),
                ],
                _ => vec![
                    safe(&l.sku),
                    safe(&l.name),
                    l.qty.clone(),
                    l.unit_cost.to_string(),
                    l.amount.to_string(),
                    l.stock_after.clone(),
                ],
            }
        })
        .collect();
    print_table(&header, &rows, &[false, false, true, true, true, true]);
    println!("{} {}", ctx.t("Tổng:", "Total:"), doc.total);
    if doc.vat != Vnd::ZERO {
        println!("{} {}", ctx.t("Thuế GTGT đầu vào:", "Input VAT:"), doc.vat);
    }
    for sku in &doc.below_zero {
        eprintln!("{}", below_zero(sku).get(ctx.lang));
    }
}

fn below_zero(sku: &str) -> Msg {
    msg!(
        "Cảnh báo: tồn kho của {sku} đang âm",
        "Warning: the stock of {sku} is below zero"
    )
}

fn print_table(header: &[String], rows: &[Vec<String>], right: &[bool]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let line = |row: &[String]| {
        let parts: Vec<String> = row
            .iter()
            .zip(&widths)
            .zip(right.iter().copied().chain(std::iter::repeat(false)))
            .map(|((c, w), r)| {
                let pad = " ".repeat(w.saturating_sub(c.width()));
                if r { format!("{pad}{c}") } else { format!("{c}{pad}") }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    println!("{}", line(header));
    for row in rows {
        println!("{}", line(row));
    }
}

fn list(ctx: &Ctx, low: bool, all: bool, format: SheetFormat, out: Option<&std::path::Path>) -> CmdResult {
    let store = ctx.open()?;
    let rows = stock::list(&store, low, all)?;
    if matches!(format, SheetFormat::Csv | SheetFormat::Xlsx) {
        return super::sheets::emit(ctx, format, out, &super::sheets::stock(ctx, &rows));
    }
    if format == SheetFormat::Json {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "sku": r.sku,
                    "name": r.name,
                    "unit": r.unit,
                    "active": r.active,
                    "on_hand": format_qty(r.stock_milli),
                    "on_hand_milli": r.stock_milli,
                    "in_packs": in_packs(r.stock_milli, &r.unit, &r.packs),
                    "cost": r.cost,
                    "value": r.value,
                    "reorder_level": r.reorder_milli.map(format_qty),
                    "low": r.is_low(),
                    "packs": r.packs,
                })
            })
            .collect();
        let total: Vnd = rows.iter().map(|r| r.value).sum();
        println!("{}", serde_json::json!({ "products": items, "total_value": total }));
        return Ok(());
    }
    let header: Vec<String> = [
        ctx.t("Mã hàng", "SKU"),
        ctx.t("Tên hàng", "Name"),
        ctx.t("Tồn", "On hand"),
        ctx.t("ĐVT", "Unit"),
        ctx.t("Theo quy cách", "In packs"),
        ctx.t("Giá vốn", "Cost"),
        ctx.t("Giá trị", "Value"),
        ctx.t("Mức đặt lại", "Reorder"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let safe = |s: &str| crate::text::terminal_safe(s).into_owned();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut name = safe(&r.name);
            if r.is_low() {
                name.push_str(ctx.t(" (sắp hết)", " (low)"));
            }
            vec![
                safe(&r.sku),
                name,
                format_qty(r.stock_milli),
                safe(&r.unit),
                in_packs(r.stock_milli, &r.unit, &r.packs)
                    .map(|s| safe(&s))
                    .unwrap_or_default(),
                r.cost.to_string(),
                r.value.to_string(),
                r.reorder_milli.map(format_qty).unwrap_or_default(),
            ]
        })
        .collect();
    print_table(&header, &cells, &[false, false, true, false, false, true, true, true]);
    let total: Vnd = rows.iter().map(|r| r.value).sum();
    let n = rows.len();
    println!(
        "{}",
        ctx.lang.pick(
            &format!("({n} mặt hàng, giá trị tồn {total})"),
            &format!("({n} products, stock value {total})")
        )
    );
    Ok(())
}

pub fn profit(
    ctx: &Ctx,
    store: &Store,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    by: Option<By>,
    format: SheetFormat,
    out: Option<&std::path::Path>,
) -> CmdResult {
    let (from, to) = (from.to_string(), to.to_string());
    if from > to {
        return Err(Failure::usage(msg!(
            "--from {from} sau --to {to}",
            "--from {from} is after --to {to}"
        )));
    }
    let r = profit::profit(store, &from, &to, by.unwrap_or(By::Day))?;
    if matches!(format, SheetFormat::Csv | SheetFormat::Xlsx) {
        return super::sheets::emit(ctx, format, out, &super::sheets::profit(ctx, &r, by));
    }
    if format == SheetFormat::Json {
        let mut v = serde_json::to_value(&r).unwrap_or_default();
        if by.is_none()
            && let Some(o) = v.as_object_mut()
        {
            o.remove("rows");
        }
        println!("{v}");
        return Ok(());
    }
    println!(
        "{}",
        ctx.lang.pick(
            &format!(
                "Lãi gộp {from} → {to}{}",
                if r.net_of_vat {
                    " (doanh thu chưa gồm VAT)"
                } else {
                    ""
                }
            ),
            &format!(
                "Gross profit {from} → {to}{}",
                if r.net_of_vat { " (revenue net of VAT)" } else { "" }
            )
        )
    );
    let header: Vec<String> = [
        if by == Some(By::Product) {
            ctx.t("Mã hàng", "SKU")
        } else {
            ctx.t("Ngày", "Day")
        },
        ctx.t("Doanh thu", "Revenue"),
        ctx.t("Giá vốn", "Cost"),
        ctx.t("Lãi gộp", "Profit"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    if by.is_some() {
        for row in &r.rows {
            rows.push(vec![
                crate::text::terminal_safe(&row.key).into_owned(),
                row.revenue.to_string(),
                row.cost.to_string(),
                row.profit.to_string(),
            ]);
        }
    }
    rows.push(vec![
        ctx.t("Tổng", "Total").to_string(),
        r.total.revenue.to_string(),
        r.total.cost.to_string(),
        r.total.profit.to_string(),
    ]);
    print_table(&header, &rows, &[false, true, true, true]);
    if r.total.lines_without_cost > 0 {
        let n = r.total.lines_without_cost;
        eprintln!(
            "{}",
            ctx.lang.pick(
                &format!("{n} dòng bán trước khi có giá vốn: tính giá vốn 0"),
                &format!("{n} lines sold before costs were recorded: counted at zero cost")
            )
        );
    }
    Ok(())
}

/// How `quay products import` reads its file: CSV encoding, default VAT.
pub struct ImportSource {
    encoding: Encoding,
    opts: ImportOptions,
}

impl ImportSource {
    pub fn new(encoding: Encoding, default_vat: Option<VatRate>) -> ImportSource {
        ImportSource {
            encoding,
            opts: ImportOptions { default_vat },
        }
    }

    /// An .xlsx workbook (by its bytes) or a CSV in its encoding, parsed.
    pub fn parse_file(&self, f: &str, bytes: &[u8]) -> Result<Parsed, Failure> {
        let named = |m: Msg| Failure::refused(m.prefixed(&format!("{f}: "), &format!("{f}: ")));
        let csv: std::borrow::Cow<'_, [u8]> = if sources::is_xlsx(bytes) {
            std::borrow::Cow::Owned(sources::xlsx_to_csv(bytes).map_err(named)?)
        } else {
            sources::decode(bytes, self.encoding).0
        };
        parse_csv_with(&csv, self.opts).map_err(|e| named(e.to_msg()))
    }
}
