//! Command-line arguments (clap). `main.rs` parses them and hands them to
//! [`crate::cli::run`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

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
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the shop file or change the shop profile; --show prints it.
    Init(InitArgs),
    /// The product catalogue.
    #[command(subcommand)]
    Products(ProductsCommand),
    /// Copy the shop file safely (SQLite online backup) and check the copy.
    Backup {
        /// Where to write the copy (must not exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The hash-chained audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Print the profile instead of changing it.
    #[arg(long)]
    pub show: bool,
    /// With --show: print JSON.
    #[arg(long, requires = "show")]
    pub json: bool,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    /// Ward (phường/xã).
    #[arg(long)]
    pub ward: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    /// Tax code (MST): 10 digits or 10 + '-' + 3. Empty to clear.
    #[arg(long = "tax-code", value_name = "MST")]
    pub tax_code: Option<String>,
    /// direct (household business) or deduction (VAT method).
    #[arg(long = "tax-method", value_name = "direct|deduction")]
    pub tax_method: Option<String>,
    /// Bank for transfers: code (VCB), short name or 6-digit BIN.
    #[arg(long, value_name = "CODE|BIN")]
    pub bank: Option<String>,
    /// Account number for transfers (1–19 letters/digits).
    #[arg(long, value_name = "NO")]
    pub account: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ProductsCommand {
    /// Import products from CSV (sku,barcode,name,unit,price_vnd,vat_rate,tags).
    Import {
        file: PathBuf,
        /// Import the good rows and list the bad ones (default: all or nothing).
        #[arg(long = "skip-bad")]
        skip_bad: bool,
        /// Check the file, write nothing.
        #[arg(long = "dry-run")]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// List products, or search them.
    List {
        /// Search: barcode, SKU or words of the name (diacritics optional).
        #[arg(long, short)]
        search: Option<String>,
        /// Include deactivated products.
        #[arg(long)]
        all: bool,
        /// At most this many rows (search defaults to 20).
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Add a product.
    Add(ProductFields),
    /// Change a product (only the given fields).
    Edit {
        /// The product's current SKU (--sku renames it).
        #[arg(value_name = "SKU")]
        product: String,
        #[command(flatten)]
        fields: ProductFields,
    },
    /// Deactivate a product (kept for past sales, no longer sold).
    Deactivate { sku: String },
    /// Make a deactivated product sellable again.
    Activate { sku: String },
}

#[derive(Debug, Args, Default)]
pub struct ProductFields {
    #[arg(long)]
    pub sku: Option<String>,
    #[arg(long)]
    pub name: Option<String>,
    /// Unit (cái, kg, chai…).
    #[arg(long)]
    pub unit: Option<String>,
    /// Shelf price, VAT included: 45000, 45.000 or 45k.
    #[arg(long)]
    pub price: Option<String>,
    /// VAT rate: 0, 5, 8, 10 or KCT.
    #[arg(long)]
    pub vat: Option<String>,
    /// Barcode (repeat for several; on edit replaces them all; "" clears).
    #[arg(long = "barcode")]
    pub barcodes: Option<Vec<String>>,
    /// Tags separated by ';' (e.g. ocop).
    #[arg(long)]
    pub tags: Option<String>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain and report the first broken link.
    Verify {
        #[arg(long)]
        json: bool,
    },
}
