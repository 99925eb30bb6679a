//! The counter from the command line: `quay sell`, refunds, voids, users,
//! sessions and reports, on a real shop file.

use assert_cmd::Command;
use predicates::prelude::*;

mod common;
use common::Shop;

/// A demo shop (sample catalogue, direct tax method) in a temp folder, on
/// the real clock.
fn demo() -> Shop {
    Shop::empty().real_clock().with_demo()
}

impl Shop {
    /// Run a command that must succeed; its stdout as JSON.
    fn json_ok(&self, args: &[&str]) -> serde_json::Value {
        let out = self.quay().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{:?}: {}",
            args,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn sell_rings_up_the_sale_and_prints_its_number_and_totals() {
    let shop = demo();
    let v = shop.json_ok(&[
        "sell",
        "--item",
        "8936000001025",
        "--item",
        "0,35*GAO-ST25",
        "--item",
        "3*MI-GOI",
        "--pay",
        "cash:100k",
        "--json",
    ]);
    assert_eq!(v["number"], 1);
    assert_eq!(v["total"], 15_000 + 11_200 + 13_500);
    assert_eq!(v["change"], 100_000 - 39_700);
    assert_eq!(v["lines"][1]["qty_milli"], 350);
    assert_eq!(v["payments"][0]["tendered"], 100_000);
    // the shop file holds exactly that sale
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    let (n, total): (i64, i64) = conn
        .query_row("SELECT count(*), sum(total) FROM sales", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((n, total), (1, 39_700));
    let audit: i64 = conn
        .query_row("SELECT count(*) FROM audit WHERE action = 'sale.sale'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(audit, 1);
}

#[test]
fn split_tender_and_transfer_confirmation_are_recorded() {
    let shop = demo();
    let v = shop.json_ok(&[
        "sell",
        "--item",
        "MAT-ONG",
        "--pay",
        "card:4821@100000",
        "--pay",
        "qr",
        "--json",
    ]);
    assert_eq!(v["total"], 180_000);
    assert_eq!(v["payments"][0]["method"], "card");
    assert_eq!(v["payments"][0]["reference"], "4821");
    assert_eq!(v["payments"][1]["method"], "transfer");
    assert_eq!(v["payments"][1]["amount"], 80_000);
    assert_eq!(v["payments"][1]["confirmed_by"], "chủ cửa hàng");
    let v = shop.json_ok(&["sell", "--item", "NUOC-SUOI", "--pay", "wallet:momo:TX9", "--json"]);
    assert_eq!(v["payments"][0]["method"], "wallet:momo");
}

#[test]
fn bad_sales_are_refused_and_nothing_is_written() {
    let shop = demo();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--item", "8930000000000", "--pay", "cash"],
            "no product with code '8930000000000'",
        ),
        (
            vec!["--item", "0*MI-GOI", "--pay", "cash"],
            "quantity must be above zero",
        ),
        (
            vec!["--item", "-2*MI-GOI", "--pay", "cash"],
            "quantity '-2' is not valid",
        ),
        (vec!["--item", "99999*MI-GOI", "--pay", "cash"], "too large"),
        (vec!["--item", "MAT-ONG", "--pay", "cash:100000"], "80.000"),
        (vec!["--item", "MI-GOI", "--pay", "card@9000"], "only cash gives change"),
        (
            vec!["--item", "MI-GOI", "--discount", "5000", "--pay", "cash"],
            "more than the cart is worth",
        ),
    ];
    for (args, want) in cases {
        shop.quay()
            .arg("sell")
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(want));
    }
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "bitcoin"])
        .assert()
        .code(2);
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM sales", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}

