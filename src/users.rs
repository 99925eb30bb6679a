//! Users at the counter: cashiers and managers with PINs stored as slow
//! salted hashes (Argon2id). Every sale, void, refund, discount override and
//! payment confirmation records who did it.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::i18n::{Lang, Msg};
use crate::msg;

/// Consecutive wrong PINs before a user is locked (a manager re-enables).
pub const MAX_FAILED_PINS: i64 = 5;

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
    #[serde(skip)]
    pub pin_hash: String,
}

impl User {
    pub fn is_locked(&self) -> bool {
        self.failed_attempts >= MAX_FAILED_PINS
    }
}

/// A PIN is 4–8 digits.
pub fn check_pin_shape(pin: &str) -> Result<(), Msg> {
    if (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(msg!("mã PIN phải gồm 4–8 chữ số", "a PIN must be 4–8 digits"))
    }
}

/// Argon2id with a random salt, as a PHC string.
pub fn hash_pin(pin: &str) -> Result<String, Msg> {
    check_pin_shape(pin)?;
    // 16 random bytes from the OS (through uuid's v4 generator).
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
        .map_err(|e| msg!("không tạo được muối: {e}", "cannot make a salt: {e}"))?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| msg!("không băm được mã PIN: {e}", "cannot hash the PIN: {e}"))
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
