//! Customers: add, edit, read, and the fast pick by phone, code or folded
//! name.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, audit, sql_err};
use crate::customers::{Customer, NewCustomer};
use crate::money::Vnd;
use crate::msg;

const SELECT: &str = "SELECT id, name, phone, address, tax_code, id_number, debt_limit, created_at FROM customers";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    let id: i64 = r.get(0)?;
    Ok(Customer {
        id,
        code: crate::customers::code(id),
        name: r.get(1)?,
        phone: r.get(2)?,
        address: r.get(3)?,
        tax_code: r.get(4)?,
        id_number: r.get(5)?,
        debt_limit: r.get::<_, Option<i64>>(6)?.map(Vnd),
        created_at: super::stored_stamp(7, "customers.created_at", &r.get::<_, String>(7)?)?,
    })
}

fn details(c: &NewCustomer) -> String {
    // no phone, address or ID numbers in the audit details (like the log)
    serde_json::json!({ "name": c.name, "debt_limit": c.debt_limit }).to_string()
}

impl Store {
    fn phone_taken(&self, phone: &str, except: Option<i64>) -> Result<()> {
        let other: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT id, name FROM customers WHERE phone = ?1 AND id IS NOT ?2",
                params![phone, except],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        if let Some((id, name)) = other {
            let code = crate::customers::code(id);
            return Err(StoreError::Refused(msg!(
                "số điện thoại {phone} đã thuộc khách {code} ({name})",
                "phone {phone} already belongs to customer {code} ({name})"
            )));
        }
        Ok(())
    }

    /// Add a validated customer (see [`NewCustomer::validated`]).
    pub fn add_customer(&mut self, c: &NewCustomer, actor: &str) -> Result<Customer> {
        self.phone_taken(&c.phone, None)?;
        let path = self.path.clone();
        let tx = self.begin()?;
        let now = tx.now_rfc3339();
        tx.execute(
            "INSERT INTO customers (name, name_folded, phone, address, tax_code, id_number, debt_limit, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![
                c.name,
                crate::text::fold(&c.name),
                c.phone,
                c.address,
                c.tax_code,
                c.id_number,
                c.debt_limit.map(|v| v.0),
                now
            ],
        )
        .map_err(|e| sql_err(&path, e))?;
        let id = tx.last_insert_rowid();
        let code = crate::customers::code(id);
        audit::append(
            &tx,
            &path,
            actor,
            "customer.add",
            &format!("customer:{code}"),
            &details(c),
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        self.customer(id)?
            .ok_or_else(|| StoreError::Refused(msg!("không đọc lại được khách hàng", "cannot read the customer back")))
    }

    /// Replace a customer's details with validated ones.
    pub fn edit_customer(&mut self, id: i64, c: &NewCustomer, actor: &str) -> Result<Customer> {
        self.phone_taken(&c.phone, Some(id))?;
        let path = self.path.clone();
        let tx = self.begin()?;
        let n = tx
            .execute(
                "UPDATE customers SET name = ?1, name_folded = ?2, phone = ?3, address = ?4, tax_code = ?5,
                 id_number = ?6, debt_limit = ?7, updated_at = ?8 WHERE id = ?9",
                params![
                    c.name,
                    crate::text::fold(&c.name),
                    c.phone,
                    c.address,
                    c.tax_code,
                    c.id_number,
                    c.debt_limit.map(|v| v.0),
                    tx.now_rfc3339(),
                    id
                ],
            )
            .map_err(|e| sql_err(&path, e))?;
        let code = crate::customers::code(id);
        if n == 0 {
            return Err(StoreError::Refused(msg!("không có khách {code}", "no customer {code}")));
        }
        audit::append(
            &tx,
            &path,
            actor,
            "customer.edit",
            &format!("customer:{code}"),
            &details(c),
        )?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        self.customer(id)?
            .ok_or_else(|| StoreError::Refused(msg!("không có khách {code}", "no customer {code}")))
    }

    pub fn customer(&self, id: i64) -> Result<Option<Customer>> {
        self.conn
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], read)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// All customers by folded name.
    pub fn customers(&self) -> Result<Vec<Customer>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT} ORDER BY name_folded, id"))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], read)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The fast pick: a `KH…` code, a phone (exactly, in any written form,
    /// or its last digits, at least 4), or words of the folded name (every
    /// word a prefix of a word of the name). At most `limit`, exact first.
    pub fn find_customers(&self, query: &str, limit: usize) -> Result<Vec<Customer>> {
        let q = query.trim();
        if let Some(id) = crate::customers::parse_code(q) {
            return Ok(self.customer(id)?.into_iter().collect());
        }
        if let Ok(phone) = crate::customers::normalize_phone(q) {
            let mut stmt = self
                .conn
                .prepare(&format!("{SELECT} WHERE phone = ?1"))
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([phone], read)
                .map_err(|e| self.err(e))?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(|e| self.err(e))?;
            if !rows.is_empty() {
                return Ok(rows);
            }
        }
        let digits: String = q.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        if digits.len() >= 4 && digits.bytes().all(|c| c.is_ascii_digit()) {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "{SELECT} WHERE phone LIKE '%' || ?1 ORDER BY name_folded LIMIT ?2"
                ))
                .map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map(params![digits, limit as i64], read)
                .map_err(|e| self.err(e))?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(|e| self.err(e))?;
            return Ok(rows);
        }
        let words: Vec<String> = crate::text::fold(q).split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut all = self.customers()?;
        all.retain(|c| {
            let name = crate::text::fold(&c.name);
            let have: Vec<&str> = name.split_whitespace().collect();
            words.iter().all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
        });
        let exact = crate::text::fold(q);
        all.sort_by_key(|c| crate::text::fold(&c.name) != exact);
        all.truncate(limit);
        Ok(all)
    }
}
