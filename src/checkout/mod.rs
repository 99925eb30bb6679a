//! The cart and its money: lines, quantities in thousandths, discounts,
//! VAT per rate, tenders and change. Pure functions over values.
//!
//! Rules, stated once:
//! - a line's gross is `unit_price × qty_milli / 1000`, rounded with
//!   [`crate::money::div_round`] (half away from zero);
//! - a percentage discount is `gross × basis_points / 10000`, same rounding;
//!   a discount never exceeds what it applies to;
//! - the cart discount is spread over lines in proportion to their net after
//!   line discounts, by the largest-remainder method (each line gets the
//!   floor of its exact share, the leftover đồng go one by one to the lines
//!   with the largest remainders, earlier lines first on ties), so the
//!   shares add up exactly;
//! - VAT (deduction method only) per rate group from VAT-inclusive totals:
//!   `pre_tax = round(total × 100 / (100 + rate))`, `tax = total − pre_tax`;
//!   `KCT` lines carry no VAT.

mod error;
pub mod rounding;
pub mod tender;

use crate::catalog::{Product, VatRate};
use crate::money::{Vnd, div_round};
use crate::shop::TaxMethod;

pub use error::CheckoutError;

/// Largest quantity on one line: 10.000 units (or kg).
pub const MAX_QTY_MILLI: i64 = 10_000_000;
/// Largest cart total accepted: 10 tỷ đồng (far above any shop sale).
pub const MAX_TOTAL: i64 = 10_000_000_000;

/// A discount on a line or on the whole cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discount {
    /// Basis points: 1000 = 10 %.
    Percent(i64),
    Amount(Vnd),
}

impl Discount {
    /// `10%`, `12,5%`, `5000`, `5k`.
    pub fn parse(s: &str) -> Result<Discount, CheckoutError> {
        let t = s.trim();
        if let Some(p) = t.strip_suffix('%') {
            let p = p.trim().replace(',', ".");
            let (int, frac) = p.split_once('.').unwrap_or((&p, ""));
            let ok = !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.len() <= 2
                && frac.bytes().all(|b| b.is_ascii_digit());
            let bp = if ok {
                int.parse::<i64>().ok().map(|i| {
                    let f: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
                    i * 100 + f
                })
            } else {
                None
            };
            return match bp {
                Some(bp) if (0..=10_000).contains(&bp) => Ok(Discount::Percent(bp)),
                _ => Err(CheckoutError::DiscountPercent(t.to_string())),
            };
        }
        match Vnd::parse(t) {
            Ok(v) if v.0 >= 0 => Ok(Discount::Amount(v)),
            _ => Err(CheckoutError::Discount(t.to_string())),
        }
    }

    /// The discount in đồng on `base`.
    pub fn amount_on(self, base: Vnd) -> Vnd {
        match self {
            Discount::Percent(bp) => Vnd(div_round(i128::from(base.0) * i128::from(bp), 10_000)),
            Discount::Amount(v) => v,
        }
    }

    pub fn label(self) -> String {
        match self {
            Discount::Percent(bp) if bp % 100 == 0 => format!("{}%", bp / 100),
            Discount::Percent(bp) => format!("{},{:02}%", bp / 100, bp % 100).replace("0%", "%"),
            Discount::Amount(v) => v.to_string(),
        }
    }
}

/// One line of a cart.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub unit_price: Vnd,
    pub qty_milli: i64,
    pub vat: VatRate,
    pub discount: Option<Discount>,
}

impl Line {
    pub fn from_product(p: &Product, qty_milli: i64) -> Line {
        Line {
            product_id: p.id,
            sku: p.sku.clone(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            unit_price: p.price,
            qty_milli,
            vat: p.vat,
            discount: None,
        }
    }

    /// `unit_price × qty`, rounded to whole đồng.
    pub fn gross(&self) -> Vnd {
        Vnd(div_round(
            i128::from(self.unit_price.0) * i128::from(self.qty_milli),
            1000,
        ))
    }
}

/// A cart: lines plus an optional discount on the whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cart {
    pub lines: Vec<Line>,
    pub discount: Option<Discount>,
}

impl Cart {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Add a product: the same product without a line discount merges into
    /// its existing line (scanning again adds another unit).
    pub fn add(&mut self, p: &Product, qty_milli: i64) -> Result<usize, CheckoutError> {
        check_qty(qty_milli)?;
        check_whole(p, qty_milli)?;
        if let Some(i) = self
            .lines
            .iter()
            .position(|l| l.product_id == p.id && l.discount.is_none() && l.unit_price == p.price)
        {
            let q = self.lines[i].qty_milli + qty_milli;
            check_qty(q)?;
            self.lines[i].qty_milli = q;
            return Ok(i);
        }
        self.lines.push(Line::from_product(p, qty_milli));
        Ok(self.lines.len() - 1)
    }
}

