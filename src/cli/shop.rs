//! `quay init`: create the shop file or change the profile; `--show` prints it.

use super::args::InitArgs;
use super::{CmdResult, Ctx, Failure};
use crate::shop::{self, ProfileInput, ShopProfile};
use crate::store::{OpenMode, Store};

pub fn init(ctx: &Ctx, a: &InitArgs) -> CmdResult {
    if a.show {
        let store = ctx.open()?;
        let profile = store.profile()?.ok_or_else(|| Failure {
            code: 3,
            msg: crate::msg!("chưa có hồ sơ cửa hàng", "no shop profile yet"),
        })?;
        if a.json {
            println!("{}", serde_json::to_string_pretty(&profile).unwrap_or_default());
        } else {
            print_profile(ctx, &profile, &store);
        }
        return Ok(());
    }
    let input = ProfileInput {
        name: a.name.clone(),
        address: a.address.clone(),
        ward: a.ward.clone(),
        phone: a.phone.clone(),
        tax_code: a.tax_code.clone(),
        tax_method: a.tax_method.clone(),
        bank: a.bank.clone(),
        account: a.account.clone(),
        from_qr: a.from_qr.clone(),
        printer: a.printer.clone(),
        paper: a.paper.clone(),
        print_mode: a.print_mode.clone(),
        qr_mode: a.qr_mode.clone(),
        drawer_pin: a.drawer_pin.clone(),
        drawer_pulse_ms: a.drawer_pulse.clone(),
        open_drawer: a.open_drawer.clone(),
        receipt_footer: a.receipt_footer.clone(),
        invoice_form: a.invoice_form.clone(),
        invoice_series: a.invoice_series.clone(),
        invoice_block: a.invoice_block.clone(),
        location_code: a.location_code.clone(),
        invoice_threshold: a.invoice_threshold.clone(),
        invoice_dvtte: a.invoice_dvtte.clone(),
        invoice_httoan: a.invoice_httoan.clone(),
        provider_mst: a.provider_mst.clone(),
        tvan_mst: a.tvan_mst.clone(),
        location_name: a.location_name.clone(),
    };
    // Validate before creating anything: a refused first run leaves no file.
    let rounding = a
        .cash_rounding
        .as_deref()
        .map(crate::checkout::rounding::parse_step)
        .transpose()
        .map_err(|m| Failure::refused(m.msg().prefixed("--cash-rounding: ", "--cash-rounding: ")))?;
    let existing = if ctx.db.exists() {
        Some(Store::open(&ctx.db, OpenMode::Existing)?)
    } else {
        None
    };
    let current = match &existing {
        Some(s) => s.profile()?,
        None => None,
    };
    let (profile, warnings) = shop::apply(current.as_ref(), &input, crate::demo::new_shop_id)
        .map_err(|e| Failure::refused(e.msg.prefixed(&format!("--{}: ", e.field), &format!("--{}: ", e.field))))?;
    for w in &warnings {
        eprintln!("{}: {}", ctx.t("cảnh báo", "warning"), w.get(ctx.lang));
    }
    // the certificate is checked (opened with its password) before anything is saved
    let cert = match &a.signing_cert {
        Some(_) if profile.invoice.is_none() => {
            return Err(Failure::refused(crate::msg!(
                "--signing-cert: chưa bật hóa đơn điện tử (--invoice-form)",
                "--signing-cert: e-invoices are not set up (--invoice-form)"
            )));
        }
        Some(f) => Some(super::invoice::open_signing_cert(ctx, f)?),
        None => None,
    };
    let mut store = match existing {
        Some(s) => s,
        None => Store::open(&ctx.db, OpenMode::Create)?,
    };
    // Changing an existing profile (bank account, own QR, tax code, invoice
    // and printer settings) needs a manager once the shop has users.
    let actor = if current.is_some() {
        super::counter::manager_auth(&mut store, &a.auth)?
    } else {
        ctx.actor()
    };
    store.save_profile(&profile, &actor)?;
    if let Some(step) = rounding {
        store.set_cash_rounding(step, &actor)?;
    }
    // the shop's ward-bundle signing key (kept if it exists)
    crate::report::bundle::signing_key(&store)?;
    if let Some((bytes, signer)) = cert {
        store.set_signing_cert(&bytes, &signer.subject, &signer.fingerprint(), &actor)?;
        let subject = &signer.subject;
        println!(
            "{}",
            crate::msg!(
                "Đã lưu chứng thư số ký thông điệp: {subject}",
                "Saved the signing certificate: {subject}"
            )
            .get(ctx.lang)
        );
    }
    if let Some(own) = a.from_qr.as_deref().filter(|q| !q.trim().is_empty())
        && let Ok(d) = crate::vietqr::decode(own)
    {
        println!(
            "{}",
            ctx.t(
                "Đã lưu mã QR của cửa hàng; mã theo từng đơn sẽ được tạo từ mã này:",
                "Saved the shop's own QR; per-sale codes will be made from it:"
            )
        );
        super::vietqr::print_decoded(ctx, &d);
    }
    let path = ctx.db.display();
    let created = current.is_none();
    println!(
        "{}",
        match (created, ctx.lang) {
            (true, crate::Lang::Vi) => format!("Đã tạo cửa hàng «{}» trong {path}", profile.name),
            (true, crate::Lang::En) => format!("Created shop «{}» in {path}", profile.name),
            (false, crate::Lang::Vi) => format!("Đã cập nhật hồ sơ cửa hàng «{}» ({path})", profile.name),
            (false, crate::Lang::En) => format!("Updated the profile of «{}» ({path})", profile.name),
        }
    );
    Ok(())
}

fn print_profile(ctx: &Ctx, p: &ShopProfile, store: &Store) {
    let none = ctx.t("(chưa có)", "(none)");
    let rows = [
        (ctx.t("Tên cửa hàng", "Shop name"), p.name.clone()),
        (ctx.t("Địa chỉ", "Address"), p.address.clone()),
        (ctx.t("Phường/xã", "Ward"), p.ward.clone()),
        (
            ctx.t("Điện thoại", "Phone"),
            p.phone.clone().unwrap_or_else(|| none.into()),
        ),
        (
            ctx.t("Mã số thuế", "Tax code"),
            p.tax_code.clone().unwrap_or_else(|| none.into()),
        ),
        (
            ctx.t("Phương pháp thuế", "Tax method"),
            p.tax_method.label(ctx.lang).into(),
        ),
        (ctx.t("Ngân hàng", "Bank"), p.bank_label()),
        (ctx.t("Số tài khoản", "Account"), p.bank_account.clone()),
        (ctx.t("Mã cửa hàng", "Shop id"), p.shop_id.clone()),
        (ctx.t("Tệp dữ liệu", "Shop file"), store.path().display().to_string()),
    ];
    if p.is_demo {
        println!("{}", ctx.t("*** CỬA HÀNG MẪU (DEMO) ***", "*** DEMO SHOP ***"));
    }
    let width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    for (k, v) in rows {
        let pad = width - k.chars().count();
        // Text from the file may predate input checks: never let it drive the terminal.
        println!("{k}{}  {}", " ".repeat(pad), crate::text::terminal_safe(&v));
    }
    // issue 18: cash rounding of the amount due (0 = off)
    if let Ok(step) = store.cash_rounding()
        && step > 0
    {
        println!(
            "{}: {}",
            ctx.t("Làm tròn tiền mặt", "Cash rounding"),
            crate::money::Vnd(step)
        );
    }
}
