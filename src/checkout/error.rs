//! Why a cart, a quantity, a discount or a payment was refused.

use crate::i18n::Msg;
use crate::money::Vnd;
use crate::msg_key;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutError {
    /// A percentage discount outside 0–100 % or not a number.
    DiscountPercent(String),
    /// A discount that is neither an amount nor a percentage.
    Discount(String),
    /// A fraction of something not sold by weight or measure.
    NotWhole {
        name: String,
        unit: String,
        qty: String,
    },
    QtyNotPositive,
    QtyTooLarge(String),
    QtyInvalid(String),
    /// Lines are counted from 1.
    NegativePrice(usize),
    PriceTooLarge(usize),
    LineDiscountTooLarge(usize),
    CartDiscountTooLarge,
    TotalOverflow,
    TotalTooLarge(Vnd),
    CashRounding(String),
    AmountTooLarge {
        amount: Vnd,
        max: Vnd,
    },
    TenderedTooMuch,
    TenderNotPositive,
    RoundingTender,
    DebtWithoutCustomer,
    NonCashOverDue {
        amount: Vnd,
        due: Vnd,
    },
    NotEnough(Vnd),
}

impl CheckoutError {
    pub fn msg(&self) -> Msg {
        use CheckoutError as E;
        match self {
            E::DiscountPercent(input) => msg_key!("checkout.discount_percent", input),
            E::Discount(input) => msg_key!("checkout.discount", input),
            E::NotWhole { name, unit, qty } => msg_key!("checkout.not_whole", name, unit, qty),
            E::QtyNotPositive => msg_key!("checkout.qty_not_positive"),
            E::QtyTooLarge(qty) => msg_key!("checkout.qty_too_large", qty),
            E::QtyInvalid(input) => msg_key!("checkout.qty_invalid", input),
            E::NegativePrice(line) => msg_key!("checkout.negative_price", line),
            E::PriceTooLarge(line) => msg_key!("checkout.price_too_large", line),
            E::LineDiscountTooLarge(line) => msg_key!("checkout.line_discount_too_large", line),
            E::CartDiscountTooLarge => msg_key!("checkout.cart_discount_too_large"),
            E::TotalOverflow => msg_key!("checkout.total_overflow"),
            E::TotalTooLarge(total) => msg_key!("checkout.total_too_large", total),
            E::CashRounding(input) => msg_key!("checkout.cash_rounding", input),
            E::AmountTooLarge { amount, max } => msg_key!("checkout.amount_too_large", amount, max),
            E::TenderedTooMuch => msg_key!("checkout.tendered_too_much"),
            E::TenderNotPositive => msg_key!("checkout.tender_not_positive"),
            E::RoundingTender => msg_key!("checkout.rounding_tender"),
            E::DebtWithoutCustomer => msg_key!("checkout.debt_without_customer"),
            E::NonCashOverDue { amount, due } => msg_key!("checkout.non_cash_over_due", amount, due),
            E::NotEnough(due) => msg_key!("checkout.not_enough", due),
        }
    }
}

crate::english_display!(CheckoutError);

impl From<CheckoutError> for Msg {
    fn from(e: CheckoutError) -> Msg {
        e.msg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_texts_are_the_ones_shown_before_the_catalogue() {
        let m = CheckoutError::NotEnough(Vnd(7_000)).msg();
        assert_eq!(m.vi, "khách trả chưa đủ: còn thiếu 7.000\u{a0}₫");
        assert_eq!(m.en, "not enough tendered: 7.000\u{a0}₫ still to pay");
        let m = CheckoutError::NotWhole {
            name: "Mật ong".into(),
            unit: "chai".into(),
            qty: "0,5".into(),
        }
        .msg();
        assert_eq!(
            m.vi,
            "«Mật ong» bán theo chai, không cân đong: số lượng 0,5 phải là số nguyên"
        );
        assert_eq!(
            m.en,
            "«Mật ong» is sold by the chai, not by weight or measure: quantity 0,5 must be whole"
        );
        // Display is the catalogue's English text
        assert_eq!(
            CheckoutError::QtyInvalid("x".into()).to_string(),
            "quantity 'x' is not valid: expected a number such as 3 or 0,35"
        );
    }
}
