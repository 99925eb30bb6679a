//! Tenders: how the customer pays (cash, VietQR transfer, card, e-wallet,
//! or several), and the change. Only cash gives change.

use crate::i18n::Lang;
use crate::money::{MAX_AMOUNT, Vnd};

use super::CheckoutError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wallet {
    Momo,
    Zalopay,
    Vnpay,
    Shopeepay,
    Other,
}

impl Wallet {
    pub const ALL: [Wallet; 5] = [
        Wallet::Momo,
        Wallet::Zalopay,
        Wallet::Vnpay,
        Wallet::Shopeepay,
        Wallet::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Wallet::Momo => "momo",
            Wallet::Zalopay => "zalopay",
            Wallet::Vnpay => "vnpay",
            Wallet::Shopeepay => "shopeepay",
            Wallet::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Wallet::Momo => "MoMo",
            Wallet::Zalopay => "ZaloPay",
            Wallet::Vnpay => "VNPay",
            Wallet::Shopeepay => "ShopeePay",
            Wallet::Other => "Khác/Other",
        }
    }

    pub fn parse(s: &str) -> Option<Wallet> {
        let k: String = s
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        Wallet::ALL.into_iter().find(|w| w.code() == k)
    }
}

/// A payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Tiền mặt.
    Cash,
    /// Chuyển khoản by VietQR.
    Transfer,
    /// Thẻ.
    Card,
    /// Ví điện tử.
    Wallet(Wallet),
    /// Ghi nợ: on the customer's account in the debt book (the payment's
    /// reference is the customer code). Neither cash nor cashless until paid.
    Debt,
    /// Làm tròn: the cash rounding line of a sale paid wholly in cash
    /// (never typed as a tender; see `checkout::rounding`).
    Rounding,
}

impl Method {
    /// Stored code: `cash`, `transfer`, `card`, `wallet:momo`…
    pub fn code(self) -> String {
        match self {
            Method::Cash => "cash".into(),
            Method::Transfer => "transfer".into(),
            Method::Card => "card".into(),
            Method::Wallet(w) => format!("wallet:{}", w.code()),
            Method::Debt => "debt".into(),
            Method::Rounding => "rounding".into(),
        }
    }

    pub fn from_code(s: &str) -> Option<Method> {
        match s {
            "cash" => Some(Method::Cash),
            "transfer" | "qr" => Some(Method::Transfer),
            "card" => Some(Method::Card),
            "debt" => Some(Method::Debt),
            "rounding" => Some(Method::Rounding),
            _ => s.strip_prefix("wallet:").and_then(Wallet::parse).map(Method::Wallet),
        }
    }

    pub fn is_cash(self) -> bool {
        self == Method::Cash
    }

    /// Serialise as the stored code (`cash`, `wallet:momo`), the form JSON
    /// output and the ward bundle carry. For `#[serde(serialize_with = "…")]`.
    pub fn serialize_code<S: serde::Serializer>(m: &Method, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&m.code())
    }

    /// Read a stored code back (`cash`, `wallet:momo`); an unknown code is
    /// an error naming it. For `#[serde(deserialize_with = "…")]`.
    pub fn deserialize_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Method, D::Error> {
        let code = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        Method::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown payment method {code:?}")))
    }

    pub fn label(self, lang: Lang) -> String {
        match self {
            Method::Cash => lang.pick("Tiền mặt", "Cash").into(),
            Method::Transfer => lang.pick("Chuyển khoản (VietQR)", "Bank transfer (VietQR)").into(),
            Method::Card => lang.pick("Thẻ", "Card").into(),
            Method::Wallet(Wallet::Other) => lang.pick("Ví khác", "Other wallet").into(),
            Method::Wallet(w) => format!("{} {}", lang.pick("Ví", "Wallet"), w.label()),
            Method::Debt => lang.pick("Ghi nợ", "On account (debt)").into(),
            Method::Rounding => lang.pick("Làm tròn", "Rounding").into(),
        }
    }
}

/// What the customer handed over with one method.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tender {
    pub method: Method,
    /// Handed over (for cash, may exceed what is due).
    pub amount: Vnd,
    /// Card slip or wallet transaction reference.
    pub reference: Option<String>,
}

