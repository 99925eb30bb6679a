//! Drawing the sell screen.

use super::*;

pub(crate) fn draw(f: &mut Frame<'_>, app: &App, area: Rect) {
    let [head, input, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(3), Constraint::Min(5)]).areas(area);
    f.render_widget(Paragraph::new(header(app)), head);
    let title = app.t(
        " Quét mã vạch hoặc gõ tên hàng (3* trước mã = số lượng) ",
        " Scan a barcode or type a name (3* before a code = quantity) ",
    );
    let line = Line::from(vec![
        Span::raw("> "),
        Span::raw(app.sell.input.as_str()),
        Span::styled("█", Style::new().fg(Color::Gray)),
    ]);
    f.render_widget(
        Paragraph::new(line).block(Block::default().borders(Borders::ALL).title(title)),
        input,
    );
    let totals_w = if body.width >= 110 { 40 } else { 30 };
    let [cart_area, totals_area] = Layout::horizontal([Constraint::Min(40), Constraint::Length(totals_w)]).areas(body);
    draw_cart(f, app, cart_area);
    draw_totals(f, app, totals_area);
    if !app.sell.results.is_empty() {
        draw_results(f, app, cart_area);
    } else if app.sell.input.trim().len() > 1 && app.index.is_some() {
        let hint = Paragraph::new(app.t(
            "Không tìm thấy — Enter để thử như mã vạch",
            "Nothing found — Enter tries it as a barcode",
        ))
        .block(Block::default().borders(Borders::ALL));
        let r = Rect {
            height: 3.min(cart_area.height),
            ..cart_area
        };
        f.render_widget(Clear, r);
        f.render_widget(hint, r);
    }
}

fn draw_cart(f: &mut Frame<'_>, app: &App, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", app.cart_label()));
    if app.till.cart.is_empty() {
        let text = match &app.index {
            None => app.t("Đang tải danh mục…", "Loading the catalogue…").to_string(),
            Some(i) if i.is_empty() => app
                .t(
                    "Danh mục trống. Nhập hàng: quay products import HANG.csv",
                    "The catalogue is empty. Import: quay products import FILE.csv",
                )
                .to_string(),
            Some(i) => match app.lang {
                crate::Lang::Vi => format!(
                    "Giỏ hàng trống. {} mặt hàng; quét mã hoặc gõ \"ca phe\" để tìm \"Cà phê\".",
                    i.len()
                ),
                crate::Lang::En => format!(
                    "The cart is empty. {} products; scan or type \"ca phe\" to find \"Cà phê\".",
                    i.len()
                ),
            },
        };
        f.render_widget(Paragraph::new(text).block(block).wrap(Wrap { trim: true }), area);
        return;
    }
    let totals = app.totals().ok();
    // the name column: what the borders, the three number columns and the
    // gaps between columns leave
    let name_w = usize::from(area.width).saturating_sub(2 + 7 + 9 + 11 + 3);
    let rows = app.till.cart.lines.iter().enumerate().map(|(i, l)| {
        let net = totals
            .as_ref()
            .and_then(|t| t.lines.get(i))
            .map(|p| p.net)
            .unwrap_or_else(|| l.gross());
        let mut name = l.name.clone();
        if let Some(d) = l.discount {
            name.push_str(&format!(" (-{})", d.label()));
        }
        let style = if i == app.sell.cart_sel {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        Row::new(vec![
            fit_words(&name, name_w),
            format!("{:>7}", format_qty(l.qty_milli)),
            format!("{:>9}", l.unit_price.grouped()),
            format!("{:>11}", net.grouped()),
        ])
        .style(style)
    });
    let header = Row::new(vec![
        app.t("Tên hàng", "Item"),
        app.t("     SL", "    Qty"),
        app.t("  Đơn giá", "    Price"),
        app.t(" Thành tiền", "     Amount"),
    ])
    .style(Style::new().add_modifier(Modifier::BOLD));
    let table = Table::new(
        rows,
        [
            Constraint::Min(12),
            Constraint::Length(7),
            Constraint::Length(9),
            Constraint::Length(11),
        ],
    )
    .header(header)
    .block(block);
    f.render_widget(table, area);
}

fn draw_totals(f: &mut Frame<'_>, app: &App, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(app.t(" Thanh toán ", " Totals "));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut lines: Vec<Line> = Vec::new();
    let w = inner.width as usize;
    let row = |l: &str, v: String| -> Line<'static> {
        let pad = w.saturating_sub(l.chars().count() + v.chars().count());
        Line::from(format!("{l}{}{v}", " ".repeat(pad)))
    };
    match app.totals() {
        Err(m) => lines.push(Line::styled(m.get(app.lang).to_string(), Style::new().fg(Color::Red))),
        Ok(t) => {
            lines.push(row(app.t("Tiền hàng", "Subtotal"), t.subtotal.to_string()));
            if t.discount.0 != 0 {
                lines.push(row(app.t("Chiết khấu", "Discount"), (-t.discount).to_string()));
            }
            for v in &t.vat {
                let rate = match v.rate {
                    VatRate::Kct => "KCT".to_string(),
                    r => format!("{}%", r.code()),
                };
                lines.push(row(&format!("{} {rate}", app.t("Thuế", "VAT")), v.tax.to_string()));
            }
            lines.push(row(app.t("Số dòng", "Lines"), app.till.cart.lines.len().to_string()));
            lines.push(Line::from(""));
            lines.push(Line::styled(
                app.t("TỔNG CẦN TRẢ", "TOTAL TO PAY"),
                Style::new().add_modifier(Modifier::BOLD),
            ));
            let used = lines.len() as u16;
            f.render_widget(Paragraph::new(lines), inner);
            let big_area = Rect {
                y: inner.y + used,
                height: inner.height.saturating_sub(used),
                ..inner
            };
            big_amount(f, t.total, big_area);
            return;
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_results(f: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(index) = &app.index else { return };
    let h = (app.sell.results.len() as u16 + 2).min(area.height);
    let r = Rect { height: h, ..area };
    f.render_widget(Clear, r);
    let name_w = usize::from(area.width).saturating_sub(2 + 6 + 12 + 2);
    let rows = app.sell.results.iter().enumerate().map(|(i, &pos)| {
        let p = &index.products()[pos];
        let style = if i == app.sell.result_sel {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        Row::new(vec![
            fit_words(&p.name, name_w),
            p.unit.clone(),
            format!("{:>12}", p.price.to_string()),
        ])
        .style(style)
    });
    let table = Table::new(
        rows,
        [Constraint::Min(12), Constraint::Length(6), Constraint::Length(12)],
    )
    .block(
        Block::default()
            .borders(Borders::ALL)
            .title(app.t(" Kết quả — ↑↓ chọn, Enter thêm ", " Results — ↑↓ pick, Enter add ")),
    );
    f.render_widget(table, r);
}
