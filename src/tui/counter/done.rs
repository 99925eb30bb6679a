//! After payment: the receipt with the change (or the money to hand back),
//! reprint.

use super::*;

/// The receipt screen's own state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Done {
    /// The sale (or void/refund) just written: the receipt shown, and what
    /// F9 reprints and F8 voids.
    pub last_sale: Option<SaleRecord>,
    /// Lines scrolled up from the receipt's end, for a receipt taller than
    /// the terminal.
    pub scroll: usize,
}

impl Done {
    /// ↑ PgUp scroll towards the receipt's top, ↓ PgDn back to its end.
    pub fn scroll_by(&mut self, action: Action) {
        self.scroll = match action {
            Action::Up => self.scroll.saturating_add(1).min(200),
            Action::PageUp => self.scroll.saturating_add(10).min(200),
            Action::Down => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll.saturating_sub(10),
            _ => self.scroll,
        };
    }
}

/// What a key on the receipt asks of the rest of the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoneKey {
    /// Handled on the screen (scrolling) or nothing to do.
    Stay,
    /// F9: print the receipt again.
    Reprint,
    /// Enter/Esc: the next sale.
    NewSale,
    /// A letter or digit: the next sale, starting with it.
    Type(char),
}

impl Done {
    /// The receipt's keys, looked up in the key map.
    pub fn handle(&mut self, key: KeyEvent) -> DoneKey {
        match keymap::action(Scope::Done, &key) {
            Some(Action::Reprint) => DoneKey::Reprint,
            Some(a @ (Action::Up | Action::Down | Action::PageUp | Action::PageDown)) => {
                self.scroll_by(a);
                DoneKey::Stay
            }
            Some(Action::NewSale) => DoneKey::NewSale,
            // the global keys (quit) were taken before
            Some(_) => DoneKey::Stay,
            None => match key.code {
                KeyCode::Char(c) => DoneKey::Type(c),
                _ => DoneKey::Stay,
            },
        }
    }
}

impl App {
    /// The receipt: its keys are its own ([`Done::handle`]); reprinting
    /// and starting the next sale (on the sell screen) are the counter's.
    pub(crate) fn done_key(&mut self, key: KeyEvent) -> Effect {
        match self.done.handle(key) {
            DoneKey::Stay => {}
            DoneKey::Reprint => return self.reprint(),
            DoneKey::NewSale => {
                self.screen = Screen::Sell;
                self.status = None;
            }
            DoneKey::Type(c) => {
                // Typing starts the next sale straight away.
                self.screen = Screen::Sell;
                self.sell.input.push(c);
                self.refresh();
            }
        }
        Effect::None
    }

    pub(crate) fn reprint(&mut self) -> Effect {
        match &self.done.last_sale {
            Some(s) => Effect::Print {
                number: s.number,
                drawer: false,
            },
            None => {
                self.say(
                    Severity::Warn,
                    msg!("chưa có đơn nào để in lại", "no sale to reprint yet"),
                );
                Effect::None
            }
        }
    }
    pub fn on_printed(&mut self, result: Result<(), Msg>) {
        match result {
            Ok(()) => self.say(Severity::Info, msg!("đã in phiếu", "receipt printed")),
            Err(m) => {
                let e = m.get(self.lang).to_string();
                self.say(
                    Severity::Error,
                    msg!(
                        "máy in lỗi: {e} — đơn đã ghi, F9 để in lại",
                        "printer error: {e} — the sale is saved, F9 to reprint"
                    ),
                );
            }
        }
    }

    // ---- results of effects -------------------------------------------------
    pub fn on_committed(&mut self, sale: SaleRecord) {
        let change = sale.change;
        let no = crate::sales::format_number(sale.number);
        let inv = sale
            .invoice
            .as_ref()
            .map(|i| {
                let (sym, n, code) = (i.full_symbol(), i.number, i.mccqt.clone());
                msg!("; HĐ {sym} số {n} · {code}", "; invoice {sym} no. {n} · {code}")
                    .get(self.lang)
                    .to_string()
            })
            .unwrap_or_default();
        self.done.last_sale = Some(sale);
        self.pay = None;
        self.reset_cart();
        self.till.session_open = true;
        self.done.scroll = 0;
        self.screen = Screen::Done;
        self.say(
            Severity::Info,
            msg!(
                "đã ghi đơn {no}; tiền thối {change}{inv}",
                "sale {no} saved; change {change}{inv}"
            ),
        );
    }
}

pub(crate) fn draw(f: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(sale) = &app.done.last_sale else { return };
    let width = if area.width >= 100 {
        crate::receipt::WIDTH_80MM
    } else {
        crate::receipt::WIDTH_58MM
    };
    let [left, right] = Layout::horizontal([Constraint::Length(width as u16 + 2), Constraint::Min(20)]).areas(area);
    let lines: Vec<Line> = crate::receipt::layout(sale, &app.profile, width, app.lang)
        .into_iter()
        .map(Line::from)
        .collect();
    let over = lines.len().saturating_sub(left.height.saturating_sub(2) as usize);
    // the end of the receipt (totals, payments) first; ↑ scrolls up to its top
    let skip = over.saturating_sub(app.done.scroll);
    let shown: Vec<Line> = lines.into_iter().skip(skip).collect();
    let title = if over > 0 {
        app.t(" Phiếu (↑↓ cuộn) ", " Receipt (↑↓ scroll) ")
    } else {
        app.t(" Phiếu ", " Receipt ")
    };
    f.render_widget(
        Paragraph::new(shown).block(Block::default().borders(Borders::ALL).title(title)),
        left,
    );
    // a void or refund shows the money to hand back and how, not "change 0"
    let reversal = sale.kind != crate::sales::SaleKind::Sale;
    let title = if reversal {
        app.t(" Trả lại khách ", " Hand back ")
    } else {
        app.t(" Tiền thối ", " Change ")
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(right);
    f.render_widget(block, right);
    let [big, note] = Layout::vertical([Constraint::Length(5), Constraint::Min(1)]).areas(inner);
    if reversal {
        big_amount(f, -sale.total, big);
        let how: Vec<String> = sale
            .payments
            .iter()
            .map(|p| {
                let m = p.method.label(app.lang);
                format!("{m}: {}", (-p.amount).grouped())
            })
            .collect();
        let text = format!(
            "{}\n{}",
            how.join("\n"),
            app.t(
                "Đã ghi chứng từ. Enter để bắt đầu đơn mới.",
                "The document is saved. Enter to start the next sale."
            )
        );
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), note);
        return;
    }
    big_amount(f, sale.change, big);
    let text = app.t(
        "Đã ghi vào sổ. Phiếu in đang chờ trong hàng đợi.\nEnter hoặc quét mã để bắt đầu đơn mới.",
        "Saved. The receipt is queued for printing.\nEnter or scan to start the next sale.",
    );
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), note);
}
