//! The terminal UI: the counter. State changes are pure (`app`), drawing is
//! in `view`, and this loop carries out the effects against the shop file.

pub mod assess;
pub mod counter;
pub mod keymap;
pub mod view;
pub mod widgets;

/// The counter's state and keys under their former name (benches use it).
pub use counter as app;

use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};

use self::counter::{App, Effect};
use crate::catalog::search::SearchIndex;
use crate::checkout::Cart;
use crate::context::{CmdResult, Ctx, Failure};
use crate::counter::{self as services, Actor};
use crate::msg;
use crate::store::{OpenMode, Store};

/// Open the shop (or the demo shop when none is set up) and run the UI.
pub fn run(ctx: &Ctx) -> CmdResult {
    let mut store = open_for_ui(ctx)?;
    let profile = store.profile()?.ok_or_else(|| Failure {
        code: 3,
        msg: msg!("chưa có hồ sơ cửa hàng", "no shop profile yet"),
    })?;
    let needs_login = services::has_users(&store)?;
    let session_open = store.current_session()?.is_some();
    let usual_float = store.usual_float()?;
    let mut app = App::new(profile, ctx.lang, Actor::owner(), needs_login);
    app.discount_threshold_bp = store.discount_pin_threshold_bp()?;
    app.session_open = session_open;
    app.usual_float = usual_float;
    let parked = store.parked_carts()?;
    app.parked_count = parked.len();
    // number new carts after the parked ones, so names stay unique
    app.cart_no = parked
        .iter()
        .filter_map(|p| p.label.rsplit(' ').next().and_then(|n| n.parse::<u32>().ok()))
        .max()
        .map_or(1, |n| n + 1);
    let late = store.unbatched_before(&crate::time::today_vn().to_string())?;
    if late > 0 {
        app.status = Some((
            app::Severity::Warn,
            msg!(
                "{late} hóa đơn của những ngày trước chưa gửi cơ quan thuế: quay invoice batch",
                "{late} invoices of earlier days are not sent to the tax authority: quay invoice batch"
            )
            .get(ctx.lang)
            .to_string(),
        ));
    }
    let mut terminal = ratatui::try_init().map_err(|e| Failure {
        code: 3,
        msg: msg!("không mở được terminal: {e}", "cannot open the terminal: {e}"),
    })?;
    let result = (|| -> std::io::Result<()> {
        // First frame before the catalogue loads, so the screen is instant.
        terminal.draw(|f| view::draw(f, &app))?;
        let mut seen = CatalogSeen::of(&store);
        // receipts print on their own thread: a printer that is off never
        // freezes the counter (the connect timeout is seconds)
        let (printed_tx, printed_rx) = std::sync::mpsc::channel::<Result<(), crate::i18n::Msg>>();
        let products = store.all_products().unwrap_or_default();
        app.set_index(SearchIndex::new(products));
        loop {
            terminal.draw(|f| view::draw(f, &app))?;
            while let Ok(r) = printed_rx.try_recv() {
                app.on_printed(r);
                terminal.draw(|f| view::draw(f, &app))?;
            }
            if !event::poll(Duration::from_millis(200))? {
                continue;
            }
            let event = event::read()?;
            // another process changed the catalogue: look codes up in the new one
            sync_catalogue(&store, &mut app, &mut seen);
            let mut effect = match event {
                Event::Key(k) if k.kind != KeyEventKind::Release => app.handle_key(k),
                Event::Paste(text) => {
                    app.paste(&text);
                    Effect::None
                }
                _ => Effect::None,
            };
            // Effects may chain (park, then recall).
            loop {
                match effect {
                    Effect::None => break,
                    Effect::Quit => return Ok(()),
                    Effect::Print { number, drawer } => {
                        let actor = app.actor.name.clone();
                        spawn_print(store.path(), number, drawer, actor, app.lang, printed_tx.clone());
                        effect = Effect::None;
                    }
                    e => effect = perform(&mut store, &mut app, e),
                }
            }
        }
    })();
    ratatui::restore();
    if let Some(text) = &app.farewell {
        eprintln!("{text}");
    }
    result.map_err(|e| Failure {
        code: 3,
        msg: msg!("lỗi terminal: {e}", "terminal error: {e}"),
    })
}

