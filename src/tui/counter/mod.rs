//! The counter: one module per screen (`sell`, `pay`, `done`, `reports`) and
//! one per dialog group (`dialogs::*`). Each owns its key handling — a pure
//! `state + key → state + Effect`, no drawing and no I/O — and its `draw`.
//! Effects that need the shop file (commit a sale, check a PIN, park a
//! cart…) are returned as [`Effect`]s for the event loop (`tui::perform`) to
//! carry out; their results come back through the `on_*` methods. Which key
//! does what, and the labels shown for it, are in [`crate::tui::keymap`].
//!
//! See `src/tui/README.md` for how to add a screen or a dialog.

pub mod customers;
pub mod dialogs;
pub mod done;
pub mod pay;
pub mod receiving;
pub mod reports;
pub mod sell;
#[cfg(test)]
pub(crate) mod tests;
pub mod till;

pub use dialogs::own_qr::qr_summary;
pub use dialogs::parked::{ParkedRow, age_text, unique_label};
pub use dialogs::review::needs_reference;
pub use dialogs::{Modal, PinPurpose};
pub use done::Done;
pub use pay::{BURST_GAP, Pay, PayKey, PayShop, QR_MIN_WAIT};
pub use receiving::{Receiving, ReceivingLine};
pub use reports::{ProfitGlance, ReportView, Reports};
pub use sell::Sell;
pub use till::Till;

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, Wrap};

use super::keymap::{self, Action, Scope};
use super::view::header;
use super::widgets::{big_amount, centered, fit_words};
use crate::catalog::search::SearchIndex;
use crate::catalog::{Product, VatRate, format_qty};
use crate::checkout::tender::{Method, Tender, Wallet, quick_notes};
use crate::checkout::{Cart, Discount, Totals, parse_qty, price, split_qty_prefix};
use crate::counter::Actor;
use crate::i18n::{Lang, Msg};
use crate::money::Vnd;
use crate::msg;
use crate::sales::SaleRecord;
use crate::shop::ShopProfile;

/// Keys a barcode scanner types arrive closer together than this.
pub const SCAN_GAP: Duration = Duration::from_millis(40);
/// Shortest code taken as a scan.
pub const SCAN_MIN_LEN: usize = 8;
pub const RESULT_LIMIT: usize = 20;

/// What the event loop must do after a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    Quit,
    /// Reserve a sale number for the cart about to be paid.
    Reserve {
        uuid: String,
    },
    /// Write the sale.
    Commit {
        uuid: String,
        cart: Cart,
        tenders: Vec<Tender>,
        approved_by: Option<Actor>,
    },
    /// Check a user's PIN (login) or a manager's PIN (approval).
    CheckPin {
        name: String,
        pin: String,
        purpose: PinPurpose,
    },
    /// Void the last sale, approved by this manager.
    VoidLast {
        approver: Actor,
    },
    /// Read a sale to show it before a void (`None`: the last sale) or a
    /// refund (its number).
    LoadSale {
        number: Option<i64>,
    },
    /// Put the current cart aside in the shop file.
    Park {
        label: String,
        cart: Cart,
    },
    /// List parked carts (to recall one).
    ListParked,
    /// Take a parked cart back.
    Recall {
        id: i64,
    },
    /// Print (or reprint) a sale's receipt; `drawer` opens the cash drawer.
    Print {
        number: i64,
        drawer: bool,
    },
    /// Work out the shop's reports for the reports screen.
    LoadReport,
    /// Refund what is left of a sale, money back by `method`, approved by
    /// this manager.
    Refund {
        number: i64,
        approver: Actor,
        method: Method,
        /// The transfer's transaction code (or card slip) of the money
        /// sent back; blank means none.
        reference: Option<String>,
    },
    /// Store the shop's own QR in the profile.
    SaveOwnQr {
        payload: String,
    },
    /// Close the cash session (Z report) with the counted cash.
    CloseSession {
        counted: Vnd,
    },
    /// Open a cash session with the counted float.
    OpenSession {
        float: Vnd,
    },
    /// Cash put into (positive) or taken out of (negative) the drawer.
    CashMove {
        amount: Vnd,
        reason: String,
    },
    /// Load the customers with their balances: the picker (`picking`) or
    /// the debt screen.
    LoadCustomers {
        picking: bool,
    },
    /// Add the unknown barcode `code` as a product (`NAME;UNIT;PRICE;VAT`)
    /// and put it in the cart.
    AddUnknown {
        code: String,
        spec: String,
        /// Who added it: the cashier when a manager, else the approving manager.
        approver: Actor,
    },
    /// Read the suppliers and open the receiving screen.
    OpenReceiving,
    /// Write a receiving document.
    Receive {
        supplier: String,
        items: Vec<crate::catalog::stock::ItemSpec>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Login,
    Sell,
    Pay,
    Done,
    Reports,
    /// The customer picker and the debt book.
    Customers,
    /// Receiving goods from a supplier (Ctrl+R).
    Receiving,
}

