//! The counter: selling, sales, refunds, sessions, reports, users, receipts and the printer.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::*;
use crate::checkout::tender::Method;
use crate::printer_settings::{Paper, TextMode};
use crate::report::cashless::Grouping;
use crate::report::profit::By as ProfitBy;
use crate::users::Role;
use chrono::NaiveDate;

#[derive(Debug, Args)]
pub struct SellArgs {
    /// Barcode or SKU, optionally with a quantity: 8936000001025, 3*MI-GOI, 0,35*GAO-ST25.
    #[arg(
        long = "item",
        required = true,
        value_name = "CODE[*QTY]",
        allow_hyphen_values = true
    )]
    pub items: Vec<String>,
    /// cash[:AMOUNT] | qr[@AMOUNT] | card[:REF][@AMOUNT] | wallet:NAME[:REF][@AMOUNT] | debt[:AMOUNT] (with --customer); repeat to split.
    #[arg(long = "pay", required = true)]
    pub pays: Vec<String>,
    /// Cart discount: 10% or 5000.
    #[arg(long)]
    pub discount: Option<String>,
    /// Do not print the receipt (it stays queued).
    #[arg(long = "no-print")]
    pub no_print: bool,
    /// Issue an e-invoice even below the shop's threshold.
    #[arg(long)]
    pub invoice: bool,
    /// A client id (UUID) for this sale: running the same command again with
    /// the same id returns the first sale instead of selling twice.
    #[arg(long = "id", value_name = "UUID")]
    pub id: Option<String>,
    /// Take a cash amount far above what is due (over 10× it and over
    /// 5.000.000 ₫); without it such an amount is refused as a likely typo.
    #[arg(long = "confirm-large")]
    pub confirm_large: bool,
    /// Change the price of one line with a reason: LINE:PRICE:REASON (line
    /// numbers from 1 in --item order; a manager above the discount threshold).
    #[arg(long = "price-override", value_name = "LINE:PRICE:REASON")]
    pub price_overrides: Vec<String>,
    /// Add an --item barcode the catalogue does not know and sell it at once:
    /// NAME;UNIT;PRICE;VAT (a manager once the shop has users).
    #[arg(long = "new-item", value_name = "NAME;UNIT;PRICE;VAT")]
    pub new_item: Option<String>,
    /// The customer (name, phone or KH… code): needed for --pay debt; with
    /// --invoice and no --buyer-* their details fill the buyer block.
    #[arg(long, value_name = "NAME|PHONE")]
    pub customer: Option<String>,
    #[command(flatten)]
    pub buyer: BuyerArgs,
    #[command(flatten)]
    pub who: WhoArgs,
}

