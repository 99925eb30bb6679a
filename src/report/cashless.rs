//! Cashless share and e-invoice coverage of a shop, by day, ISO week, month
//! or a whole range.
//!
//! Definitions (the ones the ward bundle carries too):
//! - a sale counts once; a sale is *cashless* when any part of it was paid
//!   without cash; voids and refunds are attributed to the sale they
//!   reverse, so a refunded sale leaves the numerator and the denominator
//!   the way it entered them (a fully reversed sale leaves both);
//! - values are net payments per method (refunds subtract from the method
//!   they were paid back by);
//! - e-invoice coverage is sales whose e-invoice was sent to or accepted by
//!   the tax authority ÷ sales, by count and by value; invoices issued but
//!   not sent yet are counted beside it, rejected ones in neither.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::checkout::tender::Method;
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::store::{SaleFigures, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Day,
    Week,
    Month,
    /// The whole range as one row.
    Range,
}

impl Grouping {
    pub fn parse(s: &str) -> Option<Grouping> {
        match s {
            "day" => Some(Grouping::Day),
            "week" => Some(Grouping::Week),
            "month" => Some(Grouping::Month),
            "range" | "all" => Some(Grouping::Range),
            _ => None,
        }
    }

    /// The bucket a business date falls in.
    pub fn key(self, date: &str, range_label: &str) -> String {
        let Ok(d) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            return date.to_string();
        };
        match self {
            Grouping::Day => date.to_string(),
            Grouping::Week => {
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Grouping::Month => format!("{}-{:02}", d.year(), d.month()),
            Grouping::Range => range_label.to_string(),
        }
    }
}

/// Count and value of one payment method.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MethodFigure {
    pub method: String,
    /// Sales with a (net positive) payment by this method.
    pub count: i64,
    /// Net value paid by this method (đồng).
    pub value: i64,
}

/// The figures of one bucket.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Bucket {
    pub period: String,
    pub sales: i64,
    pub value: i64,
    pub cashless_sales: i64,
    pub cashless_value: i64,
    pub cashless_share_count: f64,
    pub cashless_share_value: f64,
    pub invoiced_sales: i64,
    pub invoiced_value: i64,
    pub invoice_coverage_count: f64,
    pub invoice_coverage_value: f64,
    /// Sales whose e-invoice is issued but not sent yet (not in the coverage).
    #[serde(default)]
    pub invoice_unsent_sales: i64,
    /// Sales fully reversed by voids or refunds (left out of the counts).
    pub reversed_sales: i64,
    pub by_method: Vec<MethodFigure>,
    /// Debt ("ghi nợ") of the bucket's sales still unpaid: outside `value`
    /// and the cashless share until a payment comes in (see [`debt`]).
    #[serde(default)]
    pub debt_outstanding: i64,
    /// Sales with some debt still unpaid.
    #[serde(default)]
    pub debt_sales: i64,
}

/// `n / d`, 0 when there is nothing to divide by.
pub(super) fn share(n: i64, d: i64) -> f64 {
    if d > 0 { n as f64 / d as f64 } else { 0.0 }
}

