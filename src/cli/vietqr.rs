//! `quay vietqr decode|encode`.

use std::io::IsTerminal;

use super::args::{EncodeArgs, VietqrCommand};
use super::{CmdResult, Ctx, Failure, write_file};
use crate::money::Vnd;
use crate::msg;
use crate::vietqr::{self, Decoded, Initiation, Service, Transfer, banks, render};

pub fn run(ctx: &Ctx, cmd: VietqrCommand) -> CmdResult {
    match cmd {
        VietqrCommand::Decode { payload, json } => decode(ctx, &payload, json),
        VietqrCommand::Encode(a) => encode(ctx, &a),
    }
}

fn decode(ctx: &Ctx, payload: &str, json: bool) -> CmdResult {
    let d = match vietqr::decode(payload) {
        Ok(d) => d,
        Err(e) => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "valid": false, "error": e.msg().get(ctx.lang) })
                );
            }
            return Err(Failure::refused(
                e.msg().prefixed("mã QR không hợp lệ: ", "invalid QR payload: "),
            ));
        }
    };
    for w in &d.warnings {
        eprintln!("{}: {}", ctx.t("cảnh báo", "warning"), w.get(ctx.lang));
    }
    if json {
        println!("{}", decoded_json(ctx, &d));
    } else {
        print_decoded(ctx, &d);
    }
    Ok(())
}

fn decoded_json(ctx: &Ctx, d: &Decoded) -> serde_json::Value {
    let bank = d.bin.as_ref().map(|bin| {
        let b = banks::by_bin(bin);
        serde_json::json!({
            "bin": bin,
            "code": b.and_then(|b| b.code.clone()),
            "short_name": b.and_then(|b| b.short_name.clone()),
            "name": b.map(|b| b.name.clone()),
        })
    });
    serde_json::json!({
        "valid": true,
        "crc_ok": true,
        "kind": d.kind,
        "initiation": d.initiation,
        "bank": bank,
        "account": d.account,
        "service": d.service,
        "amount": d.amount,
        "currency": d.currency,
        "country": d.country,
        "merchant_name": d.merchant_name,
        "merchant_city": d.merchant_city,
        "purpose": d.purpose,
        "bill_number": d.bill_number,
        "reference": d.reference,
        "additional": d.additional,
        "other_fields": d.other_fields(),
        "fields": d.fields,
        "crc": d.crc,
        "warnings": d.warnings.iter().map(|w| w.get(ctx.lang).to_string()).collect::<Vec<_>>(),
    })
}

pub(super) fn print_decoded(ctx: &Ctx, d: &Decoded) {
    let row = |k: &str, v: String| println!("{k:<16} {v}");
    row(ctx.t("Loại", "Kind"), d.kind.label(ctx.lang).to_string());
    if let Some(i) = d.initiation {
        row(
            ctx.t("Phương thức", "Initiation"),
            match i {
                Initiation::Static => ctx.t("11 mã tĩnh (dùng nhiều lần)", "11 static (reusable)"),
                Initiation::Dynamic => ctx.t("12 mã động (một lần)", "12 dynamic (one payment)"),
            }
            .to_string(),
        );
    }
    if let Some(bin) = &d.bin {
        let name = match banks::by_bin(bin) {
            Some(b) => format!(
                "{bin} {} — {}",
                b.short_name.as_deref().or(b.code.as_deref()).unwrap_or(""),
                b.name
            ),
            None => format!("{bin} ({})", ctx.t("không có trong danh bạ", "not in the directory")),
        };
        row(ctx.t("Ngân hàng", "Bank"), name);
    }
    if let Some(a) = &d.account {
        row(ctx.t("Tài khoản/thẻ", "Account/card"), a.clone());
    }
    if let Some(s) = d.service {
        row(ctx.t("Dịch vụ", "Service"), s.code().to_string());
    }
    row(
        ctx.t("Số tiền", "Amount"),
        d.amount
            .map(|a| Vnd(a).to_string())
            .unwrap_or_else(|| ctx.t("(người trả tự nhập)", "(payer enters it)").into()),
    );
    for (k, v) in [
        (ctx.t("Nội dung", "Purpose"), &d.purpose),
        (ctx.t("Số hóa đơn", "Bill number"), &d.bill_number),
        (ctx.t("Tham chiếu", "Reference"), &d.reference),
        (ctx.t("Tên đơn vị", "Merchant"), &d.merchant_name),
        (ctx.t("Thành phố", "City"), &d.merchant_city),
    ] {
        if let Some(v) = v {
            row(k, v.clone());
        }
    }
    for f in d
        .additional
        .iter()
        .filter(|f| !["01", "05", "08"].contains(&f.id.as_str()))
    {
        row(&format!("62/{}", f.id), f.value.clone());
    }
    for f in d.other_fields() {
        row(&format!("{} {}", ctx.t("Trường", "Field"), f.id), f.value.clone());
    }
    row("CRC", format!("{} ✓", d.crc));
}

