//! The NAPAS bank directory (BINs usable as VietQR acquirer ids), bundled
//! from `data/vietqr-banks.json`.

use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Bank {
    pub bin: String,
    pub code: Option<String>,
    pub short_name: Option<String>,
    pub name: String,
    /// `transfer_and_receive`, `receive_only`, `listed_by_vietqr_io`, `not_listed`.
    pub vietqr: String,
}

#[derive(serde::Deserialize)]
struct Directory {
    banks: Vec<Bank>,
}

static BANKS: OnceLock<Vec<Bank>> = OnceLock::new();

/// Every bank in the bundled directory.
pub fn all() -> &'static [Bank] {
    BANKS.get_or_init(|| {
        // The file is part of the binary and checked by a test; an empty
        // directory (never expected) still lets a shop type any BIN.
        serde_json::from_str::<Directory>(include_str!("../../data/vietqr-banks.json"))
            .map(|d| d.banks)
            .unwrap_or_default()
    })
}

fn rank(b: &Bank) -> u8 {
    match b.vietqr.as_str() {
        "transfer_and_receive" => 0,
        "receive_only" => 1,
        "listed_by_vietqr_io" => 2,
        _ => 3,
    }
}

/// The bank with this BIN.
pub fn by_bin(bin: &str) -> Option<&'static Bank> {
    all().iter().find(|b| b.bin == bin)
}

/// Find a bank by code (`VCB`), short name (`Vietcombank`) or BIN, ignoring
/// case, spaces and diacritics. Where two entries share a code, the one
/// VietQR supports best wins.
pub fn find(query: &str) -> Option<&'static Bank> {
    let q = query.trim();
    if q.len() == 6 && q.bytes().all(|b| b.is_ascii_digit()) {
        return by_bin(q);
    }
    let key = squash(q);
    if key.is_empty() {
        return None;
    }
    let matches = |field: &Option<String>| field.as_deref().is_some_and(|f| squash(f) == key);
    all()
        .iter()
        .filter(|b| matches(&b.code))
        .min_by_key(|b| rank(b))
        .or_else(|| all().iter().filter(|b| matches(&b.short_name)).min_by_key(|b| rank(b)))
}

fn squash(s: &str) -> String {
    crate::text::fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_directory_loads() {
        assert!(all().len() > 50);
        assert!(
            all()
                .iter()
                .all(|b| b.bin.len() == 6 && b.bin.bytes().all(|c| c.is_ascii_digit()))
        );
    }

    #[test]
    fn finds_banks_by_code_name_or_bin() {
        assert_eq!(find("VCB").map(|b| b.bin.as_str()), Some("970436"));
        assert_eq!(find("vcb").map(|b| b.bin.as_str()), Some("970436"));
        assert_eq!(find("Vietcombank").map(|b| b.bin.as_str()), Some("970436"));
        assert_eq!(find("970436").and_then(|b| b.code.as_deref()), Some("VCB"));
        assert_eq!(find("999999"), None);
        assert_eq!(find("NOPE"), None);
        assert_eq!(find(""), None);
    }
}
