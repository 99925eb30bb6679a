//! The ward bundle: one shop's aggregates for one period, as JSON with a
//! versioned schema, a SHA-256 over its canonical content and an Ed25519
//! signature by the shop's own key (documented in `docs/ward-bundle.md`).
//! Aggregates only: no buyer, no line, no person.
//!
//! The checksummed and signed content holds integers, strings and booleans
//! only: shares are computed by readers from the counts, so a bundle reads
//! back exactly as it was written, whatever the JSON parser.

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::cashless::{self, Grouping, MethodFigure};
use crate::assess::record::ShopIdentity;
use crate::catalog::gtin;
use crate::i18n::Msg;
use crate::store::{Store, StoreError};
use crate::{msg, msg_key};

pub const SCHEMA: &str = "quay.ward-bundle";
pub const VERSION: u32 = 2;
pub const ENROLMENT_SCHEMA: &str = "quay.ward-enrolment";

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

/// A shop's sales figures for the period: counts and whole đồng only.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sales {
    pub sales: i64,
    pub value: i64,
    pub cashless_sales: i64,
    pub cashless_value: i64,
    /// Sales whose e-invoice was sent to or accepted by the tax authority.
    pub invoiced_sales: i64,
    pub invoiced_value: i64,
    /// Sales whose e-invoice is issued but not sent yet.
    pub invoice_unsent_sales: i64,
    pub reversed_sales: i64,
    pub by_method: Vec<MethodFigure>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Barcodes {
    pub active_products: i64,
    /// Active products with at least one valid GTIN.
    pub with_gtin: i64,
    /// … of which a Vietnamese GS1 number (893).
    pub with_vn_gtin: i64,
    /// `with_gtin / active_products`, computed by readers: never in the file.
    #[serde(skip)]
    pub share: f64,
    /// `with_vn_gtin / active_products`, computed by readers: never in the file.
    #[serde(skip)]
    pub share_vn: f64,
}

impl Barcodes {
    /// Fill in the shares from the counts.
    pub fn with_shares(mut self) -> Barcodes {
        let n = self.active_products;
        let share = |x: i64| if n > 0 { x as f64 / n as f64 } else { 0.0 };
        self.share = share(self.with_gtin);
        self.share_vn = share(self.with_vn_gtin);
        self
    }
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ocop {
    pub lines_sold: i64,
    pub value: i64,
}

/// The latest finished maturity assessment on or before the period's end.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Maturity {
    pub level: i64,
    /// Score × 10, rounded (integers only in the signed content).
    pub score_x10: Option<i64>,
    /// `id@version` of the questionnaire: levels of two questionnaires are
    /// never added up.
    pub questionnaire: String,
    pub assessed_at: String,
    /// Too much unknown or unanswered in the assessment to be sure of the level.
    #[serde(default)]
    pub provisional: bool,
}

/// The head of the shop's audit chain when the bundle was made.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// The shop's Ed25519 signature over the canonical content.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Signature {
    /// 64 hex digits.
    pub public_key: String,
    /// 128 hex digits.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Bundle {
    pub schema: String,
    pub schema_version: u32,
    pub software: String,
    pub generated_at: String,
    /// 1 for the first export of the period, then 2, 3 … for re-exports.
    pub revision: i64,
    /// Exported before the period ended: figures may still change.
    pub provisional: bool,
    pub shop: ShopId,
    pub period: Period,
    pub sales: Sales,
    pub barcodes: Barcodes,
    pub ocop: Ocop,
    pub maturity: Option<Maturity>,
    pub audit_head: AuditHead,
    pub checksum: String,
    pub signature: Option<Signature>,
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
    Barcodes {
        active_products: active.len() as i64,
        with_gtin: with,
        with_vn_gtin: vn,
        ..Default::default()
    }
    .with_shares()
}

/// The shop's maturity for a period ending `period_end` (`YYYY-MM-DD`):
/// the latest finished assessment on or before that day whose consent is
/// not "no", rescored from its answers ([`crate::maturity::for_ward`]).
pub fn maturity(store: &Store, shop_key: &str, period_end: &str) -> Result<Option<Maturity>, StoreError> {
    let Ok(end) = chrono::NaiveDate::parse_from_str(period_end, "%Y-%m-%d") else {
        return Ok(None);
    };
    Ok(crate::maturity::for_ward(store, shop_key, end)?.map(|m| Maturity {
        level: m.level as i64,
        score_x10: Some((m.score * 10.0).round() as i64),
        questionnaire: m.questionnaire,
        assessed_at: m.assessed_at.unwrap_or_default(),
        provisional: m.provisional,
    }))
}

