//! `quay sell`, `sales`, `refund`, `void`, `session`, `report x|z`,
//! `users`, `receipt preview`: the counter from the command line, through
//! the same services as the sell screen.

use super::args::{
    AuthArgs, PrintFlags, PrinterCommand, ReceiptCommand, RefundArgs, ReportCommand, SalesCommand, SellArgs,
    SessionCommand, SheetFormat, UsersCommand, WhoArgs,
};
use super::{CmdResult, Ctx, Failure};
use crate::checkout::tender::{Method, Tender, Wallet};
use crate::checkout::{Cart, Discount, split_qty_prefix};
use crate::counter::{self, Actor};
use crate::money::Vnd;
use crate::msg;
use crate::report::zreport;
use crate::sales::{SaleRecord, format_number};
use crate::staff;
use crate::store::Store;
use crate::users::Role;

/// The acting user: single-user mode when the shop has none, else a PIN check.
pub(crate) fn who(store: &mut Store, w: &WhoArgs) -> Result<Actor, Failure> {
    if !counter::has_users(store)? {
        return Ok(Actor::owner());
    }
    let (Some(name), Some(pin)) = (&w.user, &w.pin) else {
        return Err(Failure::usage(msg!(
            "cửa hàng có người dùng: cần --user TÊN và --pin (hoặc QUAY_USER, QUAY_PIN)",
            "this shop has users: --user NAME and --pin are needed (or QUAY_USER, QUAY_PIN)"
        )));
    };
    Ok(counter::login(store, name, pin)?)
}

/// Changes only a manager may make once the shop has users (profile,
/// prices, deactivation, invoice statuses, backup, restore): `--user/--pin`
/// of a manager, or `--manager/--manager-pin`. Returns the name for the
/// audit row (the shell user in single-user mode).
pub(crate) fn manager_only(store: &mut Store, w: &WhoArgs) -> Result<String, Failure> {
    if let (Some(n), Some(p)) = (&w.manager, &w.manager_pin)
        && counter::has_users(store)?
    {
        return Ok(counter::approve(store, n, p)?.name);
    }
    manager_auth(
        store,
        &AuthArgs {
            user: w.user.clone(),
            pin: w.pin.clone(),
        },
    )
}

/// [`manager_only`] for commands that take only `--user/--pin`.
pub(crate) fn manager_auth(store: &mut Store, w: &AuthArgs) -> Result<String, Failure> {
    if !counter::has_users(store)? {
        return Ok(crate::context::default_actor());
    }
    let (Some(name), Some(pin)) = (&w.user, &w.pin) else {
        return Err(Failure::usage(msg!(
            "việc này cần quản lý: thêm --user TÊN --pin PIN của một quản lý (hoặc QUAY_USER, QUAY_PIN)",
            "this needs a manager: add --user NAME --pin PIN of a manager (or QUAY_USER, QUAY_PIN)"
        )));
    };
    Ok(counter::approve(store, name, pin)?.name)
}

/// A manager's approval: the actor if a manager, else --manager/--manager-pin.
fn manager(store: &mut Store, actor: &Actor, w: &WhoArgs) -> Result<Actor, Failure> {
    if actor.is_manager() {
        return Ok(actor.clone());
    }
    match (&w.manager, &w.manager_pin) {
        (Some(n), Some(p)) => Ok(counter::approve(store, n, p)?),
        _ => Err(Failure::refused(msg!(
            "cần quản lý duyệt: thêm --manager TÊN --manager-pin PIN",
            "a manager must approve: add --manager NAME --manager-pin PIN"
        ))),
    }
}

pub(super) fn amount(s: &str, what: &str) -> Result<Vnd, Failure> {
    let v = Vnd::parse(s).map_err(|e| Failure::refused(msg!("{what} '{s}': {e}", "{what} '{s}': {e}")))?;
    crate::checkout::tender::check_amount(v)
        .map_err(|m| Failure::refused(m.msg().prefixed(&format!("{what} '{s}': "), &format!("{what} '{s}': "))))?;
    Ok(v)
}

