//! Backups that are never half-written, restores that never corrupt and
//! never reissue a number.
//!
//! A backup is written under a temporary name in the target folder, checked
//! (integrity, application id), then renamed: a failed or killed backup
//! leaves nothing under the final name. Beside every shop file and in every
//! backup folder quay keeps `quay-numbers-SHOPID.json`, the high-water mark
//! of the sale, invoice and cash-register-code numbers it has issued; a
//! restore continues after the highest mark it finds (the current file, the
//! mark beside it, the mark in the backup's folder), so restoring an older
//! backup never issues a number twice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::{APPLICATION_ID, OpenMode, Result, Store, StoreError, audit, io_err, migrations, sql_err};
use crate::msg;

/// The highest numbers a shop has issued.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NumberMarks {
    pub shop_id: String,
    /// The highest sale (document) number.
    pub sale: i64,
    /// `FORM/SYMBOL` → (year, last invoice number).
    pub invoice: BTreeMap<String, (i64, i64)>,
    /// Cash-register block → last sequence of the cash-register code.
    pub mccqt: BTreeMap<String, i64>,
}

impl NumberMarks {
    /// The marks of `issued` that are higher than these (numbers issued
    /// that this file's counters would hand out again), in words.
    pub fn behind(&self, issued: &NumberMarks) -> Vec<String> {
        let mut out = Vec::new();
        if issued.sale > self.sale {
            out.push(format!("sale: {} < {}", self.sale, issued.sale));
        }
        for (k, (_, n)) in &issued.invoice {
            let have = self.invoice.get(k).map_or(0, |x| x.1);
            if *n > have {
                out.push(format!("invoice {k}: {have} < {n}"));
            }
        }
        for (k, n) in &issued.mccqt {
            let have = self.mccqt.get(k).copied().unwrap_or(0);
            if *n > have {
                out.push(format!("mccqt {k}: {have} < {n}"));
            }
        }
        out
    }

