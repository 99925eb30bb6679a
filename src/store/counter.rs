//! Users, cash sessions and cash moves, parked carts and print jobs.

use rusqlite::{OptionalExtension, params};

use super::sales::{insert_session, open_session_id};
use super::{Result, Store, StoreError, audit, sql_err};
use crate::checkout::tender::Method;
use crate::money::Vnd;
use crate::msg;
use crate::printer_settings::PrintStatus;
use crate::sales::VatRecord;
use crate::users::{MAX_FAILED_PINS, Role, User};
use chrono::{DateTime, FixedOffset};

/// Whether a PIN may be checked now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinGate {
    NoUser,
    Disabled,
    /// Locked after wrong PINs, for this many more seconds.
    Locked {
        secs_left: i64,
    },
    /// Check the PIN: this is attempt `attempt` of [`MAX_FAILED_PINS`];
    /// `lock_secs` is set when a wrong PIN now means a lockout that long.
    Check {
        attempt: i64,
        lock_secs: Option<i64>,
        user: User,
    },
}

/// A cash session (drawer shift) as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Session {
    pub id: i64,
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub opened_at: DateTime<FixedOffset>,
    pub opened_by: String,
    pub opening_float: Vnd,
    #[serde(serialize_with = "crate::time::ser::opt_stamp")]
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub z_number: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CashMove {
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub ts: DateTime<FixedOffset>,
    pub user: String,
    pub amount: Vnd,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MethodTotal {
    #[serde(serialize_with = "Method::serialize_code")]
    pub method: Method,
    /// Documents with a payment by this method.
    pub count: i64,
    pub amount: Vnd,
}

/// Raw figures of one session, for the X and Z reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SessionFigures {
    pub session: Session,
    pub sales_count: i64,
    pub sales_total: Vnd,
    pub discounts: Vnd,
    /// Sales with at least one non-cash payment.
    pub cashless_sales_count: i64,
    pub refunds_count: i64,
    /// Negative: money given back.
    pub refunds_total: Vnd,
    pub voids_count: i64,
    pub voids_total: Vnd,
    pub by_method: Vec<MethodTotal>,
    pub vat: Vec<VatRecord>,
    pub moves: Vec<CashMove>,
    /// The audit chain head when the figures were read (for a Z report:
    /// inside the closing transaction, just before its own audit row).
    pub audit_head: super::AuditHead,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParkedCart {
    pub id: i64,
    pub label: String,
    pub cart: String,
    pub user: String,
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub parked_at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PrintJob {
    pub id: i64,
    pub sale_number: Option<i64>,
    /// `receipt` (the only kind written so far).
    pub kind: String,
    pub status: PrintStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
}

fn read_user(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    let locked_until: Option<String> = r.get(6)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::parse(&role).ok_or_else(|| super::bad_value(2, "users.role", &role, "cashier or manager"))?,
        active: r.get(3)?,
        failed_attempts: r.get(4)?,
        pin_hash: r.get(5)?,
        locked_until: locked_until
            .map(|t| super::stored_stamp(6, "users.locked_until", &t))
            .transpose()?,
    })
}

impl Store {
    // ---- users ----------------------------------------------------------

