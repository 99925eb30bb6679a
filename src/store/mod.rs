//! The shop file: SQLite through rusqlite. Every SQL statement in quay
//! lives in this module.
//!
//! WAL, `synchronous=FULL`, foreign keys, a busy timeout, numbered
//! migrations (`PRAGMA user_version`), an application id so a foreign
//! SQLite file is never taken for a shop file, hash-chained audit rows and
//! online backup.

mod assessments;
pub use assessments::{ImportAction, Imported};
mod audit;
mod backup;
mod cashiers;
mod counter;
mod customers;
mod debts;
mod parked;
mod print_jobs;
mod rounding;
mod sessions;
pub use debts::{DebtOfSale, DebtPayment, DebtSale, NewDebtPayment};
mod health;
mod invoices;
mod migrations;
mod products;
mod reports;
mod sales;
mod stock;
mod stock_docs;
mod synthetic;
mod tax;
mod ward;
pub mod ward_pg;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, params};

use crate::i18n::Msg;
use crate::msg_key;
use crate::shop::{ShopProfile, TaxMethod};
use crate::time::Clock;

pub use audit::{AnchorCheck, AuditHead, AuditRow, DocFinding, VerifyReport, anchor_in_json};
pub use backup::{NumberMarks, RestoreReport, marks_in_invoice_xml, marks_path, read_marks, restore};
pub use health::InvoiceBacklog;
#[doc(hidden)]
pub use migrations::create_at_schema;

/// The schema version this build writes (the number of migrations).
pub const SCHEMA_VERSION: i64 = migrations::LATEST;
pub use counter::PinGate;
pub use parked::ParkedCart;
pub use print_jobs::PrintJob;
pub use products::ImportSummary;
pub use reports::SaleFigures;
pub use sales::Committed;
pub use sessions::{CashMove, MethodTotal, Session, SessionFigures};
pub use stock::{ProfitLine, StockRow, Supplier};
pub use stock_docs::{DocLine, NewDocLine, NewStockDoc, StockActivity, StockDoc};
pub use tax::{ChannelEntry, DayDocs, DayRevenue};

/// `PRAGMA application_id` of a quay shop file ("QUAY").
pub const APPLICATION_ID: i32 = 0x5155_4159;

/// How long a write waits for another till holding the file.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the shop file could not be used, or why a change was refused.
#[derive(Debug)]
pub enum StoreError {
    NotFound(PathBuf),
    ReadOnly(PathBuf),
    NotQuay(PathBuf),
    Corrupt(PathBuf, String),
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    Busy(PathBuf),
    Refused(Msg),
    Sqlite { path: PathBuf, detail: String },
    Io { path: PathBuf, detail: String },
}

impl StoreError {
    /// True when the data was refused (exit code 1) rather than the file
    /// being unusable (exit code 3).
    pub fn is_refusal(&self) -> bool {
        matches!(self, StoreError::Refused(_))
    }

    pub fn msg(&self) -> Msg {
        match self {
            StoreError::NotFound(p) => msg_key!("store.not_found", path = p.display()),
            StoreError::ReadOnly(p) => msg_key!("store.read_only", path = p.display()),
            StoreError::NotQuay(p) => msg_key!("store.not_quay", path = p.display()),
            StoreError::Corrupt(p, detail) => msg_key!("store.corrupt", path = p.display(), detail),
            StoreError::NewerSchema { path, found, known } => {
                msg_key!("store.newer_schema", path = path.display(), found, known)
            }
            StoreError::Busy(p) => msg_key!("store.busy", path = p.display()),
            StoreError::Refused(m) => m.clone(),
            StoreError::Sqlite { path, detail } => msg_key!("store.sqlite", path = path.display(), detail),
            StoreError::Io { path, detail } => msg_key!("store.io", path = path.display(), detail),
        }
    }
}

crate::english_display!(StoreError);
crate::refused_from!(StoreError::Refused <- crate::text::TextError, crate::customers::CustomerError);

pub type Result<T> = std::result::Result<T, StoreError>;

/// Whether opening may create a new shop file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist already.
    Existing,
    /// Create the file (and its folder) if it does not exist.
    Create,
}

/// An open shop file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Set when opening upgraded an older schema: the version it had and
    /// the copy of the file made before the upgrade.
    upgraded: Option<(i64, PathBuf)>,
    /// Where the time stamped on rows comes from (given when opening).
    clock: Clock,
}

