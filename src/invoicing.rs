//! The day's cash-register e-invoices on their way to the provider: the
//! issued ones are batched into 206 messages in the outbox (signed when the
//! shop has a certificate), and batched ones are handed to the provider.
//! The workflow lives here so any front-end offers the same one; the
//! front-end only asks for the certificate's password.

use std::path::{Path, PathBuf};

use crate::counter::CounterError;
use crate::einvoice::InvoiceStatus;
use crate::einvoice::batch::{self, Provider};
use crate::einvoice::sign;
use crate::msg;
use crate::sales::InvoiceRecord;
use crate::store::Store;

type Result<T> = std::result::Result<T, CounterError>;

/// The outbox folder: the one given, else the shop's own under quay's data
/// folder.
pub fn outbox_dir(store: &Store, given: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(d) = given {
        return Ok(d);
    }
    let id = store.profile()?.map(|p| p.shop_id).unwrap_or_default();
    Ok(crate::context::data_dir().join("outbox").join(id))
}

/// One message written to the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batched {
    pub path: String,
    pub invoices: usize,
}

/// Whether batching needs the certificate (then the caller asks for its
/// password and passes the signer to [`batch_day`]).
pub fn certificate(store: &Store) -> Result<Option<Vec<u8>>> {
    Ok(store.signing_cert()?)
}

/// Put `date`'s issued invoices into 206 messages in `outbox`, each with
/// the audit chain's head in a sidecar beside it, and mark them batched.
/// Refused when the shop has no T-VAN or nothing is waiting.
pub fn batch_day(store: &mut Store, date: &str, outbox: &Path, signer: Option<&sign::Signer>) -> Result<Vec<Batched>> {
    let profile = store.profile()?;
    let mst = profile.as_ref().and_then(|p| p.tax_code.clone()).unwrap_or_default();
    let Some(tvan) = profile
        .as_ref()
        .and_then(|p| p.invoice.as_ref())
        .and_then(|i| i.tvan_mst.clone())
    else {
        return Err(CounterError::Refused(msg!(
            "chưa khai báo T-VAN: thông điệp 206 phải ghi mã người gửi là V + MST của nhà cung cấp truyền nhận (T-VAN) đã ký hợp đồng; chạy quay init --tvan-mst MST",
            "no T-VAN is set: a 206 message names its sender as V + the tax code of the licensed provider (T-VAN) that transmits it; run quay init --tvan-mst MST"
        )));
    };
    let pending: Vec<InvoiceRecord> = store
        .invoices_between(date, date)?
        .into_iter()
        .filter(|i| i.status == InvoiceStatus::Issued)
        .collect();
    if pending.is_empty() {
        return Err(CounterError::Refused(msg!(
            "ngày {date} không có hóa đơn nào chờ gửi",
            "there are no invoices waiting to be sent for {date}"
        )));
    }
    let mut invs = Vec::with_capacity(pending.len());
    for i in &pending {
        invs.push((i.id, store.invoice_xml(i.id)?));
    }
    let mut msgs = batch::messages(&batch::Sender::Tvan(tvan), &mst, date, &invs, batch::MAX_BYTES);
    if let Some(s) = signer {
        let at = store.clock().now().format("%Y-%m-%dT%H:%M:%S").to_string();
        for m in &mut msgs {
            let id = batch::data_id_of(&m.bytes).ok_or_else(|| {
                let name = &m.name;
                CounterError::Refused(msg!(
                    "thông điệp {name} không có mã dữ liệu để ký",
                    "message {name} has no data id to sign"
                ))
            })?;
            m.bytes = sign::sign_message(&m.bytes, &id, s, &at)?;
        }
    }
    let mut written = Vec::with_capacity(msgs.len());
    for m in &msgs {
        // the audit chain head beside the message (not inside it)
        let head = store.audit_head()?;
        let (side, side_bytes) = batch::sidecar(m, head.seq, &head.hash);
        batch::write_atomically(outbox, &side, &side_bytes).map_err(CounterError::Device)?;
        let path = batch::write_atomically(outbox, &m.name, &m.bytes).map_err(CounterError::Device)?;
        for id in &m.invoice_ids {
            store.set_invoice_status(*id, InvoiceStatus::Batched, None, Some(&m.name))?;
        }
        written.push(Batched {
            path,
            invoices: m.invoice_ids.len(),
        });
    }
    Ok(written)
}

/// Hand `date`'s batched messages from `outbox` to `provider` and mark
/// their invoices sent. Returns each message's name and where it went.
pub fn send_day(
    store: &mut Store,
    date: &str,
    outbox: &Path,
    provider: &dyn Provider,
) -> Result<Vec<(String, String)>> {
    let batched: Vec<InvoiceRecord> = store
        .invoices_between(date, date)?
        .into_iter()
        .filter(|i| i.status == InvoiceStatus::Batched)
        .collect();
    if batched.is_empty() {
        return Err(CounterError::Refused(msg!(
            "ngày {date} không có thông điệp nào đã đóng gói để gửi (chạy quay invoice batch trước)",
            "nothing batched for {date} to send (run quay invoice batch first)"
        )));
    }
    let mut names: Vec<(String, Vec<i64>)> = Vec::new();
    for i in &batched {
        let Some(name) = store.invoice_batch(i.id)? else {
            let n = i.number;
            return Err(CounterError::Refused(msg!(
                "hóa đơn số {n} được đánh dấu đã đóng gói nhưng không ghi tên thông điệp",
                "invoice {n} is marked batched but records no message name"
            )));
        };
        match names.iter_mut().find(|(n, _)| *n == name) {
            Some((_, ids)) => ids.push(i.id),
            None => names.push((name, vec![i.id])),
        }
    }
    let mut sent = Vec::with_capacity(names.len());
    for (name, ids) in names {
        let bytes = std::fs::read(outbox.join(&name)).map_err(|e| {
            let d = outbox.display();
            CounterError::Device(msg!("không đọc được {d}/{name}: {e}", "cannot read {d}/{name}: {e}"))
        })?;
        let m = batch::Message {
            name: name.clone(),
            bytes,
            invoice_ids: ids.clone(),
        };
        let to = provider.send(&m).map_err(CounterError::Device)?;
        for id in ids {
            store.set_invoice_status(id, InvoiceStatus::Sent, None, None)?;
        }
        sent.push((name, to));
    }
    Ok(sent)
}
