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

impl App {
    pub(crate) fn receiving_key(&mut self, key: KeyEvent) -> Effect {
        let Some(r) = self.receiving.as_mut() else {
            self.screen = Screen::Sell;
            return Effect::None;
        };
        match key.code {
            KeyCode::Esc => self.screen = Screen::Sell,
            KeyCode::Tab if !r.suppliers.is_empty() => r.supplier = (r.supplier + 1) % r.suppliers.len(),
            KeyCode::Up => r.sel = r.sel.saturating_sub(1),
            KeyCode::Down => r.sel = (r.sel + 1).min(r.lines.len().saturating_sub(1)),
            KeyCode::Delete if r.sel < r.lines.len() => {
                r.lines.remove(r.sel);
                r.sel = r.sel.min(r.lines.len().saturating_sub(1));
            }
            KeyCode::Backspace => {
                r.input.pop();
            }
            KeyCode::Char(c) if !c.is_control() => r.input.push(c),
            KeyCode::Enter => self.receiving_enter(),
            KeyCode::F(5) => return self.receiving_save(),
            _ => {}
        }
        Effect::None
    }

    fn receiving_enter(&mut self) {
        let Some(r) = self.receiving.as_mut() else { return };
        let text = std::mem::take(&mut r.input);
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if let Some(cost) = text.strip_prefix('@') {
            match parse_cost(cost) {
                Ok(c) => {
                    if let Some(l) = r.lines.get_mut(r.sel) {
                        l.cost = c;
                    }
                }
                Err(m) => self.say(Severity::Error, m),
            }
            return;
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
        };
        let spec = match spec {
            Ok(s) => s,
            Err(m) => return self.say(Severity::Error, m),
        };
        let product = self.index.as_ref().and_then(|ix| {
            ix.by_barcode(&spec.code)
                .or_else(|| ix.products().iter().find(|p| p.sku.eq_ignore_ascii_case(&spec.code)))
                .cloned()
        });
        let Some(p) = product else {
            let code = spec.code.clone();
            return self.say(
                Severity::Error,
                msg!(
                    "không có mặt hàng với mã vạch hoặc mã hàng '{code}'",
                    "no product with barcode or SKU '{code}'"
                ),
            );
        };
        let Some(r) = self.receiving.as_mut() else { return };
        let explicit_cost = text.contains('@');
        match r.lines.iter().position(|l| l.sku == p.sku) {
            Some(i) => {
                let l = &mut r.lines[i];
                l.qty_milli = l.qty_milli.saturating_add(spec.qty_milli);
                if explicit_cost {
                    l.cost = spec.unit_cost;
                }
                r.sel = i;
            }
            None => {
                r.lines.push(ReceivingLine {
                    code: p.sku.clone(),
                    sku: p.sku.clone(),
                    name: p.name.clone(),
                    unit: p.unit.clone(),
                    qty_milli: spec.qty_milli,
                    cost: spec.unit_cost,
                });
                r.sel = r.lines.len() - 1;
            }
        }
    }

    fn receiving_save(&mut self) -> Effect {
        let Some(r) = self.receiving.as_ref() else {
            return Effect::None;
        };
        if r.lines.is_empty() {
            self.say(
                Severity::Warn,
                msg!("phiếu nhập chưa có dòng nào", "the receiving has no lines yet"),
            );
            return Effect::None;
        }
        let Some(supplier) = r.suppliers.get(r.supplier).cloned() else {
            self.say(
                Severity::Warn,
                msg!(
                    "chưa có nhà cung cấp: thêm bằng quay stock supplier add --name …",
                    "no supplier yet: add one with quay stock supplier add --name …"
                ),
            );
            return Effect::None;
        };
        if let Some(l) = r.lines.iter().find(|l| l.cost == Vnd::ZERO) {
            let sku = l.sku.clone();
            self.say(
                Severity::Warn,
                msg!(
                    "{sku}: chưa có giá vốn (chọn dòng, gõ @GIÁ rồi Enter)",
                    "{sku}: no cost yet (select the line, type @COST and Enter)"
                ),
            );
            return Effect::None;
        }
        let items = r
            .lines
            .iter()
            .map(|l| ItemSpec {
                qty_milli: l.qty_milli,
                code: l.code.clone(),
                unit_cost: l.cost,
            })
            .collect();
        Effect::Receive { supplier, items }
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
