//! Drawing the counter. Works from 80×24 up and uses more room when it has
//! it; smaller terminals get a clear message instead of a garbled screen.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::app::{App, Modal, PinPurpose, Screen, Severity};
use crate::catalog::{VatRate, format_qty};
use crate::checkout::tender::{Method, Wallet};
use crate::money::Vnd;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(f: &mut Frame<'_>, app: &App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "{} {}×{} — {} {MIN_WIDTH}×{MIN_HEIGHT}",
            app.t("Cửa sổ quá nhỏ:", "Terminal too small:"),
            area.width,
            area.height,
            app.t("cần ít nhất", "needs at least"),
        );
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [main, status, footer] =
        Layout::vertical([Constraint::Min(10), Constraint::Length(1), Constraint::Length(1)]).areas(area);
    match app.screen {
        Screen::Login | Screen::Sell => draw_sell(f, app, main),
        Screen::Pay => draw_pay(f, app, main),
        Screen::Done => draw_done(f, app, main),
        Screen::Reports => draw_reports(f, app, main),
    }
    draw_status(f, app, status);
    draw_footer(f, app, footer);
    if let Some(m) = &app.modal {
        draw_modal(f, app, m, main);
    }
}

fn draw_status(f: &mut Frame<'_>, app: &App, area: Rect) {
    if let Some((sev, text)) = &app.status {
        let color = match sev {
            Severity::Info => Color::Green,
            Severity::Warn => Color::Yellow,
            Severity::Error => Color::Red,
        };
        f.render_widget(
            Paragraph::new(text.as_str()).style(Style::new().fg(color).add_modifier(Modifier::BOLD)),
            area,
        );
    }
}

fn draw_footer(f: &mut Frame<'_>, app: &App, area: Rect) {
    let wide = area.width >= 110;
    let keys = match (&app.modal, &app.screen) {
        (Some(Modal::Review { on_reference: true, .. }), _) => {
            app.t("Gõ mã giao dịch  Enter Xong  Esc Thôi", "Type the reference  Enter Done  Esc Cancel")
        }
        (Some(Modal::Review { void: false, method, .. }), _) if super::app::needs_reference(*method) => app.t(
            "C Xác nhận  Tab Đổi cách trả lại  R Mã giao dịch  Esc Thôi",
            "Y Confirm  Tab Change how money goes back  R Reference  Esc Cancel",
        ),
        (Some(Modal::Review { .. }), _) => app.t(
            "C Xác nhận  Tab Đổi cách trả lại  Esc Thôi",
            "Y Confirm  Tab Change how money goes back  Esc Cancel",
        ),
        (Some(_), _) => app.t("Enter xác nhận  Tab đổi ô  Esc bỏ", "Enter confirm  Tab next field  Esc cancel"),
        (None, Screen::Pay) => app.t(
            "T Tiền mặt  C Chuyển khoản  K Thẻ  V Ví  F1-F5 Mệnh giá  Enter Nhận  Esc Lại",
            "T Cash  C Transfer  K Card  V Wallet  F1-F5 Notes  Enter Take  Esc Back",
        ),
                        (None, Screen::Reports) => app.t(
            "X Báo cáo ca / biểu đồ  N Nộp tiền  R Rút tiền  Z Chốt ca  Esc Quay lại",
            "X Session report / charts  I Cash in  O Cash out  Z Close the session  Esc Back",
        ),
        (None, Screen::Done) => app.t("Enter Đơn mới  F9 In lại  F10 Thoát", "Enter New sale  F9 Reprint  F10 Quit"),
        _ if wide => app.t(
            "F5 Thanh toán  F2 Số lượng  F3 Giảm dòng  F4 Giảm đơn  Del Xóa  ^Z Hoàn tác  F6 Giữ  F7 Gọi  F8 Hủy  F12 Báo cáo  F1 Phím  F10 Thoát",
            "F5 Pay  F2 Quantity  F3 Line discount  F4 Cart discount  Del Remove  ^Z Undo  F6 Park  F7 Recall  F8 Void  F12 Reports  F1 Keys  F10 Quit",
        ),
        _ => app.t(
            "F5 Trả tiền F2 SL F3/F4 Giảm Del Xóa ^Z Lại F6 Giữ F7 Gọi F8 Hủy F1 ? F10 Thoát",
            "F5 Pay F2 Qty F3/F4 Disc Del Rm ^Z Undo F6 Park F7 Recall F8 Void F1 ? F10 Quit",
        ),
    };
    f.render_widget(
        Paragraph::new(keys).style(Style::new().bg(Color::Blue).fg(Color::White)),
        area,
    );
}

