//! Shop reports and ward bundles: figures checked against hand-computed
//! values, privacy of bundles, and merging many shops.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

struct Shop {
    dir: tempfile::TempDir,
}

impl Shop {
    fn new(name: &str, extra: &[&str]) -> Shop {
        let s = Shop {
            dir: tempfile::tempdir().unwrap(),
        };
        s.at("2026-11-01T08:00:00+07:00")
            .args([
                "init",
                "--name",
                name,
                "--address",
                "1 Lê Lợi",
                "--ward",
                "Phường Thuận Hóa",
            ])
            .args(["--tax-method", "direct", "--bank", "VCB", "--account", "123"])
            .args(extra)
            .assert()
            .success();
        s.at("2026-11-01T08:00:00+07:00")
            .args([
                "products",
                "import",
                concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv"),
            ])
            .assert()
            .success();
        s
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("shop.quay")
    }

    fn at(&self, now: &str) -> Command {
        let mut c = Command::cargo_bin("quay").unwrap();
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("QUAY_NOW", now)
            .args(["--lang", "en", "--db"])
            .arg(self.db());
        c
    }

    /// Sell SKU×qty paying as given; returns the sale number.
    fn sell(&self, now: &str, items: &[&str], pays: &[&str]) -> i64 {
        let mut c = self.at(now);
        c.arg("sell");
        for i in items {
            c.args(["--item", i]);
        }
        for p in pays {
            c.args(["--pay", p]);
        }
        let out = c.arg("--json").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["number"].as_i64().unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.at("2026-12-05T08:00:00+07:00").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn export(&self, period: &str, out: &Path) {
        self.at("2026-12-05T08:00:00+07:00")
            .args(["ward", "export", "--period", period, "--out"])
            .arg(out)
            .assert()
            .success();
    }
}

/// MAT-ONG 180.000, MUT-BUOI 60.000, NUOC-SUOI 5.000, CAFE-SUA 15.000,
/// MI-GOI 4.500, BANH-LOC 50.000, TRA-CUNG 70.000.
fn sample_month(shop: &Shop) {
    // 2 Nov: cash 60k; VietQR 70k; split card 100k + cash 80k on 180k
    shop.sell("2026-11-02T09:00:00+07:00", &["MUT-BUOI"], &["cash"]);
    shop.sell("2026-11-02T10:00:00+07:00", &["TRA-CUNG"], &["qr"]);
    shop.sell("2026-11-02T11:00:00+07:00", &["MAT-ONG"], &["card@100000", "cash"]);
    // 3 Nov: no sales
    // 4 Nov: MoMo 50k; cash 60k refunded in full; cash 2×50k refunded by half
    shop.sell("2026-11-04T09:00:00+07:00", &["BANH-LOC"], &["wallet:momo"]);
    let e = shop.sell("2026-11-04T10:00:00+07:00", &["MUT-BUOI"], &["cash"]);
    let f = shop.sell("2026-11-04T11:00:00+07:00", &["2*BANH-LOC"], &["cash"]);
    shop.at("2026-11-04T12:00:00+07:00")
        .args(["refund", &e.to_string()])
        .assert()
        .success();
    shop.at("2026-11-05T12:00:00+07:00")
        .args(["refund", &f.to_string(), "--line", "1:1"])
        .assert()
        .success();
    // the last second of November and the first of December, Vietnam time
    shop.sell("2026-11-30T23:59:59+07:00", &["CAFE-SUA"], &["cash"]);
    shop.sell("2026-11-30T17:00:00Z", &["NUOC-SUOI"], &["qr"]);
}

#[test]
fn cashless_figures_match_the_hand_computed_ones() {
    let shop = Shop::new("Tạp hóa Cô Ba", &[]);
    sample_month(&shop);
    let v = shop.json(&[
        "report",
        "cashless",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--by",
        "month",
        "--format",
        "json",
    ]);
    let m = &v["rows"][0];
    assert_eq!(m["period"], "2026-11");
    // counted: 60k, 70k, 180k, 50k, 100k→50k, 15k (the fully refunded sale leaves)
    assert_eq!(m["sales"], 6);
    assert_eq!(m["reversed_sales"], 1);
    assert_eq!(m["value"], 60_000 + 70_000 + 180_000 + 50_000 + 50_000 + 15_000);
    assert_eq!(m["cashless_sales"], 3);
    assert_eq!(m["cashless_value"], 70_000 + 100_000 + 50_000);
    assert_eq!(m["cashless_share_count"], 0.5);
    assert_eq!(m["cashless_share_value"], 220_000.0 / 425_000.0);
    let by: Vec<(String, i64, i64)> = m["by_method"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["method"].as_str().unwrap().to_string(),
                x["count"].as_i64().unwrap(),
                x["value"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by,
        vec![
            ("card".into(), 1, 100_000),
            ("cash".into(), 4, 60_000 + 80_000 + 50_000 + 15_000),
            ("transfer".into(), 1, 70_000),
            ("wallet:momo".into(), 1, 50_000),
        ]
    );
    // by day: 3 November is there, with nothing
    let d = shop.json(&[
        "report",
        "cashless",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-05",
        "--format",
        "json",
    ]);
    let days: Vec<(String, i64)> = d["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["period"].as_str().unwrap().to_string(), r["sales"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        days,
        vec![
            ("2026-11-01".into(), 0),
            ("2026-11-02".into(), 3),
            ("2026-11-03".into(), 0),
            ("2026-11-04".into(), 2),
            ("2026-11-05".into(), 0)
        ]
    );
    // midnight in Vietnam: the 17:00 UTC sale belongs to December
    let dec = shop.json(&[
        "report",
        "cashless",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-31",
        "--by",
        "month",
        "--format",
        "json",
    ]);
    assert_eq!(dec["rows"][0]["sales"], 1);
    assert_eq!(dec["rows"][0]["cashless_share_count"], 1.0);
    // weeks
    let w = shop.json(&[
        "report",
        "cashless",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-08",
        "--by",
        "week",
        "--format",
        "json",
    ]);
    assert_eq!(w["rows"][0]["period"], "2026-W44");
    assert_eq!(w["rows"][1]["period"], "2026-W45");
    assert_eq!(w["rows"][1]["sales"], 5);
}

#[test]
fn bundles_carry_aggregates_only() {
    let shop = Shop::new(
        "Tạp hóa Cô Ba",
        &[
            "--tax-code",
            "3301234567",
            "--invoice-form",
            "2",
            "--invoice-series",
            "AA",
            "--invoice-block",
            "A1B2C",
        ],
    );
    let mut c = shop.at("2026-11-10T09:00:00+07:00");
    c.args(["sell", "--item", "MAT-ONG", "--pay", "cash"])
        .args(["--buyer-name", "Nguyễn Thị Bí Mật", "--buyer-tax-code", "0319999999"])
        .args([
            "--buyer-id",
            "079123456789",
            "--buyer-phone",
            "0987654321",
            "--buyer-address",
            "99 Ngõ Riêng",
        ])
        .assert()
        .success();
    let out = shop.dir.path().join("b.json");
    let csv = shop.dir.path().join("b.csv");
    shop.at("2026-12-01T08:00:00+07:00")
        .args(["ward", "export", "--period", "2026-11", "--out"])
        .arg(&out)
        .arg("--csv")
        .arg(&csv)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap() + &std::fs::read_to_string(&csv).unwrap();
    for secret in [
        "Bí Mật",
        "0319999999",
        "079123456789",
        "0987654321",
        "Ngõ Riêng",
        "MAT-ONG",
        "Mật ong",
        "3301234567",
    ] {
        assert!(!text.contains(secret), "the bundle leaks {secret}");
    }
    let b: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(b["sales"]["invoice_coverage_count"], 1.0);
    assert_eq!(b["schema"], "quay.ward-bundle");
    assert_eq!(b["barcodes"]["active_products"], 24);
    assert_eq!(b["barcodes"]["with_vn_gtin"], 20);
    assert_eq!(b["ocop"]["lines_sold"], 1);
    // the tax code only with the shop's consent
    shop.at("2026-12-01T08:00:00+07:00")
        .args(["ward", "export", "--period", "2026-11", "--share-tax-code", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).unwrap().contains("3301234567"));
}

#[test]
fn ward_totals_are_shares_of_sums_not_averages_of_shares() {
    let dir = tempfile::tempdir().unwrap();
    let a = Shop::new("Cửa hàng A", &[]);
    a.sell("2026-11-02T09:00:00+07:00", &["MUT-BUOI"], &["qr"]); // 60k cashless
    let b = Shop::new("Cửa hàng B", &[]);
    for _ in 0..3 {
        b.sell("2026-11-02T09:00:00+07:00", &["MUT-BUOI"], &["cash"]);
    }
    a.export("2026-11", &dir.path().join("a.json"));
    b.export("2026-11", &dir.path().join("b.json"));
    let html = dir.path().join("ward.html");
    let csv = dir.path().join("ward.csv");
    let json = dir.path().join("ward.json");
    Command::cargo_bin("quay")
        .unwrap()
        .env_clear()
        .args(["--lang", "en", "ward", "merge"])
        .arg(dir.path())
        .arg("--out")
        .arg(&html)
        .arg("--csv")
        .arg(&csv)
        .arg("--json")
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 shops, period 2026-11"))
        .stdout(predicate::str::contains("Cashless (value): 25,0 %"));
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(
        r["total"]["cashless_share_value"], 0.25,
        "60k of 240k, not (100 % + 0 %) / 2"
    );
    assert_eq!(r["median_cashless_share_value"], 0.5);
    assert_eq!(r["cashless_distribution"][0], 1);
    assert_eq!(r["cashless_distribution"][9], 1);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains("<script>") && page.contains("@page{size:A4"));
    assert!(page.contains("class=\"below\""), "shops below target are highlighted");
    let rows = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(rows.lines().count(), 1 + 2 + 1, "header, two shops, total");
}

#[test]
fn bad_bundles_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = Shop::new("Cửa hàng A", &[]);
    a.sell("2026-11-02T09:00:00+07:00", &["MUT-BUOI"], &["qr"]);
    let good = dir.path().join("a.json");
    a.export("2026-11", &good);
    let merge = |args: &[&Path]| {
        let mut c = Command::cargo_bin("quay").unwrap();
        c.env_clear().args(["--lang", "en", "ward", "merge"]);
        for p in args {
            c.arg(p);
        }
        c.assert()
    };
    // one number changed
    let tampered = dir.path().join("tampered.json");
    let text = std::fs::read_to_string(&good)
        .unwrap()
        .replacen("\"sales\": 1", "\"sales\": 7", 1);
    std::fs::write(&tampered, text).unwrap();
    merge(&[&tampered]).code(1).stderr(predicate::str::contains(
        "tampered.json: the SHA-256 checksum does not match",
    ));
    // the same shop twice
    let again = dir.path().join("again.json");
    a.export("2026-11", &again);
    merge(&[&good, &again])
        .code(1)
        .stderr(predicate::str::contains("has two bundles for the same period"));
    let mut c = Command::cargo_bin("quay").unwrap();
    c.env_clear()
        .args(["ward", "merge", "--latest"])
        .arg(&good)
        .arg(&again)
        .assert()
        .success();
    // another period
    let oct = dir.path().join("oct.json");
    a.export("2026-10", &oct);
    let b = Shop::new("Cửa hàng B", &[]);
    let bfile = dir.path().join("b.json");
    b.export("2026-11", &bfile);
    merge(&[&bfile, &oct])
        .code(1)
        .stderr(predicate::str::contains("merge bundles of one period only"));
    // a newer schema
    let newer = dir.path().join("newer.json");
    let text = std::fs::read_to_string(&good)
        .unwrap()
        .replacen("\"schema_version\": 1", "\"schema_version\": 9", 1);
    std::fs::write(&newer, text).unwrap();
    merge(&[&newer])
        .code(1)
        .stderr(predicate::str::contains("schema version 9, this quay reads up to 1"));
    // an empty folder
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    merge(&[&empty])
        .code(1)
        .stderr(predicate::str::contains("no bundles (*.json) to merge"));
    // not a bundle
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{\"a\":1}").unwrap();
    merge(&[&junk])
        .code(1)
        .stderr(predicate::str::contains("junk.json: not a quay ward bundle"));
}

