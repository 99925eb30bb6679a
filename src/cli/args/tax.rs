//! The household's tax book and figures (`quay tax …`).

use std::path::PathBuf;

use clap::Subcommand;

use super::*;

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum BookFormat {
    #[default]
    Html,
    Csv,
    Json,
    /// A spreadsheet (needs --out).
    Xlsx,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum BookFormArg {
    S1a,
    S2a,
}

#[derive(Debug, Subcommand)]
pub enum TaxCommand {
    /// The revenue book (Thông tư 152/2025: form S1a-HKD at or under the
    /// exempt threshold, S2a-HKD above it): one line per business day, net
    /// of voids and refunds.
    Book {
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value_t)]
        format: BookFormat,
        /// The form, instead of choosing by the year's revenue.
        #[arg(long, value_enum)]
        form: Option<BookFormArg>,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Revenue per tax group, the VAT and PIT percentages in force with
    /// their basis, the amounts, and what the threshold exempts.
    Summary {
        /// A quarter: 2026Q4.
        #[arg(long, conflicts_with = "year", required_unless_present = "year", value_parser = quarter)]
        quarter: Option<crate::tax::period::Period>,
        /// A whole year: 2026.
        #[arg(long, value_parser = year_period)]
        year: Option<crate::tax::period::Period>,
        #[arg(long)]
        json: bool,
    },
    /// The year's revenue so far against the exempt threshold and the
    /// e-invoice line.
    Thresholds {
        /// The year (default: this year).
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// Set a product's tax group (goods, services, production, other).
    Group {
        sku: String,
        /// The group; leave out with --clear to go back to the default.
        #[arg(required_unless_present = "clear")]
        group: Option<String>,
        #[arg(long)]
        clear: bool,
        #[command(flatten)]
        auth: AuthArgs,
    },
    /// Revenue from other channels (e-commerce platforms).
    #[command(subcommand)]
    Channel(TaxChannelCommand),
}

#[derive(Debug, Subcommand)]
pub enum TaxChannelCommand {
    /// Enter one channel's revenue for a month, quarter or year that has ended.
    Add {
        /// The channel, e.g. shopee, tiktok, lazada.
        #[arg(long)]
        channel: String,
        /// 2026-10, 2026Q4 or 2026.
        #[arg(long)]
        period: String,
        /// Revenue (125k, 12tr, 12000000); negative to correct an entry.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Tax group of that revenue.
        #[arg(long, default_value = "goods")]
        group: String,
        /// Tax the platform already withheld.
        #[arg(long, default_value = "0")]
        withheld: String,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        auth: AuthArgs,
        #[arg(long)]
        json: bool,
    },
    /// The entries whose period ends in a year.
    List {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}
