//! GTIN-8/12/13/14 barcodes: shape and check digit.

use crate::i18n::Msg;
use crate::msg_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GtinKind {
    Gtin8,
    Gtin12,
    Gtin13,
    Gtin14,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GtinError {
    NotDigits(String),
    Length(String, usize),
    CheckDigit { code: String, found: u8, expected: u8 },
}

impl GtinError {
    pub fn msg(&self) -> Msg {
        match self {
            GtinError::NotDigits(code) => msg_key!("gtin.not_digits", code),
            GtinError::Length(code, n) => msg_key!("gtin.length", code, n),
            GtinError::CheckDigit { code, found, expected } => msg_key!("gtin.check_digit", code, found, expected),
        }
    }
}

crate::english_display!(GtinError);

/// The check digit a GTIN body (all digits but the last) calls for.
pub fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Validate a barcode as a GTIN and say which kind it is.
pub fn validate(code: &str) -> Result<GtinKind, GtinError> {
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(GtinError::NotDigits(code.to_string()));
    }
    let kind = match code.len() {
        8 => GtinKind::Gtin8,
        12 => GtinKind::Gtin12,
        13 => GtinKind::Gtin13,
        14 => GtinKind::Gtin14,
        n => return Err(GtinError::Length(code.to_string(), n)),
    };
    let digits: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
    let (body, last) = digits.split_at(digits.len() - 1);
    let expected = check_digit(body);
    if last[0] != expected {
        return Err(GtinError::CheckDigit {
            code: code.to_string(),
            found: last[0],
            expected,
        });
    }
    Ok(kind)
}

/// A GTIN-13 allocated by GS1 Vietnam (prefix 893), the kind the national
/// traceability portal identifies.
pub fn is_vietnamese(code: &str) -> bool {
    code.len() == 13 && code.starts_with("893") && validate(code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_codes_of_every_length() {
        assert_eq!(validate("8936000000110"), Ok(GtinKind::Gtin13));
        assert_eq!(validate("96385074"), Ok(GtinKind::Gtin8));
        assert_eq!(validate("036000291452"), Ok(GtinKind::Gtin12));
        assert_eq!(validate("10012345678902"), Ok(GtinKind::Gtin14));
    }

    #[test]
    fn refuses_bad_shape_and_check_digit() {
        assert_eq!(
            validate("8936000000111"),
            Err(GtinError::CheckDigit {
                code: "8936000000111".into(),
                found: 1,
                expected: 0
            })
        );
        assert!(matches!(validate("89360000001"), Err(GtinError::Length(_, 11))));
        assert!(matches!(validate("89360A0000110"), Err(GtinError::NotDigits(_))));
        assert!(matches!(validate(""), Err(GtinError::NotDigits(_))));
    }

    #[test]
    fn recognises_vietnamese_numbers() {
        assert!(is_vietnamese("8936000000110"));
        assert!(!is_vietnamese("4006381333931"));
        assert!(!is_vietnamese("8936000000111"));
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_body_with_its_check_digit_validates(body in proptest::collection::vec(0u8..10, 12)) {
                let mut code: String = body.iter().map(|d| char::from(b'0' + d)).collect();
                code.push(char::from(b'0' + check_digit(&body)));
                prop_assert_eq!(validate(&code), Ok(GtinKind::Gtin13));
                // changing any single digit breaks it
                let mut bytes = code.into_bytes();
                bytes[5] = b'0' + (bytes[5] - b'0' + 1) % 10;
                prop_assert!(validate(std::str::from_utf8(&bytes).unwrap()).is_err());
            }
        }
    }
}
