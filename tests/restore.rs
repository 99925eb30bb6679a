//! Backups that never leave a half-written file under their name, and
//! restores that never corrupt the shop file nor reissue a number.

use std::path::{Path, PathBuf};
use std::process::Stdio;

mod common;
use common::Shop;

impl Shop {
    /// Sell one item; returns (sale number, invoice number).
    fn sell(&self) -> (i64, i64) {
        let out = self
            .quay()
            .args(["sell", "--item", "MI-GOI", "--pay", "cash:100k", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            v["number"].as_i64().unwrap(),
            v["invoice"]["number"].as_i64().unwrap_or(-1),
        )
    }

    fn invoice_numbers(&self, db: &Path) -> Vec<i64> {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.prepare("SELECT number FROM invoices ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

#[test]
fn restoring_an_older_backup_over_a_live_wal_corrupts_nothing_and_reissues_no_number() {
    let shop = Shop::invoicing();
    shop.sell();
    shop.sell();
    let backups = shop.dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let old = backups.join("old.quay");
    shop.quay().args(["backup", "--out"]).arg(&old).assert().success();
    for _ in 0..3 {
        shop.sell();
    }
    let issued = shop.invoice_numbers(&shop.db());
    assert_eq!(issued, vec![1, 2, 3, 4, 5]);
    // a till that crashed: its last writes are only in the -wal
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    conn.execute_batch("PRAGMA wal_autocheckpoint = 0; INSERT INTO meta (key, value) VALUES ('crash', 'x');")
        .unwrap();
    std::mem::forget(conn);
    let wal = PathBuf::from(format!("{}-wal", shop.db().display()));
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);

    let out = shop.quay().args(["restore", "--from"]).arg(&old).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("moved to"), "{text}");
    assert!(text.contains("Numbering continues after the highest issued"), "{text}");
    assert_eq!(integrity(&shop.db()), "ok");
    // the old file was moved aside whole, WAL included, and still opens with everything
    let aside: Vec<PathBuf> = std::fs::read_dir(shop.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n.starts_with("shop.quay.before-restore-") && !n.ends_with("-wal") && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(integrity(&aside[0]), "ok");
    assert_eq!(shop.invoice_numbers(&aside[0]), vec![1, 2, 3, 4, 5]);
    // the restored file holds the backup, and the next numbers are new ones
    assert_eq!(shop.invoice_numbers(&shop.db()), vec![1, 2]);
    let (sale, invoice) = shop.sell();
    assert_eq!((sale, invoice), (6, 6));
    shop.quay().args(["audit", "verify"]).assert().success();
}

#[test]
fn a_lost_shop_file_is_restored_and_numbering_still_continues_after_the_mark() {
    let shop = Shop::invoicing();
    shop.sell();
    let backups = shop.dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    shop.quay().args(["backup", "--dir"]).arg(&backups).assert().success();
    shop.sell();
    shop.sell();
    // the disk with the shop file died; only the backup folder is left
    // (its mark was written when the backup was taken, and is older)...
    let copy = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "quay"))
        .unwrap();
    // ...but the mark beside the lost file was copied along with the backups
    let mark = std::fs::read_dir(shop.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("quay-numbers-"))
        .unwrap();
    std::fs::copy(&mark, backups.join(mark.file_name().unwrap())).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", shop.db().display()));
    }
    shop.quay().args(["restore", "--from"]).arg(&copy).assert().success();
    assert_eq!(shop.sell(), (4, 4));
}

#[test]
fn a_backup_that_fails_its_checks_or_another_shops_file_is_not_restored() {
    let shop = Shop::invoicing();
    let junk = shop.dir.path().join("junk.quay");
    std::fs::write(&junk, vec![0u8; 4096]).unwrap();
    shop.quay().args(["restore", "--from"]).arg(&junk).assert().failure();
    // a backup whose audit chain was tampered with
    shop.sell();
    let bak = shop.dir.path().join("b.quay");
    shop.quay().args(["backup", "--out"]).arg(&bak).assert().success();
    {
        let conn = rusqlite::Connection::open(&bak).unwrap();
        conn.execute_batch("DROP TRIGGER sales_no_update; UPDATE sales SET total = 1;")
            .unwrap();
    }
    shop.quay()
        .args(["restore", "--from"])
        .arg(&bak)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("audit"));
    // nothing moved, nothing left behind
    let names: Vec<String> = std::fs::read_dir(shop.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("before-restore") || n.contains("restoring")),
        "{names:?}"
    );
    // another shop's backup over this file
    let other = Shop::invoicing();
    let obak = other.dir.path().join("o.quay");
    other.quay().args(["backup", "--out"]).arg(&obak).assert().success();
    shop.quay().args(["restore", "--from"]).arg(&obak).assert().code(1);
}