#[test]
fn a_clock_set_back_does_not_hide_sales_from_reports() {
    let shop = Shop::new("Tạp hóa Cô Ba", &[]);
    shop.sell("2026-11-20T09:00:00+07:00", &["MUT-BUOI"], &["qr"]);
    // the machine's date was wrong and is set back a week
    shop.sell("2026-11-13T09:00:00+07:00", &["MUT-BUOI"], &["cash"]);
    shop.sell("2026-11-21T09:00:00+07:00", &["MUT-BUOI"], &["cash"]);
    let v = shop.json(&[
        "report",
        "cashless",
        "--from",
        "2026-11-13",
        "--to",
        "2026-11-13",
        "--format",
        "json",
    ]);
    assert_eq!(v["rows"][0]["sales"], 1);
    let v = shop.json(&[
        "report",
        "cashless",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--by",
        "month",
        "--format",
        "json",
    ]);
    assert_eq!(v["rows"][0]["sales"], 3);
    assert_eq!(v["rows"][0]["cashless_sales"], 1);
}

#[test]
fn an_assessment_on_the_shop_file_uses_till_figures_and_reaches_the_bundle() {
    let shop = Shop::new("Tạp hóa Cô Ba", &[]);
    sample_month(&shop);
    let empty = shop.dir.path().join("form.toml");
    std::fs::write(&empty, "KH01 = \"static_qr\"\n").unwrap();
    let out = shop
        .at("2026-12-01T08:00:00+07:00")
        .args([
            "assess",
            "answer",
            "retail-store-vn-2026",
            "--from-till",
            "--json",
            "--answers",
        ])
        .arg(&empty)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kh02 = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "KH02")
        .unwrap();
    // 220 000 of 425 000 đồng cashless over the 90 days to 30 Nov
    assert_eq!(kh02["answer"], "51.8 %");
    assert!(
        kh02["from_data"]
            .as_str()
            .unwrap()
            .starts_with("pos.cashless_share_value_90d"),
        "{kh02}"
    );
    assert_eq!(
        v["shop"]["name"], "Tạp hóa Cô Ba",
        "the shop profile identifies the shop"
    );
    let ht03 = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "HT03")
        .unwrap();
    assert!(
        ht03["hint"]
            .as_str()
            .unwrap()
            .contains("recorded 6 sales, 2026-09-02..2026-11-30"),
        "{ht03}"
    );
    assert!(ht03["answer"].is_null(), "a hint is not an answer");
    let level = v["level"].as_i64().unwrap();
    let bundle = shop.dir.path().join("b.json");
    shop.export("2026-11", &bundle);
    let b: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
    assert_eq!(b["maturity"]["level"].as_i64(), Some(level));
    assert_eq!(b["maturity"]["questionnaire"], "retail-store-vn-2026@2026.2");
}

#[test]
fn the_cashless_csv_has_a_line_per_period_and_method() {
    let shop = Shop::new("Tạp hóa Cô Ba", &[]);
    sample_month(&shop);
    let out = shop
        .at("2026-12-05T08:00:00+07:00")
        .args([
            "report",
            "cashless",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-03",
            "--by",
            "day",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("period,sales,value,cashless_sales"), "{text}");
    assert_eq!(
        lines[1], "2026-11-01,0,0,0,0,0.0000,0.0000,0,0.0000,0,,,",
        "a day without sales keeps its line"
    );
    assert!(
        lines[2..5]
            .iter()
            .all(|l| l.starts_with("2026-11-02,3,310000,2,170000,")),
        "{text}"
    );
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines.iter().any(|l| l.ends_with(",cash,2,140000")), "{text}");
    assert_eq!(lines.last().unwrap(), &"2026-11-03,0,0,0,0,0.0000,0.0000,0,0.0000,0,,,");
}
