//! F6/F7: parked carts, their names and the recall list.

use super::*;

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

impl App {
    pub(crate) fn parked_key(&mut self, modal: Modal, action: Option<Action>, _key: KeyEvent) -> Effect {
        match modal {
            Modal::Parked { carts, mut sel } => {
                match action {
                    Some(Action::Up) => sel = sel.saturating_sub(1),
                    Some(Action::Down) => sel = (sel + 1).min(carts.len().saturating_sub(1)),
                    Some(Action::Confirm) => {
                        if let Some(row) = carts.get(sel) {
                            let id = row.id;
                            if !self.till.cart.is_empty() {
                                let label = self.cart_label();
                                let cart = std::mem::take(&mut self.till.cart);
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
            _ => Effect::None,
        }
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

    pub(crate) fn after_park(&mut self) -> Effect {
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
    pub fn on_parked_list(&mut self, carts: Vec<ParkedRow>) {
        if carts.is_empty() {
            self.say(Severity::Warn, msg!("không có đơn nào đang tạm giữ", "no parked carts"));
        } else {
            self.modal = Some(Modal::Parked { carts, sel: 0 });
        }
    }

    pub fn on_recalled(&mut self, label: &str, cart: Cart, remaining: usize) {
        self.reset_cart();
        self.till.cart = cart;
        if let Some(n) = label.rsplit(' ').next().and_then(|n| n.parse().ok()) {
            self.till.cart_no = n;
        }
        self.parked_count = remaining;
        self.screen = Screen::Sell;
        let l = label.to_string();
        self.say(Severity::Info, msg!("đã gọi lại {l}", "recalled {l}"));
    }
}

pub(crate) fn body<'a>(app: &'a App, m: &'a Modal) -> (String, Vec<Line<'a>>) {
    match m {
        Modal::Parked { carts, sel } => (
            app.t(" Đơn đang tạm giữ ", " Parked carts ").into(),
            carts
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let l = Line::from(format!("{:<8} {:>14}  {}", row.label, row.total.to_string(), row.age));
                    if i == *sel {
                        l.style(Style::new().add_modifier(Modifier::REVERSED))
                    } else {
                        l
                    }
                })
                .collect(),
        ),
        _ => (String::new(), Vec::new()),
    }
}
