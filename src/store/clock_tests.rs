//! The store stamps what it writes with the clock it was opened with
//! (`Store::open_with_clock`): no environment variable is needed to test a
//! date. (A sale's time and VAT date: tests/clock.rs.)

use chrono::DateTime;

use super::{OpenMode, Store};
use crate::time::Clock;
use crate::users::Role;

fn at(t: &str) -> Clock {
    Clock::fixed(DateTime::parse_from_rfc3339(t).unwrap())
}

#[test]
fn rows_and_their_audit_row_carry_the_stores_time_in_vietnam() {
    let d = tempfile::tempdir().unwrap();
    // 17:30 UTC on New Year's Eve is already the new year in Vietnam
    let mut store =
        Store::open_with_clock(&d.path().join("s.quay"), OpenMode::Create, at("2026-12-31T17:30:00Z")).unwrap();
    assert_eq!(store.clock(), at("2026-12-31T17:30:00Z"));
    store.add_user("Lan", Role::Manager, "hash", "t").unwrap();
    let last = store.audit_tail(1).unwrap().pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.ts.as_str()),
        ("user.add", "2027-01-01T00:30:00+07:00")
    );
    let id = store.park_cart("bàn 1", "{}", "Lan").unwrap();
    let parked = store.parked_carts().unwrap();
    assert_eq!(
        crate::time::stamp_text(&parked.iter().find(|p| p.id == id).unwrap().parked_at),
        "2027-01-01T00:30:00+07:00"
    );
}

#[test]
fn a_dated_backup_is_named_from_the_stores_clock() {
    let d = tempfile::tempdir().unwrap();
    let store = Store::open_with_clock(
        &d.path().join("s.quay"),
        OpenMode::Create,
        at("2026-11-23T18:30:05+07:00"),
    )
    .unwrap();
    let out = d.path().join("backups");
    std::fs::create_dir_all(&out).unwrap();
    let (copy, _) = store.backup_dated(&out, None).unwrap();
    assert_eq!(copy.file_name().unwrap(), "s-20261123-183005.quay");
}

#[test]
fn the_copy_made_before_an_upgrade_is_named_from_the_clock_given() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("old.quay");
    super::create_at_schema(&p, 1).unwrap();
    let store = Store::open_with_clock(&p, OpenMode::Existing, at("2026-11-23T18:30:05+07:00")).unwrap();
    let (from, copy) = store.upgraded_from().unwrap();
    assert_eq!(from, 1);
    assert_eq!(copy.file_name().unwrap(), "old.quay.before-schema-1-20261123-183005");
}