/// One payment row as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Payment {
    pub method: Method,
    /// Counted towards the sale (cash: tendered − change).
    pub amount: Vnd,
    pub tendered: Vnd,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Settlement {
    pub payments: Vec<Payment>,
    pub change: Vnd,
}

/// Refuse an amount above [`MAX_AMOUNT`] (100.000.000.000 ₫): nobody hands
/// that over at a shop counter; it is a scanned barcode or a slip of the hand.
pub fn check_amount(a: Vnd) -> Result<(), CheckoutError> {
    if a > MAX_AMOUNT {
        return Err(CheckoutError::AmountTooLarge {
            amount: a,
            max: MAX_AMOUNT,
        });
    }
    Ok(())
}

fn too_much() -> CheckoutError {
    CheckoutError::TenderedTooMuch
}

/// Check tenders against the total and work out the change.
pub fn settle(total: Vnd, tenders: &[Tender]) -> Result<Settlement, CheckoutError> {
    let mut due = total;
    let mut payments = Vec::with_capacity(tenders.len());
    let mut cash_over = Vnd::ZERO;
    for t in tenders {
        if t.amount.0 <= 0 {
            return Err(CheckoutError::TenderNotPositive);
        }
        check_amount(t.amount)?;
        if t.method == Method::Rounding {
            return Err(CheckoutError::RoundingTender);
        }
        if t.method == Method::Debt && t.reference.as_deref().is_none_or(|r| r.trim().is_empty()) {
            return Err(CheckoutError::DebtWithoutCustomer);
        }
        if t.method.is_cash() {
            let applied = t.amount.min(due.max(Vnd::ZERO));
            cash_over = t
                .amount
                .checked_sub(applied)
                .and_then(|over| cash_over.checked_add(over))
                .ok_or_else(too_much)?;
            due = due.checked_sub(applied).ok_or_else(too_much)?;
            payments.push(Payment {
                method: t.method,
                amount: applied,
                tendered: t.amount,
                reference: None,
            });
        } else {
            if t.amount > due {
                return Err(CheckoutError::NonCashOverDue { amount: t.amount, due });
            }
            due = due.checked_sub(t.amount).ok_or_else(too_much)?;
            payments.push(Payment {
                method: t.method,
                amount: t.amount,
                tendered: t.amount,
                reference: t.reference.clone().filter(|r| !r.trim().is_empty()),
            });
        }
    }
    if due.0 > 0 {
        return Err(CheckoutError::NotEnough(due));
    }
    payments.retain(|p| p.amount.0 > 0 || p.tendered.0 > 0);
    Ok(Settlement {
        payments,
        change: cash_over,
    })
}

