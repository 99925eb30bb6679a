//! CSV exports open right in Excel on Windows: every CSV quay writes starts
//! with a UTF-8 byte order mark (`--no-bom` for scripts), a spreadsheet
//! program reading it as `utf-8-sig` gets the Vietnamese names exactly, and
//! the exported catalogue imports back.

mod common;

use std::path::Path;

use assert_cmd::Command;

const BOM: &[u8] = b"\xEF\xBB\xBF";
const CATALOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv");
const NOW: &str = "2026-11-02T09:00:00+07:00";

use common::Shop;

impl Shop {
    /// A shop with the sample catalogue (Vietnamese names), at [`NOW`].
    fn new(name: &str) -> Shop {
        let s = Shop::empty().now(NOW);
        s.quay()
            .args([
                "init",
                "--name",
                name,
                "--address",
                "1 Lê Lợi",
                "--ward",
                "Phường Thuận Hóa",
            ])
            .args(["--tax-method", "direct", "--bank", "VCB", "--account", "123"])
            .assert()
            .success();
        s
    }

    fn stdout(&self, args: &[&str]) -> Vec<u8> {
        let out = self.quay().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    fn import(&self, file: &Path) -> serde_json::Value {
        let out = self
            .quay()
            .args(["products", "import"])
            .arg(file)
            .arg("--json")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// The `name` column as Python's csv module reads the file with the
/// encoding Excel-minded tools use (`utf-8-sig`).
fn names_read_by_python(file: &Path) -> Vec<String> {
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n    \
                  print(json.dumps([r['name'] for r in csv.DictReader(f)]))";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_catalogue_csv_has_a_bom_and_reads_back_exactly_in_python_and_in_quay() {
    let shop = Shop::new("Tạp hóa Cô Ba");
    shop.import(Path::new(CATALOG));
    let csv = shop.stdout(&["products", "list", "--format", "csv"]);
    assert!(csv.starts_with(BOM), "starts with EF BB BF");
    let file = shop.path("catalogue.csv");
    std::fs::write(&file, &csv).unwrap();

    let listed: serde_json::Value =
        serde_json::from_slice(&shop.stdout(&["products", "list", "--format", "json"])).unwrap();
    let expected: Vec<String> = listed["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    let names = names_read_by_python(&file);
    assert_eq!(names, expected);
    assert!(names.iter().any(|n| n == "Mứt bưởi 250g"), "{names:?}");

    // Round trip: the exported file (BOM and all) imports into a new shop.
    let other = Shop::new("Cửa hàng B");
    let r = other.import(&file);
    assert_eq!(r["added"].as_u64(), Some(expected.len() as u64), "{r}");
    let again: serde_json::Value =
        serde_json::from_slice(&other.stdout(&["products", "list", "--format", "json"])).unwrap();
    let without_ids = |v: &serde_json::Value| {
        let mut v = v["products"].clone();
        for p in v.as_array_mut().unwrap() {
            p.as_object_mut().unwrap().remove("id");
        }
        v
    };
    assert_eq!(
        without_ids(&again),
        without_ids(&listed),
        "the same catalogue, names exactly"
    );
}

#[test]
fn no_bom_leaves_it_out_for_scripts() {
    let shop = Shop::new("Tạp hóa Cô Ba");
    shop.import(Path::new(CATALOG));
    let csv = shop.stdout(&["--no-bom", "products", "list", "--format", "csv"]);
    assert!(
        csv.starts_with(b"sku,barcode,name"),
        "{}",
        String::from_utf8_lossy(&csv)
    );
    let csv = shop.stdout(&[
        "report",
        "cashless",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-02",
        "--format",
        "csv",
        "--no-bom",
    ]);
    assert!(csv.starts_with(b"period,"));
}

#[test]
fn every_csv_export_starts_with_the_bom() {
    let shop = Shop::new("Tạp hóa Cô Ba");
    shop.import(Path::new(CATALOG));
    shop.stdout(&["sell", "--item", "MUT-BUOI", "--pay", "qr", "--no-print", "--json"]);
    let csv = shop.stdout(&[
        "report",
        "cashless",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-02",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with(BOM), "report cashless");

    let (bundle, twin) = (shop.path("b.json"), shop.path("b.csv"));
    shop.quay()
        .args(["ward", "export", "--period", "2026-11", "--out"])
        .arg(&bundle)
        .arg("--csv")
        .arg(&twin)
        .assert()
        .success();
    assert!(std::fs::read(&twin).unwrap().starts_with(BOM), "ward export --csv");

    let ward = shop.path("ward.csv");
    Command::cargo_bin("quay")
        .unwrap()
        .env_clear()
        .env("QUAY_NOW", NOW)
        .args(["ward", "merge"])
        .arg(&bundle)
        .arg("--csv")
        .arg(&ward)
        .assert()
        .success();
    let bytes = std::fs::read(&ward).unwrap();
    assert!(bytes.starts_with(BOM), "ward merge --csv");
    assert!(String::from_utf8_lossy(&bytes).contains("Tạp hóa Cô Ba"));
}

#[test]
fn listings_and_reports_are_written_as_xlsx_with_vietnamese_text_and_numbers_as_numbers() {
    let shop = Shop::new("Tạp hóa Cô Ba");
    shop.import(Path::new(CATALOG));
    let file = shop.path("hang-hoa.xlsx");
    shop.quay()
        .args(["products", "list", "--format", "xlsx", "--out"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let cells = common::xlsx_cells(&file);
    assert_eq!(cells["A1"], ("s".into(), "SKU".into()));
    assert_eq!(cells["C1"], ("s".into(), "Name".into()));
    // Which row holds MUT-BUOI: its name is text, its price a number.
    let row = cells
        .iter()
        .find(|(r, v)| r.starts_with('A') && v.1 == "MUT-BUOI")
        .map(|(r, _)| r[1..].to_string())
        .expect("MUT-BUOI listed");
    assert_eq!(cells[&format!("C{row}")], ("s".into(), "Mứt bưởi 250g".into()));
    assert_eq!(cells[&format!("E{row}")], ("n".into(), "60000".into()));

    shop.stdout(&["sell", "--item", "MUT-BUOI", "--pay", "qr", "--no-print", "--json"]);
    let report = shop.path("khong-tien-mat.xlsx");
    shop.quay()
        .args(["report", "cashless", "--from", "2026-11-01", "--to", "2026-11-02"])
        .args(["--by", "range", "--format", "xlsx", "--out"])
        .arg(&report)
        .assert()
        .success();
    let cells = common::xlsx_cells(&report);
    assert_eq!(cells["A1"], ("s".into(), "Period".into()));
    assert_eq!(cells["B2"], ("n".into(), "1".into()), "one sale: {cells:?}");
    assert_eq!(cells["C2"], ("n".into(), "60000".into()), "{cells:?}");
    assert_eq!(
        cells["F2"],
        ("n".into(), "1".into()),
        "a share of 100 % is the number 1"
    );

    // A spreadsheet is never printed to a terminal; --out goes with csv or xlsx.
    shop.quay()
        .args(["products", "list", "--format", "xlsx"])
        .assert()
        .code(2);
    shop.quay()
        .args(["products", "list", "--format", "json", "--out"])
        .arg(shop.path("x.json"))
        .assert()
        .code(2);
}

impl Shop {
    /// Run `args` in Vietnamese with `--format xlsx --out FILE` and read the
    /// sheet back; nothing goes to stdout.
    fn xlsx_vi(&self, args: &[&str], file: &str) -> std::collections::BTreeMap<String, (String, String)> {
        let path = self.path(file);
        let mut c = Command::cargo_bin("quay").unwrap();
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("QUAY_NOW", NOW)
            .args(["--lang", "vi", "--db"])
            .arg(self.path("shop.quay"))
            .args(args)
            .args(["--format", "xlsx", "--out"])
            .arg(&path)
            .assert()
            .success()
            .stdout("");
        common::xlsx_cells(&path)
    }

    fn ok(&self, args: &[&str]) {
        self.stdout(args);
    }
}

fn text(s: &str) -> (String, String) {
    ("s".into(), s.into())
}

fn number(n: i64) -> (String, String) {
    ("n".into(), n.to_string())
}

#[test]
fn sales_list_as_xlsx_has_vietnamese_text_and_money_as_numbers() {
    let shop = Shop::new("Tạp hóa Cô Ba");
    shop.import(Path::new(CATALOG));
    shop.ok(&["sell", "--item", "MUT-BUOI", "--pay", "qr", "--no-print", "--json"]);
    let cells = shop.xlsx_vi(&["sales", "list"], "don-ban.xlsx");
    assert_eq!(cells["A1"], text("Số"), "{cells:?}");
    assert_eq!(cells["A2"], number(1), "{cells:?}");
    assert_eq!(cells["C2"], text("Bán hàng"), "{cells:?}");
    assert_eq!(cells["D2"], number(60_000), "{cells:?}");
    assert_eq!(cells["E2"], number(1), "one line: {cells:?}");
    assert_eq!(cells["F2"], text("Chuyển khoản (VietQR)"), "{cells:?}");

    // --json works as before; it does not go with a spreadsheet; xlsx needs --out.
    let v: serde_json::Value = serde_json::from_slice(&shop.stdout(&["sales", "list", "--json"])).unwrap();
    assert_eq!(v["sales"][0]["total"], 60_000, "{v}");
    shop.quay()
        .args(["sales", "list", "--json", "--format", "xlsx", "--out"])
        .arg(shop.path("x.xlsx"))
        .assert()
        .code(2);
    shop.quay().args(["sales", "list", "--format", "xlsx"]).assert().code(2);
    shop.quay()
        .args(["sales", "list", "--json", "--out"])
        .arg(shop.path("x.json"))
        .assert()
        .code(2);
    assert!(!shop.path("x.xlsx").exists() && !shop.path("x.json").exists());
}

#[test]
fn stock_list_as_xlsx_has_vietnamese_names_and_values_as_numbers() {
    let shop = Shop::new("Tạp hóa Cô Ba");
    shop.import(Path::new(CATALOG));
    shop.ok(&["stock", "supplier", "add", "--name", "Đại lý Hòa Phát"]);
    shop.ok(&[
        "stock",
        "receive",
        "--supplier",
        "Đại lý Hòa Phát",
        "--item",
        "10*MUT-BUOI@40000",
        "--json",
    ]);
    let cells = shop.xlsx_vi(&["stock", "list"], "ton-kho.xlsx");
    assert_eq!(cells["B1"], text("Tên hàng"), "{cells:?}");
    let row = cells
        .iter()
        .find(|(r, v)| r.starts_with('A') && v.1 == "MUT-BUOI")
        .map(|(r, _)| r[1..].to_string())
        .expect("MUT-BUOI listed");
    assert_eq!(cells[&format!("B{row}")], text("Mứt bưởi 250g"));
    assert_eq!(cells[&format!("C{row}")], number(10), "on hand: {cells:?}");
    assert_eq!(cells[&format!("D{row}")], text("hộp"));
    assert_eq!(cells[&format!("F{row}")], number(40_000), "cost: {cells:?}");
    assert_eq!(cells[&format!("G{row}")], number(400_000), "value: {cells:?}");
    // CSV from the same table, with the BOM.
    let csv = shop.stdout(&["stock", "list", "--format", "csv"]);
    assert!(csv.starts_with(BOM));
    assert!(String::from_utf8_lossy(&csv).contains("MUT-BUOI,Mứt bưởi 250g,10,hộp,,40000,400000"));
}

#[test]
fn debt_list_as_xlsx_has_the_customer_name_as_text_and_the_balance_as_a_number() {
    let shop = Shop::new("Tạp hóa Cô Ba");
    shop.import(Path::new(CATALOG));
    shop.ok(&[
        "customers",
        "add",
        "--name",
        "Chị Lan",
        "--phone",
        "0912 345 678",
        "--json",
    ]);
    shop.ok(&["customers", "edit", "Lan", "--limit", "1tr", "--json"]);
    shop.ok(&[
        "sell",
        "--item",
        "MUT-BUOI",
        "--customer",
        "Chị Lan",
        "--pay",
        "debt",
        "--no-print",
        "--json",
    ]);
    let cells = shop.xlsx_vi(&["debt", "list"], "cong-no.xlsx");
    assert_eq!(cells["B1"], text("Khách hàng"), "{cells:?}");
    assert_eq!(cells["B2"], text("Chị Lan"), "{cells:?}");
    assert_eq!(cells["D2"], number(60_000), "{cells:?}");
    assert_eq!(cells["G2"], number(60_000), "0-30 days: {cells:?}");
}

#[test]
fn profit_report_as_xlsx_has_product_names_as_text_and_amounts_as_numbers() {
    let shop = Shop::new("Tạp hóa Cô Ba");
    shop.import(Path::new(CATALOG));
    shop.ok(&[
        "sell",
        "--item",
        "2*MUT-BUOI",
        "--pay",
        "cash:200k",
        "--no-print",
        "--json",
    ]);
    let cells = shop.xlsx_vi(
        &[
            "report",
            "profit",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-02",
            "--by",
            "product",
        ],
        "lai-gop.xlsx",
    );
    assert_eq!(cells["A1"], text("Mã hàng"), "{cells:?}");
    assert_eq!(cells["A2"], text("MUT-BUOI"), "{cells:?}");
    assert_eq!(cells["B2"], text("Mứt bưởi 250g"), "{cells:?}");
    assert_eq!(cells["C2"], number(120_000), "revenue: {cells:?}");
    assert_eq!(cells["A3"], text("Tổng"), "{cells:?}");
    assert_eq!(cells["C3"], number(120_000), "{cells:?}");
}

#[test]
fn cashiers_report_as_xlsx_has_method_columns_and_amounts_as_numbers() {
    let shop = Shop::new("Tạp hóa Cô Ba");
    shop.import(Path::new(CATALOG));
    shop.ok(&["sell", "--item", "MUT-BUOI", "--pay", "qr", "--no-print", "--json"]);
    let cells = shop.xlsx_vi(&["report", "cashiers", "--date", "2026-11-02"], "thu-ngan.xlsx");
    assert_eq!(cells["A1"], text("Thu ngân"), "{cells:?}");
    assert_eq!(cells["B2"], number(1), "one sale: {cells:?}");
    assert_eq!(cells["C2"], number(60_000), "{cells:?}");
    assert_eq!(cells["I1"], text("Chuyển khoản (VietQR) (đ)"), "{cells:?}");
    assert_eq!(cells["I2"], number(60_000), "{cells:?}");
}

#[test]
fn invoice_list_as_xlsx_has_the_buyer_as_text_and_the_total_as_a_number() {
    let shop = common::Shop::invoicing();
    shop.quay()
        .args(["sell", "--item", "MUT-BUOI", "--pay", "qr", "--no-print"])
        .args(["--buyer-name", "Nguyễn Thị Hoa"])
        .assert()
        .success();
    let file = shop.path("hoa-don.xlsx");
    shop.quay()
        .args(["invoice", "list", "--format", "xlsx", "--out"])
        .arg(&file)
        .assert()
        .success()
        .stdout("");
    let cells = common::xlsx_cells(&file);
    assert_eq!(cells["A1"], text("Symbol"), "{cells:?}");
    assert_eq!(cells["A2"], text("2C26MAA"), "{cells:?}");
    assert_eq!(cells["B2"], number(1), "{cells:?}");
    assert_eq!(cells["E2"], number(60_000), "{cells:?}");
    assert_eq!(cells["H2"], text("Nguyễn Thị Hoa"), "{cells:?}");
}
