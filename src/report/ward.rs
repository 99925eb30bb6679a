//! Merging many shops' bundles into the ward's report. Never all-or-nothing:
//! every file is checked on its own (schema, whole numbers, checksum,
//! signature, the ward's register, plausibility, period, ward, revision)
//! and a refused file is listed with its reason while the good ones are
//! merged (`strict` restores all-or-nothing). Totals are computed from
//! summed counts and values with checked arithmetic (never averages of shop
//! shares); shops without sales are "no data", left out of shares and
//! medians. HTML (summary first, A4), CSV and JSON.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::bundle::{self, Bundle, BundleError};
use crate::i18n::{Lang, Msg};
use crate::msg;

/// The programme's targets as they apply to a year.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Targets {
    /// The year of the report's period.
    pub year: i32,
    /// Cashless share above 80 % — a 2030 target (shown as progress).
    pub cashless: f64,
    /// Every purchase with an e-invoice — a 2030 target (shown as progress).
    pub einvoice: f64,
    /// The year the cashless and e-invoice targets are set for.
    pub cashless_einvoice_year: i32,
    /// Products identifiable by a Vietnamese GS1 (893) barcode: 35 % in
    /// 2026, 70 % by 2030 (straight line in between, our assumption).
    pub barcode: f64,
}

pub fn targets(year: i32) -> Targets {
    let barcode = match year {
        ..=2026 => 0.35,
        2030.. => 0.70,
        y => 0.35 + (0.70 - 0.35) * f64::from(y - 2026) / 4.0,
    };
    Targets {
        year,
        cashless: 0.80,
        einvoice: 1.0,
        cashless_einvoice_year: 2030,
        barcode,
    }
}

/// One enrolled shop in the ward's register.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Enrolled {
    pub shop_id: String,
    pub name: String,
    pub ward: String,
    pub public_key: String,
    pub enrolled_at: String,
}

pub const REGISTER_SCHEMA: &str = "quay.ward-register";

/// The ward's register: the shops whose keys the officer received.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Register {
    pub schema: String,
    pub shops: Vec<Enrolled>,
}

impl Default for Register {
    fn default() -> Register {
        Register {
            schema: REGISTER_SCHEMA.into(),
            shops: Vec::new(),
        }
    }
}

pub fn parse_register(text: &str) -> Result<Register, Msg> {
    let r: Register = serde_json::from_str(text).map_err(|e| {
        let e = e.to_string();
        msg!("sổ đăng ký không hợp lệ ({e})", "the register is not valid ({e})")
    })?;
    if r.schema != REGISTER_SCHEMA {
        return Err(msg!(
            "không phải sổ đăng ký phường của quay",
            "not a quay ward register"
        ));
    }
    Ok(r)
}

/// A register being extended: indexed by shop id and by key, so adding n
/// enrolments to a register of m shops costs O(n + m), not O(n · m).
pub struct Registering {
    register: Register,
    by_shop: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
}

impl Registering {
    pub fn new(register: Register) -> Registering {
        let by_shop = register
            .shops
            .iter()
            .enumerate()
            .map(|(i, s)| (s.shop_id.clone(), i))
            .collect();
        let by_key = register
            .shops
            .iter()
            .enumerate()
            .map(|(i, s)| (s.public_key.clone(), i))
            .collect();
        Registering {
            register,
            by_shop,
            by_key,
        }
    }

    /// Add an enrolment (already checked): a new shop is added (`true`), a
    /// shop already there with the same key is left as it is (`false`), a
    /// shop id or a key already registered to something else is refused.
    pub fn add(&mut self, e: &bundle::Enrolment) -> Result<bool, Msg> {
        if let Some(&i) = self.by_shop.get(&e.shop_id) {
            let s = &self.register.shops[i];
            if s.public_key == e.public_key {
                return Ok(false);
            }
            let n = &s.name;
            return Err(msg!(
                "cửa hàng «{n}» đã đăng ký với một khóa khác",
                "shop «{n}» is already registered with another key"
            ));
        }
        if let Some(&i) = self.by_key.get(&e.public_key) {
            let n = &self.register.shops[i].name;
            return Err(msg!(
                "khóa này đã thuộc cửa hàng «{n}»",
                "this key already belongs to shop «{n}»"
            ));
        }
        let i = self.register.shops.len();
        self.by_shop.insert(e.shop_id.clone(), i);
        self.by_key.insert(e.public_key.clone(), i);
        self.register.shops.push(Enrolled {
            shop_id: e.shop_id.clone(),
            name: e.name.clone(),
            ward: e.ward.clone(),
            public_key: e.public_key.clone(),
            enrolled_at: e.enrolled_at.clone(),
        });
        Ok(true)
    }

