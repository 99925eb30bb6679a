//! The audit log: append-only, hash-chained rows. Each row stores the hash
//! of the previous one, so changing, removing or reordering any row breaks
//! the chain at that row.
//!
//! Since schema 9 a row also carries the canonical digests of the documents
//! it wrote (table `audit_docs`: a sale with its lines, payments and tax
//! lines; an invoice with its stored bytes; a Z report; a user; the profile;
//! a product). The row's hash covers `docs_hash`, the hash of those entries,
//! so `verify` can recompute every document from its tables and name each
//! one that was edited, deleted or inserted behind the chain's back. Rows
//! written before schema 9 have no `docs_hash` and keep their old hash; the
//! documents that existed then are covered by one `audit.baseline` row
//! written the first time a newer quay opens the file.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Result, Store, StoreError, Tx, sql_err};
use crate::msg;

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The digest recorded for a document that no longer exists (a product
/// renamed to another SKU).
const ABSENT: &str = "-";

/// `meta` key set once the documents present before schema 9 were baselined.
const BASELINE_KEY: &str = "audit_docs_baseline";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    pub seq: i64,
    pub ts: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The head of the audit chain at some moment: `SEQ:HASH`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditHead {
    pub seq: i64,
    /// The full SHA-256 hex of row `seq`.
    pub hash: String,
}

impl AuditHead {
    /// `SEQ:HASH` with the hash shortened to 16 hex characters, for people.
    pub fn short(&self) -> String {
        format!("{}:{}", self.seq, &self.hash[..self.hash.len().min(16)])
    }

    /// Parse `SEQ:HASH`; the hash may be shortened to no fewer than 16 hex
    /// characters (what people copy from a printed Z report).
    pub fn parse(s: &str) -> Option<AuditHead> {
        let (seq, hash) = s.trim().split_once(':')?;
        let seq: i64 = seq.trim().parse().ok().filter(|n| *n >= 0)?;
        let hash = hash.trim().to_ascii_lowercase();
        if hash.len() < 16 || hash.len() > 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(AuditHead { seq, hash })
    }
}

impl std::fmt::Display for AuditHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

/// What `quay audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VerifyReport {
    pub rows: i64,
    /// The first row whose link is broken, and why.
    pub first_broken: Option<BrokenLink>,
    /// Documents whose tables no longer match the digest the chain holds.
    pub documents: Vec<DocFinding>,
    /// Documents the chain covers (checked against their tables).
    pub documents_checked: usize,
}

impl VerifyReport {
    /// True when the chain and every document match.
    pub fn intact(&self) -> bool {
        self.first_broken.is_none() && self.documents.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokenLink {
    pub seq: i64,
    /// `prev_hash` (the row does not follow the one before it), `hash`
    /// (the row's own content was changed) or `docs` (the document digests
    /// recorded with the row were changed).
    pub reason: &'static str,
}

/// A document that differs from what the chain recorded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocFinding {
    /// `sale`, `invoice`, `z_report`, `user`, `profile`, `product`.
    pub kind: String,
    /// Its number or name: sale number, `1C26MAA-12` for an invoice, Z
    /// number, user name, SKU (empty for the profile).
    pub number: String,
    /// `edited`, `deleted` or `inserted`.
    pub change: &'static str,
    /// The audit row holding the digest it no longer matches (none for an
    /// inserted document).
    pub seq: Option<i64>,
}

/// Result of checking the chain against an anchor taken earlier.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnchorCheck {
    pub anchor: AuditHead,
    /// `ok`, `rewritten` (the row at that sequence has another hash) or
    /// `truncated` (the chain ends before that sequence).
    pub verdict: &'static str,
    /// The hash the file now has at that sequence, if the row exists.
    pub found: Option<String>,
}

fn part(h: &mut Sha256, s: &[u8]) {
    h.update((s.len() as u64).to_be_bytes());
    h.update(s);
}

