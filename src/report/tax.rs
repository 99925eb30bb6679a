//! The household's tax figures from the till: the revenue book (one line
//! per business day, revenue by tax group), period summaries and the
//! year-to-date revenue against the thresholds.
//!
//! Revenue is the net amount of committed documents' lines: sales positive,
//! voids and refunds negative, each on its own business date (a refund in
//! October of a September sale lowers October's revenue; the September
//! figures already declared do not change). Channel revenue entered with
//! `quay tax channel add` counts on the last day of its period.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::store::{ChannelEntry, Store, StoreError};
use crate::tax::{Period, Summary, TaxTable, Thresholds};

/// A refusal (bad input, broken table) or an unusable shop file.
#[derive(Debug)]
pub enum TaxError {
    Refused(Msg),
    Store(StoreError),
}

impl TaxError {
    pub fn msg(&self) -> Msg {
        match self {
            TaxError::Refused(m) => m.clone(),
            TaxError::Store(e) => e.msg(),
        }
    }
}

crate::english_display!(TaxError);

crate::refused_from!(TaxError::Refused <- crate::text::TextError, crate::tax::period::PeriodError, crate::tax::table::TaxTableError, crate::tax::compute::ComputeError);

impl From<StoreError> for TaxError {
    fn from(e: StoreError) -> Self {
        TaxError::Store(e)
    }
}

impl From<Msg> for TaxError {
    fn from(m: Msg) -> Self {
        TaxError::Refused(m)
    }
}

pub type Result<T> = std::result::Result<T, TaxError>;

/// The household tax table: `household-tax.json` in quay's data folder
/// when there is one, else the bundled table. A present but broken (or
/// gapped) file is refused rather than half used.
pub fn table() -> Result<TaxTable> {
    use crate::tax::table::FILE_NAME;
    let path = dirs::data_dir().map(|d| d.join("quay").join(FILE_NAME));
    let shown = path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
    match path.as_ref().map(std::fs::read_to_string) {
        Some(Ok(text)) => Ok(TaxTable::parse(&text, &shown)?),
        Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => Err(TaxError::Refused(msg!(
            "không đọc được bảng thuế {shown}: {e}",
            "cannot read the tax table {shown}: {e}"
        ))),
        _ => Ok(TaxTable::bundled()),
    }
}

/// A product sold in the range without a tax group of its own.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Defaulted {
    pub sku: String,
    pub name: String,
    pub vat_rate: String,
    /// The group it was counted in (the default for its VAT rate).
    pub group: String,
}

/// Revenue per business day and group (in `table.groups` order).
struct Daily {
    days: BTreeMap<String, Vec<i64>>,
    defaulted: Vec<Defaulted>,
}

fn daily(store: &Store, table: &TaxTable, from: &str, to: &str) -> Result<Daily> {
    let n = table.groups.len();
    let mut days: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for r in store.tax_day_revenue(from, to)? {
        let (g, _) = table.resolve(r.tax_group.as_deref(), &r.vat_rate);
        let i = table.groups.iter().position(|x| x.code == g).unwrap_or(0);
        let row = days.entry(r.date.to_string()).or_insert_with(|| vec![0; n]);
        row[i] = row[i].checked_add(r.net).ok_or_else(overflow)?;
    }
    let defaulted = store
        .products_without_tax_group(from, to)?
        .into_iter()
        .map(|(sku, name, vat_rate)| {
            let group = table.resolve(None, &vat_rate).0.to_string();
            Defaulted {
                sku,
                name,
                vat_rate,
                group,
            }
        })
        .collect();
    Ok(Daily { days, defaulted })
}

fn overflow() -> TaxError {
    TaxError::Refused(msg!(
        "doanh thu vượt giới hạn tính toán",
        "revenue exceeds what can be computed"
    ))
}

fn group_index(table: &TaxTable, code: &str) -> usize {
    table.groups.iter().position(|x| x.code == code).unwrap_or(0)
}

