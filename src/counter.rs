//! Counter services shared by the sell screen and `quay sell`: who is
//! working, finding products, committing a paid cart, voids and refunds.
//! The TUI and the CLI call these; neither holds business rules.

use crate::catalog::{Product, VatRate};
use crate::checkout::tender::{Method, Tender, settle};
use crate::checkout::{Cart, Line, PricedLine, Totals, VatLine, price};
use crate::i18n::Msg;
use crate::money::{Vnd, div_round};
use crate::msg;
use crate::sales::{NewLine, NewPayment, NewSale, SaleKind, SaleRecord, format_number};
use crate::shop::{ShopProfile, TaxMethod};
use crate::store::PinGate;
use crate::store::{Committed, Store, StoreError};
use crate::users::{self, MAX_FAILED_PINS, OWNER, Role};

/// Who is working the till.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

impl Actor {
    /// Single-user mode: a shop with no users yet is run by its owner.
    pub fn owner() -> Actor {
        Actor {
            name: OWNER.to_string(),
            role: Role::Manager,
        }
    }

    pub fn is_manager(&self) -> bool {
        self.role == Role::Manager
    }
}

/// Why a counter action did not happen: refused (the input or the data),
/// or the shop file could not be used.
#[derive(Debug)]
pub enum CounterError {
    Refused(Msg),
    Store(StoreError),
    /// A printer or other device could not be used.
    Device(Msg),
}

impl CounterError {
    pub fn msg(&self) -> Msg {
        match self {
            CounterError::Refused(m) | CounterError::Device(m) => m.clone(),
            CounterError::Store(e) => e.msg(),
        }
    }

    pub fn is_refusal(&self) -> bool {
        match self {
            CounterError::Refused(_) => true,
            CounterError::Device(_) => false,
            CounterError::Store(e) => e.is_refusal(),
        }
    }
}

crate::english_display!(CounterError);

impl From<Msg> for CounterError {
    fn from(m: Msg) -> Self {
        CounterError::Refused(m)
    }
}

crate::refused_from!(CounterError::Refused <- crate::checkout::CheckoutError, crate::text::TextError, crate::users::UserError, crate::einvoice::EinvoiceError, crate::catalog::vat_table::TableError);

impl From<StoreError> for CounterError {
    fn from(e: StoreError) -> Self {
        CounterError::Store(e)
    }
}

type Result<T> = std::result::Result<T, CounterError>;

fn store_msg(e: StoreError) -> CounterError {
    CounterError::Store(e)
}

/// Check a user's PIN. Each attempt is taken (counted) in a write
/// transaction before the PIN is checked, so parallel attempts never check
/// more than [`MAX_FAILED_PINS`]; the fifth wrong PIN in a row locks the
/// user for 5 minutes, doubling with each further lockout, shown with the
/// time left. A shop without users runs in single-user mode (the owner, no
/// PIN).
pub fn login(store: &mut Store, name: &str, pin: &str) -> Result<Actor> {
    if !has_users(store)? {
        return Ok(Actor::owner());
    }
    let (attempt, lock_secs, user) = match store.take_pin_attempt(name).map_err(store_msg)? {
        PinGate::NoUser => {
            return Err(CounterError::Refused(msg!(
                "không có người dùng '{name}'",
                "no user '{name}'"
            )));
        }
        PinGate::Disabled => {
            return Err(CounterError::Refused(msg!(
                "người dùng '{name}' đã bị khóa",
                "user '{name}' is disabled"
            )));
        }
        PinGate::Locked { secs_left } => {
            let d = users::duration_msg(secs_left);
            let (vi, en) = (d.vi, d.en);
            return Err(CounterError::Refused(msg!(
                "'{name}' nhập sai PIN {MAX_FAILED_PINS} lần: đang bị khóa, còn {vi} (hoặc quản lý mở lại: quay users enable; mã khôi phục: quay users recover)",
                "'{name}' entered a wrong PIN {MAX_FAILED_PINS} times: locked for another {en} (or a manager re-enables: quay users enable; recovery code: quay users recover)"
            )));
        }
        PinGate::Check {
            attempt,
            lock_secs,
            user,
        } => (attempt, lock_secs, user),
    };
    let ok = users::pin_matches(pin, &user.pin_hash);
    store.record_pin_attempt(name, ok).map_err(store_msg)?;
    if !ok {
        if let Some(secs) = lock_secs {
            let d = users::duration_msg(secs);
            let (vi, en) = (d.vi, d.en);
            return Err(CounterError::Refused(msg!(
                "sai mã PIN ({attempt}/{MAX_FAILED_PINS}): '{name}' bị khóa {vi}",
                "wrong PIN ({attempt}/{MAX_FAILED_PINS}): '{name}' is locked for {en}"
            )));
        }
        let left = MAX_FAILED_PINS - attempt;
        return Err(CounterError::Refused(msg!(
            "sai mã PIN ({attempt}/{MAX_FAILED_PINS}); còn {left} lần thử",
            "wrong PIN ({attempt}/{MAX_FAILED_PINS}); {left} tries left"
        )));
    }
    Ok(Actor {
        name: user.name,
        role: user.role,
    })
}