fn encode(ctx: &Ctx, a: &EncodeArgs) -> CmdResult {
    let amount = match &a.amount {
        Some(s) => Some(
            Vnd::parse(s)
                .map_err(|e| Failure::refused(msg!("--amount '{s}': {e}", "--amount '{s}': {e}")))?
                .0,
        ),
        None => None,
    };
    let initiation = if a.is_static {
        Initiation::Static
    } else {
        Initiation::Dynamic
    };
    let refuse = |e: vietqr::QrError| Failure::refused(e.msg());
    let payload = match (&a.bank, &a.account) {
        (Some(bank), Some(account)) => {
            let bin = match banks::find(bank) {
                Some(b) => b.bin.clone(),
                None if bank.len() == 6 && bank.bytes().all(|b| b.is_ascii_digit()) => {
                    eprintln!(
                        "{}: {}",
                        ctx.t("cảnh báo", "warning"),
                        msg!(
                            "BIN {bank} không có trong danh bạ NAPAS đi kèm",
                            "BIN {bank} is not in the bundled NAPAS directory"
                        )
                        .get(ctx.lang)
                    );
                    bank.clone()
                }
                None => {
                    return Err(Failure::refused(msg!(
                        "--bank '{bank}': không biết ngân hàng này; cần mã (VCB…), tên ngắn hoặc BIN 6 chữ số",
                        "--bank '{bank}': unknown bank; expected a code (VCB…), a short name or a 6-digit BIN"
                    )));
                }
            };
            vietqr::encode(&Transfer {
                bin,
                account: account.trim().to_string(),
                service: if a.card { Service::Card } else { Service::Account },
                initiation,
                amount,
                purpose: a.purpose.clone(),
            })
            .map_err(refuse)?
        }
        _ => {
            let store = ctx.open()?;
            let profile = store
                .profile()?
                .ok_or_else(|| Failure::refused(msg!("chưa có hồ sơ cửa hàng", "no shop profile yet")))?;
            match (&profile.own_qr, initiation, amount) {
                (Some(own), Initiation::Dynamic, Some(amount)) => {
                    vietqr::personalize(own, amount, a.purpose.as_deref().unwrap_or("")).map_err(refuse)?
                }
                (Some(own), Initiation::Static, None) if a.purpose.is_none() => own.clone(),
                _ => vietqr::encode(&Transfer {
                    bin: profile.bank_bin.clone(),
                    account: profile.bank_account.clone(),
                    service: Service::Account,
                    initiation,
                    amount,
                    purpose: a.purpose.clone(),
                })
                .map_err(refuse)?,
            }
        }
    };
    let matrix = render::matrix(&payload)?;
    if let Some(path) = &a.png {
        let bytes = render::png(&matrix, 8)?;
        write_file(path, &bytes)?;
    }
    if let Some(path) = &a.svg {
        write_file(path, render::svg(&matrix, 8).as_bytes())?;
    }
    if a.json {
        println!("{}", serde_json::json!({ "payload": payload, "modules": matrix.width }));
    } else {
        println!("{payload}");
        if std::io::stdout().is_terminal() {
            for line in render::half_blocks(&matrix, 2) {
                println!("{line}");
            }
        }
    }
    Ok(())
}