#[test]
fn a_killed_backup_never_leaves_a_file_under_the_final_name() {
    let shop = Shop::invoicing();
    for _ in 0..3 {
        shop.sell();
    }
    let dir = shop.dir.path().join("b");
    std::fs::create_dir(&dir).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("quay");
    for i in 0..12u64 {
        let out = dir.join(format!("copy{i}.quay"));
        let mut child = std::process::Command::new(&bin)
            .env_clear()
            .env("HOME", shop.dir.path())
            .args(["--lang", "en", "--db"])
            .arg(shop.db())
            .args(["backup", "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // kill it at a different moment each time
        std::thread::sleep(std::time::Duration::from_millis(i * 3));
        let _ = child.kill();
        let _ = child.wait();
        if out.exists() {
            // only a complete, checked copy ever has the final name
            assert_eq!(integrity(&out), "ok");
            let conn = rusqlite::Connection::open(&out).unwrap();
            let n: i64 = conn.query_row("SELECT count(*) FROM sales", [], |r| r.get(0)).unwrap();
            assert_eq!(n, 3);
        } else {
            // and a leftover never blocks the retry
            shop.quay().args(["backup", "--out"]).arg(&out).assert().success();
            assert_eq!(integrity(&out), "ok");
        }
    }
}

#[test]
fn dated_backups_keep_the_newest_n() {
    let shop = Shop::invoicing();
    let dir = shop.dir.path().join("b");
    std::fs::create_dir(&dir).unwrap();
    for (i, t) in ["08:00:00", "09:00:00", "10:00:00", "11:00:00"].iter().enumerate() {
        let mut c = shop.quay();
        c.env("QUAY_NOW", format!("2026-07-15T{t}+07:00"));
        c.args(["backup", "--dir"])
            .arg(&dir)
            .args(["--keep", "2"])
            .assert()
            .success();
        let copies: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".quay"))
            .collect();
        assert_eq!(copies.len(), (i + 1).min(2), "{copies:?}");
    }
    let mut copies: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".quay"))
        .collect();
    copies.sort();
    assert_eq!(copies, vec!["shop-20260715-100000.quay", "shop-20260715-110000.quay"]);
    shop.quay()
        .args(["backup", "--dir"])
        .arg(&dir)
        .args(["--keep", "0"])
        .assert()
        .code(2);
}

#[test]
fn batched_invoices_in_the_outbox_are_evidence_when_every_mark_is_lost() {
    let shop = Shop::invoicing();
    shop.sell();
    shop.sell();
    let bak = shop.dir.path().join("bak").join("old.quay");
    std::fs::create_dir(bak.parent().unwrap()).unwrap();
    shop.quay().args(["backup", "--out"]).arg(&bak).assert().success();
    for _ in 0..3 {
        shop.sell();
    }
    let outbox = shop.dir.path().join("outbox");
    let out = shop
        .quay()
        .args(["invoice", "batch", "--date", "2026-07-15", "--outbox"])
        .arg(&outbox)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // the shop file and every mark file are gone; the outbox remains
    for dir in [shop.dir.path().to_path_buf(), bak.parent().unwrap().to_path_buf()] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            if n.starts_with("quay-numbers-") || n.starts_with("shop.quay") {
                std::fs::remove_file(&p).unwrap();
            }
        }
    }
    shop.quay()
        .args(["restore", "--from"])
        .arg(&bak)
        .arg("--outbox")
        .arg(&outbox)
        .assert()
        .success()
        .stdout(predicates::str::contains("invoice 2/C26MAA 5"));
    let (_, invoice) = shop.sell();
    assert_eq!(invoice, 6);
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    let code: String = conn
        .query_row("SELECT mccqt FROM invoices ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert!(code.ends_with("-00000000006"), "{code}");
}

#[test]
fn invoice_xml_yields_the_numbers_it_carries() {
    let xml = "<TDiep><HDon><TTChung><KHMSHDon>2</KHMSHDon><KHHDon>C26MAA</KHHDon><SHDon>7</SHDon>\
               <MCCQT>M2-26-A1B2C-00000000009</MCCQT></TTChung></HDon>\
               <HDon><TTChung><KHMSHDon>2</KHMSHDon><KHHDon>C26MAA</KHHDon><SHDon>12</SHDon></TTChung></HDon></TDiep>";
    let m = quay::store::marks_in_invoice_xml(xml, "s");
    assert_eq!(m.invoice.get("2/C26MAA"), Some(&(2026, 12)));
    assert_eq!(m.mccqt.get("A1B2C"), Some(&9));
}

#[test]
fn with_the_shop_file_lost_only_a_manager_of_the_backup_restores_it() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["users", "add", "chi", "--role", "manager", "--set-pin", "2468"])
        .assert()
        .success();
    let bak = shop.dir.path().join("shop-backup.quay");
    shop.quay()
        .args(["backup", "--out"])
        .arg(&bak)
        .args(["--user", "chi", "--pin", "2468"])
        .assert()
        .success();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", shop.db().display()));
    }
    // no PIN, or a wrong one: refused, nothing restored
    let out = shop.quay().args(["restore", "--from"]).arg(&bak).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("manager"));
    let out = shop
        .quay()
        .args(["restore", "--from"])
        .arg(&bak)
        .args(["--user", "chi", "--pin", "1111"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(!shop.db().exists(), "nothing restored without the manager");
    // the backup's manager restores it
    shop.quay()
        .args(["restore", "--from"])
        .arg(&bak)
        .args(["--user", "chi", "--pin", "2468"])
        .assert()
        .success();
    assert!(shop.db().exists());
}
