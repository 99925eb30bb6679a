//! The tax book and summaries as HTML (A4, the form's header), CSV and
//! terminal text.

use super::tax::{Book, Defaulted};
use crate::i18n::Lang;
use crate::money::Vnd;
use crate::tax::{Summary, Thresholds};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `2026-10-01` → `01/10/2026`.
pub fn vn_date(iso: &str) -> String {
    match (iso.get(0..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) if iso.len() == 10 => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// The book as one HTML page for A4 (landscape), the form's header on top
/// and the column header repeated on every printed page.
pub fn book_html(b: &Book, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut h = String::with_capacity(8192 + b.lines.len() * 200);
    h.push_str("<!DOCTYPE html><html lang=\"");
    h.push_str(t("vi", "en"));
    h.push_str("\"><head><meta charset=\"utf-8\"><title>");
    h.push_str(&esc(&format!("{} {} – {}", b.form, b.year, b.shop_name)));
    h.push_str("</title><style>@page{size:A4 landscape;margin:12mm}body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#000}.top{display:flex;justify-content:space-between}.form{text-align:center;font-size:9pt}h1{text-align:center;font-size:14pt;margin:10px 0 2px}.sub{text-align:center;margin:0 0 8px}table{border-collapse:collapse;width:100%;font-size:9pt}thead{display:table-header-group}tr{page-break-inside:avoid}th,td{border:1px solid #000;padding:2px 4px}th{font-weight:bold;text-align:center}td.n{text-align:right;white-space:nowrap}tr.total td{font-weight:bold}.sign{display:flex;justify-content:flex-end;margin-top:14px;text-align:center}.note{font-size:8.5pt;margin-top:8px}</style></head><body>");
    h.push_str("<div class=\"top\"><div>");
    h.push_str(&format!(
        "<div><b>{}</b> {}</div><div>{} {}</div><div>{} {}</div>",
        t("HỘ, CÁ NHÂN KINH DOANH:", "HOUSEHOLD BUSINESS:"),
        esc(&b.shop_name),
        t("Địa chỉ:", "Address:"),
        esc(&b.address),
        t("Mã số thuế:", "Tax code:"),
        esc(&b.tax_code)
    ));
    h.push_str("</div><div class=\"form\"><b>");
    h.push_str(t("Mẫu số S1-HKD", "Form S1-HKD"));
    h.push_str("</b><br>");
    h.push_str(t(
        "(Kèm theo Thông tư số 88/2021/TT-BTC ngày 11 tháng 10 năm 2021 của Bộ trưởng Bộ Tài chính)",
        "(Circular 88/2021/TT-BTC of 11 October 2021 of the Minister of Finance)",
    ));
    h.push_str("</div></div><h1>");
    h.push_str(t(
        "SỔ CHI TIẾT DOANH THU BÁN HÀNG HÓA, DỊCH VỤ",
        "DETAILED BOOK OF REVENUE FROM SALES OF GOODS AND SERVICES",
    ));
    h.push_str("</h1><p class=\"sub\">");
    h.push_str(&format!(
        "{} {} &nbsp; {} {}<br>{} {} {} {}",
        t("Tên địa điểm kinh doanh:", "Business location:"),
        esc(&b.shop_name),
        t("Năm:", "Year:"),
        b.year,
        t("Từ ngày", "From"),
        vn_date(&b.from),
        t("đến ngày", "to"),
        vn_date(&b.to)
    ));
    h.push_str("</p><table><thead><tr>");
    let ng = b.groups.len();
    h.push_str(&format!(
        "<th rowspan=\"2\">{}</th><th colspan=\"2\">{}</th><th rowspan=\"2\">{}</th><th colspan=\"{ng}\">{}</th><th rowspan=\"2\">{}</th><th rowspan=\"2\">{}</th></tr><tr><th>{}</th><th>{}</th>",
        t("Ngày, tháng ghi sổ", "Date of entry"),
        t("Chứng từ", "Document"),
        t("Diễn giải", "Description"),
        t(
            "Doanh thu bán hàng hóa, dịch vụ chia theo danh mục ngành nghề",
            "Revenue by business line"
        ),
        t("Cộng", "Total"),
        t("Ghi chú", "Note"),
        t("Số hiệu", "Number"),
        t("Ngày, tháng", "Date"),
    ));
    for g in &b.groups {
        h.push_str(&format!("<th>{}</th>", esc(&g.label)));
    }
    h.push_str("</tr><tr><th>A</th><th>B</th><th>C</th><th>D</th>");
    for g in &b.groups {
        h.push_str(&format!("<th>{}</th>", g.column));
    }
    h.push_str(&format!("<th>{}</th><th>E</th></tr></thead><tbody>", ng + 1));
    for l in &b.lines {
        let d = vn_date(&l.date);
        h.push_str(&format!(
            "<tr><td>{d}</td><td>{}</td><td>{d}</td><td>{}</td>",
            esc(&l.document),
            esc(&l.description)
        ));
        for v in &l.by_group {
            h.push_str(&format!("<td class=\"n\">{}</td>", Vnd(*v).grouped()));
        }
        h.push_str(&format!(
            "<td class=\"n\">{}</td><td>{}</td></tr>",
            Vnd(l.total).grouped(),
            esc(&l.note)
        ));
    }
    h.push_str(&format!(
        "<tr class=\"total\"><td></td><td></td><td></td><td>{}</td>",
        t("Tổng cộng", "Total")
    ));
    for v in &b.totals {
        h.push_str(&format!("<td class=\"n\">{}</td>", Vnd(*v).grouped()));
    }
    h.push_str(&format!(
        "<td class=\"n\">{}</td><td></td></tr></tbody></table>",
        Vnd(b.total).grouped()
    ));
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
        t("(Ký, họ tên, đóng dấu)", "(Signature, full name, seal)")
    ));
    h
}

