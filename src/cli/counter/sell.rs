//! `quay sell`, `sales`, `refund`, `void`.

use super::receipt::json_keeps_receipt;
use super::*;

/// `cash[:AMOUNT]`, `qr[@AMOUNT]`, `card[:REF][@AMOUNT]`, `wallet:NAME[:REF][@AMOUNT]`.
fn parse_pay(s: &str) -> Result<(Method, Option<Vnd>, Option<String>), Failure> {
    let bad = || {
        Failure::usage(msg!(
            "--pay '{s}': cần cash[:SỐ TIỀN], qr[@SỐ TIỀN], card[:MÃ][@SỐ TIỀN] hoặc wallet:TÊN[:MÃ][@SỐ TIỀN] (TÊN: momo, zalopay, vnpay, shopeepay, other), debt[:SỐ TIỀN]",
            "--pay '{s}': expected cash[:AMOUNT], qr[@AMOUNT], card[:REF][@AMOUNT] or wallet:NAME[:REF][@AMOUNT] (NAME: momo, zalopay, vnpay, shopeepay, other), debt[:AMOUNT]"
        ))
    };
    let (body, at) = match s.rsplit_once('@') {
        Some((b, a)) => (b, Some(amount(a, "--pay")?)),
        None => (s, None),
    };
    let mut parts = body.splitn(3, ':');
    let kind = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    match kind.as_str() {
        "cash" | "tm" => {
            let a = parts.next().map(|a| amount(a, "--pay cash")).transpose()?;
            Ok((Method::Cash, a.or(at), None))
        }
        "qr" | "transfer" | "ck" => Ok((Method::Transfer, at, None)),
        // debt[:AMOUNT]: on the --customer's account
        "debt" | "no" | "ghino" => {
            let a = parts.next().map(|a| amount(a, "--pay debt")).transpose()?;
            Ok((Method::Debt, a.or(at), None))
        }
        "card" | "the" => Ok((Method::Card, at, parts.next().map(str::to_string))),
        "wallet" | "vi" => {
            let w = parts.next().and_then(Wallet::parse).ok_or_else(bad)?;
            Ok((Method::Wallet(w), at, parts.next().map(str::to_string)))
        }
        _ => Err(bad()),
    }
}

