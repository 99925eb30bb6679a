//! Stock rules, pure: stock document kinds and numbers, adjustment reasons,
//! receiving items as typed (`QTY*CODE@COST`), pack rules, the
//! moving-average cost per base unit, the cost of a sale line, revenue net
//! of VAT, and on-hand quantities shown in packs. `store::stock` keeps the
//! documents; the `stock` service runs the workflows.

use crate::i18n::Msg;
use crate::money::{Vnd, div_round};
use crate::{msg, msg_key};

/// Why a stock line, quantity, cost, reason or pack was refused. `input`
/// is what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StockRuleError {
    Reason(String),
    NoCost(String),
    NoCode(String),
    /// A cost that is not an amount: the amount's own (English) words.
    Cost {
        input: String,
        detail: String,
    },
    NegativeCostInput(String),
    /// Amounts as grouped digits.
    NegativeCost(String),
    CostTooLarge(String),
    NegativeQty(String),
    QtyInvalid(String),
    QtyNotPositive,
    QtyTooLarge(String),
    PackOfPack(String),
    ContainsInvalid(i64),
    ContainsTooLarge(i64),
}

impl StockRuleError {
    pub fn msg(&self) -> Msg {
        use StockRuleError as E;
        match self {
            E::Reason(input) => msg_key!("stock.reason", input),
            E::NoCost(input) => msg_key!("stock.no_cost", input),
            E::NoCode(input) => msg_key!("stock.no_code", input),
            E::Cost { input, detail } => msg_key!("stock.cost", input, detail),
            E::NegativeCostInput(input) => msg_key!("stock.negative_cost_input", input),
            E::NegativeCost(cost) => msg_key!("stock.negative_cost", cost),
            E::CostTooLarge(cost) => msg_key!("stock.cost_too_large", cost),
            E::NegativeQty(input) => msg_key!("stock.negative_qty", input),
            E::QtyInvalid(input) => msg_key!("stock.qty_invalid", input),
            E::QtyNotPositive => msg_key!("stock.qty_not_positive"),
            E::QtyTooLarge(qty) => msg_key!("stock.qty_too_large", qty),
            E::PackOfPack(sku) => msg_key!("stock.pack_of_pack", sku),
            E::ContainsInvalid(contains) => msg_key!("stock.contains_invalid", contains),
            E::ContainsTooLarge(contains) => msg_key!("stock.contains_too_large", contains),
        }
    }
}

crate::english_display!(StockRuleError);

impl From<StockRuleError> for Msg {
    fn from(e: StockRuleError) -> Msg {
        e.msg()
    }
}

/// Largest quantity on one stock line, in base units (a typo guard).
pub const MAX_STOCK_QTY_MILLI: i64 = 1_000_000 * 1000;
/// Highest unit cost accepted (one tỷ đồng, as for shelf prices).
pub const MAX_UNIT_COST: Vnd = super::MAX_PRICE;
/// Most base units a pack may hold.
pub const MAX_CONTAINS: i64 = 10_000;
/// Most lines on one stock document.
pub const MAX_DOC_LINES: usize = 2_000;

/// What a stock document does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Phiếu nhập hàng: goods in from a supplier (updates the average cost).
    Receive,
    /// Phiếu trả hàng nhập: goods back to a supplier.
    Return,
    /// Phiếu kiểm kho: counted quantities replace the expected ones.
    Count,
    /// Phiếu điều chỉnh: damaged, expired, lost…
    Adjust,
}

impl DocKind {
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Receive => "receive",
            DocKind::Return => "return",
            DocKind::Count => "count",
            DocKind::Adjust => "adjust",
        }
    }

    pub fn from_code(s: &str) -> Option<DocKind> {
        Some(match s {
            "receive" => DocKind::Receive,
            "return" => DocKind::Return,
            "count" => DocKind::Count,
            "adjust" => DocKind::Adjust,
            _ => return None,
        })
    }

    /// The prefix of the document's number (`PN000012`).
    pub fn prefix(self) -> &'static str {
        match self {
            DocKind::Receive => "PN",
            DocKind::Return => "TH",
            DocKind::Count => "KK",
            DocKind::Adjust => "DC",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            DocKind::Receive => msg!("phiếu nhập hàng", "receiving"),
            DocKind::Return => msg!("phiếu trả hàng nhập", "return to supplier"),
            DocKind::Count => msg!("phiếu kiểm kho", "stock count"),
            DocKind::Adjust => msg!("phiếu điều chỉnh kho", "stock adjustment"),
        }
    }
}