/// A manager's approval (discount override, void, refund).
pub fn approve(store: &mut Store, name: &str, pin: &str) -> Result<Actor> {
    let a = login(store, name, pin)?;
    if !a.is_manager() {
        let n = &a.name;
        return Err(CounterError::Refused(msg!(
            "'{n}' không phải quản lý",
            "'{n}' is not a manager"
        )));
    }
    Ok(a)
}

/// Whether the shop has users (else single-user mode).
pub fn has_users(store: &Store) -> Result<bool> {
    Ok(!store.users().map_err(store_msg)?.is_empty())
}

/// Find a product by exact barcode, then exact SKU.
pub fn lookup(store: &Store, code: &str) -> Result<Product> {
    let code = code.trim();
    let found = match store.product_by_barcode(code).map_err(store_msg)? {
        Some(p) => Some(p),
        None => store.product_by_sku(code).map_err(store_msg)?,
    };
    match found {
        Some(p) if p.active => Ok(p),
        Some(p) => {
            let name = &p.name;
            Err(msg!("«{name}» đã ngừng bán", "«{name}» is deactivated").into())
        }
        None => Err(msg!(
            "không có mã '{code}' trong danh mục: gõ tên hàng để tìm",
            "no product with code '{code}': type the name to search"
        )
        .into()),
    }
}

/// True when a discount goes above the threshold (basis points) and needs
/// a manager's PIN.
pub fn discount_needs_approval(cart: &Cart, totals: &Totals, threshold_bp: i64) -> bool {
    let above = |disc: Vnd, base: Vnd| {
        base.0 > 0 && i128::from(disc.0) * 10_000 > i128::from(base.0) * i128::from(threshold_bp)
    };
    let lines = totals.lines.iter().any(|l| above(l.line_discount, l.gross));
    let after_lines: Vnd = totals.lines.iter().map(|l| l.gross - l.line_discount).sum();
    let cart_disc: Vnd = totals.lines.iter().map(|l| l.cart_discount).sum();
    lines || (cart.discount.is_some() && above(cart_disc, after_lines))
}

/// The e-invoice plan for a document, if the shop issues e-invoices and
/// this one needs one. Refuses before anything is written when the seller
/// profile lacks what an invoice needs.
/// The dated VAT table: `vat-table.json` in quay's data folder when there
/// is one (a new decree without a new binary), else the bundled table. A
/// present but broken file stops the sale rather than guessing a rate.
pub fn vat_table() -> Result<crate::catalog::vat_table::VatTable> {
    use crate::catalog::vat_table::{FILE_NAME, VatTable};
    let path = dirs::data_dir().map(|d| d.join("quay").join(FILE_NAME));
    match path.as_ref().map(std::fs::read_to_string) {
        Some(Ok(text)) => {
            let shown = path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            Ok(VatTable::parse(&text, &shown)?)
        }
        Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => {
            let shown = path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            Err(CounterError::Refused(msg!(
                "không đọc được bảng thuế {shown}: {e}",
                "cannot read the VAT table {shown}: {e}"
            )))
        }
        _ => Ok(VatTable::bundled()),
    }
}

