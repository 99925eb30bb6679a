//! Vietnamese text for ESC/POS code pages. The escpos crate has no
//! Vietnamese table, so the bytes are made here:
//!
//! - `tcvn3`: TCVN 5712 VN3 ("ABC"), Epson code pages 30 (lower-case set,
//!   which also holds Ă Â Ê Ô Ơ Ư Đ) and 31 (upper-case set: the same byte
//!   values print as capitals). `ESC t n` switches only when needed.
//! - `cp1258`: Windows-1258 (Epson page 52): base letters (with breve,
//!   circumflex or horn precomposed) followed by a separate tone-mark byte.
//! - `ascii`: diacritics folded (`đ` → `d`), always legible.
//!
//! A character outside the chosen page falls back on its own (folded to
//! ASCII, else `?`); the print never aborts.

use unicode_normalization::UnicodeNormalization;

pub use crate::printer_settings::TextMode;

/// `ESC t n` page numbers (Epson numbering).
pub const PAGE_TCVN3_LOWER: u8 = 30;
pub const PAGE_TCVN3_UPPER: u8 = 31;
pub const PAGE_CP1258: u8 = 52;
pub const PAGE_PC437: u8 = 0;

/// TCVN3 bytes of the lower-case letters (and đ); the upper-case page
/// prints the capital at the same byte.
const TCVN3_LOWER: [(char, u8); 67] = [
    ('à', 0xB5),
    ('á', 0xB8),
    ('ả', 0xB6),
    ('ã', 0xB7),
    ('ạ', 0xB9),
    ('â', 0xA9),
    ('ầ', 0xC7),
    ('ấ', 0xCA),
    ('ẩ', 0xC8),
    ('ẫ', 0xC9),
    ('ậ', 0xCB),
    ('ă', 0xA8),
    ('ằ', 0xBB),
    ('ắ', 0xBE),
    ('ẳ', 0xBC),
    ('ẵ', 0xBD),
    ('ặ', 0xC6),
    ('đ', 0xAE),
    ('è', 0xCC),
    ('é', 0xD0),
    ('ẻ', 0xCE),
    ('ẽ', 0xCF),
    ('ẹ', 0xD1),
    ('ê', 0xAA),
    ('ề', 0xD2),
    ('ế', 0xD5),
    ('ể', 0xD3),
    ('ễ', 0xD4),
    ('ệ', 0xD6),
    ('ì', 0xD7),
    ('í', 0xDD),
    ('ỉ', 0xD8),
    ('ĩ', 0xDC),
    ('ị', 0xDE),
    ('ò', 0xDF),
    ('ó', 0xE3),
    ('ỏ', 0xE1),
    ('õ', 0xE2),
    ('ọ', 0xE4),
    ('ô', 0xAB),
    ('ồ', 0xE5),
    ('ố', 0xE8),
    ('ổ', 0xE6),
    ('ỗ', 0xE7),
    ('ộ', 0xE9),
    ('ơ', 0xAC),
    ('ờ', 0xEA),
    ('ớ', 0xED),
    ('ở', 0xEB),
    ('ỡ', 0xEC),
    ('ợ', 0xEE),
    ('ù', 0xEF),
    ('ú', 0xF3),
    ('ủ', 0xF1),
    ('ũ', 0xF2),
    ('ụ', 0xF4),
    ('ư', 0xAD),
    ('ừ', 0xF5),
    ('ứ', 0xF8),
    ('ử', 0xF6),
    ('ữ', 0xF7),
    ('ự', 0xF9),
    ('ỳ', 0xFA),
    ('ý', 0xFD),
    ('ỷ', 0xFB),
    ('ỹ', 0xFC),
    ('ỵ', 0xFE),
];

/// Capitals with their own byte in the lower-case page.
const TCVN3_CAPS_IN_LOWER: [(char, u8); 7] = [
    ('Ă', 0xA1),
    ('Â', 0xA2),
    ('Ê', 0xA3),
    ('Ô', 0xA4),
    ('Ơ', 0xA5),
    ('Ư', 0xA6),
    ('Đ', 0xA7),
];

/// CP1258 base letters beyond ASCII.
const CP1258_BASE: [(char, u8); 14] = [
    ('Ă', 0xC3),
    ('ă', 0xE3),
    ('Â', 0xC2),
    ('â', 0xE2),
    ('Ê', 0xCA),
    ('ê', 0xEA),
    ('Ô', 0xD4),
    ('ô', 0xF4),
    ('Ơ', 0xD5),
    ('ơ', 0xF5),
    ('Ư', 0xDD),
    ('ư', 0xFD),
    ('Đ', 0xD0),
    ('đ', 0xF0),
];

