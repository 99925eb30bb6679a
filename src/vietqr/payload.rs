//! EMVCo merchant-presented payloads as VietQR uses them: decode any
//! payload (VietQR transfer, VietQR merchant, VNPAY-QR, other EMV), encode
//! VietQR transfers, and personalise a shop's own QR for one sale.

use super::banks;
use super::tlv::{self, Tlv, TlvError};
use crate::i18n::Msg;
use crate::{msg, msg_key};

/// NAPAS GUID in tag 38/00.
pub const NAPAS_GUID: &str = "A000000727";
/// VNPAY GUID in a merchant account template (26…51).
pub const VNPAY_GUID: &str = "A000000775";
/// A NAPAS247 transfer is below 500.000.000 đồng.
pub const MAX_AMOUNT: i64 = 499_999_999;
/// Longest payload accepted (the EMV QR limit).
pub const MAX_PAYLOAD_CHARS: usize = 512;
/// Longest text in 62/xx (purpose, bill number…).
pub const MAX_TEXT: usize = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// NAPAS 38 with a service code: a transfer to an account or card.
    VietqrTransfer,
    /// NAPAS 38 without a service code (acquiring / QR push).
    VietqrMerchant,
    /// VNPAY-QR merchant code (GUID A000000775).
    VnpayQr,
    /// Any other EMVCo payload with a correct CRC.
    OtherEmv,
}

impl Kind {
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Kind::VietqrTransfer => lang.pick("VietQR chuyển khoản", "VietQR transfer"),
            Kind::VietqrMerchant => lang.pick("VietQR thanh toán (điểm bán)", "VietQR merchant"),
            Kind::VnpayQr => "VNPAY-QR",
            Kind::OtherEmv => lang.pick("mã EMV khác", "other EMV"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Initiation {
    /// 11: reusable (a printed sticker).
    Static,
    /// 12: one payment (a code per sale).
    Dynamic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Service {
    /// QRIBFTTA: transfer to an account.
    #[serde(rename = "QRIBFTTA")]
    Account,
    /// QRIBFTTC: transfer to a card.
    #[serde(rename = "QRIBFTTC")]
    Card,
}

impl Service {
    pub fn code(self) -> &'static str {
        match self {
            Service::Account => "QRIBFTTA",
            Service::Card => "QRIBFTTC",
        }
    }
}

/// Every rule a payload can break, each naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrError {
    Empty,
    TooLong(usize),
    Tlv(TlvError),
    FormatNotFirst,
    FormatValue(String),
    CrcMissing,
    CrcNotLast,
    CrcFormat(String),
    CrcMismatch {
        declared: String,
        computed: String,
    },
    Duplicate(String),
    Initiation(String),
    Currency(String),
    Country(String),
    AmountDecimals(String),
    AmountNotNumber(String),
    AmountZero,
    AmountTooLarge(i64),
    GuidMissing,
    BeneficiaryMissing,
    Bin(String),
    Account(String),
    ServiceCode(String),
    UnexpectedSubfield {
        path: String,
        id: String,
        /// The service code (02) put inside 38/01.
        service: bool,
    },
    AdditionalTooLong(usize),
    NotTransfer(String),
}

impl From<TlvError> for QrError {
    fn from(e: TlvError) -> Self {
        QrError::Tlv(e)
    }
}

impl QrError {
    pub fn msg(&self) -> Msg {
        match self {
            QrError::Empty => msg_key!("vietqr.empty"),
            QrError::TooLong(n) => msg_key!("vietqr.too_long", n),
            QrError::Tlv(e) => e.msg(),
            QrError::FormatNotFirst => msg_key!("vietqr.format_not_first"),
            QrError::FormatValue(value) => msg_key!("vietqr.format_value", value),
            QrError::CrcMissing => msg_key!("vietqr.crc_missing"),
            QrError::CrcNotLast => msg_key!("vietqr.crc_not_last"),
            QrError::CrcFormat(value) => msg_key!("vietqr.crc_format", value),
            QrError::CrcMismatch { declared, computed } => msg_key!("vietqr.crc_mismatch", declared, computed),
            QrError::Duplicate(id) => msg_key!("vietqr.duplicate", id),
            QrError::Initiation(value) => msg_key!("vietqr.initiation", value),
            QrError::Currency(value) => msg_key!("vietqr.currency", value),
            QrError::Country(value) => msg_key!("vietqr.country", value),
            QrError::AmountDecimals(value) => msg_key!("vietqr.amount_decimals", value),
            QrError::AmountNotNumber(value) => msg_key!("vietqr.amount_not_number", value),
            QrError::AmountZero => msg_key!("vietqr.amount_zero"),
            QrError::AmountTooLarge(value) => msg_key!("vietqr.amount_too_large", value),
            QrError::GuidMissing => msg_key!("vietqr.guid_missing"),
            QrError::BeneficiaryMissing => msg_key!("vietqr.beneficiary_missing"),
            QrError::Bin(value) => msg_key!("vietqr.bin", value),
            QrError::Account(value) => msg_key!("vietqr.account", value),
            QrError::ServiceCode(value) => msg_key!("vietqr.service_code", value),
            QrError::UnexpectedSubfield {
                path,
                id,
                service: false,
            } => msg_key!("vietqr.unexpected_subfield", path, id),
            QrError::UnexpectedSubfield {
                path,
                id,
                service: true,
            } => {
                msg_key!("vietqr.service_inside_beneficiary", path, id)
            }
            QrError::AdditionalTooLong(n) => msg_key!("vietqr.additional_too_long", n),
            QrError::NotTransfer(kind) => msg_key!("vietqr.not_transfer", kind),
        }
    }
}

crate::english_display!(QrError);

/// A decoded payload: every root field in order plus the VietQR meaning.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Decoded {
    pub kind: Kind,
    pub initiation: Option<Initiation>,
    pub bin: Option<String>,
    pub account: Option<String>,
    pub service: Option<Service>,
    pub amount: Option<i64>,
    pub currency: Option<String>,
    pub country: Option<String>,
    pub merchant_name: Option<String>,
    pub merchant_city: Option<String>,
    /// 62/08.
    pub purpose: Option<String>,
    /// 62/01.
    pub bill_number: Option<String>,
    /// 62/05.
    pub reference: Option<String>,
    /// Sub-fields of 62 in order.
    pub additional: Vec<Tlv>,
    /// Root fields in order, including 00 and 63.
    pub fields: Vec<Tlv>,
    /// The CRC as written (it matched).
    pub crc: String,
    /// Things that do not make the code unusable but are worth knowing.
    #[serde(skip)]
    pub warnings: Vec<Msg>,
}