impl Bucket {
    fn add(&mut self, s: &SaleFigures, names: &[String]) {
        let paid: i64 = s.by_method.iter().map(|(_, a)| a).sum();
        let net = (paid + s.reversed).max(0);
        // A reversal takes the sale back out the way it came in: every
        // method shrinks in proportion (largest remainder, exact sums).
        let weights: Vec<i64> = s.by_method.iter().map(|(_, a)| *a).collect();
        let scaled: Vec<i64> = if s.reversed == 0 {
            weights.clone()
        } else {
            crate::checkout::spread(net, &weights)
        };
        for ((m, _), a) in s.by_method.iter().zip(scaled.iter()) {
            let name = &names[usize::from(*m)];
            let e = match self.by_method.iter_mut().position(|x| x.method == *name) {
                Some(i) => &mut self.by_method[i],
                None => {
                    self.by_method.push(MethodFigure {
                        method: name.clone(),
                        ..Default::default()
                    });
                    self.by_method.last_mut().expect("just pushed")
                }
            };
            e.value += a;
            if net > 0 && *a > 0 {
                e.count += 1;
            }
        }
        self.value += net;
        let is_cash = |m: &u16| names[usize::from(*m)] == "cash";
        let noncash: i64 = s
            .by_method
            .iter()
            .zip(&scaled)
            .filter(|((m, _), _)| !is_cash(m))
            .map(|(_, a)| a)
            .sum();
        self.cashless_value += noncash;
        if net <= 0 {
            self.reversed_sales += 1;
            return;
        }
        self.sales += 1;
        if s.by_method.iter().zip(&scaled).any(|((m, _), a)| !is_cash(m) && *a > 0) {
            self.cashless_sales += 1;
        }
        if s.invoiced {
            self.invoiced_sales += 1;
            self.invoiced_value += net;
        } else if s.invoice_unsent {
            self.invoice_unsent_sales += 1;
        }
    }

    fn finish(&mut self) {
        self.cashless_share_count = share(self.cashless_sales, self.sales);
        self.cashless_share_value = share(self.cashless_value, self.value);
        self.invoice_coverage_count = share(self.invoiced_sales, self.sales);
        self.invoice_coverage_value = share(self.invoiced_value, self.value);
        self.by_method.sort_by(|a, b| a.method.cmp(&b.method));
    }
}

/// The report over `[from, to]`; with [`Grouping::Day`] every day of the
/// range is present, days without sales with zeros.
pub fn cashless(store: &Store, from: &str, to: &str, by: Grouping) -> Result<Vec<Bucket>, StoreError> {
    let label = format!("{from}..{to}");
    let mut buckets: BTreeMap<String, Bucket> = BTreeMap::new();
    if let (Ok(mut d), Ok(end)) = (
        NaiveDate::parse_from_str(from, "%Y-%m-%d"),
        NaiveDate::parse_from_str(to, "%Y-%m-%d"),
    ) {
        while d <= end {
            let k = by.key(&d.to_string(), &label);
            buckets.entry(k.clone()).or_insert_with(|| Bucket {
                period: k,
                ..Default::default()
            });
            d += chrono::Duration::days(1);
        }
    }
    let debts = store.debt_of_sales(from, to)?;
    let mut last_key: (String, String) = (String::new(), String::new());
    store.for_each_sale(from, to, |s, names| {
        if last_key.0 != s.business_date {
            last_key = (s.business_date.clone(), by.key(&s.business_date, &label));
        }
        buckets
            .entry(last_key.1.clone())
            .or_insert_with(|| Bucket {
                period: last_key.1.clone(),
                ..Default::default()
            })
            .add_with_debt(s, names, &debts);
    })?;
    let mut out: Vec<Bucket> = buckets.into_values().collect();
    for b in &mut out {
        b.finish();
    }
    Ok(out)
}

/// The figures of one cash session's sales, by the same definitions (so the
/// X and Z reports show the share the ward reports and F12 show).
pub fn session_bucket(store: &Store, session: &crate::store::Session) -> Result<Bucket, StoreError> {
    let ids: std::collections::HashSet<i64> = store.session_sale_ids(session.id)?.into_iter().collect();
    let from = session.opened_at.date_naive().to_string();
    let to = store.clock().today().to_string().max(from.clone());
    let mut b = Bucket {
        period: format!("session:{}", session.id),
        ..Default::default()
    };
    let debts = store.debt_of_sales(&from, &to)?;
    store.for_each_sale(&from, &to, |s, names| {
        if ids.contains(&s.sale_id) {
            b.add_with_debt(s, names, &debts);
        }
    })?;
    b.finish();
    Ok(b)
}

