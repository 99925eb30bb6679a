//! Period figures of a household on the direct method: the tax base and
//! the amounts per group, and where the year's revenue crosses the
//! thresholds. Pure arithmetic in whole đồng over figures the caller reads.
//!
//! PIT ("excess"): the base of a period is the base of the year to its end
//! minus the base of the year to its start; the threshold is deducted from
//! the business line with the highest PIT percentage first (NĐ 68/2026
//! Art. 4(3): the household chooses the most favourable line).
//! VAT ("all"): once the year's revenue is above the threshold, on all the
//! revenue from the quarter in which it was crossed on (NĐ 68/2026
//! Art. 8(1)(a), read literally: no catch-up of earlier quarters). A year
//! is the sum of its quarters (see `combine`).

use chrono::NaiveDate;

use super::period::{Period, quarter_end};
use super::table::{Base, TaxTable};
use crate::i18n::Msg;
use crate::msg_key;

/// Why the tax figures cannot be worked out: the table lacks what the
/// period needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComputeError {
    /// No revenue threshold in force on the period's last day.
    NoThreshold(NaiveDate),
    /// No rates for a group on the period's last day.
    NoRates { group: String, date: NaiveDate },
    /// No thresholds (revenue or e-invoice) in force on the day.
    NoThresholds(NaiveDate),
}

impl ComputeError {
    pub fn msg(&self) -> Msg {
        match self {
            ComputeError::NoThreshold(date) => msg_key!("tax.no_threshold", date),
            ComputeError::NoRates { group, date } => msg_key!("tax.no_rates", group, date),
            ComputeError::NoThresholds(date) => msg_key!("tax.no_thresholds", date),
        }
    }
}

crate::english_display!(ComputeError);

impl From<ComputeError> for Msg {
    fn from(e: ComputeError) -> Msg {
        e.msg()
    }
}

/// One group's figures for the period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupFigure {
    pub group: String,
    pub label: String,
    pub revenue: i64,
    pub vat_percent: String,
    pub pit_percent: String,
    pub basis: String,
    pub vat_base: i64,
    pub pit_base: i64,
    pub vat: i64,
    pub pit: i64,
}

/// A period's summary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub period: String,
    pub from: String,
    pub to: String,
    pub revenue: i64,
    pub revenue_year_before: i64,
    pub revenue_year_to_end: i64,
    pub exempt_threshold: i64,
    pub vat_on: Base,
    pub pit_on: Base,
    pub threshold_basis: String,
    /// The yearly revenue up to which the percentage method may be used.
    pub percentage_method_up_to: Option<i64>,
    /// The year's revenue to the period's end is above it: the profit
    /// method applies from the next year (not computed by quay).
    pub above_percentage_method: bool,
    /// Revenue of the period on which no VAT is due (under the threshold).
    pub vat_exempt_revenue: i64,
    pub pit_exempt_revenue: i64,
    pub groups: Vec<GroupFigure>,
    pub vat: i64,
    pub pit: i64,
    /// Tax already withheld by e-commerce platforms on the channel revenue.
    pub withheld: i64,
    /// VAT + PIT − withheld, not below zero.
    pub due: i64,
}

/// `150` → `"1.5"`.
pub fn percent_text(bp: i64) -> String {
    if bp % 100 == 0 {
        (bp / 100).to_string()
    } else if bp % 10 == 0 {
        format!("{}.{}", bp / 100, (bp % 100) / 10)
    } else {
        format!("{}.{:02}", bp / 100, bp % 100)
    }
}

/// The year-to-date base per group; `order` lists the groups from the
/// highest PIT percentage down (the threshold is deducted in that order).
fn cum_bases(base: Base, threshold: i64, cum: &[i64], order: &[usize]) -> Vec<i64> {
    let total: i64 = cum.iter().sum();
    match base {
        Base::All if total > threshold => cum.to_vec(),
        Base::All => vec![0; cum.len()],
        Base::Excess if total <= threshold => vec![0; cum.len()],
        Base::Excess => {
            let mut out = cum.to_vec();
            let mut left = threshold;
            for &i in order {
                let take = left.min(out[i].max(0));
                out[i] -= take;
                left -= take;
            }
            out
        }
    }
}