/// The next 10k/50k/100k/200k/500k notes at or above the total, for quick
/// cash buttons.
pub fn quick_notes(total: Vnd) -> Vec<Vnd> {
    let mut out: Vec<Vnd> = [10_000, 50_000, 100_000, 200_000, 500_000]
        .iter()
        .map(|&d| Vnd(((total.0.max(1) + d - 1) / d) * d))
        .filter(|v| *v >= total)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cash(a: i64) -> Tender {
        Tender {
            method: Method::Cash,
            amount: Vnd(a),
            reference: None,
        }
    }

    #[test]
    fn methods_serialise_and_read_back_as_their_codes() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Row {
            #[serde(
                serialize_with = "Method::serialize_code",
                deserialize_with = "Method::deserialize_code"
            )]
            method: Method,
        }
        for m in [
            Method::Cash,
            Method::Transfer,
            Method::Card,
            Method::Debt,
            Method::Rounding,
        ]
        .into_iter()
        .chain(Wallet::ALL.map(Method::Wallet))
        {
            let text = serde_json::to_string(&Row { method: m }).unwrap();
            assert_eq!(text, format!(r#"{{"method":"{}"}}"#, m.code()));
            assert_eq!(serde_json::from_str::<Row>(&text).unwrap().method, m);
        }
        let bad = serde_json::from_str::<Row>(r#"{"method":"bitcoin"}"#).err().unwrap();
        assert!(bad.to_string().contains("bitcoin"), "{bad}");
    }

    #[test]
    fn cash_gives_change() {
        let s = settle(Vnd(87_000), &[cash(100_000)]).unwrap();
        assert_eq!(s.change, Vnd(13_000));
        assert_eq!(s.payments[0].amount, Vnd(87_000));
        assert_eq!(s.payments[0].tendered, Vnd(100_000));
    }

    #[test]
    fn split_tender_card_then_cash() {
        let card = Tender {
            method: Method::Card,
            amount: Vnd(50_000),
            reference: Some("4821".into()),
        };
        let s = settle(Vnd(87_000), &[card, cash(40_000)]).unwrap();
        assert_eq!(s.change, Vnd(3_000));
        assert_eq!(s.payments.len(), 2);
        assert_eq!(s.payments[1].amount, Vnd(37_000));
    }

    #[test]
    fn refuses_too_little_and_overpaid_non_cash() {
        let e = settle(Vnd(87_000), &[cash(80_000)]).unwrap_err().msg();
        assert!(e.en.contains("7.000"), "{}", e.en);
        let qr = Tender {
            method: Method::Transfer,
            amount: Vnd(90_000),
            reference: None,
        };
        assert!(settle(Vnd(87_000), &[qr]).is_err());
        assert!(settle(Vnd(87_000), &[cash(0)]).is_err());
    }

    #[test]
    fn amounts_above_the_cap_never_commit_and_never_wrap() {
        // three tenders of i64::MAX once wrapped round and committed
        let e = settle(Vnd(60_000), &[cash(i64::MAX), cash(i64::MAX), cash(i64::MAX)])
            .unwrap_err()
            .msg();
        assert!(e.en.contains("over the 100.000.000.000"), "{}", e.en);
        let e = settle(Vnd(60_000), &[cash(100_000_000_001)]).unwrap_err().msg();
        assert!(e.vi.contains("vượt giới hạn"), "{}", e.vi);
        // the cap itself is still taken
        let s = settle(Vnd(60_000), &[cash(100_000_000_000)]).unwrap();
        assert_eq!(s.change, Vnd(99_999_940_000));
    }

    #[test]
    fn quick_notes_are_the_next_notes_above() {
        assert_eq!(
            quick_notes(Vnd(87_000)),
            vec![Vnd(90_000), Vnd(100_000), Vnd(200_000), Vnd(500_000)]
        );
        assert_eq!(
            quick_notes(Vnd(100_000)),
            vec![Vnd(100_000), Vnd(200_000), Vnd(500_000)]
        );
    }

    #[test]
    fn method_codes_round_trip() {
        for m in [
            Method::Cash,
            Method::Transfer,
            Method::Card,
            Method::Wallet(Wallet::Zalopay),
        ] {
            assert_eq!(Method::from_code(&m.code()), Some(m));
        }
        assert_eq!(Method::from_code("wallet:bitcoin"), None);
        assert_eq!(Method::from_code("debt"), Some(Method::Debt));
    }

    #[test]
    fn debt_needs_a_customer() {
        let debt = |r: Option<&str>| Tender {
            method: Method::Debt,
            amount: Vnd(100_000),
            reference: r.map(str::to_string),
        };
        let e = settle(Vnd(100_000), &[debt(None)]).unwrap_err().msg();
        assert!(e.en.contains("needs a customer"), "{}", e.en);
        assert!(settle(Vnd(100_000), &[debt(Some(" "))]).is_err());
        let s = settle(Vnd(100_000), &[debt(Some("KH00001"))]).unwrap();
        assert_eq!(s.payments[0].reference.as_deref(), Some("KH00001"));
        // debt gives no change
        assert!(settle(Vnd(90_000), &[debt(Some("KH00001"))]).is_err());
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn change_is_never_negative(total in 0i64..=10_000_000, tendered in 1i64..=20_000_000) {
                match settle(Vnd(total), &[Tender { method: Method::Cash, amount: Vnd(tendered), reference: None }]) {
                    Ok(s) => {
                        prop_assert!(s.change.0 >= 0);
                        prop_assert_eq!(s.payments.iter().map(|p| p.amount).sum::<Vnd>(), Vnd(total));
                        prop_assert_eq!(s.change, Vnd(tendered - total));
                    }
                    Err(_) => prop_assert!(tendered < total),
                }
            }
        }
    }
}