#[allow(clippy::too_many_arguments)]
fn row_hash(
    prev: &str,
    seq: i64,
    ts: &str,
    actor: &str,
    action: &str,
    entity: &str,
    details: &str,
    docs_hash: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    for p in [prev, &seq.to_string(), ts, actor, action, entity, details] {
        part(&mut h, p.as_bytes());
    }
    // Rows from before schema 9 have no docs_hash and keep their old hash.
    if let Some(d) = docs_hash {
        part(&mut h, b"docs");
        part(&mut h, d.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The hash over a row's document entries, sorted by document key.
fn docs_hash(entries: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = entries.iter().collect();
    sorted.sort();
    let mut h = Sha256::new();
    for (k, d) in sorted {
        part(&mut h, k.as_bytes());
        part(&mut h, d.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Append a row inside the caller's transaction.
pub(crate) fn append(conn: &Tx<'_>, path: &Path, actor: &str, action: &str, entity: &str, details: &str) -> Result<()> {
    append_docs(conn, path, actor, action, entity, details, &[])
}

/// Append a row covering the documents named by `docs` (keys such as
/// `sale:12`, `invoice:1C26MAA-3`, `z:4`, `user:lan`, `product:CF01`,
/// `profile`): their digests are computed from the tables as they are now,
/// inside the caller's transaction, so they cover exactly what it wrote.
pub(crate) fn append_docs(
    conn: &Tx<'_>,
    path: &Path,
    actor: &str,
    action: &str,
    entity: &str,
    details: &str,
    docs: &[String],
) -> Result<()> {
    let err = |e| sql_err(path, e);
    let last: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .map_err(err)?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let mut entries = Vec::with_capacity(docs.len());
    let mut seen = HashSet::new();
    // Many products at once (an import): two scans instead of two queries each.
    let products: HashSet<&str> = docs.iter().filter_map(|k| k.strip_prefix("product:")).collect();
    let batch = if products.len() > 100 {
        product_digests(conn, &products).map_err(err)?
    } else {
        HashMap::new()
    };
    for key in docs {
        if !seen.insert(key.as_str()) {
            continue;
        }
        let digest = match batch.get(key) {
            Some(d) => d.clone(),
            None => doc_digest(conn, key)
                .map_err(err)?
                .unwrap_or_else(|| ABSENT.to_string()),
        };
        entries.push((key.clone(), digest));
    }
    let dh = docs_hash(&entries);
    let ts = conn.now_rfc3339();
    let hash = row_hash(&prev, seq, &ts, actor, action, entity, details, Some(&dh));
    conn.execute(
        "INSERT INTO audit (seq, ts, actor, action, entity, details, prev_hash, hash, docs_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, ts, actor, action, entity, details, prev, hash, dh],
    )
    .map_err(err)?;
    let mut ins = conn
        .prepare_cached("INSERT INTO audit_docs (seq, doc, digest) VALUES (?1, ?2, ?3)")
        .map_err(err)?;
    for (k, d) in &entries {
        ins.execute(params![seq, k, d]).map_err(err)?;
    }
    Ok(())
}

// ---- canonical document digests ------------------------------------------

/// Feed every column of a row: a type tag, then the value (length-prefixed
/// for text and blobs), so no two different rows feed the same bytes.
fn feed_row(h: &mut Sha256, r: &rusqlite::Row<'_>, n: usize) -> rusqlite::Result<()> {
    for i in 0..n {
        match r.get_ref(i)? {
            ValueRef::Null => h.update([0u8]),
            ValueRef::Integer(v) => {
                h.update([1u8]);
                h.update(v.to_be_bytes());
            }
            ValueRef::Real(f) => {
                h.update([2u8]);
                h.update(f.to_bits().to_be_bytes());
            }
            ValueRef::Text(t) => {
                h.update([3u8]);
                part(h, t);
            }
            ValueRef::Blob(b) => {
                h.update([4u8]);
                part(h, b);
            }
        }
    }
    Ok(())
}

/// Feed every row a query returns (with a row separator); returns how many.
fn feed(h: &mut Sha256, conn: &Connection, sql: &str, p: &dyn rusqlite::ToSql) -> rusqlite::Result<usize> {
    let mut stmt = conn.prepare_cached(sql)?;
    let n = stmt.column_count();
    let mut rows = stmt.query([p])?;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        h.update([0xffu8]);
        feed_row(h, r, n)?;
        count += 1;
    }
    h.update([0xfeu8]);
    Ok(count)
}

/// Split `invoice:1C26MAA-12` into (form, symbol, number).
fn invoice_key(rest: &str) -> Option<(i64, &str, i64)> {
    let (fs, num) = rest.rsplit_once('-')?;
    let form = fs.get(..1)?.parse().ok()?;
    Some((form, fs.get(1..)?, num.parse().ok()?))
}

/// The canonical digest of one document as the tables hold it now, or
/// `None` when it does not exist.
pub(crate) fn doc_digest(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    let mut h = Sha256::new();
    part(&mut h, key.as_bytes());
    let (kind, rest) = key.split_once(':').unwrap_or((key, ""));
    let found = match kind {
        "sale" => {
            let Ok(number) = rest.parse::<i64>() else {
                return Ok(None);
            };
            let id: Option<i64> = conn
                .prepare_cached("SELECT id FROM sales WHERE number = ?1")?
                .query_row([number], |r| r.get(0))
                .optional()?;
            let Some(id) = id else { return Ok(None) };
            feed(
                &mut h,
                conn,
                "SELECT id, uuid, number, kind, ref_sale_id, session_id, ts, business_date, user_name,
                        approved_by, tax_method, subtotal, discount, total, change, cart_discount, buyer, note
                 FROM sales WHERE id = ?1",
                &id,
            )?;
            feed(
                &mut h,
                conn,
                "SELECT id, line_no, product_id, sku, name, unit, unit_price, qty_milli, vat_rate, gross,
                        line_discount, cart_discount, net, discount, ref_line_id
                 FROM sale_lines WHERE sale_id = ?1 ORDER BY line_no",
                &id,
            )?;
            feed(
                &mut h,
                conn,
                "SELECT id, method, amount, tendered, reference, confirmed_by FROM payments WHERE sale_id = ?1 ORDER BY id",
                &id,
            )?;
            feed(
                &mut h,
                conn,
                "SELECT rate, total, pre_tax, tax FROM tax_lines WHERE sale_id = ?1 ORDER BY rate",
                &id,
            )?;
            true
        }
        "invoice" => {
            let Some((form, symbol, number)) = invoice_key(rest) else {
                return Ok(None);
            };
            let mut stmt = conn.prepare_cached(
                "SELECT id, sale_id, kind, related_id, form, symbol, year, number, issued_on, mccqt, total,
                        xml, sha256, lookup_qr
                 FROM invoices WHERE form = ?1 AND symbol = ?2 AND number = ?3",
            )?;
            let n = stmt.column_count();
            let mut rows = stmt.query(params![form, symbol, number])?;
            match rows.next()? {
                Some(r) => {
                    feed_row(&mut h, r, n)?;
                    true
                }
                None => false,
            }
        }
        "z" => {
            let Ok(z) = rest.parse::<i64>() else { return Ok(None) };
            let id: Option<i64> = conn
                .prepare_cached("SELECT id FROM cash_sessions WHERE z_number = ?1")?
                .query_row([z], |r| r.get(0))
                .optional()?;
            let Some(id) = id else { return Ok(None) };
            feed(
                &mut h,
                conn,
                "SELECT id, opened_at, opened_by, opening_float, closed_at, closed_by, counted_cash, z_number, z_report
                 FROM cash_sessions WHERE id = ?1",
                &id,
            )?;
            feed(
                &mut h,
                conn,
                "SELECT id, ts, user_name, amount, reason FROM cash_moves WHERE session_id = ?1 ORDER BY id",
                &id,
            )?;
            true
        }
        "user" => {
            feed(
                &mut h,
                conn,
                "SELECT name, role, pin_hash, active, recovery_hash FROM users WHERE name = ?1",
                &rest,
            )? > 0
        }
        "product" => {
            let n = feed(
                &mut h,
                conn,
                "SELECT sku, name, unit, price, vat_rate, tags, active FROM products WHERE sku = ?1",
                &rest,
            )?;
            feed(
                &mut h,
                conn,
                "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id WHERE p.sku = ?1 ORDER BY b.code",
                &rest,
            )?;
            n > 0
        }
        "profile" => {
            feed(
                &mut h,
                conn,
                "SELECT shop_id, name, address, ward, phone, tax_code, tax_method, bank_bin, bank_account,
                        is_demo, own_qr, discount_pin_bp, printer_uri, paper, print_mode, qr_mode, drawer_pin,
                        drawer_on_ms, drawer_off_ms, open_drawer, receipt_footer, inv_form, inv_coded,
                        inv_letters, inv_block, inv_location, inv_threshold, inv_dvtte, inv_httoan,
                        inv_provider_mst
                 FROM shop WHERE id = ?1",
                &1,
            )? > 0
        }
        _ => return Ok(None),
    };
    Ok(found.then(|| hex::encode(h.finalize())))
}

/// The digests of the named products, computed with two scans instead of
/// two queries per product (a catalogue import of 100,000 rows). Feeds
/// exactly the bytes [`doc_digest`] feeds for `product:SKU`.
fn product_digests(conn: &Connection, skus: &HashSet<&str>) -> rusqlite::Result<HashMap<String, String>> {
    let mut codes: HashMap<i64, Vec<String>> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT product_id, code FROM barcodes ORDER BY product_id, code")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            codes.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let mut out = HashMap::with_capacity(skus.len());
    let mut stmt = conn.prepare("SELECT sku, name, unit, price, vat_rate, tags, active, id FROM products")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let sku: String = r.get(0)?;
        if !skus.contains(sku.as_str()) {
            continue;
        }
        let key = format!("product:{sku}");
        let mut h = Sha256::new();
        part(&mut h, key.as_bytes());
        h.update([0xffu8]);
        feed_row(&mut h, r, 7)?;
        h.update([0xfeu8]);
        let id: i64 = r.get(7)?;
        for c in codes.get(&id).map(Vec::as_slice).unwrap_or_default() {
            h.update([0xffu8]);
            h.update([3u8]);
            part(&mut h, c.as_bytes());
        }
        h.update([0xfeu8]);
        out.insert(key, hex::encode(h.finalize()));
    }
    Ok(out)
}

/// Every document key the tables hold now.
fn present_docs(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut collect = |sql: &str, f: &dyn Fn(&rusqlite::Row<'_>) -> rusqlite::Result<String>| {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            out.push(f(r)?);
        }
        Ok::<_, rusqlite::Error>(())
    };
    collect("SELECT id FROM shop", &|_| Ok("profile".to_string()))?;
    collect("SELECT name FROM users", &|r| {
        Ok(format!("user:{}", r.get::<_, String>(0)?))
    })?;
    collect("SELECT sku FROM products", &|r| {
        Ok(format!("product:{}", r.get::<_, String>(0)?))
    })?;
    collect("SELECT number FROM sales", &|r| {
        Ok(format!("sale:{}", r.get::<_, i64>(0)?))
    })?;
    collect("SELECT form, symbol, number FROM invoices", &|r| {
        Ok(format!(
            "invoice:{}{}-{}",
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?
        ))
    })?;
    collect("SELECT z_number FROM cash_sessions WHERE z_number IS NOT NULL", &|r| {
        Ok(format!("z:{}", r.get::<_, i64>(0)?))
    })?;
    Ok(out)
}

/// The document key of the invoice a sale carries, if any.
pub(crate) fn invoice_doc_of_sale(conn: &Connection, sale_id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT form, symbol, number FROM invoices WHERE sale_id = ?1")?
        .query_row([sale_id], |r| {
            Ok(format!(
                "invoice:{}{}-{}",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?
            ))
        })
        .optional()
}

fn split_key(key: &str) -> (String, String) {
    let (kind, rest) = key.split_once(':').unwrap_or((key, ""));
    let kind = if kind == "z" { "z_report" } else { kind };
    (kind.to_string(), rest.to_string())
}

/// Record, once, the digests of the documents a file held before its
/// schema knew about document digests (nothing is written to a file that
/// holds no documents yet).
pub(super) fn ensure_baseline(store: &mut Store) -> Result<()> {
    let done = |c: &Connection| -> rusqlite::Result<bool> {
        c.query_row("SELECT count(*) FROM meta WHERE key = ?1", [BASELINE_KEY], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n > 0)
    };
    if done(&store.conn).map_err(|e| store.err(e))? {
        return Ok(());
    }
    let path = store.path.clone();
    let tx = store.begin()?;
    let err = |e| sql_err(&path, e);
    if done(&tx).map_err(err)? {
        return Ok(());
    }
    let docs = present_docs(&tx).map_err(err)?;
    if !docs.is_empty() {
        let details = serde_json::json!({ "documents": docs.len() }).to_string();
        append_docs(&tx, &path, "quay", "audit.baseline", "documents", &details, &docs)?;
    }
    tx.execute("INSERT INTO meta (key, value) VALUES (?1, '1')", [BASELINE_KEY])
        .map_err(err)?;
    tx.commit().map_err(err)
}

impl Store {
    /// Record an event that changes no table of its own (a cash drawer
    /// opening, a reprint…) in the audit chain.
    pub fn log_event(&mut self, actor: &str, action: &str, entity: &str, details: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        append(&tx, &path, actor, action, entity, details)?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// Walk the chain and report the first broken link, then recompute
    /// every document the chain covers and report each one that was
    /// edited, deleted or inserted.
    pub fn verify_audit(&self) -> Result<VerifyReport> {
        // The document entries of every row, by sequence.
        let mut entries: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT seq, doc, digest FROM audit_docs ORDER BY seq")
                .map_err(|e| self.err(e))?;
            let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let seq: i64 = r.get(0).map_err(|e| self.err(e))?;
                let doc: String = r.get(1).map_err(|e| self.err(e))?;
                let digest: String = r.get(2).map_err(|e| self.err(e))?;
                entries.entry(seq).or_default().push((doc, digest));
            }
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, ts, actor, action, entity, details, prev_hash, hash, docs_hash FROM audit ORDER BY seq",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut expected_prev = GENESIS.to_string();
        let mut expected_seq = 1;
        let mut count = 0;
        let mut first_broken = None;
        // The newest digest of each document, with its row.
        let mut latest: HashMap<String, (i64, String)> = HashMap::new();
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let row = read_row(r).map_err(|e| self.err(e))?;
            let dh: Option<String> = r.get(8).map_err(|e| self.err(e))?;
            count += 1;
            let mine = entries.remove(&row.seq).unwrap_or_default();
            if first_broken.is_none() {
                if row.prev_hash != expected_prev || row.seq != expected_seq {
                    first_broken = Some(BrokenLink {
                        seq: row.seq,
                        reason: "prev_hash",
                    });
                } else if row_hash(
                    &row.prev_hash,
                    row.seq,
                    &row.ts,
                    &row.actor,
                    &row.action,
                    &row.entity,
                    &row.details,
                    dh.as_deref(),
                ) != row.hash
                {
                    first_broken = Some(BrokenLink {
                        seq: row.seq,
                        reason: "hash",
                    });
                } else if dh.as_deref().is_some_and(|d| d != docs_hash(&mine)) || (dh.is_none() && !mine.is_empty()) {
                    first_broken = Some(BrokenLink {
                        seq: row.seq,
                        reason: "docs",
                    });
                } else {
                    expected_prev = row.hash.clone();
                    expected_seq += 1;
                }
            }
            for (k, d) in mine {
                latest.insert(k, (row.seq, d));
            }
        }
        // Entries left over belong to no audit row (inserted behind the chain).
        if first_broken.is_none()
            && let Some(seq) = entries.keys().min()
        {
            first_broken = Some(BrokenLink {
                seq: *seq,
                reason: "docs",
            });
        }
        let mut documents = Vec::new();
        let documents_checked = latest.len();
        let mut keys: Vec<&String> = latest.keys().collect();
        keys.sort();
        for key in keys {
            let (seq, recorded) = &latest[key];
            let now = doc_digest(&self.conn, key).map_err(|e| self.err(e))?;
            let change = match (recorded.as_str(), now) {
                (ABSENT, None) => continue,
                (ABSENT, Some(_)) => "inserted",
                (_, None) => "deleted",
                (r, Some(n)) if r == n => continue,
                _ => "edited",
            };
            let (kind, number) = split_key(key);
            documents.push(DocFinding {
                kind,
                number,
                change,
                seq: Some(*seq),
            });
        }
        let baselined = self
            .conn
            .query_row("SELECT count(*) FROM meta WHERE key = ?1", [BASELINE_KEY], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| self.err(e))?
            > 0;
        if baselined {
            for key in present_docs(&self.conn).map_err(|e| self.err(e))? {
                if !latest.contains_key(&key) {
                    let (kind, number) = split_key(&key);
                    documents.push(DocFinding {
                        kind,
                        number,
                        change: "inserted",
                        seq: None,
                    });
                }
            }
        }
        Ok(VerifyReport {
            rows: count,
            first_broken,
            documents,
            documents_checked,
        })
    }

    /// Check the chain against an anchor taken earlier (from a Z report, a
    /// ward bundle or a printed `SEQ:HASH`): the row at the anchor's
    /// sequence must still exist and have the same hash (a prefix of at
    /// least 16 hex characters is enough).
    pub fn check_anchor(&self, anchor: &AuditHead) -> Result<AnchorCheck> {
        if anchor.seq == 0 {
            return Ok(AnchorCheck {
                anchor: anchor.clone(),
                verdict: if anchor.hash == GENESIS[..anchor.hash.len().min(64)] {
                    "ok"
                } else {
                    "rewritten"
                },
                found: Some(GENESIS.to_string()),
            });
        }
        let found: Option<String> = self
            .conn
            .query_row("SELECT hash FROM audit WHERE seq = ?1", [anchor.seq], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        let verdict = match &found {
            None => "truncated",
            Some(h) if h.starts_with(&anchor.hash.to_ascii_lowercase()) => "ok",
            Some(_) => "rewritten",
        };
        Ok(AnchorCheck {
            anchor: anchor.clone(),
            verdict,
            found,
        })
    }

    /// The head of the chain: the newest row's sequence number and hash
    /// (`0` and [`GENESIS`] for a file with no audit rows yet). Z reports,
    /// ward bundles and invoice batches carry it so that a later rewrite or
    /// truncation of the chain can be detected against them.
    pub fn audit_head(&self) -> Result<AuditHead> {
        head(&self.conn).map_err(|e| self.err(e))
    }

    /// The last `limit` audit rows, newest first.
    pub fn audit_tail(&self, limit: i64) -> Result<Vec<AuditRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, ts, actor, action, entity, details, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([limit], read_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}

/// The chain head as seen by `conn` (inside a transaction: what it wrote so far).
pub(crate) fn head(conn: &Connection) -> rusqlite::Result<AuditHead> {
    let head = conn
        .query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok(AuditHead {
                seq: r.get(0)?,
                hash: r.get(1)?,
            })
        })
        .optional()?;
    Ok(head.unwrap_or(AuditHead {
        seq: 0,
        hash: GENESIS.to_string(),
    }))
}

/// Read the `audit_head` object of a JSON document (Z report, ward bundle,
/// batch sidecar).
pub fn anchor_in_json(text: &str) -> std::result::Result<AuditHead, StoreError> {
    let refuse = || {
        StoreError::Refused(msg!(
            "tệp không có mục \"audit_head\" {{\"seq\": …, \"hash\": …}} ở cấp ngoài cùng",
            "the file has no top-level \"audit_head\" {{\"seq\": …, \"hash\": …}} object"
        ))
    };
    let v: serde_json::Value = serde_json::from_str(text).map_err(|_| refuse())?;
    // A document with one anchor at the top, or a list of Z reports each with its own.
    let from_list = || {
        v.get("z_reports")?
            .as_array()?
            .iter()
            .filter_map(|r| r.get("audit_head"))
            .filter(|h| h.is_object())
            .max_by_key(|h| h.get("seq").and_then(|s| s.as_i64()).unwrap_or(0))
    };
    let h = v
        .get("audit_head")
        .filter(|h| h.is_object())
        .or_else(from_list)
        .ok_or_else(refuse)?;
    let seq = h.get("seq").and_then(|s| s.as_i64()).ok_or_else(refuse)?;
    let hash = h.get("hash").and_then(|s| s.as_str()).ok_or_else(refuse)?;
    AuditHead::parse(&format!("{seq}:{hash}")).ok_or_else(refuse)
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        ts: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        details: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::temp_store;
    use super::*;

    #[test]
    fn an_intact_chain_verifies_and_tampering_is_found_at_its_row() {
        let (_d, mut store) = temp_store();
        for i in 0..5 {
            let tx = store.begin().unwrap();
            append(
                &tx,
                Path::new("x"),
                "tester",
                "test",
                "thing",
                &format!("{{\"n\":{i}}}"),
            )
            .unwrap();
            tx.commit().unwrap();
        }
        let ok = store.verify_audit().unwrap();
        assert_eq!(ok.rows, 5);
        assert_eq!(ok.first_broken, None);

        // the triggers refuse edits...
        assert!(
            store
                .conn
                .execute("UPDATE audit SET details = 'x' WHERE seq = 3", [])
                .is_err()
        );
        // ...but someone with the sqlite3 tool can drop them
        store
            .conn
            .execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET details = '{\"n\":99}' WHERE seq = 3;")
            .unwrap();
        let bad = store.verify_audit().unwrap();
        assert_eq!(bad.first_broken, Some(BrokenLink { seq: 3, reason: "hash" }));
    }

    #[test]
    fn a_removed_row_breaks_the_next_link() {
        let (_d, mut store) = temp_store();
        for _ in 0..4 {
            let tx = store.begin().unwrap();
            append(&tx, Path::new("x"), "a", "b", "c", "{}").unwrap();
            tx.commit().unwrap();
        }
        store
            .conn
            .execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;")
            .unwrap();
        let bad = store.verify_audit().unwrap();
        assert_eq!(
            bad.first_broken,
            Some(BrokenLink {
                seq: 3,
                reason: "prev_hash"
            })
        );
    }

    #[test]
    fn rows_from_before_document_digests_still_verify_and_old_documents_are_baselined() {
        let (_d, mut store) = temp_store();
        // rows and a product as an older quay wrote them: no docs_hash
        let h1 = row_hash(GENESIS, 1, "t", "a", "product.add", "product:A", "{}", None);
        store
            .conn
            .execute(
                "INSERT INTO audit (seq, ts, actor, action, entity, details, prev_hash, hash)
                 VALUES (1, 't', 'a', 'product.add', 'product:A', '{}', ?1, ?2)",
                params![GENESIS, h1],
            )
            .unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO products (sku, name, unit, price, vat_rate, created_at, updated_at)
                 VALUES ('A', 'Trà', 'gói', 5000, '0', 't', 't');
                 DELETE FROM meta WHERE key = 'audit_docs_baseline';",
            )
            .unwrap();
        ensure_baseline(&mut store).unwrap();
        ensure_baseline(&mut store).unwrap();
        let ok = store.verify_audit().unwrap();
        assert!(ok.intact(), "{ok:?}");
        assert_eq!((ok.rows, ok.documents_checked), (2, 1));
        store
            .conn
            .execute("UPDATE products SET price = 1 WHERE sku = 'A'", [])
            .unwrap();
        let bad = store.verify_audit().unwrap();
        assert_eq!(bad.first_broken, None);
        assert_eq!(
            bad.documents,
            vec![DocFinding {
                kind: "product".into(),
                number: "A".into(),
                change: "edited",
                seq: Some(2)
            }]
        );
    }

    #[test]
    fn anchors_parse_and_check() {
        assert_eq!(AuditHead::parse("12:abc"), None);
        assert_eq!(AuditHead::parse("x:0123456789abcdef"), None);
        let a = AuditHead::parse(" 3:0123456789ABCDEF ").unwrap();
        assert_eq!(a.seq, 3);
        let (_d, mut store) = temp_store();
        for _ in 0..3 {
            let tx = store.begin().unwrap();
            append(&tx, Path::new("x"), "a", "b", "c", "{}").unwrap();
            tx.commit().unwrap();
        }
        let head = store.audit_head().unwrap();
        assert_eq!(store.check_anchor(&head).unwrap().verdict, "ok");
        let short = AuditHead::parse(&head.short()).unwrap();
        assert_eq!(store.check_anchor(&short).unwrap().verdict, "ok");
        assert_eq!(store.check_anchor(&a).unwrap().verdict, "rewritten");
        let later = AuditHead { seq: 9, ..head };
        assert_eq!(store.check_anchor(&later).unwrap().verdict, "truncated");
        let json = r#"{"z_reports":[{"audit_head":{"seq":2,"hash":"00000000000000000000"}},{"audit_head":{"seq":5,"hash":"1111111111111111"}}]}"#;
        assert_eq!(anchor_in_json(json).unwrap().seq, 5);
        assert!(anchor_in_json("{}").is_err());
    }

    #[test]
    fn product_digests_in_bulk_equal_one_by_one() {
        let (_d, store) = temp_store();
        store
            .conn
            .execute_batch(
                "INSERT INTO products (id, sku, name, unit, price, vat_rate, tags, created_at, updated_at)
                 VALUES (1, 'A', 'Trà', 'gói', 5000, '0', 'ocop', 't', 't'),
                        (2, 'B', 'Cà phê', 'kg', 90000, '10', '', 't', 't');
                 INSERT INTO barcodes (code, product_id) VALUES ('8930000000012', 1), ('8930000000029', 1);",
            )
            .unwrap();
        let skus: HashSet<&str> = ["A", "B"].into_iter().collect();
        let bulk = product_digests(&store.conn, &skus).unwrap();
        for sku in ["A", "B"] {
            let key = format!("product:{sku}");
            assert_eq!(bulk[&key], doc_digest(&store.conn, &key).unwrap().unwrap(), "{sku}");
        }
    }
}