/// `PN000012`.
pub fn format_doc_number(kind: DocKind, number: i64) -> String {
    format!("{}{number:06}", kind.prefix())
}

/// Why stock is adjusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// hỏng
    Damaged,
    /// hết hạn
    Expired,
    /// mất
    Lost,
    /// found again, given away, used in the shop…
    Other,
}

impl Reason {
    pub const ALL: [Reason; 4] = [Reason::Damaged, Reason::Expired, Reason::Lost, Reason::Other];

    /// Accepts the codes and the Vietnamese words, with or without diacritics.
    pub fn parse(s: &str) -> Result<Reason, StockRuleError> {
        match crate::text::fold(s).trim() {
            "damaged" | "hong" | "hu hong" | "vo" => Ok(Reason::Damaged),
            "expired" | "het han" | "hethan" | "het_han" => Ok(Reason::Expired),
            "lost" | "mat" | "that thoat" => Ok(Reason::Lost),
            "other" | "khac" => Ok(Reason::Other),
            _ => Err(StockRuleError::Reason(s.to_string())),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Reason::Damaged => "damaged",
            Reason::Expired => "expired",
            Reason::Lost => "lost",
            Reason::Other => "other",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Reason::Damaged => msg!("hỏng", "damaged"),
            Reason::Expired => msg!("hết hạn", "expired"),
            Reason::Lost => msg!("mất", "lost"),
            Reason::Other => msg!("khác", "other"),
        }
    }
}

/// One receiving line as typed: `2*8936…@240000` (quantity optional).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSpec {
    pub qty_milli: i64,
    pub code: String,
    pub unit_cost: Vnd,
}

/// Parse `QTY*CODE@COST` (`CODE@COST` is one). The cost is per unit of
/// what the code names (a carton's code: per carton).
pub fn parse_item(s: &str) -> Result<ItemSpec, Msg> {
    let shown = s.trim();
    let Some((left, cost)) = shown.rsplit_once('@') else {
        return Err(StockRuleError::NoCost(shown.to_string()).msg());
    };
    let (qty, code) = match left.split_once('*') {
        Some((q, c)) => (parse_stock_qty(q)?, c.trim()),
        None => (1000, left.trim()),
    };
    if code.is_empty() {
        return Err(StockRuleError::NoCode(shown.to_string()).msg());
    }
    let unit_cost = parse_cost(cost).map_err(|m| {
        m.msg()
            .prefixed(&format!("--item '{shown}': "), &format!("--item '{shown}': "))
    })?;
    Ok(ItemSpec {
        qty_milli: qty,
        code: code.to_string(),
        unit_cost,
    })
}

/// A unit cost: `240000`, `240.000`, `240k`; zero is allowed (a free
/// sample), negative or above [`MAX_UNIT_COST`] is not.
pub fn parse_cost(s: &str) -> Result<Vnd, StockRuleError> {
    let t = s.trim();
    if t.starts_with('-') {
        return Err(StockRuleError::NegativeCostInput(t.to_string()));
    }
    let v = Vnd::parse(t).map_err(|e| StockRuleError::Cost {
        input: t.to_string(),
        detail: e.to_string(),
    })?;
    check_cost(v)?;
    Ok(v)
}

pub fn check_cost(v: Vnd) -> Result<(), StockRuleError> {
    if v.0 < 0 {
        return Err(StockRuleError::NegativeCost(v.grouped()));
    }
    if v > MAX_UNIT_COST {
        return Err(StockRuleError::CostTooLarge(v.grouped()));
    }
    Ok(())
}

/// A stock quantity (`3`, `0,5`, `1.250`): positive, at most a million.
pub fn parse_stock_qty(s: &str) -> Result<i64, StockRuleError> {
    let t = s.trim();
    if t.starts_with('-') {
        return Err(StockRuleError::NegativeQty(t.to_string()));
    }
    let bad = || StockRuleError::QtyInvalid(t.to_string());
    let norm = t.replace('.', ",");
    let (int, frac) = norm.split_once(',').unwrap_or((&norm, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 3
        || int.len() > 12
    {
        return Err(bad());
    }
    let i: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| bad())?
    };
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<3}").parse().map_err(|_| bad())?
    };
    let q = i.checked_mul(1000).and_then(|v| v.checked_add(f)).ok_or_else(bad)?;
    check_stock_qty(q)?;
    Ok(q)
}