/// Debt in the figures (kept apart from the code above).
///
/// A sale paid partly or wholly "ghi nợ" (method `debt`) counts its debt
/// part as neither cash nor cashless: the later payments that settled it
/// count by their own method, as if the sale had been paid that way; what
/// is still owed is left out of the value and the shares and shown as
/// `debt_outstanding`. The debt part of a refund only shrinks what is owed.
/// The cash rounding line (method `rounding`) belongs to the cash paid.
pub mod debt {
    use std::collections::HashMap;

    use super::Bucket;
    use crate::store::{DebtOfSale, SaleFigures};

    /// The sale as the shares see it: the debt entry replaced by the
    /// payments that settled it, the debt part taken out of its reversals;
    /// with the method names extended, and what is still owed.
    pub fn adjusted(s: &SaleFigures, names: &[String], d: Option<&DebtOfSale>) -> (SaleFigures, Vec<String>, i64) {
        let mut names = names.to_vec();
        let mut out = s.clone();
        let mut owed = 0;
        out.by_method.retain(|(m, a)| {
            if names[usize::from(*m)] == "debt" {
                owed += a;
                false
            } else {
                true
            }
        });
        // the rounding line is part of the cash paid
        let mut rounding = 0;
        out.by_method.retain(|(m, a)| {
            if names[usize::from(*m)] == "rounding" {
                rounding += a;
                false
            } else {
                true
            }
        });
        if rounding != 0 {
            let cash = match names.iter().position(|n| n == "cash") {
                Some(i) => i,
                None => {
                    names.push("cash".into());
                    names.len() - 1
                }
            };
            let cash = u16::try_from(cash).unwrap_or(u16::MAX);
            match out.by_method.iter_mut().find(|(x, _)| *x == cash) {
                Some(e) => e.1 += rounding,
                None => out.by_method.push((cash, rounding)),
            }
        }
        let reversed_debt = d.map_or(0, |d| d.reversed);
        out.reversed = s.reversed - reversed_debt;
        let mut paid = 0;
        for (method, a) in d.map(|d| d.paid.as_slice()).unwrap_or(&[]) {
            let m = match names.iter().position(|n| n == method) {
                Some(i) => i,
                None => {
                    names.push(method.clone());
                    names.len() - 1
                }
            };
            let m = u16::try_from(m).unwrap_or(u16::MAX);
            paid += a;
            match out.by_method.iter_mut().find(|(x, _)| *x == m) {
                Some(e) => e.1 += a,
                None => out.by_method.push((m, *a)),
            }
        }
        let outstanding = (owed + reversed_debt - paid).max(0);
        (out, names, outstanding)
    }

    impl Bucket {
        /// [`Bucket::add`] with the debt rule above.
        pub(super) fn add_with_debt(&mut self, s: &SaleFigures, names: &[String], debts: &HashMap<i64, DebtOfSale>) {
            if !s
                .by_method
                .iter()
                .any(|(m, _)| matches!(names[usize::from(*m)].as_str(), "debt" | "rounding"))
            {
                return self.add(s, names);
            }
            let (adj, names, outstanding) = adjusted(s, names, debts.get(&s.sale_id));
            if outstanding > 0 {
                self.debt_outstanding += outstanding;
                self.debt_sales += 1;
            }
            let settled: i64 = adj.by_method.iter().map(|(_, a)| a).sum();
            // a sale still wholly owed enters no share yet
            if settled == 0 && outstanding > 0 {
                return;
            }
            self.add(&adj, &names);
        }
    }
}

