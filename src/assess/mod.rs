//! Digital-maturity questionnaires: the data format (TOML, documented in
//! `assessments/README.md`), the loader that validates everything and
//! reports each problem as `FILE:LINE: what is wrong` (a bad file never
//! half-loads), scoring (`score`) and evidence from the shop's own sales
//! (`evidence`).

pub mod evidence;
pub mod keys;
pub mod record;
pub mod report;
pub mod score;

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

/// Questionnaires shipped inside the binary: (file name, text), newest
/// first. Older versions stay so that assessments made with them are still
/// read, reported and exported with the questions they were asked.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "retail-store-vn-2026.toml",
        include_str!("../../assessments/retail-store-vn-2026.toml"),
    ),
    (
        "retail-store-vn-2026.3.toml",
        include_str!("../../assessments/retail-store-vn-2026.3.toml"),
    ),
    (
        "retail-store-vn-2026.2.toml",
        include_str!("../../assessments/retail-store-vn-2026.2.toml"),
    ),
    (
        "retail-store-vn-2026.1.toml",
        include_str!("../../assessments/retail-store-vn-2026.1.toml"),
    ),
];

/// Evidence types a question may name (how the officer knows the answer).
pub const EVIDENCE_TYPES: &[&str] = &["observe", "show", "ask", "pos"];

#[derive(Debug, Clone, Deserialize)]
pub struct Meta {
    pub id: String,
    pub version: String,
    pub title_vi: String,
    pub title_en: String,
    #[serde(default = "default_period")]
    pub reference_period_days: i64,
    #[serde(default = "default_max")]
    pub question_score_max: i64,
}

