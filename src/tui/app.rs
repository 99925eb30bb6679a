//! Counter state and key handling: `state + key → state + effect`. No
//! drawing and no I/O here: effects that need the shop file (commit a sale,
//! check a PIN, park a cart…) are returned as [`Effect`]s for the event loop
//! to carry out, and their results come back through the `on_*` methods.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::catalog::search::SearchIndex;
use crate::catalog::{Product, format_qty};
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
}

/// What the reports screen shows (filled by the event loop).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    pub this_month: crate::report::cashless::Bucket,
    pub last_month: crate::report::cashless::Bucket,
    /// The last 30 days, oldest first.
    pub days: Vec<crate::report::cashless::Bucket>,
    /// The open cash session's live X report (or the Z just closed).
    pub session: Option<crate::report::zreport::SessionReport>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinPurpose {
    Login,
    /// A discount above the threshold.
    Discount,
    Void,
    /// Refund everything still returnable of this sale, back by this
    /// method, with the reference of the money sent back (if typed).
    Refund(i64, Method, Option<String>),
    /// Change the shop's own QR code.
    OwnQr(String),
    /// Close the cash session with this counted cash (Z report).
    CloseSession(Vnd),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warn,
    Error,
}

/// A one-line field being edited in a dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    Qty {
        line: usize,
        text: String,
    },
    LineDiscount {
        line: usize,
        text: String,
    },
    CartDiscount {
        text: String,
    },
    /// Manager (or login) name and PIN; `on_name` says which field is edited.
    Pin {
        purpose: PinPurpose,
        name: String,
        pin: String,
        on_name: bool,
    },
    /// Void the last sale (empty) or refund a sale by its number.
    ConfirmVoid {
        number: String,
    },
    /// The sale about to be voided (`void`) or refunded, shown in full;
    /// only a deliberate `C`/`Y` goes ahead. `back` is the money to hand
    /// back, `method` how (refunds: the original method unless changed).
    /// `reference` is the transfer code or card slip of a non-cash refund,
    /// edited while `on_reference` (R to edit, Enter to leave).
    Review {
        void: bool,
        sale: Box<SaleRecord>,
        back: Vnd,
        method: Method,
        reference: String,
        on_reference: bool,
    },
    /// The cash counted in the drawer, to close the session.
    CloseSession {
        text: String,
    },
    /// No session is open: the float counted into the drawer (the usual
    /// one offered) before the next sale.
    OpenSession {
        text: String,
    },
    /// Cash in (`out` false) or out of the drawer, with a reason.
    CashMove {
        out: bool,
        amount: String,
        reason: String,
        on_reason: bool,
    },
    /// Paste or scan the shop's own QR; `summary` once it decoded.
    OwnQr {
        text: String,
        summary: Option<Vec<String>>,
    },
    Parked {
        carts: Vec<ParkedRow>,
        sel: usize,
    },
    Help,
}

impl Modal {
    /// The PIN dialog, empty, asking for the name first.
    pub fn ask_pin(purpose: PinPurpose) -> Modal {
        Modal::Pin {
            purpose,
            name: String::new(),
            pin: String::new(),
            on_name: true,
        }
    }
}

/// A parked cart as the recall list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParkedRow {
    pub id: i64,
    pub label: String,
    pub total: Vnd,
    /// How long ago it was parked: "12 phút".
    pub age: String,
}

/// A label no parked cart has yet: `wanted` when free, else the same word
/// with the next number above all taken ones (`Đơn 3` when `Đơn 1` and
/// `Đơn 2` wait).
pub fn unique_label(wanted: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == wanted) {
        return wanted.to_string();
    }
    let word = wanted.rsplit_once(' ').map_or(wanted, |(w, _)| w);
    let top = taken
        .iter()
        .filter_map(|t| t.rsplit_once(' '))
        .filter(|(w, _)| *w == word)
        .filter_map(|(_, n)| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{word} {}", top + 1)
}

/// A short age: "vừa xong", "12 phút", "3 giờ", "2 ngày".
pub fn age_text(minutes: i64, lang: Lang) -> String {
    match minutes {
        m if m < 1 => lang.pick("vừa xong", "just now").to_string(),
        m if m < 60 => format!("{m} {}", lang.pick("phút", "min")),
        m if m < 48 * 60 => format!("{} {}", m / 60, lang.pick("giờ", "h")),
        m => format!("{} {}", m / (24 * 60), lang.pick("ngày", "days")),
    }
}

/// The payment step.
#[derive(Debug, Clone, PartialEq)]
pub struct Pay {
    pub uuid: String,
    pub number: Option<i64>,
    pub totals: Totals,
    pub method: Method,
    pub amount: String,
    pub reference: String,
    pub on_reference: bool,
    pub tenders: Vec<Tender>,
    /// The VietQR payload shown for a transfer.
    pub qr: Option<String>,
    /// When the code was shown: "received" is not taken from the same key
    /// burst that showed it.
    pub qr_shown_at: Option<Instant>,
    pub approved_by: Option<Actor>,
    /// Choosing the e-wallet (its own step after `V`): the highlighted one.
    pub wallet_pick: Option<usize>,
    /// A very large tendered amount waiting for a second Enter.
    pub confirm_large: Option<Vnd>,
}

impl Pay {
    /// What was handed over so far (tenders are capped, so this fits).
    pub fn paid(&self) -> Vnd {
        Vnd::checked_sum(self.tenders.iter().map(|t| t.amount)).unwrap_or(Vnd(i64::MAX))
    }

    pub fn remaining(&self) -> Vnd {
        self.totals
            .total
            .checked_sub(self.paid())
            .unwrap_or(Vnd::ZERO)
            .max(Vnd::ZERO)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Login,
    Sell,
    Pay,
    Done,
    Reports,
}

pub struct App {
    pub profile: ShopProfile,
    pub lang: Lang,
    pub actor: Actor,
    pub index: Option<SearchIndex>,
    pub screen: Screen,
    pub cart: Cart,
    /// Label of the current cart: Đơn 1, Đơn 2…
    pub cart_no: u32,
    pub parked_count: usize,
    pub undo: Vec<Cart>,
    pub input: String,
    pub results: Vec<usize>,
    pub result_sel: usize,
    pub cart_sel: usize,
    pub modal: Option<Modal>,
    pub pay: Option<Pay>,
    pub last_sale: Option<SaleRecord>,
    pub report: Option<ReportView>,
    /// On the reports screen: the X/Z session report instead of the charts.
    pub show_session: bool,
    pub status: Option<(Severity, String)>,
    pub discount_threshold_bp: i64,
    /// Approval already given for the current cart's discount.
    pub approved_by: Option<Actor>,
    /// A parked cart to recall once the current one is parked.
    pub pending_recall: Option<i64>,
    /// Quit once the cart being parked is safely in the shop file.
    pub quit_after_park: bool,
    /// The client id of the cart being paid: kept across F5/Esc so the
    /// reserved sale number (shown in the VietQR code) is the one the sale
    /// is committed under.
    pub pay_uuid: Option<String>,
    /// What to say on the terminal after quitting (the cart parked on quit).
    pub farewell: Option<String>,
    /// Whether a cash session is open (the loop keeps it true to the file);
    /// without one, the next payment first asks for the float.
    pub session_open: bool,
    /// The float offered when opening a session.
    pub usual_float: Vnd,
    /// Lines scrolled on the receipt (up from its end) or the session report
    /// (down from its top), for what does not fit the terminal.
    pub scroll: usize,
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
            cart: Cart::default(),
            cart_no: 1,
            parked_count: 0,
            undo: Vec::new(),
            input: String::new(),
            results: Vec::new(),
            result_sel: 0,
            cart_sel: 0,
            modal: if needs_login {
                Some(Modal::ask_pin(PinPurpose::Login))
            } else {
                None
            },
            pay: None,
            last_sale: None,
            report: None,
            show_session: false,
            status: None,
            discount_threshold_bp: 1000,
            approved_by: None,
            pending_recall: None,
            quit_after_park: false,
            pay_uuid: None,
            farewell: None,
            session_open: true,
            usual_float: Vnd::ZERO,
            scroll: 0,
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
        let sel = self.result_sel;
        self.index = Some(index);
        self.refresh();
        self.result_sel = sel.min(self.results.len().saturating_sub(1));
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

    fn say(&mut self, sev: Severity, m: Msg) {
        self.status = Some((sev, m.get(self.lang).to_string()));
    }