pub fn invoice_plan(
    profile: &ShopProfile,
    total: Vnd,
    buyer: Option<crate::einvoice::Buyer>,
    asked: bool,
    adjusts_sale: Option<i64>,
) -> Result<Option<crate::sales::InvoicePlan>> {
    let Some(settings) = &profile.invoice else {
        if asked || buyer.is_some() {
            return Err(CounterError::Refused(msg!(
                "cửa hàng chưa cài hóa đơn điện tử: quay init --invoice-form 2 --invoice-series AA --invoice-block XXXXX",
                "the shop has no e-invoice settings: quay init --invoice-form 2 --invoice-series AA --invoice-block XXXXX"
            )));
        }
        return Ok(None);
    };
    let Some(mst) = &profile.tax_code else {
        return Err(CounterError::Refused(msg!(
            "hồ sơ người bán thiếu mã số thuế, cần cho hóa đơn điện tử: quay init --tax-code MST",
            "the seller profile lacks the tax code an e-invoice needs: quay init --tax-code MST"
        )));
    };
    let buyer = match buyer {
        Some(b) => Some(b.validated()?).filter(|b| !b.is_empty()),
        None => None,
    };
    if adjusts_sale.is_none() && !(settings.automatic(total) || asked || buyer.is_some()) {
        return Ok(None);
    }
    Ok(Some(crate::sales::InvoicePlan {
        settings: settings.clone(),
        seller_name: profile.name.clone(),
        seller_mst: mst.clone(),
        seller_address: format!("{}, {}", profile.address, profile.ward),
        seller_phone: profile.phone.clone(),
        buyer,
        adjusts_sale,
        reduction: None,
    }))
}

/// Pay a cart: price it, check the discount approval and the tenders,
/// write the sale in one transaction, and return the stored document.
/// VietQR transfers are recorded as confirmed by the actor.
pub fn commit_cart(
    store: &mut Store,
    profile: &ShopProfile,
    actor: &Actor,
    cart: &Cart,
    tenders: &[Tender],
    uuid: &str,
    approved_by: Option<&Actor>,
) -> Result<(Committed, SaleRecord)> {
    commit_cart_with(store, profile, actor, cart, tenders, uuid, approved_by, None, false)
}

/// [`commit_cart`] with the buyer's invoice details, or an explicit request
/// for an invoice below the shop's threshold.
#[allow(clippy::too_many_arguments)]
pub fn commit_cart_with(
    store: &mut Store,
    profile: &ShopProfile,
    actor: &Actor,
    cart: &Cart,
    tenders: &[Tender],
    uuid: &str,
    approved_by: Option<&Actor>,
    buyer: Option<crate::einvoice::Buyer>,
    ask_invoice: bool,
) -> Result<(Committed, SaleRecord)> {
    if cart.is_empty() {
        return Err(CounterError::Refused(msg!("giỏ hàng trống", "the cart is empty")));
    }
    for t in tenders {
        if let Some(r) = &t.reference {
            crate::text::check_clean("payment reference", r)?;
        }
    }
    // each line's product group → the rate in force on the sale's date
    let table = vat_table()?;
    let today = store.clock().today();
    let mut dated = cart.clone();
    for l in &mut dated.lines {
        l.vat = table.rate_on(l.vat, today);
    }
    let groups = cart;
    let cart = &dated;
    let totals = price(cart, profile.tax_method)?;
    let threshold = store.discount_pin_threshold_bp().map_err(store_msg)?;
    let approver = match approved_by {
        Some(a) => Some(a.name.clone()),
        None if discount_needs_approval(cart, &totals, threshold) => {
            if actor.is_manager() {
                Some(actor.name.clone())
            } else {
                let pct = threshold as f64 / 100.0;
                return Err(CounterError::Refused(msg!(
                    "chiết khấu trên {pct}% cần mã PIN của quản lý",
                    "a discount above {pct}% needs a manager's PIN"
                )));
            }
        }
        None => None,
    };
    let (due, rounding) = cash_rounding(store, totals.total, tenders)?;
    let mut settlement = settle(due, tenders)?;
    settlement.payments.extend(crate::checkout::rounding::line(rounding));
    let mut invoice = invoice_plan(profile, totals.total, buyer, ask_invoice, None)?;
    // a household's sales invoice shows the NQ 204 reduction of its VAT percentage
    if let Some(plan) = invoice.as_mut()
        && plan.settings.form == 2
    {
        let lines: Vec<(VatRate, Vnd)> = groups
            .lines
            .iter()
            .zip(&totals.lines)
            .map(|(l, p)| (l.vat, p.net))
            .collect();
        plan.reduction = table.household_reduction_of(&lines, today);
    }
    let payments = settlement
        .payments
        .into_iter()
        .map(|p| NewPayment {
            confirmed_by: (p.method == Method::Transfer).then(|| actor.name.clone()),
            payment: p,
        })
        .collect();
    let mut sale = NewSale::from_cart(
        uuid.to_string(),
        actor.name.clone(),
        profile.tax_method,
        cart,
        &totals,
        payments,
        settlement.change,
    );
    sale.approved_by = approver;
    sale.invoice = invoice;
    let committed = store.commit_sale(&sale).map_err(store_msg)?;
    let record = store
        .sale_by_number(committed.number)
        .map_err(store_msg)?
        .ok_or_else(|| msg!("không đọc lại được đơn vừa ghi", "cannot read back the committed sale"))?;
    Ok((committed, record))
}

