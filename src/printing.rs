//! Printing a committed sale: build the receipt, encode it for the shop's
//! printer, send it, and record the outcome on the sale's print job. A
//! printer that is off or unreachable never undoes a sale: the job stays
//! (failed, with the error) for `quay receipt print` or the reprint key.

use crate::counter::CounterError;
use crate::i18n::{Lang, Msg};
use crate::msg_key;
use crate::receipt::transport::{self, PrinterUri};
use crate::receipt::{self, Paper, PrinterProfile, ReceiptQr, TextMode};
use crate::sales::{SaleRecord, format_number};
use crate::store::Store;

/// Why a receipt or the test page could not be made, or a sale not printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintError {
    /// The sale number as shown.
    NoSale(String),
    NoProfile,
    NoPrinter,
    /// The encoder's words.
    Receipt(String),
    TestPage(String),
    PayQr(crate::vietqr::QrError),
}

impl PrintError {
    pub fn msg(&self) -> Msg {
        match self {
            PrintError::NoSale(number) => msg_key!("printing.no_sale", number),
            PrintError::NoProfile => msg_key!("printing.no_profile"),
            PrintError::NoPrinter => msg_key!("printing.no_printer"),
            PrintError::Receipt(detail) => msg_key!("printing.receipt", detail),
            PrintError::TestPage(detail) => msg_key!("printing.test_page", detail),
            PrintError::PayQr(e) => e.msg(),
        }
    }
}

crate::english_display!(PrintError);

impl From<PrintError> for Msg {
    fn from(e: PrintError) -> Msg {
        e.msg()
    }
}

/// One-off changes to the printer settings (CLI flags).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub uri: Option<String>,
    pub paper: Option<Paper>,
    pub mode: Option<TextMode>,
    /// Add a VietQR code for the sale's total (a bill to pay by transfer).
    pub pay_qr: bool,
}

impl Overrides {
    pub fn apply(&self, mut p: PrinterProfile) -> PrinterProfile {
        if let Some(u) = &self.uri {
            p.uri = Some(u.clone());
        }
        if let Some(x) = self.paper {
            p.paper = x;
        }
        if let Some(m) = self.mode {
            p.mode = m;
        }
        p
    }
}

/// Whether a sale should open the cash drawer: it took cash and the shop
/// wants the drawer opened.
pub fn opens_drawer(sale: &SaleRecord, p: &PrinterProfile) -> bool {
    p.open_drawer
        && sale
            .payments
            .iter()
            .any(|x| x.method == crate::checkout::tender::Method::Cash)
}

/// The bytes for a sale's receipt.
pub fn receipt_bytes(
    sale: &SaleRecord,
    shop: &crate::shop::ShopProfile,
    p: &PrinterProfile,
    lang: Lang,
    drawer: bool,
    pay_qr: bool,
) -> Result<Vec<u8>, PrintError> {
    receipt_bytes_marked(sale, shop, p, lang, drawer, pay_qr, false)
}

/// [`receipt_bytes`], marked "BẢN SAO" when `copy` (a reprint).
fn receipt_bytes_marked(
    sale: &SaleRecord,
    shop: &crate::shop::ShopProfile,
    p: &PrinterProfile,
    lang: Lang,
    drawer: bool,
    pay_qr: bool,
    copy: bool,
) -> Result<Vec<u8>, PrintError> {
    let qr = if pay_qr {
        Some(pay_qr_for(sale, shop, lang)?)
    } else {
        None
    };
    let mut r = receipt::build(sale, shop, p.paper.cols(), lang, qr);
    if copy {
        receipt::mark_copy(&mut r, p.paper.cols(), lang);
    }
    receipt::escpos::encode(&r, p, drawer).map_err(|e| PrintError::Receipt(e.to_string()))
}

/// The VietQR code that pays this sale's total by transfer.
pub fn pay_qr_for(sale: &SaleRecord, shop: &crate::shop::ShopProfile, lang: Lang) -> Result<ReceiptQr, PrintError> {
    let payload = crate::shop::sale_code(shop, sale.total.0, &format!("DH{}", format_number(sale.number)), "")
        .map_err(PrintError::PayQr)?;
    Ok(ReceiptQr {
        payload,
        caption: vec![
            lang.pick("Quét mã để chuyển khoản", "Scan to pay by bank transfer")
                .to_string(),
            format!("{} {}", shop.bank_label(), shop.bank_account),
        ],
    })
}

