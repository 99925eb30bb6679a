//! The ward bundle: one shop's aggregates for one period, as JSON with a
//! versioned schema and a SHA-256 over its canonical content (documented in
//! `docs/ward-bundle.md`). Aggregates only: no buyer, no line, no person.

use sha2::{Digest, Sha256};

use super::cashless::{self, Bucket, Grouping};
use crate::catalog::gtin;
use crate::i18n::Msg;
use crate::msg;
use crate::store::{Store, StoreError};

pub const SCHEMA: &str = "quay.ward-bundle";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ShopId {
    pub shop_id: String,
    pub name: String,
    pub ward: String,
    /// Only when the shop agreed to share it (`--share-tax-code`).
    pub tax_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Period {
    pub label: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Barcodes {
    pub active_products: i64,
    /// Active products with at least one valid GTIN.
    pub with_gtin: i64,
    /// … of which a Vietnamese GS1 number (893).
    pub with_vn_gtin: i64,
    pub share: f64,
    pub share_vn: f64,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ocop {
    pub lines_sold: i64,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Bundle {
    pub schema: String,
    pub schema_version: u32,
    pub software: String,
    pub generated_at: String,
    pub shop: ShopId,
    pub period: Period,
    pub sales: Bucket,
    pub barcodes: Barcodes,
    pub ocop: Ocop,
    /// The latest maturity assessment (level, score, pillars, date) when one exists.
    pub maturity: Option<serde_json::Value>,
    pub checksum: String,
}

/// Barcode coverage of the active catalogue.
pub fn barcodes(products: &[crate::catalog::Product]) -> Barcodes {
    let active: Vec<_> = products.iter().filter(|p| p.active).collect();
    let with = active
        .iter()
        .filter(|p| p.barcodes.iter().any(|b| gtin::validate(b).is_ok()))
        .count() as i64;
    let vn = active
        .iter()
        .filter(|p| p.barcodes.iter().any(|b| gtin::is_vietnamese(b)))
        .count() as i64;
    let n = active.len() as i64;
    let share = |x: i64| if n > 0 { x as f64 / n as f64 } else { 0.0 };
    Barcodes {
        active_products: n,
        with_gtin: with,
        with_vn_gtin: vn,
        share: share(with),
        share_vn: share(vn),
    }
}

use crate::assess::record::ShopIdentity;

/// Build a shop's bundle for a period.
pub fn build(store: &Store, label: &str, from: &str, to: &str, share_tax_code: bool) -> Result<Bundle, StoreError> {
    let profile = store
        .profile()?
        .ok_or_else(|| StoreError::Refused(msg!("chưa có hồ sơ cửa hàng", "no shop profile yet")))?;
    let mut rows = cashless::cashless(store, from, to, Grouping::Range)?;
    let mut sales = rows.pop().unwrap_or_default();
    sales.period = label.to_string();
    let (lines_sold, value) = store.ocop_sold(from, to)?;
    let mut b = Bundle {
        schema: SCHEMA.into(),
        schema_version: VERSION,
        software: format!("quay {}", env!("CARGO_PKG_VERSION")),
        generated_at: crate::time::now_vn_rfc3339(),
        shop: ShopId {
            shop_id: profile.shop_id.clone(),
            name: profile.name.clone(),
            ward: profile.ward.clone(),
            tax_code: if share_tax_code { profile.tax_code.clone() } else { None },
        },
        period: Period {
            label: label.into(),
            from: from.into(),
            to: to.into(),
        },
        sales,
        barcodes: barcodes(&store.all_products()?),
        ocop: Ocop { lines_sold, value },
        // The latest finished assessment of this shop in this file, if any.
        maturity: store
            .latest_assessment_of(&ShopIdentity::of_profile(&profile).key())?
            .map(|a| {
                serde_json::json!({
                    "level": a.level,
                    "score": a.score.map(|s| (s * 10.0).round() / 10.0),
                    "questionnaire": a.questionnaire,
                    "assessed_at": a.finished_at,
                })
            }),
        checksum: String::new(),
    };
    b.checksum = checksum(&b);
    Ok(b)
}

/// SHA-256 of the canonical JSON (keys sorted, no whitespace) of the
/// bundle without its `checksum` field.
pub fn checksum(b: &Bundle) -> String {
    let mut v = serde_json::to_value(b).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.remove("checksum");
    }
    canonical_sha(&v)
}

fn canonical_sha(v: &serde_json::Value) -> String {
    // serde_json's map keeps keys sorted (no preserve_order feature)
    let text = serde_json::to_string(v).unwrap_or_default();
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Why a bundle file was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum BundleError {
    Unreadable(String),
    NotJson(String),
    NotABundle,
    Newer(u32),
    Checksum,
}

impl BundleError {
    pub fn msg(&self, file: &str) -> Msg {
        match self {
            BundleError::Unreadable(e) => msg!("{file}: không đọc được ({e})", "{file}: cannot be read ({e})"),
            BundleError::NotJson(e) => msg!("{file}: không phải JSON hợp lệ ({e})", "{file}: not valid JSON ({e})"),
            BundleError::NotABundle => msg!(
                "{file}: không phải gói báo cáo phường của quay",
                "{file}: not a quay ward bundle"
            ),
            BundleError::Newer(v) => msg!(
                "{file}: lược đồ phiên bản {v}, bản quay này chỉ đọc đến {VERSION}: hãy cập nhật quay",
                "{file}: schema version {v}, this quay reads up to {VERSION}: update quay"
            ),
            BundleError::Checksum => msg!(
                "{file}: mã kiểm tra SHA-256 không khớp: tệp đã bị sửa sau khi xuất",
                "{file}: the SHA-256 checksum does not match: the file was changed after export"
            ),
        }
    }
}

/// Read and check a bundle: schema, version, checksum.
pub fn parse(text: &str) -> Result<Bundle, BundleError> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| BundleError::NotJson(e.to_string()))?;
    if v.get("schema").and_then(|s| s.as_str()) != Some(SCHEMA) {
        return Err(BundleError::NotABundle);
    }
    let version = v.get("schema_version").and_then(|x| x.as_u64()).unwrap_or(0) as u32;
    if version > VERSION {
        return Err(BundleError::Newer(version));
    }
    let declared = v.get("checksum").and_then(|c| c.as_str()).unwrap_or("").to_string();
    let mut body = v.clone();
    if let Some(o) = body.as_object_mut() {
        o.remove("checksum");
    }
    if canonical_sha(&body) != declared {
        return Err(BundleError::Checksum);
    }
    serde_json::from_value(v).map_err(|_| BundleError::NotABundle)
}

/// The bundle as a two-line CSV (header and values) for spreadsheets.
pub fn csv(b: &Bundle) -> String {
    let head = [
        "shop_id",
        "name",
        "ward",
        "tax_code",
        "period",
        "from",
        "to",
        "sales",
        "value",
        "cashless_sales",
        "cashless_value",
        "cashless_share_count",
        "cashless_share_value",
        "invoiced_sales",
        "invoiced_value",
        "invoice_coverage_count",
        "invoice_coverage_value",
        "active_products",
        "with_gtin",
        "with_vn_gtin",
        "barcode_share",
        "barcode_share_vn",
        "ocop_lines",
        "ocop_value",
        "maturity_level",
        "checksum",
    ];
    let level = b
        .maturity
        .as_ref()
        .and_then(|m| m.get("level"))
        .map(|l| l.to_string())
        .unwrap_or_default();
    let vals = [
        b.shop.shop_id.clone(),
        b.shop.name.clone(),
        b.shop.ward.clone(),
        b.shop.tax_code.clone().unwrap_or_default(),
        b.period.label.clone(),
        b.period.from.clone(),
        b.period.to.clone(),
        b.sales.sales.to_string(),
        b.sales.value.to_string(),
        b.sales.cashless_sales.to_string(),
        b.sales.cashless_value.to_string(),
        b.sales.cashless_share_count.to_string(),
        b.sales.cashless_share_value.to_string(),
        b.sales.invoiced_sales.to_string(),
        b.sales.invoiced_value.to_string(),
        b.sales.invoice_coverage_count.to_string(),
        b.sales.invoice_coverage_value.to_string(),
        b.barcodes.active_products.to_string(),
        b.barcodes.with_gtin.to_string(),
        b.barcodes.with_vn_gtin.to_string(),
        b.barcodes.share.to_string(),
        b.barcodes.share_vn.to_string(),
        b.ocop.lines_sold.to_string(),
        b.ocop.value.to_string(),
        level,
        b.checksum.clone(),
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(head);
    let _ = w.write_record(vals);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