/// `cash[:AMOUNT]`, `qr[@AMOUNT]`, `card[:REF][@AMOUNT]`, `wallet:NAME[:REF][@AMOUNT]`.
fn parse_pay(s: &str) -> Result<(Method, Option<Vnd>, Option<String>), Failure> {
    let bad = || {
        Failure::usage(msg!(
            "--pay '{s}': cần cash[:SỐ TIỀN], qr[@SỐ TIỀN], card[:MÃ][@SỐ TIỀN] hoặc wallet:TÊN[:MÃ][@SỐ TIỀN] (TÊN: momo, zalopay, vnpay, shopeepay, other), debt[:SỐ TIỀN]",
            "--pay '{s}': expected cash[:AMOUNT], qr[@AMOUNT], card[:REF][@AMOUNT] or wallet:NAME[:REF][@AMOUNT] (NAME: momo, zalopay, vnpay, shopeepay, other), debt[:AMOUNT]"
        ))
    };
    let (body, at) = match s.rsplit_once('@') {
        Some((b, a)) => (b, Some(amount(a, "--pay")?)),
        None => (s, None),
    };
    let mut parts = body.splitn(3, ':');
    let kind = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    match kind.as_str() {
        "cash" | "tm" => {
            let a = parts.next().map(|a| amount(a, "--pay cash")).transpose()?;
            Ok((Method::Cash, a.or(at), None))
        }
        "qr" | "transfer" | "ck" => Ok((Method::Transfer, at, None)),
        // debt[:AMOUNT]: on the --customer's account
        "debt" | "no" | "ghino" => {
            let a = parts.next().map(|a| amount(a, "--pay debt")).transpose()?;
            Ok((Method::Debt, a.or(at), None))
        }
        "card" | "the" => Ok((Method::Card, at, parts.next().map(str::to_string))),
        "wallet" | "vi" => {
            let w = parts.next().and_then(Wallet::parse).ok_or_else(bad)?;
            Ok((Method::Wallet(w), at, parts.next().map(str::to_string)))
        }
        _ => Err(bad()),
    }
}

