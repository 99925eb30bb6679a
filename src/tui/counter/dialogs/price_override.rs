//! Ctrl+P on the sell screen: a new unit price for the selected cart line
//! with a reason — the same rule as `quay sell --price-override`
//! (`quick_add`): a manager's PIN when it lowers the catalogue price by more
//! than the discount threshold; recorded in the audit chain with the sale.

use super::*;
use crate::quick_add::{PriceOverride, apply_override, override_needs_manager, parse_override};

/// One override of the current cart, recorded when the sale is committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overridden {
    pub o: PriceOverride,
    /// The catalogue price the line had before any override.
    pub was: Vnd,
    /// The manager who approved it (only when it needed one).
    pub approved_by: Option<String>,
}

impl App {
    /// Ctrl+P on the sell screen.
    pub(crate) fn open_price_override(&mut self) {
        if self.till.cart.lines.get(self.sell.cart_sel).is_none() {
            self.say(
                Severity::Warn,
                msg!(
                    "giỏ trống: không có dòng để đổi giá",
                    "the cart is empty: no line to reprice"
                ),
            );
            return;
        }
        self.modal = Some(Modal::PriceOverride {
            line: self.sell.cart_sel,
            price: String::new(),
            reason: String::new(),
            on_reason: false,
        });
    }

    pub(crate) fn price_override_key(&mut self, modal: Modal, action: Option<Action>, key: KeyEvent) -> Effect {
        let Modal::PriceOverride {
            line,
            mut price,
            mut reason,
            mut on_reason,
        } = modal
        else {
            return Effect::None;
        };
        match (action, key.code) {
            (Some(Action::NextField | Action::Up | Action::Down), _) => on_reason = !on_reason,
            (Some(Action::Confirm), _) if !on_reason => on_reason = true,
            (Some(Action::Confirm), _) => {
                // the CLI's LINE:PRICE:REASON, checked by the same parser
                let spec = format!("{}:{}:{}", line + 1, price.trim(), reason);
                match parse_override(&spec) {
                    Ok(o) => {
                        let catalogue = self.catalogue_price(o.line);
                        if override_needs_manager(catalogue, o.price, self.discount_threshold_bp) {
                            return self.with_manager(PinPurpose::PriceOverride(o));
                        }
                        self.apply_price_override(o, None);
                        return Effect::None;
                    }
                    Err(m) => self.say(Severity::Error, m),
                }
            }
            (None, KeyCode::Backspace) if on_reason => {
                reason.pop();
            }
            (None, KeyCode::Char(c)) if on_reason && reason.chars().count() < 80 => reason.push(c),
            (None, code) if !on_reason => edit_text(&mut price, code),
            _ => {}
        }
        self.modal = Some(Modal::PriceOverride {
            line,
            price,
            reason,
            on_reason,
        });
        Effect::None
    }

    /// A manager approved the override `o`.
    pub(crate) fn on_override_approved(&mut self, o: PriceOverride, a: Actor) -> Effect {
        self.apply_price_override(o, Some(a.name));
        Effect::None
    }

    /// The price line `line` (from 1) had before any override of this cart.
    fn catalogue_price(&self, line: usize) -> Vnd {
        self.till
            .overrides
            .iter()
            .find(|d| d.o.line == line)
            .map(|d| d.was)
            .or_else(|| self.till.cart.lines.get(line - 1).map(|l| l.unit_price))
            .unwrap_or(Vnd::ZERO)
    }

    fn apply_price_override(&mut self, o: PriceOverride, approved_by: Option<String>) {
        let was = self.catalogue_price(o.line);
        if let Err(m) = apply_override(&mut self.till.cart, &o) {
            self.say(Severity::Error, m);
            return;
        }
        let (n, p, r) = (o.line, o.price, o.reason.clone());
        self.till.overrides.retain(|d| d.o.line != o.line);
        self.till.overrides.push(Overridden { o, was, approved_by });
        self.say(
            Severity::Info,
            msg!("dòng {n}: giá {p} ({r})", "line {n}: price {p} ({r})"),
        );
    }
}

pub(crate) fn body<'a>(app: &'a App, m: &'a Modal) -> (String, Vec<Line<'a>>) {
    let Modal::PriceOverride {
        line,
        price,
        reason,
        on_reason,
    } = m
    else {
        return (String::new(), Vec::new());
    };
    let mark = |on: bool| if on { "█" } else { "" };
    let item = app
        .till
        .cart
        .lines
        .get(*line)
        .map(|l| format!("{}. {} — {}", line + 1, l.name, l.unit_price))
        .unwrap_or_default();
    (
        app.t(" Đổi giá dòng ", " Price override ").into(),
        vec![
            Line::from(item),
            Line::from(format!(
                "{}: {price}{}",
                app.t("Giá mới", "New price"),
                mark(!on_reason)
            )),
            Line::from(format!("{}: {reason}{}", app.t("Lý do", "Reason"), mark(*on_reason))),
            Line::from(app.t(
                "Tab: đổi ô, Enter: lưu, Esc: bỏ; giảm quá ngưỡng chiết khấu cần quản lý",
                "Tab: next field, Enter: save, Esc: cancel; more off than the discount threshold needs a manager",
            )),
        ],
    )
}
