//! The shop profile: who sells, where, how VAT is handled and where
//! transfers go. Validation lives here; `store` persists it.

use crate::einvoice::InvoiceSettings;
use crate::i18n::Msg;
use crate::msg;
use crate::printer_settings::{Paper, PrinterProfile, QrMode, TextMode};
use crate::text;
use crate::vietqr::banks;
use chrono::Datelike;

/// How the shop handles VAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaxMethod {
    /// Household business / direct method: sales invoices without VAT lines.
    Direct,
    /// VAT (deduction) method: VAT shown per rate.
    Deduction,
}

impl TaxMethod {
    pub fn parse(s: &str) -> Option<TaxMethod> {
        match s.trim().to_ascii_lowercase().as_str() {
            "direct" | "truc-tiep" | "tructiep" => Some(TaxMethod::Direct),
            "deduction" | "khau-tru" | "khautru" => Some(TaxMethod::Deduction),
            _ => None,
        }
    }

    /// The stored code exactly (`direct`, `deduction`); [`TaxMethod::parse`]
    /// is for what people type.
    pub fn from_code(s: &str) -> Option<TaxMethod> {
        [TaxMethod::Direct, TaxMethod::Deduction]
            .into_iter()
            .find(|m| m.code() == s)
    }

    pub fn code(self) -> &'static str {
        match self {
            TaxMethod::Direct => "direct",
            TaxMethod::Deduction => "deduction",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            TaxMethod::Direct => lang.pick("trực tiếp (hộ kinh doanh)", "direct (household business)"),
            TaxMethod::Deduction => lang.pick("khấu trừ (thuế GTGT)", "deduction (VAT method)"),
        }
    }
}

/// The stored profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShopProfile {
    /// Stable random id, made once when the shop file is created.
    pub shop_id: String,
    pub name: String,
    pub address: String,
    pub ward: String,
    pub phone: Option<String>,
    pub tax_code: Option<String>,
    pub tax_method: TaxMethod,
    pub bank_bin: String,
    pub bank_account: String,
    /// The shop's own VietQR payload, kept verbatim; per-sale codes are
    /// made from it (see `vietqr::personalize`).
    pub own_qr: Option<String>,
    pub is_demo: bool,
    /// Receipt printer settings.
    pub printer: crate::printer_settings::PrinterProfile,
    /// E-invoice settings, when the shop issues cash-register e-invoices.
    pub invoice: Option<crate::einvoice::InvoiceSettings>,
}

impl ShopProfile {
    /// Bank code and name from the directory, if the BIN is listed.
    pub fn bank_label(&self) -> String {
        match banks::by_bin(&self.bank_bin) {
            Some(b) => format!(
                "{} ({})",
                b.short_name.as_deref().or(b.code.as_deref()).unwrap_or(&b.name),
                b.bin
            ),
            None => self.bank_bin.clone(),
        }
    }
}

/// What `quay init` was given; `None` keeps the current value on a re-run.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    pub name: Option<String>,
    pub address: Option<String>,
    pub ward: Option<String>,
    pub phone: Option<String>,
    pub tax_code: Option<String>,
    pub tax_method: Option<String>,
    pub bank: Option<String>,
    pub account: Option<String>,
    /// The shop's own VietQR payload; "" removes it.
    pub from_qr: Option<String>,
    /// Printer URI; "" removes it.
    pub printer: Option<String>,
    pub paper: Option<String>,
    pub print_mode: Option<String>,
    pub qr_mode: Option<String>,
    pub drawer_pin: Option<String>,
    pub drawer_pulse_ms: Option<String>,
    pub open_drawer: Option<String>,
    pub receipt_footer: Option<String>,
    /// Mẫu số 1 or 2; "off" stops issuing e-invoices.
    pub invoice_form: Option<String>,
    pub invoice_series: Option<String>,
    pub invoice_block: Option<String>,
    pub location_code: Option<String>,
    pub invoice_threshold: Option<String>,
    pub invoice_dvtte: Option<String>,
    pub invoice_httoan: Option<String>,
    pub provider_mst: Option<String>,
    /// The T-VAN's tax code (`MNGui` = `V` + MST); "" removes it.
    pub tvan_mst: Option<String>,
    /// Business-location name (`NBan/TCHang`); "" removes it.
    pub location_name: Option<String>,
}

/// A refused profile field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    pub field: &'static str,
    pub msg: Msg,
}

