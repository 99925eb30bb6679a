//! The pay screen: tenders (cash with quick notes, VietQR transfer, card,
//! e-wallet), split payments, the reserved sale number.

mod draw;
pub(crate) use draw::draw;
#[cfg(test)]
mod qr_readback;

use super::*;

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

/// What the pay screen asks of the counter after a key.
#[derive(Debug, Clone, PartialEq)]
pub enum PayKey {
    /// Nothing more: the screen's own state changed (or nothing did).
    Stay,
    /// Say this on the status line.
    Say(Severity, Msg),
    /// Esc with nothing taken: back to the sell screen.
    Back,
    /// A barcode typed or scanned into the amount field: it goes to the cart.
    Scan(String),
    /// Carry out this effect (commit the paid cart).
    Do(Effect),
}

/// The shop's settings the pay screen reads.
#[derive(Clone, Copy)]
pub struct PayShop<'a> {
    pub index: Option<&'a SearchIndex>,
    pub profile: &'a ShopProfile,
    /// The cash rounding step (0 = off, 500, 1000).
    pub cash_rounding: i64,
}

impl Pay {
    /// What was handed over so far (tenders are capped, so this fits).
    pub fn paid(&self) -> Vnd {
        Vnd::checked_sum(self.tenders.iter().map(|t| t.amount)).unwrap_or(Vnd(i64::MAX))
    }

    /// With the shop's cash rounding `step`: the rounded amount to take in
    /// cash, while everything so far is cash (`None` when not rounded).
    pub fn cash_due(&self, step: i64) -> Option<Vnd> {
        if step <= 0 || self.method != Method::Cash || self.tenders.iter().any(|t| t.method != Method::Cash) {
            return None;
        }
        let r = crate::checkout::rounding::round(self.totals.total, step);
        (r != self.totals.total).then(|| r.checked_sub(self.paid()).unwrap_or(Vnd::ZERO).max(Vnd::ZERO))
    }

    pub fn remaining(&self) -> Vnd {
        self.totals
            .total
            .checked_sub(self.paid())
            .unwrap_or(Vnd::ZERO)
            .max(Vnd::ZERO)
    }