pub fn sell(ctx: &Ctx, a: &SellArgs) -> CmdResult {
    let uuid = match &a.id {
        Some(id) => uuid::Uuid::parse_str(id.trim()).map(|u| u.to_string()).map_err(|_| {
            Failure::usage(msg!(
                "--id '{id}': cần một UUID như 3f2b8c1e-5d4a-4e2f-9b1c-7a6d5e4f3a2b",
                "--id '{id}': expected a UUID such as 3f2b8c1e-5d4a-4e2f-9b1c-7a6d5e4f3a2b"
            ))
        })?,
        None => counter::new_uuid(),
    };
    let mut store = ctx.open()?;
    let profile = store
        .profile()?
        .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
    let actor = who(&mut store, &a.who)?;
    let mut cart = Cart::default();
    for item in &a.items {
        let (qty, code) = split_qty_prefix(item).map_err(|m| {
            Failure::refused(
                m.msg()
                    .prefixed(&format!("--item '{item}': "), &format!("--item '{item}': ")),
            )
        })?;
        let p = match super::debt::unknown_item(&mut store, a, code, &actor)? {
            Some(p) => Ok(p),
            None => counter::lookup(&store, code),
        };
        let p = p.map_err(|e| {
            let f = Failure::from(e);
            Failure {
                code: f.code,
                msg: f
                    .msg
                    .prefixed(&format!("--item '{item}': "), &format!("--item '{item}': ")),
            }
        })?;
        cart.add(&p, qty.unwrap_or(1000)).map_err(Failure::from)?;
    }
    let overrides = super::debt::price_overrides(&store, a, &mut cart, &actor)?;
    if let Some(d) = &a.discount {
        cart.discount =
            Some(Discount::parse(d).map_err(|m| Failure::refused(m.msg().prefixed("--discount: ", "--discount: ")))?);
    }
    let totals = crate::checkout::price(&cart, profile.tax_method).map_err(Failure::from)?;
    let pays: Vec<(Method, Option<Vnd>, Option<String>)> =
        a.pays.iter().map(|p| parse_pay(p)).collect::<Result<_, _>>()?;
    if pays.iter().filter(|p| p.1.is_none()).count() > 1 {
        return Err(Failure::usage(msg!(
            "chỉ một --pay được để trống số tiền (nhận phần còn lại)",
            "only one --pay may leave out its amount (it takes what is left)"
        )));
    }
    let explicit = Vnd::checked_sum(pays.iter().filter_map(|p| p.1)).ok_or_else(|| {
        Failure::refused(msg!(
            "--pay: tổng số tiền quá lớn",
            "--pay: the amounts add up to too much"
        ))
    })?;
    let due = super::debt::cash_due(&store, &pays, totals.total)?;
    let rest = due.checked_sub(explicit).unwrap_or(Vnd::ZERO);
    let mut tenders: Vec<Tender> = pays
        .into_iter()
        .map(|(method, amt, reference)| Tender {
            method,
            amount: amt.unwrap_or(rest),
            reference,
        })
        .collect();
    if !a.confirm_large
        && let Some(t) = tenders
            .iter()
            .find(|t| t.method.is_cash() && Vnd::needs_confirmation(t.amount, totals.total))
    {
        let (v, due) = (t.amount, totals.total);
        return Err(Failure::refused(msg!(
            "--pay: khách đưa {v} cho đơn {due}? Số tiền rất lớn, có thể gõ nhầm; nếu đúng, thêm --confirm-large",
            "--pay: {v} tendered for a {due} sale? That is far above it, likely a typo; if it is right, add --confirm-large"
        )));
    }
    let approver = match (&a.who.manager, &a.who.manager_pin) {
        (Some(n), Some(p)) => Some(counter::approve(&mut store, n, p)?),
        _ => None,
    };
    let b = &a.buyer;
    let buyer = crate::einvoice::Buyer {
        name: b.buyer_name.clone(),
        address: b.buyer_address.clone(),
        tax_code: b.buyer_tax_code.clone(),
        id_number: b.buyer_id.clone(),
        phone: b.buyer_phone.clone(),
    };
    let mut buyer = (!buyer.is_empty()).then_some(buyer);
    super::debt::sell_customer(&store, a, &mut tenders, &actor, approver.as_ref(), &mut buyer)?;
    let (committed, rec) = counter::commit_cart_with(
        &mut store,
        &profile,
        &actor,
        &cart,
        &tenders,
        &uuid,
        approver.as_ref(),
        buyer,
        a.invoice,
    )?;
    super::debt::record_overrides(&mut store, &overrides, &rec, &actor)?;
    print_sale(ctx, &rec, a.who.json, &store)?;
    if let Some(m) = crate::stock::below_zero_after_sale(&store, rec.id)? {
        eprintln!("{}: {}", ctx.t("cảnh báo", "warning"), m.get(ctx.lang));
    }
    let late = store.unbatched_before(&crate::time::today_vn().to_string())?;
    if late > 0 {
        eprintln!(
            "{}: {}",
            ctx.t("cảnh báo", "warning"),
            msg!(
                "{late} hóa đơn của những ngày trước chưa gửi: quay invoice batch",
                "{late} invoices of earlier days are not sent yet: quay invoice batch"
            )
            .get(ctx.lang)
        );
    }
    if profile.tax_method == crate::shop::TaxMethod::Direct {
        super::tax::notice_once(ctx, &mut store);
    }
    // Print after the commit; a printer problem never undoes the sale.
    let shop_printer = profile.printer.clone();
    // A retried command (same --id) does not print the receipt again.
    if !a.no_print
        && !committed.already
        && shop_printer.uri.is_some()
        && !json_keeps_receipt(ctx, &store, a.who.json, rec.number)?
    {
        let drawer = crate::printing::opens_drawer(&rec, &shop_printer);
        if let Err(e) = crate::printing::print_sale(
            &mut store,
            rec.number,
            &Default::default(),
            &actor.name,
            ctx.lang,
            drawer,
        ) {
            eprintln!(
                "{}: {} ({})",
                ctx.t("cảnh báo", "warning"),
                e.msg().get(ctx.lang),
                ctx.t(
                    "đơn đã ghi; phiếu chờ in lại: quay receipt print",
                    "the sale is saved; the receipt waits: quay receipt print"
                )
            );
        }
    }
    Ok(())
}

fn print_sale(ctx: &Ctx, rec: &SaleRecord, json: bool, store: &Store) -> CmdResult {
    if json {
        println!("{}", serde_json::to_string(rec).unwrap_or_default());
        return Ok(());
    }
    let profile = store
        .profile()?
        .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
    for line in crate::receipt::layout(rec, &profile, crate::receipt::WIDTH_80MM, ctx.lang) {
        println!("{}", crate::text::terminal_safe(&line));
    }
    Ok(())
}

