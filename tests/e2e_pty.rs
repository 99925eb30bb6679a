//! End to end: the real `quay` binary in a real pseudo-terminal (tmux),
//! driven like a cashier: scan two products, pay cash, quit; then the shop
//! file must hold exactly that sale. Needs tmux (`.ci/run` installs it).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    session: String,
}

impl Tmux {
    fn start(cmd: &str) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let session = format!("quay-e2e-{}-{n}", std::process::id());
        // (a server that is just shutting down after the last session
        // ended may refuse once: try again)
        let mut tries = 0;
        loop {
            let out = Command::new("tmux")
                .args(["new-session", "-d", "-s", &session, "-x", "100", "-y", "30", cmd])
                .output()
                .expect("tmux (Debian package tmux) must be installed; .ci/run installs it");
            tries += 1;
            if out.status.success() {
                break;
            }
            assert!(
                tries < 10,
                "tmux could not start: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::thread::sleep(Duration::from_millis(300));
        }
        Tmux { session }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen shows `text` (or fail with what it shows).
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "waited for {text:?}; the screen shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        assert!(Command::new("tmux").args(&args).status().unwrap().success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display())
}

/// The demo counter on `db` with a private HOME; when it ends, the shell
/// prints its exit status (so a test can tell a clean exit from a crash).
fn counter_cmd(home: &Path, db: &Path) -> String {
    format!(
        "env HOME={} TERM=xterm-256color {} --demo --db {}; echo \"[quay exited $?]\"; sleep 30",
        quote(home),
        quote(Path::new(env!("CARGO_BIN_EXE_quay"))),
        quote(db)
    )
}

#[test]
fn a_cashier_scans_two_products_pays_cash_and_the_sale_is_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.quay");
    let cmd = counter_cmd(dir.path(), &db);
    let t = Tmux::start(&cmd);
    t.wait_for("Giỏ hàng trống");
    // a USB scanner types the digits then Enter
    t.keys(&["8936000001025", "Enter"]);
    t.wait_for("Cà phê sữa đá lon");
    t.keys(&["8936000000950", "Enter"]);
    t.wait_for("Nước suối 500ml");
    t.wait_for("20.000");
    // pay: F5; the first sale of the day asks for the float in the drawer
    t.keys(&["F5"]);
    t.wait_for("Tiền đầu ca");
    t.keys(&["BSpace", "200k", "Enter"]);
    // cash is the default, 50k tendered
    t.wait_for("Thanh toán đơn");
    t.keys(&["50000", "Enter"]);
    let s = t.wait_for("Tiền thối");
    assert!(s.contains("30.000"), "change 30.000 shown:\n{s}");
    // still running until F10: the shell has not printed quay's exit status
    assert!(
        !t.screen().contains("[quay exited"),
        "quay ended before F10:\n{}",
        t.screen()
    );
    t.keys(&["F10"]);
    // F10 ends the program cleanly: the shell then prints its exit status
    t.wait_for("[quay exited 0]");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let sales: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT number, total, change FROM sales")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sales, vec![(1, 20_000, 30_000)]);
    let lines: Vec<(String, i64)> = conn
        .prepare("SELECT sku, qty_milli FROM sale_lines ORDER BY line_no")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        lines,
        vec![("CAFE-SUA".to_string(), 1000), ("NUOC-SUOI".to_string(), 1000)]
    );
    let pay: (String, i64, i64) = conn
        .query_row("SELECT method, amount, tendered FROM payments", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(pay, ("cash".to_string(), 20_000, 50_000));
    let float: i64 = conn
        .query_row("SELECT opening_float FROM cash_sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(float, 200_000, "the session opened with the counted float");
}

#[test]
fn an_officer_killed_mid_questionnaire_resumes_at_the_same_question() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("officer.quay");
    let bin = env!("CARGO_BIN_EXE_quay");
    let minimal = concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/examples/minimal.toml");
    let start = format!(
        "{bin} --db {} assess start {minimal} --shop 'Tạp hóa Cô Ba'; sleep 60",
        quote(&db)
    );
    let t = Tmux::start(&start);
    t.wait_for("Tên cửa hàng");
    // seven identity fields (the last is the owner's ID number)
    for _ in 0..7 {
        t.keys(&["Enter"]);
    }
    t.wait_for("Cửa hàng nhận thanh toán không tiền mặt thế nào?");
    t.keys(&["2"]); // A1 = static QR
    t.wait_for("Tỷ lệ doanh thu không tiền mặt");
    t.keys(&["4", "5", "Enter"]); // A2 = 45 %
    t.wait_for("Cửa hàng dùng công cụ số nào?");
    // kill -9: no chance to save anything on the way out
    let pids = Command::new("pgrep")
        .args(["-f", &format!("{} assess start", db.display())])
        .output()
        .unwrap();
    for pid in String::from_utf8_lossy(&pids.stdout).split_whitespace() {
        let _ = Command::new("kill").args(["-9", pid]).status();
    }
    drop(t);
    let list = Command::new(bin)
        .args(["--db"])
        .arg(&db)
        .args(["assess", "list", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v["assessments"][0]["finished"], false);
    let resume = format!(
        "{bin} --db {} assess resume --questionnaire {minimal}; sleep 60",
        quote(&db)
    );
    let t = Tmux::start(&resume);
    let screen = t.wait_for("Cửa hàng dùng công cụ số nào?");
    assert!(screen.contains("2/4"), "progress shows two answered:\n{screen}");
    t.keys(&["2", "4", "Enter"]); // B1 = x, z
    t.wait_for("Có sao lưu dữ liệu bán hàng không?");
    t.keys(&["?"]); // B2 = don't know
    let screen = t.wait_for("Mức 1");
    assert!(screen.contains("40.0/100"), "{screen}");
    t.keys(&["Enter"]);
    t.wait_for("Đã lưu kết quả");
    t.keys(&["Escape"]);
    drop(t);
    let report = Command::new(bin)
        .args(["--db"])
        .arg(&db)
        .args(["assess", "report", "1", "--format", "json", "--questionnaire", minimal])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(
        (v["level"].as_i64(), v["score"].as_f64(), v["finished"].as_bool()),
        (Some(1), Some(40.0), Some(true))
    );
}

#[test]
fn a_days_traps_at_the_counter_lose_no_money_and_no_cart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.quay");
    let cmd = counter_cmd(dir.path(), &db);
    let t = Tmux::start(&cmd);
    t.wait_for("Giỏ hàng trống");
    t.keys(&["8936000000325", "Enter"]);
    t.wait_for("Mứt bưởi");
    // the price is changed from another terminal while the counter runs
    let edit = Command::new(env!("CARGO_BIN_EXE_quay"))
        .args(["--db"])
        .arg(&db)
        .args(["products", "edit", "MUT-BUOI", "--price", "65.000"])
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(edit.status.success(), "{}", String::from_utf8_lossy(&edit.stderr));
    t.keys(&["8936000000325", "Enter"]);
    t.wait_for("giá mới 65.000");
    // a slow scanner types into the cash field: the item goes to the cart
    t.keys(&["F5"]);
    t.wait_for("Tiền đầu ca");
    t.keys(&["Enter"]);
    t.wait_for("Thanh toán đơn");
    for d in "8936000000950".chars() {
        t.keys(&[&d.to_string()]);
        std::thread::sleep(Duration::from_millis(60));
    }
    t.keys(&["Enter"]);
    t.wait_for("Nước suối 500ml");
    t.wait_for("130.000");
    // e-wallet: V, the wallet step (Enter = MoMo), then the amount typed
    t.keys(&["F5"]);
    t.wait_for("Thanh toán đơn");
    t.keys(&["v"]);
    t.wait_for("Chọn ví");
    t.keys(&["Enter"]);
    t.keys(&["130000", "Enter"]);
    t.wait_for("Enter hoặc quét mã để bắt đầu đơn mới");
    // a cart left open when the counter is closed is parked, not lost
    t.keys(&["Enter"]);
    t.keys(&["8936000000325", "Enter"]);
    t.wait_for("Mứt bưởi");
    t.keys(&["F10"]);
    t.wait_for("đã tạm giữ Đơn 1");
    t.wait_for("[quay exited 0]");
    drop(t);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let pays: Vec<(String, i64)> = conn
        .prepare("SELECT method, amount FROM payments")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(pays, vec![("wallet:momo".to_string(), 130_000)]);
    let lines: Vec<(String, i64)> = conn
        .prepare("SELECT sku, unit_price FROM sale_lines ORDER BY line_no")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        lines,
        vec![
            ("MUT-BUOI".to_string(), 60_000),
            ("MUT-BUOI".to_string(), 65_000),
            ("NUOC-SUOI".to_string(), 5_000)
        ]
    );
    drop(conn);
    // after a restart the parked cart is there, with its total
    let t = Tmux::start(&cmd);
    t.wait_for("Giỏ hàng trống");
    t.keys(&["F7"]);
    let s = t.wait_for("Đơn đang tạm giữ");
    assert!(s.contains("Đơn 1") && s.contains("65.000"), "{s}");
}

