//! Questionnaire speed: loading and validating the shipped file, scoring a
//! full answer set, rendering the HTML report. Run: `cargo bench --bench assess`.

use divan::black_box;
use quay::assess::record::{Assessment, ShopIdentity};
use quay::assess::report::Report;
use quay::assess::score::{Answer, Answers, score};
use quay::assess::{BUNDLED, Questionnaire, load};

fn main() {
    divan::main();
}

fn shipped() -> Questionnaire {
    load("retail-store-vn-2026.toml", BUNDLED[0].1).expect("the shipped questionnaire loads")
}

/// A middle answer to every question.
fn answers(q: &Questionnaire) -> Answers {
    let mut a = Answers::default();
    for question in q.asked() {
        let v = match question.kind.as_str() {
            "single" => Answer::Choice(question.options[question.options.len() / 2].value.clone()),
            "multi" => Answer::Choices(vec![question.options[0].value.clone()]),
            "percent" => Answer::Number(50.0),
            "number" => Answer::Number(question.bands.first().map_or(0.0, |b| b.min)),
            _ => continue,
        };
        a.values.insert(question.id.clone(), v);
    }
    a
}

#[divan::bench]
fn load_and_validate() -> Questionnaire {
    shipped()
}

#[divan::bench]
fn score_full_answers(b: divan::Bencher) {
    let q = shipped();
    let a = answers(&q);
    b.bench(|| score(black_box(&q), black_box(&a)));
}

#[divan::bench]
fn html_report(b: divan::Bencher) {
    let q = shipped();
    let mut a = Assessment::start(
        &q,
        ShopIdentity {
            name: "Tạp hóa Cô Ba".into(),
            ..Default::default()
        },
        "bench",
        quay::time::Clock::System.now(),
    );
    a.answers = answers(&q);
    let o = score(&q, &a.answers);
    b.bench(|| {
        Report {
            q: &q,
            a: &a,
            o: &o,
            previous: None,
            lang: quay::Lang::Vi,
        }
        .html()
    });
}

/// What `assess import` does per assessment: check every answer and the
/// seal against the questionnaire, then rescore.
#[divan::bench]
fn import_check_and_rescore(b: divan::Bencher) {
    let q = shipped();
    let mut a = Assessment::start(
        &q,
        ShopIdentity {
            name: "Tạp hóa Cô Ba".into(),
            ..Default::default()
        },
        "bench",
        quay::time::Clock::System.now(),
    );
    a.answers = answers(&q);
    let o = score(&q, &a.answers);
    a.finish(&o, quay::time::Clock::System.now());
    b.bench(|| {
        let mut x = black_box(&a).clone();
        x.check(black_box(&q)).expect("valid");
        x.recompute(&q)
    });
}