    /// Keep the higher of each mark.
    pub fn merge(&mut self, other: &NumberMarks) {
        if self.shop_id.is_empty() {
            self.shop_id = other.shop_id.clone();
        }
        self.sale = self.sale.max(other.sale);
        for (k, (y, n)) in &other.invoice {
            let e = self.invoice.entry(k.clone()).or_insert((*y, 0));
            e.1 = e.1.max(*n);
        }
        for (k, n) in &other.mccqt {
            let e = self.mccqt.entry(k.clone()).or_insert(0);
            *e = (*e).max(*n);
        }
    }
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RestoreReport {
    pub restored_from: PathBuf,
    /// Where the replaced file (and its `-wal`/`-shm`) went; none when there was no file.
    pub moved_aside: Option<PathBuf>,
    /// Numbering continues after these (the highest found anywhere).
    pub continues_after: NumberMarks,
    /// Marks that were higher than the backup's own counters.
    pub raised: Vec<String>,
}

/// The mark file for a shop in a folder.
pub fn marks_path(dir: &Path, shop_id: &str) -> PathBuf {
    let safe: String = shop_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    dir.join(format!("quay-numbers-{safe}.json"))
}

fn folder_of(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Read a mark file; a missing or unreadable one counts as no mark.
pub fn read_marks(path: &Path) -> Option<NumberMarks> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Merge `marks` into the mark file of its shop in `dir` (temporary file,
/// then rename).
pub fn write_marks(dir: &Path, marks: &NumberMarks, clock: &crate::time::Clock) -> std::io::Result<()> {
    if marks.shop_id.is_empty() {
        return Ok(());
    }
    let path = marks_path(dir, &marks.shop_id);
    let existing = read_marks(&path);
    if existing.is_none() && path.exists() {
        // A mark file that cannot be read may hold higher numbers than this
        // shop file knows: keep it as evidence instead of writing over it.
        let stamp = clock.now().format("%Y%m%d-%H%M%S");
        std::fs::rename(&path, path.with_extension(format!("json.unreadable-{stamp}")))?;
    }
    let mut all = existing.unwrap_or_default();
    all.merge(marks);
    if all.shop_id.is_empty() {
        all.shop_id = marks.shop_id.clone();
    }
    let tmp = dir.join(format!(".quay-numbers-{}.tmp", std::process::id()));
    std::fs::write(&tmp, serde_json::to_vec_pretty(&all).unwrap_or_default())?;
    std::fs::rename(&tmp, &path)
}

/// Raise the file's counters to `issued` where they are behind, inside the
/// caller's transaction, so no number is handed out twice (a file that was
/// truncated, rolled back or copied over while the mark beside it kept the
/// truth). Returns what was raised, in words; nothing when none was behind.
pub(super) fn raise_counters(conn: &super::Tx<'_>, issued: &NumberMarks) -> rusqlite::Result<Vec<String>> {
    let mine = marks_of(conn)?;
    if mine.shop_id != issued.shop_id {
        return Ok(Vec::new());
    }
    let behind = mine.behind(issued);
    if behind.is_empty() {
        return Ok(behind);
    }
    for (key, (year, n)) in &issued.invoice {
        if let Some((form, symbol)) = key.split_once('/') {
            conn.execute(
                "INSERT INTO invoice_counters (form, symbol, year, last_no) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(form, symbol) DO UPDATE SET last_no = max(last_no, excluded.last_no)",
                params![form.parse::<i64>().unwrap_or(0), symbol, year, n],
            )?;
        }
    }
    for (block, n) in &issued.mccqt {
        conn.execute(
            "INSERT INTO mccqt_counters (block, last_seq) VALUES (?1, ?2)
             ON CONFLICT(block) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
            params![block, n],
        )?;
    }
    if issued.sale > mine.sale {
        conn.execute(
            "INSERT OR IGNORE INTO sale_number_reservations (number, uuid, reserved_at) VALUES (?1, ?2, ?3)",
            params![
                issued.sale,
                format!("mark-{}", uuid::Uuid::new_v4()),
                conn.now_rfc3339()
            ],
        )?;
    }
    Ok(behind)
}

fn between<'a>(text: &'a str, from: usize, open: &str, close: &str) -> Option<(&'a str, usize)> {
    let start = text[from..].find(open)? + from + open.len();
    let end = text[start..].find(close)? + start;
    Some((&text[start..end], end))
}

/// The invoice numbers and cash-register codes found in invoice XML or a
/// batch message (`<KHMSHDon>`, `<KHHDon>`, `<SHDon>`, `<MCCQT>`): the
/// outbox is evidence of what was issued even when the shop file is not.
pub fn marks_in_invoice_xml(text: &str, shop_id: &str) -> NumberMarks {
    let mut m = NumberMarks {
        shop_id: shop_id.to_string(),
        ..Default::default()
    };
    let mut at = 0;
    while let Some((form, end)) = between(text, at, "<KHMSHDon>", "</KHMSHDon>") {
        at = end;
        let Some((symbol, end)) = between(text, at, "<KHHDon>", "</KHHDon>") else {
            break;
        };
        let Some((number, end)) = between(text, end, "<SHDon>", "</SHDon>") else {
            break;
        };
        at = end;
        let (Ok(form), Ok(number)) = (form.trim().parse::<i64>(), number.trim().parse::<i64>()) else {
            continue;
        };
        let year = symbol
            .get(1..3)
            .and_then(|y| y.parse::<i64>().ok())
            .map_or(0, |y| 2000 + y);
        let e = m
            .invoice
            .entry(format!("{form}/{}", symbol.trim()))
            .or_insert((year, 0));
        e.1 = e.1.max(number);
    }
    let mut at = 0;
    while let Some((code, end)) = between(text, at, "<MCCQT>", "</MCCQT>") {
        at = end;
        // M{form}-{yy}-{block}-{seq}
        let mut parts = code.trim().splitn(4, '-');
        if let (Some(_), Some(_), Some(block), Some(seq)) = (parts.next(), parts.next(), parts.next(), parts.next())
            && let Ok(seq) = seq.parse::<i64>()
        {
            let e = m.mccqt.entry(block.to_string()).or_insert(0);
            *e = (*e).max(seq);
        }
    }
    m
}

/// The marks found in the XML files of a folder (an invoice outbox).
fn marks_in_folder(dir: &Path, shop_id: &str) -> NumberMarks {
    let mut all = NumberMarks {
        shop_id: shop_id.to_string(),
        ..Default::default()
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return all;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml"))
            && let Ok(text) = std::fs::read_to_string(&p)
        {
            all.merge(&marks_in_invoice_xml(&text, shop_id));
        }
    }
    all
}

/// The numbers a shop file has issued, as its tables say.
fn marks_of(conn: &Connection) -> rusqlite::Result<NumberMarks> {
    let shop_id: String = conn
        .query_row("SELECT shop_id FROM shop WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let sale: i64 = conn.query_row(
        "SELECT max(COALESCE((SELECT max(number) FROM sales), 0),
                    COALESCE((SELECT max(number) FROM sale_number_reservations), 0))",
        [],
        |r| r.get(0),
    )?;
    let mut invoice = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT form, symbol, year, last_no FROM invoice_counters")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let form: i64 = r.get(0)?;
        let symbol: String = r.get(1)?;
        invoice.insert(format!("{form}/{symbol}"), (r.get(2)?, r.get(3)?));
    }
    let mut mccqt = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT block, last_seq FROM mccqt_counters")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        mccqt.insert(r.get(0)?, r.get(1)?);
    }
    Ok(NumberMarks {
        shop_id,
        sale,
        invoice,
        mccqt,
    })
}

