//! Catalogue files as other software writes them, turned into the UTF-8
//! CSV that `import::parse_csv` reads: CSVs in Windows-1258 (detected, or
//! named with `--encoding`) and `.xlsx` workbooks (KiotViet, Sapo). Pure:
//! bytes in, bytes out.

use std::borrow::Cow;

use crate::i18n::Msg;
use crate::msg;

/// How a CSV file's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (with or without a BOM) unless the bytes are not UTF-8 and
    /// look like Vietnamese in Windows-1258.
    #[default]
    Auto,
    Utf8,
    Windows1258,
}

impl Encoding {
    pub fn parse(s: &str) -> Result<Encoding, Msg> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "windows-1258" | "cp1258" | "1258" => Ok(Encoding::Windows1258),
            _ => Err(msg!(
                "--encoding '{s}': cần auto, utf-8 hoặc windows-1258",
                "--encoding '{s}': expected auto, utf-8 or windows-1258"
            )),
        }
    }
}

/// Windows-1258's combining tone marks (grave, acute, tilde, hook, dot below).
const TONE_BYTES: [u8; 5] = [0xCC, 0xEC, 0xDE, 0xD2, 0xF2];

/// Whether bytes that are not UTF-8 read as Vietnamese in Windows-1258:
/// they hold its tone-mark bytes. (A stray Latin-1 byte does not, and is
/// then reported as not UTF-8, naming its line.)
fn looks_like_cp1258(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_err() && bytes.iter().filter(|b| TONE_BYTES.contains(b)).count() >= 2
}

/// The file as UTF-8 bytes and the encoding read. Windows-1258 writes tone
/// marks as separate combining characters: the text is normalised to NFC.
pub fn decode(bytes: &[u8], enc: Encoding) -> (Cow<'_, [u8]>, &'static str) {
    let cp1258 = match enc {
        Encoding::Utf8 => false,
        Encoding::Windows1258 => true,
        Encoding::Auto => looks_like_cp1258(bytes),
    };
    if !cp1258 {
        return (Cow::Borrowed(bytes), "utf-8");
    }
    let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    (Cow::Owned(crate::text::nfc(&text).into_bytes()), "windows-1258")
}

/// Whether the bytes are a zip archive (an .xlsx workbook).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The first worksheet of an .xlsx workbook as CSV (row N of the sheet is
/// line N of the CSV, so errors name the spreadsheet's row). Whole numbers
/// are written without decimals; text is NFC.
pub fn xlsx_to_csv(bytes: &[u8]) -> Result<Vec<u8>, Msg> {
    use calamine::{Data, Reader, Xlsx};
    let bad = |e: String| {
        msg!(
            "không đọc được tệp .xlsx ({e}): hãy lưu lại bằng Excel, hoặc xuất ra CSV UTF-8",
            "cannot read the .xlsx file ({e}): save it again with Excel, or export it as CSV UTF-8"
        )
    };
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad("no worksheet".into()))?
        .map_err(|e| bad(e.to_string()))?;
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    // Rows above the first used one are empty lines, so line numbers match.
    let (first_row, _) = range.start().unwrap_or((0, 0));
    for _ in 0..first_row {
        w.write_record([""]).map_err(|e| bad(e.to_string()))?;
    }
    for row in range.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => crate::text::nfc(s),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => format!("{f}"),
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                other => other.to_string(),
            })
            .collect();
        w.write_record(&cells).map_err(|e| bad(e.to_string()))?;
    }
    w.into_inner().map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1258_is_detected_and_normalised() {
        // "Cà phê" in Windows-1258: a + combining grave (0xCC), ê = 0xEA.
        let bytes = b"sku,name\nA,Ca\xcc ph\xea\n";
        let (_, enc) = decode(bytes, Encoding::Auto);
        assert_eq!(enc, "utf-8", "one tone byte alone is not enough");
        let bytes = b"sku,name\nA,Ca\xcc ph\xea s\xfd\xdea \xf0a\xec\n";
        let (out2, enc) = decode(bytes, Encoding::Auto);
        assert_eq!(enc, "windows-1258");
        assert_eq!(std::str::from_utf8(&out2).unwrap(), "sku,name\nA,Cà phê sữa đá\n");
        let (forced, _) = decode(b"A,Ca\xcc\n", Encoding::Windows1258);
        assert_eq!(std::str::from_utf8(&forced).unwrap(), "A,Cà\n");
        assert!(Encoding::parse("latin1").is_err());
    }
}
