//! Ctrl+O: the shop's own payment QR, read, shown, then saved (manager).

use super::*;

impl App {
    pub(crate) fn own_qr_key(&mut self, modal: Modal, action: Option<Action>, key: KeyEvent) -> Effect {
        match modal {
            Modal::OwnQr { mut text, summary } => {
                match (action, key.code) {
                    (Some(Action::Confirm), _) => match summary {
                        Some(_) => {
                            let payload = text.trim().to_string();
                            return self.with_manager(PinPurpose::OwnQr(payload));
                        }
                        None => {
                            let summary = match crate::vietqr::decode(text.trim()) {
                                Ok(d) if d.kind == crate::vietqr::Kind::VietqrTransfer => {
                                    Some(qr_summary(&d, self.lang))
                                }
                                Ok(d) => {
                                    let k = d.kind.label(self.lang);
                                    self.say(
                                        Severity::Error,
                                        msg!(
                                            "đây là mã {k}, không phải mã chuyển khoản vào tài khoản cửa hàng",
                                            "this is a {k} code, not a transfer to the shop's account"
                                        ),
                                    );
                                    None
                                }
                                Err(e) => {
                                    self.say(Severity::Error, e.msg());
                                    None
                                }
                            };
                            self.modal = Some(Modal::OwnQr { text, summary });
                            return Effect::None;
                        }
                    },
                    (None, KeyCode::Backspace) => {
                        text.pop();
                    }
                    (None, KeyCode::Char(c)) if text.chars().count() < 512 => text.push(c),
                    _ => {}
                }
                // editing the text invalidates the decoded summary
                self.modal = Some(Modal::OwnQr { text, summary: None });
                Effect::None
            }
            _ => Effect::None,
        }
    }
    pub fn on_own_qr_saved(&mut self, profile: ShopProfile) {
        self.profile = profile;
        self.say(
            Severity::Info,
            msg!(
                "đã lưu mã QR của cửa hàng: mã theo từng đơn sẽ được tạo từ mã này",
                "saved the shop's own QR: per-sale codes are now made from it"
            ),
        );
    }
}

/// The lines that describe a decoded QR in the set-up dialog.
pub fn qr_summary(d: &crate::vietqr::Decoded, lang: Lang) -> Vec<String> {
    let bank = d
        .bank()
        .map(|b| {
            format!(
                "{} ({})",
                b.short_name.clone().or(b.code.clone()).unwrap_or(b.name.clone()),
                b.bin
            )
        })
        .unwrap_or_else(|| d.bin.clone().unwrap_or_default());
    let mut out = vec![
        format!("{} {bank}", lang.pick("Ngân hàng:", "Bank:")),
        format!(
            "{} {}",
            lang.pick("Tài khoản:", "Account:"),
            d.account.clone().unwrap_or_default()
        ),
    ];
    for f in d.additional.iter() {
        out.push(format!("62/{}: {}", f.id, f.value));
    }
    for f in d.other_fields() {
        out.push(format!("{} {}: {}", lang.pick("Trường", "Field"), f.id, f.value));
    }
    out
}

pub(crate) fn body<'a>(app: &'a App, m: &'a Modal) -> (String, Vec<Line<'a>>) {
    match m {
        Modal::OwnQr { text, summary } => {
            let mut lines = vec![
                Line::from(app.t(
                    "Dán hoặc quét mã QR nhận tiền của cửa hàng (ngân hàng, MoMo, ZaloPay…), Enter để đọc:",
                    "Paste or scan the shop's own payment QR (bank, MoMo, ZaloPay…), Enter to read it:",
                )),
                Line::from(format!(
                    "> {}█",
                    text.chars()
                        .rev()
                        .take(60)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<String>()
                )),
            ];
            if let Some(s) = summary {
                lines.extend(
                    s.iter()
                        .map(|l| Line::from(l.clone()).style(Style::new().fg(Color::Green))),
                );
                lines.push(Line::from(app.t(
                    "Enter lần nữa để lưu (cần quản lý); mã theo từng đơn sẽ giữ mọi trường khác của mã này.",
                    "Enter again to save (manager needed); per-sale codes keep every other field of this code.",
                )));
            }
            (app.t(" Mã QR của cửa hàng ", " The shop's own QR ").into(), lines)
        }
        _ => (String::new(), Vec::new()),
    }
}
