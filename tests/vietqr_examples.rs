//! Every public sample payload decodes to its stated meaning or is refused
//! for its stated reason (`tests/data/vietqr-examples.txt`, from the team's
//! domain notes).

use quay::vietqr::{Initiation, Kind, QrError, Service, decode};

struct Case {
    name: String,
    expect: String,
    payload: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/vietqr-examples.txt");
    let mut out: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push(Case {
                name: name.to_string(),
                expect: String::new(),
                payload: String::new(),
            });
        } else if let Some(e) = line.strip_prefix("expect: ") {
            out.last_mut().unwrap().expect = e.trim().to_string();
        } else if let Some(p) = line.strip_prefix("payload: ") {
            out.last_mut().unwrap().payload = p.to_string();
        }
    }
    out
}

#[test]
fn every_sample_gets_its_stated_verdict() {
    let all = cases();
    assert!(all.len() >= 18, "{} cases", all.len());
    for c in &all {
        let got = decode(&c.payload);
        let ok = match c.expect.as_str() {
            "VALID_VIETQR" => matches!(&got, Ok(d) if d.kind == Kind::VietqrTransfer),
            "VALID_VIETQR_MERCHANT" => matches!(&got, Ok(d) if d.kind == Kind::VietqrMerchant),
            "VALID_EMV_NOT_VIETQR" => {
                matches!(&got, Ok(d) if matches!(d.kind, Kind::VnpayQr | Kind::OtherEmv))
            }
            "CRC_MISMATCH" => matches!(got, Err(QrError::CrcMismatch { .. })),
            "MALFORMED" => matches!(got, Err(QrError::Tlv(_) | QrError::CrcMissing | QrError::CrcNotLast)),
            "MALFORMED_CRC_OK" | "INVALID_FIELD_CRC_OK" => {
                matches!(&got, Err(e) if !matches!(e, QrError::CrcMismatch { .. }))
            }
            other => panic!("{}: unknown expectation {other}", c.name),
        };
        assert!(ok, "{} expected {} but got {:?}", c.name, c.expect, got);
    }
}

fn case(name: &str) -> quay::vietqr::Decoded {
    let c = cases().into_iter().find(|c| c.name == name).unwrap();
    decode(&c.payload).unwrap()
}

#[test]
fn sample_meanings_are_read_exactly() {
    let v02 = case("V02");
    assert_eq!(v02.initiation, Some(Initiation::Static));
    assert_eq!(v02.service, Some(Service::Card));
    assert_eq!(v02.account.as_deref(), Some("9704031101234567"));
    assert_eq!(v02.amount, None);

    let v08 = case("V08");
    assert_eq!(v08.crc, "0283", "the leading zero is kept");
    assert_eq!(v08.bank().and_then(|b| b.code.as_deref()), Some("TCB"));

    let v10 = case("V10");
    assert_eq!(v10.account.as_deref(), Some("99MM24011M34875080"));
    assert_eq!(v10.reference.as_deref(), Some("MOMOW2W34875080"));
    let other: Vec<(&str, &str)> = v10
        .other_fields()
        .iter()
        .map(|f| (f.id.as_str(), f.value.as_str()))
        .collect();
    assert_eq!(other, [("80", "046")]);

    let v16 = case("V16");
    assert_eq!(v16.amount, Some(100));
    assert_eq!(v16.merchant_name.as_deref(), Some("company_1_data"));
    assert_eq!(v16.purpose.as_deref(), Some("INVTEST0001"));

    let v18 = case("V18");
    assert_eq!(v18.initiation, Some(Initiation::Static));
    assert_eq!(v18.amount, Some(1_000_000));
    assert!(!v18.warnings.is_empty(), "static with an amount warns");

    let v20 = case("V20");
    assert_eq!(v20.amount, Some(70_001));

    let e01 = case("E01");
    assert_eq!(e01.kind, Kind::VnpayQr);

    let e05 = case("E05");
    assert_eq!(e05.kind, Kind::OtherEmv);
}

#[test]
fn refusals_name_the_field() {
    let n05 = cases().into_iter().find(|c| c.name == "N05").unwrap();
    let e = decode(&n05.payload).unwrap_err();
    assert!(e.to_string().contains("38/01"), "{e}");
    let n07 = cases().into_iter().find(|c| c.name == "N07").unwrap();
    assert_eq!(decode(&n07.payload).unwrap_err(), QrError::FormatValue("00".into()));
}
