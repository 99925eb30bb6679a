//! `quay debt pay|list|show`, and the customer part of `quay sell`.

use unicode_width::UnicodeWidthStr;

use super::args::{DebtCommand, SellArgs, SheetFormat};
use super::{CmdResult, Ctx, Failure};
use crate::checkout::tender::{Method, Tender};
use crate::counter::Actor;
use crate::money::Vnd;
use crate::msg;
use crate::store::Store;

fn pad(s: &str, w: usize) -> String {
    let n = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

/// For `quay sell`: the customer named by `--customer`, the debt tenders
/// put on their account (limit: the seller or `--manager` must be a
/// manager), and their details as the buyer when an invoice is asked for
/// without `--buyer-*`.
pub(super) fn sell_customer(
    store: &Store,
    a: &SellArgs,
    tenders: &mut [Tender],
    actor: &Actor,
    approver: Option<&Actor>,
    buyer: &mut Option<crate::einvoice::Buyer>,
) -> Result<(), Failure> {
    let customer = a
        .customer
        .as_deref()
        .map(|k| crate::debt::resolve(store, k))
        .transpose()
        .map_err(|e| {
            let f = Failure::from(e);
            Failure {
                code: f.code,
                msg: f.msg.prefixed("--customer: ", "--customer: "),
            }
        })?;
    let manager_ok = actor.is_manager() || approver.is_some_and(Actor::is_manager);
    crate::debt::attach(store, customer.as_ref(), tenders, manager_ok)?;
    if let Some(c) = &customer
        && a.invoice
        && buyer.is_none()
    {
        *buyer = Some(c.buyer());
    }
    Ok(())
}

pub fn run(ctx: &Ctx, c: DebtCommand) -> CmdResult {
    let mut store = ctx.open()?;
    match c {
        DebtCommand::Pay {
            customer,
            amount,
            method,
            reference,
            id,
            who,
        } => {
            let amount = super::counter::amount(&amount, "--amount")?;
            let uuid = match &id {
                Some(id) => uuid::Uuid::parse_str(id.trim())
                    .map(|u| u.to_string())
                    .map_err(|_| Failure::usage(msg!("--id '{id}': cần một UUID", "--id '{id}': expected a UUID")))?,
                None => crate::counter::new_uuid(),
            };
            let actor = super::counter::who(&mut store, &who)?;
            let c = crate::debt::resolve(&store, &customer)?;
            let p = crate::debt::pay(&mut store, &c, amount, method, reference, &actor.name, &uuid)?;
            let balance = store.debt_balance(c.id)?;
            if who.json {
                println!(
                    "{}",
                    serde_json::json!({ "payment": p, "customer": c.code, "balance": balance })
                );
                return Ok(());
            }
            let label = p.method.label(ctx.lang);
            println!(
                "{} {}  {}  {}  {}",
                p.number,
                crate::text::terminal_safe(&c.name),
                label,
                p.amount,
                crate::time::short_stamp(&p.ts)
            );
            println!("{}: {balance}", ctx.t("Còn nợ", "Balance"));
            Ok(())
        }
        DebtCommand::List { json, format, out } => {
            let format = super::sheets::format(json, format, out.as_deref())?;
            let today = ctx.clock.today();
            let rows = crate::debt::aged(&store, today)?;
            let total: Vnd = rows.iter().map(|r| r.balance).sum();
            match format {
                SheetFormat::Json => {
                    println!(
                        "{}",
                        serde_json::json!({ "as_of": today.to_string(), "total": total, "customers": rows })
                    );
                    return Ok(());
                }
                SheetFormat::Csv | SheetFormat::Xlsx => {
                    return super::sheets::emit(ctx, format, out.as_deref(), &super::sheets::debts(ctx, &rows));
                }
                SheetFormat::Table => {}
            }
            if rows.is_empty() {
                println!("{}", ctx.t("Không ai đang nợ.", "Nobody owes anything."));
                return Ok(());
            }
            println!(
                "{} {} {:>14} {:>11} {:>6}  0-30 / 31-60 / 61-90 / 90+ {}",
                pad(ctx.t("Mã", "Code"), 7),
                pad(ctx.t("Khách hàng", "Customer"), 22),
                ctx.t("Đang nợ", "Owes"),
                ctx.t("Từ ngày", "Since"),
                ctx.t("Ngày", "Days"),
                ctx.t("ngày", "days")
            );
            for r in &rows {
                let ages: Vec<String> = r.by_age.iter().map(|(_, v)| v.to_string()).collect();
                println!(
                    "{} {} {:>14} {:>11} {:>6}  {}",
                    r.code,
                    pad(&crate::text::terminal_safe(&r.name), 22),
                    r.balance.to_string(),
                    r.since.to_string(),
                    r.days,
                    ages.join(" / ")
                );
            }
            println!("{}: {total}", ctx.t("Tổng nợ", "Total owed"));
            Ok(())
        }
        DebtCommand::Show { customer, json } => {
            let c = crate::debt::resolve(&store, &customer)?;
            let s = crate::debt::statement(&store, &c)?;
            if json {
                println!("{}", serde_json::to_string(&s).unwrap_or_default());
                return Ok(());
            }
            for l in crate::debt::statement_lines(&s, ctx.lang) {
                println!("{l}");
            }
            Ok(())
        }
    }
}

/// `quay report cashiers --date D [--json]`.
pub(super) fn cashiers(
    ctx: &Ctx,
    store: &Store,
    date: Option<chrono::NaiveDate>,
    format: SheetFormat,
    out: Option<&std::path::Path>,
) -> CmdResult {
    let date = match date {
        Some(d) => d.to_string(),
        None => ctx.clock.today().to_string(),
    };
    let rows = crate::report::cashiers::cashiers(store, &date)?;
    match format {
        SheetFormat::Json => {
            println!("{}", serde_json::json!({ "date": date, "cashiers": rows }));
            return Ok(());
        }
        SheetFormat::Csv | SheetFormat::Xlsx => {
            return super::sheets::emit(ctx, format, out, &super::sheets::cashiers(ctx, &rows));
        }
        SheetFormat::Table => {}
    }
    for l in crate::report::cashiers::render(&rows, &date, ctx.lang) {
        println!("{l}");
    }
    Ok(())
}

/// For `quay sell --new-item`: when `code` is not in the catalogue, add it
/// (a manager: the seller or `--manager`) and return it; `None` otherwise.
pub(super) fn unknown_item(
    store: &mut Store,
    a: &SellArgs,
    code: &str,
    actor: &Actor,
) -> Result<Option<crate::catalog::Product>, Failure> {
    let Some(spec) = &a.new_item else { return Ok(None) };
    if store.product_by_barcode(code.trim())?.is_some() || store.product_by_sku(code.trim())?.is_some() {
        return Ok(None);
    }
    let item =
        crate::quick_add::parse(spec).map_err(|m| Failure::refused(m.msg().prefixed("--new-item ", "--new-item ")))?;
    let approver = match (&a.who.manager, &a.who.manager_pin) {
        (Some(n), Some(p)) if crate::counter::has_users(store)? => Some(crate::counter::approve(store, n, p)?),
        _ => None,
    };
    let (who, ok) = match approver {
        Some(m) => (m.name.clone(), m.is_manager()),
        None => (actor.name.clone(), actor.is_manager()),
    };
    Ok(Some(crate::quick_add::add(store, code, &item, &who, ok)?))
}

/// Overrides applied to a `quay sell` cart, with the approving manager.
pub(super) struct Overrides {
    done: Vec<(crate::quick_add::PriceOverride, Vnd)>,
    approved_by: Option<String>,
}

/// For `quay sell --price-override`: apply each one (a manager when one
/// lowers the price beyond the discount threshold).
pub(super) fn price_overrides(
    store: &Store,
    a: &SellArgs,
    cart: &mut crate::checkout::Cart,
    actor: &Actor,
) -> Result<Overrides, Failure> {
    let mut out = Overrides {
        done: Vec::new(),
        approved_by: None,
    };
    if a.price_overrides.is_empty() {
        return Ok(out);
    }
    let threshold = store.discount_pin_threshold_bp()?;
    let mut needs_manager = false;
    for s in &a.price_overrides {
        let o = crate::quick_add::parse_override(s)
            .map_err(|m| Failure::refused(m.msg().prefixed("--price-override ", "--price-override ")))?;
        let was = crate::quick_add::apply_override(cart, &o).map_err(Failure::from)?;
        needs_manager |= crate::quick_add::override_needs_manager(was, o.price, threshold);
        out.done.push((o, was));
    }
    if needs_manager && !actor.is_manager() {
        // the manager's PIN itself is checked by `sell` before the commit
        if a.who.manager.is_none() || a.who.manager_pin.is_none() {
            let pct = threshold as f64 / 100.0;
            return Err(Failure::refused(msg!(
                "đổi giá giảm quá {pct}% cần mã PIN của quản lý (--manager, --manager-pin)",
                "a price override more than {pct}% down needs a manager's PIN (--manager, --manager-pin)"
            )));
        }
        out.approved_by = a.who.manager.clone();
    } else if needs_manager {
        out.approved_by = Some(actor.name.clone());
    }
    Ok(out)
}

/// After the sale: the overrides and their reasons in the audit chain.
pub(super) fn record_overrides(
    store: &mut Store,
    o: &Overrides,
    rec: &crate::sales::SaleRecord,
    actor: &Actor,
) -> Result<(), Failure> {
    if o.done.is_empty() {
        return Ok(());
    }
    crate::quick_add::record_overrides(store, rec.number, &o.done, &actor.name, o.approved_by.as_deref())?;
    Ok(())
}

/// For `quay sell`: what a `--pay` without an amount takes — the total,
/// rounded by the shop's cash rounding when every tender is cash.
pub(super) fn cash_due(
    store: &Store,
    pays: &[(Method, Option<Vnd>, Option<String>)],
    total: Vnd,
) -> Result<Vnd, Failure> {
    if pays.is_empty() || !pays.iter().all(|p| p.0 == Method::Cash) {
        return Ok(total);
    }
    Ok(crate::checkout::rounding::round(total, store.cash_rounding()?))
}
