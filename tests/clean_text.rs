//! Clean text in, safe text out: control characters and noncharacters are
//! refused in every text field, text already in a file is escaped before it
//! reaches a terminal, and CSV cells never start a spreadsheet formula.

use predicates::prelude::*;

mod common;

use common::Shop;

impl Shop {
    fn refused(&self, args: &[&str], field: &str, code: &str) {
        self.quay()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(field))
            .stderr(predicate::str::contains(code));
    }
}

const TITLE: &str = "Tạp hóa\u{1b}]0;pwned\u{7}";
const CLEAR: &str = "Gạo\u{1b}[2J";

#[test]
fn control_characters_and_noncharacters_are_refused_in_every_text_field() {
    let shop = Shop::demo();
    let audit_rows = || -> i64 {
        let conn = rusqlite::Connection::open(shop.db()).unwrap();
        conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).unwrap()
    };
    let rows = audit_rows();
    shop.refused(&["init", "--name", TITLE], "name", "U+001B at position 8");
    shop.refused(&["init", "--address", "1\u{9b}2J"], "address", "U+009B");
    shop.refused(&["init", "--ward", "x\u{7f}"], "ward", "U+007F");
    shop.refused(
        &["init", "--receipt-footer", "Cảm ơn\u{1b}c"],
        "receipt-footer",
        "U+001B",
    );
    let add = |field: &str, value: &str| {
        let mut a = vec![
            "products", "add", "--sku", "NEW-1", "--name", "Trà", "--unit", "gói", "--price", "5000", "--vat", "0",
        ];
        let i = a.iter().position(|x| *x == field).map(|i| i + 1);
        match i {
            Some(i) => a[i] = value,
            None => {
                a.push(field);
                a.push(value);
            }
        }
        a.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    for (flag, value, field, code) in [
        ("--name", "Trà\u{fffe}", "name", "U+FFFE"),
        ("--name", "\u{ffff}", "name", "U+FFFF"),
        ("--unit", CLEAR, "unit", "U+001B"),
        ("--tags", "khô;a\u{1b}b", "tags", "U+001B"),
    ] {
        let args = add(flag, value);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        shop.refused(&refs, field, code);
    }
    shop.refused(
        &["users", "add", "x\u{1b}[2J", "--role", "manager", "--set-pin", "1234"],
        "user name",
        "U+001B",
    );
    shop.refused(
        &["sell", "--item", "MI-GOI", "--pay", "card:AB\u{1b}[2J"],
        "payment reference",
        "U+001B",
    );
    shop.quay().args(["session", "open"]).assert().success();
    shop.refused(
        &["session", "cash-out", "--amount", "1000", "--reason", "đá\u{7}"],
        "reason",
        "U+0007",
    );
    // nothing was written by any of them (the session open wrote one row)
    assert_eq!(audit_rows(), rows + 1);
}

#[test]
fn text_from_an_older_file_is_escaped_before_it_reaches_the_terminal() {
    let shop = Shop::demo();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash"])
        .assert()
        .success();
    {
        // as an older quay (or a hand edit) may have stored it
        let conn = rusqlite::Connection::open(shop.db()).unwrap();
        conn.execute("UPDATE shop SET name = ?1", [TITLE]).unwrap();
        conn.execute("UPDATE products SET name = ?1 WHERE sku = 'MI-GOI'", [CLEAR])
            .unwrap();
    }
    for args in [
        &["init", "--show"][..],
        &["sales", "show", "1"][..],
        &["products", "list"][..],
    ] {
        let out = shop.quay().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{args:?}: {text:?}"
        );
    }
    shop.quay()
        .args(["init", "--show"])
        .assert()
        .stdout(predicate::str::contains("Tạp hóa\\u{1b}]0;pwned\\u{7}"));
}

#[test]
fn csv_cells_never_start_a_formula() {
    let shop = Shop::demo();
    shop.quay()
        .args([
            "products",
            "add",
            "--sku",
            "F-1",
            "--name",
            "=HYPERLINK(\"http://x\",\"y\")",
        ])
        .args(["--unit", "@gói", "--price", "5000", "--vat", "0", "--tags", "+x;-y"])
        .assert()
        .success();
    let out = shop
        .quay()
        .args(["products", "list", "--search", "F-1", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[2], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(&row[3], "'@gói");
    assert_eq!(&row[6], "'+x;-y");
    assert_eq!(&row[4], "5000");
}
