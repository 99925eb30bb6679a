//! F8: the sale number to void or refund, then the sale shown for review
//! (nothing happens before a distinct confirmation key and the manager's PIN).

use super::*;

impl App {
    pub(crate) fn review_key(&mut self, modal: Modal, action: Option<Action>, key: KeyEvent) -> Effect {
        match modal {
            Modal::ConfirmVoid { mut number } => {
                match (action, key.code) {
                    (None, KeyCode::Char(c)) if c.is_ascii_digit() && number.len() < 9 => number.push(c),
                    (None, KeyCode::Backspace) => {
                        number.pop();
                    }
                    (Some(Action::Confirm), _) => {
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
                // the key map's scope follows the dialog: typing the
                // reference (letters are the code, not commands), a refund
                // needing one (R), or neither
                match (action, key.code) {
                    (Some(Action::Done), _) => on_reference = false,
                    (None, KeyCode::Backspace) if on_reference => {
                        reference.pop();
                    }
                    // a full field ignores more letters (never a confirmation)
                    (None, KeyCode::Char(c)) if on_reference => push_reference(&mut reference, c),
                    (Some(Action::Reference), _) => on_reference = true,
                    (Some(Action::Confirm), _) => {
                        let purpose = if void {
                            PinPurpose::Void
                        } else {
                            let r = reference.trim();
                            let r = (needs_reference(method) && !r.is_empty()).then(|| r.to_string());
                            PinPurpose::Refund(sale.number, method, r)
                        };
                        return self.with_manager(purpose);
                    }
                    (Some(Action::ChangeMethod), _) if !void => {
                        method = next_refund_method(method, &sale);
                        on_reference &= needs_reference(method);
                    }
                    (Some(Action::Hint), _) => self.say(
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
            _ => Effect::None,
        }
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
        self.done.last_sale = Some(sale);
        self.done.scroll = 0;
        self.screen = Screen::Done;
        self.say(Severity::Info, m);
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
}

/// The next way to hand refund money back: the sale's own methods first,
/// then cash, transfer, card.
pub(crate) fn next_refund_method(m: Method, sale: &SaleRecord) -> Method {
    let mut all: Vec<Method> = sale.payments.iter().map(|p| p.method).collect();
    for x in [Method::Cash, Method::Transfer, Method::Card] {
        if !all.contains(&x) {
            all.push(x);
        }
    }
    let at = all.iter().position(|x| *x == m).map_or(0, |i| i + 1);
    all[at % all.len()]
}

/// Longest refund reference (a transfer's transaction code, a card slip).
pub(crate) const REFERENCE_MAX: usize = 40;

pub(crate) fn push_reference(reference: &mut String, c: char) {
    if reference.chars().count() < REFERENCE_MAX && !c.is_control() {
        reference.push(c);
    }
}

/// Refund money sent back other than in cash carries a reference.
pub fn needs_reference(m: Method) -> bool {
    !matches!(m, Method::Cash)
}

pub(crate) fn body<'a>(app: &'a App, m: &'a Modal) -> (String, Vec<Line<'a>>) {
    match m {
                Modal::ConfirmVoid { number } => (
            app.t(" Hủy đơn / trả hàng ", " Void or refund ").into(),
            vec![
                Line::from(app.t(
                    "Enter: xem đơn vừa bán để hủy; hoặc gõ số đơn rồi Enter để xem và trả lại hàng còn lại của đơn đó. Chưa có gì được ghi ở bước này; Esc = không.",
                    "Enter: show the last sale to void it; or type a sale number then Enter to show it and refund what is left of it. Nothing is written yet; Esc = no.",
                )),
                Line::from(format!("{} {number}█", app.t("Số đơn:", "Sale number:"))),
            ],
        ),
                Modal::Review {
            void,
            sale,
            back,
            method,
            reference,
            on_reference,
        } => {
            let no = crate::sales::format_number(sale.number);
            let when = crate::time::short_stamp(&sale.ts);
            let mut lines = vec![
                Line::from(format!("{} {no} · {when} · {}", app.t("Đơn", "Sale"), app.person(&sale.user)))
                    .style(Style::new().add_modifier(Modifier::BOLD)),
            ];
            for l in sale.lines.iter().take(6) {
                let left = l.qty_milli - l.returned_milli;
                lines.push(Line::from(format!(
                    "  {} × {}  {}",
                    crate::catalog::format_qty(left),
                    l.name,
                    l.net.grouped()
                )));
            }
            if sale.lines.len() > 6 {
                let more = sale.lines.len() - 6;
                lines.push(Line::from(format!("  … +{more}")));
            }
            lines.push(Line::from(format!("{} {}", app.t("Tổng đơn:", "Sale total:"), sale.total)));
            let how = if *void {
                sale.payments
                    .iter()
                    .map(|p| p.method.label(app.lang))
                    .collect::<Vec<_>>()
                    .join(" + ")
            } else {
                format!("{} ({})", method.label(app.lang), app.t("Tab để đổi", "Tab to change"))
            };
            lines.push(
                Line::from(format!("{} {back} — {how}", app.t("Trả lại khách:", "Hand back:")))
                    .style(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)),
            );
            if !*void && needs_reference(*method) {
                let (cursor, hint) = if *on_reference {
                    ("█", app.t("Enter: xong", "Enter: done"))
                } else {
                    ("", app.t("R để nhập", "R to type it"))
                };
                let label = app.t("Mã giao dịch:", "Reference:");
                lines.push(Line::from(format!("{label} {reference}{cursor}  ({hint})")));
            }
            lines.push(Line::from(if *void {
                app.t(
                    "C: xác nhận HỦY đơn này (cần quản lý) · Esc: thôi",
                    "Y: confirm VOIDING this sale (manager needed) · Esc: cancel",
                )
            } else {
                app.t(
                    "C: xác nhận TRẢ HÀNG (cần quản lý) · Esc: thôi",
                    "Y: confirm the REFUND (manager needed) · Esc: cancel",
                )
            }));
            let title = if *void {
                app.t(" Hủy đơn ", " Void ")
            } else {
                app.t(" Trả hàng ", " Refund ")
            };
            (title.into(), lines)
        }
        _ => (String::new(), Vec::new()),
    }
}