/// Print (or reprint) a sale. `drawer` opens the cash drawer with it (and
/// logs who opened it).
pub fn print_sale(
    store: &mut Store,
    number: i64,
    ov: &Overrides,
    actor: &str,
    lang: Lang,
    drawer: bool,
) -> Result<(), CounterError> {
    let shown = format_number(number);
    let sale = store
        .sale_by_number(number)?
        .ok_or_else(|| CounterError::Refused(PrintError::NoSale(shown).msg()))?;
    let shop = store
        .profile()?
        .ok_or_else(|| CounterError::Refused(PrintError::NoProfile.msg()))?;
    let p = ov.apply(shop.printer.clone());
    let Some(uri) = p.uri.clone() else {
        return Err(CounterError::Refused(PrintError::NoPrinter.msg()));
    };
    let uri = PrinterUri::parse(&uri)?;
    // a receipt printed once before comes out again as a copy
    let copy = store.printed_before(sale.id)?;
    let bytes = receipt_bytes_marked(&sale, &shop, &p, lang, drawer, ov.pay_qr, copy)
        .map_err(|e| CounterError::Refused(e.msg()))?;
    let job = store.print_job_for_sale(sale.id)?;
    match transport::send(&uri, &bytes) {
        Ok(()) => {
            tracing::info!(sale = number, "receipt printed");
            store.print_job_result(job, None)?;
            if drawer {
                store.log_event(actor, "drawer.open", &format!("sale:{number}"), "{}")?;
            }
            Ok(())
        }
        Err(e) => {
            let m = e.msg();
            tracing::warn!(sale = number, "printer failed: {}", m.en);
            store.print_job_result(job, Some(&m.en))?;
            Err(CounterError::Device(m))
        }
    }
}

/// The printer test page: the whole Vietnamese alphabet in the given mode,
/// with a sample VietQR so the QR setting can be checked too.
pub fn test_page(p: &PrinterProfile, lang: Lang) -> Result<Vec<u8>, PrintError> {
    let cols = p.paper.cols();
    let mut lines = Vec::new();
    lines.extend(receipt::wrap(
        &format!("quay — {} {}", lang.pick("TRANG IN THỬ", "TEST PAGE"), p.mode.code()),
        cols,
    ));
    lines.push(format!(
        "{} {} mm, {} {}",
        lang.pick("Giấy", "Paper"),
        p.paper.mm(),
        lang.pick("chế độ", "mode"),
        p.mode.code()
    ));
    lines.push("=".repeat(cols));
    lines.extend(receipt::wrap(receipt::codepage::VIETNAMESE_ALPHABET, cols));
    lines.extend(receipt::wrap(
        &receipt::codepage::VIETNAMESE_ALPHABET.to_uppercase(),
        cols,
    ));
    lines.push("-".repeat(cols));
    lines.extend(receipt::wrap(
        "Cà phê sữa đá · Bánh lọc Huế · Nước mắm Phá Tam Giang · Đường cát trắng",
        cols,
    ));
    lines.push(receipt::two_cols("TỔNG CỘNG", "1.250.000 ₫", cols));
    lines.push("=".repeat(cols));
    let bold = lines
        .iter()
        .map(|l| l.starts_with("quay") || l.starts_with("TỔNG"))
        .collect();
    let qr = crate::vietqr::encode(&crate::vietqr::Transfer {
        bin: "970436".into(),
        account: "0071000123456".into(),
        service: crate::vietqr::Service::Account,
        initiation: crate::vietqr::Initiation::Dynamic,
        amount: Some(1_250_000),
        purpose: Some("QUAY TEST".into()),
    })
    .ok()
    .map(|payload| ReceiptQr {
        payload,
        caption: vec![
            lang.pick("Mã VietQR mẫu (không chuyển tiền)", "Sample VietQR (do not pay)")
                .to_string(),
        ],
    });
    let r = receipt::Receipt { lines, bold, qr };
    receipt::escpos::encode(&r, p, false).map_err(|e| PrintError::TestPage(e.to_string()))
}
