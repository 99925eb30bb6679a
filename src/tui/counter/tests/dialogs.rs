//! F8 void/refund review and the shop's own QR dialog.

use super::*;

#[test]
fn f8_shows_the_sale_and_needs_a_deliberate_confirmation() {
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8936000000325");
    let shown = sale_paid_by(&app, "cash");
    app.till.cart = Cart::default();
    // F8, Enter: nothing is voided yet, the last sale is read first
    key(&mut app, KeyCode::F(8));
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::LoadSale { number: None });
    app.on_sale_loaded(true, shown.clone());
    match &app.modal {
        Some(Modal::Review { void, sale, back, .. }) => {
            assert!(*void);
            assert_eq!(sale.number, 42);
            assert_eq!(*back, Vnd(60_000));
        }
        other => panic!("{other:?}"),
    }
    // Enter (muscle memory) does not void
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    assert!(matches!(app.modal, Some(Modal::Review { .. })));
    assert_eq!(
        key(&mut app, KeyCode::Char('y')),
        Effect::VoidLast {
            approver: Actor::owner()
        }
    );
    // a refund by number goes back by the original method, changeable
    key(&mut app, KeyCode::F(8));
    typed(&mut app, "42");
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::LoadSale { number: Some(42) });
    app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "transfer"));
    assert!(matches!(
        app.modal,
        Some(Modal::Review {
            method: Method::Transfer,
            ..
        })
    ));
    key(&mut app, KeyCode::Tab);
    assert_eq!(
        key(&mut app, KeyCode::Char('c')),
        Effect::Refund {
            number: 42,
            approver: Actor::owner(),
            method: Method::Cash,
            reference: None
        }
    );
    // a cashier still needs a manager, after seeing the sale
    let mut app = app_with(Lang::En, cashier());
    key(&mut app, KeyCode::F(8));
    typed(&mut app, "42");
    key(&mut app, KeyCode::Enter);
    app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "transfer"));
    key(&mut app, KeyCode::Char('c'));
    assert!(matches!(
        app.modal,
        Some(Modal::Pin {
            purpose: PinPurpose::Refund(42, Method::Transfer, None),
            ..
        })
    ));
}

#[test]
fn a_transfer_refund_takes_a_typed_reference() {
    let mut app = demo_app(Lang::En);
    key(&mut app, KeyCode::F(8));
    typed(&mut app, "42");
    key(&mut app, KeyCode::Enter);
    app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "transfer"));
    // R opens the field; letters (even c, y, m) are the code, not commands
    assert_eq!(key(&mut app, KeyCode::Char('r')), Effect::None);
    typed(&mut app, "FT2611cy9mX");
    key(&mut app, KeyCode::Backspace);
    assert!(matches!(&app.modal, Some(Modal::Review { reference, .. }) if reference == "FT2611cy9m"));
    // Enter leaves the field without confirming anything
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    assert!(matches!(
        app.modal,
        Some(Modal::Review {
            on_reference: false,
            ..
        })
    ));
    assert_eq!(
        key(&mut app, KeyCode::Char('c')),
        Effect::Refund {
            number: 42,
            approver: Actor::owner(),
            method: Method::Transfer,
            reference: Some("FT2611cy9m".into())
        }
    );
    // a cash refund has no reference field: R does nothing, none is sent
    key(&mut app, KeyCode::F(8));
    typed(&mut app, "42");
    key(&mut app, KeyCode::Enter);
    app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "cash"));
    key(&mut app, KeyCode::Char('r'));
    assert!(matches!(
        app.modal,
        Some(Modal::Review {
            on_reference: false,
            ..
        })
    ));
    // a reference typed for a transfer is dropped when changed to cash
    let mut app = demo_app(Lang::En);
    key(&mut app, KeyCode::F(8));
    typed(&mut app, "42");
    key(&mut app, KeyCode::Enter);
    app.on_sale_loaded(false, sale_paid_by(&app_with_cart(), "transfer"));
    key(&mut app, KeyCode::Down);
    typed(&mut app, "FT1");
    key(&mut app, KeyCode::Tab); // transfer -> cash
    assert!(matches!(
        app.modal,
        Some(Modal::Review {
            on_reference: false,
            ..
        })
    ));
    assert_eq!(
        key(&mut app, KeyCode::Char('y')),
        Effect::Refund {
            number: 42,
            approver: Actor::owner(),
            method: Method::Cash,
            reference: None
        }
    );
}

#[test]
fn the_shops_own_qr_is_read_shown_then_saved() {
    let momo = "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8";
    let mut app = demo_app(Lang::En);
    app.handle_key_at(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL), Instant::now());
    app.paste(momo);
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    match &app.modal {
        Some(Modal::OwnQr { summary: Some(s), .. }) => {
            assert!(s[1].contains("99MM24011M34875080"), "{s:?}");
            assert!(s.iter().any(|l| l.contains("Field 80: 046")));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Effect::SaveOwnQr { payload: momo.into() }
    );
    // a broken code says why and is not saved
    let mut app = demo_app(Lang::En);
    app.handle_key_at(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL), Instant::now());
    app.paste(&momo[..60]);
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    assert!(matches!(app.modal, Some(Modal::OwnQr { summary: None, .. })));
    assert_eq!(app.status.as_ref().unwrap().0, Severity::Error);
}
