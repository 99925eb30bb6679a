//! Business time: Vietnam (UTC+7) whatever the machine's time zone.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+7.
pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// Now, in Vietnam time. `QUAY_NOW` (RFC 3339) fixes the clock, for
/// tests and demos of day and year boundaries.
pub fn now_vn() -> DateTime<FixedOffset> {
    if let Ok(s) = std::env::var("QUAY_NOW")
        && let Ok(t) = DateTime::parse_from_rfc3339(s.trim())
    {
        return t.with_timezone(&vn_offset());
    }
    Utc::now().with_timezone(&vn_offset())
}

/// `2026-11-23T18:30:05+07:00`.
pub fn now_vn_rfc3339() -> String {
    now_vn().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Today's business date in Vietnam.
pub fn today_vn() -> NaiveDate {
    now_vn().date_naive()
}