impl Store {
    /// Open (or create) a shop file and bring its schema up to date, on the
    /// machine's clock (`Clock::System`). The program's entry points use
    /// `open_with_clock` with the clock they made at start-up.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        Store::open_with_clock(path, mode, Clock::System)
    }

    /// Open (or create) a shop file whose rows are stamped with the time
    /// from `clock` (the upgrade copy's name and the audit baseline too).
    pub fn open_with_clock(path: &Path, mode: OpenMode, clock: Clock) -> Result<Store> {
        let exists = path.exists();
        if !exists && mode == OpenMode::Existing {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        if exists {
            let meta = std::fs::metadata(path).map_err(|e| io_err(path, e))?;
            if meta.is_dir() {
                return Err(StoreError::NotQuay(path.to_path_buf()));
            }
            // Checked by mode bits so that it holds even for root.
            if meta.permissions().readonly() {
                return Err(StoreError::ReadOnly(path.to_path_buf()));
            }
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql_err(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            upgraded: None,
            clock,
        };
        store.configure()?;
        store.check_identity()?;
        let from = store.schema_version()?;
        if let Some(copy) = migrations::run(&store.conn, &store.path, &store.clock)? {
            store.upgraded = Some((from, copy));
        }
        audit::ensure_baseline(&mut store)?;
        Ok(store)
    }

    /// When this open upgraded an older shop file: its old schema version
    /// and where the copy made before the upgrade is.
    pub fn upgraded_from(&self) -> Option<(i64, &Path)> {
        self.upgraded.as_ref().map(|(v, p)| (*v, p.as_path()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The clock this store stamps rows with; services that hold the store
    /// take their time from it too.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    fn configure(&self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| self.err(e))?;
        // journal_mode returns a row; the others do not.
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Sqlite {
                path: self.path.clone(),
                detail: format!("cannot switch to WAL mode (got {mode})"),
            });
        }
        self.conn
            // mmap lets long reports read pages without copying them
            .execute_batch(
                "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;",
            )
            .map_err(|e| self.err(e))
    }

    /// Refuse SQLite files that belong to something else.
    fn check_identity(&self) -> Result<()> {
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if app_id == APPLICATION_ID {
            return Ok(());
        }
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if app_id != 0 || tables > 0 {
            return Err(StoreError::NotQuay(self.path.clone()));
        }
        Ok(())
    }

    pub(crate) fn err(&self, e: rusqlite::Error) -> StoreError {
        sql_err(&self.path, e)
    }

    /// Schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    // ---- shop profile ------------------------------------------------

    pub fn profile(&self) -> Result<Option<ShopProfile>> {
        self.conn
            .query_row(
                "SELECT shop_id, name, address, ward, phone, tax_code, tax_method,
                        bank_bin, bank_account, is_demo, own_qr,
                        printer_uri, paper, print_mode, qr_mode, drawer_pin, drawer_on_ms,
                        drawer_off_ms, open_drawer, receipt_footer,
                        inv_form, inv_coded, inv_letters, inv_block, inv_location, inv_threshold,
                        inv_dvtte, inv_httoan, inv_provider_mst,
                        inv_tvan_mst, inv_location_name
                 FROM shop WHERE id = 1",
                [],
                |r| {
                    let method: String = r.get(6)?;
                    Ok(ShopProfile {
                        shop_id: r.get(0)?,
                        name: r.get(1)?,
                        address: r.get(2)?,
                        ward: r.get(3)?,
                        phone: r.get(4)?,
                        tax_code: r.get(5)?,
                        tax_method: TaxMethod::from_code(&method)
                            .ok_or_else(|| bad_value(6, "shop.tax_method", &method, "direct or deduction"))?,
                        bank_bin: r.get(7)?,
                        bank_account: r.get(8)?,
                        is_demo: r.get(9)?,
                        own_qr: r.get(10)?,
                        printer: crate::printer_settings::PrinterProfile {
                            uri: r.get(11)?,
                            paper: if r.get::<_, i64>(12)? == 58 {
                                crate::printer_settings::Paper::Mm58
                            } else {
                                crate::printer_settings::Paper::Mm80
                            },
                            mode: crate::printer_settings::TextMode::parse(&r.get::<_, String>(13)?)
                                .unwrap_or(crate::printer_settings::TextMode::Raster),
                            qr: crate::printer_settings::QrMode::parse(&r.get::<_, String>(14)?)
                                .unwrap_or(crate::printer_settings::QrMode::Native),
                            drawer_pin: r.get(15)?,
                            drawer_on_ms: r.get(16)?,
                            drawer_off_ms: r.get(17)?,
                            open_drawer: r.get(18)?,
                            footer: r.get(19)?,
                        },
                        invoice: match (
                            r.get::<_, Option<u8>>(20)?,
                            r.get::<_, Option<String>>(22)?,
                            r.get::<_, Option<String>>(23)?,
                        ) {
                            (Some(form), Some(letters), Some(block)) => Some(crate::einvoice::InvoiceSettings {
                                form,
                                coded: r.get::<_, String>(21)?.chars().next().unwrap_or('C'),
                                letters,
                                block,
                                location: r.get(24)?,
                                location_name: r.get(30)?,
                                threshold: crate::money::Vnd(r.get(25)?),
                                dvtte: r.get(26)?,
                                httoan: r.get(27)?,
                                provider_mst: r.get(28)?,
                                tvan_mst: r.get(29)?,
                            }),
                            _ => None,
                        },
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Save the profile (insert or replace), with an audit row, in one transaction.
    pub fn save_profile(&mut self, p: &ShopProfile, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let ts = tx.now_rfc3339();
        tx.execute(
            "INSERT INTO shop (id, shop_id, name, address, ward, phone, tax_code, tax_method,
                               bank_bin, bank_account, is_demo, updated_at, own_qr,
                               printer_uri, paper, print_mode, qr_mode, drawer_pin, drawer_on_ms,
                               drawer_off_ms, open_drawer, receipt_footer,
                               inv_form, inv_coded, inv_letters, inv_block, inv_location, inv_threshold,
                               inv_dvtte, inv_httoan, inv_provider_mst,
                               inv_tvan_mst, inv_location_name)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                     ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                     ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)
             ON CONFLICT(id) DO UPDATE SET
               name = excluded.name, address = excluded.address, ward = excluded.ward,
               phone = excluded.phone, tax_code = excluded.tax_code,
               tax_method = excluded.tax_method, bank_bin = excluded.bank_bin,
               bank_account = excluded.bank_account, is_demo = excluded.is_demo,
               updated_at = excluded.updated_at, own_qr = excluded.own_qr,
               printer_uri = excluded.printer_uri, paper = excluded.paper,
               print_mode = excluded.print_mode, qr_mode = excluded.qr_mode,
               drawer_pin = excluded.drawer_pin, drawer_on_ms = excluded.drawer_on_ms,
               drawer_off_ms = excluded.drawer_off_ms, open_drawer = excluded.open_drawer,
               receipt_footer = excluded.receipt_footer,
               inv_form = excluded.inv_form, inv_coded = excluded.inv_coded,
               inv_letters = excluded.inv_letters, inv_block = excluded.inv_block,
               inv_location = excluded.inv_location, inv_threshold = excluded.inv_threshold,
               inv_dvtte = excluded.inv_dvtte, inv_httoan = excluded.inv_httoan,
               inv_provider_mst = excluded.inv_provider_mst,
               inv_tvan_mst = excluded.inv_tvan_mst, inv_location_name = excluded.inv_location_name",
            params![
                p.shop_id,
                p.name,
                p.address,
                p.ward,
                p.phone,
                p.tax_code,
                p.tax_method.code(),
                p.bank_bin,
                p.bank_account,
                p.is_demo,
                ts,
                p.own_qr,
                p.printer.uri,
                p.printer.paper.mm(),
                p.printer.mode.code(),
                p.printer.qr.code(),
                p.printer.drawer_pin,
                p.printer.drawer_on_ms,
                p.printer.drawer_off_ms,
                p.printer.open_drawer,
                p.printer.footer,
                p.invoice.as_ref().map(|i| i.form),
                p.invoice.as_ref().map_or("C".to_string(), |i| i.coded.to_string()),
                p.invoice.as_ref().map(|i| i.letters.clone()),
                p.invoice.as_ref().map(|i| i.block.clone()),
                p.invoice.as_ref().and_then(|i| i.location.clone()),
                p.invoice.as_ref().map_or(0, |i| i.threshold.0),
                p.invoice.as_ref().is_some_and(|i| i.dvtte),
                p.invoice.as_ref().is_some_and(|i| i.httoan),
                p.invoice.as_ref().and_then(|i| i.provider_mst.clone()),
                p.invoice.as_ref().and_then(|i| i.tvan_mst.clone()),
                p.invoice.as_ref().and_then(|i| i.location_name.clone()),
            ],
        )
        .map_err(|e| sql_err(&path, e))?;
        let details = serde_json::to_string(p).unwrap_or_default();
        audit::append_docs(&tx, &path, actor, "profile.save", "shop", &details, &["profile".into()])?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// Start an immediate (write-locking) transaction.
    pub(crate) fn begin(&mut self) -> Result<Tx<'_>> {
        let path = self.path.clone();
        let clock = self.clock;
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map(|tx| Tx { tx, clock })
            .map_err(|e| sql_err(&path, e))
    }
}

/// A write transaction that carries its store's clock, so what is written
/// in it (audit rows, `created_at`…) is stamped with the store's time.
/// Everything else goes through to the `rusqlite::Transaction`.
pub(crate) struct Tx<'c> {
    tx: rusqlite::Transaction<'c>,
    clock: Clock,
}

impl<'c> Tx<'c> {
    pub(crate) fn commit(self) -> rusqlite::Result<()> {
        self.tx.commit()
    }

    /// Now, from the store's clock.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.clock.now()
    }

    /// Now as stored in rows: `2026-11-23T18:30:05+07:00`.
    pub(crate) fn now_rfc3339(&self) -> String {
        self.clock.now_rfc3339()
    }
}

impl<'c> std::ops::Deref for Tx<'c> {
    type Target = rusqlite::Transaction<'c>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

fn io_err(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// For tests of crash safety only (builds with the `test-clock` feature): with
/// `QUAY_TEST_PAUSE_BEFORE_COMMIT=MS` a sale, written but not yet committed,
/// says so on stderr and waits, so a test can kill the process exactly there.
/// A default build has no such pause.
#[cfg(feature = "test-clock")]
pub(crate) fn pause_before_commit() {
    if let Some(ms) = std::env::var("QUAY_TEST_PAUSE_BEFORE_COMMIT")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        eprintln!("quay-test: written, not committed");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(not(feature = "test-clock"))]
pub(crate) fn pause_before_commit() {}

/// A stored value quay cannot read back. Reading it fails naming the column
/// and what was expected, instead of quietly turning it into a default (a VAT
/// rate into "KCT", a discount into none, a buyer into nobody).
#[derive(Debug, thiserror::Error)]
#[error("column {column} holds {value:?}, expected {expected}")]
pub(crate) struct BadValue {
    column: &'static str,
    value: String,
    expected: &'static str,
}

/// The rusqlite error for a row whose `column` (at `idx`) holds `value`
/// that does not parse as `expected`.
pub(crate) fn bad_value(idx: usize, column: &'static str, value: &str, expected: &'static str) -> rusqlite::Error {
    let value: String = value.chars().take(80).collect();
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        Box::new(BadValue {
            column,
            value,
            expected,
        }),
    )
}

/// Parse a stored VAT rate code; an unknown code is a damaged row.
pub(crate) fn stored_vat(idx: usize, column: &'static str, code: &str) -> rusqlite::Result<crate::catalog::VatRate> {
    crate::catalog::VatRate::parse(code)
        .ok_or_else(|| bad_value(idx, column, code, "a VAT rate code (0, 5, 8, 10 or KCT)"))
}

/// Parse a stored payment method code (`cash`, `wallet:momo`…); an unknown
/// code is a damaged row.
pub(crate) fn stored_method(
    idx: usize,
    column: &'static str,
    code: &str,
) -> rusqlite::Result<crate::checkout::tender::Method> {
    crate::checkout::tender::Method::from_code(code).ok_or_else(|| {
        bad_value(
            idx,
            column,
            code,
            "a payment method code (cash, transfer, card, wallet:…, debt)",
        )
    })
}

/// Parse a stored date (`YYYY-MM-DD`); anything else is a damaged row.
pub(crate) fn stored_date(idx: usize, column: &'static str, text: &str) -> rusqlite::Result<chrono::NaiveDate> {
    // chrono takes `2026-7-5`; the file's dates are compared as text, so
    // only the zero-padded form is a date here.
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| d.format("%Y-%m-%d").to_string() == text)
        .ok_or_else(|| bad_value(idx, column, text, "a date (YYYY-MM-DD)"))
}

/// Parse a stored instant (RFC 3339, `2026-11-23T18:30:05+07:00`); anything
/// else is a damaged row.
pub(crate) fn stored_stamp(
    idx: usize,
    column: &'static str,
    text: &str,
) -> rusqlite::Result<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(text).map_err(|_| bad_value(idx, column, text, "a time (RFC 3339)"))
}

/// Parse a stored JSON column; text that does not parse is a damaged row.
pub(crate) fn stored_json<T: serde::de::DeserializeOwned>(
    idx: usize,
    column: &'static str,
    text: Option<String>,
    expected: &'static str,
) -> rusqlite::Result<Option<T>> {
    match text {
        None => Ok(None),
        Some(t) => serde_json::from_str(&t)
            .map(Some)
            .map_err(|_| bad_value(idx, column, &t, expected)),
    }
}

pub(crate) fn sql_err(path: &Path, e: rusqlite::Error) -> StoreError {
    let p = path.to_path_buf();
    if let rusqlite::Error::FromSqlConversionFailure(..) = &e {
        return StoreError::Corrupt(p, e.to_string());
    }
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        match f.code {
            ErrorCode::NotADatabase => return StoreError::Corrupt(p, "not a database".into()),
            ErrorCode::DatabaseCorrupt => return StoreError::Corrupt(p, e.to_string()),
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return StoreError::Busy(p),
            ErrorCode::ReadOnly => return StoreError::ReadOnly(p),
            ErrorCode::CannotOpen => {
                return StoreError::Io {
                    path: p,
                    detail: "cannot open the file".into(),
                };
            }
            _ => {}
        }
    }
    StoreError::Sqlite {
        path: p,
        detail: e.to_string(),
    }
}

