//! Household business tax on the direct method (from 2026, when lump-sum
//! "khoán" tax ended): tax groups by business line, their percentages of
//! revenue and the thresholds, from a dated data table (`table`); tax
//! periods (`period`); period figures and threshold crossings (`compute`).
//! Pure: no SQL, no I/O. Sources of each rule: docs/tax.md.

pub mod compute;
pub mod period;
pub mod table;

pub use compute::{GroupFigure, Summary, Thresholds, combine, summarize, thresholds};
pub use period::{Period, quarter_end};
pub use table::TaxTable;
