//! The shop profile (`quay init`) and the audit log (`quay audit …`).

use clap::{Args, Subcommand};

use super::*;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Print the profile instead of changing it.
    #[arg(long)]
    pub show: bool,
    /// With --show: print JSON.
    #[arg(long, requires = "show")]
    pub json: bool,
    #[command(flatten)]
    pub auth: AuthArgs,
    /// Round the amount due of a sale paid wholly in cash to 0 (off), 500
    /// or 1000 ₫ (its own line on the receipt and the Z report).
    #[arg(long = "cash-rounding", value_name = "0|500|1000", value_parser = CASH_ROUNDING)]
    pub cash_rounding: Option<i64>,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    /// Ward (phường/xã).
    #[arg(long)]
    pub ward: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    /// Tax code (MST): 10 digits or 10 + '-' + 3. Empty to clear.
    #[arg(long = "tax-code", value_name = "MST")]
    pub tax_code: Option<String>,
    /// direct (household business) or deduction (VAT method).
    #[arg(long = "tax-method", value_name = "direct|deduction", value_parser = TAX_METHOD)]
    pub tax_method: Option<crate::shop::TaxMethod>,
    /// Bank for transfers: code (VCB), short name or 6-digit BIN.
    #[arg(long, value_name = "CODE|BIN")]
    pub bank: Option<String>,
    /// Account number for transfers (1–19 letters/digits).
    #[arg(long, value_name = "NO")]
    pub account: Option<String>,
    /// The shop's own VietQR (bank sticker, MoMo, ZaloPay…): kept as it is,
    /// per-sale codes are made from it. "" removes it.
    #[arg(long = "from-qr", value_name = "PAYLOAD")]
    pub from_qr: Option<String>,
    /// Receipt printer: file:/dev/usb/lp0, tcp://HOST:9100, stdout ("" = none).
    #[arg(long, value_name = "URI")]
    pub printer: Option<String>,
    /// Paper width: 58 or 80 (mm).
    #[arg(long, value_name = "58|80", value_parser = PAPER)]
    pub paper: Option<crate::printer_settings::Paper>,
    /// How Vietnamese text is printed: raster, tcvn3, cp1258 or ascii.
    #[arg(long = "print-mode", value_name = "MODE", value_parser = TEXT_MODE)]
    pub print_mode: Option<crate::printer_settings::TextMode>,
    /// QR codes drawn by the printer (native) or sent as an image (raster).
    #[arg(long = "qr-mode", value_name = "native|raster", value_parser = QR_MODE)]
    pub qr_mode: Option<crate::printer_settings::QrMode>,
    /// Cash drawer connector pin: 2 or 5.
    #[arg(long = "drawer-pin", value_name = "2|5")]
    pub drawer_pin: Option<String>,
    /// Cash drawer pulse length in ms (2–510).
    #[arg(long = "drawer-pulse", value_name = "MS")]
    pub drawer_pulse: Option<String>,
    /// Open the drawer on cash sales: yes or no.
    #[arg(long = "open-drawer", value_name = "yes|no")]
    pub open_drawer: Option<String>,
    /// Text printed at the bottom of receipts.
    #[arg(long = "receipt-footer", value_name = "TEXT")]
    pub receipt_footer: Option<String>,
    /// E-invoice form (mẫu số): 2 household/direct, 1 deduction; "off" stops e-invoices.
    #[arg(long = "invoice-form", value_name = "1|2|off")]
    pub invoice_form: Option<String>,
    /// Symbol letters (AA) or a full cash-register symbol (2C26MAA).
    #[arg(long = "invoice-series", value_name = "AA")]
    pub invoice_series: Option<String>,
    /// The 5-character block issued by the tax authority.
    #[arg(long = "invoice-block", value_name = "XXXXX")]
    pub invoice_block: Option<String>,
    /// Business-location code (households with several shops).
    #[arg(long = "location-code", value_name = "CODE")]
    pub location_code: Option<String>,
    /// Sales below this get no e-invoice unless the buyer asks (default 0: every sale).
    #[arg(long = "invoice-threshold", value_name = "AMOUNT")]
    pub invoice_threshold: Option<String>,
    /// Write DVTTe (VND) in TTChung: yes|no (unconfirmed for cash-register invoices).
    #[arg(long = "invoice-dvtte", value_name = "yes|no")]
    pub invoice_dvtte: Option<String>,
    /// Write HTTToan (TM, CK, TM/CK) in TTChung: yes|no.
    #[arg(long = "invoice-httoan", value_name = "yes|no")]
    pub invoice_httoan: Option<String>,
    /// The e-invoice provider's tax code, written as MSTTCGP ("" = none).
    #[arg(long = "provider-mst", value_name = "MST")]
    pub provider_mst: Option<String>,
    /// The T-VAN provider that transmits the day's invoices (MNGui = V + MST).
    #[arg(long = "tvan-mst", value_name = "MST")]
    pub tvan_mst: Option<String>,
    /// Business-location name shown with --location-code ("" = none).
    #[arg(long = "location-name", value_name = "NAME")]
    pub location_name: Option<String>,
    /// The seller's signing certificate (PKCS#12) for the day's 206 messages;
    /// its password comes from QUAY_CERT_PASSWORD or is asked, never stored.
    #[arg(long = "signing-cert", value_name = "FILE.p12")]
    pub signing_cert: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain and every document it covers (sales, invoices,
    /// Z reports, users, profile, products); names each one edited,
    /// deleted or inserted.
    Verify {
        #[arg(long)]
        json: bool,
        /// Also check the chain against an anchor taken earlier: a JSON file
        /// with a top-level `audit_head` (Z report JSON, ward bundle, batch
        /// sidecar) or `SEQ:HASH` (at least 16 hex characters).
        #[arg(long, value_name = "FILE|SEQ:HASH")]
        against: Vec<String>,
    },
    /// Print the chain head as SEQ:HASH (16 hex characters; --json: whole).
    Head {
        #[arg(long)]
        json: bool,
    },
}
