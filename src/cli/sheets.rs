//! Listings and reports as spreadsheets: `--format table|csv|json|xlsx` and
//! `--out` for `sales list`, `invoice list`, `stock list`, `debt list`,
//! `report profit` and `report cashiers` (the older `--json` flag still
//! works). Each builds one [`Sheet`], so the CSV and the .xlsx cannot
//! disagree: text stays text, money and counts are numbers.

use std::path::Path;

use super::args::SheetFormat;
use super::{CmdResult, Ctx, Failure};
use crate::checkout::tender::Method;
use crate::msg;
use crate::text::{Cell, Sheet};

/// The output asked for: `--json` (as before) or `--format`, checked
/// against `--out` (see [`super::check_sheet_out`]) before any work.
pub(super) fn format(json: bool, format: SheetFormat, out: Option<&Path>) -> Result<SheetFormat, Failure> {
    let format = match (json, format) {
        (false, f) => f,
        (true, SheetFormat::Table | SheetFormat::Json) => SheetFormat::Json,
        (true, _) => {
            return Err(Failure::usage(msg!(
                "--json không đi cùng --format csv hoặc xlsx",
                "--json does not go with --format csv or xlsx"
            )));
        }
    };
    super::check_sheet_out(format, out)?;
    Ok(format)
}

/// Write `sheet` as CSV (to `--out` or stdout) or as .xlsx (to `--out`).
pub(super) fn emit(ctx: &Ctx, format: SheetFormat, out: Option<&Path>, sheet: &Sheet) -> CmdResult {
    match (format, out) {
        (SheetFormat::Csv, _) => super::emit_csv(ctx, out, &crate::text::sheet_csv(sheet)),
        (SheetFormat::Xlsx, Some(out)) => super::emit_xlsx(out, sheet),
        _ => Ok(()),
    }
}

fn sheet(name: &str, header: &[&str], rows: Vec<Vec<Cell>>) -> Sheet {
    Sheet {
        name: name.to_string(),
        header: header.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub(super) fn sales(ctx: &Ctx, rows: &[crate::sales::SaleSummary]) -> Sheet {
    let t = |vi, en| ctx.t(vi, en);
    let header = [
        t("Số", "Number"),
        t("Thời gian", "Time"),
        t("Loại", "Kind"),
        t("Tổng (đ)", "Total (VND)"),
        t("Số dòng", "Lines"),
        t("Thanh toán", "Payment"),
        t("Thu ngân", "Cashier"),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            let methods: Vec<String> = r.methods.iter().map(|m| m.label(ctx.lang)).collect();
            vec![
                Cell::Int(r.number),
                text(crate::time::stamp_text(&r.ts)),
                text(r.kind.label(ctx.lang)),
                Cell::Money(r.total.0),
                Cell::Int(r.lines),
                text(methods.join(" + ")),
                text(r.user.clone()),
            ]
        })
        .collect();
    sheet(t("Đơn bán", "Sales"), &header, rows)
}

pub(super) fn invoices(ctx: &Ctx, list: &[crate::sales::InvoiceRecord]) -> Sheet {
    let t = |vi, en| ctx.t(vi, en);
    let header = [
        t("Ký hiệu", "Symbol"),
        t("Số", "Number"),
        t("Ngày lập", "Issued on"),
        t("Mã của CQT", "Tax authority code"),
        t("Tổng (đ)", "Total (VND)"),
        t("Đơn bán", "Sale"),
        t("Trạng thái", "Status"),
        t("Người mua", "Buyer"),
    ];
    let rows = list
        .iter()
        .map(|i| {
            vec![
                text(i.full_symbol()),
                Cell::Int(i.number),
                text(i.issued_on.to_string()),
                text(i.mccqt.clone()),
                Cell::Money(i.total.0),
                Cell::Int(i.sale_number),
                text(i.status.code()),
                i.buyer
                    .as_ref()
                    .and_then(|b| b.name.clone())
                    .map_or(Cell::Empty, Cell::Text),
            ]
        })
        .collect();
    sheet(t("Hóa đơn", "Invoices"), &header, rows)
}

pub(super) fn stock(ctx: &Ctx, rows: &[crate::store::StockRow]) -> Sheet {
    let t = |vi, en| ctx.t(vi, en);
    let header = [
        t("Mã hàng", "SKU"),
        t("Tên hàng", "Name"),
        t("Tồn", "On hand"),
        t("ĐVT", "Unit"),
        t("Theo quy cách", "In packs"),
        t("Giá vốn (đ)", "Cost (VND)"),
        t("Giá trị (đ)", "Value (VND)"),
        t("Mức đặt lại", "Reorder level"),
        t("Sắp hết", "Low"),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                text(r.sku.clone()),
                text(r.name.clone()),
                Cell::Milli(r.stock_milli),
                text(r.unit.clone()),
                crate::catalog::stock::in_packs(r.stock_milli, &r.unit, &r.packs).map_or(Cell::Empty, Cell::Text),
                Cell::Money(r.cost.0),
                Cell::Money(r.value.0),
                r.reorder_milli.map_or(Cell::Empty, Cell::Milli),
                text(if r.is_low() { t("có", "yes") } else { t("không", "no") }),
            ]
        })
        .collect();
    sheet(t("Tồn kho", "Stock"), &header, rows)
}

