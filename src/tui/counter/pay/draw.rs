//! Drawing the pay screen.

use super::*;

pub(crate) fn method_name(app: &App, m: Method) -> String {
    m.label(app.lang)
}

pub(crate) fn draw(f: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(pay) = &app.pay else { return };
    let qr_lines = pay
        .qr
        .as_ref()
        .and_then(|q| crate::vietqr::render::matrix(q).ok())
        .map(|m| crate::vietqr::render::half_blocks(&m, 2));
    let qr_w = qr_lines
        .as_ref()
        .map_or(0, |l| l.first().map_or(0, |s| s.chars().count() as u16));
    let [left, right] = Layout::horizontal([Constraint::Min(36), Constraint::Length(qr_w)]).areas(area);
    let no = pay
        .number
        .map(crate::sales::format_number)
        .unwrap_or_else(|| "…".into());
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} {no} ", app.t("Thanh toán đơn", "Paying sale")));
    let inner = block.inner(left);
    f.render_widget(block, left);
    let [big, rest] = Layout::vertical([Constraint::Length(4), Constraint::Min(1)]).areas(inner);
    big_amount(f, pay.remaining(), big);
    let w = rest.width as usize;
    let row = |l: String, v: String| -> Line<'static> {
        let pad = w.saturating_sub(l.chars().count() + v.chars().count());
        Line::from(format!("{l}{}{v}", " ".repeat(pad)))
    };
    let mut lines = vec![
        row(app.t("Tổng đơn", "Total").into(), pay.totals.total.to_string()),
        row(app.t("Còn phải trả", "Still due").into(), pay.remaining().to_string()),
    ];
    for t in &pay.tenders {
        lines.push(row(format!("  ✓ {}", method_name(app, t.method)), t.amount.to_string()));
    }
    lines.push(Line::from(""));
    let methods = [
        ('T', Method::Cash),
        ('C', Method::Transfer),
        ('K', Method::Card),
        ('V', Method::Wallet(Wallet::Momo)),
    ];
    let spans: Vec<Span> = methods
        .iter()
        .map(|(k, m)| {
            let active = std::mem::discriminant(m) == std::mem::discriminant(&pay.method);
            let style = if active {
                Style::new().bg(Color::Cyan).fg(Color::Black)
            } else {
                Style::new()
            };
            let label = match m {
                Method::Wallet(_) => app.t("Ví", "Wallet").to_string(),
                Method::Transfer => app.t("Chuyển khoản", "Transfer").to_string(),
                other => method_name(app, *other),
            };
            Span::styled(format!("[{k}] {label} "), style)
        })
        .collect();
    lines.push(Line::from(spans));
    if let Method::Wallet(wal) = pay.method {
        let names: Vec<String> = Wallet::ALL
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let label = match w {
                    Wallet::Other => app.t("Khác", "Other"),
                    _ => w.label(),
                };
                if *w == wal {
                    format!("[{}:{label}]", i + 1)
                } else {
                    format!("{}:{label}", i + 1)
                }
            })
            .collect();
        lines.push(Line::from(names.join(" ")));
        if pay.wallet_pick.is_some() {
            lines.push(
                Line::from(app.t(
                    "Chọn ví: 1–5 hoặc ↑↓, Enter để chọn",
                    "Choose the wallet: 1–5 or ↑↓, Enter to take it",
                ))
                .style(Style::new().fg(Color::Yellow)),
            );
        }
    }
    let amount_label = match pay.method {
        Method::Cash => app.t("Khách đưa", "Tendered"),
        _ => app.t("Số tiền", "Amount"),
    };
    let field_style = |on: bool| {
        if on {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        } else {
            Style::new()
        }
    };
    let shown = if pay.amount.is_empty() {
        format!("({})", pay.remaining().grouped())
    } else {
        pay.amount.clone()
    };
    lines.push(Line::from(vec![
        Span::raw(format!("{amount_label}: ")),
        Span::styled(shown, field_style(!pay.on_reference)),
    ]));
    if matches!(pay.method, Method::Card | Method::Wallet(_)) {
        lines.push(Line::from(vec![
            Span::raw(format!("{}: ", app.t("Mã tham chiếu (Tab)", "Reference (Tab)"))),
            Span::styled(pay.reference.clone(), field_style(pay.on_reference)),
        ]));
    }
    if pay.method == Method::Cash {
        let typed = Vnd::parse(&pay.amount).ok();
        if let Some(t) = typed.filter(|t| *t > pay.remaining()) {
            lines.push(row(
                app.t("Tiền thối", "Change").into(),
                (t - pay.remaining()).to_string(),
            ));
        }
        let notes: Vec<String> = app
            .notes()
            .iter()
            .enumerate()
            .map(|(i, v)| format!("F{} {}", i + 1, v.grouped()))
            .collect();
        lines.push(Line::from(notes.join("  ")).style(Style::new().fg(Color::Cyan)));
    }
    if pay.method == Method::Transfer {
        lines.push(
            Line::from(match &pay.qr {
                None => app.t(
                    "Enter: hiện mã VietQR cho số tiền này",
                    "Enter: show the VietQR code for this amount",
                ),
                Some(_) => app.t(
                    "Enter: ĐÃ NHẬN TIỀN (xác nhận trên app ngân hàng)",
                    "Enter: MONEY RECEIVED (check the bank app)",
                ),
            })
            .style(Style::new().fg(Color::Yellow)),
        );
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
    if let Some(ql) = qr_lines {
        let text: Vec<Line> = ql
            .into_iter()
            .map(|l| Line::from(l).style(Style::new().fg(Color::White).bg(Color::Black)))
            .collect();
        f.render_widget(Paragraph::new(text), right);
    }
}