    /// The cart's money, if it can be worked out.
    pub fn totals(&self) -> Result<Totals, Msg> {
        price(&self.cart, self.profile.tax_method)
    }

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
        match key.code {
            KeyCode::F(10) => return self.quit(),
            KeyCode::Char('c') | KeyCode::Char('q') if ctrl => return self.quit(),
            KeyCode::F(11) => {
                self.lang = self.lang.other();
                return Effect::None;
            }
            _ => {}
        }
        // A scan always adds the item, whatever has focus.
        if key.code == KeyCode::Enter
            && self.screen != Screen::Login
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
            Screen::Sell => self.sell_key(key, ctrl),
            Screen::Pay => self.pay_key(key, now, previous),
            Screen::Done => self.done_key(key),
            Screen::Reports => {
                match key.code {
                    KeyCode::Esc | KeyCode::Enter | KeyCode::F(12) => self.screen = Screen::Sell,
                    KeyCode::Char('x') | KeyCode::Char('X') => {
                        self.show_session = !self.show_session;
                        self.scroll = 0;
                    }
                    KeyCode::Down => self.scroll = self.scroll.saturating_add(1).min(200),
                    KeyCode::PageDown => self.scroll = self.scroll.saturating_add(10).min(200),
                    KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
                    KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
                    KeyCode::Char(c @ ('n' | 'N' | 'i' | 'I' | 'r' | 'R' | 'o' | 'O')) => {
                        if self.session_open {
                            self.modal = Some(Modal::CashMove {
                                out: matches!(c.to_ascii_lowercase(), 'r' | 'o'),
                                amount: String::new(),
                                reason: String::new(),
                                on_reason: false,
                            });
                        } else {
                            self.say(
                                Severity::Warn,
                                msg!(
                                    "chưa mở ca: tiền đầu ca được hỏi ở lần thanh toán tới (F5)",
                                    "no open session: the float is asked at the next payment (F5)"
                                ),
                            );
                        }
                    }
                    KeyCode::Char('z') | KeyCode::Char('Z') => {
                        let open = self
                            .report
                            .as_ref()
                            .is_some_and(|r| r.session.as_ref().is_some_and(|s| s.z_number.is_none()));
                        if open {
                            self.show_session = true;
                            self.modal = Some(Modal::CloseSession { text: String::new() });
                        } else {
                            self.say(
                                Severity::Warn,
                                msg!("chưa mở ca: không có gì để chốt", "no open session: nothing to close"),
                            );
                        }
                    }
                    _ => {}
                }
                Effect::None
            }
        }
    }

    /// Quitting never loses a cart: a non-empty one is parked first (the
    /// event loop quits once it is saved, see [`App::on_parked`]).
    fn quit(&mut self) -> Effect {
        if self.cart.is_empty() {
            return Effect::Quit;
        }
        self.modal = None;
        self.pay = None;
        self.screen = Screen::Sell;
        self.quit_after_park = true;
        let label = self.cart_label();
        let cart = std::mem::take(&mut self.cart);
        self.reset_cart();
        self.cart_no += 1;
        Effect::Park { label, cart }
    }

    /// Digits that look like a barcode (a known code, or a GTIN-8/12/13/14
    /// with a valid check digit): typed into an amount field and ending in
    /// Enter, they go to the cart whatever their timing.
    pub fn barcode_shaped(&self, s: &str) -> bool {
        let s = s.trim();
        if s.len() < SCAN_MIN_LEN || !s.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        self.index.as_ref().is_some_and(|i| i.by_barcode(s).is_some()) || crate::catalog::gtin::validate(s).is_ok()
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
            self.input.extend(text.chars().filter(|c| !c.is_control()));
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

    fn sell_key(&mut self, key: KeyEvent, ctrl: bool) -> Effect {
        match key.code {
            KeyCode::Char('z') if ctrl => self.undo_last(),
            KeyCode::Char(c) if !ctrl => {
                self.input.push(c);
                self.refresh();
            }
            KeyCode::Backspace => {
                self.input.pop();
                self.refresh();
            }
            KeyCode::Esc => {
                self.input.clear();
                self.status = None;
                self.refresh();
            }
            KeyCode::Up => {
                if self.results.is_empty() {
                    self.cart_sel = self.cart_sel.saturating_sub(1);
                } else {
                    self.result_sel = self.result_sel.saturating_sub(1);
                }
            }
            KeyCode::Down => {
                if self.results.is_empty() {
                    if self.cart_sel + 1 < self.cart.lines.len() {
                        self.cart_sel += 1;
                    }
                } else if self.result_sel + 1 < self.results.len() {
                    self.result_sel += 1;
                }
            }
            KeyCode::Enter => return self.enter(),
            KeyCode::Delete => self.remove_line(),
            KeyCode::F(1) => self.modal = Some(Modal::Help),
            KeyCode::F(2) => {
                if let Some(l) = self.cart.lines.get(self.cart_sel) {
                    self.modal = Some(Modal::Qty {
                        line: self.cart_sel,
                        text: format_qty(l.qty_milli),
                    });
                }
            }
            KeyCode::F(3) if !self.cart.is_empty() => {
                self.modal = Some(Modal::LineDiscount {
                    line: self.cart_sel,
                    text: String::new(),
                });
            }
            KeyCode::F(4) if !self.cart.is_empty() => {
                self.modal = Some(Modal::CartDiscount { text: String::new() });
            }
            KeyCode::F(5) => return self.start_pay(),
            KeyCode::F(12) => return Effect::LoadReport,
            KeyCode::F(6) => {
                if self.cart.is_empty() {
                    self.say(
                        Severity::Warn,
                        msg!(
                            "giỏ trống: không có gì để tạm giữ",
                            "the cart is empty: nothing to park"
                        ),
                    );
                } else {
                    let label = self.cart_label();
                    let cart = std::mem::take(&mut self.cart);
                    self.reset_cart();
                    self.cart_no += 1;
                    return Effect::Park { label, cart };
                }
            }
            KeyCode::F(7) => return Effect::ListParked,
            KeyCode::F(8) => self.modal = Some(Modal::ConfirmVoid { number: String::new() }),
            KeyCode::Char('o') if ctrl => {
                self.modal = Some(Modal::OwnQr {
                    text: self.profile.own_qr.clone().unwrap_or_default(),
                    summary: None,
                })
            }
            KeyCode::F(9) => return self.reprint(),
            _ => {}
        }
        Effect::None
    }

    pub fn cart_label(&self) -> String {
        format!("{} {}", self.t("Đơn", "Cart"), self.cart_no)
    }

    fn reset_cart(&mut self) {
        self.cart = Cart::default();
        self.undo.clear();
        self.cart_sel = 0;
        self.approved_by = None;
        self.pay_uuid = None;
    }

    fn enter(&mut self) -> Effect {
        let raw = self.input.trim().to_string();
        if raw.is_empty() {
            return Effect::None;
        }
        let (qty, code) = match split_qty_prefix(&raw) {
            Ok(x) => x,
            Err(m) => {
                self.say(Severity::Error, m);
                return Effect::None;
            }
        };
        let code = code.to_string();
        // An exact code (barcode or SKU) wins; else the selected search result.
        let exact = self.index.as_ref().and_then(|i| {
            i.by_barcode(&code)
                .cloned()
                .or_else(|| i.products().iter().find(|p| p.sku.eq_ignore_ascii_case(&code)).cloned())
        });
        if exact.is_some() || code.bytes().all(|b| b.is_ascii_digit()) {
            return self.add_code(qty, &code, false);
        }
        let picked = self
            .results
            .get(self.result_sel)
            .and_then(|&i| self.index.as_ref().map(|x| x.products()[i].clone()));
        match picked {
            Some(p) => self.add_product(&p, qty),
            None => self.say(
                Severity::Warn,
                msg!("không tìm thấy '{code}'", "nothing found for '{code}'"),
            ),
        }
        Effect::None
    }

    /// Add by exact barcode or SKU. `scanned` means it came from a scanner
    /// while another field had focus.
    fn add_code(&mut self, qty: Option<i64>, code: &str, scanned: bool) -> Effect {
        let found = self.index.as_ref().and_then(|i| {
            i.by_barcode(code)
                .cloned()
                .or_else(|| i.products().iter().find(|p| p.sku.eq_ignore_ascii_case(code)).cloned())
        });
        match found {
            Some(p) if !p.active => {
                let name = p.name.clone();
                self.say(
                    Severity::Error,
                    msg!("«{name}» đã ngừng bán", "«{name}» is deactivated"),
                );
                if !scanned {
                    self.input.clear();
                    self.refresh();
                }
            }
            Some(p) => {
                if scanned && self.screen == Screen::Pay {
                    // The cart changes: payment starts again from the sell screen.
                    self.pay = None;
                    self.screen = Screen::Sell;
                }
                self.add_product(&p, qty);
            }
            None => {
                self.say(
                    Severity::Error,
                    msg!(
                        "không có mã vạch {code}: giỏ hàng giữ nguyên; gõ tên hàng để tìm",
                        "unknown barcode {code}: the cart is unchanged; type the name to search"
                    ),
                );
                if !scanned {
                    self.input.clear();
                    self.refresh();
                }
            }
        }
        Effect::None
    }

    fn add_product(&mut self, p: &Product, qty: Option<i64>) {
        if !p.active {
            let name = p.name.clone();
            self.say(
                Severity::Error,
                msg!("«{name}» đã ngừng bán", "«{name}» is deactivated"),
            );
            return;
        }
        // the price changed since this product went into the cart
        let old_price = self
            .cart
            .lines
            .iter()
            .find(|l| l.product_id == p.id && l.unit_price != p.price)
            .map(|l| l.unit_price);
        let before = self.cart.clone();
        match self.cart.add(p, qty.unwrap_or(1000)) {
            Ok(i) => {
                self.undo.push(before);
                self.cart_sel = i;
                let q = format_qty(self.cart.lines[i].qty_milli);
                let name = p.name.clone();
                match old_price {
                    Some(old) => {
                        let new = p.price;
                        self.say(
                            Severity::Warn,
                            msg!(
                                "+ {name} (SL {q}) giá mới {new}; dòng đã có trong giỏ giữ giá cũ {old}",
                                "+ {name} (qty {q}) at the new price {new}; the line already in the cart keeps {old}"
                            ),
                        );
                    }
                    None => self.say(Severity::Info, msg!("+ {name} (SL {q})", "+ {name} (qty {q})")),
                }
                if self.modal.is_none() {
                    self.input.clear();
                    self.refresh();
                }
            }
            Err(m) => self.say(Severity::Error, m),
        }
    }

    fn remove_line(&mut self) {
        if self.cart_sel < self.cart.lines.len() {
            self.undo.push(self.cart.clone());
            let l = self.cart.lines.remove(self.cart_sel);
            self.cart_sel = self.cart_sel.min(self.cart.lines.len().saturating_sub(1));
            let name = l.name;
            self.say(
                Severity::Info,
                msg!("đã xóa {name} (Ctrl+Z để hoàn tác)", "removed {name} (Ctrl+Z to undo)"),
            );
        }
    }

    fn undo_last(&mut self) {
        match self.undo.pop() {
            Some(c) => {
                self.cart = c;
                self.cart_sel = self.cart_sel.min(self.cart.lines.len().saturating_sub(1));
                self.say(Severity::Info, msg!("đã hoàn tác", "undone"));
            }
            None => self.say(Severity::Warn, msg!("không còn gì để hoàn tác", "nothing to undo")),
        }
    }

    fn refresh(&mut self) {
        self.result_sel = 0;
        self.results.clear();
        let Some(index) = &self.index else { return };
        let q = match split_qty_prefix(&self.input) {
            Ok((_, rest)) => rest.to_string(),
            Err(_) => return,
        };
        if q.trim().is_empty() {
            return;
        }
        self.results = index.search(&q, RESULT_LIMIT).iter().map(|h| h.position).collect();
    }

    // ---- dialogs ----------------------------------------------------------

    fn modal_key(&mut self, key: KeyEvent) -> Effect {
        let Some(modal) = self.modal.take() else {
            return Effect::None;
        };
        if key.code == KeyCode::Esc
            && !matches!(
                modal,
                Modal::Pin {
                    purpose: PinPurpose::Login,
                    ..
                }
            )
        {
            return Effect::None;
        }
        match modal {
            Modal::Help => Effect::None,
            Modal::ConfirmVoid { mut number } => {
                match key.code {
                    KeyCode::Char(c) if c.is_ascii_digit() && number.len() < 9 => number.push(c),
                    KeyCode::Backspace => {
                        number.pop();
                    }
                    KeyCode::Enter => {
                        // show the sale first; nothing happens on this Enter
                        return Effect::LoadSale {
                            number: number.parse::<i64>().ok(),
                        };
                    }
                    _ => {}
                }
                self.modal = Some(Modal::ConfirmVoid { number });
                Effect::None
            }
            Modal::Review {
                void,
                sale,
                back,
                mut method,
                mut reference,
                mut on_reference,
            } => {
                match key.code {
                    // typing the reference: letters are the code, not commands
                    KeyCode::Enter | KeyCode::Up if on_reference => on_reference = false,
                    KeyCode::Backspace if on_reference => {
                        reference.pop();
                    }
                    // a full field ignores more letters (never a confirmation)
                    KeyCode::Char(c) if on_reference => push_reference(&mut reference, c),
                    KeyCode::Char('r' | 'R') | KeyCode::Down if !void && needs_reference(method) => {
                        on_reference = true;
                    }
                    KeyCode::Char('c' | 'C' | 'y' | 'Y') => {
                        let purpose = if void {
                            PinPurpose::Void
                        } else {
                            let r = reference.trim();
                            let r = (needs_reference(method) && !r.is_empty()).then(|| r.to_string());
                            PinPurpose::Refund(sale.number, method, r)
                        };
                        return self.with_manager(purpose);
                    }
                    KeyCode::Tab | KeyCode::Char('m' | 'M') if !void => {
                        method = next_refund_method(method, &sale);
                        on_reference &= needs_reference(method);
                    }
                    KeyCode::Enter => self.say(
                        Severity::Warn,
                        msg!(
                            "xem kỹ đơn rồi nhấn C để xác nhận, Esc để thôi",
                            "check the sale, then press Y to confirm, Esc to cancel"
                        ),
                    ),
                    _ => {}
                }
                self.modal = Some(Modal::Review {
                    void,
                    sale,
                    back,
                    method,
                    reference,
                    on_reference,
                });
                Effect::None
            }
            Modal::OpenSession { mut text } => {
                match key.code {
                    KeyCode::Enter => match Vnd::parse(if text.trim().is_empty() { "0" } else { &text }) {
                        Ok(v) if v.0 >= 0 && crate::checkout::tender::check_amount(v).is_ok() => {
                            return Effect::OpenSession { float: v };
                        }
                        _ => self.say(
                            Severity::Error,
                            msg!(
                                "tiền đầu ca không hợp lệ: ví dụ 500.000 hoặc 500k",
                                "not a valid float: e.g. 500.000 or 500k"
                            ),
                        ),
                    },
                    code => edit_text(&mut text, code),
                }
                self.modal = Some(Modal::OpenSession { text });
                Effect::None
            }
            Modal::CashMove {
                out,
                mut amount,
                mut reason,
                mut on_reason,
            } => {
                match key.code {
                    KeyCode::Tab | KeyCode::Up | KeyCode::Down => on_reason = !on_reason,
                    KeyCode::Enter if !on_reason => on_reason = true,
                    KeyCode::Enter => {
                        let parsed = Vnd::parse(&amount)
                            .ok()
                            .filter(|v| v.0 > 0 && crate::checkout::tender::check_amount(*v).is_ok());
                        match parsed {
                            None => {
                                on_reason = false;
                                self.say(
                                    Severity::Error,
                                    msg!(
                                        "số tiền không hợp lệ: ví dụ 50.000 hoặc 50k",
                                        "not a valid amount: e.g. 50.000 or 50k"
                                    ),
                                );
                            }
                            Some(_) if reason.trim().is_empty() => {
                                self.say(Severity::Error, msg!("cần ghi lý do", "a reason is needed"))
                            }
                            Some(v) => {
                                return Effect::CashMove {
                                    amount: if out { -v } else { v },
                                    reason: reason.trim().to_string(),
                                };
                            }
                        }
                    }
                    KeyCode::Backspace if on_reason => {
                        reason.pop();
                    }
                    KeyCode::Char(c) if on_reason && reason.chars().count() < 80 => reason.push(c),
                    code => edit_text(&mut amount, code),
                }
                self.modal = Some(Modal::CashMove {
                    out,
                    amount,
                    reason,
                    on_reason,
                });
                Effect::None
            }
            Modal::CloseSession { mut text } => {
                match key.code {
                    KeyCode::Enter => match Vnd::parse(&text) {
                        Ok(v) if v.0 >= 0 => {
                            let purpose = PinPurpose::CloseSession(v);
                            return self.with_manager(purpose);
                        }
                        _ => self.say(
                            Severity::Error,
                            msg!(
                                "số tiền đếm được không hợp lệ: ví dụ 1.250.000 hoặc 1,25tr",
                                "not a valid counted amount: e.g. 1.250.000 or 1,25tr"
                            ),
                        ),
                    },
                    code => edit_text(&mut text, code),
                }
                self.modal = Some(Modal::CloseSession { text });
                Effect::None
            }
            Modal::OwnQr { mut text, summary } => {
                match key.code {
                    KeyCode::Enter => match summary {
                        Some(_) => {
                            let payload = text.trim().to_string();
                            return self.with_manager(PinPurpose::OwnQr(payload));
                        }
                        None => {
                            let summary = match crate::vietqr::decode(text.trim()) {
                                Ok(d) if d.kind == crate::vietqr::Kind::VietqrTransfer => {
                                    Some(qr_summary(&d, self.lang))
                                }
                                Ok(d) => {
                                    let k = d.kind.label(self.lang);
                                    self.say(
                                        Severity::Error,
                                        msg!(
                                            "đây là mã {k}, không phải mã chuyển khoản vào tài khoản cửa hàng",
                                            "this is a {k} code, not a transfer to the shop's account"
                                        ),
                                    );
                                    None
                                }
                                Err(e) => {
                                    self.say(Severity::Error, e.msg());
                                    None
                                }
                            };
                            self.modal = Some(Modal::OwnQr { text, summary });
                            return Effect::None;
                        }
                    },
                    KeyCode::Backspace => {
                        text.pop();
                    }
                    KeyCode::Char(c) if text.chars().count() < 512 => text.push(c),
                    _ => {}
                }
                // editing the text invalidates the decoded summary
                self.modal = Some(Modal::OwnQr { text, summary: None });
                Effect::None
            }
            Modal::Parked { carts, mut sel } => {
                match key.code {
                    KeyCode::Up => sel = sel.saturating_sub(1),
                    KeyCode::Down => sel = (sel + 1).min(carts.len().saturating_sub(1)),
                    KeyCode::Enter => {
                        if let Some(row) = carts.get(sel) {
                            let id = row.id;
                            if !self.cart.is_empty() {
                                let label = self.cart_label();
                                let cart = std::mem::take(&mut self.cart);
                                self.reset_cart();
                                // park first, then recall: the loop does both in order
                                self.pending_recall = Some(id);
                                return Effect::Park { label, cart };
                            }
                            return Effect::Recall { id };
                        }
                        return Effect::None;
                    }
                    _ => {}
                }
                self.modal = Some(Modal::Parked { carts, sel });
                Effect::None
            }
            Modal::Pin {
                purpose,
                mut name,
                mut pin,
                mut on_name,
            } => {
                match key.code {
                    KeyCode::Tab | KeyCode::Down | KeyCode::Up => on_name = !on_name,
                    KeyCode::Backspace => {
                        if on_name {
                            name.pop();
                        } else {
                            pin.pop();
                        }
                    }
                    KeyCode::Char(c) => {
                        if on_name {
                            name.push(c);
                        } else if c.is_ascii_digit() && pin.len() < 8 {
                            pin.push(c);
                        }
                    }
                    KeyCode::Enter => {
                        if on_name {
                            on_name = false;
                        } else {
                            return Effect::CheckPin { name, pin, purpose };
                        }
                    }
                    _ => {}
                }
                self.modal = Some(Modal::Pin {
                    purpose,
                    name,
                    pin,
                    on_name,
                });
                Effect::None
            }
            Modal::Qty { line, mut text } => {
                match key.code {
                    KeyCode::Enter => {
                        let product = self.cart.lines.get(line).and_then(|l| {
                            self.index
                                .as_ref()
                                .and_then(|i| i.products().iter().find(|p| p.id == l.product_id))
                        });
                        let checked = parse_qty(&text).and_then(|q| match product {
                            Some(p) => crate::checkout::check_whole(p, q).map(|_| q),
                            None => Ok(q),
                        });
                        match checked {
                            Ok(q) if line < self.cart.lines.len() => {
                                self.undo.push(self.cart.clone());
                                self.cart.lines[line].qty_milli = q;
                            }
                            Ok(_) => {}
                            Err(m) => {
                                self.say(Severity::Error, m);
                                self.modal = Some(Modal::Qty { line, text });
                            }
                        }
                        return Effect::None;
                    }
                    KeyCode::Backspace => {
                        text.pop();
                    }
                    KeyCode::Char(c) if c.is_ascii_digit() || c == ',' || c == '.' => text.push(c),
                    _ => {}
                }
                self.modal = Some(Modal::Qty { line, text });
                Effect::None
            }
            Modal::LineDiscount { line, mut text } => {
                if key.code == KeyCode::Enter {
                    self.apply_discount(Some(line), &text);
                    if self.status.as_ref().is_some_and(|s| s.0 == Severity::Error) {
                        self.modal = Some(Modal::LineDiscount { line, text });
                    }
                    return self.maybe_ask_approval();
                }
                edit_text(&mut text, key.code);
                self.modal = Some(Modal::LineDiscount { line, text });
                Effect::None
            }
            Modal::CartDiscount { mut text } => {
                if key.code == KeyCode::Enter {
                    self.apply_discount(None, &text);
                    if self.status.as_ref().is_some_and(|s| s.0 == Severity::Error) {
                        self.modal = Some(Modal::CartDiscount { text });
                    }
                    return self.maybe_ask_approval();
                }
                edit_text(&mut text, key.code);
                self.modal = Some(Modal::CartDiscount { text });
                Effect::None
            }
        }
    }

    fn apply_discount(&mut self, line: Option<usize>, text: &str) {
        let d = if text.trim().is_empty() {
            None
        } else {
            match Discount::parse(text) {
                Ok(d) => Some(d),
                Err(m) => {
                    self.say(Severity::Error, m);
                    return;
                }
            }
        };
        let before = self.cart.clone();
        match line {
            Some(i) if i < self.cart.lines.len() => self.cart.lines[i].discount = d,
            Some(_) => return,
            None => self.cart.discount = d,
        }
        if let Err(m) = self.totals() {
            self.cart = before;
            self.say(Severity::Error, m);
            return;
        }
        self.undo.push(before);
        self.approved_by = None;
        self.status = None;
    }

    /// Go ahead at once when the cashier is a manager, else ask for a
    /// manager's name and PIN first.
    fn with_manager(&mut self, purpose: PinPurpose) -> Effect {
        if self.actor.is_manager() {
            return self.approved(purpose, self.actor.clone());
        }
        self.modal = Some(Modal::ask_pin(purpose));
        Effect::None
    }

    /// A discount above the threshold asks for a manager's PIN (unless the
    /// cashier is one).
    fn maybe_ask_approval(&mut self) -> Effect {
        if self.needs_approval() && !self.actor.is_manager() && self.modal.is_none() {
            self.modal = Some(Modal::ask_pin(PinPurpose::Discount));
        }
        Effect::None
    }

    fn needs_approval(&self) -> bool {
        self.totals()
            .map(|t| crate::counter::discount_needs_approval(&self.cart, &t, self.discount_threshold_bp))
            .unwrap_or(false)
            && self.approved_by.is_none()
    }

    // ---- pay screen -------------------------------------------------------

    fn start_pay(&mut self) -> Effect {
        if self.cart.is_empty() {
            self.say(Severity::Warn, msg!("giỏ hàng trống", "the cart is empty"));
            return Effect::None;
        }
        let totals = match self.totals() {
            Ok(t) => t,
            Err(m) => {
                self.say(Severity::Error, m);
                return Effect::None;
            }
        };
        if self.needs_approval() && !self.actor.is_manager() {
            return self.maybe_ask_approval();
        }
        if !self.session_open {
            // after a Z (or on the first day) the drawer's float is counted
            // first, instead of a session silently opening with 0
            self.modal = Some(Modal::OpenSession {
                text: self.usual_float.grouped(),
            });
            self.say(
                Severity::Info,
                msg!(
                    "chưa mở ca: đếm tiền đầu ca trong két, Enter để mở ca",
                    "no open session: count the float in the drawer, Enter to open one"
                ),
            );
            return Effect::None;
        }
        let uuid = self.pay_uuid.get_or_insert_with(crate::counter::new_uuid).clone();
        self.pay = Some(Pay {
            uuid: uuid.clone(),
            number: None,
            totals,
            method: Method::Cash,
            amount: String::new(),
            reference: String::new(),
            on_reference: false,
            tenders: Vec::new(),
            qr: None,
            qr_shown_at: None,
            approved_by: self.approved_by.clone(),
            wallet_pick: None,
            confirm_large: None,
        });
        self.screen = Screen::Pay;
        self.status = None;
        Effect::Reserve { uuid }
    }

    fn pay_key(&mut self, key: KeyEvent, now: Instant, previous: Option<Instant>) -> Effect {
        let Some(mut pay) = self.pay.take() else {
            self.screen = Screen::Sell;
            return Effect::None;
        };
        if let Some(sel) = pay.wallet_pick {
            self.wallet_key(&mut pay, sel, key.code);
            self.pay = Some(pay);
            return Effect::None;
        }
        // Barcode-shaped digits in the amount field, ending in Enter, are a
        // scan whatever their timing: they go to the cart, never to the money.
        if key.code == KeyCode::Enter && !pay.on_reference && self.barcode_shaped(&pay.amount) {
            let code = pay.amount.trim().to_string();
            pay.amount.clear();
            self.pay = Some(pay);
            let known = self.index.as_ref().is_some_and(|i| i.by_barcode(&code).is_some());
            if !known {
                let grouped = code.parse::<i64>().map(|v| Vnd(v).grouped()).unwrap_or_default();
                self.say(
                    Severity::Error,
                    msg!(
                        "{code} trông như mã vạch nhưng không có trong danh mục: chưa nhận tiền; nếu là số tiền, gõ có dấu chấm: {grouped}",
                        "{code} looks like a barcode but is not in the catalogue: no money taken; if it is an amount, type it with dots: {grouped}"
                    ),
                );
                return Effect::None;
            }
            return self.add_code(None, &code, true);
        }
        let remaining = pay.remaining();
        let mut effect = Effect::None;
        if key.code != KeyCode::Enter {
            pay.confirm_large = None;
        }
        match key.code {
            KeyCode::Esc => {
                if pay.tenders.is_empty() {
                    self.screen = Screen::Sell;
                    self.status = None;
                    return Effect::None;
                }
                pay.tenders.clear();
                self.say(
                    Severity::Info,
                    msg!("đã bỏ các khoản đã nhận", "cleared the tenders taken"),
                );
            }
            // Method letters act while the amount is empty ("100k" keeps its k).
            KeyCode::Char(c)
                if !pay.on_reference
                    && pay.amount.is_empty()
                    && matches!(c.to_ascii_lowercase(), 't' | 'c' | 'k' | 'v') =>
            {
                pay.method = match c.to_ascii_lowercase() {
                    't' => Method::Cash,
                    'c' => Method::Transfer,
                    'k' => Method::Card,
                    _ => {
                        // The wallet is chosen in its own step; digits there
                        // only move the choice, they are never an amount.
                        let at = match pay.method {
                            Method::Wallet(w) => Wallet::ALL.iter().position(|x| *x == w).unwrap_or(0),
                            _ => 0,
                        };
                        pay.wallet_pick = Some(at);
                        Method::Wallet(Wallet::ALL[at])
                    }
                };
                pay.amount.clear();
                pay.reference.clear();
                pay.qr = None;
                pay.qr_shown_at = None;
            }
            KeyCode::Tab => {
                if matches!(pay.method, Method::Card | Method::Wallet(_)) {
                    pay.on_reference = !pay.on_reference;
                }
            }
            KeyCode::F(n @ 1..=5) if pay.method == Method::Cash => {
                let notes = quick_notes(remaining);
                if let Some(v) = notes.get(usize::from(n - 1)) {
                    pay.amount = v.0.to_string();
                }
            }
            KeyCode::Backspace => {
                if pay.on_reference {
                    pay.reference.pop();
                } else {
                    pay.amount.pop();
                }
            }
            KeyCode::Char(c) => {
                if pay.on_reference {
                    if pay.reference.len() < 40 && !c.is_control() {
                        pay.reference.push(c);
                    }
                } else if (c.is_ascii_digit() || matches!(c, '.' | ',' | 'k' | 'K')) && pay.amount.len() < 24 {
                    pay.amount.push(c);
                }
            }
            KeyCode::Enter => {
                let amount = if pay.amount.trim().is_empty() {
                    Ok(remaining)
                } else {
                    Vnd::parse(&pay.amount)
                        .map_err(|e| msg!("số tiền không hợp lệ: {e}", "not a valid amount: {e}"))
                        .and_then(|a| crate::checkout::tender::check_amount(a).map(|_| a))
                };
                match amount {
                    Err(m) => self.say(Severity::Error, m),
                    Ok(a) if a.0 <= 0 => self.say(
                        Severity::Error,
                        msg!("số tiền phải lớn hơn 0", "the amount must be above zero"),
                    ),
                    Ok(a) if !pay.method.is_cash() && a > remaining => {
                        let r = remaining;
                        self.say(
                            Severity::Error,
                            msg!(
                                "chỉ còn {r}: thẻ/chuyển khoản/ví không có tiền thối",
                                "only {r} is due: card/transfer/wallet give no change"
                            ),
                        );
                    }
                    Ok(a) if Vnd::needs_confirmation(a, remaining) && pay.confirm_large != Some(a) => {
                        pay.confirm_large = Some(a);
                        self.say(
                            Severity::Warn,
                            msg!(
                                "khách đưa {a}? Số tiền rất lớn so với {remaining}: Enter lần nữa để nhận, Backspace để sửa",
                                "tendered {a}? That is far above {remaining}: Enter again to take it, Backspace to correct"
                            ),
                        );
                    }
                    Ok(a) => {
                        pay.confirm_large = None;
                        if pay.method == Method::Transfer && pay.qr.is_none() {
                            // First Enter shows the code; a later, separate
                            // Enter confirms receipt.
                            let no = pay.number.map(crate::sales::format_number).unwrap_or_default();
                            match crate::shop::sale_code(&self.profile, a.0, &format!("DH{no}"), "") {
                                Ok(q) => {
                                    pay.qr = Some(q);
                                    pay.qr_shown_at = Some(now);
                                    pay.amount = a.0.to_string();
                                    self.say(
                                        Severity::Info,
                                        msg!(
                                            "khách quét mã; khi thấy tiền vào tài khoản, nhấn Enter để xác nhận đã nhận",
                                            "the customer scans; when the money shows in the account, press Enter to confirm receipt"
                                        ),
                                    );
                                }
                                Err(e) => self.say(Severity::Error, e.msg()),
                            }
                        } else if pay.method == Method::Transfer && !deliberate(pay.qr_shown_at, previous, now) {
                            self.say(
                                Severity::Warn,
                                msg!(
                                    "chưa xác nhận: chờ khách quét và thấy tiền vào tài khoản, rồi nhấn Enter",
                                    "not confirmed yet: wait until the customer has scanned and the money shows, then press Enter"
                                ),
                            );
                        } else {
                            pay.tenders.push(Tender {
                                method: pay.method,
                                amount: a,
                                reference: (!pay.reference.trim().is_empty()).then(|| pay.reference.trim().to_string()),
                            });
                            pay.amount.clear();
                            pay.reference.clear();
                            pay.on_reference = false;
                            pay.qr = None;
                            pay.qr_shown_at = None;
                            if pay.remaining().0 == 0 {
                                effect = Effect::Commit {
                                    uuid: pay.uuid.clone(),
                                    cart: self.cart.clone(),
                                    tenders: pay.tenders.clone(),
                                    approved_by: pay.approved_by.clone(),
                                };
                            } else {
                                pay.method = Method::Cash;
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        self.pay = Some(pay);
        effect
    }

    /// The wallet step: 1–5 or arrows move the choice, Enter takes it, Esc
    /// goes back to cash. Nothing typed here becomes an amount.
    fn wallet_key(&mut self, pay: &mut Pay, sel: usize, code: KeyCode) {
        let last = Wallet::ALL.len() - 1;
        match code {
            KeyCode::Char(c) if ('1'..='5').contains(&c) => {
                let i = usize::from(c as u8 - b'1');
                pay.wallet_pick = Some(i);
                pay.method = Method::Wallet(Wallet::ALL[i]);
            }
            KeyCode::Up | KeyCode::Left => {
                let i = sel.saturating_sub(1);
                pay.wallet_pick = Some(i);
                pay.method = Method::Wallet(Wallet::ALL[i]);
            }
            KeyCode::Down | KeyCode::Right => {
                let i = (sel + 1).min(last);
                pay.wallet_pick = Some(i);
                pay.method = Method::Wallet(Wallet::ALL[i]);
            }
            KeyCode::Enter => {
                pay.wallet_pick = None;
                let w = Wallet::ALL[sel].label();
                self.say(
                    Severity::Info,
                    msg!(
                        "ví {w}: nhập số tiền rồi Enter",
                        "wallet {w}: type the amount, then Enter"
                    ),
                );
            }
            KeyCode::Esc => {
                pay.wallet_pick = None;
                pay.method = Method::Cash;
            }
            _ => self.say(
                Severity::Warn,
                msg!(
                    "chọn ví trước: 1–5 hoặc ↑↓, rồi Enter; số tiền nhập sau",
                    "choose the wallet first: 1–5 or ↑↓, then Enter; the amount comes next"
                ),
            ),
        }
    }

    fn done_key(&mut self, key: KeyEvent) -> Effect {
        match key.code {
            KeyCode::F(9) => return self.reprint(),
            KeyCode::Up => self.scroll = self.scroll.saturating_add(1).min(200),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_add(10).min(200),
            KeyCode::Down => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Enter | KeyCode::Esc => {
                self.screen = Screen::Sell;
                self.status = None;
            }
            KeyCode::Char(c) => {
                // Typing starts the next sale straight away.
                self.screen = Screen::Sell;
                self.input.push(c);
                self.refresh();
            }
            _ => {}
        }
        Effect::None
    }

    fn reprint(&mut self) -> Effect {
        match &self.last_sale {
            Some(s) => Effect::Print {
                number: s.number,
                drawer: false,
            },
            None => {
                self.say(
                    Severity::Warn,
                    msg!("chưa có đơn nào để in lại", "no sale to reprint yet"),
                );
                Effect::None
            }
        }
    }

    pub fn on_printed(&mut self, result: Result<(), Msg>) {
        match result {
            Ok(()) => self.say(Severity::Info, msg!("đã in phiếu", "receipt printed")),
            Err(m) => {
                let e = m.get(self.lang).to_string();
                self.say(
                    Severity::Error,
                    msg!(
                        "máy in lỗi: {e} — đơn đã ghi, F9 để in lại",
                        "printer error: {e} — the sale is saved, F9 to reprint"
                    ),
                );
            }
        }
    }

    // ---- results of effects -------------------------------------------------

    pub fn on_reserved(&mut self, number: i64) {
        if let Some(p) = self.pay.as_mut() {
            p.number = Some(number);
        }
    }

    pub fn on_committed(&mut self, sale: SaleRecord) {
        let change = sale.change;
        let no = crate::sales::format_number(sale.number);
        let inv = sale
            .invoice
            .as_ref()
            .map(|i| {
                let (sym, n, code) = (i.full_symbol(), i.number, i.mccqt.clone());
                msg!("; HĐ {sym} số {n} · {code}", "; invoice {sym} no. {n} · {code}")
                    .get(self.lang)
                    .to_string()
            })
            .unwrap_or_default();
        self.last_sale = Some(sale);
        self.pay = None;
        self.reset_cart();
        self.session_open = true;
        self.scroll = 0;
        self.screen = Screen::Done;
        self.say(
            Severity::Info,
            msg!(
                "đã ghi đơn {no}; tiền thối {change}{inv}",
                "sale {no} saved; change {change}{inv}"
            ),
        );
    }

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

    pub fn on_pin(&mut self, purpose: PinPurpose, result: Result<Actor, Msg>) -> Effect {
        match result {
            Err(m) => {
                self.say(Severity::Error, m);
                self.modal = Some(Modal::ask_pin(purpose));
                Effect::None
            }
            Ok(a) => match purpose {
                PinPurpose::Login => {
                    let n = a.name.clone();
                    self.actor = a;
                    self.screen = Screen::Sell;
                    self.say(Severity::Info, msg!("xin chào {n}", "hello {n}"));
                    Effect::None
                }
                PinPurpose::Discount => {
                    let n = a.name.clone();
                    self.approved_by = Some(a);
                    self.say(
                        Severity::Info,
                        msg!("{n} đã duyệt chiết khấu", "{n} approved the discount"),
                    );
                    Effect::None
                }
                other => self.approved(other, a),
            },
        }
    }

    /// A manager approved `purpose`.
    fn approved(&mut self, purpose: PinPurpose, a: Actor) -> Effect {
        match purpose {
            PinPurpose::Void => Effect::VoidLast { approver: a },
            PinPurpose::Refund(number, method, reference) => Effect::Refund {
                number,
                approver: a,
                method,
                reference,
            },
            PinPurpose::OwnQr(payload) => Effect::SaveOwnQr { payload },
            PinPurpose::CloseSession(counted) => Effect::CloseSession { counted },
            PinPurpose::Login | PinPurpose::Discount => Effect::None,
        }
    }

    pub fn on_own_qr_saved(&mut self, profile: ShopProfile) {
        self.profile = profile;
        self.say(
            Severity::Info,
            msg!(
                "đã lưu mã QR của cửa hàng: mã theo từng đơn sẽ được tạo từ mã này",
                "saved the shop's own QR: per-sale codes are now made from it"
            ),
        );
    }

    /// A session was opened with `float`: carry on to the payment.
    pub fn on_session_opened(&mut self, float: Vnd) -> Effect {
        self.session_open = true;
        self.usual_float = float;
        let effect = if self.screen == Screen::Sell && !self.cart.is_empty() {
            self.start_pay()
        } else {
            Effect::None
        };
        if matches!(effect, Effect::Reserve { .. }) || self.status.is_none() {
            self.say(
                Severity::Info,
                msg!(
                    "đã mở ca với tiền đầu ca {float}",
                    "session opened with a float of {float}"
                ),
            );
        }
        effect
    }

    /// Cash went into or out of the drawer.
    pub fn on_cash_moved(&mut self, amount: Vnd, reason: &str) -> Effect {
        let r = reason.to_string();
        let v = Vnd(amount.0.abs());
        let m = if amount.0 < 0 {
            msg!(
                "đã ghi rút {v} khỏi két: {r}",
                "recorded {v} taken out of the drawer: {r}"
            )
        } else {
            msg!("đã ghi nộp {v} vào két: {r}", "recorded {v} put into the drawer: {r}")
        };
        self.say(Severity::Info, m);
        // the reports screen shows the new expected cash
        if self.screen == Screen::Reports {
            Effect::LoadReport
        } else {
            Effect::None
        }
    }

    /// The session was closed: show its frozen Z report.
    pub fn on_closed(&mut self, z: crate::report::zreport::SessionReport) {
        self.session_open = false;
        let n = z.z_number.unwrap_or_default();
        if let Some(r) = self.report.as_mut() {
            r.session = Some(z);
        }
        self.show_session = true;
        self.say(
            Severity::Info,
            msg!("đã chốt ca: báo cáo Z số {n}", "session closed: Z report {n}"),
        );
    }

    pub fn on_report(&mut self, r: ReportView) {
        self.report = Some(r);
        self.scroll = 0;
        self.screen = Screen::Reports;
    }

    pub fn on_voided(&mut self, sale: SaleRecord) {
        let no = crate::sales::format_number(sale.number);
        let r = sale.ref_number.map(crate::sales::format_number).unwrap_or_default();
        let m = if sale.kind == crate::sales::SaleKind::Refund {
            msg!(
                "đã trả hàng đơn {r} bằng chứng từ {no}",
                "refunded sale {r} with document {no}"
            )
        } else {
            msg!(
                "đã hủy đơn {r} bằng chứng từ {no}",
                "voided sale {r} with document {no}"
            )
        };
        self.last_sale = Some(sale);
        self.scroll = 0;
        self.screen = Screen::Done;
        self.say(Severity::Info, m);
    }

    pub fn on_parked(&mut self, count: usize) -> Effect {
        self.parked_count = count;
        self.say(
            Severity::Info,
            msg!(
                "đã tạm giữ đơn ({count} đơn đang chờ, F7 để gọi lại)",
                "cart parked ({count} waiting, F7 to recall)"
            ),
        );
        self.after_park()
    }

    /// The cart was parked under `label` (its total `total`).
    pub fn on_parked_as(&mut self, label: &str, total: Vnd, count: usize) -> Effect {
        self.parked_count = count;
        let l = label.to_string();
        self.say(
            Severity::Info,
            msg!(
                "đã tạm giữ {l} ({total}); {count} đơn đang chờ, F7 để gọi lại",
                "parked {l} ({total}); {count} waiting, F7 to recall"
            ),
        );
        self.after_park()
    }

    fn after_park(&mut self) -> Effect {
        if std::mem::take(&mut self.quit_after_park) {
            // said once more on the plain terminal after the counter closes
            self.farewell = self.status.as_ref().map(|s| s.1.clone());
            return Effect::Quit;
        }
        match self.pending_recall.take() {
            Some(id) => Effect::Recall { id },
            None => Effect::None,
        }
    }

    /// The sale to void or refund was read: show it for a deliberate
    /// confirmation.
    pub fn on_sale_loaded(&mut self, void: bool, sale: SaleRecord) {
        if sale.kind != crate::sales::SaleKind::Sale {
            let n = crate::sales::format_number(sale.number);
            self.say(
                Severity::Error,
                msg!(
                    "chứng từ {n} là phiếu hủy/trả, không phải đơn bán",
                    "document {n} is a void or refund, not a sale"
                ),
            );
            return;
        }
        let back = crate::counter::returnable(&sale);
        if back.0 <= 0 && !sale.lines.is_empty() {
            let n = crate::sales::format_number(sale.number);
            self.say(
                Severity::Warn,
                msg!("đơn {n} đã được trả hết", "sale {n} has been fully returned"),
            );
            return;
        }
        let method = sale.refund_method();
        self.status = None;
        self.modal = Some(Modal::Review {
            void,
            sale: Box::new(sale),
            back,
            method,
            reference: String::new(),
            on_reference: false,
        });
    }

    pub fn on_parked_list(&mut self, carts: Vec<ParkedRow>) {
        if carts.is_empty() {
            self.say(Severity::Warn, msg!("không có đơn nào đang tạm giữ", "no parked carts"));
        } else {
            self.modal = Some(Modal::Parked { carts, sel: 0 });
        }
    }

    pub fn on_recalled(&mut self, label: &str, cart: Cart, remaining: usize) {
        self.reset_cart();
        self.cart = cart;
        if let Some(n) = label.rsplit(' ').next().and_then(|n| n.parse().ok()) {
            self.cart_no = n;
        }
        self.parked_count = remaining;
        self.screen = Screen::Sell;
        let l = label.to_string();
        self.say(Severity::Info, msg!("đã gọi lại {l}", "recalled {l}"));
    }

    /// Quick-note amounts for the pay screen.
    pub fn notes(&self) -> Vec<Vnd> {
        self.pay
            .as_ref()
            .map(|p| quick_notes(p.remaining()))
            .unwrap_or_default()
    }
}

/// The lines that describe a decoded QR in the set-up dialog.
pub fn qr_summary(d: &crate::vietqr::Decoded, lang: Lang) -> Vec<String> {
    let bank = d
        .bank()
        .map(|b| {
            format!(
                "{} ({})",
                b.short_name.clone().or(b.code.clone()).unwrap_or(b.name.clone()),
                b.bin
            )
        })
        .unwrap_or_else(|| d.bin.clone().unwrap_or_default());
    let mut out = vec![
        format!("{} {bank}", lang.pick("Ngân hàng:", "Bank:")),
        format!(
            "{} {}",
            lang.pick("Tài khoản:", "Account:"),
            d.account.clone().unwrap_or_default()
        ),
    ];
    for f in d.additional.iter() {
        out.push(format!("62/{}: {}", f.id, f.value));
    }
    for f in d.other_fields() {
        out.push(format!("{} {}: {}", lang.pick("Trường", "Field"), f.id, f.value));
    }
    out
}

/// The next way to hand refund money back: the sale's own methods first,
/// then cash, transfer, card.
fn next_refund_method(m: Method, sale: &SaleRecord) -> Method {
    let mut all: Vec<Method> = sale.payments.iter().filter_map(|p| p.method()).collect();
    for x in [Method::Cash, Method::Transfer, Method::Card] {
        if !all.contains(&x) {
            all.push(x);
        }
    }
    let at = all.iter().position(|x| *x == m).map_or(0, |i| i + 1);
    all[at % all.len()]
}

/// Longest refund reference (a transfer's transaction code, a card slip).
const REFERENCE_MAX: usize = 40;

fn push_reference(reference: &mut String, c: char) {
    if reference.chars().count() < REFERENCE_MAX && !c.is_control() {
        reference.push(c);
    }
}

/// Refund money sent back other than in cash carries a reference.
pub fn needs_reference(m: Method) -> bool {
    !matches!(m, Method::Cash)
}

/// Least time between showing a VietQR code and confirming the money came.
pub const QR_MIN_WAIT: Duration = Duration::from_secs(1);
/// A key closer than this to the one before is part of the same burst
/// (key repeat, a double press).
pub const BURST_GAP: Duration = Duration::from_millis(300);

/// A confirmation that cannot come from the burst of keys that showed the
/// code: at least [`QR_MIN_WAIT`] after it, and not hard on another key.
fn deliberate(shown: Option<Instant>, previous: Option<Instant>, now: Instant) -> bool {
    let waited = shown.is_some_and(|s| now.saturating_duration_since(s) >= QR_MIN_WAIT);
    let alone = previous.is_none_or(|p| now.saturating_duration_since(p) >= BURST_GAP);
    waited && alone
}

fn edit_text(text: &mut String, code: KeyCode) {
    match code {
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char(c) if text.len() < 20 => text.push(c),
        _ => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::catalog::import::parse_csv;
    use crate::catalog::{NewProduct, Product};
    use crate::shop::TaxMethod;
    use crate::users::Role;

    pub(crate) fn products() -> Vec<Product> {
        parse_csv(crate::demo::SAMPLE_CATALOG)
            .unwrap()
            .rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let by_measure = r.product.sold_by_measure();
                let NewProduct {
                    sku,
                    barcodes,
                    name,
                    unit,
                    price,
                    vat,
                    tags,
                    ..
                } = r.product;
                Product {
                    by_measure,
                    id: i as i64 + 1,
                    sku,
                    barcodes,
                    name,
                    unit,
                    price,
                    vat,
                    tags,
                    active: true,
                    stock_milli: 0,
                }
            })
            .collect()
    }

    pub(crate) fn profile(method: TaxMethod) -> ShopProfile {
        ShopProfile {
            shop_id: "x".into(),
            name: "Cửa hàng mẫu Hương Giang (DEMO)".into(),
            address: "12 Lê Lợi".into(),
            ward: "Thuận Hóa".into(),
            phone: None,
            tax_code: None,
            tax_method: method,
            bank_bin: "970436".into(),
            bank_account: "0071000123456".into(),
            own_qr: None,
            is_demo: true,
            printer: Default::default(),
            invoice: None,
        }
    }

    pub(crate) fn app_with(lang: Lang, actor: Actor) -> App {
        let mut app = App::new(profile(TaxMethod::Direct), lang, actor, false);
        app.set_index(SearchIndex::new(products()));
        app
    }

    pub(crate) fn demo_app(lang: Lang) -> App {
        app_with(lang, Actor::owner())
    }

    fn cashier() -> Actor {
        Actor {
            name: "Lan".into(),
            role: Role::Cashier,
        }
    }

    /// A person typing: keys 200 ms apart.
    pub(crate) fn typed(app: &mut App, s: &str) -> Effect {
        let mut t = Instant::now();
        let mut last = Effect::None;
        for c in s.chars() {
            t += Duration::from_millis(200);
            last = app.handle_key_at(KeyEvent::from(KeyCode::Char(c)), t);
        }
        last
    }

    /// A USB scanner: digits 5 ms apart, then Enter.
    pub(crate) fn scanned(app: &mut App, code: &str) -> Effect {
        let mut t = Instant::now() + Duration::from_secs(10);
        for c in code.chars() {
            t += Duration::from_millis(5);
            app.handle_key_at(KeyEvent::from(KeyCode::Char(c)), t);
        }
        app.handle_key_at(KeyEvent::from(KeyCode::Enter), t + Duration::from_millis(5))
    }

    pub(crate) fn key(app: &mut App, code: KeyCode) -> Effect {
        app.handle_key_at(KeyEvent::from(code), Instant::now() + Duration::from_secs(60))
    }

    #[test]
    fn scanning_adds_one_and_scanning_again_adds_another() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000001025");
        scanned(&mut app, "8936000001025");
        assert_eq!(app.cart.lines.len(), 1);
        assert_eq!(app.cart.lines[0].qty_milli, 2000);
        assert!(app.input.is_empty());
    }

    #[test]
    fn a_quantity_prefix_sets_the_quantity() {
        let mut app = demo_app(Lang::Vi);
        typed(&mut app, "0,35*GAO-ST25");
        key(&mut app, KeyCode::Enter);
        typed(&mut app, "3*8936000001094");
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.cart.lines[0].qty_milli, 350);
        assert_eq!(app.cart.lines[1].qty_milli, 3000);
        assert_eq!(app.totals().unwrap().total, Vnd(11_200 + 13_500));
    }

    #[test]
    fn fractions_only_for_goods_sold_by_weight_or_measure() {
        let mut app = demo_app(Lang::En);
        // honey by the bottle: half a bottle is refused
        typed(&mut app, "0,5*MAT-ONG");
        key(&mut app, KeyCode::Enter);
        assert!(app.cart.is_empty());
        let (sev, text) = app.status.clone().unwrap();
        assert_eq!(sev, Severity::Error);
        assert!(text.contains("must be whole"), "{text}");
        key(&mut app, KeyCode::Esc);
        // rice by the kg: fine
        typed(&mut app, "0,35*GAO-ST25");
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.cart.lines[0].qty_milli, 350);
        // nor through the quantity dialog
        typed(&mut app, "MAT-ONG");
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::F(2));
        key(&mut app, KeyCode::Backspace);
        typed(&mut app, "0,5");
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.cart.lines[1].qty_milli, 1000);
        assert!(
            matches!(app.modal, Some(Modal::Qty { .. })),
            "the dialog stays to correct"
        );
    }

    #[test]
    fn typing_searches_without_accents_and_enter_adds_the_pick() {
        let mut app = demo_app(Lang::Vi);
        typed(&mut app, "mut buoi");
        assert_eq!(app.index.as_ref().unwrap().products()[app.results[0]].sku, "MUT-BUOI");
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.cart.lines[0].sku, "MUT-BUOI");
        typed(&mut app, "2*ca phe");
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.cart.lines[1].sku, "CAFE-SUA");
        assert_eq!(app.cart.lines[1].qty_milli, 2000);
    }

    #[test]
    fn an_unknown_barcode_leaves_the_cart_untouched() {
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000001025");
        let before = app.cart.clone();
        scanned(&mut app, "8930000000000");
        assert_eq!(app.cart, before);
        let (sev, text) = app.status.clone().unwrap();
        assert_eq!(sev, Severity::Error);
        assert!(text.contains("unknown barcode 8930000000000"), "{text}");
    }

    #[test]
    fn bad_quantities_are_refused() {
        let mut app = demo_app(Lang::En);
        for q in ["0*MI-GOI", "-1*MI-GOI", "99999*MI-GOI", "x*MI-GOI"] {
            typed(&mut app, q);
            key(&mut app, KeyCode::Enter);
            assert!(app.cart.is_empty(), "{q}");
            assert_eq!(app.status.as_ref().unwrap().0, Severity::Error, "{q}");
            key(&mut app, KeyCode::Esc);
        }
    }

    #[test]
    fn edit_quantity_remove_and_undo() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000001025");
        scanned(&mut app, "8936000000950");
        key(&mut app, KeyCode::Up);
        key(&mut app, KeyCode::F(2));
        for _ in 0..3 {
            key(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, "4");
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.cart.lines[0].qty_milli, 4000);
        key(&mut app, KeyCode::Delete);
        assert_eq!(app.cart.lines.len(), 1);
        app.handle_key_at(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL), Instant::now());
        assert_eq!(app.cart.lines.len(), 2);
        app.handle_key_at(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL), Instant::now());
        assert_eq!(app.cart.lines[0].qty_milli, 1000);
    }

    #[test]
    fn a_big_discount_by_a_cashier_asks_for_a_manager() {
        let mut app = app_with(Lang::Vi, cashier());
        scanned(&mut app, "8936000000189");
        key(&mut app, KeyCode::F(4));
        typed(&mut app, "20%");
        key(&mut app, KeyCode::Enter);
        assert!(matches!(
            app.modal,
            Some(Modal::Pin {
                purpose: PinPurpose::Discount,
                ..
            })
        ));
        key(&mut app, KeyCode::Esc);
        // paying without the approval asks again
        key(&mut app, KeyCode::F(5));
        assert!(matches!(
            app.modal,
            Some(Modal::Pin {
                purpose: PinPurpose::Discount,
                ..
            })
        ));
        typed(&mut app, "Hoa");
        key(&mut app, KeyCode::Enter);
        typed(&mut app, "2468");
        let e = key(&mut app, KeyCode::Enter);
        assert_eq!(
            e,
            Effect::CheckPin {
                name: "Hoa".into(),
                pin: "2468".into(),
                purpose: PinPurpose::Discount
            }
        );
        app.on_pin(
            PinPurpose::Discount,
            Ok(Actor {
                name: "Hoa".into(),
                role: Role::Manager,
            }),
        );
        assert!(matches!(key(&mut app, KeyCode::F(5)), Effect::Reserve { .. }));
        assert_eq!(app.pay.as_ref().unwrap().approved_by.as_ref().unwrap().name, "Hoa");
    }

    #[test]
    fn a_discount_above_the_total_is_refused() {
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000000950");
        key(&mut app, KeyCode::F(4));
        typed(&mut app, "9000");
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.cart.discount, None);
        assert!(app.status.as_ref().unwrap().1.contains("more than the cart is worth"));
    }

    #[test]
    fn pay_cash_with_a_quick_note_and_get_change() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000001025");
        scanned(&mut app, "8936000000950");
        assert!(matches!(key(&mut app, KeyCode::F(5)), Effect::Reserve { .. }));
        app.on_reserved(7);
        assert_eq!(app.notes()[0], Vnd(20_000));
        key(&mut app, KeyCode::F(3)); // third note: 100.000
        let e = key(&mut app, KeyCode::Enter);
        match e {
            Effect::Commit { tenders, cart, .. } => {
                assert_eq!(tenders[0].amount, Vnd(100_000));
                assert_eq!(tenders[0].method, Method::Cash);
                assert_eq!(cart.lines.len(), 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn split_tender_card_then_cash() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000000189"); // 180.000
        key(&mut app, KeyCode::F(5));
        key(&mut app, KeyCode::Char('k'));
        typed(&mut app, "100000");
        key(&mut app, KeyCode::Tab);
        typed(&mut app, "4821");
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        assert_eq!(app.pay.as_ref().unwrap().remaining(), Vnd(80_000));
        typed(&mut app, "100k");
        match key(&mut app, KeyCode::Enter) {
            Effect::Commit { tenders, .. } => {
                assert_eq!(tenders[0].reference.as_deref(), Some("4821"));
                assert_eq!(tenders[1].amount, Vnd(100_000));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn transfer_shows_a_code_then_the_cashier_confirms() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000000325");
        key(&mut app, KeyCode::F(5));
        app.on_reserved(12);
        key(&mut app, KeyCode::Char('c'));
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        let qr = app.pay.as_ref().unwrap().qr.clone().unwrap();
        let d = crate::vietqr::decode(&qr).unwrap();
        assert_eq!(d.amount, Some(60_000));
        assert_eq!(d.purpose.as_deref(), Some("DH000012"));
        // a separate Enter, a while later, confirms
        assert!(matches!(later(&mut app, KeyCode::Enter, 5), Effect::Commit { .. }));
    }

    /// A key `secs` seconds after the `key` helper's keys.
    pub(crate) fn later(app: &mut App, code: KeyCode, secs: u64) -> Effect {
        app.handle_key_at(KeyEvent::from(code), Instant::now() + Duration::from_secs(60 + secs))
    }

    #[test]
    fn vietqr_received_is_not_taken_from_the_burst_that_showed_the_code() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000000325");
        key(&mut app, KeyCode::F(5));
        app.on_reserved(12);
        // C, Enter, Enter pressed together (a double press or key repeat)
        let t = Instant::now() + Duration::from_secs(100);
        app.handle_key_at(KeyEvent::from(KeyCode::Char('c')), t);
        app.handle_key_at(KeyEvent::from(KeyCode::Enter), t + Duration::from_millis(30));
        let e = app.handle_key_at(KeyEvent::from(KeyCode::Enter), t + Duration::from_millis(60));
        assert_eq!(e, Effect::None, "not received yet");
        assert!(app.pay.as_ref().unwrap().tenders.is_empty());
        assert!(app.pay.as_ref().unwrap().qr.is_some(), "the code stays up");
        // holding Enter down for seconds (key repeat) does not confirm either
        let mut at = t + Duration::from_millis(60);
        for _ in 0..100 {
            at += Duration::from_millis(33);
            assert_eq!(app.handle_key_at(KeyEvent::from(KeyCode::Enter), at), Effect::None);
        }
        // a deliberate press after a pause does
        let e = app.handle_key_at(KeyEvent::from(KeyCode::Enter), at + Duration::from_secs(2));
        assert!(matches!(e, Effect::Commit { .. }), "{e:?}");
    }

    #[test]
    fn the_qr_sale_number_stays_the_same_however_often_f5_is_pressed() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000000325");
        let Effect::Reserve { uuid: first } = key(&mut app, KeyCode::F(5)) else {
            panic!()
        };
        key(&mut app, KeyCode::Esc);
        scanned(&mut app, "8936000000950");
        let Effect::Reserve { uuid: again } = key(&mut app, KeyCode::F(5)) else {
            panic!()
        };
        assert_eq!(first, again, "the same cart keeps its reservation");
        app.on_reserved(12);
        key(&mut app, KeyCode::Char('c'));
        key(&mut app, KeyCode::Enter);
        match later(&mut app, KeyCode::Enter, 5) {
            Effect::Commit { uuid, .. } => assert_eq!(uuid, first, "committed under the number in the QR"),
            other => panic!("{other:?}"),
        }
        // the next cart gets a new one
        app.on_committed(crate::sales::SaleRecord {
            number: 12,
            ..app_sale()
        });
        scanned(&mut app, "8936000000325");
        let Effect::Reserve { uuid: next } = key(&mut app, KeyCode::F(5)) else {
            panic!()
        };
        assert_ne!(next, first);
    }

    fn app_sale() -> crate::sales::SaleRecord {
        crate::tui::view::tests::sale(&demo_app(Lang::Vi))
    }

    #[test]
    fn a_slow_scan_into_the_cash_field_goes_to_the_cart_not_the_money() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000000950");
        key(&mut app, KeyCode::F(5));
        // a scanner slower than the timing threshold: 200 ms between digits
        typed(&mut app, "8936000001025");
        let e = key(&mut app, KeyCode::Enter);
        assert_eq!(e, Effect::None, "no sale is committed");
        assert_eq!(app.cart.lines.len(), 2, "the item went to the cart");
        assert_eq!(app.cart.lines[1].sku, "CAFE-SUA");
        assert!(app.pay.is_none(), "payment starts over with the new total");
        // an unknown but valid GTIN is not taken as money either; with dots
        // the same digits are an amount
        key(&mut app, KeyCode::F(5));
        typed(&mut app, "55000000");
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        assert!(app.pay.as_ref().unwrap().tenders.is_empty());
        assert_eq!(app.cart.lines.len(), 2);
        let (sev, text) = app.status.clone().unwrap();
        assert_eq!(sev, Severity::Error);
        assert!(text.contains("gõ có dấu chấm: 55.000.000"), "{text}");
        typed(&mut app, "55.000.000");
        key(&mut app, KeyCode::Enter);
        match key(&mut app, KeyCode::Enter) {
            Effect::Commit { tenders, .. } => assert_eq!(tenders[0].amount, Vnd(55_000_000)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn huge_tenders_are_refused_and_large_ones_need_a_second_enter() {
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000000325"); // 60.000
        key(&mut app, KeyCode::F(5));
        typed(&mut app, "101.000.000.000");
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        let (sev, text) = app.status.clone().unwrap();
        assert_eq!(sev, Severity::Error);
        assert!(text.contains("over the 100.000.000.000"), "{text}");
        assert!(app.pay.as_ref().unwrap().tenders.is_empty());
        for _ in 0..20 {
            key(&mut app, KeyCode::Backspace);
        }
        // above 5.000.000 (and 10× the 60.000 due): asks first
        typed(&mut app, "6000000");
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        assert_eq!(app.status.as_ref().unwrap().0, Severity::Warn);
        assert!(app.status.as_ref().unwrap().1.contains("Enter again"));
        match key(&mut app, KeyCode::Enter) {
            Effect::Commit { tenders, .. } => assert_eq!(tenders[0].amount, Vnd(6_000_000)),
            other => panic!("{other:?}"),
        }
        // 5.000.000 itself is taken at once
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000000325");
        key(&mut app, KeyCode::F(5));
        typed(&mut app, "5000k");
        assert!(matches!(key(&mut app, KeyCode::Enter), Effect::Commit { .. }));
    }

    #[test]
    fn the_wallet_is_its_own_step_and_digits_after_it_are_the_amount() {
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000000189"); // 180.000
        key(&mut app, KeyCode::F(5));
        // V then 160000 at once: the digits do not become MoMo 60.000
        typed(&mut app, "v160000");
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        let pay = app.pay.as_ref().unwrap();
        assert!(pay.tenders.is_empty(), "{:?}", pay.tenders);
        assert_eq!(pay.method, Method::Wallet(Wallet::Momo));
        assert!(pay.wallet_pick.is_none(), "Enter took the wallet");
        typed(&mut app, "160000");
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        let t = &app.pay.as_ref().unwrap().tenders[0];
        assert_eq!((t.method, t.amount), (Method::Wallet(Wallet::Momo), Vnd(160_000)));
        // ZaloPay: V, 2, Enter, then the amount (which may start with 1)
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000000189");
        key(&mut app, KeyCode::F(5));
        typed(&mut app, "v2");
        key(&mut app, KeyCode::Enter);
        typed(&mut app, "120000");
        key(&mut app, KeyCode::Enter);
        let t = &app.pay.as_ref().unwrap().tenders[0];
        assert_eq!((t.method, t.amount), (Method::Wallet(Wallet::Zalopay), Vnd(120_000)));
    }

    #[test]
    fn parked_names_are_unique_and_ages_short() {
        let taken = vec!["Đơn 1".to_string(), "Đơn 2".to_string()];
        assert_eq!(unique_label("Đơn 2", &taken), "Đơn 3");
        assert_eq!(unique_label("Đơn 4", &taken), "Đơn 4");
        assert_eq!(age_text(0, Lang::Vi), "vừa xong");
        assert_eq!(age_text(12, Lang::Vi), "12 phút");
        assert_eq!(age_text(150, Lang::En), "2 h");
        assert_eq!(age_text(3 * 24 * 60, Lang::Vi), "3 ngày");
    }

    #[test]
    fn quitting_parks_a_non_empty_cart_first() {
        let mut app = demo_app(Lang::Vi);
        assert_eq!(key(&mut app, KeyCode::F(10)), Effect::Quit, "nothing to lose");
        scanned(&mut app, "8936000000950");
        key(&mut app, KeyCode::F(5));
        let e = app.handle_key_at(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL), Instant::now());
        match e {
            Effect::Park { label, cart } => {
                assert_eq!(label, "Đơn 1");
                assert_eq!(cart.lines.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        // quits only once the cart is safely parked
        assert_eq!(app.on_parked(1), Effect::Quit);
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000000950");
        assert!(matches!(key(&mut app, KeyCode::F(10)), Effect::Park { .. }));
        app.on_error(msg!("đĩa đầy", "disk full"));
        assert!(!app.quit_after_park, "a failed park does not quit");
    }

    #[test]
    fn a_scan_while_typing_the_tendered_amount_adds_the_item_instead() {
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000000950");
        key(&mut app, KeyCode::F(5));
        typed(&mut app, "50");
        scanned(&mut app, "8936000001025");
        assert_eq!(app.cart.lines.len(), 2, "the scan added the item");
        assert_eq!(app.screen, Screen::Sell, "payment starts over with the new total");
        assert!(app.pay.is_none());
    }

    #[test]
    fn a_scan_into_the_quantity_dialog_still_adds_the_item() {
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000000950");
        key(&mut app, KeyCode::F(2));
        scanned(&mut app, "8936000001025");
        assert_eq!(app.cart.lines.len(), 2);
        match &app.modal {
            Some(Modal::Qty { text, .. }) => assert_eq!(text, "1", "the dialog keeps what it had"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parking_starts_a_new_cart() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000000950");
        let e = key(&mut app, KeyCode::F(6));
        match e {
            Effect::Park { label, cart } => {
                assert_eq!(label, "Đơn 1");
                assert_eq!(cart.lines.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        assert!(app.cart.is_empty());
        assert_eq!(app.cart_label(), "Đơn 2");
    }

    /// A sale of the cart in `app` (number 42, paid by `method`).
    fn sale_paid_by(app: &App, method: &str) -> SaleRecord {
        let mut s = crate::tui::view::tests::sale(app);
        s.payments[0].method = method.into();
        s.payments[0].tendered = s.total;
        s
    }

    #[test]
    fn f8_shows_the_sale_and_needs_a_deliberate_confirmation() {
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000000325");
        let shown = sale_paid_by(&app, "cash");
        app.cart = Cart::default();
        // F8, Enter: nothing is voided yet, the last sale is read first
        key(&mut app, KeyCode::F(8));
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::LoadSale { number: None });
        app.on_sale_loaded(true, shown.clone());
        match &app.modal {
            Some(Modal::Review { void, sale, back, .. }) => {
                assert!(*void);
                assert_eq!(sale.number, 42);
                assert_eq!(*back, Vnd(60_000));
            }
            other => panic!("{other:?}"),
        }
        // Enter (muscle memory) does not void
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        assert!(matches!(app.modal, Some(Modal::Review { .. })));
        assert_eq!(
            key(&mut app, KeyCode::Char('y')),
            Effect::VoidLast {
                approver: Actor::owner()
            }
        );
        // a refund by number goes back by the original method, changeable
        key(&mut app, KeyCode::F(8));
        typed(&mut app, "42");
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::LoadSale { number: Some(42) });
        app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "transfer"));
        assert!(matches!(
            app.modal,
            Some(Modal::Review {
                method: Method::Transfer,
                ..
            })
        ));
        key(&mut app, KeyCode::Tab);
        assert_eq!(
            key(&mut app, KeyCode::Char('c')),
            Effect::Refund {
                number: 42,
                approver: Actor::owner(),
                method: Method::Cash,
                reference: None
            }
        );
        // a cashier still needs a manager, after seeing the sale
        let mut app = app_with(Lang::En, cashier());
        key(&mut app, KeyCode::F(8));
        typed(&mut app, "42");
        key(&mut app, KeyCode::Enter);
        app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "transfer"));
        key(&mut app, KeyCode::Char('c'));
        assert!(matches!(
            app.modal,
            Some(Modal::Pin {
                purpose: PinPurpose::Refund(42, Method::Transfer, None),
                ..
            })
        ));
    }

    #[test]
    fn a_transfer_refund_takes_a_typed_reference() {
        let mut app = demo_app(Lang::En);
        key(&mut app, KeyCode::F(8));
        typed(&mut app, "42");
        key(&mut app, KeyCode::Enter);
        app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "transfer"));
        // R opens the field; letters (even c, y, m) are the code, not commands
        assert_eq!(key(&mut app, KeyCode::Char('r')), Effect::None);
        typed(&mut app, "FT2611cy9mX");
        key(&mut app, KeyCode::Backspace);
        assert!(matches!(&app.modal, Some(Modal::Review { reference, .. }) if reference == "FT2611cy9m"));
        // Enter leaves the field without confirming anything
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        assert!(matches!(
            app.modal,
            Some(Modal::Review {
                on_reference: false,
                ..
            })
        ));
        assert_eq!(
            key(&mut app, KeyCode::Char('c')),
            Effect::Refund {
                number: 42,
                approver: Actor::owner(),
                method: Method::Transfer,
                reference: Some("FT2611cy9m".into())
            }
        );
        // a cash refund has no reference field: R does nothing, none is sent
        key(&mut app, KeyCode::F(8));
        typed(&mut app, "42");
        key(&mut app, KeyCode::Enter);
        app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "cash"));
        key(&mut app, KeyCode::Char('r'));
        assert!(matches!(
            app.modal,
            Some(Modal::Review {
                on_reference: false,
                ..
            })
        ));
        // a reference typed for a transfer is dropped when changed to cash
        let mut app = demo_app(Lang::En);
        key(&mut app, KeyCode::F(8));
        typed(&mut app, "42");
        key(&mut app, KeyCode::Enter);
        app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "transfer"));
        key(&mut app, KeyCode::Down);
        typed(&mut app, "FT1");
        key(&mut app, KeyCode::Tab); // transfer -> cash
        assert!(matches!(
            app.modal,
            Some(Modal::Review {
                on_reference: false,
                ..
            })
        ));
        assert_eq!(
            key(&mut app, KeyCode::Char('y')),
            Effect::Refund {
                number: 42,
                approver: Actor::owner(),
                method: Method::Cash,
                reference: None
            }
        );
    }

    fn app_with_cart() -> App {
        let mut app = demo_app(Lang::En);
        scanned(&mut app, "8936000000325");
        app
    }

    #[test]
    fn the_shops_own_qr_is_read_shown_then_saved() {
        let momo = "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8";
        let mut app = demo_app(Lang::En);
        app.handle_key_at(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL), Instant::now());
        app.paste(momo);
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        match &app.modal {
            Some(Modal::OwnQr { summary: Some(s), .. }) => {
                assert!(s[1].contains("99MM24011M34875080"), "{s:?}");
                assert!(s.iter().any(|l| l.contains("Field 80: 046")));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            key(&mut app, KeyCode::Enter),
            Effect::SaveOwnQr { payload: momo.into() }
        );
        // a broken code says why and is not saved
        let mut app = demo_app(Lang::En);
        app.handle_key_at(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL), Instant::now());
        app.paste(&momo[..60]);
        assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
        assert!(matches!(app.modal, Some(Modal::OwnQr { summary: None, .. })));
        assert_eq!(app.status.as_ref().unwrap().0, Severity::Error);
    }

    #[test]
    fn quit_and_language_keys() {
        let mut app = demo_app(Lang::Vi);
        key(&mut app, KeyCode::F(11));
        assert_eq!(app.lang, Lang::En);
        assert_eq!(key(&mut app, KeyCode::F(10)), Effect::Quit);
    }
}
