//! The till's evidence for an assessment: figures measured from the shop
//! file (cashless share and the methods used, e-invoice coverage, barcodes,
//! active days, users, backups, receivings and stock counts)
//! for the questions that name a metric. Reads the store; `assess` only
//! describes and checks the figures.

use chrono::{Duration, NaiveDate};

use crate::assess::evidence::Figure;
use crate::assess::{self, Questionnaire};
use crate::i18n::Lang;
use crate::report::{bundle, cashless};
use crate::store::{Store, StoreError};

/// The till's figures over the questionnaire's reference period ending
/// yesterday, for the questions that name a metric quay measures.
pub fn measure(store: &Store, q: &Questionnaire, today: NaiveDate, lang: Lang) -> Result<Vec<Figure>, StoreError> {
    let to = today - Duration::days(1);
    let period_from = to - Duration::days(q.meta.reference_period_days - 1);
    let (from_s, to_s) = (period_from.to_string(), to.to_string());
    let range = cashless::cashless(store, &from_s, &to_s, cashless::Grouping::Range)?;
    let total = range.first().cloned().unwrap_or_default();
    let month_from = (to - Duration::days(29)).to_string();
    let days = cashless::cashless(store, &month_from, &to_s, cashless::Grouping::Day)?;
    let active_days = days.iter().filter(|b| b.sales > 0).count() as f64;
    let codes = bundle::barcodes(&store.all_products()?);
    let users = store.users()?.iter().filter(|u| u.active).count() as f64;
    let methods = methods_used(&total.by_method, lang);
    let cashless_methods = total
        .by_method
        .iter()
        .filter(|m| m.value > 0 && m.method != "cash")
        .count() as f64;
    let backups = store.backups_since(&(to - Duration::days(29)).to_string())?;
    let last_backup = store.last_backup_ts()?;
    let stock = store.stock_activity(&from_s, &month_from, &to_s)?;
    let period = format!("{from_s}..{to_s}");
    let n = total.sales;
    let sales = lang.pick("đơn", "sales");
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let mut out = Vec::new();
    for question in q.questions.iter().chain(&q.profile) {
        let Some(auto) = &question.auto else { continue };
        let m = auto.metric.as_str();
        let value = match m {
            "pos.cashless_share_value_90d" => 100.0 * total.cashless_share_value,
            "pos.cashless_share_count_90d" => 100.0 * total.cashless_share_count,
            "pos.einvoice_share_count_90d" => 100.0 * total.invoice_coverage_count,
            "pos.active_sku_barcode_share" => 100.0 * codes.share,
            "pos.active_sku_vn_barcode_share" => 100.0 * codes.share_vn,
            "pos.active_days_30d" => active_days,
            "pos.installed" => n as f64,
            "pos.users" => users,
            "pos.cashless_methods_90d" => cashless_methods,
            "pos.backups_30d" => backups as f64,
            "pos.stock_docs_90d" => (stock.receivings + stock.counts) as f64,
            "pos.receivings_90d" => stock.receivings as f64,
            _ => continue,
        };
        // No sales in the period (or no active products) is not evidence of
        // anything: leave those questions to the officer.
        let measured = match m {
            "pos.installed" | "pos.users" | "pos.backups_30d" => true,
            "pos.active_sku_barcode_share" | "pos.active_sku_vn_barcode_share" => codes.active_products > 0,
            // no document and no sale: the till is not the shop's tool yet
            "pos.stock_docs_90d" | "pos.receivings_90d" => n > 0 || stock.receivings + stock.counts > 0,
            _ => n > 0,
        };
        if !measured {
            continue;
        }
        let value = round(value);
        let what = assess::evidence::describe(m, value, lang);
        let text = match m {
            "pos.active_sku_barcode_share" => format!("{what} ({}/{})", codes.with_gtin, codes.active_products),
            "pos.active_sku_vn_barcode_share" => format!("{what} ({}/{})", codes.with_vn_gtin, codes.active_products),
            "pos.users" => what,
            "pos.cashless_methods_90d" => format!("{what}: {methods}, {period}"),
            "pos.backups_30d" => match &last_backup {
                Some(ts) => format!(
                    "{what}, {} {}",
                    lang.pick("lần cuối", "last on"),
                    ts.get(..10).unwrap_or(ts)
                ),
                None => format!("{what}, {}", lang.pick("chưa sao lưu lần nào", "never backed up")),
            },
            "pos.stock_docs_90d" => format!("{what} {period}: {}", stock_text(&stock, true, lang)),
            "pos.receivings_90d" => format!("{what} {period}: {}", stock_text(&stock, false, lang)),
            "pos.installed" => format!("{} {n} {sales}, {period}", lang.pick("ghi nhận", "recorded")),
            "pos.active_days_30d" => format!("{what}, {} {to_s}", lang.pick("đến", "to")),
            _ => format!("{what}, {n} {sales}, {period}"),
        };
        out.push(Figure {
            question: question.id.clone(),
            metric: auto.metric.clone(),
            value,
            text,
        });
    }
    Ok(out)
}

/// The methods used, largest value first, with their share of the value:
/// "Tiền mặt 49 %, Chuyển khoản (VietQR) 40 %, Thẻ 11 %".
fn methods_used(by_method: &[cashless::MethodFigure], lang: Lang) -> String {
    let total: i64 = by_method.iter().map(|m| m.value.max(0)).sum();
    let mut used: Vec<&cashless::MethodFigure> = by_method.iter().filter(|m| m.value > 0).collect();
    used.sort_by(|a, b| b.value.cmp(&a.value).then(a.method.cmp(&b.method)));
    used.iter()
        .map(|m| {
            let name = crate::checkout::tender::Method::from_code(&m.method)
                .map_or_else(|| m.method.clone(), |x| x.label(lang));
            let pct = crate::money::div_round(i128::from(m.value) * 100, i128::from(total.max(1)));
            format!("{name} {pct} %")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The stock documents in words: "nhập hàng 2 (30 ngày: 1), kiểm kê 1 (30
/// ngày: 1), kiểm kê lần cuối 2026-11-25, 3/12 mặt hàng có giá vốn";
/// without `counts` (the receivings' own figure): "30 ngày: 1, nhập lần
/// cuối 2026-11-20, 3/12 mặt hàng có giá vốn".
fn stock_text(s: &crate::store::StockActivity, counts: bool, lang: Lang) -> String {
    let days = lang.pick("30 ngày", "30 days");
    let never = lang.pick("chưa có", "none yet");
    let mut parts = Vec::new();
    if counts {
        parts.push(format!(
            "{} {} ({days}: {})",
            lang.pick("nhập hàng", "receivings"),
            s.receivings,
            s.receivings_month
        ));
        parts.push(format!(
            "{} {} ({days}: {})",
            lang.pick("kiểm kê", "counts"),
            s.counts,
            s.counts_month
        ));
        parts.push(format!(
            "{} {}",
            lang.pick("kiểm kê lần cuối", "last count"),
            s.last_count.as_deref().unwrap_or(never)
        ));
    } else {
        parts.push(format!("{days}: {}", s.receivings_month));
        parts.push(format!(
            "{} {}",
            lang.pick("nhập lần cuối", "last receiving"),
            s.last_receiving.as_deref().unwrap_or(never)
        ));
    }
    parts.push(format!(
        "{}/{} {}",
        s.with_cost,
        s.products,
        lang.pick("mặt hàng có giá vốn", "products with a cost")
    ));
    parts.join(", ")
}