fn default_period() -> i64 {
    90
}
fn default_max() -> i64 {
    4
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct Administration {
    /// "zero_and_flag" (default) or "exclude".
    #[serde(default)]
    pub unknown_policy: Option<String>,
    /// Each pillar needs this share of its applicable weight answered, else
    /// the result is provisional.
    #[serde(default)]
    pub min_answered_weight_ratio: Option<f64>,
    /// The profile question asking the shop's consent to share the result
    /// (asked first after identity; "no" keeps the assessment on the laptop).
    #[serde(default)]
    pub consent_question: Option<String>,
    /// A result whose counted weight is more than this share "don't know"
    /// is provisional whatever the pillars say (default 0.3).
    #[serde(default)]
    pub max_unknown_weight_ratio: Option<f64>,
    /// Days until the next visit (shown on the owner's action plan).
    #[serde(default)]
    pub reassess_after_days: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Scoring {
    pub weight_profile: String,
    pub pillar_level_floor_pct: Spanned<Vec<f64>>,
    pub overall_level_floor_pct: Spanned<Vec<f64>>,
    pub pillars_at_level_required: Spanned<Vec<usize>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Level {
    pub level: i64,
    pub name_vi: String,
    pub name_en: String,
    #[serde(default)]
    pub desc_vi: String,
    #[serde(default)]
    pub desc_en: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Pillar {
    pub id: String,
    #[serde(default)]
    pub order: i64,
    pub name_vi: String,
    pub name_en: String,
    /// Who can help a shop with this pillar (the owner's action plan).
    #[serde(default)]
    pub helper_vi: String,
    #[serde(default)]
    pub helper_en: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Choice {
    pub value: String,
    /// Single choice: the score of the option.
    #[serde(default)]
    pub score: Option<i64>,
    /// Multiple choice: points added up (capped).
    #[serde(default)]
    pub points: Option<i64>,
    #[serde(default)]
    pub label_vi: String,
    #[serde(default)]
    pub label_en: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Band {
    pub min: f64,
    pub max: f64,
    pub score: i64,
    #[serde(default)]
    pub label_vi: String,
    #[serde(default)]
    pub label_en: String,
}

/// `{ q = "KH01", in = ["cash_only"] }`, `{ q = "DL04", score_lt = 2 }`, `score_gte`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Condition {
    pub q: String,
    #[serde(default, rename = "in")]
    pub values: Option<Vec<String>>,
    #[serde(default)]
    pub score_lt: Option<i64>,
    #[serde(default)]
    pub score_gte: Option<i64>,
}

/// One condition, or a list of which any one is enough.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Conditions {
    One(Condition),
    Any(Vec<Condition>),
}

impl Conditions {
    pub fn all(&self) -> &[Condition] {
        match self {
            Conditions::One(c) => std::slice::from_ref(c),
            Conditions::Any(v) => v,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Auto {
    pub metric: String,
}

/// An answer that the till's figure contradicts: choosing one of `options`
/// while `metric` is above `above` (e.g. "cash only" with 50 % cashless),
/// or, when `below` is given, below it instead (e.g. "automatic backup"
/// with no backup recorded in 30 days).
#[derive(Debug, Clone, Deserialize)]
pub struct Contradicts {
    pub metric: String,
    #[serde(default)]
    pub above: f64,
    #[serde(default)]
    pub below: Option<f64>,
    pub options: Vec<String>,
}

impl Contradicts {
    /// Whether the till's figure `v` contradicts choosing these options.
    pub fn by(&self, v: f64) -> bool {
        match self.below {
            Some(b) => v < b,
            None => v > self.above,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    pub id: String,
    #[serde(default)]
    pub pillar: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub weight: f64,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub text_vi: String,
    #[serde(default)]
    pub text_en: String,
    #[serde(default)]
    pub options: Vec<Choice>,
    #[serde(default)]
    pub cap: Option<i64>,
    #[serde(default)]
    pub exclusive: Vec<String>,
    #[serde(default)]
    pub bands: Vec<Band>,
    #[serde(default)]
    pub skip_if: Option<Condition>,
    #[serde(default)]
    pub on_skip: Option<String>,
    #[serde(default)]
    pub na_if: Option<Condition>,
    #[serde(default)]
    pub auto: Option<Auto>,
    #[serde(default)]
    pub contradicts: Vec<Contradicts>,
    /// A programme indicator (shown in the report's indicator table).
    #[serde(default)]
    pub indicator: bool,
    /// The indicator's short name in the report (default: the question).
    #[serde(default)]
    pub indicator_vi: String,
    #[serde(default)]
    pub indicator_en: String,
    /// The programme's target for the indicator, in words.
    #[serde(default)]
    pub target_vi: String,
    #[serde(default)]
    pub target_en: String,
    /// Asked and stored, not scored.
    #[serde(default = "yes")]
    pub scored: bool,
    /// Guidance for the officer, shown under the question.
    #[serde(default)]
    pub note_vi: String,
    #[serde(default)]
    pub note_en: String,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
pub struct Recommendation {
    pub pillar: String,
    pub max_level: i64,
    #[serde(default)]
    pub priority: i64,
    /// Not given when this holds, or any of these holds (e.g. "buy a
    /// scanner" when the till has one, said in either of two questions).
    #[serde(default)]
    pub unless: Option<Conditions>,
    pub text_vi: String,
    pub text_en: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct QuickWin {
    pub when: Condition,
    pub text_vi: String,
    pub text_en: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Raw {
    schema_version: Spanned<i64>,
    meta: Meta,
    #[serde(default)]
    administration: Administration,
    scoring: Spanned<Scoring>,
    weight_profiles: BTreeMap<String, Spanned<BTreeMap<String, f64>>>,
    levels: Vec<Spanned<Level>>,
    pillars: Vec<Spanned<Pillar>>,
    #[serde(default)]
    profile: Vec<Spanned<Question>>,
    questions: Vec<Spanned<Question>>,
    #[serde(default)]
    recommendations: Vec<Spanned<Recommendation>>,
    #[serde(default)]
    quick_wins: Vec<Spanned<QuickWin>>,
}

/// A loaded, validated questionnaire.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub file: String,
    pub meta: Meta,
    pub unknown_counts_zero: bool,
    pub min_answered_ratio: f64,
    pub max_unknown_ratio: f64,
    pub reassess_after_days: i64,
    /// The consent question's id, if the questionnaire has one.
    pub consent_question: Option<String>,
    pub pillar_floor: Vec<f64>,
    pub overall_floor: Vec<f64>,
    pub required: Vec<usize>,
    /// Pillar weights of the chosen profile.
    pub weights: BTreeMap<String, f64>,
    pub levels: Vec<Level>,
    pub pillars: Vec<Pillar>,
    /// Not scored; may be referenced by conditions.
    pub profile: Vec<Question>,
    pub questions: Vec<Question>,
    pub recommendations: Vec<Recommendation>,
    pub quick_wins: Vec<QuickWin>,
    /// SHA-256 of the file's text: an assessment remembers which one it used.
    pub fingerprint: String,
}

/// One problem in a questionnaire file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub what: crate::i18n::Msg,
}

impl Questionnaire {
    pub fn key(&self) -> String {
        format!("{}@{}", self.meta.id, self.meta.version)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().chain(self.profile.iter()).find(|q| q.id == id)
    }

    /// Whether these answers refuse consent to share the result (the
    /// consent question answered with its "no" option).
    pub fn consent_refused(&self, a: &score::Answers) -> bool {
        self.consent_question
            .as_ref()
            .is_some_and(|id| matches!(a.values.get(id), Some(score::Answer::Choice(v)) if v == "no"))
    }

    pub fn pillar_name(&self, id: &str, lang: crate::Lang) -> String {
        self.pillars
            .iter()
            .find(|p| p.id == id)
            .map(|p| lang.pick(&p.name_vi, &p.name_en).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// Questions in the order they are asked (pillar order, then file order).
    pub fn asked(&self) -> Vec<&Question> {
        let mut out: Vec<&Question> = self.profile.iter().collect();
        let mut scored: Vec<&Question> = self.questions.iter().collect();
        scored.sort_by_key(|q| self.pillars.iter().position(|p| p.id == q.pillar).unwrap_or(usize::MAX));
        out.extend(scored);
        out
    }
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|b| *b == b'\n').count() + 1
}

/// Parse and validate. Every problem is reported with its line; any problem
/// refuses the whole file.
pub fn load(file: &str, text: &str) -> Result<Questionnaire, Vec<Problem>> {
    let syntax = |e: toml::de::Error| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        vec![Problem {
            line,
            what: crate::i18n::Msg::new(format!("TOML sai cú pháp: {}", e.message()), e.message()),
        }]
    };
    // Misspelled keys (`skip_iff`) are refused with their own line before
    // serde would silently ignore them.
    let doc = toml::de::DeTable::parse(text).map_err(syntax)?;
    let unknown = keys::unknown_keys(text, &doc);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let raw: Raw = toml::from_str(text).map_err(syntax)?;
    let mut p: Vec<Problem> = Vec::new();
    // Questionnaire authors get the loader's findings in English (technical
    // messages about the file's structure).
    let mut bad = |line: usize, what: String| {
        p.push(Problem {
            line,
            what: crate::i18n::Msg::new(what.clone(), what),
        })
    };
    let schema = *raw.schema_version.get_ref();
    if !(1..=2).contains(&schema) {
        bad(
            line_of(text, raw.schema_version.span().start),
            format!("schema_version {schema} is not supported: expected 1 or 2"),
        );
    }
    let max = raw.meta.question_score_max;
    // levels 0..=n contiguous, translated
    for (i, l) in raw.levels.iter().enumerate() {
        let line = line_of(text, l.span().start);
        if l.get_ref().level != i as i64 {
            bad(
                line,
                format!("level {} is out of order: expected {i}", l.get_ref().level),
            );
        }
        if l.get_ref().name_vi.trim().is_empty() || l.get_ref().name_en.trim().is_empty() {
            bad(
                line,
                format!(
                    "level {} is missing a translation (name_vi and name_en)",
                    l.get_ref().level
                ),
            );
        }
    }
    let n_levels = raw.levels.len();
    // pillars
    let mut pillar_ids: HashSet<String> = HashSet::new();
    for pl in &raw.pillars {
        let line = line_of(text, pl.span().start);
        let v = pl.get_ref();
        if !pillar_ids.insert(v.id.clone()) {
            bad(line, format!("pillar id '{}' is used twice", v.id));
        }
        if v.name_vi.trim().is_empty() || v.name_en.trim().is_empty() {
            bad(
                line,
                format!("pillar '{}' is missing a translation (name_vi and name_en)", v.id),
            );
        }
    }
    // scoring
    let sc = raw.scoring.get_ref();
    let sline = line_of(text, raw.scoring.span().start);
    for (name, v) in [
        ("pillar_level_floor_pct", &sc.pillar_level_floor_pct),
        ("overall_level_floor_pct", &sc.overall_level_floor_pct),
    ] {
        let line = line_of(text, v.span().start);
        if v.get_ref().len() != n_levels {
            bad(
                line,
                format!(
                    "{name} has {} values: expected one per level ({n_levels})",
                    v.get_ref().len()
                ),
            );
        }
        if v.get_ref().windows(2).any(|w| w[1] <= w[0]) {
            bad(line, format!("{name} must be strictly increasing"));
        }
    }
    let req_line = line_of(text, sc.pillars_at_level_required.span().start);
    if sc.pillars_at_level_required.get_ref().len() != n_levels {
        bad(
            req_line,
            format!("pillars_at_level_required needs one value per level ({n_levels})"),
        );
    }
    if sc
        .pillars_at_level_required
        .get_ref()
        .iter()
        .any(|&n| n > raw.pillars.len())
    {
        bad(
            req_line,
            format!(
                "pillars_at_level_required asks for more pillars than the {} there are",
                raw.pillars.len()
            ),
        );
    }
    let weights = match raw.weight_profiles.get(&sc.weight_profile) {
        None => {
            bad(
                sline,
                format!(
                    "weight_profile '{}' is not defined under [weight_profiles]",
                    sc.weight_profile
                ),
            );
            BTreeMap::new()
        }
        Some(w) => {
            let line = line_of(text, w.span().start);
            let sum: f64 = w.get_ref().values().sum();
            if (sum - 100.0).abs() > 0.01 {
                bad(
                    line,
                    format!(
                        "pillar weights of '{}' add up to {sum}: expected 100",
                        sc.weight_profile
                    ),
                );
            }
            for id in &pillar_ids {
                if !w.get_ref().contains_key(id) {
                    bad(
                        line,
                        format!("weight profile '{}' has no weight for pillar '{id}'", sc.weight_profile),
                    );
                }
            }
            for id in w.get_ref().keys() {
                if !pillar_ids.contains(id) {
                    bad(
                        line,
                        format!("weight profile '{}' names unknown pillar '{id}'", sc.weight_profile),
                    );
                }
            }
            w.get_ref().clone()
        }
    };
    // questions
    let mut ids: HashSet<String> = HashSet::new();
    let all: Vec<(&Spanned<Question>, bool)> = raw
        .profile
        .iter()
        .map(|q| (q, false))
        .chain(raw.questions.iter().map(|q| (q, true)))
        .collect();
    for (q, _) in &all {
        if !ids.insert(q.get_ref().id.clone()) {
            bad(
                line_of(text, q.span().start),
                format!("question id '{}' is used twice", q.get_ref().id),
            );
        }
    }
    let find = |id: &str| all.iter().map(|(q, _)| q.get_ref()).find(|q| q.id == id);
    let check_cond = |c: &Condition, what: &str, line: usize, bad: &mut dyn FnMut(usize, String)| match find(&c.q) {
        None => bad(line, format!("{what} refers to unknown question '{}'", c.q)),
        Some(target) => {
            if let Some(vals) = &c.values {
                for v in vals {
                    if !target.options.iter().any(|o| &o.value == v) {
                        bad(
                            line,
                            format!("{what} refers to option '{v}' that question '{}' does not have", c.q),
                        );
                    }
                }
            }
            if c.values.is_none() && c.score_lt.is_none() && c.score_gte.is_none() {
                bad(line, format!("{what} needs `in`, `score_lt` or `score_gte`"));
            }
        }
    };
    // Lines of each option and band, so that a problem with one of them
    // points at it and not at its question's header many lines above.
    let item_lines = |section: &str, index: usize, key: &str| -> Vec<usize> {
        let Some(arr) = doc.get_ref().get(section).and_then(|v| v.get_ref().as_array()) else {
            return Vec::new();
        };
        let Some(table) = arr.get(index).and_then(|t| t.get_ref().as_table()) else {
            return Vec::new();
        };
        let Some(items) = table.get(key).and_then(|v| v.get_ref().as_array()) else {
            return Vec::new();
        };
        items.iter().map(|i| line_of(text, i.span().start)).collect()
    };
    for (n, (q, scored_section)) in all.iter().enumerate() {
        let (section, index) = if n < raw.profile.len() {
            ("profile", n)
        } else {
            ("questions", n - raw.profile.len())
        };
        let option_lines = item_lines(section, index, "options");
        let band_lines = item_lines(section, index, "bands");
        let line = line_of(text, q.span().start);
        let v = q.get_ref();
        let id = &v.id;
        if v.text_vi.trim().is_empty() || v.text_en.trim().is_empty() {
            bad(
                line,
                format!("question '{id}' is missing a translation (text_vi and text_en)"),
            );
        }
        match v.kind.as_str() {
            "single" | "multi" => {
                if v.options.is_empty() {
                    bad(line, format!("question '{id}' ({}) has no options", v.kind));
                }
                if v.options.len() > 9 {
                    bad(
                        line,
                        format!(
                            "question '{id}' has {} options: at most 9 (picked with keys 1–9)",
                            v.options.len()
                        ),
                    );
                }
                let mut seen = HashSet::new();
                for (j, o) in v.options.iter().enumerate() {
                    let line = option_lines.get(j).copied().unwrap_or(line);
                    if !seen.insert(&o.value) {
                        bad(line, format!("question '{id}' has option '{}' twice", o.value));
                    }
                    if o.label_vi.trim().is_empty() || o.label_en.trim().is_empty() {
                        bad(
                            line,
                            format!(
                                "option '{}' of '{id}' is missing a translation (label_vi and label_en)",
                                o.value
                            ),
                        );
                    }
                    let s = if v.kind == "single" { o.score } else { o.points };
                    match s {
                        Some(s) if !(0..=max).contains(&s) => bad(
                            line,
                            format!("option '{}' of '{id}' scores {s}: scores go from 0 to {max}", o.value),
                        ),
                        None if *scored_section && v.scored => bad(
                            line,
                            format!(
                                "option '{}' of '{id}' has no {}",
                                o.value,
                                if v.kind == "single" { "score" } else { "points" }
                            ),
                        ),
                        _ => {}
                    }
                }
                for e in &v.exclusive {
                    if !v.options.iter().any(|o| &o.value == e) {
                        bad(
                            line,
                            format!("exclusive option '{e}' of '{id}' is not one of its options"),
                        );
                    }
                }
            }
            "percent" | "number" => {
                if *scored_section && v.scored && v.bands.is_empty() {
                    bad(
                        line,
                        format!(
                            "question '{id}' ({}) has no bands to turn the value into a score",
                            v.kind
                        ),
                    );
                }
                for w in v.bands.windows(2) {
                    if w[1].min != w[0].max {
                        bad(
                            line,
                            format!("bands of '{id}' leave a gap or overlap at {} / {}", w[0].max, w[1].min),
                        );
                    }
                }
                for (j, b) in v.bands.iter().enumerate() {
                    let line = band_lines.get(j).copied().unwrap_or(line);
                    if b.max <= b.min {
                        bad(
                            line,
                            format!("a band of '{id}' has max {} not above min {}", b.max, b.min),
                        );
                    }
                    if !(0..=max).contains(&b.score) {
                        bad(
                            line,
                            format!("a band of '{id}' scores {}: scores go from 0 to {max}", b.score),
                        );
                    }
                }
            }
            "text" if !*scored_section => {}
            other => bad(
                line,
                format!("question '{id}' has type '{other}': expected single, multi, percent or number"),
            ),
        }
        if *scored_section {
            if !pillar_ids.contains(&v.pillar) {
                bad(line, format!("question '{id}' is in unknown pillar '{}'", v.pillar));
            }
            if v.scored && v.weight <= 0.0 {
                bad(line, format!("question '{id}' needs a weight above 0"));
            }
        }
        if let Some(e) = &v.evidence
            && !EVIDENCE_TYPES.contains(&e.as_str())
        {
            bad(
                line,
                format!(
                    "question '{id}' has evidence '{e}': expected one of {}",
                    EVIDENCE_TYPES.join(", ")
                ),
            );
        }
        // Schema 2 names only figures quay measures (schema 1 files, kept
        // for old assessments, may name figures that were only planned).
        if schema >= 2
            && let Some(auto) = &v.auto
            && !evidence::METRICS.contains(&auto.metric.as_str())
        {
            bad(
                line,
                format!(
                    "question '{id}' names metric '{}' that quay does not measure: expected one of {}",
                    auto.metric,
                    evidence::METRICS.join(", ")
                ),
            );
        }
        for c in &v.contradicts {
            if !evidence::METRICS.contains(&c.metric.as_str()) {
                bad(
                    line,
                    format!(
                        "contradicts of '{id}' names metric '{}' that quay does not measure",
                        c.metric
                    ),
                );
            }
            for o in &c.options {
                if !v.options.iter().any(|x| &x.value == o) {
                    bad(
                        line,
                        format!("contradicts of '{id}' names option '{o}' it does not have"),
                    );
                }
            }
        }
        if let Some(c) = &v.skip_if {
            check_cond(c, &format!("skip_if of '{id}'"), line, &mut bad);
        }
        if let Some(c) = &v.na_if {
            check_cond(c, &format!("na_if of '{id}'"), line, &mut bad);
        }
        if let Some(s) = &v.on_skip
            && s != "zero"
            && s != "exclude"
        {
            bad(line, format!("on_skip of '{id}' is '{s}': expected zero or exclude"));
        }
    }
    for r in &raw.recommendations {
        let line = line_of(text, r.span().start);
        let v = r.get_ref();
        if !pillar_ids.contains(&v.pillar) {
            bad(line, format!("recommendation for unknown pillar '{}'", v.pillar));
        }
        for c in v.unless.iter().flat_map(|u| u.all()) {
            check_cond(c, "unless of a recommendation", line, &mut bad);
        }
        if v.text_vi.trim().is_empty() || v.text_en.trim().is_empty() {
            bad(
                line,
                "recommendation is missing a translation (text_vi and text_en)".into(),
            );
        }
    }
    for w in &raw.quick_wins {
        let line = line_of(text, w.span().start);
        check_cond(&w.get_ref().when, "quick win", line, &mut bad);
    }
    if let Some(c) = &raw.administration.consent_question {
        let ok = raw
            .profile
            .iter()
            .any(|q| &q.get_ref().id == c && q.get_ref().options.iter().any(|o| o.value == "no"));
        if !ok {
            bad(
                1,
                format!("consent_question '{c}' is not a profile question with a 'no' option"),
            );
        }
    }
    if !p.is_empty() {
        p.sort_by_key(|x| x.line);
        return Err(p);
    }
    let sc = raw.scoring.into_inner();
    Ok(Questionnaire {
        file: file.to_string(),
        unknown_counts_zero: raw.administration.unknown_policy.as_deref() != Some("exclude"),
        min_answered_ratio: raw.administration.min_answered_weight_ratio.unwrap_or(0.7),
        max_unknown_ratio: raw.administration.max_unknown_weight_ratio.unwrap_or(0.3),
        reassess_after_days: raw.administration.reassess_after_days.unwrap_or(180),
        // Schema-1 files name no consent question; theirs is P07 when it
        // is the yes/no consent question of the 2026.1 questionnaire.
        consent_question: raw.administration.consent_question.clone().or_else(|| {
            raw.profile
                .iter()
                .map(|q| q.get_ref())
                .find(|q| {
                    q.id == "P07" && q.options.iter().any(|o| o.value == "no") && q.text_en.starts_with("Consent")
                })
                .map(|q| q.id.clone())
        }),
        meta: raw.meta,
        pillar_floor: sc.pillar_level_floor_pct.into_inner(),
        overall_floor: sc.overall_level_floor_pct.into_inner(),
        required: sc.pillars_at_level_required.into_inner(),
        weights,
        levels: raw.levels.into_iter().map(Spanned::into_inner).collect(),
        pillars: {
            let mut v: Vec<Pillar> = raw.pillars.into_iter().map(Spanned::into_inner).collect();
            v.sort_by_key(|p| p.order);
            v
        },
        profile: raw.profile.into_iter().map(Spanned::into_inner).collect(),
        questions: raw.questions.into_iter().map(Spanned::into_inner).collect(),
        recommendations: raw.recommendations.into_iter().map(Spanned::into_inner).collect(),
        quick_wins: raw.quick_wins.into_iter().map(Spanned::into_inner).collect(),
        fingerprint: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())),
    })
}

/// Whether any of the (optional) conditions holds for the answers so far.
pub fn holds_any(q: &Questionnaire, conds: &[&Option<Condition>], a: &score::Answers) -> bool {
    conds.iter().any(|c| c.as_ref().is_some_and(|c| score::holds(q, c, a)))
}

/// A bundled questionnaire by id (`retail-store-vn-2026`), file name or `id@version`.
pub fn bundled(name: &str) -> Option<Result<Questionnaire, Vec<Problem>>> {
    BUNDLED.iter().find_map(|(file, text)| {
        let stem = file.trim_end_matches(".toml");
        let q = load(file, text);
        let matches = name == *file || name == stem || q.as_ref().is_ok_and(|q| q.meta.id == name || q.key() == name);
        matches.then_some(q)
    })
}

/// Load from a path, or a bundled questionnaire by name.
pub fn open(name_or_path: &str) -> Result<Questionnaire, Vec<Problem>> {
    let path = std::path::Path::new(name_or_path);
    if path.exists() {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Problem {
                line: 0,
                what: crate::msg!("không đọc được tệp: {e}", "cannot read the file: {e}"),
            }]
        })?;
        return load(name_or_path, &text);
    }
    bundled(name_or_path).unwrap_or_else(|| {
        Err(vec![Problem {
            line: 0,
            what: crate::msg!(
                "không có phiếu câu hỏi '{name_or_path}' (có sẵn: retail-store-vn-2026)",
                "no questionnaire named '{name_or_path}' (bundled: retail-store-vn-2026)"
            ),
        }])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_questionnaire_loads_and_every_question_is_reachable() {
        let q = bundled("retail-store-vn-2026").unwrap().unwrap();
        assert_eq!(q.levels.len(), 6);
        assert_eq!(q.pillars.len(), 6);
        assert!(q.questions.len() >= 25, "{}", q.questions.len());
        assert!((q.weights.values().sum::<f64>() - 100.0).abs() < 1e-9);
        // reachable: no question is skipped or not-applicable under every answer set
        for question in &q.questions {
            for c in [&question.skip_if, &question.na_if].into_iter().flatten() {
                let target = q.question(&c.q).unwrap();
                if let Some(vals) = &c.values {
                    assert!(
                        target.options.len() > vals.len(),
                        "{} can always be skipped",
                        question.id
                    );
                }
            }
        }
    }

    fn broken(edit: impl Fn(String) -> String) -> Vec<Problem> {
        let text = edit(BUNDLED[0].1.to_string());
        load("x.toml", &text).unwrap_err()
    }

    #[test]
    fn each_problem_is_reported_with_its_line() {
        let text = BUNDLED[0].1;
        let line_of_str = |s: &str| text[..text.find(s).unwrap()].lines().count() + 1;
        // unknown question in a condition
        let p = broken(|t| t.replacen("skip_if = { q = \"KH01\"", "skip_if = { q = \"KH99\"", 1));
        assert!(p.iter().any(|x| x.what.en.contains("unknown question 'KH99'")), "{p:?}");
        // duplicate id
        let p = broken(|t| t.replacen("id = \"KH02\"", "id = \"KH01\"", 1));
        let dup = p.iter().find(|x| x.what.en.contains("'KH01' is used twice")).unwrap();
        assert_eq!(
            dup.line,
            line_of_str("id = \"KH02\"") - 1,
            "the line of the second [[questions]]"
        );
        // score out of range: the line of the option, not of its question
        let p = broken(|t| t.replacen("score = 4", "score = 7", 1));
        let x = p
            .iter()
            .find(|x| x.what.en.contains("scores 7: scores go from 0 to 4"))
            .unwrap();
        assert_eq!(
            x.line,
            line_of_str("score = 4") - 2,
            "its [[questions.options]] header: {p:?}"
        );
        // weights that do not add up
        let p = broken(|t| t.replacen("KH = 25", "KH = 30", 1));
        assert!(p.iter().any(|x| x.what.en.contains("add up to 105")), "{p:?}");
        // thresholds not increasing
        let p = broken(|t| {
            t.replacen(
                "pillar_level_floor_pct = [0.0, 12.0, 30.0",
                "pillar_level_floor_pct = [0.0, 30.0, 12.0",
                1,
            )
        });
        assert!(p.iter().any(|x| x.what.en.contains("strictly increasing")), "{p:?}");
        // missing translation
        let p = broken(|t| t.replacen("text_en = \"How does the store accept non-cash payments?\"", "", 1));
        assert!(
            p.iter().any(|x| x.what.en.contains("'KH01' is missing a translation")),
            "{p:?}"
        );
        // a misspelled key is refused on its own line, not ignored
        let p = broken(|t| t.replacen("skip_if = { q = \"KH01\"", "skip_iff = { q = \"KH01\"", 1));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].what.en.contains("unknown key 'skip_iff' in [questions]"), "{p:?}");
        assert_eq!(p[0].line, line_of_str("skip_if = { q = \"KH01\""));
        let p = broken(|t| t.replacen("label_en = \"Cash only\"", "labl_en = \"Cash only\"", 1));
        assert_eq!(p[0].line, line_of_str("label_en = \"Cash only\""), "{p:?}");
        // an unknown metric and an unknown evidence type
        let p = broken(|t| t.replacen("metric = \"pos.active_days_30d\"", "metric = \"pos.active_days\"", 1));
        assert!(
            p.iter().any(|x| x
                .what
                .en
                .contains("metric 'pos.active_days' that quay does not measure")),
            "{p:?}"
        );
        let p = broken(|t| t.replacen("evidence = \"observe\"", "evidence = \"looked\"", 1));
        assert!(
            p.iter()
                .any(|x| x.what.en.contains("has evidence 'looked': expected one of observe")),
            "{p:?}"
        );
        // the kept 2026.1 file (schema 1) still loads with its planned metrics
        assert!(load("old.toml", BUNDLED[1].1).is_ok());
        // malformed TOML
        let p = broken(|t| t.replacen("[meta]", "[meta", 1));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, line_of_str("[meta]"));
    }
}