/// The book as CSV: one row per line and a total row.
pub fn book_csv(b: &Book, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en).to_string();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec![
        t("ngay", "date"),
        t("chung_tu", "document"),
        t("dien_giai", "description"),
    ];
    head.extend(b.groups.iter().map(|g| g.code.clone()));
    head.extend([t("cong", "total"), t("ghi_chu", "note")]);
    let _ = w.write_record(&head);
    for l in &b.lines {
        let mut r = vec![
            l.date.clone(),
            crate::text::csv_safe(&l.document).into_owned(),
            crate::text::csv_safe(&l.description).into_owned(),
        ];
        r.extend(l.by_group.iter().map(|v| v.to_string()));
        r.extend([l.total.to_string(), crate::text::csv_safe(&l.note).into_owned()]);
        let _ = w.write_record(&r);
    }
    let mut r = vec![String::new(), String::new(), t("Tổng cộng", "Total")];
    r.extend(b.totals.iter().map(|v| v.to_string()));
    r.extend([b.total.to_string(), String::new()]);
    let _ = w.write_record(&r);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// "N products have no tax group: counted as … by their VAT rate".
pub fn defaulted_line(d: &[Defaulted], lang: Lang) -> String {
    let n = d.len();
    let list: Vec<String> = d.iter().take(5).map(|x| format!("{} → {}", x.sku, x.group)).collect();
    let more = if n > 5 { ", …" } else { "" };
    let list = list.join(", ");
    crate::msg!(
        "{n} mặt hàng chưa có nhóm ngành nghề, đã tính theo thuế suất GTGT: {list}{more} (đặt bằng `quay tax group SKU NHÓM`)",
        "{n} products have no tax group and were counted by their VAT rate: {list}{more} (set with `quay tax group SKU GROUP`)"
    )
    .get(lang)
    .to_string()
}

