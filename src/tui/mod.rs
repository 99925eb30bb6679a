//! The terminal UI. `counter` is the counter, one module per screen and per
//! dialog (state, pure key handling, drawing); `keymap` is its one key map
//! (footer, F1 help and README table come from it); `view` draws the frame
//! (status line, footer) around the current screen; `widgets` holds shared
//! drawing helpers; `wizard` is the officer's questionnaire. This module runs
//! the event loop and carries out the counter's effects against the shop
//! file (`perform`); printing runs on its own thread (`spawn_print`).
//!
//! How to add a screen or a dialog: `src/tui/README.md`.

pub mod counter;
pub mod keymap;
pub mod view;
pub mod widgets;
pub mod wizard;

/// The counter's state and keys under their former name (benches use it).
pub use counter as app;
/// The officer's wizard under its former name (`quay assess` uses it).
pub use wizard as assess;

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
    app.clock = ctx.clock;
    app.discount_threshold_bp = store.discount_pin_threshold_bp()?;
    app.cash_rounding = store.cash_rounding()?;
    app.till.session_open = session_open;
    app.usual_float = usual_float;
    let parked = store.parked_carts()?;
    app.parked_count = parked.len();
    // number new carts after the parked ones, so names stay unique
    app.till.cart_no = parked
        .iter()
        .filter_map(|p| p.label.rsplit(' ').next().and_then(|n| n.parse::<u32>().ok()))
        .max()
        .map_or(1, |n| n + 1);
    let late = store.unbatched_before(&app.clock.today().to_string())?;
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
        match store.all_products() {
            Ok(products) => app.set_index(SearchIndex::new(products)),
            // not "the catalogue is empty": say the file could not be read
            Err(e) => {
                app.set_index(SearchIndex::new(Vec::new()));
                let m = e.msg();
                app.on_error(msg!(
                    "không đọc được danh mục từ tệp cửa hàng: {m}",
                    "cannot read the catalogue from the shop file: {m}"
                ));
            }
        }
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
                // the key's arrival time tells a scanner from a person
                Event::Key(k) if k.kind != KeyEventKind::Release => app.handle_key_at(k, std::time::Instant::now()),
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
                        let clock = store.clock();
                        spawn_print(store.path(), number, drawer, actor, app.lang, printed_tx.clone(), clock);
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
    clock: crate::time::Clock,
) {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let r = Store::open_with_clock(&path, OpenMode::Existing, clock)
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
            // a debt tender: the customer's limit (a manager above it)
            let mut tenders = tenders;
            let manager_ok = actor.is_manager() || approved_by.as_ref().is_some_and(Actor::is_manager);
            let original = tenders.clone();
            if let Err(e) = crate::debt::attach(store, app.till.customer.as_ref(), &mut tenders, manager_ok) {
                // over the limit: ask for a manager's PIN, then commit
                if !manager_ok && crate::debt::over_limit(store, app.till.customer.as_ref(), &original).unwrap_or(false)
                {
                    return app.on_debt_needs_manager(original, e.msg());
                }
                app.on_error(e.msg());
                return Effect::None;
            }
            match services::commit_cart(store, &profile, &actor, &cart, &tenders, &uuid, approved_by.as_ref()) {
                Ok((_, sale)) => {
                    app.till.customer = None;
                    // price overrides (Ctrl+P) with their reasons, as `quay sell` records them
                    for d in std::mem::take(&mut app.till.overrides) {
                        let kept = cart.lines.get(d.o.line - 1).is_some_and(|l| l.unit_price == d.o.price);
                        let done = [(d.o, d.was)];
                        if kept
                            && let Err(e) = crate::quick_add::record_overrides(
                                store,
                                sale.number,
                                &done,
                                &actor.name,
                                d.approved_by.as_deref(),
                            )
                        {
                            app.on_error(e.msg());
                        }
                    }
                    let print = profile.printer.uri.is_some().then(|| Effect::Print {
                        number: sale.number,
                        drawer: crate::printing::opens_drawer(&sale, &profile.printer),
                    });
                    let sale_id = sale.id;
                    app.on_committed(sale);
                    tax_notice(app, store);
                    if let Ok(Some(m)) = crate::stock::below_zero_after_sale(store, sale_id) {
                        app.on_stock_warning(m);
                    }
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
            let today = store.clock().today();
            let saved = crate::shop::apply(Some(&app.profile), &input, crate::demo::new_shop_id, today)
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
        Effect::AddUnknown { code, spec, approver } => {
            let added = crate::quick_add::parse(&spec)
                .map_err(|e| crate::store::StoreError::Refused(e.msg()))
                .and_then(|item| crate::quick_add::add(store, &code, &item, &approver.name, approver.is_manager()));
            match added {
                Ok(p) => {
                    if let Ok(products) = store.all_products() {
                        app.reload_index(SearchIndex::new(products));
                    }
                    app.on_unknown_added(&p);
                }
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
        Effect::LoadCustomers { picking } => {
            match crate::debt::overview(store, app.lang) {
                Ok(rows) => app.on_customers(rows, picking),
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
        Effect::OpenReceiving => {
            match store.suppliers() {
                Ok(list) => app.on_receiving_open(list.into_iter().map(|s| s.name).collect()),
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
        Effect::Receive { supplier, items } => {
            let user = app.actor.name.clone();
            match crate::stock::receive(store, &user, &supplier, None, None, &items) {
                Ok(doc) => app.on_received(&doc.number, doc.total),
                Err(e) => app.on_error(e.msg()),
            }
            Effect::None
        }
        Effect::LoadReport => {
            let today = app.clock.today();
            match load_report(store, today) {
                Ok(r) => app.on_report(r),
                Err(e) => app.on_error(e.msg()),
            }
            // issue 18: today's summary per cashier, under the session report
            let day = today.to_string();
            app.reports.cashiers = match crate::report::cashiers::cashiers(store, &day) {
                Ok(c) => c,
                Err(e) => {
                    app.on_error(e.msg());
                    Vec::new()
                }
            };
            app.reports.cashiers_day = day;
            app.reports.profit = if app.actor.is_manager() {
                load_profit(store, today)
            } else {
                None
            };
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
            let json = match serde_json::to_string(&cart) {
                Ok(j) => j,
                Err(e) => {
                    app.till.cart = cart;
                    app.on_error(msg!("không tạm giữ được đơn: {e}", "cannot park the cart: {e}"));
                    return Effect::None;
                }
            };
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
                    app.till.cart = cart;
                    app.on_error(e.msg());
                    Effect::None
                }
            }
        }
        Effect::ListParked => {
            match store.parked_carts() {
                Ok(list) => {
                    let now = app.clock.now();
                    let rows = list
                        .into_iter()
                        .map(|p| {
                            // a cart that cannot be read is listed as such, with no total
                            let (total, label) = match serde_json::from_str::<Cart>(&p.cart) {
                                Ok(cart) => (
                                    crate::checkout::price(&cart, app.profile.tax_method)
                                        .map(|t| t.total)
                                        .unwrap_or_default(),
                                    p.label,
                                ),
                                Err(_) => (
                                    crate::money::Vnd(0),
                                    format!("{} ({})", p.label, app.lang.pick("hỏng", "damaged")),
                                ),
                            };
                            let minutes = (now - p.parked_at).num_minutes();
                            app::ParkedRow {
                                id: p.id,
                                label,
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
            // read the cart before its row is taken: a cart that cannot be
            // read stays parked (and is said), it is never lost
            let stored = match store.parked_carts() {
                Ok(list) => list.into_iter().find(|p| p.id == id),
                Err(e) => {
                    app.on_error(e.msg());
                    return Effect::None;
                }
            };
            let Some(stored) = stored else {
                app.on_error(msg!("đơn đó không còn", "that cart is gone"));
                return Effect::None;
            };
            let cart: Cart = match serde_json::from_str(&stored.cart) {
                Ok(c) => c,
                Err(e) => {
                    let label = &stored.label;
                    app.on_error(msg!(
                        "không đọc được đơn tạm giữ «{label}» ({e}): đơn vẫn được giữ trong tệp, không mất gì",
                        "cannot read the parked cart «{label}» ({e}): it stays parked in the file, nothing is lost"
                    ));
                    return Effect::None;
                }
            };
            match store.take_parked_cart(id) {
                Ok(Some(p)) => {
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

/// Today's and this month's gross profit (`None` if it cannot be read).
pub fn load_profit(store: &Store, today: chrono::NaiveDate) -> Option<app::ProfitGlance> {
    use crate::report::profit::{By, profit};
    use chrono::Datelike;
    let first = today.with_day(1).unwrap_or(today);
    let (t, f) = (today.to_string(), first.to_string());
    let day = profit(store, &t, &t, By::Day).ok()?;
    let month = profit(store, &f, &t, By::Day).ok()?;
    Some(app::ProfitGlance {
        today: day.total.profit,
        month: month.total.profit,
    })
}

/// This month, last month and the last 30 days, for the reports screen
/// (`today` from the counter's clock).
pub fn load_report(store: &Store, today: chrono::NaiveDate) -> Result<app::ReportView, crate::store::StoreError> {
    use crate::report::cashless::{Grouping, cashless};
    use chrono::Datelike;
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
        tax: tax_figures(store, today),
    })
}

/// A household's year-to-date revenue against the tax thresholds for F12
/// (`None` for other shops, or when the tax table is broken: `quay doctor`
/// says why).
fn tax_figures(store: &Store, today: chrono::NaiveDate) -> Option<crate::tax::Thresholds> {
    use chrono::Datelike;
    let household = matches!(store.profile(), Ok(Some(p)) if p.tax_method == crate::shop::TaxMethod::Direct);
    if !household {
        return None;
    }
    let table = crate::report::tax::table().ok()?;
    crate::report::tax::thresholds(store, &table, today.year(), today).ok()
}

/// After a household's sale: the one-time notice that the year's revenue
/// crossed a threshold (never fails the sale it follows).
fn tax_notice(app: &mut app::App, store: &mut Store) {
    if app.profile.tax_method != crate::shop::TaxMethod::Direct {
        return;
    }
    let Ok(table) = crate::report::tax::table() else { return };
    if let Ok(Some((key, m))) = crate::report::tax::counter_notice(store, &table, app.clock.today()) {
        app.on_tax_notice(m);
        let _ = store.mark_notice_shown(&key);
    }
}

/// The default shop file when set up; otherwise the demo shop, seeded.
fn open_for_ui(ctx: &Ctx) -> Result<Store, Failure> {
    if ctx.demo {
        return ctx.open();
    }
    if ctx.default_db && !ctx.db.exists() {
        let demo = crate::context::data_dir().join("demo.quay");
        let mut store = Store::open_with_clock(&demo, OpenMode::Create, ctx.clock)?;
        crate::demo::ensure_demo(&mut store)?;
        return Ok(store);
    }
    ctx.open()
}

#[cfg(test)]
mod tests;