/// The counter's state: what the screens share (the shop, the language,
/// who is at the till, the cart, the cash session, the dialog, the status
/// line…) and one struct per screen holding that screen's own fields.
pub struct App {
    pub profile: ShopProfile,
    pub lang: Lang,
    pub actor: Actor,
    pub index: Option<SearchIndex>,
    pub screen: Screen,
    /// The sale at the till: the cart, its approvals, its customer…
    pub till: Till,
    pub parked_count: usize,
    /// The sell screen: the typed line, the search results, the selections.
    pub sell: Sell,
    pub modal: Option<Modal>,
    pub pay: Option<Pay>,
    /// The receipt after payment (and the last sale, for F9 and F8).
    pub done: Done,
    /// The reports screen (F12).
    pub reports: Reports,
    /// The receiving screen (Ctrl+R).
    pub receiving: Option<Receiving>,
    pub status: Option<(Severity, String)>,
    pub discount_threshold_bp: i64,
    /// A parked cart to recall once the current one is parked.
    pub pending_recall: Option<i64>,
    /// Quit once the cart being parked is safely in the shop file.
    pub quit_after_park: bool,
    /// What to say on the terminal after quitting (the cart parked on quit).
    pub farewell: Option<String>,
    /// The float offered when opening a session.
    pub usual_float: Vnd,
    /// The customers screen (picker or debt book).
    pub customers: Option<customers::Customers>,
    /// The shop's cash rounding step (0 = off, 500, 1000).
    pub cash_rounding: i64,
    /// Where the time comes from (`Ctx::clock`, set by the event loop).
    pub clock: crate::time::Clock,
    burst: Burst,
    /// When the previous key arrived.
    last_key_at: Option<Instant>,
}

/// Recent fast digits, to tell a scanner from a person.
#[derive(Debug, Default, Clone)]
struct Burst {
    digits: String,
    last: Option<Instant>,
}

impl Burst {
    fn push(&mut self, c: char, now: Instant) {
        let fast = self.last.is_some_and(|l| now.duration_since(l) <= SCAN_GAP);
        if !c.is_ascii_digit() {
            self.digits.clear();
        } else if fast || self.digits.is_empty() {
            self.digits.push(c);
        } else {
            self.digits.clear();
            self.digits.push(c);
        }
        self.last = Some(now);
    }

    /// On Enter: the scanned code, if the digits came as a burst.
    fn take_scan(&mut self, now: Instant) -> Option<String> {
        let fast = self.last.is_some_and(|l| now.duration_since(l) <= SCAN_GAP);
        let code = std::mem::take(&mut self.digits);
        self.last = None;
        (fast && code.len() >= SCAN_MIN_LEN).then_some(code)
    }
}

impl App {
    pub fn new(profile: ShopProfile, lang: Lang, actor: Actor, needs_login: bool) -> App {
        App {
            profile,
            lang,
            actor,
            index: None,
            screen: if needs_login { Screen::Login } else { Screen::Sell },
            till: Till::default(),
            parked_count: 0,
            sell: Sell::default(),
            modal: if needs_login {
                Some(Modal::ask_pin(PinPurpose::Login))
            } else {
                None
            },
            pay: None,
            done: Done::default(),
            reports: Reports::default(),
            receiving: None,
            status: None,
            discount_threshold_bp: 1000,
            pending_recall: None,
            quit_after_park: false,
            farewell: None,
            usual_float: Vnd::ZERO,
            customers: None,
            cash_rounding: 0,
            clock: crate::time::Clock::default(),
            burst: Burst::default(),
            last_key_at: None,
        }
    }

    pub fn set_index(&mut self, index: SearchIndex) {
        self.index = Some(index);
        self.refresh();
    }

    /// A newer catalogue (changed by another process): new lookups use it;
    /// lines already in the cart keep their price.
    pub fn reload_index(&mut self, index: SearchIndex) {
        let sel = self.sell.result_sel;
        self.index = Some(index);
        self.refresh();
        self.sell.result_sel = sel.min(self.sell.results.len().saturating_sub(1));
    }

    pub fn t(&self, vi: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(vi, en)
    }

