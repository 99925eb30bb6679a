//! Numbered schema migrations, tracked with `PRAGMA user_version`.
//! Each step runs in its own transaction; a file newer than this build is
//! refused untouched.

use std::path::Path;

use rusqlite::Connection;

use super::{APPLICATION_ID, Result, StoreError, sql_err};

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: shop profile, catalogue, audit log
    "
    CREATE TABLE shop (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        shop_id      TEXT NOT NULL,
        name         TEXT NOT NULL,
        address      TEXT NOT NULL,
        ward         TEXT NOT NULL,
        phone        TEXT,
        tax_code     TEXT,
        tax_method   TEXT NOT NULL CHECK (tax_method IN ('direct', 'deduction')),
        bank_bin     TEXT NOT NULL,
        bank_account TEXT NOT NULL,
        is_demo      INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
        updated_at   TEXT NOT NULL
    );
    CREATE TABLE products (
        id          INTEGER PRIMARY KEY,
        sku         TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        unit        TEXT NOT NULL,
        price       INTEGER NOT NULL CHECK (price >= 0),
        vat_rate    TEXT NOT NULL CHECK (vat_rate IN ('0', '5', '8', '10', 'KCT')),
        tags        TEXT NOT NULL DEFAULT '',
        active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        stock_milli INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE barcodes (
        code       TEXT PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products(id)
    ) WITHOUT ROWID;
    CREATE INDEX barcodes_by_product ON barcodes(product_id);
    CREATE TABLE audit (
        seq       INTEGER PRIMARY KEY,
        ts        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        details   TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
    ",
    // 2: the shop's own VietQR payload (bank sticker, MoMo, ZaloPay…)
    "ALTER TABLE shop ADD COLUMN own_qr TEXT;",
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub(super) fn run(conn: &Connection, path: &Path) -> Result<()> {
    let err = |e| sql_err(path, e);
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(err)?;
    if current > LATEST {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: current,
            known: LATEST,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as i64 + 1;
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE;
             {sql}
             PRAGMA application_id = {APPLICATION_ID};
             PRAGMA user_version = {version};
             COMMIT;"
        ))
        .map_err(|e| {
            let _ = conn.execute_batch("ROLLBACK");
            err(e)
        })?;
    }
    Ok(())
}
