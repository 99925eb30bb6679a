//! The shop file proves itself: with the triggers dropped (as anyone with
//! the file and the sqlite3 tool can do), every edited, deleted or inserted
//! document is named by `quay audit verify`; a rewritten or truncated chain
//! is caught against an anchor that left the shop (a Z report).

use assert_cmd::Command;
use sha2::{Digest, Sha256};

mod common;
use common::Shop;

impl Shop {
    fn sell(&self, n: usize) {
        for _ in 0..n {
            self.quay()
                .args(["sell", "--item", "MI-GOI", "--pay", "cash:100k"])
                .assert()
                .success();
        }
    }

    fn sqlite(&self, sql: &str) {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
        conn.execute_batch(sql).unwrap();
    }

    fn findings(&self) -> Vec<(String, String, String)> {
        let (code, v) = self.json(&["audit", "verify", "--json"]);
        assert_eq!(code, 1, "{v}");
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["kind"].as_str().unwrap().to_string(),
                    d["number"].as_str().unwrap().to_string(),
                    d["change"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

const DROP_TRIGGERS: &str = "
    DROP TRIGGER sales_no_update; DROP TRIGGER sales_no_delete;
    DROP TRIGGER sale_lines_no_update; DROP TRIGGER sale_lines_no_delete;
    DROP TRIGGER payments_no_update; DROP TRIGGER payments_no_delete;
    DROP TRIGGER tax_lines_no_update; DROP TRIGGER tax_lines_no_delete;
    DROP TRIGGER invoices_no_update; DROP TRIGGER invoices_no_delete;
    DROP TRIGGER closed_sessions_frozen;
    DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
    DROP TRIGGER audit_docs_no_update; DROP TRIGGER audit_docs_no_delete;
";

#[test]
fn an_untouched_file_verifies() {
    let shop = Shop::invoicing();
    shop.sell(2);
    let (code, v) = shop.json(&["audit", "verify", "--json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["intact"], true);
    assert!(v["documents_checked"].as_u64().unwrap() > 20);
}

#[test]
fn every_kind_of_document_edited_deleted_or_inserted_is_named() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["session", "open", "--float", "100k"])
        .assert()
        .success();
    shop.sell(4);
    shop.quay()
        .args(["session", "close", "--counted", "0"])
        .assert()
        .success();
    shop.quay()
        .args(["users", "add", "chi", "--role", "manager", "--set-pin", "2468"])
        .assert()
        .success();
    shop.sqlite(DROP_TRIGGERS);
    // sale 1: total, lines and payments changed
    shop.sqlite(
        "UPDATE sales SET total = 1000 WHERE number = 1;
         UPDATE sale_lines SET net = 1000 WHERE sale_id = (SELECT id FROM sales WHERE number = 1);
         UPDATE payments SET amount = 1000 WHERE sale_id = (SELECT id FROM sales WHERE number = 1);",
    );
    // sale 2 deleted whole, with its invoice
    shop.sqlite(
        "DELETE FROM payments WHERE sale_id = (SELECT id FROM sales WHERE number = 2);
         DELETE FROM sale_lines WHERE sale_id = (SELECT id FROM sales WHERE number = 2);
         DELETE FROM invoices WHERE sale_id = (SELECT id FROM sales WHERE number = 2);
         DELETE FROM sales WHERE number = 2;",
    );
    // sale 3's stored invoice XML edited
    shop.sqlite(
        "UPDATE invoices SET xml = CAST(replace(CAST(xml AS TEXT), 'Tạp hóa', 'Tap hoa') AS BLOB)
         WHERE sale_id = (SELECT id FROM sales WHERE number = 3);",
    );
    // the Z report, a PIN hash, a price, the bank account
    shop.sqlite(
        "UPDATE cash_sessions SET z_report = replace(z_report, '\"sales_count\":4', '\"sales_count\":3') WHERE z_number = 1;
         UPDATE users SET pin_hash = 'x' WHERE name = 'chi';
         UPDATE products SET price = 1 WHERE sku = 'MI-GOI';
         UPDATE shop SET bank_account = '999999999';",
    );
    // a sale inserted behind the chain's back
    shop.sqlite(
        "INSERT INTO sales (uuid, number, kind, session_id, ts, business_date, user_name, tax_method,
                            subtotal, discount, total, change)
         SELECT 'fake', 99, 'sale', session_id, ts, business_date, user_name, tax_method, 5, 0, 5, 0
         FROM sales WHERE number = 4;",
    );
    let found = shop.findings();
    let has = |kind: &str, number: &str, change: &str| {
        assert!(
            found.contains(&(kind.into(), number.into(), change.into())),
            "{kind} {number} {change} not in {found:?}"
        );
    };
    has("sale", "1", "edited");
    has("sale", "2", "deleted");
    has("invoice", "2C26MAA-2", "deleted");
    has("invoice", "2C26MAA-3", "edited");
    has("z_report", "1", "edited");
    has("user", "chi", "edited");
    has("product", "MI-GOI", "edited");
    has("profile", "", "edited");
    has("sale", "99", "inserted");
    assert_eq!(found.len(), 9, "{found:?}");
    // and in words
    shop.quay()
        .args(["audit", "verify"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("sale 2: deleted"))
        .stdout(predicates::str::contains("invoice 2C26MAA-3: edited"));
}

#[test]
fn a_digest_forged_in_audit_docs_breaks_the_chain_at_its_row() {
    let shop = Shop::invoicing();
    shop.sell(2);
    shop.sqlite(DROP_TRIGGERS);
    shop.sqlite(
        "UPDATE sales SET total = 1 WHERE number = 1;
         UPDATE audit_docs SET digest = 'forged' WHERE doc = 'sale:1';",
    );
    let (code, v) = shop.json(&["audit", "verify", "--json"]);
    assert_eq!(code, 1);
    assert_eq!(v["first_broken"]["reason"], "docs");
}

/// What someone rewriting the chain would do: recompute every row's hash.
fn rewrite_chain(db: &std::path::Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let rows: Vec<(i64, Vec<String>, Option<String>)> = conn
        .prepare("SELECT seq, ts, actor, action, entity, details, docs_hash FROM audit ORDER BY seq")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                (1..6).map(|i| r.get::<_, String>(i)).collect::<Result<Vec<_>, _>>()?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = "0".repeat(64);
    for (seq, f, dh) in rows {
        let mut h = Sha256::new();
        let seq_s = seq.to_string();
        let mut parts: Vec<&str> = vec![&prev, &seq_s, &f[0], &f[1], &f[2], &f[3], &f[4]];
        if let Some(d) = &dh {
            parts.push("docs");
            parts.push(d);
        }
        for p in parts {
            h.update((p.len() as u64).to_be_bytes());
            h.update(p.as_bytes());
        }
        let hash = hex::encode(h.finalize());
        conn.execute(
            "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn a_rewritten_or_truncated_chain_is_caught_against_a_z_report() {
    let shop = Shop::invoicing();
    shop.sell(3);
    shop.quay()
        .args(["session", "close", "--counted", "0"])
        .assert()
        .success();
    let (code, z) = shop.json(&["report", "z", "--json", "--date", "2026-07-15"]);
    assert_eq!(code, 0);
    let anchor = z["audit_head"].clone();
    assert_eq!(anchor["hash"].as_str().unwrap().len(), 64);
    assert_eq!(z["z_reports"][0]["audit_head"], anchor);
    let zfile = shop.dir.path().join("z.json");
    std::fs::write(&zfile, z.to_string()).unwrap();
    // the printed Z report carries the short form
    let (_, head) = shop.json(&["audit", "head", "--json"]);
    assert!(head["audit_head"]["seq"].as_i64().unwrap() > anchor["seq"].as_i64().unwrap());
    let short = format!("{}:{}", anchor["seq"], &anchor["hash"].as_str().unwrap()[..16]);
    shop.quay()
        .args(["report", "z", "--date", "2026-07-15"])
        .assert()
        .stdout(predicates::str::contains("Audit head"))
        .stdout(predicates::str::contains(short.clone()));
    shop.quay()
        .args(["audit", "verify", "--against"])
        .arg(&zfile)
        .args(["--against", &short])
        .assert()
        .success();

    // rewrite: sale 2 and its audit row edited, every hash recomputed
    let copy = shop.dir.path().join("rewritten.quay");
    std::fs::copy(shop.db(), &copy).unwrap();
    {
        let conn = rusqlite::Connection::open(&copy).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
        conn.execute_batch(DROP_TRIGGERS).unwrap();
        conn.execute_batch("UPDATE audit SET details = '{}' WHERE entity = 'sale:2';")
            .unwrap();
    }
    rewrite_chain(&copy);
    let verify = |db: &std::path::Path, against: &[&std::ffi::OsStr]| {
        let mut c = Command::cargo_bin("quay").unwrap();
        c.env_clear()
            .env("HOME", shop.dir.path())
            .args(["--lang", "en", "--db"])
            .arg(db)
            .args(["audit", "verify", "--json"]);
        for a in against {
            c.arg("--against").arg(a);
        }
        let out = c.output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code().unwrap(), v)
    };
    // without an anchor the rewrite passes: this is what anchors are for
    assert_eq!(verify(&copy, &[]).0, 0);
    let (code, v) = verify(&copy, &[zfile.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(v["anchors"][0]["verdict"], "rewritten");
    let (code, v) = verify(&copy, &[std::ffi::OsStr::new(&short)]);
    assert_eq!(code, 1);
    assert_eq!(v["anchors"][0]["verdict"], "rewritten");

    // truncation: the chain cut back before the anchor
    let cut = shop.dir.path().join("cut.quay");
    std::fs::copy(shop.db(), &cut).unwrap();
    {
        let conn = rusqlite::Connection::open(&cut).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
        conn.execute_batch(DROP_TRIGGERS).unwrap();
        let seq = anchor["seq"].as_i64().unwrap();
        conn.execute_batch(&format!(
            "DELETE FROM audit_docs WHERE seq >= {s}; DELETE FROM audit WHERE seq >= {s};",
            s = seq - 1
        ))
        .unwrap();
    }
    let (code, v) = verify(&cut, &[zfile.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(v["anchors"][0]["verdict"], "truncated");
}

#[test]
fn a_bad_anchor_is_refused_clearly() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["audit", "verify", "--against", "12:abc"])
        .assert()
        .code(2);
    let f = shop.dir.path().join("x.json");
    std::fs::write(&f, "{\"total\": 1}").unwrap();
    shop.quay()
        .args(["audit", "verify", "--against"])
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("audit_head"));
}

#[test]
fn deleting_the_last_sales_with_their_audit_rows_and_rolling_counters_back_is_caught() {
    let shop = Shop::invoicing();
    shop.sell(5);
    shop.sqlite(DROP_TRIGGERS);
    // the attack from the report: last 3 sales, their invoices and audit rows, counters back
    shop.sqlite(
        "DELETE FROM audit_docs WHERE seq IN (SELECT seq FROM audit WHERE entity IN ('sale:3', 'sale:4', 'sale:5'));
         DELETE FROM audit WHERE entity IN ('sale:3', 'sale:4', 'sale:5');
         DELETE FROM payments WHERE sale_id IN (SELECT id FROM sales WHERE number >= 3);
         DELETE FROM sale_lines WHERE sale_id IN (SELECT id FROM sales WHERE number >= 3);
         DELETE FROM tax_lines WHERE sale_id IN (SELECT id FROM sales WHERE number >= 3);
         DELETE FROM stock_moves WHERE sale_id IN (SELECT id FROM sales WHERE number >= 3);
         DELETE FROM print_jobs WHERE sale_id IN (SELECT id FROM sales WHERE number >= 3);
         DELETE FROM invoice_status WHERE invoice_id IN
             (SELECT id FROM invoices WHERE sale_id IN (SELECT id FROM sales WHERE number >= 3));
         DELETE FROM invoices WHERE sale_id IN (SELECT id FROM sales WHERE number >= 3);
         DELETE FROM sales WHERE number >= 3;
         DELETE FROM sale_number_reservations WHERE number >= 3;
         UPDATE invoice_counters SET last_no = 2;
         UPDATE mccqt_counters SET last_seq = 2;",
    );
    let (code, v) = shop.json(&["audit", "verify", "--json"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["first_broken"], serde_json::Value::Null);
    let behind: Vec<String> = v["numbering_behind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap().to_string())
        .collect();
    assert!(behind.contains(&"invoice 2/C26MAA: 2 < 5".to_string()), "{behind:?}");
    assert!(behind.contains(&"sale: 2 < 5".to_string()), "{behind:?}");
    // and the next sale does not reissue numbers 3–5
    let (code, sale) = shop.json(&["sell", "--item", "MI-GOI", "--pay", "cash:100k", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(sale["number"], 6);
    assert_eq!(sale["invoice"]["number"], 6);
}