pub fn sales(ctx: &Ctx, c: SalesCommand) -> CmdResult {
    let store = ctx.open()?;
    match c {
        SalesCommand::List {
            from,
            to,
            limit,
            json,
            format,
            out,
        } => {
            let format = super::sheets::format(json, format, out.as_deref())?;
            let (from, to) = super::date_range(from, to)?;
            let rows = store.list_sales(&from, &to, limit)?;
            match format {
                SheetFormat::Json => {
                    println!("{}", serde_json::json!({ "from": from, "to": to, "sales": rows }));
                    return Ok(());
                }
                SheetFormat::Csv | SheetFormat::Xlsx => {
                    return super::sheets::emit(ctx, format, out.as_deref(), &super::sheets::sales(ctx, &rows));
                }
                SheetFormat::Table => {}
            }
            if rows.is_empty() {
                println!(
                    "{}",
                    ctx.lang.pick(
                        &format!("Không có đơn nào từ {from} đến {to}."),
                        &format!("No sales from {from} to {to}.")
                    )
                );
                return Ok(());
            }
            for r in rows {
                // methods in the reader's language ("Tiền mặt", not `cash`)
                let methods: Vec<String> = r
                    .methods
                    .split('+')
                    .filter(|m| !m.is_empty())
                    .map(|m| Method::from_code(m).map_or_else(|| m.to_string(), |x| x.label(ctx.lang)))
                    .collect();
                println!(
                    "{}  {}  {:<9} {:>16}  {:>2} {}  {}  {}",
                    format_number(r.number),
                    zreport::short_ts(&r.ts),
                    r.kind.label(ctx.lang),
                    r.total.to_string(),
                    r.lines,
                    ctx.t("dòng", "lines"),
                    methods.join(" + "),
                    crate::text::terminal_safe(&r.user)
                );
            }
            Ok(())
        }
        SalesCommand::Show { number, json } => {
            let rec = store.sale_by_number(number)?.ok_or_else(|| {
                let n = format_number(number);
                Failure::refused(msg!("không có đơn {n}", "no sale {n}"))
            })?;
            print_sale(ctx, &rec, json, &store)
        }
    }
}

pub fn refund(ctx: &Ctx, a: &RefundArgs) -> CmdResult {
    let mut store = ctx.open()?;
    let profile = store
        .profile()?
        .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
    let actor = who(&mut store, &a.who)?;
    let approver = manager(&mut store, &actor, &a.who)?;
    let method = match &a.method {
        Some(m) => Method::from_code(m).ok_or_else(|| {
            Failure::usage(msg!(
                "--method '{m}': cần cash, qr, card hoặc wallet:TÊN",
                "--method '{m}': expected cash, qr, card or wallet:NAME"
            ))
        })?,
        // back the way it was paid (the largest payment's method)
        None => store
            .sale_by_number(a.number)?
            .map(|s| s.refund_method())
            .unwrap_or(Method::Cash),
    };
    let mut items = Vec::new();
    for l in &a.lines {
        let (no, qty) = match l.split_once(':') {
            Some((n, q)) => (n, Some(q)),
            None => (l.as_str(), None),
        };
        let no: i64 = no.trim().parse().map_err(|_| {
            Failure::usage(msg!(
                "--line '{l}': cần SỐ DÒNG[:SỐ LƯỢNG]",
                "--line '{l}': expected LINE[:QTY]"
            ))
        })?;
        let rec = store.sale_by_number(a.number)?;
        let qty = match qty {
            Some(q) => crate::checkout::parse_qty(q).map_err(Failure::from)?,
            None => rec
                .and_then(|r| {
                    r.lines
                        .into_iter()
                        .find(|x| x.line_no == no)
                        .map(|x| x.qty_milli - x.returned_milli)
                })
                .unwrap_or(0),
        };
        items.push((no, qty));
    }
    let rec = counter::refund_with_reference(
        &mut store,
        &profile,
        &actor,
        &approver,
        a.number,
        &items,
        method,
        a.reference.clone(),
    )?;
    print_sale(ctx, &rec, a.who.json, &store)?;
    print_slip(ctx, &mut store, &profile, &rec, &actor, a.who.json);
    Ok(())
}

/// Print a void or refund slip on the shop's printer (drawer for cash); a
/// printer problem is a warning, the document is saved.
fn print_slip(
    ctx: &Ctx,
    store: &mut Store,
    profile: &crate::shop::ShopProfile,
    rec: &SaleRecord,
    actor: &Actor,
    json: bool,
) {
    if profile.printer.uri.is_none() || json_keeps_receipt(ctx, store, json, rec.number).unwrap_or(true) {
        return;
    }
    let drawer = crate::printing::opens_drawer(rec, &profile.printer);
    if let Err(e) = crate::printing::print_sale(store, rec.number, &Default::default(), &actor.name, ctx.lang, drawer) {
        eprintln!(
            "{}: {} ({})",
            ctx.t("cảnh báo", "warning"),
            e.msg().get(ctx.lang),
            ctx.t(
                "chứng từ đã ghi; phiếu chờ in lại: quay receipt print",
                "the document is saved; the slip waits: quay receipt print"
            )
        );
    }
}