/// The shop's signing key, made on first use (`quay init` makes it).
/// The seed is 32 bytes from the OS random source (via two v4 UUIDs,
/// hashed), kept in the shop file and never exported.
pub fn signing_key(store: &Store) -> Result<SigningKey, StoreError> {
    if let Some(k) = store.ward_key()?
        && let Ok(seed) = <[u8; 32]>::try_from(k.as_slice())
    {
        return Ok(SigningKey::from_bytes(&seed));
    }
    let mut h = Sha256::new();
    h.update(uuid::Uuid::new_v4().as_bytes());
    h.update(uuid::Uuid::new_v4().as_bytes());
    let seed: [u8; 32] = h.finalize().into();
    let key = SigningKey::from_bytes(&seed);
    let kept = store.keep_ward_key(&seed, &hex::encode(key.verifying_key().as_bytes()))?;
    let seed = <[u8; 32]>::try_from(kept.as_slice()).map_err(|_| {
        StoreError::Refused(msg!(
            "khóa ký của cửa hàng bị hỏng",
            "the shop's signing key is damaged"
        ))
    })?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Build, number and sign a shop's bundle for a period.
pub fn build(store: &Store, label: &str, from: &str, to: &str, share_tax_code: bool) -> Result<Bundle, StoreError> {
    let mut b = figures(store, label, from, to, share_tax_code)?;
    b.revision = store.next_export_revision(label)?;
    seal(&mut b, Some(&signing_key(store)?));
    Ok(b)
}

/// The bundle's figures without revision or signature (`report summary`
/// shows them; nothing is recorded).
pub fn figures(store: &Store, label: &str, from: &str, to: &str, share_tax_code: bool) -> Result<Bundle, StoreError> {
    let profile = store
        .profile()?
        .ok_or_else(|| StoreError::Refused(msg!("chưa có hồ sơ cửa hàng", "no shop profile yet")))?;
    let rows = cashless::cashless(store, from, to, Grouping::Range)?;
    let s = rows.into_iter().next_back().unwrap_or_default();
    let (lines_sold, value) = store.ocop_sold(from, to)?;
    let now = store.clock().now_rfc3339();
    let head = store.audit_head()?;
    Ok(Bundle {
        schema: SCHEMA.into(),
        schema_version: VERSION,
        software: format!("quay {}", env!("CARGO_PKG_VERSION")),
        provisional: now.get(..10).unwrap_or("") <= to,
        generated_at: now,
        revision: 0,
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
        sales: Sales {
            sales: s.sales,
            value: s.value,
            cashless_sales: s.cashless_sales,
            cashless_value: s.cashless_value,
            invoiced_sales: s.invoiced_sales,
            invoiced_value: s.invoiced_value,
            invoice_unsent_sales: s.invoice_unsent_sales,
            reversed_sales: s.reversed_sales,
            by_method: s.by_method,
        },
        barcodes: barcodes(&store.all_products()?),
        ocop: Ocop { lines_sold, value },
        maturity: maturity(store, &ShopIdentity::of_profile(&profile).key(), to)?,
        audit_head: AuditHead {
            seq: head.seq,
            hash: head.hash,
        },
        checksum: String::new(),
        signature: None,
    })
}

/// Set the checksum and, with a key, the signature.
pub fn seal(b: &mut Bundle, key: Option<&SigningKey>) {
    let content = canonical_content(&serde_json::to_value(&*b).unwrap_or_default());
    b.checksum = hex::encode(Sha256::digest(content.as_bytes()));
    b.signature = key.map(|k| Signature {
        public_key: hex::encode(k.verifying_key().as_bytes()),
        value: hex::encode(k.sign(content.as_bytes()).to_bytes()),
    });
}

/// The canonical text that is checksummed and signed: the bundle without
/// `checksum` and `signature`, object keys sorted, no whitespace. Written
/// straight from the parsed document (no copy of it): the same text as
/// serialising the object with the two keys removed.
fn canonical_content(v: &serde_json::Value) -> String {
    let Some(o) = v.as_object() else {
        return serde_json::to_string(v).unwrap_or_default();
    };
    let mut out: Vec<u8> = Vec::with_capacity(1024);
    out.push(b'{');
    // serde_json's map keeps keys sorted (no preserve_order feature)
    for (k, x) in o.iter().filter(|(k, _)| *k != "checksum" && *k != "signature") {
        if out.len() > 1 {
            out.push(b',');
        }
        // writing into a Vec cannot fail; keys and values are valid JSON
        let _ = serde_json::to_writer(&mut out, k);
        out.push(b':');
        let _ = serde_json::to_writer(&mut out, x);
    }
    out.push(b'}');
    String::from_utf8(out).unwrap_or_default()
}

/// Why a bundle file was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum BundleError {
    Unreadable(String),
    NotJson(String),
    NotABundle,
    Newer(u32),
    Older(u32),
    /// A number that is not a whole number at this place.
    NotInteger(String),
    Checksum,
    BadSignature,
    Unsigned,
    UnknownKey,
    OtherShop {
        registered: String,
    },
    Implausible(Msg),
}

