//! `quay invoice list|show|export|batch|send|status`.

use std::path::Path;

use super::args::{InvoiceCommand, SheetFormat};
use super::{CmdResult, Ctx, Failure};
use crate::einvoice::batch;
use crate::einvoice::sign;
use crate::invoicing;
use crate::msg;
use crate::sales::{InvoiceRecord, format_number};
use crate::store::Store;

fn yesterday(ctx: &Ctx) -> String {
    (ctx.clock.today() - chrono::Duration::days(1)).to_string()
}

fn one(store: &Store, number: i64, symbol: Option<&str>) -> Result<InvoiceRecord, Failure> {
    let mut found = store.invoice(number, symbol)?;
    match found.len() {
        0 => Err(Failure::refused(msg!(
            "không có hóa đơn số {number}",
            "no invoice number {number}"
        ))),
        1 => Ok(found.remove(0)),
        _ => {
            let list: Vec<String> = found.iter().map(|i| i.full_symbol()).collect();
            let l = list.join(", ");
            Err(Failure::usage(msg!(
                "có nhiều hóa đơn số {number} ({l}): thêm --symbol",
                "several invoices have number {number} ({l}): add --symbol"
            )))
        }
    }
}

pub fn run(ctx: &Ctx, c: InvoiceCommand) -> CmdResult {
    match c {
        InvoiceCommand::List {
            from,
            to,
            json,
            format,
            out,
        } => {
            let format = super::sheets::format(json, format, out.as_deref())?;
            let store = ctx.open()?;
            let (from, to) = super::date_range(from, to, ctx.clock.today());
            let list = store.invoices_between(&from, &to)?;
            match format {
                SheetFormat::Json => {
                    println!("{}", serde_json::json!({ "from": from, "to": to, "invoices": list }));
                    return Ok(());
                }
                SheetFormat::Csv | SheetFormat::Xlsx => {
                    return super::sheets::emit(ctx, format, out.as_deref(), &super::sheets::invoices(ctx, &list));
                }
                SheetFormat::Table => {}
            }
            if list.is_empty() {
                println!(
                    "{}",
                    msg!(
                        "Không có hóa đơn nào từ {from} đến {to}.",
                        "No invoices from {from} to {to}."
                    )
                    .get(ctx.lang)
                );
            }
            for i in list {
                println!(
                    "{} {:>8}  {}  {}  {:>14}  {}  {}",
                    i.full_symbol(),
                    i.number,
                    i.issued_on,
                    i.mccqt,
                    i.total.to_string(),
                    ctx.t("đơn", "sale"),
                    format_number(i.sale_number)
                );
                println!("{:>18} {}", "", i.status.code());
            }
            Ok(())
        }
        InvoiceCommand::Show {
            number,
            symbol,
            xml,
            json,
        } => {
            let store = ctx.open()?;
            let inv = one(&store, number, symbol.as_deref())?;
            if xml {
                let bytes = store.invoice_xml(inv.id)?;
                use std::io::Write;
                std::io::stdout()
                    .write_all(&bytes)
                    .map_err(|e| Failure::refused(msg!("lỗi ghi: {e}", "write error: {e}")))?;
                println!();
                return Ok(());
            }
            if json {
                println!("{}", serde_json::to_string(&inv).unwrap_or_default());
                return Ok(());
            }
            let rows = [
                (ctx.t("Mẫu số - Ký hiệu", "Form - symbol"), inv.full_symbol()),
                (ctx.t("Số", "Number"), inv.number.to_string()),
                (ctx.t("Ngày lập", "Date"), inv.issued_on.to_string()),
                (ctx.t("Mã CQT", "Cash-register code"), inv.mccqt.clone()),
                (ctx.t("Tổng tiền", "Total"), inv.total.to_string()),
                (ctx.t("Bằng chữ", "In words"), inv.total.in_words()),
                (ctx.t("Đơn bán", "Sale"), format_number(inv.sale_number)),
                (ctx.t("Loại", "Kind"), inv.kind.code().to_string()),
                (ctx.t("Liên quan", "Related"), inv.related.clone().unwrap_or_default()),
                (
                    ctx.t("Trạng thái", "Status"),
                    format!("{} {}", inv.status.code(), inv.reason.clone().unwrap_or_default()),
                ),
                ("SHA-256", inv.sha256.clone()),
                ("DLQRCode", inv.lookup_qr.clone()),
            ];
            for (k, v) in rows {
                println!("{k:<20} {v}");
            }
            Ok(())
        }
        InvoiceCommand::Export { from, to, out } => {
            let store = ctx.open()?;
            let (from, to) = (from.to_string(), to.to_string());
            let n = export(&store, &from, &to, &out, |d, t| super::progress(ctx, d, t))?;
            let o = out.display();
            println!(
                "{}",
                msg!("Đã xuất {n} hóa đơn vào {o}", "Exported {n} invoices to {o}").get(ctx.lang)
            );
            Ok(())
        }
        InvoiceCommand::Batch { date, outbox } => {
            let mut store = ctx.open()?;
            let date = match date {
                Some(d) => d.to_string(),
                None => yesterday(ctx),
            };
            let dir = invoicing::outbox_dir(&store, outbox)?;
            // the seller signs each message with its certificate, when it has one
            let signer = match invoicing::certificate(&store)? {
                Some(p12) => {
                    let password = cert_password(ctx)?;
                    Some(sign::Signer::from_pkcs12(&p12, &password).map_err(|e| Failure::refused(e.msg()))?)
                }
                None => {
                    eprintln!(
                        "{}: {}",
                        ctx.t("cảnh báo", "warning"),
                        msg!(
                            "thông điệp chưa được ký (chưa có chứng thư số: quay init --signing-cert FILE.p12); T-VAN chỉ nhận thông điệp người bán đã ký",
                            "the messages are not signed (no certificate: quay init --signing-cert FILE.p12); a T-VAN takes only messages the seller signed"
                        )
                        .get(ctx.lang)
                    );
                    None
                }
            };
            for b in invoicing::batch_day(&mut store, &date, &dir, signer.as_ref())? {
                let (path, n) = (b.path, b.invoices);
                println!("{}", msg!("{path}: {n} hóa đơn", "{path}: {n} invoices").get(ctx.lang));
            }
            Ok(())
        }
        InvoiceCommand::Send { date, outbox, drop_dir } => {
            let mut store = ctx.open()?;
            let date = match date {
                Some(d) => d.to_string(),
                None => yesterday(ctx),
            };
            let dir = invoicing::outbox_dir(&store, outbox)?;
            let provider = batch::FileDrop { dir: drop_dir };
            for (name, to) in invoicing::send_day(&mut store, &date, &dir, &provider)? {
                println!("{}", msg!("Đã gửi {name} → {to}", "Sent {name} → {to}").get(ctx.lang));
            }
            Ok(())
        }
        InvoiceCommand::Status {
            number,
            symbol,
            status,
            reason,
            auth,
        } => {
            let mut store = ctx.open()?;
            let actor = super::counter::manager_auth(&mut store, &auth)?;
            let inv = one(&store, number, symbol.as_deref())?;
            let new_status = status.status();
            if new_status == crate::einvoice::InvoiceStatus::Rejected
                && reason.as_deref().is_none_or(|r| r.trim().is_empty())
            {
                return Err(Failure::usage(msg!(
                    "hóa đơn bị từ chối cần --reason (lý do cơ quan thuế hoặc nhà cung cấp trả về)",
                    "a rejected invoice needs --reason (what the authority or provider said)"
                )));
            }
            store.set_invoice_status_by(inv.id, new_status, reason.as_deref(), None, &actor)?;
            let status = new_status.code();
            let s = inv.full_symbol();
            println!(
                "{}",
                msg!("{s}/{number}: {status}", "{s}/{number}: {status}").get(ctx.lang)
            );
            Ok(())
        }
    }
}