    /// The pay screen's keys, looked up in the key map (digits and the
    /// reference are typed), seeing only this screen's state, the till and
    /// the shop's settings (`shop`); `at` is the key's arrival time and the
    /// previous key's. Taking the last tender asks to commit the cart.
    pub fn handle(&mut self, till: &Till, key: KeyEvent, at: (Instant, Option<Instant>), shop: PayShop<'_>) -> PayKey {
        let (now, previous) = at;
        let pay = self;
        let action = keymap::action(Scope::Pay, &key);
        if let Some(sel) = pay.wallet_pick {
            return match pay.wallet_key(sel, action, key.code) {
                Some((sev, m)) => PayKey::Say(sev, m),
                None => PayKey::Stay,
            };
        }
        // Barcode-shaped digits in the amount field, ending in Enter, are a
        // scan whatever their timing: they go to the cart, never to the money.
        if action == Some(Action::Take) && !pay.on_reference && barcode_shaped(shop.index, &pay.amount) {
            let code = pay.amount.trim().to_string();
            pay.amount.clear();
            let known = shop.index.is_some_and(|i| i.by_barcode(&code).is_some());
            if !known {
                let grouped = code.parse::<i64>().map(|v| Vnd(v).grouped()).unwrap_or_default();
                return PayKey::Say(
                    Severity::Error,
                    msg!(
                        "{code} trông như mã vạch nhưng không có trong danh mục: chưa nhận tiền; nếu là số tiền, gõ có dấu chấm: {grouped}",
                        "{code} looks like a barcode but is not in the catalogue: no money taken; if it is an amount, type it with dots: {grouped}"
                    ),
                );
            }
            return PayKey::Scan(code);
        }
        let remaining = pay.remaining();
        let mut out = PayKey::Stay;
        if action != Some(Action::Take) {
            pay.confirm_large = None;
        }
        match action {
            Some(Action::Back) => {
                if pay.tenders.is_empty() {
                    return PayKey::Back;
                }
                pay.tenders.clear();
                out = PayKey::Say(
                    Severity::Info,
                    msg!("đã bỏ các khoản đã nhận", "cleared the tenders taken"),
                );
            }
            // Method letters act while the amount is empty ("100k" keeps its k).
            Some(m @ (Action::Cash | Action::Transfer | Action::Card | Action::Wallet | Action::OnAccount))
                if !pay.on_reference && pay.amount.is_empty() =>
            {
                pay.method = match m {
                    Action::Cash => Method::Cash,
                    Action::Transfer => Method::Transfer,
                    Action::Card => Method::Card,
                    // ghi nợ: only with a customer picked (Ctrl+K)
                    Action::OnAccount if till.customer.is_some() => Method::Debt,
                    Action::OnAccount => {
                        out = PayKey::Say(
                            Severity::Warn,
                            msg!(
                                "ghi nợ cần khách hàng: Esc, Ctrl+K để chọn khách",
                                "on account needs a customer: Esc, then Ctrl+K to pick one"
                            ),
                        );
                        pay.method
                    }
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
            Some(Action::NextField) => {
                if matches!(pay.method, Method::Card | Method::Wallet(_)) {
                    pay.on_reference = !pay.on_reference;
                }
            }
            Some(Action::Notes) if pay.method == Method::Cash => {
                // F1–F5: the first to the fifth note up
                let notes = quick_notes(remaining);
                if let KeyCode::F(n @ 1..=5) = key.code
                    && let Some(v) = notes.get(usize::from(n - 1))
                {
                    pay.amount = v.0.to_string();
                }
            }
            Some(Action::Take) => {
                let amount = if pay.amount.trim().is_empty() {
                    // exact cash takes the rounded amount (its own line on screen)
                    Ok(pay.cash_due(shop.cash_rounding).unwrap_or(remaining))
                } else {
                    Vnd::parse(&pay.amount)
                        .map_err(|e| msg!("số tiền không hợp lệ: {e}", "not a valid amount: {e}"))
                        .and_then(|a| crate::checkout::tender::check_amount(a).map(|_| a).map_err(Msg::from))
                };
                match amount {
                    Err(m) => out = PayKey::Say(Severity::Error, m),
                    Ok(a) if a.0 <= 0 => {
                        out = PayKey::Say(
                            Severity::Error,
                            msg!("số tiền phải lớn hơn 0", "the amount must be above zero"),
                        )
                    }
                    Ok(a) if !pay.method.is_cash() && a > remaining => {
                        let r = remaining;
                        out = PayKey::Say(
                            Severity::Error,
                            msg!(
                                "chỉ còn {r}: thẻ/chuyển khoản/ví không có tiền thối",
                                "only {r} is due: card/transfer/wallet give no change"
                            ),
                        );
                    }
                    Ok(a) if Vnd::needs_confirmation(a, remaining) && pay.confirm_large != Some(a) => {
                        pay.confirm_large = Some(a);
                        out = PayKey::Say(
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
                            match crate::shop::sale_code(shop.profile, a.0, &format!("DH{no}"), "") {
                                Ok(q) => {
                                    pay.qr = Some(q);
                                    pay.qr_shown_at = Some(now);
                                    pay.amount = a.0.to_string();
                                    out = PayKey::Say(
                                        Severity::Info,
                                        msg!(
                                            "khách quét mã; khi thấy tiền vào tài khoản, nhấn Enter để xác nhận đã nhận",
                                            "the customer scans; when the money shows in the account, press Enter to confirm receipt"
                                        ),
                                    );
                                }
                                Err(e) => out = PayKey::Say(Severity::Error, e.msg()),
                            }
                        } else if pay.method == Method::Transfer && !deliberate(pay.qr_shown_at, previous, now) {
                            out = PayKey::Say(
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
                                reference: match (&pay.method, &till.customer) {
                                    (Method::Debt, Some(c)) => Some(c.code.clone()),
                                    _ => (!pay.reference.trim().is_empty()).then(|| pay.reference.trim().to_string()),
                                },
                            });
                            pay.amount.clear();
                            pay.reference.clear();
                            pay.on_reference = false;
                            pay.qr = None;
                            pay.qr_shown_at = None;
                            let rounded_done = pay.cash_due(shop.cash_rounding).is_some_and(|d| d.0 == 0);
                            if pay.remaining().0 == 0 || rounded_done {
                                out = PayKey::Do(Effect::Commit {
                                    uuid: pay.uuid.clone(),
                                    cart: till.cart.clone(),
                                    tenders: pay.tenders.clone(),
                                    approved_by: pay.approved_by.clone(),
                                });
                            } else {
                                pay.method = Method::Cash;
                            }
                        }
                    }
                }
            }
            // typing the amount or the reference
            _ => match key.code {
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
                _ => {}
            },
        }
        out
    }

    /// The wallet step: 1–5 or arrows move the choice, Enter takes it, Esc
    /// goes back to cash. Nothing typed here becomes an amount.
    pub(crate) fn wallet_key(&mut self, sel: usize, action: Option<Action>, code: KeyCode) -> Option<(Severity, Msg)> {
        let pay = self;
        let last = Wallet::ALL.len() - 1;
        match (action, code) {
            (None, KeyCode::Char(c)) if ('1'..='5').contains(&c) => {
                let i = usize::from(c as u8 - b'1');
                pay.wallet_pick = Some(i);
                pay.method = Method::Wallet(Wallet::ALL[i]);
            }
            (Some(Action::Up), _) => {
                let i = sel.saturating_sub(1);
                pay.wallet_pick = Some(i);
                pay.method = Method::Wallet(Wallet::ALL[i]);
            }
            (Some(Action::Down), _) => {
                let i = (sel + 1).min(last);
                pay.wallet_pick = Some(i);
                pay.method = Method::Wallet(Wallet::ALL[i]);
            }
            (Some(Action::Take), _) => {
                pay.wallet_pick = None;
                let w = Wallet::ALL[sel].label();
                return Some((
                    Severity::Info,
                    msg!(
                        "ví {w}: nhập số tiền rồi Enter",
                        "wallet {w}: type the amount, then Enter"
                    ),
                ));
            }
            (Some(Action::Back), _) => {
                pay.wallet_pick = None;
                pay.method = Method::Cash;
            }
            _ => {
                return Some((
                    Severity::Warn,
                    msg!(
                        "chọn ví trước: 1–5 hoặc ↑↓, rồi Enter; số tiền nhập sau",
                        "choose the wallet first: 1–5 or ↑↓, then Enter; the amount comes next"
                    ),
                ));
            }
        }
        None
    }
}

impl App {
    pub(crate) fn start_pay(&mut self) -> Effect {
        if self.till.cart.is_empty() {
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
        if !self.till.session_open {
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
        let uuid = self.till.pay_uuid.get_or_insert_with(crate::counter::new_uuid).clone();
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
            approved_by: self.till.approved_by.clone(),
            wallet_pick: None,
            confirm_large: None,
        });
        self.screen = Screen::Pay;
        self.status = None;
        Effect::Reserve { uuid }
    }

