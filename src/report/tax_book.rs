//! The revenue book as HTML (A4, the form's header) and CSV, in the form
//! of Thông tư 152/2025/TT-BTC: S1a-HKD (date, description, amount) for a
//! household with no tax due, S2a-HKD (a section per business line with
//! its subtotal and the VAT and PIT payable) for one paying both as a
//! percentage of revenue. The column layout follows secondary sources
//! (docs/tax.md); the official appendix was not seen.

use super::tax::{Book, BookLine};
use super::tax_render::{defaulted_line, esc, vn_date};
use crate::i18n::Lang;
use crate::money::Vnd;

const STYLE: &str = "@page{size:A4 portrait;margin:12mm}body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#000}.top{display:flex;justify-content:space-between}.form{text-align:center;font-size:9pt;max-width:45%}h1{text-align:center;font-size:14pt;margin:10px 0 2px}.sub{text-align:center;margin:0 0 8px}table{border-collapse:collapse;width:100%;font-size:9pt}thead{display:table-header-group}tr{page-break-inside:avoid}th,td{border:1px solid #000;padding:2px 4px}th{font-weight:bold;text-align:center}td.n{text-align:right;white-space:nowrap}tr.total td,tr.sec td{font-weight:bold}.sign{display:flex;justify-content:flex-end;margin-top:14px;text-align:center}.note{font-size:8.5pt;margin-top:8px}";

/// A day's description with its documents (S1a-HKD has no document column).
fn described(l: &BookLine) -> String {
    if l.document.is_empty() {
        l.description.clone()
    } else {
        format!("{} – {}", l.description, l.document)
    }
}

fn head(b: &Book, lang: Lang, h: &mut String) {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    h.push_str("<!DOCTYPE html><html lang=\"");
    h.push_str(t("vi", "en"));
    h.push_str("\"><head><meta charset=\"utf-8\"><title>");
    h.push_str(&esc(&format!("{} {} – {}", b.form, b.year, b.shop_name)));
    h.push_str("</title><style>");
    h.push_str(STYLE);
    h.push_str("</style></head><body><div class=\"top\"><div>");
    h.push_str(&format!(
        "<div><b>{}</b> {}</div><div>{} {}</div><div>{} {}</div>",
        t("HỘ, CÁ NHÂN KINH DOANH:", "HOUSEHOLD BUSINESS:"),
        esc(&b.shop_name),
        t("Địa chỉ:", "Address:"),
        esc(&b.address),
        t("Mã số thuế:", "Tax code:"),
        esc(&b.tax_code)
    ));
    h.push_str(&format!(
        "</div><div class=\"form\"><b>{} {}</b><br>{}</div></div><h1>{}</h1><p class=\"sub\">",
        t("Mẫu số", "Form"),
        b.form,
        t(
            "(Kèm theo Thông tư số 152/2025/TT-BTC ngày 31 tháng 12 năm 2025 của Bộ trưởng Bộ Tài chính)",
            "(Circular 152/2025/TT-BTC of 31 December 2025 of the Minister of Finance)",
        ),
        t(
            "SỔ DOANH THU BÁN HÀNG HÓA, DỊCH VỤ",
            "BOOK OF REVENUE FROM SALES OF GOODS AND SERVICES"
        ),
    ));
    h.push_str(&format!(
        "{} {}<br>{} {} {} {} {} {})<br><i>{}</i></p>",
        t("Địa điểm kinh doanh:", "Business location:"),
        esc(&b.address),
        t("Kỳ kê khai: năm", "Declaration period: year"),
        b.year,
        t("(từ ngày", "(from"),
        vn_date(&b.from),
        t("đến ngày", "to"),
        vn_date(&b.to),
        t("Đơn vị tính: đồng", "Unit: đồng")
    ));
}

fn foot(b: &Book, lang: Lang, h: &mut String) {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    if !b.defaulted.is_empty() {
        h.push_str("<p class=\"note\">");
        h.push_str(&esc(&defaulted_line(&b.defaulted, lang)));
        h.push_str("</p>");
    }
    h.push_str(&format!(
        "<div class=\"sign\"><div>{}<br><b>{}</b><br><i>{}</i><br><br><br><br></div></div></body></html>\n",
        t("Ngày ... tháng ... năm ...", "Date ..."),
        t(
            "NGƯỜI ĐẠI DIỆN HỘ KINH DOANH/CÁ NHÂN KINH DOANH",
            "REPRESENTATIVE OF THE HOUSEHOLD BUSINESS"
        ),
        t(
            "(Ký, ghi rõ họ tên, đóng dấu (nếu có))",
            "(Signature, full name, seal if any)"
        )
    ));
}