impl Decoded {
    /// Root fields that are not interpreted above (kept verbatim).
    pub fn other_fields(&self) -> Vec<&Tlv> {
        const KNOWN: [&str; 9] = ["00", "01", "38", "53", "54", "58", "59", "60", "62"];
        self.fields
            .iter()
            .filter(|f| !KNOWN.contains(&f.id.as_str()) && f.id != "63")
            .collect()
    }

    pub fn bank(&self) -> Option<&'static banks::Bank> {
        self.bin.as_deref().and_then(banks::by_bin)
    }
}

/// Decode and check a payload: structure, CRC, and every VietQR rule.
pub fn decode(input: &str) -> Result<Decoded, QrError> {
    let raw = input.trim();
    if raw.is_empty() {
        return Err(QrError::Empty);
    }
    let n = raw.chars().count();
    if n > MAX_PAYLOAD_CHARS {
        return Err(QrError::TooLong(n));
    }
    let fields = tlv::parse(raw, "root")?;
    // CRC first: a code with a wrong CRC is refused whatever it says.
    let crc_pos = fields.iter().position(|f| f.id == "63").ok_or(QrError::CrcMissing)?;
    if crc_pos != fields.len() - 1 {
        return Err(QrError::CrcNotLast);
    }
    let declared = &fields[crc_pos].value;
    if declared.len() != 4 || !declared.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(QrError::CrcFormat(declared.clone()));
    }
    let body = &raw[..raw.len() - 4];
    let computed = format!("{:04X}", tlv::crc16(body.as_bytes()));
    if !computed.eq_ignore_ascii_case(declared) {
        return Err(QrError::CrcMismatch {
            declared: declared.to_uppercase(),
            computed,
        });
    }
    if fields[0].id != "00" {
        return Err(QrError::FormatNotFirst);
    }
    if fields[0].value != "01" {
        return Err(QrError::FormatValue(fields[0].value.clone()));
    }
    for (i, f) in fields.iter().enumerate() {
        if fields[..i].iter().any(|g| g.id == f.id) {
            return Err(QrError::Duplicate(f.id.clone()));
        }
    }
    let get = |id: &str| fields.iter().find(|f| f.id == id).map(|f| f.value.clone());
    let mut d = Decoded {
        kind: Kind::OtherEmv,
        initiation: None,
        bin: None,
        account: None,
        service: None,
        amount: None,
        currency: get("53"),
        country: get("58"),
        merchant_name: get("59"),
        merchant_city: get("60"),
        purpose: None,
        bill_number: None,
        reference: None,
        additional: Vec::new(),
        fields: fields.clone(),
        crc: declared.to_uppercase(),
        warnings: Vec::new(),
    };
    d.initiation = match get("01").as_deref() {
        None => None,
        Some("11") => Some(Initiation::Static),
        Some("12") => Some(Initiation::Dynamic),
        Some(other) => return Err(QrError::Initiation(other.to_string())),
    };
    if let Some(add) = get("62") {
        let sub = tlv::parse(&add, "62")?;
        let text = |id: &str| sub.iter().find(|f| f.id == id).map(|f| f.value.clone());
        d.purpose = text("08");
        d.bill_number = text("01");
        d.reference = text("05");
        for f in &sub {
            if f.value.chars().count() > MAX_TEXT || !f.value.is_ascii() {
                let id = &f.id;
                d.warnings.push(msg!(
                    "trường 62/{id} nên là chữ ASCII, tối đa 25 ký tự",
                    "field 62/{id} should be ASCII text of at most 25 characters"
                ));
            }
        }
        d.additional = sub;
    }
    // Which scheme?
    if let Some(napas) = get("38") {
        let sub = tlv::parse(&napas, "38")?;
        let guid = sub.iter().find(|f| f.id == "00").map(|f| f.value.as_str());
        if guid == Some(NAPAS_GUID) {
            read_napas(&sub, &mut d)?;
        }
    }
    if d.kind == Kind::OtherEmv {
        for f in fields.iter().filter(|f| ("26".."52").contains(&f.id.as_str())) {
            if let Ok(sub) = tlv::parse(&f.value, &f.id)
                && sub.iter().any(|s| s.id == "00" && s.value == VNPAY_GUID)
            {
                d.kind = Kind::VnpayQr;
            }
        }
    }
    if let Some(a) = get("54") {
        let limit = matches!(d.kind, Kind::VietqrTransfer | Kind::VietqrMerchant);
        d.amount = Some(check_amount(&a, limit)?);
    }
    if matches!(d.kind, Kind::VietqrTransfer | Kind::VietqrMerchant) {
        match d.currency.as_deref() {
            Some("704") => {}
            other => return Err(QrError::Currency(other.unwrap_or("").to_string())),
        }
        match d.country.as_deref() {
            Some("VN") => {}
            other => return Err(QrError::Country(other.unwrap_or("").to_string())),
        }
        if d.initiation == Some(Initiation::Static) && d.amount.is_some() {
            d.warnings.push(msg!(
                "mã tĩnh (01=11) nhưng có số tiền: một số ứng dụng ngân hàng coi là mã động",
                "static code (01=11) with an amount: some banking apps treat it as dynamic"
            ));
        }
        if d.bank().is_none()
            && let Some(bin) = &d.bin
        {
            d.warnings.push(msg!(
                "BIN {bin} không có trong danh bạ NAPAS đi kèm",
                "BIN {bin} is not in the bundled NAPAS directory"
            ));
        }
    }
    Ok(d)
}