fn stamp(clock: &crate::time::Clock) -> String {
    clock.now().format("%Y%m%d-%H%M%S").to_string()
}

fn no_space(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull || e.raw_os_error() == Some(28)
}

fn space_msg(dir: &Path) -> StoreError {
    StoreError::Io {
        path: dir.to_path_buf(),
        detail: "not enough free space: nothing was written under the final name".to_string(),
    }
}

fn sqlite_or_space(dir: &Path, out: &Path, e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && f.code == rusqlite::ErrorCode::DiskFull
    {
        return space_msg(dir);
    }
    sql_err(out, e)
}

/// Check a standalone copy: integrity, application id, schema not newer.
fn check_copy(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| sql_err(path, e))?;
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| sql_err(path, e))?;
    if app != APPLICATION_ID {
        return Err(StoreError::NotQuay(path.to_path_buf()));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| sql_err(path, e))?;
    if version > migrations::LATEST {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            known: migrations::LATEST,
        });
    }
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| sql_err(path, e))?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt(path.to_path_buf(), verdict));
    }
    Ok(())
}

/// Removes a temporary file (and its journal) unless disarmed.
struct TempGuard(Option<PathBuf>);

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let mut s = p.clone().into_os_string();
                s.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(s));
            }
        }
    }
}

