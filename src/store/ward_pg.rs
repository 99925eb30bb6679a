//! A province's PostgreSQL database of ward bundles (`quay ward load`):
//! one row per (shop, period, revision), the documents kept as `jsonb`, the
//! newest revision read through a view. The schema is the one documented in
//! `docs/ward-bundle.md` (a test keeps the two identical).
//!
//! Checks belong to the caller: only bundles that passed the same checks
//! as `ward merge` are given here. Plain TCP or a Unix socket only (no TLS:
//! see ARCHITECTURE.md); a URL that requires TLS is refused before connecting.

use std::str::FromStr;
use std::time::Duration;

use crate::i18n::Msg;
use crate::msg_key;

/// The tables and the view, created when missing.
pub const DDL: &str = "CREATE TABLE IF NOT EXISTS ward_bundle (
    shop_id      text        NOT NULL,
    period_label text        NOT NULL,
    revision     integer     NOT NULL,
    period_from  date        NOT NULL,
    period_to    date        NOT NULL,
    generated_at timestamptz NOT NULL,
    checksum     text        NOT NULL,
    doc          jsonb       NOT NULL,
    PRIMARY KEY (shop_id, period_label, revision)
);

CREATE OR REPLACE VIEW ward_bundle_figures AS
SELECT DISTINCT ON (shop_id, period_label)
       shop_id,
       period_label,
       revision,
       doc #>> '{shop,name}'                          AS shop_name,
       doc #>> '{shop,ward}'                          AS ward,
       (doc #>> '{sales,sales}')::bigint              AS sales,
       (doc #>> '{sales,value}')::bigint              AS value,
       (doc #>> '{sales,cashless_sales}')::bigint     AS cashless_sales,
       (doc #>> '{sales,cashless_value}')::bigint     AS cashless_value,
       (doc #>> '{sales,invoiced_sales}')::bigint     AS invoiced_sales,
       (doc #>> '{barcodes,active_products}')::bigint AS active_products,
       (doc #>> '{barcodes,with_gtin}')::bigint       AS with_gtin,
       (doc #>> '{barcodes,with_vn_gtin}')::bigint    AS with_vn_gtin,
       (doc #>> '{maturity,level}')::int              AS maturity_level
FROM ward_bundle
ORDER BY shop_id, period_label, revision DESC;";

/// One document as text: loading the same file twice changes nothing and a
/// re-export (a higher revision) adds a row.
pub const UPSERT: &str = "INSERT INTO ward_bundle
SELECT d #>> '{shop,shop_id}', d #>> '{period,label}', (d ->> 'revision')::int,
       (d #>> '{period,from}')::date, (d #>> '{period,to}')::date,
       (d ->> 'generated_at')::timestamptz, d ->> 'checksum', d
FROM (SELECT $1::text::jsonb d) x
ON CONFLICT (shop_id, period_label, revision) DO NOTHING;";

const STORED: &str = "SELECT checksum FROM ward_bundle WHERE shop_id = $1 AND period_label = $2 AND revision = $3";

/// One checked bundle to load.
#[derive(Debug, Clone, Copy)]
pub struct PgBundle<'a> {
    pub shop_id: &'a str,
    pub period_label: &'a str,
    pub revision: i64,
    pub checksum: &'a str,
    /// The whole document as JSON text.
    pub doc: &'a str,
}

/// What loading one bundle did.
#[derive(Debug, Clone, PartialEq)]
pub enum PgOutcome {
    Added,
    /// The same document was already there.
    AlreadyLoaded,
    /// Another document with the same shop, period and revision is there.
    Conflict {
        stored_checksum: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum PgError {
    /// The URL cannot be used (bad syntax, or TLS required).
    Url(Msg),
    /// The server cannot be reached or refused the login.
    Connect(String),
    Sql(String),
}

impl PgError {
    pub fn msg(&self) -> Msg {
        match self {
            PgError::Url(m) => m.clone(),
            PgError::Connect(detail) => msg_key!("postgres.connect", detail),
            PgError::Sql(detail) => msg_key!("postgres.refused", detail),
        }
    }
}

crate::english_display!(PgError);

/// Full error text: the server's message and detail, not only "db error".
fn text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => match d.detail() {
            Some(x) => format!("{} ({x})", d.message()),
            None => d.message().to_string(),
        },
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(c) = src {
                s.push_str(": ");
                s.push_str(&c.to_string());
                src = c.source();
            }
            s
        }
    }
}

/// Parse a `postgres://` URL (or `key=value` string); refuse one that
/// requires TLS, which this build does not have.
pub fn config(url: &str) -> Result<postgres::Config, PgError> {
    let mut c = postgres::Config::from_str(url).map_err(|e| {
        let e = e.to_string();
        PgError::Url(msg_key!("postgres.bad_url", detail = e))
    })?;
    if matches!(c.get_ssl_mode(), postgres::config::SslMode::Require) {
        return Err(PgError::Url(msg_key!("postgres.no_tls")));
    }
    if c.get_connect_timeout().is_none() {
        c.connect_timeout(Duration::from_secs(10));
    }
    Ok(c)
}

/// What [`load`] did, one outcome per bundle given.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub outcomes: Vec<PgOutcome>,
    /// False when `strict` found a conflict: the transaction was rolled back.
    pub committed: bool,
}

/// Create the schema when missing and load the bundles in one transaction:
/// all of them or, on a database error, none (nor, with `strict`, when one
/// conflicts with a document already there).
pub fn load(url: &str, bundles: &[PgBundle<'_>], strict: bool) -> Result<Loaded, PgError> {
    let mut client = config(url)?
        .connect(postgres::NoTls)
        .map_err(|e| PgError::Connect(text(&e)))?;
    let sql = |e: postgres::Error| PgError::Sql(text(&e));
    let mut tx = client.transaction().map_err(sql)?;
    tx.batch_execute(DDL).map_err(sql)?;
    let upsert = tx.prepare(UPSERT).map_err(sql)?;
    let stored = tx.prepare(STORED).map_err(sql)?;
    let mut out = Vec::with_capacity(bundles.len());
    for b in bundles {
        if tx.execute(&upsert, &[&b.doc]).map_err(sql)? == 1 {
            out.push(PgOutcome::Added);
            continue;
        }
        let revision = i32::try_from(b.revision).unwrap_or(i32::MAX);
        let row = tx
            .query_one(&stored, &[&b.shop_id, &b.period_label, &revision])
            .map_err(sql)?;
        let sum: String = row.try_get(0).map_err(sql)?;
        out.push(if sum == b.checksum {
            PgOutcome::AlreadyLoaded
        } else {
            PgOutcome::Conflict { stored_checksum: sum }
        });
    }
    let conflict = out.iter().any(|o| matches!(o, PgOutcome::Conflict { .. }));
    if strict && conflict {
        tx.rollback().map_err(sql)?;
        return Ok(Loaded {
            outcomes: out,
            committed: false,
        });
    }
    tx.commit().map_err(sql)?;
    Ok(Loaded {
        outcomes: out,
        committed: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_schema_and_upsert_are_the_ones_used() {
        let doc = include_str!("../../docs/ward-bundle.md");
        assert!(
            doc.contains(DDL),
            "docs/ward-bundle.md must hold store::ward_pg::DDL verbatim"
        );
        assert!(
            doc.contains(UPSERT),
            "docs/ward-bundle.md must hold store::ward_pg::UPSERT verbatim"
        );
    }

    #[test]
    fn a_url_that_requires_tls_is_refused_with_advice() {
        let e = config("postgres://u@127.0.0.1:5432/db?sslmode=require").unwrap_err();
        assert!(e.msg().get(crate::Lang::En).contains("no TLS support"), "{e:?}");
        assert!(config("postgres://u@127.0.0.1:5432/db?sslmode=disable").is_ok());
        assert!(config("postgres://u@127.0.0.1:5432/db").is_ok());
        let e = config("postgres://u@127.0.0.1:5432/db?sslmode=bogus").unwrap_err();
        assert!(e.msg().get(crate::Lang::En).contains("not a valid address"), "{e:?}");
    }
}
