//! The officer's assessments (`quay assess …`).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

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
