//! PINs that hold: timed lockout that survives restarts, the first
//! manager's one-time recovery code, and the changes only a manager may make.

mod common;

use common::Shop;

impl Shop {
    fn first_manager(&self) -> String {
        let out = self
            .quay()
            .args(["users", "add", "chi", "--role", "manager", "--set-pin", "2468"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let line = text.lines().find(|l| l.starts_with("RECOVERY CODE for chi: ")).unwrap();
        line.rsplit(' ').next().unwrap().to_string()
    }

    fn try_pin(&self, now: &str, pin: &str) -> (i32, String) {
        let out = self
            .at(now)
            .args(["session", "open", "--float", "0", "--user", "chi", "--pin", pin])
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    }
}

#[test]
fn a_lockout_is_timed_doubles_and_survives_restarts() {
    let shop = Shop::demo();
    shop.first_manager();
    let t0 = "2026-07-15T10:00:00+07:00";
    for i in 1..=4 {
        let (code, err) = shop.try_pin(t0, "0000");
        assert_eq!(code, 1);
        assert!(err.contains(&format!("wrong PIN ({i}/5)")), "{err}");
    }
    let (_, err) = shop.try_pin(t0, "0000");
    assert!(err.contains("wrong PIN (5/5): 'chi' is locked for 5 min 00 s"), "{err}");
    // every new process sees the lock, with the time left, even for the right PIN
    let (code, err) = shop.try_pin("2026-07-15T10:04:00+07:00", "2468");
    assert_eq!(code, 1);
    assert!(err.contains("locked for another 1 min 00 s"), "{err}");
    // after five minutes the right PIN works again...
    let (_, err) = shop.try_pin("2026-07-15T10:05:01+07:00", "2468");
    assert!(!err.contains("PIN") && !err.contains("locked"), "{err}");
    // ...and a right PIN resets the doubling; without one, the next lock is longer
    let t1 = "2026-07-15T11:00:00+07:00";
    for _ in 0..5 {
        shop.try_pin(t1, "0000");
    }
    let (_, err) = shop.try_pin("2026-07-15T11:04:59+07:00", "2468");
    assert!(err.contains("locked for another 0 min 01 s"), "{err}");
    let t2 = "2026-07-15T11:05:00+07:00";
    for _ in 0..5 {
        shop.try_pin(t2, "0000");
    }
    let (_, err) = shop.try_pin("2026-07-15T11:10:00+07:00", "2468");
    assert!(err.contains("locked for another 5 min 00 s"), "{err}");
}

#[test]
fn the_first_manager_recovers_with_the_one_time_code() {
    let shop = Shop::demo();
    let code = shop.first_manager();
    assert_eq!(code.len(), 19, "{code}");
    // a second manager gets no code
    let out = shop
        .quay()
        .args(["users", "add", "lan", "--role", "manager", "--set-pin", "1357"])
        .args(["--user", "chi", "--pin", "2468"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("RECOVERY"));
    for _ in 0..5 {
        shop.try_pin("2026-07-15T10:00:00+07:00", "0000");
    }
    shop.quay()
        .args([
            "users",
            "recover",
            "chi",
            "--code",
            "0000-0000-0000-0000",
            "--set-pin",
            "9999",
        ])
        .assert()
        .code(1);
    let out = shop
        .quay()
        .args([
            "users",
            "recover",
            "chi",
            "--code",
            &code.to_lowercase(),
            "--set-pin",
            "9999",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("RECOVERY CODE for chi: "));
    let (_, err) = shop.try_pin("2026-07-15T10:00:00+07:00", "9999");
    assert!(!err.contains("PIN") && !err.contains("locked"), "{err}");
    // the code worked once
    shop.quay()
        .args(["users", "recover", "chi", "--code", &code, "--set-pin", "1111"])
        .assert()
        .code(1);
}

#[test]
fn once_users_exist_only_a_manager_changes_money_settings_prices_and_backups() {
    let shop = Shop::demo();
    shop.first_manager();
    shop.quay()
        .args(["users", "add", "lan", "--role", "cashier", "--set-pin", "1357"])
        .args(["--user", "chi", "--pin", "2468"])
        .assert()
        .success();
    let bak = shop.dir.path().join("b.quay");
    let bak_s = bak.to_str().unwrap().to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec!["init", "--bank", "VCB", "--account", "999999999"],
        vec!["init", "--printer", "tcp://10.0.0.9:9100"],
        vec!["products", "edit", "MI-GOI", "--price", "1000"],
        vec![
            "products", "add", "--sku", "X-1", "--name", "Trà", "--unit", "gói", "--price", "5000", "--vat", "0",
        ],
        vec!["products", "deactivate", "MI-GOI"],
        vec!["backup", "--out", &bak_s],
    ];
    for args in &cases {
        // no PIN: usage; a cashier's PIN: refused; nothing changes
        shop.quay().args(args).assert().code(2);
        shop.quay()
            .args(args)
            .args(["--user", "lan", "--pin", "1357"])
            .assert()
            .code(1)
            .stderr(predicates::str::contains("not a manager"));
    }
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    let (account, price): (String, i64) = conn
        .query_row(
            "SELECT bank_account, (SELECT price FROM products WHERE sku = 'MI-GOI') FROM shop",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_ne!(account, "999999999");
    assert_ne!(price, 1000);
    assert!(!bak.exists());
    // a manager may, and the audit row names them
    for args in &cases {
        shop.quay()
            .args(args)
            .args(["--user", "chi", "--pin", "2468"])
            .assert()
            .success();
    }
    let actor: String = conn
        .query_row(
            "SELECT actor FROM audit WHERE action = 'profile.save' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actor, "chi");
    shop.quay().args(["restore", "--from", &bak_s]).assert().code(2);
    shop.quay()
        .args(["restore", "--from", &bak_s, "--user", "chi", "--pin", "2468"])
        .assert()
        .success();
}

#[test]
fn an_invoice_status_change_needs_a_manager_once_users_exist() {
    let shop = Shop::demo();
    shop.quay()
        .args(["init", "--tax-code", "3301234567", "--invoice-form", "2"])
        .args(["--invoice-series", "AA", "--invoice-block", "A1B2C"])
        .assert()
        .success();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash:100k"])
        .assert()
        .success();
    shop.first_manager();
    let args = ["invoice", "status", "1", "rejected", "--reason", "sai MST"];
    shop.quay().args(args).assert().code(2);
    shop.quay()
        .args(args)
        .args(["--user", "chi", "--pin", "2468"])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    let actor: String = conn
        .query_row(
            "SELECT actor FROM audit WHERE action = 'invoice.status' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actor, "chi");
}
