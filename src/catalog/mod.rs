//! The product catalogue: products, units, VAT rates, barcodes, CSV import
//! and diacritic-insensitive search. Pure logic; `store` persists it.

pub mod gtin;
pub mod import;
pub mod search;
pub mod sources;
pub mod stock;
pub mod vat_table;

use crate::i18n::Msg;
use crate::money::Vnd;
use crate::msg;
use crate::text;

/// The VAT rate a product is sold at (prices include it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum VatRate {
    #[serde(rename = "0")]
    Zero,
    #[serde(rename = "5")]
    Five,
    #[serde(rename = "8")]
    Eight,
    #[serde(rename = "10")]
    Ten,
    /// Không chịu thuế: not subject to VAT.
    #[serde(rename = "KCT")]
    Kct,
}

impl VatRate {
    pub const ALL: [VatRate; 5] = [VatRate::Zero, VatRate::Five, VatRate::Eight, VatRate::Ten, VatRate::Kct];

    /// Accepts `0`, `5`, `8`, `10` (optionally with `%`) and `KCT`.
    pub fn parse(s: &str) -> Option<VatRate> {
        let t = s.trim().trim_end_matches('%').trim();
        match t.to_ascii_uppercase().as_str() {
            "0" => Some(VatRate::Zero),
            "5" => Some(VatRate::Five),
            "8" => Some(VatRate::Eight),
            "10" => Some(VatRate::Ten),
            "KCT" => Some(VatRate::Kct),
            _ => None,
        }
    }

    /// The code stored in the shop file and written in files.
    pub fn code(self) -> &'static str {
        match self {
            VatRate::Zero => "0",
            VatRate::Five => "5",
            VatRate::Eight => "8",
            VatRate::Ten => "10",
            VatRate::Kct => "KCT",
        }
    }

    /// Percentage, `None` for not subject.
    pub fn percent(self) -> Option<i64> {
        match self {
            VatRate::Zero => Some(0),
            VatRate::Five => Some(5),
            VatRate::Eight => Some(8),
            VatRate::Ten => Some(10),
            VatRate::Kct => None,
        }
    }
}

/// A product as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub barcodes: Vec<String>,
    pub name: String,
    pub unit: String,
    pub price: Vnd,
    #[serde(rename = "vat_rate")]
    pub vat: VatRate,
    pub tags: Vec<String>,
    pub active: bool,
    /// Stock on hand in thousandths of the unit.
    pub stock_milli: i64,
    /// Sold by weight or measure (kg, l, m…): only these take fractional
    /// quantities such as `0,35*`.
    #[serde(default)]
    pub by_measure: bool,
}

/// What is needed to create or replace a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub sku: String,
    pub barcodes: Vec<String>,
    pub name: String,
    pub unit: String,
    pub price: Vnd,
    pub vat: VatRate,
    pub tags: Vec<String>,
    /// Sold by weight or measure; `None` = by the unit (see [`by_measure_unit`]).
    pub by_measure: Option<bool>,
}

/// Units whose goods are sold by weight or measure unless said otherwise.
pub const MEASURE_UNITS: [&str; 9] = ["kg", "g", "l", "ml", "m", "lít", "lit", "mét", "gam"];

/// Whether goods in this unit are sold by weight or measure by default.
pub fn by_measure_unit(unit: &str) -> bool {
    let u = unit.trim().to_lowercase();
    MEASURE_UNITS.contains(&u.as_str())
}

/// A yes/no cell or flag: `1`, `yes`, `có`, `true` / `0`, `no`, `không`,
/// `false`; empty is `None`.
pub fn parse_yes_no(s: &str) -> Result<Option<bool>, Msg> {
    match crate::text::fold(s).trim() {
        "" => Ok(None),
        "1" | "yes" | "y" | "co" | "true" | "x" => Ok(Some(true)),
        "0" | "no" | "n" | "khong" | "false" => Ok(Some(false)),
        _ => Err(msg!("'{s}': cần có hoặc không", "'{s}': expected yes or no")),
    }
}

impl NewProduct {
    /// Sold by weight or measure: as given, else by the unit.
    pub fn sold_by_measure(&self) -> bool {
        self.by_measure.unwrap_or_else(|| by_measure_unit(&self.unit))
    }
}

/// Longest product name: the e-invoice item name (`THHDVu`) allows 500.
pub const MAX_NAME_CHARS: usize = 500;
/// Longest unit: `DVTinh` allows 50.
pub const MAX_UNIT_CHARS: usize = 50;
/// Longest SKU: `MHHDVu` allows 50.
pub const MAX_SKU_CHARS: usize = 50;
/// Highest shelf price accepted (one tỷ đồng): beyond that it is a typo.
pub const MAX_PRICE: Vnd = Vnd(1_000_000_000);

/// A field that failed validation, with a message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub msg: Msg,
}

