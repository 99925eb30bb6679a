//! The household's tax book and figures: hand-computed quarters, a refund
//! across the quarter boundary, the last second of a quarter, thresholds
//! crossed on known days, the book against `report cashless`, bad input.

mod common;

use common::Shop;
use predicates::prelude::*;

/// MAT-ONG 180.000, BANH-LOC 50.000, NUOC-SUOI 5.000, TRA-CUNG 70.000
/// (all VAT group 8, so "goods" by default).
impl Shop {
    fn sell_at(&self, now: &str, items: &[&str], pay: &str) -> i64 {
        let mut c = self.quay();
        c.env("QUAY_NOW", now).arg("sell");
        for i in items {
            c.args(["--item", i]);
        }
        let out = c.args(["--pay", pay, "--json"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["number"].as_i64().unwrap()
    }

    fn at_json(&self, now: &str, args: &[&str]) -> serde_json::Value {
        let out = self.quay().env("QUAY_NOW", now).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn table_override(&self, text: &str) {
        let dir = self.dir.path().join(".local/share/quay");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("household-tax.json"), text).unwrap();
    }
}

const LATE: &str = "2026-11-30T10:00:00+07:00";

/// Q3: 10 Aug MAT-ONG 180k (refunded on 3 Oct), 30 Sep 23:59:59 +07
/// 2×BANH-LOC 100k. Q4: 1 Oct 00:00 +07 NUOC-SUOI 5k, 2 Oct TRA-CUNG 70k
/// (services), 5 Nov 3×MAT-ONG 540k.
fn two_quarters() -> Shop {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["tax", "group", "TRA-CUNG", "services"])
        .assert()
        .success();
    let a = shop.sell_at("2026-08-10T09:00:00+07:00", &["MAT-ONG"], "cash");
    shop.sell_at("2026-09-30T23:59:59+07:00", &["2*BANH-LOC"], "qr");
    shop.sell_at("2026-09-30T17:00:00Z", &["NUOC-SUOI"], "cash");
    shop.sell_at("2026-10-02T09:00:00+07:00", &["TRA-CUNG"], "cash");
    shop.quay()
        .env("QUAY_NOW", "2026-10-03T09:00:00+07:00")
        .args(["refund", &a.to_string()])
        .assert()
        .success();
    shop.sell_at("2026-11-05T09:00:00+07:00", &["3*MAT-ONG"], "cash");
    shop
}

fn group<'a>(s: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    s["summary"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == code)
        .unwrap()
}

