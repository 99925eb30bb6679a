//! A row quay cannot read back is reported, never turned into a default:
//! a line discount, a VAT rate, an invoice's buyer or a Z report damaged in the
//! shop file make the command fail (exit 3) naming what is wrong, where they
//! used to vanish quietly (no discount, "KCT", no buyer, no Z report).

mod common;

use common::Shop;

const DROP_TRIGGERS: &str = "
    DROP TRIGGER sale_lines_no_update; DROP TRIGGER invoices_no_update;
    DROP TRIGGER closed_sessions_frozen;
";

fn tamper(shop: &Shop, sql: &str) {
    let db = rusqlite::Connection::open(shop.db()).unwrap();
    db.execute_batch(DROP_TRIGGERS).unwrap();
    db.execute_batch(sql).unwrap();
}

fn fails_naming(shop: &Shop, args: &[&str], what: &str) {
    let out = shop.quay().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{args:?} should fail; stderr: {stderr}");
    assert!(stderr.contains(what), "{args:?}: stderr should name {what}: {stderr}");
}

#[test]
fn a_damaged_line_discount_is_an_error_not_no_discount() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--discount", "10%", "--pay", "cash:100k"])
        .assert()
        .success();
    tamper(&shop, "UPDATE sale_lines SET discount = '{\"percent\":' WHERE id = 1;");
    fails_naming(&shop, &["sales", "show", "1", "--json"], "sale_lines.discount");
}

#[test]
fn a_damaged_vat_rate_is_an_error_not_kct() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash:100k"])
        .assert()
        .success();
    tamper(&shop, "UPDATE sale_lines SET vat_rate = '7' WHERE id = 1;");
    fails_naming(&shop, &["sales", "show", "1"], "sale_lines.vat_rate");
}

#[test]
fn a_damaged_buyer_block_is_an_error_not_no_buyer() {
    let shop = Shop::invoicing();
    shop.quay()
        .args([
            "sell",
            "--item",
            "MI-GOI",
            "--pay",
            "cash:100k",
            "--buyer-name",
            "Công ty Hoa Sen",
        ])
        .assert()
        .success();
    tamper(&shop, "UPDATE invoices SET buyer = '{\"name\":' WHERE id = 1;");
    fails_naming(&shop, &["sales", "show", "1", "--json"], "invoices.buyer");
}

#[test]
fn a_damaged_z_report_is_named_and_the_command_fails() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["session", "open", "--float", "100k"])
        .assert()
        .success();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash:100k"])
        .assert()
        .success();
    shop.quay()
        .args(["session", "close", "--counted", "100k"])
        .assert()
        .success();
    tamper(
        &shop,
        "UPDATE cash_sessions SET z_report = '{broken' WHERE z_number = 1;",
    );
    let out = shop
        .quay()
        .args(["report", "z", "--date", "2026-07-15"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "stderr: {stderr}");
    assert!(stderr.contains("Z1"), "the damaged report is named: {stderr}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("No Z report"),
        "a damaged report is not 'no report'"
    );
}
