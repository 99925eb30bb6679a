//! X report (live, any time) and Z report (closes the session, numbered,
//! frozen in the shop file) from a session's figures.

use crate::checkout::tender::Method;
use crate::i18n::Lang;
use crate::money::Vnd;
use crate::store::SessionFigures;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MethodLine {
    #[serde(
        serialize_with = "Method::serialize_code",
        deserialize_with = "Method::deserialize_code"
    )]
    pub method: Method,
    pub count: i64,
    pub amount: Vnd,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VatLine {
    pub rate: String,
    pub total: Vnd,
    pub pre_tax: Vnd,
    pub tax: Vnd,
}

/// The figures of an X or Z report, as printed and as frozen (JSON).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SessionReport {
    /// `None` for an X report.
    pub z_number: Option<i64>,
    pub session_id: i64,
    pub opened_at: String,
    pub opened_by: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub sales_count: i64,
    pub sales_total: Vnd,
    pub discounts: Vnd,
    pub refunds_count: i64,
    pub refunds_total: Vnd,
    pub voids_count: i64,
    pub voids_total: Vnd,
    /// Sales + refunds + voids.
    pub net_total: Vnd,
    pub by_method: Vec<MethodLine>,
    /// Share of sales paid (at least partly) without cash, by count.
    pub cashless_share_count: f64,
    /// Share of net takings paid without cash, by value.
    pub cashless_share_value: f64,
    pub vat: Vec<VatLine>,
    pub opening_float: Vnd,
    pub cash_in: Vnd,
    pub cash_out: Vnd,
    /// Float + net cash payments + cash in − cash out.
    pub expected_cash: Vnd,
    pub counted_cash: Option<Vnd>,
    /// Counted − expected.
    pub variance: Option<Vnd>,
    /// The audit chain head when the session was closed (Z reports only):
    /// an anchor that leaves the shop, so a later rewrite or truncation of
    /// the chain shows (`quay audit verify --against`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<crate::store::AuditHead>,
}

/// Build the report. `closing` is (z number, closed_at, closed_by, counted).
pub fn build(f: &SessionFigures, closing: Option<(i64, String, String, Vnd)>) -> SessionReport {
    let cash_net: Vnd = f
        .by_method
        .iter()
        .filter(|m| m.method == Method::Cash)
        .map(|m| m.amount)
        .sum();
    let non_cash: Vnd = f
        .by_method
        .iter()
        // debt ("ghi nợ") is neither cash nor cashless until paid
        .filter(|m| !matches!(m.method, Method::Cash | Method::Debt | Method::Rounding))
        .map(|m| m.amount)
        .sum();
    let cash_in: Vnd = f.moves.iter().filter(|m| m.amount.0 > 0).map(|m| m.amount).sum();
    let cash_out: Vnd = f.moves.iter().filter(|m| m.amount.0 < 0).map(|m| -m.amount).sum();
    let expected = f.session.opening_float + cash_net + cash_in - cash_out;
    let net_total = f.sales_total + f.refunds_total + f.voids_total;
    let share = |num: i64, den: i64| {
        if den > 0 { num as f64 / den as f64 } else { 0.0 }
    };
    let (z_number, closed_at, closed_by, counted) = match closing {
        Some((z, at, by, c)) => (Some(z), Some(at), Some(by), Some(c)),
        None => (None, None, None, None),
    };
    SessionReport {
        z_number,
        session_id: f.session.id,
        opened_at: crate::time::stamp_text(&f.session.opened_at),
        opened_by: f.session.opened_by.clone(),
        closed_at,
        closed_by,
        sales_count: f.sales_count,
        sales_total: f.sales_total,
        discounts: f.discounts,
        refunds_count: f.refunds_count,
        refunds_total: f.refunds_total,
        voids_count: f.voids_count,
        voids_total: f.voids_total,
        net_total,
        by_method: f
            .by_method
            .iter()
            .map(|m| MethodLine {
                method: m.method,
                count: m.count,
                amount: m.amount,
            })
            .collect(),
        cashless_share_count: share(f.cashless_sales_count, f.sales_count),
        cashless_share_value: share(non_cash.0, (cash_net + non_cash).0),
        vat: f
            .vat
            .iter()
            .map(|v| VatLine {
                rate: v.rate.clone(),
                total: v.total,
                pre_tax: v.pre_tax,
                tax: v.tax,
            })
            .collect(),
        opening_float: f.session.opening_float,
        cash_in,
        cash_out,
        expected_cash: expected,
        counted_cash: counted,
        variance: counted.map(|c| c - expected),
        audit_head: z_number.map(|_| f.audit_head.clone()),
    }
}

/// The report as text lines, `width` characters wide.
/// A stored Z report that cannot be read: its Z number and what is wrong.
pub type Unreadable = (i64, String);

