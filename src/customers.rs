//! Customers and the rules of the debt book (sổ nợ), pure: field checks,
//! Vietnamese phone numbers, customer codes, allocation of a payment to the
//! oldest debts, the aged list's buckets, and the limit.
//!
//! A payment larger than the balance is refused (no advances): the book
//! never holds a credit in the customer's favour, so a balance is never
//! negative and the cashier is told the balance to take instead.

use crate::checkout::CheckoutError;
use crate::i18n::Msg;
use crate::money::Vnd;
use crate::msg_key;
use crate::text::TextError;

/// Why a customer's fields or a debt payment were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerError {
    Phone(String),
    NameEmpty,
    NameTooLong,
    TaxCode(String),
    IdNumber(String),
    NegativeDebtLimit,
    PaymentNotPositive,
    NothingOwed,
    OverBalance { amount: Vnd, balance: Vnd },
    Method(String),
    Text(TextError),
    Amount(CheckoutError),
}

impl CustomerError {
    pub fn msg(&self) -> Msg {
        use CustomerError as E;
        match self {
            E::Phone(input) => msg_key!("customers.phone", input),
            E::NameEmpty => msg_key!("customers.name_empty"),
            E::NameTooLong => msg_key!("customers.name_too_long"),
            E::TaxCode(input) => msg_key!("customers.tax_code", input),
            E::IdNumber(input) => msg_key!("customers.id_number", input),
            E::NegativeDebtLimit => msg_key!("customers.negative_debt_limit"),
            E::PaymentNotPositive => msg_key!("customers.payment_not_positive"),
            E::NothingOwed => msg_key!("customers.nothing_owed"),
            E::OverBalance { amount, balance } => msg_key!("customers.over_balance", amount, balance),
            E::Method(input) => msg_key!("customers.method", input),
            E::Text(e) => e.msg(),
            E::Amount(e) => e.msg(),
        }
    }
}

crate::english_display!(CustomerError);

impl From<TextError> for CustomerError {
    fn from(e: TextError) -> Self {
        CustomerError::Text(e)
    }
}

impl From<CheckoutError> for CustomerError {
    fn from(e: CheckoutError) -> Self {
        CustomerError::Amount(e)
    }
}

impl From<CustomerError> for Msg {
    fn from(e: CustomerError) -> Msg {
        e.msg()
    }
}

/// A customer as typed (add or edit).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewCustomer {
    pub name: String,
    pub phone: String,
    pub address: Option<String>,
    /// Tax code (10, 10-3 or 12 digits) for the invoice buyer block.
    pub tax_code: Option<String>,
    /// 12-digit personal ID (CCCD).
    pub id_number: Option<String>,
    /// Debt above this needs a manager; `None` = no limit.
    pub debt_limit: Option<Vnd>,
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Customer {
    pub id: i64,
    /// `KH00001`: the reference debt tenders carry.
    pub code: String,
    pub name: String,
    pub phone: String,
    pub address: Option<String>,
    pub tax_code: Option<String>,
    pub id_number: Option<String>,
    pub debt_limit: Option<Vnd>,
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
}

impl Customer {
    /// The invoice buyer block from the customer's details.
    pub fn buyer(&self) -> crate::einvoice::Buyer {
        crate::einvoice::Buyer {
            name: Some(self.name.clone()),
            address: self.address.clone(),
            tax_code: self.tax_code.clone(),
            id_number: self.id_number.clone(),
            phone: Some(self.phone.clone()),
        }
    }
}

/// `KH00001` for id 1.
pub fn code(id: i64) -> String {
    format!("KH{id:05}")
}

/// The id of a `KH…` code (case-insensitive).
pub fn parse_code(s: &str) -> Option<i64> {
    let t = s.trim();
    let rest = t.get(..2).filter(|p| p.eq_ignore_ascii_case("KH")).and(t.get(2..))?;
    if rest.is_empty() || !rest.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok().filter(|n| *n > 0)
}