pub fn void(ctx: &Ctx, w: &WhoArgs) -> CmdResult {
    let mut store = ctx.open()?;
    let profile = store
        .profile()?
        .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
    let actor = who(&mut store, w)?;
    let approver = manager(&mut store, &actor, w)?;
    let rec = counter::void_last(&mut store, &profile, &actor, &approver)?;
    print_sale(ctx, &rec, w.json, &store)?;
    print_slip(ctx, &mut store, &profile, &rec, &actor, w.json);
    Ok(())
}

pub fn session(ctx: &Ctx, c: SessionCommand) -> CmdResult {
    let mut store = ctx.open()?;
    match c {
        SessionCommand::Open { float, who: w } => {
            let actor = who(&mut store, &w)?;
            let s = store.open_session(amount(&float, "--float")?, &actor.name)?;
            if w.json {
                let doc = serde_json::json!({
                    "session_id": s.id,
                    "opened_at": s.opened_at,
                    "opened_by": s.opened_by,
                    "opening_float": s.opening_float,
                });
                println!("{doc}");
                return Ok(());
            }
            println!(
                "{}",
                ctx.lang.pick(
                    &format!("Đã mở ca {} với {} tiền đầu ca.", s.id, s.opening_float),
                    &format!("Opened session {} with a float of {}.", s.id, s.opening_float)
                )
            );
            Ok(())
        }
        SessionCommand::CashIn {
            amount: a,
            reason,
            who: w,
        } => cash_move(ctx, &mut store, &a, &reason, &w, false),
        SessionCommand::CashOut {
            amount: a,
            reason,
            who: w,
        } => cash_move(ctx, &mut store, &a, &reason, &w, true),
        SessionCommand::Close { counted, who: w } => {
            let actor = who(&mut store, &w)?;
            let counted = amount(&counted, "--counted")?;
            let report = close_session(&mut store, &actor, counted)?;
            if w.json {
                println!("{}", serde_json::to_string(&report).unwrap_or_default());
                return Ok(());
            }
            for l in zreport::render(&report, ctx.lang, crate::receipt::WIDTH_80MM) {
                println!("{l}");
            }
            Ok(())
        }
    }
}

/// Close the open session and return its frozen Z report.
pub(crate) fn close_session(store: &mut Store, actor: &Actor, counted: Vnd) -> Result<zreport::SessionReport, Failure> {
    Ok(counter::close_session(store, actor, counted)?)
}

fn cash_move(ctx: &Ctx, store: &mut Store, a: &str, reason: &str, w: &WhoArgs, out: bool) -> CmdResult {
    let actor = who(store, w)?;
    let v = amount(a, "--amount")?;
    if v.0 <= 0 {
        return Err(Failure::refused(msg!(
            "--amount phải lớn hơn 0",
            "--amount must be above zero"
        )));
    }
    store.cash_move(if out { -v } else { v }, reason, &actor.name)?;
    if w.json {
        let doc = serde_json::json!({
            "kind": if out { "cash_out" } else { "cash_in" },
            "amount": v,
            "reason": reason,
            "user": actor.name,
        });
        println!("{doc}");
        return Ok(());
    }
    let text = if out {
        msg!(
            "Đã ghi rút {v} khỏi két: {reason}",
            "Recorded {v} taken out of the drawer: {reason}"
        )
    } else {
        msg!(
            "Đã ghi nộp {v} vào két: {reason}",
            "Recorded {v} put into the drawer: {reason}"
        )
    };
    println!("{}", text.get(ctx.lang));
    Ok(())
}

