//! The pay screen.

use super::*;

#[test]
fn pay_cash_with_a_quick_note_and_get_change() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000001025");
    scanned(&mut app, "8936000000950");
    assert!(matches!(key(&mut app, KeyCode::F(5)), Effect::Reserve { .. }));
    app.on_reserved(7);
    assert_eq!(app.notes()[0], Vnd(20_000));
    key(&mut app, KeyCode::F(3)); // third note: 100.000
    let e = key(&mut app, KeyCode::Enter);
    match e {
        Effect::Commit { tenders, cart, .. } => {
            assert_eq!(tenders[0].amount, Vnd(100_000));
            assert_eq!(tenders[0].method, Method::Cash);
            assert_eq!(cart.lines.len(), 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn split_tender_card_then_cash() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000000189"); // 180.000
    key(&mut app, KeyCode::F(5));
    key(&mut app, KeyCode::Char('k'));
    typed(&mut app, "100000");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "4821");
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    assert_eq!(app.pay.as_ref().unwrap().remaining(), Vnd(80_000));
    typed(&mut app, "100k");
    match key(&mut app, KeyCode::Enter) {
        Effect::Commit { tenders, .. } => {
            assert_eq!(tenders[0].reference.as_deref(), Some("4821"));
            assert_eq!(tenders[1].amount, Vnd(100_000));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn transfer_shows_a_code_then_the_cashier_confirms() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000000325");
    key(&mut app, KeyCode::F(5));
    app.on_reserved(12);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    let qr = app.pay.as_ref().unwrap().qr.clone().unwrap();
    let d = crate::vietqr::decode(&qr).unwrap();
    assert_eq!(d.amount, Some(60_000));
    assert_eq!(d.purpose.as_deref(), Some("DH000012"));
    // a separate Enter, a while later, confirms
    assert!(matches!(later(&mut app, KeyCode::Enter, 5), Effect::Commit { .. }));
}

#[test]
fn vietqr_received_is_not_taken_from_the_burst_that_showed_the_code() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000000325");
    key(&mut app, KeyCode::F(5));
    app.on_reserved(12);
    // C, Enter, Enter pressed together (a double press or key repeat)
    let t = Instant::now() + Duration::from_secs(100);
    app.handle_key_at(KeyEvent::from(KeyCode::Char('c')), t);
    app.handle_key_at(KeyEvent::from(KeyCode::Enter), t + Duration::from_millis(30));
    let e = app.handle_key_at(KeyEvent::from(KeyCode::Enter), t + Duration::from_millis(60));
    assert_eq!(e, Effect::None, "not received yet");
    assert!(app.pay.as_ref().unwrap().tenders.is_empty());
    assert!(app.pay.as_ref().unwrap().qr.is_some(), "the code stays up");
    // holding Enter down for seconds (key repeat) does not confirm either
    let mut at = t + Duration::from_millis(60);
    for _ in 0..100 {
        at += Duration::from_millis(33);
        assert_eq!(app.handle_key_at(KeyEvent::from(KeyCode::Enter), at), Effect::None);
    }
    // a deliberate press after a pause does
    let e = app.handle_key_at(KeyEvent::from(KeyCode::Enter), at + Duration::from_secs(2));
    assert!(matches!(e, Effect::Commit { .. }), "{e:?}");
}

#[test]
fn the_qr_sale_number_stays_the_same_however_often_f5_is_pressed() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000000325");
    let Effect::Reserve { uuid: first } = key(&mut app, KeyCode::F(5)) else {
        panic!()
    };
    key(&mut app, KeyCode::Esc);
    scanned(&mut app, "8936000000950");
    let Effect::Reserve { uuid: again } = key(&mut app, KeyCode::F(5)) else {
        panic!()
    };
    assert_eq!(first, again, "the same cart keeps its reservation");
    app.on_reserved(12);
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Enter);
    match later(&mut app, KeyCode::Enter, 5) {
        Effect::Commit { uuid, .. } => assert_eq!(uuid, first, "committed under the number in the QR"),
        other => panic!("{other:?}"),
    }
    // the next cart gets a new one
    app.on_committed(crate::sales::SaleRecord {
        number: 12,
        ..app_sale()
    });
    scanned(&mut app, "8936000000325");
    let Effect::Reserve { uuid: next } = key(&mut app, KeyCode::F(5)) else {
        panic!()
    };
    assert_ne!(next, first);
}

