//! The event loop's effects against a real shop file.

use super::*;
use crate::checkout::tender::{Method, Tender};
use crate::money::Vnd;
use crate::shop::ShopProfile;

fn demo_store() -> (tempfile::TempDir, Store, ShopProfile) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.quay"), OpenMode::Create).unwrap();
    crate::demo::ensure_demo(&mut store).unwrap();
    let profile = store.profile().unwrap().unwrap();
    (dir, store, profile)
}

/// The owner sells `qty_milli` of MUT-BUOI paid by `method`.
fn sell_one(store: &mut Store, profile: &ShopProfile, qty_milli: i64, method: Method, amount: i64) {
    let p = store.product_by_sku("MUT-BUOI").unwrap().unwrap();
    let mut cart = Cart::default();
    cart.add(&p, qty_milli).unwrap();
    let paid = Tender {
        method,
        amount: Vnd(amount),
        reference: None,
    };
    services::commit_cart(
        store,
        profile,
        &Actor::owner(),
        &cart,
        &[paid],
        &services::new_uuid(),
        None,
    )
    .unwrap();
}

/// The demo shop with one sale.
fn demo_with_sale(qty_milli: i64, method: Method, amount: i64) -> (tempfile::TempDir, Store, ShopProfile) {
    let (dir, mut store, profile) = demo_store();
    sell_one(&mut store, &profile, qty_milli, method, amount);
    (dir, store, profile)
}

/// Carry out an effect and whatever it chains to; true when it quit.
fn run_effects(store: &mut Store, app: &mut App, mut e: Effect) -> bool {
    loop {
        match e {
            Effect::None => return false,
            Effect::Quit => return true,
            other => e = perform(store, app, other),
        }
    }
}