/// A warning that does not stop the profile from being saved.
pub type Warning = Msg;

/// Apply `input` over `current` (or over nothing for a new shop) and
/// validate the result. An empty string clears an optional field. `today`
/// dates the e-invoice series (its year).
pub fn apply(
    current: Option<&ShopProfile>,
    input: &ProfileInput,
    new_shop_id: impl FnOnce() -> String,
    today: chrono::NaiveDate,
) -> Result<(ShopProfile, Vec<Warning>), ProfileError> {
    let mut warnings = Vec::new();
    // No control characters or noncharacters in any text of the profile.
    let texts: [(&'static str, &Option<String>); 23] = [
        ("name", &input.name),
        ("address", &input.address),
        ("ward", &input.ward),
        ("phone", &input.phone),
        ("tax-code", &input.tax_code),
        ("tax-method", &input.tax_method),
        ("bank", &input.bank),
        ("account", &input.account),
        ("from-qr", &input.from_qr),
        ("printer", &input.printer),
        ("paper", &input.paper),
        ("print-mode", &input.print_mode),
        ("qr-mode", &input.qr_mode),
        ("drawer-pin", &input.drawer_pin),
        ("drawer-pulse-ms", &input.drawer_pulse_ms),
        ("open-drawer", &input.open_drawer),
        ("invoice-form", &input.invoice_form),
        ("invoice-series", &input.invoice_series),
        ("invoice-block", &input.invoice_block),
        ("location-code", &input.location_code),
        ("invoice-threshold", &input.invoice_threshold),
        ("invoice-dvtte", &input.invoice_dvtte),
        ("provider-mst", &input.provider_mst),
    ];
    for (field, value) in texts.iter().chain([("invoice-httoan", &input.invoice_httoan)].iter()) {
        if let Some(v) = value
            && let Err(msg) = text::check_clean(field, v)
        {
            return Err(ProfileError { field, msg: msg.msg() });
        }
    }
    if let Some(v) = &input.receipt_footer
        && let Err(msg) = text::check_clean_lines("receipt-footer", v, true)
    {
        return Err(ProfileError {
            field: "receipt-footer",
            msg: msg.msg(),
        });
    }
    let pick = |given: &Option<String>, old: Option<&String>| -> Option<String> {
        given.as_ref().map(|s| text::nfc(s.trim())).or_else(|| old.cloned())
    };
    let required =
        |field: &'static str, value: Option<String>, vi: &str, en: &str| match value.filter(|v| !v.is_empty()) {
            Some(v) if v.chars().count() <= 400 => Ok(v),
            Some(_) => Err(ProfileError {
                field,
                msg: Msg::new(
                    format!("{vi} dài quá 400 ký tự"),
                    format!("{en} is longer than 400 characters"),
                ),
            }),
            None => Err(ProfileError {
                field,
                msg: Msg::new(
                    format!("thiếu {vi}: hãy thêm --{field}"),
                    format!("{en} is missing: add --{field}"),
                ),
            }),
        };
    let name = required(
        "name",
        pick(&input.name, current.map(|c| &c.name)),
        "tên cửa hàng",
        "shop name",
    )?;
    let address = required(
        "address",
        pick(&input.address, current.map(|c| &c.address)),
        "địa chỉ",
        "address",
    )?;
    let ward = required("ward", pick(&input.ward, current.map(|c| &c.ward)), "phường/xã", "ward")?;

    let phone = pick(&input.phone, current.and_then(|c| c.phone.as_ref())).filter(|p| !p.is_empty());
    if let Some(p) = &phone {
        let digits: String = p.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        let body = digits.strip_prefix('+').unwrap_or(&digits);
        if body.len() < 8 || body.len() > 15 || !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ProfileError {
                field: "phone",
                msg: msg!(
                    "số điện thoại '{p}' không hợp lệ: cần 8–15 chữ số, ví dụ 0912 345 678",
                    "phone '{p}' is not valid: expected 8–15 digits, e.g. 0912 345 678"
                ),
            });
        }
    }

    let tax_code = pick(&input.tax_code, current.and_then(|c| c.tax_code.as_ref())).filter(|t| !t.is_empty());
    if let Some(t) = &tax_code
        && !is_tax_code(t)
    {
        return Err(ProfileError {
            field: "tax-code",
            msg: msg!(
                "mã số thuế '{t}' không hợp lệ: cần 10 chữ số, 10 chữ số + '-' + 3 chữ số (chi nhánh), hoặc số định danh 12 chữ số",
                "tax code '{t}' is not valid: expected 10 digits, 10 digits + '-' + 3 digits (branch), or a 12-digit personal ID"
            ),
        });
    }

    let tax_method = match &input.tax_method {
        Some(s) => TaxMethod::parse(s).ok_or_else(|| ProfileError {
            field: "tax-method",
            msg: msg!(
                "phương pháp thuế '{s}' không hợp lệ: cần direct (trực tiếp) hoặc deduction (khấu trừ)",
                "tax method '{s}' is not valid: expected direct or deduction"
            ),
        })?,
        None => current.map(|c| c.tax_method).ok_or_else(|| ProfileError {
            field: "tax-method",
            msg: msg!(
                "thiếu phương pháp thuế: hãy thêm --tax-method direct|deduction",
                "tax method is missing: add --tax-method direct|deduction"
            ),
        })?,
    };

    // The shop's own QR gives bank and account unless they are given too.
    let mut own_qr = current.and_then(|c| c.own_qr.clone());
    let mut qr_bank: Option<(String, String)> = None;
    if let Some(payload) = &input.from_qr {
        let payload = payload.trim();
        if payload.is_empty() {
            own_qr = None;
        } else {
            let d = crate::vietqr::decode(payload).map_err(|e| ProfileError {
                field: "from-qr",
                msg: e.msg(),
            })?;
            if d.kind != crate::vietqr::Kind::VietqrTransfer {
                let kind = d.kind.label(crate::i18n::Lang::Vi);
                let kind_en = d.kind.label(crate::i18n::Lang::En);
                return Err(ProfileError {
                    field: "from-qr",
                    msg: Msg::new(
                        format!("đây là mã {kind}, không phải mã VietQR chuyển khoản vào tài khoản của cửa hàng"),
                        format!("this is a {kind_en} code, not a VietQR transfer to the shop's account"),
                    ),
                });
            }
            if let (Some(bin), Some(acc)) = (d.bin, d.account) {
                qr_bank = Some((bin, acc));
            }
            own_qr = Some(payload.to_string());
        }
    }
    let bank_bin = match (&input.bank, &qr_bank) {
        (None, Some((bin, _))) => Some(bin.clone()),
        _ => None,
    };
    let bank_bin = match bank_bin.as_ref().or(input.bank.as_ref()) {
        Some(b) if bank_bin.is_some() => b.clone(),
        Some(b) => resolve_bank(b, &mut warnings)?,
        None => current.map(|c| c.bank_bin.clone()).ok_or_else(|| ProfileError {
            field: "bank",
            msg: msg!(
                "thiếu ngân hàng nhận chuyển khoản: hãy thêm --bank MÃ|BIN (ví dụ VCB hoặc 970436)",
                "bank is missing: add --bank CODE|BIN (e.g. VCB or 970436)"
            ),
        })?,
    };
    let qr_account = match (&input.account, &qr_bank) {
        (None, Some((_, acc))) => Some(acc.clone()),
        _ => None,
    };
    let bank_account = match qr_account.as_ref().or(input.account.as_ref()) {
        Some(a) => {
            let a = a.trim();
            if !is_account(a) {
                return Err(ProfileError {
                    field: "account",
                    msg: msg!(
                        "số tài khoản '{a}' không hợp lệ: cần 1–19 chữ cái không dấu hoặc chữ số, không có dấu cách",
                        "account '{a}' is not valid: expected 1–19 ASCII letters or digits, no spaces"
                    ),
                });
            }
            a.to_string()
        }
        None => current.map(|c| c.bank_account.clone()).ok_or_else(|| ProfileError {
            field: "account",
            msg: msg!(
                "thiếu số tài khoản: hãy thêm --account SỐ",
                "account is missing: add --account NUMBER"
            ),
        })?,
    };

    let profile = ShopProfile {
        shop_id: current.map(|c| c.shop_id.clone()).unwrap_or_else(new_shop_id),
        name,
        address,
        ward,
        phone,
        tax_code,
        tax_method,
        bank_bin,
        bank_account,
        own_qr,
        is_demo: current.is_some_and(|c| c.is_demo),
        printer: apply_printer(current.map(|c| &c.printer), input)?,
        invoice: None,
    };
    let invoice = apply_invoice(current.and_then(|c| c.invoice.as_ref()), input, &profile, today)?;
    let profile = ShopProfile { invoice, ..profile };
    Ok((profile, warnings))
}

