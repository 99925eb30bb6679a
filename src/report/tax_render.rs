//! The tax book and summaries as HTML (A4, the form's header), CSV and
//! terminal text.

use super::tax::Defaulted;
use crate::i18n::Lang;
use crate::money::Vnd;
use crate::tax::{Summary, Thresholds};

pub(super) fn esc(s: &str) -> String {
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
    if let (true, Some(l)) = (s.above_percentage_method, s.percentage_method_up_to) {
        let l = Vnd(l);
        out.push(
            crate::msg!(
                "Lưu ý: doanh thu năm đã vượt {l}: từ năm sau phải nộp thuế theo phương pháp lợi nhuận (NĐ 68/2026 Điều 4(5)(a)); quay không tính phương pháp này.",
                "Note: the year's revenue is above {l}: from next year tax is due by the profit method (NĐ 68/2026 Art. 4(5)(a)); quay does not compute it."
            )
            .get(lang)
            .to_string(),
        );
    }
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
    if let Some(l) = th.percentage_method_up_to.filter(|l| th.revenue > *l) {
        let l = Vnd(l);
        out.push(
            crate::msg!(
                "Đã vượt {l}: từ năm sau nộp thuế theo phương pháp lợi nhuận (NĐ 68/2026 Điều 4(5)(a)); quay không tính phương pháp này.",
                "Above {l}: from next year tax is due by the profit method (NĐ 68/2026 Art. 4(5)(a)); quay does not compute it."
            )
            .get(lang)
            .to_string(),
        );
    }
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
