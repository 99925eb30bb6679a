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

/// How a stored instant is written: `2026-11-23T18:30:05+07:00` (fractions
/// of a second only when there are some), the form quay stores.
pub fn stamp_text(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// `23/11/2026 18:30`, in Vietnam time: how receipts and reports show an
/// instant.
pub fn short_stamp(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&vn_offset()).format("%d/%m/%Y %H:%M").to_string()
}

/// Serialising record dates and instants as the text quay stores
/// (`2026-07-15`, `2026-11-23T18:30:05+07:00`), so JSON output and the
/// ward bundle keep their bytes. For `#[serde(serialize_with = "…")]`.
pub mod ser {
    use chrono::{DateTime, FixedOffset, NaiveDate};

    pub fn date<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }

    pub fn opt_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => date(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn stamp<S: serde::Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::stamp_text(t))
    }

    pub fn opt_stamp<S: serde::Serializer>(t: &Option<DateTime<FixedOffset>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => stamp(t, s),
            None => s.serialize_none(),
        }
    }
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
    fn stored_instants_and_dates_serialise_to_the_text_quay_wrote() {
        #[derive(serde::Serialize)]
        struct Row {
            #[serde(serialize_with = "ser::stamp")]
            at: DateTime<FixedOffset>,
            #[serde(serialize_with = "ser::opt_stamp")]
            closed: Option<DateTime<FixedOffset>>,
            #[serde(serialize_with = "ser::date")]
            on: NaiveDate,
        }
        // both ways quay writes instants: whole seconds, and `to_rfc3339`
        // with fractions (debt payments)
        for text in [
            "2026-11-23T18:30:05+07:00",
            "2026-11-23T18:30:05.123456789+07:00",
            "2026-11-23T18:30:05.250+07:00",
        ] {
            let at = DateTime::parse_from_rfc3339(text).expect("time");
            assert_eq!(stamp_text(&at), text);
            assert_eq!(stamp_text(&at), at.to_rfc3339());
            let row = Row {
                at,
                closed: None,
                on: NaiveDate::from_ymd_opt(2026, 7, 5).expect("date"),
            };
            assert_eq!(
                serde_json::to_string(&row).expect("json"),
                format!(r#"{{"at":"{text}","closed":null,"on":"2026-07-05"}}"#)
            );
        }
        let t = DateTime::parse_from_rfc3339("2026-12-31T17:30:00Z").expect("time");
        assert_eq!(short_stamp(&t), "01/01/2027 00:30");
    }

    #[test]
    fn the_system_clock_is_vietnam_time() {
        assert_eq!(Clock::System.now().offset().local_minus_utc(), 7 * 3600);
    }
}