/// One line of the revenue book.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BookLine {
    /// Ngày, tháng ghi sổ (the business date).
    pub date: String,
    /// Chứng từ: the document numbers (first–last) or the channel entry.
    pub document: String,
    pub description: String,
    /// Revenue per group, in the order of `Book::groups`.
    pub by_group: Vec<i64>,
    pub total: i64,
    pub note: String,
}

/// A group column of the book.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BookGroup {
    pub column: u8,
    pub code: String,
    pub label: String,
}

/// The form of the revenue book (Thông tư 152/2025/TT-BTC): S1a-HKD for a
/// household with no VAT or PIT due, S2a-HKD for one paying both as a
/// percentage of revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookForm {
    S1a,
    S2a,
}

impl BookForm {
    pub fn code(self) -> &'static str {
        match self {
            BookForm::S1a => "S1a-HKD",
            BookForm::S2a => "S2a-HKD",
        }
    }
}

/// One entry of a business line's section (form S2a-HKD).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SectionEntry {
    pub document: String,
    pub date: String,
    pub description: String,
    pub amount: i64,
}

/// A business line's section of form S2a-HKD: its entries, the subtotal
/// and the VAT and PIT payable on it for the book's period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BookSection {
    pub group: String,
    pub label: String,
    pub vat_percent: String,
    pub pit_percent: String,
    pub entries: Vec<SectionEntry>,
    pub subtotal: i64,
    pub vat: i64,
    pub pit: i64,
}

/// The revenue book of a year (forms S1a-HKD / S2a-HKD; see docs/tax.md).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Book {
    /// `S1a-HKD` or `S2a-HKD`.
    pub form: String,
    /// The exempt threshold in force at the book's end (the form is S1a at
    /// or under it, S2a above it, unless asked).
    pub exempt_threshold: i64,
    pub year: i32,
    pub shop_name: String,
    pub address: String,
    pub tax_code: String,
    pub from: String,
    pub to: String,
    pub groups: Vec<BookGroup>,
    pub lines: Vec<BookLine>,
    pub totals: Vec<i64>,
    pub total: i64,
    /// Per business line with revenue (form S2a-HKD's sections).
    pub sections: Vec<BookSection>,
    /// VAT and PIT payable for the period (the sum of its quarters).
    pub vat: i64,
    pub pit: i64,
    pub defaulted: Vec<Defaulted>,
}