/// Issue 18: a barcode the catalogue does not know is scanned, added with
/// Ctrl+N (name, unit, price, VAT) and sold in the same flow.
#[test]
fn an_unknown_barcode_is_added_and_sold_in_one_flow() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.quay");
    let cmd = counter_cmd(dir.path(), &db);
    let t = Tmux::start(&cmd);
    t.wait_for("Giỏ hàng trống");
    t.keys(&["8935000099995", "Enter"]);
    t.wait_for("không có mã vạch 8935000099995");
    t.keys(&["C-n"]);
    t.wait_for("Thêm hàng mới 8935000099995");
    t.keys(&["-l", "Banh quy bo;goi;25000;8"]);
    t.keys(&["Enter"]);
    t.wait_for("Banh quy bo");
    t.wait_for("25.000");
    t.keys(&["F5"]);
    t.wait_for("Tiền đầu ca");
    t.keys(&["BSpace", "100k", "Enter"]);
    t.wait_for("Thanh toán đơn");
    t.keys(&["50000", "Enter"]);
    let s = t.wait_for("Tiền thối");
    assert!(s.contains("25.000"), "change 25.000 shown:\n{s}");
    t.keys(&["F10"]);
    t.wait_for("[quay exited 0]");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let product: (String, i64) = conn
        .query_row(
            "SELECT p.name, p.price FROM products p JOIN barcodes b ON b.product_id = p.id WHERE b.code = '8935000099995'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(product, ("Banh quy bo".to_string(), 25_000));
    let line: (String, i64, i64) = conn
        .query_row("SELECT sku, qty_milli, net FROM sale_lines", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(line, ("8935000099995".to_string(), 1000, 25_000));
}
