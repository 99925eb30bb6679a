//! Parked carts.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, sql_err};
use chrono::{DateTime, FixedOffset};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParkedCart {
    pub id: i64,
    pub label: String,
    pub cart: String,
    pub user: String,
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub parked_at: DateTime<FixedOffset>,
}

impl Store {
    // ---- parked carts ----------------------------------------------------

    pub fn park_cart(&mut self, label: &str, cart_json: &str, user: &str) -> Result<i64> {
        crate::text::check_clean("label", label)?;
        let path = self.path.clone();
        let tx = self.begin()?;
        tx.execute(
            "INSERT INTO parked_carts (label, cart, user_name, parked_at) VALUES (?1, ?2, ?3, ?4)",
            params![label, cart_json, user, tx.now_rfc3339()],
        )
        .map_err(|e| sql_err(&path, e))?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok(id)
    }

    pub fn parked_carts(&self) -> Result<Vec<ParkedCart>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{PARKED} ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], read_parked)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Take a parked cart back (it leaves the parked list).
    pub fn take_parked_cart(&mut self, id: i64) -> Result<Option<ParkedCart>> {
        let path = self.path.clone();
        let tx = self.begin()?;
        let row = tx
            .query_row(&format!("{PARKED} WHERE id = ?1"), [id], read_parked)
            .optional()
            .map_err(|e| sql_err(&path, e))?;
        tx.execute("DELETE FROM parked_carts WHERE id = ?1", [id])
            .map_err(|e| sql_err(&path, e))?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok(row)
    }
}

const PARKED: &str = "SELECT id, label, cart, user_name, parked_at FROM parked_carts";

fn read_parked(r: &rusqlite::Row<'_>) -> rusqlite::Result<ParkedCart> {
    Ok(ParkedCart {
        id: r.get(0)?,
        label: r.get(1)?,
        cart: r.get(2)?,
        user: r.get(3)?,
        parked_at: super::stored_stamp(4, "parked_carts.parked_at", &r.get::<_, String>(4)?)?,
    })
}
