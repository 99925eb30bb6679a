//! `quay customers add|list|show|edit`.

use unicode_width::UnicodeWidthStr;

use super::args::{CustomerFields, CustomersCommand};
use super::{CmdResult, Ctx, Failure};
use crate::customers::{Customer, NewCustomer};
use crate::money::Vnd;
use crate::msg;
use crate::store::Store;

fn limit(f: &CustomerFields) -> Result<Option<Option<Vnd>>, Failure> {
    if f.no_limit {
        return Ok(Some(None));
    }
    f.limit
        .as_deref()
        .map(|l| super::counter::amount(l, "--limit").map(Some))
        .transpose()
}

/// Who may change a debt limit: a manager (or the owner in single-user mode).
fn limit_actor(store: &mut Store, who: &super::args::WhoArgs) -> Result<String, Failure> {
    super::counter::manager_only(store, who)
}

fn pad(s: &str, w: usize) -> String {
    let n = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

pub(super) fn print_customer(ctx: &Ctx, c: &Customer, balance: Vnd) {
    let safe = crate::text::terminal_safe;
    println!("{}  {}", c.code, safe(&c.name));
    println!("  {}: {}", ctx.t("Điện thoại", "Phone"), c.phone);
    if let Some(a) = &c.address {
        println!("  {}: {}", ctx.t("Địa chỉ", "Address"), safe(a));
    }
    if let Some(t) = &c.tax_code {
        println!("  {}: {t}", ctx.t("MST", "Tax code"));
    }
    if let Some(i) = &c.id_number {
        println!("  {}: {i}", ctx.t("CCCD", "Personal ID"));
    }
    let l = c
        .debt_limit
        .map_or_else(|| ctx.t("không", "none").to_string(), |v| v.to_string());
    println!("  {}: {l}", ctx.t("Hạn mức nợ", "Debt limit"));
    println!("  {}: {balance}", ctx.t("Đang nợ", "Owes"));
}

pub fn run(ctx: &Ctx, c: CustomersCommand) -> CmdResult {
    let mut store = ctx.open()?;
    match c {
        CustomersCommand::Add { fields, who } => {
            let lim = limit(&fields)?;
            let actor = if lim.flatten().is_some() {
                limit_actor(&mut store, &who)?
            } else {
                super::counter::who(&mut store, &who)?.name
            };
            let (Some(name), Some(phone)) = (&fields.name, &fields.phone) else {
                return Err(Failure::usage(msg!(
                    "cần --name và --phone",
                    "--name and --phone are needed"
                )));
            };
            let new = NewCustomer {
                name: name.clone(),
                phone: phone.clone(),
                address: fields.address.clone(),
                tax_code: fields.tax_code.clone(),
                id_number: fields.id_number.clone(),
                debt_limit: lim.flatten(),
            };
            let c = crate::debt::add_customer(&mut store, new, &actor)?;
            if who.json {
                println!("{}", serde_json::json!({ "customer": c, "balance": 0 }));
            } else {
                print_customer(ctx, &c, Vnd::ZERO);
            }
            Ok(())
        }
        CustomersCommand::List { json } => {
            let all = store.customers()?;
            let mut rows = Vec::with_capacity(all.len());
            for c in all {
                let b = store.debt_balance(c.id)?;
                rows.push((c, b));
            }
            if json {
                let v: Vec<_> = rows
                    .iter()
                    .map(|(c, b)| serde_json::json!({ "customer": c, "balance": b }))
                    .collect();
                println!("{}", serde_json::json!({ "customers": v }));
                return Ok(());
            }
            if rows.is_empty() {
                println!("{}", ctx.t("Chưa có khách hàng.", "No customers yet."));
            }
            for (c, b) in rows {
                println!(
                    "{}  {} {}  {:>14}",
                    c.code,
                    pad(&crate::text::terminal_safe(&c.name), 24),
                    pad(&c.phone, 11),
                    b.to_string()
                );
            }
            Ok(())
        }
        CustomersCommand::Show { customer, json } => {
            let c = crate::debt::resolve(&store, &customer)?;
            let b = store.debt_balance(c.id)?;
            if json {
                println!("{}", serde_json::json!({ "customer": c, "balance": b }));
            } else {
                print_customer(ctx, &c, b);
            }
            Ok(())
        }
        CustomersCommand::Edit { customer, fields, who } => {
            let c = crate::debt::resolve(&store, &customer)?;
            let lim = limit(&fields)?;
            let actor = if lim.is_some() {
                limit_actor(&mut store, &who)?
            } else {
                super::counter::who(&mut store, &who)?.name
            };
            let keep = |new: &Option<String>, old: &Option<String>| match new {
                Some(v) => Some(v.clone()),
                None => old.clone(),
            };
            let new = NewCustomer {
                name: fields.name.clone().unwrap_or_else(|| c.name.clone()),
                phone: fields.phone.clone().unwrap_or_else(|| c.phone.clone()),
                address: keep(&fields.address, &c.address),
                tax_code: keep(&fields.tax_code, &c.tax_code),
                id_number: keep(&fields.id_number, &c.id_number),
                debt_limit: lim.unwrap_or(c.debt_limit),
            }
            .validated()
            .map_err(Failure::from)?;
            let c = store.edit_customer(c.id, &new, &actor)?;
            let b = store.debt_balance(c.id)?;
            if who.json {
                println!("{}", serde_json::json!({ "customer": c, "balance": b }));
            } else {
                print_customer(ctx, &c, b);
            }
            Ok(())
        }
    }
}
