//! Numbered schema migrations, tracked with `PRAGMA user_version`.
//! Each step runs in its own transaction; a file newer than this build is
//! refused untouched.

use std::path::{Path, PathBuf};

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
    // 3: the counter: users, cash sessions, sales and everything hanging off them
    "
    ALTER TABLE shop ADD COLUMN discount_pin_bp INTEGER NOT NULL DEFAULT 1000;
    CREATE TABLE users (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE,
        role            TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
        pin_hash        TEXT NOT NULL,
        active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        created_at      TEXT NOT NULL
    );
    CREATE TABLE cash_sessions (
        id            INTEGER PRIMARY KEY,
        opened_at     TEXT NOT NULL,
        opened_by     TEXT NOT NULL,
        opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
        closed_at     TEXT,
        closed_by     TEXT,
        counted_cash  INTEGER,
        z_number      INTEGER UNIQUE,
        z_report      TEXT
    );
    CREATE UNIQUE INDEX one_open_session ON cash_sessions((closed_at IS NULL)) WHERE closed_at IS NULL;
    CREATE TABLE cash_moves (
        id         INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES cash_sessions(id),
        ts         TEXT NOT NULL,
        user_name  TEXT NOT NULL,
        amount     INTEGER NOT NULL CHECK (amount <> 0),
        reason     TEXT NOT NULL
    );
    CREATE TABLE sale_number_reservations (
        number      INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        reserved_at TEXT NOT NULL
    );
    CREATE TABLE sales (
        id                   INTEGER PRIMARY KEY,
        uuid                 TEXT NOT NULL UNIQUE,
        number               INTEGER NOT NULL UNIQUE,
        kind                 TEXT NOT NULL CHECK (kind IN ('sale', 'void', 'refund')),
        ref_sale_id          INTEGER REFERENCES sales(id),
        session_id           INTEGER NOT NULL REFERENCES cash_sessions(id),
        ts                   TEXT NOT NULL,
        business_date        TEXT NOT NULL,
        user_name            TEXT NOT NULL,
        approved_by          TEXT,
        tax_method           TEXT NOT NULL,
        subtotal             INTEGER NOT NULL,
        discount             INTEGER NOT NULL,
        total                INTEGER NOT NULL,
        change               INTEGER NOT NULL CHECK (change >= 0),
        cart_discount        TEXT,
        buyer                TEXT,
        note                 TEXT
    );
    CREATE INDEX sales_by_date ON sales(business_date);
    CREATE INDEX sales_by_ref ON sales(ref_sale_id);
    CREATE TABLE sale_lines (
        id            INTEGER PRIMARY KEY,
        sale_id       INTEGER NOT NULL REFERENCES sales(id),
        line_no       INTEGER NOT NULL,
        product_id    INTEGER NOT NULL REFERENCES products(id),
        sku           TEXT NOT NULL,
        name          TEXT NOT NULL,
        unit          TEXT NOT NULL,
        unit_price    INTEGER NOT NULL,
        qty_milli     INTEGER NOT NULL,
        vat_rate      TEXT NOT NULL,
        gross         INTEGER NOT NULL,
        line_discount INTEGER NOT NULL,
        cart_discount INTEGER NOT NULL,
        net           INTEGER NOT NULL,
        discount      TEXT,
        ref_line_id   INTEGER REFERENCES sale_lines(id),
        UNIQUE (sale_id, line_no)
    );
    CREATE INDEX sale_lines_by_ref ON sale_lines(ref_line_id);
    CREATE TABLE payments (
        id           INTEGER PRIMARY KEY,
        sale_id      INTEGER NOT NULL REFERENCES sales(id),
        method       TEXT NOT NULL,
        amount       INTEGER NOT NULL,
        tendered     INTEGER NOT NULL,
        reference    TEXT,
        confirmed_by TEXT
    );
    CREATE INDEX payments_by_sale ON payments(sale_id);
    CREATE TABLE tax_lines (
        sale_id INTEGER NOT NULL REFERENCES sales(id),
        rate    TEXT NOT NULL,
        total   INTEGER NOT NULL,
        pre_tax INTEGER NOT NULL,
        tax     INTEGER NOT NULL,
        PRIMARY KEY (sale_id, rate)
    );
    CREATE TABLE stock_moves (
        id         INTEGER PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products(id),
        sale_id    INTEGER REFERENCES sales(id),
        qty_milli  INTEGER NOT NULL,
        reason     TEXT NOT NULL,
        ts         TEXT NOT NULL
    );
    CREATE TABLE parked_carts (
        id        INTEGER PRIMARY KEY,
        label     TEXT NOT NULL,
        cart      TEXT NOT NULL,
        user_name TEXT NOT NULL,
        parked_at TEXT NOT NULL
    );
    CREATE TABLE print_jobs (
        id         INTEGER PRIMARY KEY,
        sale_id    INTEGER REFERENCES sales(id),
        kind       TEXT NOT NULL,
        status     TEXT NOT NULL CHECK (status IN ('queued', 'printed', 'failed')),
        attempts   INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TRIGGER sales_no_update BEFORE UPDATE ON sales
        BEGIN SELECT RAISE(ABORT, 'committed sales are never changed'); END;
    CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales
        BEGIN SELECT RAISE(ABORT, 'committed sales are never deleted'); END;
    CREATE TRIGGER sale_lines_no_update BEFORE UPDATE ON sale_lines
        BEGIN SELECT RAISE(ABORT, 'committed sales are never changed'); END;
    CREATE TRIGGER sale_lines_no_delete BEFORE DELETE ON sale_lines
        BEGIN SELECT RAISE(ABORT, 'committed sales are never deleted'); END;
    CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
        BEGIN SELECT RAISE(ABORT, 'committed payments are never changed'); END;
    CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
        BEGIN SELECT RAISE(ABORT, 'committed payments are never deleted'); END;
    CREATE TRIGGER tax_lines_no_update BEFORE UPDATE ON tax_lines
        BEGIN SELECT RAISE(ABORT, 'committed sales are never changed'); END;
    CREATE TRIGGER tax_lines_no_delete BEFORE DELETE ON tax_lines
        BEGIN SELECT RAISE(ABORT, 'committed sales are never deleted'); END;
    CREATE TRIGGER cash_moves_no_change BEFORE UPDATE ON cash_moves
        BEGIN SELECT RAISE(ABORT, 'cash moves are never changed'); END;
    CREATE TRIGGER cash_moves_no_delete BEFORE DELETE ON cash_moves
        BEGIN SELECT RAISE(ABORT, 'cash moves are never deleted'); END;
    CREATE TRIGGER closed_sessions_frozen BEFORE UPDATE ON cash_sessions
        WHEN OLD.closed_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a closed session (Z report) is never changed'); END;
    ",
    // 4: receipt printer settings
    "
    ALTER TABLE shop ADD COLUMN printer_uri TEXT;
    ALTER TABLE shop ADD COLUMN paper INTEGER NOT NULL DEFAULT 80 CHECK (paper IN (58, 80));
    ALTER TABLE shop ADD COLUMN print_mode TEXT NOT NULL DEFAULT 'raster';
    ALTER TABLE shop ADD COLUMN qr_mode TEXT NOT NULL DEFAULT 'native';
    ALTER TABLE shop ADD COLUMN drawer_pin INTEGER NOT NULL DEFAULT 2 CHECK (drawer_pin IN (2, 5));
    ALTER TABLE shop ADD COLUMN drawer_on_ms INTEGER NOT NULL DEFAULT 100;
    ALTER TABLE shop ADD COLUMN drawer_off_ms INTEGER NOT NULL DEFAULT 100;
    ALTER TABLE shop ADD COLUMN open_drawer INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE shop ADD COLUMN receipt_footer TEXT;
    ",
    // 5: e-invoices from the cash register
    "
    ALTER TABLE shop ADD COLUMN inv_form INTEGER CHECK (inv_form IN (1, 2));
    ALTER TABLE shop ADD COLUMN inv_coded TEXT NOT NULL DEFAULT 'C';
    ALTER TABLE shop ADD COLUMN inv_letters TEXT;
    ALTER TABLE shop ADD COLUMN inv_block TEXT;
    ALTER TABLE shop ADD COLUMN inv_location TEXT;
    ALTER TABLE shop ADD COLUMN inv_threshold INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE shop ADD COLUMN inv_dvtte INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE shop ADD COLUMN inv_httoan INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE shop ADD COLUMN inv_provider_mst TEXT;
    CREATE TABLE invoice_counters (
        form    INTEGER NOT NULL,
        symbol  TEXT NOT NULL,
        year    INTEGER NOT NULL,
        last_no INTEGER NOT NULL CHECK (last_no BETWEEN 1 AND 99999999),
        PRIMARY KEY (form, symbol)
    );
    CREATE TABLE mccqt_counters (
        block    TEXT PRIMARY KEY,
        last_seq INTEGER NOT NULL CHECK (last_seq BETWEEN 1 AND 99999999999)
    );
    CREATE TABLE invoices (
        id          INTEGER PRIMARY KEY,
        sale_id     INTEGER NOT NULL UNIQUE REFERENCES sales(id),
        kind        TEXT NOT NULL CHECK (kind IN ('original', 'adjustment')),
        related_id  INTEGER REFERENCES invoices(id),
        form        INTEGER NOT NULL,
        symbol      TEXT NOT NULL,
        year        INTEGER NOT NULL,
        number      INTEGER NOT NULL,
        issued_on   TEXT NOT NULL,
        mccqt       TEXT NOT NULL UNIQUE,
        total       INTEGER NOT NULL,
        xml         BLOB NOT NULL,
        sha256      TEXT NOT NULL,
        lookup_qr   TEXT NOT NULL,
        UNIQUE (form, symbol, number)
    );
    CREATE INDEX invoices_by_day ON invoices(issued_on);
    CREATE TABLE invoice_status (
        invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id),
        status     TEXT NOT NULL CHECK (status IN ('issued', 'batched', 'sent', 'accepted', 'rejected')),
        reason     TEXT,
        batch      TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TRIGGER invoices_no_update BEFORE UPDATE ON invoices
        BEGIN SELECT RAISE(ABORT, 'issued invoices are never changed'); END;
    CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
        BEGIN SELECT RAISE(ABORT, 'issued invoices are never deleted'); END;
    ",
    // 6: a covering index so reports read payments without touching the table
    "
    CREATE INDEX payments_cover ON payments(sale_id, method, amount);
    DROP INDEX payments_by_sale;
    ",
    // 7: facts the store keeps about itself (e.g. whether business dates
    // ever went backwards, which decides how reports scan)
    "
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value)
        SELECT 'dates_out_of_order', '1' WHERE EXISTS (
            SELECT 1 FROM sales a JOIN sales b ON b.id = a.id + 1 WHERE b.business_date < a.business_date);
    ",
    // 8: maturity assessments (one officer's laptop holds many shops'); the
    // whole record is JSON, with the columns lists and resume need
    "
    CREATE TABLE assessments (
        id            INTEGER PRIMARY KEY,
        uid           TEXT NOT NULL UNIQUE,
        questionnaire TEXT NOT NULL,
        fingerprint   TEXT NOT NULL,
        shop_key      TEXT NOT NULL,
        shop_name     TEXT NOT NULL,
        finished      INTEGER NOT NULL CHECK (finished IN (0, 1)),
        level         INTEGER,
        score         REAL,
        started_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        record        TEXT NOT NULL
    );
    CREATE INDEX assessments_shop ON assessments (shop_key, started_at);
    ",
    // 9: document digests in the audit chain (rows keep the digest of each
    // document they wrote); timed PIN lockout and the manager's recovery code
    "
    ALTER TABLE audit ADD COLUMN docs_hash TEXT;
    CREATE TABLE audit_docs (
        seq    INTEGER NOT NULL REFERENCES audit(seq),
        doc    TEXT NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (doc, seq)
    ) WITHOUT ROWID;
    CREATE INDEX audit_docs_by_seq ON audit_docs(seq);
    CREATE TRIGGER audit_docs_no_update BEFORE UPDATE ON audit_docs
        BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
    CREATE TRIGGER audit_docs_no_delete BEFORE DELETE ON audit_docs
        BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
    ALTER TABLE users ADD COLUMN locked_until TEXT;
    ALTER TABLE users ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE users ADD COLUMN recovery_hash TEXT;
    ",
    // 10: e-invoices a T-VAN accepts: the T-VAN's MST (MNGui), the
    // business-location name, the seller's signing certificate (PKCS#12 as
    // given; its password is never stored), the buyer block (JSON) so the
    // printed invoice can show it
    "
    ALTER TABLE shop ADD COLUMN inv_tvan_mst TEXT;
    ALTER TABLE shop ADD COLUMN inv_location_name TEXT;
    ALTER TABLE shop ADD COLUMN inv_signing_cert BLOB;
    ALTER TABLE invoices ADD COLUMN buyer TEXT;
    ",
    // 11: the shop's Ed25519 key for signing ward bundles (never exported)
    // and the revision counter of each exported period
    "
    CREATE TABLE ward_key (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        secret     BLOB NOT NULL CHECK (length(secret) = 32),
        public_key TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE ward_exports (
        period_label TEXT PRIMARY KEY,
        revision     INTEGER NOT NULL CHECK (revision > 0),
        exported_at  TEXT NOT NULL
    );
    ",
    // 12: products say whether they are sold by weight or measure (only those
    // take fractional quantities); existing ones by their unit
    "
    ALTER TABLE products ADD COLUMN by_measure INTEGER NOT NULL DEFAULT 0;
    UPDATE products SET by_measure = 1
     WHERE lower(trim(unit)) IN ('kg', 'g', 'l', 'ml', 'm', 'lít', 'lit', 'mét', 'gam');
    ",
    // 13: tax for households: each product's tax group (business line; NULL
    // = the default by its VAT rate) and revenue from other channels
    // (e-commerce platforms) entered per period, never edited
    "
    ALTER TABLE products ADD COLUMN tax_group TEXT;
    CREATE TABLE tax_channel_revenue (
        id          INTEGER PRIMARY KEY,
        channel     TEXT NOT NULL,
        period_from TEXT NOT NULL,
        period_to   TEXT NOT NULL CHECK (period_to >= period_from),
        tax_group   TEXT NOT NULL,
        amount      INTEGER NOT NULL,
        withheld    INTEGER NOT NULL DEFAULT 0 CHECK (withheld >= 0),
        note        TEXT,
        entered_at  TEXT NOT NULL,
        entered_by  TEXT NOT NULL
    );
    CREATE INDEX tax_channel_by_end ON tax_channel_revenue(period_to);
    CREATE TRIGGER tax_channel_no_update BEFORE UPDATE ON tax_channel_revenue
    BEGIN SELECT RAISE(ABORT, 'channel revenue is never edited: enter a correction'); END;
    CREATE TRIGGER tax_channel_no_delete BEFORE DELETE ON tax_channel_revenue
    BEGIN SELECT RAISE(ABORT, 'channel revenue is never deleted: enter a correction'); END;
    ",
    // 14: customers and debt (the debt book: debt tenders are payments with
    // method 'debt' whose reference is the customer code; later payments
    // are their own append-only documents, allocated to the oldest debt
    // sales first), cash rounding of the amount due
    "
    CREATE TABLE customers (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        name_folded TEXT NOT NULL,
        phone       TEXT NOT NULL UNIQUE,
        address     TEXT,
        tax_code    TEXT,
        id_number   TEXT,
        debt_limit  INTEGER CHECK (debt_limit IS NULL OR debt_limit >= 0),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX customers_by_name ON customers(name_folded);
    CREATE INDEX payments_debt ON payments(reference) WHERE method = 'debt';
    CREATE TABLE debt_payments (
        id            INTEGER PRIMARY KEY,
        uuid          TEXT NOT NULL UNIQUE,
        customer_id   INTEGER NOT NULL REFERENCES customers(id),
        ts            TEXT NOT NULL,
        business_date TEXT NOT NULL,
        method        TEXT NOT NULL CHECK (method <> 'debt'),
        amount        INTEGER NOT NULL CHECK (amount > 0),
        reference     TEXT,
        user          TEXT NOT NULL
    );
    CREATE INDEX debt_payments_by_customer ON debt_payments(customer_id);
    CREATE TABLE debt_allocations (
        payment_id INTEGER NOT NULL REFERENCES debt_payments(id),
        sale_id    INTEGER NOT NULL REFERENCES sales(id),
        amount     INTEGER NOT NULL CHECK (amount > 0),
        PRIMARY KEY (payment_id, sale_id)
    ) WITHOUT ROWID;
    CREATE INDEX debt_allocations_by_sale ON debt_allocations(sale_id);
    CREATE TRIGGER debt_payments_no_update BEFORE UPDATE ON debt_payments
        BEGIN SELECT RAISE(ABORT, 'debt payments are append-only'); END;
    CREATE TRIGGER debt_payments_no_delete BEFORE DELETE ON debt_payments
        BEGIN SELECT RAISE(ABORT, 'debt payments are append-only'); END;
    CREATE TRIGGER debt_allocations_no_update BEFORE UPDATE ON debt_allocations
        BEGIN SELECT RAISE(ABORT, 'debt allocations are append-only'); END;
    CREATE TRIGGER debt_allocations_no_delete BEFORE DELETE ON debt_allocations
        BEGIN SELECT RAISE(ABORT, 'debt allocations are append-only'); END;
    ALTER TABLE shop ADD COLUMN cash_rounding INTEGER NOT NULL DEFAULT 0
        CHECK (cash_rounding IN (0, 500, 1000));
    ",
    // 15: stock: suppliers, stock documents (receiving, return to supplier,
    // count, adjustment) with their lines, packs (a product that is N of
    // another, sharing its stock), the moving-average cost per base unit,
    // reorder levels, the cost of each sale line; all documents append-only
    "
    ALTER TABLE products ADD COLUMN pack_of INTEGER REFERENCES products(id);
    ALTER TABLE products ADD COLUMN contains INTEGER CHECK (contains IS NULL OR contains > 0);
    ALTER TABLE products ADD COLUMN cost INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0);
    ALTER TABLE products ADD COLUMN reorder_milli INTEGER CHECK (reorder_milli IS NULL OR reorder_milli >= 0);
    CREATE INDEX products_by_pack ON products(pack_of) WHERE pack_of IS NOT NULL;
    ALTER TABLE stock_moves ADD COLUMN doc_id INTEGER;
    CREATE TABLE suppliers (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        phone      TEXT,
        tax_code   TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE stock_docs (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('receive', 'return', 'count', 'adjust')),
        number        INTEGER NOT NULL,
        supplier_id   INTEGER REFERENCES suppliers(id),
        invoice_no    TEXT,
        ts            TEXT NOT NULL,
        business_date TEXT NOT NULL,
        user_name     TEXT NOT NULL,
        total         INTEGER NOT NULL,
        vat           INTEGER NOT NULL DEFAULT 0,
        note          TEXT,
        UNIQUE (kind, number)
    );
    CREATE TABLE stock_doc_lines (
        id             INTEGER PRIMARY KEY,
        doc_id         INTEGER NOT NULL REFERENCES stock_docs(id),
        line_no        INTEGER NOT NULL,
        product_id     INTEGER NOT NULL REFERENCES products(id),
        base_id        INTEGER NOT NULL REFERENCES products(id),
        qty_milli      INTEGER NOT NULL,
        base_qty_milli INTEGER NOT NULL,
        unit_cost      INTEGER NOT NULL,
        vat_rate       TEXT,
        amount         INTEGER NOT NULL,
        vat            INTEGER NOT NULL DEFAULT 0,
        expected_milli INTEGER,
        counted_milli  INTEGER,
        cost_after     INTEGER NOT NULL,
        reason         TEXT,
        UNIQUE (doc_id, line_no)
    );
    CREATE INDEX stock_doc_lines_by_base ON stock_doc_lines(base_id);
    CREATE TABLE sale_line_costs (
        line_id        INTEGER PRIMARY KEY, -- sale_lines(id); no foreign key, like audit_docs
        base_id        INTEGER NOT NULL REFERENCES products(id),
        base_qty_milli INTEGER NOT NULL,
        unit_cost      INTEGER NOT NULL,
        cost           INTEGER NOT NULL
    );
    CREATE TRIGGER stock_docs_no_update BEFORE UPDATE ON stock_docs
        BEGIN SELECT RAISE(ABORT, 'stock documents are never changed'); END;
    CREATE TRIGGER stock_docs_no_delete BEFORE DELETE ON stock_docs
        BEGIN SELECT RAISE(ABORT, 'stock documents are never deleted'); END;
    CREATE TRIGGER stock_doc_lines_no_update BEFORE UPDATE ON stock_doc_lines
        BEGIN SELECT RAISE(ABORT, 'stock documents are never changed'); END;
    CREATE TRIGGER stock_doc_lines_no_delete BEFORE DELETE ON stock_doc_lines
        BEGIN SELECT RAISE(ABORT, 'stock documents are never deleted'); END;
    CREATE TRIGGER sale_line_costs_no_update BEFORE UPDATE ON sale_line_costs
        BEGIN SELECT RAISE(ABORT, 'committed sales are never changed'); END;
    CREATE TRIGGER sale_line_costs_no_delete BEFORE DELETE ON sale_line_costs
        BEGIN SELECT RAISE(ABORT, 'committed sales are never deleted'); END;
    ",
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Bring the schema up to date. Each step reads `user_version` and applies
/// its migration inside one `BEGIN IMMEDIATE` transaction, so two processes
/// opening an old file at once never apply a step twice. Before the first
/// step on a file that already holds data (schema ≥ 1), a copy of the file
/// as it was is written next to it; its path is returned.
pub(super) fn run(conn: &Connection, path: &Path, clock: &crate::time::Clock) -> Result<Option<PathBuf>> {
    let err = |e| sql_err(path, e);
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(err)?;
    if current > LATEST {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: current,
            known: LATEST,
        });
    }
    let mut saved = None;
    if (1..LATEST).contains(&current) {
        saved = Some(copy_before_upgrade(conn, path, current, clock)?);
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as i64 + 1;
        conn.execute_batch("BEGIN IMMEDIATE").map_err(err)?;
        let step = (|| {
            let now: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now >= version {
                return Ok(());
            }
            conn.execute_batch(&format!(
                "{sql}
                 PRAGMA application_id = {APPLICATION_ID};
                 PRAGMA user_version = {version};"
            ))
        })();
        match step {
            Ok(()) => conn.execute_batch("COMMIT").map_err(err)?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(err(e));
            }
        }
    }
    Ok(saved)
}

