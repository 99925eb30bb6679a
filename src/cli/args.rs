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

/// The shop being assessed (default: this shop file's profile).
#[derive(Debug, Args, Default, Clone)]
pub struct AssessShopArgs {
    /// Shop name (without it, the shop profile of this file is used).
    #[arg(long = "shop")]
    pub shop: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub ward: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long = "tax-code")]
    pub tax_code: Option<String>,
    /// The owner's personal ID (CCCD), to recognise a household business
    /// without a tax code on the next visit.
    #[arg(long = "personal-id")]
    pub personal_id: Option<String>,
    /// The field officer's name, shown on the report (or QUAY_OFFICER).
    #[arg(long, env = "QUAY_OFFICER")]
    pub officer: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Md,
    Json,
    /// The owner's one-page action plan (A4 HTML).
    Plan,
}

#[derive(Debug, Subcommand)]
pub enum AssessCommand {
    /// Bundled questionnaires and the assessments stored in this file.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check a questionnaire file; prints every problem with its line.
    Validate { file: PathBuf },
    /// Score a filled paper form (headless): a TOML table of question id =
    /// option value, list of values, or number, plus an optional [notes].
    Answer {
        /// Questionnaire: a bundled id (retail-store-vn-2026) or a path.
        questionnaire: String,
        #[arg(long, value_name = "FILE.toml")]
        answers: PathBuf,
        #[command(flatten)]
        shop: AssessShopArgs,
        /// Pre-fill unanswered questions that name a POS metric from this
        /// shop file's sales.
        #[arg(long = "from-till")]
        from_till: bool,
        /// Score only; do not store the assessment.
        #[arg(long = "no-save")]
        no_save: bool,
        #[arg(long)]
        json: bool,
    },
    /// Start the officer's wizard (TUI) for a new assessment.
    Start {
        #[arg(default_value = "retail-store-vn-2026")]
        questionnaire: String,
        #[command(flatten)]
        shop: AssessShopArgs,
    },
    /// Continue the last unfinished assessment at the question it stopped.
    Resume {
        /// Row id or uid (default: the last one touched).
        id: Option<String>,
        /// The questionnaire file, if it is not a bundled one.
        #[arg(long)]
        questionnaire: Option<String>,
    },
    /// An assessment's report.
    Report {
        /// Row id or uid (see `quay assess list`).
        id: String,
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The questionnaire file, if it is not a bundled one.
        #[arg(long)]
        questionnaire: Option<String>,
    },
    /// Write the assessments on this machine to one JSON file (for the
    /// ward). From a shop's own file, only that shop's. Assessments whose
    /// shop refused consent stay here unless --include-without-consent.
    Export {
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
        /// Also export assessments without consent (the officer's own backup).
        #[arg(long = "include-without-consent")]
        include_without_consent: bool,
    },
    /// Add assessments from an exported file: each is checked against its
    /// questionnaire and rescored; a newer copy of a known one replaces it.
    Import {
        file: PathBuf,
        /// The questionnaire file, if they were made with one that is not bundled.
        #[arg(long)]
        questionnaire: Option<String>,
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
        #[arg(long)]
        from: Option<String>,
        /// Last business date, default = from.
        #[arg(long)]
        to: Option<String>,
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
    #[arg(long)]
    pub method: Option<String>,
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
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Cashless share and e-invoice coverage by day, ISO week or month.
    Cashless {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "day", value_parser = ["day", "week", "month", "range"])]
        by: String,
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
        #[arg(long)]
        date: Option<String>,
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
        #[arg(long)]
        from: String,
        /// Last business date (YYYY-MM-DD).
        #[arg(long)]
        to: String,
        /// Rows by day or by product (default: totals only).
        #[arg(long, value_parser = ["day", "product"])]
        by: Option<String>,
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
pub enum WardCommand {
    /// Write this shop's bundle for a period (aggregates only).
    Export {
        /// YYYY-MM, YYYY-Www or FROM..TO.
        #[arg(long)]
        period: String,
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
        /// Also write the CSV twin.
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
        /// Include the shop's tax code (only if the shop agrees).
        #[arg(long = "share-tax-code")]
        share_tax_code: bool,
    },
    /// Check and merge shops' bundles into the ward's report.
    Merge {
        /// Bundle files or folders of bundles.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The HTML report.
        #[arg(long, value_name = "report.html")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "ward.csv")]
        csv: Option<PathBuf>,
        #[arg(long, value_name = "ward.json")]
        json: Option<PathBuf>,
        /// Kept for old scripts: the newest revision of a shop's bundle always wins.
        #[arg(long, hide = true)]
        latest: bool,
        /// The ward's register (from `ward register`): refuse unsigned bundles,
        /// unknown keys and bundles signed by one shop for another.
        #[arg(long, value_name = "REGISTER.json")]
        register: Option<PathBuf>,
        /// Refuse the whole merge when any file is refused.
        #[arg(long)]
        strict: bool,
        /// The ward reported on (default: the ward most bundles name).
        #[arg(long)]
        ward: Option<String>,
        /// The period reported on (default: the one most bundles cover).
        #[arg(long)]
        period: Option<String>,
        /// Bundles exported more than this many days after the period are late.
        #[arg(long, default_value_t = 10)]
        due_days: i64,
        /// Bundles of other periods make a trend per period (the report's
        /// period is --period or the most common one).
        #[arg(long)]
        trend: bool,
        /// Roll several wards up, with one line per ward (`--by ward`).
        #[arg(long, value_parser = ["ward"])]
        by: Option<String>,
    },
    /// Load bundles into a province's PostgreSQL database (schema in
    /// docs/ward-bundle.md), upserted by (shop, period, revision); refuses
    /// what `ward merge` refuses. No TLS: a server on 127.0.0.1 or a local socket.
    Load {
        /// postgres://USER@HOST:PORT/DB (sslmode=require is refused: no TLS).
        #[arg(long, value_name = "URL", env = "QUAY_WARD_POSTGRES")]
        postgres: String,
        /// Bundle files or folders of bundles.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The ward's register: refuse unsigned bundles, unknown keys and
        /// bundles signed by one shop for another.
        #[arg(long, value_name = "REGISTER.json")]
        register: Option<PathBuf>,
        /// Load nothing when any file is refused.
        #[arg(long)]
        strict: bool,
        /// Print what was done as one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Write this shop's enrolment (shop id, name, ward, public key) for the ward officer.
    Enrol {
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
    },
    /// Build or extend the ward's register from shops' enrolment files.
    Register {
        #[arg(long, value_name = "REGISTER.json")]
        out: PathBuf,
        /// Enrolment files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a cashier or manager.
    Add {
        name: String,
        #[arg(long, default_value = "cashier", value_name = "cashier|manager")]
        role: String,
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

#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// Invoices of a period (default today).
    List {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
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
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Build the day's message (TDiep 206, ≤ 2 MB each) into the outbox.
    Batch {
        /// Business date YYYY-MM-DD (default yesterday).
        #[arg(long)]
        date: Option<String>,
        /// Outbox folder (default: the data folder's outbox).
        #[arg(long, value_name = "DIR")]
        outbox: Option<PathBuf>,
    },
    /// Hand the batched messages of a day to the provider (file drop).
    Send {
        #[arg(long)]
        date: Option<String>,
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
        #[arg(value_parser = ["accepted", "rejected"])]
        status: String,
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        auth: AuthArgs,
    },
}

/// One-off printer settings.
#[derive(Debug, Args, Default, Clone)]
pub struct PrintFlags {
    /// Printer URI for this print only.
    #[arg(long, value_name = "URI")]
    pub printer: Option<String>,
    /// Paper width for this print only: 58 or 80.
    #[arg(long, value_name = "58|80")]
    pub paper: Option<String>,
    /// Text mode for this print only: raster, tcvn3, cp1258, ascii.
    #[arg(long, value_name = "MODE")]
    pub mode: Option<String>,
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

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Print the profile instead of changing it.
    #[arg(long)]
    pub show: bool,
    /// With --show: print JSON.
    #[arg(long, requires = "show")]
    pub json: bool,
    #[command(flatten)]
    pub auth: AuthArgs,
    /// Round the amount due of a sale paid wholly in cash to 0 (off), 500
    /// or 1000 ₫ (its own line on the receipt and the Z report).
    #[arg(long = "cash-rounding", value_name = "0|500|1000")]
    pub cash_rounding: Option<String>,
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
    /// The shop's own VietQR (bank sticker, MoMo, ZaloPay…): kept as it is,
    /// per-sale codes are made from it. "" removes it.
    #[arg(long = "from-qr", value_name = "PAYLOAD")]
    pub from_qr: Option<String>,
    /// Receipt printer: file:/dev/usb/lp0, tcp://HOST:9100, stdout ("" = none).
    #[arg(long, value_name = "URI")]
    pub printer: Option<String>,
    /// Paper width: 58 or 80 (mm).
    #[arg(long, value_name = "58|80")]
    pub paper: Option<String>,
    /// How Vietnamese text is printed: raster, tcvn3, cp1258 or ascii.
    #[arg(long = "print-mode", value_name = "MODE")]
    pub print_mode: Option<String>,
    /// QR codes drawn by the printer (native) or sent as an image (raster).
    #[arg(long = "qr-mode", value_name = "native|raster")]
    pub qr_mode: Option<String>,
    /// Cash drawer connector pin: 2 or 5.
    #[arg(long = "drawer-pin", value_name = "2|5")]
    pub drawer_pin: Option<String>,
    /// Cash drawer pulse length in ms (2–510).
    #[arg(long = "drawer-pulse", value_name = "MS")]
    pub drawer_pulse: Option<String>,
    /// Open the drawer on cash sales: yes or no.
    #[arg(long = "open-drawer", value_name = "yes|no")]
    pub open_drawer: Option<String>,
    /// Text printed at the bottom of receipts.
    #[arg(long = "receipt-footer", value_name = "TEXT")]
    pub receipt_footer: Option<String>,
    /// E-invoice form (mẫu số): 2 household/direct, 1 deduction; "off" stops e-invoices.
    #[arg(long = "invoice-form", value_name = "1|2|off")]
    pub invoice_form: Option<String>,
    /// Symbol letters (AA) or a full cash-register symbol (2C26MAA).
    #[arg(long = "invoice-series", value_name = "AA")]
    pub invoice_series: Option<String>,
    /// The 5-character block issued by the tax authority.
    #[arg(long = "invoice-block", value_name = "XXXXX")]
    pub invoice_block: Option<String>,
    /// Business-location code (households with several shops).
    #[arg(long = "location-code", value_name = "CODE")]
    pub location_code: Option<String>,
    /// Sales below this get no e-invoice unless the buyer asks (default 0: every sale).
    #[arg(long = "invoice-threshold", value_name = "AMOUNT")]
    pub invoice_threshold: Option<String>,
    /// Write DVTTe (VND) in TTChung: yes|no (unconfirmed for cash-register invoices).
    #[arg(long = "invoice-dvtte", value_name = "yes|no")]
    pub invoice_dvtte: Option<String>,
    /// Write HTTToan (TM, CK, TM/CK) in TTChung: yes|no.
    #[arg(long = "invoice-httoan", value_name = "yes|no")]
    pub invoice_httoan: Option<String>,
    /// The e-invoice provider's tax code, written as MSTTCGP ("" = none).
    #[arg(long = "provider-mst", value_name = "MST")]
    pub provider_mst: Option<String>,
    /// The T-VAN provider that transmits the day's invoices (MNGui = V + MST).
    #[arg(long = "tvan-mst", value_name = "MST")]
    pub tvan_mst: Option<String>,
    /// Business-location name shown with --location-code ("" = none).
    #[arg(long = "location-name", value_name = "NAME")]
    pub location_name: Option<String>,
    /// The seller's signing certificate (PKCS#12) for the day's 206 messages;
    /// its password comes from QUAY_CERT_PASSWORD or is asked, never stored.
    #[arg(long = "signing-cert", value_name = "FILE.p12")]
    pub signing_cert: Option<std::path::PathBuf>,
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

#[derive(Debug, Subcommand)]
pub enum ProductsCommand {
    /// Import products from CSV (sku,barcode,name,unit,price_vnd,vat_rate,tags;
    /// optional cost, stock, pack_of, contains) or a KiotViet/Sapo .xlsx.
    Import {
        file: PathBuf,
        /// CSV encoding: auto (UTF-8, or Windows-1258 when detected), utf-8, windows-1258.
        #[arg(long, default_value = "auto")]
        encoding: String,
        /// VAT rate for rows without one (files with no VAT column, e.g. KiotViet exports).
        #[arg(long)]
        vat: Option<String>,
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
    #[arg(long)]
    pub vat: Option<String>,
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
    #[arg(long = "by-measure", value_name = "YES|NO")]
    pub by_measure: Option<String>,
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
    /// Check the hash chain and every document it covers (sales, invoices,
    /// Z reports, users, profile, products); names each one edited,
    /// deleted or inserted.
    Verify {
        #[arg(long)]
        json: bool,
        /// Also check the chain against an anchor taken earlier: a JSON file
        /// with a top-level `audit_head` (Z report JSON, ward bundle, batch
        /// sidecar) or `SEQ:HASH` (at least 16 hex characters).
        #[arg(long, value_name = "FILE|SEQ:HASH")]
        against: Vec<String>,
    },
    /// Print the chain head as SEQ:HASH (16 hex characters; --json: whole).
    Head {
        #[arg(long)]
        json: bool,
    },
}

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
        #[arg(long, conflicts_with = "year", required_unless_present = "year")]
        quarter: Option<String>,
        /// A whole year: 2026.
        #[arg(long)]
        year: Option<String>,
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

// ---- stock (issue 17) ------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum StockCommand {
    /// Receive goods from a supplier (phiếu nhập): one document, append-only.
    Receive {
        /// The supplier's name (see `quay stock supplier add`).
        #[arg(long)]
        supplier: String,
        /// QTY*CODE@COST: quantity, barcode or SKU (of the product or a
        /// pack), cost per unit of what the code names; repeat per line.
        #[arg(
            long = "item",
            required = true,
            value_name = "QTY*CODE@COST",
            allow_hyphen_values = true
        )]
        items: Vec<String>,
        /// The supplier's invoice number.
        #[arg(long = "invoice-no")]
        invoice_no: Option<String>,
        /// VAT on the purchase (0, 5, 8, 10, KCT), for every line.
        #[arg(long)]
        vat: Option<String>,
        #[command(flatten)]
        who: WhoArgs,
    },
    /// Return goods to a supplier (corrects a receiving).
    Return {
        #[arg(long)]
        supplier: String,
        /// QTY*CODE@COST; repeat per line.
        #[arg(
            long = "item",
            required = true,
            value_name = "QTY*CODE@COST",
            allow_hyphen_values = true
        )]
        items: Vec<String>,
        #[arg(long = "invoice-no")]
        invoice_no: Option<String>,
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
        #[arg(long)]
        reason: String,
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

// ---- customers and the debt book (issue 18) --------------------------------

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
        #[arg(long)]
        method: String,
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
