//! Evidence from the till (pure part): which figures quay measures, how
//! they pre-fill answers, and which answers contradict them. The figures
//! themselves are read from the shop file by the `maturity` service.
//!
//! Metrics quay can measure (a schema-2 questionnaire may name only these):
//! - `pos.cashless_share_value_90d`: cashless share of sales by value, %
//! - `pos.cashless_share_count_90d`: cashless share of sales by count, %
//! - `pos.einvoice_share_count_90d`: sales with an e-invoice, % by count
//! - `pos.active_sku_barcode_share`: active products with a valid GTIN, %
//! - `pos.active_sku_vn_barcode_share`: active products with a Vietnamese
//!   (893) GTIN, %
//! - `pos.active_days_30d`: days with at least one sale in the last 30
//! - `pos.installed`: sales recorded in the reference period (a count)
//! - `pos.users`: active user accounts set up on the till (a count)
//! - `pos.cashless_methods_90d`: cashless payment methods (transfer, card,
//!   each wallet) used in the reference period, net of refunds (a count;
//!   the text lists every method with its share of the value)
//! - `pos.backups_30d`: backups of the shop file recorded in the last 30
//!   days (a count; the text gives the last one's date)
//! - `pos.stock_docs_90d`: receivings and stock counts recorded in the
//!   reference period (a count; the text splits them, gives the last 30
//!   days, the last count's date and the active products with a cost)
//! - `pos.receivings_90d`: receivings (goods received from a supplier)
//!   recorded in the reference period (a count; the text gives the last 30
//!   days, the last one's date and the active products with a cost)

use super::score::{Answer, Answers};
use super::{Question, Questionnaire};

/// Every metric quay measures.
pub const METRICS: &[&str] = &[
    "pos.cashless_share_value_90d",
    "pos.cashless_share_count_90d",
    "pos.einvoice_share_count_90d",
    "pos.active_sku_barcode_share",
    "pos.active_sku_vn_barcode_share",
    "pos.active_days_30d",
    "pos.installed",
    "pos.users",
    "pos.cashless_methods_90d",
    "pos.backups_30d",
    "pos.stock_docs_90d",
    "pos.receivings_90d",
];

/// Metrics that are counts shown to the officer, not answers.
const HINT_ONLY: &[&str] = &[
    "pos.installed",
    "pos.users",
    "pos.cashless_methods_90d",
    "pos.backups_30d",
    "pos.stock_docs_90d",
    "pos.receivings_90d",
];

/// One figure from the till for one question.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figure {
    pub question: String,
    pub metric: String,
    pub value: f64,
    /// What the officer is shown, in the UI language, e.g.
    /// "72.4 % giá trị, 1 234 đơn, 2026-08-25..2026-11-22".
    pub text: String,
}

