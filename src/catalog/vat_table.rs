//! The dated VAT table: which rate a product group carries on a given day,
//! and the reductions households on the direct method apply. Bundled from
//! `data/vat-table.json`; a file of the same shape in quay's data folder
//! replaces it, so a new decree needs an edited file, not a new binary.
//! Pure: the caller reads the override file and gives its text.
//!
//! A product stores its group: the VAT code it was entered with (`0`, `5`,
//! `8`, `10`, `KCT`). Group `8` means "10 % goods eligible for the reduction
//! to 8 %": 8 % while NQ 204/2025 runs (2025-07-01 … 2026-12-31), 10 % after.

use chrono::NaiveDate;

use super::VatRate;
use crate::i18n::Msg;
use crate::msg_key;

/// The bundled table.
pub const BUNDLED: &str = include_str!("../../data/vat-table.json");
/// The name of the override file in the data folder.
pub const FILE_NAME: &str = "vat-table.json";

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
struct RawTable {
    schema: u32,
    version: String,
    groups: Vec<RawGroup>,
    #[serde(default)]
    household_reductions: Vec<RawReduction>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
struct RawGroup {
    code: String,
    #[serde(default)]
    label: String,
    rates: Vec<RawRate>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
struct RawRate {
    from: Option<String>,
    to: Option<String>,
    rate: String,
    #[serde(default)]
    basis: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
struct RawReduction {
    from: String,
    to: String,
    groups: Vec<String>,
    percent_of_rate: i64,
    #[serde(default = "one")]
    household_vat_percent: i64,
    basis: String,
    note: String,
}

fn one() -> i64 {
    1
}

/// One dated rate of a group; open ends are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedRate {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub rate: VatRate,
    pub basis: Option<String>,
}

/// A reduction of the household VAT percentage (NQ 204/2025: 20 %).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdReduction {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub groups: Vec<VatRate>,
    /// Share of the household's VAT percentage that is waived (20 = 20 %).
    pub percent_of_rate: i64,
    /// The household's VAT percentage of revenue the reduction applies to
    /// (1 % for the distribution of goods, what a retail shop does).
    pub household_vat_percent: i64,
    pub basis: String,
    /// The invoice note; `{amount}` is replaced by the reduction in đồng.
    pub note: String,
}

/// The table as loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatTable {
    pub version: String,
    groups: Vec<(VatRate, String, Vec<DatedRate>)>,
    pub household_reductions: Vec<HouseholdReduction>,
}

/// Why a dated table (the VAT table here, the household tax table in
/// `tax::table`) was refused; every problem names the file (`source`) and
/// the place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// The VAT table is not JSON of the expected shape.
    Unreadable {
        source: String,
        line: usize,
        column: usize,
        detail: String,
    },
    /// A format version other than 1.
    Schema { source: String, schema: u32 },
    /// A date that is not `YYYY-MM-DD`.
    Date {
        source: String,
        place: String,
        input: String,
    },
    /// A date range that ends before it starts.
    Reversed {
        source: String,
        place: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// A rate that is not a VAT code.
    Rate {
        source: String,
        place: String,
        input: String,
    },
    /// A group listed twice.
    Twice { source: String, place: String },
    /// A group without its undated rate.
    NoUndated { source: String, place: String },
    /// A VAT code without its group.
    MissingGroup { source: String, code: String },
    /// A household reduction's percentages out of range.
    Reduction { source: String, place: String },
}

impl TableError {
    pub fn msg(&self) -> Msg {
        match self {
            TableError::Unreadable {
                source,
                line,
                column,
                detail,
            } => msg_key!("table.vat_unreadable", source, line, column, detail),
            TableError::Schema { source, schema } => msg_key!("table.schema", source, schema),
            TableError::Date { source, place, input } => msg_key!("table.date", source, place, input),
            TableError::Reversed {
                source,
                place,
                from,
                to,
            } => {
                msg_key!("table.range_reversed", source, place, from, to)
            }
            TableError::Rate { source, place, input } => msg_key!("table.vat_rate", source, place, input),
            TableError::Twice { source, place } => msg_key!("table.vat_group_twice", source, place),
            TableError::NoUndated { source, place } => msg_key!("table.vat_no_undated_rate", source, place),
            TableError::MissingGroup { source, code } => msg_key!("table.vat_group_missing", source, code),
            TableError::Reduction { source, place } => msg_key!("table.vat_reduction_percent", source, place),
        }
    }
}