    pub fn register(&self) -> &Register {
        &self.register
    }

    pub fn finish(self) -> Register {
        self.register
    }
}

#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    pub register: Option<Register>,
    /// Refuse the whole merge when any file is refused.
    pub strict: bool,
    /// The ward reported on; by default the ward most bundles name.
    pub ward: Option<String>,
    /// The period reported on; by default the one most bundles cover.
    pub period: Option<String>,
    /// Bundles exported more than this many days after the period's end are late.
    pub due_days: i64,
    pub lang: Lang,
    /// Bundles of other periods feed the trend per period instead of being refused.
    pub trend: bool,
    /// Roll several wards up (a city): bundles of other wards are merged,
    /// with one line per ward.
    pub by_ward: bool,
}

/// The figures of a group of shops: one period of the trend, or one ward.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Rollup {
    pub key: String,
    pub shops: usize,
    pub shops_with_data: usize,
    pub sales: i64,
    pub value: i64,
    pub cashless_share_value: f64,
    pub cashless_share_count: f64,
    pub invoice_coverage_count: f64,
    pub barcode_share_vn: f64,
}

/// Totals per key, the newest revision of each shop, checked sums (a shop
/// whose figures would overflow the group is left out of it).
fn rollup<'a>(items: impl Iterator<Item = &'a (String, Bundle)>, key: impl Fn(&Bundle) -> String) -> Vec<Rollup> {
    let t = targets(2026);
    let mut newest: BTreeMap<(String, &str), &Bundle> = BTreeMap::new();
    for (_, b) in items {
        let e = newest.entry((key(b), b.shop.shop_id.as_str())).or_insert(b);
        if b.revision > e.revision {
            *e = b;
        }
    }
    let mut groups: BTreeMap<String, (ShopRow, usize, usize)> = BTreeMap::new();
    for ((k, _), b) in newest {
        let r = row("", b, &t);
        let g = groups.entry(k).or_insert_with(|| (ShopRow::default(), 0, 0));
        if let Some(sum) = add(&g.0, &r) {
            g.0 = sum;
            g.1 += 1;
            g.2 += usize::from(!r.no_data);
        }
    }
    groups
        .into_iter()
        .map(|(key, (mut r, shops, shops_with_data))| {
            finish(&mut r, &t);
            Rollup {
                key,
                shops,
                shops_with_data,
                sales: r.sales,
                value: r.value,
                cashless_share_value: r.cashless_share_value,
                cashless_share_count: r.cashless_share_count,
                invoice_coverage_count: r.invoice_coverage_count,
                barcode_share_vn: r.barcode_share_vn,
            }
        })
        .collect()
}

/// A file left out of the merge, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Refusal {
    pub file: String,
    pub reason_code: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ShopRow {
    pub file: String,
    pub shop_id: String,
    pub name: String,
    pub ward: String,
    pub revision: i64,
    pub provisional: bool,
    pub generated_at: String,
    /// No sales in the period: left out of shares and medians.
    pub no_data: bool,
    pub sales: i64,
    pub value: i64,
    pub cashless_sales: i64,
    pub cashless_value: i64,
    pub cashless_share_count: f64,
    pub cashless_share_value: f64,
    pub invoiced_sales: i64,
    pub invoiced_value: i64,
    pub invoice_unsent_sales: i64,
    pub invoice_coverage_count: f64,
    pub invoice_coverage_value: f64,
    pub active_products: i64,
    pub with_gtin: i64,
    pub with_vn_gtin: i64,
    /// Vietnamese GS1 (893) share: the traceability proxy.
    pub barcode_share_vn: f64,
    /// Any valid GTIN, shown beside it.
    pub barcode_share: f64,
    pub ocop_lines: i64,
    pub ocop_value: i64,
    pub maturity_level: Option<i64>,
    pub maturity_questionnaire: Option<String>,
    /// The assessment had too much unknown to be sure of the level.
    pub maturity_provisional: bool,
    /// Targets missed: `cashless`, `einvoice`, `barcode`.
    pub misses: Vec<String>,
}

