//! The shop's people: adding a user (the first must be a manager, who gets
//! the one-time recovery code) and recovering a forgotten or locked PIN with
//! that code. Who may act is decided by the caller (`counter::login` and
//! `counter::approve`); the rules about users live here, for every front-end.

use crate::counter::{self, Actor, CounterError};
use crate::msg;
use crate::store::Store;
use crate::users::{self, Role};

type Result<T> = std::result::Result<T, CounterError>;

/// Whether the next user added is the shop's first (then no one needs to
/// approve it, and it must be a manager).
pub fn adding_first(store: &Store) -> Result<bool> {
    Ok(!counter::has_users(store)?)
}

/// Add `name` with `role` and `pin`, approved by `by` (a manager, or the
/// owner for the first user). Returns the recovery code when this is the
/// first manager: shown once, stored only as a hash.
pub fn add_user(store: &mut Store, by: &Actor, name: &str, role: Role, pin: &str) -> Result<Option<String>> {
    if adding_first(store)? && role != Role::Manager {
        return Err(CounterError::Refused(msg!(
            "người dùng đầu tiên phải là quản lý (--role manager)",
            "the first user must be a manager (--role manager)"
        )));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(CounterError::Refused(msg!(
            "tên người dùng phải có 1–40 ký tự",
            "a user name must be 1–40 characters"
        )));
    }
    let hash = users::hash_pin(pin).map_err(|m| CounterError::Refused(m.msg().prefixed("--pin: ", "--pin: ")))?;
    crate::text::check_clean("user name", name)?;
    store.add_user(name, role, &hash, &by.name)?;
    if role == Role::Manager && !store.any_recovery_code()? {
        let code = users::new_recovery_code();
        let h = users::hash_recovery_code(&code)?;
        store.set_recovery_hash(name, Some(&h), &by.name)?;
        return Ok(Some(code));
    }
    Ok(None)
}

/// A manager who forgot the PIN (or is locked out) sets a new one with the
/// recovery code; a failed try is logged. Returns the next recovery code
/// (each works once).
pub fn recover(store: &mut Store, name: &str, code: &str, new_pin: &str) -> Result<String> {
    let Some(user) = store.user(name)? else {
        return Err(CounterError::Refused(msg!(
            "không có người dùng '{name}'",
            "no user '{name}'"
        )));
    };
    let hash = store.recovery_hash(name)?;
    if user.role != Role::Manager || !hash.as_deref().is_some_and(|h| users::recovery_code_matches(code, h)) {
        store.log_event(name, "user.recover_failed", &format!("user:{name}"), "{}")?;
        return Err(CounterError::Refused(msg!(
            "mã khôi phục không đúng cho '{name}'",
            "the recovery code is not right for '{name}'"
        )));
    }
    let pin =
        users::hash_pin(new_pin).map_err(|m| CounterError::Refused(m.msg().prefixed("--set-pin: ", "--set-pin: ")))?;
    let next = users::new_recovery_code();
    let next_hash = users::hash_recovery_code(&next)?;
    store.recover_user(name, &pin, &next_hash)?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OpenMode;

    fn shop() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.quay"), OpenMode::Create).unwrap();
        crate::demo::ensure_demo(&mut store).unwrap();
        (dir, store)
    }

    #[test]
    fn the_first_user_is_a_manager_and_gets_the_one_recovery_code() {
        let (_d, mut store) = shop();
        assert!(adding_first(&store).unwrap());
        let e = add_user(&mut store, &Actor::owner(), "Lan", Role::Cashier, "1111").unwrap_err();
        assert!(
            e.msg()
                .get(crate::i18n::Lang::En)
                .contains("first user must be a manager")
        );
        let code = add_user(&mut store, &Actor::owner(), "Chị Hoa", Role::Manager, "2468").unwrap();
        assert!(code.is_some(), "the first manager gets a recovery code");
        assert!(!adding_first(&store).unwrap());
        let hoa = Actor {
            name: "Chị Hoa".into(),
            role: Role::Manager,
        };
        assert_eq!(add_user(&mut store, &hoa, "Lan", Role::Cashier, "1111").unwrap(), None);
        assert_eq!(
            add_user(&mut store, &hoa, "Minh", Role::Manager, "1357").unwrap(),
            None,
            "only one code"
        );
        for bad in ["", "   ", &"x".repeat(41), "a\u{1b}[2J"] {
            assert!(
                add_user(&mut store, &hoa, bad, Role::Cashier, "1111").is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_recovery_code_works_once_and_a_wrong_one_is_logged() {
        let (_d, mut store) = shop();
        let code = add_user(&mut store, &Actor::owner(), "Hoa", Role::Manager, "2468")
            .unwrap()
            .unwrap();
        assert!(recover(&mut store, "Hoa", "WRONG-CODE", "1357").is_err());
        assert!(recover(&mut store, "Nobody", &code, "1357").is_err());
        let next = recover(&mut store, "Hoa", &code, "1357").unwrap();
        assert_ne!(next, code);
        assert!(recover(&mut store, "Hoa", &code, "9999").is_err(), "a code works once");
        assert!(counter::login(&mut store, "Hoa", "1357").is_ok(), "the new PIN works");
    }
}
