//! VietQR: EMVCo TLV and CRC (`tlv`), VietQR payloads (`payload`), the NAPAS
//! bank directory (`banks`) and drawing codes (`render`).

pub mod banks;
pub mod payload;
pub mod render;
pub mod tlv;

pub use payload::{Decoded, Initiation, Kind, QrError, Service, Transfer, decode, encode, personalize};

use crate::shop::ShopProfile;

/// The code a customer scans to pay one sale: the shop's own QR made
/// dynamic for this amount when it has one, else a fresh VietQR transfer to
/// the profile's bank account. The purpose starts with the sale number.
pub fn sale_code(profile: &ShopProfile, amount: i64, sale_no: &str, text: &str) -> Result<String, QrError> {
    let purpose = payload::sale_purpose(sale_no, text);
    match &profile.own_qr {
        Some(own) => personalize(own, amount, &purpose),
        None => encode(&Transfer {
            bin: profile.bank_bin.clone(),
            account: profile.bank_account.clone(),
            service: Service::Account,
            initiation: Initiation::Dynamic,
            amount: Some(amount),
            purpose: Some(purpose),
        }),
    }
}
