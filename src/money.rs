//! Money: whole Vietnamese đồng as `Vnd(i64)`.
//!
//! No floating point anywhere. Formatting uses Vietnamese grouping
//! (`1.250.000 ₫`), parsing accepts what cashiers type (`125000`, `125.000`,
//! `125k`, `1,5tr`), and [`Vnd::in_words`] gives the amount in Vietnamese words
//! the way e-invoices write it.

use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// The largest amount a cashier may type or a tender may carry:
/// 100.000.000.000 ₫. Anything above is refused everywhere (TUI and CLI).
pub const MAX_AMOUNT: Vnd = Vnd(100_000_000_000);

/// A tendered amount above the larger of this many times the amount due
/// and [`CONFIRM_FLOOR`] asks for a confirmation before it is taken.
pub const CONFIRM_FACTOR: i64 = 10;
/// See [`CONFIRM_FACTOR`]: 5.000.000 ₫.
pub const CONFIRM_FLOOR: Vnd = Vnd(5_000_000);

/// An amount of money in whole đồng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Vnd(pub i64);

/// Why a typed amount was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    Invalid(String),
    Fraction(String),
    TooLarge(String),
    NotPlain(String),
}

impl MoneyError {
    pub fn msg(&self) -> crate::i18n::Msg {
        use crate::msg_key;
        match self {
            MoneyError::Empty => msg_key!("money.empty"),
            MoneyError::Invalid(input) => msg_key!("money.invalid", input),
            MoneyError::Fraction(input) => msg_key!("money.fraction", input),
            MoneyError::TooLarge(input) => msg_key!("money.too_large", input),
            MoneyError::NotPlain(input) => msg_key!("money.not_plain", input),
        }
    }
}

crate::english_display!(MoneyError);

impl Vnd {
    pub const ZERO: Vnd = Vnd(0);

    pub fn dong(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_add(other.0).map(Vnd)
    }

    pub fn checked_sub(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_sub(other.0).map(Vnd)
    }

    /// The sum of amounts, or `None` if it does not fit.
    pub fn checked_sum<I: IntoIterator<Item = Vnd>>(items: I) -> Option<Vnd> {
        items.into_iter().try_fold(Vnd::ZERO, |a, b| a.checked_add(b))
    }

    /// True when a tendered amount is so far above what is due that it is
    /// probably a mistake (a barcode or an extra zero): above the larger of
    /// 10× the amount due and 5.000.000 ₫.
    pub fn needs_confirmation(tendered: Vnd, due: Vnd) -> bool {
        let limit = due.0.max(0).saturating_mul(CONFIRM_FACTOR).max(CONFIRM_FLOOR.0);
        tendered.0 > limit
    }

    /// Digits with Vietnamese grouping, no currency sign: `1.250.000`.
    pub fn grouped(self) -> String {
        let digits = self.0.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if self.0 < 0 {
            out.push('-');
        }
        let first = digits.len() % 3;
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (i + 3 - first).is_multiple_of(3) {
                out.push('.');
            }
            out.push(ch);
        }
        out
    }

    /// Parse what a cashier types: `125000`, `125.000`, `125k`, `1,5tr`,
    /// `1.5tr`, `2 triệu`, optionally followed by `đ`, `₫` or `d`.
    pub fn parse(input: &str) -> Result<Vnd, MoneyError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(MoneyError::Empty);
        }
        let lower = trimmed.to_lowercase();
        let mut s = lower.as_str();
        for sign in ["₫", "đồng", "đ", "vnd", "d"] {
            if let Some(rest) = s.strip_suffix(sign) {
                s = rest.trim_end();
                break;
            }
        }
        let (number, multiplier) = split_suffix(s);
        let number = number.trim();
        if number.is_empty() {
            return Err(MoneyError::Invalid(trimmed.to_string()));
        }
        let negative = number.starts_with('-');
        let number = number.trim_start_matches('-');
        let value = if multiplier == 1 {
            parse_grouped(number).ok_or_else(|| classify(trimmed, number))?
        } else {
            parse_scaled(number, multiplier, trimmed)?
        };
        Ok(Vnd(if negative { -value } else { value }))
    }

    /// Parse a plain amount as found in files: digits, optionally grouped
    /// with dots (`45000`, `45.000`). No suffixes, no decimals.
    pub fn parse_plain(input: &str) -> Result<Vnd, MoneyError> {
        let t = input.trim();
        if t.is_empty() {
            return Err(MoneyError::Empty);
        }
        match parse_grouped(t) {
            Some(v) => Ok(Vnd(v)),
            None if t.len() > 18 && t.bytes().all(|b| b.is_ascii_digit()) => Err(MoneyError::TooLarge(t.to_string())),
            None => Err(MoneyError::NotPlain(t.to_string())),
        }
    }

    /// The amount in Vietnamese words, capitalised, ending in " đồng":
    /// `125000` → "Một trăm hai mươi lăm nghìn đồng".
    pub fn in_words(self) -> String {
        let mut body = if self.0 == 0 {
            "không".to_string()
        } else {
            words_u64(self.0.unsigned_abs(), true)
        };
        if self.0 < 0 {
            body = format!("âm {body}");
        }
        let mut chars = body.chars();
        let mut out = String::new();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
        out.push_str(" đồng");
        out
    }
}

