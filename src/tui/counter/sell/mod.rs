//! The sell screen: the scan/search line, the cart, the results.

mod draw;
pub(crate) use draw::draw;

use super::*;

impl App {
    pub(crate) fn sell_key(&mut self, key: KeyEvent, ctrl: bool) -> Effect {
        match key.code {
            KeyCode::Char('z') if ctrl => self.undo_last(),
            KeyCode::Char('k') if ctrl => return Effect::LoadCustomers { picking: true },
            KeyCode::Char('n') if ctrl => self.open_new_item(),
            KeyCode::Char('p') if ctrl => self.open_price_override(),
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
            KeyCode::Char('r') if ctrl => return Effect::OpenReceiving,
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

    pub(crate) fn reset_cart(&mut self) {
        self.cart = Cart::default();
        self.undo.clear();
        self.cart_sel = 0;
        self.approved_by = None;
        self.pay_uuid = None;
        self.overrides.clear();
    }

    pub(crate) fn enter(&mut self) -> Effect {
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
                self.unknown_code = Some(code.to_string());
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

    pub(crate) fn remove_line(&mut self) {
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

    pub(crate) fn undo_last(&mut self) {
        match self.undo.pop() {
            Some(c) => {
                self.cart = c;
                self.cart_sel = self.cart_sel.min(self.cart.lines.len().saturating_sub(1));
                self.say(Severity::Info, msg!("đã hoàn tác", "undone"));
            }
            None => self.say(Severity::Warn, msg!("không còn gì để hoàn tác", "nothing to undo")),
        }
    }

    pub(crate) fn refresh(&mut self) {
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
}