/// The period's base per group: the year-to-date base at its end minus
/// that at its start; for VAT on all revenue, the period's own revenue
/// once the year is above the threshold (no catch-up).
fn period_bases(base: Base, threshold: i64, cum0: &[i64], cum1: &[i64], order: &[usize]) -> Vec<i64> {
    match base {
        Base::All => {
            let during: Vec<i64> = cum1.iter().zip(cum0).map(|(a, b)| a - b).collect();
            if cum1.iter().sum::<i64>() > threshold {
                during
            } else {
                vec![0; cum1.len()]
            }
        }
        Base::Excess => {
            let (b0, b1) = (
                cum_bases(base, threshold, cum0, order),
                cum_bases(base, threshold, cum1, order),
            );
            b1.iter().zip(&b0).map(|(a, b)| a - b).collect()
        }
    }
}

/// A year's summary from the summary of the whole year (revenue, rates)
/// and those of its quarters (the tax, declared quarterly).
pub fn combine(mut year: Summary, quarters: &[Summary]) -> Summary {
    for (i, g) in year.groups.iter_mut().enumerate() {
        let q = |f: fn(&GroupFigure) -> i64| quarters.iter().filter_map(|s| s.groups.get(i)).map(f).sum::<i64>();
        g.vat_base = q(|g| g.vat_base);
        g.pit_base = q(|g| g.pit_base);
        g.vat = q(|g| g.vat);
        g.pit = q(|g| g.pit);
    }
    year.vat = year.groups.iter().map(|g| g.vat).sum();
    year.pit = year.groups.iter().map(|g| g.pit).sum();
    year.vat_exempt_revenue = (year.revenue - year.groups.iter().map(|g| g.vat_base).sum::<i64>()).max(0);
    year.pit_exempt_revenue = (year.revenue - year.groups.iter().map(|g| g.pit_base).sum::<i64>()).max(0);
    year.due = (year.vat + year.pit - year.withheld).max(0);
    year
}

/// The summary of `period`: `before` is each table group's revenue in the
/// year before the period starts, `during` its revenue in the period (both
/// in the order of `table.groups`).
pub fn summarize(
    table: &TaxTable,
    period: Period,
    before: &[i64],
    during: &[i64],
    withheld: i64,
    lang: crate::i18n::Lang,
) -> Result<Summary, ComputeError> {
    let end = period.last_day();
    let Some(th) = table.threshold_on(end) else {
        return Err(ComputeError::NoThreshold(end));
    };
    let n = table.groups.len();
    let get = |v: &[i64], i: usize| v.get(i).copied().unwrap_or(0);
    let cum0: Vec<i64> = (0..n).map(|i| get(before, i)).collect();
    let cum1: Vec<i64> = (0..n).map(|i| get(before, i) + get(during, i)).collect();
    let thr = th.value.exempt_revenue;
    let mut rates = Vec::with_capacity(n);
    for g in &table.groups {
        let Some(r) = table.rates_on(&g.code, end) else {
            return Err(ComputeError::NoRates {
                group: g.code.clone(),
                date: end,
            });
        };
        rates.push(r);
    }
    // the most favourable choice: deduct the threshold from the highest PIT rate first
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(rates[i].value.pit_bp));
    let vb = period_bases(th.value.vat_base, thr, &cum0, &cum1, &order);
    let pb = period_bases(th.value.pit_base, thr, &cum0, &cum1, &order);
    let mut groups = Vec::with_capacity(n);
    for (i, (g, r)) in table.groups.iter().zip(&rates).enumerate() {
        let (vat_base, pit_base) = (vb[i], pb[i]);
        let amount = |b: i64, bp: i64| crate::money::div_round(i128::from(b) * i128::from(bp), 10_000);
        groups.push(GroupFigure {
            group: g.code.clone(),
            label: g.label.get(lang).to_string(),
            revenue: get(during, i),
            vat_percent: percent_text(r.value.vat_bp),
            pit_percent: percent_text(r.value.pit_bp),
            basis: r.basis.clone(),
            vat_base,
            pit_base,
            vat: amount(vat_base, r.value.vat_bp),
            pit: amount(pit_base, r.value.pit_bp),
        });
    }
    let revenue: i64 = during.iter().sum();
    let vat: i64 = groups.iter().map(|g| g.vat).sum();
    let pit: i64 = groups.iter().map(|g| g.pit).sum();
    Ok(Summary {
        period: period.code(),
        from: period.first_day().to_string(),
        to: end.to_string(),
        revenue,
        revenue_year_before: cum0.iter().sum(),
        revenue_year_to_end: cum1.iter().sum(),
        exempt_threshold: thr,
        vat_on: th.value.vat_base,
        pit_on: th.value.pit_base,
        threshold_basis: th.basis.clone(),
        percentage_method_up_to: th.value.percentage_method_up_to,
        above_percentage_method: th
            .value
            .percentage_method_up_to
            .is_some_and(|l| cum1.iter().sum::<i64>() > l),
        vat_exempt_revenue: (revenue - groups.iter().map(|g| g.vat_base).sum::<i64>()).max(0),
        pit_exempt_revenue: (revenue - groups.iter().map(|g| g.pit_base).sum::<i64>()).max(0),
        groups,
        vat,
        pit,
        withheld,
        due: (vat + pit - withheld).max(0),
    })
}