#[test]
fn refunds_and_voids_are_new_documents_with_a_manager() {
    let shop = demo();
    shop.json_ok(&["sell", "--item", "3*MUT-BUOI", "--pay", "cash", "--json"]);
    let r = shop.json_ok(&["refund", "1", "--line", "1:2", "--json"]);
    assert_eq!(r["kind"], "refund");
    assert_eq!(r["total"], -120_000);
    assert_eq!(r["ref_number"], 1);
    shop.quay()
        .args(["refund", "1", "--line", "1:2"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("only 1 can still be returned"));
    // the original is untouched and lists its refund
    let s = shop.json_ok(&["sales", "show", "1", "--json"]);
    assert_eq!(s["total"], 180_000);
    assert_eq!(s["reversed_by"][0], 2);
    assert_eq!(s["lines"][0]["returned_milli"], 2000);

    shop.json_ok(&["sell", "--item", "MI-GOI", "--pay", "cash", "--json"]);
    let v = shop.json_ok(&["void", "--json"]);
    assert_eq!(v["kind"], "void");
    assert_eq!(v["total"], -4_500);
}

#[test]
fn users_pins_and_roles() {
    let shop = demo();
    shop.quay()
        .args(["users", "add", "Lan", "--role", "cashier", "--set-pin", "1111"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("first user must be a manager"));
    shop.quay()
        .args(["users", "add", "Hoa", "--role", "manager", "--set-pin", "2468"])
        .assert()
        .success();
    shop.quay()
        .args([
            "users",
            "add",
            "Lan",
            "--role",
            "cashier",
            "--set-pin",
            "1111",
            "--user",
            "Hoa",
            "--pin",
            "2468",
        ])
        .assert()
        .success();
    // now every counter command needs a user
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash"])
        .assert()
        .code(2);
    shop.quay()
        .args([
            "sell", "--item", "MI-GOI", "--pay", "cash", "--user", "Lan", "--pin", "9999",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("wrong PIN (1/5)"));
    let v = shop.json_ok(&[
        "sell", "--item", "MI-GOI", "--pay", "cash", "--user", "Lan", "--pin", "1111", "--json",
    ]);
    assert_eq!(v["user"], "Lan");
    // a cashier's big discount and a void need the manager
    shop.quay()
        .args([
            "sell",
            "--item",
            "MAT-ONG",
            "--discount",
            "20%",
            "--pay",
            "cash",
            "--user",
            "Lan",
            "--pin",
            "1111",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a manager's PIN"));
    let v = shop.json_ok(&[
        "sell",
        "--item",
        "MAT-ONG",
        "--discount",
        "20%",
        "--pay",
        "cash",
        "--user",
        "Lan",
        "--pin",
        "1111",
        "--manager",
        "Hoa",
        "--manager-pin",
        "2468",
        "--json",
    ]);
    assert_eq!(v["approved_by"], "Hoa");
    assert_eq!(v["total"], 144_000);
    shop.quay()
        .args(["void", "--user", "Lan", "--pin", "1111"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("manager"));
    let v = shop.json_ok(&[
        "void",
        "--user",
        "Lan",
        "--pin",
        "1111",
        "--manager",
        "Hoa",
        "--manager-pin",
        "2468",
        "--json",
    ]);
    assert_eq!(v["approved_by"], "Hoa");
    shop.quay()
        .args(["users", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Lan"));
}

#[test]
fn session_x_and_z_reports() {
    let shop = demo();
    shop.quay()
        .args(["session", "open", "--float", "500k"])
        .assert()
        .success();
    shop.quay().args(["session", "open", "--float", "1"]).assert().code(1);
    shop.json_ok(&["sell", "--item", "MAT-ONG", "--pay", "cash:200k", "--json"]);
    shop.json_ok(&["sell", "--item", "MUT-BUOI", "--pay", "qr", "--json"]);
    shop.quay()
        .args(["session", "cash-out", "--amount", "50k", "--reason", "mua đá"])
        .assert()
        .success();
    let x = shop.json_ok(&["report", "x", "--json"]);
    assert_eq!(x["sales_count"], 2);
    assert_eq!(x["expected_cash"], 500_000 + 180_000 - 50_000);
    assert_eq!(x["cashless_share_count"], 0.5);
    shop.quay()
        .args(["session", "close", "--counted", "625000"])
        .assert()
        .success()
        .stdout(predicate::str::contains("CLOSING REPORT Z 0001"))
        .stdout(predicate::str::contains("Variance"))
        .stdout(predicate::str::contains("-5.000"));
    let z = shop.json_ok(&["report", "z", "--json"]);
    assert_eq!(z["z_reports"][0]["z_number"], 1);
    assert_eq!(z["z_reports"][0]["variance"], -5_000);
    shop.quay().args(["report", "x"]).assert().code(1);
    // the frozen session cannot be changed
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    assert!(conn.execute("UPDATE cash_sessions SET counted_cash = 1", []).is_err());
    assert!(conn.execute("DELETE FROM sales", []).is_err());
}

#[test]
fn receipt_preview_fits_the_paper() {
    let shop = demo();
    shop.json_ok(&[
        "sell",
        "--item",
        "BANH-LOC",
        "--item",
        "NUOC-MAM",
        "--pay",
        "cash:200k",
        "--json",
    ]);
    for (paper, width) in [("58", 32), ("80", 48)] {
        let out = shop
            .quay()
            .args(["receipt", "preview", "1", "--paper", paper])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Bánh lọc Huế"));
        for line in text.lines() {
            assert!(line.chars().count() <= width, "{paper} mm: {line:?}");
        }
    }
}

#[test]
fn a_locked_shop_file_waits_then_says_so_and_loses_nothing() {
    let shop = demo();
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "is busy (another till is writing): waited 5 seconds, nothing changed",
        ));
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    shop.json_ok(&["sell", "--item", "MI-GOI", "--pay", "cash", "--json"]);
}

// ---- printing ---------------------------------------------------------------

fn listen_once() -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    use std::io::Read;
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let h = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        got
    });
    (port, h)
}

#[test]
fn a_sale_prints_to_the_network_printer_and_opens_the_drawer() {
    let shop = demo();
    let (port, h) = listen_once();
    shop.quay()
        .args([
            "init",
            "--printer",
            &format!("tcp://127.0.0.1:{port}"),
            "--print-mode",
            "tcvn3",
            "--paper",
            "58",
        ])
        .assert()
        .success();
    shop.json_ok(&["sell", "--item", "CAFE-SUA", "--pay", "cash:20k", "--json"]);
    let bytes = h.join().unwrap();
    assert!(bytes.starts_with(&[0x1B, b'@']));
    assert!(bytes.windows(3).any(|w| w == [0x1B, b'p', 0]), "drawer pulse on pin 2");
    assert!(bytes.windows(3).any(|w| w == [0x1B, b't', 30]), "TCVN3 page");
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    let status: String = conn
        .query_row("SELECT status FROM print_jobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "printed");
    let drawer: i64 = conn
        .query_row("SELECT count(*) FROM audit WHERE action = 'drawer.open'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(drawer, 1);
}

#[test]
fn a_printer_that_is_off_never_loses_the_sale() {
    let shop = demo();
    // a port nobody listens on: the connection is refused
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    shop.quay()
        .args(["init", "--printer", &format!("tcp://127.0.0.1:{port}")])
        .assert()
        .success();
    shop.quay()
        .args(["sell", "--item", "MI-GOI", "--pay", "cash"])
        .assert()
        .success()
        .stderr(predicate::str::contains("cannot connect to printer 127.0.0.1"))
        .stderr(predicate::str::contains("the sale is saved"));
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM sales", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
    let (status, err): (String, String) = conn
        .query_row("SELECT status, last_error FROM print_jobs", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(status, "failed");
    assert!(err.contains("cannot connect"));
    shop.quay()
        .args(["receipt", "jobs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("000001  failed"));
    // the printer comes back: reprint
    let (port, h) = listen_once();
    shop.quay()
        .args([
            "receipt",
            "print",
            "1",
            "--printer",
            &format!("tcp://127.0.0.1:{port}"),
            "--mode",
            "ascii",
        ])
        .assert()
        .success();
    let bytes = h.join().unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("Mi goi tom chua cay"));
    shop.quay()
        .args(["receipt", "jobs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No receipts waiting"));
}

#[test]
fn printer_settings_and_bad_printer_input() {
    let shop = demo();
    for (args, code, want) in [
        (vec!["--printer", "usb://printer"], 1, "unknown printer"),
        (vec!["--printer", "serial:/dev/ttyS0"], 1, "serial"),
        // a value outside a fixed set is a usage error listing the set
        (
            vec!["--paper", "57"],
            2,
            "invalid value '57' for '--paper <58|80>'; accepted values: 58, 80",
        ),
        (
            vec!["--print-mode", "utf8"],
            2,
            "invalid value 'utf8' for '--print-mode <MODE>'; accepted values: raster, tcvn3, cp1258, ascii",
        ),
        (vec!["--drawer-pin", "3"], 1, "expected 2 or 5"),
    ] {
        shop.quay()
            .arg("init")
            .args(&args)
            .assert()
            .code(code)
            .stderr(predicate::str::contains(want));
    }
    shop.quay().args(["receipt", "print", "1"]).assert().code(1);
    shop.json_ok(&["sell", "--item", "MI-GOI", "--pay", "cash", "--json"]);
    shop.quay()
        .args(["receipt", "print", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no printer set"));
    // a device file that is not there (unplugged USB printer): exit 3
    shop.quay()
        .args(["receipt", "print", "1", "--printer", "file:/dev/usb/lp-not-there"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("not found: is it on and plugged in?"));
}

#[test]
fn test_page_and_raster_preview() {
    let shop = demo();
    let out = shop.dir.path().join("lp0");
    std::fs::write(&out, b"").unwrap();
    shop.quay()
        .args(["printer", "test", "--printer"])
        .arg(format!("file:{}", out.display()))
        .assert()
        .success()
        .stdout(predicate::str::contains("raster"))
        .stdout(predicate::str::contains("tcvn3"));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        bytes.windows(2).filter(|w| *w == [0x1B, b'@']).count(),
        4,
        "one page per mode"
    );
    shop.json_ok(&["sell", "--item", "BANH-LOC", "--pay", "cash", "--json"]);
    let png = shop.dir.path().join("r.png");
    shop.quay()
        .args(["receipt", "preview", "1", "--paper", "58", "--png"])
        .arg(&png)
        .assert()
        .success()
        .stdout(predicate::str::contains("Bánh lọc Huế"));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn a_bill_can_carry_the_vietqr_code_for_its_total() {
    let shop = demo();
    let out = shop.dir.path().join("lp0");
    std::fs::write(&out, b"").unwrap();
    shop.json_ok(&["sell", "--item", "MUT-BUOI", "--pay", "qr", "--json"]);
    shop.quay()
        .args(["receipt", "print", "1", "--pay-qr", "--mode", "ascii", "--printer"])
        .arg(format!("file:{}", out.display()))
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    let start = bytes
        .windows(4)
        .position(|w| w == b"0002")
        .expect("a QR payload in the job");
    let end = start + bytes[start..].iter().position(|&b| b == 0x1D).unwrap();
    let payload = std::str::from_utf8(&bytes[start..end]).unwrap();
    let d = quay::vietqr::decode(payload).unwrap();
    assert_eq!(d.amount, Some(60_000));
    assert_eq!(d.purpose.as_deref(), Some("DH000001"));
    assert!(String::from_utf8_lossy(&bytes).contains("Scan to pay by bank transfer"));
}

#[test]
fn a_bad_date_is_refused_by_every_listing() {
    let shop = demo();
    for args in [
        &["sales", "list", "--from", "2026-13-01"][..],
        &["sales", "list", "--to", "23/11/2026"],
        &["invoice", "list", "--from", "yesterday"],
    ] {
        shop.quay()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is not valid: expected YYYY-MM-DD"));
    }
}

fn sales_count(shop: &Shop) -> i64 {
    let conn = rusqlite::Connection::open(shop.db()).unwrap();
    conn.query_row("SELECT count(*) FROM sales", [], |r| r.get(0)).unwrap()
}

/// `quay ARGS` with stdout a pipe whose reader has already gone.
fn run_into_broken_pipe(shop: &Shop, args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    std::process::Command::new(assert_cmd::cargo::cargo_bin("quay"))
        .env_clear()
        .env("HOME", shop.dir.path())
        .args(["--demo", "--lang", "en", "--db"])
        .arg(shop.db())
        .args(args)
        .stdout(writer)
        .output()
        .unwrap()
}

#[test]
fn listings_into_a_closed_pipe_end_quietly_with_exit_0() {
    let shop = demo();
    shop.quay()
        .args(["sell", "--item", "MUT-BUOI", "--pay", "cash"])
        .assert()
        .success();
    for args in [
        &["products", "list"][..],
        &["sales", "list"],
        &["sales", "list", "--json"],
    ] {
        let out = run_into_broken_pipe(&shop, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_sale_whose_stdout_is_gone_is_committed_exactly_once_and_exits_0() {
    let shop = demo();
    // the reader went away
    let out = run_into_broken_pipe(&shop, &["sell", "--item", "MUT-BUOI", "--pay", "cash"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(sales_count(&shop), 1);
    // stdout closed altogether: quay sell … >&-
    let quay = assert_cmd::cargo::cargo_bin("quay");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#""$0" "$@" >&-"#)
        .arg(&quay)
        .args(["--demo", "--lang", "en", "--db"])
        .arg(shop.db())
        .args(["sell", "--item", "MUT-BUOI", "--pay", "cash"])
        .env_clear()
        .env("HOME", shop.dir.path())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(sales_count(&shop), 2, "one sale per command, none lost, none doubled");
    // the shop file is intact
    shop.quay().args(["audit", "verify"]).assert().success();
}

#[test]
fn sell_with_the_same_id_returns_the_first_sale_instead_of_selling_again() {
    let shop = demo();
    let id = "3f2b8c1e-5d4a-4e2f-9b1c-7a6d5e4f3a2b";
    let args = ["sell", "--item", "MUT-BUOI", "--pay", "cash:100k", "--id", id, "--json"];
    let first = shop.json_ok(&args);
    let again = shop.json_ok(&args);
    assert_eq!(first["number"], again["number"]);
    assert_eq!(again["change"], 40_000);
    assert_eq!(sales_count(&shop), 1);
    // a different id is a different sale
    shop.json_ok(&["sell", "--item", "MUT-BUOI", "--pay", "cash", "--json"]);
    assert_eq!(sales_count(&shop), 2);
    shop.quay()
        .args(["sell", "--item", "MUT-BUOI", "--pay", "cash", "--id", "sale-1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--id 'sale-1': expected a UUID"));
    assert_eq!(sales_count(&shop), 2);
}

#[test]
fn sell_refuses_huge_tenders_and_asks_for_a_flag_on_large_ones() {
    let shop = demo();
    shop.quay()
        .args(["sell", "--item", "MUT-BUOI", "--pay", "cash:101.000.000.000"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("over the 100.000.000.000"));
    shop.quay()
        .args(["sell", "--item", "MUT-BUOI", "--pay", "cash:9223372036854775807"])
        .assert()
        .code(1);
    // an EAN-8 typed into the amount: over 10× the 60.000 due and over 5.000.000
    shop.quay()
        .args(["sell", "--item", "MUT-BUOI", "--pay", "cash:89360019"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--confirm-large"));
    assert_eq!(sales_count(&shop), 0);
    let v = shop.json_ok(&[
        "sell",
        "--item",
        "MUT-BUOI",
        "--pay",
        "cash:6tr",
        "--confirm-large",
        "--json",
    ]);
    assert_eq!(v["change"], 5_940_000);
    assert_eq!(sales_count(&shop), 1);
}

#[test]
fn only_goods_sold_by_measure_take_fractions_and_the_catalogue_says_which() {
    let shop = demo();
    shop.quay()
        .args(["sell", "--item", "0,5*MAT-ONG", "--pay", "cash"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("must be whole"));
    assert_eq!(sales_count(&shop), 0);
    shop.json_ok(&["sell", "--item", "0,35*GAO-ST25", "--pay", "cash", "--json"]);
    // the CSV column by_measure overrides the unit's default
    let csv = shop.dir.path().join("more.csv");
    std::fs::write(
        &csv,
        "sku,barcode,name,unit,price_vnd,vat_rate,tags,by_measure\n\
         MAT-ONG-LE,,Mật ong rót lẻ,chai,180000,8,,có\n\
         NUOC-MAM-CAN,,Nước mắm can,l,60000,8,,no\n\
         DAU-LE,,Dầu ăn đong,ml,90,8,,\n",
    )
    .unwrap();
    shop.quay().args(["products", "import"]).arg(&csv).assert().success();
    shop.json_ok(&[
        "sell",
        "--item",
        "0,5*MAT-ONG-LE",
        "--item",
        "250*DAU-LE",
        "--pay",
        "cash",
        "--json",
    ]);
    shop.quay()
        .args(["sell", "--item", "1,5*NUOC-MAM-CAN", "--pay", "cash"])
        .assert()
        .code(1);
    shop.quay()
        .args(["products", "edit", "NUOC-MAM-CAN", "--by-measure", "yes"])
        .assert()
        .success();
    shop.json_ok(&["sell", "--item", "1,5*NUOC-MAM-CAN", "--pay", "cash", "--json"]);
    assert_eq!(sales_count(&shop), 3);
    std::fs::write(
        &csv,
        "sku,barcode,name,unit,price_vnd,vat_rate,tags,by_measure\nX,,X,kg,1000,8,,maybe\n",
    )
    .unwrap();
    shop.quay()
        .args(["products", "import"])
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 2, column by_measure"));
}

#[test]
fn sales_list_names_payment_methods_in_the_chosen_language() {
    let shop = demo();
    shop.quay()
        .args([
            "sell",
            "--item",
            "MAT-ONG",
            "--pay",
            "card:4821@100000",
            "--pay",
            "cash",
        ])
        .assert()
        .success();
    let in_vi = |args: &[&str]| {
        let mut c = Command::cargo_bin("quay").unwrap();
        c.env_clear()
            .env("HOME", shop.dir.path())
            .args(["--demo", "--lang", "vi", "--db"])
            .arg(shop.db())
            .args(args);
        c.output().unwrap()
    };
    let vi = in_vi(&["sales", "list"]);
    let vi = String::from_utf8(vi.stdout).unwrap();
    assert!(vi.contains("Thẻ + Tiền mặt"), "{vi}");
    assert!(!vi.contains("cash"), "{vi}");
    // the receipt says "Mã GD:" for the card reference in Vietnamese
    let show = in_vi(&["sales", "show", "1"]);
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(show.contains("Mã GD: 4821") && !show.contains("Ref:"), "{show}");
    let en = shop.quay().args(["sales", "list"]).output().unwrap();
    assert!(String::from_utf8(en.stdout).unwrap().contains("Card + Cash"));
}

#[test]
fn a_refund_goes_back_the_way_the_sale_was_paid_unless_told_otherwise() {
    let shop = demo();
    shop.json_ok(&["sell", "--item", "2*MUT-BUOI", "--pay", "qr", "--json"]);
    let r = shop.json_ok(&["refund", "1", "--line", "1:1", "--reference", "FT2633", "--json"]);
    assert_eq!(r["payments"][0]["method"], "transfer");
    assert_eq!(r["payments"][0]["reference"], "FT2633");
    assert_eq!(r["payments"][0]["amount"], -60_000);
    let r = shop.json_ok(&["refund", "1", "--line", "1:1", "--method", "cash", "--json"]);
    assert_eq!(r["payments"][0]["method"], "cash");
}

#[test]
fn enumerated_arguments_list_their_values_and_refuse_others_before_anything_runs() {
    let shop = demo();
    // the help lists what --method takes
    shop.quay()
        .args(["refund", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("wallet:momo"));
    // a value outside the set: a usage error naming the argument and the set
    shop.quay()
        .args(["users", "add", "An", "--role", "boss", "--set-pin", "1234"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'boss' for '--role <cashier|manager>'; accepted values: cashier, manager",
        ));
    shop.quay()
        .args(["report", "cashiers", "--date", "2026-02-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value '2026-02-30' for '--date <DATE>': date '2026-02-30' is not valid: expected YYYY-MM-DD",
        ));
    shop.quay()
        .args([
            "report", "cashless", "--from", "2026-11", "--to", "2026-11", "--by", "year",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("accepted values: day, week, month, range"));
    // the same in Vietnamese
    Shop::empty()
        .vi()
        .real_clock()
        .with_demo()
        .quay()
        .args(["users", "add", "An", "--role", "boss", "--set-pin", "1234"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "giá trị 'boss' không hợp lệ cho '--role <cashier|manager>'; các giá trị được nhận: cashier, manager",
        ));
    // nothing was added by the refused command
    let users = shop.json_ok(&["users", "list", "--json"]);
    assert_eq!(users["users"], serde_json::json!([]), "{users}");
    // the spellings taken before are still taken: Vietnamese reasons and roles
    shop.json_ok(&[
        "stock",
        "adjust",
        "--item",
        "-1*MI-GOI",
        "--reason",
        "hết hạn",
        "--json",
    ]);
    shop.quay()
        .args(["users", "add", "An", "--role", "quan-ly", "--set-pin", "1234"])
        .assert()
        .success();
}
