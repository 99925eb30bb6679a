//! `quay ward load --postgres URL FILES…`: a province's database of ward
//! bundles. Every file goes through the same checks as `ward merge`
//! ([`ward::check_files_kept`]); the bundles that pass are upserted by
//! (shop, period, revision) in one transaction ([`crate::store::ward_pg`]).
//! A re-export is a newer revision (a new row; the view reads the newest);
//! the same file loaded twice changes nothing; another document under a
//! revision already loaded is refused as `revision_conflict`, as `merge`
//! refuses two different bundles with one revision. The database holds
//! many wards and periods, so a bundle is never refused for its ward or
//! period (as with `merge --trend --by ward`).

use std::path::PathBuf;

use super::ward::{self, Refusal, Register};
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::store::ward_pg::{self, PgBundle, PgError, PgOutcome};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LoadReport {
    /// New rows.
    pub added: usize,
    /// Files whose document was already loaded.
    pub already_loaded: usize,
    pub refused: Vec<Refusal>,
    /// False when `strict` and something was refused: nothing was written.
    pub committed: bool,
}

pub struct LoadOptions<'a> {
    pub register: Option<&'a Register>,
    /// Write nothing when any file is refused.
    pub strict: bool,
    pub lang: Lang,
}

/// Check the files and load the good ones. `Err` only when the database
/// cannot be used (bad URL, unreachable, SQL error: nothing written).
pub fn load(
    url: &str,
    files: &[PathBuf],
    opts: &LoadOptions<'_>,
    progress: impl FnMut(usize, usize),
) -> Result<LoadReport, PgError> {
    // a bad URL is said before reading thousands of files
    ward_pg::config(url)?;
    let (good, mut refused) = ward::check_files_kept(files, opts.register, opts.lang, true, progress);
    if opts.strict && !refused.is_empty() {
        return Ok(LoadReport {
            added: 0,
            already_loaded: 0,
            refused,
            committed: false,
        });
    }
    let rows: Vec<PgBundle<'_>> = good
        .iter()
        .map(|(_, b, text)| PgBundle {
            shop_id: &b.shop.shop_id,
            period_label: &b.period.label,
            revision: b.revision,
            checksum: &b.checksum,
            doc: text.as_deref().unwrap_or_default(),
        })
        .collect();
    let outcomes = ward_pg::load(url, &rows, opts.strict)?;
    let mut r = LoadReport {
        added: 0,
        already_loaded: 0,
        refused: Vec::new(),
        committed: outcomes.committed,
    };
    for ((f, b, _), o) in good.iter().zip(&outcomes.outcomes) {
        match o {
            PgOutcome::Added => r.added += 1,
            PgOutcome::AlreadyLoaded => r.already_loaded += 1,
            PgOutcome::Conflict { stored_checksum } => {
                let (shop, rev) = (&b.shop.name, b.revision);
                let short = stored_checksum.get(..12).unwrap_or(stored_checksum);
                let m: Msg = msg!(
                    "{f}: cửa hàng «{shop}» đã có một gói khác cùng lần xuất {rev} trong cơ sở dữ liệu (mã kiểm tra {short}…)",
                    "{f}: shop «{shop}» already has another bundle with revision {rev} in the database (checksum {short}…)"
                );
                refused.push(Refusal {
                    file: f.clone(),
                    reason_code: "revision_conflict".into(),
                    reason: m.get(opts.lang).to_string(),
                });
            }
        }
    }
    if !r.committed {
        r.added = 0;
        r.already_loaded = 0;
    }
    r.refused = refused;
    Ok(r)
}
