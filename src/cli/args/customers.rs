//! Customers and the debt book (`quay customers …`, `quay debt …`, issue 18).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::*;

/// A customer's fields for `customers add` / `customers edit`.
#[derive(Debug, Args, Default, Clone)]
pub struct CustomerFields {
    #[arg(long)]
    pub name: Option<String>,
    /// A Vietnamese number: 09xx…, 03x…, 02x… landline, +84 allowed.
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    /// Tax code for the invoice buyer block (10, 10-3 or 12 digits).
    #[arg(long = "tax-code")]
    pub tax_code: Option<String>,
    /// 12-digit personal ID (CCCD).
    #[arg(long = "id-number")]
    pub id_number: Option<String>,
    /// Debt above this needs a manager (changing it needs a manager too).
    #[arg(long, value_name = "AMOUNT")]
    pub limit: Option<String>,
    /// Remove the debt limit.
    #[arg(long = "no-limit", conflicts_with = "limit")]
    pub no_limit: bool,
}

#[derive(Debug, Subcommand)]
pub enum CustomersCommand {
    /// Add a customer (--name and --phone needed).
    Add {
        #[command(flatten)]
        fields: CustomerFields,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// All customers with what they owe.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One customer (name, phone or KH… code) with the balance.
    Show {
        customer: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a customer's details (only the fields given).
    Edit {
        customer: String,
        #[command(flatten)]
        fields: CustomerFields,
        #[command(flatten)]
        who: WhoArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum DebtCommand {
    /// Record a payment by a customer (never more than the balance).
    Pay {
        /// Name, phone or KH… code.
        customer: String,
        #[arg(long)]
        amount: String,
        /// cash | qr | card | wallet:NAME (momo, zalopay, vnpay, shopeepay, other).
        #[arg(long, value_parser = PAYMENT_METHOD)]
        method: crate::checkout::tender::Method,
        /// Transfer code, card slip or wallet transaction.
        #[arg(long)]
        reference: Option<String>,
        /// A client id (UUID): the same id again returns the first payment.
        #[arg(long = "id", value_name = "UUID")]
        id: Option<String>,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// The aged list: who owes what, since when.
    List {
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t)]
        format: SheetFormat,
        /// Write the csv or xlsx output into this file (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// A customer's statement: balance, open sales, history.
    Show {
        customer: String,
        #[arg(long)]
        json: bool,
    },
}
