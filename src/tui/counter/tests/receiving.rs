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
    assert!(app.cart.lines.is_empty());
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
