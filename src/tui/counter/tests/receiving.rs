//! The receiving screen (Ctrl+R): scans go to the document, not the cart.

use super::*;

#[test]
fn ctrl_r_reads_the_suppliers_then_scans_fill_the_document_and_f5_saves_it() {
    let mut app = demo_app(Lang::En);
    let effect = app.handle_key_at(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL), Instant::now());
    assert_eq!(effect, Effect::OpenReceiving);
    app.on_receiving_open(vec!["NCC".into()]);
    assert_eq!(app.screen, Screen::Receiving);
    // A scan on this screen is one more of it on the document, not a sale.
    scanned(&mut app, "8936000001025");
    scanned(&mut app, "8936000001025");
    assert!(app.till.cart.lines.is_empty());
    let r = app.receiving.as_ref().unwrap();
    assert_eq!((r.lines.len(), r.lines[0].qty_milli), (1, 2000));
    // No cost yet: F5 says so and writes nothing.
    assert_eq!(key(&mut app, KeyCode::F(5)), Effect::None);
    assert!(app.status.as_ref().unwrap().1.contains("no cost yet"));
    typed(&mut app, "@10000");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "NO-SUCH@5");
    key(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().unwrap().1.contains("no product"));
    match key(&mut app, KeyCode::F(5)) {
        Effect::Receive { supplier, items } => {
            assert_eq!(supplier, "NCC");
            assert_eq!(items.len(), 1);
            assert_eq!((items[0].qty_milli, items[0].unit_cost), (2000, Vnd(10_000)));
        }
        other => panic!("{other:?}"),
    }
    app.on_received("PN000001", Vnd(20_000));
    assert!(app.receiving.as_ref().unwrap().lines.is_empty());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Sell);
}

/// The screen's keys are its own: its state and the catalogue in, what it
/// asks of the counter out.
#[test]
fn the_receiving_screen_handles_its_keys_without_the_counter() {
    use crate::tui::counter::receiving::ReceivingKey;
    let index = SearchIndex::new(products());
    let mut r = Receiving {
        suppliers: vec!["NCC".into()],
        ..Default::default()
    };
    let line = |r: &mut Receiving, s: &str| {
        for c in s.chars() {
            assert_eq!(
                r.handle(KeyEvent::from(KeyCode::Char(c)), Some(&index)),
                ReceivingKey::Stay
            );
        }
        r.handle(KeyEvent::from(KeyCode::Enter), Some(&index))
    };
    assert_eq!(line(&mut r, "2*MI-GOI@3000"), ReceivingKey::Stay);
    assert_eq!(r.lines.len(), 1);
    assert!(matches!(line(&mut r, "NOPE"), ReceivingKey::Say(Severity::Error, _)));
    assert_eq!(r.lines.len(), 1, "nothing added");
    match r.handle(KeyEvent::from(KeyCode::F(5)), Some(&index)) {
        ReceivingKey::Save { supplier, items } => {
            assert_eq!(supplier, "NCC");
            assert_eq!((items[0].qty_milli, items[0].unit_cost), (2000, Vnd(3000)));
        }
        other => panic!("F5 should save: {other:?}"),
    }
    assert_eq!(r.handle(KeyEvent::from(KeyCode::Esc), Some(&index)), ReceivingKey::Back);
}
