//! Ward pilot bundles (`quay ward …`).

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

/// `ward merge --by`: what the rows of a roll-up are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergeBy {
    Ward,
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
        #[arg(long, value_enum)]
        by: Option<MergeBy>,
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
