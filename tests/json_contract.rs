//! The JSON contract (docs/json.md): every command that takes `--json`
//! prints exactly one JSON document on stdout and nothing else, with
//! snake_case keys, and a `stdout` printer never mixes its bytes into it.

mod common;
use common::Shop;

const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/examples/minimal.toml");
const MOMO: &str = "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8";

/// A demo shop (sample catalogue) in a temp folder.
fn demo() -> Shop {
    Shop::empty().now("2026-03-02T10:00:00+07:00").with_demo()
}

impl Shop {
    /// Run a command that must succeed and print exactly one JSON document.
    fn one(&self, args: &[&str]) -> serde_json::Value {
        let out = self.quay().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        exactly_one_document(args, &out.stdout)
    }
}

/// stdout holds one JSON value and nothing but whitespace around it; every
/// object key in it is snake_case.
fn exactly_one_document(args: &[&str], stdout: &[u8]) -> serde_json::Value {
    let mut values = serde_json::Deserializer::from_slice(stdout).into_iter::<serde_json::Value>();
    let first = match values.next() {
        Some(Ok(v)) => v,
        other => panic!(
            "{args:?}: stdout is not JSON ({other:?}): {}",
            String::from_utf8_lossy(stdout)
        ),
    };
    assert!(
        values.next().is_none(),
        "{args:?}: more than one JSON document or trailing bytes: {}",
        String::from_utf8_lossy(stdout)
    );
    check_keys(args, &first);
    first
}

fn check_keys(args: &[&str], v: &serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                // Maps keyed by data (rates, methods, symbols) are allowed
                // digits and upper case; names never have spaces or dashes.
                assert!(
                    !k.contains(' ') && !k.contains('-') || k.chars().any(|c| c.is_ascii_digit()),
                    "{args:?}: key {k:?} is not snake_case"
                );
                // `lines` is always the lines themselves, never a count.
                assert!(k != "lines" || x.is_array(), "{args:?}: `lines` is not an array: {x}");
                check_keys(args, x);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| check_keys(args, x)),
        _ => {}
    }
}

