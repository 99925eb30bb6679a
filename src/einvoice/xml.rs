//! The `HDon` XML of one invoice, UTF-8 NFC, no whitespace between
//! elements, optional empty elements left out, text escaped.
//!
//! Element order follows `../shared/domain/einvoice.md` (the 2.1.0 element
//! tables and two cash-register implementations): per line `… STCKhau,
//! ThTien, TSuat`, per rate group `TSuat, ThTien, TThue`, then after
//! `MCCQT` an empty `<DSCKS><NBan/></DSCKS>`. `DVTTe`, `HTTToan` and
//! `MSTTCGP` are not `TTChung` elements of a cash-register invoice: when
//! switched on they go in `TTChung/TTKhac/TTin`.

use super::{Buyer, InvoiceSettings, Related};
use crate::catalog::VatRate;
use crate::money::{Vnd, div_round};

/// One line as it goes on the invoice (VAT-inclusive money from the sale).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvLine {
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub qty_milli: i64,
    pub unit_price: Vnd,
    pub vat: VatRate,
    pub gross: Vnd,
    pub line_discount: Vnd,
    /// Line discount as a percentage in basis points, when it was one.
    pub line_discount_bp: Option<i64>,
    pub cart_discount: Vnd,
    pub net: Vnd,
}

/// A VAT group of the sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvVat {
    pub rate: VatRate,
    pub total: Vnd,
    pub pre_tax: Vnd,
    pub tax: Vnd,
}

/// Everything one `HDon` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceDoc<'a> {
    pub settings: &'a InvoiceSettings,
    pub seller_name: &'a str,
    pub seller_mst: &'a str,
    pub seller_address: &'a str,
    pub seller_phone: Option<&'a str>,
    pub symbol: &'a str,
    pub number: i64,
    /// `YYYY-MM-DD`, Vietnam time.
    pub date: &'a str,
    pub mccqt: &'a str,
    pub lines: &'a [InvLine],
    pub vat: &'a [InvVat],
    pub total: Vnd,
    pub buyer: Option<&'a Buyer>,
    pub related: Option<&'a Related>,
    /// Payment method codes of the sale (`cash`, `transfer`…).
    pub methods: &'a [String],
    pub lookup_qr: Option<&'a str>,
    /// A household's VAT reduction (NQ 204/2025): the note, amount included.
    pub reduction_note: Option<&'a str>,
}

/// `&`, `<`, `>`, `"`, `'` escaped; control characters dropped.
pub fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

