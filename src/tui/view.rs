//! Drawing the counter. Works from 80×24 up and uses more room when it has
//! it; smaller terminals get a clear message instead of a garbled screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::counter::{self, App, Screen, Severity};
pub use super::widgets::fit_words;

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
        Screen::Login | Screen::Sell => counter::sell::draw(f, app, main),
        Screen::Pay => counter::pay::draw(f, app, main),
        Screen::Done => counter::done::draw(f, app, main),
        Screen::Reports => counter::reports::draw(f, app, main),
        Screen::Customers => counter::customers::draw(f, app, main),
        Screen::Receiving => counter::receiving::draw(f, app, main),
    }
    draw_status(f, app, status);
    draw_footer(f, app, footer);
    if let Some(m) = &app.modal {
        counter::dialogs::draw(f, app, m, main);
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
    let keys = super::keymap::footer(super::keymap::scope_of(app), app.lang, wide);
    f.render_widget(
        Paragraph::new(keys).style(Style::new().bg(Color::Blue).fg(Color::White)),
        area,
    );
}

pub(crate) fn header(app: &App) -> Line<'static> {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::super::counter::tests::{demo_app, key, scanned, typed};
    use super::super::counter::{App, Modal, PinPurpose};
    use super::*;
    use crate::i18n::Lang;
    use crate::money::Vnd;
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

    fn receiving(app: &mut App) {
        app.on_receiving_open(vec!["Đại lý Hòa Phát".into(), "Công ty Vinamilk".into()]);
        typed(app, "2*8936000001025@240000");
        key(app, KeyCode::Enter);
        scanned(app, "8936000000189");
        typed(app, "@150000");
        key(app, KeyCode::Enter);
        typed(app, "3*MI-GOI");
    }

    #[test]
    fn reports_with_gross_profit_for_a_manager() {
        snap_all("reports_profit", |app| {
            app.reports.profit = Some(super::super::app::ProfitGlance {
                today: Vnd(42_000),
                month: Vnd(1_250_000),
            });
            app.on_report(super::super::app::ReportView {
                this_month: Default::default(),
                last_month: Default::default(),
                days: vec![Default::default(); 30],
                session: None,
                tax: None,
            });
        });
    }

    #[test]
    fn receiving_screen() {
        snap_all("receiving", receiving);
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
            ts: chrono::DateTime::parse_from_rfc3339("2026-11-23T18:30:00+07:00").expect("time"),
            business_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
            user: "chủ cửa hàng".into(),
            approved_by: None,
            tax_method: crate::shop::TaxMethod::Direct,
            subtotal: t.subtotal,
            discount: t.discount,
            total: t.total,
            change: Vnd(500_000) - t.total,
            lines: app
                .till
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
                method: crate::checkout::tender::Method::Cash,
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

    /// Ctrl+P: the price override dialog, price typed, on the reason.
    fn price_override(app: &mut App) {
        with_cart(app);
        app.modal = Some(Modal::PriceOverride {
            line: 0,
            price: "12000".into(),
            reason: "gần hết hạn".into(),
            on_reason: true,
        });
    }

    #[test]
    fn price_override_dialog() {
        snap_all("price_override_dialog", price_override);
    }

    #[test]
    fn void_and_refund_show_the_sale_before_anything_happens() {
        snap_all("review_refund", |app| {
            with_cart(app);
            let mut s = sale(app);
            s.payments[0].method = crate::checkout::tender::Method::Transfer;
            app.till.cart = Default::default();
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
        s.payments[0].method = crate::checkout::tender::Method::Transfer;
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

    /// Two customers, Chị Lan owing 40.000 ₫ after a payment.
    fn customers_rows(lang: Lang) -> Vec<crate::debt::Overview> {
        use crate::customers::Customer;
        use crate::money::Vnd;
        let customer = |id: i64, name: &str, phone: &str, limit: Option<Vnd>| Customer {
            id,
            code: crate::customers::code(id),
            name: name.into(),
            phone: phone.into(),
            address: None,
            tax_code: None,
            id_number: None,
            debt_limit: limit,
            created_at: chrono::DateTime::parse_from_rfc3339("2026-07-01T09:00:00+07:00").expect("time"),
        };
        let lan = customer(1, "Chị Lan", "0912345678", Some(Vnd(500_000)));
        let st = crate::debt::Statement {
            customer: lan.clone(),
            balance: Vnd(40_000),
            open_sales: Vec::new(),
            payments: Vec::new(),
            history: vec![
                crate::debt::Entry {
                    date: chrono::NaiveDate::from_ymd_opt(2026, 7, 15).expect("date"),
                    kind: crate::customers::EntryKind::Sale,
                    document: "HD000012".into(),
                    amount: Vnd(100_000),
                    method: None,
                    balance: Vnd(100_000),
                },
                crate::debt::Entry {
                    date: chrono::NaiveDate::from_ymd_opt(2026, 7, 20).expect("date"),
                    kind: crate::customers::EntryKind::Payment,
                    document: "TN000001".into(),
                    amount: Vnd(-60_000),
                    method: Some(crate::checkout::tender::Method::Transfer),
                    balance: Vnd(40_000),
                },
            ],
        };
        vec![
            crate::debt::Overview {
                statement: crate::debt::statement_lines(&st, lang),
                customer: lan,
                balance: Vnd(40_000),
            },
            crate::debt::Overview {
                customer: customer(2, "Anh Tuấn", "0385551234", None),
                balance: Vnd::ZERO,
                statement: vec![],
            },
        ]
    }

    #[test]
    fn customer_picker() {
        snap_all("customer_picker", |app| {
            with_cart(app);
            let rows = customers_rows(app.lang);
            app.on_customers(rows, true);
            typed(app, "la");
        });
        // Enter takes the customer for the sale; N on the pay screen then puts it on account
        let mut app = demo_app(Lang::En);
        with_cart(&mut app);
        app.on_customers(customers_rows(Lang::En), true);
        typed(&mut app, "lan");
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.screen, Screen::Sell);
        assert_eq!(app.till.customer.as_ref().map(|c| c.code.as_str()), Some("KH00001"));
        key(&mut app, KeyCode::F(5));
        app.on_reserved(42);
        key(&mut app, KeyCode::Char('n'));
        match key(&mut app, KeyCode::Enter) {
            super::super::counter::Effect::Commit { tenders, .. } => {
                assert_eq!(tenders.len(), 1);
                assert_eq!(tenders[0].method, crate::checkout::tender::Method::Debt);
                assert_eq!(tenders[0].reference.as_deref(), Some("KH00001"));
            }
            other => panic!("expected a commit, got {other:?}"),
        }
        // without a customer, N is refused with a hint
        let mut app = demo_app(Lang::En);
        with_cart(&mut app);
        key(&mut app, KeyCode::F(5));
        app.on_reserved(42);
        key(&mut app, KeyCode::Char('n'));
        let said = app.status.as_ref().map(|s| s.1.clone()).unwrap_or_default();
        assert!(said.contains("needs a customer"), "{said}");
    }

    #[test]
    fn the_pay_screen_shows_the_cash_rounding_line_and_takes_the_rounded_cash() {
        for step in [500, 1000] {
            let mut app = demo_app(Lang::En);
            app.cash_rounding = step;
            with_cart(&mut app);
            let total = app.totals().unwrap().total;
            let rounded = crate::checkout::rounding::round(total, step);
            key(&mut app, KeyCode::F(5));
            app.on_reserved(42);
            let s = screen(&app, 120, 40);
            if rounded != total {
                assert!(s.contains("Cash rounding") && s.contains("Cash to take"), "{s}");
            }
            match key(&mut app, KeyCode::Enter) {
                super::super::counter::Effect::Commit { tenders, .. } => assert_eq!(tenders[0].amount, rounded),
                other => panic!("expected a commit, got {other:?}"),
            }
        }
    }

    #[test]
    fn debt_screen() {
        snap_all("debt_screen", |app| {
            let rows = customers_rows(app.lang);
            app.on_customers(rows, false);
        });
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
                tax: None,
            });
        });
        snap_all("tax_notice_dialog", |app| {
            app.on_tax_notice(crate::msg!(
                "Doanh thu năm 2026 đã vượt 1.000.000.000 ₫ từ 20/05/2026: bắt buộc hóa đơn điện tử từ máy tính tiền, đăng ký chậm nhất 30/07/2026.",
                "Revenue of 2026 passed 1.000.000.000 ₫ on 20/05/2026: cash-register e-invoices are compulsory; register by 30/07/2026."
            ));
        });
        snap_all("reports_tax", |app| {
            let th = crate::tax::Thresholds {
                year: 2026,
                revenue: 1_504_095_000,
                exempt_threshold: 1_000_000_000,
                exempt_crossed_on: Some("2026-04-02".into()),
                einvoice_line: 1_000_000_000,
                einvoice_crossed_on: Some("2026-04-02".into()),
                register_by: Some("2026-07-30".into()),
                percentage_method_up_to: Some(3_000_000_000),
                basis: String::new(),
            };
            app.on_report(super::super::app::ReportView {
                this_month: month(0.64),
                last_month: month(0.51),
                days: vec![Default::default(); 30],
                session: None,
                tax: Some(th),
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
            Box::new(receiving),
            Box::new(price_override),
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
                s.payments[0].method = crate::checkout::tender::Method::Transfer;
                app.till.cart = Default::default();
                app.on_sale_loaded(false, s);
            }),
            Box::new(|app| {
                with_cart(app);
                let s = sale(app);
                app.till.cart = Default::default();
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
                    tax: None,
                });
            }),
            Box::new(|app| {
                let th = crate::tax::Thresholds {
                    year: 2026,
                    revenue: 12_170_000,
                    exempt_threshold: 1_000_000_000,
                    exempt_crossed_on: None,
                    einvoice_line: 1_000_000_000,
                    einvoice_crossed_on: None,
                    register_by: None,
                    percentage_method_up_to: Some(3_000_000_000),
                    basis: String::new(),
                };
                app.on_report(super::super::app::ReportView {
                    this_month: Default::default(),
                    last_month: Default::default(),
                    days: vec![Default::default(); 30],
                    session: None,
                    tax: Some(th),
                });
            }),
            Box::new(|app| {
                app.on_tax_notice(crate::msg!(
                    "Doanh thu năm 2026 đã vượt 1.000.000.000 ₫ từ 20/05/2026.",
                    "Revenue of 2026 passed 1.000.000.000 ₫ on 20/05/2026."
                ))
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
