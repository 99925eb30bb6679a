//! Queries behind the household's tax book: committed documents' net line
//! amounts per business day, product and VAT rate (sales positive, voids
//! and refunds negative, each on its own business date); the documents of
//! each day; products' tax groups; revenue from other channels.

use rusqlite::params;

use super::{Result, Store, StoreError, audit, sql_err};
use crate::msg;
use chrono::NaiveDate;

/// Net line amounts of one business day for one (tax group, VAT rate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRevenue {
    pub date: NaiveDate,
    /// The product's own tax group (`None`: not set).
    pub tax_group: Option<String>,
    pub vat_rate: String,
    pub net: i64,
}

/// One entry of revenue from another channel.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChannelEntry {
    pub id: i64,
    pub channel: String,
    #[serde(serialize_with = "crate::time::ser::date")]
    pub period_from: NaiveDate,
    #[serde(serialize_with = "crate::time::ser::date")]
    pub period_to: NaiveDate,
    pub tax_group: String,
    pub amount: i64,
    pub withheld: i64,
    pub note: Option<String>,
}

/// Documents of one business day: count, first and last number, and how
/// many are voids or refunds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayDocs {
    pub date: NaiveDate,
    pub count: i64,
    pub first: i64,
    pub last: i64,
    pub reversals: i64,
}

impl Store {
    /// Line nets of committed documents with a business date in
    /// `[from, to]`, summed per day, product tax group and VAT rate.
    pub fn tax_day_revenue(&self, from: &str, to: &str) -> Result<Vec<DayRevenue>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.business_date, p.tax_group, l.vat_rate, sum(l.net)
                 FROM sales s JOIN sale_lines l ON l.sale_id = s.id
                 JOIN products p ON p.id = l.product_id
                 WHERE s.business_date BETWEEN ?1 AND ?2
                 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok(DayRevenue {
                    date: super::stored_date(0, "sales.business_date", &r.get::<_, String>(0)?)?,
                    tax_group: r.get(1)?,
                    vat_rate: r.get(2)?,
                    net: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| self.err(e))
    }

    /// The documents of each business day in `[from, to]`.
    pub fn tax_day_docs(&self, from: &str, to: &str) -> Result<Vec<DayDocs>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT business_date, count(*), min(number), max(number), sum(kind <> 'sale')
                 FROM sales WHERE business_date BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok(DayDocs {
                    date: super::stored_date(0, "sales.business_date", &r.get::<_, String>(0)?)?,
                    count: r.get(1)?,
                    first: r.get(2)?,
                    last: r.get(3)?,
                    reversals: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| self.err(e))
    }

    /// Products sold in `[from, to]` that have no tax group of their own:
    /// (SKU, name, VAT rate of the product).
    pub fn products_without_tax_group(&self, from: &str, to: &str) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT p.sku, p.name, p.vat_rate FROM products p
                 WHERE p.tax_group IS NULL AND EXISTS (
                   SELECT 1 FROM sale_lines l JOIN sales s ON s.id = l.sale_id
                   WHERE l.product_id = p.id AND s.business_date BETWEEN ?1 AND ?2)
                 ORDER BY p.sku",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| self.err(e))
    }

    /// Set (or with `None` clear) a product's tax group; audited.
    pub fn set_tax_group(&mut self, sku: &str, group: Option<&str>, actor: &str) -> Result<()> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let n = tx
            .execute(
                "UPDATE products SET tax_group = ?1, updated_at = ?2 WHERE sku = ?3",
                params![group, tx.now_rfc3339(), sku],
            )
            .map_err(|e| sql_err(&path, e))?;
        if n == 0 {
            return Err(StoreError::Refused(msg!(
                "không có mặt hàng mã '{sku}'",
                "no product with SKU '{sku}'"
            )));
        }
        let details = serde_json::json!({ "tax_group": group }).to_string();
        audit::append(
            &tx,
            &path,
            actor,
            "product.tax_group",
            &format!("product:{sku}"),
            &details,
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))
    }

    /// Record revenue from another channel; audited; never edited.
    pub fn add_channel_revenue(&mut self, e: &ChannelEntry, actor: &str) -> Result<i64> {
        let path = self.path.clone();
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO tax_channel_revenue
             (channel, period_from, period_to, tax_group, amount, withheld, note, entered_at, entered_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                e.channel,
                e.period_from.to_string(),
                e.period_to.to_string(),
                e.tax_group,
                e.amount,
                e.withheld,
                e.note,
                tx.now_rfc3339(),
                actor
            ],
        )
        .map_err(|er| sql_err(&path, er))?;
        let id = tx.last_insert_rowid();
        let details = serde_json::json!({
            "channel": e.channel, "from": e.period_from.to_string(), "to": e.period_to.to_string(),
            "group": e.tax_group, "amount": e.amount, "withheld": e.withheld,
        })
        .to_string();
        audit::append(
            &tx,
            &path,
            actor,
            "tax.channel_add",
            &format!("tax_channel:{id}"),
            &details,
        )?;
        tx.commit().map_err(|er| sql_err(&path, er))?;
        Ok(id)
    }

    /// Whether the one-time notice `key` (e.g. `tax_warned:2026:einvoice`)
    /// was already shown.
    pub fn notice_shown(&self, key: &str) -> Result<bool> {
        self.conn
            .query_row("SELECT count(*) FROM meta WHERE key = ?1", [key], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// Remember that the one-time notice `key` was shown.
    pub fn mark_notice_shown(&mut self, key: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                params![key, self.clock.now_rfc3339()],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Channel revenue whose period ends in `[from, to]`.
    pub fn channel_revenue(&self, from: &str, to: &str) -> Result<Vec<ChannelEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, channel, period_from, period_to, tax_group, amount, withheld, note
                 FROM tax_channel_revenue WHERE period_to BETWEEN ?1 AND ?2 ORDER BY period_to, id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok(ChannelEntry {
                    id: r.get(0)?,
                    channel: r.get(1)?,
                    period_from: super::stored_date(2, "tax_channel_revenue.period_from", &r.get::<_, String>(2)?)?,
                    period_to: super::stored_date(3, "tax_channel_revenue.period_to", &r.get::<_, String>(3)?)?,
                    tax_group: r.get(4)?,
                    amount: r.get(5)?,
                    withheld: r.get(6)?,
                    note: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| self.err(e))
    }
}
