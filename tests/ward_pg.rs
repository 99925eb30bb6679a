//! `quay ward load --postgres` against a real PostgreSQL: a throw-away
//! cluster (initdb + pg_ctl in a temporary folder, 127.0.0.1 on a free
//! port, run as `nobody` when the tests run as root, since PostgreSQL
//! refuses root), stopped at the end. Skipped, saying so, only when no
//! PostgreSQL server binaries exist here (`.ci/run` installs them); when
//! they exist and the server does not start, the test fails with its log.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

mod common;
use common::Shop;

/// initdb, pg_ctl: on the PATH or in the newest /usr/lib/postgresql/*/bin.
fn pg_bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    if let Some(d) = on_path
        .into_iter()
        .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
    {
        return Some(d);
    }
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    dirs.sort();
    dirs.pop().map(|(_, d)| d)
}

fn is_root() -> bool {
    Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    as_nobody: bool,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Cluster {
    fn cmd(&self, prog: &str) -> Process {
        let exe = self.bin.join(prog);
        if self.as_nobody {
            let mut c = Process::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(exe);
            c
        } else {
            Process::new(exe)
        }
    }

    /// Start a cluster, or `None` (with the reason printed) when there is
    /// no PostgreSQL here at all.
    fn start() -> Option<Cluster> {
        let Some(bin) = pg_bin_dir() else {
            eprintln!(
                "SKIPPED ward_pg: no PostgreSQL server binaries (initdb, pg_ctl) on the PATH or in \
                 /usr/lib/postgresql/*/bin; install the Debian package `postgresql` (.ci/run does)"
            );
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let as_nobody = is_root();
        let data = dir.path().join("data");
        let sock = dir.path().join("sock");
        std::fs::create_dir(&data).unwrap();
        std::fs::create_dir(&sock).unwrap();
        if as_nobody {
            // PostgreSQL refuses to run as root: the folders go to `nobody`
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
            let st = Process::new("chown")
                .args(["nobody"])
                .arg(&data)
                .arg(&sock)
                .status()
                .unwrap();
            assert!(st.success(), "chown nobody failed");
        }
        // a free port: bind port 0, read it, let it go
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = Cluster {
            bin,
            data,
            as_nobody,
            port,
            _dir: dir,
        };
        let out = c
            .cmd("initdb")
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "-D",
            ])
            .arg(&c.data)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let log = c.data.join("server.log");
        let opts = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
            sock.display()
        );
        let out = c
            .cmd("pg_ctl")
            .arg("-D")
            .arg(&c.data)
            .args(["-o", &opts, "-l"])
            .arg(&log)
            .args(["-w", "-t", "60", "start"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        Some(c)
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres?sslmode=disable", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

impl Shop {
    fn new(name: &str) -> Shop {
        let s = Shop::empty();
        s.at("2026-11-01T08:00:00+07:00")
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
        s.at("2026-11-01T08:00:00+07:00")
            .args([
                "products",
                "import",
                concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv"),
            ])
            .assert()
            .success();
        s
    }

    fn sell(&self, now: &str, item: &str, pay: &str) {
        self.at(now)
            .args(["sell", "--item", item, "--pay", pay])
            .assert()
            .success();
    }

    fn export(&self, out: &Path) {
        self.at("2026-12-05T08:00:00+07:00")
            .args(["ward", "export", "--period", "2026-11", "--out"])
            .arg(out)
            .assert()
            .success();
    }

    fn key(&self) -> ed25519_dalek::SigningKey {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        let secret: Vec<u8> = conn.query_row("SELECT secret FROM ward_key", [], |r| r.get(0)).unwrap();
        ed25519_dalek::SigningKey::from_bytes(&secret.try_into().unwrap())
    }
}

fn read_bundle(p: &Path) -> quay::report::bundle::Bundle {
    quay::report::bundle::parse(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn write_bundle(p: &Path, b: &quay::report::bundle::Bundle) {
    std::fs::write(p, serde_json::to_string_pretty(b).unwrap()).unwrap();
}

fn quay(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("quay")
        .unwrap()
        .env_clear()
        .env("QUAY_NOW", "2026-12-20T08:00:00+07:00")
        .args(["--lang", "en"])
        .args(args)
        .output()
        .unwrap()
}

fn refusals(v: &serde_json::Value) -> Vec<(String, String)> {
    let mut r: Vec<(String, String)> = v["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["file"].as_str().unwrap().to_string(),
                x["reason_code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    r.sort();
    r
}

#[test]
fn loaded_bundles_give_the_same_ward_figures_in_sql_as_the_merge() {
    let Some(pg) = Cluster::start() else { return };
    let bundles = tempfile::tempdir().unwrap();
    let dir = bundles.path();
    // two real shops; the first re-exports after a late sale (revision 2)
    let a = Shop::new("Tạp hóa Cô Ba");
    a.sell("2026-11-02T09:00:00+07:00", "MUT-BUOI", "cash");
    a.sell("2026-11-02T10:00:00+07:00", "TRA-CUNG", "qr");
    a.export(&dir.join("a1.json"));
    a.sell("2026-11-29T10:00:00+07:00", "MAT-ONG", "card");
    a.export(&dir.join("a2.json"));
    let b = Shop::new("Quán Bà Năm");
    for _ in 0..10 {
        b.sell("2026-11-03T09:00:00+07:00", "NUOC-SUOI", "qr");
    }
    b.sell("2026-11-03T09:00:00+07:00", "NUOC-SUOI", "cash");
    b.export(&dir.join("b1.json"));
    // more shops signed by b's key (no register: the merge takes any signer)
    let key = b.key();
    let base = read_bundle(&dir.join("b1.json"));
    for i in 0..12i64 {
        let mut x = base.clone();
        x.shop.shop_id = format!("{:032x}", 0xabc0 + i);
        x.shop.name = format!("Cửa hàng số {i}");
        x.sales.sales = 1000 + 37 * i;
        x.sales.value = 9_000_000 + 1_234_567 * i;
        x.sales.cashless_sales = x.sales.sales * (i % 5 + 1) / 6;
        x.sales.cashless_value = x.sales.value / (i + 2);
        x.sales.invoiced_sales = x.sales.sales / (i + 1);
        x.sales.invoiced_value = x.sales.value / (i + 1);
        x.sales.invoice_unsent_sales = 0;
        x.sales.by_method = vec![
            quay::report::cashless::MethodFigure {
                method: "cash".into(),
                count: x.sales.sales - x.sales.cashless_sales,
                value: x.sales.value - x.sales.cashless_value,
            },
            quay::report::cashless::MethodFigure {
                method: "transfer".into(),
                count: x.sales.cashless_sales,
                value: x.sales.cashless_value,
            },
        ];
        x.barcodes.with_vn_gtin = x.barcodes.with_gtin.min(i);
        x.maturity = None;
        quay::report::bundle::seal(&mut x, Some(&key));
        write_bundle(&dir.join(format!("s{i:02}.json")), &x);
    }
    // a forgery: a figure raised and the checksum recomputed, old signature kept
    let mut forged = base.clone();
    forged.sales.cashless_value = forged.sales.value;
    forged.sales.by_method = vec![quay::report::cashless::MethodFigure {
        method: "transfer".into(),
        count: forged.sales.sales,
        value: forged.sales.value,
    }];
    let sig = forged.signature.clone();
    quay::report::bundle::seal(&mut forged, None);
    forged.signature = sig;
    write_bundle(&dir.join("zz-forged.json"), &forged);

    let d = dir.to_str().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let ward_json = out_dir.path().join("ward.json");
    let m = quay(&["ward", "merge", d, "--json", ward_json.to_str().unwrap()]);
    assert_eq!(m.status.code(), Some(1), "{}", String::from_utf8_lossy(&m.stderr));
    let merged: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&ward_json).unwrap()).unwrap();

    let url = pg.url();
    let l = quay(&["ward", "load", "--postgres", &url, d, "--json"]);
    assert_eq!(l.status.code(), Some(1), "{}", String::from_utf8_lossy(&l.stderr));
    let loaded: serde_json::Value = serde_json::from_slice(&l.stdout).unwrap();
    // the same files refused for the same reasons
    assert_eq!(refusals(&loaded), refusals(&merged));
    assert_eq!(refusals(&loaded).len(), 1, "{loaded}");
    assert_eq!(refusals(&loaded)[0].1, "bad_signature");
    assert_eq!(loaded["added"], 15, "{loaded}");

    // SQL totals over the newest revisions = the merge's totals
    let mut db = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let row = db
        .query_one(
            "SELECT count(*), sum(sales)::bigint, sum(value)::bigint, sum(cashless_value)::bigint,
                    sum(invoiced_sales)::bigint, sum(active_products)::bigint, sum(with_vn_gtin)::bigint,
                    (sum(cashless_value)::numeric / nullif(sum(value), 0))::float8,
                    (sum(invoiced_sales)::numeric / nullif(sum(sales), 0))::float8,
                    (sum(with_vn_gtin)::numeric / nullif(sum(active_products), 0))::float8
             FROM ward_bundle_figures WHERE period_label = '2026-11' AND ward = 'Phường Thuận Hóa'",
            &[],
        )
        .unwrap();
    let t = &merged["total"];
    assert_eq!(row.get::<_, i64>(0), merged["shops"].as_array().unwrap().len() as i64);
    assert_eq!(row.get::<_, i64>(0), 14);
    assert_eq!(row.get::<_, i64>(1), t["sales"].as_i64().unwrap());
    assert_eq!(row.get::<_, i64>(2), t["value"].as_i64().unwrap());
    assert_eq!(row.get::<_, i64>(3), t["cashless_value"].as_i64().unwrap());
    assert_eq!(row.get::<_, i64>(4), t["invoiced_sales"].as_i64().unwrap());
    assert_eq!(row.get::<_, i64>(5), t["active_products"].as_i64().unwrap());
    assert_eq!(row.get::<_, i64>(6), t["with_vn_gtin"].as_i64().unwrap());
    for (i, k) in [
        (7, "cashless_share_value"),
        (8, "invoice_coverage_count"),
        (9, "barcode_share_vn"),
    ] {
        let (sql, ours) = (row.get::<_, f64>(i), t[k].as_f64().unwrap());
        assert!((sql - ours).abs() < 1e-12, "{k}: PostgreSQL {sql}, quay {ours}");
    }
    // the re-export is kept as revision 2 beside revision 1; the view reads 2
    let a_id = read_bundle(&dir.join("a2.json")).shop.shop_id;
    let revs: Vec<i32> = db
        .query(
            "SELECT revision FROM ward_bundle WHERE shop_id = $1 ORDER BY revision",
            &[&a_id],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(revs, vec![1, 2]);
    let newest: i32 = db
        .query_one("SELECT revision FROM ward_bundle_figures WHERE shop_id = $1", &[&a_id])
        .unwrap()
        .get(0);
    assert_eq!(newest, 2);

    // loading the same files again changes nothing
    std::fs::remove_file(dir.join("zz-forged.json")).unwrap();
    let again = quay(&["ward", "load", "--postgres", &url, d, "--json"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (again["added"].as_i64(), again["already_loaded"].as_i64()),
        (Some(0), Some(15))
    );
    let n: i64 = db.query_one("SELECT count(*) FROM ward_bundle", &[]).unwrap().get(0);
    assert_eq!(n, 15);

    // another document under a revision already loaded: refused, as merge does
    let mut other = read_bundle(&dir.join("s00.json"));
    other.sales.sales += 1;
    other.sales.by_method[0].count += 1;
    quay::report::bundle::seal(&mut other, Some(&key));
    let conflict_dir = tempfile::tempdir().unwrap();
    let c = conflict_dir.path().join("s00-edited.json");
    write_bundle(&c, &other);
    let r = quay(&["ward", "load", "--postgres", &url, c.to_str().unwrap(), "--json"]);
    assert_eq!(r.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(r["refused"][0]["reason_code"], "revision_conflict", "{r}");
    let stored: String = db
        .query_one(
            "SELECT checksum FROM ward_bundle WHERE shop_id = $1",
            &[&other.shop.shop_id],
        )
        .unwrap()
        .get(0);
    assert_eq!(stored, read_bundle(&dir.join("s00.json")).checksum);
}

#[test]
fn a_url_requiring_tls_or_an_unreachable_server_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("b.json");
    std::fs::write(&f, "{}").unwrap();
    let f = f.to_str().unwrap();
    let r = quay(&[
        "ward",
        "load",
        "--postgres",
        "postgres://u@127.0.0.1:5432/db?sslmode=require",
        f,
    ]);
    assert_eq!(r.status.code(), Some(2));
    let e = String::from_utf8_lossy(&r.stderr);
    assert!(e.contains("sslmode=require") && e.contains("no TLS"), "{e}");
    // nothing listens on a port just freed
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://u@127.0.0.1:{port}/db?connect_timeout=5");
    let s = Shop::new("Tạp hóa Cô Ba");
    let b = dir.path().join("real.json");
    s.export(&b);
    let r = quay(&["ward", "load", "--postgres", &url, b.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(3));
    let e = String::from_utf8_lossy(&r.stderr);
    assert!(e.contains("cannot connect to PostgreSQL"), "{e}");
}