#[test]
fn quarters_with_two_groups_a_refund_across_the_boundary_and_the_last_second() {
    let shop = two_quarters();
    let q3 = shop.at_json(LATE, &["tax", "summary", "--quarter", "2026Q3", "--json"]);
    // the sale at 23:59:59 +07 on 30 Sep is in Q3; the refund of 3 Oct is not
    assert_eq!(group(&q3, "goods")["revenue"], 280_000, "{q3}");
    assert_eq!(group(&q3, "services")["revenue"], 0);
    assert_eq!(q3["summary"]["revenue"], 280_000);
    let q4 = shop.at_json(LATE, &["tax", "summary", "--quarter", "2026Q4", "--json"]);
    // 5k (00:00 on 1 Oct) + 540k − 180k refunded on 3 Oct
    assert_eq!(group(&q4, "goods")["revenue"], 365_000, "{q4}");
    assert_eq!(group(&q4, "services")["revenue"], 70_000);
    assert_eq!(group(&q4, "services")["vat_percent"], "5");
    assert_eq!(group(&q4, "goods")["pit_percent"], "0.5");
    assert_eq!(q4["summary"]["revenue_year_before"], 280_000);
    assert_eq!(q4["summary"]["revenue_year_to_end"], 715_000);
    // far below 1 tỷ: nothing due, all of it exempt
    assert_eq!(q4["summary"]["vat"], 0);
    assert_eq!(q4["summary"]["pit"], 0);
    assert_eq!(q4["summary"]["vat_exempt_revenue"], 435_000);
    let y = shop.at_json(LATE, &["tax", "summary", "--year", "2026", "--json"]);
    assert_eq!(y["summary"]["revenue"], 715_000);
    // the products counted by default are named once, with their group
    let d = y["defaulted_products"].as_array().unwrap();
    let skus: Vec<&str> = d.iter().map(|x| x["sku"].as_str().unwrap()).collect();
    assert_eq!(skus, ["BANH-LOC", "MAT-ONG", "NUOC-SUOI"]);
    assert!(d.iter().all(|x| x["group"] == "goods"));
    shop.quay()
        .env("QUAY_NOW", LATE)
        .args(["tax", "summary", "--quarter", "2026Q4"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Services, construction"))
        .stdout(predicate::str::contains(
            "2 products have no tax group and were counted by their VAT rate",
        ));
}

#[test]
fn the_books_totals_equal_the_cashless_report_for_the_same_period() {
    let shop = two_quarters();
    let book = shop.at_json(LATE, &["tax", "book", "--year", "2026", "--format", "json"]);
    let cashless = shop.at_json(
        LATE,
        &[
            "report",
            "cashless",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--by",
            "range",
            "--format",
            "json",
        ],
    );
    assert_eq!(book["total"], 715_000, "{book}");
    assert_eq!(book["total"], cashless["rows"][0]["value"], "{cashless}");
    // one line per business day, in order, each day's documents named
    let lines = book["lines"].as_array().unwrap();
    let dates: Vec<&str> = lines.iter().map(|l| l["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        [
            "2026-08-10",
            "2026-09-30",
            "2026-10-01",
            "2026-10-02",
            "2026-10-03",
            "2026-11-05"
        ]
    );
    assert_eq!(lines[4]["by_group"], serde_json::json!([-180_000, 0, 0, 0]));
    assert_eq!(lines[3]["by_group"], serde_json::json!([0, 70_000, 0, 0]));
    assert_eq!(book["totals"], serde_json::json!([645_000, 70_000, 0, 0]));
    // the HTML carries the form's header and prints on A4
    let out = shop.dir.path().join("so.html");
    assert_cmd::Command::cargo_bin("quay")
        .unwrap()
        .env_clear()
        .env("HOME", shop.dir.path())
        .env("QUAY_NOW", LATE)
        .args(["--lang", "vi", "--db"])
        .arg(shop.db())
        .args(["tax", "book", "--year", "2026", "--out"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    // 715.000 is under the 1 tỷ threshold: form S1a-HKD of TT 152/2025
    assert_eq!(book["form"], "S1a-HKD");
    for want in [
        "Mẫu số S1a-HKD",
        "Kèm theo Thông tư số 152/2025/TT-BTC ngày 31 tháng 12 năm 2025",
        "SỔ DOANH THU BÁN HÀNG HÓA, DỊCH VỤ",
        "Tạp hóa Minh Anh",
        "3301234567",
        "size:A4",
        "Đơn vị tính: đồng",
        "<th>Ngày tháng</th><th>Diễn giải</th><th>Số tiền</th>",
        "Tổng cộng</td><td class=\"n\">715.000</td>",
        "Ký, ghi rõ họ tên, đóng dấu (nếu có)",
    ] {
        assert!(html.contains(want), "{want}");
    }
    assert!(!html.contains("S1-HKD") && !html.contains("88/2021"));
    let csv = String::from_utf8(
        shop.quay()
            .env("QUAY_NOW", LATE)
            .args(["tax", "book", "--year", "2026", "--format", "csv"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(csv.contains("date,description,amount"), "{csv}");
    assert!(
        csv.contains("2026-10-03,\"Sales of the day (1 document, voids/refunds: 1) – #5\",-180000"),
        "{csv}"
    );
    assert!(csv.contains(",Total,715000"), "{csv}");
    // asked for S2a-HKD: a section per business line, with its tax (none here)
    let s2a = shop.at_json(
        LATE,
        &["tax", "book", "--year", "2026", "--form", "s2a", "--format", "json"],
    );
    assert_eq!(s2a["form"], "S2a-HKD");
    let secs = s2a["sections"].as_array().unwrap();
    let codes: Vec<&str> = secs.iter().map(|x| x["group"].as_str().unwrap()).collect();
    assert_eq!(codes, ["goods", "services"], "{s2a}");
    assert_eq!(secs[1]["subtotal"], 70_000);
    assert_eq!(secs[1]["entries"][0]["document"], "#4");
    assert_eq!((secs[0]["vat"].as_i64(), s2a["pit"].as_i64()), (Some(0), Some(0)));
}

#[test]
fn thresholds_are_crossed_on_known_days_with_the_deadline_to_register() {
    let shop = Shop::invoicing();
    // a platform's revenue for March, then the till
    shop.quay()
        .args(["tax", "channel", "add", "--channel", "shopee", "--period", "2026-03"])
        .args(["--amount", "999900k", "--withheld", "7498500"])
        .assert()
        .success();
    // the counter says it once, on the sale that crosses 1 tỷ (since
    // NĐ 141/2026 both the exempt threshold and the e-invoice line)
    let notice = |now: &str, item: &str| {
        let out = shop
            .quay()
            .env("QUAY_NOW", now)
            .args(["sell", "--item", item, "--pay", "cash"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    // 999.905.000: not above 1 tỷ
    assert!(!notice("2026-04-01T09:00:00+07:00", "NUOC-SUOI").contains("tax notice"));
    let e = notice("2026-04-02T09:00:00+07:00", "MAT-ONG");
    assert!(
        e.contains("tax notice: Revenue of 2026 passed 1.000.000.000")
            && e.contains("on 02/04/2026: cash-register e-invoices are compulsory; register by 30/07/2026.")
            && e.contains("VAT and PIT are now due"),
        "{e}"
    );
    assert!(!notice("2026-04-03T09:00:00+07:00", "NUOC-SUOI").contains("tax notice"));
    assert!(!notice("2026-05-20T09:00:00+07:00", "2800*MAT-ONG").contains("tax notice"));
    assert!(!notice("2026-05-21T09:00:00+07:00", "NUOC-SUOI").contains("tax notice"));
    let th = shop.at_json(common::NOW, &["tax", "thresholds", "--json"]);
    assert_eq!(th["revenue"], 1_504_095_000i64, "{th}");
    assert_eq!(th["exempt_crossed_on"], "2026-04-02");
    assert_eq!(th["einvoice_crossed_on"], "2026-04-02");
    // within 30 days of the end of the quarter in which it was crossed
    assert_eq!(th["register_by"], "2026-07-30");
    // Q1: 999,9 million, under the 1 tỷ threshold (it was 500 million
    // before NĐ 141/2026): nothing due
    let q1 = shop.at_json(common::NOW, &["tax", "summary", "--quarter", "2026Q1", "--json"]);
    assert_eq!(q1["summary"]["revenue"], 999_900_000i64);
    assert_eq!(
        (q1["summary"]["vat"].as_i64(), q1["summary"]["pit"].as_i64()),
        (Some(0), Some(0))
    );
    // Q2 crosses: VAT on Q2's revenue only (1% of 504.195.000; NĐ 68
    // Art. 8(1)(a), no catch-up of Q1), PIT on the part above 1 tỷ
    // (0,5% of 1.504.095.000 − 1.000.000.000 = 504.095.000)
    let q2 = shop.at_json(common::NOW, &["tax", "summary", "--quarter", "2026Q2", "--json"]);
    // 5.000 + 180.000 + 5.000 + 2800 × 180.000 + 5.000
    assert_eq!(q2["summary"]["revenue"], 504_195_000i64, "{q2}");
    assert_eq!(group(&q2, "goods")["vat"], 5_041_950);
    assert_eq!(group(&q2, "goods")["pit"], 2_520_475);
    assert_eq!(q2["summary"]["due"], 7_562_425);
    assert_eq!(q2["summary"]["vat_exempt_revenue"], 0);
    // the year is the sum of its quarters
    let y = shop.at_json(common::NOW, &["tax", "summary", "--year", "2026", "--json"]);
    assert_eq!(y["summary"]["vat"], 5_041_950, "{y}");
    assert_eq!(y["summary"]["pit"], 2_520_475);
    assert_eq!(y["summary"]["vat_exempt_revenue"], 999_900_000i64);
    // above 1 tỷ the book is form S2a-HKD: the goods line with its tax
    let book = shop.at_json(common::NOW, &["tax", "book", "--year", "2026", "--format", "json"]);
    assert_eq!(book["form"], "S2a-HKD", "{book}");
    let goods = &book["sections"][0];
    assert_eq!(goods["group"], "goods");
    assert_eq!(goods["subtotal"], 1_504_095_000i64);
    assert_eq!(
        (goods["vat"].as_i64(), goods["pit"].as_i64()),
        (Some(5_041_950), Some(2_520_475))
    );
    let html = String::from_utf8(
        shop.quay()
            .env("QUAY_NOW", common::NOW)
            .args(["tax", "book", "--year", "2026"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for want in [
        "Form S2a-HKD",
        "Document number",
        "Business line: Distribution and supply of goods (GTGT 1 %, TNCN 0,5 %)",
        "VAT payable</td><td class=\"n\">5.041.950</td>",
        "Total PIT payable</td><td class=\"n\">2.520.475</td>",
    ] {
        assert!(html.contains(want), "{want}\n{html}");
    }
    // under 3 tỷ: the percentage method still applies, nothing said
    assert_eq!(th["percentage_method_up_to"], 3_000_000_000i64);
    shop.quay()
        .args(["tax", "summary", "--year", "2026"])
        .assert()
        .success()
        .stdout(predicate::str::contains("profit method").not());
    // the withholding counts in March's quarter
    assert_eq!(q1["summary"]["withheld"], 7_498_500);
    // doctor reports it (the shop already issues e-invoices: ok)
    let out = shop.quay().args(["doctor", "--json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "tax_thresholds")
        .unwrap();
    assert_eq!(c["status"], "ok", "{c}");
    assert!(c["detail"].as_str().unwrap().contains("since 2026-04-02"), "{c}");
    assert!(c["detail"].as_str().unwrap().contains("register by 2026-07-30"), "{c}");
}

#[test]
fn above_3_ty_a_year_the_profit_method_is_announced() {
    let shop = Shop::invoicing();
    shop.quay()
        .args(["tax", "channel", "add", "--channel", "shopee", "--period", "2026-03"])
        .args(["--amount", "3000000001"])
        .assert()
        .success();
    for args in [
        &["tax", "summary", "--quarter", "2026Q1"][..],
        &["tax", "thresholds"][..],
    ] {
        shop.quay()
            .args(args)
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "from next year tax is due by the profit method (NĐ 68/2026 Art. 4(5)(a))",
            ));
    }
}

#[test]
fn an_empty_period_is_zeros_and_a_future_one_is_refused() {
    let shop = Shop::invoicing();
    let q = shop.at_json(common::NOW, &["tax", "summary", "--quarter", "2026Q1", "--json"]);
    assert_eq!(q["summary"]["revenue"], 0);
    assert_eq!(q["summary"]["due"], 0);
    assert_eq!(q["summary"]["groups"].as_array().unwrap().len(), 4);
    let book = shop.at_json(common::NOW, &["tax", "book", "--year", "2026", "--format", "json"]);
    assert_eq!(book["total"], 0);
    assert_eq!(book["lines"], serde_json::json!([]));
    shop.quay()
        .args(["tax", "summary", "--quarter", "2026Q4"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("period 2026Q4 has not started yet"));
    shop.quay()
        .args(["tax", "book", "--year", "2027"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2027 has not started yet"));
    shop.quay()
        .args(["tax", "summary", "--quarter", "2026Q5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "for '--quarter <QUARTER>': period '2026Q5' is not valid",
        ));
    // channel revenue for a month not over yet: refused, nothing written
    shop.quay()
        .args([
            "tax",
            "channel",
            "add",
            "--channel",
            "tiktok",
            "--period",
            "2026-07",
            "--amount",
            "1tr",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("period 2026-07 has not ended"));
    shop.quay()
        .args([
            "tax",
            "channel",
            "add",
            "--channel",
            "tiktok",
            "--period",
            "2026-06",
            "--amount",
            "1tr",
        ])
        .args(["--group", "food"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--group: 'food' is not a tax group"));
    let list = shop.at_json(common::NOW, &["tax", "channel", "list", "--json"]);
    assert_eq!(list["entries"], serde_json::json!([]));
    shop.quay()
        .args(["tax", "group", "MAT-ONG", "food"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("group 'food' is not in the tax table"));
}

#[test]
fn a_tax_table_override_with_a_gap_in_dates_is_refused() {
    let shop = Shop::invoicing();
    let bundled = include_str!("../data/household-tax.json");
    let gapped = bundled.replace(
        "\"einvoice\": [\n    {\n      \"from\": \"2026-01-01\",",
        "\"einvoice\": [\n    { \"from\": \"2025-01-01\", \"to\": \"2025-12-30\", \"revenue\": 1000000000, \"register_within_days\": 30, \"basis\": \"x\" },\n    {\n      \"from\": \"2026-01-01\",",
    );
    assert_ne!(gapped, bundled);
    shop.table_override(&gapped);
    shop.quay()
        .args(["tax", "summary", "--quarter", "2026Q2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "einvoice: a gap in dates between 2025-12-30 and 2026-01-01",
        ));
    // closed: the override is used
    shop.table_override(&gapped.replace("2025-12-30", "2025-12-31"));
    shop.quay()
        .args(["tax", "summary", "--quarter", "2026Q2"])
        .assert()
        .success();
}

#[test]
fn the_book_as_a_spreadsheet_and_as_csv_carry_the_same_lines_and_total() {
    let shop = two_quarters();
    let xlsx = shop.path("so-doanh-thu-2026.xlsx");
    shop.at(LATE)
        .args(["tax", "book", "--year", "2026", "--format", "xlsx", "--out"])
        .arg(&xlsx)
        .assert()
        .success()
        .stdout("");
    let cells = common::xlsx_cells(&xlsx);
    assert_eq!(cells["A1"], ("s".into(), "date".into()), "{cells:?}");
    // the total row: the description says so and the amount is a number
    let total_row = cells
        .iter()
        .find(|(r, v)| r.starts_with('B') && v.1 == "Total")
        .map(|(r, _)| r[1..].to_string())
        .expect("a total row");
    assert_eq!(cells[&format!("C{total_row}")], ("n".into(), "715000".into()));
    let csv = shop
        .at(LATE)
        .args(["--no-bom", "tax", "book", "--year", "2026", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.lines().last().unwrap().ends_with(",Total,715000"), "{csv}");
    assert_eq!(
        csv.lines().count(),
        total_row.parse::<usize>().unwrap(),
        "one CSV line per sheet row"
    );
    // a spreadsheet is never printed to a terminal
    shop.at(LATE)
        .args(["tax", "book", "--year", "2026", "--format", "xlsx"])
        .assert()
        .code(2);
}
