//! Receipts on the wire: golden ESC/POS bytes for every mode and paper, a
//! byte interpreter that reads the job back like a printer would, and the
//! real transports (a TCP listener on 127.0.0.1, a refused connection, a
//! printer that stops reading).

use std::io::Read;
use std::net::TcpListener;
use std::path::PathBuf;

use quay::catalog::VatRate;
use quay::money::Vnd;
use quay::receipt::codepage::{self, TextMode};
use quay::receipt::{self, Paper, PrinterProfile, QrMode, ReceiptQr};
use quay::sales::{LineRecord, PaymentRecord, SaleKind, SaleRecord};
use quay::shop::{ShopProfile, TaxMethod};

fn shop() -> ShopProfile {
    ShopProfile {
        shop_id: "golden".into(),
        name: "Tạp hóa Cô Ba Hương Giang".into(),
        address: "12 Lê Lợi".into(),
        ward: "Phường Thuận Hóa, Huế".into(),
        phone: Some("0234 3820 000".into()),
        tax_code: Some("3301234567".into()),
        tax_method: TaxMethod::Deduction,
        bank_bin: "970436".into(),
        bank_account: "0071000123456".into(),
        own_qr: None,
        is_demo: false,
        printer: PrinterProfile {
            footer: Some("Hẹn gặp lại quý khách!".into()),
            ..Default::default()
        },
        invoice: None,
    }
}

fn line(no: i64, name: &str, unit: &str, price: i64, qty: i64, vat: VatRate) -> LineRecord {
    let gross = price * qty / 1000;
    LineRecord {
        id: no,
        line_no: no,
        product_id: no,
        sku: format!("SKU{no}"),
        name: name.into(),
        unit: unit.into(),
        unit_price: Vnd(price),
        qty_milli: qty,
        vat_rate: vat,
        gross: Vnd(gross),
        line_discount: Vnd(0),
        cart_discount: Vnd(0),
        net: Vnd(gross),
        discount: None,
        ref_line_id: None,
        returned_milli: 0,
    }
}

fn sale() -> SaleRecord {
    let lines = vec![
        line(1, "Cà phê sữa đá lon 235ml", "lon", 15_000, 2000, VatRate::Eight),
        line(2, "Gạo ST25", "kg", 32_000, 350, VatRate::Five),
        line(
            3,
            "ĐƯỜNG CÁT TRẮNG BIÊN HÒA LOẠI ĐẶC BIỆT GÓI MỘT KÝ RƯỠI",
            "gói",
            24_000,
            1000,
            VatRate::Eight,
        ),
        line(4, "Thẻ cào điện thoại 50.000", "thẻ", 50_000, 1000, VatRate::Kct),
    ];
    let total: i64 = lines.iter().map(|l| l.net.0).sum();
    SaleRecord {
        id: 1,
        uuid: "u".into(),
        number: 123,
        kind: SaleKind::Sale,
        ref_number: None,
        session_id: 1,
        ts: chrono::DateTime::parse_from_rfc3339("2026-11-23T18:30:00+07:00").unwrap(),
        business_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        user: "Lan".into(),
        approved_by: None,
        tax_method: TaxMethod::Deduction,
        subtotal: Vnd(total),
        discount: Vnd(0),
        total: Vnd(total),
        change: Vnd(200_000 - total),
        lines,
        payments: vec![PaymentRecord {
            method: quay::checkout::tender::Method::Cash,
            amount: Vnd(total),
            tendered: Vnd(200_000),
            reference: None,
            confirmed_by: None,
        }],
        vat: vec![],
        reversed_by: vec![],
        invoice: None,
    }
}

const PAYLOAD: &str = "00020101021238570010A00000072701270006970436011300710001234560208QRIBFTTA530370454061252005802VN62120808DH00012363043B5D";

fn profile(mode: TextMode, paper: Paper, qr: QrMode) -> PrinterProfile {
    PrinterProfile {
        mode,
        paper,
        qr,
        footer: Some("Hẹn gặp lại quý khách!".into()),
        ..Default::default()
    }
}

fn job(mode: TextMode, paper: Paper, drawer: bool) -> (receipt::Receipt, Vec<u8>) {
    let p = profile(mode, paper, QrMode::Native);
    let r = receipt::build(
        &sale(),
        &shop(),
        paper.cols(),
        quay::Lang::Vi,
        Some(ReceiptQr {
            payload: PAYLOAD.into(),
            caption: vec!["Quét để thanh toán".into()],
        }),
    );
    let bytes = receipt::escpos::encode(&r, &p, drawer).unwrap();
    (r, bytes)
}

