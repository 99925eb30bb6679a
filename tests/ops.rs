//! What the person who installs and looks after quay uses: `doctor`,
//! completions, the manual, the version line, and `quay` without a terminal.

use assert_cmd::Command;
use predicates::prelude::*;

mod common;
use common::Shop;

impl Shop {
    /// `quay --db <shop> ARGS` with a private HOME, no inherited settings,
    /// Vietnamese messages and the real clock.
    fn new() -> Shop {
        let s = Shop::empty()
            .vi()
            .real_clock()
            .home_in("home")
            .env("QUAY_USER", "tester");
        s.quay()
            .args([
                "init",
                "--name",
                "Tạp hóa Cô Ba",
                "--address",
                "12 Lê Lợi",
                "--ward",
                "Phường Thuận Hóa",
            ])
            .args(["--tax-method", "direct", "--bank", "VCB", "--account", "0071000123456"])
            .assert()
            .success();
        s
    }

    fn doctor(&self, now: &str) -> (i32, serde_json::Value) {
        let out = self
            .quay()
            .env("QUAY_NOW", now)
            .args(["--lang", "en", "doctor", "--json"])
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code().unwrap(), doc)
    }
}

fn status_of(doc: &serde_json::Value, check: &str) -> String {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == check)
        .unwrap_or_else(|| panic!("no check {check} in {doc}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn doctor_on_a_healthy_shop_with_a_recent_backup_and_a_printer_that_answers() {
    let shop = Shop::new();
    let printer = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let uri = format!("tcp://127.0.0.1:{}", printer.local_addr().unwrap().port());
    shop.quay().args(["init", "--printer", &uri]).assert().success();
    shop.quay()
        .env("QUAY_NOW", "2026-11-20T09:00:00+07:00")
        .args(["backup", "--out"])
        .arg(shop.dir.path().join("b1.quay"))
        .assert()
        .success();
    let (code, doc) = shop.doctor("2026-11-21T09:00:00+07:00");
    assert_eq!(code, 0, "{doc}");
    for check in [
        "shop_file",
        "audit",
        "backup",
        "disk",
        "printer",
        "invoices",
        "clock",
        "network_share",
    ] {
        assert_eq!(status_of(&doc, check), "ok", "{check}: {doc}");
    }
    assert_eq!(doc["status"], "ok");
    assert!(doc["schema_version"].as_i64().unwrap() >= 8);
}

#[test]
fn doctor_warns_about_a_stale_backup_and_fails_on_an_unreachable_printer() {
    let shop = Shop::new();
    shop.quay()
        .env("QUAY_NOW", "2026-11-01T09:00:00+07:00")
        .args(["backup", "--out"])
        .arg(shop.dir.path().join("b1.quay"))
        .assert()
        .success();
    let (code, doc) = shop.doctor("2026-11-21T09:00:00+07:00");
    assert_eq!(status_of(&doc, "backup"), "warn", "{doc}");
    assert_eq!(code, 0, "a warning alone is not a failure: {doc}");

    // Nothing listens on port 1 of the loopback.
    shop.quay()
        .args(["init", "--printer", "tcp://127.0.0.1:1"])
        .assert()
        .success();
    let (code, doc) = shop.doctor("2026-11-21T09:00:00+07:00");
    assert_eq!(status_of(&doc, "printer"), "fail", "{doc}");
    assert_eq!(doc["status"], "fail");
    assert_eq!(code, 1);
    // The table form says what to do, in Vietnamese by default.
    shop.quay()
        .env("QUAY_NOW", "2026-11-21T09:00:00+07:00")
        .arg("doctor")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("máy in 127.0.0.1:1 không trả lời"))
        .stdout(predicate::str::contains("→ cần làm: bật máy in"))
        .stdout(predicate::str::contains("bản sao lưu gần nhất đã 20 ngày"));
}

#[test]
fn doctor_fails_when_the_clock_is_before_the_last_sale() {
    let shop = Shop::new();
    shop.quay()
        .args([
            "products",
            "add",
            "--sku",
            "NUOC",
            "--name",
            "Nước suối",
            "--unit",
            "chai",
            "--price",
            "5000",
            "--vat",
            "10",
        ])
        .assert()
        .success();
    shop.quay()
        .env("QUAY_NOW", "2026-11-21T09:00:00+07:00")
        .args(["sell", "--item", "NUOC", "--pay", "cash", "--no-print"])
        .assert()
        .success();
    let (code, doc) = shop.doctor("2026-11-20T09:00:00+07:00");
    assert_eq!(status_of(&doc, "clock"), "fail", "{doc}");
    assert_eq!(code, 1);
}