pub fn report(ctx: &Ctx, c: ReportCommand) -> CmdResult {
    let store = ctx.open()?;
    match c {
        ReportCommand::Cashless {
            from,
            to,
            by,
            format,
            out,
        } => super::ward::cashless(ctx, &store, &from, &to, &by, format, out.as_deref()),
        ReportCommand::Summary { period, json } => super::ward::summary(ctx, &store, &period, json),
        ReportCommand::Cashiers {
            date,
            json,
            format,
            out,
        } => {
            let format = super::sheets::format(json, format, out.as_deref())?;
            super::debt::cashiers(ctx, &store, date, format, out.as_deref())
        }
        ReportCommand::Profit {
            from,
            to,
            by,
            json,
            format,
            out,
        } => {
            let format = super::sheets::format(json, format, out.as_deref())?;
            super::stock::profit(ctx, &store, &from, &to, by.as_deref(), format, out.as_deref())
        }
        ReportCommand::X { json } => {
            let r = counter::x_report(&store)?.ok_or_else(|| {
                Failure::refused(msg!("chưa mở ca: chưa có báo cáo X", "no open session: no X report"))
            })?;
            if json {
                println!("{}", serde_json::to_string(&r).unwrap_or_default());
            } else {
                for l in zreport::render(&r, ctx.lang, crate::receipt::WIDTH_80MM) {
                    println!("{l}");
                }
            }
            Ok(())
        }
        ReportCommand::Z { date, json } => {
            let date = match date {
                Some(d) => super::date_arg(&d)?,
                None => crate::time::today_vn().to_string(),
            };
            let (reports, unreadable) = zreport::closed_on(&store, &date)?;
            // A damaged report is named on stderr and fails the command
            // (exit 3) after the readable ones are shown.
            let damaged = || -> CmdResult {
                if unreadable.is_empty() {
                    return Ok(());
                }
                let list: Vec<String> = unreadable.iter().map(|(z, e)| format!("Z{z} ({e})")).collect();
                let list = list.join(", ");
                Err(Failure {
                    code: 3,
                    msg: msg!(
                        "Báo cáo Z trong tệp cửa hàng bị hỏng, không đọc được: {list}",
                        "Z report(s) in the shop file are damaged and cannot be read: {list}"
                    ),
                })
            };
            if json {
                // The newest Z report's anchor, at the top for `audit verify --against`.
                let head = reports
                    .iter()
                    .filter_map(|r| r.audit_head.clone())
                    .max_by_key(|h| h.seq);
                println!(
                    "{}",
                    serde_json::json!({ "date": date, "audit_head": head, "z_reports": reports })
                );
                return damaged();
            }
            if reports.is_empty() && unreadable.is_empty() {
                println!(
                    "{}",
                    ctx.lang.pick(
                        &format!(
                            "Không có báo cáo Z nào ngày {date} (chốt ca bằng `quay session close --counted SỐ_TIỀN`)."
                        ),
                        &format!("No Z report on {date} (close a session with `quay session close --counted AMOUNT`).")
                    )
                );
            }
            for r in reports {
                for l in zreport::render(&r, ctx.lang, crate::receipt::WIDTH_80MM) {
                    println!("{l}");
                }
            }
            damaged()
        }
    }
}

pub fn users(ctx: &Ctx, c: UsersCommand) -> CmdResult {
    let mut store = ctx.open()?;
    match c {
        UsersCommand::Add {
            name,
            role,
            set_pin: pin,
            who: w,
        } => {
            // The first user is added by the owner; after that a manager adds users.
            let role = Role::parse(&role).ok_or_else(|| {
                Failure::usage(msg!(
                    "--role '{role}': cần cashier hoặc manager",
                    "--role '{role}': expected cashier or manager"
                ))
            })?;
            let actor = if staff::adding_first(&store)? {
                Actor::owner()
            } else {
                let a = who(&mut store, &w)?;
                manager(&mut store, &a, &w)?
            };
            let code = staff::add_user(&mut store, &actor, &name, role, &pin)?;
            let name = name.trim().to_string();
            if w.json {
                let doc = serde_json::json!({
                    "name": name,
                    "role": role,
                    "active": true,
                    "recovery_code": code,
                });
                println!("{doc}");
                return Ok(());
            }
            let r = role.label(ctx.lang);
            println!("{}", msg!("Đã thêm {name} ({r})", "Added {name} ({r})").get(ctx.lang));
            if let Some(code) = code {
                print_recovery_code(ctx, &name, &code);
            }
            Ok(())
        }
        UsersCommand::List { json } => {
            let list = store.users()?;
            if json {
                println!("{}", serde_json::json!({ "users": list }));
                return Ok(());
            }
            if list.is_empty() {
                println!(
                    "{}",
                    ctx.t(
                        "Chưa có người dùng: quầy chạy ở chế độ một người (chủ cửa hàng). Thêm: quay users add TÊN --role manager --pin 1234",
                        "No users yet: the counter runs in single-user mode (the owner). Add one: quay users add NAME --role manager --pin 1234"
                    )
                );
            }
            for u in list {
                let state = if !u.active {
                    ctx.t("đã khóa", "disabled")
                } else if u.lock_left(&crate::time::now_vn()).is_some() {
                    ctx.t("khóa do sai PIN", "locked (wrong PINs)")
                } else {
                    ctx.t("hoạt động", "active")
                };
                println!(
                    "{:<20} {:<10} {state}",
                    crate::text::terminal_safe(&u.name),
                    u.role.label(ctx.lang)
                );
            }
            Ok(())
        }
        UsersCommand::Recover { name, code, set_pin } => {
            let next = staff::recover(&mut store, &name, &code, &set_pin)?;
            println!(
                "{}",
                msg!(
                    "Đã đặt PIN mới cho {name} và mở khóa.",
                    "New PIN set for {name}; unlocked."
                )
                .get(ctx.lang)
            );
            print_recovery_code(ctx, &name, &next);
            Ok(())
        }
        UsersCommand::Disable { name, who: w } => set_user(ctx, &mut store, &name, &w, false),
        UsersCommand::Enable { name, who: w } => set_user(ctx, &mut store, &name, &w, true),
    }
}

