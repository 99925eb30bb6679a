//! The cash session's dialogs: the float (opening), cash in/out with a
//! reason, and the counted cash that closes it with a Z report.

use super::*;

impl App {
    pub(crate) fn session_key(&mut self, modal: Modal, action: Option<Action>, key: KeyEvent) -> Effect {
        match modal {
            Modal::OpenSession { mut text } => {
                match (action, key.code) {
                    (Some(Action::Confirm), _) => match Vnd::parse(if text.trim().is_empty() { "0" } else { &text }) {
                        Ok(v) if v.0 >= 0 && crate::checkout::tender::check_amount(v).is_ok() => {
                            return Effect::OpenSession { float: v };
                        }
                        _ => self.say(
                            Severity::Error,
                            msg!(
                                "tiền đầu ca không hợp lệ: ví dụ 500.000 hoặc 500k",
                                "not a valid float: e.g. 500.000 or 500k"
                            ),
                        ),
                    },
                    (_, code) => edit_text(&mut text, code),
                }
                self.modal = Some(Modal::OpenSession { text });
                Effect::None
            }
            Modal::CashMove {
                out,
                mut amount,
                mut reason,
                mut on_reason,
            } => {
                match (action, key.code) {
                    (Some(Action::NextField | Action::Up | Action::Down), _) => on_reason = !on_reason,
                    (Some(Action::Confirm), _) if !on_reason => on_reason = true,
                    (Some(Action::Confirm), _) => {
                        let parsed = Vnd::parse(&amount)
                            .ok()
                            .filter(|v| v.0 > 0 && crate::checkout::tender::check_amount(*v).is_ok());
                        match parsed {
                            None => {
                                on_reason = false;
                                self.say(
                                    Severity::Error,
                                    msg!(
                                        "số tiền không hợp lệ: ví dụ 50.000 hoặc 50k",
                                        "not a valid amount: e.g. 50.000 or 50k"
                                    ),
                                );
                            }
                            Some(_) if reason.trim().is_empty() => {
                                self.say(Severity::Error, msg!("cần ghi lý do", "a reason is needed"))
                            }
                            Some(v) => {
                                return Effect::CashMove {
                                    amount: if out { -v } else { v },
                                    reason: reason.trim().to_string(),
                                };
                            }
                        }
                    }
                    (_, KeyCode::Backspace) if on_reason => {
                        reason.pop();
                    }
                    (_, KeyCode::Char(c)) if on_reason && reason.chars().count() < 80 => reason.push(c),
                    (_, code) => edit_text(&mut amount, code),
                }
                self.modal = Some(Modal::CashMove {
                    out,
                    amount,
                    reason,
                    on_reason,
                });
                Effect::None
            }
            Modal::CloseSession { mut text } => {
                match (action, key.code) {
                    (Some(Action::Confirm), _) => match Vnd::parse(&text) {
                        Ok(v) if v.0 >= 0 => {
                            let purpose = PinPurpose::CloseSession(v);
                            return self.with_manager(purpose);
                        }
                        _ => self.say(
                            Severity::Error,
                            msg!(
                                "số tiền đếm được không hợp lệ: ví dụ 1.250.000 hoặc 1,25tr",
                                "not a valid counted amount: e.g. 1.250.000 or 1,25tr"
                            ),
                        ),
                    },
                    (_, code) => edit_text(&mut text, code),
                }
                self.modal = Some(Modal::CloseSession { text });
                Effect::None
            }
            _ => Effect::None,
        }
    }
    /// A session was opened with `float`: carry on to the payment.
    pub fn on_session_opened(&mut self, float: Vnd) -> Effect {
        self.till.session_open = true;
        self.usual_float = float;
        let effect = if self.screen == Screen::Sell && !self.till.cart.is_empty() {
            self.start_pay()
        } else {
            Effect::None
        };
        if matches!(effect, Effect::Reserve { .. }) || self.status.is_none() {
            self.say(
                Severity::Info,
                msg!(
                    "đã mở ca với tiền đầu ca {float}",
                    "session opened with a float of {float}"
                ),
            );
        }
        effect
    }

    /// Cash went into or out of the drawer.
    pub fn on_cash_moved(&mut self, amount: Vnd, reason: &str) -> Effect {
        let r = reason.to_string();
        let v = Vnd(amount.0.abs());
        let m = if amount.0 < 0 {
            msg!(
                "đã ghi rút {v} khỏi két: {r}",
                "recorded {v} taken out of the drawer: {r}"
            )
        } else {
            msg!("đã ghi nộp {v} vào két: {r}", "recorded {v} put into the drawer: {r}")
        };
        self.say(Severity::Info, m);
        // the reports screen shows the new expected cash
        if self.screen == Screen::Reports {
            Effect::LoadReport
        } else {
            Effect::None
        }
    }

    /// The session was closed: show its frozen Z report.
    pub fn on_closed(&mut self, z: crate::report::zreport::SessionReport) {
        self.till.session_open = false;
        let n = z.z_number.unwrap_or_default();
        if let Some(r) = self.reports.report.as_mut() {
            r.session = Some(z);
        }
        self.reports.show_session = true;
        self.say(
            Severity::Info,
            msg!("đã chốt ca: báo cáo Z số {n}", "session closed: Z report {n}"),
        );
    }
}

pub(crate) fn body<'a>(app: &'a App, m: &'a Modal) -> (String, Vec<Line<'a>>) {
    match m {
        Modal::OpenSession { text } => (
            app.t(" Mở ca ", " Open the session ").into(),
            vec![
                Line::from(app.t(
                    "Chưa mở ca. Đếm tiền lẻ trong két (tiền đầu ca) và nhập số tiền; Enter để mở ca và thanh toán.",
                    "No session is open. Count the change in the drawer (the float) and type it; Enter opens the session and goes on to pay.",
                )),
                Line::from(format!("{} {text}█", app.t("Tiền đầu ca:", "Float:"))),
            ],
        ),
        Modal::CashMove {
            out,
            amount,
            reason,
            on_reason,
        } => {
            let mark = |on: bool| if on { "█" } else { "" };
            (
                if *out {
                    app.t(" Rút tiền khỏi két ", " Cash out of the drawer ")
                } else {
                    app.t(" Nộp tiền vào két ", " Cash into the drawer ")
                }
                .into(),
                vec![
                    Line::from(format!("{} {amount}{}", app.t("Số tiền:", "Amount:"), mark(!on_reason))),
                    Line::from(format!("{} {reason}{}", app.t("Lý do:", "Reason:"), mark(*on_reason))),
                    Line::from(app.t(
                        "Tab đổi ô · Enter ghi (vào báo cáo ca) · Esc thôi",
                        "Tab next field · Enter records it (in the session report) · Esc cancel",
                    )),
                ],
            )
        }
        Modal::CloseSession { text } => (
            app.t(" Chốt ca ", " Close the session ").into(),
            vec![
                Line::from(app.t(
                    "Đếm tiền mặt trong két và nhập số tiền; báo cáo Z được đánh số và không sửa được (cần quản lý).",
                    "Count the cash in the drawer and type it; the Z report is numbered and cannot be changed (manager needed).",
                )),
                Line::from(format!("{} {text}█", app.t("Tiền đếm được:", "Counted cash:"))),
            ],
        ),
        _ => (String::new(), Vec::new()),
    }
}