/// What a printer would do with the bytes.
#[derive(Debug, Default)]
struct Printed {
    lines: Vec<String>,
    qr: Vec<String>,
    rasters: Vec<(usize, usize)>,
    cut: bool,
    drawer: Option<(u8, u8, u8)>,
    bold_lines: Vec<String>,
}

fn interpret(bytes: &[u8], mode: TextMode) -> Printed {
    let mut out = Printed::default();
    let mut page = 0u8;
    let mut line: Vec<(u8, u8)> = Vec::new(); // (byte, page)
    let mut bold = false;
    let mut i = 0;
    let flush = |line: &mut Vec<(u8, u8)>, out: &mut Printed, bold: bool| {
        let mut s = String::new();
        let mut seg: Vec<u8> = Vec::new();
        let mut cur = line.first().map(|x| x.1).unwrap_or(0);
        for &(b, p) in line.iter() {
            if p != cur {
                s.push_str(&codepage::decode(&seg, mode, cur));
                seg.clear();
                cur = p;
            }
            seg.push(b);
        }
        s.push_str(&codepage::decode(&seg, mode, cur));
        if bold {
            out.bold_lines.push(s.clone());
        }
        out.lines.push(s);
        line.clear();
    };
    while i < bytes.len() {
        match bytes[i] {
            0x1B => match bytes[i + 1] {
                b'@' => i += 2,
                b't' => {
                    page = bytes[i + 2];
                    i += 3;
                }
                b'E' => {
                    bold = bytes[i + 2] == 1;
                    i += 3;
                }
                b'a' | b'd' | b'-' | b'M' => i += 3,
                b'p' => {
                    out.drawer = Some((bytes[i + 2], bytes[i + 3], bytes[i + 4]));
                    i += 5;
                }
                b'J' => i += 3,
                other => panic!("unknown ESC {other:#x} at {i}"),
            },
            0x1D => match bytes[i + 1] {
                b'V' => {
                    out.cut = true;
                    i += if bytes[i + 2] >= 65 { 4 } else { 3 };
                }
                b'(' if bytes[i + 2] == b'k' => {
                    let len = bytes[i + 3] as usize | (bytes[i + 4] as usize) << 8;
                    let (cn, fun) = (bytes[i + 5], bytes[i + 6]);
                    if cn == 49 && fun == 80 {
                        out.qr
                            .push(String::from_utf8(bytes[i + 8..i + 5 + len].to_vec()).unwrap());
                    }
                    i += 5 + len;
                }
                b'v' => {
                    let w = bytes[i + 4] as usize | (bytes[i + 5] as usize) << 8;
                    let h = bytes[i + 6] as usize | (bytes[i + 7] as usize) << 8;
                    out.rasters.push((w * 8, h));
                    i += 8 + w * h;
                }
                b'!' | b'B' => i += 3,
                other => panic!("unknown GS {other:#x} at {i}"),
            },
            b'\n' => {
                flush(&mut line, &mut out, bold);
                i += 1;
            }
            b => {
                line.push((b, page));
                i += 1;
            }
        }
    }
    out
}

#[test]
fn text_modes_print_exactly_the_layout() {
    for mode in [TextMode::Tcvn3, TextMode::Cp1258, TextMode::Ascii] {
        for paper in [Paper::Mm58, Paper::Mm80] {
            let (r, bytes) = job(mode, paper, false);
            let printed = interpret(&bytes, mode);
            let mut want: Vec<String> = r.lines.clone();
            #[allow(clippy::redundant_clone)]
            want.extend(receipt::wrap("Quét để thanh toán", paper.cols()).iter().flat_map(|l| {
                let pad = (paper.cols() - l.chars().count()) / 2;
                vec![format!("{}{l}", " ".repeat(pad))]
            }));
            // TCVN3 has no đồng sign and prints đ; ASCII folds everything
            let want: Vec<String> = match mode {
                TextMode::Ascii => want
                    .iter()
                    .map(|l| quay::text::to_ascii(&l.replace('\u{a0}', " ").replace('₫', "d")))
                    .collect(),
                TextMode::Tcvn3 => want
                    .iter()
                    .map(|l| l.replace('\u{a0}', " ").replace('₫', "đ"))
                    .collect(),
                _ => want,
            };
            assert_eq!(printed.lines, want, "{mode:?} {paper:?}");
            for l in &printed.lines {
                assert!(l.chars().count() <= paper.cols(), "{mode:?} {paper:?}: {l:?}");
            }
            assert_eq!(printed.qr, vec![PAYLOAD.to_string()]);
            assert!(printed.cut);
            assert!(printed.drawer.is_none());
            assert!(
                printed
                    .bold_lines
                    .iter()
                    .any(|l| l.contains("TỔNG CỘNG") || l.contains("TONG CONG"))
            );
        }
    }
}