fn read_napas(sub: &[Tlv], d: &mut Decoded) -> Result<(), QrError> {
    for (i, f) in sub.iter().enumerate() {
        if sub[..i].iter().any(|g| g.id == f.id) {
            return Err(QrError::Duplicate(format!("38/{}", f.id)));
        }
    }
    let ben = sub.iter().find(|f| f.id == "01").ok_or(QrError::BeneficiaryMissing)?;
    let inner = tlv::parse(&ben.value, "38/01")?;
    for f in &inner {
        if f.id != "00" && f.id != "01" {
            return Err(QrError::UnexpectedSubfield {
                path: "38/01".into(),
                id: f.id.clone(),
                service: f.id == "02",
            });
        }
    }
    let bin = inner
        .iter()
        .find(|f| f.id == "00")
        .map(|f| f.value.clone())
        .unwrap_or_default();
    if bin.len() != 6 || !bin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QrError::Bin(bin));
    }
    let account = inner
        .iter()
        .find(|f| f.id == "01")
        .map(|f| f.value.clone())
        .unwrap_or_default();
    if !is_account(&account) {
        return Err(QrError::Account(account));
    }
    d.bin = Some(bin);
    d.account = Some(account);
    d.service = match sub.iter().find(|f| f.id == "02").map(|f| f.value.as_str()) {
        None => None,
        Some("QRIBFTTA") => Some(Service::Account),
        Some("QRIBFTTC") => Some(Service::Card),
        Some(other) => return Err(QrError::ServiceCode(other.to_string())),
    };
    d.kind = if d.service.is_some() {
        Kind::VietqrTransfer
    } else {
        Kind::VietqrMerchant
    };
    Ok(())
}

