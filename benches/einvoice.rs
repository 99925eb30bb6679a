//! E-invoice speed: building one 20-line `HDon` (mẫu 1 and mẫu 2).
//! Exporting a year of invoices: `cargo run --release --example invoice_export`.

use divan::Bencher;
use quay::catalog::VatRate;
use quay::einvoice::InvoiceSettings;
use quay::einvoice::xml::{InvLine, InvVat, InvoiceDoc, build};
use quay::money::Vnd;

fn main() {
    divan::main();
}

#[divan::bench(args = [1, 2])]
fn build_20_line_invoice(b: Bencher, form: u8) {
    let st = InvoiceSettings {
        form,
        coded: 'C',
        letters: "AA".into(),
        block: "A1B2C".into(),
        location: None,
        location_name: None,
        threshold: Vnd(0),
        dvtte: false,
        httoan: false,
        provider_mst: None,
        tvan_mst: None,
    };
    let lines: Vec<InvLine> = (0..20)
        .map(|i| InvLine {
            sku: format!("SP{i:06}"),
            name: format!("Cà phê sữa đá Hương Giang loại {i}"),
            unit: "lon".into(),
            qty_milli: 1500,
            unit_price: Vnd(15_000),
            vat: if i % 2 == 0 { VatRate::Eight } else { VatRate::Ten },
            gross: Vnd(22_500),
            line_discount: Vnd(0),
            line_discount_bp: None,
            cart_discount: Vnd(0),
            net: Vnd(22_500),
        })
        .collect();
    let vat = vec![
        InvVat {
            rate: VatRate::Eight,
            total: Vnd(225_000),
            pre_tax: Vnd(208_333),
            tax: Vnd(16_667),
        },
        InvVat {
            rate: VatRate::Ten,
            total: Vnd(225_000),
            pre_tax: Vnd(204_545),
            tax: Vnd(20_455),
        },
    ];
    let methods = vec!["cash".to_string()];
    let qr = quay::einvoice::lookup_qr("3301234567", form, "C26MAA", 1, "2026-07-15", Vnd(450_000));
    b.bench(|| {
        build(&InvoiceDoc {
            settings: &st,
            seller_name: "Hộ kinh doanh Tạp hóa Minh Anh",
            seller_mst: "3301234567",
            seller_address: "12 Lê Lợi, Phường Thuận Hóa, Thành phố Huế",
            seller_phone: None,
            symbol: "C26MAA",
            number: 1,
            date: "2026-07-15",
            mccqt: "M2-26-A1B2C-00000000001",
            lines: &lines,
            vat: &vat,
            total: Vnd(450_000),
            buyer: None,
            related: None,
            methods: &methods,
            lookup_qr: Some(&qr),
            reduction_note: None,
        })
    });
}