/// The amount due after the shop's cash rounding (a sale paid wholly in
/// cash), and the rounding line's amount (total − due).
fn cash_rounding(store: &Store, total: Vnd, tenders: &[Tender]) -> Result<(Vnd, Vnd)> {
    let step = store.cash_rounding().map_err(store_msg)?;
    Ok(crate::checkout::rounding::due(total, step, tenders))
}

/// Close the open cash session with the counted cash: the Z report is
/// numbered and frozen with the session in one transaction.
pub fn close_session(store: &mut Store, actor: &Actor, counted: Vnd) -> Result<crate::report::zreport::SessionReport> {
    let s = store.current_session()?.ok_or_else(|| {
        CounterError::Refused(msg!(
            "chưa mở ca: không có gì để chốt",
            "no open session: nothing to close"
        ))
    })?;
    let mut report = None;
    let shares = crate::report::cashless::session_bucket(store, &s)?;
    store.close_session(s.id, counted, &actor.name, |figures, z, closed_at| {
        let mut r =
            crate::report::zreport::build(figures, Some((z, closed_at.to_string(), actor.name.clone(), counted)));
        with_ward_shares(&mut r, &shares);
        let json = serde_json::to_string(&r).unwrap_or_default();
        report = Some(r);
        json
    })?;
    report.ok_or_else(|| CounterError::Refused(msg!("không chốt được ca", "could not close the session")))
}

/// The live X report of the open session, if one is open.
pub fn x_report(store: &Store) -> Result<Option<crate::report::zreport::SessionReport>> {
    match store.current_session()? {
        Some(s) => {
            let mut r = crate::report::zreport::build(&store.session_figures(s.id)?, None);
            with_ward_shares(&mut r, &crate::report::cashless::session_bucket(store, &s)?);
            Ok(Some(r))
        }
        None => Ok(None),
    }
}

/// X and Z show the cashless share by the one definition the ward reports
/// and F12 use (`report::cashless`: reversals go back to their sale, a fully
/// reversed sale counts in neither part).
fn with_ward_shares(r: &mut crate::report::zreport::SessionReport, b: &crate::report::cashless::Bucket) {
    r.cashless_share_count = b.cashless_share_count;
    r.cashless_share_value = b.cashless_share_value;
}

