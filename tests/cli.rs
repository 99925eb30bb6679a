//! The `quay` binary as a shopkeeper or a script would use it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv");

mod common;
use common::Shop;

impl Shop {
    /// `quay --db <shop> ARGS` with a private HOME, no inherited settings,
    /// Vietnamese messages and the real clock.
    fn new() -> Shop {
        Shop::empty()
            .vi()
            .real_clock()
            .home_in("home")
            .env("QUAY_USER", "tester")
    }

    fn init_co_ba(&self) -> &Shop {
        self.quay()
            .args([
                "init",
                "--name",
                "Tạp hóa Cô Ba",
                "--address",
                "12 Lê Lợi",
                "--ward",
                "Phường Thuận Hóa",
                "--tax-method",
                "direct",
                "--bank",
                "VCB",
                "--account",
                "0071000123456",
            ])
            .assert()
            .success();
        self
    }

    fn import_sample(&self) -> &Shop {
        self.quay().args(["products", "import", SAMPLE]).assert().success();
        self
    }

    fn products_json(&self) -> serde_json::Value {
        let out = self
            .quay()
            .args(["products", "list", "--all", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn product_count(&self) -> usize {
        self.products_json()["products"].as_array().unwrap().len()
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

fn file_bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

#[test]
fn init_creates_the_shop_and_show_prints_it() {
    let shop = Shop::new();
    shop.init_co_ba();
    shop.quay()
        .args(["init", "--show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Tạp hóa Cô Ba"))
        .stdout(predicate::str::contains("Vietcombank (970436)"));
    let out = shop.quay().args(["init", "--show", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["bank_bin"], "970436");
    assert_eq!(v["tax_method"], "direct");
    assert_eq!(v["shop_id"].as_str().unwrap().len(), 32);
}

#[test]
fn init_rerun_changes_one_field_and_keeps_the_rest() {
    let shop = Shop::new();
    shop.init_co_ba();
    let before: serde_json::Value =
        serde_json::from_slice(&shop.quay().args(["init", "--show", "--json"]).output().unwrap().stdout).unwrap();
    shop.quay()
        .args(["init", "--tax-code", "0312345678-001"])
        .assert()
        .success();
    let after: serde_json::Value =
        serde_json::from_slice(&shop.quay().args(["init", "--show", "--json"]).output().unwrap().stdout).unwrap();
    assert_eq!(after["tax_code"], "0312345678-001");
    assert_eq!(after["name"], before["name"]);
    assert_eq!(after["shop_id"], before["shop_id"], "the shop id is stable");
}

#[test]
fn init_refuses_bad_fields_naming_them_and_creates_nothing() {
    let shop = Shop::new();
    shop.quay()
        .args(["--lang", "en", "init", "--name", "X", "--address", "Y", "--ward", "Z"])
        .args(["--tax-method", "direct", "--bank", "VCB", "--account", "00 71"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--account: account '00 71' is not valid"));
    assert!(!shop.db().exists(), "a refused first run leaves no file");
    shop.quay()
        .args(["init", "--name", "X", "--address", "Y", "--ward", "Z"])
        .args([
            "--tax-method",
            "direct",
            "--bank",
            "VCB",
            "--account",
            "1",
            "--tax-code",
            "12345",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("mã số thuế '12345' không hợp lệ"));
    shop.quay()
        .args(["init", "--name", "X", "--address", "Y", "--ward", "Z"])
        .args(["--tax-method", "direct", "--bank", "NOBANK", "--account", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--bank"));
}

#[test]
fn an_unknown_bin_is_saved_with_a_warning() {
    let shop = Shop::new();
    shop.quay()
        .args(["--lang", "en", "init", "--name", "X", "--address", "Y", "--ward", "Z"])
        .args(["--tax-method", "deduction", "--bank", "999999", "--account", "ABC123"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: BIN 999999 is not in the bundled NAPAS directory",
        ));
}

#[test]
fn import_then_list_and_search_folds_diacritics() {
    let shop = Shop::new();
    shop.init_co_ba().import_sample();
    assert_eq!(shop.product_count(), 24);
    shop.quay()
        .args(["products", "list", "--search", "ca phe"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Cà phê sữa đá lon 235ml"));
    let out = shop
        .quay()
        .args(["products", "list", "--search", "8936000001025", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["products"][0]["sku"], "CAFE-SUA");
    assert_eq!(v["products"][0]["match"], "barcode");
    assert_eq!(v["products"][0]["price"], 15000);
}

#[test]
fn csv_listing_imports_back_unchanged() {
    let shop = Shop::new();
    shop.init_co_ba().import_sample();
    let out = shop
        .quay()
        .args(["products", "list", "--format", "csv"])
        .output()
        .unwrap();
    let other = Shop::new();
    other.init_co_ba();
    let file = other.write("export.csv", &out.stdout);
    other.quay().args(["products", "import"]).arg(&file).assert().success();
    let strip = |v: serde_json::Value| -> Vec<serde_json::Value> {
        v["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let mut p = p.clone();
                p.as_object_mut().unwrap().remove("id");
                p
            })
            .collect()
    };
    assert_eq!(strip(shop.products_json()), strip(other.products_json()));
}

#[test]
fn a_bad_csv_imports_nothing_and_names_every_bad_row() {
    let shop = Shop::new();
    shop.init_co_ba();
    let mut csv = b"sku,barcode,name,unit,price_vnd,vat_rate,tags\n".to_vec();
    csv.extend_from_slice("OK1,8936000000110,Tốt,cái,1000,8,\n".as_bytes());
    csv.extend_from_slice("BAD1,,Giá sai,cái,\"12,5k\",8,\n".as_bytes());
    csv.extend_from_slice("BAD2,8936000000111,Sai số kiểm,cái,1000,8,\n".as_bytes());
    csv.extend_from_slice("BAD3,,Thiếu cột,cái,1000\n".as_bytes());
    csv.extend_from_slice("BAD4,,,cái,1000,8,\n".as_bytes());
    csv.extend_from_slice("BAD5,,Thuế lạ,cái,1000,7,\n".as_bytes());
    csv.extend_from_slice("BAD6,8936000000110,Trùng mã,cái,1000,8,\n".as_bytes());
    csv.extend_from_slice(b"BAD7,,Caf\xe9,c\xe1i,1000,8,\n");
    let file = shop.write("bad.csv", &csv);
    shop.quay()
        .args(["--lang", "en", "products", "import"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 3, column price_vnd: price '12,5k' is not valid",
        ))
        .stderr(predicate::str::contains(
            "line 4, column barcode: barcode '8936000000111' has check digit 1, expected 0",
        ))
        .stderr(predicate::str::contains("line 5: 5 columns, expected 7"))
        .stderr(predicate::str::contains("line 6, column name: name is empty"))
        .stderr(predicate::str::contains(
            "line 7, column vat_rate: VAT rate '7' is not valid",
        ))
        .stderr(predicate::str::contains(
            "line 8, column barcode: barcode '8936000000110' already on line 2",
        ))
        .stderr(predicate::str::contains("line 9, column name: byte 4 is not UTF-8"))
        .stderr(predicate::str::contains("7 bad rows: nothing imported"));
    assert_eq!(shop.product_count(), 0);

    // --dry-run writes nothing; --skip-bad imports the one good row
    shop.quay()
        .args(["products", "import", "--dry-run", "--skip-bad"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(shop.product_count(), 0);
    let out = shop
        .quay()
        .args(["products", "import", "--skip-bad", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 1);
    assert_eq!(v["refused"].as_array().unwrap().len(), 7);
    assert_eq!(v["refused"][0]["line"], 3);
    assert_eq!(shop.product_count(), 1);
}

#[test]
fn a_barcode_already_in_the_catalogue_is_refused_for_another_product() {
    let shop = Shop::new();
    shop.init_co_ba().import_sample();
    let file = shop.write(
        "clash.csv",
        "sku,barcode,name,unit,price_vnd,vat_rate,tags\nNEW,8936000001025,Cà phê khác,lon,1000,8,\n".as_bytes(),
    );
    shop.quay()
        .args(["--lang", "en", "products", "import"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already belongs to product 'CAFE-SUA'"));
}

#[test]
fn an_unreadable_header_refuses_the_whole_file() {
    let shop = Shop::new();
    shop.init_co_ba();
    let file = shop.write("x.csv", b"foo,bar\n1,2\n");
    shop.quay()
        .args(["--lang", "en", "products", "import"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "missing column sku, name, unit, price_vnd, vat_rate",
        ));
    shop.quay()
        .args(["products", "import"])
        .arg(shop.path("nope.csv"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("không đọc được tệp"));
}

#[test]
fn add_edit_deactivate_from_the_command_line() {
    let shop = Shop::new();
    shop.init_co_ba();
    shop.quay()
        .args([
            "products",
            "add",
            "--sku",
            "BM1",
            "--name",
            "Bánh mì thịt",
            "--unit",
            "ổ",
        ])
        .args(["--price", "20k", "--vat", "8", "--barcode", "8936000000189"])
        .assert()
        .success()
        .stdout(predicate::str::contains("20.000"));
    shop.quay()
        .args([
            "products", "add", "--sku", "BM1", "--name", "x", "--unit", "cái", "--price", "1", "--vat", "8",
        ])
        .assert()
        .code(1);
    shop.quay()
        .args([
            "products", "add", "--sku", "BM2", "--name", "x", "--unit", "cái", "--price", "12,5", "--vat", "8",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--price"));
    shop.quay()
        .args([
            "products", "add", "--sku", "BM2", "--name", "x", "--unit", "cái", "--price", "1",
        ])
        .assert()
        .code(2);
    shop.quay()
        .args(["products", "edit", "BM1", "--price", "22.000"])
        .assert()
        .success();
    shop.quay().args(["products", "deactivate", "BM1"]).assert().success();
    let v = shop.products_json();
    assert_eq!(v["products"][0]["price"], 22000);
    assert_eq!(v["products"][0]["active"], false);
    shop.quay()
        .args(["products", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Danh mục trống"));
    shop.quay().args(["products", "deactivate", "NOPE"]).assert().code(1);
}

#[test]
fn backup_copy_is_checked_and_audit_chain_verifies() {
    let shop = Shop::new();
    shop.init_co_ba().import_sample();
    let out = shop.path("copy.quay");
    shop.quay()
        .args(["backup", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("ok"));
    let copy = Command::cargo_bin("quay")
        .unwrap()
        .env_clear()
        .arg("--db")
        .arg(&out)
        .args(["products", "list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&copy.stdout).unwrap();
    assert_eq!(v["products"].as_array().unwrap().len(), 24);
    shop.quay().args(["backup", "--out"]).arg(&out).assert().code(1);

    shop.quay()
        .args(["audit", "verify", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"first_broken\":null"));
}

#[test]
fn tampering_with_the_audit_log_is_reported_at_the_first_broken_row() {
    let shop = Shop::new();
    shop.init_co_ba().import_sample();
    shop.quay().args(["init", "--phone", "0912345678"]).assert().success();
    {
        let conn = rusqlite::Connection::open(shop.db()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_no_update;
             UPDATE audit SET details = replace(details, 'sample', 'other') WHERE seq = 2;",
        )
        .unwrap();
    }
    shop.quay()
        .args(["--lang", "en", "audit", "verify"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Audit chain broken at row 2"));
}

#[test]
fn unusable_shop_files_get_clear_messages_and_exit_3() {
    let shop = Shop::new();
    // missing
    shop.quay()
        .args(["--lang", "en", "products", "list"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("does not exist: run `quay init"));
    assert!(!shop.db().exists());
    // corrupt
    std::fs::write(shop.db(), vec![7u8; 4096]).unwrap();
    shop.quay()
        .args(["--lang", "en", "products", "list"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("is damaged"));
    assert_eq!(
        file_bytes(&shop.db()),
        vec![7u8; 4096],
        "a damaged file is left as it was"
    );
    std::fs::remove_file(shop.db()).unwrap();
    // read-only
    shop.init_co_ba();
    let mut perm = std::fs::metadata(shop.db()).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(shop.db(), perm).unwrap();
    shop.quay()
        .args(["--lang", "en", "init", "--phone", "0912345678"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("is read-only"));
}

#[test]
fn a_file_from_a_newer_quay_is_refused() {
    let shop = Shop::new();
    shop.init_co_ba();
    rusqlite::Connection::open(shop.db())
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    shop.quay()
        .args(["--lang", "en", "products", "list"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("written by a newer quay (schema 99"));
}

#[test]
fn demo_shop_is_ready_to_use() {
    let shop = Shop::new();
    let mut c = Command::cargo_bin("quay").unwrap();
    c.env_clear()
        .env("HOME", shop.path("home"))
        .args(["--demo", "init", "--show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("DEMO"));
    let mut c = Command::cargo_bin("quay").unwrap();
    c.env_clear()
        .env("HOME", shop.path("home"))
        .args(["--demo", "products", "list", "-s", "mat ong"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Mật ong rừng"));
    assert!(shop.path("home/.local/share/quay/demo.quay").exists());
}

#[test]
fn usage_errors_exit_2() {
    let shop = Shop::new();
    shop.quay().args(["products", "frobnicate"]).assert().code(2);
    shop.quay().args(["--lang", "fr", "products", "list"]).assert().code(2);
}

// ---- VietQR ---------------------------------------------------------------

const V01: &str = "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E";
const MOMO: &str = "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8";

#[test]
fn vietqr_decode_prints_every_field() {
    let shop = Shop::new();
    shop.quay()
        .args(["--lang", "en", "vietqr", "decode", V01])
        .assert()
        .success()
        .stdout(predicate::str::contains("VietQR transfer"))
        .stdout(predicate::str::contains("970403 Sacombank"))
        .stdout(predicate::str::contains("0011012345678"))
        .stdout(predicate::str::contains("180.000"))
        .stdout(predicate::str::contains("thanh toan don hang"))
        .stdout(predicate::str::contains("2E2E ✓"));
    let out = shop.quay().args(["vietqr", "decode", MOMO, "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "vietqr_transfer");
    assert_eq!(v["bank"]["bin"], "970454");
    assert_eq!(v["other_fields"][0]["id"], "80");
    assert_eq!(v["reference"], "MOMOW2W34875080");
}

#[test]
fn vietqr_decode_refuses_bad_payloads_with_the_reason() {
    let shop = Shop::new();
    let broken = format!("{}2E2F", &V01[..V01.len() - 4]);
    shop.quay()
        .args(["--lang", "en", "vietqr", "decode", &broken])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "CRC mismatch: the payload says 2E2F, its content gives 2E2E",
        ));
    shop.quay()
        .args(["--lang", "en", "vietqr", "decode", &V01[..40]])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("invalid QR payload"));
    shop.quay()
        .args(["vietqr", "decode", ""])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("mã trống"));
    let out = shop.quay().args(["vietqr", "decode", "x", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
}

#[test]
fn vietqr_encode_from_arguments_and_from_the_profile() {
    let shop = Shop::new();
    let out = shop
        .quay()
        .args(["vietqr", "encode", "--bank", "VCB", "--account", "0071000123456"])
        .args(["--amount", "125k", "--purpose", "Đơn 12 – cảm ơn", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let payload = v["payload"].as_str().unwrap();
    let d = quay::vietqr::decode(payload).unwrap();
    assert_eq!(d.amount, Some(125_000));
    assert_eq!(d.purpose.as_deref(), Some("Don 12 cam on"));
    assert_eq!(d.bin.as_deref(), Some("970436"));

    shop.init_co_ba();
    let out = shop
        .quay()
        .args(["vietqr", "encode", "--amount", "50000"])
        .output()
        .unwrap();
    let payload = String::from_utf8(out.stdout).unwrap();
    let d = quay::vietqr::decode(payload.lines().next().unwrap()).unwrap();
    assert_eq!(d.account.as_deref(), Some("0071000123456"));
    assert_eq!(d.amount, Some(50_000));

    for bad in [["--amount", "0"], ["--amount", "500tr"], ["--amount", "12,5"]] {
        shop.quay().args(["vietqr", "encode"]).args(bad).assert().code(1);
    }
    shop.quay()
        .args(["vietqr", "encode", "--bank", "VCB", "--account", "12 34"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("38/01/01"));
}

#[test]
fn the_shops_own_momo_qr_makes_the_per_sale_codes() {
    let shop = Shop::new();
    shop.init_co_ba();
    shop.quay()
        .args(["--lang", "en", "init", "--from-qr", MOMO])
        .assert()
        .success()
        .stdout(predicate::str::contains("99MM24011M34875080"))
        .stdout(predicate::str::contains("Field 80"));
    let out = shop
        .quay()
        .args(["vietqr", "encode", "--amount", "42000", "--purpose", "HD7", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = quay::vietqr::decode(v["payload"].as_str().unwrap()).unwrap();
    assert_eq!(d.account.as_deref(), Some("99MM24011M34875080"));
    assert_eq!(d.reference.as_deref(), Some("MOMOW2W34875080"));
    assert_eq!(d.amount, Some(42_000));
    assert_eq!(d.other_fields()[0].value, "046");
    shop.quay()
        .args(["init", "--from-qr", "0002010102"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--from-qr"));
}
