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

    /// The last finished assessment of the same shop before `a`.
    pub fn previous_assessment(&self, a: &Assessment) -> Result<Option<Assessment>> {
        self.first_assessment(
            "SELECT id, record FROM assessments
             WHERE finished = 1 AND shop_key = ?1 AND uid <> ?2
               AND (started_at < ?3 OR (started_at = ?3 AND id < ?4))
             ORDER BY started_at DESC, id DESC LIMIT 1",
            params![
                a.shop.key(),
                a.uid,
                a.started_at,
                if a.id > 0 { a.id } else { i64::MAX }
            ],
        )
    }

    /// The latest finished assessment of a shop (by `ShopIdentity::key`).
    pub fn latest_assessment_of(&self, shop_key: &str) -> Result<Option<Assessment>> {
        self.first_assessment(
            "SELECT id, record FROM assessments WHERE finished = 1 AND shop_key = ?1
             ORDER BY started_at DESC, id DESC LIMIT 1",
            [shop_key],
        )
    }

    /// Import assessments from another machine: new uids are added, known
    /// ones are left as they are. Returns (added, already there).
    pub fn import_assessments(&mut self, list: &[Assessment]) -> Result<(usize, usize)> {
        let tx = self.conn.transaction().map_err(|e| super::sql_err(&self.path, e))?;
        let mut added = 0;
        for a in list {
            let written = insert(&tx, a, "ON CONFLICT (uid) DO NOTHING").map_err(|e| super::sql_err(&self.path, e))?;
            added += usize::from(written.is_some());
        }
        tx.commit().map_err(|e| super::sql_err(&self.path, e))?;
        Ok((added, list.len() - added))
    }
}
