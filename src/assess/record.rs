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
    /// The owner's personal ID (CCCD) for a household business without a
    /// tax code; used only to recognise the shop again, never exported to
    /// the ward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_id: Option<String>,
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
    /// is one, else the personal ID, else name and address folded (NFC,
    /// diacritics, "hoá"/"hóa", case, punctuation and spacing ignored).
    pub fn key(&self) -> String {
        self.tax_key()
            .or_else(|| self.personal_key())
            .unwrap_or_else(|| self.name_key())
    }

    fn tax_key(&self) -> Option<String> {
        let t: String = self
            .tax_code
            .as_deref()?
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        (!t.is_empty()).then(|| format!("mst:{t}"))
    }

    fn personal_key(&self) -> Option<String> {
        let t: String = self
            .personal_id
            .as_deref()?
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        (!t.is_empty()).then(|| format!("cccd:{t}"))
    }

    /// Folded name and address ([`address_key`]).
    pub fn name_key(&self) -> String {
        let fold = |s: &str| crate::text::fold(&crate::text::nfc(s));
        format!("{}|{}", fold(&self.name), address_key(&self.address))
    }

    /// Every key this shop can be recognised by.
    pub fn keys(&self) -> Vec<String> {
        let mut k: Vec<String> = [self.tax_key(), self.personal_key()].into_iter().flatten().collect();
        k.push(self.name_key());
        k
    }

    /// Whether two visits are of the same shop: the same tax code when both
    /// give one (a different tax code is a different shop), else the same
    /// personal ID when both give one, else the same folded name and address
    /// (so a visit where the tax code was not at hand still links).
    pub fn same_shop(&self, other: &ShopIdentity) -> bool {
        if let (Some(a), Some(b)) = (self.tax_key(), other.tax_key()) {
            return a == b;
        }
        if let (Some(a), Some(b)) = (self.personal_key(), other.personal_key()) {
            return a == b;
        }
        self.name_key() == other.name_key()
    }
}

/// Folded words that begin the administrative part of an address (ward,
/// commune, district, town, city, province): from there on it is left out,
/// since the ward is its own field and people write it or not.
const ADMIN: &[&[&str]] = &[
    &["phuong"],
    &["p"],
    &["quan"],
    &["q"],
    &["huyen"],
    &["tp"],
    &["thanh", "pho"],
    &["tinh"],
    &["thi", "xa"],
    &["thi", "tran"],
    &["tx"],
    &["tt"],
];
/// Commune, written before a name ("Xã Hòa Bình"), but also a street name
/// ("Xã Đàn"): taken as administrative only at the start of a comma part.
const ADMIN_AT_START: &[&[&str]] = &[&["xa"]];
/// Street-type words before the street's name: dropped.
const STREET: &[&str] = &["duong", "d", "pho"];

/// An address folded so that the ways one address is written compare
/// equal: "12 Lê Lợi", "Số 12 đường Lê Lợi", "số 12 Đường Lê Lợi, P. Thuận
/// Hoá, TP Huế" and "12 LE LOI" all give "12 le loi". Diacritics, case,
/// NFC and punctuation are folded; "số" before the house number and a
/// street-type word (đường, phố, Đ.) before the name are dropped; from the
/// first ward/district/city word on (phường, P., quận, Q., huyện, xã, thị
/// xã, thị trấn, TP, thành phố, tỉnh) the rest is left out.
pub fn address_key(address: &str) -> String {
    let starts = |w: &[&str], at: usize, m: &[&str]| w.len() >= at + m.len() && w[at..at + m.len()] == *m;
    let mut out: Vec<String> = Vec::new();
    'parts: for part in address.split([',', ';']) {
        let folded = crate::text::fold(&crate::text::nfc(part));
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            continue;
        }
        if ADMIN.iter().chain(ADMIN_AT_START).any(|m| starts(&words, 0, m)) {
            break;
        }
        let mut kept: Vec<&str> = Vec::with_capacity(words.len());
        let mut street_dropped = false;
        for (i, w) in words.iter().enumerate() {
            if i > 0 && ADMIN.iter().any(|m| starts(&words, i, m)) && i + 1 < words.len() {
                out.extend(kept.iter().map(|w| w.to_string()));
                break 'parts;
            }
            let next_is_number = words
                .get(i + 1)
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
            if *w == "so" && kept.is_empty() && next_is_number {
                continue;
            }
            let after_number = kept.len() == 1 && kept[0].starts_with(|c: char| c.is_ascii_digit());
            if !street_dropped && STREET.contains(w) && (kept.is_empty() || after_number) && i + 1 < words.len() {
                street_dropped = true;
                continue;
            }
            kept.push(w);
        }
        out.extend(kept.iter().map(|w| w.to_string()));
    }
    out.join(" ")
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
    /// Set when finished: SHA-256 over the answers and what they are about
    /// (see `seal_of`). An edited export no longer matches and is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
}

