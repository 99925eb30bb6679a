//! VietQR: the NAPAS bank directory (EMVCo payloads come with their issue).

pub mod banks;
