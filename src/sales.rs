//! Committed sale documents: what is written once and never changed. A
//! sale, a void and a refund are all documents with their own number; voids
//! and refunds reference the original and carry negative quantities and
//! amounts.

use crate::catalog::VatRate;
use crate::checkout::tender::{Method, Payment};
use crate::checkout::{Discount, Line, PricedLine, Totals, VatLine};
use crate::einvoice::{InvoiceKind, InvoiceStatus};
use crate::i18n::Lang;
use crate::money::Vnd;
use crate::shop::TaxMethod;
use chrono::{DateTime, FixedOffset, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SaleKind {
    Sale,
    Void,
    Refund,
}

impl SaleKind {
    pub fn code(self) -> &'static str {
        match self {
            SaleKind::Sale => "sale",
            SaleKind::Void => "void",
            SaleKind::Refund => "refund",
        }
    }

    pub fn from_code(s: &str) -> Option<SaleKind> {
        match s {
            "sale" => Some(SaleKind::Sale),
            "void" => Some(SaleKind::Void),
            "refund" => Some(SaleKind::Refund),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SaleKind::Sale => lang.pick("Bán hàng", "Sale"),
            SaleKind::Void => lang.pick("Hủy đơn", "Void"),
            SaleKind::Refund => lang.pick("Trả hàng", "Refund"),
        }
    }
}

/// How a sale number is shown: `000123`.
pub fn format_number(n: i64) -> String {
    format!("{n:06}")
}

/// A line to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub line: Line,
    pub priced: PricedLine,
    /// For voids and refunds: the original line.
    pub ref_line_id: Option<i64>,
}

/// A payment to be written, with who confirmed it (VietQR transfers are
/// confirmed by the cashier looking at the bank app).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    pub payment: Payment,
    pub confirmed_by: Option<String>,
}

/// The e-invoice a sale asks for: a snapshot of the seller and settings,
/// the buyer if they gave details, and for voids/refunds the sale whose
/// invoice is adjusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoicePlan {
    pub settings: crate::einvoice::InvoiceSettings,
    pub seller_name: String,
    pub seller_mst: String,
    pub seller_address: String,
    pub seller_phone: Option<String>,
    pub buyer: Option<crate::einvoice::Buyer>,
    pub adjusts_sale: Option<i64>,
    /// A household's VAT reduction (NQ 204/2025): the amount and the note
    /// the sales invoice must carry.
    pub reduction: Option<(Vnd, String)>,
}

/// Everything one document writes, in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSale {
    /// Client-generated, so a retried commit is recognised.
    pub uuid: String,
    pub kind: SaleKind,
    pub ref_sale_id: Option<i64>,
    pub user: String,
    /// Manager who approved a discount override, a void or a refund.
    pub approved_by: Option<String>,
    pub tax_method: TaxMethod,
    pub cart_discount: Option<Discount>,
    pub lines: Vec<NewLine>,
    pub subtotal: Vnd,
    pub discount: Vnd,
    pub total: Vnd,
    pub vat: Vec<VatLine>,
    pub payments: Vec<NewPayment>,
    pub change: Vnd,
    pub note: Option<String>,
    /// Issue an e-invoice inside the same transaction.
    pub invoice: Option<InvoicePlan>,
}

impl NewSale {
    /// Assemble a sale from a priced cart.
    pub fn from_cart(
        uuid: String,
        user: String,
        tax_method: TaxMethod,
        cart: &crate::checkout::Cart,
        totals: &Totals,
        payments: Vec<NewPayment>,
        change: Vnd,
    ) -> NewSale {
        NewSale {
            uuid,
            kind: SaleKind::Sale,
            ref_sale_id: None,
            user,
            approved_by: None,
            tax_method,
            cart_discount: cart.discount,
            lines: cart
                .lines
                .iter()
                .zip(&totals.lines)
                .map(|(l, p)| NewLine {
                    line: l.clone(),
                    priced: p.clone(),
                    ref_line_id: None,
                })
                .collect(),
            subtotal: totals.subtotal,
            discount: totals.discount,
            total: totals.total,
            vat: totals.vat.clone(),
            payments,
            change,
            note: None,
            invoice: None,
        }
    }
}

/// A stored line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LineRecord {
    pub id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub unit_price: Vnd,
    pub qty_milli: i64,
    pub vat_rate: VatRate,
    pub gross: Vnd,
    pub line_discount: Vnd,
    pub cart_discount: Vnd,
    pub net: Vnd,
    pub discount: Option<Discount>,
    pub ref_line_id: Option<i64>,
    /// For a sale's line: quantity already returned by voids and refunds.
    pub returned_milli: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaymentRecord {
    #[serde(serialize_with = "Method::serialize_code")]
    pub method: Method,
    pub amount: Vnd,
    pub tendered: Vnd,
    pub reference: Option<String>,
    pub confirmed_by: Option<String>,
}