fn print_recovery_code(ctx: &Ctx, name: &str, code: &str) {
    println!(
        "{}",
        msg!(
            "MÃ KHÔI PHỤC của {name}: {code}\nHãy ghi lại và cất kỹ: mã chỉ hiện một lần, dùng một lần khi quên PIN hoặc bị khóa (quay users recover {name} --code MÃ --set-pin PIN_MỚI).",
            "RECOVERY CODE for {name}: {code}\nWrite it down and keep it safe: it is shown once and works once, when the PIN is forgotten or locked (quay users recover {name} --code CODE --set-pin NEW_PIN)."
        )
        .get(ctx.lang)
    );
}

fn set_user(ctx: &Ctx, store: &mut Store, name: &str, w: &WhoArgs, active: bool) -> CmdResult {
    let a = who(store, w)?;
    let m = manager(store, &a, w)?;
    store.set_user_active(name, active, &m.name)?;
    if w.json {
        println!("{}", serde_json::json!({ "name": name, "active": active }));
        return Ok(());
    }
    let text = if active {
        msg!("Đã mở khóa {name}", "Enabled {name}")
    } else {
        msg!("Đã khóa {name}", "Disabled {name}")
    };
    println!("{}", text.get(ctx.lang));
    Ok(())
}

/// Whether these print settings send the printer's bytes to stdout.
fn prints_to_stdout(store: &Store, ov: &crate::printing::Overrides) -> Result<bool, Failure> {
    let base = store.profile()?.map(|p| p.printer).unwrap_or_default();
    Ok(ov
        .apply(base)
        .uri
        .as_deref()
        .and_then(|u| crate::receipt::transport::PrinterUri::parse(u).ok())
        .is_some_and(|u| matches!(u, crate::receipt::transport::PrinterUri::Stdout)))
}

/// With `--json`, stdout carries the JSON document only: a receipt or slip
/// for the shop's `stdout` printer is not printed but stays queued (`quay
/// receipt print N`), and stderr says so. Returns true when it was held back.
fn json_keeps_receipt(ctx: &Ctx, store: &Store, json: bool, number: i64) -> Result<bool, Failure> {
    if !json || !prints_to_stdout(store, &Default::default())? {
        return Ok(false);
    }
    let n = format_number(number);
    eprintln!(
        "{}: {}",
        ctx.t("lưu ý", "note"),
        msg!(
            "với --json, phiếu không in ra stdout; phiếu đơn {n} chờ in: quay receipt print {number}",
            "with --json the receipt is not printed to stdout; the receipt of {n} waits: quay receipt print {number}"
        )
        .get(ctx.lang)
    );
    Ok(true)
}

fn overrides(f: &PrintFlags) -> Result<crate::printing::Overrides, Failure> {
    let paper = match &f.paper {
        Some(s) => Some(crate::receipt::Paper::parse(s).ok_or_else(|| {
            Failure::usage(msg!(
                "--paper '{s}': cần 58 hoặc 80",
                "--paper '{s}': expected 58 or 80"
            ))
        })?),
        None => None,
    };
    let mode = match &f.mode {
        Some(s) => Some(crate::receipt::TextMode::parse(s).ok_or_else(|| {
            Failure::usage(msg!(
                "--mode '{s}': cần raster, tcvn3, cp1258 hoặc ascii",
                "--mode '{s}': expected raster, tcvn3, cp1258 or ascii"
            ))
        })?),
        None => None,
    };
    if let Some(u) = &f.printer {
        crate::receipt::transport::PrinterUri::parse(u)
            .map_err(|m| Failure::usage(m.prefixed("--printer: ", "--printer: ")))?;
    }
    Ok(crate::printing::Overrides {
        uri: f.printer.clone(),
        paper,
        mode,
        pay_qr: f.pay_qr,
    })
}