impl BundleError {
    /// A stable key for machines (CSV/JSON).
    pub fn code(&self) -> &'static str {
        match self {
            BundleError::Unreadable(_) => "unreadable",
            BundleError::NotJson(_) => "not_json",
            BundleError::NotABundle => "not_a_bundle",
            BundleError::Newer(_) => "newer_schema",
            BundleError::Older(_) => "older_schema",
            BundleError::NotInteger(_) => "not_integer",
            BundleError::Checksum => "checksum",
            BundleError::BadSignature => "bad_signature",
            BundleError::Unsigned => "unsigned",
            BundleError::UnknownKey => "unknown_key",
            BundleError::OtherShop { .. } => "other_shop",
            BundleError::Implausible(_) => "implausible",
        }
    }

    pub fn msg(&self, file: &str) -> Msg {
        match self {
            BundleError::Unreadable(detail) => msg_key!("bundle.unreadable", file, detail),
            BundleError::NotJson(detail) => msg_key!("bundle.not_json", file, detail),
            BundleError::NotABundle => msg_key!("bundle.not_a_bundle", file),
            BundleError::Newer(version) => msg_key!("bundle.newer", file, version, known = VERSION),
            BundleError::Older(version) => msg_key!("bundle.older", file, version),
            BundleError::NotInteger(at) => msg_key!("bundle.not_integer", file, at),
            BundleError::Checksum => msg_key!("bundle.checksum", file),
            BundleError::BadSignature => msg_key!("bundle.bad_signature", file),
            BundleError::Unsigned => msg_key!("bundle.unsigned", file),
            BundleError::UnknownKey => msg_key!("bundle.unknown_key", file),
            BundleError::OtherShop { registered } => msg_key!("bundle.other_shop", file, registered),
            BundleError::Implausible(m) => m.prefixed(&format!("{file}: "), &format!("{file}: ")),
        }
    }
}

/// Every number in the document must be a whole number (fits i64); the
/// first one that is not is named by its path (`sales.by_method[0].value`).
fn integers_only(v: &serde_json::Value) -> Result<(), BundleError> {
    match first_fraction(v) {
        None => Ok(()),
        Some(at) => Err(BundleError::NotInteger(at)),
    }
}

/// The path of the first number that is not a whole number; the path is
/// only built on the way back from a find, so a good bundle allocates nothing.
fn first_fraction(v: &serde_json::Value) -> Option<String> {
    let join = |head: String, rest: String| {
        if rest.is_empty() || rest.starts_with('[') {
            head + &rest
        } else {
            head + "." + &rest
        }
    };
    match v {
        serde_json::Value::Number(n) if n.as_i64().is_none() => Some(String::new()),
        serde_json::Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| first_fraction(x).map(|rest| join(format!("[{i}]"), rest))),
        serde_json::Value::Object(o) => o
            .iter()
            .find_map(|(k, x)| first_fraction(x).map(|rest| join(k.clone(), rest))),
        _ => None,
    }
}

/// The shop's public key and signature from their hex forms; `None` when
/// either is malformed or the key is a weak (small-order) point, which
/// `verify_strict` refuses too.
pub(super) fn signature_parts(s: &Signature) -> Option<(VerifyingKey, ed25519_dalek::Signature)> {
    let key: [u8; 32] = hex::decode(&s.public_key).ok()?.try_into().ok()?;
    let sig: [u8; 64] = hex::decode(&s.value).ok()?.try_into().ok()?;
    let key = VerifyingKey::from_bytes(&key).ok()?;
    (!key.is_weak()).then(|| (key, ed25519_dalek::Signature::from_bytes(&sig)))
}

