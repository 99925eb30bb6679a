//! Users: accounts, PIN attempts and lockouts, recovery codes.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, audit, sql_err};
use crate::msg;
use crate::users::{MAX_FAILED_PINS, Role, User};

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
}