/// Only goods sold by weight or measure take a fraction (`0,5*` of a
/// bottle of honey is refused).
pub fn check_whole(p: &Product, qty_milli: i64) -> Result<(), CheckoutError> {
    if p.by_measure || qty_milli % 1000 == 0 {
        return Ok(());
    }
    Err(CheckoutError::NotWhole {
        name: p.name.clone(),
        unit: p.unit.clone(),
        qty: crate::catalog::format_qty(qty_milli),
    })
}

/// Quantities must be positive and at most 10.000.
pub fn check_qty(qty_milli: i64) -> Result<(), CheckoutError> {
    if qty_milli <= 0 {
        return Err(CheckoutError::QtyNotPositive);
    }
    if qty_milli > MAX_QTY_MILLI {
        return Err(CheckoutError::QtyTooLarge(crate::catalog::format_qty(qty_milli)));
    }
    Ok(())
}

/// Parse a quantity as cashiers type it: `3`, `0,35`, `1.5`, `2,250`.
pub fn parse_qty(s: &str) -> Result<i64, CheckoutError> {
    let t = s.trim().replace('.', ",");
    let bad = || CheckoutError::QtyInvalid(s.to_string());
    let (int, frac) = t.split_once(',').unwrap_or((&t, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 3
        || int.len() > 9
    {
        return Err(bad());
    }
    let i: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| bad())?
    };
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<3}").parse().map_err(|_| bad())?
    };
    let q = i * 1000 + f;
    check_qty(q)?;
    Ok(q)
}

/// Split what was typed on the scan line: `3*8936…` or `0,35*GAO` sets the
/// quantity for the code that follows.
pub fn split_qty_prefix(input: &str) -> Result<(Option<i64>, &str), CheckoutError> {
    match input.split_once('*') {
        Some((q, rest)) => Ok((Some(parse_qty(q)?), rest.trim())),
        None => Ok((None, input.trim())),
    }
}

/// A line with its money worked out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PricedLine {
    pub gross: Vnd,
    pub line_discount: Vnd,
    pub cart_discount: Vnd,
    /// What the customer pays for the line: gross − both discounts.
    pub net: Vnd,
}

/// VAT of one rate group (deduction method).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VatLine {
    pub rate: VatRate,
    /// VAT-inclusive total of the group.
    pub total: Vnd,
    pub pre_tax: Vnd,
    pub tax: Vnd,
}

/// The cart's money.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    pub lines: Vec<PricedLine>,
    /// Σ gross.
    pub subtotal: Vnd,
    /// Σ line discounts + cart discount.
    pub discount: Vnd,
    pub total: Vnd,
    /// Per rate, only for the deduction method, in rate order.
    pub vat: Vec<VatLine>,
}

/// Work out a cart's money. Refuses discounts larger than what they apply
/// to and totals beyond [`MAX_TOTAL`].
pub fn price(cart: &Cart, method: TaxMethod) -> Result<Totals, CheckoutError> {
    let mut lines = Vec::with_capacity(cart.lines.len());
    for (i, l) in cart.lines.iter().enumerate() {
        check_qty(l.qty_milli)?;
        if l.unit_price.0 < 0 {
            return Err(CheckoutError::NegativePrice(i + 1));
        }
        if l.unit_price > crate::money::MAX_AMOUNT {
            return Err(CheckoutError::PriceTooLarge(i + 1));
        }
        let gross = l.gross();
        let line_discount = l.discount.map_or(Vnd::ZERO, |d| d.amount_on(gross));
        if line_discount > gross || line_discount.0 < 0 {
            return Err(CheckoutError::LineDiscountTooLarge(i + 1));
        }
        lines.push(PricedLine {
            gross,
            line_discount,
            cart_discount: Vnd::ZERO,
            net: gross - line_discount,
        });
    }
    let over = || CheckoutError::TotalOverflow;
    let after_lines = Vnd::checked_sum(lines.iter().map(|l| l.net)).ok_or_else(over)?.0;
    let cart_discount = cart.discount.map_or(Vnd::ZERO, |d| d.amount_on(Vnd(after_lines)));
    if cart_discount.0 > after_lines || cart_discount.0 < 0 {
        return Err(CheckoutError::CartDiscountTooLarge);
    }
    let shares = spread(cart_discount.0, &lines.iter().map(|l| l.net.0).collect::<Vec<_>>());
    for (l, s) in lines.iter_mut().zip(shares) {
        l.cart_discount = Vnd(s);
        l.net -= Vnd(s);
    }
    let subtotal = Vnd::checked_sum(lines.iter().map(|l| l.gross)).ok_or_else(over)?;
    let total = Vnd::checked_sum(lines.iter().map(|l| l.net)).ok_or_else(over)?;
    if total.0 > MAX_TOTAL {
        return Err(CheckoutError::TotalTooLarge(total));
    }
    let vat = match method {
        TaxMethod::Direct => Vec::new(),
        TaxMethod::Deduction => vat_lines(cart, &lines),
    };
    Ok(Totals {
        discount: subtotal - total,
        lines,
        subtotal,
        total,
        vat,
    })
}