/// A stored document with its lines, payments and VAT.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SaleRecord {
    pub id: i64,
    pub uuid: String,
    pub number: i64,
    pub kind: SaleKind,
    pub ref_number: Option<i64>,
    pub session_id: i64,
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub ts: DateTime<FixedOffset>,
    #[serde(serialize_with = "crate::time::ser::date")]
    pub business_date: NaiveDate,
    pub user: String,
    pub approved_by: Option<String>,
    pub tax_method: TaxMethod,
    pub subtotal: Vnd,
    pub discount: Vnd,
    pub total: Vnd,
    pub change: Vnd,
    pub lines: Vec<LineRecord>,
    pub payments: Vec<PaymentRecord>,
    pub vat: Vec<VatRecord>,
    /// Numbers of the voids and refunds that reference this sale.
    pub reversed_by: Vec<i64>,
    /// The e-invoice issued with this document, if any.
    pub invoice: Option<InvoiceRecord>,
}

impl SaleRecord {
    /// How money goes back by default on a refund or void: the method of
    /// the sale's largest payment, cash when there is none.
    pub fn refund_method(&self) -> Method {
        self.payments
            .iter()
            .max_by_key(|p| p.amount)
            .map(|p| p.method)
            .unwrap_or(Method::Cash)
    }
}

/// An issued invoice (its XML is fetched separately).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InvoiceRecord {
    pub id: i64,
    pub sale_number: i64,
    pub kind: InvoiceKind,
    pub form: u8,
    pub symbol: String,
    pub number: i64,
    #[serde(serialize_with = "crate::time::ser::date")]
    pub issued_on: NaiveDate,
    pub mccqt: String,
    pub total: Vnd,
    pub sha256: String,
    pub lookup_qr: String,
    pub status: InvoiceStatus,
    pub reason: Option<String>,
    pub related: Option<String>,
    /// The adjusted invoice's date, for the legal wording.
    #[serde(skip)]
    pub related_date: Option<NaiveDate>,
    /// The buyer's details, when the buyer gave them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer: Option<crate::einvoice::Buyer>,
}

impl InvoiceRecord {
    /// `2C26MAA`.
    pub fn full_symbol(&self) -> String {
        format!("{}{}", self.form, self.symbol)
    }

    /// "Điều chỉnh cho hóa đơn Mẫu số 2 ký hiệu C26MAA số 1 ngày 15 tháng 07
    /// năm 2026" for an adjustment (from `related` = `2C26MAA/1`).
    pub fn related_wording(&self) -> Option<String> {
        let r = self.related.as_deref()?;
        let (sym, no) = r.split_once('/')?;
        let form = sym.get(..1)?.parse::<u8>().ok()?;
        let number = no.parse::<i64>().ok()?;
        let date = self.related_date?.format("%Y-%m-%d").to_string();
        Some(crate::einvoice::adjustment_wording(form, sym.get(1..)?, number, &date))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VatRecord {
    pub rate: String,
    pub total: Vnd,
    pub pre_tax: Vnd,
    pub tax: Vnd,
}

/// One row of a sales listing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SaleSummary {
    pub number: i64,
    pub kind: SaleKind,
    #[serde(serialize_with = "crate::time::ser::stamp")]
    pub ts: DateTime<FixedOffset>,
    pub user: String,
    pub total: Vnd,
    /// How many lines (`lines` is always an array of lines elsewhere).
    #[serde(rename = "line_count")]
    pub lines: i64,
    /// The payments' methods in payment order (JSON: `cash+wallet:momo`).
    #[serde(serialize_with = "serialize_methods")]
    pub methods: Vec<Method>,
}

/// Methods as the listing writes them: codes joined by `+`.
fn serialize_methods<S: serde::Serializer>(m: &[Method], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.iter().map(|m| m.code()).collect::<Vec<_>>().join("+"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkout::tender::Wallet;

    #[test]
    fn typed_records_serialise_to_the_stored_codes() {
        let p = PaymentRecord {
            method: Method::Wallet(Wallet::Momo),
            amount: Vnd(15_000),
            tendered: Vnd(15_000),
            reference: Some("TX9".into()),
            confirmed_by: None,
        };
        let v = serde_json::to_value(&p).expect("json");
        assert_eq!(v["method"], "wallet:momo");
        let s = SaleSummary {
            number: 7,
            kind: SaleKind::Refund,
            ts: chrono::DateTime::parse_from_rfc3339("2026-07-15T10:00:00+07:00").expect("time"),
            user: "Lan".into(),
            total: Vnd(-15_000),
            lines: 1,
            methods: vec![Method::Cash, Method::Wallet(Wallet::Momo)],
        };
        assert_eq!(
            serde_json::to_string(&s).expect("json"),
            r#"{"number":7,"kind":"refund","ts":"2026-07-15T10:00:00+07:00","user":"Lan","total":-15000,"line_count":1,"methods":"cash+wallet:momo"}"#
        );
    }

    #[test]
    fn only_known_document_kinds_are_read() {
        for k in [SaleKind::Sale, SaleKind::Void, SaleKind::Refund] {
            assert_eq!(SaleKind::from_code(k.code()), Some(k));
        }
        // it used to read as a sale
        assert_eq!(SaleKind::from_code("sael"), None);
    }
}