#[test]
fn quitting_with_a_cart_parks_it_under_a_unique_name_with_its_total() {
    use crossterm::event::{KeyCode, KeyEvent};
    let (_dir, mut store, profile) = demo_store();
    // a cart parked earlier (another run) is already called "Đơn 1"
    store.park_cart("Đơn 1", "{\"lines\":[]}", "t").unwrap();
    let mut app = App::new(profile.clone(), crate::Lang::Vi, Actor::owner(), false);
    app.set_index(SearchIndex::new(store.all_products().unwrap()));
    for c in "MUT-BUOI".chars() {
        app.handle_key(KeyEvent::from(KeyCode::Char(c)));
    }
    app.handle_key(KeyEvent::from(KeyCode::Enter));
    let e = app.handle_key(KeyEvent::from(KeyCode::F(10)));
    assert!(run_effects(&mut store, &mut app, e), "the counter quits");
    let parked = store.parked_carts().unwrap();
    assert_eq!(parked.len(), 2, "nothing lost");
    assert_eq!(parked[1].label, "Đơn 2", "names stay unique");
    let farewell = app.farewell.clone().unwrap();
    assert!(farewell.contains("Đơn 2") && farewell.contains("60.000"), "{farewell}");
    // after a restart the list shows each cart with its total and age
    let mut app = App::new(profile, crate::Lang::Vi, Actor::owner(), false);
    perform(&mut store, &mut app, Effect::ListParked);
    match &app.modal {
        Some(app::Modal::Parked { carts, .. }) => {
            assert_eq!(carts[1].label, "Đơn 2");
            assert_eq!(carts[1].total, Vnd(60_000));
            assert_eq!(carts[1].age, "vừa xong");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_refund_from_the_counter_goes_back_by_the_original_method() {
    use crossterm::event::{KeyCode, KeyEvent};
    let (_dir, mut store, profile) = demo_with_sale(1000, Method::Transfer, 60_000);
    let mut app = App::new(profile, crate::Lang::Vi, Actor::owner(), false);
    app.handle_key(KeyEvent::from(KeyCode::F(8)));
    app.handle_key(KeyEvent::from(KeyCode::Char('1')));
    let e = app.handle_key(KeyEvent::from(KeyCode::Enter));
    assert_eq!(e, Effect::LoadSale { number: Some(1) });
    assert!(!run_effects(&mut store, &mut app, e));
    assert!(matches!(app.modal, Some(app::Modal::Review { .. })), "shown first");
    assert!(store.sale_by_number(2).unwrap().is_none(), "nothing written yet");
    let e = app.handle_key(KeyEvent::from(KeyCode::Char('c')));
    run_effects(&mut store, &mut app, e);
    let doc = store.sale_by_number(2).unwrap().unwrap();
    assert_eq!(doc.kind, crate::sales::SaleKind::Refund);
    assert_eq!(doc.payments[0].method.code(), "transfer");
    assert_eq!(doc.payments[0].amount, Vnd(-60_000));
}

#[test]
fn a_transfer_refund_from_the_counter_carries_the_typed_reference() {
    use crossterm::event::{KeyCode, KeyEvent};
    let (_dir, mut store, profile) = demo_with_sale(1000, Method::Transfer, 60_000);
    let mut app = App::new(profile, crate::Lang::Vi, Actor::owner(), false);
    app.handle_key(KeyEvent::from(KeyCode::F(8)));
    app.handle_key(KeyEvent::from(KeyCode::Char('1')));
    let e = app.handle_key(KeyEvent::from(KeyCode::Enter));
    run_effects(&mut store, &mut app, e);
    app.handle_key(KeyEvent::from(KeyCode::Char('r')));
    for c in "FT26334CK".chars() {
        app.handle_key(KeyEvent::from(KeyCode::Char(c)));
    }
    app.handle_key(KeyEvent::from(KeyCode::Enter));
    let e = app.handle_key(KeyEvent::from(KeyCode::Char('c')));
    run_effects(&mut store, &mut app, e);
    let doc = store.sale_by_number(2).unwrap().unwrap();
    assert_eq!(doc.kind, crate::sales::SaleKind::Refund);
    assert_eq!(doc.payments[0].method.code(), "transfer");
    assert_eq!(doc.payments[0].reference.as_deref(), Some("FT26334CK"));
}

#[test]
fn the_counter_sees_catalogue_changes_made_by_another_process() {
    use crossterm::event::{KeyCode, KeyEvent};
    let (dir, store, profile) = demo_store();
    let mut app = App::new(profile, crate::Lang::En, Actor::owner(), false);
    let mut seen = CatalogSeen::of(&store);
    app.set_index(SearchIndex::new(store.all_products().unwrap()));
    let scan = |app: &mut App, code: &str| {
        for c in code.chars() {
            app.handle_key(KeyEvent::from(KeyCode::Char(c)));
        }
        app.handle_key(KeyEvent::from(KeyCode::Enter));
    };
    scan(&mut app, "8936000000325");
    assert_eq!(app.till.cart.lines[0].unit_price, Vnd(60_000));
    // `quay products edit/deactivate/add` in another process
    let mut other = Store::open(&dir.path().join("s.quay"), OpenMode::Existing).unwrap();
    let p = other.product_by_sku("MUT-BUOI").unwrap().unwrap();
    let edited = crate::catalog::NewProduct {
        sku: p.sku.clone(),
        barcodes: p.barcodes.clone(),
        name: p.name.clone(),
        unit: p.unit.clone(),
        price: Vnd(65_000),
        vat: p.vat,
        tags: p.tags.clone(),
        by_measure: None,
    };
    other.edit_product("MUT-BUOI", &edited, "t").unwrap();
    other.set_product_active("MI-GOI", false, "t").unwrap();
    other
        .add_product(
            &crate::catalog::NewProduct {
                sku: "MOI".into(),
                barcodes: vec!["8934567890126".into()],
                name: "Hàng mới".into(),
                unit: "cái".into(),
                price: Vnd(7_000),
                vat: p.vat,
                tags: vec![],
                by_measure: None,
            },
            "t",
        )
        .unwrap();
    assert!(sync_catalogue(&store, &mut app, &mut seen));
    scan(&mut app, "8936000000325");
    assert_eq!(app.till.cart.lines.len(), 2, "a new line at the new price");
    assert_eq!(
        app.till.cart.lines[0].unit_price,
        Vnd(60_000),
        "the line in the cart keeps its price"
    );
    assert_eq!(app.till.cart.lines[1].unit_price, Vnd(65_000));
    assert!(app.status.as_ref().unwrap().1.contains("keeps 60.000"));
    scan(&mut app, "8936000001094");
    assert_eq!(app.till.cart.lines.len(), 2, "a deactivated product is not sold");
    assert!(app.status.as_ref().unwrap().1.contains("deactivated"));
    scan(&mut app, "8934567890126");
    assert_eq!(app.till.cart.lines.len(), 3, "{:?}", app.status);
    assert_eq!(app.till.cart.lines[2].sku, "MOI", "a new barcode is found");
    // nothing changed: nothing reloads
    assert!(!sync_catalogue(&store, &mut app, &mut seen));
    // a sale on another till changes the file but not the catalogue
    let profile = other.profile().unwrap().unwrap();
    sell_one(&mut other, &profile, 1000, Method::Cash, 70_000);
    assert!(!sync_catalogue(&store, &mut app, &mut seen), "no reload for a sale");
}

#[test]
fn refund_slips_print_with_their_heading_open_the_drawer_and_reprints_say_copy() {
    let (dir, mut store, mut profile) = demo_with_sale(2000, Method::Cash, 120_000);
    let out = dir.path().join("printer.bin");
    profile.printer.uri = Some(format!("file:{}", out.display()));
    profile.printer.mode = crate::receipt::TextMode::Ascii;
    store.save_profile(&profile, "t").unwrap();
    std::fs::write(&out, b"").unwrap(); // the printer device
    let mut app = App::new(profile, crate::Lang::Vi, Actor::owner(), false);
    let e = Effect::Refund {
        number: 1,
        approver: Actor::owner(),
        method: Method::Cash,
        reference: None,
    };
    run_effects(&mut store, &mut app, e);
    assert!(app.status.as_ref().unwrap().1.contains("đã in"), "{:?}", app.status);
    let bytes = std::fs::read(&out).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("PHIEU TRA HANG"), "{text}");
    assert!(text.contains("Cho don: 000001"), "{text}");
    assert!(
        bytes.windows(2).any(|w| w == [0x1B, b'p']),
        "the drawer opens for cash back"
    );
    assert!(!text.contains("BAN SAO"));
    let jobs = store.print_jobs(true).unwrap();
    assert!(
        jobs.iter().all(|j| j.sale_number != Some(2)),
        "the slip's job is done: {jobs:?}"
    );
    // F9 on the slip: a copy
    std::fs::write(&out, b"").unwrap();
    perform(
        &mut store,
        &mut app,
        Effect::Print {
            number: 2,
            drawer: false,
        },
    );
    let text = String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned();
    assert!(text.contains("*** BAN SAO ***"), "{text}");
    assert!(text.contains("PHIEU TRA HANG"), "{text}");
}

#[test]
fn after_a_z_the_next_sale_asks_for_the_float_and_cash_moves_count() {
    use crossterm::event::{KeyCode, KeyEvent};
    let (_dir, mut store, profile) = demo_store();
    store.open_session(Vnd(500_000), "t").unwrap();
    services::close_session(&mut store, &Actor::owner(), Vnd(500_000)).unwrap();
    let mut app = App::new(profile, crate::Lang::En, Actor::owner(), false);
    app.till.session_open = store.current_session().unwrap().is_some();
    app.usual_float = store.usual_float().unwrap();
    app.set_index(SearchIndex::new(store.all_products().unwrap()));
    let k = |app: &mut App, code: KeyCode| app.handle_key(KeyEvent::from(code));
    for c in "MUT-BUOI".chars() {
        k(&mut app, KeyCode::Char(c));
    }
    k(&mut app, KeyCode::Enter);
    assert_eq!(
        k(&mut app, KeyCode::F(5)),
        Effect::None,
        "no silent session with float 0"
    );
    match &app.modal {
        Some(app::Modal::OpenSession { text }) => assert_eq!(text, "500.000", "the usual float offered"),
        other => panic!("{other:?}"),
    }
    // the cashier counts 450.000 today
    for _ in 0..7 {
        k(&mut app, KeyCode::Backspace);
    }
    for c in "450k".chars() {
        k(&mut app, KeyCode::Char(c));
    }
    let e = k(&mut app, KeyCode::Enter);
    assert_eq!(e, Effect::OpenSession { float: Vnd(450_000) });
    let e = perform(&mut store, &mut app, e);
    assert!(matches!(e, Effect::Reserve { .. }), "goes on to pay: {e:?}");
    perform(&mut store, &mut app, e);
    assert_eq!(app.screen, app::Screen::Pay);
    let e = k(&mut app, KeyCode::Enter);
    run_effects(&mut store, &mut app, e);
    assert_eq!(app.screen, app::Screen::Done);
    // cash out with a reason, from the reports screen
    perform(&mut store, &mut app, Effect::LoadReport);
    k(&mut app, KeyCode::Char('o'));
    for c in "50k".chars() {
        k(&mut app, KeyCode::Char(c));
    }
    k(&mut app, KeyCode::Enter);
    for c in "ice".chars() {
        k(&mut app, KeyCode::Char(c));
    }
    let e = k(&mut app, KeyCode::Enter);
    assert_eq!(
        e,
        Effect::CashMove {
            amount: Vnd(-50_000),
            reason: "ice".into()
        }
    );
    run_effects(&mut store, &mut app, e);
    let x = app.reports.report.as_ref().unwrap().session.clone().unwrap();
    assert_eq!(x.expected_cash, Vnd(450_000 + 60_000 - 50_000));
}

#[test]
fn x_and_f12_give_the_same_cashless_share() {
    let (_dir, mut store, profile) = demo_store();
    store.open_session(Vnd(0), "t").unwrap();
    sell_one(&mut store, &profile, 1000, Method::Cash, 60_000);
    sell_one(&mut store, &profile, 1000, Method::Transfer, 60_000);
    sell_one(&mut store, &profile, 2000, Method::Transfer, 120_000);
    // the first transfer sale is refunded in full
    services::refund(
        &mut store,
        &profile,
        &Actor::owner(),
        &Actor::owner(),
        2,
        &[],
        Method::Transfer,
    )
    .unwrap();
    let r = load_report(&store, crate::time::Clock::default().today()).unwrap();
    let x = r.session.unwrap();
    assert_eq!(x.cashless_share_count, r.this_month.cashless_share_count);
    assert_eq!(x.cashless_share_value, r.this_month.cashless_share_value);
    assert_eq!(x.cashless_share_count, 0.5, "the refunded sale counts in neither part");
    assert_eq!(x.cashless_share_value, 120_000.0 / 180_000.0);
    // and the Z report keeps it
    let z = services::close_session(&mut store, &Actor::owner(), Vnd(60_000)).unwrap();
    assert_eq!(z.cashless_share_count, 0.5);
}

#[test]
fn printing_never_holds_up_the_counter() {
    let (dir, mut store, mut profile) = demo_with_sale(1000, Method::Cash, 60_000);
    // a printer that is not ready: opening it blocks until it reads
    let fifo = dir.path().join("lp0");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    profile.printer.uri = Some(format!("file:{}", fifo.display()));
    profile.printer.mode = crate::receipt::TextMode::Ascii;
    store.save_profile(&profile, "t").unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // returns while the printer still blocks
    spawn_print(store.path(), 1, false, "t".into(), crate::Lang::Vi, tx, store.clock());
    assert!(rx.try_recv().is_err(), "not printed yet, and the counter goes on");
    // the printer wakes up and reads the job
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::fs::File::open(&fifo).unwrap(), &mut bytes).unwrap();
    assert_eq!(rx.recv().unwrap(), Ok(()));
    assert!(String::from_utf8_lossy(&bytes).contains("PHIEU THANH TOAN"));
}

#[test]
fn the_reports_screen_reads_this_months_sales() {
    let (_dir, store, _) = demo_with_sale(1000, Method::Transfer, 60_000);
    let r = load_report(&store, crate::time::Clock::default().today()).unwrap();
    assert_eq!(r.this_month.sales, 1);
    assert_eq!(r.this_month.cashless_share_value, 1.0);
    assert_eq!(r.days.len(), 30);
    assert_eq!(r.days.last().unwrap().sales, 1);
}

#[test]
fn refund_and_own_qr_effects_reach_the_shop_file() {
    let (_dir, mut store, profile) = demo_with_sale(2000, Method::Cash, 120_000);
    let mut app = App::new(profile, crate::Lang::Vi, Actor::owner(), false);
    perform(
        &mut store,
        &mut app,
        Effect::Refund {
            number: 1,
            approver: Actor::owner(),
            method: Method::Cash,
            reference: None,
        },
    );
    let doc = app.done.last_sale.clone().unwrap();
    assert_eq!(doc.kind, crate::sales::SaleKind::Refund);
    assert_eq!(doc.total, Vnd(-120_000));
    let momo = "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8";
    perform(&mut store, &mut app, Effect::SaveOwnQr { payload: momo.into() });
    let saved = store.profile().unwrap().unwrap();
    assert_eq!(saved.own_qr.as_deref(), Some(momo));
    assert_eq!(saved.bank_account, "99MM24011M34875080");
    assert_eq!(app.profile.own_qr.as_deref(), Some(momo));
}

#[test]
fn the_session_closes_from_the_reports_screen_with_a_z_report() {
    use crossterm::event::{KeyCode, KeyEvent};
    let (_dir, mut store, profile) = demo_store();
    store.open_session(Vnd(500_000), "t").unwrap();
    sell_one(&mut store, &profile, 1000, Method::Cash, 60_000);
    let mut app = App::new(profile, crate::Lang::En, Actor::owner(), false);
    perform(&mut store, &mut app, Effect::LoadReport);
    assert_eq!(app.screen, app::Screen::Reports);
    assert_eq!(
        app.reports
            .report
            .as_ref()
            .unwrap()
            .session
            .as_ref()
            .unwrap()
            .expected_cash,
        Vnd(560_000)
    );
    app.handle_key(KeyEvent::from(KeyCode::Char('z')));
    for c in "550k".chars() {
        app.handle_key(KeyEvent::from(KeyCode::Char(c)));
    }
    let e = app.handle_key(KeyEvent::from(KeyCode::Enter));
    assert_eq!(e, Effect::CloseSession { counted: Vnd(550_000) });
    perform(&mut store, &mut app, e);
    let z = app.reports.report.as_ref().unwrap().session.clone().unwrap();
    assert_eq!(z.z_number, Some(1));
    assert_eq!(z.variance, Some(Vnd(-10_000)));
    assert!(store.current_session().unwrap().is_none());
}

#[test]
fn a_parked_cart_that_cannot_be_read_stays_parked_and_is_named() {
    let (_dir, mut store, profile) = demo_store();
    store.park_cart("Đơn 1", "{\"lines\":[{\"broken\"", "t").unwrap();
    let id = store.parked_carts().unwrap()[0].id;
    let mut app = App::new(profile, crate::Lang::En, Actor::owner(), false);
    perform(&mut store, &mut app, Effect::ListParked);
    match &app.modal {
        Some(app::Modal::Parked { carts, .. }) => assert_eq!(carts[0].label, "Đơn 1 (damaged)"),
        other => panic!("{other:?}"),
    }
    perform(&mut store, &mut app, Effect::Recall { id });
    let (_, said) = app.status.clone().expect("the counter says what happened");
    assert!(said.contains("cannot read the parked cart «Đơn 1»"), "{said}");
    assert_eq!(
        store.parked_carts().unwrap().len(),
        1,
        "the row is not taken: nothing lost"
    );
    assert!(app.till.cart.lines.is_empty());
}

#[test]
fn a_sale_that_crosses_a_tax_threshold_warns_once_and_f12_shows_the_year() {
    let (_dir, mut store, profile) = demo_store();
    let mut app = App::new(profile.clone(), crate::Lang::En, Actor::owner(), false);
    let p = store.product_by_sku("MUT-BUOI").unwrap().unwrap();
    let commit = |store: &mut Store, app: &mut App, qty_milli: i64| {
        let mut cart = Cart::default();
        cart.add(&p, qty_milli).unwrap();
        let total = Vnd(60 * qty_milli);
        let tenders = vec![Tender {
            method: Method::Transfer,
            amount: total,
            reference: None,
        }];
        app.modal = None;
        let e = Effect::Commit {
            uuid: services::new_uuid(),
            cart,
            tenders,
            approved_by: None,
        };
        run_effects(store, app, e);
        app.modal.clone()
    };
    // 60.000 ₫: nothing to say
    assert_eq!(commit(&mut store, &mut app, 1000), None);
    // 9.000 × 60.000 = 540 million: under the 1 tỷ threshold (NĐ 141/2026)
    assert_eq!(commit(&mut store, &mut app, 9_000_000), None);
    // 8.000 × 60.000 more: 1.020 million, over the threshold, which is
    // also the e-invoice line
    match commit(&mut store, &mut app, 8_000_000) {
        Some(app::Modal::TaxNotice { text }) => {
            assert!(text.en.contains("passed 1.000.000.000"), "{}", text.en);
            assert!(text.en.contains("VAT and PIT are now due"), "{}", text.en);
        }
        other => panic!("no tax notice: {other:?}"),
    }
    // once only
    assert_eq!(commit(&mut store, &mut app, 1000), None);
    let r = load_report(&store, crate::time::Clock::default().today()).unwrap();
    let th = r.tax.expect("a household sees its thresholds");
    assert_eq!(th.revenue, 1_020_120_000);
    assert_eq!(
        th.exempt_crossed_on,
        Some(crate::time::Clock::default().today().to_string())
    );
    assert_eq!(
        th.einvoice_crossed_on,
        Some(crate::time::Clock::default().today().to_string())
    );
}

/// Issue 18: F12 then X shows today's summary per cashier under the session
/// report.
#[test]
fn the_reports_screen_shows_the_cashiers_summary() {
    let (_dir, mut store, profile) = demo_store();
    store.open_session(Vnd(0), "t").unwrap();
    sell_one(&mut store, &profile, 1000, Method::Cash, 60_000);
    let mut app = app::App::new(profile, crate::Lang::En, Actor::owner(), false);
    perform(&mut store, &mut app, app::Effect::LoadReport);
    assert_eq!(app.reports.cashiers.len(), 1);
    assert_eq!(app.reports.cashiers[0].sales, 1);
    app.reports.show_session = true;
    let backend = ratatui::backend::TestBackend::new(120, 60);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| super::view::draw(f, &app)).unwrap();
    let text: String = term.backend().buffer().content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("SUMMARY BY CASHIER"), "{text}");
}