#[test]
fn every_command_with_json_prints_exactly_one_document() {
    let shop = demo();
    let backup = shop.path("copy.quay");
    let backup_s = backup.to_str().unwrap();
    let csv = shop.path("p.csv");
    std::fs::write(
        &csv,
        "sku,barcode,name,unit,price_vnd,vat_rate,tags\nBANH-TET,,Bánh tét,cái,60000,8,\n",
    )
    .unwrap();
    let csv_s = csv.to_str().unwrap();
    let lp = shop.path("lp0.bin");
    std::fs::write(&lp, b"").unwrap();
    let lp_uri = format!("file:{}", lp.display());
    let answers = shop.path("a.toml");
    std::fs::write(
        &answers,
        "A1 = \"some\"\nA2 = 45\nB1 = [\"x\", \"z\"]\nB2 = \"dont_know\"\n",
    )
    .unwrap();

    shop.one(&["init", "--show", "--json"]);
    shop.one(&["products", "import", csv_s, "--json"]);
    shop.one(&["products", "list", "--format", "json"]);
    shop.one(&["tax", "summary", "--quarter", "2026Q1", "--json"]);
    shop.one(&["tax", "thresholds", "--json"]);
    shop.one(&[
        "tax",
        "channel",
        "add",
        "--channel",
        "shopee",
        "--period",
        "2026-02",
        "--amount",
        "1tr",
        "--json",
    ]);
    shop.one(&["tax", "channel", "list", "--json"]);
    shop.one(&["tax", "book", "--year", "2026", "--format", "json"]);

    let s = shop.one(&["session", "open", "--float", "500k", "--json"]);
    assert_eq!(s["opening_float"], 500_000, "money is integer đồng: {s}");
    let m = shop.one(&[
        "session",
        "cash-in",
        "--amount",
        "100k",
        "--reason",
        "đổi tiền lẻ",
        "--json",
    ]);
    assert_eq!(
        (m["kind"].as_str(), m["amount"].as_i64()),
        (Some("cash_in"), Some(100_000))
    );
    let m = shop.one(&["session", "cash-out", "--amount", "50k", "--reason", "mua đá", "--json"]);
    assert_eq!(
        (m["kind"].as_str(), m["amount"].as_i64()),
        (Some("cash_out"), Some(50_000))
    );

    let sale = shop.one(&["sell", "--item", "MI-GOI", "--pay", "cash:100k", "--json"]);
    let n = sale["number"].as_i64().expect("sale number").to_string();
    shop.one(&["sell", "--item", "BANH-TET", "--pay", "qr", "--json"]);
    shop.one(&["void", "--json"]);
    let list = shop.one(&["sales", "list", "--json"]);
    assert!(list["sales"][0]["line_count"].is_i64(), "{list}");
    shop.one(&["sales", "show", &n, "--json"]);
    shop.one(&["refund", &n, "--json"]);
    let p = shop.one(&["receipt", "print", &n, "--printer", &lp_uri, "--json"]);
    assert_eq!(p["printed"], true);
    assert!(
        std::fs::metadata(&lp).unwrap().len() > 0,
        "the bytes went to the printer file"
    );
    shop.one(&["receipt", "jobs", "--json"]);
    shop.one(&["report", "x", "--json"]);
    shop.one(&[
        "report",
        "cashless",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--format",
        "json",
    ]);
    shop.one(&["report", "summary", "--period", "2026-03", "--json"]);
    shop.one(&["invoice", "list", "--json"]);

    let z = shop.one(&["session", "close", "--counted", "600k", "--json"]);
    assert_eq!(z["counted_cash"], 600_000, "{z}");
    shop.one(&["report", "z", "--json"]);

    shop.one(&["audit", "verify", "--json"]);
    shop.one(&["audit", "head", "--json"]);
    shop.one(&["vietqr", "decode", MOMO, "--json"]);
    shop.one(&[
        "vietqr",
        "encode",
        "--bank",
        "VCB",
        "--account",
        "0071000123456",
        "--amount",
        "45k",
        "--json",
    ]);
    shop.one(&[
        "assess",
        "answer",
        MINIMAL,
        "--answers",
        answers.to_str().unwrap(),
        "--json",
    ]);
    shop.one(&["assess", "list", "--json"]);

    let b = shop.one(&["backup", "--out", backup_s, "--json"]);
    assert_eq!(b["integrity"], "ok");
    shop.one(&["restore", "--from", backup_s, "--json"]);

    // doctor exits 1 when a check fails, but its stdout is still one document
    let out = shop.quay().args(["doctor", "--json"]).output().unwrap();
    exactly_one_document(&["doctor"], &out.stdout);

    let u = shop.one(&[
        "users",
        "add",
        "Hoa",
        "--role",
        "manager",
        "--set-pin",
        "2468",
        "--json",
    ]);
    assert_eq!(u["role"], "manager");
    assert!(
        u["recovery_code"].is_string(),
        "the first manager's code is in the document: {u}"
    );
    let who = ["--user", "Hoa", "--pin", "2468"];
    let add = [&["users", "add", "Lan", "--set-pin", "1357"][..], &who, &["--json"]].concat();
    let u = shop.one(&add);
    assert_eq!(
        (u["role"].as_str(), u["recovery_code"].is_null()),
        (Some("cashier"), true)
    );
    let off = [&["users", "disable", "Lan"][..], &who, &["--json"]].concat();
    assert_eq!(shop.one(&off)["active"], false);
    let on = [&["users", "enable", "Lan"][..], &who, &["--json"]].concat();
    assert_eq!(shop.one(&on)["active"], true);
    shop.one(&["users", "list", "--json"]);
}