/// Positive and at most [`MAX_STOCK_QTY_MILLI`].
pub fn check_stock_qty(q: i64) -> Result<(), StockRuleError> {
    if q <= 0 {
        return Err(StockRuleError::QtyNotPositive);
    }
    if q > MAX_STOCK_QTY_MILLI {
        return Err(StockRuleError::QtyTooLarge(super::format_qty(q)));
    }
    Ok(())
}

/// A counted quantity: zero allowed.
pub fn parse_counted(s: &str) -> Result<i64, StockRuleError> {
    let t = s.trim();
    if t.contains('0') && t.chars().all(|c| matches!(c, '0' | ',' | '.')) {
        return Ok(0);
    }
    parse_stock_qty(t)
}

/// What a pack must be: it holds at least one base unit (at most
/// [`MAX_CONTAINS`]), and its base is not itself a pack.
pub fn check_pack(contains: i64, base_is_pack: bool, base_sku: &str) -> Result<(), StockRuleError> {
    if base_is_pack {
        return Err(StockRuleError::PackOfPack(base_sku.to_string()));
    }
    if contains <= 0 {
        return Err(StockRuleError::ContainsInvalid(contains));
    }
    if contains > MAX_CONTAINS {
        return Err(StockRuleError::ContainsTooLarge(contains));
    }
    Ok(())
}

/// Base units (thousandths) moved by `qty_milli` of a pack holding `contains`.
pub fn base_qty(qty_milli: i64, contains: Option<i64>) -> Option<i64> {
    qty_milli.checked_mul(contains.unwrap_or(1))
}

/// The moving-average cost per base unit after receiving `in_milli` base
/// units worth `in_value`. Stock at or below zero carries no value, so the
/// new goods set the cost alone. Rounded half away from zero to whole đồng.
pub fn moving_average(on_hand_milli: i64, avg: Vnd, in_milli: i64, in_value: Vnd) -> Vnd {
    if in_milli <= 0 {
        return avg;
    }
    let (old_q, old_v) = if on_hand_milli > 0 {
        (on_hand_milli as i128, on_hand_milli as i128 * avg.0 as i128)
    } else {
        (0, 0)
    };
    let num = old_v + in_value.0 as i128 * 1000;
    let den = old_q + in_milli as i128;
    Vnd(div_round(num, den))
}

/// The value of `qty_milli` base units at `unit_cost` a unit.
pub fn value_of(qty_milli: i64, unit_cost: Vnd) -> Vnd {
    Vnd(div_round(qty_milli as i128 * unit_cost.0 as i128, 1000))
}

/// Revenue net of VAT for a VAT-method (deduction) shop: the line's net
/// amount less the VAT it includes; other shops (and KCT) keep it whole.
pub fn net_of_vat(net: Vnd, percent: Option<i64>, deduction: bool) -> Vnd {
    match percent {
        Some(p) if deduction && p > 0 => Vnd(div_round(net.0 as i128 * 100, 100 + p as i128)),
        _ => net,
    }
}

/// A pack of a product, for showing stock.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackInfo {
    pub sku: String,
    pub unit: String,
    pub contains: i64,
}