/// Create an empty shop file at an older schema `version`, as an older
/// build of quay would have left it: for tests of upgrades.
#[doc(hidden)]
pub fn create_at_schema(path: &Path, version: i64) -> Result<()> {
    let conn = Connection::open(path).map_err(|e| sql_err(path, e))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().take(version.clamp(0, LATEST) as usize) {
        let v = i + 1;
        conn.execute_batch(&format!(
            "BEGIN; {sql} PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {v}; COMMIT;"
        ))
        .map_err(|e| sql_err(path, e))?;
    }
    Ok(())
}

/// `NAME.before-schema-N-YYYYMMDD-HHMMSS` beside the file, written with
/// `VACUUM INTO` (a consistent copy of the live database, WAL included).
fn copy_before_upgrade(conn: &Connection, path: &Path, from: i64, clock: &crate::time::Clock) -> Result<PathBuf> {
    let stamp = clock.now().format("%Y%m%d-%H%M%S");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "shop.quay".into());
    let mut out = path.with_file_name(format!("{name}.before-schema-{from}-{stamp}"));
    let mut n = 1;
    while out.exists() {
        n += 1;
        out = path.with_file_name(format!("{name}.before-schema-{from}-{stamp}-{n}"));
    }
    let target = out.to_string_lossy().into_owned();
    conn.execute("VACUUM INTO ?1", [&target])
        .map_err(|e| sql_err(&out, e))?;
    Ok(out)
}
