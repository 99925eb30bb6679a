//! The one-time notice after the sale that takes the year's revenue over a
//! tax threshold (Enter or Esc closes it; it is not shown again).

use super::*;

impl App {
    pub(crate) fn tax_notice_key(&mut self, modal: Modal, action: Option<Action>) -> Effect {
        if action != Some(Action::Confirm) {
            // only Enter (or Esc, handled before) closes it
            self.modal = Some(modal);
        }
        Effect::None
    }

    /// Show the notice over whatever screen is up.
    pub fn on_tax_notice(&mut self, text: Msg) {
        self.modal = Some(Modal::TaxNotice { text });
    }
}

pub(crate) fn body<'a>(app: &'a App, m: &'a Modal) -> (String, Vec<Line<'a>>) {
    let Modal::TaxNotice { text } = m else {
        return (String::new(), Vec::new());
    };
    (
        app.t(" Lưu ý thuế ", " Tax notice ").to_string(),
        vec![
            Line::styled(
                text.get(app.lang).to_string(),
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            ),
            Line::from(""),
            Line::from(app.t(
                "Chi tiết: F12 hoặc quay tax summary. Enter để đóng.",
                "Details: F12 or quay tax summary. Enter closes.",
            )),
        ],
    )
}
