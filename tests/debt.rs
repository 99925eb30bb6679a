//! Customers and the debt book (issue 18): hand-computed cases through the
//! real binary, and every bad input refused with nothing written.

mod common;

use common::Shop;
use serde_json::Value;

impl Shop {
    fn lan(&self) {
        let (code, v) = self.json(&[
            "customers",
            "add",
            "--name",
            "Chị Lan",
            "--phone",
            "0912 345 678",
            "--json",
        ]);
        assert_eq!(code, 0, "{v}");
        assert_eq!(v["customer"]["code"], "KH00001");
        assert_eq!(v["customer"]["phone"], "0912345678");
    }

    fn json_at(&self, now: &str, args: &[&str]) -> (i32, Value) {
        let out = self.quay().env("QUAY_NOW", now).args(args).output().unwrap();
        let v = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{args:?}: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code().unwrap_or(-1), v)
    }

    fn balance(&self, who: &str) -> i64 {
        let (code, v) = self.json(&["debt", "show", who, "--json"]);
        assert_eq!(code, 0, "{v}");
        v["balance"].as_i64().unwrap()
    }

    fn month(&self) -> Value {
        let (code, v) = self.json(&[
            "report",
            "cashless",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
            "--by",
            "month",
            "--format",
            "json",
        ]);
        assert_eq!(code, 0);
        v["rows"][0].clone()
    }

    fn stderr_of(&self, args: &[&str]) -> (i32, String) {
        let out = self.quay().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

#[test]
fn lan_buys_100k_on_debt_pays_60k_by_transfer() {
    let shop = Shop::invoicing();
    shop.lan();
    // 2 × 50.000 ₫ on Chị Lan's account
    let (code, sale) = shop.json(&[
        "sell",
        "--item",
        "2*BANH-LOC",
        "--customer",
        "Chị Lan",
        "--pay",
        "debt",
        "--no-print",
        "--json",
    ]);
    assert_eq!(code, 0, "{sale}");
    assert_eq!(sale["total"], 100_000);
    assert_eq!(sale["payments"][0]["method"], "debt");
    assert_eq!(sale["payments"][0]["reference"], "KH00001");
    assert_eq!(shop.balance("0912345678"), 100_000);
    // before any payment the sale is outside the share entirely
    let m = shop.month();
    assert_eq!(m["value"], 0);
    assert_eq!(m["debt_outstanding"], 100_000);

    let (code, p) = shop.json(&["debt", "pay", "Lan", "--amount", "60k", "--method", "qr", "--json"]);
    assert_eq!(code, 0, "{p}");
    assert_eq!(p["payment"]["method"], "transfer");
    assert_eq!(p["payment"]["amount"], 60_000);
    assert_eq!(p["balance"], 40_000);
    assert_eq!(shop.balance("KH00001"), 40_000);

    // the month: 60.000 ₫ paid by transfer counts, 40.000 ₫ stays outside
    let m = shop.month();
    assert_eq!(m["sales"], 1);
    assert_eq!(m["value"], 60_000);
    assert_eq!(m["cashless_value"], 60_000);
    assert_eq!(m["cashless_sales"], 1);
    assert_eq!(m["cashless_share_value"], 1.0);
    assert_eq!(m["debt_outstanding"], 40_000);
    let methods: Vec<&str> = m["by_method"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["transfer"]);
    // the shop's table shows the unpaid debt on its own line, outside the share
    let out = shop
        .quay()
        .args([
            "report",
            "cashless",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
            "--by",
            "month",
        ])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table
            .lines()
            .any(|l| l.contains("Unpaid debt*") && l.contains("40.000")),
        "{table}"
    );
    assert!(table.contains("outside the value and the cashless share"), "{table}");
    // the shop's summary (what the ward bundle carries) agrees
    let (code, s) = shop.json(&["report", "summary", "--period", "2026-07", "--json"]);
    assert_eq!(code, 0, "{s}");
    let text = s.to_string();
    assert!(text.contains("\"cashless_value\":60000"), "{text}");
    assert!(text.contains("\"value\":60000"), "{text}");

    // the statement shows the sale, the payment and the running balance
    let (_, st) = shop.json(&["debt", "show", "Chị Lan", "--json"]);
    let h = st["history"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0]["kind"].as_str(), h[0]["balance"].as_i64()),
        (Some("sale"), Some(100_000))
    );
    assert_eq!(
        (h[1]["kind"].as_str(), h[1]["balance"].as_i64()),
        (Some("payment"), Some(40_000))
    );
    let out = shop.quay().args(["debt", "show", "Lan"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("DEBT STATEMENT KH00001 Chị Lan"), "{text}");
    assert!(text.contains("Balance: 40.000"), "{text}");
}

