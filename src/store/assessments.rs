//! Maturity assessments: saved after every answer (so a killed process
//! resumes at the same question), listed, exported and imported.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::assess::record::Assessment;

fn decode(id: i64, json: &str) -> Assessment {
    let mut a: Assessment = serde_json::from_str(json).unwrap_or_else(|_| {
        // A row this build cannot read is shown, not dropped.
        let mut a = Assessment::default();
        a.shop.name = format!("(unreadable record #{id})");
        a
    });
    a.id = id;
    a
}

/// One assessment's row; `insert` adds the conflict clause.
const INSERT: &str = "INSERT INTO assessments (uid, questionnaire, fingerprint, shop_key, shop_name, finished, level,
                                               score, started_at, updated_at, record)
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// Write one assessment; the row id when a row was written.
fn insert(conn: &rusqlite::Connection, a: &Assessment, on_conflict: &str) -> rusqlite::Result<Option<i64>> {
    let json = serde_json::to_string(a).unwrap_or_default();
    conn.prepare_cached(&format!("{INSERT} {on_conflict} RETURNING id"))?
        .query_row(
            params![
                a.uid,
                a.questionnaire,
                a.fingerprint,
                a.shop.key(),
                a.shop.name,
                a.finished,
                a.level.map(|l| l as i64),
                a.score,
                a.started_at,
                a.updated_at,
                json
            ],
            |r| r.get(0),
        )
        .optional()
}

impl Store {
    /// Insert or update (by uid) one assessment; returns its row id.
    pub fn save_assessment(&self, a: &Assessment) -> Result<i64> {
        let id = insert(
            &self.conn,
            a,
            "ON CONFLICT (uid) DO UPDATE SET
                questionnaire = excluded.questionnaire, fingerprint = excluded.fingerprint,
                shop_key = excluded.shop_key, shop_name = excluded.shop_name, finished = excluded.finished,
                level = excluded.level, score = excluded.score, updated_at = excluded.updated_at,
                record = excluded.record",
        )
        .map_err(|e| self.err(e))?;
        Ok(id.unwrap_or_default())
    }

    /// Assessments a query selects as (id, record).
    fn assessments_where(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Assessment>> {
        let mut st = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(args, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row.map_err(|e| self.err(e))?;
            out.push(decode(id, &json));
        }
        Ok(out)
    }

    fn first_assessment(&self, sql: &str, args: impl rusqlite::Params) -> Result<Option<Assessment>> {
        Ok(self.assessments_where(sql, args)?.into_iter().next())
    }

    /// All assessments, oldest first.
    pub fn assessments(&self) -> Result<Vec<Assessment>> {
        self.assessments_where("SELECT id, record FROM assessments ORDER BY started_at, id", [])
    }

    /// One assessment by row id or uid.
    pub fn assessment(&self, key: &str) -> Result<Option<Assessment>> {
        self.first_assessment(
            "SELECT id, record FROM assessments WHERE uid = ?1 OR CAST(id AS TEXT) = ?1",
            [key],
        )
    }

    /// The most recently touched unfinished assessment.
    pub fn unfinished_assessment(&self) -> Result<Option<Assessment>> {
        self.first_assessment(
            "SELECT id, record FROM assessments WHERE finished = 0 ORDER BY updated_at DESC, id DESC LIMIT 1",
            [],
        )
    }

    /// The last finished assessment of the same shop before `a`
    /// (`ShopIdentity::same_shop`: tax code, personal ID, or folded name and
    /// address, so "hoá"/"hóa" or a missing tax code still link).
    pub fn previous_assessment(&self, a: &Assessment) -> Result<Option<Assessment>> {
        let this = if a.id > 0 { a.id } else { i64::MAX };
        let list = self.assessments_where(
            "SELECT id, record FROM assessments WHERE finished = 1 AND uid <> ?1 ORDER BY started_at DESC, id DESC",
            [&a.uid],
        )?;
        Ok(list.into_iter().find(|p| {
            (p.started_at < a.started_at || (p.started_at == a.started_at && p.id < this)) && p.shop.same_shop(&a.shop)
        }))
    }

    /// The latest finished assessment of a shop: `shop_key` is a
    /// `ShopIdentity::key` and is matched against every key a stored visit
    /// can be recognised by (rows written before keys were folded included).
    pub fn latest_assessment_of(&self, shop_key: &str) -> Result<Option<Assessment>> {
        let list = self.assessments_where(
            "SELECT id, record FROM assessments WHERE finished = 1 ORDER BY started_at DESC, id DESC",
            [],
        )?;
        Ok(list.into_iter().find(|a| a.shop.keys().iter().any(|k| k == shop_key)))
    }

    /// Import assessments from another machine (already checked and
    /// recomputed by the caller), in one transaction: new uids are added;
    /// a known uid is replaced when the incoming copy is newer
    /// (`Assessment::newer_than`), else kept. Returns what happened to each.
    pub fn import_assessments(&mut self, list: &[Assessment]) -> Result<Vec<Imported>> {
        let tx = self.conn.transaction().map_err(|e| super::sql_err(&self.path, e))?;
        let mut out = Vec::new();
        for a in list {
            let existing: Option<(i64, String)> = tx
                .query_row("SELECT id, record FROM assessments WHERE uid = ?1", [&a.uid], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()
                .map_err(|e| super::sql_err(&self.path, e))?;
            let action = match existing {
                None => ImportAction::Added,
                Some((id, json)) if a.newer_than(&decode(id, &json)) => ImportAction::Updated,
                Some((id, _)) => {
                    out.push(Imported {
                        id,
                        name: a.shop.name.clone(),
                        finished: a.finished,
                        action: ImportAction::Kept,
                    });
                    continue;
                }
            };
            let id = insert(
                &tx,
                a,
                "ON CONFLICT (uid) DO UPDATE SET
                    questionnaire = excluded.questionnaire, fingerprint = excluded.fingerprint,
                    shop_key = excluded.shop_key, shop_name = excluded.shop_name, finished = excluded.finished,
                    level = excluded.level, score = excluded.score, updated_at = excluded.updated_at,
                    record = excluded.record",
            )
            .map_err(|e| super::sql_err(&self.path, e))?
            .unwrap_or_default();
            out.push(Imported {
                id,
                name: a.shop.name.clone(),
                finished: a.finished,
                action,
            });
        }
        tx.commit().map_err(|e| super::sql_err(&self.path, e))?;
        Ok(out)
    }
}

/// What an import did with one assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAction {
    Added,
    /// The incoming copy was newer and replaced the one here.
    Updated,
    /// The copy here is as new or newer.
    Kept,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub id: i64,
    pub name: String,
    pub finished: bool,
    pub action: ImportAction,
}
