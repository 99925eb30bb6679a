//! Drawing the shell. Works from 80×24 up; smaller terminals get a clear
//! message instead of a garbled screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Wrap};

use super::app::App;

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
    let [header, search, body, status, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(3),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(f, app, header);
    draw_search(f, app, search);
    draw_results(f, app, body);
    let status_text = app.status.clone().unwrap_or_default();
    f.render_widget(
        Paragraph::new(status_text).style(Style::new().fg(Color::Yellow)),
        status,
    );
    let keys = app.t(
        "Enter chọn  ↑↓ di chuyển  Esc xóa  F2 English  F10 thoát",
        "Enter pick  ↑↓ move  Esc clear  F2 Tiếng Việt  F10 quit",
    );
    f.render_widget(
        Paragraph::new(keys).style(Style::new().bg(Color::Blue).fg(Color::White)),
        footer,
    );
}

fn draw_header(f: &mut Frame<'_>, app: &App, area: Rect) {
    let p = &app.profile;
    let mut first = vec![Span::styled(
        format!("quay · {}", p.name),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if p.is_demo {
        first.push(Span::raw("  "));
        first.push(Span::styled(
            app.t(
                " CỬA HÀNG MẪU — chạy `quay init` để dùng cửa hàng của bạn ",
                " DEMO SHOP — run `quay init` for your own shop ",
            ),
            Style::new().bg(Color::Magenta).fg(Color::White),
        ));
    }
    let second = Line::from(format!("{} · {}", p.address, p.ward));
    f.render_widget(Paragraph::new(vec![Line::from(first), second]), area);
}

fn draw_search(f: &mut Frame<'_>, app: &App, area: Rect) {
    let title = app.t(
        " Quét mã vạch hoặc gõ tên hàng ",
        " Scan a barcode or type a name ",
    );
    let block = Block::default().borders(Borders::ALL).title(title);
    let line = Line::from(vec![
        Span::raw("> "),
        Span::raw(app.input.as_str()),
        Span::styled("█", Style::new().fg(Color::Gray)),
    ]);
    f.render_widget(Paragraph::new(line).block(block), area);
}

fn draw_results(f: &mut Frame<'_>, app: &App, area: Rect) {
    let block = Block::default().borders(Borders::ALL);
    let Some(index) = &app.index else {
        f.render_widget(
            Paragraph::new(app.t("Đang tải danh mục…", "Loading the catalogue…")).block(block),
            area,
        );
        return;
    };
    if index.is_empty() {
        let text = app.t(
            "Danh mục trống. Nhập hàng: quay products import HANG.csv",
            "The catalogue is empty. Import: quay products import FILE.csv",
        );
        f.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    if app.input.trim().is_empty() {
        let n = index.len();
        let text = match app.lang {
            crate::Lang::Vi => format!(
                "{n} mặt hàng trong danh mục. Gõ vài chữ (không cần dấu): \"ca phe\" tìm \"Cà phê\"."
            ),
            crate::Lang::En => format!(
                "{n} products in the catalogue. Type a few letters (accents optional): \"ca phe\" finds \"Cà phê\"."
            ),
        };
        f.render_widget(
            Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    if app.results.is_empty() {
        f.render_widget(
            Paragraph::new(app.t("Không tìm thấy.", "Nothing found.")).block(block),
            area,
        );
        return;
    }
    let rows = app.results.iter().enumerate().map(|(i, &pos)| {
        let p = &index.products()[pos];
        let style = if i == app.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        Row::new(vec![
            p.sku.clone(),
            p.name.clone(),
            p.unit.clone(),
            format!("{:>14}", p.price.to_string()),
        ])
        .style(style)
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(14),
            Constraint::Min(20),
            Constraint::Length(6),
            Constraint::Length(14),
        ],
    )
    .block(block);
    f.render_widget(table, area);
}