pub fn sell(ctx: &Ctx, a: &SellArgs) -> CmdResult {
    let uuid = match &a.id {
        Some(id) => uuid::Uuid::parse_str(id.trim()).map(|u| u.to_string()).map_err(|_| {
            Failure::usage(msg!(
                "--id '{id}': cần một UUID như 3f2b8c1e-5d4a-4e2f-9b1c-7a6d5e4f3a2b",
                "--id '{id}': expected a UUID such as 3f2b8c1e-5d4a-4e2f-9b1c-7a6d5e4f3a2b"
            ))
        })?,
        None => counter::new_uuid(),
    };
    let mut store = ctx.open()?;
    let profile = store
        .profile()?
        .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
    let actor = who(&mut store, &a.who)?;
    let mut cart = Cart::default();
    for item in &a.items {
        let (qty, code) = split_qty_prefix(item).map_err(|m| {
            Failure::refused(
                m.msg()
                    .prefixed(&format!("--item '{item}': "), &format!("--item '{item}': ")),
            )
        })?;
        let p = match super::super::debt::unknown_item(&mut store, a, code, &actor)? {
            Some(p) => Ok(p),
            None => counter::lookup(&store, code),
        };
        let p = p.map_err(|e| {
            let f = Failure::from(e);
            Failure {
                code: f.code,
                msg: f
                    .msg
                    .prefixed(&format!("--item '{item}': "), &format!("--item '{item}': ")),
            }
        })?;
        cart.add(&p, qty.unwrap_or(1000)).map_err(Failure::from)?;
    }
    let overrides = super::super::debt::price_overrides(&store, a, &mut cart, &actor)?;
    if let Some(d) = &a.discount {
        cart.discount =
            Some(Discount::parse(d).map_err(|m| Failure::refused(m.msg().prefixed("--discount: ", "--discount: ")))?);
    }
    let totals = crate::checkout::price(&cart, profile.tax_method).map_err(Failure::from)?;
    let pays: Vec<(Method, Option<Vnd>, Option<String>)> =
        a.pays.iter().map(|p| parse_pay(p)).collect::<Result<_, _>>()?;
    if pays.iter().filter(|p| p.1.is_none()).count() > 1 {
        return Err(Failure::usage(msg!(
            "chỉ một --pay được để trống số tiền (nhận phần còn lại)",
            "only one --pay may leave out its amount (it takes what is left)"
        )));
    }
    let explicit = Vnd::checked_sum(pays.iter().filter_map(|p| p.1)).ok_or_else(|| {
        Failure::refused(msg!(
            "--pay: tổng số tiền quá lớn",
            "--pay: the amounts add up to too much"
        ))
    })?;
    let due = super::super::debt::cash_due(&store, &pays, totals.total)?;
    let rest = due.checked_sub(explicit).unwrap_or(Vnd::ZERO);
    let mut tenders: Vec<Tender> = pays
        .into_iter()
        .map(|(method, amt, reference)| Tender {
            method,
            amount: amt.unwrap_or(rest),
            reference,
        })
        .collect();
    if !a.confirm_large
        && let Some(t) = tenders
            .iter()
            .find(|t| t.method.is_cash() && Vnd::needs_confirmation(t.amount, totals.total))
    {
        let (v, due) = (t.amount, totals.total);
        return Err(Failure::refused(msg!(
            "--pay: khách đưa {v} cho đơn {due}? Số tiền rất lớn, có thể gõ nhầm; nếu đúng, thêm --confirm-large",
            "--pay: {v} tendered for a {due} sale? That is far above it, likely a typo; if it is right, add --confirm-large"
        )));
    }
    let approver = match (&a.who.manager, &a.who.manager_pin) {
        (Some(n), Some(p)) => Some(counter::approve(&mut store, n, p)?),
        _ => None,
    };
    let b = &a.buyer;
    let buyer = crate::einvoice::Buyer {
        name: b.buyer_name.clone(),
        address: b.buyer_address.clone(),
        tax_code: b.buyer_tax_code.clone(),
        id_number: b.buyer_id.clone(),
        phone: b.buyer_phone.clone(),
    };
    let mut buyer = (!buyer.is_empty()).then_some(buyer);
    super::super::debt::sell_customer(&store, a, &mut tenders, &actor, approver.as_ref(), &mut buyer)?;
    let (committed, rec) = counter::commit_cart_with(
        &mut store,
        &profile,
        &actor,
        &cart,
        &tenders,
        &uuid,
        approver.as_ref(),
        buyer,
        a.invoice,
    )?;
    super::super::debt::record_overrides(&mut store, &overrides, &rec, &actor)?;
    print_sale(ctx, &rec, a.who.json, &store)?;
    if let Some(m) = crate::stock::below_zero_after_sale(&store, rec.id)? {
        eprintln!("{}: {}", ctx.t("cảnh báo", "warning"), m.get(ctx.lang));
    }
    let late = store.unbatched_before(&ctx.clock.today().to_string())?;
    if late > 0 {
        eprintln!(
            "{}: {}",
            ctx.t("cảnh báo", "warning"),
            msg!(
                "{late} hóa đơn của những ngày trước chưa gửi: quay invoice batch",
                "{late} invoices of earlier days are not sent yet: quay invoice batch"
            )
            .get(ctx.lang)
        );
    }
    if profile.tax_method == crate::shop::TaxMethod::Direct {
        super::super::tax::notice_once(ctx, &mut store);
    }
    // Print after the commit; a printer problem never undoes the sale.
    let shop_printer = profile.printer.clone();
    // A retried command (same --id) does not print the receipt again.
    if !a.no_print
        && !committed.already
        && shop_printer.uri.is_some()
        && !json_keeps_receipt(ctx, &store, a.who.json, rec.number)?
    {
        let drawer = crate::printing::opens_drawer(&rec, &shop_printer);
        if let Err(e) = crate::printing::print_sale(
            &mut store,
            rec.number,
            &Default::default(),
            &actor.name,
            ctx.lang,
            drawer,
        ) {
            eprintln!(
                "{}: {} ({})",
                ctx.t("cảnh báo", "warning"),
                e.msg().get(ctx.lang),
                ctx.t(
                    "đơn đã ghi; phiếu chờ in lại: quay receipt print",
                    "the sale is saved; the receipt waits: quay receipt print"
                )
            );
        }
    }
    Ok(())
}

fn print_sale(ctx: &Ctx, rec: &SaleRecord, json: bool, store: &Store) -> CmdResult {
    if json {
        println!("{}", serde_json::to_string(rec).unwrap_or_default());
        return Ok(());
    }
    let profile = store
        .profile()?
        .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
    for line in crate::receipt::layout(rec, &profile, crate::receipt::WIDTH_80MM, ctx.lang) {
        println!("{}", crate::text::terminal_safe(&line));
    }
    Ok(())
}

