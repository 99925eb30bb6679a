//! A row quay cannot read back is reported, never turned into a default:
//! a line discount, a VAT rate, an invoice's buyer or a Z report damaged in the
//! shop file make the command fail (exit 3) naming what is wrong, where they
//! used to vanish quietly (no discount, "KCT", no buyer, no Z report).
//! A payment method, a sale's time or date, or an invoice's date or status
//! that does not parse is named the same way (they used to be shown as
//! whatever text the file held).

mod common;

use common::Shop;

const DROP_TRIGGERS: &str = "
    DROP TRIGGER IF EXISTS sale_lines_no_update; DROP TRIGGER IF EXISTS invoices_no_update;
    DROP TRIGGER IF EXISTS closed_sessions_frozen;
    DROP TRIGGER IF EXISTS payments_no_update; DROP TRIGGER IF EXISTS sales_no_update;
    DROP TRIGGER IF EXISTS debt_payments_no_update;
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

#[test]
fn a_damaged_payment_method_is_an_error_naming_the_column() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash:100k"])
        .assert()
        .success();
    tamper(&shop, "UPDATE payments SET method = 'bitcoin' WHERE id = 1;");
    fails_naming(&shop, &["sales", "show", "1", "--json"], "payments.method");
    fails_naming(&shop, &["sales", "show", "1"], "bitcoin");
}

#[test]
fn a_damaged_sale_time_or_date_is_an_error_naming_the_column() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash:100k"])
        .assert()
        .success();
    tamper(&shop, "UPDATE sales SET ts = '23/11/2026 18:30' WHERE id = 1;");
    fails_naming(&shop, &["sales", "show", "1", "--json"], "sales.ts");
    fails_naming(
        &shop,
        &["sales", "list", "--from", "2026-01-01", "--to", "2026-12-31"],
        "sales.ts",
    );
    tamper(
        &shop,
        "UPDATE sales SET ts = '2026-07-15T09:00:00+07:00', business_date = '2026-7-15' WHERE id = 1;",
    );
    fails_naming(&shop, &["sales", "show", "1"], "sales.business_date");
}

#[test]
fn a_damaged_invoice_date_or_status_is_an_error_naming_the_column() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash:100k"])
        .assert()
        .success();
    tamper(&shop, "UPDATE invoices SET issued_on = '15/07/2026' WHERE id = 1;");
    fails_naming(&shop, &["sales", "show", "1", "--json"], "invoices.issued_on");
    tamper(
        &shop,
        "UPDATE invoices SET issued_on = '2026-07-15' WHERE id = 1;
         PRAGMA ignore_check_constraints = ON;
         UPDATE invoice_status SET status = 'lost' WHERE invoice_id = 1;",
    );
    fails_naming(&shop, &["sales", "show", "1", "--json"], "invoice_status.status");
}

#[test]
fn a_damaged_debt_payment_or_session_time_is_an_error_naming_the_column() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["customers", "add", "--name", "Chị Lan", "--phone", "0912345678"])
        .assert()
        .success();
    shop.quay()
        .args([
            "sell",
            "--item",
            "MI-GOI",
            "--customer",
            "Lan",
            "--pay",
            "debt",
            "--no-print",
        ])
        .assert()
        .success();
    shop.quay()
        .args(["debt", "pay", "Lan", "--amount", "1000", "--method", "cash"])
        .assert()
        .success();
    tamper(&shop, "UPDATE debt_payments SET method = 'chuyen' WHERE id = 1;");
    fails_naming(&shop, &["debt", "show", "Lan", "--json"], "debt_payments.method");
    tamper(&shop, "UPDATE cash_sessions SET opened_at = 'sáng nay' WHERE id = 1;");
    fails_naming(&shop, &["report", "x", "--json"], "cash_sessions.opened_at");
}

#[test]
fn a_damaged_business_date_stops_the_tax_thresholds_instead_of_dropping_the_day() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash:100k"])
        .assert()
        .success();
    // still inside the year to date when compared as text, so the row is read
    tamper(&shop, "UPDATE sales SET business_date = '2026-07-0x' WHERE id = 1;");
    fails_naming(&shop, &["tax", "thresholds", "--json"], "sales.business_date");
}