    pub fn users(&self) -> Result<Vec<User>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, role, active, failed_attempts, pin_hash, locked_until FROM users ORDER BY name")
            .map_err(|e| self.err(e))?;
        let users = stmt
            .query_map([], read_user)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(users)
    }

    pub fn user(&self, name: &str) -> Result<Option<User>> {
        self.conn
            .query_row(
                "SELECT id, name, role, active, failed_attempts, pin_hash, locked_until FROM users WHERE name = ?1",
                [name],
                read_user,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn add_user(&mut self, name: &str, role: Role, pin_hash: &str, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let exists: bool = tx
            .query_row("SELECT count(*) FROM users WHERE name = ?1", [name], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| sql_err(&path, e))?
            > 0;
        if exists {
            return Err(StoreError::Refused(msg!(
                "người dùng '{name}' đã có",
                "user '{name}' already exists"
            )));
        }
        tx.execute(
            "INSERT INTO users (name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, role.code(), pin_hash, tx.now_rfc3339()],
        )
        .map_err(|e| sql_err(&path, e))?;
        audit::append_docs(
            &tx,
            &path,
            actor,
            "user.add",
            &format!("user:{name}"),
            &format!("{{\"role\":\"{}\"}}", role.code()),
            &[format!("user:{name}")],
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// Enable (also clears failed PIN attempts) or disable a user.
    pub fn set_user_active(&mut self, name: &str, active: bool, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let n = tx
            .execute(
                "UPDATE users SET active = ?1,
                        failed_attempts = CASE WHEN ?1 THEN 0 ELSE failed_attempts END,
                        locked_until = CASE WHEN ?1 THEN NULL ELSE locked_until END,
                        lockouts = CASE WHEN ?1 THEN 0 ELSE lockouts END
                 WHERE name = ?2",
                params![active, name],
            )
            .map_err(|e| sql_err(&path, e))?;
        if n == 0 {
            return Err(StoreError::Refused(msg!(
                "không có người dùng '{name}'",
                "no user '{name}'"
            )));
        }
        let action = if active { "user.enable" } else { "user.disable" };
        audit::append_docs(
            &tx,
            &path,
            actor,
            action,
            &format!("user:{name}"),
            "{}",
            &[format!("user:{name}")],
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// Take one PIN attempt for `name` before the PIN is checked, in one
    /// write transaction: refused while the user is locked; the attempt
    /// that reaches [`MAX_FAILED_PINS`] starts a timed lockout at once (a
    /// right PIN then clears it), so parallel attempts can never check more
    /// PINs than the limit. Returns the attempt's number and the user.
    pub fn take_pin_attempt(&mut self, name: &str) -> Result<PinGate> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let e = |e| sql_err(&path, e);
        let row: Option<(User, i64)> = tx
            .query_row(
                "SELECT id, name, role, active, failed_attempts, pin_hash, locked_until, lockouts FROM users WHERE name = ?1",
                [name],
                |r| Ok((read_user(r)?, r.get(7)?)),
            )
            .optional()
            .map_err(e)?;
        let Some((user, lockouts)) = row else {
            return Ok(PinGate::NoUser);
        };
        if !user.active {
            return Ok(PinGate::Disabled);
        }
        let now = tx.now();
        if let Some(left) = user.lock_left(&now) {
            return Ok(PinGate::Locked { secs_left: left });
        }
        let attempt = user.failed_attempts.clamp(0, MAX_FAILED_PINS - 1) + 1;
        if attempt >= MAX_FAILED_PINS {
            let secs = crate::users::lock_secs(lockouts);
            let until = (now + chrono::Duration::seconds(secs)).to_rfc3339();
            tx.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = ?1, lockouts = lockouts + 1 WHERE name = ?2",
                params![until, name],
            )
            .map_err(e)?;
            audit::append(
                &tx,
                &path,
                name,
                "user.locked",
                &format!("user:{name}"),
                &serde_json::json!({ "until": until, "secs": secs }).to_string(),
            )?;
        } else {
            tx.execute(
                "UPDATE users SET failed_attempts = ?1 WHERE name = ?2",
                params![attempt, name],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)?;
        let lock_secs = (attempt >= MAX_FAILED_PINS).then(|| crate::users::lock_secs(lockouts));
        Ok(PinGate::Check {
            attempt,
            lock_secs,
            user,
        })
    }

    /// The outcome of a PIN check taken with [`Store::take_pin_attempt`]: a
    /// right PIN clears the count and any lockout; a wrong one is audited.
    pub fn record_pin_attempt(&mut self, name: &str, ok: bool) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        if ok {
            tx.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = NULL, lockouts = 0 WHERE name = ?1",
                [name],
            )
            .map_err(|e| sql_err(&path, e))?;
        } else {
            audit::append(&tx, &path, name, "user.pin_failed", &format!("user:{name}"), "{}")?;
        }
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// Store a manager's recovery code (its hash), replacing any earlier one.
    pub fn set_recovery_hash(&mut self, name: &str, hash: Option<&str>, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        tx.execute(
            "UPDATE users SET recovery_hash = ?1 WHERE name = ?2",
            params![hash, name],
        )
        .map_err(|e| sql_err(&path, e))?;
        audit::append_docs(
            &tx,
            &path,
            actor,
            "user.recovery_code",
            &format!("user:{name}"),
            "{}",
            &[format!("user:{name}")],
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// The stored hash of a user's recovery code.
    pub fn recovery_hash(&self, name: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT recovery_hash FROM users WHERE name = ?1", [name], |r| r.get(0))
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// Whether any manager holds a recovery code.
    pub fn any_recovery_code(&self) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT count(*) FROM users WHERE role = 'manager' AND recovery_hash IS NOT NULL",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// Recovery: a new PIN and a new recovery code (the used one is spent),
    /// the user enabled and unlocked, in one transaction with its audit row.
    pub fn recover_user(&mut self, name: &str, pin_hash: &str, new_recovery_hash: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        tx.execute(
            "UPDATE users SET pin_hash = ?1, recovery_hash = ?2, active = 1, failed_attempts = 0,
                              locked_until = NULL, lockouts = 0
             WHERE name = ?3",
            params![pin_hash, new_recovery_hash, name],
        )
        .map_err(|e| sql_err(&path, e))?;
        audit::append_docs(
            &tx,
            &path,
            name,
            "user.recover",
            &format!("user:{name}"),
            "{}",
            &[format!("user:{name}")],
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    pub fn discount_pin_threshold_bp(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT discount_pin_bp FROM shop WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map(|v| v.unwrap_or(1000))
            .map_err(|e| self.err(e))
    }

    // ---- cash sessions ---------------------------------------------------

    pub fn current_session(&self) -> Result<Option<Session>> {
        self.conn
            .query_row(
                "SELECT id, opened_at, opened_by, opening_float, closed_at, z_number FROM cash_sessions WHERE closed_at IS NULL",
                [],
                read_session,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The ids of the sales (not voids or refunds) of a cash session.
    pub fn session_sale_ids(&self, session_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM sales WHERE session_id = ?1 AND kind = 'sale' ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([session_id], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The float the last session opened with (the shop's usual float), 0
    /// before the first session.
    pub fn usual_float(&self) -> Result<Vnd> {
        self.conn
            .query_row(
                "SELECT coalesce((SELECT opening_float FROM cash_sessions ORDER BY id DESC LIMIT 1), 0)",
                [],
                |r| r.get(0),
            )
            .map(Vnd)
            .map_err(|e| self.err(e))
    }

    pub fn open_session(&mut self, float: Vnd, user: &str) -> Result<Session> {
        let path = self.path.clone();
        let tx = self.begin()?;
        if open_session_id(&tx).map_err(|e| sql_err(&path, e))?.is_some() {
            return Err(StoreError::Refused(msg!(
                "ca bán hàng đang mở: hãy chốt ca (báo cáo Z) trước khi mở ca mới",
                "a cash session is already open: close it (Z report) before opening another"
            )));
        }
        if float.0 < 0 {
            return Err(StoreError::Refused(msg!(
                "tiền đầu ca không được âm",
                "the float cannot be negative"
            )));
        }
        let id = insert_session(&tx, user, float.0).map_err(|e| sql_err(&path, e))?;
        audit::append(
            &tx,
            &path,
            user,
            "session.open",
            &format!("session:{id}"),
            &format!("{{\"float\":{}}}", float.0),
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        self.current_session()?
            .ok_or_else(|| StoreError::Refused(msg!("không mở được ca", "could not open the session")))
    }

    /// Cash in (positive) or out (negative) of the drawer, with a reason.
    pub fn cash_move(&mut self, amount: Vnd, reason: &str, user: &str) -> Result<()> {
        crate::text::check_clean("reason", reason)?;
        if amount.0 == 0 || reason.trim().is_empty() {
            return Err(StoreError::Refused(msg!(
                "cần số tiền khác 0 và lý do",
                "an amount other than zero and a reason are needed"
            )));
        }
        let path = self.path.clone();
        let tx = self.begin()?;
        let id = match open_session_id(&tx).map_err(|e| sql_err(&path, e))? {
            Some(id) => id,
            None => {
                return Err(StoreError::Refused(msg!(
                    "chưa mở ca: hãy mở ca trước (quay session open)",
                    "no open session: open one first (quay session open)"
                )));
            }
        };
        tx.execute(
            "INSERT INTO cash_moves (session_id, ts, user_name, amount, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, tx.now_rfc3339(), user, amount.0, reason.trim()],
        )
        .map_err(|e| sql_err(&path, e))?;
        let details = serde_json::json!({ "amount": amount, "reason": reason.trim() }).to_string();
        audit::append(&tx, &path, user, "cash.move", &format!("session:{id}"), &details)?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    pub fn session(&self, id: i64) -> Result<Option<Session>> {
        self.conn
            .query_row(
                "SELECT id, opened_at, opened_by, opening_float, closed_at, z_number FROM cash_sessions WHERE id = ?1",
                [id],
                read_session,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Everything the X and Z reports need about one session.
    pub fn session_figures(&self, id: i64) -> Result<SessionFigures> {
        figures(&self.conn, id).map_err(|e| match e {
            Figures::Sql(e) => self.err(e),
            Figures::NoSession => StoreError::Refused(msg!("không có ca {id}", "no session {id}")),
        })
    }

    /// Close the open session in one transaction: the figures are read
    /// inside it, `build(figures, z_number, closed_at)` makes the report
    /// JSON, and the report is frozen with the session. Returns the Z number.
    pub fn close_session(
        &mut self,
        id: i64,
        counted: Vnd,
        user: &str,
        build: impl FnOnce(&SessionFigures, i64, &str) -> String,
    ) -> Result<i64> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let e = |e| sql_err(&path, e);
        let open: Option<i64> = open_session_id(&tx).map_err(e)?;
        if open != Some(id) {
            return Err(StoreError::Refused(msg!(
                "ca {id} không phải ca đang mở (có thể máy khác vừa chốt ca)",
                "session {id} is not the open one (another till may have just closed it)"
            )));
        }
        let z: i64 = tx
            .query_row("SELECT COALESCE(max(z_number), 0) + 1 FROM cash_sessions", [], |r| {
                r.get(0)
            })
            .map_err(e)?;
        let f = figures(&tx, id).map_err(|err| match err {
            Figures::Sql(x) => sql_err(&path, x),
            Figures::NoSession => StoreError::Refused(msg!("không có ca {id}", "no session {id}")),
        })?;
        let closed_at = tx.now_rfc3339();
        let json = build(&f, z, &closed_at);
        tx.execute(
            "UPDATE cash_sessions SET closed_at = ?1, closed_by = ?2, counted_cash = ?3, z_number = ?4, z_report = ?5 WHERE id = ?6",
            params![closed_at, user, counted.0, z, json, id],
        )
        .map_err(e)?;
        audit::append_docs(
            &tx,
            &path,
            user,
            "session.close",
            &format!("session:{id}"),
            &format!("{{\"z\":{z},\"counted\":{}}}", counted.0),
            &[format!("z:{z}")],
        )?;
        tx.commit().map_err(e)?;
        Ok(z)
    }

    /// Frozen Z reports (JSON) closed on a business date (Vietnam time), in order.
    pub fn z_reports_on(&self, date: &str) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT z_number, z_report FROM cash_sessions WHERE z_number IS NOT NULL AND substr(closed_at, 1, 10) = ?1 ORDER BY z_number")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([date], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    // ---- parked carts ----------------------------------------------------

    pub fn park_cart(&mut self, label: &str, cart_json: &str, user: &str) -> Result<i64> {
        crate::text::check_clean("label", label)?;
        let path = self.path.clone();
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO parked_carts (label, cart, user_name, parked_at) VALUES (?1, ?2, ?3, ?4)",
            params![label, cart_json, user, tx.now_rfc3339()],
        )
        .map_err(|e| sql_err(&path, e))?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok(id)
    }

    pub fn parked_carts(&self) -> Result<Vec<ParkedCart>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{PARKED} ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], read_parked)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Take a parked cart back (it leaves the parked list).
    pub fn take_parked_cart(&mut self, id: i64) -> Result<Option<ParkedCart>> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let row = tx
            .query_row(&format!("{PARKED} WHERE id = ?1"), [id], read_parked)
            .optional()
            .map_err(|e| sql_err(&path, e))?;
        tx.execute("DELETE FROM parked_carts WHERE id = ?1", [id])
            .map_err(|e| sql_err(&path, e))?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok(row)
    }

    // ---- print jobs --------------------------------------------------------

    pub fn print_jobs(&self, only_pending: bool) -> Result<Vec<PrintJob>> {
        let sql = format!(
            "SELECT j.id, s.number, j.kind, j.status, j.attempts, j.last_error FROM print_jobs j
             LEFT JOIN sales s ON s.id = j.sale_id {} ORDER BY j.id",
            if only_pending {
                "WHERE j.status <> 'printed'"
            } else {
                ""
            }
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                let status: String = r.get(3)?;
                Ok(PrintJob {
                    id: r.get(0)?,
                    sale_number: r.get(1)?,
                    kind: r.get(2)?,
                    status: PrintStatus::from_code(&status).ok_or_else(|| {
                        super::bad_value(3, "print_jobs.status", &status, "queued, printed or failed")
                    })?,
                    attempts: r.get(4)?,
                    last_error: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The receipt job of a sale still to print, or a new one (reprint).
    /// Whether a receipt of this document was printed before (a new print
    /// is then a copy).
    pub fn printed_before(&self, sale_id: i64) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM print_jobs WHERE sale_id = ?1 AND status = 'printed')",
                [sale_id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    pub fn print_job_for_sale(&mut self, sale_id: i64) -> Result<i64> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let e = |e| sql_err(&path, e);
        let open: Option<i64> = tx
            .query_row(
                "SELECT id FROM print_jobs WHERE sale_id = ?1 AND status <> 'printed' ORDER BY id DESC LIMIT 1",
                [sale_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(e)?;
        let id = match open {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO print_jobs (sale_id, kind, status, created_at, updated_at) VALUES (?1, 'receipt', 'queued', ?2, ?2)",
                    params![sale_id, tx.now_rfc3339()],
                )
                .map_err(e)?;
                tx.last_insert_rowid()
            }
        };
        tx.commit().map_err(e)?;
        Ok(id)
    }

    /// Record the outcome of a print attempt.
    pub fn print_job_result(&mut self, id: i64, error: Option<&str>) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        tx.execute(
            "UPDATE print_jobs SET status = ?1, attempts = attempts + 1, last_error = ?2, updated_at = ?3 WHERE id = ?4",
            params![
                if error.is_some() { PrintStatus::Failed } else { PrintStatus::Printed }.code(),
                error,
                tx.now_rfc3339(),
                id
            ],
        )
        .map_err(|e| sql_err(&path, e))?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }
}

const PARKED: &str = "SELECT id, label, cart, user_name, parked_at FROM parked_carts";

fn read_parked(r: &rusqlite::Row<'_>) -> rusqlite::Result<ParkedCart> {
    Ok(ParkedCart {
        id: r.get(0)?,
        label: r.get(1)?,
        cart: r.get(2)?,
        user: r.get(3)?,
        parked_at: super::stored_stamp(4, "parked_carts.parked_at", &r.get::<_, String>(4)?)?,
    })
}

fn read_session(r: &rusqlite::Row<'_>) -> rusqlite::Result<Session> {
    let closed_at: Option<String> = r.get(4)?;
    Ok(Session {
        id: r.get(0)?,
        opened_at: super::stored_stamp(1, "cash_sessions.opened_at", &r.get::<_, String>(1)?)?,
        opened_by: r.get(2)?,
        opening_float: Vnd(r.get(3)?),
        closed_at: closed_at
            .map(|t| super::stored_stamp(4, "cash_sessions.closed_at", &t))
            .transpose()?,
        z_number: r.get(5)?,
    })
}

enum Figures {
    Sql(rusqlite::Error),
    NoSession,
}

impl From<rusqlite::Error> for Figures {
    fn from(e: rusqlite::Error) -> Self {
        Figures::Sql(e)
    }
}

fn figures(conn: &rusqlite::Connection, id: i64) -> std::result::Result<SessionFigures, Figures> {
    let session = conn
        .query_row(
            "SELECT id, opened_at, opened_by, opening_float, closed_at, z_number FROM cash_sessions WHERE id = ?1",
            [id],
            read_session,
        )
        .optional()?
        .ok_or(Figures::NoSession)?;
    let kind_totals = |kind: &str| -> rusqlite::Result<(i64, i64, i64)> {
        conn
            .query_row(
                "SELECT count(*), COALESCE(sum(total), 0), COALESCE(sum(discount), 0) FROM sales WHERE session_id = ?1 AND kind = ?2",
                params![id, kind],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
    };
    let (sales_count, sales_total, discounts) = kind_totals("sale")?;
    let (refunds_count, refunds_total, _) = kind_totals("refund")?;
    let (voids_count, voids_total, _) = kind_totals("void")?;
    let cashless_sales_count: i64 = conn.query_row(
        "SELECT count(*) FROM sales s WHERE s.session_id = ?1 AND s.kind = 'sale'
               AND EXISTS (SELECT 1 FROM payments p WHERE p.sale_id = s.id AND p.method <> 'cash')",
        [id],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT p.method, count(DISTINCT p.sale_id), sum(p.amount) FROM payments p
             JOIN sales s ON s.id = p.sale_id WHERE s.session_id = ?1 GROUP BY p.method ORDER BY p.method",
    )?;
    let by_method = stmt
        .query_map([id], |r| {
            let method: String = r.get(0)?;
            Ok(MethodTotal {
                method: super::stored_method(0, "payments.method", &method)?,
                count: r.get(1)?,
                amount: Vnd(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT t.rate, sum(t.total), sum(t.pre_tax), sum(t.tax) FROM tax_lines t
             JOIN sales s ON s.id = t.sale_id WHERE s.session_id = ?1 GROUP BY t.rate",
    )?;
    let mut vat: Vec<VatRecord> = stmt
        .query_map([id], |r| {
            Ok(VatRecord {
                rate: r.get(0)?,
                total: Vnd(r.get(1)?),
                pre_tax: Vnd(r.get(2)?),
                tax: Vnd(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    vat.sort_by_key(|v| crate::catalog::VatRate::ALL.iter().position(|r| r.code() == v.rate));
    let mut stmt =
        conn.prepare("SELECT ts, user_name, amount, reason FROM cash_moves WHERE session_id = ?1 ORDER BY id")?;
    let moves = stmt
        .query_map([id], |r| {
            Ok(CashMove {
                ts: super::stored_stamp(0, "cash_moves.ts", &r.get::<_, String>(0)?)?,
                user: r.get(1)?,
                amount: Vnd(r.get(2)?),
                reason: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(SessionFigures {
        session,
        sales_count,
        sales_total: Vnd(sales_total),
        discounts: Vnd(discounts),
        cashless_sales_count,
        refunds_count,
        refunds_total: Vnd(refunds_total),
        voids_count,
        voids_total: Vnd(voids_total),
        by_method,
        vat,
        moves,
        audit_head: super::audit::head(conn)?,
    })
}
