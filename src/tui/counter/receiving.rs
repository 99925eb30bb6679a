//! Receiving goods (nhập hàng) on the counter: scan a code (one more of
//! it) or type `QTY*CODE@COST`; `@COST` sets the selected line's cost; Tab
//! picks the supplier; Del removes a line; F5 saves one receiving document
//! through `stock::receive`; Esc goes back to selling.

use super::*;
use crate::catalog::stock::{ItemSpec, parse_cost, parse_item, value_of};

/// The receiving screen's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Receiving {
    pub suppliers: Vec<String>,
    pub supplier: usize,
    pub lines: Vec<ReceivingLine>,
    pub input: String,
    pub sel: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivingLine {
    pub code: String,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub qty_milli: i64,
    pub cost: Vnd,
}

impl Receiving {
    pub fn total(&self) -> Vnd {
        self.lines.iter().map(|l| value_of(l.qty_milli, l.cost)).sum()
    }
}

/// What a key on the receiving screen asks of the rest of the counter.
#[derive(Debug, Clone, PartialEq)]
pub enum ReceivingKey {
    /// Handled on the screen (or nothing to do).
    Stay,
    /// Esc: back to selling.
    Back,
    /// F5: write this document.
    Save { supplier: String, items: Vec<ItemSpec> },
    /// Something to say on the status line (a bad line, nothing to save…).
    Say(Severity, Msg),
}

impl Receiving {
    /// The screen's keys, looked up in the key map (the line is typed);
    /// codes are looked up in `index`.
    pub fn handle(&mut self, key: KeyEvent, index: Option<&SearchIndex>) -> ReceivingKey {
        match keymap::action(Scope::Receiving, &key) {
            Some(Action::Back) => return ReceivingKey::Back,
            Some(Action::NextField) if !self.suppliers.is_empty() => {
                self.supplier = (self.supplier + 1) % self.suppliers.len()
            }
            Some(Action::Up) => self.sel = self.sel.saturating_sub(1),
            Some(Action::Down) => self.sel = (self.sel + 1).min(self.lines.len().saturating_sub(1)),
            Some(Action::Remove) if self.sel < self.lines.len() => {
                self.lines.remove(self.sel);
                self.sel = self.sel.min(self.lines.len().saturating_sub(1));
            }
            Some(Action::Add) => {
                if let Err(m) = self.enter(index) {
                    return ReceivingKey::Say(Severity::Error, m);
                }
            }
            Some(Action::Confirm) => return self.save(),
            Some(_) => {}
            // typing the line
            None => match key.code {
                KeyCode::Backspace => {
                    self.input.pop();
                }
                KeyCode::Char(c) if !c.is_control() => self.input.push(c),
                _ => {}
            },
        }
        ReceivingKey::Stay
    }

    /// Enter: `@COST` sets the selected line's cost; a code (a scan) is one
    /// more of it; `QTY*CODE@COST` adds with a cost. The typed line is
    /// taken either way.
    fn enter(&mut self, index: Option<&SearchIndex>) -> Result<(), Msg> {
        let text = std::mem::take(&mut self.input);
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        if let Some(cost) = text.strip_prefix('@') {
            let c = parse_cost(cost)?;
            if let Some(l) = self.lines.get_mut(self.sel) {
                l.cost = c;
            }
            return Ok(());
        }
        // A bare code (a scan) is one more of it at the cost it already has.
        let spec = if text.contains('@') {
            parse_item(text)
        } else {
            let (qty, code) = match text.split_once('*') {
                Some((q, c)) => (crate::catalog::stock::parse_stock_qty(q).map_err(Msg::from), c.trim()),
                None => (Ok(1000), text),
            };
            qty.map(|q| ItemSpec {
                qty_milli: q,
                code: code.to_string(),
                unit_cost: Vnd::ZERO,
            })
        }?;
        let product = index.and_then(|ix| {
            ix.by_barcode(&spec.code)
                .or_else(|| ix.products().iter().find(|p| p.sku.eq_ignore_ascii_case(&spec.code)))
                .cloned()
        });
        let Some(p) = product else {
            let code = spec.code.clone();
            return Err(msg!(
                "không có mặt hàng với mã vạch hoặc mã hàng '{code}'",
                "no product with barcode or SKU '{code}'"
            ));
        };
        let explicit_cost = text.contains('@');
        match self.lines.iter().position(|l| l.sku == p.sku) {
            Some(i) => {
                let l = &mut self.lines[i];
                l.qty_milli = l.qty_milli.saturating_add(spec.qty_milli);
                if explicit_cost {
                    l.cost = spec.unit_cost;
                }
                self.sel = i;
            }
            None => {
                self.lines.push(ReceivingLine {
                    code: p.sku.clone(),
                    sku: p.sku.clone(),
                    name: p.name.clone(),
                    unit: p.unit.clone(),
                    qty_milli: spec.qty_milli,
                    cost: spec.unit_cost,
                });
                self.sel = self.lines.len() - 1;
            }
        }
        Ok(())
    }