fn verify_signature(content: &str, s: &Signature) -> Result<(), BundleError> {
    let (key, sig) = signature_parts(s).ok_or(BundleError::BadSignature)?;
    key.verify_strict(content.as_bytes(), &sig)
        .map_err(|_| BundleError::BadSignature)
}

/// Read and check a bundle: schema, version, whole numbers, checksum, the
/// signature when there is one, and plausibility. Whether the signer is
/// the shop is the register's business ([`super::ward`]). Many bundles at
/// once: [`super::bundle_batch::parse_many`] (same checks, same outcome,
/// signatures verified in batches).
pub fn parse(text: &str) -> Result<Bundle, BundleError> {
    let (b, content) = parse_unsigned(text)?;
    if let Some(s) = &b.signature {
        verify_signature(&content, s)?;
    }
    plausible(&b).map_err(BundleError::Implausible)?;
    Ok(b)
}

/// Every check up to the signature (schema, version, whole numbers,
/// checksum); the bundle and its canonical content, which the signature is
/// over. The caller verifies the signature, then [`plausible`].
pub(super) fn parse_unsigned(text: &str) -> Result<(Bundle, String), BundleError> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| BundleError::NotJson(e.to_string()))?;
    if v.get("schema").and_then(|s| s.as_str()) != Some(SCHEMA) {
        return Err(BundleError::NotABundle);
    }
    let version = v.get("schema_version").and_then(|x| x.as_u64()).unwrap_or(0);
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    if version > VERSION {
        return Err(BundleError::Newer(version));
    }
    if version < VERSION {
        return Err(BundleError::Older(version));
    }
    integers_only(&v)?;
    let content = canonical_content(&v);
    let declared = v.get("checksum").and_then(|c| c.as_str()).unwrap_or("");
    if hex::encode(Sha256::digest(content.as_bytes())) != declared {
        return Err(BundleError::Checksum);
    }
    let mut b: Bundle = serde_json::from_value(v).map_err(|_| BundleError::NotABundle)?;
    b.barcodes = std::mem::take(&mut b.barcodes).with_shares();
    Ok((b, content))
}