/// Field 54 as VietQR wants it: plain digits, not zero, within the limit.
fn check_amount(a: &str, napas_limit: bool) -> Result<i64, QrError> {
    if a.contains(['.', ',']) {
        return Err(QrError::AmountDecimals(a.to_string()));
    }
    if !a.bytes().all(|b| b.is_ascii_digit()) || a.len() > 13 {
        return Err(QrError::AmountNotNumber(a.to_string()));
    }
    let v: i64 = a.parse().map_err(|_| QrError::AmountNotNumber(a.to_string()))?;
    if v == 0 {
        return Err(QrError::AmountZero);
    }
    if napas_limit && v > MAX_AMOUNT {
        return Err(QrError::AmountTooLarge(v));
    }
    Ok(v)
}

/// What a VietQR transfer code says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub bin: String,
    pub account: String,
    pub service: Service,
    pub initiation: Initiation,
    pub amount: Option<i64>,
    /// Free text; folded to ASCII and cut to 25 characters when encoded.
    pub purpose: Option<String>,
}

/// Make a VietQR transfer payload.
pub fn encode(t: &Transfer) -> Result<String, QrError> {
    if t.bin.len() != 6 || !t.bin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QrError::Bin(t.bin.clone()));
    }
    if !is_account(&t.account) {
        return Err(QrError::Account(t.account.clone()));
    }
    let mut beneficiary = String::new();
    tlv::push(&mut beneficiary, "00", &t.bin, "38/01")?;
    tlv::push(&mut beneficiary, "01", &t.account, "38/01")?;
    let mut napas = String::new();
    tlv::push(&mut napas, "00", NAPAS_GUID, "38")?;
    tlv::push(&mut napas, "01", &beneficiary, "38")?;
    tlv::push(&mut napas, "02", t.service.code(), "38")?;
    let mut out = String::with_capacity(160);
    tlv::push(&mut out, "00", "01", "root")?;
    let init = match t.initiation {
        Initiation::Static => "11",
        Initiation::Dynamic => "12",
    };
    tlv::push(&mut out, "01", init, "root")?;
    tlv::push(&mut out, "38", &napas, "root")?;
    tlv::push(&mut out, "53", "704", "root")?;
    if let Some(a) = t.amount {
        tlv::push(&mut out, "54", &amount_text(a)?, "root")?;
    }
    tlv::push(&mut out, "58", "VN", "root")?;
    if let Some(p) = t.purpose.as_deref().map(ascii_text).filter(|p| !p.is_empty()) {
        let mut add = String::new();
        tlv::push(&mut add, "08", &p, "62")?;
        tlv::push(&mut out, "62", &add, "root")?;
    }
    Ok(tlv::seal(out))
}

fn amount_text(a: i64) -> Result<String, QrError> {
    if a <= 0 {
        return Err(QrError::AmountZero);
    }
    if a > MAX_AMOUNT {
        return Err(QrError::AmountTooLarge(a));
    }
    Ok(a.to_string())
}

/// Text for a 62 sub-field: Vietnamese folded to ASCII (đ → d), other
/// characters dropped, spaces collapsed, at most 25 characters.
pub fn ascii_text(input: &str) -> String {
    let folded = crate::text::to_ascii(input);
    let mut out = String::new();
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.chars().take(MAX_TEXT).collect::<String>().trim_end().to_string()
}