/// A Vietnamese phone number in its stored form (`0` + 9 digits for mobiles,
/// `02` + 9 digits for landlines); `+84`/`84` become `0`, spaces, dots and
/// dashes are dropped. Mobile prefixes: 03, 05, 07, 08, 09.
pub fn normalize_phone(s: &str) -> Result<String, CustomerError> {
    let t = s.trim();
    let bad = || CustomerError::Phone(t.to_string());
    let mut d: String = t.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    if let Some(r) = d.strip_prefix("+84") {
        d = format!("0{r}");
    } else if d.len() == 11 && d.starts_with("84") && !d.starts_with("840") {
        d = format!("0{}", &d[2..]);
    }
    if !d.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let b = d.as_bytes();
    let mobile = b.len() == 10 && b[0] == b'0' && matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9');
    let landline = b.len() == 11 && b[0] == b'0' && b[1] == b'2';
    if mobile || landline { Ok(d) } else { Err(bad()) }
}

impl NewCustomer {
    /// Trim, NFC and check every field; the phone in its stored form.
    pub fn validated(self) -> Result<NewCustomer, CustomerError> {
        let clean = |v: Option<String>| v.map(|s| crate::text::nfc(s.trim())).filter(|s| !s.is_empty());
        let name = crate::text::nfc(self.name.trim());
        if name.is_empty() {
            return Err(CustomerError::NameEmpty);
        }
        if name.chars().count() > 200 {
            return Err(CustomerError::NameTooLong);
        }
        crate::text::check_clean("name", &name)?;
        let address = clean(self.address);
        if let Some(a) = &address {
            crate::text::check_clean("address", a)?;
        }
        let phone = normalize_phone(&self.phone)?;
        let tax_code = clean(self.tax_code);
        if let Some(t) = &tax_code
            && !crate::shop::is_tax_code(t)
        {
            return Err(CustomerError::TaxCode(t.clone()));
        }
        let id_number = clean(self.id_number);
        if let Some(i) = &id_number
            && !(i.len() == 12 && i.bytes().all(|c| c.is_ascii_digit()))
        {
            return Err(CustomerError::IdNumber(i.clone()));
        }
        if let Some(l) = self.debt_limit {
            if l.0 < 0 {
                return Err(CustomerError::NegativeDebtLimit);
            }
            crate::checkout::tender::check_amount(l)?;
        }
        Ok(NewCustomer {
            name,
            phone,
            address,
            tax_code,
            id_number,
            debt_limit: self.debt_limit,
        })
    }
}

/// Whether taking `new_debt` on top of `balance` goes over the limit.
pub fn over_limit(balance: Vnd, new_debt: Vnd, limit: Option<Vnd>) -> bool {
    match limit {
        Some(l) => balance.0.saturating_add(new_debt.0) > l.0,
        None => false,
    }
}

/// Refuse a payment that is not positive or is larger than the balance
/// (quay records no advances).
pub fn check_payment(amount: Vnd, balance: Vnd) -> Result<(), CustomerError> {
    if amount.0 <= 0 {
        return Err(CustomerError::PaymentNotPositive);
    }
    crate::checkout::tender::check_amount(amount)?;
    if balance.0 <= 0 {
        return Err(CustomerError::NothingOwed);
    }
    if amount > balance {
        return Err(CustomerError::OverBalance { amount, balance });
    }
    Ok(())
}

/// Spread a payment over the outstanding debts, oldest first:
/// `(sale id, outstanding)` in order → `(sale id, part)`.
pub fn allocate(amount: Vnd, outstanding: &[(i64, Vnd)]) -> Vec<(i64, Vnd)> {
    let mut left = amount.0.max(0);
    let mut out = Vec::new();
    for &(id, owed) in outstanding {
        if left == 0 {
            break;
        }
        let part = left.min(owed.0.max(0));
        if part > 0 {
            out.push((id, Vnd(part)));
            left -= part;
        }
    }
    out
}

/// Buckets of the aged list, by the age of the oldest unpaid debt sale.
pub const AGE_BUCKETS: [&str; 4] = ["0-30", "31-60", "61-90", "90+"];

/// The aged-list bucket of a debt `days` old.
pub fn age_bucket(days: i64) -> &'static str {
    match days {
        ..=30 => AGE_BUCKETS[0],
        31..=60 => AGE_BUCKETS[1],
        61..=90 => AGE_BUCKETS[2],
        _ => AGE_BUCKETS[3],
    }
}

/// What a line of a customer's debt history is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A sale put on the account.
    Sale,
    /// The debt part of its refunds and voids.
    Refund,
    /// A later payment (`TN…`).
    Payment,
}

impl EntryKind {
    pub const ALL: [EntryKind; 3] = [EntryKind::Sale, EntryKind::Refund, EntryKind::Payment];