fn yes_no(field: &'static str, s: &str) -> Result<bool, ProfileError> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "co" | "có" | "true" | "1" | "on" => Ok(true),
        "no" | "khong" | "không" | "false" | "0" | "off" => Ok(false),
        _ => Err(ProfileError {
            field,
            msg: msg!("'{s}': cần yes hoặc no", "'{s}': expected yes or no"),
        }),
    }
}

fn apply_invoice(
    current: Option<&InvoiceSettings>,
    input: &ProfileInput,
    shop: &ShopProfile,
    today: chrono::NaiveDate,
) -> Result<Option<InvoiceSettings>, ProfileError> {
    let bad = |field: &'static str, msg: Msg| ProfileError { field, msg };
    if input
        .invoice_form
        .as_deref()
        .is_some_and(|f| matches!(f.trim(), "" | "off" | "none"))
    {
        return Ok(None);
    }
    let touched = input.invoice_form.is_some() || input.invoice_series.is_some() || input.invoice_block.is_some();
    if current.is_none() && !touched {
        if input.location_code.is_some()
            || input.location_name.is_some()
            || input.invoice_threshold.is_some()
            || input.provider_mst.is_some()
            || input.tvan_mst.is_some()
        {
            return Err(bad(
                "invoice-form",
                msg!(
                    "chưa bật hóa đơn điện tử: hãy thêm --invoice-form, --invoice-series và --invoice-block",
                    "e-invoices are not set up: add --invoice-form, --invoice-series and --invoice-block"
                ),
            ));
        }
        return Ok(None);
    }
    let year = today.year();
    let form = match &input.invoice_form {
        Some(f) => match f.trim() {
            "1" => 1,
            "2" => 2,
            _ => {
                return Err(bad(
                    "invoice-form",
                    msg!("mẫu số '{f}': cần 1 hoặc 2", "form '{f}': expected 1 or 2"),
                ));
            }
        },
        None => match current {
            Some(c) => c.form,
            None => {
                return Err(bad(
                    "invoice-form",
                    msg!(
                        "thiếu --invoice-form: 2 cho hộ kinh doanh (trực tiếp), 1 cho phương pháp khấu trừ",
                        "--invoice-form is missing: 2 for household businesses (direct), 1 for the deduction method"
                    ),
                ));
            }
        },
    };
    let (coded, letters) = match &input.invoice_series {
        Some(s) => crate::einvoice::parse_series(s, form, year).map_err(|m| bad("invoice-series", m.msg()))?,
        None => match current {
            // a K symbol stored by an older build: quay issues coded invoices only
            Some(c) if c.coded != 'C' => {
                let l = &c.letters;
                return Err(bad(
                    "invoice-series",
                    msg!(
                        "ký hiệu K..M{l} đang lưu là hóa đơn không có mã: quay lập hóa đơn có mã của cơ quan thuế, hãy đặt lại --invoice-series (ký hiệu bắt đầu bằng C)",
                        "the stored symbol K..M{l} is for uncoded invoices: quay issues coded invoices, set --invoice-series again (a symbol starting with C)"
                    ),
                ));
            }
            Some(c) => (c.coded, c.letters.clone()),
            None => {
                return Err(bad(
                    "invoice-series",
                    msg!(
                        "thiếu --invoice-series (ví dụ AA)",
                        "--invoice-series is missing (e.g. AA)"
                    ),
                ));
            }
        },
    };
    let block = match &input.invoice_block {
        Some(b) => crate::einvoice::check_block(b).map_err(|m| bad("invoice-block", m.msg()))?,
        None => match current {
            Some(c) => c.block.clone(),
            None => {
                return Err(bad(
                    "invoice-block",
                    msg!(
                        "thiếu --invoice-block: 5 ký tự cơ quan thuế cấp khi đăng ký máy tính tiền",
                        "--invoice-block is missing: the 5 characters issued when the cash register was registered"
                    ),
                ));
            }
        },
    };
    match (form, shop.tax_method) {
        (1, TaxMethod::Direct) => {
            return Err(bad(
                "invoice-form",
                msg!(
                    "mẫu số 1 (hóa đơn GTGT) dành cho phương pháp khấu trừ; hộ kinh doanh trực tiếp dùng mẫu số 2",
                    "form 1 (VAT invoice) is for the deduction method; direct-method households use form 2"
                ),
            ));
        }
        (2, TaxMethod::Deduction) => {
            return Err(bad(
                "invoice-form",
                msg!(
                    "mẫu số 2 (hóa đơn bán hàng) dành cho phương pháp trực tiếp; phương pháp khấu trừ dùng mẫu số 1",
                    "form 2 (sales invoice) is for the direct method; the deduction method uses form 1"
                ),
            ));
        }
        _ => {}
    }
    if shop.tax_code.is_none() {
        return Err(bad(
            "tax-code",
            msg!(
                "hóa đơn điện tử cần mã số thuế người bán: hãy thêm --tax-code",
                "e-invoices need the seller's tax code: add --tax-code"
            ),
        ));
    }
    let pick = |given: &Option<String>, old: Option<String>| -> Option<String> {
        match given {
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(s.trim().to_string()),
            None => old,
        }
    };
    let provider_mst = pick(&input.provider_mst, current.and_then(|c| c.provider_mst.clone()));
    if let Some(m) = &provider_mst
        && !is_tax_code(m)
    {
        return Err(bad(
            "provider-mst",
            msg!(
                "MST nhà cung cấp '{m}' không hợp lệ",
                "provider tax code '{m}' is not valid"
            ),
        ));
    }
    let tvan_mst = pick(&input.tvan_mst, current.and_then(|c| c.tvan_mst.clone()));
    if let Some(m) = &tvan_mst
        && !(is_tax_code(m) && m.len() != 12)
    {
        return Err(bad(
            "tvan-mst",
            msg!(
                "MST của T-VAN '{m}' không hợp lệ: cần 10 chữ số hoặc 10-3",
                "T-VAN tax code '{m}' is not valid: expected 10 digits or 10-3"
            ),
        ));
    }
    let location = pick(&input.location_code, current.and_then(|c| c.location.clone()));
    let location_name = pick(&input.location_name, current.and_then(|c| c.location_name.clone()));
    for (field, v, max) in [("location-code", &location, 50), ("location-name", &location_name, 400)] {
        if let Some(v) = v
            && (v.chars().count() > max || !v.chars().all(crate::einvoice::xml_text_char))
        {
            return Err(bad(
                field,
                msg!(
                    "'{v}': tối đa {max} ký tự, không có ký tự điều khiển",
                    "'{v}': at most {max} characters, no control characters"
                ),
            ));
        }
    }
    if location_name.is_some() && location.is_none() {
        return Err(bad(
            "location-name",
            msg!(
                "tên địa điểm kinh doanh cần --location-code đi kèm",
                "a business-location name needs --location-code too"
            ),
        ));
    }
    let threshold = match &input.invoice_threshold {
        Some(t) => {
            crate::money::Vnd::parse(t).map_err(|e| bad("invoice-threshold", msg!("'{t}': {e}", "'{t}': {e}")))?
        }
        None => current.map(|c| c.threshold).unwrap_or(crate::money::Vnd::ZERO),
    };
    Ok(Some(InvoiceSettings {
        form,
        coded,
        letters,
        block,
        location,
        location_name,
        threshold,
        dvtte: match &input.invoice_dvtte {
            Some(s) => yes_no("invoice-dvtte", s)?,
            None => current.is_some_and(|c| c.dvtte),
        },
        httoan: match &input.invoice_httoan {
            Some(s) => yes_no("invoice-httoan", s)?,
            None => current.is_some_and(|c| c.httoan),
        },
        provider_mst,
        tvan_mst,
    }))
}