fn el(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape(text, out);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn open(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Thousandths as a decimal number with `.`: 350 → `0.35`, 2000 → `2`.
pub fn qty(q: i64) -> String {
    let sign = if q < 0 { "-" } else { "" };
    let a = q.unsigned_abs();
    match a % 1000 {
        0 => format!("{sign}{}", a / 1000),
        f => format!("{sign}{}.{}", a / 1000, format!("{f:03}").trim_end_matches('0')),
    }
}

/// `n / d` with up to 4 decimals, trailing zeros removed.
fn decimal(n: i128, d: i128) -> String {
    micro_text(div_round_wide(n * 10_000, d) * 100)
}

/// A number held in millionths as text: up to 6 decimals, trailing zeros removed.
pub fn micro_text(scaled: i128) -> String {
    let sign = if scaled < 0 { "-" } else { "" };
    let a = scaled.unsigned_abs();
    match a % 1_000_000 {
        0 => format!("{sign}{}", a / 1_000_000),
        f => format!("{sign}{}.{}", a / 1_000_000, format!("{f:06}").trim_end_matches('0')),
    }
}

/// The mẫu 1 unit price in millionths of a đồng: the line's pre-tax gross
/// (`ThTien + STCKhau`, whole đồng) divided by the quantity and rounded to
/// 6 decimals, so `SLuong × DGia` rounds back to exactly that gross and
/// `SLuong × DGia − STCKhau = ThTien` holds to the đồng on every line.
pub fn unit_price_micro(pre_gross: Vnd, qty_milli: i64) -> i128 {
    if qty_milli == 0 {
        return 0;
    }
    div_round_wide(i128::from(pre_gross.0) * 1_000_000_000, i128::from(qty_milli))
}

/// `money::div_round`'s rule (halves away from zero) without narrowing to i64.
fn div_round_wide(n: i128, d: i128) -> i128 {
    let (n, d) = if d < 0 { (-n, -d) } else { (n, d) };
    if n >= 0 {
        (2 * n + d) / (2 * d)
    } else {
        -((2 * -n + d) / (2 * d))
    }
}

pub fn rate_text(r: VatRate) -> String {
    match r.percent() {
        Some(p) => format!("{p}%"),
        None => "KCT".into(),
    }
}

fn payment_form(methods: &[String]) -> Option<&'static str> {
    let cash = methods.iter().any(|m| m == "cash");
    let other = methods.iter().any(|m| m != "cash");
    match (cash, other) {
        (true, true) => Some("TM/CK"),
        (true, false) => Some("TM"),
        (false, true) => Some("CK"),
        (false, false) => None,
    }
}

/// Pre-tax amount of each line (VAT method): rounded per line, the last
/// line of each rate group takes the rounding so the lines add up to the
/// group's pre-tax total exactly.
pub fn pre_tax_lines(lines: &[InvLine], vat: &[InvVat]) -> Vec<Vnd> {
    let mut pre: Vec<Vnd> = lines
        .iter()
        .map(|l| match l.vat.percent() {
            Some(r) => Vnd(div_round(i128::from(l.net.0) * 100, i128::from(100 + r))),
            None => l.net,
        })
        .collect();
    for g in vat {
        let idx: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].vat == g.rate).collect();
        if let Some(&last) = idx.last() {
            let others: Vnd = idx[..idx.len() - 1].iter().map(|&i| pre[i]).sum();
            pre[last] = g.pre_tax - others;
        }
    }
    pre
}

