//! After payment: the receipt with the change (or the money to hand back),
//! reprint.

use super::*;

impl App {
    pub(crate) fn done_key(&mut self, key: KeyEvent) -> Effect {
        match key.code {
            KeyCode::F(9) => return self.reprint(),
            KeyCode::Up => self.scroll = self.scroll.saturating_add(1).min(200),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_add(10).min(200),
            KeyCode::Down => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Enter | KeyCode::Esc => {
                self.screen = Screen::Sell;
                self.status = None;
            }
            KeyCode::Char(c) => {
                // Typing starts the next sale straight away.
                self.screen = Screen::Sell;
                self.input.push(c);
                self.refresh();
            }
            _ => {}
        }
        Effect::None
    }

    pub(crate) fn reprint(&mut self) -> Effect {
        match &self.last_sale {
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
        self.last_sale = Some(sale);
        self.pay = None;
        self.reset_cart();
        self.session_open = true;
        self.scroll = 0;
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
    let Some(sale) = &app.last_sale else { return };
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
    let skip = over.saturating_sub(app.scroll);
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