impl NewProduct {
    /// Normalise (trim, NFC, upper-case SKU, lower-case tags) and validate
    /// every field; reports the first problem.
    pub fn normalized(mut self) -> Result<NewProduct, FieldError> {
        self.sku = self.sku.trim().to_string();
        self.name = text::nfc(self.name.trim());
        self.unit = text::nfc(self.unit.trim());
        self.tags = self
            .tags
            .iter()
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        self.tags.dedup();
        self.barcodes = self
            .barcodes
            .iter()
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .collect();
        let err = |field: &'static str, msg: Msg| Err(FieldError { field, msg });
        let sku = &self.sku;
        if sku.is_empty() {
            return err("sku", msg!("mã hàng (SKU) bị trống", "SKU is empty"));
        }
        if sku.chars().count() > MAX_SKU_CHARS || !sku.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            return err(
                "sku",
                msg!(
                    "mã hàng '{sku}' chỉ được gồm chữ không dấu, chữ số và - _ . / (tối đa 50 ký tự)",
                    "SKU '{sku}' may hold only ASCII letters, digits and - _ . / (at most 50)"
                ),
            );
        }
        if self.name.is_empty() {
            return err("name", msg!("tên hàng bị trống", "name is empty"));
        }
        let n = self.name.chars().count();
        if n > MAX_NAME_CHARS {
            return err(
                "name",
                msg!(
                    "tên hàng dài {n} ký tự: tối đa 500 (giới hạn của hóa đơn điện tử)",
                    "name is {n} characters long: at most 500 (the e-invoice limit)"
                ),
            );
        }
        for (field, value) in [("sku", &self.sku), ("name", &self.name), ("unit", &self.unit)] {
            if let Err(m) = text::check_clean(field, value) {
                return err(field, m.msg());
            }
        }
        for tag in &self.tags {
            if let Err(m) = text::check_clean("tags", tag) {
                return err("tags", m.msg());
            }
        }
        if self.unit.is_empty() {
            return err(
                "unit",
                msg!(
                    "đơn vị tính bị trống (ví dụ: cái, kg, chai)",
                    "unit is empty (e.g. cái, kg, chai)"
                ),
            );
        }
        if self.unit.chars().count() > MAX_UNIT_CHARS {
            return err(
                "unit",
                msg!("đơn vị tính dài quá 50 ký tự", "unit is longer than 50 characters"),
            );
        }
        let price = self.price;
        if price < Vnd::ZERO || price > MAX_PRICE {
            return err(
                "price",
                msg!(
                    "giá {price} nằm ngoài khoảng 0 đến 1.000.000.000 ₫",
                    "price {price} is outside 0 to 1.000.000.000 ₫"
                ),
            );
        }
        for (i, code) in self.barcodes.iter().enumerate() {
            if let Err(e) = gtin::validate(code) {
                return err("barcode", e.msg());
            }
            if self.barcodes[..i].contains(code) {
                return err(
                    "barcode",
                    msg!("mã vạch '{code}' bị lặp", "barcode '{code}' is given twice"),
                );
            }
        }
        for tag in &self.tags {
            if tag.contains(char::is_whitespace) || tag.contains(';') {
                return err(
                    "tags",
                    msg!(
                        "nhãn '{tag}' không được chứa dấu cách hay dấu ;",
                        "tag '{tag}' may not contain spaces or ';'"
                    ),
                );
            }
        }
        Ok(self)
    }
}

/// Quantity in thousandths, shown the Vietnamese way: `1`, `0,35`, `2,5`.
pub fn format_qty(qty_milli: i64) -> String {
    let sign = if qty_milli < 0 { "-" } else { "" };
    let abs = qty_milli.unsigned_abs();
    let whole = abs / 1000;
    let frac = abs % 1000;
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let f = format!("{frac:03}");
        format!("{sign}{whole},{}", f.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> NewProduct {
        NewProduct {
            sku: " CAFE-SUA ".into(),
            barcodes: vec!["8936000001025".into()],
            name: " Cà phê sữa đá lon ".into(),
            unit: "lon".into(),
            price: Vnd(15_000),
            vat: VatRate::Eight,
            tags: vec!["OCOP".into(), "".into()],
            by_measure: None,
        }
    }

    #[test]
    fn normalises_fields() {
        let p = sample().normalized().unwrap();
        assert_eq!(p.sku, "CAFE-SUA");
        assert_eq!(p.name, "Cà phê sữa đá lon");
        assert_eq!(p.tags, vec!["ocop"]);
    }

    #[test]
    fn refuses_each_bad_field_naming_it() {
        type Change = Box<dyn Fn(&mut NewProduct)>;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|p| p.sku = "".into()), "sku"),
            (Box::new(|p| p.sku = "CÀ PHÊ".into()), "sku"),
            (Box::new(|p| p.name = "  ".into()), "name"),
            (Box::new(|p| p.name = "x".repeat(501)), "name"),
            (Box::new(|p| p.unit = "".into()), "unit"),
            (Box::new(|p| p.price = Vnd(-1)), "price"),
            (Box::new(|p| p.barcodes = vec!["8936000001026".into()]), "barcode"),
            (
                Box::new(|p| p.barcodes = vec!["8936000001025".into(), "8936000001025".into()]),
                "barcode",
            ),
            (Box::new(|p| p.tags = vec!["a b".into()]), "tags"),
        ];
        for (change, field) in cases {
            let mut p = sample();
            change(&mut p);
            let e = p.normalized().unwrap_err();
            assert_eq!(e.field, field, "{}", e.msg.en);
        }
    }

    #[test]
    fn a_500_character_name_is_allowed() {
        let mut p = sample();
        p.name = "ă".repeat(500);
        assert!(p.normalized().is_ok());
    }

    #[test]
    fn vat_rates_parse_and_print() {
        for r in VatRate::ALL {
            assert_eq!(VatRate::parse(r.code()), Some(r));
        }
        assert_eq!(VatRate::parse("8%"), Some(VatRate::Eight));
        assert_eq!(VatRate::parse("kct"), Some(VatRate::Kct));
        assert_eq!(VatRate::parse("7"), None);
    }

    #[test]
    fn quantities_format_with_decimal_comma() {
        assert_eq!(format_qty(1000), "1");
        assert_eq!(format_qty(350), "0,35");
        assert_eq!(format_qty(2500), "2,5");
        assert_eq!(format_qty(1), "0,001");
        assert_eq!(format_qty(-1500), "-1,5");
    }
}
