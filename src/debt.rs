//! The debt book's workflows, shared by the CLI and the counter: picking a
//! customer, putting a sale's debt tender on their account (limit checked),
//! later payments, the statement and the aged list, and the debt part of a
//! refund.
//!
//! Rules (see `customers` for the pure ones):
//! - a debt tender needs a customer; its reference is the customer code;
//! - going over a customer's limit needs a manager (the cashier is one, or
//!   a manager approved);
//! - a payment larger than the balance is refused (no advances);
//! - a refund of a debt sale first takes what is still owed on that sale off
//!   the account; only the rest is paid back in money.

use chrono::NaiveDate;

use crate::checkout::tender::{Method, Payment, Tender};
use crate::customers::{Customer, EntryKind, NewCustomer};
use crate::i18n::Msg;
use crate::money::Vnd;
use crate::msg;
use crate::sales::{NewPayment, SaleRecord};
use crate::store::{DebtPayment, DebtSale, NewDebtPayment, Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

fn refused(m: Msg) -> StoreError {
    StoreError::Refused(m)
}

/// Add a customer after checking every field.
pub fn add_customer(store: &mut Store, c: NewCustomer, actor: &str) -> Result<Customer> {
    let c = c.validated().map_err(|e| refused(e.msg()))?;
    store.add_customer(&c, actor)
}

/// The one customer `key` names: a `KH…` code, a phone, or a name. Several
/// matches are refused with the candidates listed (unless one name matches
/// exactly).
pub fn resolve(store: &Store, key: &str) -> Result<Customer> {
    let found = store.find_customers(key, 6)?;
    let exact: Vec<&Customer> = found
        .iter()
        .filter(|c| crate::text::fold(&c.name) == crate::text::fold(key))
        .collect();
    match (found.len(), exact.len()) {
        (0, _) => {
            let k = key.trim();
            Err(refused(msg!(
                "không có khách hàng nào khớp '{k}' (tên, số điện thoại hoặc mã KH…): thêm bằng quay customers add",
                "no customer matches '{k}' (name, phone or KH… code): add one with quay customers add"
            )))
        }
        (1, _) => Ok(found[0].clone()),
        (_, 1) => Ok(exact[0].clone()),
        _ => {
            let k = key.trim();
            let list = found
                .iter()
                .map(|c| format!("{} {} {}", c.code, c.name, c.phone))
                .collect::<Vec<_>>()
                .join("; ");
            Err(refused(msg!(
                "nhiều khách hàng khớp '{k}': {list}; hãy dùng số điện thoại hoặc mã KH…",
                "several customers match '{k}': {list}; use the phone or the KH… code"
            )))
        }
    }
}

/// Put the debt tenders of a sale on the customer's account: refused
/// without a customer; over the customer's limit only with a manager
/// (`manager_ok`). Sets each debt tender's reference to the customer code.
pub fn attach(store: &Store, customer: Option<&Customer>, tenders: &mut [Tender], manager_ok: bool) -> Result<()> {
    let debt: Vnd = tenders
        .iter()
        .filter(|t| t.method == Method::Debt)
        .map(|t| t.amount)
        .sum();
    if debt.0 == 0 {
        return Ok(());
    }
    let Some(c) = customer else {
        return Err(refused(msg!(
            "ghi nợ cần khách hàng: thêm --customer TÊN|SĐT",
            "a debt tender needs a customer: add --customer NAME|PHONE"
        )));
    };
    let balance = store.debt_balance(c.id)?;
    if crate::customers::over_limit(balance, debt, c.debt_limit) && !manager_ok {
        let limit = c.debt_limit.unwrap_or(Vnd::ZERO);
        let name = &c.name;
        return Err(refused(msg!(
            "ghi nợ {debt} cho {name} (đang nợ {balance}) vượt hạn mức {limit}: cần mã PIN của quản lý",
            "putting {debt} on {name}'s account (owing {balance}) goes over the limit {limit}: a manager's PIN is needed"
        )));
    }
    for t in tenders.iter_mut().filter(|t| t.method == Method::Debt) {
        t.reference = Some(c.code.clone());
    }
    Ok(())
}

/// Whether the debt tenders put `customer` over their limit (a manager
/// must approve, see [`attach`]).
pub fn over_limit(store: &Store, customer: Option<&Customer>, tenders: &[Tender]) -> Result<bool> {
    let debt: Vnd = tenders
        .iter()
        .filter(|t| t.method == Method::Debt)
        .map(|t| t.amount)
        .sum();
    let Some(c) = customer.filter(|_| debt.0 != 0) else {
        return Ok(false);
    };
    let balance = store.debt_balance(c.id)?;
    Ok(crate::customers::over_limit(balance, debt, c.debt_limit))
}

/// Record a later payment by the customer.
pub fn pay(
    store: &mut Store,
    customer: &Customer,
    amount: Vnd,
    method: Method,
    reference: Option<String>,
    user: &str,
    uuid: &str,
) -> Result<DebtPayment> {
    if method == Method::Debt {
        return Err(refused(msg!(
            "không thể trả nợ bằng ghi nợ",
            "a debt cannot be paid by putting it on account"
        )));
    }
    if let Some(r) = &reference {
        crate::text::check_clean("reference", r).map_err(|e| refused(e.msg()))?;
    }
    store.record_debt_payment(&NewDebtPayment {
        uuid: uuid.to_string(),
        customer_id: customer.id,
        method,
        amount,
        reference: reference.filter(|r| !r.trim().is_empty()),
        user: user.to_string(),
    })
}

/// One line of a customer's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    #[serde(serialize_with = "crate::time::ser::date")]
    pub date: NaiveDate,
    /// `sale`, `refund` or `payment`.
    pub kind: EntryKind,
    /// `HD000012` or `TN000003`.
    pub document: String,
    /// Added to (+) or taken off (−) the balance.
    pub amount: Vnd,
    #[serde(serialize_with = "serialize_opt_method")]
    pub method: Option<Method>,
    pub balance: Vnd,
}

