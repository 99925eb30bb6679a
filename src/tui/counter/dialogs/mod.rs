//! The counter's dialogs: one [`Modal`] variant each, drawn over the screen.
//! A dialog's keys and its body live in its own module; this one only
//! dispatches (looks the key up in the key map's scope of the dialog; Esc
//! closes any dialog but the sign-in) and draws the frame.

pub mod edit;
pub mod new_item;
pub mod own_qr;
pub mod parked;
pub mod pin;
pub mod price_override;
pub mod review;
pub mod session;
pub mod tax_notice;

use super::*;

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
    /// Ctrl+N by a cashier: add this unknown barcode with this
    /// `NAME;UNIT;PRICE;VAT` as a new product.
    NewItem(String, String),
    /// A debt tender over the customer's limit: commit with these tenders.
    DebtLimit(Vec<Tender>),
    /// A price override lowering a line beyond the discount threshold.
    PriceOverride(crate::quick_add::PriceOverride),
}

/// A one-line field being edited in a dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    /// Ctrl+N: an unknown barcode added as a new product.
    NewItem {
        code: String,
        text: String,
    },
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
    /// A new unit price for cart line `line` (from 0) with a reason;
    /// `on_reason` says which field is edited.
    PriceOverride {
        line: usize,
        price: String,
        reason: String,
        on_reason: bool,
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
    /// The year's revenue crossed a tax threshold (shown once).
    TaxNotice {
        text: Msg,
    },
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

impl App {
    pub(crate) fn modal_key(&mut self, key: KeyEvent) -> Effect {
        let Some(modal) = self.modal.take() else {
            return Effect::None;
        };
        let action = keymap::action(keymap::dialog_scope(&modal), &key);
        if action == Some(Action::Cancel)
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
            m @ Modal::Pin { .. } => self.pin_key(m, action, key),
            m @ (Modal::ConfirmVoid { .. } | Modal::Review { .. }) => self.review_key(m, action, key),
            m @ (Modal::OpenSession { .. } | Modal::CashMove { .. } | Modal::CloseSession { .. }) => {
                self.session_key(m, action, key)
            }
            m @ Modal::OwnQr { .. } => self.own_qr_key(m, action, key),
            m @ Modal::NewItem { .. } => self.new_item_key(m, action, key),
            m @ Modal::PriceOverride { .. } => self.price_override_key(m, action, key),
            m @ Modal::Parked { .. } => self.parked_key(m, action, key),
            m @ Modal::TaxNotice { .. } => self.tax_notice_key(m, action),
            m @ (Modal::Qty { .. } | Modal::LineDiscount { .. } | Modal::CartDiscount { .. }) => {
                self.edit_key(m, action, key)
            }
        }
    }
}

/// Draws the dialog `m` centred over `area`.
pub(crate) fn draw(f: &mut Frame<'_>, app: &App, m: &Modal, area: Rect) {
    let (title, body): (String, Vec<Line>) = match m {
        Modal::Qty { .. } | Modal::LineDiscount { .. } | Modal::CartDiscount { .. } => edit::body(app, m),
        Modal::Pin { .. } => pin::body(app, m),
        Modal::ConfirmVoid { .. } | Modal::Review { .. } => review::body(app, m),
        Modal::OpenSession { .. } | Modal::CashMove { .. } | Modal::CloseSession { .. } => session::body(app, m),
        Modal::OwnQr { .. } => own_qr::body(app, m),
        Modal::NewItem { .. } => new_item::body(app, m),
        Modal::PriceOverride { .. } => price_override::body(app, m),
        Modal::Parked { .. } => parked::body(app, m),
        Modal::Help => super::super::keymap::help_body(app),
        Modal::TaxNotice { .. } => tax_notice::body(app, m),
    };
    // room for wrapped lines: 68 columns inside the border
    // (word wrapping leaves lines shorter than 68: count 60 to keep the last
    // line, e.g. the typed sale number, in view)
    let h = body.iter().map(|l| (l.width().max(1)).div_ceil(60) as u16).sum::<u16>() + 2;
    let r = centered(area, 70, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(body).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title)
                .title_alignment(Alignment::Center),
        ),
        r,
    );
}