/// The summary as terminal lines.
pub fn summary_text(s: &Summary, lang: Lang) -> Vec<String> {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut out = Vec::new();
    out.push(format!(
        "{} {} ({} → {})",
        t("Thuế hộ kinh doanh, kỳ", "Household tax, period"),
        s.period,
        s.from,
        s.to
    ));
    out.push(format!(
        "{:<44}{:>16}",
        t("Doanh thu trong kỳ", "Revenue of the period"),
        Vnd(s.revenue).to_string()
    ));
    out.push(format!(
        "{:<44}{:>16}",
        t(
            "Doanh thu từ đầu năm đến cuối kỳ",
            "Revenue of the year to the period's end"
        ),
        Vnd(s.revenue_year_to_end).to_string()
    ));
    let on = |b: crate::tax::table::Base| match b {
        crate::tax::table::Base::All => t(
            "toàn bộ doanh thu từ quý vượt ngưỡng",
            "all revenue from the quarter it is crossed",
        ),
        crate::tax::table::Base::Excess => t(
            "phần vượt ngưỡng, trừ vào ngành có tỷ lệ cao nhất trước",
            "the part above, threshold taken from the highest-rate line first",
        ),
    };
    out.push(format!(
        "{} {} ({}: GTGT/VAT {}, TNCN/PIT {})",
        t("Ngưỡng không chịu thuế:", "Exempt threshold:"),
        Vnd(s.exempt_threshold),
        t("khi vượt tính trên", "above it, tax on"),
        on(s.vat_on),
        on(s.pit_on)
    ));
    out.push(format!("  {} {}", t("Căn cứ:", "Basis:"), s.threshold_basis));
    out.push(String::new());
    let w = |s: &str, n: usize| -> String {
        let c = s.chars().count();
        if c <= n {
            format!("{s}{}", " ".repeat(n - c))
        } else {
            let mut x: String = s.chars().take(n - 1).collect();
            x.push('…');
            x
        }
    };
    out.push(format!(
        "{}{:>14}{:>6}{:>12}{:>6}{:>12}",
        w(t("Nhóm ngành nghề", "Business line"), 28),
        t("Doanh thu", "Revenue"),
        "GTGT",
        t("Thuế GTGT", "VAT"),
        "TNCN",
        t("Thuế TNCN", "PIT")
    ));
    for (i, g) in s.groups.iter().enumerate() {
        out.push(format!(
            "{}{:>14}{:>6}{:>12}{:>6}{:>12}",
            w(&format!("{} {}", i + 1, g.label), 28),
            Vnd(g.revenue).grouped(),
            format!("{}%", g.vat_percent),
            Vnd(g.vat).grouped(),
            format!("{}%", g.pit_percent),
            Vnd(g.pit).grouped()
        ));
    }
    out.push(format!(
        "{}{:>14}{:>6}{:>12}{:>6}{:>12}",
        w(t("Cộng", "Total"), 28),
        Vnd(s.revenue).grouped(),
        "",
        Vnd(s.vat).grouped(),
        "",
        Vnd(s.pit).grouped()
    ));
    out.push(String::new());
    out.push(format!(
        "{:<44}{:>16}",
        t(
            "Doanh thu kỳ này không chịu GTGT",
            "Revenue of the period exempt from VAT"
        ),
        Vnd(s.vat_exempt_revenue).to_string()
    ));
    out.push(format!(
        "{:<44}{:>16}",
        t(
            "Doanh thu kỳ này không chịu TNCN",
            "Revenue of the period exempt from PIT"
        ),
        Vnd(s.pit_exempt_revenue).to_string()
    ));
    if s.withheld > 0 {
        out.push(format!(
            "{:<44}{:>16}",
            t("Sàn TMĐT đã khấu trừ", "Withheld by platforms"),
            Vnd(s.withheld).to_string()
        ));
    }
    out.push(format!(
        "{:<44}{:>16}",
        t("Còn phải nộp (ước tính)", "Due (estimate)"),
        Vnd(s.due).to_string()
    ));
    let mut bases: Vec<&str> = s.groups.iter().map(|g| g.basis.as_str()).collect();
    bases.dedup();
    for b in bases {
        out.push(format!("  {} {}", t("Tỷ lệ theo:", "Rates per:"), b));
    }
    out
}