/// The book of `from..=to` (a year, or part of one for tests and checks)
/// in `form`, or by the year's revenue against the threshold when `None`.
pub fn book(
    store: &Store,
    table: &TaxTable,
    year: i32,
    from: NaiveDate,
    to: NaiveDate,
    form: Option<BookForm>,
    lang: Lang,
) -> Result<Book> {
    let (f, t) = (from.to_string(), to.to_string());
    let d = daily(store, table, &f, &t)?;
    let docs: BTreeMap<String, crate::store::DayDocs> = store
        .tax_day_docs(&f, &t)?
        .into_iter()
        .map(|x| (x.date.to_string(), x))
        .collect();
    let n = table.groups.len();
    let mut lines: Vec<BookLine> = Vec::new();
    for (date, by_group) in d.days {
        let (document, description) = match docs.get(&date) {
            Some(x) => {
                let c = x.count;
                let r = x.reversals;
                let document = if x.first == x.last {
                    format!("#{}", x.first)
                } else {
                    format!("#{}–#{}", x.first, x.last)
                };
                let docs = if c == 1 { "document" } else { "documents" };
                let m = if r > 0 {
                    msg!(
                        "Bán hàng trong ngày ({c} chứng từ, trong đó {r} hủy/trả lại)",
                        "Sales of the day ({c} {docs}, voids/refunds: {r})"
                    )
                } else {
                    msg!("Bán hàng trong ngày ({c} chứng từ)", "Sales of the day ({c} {docs})")
                };
                (document, m.get(lang).to_string())
            }
            None => (String::new(), String::new()),
        };
        let total = by_group.iter().sum();
        lines.push(BookLine {
            date,
            document,
            description,
            by_group,
            total,
            note: String::new(),
        });
    }
    for c in store.channel_revenue(&f, &t)? {
        let mut by_group = vec![0; n];
        by_group[group_index(table, &c.tax_group)] = c.amount;
        let (ch, pf, pt) = (&c.channel, &c.period_from, &c.period_to);
        let w = crate::money::Vnd(c.withheld);
        lines.push(BookLine {
            date: c.period_to.to_string(),
            document: format!("K{}", c.id),
            description: msg!("Doanh thu kênh {ch} ({pf} – {pt})", "Revenue via {ch} ({pf} – {pt})")
                .get(lang)
                .to_string(),
            by_group,
            total: c.amount,
            note: if c.withheld > 0 {
                msg!("sàn đã khấu trừ thuế {w}", "tax withheld by the platform {w}")
                    .get(lang)
                    .to_string()
            } else {
                String::new()
            },
        });
    }
    lines.sort_by(|a, b| a.date.cmp(&b.date));
    let mut totals = vec![0i64; n];
    for l in &lines {
        for (t, v) in totals.iter_mut().zip(&l.by_group) {
            *t = t.checked_add(*v).ok_or_else(overflow)?;
        }
    }
    let total: i64 = totals.iter().sum();
    let (sum, _) = summary(store, table, Period::Year(year), to, lang)?;
    let form = form.unwrap_or(if total > sum.exempt_threshold {
        BookForm::S2a
    } else {
        BookForm::S1a
    });
    let mut sections = Vec::new();
    for (i, g) in sum.groups.iter().enumerate() {
        let entries: Vec<SectionEntry> = lines
            .iter()
            .filter_map(|l| {
                let amount = l.by_group.get(i).copied().unwrap_or(0);
                (amount != 0).then(|| SectionEntry {
                    document: l.document.clone(),
                    date: l.date.clone(),
                    description: l.description.clone(),
                    amount,
                })
            })
            .collect();
        if entries.is_empty() && g.vat == 0 && g.pit == 0 {
            continue;
        }
        sections.push(BookSection {
            group: g.group.clone(),
            label: g.label.clone(),
            vat_percent: g.vat_percent.clone(),
            pit_percent: g.pit_percent.clone(),
            subtotal: totals.get(i).copied().unwrap_or(0),
            entries,
            vat: g.vat,
            pit: g.pit,
        });
    }
    let profile = store.profile()?;
    let p = profile.as_ref();
    Ok(Book {
        form: form.code().into(),
        exempt_threshold: sum.exempt_threshold,
        sections,
        vat: sum.vat,
        pit: sum.pit,
        year,
        shop_name: p.map(|p| p.name.clone()).unwrap_or_default(),
        address: p.map(|p| format!("{}, {}", p.address, p.ward)).unwrap_or_default(),
        tax_code: p.and_then(|p| p.tax_code.clone()).unwrap_or_default(),
        from: f,
        to: t,
        groups: table
            .groups
            .iter()
            .map(|g| BookGroup {
                column: g.column,
                code: g.code.clone(),
                label: g.label.get(lang).to_string(),
            })
            .collect(),
        total,
        totals,
        lines,
        defaulted: d.defaulted,
    })
}

/// Revenue per group in `[from, to]`, till and channels; with the tax
/// withheld on the channel revenue and the products counted by default.
fn revenue(store: &Store, table: &TaxTable, from: &str, to: &str) -> Result<(Vec<i64>, i64, Vec<Defaulted>)> {
    let mut sums = vec![0i64; table.groups.len()];
    if from > to {
        return Ok((sums, 0, Vec::new()));
    }
    let d = daily(store, table, from, to)?;
    for row in d.days.values() {
        for (s, v) in sums.iter_mut().zip(row) {
            *s = s.checked_add(*v).ok_or_else(overflow)?;
        }
    }
    let mut withheld = 0i64;
    for c in store.channel_revenue(from, to)? {
        let i = group_index(table, &c.tax_group);
        sums[i] = sums[i].checked_add(c.amount).ok_or_else(overflow)?;
        withheld = withheld.checked_add(c.withheld).ok_or_else(overflow)?;
    }
    Ok((sums, withheld, d.defaulted))
}

