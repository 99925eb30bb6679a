//! The dated household tax table (`data/household-tax.json`): tax groups by
//! business line with their direct-method VAT and PIT percentages, the
//! yearly exempt-revenue threshold and the e-invoice line. Each dated list
//! must run without gaps or overlaps; an override in the data folder that
//! leaves a gap is refused whole. Pure: the caller reads the file.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::catalog::VatRate;
use crate::catalog::vat_table::TableError;
use crate::i18n::Msg;
use crate::msg_key;

/// The bundled table.
pub const BUNDLED: &str = include_str!("../../data/household-tax.json");
/// The name of the override file in the data folder.
pub const FILE_NAME: &str = "household-tax.json";

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    schema: u32,
    version: String,
    #[serde(default)]
    #[allow(dead_code)]
    comment: String,
    default_group_by_vat: BTreeMap<String, String>,
    groups: Vec<RawGroup>,
    thresholds: Vec<RawThreshold>,
    einvoice: Vec<RawEinvoice>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    code: String,
    column: u8,
    label_vi: String,
    label_en: String,
    rates: Vec<RawRate>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRate {
    from: String,
    #[serde(default)]
    to: Option<String>,
    vat: String,
    pit: String,
    basis: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThreshold {
    from: String,
    #[serde(default)]
    to: Option<String>,
    exempt_revenue: i64,
    vat_base: String,
    pit_base: String,
    /// The yearly revenue up to which the percentage method may be used.
    #[serde(default)]
    percentage_method_up_to: Option<i64>,
    basis: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEinvoice {
    from: String,
    #[serde(default)]
    to: Option<String>,
    revenue: i64,
    register_within_days: i64,
    basis: String,
}

/// A tax group (business line) as the table defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub code: String,
    /// Its column in the revenue book (1 to 4).
    pub column: u8,
    pub label: Msg,
    pub rates: Vec<Dated<Rates>>,
}

/// Percentages of revenue in basis points (1 % = 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rates {
    pub vat_bp: i64,
    pub pit_bp: i64,
}

/// What part of the year's revenue a tax is charged on once the
/// threshold is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    /// All revenue of the year.
    All,
    /// Only the revenue above the threshold.
    Excess,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    pub exempt_revenue: i64,
    pub vat_base: Base,
    pub pit_base: Base,
    /// Above this yearly revenue the profit method applies from the next
    /// year (quay does not compute it; it warns).
    pub percentage_method_up_to: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EinvoiceLine {
    pub revenue: i64,
    pub register_within_days: i64,
}

/// A value in force from `from` to `to` (inclusive; `None` = open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated<T> {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub value: T,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxTable {
    pub version: String,
    pub groups: Vec<Group>,
    default_by_vat: Vec<(VatRate, String)>,
    pub thresholds: Vec<Dated<Threshold>>,
    pub einvoice: Vec<Dated<EinvoiceLine>>,
}

/// `"0.5"` → 50 basis points; at most two decimals, 0 to 100 %.
fn percent_bp(s: &str) -> Option<i64> {
    let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = format!("{frac:0<2}").parse().ok()?;
    let bp = w.checked_mul(100)?.checked_add(f)?;
    (bp <= 10_000).then_some(bp)
}