    /// F5: the document to write, or why it cannot be yet.
    fn save(&self) -> ReceivingKey {
        if self.lines.is_empty() {
            return ReceivingKey::Say(
                Severity::Warn,
                msg!("phiếu nhập chưa có dòng nào", "the receiving has no lines yet"),
            );
        }
        let Some(supplier) = self.suppliers.get(self.supplier).cloned() else {
            return ReceivingKey::Say(
                Severity::Warn,
                msg!(
                    "chưa có nhà cung cấp: thêm bằng quay stock supplier add --name …",
                    "no supplier yet: add one with quay stock supplier add --name …"
                ),
            );
        };
        if let Some(l) = self.lines.iter().find(|l| l.cost == Vnd::ZERO) {
            let sku = l.sku.clone();
            return ReceivingKey::Say(
                Severity::Warn,
                msg!(
                    "{sku}: chưa có giá vốn (chọn dòng, gõ @GIÁ rồi Enter)",
                    "{sku}: no cost yet (select the line, type @COST and Enter)"
                ),
            );
        }
        let items = self
            .lines
            .iter()
            .map(|l| ItemSpec {
                qty_milli: l.qty_milli,
                code: l.code.clone(),
                unit_cost: l.cost,
            })
            .collect();
        ReceivingKey::Save { supplier, items }
    }
}

impl App {
    /// The receiving screen: its keys are its own ([`Receiving::handle`]);
    /// leaving it, the status line and writing the document are the
    /// counter's.
    pub(crate) fn receiving_key(&mut self, key: KeyEvent) -> Effect {
        let Some(r) = self.receiving.as_mut() else {
            self.screen = Screen::Sell;
            return Effect::None;
        };
        match r.handle(key, self.index.as_ref()) {
            ReceivingKey::Stay => {}
            ReceivingKey::Back => self.screen = Screen::Sell,
            ReceivingKey::Save { supplier, items } => return Effect::Receive { supplier, items },
            ReceivingKey::Say(sev, m) => self.say(sev, m),
        }
        Effect::None
    }

    /// The suppliers were read: show the receiving screen.
    pub fn on_receiving_open(&mut self, suppliers: Vec<String>) {
        let keep = self.receiving.take().map(|r| r.lines).unwrap_or_default();
        self.receiving = Some(Receiving {
            suppliers,
            lines: keep,
            ..Receiving::default()
        });
        self.screen = Screen::Receiving;
    }

    /// A sale took stock below zero: say so (the sale stands).
    pub fn on_stock_warning(&mut self, m: Msg) {
        self.say(Severity::Warn, m);
    }

    /// The document was written.
    pub fn on_received(&mut self, number: &str, total: Vnd) {
        if let Some(r) = self.receiving.as_mut() {
            r.lines.clear();
            r.sel = 0;
        }
        self.say(
            Severity::Info,
            msg!(
                "Đã lưu phiếu nhập {number}: {total}",
                "Receiving {number} saved: {total}"
            ),
        );
    }
}

pub(crate) fn draw(f: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(r) = &app.receiving else { return };
    let [head, table, foot] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(3), Constraint::Length(3)]).areas(area);
    let supplier = r
        .suppliers
        .get(r.supplier)
        .map(|s| crate::text::terminal_safe(s).into_owned())
        .unwrap_or_else(|| app.t("(chưa có)", "(none yet)").to_string());
    let head_lines = vec![
        Line::styled(
            app.t("NHẬP HÀNG", "RECEIVING GOODS"),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Line::from(format!(
            "{} {supplier}",
            app.t("Nhà cung cấp (Tab):", "Supplier (Tab):")
        )),
    ];
    f.render_widget(Paragraph::new(head_lines), head);
    let wide = area.width >= 100;
    let rows: Vec<Row> = r
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == r.sel {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            let cost = if l.cost == Vnd::ZERO {
                "—".to_string()
            } else {
                l.cost.to_string()
            };
            let mut cells = vec![crate::text::terminal_safe(&l.name).into_owned()];
            if wide {
                cells.insert(0, l.sku.clone());
            }
            cells.push(format!("{} {}", format_qty(l.qty_milli), l.unit));
            cells.push(cost);
            cells.push(value_of(l.qty_milli, l.cost).to_string());
            Row::new(cells).style(style)
        })
        .collect();
    let mut header = vec![app.t("Tên hàng", "Name")];
    let mut widths = vec![Constraint::Min(10)];
    if wide {
        header.insert(0, app.t("Mã hàng", "SKU"));
        widths.insert(0, Constraint::Length(16));
    }
    header.extend([
        app.t("SL", "Qty"),
        app.t("Giá vốn", "Cost"),
        app.t("Thành tiền", "Amount"),
    ]);
    widths.extend([Constraint::Length(10), Constraint::Length(12), Constraint::Length(13)]);
    let t = Table::new(rows, widths)
        .header(Row::new(header).style(Style::default().add_modifier(Modifier::BOLD)))
        .block(Block::default().borders(Borders::ALL));
    f.render_widget(t, table);
    let foot_lines = vec![
        Line::from(format!("{} {}", app.t("Tổng tiền hàng:", "Total:"), r.total())),
        Line::from(format!("> {}", r.input)),
        Line::styled(
            app.t(
                "Quét mã, hoặc SL*MÃ@GIÁ; @GIÁ đặt giá dòng đang chọn",
                "Scan, or QTY*CODE@COST; @COST sets the selected line's cost",
            ),
            Style::default().fg(Color::DarkGray),
        ),
    ];
    f.render_widget(Paragraph::new(foot_lines), foot);
}