/// On-hand in packs: `1 thùng + 2 lốc + 3 lon` (largest pack first, whole
/// base units only); `None` when there are no packs or stock is not positive.
pub fn in_packs(stock_milli: i64, base_unit: &str, packs: &[PackInfo]) -> Option<String> {
    if packs.is_empty() || stock_milli <= 0 {
        return None;
    }
    let mut sorted: Vec<&PackInfo> = packs.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.contains));
    let mut left = stock_milli;
    let mut parts = Vec::new();
    for p in sorted {
        let size = p.contains.saturating_mul(1000);
        if size <= 0 {
            continue;
        }
        let n = left / size;
        if n > 0 {
            parts.push(format!("{n} {}", p.unit));
            left -= n * size;
        }
    }
    if left > 0 || parts.is_empty() {
        parts.push(format!("{} {base_unit}", super::format_qty(left)));
    }
    Some(parts.join(" + "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_parse_with_and_without_quantity() {
        let i = parse_item("2*8936000001025@240000").unwrap();
        assert_eq!(
            (i.qty_milli, i.code.as_str(), i.unit_cost),
            (2000, "8936000001025", Vnd(240_000))
        );
        let i = parse_item("CAFE-SUA@10k").unwrap();
        assert_eq!((i.qty_milli, i.unit_cost), (1000, Vnd(10_000)));
        assert!(parse_item("2*CAFE").unwrap_err().en.contains("cost is missing"));
        assert!(parse_item("-2*CAFE@1000").unwrap_err().en.contains("negative"));
        assert!(parse_item("2*CAFE@-1000").unwrap_err().en.contains("negative"));
        assert!(parse_item("2*CAFE@5000000000").unwrap_err().en.contains("too large"));
        assert!(parse_item("99999999*CAFE@1").unwrap_err().en.contains("too large"));
        assert!(parse_item("0*CAFE@1").unwrap_err().en.contains("above zero"));
        assert!(parse_item("2*@1").unwrap_err().en.contains("code"));
    }

    #[test]
    fn moving_average_over_three_receivings() {
        // 10 at 10.000, then 20 at 13.000 → (100.000 + 260.000) / 30 = 12.000
        let a = moving_average(0, Vnd(0), 10_000, Vnd(100_000));
        assert_eq!(a, Vnd(10_000));
        let a = moving_average(10_000, a, 20_000, Vnd(260_000));
        assert_eq!(a, Vnd(12_000));
        // 5 sold → 25 left; 15 at 8.000 → (25×12.000 + 120.000) / 40 = 10.500
        let a = moving_average(25_000, a, 15_000, Vnd(120_000));
        assert_eq!(a, Vnd(10_500));
        // negative stock carries no value
        assert_eq!(moving_average(-3000, Vnd(99_000), 2000, Vnd(20_000)), Vnd(10_000));
        // rounding half away from zero: 1 at 1 + 2 at 2 → 5/3 = 1,67 → 2
        assert_eq!(moving_average(1000, Vnd(1), 2000, Vnd(4)), Vnd(2));
    }

    #[test]
    fn packs_are_checked_and_shown() {
        assert!(check_pack(0, false, "BIA").unwrap_err().msg().en.contains("at least 1"));
        assert!(
            check_pack(6, true, "BIA-THUNG")
                .unwrap_err()
                .msg()
                .en
                .contains("pack of a pack")
        );
        assert!(check_pack(24, false, "BIA").is_ok());
        let packs = [
            PackInfo {
                sku: "T".into(),
                unit: "thùng".into(),
                contains: 24,
            },
            PackInfo {
                sku: "L".into(),
                unit: "lốc".into(),
                contains: 6,
            },
        ];
        assert_eq!(in_packs(39_000, "lon", &packs).unwrap(), "1 thùng + 2 lốc + 3 lon");
        assert_eq!(in_packs(24_000, "lon", &packs).unwrap(), "1 thùng");
        assert_eq!(in_packs(0, "lon", &packs), None);
    }

    #[test]
    fn revenue_net_of_vat_only_for_deduction_shops() {
        assert_eq!(net_of_vat(Vnd(108_000), Some(8), true), Vnd(100_000));
        assert_eq!(net_of_vat(Vnd(108_000), Some(8), false), Vnd(108_000));
        assert_eq!(net_of_vat(Vnd(50_000), None, true), Vnd(50_000));
        assert_eq!(value_of(9000, Vnd(10_000)), Vnd(90_000));
    }

    #[test]
    fn reasons_in_both_languages() {
        assert_eq!(Reason::parse("hỏng").unwrap(), Reason::Damaged);
        assert_eq!(Reason::parse("Hết hạn").unwrap(), Reason::Expired);
        assert_eq!(Reason::parse("lost").unwrap(), Reason::Lost);
        assert!(Reason::parse("stolen?").is_err());
        assert_eq!(parse_counted("0").unwrap(), 0);
        assert_eq!(parse_counted("12").unwrap(), 12_000);
    }
}