pub fn sales(ctx: &Ctx, c: SalesCommand) -> CmdResult {
    let store = ctx.open()?;
    match c {
        SalesCommand::List {
            from,
            to,
            limit,
            json,
            format,
            out,
        } => {
            let format = super::super::sheets::format(json, format, out.as_deref())?;
            let (from, to) = super::super::date_range(from, to, ctx.clock.today());
            let rows = store.list_sales(&from, &to, limit)?;
            match format {
                SheetFormat::Json => {
                    println!("{}", serde_json::json!({ "from": from, "to": to, "sales": rows }));
                    return Ok(());
                }
                SheetFormat::Csv | SheetFormat::Xlsx => {
                    return super::super::sheets::emit(
                        ctx,
                        format,
                        out.as_deref(),
                        &super::super::sheets::sales(ctx, &rows),
                    );
                }
                SheetFormat::Table => {}
            }
            if rows.is_empty() {
                println!(
                    "{}",
                    ctx.lang.pick(
                        &format!("Không có đơn nào từ {from} đến {to}."),
                        &format!("No sales from {from} to {to}.")
                    )
                );
                return Ok(());
            }
            for r in rows {
                // methods in the reader's language ("Tiền mặt", not `cash`)
                let methods: Vec<String> = r.methods.iter().map(|m| m.label(ctx.lang)).collect();
                println!(
                    "{}  {}  {:<9} {:>16}  {:>2} {}  {}  {}",
                    format_number(r.number),
                    crate::time::short_stamp(&r.ts),
                    r.kind.label(ctx.lang),
                    r.total.to_string(),
                    r.lines,
                    ctx.t("dòng", "lines"),
                    methods.join(" + "),
                    crate::text::terminal_safe(&r.user)
                );
            }
            Ok(())
        }
        SalesCommand::Show { number, json } => {
            let rec = store.sale_by_number(number)?.ok_or_else(|| {
                let n = format_number(number);
                Failure::refused(msg!("không có đơn {n}", "no sale {n}"))
            })?;
            print_sale(ctx, &rec, json, &store)
        }
    }
}

pub fn refund(ctx: &Ctx, a: &RefundArgs) -> CmdResult {
    let mut store = ctx.open()?;
    let profile = store
        .profile()?
        .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
    let actor = who(&mut store, &a.who)?;
    let approver = manager(&mut store, &actor, &a.who)?;
    let method = match a.method {
        Some(m) => m,
        // back the way it was paid (the largest payment's method)
        None => store
            .sale_by_number(a.number)?
            .map(|s| s.refund_method())
            .unwrap_or(Method::Cash),
    };
    let mut items = Vec::new();
    for l in &a.lines {
        let (no, qty) = match l.split_once(':') {
            Some((n, q)) => (n, Some(q)),
            None => (l.as_str(), None),
        };
        let no: i64 = no.trim().parse().map_err(|_| {
            Failure::usage(msg!(
                "--line '{l}': cần SỐ DÒNG[:SỐ LƯỢNG]",
                "--line '{l}': expected LINE[:QTY]"
            ))
        })?;
        let rec = store.sale_by_number(a.number)?;
        let qty = match qty {
            Some(q) => crate::checkout::parse_qty(q).map_err(Failure::from)?,
            None => rec
                .and_then(|r| {
                    r.lines
                        .into_iter()
                        .find(|x| x.line_no == no)
                        .map(|x| x.qty_milli - x.returned_milli)
                })
                .unwrap_or(0),
        };
        items.push((no, qty));
    }
    let rec = counter::refund_with_reference(
        &mut store,
        &profile,
        &actor,
        &approver,
        a.number,
        &items,
        method,
        a.reference.clone(),
    )?;
    print_sale(ctx, &rec, a.who.json, &store)?;
    print_slip(ctx, &mut store, &profile, &rec, &actor, a.who.json);
    Ok(())
}

/// Print a void or refund slip on the shop's printer (drawer for cash); a
/// printer problem is a warning, the document is saved.
fn print_slip(
    ctx: &Ctx,
    store: &mut Store,
    profile: &crate::shop::ShopProfile,
    rec: &SaleRecord,
    actor: &Actor,
    json: bool,
) {
    if profile.printer.uri.is_none() || json_keeps_receipt(ctx, store, json, rec.number).unwrap_or(true) {
        return;
    }
    let drawer = crate::printing::opens_drawer(rec, &profile.printer);
    if let Err(e) = crate::printing::print_sale(store, rec.number, &Default::default(), &actor.name, ctx.lang, drawer) {
        eprintln!(
            "{}: {} ({})",
            ctx.t("cảnh báo", "warning"),
            e.msg().get(ctx.lang),
            ctx.t(
                "chứng từ đã ghi; phiếu chờ in lại: quay receipt print",
                "the document is saved; the slip waits: quay receipt print"
            )
        );
    }
}

pub fn void(ctx: &Ctx, w: &WhoArgs) -> CmdResult {
    let mut store = ctx.open()?;
    let profile = store
        .profile()?
        .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ", "no profile")))?;
    let actor = who(&mut store, w)?;
    let approver = manager(&mut store, &actor, w)?;
    let rec = counter::void_last(&mut store, &profile, &actor, &approver)?;
    print_sale(ctx, &rec, w.json, &store)?;
    print_slip(ctx, &mut store, &profile, &rec, &actor, w.json);
    Ok(())
}