/// The exact XML text of one invoice.
pub fn build(d: &InvoiceDoc<'_>) -> String {
    let s = d.settings;
    let vat_invoice = s.form == 1;
    let mut x = String::with_capacity(1024 + d.lines.len() * 256);
    x.push_str("<HDon><DLHDon Id=\"HD-");
    escape(&format!("{}{}-{}", s.form, d.symbol, d.number), &mut x);
    x.push_str("\">");
    open(&mut x, "TTChung");
    el(&mut x, "PBan", "2.1.0");
    el(
        &mut x,
        "THDon",
        if vat_invoice {
            "Hóa đơn giá trị gia tăng"
        } else {
            "Hóa đơn bán hàng"
        },
    );
    el(&mut x, "KHMSHDon", &s.form.to_string());
    el(&mut x, "KHHDon", d.symbol);
    el(&mut x, "SHDon", &d.number.to_string());
    el(&mut x, "NLap", d.date);
    if let Some(r) = d.related {
        open(&mut x, "TTHDLQuan");
        el(&mut x, "TCHDon", "2");
        el(&mut x, "LHDCLQuan", "1");
        el(&mut x, "KHMSHDCLQuan", &r.form.to_string());
        el(&mut x, "KHHDCLQuan", &r.symbol);
        el(&mut x, "SHDCLQuan", &r.number.to_string());
        el(&mut x, "NLHDCLQuan", &r.date);
        el(&mut x, "GChu", &r.wording());
        close(&mut x, "TTHDLQuan");
    }
    // [C] the live flow carries these as TTKhac/TTin pairs, not TTChung elements
    let mut extra: Vec<(&str, &str, String)> = Vec::new();
    if s.dvtte {
        extra.push(("DVTTe", "string", "VND".into()));
    }
    if s.httoan
        && let Some(f) = payment_form(d.methods)
    {
        extra.push(("HTTToan", "string", f.into()));
    }
    if let Some(m) = &s.provider_mst {
        extra.push(("MSTTCGP", "string", m.clone()));
    }
    if !extra.is_empty() {
        open(&mut x, "TTKhac");
        for (field, kind, value) in &extra {
            open(&mut x, "TTin");
            el(&mut x, "TTruong", field);
            el(&mut x, "KDLieu", kind);
            el(&mut x, "DLieu", value);
            close(&mut x, "TTin");
        }
        close(&mut x, "TTKhac");
    }
    close(&mut x, "TTChung");
    open(&mut x, "NDHDon");
    open(&mut x, "NBan");
    el(&mut x, "Ten", d.seller_name);
    el(&mut x, "MST", d.seller_mst);
    el(&mut x, "DChi", d.seller_address);
    if let Some(p) = d.seller_phone {
        el(&mut x, "SDThoai", p);
    }
    // [I] position after the contact fields; households with several shops
    if let Some(c) = &s.location {
        el(&mut x, "MCHang", c);
        if let Some(n) = &s.location_name {
            el(&mut x, "TCHang", n);
        }
    }
    close(&mut x, "NBan");
    open(&mut x, "NMua");
    match d.buyer.filter(|b| !b.is_empty()) {
        None => el(&mut x, "Ten", "Bán cho người tiêu dùng"),
        Some(b) => {
            // an individual's name goes in HVTNMHang, an organisation's in Ten
            let (org, person) = if b.is_individual() {
                (&None, &b.name)
            } else {
                (&b.name, &None)
            };
            for (name, v) in [
                ("Ten", org),
                ("MST", &b.tax_code),
                ("DChi", &b.address),
                ("SDThoai", &b.phone),
                ("CCCDan", &b.id_number),
                ("HVTNMHang", person),
            ] {
                if let Some(v) = v {
                    el(&mut x, name, v);
                }
            }
        }
    }
    close(&mut x, "NMua");
    open(&mut x, "DSHHDVu");
    let pre = if vat_invoice {
        pre_tax_lines(d.lines, d.vat)
    } else {
        Vec::new()
    };
    for (i, l) in d.lines.iter().enumerate() {
        open(&mut x, "HHDVu");
        el(&mut x, "TChat", "1");
        el(&mut x, "STT", &(i + 1).to_string());
        el(&mut x, "MHHDVu", &l.sku);
        el(&mut x, "THHDVu", &l.name);
        el(&mut x, "DVTinh", &l.unit);
        el(&mut x, "SLuong", &qty(l.qty_milli));
        if vat_invoice {
            let r = i128::from(l.vat.percent().unwrap_or(0));
            let disc = l.line_discount + l.cart_discount;
            let pre_disc = Vnd(div_round(i128::from(disc.0) * 100, 100 + r));
            el(
                &mut x,
                "DGia",
                &micro_text(unit_price_micro(pre[i] + pre_disc, l.qty_milli)),
            );
            if disc.0 != 0 {
                el(&mut x, "STCKhau", &pre_disc.0.to_string());
            }
            el(&mut x, "ThTien", &pre[i].0.to_string());
            el(&mut x, "TSuat", &rate_text(l.vat));
        } else {
            el(&mut x, "DGia", &l.unit_price.0.to_string());
            if l.line_discount.0 != 0 {
                if let Some(bp) = l.line_discount_bp {
                    el(&mut x, "TLCKhau", &decimal(i128::from(bp), 100));
                }
                el(&mut x, "STCKhau", &l.line_discount.0.to_string());
            }
            el(&mut x, "ThTien", &(l.gross - l.line_discount).0.to_string());
        }
        close(&mut x, "HHDVu");
    }
    // [I] the reduction note as a line of nature 4 (note), without amounts
    if let Some(n) = d.reduction_note.filter(|_| !vat_invoice) {
        open(&mut x, "HHDVu");
        el(&mut x, "TChat", "4");
        el(&mut x, "STT", &(d.lines.len() + 1).to_string());
        el(&mut x, "THHDVu", n);
        close(&mut x, "HHDVu");
    }
    close(&mut x, "DSHHDVu");
    open(&mut x, "TToan");
    if vat_invoice {
        open(&mut x, "THTTLTSuat");
        for g in d.vat {
            open(&mut x, "LTSuat");
            el(&mut x, "TSuat", &rate_text(g.rate));
            el(&mut x, "ThTien", &g.pre_tax.0.to_string());
            el(&mut x, "TThue", &g.tax.0.to_string());
            close(&mut x, "LTSuat");
        }
        close(&mut x, "THTTLTSuat");
        let pre_total: Vnd = d.vat.iter().map(|g| g.pre_tax).sum();
        let tax_total: Vnd = d.vat.iter().map(|g| g.tax).sum();
        el(&mut x, "TgTCThue", &pre_total.0.to_string());
        el(&mut x, "TgTThue", &tax_total.0.to_string());
    } else {
        let cart: Vnd = d.lines.iter().map(|l| l.cart_discount).sum();
        if cart.0 != 0 {
            el(&mut x, "TTCKTMai", &cart.0.to_string());
        }
    }
    el(&mut x, "TgTTTBSo", &d.total.0.to_string());
    el(&mut x, "TgTTTBChu", &d.total.in_words());
    close(&mut x, "TToan");
    close(&mut x, "NDHDon");
    close(&mut x, "DLHDon");
    if let Some(q) = d.lookup_qr {
        el(&mut x, "DLQRCode", q);
    }
    el(&mut x, "MCCQT", d.mccqt);
    // a cash-register invoice carries no seller signature, but the element
    x.push_str("<DSCKS><NBan/></DSCKS>");
    close(&mut x, "HDon");
    // Names are stored NFC already; normalise only when something is not.
    if unicode_normalization::is_nfc_quick(x.chars()) == unicode_normalization::IsNormalized::Yes {
        x
    } else {
        crate::text::nfc(&x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_xml_way() {
        assert_eq!(qty(350), "0.35");
        assert_eq!(qty(2000), "2");
        assert_eq!(qty(-1500), "-1.5");
        assert_eq!(decimal(15_000 * 100, 108), "13888.8889");
        assert_eq!(decimal(10_800 * 100, 108), "10000");
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape("Bánh \"A&B\" <1> 'x'\u{7}", &mut s);
        assert_eq!(s, "Bánh &quot;A&amp;B&quot; &lt;1&gt; &apos;x&apos;");
    }

    mod props {
        use super::super::*;
        use crate::checkout::{Cart, Discount, Line, price};
        use crate::einvoice::InvoiceSettings;
        use crate::shop::TaxMethod;
        use proptest::prelude::*;

        fn settings(form: u8) -> InvoiceSettings {
            InvoiceSettings {
                form,
                coded: 'C',
                letters: "AA".into(),
                block: "A1B2C".into(),
                location: None,
                location_name: None,
                threshold: Vnd(0),
                dvtte: true,
                httoan: true,
                provider_mst: None,
                tvan_mst: None,
            }
        }

        /// A decimal text in millionths, exactly.
        fn micro(s: &str) -> i128 {
            let (neg, s) = match s.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, s),
            };
            let (i, f) = s.split_once('.').unwrap_or((s, ""));
            let v = i.parse::<i128>().unwrap() * 1_000_000 + format!("{f:0<6}").parse::<i128>().unwrap();
            if neg { -v } else { v }
        }

        fn sum_children(doc: &roxmltree::Document<'_>, parent: &str, child: &str) -> i64 {
            doc.descendants()
                .filter(|n| n.has_tag_name(parent))
                .map(|n| {
                    n.children()
                        .find(|c| c.has_tag_name(child))
                        .and_then(|c| c.text())
                        .unwrap_or("0")
                        .parse::<i64>()
                        .unwrap()
                })
                .sum()
        }

        proptest! {
            #[test]
            fn line_totals_add_up_to_the_total_and_words_match(
                lines in proptest::collection::vec((1i64..=2_000_000, 1i64..=20_000, 0usize..5, proptest::option::of(0i64..=5_000)), 1..25),
                cart_bp in proptest::option::of(0i64..=3_000),
                form in 1u8..=2,
            ) {
                let cart = Cart {
                    lines: lines.iter().enumerate().map(|(i, (p, q, v, d))| Line {
                        product_id: i as i64,
                        sku: format!("S{i}"),
                        name: format!("Hàng <{i}> & co"),
                        unit: "cái".into(),
                        unit_price: Vnd(*p),
                        qty_milli: *q,
                        vat: VatRate::ALL[*v],
                        discount: d.map(Discount::Percent),
                    }).collect(),
                    discount: cart_bp.map(Discount::Percent),
                };
                let method = if form == 1 { TaxMethod::Deduction } else { TaxMethod::Direct };
                let t = price(&cart, method).unwrap();
                let inv: Vec<InvLine> = cart.lines.iter().zip(&t.lines).map(|(l, p)| InvLine {
                    sku: l.sku.clone(), name: l.name.clone(), unit: l.unit.clone(), qty_milli: l.qty_milli,
                    unit_price: l.unit_price, vat: l.vat, gross: p.gross, line_discount: p.line_discount,
                    line_discount_bp: match l.discount { Some(Discount::Percent(bp)) => Some(bp), _ => None },
                    cart_discount: p.cart_discount, net: p.net,
                }).collect();
                let vat: Vec<InvVat> = t.vat.iter().map(|v| InvVat { rate: v.rate, total: v.total, pre_tax: v.pre_tax, tax: v.tax }).collect();
                let st = settings(form);
                let methods = vec!["cash".to_string(), "card".to_string()];
                let xml = build(&InvoiceDoc {
                    settings: &st, seller_name: "Cửa hàng", seller_mst: "3301234567", seller_address: "Huế", seller_phone: None,
                    symbol: "C26MAA", number: 7, date: "2026-07-15", mccqt: "M2-26-A1B2C-00000000007",
                    lines: &inv, vat: &vat, total: t.total, buyer: None, related: None, methods: &methods, lookup_qr: None, reduction_note: None,
                });
                let doc = roxmltree::Document::parse(&xml).unwrap();
                let get = |name: &str| doc.descendants().find(|n| n.has_tag_name(name)).and_then(|n| n.text()).map(|s| s.to_string());
                let total: i64 = get("TgTTTBSo").unwrap().parse().unwrap();
                prop_assert_eq!(total, t.total.0);
                prop_assert_eq!(get("TgTTTBChu").unwrap(), t.total.in_words());
                let lines_sum = sum_children(&doc, "HHDVu", "ThTien");
                if form == 2 {
                    let cart_disc: i64 = get("TTCKTMai").map_or(0, |s| s.parse().unwrap());
                    prop_assert_eq!(lines_sum - cart_disc, total);
                } else {
                    let pre: i64 = get("TgTCThue").unwrap().parse().unwrap();
                    let tax: i64 = get("TgTThue").unwrap().parse().unwrap();
                    prop_assert_eq!(lines_sum, pre);
                    prop_assert_eq!(pre + tax, total);
                    prop_assert_eq!(sum_children(&doc, "LTSuat", "ThTien"), pre);
                }
                // HTTToan travels as a TTKhac/TTin pair
                let httoan = doc.descendants().find(|n| n.has_tag_name("TTin")
                    && n.children().any(|c| c.has_tag_name("TTruong") && c.text() == Some("HTTToan")));
                prop_assert!(httoan.is_some());
                prop_assert!(get("DSCKS").is_none() && doc.descendants().any(|n| n.has_tag_name("DSCKS")));
                // every line adds up to the đồng: round(SLuong × DGia) − STCKhau = ThTien
                for l in doc.descendants().filter(|n| n.has_tag_name("HHDVu")) {
                    let t = |n: &str| l.children().find(|c| c.has_tag_name(n)).and_then(|c| c.text()).map(str::to_string);
                    let q = micro(&t("SLuong").unwrap());
                    let p = micro(&t("DGia").unwrap());
                    prop_assert!(t("DGia").unwrap().split('.').nth(1).is_none_or(|f| f.len() <= 6));
                    let disc: i128 = t("STCKhau").map_or(0, |s| s.parse().unwrap());
                    let th: i128 = t("ThTien").unwrap().parse().unwrap();
                    // q × p is in 10^-12 đồng; round half away from zero
                    let prod = q * p;
                    let whole = (2 * prod.abs() + 1_000_000_000_000) / 2_000_000_000_000 * prod.signum();
                    prop_assert_eq!(whole - disc, th, "line {:?}", t("STT"));
                }
            }
        }
    }
}