/// Pre-fill answers from figures (only questions not answered yet) and keep
/// every figure so that a later answer can be checked against it.
pub fn prefill(q: &Questionnaire, answers: &mut Answers, figures: &[Figure]) {
    for f in figures {
        answers.till.insert(f.metric.clone(), f.value);
        let numeric = q
            .question(&f.question)
            .is_some_and(|x| matches!(x.kind.as_str(), "percent" | "number"));
        if HINT_ONLY.contains(&f.metric.as_str()) || !numeric {
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

/// A typed figure this far from the till's (percentage points, or days)
/// is a disagreement.
const TOLERANCE: f64 = 10.0;

/// Why an answer disagrees with the till, if it does: the figure and the
/// metric, for the wizard (which then asks for a note) and the report
/// (which shows the figure beside the answer).
pub fn contradiction(question: &Question, answers: &Answers) -> Option<(String, f64)> {
    let answer = answers.values.get(&question.id)?;
    for c in &question.contradicts {
        let Some(&v) = answers.till.get(&c.metric) else {
            continue;
        };
        let chosen = match answer {
            Answer::Choice(x) => c.options.contains(x),
            Answer::Choices(xs) => xs.iter().any(|x| c.options.contains(x)),
            _ => false,
        };
        if chosen && c.by(v) {
            return Some((c.metric.clone(), v));
        }
    }
    if let (Some(auto), Answer::Number(n)) = (&question.auto, answer)
        && let Some(&v) = answers.till.get(&auto.metric)
        && !answers.from_data.contains_key(&question.id)
        && (n - v).abs() > TOLERANCE
    {
        return Some((auto.metric.clone(), v));
    }
    None
}

/// Every answer that disagrees with the till: (question id, metric, figure).
pub fn contradictions(q: &Questionnaire, answers: &Answers) -> Vec<(String, String, f64)> {
    q.asked()
        .into_iter()
        .filter_map(|question| contradiction(question, answers).map(|(m, v)| (question.id.clone(), m, v)))
        .collect()
}

/// A metric's figure in words for reports, in the UI language.
pub fn describe(metric: &str, value: f64, lang: crate::Lang) -> String {
    let (vi, en) = match metric {
        "pos.cashless_share_value_90d" => ("không tiền mặt theo giá trị", "cashless by value"),
        "pos.cashless_share_count_90d" => ("không tiền mặt theo số đơn", "cashless by number of sales"),
        "pos.einvoice_share_count_90d" => ("đơn có hóa đơn điện tử", "sales with an e-invoice"),
        "pos.active_sku_barcode_share" => ("mặt hàng có mã vạch hợp lệ", "products with a valid barcode"),
        "pos.active_sku_vn_barcode_share" => ("mặt hàng có mã vạch 893", "products with an 893 barcode"),
        "pos.active_days_30d" => {
            return lang
                .pick(
                    &format!("{value} / 30 ngày có bán"),
                    &format!("{value} / 30 days with sales"),
                )
                .to_string();
        }
        "pos.installed" => {
            return lang
                .pick(
                    &format!("{value} đơn bán ghi trên máy"),
                    &format!("{value} sales recorded on the till"),
                )
                .to_string();
        }
        "pos.users" => {
            return lang
                .pick(
                    &format!("{value} tài khoản người dùng"),
                    &format!("{value} user accounts"),
                )
                .to_string();
        }
        "pos.cashless_methods_90d" => {
            return lang
                .pick(
                    &format!("{value} phương thức không tiền mặt đã dùng"),
                    &format!("{value} cashless methods used"),
                )
                .to_string();
        }
        "pos.backups_30d" => {
            return lang
                .pick(
                    &format!("{value} lần sao lưu trong 30 ngày"),
                    &format!("{value} backups in 30 days"),
                )
                .to_string();
        }
        "pos.stock_docs_90d" => {
            return lang
                .pick(
                    &format!("{value} phiếu nhập hàng hoặc kiểm kê trong kỳ"),
                    &format!("{value} receivings or stock counts in the period"),
                )
                .to_string();
        }
        "pos.receivings_90d" => {
            return lang
                .pick(
                    &format!("{value} phiếu nhập hàng trong kỳ"),
                    &format!("{value} receivings in the period"),
                )
                .to_string();
        }
        other => (other, other),
    };
    format!("{value:.1} % {}", lang.pick(vi, en))
}

/// A stored till figure ("metric: text") as people read it: the text only.
pub fn shown(stored: &str) -> &str {
    match stored.split_once(": ") {
        Some((m, t)) if m.starts_with("pos.") => t,
        _ => stored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// VH02/VH03 of the shipped questionnaire against the till's stock
    /// documents: (question, answer, receivings + counts, receivings).
    fn flagged(id: &str, answer: &str, docs: f64, receivings: f64) -> bool {
        let q = crate::assess::bundled("retail-store-vn-2026").unwrap().unwrap();
        let figures = [
            ("VH02", "pos.stock_docs_90d", docs),
            ("VH03", "pos.receivings_90d", receivings),
        ]
        .map(|(question, metric, value)| Figure {
            question: question.into(),
            metric: metric.into(),
            value,
            text: String::new(),
        });
        let mut answers = Answers::default();
        prefill(&q, &mut answers, &figures);
        assert!(answers.hints.contains_key("VH02") && answers.hints.contains_key("VH03"));
        answers.values.insert(id.into(), Answer::Choice(answer.into()));
        contradiction(q.question(id).unwrap(), &answers).is_some()
    }

    #[test]
    fn stock_answers_the_till_contradicts_are_flagged_both_ways() {
        // stock tracked in the software, but no receiving or count
        assert!(flagged("VH02", "auto_deduct", 0.0, 0.0));
        assert!(flagged("VH02", "managed", 0.0, 0.0));
        assert!(!flagged("VH02", "auto_deduct", 1.0, 0.0));
        // not tracked (or on paper), but the till has receivings or counts
        assert!(flagged("VH02", "none", 2.0, 1.0));
        assert!(flagged("VH02", "paper", 1.0, 0.0));
        assert!(!flagged("VH02", "paper", 0.0, 0.0));
        // purchases "not recorded" while the till records receivings
        assert!(flagged("VH03", "none", 1.0, 1.0));
        assert!(!flagged("VH03", "none", 1.0, 0.0));
        // a distributor's app is a receipt too: no receiving is no contradiction
        assert!(!flagged("VH03", "pos_receipts", 0.0, 0.0));
    }
}
