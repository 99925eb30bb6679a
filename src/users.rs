//! Users at the counter: cashiers and managers with PINs stored as slow
//! salted hashes (Argon2id). Every sale, void, refund, discount override and
//! payment confirmation records who did it.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::i18n::{Lang, Msg};
use crate::{msg, msg_key};

/// Consecutive wrong PINs before a user is locked for a while.
pub const MAX_FAILED_PINS: i64 = 5;

/// The first lockout lasts this long; each further one (without a right PIN
/// in between) doubles it, up to [`MAX_LOCK_SECS`].
pub const FIRST_LOCK_SECS: i64 = 5 * 60;
pub const MAX_LOCK_SECS: i64 = 24 * 60 * 60;

/// How long the lockout number `lockouts` (0 for the first) lasts.
pub fn lock_secs(lockouts: i64) -> i64 {
    let shift = lockouts.clamp(0, 20) as u32;
    FIRST_LOCK_SECS.saturating_mul(1i64 << shift).min(MAX_LOCK_SECS)
}

/// Seconds left of a lockout ending at `until`, seen at `now`.
pub fn lock_left(
    until: Option<chrono::DateTime<chrono::FixedOffset>>,
    now: &chrono::DateTime<chrono::FixedOffset>,
) -> Option<i64> {
    let left = (until? - *now).num_seconds();
    (left > 0).then_some(left)
}

/// `4 phút 05 giây` / `4 min 05 s`.
pub fn duration_msg(secs: i64) -> Msg {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        msg!("{h} giờ {m:02} phút", "{h} h {m:02} min")
    } else {
        msg!("{m} phút {s:02} giây", "{m} min {s:02} s")
    }
}

/// A one-time recovery code for a manager: 16 random hex digits in four
/// groups (`7F3A-09C2-B1E4-5D68`).
pub fn new_recovery_code() -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
    let h = &hex[..16];
    format!("{}-{}-{}-{}", &h[..4], &h[4..8], &h[8..12], &h[12..16])
}

/// Why a PIN or recovery code was refused or could not be hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserError {
    PinShape,
    /// The random salt could not be made (the detail).
    Salt(String),
    HashPin(String),
    HashRecoveryCode(String),
}

impl UserError {
    pub fn msg(&self) -> Msg {
        match self {
            UserError::PinShape => msg_key!("users.pin_shape"),
            UserError::Salt(detail) => msg_key!("users.salt", detail),
            UserError::HashPin(detail) => msg_key!("users.hash_pin", detail),
            UserError::HashRecoveryCode(detail) => msg_key!("users.hash_recovery_code", detail),
        }
    }
}

crate::english_display!(UserError);

impl From<UserError> for Msg {
    fn from(e: UserError) -> Msg {
        e.msg()
    }
}

fn salt() -> Result<SaltString, UserError> {
    SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes()).map_err(|e| UserError::Salt(e.to_string()))
}

/// The canonical form of a typed recovery code (case and dashes ignored).
pub fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Argon2id of a recovery code (normalised).
pub fn hash_recovery_code(code: &str) -> Result<String, UserError> {
    let salt = salt()?;
    Argon2::default()
        .hash_password(normalize_recovery_code(code).as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| UserError::HashRecoveryCode(e.to_string()))
}

pub fn recovery_code_matches(code: &str, hash: &str) -> bool {
    pin_matches(&normalize_recovery_code(code), hash)
}

/// The name used when a shop has no users yet (single-user mode).
pub const OWNER: &str = "chủ cửa hàng";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Cashier,
    Manager,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_lowercase().as_str() {
            "cashier" | "thu-ngan" | "thungan" => Some(Role::Cashier),
            "manager" | "quan-ly" | "quanly" => Some(Role::Manager),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Manager => "manager",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Cashier => lang.pick("thu ngân", "cashier"),
            Role::Manager => lang.pick("quản lý", "manager"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub failed_attempts: i64,
    /// End of the current lockout, if one was ever set.
    #[serde(serialize_with = "crate::time::ser::opt_stamp")]
    pub locked_until: Option<chrono::DateTime<chrono::FixedOffset>>,
    #[serde(skip)]
    pub pin_hash: String,
}

impl User {
    /// Seconds of lockout left at `now` (none when not locked).
    pub fn lock_left(&self, now: &chrono::DateTime<chrono::FixedOffset>) -> Option<i64> {
        lock_left(self.locked_until, now)
    }
}

/// A PIN is 4–8 digits.
pub fn check_pin_shape(pin: &str) -> Result<(), UserError> {
    if (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(UserError::PinShape)
    }
}

/// Argon2id with a random salt, as a PHC string.
pub fn hash_pin(pin: &str) -> Result<String, UserError> {
    check_pin_shape(pin)?;
    // 16 random bytes from the OS (through uuid's v4 generator).
    let salt = salt()?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| UserError::HashPin(e.to_string()))
}

pub fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_salted_and_verified() {
        let a = hash_pin("1234").unwrap();
        let b = hash_pin("1234").unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(pin_matches("1234", &a));
        assert!(!pin_matches("1235", &a));
        assert!(!pin_matches("1234", "garbage"));
        assert!(hash_pin("12").is_err());
        assert!(hash_pin("12ab").is_err());
    }
}