/// What a newer revision of a shop's bundle changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Revision {
    pub shop_id: String,
    pub name: String,
    pub kept_file: String,
    pub replaced_file: String,
    pub kept_revision: i64,
    pub replaced_revision: i64,
    /// `field: old → new` for the figures that differ.
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Submissions {
    pub registered: usize,
    pub reported: usize,
    pub missing: Vec<String>,
    pub late: Vec<String>,
    pub due: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MaturityChart {
    pub questionnaire: String,
    /// Shops per level 0–5.
    pub levels: [usize; 6],
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WardReport {
    pub ward: String,
    pub period: String,
    pub from: String,
    pub to: String,
    /// When this report was made (Vietnam time).
    pub generated_at: String,
    /// False without a register: the figures are not verified.
    pub verified: bool,
    /// Shops in Vietnamese alphabetical order.
    pub shops: Vec<ShopRow>,
    pub total: ShopRow,
    pub shops_with_data: usize,
    pub no_data: Vec<String>,
    pub provisional: Vec<String>,
    pub median_cashless_share_value: Option<f64>,
    pub median_invoice_coverage_count: Option<f64>,
    /// Shops with data per tenth of cashless share by value: [0–10 %), …, [90–100 %].
    pub cashless_distribution: [usize; 10],
    pub maturity: Vec<MaturityChart>,
    pub no_assessment: usize,
    pub targets: Targets,
    pub refused: Vec<Refusal>,
    pub revisions: Vec<Revision>,
    pub submissions: Option<Submissions>,
    /// With `trend`: the ward's figures per period, oldest first.
    pub trend: Vec<Rollup>,
    /// With `by_ward`: one line per ward.
    pub wards: Vec<Rollup>,
}

/// Every `*.json` (any case) in a folder, or the files given.
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Msg> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let d = p.display();
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| msg!("không đọc được thư mục {d}: {e}", "cannot read folder {d}: {e}"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        return Err(msg!(
            "không có gói báo cáo nào (*.json) để gộp",
            "no bundles (*.json) to merge"
        ));
    }
    Ok(files)
}

type Loaded = (String, Result<(Bundle, Option<String>), BundleError>);

/// Read and check files on all cores, in order; `progress` after each
/// batch. With `keep_text`, each good bundle comes with the text it was
/// checked in.
fn load(files: &[PathBuf], keep_text: bool, mut progress: impl FnMut(usize, usize)) -> Vec<Loaded> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    // a run of files: read them, then check them together (signatures in
    // batches, `bundle_batch`)
    let some = |fs: &[PathBuf]| -> Vec<Loaded> {
        let read: Vec<Result<String, BundleError>> = fs
            .iter()
            .map(|f| std::fs::read_to_string(f).map_err(|e| BundleError::Unreadable(e.to_string())))
            .collect();
        let texts: Vec<&str> = read.iter().filter_map(|r| r.as_deref().ok()).collect();
        let mut checked = super::bundle_batch::parse_many(&texts).into_iter();
        fs.iter()
            .zip(read)
            .map(|(f, r)| {
                let r = r.and_then(|text| {
                    let b = checked.next().unwrap_or(Err(BundleError::NotABundle))?;
                    Ok((b, keep_text.then_some(text)))
                });
                (f.display().to_string(), r)
            })
            .collect()
    };
    let mut out = Vec::with_capacity(files.len());
    for batch in files.chunks(4096) {
        if threads <= 1 || batch.len() < 64 {
            out.extend(some(batch));
        } else {
            let per = batch.len().div_ceil(threads);
            std::thread::scope(|s| {
                let handles: Vec<_> = batch.chunks(per).map(|c| s.spawn(move || some(c))).collect();
                for h in handles {
                    // a panic is a bug: pass it on rather than lose files
                    match h.join() {
                        Ok(v) => out.extend(v),
                        Err(e) => std::panic::resume_unwind(e),
                    }
                }
            });
        }
        progress(out.len(), files.len());
    }
    out
}

