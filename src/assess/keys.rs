//! The keys a questionnaire file may use, table by table. serde would skip
//! an unknown key silently, so a misspelled `skip_iff` would quietly turn a
//! condition off; here every key not in the list is a problem on its own line.

use toml::de::{DeTable, DeValue};

use super::Problem;

/// Allowed keys of the table at `path` (tables of arrays use the array's
/// name, e.g. `questions.options`); `None` means any key (pillar weights).
fn allowed(path: &str) -> Option<&'static [&'static str]> {
    const COND: &[&str] = &["q", "in", "score_lt", "score_gte"];
    Some(match path {
        "" => &[
            "schema_version",
            "meta",
            "administration",
            "scoring",
            "weight_profiles",
            "levels",
            "pillars",
            "profile",
            "questions",
            "recommendations",
            "quick_wins",
            "programme",
        ],
        "meta" => &[
            "id",
            "version",
            "status",
            "title_vi",
            "title_en",
            "locale",
            "languages",
            "target_vi",
            "target_en",
            "administered_by",
            "respondent",
            "estimated_minutes",
            "reference_period_days",
            "question_score_max",
            "aligned_with",
            "basis",
        ],
        "administration" => &[
            "offline",
            "partial_save",
            "resume_key",
            "answer_states",
            "unknown_label_vi",
            "unknown_label_en",
            "unknown_policy",
            "min_answered_weight_ratio",
            "max_unknown_weight_ratio",
            "provisional_if_below",
            "photo_evidence_optional",
            "auto_fill_requires_confirmation",
            "reassess_after_days",
            "consent_question",
        ],
        "scoring" => &[
            "method",
            "question_formula",
            "pillar_formula",
            "overall_formula",
            "weight_profile",
            "pillar_level_floor_pct",
            "overall_level_floor_pct",
            "pillars_at_level_required",
            "basis",
        ],
        "weight_profiles" | "weight_profiles.*" => return None,
        "levels" => &["level", "name_vi", "name_en", "desc_vi", "desc_en", "basis"],
        "pillars" => &[
            "id",
            "order",
            "name_vi",
            "name_en",
            "helper_vi",
            "helper_en",
            "dbi1970",
            "dbi2158",
            "basis",
        ],
        "profile" | "questions" => &[
            "id",
            "pillar",
            "type",
            "weight",
            "evidence",
            "text_vi",
            "text_en",
            "options",
            "cap",
            "exclusive",
            "bands",
            "skip_if",
            "on_skip",
            "na_if",
            "auto",
            "scored",
            "note",
            "note_vi",
            "note_en",
            "dbi_ref",
            "indicator",
            "indicator_vi",
            "indicator_en",
            "target_vi",
            "target_en",
            "contradicts",
        ],
        "profile.contradicts" | "questions.contradicts" => &["metric", "above", "below", "options"],
        "profile.options" | "questions.options" => &["value", "score", "points", "label_vi", "label_en"],
        "profile.bands" | "questions.bands" => &["min", "max", "score", "label_vi", "label_en"],
        "profile.auto" | "questions.auto" => &["metric", "mode", "unit", "suggest", "window_days"],
        "profile.auto.suggest" | "questions.auto.suggest" => &["when", "option"],
        "profile.skip_if" | "profile.na_if" | "questions.skip_if" | "questions.na_if" | "quick_wins.when" => COND,
        "recommendations" => &["pillar", "max_level", "priority", "text_vi", "text_en", "unless"],
        "recommendations.unless" => COND,
        "quick_wins" => &["when", "text_vi", "text_en"],
        "programme" => &["indicators"],
        "programme.indicators" => &[
            "id",
            "name_vi",
            "name_en",
            "question",
            "target_2026",
            "target_2030",
            "basis",
        ],
        _ => return None,
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    super::line_of(text, offset)
}

fn walk(text: &str, path: &str, table: &DeTable<'_>, out: &mut Vec<Problem>) {
    let keys = allowed(path);
    for (k, v) in table {
        let key: &str = k.get_ref();
        if let Some(keys) = keys
            && !keys.contains(&key)
        {
            let place = if path.is_empty() {
                "the top level".to_string()
            } else {
                format!("[{path}]")
            };
            let what = format!("unknown key '{key}' in {place}: expected one of {}", keys.join(", "));
            out.push(Problem {
                line: line_of(text, k.span().start),
                what: crate::i18n::Msg::new(what.clone(), what),
            });
            continue;
        }
        let child = if path.is_empty() {
            key.to_string()
        } else if path == "weight_profiles" {
            "weight_profiles.*".to_string()
        } else {
            format!("{path}.{key}")
        };
        match v.get_ref() {
            DeValue::Table(t) => walk(text, &child, t, out),
            DeValue::Array(a) => {
                for item in a.iter() {
                    if let DeValue::Table(t) = item.get_ref() {
                        walk(text, &child, t, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every key the format does not know, with its line.
pub fn unknown_keys(text: &str, doc: &toml::Spanned<DeTable<'_>>) -> Vec<Problem> {
    let mut out = Vec::new();
    walk(text, "", doc.get_ref(), &mut out);
    out.sort_by_key(|p| p.line);
    out
}