/// CP1258 tone marks (combining).
const CP1258_TONES: [(char, u8); 5] = [
    ('\u{300}', 0xCC), // huyền
    ('\u{301}', 0xEC), // sắc
    ('\u{303}', 0xDE), // ngã
    ('\u{309}', 0xD2), // hỏi
    ('\u{323}', 0xF2), // nặng
];

fn lookup(table: &[(char, u8)], c: char) -> Option<u8> {
    table.iter().find(|(k, _)| *k == c).map(|(_, b)| *b)
}

/// One character as ASCII: folded, else `?`. A no-break space is a space
/// and the đồng sign a `d`.
fn ascii_fallback(c: char, out: &mut Vec<u8>) {
    match c {
        '\u{a0}' => return out.push(b' '),
        '₫' => return out.push(b'd'),
        _ => {}
    }
    let folded = crate::text::to_ascii(&c.to_string());
    if folded.is_empty() {
        out.push(b'?');
    } else {
        out.extend_from_slice(folded.as_bytes());
    }
}

/// The TCVN3 byte of a character and the page it needs.
pub fn tcvn3_char(c: char) -> Option<(u8, u8)> {
    if c.is_ascii() {
        return Some((c as u8, 0));
    }
    if let Some(b) = lookup(&TCVN3_LOWER, c) {
        return Some((b, PAGE_TCVN3_LOWER));
    }
    if let Some(b) = lookup(&TCVN3_CAPS_IN_LOWER, c) {
        return Some((b, PAGE_TCVN3_LOWER));
    }
    // A capital with a tone mark: its lower-case byte in the upper-case page.
    let lower: Vec<char> = c.to_lowercase().collect();
    if lower.len() == 1
        && lower[0] != c
        && let Some(b) = lookup(&TCVN3_LOWER, lower[0])
    {
        return Some((b, PAGE_TCVN3_UPPER));
    }
    None
}

/// Encode one line (no line feed) for a code-page mode. `page` is the page
/// currently selected on the printer and is updated; `ESC t n` is emitted
/// only when a character needs another page. Raster is not a code page
/// and is encoded as ASCII here.
pub fn encode(text: &str, mode: TextMode, page: &mut Option<u8>) -> Vec<u8> {
    let owned;
    let text = if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        text
    } else {
        owned = text.nfc().collect::<String>();
        owned.as_str()
    };
    let mut out = Vec::with_capacity(text.len() + 8);
    let select = |out: &mut Vec<u8>, p: u8, page: &mut Option<u8>| {
        if *page != Some(p) {
            out.extend_from_slice(&[0x1B, b't', p]);
            *page = Some(p);
        }
    };
    match mode {
        TextMode::Ascii | TextMode::Raster => {
            for c in text.chars() {
                if c.is_ascii() && !c.is_ascii_control() {
                    out.push(c as u8);
                } else {
                    ascii_fallback(c, &mut out);
                }
            }
        }
        TextMode::Tcvn3 => {
            for c in text.chars() {
                if c.is_ascii_control() {
                    continue;
                }
                // the đồng sign has no TCVN3 byte: print đ
                let c = if c == '₫' { 'đ' } else { c };
                match tcvn3_char(c) {
                    Some((b, 0)) => out.push(b),
                    Some((b, p)) => {
                        select(&mut out, p, page);
                        out.push(b);
                    }
                    None => ascii_fallback(c, &mut out),
                }
            }
        }
        TextMode::Cp1258 => {
            select(&mut out, PAGE_CP1258, page);
            for c in text.chars() {
                if c.is_ascii() {
                    if !c.is_ascii_control() {
                        out.push(c as u8);
                    }
                    continue;
                }
                match c {
                    '\u{a0}' => {
                        out.push(0xA0);
                        continue;
                    }
                    '₫' => {
                        out.push(0xFE);
                        continue;
                    }
                    _ => {}
                }
                // base letter (breve/circumflex/horn kept) + tone mark byte
                let decomposed: Vec<char> = c.to_string().nfd().collect();
                let mut base: String = String::new();
                let mut tone = None;
                for d in decomposed {
                    match lookup(&CP1258_TONES, d) {
                        Some(t) => tone = Some(t),
                        None => base.push(d),
                    }
                }
                let base: String = base.nfc().collect();
                let mut chars = base.chars();
                let b = match (chars.next(), chars.next()) {
                    (Some(b), None) if b.is_ascii() && !b.is_ascii_control() => Some(b as u8),
                    (Some(b), None) => lookup(&CP1258_BASE, b),
                    _ => None,
                };
                match b {
                    Some(b) => {
                        out.push(b);
                        if let Some(t) = tone {
                            out.push(t);
                        }
                    }
                    None => ascii_fallback(c, &mut out),
                }
            }
        }
    }
    out
}