fn header(app: &App) -> Line<'static> {
    let p = &app.profile;
    let mut spans = vec![Span::styled(
        format!("quay · {}", p.name),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if p.is_demo {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            app.t(" MẪU ", " DEMO ").to_string(),
            Style::new().bg(Color::Magenta).fg(Color::White),
        ));
    }
    let parked = if app.parked_count > 0 {
        format!(" (+{} {})", app.parked_count, app.t("chờ", "parked"))
    } else {
        String::new()
    };
    spans.push(Span::raw(format!(
        "  {}{parked} · {}",
        app.cart_label(),
        app.person(&app.actor.name)
    )));
    Line::from(spans)
}

fn draw_sell(f: &mut Frame<'_>, app: &App, area: Rect) {
    let [head, input, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(3), Constraint::Min(5)]).areas(area);
    f.render_widget(Paragraph::new(header(app)), head);
    let title = app.t(
        " Quét mã vạch hoặc gõ tên hàng (3* trước mã = số lượng) ",
        " Scan a barcode or type a name (3* before a code = quantity) ",
    );
    let line = Line::from(vec![
        Span::raw("> "),
        Span::raw(app.input.as_str()),
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
    if !app.results.is_empty() {
        draw_results(f, app, cart_area);
    } else if app.input.trim().len() > 1 && app.index.is_some() {
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
    if app.cart.is_empty() {
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
    let rows = app.cart.lines.iter().enumerate().map(|(i, l)| {
        let net = totals
            .as_ref()
            .and_then(|t| t.lines.get(i))
            .map(|p| p.net)
            .unwrap_or_else(|| l.gross());
        let mut name = l.name.clone();
        if let Some(d) = l.discount {
            name.push_str(&format!(" (-{})", d.label()));
        }
        let style = if i == app.cart_sel {
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
            lines.push(row(app.t("Số dòng", "Lines"), app.cart.lines.len().to_string()));
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

/// The amount in large type when it fits, else bold.
fn big_amount(f: &mut Frame<'_>, v: Vnd, area: Rect) {
    let text = v.grouped();
    let n = text.chars().count() as u16;
    if area.height >= 4 && area.width >= n * 4 {
        let big = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(Style::new().fg(Color::Yellow))
            .lines(vec![Line::from(text)])
            .build();
        f.render_widget(big, area);
    } else {
        f.render_widget(
            Paragraph::new(v.to_string()).style(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)),
            area,
        );
    }
}

fn draw_results(f: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(index) = &app.index else { return };
    let h = (app.results.len() as u16 + 2).min(area.height);
    let r = Rect { height: h, ..area };
    f.render_widget(Clear, r);
    let name_w = usize::from(area.width).saturating_sub(2 + 6 + 12 + 2);
    let rows = app.results.iter().enumerate().map(|(i, &pos)| {
        let p = &index.products()[pos];
        let style = if i == app.result_sel {
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

/// A name that fits `width` columns: whole, or cut at a word boundary with
/// "…" (never in the middle of a word, unless one word alone is too long).
pub fn fit_words(name: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if name.width() <= width {
        return name.to_string();
    }
    let room = width.saturating_sub(1);
    let mut out = String::new();
    for word in name.split(' ') {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if next.width() > room {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        // one long word: cut it by characters
        let mut w = 0;
        for c in name.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w + cw > room {
                break;
            }
            out.push(c);
            w += cw;
        }
    }
    format!("{out}…")
}

fn method_name(app: &App, m: Method) -> String {
    m.label(app.lang)
}

fn draw_pay(f: &mut Frame<'_>, app: &App, area: Rect) {
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

fn draw_done(f: &mut Frame<'_>, app: &App, area: Rect) {
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
                let m = p
                    .method()
                    .map(|m| m.label(app.lang))
                    .unwrap_or_else(|| p.method.clone());
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

fn draw_reports(f: &mut Frame<'_>, app: &App, area: Rect) {
    use ratatui::widgets::{Bar, BarChart, BarGroup, Sparkline};
    let Some(r) = &app.report else { return };
    if app.show_session {
        let lines: Vec<Line> = match &r.session {
            Some(s) => crate::report::zreport::render(s, app.lang, crate::receipt::WIDTH_80MM)
                .into_iter()
                .map(Line::from)
                .collect(),
            None => vec![Line::from(app.t(
                "Chưa mở ca: ca tự mở khi bán đơn đầu tiên, hoặc quay session open --float 500k.",
                "No open session: one opens with the first sale, or quay session open --float 500k.",
            ))],
        };
        let over = lines.len().saturating_sub(area.height.saturating_sub(2) as usize);
        // the top first; ↑↓ scroll what does not fit
        let skip = app.scroll.min(over);
        let title = if over > 0 {
            app.t(" Báo cáo ca (↑↓ cuộn) ", " Session report (↑↓ scroll) ")
        } else {
            app.t(" Báo cáo ca ", " Session report ")
        };
        let block = Block::default().borders(Borders::ALL).title(title);
        f.render_widget(
            Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).block(block),
            area,
        );
        return;
    }
    let pct = |x: f64| format!("{:.0} %", x * 100.0);
    let [head, charts, spark] =
        Layout::vertical([Constraint::Length(4), Constraint::Min(8), Constraint::Length(5)]).areas(area);
    let (now, before) = (r.this_month.cashless_share_value, r.last_month.cashless_share_value);
    let trend = if now >= before {
        app.t("tăng", "up")
    } else {
        app.t("giảm", "down")
    };
    let lines = vec![
        Line::styled(
            match app.lang {
                crate::Lang::Vi => {
                    format!(
                        "Tháng này {} không dùng tiền mặt, {trend} từ {} tháng trước",
                        pct(now),
                        pct(before)
                    )
                }
                crate::Lang::En => format!(
                    "This month {} cashless, {trend} from {} last month",
                    pct(now),
                    pct(before)
                ),
            },
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::from(format!(
            "{} {} · {} {} · {} {}",
            app.t("Số đơn:", "Sales:"),
            r.this_month.sales,
            app.t("doanh thu", "value"),
            Vnd(r.this_month.value),
            app.t("có hóa đơn điện tử", "with an e-invoice"),
            pct(r.this_month.invoice_coverage_count)
        )),
        Line::from(app.t(
            "Mục tiêu chương trình: trên 80 % không dùng tiền mặt, 100 % có hóa đơn điện tử",
            "Programme targets: above 80 % cashless, 100 % with an e-invoice",
        )),
    ];
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::BOTTOM)),
        head,
    );
    let bars: Vec<Bar> = r
        .this_month
        .by_method
        .iter()
        .map(|m| {
            let label = Method::from_code(&m.method).map_or(m.method.clone(), |x| x.label(app.lang));
            let share = if r.this_month.value > 0 {
                m.value as f64 / r.this_month.value as f64
            } else {
                0.0
            };
            Bar::default()
                .value((share * 100.0).round() as u64)
                .text_value(pct(share))
                .label(Line::from(label.chars().take(14).collect::<String>()))
        })
        .collect();
    let chart = BarChart::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(app.t(" Tháng này theo hình thức (giá trị) ", " This month by method (value) ")),
        )
        .bar_width(14)
        .bar_gap(2)
        .max(100)
        .data(BarGroup::default().bars(&bars));
    f.render_widget(chart, charts);
    let data: Vec<u64> = r
        .days
        .iter()
        .map(|d| (d.cashless_share_value * 100.0).round() as u64)
        .collect();
    let spark_widget = Sparkline::default()
        .block(Block::default().borders(Borders::ALL).title(app.t(
            " 30 ngày qua: % không tiền mặt mỗi ngày ",
            " Last 30 days: cashless % per day ",
        )))
        .max(100)
        .data(&data)
        .style(Style::new().fg(Color::Green));
    f.render_widget(spark_widget, spark);
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn draw_modal(f: &mut Frame<'_>, app: &App, m: &Modal, area: Rect) {
    let (title, body): (String, Vec<Line>) = match m {
        Modal::Qty { line, text } => (
            app.t(" Số lượng ", " Quantity ").into(),
            vec![
                Line::from(app.cart.lines.get(*line).map(|l| l.name.clone()).unwrap_or_default()),
                Line::from(format!("> {text}█")),
                Line::from(app.t("ví dụ 3 hoặc 0,35 (kg)", "e.g. 3 or 0,35 (kg)")),
            ],
        ),
        Modal::LineDiscount { line, text } => (
            app.t(" Giảm giá dòng ", " Line discount ").into(),
            vec![
                Line::from(app.cart.lines.get(*line).map(|l| l.name.clone()).unwrap_or_default()),
                Line::from(format!("> {text}█")),
                Line::from(app.t(
                    "10% hoặc 5000; để trống = bỏ giảm giá",
                    "10% or 5000; empty = no discount",
                )),
            ],
        ),
        Modal::CartDiscount { text } => (
            app.t(" Giảm giá cả đơn ", " Cart discount ").into(),
            vec![
                Line::from(format!("> {text}█")),
                Line::from(app.t(
                    "10% hoặc 5000; để trống = bỏ giảm giá",
                    "10% or 5000; empty = no discount",
                )),
            ],
        ),
        Modal::Pin {
            purpose,
            name,
            pin,
            on_name,
        } => {
            let title = match purpose {
                PinPurpose::Login => app.t(" Đăng nhập ", " Sign in "),
                PinPurpose::Discount => app.t(" Quản lý duyệt chiết khấu ", " Manager approves the discount "),
                                PinPurpose::Void => app.t(" Quản lý duyệt hủy đơn ", " Manager approves the void "),
                PinPurpose::Refund(..) => app.t(" Quản lý duyệt trả hàng ", " Manager approves the refund "),
                                PinPurpose::OwnQr(_) => app.t(" Quản lý duyệt đổi mã QR ", " Manager approves the new QR "),
                PinPurpose::CloseSession(_) => app.t(" Quản lý duyệt chốt ca ", " Manager approves closing "),
            };
            let mark = |on: bool| if on { "█" } else { "" };
            (
                title.into(),
                vec![
                    Line::from(format!("{}: {name}{}", app.t("Tên", "Name"), mark(*on_name))),
                    Line::from(format!("PIN: {}{}", "•".repeat(pin.len()), mark(!on_name))),
                ],
            )
        }
                Modal::ConfirmVoid { number } => (
            app.t(" Hủy đơn / trả hàng ", " Void or refund ").into(),
            vec![
                Line::from(app.t(
                    "Enter: xem đơn vừa bán để hủy; hoặc gõ số đơn rồi Enter để xem và trả lại hàng còn lại của đơn đó. Chưa có gì được ghi ở bước này; Esc = không.",
                    "Enter: show the last sale to void it; or type a sale number then Enter to show it and refund what is left of it. Nothing is written yet; Esc = no.",
                )),
                Line::from(format!("{} {number}█", app.t("Số đơn:", "Sale number:"))),
            ],
        ),
                Modal::Review {
            void,
            sale,
            back,
            method,
            reference,
            on_reference,
        } => {
            let no = crate::sales::format_number(sale.number);
            let when = crate::report::zreport::short_ts(&sale.ts);
            let mut lines = vec![
                Line::from(format!("{} {no} · {when} · {}", app.t("Đơn", "Sale"), app.person(&sale.user)))
                    .style(Style::new().add_modifier(Modifier::BOLD)),
            ];
            for l in sale.lines.iter().take(6) {
                let left = l.qty_milli - l.returned_milli;
                lines.push(Line::from(format!(
                    "  {} × {}  {}",
                    crate::catalog::format_qty(left),
                    l.name,
                    l.net.grouped()
                )));
            }
            if sale.lines.len() > 6 {
                let more = sale.lines.len() - 6;
                lines.push(Line::from(format!("  … +{more}")));
            }
            lines.push(Line::from(format!("{} {}", app.t("Tổng đơn:", "Sale total:"), sale.total)));
            let how = if *void {
                sale.payments
                    .iter()
                    .filter_map(|p| p.method())
                    .map(|m| m.label(app.lang))
                    .collect::<Vec<_>>()
                    .join(" + ")
            } else {
                format!("{} ({})", method.label(app.lang), app.t("Tab để đổi", "Tab to change"))
            };
            lines.push(
                Line::from(format!("{} {back} — {how}", app.t("Trả lại khách:", "Hand back:")))
                    .style(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)),
            );
            if !*void && crate::tui::app::needs_reference(*method) {
                let (cursor, hint) = if *on_reference {
                    ("█", app.t("Enter: xong", "Enter: done"))
                } else {
                    ("", app.t("R để nhập", "R to type it"))
                };
                let label = app.t("Mã giao dịch:", "Reference:");
                lines.push(Line::from(format!("{label} {reference}{cursor}  ({hint})")));
            }
            lines.push(Line::from(if *void {
                app.t(
                    "C: xác nhận HỦY đơn này (cần quản lý) · Esc: thôi",
                    "Y: confirm VOIDING this sale (manager needed) · Esc: cancel",
                )
            } else {
                app.t(
                    "C: xác nhận TRẢ HÀNG (cần quản lý) · Esc: thôi",
                    "Y: confirm the REFUND (manager needed) · Esc: cancel",
                )
            }));
            let title = if *void {
                app.t(" Hủy đơn ", " Void ")
            } else {
                app.t(" Trả hàng ", " Refund ")
            };
            (title.into(), lines)
        }
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
        Modal::OwnQr { text, summary } => {
            let mut lines = vec![
                Line::from(app.t(
                    "Dán hoặc quét mã QR nhận tiền của cửa hàng (ngân hàng, MoMo, ZaloPay…), Enter để đọc:",
                    "Paste or scan the shop's own payment QR (bank, MoMo, ZaloPay…), Enter to read it:",
                )),
                Line::from(format!("> {}█", text.chars().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect::<String>())),
            ];
            if let Some(s) = summary {
                lines.extend(s.iter().map(|l| Line::from(l.clone()).style(Style::new().fg(Color::Green))));
                lines.push(Line::from(app.t(
                    "Enter lần nữa để lưu (cần quản lý); mã theo từng đơn sẽ giữ mọi trường khác của mã này.",
                    "Enter again to save (manager needed); per-sale codes keep every other field of this code.",
                )));
            }
            (app.t(" Mã QR của cửa hàng ", " The shop's own QR ").into(), lines)
        }
        Modal::Parked { carts, sel } => (
            app.t(" Đơn đang tạm giữ ", " Parked carts ").into(),
            carts
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let l = Line::from(format!(
                        "{:<8} {:>14}  {}",
                        row.label,
                        row.total.to_string(),
                        row.age
                    ));
                    if i == *sel {
                        l.style(Style::new().add_modifier(Modifier::REVERSED))
                    } else {
                        l
                    }
                })
                .collect(),
        ),
        Modal::Help => (
            app.t(" Phím tắt ", " Keys ").into(),
            vec![
                Line::from(app.t(
                    "Enter: thêm hàng (mã vạch, mã hàng hoặc kết quả chọn)",
                    "Enter: add (barcode, SKU or the picked result)",
                )),
                Line::from(app.t(
                    "3*MÃ: thêm 3 cái; 0,35*MÃ: 0,35 kg",
                    "3*CODE: add 3; 0,35*CODE: 0,35 kg",
                )),
                Line::from(app.t(
                    "F2 số lượng · F3 giảm dòng · F4 giảm đơn · Del xóa · Ctrl+Z hoàn tác",
                    "F2 qty · F3 line discount · F4 cart discount · Del remove · Ctrl+Z undo",
                )),
                Line::from(app.t(
                    "F5 thanh toán · F6 tạm giữ đơn · F7 gọi lại · F8 hủy đơn cuối",
                    "F5 pay · F6 park · F7 recall · F8 void last sale",
                )),
                Line::from(app.t(
                    "F9 in lại phiếu · F12 báo cáo không tiền mặt",
                    "F9 reprint · F12 cashless report",
                )),
                Line::from(app.t(
                    "F8 + số đơn: trả hàng · Ctrl+O: mã QR nhận tiền của cửa hàng",
                    "F8 + a sale number: refund · Ctrl+O: the shop's own payment QR",
                )),
                Line::from(app.t("F11 English · F10 thoát", "F11 Tiếng Việt · F10 quit")),
            ],
        ),
    };
    // room for wrapped lines: 68 columns inside the border
    // (word wrapping leaves lines shorter than 68: count 60 to keep the last
    // line, e.g. the typed sale number, in view)
    let h = body.iter().map(|l| (l.width().max(1)).div_ceil(60) as u16).sum::<u16>() + 2;
    let r = centered(area, 70, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(body).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title)
                .title_alignment(Alignment::Center),
        ),
        r,
    );
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::app::tests::{demo_app, key, scanned, typed};
    use super::super::app::{App, Modal, PinPurpose};
    use super::*;
    use crate::i18n::Lang;
    use crate::sales::{LineRecord, PaymentRecord, SaleKind, SaleRecord};
    use crossterm::event::KeyCode;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn screen(app: &App, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| draw(f, app)).unwrap();
        let buf = t.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..h {
            let mut line = String::new();
            for x in 0..w {
                line.push_str(buf[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// Every screen at 80×24 and 120×40, in Vietnamese and English.
    fn snap_all(name: &str, setup: impl Fn(&mut App)) {
        for lang in [Lang::Vi, Lang::En] {
            let mut app = demo_app(lang);
            setup(&mut app);
            for (w, h) in [(80, 24), (120, 40)] {
                let l = match lang {
                    Lang::Vi => "vi",
                    Lang::En => "en",
                };
                insta::assert_snapshot!(format!("{name}_{l}_{w}x{h}"), screen(&app, w, h));
            }
        }
    }

    fn with_cart(app: &mut App) {
        scanned(app, "8936000001025");
        scanned(app, "8936000001025");
        typed(app, "0,35*GAO-ST25");
        key(app, KeyCode::Enter);
        scanned(app, "8936000000189");
    }

    pub(crate) fn sale(app: &App) -> SaleRecord {
        let t = app.totals().unwrap();
        SaleRecord {
            id: 1,
            uuid: "u".into(),
            number: 42,
            kind: SaleKind::Sale,
            ref_number: None,
            session_id: 1,
            ts: "2026-11-23T18:30:00+07:00".into(),
            business_date: "2026-11-23".into(),
            user: "chủ cửa hàng".into(),
            approved_by: None,
            tax_method: "direct".into(),
            subtotal: t.subtotal,
            discount: t.discount,
            total: t.total,
            change: Vnd(500_000) - t.total,
            lines: app
                .cart
                .lines
                .iter()
                .zip(&t.lines)
                .enumerate()
                .map(|(i, (l, p))| LineRecord {
                    id: i as i64,
                    line_no: i as i64 + 1,
                    product_id: l.product_id,
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    unit: l.unit.clone(),
                    unit_price: l.unit_price,
                    qty_milli: l.qty_milli,
                    vat_rate: l.vat,
                    gross: p.gross,
                    line_discount: p.line_discount,
                    cart_discount: p.cart_discount,
                    net: p.net,
                    discount: l.discount,
                    ref_line_id: None,
                    returned_milli: 0,
                })
                .collect(),
            payments: vec![PaymentRecord {
                method: "cash".into(),
                amount: t.total,
                tendered: Vnd(500_000),
                reference: None,
                confirmed_by: None,
            }],
            vat: vec![],
            reversed_by: vec![],
            invoice: None,
        }
    }

    #[test]
    fn sell_screen_empty() {
        snap_all("sell_empty", |_| {});
    }

    #[test]
    fn sell_screen_with_cart() {
        snap_all("sell_cart", with_cart);
    }

    #[test]
    fn sell_screen_with_search_results() {
        snap_all("sell_search", |app| {
            with_cart(app);
            typed(app, "mut");
        });
    }

    #[test]
    fn pay_screen_cash() {
        snap_all("pay_cash", |app| {
            with_cart(app);
            key(app, KeyCode::F(5));
            app.on_reserved(42);
            typed(app, "300k");
        });
    }

    #[test]
    fn pay_screen_vietqr() {
        snap_all("pay_qr", |app| {
            with_cart(app);
            key(app, KeyCode::F(5));
            app.on_reserved(42);
            key(app, KeyCode::Char('c'));
            key(app, KeyCode::Enter);
        });
    }

    #[test]
    fn done_screen_shows_receipt_and_change() {
        snap_all("done", |app| {
            with_cart(app);
            let s = sale(app);
            app.on_committed(s);
        });
    }

    #[test]
    fn manager_pin_dialog() {
        snap_all("pin", |app| {
            with_cart(app);
            app.modal = Some(Modal::Pin {
                purpose: PinPurpose::Discount,
                name: "Hoa".into(),
                pin: "12".into(),
                on_name: false,
            });
        });
    }

    #[test]
    fn void_and_refund_show_the_sale_before_anything_happens() {
        snap_all("review_refund", |app| {
            with_cart(app);
            let mut s = sale(app);
            s.payments[0].method = "transfer".into();
            app.cart = Default::default();
            app.on_sale_loaded(false, s);
        });
        // the typed sale number stays in view at 80×24
        let mut app = demo_app(Lang::Vi);
        key(&mut app, KeyCode::F(8));
        typed(&mut app, "12");
        let s = screen(&app, 80, 24);
        assert!(s.contains("Số đơn: 12"), "{s}");
    }

    #[test]
    fn a_refund_shows_the_money_to_hand_back_not_change_0() {
        let mut app = demo_app(Lang::Vi);
        scanned(&mut app, "8936000000325");
        let mut s = sale(&app);
        s.kind = SaleKind::Refund;
        s.ref_number = Some(42);
        s.number = 43;
        s.total = -s.total;
        s.change = Vnd::ZERO;
        s.payments[0].method = "transfer".into();
        s.payments[0].amount = -s.payments[0].amount;
        app.on_voided(s);
        let text = screen(&app, 80, 24);
        assert!(text.contains("Trả lại khách"), "{text}");
        assert!(text.contains("Chuyển khoản (VietQR): 60.000"), "{text}");
        assert!(!text.contains("Tiền thối"), "{text}");
    }

    #[test]
    fn at_80x24_the_top_of_a_receipt_can_be_scrolled_into_view() {
        let mut app = demo_app(Lang::Vi);
        with_cart(&mut app);
        for code in [
            "8936000000110",
            "8936000000257",
            "8936000000325",
            "8936000000394",
            "8936000000462",
            "8936000000530",
        ] {
            scanned(&mut app, code);
        }
        let s = sale(&app);
        app.on_committed(s);
        let first = screen(&app, 80, 24);
        assert!(first.contains("TỔNG CỘNG"), "{first}");
        assert!(!first.contains("PHIẾU THANH TOÁN"), "the top does not fit at once");
        assert!(first.contains("↑↓ cuộn"), "{first}");
        for _ in 0..3 {
            key(&mut app, KeyCode::PageUp);
        }
        let top = screen(&app, 80, 24);
        assert!(top.contains("PHIẾU THANH TOÁN"), "{top}");
        assert!(top.contains("Hương Giang"), "{top}");
    }

    #[test]
    fn long_names_are_cut_at_word_boundaries() {
        let n = "Bưởi thanh trà Hương Vân";
        assert_eq!(fit_words(n, 40), n);
        assert_eq!(fit_words(n, 16), "Bưởi thanh trà…");
        assert_eq!(fit_words(n, 13), "Bưởi thanh…");
        assert_eq!(fit_words("Siêudàikhôngcókhoảngtrắng", 8), "Siêudài…");
    }

    #[test]
    fn too_small_terminals_get_a_message_and_never_panic() {
        let mut app = demo_app(Lang::En);
        with_cart(&mut app);
        let s = screen(&app, 60, 20);
        assert!(s.contains("Terminal too small: 60×20"), "{s}");
        for screen_setup in 0..3 {
            if screen_setup == 1 {
                key(&mut app, KeyCode::F(5));
            }
            if screen_setup == 2 {
                key(&mut app, KeyCode::Char('c'));
                key(&mut app, KeyCode::Enter);
            }
            for (w, h) in [(1, 1), (10, 3), (79, 24), (80, 23), (80, 24), (81, 25), (200, 60)] {
                screen(&app, w, h);
            }
        }
    }

    #[test]
    fn reports_screen() {
        use crate::report::cashless::{Bucket, MethodFigure};
        let month = |share: f64| Bucket {
            period: "m".into(),
            sales: 120,
            value: 9_000_000,
            cashless_share_value: share,
            invoice_coverage_count: 0.5,
            by_method: vec![
                MethodFigure {
                    method: "cash".into(),
                    count: 50,
                    value: 3_240_000,
                },
                MethodFigure {
                    method: "transfer".into(),
                    count: 60,
                    value: 5_000_000,
                },
                MethodFigure {
                    method: "card".into(),
                    count: 10,
                    value: 760_000,
                },
            ],
            ..Default::default()
        };
        snap_all("reports", |app| {
            let days = (0..30)
                .map(|i| Bucket {
                    cashless_share_value: (i % 10) as f64 / 10.0,
                    ..Default::default()
                })
                .collect();
            app.on_report(super::super::app::ReportView {
                this_month: month(0.64),
                last_month: month(0.51),
                days,
                session: None,
            });
        });
        let mut app = demo_app(Lang::En);
        assert_eq!(key(&mut app, KeyCode::F(12)), super::super::app::Effect::LoadReport);
    }

    /// The counter's main screens and dialogs, set up in `lang`.
    fn all_screens(lang: Lang) -> Vec<String> {
        type Setup = Box<dyn Fn(&mut App)>;
        let setups: Vec<Setup> = vec![
            Box::new(|_| {}),
            Box::new(with_cart),
            Box::new(|app| {
                with_cart(app);
                typed(app, "mut");
            }),
            Box::new(|app| {
                with_cart(app);
                key(app, KeyCode::F(5));
                app.on_reserved(42);
                typed(app, "300k");
            }),
            Box::new(|app| {
                with_cart(app);
                key(app, KeyCode::F(5));
                app.on_reserved(42);
                key(app, KeyCode::Char('k'));
            }),
            Box::new(|app| {
                with_cart(app);
                key(app, KeyCode::F(5));
                app.on_reserved(42);
                key(app, KeyCode::Char('v'));
            }),
            Box::new(|app| {
                with_cart(app);
                key(app, KeyCode::F(5));
                app.on_reserved(42);
                key(app, KeyCode::Char('c'));
                key(app, KeyCode::Enter);
            }),
            Box::new(|app| {
                with_cart(app);
                let s = sale(app);
                app.on_committed(s);
            }),
            Box::new(|app| {
                with_cart(app);
                let mut s = sale(app);
                s.payments[0].method = "transfer".into();
                app.cart = Default::default();
                app.on_sale_loaded(false, s);
            }),
            Box::new(|app| {
                with_cart(app);
                let s = sale(app);
                app.cart = Default::default();
                app.on_sale_loaded(true, s);
            }),
            Box::new(|app| {
                key(app, KeyCode::F(8));
                typed(app, "12");
            }),
            Box::new(|app| {
                key(app, KeyCode::F(1));
            }),
            Box::new(|app| {
                with_cart(app);
                key(app, KeyCode::F(2));
            }),
            Box::new(|app| {
                with_cart(app);
                key(app, KeyCode::F(4));
            }),
            Box::new(|app| {
                app.modal = Some(Modal::OpenSession { text: "500k".into() });
            }),
            Box::new(|app| {
                app.modal = Some(Modal::CashMove {
                    out: true,
                    amount: "50k".into(),
                    reason: "".into(),
                    on_reason: true,
                });
            }),
            Box::new(|app| {
                app.modal = Some(Modal::CloseSession { text: "1tr".into() });
            }),
            Box::new(|app| {
                app.on_parked_list(vec![super::super::app::ParkedRow {
                    id: 1,
                    label: app.cart_label(),
                    total: crate::money::Vnd(60_000),
                    age: super::super::app::age_text(12, app.lang),
                }]);
            }),
            Box::new(|app| {
                app.on_report(super::super::app::ReportView {
                    this_month: Default::default(),
                    last_month: Default::default(),
                    days: vec![Default::default(); 30],
                    session: None,
                });
            }),
        ];
        let mut out = Vec::new();
        for setup in setups {
            let mut app = demo_app(lang);
            setup(&mut app);
            out.push(screen(&app, 120, 40));
            out.push(screen(&app, 80, 24));
        }
        out
    }

    #[test]
    fn every_counter_screen_follows_the_chosen_language() {
        // words of the counter's own text (never in the demo shop's data)
        let vietnamese = [
            "Tiền",
            "tiền",
            "Giỏ",
            "giỏ",
            "Tổng",
            "Thanh toán",
            "khách",
            "Nhận",
            "nhận",
            "Thôi",
            "thôi",
            "Quản lý",
            "quản lý",
            "Mở ca",
            "đầu ca",
            "két",
            "Hủy",
            "hủy",
            "Trả",
            "trả",
            "chủ cửa hàng",
            "Mã ",
            "phút",
            "Số ",
            "Đơn",
        ];
        for (i, s) in all_screens(Lang::En).iter().enumerate() {
            for w in vietnamese {
                assert!(!s.contains(w), "English screen {i} shows {w:?}:\n{s}");
            }
        }
        let english = [
            "Cart",
            "Total",
            "TOTAL",
            "Change",
            "Cash",
            "Card",
            "Sale",
            "Subtotal",
            "Refund",
            "Ref:",
            "Cancel",
            "Quantity",
            "F5 Pay",
            "Amount",
            "Reason",
            "session",
            "owner",
            "Wallet",
            "Transfer",
            "Reference",
            "minutes",
        ];
        for (i, s) in all_screens(Lang::Vi).iter().enumerate() {
            for w in english {
                assert!(!s.contains(w), "Vietnamese screen {i} shows {w:?}:\n{s}");
            }
        }
    }

    #[test]
    fn own_qr_dialog() {
        snap_all("own_qr", |app| {
            let momo = "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8";
            app.handle_key_at(
                crossterm::event::KeyEvent::new(KeyCode::Char('o'), crossterm::event::KeyModifiers::CONTROL),
                std::time::Instant::now(),
            );
            app.paste(momo);
            key(app, KeyCode::Enter);
        });
    }
}
