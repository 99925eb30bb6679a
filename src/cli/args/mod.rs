//! Command-line arguments (clap). `main.rs` parses them and hands them to
//! [`crate::cli::run`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

mod assess;
mod counter;
mod customers;
mod invoice;
mod products;
mod shop;
mod stock;
mod tax;
mod values;
mod vietqr;
mod ward;

pub use assess::*;
pub use counter::*;
pub use customers::*;
pub use invoice::*;
pub use products::*;
pub use shop::*;
pub use stock::*;
pub use tax::*;
pub use values::*;
pub use vietqr::*;
pub use ward::*;

#[derive(Debug, Parser)]
#[command(
    name = "quay",
    version,
    about = "quay — máy tính tiền trong terminal cho cửa hàng bán lẻ / a terminal point-of-sale for Vietnamese shops",
    long_about = None
)]
pub struct Cli {
    /// Shop file (SQLite). Default: the user's data folder.
    #[arg(long, global = true, env = "QUAY_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// UI language: vi (default) or en.
    #[arg(long, global = true, env = "QUAY_LANG", value_enum)]
    pub lang: Option<Lang>,
    /// Use the demo shop (created and seeded on first use).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Also show what quay logs (debug detail) on stderr.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
    /// CSV exports without the UTF-8 byte order mark (for scripts; Excel
    /// needs it to show Vietnamese right).
    #[arg(long = "no-bom", global = true)]
    pub no_bom: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the shop file or change the shop profile; --show prints it.
    Init(Box<InitArgs>),
    /// The product catalogue.
    #[command(subcommand)]
    Products(ProductsCommand),
    /// Copy the shop file safely (SQLite online backup) and check the copy.
    Backup {
        /// Where to write the copy (must not exist).
        #[arg(long, value_name = "FILE", conflicts_with = "dir", required_unless_present = "dir")]
        out: Option<PathBuf>,
        /// Write a dated copy (NAME-YYYYMMDD-HHMMSS.quay) into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// With --dir: keep only the newest N dated copies.
        #[arg(long, value_name = "N", requires = "dir", value_parser = clap::value_parser!(u32).range(1..))]
        keep: Option<u32>,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Replace the shop file with a backup: the backup is checked, the
    /// current file (with -wal/-shm) is moved aside, never deleted, and
    /// numbering continues after the highest number ever issued.
    Restore {
        /// The backup file.
        #[arg(long, value_name = "BACKUP")]
        from: PathBuf,
        /// An invoice outbox whose batch files are evidence of numbers
        /// issued (the default outbox is always read).
        #[arg(long, value_name = "DIR")]
        outbox: Vec<PathBuf>,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// The hash-chained audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// VietQR payment codes: decode any code, make one for an amount.
    #[command(subcommand)]
    Vietqr(VietqrCommand),
    /// Ring up a sale (the same path as the sell screen).
    Sell(SellArgs),
    /// Committed sales.
    #[command(subcommand)]
    Sales(SalesCommand),
    /// Refund lines of an earlier sale (a new document; manager PIN).
    Refund(RefundArgs),
    /// Void the last sale of the open session (a new document; manager PIN).
    Void(WhoArgs),
    /// Cash sessions: open with a float, cash in/out, close with a Z report.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Reports: X (live) and Z (closed sessions).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Cashiers and managers.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Receipts.
    #[command(subcommand)]
    Receipt(ReceiptCommand),
    /// The receipt printer.
    #[command(subcommand)]
    Printer(PrinterCommand),
    /// Cash-register e-invoices.
    #[command(subcommand)]
    Invoice(InvoiceCommand),
    /// Ward pilot bundles: export this shop's, merge many shops'.
    #[command(subcommand)]
    Ward(WardCommand),
    /// Digital-maturity assessments (field officer).
    #[command(subcommand)]
    Assess(AssessCommand),
    /// The household's tax book, period figures and thresholds (direct
    /// method, from 2026).
    #[command(subcommand)]
    Tax(TaxCommand),
    /// Customers (name, phone, address, tax code or personal ID, debt limit).
    #[command(subcommand)]
    Customers(CustomersCommand),
    /// The debt book (sổ nợ): payments, who owes what, statements.
    #[command(subcommand)]
    Debt(DebtCommand),
    /// Stock: receiving from suppliers, returns, counts, adjustments, the stock list.
    #[command(subcommand)]
    Stock(StockCommand),
    /// Check that this installation is healthy: shop file, audit, backup,
    /// disk, printer, invoices, clock, network share.
    Doctor {
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout, or write one page per
    /// command into a folder with --dir.
    Man {
        /// Write quay.1, quay-sell.1, … into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// A manager's name and PIN, for changes only a manager may make once the
/// shop has users (profile, catalogue, invoice statuses, backup, restore).
#[derive(Debug, Args, Default, Clone)]
pub struct AuthArgs {
    /// A manager's name (or QUAY_USER).
    #[arg(long, env = "QUAY_USER")]
    pub user: Option<String>,
    /// That manager's PIN (or QUAY_PIN).
    #[arg(long, env = "QUAY_PIN", hide_env_values = true)]
    pub pin: Option<String>,
}

/// Who is acting (required once the shop has users).
#[derive(Debug, Args, Default, Clone)]
pub struct WhoArgs {
    /// User name (or QUAY_USER).
    #[arg(long, env = "QUAY_USER")]
    pub user: Option<String>,
    /// The user's PIN (or QUAY_PIN).
    #[arg(long, env = "QUAY_PIN", hide_env_values = true)]
    pub pin: Option<String>,
    /// A manager approving (discount override, void, refund).
    #[arg(long)]
    pub manager: Option<String>,
    #[arg(long = "manager-pin", hide_env_values = true)]
    pub manager_pin: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

/// Output of a report or listing that can also be a spreadsheet
/// (`--format xlsx --out FILE.xlsx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SheetFormat {
    #[default]
    Table,
    Csv,
    Json,
    Xlsx,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