/// The Z reports closed on `date` (YYYY-MM-DD), in Z order. A stored report
/// that cannot be read is not dropped: it comes back in the second list, for
/// the caller to tell the user.
pub fn closed_on(
    store: &crate::store::Store,
    date: &str,
) -> Result<(Vec<SessionReport>, Vec<Unreadable>), crate::store::StoreError> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (z, json) in store.z_reports_on(date)? {
        match serde_json::from_str(&json) {
            Ok(r) => good.push(r),
            Err(e) => bad.push((z, e.to_string())),
        }
    }
    Ok((good, bad))
}

pub fn render(r: &SessionReport, lang: Lang, width: usize) -> Vec<String> {
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let row = |label: String, value: String| {
        let lw = label.chars().count();
        let vw = value.chars().count();
        if lw + vw + 1 > width {
            format!("{label}\n{value:>width$}")
        } else {
            format!("{label}{}{value}", " ".repeat(width - lw - vw))
        }
    };
    let pct = |x: f64| format!("{:.1} %", x * 100.0).replace('.', ",");
    let mut out = Vec::new();
    let title = match r.z_number {
        Some(z) => format!("{} Z {z:04}", t("BÁO CÁO CHỐT CA", "CLOSING REPORT")),
        None => t("BÁO CÁO X (TẠM TÍNH)", "X REPORT (LIVE)"),
    };
    out.push(format!("{title:^width$}"));
    out.push("=".repeat(width));
    out.push(row(
        t("Mở ca", "Opened"),
        format!(
            "{} {}",
            short_ts(&r.opened_at),
            crate::text::terminal_safe(&r.opened_by)
        ),
    ));
    if let (Some(at), Some(by)) = (&r.closed_at, &r.closed_by) {
        let by = crate::text::terminal_safe(by);
        out.push(row(t("Chốt ca", "Closed"), format!("{} {by}", short_ts(at))));
    }
    out.push("-".repeat(width));
    out.push(row(
        format!("{} ({})", t("Bán hàng", "Sales"), r.sales_count),
        r.sales_total.to_string(),
    ));
    if r.discounts.0 != 0 {
        out.push(row(
            t("  trong đó chiết khấu", "  of which discounts"),
            r.discounts.to_string(),
        ));
    }
    out.push(row(
        format!("{} ({})", t("Trả hàng", "Refunds"), r.refunds_count),
        r.refunds_total.to_string(),
    ));
    out.push(row(
        format!("{} ({})", t("Hủy đơn", "Voids"), r.voids_count),
        r.voids_total.to_string(),
    ));
    out.push(row(t("Doanh thu thuần", "Net takings"), r.net_total.to_string()));
    out.push("-".repeat(width));
    out.push(t("Theo hình thức thanh toán", "By payment method"));
    for m in &r.by_method {
        let label = m.method.label(lang);
        out.push(row(format!("  {label} ({})", m.count), m.amount.to_string()));
    }
    out.push(row(
        t("Không dùng tiền mặt (số đơn)", "Cashless (by count)"),
        pct(r.cashless_share_count),
    ));
    out.push(row(
        t("Không dùng tiền mặt (giá trị)", "Cashless (by value)"),
        pct(r.cashless_share_value),
    ));
    if !r.vat.is_empty() {
        out.push("-".repeat(width));
        out.push(t("Thuế GTGT theo thuế suất", "VAT by rate"));
        for v in &r.vat {
            let rate = if v.rate == "KCT" {
                "KCT".to_string()
            } else {
                format!("{}%", v.rate)
            };
            out.push(row(
                format!("  {rate} {}", t("tiền hàng", "net")),
                v.pre_tax.to_string(),
            ));
            out.push(row(format!("  {rate} {}", t("thuế", "tax")), v.tax.to_string()));
        }
    }
    out.push("-".repeat(width));
    out.push(row(t("Tiền đầu ca", "Opening float"), r.opening_float.to_string()));
    out.push(row(t("Nộp thêm", "Cash in"), r.cash_in.to_string()));
    out.push(row(t("Rút ra", "Cash out"), r.cash_out.to_string()));
    out.push(row(t("Tiền mặt phải có", "Expected cash"), r.expected_cash.to_string()));
    if let Some(c) = r.counted_cash {
        out.push(row(t("Tiền mặt đếm được", "Counted cash"), c.to_string()));
    }
    if let Some(v) = r.variance {
        out.push(row(t("Chênh lệch", "Variance"), v.to_string()));
    }
    if let Some(h) = &r.audit_head {
        out.push(row(t("Mốc kiểm toán", "Audit head"), h.short()));
    }
    out.push("=".repeat(width));
    out.into_iter()
        .flat_map(|l| l.split('\n').map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// `2026-11-23T18:30:05+07:00` → `23/11/2026 18:30`.
pub fn short_ts(ts: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(ts) {
        Ok(t) => crate::time::short_stamp(&t),
        Err(_) => ts.to_string(),
    }
}