/// Why the household tax table was refused; every problem names the file
/// (`source`) and the place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxTableError {
    /// The file is not JSON of the expected shape.
    Unreadable {
        source: String,
        line: usize,
        column: usize,
        detail: String,
    },
    /// A problem shared with the VAT table (schema, dates, a reversed range).
    Table(TableError),
    /// A dated list without entries.
    Empty { source: String, place: String },
    /// A range without an end followed by another.
    OpenEnd {
        source: String,
        place: String,
        from: NaiveDate,
        next: NaiveDate,
    },
    /// Two ranges overlap.
    Overlap {
        source: String,
        place: String,
        end: NaiveDate,
        next: NaiveDate,
    },
    /// Days between two ranges belong to neither.
    Gap {
        source: String,
        place: String,
        end: NaiveDate,
        next: NaiveDate,
    },
    /// A group code that is not lower-case a-z.
    GroupCode { source: String, place: String },
    /// A group repeating another's code or column.
    GroupRepeats { source: String, place: String },
    /// A column outside 1 to 4.
    Column { source: String, place: String },
    /// A rate that is not a percentage (`what` is `vat` or `pit`).
    Percent {
        source: String,
        place: String,
        what: String,
        input: String,
    },
    /// No group at all.
    NoGroups { source: String },
    /// `default_group_by_vat` lacks a VAT rate.
    DefaultMissing { source: String, rate: String },
    /// `default_group_by_vat` names a group the table lacks.
    DefaultUnknown {
        source: String,
        rate: String,
        group: String,
    },
    /// A base other than `all` or `excess`.
    Base {
        source: String,
        place: String,
        input: String,
    },
    /// A negative exempt revenue.
    NegativeExempt { source: String, place: String },
    /// An e-invoice line with a revenue or a delay out of range.
    Einvoice { source: String, place: String },
}

impl TaxTableError {
    pub fn msg(&self) -> Msg {
        match self {
            TaxTableError::Unreadable {
                source,
                line,
                column,
                detail,
            } => msg_key!("tax_table.unreadable", source, line, column, detail),
            TaxTableError::Table(e) => e.msg(),
            TaxTableError::Empty { source, place } => msg_key!("tax_table.empty", source, place),
            TaxTableError::OpenEnd {
                source,
                place,
                from,
                next,
            } => msg_key!("tax_table.open_end", source, place, from, next),
            TaxTableError::Overlap {
                source,
                place,
                end,
                next,
            } => msg_key!("tax_table.overlap", source, place, end, next),
            TaxTableError::Gap {
                source,
                place,
                end,
                next,
            } => msg_key!("tax_table.gap", source, place, end, next),
            TaxTableError::GroupCode { source, place } => msg_key!("tax_table.group_code", source, place),
            TaxTableError::GroupRepeats { source, place } => msg_key!("tax_table.group_repeats", source, place),
            TaxTableError::Column { source, place } => msg_key!("tax_table.column", source, place),
            TaxTableError::Percent {
                source,
                place,
                what,
                input,
            } => msg_key!("tax_table.percent", source, place, what, input),
            TaxTableError::NoGroups { source } => msg_key!("tax_table.no_groups", source),
            TaxTableError::DefaultMissing { source, rate } => msg_key!("tax_table.default_missing", source, rate),
            TaxTableError::DefaultUnknown { source, rate, group } => {
                msg_key!("tax_table.default_unknown", source, rate, group)
            }
            TaxTableError::Base { source, place, input } => msg_key!("tax_table.base", source, place, input),
            TaxTableError::NegativeExempt { source, place } => msg_key!("tax_table.negative_exempt", source, place),
            TaxTableError::Einvoice { source, place } => msg_key!("tax_table.einvoice", source, place),
        }
    }
}

crate::english_display!(TaxTableError);

impl From<TableError> for TaxTableError {
    fn from(e: TableError) -> Self {
        TaxTableError::Table(e)
    }
}

impl From<TaxTableError> for Msg {
    fn from(e: TaxTableError) -> Msg {
        e.msg()
    }
}

/// The list in date order, checked to run on without gaps or overlaps.
fn check_run<T>(mut list: Vec<Dated<T>>, source: &str, place: &str) -> Result<Vec<Dated<T>>, TaxTableError> {
    let (source, place) = (source.to_string(), place.to_string());
    if list.is_empty() {
        return Err(TaxTableError::Empty { source, place });
    }
    list.sort_by_key(|d| d.from);
    for pair in list.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let next = b.from;
        match a.to {
            None => {
                return Err(TaxTableError::OpenEnd {
                    source,
                    place,
                    from: a.from,
                    next,
                });
            }
            Some(end) if end.succ_opt() != Some(next) => {
                return Err(if end >= next {
                    TaxTableError::Overlap {
                        source,
                        place,
                        end,
                        next,
                    }
                } else {
                    TaxTableError::Gap {
                        source,
                        place,
                        end,
                        next,
                    }
                });
            }
            Some(_) => {}
        }
    }
    Ok(list)
}