fn most_common<'a>(items: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut n: HashMap<&str, usize> = HashMap::new();
    for i in items {
        *n.entry(i).or_default() += 1;
    }
    // ties go to the smallest, so the choice does not depend on file order
    n.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| k.to_string())
}

use super::cashless::share;

/// Each file's own checks (schema, whole numbers, checksum, signature,
/// plausibility) and, with a register, whether the signer is the shop the
/// bundle names, in the ward it is registered in: the bundles that pass, in
/// file order, and the refusals. `merge` and `quay ward load` both use it,
/// so the database refuses exactly what the report refuses.
pub fn check_files(
    files: &[PathBuf],
    register: Option<&Register>,
    lang: Lang,
    progress: impl FnMut(usize, usize),
) -> (Vec<(String, Bundle)>, Vec<Refusal>) {
    let (good, refused) = check_files_kept(files, register, lang, false, progress);
    (good.into_iter().map(|(f, b, _)| (f, b)).collect(), refused)
}

/// A bundle that passed: its file, the bundle, and with `keep_text` the
/// text it was checked in.
pub type Checked = (String, Bundle, Option<String>);

/// [`check_files`], keeping each good bundle's text when `keep_text`.
pub fn check_files_kept(
    files: &[PathBuf],
    register: Option<&Register>,
    lang: Lang,
    keep_text: bool,
    progress: impl FnMut(usize, usize),
) -> (Vec<Checked>, Vec<Refusal>) {
    let keys: Option<HashMap<&str, &Enrolled>> =
        register.map(|r| r.shops.iter().map(|s| (s.public_key.as_str(), s)).collect());
    let mut refused = Vec::new();
    let mut loaded = Vec::with_capacity(files.len());
    for (f, r) in load(files, keep_text, progress) {
        let checked = r.and_then(|(b, text)| {
            let Some(keys) = &keys else { return Ok((b, text)) };
            let sig = b.signature.as_ref().ok_or(BundleError::Unsigned)?;
            let who = keys.get(sig.public_key.as_str()).ok_or(BundleError::UnknownKey)?;
            if who.shop_id != b.shop.shop_id {
                return Err(BundleError::OtherShop {
                    registered: who.name.clone(),
                });
            }
            if who.ward != b.shop.ward {
                let (w, r) = (&b.shop.ward, &who.ward);
                return Err(BundleError::Implausible(msg!(
                    "gói ghi phường «{w}» nhưng cửa hàng đăng ký ở «{r}»",
                    "the bundle names ward «{w}» but the shop is registered in «{r}»"
                )));
            }
            Ok((b, text))
        });
        match checked {
            Ok((b, text)) => loaded.push((f, b, text)),
            Err(e) => refused.push(Refusal {
                reason_code: e.code().to_string(),
                reason: e.msg(&f).get(lang).to_string(),
                file: f,
            }),
        }
    }
    (loaded, refused)
}

