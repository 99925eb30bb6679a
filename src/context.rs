//! What every command and the counter screens share: the UI language, the
//! shop file and how to open it, who is acting, and a failure with its exit
//! code. The CLI fills it from its arguments (`Ctx::from_cli`); the TUI
//! uses it without importing the CLI.

use std::path::PathBuf;

use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::store::{OpenMode, Store, StoreError};

/// A command that did not succeed: what to say and which exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub msg: Msg,
}

impl Failure {
    pub fn refused(msg: Msg) -> Failure {
        Failure { code: 1, msg }
    }
    pub fn usage(msg: Msg) -> Failure {
        Failure { code: 2, msg }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure {
            code: if e.is_refusal() { 1 } else { 3 },
            msg: e.msg(),
        }
    }
}

impl From<crate::counter::CounterError> for Failure {
    fn from(e: crate::counter::CounterError) -> Failure {
        Failure {
            code: if e.is_refusal() { 1 } else { 3 },
            msg: e.msg(),
        }
    }
}

/// Errors of the domain modules: the input or the data was refused (exit 1).
macro_rules! refusals {
    ($($err:ty),+ $(,)?) => {
        $(
            impl From<$err> for Failure {
                fn from(e: $err) -> Failure {
                    Failure::refused(e.msg())
                }
            }
        )+
    };
}

refusals!(
    crate::checkout::CheckoutError,
    crate::text::TextError,
    crate::users::UserError,
    crate::customers::CustomerError,
    crate::quick_add::QuickAddError,
    crate::printing::PrintError,
    crate::vietqr::render::RenderError,
);

pub type CmdResult = Result<(), Failure>;

/// Settings every command shares.
pub struct Ctx {
    pub lang: Lang,
    pub db: PathBuf,
    pub demo: bool,
    /// True when the path came from the defaults (no --db, no QUAY_DB).
    pub default_db: bool,
    /// CSV documents start with a UTF-8 BOM (off with `--no-bom`).
    pub bom: bool,
    /// Where the time comes from (made once at start-up).
    pub clock: crate::time::Clock,
}

impl Ctx {
    /// A CSV document as this run writes it: BOM first unless `--no-bom`.
    pub fn csv_document(&self, body: &str) -> String {
        crate::text::csv_document(body, self.bom)
    }

    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }

    /// Open the shop file: with --demo it is created and seeded if needed;
    /// otherwise it must exist.
    pub fn open(&self) -> Result<Store, Failure> {
        if let Some(w) = self.network_share_warning() {
            eprintln!("{}: {}", self.t("chú ý", "warning"), w.get(self.lang));
        }
        if self.demo {
            let mut store = Store::open_with_clock(&self.db, OpenMode::Create, self.clock)?;
            self.announce_upgrade(&store);
            crate::demo::ensure_demo(&mut store)?;
            return Ok(store);
        }
        let store = Store::open_with_clock(&self.db, OpenMode::Existing, self.clock)?;
        self.announce_upgrade(&store);
        if store.profile()?.is_none() {
            let p = self.db.display();
            return Err(Failure {
                code: 3,
                msg: msg!(
                    "tệp cửa hàng {p} chưa có hồ sơ cửa hàng: hãy chạy `quay init …` trước",
                    "shop file {p} has no shop profile yet: run `quay init …` first"
                ),
            });
        }
        Ok(store)
    }

    /// The warning about a shop file on a network share (where SQLite's WAL
    /// is unreliable), the first time it is asked for in this process; also
    /// logged. The counter shows it before its screen opens.
    pub fn network_share_warning(&self) -> Option<Msg> {
        use std::sync::atomic::{AtomicBool, Ordering};
        static SHOWN: AtomicBool = AtomicBool::new(false);
        let w = crate::doctor::share_warning(&self.db)?;
        if SHOWN.swap(true, Ordering::SeqCst) {
            return None;
        }
        tracing::warn!("{}", w.en);
        Some(w)
    }

    /// Say on stderr that an older shop file was upgraded, and where the
    /// copy made before the upgrade is.
    fn announce_upgrade(&self, store: &Store) {
        if let Some((from, copy)) = store.upgraded_from() {
            let to = crate::store::SCHEMA_VERSION;
            let c = copy.display();
            let m = msg!(
                "Đã nâng cấp tệp cửa hàng từ lược đồ {from} lên {to}; bản sao trước khi nâng cấp: {c}",
                "Upgraded the shop file from schema {from} to {to}; the copy made before the upgrade: {c}"
            );
            eprintln!("{}", m.get(self.lang));
        }
    }

    /// Who is acting, for audit rows (users come with the counter).
    pub fn actor(&self) -> String {
        default_actor()
    }
}

/// Who is acting when the shop has no users: `QUAY_USER`, else the login
/// name, else "cli".
pub fn default_actor() -> String {
    std::env::var("QUAY_USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "cli".into())
}

/// Where quay keeps shop files by default: `$XDG_DATA_HOME/quay` or
/// `~/.local/share/quay`; the current folder if there is no home.
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("quay"))
        .unwrap_or_else(|| PathBuf::from("."))
}