    /// `sale`, `refund`, `payment` (the JSON statement's `kind`).
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Sale => "sale",
            EntryKind::Refund => "refund",
            EntryKind::Payment => "payment",
        }
    }

    pub fn from_code(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            EntryKind::Sale => lang.pick("Mua ghi nợ", "On account"),
            EntryKind::Refund => lang.pick("Trả hàng", "Returned"),
            EntryKind::Payment => lang.pick("Trả nợ", "Paid"),
        }
    }
}

/// A method for a later debt payment: `cash`, `qr`/`transfer`, `card`,
/// `wallet:NAME`.
pub fn payment_method(s: &str) -> Result<crate::checkout::tender::Method, CustomerError> {
    use crate::checkout::tender::Method;
    let k = s.trim().to_ascii_lowercase();
    Method::from_code(&k)
        .filter(|m| !matches!(m, Method::Debt | Method::Rounding))
        .ok_or_else(|| CustomerError::Method(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_phones() {
        assert_eq!(normalize_phone("0912 345 678").unwrap(), "0912345678");
        assert_eq!(normalize_phone("+84 912.345.678").unwrap(), "0912345678");
        assert_eq!(normalize_phone("84912345678").unwrap(), "0912345678");
        assert_eq!(normalize_phone("028 3822 1234").unwrap(), "02838221234");
        for bad in [
            "12345",
            "0112345678",
            "+1 415 555 0100",
            "09123456789",
            "091234567a",
            "",
        ] {
            let e = normalize_phone(bad).unwrap_err().msg();
            assert!(e.en.contains("not a Vietnamese number"), "{bad}: {}", e.en);
        }
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(code(7), "KH00007");
        assert_eq!(parse_code("kh00007"), Some(7));
        assert_eq!(parse_code("KH"), None);
        assert_eq!(parse_code("Lan"), None);
    }

    #[test]
    fn fields_are_checked() {
        let c = NewCustomer {
            name: "  Chị Lan ".into(),
            phone: "0912345678".into(),
            tax_code: Some("123".into()),
            ..Default::default()
        };
        assert!(c.clone().validated().unwrap_err().msg().en.contains("tax code '123'"));
        let ok = NewCustomer {
            tax_code: None,
            id_number: Some("079123456789".into()),
            ..c.clone()
        };
        assert_eq!(ok.validated().unwrap().name, "Chị Lan");
        let e = NewCustomer {
            id_number: Some("0791".into()),
            tax_code: None,
            ..c.clone()
        };
        assert!(e.validated().unwrap_err().msg().en.contains("personal ID"));
        let e = NewCustomer {
            name: " ".into(),
            tax_code: None,
            ..c
        };
        assert!(e.validated().unwrap_err().msg().en.contains("name is empty"));
    }

    #[test]
    fn payments_oldest_first_and_never_above_the_balance() {
        let owed = [(1, Vnd(30_000)), (2, Vnd(50_000)), (3, Vnd(20_000))];
        assert_eq!(allocate(Vnd(60_000), &owed), vec![(1, Vnd(30_000)), (2, Vnd(30_000))]);
        assert_eq!(allocate(Vnd(100_000), &owed).len(), 3);
        assert!(check_payment(Vnd(60_000), Vnd(100_000)).is_ok());
        let e = check_payment(Vnd(120_000), Vnd(100_000)).unwrap_err().msg();
        assert!(e.en.contains("larger than the balance 100.000"), "{}", e.en);
        assert!(check_payment(Vnd(0), Vnd(100_000)).is_err());
        assert!(check_payment(Vnd(1), Vnd(0)).is_err());
    }

    #[test]
    fn limits_and_ages() {
        assert!(!over_limit(Vnd(400_000), Vnd(100_000), Some(Vnd(500_000))));
        assert!(over_limit(Vnd(400_000), Vnd(100_001), Some(Vnd(500_000))));
        assert!(!over_limit(Vnd(400_000), Vnd(1_000_000), None));
        assert_eq!(age_bucket(0), "0-30");
        assert_eq!(age_bucket(31), "31-60");
        assert_eq!(age_bucket(90), "61-90");
        assert_eq!(age_bucket(91), "90+");
    }

    #[test]
    fn debt_is_not_a_payment_method() {
        assert!(payment_method("debt").is_err());
        assert_eq!(payment_method("qr").unwrap().code(), "transfer");
        assert_eq!(payment_method("wallet:momo").unwrap().code(), "wallet:momo");
    }
}
