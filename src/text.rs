//! Text helpers shared by search, VietQR and printing: Vietnamese diacritic
//! folding and NFC normalisation.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Fold Vietnamese (and other Latin) diacritics and case: "Cà phê sữa đá"
/// → "ca phe sua da". `đ`/`Đ` have no decomposition and are mapped by hand.
/// Characters that are neither letters nor digits become spaces so words
/// split cleanly; runs of spaces collapse.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    for ch in input.nfd() {
        if is_combining_mark(ch) {
            continue;
        }
        let mapped = match ch {
            'đ' | 'Đ' => 'd',
            c if c.is_alphanumeric() => {
                for lower in c.to_lowercase() {
                    out.push(lower);
                }
                last_space = false;
                continue;
            }
            _ => ' ',
        };
        if mapped == ' ' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(mapped);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Fold diacritics but keep case and punctuation, ASCII only: for text
/// that must travel as ASCII (VietQR purpose, `ascii` printer mode).
/// Characters with no ASCII form are dropped.
pub fn to_ascii(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for ch in input.nfd() {
        if is_combining_mark(ch) {
            continue;
        }
        match ch {
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Canonical composed form (NFC), as stored and printed.
pub fn nfc(input: &str) -> String {
    input.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_diacritics_and_case() {
        assert_eq!(fold("Cà phê sữa đá lon 235ml"), "ca phe sua da lon 235ml");
        assert_eq!(fold("ĐƯỜNG CÁT TRẮNG"), "duong cat trang");
        assert_eq!(fold("Bánh lọc Huế (khay 10 cái)"), "banh loc hue khay 10 cai");
        assert_eq!(fold("  Mứt--bưởi  "), "mut buoi");
        // decomposed input folds the same as precomposed
        assert_eq!(fold("Hue\u{301}"), "hue");
    }

    #[test]
    fn ascii_keeps_case_and_drops_what_has_no_ascii_form() {
        assert_eq!(to_ascii("Đơn hàng số 12 – Huế"), "Don hang so 12  Hue");
        assert_eq!(to_ascii("Thanh toán ☕"), "Thanh toan ");
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(nfc("Hue\u{301}"), "Hué");
    }
}