/// Figures that cannot be true of a real shop.
pub fn plausible(b: &Bundle) -> Result<(), Msg> {
    let s = &b.sales;
    let named = [
        ("sales.sales", s.sales),
        ("sales.value", s.value),
        ("sales.cashless_sales", s.cashless_sales),
        ("sales.cashless_value", s.cashless_value),
        ("sales.invoiced_sales", s.invoiced_sales),
        ("sales.invoiced_value", s.invoiced_value),
        ("sales.invoice_unsent_sales", s.invoice_unsent_sales),
        ("sales.reversed_sales", s.reversed_sales),
        ("barcodes.active_products", b.barcodes.active_products),
        ("barcodes.with_gtin", b.barcodes.with_gtin),
        ("barcodes.with_vn_gtin", b.barcodes.with_vn_gtin),
        ("ocop.lines_sold", b.ocop.lines_sold),
        ("ocop.value", b.ocop.value),
        ("revision", b.revision),
    ];
    for (f, x) in named {
        if x < 0 {
            return Err(msg!("«{f}» âm ({x})", "«{f}» is negative ({x})"));
        }
    }
    if b.revision < 1 {
        return Err(msg!("«revision» phải từ 1", "«revision» must be 1 or more"));
    }
    // a database column of 32 bits holds it (docs/ward-bundle.md)
    if b.revision > i64::from(i32::MAX) {
        let r = b.revision;
        return Err(msg!("«revision» quá lớn ({r})", "«revision» is too large ({r})"));
    }
    let not_above = |part: &str, a: i64, whole: &str, w: i64| {
        if a > w {
            Err(msg!(
                "«{part}» ({a}) lớn hơn «{whole}» ({w})",
                "«{part}» ({a}) is above «{whole}» ({w})"
            ))
        } else {
            Ok(())
        }
    };
    not_above("sales.cashless_sales", s.cashless_sales, "sales.sales", s.sales)?;
    not_above("sales.cashless_value", s.cashless_value, "sales.value", s.value)?;
    not_above("sales.invoiced_sales", s.invoiced_sales, "sales.sales", s.sales)?;
    not_above("sales.invoiced_value", s.invoiced_value, "sales.value", s.value)?;
    not_above(
        "sales.invoiced_sales + invoice_unsent_sales",
        s.invoiced_sales.saturating_add(s.invoice_unsent_sales),
        "sales.sales",
        s.sales,
    )?;
    not_above(
        "barcodes.with_gtin",
        b.barcodes.with_gtin,
        "barcodes.active_products",
        b.barcodes.active_products,
    )?;
    not_above(
        "barcodes.with_vn_gtin",
        b.barcodes.with_vn_gtin,
        "barcodes.with_gtin",
        b.barcodes.with_gtin,
    )?;
    // counts and values that disagree
    if s.sales == 0 && (s.value != 0 || s.cashless_value != 0 || s.invoiced_value != 0) {
        return Err(msg!(
            "không có đơn bán nhưng có doanh thu",
            "no sales but a sales value"
        ));
    }
    let mut total: i64 = 0;
    let mut noncash: i64 = 0;
    for m in &s.by_method {
        if m.count < 0 || m.value < 0 || m.count > s.sales {
            let k = &m.method;
            return Err(msg!(
                "phương thức «{k}»: số đơn hoặc giá trị không hợp lệ",
                "method «{k}»: count or value not possible"
            ));
        }
        total = total
            .checked_add(m.value)
            .ok_or_else(|| msg!("tổng theo phương thức bị tràn số", "the per-method total overflows"))?;
        if m.method != "cash" {
            noncash = noncash.saturating_add(m.value);
        }
    }
    if total != s.value || noncash != s.cashless_value {
        return Err(msg!(
            "tổng theo phương thức thanh toán không khớp doanh thu",
            "the per-method values do not add up to the sales value"
        ));
    }
    if let Some(m) = &b.maturity
        && !(0..=5).contains(&m.level)
    {
        let l = m.level;
        return Err(msg!("mức trưởng thành {l} ngoài 0–5", "maturity level {l} outside 0–5"));
    }
    // the period: a label that means these dates, ended before export
    let p = &b.period;
    match cashless::period(&p.label) {
        Ok((f, t)) if f == p.from && t == p.to => {}
        _ => {
            let (l, f, t) = (&p.label, &p.from, &p.to);
            return Err(msg!(
                "kỳ «{l}» không khớp ngày {f} → {t}",
                "period «{l}» does not match the dates {f} → {t}"
            ));
        }
    }
    let exported = b.generated_at.get(..10).unwrap_or("");
    if exported.len() != 10 {
        return Err(msg!(
            "«generated_at» không phải ngày giờ",
            "«generated_at» is not a date and time"
        ));
    }
    if exported <= p.to.as_str() && !b.provisional {
        let to = &p.to;
        return Err(msg!(
            "xuất ngày {exported}, trước khi kỳ kết thúc ({to}), mà không ghi là tạm tính",
            "exported on {exported}, before the period ended ({to}), without being marked provisional"
        ));
    }
    if b.shop.shop_id.trim().is_empty() {
        return Err(msg!("thiếu mã cửa hàng", "no shop id"));
    }
    Ok(())
}

/// The shop's enrolment for the ward officer: who it is and its public key,
/// signed with that key (proof that the shop holds it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Enrolment {
    pub schema: String,
    pub shop_id: String,
    pub name: String,
    pub ward: String,
    pub public_key: String,
    pub enrolled_at: String,
    pub signature: String,
}

fn enrolment_text(e: &Enrolment) -> String {
    format!(
        "{ENROLMENT_SCHEMA}\n{}\n{}\n{}\n{}\n{}",
        e.shop_id, e.name, e.ward, e.public_key, e.enrolled_at
    )
}

pub fn enrolment(store: &Store) -> Result<Enrolment, StoreError> {
    let profile = store
        .profile()?
        .ok_or_else(|| StoreError::Refused(msg!("chưa có hồ sơ cửa hàng", "no shop profile yet")))?;
    let key = signing_key(store)?;
    let mut e = Enrolment {
        schema: ENROLMENT_SCHEMA.into(),
        shop_id: profile.shop_id,
        name: profile.name,
        ward: profile.ward,
        public_key: hex::encode(key.verifying_key().as_bytes()),
        enrolled_at: store.clock().now_rfc3339(),
        signature: String::new(),
    };
    e.signature = hex::encode(key.sign(enrolment_text(&e).as_bytes()).to_bytes());
    Ok(e)
}

