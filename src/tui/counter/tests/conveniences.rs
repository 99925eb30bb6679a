//! Issue 18 at the counter: Ctrl+N and a debt over the limit ask a cashier
//! for a manager's PIN instead of refusing; Ctrl+P overrides a line's price
//! with a reason (a manager above the discount threshold), recorded as
//! `quay sell --price-override` records it.

use super::*;
use crate::checkout::tender::{Method, Tender};
use crate::store::{OpenMode, Store};
use crate::tui::perform;

fn manager() -> Actor {
    Actor {
        name: "Minh".into(),
        role: Role::Manager,
    }
}

fn ctrl(app: &mut App, c: char) -> Effect {
    app.handle_key_at(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), Instant::now())
}

fn pin_purpose(app: &App) -> Option<PinPurpose> {
    match &app.modal {
        Some(Modal::Pin { purpose, .. }) => Some(purpose.clone()),
        _ => None,
    }
}

/// The manager types name and PIN into the open dialog (the PIN itself is
/// checked by `perform`): what their approval leads to.
fn manager_approves(app: &mut App) -> Effect {
    typed(app, "Minh");
    key(app, KeyCode::Enter);
    typed(app, "1234");
    match key(app, KeyCode::Enter) {
        Effect::CheckPin { name, purpose, .. } => {
            assert_eq!(name, "Minh");
            app.on_pin(purpose, Ok(manager()))
        }
        other => panic!("expected a PIN check, got {other:?}"),
    }
}

/// Ctrl+P on the selected line: price, Enter, reason, Enter.
fn override_price(app: &mut App, price: &str, reason: &str) -> Effect {
    ctrl(app, 'p');
    typed(app, price);
    key(app, KeyCode::Enter);
    typed(app, reason);
    key(app, KeyCode::Enter)
}

/// Effects carried out against the shop file until none is left.
fn run(store: &mut Store, app: &mut App, mut e: Effect) {
    while !matches!(e, Effect::None | Effect::Quit) {
        e = perform(store, app, e);
    }
}

fn demo_shop() -> (tempfile::TempDir, Store, ShopProfile) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.quay"), OpenMode::Create).unwrap();
    crate::demo::ensure_demo(&mut store).unwrap();
    let profile = store.profile().unwrap().unwrap();
    (dir, store, profile)
}

fn shop_app(store: &Store, profile: &ShopProfile, actor: Actor) -> App {
    let mut app = App::new(profile.clone(), Lang::En, actor, false);
    app.set_index(SearchIndex::new(store.all_products().unwrap()));
    app.discount_threshold_bp = store.discount_pin_threshold_bp().unwrap();
    typed(&mut app, "MUT-BUOI");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.till.cart.lines.len(), 1);
    app
}

#[test]
fn a_cashiers_new_item_asks_a_manager_and_is_added_in_their_name() {
    let mut app = app_with(Lang::En, cashier());
    scanned(&mut app, "8930000099990");
    ctrl(&mut app, 'n');
    typed(&mut app, "Bánh quy bơ;gói;25000;8");
    let e = key(&mut app, KeyCode::Enter);
    assert_eq!(e, Effect::None, "not added before a manager approves");
    let purpose = pin_purpose(&app).expect("the manager's PIN dialog");
    assert_eq!(
        purpose,
        PinPurpose::NewItem("8930000099990".into(), "Bánh quy bơ;gói;25000;8".into())
    );
    let e = manager_approves(&mut app);
    assert_eq!(
        e,
        Effect::AddUnknown {
            code: "8930000099990".into(),
            spec: "Bánh quy bơ;gói;25000;8".into(),
            approver: manager(),
        }
    );
}

#[test]
fn a_managers_new_item_goes_through_at_once_and_bad_text_is_refused() {
    let mut app = demo_app(Lang::En);
    scanned(&mut app, "8930000099990");
    ctrl(&mut app, 'n');
    typed(&mut app, "Bánh quy bơ;gói;abc;8");
    assert_eq!(key(&mut app, KeyCode::Enter), Effect::None);
    assert!(
        matches!(app.modal, Some(Modal::NewItem { .. })),
        "stays open on bad input"
    );
    assert!(app.status.as_ref().unwrap().1.contains("price"));
    for _ in 0..5 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "25000;8");
    let e = key(&mut app, KeyCode::Enter);
    assert!(matches!(e, Effect::AddUnknown { ref approver, .. } if approver.is_manager()));
}

#[test]
fn a_new_item_approved_by_a_manager_is_in_the_catalogue_and_the_cart() {
    let (_dir, mut store, profile) = demo_shop();
    let mut app = App::new(profile, Lang::En, cashier(), false);
    app.set_index(SearchIndex::new(store.all_products().unwrap()));
    let e = app.approved(
        PinPurpose::NewItem("8930000099990".into(), "Bánh quy bơ;gói;25000;8".into()),
        manager(),
    );
    run(&mut store, &mut app, e);
    let p = store.product_by_barcode("8930000099990").unwrap().expect("added");
    assert_eq!(p.price, Vnd(25_000));
    assert_eq!(app.till.cart.lines[0].name, "Bánh quy bơ");
}