fn temp_beside(final_path: &Path, what: &str) -> PathBuf {
    let name = final_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "quay".into());
    folder_of(final_path).join(format!(
        ".{name}.{what}-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ))
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

impl Store {
    /// The numbers this file has issued.
    pub fn number_marks(&self) -> Result<NumberMarks> {
        marks_of(&self.conn).map_err(|e| self.err(e))
    }

    /// Numbers the mark file beside this shop file says were issued but
    /// this file's counters no longer reach (a truncated or rolled-back
    /// file would issue them again). Empty when there is no mark file.
    pub fn numbering_behind(&self) -> Result<Vec<String>> {
        let mine = self.number_marks()?;
        if mine.shop_id.is_empty() {
            return Ok(Vec::new());
        }
        Ok(read_marks(&marks_path(&folder_of(&self.path), &mine.shop_id))
            .filter(|m| m.shop_id == mine.shop_id)
            .map(|m| mine.behind(&m))
            .unwrap_or_default())
    }

    /// The mark file beside this shop file, if there is one.
    pub(super) fn marks_beside(&self) -> Option<NumberMarks> {
        let shop_id: String = self
            .conn
            .query_row("SELECT shop_id FROM shop WHERE id = 1", [], |r| r.get(0))
            .ok()?;
        read_marks(&marks_path(&folder_of(&self.path), &shop_id)).filter(|m| m.shop_id == shop_id)
    }

    /// Write the high-water mark beside the shop file (after a sale). A
    /// failure here never undoes anything: the next sale writes it again.
    pub fn record_marks(&self) {
        if let Ok(m) = marks_of(&self.conn)
            && let Err(e) = write_marks(&folder_of(&self.path), &m, &self.clock)
        {
            tracing::warn!("cannot write the number marks beside the shop file: {e}");
        }
    }

    /// Copy the live file with SQLite's online backup API into a temporary
    /// file beside `out`, switch it to a self-contained rollback journal,
    /// check it, then rename it to `out`. Nothing ever appears under `out`
    /// unless it is a complete, checked copy; an existing `out` is never
    /// overwritten. The number marks are written into the folder too.
    pub fn backup(&self, out: &Path) -> Result<String> {
        if out.exists() {
            let o = out.display();
            return Err(StoreError::Refused(msg!(
                "{o} đã tồn tại: chọn tên tệp khác, bản sao lưu không ghi đè",
                "{o} already exists: choose another name, a backup never overwrites"
            )));
        }
        let dir = folder_of(out);
        if !dir.is_dir() {
            let d = dir.display();
            return Err(StoreError::Io {
                path: out.to_path_buf(),
                detail: format!("folder {d} does not exist"),
            });
        }
        let tmp = temp_beside(out, "partial");
        let mut guard = TempGuard(Some(tmp.clone()));
        {
            let mut dest = Connection::open(&tmp).map_err(|e| sqlite_or_space(&dir, out, e))?;
            {
                let backup =
                    rusqlite::backup::Backup::new(&self.conn, &mut dest).map_err(|e| sqlite_or_space(&dir, out, e))?;
                backup
                    .run_to_completion(256, Duration::from_millis(10), None)
                    .map_err(|e| sqlite_or_space(&dir, out, e))?;
            }
            // A backup is a single self-contained file: no WAL beside it.
            dest.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
                .map_err(|e| sqlite_or_space(&dir, out, e))?;
            dest.close().map_err(|(_, e)| sqlite_or_space(&dir, out, e))?;
        }
        let verdict = match check_copy(&tmp) {
            Ok(()) => "ok".to_string(),
            Err(StoreError::Corrupt(_, v)) => return Ok(v),
            Err(e) => return Err(e),
        };
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| if no_space(&e) { space_msg(&dir) } else { io_err(&tmp, e) })?;
        if out.exists() {
            let o = out.display();
            return Err(StoreError::Refused(msg!(
                "{o} đã tồn tại: chọn tên tệp khác, bản sao lưu không ghi đè",
                "{o} already exists: choose another name, a backup never overwrites"
            )));
        }
        std::fs::rename(&tmp, out).map_err(|e| io_err(out, e))?;
        guard.0 = None;
        // The backup is complete; the marks beside it are a second record of
        // the numbers issued, so failing to write them is said, not fatal.
        match marks_of(&self.conn) {
            Ok(m) => {
                if let Err(e) = write_marks(&dir, &m, &self.clock) {
                    tracing::warn!("cannot write the number marks beside the backup: {e}");
                }
            }
            Err(e) => tracing::warn!("cannot read the number marks to write beside the backup: {e}"),
        }
        Ok(verdict)
    }

    /// `quay backup --dir DIR --keep N`: a dated copy `STEM-YYYYMMDD-HHMMSS.quay`
    /// in `dir`; then only the newest `keep` dated copies of this shop file
    /// are kept. Returns the copy's path and the removed ones.
    pub fn backup_dated(&self, dir: &Path, keep: Option<usize>) -> Result<(PathBuf, Vec<PathBuf>)> {
        let stem = self
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "shop".into());
        let out = dir.join(format!("{stem}-{}.quay", stamp(&self.clock)));
        let verdict = self.backup(&out)?;
        if verdict != "ok" {
            return Err(StoreError::Corrupt(out, verdict));
        }
        let mut removed = Vec::new();
        if let Some(keep) = keep {
            let prefix = format!("{stem}-");
            let mut dated: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(|e| io_err(dir, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.strip_prefix(&prefix)
                            .and_then(|r| r.strip_suffix(".quay"))
                            .is_some_and(|d| {
                                d.len() == 15 && chrono::NaiveDateTime::parse_from_str(d, "%Y%m%d-%H%M%S").is_ok()
                            })
                    })
                })
                .collect();
            dated.sort();
            let extra = dated.len().saturating_sub(keep.max(1));
            for p in dated.into_iter().take(extra) {
                std::fs::remove_file(&p).map_err(|e| io_err(&p, e))?;
                removed.push(p);
            }
        }
        Ok((out, removed))
    }
}