/// The year-to-date revenue against the thresholds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Thresholds {
    pub year: i32,
    pub revenue: i64,
    pub exempt_threshold: i64,
    /// The first day the year's revenue went above the exempt threshold.
    pub exempt_crossed_on: Option<String>,
    pub einvoice_line: i64,
    pub einvoice_crossed_on: Option<String>,
    /// The last day to register cash-register (or coded) e-invoices.
    pub register_by: Option<String>,
    /// The yearly revenue up to which the percentage method may be used
    /// (above it, the profit method from the next year).
    pub percentage_method_up_to: Option<i64>,
    pub basis: String,
}

/// `daily` holds the year's revenue per day in date order (channel
/// revenue on its period's last day).
pub fn thresholds(
    table: &TaxTable,
    year: i32,
    daily: &[(NaiveDate, i64)],
    today: NaiveDate,
) -> Result<Thresholds, ComputeError> {
    let on = NaiveDate::from_ymd_opt(year, 12, 31).map_or(today, |e| e.min(today));
    let (Some(th), Some(ei)) = (table.threshold_on(on), table.einvoice_on(on)) else {
        return Err(ComputeError::NoThresholds(on));
    };
    let mut total = 0i64;
    let (mut exempt_crossed, mut einvoice_crossed) = (None, None);
    for (d, v) in daily {
        total += v;
        if exempt_crossed.is_none() && total > th.value.exempt_revenue {
            exempt_crossed = Some(*d);
        }
        if einvoice_crossed.is_none() && total > ei.value.revenue {
            einvoice_crossed = Some(*d);
        }
    }
    let register_by = einvoice_crossed
        .and_then(|d| quarter_end(d).checked_add_days(chrono::Days::new(ei.value.register_within_days.unsigned_abs())));
    Ok(Thresholds {
        year,
        revenue: total,
        exempt_threshold: th.value.exempt_revenue,
        exempt_crossed_on: exempt_crossed.map(|d| d.to_string()),
        einvoice_line: ei.value.revenue,
        einvoice_crossed_on: einvoice_crossed.map(|d| d.to_string()),
        register_by: register_by.map(|d| d.to_string()),
        percentage_method_up_to: th.value.percentage_method_up_to,
        basis: format!("{}; {}", th.basis, ei.basis),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const TR: i64 = 1_000_000;

    #[test]
    fn the_quarter_crossing_the_threshold_owes_vat_from_that_quarter_on() {
        let t = TaxTable::bundled();
        // goods, services, production, other
        let before = [900 * TR, 50 * TR, 0, 0];
        let during = [100 * TR, 50 * TR, 0, 0];
        let s = summarize(
            &t,
            Period::parse("2026Q3").unwrap(),
            &before,
            &during,
            0,
            crate::i18n::Lang::En,
        )
        .unwrap();
        assert_eq!(s.revenue, 150 * TR);
        assert_eq!(s.revenue_year_to_end, 1_100 * TR);
        // VAT on all of this quarter's revenue once the year is above 1 tỷ;
        // the 950 tr of the earlier quarters is not caught up (Art. 8(1)(a))
        assert_eq!((s.groups[0].vat_base, s.groups[1].vat_base), (100 * TR, 50 * TR));
        assert_eq!((s.groups[0].vat, s.groups[1].vat), (TR, 2_500_000));
        // PIT on the 100 tr above 1 tỷ; the threshold is deducted from
        // services (2 %) first, then goods (0,5 %): all 100 tr taxed as goods
        assert_eq!((s.groups[0].pit_base, s.groups[1].pit_base), (100 * TR, 0));
        assert_eq!((s.groups[0].pit, s.groups[1].pit), (500_000, 0));
        assert_eq!(s.vat_exempt_revenue, 0);
        assert_eq!(s.pit_exempt_revenue, 50 * TR);
        // the next quarter: VAT on its revenue; its 10 tr of services take
        // more of the deduction, so 10 tr more of goods is taxed (0,5 %)
        let q4 = summarize(
            &t,
            Period::parse("2026Q4").unwrap(),
            &[1_000 * TR, 100 * TR, 0, 0],
            &[0, 10 * TR, 0, 0],
            0,
            crate::i18n::Lang::En,
        )
        .unwrap();
        assert_eq!((q4.groups[1].vat, q4.groups[1].pit), (500_000, 0));
        assert_eq!((q4.groups[0].pit_base, q4.groups[0].pit), (10 * TR, 50_000));
        // a year is the sum of its quarters
        let y = summarize(
            &t,
            Period::Year(2026),
            &[0; 4],
            &[1_000 * TR, 110 * TR, 0, 0],
            0,
            crate::i18n::Lang::En,
        )
        .unwrap();
        let y = combine(y, &[s.clone(), q4]);
        assert_eq!((y.vat, y.pit), (4_000_000, 550_000));
        assert_eq!(y.vat_exempt_revenue, 950 * TR);
        // a year below the threshold: nothing due
        let s = summarize(
            &t,
            Period::Year(2026),
            &[0; 4],
            &[999 * TR, 0, 0, 0],
            0,
            crate::i18n::Lang::En,
        )
        .unwrap();
        assert_eq!((s.vat, s.pit, s.due, s.vat_exempt_revenue), (0, 0, 0, 999 * TR));
        assert!(!s.above_percentage_method);
        // above 3 tỷ a year: the profit method from the next year (said, not computed)
        let s = summarize(
            &t,
            Period::Year(2026),
            &[0; 4],
            &[3_000 * TR + 1, 0, 0, 0],
            0,
            crate::i18n::Lang::En,
        )
        .unwrap();
        assert!(s.above_percentage_method);
    }

    #[test]
    fn thresholds_are_crossed_on_the_first_day_above() {
        let t = TaxTable::bundled();
        let daily = [(d("2026-03-10"), 999 * TR), (d("2026-03-11"), TR), (d("2026-08-01"), 1)];
        let r = thresholds(&t, 2026, &daily, d("2026-11-30")).unwrap();
        // 1 tỷ exactly is not above it; one đồng more is
        assert_eq!(r.exempt_crossed_on.as_deref(), Some("2026-08-01"));
        assert_eq!(r.einvoice_crossed_on.as_deref(), Some("2026-08-01"));
        // 30 days from the end of Q3
        assert_eq!(r.register_by.as_deref(), Some("2026-10-30"));
        assert_eq!(percent_text(50), "0.5");
        assert_eq!(percent_text(150), "1.5");
        assert_eq!(percent_text(500), "5");
    }
}