#[test]
fn a_debt_over_the_limit_asks_a_manager_then_commits_approved_by_them() {
    let (_dir, mut store, profile) = demo_shop();
    let customer = crate::debt::add_customer(
        &mut store,
        crate::customers::NewCustomer {
            name: "Chị Lan".into(),
            phone: "0912345678".into(),
            address: None,
            tax_code: None,
            id_number: None,
            debt_limit: Some(Vnd(10_000)),
        },
        "owner",
    )
    .unwrap();
    let mut app = shop_app(&store, &profile, cashier());
    app.till.customer = Some(customer.clone());
    let e = key(&mut app, KeyCode::F(5));
    run(&mut store, &mut app, e);
    let pay = app.pay.as_ref().expect("the pay screen");
    let total = pay.totals.total;
    let tenders = vec![Tender {
        method: Method::Debt,
        amount: total,
        reference: Some(customer.code.clone()),
    }];
    let commit = Effect::Commit {
        uuid: pay.uuid.clone(),
        cart: app.till.cart.clone(),
        tenders: tenders.clone(),
        approved_by: None,
    };
    run(&mut store, &mut app, commit);
    assert!(app.done.last_sale.is_none(), "nothing written before the manager");
    assert_eq!(store.debt_balance(customer.id).unwrap(), Vnd::ZERO);
    let purpose = pin_purpose(&app).expect("the manager's PIN dialog, not a refusal");
    assert_eq!(purpose, PinPurpose::DebtLimit(tenders));
    assert!(app.status.as_ref().unwrap().1.contains("limit"));
    let e = manager_approves(&mut app);
    assert!(matches!(e, Effect::Commit { approved_by: Some(ref a), .. } if a.name == "Minh"));
    run(&mut store, &mut app, e);
    assert!(app.done.last_sale.is_some(), "the sale went through");
    assert_eq!(store.debt_balance(customer.id).unwrap(), total);
}

#[test]
fn a_small_price_override_needs_no_manager_and_a_reason_is_required() {
    let mut app = app_with(Lang::En, cashier());
    typed(&mut app, "MUT-BUOI");
    key(&mut app, KeyCode::Enter);
    let was = app.till.cart.lines[0].unit_price;
    // no reason: refused, nothing changed, the dialog stays open
    let e = override_price(&mut app, "55000", "");
    assert_eq!(e, Effect::None);
    assert!(matches!(app.modal, Some(Modal::PriceOverride { .. })));
    assert!(app.status.as_ref().unwrap().1.contains("reason"));
    assert_eq!(app.till.cart.lines[0].unit_price, was);
    app.modal = None;
    // 60.000 → 55.000 is within the 10 % threshold
    override_price(&mut app, "55000", "hàng móp");
    assert!(app.modal.is_none(), "no PIN asked");
    assert_eq!(app.till.cart.lines[0].unit_price, Vnd(55_000));
    assert_eq!(app.till.overrides.len(), 1);
    assert_eq!(app.till.overrides[0].o.reason, "hàng móp");
    assert_eq!(
        (app.till.overrides[0].was, app.till.overrides[0].approved_by.clone()),
        (was, None)
    );
}

#[test]
fn a_big_price_override_asks_a_manager_and_is_recorded_with_the_sale() {
    let (_dir, mut store, profile) = demo_shop();
    let mut app = shop_app(&store, &profile, cashier());
    assert_eq!(app.till.cart.lines[0].unit_price, Vnd(60_000));
    override_price(&mut app, "40000", "gần hết hạn");
    assert_eq!(app.till.cart.lines[0].unit_price, Vnd(60_000), "not before the manager");
    assert!(matches!(pin_purpose(&app), Some(PinPurpose::PriceOverride(_))));
    manager_approves(&mut app);
    assert_eq!(app.till.cart.lines[0].unit_price, Vnd(40_000));
    let e = key(&mut app, KeyCode::F(5));
    run(&mut store, &mut app, e);
    let pay = app.pay.as_ref().expect("the pay screen");
    assert_eq!(pay.totals.total, Vnd(40_000));
    let commit = Effect::Commit {
        uuid: pay.uuid.clone(),
        cart: app.till.cart.clone(),
        tenders: vec![Tender {
            method: Method::Cash,
            amount: Vnd(40_000),
            reference: None,
        }],
        approved_by: None,
    };
    run(&mut store, &mut app, commit);
    let sale = app.done.last_sale.clone().expect("committed");
    assert_eq!(sale.total, Vnd(40_000));
    let row = store
        .audit_tail(20)
        .unwrap()
        .into_iter()
        .find(|r| r.action == "sale.price_override")
        .expect("the override is in the audit chain");
    assert_eq!(row.entity, format!("sale:{}", sale.number));
    assert_eq!(row.actor, "Lan");
    let d: serde_json::Value = serde_json::from_str(&row.details).unwrap();
    assert_eq!(d["reason"], "gần hết hạn");
    assert_eq!(d["line"], 1);
    assert_eq!(d["price"], 40_000);
    assert_eq!(d["catalogue_price"], 60_000);
    assert_eq!(d["approved_by"], "Minh");
    assert!(app.till.overrides.is_empty(), "the next sale starts clean");
}