/// A period's summary with the products counted in their default group.
pub fn summary(
    store: &Store,
    table: &TaxTable,
    period: Period,
    today: NaiveDate,
    lang: Lang,
) -> Result<(Summary, Vec<Defaulted>)> {
    period.check_started(today)?;
    let year_start = Period::Year(period.year()).first_day();
    let before_end = period.first_day().pred_opt().unwrap_or(year_start);
    let (before, _, _) = revenue(store, table, &year_start.to_string(), &before_end.to_string())?;
    let (during, withheld, defaulted) = revenue(
        store,
        table,
        &period.first_day().to_string(),
        &period.last_day().to_string(),
    )?;
    let s = crate::tax::summarize(table, period, &before, &during, withheld, lang)?;
    if let Period::Year(year) = period {
        // the tax is declared per quarter: the year is the sum of its quarters
        let mut quarters = Vec::new();
        for q in 1..=4 {
            let p = Period::Quarter { year, q };
            if p.check_started(today).is_ok() {
                quarters.push(summary(store, table, p, today, lang)?.0);
            }
        }
        return Ok((crate::tax::combine(s, &quarters), defaulted));
    }
    Ok((s, defaulted))
}

/// The year's revenue so far against the thresholds.
pub fn thresholds(store: &Store, table: &TaxTable, year: i32, today: NaiveDate) -> Result<Thresholds> {
    let (from, to) = (Period::Year(year).first_day(), Period::Year(year).last_day().min(today));
    let (f, t) = (from.to_string(), to.to_string());
    let mut days: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for r in store.tax_day_revenue(&f, &t)? {
        let e = days.entry(r.date).or_default();
        *e = e.checked_add(r.net).ok_or_else(overflow)?;
    }
    for c in store.channel_revenue(&f, &t)? {
        let e = days.entry(c.period_to).or_default();
        *e = e.checked_add(c.amount).ok_or_else(overflow)?;
    }
    let daily: Vec<(NaiveDate, i64)> = days.into_iter().collect();
    Ok(crate::tax::thresholds(table, year, &daily, today)?)
}

/// What the user typed for one channel entry.
#[derive(Debug, Clone, Copy)]
pub struct ChannelInput<'a> {
    pub channel: &'a str,
    /// `2026-10`, `2026Q4` or `2026`.
    pub period: &'a str,
    pub group: &'a str,
    pub amount: i64,
    pub withheld: i64,
    pub note: Option<&'a str>,
}

/// Check and record revenue from another channel for a month (`2026-10`),
/// quarter (`2026Q4`) or year; refuses a period not yet ended, an unknown
/// group, a negative withholding or a channel name with control characters.
pub fn add_channel(
    store: &mut Store,
    table: &TaxTable,
    input: &ChannelInput<'_>,
    today: NaiveDate,
    actor: &str,
) -> Result<ChannelEntry> {
    let ChannelInput {
        channel,
        period,
        group,
        amount,
        withheld,
        note,
    } = *input;
    let channel = channel.trim();
    if channel.is_empty() || channel.chars().count() > 40 {
        return Err(TaxError::Refused(msg!(
            "--channel: cần tên kênh (1 đến 40 ký tự), ví dụ shopee",
            "--channel: a channel name is needed (1 to 40 characters), e.g. shopee"
        )));
    }
    crate::text::check_clean("--channel", channel)?;
    if let Some(n) = note {
        crate::text::check_clean("--note", n)?;
    }
    let (from, to) = month_or_period(period)?;
    if to > today {
        return Err(TaxError::Refused(msg!(
            "--period: kỳ {period} chưa kết thúc (đến {to}); nhập sau khi kỳ kết thúc",
            "--period: period {period} has not ended (until {to}); enter it once it has"
        )));
    }
    if table.group(group).is_none() {
        let known: Vec<&str> = table.groups.iter().map(|g| g.code.as_str()).collect();
        let known = known.join(", ");
        return Err(TaxError::Refused(msg!(
            "--group: '{group}' không phải nhóm ngành nghề ({known})",
            "--group: '{group}' is not a tax group ({known})"
        )));
    }
    if withheld < 0 {
        return Err(TaxError::Refused(msg!(
            "--withheld: không được âm",
            "--withheld: must not be negative"
        )));
    }
    let mut e = ChannelEntry {
        id: 0,
        channel: channel.to_string(),
        period_from: from,
        period_to: to,
        tax_group: group.to_string(),
        amount,
        withheld,
        note: note.map(str::to_string),
    };
    e.id = store.add_channel_revenue(&e, actor)?;
    Ok(e)
}