/// Largest-remainder split of `amount` over `weights` (non-negative).
pub fn spread(amount: i64, weights: &[i64]) -> Vec<i64> {
    let total: i128 = weights.iter().map(|&w| i128::from(w.max(0))).sum();
    if amount == 0 || total == 0 {
        return vec![0; weights.len()];
    }
    let mut shares: Vec<i64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let exact = i128::from(amount) * i128::from(w.max(0));
        shares.push((exact / total) as i64);
        remainders.push((exact % total, i));
    }
    let mut left = amount - shares.iter().sum::<i64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    shares
}

fn vat_lines(cart: &Cart, priced: &[PricedLine]) -> Vec<VatLine> {
    let mut out: Vec<VatLine> = Vec::new();
    for rate in VatRate::ALL {
        let total: Vnd = cart
            .lines
            .iter()
            .zip(priced)
            .filter(|(l, _)| l.vat == rate)
            .map(|(_, p)| p.net)
            .sum();
        if !cart.lines.iter().any(|l| l.vat == rate) {
            continue;
        }
        let (pre_tax, tax) = match rate.percent() {
            Some(r) => {
                let pre = Vnd(div_round(i128::from(total.0) * 100, i128::from(100 + r)));
                (pre, total - pre)
            }
            None => (total, Vnd::ZERO),
        };
        out.push(VatLine {
            rate,
            total,
            pre_tax,
            tax,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(price: i64, qty_milli: i64, vat: VatRate) -> Line {
        Line {
            product_id: price,
            sku: format!("P{price}"),
            name: "x".into(),
            unit: "cái".into(),
            unit_price: Vnd(price),
            qty_milli,
            vat,
            discount: None,
        }
    }

    #[test]
    fn weighed_goods_round_to_whole_dong() {
        // 0,35 kg of rice at 32.000 ₫/kg = 11.200 ₫
        assert_eq!(line(32_000, 350, VatRate::Five).gross(), Vnd(11_200));
        // 0,333 kg at 45.000 = 14.985
        assert_eq!(line(45_000, 333, VatRate::Five).gross(), Vnd(14_985));
        // 1 g of something at 1.500 ₫/kg = 1,5 ₫ → 2 (half away from zero)
        assert_eq!(line(1_500, 1, VatRate::Five).gross(), Vnd(2));
    }

    #[test]
    fn cart_discount_is_spread_by_largest_remainder() {
        assert_eq!(spread(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(spread(10, &[50, 30, 20]), vec![5, 3, 2]);
        assert_eq!(spread(1, &[1, 3]), vec![0, 1]);
        assert_eq!(spread(0, &[5, 5]), vec![0, 0]);
        assert_eq!(spread(7, &[0, 0]), vec![0, 0]);
    }

    #[test]
    fn totals_with_line_and_cart_discounts() {
        let mut cart = Cart::default();
        cart.lines.push(line(45_000, 2000, VatRate::Eight));
        cart.lines.push(line(32_000, 350, VatRate::Five));
        cart.lines[0].discount = Some(Discount::Percent(1000)); // 10 %
        cart.discount = Some(Discount::Amount(Vnd(1_200)));
        let t = price(&cart, TaxMethod::Direct).unwrap();
        assert_eq!(t.subtotal, Vnd(90_000 + 11_200));
        assert_eq!(t.lines[0].line_discount, Vnd(9_000));
        // 1.200 spread over 81.000 and 11.200
        assert_eq!(t.lines[0].cart_discount + t.lines[1].cart_discount, Vnd(1_200));
        assert_eq!(t.lines[0].cart_discount, Vnd(1_054));
        assert_eq!(t.total, Vnd(101_200 - 9_000 - 1_200));
        assert_eq!(t.discount, Vnd(10_200));
        assert!(t.vat.is_empty(), "direct method: no VAT lines");
    }

    #[test]
    fn vat_per_rate_for_the_deduction_method() {
        let mut cart = Cart::default();
        cart.lines.push(line(108_000, 1000, VatRate::Eight));
        cart.lines.push(line(110_000, 1000, VatRate::Ten));
        cart.lines.push(line(50_000, 1000, VatRate::Kct));
        cart.lines.push(line(21_000, 1000, VatRate::Five));
        let t = price(&cart, TaxMethod::Deduction).unwrap();
        let v: Vec<(VatRate, i64, i64)> = t.vat.iter().map(|l| (l.rate, l.pre_tax.0, l.tax.0)).collect();
        assert_eq!(
            v,
            vec![
                (VatRate::Five, 20_000, 1_000),
                (VatRate::Eight, 100_000, 8_000),
                (VatRate::Ten, 100_000, 10_000),
                (VatRate::Kct, 50_000, 0),
            ]
        );
    }

    #[test]
    fn refuses_discounts_above_what_they_apply_to() {
        let mut cart = Cart::default();
        cart.lines.push(line(10_000, 1000, VatRate::Eight));
        cart.lines[0].discount = Some(Discount::Amount(Vnd(10_001)));
        assert!(price(&cart, TaxMethod::Direct).is_err());
        cart.lines[0].discount = Some(Discount::Amount(Vnd(10_000)));
        assert_eq!(price(&cart, TaxMethod::Direct).unwrap().total, Vnd(0));
        cart.lines[0].discount = None;
        cart.discount = Some(Discount::Amount(Vnd(20_000)));
        assert!(price(&cart, TaxMethod::Direct).is_err());
    }

    #[test]
    fn quantities_parse_and_absurd_ones_are_refused() {
        assert_eq!(parse_qty("3"), Ok(3000));
        assert_eq!(parse_qty("0,35"), Ok(350));
        assert_eq!(parse_qty("1.5"), Ok(1500));
        assert!(parse_qty("0").is_err());
        assert!(parse_qty("-2").is_err());
        assert!(parse_qty("0,0001").is_err());
        assert!(parse_qty("20000").is_err());
        assert!(parse_qty("abc").is_err());
        assert_eq!(
            split_qty_prefix("3*8936000000110").unwrap(),
            (Some(3000), "8936000000110")
        );
        assert_eq!(split_qty_prefix("0,35*GAO").unwrap(), (Some(350), "GAO"));
        assert_eq!(split_qty_prefix("ca phe").unwrap(), (None, "ca phe"));
        assert!(split_qty_prefix("x*GAO").is_err());
    }

    #[test]
    fn discounts_parse() {
        assert_eq!(Discount::parse("10%"), Ok(Discount::Percent(1000)));
        assert_eq!(Discount::parse("12,5%"), Ok(Discount::Percent(1250)));
        assert_eq!(Discount::parse("5k"), Ok(Discount::Amount(Vnd(5000))));
        assert!(Discount::parse("150%").is_err());
        assert!(Discount::parse("-5").is_err());
        assert_eq!(Discount::Percent(1250).label(), "12,5%");
        assert_eq!(Discount::Percent(1000).label(), "10%");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn cart() -> impl Strategy<Value = Cart> {
            let l = (
                0i64..=5_000_000,
                1i64..=100_000,
                0usize..5,
                proptest::option::of(0i64..=10_000),
            );
            (proptest::collection::vec(l, 1..40), proptest::option::of(0i64..=10_000)).prop_map(|(ls, cd)| Cart {
                lines: ls
                    .into_iter()
                    .enumerate()
                    .map(|(i, (p, q, v, d))| Line {
                        product_id: i as i64,
                        sku: format!("S{i}"),
                        name: "x".into(),
                        unit: "cái".into(),
                        unit_price: Vnd(p),
                        qty_milli: q,
                        vat: VatRate::ALL[v],
                        discount: d.map(Discount::Percent),
                    })
                    .collect(),
                discount: cd.map(Discount::Percent),
            })
        }

        proptest! {
            #[test]
            fn totals_add_up_and_nothing_is_negative(c in cart()) {
                let t = price(&c, TaxMethod::Deduction).unwrap();
                prop_assert_eq!(t.total, t.lines.iter().map(|l| l.net).sum::<Vnd>());
                prop_assert_eq!(t.subtotal - t.discount, t.total);
                prop_assert!(t.lines.iter().all(|l| l.net.0 >= 0));
                prop_assert!(t.vat.iter().all(|v| v.tax.0 >= 0 && v.pre_tax.0 >= 0));
                prop_assert_eq!(t.vat.iter().map(|v| v.total).sum::<Vnd>(), t.total);
                prop_assert_eq!(t.vat.iter().map(|v| v.pre_tax + v.tax).sum::<Vnd>(), t.total);
            }

            #[test]
            fn spread_always_adds_up(amount in 0i64..=1_000_000_000, w in proptest::collection::vec(0i64..=1_000_000_000, 1..50)) {
                let s = spread(amount, &w);
                if w.iter().any(|&x| x > 0) {
                    prop_assert_eq!(s.iter().sum::<i64>(), amount);
                }
                prop_assert!(s.iter().all(|&x| x >= 0));
            }
        }
    }
}