/// A customer's statement: the balance, what is owed sale by sale, and the
/// history with a running balance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Statement {
    pub customer: Customer,
    pub balance: Vnd,
    pub open_sales: Vec<DebtSale>,
    pub payments: Vec<DebtPayment>,
    pub history: Vec<Entry>,
}

pub fn statement(store: &Store, customer: &Customer) -> Result<Statement> {
    let sales = store.debt_sales(customer.id)?;
    let payments = store.debt_payments(customer.id)?;
    // (date, order, entry): sales and their reversals, then payments
    let mut rows: Vec<(NaiveDate, i64, Entry)> = Vec::new();
    for d in &sales {
        rows.push((
            d.business_date,
            d.sale_id * 2,
            Entry {
                date: d.business_date,
                kind: EntryKind::Sale,
                document: crate::sales::format_number(d.number),
                amount: d.debt,
                method: None,
                balance: Vnd::ZERO,
            },
        ));
        if d.reversed.0 != 0 {
            rows.push((
                d.business_date,
                d.sale_id * 2 + 1,
                Entry {
                    date: d.business_date,
                    kind: EntryKind::Refund,
                    document: crate::sales::format_number(d.number),
                    amount: d.reversed,
                    method: None,
                    balance: Vnd::ZERO,
                },
            ));
        }
    }
    for p in &payments {
        rows.push((
            p.business_date,
            i64::MAX / 2 + p.id,
            Entry {
                date: p.business_date,
                kind: EntryKind::Payment,
                document: p.number.clone(),
                amount: -p.amount,
                method: Some(p.method),
                balance: Vnd::ZERO,
            },
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut running = Vnd::ZERO;
    let history = rows
        .into_iter()
        .map(|(_, _, mut e)| {
            running = Vnd(running.0.saturating_add(e.amount.0));
            e.balance = running;
            e
        })
        .collect();
    Ok(Statement {
        customer: customer.clone(),
        balance: sales.iter().map(|d| d.outstanding).sum(),
        open_sales: sales.into_iter().filter(|d| d.outstanding.0 > 0).collect(),
        payments,
        history,
    })
}

fn serialize_opt_method<S: serde::Serializer>(m: &Option<Method>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match m {
        Some(m) => Method::serialize_code(m, s),
        None => s.serialize_none(),
    }
}

/// The statement as text (screen and printer).
pub fn statement_lines(s: &crate::debt::Statement, lang: crate::i18n::Lang) -> Vec<String> {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut out = vec![
        format!(
            "{} {} {}",
            t("SAO KÊ CÔNG NỢ", "DEBT STATEMENT"),
            s.customer.code,
            crate::text::terminal_safe(&s.customer.name)
        ),
        format!("{}: {}", t("Điện thoại", "Phone"), s.customer.phone),
        "-".repeat(60),
    ];
    for e in &s.history {
        let kind = e.kind.label(lang);
        let method = e.method.map(|m| m.label(lang)).unwrap_or_default();
        out.push(format!(
            "{} {} {} {:>12} {:>12} {}",
            e.date,
            pad_to(&e.document, 8),
            pad_to(kind, 12),
            e.amount.to_string(),
            e.balance.to_string(),
            method
        ));
    }
    out.push("-".repeat(60));
    out.push(format!("{}: {}", t("Còn nợ", "Balance"), s.balance));
    out
}

/// One customer in the aged list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Aged {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub balance: Vnd,
    /// Business date of the oldest sale still (partly) unpaid.
    #[serde(serialize_with = "crate::time::ser::date")]
    pub since: NaiveDate,
    pub days: i64,
    /// Outstanding by age of the sale: `0-30`, `31-60`, `61-90`, `90+` days.
    pub by_age: Vec<(String, Vnd)>,
}

/// Who owes what, since when, as of `today`: customers with a balance, the
/// largest first.
pub fn aged(store: &Store, today: NaiveDate) -> Result<Vec<Aged>> {
    let mut out = Vec::new();
    for id in store.debtor_ids()? {
        let Some(c) = store.customer(id)? else { continue };
        let open: Vec<DebtSale> = store
            .debt_sales(id)?
            .into_iter()
            .filter(|d| d.outstanding.0 > 0)
            .collect();
        let Some(first) = open.first() else { continue };
        let age = |d: &NaiveDate| (today - *d).num_days();
        let mut by_age: Vec<(String, Vnd)> = crate::customers::AGE_BUCKETS
            .iter()
            .map(|b| (b.to_string(), Vnd::ZERO))
            .collect();
        for d in &open {
            let b = crate::customers::age_bucket(age(&d.business_date));
            if let Some(e) = by_age.iter_mut().find(|(k, _)| k == b) {
                e.1 = Vnd(e.1.0.saturating_add(d.outstanding.0));
            }
        }
        out.push(Aged {
            code: c.code,
            name: c.name,
            phone: c.phone,
            balance: open.iter().map(|d| d.outstanding).sum(),
            since: first.business_date,
            days: age(&first.business_date),
            by_age,
        });
    }
    out.sort_by(|a, b| b.balance.cmp(&a.balance).then(a.code.cmp(&b.code)));
    Ok(out)
}

/// The money side of a refund of `orig` worth `total` (negative): what is
/// still owed on the sale comes off the account first (a negative debt
/// payment with the customer code), the rest goes back by `method` (cash
/// when `method` is debt itself).
pub fn refund_payments(
    store: &Store,
    orig: &SaleRecord,
    total: Vnd,
    method: Method,
    reference: Option<String>,
) -> Result<Vec<NewPayment>> {
    let back = |m: Method, amount: Vnd, reference: Option<String>| NewPayment {
        payment: Payment {
            method: m,
            amount,
            tendered: amount,
            reference,
        },
        confirmed_by: None,
    };
    let owed = match store.sale_debt_outstanding(orig.id)? {
        Some((code, left)) if left.0 > 0 && total.0 < 0 => Some((code, left)),
        _ => None,
    };
    let Some((code, left)) = owed else {
        let m = if method == Method::Debt { Method::Cash } else { method };
        return Ok(vec![back(m, total, reference)]);
    };
    let off = Vnd(left.0.min(-total.0));
    let mut out = vec![back(Method::Debt, -off, Some(code))];
    let rest = Vnd(total.0 + off.0);
    if rest.0 != 0 {
        let m = if method == Method::Debt { Method::Cash } else { method };
        out.push(back(m, rest, reference));
    }
    Ok(out)
}

fn pad_to(s: &str, w: usize) -> String {
    let n = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}

/// One customer on the counter's debt screen: details, balance, and the
/// statement's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub customer: Customer,
    pub balance: Vnd,
    pub statement: Vec<String>,
}

/// Every customer with what they owe (the largest balance first, then by
/// name), for the counter's debt screen and customer picker.
pub fn overview(store: &Store, lang: crate::i18n::Lang) -> Result<Vec<Overview>> {
    let mut out = Vec::new();
    for c in store.customers()? {
        let s = statement(store, &c)?;
        out.push(Overview {
            balance: s.balance,
            statement: statement_lines(&s, lang),
            customer: c,
        });
    }
    out.sort_by_key(|o| std::cmp::Reverse(o.balance));
    Ok(out)
}
