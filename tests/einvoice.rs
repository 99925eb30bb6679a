//! Cash-register e-invoices end to end through the `quay` binary: golden
//! XML, numbering (consecutive, per year, across processes, after crashes),
//! batches and the checks made before a sale.

use std::path::{Path, PathBuf};
use std::process::{Command as Std, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;

mod common;

use common::Shop;

const JULY: &str = common::NOW;

impl Shop {
    /// A household shop (direct method, mẫu 2) with the sample catalogue.
    fn household() -> Shop {
        let s = Shop::empty();
        s.init_invoicing(&["--tax-method", "direct", "--invoice-form", "2"]);
        s
    }

    /// A VAT-method shop (mẫu 1).
    fn vat_method() -> Shop {
        let s = Shop::empty();
        s.init_invoicing(&[
            "--tax-method",
            "deduction",
            "--invoice-form",
            "1",
            "--invoice-dvtte",
            "yes",
            "--invoice-httoan",
            "yes",
            "--provider-mst",
            "0109999999",
        ]);
        s
    }

    fn init_invoicing(&self, extra: &[&str]) {
        let mut args = vec![
            "--name",
            "Hộ kinh doanh Tạp hóa Minh Anh",
            "--address",
            "12 Lê Lợi",
            "--ward",
            "Phường Thuận Hóa, Thành phố Huế",
            "--bank",
            "VCB",
            "--account",
            "0071000123456",
            "--tax-code",
            "3301234567",
            "--invoice-series",
            "AA",
            "--invoice-block",
            "A1B2C",
            "--tvan-mst",
            "0101234567",
        ];
        args.extend_from_slice(extra);
        self.init(&args);
    }

    fn quay_at(&self, now: &str) -> Command {
        self.at(now)
    }

    fn sell_at(&self, now: &str, args: &[&str]) -> serde_json::Value {
        let out = self.quay_at(now).arg("sell").args(args).arg("--json").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn xml(&self, number: i64, symbol: &str) -> String {
        let out = self
            .quay_at(JULY)
            .args(["invoice", "show", &number.to_string(), "--symbol", symbol, "--xml"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim_end().to_string()
    }

    fn invoice_numbers(&self) -> Vec<(String, i64, String)> {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.prepare("SELECT symbol, number, mccqt FROM invoices ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }
}

fn golden(name: &str, got: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("QUAY_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing {path:?}: QUAY_UPDATE_GOLDEN=1"));
    assert_eq!(got, want, "{name}");
}

/// Well-formed, no whitespace between elements, and the figures agree.
fn check(xml: &str) -> roxmltree::Document<'_> {
    assert!(
        !xml.contains(">\n") && !xml.contains("> <"),
        "no whitespace between elements"
    );
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let num = |n: roxmltree::Node<'_, '_>| n.text().unwrap_or("0").parse::<i64>().unwrap();
    let find = |name: &str| doc.descendants().find(|n| n.has_tag_name(name));
    let total = num(find("TgTTTBSo").unwrap());
    let words = find("TgTTTBChu").unwrap().text().unwrap().to_string();
    assert_eq!(words, quay::money::Vnd(total).in_words(), "words match figures");
    let form = find("KHMSHDon").unwrap().text().unwrap();
    let lines: i64 = doc
        .descendants()
        .filter(|n| n.has_tag_name("HHDVu"))
        // a note line (TChat 4) carries no amount
        .filter(|l| l.children().any(|c| c.has_tag_name("TChat") && c.text() != Some("4")))
        .map(|l| num(l.children().find(|c| c.has_tag_name("ThTien")).unwrap()))
        .sum();
    if form == "2" {
        let cart = find("TTCKTMai").map(num).unwrap_or(0);
        assert_eq!(lines - cart, total, "Σ ThTien − TTCKTMai = TgTTTBSo");
    } else {
        let pre = num(find("TgTCThue").unwrap());
        let tax = num(find("TgTThue").unwrap());
        assert_eq!(lines, pre, "lines add up to the pre-tax total");
        assert_eq!(pre + tax, total);
    }
    let code = find("MCCQT").unwrap().text().unwrap();
    assert_eq!(code.len(), 23);
    doc
}

#[test]
fn form_2_plain_sale() {
    let shop = Shop::household();
    let s = shop.sell_at(
        JULY,
        &[
            "--item",
            "5*MI-GOI",
            "--item",
            "2*NUOC-SUOI",
            "--item",
            "MAT-ONG",
            "--pay",
            "cash:300k",
        ],
    );
    assert_eq!(s["invoice"]["number"], 1);
    assert_eq!(s["invoice"]["mccqt"], "M2-26-A1B2C-00000000001");
    let xml = shop.xml(1, "C26MAA");
    check(&xml);
    assert!(xml.contains("<NMua><Ten>Bán cho người tiêu dùng</Ten></NMua>"));
    // NQ 204: the household's 1 % VAT on these eligible goods is reduced by 20 %:
    // 0.2 % of 212.500 đồng = 425 đồng, in the required note; the total stays in full
    assert!(
        xml.contains("<HHDVu><TChat>4</TChat><STT>4</STT><THHDVu>đã giảm 425 đồng tương ứng 20% mức tỷ lệ % để tính thuế giá trị gia tăng theo Nghị quyết số 204/2025/QH15</THHDVu></HHDVu></DSHHDVu>"),
        "{xml}"
    );
    assert!(xml.contains("<TgTTTBSo>212500</TgTTTBSo>"));
    golden("invoice_form2_plain.xml", &xml);
}

#[test]
fn form_2_with_weighed_goods_discounts_and_a_buyer() {
    let shop = Shop::household();
    let s = shop.sell_at(
        JULY,
        &[
            "--item",
            "0,35*GAO-ST25",
            "--item",
            "1,25*THANH-TRA",
            "--item",
            "3*CAFE-SUA",
            "--discount",
            "5%",
            "--pay",
            "qr",
            "--buyer-name",
            "Bà Trần Thị Bình & con <Huế>",
            "--buyer-tax-code",
            "046123456789",
            "--buyer-address",
            "5 Trần Hưng Đạo",
        ],
    );
    assert_eq!(s["invoice"]["number"], 1);
    let xml = shop.xml(1, "C26MAA");
    check(&xml);
    assert!(xml.contains("<SLuong>0.35</SLuong>"));
    assert!(xml.contains("<SLuong>1.25</SLuong>"));
    assert!(xml.contains("<TTCKTMai>"));
    // only the coffee (group 8) is eligible for NQ 204: 0.2 % of its net after the cart discount
    assert!(
        xml.contains("<THHDVu>đã giảm 86 đồng tương ứng 20% mức tỷ lệ %"),
        "{xml}"
    );
    // a 12-digit code is an individual's tax code: accepted, name in HVTNMHang
    assert!(
        xml.contains("<NMua><MST>046123456789</MST><DChi>5 Trần Hưng Đạo</DChi><HVTNMHang>Bà Trần Thị Bình &amp; con &lt;Huế&gt;</HVTNMHang></NMua>"),
        "{xml}"
    );
    golden("invoice_form2_weighed_discount_buyer.xml", &xml);
}

#[test]
fn form_1_with_four_vat_rates_discounts_and_a_company_buyer() {
    let shop = Shop::vat_method();
    // 8 % (coffee), 5 % (rice), 10 % (rice wine), KCT (phone card)
    shop.sell_at(
        JULY,
        &[
            "--item",
            "3*CAFE-SUA",
            "--item",
            "0,35*GAO-ST25",
            "--item",
            "RUOU-BUOI",
            "--item",
            "THE-CAO",
            "--discount",
            "7%",
            "--pay",
            "card",
            "--buyer-name",
            "Công ty TNHH An & Bình",
            "--buyer-tax-code",
            "3301111111",
            "--buyer-address",
            "5 Trần Hưng Đạo, Huế",
        ],
    );
    let xml = shop.xml(1, "C26MAA");
    let doc = check(&xml);
    let children =
        |n: roxmltree::Node<'_, '_>| -> Vec<String> { n.children().map(|c| c.tag_name().name().to_string()).collect() };
    let groups: Vec<roxmltree::Node<'_, '_>> = doc.descendants().filter(|n| n.has_tag_name("LTSuat")).collect();
    let rates: Vec<&str> = groups
        .iter()
        .map(|n| n.children().find(|c| c.has_tag_name("TSuat")).unwrap().text().unwrap())
        .collect();
    assert_eq!(rates, vec!["5%", "8%", "10%", "KCT"]);
    for g in &groups {
        assert_eq!(children(*g), ["TSuat", "ThTien", "TThue"], "rate group order");
    }
    for l in doc.descendants().filter(|n| n.has_tag_name("HHDVu")) {
        let c = children(l);
        assert_eq!(&c[c.len() - 3..], ["STCKhau", "ThTien", "TSuat"], "line order");
    }
    assert!(xml.contains("<THDon>Hóa đơn giá trị gia tăng</THDon>"));
    // DVTTe, HTTToan, MSTTCGP are not TTChung elements: TTKhac/TTin pairs
    assert!(xml.contains("<NLap>2026-07-15</NLap><TTKhac><TTin><TTruong>DVTTe</TTruong><KDLieu>string</KDLieu><DLieu>VND</DLieu></TTin><TTin><TTruong>HTTToan</TTruong><KDLieu>string</KDLieu><DLieu>CK</DLieu></TTin><TTin><TTruong>MSTTCGP</TTruong><KDLieu>string</KDLieu><DLieu>0109999999</DLieu></TTin></TTKhac></TTChung>"), "{xml}");
    assert!(xml.contains("<NMua><Ten>Công ty TNHH An &amp; Bình</Ten><MST>3301111111</MST>"));
    assert!(xml.ends_with("</MCCQT><DSCKS><NBan/></DSCKS></HDon>"), "{xml}");
    golden("invoice_form1_four_rates_company.xml", &xml);
}

#[test]
fn a_refund_issues_an_adjustment_invoice_never_an_edit() {
    let shop = Shop::household();
    shop.sell_at(JULY, &["--item", "3*MUT-BUOI", "--pay", "cash"]);
    let before = shop.xml(1, "C26MAA");
    let out = shop
        .quay_at(JULY)
        .args(["refund", "1", "--line", "1:1", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["invoice"]["kind"], "adjustment");
    assert_eq!(r["invoice"]["number"], 2);
    assert_eq!(r["invoice"]["related"], "2C26MAA/1");
    let xml = shop.xml(2, "C26MAA");
    check(&xml);
    assert!(xml.contains("<TTHDLQuan><TCHDon>2</TCHDon><LHDCLQuan>1</LHDCLQuan><KHMSHDCLQuan>2</KHMSHDCLQuan><KHHDCLQuan>C26MAA</KHHDCLQuan><SHDCLQuan>1</SHDCLQuan><NLHDCLQuan>2026-07-15</NLHDCLQuan><GChu>Điều chỉnh cho hóa đơn Mẫu số 2 ký hiệu C26MAA số 1 ngày 15 tháng 07 năm 2026</GChu></TTHDLQuan>"));
    // the lookup QR carries the signed (negative) total, as TgTTTBSo does
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let text = |n: &str| {
        doc.descendants()
            .find(|e| e.has_tag_name(n))
            .and_then(|e| e.text())
            .unwrap()
            .to_string()
    };
    let total = text("TgTTTBSo");
    assert!(total.starts_with('-'), "a decrease: {total}");
    let qr = quay::einvoice::read_lookup_qr(&text("DLQRCode")).unwrap();
    assert_eq!(qr.5, total);
    assert_eq!(shop.xml(1, "C26MAA"), before, "the original is never regenerated");
    golden("invoice_form2_adjustment.xml", &xml);
}

#[test]
fn numbers_restart_with_the_new_years_symbol_and_a_closed_year_is_refused() {
    let shop = Shop::household();
    shop.sell_at("2026-12-31T23:58:00+07:00", &["--item", "MI-GOI", "--pay", "cash"]);
    shop.sell_at("2026-12-31T23:59:59+07:00", &["--item", "MI-GOI", "--pay", "cash"]);
    // 17:00 UTC on 31 December is already 1 January in Vietnam
    let s = shop.sell_at("2026-12-31T17:00:01Z", &["--item", "MI-GOI", "--pay", "cash"]);
    assert_eq!(s["invoice"]["symbol"], "C27MAA");
    assert_eq!(s["invoice"]["number"], 1);
    assert_eq!(
        s["invoice"]["mccqt"], "M2-27-A1B2C-00000000003",
        "the code sequence is never reused"
    );
    shop.quay_at("2026-12-31T20:00:00+07:00")
        .args(["sell", "--item", "MI-GOI", "--pay", "cash"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("that year is closed"));
    assert_eq!(
        shop.invoice_numbers()
            .iter()
            .map(|(s, n, _)| (s.as_str(), *n))
            .collect::<Vec<_>>(),
        vec![("C26MAA", 1), ("C26MAA", 2), ("C27MAA", 1)]
    );
}

fn quay_cmd(shop: &Shop) -> Std {
    let mut c = Std::new(env!("CARGO_BIN_EXE_quay"));
    c.env_clear()
        .env("HOME", shop.dir.path())
        .args(["--db"])
        .arg(shop.db())
        .args(["sell", "--item", "MI-GOI", "--pay", "cash", "--no-print"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn assert_consecutive(shop: &Shop) -> usize {
    let nums = shop.invoice_numbers();
    let expected: Vec<i64> = (1..=nums.len() as i64).collect();
    assert_eq!(
        nums.iter().map(|x| x.1).collect::<Vec<_>>(),
        expected,
        "no gaps, no duplicates"
    );
    let mut codes: Vec<&String> = nums.iter().map(|x| &x.2).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), nums.len(), "cash-register codes unique");
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    let sales: i64 = conn.query_row("SELECT count(*) FROM sales", [], |r| r.get(0)).unwrap();
    assert_eq!(
        sales as usize,
        nums.len(),
        "every sale has its invoice and no invoice lacks its sale"
    );
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    nums.len()
}

#[test]
fn two_processes_selling_at_once_never_share_or_skip_a_number() {
    let shop = Shop::household();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..12 {
                    assert!(quay_cmd(&shop).status().unwrap().success());
                }
            });
        }
    });
    assert_eq!(assert_consecutive(&shop), 24);
}

#[test]
fn killing_the_selling_process_at_random_points_leaves_no_gap() {
    let shop = Shop::household();
    let mut rng = quay::synth::Rng::new(42);
    let sales = || shop.invoice_numbers().len();
    let (mut mid_commit, mut finished, mut killed) = (0, 0, 0);
    for i in 0..30 {
        if i % 6 == 0 {
            // A kill that lands exactly between writing the sale (its
            // invoice, audit rows) and committing: the process says so on
            // stderr (test builds only) and waits there.
            let before = sales();
            let mut child = quay_cmd(&shop)
                .env("QUAY_TEST_PAUSE_BEFORE_COMMIT", "5000")
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
            let mut line = String::new();
            while std::io::BufRead::read_line(&mut err, &mut line).unwrap() > 0 {
                if line.contains("written, not committed") {
                    break;
                }
                line.clear();
            }
            assert!(line.contains("written, not committed"), "the sale reached its commit");
            child.kill().unwrap();
            let _ = child.wait();
            assert_eq!(sales(), before, "a sale killed before its commit leaves nothing");
            mid_commit += 1;
            continue;
        }
        let mut child = quay_cmd(&shop).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_micros(rng.below(40_000)));
        match child.try_wait().unwrap() {
            Some(_) => finished += 1,
            None => killed += 1,
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    assert_eq!(mid_commit, 5, "five kills landed between writing and committing");
    assert_eq!(finished + killed, 25);
    assert!(killed > 0, "some random kills interrupted a running sale");
    let n = assert_consecutive(&shop);
    // the file still takes sales and the audit chain holds
    assert!(quay_cmd(&shop).status().unwrap().success());
    assert_eq!(assert_consecutive(&shop), n + 1);
    Command::cargo_bin("quay")
        .unwrap()
        .env_clear()
        .env("HOME", shop.dir.path())
        .arg("--db")
        .arg(shop.db())
        .args(["audit", "verify"])
        .assert()
        .success();
}

#[test]
fn the_days_invoices_are_batched_then_dropped_for_the_provider() {
    let shop = Shop::household();
    for _ in 0..3 {
        shop.sell_at(JULY, &["--item", "MI-GOI", "--pay", "cash"]);
    }
    let outbox = shop.dir.path().join("outbox");
    let drop = shop.dir.path().join("provider");
    shop.quay_at("2026-07-16T08:00:00+07:00")
        .args(["sell", "--item", "MI-GOI", "--pay", "cash"])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 invoices of earlier days are not sent yet"));
    shop.quay_at(JULY)
        .args(["invoice", "batch", "--date", "2026-07-15", "--outbox"])
        .arg(&outbox)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 invoices"));
    let file = outbox.join("TDiep206-2026-07-15-001.xml");
    let doc = std::fs::read_to_string(&file).unwrap();
    let parsed = roxmltree::Document::parse(&doc).unwrap();
    assert!(doc.contains("<MLTDiep>206</MLTDiep>") && doc.contains("<SLuong>3</SLuong>"));
    // sent by the T-VAN: MNGui is V + its MST, MTDiep is MNGui + 32 hex of a UUID v4
    let text = |n: &str| {
        parsed
            .descendants()
            .find(|e| e.has_tag_name(n))
            .and_then(|e| e.text())
            .unwrap()
            .to_string()
    };
    assert_eq!(text("MNGui"), "V0101234567");
    assert_eq!(text("MST"), "3301234567");
    let id = text("MTDiep");
    let hex = id.strip_prefix("V0101234567").unwrap();
    assert!(hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
    assert_eq!(&hex[12..13], "4", "UUID version 4");
    let dlieu = parsed.descendants().find(|e| e.has_tag_name("DLieu")).unwrap();
    assert_eq!(dlieu.attribute("Id"), Some(format!("DL-{id}").as_str()));
    // the audit chain head sits beside the message, not inside it
    let side: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outbox.join("TDiep206-2026-07-15-001.xml.json")).unwrap()).unwrap();
    assert!(side["audit_head"]["seq"].as_i64().unwrap() > 0);
    let h = side["audit_head"]["hash"].as_str().unwrap();
    assert!(h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(!doc.contains(h));
    // the stored bytes go out verbatim
    assert!(doc.contains(&shop.xml(2, "C26MAA")));
    shop.quay_at(JULY)
        .args(["invoice", "batch", "--date", "2026-07-15", "--outbox"])
        .arg(&outbox)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no invoices waiting"));
    shop.quay_at(JULY)
        .args(["invoice", "send", "--date", "2026-07-15", "--outbox"])
        .arg(&outbox)
        .arg("--drop")
        .arg(&drop)
        .assert()
        .success();
    assert!(drop.join("TDiep206-2026-07-15-001.xml").exists());
    let list = shop.quay_at(JULY).args(["invoice", "list", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert!(v["invoices"].as_array().unwrap().iter().all(|i| i["status"] == "sent"));
    shop.quay_at(JULY)
        .args(["invoice", "status", "2", "rejected"])
        .assert()
        .code(2);
    shop.quay_at(JULY)
        .args(["invoice", "status", "2", "rejected", "--reason", "sai MST"])
        .assert()
        .success();
    let export = shop.dir.path().join("export");
    shop.quay_at(JULY)
        .args([
            "invoice",
            "export",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
            "--out",
        ])
        .arg(&export)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_dir(&export).unwrap().count(),
        4,
        "the 3 of the 15th and 1 of the 16th"
    );
    assert_eq!(
        std::fs::read_to_string(export.join("2C26MAA-00000002.xml")).unwrap(),
        shop.xml(2, "C26MAA")
    );
}

#[test]
fn bad_invoice_input_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.quay");
    let q = |args: &[&str]| {
        let mut c = Command::cargo_bin("quay").unwrap();
        c.env_clear()
            .env("HOME", dir.path())
            .env("QUAY_NOW", JULY)
            .args(["--lang", "en", "--db"])
            .arg(&db)
            .args(args);
        c
    };
    let base = [
        "init",
        "--name",
        "X",
        "--address",
        "Y",
        "--ward",
        "Z",
        "--bank",
        "VCB",
        "--account",
        "1",
    ];
    q(&base)
        .args([
            "--tax-method",
            "direct",
            "--invoice-form",
            "2",
            "--invoice-series",
            "AA",
            "--invoice-block",
            "A1B2C",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--tax-code: e-invoices need the seller's tax code",
        ));
    q(&base)
        .args([
            "--tax-method",
            "direct",
            "--tax-code",
            "3301234567",
            "--invoice-form",
            "2",
        ])
        .args(["--invoice-series", "2C26TAA", "--invoice-block", "A1B2C"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("must have type M"));
    q(&base)
        .args([
            "--tax-method",
            "direct",
            "--tax-code",
            "3301234567",
            "--invoice-form",
            "2",
        ])
        .args(["--invoice-series", "2C25MAA", "--invoice-block", "A1B2C"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("carries year 25 but this is 26"));
    q(&base)
        .args([
            "--tax-method",
            "direct",
            "--tax-code",
            "3301234567",
            "--invoice-form",
            "2",
        ])
        .args(["--invoice-series", "2K26MAA", "--invoice-block", "A1B2C"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("starts with K (uncoded invoice)"));
    q(&base)
        .args([
            "--tax-method",
            "direct",
            "--tax-code",
            "3301234567",
            "--invoice-form",
            "2",
        ])
        .args(["--invoice-series", "AA", "--invoice-block", "a1b2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exactly 5 capital letters or digits"));
    q(&base)
        .args([
            "--tax-method",
            "direct",
            "--tax-code",
            "3301234567",
            "--invoice-form",
            "1",
        ])
        .args(["--invoice-series", "AA", "--invoice-block", "A1B2C"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "form 1 (VAT invoice) is for the deduction method",
        ));
    assert!(!Path::new(&db).exists(), "nothing was created");
    let shop = Shop::household();
    shop.quay_at(JULY)
        .args([
            "sell",
            "--item",
            "MI-GOI",
            "--pay",
            "cash",
            "--buyer-tax-code",
            "33012345",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("buyer tax code '33012345' has 8 characters"));
    shop.quay_at(JULY)
        .args([
            "sell",
            "--item",
            "MI-GOI",
            "--pay",
            "cash",
            "--buyer-name",
            "An\u{FFFE}",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the buyer's name contains U+FFFE"));
    assert!(shop.invoice_numbers().is_empty(), "no sale, no number used");
}

#[test]
fn a_batch_without_a_tvan_is_refused_and_says_why() {
    let shop = Shop::household();
    shop.sell_at(JULY, &["--item", "MI-GOI", "--pay", "cash"]);
    shop.quay_at(JULY).args(["init", "--tvan-mst", ""]).assert().success();
    let outbox = shop.dir.path().join("outbox");
    shop.quay_at(JULY)
        .args(["invoice", "batch", "--date", "2026-07-15", "--outbox"])
        .arg(&outbox)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no T-VAN is set").and(predicate::str::contains("--tvan-mst")));
    assert!(!outbox.exists(), "nothing written");
    shop.quay_at(JULY)
        .args(["init", "--tvan-mst", "12345"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--tvan-mst"));
}

fn line_rates(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("HHDVu"))
        .filter_map(|l| l.children().find(|c| c.has_tag_name("TSuat")))
        .map(|t| t.text().unwrap().to_string())
        .collect()
}

#[test]
fn the_reduced_rate_ends_with_2026_by_the_dated_table_not_the_product() {
    let shop = Shop::vat_method();
    // CAFE-SUA is entered as group 8: eligible for the NQ 204 reduction
    shop.sell_at("2026-12-31T23:59:59+07:00", &["--item", "CAFE-SUA", "--pay", "card"]);
    shop.sell_at("2027-01-01T00:00:00+07:00", &["--item", "CAFE-SUA", "--pay", "card"]);
    assert_eq!(line_rates(&shop.xml(1, "C26MAA")), ["8%"]);
    assert_eq!(line_rates(&shop.xml(1, "C27MAA")), ["10%"]);
    let list = |now: &str| {
        let out = shop
            .quay_at(now)
            .args(["products", "list", "--search", "CAFE-SUA", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["products"][0]["vat_rate_today"].as_str().unwrap().to_string()
    };
    assert_eq!(list("2026-12-31T12:00:00+07:00"), "8");
    assert_eq!(list("2027-01-02T12:00:00+07:00"), "10");
    // an extension by a new decree is a file in the data folder, not a new binary
    let data = shop.dir.path().join(".local/share/quay");
    std::fs::create_dir_all(&data).unwrap();
    let bundled = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/vat-table.json")).unwrap();
    let extended = bundled.replace(
        "\"to\": \"2026-12-31\", \"rate\": \"8\"",
        "\"to\": \"2027-06-30\", \"rate\": \"8\"",
    );
    assert_ne!(extended, bundled);
    std::fs::write(data.join("vat-table.json"), extended).unwrap();
    shop.sell_at("2027-01-01T08:00:00+07:00", &["--item", "CAFE-SUA", "--pay", "card"]);
    assert_eq!(line_rates(&shop.xml(2, "C27MAA")), ["8%"]);
    // a broken table stops the sale and names the file
    std::fs::write(data.join("vat-table.json"), "{ \"schema\": 1,").unwrap();
    shop.quay_at("2027-01-01T09:00:00+07:00")
        .args(["sell", "--item", "CAFE-SUA", "--pay", "card"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("vat-table.json:1:"));
}

fn tool(name: &str) -> Std {
    let c = Std::new(name);
    assert!(
        Std::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success(),
        "{name} is needed for this test (Debian package {name}; .ci/run installs it)"
    );
    c
}

/// Blank out what changes from run to run (UUID, digests, signature,
/// certificate) so the rest of a signed message can be a golden file.
fn mask_signed(doc: &str) -> String {
    let mut s = doc.to_string();
    for tag in ["DigestValue", "SignatureValue", "X509Certificate"] {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        let mut out = String::new();
        let mut rest = s.as_str();
        while let Some(i) = rest.find(&open) {
            out.push_str(&rest[..i + open.len()]);
            out.push('…');
            let j = rest[i..].find(&close).unwrap() + i;
            rest = &rest[j..];
        }
        out.push_str(rest);
        s = out;
    }
    let start = s.find("<MTDiep>V0101234567").unwrap() + "<MTDiep>V0101234567".len();
    let uuid = s[start..start + 32].to_string();
    s.replace(&uuid, "UUID")
}

#[test]
fn a_signed_batch_verifies_with_xmlsec1_and_a_changed_byte_does_not() {
    let shop = Shop::household();
    let dir = shop.dir.path();
    let ok = |c: &mut Std| {
        let out = c.current_dir(dir).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    ok(tool("openssl").args([
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-days",
        "3650",
        "-subj",
        "/CN=Ho kinh doanh Tap hoa Minh Anh/serialNumber=MST:3301234567",
    ]));
    ok(tool("openssl").args([
        "pkcs12",
        "-export",
        "-inkey",
        "key.pem",
        "-in",
        "cert.pem",
        "-out",
        "seller.p12",
        "-passout",
        "pass:bí mật 1",
    ]));
    let p12 = dir.join("seller.p12");
    shop.quay_at(JULY)
        .env("QUAY_CERT_PASSWORD", "wrong")
        .arg("init")
        .arg("--signing-cert")
        .arg(&p12)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("wrong password"));
    let out = shop
        .quay_at(JULY)
        .env("QUAY_CERT_PASSWORD", "bí mật 1")
        .arg("init")
        .arg("--signing-cert")
        .arg(&p12)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shown.contains("Minh Anh") && !shown.contains("bí mật"), "{shown}");
    let db = std::fs::read(shop.db()).unwrap();
    assert!(
        !db.windows("bí mật 1".len()).any(|w| w == "bí mật 1".as_bytes()),
        "password never stored"
    );
    for _ in 0..2 {
        shop.sell_at(JULY, &["--item", "MI-GOI", "--item", "0,35*GAO-ST25", "--pay", "cash"]);
    }
    let outbox = dir.join("outbox");
    shop.quay_at("2026-07-16T08:00:00+07:00")
        .env("QUAY_CERT_PASSWORD", "bí mật 1")
        .args(["invoice", "batch", "--date", "2026-07-15", "--outbox"])
        .arg(&outbox)
        .assert()
        .success();
    let file = outbox.join("TDiep206-2026-07-15-001.xml");
    let doc = std::fs::read_to_string(&file).unwrap();
    assert!(doc.contains("</DLieu><CKSNNT><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\""));
    assert!(
        doc.contains(&shop.xml(1, "C26MAA")),
        "the stored invoices go out verbatim"
    );
    golden("tdiep206_signed_masked.xml", &mask_signed(&doc));
    let verify = |path: &Path| {
        tool("xmlsec1")
            .args(["--verify", "--id-attr:Id", "DLieu", "--trusted-pem"])
            .arg(dir.join("cert.pem"))
            .arg(path)
            .output()
            .unwrap()
    };
    let v = verify(&file);
    assert!(
        v.status.success(),
        "xmlsec1: {}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
    // one changed byte inside DLieu: 2 cái → 3 cái
    let tampered = doc.replacen("<SLuong>1</SLuong>", "<SLuong>2</SLuong>", 1);
    assert_ne!(tampered, doc);
    let bad = dir.join("tampered.xml");
    std::fs::write(&bad, tampered).unwrap();
    assert!(
        !verify(&bad).status.success(),
        "a changed byte inside DLieu fails verification"
    );
}

#[test]
fn the_nq204_note_is_left_out_once_the_reduction_ends() {
    let shop = Shop::household();
    shop.sell_at("2027-01-02T09:00:00+07:00", &["--item", "5*MI-GOI", "--pay", "cash"]);
    let xml = shop.xml(1, "C27MAA");
    check(&xml);
    assert!(!xml.contains("204/2025") && !xml.contains("<TChat>4</TChat>"), "{xml}");
}

#[test]
fn the_printed_invoice_shows_location_buyer_line_rates_and_the_legal_adjustment_wording() {
    let shop = Shop::vat_method();
    shop.quay_at(JULY)
        .args([
            "init",
            "--location-code",
            "00012",
            "--location-name",
            "Cửa hàng số 2 - Chợ Đông Ba",
        ])
        .assert()
        .success();
    let out = shop
        .quay_at(JULY)
        .args(["sell", "--item", "2*CAFE-SUA", "--item", "GAO-ST25", "--pay", "cash"])
        .args(["--buyer-name", "Công ty TNHH An Bình", "--buyer-tax-code", "3301111111"])
        .args(["--buyer-address", "5 Trần Hưng Đạo, Huế"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let receipt = String::from_utf8(out.stdout).unwrap();
    for want in [
        "2 lon x 15.000 (8%)",
        "1 kg x 32.000 (5%)",
        "Địa điểm KD: 00012 - Cửa hàng số 2 - Chợ Đông Ba",
        "Đơn vị mua: Công ty TNHH An Bình",
        "MST: 3301111111",
        "Địa chỉ: 5 Trần Hưng Đạo, Huế",
    ] {
        assert!(receipt.contains(want), "{want} in\n{receipt}");
    }
    let xml = shop.xml(1, "C26MAA");
    assert!(
        xml.contains("<MCHang>00012</MCHang><TCHang>Cửa hàng số 2 - Chợ Đông Ba</TCHang></NBan>"),
        "{xml}"
    );
    let out = shop
        .quay_at("2026-07-20T10:00:00+07:00")
        .args(["refund", "1", "--line", "1:1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let slip = String::from_utf8(out.stdout).unwrap();
    let flat: String = slip.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Điều chỉnh cho hóa đơn Mẫu số 1 ký hiệu C26MAA số 1 ngày 15 tháng 07 năm 2026"),
        "{slip}"
    );
    shop.quay_at(JULY)
        .args(["init", "--location-name", "X"])
        .args(["--location-code", ""])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--location-name"));
}
