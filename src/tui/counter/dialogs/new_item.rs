//! Ctrl+N after an unknown barcode: add it to the catalogue on the spot
//! (`NAME;UNIT;PRICE;VAT`, e.g. `Bánh quy bơ;gói;25000;8`) and put it in the
//! cart (a manager once the shop has users; see `quick_add`).

use super::*;

impl App {
    pub(crate) fn new_item_key(&mut self, modal: Modal, action: Option<Action>, key: KeyEvent) -> Effect {
        let Modal::NewItem { code, mut text } = modal else {
            return Effect::None;
        };
        if action == Some(Action::Confirm) {
            match crate::quick_add::parse(&text) {
                // a cashier needs a manager's PIN (quick_add refuses otherwise)
                Ok(_) => return self.with_manager(PinPurpose::NewItem(code, text)),
                Err(m) => self.say(Severity::Error, m),
            }
        } else {
            // longer than the other dialogs' fields: a product name fits
            match key.code {
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Char(c) if text.chars().count() < 300 => text.push(c),
                _ => {}
            }
        }
        self.modal = Some(Modal::NewItem { code, text });
        Effect::None
    }

    /// Ctrl+N on the sell screen.
    pub(crate) fn open_new_item(&mut self) {
        match self.sell.unknown_code.clone() {
            Some(code) => {
                self.modal = Some(Modal::NewItem {
                    code,
                    text: String::new(),
                })
            }
            None => self.say(
                Severity::Warn,
                msg!(
                    "quét mã vạch chưa có trong danh mục trước, rồi Ctrl+N để thêm",
                    "scan the barcode the catalogue does not know first, then Ctrl+N to add it"
                ),
            ),
        }
    }

    /// The product was added: into the cart with it.
    pub fn on_unknown_added(&mut self, p: &Product) {
        self.sell.unknown_code = None;
        self.add_product(p, None);
    }
}

pub(crate) fn body<'a>(app: &'a App, m: &'a Modal) -> (String, Vec<Line<'a>>) {
    let Modal::NewItem { code, text } = m else {
        return (String::new(), Vec::new());
    };
    (
        format!(" {} {code} ", app.t("Thêm hàng mới", "New product")),
        vec![
            Line::from(app.t(
                "TÊN;ĐƠN VỊ;GIÁ;VAT — ví dụ: Bánh quy bơ;gói;25000;8",
                "NAME;UNIT;PRICE;VAT — e.g. Bánh quy bơ;gói;25000;8",
            )),
            Line::from(Span::styled(
                format!("{text}_"),
                Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            )),
            Line::from(app.t("Enter: thêm và bán, Esc: bỏ", "Enter: add and sell, Esc: cancel")),
        ],
    )
}