#[test]
fn the_receiving_screen_writes_a_receiving_document() {
    let (_dir, mut store, profile) = demo_store();
    store.add_supplier("NCC", None, None, "t").unwrap();
    let mut app = App::new(profile, crate::Lang::En, Actor::owner(), false);
    perform(&mut store, &mut app, Effect::OpenReceiving);
    assert_eq!(app.screen, app::Screen::Receiving);
    assert_eq!(app.receiving.as_ref().unwrap().suppliers, vec!["NCC".to_string()]);
    let items = vec![crate::catalog::stock::ItemSpec {
        qty_milli: 24_000,
        code: "CAFE-SUA".into(),
        unit_cost: Vnd(10_000),
    }];
    perform(
        &mut store,
        &mut app,
        Effect::Receive {
            supplier: "NCC".into(),
            items,
        },
    );
    assert!(app.status.as_ref().unwrap().1.contains("PN000001"), "{:?}", app.status);
    let row = store
        .stock_rows()
        .unwrap()
        .into_iter()
        .find(|r| r.sku == "CAFE-SUA")
        .unwrap();
    assert_eq!((row.stock_milli, row.cost), (24_000, Vnd(10_000)));
}

#[test]
fn f12_gives_a_manager_todays_and_this_months_gross_profit() {
    let (_dir, mut store, profile) = demo_store();
    store.add_supplier("NCC", None, None, "t").unwrap();
    let items = vec![crate::catalog::stock::ItemSpec {
        qty_milli: 10_000,
        code: "MUT-BUOI".into(),
        unit_cost: Vnd(40_000),
    }];
    crate::stock::receive(&mut store, "t", "NCC", None, None, &items).unwrap();
    sell_one(&mut store, &profile, 2000, Method::Cash, 120_000);
    let mut app = App::new(profile, crate::Lang::En, Actor::owner(), false);
    perform(&mut store, &mut app, Effect::LoadReport);
    let p = app.reports.profit.expect("a manager sees the profit");
    let today = crate::time::Clock::default().today().to_string();
    let r = crate::report::profit::profit(&store, &today, &today, crate::report::profit::By::Day).unwrap();
    assert_eq!(r.total.cost, Vnd(80_000));
    assert!(r.total.profit > Vnd::ZERO);
    assert_eq!((p.today, p.month), (r.total.profit, r.total.profit));
}