impl fmt::Display for Vnd {
    /// `1.250.000 ₫` (with a no-break space before the sign).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = format!("{}\u{a0}₫", self.grouped());
        f.pad(&s)
    }
}

// The operators never wrap round, in release builds too: amounts are capped
// where they enter (typed, imported, tendered) so these can only fail on a
// bug, and then loudly instead of committing a wrong amount. Code that
// handles amounts straight from input uses the `checked_*` forms.
const OVERFLOW: &str = "money arithmetic overflowed (amounts are capped at entry)";

impl Add for Vnd {
    type Output = Vnd;
    fn add(self, rhs: Vnd) -> Vnd {
        Vnd(self.0.checked_add(rhs.0).expect(OVERFLOW))
    }
}
impl AddAssign for Vnd {
    fn add_assign(&mut self, rhs: Vnd) {
        *self = *self + rhs;
    }
}
impl Sub for Vnd {
    type Output = Vnd;
    fn sub(self, rhs: Vnd) -> Vnd {
        Vnd(self.0.checked_sub(rhs.0).expect(OVERFLOW))
    }
}
impl SubAssign for Vnd {
    fn sub_assign(&mut self, rhs: Vnd) {
        *self = *self - rhs;
    }
}
impl Neg for Vnd {
    type Output = Vnd;
    fn neg(self) -> Vnd {
        Vnd(self.0.checked_neg().expect(OVERFLOW))
    }
}
impl std::iter::Sum for Vnd {
    fn sum<I: Iterator<Item = Vnd>>(iter: I) -> Vnd {
        iter.fold(Vnd::ZERO, |a, b| a + b)
    }
}

/// The one rounding rule for money: `numerator / denominator` rounded to the
/// nearest whole đồng, halves away from zero. Used wherever a division
/// produces money (weighed goods, percentage discounts, VAT splits).
pub fn div_round(numerator: i128, denominator: i128) -> i64 {
    assert!(denominator != 0, "div_round by zero");
    let (n, d) = if denominator < 0 {
        (-numerator, -denominator)
    } else {
        (numerator, denominator)
    };
    let q = if n >= 0 {
        (2 * n + d) / (2 * d)
    } else {
        -((2 * -n + d) / (2 * d))
    };
    i64::try_from(q).expect(OVERFLOW)
}

fn split_suffix(s: &str) -> (&str, i64) {
    for (suffix, mult) in [
        ("triệu", 1_000_000),
        ("trieu", 1_000_000),
        ("tr", 1_000_000),
        ("m", 1_000_000),
        ("nghìn", 1_000),
        ("ngàn", 1_000),
        ("ngan", 1_000),
        ("nghin", 1_000),
        ("k", 1_000),
    ] {
        if let Some(rest) = s.strip_suffix(suffix) {
            return (rest, mult);
        }
    }
    (s, 1)
}