/// The book as one HTML page for A4, the form's header on top and the
/// column header repeated on every printed page.
pub fn book_html(b: &Book, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut h = String::with_capacity(8192 + b.lines.len() * 200);
    head(b, lang, &mut h);
    let n = |v: i64| format!("<td class=\"n\">{}</td>", Vnd(v).grouped());
    if b.form == "S2a-HKD" {
        h.push_str(&format!(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr><tr><th>A</th><th>B</th><th>C</th><th>1</th></tr></thead><tbody>",
            t("Số hiệu chứng từ", "Document number"),
            t("Ngày, tháng", "Date"),
            t("Diễn giải", "Description"),
            t("Số tiền", "Amount"),
        ));
        for s in &b.sections {
            h.push_str(&format!(
                "<tr class=\"sec\"><td colspan=\"4\">{} {} (GTGT {} %, TNCN {} %)</td></tr>",
                t("Ngành nghề:", "Business line:"),
                esc(&s.label),
                s.vat_percent.replace('.', ","),
                s.pit_percent.replace('.', ",")
            ));
            for e in &s.entries {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td>{}</tr>",
                    esc(&e.document),
                    vn_date(&e.date),
                    esc(&e.description),
                    n(e.amount)
                ));
            }
            h.push_str(&format!(
                "<tr class=\"total\"><td></td><td></td><td>{}</td>{}</tr>",
                t("Tổng cộng", "Subtotal"),
                n(s.subtotal)
            ));
            h.push_str(&format!(
                "<tr><td></td><td></td><td>{}</td>{}</tr><tr><td></td><td></td><td>{}</td>{}</tr>",
                t("Thuế GTGT phải nộp", "VAT payable"),
                n(s.vat),
                t("Thuế TNCN phải nộp", "PIT payable"),
                n(s.pit)
            ));
        }
        h.push_str(&format!(
            "<tr class=\"total\"><td></td><td></td><td>{}</td>{}</tr><tr class=\"total\"><td></td><td></td><td>{}</td>{}</tr><tr class=\"total\"><td></td><td></td><td>{}</td>{}</tr></tbody></table>",
            t("Tổng doanh thu", "Total revenue"),
            n(b.total),
            t("Tổng số thuế GTGT phải nộp", "Total VAT payable"),
            n(b.vat),
            t("Tổng số thuế TNCN phải nộp", "Total PIT payable"),
            n(b.pit)
        ));
    } else {
        h.push_str(&format!(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr><tr><th>A</th><th>B</th><th>1</th></tr></thead><tbody>",
            t("Ngày tháng", "Date"),
            t("Diễn giải", "Description"),
            t("Số tiền", "Amount"),
        ));
        for l in &b.lines {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td>{}</tr>",
                vn_date(&l.date),
                esc(&described(l)),
                n(l.total)
            ));
        }
        h.push_str(&format!(
            "<tr class=\"total\"><td></td><td>{}</td>{}</tr></tbody></table>",
            t("Tổng cộng", "Total"),
            n(b.total)
        ));
    }
    foot(b, lang, &mut h);
    h
}

/// The book as CSV in the form's columns: S1a-HKD one row per day and a
/// total; S2a-HKD one row per entry with its business line, a subtotal
/// and the tax rows per line, then the totals.
pub fn book_csv(b: &Book, lang: Lang) -> String {
    crate::text::sheet_csv(&book_sheet(b, lang))
}

/// The book as one table (the CSV and the .xlsx are written from it): the
/// form's columns, then the totals (and for S2a-HKD each business line's
/// subtotal and tax rows).
pub fn book_sheet(b: &Book, lang: Lang) -> crate::text::Sheet {
    use crate::text::Cell;
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en).to_string();
    let text = |s: &str| Cell::Text(s.to_string());
    let mut rows = Vec::new();
    let header = if b.form == "S2a-HKD" {
        for s in &b.sections {
            for e in &s.entries {
                rows.push(vec![
                    text(&s.group),
                    text(&e.document),
                    text(&e.date),
                    text(&e.description),
                    Cell::Money(e.amount),
                ]);
            }
            for (label, v) in [
                (t("Tổng cộng", "Subtotal"), s.subtotal),
                (t("Thuế GTGT phải nộp", "VAT payable"), s.vat),
                (t("Thuế TNCN phải nộp", "PIT payable"), s.pit),
            ] {
                rows.push(vec![
                    text(&s.group),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Text(label),
                    Cell::Money(v),
                ]);
            }
        }
        for (label, v) in [
            (t("Tổng doanh thu", "Total revenue"), b.total),
            (t("Tổng số thuế GTGT phải nộp", "Total VAT payable"), b.vat),
            (t("Tổng số thuế TNCN phải nộp", "Total PIT payable"), b.pit),
        ] {
            rows.push(vec![
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Text(label),
                Cell::Money(v),
            ]);
        }
        vec![
            t("nganh_nghe", "business_line"),
            t("so_hieu_chung_tu", "document"),
            t("ngay", "date"),
            t("dien_giai", "description"),
            t("so_tien", "amount"),
        ]
    } else {
        for l in &b.lines {
            rows.push(vec![text(&l.date), Cell::Text(described(l)), Cell::Money(l.total)]);
        }
        rows.push(vec![
            Cell::Empty,
            Cell::Text(t("Tổng cộng", "Total")),
            Cell::Money(b.total),
        ]);
        vec![t("ngay", "date"), t("dien_giai", "description"), t("so_tien", "amount")]
    };
    crate::text::Sheet {
        name: format!("{} {}", b.form, b.year),
        header,
        rows,
    }
}