/// The certificate password: `QUAY_CERT_PASSWORD`, else asked on the
/// terminal without echo. Never stored, never printed.
fn cert_password(ctx: &Ctx) -> Result<String, Failure> {
    if let Ok(p) = std::env::var("QUAY_CERT_PASSWORD") {
        return Ok(p);
    }
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(msg!(
            "cần mật khẩu của chứng thư số: đặt biến QUAY_CERT_PASSWORD hoặc chạy trong cửa sổ dòng lệnh",
            "the certificate password is needed: set QUAY_CERT_PASSWORD or run in a terminal"
        )));
    }
    eprint!("{}", ctx.t("Mật khẩu chứng thư số: ", "Certificate password: "));
    let read = || -> std::io::Result<String> {
        use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
        crossterm::terminal::enable_raw_mode()?;
        let mut p = String::new();
        let r = loop {
            match read() {
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                    KeyCode::Enter => break Ok(()),
                    KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                        break Err(std::io::Error::other("cancelled"));
                    }
                    KeyCode::Char(c) => p.push(c),
                    KeyCode::Backspace => {
                        p.pop();
                    }
                    KeyCode::Esc => break Err(std::io::Error::other("cancelled")),
                    _ => {}
                },
                Ok(_) => {}
                Err(e) => break Err(e),
            }
        };
        let _ = crossterm::terminal::disable_raw_mode();
        eprintln!();
        r.map(|_| p)
    };
    read().map_err(|e| Failure::usage(msg!("không đọc được mật khẩu: {e}", "cannot read the password: {e}")))
}

/// Read and open a PKCS#12 file with its password (for `quay init --signing-cert`).
pub fn open_signing_cert(ctx: &Ctx, file: &Path) -> Result<(Vec<u8>, sign::Signer), Failure> {
    let bytes = std::fs::read(file).map_err(|e| {
        let f = file.display();
        Failure {
            code: 3,
            msg: msg!(
                "--signing-cert: không đọc được {f}: {e}",
                "--signing-cert: cannot read {f}: {e}"
            ),
        }
    })?;
    let password = cert_password(ctx)?;
    let signer = sign::Signer::from_pkcs12(&bytes, &password)
        .map_err(|m| Failure::refused(m.msg().prefixed("--signing-cert: ", "--signing-cert: ")))?;
    Ok((bytes, signer))
}

/// Write each invoice's stored XML as `{form}{symbol}-{number}.xml`.
pub fn export(
    store: &Store,
    from: &str,
    to: &str,
    out: &Path,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, Failure> {
    std::fs::create_dir_all(out).map_err(|e| {
        let o = out.display();
        Failure {
            code: 3,
            msg: msg!("không tạo được {o}: {e}", "cannot create {o}: {e}"),
        }
    })?;
    let mut done = 0;
    let n = store
        .for_each_invoice_xml(from, to, |sym, number, xml| {
            let path = out.join(format!("{sym}-{number:08}.xml"));
            std::fs::write(&path, xml).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            done += 1;
            if done % 5000 == 0 {
                progress(done, 0);
            }
            Ok(())
        })
        .map_err(|e| Failure { code: 3, msg: e.msg() })?;
    progress(n, n);
    Ok(n)
}
