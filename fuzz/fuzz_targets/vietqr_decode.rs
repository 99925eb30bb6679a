//! Any bytes into the VietQR decoder: it must return an error or a result,
//! never panic; whatever it accepts must be re-encodable as the same TLV.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(d) = quay::vietqr::decode(s) {
            let again = quay::vietqr::tlv::encode(&d.fields, "root").expect("accepted fields re-encode");
            assert_eq!(again, s.trim());
        }
    }
});
