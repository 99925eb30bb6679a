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

/// A character that must never be stored in a text field: C0 and C1
/// control characters, DEL (ESC included), and Unicode noncharacters
/// (U+FDD0–U+FDEF and U+xxFFFE/U+xxFFFF, which make XML ill-formed).
/// Lone surrogates cannot occur in a Rust string: invalid UTF-8 is
/// refused where bytes are read.
pub fn is_forbidden(c: char) -> bool {
    let u = c as u32;
    c.is_control() || (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// The first forbidden character of a text field: its 1-based position (in
/// characters) and its `U+XXXX` code, for a message naming the field.
pub fn first_forbidden(value: &str, allow_newline: bool) -> Option<(usize, String)> {
    value
        .chars()
        .enumerate()
        .find(|(_, c)| is_forbidden(*c) && !(allow_newline && *c == '\n'))
        .map(|(i, c)| (i + 1, format!("U+{:04X}", c as u32)))
}

/// A text field holding a control character or a noncharacter: the field,
/// the character (`U+XXXX`) and its position (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Forbidden { field: String, code: String, pos: usize },
}

impl TextError {
    pub fn msg(&self) -> crate::i18n::Msg {
        match self {
            TextError::Forbidden { field, code, pos } => crate::msg_key!("text.forbidden", field, code, pos),
        }
    }
}

crate::english_display!(TextError);

impl From<TextError> for crate::i18n::Msg {
    fn from(e: TextError) -> Self {
        e.msg()
    }
}

/// Refuse a text field holding a control character or a noncharacter,
/// naming the field, the position and the character.
pub fn check_clean(field: &str, value: &str) -> Result<(), TextError> {
    check_clean_lines(field, value, false)
}

/// As [`check_clean`], allowing line breaks (a receipt footer).
pub fn check_clean_lines(field: &str, value: &str, allow_newline: bool) -> Result<(), TextError> {
    match first_forbidden(value, allow_newline) {
        None => Ok(()),
        Some((pos, code)) => Err(TextError::Forbidden {
            field: field.to_string(),
            code,
            pos,
        }),
    }
}

/// Text from a shop file made safe to print on a terminal: control
/// characters and noncharacters are shown as `\u{1b}` escapes, so text
/// written by an older quay (or by hand) cannot move the cursor, clear the
/// screen or change the window title. Line breaks are kept.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| is_forbidden(c) && c != '\n') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_forbidden(c) && c != '\n' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The UTF-8 byte order mark. Excel on Windows reads a CSV file as UTF-8
/// only when it starts with this; without it Vietnamese shows as mojibake.
pub const UTF8_BOM: &str = "\u{feff}";

/// A CSV document as it is written out: the BOM first when `bom` is true
/// (the default of every CSV export; `--no-bom` for scripts).
pub fn csv_document(body: &str, bom: bool) -> String {
    if bom {
        format!("{UTF8_BOM}{body}")
    } else {
        body.to_string()
    }
}

/// A CSV cell that a spreadsheet will not run as a formula: a cell starting
/// with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`,
/// unless it is a plain number (`-5000`, `+84`, `-0,5`).
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = matches!(cell.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    if !risky || is_plain_number(cell) {
        return std::borrow::Cow::Borrowed(cell);
    }
    std::borrow::Cow::Owned(format!("'{cell}"))
}

fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut digits = 0;
    let mut seps = 0;
    for c in body.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' | ',' => seps += 1,
            _ => return false,
        }
    }
    digits > 0 && seps <= 1 && body.starts_with(|c: char| c.is_ascii_digit())
}

/// One cell of a spreadsheet: text stays text, numbers are numbers a
/// spreadsheet can add up (money in whole đồng, counts, shares as ratios).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A count or code-like whole number, shown as is.
    Int(i64),
    /// Whole đồng, shown with thousands separators.
    Money(i64),
    /// Quantity in thousandths (1.5 kg = 1500), shown with up to 3 decimals.
    Milli(i64),
    /// A share 0..1, shown as a percentage.
    Ratio(f64),
    Empty,
}

