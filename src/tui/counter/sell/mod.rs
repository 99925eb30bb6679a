//! The sell screen: the scan/search line, the cart, the results.

mod draw;
pub(crate) use draw::draw;

use super::*;

/// The sell screen's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sell {
    /// The scan/search line.
    pub input: String,
    /// The search results for `input` (positions in the search index).
    pub results: Vec<usize>,
    pub result_sel: usize,
    /// The selected cart line.
    pub cart_sel: usize,
    /// The last barcode the catalogue did not know (Ctrl+N adds it).
    pub unknown_code: Option<String>,
}

impl Sell {
    /// The search results for the typed line, the first one selected.
    pub fn refresh(&mut self, index: Option<&SearchIndex>) {
        self.result_sel = 0;
        self.results.clear();
        let Some(index) = index else { return };
        let q = match split_qty_prefix(&self.input) {
            Ok((_, rest)) => rest.to_string(),
            Err(_) => return,
        };
        if q.trim().is_empty() {
            return;
        }
        self.results = index.search(&q, RESULT_LIMIT).iter().map(|h| h.position).collect();
    }

    /// ↑/↓: the selected search result, or the selected cart line (of
    /// `lines`) when there are no results.
    pub(crate) fn step(&mut self, up: bool, lines: usize) {
        let (sel, len) = if self.results.is_empty() {
            (&mut self.cart_sel, lines)
        } else {
            (&mut self.result_sel, self.results.len())
        };
        if up {
            *sel = sel.saturating_sub(1);
        } else if *sel + 1 < len {
            *sel += 1;
        }
    }
}