#[test]
fn a_slow_scan_into_the_cash_field_goes_to_the_cart_not_the_money() {
    let mut app = demo_app(Lang::Vi);
    scanned(&mut app, "8936000000950");
    key(&mut app, KeyCode::F(5));
    // a scanner slower than the timing threshold: 200 ms between digits
    typed(&mut app, "8936000001025");
    let e = key(&mut app, KeyCode::Enter);
    assert_eq!(e, Effect::None, "no sale is committed");
    assert_eq!(app.till.cart.lines.len(), 2, "the item went to the cart");
    assert_eq!(app.till.cart.lines[1].sku, "CAFE-SUA");
    assert!(app.pay.is_none(), "payment starts over with the new total");
    // an unknown but valid GTIN is not taken as money either; with dots
    // the same digits are an amount
    key(&mut app, KeyCode::F(5));
    typed(&mut app, "55000000");
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    assert!(app.pay.as_ref().unwrap().tenders.is_empty());
    assert_eq!(app.till.cart.lines.len(), 2);
    let (sev, text) = app.status.clone().unwrap();
    assert_eq!(sev, Severity::Error);
    assert!(text.contains("gõ có dấu chấm: 55.000.000"), "{text}");
    typed(&mut app, "55.000.000");
    key(&mut app, KeyCode::Enter);
    match key(&mut app, KeyCode::Enter) {
        Effect::Commit { tenders, .. } => assert_eq!(tenders[0].amount, Vnd(55_000_000)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn huge_tenders_are_refused_and_large_ones_need_a_second_enter() {
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000000325"); // 60.000
    key(&mut app, KeyCode::F(5));
    typed(&mut app, "101.000.000.000");
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    let (sev, text) = app.status.clone().unwrap();
    assert_eq!(sev, Severity::Error);
    assert!(text.contains("over the 100.000.000.000"), "{text}");
    assert!(app.pay.as_ref().unwrap().tenders.is_empty());
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    // above 5.000.000 (and 10× the 60.000 due): asks first
    typed(&mut app, "6000000");
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    assert_eq!(app.status.as_ref().unwrap().0, Severity::Warn);
    assert!(app.status.as_ref().unwrap().1.contains("Enter again"));
    match key(&mut app, KeyCode::Enter) {
        Effect::Commit { tenders, .. } => assert_eq!(tenders[0].amount, Vnd(6_000_000)),
        other => panic!("{other:?}"),
    }
    // 5.000.000 itself is taken at once
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000000325");
    key(&mut app, KeyCode::F(5));
    typed(&mut app, "5000k");
    assert!(matches!(key(&mut app, KeyCode::Enter), Effect::Commit { .. }));
}

#[test]
fn the_wallet_is_its_own_step_and_digits_after_it_are_the_amount() {
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000000189"); // 180.000
    key(&mut app, KeyCode::F(5));
    // V then 160000 at once: the digits do not become MoMo 60.000
    typed(&mut app, "v160000");
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    let pay = app.pay.as_ref().unwrap();
    assert!(pay.tenders.is_empty(), "{:?}", pay.tenders);
    assert_eq!(pay.method, Method::Wallet(Wallet::Momo));
    assert!(pay.wallet_pick.is_none(), "Enter took the wallet");
    typed(&mut app, "160000");
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    let t = &app.pay.as_ref().unwrap().tenders[0];
    assert_eq!((t.method, t.amount), (Method::Wallet(Wallet::Momo), Vnd(160_000)));
    // ZaloPay: V, 2, Enter, then the amount (which may start with 1)
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000000189");
    key(&mut app, KeyCode::F(5));
    typed(&mut app, "v2");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "120000");
    key(&mut app, KeyCode::Enter);
    let t = &app.pay.as_ref().unwrap().tenders[0];
    assert_eq!((t.method, t.amount), (Method::Wallet(Wallet::Zalopay), Vnd(120_000)));
}

#[test]
fn a_scan_while_typing_the_tendered_amount_adds_the_item_instead() {
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000000950");
    key(&mut app, KeyCode::F(5));
    typed(&mut app, "50");
    scanned(&mut app, "8936000001025");
    assert_eq!(app.till.cart.lines.len(), 2, "the scan added the item");
    assert_eq!(app.screen, Screen::Sell, "payment starts over with the new total");
    assert!(app.pay.is_none());
}