impl Assessment {
    /// A new assessment started at `now`.
    pub fn start(
        q: &super::Questionnaire,
        shop: ShopIdentity,
        officer: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Assessment {
        let now = crate::time::rfc3339(now);
        Assessment {
            uid: uuid::Uuid::new_v4().to_string(),
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

    /// Finished at `now` with outcome `o`, and sealed.
    pub fn finish(&mut self, o: &super::score::Outcome, now: chrono::DateTime<chrono::FixedOffset>) {
        self.finished = true;
        self.finished_at = Some(crate::time::rfc3339(now));
        self.updated_at = self.finished_at.clone().unwrap_or_default();
        self.score = Some(o.score);
        self.level = Some(o.level);
        self.seal = Some(self.seal_of());
    }

    /// SHA-256 (hex) over the canonical JSON of what a finished result
    /// rests on: uid, questionnaire and its fingerprint, the shop, the
    /// answers (with notes and till figures) and the finishing time. The
    /// stored score and level are not part of it: they are recomputed.
    pub fn seal_of(&self) -> String {
        use sha2::Digest;
        let v = serde_json::json!({
            "uid": self.uid,
            "questionnaire": self.questionnaire,
            "fingerprint": self.fingerprint,
            "shop": self.shop,
            "answers": self.answers,
            "finished_at": self.finished_at,
        });
        // serde_json maps are sorted (no preserve_order): canonical enough.
        hex::encode(sha2::Sha256::digest(v.to_string().as_bytes()))
    }

    /// Check every answer against the questionnaire (the same rules as an
    /// answers file) and, when finished, the seal.
    pub fn check(&self, q: &super::Questionnaire) -> Result<(), crate::i18n::Msg> {
        let uid = &self.uid;
        if self.questionnaire != q.key() || self.fingerprint != q.fingerprint {
            let (was, now) = (&self.questionnaire, q.key());
            let (fa, fb) = (short(&self.fingerprint), short(&q.fingerprint));
            return Err(crate::msg!(
                "phiếu {uid}: làm với {was} (dấu vân tay {fa}), không khớp với {now} (dấu vân tay {fb})",
                "assessment {uid}: made with {was} (fingerprint {fa}), which does not match {now} (fingerprint {fb})"
            ));
        }
        for (id, a) in &self.answers.values {
            let Some(question) = q.question(id) else {
                let k = q.key();
                return Err(crate::msg!(
                    "phiếu {uid}: câu hỏi '{id}' không có trong {k}",
                    "assessment {uid}: question '{id}' is not in {k}"
                ));
            };
            super::score::check(question, a).map_err(|e| {
                crate::i18n::Msg::new(format!("phiếu {uid}: {}", e.vi), format!("assessment {uid}: {}", e.en))
            })?;
        }
        if self.finished {
            match &self.seal {
                Some(s) if *s == self.seal_of() => {}
                Some(_) => {
                    return Err(crate::msg!(
                        "phiếu {uid}: câu trả lời đã bị sửa sau khi hoàn thành (dấu niêm phong không khớp)",
                        "assessment {uid}: the answers were changed after it was finished (the seal does not match)"
                    ));
                }
                None => {}
            }
        }
        Ok(())
    }

    /// Score and level from the answers and the questionnaire, written
    /// over whatever was stored.
    pub fn recompute(&mut self, q: &super::Questionnaire) -> super::score::Outcome {
        let o = super::score::score(q, &self.answers);
        if self.finished {
            self.score = Some(o.score);
            self.level = Some(o.level);
        } else {
            self.score = None;
            self.level = None;
        }
        o
    }
}

impl Assessment {
    /// Whether this copy of an assessment (same uid) is newer than `other`:
    /// a finished copy beats an unfinished one, else the later last change
    /// wins (compared as instants, whatever the offsets).
    pub fn newer_than(&self, other: &Assessment) -> bool {
        if self.finished != other.finished {
            return self.finished;
        }
        let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
        match (t(&self.updated_at), t(&other.updated_at)) {
            (Some(a), Some(b)) => a > b,
            _ => self.updated_at > other.updated_at,
        }
    }
}

fn short(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop(name: &str, address: &str) -> ShopIdentity {
        ShopIdentity {
            name: name.into(),
            address: address.into(),
            ..Default::default()
        }
    }

    #[test]
    fn one_address_written_differently_is_one_shop() {
        let first = shop("Tạp hóa Cô Ba", "12 Lê Lợi");
        for other in [
            shop("Tạp hoá Cô Ba", "Số 12 đường Lê Lợi"),
            shop("TẠP HÓA CÔ BA", "số 12 Đường Lê Lợi, P. Thuận Hoá, TP Huế"),
            shop("Tạp hóa Cô Ba", "12 LE LOI, phường Thuận Hóa"),
            shop("Tạp  hóa  Cô Ba", "12 Lê Lợi phường Thuận Hóa quận 1"),
            shop("Tạp hóa Cô Ba", "Số 12, Đ. Lê Lợi, Q.1, Thành phố Hồ Chí Minh"),
            shop("Tạp hóa Cô Ba", "12 Lê Lợi, Xã Hòa Bình, Tỉnh X"),
        ] {
            assert!(first.same_shop(&other), "{:?} vs {:?}", first.address, other.address);
            assert_eq!(address_key(&other.address), "12 le loi", "{:?}", other.address);
        }
        for other in [
            shop("Tạp hóa Cô Ba", "14 Lê Lợi"),
            shop("Tạp hóa Cô Ba", "12 Lê Lai"),
            shop("Tạp hóa Cô Bảy", "12 Lê Lợi"),
        ] {
            assert!(!first.same_shop(&other), "{:?}", other);
        }
        // street names that look like the words left out stay whole
        assert_eq!(address_key("5 Xã Đàn"), "5 xa dan");
        assert_eq!(address_key("Phố Đường Thành 3"), "duong thanh 3");
        assert_eq!(address_key("Ngõ 5 Phố Huế"), "ngo 5 pho hue");
    }
}
