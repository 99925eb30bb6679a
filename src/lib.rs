//! quay — a terminal point-of-sale for small Vietnamese retail shops.
//!
//! Domain modules (`money`, `catalog`, `shop`, `vietqr`) are plain Rust with
//! no terminal and no I/O; `store` owns every SQL statement; `tui` and the
//! CLI in `cli` are thin shells over the same services.

pub mod assess;
pub mod catalog;
pub mod checkout;
pub mod cli;
pub mod context;
pub mod counter;
pub mod customers;
pub mod debt;
pub mod demo;
pub mod doctor;
pub mod einvoice;
pub mod i18n;
pub mod invoicing;
pub mod log;
pub mod maturity;
pub mod money;
pub mod printer_settings;
pub mod printing;
pub mod quick_add;
pub mod receipt;
pub mod report;
pub mod sales;
pub mod shop;
pub mod staff;
pub mod stock;
pub mod store;
pub mod synth;
pub mod tax;
pub mod text;
pub mod time;
pub mod tui;
pub mod users;
pub mod vietqr;

pub use i18n::{Lang, Msg};
pub use money::Vnd;
