//! Business time: Vietnam (UTC+7) whatever the machine's time zone.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+7.
pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// Where "now" comes from. Made once at start-up (`Clock::from_env`, the
/// only reader of `QUAY_NOW`) and passed to what needs the time, so the
/// time a sale or an invoice carries is decided in one place: `Ctx.clock`
/// for the front-ends, the clock a `Store` was opened with for the store
/// and the services that hold one, a `now`/`today` parameter for the
/// domain. `tests/clock.rs` keeps every other part from reading the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The machine's clock, in Vietnam time.
    #[default]
    System,
    /// A fixed instant (tests; `QUAY_NOW` in `test-clock` builds).
    Fixed(DateTime<FixedOffset>),
}

impl Clock {
    /// The real clock, or in `test-clock` builds the instant in `QUAY_NOW`
    /// when it is set. A default build ignores `QUAY_NOW` (and says so once
    /// on stderr).
    ///
    /// Builds with the `test-clock` feature (tests, benches, the end-to-end
    /// scripts: `cargo build --release --features test-clock`) take the time
    /// from `QUAY_NOW` (RFC 3339) when it is set, to test day and year
    /// boundaries. A default build ignores it, so nobody can backdate a sale
    /// or an invoice. Called only where the program starts
    /// (`Ctx::from_cli`); everything else is given the clock.
    pub fn from_env() -> Clock {
        match fixed_now() {
            Some(t) => Clock::Fixed(t),
            None => Clock::System,
        }
    }

    /// A clock stopped at `t`.
    pub fn fixed(t: DateTime<FixedOffset>) -> Clock {
        Clock::Fixed(t)
    }

    /// Now, in Vietnam time.
    pub fn now(&self) -> DateTime<FixedOffset> {
        match self {
            Clock::Fixed(t) => t.with_timezone(&vn_offset()),
            Clock::System => Utc::now().with_timezone(&vn_offset()),
        }
    }

    /// `2026-11-23T18:30:05+07:00`.
    pub fn now_rfc3339(&self) -> String {
        rfc3339(self.now())
    }

    /// Today's business date in Vietnam.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// An instant as quay stores it, in Vietnam time to the second:
/// `2026-11-23T18:30:05+07:00`.
pub fn rfc3339(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&vn_offset())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_tells_vietnam_time_whatever_offset_it_was_given() {
        let t = DateTime::parse_from_rfc3339("2026-12-31T17:30:00Z").expect("time");
        let c = Clock::fixed(t);
        assert_eq!(c.now_rfc3339(), "2027-01-01T00:30:00+07:00");
        assert_eq!(c.today().to_string(), "2027-01-01");
    }

    #[test]
    fn the_system_clock_is_vietnam_time() {
        assert_eq!(Clock::System.now().offset().local_minus_utc(), 7 * 3600);
    }
}