pub(super) fn profit(
    ctx: &Ctx,
    r: &crate::report::profit::ProfitReport,
    by: Option<crate::report::profit::By>,
) -> Sheet {
    let t = |vi, en| ctx.t(vi, en);
    let key = if by == Some(crate::report::profit::By::Product) {
        t("Mã hàng", "SKU")
    } else {
        t("Ngày", "Day")
    };
    let header = [
        key,
        t("Tên hàng", "Name"),
        t("Doanh thu (đ)", "Revenue (VND)"),
        t("Giá vốn (đ)", "Cost (VND)"),
        t("Lãi gộp (đ)", "Profit (VND)"),
    ];
    let row = |key: Cell, p: &crate::report::profit::ProfitRow| {
        vec![
            key,
            p.name.clone().map_or(Cell::Empty, Cell::Text),
            Cell::Money(p.revenue.0),
            Cell::Money(p.cost.0),
            Cell::Money(p.profit.0),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if by.is_some() {
        rows.extend(r.rows.iter().map(|p| row(text(p.key.clone()), p)));
    }
    rows.push(row(text(t("Tổng", "Total")), &r.total));
    sheet(t("Lãi gộp", "Profit"), &header, rows)
}

pub(super) fn cashiers(ctx: &Ctx, rows: &[crate::report::cashiers::Cashier]) -> Sheet {
    let t = |vi, en| ctx.t(vi, en);
    // One column per payment method seen that day, in order of appearance.
    let mut methods: Vec<Method> = Vec::new();
    let mut debt_methods: Vec<Method> = Vec::new();
    for c in rows {
        for m in &c.by_method {
            if !methods.contains(&m.method) {
                methods.push(m.method);
            }
        }
        for m in &c.debt_payments {
            if !debt_methods.contains(&m.method) {
                debt_methods.push(m.method);
            }
        }
    }
    let mut header: Vec<String> = [
        t("Thu ngân", "Cashier"),
        t("Số đơn", "Sales"),
        t("Doanh số (đ)", "Sales total (VND)"),
        t("Giảm giá (đ)", "Discounts (VND)"),
        t("Trả hàng", "Refunds"),
        t("Tiền trả hàng (đ)", "Refunds total (VND)"),
        t("Hủy đơn", "Voids"),
        t("Tiền hủy đơn (đ)", "Voids total (VND)"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(methods.iter().map(|m| format!("{} (đ)", m.label(ctx.lang))));
    header.extend(
        debt_methods
            .iter()
            .map(|m| format!("{} ({}) (đ)", t("Thu nợ", "Debt paid"), m.label(ctx.lang))),
    );
    let amount = |sums: &[crate::report::cashiers::MethodSum], m: &Method| {
        sums.iter()
            .find(|s| s.method == *m)
            .map_or(Cell::Empty, |s| Cell::Money(s.amount.0))
    };
    let rows = rows
        .iter()
        .map(|c| {
            let mut row = vec![
                text(c.user.clone()),
                Cell::Int(c.sales),
                Cell::Money(c.sales_total.0),
                Cell::Money(c.discounts.0),
                Cell::Int(c.refunds),
                Cell::Money(c.refunds_total.0),
                Cell::Int(c.voids),
                Cell::Money(c.voids_total.0),
            ];
            row.extend(methods.iter().map(|m| amount(&c.by_method, m)));
            row.extend(debt_methods.iter().map(|m| amount(&c.debt_payments, m)));
            row
        })
        .collect();
    Sheet {
        name: t("Thu ngân", "Cashiers").to_string(),
        header,
        rows,
    }
}

pub(super) fn debts(ctx: &Ctx, rows: &[crate::debt::Aged]) -> Sheet {
    let t = |vi, en| ctx.t(vi, en);
    let mut header = vec![
        t("Mã", "Code").to_string(),
        t("Khách hàng", "Customer").to_string(),
        t("Điện thoại", "Phone").to_string(),
        t("Đang nợ (đ)", "Owes (VND)").to_string(),
        t("Từ ngày", "Since").to_string(),
        t("Số ngày", "Days").to_string(),
    ];
    // The age buckets as the domain names them (0-30, 31-60, 61-90, 90+ days).
    let ages: Vec<&str> = match rows.first() {
        Some(r) => r.by_age.iter().map(|(age, _)| age.as_str()).collect(),
        None => vec!["0-30", "31-60", "61-90", "90+"],
    };
    header.extend(ages.iter().map(|age| format!("{age} {} (đ)", t("ngày", "days"))));
    let rows = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                text(r.code.clone()),
                text(r.name.clone()),
                text(r.phone.clone()),
                Cell::Money(r.balance.0),
                text(r.since.to_string()),
                Cell::Int(r.days),
            ];
            row.extend(r.by_age.iter().map(|(_, v)| Cell::Money(v.0)));
            row
        })
        .collect();
    Sheet {
        name: t("Công nợ", "Debts").to_string(),
        header,
        rows,
    }
}