/// Read an enrolment file and check its signature.
pub fn parse_enrolment(text: &str) -> Result<Enrolment, BundleError> {
    let e: Enrolment = serde_json::from_str(text).map_err(|e| BundleError::NotJson(e.to_string()))?;
    if e.schema != ENROLMENT_SCHEMA {
        return Err(BundleError::NotABundle);
    }
    verify_signature(
        &enrolment_text(&e),
        &Signature {
            public_key: e.public_key.clone(),
            value: e.signature.clone(),
        },
    )?;
    Ok(e)
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
        "revision",
        "provisional",
        "sales",
        "value",
        "cashless_sales",
        "cashless_value",
        "invoiced_sales",
        "invoiced_value",
        "invoice_unsent_sales",
        "active_products",
        "with_gtin",
        "with_vn_gtin",
        "ocop_lines",
        "ocop_value",
        "maturity_level",
        "maturity_questionnaire",
        "checksum",
    ];
    let vals = [
        b.shop.shop_id.clone(),
        b.shop.name.clone(),
        b.shop.ward.clone(),
        b.shop.tax_code.clone().unwrap_or_default(),
        b.period.label.clone(),
        b.period.from.clone(),
        b.period.to.clone(),
        b.revision.to_string(),
        b.provisional.to_string(),
        b.sales.sales.to_string(),
        b.sales.value.to_string(),
        b.sales.cashless_sales.to_string(),
        b.sales.cashless_value.to_string(),
        b.sales.invoiced_sales.to_string(),
        b.sales.invoiced_value.to_string(),
        b.sales.invoice_unsent_sales.to_string(),
        b.barcodes.active_products.to_string(),
        b.barcodes.with_gtin.to_string(),
        b.barcodes.with_vn_gtin.to_string(),
        b.ocop.lines_sold.to_string(),
        b.ocop.value.to_string(),
        b.maturity.as_ref().map(|m| m.level.to_string()).unwrap_or_default(),
        b.maturity.as_ref().map(|m| m.questionnaire.clone()).unwrap_or_default(),
        b.checksum.clone(),
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(head);
    // The shop's name and ward are typed by people: no cell may start a
    // spreadsheet formula.
    let _ = w.write_record(vals.iter().map(|c| crate::text::csv_safe(c).into_owned()));
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn sample(sales: i64, cashless: i64, value: i64, cashless_value: i64) -> Bundle {
        let mut by_method = vec![MethodFigure {
            method: "cash".into(),
            count: sales - cashless,
            value: value - cashless_value,
        }];
        if cashless > 0 {
            by_method.push(MethodFigure {
                method: "transfer".into(),
                count: cashless,
                value: cashless_value,
            });
        }
        Bundle {
            schema: SCHEMA.into(),
            schema_version: VERSION,
            software: "quay test".into(),
            generated_at: "2026-12-01T08:00:00+07:00".into(),
            revision: 1,
            provisional: false,
            shop: ShopId {
                shop_id: "0123456789abcdef0123456789abcdef".into(),
                name: "Tạp hóa \"Cô Ba\" \\ 𝓐".into(),
                ward: "Phường Thuận Hóa".into(),
                tax_code: None,
            },
            period: Period {
                label: "2026-11".into(),
                from: "2026-11-01".into(),
                to: "2026-11-30".into(),
            },
            sales: Sales {
                sales,
                value,
                cashless_sales: cashless,
                cashless_value,
                invoiced_sales: cashless,
                invoiced_value: cashless_value,
                invoice_unsent_sales: 0,
                reversed_sales: 0,
                by_method,
            },
            barcodes: Barcodes {
                active_products: sales,
                with_gtin: cashless,
                with_vn_gtin: cashless,
                ..Default::default()
            }
            .with_shares(),
            ocop: Ocop::default(),
            maturity: None,
            audit_head: AuditHead {
                seq: 3,
                hash: "ab".repeat(32),
            },
            checksum: String::new(),
            signature: None,
        }
    }

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7u8; 32])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Genuine bundles always verify, whatever the counts: including
        /// n of n+1 (the shares near 1 that floating point misread).
        #[test]
        fn genuine_bundles_always_verify(n in 0i64..=1_000_000, extra in 0i64..=3, v in 0i64..=1_000_000_000_000, near in any::<bool>()) {
            let sales = n + extra.max(i64::from(near));
            let value = if sales == 0 { 0 } else { v.max(sales) };
            let cashless_value = if n == 0 { 0 } else if near { value - 1 } else { value / 3 };
            let mut b = sample(sales, n, value, cashless_value);
            seal(&mut b, Some(&key()));
            let pretty = serde_json::to_string_pretty(&b).unwrap();
            prop_assert_eq!(parse(&pretty), Ok(b.clone()));
            let compact = serde_json::to_string(&b).unwrap();
            prop_assert_eq!(parse(&compact), Ok(b));
        }
    }

    #[test]
    fn a_recomputed_checksum_does_not_make_a_forgery_pass() {
        let mut b = sample(10, 9, 1_000_000, 900_000);
        seal(&mut b, Some(&key()));
        let mut forged = b.clone();
        forged.sales.sales = 11;
        forged.sales.by_method[0].count = 2;
        let sig = forged.signature.clone();
        seal(&mut forged, None);
        forged.signature = sig;
        assert_eq!(
            parse(&serde_json::to_string(&forged).unwrap()),
            Err(BundleError::BadSignature)
        );
    }

    #[test]
    fn impossible_figures_are_refused() {
        let check = |f: &dyn Fn(&mut Bundle)| {
            let mut b = sample(10, 5, 1_000_000, 500_000);
            f(&mut b);
            seal(&mut b, Some(&key()));
            parse(&serde_json::to_string(&b).unwrap())
        };
        assert!(check(&|_| {}).is_ok());
        for bad in [
            check(&|b| b.sales.cashless_value = 2_130_000),
            check(&|b| b.barcodes.with_gtin = 11),
            check(&|b| b.sales.sales = -1),
            check(&|b| b.sales.cashless_sales = 11),
            check(&|b| b.sales.invoiced_sales = 11),
            check(&|b| b.sales.by_method[1].value = 1),
            check(&|b| b.generated_at = "2026-11-20T08:00:00+07:00".into()),
            check(&|b| b.period.to = "2026-11-29".into()),
        ] {
            assert!(matches!(bad, Err(BundleError::Implausible(_))), "{bad:?}");
        }
        // marked provisional, an early export is accepted
        assert!(
            check(&|b| {
                b.generated_at = "2026-11-20T08:00:00+07:00".into();
                b.provisional = true
            })
            .is_ok()
        );
    }

    #[test]
    fn csv_cells_typed_by_people_never_start_a_formula() {
        let mut b = sample(10, 9, 1_000_000, 900_000);
        b.shop.name = "=HYPERLINK(\"http://x\",\"Cô Ba\")".into();
        b.shop.ward = "@Phường 1".into();
        let text = csv(&b);
        let row = text.lines().nth(1).unwrap();
        assert!(row.contains("\"'=HYPERLINK(") && row.contains("'@Phường 1"), "{row}");
        assert!(row.contains(",1000000,"), "plain numbers stay numbers: {row}");
    }

    #[test]
    fn fractions_are_refused_where_whole_numbers_belong() {
        let mut b = sample(10, 9, 1_000_000, 900_000);
        seal(&mut b, None);
        let text = serde_json::to_string(&b)
            .unwrap()
            .replace("\"sales\":10", "\"sales\":10.0");
        assert!(matches!(parse(&text), Err(BundleError::NotInteger(_))));
        let text = serde_json::to_string(&b)
            .unwrap()
            .replace("\"count\":1,", "\"count\":1.5,");
        assert_eq!(
            parse(&text),
            Err(BundleError::NotInteger("sales.by_method[0].count".into()))
        );
        let v = serde_json::json!({"a": [[1, {"b": 0.5}]]});
        assert_eq!(first_fraction(&v).as_deref(), Some("a[0][1].b"));
    }

    #[test]
    fn the_canonical_text_is_the_document_without_checksum_and_signature() {
        let mut b = sample(10, 9, 1_000_000, 900_000);
        b.shop.name = "Tạp hóa \"Cô Ba\" \\ 1".into();
        seal(&mut b, Some(&key()));
        let v = serde_json::to_value(&b).unwrap();
        let mut body = v.clone();
        let o = body.as_object_mut().unwrap();
        o.remove("checksum");
        o.remove("signature");
        assert_eq!(canonical_content(&v), serde_json::to_string(&body).unwrap());
    }
}