/// A fresh client-side id for a cart about to be paid.
pub fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Void the last sale of the open session (a new document reversing it).
pub fn void_last(store: &mut Store, profile: &ShopProfile, actor: &Actor, approver: &Actor) -> Result<SaleRecord> {
    let session = store
        .current_session()
        .map_err(store_msg)?
        .ok_or_else(|| msg!("chưa mở ca: không có đơn để hủy", "no open session: nothing to void"))?;
    let last = store
        .last_sale_number()
        .map_err(store_msg)?
        .ok_or_else(|| msg!("chưa có đơn nào", "there are no sales yet"))?;
    let orig = store
        .sale_by_number(last)
        .map_err(store_msg)?
        .ok_or_else(|| msg!("không có đơn {last}", "no sale {last}"))?;
    let shown = format_number(orig.number);
    if orig.kind != SaleKind::Sale || orig.session_id != session.id {
        return Err(CounterError::Refused(msg!(
            "chứng từ cuối ({shown}) không phải đơn bán của ca này: dùng trả hàng theo số đơn",
            "the last document ({shown}) is not a sale of this session: refund it by number instead"
        )));
    }
    let items: Vec<(i64, i64)> = orig.lines.iter().map(|l| (l.line_no, l.qty_milli)).collect();
    let method = orig.payments.first().map(|p| p.method).unwrap_or(Method::Cash);
    reverse(
        store,
        profile,
        actor,
        approver,
        &orig,
        &items,
        SaleKind::Void,
        Some(&orig.payments),
        method,
        None,
    )
}

/// Refund some lines (line number and quantity) of an earlier sale, or
/// everything still returnable when `items` is empty; money goes back by
/// `method`.
pub fn refund(
    store: &mut Store,
    profile: &ShopProfile,
    actor: &Actor,
    approver: &Actor,
    number: i64,
    items: &[(i64, i64)],
    method: Method,
) -> Result<SaleRecord> {
    refund_with_reference(store, profile, actor, approver, number, items, method, None)
}

/// [`refund`] with the reference of the money sent back (a transfer's
/// transaction code, a card slip).
#[allow(clippy::too_many_arguments)]
pub fn refund_with_reference(
    store: &mut Store,
    profile: &ShopProfile,
    actor: &Actor,
    approver: &Actor,
    number: i64,
    items: &[(i64, i64)],
    method: Method,
    reference: Option<String>,
) -> Result<SaleRecord> {
    if let Some(r) = &reference {
        crate::text::check_clean("payment reference", r)?;
    }
    let shown = format_number(number);
    let orig = store
        .sale_by_number(number)
        .map_err(store_msg)?
        .ok_or_else(|| msg!("không có đơn {shown}", "no sale {shown}"))?;
    let items: Vec<(i64, i64)> = if items.is_empty() {
        orig.lines
            .iter()
            .filter(|l| l.qty_milli - l.returned_milli > 0)
            .map(|l| (l.line_no, l.qty_milli - l.returned_milli))
            .collect()
    } else {
        items.to_vec()
    };
    if items.is_empty() {
        return Err(CounterError::Refused(msg!(
            "đơn {shown} đã được trả hết",
            "sale {shown} has been fully returned"
        )));
    }
    reverse(
        store,
        profile,
        actor,
        approver,
        &orig,
        &items,
        SaleKind::Refund,
        None,
        method,
        reference.filter(|r| !r.trim().is_empty()),
    )
}

/// The money still to hand back if everything left of `sale` is returned
/// (the same shares [`refund`] works out line by line).
pub fn returnable(sale: &SaleRecord) -> Vnd {
    sale.lines
        .iter()
        .filter(|l| l.qty_milli > 0)
        .map(|l| {
            let already = Vnd(div_round(
                i128::from(l.net.0) * i128::from(l.returned_milli),
                i128::from(l.qty_milli),
            ));
            l.net.checked_sub(already).unwrap_or(Vnd::ZERO)
        })
        .fold(Vnd::ZERO, |a, b| a.checked_add(b).unwrap_or(a))
}