#[test]
fn completions_and_manual_pages_are_generated_for_every_shell_and_command() {
    let shop = Shop::new();
    for (shell, needle) in [
        ("bash", "_quay()"),
        ("zsh", "#compdef quay"),
        ("fish", "complete -c quay"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        shop.quay()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(needle));
    }
    shop.quay().args(["completions", "tcsh"]).assert().code(2);
    shop.quay()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH quay 1"));
    let dir = shop.dir.path().join("man");
    shop.quay().args(["man", "--dir"]).arg(&dir).assert().success();
    let sell = std::fs::read_to_string(dir.join("quay-sell.1")).unwrap();
    assert!(sell.contains(r"\fB\-\-item\fR"), "{sell}");
    assert!(dir.join("quay-ward-merge.1").exists());
}

#[test]
fn the_version_line_names_the_shop_file_schema() {
    Command::cargo_bin("quay")
        .unwrap()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^quay \d+\.\d+\.\d+ \(.*schema \d+\)\n$").unwrap());
}

#[test]
fn quay_without_a_terminal_prints_usage_and_exits_2_instead_of_hanging() {
    let shop = Shop::new();
    // assert_cmd gives the child no terminal: stdin is null, stdout a pipe.
    shop.quay()
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("không có terminal"))
        .stderr(predicate::str::contains("quay --help"));
}

#[test]
fn an_older_shop_file_is_copied_before_it_is_upgraded_and_the_user_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.quay");
    // A file as the build before the assessments arrived left it (schema 7).
    quay::store::create_at_schema(&db, 7).unwrap();
    let quay = || {
        let mut c = Command::cargo_bin("quay").unwrap();
        c.env_clear().env("HOME", dir.path().join("home")).arg("--db").arg(&db);
        c
    };
    let out = quay().args(["products", "list"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Đã nâng cấp tệp cửa hàng từ lược đồ 7"), "{err}");
    let copies: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("shop.quay.before-schema-7-"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let old = rusqlite::Connection::open(&copies[0]).unwrap();
    let v: i64 = old.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 7, "the copy is the file as it was");
    // The upgraded file is current and nothing is said the second time.
    let out = quay().args(["--lang", "en", "products", "list"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("Upgraded"), "{err}");
    let now = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = now.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, quay::store::SCHEMA_VERSION);
}

#[test]
fn the_log_file_records_commands_and_errors_but_never_pins_or_arguments() {
    let shop = Shop::new();
    let logs = shop.dir.path().join("logs");
    let run = |args: &[&str]| shop.quay().env("QUAY_LOG_DIR", &logs).args(args).output().unwrap();
    assert!(
        run(&["users", "add", "Ba", "--role", "manager", "--set-pin", "482613"])
            .status
            .success()
    );
    let failed = run(&[
        "sell", "--item", "KHONG-CO", "--pay", "cash", "--user", "Ba", "--pin", "482613",
    ]);
    assert_eq!(failed.status.code(), Some(1));
    let files: Vec<_> = std::fs::read_dir(&logs).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "one file for today: {files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("quay.") && name.ends_with(".log"), "{name}");
    let log = std::fs::read_to_string(&files[0]).unwrap();
    assert!(log.contains("command=quay users add"), "{log}");
    assert!(log.contains("command=quay sell"), "{log}");
    assert!(log.contains("exit=1"), "{log}");
    assert!(
        log.contains("KHONG-CO"),
        "the error message names the unknown code: {log}"
    );
    assert!(!log.contains("482613"), "a PIN reached the log: {log}");
}

#[test]
fn help_pages_follow_the_language_with_an_example_and_clap_errors_too() {
    let quay = || {
        let mut c = Command::cargo_bin("quay").unwrap();
        c.env_clear();
        c
    };
    // Vietnamese by default, every page with an example.
    quay()
        .args(["users", "disable", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Khóa người dùng"))
        .stdout(predicate::str::contains("Cách dùng: quay users disable"))
        .stdout(predicate::str::contains("Ví dụ:\n  quay users disable"))
        .stdout(predicate::str::contains("Who is acting").not())
        .stdout(predicate::str::contains("Options:").not());
    // --lang en and QUAY_LANG=en alike.
    quay()
        .args(["--lang", "en", "sell", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Ring up a sale"))
        .stdout(predicate::str::contains("Examples:\n  quay sell"));
    quay()
        .env("QUAY_LANG", "en")
        .args(["report", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Commands:"));
    // clap's errors: in the chosen language, exit 2.
    quay()
        .args(["sell", "--itme", "x"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("lỗi: không có tùy chọn '--itme' ở đây"))
        .stderr(predicate::str::contains("Xem thêm: quay sell --help"));
    quay()
        .args(["--lang", "en", "sell", "--pay", "cash"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: required arguments were not provided: '--item <CODE[*QTY]>'",
        ));
    // The manual speaks the chosen language too.
    quay()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains("Ví dụ"));
}