#[test]
fn raster_mode_sends_images_the_width_of_the_paper() {
    for paper in [Paper::Mm58, Paper::Mm80] {
        let (r, bytes) = job(TextMode::Raster, paper, true);
        let printed = interpret(&bytes, TextMode::Raster);
        assert!(
            printed.lines.iter().all(|l| l.is_empty()),
            "no text bytes in raster mode"
        );
        assert!(printed.rasters.iter().all(|(w, _)| *w == paper.dots()));
        let rows: usize = printed.rasters.iter().map(|(_, h)| h).sum();
        let caption_lines = 1;
        assert_eq!(rows, (r.lines.len() + caption_lines) * receipt::raster::LINE_H);
        assert_eq!(printed.qr, vec![PAYLOAD.to_string()]);
        assert_eq!(printed.drawer, Some((0, 50, 50)), "pin 2, 100 ms on/off");
        assert!(printed.cut);
    }
}

#[test]
fn raster_qr_for_printers_without_2d_codes() {
    let p = profile(TextMode::Ascii, Paper::Mm58, QrMode::Raster);
    let r = receipt::build(
        &sale(),
        &shop(),
        32,
        quay::Lang::Vi,
        Some(ReceiptQr {
            payload: PAYLOAD.into(),
            caption: vec![],
        }),
    );
    let printed = interpret(&receipt::escpos::encode(&r, &p, false).unwrap(), TextMode::Ascii);
    assert!(printed.qr.is_empty());
    assert_eq!(printed.rasters.len(), 1);
    assert_eq!(printed.rasters[0].0, 384);
}

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// The exact bytes of each mode and width are kept in tests/golden; a
/// deliberate change rewrites them with QUAY_UPDATE_GOLDEN=1.
#[test]
fn golden_bytes_for_every_mode_and_width() {
    for mode in TextMode::ALL {
        for paper in [Paper::Mm58, Paper::Mm80] {
            let (_, bytes) = job(mode, paper, mode == TextMode::Raster);
            let path = golden(&format!("receipt_{}_{}mm.bin", mode.code(), paper.mm()));
            if std::env::var_os("QUAY_UPDATE_GOLDEN").is_some() {
                std::fs::write(&path, &bytes).unwrap();
            }
            let want =
                std::fs::read(&path).unwrap_or_else(|_| panic!("missing {path:?}: run with QUAY_UPDATE_GOLDEN=1"));
            assert!(
                want == bytes,
                "{path:?} differs ({} vs {} bytes)",
                want.len(),
                bytes.len()
            );
        }
    }
}

#[test]
fn a_whole_job_arrives_at_a_network_printer() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let reader = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        got
    });
    let (_, bytes) = job(TextMode::Tcvn3, Paper::Mm80, false);
    let uri = receipt::transport::PrinterUri::parse(&format!("tcp://127.0.0.1:{port}")).unwrap();
    receipt::transport::send(&uri, &bytes).unwrap();
    // the driver is dropped inside send: the connection closes
    assert_eq!(reader.join().unwrap(), bytes);
}

#[test]
fn a_printer_that_stops_reading_times_out_instead_of_hanging() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hold = std::thread::spawn(move || {
        let (s, _) = listener.accept().unwrap();
        std::thread::sleep(std::time::Duration::from_secs(8));
        drop(s);
    });
    let uri = receipt::transport::PrinterUri::parse(&format!("tcp://127.0.0.1:{port}")).unwrap();
    let start = std::time::Instant::now();
    let big = vec![0u8; 64 * 1024 * 1024];
    let e = receipt::transport::send(&uri, &big).unwrap_err().msg();
    assert!(
        start.elapsed() < std::time::Duration::from_secs(8),
        "gave up within the write timeout"
    );
    assert!(e.en.contains("error sending to printer"), "{}", e.en);
    hold.join().unwrap();
}