pub fn receipt(ctx: &Ctx, c: ReceiptCommand) -> CmdResult {
    match c {
        ReceiptCommand::Preview { number, flags, png } => {
            let store = ctx.open()?;
            let ov = overrides(&flags)?;
            let rec = store.sale_by_number(number)?.ok_or_else(|| {
                let n = format_number(number);
                Failure::refused(msg!("không có đơn {n}", "no sale {n}"))
            })?;
            let profile = store
                .profile()?
                .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
            let p = ov.apply(profile.printer.clone());
            let qr = if ov.pay_qr {
                Some(crate::printing::pay_qr_for(&rec, &profile, ctx.lang).map_err(Failure::from)?)
            } else {
                None
            };
            let r = crate::receipt::build(&rec, &profile, p.paper.cols(), ctx.lang, qr);
            for l in &r.lines {
                println!("{l}");
            }
            if let Some(path) = png {
                let bmp = crate::receipt::raster::render_lines(&r.lines, &r.bold, p.paper.cols());
                let bytes = bmp
                    .png()
                    .map_err(|e| Failure::refused(msg!("không tạo được PNG: {e}", "cannot make the PNG: {e}")))?;
                super::write_file(&path, &bytes)?;
            }
            Ok(())
        }
        ReceiptCommand::Print {
            number,
            flags,
            drawer,
            who: w,
        } => {
            let mut store = ctx.open()?;
            let actor = who(&mut store, &w)?;
            let ov = overrides(&flags)?;
            if w.json && prints_to_stdout(&store, &ov)? {
                return Err(Failure::usage(msg!(
                    "--json và máy in stdout không đi cùng nhau: byte của máy in sẽ lẫn vào JSON; bỏ --json hoặc chọn máy in khác (--printer)",
                    "--json and the stdout printer do not go together: the printer's bytes would mix into the JSON; drop --json or pick another printer (--printer)"
                )));
            }
            crate::printing::print_sale(&mut store, number, &ov, &actor.name, ctx.lang, drawer)?;
            if w.json {
                let doc = serde_json::json!({ "sale_number": number, "printed": true, "drawer": drawer });
                println!("{doc}");
                return Ok(());
            }
            let n = format_number(number);
            println!(
                "{}",
                msg!("Đã in phiếu đơn {n}", "Printed the receipt of sale {n}").get(ctx.lang)
            );
            Ok(())
        }
        ReceiptCommand::Jobs { json } => {
            let store = ctx.open()?;
            let jobs = store.print_jobs(true)?;
            if json {
                println!("{}", serde_json::json!({ "jobs": jobs }));
                return Ok(());
            }
            if jobs.is_empty() {
                println!(
                    "{}",
                    ctx.t("Không có phiếu nào chờ in.", "No receipts waiting to print.")
                );
            }
            for j in jobs {
                let n = j.sale_number.map(format_number).unwrap_or_default();
                println!(
                    "{n}  {:<7} {} {}  {}",
                    j.status,
                    j.attempts,
                    ctx.t("lần", "tries"),
                    j.last_error.unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}

pub fn printer(ctx: &Ctx, c: PrinterCommand) -> CmdResult {
    match c {
        PrinterCommand::Test { flags } => {
            let ov = overrides(&flags)?;
            // The shop's settings if there is a shop file, else the defaults.
            let base = match ctx.open() {
                Ok(store) => store.profile()?.map(|p| p.printer).unwrap_or_default(),
                Err(_) => Default::default(),
            };
            let p = ov.apply(base);
            let uri = p.uri.clone().ok_or_else(|| {
                Failure::refused(msg!(
                    "chưa có máy in: thêm --printer file:/dev/usb/lp0 (hoặc tcp://IP:9100)",
                    "no printer: add --printer file:/dev/usb/lp0 (or tcp://IP:9100)"
                ))
            })?;
            let uri = crate::receipt::transport::PrinterUri::parse(&uri).map_err(Failure::usage)?;
            let modes: Vec<crate::receipt::TextMode> = match ov.mode {
                Some(m) => vec![m],
                None => crate::receipt::TextMode::ALL.to_vec(),
            };
            for m in modes {
                let mut pm = p.clone();
                pm.mode = m;
                let bytes = crate::printing::test_page(&pm, ctx.lang).map_err(Failure::from)?;
                crate::receipt::transport::send(&uri, &bytes).map_err(|m| Failure { code: 3, msg: m.msg() })?;
                if !matches!(uri, crate::receipt::transport::PrinterUri::Stdout) {
                    let mode = m.code();
                    println!(
                        "{}",
                        msg!("Đã in trang thử chế độ {mode}", "Printed the {mode} test page").get(ctx.lang)
                    );
                }
            }
            Ok(())
        }
    }
}
