//! VietQR codes (`quay vietqr …`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum VietqrCommand {
    /// Read a payload: kind, bank, account, amount, purpose, every tag, CRC.
    Decode {
        payload: String,
        #[arg(long)]
        json: bool,
    },
    /// Make a transfer code (from the shop profile unless --bank/--account).
    Encode(EncodeArgs),
}

#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// Bank code (VCB…), short name or 6-digit BIN.
    #[arg(long, requires = "account", value_name = "CODE|BIN")]
    pub bank: Option<String>,
    /// Account number (or card number with --card).
    #[arg(long, requires = "bank", value_name = "NO")]
    pub account: Option<String>,
    /// The number is a card number (service QRIBFTTC).
    #[arg(long)]
    pub card: bool,
    /// Amount in đồng: 125000, 125.000, 125k, 1,5tr.
    #[arg(long)]
    pub amount: Option<String>,
    /// Transfer description (folded to ASCII, at most 25 characters).
    #[arg(long)]
    pub purpose: Option<String>,
    /// A reusable code (01=11) instead of a one-payment code (01=12).
    #[arg(long = "static")]
    pub is_static: bool,
    /// Also write the code as a PNG image.
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
    /// Also write the code as an SVG image.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}
