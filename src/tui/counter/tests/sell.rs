//! The sell screen, parking and quitting.

use super::*;

#[test]
fn scanning_adds_one_and_scanning_again_adds_another() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000001025");
    scanned(&mut app, "8936000001025");
    assert_eq!(app.till.cart.lines.len(), 1);
    assert_eq!(app.till.cart.lines[0].qty_milli, 2000);
    assert!(app.sell.input.is_empty());
}

#[test]
fn a_quantity_prefix_sets_the_quantity() {
    let mut app = demo_app(Lang::Vi);
    typed(&mut app, "0,35*GAO-ST25");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "3*8936000001094");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.till.cart.lines[0].qty_milli, 350);
    assert_eq!(app.till.cart.lines[1].qty_milli, 3000);
    assert_eq!(app.totals().unwrap().total, Vnd(11_200 + 13_500));
}

#[test]
fn fractions_only_for_goods_sold_by_weight_or_measure() {
    let mut app = demo_app(Lang::En);
    // honey by the bottle: half a bottle is refused
    typed(&mut app, "0,5*MAT-ONG");
    key(&mut app, KeyCode::Enter);
    assert!(app.till.cart.is_empty());
    let (sev, text) = app.status.clone().unwrap();
    assert_eq!(sev, Severity::Error);
    assert!(text.contains("must be whole"), "{text}");
    key(&mut app, KeyCode::Esc);
    // rice by the kg: fine
    typed(&mut app, "0,35*GAO-ST25");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.till.cart.lines[0].qty_milli, 350);
    // nor through the quantity dialog
    typed(&mut app, "MAT-ONG");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "0,5");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.till.cart.lines[1].qty_milli, 1000);
    assert!(
        matches!(app.modal, Some(Modal::Qty { .. })),
        "the dialog stays to correct"
    );
}

#[test]
fn typing_searches_without_accents_and_enter_adds_the_pick() {
    let mut app = demo_app(Lang::Vi);
    typed(&mut app, "mut buoi");
    assert_eq!(
        app.index.as_ref().unwrap().products()[app.sell.results[0]].sku,
        "MUT-BUOI"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.till.cart.lines[0].sku, "MUT-BUOI");
    typed(&mut app, "2*ca phe");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.till.cart.lines[1].sku, "CAFE-SUA");
    assert_eq!(app.till.cart.lines[1].qty_milli, 2000);
}

#[test]
fn an_unknown_barcode_leaves_the_cart_untouched() {
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000001025");
    let before = app.till.cart.clone();
    scanned(&mut app, "8930000000000");
    assert_eq!(app.till.cart, before);
    let (sev, text) = app.status.clone().unwrap();
    assert_eq!(sev, Severity::Error);
    assert!(text.contains("unknown barcode 8930000000000"), "{text}");
}

#[test]
fn bad_quantities_are_refused() {
    let mut app = demo_app(Lang::En);
    for q in ["0*MI-GOI", "-1*MI-GOI", "99999*MI-GOI", "x*MI-GOI"] {
        typed(&mut app, q);
        key(&mut app, KeyCode::Enter);
        assert!(app.till.cart.is_empty(), "{q}");
        assert_eq!(app.status.as_ref().unwrap().0, Severity::Error, "{q}");
        key(&mut app, KeyCode::Esc);
    }
}

#[test]
fn edit_quantity_remove_and_undo() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000001025");
    scanned(&mut app, "8936000000950");
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::F(2));
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "4");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.till.cart.lines[0].qty_milli, 4000);
    key(&mut app, KeyCode::Delete);
    assert_eq!(app.till.cart.lines.len(), 1);
    app.handle_key_at(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL), Instant::now());
    assert_eq!(app.till.cart.lines.len(), 2);
    app.handle_key_at(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL), Instant::now());
    assert_eq!(app.till.cart.lines[0].qty_milli, 1000);
}

#[test]
fn a_big_discount_by_a_cashier_asks_for_a_manager() {
    let mut app = app_with(Lang::Vi, cashier());
    scanned(&mut app, "8936000000189");
    key(&mut app, KeyCode::F(4));
    typed(&mut app, "20%");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.modal,
        Some(Modal::Pin {
            purpose: PinPurpose::Discount,
            ..
        })
    ));
    key(&mut app, KeyCode::Esc);
    // paying without the approval asks again
    key(&mut app, KeyCode::F(5));
    assert!(matches!(
        app.modal,
        Some(Modal::Pin {
            purpose: PinPurpose::Discount,
            ..
        })
    ));
    typed(&mut app, "Hoa");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "2468");
    let e = key(&mut app, KeyCode::Enter);
    assert_eq!(
        e,
        Effect::CheckPin {
            name: "Hoa".into(),
            pin: "2468".into(),
            purpose: PinPurpose::Discount
        }
    );
    app.on_pin(
        PinPurpose::Discount,
        Ok(Actor {
            name: "Hoa".into(),
            role: Role::Manager,
        }),
    );
    assert!(matches!(key(&mut app, KeyCode::F(5)), Effect::Reserve { .. }));
    assert_eq!(app.pay.as_ref().unwrap().approved_by.as_ref().unwrap().name, "Hoa");
}

