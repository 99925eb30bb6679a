//! Stock (issue 17): receiving, packs, counts, adjustments, moving-average
//! cost and profit, through the real binary on a real shop file. Figures
//! are worked out by hand in the comments.

mod common;

use common::Shop;

const THUNG: &str = "8936000009014";
const LOC: &str = "8936000009021";

impl Shop {
    fn ok(&self, args: &[&str]) {
        let out = self.quay().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Exit code and stderr of a command expected to fail.
    fn fails(&self, args: &[&str]) -> (i32, String) {
        let out = self.quay().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn stock_of(&self, sku: &str) -> serde_json::Value {
        let (code, v) = self.json(&["stock", "list", "--all", "--json"]);
        assert_eq!(code, 0);
        v["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["sku"] == sku)
            .cloned()
            .unwrap_or_else(|| panic!("{sku} not in the stock list"))
    }

    /// The sample shop with a supplier and two packs of CAFE-SUA (lon,
    /// 15.000 ₫): thùng of 24 (340.000 ₫) and lốc of 6 (87.000 ₫).
    fn with_packs() -> Shop {
        let s = Shop::invoicing();
        s.ok(&[
            "stock",
            "supplier",
            "add",
            "--name",
            "Đại lý Hòa Phát",
            "--phone",
            "0905123456",
        ]);
        s.ok(&[
            "products",
            "pack",
            "add",
            "CAFE-SUA",
            "--unit",
            "thùng",
            "--contains",
            "24",
            "--barcode",
            THUNG,
            "--price",
            "340000",
        ]);
        s.ok(&[
            "products",
            "pack",
            "add",
            "CAFE-SUA",
            "--unit",
            "lốc",
            "--contains",
            "6",
            "--barcode",
            LOC,
            "--price",
            "87000",
        ]);
        s
    }

    fn doc_count(&self) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row("SELECT count(*) FROM stock_docs", [], |r| r.get(0))
            .unwrap()
    }
}

#[test]
fn cartons_in_cans_out_cost_and_profit_by_hand() {
    let shop = Shop::with_packs();
    // 2 thùng of 24 at 240.000 ₫ a thùng: 48 cans at 10.000 ₫.
    let (code, doc) = shop.json(&[
        "stock",
        "receive",
        "--supplier",
        "Đại lý Hòa Phát",
        "--item",
        &format!("2*{THUNG}@240000"),
        "--invoice-no",
        "0001234",
        "--json",
    ]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["number"], "PN000001");
    assert_eq!(doc["total"], 480_000);
    assert_eq!(doc["lines"][0]["base_sku"], "CAFE-SUA");
    assert_eq!(doc["lines"][0]["base_change"], "48");
    assert_eq!(doc["lines"][0]["cost_after"], 10_000);

    // Sell 3 single cans and 1 lốc of 6: 9 cans leave, 39 stay.
    shop.ok(&["sell", "--item", "3*CAFE-SUA", "--item", LOC, "--pay", "cash:200k"]);
    let s = shop.stock_of("CAFE-SUA");
    assert_eq!(s["on_hand"], "39");
    assert_eq!(s["in_packs"], "1 thùng + 2 lốc + 3 lon");
    assert_eq!(s["cost"], 10_000);
    assert_eq!(s["value"], 390_000);
    // The packs have no stock of their own.
    let (_, all) = shop.json(&["stock", "list", "--json"]);
    assert!(
        all["products"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["sku"] != "CAFE-SUA-THUNG")
    );

    // Revenue 3 × 15.000 + 87.000 = 132.000 (a direct-method household:
    // not net of VAT); cost 9 × 10.000 = 90.000; gross profit 42.000.
    let (code, p) = shop.json(&[
        "report",
        "profit",
        "--from",
        "2026-07-15",
        "--to",
        "2026-07-15",
        "--json",
    ]);
    assert_eq!(code, 0, "{p}");
    assert_eq!(p["net_of_vat"], false);
    assert_eq!(p["total"]["revenue"], 132_000);
    assert_eq!(p["total"]["cost"], 90_000);
    assert_eq!(p["total"]["profit"], 42_000);
    let (_, by) = shop.json(&[
        "report",
        "profit",
        "--from",
        "2026-07-15",
        "--to",
        "2026-07-15",
        "--by",
        "product",
        "--json",
    ]);
    let rows = by["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "cans and the lốc are one product: {by}");
    assert_eq!(rows[0]["key"], "CAFE-SUA");
    assert_eq!(rows[0]["profit"], 42_000);

    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    assert!(conn.execute("DELETE FROM sale_line_costs", []).is_err());
    // Refunding the lốc brings its 6 cans back, at the cost it left with.
    let out = shop.quay().args(["refund", "1", "--line", "2"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(shop.stock_of("CAFE-SUA")["on_hand"], "45");
    let (_, p) = shop.json(&[
        "report",
        "profit",
        "--from",
        "2026-07-15",
        "--to",
        "2026-07-15",
        "--json",
    ]);
    assert_eq!(p["total"]["revenue"], 45_000);
    assert_eq!(p["total"]["cost"], 30_000);
    assert_eq!(p["total"]["profit"], 15_000);
}

#[test]
fn moving_average_over_three_receivings() {
    let shop = Shop::with_packs();
    let recv = |item: &str| {
        shop.ok(&["stock", "receive", "--supplier", "Đại lý Hòa Phát", "--item", item]);
    };
    // 10 at 10.000 → 10.000
    recv("10*MI-GOI@10000");
    assert_eq!(shop.stock_of("MI-GOI")["cost"], 10_000);
    // + 20 at 13.000 → (100.000 + 260.000) / 30 = 12.000
    recv("20*MI-GOI@13000");
    assert_eq!(shop.stock_of("MI-GOI")["cost"], 12_000);
    // sell 5 → 25 left (cost unchanged); + 15 at 8.000 →
    // (25 × 12.000 + 120.000) / 40 = 420.000 / 40 = 10.500
    shop.ok(&["sell", "--item", "5*MI-GOI", "--pay", "cash:100k"]);
    recv("15*8936000001094@8000");
    let s = shop.stock_of("MI-GOI");
    assert_eq!(s["on_hand"], "40");
    assert_eq!(s["cost"], 10_500);
    assert_eq!(s["value"], 420_000);
    // The sale of 5 recorded the cost of the time: 5 × 12.000.
    let (_, p) = shop.json(&[
        "report",
        "profit",
        "--from",
        "2026-07-15",
        "--to",
        "2026-07-15",
        "--json",
    ]);
    assert_eq!(p["total"]["cost"], 60_000);
    assert_eq!(p["total"]["revenue"], 22_500);
}

#[test]
fn a_count_with_variance_and_an_adjustment_with_reason() {
    let shop = Shop::with_packs();
    shop.ok(&[
        "stock",
        "receive",
        "--supplier",
        "Đại lý Hòa Phát",
        "--item",
        &format!("2*{THUNG}@240000"),
    ]);
    // Counted: 1 thùng and 19 loose cans = 43; the file says 48: −5 cans
    // worth −50.000 ₫ at 10.000 ₫.
    let (code, doc) = shop.json(&[
        "stock",
        "count",
        "--item",
        &format!("1*{THUNG}"),
        "--item",
        "19*CAFE-SUA",
        "--item",
        "0*MI-GOI",
        "--json",
    ]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["number"], "KK000001");
    assert_eq!(doc["lines"][0]["expected"], "48");
    assert_eq!(doc["lines"][0]["counted"], "24");
    assert_eq!(doc["lines"][0]["base_change"], "-5");
    assert_eq!(doc["lines"][0]["amount"], -50_000);
    assert_eq!(doc["lines"][1]["counted"], "19");
    assert_eq!(doc["lines"][1]["base_change"], "0");
    assert_eq!(doc["total"], -50_000);
    assert_eq!(shop.stock_of("CAFE-SUA")["on_hand"], "43");
    assert_eq!(shop.stock_of("MI-GOI")["on_hand"], "0");
    // Partial count: other products untouched.
    assert_eq!(shop.stock_of("MAT-ONG")["on_hand"], "0");

    // Two cans damaged (hỏng).
    let (code, doc) = shop.json(&["stock", "adjust", "--item", "-2*CAFE-SUA", "--reason", "hỏng", "--json"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["number"], "DC000001");
    assert_eq!(doc["lines"][0]["reason"], "damaged");
    assert_eq!(doc["lines"][0]["amount"], -20_000);
    assert_eq!(shop.stock_of("CAFE-SUA")["on_hand"], "41");

    // Return one thùng to the supplier (a correction is a new document).
    let (code, doc) = shop.json(&[
        "stock",
        "return",
        "--supplier",
        "Đại lý Hòa Phát",
        "--item",
        &format!("1*{THUNG}@240000"),
        "--json",
    ]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["number"], "TH000001");
    assert_eq!(shop.stock_of("CAFE-SUA")["on_hand"], "17");
    // Documents are append-only.
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    assert!(conn.execute("UPDATE stock_docs SET total = 0", []).is_err());
    assert!(conn.execute("DELETE FROM stock_doc_lines", []).is_err());
    // …and in the audit chain, which still verifies.
    let (code, v) = shop.json(&["audit", "verify", "--json"]);
    assert_eq!(code, 0, "{v}");
}

#[test]
fn low_stock_and_reorder_levels() {
    let shop = Shop::with_packs();
    shop.ok(&[
        "stock",
        "receive",
        "--supplier",
        "Đại lý Hòa Phát",
        "--item",
        "12*MI-GOI@3000",
    ]);
    shop.ok(&["stock", "reorder", "MI-GOI", "--level", "10"]);
    shop.ok(&["stock", "reorder", "CAFE-SUA", "--level", "24"]);
    let (_, v) = shop.json(&["stock", "list", "--low", "--json"]);
    let skus: Vec<&str> = v["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["sku"].as_str().unwrap())
        .collect();
    assert_eq!(skus, ["CAFE-SUA"]);
    shop.ok(&["sell", "--item", "2*MI-GOI", "--pay", "cash:100k"]);
    let (_, v) = shop.json(&["stock", "list", "--low", "--json"]);
    assert_eq!(v["products"].as_array().unwrap().len(), 2);
    let out = shop.quay().args(["stock", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("On hand") && text.contains("Mì gói tôm chua cay (low)"),
        "{text}"
    );
}

#[test]
fn a_sale_below_zero_goes_through_and_is_logged() {
    let shop = Shop::with_packs();
    let logs = shop.dir.path().join("logs");
    let out = shop
        .quay()
        .env("QUAY_LOG_DIR", &logs)
        .args(["sell", "--item", LOC, "--pay", "cash:100k"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("warning: stock below zero after this sale: CAFE-SUA (-6)"),
        "{said}"
    );
    assert_eq!(shop.stock_of("CAFE-SUA")["on_hand"], "-6");
    let mut text = String::new();
    for f in std::fs::read_dir(&logs).unwrap() {
        text.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap());
    }
    assert!(text.contains("below zero") && text.contains("CAFE-SUA"), "{text}");
}

#[test]
fn bad_receiving_and_pack_input_is_refused_naming_the_field_and_writes_nothing() {
    let shop = Shop::with_packs();
    let recv = |item: &str| {
        shop.fails(&[
            "stock",
            "receive",
            "--supplier",
            "Đại lý Hòa Phát",
            "--item",
            "1*MI-GOI@1000",
            "--item",
            item,
        ])
    };
    let cases: [(&str, &str); 6] = [
        ("2*NO-SUCH@1000", "--item 2: no product with barcode or SKU 'NO-SUCH'"),
        ("-2*MI-GOI@1000", "negative"),
        ("2000000*MI-GOI@1000", "too large"),
        ("2*MI-GOI@-5", "negative"),
        ("2*MI-GOI@2000000000", "too large"),
        ("2*MI-GOI", "cost is missing"),
    ];
    for (item, want) in cases {
        let (code, err) = recv(item);
        assert_eq!(code, 1, "{item}: {err}");
        assert!(err.contains(want), "{item}: {err}");
    }
    let (code, err) = shop.fails(&["stock", "receive", "--supplier", "Nobody", "--item", "1*MI-GOI@1000"]);
    assert_eq!(code, 1);
    assert!(err.contains("--supplier"), "{err}");
    assert_eq!(shop.doc_count(), 0);
    assert_eq!(shop.stock_of("MI-GOI")["on_hand"], "0");

    // Packs: contains 0, a barcode already used, a pack of a pack.
    let pack = |extra: &[&str]| {
        let mut a = vec!["products", "pack", "add"];
        a.extend_from_slice(extra);
        shop.fails(&a)
    };
    let (code, err) = pack(&["MI-GOI", "--unit", "thùng", "--contains", "0", "--price", "100000"]);
    assert_eq!(code, 1);
    assert!(err.contains("--contains") && err.contains("at least 1"), "{err}");
    let (code, err) = pack(&[
        "MI-GOI",
        "--unit",
        "thùng",
        "--contains",
        "30",
        "--barcode",
        THUNG,
        "--price",
        "100000",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("--barcode") && err.contains("already belongs"), "{err}");
    let (code, err) = pack(&[
        "CAFE-SUA-THUNG",
        "--unit",
        "pallet",
        "--contains",
        "10",
        "--price",
        "3000000",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("pack of a pack"), "{err}");
    let (code, err) = pack(&["NO-SUCH", "--unit", "thùng", "--contains", "10", "--price", "1000"]);
    assert_eq!(code, 1);
    assert!(err.contains("no product with SKU 'NO-SUCH'"), "{err}");
    let (_, v) = shop.json(&["products", "list", "--format", "json"]);
    assert_eq!(
        v["products"].as_array().unwrap().len(),
        26,
        "only the two good packs were added"
    );

    // A count sheet for a deactivated product.
    shop.ok(&["products", "deactivate", "MAT-ONG"]);
    let (code, err) = shop.fails(&["stock", "count", "--item", "3*MI-GOI", "--item", "5*MAT-ONG"]);
    assert_eq!(code, 1);
    assert!(err.contains("--item 2") && err.contains("deactivated"), "{err}");
    // An adjustment without a known reason: a usage error listing the reasons.
    let (code, err) = shop.fails(&["stock", "adjust", "--item", "-1*MI-GOI", "--reason", "ăn thử"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--reason") && err.contains("damaged, expired, lost, other"),
        "{err}"
    );
    assert_eq!(shop.doc_count(), 0);
    assert_eq!(shop.stock_of("MI-GOI")["on_hand"], "0");
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_kiotviet_xlsx_brings_opening_stock_cost_and_packs() {
    let shop = Shop::invoicing();
    let file = data("kiotviet-products.xlsx");
    // KiotViet exports have no VAT column: say which rate.
    let (code, err) = shop.fails(&["products", "import", &file]);
    assert_eq!(code, 1);
    assert!(err.contains("missing column vat_rate"), "{err}");
    let (code, v) = shop.json(&["products", "import", &file, "--vat", "8", "--json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["added"], 3);
    let beer = shop.stock_of("BIA-333");
    assert_eq!(beer["name"], "Bia 333 lon 330ml");
    assert_eq!(beer["on_hand"], "48");
    assert_eq!(beer["cost"], 9_500);
    assert_eq!(beer["in_packs"], "2 thùng");
    assert_eq!(shop.stock_of("NUOC-MAM-NN")["value"], 20 * 28_000);
    // The carton scans at the counter and takes 24 cans.
    shop.ok(&["sell", "--item", "8936000009069", "--pay", "cash:300k"]);
    assert_eq!(shop.stock_of("BIA-333")["on_hand"], "24");
}

#[test]
fn a_sapo_csv_in_windows_1258_is_read_and_normalised() {
    let shop = Shop::invoicing();
    let file = data("sapo-products-cp1258.csv");
    // Read as UTF-8 on purpose: refused, every line named, nothing written.
    let (code, err) = shop.fails(&["products", "import", &file, "--encoding", "utf-8"]);
    assert_eq!(code, 1);
    assert!(err.contains("not UTF-8"), "{err}");
    let (code, v) = shop.json(&["products", "import", &file, "--json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["added"], 3);
    let tea = shop.stock_of("TRA-XANH");
    // NFC: "Độ" is one precomposed letter, as typed at the counter.
    assert_eq!(tea["name"], "Trà xanh Không Độ 455ml");
    assert_eq!(tea["on_hand"], "24");
    assert_eq!(tea["cost"], 7_800);
    assert_eq!(shop.stock_of("KEO-LAC")["on_hand"], "0");
    let (_, found) = shop.json(&["products", "list", "--search", "tra xanh khong do", "--format", "json"]);
    assert_eq!(found["products"][0]["sku"], "TRA-XANH");
}

#[test]
fn pack_columns_in_a_csv_and_their_errors() {
    let shop = Shop::invoicing();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "sku,barcode,name,unit,price_vnd,vat_rate,tags,pack_of,contains,cost,stock\n\
         LON,,Nước ngọt lon,lon,10000,8,,,,7000,24\n\
         LOC,,Nước ngọt lốc 6,lốc,58000,8,,LON,0,,\n\
         THUNG,,Nước ngọt thùng,thùng,220000,8,,NOPE,24,,\n\
         PALLET,,Pallet,pallet,2000000,8,,LOC2,10,,\n\
         LOC2,,Lốc 4,lốc,40000,8,,LON,4,,\n\
         X,,X,cái,1000,8,,,,-5,\n",
    )
    .unwrap();
    let (code, err) = shop.fails(&["products", "import", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("line 3, column contains"), "{err}");
    assert!(
        err.contains("line 4, column pack_of: no product with SKU 'NOPE'"),
        "{err}"
    );
    assert!(err.contains("line 5, column pack_of: 'LOC2' is itself a pack"), "{err}");
    assert!(err.contains("line 7, column cost"), "{err}");
    let (_, v) = shop.json(&["products", "list", "--format", "json"]);
    assert_eq!(v["products"].as_array().unwrap().len(), 24, "nothing imported");

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "sku,barcode,name,unit,price_vnd,vat_rate,tags,pack_of,contains,cost,stock\n\
         LOC,8936000009083,Nước ngọt lốc 6,lốc,58000,8,,LON,6,,\n\
         LON,,Nước ngọt lon,lon,10000,8,,,,7000,24\n",
    )
    .unwrap();
    shop.ok(&["products", "import", good.to_str().unwrap()]);
    let s = shop.stock_of("LON");
    assert_eq!(s["on_hand"], "24");
    assert_eq!(s["in_packs"], "4 lốc");
    shop.ok(&["sell", "--item", "2*8936000009083", "--pay", "cash:200k"]);
    assert_eq!(shop.stock_of("LON")["on_hand"], "12");
}

#[test]
fn a_vat_method_shop_earns_net_of_vat_and_deducts_input_vat() {
    let shop = Shop::empty();
    // `init` imports the sample catalogue too.
    shop.init(&[
        "--name",
        "Công ty TNHH Minh Anh",
        "--address",
        "12 Lê Lợi",
        "--ward",
        "Phường Thuận Hóa",
        "--bank",
        "VCB",
        "--account",
        "0071000123456",
        "--tax-code",
        "3301234567",
        "--tax-method",
        "deduction",
    ]);
    shop.ok(&["stock", "supplier", "add", "--name", "NCC", "--tax-code", "0101234567"]);
    // 10 cans at 10.000 ₫ + 8 % VAT: the VAT is deducted, the cost stays 10.000.
    let (code, doc) = shop.json(&[
        "stock",
        "receive",
        "--supplier",
        "NCC",
        "--item",
        "10*CAFE-SUA@10000",
        "--vat",
        "8",
        "--json",
    ]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["total"], 100_000);
    assert_eq!(doc["vat"], 8_000);
    assert_eq!(shop.stock_of("CAFE-SUA")["cost"], 10_000);
    // One can at 15.000 ₫ VAT included: revenue 15.000 / 1,08 = 13.889.
    shop.ok(&["sell", "--item", "CAFE-SUA", "--pay", "cash:20k"]);
    let (_, p) = shop.json(&[
        "report",
        "profit",
        "--from",
        "2026-07-15",
        "--to",
        "2026-07-15",
        "--by",
        "day",
        "--json",
    ]);
    assert_eq!(p["net_of_vat"], true);
    assert_eq!(p["total"]["revenue"], 13_889);
    assert_eq!(p["total"]["cost"], 10_000);
    assert_eq!(p["total"]["profit"], 3_889);
    assert_eq!(p["rows"][0]["key"], "2026-07-15");

    // A household (direct method) cannot deduct: the VAT is part of its cost.
    let household = Shop::with_packs();
    household.ok(&[
        "stock",
        "receive",
        "--supplier",
        "Đại lý Hòa Phát",
        "--item",
        "10*CAFE-SUA@10000",
        "--vat",
        "8",
    ]);
    assert_eq!(household.stock_of("CAFE-SUA")["cost"], 10_800);
}