fn apply_printer(current: Option<&PrinterProfile>, input: &ProfileInput) -> Result<PrinterProfile, ProfileError> {
    let mut p = current.cloned().unwrap_or_default();
    let bad = |field: &'static str, msg: Msg| ProfileError { field, msg };
    if let Some(u) = &input.printer {
        let u = u.trim();
        if u.is_empty() {
            p.uri = None;
        } else {
            crate::printer_settings::PrinterUri::parse(u).map_err(|m| bad("printer", m))?;
            p.uri = Some(u.to_string());
        }
    }
    if let Some(s) = &input.paper {
        p.paper = Paper::parse(s).ok_or_else(|| {
            bad(
                "paper",
                msg!("khổ giấy '{s}': cần 58 hoặc 80", "paper '{s}': expected 58 or 80"),
            )
        })?;
    }
    if let Some(s) = &input.print_mode {
        p.mode = TextMode::parse(s).ok_or_else(|| {
            bad(
                "print-mode",
                msg!(
                    "chế độ in '{s}': cần raster, tcvn3, cp1258 hoặc ascii",
                    "print mode '{s}': expected raster, tcvn3, cp1258 or ascii"
                ),
            )
        })?;
    }
    if let Some(s) = &input.qr_mode {
        p.qr = QrMode::parse(s).ok_or_else(|| {
            bad(
                "qr-mode",
                msg!("'{s}': cần native hoặc raster", "'{s}': expected native or raster"),
            )
        })?;
    }
    if let Some(s) = &input.drawer_pin {
        p.drawer_pin = match s.trim() {
            "2" => 2,
            "5" => 5,
            _ => {
                return Err(bad(
                    "drawer-pin",
                    msg!("chân ngăn kéo '{s}': cần 2 hoặc 5", "drawer pin '{s}': expected 2 or 5"),
                ));
            }
        };
    }
    if let Some(s) = &input.drawer_pulse_ms {
        let ms: u16 = s.trim().parse().ok().filter(|v| (2..=510).contains(v)).ok_or_else(|| {
            bad(
                "drawer-pulse",
                msg!("xung '{s}': cần 2–510 ms", "pulse '{s}': expected 2–510 ms"),
            )
        })?;
        p.drawer_on_ms = ms;
        p.drawer_off_ms = ms;
    }
    if let Some(s) = &input.open_drawer {
        p.open_drawer = match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "co" | "có" | "true" | "1" => true,
            "no" | "khong" | "không" | "false" | "0" => false,
            _ => {
                return Err(bad(
                    "open-drawer",
                    msg!("'{s}': cần yes hoặc no", "'{s}': expected yes or no"),
                ));
            }
        };
    }
    if let Some(f) = &input.receipt_footer {
        let f = text::nfc(f.trim());
        p.footer = (!f.is_empty()).then_some(f);
    }
    Ok(p)
}

