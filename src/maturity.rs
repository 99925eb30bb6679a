//! Maturity results as a service over the shop file: results recomputed
//! from the answers (`recomputed`) and the maturity a ward bundle may carry
//! (`for_ward`). The till's figures for an assessment are
//! `report::evidence::measure` (they come from the reports, and the ward
//! bundle in `report` uses `for_ward`, so they cannot live here without a
//! cycle). The `assess` domain stays pure.

use chrono::NaiveDate;

use crate::assess::record::Assessment;
use crate::assess::score::{self, Outcome};
use crate::assess::{self, Questionnaire};
use crate::store::{Store, StoreError};

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
            ("retail-store-vn-2026@2026.1", "retail-store-vn-2026@2026.4")
        );
        // the shipped files are kept byte for byte: records made with them
        // keep matching their fingerprint
        for (kept, fingerprint) in [
            (
                "retail-store-vn-2026@2026.2",
                "b2d12aad1a2774dff3bc5edb4fef19cf92a81f7cffc232f6047073aeefcbec58",
            ),
            (
                "retail-store-vn-2026@2026.3",
                "20af4d9dd78522d66d66b09a97fc01c1cc3af31d057dae08dcaf4e61b8841d43",
            ),
        ] {
            let q = assess::bundled(kept).unwrap().unwrap();
            assert_eq!((q.key().as_str(), q.fingerprint.as_str()), (kept, fingerprint));
        }
        let mut a = Assessment::start(
            &old,
            ShopIdentity {
                name: "Cô Ba".into(),
                ..Default::default()
            },
            "officer",
            chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00+07:00").unwrap(),
        );
        a.answers = score::parse_answers(&old, "KH01 = \"static_qr\"\nKH02 = 40\nP07 = \"no\"\n").unwrap();
        let o = score::score(&old, &a.answers);
        a.finish(
            &o,
            chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+07:00").unwrap(),
        );
        let q = questionnaire_of(&a).unwrap();
        assert_eq!(q.key(), "retail-store-vn-2026@2026.1");
        assert!(a.check(&q).is_ok());
        assert_eq!(recomputed(&a, None).unwrap().score, o.score);
        // its consent question is honoured too
        assert!(q.consent_refused(&a.answers));
    }
}
