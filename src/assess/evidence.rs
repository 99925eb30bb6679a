//! Evidence from the till: figures computed from this shop file's own sales
//! over the questionnaire's reference period, for questions that name a POS
//! metric. The officer sees each figure and confirms or overrides it; the
//! report says which answers came from data.
//!
//! Metrics quay can measure (others named in a questionnaire are left to
//! the officer):
//! - `pos.cashless_share_value_90d`: cashless share of sales by value, %
//! - `pos.cashless_share_count_90d`: cashless share of sales by count, %
//! - `pos.einvoice_share_count_90d`: sales with an e-invoice, % by count
//! - `pos.active_sku_barcode_share`: active products with a valid GTIN, %
//! - `pos.active_days_30d`: days with at least one sale in the last 30
//! - `pos.installed`: whether sales are recorded digitally at all (shown to
//!   the officer as a hint, not turned into an answer)

use chrono::Duration;

use super::Questionnaire;
use super::score::{Answer, Answers};
use crate::report::{bundle, cashless};
use crate::store::{Store, StoreError};

/// One figure from the till for one question.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figure {
    pub question: String,
    pub metric: String,
    pub value: f64,
    /// What the officer is shown, e.g. "72.4 % of 1 234 sales, 2026-08-25..2026-11-22".
    pub text: String,
}

/// The till's figures over the reference period ending yesterday.
pub fn measure(store: &Store, q: &Questionnaire, today: chrono::NaiveDate) -> Result<Vec<Figure>, StoreError> {
    let to = today - Duration::days(1);
    let period_from = to - Duration::days(q.meta.reference_period_days - 1);
    let (from_s, to_s) = (period_from.to_string(), to.to_string());
    let range = cashless::cashless(store, &from_s, &to_s, cashless::Grouping::Range)?;
    let total = range.first().cloned().unwrap_or_default();
    let month_from = (to - Duration::days(29)).to_string();
    let days = cashless::cashless(store, &month_from, &to_s, cashless::Grouping::Day)?;
    let active_days = days.iter().filter(|b| b.sales > 0).count() as f64;
    let products = store.all_products()?;
    let codes = bundle::barcodes(&products);
    let period = format!("{from_s}..{to_s}");
    let n = total.sales;
    let mut out = Vec::new();
    for question in q.questions.iter().chain(&q.profile) {
        let Some(auto) = &question.auto else { continue };
        let (value, text) = match auto.metric.as_str() {
            "pos.cashless_share_value_90d" => {
                let v = 100.0 * total.cashless_share_value;
                (v, format!("{v:.1} % giá trị / by value, {n} sales, {period}"))
            }
            "pos.cashless_share_count_90d" => {
                let v = 100.0 * total.cashless_share_count;
                (v, format!("{v:.1} % số đơn / of sales, {n} sales, {period}"))
            }
            "pos.einvoice_share_count_90d" => {
                let v = 100.0 * total.invoice_coverage_count;
                (
                    v,
                    format!("{v:.1} % đơn có HĐĐT / of sales invoiced, {n} sales, {period}"),
                )
            }
            "pos.active_sku_barcode_share" => {
                let v = 100.0 * codes.share;
                let (w, a) = (codes.with_gtin, codes.active_products);
                (
                    v,
                    format!("{v:.1} % ({w}/{a}) mặt hàng có mã vạch hợp lệ / products with a valid barcode"),
                )
            }
            "pos.active_days_30d" => (
                active_days,
                format!("{active_days} / 30 ngày có bán / days with sales, to {to_s}"),
            ),
            "pos.installed" => (
                if n > 0 { 1.0 } else { 0.0 },
                format!("quay ghi nhận {n} đơn bán / recorded {n} sales, {period}"),
            ),
            _ => continue,
        };
        // No sales in the period (or no active products) is not evidence of
        // anything: leave those questions to the officer.
        let measured = match auto.metric.as_str() {
            "pos.installed" => true,
            "pos.active_sku_barcode_share" => codes.active_products > 0,
            _ => n > 0,
        };
        if !measured {
            continue;
        }
        if auto.metric != "pos.installed" && !matches!(question.kind.as_str(), "percent" | "number") {
            continue;
        }
        out.push(Figure {
            question: question.id.clone(),
            metric: auto.metric.clone(),
            value: (value * 10.0).round() / 10.0,
            text,
        });
    }
    Ok(out)
}

/// Pre-fill answers from figures (only questions not answered yet).
pub fn prefill(answers: &mut Answers, figures: &[Figure]) {
    for f in figures {
        if f.metric == "pos.installed" {
            // A fact for the officer, not an option: the question's options
            // describe more than quay can see (stock, connections).
            answers
                .hints
                .insert(f.question.clone(), format!("{}: {}", f.metric, f.text));
            continue;
        }
        if answers.values.contains_key(&f.question) {
            continue;
        }
        answers.values.insert(f.question.clone(), Answer::Number(f.value));
        answers
            .from_data
            .insert(f.question.clone(), format!("{}: {}", f.metric, f.text));
    }
}
