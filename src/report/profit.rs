//! Gross profit of a period: revenue (net of VAT for VAT-method shops),
//! the cost recorded on each sale line, and their difference, in total and
//! by day or by product. Voids and refunds count with their signs.

use std::collections::BTreeMap;

use crate::catalog::stock::net_of_vat;
use crate::money::Vnd;
use crate::store::{Result, Store};

/// How the rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Day,
    Product,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ProfitRow {
    /// The day (YYYY-MM-DD) or the product's SKU.
    pub key: String,
    /// The product's name (by product).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub revenue: Vnd,
    pub cost: Vnd,
    pub profit: Vnd,
    /// Lines sold before quay recorded costs (counted at zero cost).
    pub lines_without_cost: i64,
}

impl ProfitRow {
    fn add(&mut self, revenue: Vnd, cost: Option<Vnd>) {
        self.revenue = self.revenue.checked_add(revenue).unwrap_or(self.revenue);
        match cost {
            Some(c) => self.cost = self.cost.checked_add(c).unwrap_or(self.cost),
            None => self.lines_without_cost += 1,
        }
        self.profit = self.revenue.checked_sub(self.cost).unwrap_or(self.profit);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProfitReport {
    pub from: String,
    pub to: String,
    /// Revenue is net of VAT (the shop uses the deduction method).
    pub net_of_vat: bool,
    pub rows: Vec<ProfitRow>,
    pub total: ProfitRow,
}

/// The report for `from..=to` (business dates).
pub fn profit(store: &Store, from: &str, to: &str, by: By) -> Result<ProfitReport> {
    let mut groups: BTreeMap<String, ProfitRow> = BTreeMap::new();
    let mut total = ProfitRow {
        key: "total".into(),
        ..ProfitRow::default()
    };
    let mut any_deduction = false;
    store.for_each_profit_line(from, to, |l| {
        any_deduction |= l.deduction;
        let revenue = net_of_vat(l.net, l.vat_rate.and_then(|r| r.percent()), l.deduction);
        let key = match by {
            By::Day => l.business_date.to_string(),
            By::Product => l.sku.clone(),
        };
        let row = groups.entry(key.clone()).or_insert_with(|| ProfitRow {
            key,
            name: (by == By::Product).then(|| l.name.clone()),
            ..ProfitRow::default()
        });
        row.add(revenue, l.cost);
        total.add(revenue, l.cost);
    })?;
    let net = any_deduction
        || matches!(
            store.profile()?.map(|p| p.tax_method),
            Some(crate::shop::TaxMethod::Deduction)
        );
    Ok(ProfitReport {
        from: from.into(),
        to: to.into(),
        net_of_vat: net,
        rows: groups.into_values().collect(),
        total,
    })
}
