//! The quantity, line-discount and cart-discount dialogs (F2, F3, F4), and
//! the manager approval a large discount needs.

use super::*;

impl App {
    pub(crate) fn edit_key(&mut self, modal: Modal, action: Option<Action>, key: KeyEvent) -> Effect {
        match modal {
            Modal::Qty { line, mut text } => {
                match (action, key.code) {
                    (Some(Action::Confirm), _) => {
                        let product = self.till.cart.lines.get(line).and_then(|l| {
                            self.index
                                .as_ref()
                                .and_then(|i| i.products().iter().find(|p| p.id == l.product_id))
                        });
                        let checked = parse_qty(&text).and_then(|q| match product {
                            Some(p) => crate::checkout::check_whole(p, q).map(|_| q),
                            None => Ok(q),
                        });
                        match checked {
                            Ok(q) if line < self.till.cart.lines.len() => {
                                self.till.undo.push(self.till.cart.clone());
                                self.till.cart.lines[line].qty_milli = q;
                            }
                            Ok(_) => {}
                            Err(m) => {
                                self.say(Severity::Error, m);
                                self.modal = Some(Modal::Qty { line, text });
                            }
                        }
                        return Effect::None;
                    }
                    (None, KeyCode::Backspace) => {
                        text.pop();
                    }
                    (None, KeyCode::Char(c)) if c.is_ascii_digit() || c == ',' || c == '.' => text.push(c),
                    _ => {}
                }
                self.modal = Some(Modal::Qty { line, text });
                Effect::None
            }
            Modal::LineDiscount { line, mut text } => {
                if action == Some(Action::Confirm) {
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
                if action == Some(Action::Confirm) {
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
            _ => Effect::None,
        }
    }
    pub(crate) fn apply_discount(&mut self, line: Option<usize>, text: &str) {
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
        let before = self.till.cart.clone();
        match line {
            Some(i) if i < self.till.cart.lines.len() => self.till.cart.lines[i].discount = d,
            Some(_) => return,
            None => self.till.cart.discount = d,
        }
        if let Err(m) = self.totals() {
            self.till.cart = before;
            self.say(Severity::Error, m);
            return;
        }
        self.till.undo.push(before);
        self.till.approved_by = None;
        self.status = None;
    }
    /// A discount above the threshold asks for a manager's PIN (unless the
    /// cashier is one).
    pub(crate) fn maybe_ask_approval(&mut self) -> Effect {
        if self.needs_approval() && !self.actor.is_manager() && self.modal.is_none() {
            self.modal = Some(Modal::ask_pin(PinPurpose::Discount));
        }
        Effect::None
    }

    pub(crate) fn needs_approval(&self) -> bool {
        self.totals()
            .map(|t| crate::counter::discount_needs_approval(&self.till.cart, &t, self.discount_threshold_bp))
            .unwrap_or(false)
            && self.till.approved_by.is_none()
    }

    // ---- pay screen -------------------------------------------------------
}

pub(crate) fn body<'a>(app: &'a App, m: &'a Modal) -> (String, Vec<Line<'a>>) {
    match m {
        Modal::Qty { line, text } => (
            app.t(" Số lượng ", " Quantity ").into(),
            vec![
                Line::from(
                    app.till
                        .cart
                        .lines
                        .get(*line)
                        .map(|l| l.name.clone())
                        .unwrap_or_default(),
                ),
                Line::from(format!("> {text}█")),
                Line::from(app.t("ví dụ 3 hoặc 0,35 (kg)", "e.g. 3 or 0,35 (kg)")),
            ],
        ),
        Modal::LineDiscount { line, text } => (
            app.t(" Giảm giá dòng ", " Line discount ").into(),
            vec![
                Line::from(
                    app.till
                        .cart
                        .lines
                        .get(*line)
                        .map(|l| l.name.clone())
                        .unwrap_or_default(),
                ),
                Line::from(format!("> {text}█")),
                Line::from(app.t(
                    "10% hoặc 5000; để trống = bỏ giảm giá",
                    "10% or 5000; empty = no discount",
                )),
            ],
        ),
        Modal::CartDiscount { text } => (
            app.t(" Giảm giá cả đơn ", " Cart discount ").into(),
            vec![
                Line::from(format!("> {text}█")),
                Line::from(app.t(
                    "10% hoặc 5000; để trống = bỏ giảm giá",
                    "10% or 5000; empty = no discount",
                )),
            ],
        ),
        _ => (String::new(), Vec::new()),
    }
}