/// Digits, either plain or grouped by dots in threes. `None` if not that shape.
fn parse_grouped(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() > 1 {
        let first = groups[0];
        if first.is_empty() || first.len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut value: i64 = 0;
    for g in groups {
        for b in g.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
    }
    Some(value)
}

fn classify(original: &str, number: &str) -> MoneyError {
    if number.bytes().all(|b| b.is_ascii_digit()) {
        MoneyError::TooLarge(original.to_string())
    } else if number.contains(',') {
        MoneyError::Fraction(original.to_string())
    } else {
        MoneyError::Invalid(original.to_string())
    }
}

/// `1,5` or `1.5` times a multiplier (1.000 or 1.000.000); the result must be
/// a whole number of đồng.
fn parse_scaled(number: &str, multiplier: i64, original: &str) -> Result<i64, MoneyError> {
    let invalid = || MoneyError::Invalid(original.to_string());
    let (int_part, frac_part) = match number.find([',', '.']) {
        Some(pos) => (&number[..pos], &number[pos + 1..]),
        None => (number, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(invalid());
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || !all_digits(frac_part) {
        return Err(invalid());
    }
    let too_large = || MoneyError::TooLarge(original.to_string());
    let int_value: i64 = if int_part.is_empty() {
        0
    } else {
        int_part.parse().map_err(|_| too_large())?
    };
    let mut value = int_value.checked_mul(multiplier).ok_or_else(too_large)?;
    let mut scale = multiplier;
    for b in frac_part.bytes() {
        let digit = i64::from(b - b'0');
        if scale % 10 != 0 {
            if digit != 0 {
                return Err(MoneyError::Fraction(original.to_string()));
            }
            continue;
        }
        scale /= 10;
        value = value.checked_add(digit * scale).ok_or_else(too_large)?;
    }
    Ok(value)
}

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// Words for a positive number. `leading` means no higher group precedes it.
fn words_u64(n: u64, leading: bool) -> String {
    const BILLION: u64 = 1_000_000_000;
    if n >= BILLION {
        let high = n / BILLION;
        let low = n % BILLION;
        let mut s = format!("{} tỷ", words_u64(high, leading));
        if low > 0 {
            s.push(' ');
            s.push_str(&words_u64(low, false));
        }
        return s;
    }
    let groups = [
        (n / 1_000_000, "triệu"),
        ((n / 1_000) % 1_000, "nghìn"),
        (n % 1_000, ""),
    ];
    let mut parts: Vec<String> = Vec::new();
    let mut seen_higher = !leading;
    for (value, unit) in groups {
        if value == 0 {
            continue;
        }
        let mut part = words_group(value as u16, !seen_higher);
        if !unit.is_empty() {
            part.push(' ');
            part.push_str(unit);
        }
        parts.push(part);
        seen_higher = true;
    }
    parts.join(" ")
}

/// Words for 1..=999. A leading group drops "không trăm" and "linh".
fn words_group(n: u16, leading: bool) -> String {
    let hundreds = usize::from(n / 100);
    let tens = usize::from((n / 10) % 10);
    let units = usize::from(n % 10);
    let mut words: Vec<&str> = Vec::new();
    if hundreds > 0 || !leading {
        words.push(DIGITS[hundreds]);
        words.push("trăm");
    }
    match tens {
        0 => {
            if units > 0 && !words.is_empty() {
                words.push("linh");
            }
        }
        1 => words.push("mười"),
        t => {
            words.push(DIGITS[t]);
            words.push("mươi");
        }
    }
    if units > 0 {
        words.push(match (tens, units) {
            (t, 1) if t >= 2 => "mốt",
            (t, 5) if t >= 1 => "lăm",
            (_, u) => DIGITS[u],
        });
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_vietnamese_grouping() {
        assert_eq!(Vnd(1_250_000).to_string(), "1.250.000\u{a0}₫");
        assert_eq!(Vnd(0).grouped(), "0");
        assert_eq!(Vnd(999).grouped(), "999");
        assert_eq!(Vnd(1000).grouped(), "1.000");
        assert_eq!(Vnd(-45_000).grouped(), "-45.000");
        assert_eq!(Vnd(i64::MAX).grouped(), "9.223.372.036.854.775.807");
    }

    #[test]
    fn parses_what_cashiers_type() {
        let cases = [
            ("125000", 125_000),
            ("125.000", 125_000),
            ("125k", 125_000),
            ("125K", 125_000),
            ("1,5tr", 1_500_000),
            ("1.5tr", 1_500_000),
            ("2 triệu", 2_000_000),
            ("1.250.000 ₫", 1_250_000),
            ("50.000đ", 50_000),
            ("12,5k", 12_500),
            ("0,35tr", 350_000),
            ("  7  ", 7),
        ];
        for (input, want) in cases {
            assert_eq!(Vnd::parse(input), Ok(Vnd(want)), "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(Vnd::parse(""), Err(MoneyError::Empty));
        assert!(matches!(Vnd::parse("abc"), Err(MoneyError::Invalid(_))));
        assert!(matches!(Vnd::parse("1.5"), Err(MoneyError::Invalid(_))));
        assert!(matches!(Vnd::parse("12,5"), Err(MoneyError::Fraction(_))));
        assert!(matches!(Vnd::parse("1,2345k"), Err(MoneyError::Fraction(_))));
        assert!(matches!(
            Vnd::parse("99999999999999999999"),
            Err(MoneyError::TooLarge(_))
        ));
        assert!(matches!(Vnd::parse("tr"), Err(MoneyError::Invalid(_))));
        assert!(matches!(Vnd::parse("1..000"), Err(MoneyError::Invalid(_))));
    }

    #[test]
    fn plain_amounts_in_files_are_strict() {
        assert_eq!(Vnd::parse_plain("45000"), Ok(Vnd(45_000)));
        assert_eq!(Vnd::parse_plain("45.000"), Ok(Vnd(45_000)));
        assert!(matches!(Vnd::parse_plain("12,5k"), Err(MoneyError::NotPlain(_))));
        assert!(matches!(Vnd::parse_plain("-5"), Err(MoneyError::NotPlain(_))));
        assert_eq!(Vnd::parse_plain(" "), Err(MoneyError::Empty));
    }

    #[test]
    fn words_for_tricky_numbers() {
        let cases = [
            (0, "Không đồng"),
            (5, "Năm đồng"),
            (10, "Mười đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (24, "Hai mươi bốn đồng"),
            (101, "Một trăm linh một đồng"),
            (105, "Một trăm linh năm đồng"),
            (115, "Một trăm mười lăm đồng"),
            (1_005, "Một nghìn không trăm linh năm đồng"),
            (14_500, "Mười bốn nghìn năm trăm đồng"),
            (31_030, "Ba mươi mốt nghìn không trăm ba mươi đồng"),
            (125_000, "Một trăm hai mươi lăm nghìn đồng"),
            (1_000_000, "Một triệu đồng"),
            (1_000_001, "Một triệu không trăm linh một đồng"),
            (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
            (1_284_000, "Một triệu hai trăm tám mươi bốn nghìn đồng"),
            (5_500_000, "Năm triệu năm trăm nghìn đồng"),
            (1_000_000_000, "Một tỷ đồng"),
            (2_105_000_000, "Hai tỷ một trăm linh năm triệu đồng"),
            (1_000_000_005, "Một tỷ không trăm linh năm đồng"),
            (1_000_000_000_000, "Một nghìn tỷ đồng"),
            (-15, "Âm mười lăm đồng"),
        ];
        for (n, want) in cases {
            assert_eq!(Vnd(n).in_words(), want, "{n}");
        }
    }

    #[test]
    fn arithmetic_at_the_limits_never_wraps() {
        let max = Vnd(i64::MAX);
        assert_eq!(max.checked_add(Vnd(1)), None);
        assert_eq!(Vnd(i64::MIN).checked_sub(Vnd(1)), None);
        assert_eq!(Vnd::checked_sum([max, max, max]), None);
        assert_eq!(Vnd::checked_sum([MAX_AMOUNT, MAX_AMOUNT]), Some(Vnd(200_000_000_000)));
        assert!(
            std::panic::catch_unwind(|| max + Vnd(1)).is_err(),
            "no silent wrap-around"
        );
        assert!(std::panic::catch_unwind(|| [max, max].into_iter().sum::<Vnd>()).is_err());
    }

    #[test]
    fn large_tenders_ask_for_a_confirmation() {
        // 10× the amount due, but never below 5.000.000 ₫
        assert!(!Vnd::needs_confirmation(Vnd(5_000_000), Vnd(60_000)));
        assert!(Vnd::needs_confirmation(Vnd(5_000_001), Vnd(60_000)));
        assert!(!Vnd::needs_confirmation(Vnd(20_000_000), Vnd(2_000_000)));
        assert!(Vnd::needs_confirmation(Vnd(20_000_001), Vnd(2_000_000)));
        assert!(Vnd::needs_confirmation(Vnd(i64::MAX), Vnd(60_000)));
        assert!(
            !Vnd::needs_confirmation(Vnd(i64::MAX), Vnd(i64::MAX / 2)),
            "no overflow"
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(div_round(5, 2), 3);
        assert_eq!(div_round(-5, 2), -3);
        assert_eq!(div_round(4, 3), 1);
        assert_eq!(div_round(5, 3), 2);
        assert_eq!(div_round(10, -4), -3);
        assert_eq!(div_round(0, 7), 0);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn grouped_text_parses_back(n in 0i64..=999_999_999_999_999) {
                prop_assert_eq!(Vnd::parse(&Vnd(n).grouped()), Ok(Vnd(n)));
                prop_assert_eq!(Vnd::parse(&Vnd(n).to_string()), Ok(Vnd(n)));
                prop_assert_eq!(Vnd::parse_plain(&Vnd(n).grouped()), Ok(Vnd(n)));
            }

            #[test]
            fn words_never_read_a_trailing_zero_group(n in 1i64..=999_999_999_999) {
                let w = Vnd(n).in_words();
                prop_assert!(!w.contains("không trăm đồng"), "{} -> {}", n, w);
                prop_assert!(!w.contains("  "));
                prop_assert!(w.ends_with(" đồng"));
            }

            #[test]
            fn thousands_suffix_matches_multiplication(n in 0i64..=9_999_999) {
                prop_assert_eq!(Vnd::parse(&format!("{n}k")), Ok(Vnd(n * 1000)));
            }
        }
    }
}