/// Read, check and merge bundles. `Err` only with `strict` when a file
/// was refused (then every refusal is returned). `now` dates the report
/// (and gives this year's targets when no period was merged).
pub fn merge(
    files: &[PathBuf],
    opts: &MergeOptions,
    progress: impl FnMut(usize, usize),
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<WardReport, Vec<Refusal>> {
    let lang = opts.lang;
    let (loaded, mut refused) = check_files(files, opts.register.as_ref(), lang, progress);
    let mut refuse = |file: &str, code: &str, m: Msg| {
        refused.push(Refusal {
            file: file.to_string(),
            reason_code: code.to_string(),
            reason: m.get(lang).to_string(),
        })
    };
    // one period and one ward
    let period = opts
        .period
        .clone()
        .or_else(|| most_common(loaded.iter().map(|(_, b)| b.period.label.as_str())));
    let ward = opts
        .ward
        .clone()
        .or_else(|| most_common(loaded.iter().map(|(_, b)| b.shop.ward.as_str())));
    let trend = if opts.trend {
        rollup(
            loaded
                .iter()
                .filter(|(_, b)| opts.by_ward || Some(&b.shop.ward) == ward.as_ref()),
            |b| b.period.label.clone(),
        )
    } else {
        Vec::new()
    };
    let mut kept: HashMap<String, (String, Bundle)> = HashMap::with_capacity(loaded.len());
    let mut revisions = Vec::new();
    for (f, b) in loaded {
        if opts.trend && Some(&b.period.label) != period.as_ref() {
            continue;
        }
        if Some(&b.period.label) != period.as_ref() {
            let (p2, p1) = (&b.period.label, period.as_deref().unwrap_or(""));
            refuse(
                &f,
                "other_period",
                msg!(
                    "{f}: kỳ {p2}, báo cáo này là kỳ {p1}: chỉ gộp các gói cùng một kỳ",
                    "{f}: period {p2}, this report is for {p1}: merge bundles of one period only"
                ),
            );
            continue;
        }
        if !opts.by_ward && Some(&b.shop.ward) != ward.as_ref() {
            let (w2, w1) = (&b.shop.ward, ward.as_deref().unwrap_or(""));
            refuse(
                &f,
                "other_ward",
                msg!(
                    "{f}: cửa hàng ở «{w2}», báo cáo này là của «{w1}»",
                    "{f}: the shop is in «{w2}», this report is for «{w1}»"
                ),
            );
            continue;
        }
        // one bundle per shop: the newest revision wins
        match kept.remove(&b.shop.shop_id) {
            None => {
                kept.insert(b.shop.shop_id.clone(), (f, b));
            }
            Some((kf, kb)) => {
                let ((nf, nb), (of, ob)) = if b.revision > kb.revision || (b.revision == kb.revision && f < kf) {
                    ((f, b), (kf, kb))
                } else {
                    ((kf, kb), (f, b))
                };
                if nb.revision == ob.revision && nb.checksum != ob.checksum {
                    let (shop, r) = (&nb.shop.name, nb.revision);
                    refuse(
                        &of,
                        "revision_conflict",
                        msg!(
                            "{of}: cửa hàng «{shop}» có hai gói khác nhau cùng lần xuất {r}; giữ {nf}",
                            "{of}: shop «{shop}» has two different bundles with revision {r}; kept {nf}"
                        ),
                    );
                } else if nb.revision != ob.revision {
                    revisions.push(Revision {
                        shop_id: nb.shop.shop_id.clone(),
                        name: nb.shop.name.clone(),
                        kept_file: file_name(&nf),
                        replaced_file: file_name(&of),
                        kept_revision: nb.revision,
                        replaced_revision: ob.revision,
                        changes: changes(&ob, &nb),
                    });
                }
                kept.insert(nb.shop.shop_id.clone(), (nf, nb));
            }
        }
    }
    let period_label = period.unwrap_or_default();
    let (from, to) = super::cashless::period(&period_label).unwrap_or_default();
    // No period (nothing merged): this year's targets.
    let year: i32 = from
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or_else(|| chrono::Datelike::year(&now));
    let t = targets(year);
    let mut total = ShopRow {
        name: lang.pick("Toàn phường", "Whole ward").to_string(),
        ward: ward.clone().unwrap_or_default(),
        ..Default::default()
    };
    let mut shops: Vec<ShopRow> = Vec::with_capacity(kept.len());
    let mut kept: Vec<(String, Bundle)> = kept.into_values().collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    let wards = if opts.by_ward {
        rollup(kept.iter(), |b| b.shop.ward.clone())
    } else {
        Vec::new()
    };
    let ward = if opts.by_ward {
        Some(wards.iter().map(|w| w.key.as_str()).collect::<Vec<_>>().join(", "))
    } else {
        ward
    };
    for (f, b) in &kept {
        let r = row(f, b, &t);
        match add(&total, &r) {
            Some(sum) => {
                total = sum;
                shops.push(r);
            }
            None => refuse(
                f,
                "overflow",
                msg!(
                    "{f}: cộng gói này vào tổng phường bị tràn số",
                    "{f}: adding this bundle makes the ward totals overflow"
                ),
            ),
        }
    }
    if opts.strict && !refused.is_empty() {
        return Err(refused);
    }
    shops.sort_by_cached_key(|s| (vi_key(&s.name), s.shop_id.clone()));
    finish(&mut total, &t);
    total.misses = misses(&total, &t);
    let with_data: Vec<&ShopRow> = shops.iter().filter(|s| !s.no_data).collect();
    let median = |mut v: Vec<f64>| -> Option<f64> {
        if v.is_empty() {
            return None;
        }
        v.sort_by(|a, b| a.total_cmp(b));
        let n = v.len();
        Some(if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        })
    };
    let mut dist = [0usize; 10];
    for s in &with_data {
        dist[((s.cashless_share_value * 10.0).floor().max(0.0) as usize).min(9)] += 1;
    }
    let mut charts: BTreeMap<String, [usize; 6]> = BTreeMap::new();
    let mut none = 0;
    for s in &shops {
        match (s.maturity_level, &s.maturity_questionnaire) {
            (Some(l), Some(q)) if (0..=5).contains(&l) => charts.entry(q.clone()).or_default()[l as usize] += 1,
            _ => none += 1,
        }
    }
    let submissions = opts.register.as_ref().map(|reg| {
        let due = chrono::NaiveDate::parse_from_str(&to, "%Y-%m-%d")
            .map(|d| (d + chrono::Duration::days(opts.due_days)).to_string())
            .unwrap_or_default();
        let in_ward: Vec<&Enrolled> = reg
            .shops
            .iter()
            .filter(|s| opts.by_ward || Some(&s.ward) == ward.as_ref())
            .collect();
        let reported: std::collections::HashSet<&str> = shops.iter().map(|s| s.shop_id.as_str()).collect();
        let mut missing: Vec<String> = in_ward
            .iter()
            .filter(|s| !reported.contains(s.shop_id.as_str()))
            .map(|s| s.name.clone())
            .collect();
        missing.sort_by_cached_key(|n| vi_key(n));
        let late = shops
            .iter()
            .filter(|s| s.generated_at.get(..10).is_some_and(|d| d > due.as_str()))
            .map(|s| s.name.clone())
            .collect();
        Submissions {
            registered: in_ward.len(),
            reported: shops.len(),
            missing,
            late,
            due,
        }
    });
    revisions.sort_by_cached_key(|r| vi_key(&r.name));
    Ok(WardReport {
        ward: ward.unwrap_or_default(),
        period: period_label,
        from,
        to,
        generated_at: crate::time::rfc3339(now),
        verified: opts.register.is_some(),
        shops_with_data: with_data.len(),
        median_cashless_share_value: median(with_data.iter().map(|s| s.cashless_share_value).collect()),
        median_invoice_coverage_count: median(with_data.iter().map(|s| s.invoice_coverage_count).collect()),
        no_data: shops.iter().filter(|s| s.no_data).map(|s| s.name.clone()).collect(),
        provisional: shops.iter().filter(|s| s.provisional).map(|s| s.name.clone()).collect(),
        cashless_distribution: dist,
        maturity: charts
            .into_iter()
            .map(|(questionnaire, levels)| MaturityChart { questionnaire, levels })
            .collect(),
        no_assessment: none,
        targets: t,
        refused,
        revisions,
        submissions,
        trend,
        wards,
        shops,
        total,
    })
}