#[test]
fn refund_of_a_debt_sale_reduces_the_debt_first() {
    let shop = Shop::invoicing();
    shop.lan();
    let (code, _) = shop.json(&[
        "sell",
        "--item",
        "2*BANH-LOC",
        "--customer",
        "KH00001",
        "--pay",
        "debt",
        "--no-print",
        "--json",
    ]);
    assert_eq!(code, 0);
    shop.json(&["debt", "pay", "Lan", "--amount", "70000", "--method", "cash", "--json"]);
    assert_eq!(shop.balance("Lan"), 30_000);
    // one of the two packs back (50.000 ₫): 30.000 ₫ still owed come off
    // the account, only 20.000 ₫ is handed back
    let (code, r) = shop.json(&["refund", "1", "--line", "1:1", "--json"]);
    assert_eq!(code, 0, "{r}");
    let pays = r["payments"].as_array().unwrap();
    assert_eq!(pays.len(), 2, "{r}");
    assert_eq!(
        (pays[0]["method"].as_str(), pays[0]["amount"].as_i64()),
        (Some("debt"), Some(-30_000))
    );
    assert_eq!(
        (pays[1]["method"].as_str(), pays[1]["amount"].as_i64()),
        (Some("cash"), Some(-20_000))
    );
    assert_eq!(shop.balance("Lan"), 0);
    // the month: 70.000 ₫ paid in cash, 20.000 ₫ of it handed back
    let m = shop.month();
    assert_eq!(m["value"], 50_000);
    assert_eq!(m["cashless_value"], 0);
    assert_eq!(m["debt_outstanding"], 0);
    // nobody owes anything now; a further payment is refused
    let (code, err) = shop.stderr_of(&["debt", "pay", "Lan", "--amount", "1000", "--method", "cash"]);
    assert_eq!(code, 1);
    assert!(err.contains("owes nothing"), "{err}");
}

