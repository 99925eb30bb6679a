//! Value parsers: enumerated arguments and dates are parsed by clap, so a
//! bad value is a usage error (exit 2) naming the argument and, for a
//! choice, listing the values it takes, before any command runs.

use std::ffi::OsStr;

use chrono::NaiveDate;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::{Error, ErrorKind};
use clap::{Arg, Command};

use crate::i18n::Msg;
use crate::msg;

/// One of a fixed set of values, read by the domain's own parser (so every
/// spelling it takes is still taken: `qr` for `transfer`, `hỏng` for
/// `damaged`, `80mm` for `80`…); `names` are the values listed in the help
/// and in the error.
#[derive(Clone)]
pub struct Choice<T> {
    names: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
}

/// A [`Choice`] of `names`, read by `parse`.
pub const fn choice<T>(names: &'static [&'static str], parse: fn(&str) -> Option<T>) -> Choice<T> {
    Choice { names, parse }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Choice<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &Command, arg: Option<&Arg>, value: &OsStr) -> Result<T, Error> {
        if let Some(v) = value.to_str().and_then(self.parse) {
            return Ok(v);
        }
        // clap's own "invalid value … possible values …" error (with the
        // usage line and a suggestion) for a value the domain refuses.
        let named = PossibleValuesParser::new(self.names.iter().copied()).parse_ref(cmd, arg, value)?;
        Err(Error::raw(ErrorKind::InvalidValue, format!("'{named}' is not accepted here\n")).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().map(|n| PossibleValue::new(*n))))
    }
}

/// Why a value was refused, in both languages; the usage-error report
/// shows it in the chosen one.
#[derive(Debug, Clone)]
pub struct ValueError(pub Msg);

impl std::fmt::Display for ValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for ValueError {}

/// A business date `YYYY-MM-DD`.
pub fn date(s: &str) -> Result<NaiveDate, ValueError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        ValueError(msg!(
            "ngày '{s}' không hợp lệ: cần YYYY-MM-DD",
            "date '{s}' is not valid: expected YYYY-MM-DD"
        ))
    })
}