/// The purpose for a sale: the sale number first (apps that cut the
/// description keep it), then the shop's text, in capitals: digits and
/// capitals encode in the QR's compact modes, which keeps a sale code at
/// version 5 (37 modules) so it fits the pay screen at 80×24.
pub fn sale_purpose(sale_no: &str, text: &str) -> String {
    let t = text.trim();
    let joined = if t.is_empty() {
        sale_no.to_string()
    } else {
        format!("{sale_no} {t}")
    };
    ascii_text(&joined).to_ascii_uppercase()
}

/// Make a per-sale code from the shop's own VietQR (bank sticker, MoMo,
/// ZaloPay…): 01 becomes 12, 54 is set to the amount, 62/08 to the purpose,
/// the CRC is recomputed, and every other field stays as it was, in place.
pub fn personalize(own: &str, amount: i64, purpose: &str) -> Result<String, QrError> {
    let d = decode(own)?;
    if d.kind != Kind::VietqrTransfer {
        return Err(QrError::NotTransfer(format!("{:?}", d.kind)));
    }
    let amount = amount_text(amount)?;
    let purpose = ascii_text(purpose);
    let mut fields: Vec<Tlv> = d.fields.into_iter().filter(|f| f.id != "63").collect();
    set_field(&mut fields, "01", "12".into(), &["00"]);
    set_field(&mut fields, "54", amount, &["53", "38", "01"]);
    let mut add = d.additional;
    if purpose.is_empty() {
        add.retain(|f| f.id != "08");
    } else {
        set_field(&mut add, "08", purpose, &[]);
    }
    if add.is_empty() {
        fields.retain(|f| f.id != "62");
    } else {
        let value = tlv::encode(&add, "62")?;
        let n = value.chars().count();
        if n > 99 {
            return Err(QrError::AdditionalTooLong(n));
        }
        set_field(&mut fields, "62", value, &["58", "54", "53"]);
    }
    Ok(tlv::seal(tlv::encode(&fields, "root")?))
}

/// Replace a field's value in place, or insert it after the first of
/// `after` that exists (else at the end).
fn set_field(fields: &mut Vec<Tlv>, id: &str, value: String, after: &[&str]) {
    if let Some(f) = fields.iter_mut().find(|f| f.id == id) {
        f.value = value;
        return;
    }
    let pos = after
        .iter()
        .find_map(|a| fields.iter().position(|f| f.id == *a).map(|p| p + 1))
        .unwrap_or(fields.len());
    fields.insert(pos, Tlv::new(id, value));
}