pub(super) fn file_name(f: &str) -> String {
    Path::new(f)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn changes(old: &Bundle, new: &Bundle) -> Vec<String> {
    let pick = |b: &Bundle| {
        [
            ("sales", b.sales.sales),
            ("value", b.sales.value),
            ("cashless_sales", b.sales.cashless_sales),
            ("cashless_value", b.sales.cashless_value),
            ("invoiced_sales", b.sales.invoiced_sales),
            ("invoice_unsent_sales", b.sales.invoice_unsent_sales),
            ("active_products", b.barcodes.active_products),
            ("with_vn_gtin", b.barcodes.with_vn_gtin),
            ("ocop_lines", b.ocop.lines_sold),
            ("maturity_level", b.maturity.as_ref().map_or(-1, |m| m.level)),
        ]
    };
    pick(old)
        .iter()
        .zip(pick(new).iter())
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, b)| format!("{}: {} → {}", a.0, a.1, b.1))
        .collect()
}

/// The sum of two rows' counts, `None` on overflow.
fn add(t: &ShopRow, s: &ShopRow) -> Option<ShopRow> {
    let mut r = t.clone();
    r.sales = t.sales.checked_add(s.sales)?;
    r.value = t.value.checked_add(s.value)?;
    r.cashless_sales = t.cashless_sales.checked_add(s.cashless_sales)?;
    r.cashless_value = t.cashless_value.checked_add(s.cashless_value)?;
    r.invoiced_sales = t.invoiced_sales.checked_add(s.invoiced_sales)?;
    r.invoiced_value = t.invoiced_value.checked_add(s.invoiced_value)?;
    r.invoice_unsent_sales = t.invoice_unsent_sales.checked_add(s.invoice_unsent_sales)?;
    r.active_products = t.active_products.checked_add(s.active_products)?;
    r.with_gtin = t.with_gtin.checked_add(s.with_gtin)?;
    r.with_vn_gtin = t.with_vn_gtin.checked_add(s.with_vn_gtin)?;
    r.ocop_lines = t.ocop_lines.checked_add(s.ocop_lines)?;
    r.ocop_value = t.ocop_value.checked_add(s.ocop_value)?;
    Some(r)
}

