//! Cash rounding of the amount due (a shop profile setting: 0, 500 or
//! 1.000 ₫). Only a sale paid wholly in cash is rounded, to the nearest
//! step (half up); the difference is its own line on the screen, the
//! receipt and the Z report (a payment row with method `rounding`), never
//! hidden in prices.

use crate::money::Vnd;

use super::CheckoutError;
use super::tender::{Method, Payment, Tender};

/// Check a rounding setting: 0 (off), 500 or 1000.
pub fn parse_step(s: &str) -> Result<i64, CheckoutError> {
    let t = s.trim();
    match t.replace('.', "").as_str() {
        "0" | "off" => Ok(0),
        "500" => Ok(500),
        "1000" | "1k" => Ok(1000),
        _ => Err(CheckoutError::CashRounding(t.to_string())),
    }
}

/// `total` rounded to the nearest `step` (half up); `total` when off.
pub fn round(total: Vnd, step: i64) -> Vnd {
    if step <= 0 || total.0 <= 0 {
        return total;
    }
    let down = total.0 - total.0.rem_euclid(step);
    if (total.0 - down) * 2 >= step {
        Vnd(down + step)
    } else {
        Vnd(down)
    }
}

/// The amount due for these tenders: rounded when every tender is cash.
/// Returns (due, rounding adjustment = total − due). A customer who hands
/// over the exact unrounded total when it would round up is not asked for
/// more: that sale is not rounded.
pub fn due(total: Vnd, step: i64, tenders: &[Tender]) -> (Vnd, Vnd) {
    if tenders.is_empty() || !tenders.iter().all(|t| t.method == Method::Cash) {
        return (total, Vnd::ZERO);
    }
    let d = round(total, step);
    let handed = tenders.iter().fold(0i64, |a, t| a.saturating_add(t.amount.0));
    if d > total && handed < d.0 {
        return (total, Vnd::ZERO);
    }
    (d, Vnd(total.0 - d.0))
}

/// The rounding line as a payment row (so payments still add up to the
/// total): positive when rounded down (the shop gives it), negative when up.
pub fn line(adjustment: Vnd) -> Option<Payment> {
    (adjustment.0 != 0).then_some(Payment {
        method: Method::Rounding,
        amount: adjustment,
        tendered: adjustment,
        reference: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_the_nearest_step() {
        assert_eq!(round(Vnd(12_300), 500), Vnd(12_500));
        assert_eq!(round(Vnd(12_300), 1000), Vnd(12_000));
        assert_eq!(round(Vnd(12_200), 500), Vnd(12_000));
        assert_eq!(round(Vnd(12_250), 500), Vnd(12_500));
        assert_eq!(round(Vnd(12_500), 1000), Vnd(13_000));
        assert_eq!(round(Vnd(12_300), 0), Vnd(12_300));
    }

    #[test]
    fn only_cash_is_rounded() {
        let t = |m| Tender {
            method: m,
            amount: Vnd(20_000),
            reference: None,
        };
        assert_eq!(due(Vnd(12_300), 500, &[t(Method::Cash)]), (Vnd(12_500), Vnd(-200)));
        assert_eq!(due(Vnd(12_300), 1000, &[t(Method::Cash)]), (Vnd(12_000), Vnd(300)));
        assert_eq!(due(Vnd(12_300), 1000, &[t(Method::Card)]), (Vnd(12_300), Vnd::ZERO));
        // the exact unrounded amount handed over: not rounded up
        let exact = Tender {
            method: Method::Cash,
            amount: Vnd(12_300),
            reference: None,
        };
        assert_eq!(
            due(Vnd(12_300), 500, std::slice::from_ref(&exact)),
            (Vnd(12_300), Vnd::ZERO)
        );
        assert_eq!(due(Vnd(12_300), 1000, &[exact]), (Vnd(12_000), Vnd(300)));
    }

    #[test]
    fn settings_other_than_0_500_1000_are_refused() {
        assert_eq!(parse_step("500").unwrap(), 500);
        assert_eq!(parse_step("1.000").unwrap(), 1000);
        for bad in ["200", "100", "-500", "abc", ""] {
            let e = parse_step(bad).unwrap_err().msg();
            assert!(e.en.contains("only 0, 500 or 1000"), "{bad}");
        }
    }
}
