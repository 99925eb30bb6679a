//! The catalogue (`quay products …`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::*;
use crate::catalog::VatRate;
use crate::catalog::sources::Encoding;

#[derive(Debug, Subcommand)]
pub enum ProductsCommand {
    /// Import products from CSV (sku,barcode,name,unit,price_vnd,vat_rate,tags;
    /// optional cost, stock, pack_of, contains) or a KiotViet/Sapo .xlsx.
    Import {
        file: PathBuf,
        /// CSV encoding: auto (UTF-8, or Windows-1258 when detected), utf-8, windows-1258.
        #[arg(long, default_value = "auto", value_parser = ENCODING)]
        encoding: Encoding,
        /// VAT rate for rows without one (files with no VAT column, e.g. KiotViet exports).
        #[arg(long, value_parser = VAT_RATE)]
        vat: Option<VatRate>,
        /// Import the good rows and list the bad ones (default: all or nothing).
        #[arg(long = "skip-bad")]
        skip_bad: bool,
        /// Check the file, write nothing.
        #[arg(long = "dry-run")]
        dry_run: bool,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        auth: AuthArgs,
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
        format: SheetFormat,
        /// Write the csv or xlsx output into this file (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
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
    Deactivate {
        sku: String,
        #[command(flatten)]
        auth: AuthArgs,
    },
    /// Make a deactivated product sellable again.
    Activate {
        sku: String,
        #[command(flatten)]
        auth: AuthArgs,
    },
    /// Packs (thùng, lốc…) of a product: own barcode and price, shared stock.
    #[command(subcommand)]
    Pack(PackCommand),
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
    #[arg(long, value_parser = VAT_RATE)]
    pub vat: Option<VatRate>,
    /// Barcode (repeat for several; on edit replaces them all; "" clears).
    #[arg(long = "barcode")]
    pub barcodes: Option<Vec<String>>,
    /// Tags separated by ';' (e.g. ocop).
    #[arg(long)]
    pub tags: Option<String>,
    #[command(flatten)]
    pub auth: AuthArgs,
    /// Sold by weight or measure, so fractional quantities are allowed
    /// (yes/no; default by the unit: kg, g, l, ml, m).
    #[arg(long = "by-measure", value_name = "YES|NO", value_parser = YES_NO)]
    pub by_measure: Option<YesNo>,
}

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Add a pack of a product: `quay products pack add BIA-333 --unit thùng --contains 24 --barcode CODE --price 250000`.
    Add {
        /// The base product's SKU.
        sku: String,
        /// The pack's unit (thùng, lốc, hộp…).
        #[arg(long)]
        unit: String,
        /// How many base units one pack holds.
        #[arg(long)]
        contains: i64,
        /// The pack's own barcode (repeat for several).
        #[arg(long = "barcode")]
        barcodes: Vec<String>,
        /// The pack's shelf price, VAT included.
        #[arg(long)]
        price: String,
        /// The pack's SKU (default: SKU-UNIT).
        #[arg(long = "pack-sku")]
        pack_sku: Option<String>,
        /// The pack's name (default: the product's name with unit and size).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        auth: AuthArgs,
    },
}
