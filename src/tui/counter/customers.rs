//! Customers and the debt book: the customer picker at the counter
//! (Ctrl+K on the sell screen: Enter takes the customer for this sale, so
//! the pay screen's `N` can put it on their account) and the debt screen
//! (D on the reports screen: who owes what, and the statement of the one
//! selected). Typing filters by name without diacritics or by phone digits.

use super::*;
use crate::debt::Overview;

/// The screen's state (filled by the event loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customers {
    pub rows: Vec<Overview>,
    pub filter: String,
    pub sel: usize,
    /// Opened from the sell screen to pick the sale's customer.
    pub picking: bool,
}

impl Customers {
    /// Indexes of the rows the filter lets through.
    pub fn visible(&self) -> Vec<usize> {
        let words: Vec<String> = crate::text::fold(&self.filter)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let digits: String = self.filter.chars().filter(char::is_ascii_digit).collect();
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                if !digits.is_empty() && digits.len() == self.filter.trim().len() {
                    return r.customer.phone.contains(&digits);
                }
                let name = crate::text::fold(&r.customer.name);
                words
                    .iter()
                    .all(|w| name.split_whitespace().any(|n| n.starts_with(w.as_str())))
                    || crate::text::fold(&r.customer.code) == crate::text::fold(&self.filter)
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// What a key on the customers screen asks of the rest of the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomersKey {
    /// Handled on the screen (or nothing to do).
    Stay,
    /// Esc: back where it was opened from.
    Back,
    /// Enter while picking: this customer for the sale.
    Picked(Box<Overview>),
}

impl Customers {
    /// The screen's keys, looked up in the key map (typing filters).
    pub fn handle(&mut self, key: KeyEvent) -> CustomersKey {
        let shown = self.visible();
        match keymap::action(Scope::Customers, &key) {
            Some(Action::Back) => return CustomersKey::Back,
            Some(Action::Up) => self.sel = self.sel.saturating_sub(1),
            Some(Action::Down) if self.sel + 1 < shown.len() => self.sel += 1,
            Some(Action::Pick) if self.picking => {
                if let Some(row) = shown.get(self.sel).and_then(|i| self.rows.get(*i)) {
                    return CustomersKey::Picked(Box::new(row.clone()));
                }
            }
            Some(_) => {}
            // typing the filter
            None => match key.code {
                KeyCode::Backspace => {
                    self.filter.pop();
                    self.sel = 0;
                }
                KeyCode::Char(ch) => {
                    self.filter.push(ch);
                    self.sel = 0;
                }
                _ => {}
            },
        }
        CustomersKey::Stay
    }
}

impl App {
    /// The customers screen: its keys are its own ([`Customers::handle`]);
    /// leaving it and taking the picked customer for the sale are the
    /// counter's.
    pub(crate) fn customers_key(&mut self, key: KeyEvent) -> Effect {
        let Some(c) = self.customers.as_mut() else {
            self.screen = Screen::Sell;
            return Effect::None;
        };
        let picking = c.picking;
        match c.handle(key) {
            CustomersKey::Stay => {}
            CustomersKey::Back => {
                self.screen = if picking { Screen::Sell } else { Screen::Reports };
            }
            CustomersKey::Picked(row) => {
                let (name, owes) = (row.customer.name.clone(), row.balance);
                self.till.customer = Some(row.customer);
                self.screen = Screen::Sell;
                self.say(
                    Severity::Info,
                    msg!(
                        "khách: {name} (đang nợ {owes}); khi thanh toán, N = ghi nợ",
                        "customer: {name} (owes {owes}); when paying, N = on account"
                    ),
                );
            }
        }
        Effect::None
    }

    pub fn on_customers(&mut self, rows: Vec<Overview>, picking: bool) {
        self.customers = Some(Customers {
            rows,
            filter: String::new(),
            sel: 0,
            picking,
        });
        self.screen = Screen::Customers;
    }
}

pub(crate) fn draw(f: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(c) = &app.customers else { return };
    let title = if c.picking {
        app.t(" Chọn khách hàng ", " Pick the customer ")
    } else {
        app.t(" Sổ nợ: khách hàng ", " Debt book: customers ")
    };
    let shown = c.visible();
    // the list as tall as it needs (at most 40 %), the statement below
    let want = u16::try_from(shown.len()).unwrap_or(u16::MAX).saturating_add(6);
    let list_h = want.min(area.height.saturating_mul(2) / 5).max(7);
    let [list_area, detail_area] = Layout::vertical([Constraint::Length(list_h), Constraint::Min(3)]).areas(area);
    let mut lines = vec![
        Line::from(vec![
            Span::raw(app.t("Tìm (tên/SĐT): ", "Find (name/phone): ")),
            Span::styled(
                format!("{}_", c.filter),
                Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            ),
        ]),
        Line::from(""),
    ];
    let total: Vnd = c.rows.iter().map(|r| r.balance).sum();
    if shown.is_empty() {
        lines.push(Line::from(app.t(
            "Không có khách nào khớp (thêm: quay customers add)",
            "No customer matches (add one: quay customers add)",
        )));
    }
    let name_w = usize::from(list_area.width).saturating_sub(36).clamp(10, 40);
    for (n, i) in shown.iter().enumerate() {
        let r = &c.rows[*i];
        let name: String = crate::text::terminal_safe(&r.customer.name)
            .chars()
            .take(name_w)
            .collect();
        let text = format!(
            "{} {}{} {} {:>12}",
            r.customer.code,
            name,
            " ".repeat(name_w.saturating_sub(unicode_width::UnicodeWidthStr::width(name.as_str()))),
            r.customer.phone,
            r.balance.to_string()
        );
        let style = if n == c.sel {
            Style::new().bg(Color::Cyan).fg(Color::Black)
        } else if r.balance.0 > 0 {
            Style::new().fg(Color::Yellow)
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(format!("{} {total}", app.t("Tổng nợ:", "Total owed:"))));
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        list_area,
    );
    let detail: Vec<Line> = match shown.get(c.sel).and_then(|i| c.rows.get(*i)) {
        Some(r) => {
            let mut d = Vec::new();
            if let Some(l) = r.customer.debt_limit {
                d.push(Line::from(format!("{} {l}", app.t("Hạn mức nợ:", "Debt limit:"))));
            }
            d.extend(r.statement.iter().map(|l| Line::from(l.clone())));
            d
        }
        None => Vec::new(),
    };
    f.render_widget(
        Paragraph::new(detail).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(app.t(" Sao kê ", " Statement ")),
        ),
        detail_area,
    );
}