#[test]
fn a_sale_below_zero_stock_goes_through_with_a_warning() {
    let (_dir, mut store, profile) = demo_store();
    let p = store.product_by_sku("MUT-BUOI").unwrap().unwrap();
    let mut cart = Cart::default();
    cart.add(&p, 1000).unwrap();
    let mut app = App::new(profile, crate::Lang::En, Actor::owner(), false);
    let tenders = vec![Tender {
        method: Method::Cash,
        amount: Vnd(60_000),
        reference: None,
    }];
    perform(
        &mut store,
        &mut app,
        Effect::Commit {
            uuid: services::new_uuid(),
            cart,
            tenders,
            approved_by: None,
        },
    );
    assert!(app.done.last_sale.is_some(), "the sale went through");
    let (sev, text) = app.status.clone().unwrap();
    assert_eq!(sev, app::Severity::Warn);
    assert!(
        text.contains("stock below zero after this sale: MUT-BUOI (-1)"),
        "{text}"
    );
}

/// F12 works out "today" and "this month" from the counter's clock (the
/// one made at start-up), not from the machine.
#[test]
fn the_reports_take_today_from_the_counters_clock() {
    let (_dir, mut store, profile) = demo_store();
    store.open_session(Vnd(0), "t").unwrap();
    sell_one(&mut store, &profile, 1000, Method::Cash, 60_000);
    let mut app = App::new(profile, crate::Lang::En, Actor::owner(), false);
    let at = chrono::DateTime::parse_from_rfc3339("2020-01-15T10:00:00+07:00").unwrap();
    app.clock = crate::time::Clock::fixed(at);
    perform(&mut store, &mut app, Effect::LoadReport);
    assert_eq!(app.reports.cashiers_day, "2020-01-15");
    assert!(app.reports.cashiers.is_empty(), "no sale on that day");
    let r = app.reports.report.as_ref().expect("the report");
    assert_eq!(r.this_month.sales, 0, "no sale in January 2020");
    let p = app.reports.profit.expect("the owner sees the profit");
    assert_eq!((p.today, p.month), (Vnd::ZERO, Vnd::ZERO));
}