/// `MST`: 10 digits, 10 digits + `-` + 3 digits (branch), or the 12-digit
/// personal ID number household owners increasingly use.
pub fn is_tax_code(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    match b.len() {
        10 | 12 => digits(b),
        14 => digits(&b[..10]) && b[10] == b'-' && digits(&b[11..]),
        _ => false,
    }
}

pub use crate::vietqr::is_account;

/// The code a customer scans to pay one sale: the shop's own QR made
/// dynamic for this amount when it has one, else a fresh VietQR transfer to
/// the profile's bank account. The purpose starts with the sale number.
pub fn sale_code(
    profile: &ShopProfile,
    amount: i64,
    sale_no: &str,
    text: &str,
) -> Result<String, crate::vietqr::QrError> {
    let purpose = crate::vietqr::payload::sale_purpose(sale_no, text);
    match &profile.own_qr {
        Some(own) => crate::vietqr::personalize(own, amount, &purpose),
        None => crate::vietqr::encode(&crate::vietqr::Transfer {
            bin: profile.bank_bin.clone(),
            account: profile.bank_account.clone(),
            service: crate::vietqr::Service::Account,
            initiation: crate::vietqr::Initiation::Dynamic,
            amount: Some(amount),
            purpose: Some(purpose),
        }),
    }
}