crate::english_display!(TableError);

impl From<TableError> for Msg {
    fn from(e: TableError) -> Msg {
        e.msg()
    }
}

/// A dated table's format version: 1 is the only one known. Shared by the
/// VAT table and the household tax table.
pub(crate) fn check_schema(schema: u32, source: &str) -> Result<(), TableError> {
    if schema != 1 {
        return Err(TableError::Schema {
            source: source.to_string(),
            schema,
        });
    }
    Ok(())
}

/// A date in a dated table: exactly `YYYY-MM-DD`, else an error naming the
/// file and the place.
pub(crate) fn table_date(s: &str, source: &str, place: &str) -> Result<NaiveDate, TableError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| TableError::Date {
            source: source.to_string(),
            place: place.to_string(),
            input: s.to_string(),
        })
}

fn holds(from: Option<NaiveDate>, to: Option<NaiveDate>, d: NaiveDate) -> bool {
    from.is_none_or(|f| f <= d) && to.is_none_or(|t| d <= t)
}

impl VatTable {
    /// The table built into this binary.
    pub fn bundled() -> VatTable {
        // checked by a test: the bundled file always parses
        VatTable::parse(BUNDLED, "data/vat-table.json").unwrap_or_else(|_| VatTable {
            version: "fallback".into(),
            groups: Vec::new(),
            household_reductions: Vec::new(),
        })
    }

    /// Parse a table; every problem names `source` and the place.
    pub fn parse(text: &str, source: &str) -> Result<VatTable, TableError> {
        let raw: RawTable = serde_json::from_str(text).map_err(|e| TableError::Unreadable {
            source: source.to_string(),
            line: e.line(),
            column: e.column(),
            detail: e.to_string(),
        })?;
        check_schema(raw.schema, source)?;
        let date = |s: &str, place: &str| table_date(s, source, place);
        let code = |s: &str, place: &str| {
            VatRate::parse(s).ok_or_else(|| TableError::Rate {
                source: source.to_string(),
                place: place.to_string(),
                input: s.to_string(),
            })
        };
        let mut groups = Vec::new();
        for g in &raw.groups {
            let place = format!("group {}", g.code);
            let group = code(&g.code, &place)?;
            if groups.iter().any(|(c, _, _)| *c == group) {
                return Err(TableError::Twice {
                    source: source.to_string(),
                    place,
                });
            }
            let mut rates = Vec::new();
            for r in &g.rates {
                let from = r.from.as_deref().map(|s| date(s, &place)).transpose()?;
                let to = r.to.as_deref().map(|s| date(s, &place)).transpose()?;
                if let (Some(f), Some(t)) = (from, to)
                    && f > t
                {
                    return Err(TableError::Reversed {
                        source: source.to_string(),
                        place,
                        from: f,
                        to: t,
                    });
                }
                rates.push(DatedRate {
                    from,
                    to,
                    rate: code(&r.rate, &place)?,
                    basis: r.basis.clone(),
                });
            }
            if !rates.iter().any(|r| r.from.is_none() && r.to.is_none()) {
                return Err(TableError::NoUndated {
                    source: source.to_string(),
                    place,
                });
            }
            groups.push((group, g.label.clone(), rates));
        }
        for need in VatRate::ALL {
            if !groups.iter().any(|(c, _, _)| *c == need) {
                return Err(TableError::MissingGroup {
                    source: source.to_string(),
                    code: need.code().to_string(),
                });
            }
        }
        let mut household_reductions = Vec::new();
        for (i, r) in raw.household_reductions.iter().enumerate() {
            let place = format!("household_reductions[{i}]");
            if !(1..=100).contains(&r.percent_of_rate) || !(1..=10).contains(&r.household_vat_percent) {
                return Err(TableError::Reduction {
                    source: source.to_string(),
                    place,
                });
            }
            household_reductions.push(HouseholdReduction {
                from: date(&r.from, &place)?,
                to: date(&r.to, &place)?,
                groups: r.groups.iter().map(|g| code(g, &place)).collect::<Result<_, _>>()?,
                percent_of_rate: r.percent_of_rate,
                household_vat_percent: r.household_vat_percent,
                basis: r.basis.clone(),
                note: r.note.clone(),
            });
        }
        Ok(VatTable {
            version: raw.version,
            groups,
            household_reductions,
        })
    }