/// Print a document on a thread of its own with its own connection to the
/// shop file; the outcome comes back through `done`. Returns at once.
pub fn spawn_print(
    path: &std::path::Path,
    number: i64,
    drawer: bool,
    actor: String,
    lang: crate::Lang,
    done: std::sync::mpsc::Sender<Result<(), crate::i18n::Msg>>,
) {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let r = Store::open(&path, OpenMode::Existing)
            .map_err(|e| e.msg())
            .and_then(|mut s| {
                crate::printing::print_sale(&mut s, number, &Default::default(), &actor, lang, drawer)
                    .map_err(|e| e.msg())
            });
        let _ = done.send(r);
    });
}

/// What the counter last saw of the shop file's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CatalogSeen {
    version: i64,
    stamp: String,
}

impl CatalogSeen {
    pub fn of(store: &Store) -> CatalogSeen {
        CatalogSeen {
            version: store.data_version().unwrap_or_default(),
            stamp: store.catalog_stamp().unwrap_or_default(),
        }
    }
}

/// Reload the catalogue when another connection changed it since `seen`:
/// SQLite's `data_version` (one cheap pragma per key) says something was
/// committed; the catalogue's fingerprint says whether it was products.
pub fn sync_catalogue(store: &Store, app: &mut App, seen: &mut CatalogSeen) -> bool {
    let Ok(version) = store.data_version() else {
        return false;
    };
    if version == seen.version {
        return false;
    }
    seen.version = version;
    let Ok(stamp) = store.catalog_stamp() else { return false };
    if stamp == seen.stamp {
        return false;
    }
    seen.stamp = stamp;
    match store.all_products() {
        Ok(products) => {
            app.reload_index(SearchIndex::new(products));
            true
        }
        Err(_) => false,
    }
}