/// Decode bytes back to text (for tests and the byte interpreter):
/// `page` is the page selected when the bytes start.
pub fn decode(bytes: &[u8], mode: TextMode, page: u8) -> String {
    let mut out = String::new();
    match mode {
        TextMode::Tcvn3 => {
            for &b in bytes {
                if b.is_ascii() {
                    out.push(b as char);
                } else if let Some(c) = TCVN3_CAPS_IN_LOWER.iter().find(|(_, x)| *x == b).map(|(c, _)| *c) {
                    out.push(c);
                } else if let Some(c) = TCVN3_LOWER.iter().find(|(_, x)| *x == b).map(|(c, _)| *c) {
                    if page == PAGE_TCVN3_UPPER {
                        out.extend(c.to_uppercase());
                    } else {
                        out.push(c);
                    }
                } else {
                    out.push('\u{FFFD}');
                }
            }
        }
        TextMode::Cp1258 => {
            for &b in bytes {
                if b.is_ascii() {
                    out.push(b as char);
                } else if let Some(c) = CP1258_BASE.iter().find(|(_, x)| *x == b).map(|(c, _)| *c) {
                    out.push(c);
                } else if let Some(c) = CP1258_TONES.iter().find(|(_, x)| *x == b).map(|(c, _)| *c) {
                    out.push(c);
                } else if b == 0xFE {
                    out.push('₫');
                } else if b == 0xA0 {
                    out.push('\u{a0}');
                } else {
                    out.push('\u{FFFD}');
                }
            }
            out = out.nfc().collect();
        }
        TextMode::Ascii | TextMode::Raster => out.extend(bytes.iter().map(|&b| b as char)),
    }
    out
}

/// Every Vietnamese letter, lower and upper case, for the printer test page.
pub const VIETNAMESE_ALPHABET: &str =
    "aàáảãạ ăằắẳẵặ âầấẩẫậ bcdđ eèéẻẽẹ êềếểễệ ghiìíỉĩị klmn oòóỏõọ ôồốổỗộ ơờớởỡợ pqrst uùúủũụ ưừứửữự vxyỳýỷỹỵ";

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(mode: TextMode, text: &str) -> String {
        // decode segment by segment following the page switches
        let mut page = None;
        let bytes = encode(text, mode, &mut page);
        let mut out = String::new();
        let mut cur = if mode == TextMode::Tcvn3 {
            PAGE_TCVN3_LOWER
        } else {
            PAGE_CP1258
        };
        let mut i = 0;
        let mut seg = Vec::new();
        while i < bytes.len() {
            if bytes[i] == 0x1B && bytes.get(i + 1) == Some(&b't') {
                out.push_str(&decode(&seg, mode, cur));
                seg.clear();
                cur = bytes[i + 2];
                i += 3;
                continue;
            }
            seg.push(bytes[i]);
            i += 1;
        }
        out.push_str(&decode(&seg, mode, cur));
        out
    }

    #[test]
    fn the_whole_alphabet_round_trips_in_tcvn3_and_cp1258() {
        let upper = VIETNAMESE_ALPHABET.to_uppercase();
        for mode in [TextMode::Tcvn3, TextMode::Cp1258] {
            assert_eq!(roundtrip(mode, VIETNAMESE_ALPHABET), VIETNAMESE_ALPHABET, "{mode:?}");
            assert_eq!(roundtrip(mode, &upper), upper, "{mode:?}");
        }
    }

    #[test]
    fn tcvn3_switches_pages_only_when_needed() {
        let mut page = None;
        let b = encode("Cà phê", TextMode::Tcvn3, &mut page);
        assert_eq!(b, vec![b'C', 0x1B, b't', 30, 0xB5, b' ', b'p', b'h', 0xAA]);
        // capitals with tones go to page 31; Đ stays in page 30
        let b = encode("ĐƯỜNG", TextMode::Tcvn3, &mut page);
        assert_eq!(b, vec![0xA7, 0xA6, 0x1B, b't', 31, 0xEA, b'N', b'G']);
    }

    #[test]
    fn cp1258_writes_decomposed_tone_marks() {
        let mut page = None;
        // ấ = â + sắc; ợ = ơ + nặng; á = a + sắc
        assert_eq!(
            encode("ấợá", TextMode::Cp1258, &mut page),
            vec![0x1B, b't', 52, 0xE2, 0xEC, 0xF5, 0xF2, b'a', 0xEC]
        );
    }

    #[test]
    fn characters_outside_the_page_fall_back_one_by_one() {
        let mut page = None;
        assert_eq!(encode("Cà ☕ ₫ Ñ", TextMode::Ascii, &mut page), b"Ca ? d N".to_vec());
        let b = encode("phở 🍜!", TextMode::Tcvn3, &mut page);
        assert!(b.ends_with(b" ?!"));
        let b = encode("Ω", TextMode::Cp1258, &mut page);
        assert_eq!(b, vec![0x1B, b't', 52, b'?']);
    }
}