impl App {
    /// The sell screen's keys, looked up in the key map. They change the
    /// cart, open dialogs and other screens and speak on the status line —
    /// state the screens share — so this works on `App`; the screen's own
    /// fields are in [`Sell`].
    pub(crate) fn sell_key(&mut self, key: KeyEvent) -> Effect {
        match keymap::action(Scope::Sell, &key) {
            Some(Action::Undo) => self.undo_last(),
            Some(Action::Customer) => return Effect::LoadCustomers { picking: true },
            Some(Action::NewItem) => self.open_new_item(),
            Some(Action::PriceOverride) => self.open_price_override(),
            Some(Action::ClearInput) => {
                self.sell.input.clear();
                self.status = None;
                self.refresh();
            }
            Some(Action::Up) => self.sell.step(true, self.till.cart.lines.len()),
            Some(Action::Down) => self.sell.step(false, self.till.cart.lines.len()),
            Some(Action::Add) => return self.enter(),
            Some(Action::Remove) => self.remove_line(),
            Some(Action::Help) => self.modal = Some(Modal::Help),
            Some(Action::Quantity) => {
                if let Some(l) = self.till.cart.lines.get(self.sell.cart_sel) {
                    self.modal = Some(Modal::Qty {
                        line: self.sell.cart_sel,
                        text: format_qty(l.qty_milli),
                    });
                }
            }
            Some(Action::LineDiscount) if !self.till.cart.is_empty() => {
                self.modal = Some(Modal::LineDiscount {
                    line: self.sell.cart_sel,
                    text: String::new(),
                });
            }
            Some(Action::CartDiscount) if !self.till.cart.is_empty() => {
                self.modal = Some(Modal::CartDiscount { text: String::new() });
            }
            Some(Action::Pay) => return self.start_pay(),
            Some(Action::Reports) => return Effect::LoadReport,
            Some(Action::Park) => {
                if self.till.cart.is_empty() {
                    self.say(
                        Severity::Warn,
                        msg!(
                            "giỏ trống: không có gì để tạm giữ",
                            "the cart is empty: nothing to park"
                        ),
                    );
                } else {
                    let label = self.cart_label();
                    let cart = std::mem::take(&mut self.till.cart);
                    self.reset_cart();
                    self.till.cart_no += 1;
                    return Effect::Park { label, cart };
                }
            }
            Some(Action::Recall) => return Effect::ListParked,
            Some(Action::VoidOrRefund) => self.modal = Some(Modal::ConfirmVoid { number: String::new() }),
            Some(Action::Receiving) => return Effect::OpenReceiving,
            Some(Action::OwnQr) => {
                self.modal = Some(Modal::OwnQr {
                    text: self.profile.own_qr.clone().unwrap_or_default(),
                    summary: None,
                })
            }
            Some(Action::Reprint) => return self.reprint(),
            // the global keys (quit) were taken before
            Some(_) => {}
            // typing into the scan/search line
            None => match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.sell.input.push(c);
                    self.refresh();
                }
                KeyCode::Backspace => {
                    self.sell.input.pop();
                    self.refresh();
                }
                _ => {}
            },
        }
        Effect::None
    }

    pub fn cart_label(&self) -> String {
        format!("{} {}", self.t("Đơn", "Cart"), self.till.cart_no)
    }

    pub(crate) fn reset_cart(&mut self) {
        self.till.cart = Cart::default();
        self.till.undo.clear();
        self.sell.cart_sel = 0;
        self.till.approved_by = None;
        self.till.pay_uuid = None;
        self.till.overrides.clear();
    }

    pub(crate) fn enter(&mut self) -> Effect {
        let raw = self.sell.input.trim().to_string();
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
            .sell
            .results
            .get(self.sell.result_sel)
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
    pub(crate) fn add_code(&mut self, qty: Option<i64>, code: &str, scanned: bool) -> Effect {
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
                    self.sell.input.clear();
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
                self.sell.unknown_code = Some(code.to_string());
                self.say(
                    Severity::Error,
                    msg!(
                        "không có mã vạch {code}: giỏ hàng giữ nguyên; gõ tên hàng để tìm",
                        "unknown barcode {code}: the cart is unchanged; type the name to search"
                    ),
                );
                if !scanned {
                    self.sell.input.clear();
                    self.refresh();
                }
            }
        }
        Effect::None
    }

    pub(crate) fn add_product(&mut self, p: &Product, qty: Option<i64>) {
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
            .till
            .cart
            .lines
            .iter()
            .find(|l| l.product_id == p.id && l.unit_price != p.price)
            .map(|l| l.unit_price);
        let before = self.till.cart.clone();
        match self.till.cart.add(p, qty.unwrap_or(1000)) {
            Ok(i) => {
                self.till.undo.push(before);
                self.sell.cart_sel = i;
                let q = format_qty(self.till.cart.lines[i].qty_milli);
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
                    self.sell.input.clear();
                    self.refresh();
                }
            }
            Err(m) => self.say(Severity::Error, m),
        }
    }

    pub(crate) fn remove_line(&mut self) {
        if self.sell.cart_sel < self.till.cart.lines.len() {
            self.till.undo.push(self.till.cart.clone());
            let l = self.till.cart.lines.remove(self.sell.cart_sel);
            self.sell.cart_sel = self.sell.cart_sel.min(self.till.cart.lines.len().saturating_sub(1));
            let name = l.name;
            self.say(
                Severity::Info,
                msg!("đã xóa {name} (Ctrl+Z để hoàn tác)", "removed {name} (Ctrl+Z to undo)"),
            );
        }
    }

    pub(crate) fn undo_last(&mut self) {
        match self.till.undo.pop() {
            Some(c) => {
                self.till.cart = c;
                self.sell.cart_sel = self.sell.cart_sel.min(self.till.cart.lines.len().saturating_sub(1));
                self.say(Severity::Info, msg!("đã hoàn tác", "undone"));
            }
            None => self.say(Severity::Warn, msg!("không còn gì để hoàn tác", "nothing to undo")),
        }
    }

    pub(crate) fn refresh(&mut self) {
        self.sell.refresh(self.index.as_ref());
    }

    // ---- dialogs ----------------------------------------------------------
}