/// The year-to-date revenue against the thresholds, as terminal lines.
pub fn thresholds_text(th: &Thresholds, lang: Lang) -> Vec<String> {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut out = vec![format!(
        "{} {}: {}",
        t("Doanh thu từ đầu năm", "Revenue of"),
        th.year,
        Vnd(th.revenue)
    )];
    out.push(match &th.exempt_crossed_on {
        Some(d) => format!(
            "{} {} {} {}",
            t("Đã vượt ngưỡng không chịu thuế", "Above the exempt threshold"),
            Vnd(th.exempt_threshold),
            t("từ ngày", "since"),
            vn_date(d)
        ),
        None => format!(
            "{} {} ({} {})",
            t("Dưới ngưỡng không chịu thuế", "Below the exempt threshold"),
            Vnd(th.exempt_threshold),
            t("còn", "left:"),
            Vnd(th.exempt_threshold - th.revenue)
        ),
    });
    out.push(match (&th.einvoice_crossed_on, &th.register_by) {
        (Some(d), Some(by)) => format!(
            "{} {} {} {}: {} {}",
            t("Đã vượt", "Above"),
            Vnd(th.einvoice_line),
            t("từ ngày", "since"),
            vn_date(d),
            t(
                "phải dùng hóa đơn điện tử từ máy tính tiền, đăng ký chậm nhất",
                "cash-register e-invoices are compulsory; register by"
            ),
            vn_date(by)
        ),
        _ => format!(
            "{} {} ({} {})",
            t("Dưới mức bắt buộc hóa đơn điện tử", "Below the e-invoice line"),
            Vnd(th.einvoice_line),
            t("còn", "left:"),
            Vnd(th.einvoice_line - th.revenue)
        ),
    });
    out
}

/// The year-to-date figures in three short lines for the counter's F12
/// screen (at most 78 columns); `true` marks a crossed line.
pub fn thresholds_compact(th: &Thresholds, lang: Lang) -> Vec<(bool, String)> {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let (y, r) = (th.year, Vnd(th.revenue));
    let mut out = vec![(
        false,
        match lang {
            Lang::Vi => format!("Thuế hộ kinh doanh {y}: doanh thu từ đầu năm {r}"),
            Lang::En => format!("Household tax {y}: revenue so far {r}"),
        },
    )];
    let ex = Vnd(th.exempt_threshold);
    out.push(match &th.exempt_crossed_on {
        Some(d) => (
            true,
            format!(
                "{} {ex} {} {}: {}",
                t("Đã vượt ngưỡng", "Above the"),
                t("từ", "threshold since"),
                vn_date(d),
                t("kê khai, nộp thuế theo quý", "declare and pay quarterly")
            ),
        ),
        None => (
            false,
            format!(
                "{} {ex}: {} {}",
                t("Ngưỡng không chịu thuế", "Exempt up to"),
                t("còn", "left"),
                Vnd(th.exempt_threshold - th.revenue)
            ),
        ),
    });
    let ei = Vnd(th.einvoice_line);
    out.push(match (&th.einvoice_crossed_on, &th.register_by) {
        (Some(d), Some(by)) => (
            true,
            format!(
                "{} {}: {} {}",
                t("Vượt mức HĐĐT từ", "Over the e-invoice line since"),
                vn_date(d),
                t("đăng ký HĐĐT máy tính tiền trước", "register e-invoices by"),
                vn_date(by)
            ),
        ),
        _ => (
            false,
            format!(
                "{} {ei}: {} {}",
                t("HĐĐT máy tính tiền bắt buộc trên", "Cash-register e-invoices above"),
                t("còn", "left"),
                Vnd(th.einvoice_line - th.revenue)
            ),
        ),
    });
    out
}
