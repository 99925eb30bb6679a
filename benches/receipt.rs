//! Receipt encoding speed: a 30-line receipt with a VietQR code, in each
//! text mode and in raster mode, 80 mm. Run: `cargo bench --bench receipt`.

use divan::Bencher;
use quay::catalog::VatRate;
use quay::money::Vnd;
use quay::receipt::{self, Paper, PrinterProfile, ReceiptQr, TextMode};
use quay::sales::{LineRecord, PaymentRecord, SaleKind, SaleRecord};

fn main() {
    divan::main();
}

fn sale() -> SaleRecord {
    let lines: Vec<LineRecord> = (0..30)
        .map(|i| LineRecord {
            id: i,
            line_no: i + 1,
            product_id: i,
            sku: format!("S{i}"),
            name: format!("Cà phê sữa đá Hương Giang số {i}"),
            unit: "lon".into(),
            unit_price: Vnd(15_000),
            qty_milli: 1000,
            vat_rate: VatRate::Eight,
            gross: Vnd(15_000),
            line_discount: Vnd(0),
            cart_discount: Vnd(0),
            net: Vnd(15_000),
            discount: None,
            ref_line_id: None,
            returned_milli: 0,
        })
        .collect();
    SaleRecord {
        id: 1,
        uuid: "u".into(),
        number: 1,
        kind: SaleKind::Sale,
        ref_number: None,
        session_id: 1,
        ts: chrono::DateTime::parse_from_rfc3339("2026-11-23T18:30:00+07:00").unwrap(),
        business_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        user: "Lan".into(),
        approved_by: None,
        tax_method: quay::shop::TaxMethod::Direct,
        subtotal: Vnd(450_000),
        discount: Vnd(0),
        total: Vnd(450_000),
        change: Vnd(50_000),
        lines,
        payments: vec![PaymentRecord {
            method: quay::checkout::tender::Method::Cash,
            amount: Vnd(450_000),
            tendered: Vnd(500_000),
            reference: None,
            confirmed_by: None,
        }],
        vat: vec![],
        reversed_by: vec![],
        invoice: None,
    }
}

#[divan::bench(args = [TextMode::Tcvn3, TextMode::Cp1258, TextMode::Ascii, TextMode::Raster])]
fn encode_30_line_receipt_80mm(b: Bencher, mode: TextMode) {
    let mut shop = quay::demo::demo_profile();
    shop.printer = PrinterProfile {
        mode,
        paper: Paper::Mm80,
        ..Default::default()
    };
    let s = sale();
    let qr = ReceiptQr {
        payload: "00020101021238570010A00000072701270006970436011300710001234560208QRIBFTTA530370454064500005802VN62120808DH00000163041234".into(),
        caption: vec!["Quét để thanh toán".into()],
    };
    let r = receipt::build(&s, &shop, 48, quay::Lang::Vi, Some(qr));
    b.bench(|| receipt::escpos::encode(&r, &shop.printer, true).expect("encode"));
}

/// Laying out the same receipt (wrapping, columns), done once per sale.
#[divan::bench]
fn layout_30_line_receipt_80mm() -> Vec<String> {
    let shop = quay::demo::demo_profile();
    receipt::layout(&sale(), &shop, 48, quay::Lang::Vi)
}
