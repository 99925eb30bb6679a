//! Receipts: the layout built from a committed sale and the shop profile,
//! as text lines of a fixed width (32 characters for 58 mm paper, 48 for
//! 80 mm). No line ever overflows; money is right-aligned. The same lines
//! are shown on screen and sent to the printer (`escpos`), through a
//! transport (`transport`) chosen by the printer URI.

pub mod codepage;
pub mod escpos;
pub mod raster;
pub mod transport;

use unicode_width::UnicodeWidthStr;

pub use crate::printer_settings::{Paper, PrinterProfile, QrMode, WIDTH_58MM, WIDTH_80MM};
pub use codepage::TextMode;

/// A QR code on the receipt with its caption lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptQr {
    pub payload: String,
    pub caption: Vec<String>,
}

/// What gets printed: text lines (some bold) and an optional QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub lines: Vec<String>,
    pub bold: Vec<bool>,
    pub qr: Option<ReceiptQr>,
}

use crate::catalog::format_qty;
use crate::i18n::Lang;
use crate::money::Vnd;
use crate::sales::{SaleKind, SaleRecord, format_number};
use crate::shop::{ShopProfile, TaxMethod};

/// Wrap `text` into lines of at most `width` columns, breaking at spaces
/// where possible and inside over-long words otherwise.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let sep = usize::from(!cur.is_empty());
            if cur.width() + sep + word.width() <= width {
                if sep == 1 {
                    cur.push(' ');
                }
                cur.push_str(&word);
                break;
            }
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
                continue;
            }
            // a word longer than the line: cut it
            let mut head = String::new();
            let mut rest = word.chars();
            for c in rest.by_ref() {
                if head.width() + c.to_string().width() > width {
                    let mut tail = c.to_string();
                    tail.extend(rest);
                    lines.push(head);
                    word = tail;
                    head = String::new();
                    break;
                }
                head.push(c);
            }
            if !head.is_empty() {
                cur = head;
                break;
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// `left … right` on one line of `width`; the left part is cut if needed.
pub fn two_cols(left: &str, right: &str, width: usize) -> String {
    let rw = right.width();
    if rw >= width {
        return right.chars().take(width).collect();
    }
    let room = width - rw - 1;
    let mut l = String::new();
    for c in left.chars() {
        if l.width() + c.to_string().width() > room {
            break;
        }
        l.push(c);
    }
    let pad = width - l.width() - rw;
    format!("{l}{}{right}", " ".repeat(pad))
}

pub(crate) fn center(s: &str, width: usize) -> Vec<String> {
    wrap(s, width)
        .into_iter()
        .map(|l| {
            let pad = (width - l.width()) / 2;
            format!("{}{l}", " ".repeat(pad))
        })
        .collect()
}

/// Money without the currency sign, for columns: `125.000`.
fn m(v: Vnd) -> String {
    v.grouped()
}

/// The printable receipt: the layout lines, the title and total in bold,
/// the shop's footer, and the QR code when one is given.
pub fn build(sale: &SaleRecord, shop: &ShopProfile, width: usize, lang: Lang, qr: Option<ReceiptQr>) -> Receipt {
    let mut lines = layout(sale, shop, width, lang);
    // A cash-register e-invoice: its lookup QR and where to check it.
    let qr = qr.or_else(|| {
        sale.invoice.as_ref().map(|inv| ReceiptQr {
            payload: inv.lookup_qr.clone(),
            caption: vec![
                lang.pick("Tra cứu tại", "Look it up at").to_string(),
                "https://hoadondientu.gdt.gov.vn".to_string(),
            ],
        })
    });
    if let Some(f) = &shop.printer.footer {
        for l in f.lines() {
            lines.extend(center(l, width));
        }
    }
    let bold = lines
        .iter()
        .map(|l| {
            let t = l.trim_start();
            t.starts_with("TỔNG CỘNG")
                || t.starts_with("TOTAL")
                || t.starts_with("PHIẾU")
                || t == "RECEIPT"
                || t == "VOID"
                || t == "REFUND"
        })
        .collect();
    Receipt { lines, bold, qr }
}

/// Mark a reprint: "BẢN SAO" (COPY) under the title, in bold.
pub fn mark_copy(r: &mut Receipt, width: usize, lang: Lang) {
    let title = r
        .lines
        .iter()
        .position(|l| {
            let t = l.trim();
            t.starts_with("PHIẾU") || t == "RECEIPT" || t == "VOID" || t == "REFUND"
        })
        .map_or(0, |i| i + 1);
    for (k, l) in center(&format!("*** {} ***", lang.pick("BẢN SAO", "COPY")), width)
        .into_iter()
        .enumerate()
    {
        r.lines.insert(title + k, l);
        r.bold.insert(title + k, true);
    }
}

/// The receipt for a committed document.
pub fn layout(sale: &SaleRecord, shop: &ShopProfile, width: usize, lang: Lang) -> Vec<String> {
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let mut out: Vec<String> = Vec::new();
    out.extend(center(&shop.name, width));
    out.extend(center(&format!("{}, {}", shop.address, shop.ward), width));
    if let Some(mst) = &shop.tax_code {
        out.extend(center(&format!("MST: {mst}"), width));
    }
    if let Some(p) = &shop.phone {
        out.extend(center(&format!("ĐT: {p}"), width));
    }
    out.push("=".repeat(width));
    let title = match sale.kind {
        SaleKind::Sale => t("PHIẾU THANH TOÁN", "RECEIPT"),
        SaleKind::Void => t("PHIẾU HỦY ĐƠN", "VOID"),
        SaleKind::Refund => t("PHIẾU TRẢ HÀNG", "REFUND"),
    };
    out.extend(center(&title, width));
    out.push(two_cols(
        &format!("{} {}", t("Số:", "No:"), format_number(sale.number)),
        &crate::time::short_stamp(&sale.ts),
        width,
    ));
    if let Some(r) = sale.ref_number {
        out.push(format!("{} {}", t("Cho đơn:", "For sale:"), format_number(r)));
    }
    // the single-user owner's stored name is a Vietnamese word
    let cashier = if sale.user == crate::users::OWNER {
        t(crate::users::OWNER, "shop owner")
    } else {
        sale.user.clone()
    };
    out.push(two_cols(&t("Thu ngân:", "Cashier:"), &cashier, width));
    out.push("-".repeat(width));
    for l in &sale.lines {
        out.extend(wrap(&l.name, width));
        let mut qty = format!("  {} {} x {}", format_qty(l.qty_milli), l.unit, m(l.unit_price));
        // a VAT invoice (mẫu 1) shows each line's rate
        if sale.invoice.as_ref().is_some_and(|i| i.form == 1) {
            qty.push_str(&format!(" ({})", crate::einvoice::xml::rate_text(l.vat_rate)));
        }
        out.push(two_cols(&qty, &m(l.gross), width));
        if l.line_discount.0 != 0 {
            let label = l.discount.map(|d| d.label()).unwrap_or_default();
            out.push(two_cols(
                &format!("  {} {label}", t("Giảm", "Discount")),
                &m(-l.line_discount),
                width,
            ));
        }
    }
    out.push("-".repeat(width));
    out.push(two_cols(&t("Tiền hàng", "Subtotal"), &m(sale.subtotal), width));
    if sale.discount.0 != 0 {
        out.push(two_cols(&t("Chiết khấu", "Discounts"), &m(-sale.discount), width));
    }
    if sale.tax_method == TaxMethod::Deduction {
        for v in &sale.vat {
            let rate = if v.rate == "KCT" {
                "KCT".to_string()
            } else {
                format!("{}%", v.rate)
            };
            out.push(two_cols(
                &format!("{} {rate} ({})", t("Thuế GTGT", "VAT"), m(v.pre_tax)),
                &m(v.tax),
                width,
            ));
        }
    }
    out.push(two_cols(&t("TỔNG CỘNG", "TOTAL"), &sale.total.to_string(), width));
    for p in &sale.payments {
        let label = p.method.label(lang);
        let amount = if p.method.is_cash() { p.tendered } else { p.amount };
        out.push(two_cols(&label, &m(amount), width));
        if let Some(r) = &p.reference {
            out.push(format!("  {} {r}", t("Mã GD:", "Ref:")).chars().take(width).collect());
        }
    }
    if sale.change.0 != 0 {
        out.push(two_cols(&t("Tiền thối", "Change"), &m(sale.change), width));
    }
    if let Some(inv) = &sale.invoice {
        out.push("=".repeat(width));
        let title = if inv.form == 1 {
            "HÓA ĐƠN GIÁ TRỊ GIA TĂNG"
        } else {
            "HÓA ĐƠN BÁN HÀNG"
        };
        out.extend(center(title, width));
        out.extend(center("Khởi tạo từ máy tính tiền", width));
        if inv.kind == crate::einvoice::InvoiceKind::Adjustment
            && let Some(w) = inv.related_wording()
        {
            out.extend(wrap(&w, width));
        }
        out.push(two_cols("Mẫu số - Ký hiệu:", &inv.full_symbol(), width));
        out.push(two_cols("Số:", &inv.number.to_string(), width));
        out.push(two_cols("Ngày:", &inv.issued_on.to_string(), width));
        out.push("Mã CQT:".to_string());
        out.push(format!("{:>width$}", inv.mccqt));
        // the business location (households with several shops)
        if let Some(code) = shop.invoice.as_ref().and_then(|s| s.location.as_ref()) {
            let name = shop.invoice.as_ref().and_then(|s| s.location_name.as_ref());
            let loc = match name {
                Some(n) => format!("Địa điểm KD: {code} - {n}"),
                None => format!("Địa điểm KD: {code}"),
            };
            out.extend(wrap(&loc, width));
        }
        // the buyer's details, when the buyer gave them
        if let Some(b) = &inv.buyer {
            let label = if b.is_individual() {
                "Người mua:"
            } else {
                "Đơn vị mua:"
            };
            for (k, v) in [
                (label, &b.name),
                ("MST:", &b.tax_code),
                ("CCCD:", &b.id_number),
                ("Địa chỉ:", &b.address),
                ("ĐT:", &b.phone),
            ] {
                if let Some(v) = v {
                    out.extend(wrap(&format!("{k} {v}"), width));
                }
            }
        }
        out.extend(wrap(&format!("Bằng chữ: {}", inv.total.in_words()), width));
    }
    out.push("=".repeat(width));
    out.extend(center(&t("Cảm ơn quý khách!", "Thank you!"), width));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_overflows() {
        for w in [5, 10, 32, 48] {
            for l in wrap(
                "Bánh lọc Huế (khay 10 cái) Supercalifragilisticexpialidocious 🍜 thêm",
                w,
            ) {
                assert!(l.width() <= w, "{l:?} > {w}");
            }
        }
        assert_eq!(wrap("Mứt bưởi 250g", 32), vec!["Mứt bưởi 250g"]);
    }

    #[test]
    fn two_columns_fit_exactly() {
        let l = two_cols("Cà phê sữa đá lon 235ml rất dài dài", "1.250.000", 32);
        assert_eq!(l.width(), 32);
        assert!(l.ends_with("1.250.000"));
    }
}