fn finish(r: &mut ShopRow, _t: &Targets) {
    r.no_data = r.sales == 0;
    r.cashless_share_count = share(r.cashless_sales, r.sales);
    r.cashless_share_value = share(r.cashless_value, r.value);
    r.invoice_coverage_count = share(r.invoiced_sales, r.sales);
    r.invoice_coverage_value = share(r.invoiced_value, r.value);
    r.barcode_share = share(r.with_gtin, r.active_products);
    r.barcode_share_vn = share(r.with_vn_gtin, r.active_products);
}

pub(super) fn met(v: f64, target: f64, strict: bool) -> bool {
    if strict { v > target } else { v >= target }
}

fn misses(r: &ShopRow, t: &Targets) -> Vec<String> {
    let mut v = Vec::new();
    if !r.no_data && !met(r.cashless_share_value, t.cashless, true) {
        v.push("cashless".into());
    }
    if !r.no_data && !met(r.invoice_coverage_count, t.einvoice, false) {
        v.push("einvoice".into());
    }
    if !met(r.barcode_share_vn, t.barcode, false) {
        v.push("barcode".into());
    }
    v
}

fn row(file: &str, b: &Bundle, t: &Targets) -> ShopRow {
    let s = &b.sales;
    let mut r = ShopRow {
        file: file_name(file),
        shop_id: b.shop.shop_id.clone(),
        name: b.shop.name.clone(),
        ward: b.shop.ward.clone(),
        revision: b.revision,
        provisional: b.provisional,
        generated_at: b.generated_at.clone(),
        sales: s.sales,
        value: s.value,
        cashless_sales: s.cashless_sales,
        cashless_value: s.cashless_value,
        invoiced_sales: s.invoiced_sales,
        invoiced_value: s.invoiced_value,
        invoice_unsent_sales: s.invoice_unsent_sales,
        active_products: b.barcodes.active_products,
        with_gtin: b.barcodes.with_gtin,
        with_vn_gtin: b.barcodes.with_vn_gtin,
        ocop_lines: b.ocop.lines_sold,
        ocop_value: b.ocop.value,
        maturity_level: b.maturity.as_ref().map(|m| m.level),
        maturity_questionnaire: b.maturity.as_ref().map(|m| m.questionnaire.clone()),
        maturity_provisional: b.maturity.as_ref().is_some_and(|m| m.provisional),
        ..Default::default()
    };
    finish(&mut r, t);
    r.misses = misses(&r, t);
    r
}

