//! Cash-register e-invoices (`quay invoice …`).

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::*;
use chrono::NaiveDate;

/// The provider's answer for an invoice (`invoice status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProviderAnswer {
    Accepted,
    Rejected,
}

impl ProviderAnswer {
    /// The status stored for the invoice.
    pub fn status(self) -> crate::einvoice::InvoiceStatus {
        match self {
            ProviderAnswer::Accepted => crate::einvoice::InvoiceStatus::Accepted,
            ProviderAnswer::Rejected => crate::einvoice::InvoiceStatus::Rejected,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// Invoices of a period (default today).
    List {
        #[arg(long, value_parser = date)]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = date)]
        to: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t)]
        format: SheetFormat,
        /// Write the csv or xlsx output into this file (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// One invoice; --xml prints its exact stored XML.
    Show {
        number: i64,
        /// The symbol (C26MAA) when several symbols have this number.
        #[arg(long)]
        symbol: Option<String>,
        #[arg(long)]
        xml: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write the XML of every invoice of a period into a folder.
    Export {
        #[arg(long, value_parser = date)]
        from: NaiveDate,
        #[arg(long, value_parser = date)]
        to: NaiveDate,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Build the day's message (TDiep 206, ≤ 2 MB each) into the outbox.
    Batch {
        /// Business date YYYY-MM-DD (default yesterday).
        #[arg(long, value_parser = date)]
        date: Option<NaiveDate>,
        /// Outbox folder (default: the data folder's outbox).
        #[arg(long, value_name = "DIR")]
        outbox: Option<PathBuf>,
    },
    /// Hand the batched messages of a day to the provider (file drop).
    Send {
        #[arg(long, value_parser = date)]
        date: Option<NaiveDate>,
        #[arg(long, value_name = "DIR")]
        outbox: Option<PathBuf>,
        /// The provider's pick-up folder.
        #[arg(long = "drop", value_name = "DIR")]
        drop_dir: PathBuf,
    },
    /// Record the provider's answer for an invoice: accepted or rejected.
    Status {
        number: i64,
        #[arg(long)]
        symbol: Option<String>,
        #[arg(value_enum)]
        status: ProviderAnswer,
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        auth: AuthArgs,
    },
}