fn resolve_bank(input: &str, warnings: &mut Vec<Warning>) -> Result<String, ProfileError> {
    let t = input.trim();
    if let Some(b) = banks::find(t) {
        if b.vietqr == "not_listed" {
            let name = &b.name;
            warnings.push(msg!(
                "ngân hàng {name} chưa có trong danh sách VietQR: hãy thử quét mã trước khi dùng",
                "bank {name} is not on the VietQR lists: test a code before relying on it"
            ));
        }
        return Ok(b.bin.clone());
    }
    if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        warnings.push(msg!(
            "BIN {t} không có trong danh bạ ngân hàng NAPAS đi kèm: vẫn lưu, hãy kiểm tra lại với ngân hàng",
            "BIN {t} is not in the bundled NAPAS directory: saved anyway, check it with the bank"
        ));
        return Ok(t.to_string());
    }
    Err(ProfileError {
        field: "bank",
        msg: msg!(
            "không biết ngân hàng '{t}': cần mã (VCB, TCB, ICB…), tên ngắn (Vietcombank) hoặc BIN 6 chữ số",
            "unknown bank '{t}': expected a code (VCB, TCB, ICB…), a short name (Vietcombank) or a 6-digit BIN"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }

    fn full() -> ProfileInput {
        ProfileInput {
            name: Some("Tạp hóa Cô Ba".into()),
            address: Some("12 Lê Lợi".into()),
            ward: Some("Phường Thuận Hóa".into()),
            phone: Some("0912 345 678".into()),
            tax_code: Some("0312345678".into()),
            tax_method: Some("direct".into()),
            bank: Some("VCB".into()),
            account: Some("0071000123456".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_full_profile_is_accepted() {
        let (p, w) = apply(None, &full(), || "id1".into(), today()).unwrap();
        assert_eq!(p.bank_bin, "970436");
        assert_eq!(p.shop_id, "id1");
        assert!(w.is_empty());
        assert_eq!(p.bank_label(), "Vietcombank (970436)");
    }

    #[test]
    fn a_rerun_changes_only_what_is_given() {
        let (p, _) = apply(None, &full(), || "id1".into(), today()).unwrap();
        let change = ProfileInput {
            address: Some("14 Lê Lợi".into()),
            tax_code: Some(String::new()),
            ..Default::default()
        };
        let (q, _) = apply(Some(&p), &change, || unreachable!(), today()).unwrap();
        assert_eq!(q.address, "14 Lê Lợi");
        assert_eq!(q.name, p.name);
        assert_eq!(q.tax_code, None);
        assert_eq!(q.shop_id, "id1");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Change = fn(&mut ProfileInput);
        let cases: Vec<(Change, &str)> = vec![
            (|i| i.name = None, "name"),
            (|i| i.tax_code = Some("031234567".into()), "tax-code"),
            (|i| i.tax_code = Some("0312345678-01".into()), "tax-code"),
            (|i| i.tax_method = Some("flat".into()), "tax-method"),
            (|i| i.bank = Some("NOPE".into()), "bank"),
            (|i| i.account = Some("0071 000".into()), "account"),
            (|i| i.account = Some("sốtàikhoản".into()), "account"),
            (|i| i.account = Some("12345678901234567890".into()), "account"),
            (|i| i.phone = Some("12".into()), "phone"),
        ];
        for (change, field) in cases {
            let mut input = full();
            change(&mut input);
            let e = apply(None, &input, || "x".into(), today()).unwrap_err();
            assert_eq!(e.field, field, "{}", e.msg.en);
        }
    }

    #[test]
    fn the_shops_own_qr_gives_bank_and_account() {
        let momo = "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8";
        let mut input = full();
        input.bank = None;
        input.account = None;
        input.from_qr = Some(momo.into());
        let (p, _) = apply(None, &input, || "x".into(), today()).unwrap();
        assert_eq!(p.bank_bin, "970454");
        assert_eq!(p.bank_account, "99MM24011M34875080");
        assert_eq!(p.own_qr.as_deref(), Some(momo));
        // a VNPAY merchant code is not the shop's transfer account
        input.from_qr = Some("00020101021126280010A000000775011001087990425204597753037045802VN5909MYPHAMHER6005HANOI62260311MY PHAM HER0707MPHER0163041C50".into());
        assert_eq!(
            apply(None, &input, || "x".into(), today()).unwrap_err().field,
            "from-qr"
        );
        // a broken code names the reason
        input.from_qr = Some(format!("{}0000", &momo[..momo.len() - 4]));
        let e = apply(None, &input, || "x".into(), today()).unwrap_err();
        assert!(e.msg.en.contains("CRC mismatch"), "{}", e.msg.en);
        // "" removes it again
        let clear = ProfileInput {
            from_qr: Some(String::new()),
            ..Default::default()
        };
        let (q, _) = apply(Some(&p), &clear, || unreachable!(), today()).unwrap();
        assert_eq!(q.own_qr, None);
        assert_eq!(q.bank_account, "99MM24011M34875080");
    }

    #[test]
    fn branch_tax_codes_and_unknown_bins() {
        let mut input = full();
        input.tax_code = Some("0312345678-001".into());
        input.bank = Some("999999".into());
        let (p, w) = apply(None, &input, || "x".into(), today()).unwrap();
        assert_eq!(p.bank_bin, "999999");
        assert_eq!(w.len(), 1, "unknown BIN warns");
    }
}
