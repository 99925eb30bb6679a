//! Business time: Vietnam (UTC+7) whatever the machine's time zone.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+7.
pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// Now, in Vietnam time.
///
/// Builds with the `test-clock` feature (tests, benches, the end-to-end
/// scripts: `cargo build --release --features test-clock`) take the time
/// from `QUAY_NOW` (RFC 3339) when it is set, to test day and year
/// boundaries. A default build ignores `QUAY_NOW` and says so once on
/// stderr, so nobody can backdate a sale or an invoice.
pub fn now_vn() -> DateTime<FixedOffset> {
    if let Some(t) = fixed_now() {
        return t.with_timezone(&vn_offset());
    }
    Utc::now().with_timezone(&vn_offset())
}

#[cfg(feature = "test-clock")]
fn fixed_now() -> Option<DateTime<FixedOffset>> {
    let s = std::env::var("QUAY_NOW").ok()?;
    DateTime::parse_from_rfc3339(s.trim()).ok()
}

#[cfg(not(feature = "test-clock"))]
fn fixed_now() -> Option<DateTime<FixedOffset>> {
    static WARNED: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("QUAY_NOW").is_some() {
        WARNED.call_once(|| {
            eprintln!(
                "quay: QUAY_NOW bị bỏ qua: bản dựng này dùng đồng hồ thật / QUAY_NOW is ignored: this build uses the real clock"
            );
        });
    }
    None
}

/// `2026-11-23T18:30:05+07:00`.
pub fn now_vn_rfc3339() -> String {
    now_vn().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Today's business date in Vietnam.
pub fn today_vn() -> NaiveDate {
    now_vn().date_naive()
}
