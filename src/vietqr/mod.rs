//! VietQR: EMVCo TLV and CRC (`tlv`), VietQR payloads (`payload`), the NAPAS
//! bank directory (`banks`) and drawing codes (`render`).

pub mod banks;
pub mod payload;
pub mod render;
pub mod tlv;

pub use payload::{Decoded, Initiation, Kind, QrError, Service, Transfer, decode, encode, is_account, personalize};
