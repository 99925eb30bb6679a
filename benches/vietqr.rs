//! VietQR speed: encode + CRC, decode, QR matrix. Run: `cargo bench --bench vietqr`.

use divan::black_box;
use quay::vietqr::{Initiation, Service, Transfer, decode, encode, personalize, render};

fn main() {
    divan::main();
}

fn transfer() -> Transfer {
    Transfer {
        bin: "970436".into(),
        account: "0071000123456".into(),
        service: Service::Account,
        initiation: Initiation::Dynamic,
        amount: Some(1_250_000),
        purpose: Some("HD000123 TAP HOA CO BA".into()),
    }
}

const MOMO: &str = "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8";

/// A dynamic per-sale payload with its CRC.
#[divan::bench]
fn encode_dynamic() -> String {
    encode(black_box(&transfer())).expect("encode")
}

/// The shop's own MoMo code made into a per-sale code.
#[divan::bench]
fn personalize_own_qr() -> String {
    personalize(black_box(MOMO), black_box(125_000), "HD000123").expect("personalize")
}

/// Decode and check a typical payload (structure, CRC, every rule).
#[divan::bench]
fn decode_typical(b: divan::Bencher) {
    let p = encode(&transfer()).expect("encode");
    b.bench(|| decode(black_box(&p)).expect("decode"));
}

/// QR module matrix for a typical payload.
#[divan::bench]
fn qr_matrix(b: divan::Bencher) {
    let p = encode(&transfer()).expect("encode");
    b.bench(|| render::matrix(black_box(&p)).expect("matrix"));
}