/// Carry out one effect against the shop file and feed the result back.
pub fn perform(store: &mut Store, app: &mut App, effect: Effect) -> Effect {
    match effect {
        Effect::None | Effect::Quit => Effect::None,
        Effect::Reserve { uuid } => {
            match store.reserve_sale_number(&uuid) {
                Ok(n) => app.on_reserved(n),
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
        Effect::Commit {
            uuid,
            cart,
            tenders,
            approved_by,
        } => {
            let profile = app.profile.clone();
            let actor = app.actor.clone();
            match services::commit_cart(store, &profile, &actor, &cart, &tenders, &uuid, approved_by.as_ref()) {
                Ok((_, sale)) => {
                    let print = profile.printer.uri.is_some().then(|| Effect::Print {
                        number: sale.number,
                        drawer: crate::printing::opens_drawer(&sale, &profile.printer),
                    });
                    app.on_committed(sale);
                    print.unwrap_or(Effect::None)
                }
                Err(e) => {
                    app.on_error(e.msg());
                    Effect::None
                }
            }
        }
        Effect::LoadSale { number } => {
            let void = number.is_none();
            let found = match number {
                Some(n) => Ok(Some(n)),
                None => store.last_sale_number(),
            }
            .and_then(|n| match n {
                Some(n) => store.sale_by_number(n),
                None => Ok(None),
            });
            match found {
                Ok(Some(sale)) => app.on_sale_loaded(void, sale),
                Ok(None) => {
                    let m = match number {
                        Some(n) => {
                            let n = crate::sales::format_number(n);
                            msg!("không có đơn {n}", "no sale {n}")
                        }
                        None => msg!("chưa có đơn nào", "there are no sales yet"),
                    };
                    app.on_error(m)
                }
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
        Effect::Refund {
            number,
            approver,
            method,
            reference,
        } => {
            let profile = app.profile.clone();
            let actor = app.actor.clone();
            match services::refund_with_reference(store, &profile, &actor, &approver, number, &[], method, reference) {
                Ok(doc) => slip(app, doc),
                Err(e) => {
                    app.on_error(e.msg());
                    Effect::None
                }
            }
        }
        Effect::SaveOwnQr { payload } => {
            let input = crate::shop::ProfileInput {
                from_qr: Some(payload),
                ..Default::default()
            };
            let saved = crate::shop::apply(Some(&app.profile), &input, crate::demo::new_shop_id)
                .map_err(|e| e.msg)
                .and_then(|(p, _)| store.save_profile(&p, &app.actor.name).map(|_| p).map_err(|e| e.msg()));
            match saved {
                Ok(p) => app.on_own_qr_saved(p),
                Err(m) => app.on_error(m),
            }
            Effect::None
        }
        Effect::CloseSession { counted } => {
            let actor = app.actor.clone();
            match services::close_session(store, &actor, counted) {
                Ok(z) => app.on_closed(z),
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
        Effect::OpenSession { float } => {
            let actor = app.actor.name.clone();
            match store.open_session(float, &actor) {
                Ok(s) => app.on_session_opened(s.opening_float),
                Err(e) => {
                    app.on_error(e.msg());
                    Effect::None
                }
            }
        }
        Effect::CashMove { amount, reason } => {
            let actor = app.actor.name.clone();
            match store.cash_move(amount, &reason, &actor) {
                Ok(()) => app.on_cash_moved(amount, &reason),
                Err(e) => {
                    app.on_error(e.msg());
                    Effect::None
                }
            }
        }
        Effect::LoadReport => {
            match load_report(store) {
                Ok(r) => app.on_report(r),
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
        Effect::Print { number, drawer } => {
            let actor = app.actor.name.clone();
            let r = crate::printing::print_sale(store, number, &Default::default(), &actor, app.lang, drawer);
            app.on_printed(r.map_err(|e| e.msg()));
            Effect::None
        }
        Effect::CheckPin { name, pin, purpose } => {
            let result = match purpose {
                app::PinPurpose::Login => services::login(store, &name, &pin),
                _ => services::approve(store, &name, &pin),
            };
            app.on_pin(purpose, result.map_err(|e| e.msg()))
        }
        Effect::VoidLast { approver } => {
            let profile = app.profile.clone();
            let actor = app.actor.clone();
            match services::void_last(store, &profile, &actor, &approver) {
                Ok(doc) => slip(app, doc),
                Err(e) => {
                    app.on_error(e.msg());
                    Effect::None
                }
            }
        }
        Effect::Park { label, cart } => {
            let json = serde_json::to_string(&cart).unwrap_or_default();
            // two parked carts never share a name (also across restarts)
            let taken: Vec<String> = store
                .parked_carts()
                .map(|l| l.into_iter().map(|p| p.label).collect())
                .unwrap_or_default();
            let label = app::unique_label(&label, &taken);
            match store.park_cart(&label, &json, &app.actor.name) {
                Ok(_) => {
                    let n = store.parked_carts().map(|c| c.len()).unwrap_or(0);
                    let total = crate::checkout::price(&cart, app.profile.tax_method)
                        .map(|t| t.total)
                        .unwrap_or_default();
                    app.on_parked_as(&label, total, n)
                }
                Err(e) => {
                    // nothing lost: the cart comes back
                    app.cart = cart;
                    app.on_error(e.msg());
                    Effect::None
                }
            }
        }
        Effect::ListParked => {
            match store.parked_carts() {
                Ok(list) => {
                    let now = crate::time::now_vn();
                    let rows = list
                        .into_iter()
                        .map(|p| {
                            let cart: Cart = serde_json::from_str(&p.cart).unwrap_or_default();
                            let total = crate::checkout::price(&cart, app.profile.tax_method)
                                .map(|t| t.total)
                                .unwrap_or_default();
                            let minutes = chrono::DateTime::parse_from_rfc3339(&p.parked_at)
                                .map(|t| (now - t).num_minutes())
                                .unwrap_or(0);
                            app::ParkedRow {
                                id: p.id,
                                label: p.label,
                                total,
                                age: app::age_text(minutes, app.lang),
                            }
                        })
                        .collect();
                    app.on_parked_list(rows)
                }
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
        Effect::Recall { id } => {
            match store.take_parked_cart(id) {
                Ok(Some(p)) => {
                    let cart: Cart = serde_json::from_str(&p.cart).unwrap_or_default();
                    let left = store.parked_carts().map(|c| c.len()).unwrap_or(0);
                    app.on_recalled(&p.label, cart, left);
                }
                Ok(None) => app.on_error(msg!("đơn đó không còn", "that cart is gone")),
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
    }
}

/// A void or refund was written: show it and print its slip (opening the
/// drawer when cash goes back).
fn slip(app: &mut App, doc: crate::sales::SaleRecord) -> Effect {
    let print = app.profile.printer.uri.is_some().then(|| Effect::Print {
        number: doc.number,
        drawer: crate::printing::opens_drawer(&doc, &app.profile.printer),
    });
    app.on_voided(doc);
    print.unwrap_or(Effect::None)
}

/// This month, last month and the last 30 days, for the reports screen.
pub fn load_report(store: &Store) -> Result<app::ReportView, crate::store::StoreError> {
    use crate::report::cashless::{Grouping, cashless};
    use chrono::Datelike;
    let today = crate::time::today_vn();
    let first = today.with_day(1).unwrap_or(today);
    let last_end = first - chrono::Duration::days(1);
    let last_start = last_end.with_day(1).unwrap_or(last_end);
    let range = |a: chrono::NaiveDate, b: chrono::NaiveDate| -> Result<_, crate::store::StoreError> {
        Ok(cashless(store, &a.to_string(), &b.to_string(), Grouping::Range)?
            .pop()
            .unwrap_or_default())
    };
    Ok(app::ReportView {
        this_month: range(first, today)?,
        last_month: range(last_start, last_end)?,
        days: cashless(
            store,
            &(today - chrono::Duration::days(29)).to_string(),
            &today.to_string(),
            Grouping::Day,
        )?,
        session: services::x_report(store).map_err(|e| match e {
            services::CounterError::Store(s) => s,
            other => crate::store::StoreError::Refused(other.msg()),
        })?,
    })
}

/// The default shop file when set up; otherwise the demo shop, seeded.
fn open_for_ui(ctx: &Ctx) -> Result<Store, Failure> {
    if ctx.demo {
        return ctx.open();
    }
    if ctx.default_db && !ctx.db.exists() {
        let demo = crate::context::data_dir().join("demo.quay");
        let mut store = Store::open(&demo, OpenMode::Create)?;
        crate::demo::ensure_demo(&mut store)?;
        return Ok(store);
    }
    ctx.open()
}

#[cfg(test)]
mod tests {
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
        assert_eq!(doc.payments[0].method, "transfer");
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
        assert_eq!(doc.payments[0].method, "transfer");
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
        assert_eq!(app.cart.lines[0].unit_price, Vnd(60_000));
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
        assert_eq!(app.cart.lines.len(), 2, "a new line at the new price");
        assert_eq!(
            app.cart.lines[0].unit_price,
            Vnd(60_000),
            "the line in the cart keeps its price"
        );
        assert_eq!(app.cart.lines[1].unit_price, Vnd(65_000));
        assert!(app.status.as_ref().unwrap().1.contains("keeps 60.000"));
        scan(&mut app, "8936000001094");
        assert_eq!(app.cart.lines.len(), 2, "a deactivated product is not sold");
        assert!(app.status.as_ref().unwrap().1.contains("deactivated"));
        scan(&mut app, "8934567890126");
        assert_eq!(app.cart.lines.len(), 3, "{:?}", app.status);
        assert_eq!(app.cart.lines[2].sku, "MOI", "a new barcode is found");
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
        app.session_open = store.current_session().unwrap().is_some();
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
        let x = app.report.as_ref().unwrap().session.clone().unwrap();
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
        let r = load_report(&store).unwrap();
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
        spawn_print(store.path(), 1, false, "t".into(), crate::Lang::Vi, tx);
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
        let r = load_report(&store).unwrap();
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
        let doc = app.last_sale.clone().unwrap();
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
            app.report.as_ref().unwrap().session.as_ref().unwrap().expected_cash,
            Vnd(560_000)
        );
        app.handle_key(KeyEvent::from(KeyCode::Char('z')));
        for c in "550k".chars() {
            app.handle_key(KeyEvent::from(KeyCode::Char(c)));
        }
        let e = app.handle_key(KeyEvent::from(KeyCode::Enter));
        assert_eq!(e, Effect::CloseSession { counted: Vnd(550_000) });
        perform(&mut store, &mut app, e);
        let z = app.report.as_ref().unwrap().session.clone().unwrap();
        assert_eq!(z.z_number, Some(1));
        assert_eq!(z.variance, Some(Vnd(-10_000)));
        assert!(store.current_session().unwrap().is_none());
    }
}
