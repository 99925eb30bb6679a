//! Tax periods of a household: quarters (the declaration period) and
//! calendar years, in Vietnam business dates.

use chrono::{Datelike, NaiveDate};

use crate::i18n::Msg;
use crate::{msg, msg_key};

/// Why a tax period was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// Not a year or a quarter (what was typed).
    Invalid(String),
    /// The period starts after today.
    NotStarted {
        code: String,
        from: NaiveDate,
        today: NaiveDate,
    },
}

impl PeriodError {
    pub fn msg(&self) -> Msg {
        match self {
            PeriodError::Invalid(input) => msg_key!("tax.period_invalid", input),
            PeriodError::NotStarted { code, from, today } => msg_key!("tax.period_not_started", code, from, today),
        }
    }
}

crate::english_display!(PeriodError);

impl From<PeriodError> for Msg {
    fn from(e: PeriodError) -> Msg {
        e.msg()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Quarter { year: i32, q: u32 },
    Year(i32),
}

impl Period {
    /// `2026Q4` (also `2026-Q4`, `2026q4`) or `2026`.
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let t = s.trim().to_ascii_uppercase();
        let bad = || PeriodError::Invalid(s.to_string());
        let year = |y: &str| -> Result<i32, PeriodError> {
            if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            y.parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(bad)
        };
        match t.split_once('Q') {
            Some((y, q)) => {
                let y = year(y.trim_end_matches('-'))?;
                match q {
                    "1" | "2" | "3" | "4" => Ok(Period::Quarter {
                        year: y,
                        q: q.parse().map_err(|_| bad())?,
                    }),
                    _ => Err(bad()),
                }
            }
            None => Ok(Period::Year(year(&t)?)),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Quarter { year, .. } | Period::Year(year) => year,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        let (y, m) = match self {
            Period::Quarter { year, q } => (year, 3 * q - 2),
            Period::Year(year) => (year, 1),
        };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        match self {
            Period::Quarter { year, q } => {
                quarter_end(NaiveDate::from_ymd_opt(year, 3 * q, 1).unwrap_or(NaiveDate::MIN))
            }
            Period::Year(year) => NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// `2026Q4` / `2026`.
    pub fn code(self) -> String {
        match self {
            Period::Quarter { year, q } => format!("{year}Q{q}"),
            Period::Year(y) => y.to_string(),
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Period::Quarter { year, q } => msg!("Quý {q}/{year}", "Q{q} {year}"),
            Period::Year(y) => msg!("Năm {y}", "Year {y}"),
        }
    }

    /// A period that has not started on `today` is refused; a running one
    /// is figured up to date.
    pub fn check_started(self, today: NaiveDate) -> Result<(), PeriodError> {
        if self.first_day() > today {
            return Err(PeriodError::NotStarted {
                code: self.code(),
                from: self.first_day(),
                today,
            });
        }
        Ok(())
    }
}

/// The last day of the quarter holding `d`.
pub fn quarter_end(d: NaiveDate) -> NaiveDate {
    let last_month = (d.month0() / 3) * 3 + 3;
    let next = if last_month == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), last_month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_parse_and_have_their_bounds() {
        let q = Period::parse("2026Q4").unwrap();
        assert_eq!((q.first_day(), q.last_day()), (d("2026-10-01"), d("2026-12-31")));
        let q = Period::parse("2026-q1").unwrap();
        assert_eq!((q.first_day(), q.last_day()), (d("2026-01-01"), d("2026-03-31")));
        let y = Period::parse("2026").unwrap();
        assert_eq!((y.first_day(), y.last_day()), (d("2026-01-01"), d("2026-12-31")));
        for bad in ["", "26", "2026Q5", "2026Q", "Q4", "2026-10", "20267"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(quarter_end(d("2026-08-15")), d("2026-09-30"));
        assert_eq!(quarter_end(d("2026-02-01")), d("2026-03-31"));
    }

    #[test]
    fn a_future_period_is_refused_a_running_one_is_not() {
        let today = d("2026-11-30");
        assert!(Period::parse("2026Q4").unwrap().check_started(today).is_ok());
        let e = Period::parse("2027Q1").unwrap().check_started(today).unwrap_err().msg();
        assert!(e.en.contains("period 2027Q1 has not started yet"), "{}", e.en);
        assert!(Period::parse("2027").unwrap().check_started(today).is_err());
    }
}
