//! The name + PIN dialog: signing in and a manager approving something.

use super::*;

impl App {
    pub(crate) fn pin_key(&mut self, modal: Modal, action: Option<Action>, key: KeyEvent) -> Effect {
        match modal {
            Modal::Pin {
                purpose,
                mut name,
                mut pin,
                mut on_name,
            } => {
                match (action, key.code) {
                    (Some(Action::NextField | Action::Down | Action::Up), _) => on_name = !on_name,
                    (None, KeyCode::Backspace) => {
                        if on_name {
                            name.pop();
                        } else {
                            pin.pop();
                        }
                    }
                    (None, KeyCode::Char(c)) => {
                        if on_name {
                            name.push(c);
                        } else if c.is_ascii_digit() && pin.len() < 8 {
                            pin.push(c);
                        }
                    }
                    (Some(Action::Confirm), _) => {
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
            _ => Effect::None,
        }
    }
    /// Go ahead at once when the cashier is a manager, else ask for a
    /// manager's name and PIN first.
    pub(crate) fn with_manager(&mut self, purpose: PinPurpose) -> Effect {
        if self.actor.is_manager() {
            return self.approved(purpose, self.actor.clone());
        }
        self.modal = Some(Modal::ask_pin(purpose));
        Effect::None
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
                    self.till.approved_by = Some(a);
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
    pub(crate) fn approved(&mut self, purpose: PinPurpose, a: Actor) -> Effect {
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
            PinPurpose::NewItem(code, spec) => Effect::AddUnknown {
                code,
                spec,
                approver: a,
            },
            PinPurpose::DebtLimit(tenders) => self.on_debt_approved(tenders, a),
            PinPurpose::PriceOverride(o) => self.on_override_approved(o, a),
            PinPurpose::Login | PinPurpose::Discount => Effect::None,
        }
    }
}

pub(crate) fn body<'a>(app: &'a App, m: &'a Modal) -> (String, Vec<Line<'a>>) {
    match m {
        Modal::Pin {
            purpose,
            name,
            pin,
            on_name,
        } => {
            let title = match purpose {
                PinPurpose::Login => app.t(" Đăng nhập ", " Sign in "),
                PinPurpose::Discount => app.t(" Quản lý duyệt chiết khấu ", " Manager approves the discount "),
                PinPurpose::Void => app.t(" Quản lý duyệt hủy đơn ", " Manager approves the void "),
                PinPurpose::Refund(..) => app.t(" Quản lý duyệt trả hàng ", " Manager approves the refund "),
                PinPurpose::OwnQr(_) => app.t(" Quản lý duyệt đổi mã QR ", " Manager approves the new QR "),
                PinPurpose::CloseSession(_) => app.t(" Quản lý duyệt chốt ca ", " Manager approves closing "),
                PinPurpose::NewItem(..) => app.t(" Quản lý duyệt thêm hàng mới ", " Manager approves the new product "),
                PinPurpose::DebtLimit(_) => app.t(
                    " Quản lý duyệt nợ vượt hạn mức ",
                    " Manager approves going over the debt limit ",
                ),
                PinPurpose::PriceOverride(_) => app.t(" Quản lý duyệt đổi giá ", " Manager approves the price change "),
            };
            let mark = |on: bool| if on { "█" } else { "" };
            (
                title.into(),
                vec![
                    Line::from(format!("{}: {name}{}", app.t("Tên", "Name"), mark(*on_name))),
                    Line::from(format!("PIN: {}{}", "•".repeat(pin.len()), mark(!on_name))),
                ],
            )
        }
        _ => (String::new(), Vec::new()),
    }
}