/// A sort key in Vietnamese dictionary order: letters first (a ă â b c d
/// đ e ê g … o ô ơ … u ư …, case folded), then tones (none, huyền, hỏi,
/// ngã, sắc, nặng) to break ties.
pub fn vi_key(s: &str) -> Vec<u32> {
    use unicode_normalization::UnicodeNormalization;
    const ALPHABET: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxy";
    let mut primary: Vec<u32> = Vec::with_capacity(s.len());
    let mut tones: Vec<u32> = Vec::new();
    let mut chars = s.nfd().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        let mut letter = c;
        let mut tone = 0;
        while let Some(&m) = chars.peek() {
            let (l, t) = match (letter, m) {
                ('a', '\u{306}') => ('ă', tone),
                ('a', '\u{302}') => ('â', tone),
                ('e', '\u{302}') => ('ê', tone),
                ('o', '\u{302}') => ('ô', tone),
                ('o', '\u{31b}') => ('ơ', tone),
                ('u', '\u{31b}') => ('ư', tone),
                (l, '\u{300}') => (l, 1),
                (l, '\u{309}') => (l, 2),
                (l, '\u{303}') => (l, 3),
                (l, '\u{301}') => (l, 4),
                (l, '\u{323}') => (l, 5),
                _ => break,
            };
            letter = l;
            tone = t;
            chars.next();
        }
        primary.push(match ALPHABET.chars().position(|a| a == letter) {
            Some(i) => 0x100 + i as u32,
            None if letter.is_ascii_digit() => letter as u32,
            None if letter.is_alphabetic() => 0x200 + letter as u32,
            None => 0x20,
        });
        tones.push(tone);
    }
    primary.push(0);
    primary.extend(tones);
    primary
}

pub use super::ward_render::{csv, gap, html};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_names_sort_in_dictionary_order() {
        let mut v = vec![
            "Đông", "Dung", "Ánh", "Ăn", "An", "Âu", "Bình", "Ơn", "Ôn", "On", "Ưu", "Uyên", "ả", "à",
        ];
        v.sort_by_cached_key(|s| vi_key(s));
        assert_eq!(
            v,
            [
                "à", "ả", "An", "Ánh", "Ăn", "Âu", "Bình", "Dung", "Đông", "On", "Ôn", "Ơn", "Uyên", "Ưu"
            ]
        );
    }

    fn enrolment(shop: &str, key: &str) -> bundle::Enrolment {
        bundle::Enrolment {
            schema: String::new(),
            shop_id: shop.into(),
            name: format!("Cửa hàng {shop}"),
            ward: "Phường Thuận Hóa".into(),
            public_key: key.into(),
            enrolled_at: "2026-11-30T10:00:00+07:00".into(),
            signature: String::new(),
        }
    }

    #[test]
    fn a_register_takes_each_shop_once_with_one_key() {
        let mut r = Registering::new(Register::default());
        assert_eq!(r.add(&enrolment("a", "k1")), Ok(true));
        assert_eq!(r.add(&enrolment("b", "k2")), Ok(true));
        // the same enrolment again changes nothing
        assert_eq!(r.add(&enrolment("a", "k1")), Ok(false));
        // shop a with another key, or key k2 for another shop: refused
        let other_key = r.add(&enrolment("a", "k3")).expect_err("refused");
        assert!(
            other_key.en.contains("already registered with another key"),
            "{other_key:?}"
        );
        let taken_key = r.add(&enrolment("c", "k2")).expect_err("refused");
        assert!(taken_key.en.contains("«Cửa hàng b»"), "{taken_key:?}");
        // an existing register is indexed too
        let mut again = Registering::new(r.finish());
        assert_eq!(again.add(&enrolment("b", "k2")), Ok(false));
        assert!(again.add(&enrolment("b", "k9")).is_err());
        assert_eq!(again.register().shops.len(), 2);
    }

    #[test]
    fn gaps_have_a_sign_and_a_unit() {
        assert_eq!(gap(0.832, 0.8, Lang::Vi), "+3,2 điểm %");
        assert_eq!(gap(0.75, 0.8, Lang::Vi), "−5,0 điểm %");
        assert_eq!(gap(0.75, 0.8, Lang::En), "−5,0 pp");
    }

    #[test]
    fn targets_follow_the_year() {
        assert_eq!(targets(2026).barcode, 0.35);
        assert_eq!(targets(2030).barcode, 0.70);
        assert_eq!(targets(2026).cashless_einvoice_year, 2030);
    }
}