    /// The rate a product of `group` is sold at on `date`: the first dated
    /// range holding the date, else the group's undated rate.
    pub fn rate_on(&self, group: VatRate, date: NaiveDate) -> VatRate {
        let Some((_, _, rates)) = self.groups.iter().find(|(c, _, _)| *c == group) else {
            return group;
        };
        rates
            .iter()
            .find(|r| (r.from.is_some() || r.to.is_some()) && holds(r.from, r.to, date))
            .or_else(|| rates.iter().find(|r| r.from.is_none() && r.to.is_none()))
            .map_or(group, |r| r.rate)
    }

    /// The household reduction of a sale on `date`: the lines' groups and
    /// net amounts in; the reduction in đồng and the invoice note out
    /// (`None` when no line is eligible). The amount is the eligible
    /// revenue × the household VAT percentage × the reduced share.
    pub fn household_reduction_of(
        &self,
        lines: &[(VatRate, crate::money::Vnd)],
        date: NaiveDate,
    ) -> Option<(crate::money::Vnd, String)> {
        let mut found: Option<(&HouseholdReduction, i64)> = None;
        for (group, net) in lines {
            if let Some(r) = self.household_reduction(*group, date) {
                let base = found.map_or(0, |f| f.1);
                found = Some((r, base + net.0));
            }
        }
        let (r, base) = found?;
        let amount = crate::money::Vnd(crate::money::div_round(
            i128::from(base) * i128::from(r.household_vat_percent) * i128::from(r.percent_of_rate),
            10_000,
        ));
        if amount.0 == 0 {
            return None;
        }
        let words = format!("{} đồng", amount.grouped());
        Some((amount, r.note.replace("{amount}", &words)))
    }

    /// The household reduction in force on `date` for `group`, if any.
    pub fn household_reduction(&self, group: VatRate, date: NaiveDate) -> Option<&HouseholdReduction> {
        self.household_reductions
            .iter()
            .find(|r| r.groups.contains(&group) && holds(Some(r.from), Some(r.to), date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_bundled_table_parses_and_the_reduction_ends_with_2026() {
        let t = VatTable::parse(BUNDLED, "data/vat-table.json").unwrap();
        assert_eq!(t, VatTable::bundled());
        assert_eq!(t.rate_on(VatRate::Eight, d("2025-06-30")), VatRate::Ten);
        assert_eq!(t.rate_on(VatRate::Eight, d("2025-07-01")), VatRate::Eight);
        assert_eq!(t.rate_on(VatRate::Eight, d("2026-12-31")), VatRate::Eight);
        assert_eq!(t.rate_on(VatRate::Eight, d("2027-01-01")), VatRate::Ten);
        for r in [VatRate::Zero, VatRate::Five, VatRate::Ten, VatRate::Kct] {
            assert_eq!(t.rate_on(r, d("2027-01-01")), r);
        }
        assert!(t.household_reduction(VatRate::Eight, d("2026-07-15")).is_some());
        assert!(t.household_reduction(VatRate::Eight, d("2027-01-01")).is_none());
        assert!(t.household_reduction(VatRate::Ten, d("2026-07-15")).is_none());
    }

    #[test]
    fn an_extension_needs_only_an_edited_file() {
        let extended = BUNDLED.replace(
            "\"to\": \"2026-12-31\", \"rate\": \"8\"",
            "\"to\": \"2027-12-31\", \"rate\": \"8\"",
        );
        let t = VatTable::parse(&extended, "x").unwrap();
        assert_eq!(t.rate_on(VatRate::Eight, d("2027-01-01")), VatRate::Eight);
    }

    #[test]
    fn bad_tables_are_refused_naming_the_place() {
        let e = VatTable::parse("{", "vat-table.json").unwrap_err().msg();
        assert!(e.en.starts_with("vat-table.json:1:"), "{}", e.en);
        let e = VatTable::parse(&BUNDLED.replace("\"2025-07-01\", \"to\"", "\"2025-7-1\", \"to\""), "f")
            .unwrap_err()
            .msg();
        assert!(e.en.contains("group 8: date '2025-7-1' must be YYYY-MM-DD"), "{}", e.en);
        let e = VatTable::parse(&BUNDLED.replace("\"rate\": \"5\"", "\"rate\": \"7\""), "f")
            .unwrap_err()
            .msg();
        assert!(e.en.contains("group 5: rate '7'"), "{}", e.en);
        let e = VatTable::parse(&BUNDLED.replace("{ \"rate\": \"10\" }\n      ]", "]"), "f");
        assert!(e.is_err());
    }
}