#[test]
fn a_discount_above_the_total_is_refused() {
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000000950");
    key(&mut app, KeyCode::F(4));
    typed(&mut app, "9000");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.till.cart.discount, None);
    assert!(app.status.as_ref().unwrap().1.contains("more than the cart is worth"));
}

#[test]
fn parked_names_are_unique_and_ages_short() {
    let taken = vec!["Đơn 1".to_string(), "Đơn 2".to_string()];
    assert_eq!(unique_label("Đơn 2", &taken), "Đơn 3");
    assert_eq!(unique_label("Đơn 4", &taken), "Đơn 4");
    assert_eq!(age_text(0, Lang::Vi), "vừa xong");
    assert_eq!(age_text(12, Lang::Vi), "12 phút");
    assert_eq!(age_text(150, Lang::En), "2 h");
    assert_eq!(age_text(3 * 24 * 60, Lang::Vi), "3 ngày");
}

#[test]
fn quitting_parks_a_non_empty_cart_first() {
    let mut app = demo_app(Lang::Vi);
    assert_eq!(key(&mut app, KeyCode::F(10)), Effect::Quit, "nothing to lose");
    scanned(&mut app, "8936000000950");
    key(&mut app, KeyCode::F(5));
    let e = app.handle_key_at(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL), Instant::now());
    match e {
        Effect::Park { label, cart } => {
            assert_eq!(label, "Đơn 1");
            assert_eq!(cart.lines.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    // quits only once the cart is safely parked
    assert_eq!(app.on_parked(1), Effect::Quit);
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000000950");
    assert!(matches!(key(&mut app, KeyCode::F(10)), Effect::Park { .. }));
    app.on_error(msg!("đĩa đầy", "disk full"));
    assert!(!app.quit_after_park, "a failed park does not quit");
}

#[test]
fn a_scan_into_the_quantity_dialog_still_adds_the_item() {
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000000950");
    key(&mut app, KeyCode::F(2));
    scanned(&mut app, "8936000001025");
    assert_eq!(app.till.cart.lines.len(), 2);
    match &app.modal {
        Some(Modal::Qty { text, .. }) => assert_eq!(text, "1", "the dialog keeps what it had"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn parking_starts_a_new_cart() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000000950");
    let e = key(&mut app, KeyCode::F(6));
    match e {
        Effect::Park { label, cart } => {
            assert_eq!(label, "Đơn 1");
            assert_eq!(cart.lines.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(app.till.cart.is_empty());
    assert_eq!(app.cart_label(), "Đơn 2");
}

#[test]
fn quit_and_language_keys() {
    let mut app = demo_app(Lang::Vi);
    key(&mut app, KeyCode::F(11));
    assert_eq!(app.lang, Lang::En);
    assert_eq!(key(&mut app, KeyCode::F(10)), Effect::Quit);
}

#[test]
fn ctrl_l_switches_the_language_where_f11_is_the_terminals_full_screen_key() {
    use crossterm::event::KeyModifiers;
    let mut app = demo_app(Lang::Vi);
    let ctrl_l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
    app.handle_key_at(ctrl_l, Instant::now());
    assert_eq!(app.lang, Lang::En);
    assert_eq!(app.sell.input, "", "not typed into the search line");
    // inside a dialog too
    key(&mut app, KeyCode::F(1));
    app.handle_key_at(ctrl_l, Instant::now() + Duration::from_secs(1));
    assert_eq!(app.lang, Lang::Vi);
    assert!(app.modal.is_some(), "the dialog stays open");
}

/// The screens' own state works without the counter: the sell line and its
/// results, the receipt's scrolling, the reports' X and their requests.
#[test]
fn the_screens_keep_their_own_state() {
    use crate::tui::counter::done::DoneKey;
    use crate::tui::counter::reports::ReportsKey;
    let index = SearchIndex::new(products());
    let mut sell = Sell {
        input: "mu".into(),
        ..Default::default()
    };
    sell.refresh(Some(&index));
    assert!(sell.results.len() > 1, "{:?}", sell.results);
    sell.step(false, 0);
    assert_eq!(sell.result_sel, 1);
    sell.step(true, 0);
    sell.step(true, 0);
    assert_eq!(sell.result_sel, 0);

    let mut done = Done::default();
    assert_eq!(done.handle(KeyEvent::from(KeyCode::PageUp)), DoneKey::Stay);
    assert_eq!(done.scroll, 10);
    assert_eq!(done.handle(KeyEvent::from(KeyCode::Char('8'))), DoneKey::Type('8'));
    assert_eq!(done.handle(KeyEvent::from(KeyCode::Esc)), DoneKey::NewSale);

    let mut reports = Reports::default();
    assert_eq!(reports.handle(KeyEvent::from(KeyCode::Char('x'))), ReportsKey::Stay);
    assert!(reports.show_session);
    assert_eq!(
        reports.handle(KeyEvent::from(KeyCode::Char('O'))),
        ReportsKey::CashMove { out: true }
    );
    assert_eq!(reports.handle(KeyEvent::from(KeyCode::F(12))), ReportsKey::Back);
}
