//! The questionnaire from the command line: paper forms entered headless,
//! reports, export/import between laptops, and every bad input refused with
//! its place.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/examples/minimal.toml");
const WORKED: &str =
    "A1 = \"some\"\nA2 = 45\nB1 = [\"x\", \"z\"]\nB2 = \"dont_know\"\n[notes]\nB2 = \"chủ không nhớ\"\n";

struct Laptop {
    dir: tempfile::TempDir,
}

impl Laptop {
    fn new() -> Laptop {
        Laptop {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn quay(&self) -> Command {
        let mut c = Command::cargo_bin("quay").unwrap();
        c.arg("--db").arg(self.dir.path().join("officer.quay"));
        c
    }
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
    fn answer(&self, answers: &Path, shop: &str) -> serde_json::Value {
        let out = self
            .quay()
            .args(["assess", "answer", MINIMAL, "--answers"])
            .arg(answers)
            .args(["--shop", shop, "--address", "12 Lê Lợi", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn a_paper_form_is_scored_as_in_the_worked_example() {
    let l = Laptop::new();
    let v = l.answer(&l.file("form.toml", WORKED), "Tạp hóa Cô Ba");
    assert_eq!(v["level"], 1);
    assert_eq!(v["score"], 40.0);
    assert_eq!(v["provisional"], true);
    assert_eq!(v["pillars"][0]["id"], "A");
    assert!((v["pillars"][0]["score"].as_f64().unwrap() - 41.6667).abs() < 1e-3);
    assert_eq!(v["pillars"][1]["score"], 37.5);
    assert_eq!(v["questions"][3]["note"], "chủ không nhớ");
    // stored, listed
    l.quay()
        .args(["assess", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tạp hóa Cô Ba").and(predicate::str::contains("mức 1 (40.0)")));
}

#[test]
fn reassessing_a_shop_shows_the_change_since_last_time() {
    let l = Laptop::new();
    l.answer(&l.file("first.toml", WORKED), "Tạp hóa Cô Ba");
    let better = l.file(
        "second.toml",
        "A1 = \"all\"\nA2 = 90\nB1 = [\"x\", \"y\"]\nB2 = \"yes\"\n",
    );
    let v = l.answer(&better, "tạp hóa  cô ba");
    assert_eq!(v["previous"]["level"], 1);
    assert_eq!(v["previous"]["score"], 40.0);
    assert_eq!(v["level"], 2);
    l.quay()
        .args(["assess", "report", "2", "--format", "md", "--questionnaire", MINIMAL])
        .assert()
        .success()
        .stdout(predicate::str::contains("mức 1 → 2, 40.0 → 100.0 (+60.0)"));
}

#[test]
fn reports_come_as_html_markdown_and_json() {
    let l = Laptop::new();
    l.answer(&l.file("form.toml", WORKED), "Tạp hóa Cô Ba");
    let html = l.dir.path().join("r.html");
    l.quay()
        .args(["assess", "report", "1", "--format", "html", "--out"])
        .arg(&html)
        .args(["--questionnaire", MINIMAL])
        .assert()
        .success();
    let text = std::fs::read_to_string(&html).unwrap();
    for want in [
        "<svg",
        "size: A4",
        "Mức 1: Khởi động — 40.0/100 (tạm tính)",
        "Bật sao lưu tự động ngay hôm nay.",
        "chủ không nhớ",
    ] {
        assert!(text.contains(want), "{want} missing from the HTML");
    }
    assert!(text.trim_end().ends_with("</html>"));

    l.quay()
        .args([
            "--lang",
            "en",
            "assess",
            "report",
            "1",
            "--format",
            "md",
            "--questionnaire",
            MINIMAL,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "## Level 1: Starting — 40.0/100 (provisional)",
        ));
}

#[test]
fn export_and_import_move_assessments_between_laptops_without_duplicates() {
    let a = Laptop::new();
    a.answer(&a.file("form.toml", WORKED), "Tạp hóa Cô Ba");
    a.answer(&a.file("form2.toml", WORKED), "Nhà thuốc An Khang");
    let out = a.dir.path().join("export.json");
    a.quay()
        .args(["assess", "export", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Đã xuất 2 phiếu đánh giá"));
    let b = Laptop::new();
    b.quay()
        .args(["assess", "import", "--questionnaire", MINIMAL])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Đã nhập 2 phiếu mới, cập nhật 0 phiếu, 0 phiếu đã có",
        ));
    b.quay()
        .args(["assess", "import", "--questionnaire", MINIMAL])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Đã nhập 0 phiếu mới, cập nhật 0 phiếu, 2 phiếu đã có",
        ));
    let list = b.quay().args(["assess", "list", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v["assessments"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_answers_files_are_refused_with_file_line_and_what_was_expected() {
    let l = Laptop::new();
    let run = |name: &str, text: &str| {
        let f = l.file(name, text);
        l.quay()
            .args(["assess", "answer", MINIMAL, "--answers"])
            .arg(&f)
            .args(["--shop", "X"])
            .assert()
            .code(2)
    };
    run("opt.toml", "A1 = \"some\"\nB2 = \"maybe\"\n").stderr(predicate::str::contains(
        "opt.toml:2: 'maybe' không phải đáp án của B2: cần một trong no, yes",
    ));
    run("range.toml", "A2 = 140\n").stderr(predicate::str::contains("range.toml:1: A2: 140 nằm ngoài 0–100 %"));
    run("unknown.toml", "\nZ9 = 1\n").stderr(predicate::str::contains("unknown.toml:2: không có câu hỏi 'Z9'"));
    run("broken.toml", "A1 = \"some\"\nA2 = [\n").stderr(predicate::str::contains("broken.toml:"));
    // nothing was stored
    l.quay()
        .args(["assess", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Chưa có phiếu đánh giá nào"));
}

#[test]
fn validate_prints_every_problem_with_its_line() {
    let l = Laptop::new();
    let bad = std::fs::read_to_string(MINIMAL)
        .unwrap()
        .replace("A = 60", "A = 70")
        .replacen("score = 4", "score = 9", 1)
        .replace("q = \"A1\"", "q = \"A9\"");
    let f = l.file("bad.toml", &bad);
    let out = l
        .quay()
        .args(["assess", "validate"])
        .arg(&f)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert!(
        err.contains("bad.toml:22: pillar weights of 'default' add up to 110: expected 100"),
        "{err}"
    );
    assert!(err.contains("scores 9: scores go from 0 to 4"), "{err}");
    assert!(err.contains("skip_if of 'A2' refers to unknown question 'A9'"), "{err}");
    l.quay()
        .args(["assess", "validate", MINIMAL])
        .assert()
        .success()
        .stdout(predicate::str::contains("minimal-example@1"));
}

#[test]
fn an_assessment_is_never_continued_with_a_changed_questionnaire() {
    let l = Laptop::new();
    let q = l.file("q.toml", &std::fs::read_to_string(MINIMAL).unwrap());
    let started = l.dir.path().join("x.json");
    // an unfinished assessment started with q.toml, brought from another laptop
    l.quay()
        .args(["assess", "answer"])
        .arg(&q)
        .args(["--answers"])
        .arg(l.file("f.toml", WORKED))
        .args(["--shop", "X", "--no-save"])
        .assert()
        .success();
    let fp = {
        use std::process::Command as C;
        let o = C::new("sha256sum").arg(&q).output().unwrap();
        String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    let record = serde_json::json!({"format": "quay-assessments/1", "assessments": [{
        "uid": "u1", "questionnaire": "minimal-example@1", "fingerprint": fp,
        "shop": {"name": "X"}, "answers": {"values": {"A1": {"choice": "some"}}},
        "position": 1, "finished": false, "started_at": "2026-11-20T09:00:00+07:00",
        "updated_at": "2026-11-20T09:01:00+07:00", "finished_at": null, "score": null, "level": null}]});
    std::fs::write(&started, record.to_string()).unwrap();
    l.quay()
        .args(["assess", "import"])
        .arg(&started)
        .arg("--questionnaire")
        .arg(&q)
        .assert()
        .success();
    // the file changes under it
    std::fs::write(
        &q,
        std::fs::read_to_string(MINIMAL)
            .unwrap()
            .replace("version = \"1\"", "version = \"2\""),
    )
    .unwrap();
    l.quay()
        .args(["assess", "resume", "--questionnaire"])
        .arg(&q)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("được bắt đầu với minimal-example@1")
                .and(predicate::str::contains("minimal-example@2")),
        );
    l.quay()
        .args(["assess", "report", "u1", "--questionnaire"])
        .arg(&q)
        .assert()
        .failure()
        .stderr(predicate::str::contains("minimal-example@1"));
}

#[test]
fn an_officer_laptop_without_a_shop_must_name_the_shop() {
    let l = Laptop::new();
    let f = l.file("form.toml", WORKED);
    l.quay()
        .args(["assess", "answer", MINIMAL, "--answers"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--shop"));
}

#[test]
fn till_figures_are_refused_for_a_shop_that_is_not_this_file() {
    let l = Laptop::new();
    let f = l.file("form.toml", WORKED);
    l.quay()
        .args(["assess", "answer", MINIMAL, "--from-till", "--answers"])
        .arg(&f)
        .args(["--shop", "Tạp hóa Cô Ba"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from-till").and(predicate::str::contains("Tạp hóa Cô Ba")));
    l.quay()
        .args(["assess", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Chưa có phiếu đánh giá nào"));
}

#[test]
fn unknown_ids_bad_exports_and_nothing_to_resume_are_explained() {
    let l = Laptop::new();
    l.quay()
        .args(["assess", "report", "7"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("không có phiếu đánh giá '7'"));
    l.quay()
        .args(["assess", "resume"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("không có phiếu đánh giá nào đang làm dở"));
    let bad = l.file(
        "bad.json",
        "{\"format\": \"quay-assessments/1\",\n \"assessments\": [{\"uid\": 5}]}",
    );
    l.quay().args(["assess", "import"]).arg(&bad).assert().code(2).stderr(
        predicate::str::contains("bad.json:2:").and(predicate::str::contains("không phải tệp xuất phiếu đánh giá")),
    );
    let other = l.file(
        "other.json",
        "{\"format\": \"quay-ward-bundle/1\", \"assessments\": []}",
    );
    l.quay()
        .args(["assess", "import"])
        .arg(&other)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'quay-ward-bundle/1'"));
    l.quay()
        .args(["assess", "answer", "no-such-questionnaire", "--answers"])
        .arg(l.file("f.toml", WORKED))
        .args(["--shop", "X"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "không có phiếu câu hỏi 'no-such-questionnaire'",
        ));
}

const CO_BA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/examples/co-ba-answers.toml");

impl Laptop {
    /// Enter the Cô Ba paper form (bundled questionnaire) with extra answers.
    fn co_ba(&self, name: &str, extra: &str, shop: &[&str]) -> serde_json::Value {
        let text = std::fs::read_to_string(CO_BA).unwrap();
        let (head, notes) = text.split_once("[notes]").unwrap();
        let mut lines: Vec<String> = head.lines().map(str::to_string).collect();
        for l in extra.lines() {
            let key = l.split('=').next().unwrap().trim();
            lines.retain(|x| x.split('=').next().unwrap().trim() != key);
            lines.push(l.to_string());
        }
        let form = self.file(
            &format!("{name}.toml"),
            &format!("{}\n[notes]{notes}", lines.join("\n")),
        );
        let out = self
            .quay()
            .args(["assess", "answer", "retail-store-vn-2026", "--answers"])
            .arg(&form)
            .args(shop)
            .args(["--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn export(&self, extra: &[&str]) -> (PathBuf, serde_json::Value) {
        let out = self.dir.path().join("export.json");
        self.quay()
            .args(["assess", "export", "--out"])
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        let v = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        (out, v)
    }

    fn list(&self) -> serde_json::Value {
        let out = self.quay().args(["assess", "list", "--json"]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

const CO_BA_SHOP: &[&str] = &[
    "--shop",
    "Tạp hóa Cô Ba",
    "--address",
    "12 Lê Lợi",
    "--officer",
    "Lê Văn An",
];

#[test]
fn an_import_is_rescored_from_its_answers_and_invalid_answers_are_refused() {
    let a = Laptop::new();
    let v = a.co_ba("form", "", CO_BA_SHOP);
    let (level, score) = (v["level"].as_i64().unwrap(), v["score"].as_f64().unwrap());
    assert!(level < 5);
    let (_, mut export) = a.export(&[]);
    // the stored result is edited to level 5 / 99, the answers are not
    export["assessments"][0]["level"] = 5.into();
    export["assessments"][0]["score"] = 99.0.into();
    let b = Laptop::new();
    let edited = b.file("edited.json", &export.to_string());
    b.quay().args(["assess", "import"]).arg(&edited).assert().success();
    let list = b.list();
    assert_eq!(list["assessments"][0]["level"].as_i64(), Some(level));
    assert_eq!(
        list["assessments"][0]["score"].as_f64(),
        Some((score * 10.0).round() / 10.0)
    );
    b.quay().args(["assess", "list"]).assert().success().stdout(
        predicate::str::contains("mức 5")
            .not()
            .and(predicate::str::contains("99.0").not()),
    );

    // invalid answers: nothing is imported
    for (q, bad, why) in [
        (
            "HT07",
            serde_json::json!({"choices": ["bogus"]}),
            "'bogus' is not an option of HT07",
        ),
        (
            "KH02",
            serde_json::json!({"number": -50.0}),
            "KH02: -50 is outside 0–100 %",
        ),
        (
            "HT04",
            serde_json::json!({"number": 9999.0}),
            "HT04: 9999 is outside 0–31",
        ),
    ] {
        let mut e = export.clone();
        e["assessments"][0]["uid"] = format!("bad-{q}").into();
        e["assessments"][0]["answers"]["values"][q] = bad;
        let c = Laptop::new();
        let f = c.file("bad.json", &e.to_string());
        c.quay()
            .args(["--lang", "en", "assess", "import"])
            .arg(&f)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(why).and(predicate::str::contains("Nothing imported")));
        assert_eq!(c.list()["assessments"].as_array().map_or(0, Vec::len), 0);
    }
    // a valid answer changed after finishing breaks the seal
    let mut e = export.clone();
    e["assessments"][0]["answers"]["values"]["KH01"] = serde_json::json!({"choice": "integrated"});
    let c = Laptop::new();
    let f = c.file("sealed.json", &e.to_string());
    c.quay()
        .args(["--lang", "en", "assess", "import"])
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the seal does not match"));
    // an unknown questionnaire (or a changed file) is named
    let mut e = export.clone();
    e["assessments"][0]["fingerprint"] = "00ff".into();
    let f = c.file("fp.json", &e.to_string());
    c.quay()
        .args(["--lang", "en", "assess", "import"])
        .arg(&f)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("retail-store-vn-2026@2026.4 (fingerprint 00ff)")
                .and(predicate::str::contains("bundled: retail-store-vn-2026@2026.4 (")),
        );
}

#[test]
fn the_newer_copy_of_an_assessment_wins_on_import_and_the_command_says_so() {
    let a = Laptop::new();
    a.co_ba("form", "", CO_BA_SHOP);
    let (_, finished) = a.export(&[]);
    // the other laptop had only the unfinished copy
    let mut unfinished = finished.clone();
    let r = &mut unfinished["assessments"][0];
    r["finished"] = false.into();
    r["finished_at"] = serde_json::Value::Null;
    r["seal"] = serde_json::Value::Null;
    r["updated_at"] = "2026-01-01T09:00:00+07:00".into();
    let b = Laptop::new();
    b.quay()
        .args(["assess", "import"])
        .arg(b.file("old.json", &unfinished.to_string()))
        .assert()
        .success();
    assert_eq!(b.list()["assessments"][0]["finished"], false);
    b.quay()
        .args(["assess", "import"])
        .arg(b.file("new.json", &finished.to_string()))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Đã nhập 0 phiếu mới, cập nhật 1 phiếu")
                .and(predicate::str::contains("cập nhật #1 Tạp hóa Cô Ba (đã xong)")),
        );
    let list = b.list();
    assert_eq!(list["assessments"][0]["finished"], true);
    assert_eq!(list["assessments"][0]["level"], a.list()["assessments"][0]["level"]);
    // the older copy does not overwrite the newer one
    b.quay()
        .args(["assess", "import"])
        .arg(b.file("old2.json", &unfinished.to_string()))
        .assert()
        .success()
        .stdout(predicate::str::contains("cập nhật 0 phiếu, 1 phiếu đã có bản mới nhất"));
    assert_eq!(b.list()["assessments"][0]["finished"], true);
}

#[test]
fn without_consent_the_assessment_stays_on_the_laptop() {
    let a = Laptop::new();
    a.co_ba("yes", "", CO_BA_SHOP);
    a.co_ba("no", "P07 = \"no\"", &["--shop", "Nhà thuốc An Khang"]);
    let (_, e) = a.export(&[]);
    let shops: Vec<&str> = e["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["shop"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(shops, ["Tạp hóa Cô Ba"]);
    a.quay()
        .args(["assess", "export", "--out"])
        .arg(a.dir.path().join("x.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 phiếu không xuất vì cửa hàng không đồng ý chia sẻ",
        ));
    let (_, all) = a.export(&["--include-without-consent"]);
    assert_eq!(all["assessments"].as_array().unwrap().len(), 2);
    a.quay()
        .args(["assess", "report", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Cửa hàng không đồng ý chia sẻ kết quả"));
}

#[test]
fn reassessments_link_across_spellings_addresses_and_a_missing_tax_code() {
    let l = Laptop::new();
    l.co_ba(
        "first",
        "",
        &[
            "--shop",
            "Tạp hoá Cô Ba",
            "--address",
            "12 Lê Lợi",
            "--tax-code",
            "8012345678",
        ],
    );
    let v = l.co_ba(
        "second",
        "KH01 = \"integrated\"",
        &["--shop", "TẠP HÓA  CÔ BA", "--address", "12, le loi"],
    );
    assert!(v["previous"]["uid"].is_string(), "{}", v["previous"]);
    // the address written out in full, with the ward, still links
    let v = l.co_ba(
        "third",
        "KH01 = \"integrated\"",
        &[
            "--shop",
            "Tạp hóa Cô Ba",
            "--address",
            "Số 12 đường Lê Lợi, P. Thuận Hoá, TP Huế",
        ],
    );
    assert!(v["previous"]["uid"].is_string(), "{}", v["previous"]);
    // a different tax code is a different shop, whatever the name
    let m = Laptop::new();
    m.co_ba(
        "first",
        "",
        &[
            "--shop",
            "Tạp hóa Cô Ba",
            "--address",
            "12 Lê Lợi",
            "--tax-code",
            "8012345678",
        ],
    );
    let w = m.co_ba(
        "other",
        "",
        &[
            "--shop",
            "Tạp hóa Cô Ba",
            "--address",
            "12 Lê Lợi",
            "--tax-code",
            "8099999999",
        ],
    );
    assert!(w["previous"].is_null(), "{}", w["previous"]);
}

#[test]
fn a_report_piped_to_head_ends_quietly() {
    let l = Laptop::new();
    l.co_ba("form", "", CO_BA_SHOP);
    let db = l.dir.path().join("officer.quay");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' --db '{}' assess report 1 --format html | head -c 10",
            assert_cmd::cargo::cargo_bin("quay").display(),
            db.display()
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn export_from_a_shop_file_carries_only_that_shop() {
    let l = Laptop::new();
    l.quay()
        .args([
            "init",
            "--name",
            "Tạp hóa Cô Ba",
            "--address",
            "12 Lê Lợi",
            "--ward",
            "Phường Thuận Hóa",
        ])
        .args(["--tax-method", "direct", "--bank", "VCB", "--account", "123"])
        .assert()
        .success();
    l.co_ba("own", "", &[]);
    l.co_ba("other", "", &["--shop", "Nhà thuốc An Khang"]);
    let (_, e) = l.export(&[]);
    let shops: Vec<&str> = e["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["shop"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(shops, ["Tạp hóa Cô Ba"]);
}

#[test]
fn the_ward_gets_the_recomputed_maturity_only_with_consent() {
    use quay::store::{OpenMode, Store};
    let l = Laptop::new();
    l.quay()
        .args([
            "init",
            "--name",
            "Tạp hóa Cô Ba",
            "--address",
            "12 Lê Lợi",
            "--ward",
            "Phường Thuận Hóa",
        ])
        .args(["--tax-method", "direct", "--bank", "VCB", "--account", "123"])
        .assert()
        .success();
    let v = l.co_ba("own", "", &[]);
    let db = l.dir.path().join("officer.quay");
    let key = {
        let s = Store::open(&db, OpenMode::Existing).unwrap();
        quay::assess::record::ShopIdentity::of_profile(&s.profile().unwrap().unwrap()).key()
    };
    let far = chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap();
    let m = {
        let s = Store::open(&db, OpenMode::Existing).unwrap();
        quay::maturity::for_ward(&s, &key, far).unwrap().unwrap()
    };
    assert_eq!(m.level as i64, v["level"].as_i64().unwrap());
    assert_eq!(m.questionnaire, "retail-store-vn-2026@2026.4");
    assert!(!m.provisional);
    // before the assessment: nothing
    let early = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let s = Store::open(&db, OpenMode::Existing).unwrap();
    assert!(quay::maturity::for_ward(&s, &key, early).unwrap().is_none());
    drop(s);
    // a later assessment without consent is not sent; the earlier one is
    l.co_ba("no", "P07 = \"no\"\nKH01 = \"integrated\"", &[]);
    let s = Store::open(&db, OpenMode::Existing).unwrap();
    let m2 = quay::maturity::for_ward(&s, &key, far).unwrap().unwrap();
    assert_eq!(m2, m);
    drop(s);
    // ...and the ward bundle carries exactly that recomputed result
    let month = (chrono::Utc::now() + chrono::Duration::hours(7))
        .format("%Y-%m")
        .to_string();
    let out = l.dir.path().join("bundle.json");
    l.quay()
        .args(["ward", "export", "--period", &month, "--out"])
        .arg(&out)
        .assert()
        .success();
    let b: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(b["maturity"]["level"].as_i64(), Some(m.level as i64), "{b}");
    assert_eq!(b["maturity"]["questionnaire"], "retail-store-vn-2026@2026.4");
    assert_eq!(b["maturity"]["provisional"], false);
}

#[test]
fn answers_the_till_contradicts_are_flagged_with_the_till_figure() {
    let l = Laptop::new();
    let at = |now: &str| {
        let mut c = l.quay();
        c.env("QUAY_NOW", now);
        c
    };
    at("2026-11-01T08:00:00+07:00")
        .args([
            "init",
            "--name",
            "Tạp hóa Cô Ba",
            "--address",
            "12 Lê Lợi",
            "--ward",
            "Phường Thuận Hóa",
        ])
        .args(["--tax-method", "direct", "--bank", "VCB", "--account", "123"])
        .assert()
        .success();
    at("2026-11-01T08:00:00+07:00")
        .args([
            "products",
            "import",
            concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv"),
        ])
        .assert()
        .success();
    // TRA-CUNG 70 000 by VietQR, MUT-BUOI 60 000 in cash: 53.8 % cashless by value
    for (item, pay) in [("TRA-CUNG", "qr"), ("MUT-BUOI", "cash")] {
        at("2026-11-10T09:00:00+07:00")
            .args(["sell", "--item", item, "--pay", pay])
            .assert()
            .success();
    }
    let form = l.file("form.toml", "KH01 = \"cash_only\"\nHT03 = \"none\"\nKH02 = 10\n");
    let out = at("2026-12-01T08:00:00+07:00")
        .args(["assess", "answer", "retail-store-vn-2026", "--from-till", "--answers"])
        .arg(&form)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("KH01: câu trả lời khác số liệu máy bán hàng (53.8 % không tiền mặt theo giá trị)"),
        "{err}"
    );
    assert!(
        err.contains("HT03: câu trả lời khác số liệu máy bán hàng (2 đơn bán ghi trên máy)"),
        "{err}"
    );
    let md = String::from_utf8_lossy(&out.stdout);
    let row = |id: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {id} |")))
            .unwrap_or("")
            .to_string()
    };
    assert!(
        row("KH01").contains("⚠ khác số liệu máy bán hàng: 53.8 % không tiền mặt theo giá trị"),
        "{md}"
    );
    assert!(
        row("HT03").contains("⚠ khác số liệu máy bán hàng: 2 đơn bán ghi trên máy"),
        "{md}"
    );
    // a typed 10 % does not silently replace the till's 53.8 %: both are shown
    let form = l.file("form2.toml", "KH01 = \"static_qr\"\nKH02 = 10\n");
    let out = at("2026-12-01T08:00:00+07:00")
        .args(["assess", "answer", "retail-store-vn-2026", "--from-till", "--answers"])
        .arg(&form)
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    let kh02 = md.lines().find(|l| l.starts_with("| KH02 |")).unwrap_or("");
    assert!(
        kh02.contains("| 10 % |") && kh02.contains("53.8 % không tiền mặt"),
        "{kh02}"
    );
}

#[test]
fn the_owner_gets_a_one_page_action_plan() {
    let l = Laptop::new();
    let form = l.file("form.toml", &std::fs::read_to_string(CO_BA).unwrap());
    l.quay()
        .env("QUAY_NOW", "2026-11-20T09:00:00+07:00")
        .args(["assess", "answer", "retail-store-vn-2026", "--answers"])
        .arg(&form)
        .args(CO_BA_SHOP)
        .assert()
        .success();
    let out = l
        .quay()
        .args(["assess", "report", "1", "--format", "plan"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("Kế hoạch hành động — Tạp hóa Cô Ba"), "{html}");
    assert!(html.contains("Cửa hàng đang ở mức 2: Bắt đầu"), "{html}");
    assert_eq!(html.matches("<li>").count(), 3, "three actions");
    assert!(html.contains("Ai có thể giúp:"));
    assert!(html.contains("Lần đánh giá tiếp theo: 19/05/2027"), "{html}");
    // it has a receipt printer: nothing tells it to buy one
    assert!(!html.contains("máy in hóa đơn"), "{html}");
}

#[test]
fn the_till_shows_the_payment_methods_used_and_the_backups_beside_the_answers() {
    let l = Laptop::new();
    let at = |now: &str| {
        let mut c = l.quay();
        c.env("QUAY_NOW", now);
        c
    };
    at("2026-11-01T08:00:00+07:00")
        .args(["init", "--name", "Tạp hóa Cô Ba", "--address", "12 Lê Lợi"])
        .args(["--ward", "Phường Thuận Hóa", "--tax-method", "direct"])
        .args(["--bank", "VCB", "--account", "123"])
        .assert()
        .success();
    at("2026-11-01T08:00:00+07:00")
        .args([
            "products",
            "import",
            concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv"),
        ])
        .assert()
        .success();
    // TRA-CUNG 70 000 by VietQR, MUT-BUOI 60 000 in cash, BANH-LOC 50 000 by card
    for (item, pay) in [("TRA-CUNG", "qr"), ("MUT-BUOI", "cash"), ("BANH-LOC", "card")] {
        at("2026-11-10T09:00:00+07:00")
            .args(["sell", "--item", item, "--pay", pay])
            .assert()
            .success();
    }
    let answer = |form: &str| {
        let f = l.file("form.toml", form);
        let out = at("2026-12-01T08:00:00+07:00")
            .args(["assess", "answer", "retail-store-vn-2026", "--from-till", "--answers"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    // no backup yet: "automatic backup" is contradicted, the methods are listed
    let (md, err) = answer("KH01 = \"qr_notify\"\nDL02 = \"auto_cloud\"\n");
    assert!(
        err.contains("DL02: câu trả lời khác số liệu máy bán hàng (0 lần sao lưu trong 30 ngày)"),
        "{err}"
    );
    assert!(
        md.contains("2 phương thức không tiền mặt đã dùng: Chuyển khoản (VietQR) 39 %, Tiền mặt 33 %, Thẻ 28 %"),
        "{md}"
    );
    // after a backup, "no backup" is the contradicted answer
    let copy = l.dir.path().join("copy.quay");
    at("2026-11-28T20:00:00+07:00")
        .args(["backup", "--out"])
        .arg(&copy)
        .assert()
        .success();
    let (md, err) = answer("KH01 = \"qr_notify\"\nDL02 = \"none\"\n");
    assert!(
        err.contains("DL02: câu trả lời khác số liệu máy bán hàng (1 lần sao lưu trong 30 ngày)"),
        "{err}"
    );
    assert!(
        md.contains("⚠ khác số liệu máy bán hàng: 1 lần sao lưu trong 30 ngày"),
        "{md}"
    );
    let (md, err) = answer("KH01 = \"qr_notify\"\nDL02 = \"auto_cloud\"\n");
    assert!(!err.contains("DL02"), "{err}");
    assert!(md.contains("1 lần sao lưu trong 30 ngày, lần cuối 2026-11-28"), "{md}");
}

#[test]
fn the_till_shows_receivings_and_counts_beside_the_stock_questions() {
    let l = Laptop::new();
    let at = |now: &str| {
        let mut c = l.quay();
        c.env("QUAY_NOW", now);
        c
    };
    at("2026-11-01T08:00:00+07:00")
        .args(["init", "--name", "Tạp hóa Cô Ba", "--address", "12 Lê Lợi"])
        .args(["--ward", "Phường Thuận Hóa", "--tax-method", "direct"])
        .args(["--bank", "VCB", "--account", "123"])
        .assert()
        .success();
    at("2026-11-01T08:00:00+07:00")
        .args([
            "products",
            "import",
            concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv"),
        ])
        .assert()
        .success();
    at("2026-11-10T09:00:00+07:00")
        .args(["sell", "--item", "MUT-BUOI", "--pay", "cash"])
        .assert()
        .success();
    let answer = |form: &str| {
        let f = l.file("form.toml", form);
        let out = at("2026-12-01T08:00:00+07:00")
            .args(["assess", "answer", "retail-store-vn-2026", "--from-till", "--answers"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    // "the software deducts stock" with no receiving or count in 90 days
    let (md, err) = answer("VH02 = \"auto_deduct\"\nVH03 = \"pos_receipts\"\n");
    assert!(
        err.contains("VH02: câu trả lời khác số liệu máy bán hàng (0 phiếu nhập hàng hoặc kiểm kê trong kỳ)"),
        "{err}"
    );
    assert!(!err.contains("VH03"), "{err}");
    assert!(
        md.contains("0 phiếu nhập hàng trong kỳ 2026-09-02..2026-11-30: 30 ngày: 0, nhập lần cuối chưa có, 0/24 mặt hàng có giá vốn"),
        "{md}"
    );
    // a receiving and a count on the till
    at("2026-11-01T08:00:00+07:00")
        .args(["stock", "supplier", "add", "--name", "Đại lý Hòa Phát"])
        .assert()
        .success();
    at("2026-10-20T08:00:00+07:00")
        .args([
            "stock",
            "receive",
            "--supplier",
            "Đại lý Hòa Phát",
            "--item",
            "10*MUT-BUOI@40000",
        ])
        .assert()
        .success();
    at("2026-11-25T08:00:00+07:00")
        .args(["stock", "count", "--item", "9*MUT-BUOI"])
        .assert()
        .success();
    // now the reverse: "not tracked" and "purchases not recorded" are flagged
    let (md, err) = answer("VH02 = \"paper\"\nVH03 = \"none\"\n");
    assert!(
        err.contains("VH02: câu trả lời khác số liệu máy bán hàng (2 phiếu nhập hàng hoặc kiểm kê trong kỳ)"),
        "{err}"
    );
    assert!(
        err.contains("VH03: câu trả lời khác số liệu máy bán hàng (1 phiếu nhập hàng trong kỳ)"),
        "{err}"
    );
    let row = |id: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {id} |")))
            .unwrap_or("")
            .to_string()
    };
    assert!(row("VH02").contains("⚠ khác số liệu máy bán hàng"), "{md}");
    // the figures beside the questions, with the last count and the costs
    let (md, err) = answer("VH02 = \"auto_deduct\"\nVH03 = \"pos_receipts\"\n");
    assert!(!err.contains("VH02") && !err.contains("VH03"), "{err}");
    assert!(
        md.contains(
            "nhập hàng 1 (30 ngày: 0), kiểm kê 1 (30 ngày: 1), kiểm kê lần cuối 2026-11-25, 1/24 mặt hàng có giá vốn"
        ),
        "{md}"
    );
    assert!(md.contains("nhập lần cuối 2026-10-20"), "{md}");
}
