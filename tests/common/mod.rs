//! The shop the integration tests share: a household issuing cash-register
//! e-invoices (with a T-VAN), the sample catalogue imported, the clock fixed
//! at [`NOW`], English messages. Test files add their own helpers with
//! `impl Shop { … }`.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;

pub const NOW: &str = "2026-07-15T10:00:00+07:00";

pub struct Shop {
    pub dir: tempfile::TempDir,
}

impl Shop {
    /// A household shop issuing e-invoices, with the sample catalogue.
    pub fn invoicing() -> Shop {
        let s = Shop {
            dir: tempfile::tempdir().unwrap(),
        };
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
        s.quay()
            .args([
                "products",
                "import",
                concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample-catalog.csv"),
            ])
            .assert()
            .success();
        s
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("shop.quay")
    }

    /// `quay --lang en --db <shop>` with a private HOME, the fixed clock and
    /// nothing inherited from the environment.
    pub fn quay(&self) -> Command {
        let mut c = Command::cargo_bin("quay").unwrap();
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("QUAY_NOW", NOW)
            .args(["--lang", "en", "--db"])
            .arg(self.db());
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