fn find<T>(list: &[Dated<T>], d: NaiveDate) -> Option<&Dated<T>> {
    list.iter().find(|x| x.from <= d && x.to.is_none_or(|t| d <= t))
}

impl TaxTable {
    /// The table built into this binary.
    pub fn bundled() -> TaxTable {
        // checked by a test: the bundled file always parses
        TaxTable::parse(BUNDLED, "data/household-tax.json").unwrap_or_else(|_| TaxTable {
            version: "fallback".into(),
            groups: Vec::new(),
            default_by_vat: Vec::new(),
            thresholds: Vec::new(),
            einvoice: Vec::new(),
        })
    }

    /// Parse a table; every problem names `source` and the place.
    pub fn parse(text: &str, source: &str) -> Result<TaxTable, TaxTableError> {
        let raw: RawTable = serde_json::from_str(text).map_err(|e| TaxTableError::Unreadable {
            source: source.to_string(),
            line: e.line(),
            column: e.column(),
            detail: e.to_string(),
        })?;
        let src = || source.to_string();
        crate::catalog::vat_table::check_schema(raw.schema, source)?;
        let date = |s: &str, place: &str| crate::catalog::vat_table::table_date(s, source, place);
        let range =
            |from: &str, to: &Option<String>, place: &str| -> Result<(NaiveDate, Option<NaiveDate>), TaxTableError> {
                let f = date(from, place)?;
                let t = to.as_deref().map(|t| date(t, place)).transpose()?;
                if let Some(t) = t
                    && t < f
                {
                    return Err(TaxTableError::Table(TableError::Reversed {
                        source: source.to_string(),
                        place: place.to_string(),
                        from: f,
                        to: t,
                    }));
                }
                Ok((f, t))
            };
        let mut groups: Vec<Group> = Vec::new();
        for g in &raw.groups {
            let place = format!("group {}", g.code);
            if g.code.is_empty() || !g.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                return Err(TaxTableError::GroupCode {
                    source: src(),
                    place: place.to_string(),
                });
            }
            if groups.iter().any(|x| x.code == g.code || x.column == g.column) {
                return Err(TaxTableError::GroupRepeats {
                    source: src(),
                    place: place.to_string(),
                });
            }
            if !(1..=4).contains(&g.column) {
                return Err(TaxTableError::Column {
                    source: src(),
                    place: place.to_string(),
                });
            }
            let mut rates = Vec::new();
            for r in &g.rates {
                let (from, to) = range(&r.from, &r.to, &place)?;
                let pct = |s: &str, what: &str| {
                    percent_bp(s).ok_or_else(|| TaxTableError::Percent {
                        source: src(),
                        place: place.clone(),
                        what: what.to_string(),
                        input: s.to_string(),
                    })
                };
                rates.push(Dated {
                    from,
                    to,
                    value: Rates {
                        vat_bp: pct(&r.vat, "vat")?,
                        pit_bp: pct(&r.pit, "pit")?,
                    },
                    basis: r.basis.clone(),
                });
            }
            groups.push(Group {
                code: g.code.clone(),
                column: g.column,
                label: Msg {
                    vi: g.label_vi.clone(),
                    en: g.label_en.clone(),
                },
                rates: check_run(rates, source, &place)?,
            });
        }
        if groups.is_empty() {
            return Err(TaxTableError::NoGroups { source: src() });
        }
        let mut default_by_vat = Vec::new();
        for vat in VatRate::ALL {
            let c = vat.code();
            let Some(g) = raw.default_group_by_vat.get(c) else {
                return Err(TaxTableError::DefaultMissing {
                    source: src(),
                    rate: c.to_string(),
                });
            };
            if !groups.iter().any(|x| &x.code == g) {
                return Err(TaxTableError::DefaultUnknown {
                    source: src(),
                    rate: c.to_string(),
                    group: g.clone(),
                });
            }
            default_by_vat.push((vat, g.clone()));
        }
        let base = |s: &str, place: &str| match s {
            "all" => Ok(Base::All),
            "excess" => Ok(Base::Excess),
            _ => Err(TaxTableError::Base {
                source: src(),
                place: place.to_string(),
                input: s.to_string(),
            }),
        };
        let mut thresholds = Vec::new();
        for t in &raw.thresholds {
            let place = "thresholds";
            let (from, to) = range(&t.from, &t.to, place)?;
            if t.exempt_revenue < 0 {
                return Err(TaxTableError::NegativeExempt {
                    source: src(),
                    place: place.to_string(),
                });
            }
            thresholds.push(Dated {
                from,
                to,
                value: Threshold {
                    exempt_revenue: t.exempt_revenue,
                    vat_base: base(&t.vat_base, place)?,
                    pit_base: base(&t.pit_base, place)?,
                    percentage_method_up_to: t.percentage_method_up_to,
                },
                basis: t.basis.clone(),
            });
        }
        let mut einvoice = Vec::new();
        for e in &raw.einvoice {
            let place = "einvoice";
            let (from, to) = range(&e.from, &e.to, place)?;
            if e.revenue <= 0 || !(1..=366).contains(&e.register_within_days) {
                return Err(TaxTableError::Einvoice {
                    source: src(),
                    place: place.to_string(),
                });
            }
            einvoice.push(Dated {
                from,
                to,
                value: EinvoiceLine {
                    revenue: e.revenue,
                    register_within_days: e.register_within_days,
                },
                basis: e.basis.clone(),
            });
        }
        groups.sort_by_key(|g| g.column);
        Ok(TaxTable {
            version: raw.version,
            groups,
            default_by_vat,
            thresholds: check_run(thresholds, source, "thresholds")?,
            einvoice: check_run(einvoice, source, "einvoice")?,
        })
    }

    pub fn group(&self, code: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.code == code)
    }

    /// The group a product without its own falls in, by its VAT rate.
    pub fn default_group(&self, vat: VatRate) -> &str {
        self.default_by_vat
            .iter()
            .find(|(v, _)| *v == vat)
            .map(|(_, g)| g.as_str())
            .or_else(|| self.groups.first().map(|g| g.code.as_str()))
            .unwrap_or("goods")
    }

    /// A product's group: its own when set and known, else the default
    /// by VAT rate (`true` in the second place when defaulted).
    pub fn resolve<'a>(&'a self, own: Option<&'a str>, vat: &str) -> (&'a str, bool) {
        match own {
            Some(g) if self.group(g).is_some() => (g, false),
            _ => (self.default_group(VatRate::parse(vat).unwrap_or(VatRate::Ten)), true),
        }
    }

    /// The rates of `group` in force on `d`, with their basis.
    pub fn rates_on(&self, group: &str, d: NaiveDate) -> Option<&Dated<Rates>> {
        find(&self.group(group)?.rates, d)
    }

    pub fn threshold_on(&self, d: NaiveDate) -> Option<&Dated<Threshold>> {
        find(&self.thresholds, d)
    }

    pub fn einvoice_on(&self, d: NaiveDate) -> Option<&Dated<EinvoiceLine>> {
        find(&self.einvoice, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_bundled_table_parses_with_the_2026_rules() {
        let t = TaxTable::parse(BUNDLED, "data/household-tax.json").unwrap();
        assert_eq!(t, TaxTable::bundled());
        let r = t.rates_on("goods", d("2026-10-01")).unwrap();
        assert_eq!((r.value.vat_bp, r.value.pit_bp), (100, 50));
        let r = t.rates_on("services", d("2026-10-01")).unwrap();
        assert_eq!((r.value.vat_bp, r.value.pit_bp), (500, 200));
        assert_eq!(
            t.threshold_on(d("2026-12-31")).unwrap().value.exempt_revenue,
            1_000_000_000
        );
        // NĐ 141/2026: 1 tỷ from 1 January 2026, no 500 million period
        assert_eq!(
            t.threshold_on(d("2026-01-01")).unwrap().value.exempt_revenue,
            1_000_000_000
        );
        assert_eq!(t.einvoice_on(d("2026-05-01")).unwrap().value.revenue, 1_000_000_000);
        assert_eq!(
            t.threshold_on(d("2026-06-01")).unwrap().value.percentage_method_up_to,
            Some(3_000_000_000)
        );
        assert!(t.rates_on("goods", d("2025-12-31")).is_none());
        assert_eq!(t.default_group(VatRate::Eight), "goods");
        assert_eq!(t.resolve(None, "10"), ("goods", true));
        assert_eq!(t.resolve(Some("services"), "10"), ("services", false));
    }

    #[test]
    fn percentages_parse_to_basis_points() {
        assert_eq!(percent_bp("0.5"), Some(50));
        assert_eq!(percent_bp("1.5"), Some(150));
        assert_eq!(percent_bp("5"), Some(500));
        for bad in ["", ".5", "1.234", "-1", "101", "1,5", "x"] {
            assert_eq!(percent_bp(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_override_leaving_a_gap_in_dates_is_refused() {
        let gap = BUNDLED.replace(
            "{ \"from\": \"2026-01-01\", \"vat\": \"1\"",
            "{ \"from\": \"2026-01-01\", \"to\": \"2026-06-30\", \"vat\": \"1\", \"pit\": \"0.5\", \"basis\": \"x\" }, { \"from\": \"2026-07-02\", \"vat\": \"1\"",
        );
        let e = TaxTable::parse(&gap, "household-tax.json").unwrap_err().msg();
        assert!(
            e.en.contains("group goods: a gap in dates between 2026-06-30 and 2026-07-02"),
            "{}",
            e.en
        );
        let joined = gap.replace("2026-07-02", "2026-07-01");
        let t = TaxTable::parse(&joined, "x").unwrap();
        assert!(t.rates_on("goods", d("2026-07-01")).is_some());
        let overlap = gap.replace("2026-07-02", "2026-06-15");
        let e = TaxTable::parse(&overlap, "x").unwrap_err().msg();
        assert!(e.en.contains("overlaps"), "{}", e.en);
        let open = BUNDLED.replace(
            "\"thresholds\": [",
            "\"thresholds\": [ { \"from\": \"2027-01-01\", \"exempt_revenue\": 1, \"vat_base\": \"all\", \"pit_base\": \"all\", \"basis\": \"x\" },",
        );
        let e = TaxTable::parse(&open, "x").unwrap_err().msg();
        assert!(
            e.en.contains("thresholds: the range from 2026-01-01 has no end"),
            "{}",
            e.en
        );
    }

    #[test]
    fn bad_tables_name_the_place() {
        let e = TaxTable::parse(&BUNDLED.replace("\"pit\": \"0.5\"", "\"pit\": \"half\""), "f")
            .unwrap_err()
            .msg();
        assert!(e.en.contains("group goods: pit 'half'"), "{}", e.en);
        let e = TaxTable::parse(&BUNDLED.replace("\"KCT\": \"goods\"", "\"KCT\": \"food\""), "f")
            .unwrap_err()
            .msg();
        assert!(e.en.contains("KCT → 'food' is not a group"), "{}", e.en);
        let e = TaxTable::parse("{", "f.json").unwrap_err().msg();
        assert!(e.en.starts_with("f.json:1:"), "{}", e.en);
    }
}
