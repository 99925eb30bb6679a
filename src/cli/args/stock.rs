//! Stock and suppliers (`quay stock …`, issue 17).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::*;

/// What a receiving and a return to the supplier both name (each page's
/// own texts are in the help catalogue).
#[derive(Debug, Args)]
pub struct SupplierDocArgs {
    /// The supplier's name (see `quay stock supplier add`).
    #[arg(long)]
    pub supplier: String,
    /// QTY*CODE@COST: quantity, barcode or SKU (of the product or a
    /// pack), cost per unit of what the code names; repeat per line.
    #[arg(
        long = "item",
        required = true,
        value_name = "QTY*CODE@COST",
        allow_hyphen_values = true
    )]
    pub items: Vec<String>,
    /// The supplier's invoice number.
    #[arg(long = "invoice-no")]
    pub invoice_no: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum StockCommand {
    /// Receive goods from a supplier (phiếu nhập): one document, append-only.
    Receive {
        #[command(flatten)]
        doc: SupplierDocArgs,
        /// VAT on the purchase (0, 5, 8, 10, KCT), for every line.
        #[arg(long, value_parser = VAT_RATE)]
        vat: Option<crate::catalog::VatRate>,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Return goods to a supplier (corrects a receiving).
    Return {
        #[command(flatten)]
        doc: SupplierDocArgs,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// A stock count (kiểm kho): counted quantities replace what the file
    /// expected; products not listed are not touched (manager).
    Count {
        /// COUNTED*CODE (a pack's code counts packs); repeat per line.
        #[arg(long = "item", required = true, value_name = "COUNTED*CODE")]
        items: Vec<String>,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Adjust stock with a reason: damaged (hỏng), expired (hết hạn), lost (mất), other (manager).
    Adjust {
        /// ±QTY*CODE (negative takes stock out); repeat per line.
        #[arg(long = "item", required = true, value_name = "QTY*CODE", allow_hyphen_values = true)]
        items: Vec<String>,
        #[arg(long, value_parser = STOCK_REASON)]
        reason: crate::catalog::stock::Reason,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// On-hand in base units and packs, value at cost, reorder levels.
    List {
        /// Only products at or below their reorder level.
        #[arg(long)]
        low: bool,
        /// Include deactivated products.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value_t)]
        format: SheetFormat,
        /// Write the csv or xlsx output into this file (required for xlsx).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Set a product's reorder level in base units ("none" clears it).
    Reorder {
        sku: String,
        #[arg(long)]
        level: String,
        #[command(flatten)]
        auth: AuthArgs,
    },
    /// Suppliers.
    #[command(subcommand)]
    Supplier(SupplierCommand),
}

#[derive(Debug, Subcommand)]
pub enum SupplierCommand {
    /// Add a supplier.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long = "tax-code")]
        tax_code: Option<String>,
        #[command(flatten)]
        auth: AuthArgs,
    },
    /// List suppliers.
    List {
        #[arg(long)]
        json: bool,
    },
}