    /// A user's name as shown: the single-user owner's stored name is a
    /// Vietnamese word, said in the chosen language.
    pub fn person<'a>(&self, name: &'a str) -> &'a str {
        if name == crate::users::OWNER {
            self.t(crate::users::OWNER, "shop owner")
        } else {
            name
        }
    }

    fn say(&mut self, sev: Severity, m: impl Into<Msg>) {
        self.status = Some((sev, m.into().get(self.lang).to_string()));
    }

    /// The cart's money, if it can be worked out.
    pub fn totals(&self) -> Result<Totals, Msg> {
        Ok(price(&self.till.cart, self.profile.tax_method)?)
    }

    /// A key arriving now (benches and tests; the event loop passes the
    /// arrival time to [`App::handle_key_at`] itself).
    pub fn handle_key(&mut self, key: KeyEvent) -> Effect {
        self.handle_key_at(key, Instant::now())
    }

    /// Keys with their arrival time (for telling a scanner from a person).
    pub fn handle_key_at(&mut self, key: KeyEvent, now: Instant) -> Effect {
        let previous = self.last_key_at.replace(now);
        self.handle_key_inner(key, now, previous)
    }

    fn handle_key_inner(&mut self, key: KeyEvent, now: Instant, previous: Option<Instant>) -> Effect {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if let KeyCode::Char(c) = key.code
            && !ctrl
        {
            self.burst.push(c, now);
        }
        // Global keys.
        match super::keymap::global_action(&key) {
            Some(Action::Quit) => return self.quit(),
            Some(Action::Language) => {
                self.lang = self.lang.other();
                return Effect::None;
            }
            _ => {}
        }
        // A scan always adds the item, whatever has focus.
        if key.code == KeyCode::Enter
            && self.screen != Screen::Login
            && self.screen != Screen::Receiving
            && let Some(code) = self.burst.take_scan(now)
        {
            let in_main_line = self.modal.is_none() && self.screen == Screen::Sell;
            if !in_main_line {
                self.remove_scanned_digits(&code);
                return self.add_code(None, &code, true);
            }
        }
        if self.modal.is_some() {
            return self.modal_key(key);
        }
        match self.screen {
            Screen::Login => Effect::None,
            Screen::Sell => self.sell_key(key),
            Screen::Pay => self.pay_key(key, now, previous),
            Screen::Done => self.done_key(key),
            Screen::Reports => self.reports_key(key),
            Screen::Customers => self.customers_key(key),
            Screen::Receiving => self.receiving_key(key),
        }
    }

    /// Quitting never loses a cart: a non-empty one is parked first (the
    /// event loop quits once it is saved, see [`App::on_parked`]).
    fn quit(&mut self) -> Effect {
        if self.till.cart.is_empty() {
            return Effect::Quit;
        }
        self.modal = None;
        self.pay = None;
        self.screen = Screen::Sell;
        self.quit_after_park = true;
        let label = self.cart_label();
        let cart = std::mem::take(&mut self.till.cart);
        self.reset_cart();
        self.till.cart_no += 1;
        Effect::Park { label, cart }
    }

    /// Digits that look like a barcode (a known code, or a GTIN-8/12/13/14
    /// with a valid check digit): typed into an amount field and ending in
    /// Enter, they go to the cart whatever their timing.
    pub fn barcode_shaped(&self, s: &str) -> bool {
        barcode_shaped(self.index.as_ref(), s)
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(Modal::OwnQr { text: t, .. }) = self.modal.as_mut() {
            t.push_str(text.trim());
            if let Some(Modal::OwnQr { summary, .. }) = self.modal.as_mut() {
                *summary = None;
            }
            return;
        }
        if self.modal.is_none() && self.screen == Screen::Sell {
            self.sell.input.extend(text.chars().filter(|c| !c.is_control()));
            self.refresh();
        }
    }

    /// Digits a scanner typed into another field are taken back out.
    fn remove_scanned_digits(&mut self, code: &str) {
        let strip = |s: &mut String| {
            if s.ends_with(code) {
                s.truncate(s.len() - code.len());
            }
        };
        if let Some(p) = self.pay.as_mut() {
            strip(&mut p.amount);
            strip(&mut p.reference);
        }
        match self.modal.as_mut() {
            Some(Modal::Qty { text, .. } | Modal::LineDiscount { text, .. } | Modal::CartDiscount { text }) => {
                strip(text)
            }
            Some(Modal::Pin { pin, name, .. }) => {
                strip(pin);
                strip(name);
            }
            _ => {}
        }
    }

    // ---- sell screen ------------------------------------------------------

    /// A failed commit keeps the cart and the tenders: nothing is lost.
    pub fn on_error(&mut self, m: Msg) {
        // a cart that could not be parked keeps the counter open
        self.quit_after_park = false;
        if let Some(p) = self.pay.as_mut() {
            // let the cashier try again
            p.tenders.clear();
        }
        self.say(Severity::Error, m);
    }
}

/// See [`App::barcode_shaped`].
pub(crate) fn barcode_shaped(index: Option<&SearchIndex>, s: &str) -> bool {
    let s = s.trim();
    if s.len() < SCAN_MIN_LEN || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    index.is_some_and(|i| i.by_barcode(s).is_some()) || crate::catalog::gtin::validate(s).is_ok()
}

pub(crate) fn edit_text(text: &mut String, code: KeyCode) {
    match code {
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char(c) if text.len() < 20 => text.push(c),
        _ => {}
    }
}
