//! The end-of-day summary per cashier: sales, payment methods, refunds,
//! voids, discounts, and debt payments taken.

use std::collections::BTreeMap;

use crate::checkout::tender::Method;
use crate::i18n::Lang;
use crate::money::Vnd;
use crate::sales::SaleKind;
use crate::store::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MethodSum {
    #[serde(serialize_with = "Method::serialize_code")]
    pub method: Method,
    pub count: i64,
    pub amount: Vnd,
}

/// One cashier's day.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Cashier {
    pub user: String,
    pub sales: i64,
    pub sales_total: Vnd,
    pub discounts: Vnd,
    pub refunds: i64,
    pub refunds_total: Vnd,
    pub voids: i64,
    pub voids_total: Vnd,
    /// Payments of the cashier's sales (debt = put on account, rounding = the
    /// cash rounding line).
    pub by_method: Vec<MethodSum>,
    /// Later payments of debts the cashier took, by method.
    pub debt_payments: Vec<MethodSum>,
}

pub fn cashiers(store: &Store, date: &str) -> Result<Vec<Cashier>, StoreError> {
    let mut by_user: BTreeMap<String, Cashier> = BTreeMap::new();
    for (user, kind, n, total, discounts) in store.cashier_documents(date)? {
        let c = by_user.entry(user.clone()).or_insert_with(|| Cashier {
            user: user.clone(),
            ..Default::default()
        });
        match kind {
            SaleKind::Sale => {
                c.sales = n;
                c.sales_total = Vnd(total);
                c.discounts = Vnd(discounts);
            }
            SaleKind::Refund => {
                c.refunds = n;
                c.refunds_total = Vnd(total);
            }
            SaleKind::Void => {
                c.voids = n;
                c.voids_total = Vnd(total);
            }
        }
    }
    for (user, method, n, amount) in store.cashier_methods(date)? {
        let c = by_user.entry(user.clone()).or_insert_with(|| Cashier {
            user: user.clone(),
            ..Default::default()
        });
        c.by_method.push(MethodSum {
            method,
            count: n,
            amount: Vnd(amount),
        });
    }
    for (user, method, amount) in store.debt_payments_between(date, date)? {
        let c = by_user.entry(user.clone()).or_insert_with(|| Cashier {
            user: user.clone(),
            ..Default::default()
        });
        match c.debt_payments.iter_mut().find(|m| m.method == method) {
            Some(m) => {
                m.count += 1;
                m.amount = Vnd(m.amount.0.saturating_add(amount.0));
            }
            None => c.debt_payments.push(MethodSum {
                method,
                count: 1,
                amount,
            }),
        }
    }
    Ok(by_user.into_values().collect())
}

/// The summary as text lines.
pub fn render(rows: &[Cashier], date: &str, lang: Lang) -> Vec<String> {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let label = |m: Method| m.label(lang);
    let mut out = vec![format!("{} {date}", t("TỔNG KẾT THEO THU NGÂN", "SUMMARY BY CASHIER"))];
    if rows.is_empty() {
        out.push(t("Không có giao dịch.", "No transactions.").to_string());
    }
    for c in rows {
        out.push("-".repeat(48));
        out.push(crate::text::terminal_safe(&c.user).into_owned());
        out.push(format!(
            "  {:<28} {:>4} {:>14}",
            t("Bán hàng", "Sales"),
            c.sales,
            c.sales_total.to_string()
        ));
        for m in &c.by_method {
            out.push(format!(
                "    {:<26} {:>4} {:>14}",
                label(m.method),
                m.count,
                m.amount.to_string()
            ));
        }
        out.push(format!(
            "  {:<28} {:>4} {:>14}",
            t("Chiết khấu", "Discounts"),
            "",
            c.discounts.to_string()
        ));
        out.push(format!(
            "  {:<28} {:>4} {:>14}",
            t("Trả hàng", "Refunds"),
            c.refunds,
            c.refunds_total.to_string()
        ));
        out.push(format!(
            "  {:<28} {:>4} {:>14}",
            t("Hủy đơn", "Voids"),
            c.voids,
            c.voids_total.to_string()
        ));
        for m in &c.debt_payments {
            let l = format!("{} ({})", t("Thu nợ", "Debt paid"), label(m.method));
            out.push(format!("  {:<28} {:>4} {:>14}", l, m.count, m.amount.to_string()));
        }
    }
    out
}
