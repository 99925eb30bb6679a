//! One stored assessment: which questionnaire (id, version and the file's
//! fingerprint), which shop, the answers so far and where the officer is.

use serde::{Deserialize, Serialize};

use super::score::Answers;

/// The shop being assessed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShopIdentity {
    pub name: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub ward: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub tax_code: Option<String>,
}

impl ShopIdentity {
    /// The identity a shop file's own profile gives.
    pub fn of_profile(p: &crate::shop::ShopProfile) -> ShopIdentity {
        ShopIdentity {
            name: p.name.clone(),
            address: p.address.clone(),
            ward: p.ward.clone(),
            phone: p.phone.clone().unwrap_or_default(),
            tax_code: p.tax_code.clone(),
            ..Default::default()
        }
    }

    /// What identifies the same shop across visits: the tax code when there
    /// is one, else name and address (case and spacing ignored).
    pub fn key(&self) -> String {
        match &self.tax_code {
            Some(t) if !t.trim().is_empty() => format!("mst:{}", t.trim()),
            _ => {
                let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                format!("{}|{}", norm(&self.name), norm(&self.address))
            }
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Local row id (0 before it is saved; not carried across machines).
    #[serde(skip)]
    pub id: i64,
    /// Globally unique id, so that import never duplicates.
    pub uid: String,
    /// `id@version` of the questionnaire.
    pub questionnaire: String,
    /// SHA-256 of the questionnaire file it was started with.
    pub fingerprint: String,
    pub shop: ShopIdentity,
    pub answers: Answers,
    /// Index in `Questionnaire::asked()` of the question to show next.
    pub position: usize,
    pub finished: bool,
    pub started_at: String,
    pub updated_at: String,
    pub finished_at: Option<String>,
    /// Set when finished.
    pub score: Option<f64>,
    pub level: Option<usize>,
    #[serde(default)]
    pub officer: String,
}

impl Assessment {
    pub fn start(q: &super::Questionnaire, shop: ShopIdentity, officer: &str) -> Assessment {
        let now = crate::time::now_vn_rfc3339();
        Assessment {
            uid: crate::counter::new_uuid(),
            questionnaire: q.key(),
            fingerprint: q.fingerprint.clone(),
            shop,
            started_at: now.clone(),
            updated_at: now,
            officer: officer.to_string(),
            ..Default::default()
        }
    }

    /// Refuse to continue an assessment with a different questionnaire file
    /// than it was started with.
    pub fn same_questionnaire(&self, q: &super::Questionnaire) -> Result<(), crate::i18n::Msg> {
        if self.fingerprint == q.fingerprint {
            return Ok(());
        }
        let (was, now) = (&self.questionnaire, q.key());
        Err(crate::msg!(
            "phiếu đánh giá này được bắt đầu với {was}, nhưng tệp câu hỏi hiện có ({now}) đã khác: không trộn hai phiên bản. Hãy dùng đúng tệp {was} (--questionnaire ĐƯỜNG_DẪN) hoặc bắt đầu phiếu mới",
            "this assessment was started with {was} but the questionnaire file now at hand ({now}) is different: versions are never mixed. Use the {was} file (--questionnaire PATH) or start a new assessment"
        ))
    }

    pub fn finish(&mut self, o: &super::score::Outcome) {
        self.finished = true;
        self.finished_at = Some(crate::time::now_vn_rfc3339());
        self.updated_at = self.finished_at.clone().unwrap_or_default();
        self.score = Some(o.score);
        self.level = Some(o.level);
    }
}