#[cfg(test)]
mod clock_tests;

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("shop.quay"), OpenMode::Create).unwrap();
        (dir, store)
    }

    #[test]
    fn a_new_file_gets_the_whole_schema_and_settings() {
        let (_d, store) = temp_store();
        assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = store.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "FULL");
        let fk: i64 = store.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        assert!(store.profile().unwrap().is_none());
    }

    #[test]
    fn missing_file_is_not_created_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope.quay");
        assert!(matches!(
            Store::open(&p, OpenMode::Existing),
            Err(StoreError::NotFound(_))
        ));
        assert!(!p.exists());
    }

    #[test]
    fn garbage_and_foreign_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk.quay");
        std::fs::write(&junk, vec![0x42u8; 8192]).unwrap();
        let e = Store::open(&junk, OpenMode::Existing).err().unwrap();
        assert!(matches!(e, StoreError::Corrupt(..)), "{e:?}");
        let foreign = dir.path().join("other.sqlite");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        let e = Store::open(&foreign, OpenMode::Existing).err().unwrap();
        assert!(matches!(e, StoreError::NotQuay(_)), "{e:?}");
    }

    #[test]
    fn a_newer_schema_is_refused_untouched() {
        let (d, store) = temp_store();
        store.conn.execute_batch("PRAGMA user_version = 999").unwrap();
        drop(store);
        let e = Store::open(&d.path().join("shop.quay"), OpenMode::Existing)
            .err()
            .unwrap();
        assert!(matches!(e, StoreError::NewerSchema { found: 999, .. }), "{e:?}");
    }

    #[test]
    fn read_only_files_are_refused_before_any_write() {
        let (d, store) = temp_store();
        drop(store);
        let p = d.path().join("shop.quay");
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&p, perm).unwrap();
        assert!(matches!(
            Store::open(&p, OpenMode::Existing),
            Err(StoreError::ReadOnly(_))
        ));
    }

    #[test]
    fn backup_is_a_checked_standalone_copy() {
        let (d, mut store) = temp_store();
        let (p, _) = crate::shop::apply(
            None,
            &crate::shop::ProfileInput {
                name: Some("Cô Ba".into()),
                address: Some("1 Lê Lợi".into()),
                ward: Some("Thuận Hóa".into()),
                tax_method: Some("direct".into()),
                bank: Some("VCB".into()),
                account: Some("123".into()),
                ..Default::default()
            },
            || "id".into(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        )
        .unwrap();
        store.save_profile(&p, "test").unwrap();
        let out = d.path().join("copy.quay");
        assert_eq!(store.backup(&out).unwrap(), "ok");
        let copy = Store::open(&out, OpenMode::Existing).unwrap();
        assert_eq!(copy.profile().unwrap().unwrap().name, "Cô Ba");
        assert!(store.backup(&out).unwrap_err().is_refusal(), "never overwrites");
    }
}