/// Account or card number: 1–19 ASCII letters or digits.
pub fn is_account(s: &str) -> bool {
    (1..=19).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V01: &str = "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E";
    const V10: &str = "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8";

    #[test]
    fn decodes_the_spec_example() {
        let d = decode(V01).unwrap();
        assert_eq!(d.kind, Kind::VietqrTransfer);
        assert_eq!(d.initiation, Some(Initiation::Dynamic));
        assert_eq!(d.bin.as_deref(), Some("970403"));
        assert_eq!(d.account.as_deref(), Some("0011012345678"));
        assert_eq!(d.service, Some(Service::Account));
        assert_eq!(d.amount, Some(180_000));
        assert_eq!(d.bill_number.as_deref(), Some("NPS6869"));
        assert_eq!(d.purpose.as_deref(), Some("thanh toan don hang"));
        assert_eq!(d.crc, "2E2E");
    }

    #[test]
    fn lower_case_crc_is_accepted() {
        let lower = format!("{}{}", &V01[..V01.len() - 4], "2e2e");
        assert!(decode(&lower).is_ok());
    }

    #[test]
    fn encodes_what_it_decodes() {
        let t = Transfer {
            bin: "970403".into(),
            account: "0011012345678".into(),
            service: Service::Account,
            initiation: Initiation::Dynamic,
            amount: Some(180_000),
            purpose: Some("Đơn 000123 – cảm ơn quý khách".into()),
        };
        let p = encode(&t).unwrap();
        let d = decode(&p).unwrap();
        assert_eq!(d.purpose.as_deref(), Some("Don 000123 cam on quy kha"));
        assert_eq!(d.amount, Some(180_000));
        assert!(p.ends_with(&format!("{:04X}", tlv::crc16(&p.as_bytes()[..p.len() - 4]))));
    }

    #[test]
    fn encoding_refuses_bad_values() {
        let base = Transfer {
            bin: "970436".into(),
            account: "0071000123456".into(),
            service: Service::Account,
            initiation: Initiation::Dynamic,
            amount: Some(1),
            purpose: None,
        };
        let with = |f: fn(&mut Transfer)| {
            let mut t = base.clone();
            f(&mut t);
            encode(&t)
        };
        assert!(with(|_| {}).is_ok());
        assert_eq!(with(|t| t.amount = Some(0)), Err(QrError::AmountZero));
        assert_eq!(with(|t| t.amount = Some(-5)), Err(QrError::AmountZero));
        assert_eq!(
            with(|t| t.amount = Some(500_000_000)),
            Err(QrError::AmountTooLarge(500_000_000))
        );
        assert!(with(|t| t.amount = Some(499_999_999)).is_ok());
        assert!(matches!(
            with(|t| t.account = "0071 000".into()),
            Err(QrError::Account(_))
        ));
        assert!(matches!(with(|t| t.account = "sốtk".into()), Err(QrError::Account(_))));
        assert!(matches!(with(|t| t.bin = "97043".into()), Err(QrError::Bin(_))));
    }

    #[test]
    fn purpose_keeps_the_sale_number_when_cut() {
        let p = sale_purpose("HD000123", "Tạp hóa Cô Ba cảm ơn quý khách đã mua hàng");
        assert!(p.starts_with("HD000123 TAP HOA CO BA"));
        assert!(p.len() <= 25);
        assert_eq!(ascii_text("Đường ☕ phố"), "Duong pho");
    }

    #[test]
    fn personalising_a_momo_code_keeps_its_tags() {
        let p = personalize(V10, 125_000, "HD42 Tạp hóa").unwrap();
        let d = decode(&p).unwrap();
        assert_eq!(d.initiation, Some(Initiation::Dynamic));
        assert_eq!(d.amount, Some(125_000));
        assert_eq!(d.purpose.as_deref(), Some("HD42 Tap hoa"));
        assert_eq!(d.reference.as_deref(), Some("MOMOW2W34875080"));
        assert_eq!(d.account.as_deref(), Some("99MM24011M34875080"));
        let ids: Vec<&str> = d.fields.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["00", "01", "38", "53", "54", "58", "62", "80", "63"]);
        // a second personalisation replaces, never duplicates
        let again = personalize(&p, 5_000, "HD43").unwrap();
        let d = decode(&again).unwrap();
        assert_eq!((d.amount, d.purpose.as_deref()), (Some(5_000), Some("HD43")));
    }

    #[test]
    fn each_bad_payload_has_its_own_error() {
        let reseal = |body: &str| tlv::seal(body.to_string());
        assert_eq!(decode(""), Err(QrError::Empty));
        assert_eq!(decode(&"0".repeat(600)), Err(QrError::TooLong(600)));
        assert!(matches!(decode(&V01[..50]), Err(QrError::Tlv(_))));
        assert_eq!(decode("0002015802VN"), Err(QrError::CrcMissing));
        assert!(matches!(decode("00020163041234"), Err(QrError::CrcMismatch { .. })));
        assert!(matches!(decode("000201630412345802VN"), Err(QrError::CrcNotLast)));
        assert!(matches!(decode("0002016304XYZ1"), Err(QrError::CrcFormat(_))));
        let amount = |a: &str| {
            reseal(&format!(
                "00020101021238540010A00000072701240006970423011000999999990208QRIBFTTA5303704{}5802VN",
                format_args!("54{:02}{a}", a.len())
            ))
        };
        assert_eq!(decode(&amount("100.0")), Err(QrError::AmountDecimals("100.0".into())));
        assert_eq!(decode(&amount("1.000")), Err(QrError::AmountDecimals("1.000".into())));
        assert_eq!(decode(&amount("0")), Err(QrError::AmountZero));
        assert_eq!(decode(&amount("-5")), Err(QrError::AmountNotNumber("-5".into())));
        assert_eq!(decode(&amount("500000000")), Err(QrError::AmountTooLarge(500_000_000)));
        assert_eq!(decode(&amount("1000")).unwrap().amount, Some(1000));
        // nested template overflow: 38/01 claims more than 38 holds
        let overflow = reseal("00020101021138200010A00000072701990006970423");
        assert!(matches!(decode(&overflow), Err(QrError::Tlv(TlvError::PastEnd { .. }))));
        let usd = reseal("00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53038405802VN");
        assert_eq!(decode(&usd), Err(QrError::Currency("840".into())));
        let spaced = reseal("00020101021138550010A00000072701250006970423011100999 999990208QRIBFTTA53037045802VN");
        assert_eq!(decode(&spaced), Err(QrError::Account("00999 99999".into())));
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn transfer() -> impl Strategy<Value = Transfer> {
            (
                "[0-9]{6}",
                "[A-Z0-9]{1,19}",
                any::<bool>(),
                any::<bool>(),
                proptest::option::of(1i64..=MAX_AMOUNT),
                proptest::option::of("[ -~]{0,40}"),
            )
                .prop_map(|(bin, account, card, dynamic, amount, purpose)| Transfer {
                    bin,
                    account,
                    service: if card { Service::Card } else { Service::Account },
                    initiation: if dynamic {
                        Initiation::Dynamic
                    } else {
                        Initiation::Static
                    },
                    amount,
                    purpose,
                })
        }

        proptest! {
            #[test]
            fn encode_then_decode_gives_the_same_fields(t in transfer()) {
                let p = encode(&t).unwrap();
                let d = decode(&p).unwrap();
                prop_assert_eq!(d.kind, Kind::VietqrTransfer);
                prop_assert_eq!(d.bin.as_deref(), Some(t.bin.as_str()));
                prop_assert_eq!(d.account.as_deref(), Some(t.account.as_str()));
                prop_assert_eq!(d.service, Some(t.service));
                prop_assert_eq!(d.initiation, Some(t.initiation));
                prop_assert_eq!(d.amount, t.amount);
                let want = t.purpose.as_deref().map(ascii_text).filter(|p| !p.is_empty());
                prop_assert_eq!(d.purpose, want);
            }

            #[test]
            fn any_field_order_and_unknown_tags_survive(
                t in transfer(),
                extra in proptest::collection::vec((80u8..=99, "[A-Za-z0-9 ]{1,20}"), 0..4),
                seed in any::<u64>(),
            ) {
                // take an encoded code apart, add unknown tags, shuffle the middle
                let p = encode(&t).unwrap();
                let d = decode(&p).unwrap();
                let mut middle: Vec<Tlv> = d.fields[1..d.fields.len() - 1].to_vec();
                for (id, v) in &extra {
                    let id = format!("{id:02}");
                    if !middle.iter().any(|f| f.id == id) {
                        middle.push(Tlv::new(&id, v.clone()));
                    }
                }
                let mut rng = crate::synth::Rng::new(seed);
                for i in (1..middle.len()).rev() {
                    let j = rng.below(i as u64 + 1) as usize;
                    middle.swap(i, j);
                }
                let mut fields = vec![Tlv::new("00", "01")];
                fields.extend(middle.iter().cloned());
                let shuffled = tlv::seal(tlv::encode(&fields, "root").unwrap());
                let d2 = decode(&shuffled).unwrap();
                prop_assert_eq!(&d2.fields[1..d2.fields.len() - 1], &middle[..]);
                prop_assert_eq!(d2.amount, t.amount);
                prop_assert_eq!(d2.account, d.account);
                let per_sale = personalize(&shuffled, 12_345, "HD1").unwrap();
                let d3 = decode(&per_sale).unwrap();
                prop_assert_eq!(d3.amount, Some(12_345));
                for f in d2.fields.iter().filter(|f| !["01", "54", "62", "63"].contains(&f.id.as_str())) {
                    prop_assert!(d3.fields.contains(f), "lost {:?}", f);
                }
            }

            #[test]
            fn decode_never_panics(s in "\\PC{0,300}") {
                let _ = decode(&s);
            }

            #[test]
            fn decode_never_panics_on_tlv_like_input(s in "[0-9A-Z]{0,200}") {
                let _ = decode(&s);
                let _ = decode(&tlv::seal(s));
            }
        }
    }
}
