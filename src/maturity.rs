//! Maturity results as a service over the shop file: the till's figures
//! for an assessment (`measure`), results recomputed from the answers
//! (`recomputed`), and the maturity a ward bundle may carry (`for_ward`).
//! The `assess` domain stays pure; everything that reads the store is here.

use chrono::{Duration, NaiveDate};

use crate::assess::evidence::Figure;
use crate::assess::record::Assessment;
use crate::assess::score::{self, Outcome};
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
            _ => continue,
        };
        // No sales in the period (or no active products) is not evidence of
        // anything: leave those questions to the officer.
        let measured = match m {
            "pos.installed" | "pos.users" => true,
            "pos.active_sku_barcode_share" | "pos.active_sku_vn_barcode_share" => codes.active_products > 0,
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

/// The bundled questionnaire an assessment was made with (same id@version
/// and the same file fingerprint), if this build has it.
pub fn questionnaire_of(a: &Assessment) -> Option<Questionnaire> {
    bundled_all()
        .iter()
        .find(|q| q.key() == a.questionnaire && q.fingerprint == a.fingerprint)
        .cloned()
}

/// The bundled questionnaires, loaded once per process (a load takes a few
/// milliseconds; listing or importing many assessments needs them each time).
pub fn bundled_all() -> &'static [Questionnaire] {
    static ALL: std::sync::OnceLock<Vec<Questionnaire>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        assess::BUNDLED
            .iter()
            .filter_map(|(file, text)| assess::load(file, text).ok())
            .collect()
    })
}

/// An assessment with its score and level recomputed from the answers, or
/// `None` when its questionnaire is not at hand (`extra` is tried first).
pub fn recomputed(a: &Assessment, extra: Option<&Questionnaire>) -> Option<Outcome> {
    let q = extra
        .filter(|q| q.key() == a.questionnaire && q.fingerprint == a.fingerprint)
        .cloned()
        .or_else(|| questionnaire_of(a))?;
    Some(score::score(&q, &a.answers))
}

/// The maturity a ward bundle carries for one shop.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WardMaturity {
    pub level: usize,
    pub score: f64,
    /// `id@version` of the questionnaire.
    pub questionnaire: String,
    pub assessed_at: Option<String>,
    /// Too much unknown or unanswered to be sure of the level.
    pub provisional: bool,
}

/// The latest finished assessment of the shop (`ShopIdentity::key` of its
/// profile, matched against every key a stored visit can be recognised by)
/// finished on or before `period_end`, whose consent answer is not "no",
/// with level and score recomputed from its answers and questionnaire.
/// Assessments whose questionnaire this build does not carry are left out
/// (their result cannot be recomputed).
pub fn for_ward(store: &Store, shop_key: &str, period_end: NaiveDate) -> Result<Option<WardMaturity>, StoreError> {
    let end = period_end.to_string();
    let mut best: Option<(String, WardMaturity)> = None;
    for a in store.assessments()? {
        if !a.finished || !a.shop.keys().iter().any(|k| k == shop_key) {
            continue;
        }
        let when = a.finished_at.clone().unwrap_or_else(|| a.updated_at.clone());
        if when.get(..10).unwrap_or("") > end.as_str() {
            continue;
        }
        let Some(q) = questionnaire_of(&a) else { continue };
        if q.consent_refused(&a.answers) || a.check(&q).is_err() {
            continue;
        }
        if best.as_ref().is_some_and(|(w, _)| *w >= when) {
            continue;
        }
        let o = score::score(&q, &a.answers);
        best = Some((
            when,
            WardMaturity {
                level: o.level,
                score: (o.score * 10.0).round() / 10.0,
                questionnaire: q.key(),
                assessed_at: a.finished_at.clone(),
                provisional: o.provisional,
            },
        ));
    }
    Ok(best.map(|(_, m)| m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::record::ShopIdentity;

    #[test]
    fn assessments_made_with_the_previous_version_stay_readable() {
        let old = assess::bundled("retail-store-vn-2026@2026.1").unwrap().unwrap();
        let new = assess::bundled("retail-store-vn-2026").unwrap().unwrap();
        assert_eq!(
            (old.key().as_str(), new.key().as_str()),
            ("retail-store-vn-2026@2026.1", "retail-store-vn-2026@2026.2")
        );
        let mut a = Assessment::start(
            &old,
            ShopIdentity {
                name: "Cô Ba".into(),
                ..Default::default()
            },
            "officer",
        );
        a.answers = score::parse_answers(&old, "KH01 = \"static_qr\"\nKH02 = 40\nP07 = \"no\"\n").unwrap();
        let o = score::score(&old, &a.answers);
        a.finish(&o);
        let q = questionnaire_of(&a).unwrap();
        assert_eq!(q.key(), "retail-store-vn-2026@2026.1");
        assert!(a.check(&q).is_ok());
        assert_eq!(recomputed(&a, None).unwrap().score, o.score);
        // its consent question is honoured too
        assert!(q.consent_refused(&a.answers));
    }
}