#[test]
fn printer_bytes_never_mix_into_the_json_document() {
    let shop = demo();
    shop.quay().args(["init", "--printer", "stdout"]).assert().success();
    // A sale with --json: the receipt for the stdout printer is held back
    // (queued), stdout is the sale's document only.
    let sale = shop.one(&["sell", "--item", "MI-GOI", "--pay", "cash", "--json"]);
    let n = sale["number"].as_i64().unwrap().to_string();
    let jobs = shop.one(&["receipt", "jobs", "--json"]);
    assert!(
        jobs["jobs"].as_array().is_some_and(|j| !j.is_empty()),
        "the receipt waits in the queue: {jobs}"
    );
    shop.one(&["void", "--json"]);
    // Printing to stdout with --json is refused as a usage error.
    let out = shop.quay().args(["receipt", "print", &n, "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--json"));
    // Without --json the bytes still go to stdout as before.
    let out = shop.quay().args(["receipt", "print", &n]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\x1b@"), "ESC @ starts the printer's bytes");
}

#[test]
fn enums_in_json_are_snake_case_not_rust_names() {
    let shop = demo();
    let v = shop.one(&["init", "--show", "--json"]);
    let text = v.to_string();
    assert!(!text.contains("\"Mm80\"") && !text.contains("\"Mm58\""), "{text}");
}

/// The commands added with stock (issue 17), customers and the debt book
/// (issue 18): each prints one JSON document with snake_case keys.
#[test]
fn stock_customers_debt_and_profit_print_one_document_each() {
    let shop = demo();
    // (supplier add, stock reorder and tax group print a line of text only)
    shop.quay()
        .args(["stock", "supplier", "add", "--name", "Đại lý Hòa Phát"])
        .assert()
        .success();
    shop.one(&["stock", "supplier", "list", "--json"]);
    shop.one(&[
        "products",
        "pack",
        "add",
        "MI-GOI",
        "--unit",
        "thùng",
        "--contains",
        "30",
        "--barcode",
        "8936000009991",
        "--price",
        "100k",
        "--json",
    ]);
    let r = shop.one(&[
        "stock",
        "receive",
        "--supplier",
        "Đại lý Hòa Phát",
        "--item",
        "2*8936000009991@90000",
        "--json",
    ]);
    assert!(r.is_object(), "{r}");
    shop.one(&[
        "stock",
        "return",
        "--supplier",
        "Đại lý Hòa Phát",
        "--item",
        "1*MI-GOI@3000",
        "--json",
    ]);
    shop.one(&["stock", "count", "--item", "50*MI-GOI", "--json"]);
    shop.one(&["stock", "adjust", "--item", "-1*MI-GOI", "--reason", "hỏng", "--json"]);
    shop.one(&["stock", "list", "--json"]);
    shop.one(&["stock", "list", "--low", "--json"]);

    shop.one(&[
        "customers",
        "add",
        "--name",
        "Chị Lan",
        "--phone",
        "0912 345 678",
        "--json",
    ]);
    shop.one(&["customers", "list", "--json"]);
    shop.one(&["customers", "show", "Lan", "--json"]);
    shop.one(&["customers", "edit", "Lan", "--limit", "1tr", "--json"]);
    shop.one(&[
        "sell",
        "--item",
        "MI-GOI",
        "--customer",
        "Chị Lan",
        "--pay",
        "debt",
        "--json",
    ]);
    shop.one(&["debt", "pay", "Lan", "--amount", "2k", "--method", "cash", "--json"]);
    shop.one(&["debt", "list", "--json"]);
    let s = shop.one(&["debt", "show", "Lan", "--json"]);
    assert!(s.is_object(), "{s}");

    shop.one(&[
        "report",
        "profit",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--json",
    ]);
    shop.one(&[
        "report",
        "profit",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--by",
        "product",
        "--json",
    ]);
    shop.one(&["report", "cashiers", "--date", "2026-03-02", "--json"]);
}
