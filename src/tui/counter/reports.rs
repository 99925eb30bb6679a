//! F12: this month's cashless share, the last 30 days, and the live X
//! report of the open session (X), cash in/out (N/I, R/O), close (Z).

use super::*;

/// What the reports screen shows (filled by the event loop).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    pub this_month: crate::report::cashless::Bucket,
    pub last_month: crate::report::cashless::Bucket,
    /// The last 30 days, oldest first.
    pub days: Vec<crate::report::cashless::Bucket>,
    /// The open cash session's live X report (or the Z just closed).
    pub session: Option<crate::report::zreport::SessionReport>,
    /// A household's year-to-date revenue against the tax thresholds
    /// (`None` for other shops).
    pub tax: Option<crate::tax::Thresholds>,
}

/// Gross profit for a manager on F12 (revenue net of VAT for VAT-method
/// shops, less the cost recorded on each sale line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfitGlance {
    pub today: Vnd,
    pub month: Vnd,
}

/// The reports screen's own state (filled by the event loop).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reports {
    pub report: Option<ReportView>,
    /// Today's and this month's gross profit, for a manager.
    pub profit: Option<ProfitGlance>,
    /// The X/Z session report instead of the charts.
    pub show_session: bool,
    /// Today's summary per cashier, shown under the session report.
    pub cashiers: Vec<crate::report::cashiers::Cashier>,
    /// The day `cashiers` is of (`2026-11-23`).
    pub cashiers_day: String,
    /// Lines scrolled down from the session report's top, for a report
    /// taller than the terminal.
    pub scroll: usize,
}

impl Reports {
    /// ↓ PgDn scroll down the session report, ↑ PgUp back to its top.
    pub fn scroll_by(&mut self, action: Action) {
        self.scroll = match action {
            Action::Down => self.scroll.saturating_add(1).min(200),
            Action::PageDown => self.scroll.saturating_add(10).min(200),
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageUp => self.scroll.saturating_sub(10),
            _ => self.scroll,
        };
    }

    /// X: the session report ↔ the charts.
    fn toggle_session(&mut self) {
        self.show_session = !self.show_session;
        self.scroll = 0;
    }

    /// Whether the report shows an open session (one Z can close).
    fn session_is_open(&self) -> bool {
        self.report
            .as_ref()
            .is_some_and(|r| r.session.as_ref().is_some_and(|s| s.z_number.is_none()))
    }
}

/// What a key on the reports screen asks of the rest of the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportsKey {
    /// Handled on the screen (X, scrolling) or nothing to do.
    Stay,
    /// Esc: back to selling.
    Back,
    /// Cash into (`out` false) or out of the drawer.
    CashMove { out: bool },
    /// D: the debt book.
    DebtBook,
    /// Z: close the session.
    Close,
}

impl Reports {
    /// The screen's keys, looked up in the key map.
    pub fn handle(&mut self, key: KeyEvent) -> ReportsKey {
        match keymap::action(Scope::Reports, &key) {
            Some(Action::Back) => return ReportsKey::Back,
            Some(Action::SessionReport) => self.toggle_session(),
            Some(a @ (Action::Up | Action::Down | Action::PageUp | Action::PageDown)) => self.scroll_by(a),
            Some(Action::CashIn) => return ReportsKey::CashMove { out: false },
            Some(Action::CashOut) => return ReportsKey::CashMove { out: true },
            Some(Action::DebtBook) => return ReportsKey::DebtBook,
            Some(Action::CloseSession) => return ReportsKey::Close,
            _ => {}
        }
        ReportsKey::Stay
    }
}

impl App {
    /// The reports screen: its keys are its own ([`Reports::handle`]);
    /// leaving it, and the dialogs for cash in/out and closing (which need
    /// to know whether a session is open), are the counter's.
    pub(crate) fn reports_key(&mut self, key: KeyEvent) -> Effect {
        match self.reports.handle(key) {
            ReportsKey::Stay => {}
            ReportsKey::Back => self.screen = Screen::Sell,
            ReportsKey::CashMove { out } => {
                if self.till.session_open {
                    self.modal = Some(Modal::CashMove {
                        out,
                        amount: String::new(),
                        reason: String::new(),
                        on_reason: false,
                    });
                } else {
                    self.say(
                        Severity::Warn,
                        msg!(
                            "chưa mở ca: tiền đầu ca được hỏi ở lần thanh toán tới (F5)",
                            "no open session: the float is asked at the next payment (F5)"
                        ),
                    );
                }
            }
            ReportsKey::DebtBook => return Effect::LoadCustomers { picking: false },
            ReportsKey::Close => {
                if self.reports.session_is_open() {
                    self.reports.show_session = true;
                    self.modal = Some(Modal::CloseSession { text: String::new() });
                } else {
                    self.say(
                        Severity::Warn,
                        msg!("chưa mở ca: không có gì để chốt", "no open session: nothing to close"),
                    );
                }
            }
        }
        Effect::None
    }
    pub fn on_report(&mut self, r: ReportView) {
        self.reports.report = Some(r);
        self.reports.scroll = 0;
        self.screen = Screen::Reports;
    }
}

pub(crate) fn draw(f: &mut Frame<'_>, app: &App, area: Rect) {
    use ratatui::widgets::{Bar, BarChart, BarGroup, Sparkline};
    let Some(r) = &app.reports.report else { return };
    if app.reports.show_session {
        let mut lines: Vec<Line> = match &r.session {
            Some(s) => crate::report::zreport::render(s, app.lang, crate::receipt::WIDTH_80MM)
                .into_iter()
                .map(Line::from)
                .collect(),
            None => vec![Line::from(app.t(
                "Chưa mở ca: ca tự mở khi bán đơn đầu tiên, hoặc quay session open --float 500k.",
                "No open session: one opens with the first sale, or quay session open --float 500k.",
            ))],
        };
        if !app.reports.cashiers.is_empty() {
            lines.push(Line::from(""));
            lines.extend(
                crate::report::cashiers::render(&app.reports.cashiers, &app.reports.cashiers_day, app.lang)
                    .into_iter()
                    .map(Line::from),
            );
        }
        let over = lines.len().saturating_sub(area.height.saturating_sub(2) as usize);
        // the top first; ↑↓ scroll what does not fit
        let skip = app.reports.scroll.min(over);
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
    let tax = r
        .tax
        .as_ref()
        .map(|th| crate::report::tax_render::thresholds_compact(th, app.lang))
        .unwrap_or_default();
    let head_rows = 4 + tax.len() as u16 + u16::from(app.reports.profit.is_some());
    let [head, charts, spark] =
        Layout::vertical([Constraint::Length(head_rows), Constraint::Min(6), Constraint::Length(5)]).areas(area);
    let (now, before) = (r.this_month.cashless_share_value, r.last_month.cashless_share_value);
    let trend = if now >= before {
        app.t("tăng", "up")
    } else {
        app.t("giảm", "down")
    };
    let mut lines = vec![
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
    for (crossed, text) in tax {
        lines.push(if crossed {
            Line::styled(text, Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD))
        } else {
            Line::from(text)
        });
    }
    if let Some(p) = app.reports.profit {
        lines.push(Line::styled(
            format!(
                "{} {} · {} {}",
                app.t("Lãi gộp hôm nay", "Gross profit today"),
                p.today,
                app.t("tháng này", "this month"),
                p.month
            ),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
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