/// A table for a spreadsheet: one sheet with a bold header row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The sheet's tab name (at most 31 characters; `[]:*?/\` are replaced).
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The CSV body of `sheet` (header then rows; text cells guarded with
/// [`csv_safe`], numbers as plain digits), for [`csv_document`]: one table,
/// two files (CSV and .xlsx) that cannot disagree.
pub fn sheet_csv(sheet: &Sheet) -> String {
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let quoted: Vec<String> = cells
            .into_iter()
            .map(|c| {
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    };
    line(sheet.header.iter().map(|h| csv_safe(h).into_owned()).collect());
    for row in &sheet.rows {
        line(
            row.iter()
                .map(|c| match c {
                    Cell::Text(t) => csv_safe(t).into_owned(),
                    Cell::Int(v) | Cell::Money(v) => v.to_string(),
                    Cell::Milli(v) => {
                        let sign = if *v < 0 { "-" } else { "" };
                        let a = v.unsigned_abs();
                        let frac = a % 1000;
                        if frac == 0 {
                            format!("{sign}{}", a / 1000)
                        } else {
                            format!("{sign}{}.{}", a / 1000, format!("{frac:03}").trim_end_matches('0'))
                        }
                    }
                    Cell::Ratio(r) => format!("{r}"),
                    Cell::Empty => String::new(),
                })
                .collect(),
        );
    }
    out
}

/// The bytes of an .xlsx workbook holding `sheet` (the spreadsheet twin of
/// [`csv_document`]). Amounts go in as numbers with a number format, so
/// Excel and LibreOffice sum them; text needs no BOM or formula guard
/// (cells are written as strings, never as formulas).
pub fn xlsx_document(sheet: &Sheet) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let name: String = sheet
        .name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect();
    if !name.trim().is_empty() {
        ws.set_name(name).map_err(e)?;
    }
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    let milli = Format::new().set_num_format("#,##0.###");
    let ratio = Format::new().set_num_format("0.0%");
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, col(c)?, h, &bold).map_err(e)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| "too many rows".to_string())?;
        for (c, cell) in row.iter().enumerate() {
            let c = col(c)?;
            match cell {
                Cell::Text(t) => ws.write_string(r, c, t).map(|_| ()),
                // Exact below 2^53 (about 9 * 10^15 đồng).
                Cell::Int(n) => ws.write_number(r, c, *n as f64).map(|_| ()),
                Cell::Money(n) => ws.write_number_with_format(r, c, *n as f64, &money).map(|_| ()),
                Cell::Milli(n) => ws
                    .write_number_with_format(r, c, *n as f64 / 1000.0, &milli)
                    .map(|_| ()),
                Cell::Ratio(x) => ws.write_number_with_format(r, c, *x, &ratio).map(|_| ()),
                Cell::Empty => Ok(()),
            }
            .map_err(e)?;
        }
    }
    if !sheet.header.is_empty() {
        ws.set_freeze_panes(1, 0).map_err(e)?;
    }
    ws.autofit();
    book.save_to_buffer().map_err(e)
}

fn col(c: usize) -> Result<u16, String> {
    u16::try_from(c).map_err(|_| "too many columns".to_string())
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
    #[test]
    fn control_characters_and_noncharacters_are_found_with_their_position() {
        assert_eq!(first_forbidden("Cà phê", false), None);
        assert_eq!(first_forbidden("ab\u{1b}]0;x\u{7}", false), Some((3, "U+001B".into())));
        assert_eq!(first_forbidden("a\u{7f}", false), Some((2, "U+007F".into())));
        assert_eq!(first_forbidden("a\u{85}", false), Some((2, "U+0085".into())));
        assert_eq!(first_forbidden("x\u{fffe}", false), Some((2, "U+FFFE".into())));
        assert_eq!(first_forbidden("\u{ffff}", false), Some((1, "U+FFFF".into())));
        assert_eq!(first_forbidden("\u{fdd0}", false), Some((1, "U+FDD0".into())));
        assert_eq!(first_forbidden("\u{1fffe}", false), Some((1, "U+1FFFE".into())));
        assert_eq!(first_forbidden("a\tb", false), Some((2, "U+0009".into())));
        assert_eq!(first_forbidden("line 1\nline 2", true), None);
        assert_eq!(first_forbidden("line 1\nline 2", false), Some((7, "U+000A".into())));
        let m = check_clean("name", "x\u{1b}[2J").unwrap_err().msg();
        assert!(m.en.contains("name") && m.en.contains("U+001B") && m.en.contains("position 2"));
    }

    #[test]
    fn terminal_output_escapes_what_could_drive_the_terminal() {
        assert_eq!(terminal_safe("Tạp hóa Lan"), "Tạp hóa Lan");
        assert_eq!(terminal_safe("x\u{1b}]0;pwned\u{7}"), "x\\u{1b}]0;pwned\\u{7}");
        assert_eq!(terminal_safe("a\u{9b}2J"), "a\\u{9b}2J");
    }

    #[test]
    fn a_csv_document_starts_with_the_bom_unless_asked_not_to() {
        assert_eq!(csv_document("a,b\n", true).as_bytes()[..3], [0xEF, 0xBB, 0xBF]);
        assert_eq!(csv_document("a,b\n", false), "a,b\n");
    }

    #[test]
    fn csv_cells_that_would_be_formulas_are_neutralised() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("+cmd"), "'+cmd");
        assert_eq!(csv_safe("-2+3"), "'-2+3");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("\tx"), "'\tx");
        assert_eq!(csv_safe("\rx"), "'\rx");
        assert_eq!(csv_safe("-5000"), "-5000");
        assert_eq!(csv_safe("+84"), "+84");
        assert_eq!(csv_safe("-0,5"), "-0,5");
        assert_eq!(csv_safe("Cà phê"), "Cà phê");
        assert_eq!(csv_safe(""), "");
        assert_eq!(csv_safe("-"), "'-");
    }

    #[test]
    fn an_xlsx_document_is_a_zip_workbook_with_the_sheet() {
        let sheet = Sheet {
            name: "Hàng hóa".into(),
            header: vec!["Tên".into(), "Giá".into()],
            rows: vec![vec![Cell::Text("Mứt bưởi".into()), Cell::Money(45_000)]],
        };
        let bytes = xlsx_document(&sheet).unwrap_or_default();
        assert_eq!(&bytes[..2], b"PK");
    }
}