/// A period: its first and last business day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// A period `2026-11`, `2026-W48`, `2026-11-23` or `FROM..TO`.
pub fn span(s: &str) -> Result<Span, ValueError> {
    let (first, last) = crate::report::cashless::period(s).map_err(ValueError)?;
    match (date(&first), date(&last)) {
        (Ok(first), Ok(last)) => Ok(Span { first, last }),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// A tax period of the kind `want` (`2026Q4` or `2026`).
fn tax_period(s: &str, quarter: bool) -> Result<crate::tax::period::Period, ValueError> {
    use crate::tax::period::Period;
    let p = Period::parse(s).map_err(|e| ValueError(e.msg()))?;
    if quarter != matches!(p, Period::Quarter { .. }) {
        return Err(ValueError(msg!(
            "'{s}' không đúng loại kỳ (--quarter 2026Q4, --year 2026)",
            "'{s}' is the wrong kind of period (--quarter 2026Q4, --year 2026)"
        )));
    }
    Ok(p)
}

/// `--quarter 2026Q4`.
pub fn quarter(s: &str) -> Result<crate::tax::period::Period, ValueError> {
    tax_period(s, true)
}

/// `--year 2026` as a tax period.
pub fn year_period(s: &str) -> Result<crate::tax::period::Period, ValueError> {
    tax_period(s, false)
}

/// `--paper`: 58 or 80 (mm).
pub const PAPER: Choice<crate::printer_settings::Paper> = choice(&["58", "80"], crate::printer_settings::Paper::parse);

/// `--mode` / `--print-mode`: how text reaches the printer.
pub const TEXT_MODE: Choice<crate::printer_settings::TextMode> = choice(
    &["raster", "tcvn3", "cp1258", "ascii"],
    crate::printer_settings::TextMode::parse,
);

/// `init --qr-mode`: QR codes drawn by the printer or sent as an image.
pub const QR_MODE: Choice<crate::printer_settings::QrMode> =
    choice(&["native", "raster"], crate::printer_settings::QrMode::parse);

/// `init --tax-method`.
pub const TAX_METHOD: Choice<crate::shop::TaxMethod> = choice(&["direct", "deduction"], crate::shop::TaxMethod::parse);

/// `init --cash-rounding`: the step in đồng (0 = off).
pub const CASH_ROUNDING: Choice<i64> = choice(&["0", "500", "1000"], |s| crate::checkout::rounding::parse_step(s).ok());

/// `users add --role`.
pub const ROLE: Choice<crate::users::Role> = choice(&["cashier", "manager"], crate::users::Role::parse);

/// `refund --method`: any way money goes back.
pub const REFUND_METHOD: Choice<crate::checkout::tender::Method> = choice(
    &[
        "cash",
        "qr",
        "card",
        "wallet:momo",
        "wallet:zalopay",
        "wallet:vnpay",
        "wallet:shopeepay",
        "wallet:other",
    ],
    crate::checkout::tender::Method::from_code,
);

/// `debt pay --method`: a way to pay (not debt itself).
pub const PAYMENT_METHOD: Choice<crate::checkout::tender::Method> = choice(
    &[
        "cash",
        "qr",
        "card",
        "wallet:momo",
        "wallet:zalopay",
        "wallet:vnpay",
        "wallet:shopeepay",
        "wallet:other",
    ],
    |s| crate::customers::payment_method(s).ok(),
);

/// `report cashless --by`.
pub const GROUPING: Choice<crate::report::cashless::Grouping> = choice(
    &["day", "week", "month", "range"],
    crate::report::cashless::Grouping::parse,
);

/// `report profit --by`.
pub const PROFIT_BY: Choice<crate::report::profit::By> = choice(&["day", "product"], |s| match s {
    "day" => Some(crate::report::profit::By::Day),
    "product" => Some(crate::report::profit::By::Product),
    _ => None,
});

/// `products import --encoding`.
pub const ENCODING: Choice<crate::catalog::sources::Encoding> = choice(&["auto", "utf-8", "windows-1258"], |s| {
    crate::catalog::sources::Encoding::parse(s).ok()
});

/// `stock adjust --reason` (the Vietnamese words are taken too).
pub const STOCK_REASON: Choice<crate::catalog::stock::Reason> = choice(&["damaged", "expired", "lost", "other"], |s| {
    crate::catalog::stock::Reason::parse(s).ok()
});

/// A VAT rate: 0, 5, 8, 10 or KCT.
pub const VAT_RATE: Choice<crate::catalog::VatRate> =
    choice(&["0", "5", "8", "10", "KCT"], crate::catalog::VatRate::parse);

/// yes or no (also có/không, 1/0, y/n…); "" = not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YesNo(pub Option<bool>);

/// `--by-measure` and other yes/no settings.
pub const YES_NO: Choice<YesNo> = choice(&["yes", "no"], |s| crate::catalog::parse_yes_no(s).ok().map(YesNo));

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct T {
        #[arg(long, value_parser = ROLE)]
        role: Option<crate::users::Role>,
        #[arg(long, value_parser = date)]
        date: Option<NaiveDate>,
    }

    #[test]
    fn a_choice_takes_the_domain_spellings_and_lists_its_values_when_refused() {
        let t = T::try_parse_from(["t", "--role", "Quan-ly"]).map_err(|e| e.to_string());
        assert_eq!(t.map(|t| t.role), Ok(Some(crate::users::Role::Manager)));
        let e = T::try_parse_from(["t", "--role", "boss"]).map(|_| ()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        let s = e.to_string();
        assert!(
            s.contains("'boss'") && s.contains("--role") && s.contains("cashier, manager"),
            "{s}"
        );
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn a_bad_date_names_the_argument() {
        let e = T::try_parse_from(["t", "--date", "2026-02-30"])
            .map(|_| ())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ValueValidation);
        let s = e.to_string();
        assert!(s.contains("--date") && s.contains("expected YYYY-MM-DD"), "{s}");
    }
}