/// `2026-10` → October; otherwise a quarter or a year.
fn month_or_period(s: &str) -> Result<(NaiveDate, NaiveDate)> {
    let t = s.trim();
    if t.len() == 7
        && let Ok(first) = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
    {
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        return Ok((first, next.pred_opt().unwrap_or(first)));
    }
    let p = Period::parse(t).map_err(|m| m.msg().prefixed("--period: ", "--period: "))?;
    Ok((p.first_day(), p.last_day()))
}

/// The notice the counter shows once when the year's revenue has crossed a
/// threshold (the e-invoice line first, else the exempt threshold), with
/// the key to mark it shown; `None` when there is nothing new to say.
pub fn counter_notice(store: &Store, table: &TaxTable, today: NaiveDate) -> Result<Option<(String, Msg)>> {
    use chrono::Datelike;
    let th = thresholds(store, table, today.year(), today)?;
    let y = th.year;
    if let (Some(d), Some(by)) = (&th.einvoice_crossed_on, &th.register_by) {
        let key = format!("tax_warned:{y}:einvoice");
        if !store.notice_shown(&key)? {
            let (l, d, by) = (
                crate::money::Vnd(th.einvoice_line),
                super::tax_render::vn_date(d),
                super::tax_render::vn_date(by),
            );
            if th.exempt_crossed_on.is_some() && !store.notice_shown(&format!("tax_warned:{y}:exempt"))? {
                // since NĐ 141/2026 both lines are 1 tỷ: say both at once
                return Ok(Some((
                    key,
                    msg!(
                        "Doanh thu năm {y} đã vượt {l} từ {d}: bắt buộc hóa đơn điện tử từ máy tính tiền, đăng ký chậm nhất {by}; phải kê khai, nộp thuế GTGT và TNCN theo quý (quay tax summary).",
                        "Revenue of {y} passed {l} on {d}: cash-register e-invoices are compulsory; register by {by}. VAT and PIT are now due, declared quarterly (quay tax summary)."
                    ),
                )));
            }
            return Ok(Some((
                key,
                msg!(
                    "Doanh thu năm {y} đã vượt {l} từ {d}: bắt buộc hóa đơn điện tử từ máy tính tiền, đăng ký chậm nhất {by}.",
                    "Revenue of {y} passed {l} on {d}: cash-register e-invoices are compulsory; register by {by}."
                ),
            )));
        }
        return Ok(None);
    }
    if let Some(d) = &th.exempt_crossed_on {
        let key = format!("tax_warned:{y}:exempt");
        if !store.notice_shown(&key)? {
            let (l, d) = (crate::money::Vnd(th.exempt_threshold), super::tax_render::vn_date(d));
            return Ok(Some((
                key,
                msg!(
                    "Doanh thu năm {y} đã vượt ngưỡng {l} từ {d}: phải kê khai, nộp thuế GTGT và TNCN theo quý (quay tax summary).",
                    "Revenue of {y} passed the {l} threshold on {d}: VAT and PIT are now due, declared quarterly (quay tax summary)."
                ),
            )));
        }
    }
    Ok(None)
}