#[derive(Debug, Subcommand)]
pub enum SalesCommand {
    /// Documents of a period, newest first.
    List {
        /// First business date (YYYY-MM-DD), default today.
        #[arg(long, value_parser = date)]
        from: Option<NaiveDate>,
        /// Last business date, default = from.
        #[arg(long, value_parser = date)]
        to: Option<NaiveDate>,
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t)]
        format: SheetFormat,
        /// Write the csv or xlsx output into this file (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// One document with its lines and payments.
    Show {
        number: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct RefundArgs {
    /// The sale number.
    pub number: i64,
    /// LINE[:QTY] (line numbers as in `quay sales show`); none = everything left.
    #[arg(long = "line", value_name = "LINE[:QTY]")]
    pub lines: Vec<String>,
    /// How the money goes back: cash, qr, card, wallet:NAME (default: the
    /// way the sale was mostly paid).
    #[arg(long, value_parser = REFUND_METHOD)]
    pub method: Option<Method>,
    /// Reference of the money sent back (the transfer's transaction code).
    #[arg(long)]
    pub reference: Option<String>,
    #[command(flatten)]
    pub who: WhoArgs,
}

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Open a cash session with a float.
    Open {
        #[arg(long = "float", default_value = "0")]
        float: String,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Put cash into the drawer.
    CashIn {
        #[arg(long)]
        amount: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Take cash out of the drawer.
    CashOut {
        #[arg(long)]
        amount: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Close the session: count the cash, print and freeze the Z report.
    Close {
        #[arg(long)]
        counted: String,
        #[command(flatten)]
        who: WhoArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The open session so far.
    X {
        #[arg(long)]
        json: bool,
    },
    /// Closed sessions' Z reports of a date (default today).
    Z {
        #[arg(long, value_parser = date)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Cashless share and e-invoice coverage by day, ISO week or month.
    Cashless {
        #[arg(long, value_parser = span)]
        from: Span,
        #[arg(long, value_parser = span)]
        to: Span,
        #[arg(long, default_value = "day", value_parser = GROUPING)]
        by: Grouping,
        #[arg(long, value_enum, default_value_t)]
        format: SheetFormat,
        /// Write the csv or xlsx output into this file (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The end-of-day summary per cashier: sales, methods, refunds, voids,
    /// discounts, debt payments taken.
    Cashiers {
        /// Business date (YYYY-MM-DD), default today.
        #[arg(long, value_parser = date)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t)]
        format: SheetFormat,
        /// Write the csv or xlsx output into this file (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The shop's month (or any period) at a glance, as the ward sees it.
    Summary {
        /// YYYY-MM, YYYY-Www, YYYY-MM-DD or FROM..TO.
        #[arg(long)]
        period: String,
        #[arg(long)]
        json: bool,
    },
    /// Gross profit: revenue (net of VAT for VAT-method shops), cost, profit.
    Profit {
        /// First business date (YYYY-MM-DD).
        #[arg(long, value_parser = date)]
        from: NaiveDate,
        /// Last business date (YYYY-MM-DD).
        #[arg(long, value_parser = date)]
        to: NaiveDate,
        /// Rows by day or by product (default: totals only).
        #[arg(long, value_parser = PROFIT_BY)]
        by: Option<ProfitBy>,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t)]
        format: SheetFormat,
        /// Write the csv or xlsx output into this file (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a cashier or manager.
    Add {
        name: String,
        #[arg(long, default_value = "cashier", value_name = "cashier|manager", value_parser = ROLE)]
        role: Role,
        /// The new user's PIN: 4–8 digits.
        #[arg(long = "set-pin", value_name = "PIN")]
        set_pin: String,
        #[command(flatten)]
        who: WhoArgs,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Disable {
        name: String,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Re-enable a user (also clears wrong-PIN attempts).
    Enable {
        name: String,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// A manager who forgot the PIN or is locked out: the one-time recovery
    /// code (given when the first manager was added) sets a new PIN and
    /// gives a new code.
    Recover {
        name: String,
        #[arg(long, value_name = "CODE")]
        code: String,
        #[arg(long = "set-pin", value_name = "PIN")]
        set_pin: String,
    },
}

/// The buyer's details for the e-invoice (only when the buyer asks).
#[derive(Debug, Args, Default, Clone)]
pub struct BuyerArgs {
    #[arg(long = "buyer-name")]
    pub buyer_name: Option<String>,
    #[arg(long = "buyer-address")]
    pub buyer_address: Option<String>,
    /// The buyer's tax code (MST): 10 digits or 10-3.
    #[arg(long = "buyer-tax-code", value_name = "MST")]
    pub buyer_tax_code: Option<String>,
    /// The buyer's personal ID number (CCCD), 12 digits.
    #[arg(long = "buyer-id", value_name = "CCCD")]
    pub buyer_id: Option<String>,
    #[arg(long = "buyer-phone")]
    pub buyer_phone: Option<String>,
}

/// One-off printer settings.
#[derive(Debug, Args, Default, Clone)]
pub struct PrintFlags {
    /// Printer URI for this print only.
    #[arg(long, value_name = "URI")]
    pub printer: Option<String>,
    /// Paper width for this print only: 58 or 80.
    #[arg(long, value_name = "58|80", value_parser = PAPER)]
    pub paper: Option<Paper>,
    /// Text mode for this print only: raster, tcvn3, cp1258, ascii.
    #[arg(long, value_name = "MODE", value_parser = TEXT_MODE)]
    pub mode: Option<TextMode>,
    /// Add the VietQR code for the total (a bill the customer pays by transfer).
    #[arg(long = "pay-qr")]
    pub pay_qr: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReceiptCommand {
    /// Show a receipt as text (the same layout the printer gets).
    Preview {
        number: i64,
        #[command(flatten)]
        flags: PrintFlags,
        /// Also write the raster the printer would receive in raster mode.
        #[arg(long, value_name = "FILE")]
        png: Option<PathBuf>,
    },
    /// Print (or reprint) a sale's receipt.
    Print {
        number: i64,
        #[command(flatten)]
        flags: PrintFlags,
        /// Also open the cash drawer (logged with the user).
        #[arg(long)]
        drawer: bool,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Print jobs still waiting or failed.
    Jobs {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PrinterCommand {
    /// Print a test page with the whole Vietnamese alphabet in each mode (or one).
    Test {
        #[command(flatten)]
        flags: PrintFlags,
    },
}