    /// The pay screen's keys: [`Pay::handle`] with the till, then what it
    /// asks of the counter is carried out here.
    pub(crate) fn pay_key(&mut self, key: KeyEvent, now: Instant, previous: Option<Instant>) -> Effect {
        let Some(mut pay) = self.pay.take() else {
            self.screen = Screen::Sell;
            return Effect::None;
        };
        let shop = PayShop {
            index: self.index.as_ref(),
            profile: &self.profile,
            cash_rounding: self.cash_rounding,
        };
        let out = pay.handle(&self.till, key, (now, previous), shop);
        if out == PayKey::Back {
            // Esc with nothing taken leaves the pay screen (and drops it)
            self.screen = Screen::Sell;
            self.status = None;
            return Effect::None;
        }
        self.pay = Some(pay);
        match out {
            PayKey::Stay | PayKey::Back => Effect::None,
            PayKey::Say(sev, m) => {
                self.say(sev, m);
                Effect::None
            }
            PayKey::Scan(code) => self.add_code(None, &code, true),
            PayKey::Do(effect) => effect,
        }
    }

    pub fn on_reserved(&mut self, number: i64) {
        if let Some(p) = self.pay.as_mut() {
            p.number = Some(number);
        }
    }
    /// Quick-note amounts for the pay screen.
    pub fn notes(&self) -> Vec<Vnd> {
        self.pay
            .as_ref()
            .map(|p| quick_notes(p.remaining()))
            .unwrap_or_default()
    }
}

/// Least time between showing a VietQR code and confirming the money came.
pub const QR_MIN_WAIT: Duration = Duration::from_secs(1);
/// A key closer than this to the one before is part of the same burst
/// (key repeat, a double press).
pub const BURST_GAP: Duration = Duration::from_millis(300);

/// A confirmation that cannot come from the burst of keys that showed the
/// code: at least [`QR_MIN_WAIT`] after it, and not hard on another key.
pub(crate) fn deliberate(shown: Option<Instant>, previous: Option<Instant>, now: Instant) -> bool {
    let waited = shown.is_some_and(|s| now.saturating_duration_since(s) >= QR_MIN_WAIT);
    let alone = previous.is_none_or(|p| now.saturating_duration_since(p) >= BURST_GAP);
    waited && alone
}

impl App {
    /// The debt tender goes over the customer's limit: a manager's PIN,
    /// then the same tenders are committed (`m` says by how much).
    pub fn on_debt_needs_manager(&mut self, tenders: Vec<Tender>, m: Msg) -> Effect {
        if let Some(p) = self.pay.as_mut() {
            // Esc on the PIN lets the cashier take another method
            p.tenders.clear();
        }
        self.say(Severity::Warn, m);
        self.with_manager(PinPurpose::DebtLimit(tenders))
    }

    /// A manager approved going over the debt limit: commit, approved by them.
    pub(crate) fn on_debt_approved(&mut self, tenders: Vec<Tender>, a: Actor) -> Effect {
        let Some(pay) = self.pay.as_mut() else {
            return Effect::None;
        };
        pay.tenders = tenders.clone();
        pay.approved_by = Some(a.clone());
        Effect::Commit {
            uuid: pay.uuid.clone(),
            cart: self.till.cart.clone(),
            tenders,
            approved_by: Some(a),
        }
    }
}