#[allow(clippy::too_many_arguments)]
fn reverse(
    store: &mut Store,
    profile: &ShopProfile,
    actor: &Actor,
    approver: &Actor,
    orig: &SaleRecord,
    items: &[(i64, i64)],
    kind: SaleKind,
    mirror_payments: Option<&[crate::sales::PaymentRecord]>,
    method: Method,
    reference: Option<String>,
) -> Result<SaleRecord> {
    if !approver.is_manager() {
        return Err(CounterError::Refused(msg!(
            "cần mã PIN của quản lý",
            "a manager's PIN is needed"
        )));
    }
    let mut lines = Vec::new();
    for &(line_no, qty) in items {
        let Some(l) = orig.lines.iter().find(|l| l.line_no == line_no) else {
            let n = format_number(orig.number);
            return Err(CounterError::Refused(msg!(
                "đơn {n} không có dòng {line_no}",
                "sale {n} has no line {line_no}"
            )));
        };
        crate::checkout::check_qty(qty)?;
        // Money back in proportion; the last part of a line returns exactly
        // what is left of it, so rounding never drifts.
        let left = l.qty_milli - l.returned_milli;
        let share = |v: Vnd| -> Vnd {
            if qty == left && l.returned_milli > 0 {
                let already = Vnd(div_round(
                    i128::from(v.0) * i128::from(l.returned_milli),
                    i128::from(l.qty_milli),
                ));
                v - already
            } else {
                Vnd(div_round(i128::from(v.0) * i128::from(qty), i128::from(l.qty_milli)))
            }
        };
        let priced = PricedLine {
            gross: -share(l.gross),
            line_discount: -share(l.line_discount),
            cart_discount: -share(l.cart_discount),
            net: -share(l.net),
        };
        lines.push(NewLine {
            line: Line {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                unit: l.unit.clone(),
                unit_price: l.unit_price,
                qty_milli: -qty,
                vat: l.vat_rate,
                discount: l.discount,
            },
            priced,
            ref_line_id: Some(l.id),
        });
    }
    let total: Vnd = lines.iter().map(|l| l.priced.net).sum();
    let subtotal: Vnd = lines.iter().map(|l| l.priced.gross).sum();
    let vat = if profile.tax_method == TaxMethod::Deduction {
        VatRate::ALL
            .iter()
            .filter(|r| lines.iter().any(|l| l.line.vat == **r))
            .map(|&rate| {
                let t: Vnd = lines.iter().filter(|l| l.line.vat == rate).map(|l| l.priced.net).sum();
                let pre = match rate.percent() {
                    Some(p) => Vnd(div_round(i128::from(t.0) * 100, i128::from(100 + p))),
                    None => t,
                };
                VatLine {
                    rate,
                    total: t,
                    pre_tax: pre,
                    tax: t - pre,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let payments = match mirror_payments {
        Some(ps) => ps
            .iter()
            .map(|p| NewPayment {
                payment: crate::checkout::tender::Payment {
                    method: p.method,
                    amount: -p.amount,
                    tendered: -p.amount,
                    reference: p.reference.clone(),
                },
                confirmed_by: None,
            })
            .collect(),
        // a refund of a debt sale takes the debt off the account first
        None => crate::debt::refund_payments(store, orig, total, method, reference)?,
    };
    let sale = NewSale {
        uuid: new_uuid(),
        kind,
        ref_sale_id: Some(orig.id),
        user: actor.name.clone(),
        approved_by: Some(approver.name.clone()),
        tax_method: profile.tax_method,
        cart_discount: None,
        subtotal,
        discount: subtotal - total,
        total,
        vat,
        payments,
        change: Vnd::ZERO,
        note: None,
        invoice: invoice_plan(profile, total, None, false, Some(orig.id))?,
        lines,
    };
    let committed = store.commit_sale(&sale).map_err(store_msg)?;
    Ok(store
        .sale_by_number(committed.number)
        .map_err(store_msg)?
        .ok_or_else(|| {
            msg!(
                "không đọc lại được chứng từ vừa ghi",
                "cannot read back the committed document"
            )
        })?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkout::Discount;
    use crate::store::OpenMode;

    fn shop() -> (tempfile::TempDir, Store, ShopProfile) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.quay"), OpenMode::Create).unwrap();
        crate::demo::ensure_demo(&mut store).unwrap();
        let profile = store.profile().unwrap().unwrap();
        (dir, store, profile)
    }

    /// The owner rings up `cart` with a fresh client id.
    fn ring(
        store: &mut Store,
        profile: &ShopProfile,
        cart: &Cart,
        tenders: &[Tender],
    ) -> Result<(Committed, SaleRecord)> {
        commit_cart(store, profile, &Actor::owner(), cart, tenders, &new_uuid(), None)
    }

    fn cash(a: i64) -> Tender {
        Tender {
            method: Method::Cash,
            amount: Vnd(a),
            reference: None,
        }
    }

    #[test]
    fn a_paid_cart_is_stored_with_everything() {
        let (_d, mut store, profile) = shop();
        let mut cart = Cart::default();
        cart.add(&lookup(&store, "8936000001025").unwrap(), 1000).unwrap();
        cart.add(&lookup(&store, "8936000001025").unwrap(), 1000).unwrap();
        cart.add(&lookup(&store, "GAO-ST25").unwrap(), 350).unwrap();
        let (c, rec) = ring(&mut store, &profile, &cart, &[cash(50_000)]).unwrap();
        assert_eq!(c.number, 1);
        assert_eq!(rec.total, Vnd(30_000 + 11_200));
        assert_eq!(rec.change, Vnd(50_000 - 41_200));
        assert_eq!(rec.lines.len(), 2);
        assert_eq!(rec.lines[0].qty_milli, 2000);
        let coffee = store.product_by_sku("CAFE-SUA").unwrap().unwrap();
        assert_eq!(coffee.stock_milli, -2000, "stock moves with the sale");
        assert_eq!(store.print_jobs(true).unwrap().len(), 1, "receipt queued");
        assert_eq!(store.verify_audit().unwrap().first_broken, None);
    }

    #[test]
    fn the_same_uuid_commits_once() {
        let (_d, mut store, profile) = shop();
        let mut cart = Cart::default();
        cart.add(&lookup(&store, "MI-GOI").unwrap(), 1000).unwrap();
        let uuid = new_uuid();
        let (a, _) = commit_cart(
            &mut store,
            &profile,
            &Actor::owner(),
            &cart,
            &[cash(4_500)],
            &uuid,
            None,
        )
        .unwrap();
        let (b, _) = commit_cart(
            &mut store,
            &profile,
            &Actor::owner(),
            &cart,
            &[cash(4_500)],
            &uuid,
            None,
        )
        .unwrap();
        assert_eq!(a.number, b.number);
        assert!(b.already);
        assert_eq!(store.sale_count().unwrap(), 1);
    }

    #[test]
    fn big_discounts_need_a_manager() {
        let (_d, mut store, profile) = shop();
        let pin = users::hash_pin("1111").unwrap();
        store.add_user("Lan", Role::Cashier, &pin, "t").unwrap();
        let cashier = Actor {
            name: "Lan".into(),
            role: Role::Cashier,
        };
        let mut cart = Cart::default();
        cart.add(&lookup(&store, "MAT-ONG").unwrap(), 1000).unwrap();
        cart.discount = Some(Discount::Percent(2000));
        let e = commit_cart(
            &mut store,
            &profile,
            &cashier,
            &cart,
            &[cash(200_000)],
            &new_uuid(),
            None,
        )
        .unwrap_err();
        assert!(e.msg().en.contains("manager"), "{}", e.msg().en);
        cart.discount = Some(Discount::Percent(500));
        assert!(
            commit_cart(
                &mut store,
                &profile,
                &cashier,
                &cart,
                &[cash(200_000)],
                &new_uuid(),
                None
            )
            .is_ok()
        );
    }

    #[test]
    fn wrong_pins_are_counted_and_lock() {
        let (_d, mut store, _) = shop();
        store
            .add_user("Hoa", Role::Manager, &users::hash_pin("2468").unwrap(), "t")
            .unwrap();
        assert!(login(&mut store, "Hoa", "2468").is_ok());
        for i in 1..=5 {
            let e = login(&mut store, "Hoa", "0000").unwrap_err();
            assert!(e.msg().en.contains(&format!("({i}/5)")), "{}", e.msg().en);
        }
        let e = login(&mut store, "Hoa", "2468").unwrap_err();
        assert!(e.msg().en.contains("locked for another"), "{}", e.msg().en);
        store.set_user_active("Hoa", true, "t").unwrap();
        assert!(login(&mut store, "Hoa", "2468").is_ok());
    }

    #[test]
    fn parallel_wrong_pins_check_at_most_the_limit_and_the_lock_holds() {
        let (d, mut store, _) = shop();
        store
            .add_user("Hoa", Role::Manager, &users::hash_pin("2468").unwrap(), "t")
            .unwrap();
        let path = d.path().join("s.quay");
        let threads: Vec<_> = (0..40)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut s = Store::open(&path, crate::store::OpenMode::Existing).unwrap();
                    let e = login(&mut s, "Hoa", "0000").unwrap_err();
                    e.msg().en.starts_with("wrong PIN")
                })
            })
            .collect();
        let checked = threads
            .into_iter()
            .map(|t| t.join().unwrap())
            .filter(|wrong_pin_checked| *wrong_pin_checked)
            .count() as i64;
        assert_eq!(checked, MAX_FAILED_PINS, "PINs checked");
        let audited = store
            .audit_tail(1000)
            .unwrap()
            .iter()
            .filter(|r| r.action == "user.pin_failed")
            .count() as i64;
        assert_eq!(audited, MAX_FAILED_PINS);
        // the right PIN is refused while the lock lasts
        let e = login(&mut store, "Hoa", "2468").unwrap_err();
        assert!(e.msg().en.contains("locked"), "{}", e.msg().en);
    }

    #[test]
    fn refunds_never_return_more_than_was_sold() {
        let (_d, mut store, profile) = shop();
        let mut cart = Cart::default();
        cart.add(&lookup(&store, "MUT-BUOI").unwrap(), 3000).unwrap();
        let (c, _) = ring(&mut store, &profile, &cart, &[cash(180_000)]).unwrap();
        let boss = Actor::owner();
        let r = refund(&mut store, &profile, &boss, &boss, c.number, &[(1, 2000)], Method::Cash).unwrap();
        assert_eq!(r.total, Vnd(-120_000));
        assert_eq!(r.ref_number, Some(c.number));
        let e = refund(&mut store, &profile, &boss, &boss, c.number, &[(1, 2000)], Method::Cash).unwrap_err();
        assert!(e.msg().en.contains("only 1 can still be returned"), "{}", e.msg().en);
        let r = refund(&mut store, &profile, &boss, &boss, c.number, &[], Method::Cash).unwrap();
        assert_eq!(r.total, Vnd(-60_000));
        assert!(refund(&mut store, &profile, &boss, &boss, c.number, &[], Method::Cash).is_err());
        let orig = store.sale_by_number(c.number).unwrap().unwrap();
        assert_eq!(orig.total, Vnd(180_000), "the original is never changed");
        assert_eq!(orig.reversed_by.len(), 2);
    }

    #[test]
    fn a_refund_reference_with_a_control_character_is_refused_and_nothing_written() {
        let (_d, mut store, profile) = shop();
        let mut cart = Cart::default();
        cart.add(&lookup(&store, "MUT-BUOI").unwrap(), 1000).unwrap();
        let (c, _) = ring(&mut store, &profile, &cart, &[cash(60_000)]).unwrap();
        let boss = Actor::owner();
        let bad = Some("FT12\u{1b}[2J".to_string());
        let e = refund_with_reference(&mut store, &profile, &boss, &boss, c.number, &[], Method::Transfer, bad)
            .unwrap_err();
        assert!(e.msg().en.contains("payment reference"), "{}", e.msg().en);
        assert!(store.sale_by_number(c.number + 1).unwrap().is_none(), "nothing written");
        let ok = Some("FT12345".to_string());
        let r = refund_with_reference(&mut store, &profile, &boss, &boss, c.number, &[], Method::Transfer, ok).unwrap();
        assert_eq!(r.payments[0].reference.as_deref(), Some("FT12345"));
    }

    #[test]
    fn void_reverses_the_last_sale_once() {
        let (_d, mut store, profile) = shop();
        let mut cart = Cart::default();
        cart.add(&lookup(&store, "NUOC-SUOI").unwrap(), 2000).unwrap();
        let qr = Tender {
            method: Method::Transfer,
            amount: Vnd(10_000),
            reference: None,
        };
        ring(&mut store, &profile, &cart, &[qr]).unwrap();
        let boss = Actor::owner();
        let v = void_last(&mut store, &profile, &boss, &boss).unwrap();
        assert_eq!(v.kind, SaleKind::Void);
        assert_eq!(v.total, Vnd(-10_000));
        assert_eq!(v.payments[0].method.code(), "transfer");
        assert!(
            void_last(&mut store, &profile, &boss, &boss).is_err(),
            "the void is the last document now"
        );
    }
}