#[test]
fn aged_list_over_three_months() {
    let shop = Shop::invoicing();
    shop.lan();
    shop.json(&[
        "customers",
        "add",
        "--name",
        "Anh Tuấn",
        "--phone",
        "+84 38 555 1234",
        "--json",
    ]);
    let sell = |now: &str, who: &str, item: &str| {
        let (code, v) = shop.json_at(
            now,
            &[
                "sell",
                "--item",
                item,
                "--customer",
                who,
                "--pay",
                "debt",
                "--no-print",
                "--json",
            ],
        );
        assert_eq!(code, 0, "{v}");
    };
    sell("2026-05-10T09:00:00+07:00", "Lan", "BANH-LOC"); // 50.000
    sell("2026-06-20T09:00:00+07:00", "Lan", "TOM-CHUA"); // 90.000
    sell("2026-07-14T09:00:00+07:00", "Lan", "MI-GOI"); // 4.500
    sell("2026-07-01T09:00:00+07:00", "0385551234", "DUONG"); // 24.000
    // Lan pays 60.000: the May sale (50.000) and 10.000 of June's
    let (code, p) = shop.json(&["debt", "pay", "Lan", "--amount", "60000", "--method", "card", "--json"]);
    assert_eq!(code, 0, "{p}");
    assert_eq!(p["payment"]["settles"], serde_json::json!([[1, 50_000], [2, 10_000]]));
    let (code, aged) = shop.json_at("2026-08-15T09:00:00+07:00", &["debt", "list", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(aged["total"], 80_000 + 4_500 + 24_000);
    let rows = aged["customers"].as_array().unwrap();
    assert_eq!(rows[0]["name"], "Chị Lan");
    assert_eq!(rows[0]["balance"], 84_500);
    // oldest unpaid: the June sale, 56 days before 15 August
    assert_eq!(rows[0]["since"], "2026-06-20");
    assert_eq!(rows[0]["days"], 56);
    assert_eq!(
        rows[0]["by_age"],
        serde_json::json!([["0-30", 0], ["31-60", 84_500], ["61-90", 0], ["90+", 0]])
    );
    assert_eq!(rows[1]["name"], "Anh Tuấn");
    assert_eq!(rows[1]["days"], 45);
    // in October the June debt is over 90 days old
    let (_, aged) = shop.json_at("2026-10-01T09:00:00+07:00", &["debt", "list", "--json"]);
    assert_eq!(
        aged["customers"][0]["by_age"],
        serde_json::json!([["0-30", 0], ["31-60", 0], ["61-90", 4_500], ["90+", 80_000]])
    );
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let shop = Shop::invoicing();
    // a phone that is not Vietnamese
    let (code, err) = shop.stderr_of(&["customers", "add", "--name", "Bác Hùng", "--phone", "+1 415 555 0100"]);
    assert_eq!(code, 1);
    assert!(err.contains("not a Vietnamese number"), "{err}");
    let (_, list) = shop.json(&["customers", "list", "--json"]);
    assert_eq!(list["customers"], serde_json::json!([]));
    shop.lan();
    // the same phone twice
    let (code, err) = shop.stderr_of(&["customers", "add", "--name", "Lan khác", "--phone", "0912345678"]);
    assert_eq!(code, 1);
    assert!(err.contains("already belongs to customer KH00001"), "{err}");
    // debt without a customer
    let (code, err) = shop.stderr_of(&["sell", "--item", "BANH-LOC", "--pay", "debt", "--no-print"]);
    assert_eq!(code, 1);
    assert!(err.contains("needs a customer"), "{err}");
    // an unknown customer
    let (code, err) = shop.stderr_of(&["sell", "--item", "BANH-LOC", "--customer", "Hồng", "--pay", "debt"]);
    assert_eq!(code, 1);
    assert!(err.contains("no customer matches 'Hồng'"), "{err}");
    let (_, sales) = shop.json(&["sales", "list", "--json"]);
    assert_eq!(sales["sales"], serde_json::json!([]));
    // a payment larger than the balance (advances are not recorded)
    shop.json(&[
        "sell",
        "--item",
        "BANH-LOC",
        "--customer",
        "Lan",
        "--pay",
        "debt",
        "--no-print",
        "--json",
    ]);
    let (code, err) = shop.stderr_of(&["debt", "pay", "Lan", "--amount", "60000", "--method", "cash"]);
    assert_eq!(code, 1);
    assert!(err.contains("larger than the balance 50.000"), "{err}");
    assert_eq!(shop.balance("Lan"), 50_000);
    // debt is not a way to pay a debt; an unknown method is a usage error
    let (code, _) = shop.stderr_of(&["debt", "pay", "Lan", "--amount", "1000", "--method", "debt"]);
    assert_eq!(code, 2);
    let (_, st) = shop.json(&["debt", "show", "Lan", "--json"]);
    assert_eq!(st["payments"], serde_json::json!([]));
}

#[test]
fn a_limit_needs_a_manager_when_exceeded() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["users", "add", "Hoa", "--role", "manager", "--set-pin", "2468"])
        .assert()
        .success();
    shop.quay()
        .args(["users", "add", "Minh", "--role", "cashier", "--set-pin", "1357"])
        .args(["--user", "Hoa", "--pin", "2468"])
        .assert()
        .success();
    let (code, v) = shop.json(&[
        "customers",
        "add",
        "--name",
        "Chị Lan",
        "--phone",
        "0912345678",
        "--limit",
        "100k",
        "--user",
        "Hoa",
        "--pin",
        "2468",
        "--json",
    ]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["customer"]["debt_limit"], 100_000);
    // a cashier cannot set a limit
    let (code, _) = shop.stderr_of(&[
        "customers",
        "edit",
        "Lan",
        "--limit",
        "1tr",
        "--user",
        "Minh",
        "--pin",
        "1357",
    ]);
    assert_eq!(code, 1);
    let cashier = ["--user", "Minh", "--pin", "1357"];
    let sell = |item: &str, extra: &[&str]| {
        let mut args = vec![
            "sell",
            "--item",
            item,
            "--customer",
            "Lan",
            "--pay",
            "debt",
            "--no-print",
        ];
        args.extend_from_slice(&cashier);
        args.extend_from_slice(extra);
        shop.stderr_of(&args)
    };
    assert_eq!(sell("TOM-CHUA", &[]).0, 0); // 90.000 ≤ 100.000
    let (code, err) = sell("11*BAO-NILON", &[]); // 90.000 + 11.000 > 100.000
    assert_eq!(code, 1);
    assert!(err.contains("over the limit 100.000"), "{err}");
    assert_eq!(shop.balance("Lan"), 90_000);
    // with the manager's PIN it goes through
    let (code, err) = sell("11*BAO-NILON", &["--manager", "Hoa", "--manager-pin", "2468"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(shop.balance("Lan"), 101_000);
}

#[test]
fn customers_are_found_by_phone_code_or_folded_name() {
    let shop = Shop::invoicing();
    shop.lan();
    let (code, v) = shop.json(&[
        "customers",
        "add",
        "--name",
        "Nguyễn Văn Đức",
        "--phone",
        "028 3822 1234",
        "--address",
        "5 Hai Bà Trưng",
        "--tax-code",
        "0312345678",
        "--json",
    ]);
    assert_eq!(code, 0, "{v}");
    for key in ["duc", "Nguyen Duc", "02838221234", "1234", "kh00002"] {
        let (code, v) = shop.json(&["customers", "show", key, "--json"]);
        assert_eq!(code, 0, "{key}: {v}");
        assert_eq!(v["customer"]["code"], "KH00002", "{key}");
    }
    let (code, v) = shop.json(&["customers", "edit", "Đức", "--phone", "0987654321", "--json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["customer"]["phone"], "0987654321");
    assert_eq!(v["customer"]["tax_code"], "0312345678");
    // the customer's details fill the invoice buyer block
    let (code, sale) = shop.json(&[
        "sell",
        "--item",
        "BANH-LOC",
        "--customer",
        "0987654321",
        "--pay",
        "cash",
        "--invoice",
        "--no-print",
        "--json",
    ]);
    assert_eq!(code, 0, "{sale}");
    let text = sale.to_string();
    assert!(text.contains("Nguyễn Văn Đức") && text.contains("0312345678"), "{text}");
}

#[test]
fn cash_rounding_12300_to_500_and_1000_with_its_own_line() {
    let shop = Shop::invoicing();
    shop.quay()
        .args([
            "products",
            "add",
            "--sku",
            "KEO",
            "--name",
            "Kẹo dừa",
            "--unit",
            "gói",
            "--price",
            "12300",
            "--vat",
            "8",
        ])
        .assert()
        .success();
    // a setting other than 0/500/1000 is refused, nothing changes
    let (code, err) = shop.stderr_of(&["init", "--cash-rounding", "200"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'--cash-rounding <0|500|1000>'; accepted values: 0, 500, 1000"),
        "{err}"
    );
    let (_, s) = shop.json(&["sell", "--item", "KEO", "--pay", "cash:20000", "--no-print", "--json"]);
    assert_eq!(s["payments"].as_array().unwrap().len(), 1, "{s}");

    shop.quay().args(["init", "--cash-rounding", "500"]).assert().success();
    let (code, s) = shop.json(&["sell", "--item", "KEO", "--pay", "cash:20000", "--no-print", "--json"]);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["total"], 12_300);
    assert_eq!(s["payments"][0]["amount"], 12_500);
    assert_eq!(
        (s["payments"][1]["method"].as_str(), s["payments"][1]["amount"].as_i64()),
        (Some("rounding"), Some(-200))
    );
    assert_eq!(s["change"], 7_500);
    let out = shop.quay().args(["receipt", "preview", "2"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(|l| l.starts_with("Rounding") && l.contains("-200")),
        "{text}"
    );

    shop.quay().args(["init", "--cash-rounding", "1000"]).assert().success();
    let (_, s) = shop.json(&["sell", "--item", "KEO", "--pay", "cash", "--no-print", "--json"]);
    assert_eq!(s["payments"][0]["amount"], 12_000);
    assert_eq!(s["payments"][0]["tendered"], 12_000);
    assert_eq!(s["change"], 0);
    assert_eq!(s["payments"][1]["amount"], 300);
    // a card payment is never rounded
    let (_, s) = shop.json(&["sell", "--item", "KEO", "--pay", "card", "--no-print", "--json"]);
    assert_eq!(s["payments"].as_array().unwrap().len(), 1);
    assert_eq!(s["payments"][0]["amount"], 12_300);
    // the month counts the sales at their value, the rounding with the cash
    let m = shop.month();
    assert_eq!(m["value"], 4 * 12_300);
    assert_eq!(m["cashless_value"], 12_300);
    // the X report shows the rounding as its own line: +300 − 200
    let out = shop.quay().args(["report", "x"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains("Rounding (2)") && l.trim_end().ends_with("₫") && l.contains(" 100")),
        "{text}"
    );
}

#[test]
fn end_of_day_summary_per_cashier() {
    let shop = Shop::invoicing();
    shop.lan();
    shop.quay()
        .args(["users", "add", "Hoa", "--role", "manager", "--set-pin", "2468"])
        .assert()
        .success();
    shop.quay()
        .args(["users", "add", "Minh", "--role", "cashier", "--set-pin", "1357"])
        .args(["--user", "Hoa", "--pin", "2468"])
        .assert()
        .success();
    let minh = ["--user", "Minh", "--pin", "1357", "--no-print", "--json"];
    let hoa = ["--user", "Hoa", "--pin", "2468", "--no-print", "--json"];
    let run = |args: &[&str], who: &[&str]| {
        let mut a = args.to_vec();
        a.extend_from_slice(who);
        let (code, v) = shop.json(&a);
        assert_eq!(code, 0, "{args:?}: {v}");
    };
    run(&["sell", "--item", "2*BANH-LOC", "--pay", "cash"], &minh); // 100.000 cash
    run(
        &["sell", "--item", "TOM-CHUA", "--customer", "Lan", "--pay", "debt"],
        &minh,
    ); // 90.000 debt
    run(
        &["sell", "--item", "BANH-LOC", "--discount", "5000", "--pay", "card"],
        &hoa,
    ); // 45.000 card
    run(
        &[
            "refund",
            "1",
            "--line",
            "1:1",
            "--manager",
            "Hoa",
            "--manager-pin",
            "2468",
            "--json",
        ],
        &minh[..4],
    );
    let (code, v) = shop.json(&[
        "debt", "pay", "Lan", "--amount", "40000", "--method", "cash", "--user", "Hoa", "--pin", "2468", "--json",
    ]);
    assert_eq!(code, 0, "{v}");
    let (code, r) = shop.json(&["report", "cashiers", "--date", "2026-07-15", "--json"]);
    assert_eq!(code, 0, "{r}");
    let c = r["cashiers"].as_array().unwrap();
    assert_eq!(c.len(), 2);
    let (hoa, minh) = (&c[0], &c[1]);
    assert_eq!(
        (hoa["user"].as_str(), minh["user"].as_str()),
        (Some("Hoa"), Some("Minh"))
    );
    assert_eq!(
        (minh["sales"].as_i64(), minh["sales_total"].as_i64()),
        (Some(2), Some(190_000))
    );
    assert_eq!(
        minh["by_method"],
        serde_json::json!([{"method": "cash", "count": 1, "amount": 100_000}, {"method": "debt", "count": 1, "amount": 90_000}])
    );
    assert_eq!(
        (minh["refunds"].as_i64(), minh["refunds_total"].as_i64()),
        (Some(1), Some(-50_000))
    );
    assert_eq!(minh["voids"], 0);
    assert_eq!(
        (hoa["sales"].as_i64(), hoa["discounts"].as_i64()),
        (Some(1), Some(5_000))
    );
    assert_eq!(
        hoa["debt_payments"],
        serde_json::json!([{"method": "cash", "count": 1, "amount": 40_000}])
    );
    let out = shop
        .quay()
        .args(["report", "cashiers", "--date", "2026-07-15"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("SUMMARY BY CASHIER 2026-07-15") && text.contains("On account"),
        "{text}"
    );
}

#[test]
fn an_unknown_barcode_is_added_and_sold_at_once() {
    let shop = Shop::invoicing();
    let (code, s) = shop.json(&[
        "sell",
        "--item",
        "2*8935000099995",
        "--new-item",
        "Bánh quy bơ;gói;25k;8",
        "--pay",
        "cash",
        "--no-print",
        "--json",
    ]);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["total"], 50_000);
    assert_eq!(s["lines"][0]["name"], "Bánh quy bơ");
    // it is in the catalogue now, and sells like any other
    let (code, s) = shop.json(&[
        "sell",
        "--item",
        "8935000099995",
        "--pay",
        "cash",
        "--no-print",
        "--json",
    ]);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["total"], 25_000);
    // a cashier cannot add one without a manager: nothing written
    shop.quay()
        .args(["users", "add", "Hoa", "--role", "manager", "--set-pin", "2468"])
        .assert()
        .success();
    shop.quay()
        .args(["users", "add", "Minh", "--role", "cashier", "--set-pin", "1357"])
        .args(["--user", "Hoa", "--pin", "2468"])
        .assert()
        .success();
    let base = [
        "sell",
        "--item",
        "8935000011119",
        "--new-item",
        "Kẹo;gói;5000;8",
        "--pay",
        "cash",
        "--no-print",
    ];
    let mut args = base.to_vec();
    args.extend(["--user", "Minh", "--pin", "1357"]);
    let (code, err) = shop.stderr_of(&args);
    assert_eq!(code, 1);
    assert!(err.contains("needs a manager"), "{err}");
    let (_, list) = shop.json(&["products", "list", "--search", "8935000011119", "--format", "json"]);
    assert!(!list.to_string().contains("8935000011119"), "{list}");
    args.extend(["--manager", "Hoa", "--manager-pin", "2468", "--json"]);
    let (code, s) = shop.json(&args);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["lines"][0]["name"], "Kẹo");
}

#[test]
fn a_price_override_needs_a_reason_and_a_manager_above_the_threshold() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["users", "add", "Hoa", "--role", "manager", "--set-pin", "2468"])
        .assert()
        .success();
    shop.quay()
        .args(["users", "add", "Minh", "--role", "cashier", "--set-pin", "1357"])
        .args(["--user", "Hoa", "--pin", "2468"])
        .assert()
        .success();
    let sell = |ov: &str, extra: &[&str]| {
        let mut a = vec![
            "sell",
            "--item",
            "MI-GOI",
            "--item",
            "BANH-LOC",
            "--price-override",
            ov,
            "--pay",
            "cash",
        ];
        a.extend(["--no-print", "--user", "Minh", "--pin", "1357"]);
        a.extend_from_slice(extra);
        a.push("--json");
        let out = shop.quay().args(&a).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            serde_json::from_slice::<Value>(&out.stdout).unwrap_or(Value::Null),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // no reason: refused
    let (code, _, err) = sell("2:48000:", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("reason"), "{err}");
    // 50.000 → 48.000 (4 %) is within the cashier's threshold
    let (code, s, err) = sell("2:48000:hộp móp", &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["lines"][1]["unit_price"], 48_000);
    assert_eq!(s["total"], 4_500 + 48_000);
    // 50.000 → 30.000 needs a manager
    let (code, _, err) = sell("2:30000:hết hạn", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("needs a manager"), "{err}");
    let (code, s, err) = sell("2:30000:hết hạn", &["--manager", "Hoa", "--manager-pin", "2468"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["total"], 34_500);
    let (_, sales) = shop.json(&["sales", "list", "--json"]);
    assert_eq!(sales["sales"].as_array().unwrap().len(), 2);
}

#[test]
fn part_on_debt_part_in_cash_then_paid_by_card() {
    let shop = Shop::invoicing();
    shop.lan();
    // MAT-ONG 180.000: 100.000 on account, 80.000 in cash
    let (code, s) = shop.json(&[
        "sell",
        "--item",
        "MAT-ONG",
        "--customer",
        "Lan",
        "--pay",
        "debt:100k",
        "--pay",
        "cash",
        "--no-print",
        "--json",
    ]);
    assert_eq!(code, 0, "{s}");
    let m = shop.month();
    assert_eq!(
        (m["value"].as_i64(), m["cashless_value"].as_i64()),
        (Some(80_000), Some(0))
    );
    assert_eq!((m["sales"].as_i64(), m["cashless_sales"].as_i64()), (Some(1), Some(0)));
    assert_eq!(m["debt_outstanding"], 100_000);
    shop.json(&["debt", "pay", "Lan", "--amount", "100000", "--method", "card", "--json"]);
    let m = shop.month();
    assert_eq!(
        (m["value"].as_i64(), m["cashless_value"].as_i64()),
        (Some(180_000), Some(100_000))
    );
    assert_eq!(m["cashless_sales"], 1);
    assert_eq!(m["debt_outstanding"], 0);
    // the table says what is outside the share while something is owed
    let out = shop
        .quay()
        .args([
            "report",
            "cashless",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
            "--by",
            "month",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Unpaid debt"));
}