/// The rows as CSV: one line per period and payment method (a period
/// without sales keeps one line with empty method columns).
pub fn csv(rows: &[Bucket]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "period",
        "sales",
        "value",
        "cashless_sales",
        "cashless_value",
        "cashless_share_count",
        "cashless_share_value",
        "invoiced_sales",
        "invoice_coverage_count",
        "reversed_sales",
        "method",
        "method_sales",
        "method_value",
    ]);
    for b in rows {
        let base = [
            b.period.clone(),
            b.sales.to_string(),
            b.value.to_string(),
            b.cashless_sales.to_string(),
            b.cashless_value.to_string(),
            format!("{:.4}", b.cashless_share_count),
            format!("{:.4}", b.cashless_share_value),
            b.invoiced_sales.to_string(),
            format!("{:.4}", b.invoice_coverage_count),
            b.reversed_sales.to_string(),
        ];
        if b.by_method.is_empty() {
            let mut r = base.to_vec();
            r.extend([String::new(), String::new(), String::new()]);
            let _ = w.write_record(r.iter().map(|c| crate::text::csv_safe(c).into_owned()));
        }
        for m in &b.by_method {
            let mut r = base.to_vec();
            r.extend([m.method.clone(), m.count.to_string(), m.value.to_string()]);
            let _ = w.write_record(r.iter().map(|c| crate::text::csv_safe(c).into_owned()));
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The buckets as one spreadsheet sheet, headers in `lang`: one row per
/// bucket, amounts and counts as numbers, shares as percentages, and one
/// value column per payment method.
pub fn sheet(rows: &[Bucket], lang: Lang) -> crate::text::Sheet {
    use crate::text::Cell;
    let mut methods: Vec<String> = Vec::new();
    for m in rows.iter().flat_map(|b| &b.by_method) {
        if !methods.contains(&m.method) {
            methods.push(m.method.clone());
        }
    }
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let mut header = vec![
        t("Kỳ", "Period"),
        t("Số đơn", "Sales"),
        t("Giá trị (đ)", "Value (VND)"),
        t("Đơn không tiền mặt", "Cashless sales"),
        t("Giá trị không tiền mặt (đ)", "Cashless value (VND)"),
        t("Tỷ lệ không tiền mặt (đơn)", "Cashless share (count)"),
        t("Tỷ lệ không tiền mặt (giá trị)", "Cashless share (value)"),
        t("Đơn có hóa đơn điện tử", "Invoiced sales"),
        t("Tỷ lệ có hóa đơn điện tử", "E-invoice coverage"),
        t("Đơn bị hủy/trả", "Reversed sales"),
    ];
    header.extend(methods.iter().map(|m| format!("{} {m} (đ)", t("Giá trị", "Value"))));
    let rows = rows
        .iter()
        .map(|b| {
            let mut r = vec![
                Cell::Text(b.period.clone()),
                Cell::Int(b.sales),
                Cell::Money(b.value),
                Cell::Int(b.cashless_sales),
                Cell::Money(b.cashless_value),
                Cell::Ratio(b.cashless_share_count),
                Cell::Ratio(b.cashless_share_value),
                Cell::Int(b.invoiced_sales),
                Cell::Ratio(b.invoice_coverage_count),
                Cell::Int(b.reversed_sales),
            ];
            r.extend(methods.iter().map(|m| {
                b.by_method
                    .iter()
                    .find(|f| &f.method == m)
                    .map_or(Cell::Empty, |f| Cell::Money(f.value))
            }));
            r
        })
        .collect();
    crate::text::Sheet {
        name: t("Không tiền mặt", "Cashless"),
        header,
        rows,
    }
}

/// Resolve a period: `2026-11`, `2026-W48`, `2026-11-23`, or `FROM..TO`.
pub fn period(s: &str) -> Result<(String, String), Msg> {
    let t = s.trim();
    let bad = || {
        msg!(
            "kỳ '{t}' không hợp lệ: cần YYYY-MM, YYYY-Www, YYYY-MM-DD hoặc TỪ..ĐẾN",
            "period '{t}' is not valid: expected YYYY-MM, YYYY-Www, YYYY-MM-DD or FROM..TO"
        )
    };
    let date = |x: &str| NaiveDate::parse_from_str(x.trim(), "%Y-%m-%d").map_err(|_| bad());
    if let Some((a, b)) = t.split_once("..") {
        let (a, b) = (date(a)?, date(b)?);
        if a > b {
            return Err(msg!(
                "kỳ '{t}': ngày đầu sau ngày cuối",
                "period '{t}': the start is after the end"
            ));
        }
        return Ok((a.to_string(), b.to_string()));
    }
    if let Some((y, w)) = t.split_once("-W") {
        let y: i32 = y.parse().map_err(|_| bad())?;
        let w: u32 = w.parse().map_err(|_| bad())?;
        let start = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon).ok_or_else(bad)?;
        return Ok((start.to_string(), (start + chrono::Duration::days(6)).to_string()));
    }
    if t.len() == 7 {
        let start = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d").map_err(|_| bad())?;
        let next = if start.month() == 12 {
            NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
        }
        .ok_or_else(bad)?;
        return Ok((start.to_string(), (next - chrono::Duration::days(1)).to_string()));
    }
    let d = date(t)?;
    Ok((d.to_string(), d.to_string()))
}

/// Table lines for people.
pub fn render_table(rows: &[Bucket], lang: Lang) -> Vec<String> {
    let pct = |x: f64| format!("{:>5.1} %", x * 100.0).replace('.', ",");
    let mut out = vec![format!(
        "{:<23} {:>6} {:>16} {:>8} {:>8} {:>8}",
        lang.pick("Kỳ", "Period"),
        lang.pick("Số đơn", "Sales"),
        lang.pick("Doanh thu", "Value"),
        lang.pick("KDTM/SL", "CL/count"),
        lang.pick("KDTM/GT", "CL/value"),
        lang.pick("HĐĐT", "E-inv.")
    )];
    for b in rows {
        out.push(format!(
            "{:<23} {:>6} {:>16} {:>8} {:>8} {:>8}",
            b.period,
            b.sales,
            crate::money::Vnd(b.value).to_string(),
            pct(b.cashless_share_count),
            pct(b.cashless_share_value),
            pct(b.invoice_coverage_count)
        ));
        for m in &b.by_method {
            let label = Method::from_code(&m.method).map_or(m.method.clone(), |x| x.label(lang));
            out.push(format!(
                "    {:<19} {:>6} {:>16}",
                label,
                m.count,
                crate::money::Vnd(m.value).to_string()
            ));
        }
        if b.debt_outstanding > 0 {
            out.push(format!(
                "    {:<19} {:>6} {:>16}",
                lang.pick("Nợ chưa trả*", "Unpaid debt*"),
                b.debt_sales,
                crate::money::Vnd(b.debt_outstanding).to_string()
            ));
        }
    }
    if rows.iter().any(|b| b.debt_outstanding > 0) {
        out.push(
            lang.pick(
                "* ghi nợ chưa trả: không tính vào doanh thu và tỷ lệ KDTM cho đến khi khách trả",
                "* unpaid debt: outside the value and the cashless share until the customer pays",
            )
            .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(period("2026-11").unwrap(), ("2026-11-01".into(), "2026-11-30".into()));
        assert_eq!(period("2026-12").unwrap(), ("2026-12-01".into(), "2026-12-31".into()));
        assert_eq!(period("2024-02").unwrap().1, "2024-02-29");
        assert_eq!(period("2026-W48").unwrap(), ("2026-11-23".into(), "2026-11-29".into()));
        assert_eq!(period("2026-11-01..2026-11-15").unwrap().1, "2026-11-15");
        assert!(period("2026-13").is_err());
        assert!(period("2026-11-15..2026-11-01").is_err());
        assert!(period("nope").is_err());
    }

    #[test]
    fn iso_weeks_cross_years() {
        assert_eq!(Grouping::Week.key("2027-01-01", ""), "2026-W53");
        assert_eq!(Grouping::Month.key("2026-11-23", ""), "2026-11");
    }
}
