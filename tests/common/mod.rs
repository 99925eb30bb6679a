//! The shop the integration tests share: a private folder and shop file,
//! the clock fixed at [`NOW`] (or any time with [`Shop::at`]), English
//! messages, nothing inherited from the environment. Ready-made shops: an
//! empty folder ([`Shop::empty`], then [`Shop::init`]), the demo shop
//! ([`Shop::demo`]) and a household issuing cash-register e-invoices with the
//! sample catalogue ([`Shop::invoicing`]). Test files add their own helpers
//! with `impl Shop { … }`, and change the defaults with the builder methods
//! before the first command: [`Shop::vi`] (no `--lang`), [`Shop::now`] /
//! [`Shop::real_clock`], [`Shop::home_in`], [`Shop::env`], then
//! [`Shop::with_demo`] for a demo shop made with them.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;

pub const NOW: &str = "2026-07-15T10:00:00+07:00";

pub struct Shop {
    pub dir: tempfile::TempDir,
    /// Every command runs with `--demo` (the demo shop's catalogue).
    demo: bool,
    /// `--lang` of every command; `None`: none given (Vietnamese).
    lang: Option<&'static str>,
    /// `QUAY_NOW` of [`Shop::quay`]; `None`: the real clock.
    now: Option<&'static str>,
    /// HOME: this folder inside the shop's folder (default: the folder itself).
    home: Option<&'static str>,
    /// More environment variables for every command.
    env: Vec<(&'static str, &'static str)>,
}

impl Shop {
    /// A folder with no shop file yet.
    pub fn empty() -> Shop {
        Shop {
            dir: tempfile::tempdir().unwrap(),
            demo: false,
            lang: Some("en"),
            now: Some(NOW),
            home: None,
            env: Vec::new(),
        }
    }

    /// The demo shop (`--demo` on every command), created at [`NOW`].
    pub fn demo() -> Shop {
        Shop::empty().with_demo()
    }

    /// This shop as the demo shop (`--demo` on every command), created now
    /// with its settings.
    pub fn with_demo(mut self) -> Shop {
        self.demo = true;
        self.quay().args(["init", "--show"]).assert().success();
        self
    }

    /// No `--lang`: messages in the default language (Vietnamese).
    pub fn vi(mut self) -> Shop {
        self.lang = None;
        self
    }

    /// [`Shop::quay`] runs at `now` instead of [`NOW`].
    pub fn now(mut self, now: &'static str) -> Shop {
        self.now = Some(now);
        self
    }

    /// [`Shop::quay`] runs on the real clock (no `QUAY_NOW`).
    pub fn real_clock(mut self) -> Shop {
        self.now = None;
        self
    }

    /// HOME is this folder inside the shop's folder.
    pub fn home_in(mut self, sub: &'static str) -> Shop {
        self.home = Some(sub);
        self
    }

    /// Set this environment variable for every command.
    pub fn env(mut self, key: &'static str, value: &'static str) -> Shop {
        self.env.push((key, value));
        self
    }

    /// `quay init` with these arguments at [`NOW`], then the sample catalogue.
    pub fn init(&self, args: &[&str]) {
        self.quay().arg("init").args(args).assert().success();
        self.import_sample_catalogue();
    }

    pub fn import_sample_catalogue(&self) {
        self.quay()
            .args([
                "products",
                "import",
                concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv"),
            ])
            .assert()
            .success();
    }

    /// A household shop issuing e-invoices, with the sample catalogue.
    pub fn invoicing() -> Shop {
        let s = Shop::empty();
        s.quay()
            .args(["init", "--name", "Tạp hóa Minh Anh", "--address", "12 Lê Lợi"])
            .args([
                "--ward",
                "Phường Thuận Hóa",
                "--bank",
                "VCB",
                "--account",
                "0071000123456",
            ])
            .args([
                "--tax-code",
                "3301234567",
                "--tax-method",
                "direct",
                "--invoice-form",
                "2",
            ])
            .args([
                "--invoice-series",
                "AA",
                "--invoice-block",
                "A1B2C",
                "--tvan-mst",
                "0101234567",
            ])
            .assert()
            .success();
        s.import_sample_catalogue();
        s
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("shop.quay")
    }

    /// A path inside the shop's private folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `quay --lang en --db <shop>` with a private HOME, the clock at `now`
    /// and nothing inherited from the environment.
    pub fn at(&self, now: &str) -> Command {
        self.command(Some(now))
    }

    /// [`Shop::at`] at [`NOW`] (or the shop's own clock).
    pub fn quay(&self) -> Command {
        self.command(self.now)
    }

    fn command(&self, now: Option<&str>) -> Command {
        let mut c = Command::cargo_bin("quay").unwrap();
        let home = match self.home {
            Some(sub) => self.dir.path().join(sub),
            None => self.dir.path().to_path_buf(),
        };
        c.env_clear().env("HOME", home);
        if let Some(now) = now {
            c.env("QUAY_NOW", now);
        }
        for (k, v) in &self.env {
            c.env(k, v);
        }
        if self.demo {
            c.arg("--demo");
        }
        if let Some(lang) = self.lang {
            c.args(["--lang", lang]);
        }
        c.arg("--db").arg(self.db());
        c
    }

    /// Run and parse stdout as one JSON document; returns the exit code too.
    pub fn json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let out = self.quay().args(args).output().unwrap();
        let v = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{args:?}: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code().unwrap_or(-1), v)
    }
}

/// The cells of the first sheet of an .xlsx file, by reference ("B2"):
/// `(type, text)` with type "s" (shared string, resolved to its text) or
/// "n" (a number, as written in the file).
pub fn xlsx_cells(file: &std::path::Path) -> std::collections::BTreeMap<String, (String, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let strings_xml = read("xl/sharedStrings.xml");
    let sheet_xml = read("xl/worksheets/sheet1.xml");
    let strings: Vec<String> = roxmltree::Document::parse(&strings_xml)
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| {
            si.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    let doc = roxmltree::Document::parse(&sheet_xml).unwrap();
    let mut cells = std::collections::BTreeMap::new();
    for c in doc.descendants().filter(|n| n.has_tag_name("c")) {
        let Some(v) = c.children().find(|n| n.has_tag_name("v")).and_then(|v| v.text()) else {
            continue;
        };
        let r = c.attribute("r").unwrap().to_string();
        match c.attribute("t") {
            Some("s") => cells.insert(r, ("s".into(), strings[v.parse::<usize>().unwrap()].clone())),
            None | Some("n") => cells.insert(r, ("n".into(), v.to_string())),
            Some(other) => cells.insert(r, (other.into(), v.to_string())),
        };
    }
    cells
}

/// Every `src/**/*.rs` as (path under `src/`, text), sorted: what the
/// source guards (`tests/layering.rs`, `tests/clock.rs`) read.
pub fn src_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    read_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut files,
    );
    files
}

fn read_tree(dir: &std::path::Path, rel: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().expect("file name").to_string_lossy().into_owned();
        let r = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if p.is_dir() {
            read_tree(&p, &r, out);
        } else if name.ends_with(".rs") {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            out.push((r, text));
        }
    }
}