/// Replace the shop file `target` with the backup `from`.
///
/// The backup is checked (integrity, application id, schema, audit chain
/// and documents) on a copy; the current file with its `-wal` and `-shm` is
/// checkpointed if it can be and moved aside to
/// `NAME.before-restore-YYYYMMDD-HHMMSS` (never deleted); the copy then
/// continues numbering after the highest mark found and is renamed into
/// place. `actor` is named in the audit row; `clock` stamps what is written.
pub fn restore(
    target: &Path,
    from: &Path,
    actor: &str,
    outboxes: &[PathBuf],
    clock: crate::time::Clock,
) -> Result<RestoreReport> {
    if !from.is_file() {
        return Err(StoreError::NotFound(from.to_path_buf()));
    }
    let dir = folder_of(target);
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
    }
    check_copy(from)?;
    let tmp = temp_beside(target, "restoring");
    let mut guard = TempGuard(Some(tmp.clone()));
    std::fs::copy(from, &tmp).map_err(|e| if no_space(&e) { space_msg(&dir) } else { io_err(&tmp, e) })?;
    let mut copy = Store::open_with_clock(&tmp, OpenMode::Existing, clock)?;
    let report = copy.verify_audit()?;
    if !report.intact() {
        let f = from.display();
        return Err(StoreError::Refused(msg!(
            "bản sao lưu {f} không qua kiểm tra nhật ký kiểm toán (quay audit verify): không khôi phục",
            "the backup {f} fails the audit check (quay audit verify): not restored"
        )));
    }
    let mut marks = copy.number_marks()?;
    let shop_id = marks.shop_id.clone();
    // The highest numbers issued, wherever they are recorded.
    let mut found = marks.clone();
    if target.exists() {
        // Read as it is (with its WAL), without migrating it.
        if let Ok(cur) = Connection::open(target)
            && let Ok(m) = marks_of(&cur)
        {
            if !m.shop_id.is_empty() && !shop_id.is_empty() && m.shop_id != shop_id {
                let t = target.display();
                return Err(StoreError::Refused(msg!(
                    "bản sao lưu là của cửa hàng khác với {t}: không khôi phục đè (chọn --db khác)",
                    "the backup belongs to another shop than {t}: not restored over it (choose another --db)"
                )));
            }
            found.merge(&m);
        }
    }
    for d in [dir.clone(), folder_of(from)] {
        if let Some(m) = read_marks(&marks_path(&d, &shop_id)) {
            found.merge(&m);
        }
    }
    // Invoices already batched or sent are evidence too.
    for d in outboxes {
        found.merge(&marks_in_folder(d, &shop_id));
        found.merge(&marks_in_folder(&d.join(&shop_id), &shop_id));
    }
    // Continue after the highest: raise the copy's counters in one transaction.
    let mut raised = Vec::new();
    {
        let path = tmp.clone();
        let tx = copy.begin()?;
        let e = |e| sql_err(&path, e);
        for (key, (year, n)) in &found.invoice {
            let had = marks.invoice.get(key).map_or(0, |x| x.1);
            if *n > had
                && let Some((form, symbol)) = key.split_once('/')
            {
                tx.execute(
                    "INSERT INTO invoice_counters (form, symbol, year, last_no) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(form, symbol) DO UPDATE SET last_no = max(last_no, excluded.last_no)",
                    params![form.parse::<i64>().unwrap_or(0), symbol, year, n],
                )
                .map_err(e)?;
                raised.push(format!("invoice {key}: {had} → {n}"));
            }
        }
        for (block, n) in &found.mccqt {
            let had = marks.mccqt.get(block).copied().unwrap_or(0);
            if *n > had {
                tx.execute(
                    "INSERT INTO mccqt_counters (block, last_seq) VALUES (?1, ?2)
                     ON CONFLICT(block) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
                    params![block, n],
                )
                .map_err(e)?;
                raised.push(format!("mccqt {block}: {had} → {n}"));
            }
        }
        if found.sale > marks.sale {
            tx.execute(
                "INSERT INTO sale_number_reservations (number, uuid, reserved_at) VALUES (?1, ?2, ?3)",
                params![
                    found.sale,
                    format!("restore-{}", uuid::Uuid::new_v4()),
                    tx.now_rfc3339()
                ],
            )
            .map_err(e)?;
            raised.push(format!("sale: {} → {}", marks.sale, found.sale));
        }
        let details = serde_json::json!({
            "from": from.display().to_string(),
            "continues_after": found,
            "raised": raised,
        })
        .to_string();
        audit::append(&tx, &path, actor, "backup.restore", "shop", &details)?;
        tx.commit().map_err(e)?;
        marks = found.clone();
    }
    // One self-contained file before it takes the shop file's name.
    copy.conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
        .map_err(|e| sql_err(&tmp, e))?;
    drop(copy);
    // Move the current file aside with its WAL and shared memory, after
    // folding the WAL in when no other process is using it.
    let mut moved_aside = None;
    if target.exists() {
        if let Ok(conn) = Connection::open(target) {
            let busy: i64 = conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
                .unwrap_or(0);
            if busy != 0 {
                let t = target.display();
                return Err(StoreError::Refused(msg!(
                    "{t} đang được một quay khác sử dụng: hãy đóng nó rồi khôi phục lại, chưa có gì thay đổi",
                    "{t} is in use by another quay: close it and restore again, nothing was changed"
                )));
            }
        }
        let aside = with_suffix(target, &format!(".before-restore-{}", stamp(&clock)));
        if aside.exists() {
            let a = aside.display();
            return Err(StoreError::Refused(msg!(
                "{a} đã tồn tại: hãy thử lại sau một giây",
                "{a} already exists: try again in a second"
            )));
        }
        // The WAL and shared memory go first, so the main file is never
        // paired with another file's WAL.
        for suffix in ["-wal", "-shm"] {
            let src = with_suffix(target, suffix);
            if src.exists() {
                std::fs::rename(&src, with_suffix(&aside, suffix)).map_err(|e| io_err(&src, e))?;
            }
        }
        std::fs::rename(target, &aside).map_err(|e| io_err(target, e))?;
        moved_aside = Some(aside);
    }
    std::fs::rename(&tmp, target).map_err(|e| io_err(target, e))?;
    guard.0 = None;
    if let Err(e) = write_marks(&dir, &marks, &clock) {
        tracing::warn!("cannot write the number marks beside the restored file: {e}");
    }
    Ok(RestoreReport {
        restored_from: from.to_path_buf(),
        moved_aside,
        continues_after: marks,
        raised,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_mark_file_is_kept_aside_not_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = marks_path(dir.path(), "shop-1");
        std::fs::write(&path, "{ not json").unwrap();
        let marks = NumberMarks {
            shop_id: "shop-1".into(),
            sale: 7,
            ..Default::default()
        };
        write_marks(dir.path(), &marks, &crate::time::Clock::System).unwrap();
        assert_eq!(read_marks(&path).unwrap().sale, 7);
        let kept: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".json.unreadable-"))
            .collect();
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&kept[0])).unwrap(),
            "{ not json"
        );
    }
}
