//! The day's message to the tax authority (`TDiep`, type 206) holding the
//! day's invoices verbatim, split so no file exceeds 2 MB, and the provider
//! transport: a trait with a file-drop implementation (a real provider API
//! can be added without touching the rest).

use std::path::{Path, PathBuf};

use crate::i18n::Msg;
use crate::msg;

/// Largest message file.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// One message file: its name and bytes, and the invoices it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub name: String,
    pub bytes: Vec<u8>,
    pub invoice_ids: Vec<i64>,
}

/// Build the messages for a day's invoices `(id, xml)`. Each message is a
/// `TDiep` with `MLTDiep` 206 and the invoices' exact bytes in `DLieu`.
/// `[I]`: the `TTChung` of the message follows the provider-neutral shape
/// (PBan, MNGui, MNNhan, MLTDiep, MTDiep, MST, SLuong); the provider signs it.
pub fn messages(seller_mst: &str, date: &str, invoices: &[(i64, Vec<u8>)], max_bytes: usize) -> Vec<Message> {
    let head_room = 1024;
    let mut out = Vec::new();
    let mut part: Vec<&(i64, Vec<u8>)> = Vec::new();
    let mut size = 0;
    let flush = |part: &mut Vec<&(i64, Vec<u8>)>, out: &mut Vec<Message>| {
        if part.is_empty() {
            return;
        }
        let n = out.len() + 1;
        let id = format!("Q{}{}", seller_mst.replace('-', ""), uuid::Uuid::new_v4().simple()).to_uppercase();
        let mut x = String::from("<TDiep><TTChung><PBan>2.1.0</PBan><MNGui>");
        super::xml::escape(seller_mst, &mut x);
        x.push_str("</MNGui><MNNhan>TCT</MNNhan><MLTDiep>206</MLTDiep><MTDiep>");
        x.push_str(&id);
        x.push_str("</MTDiep><MST>");
        super::xml::escape(seller_mst, &mut x);
        x.push_str(&format!("</MST><SLuong>{}</SLuong></TTChung><DLieu>", part.len()));
        let mut bytes = x.into_bytes();
        for (_, xml) in part.iter() {
            bytes.extend_from_slice(xml);
        }
        bytes.extend_from_slice(b"</DLieu></TDiep>");
        out.push(Message {
            name: format!("TDiep206-{date}-{n:03}.xml"),
            bytes,
            invoice_ids: part.iter().map(|(i, _)| *i).collect(),
        });
        part.clear();
    };
    for inv in invoices {
        if size + inv.1.len() + head_room > max_bytes && !part.is_empty() {
            flush(&mut part, &mut out);
            size = 0;
        }
        size += inv.1.len();
        part.push(inv);
    }
    flush(&mut part, &mut out);
    out
}

/// Where batches go.
pub trait Provider {
    /// Hand over one message; `Ok` means the provider has it.
    fn send(&self, m: &Message) -> Result<String, Msg>;
}

/// Drops each message as a file into a folder a provider's agent picks up.
pub struct FileDrop {
    pub dir: PathBuf,
}

impl Provider for FileDrop {
    fn send(&self, m: &Message) -> Result<String, Msg> {
        write_atomically(&self.dir, &m.name, &m.bytes)
    }
}

/// Write `name` into `dir` through a temporary file and a rename, so a
/// reader never sees half a message. Returns the final path.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<String, Msg> {
    let d = dir.display().to_string();
    std::fs::create_dir_all(dir)
        .map_err(|e| msg!("không tạo được thư mục {d}: {e}", "cannot create folder {d}: {e}"))?;
    let tmp = dir.join(format!(".{name}.part"));
    let fin = dir.join(name);
    std::fs::write(&tmp, bytes)
        .and_then(|_| std::fs::rename(&tmp, &fin))
        .map_err(|e| msg!("không ghi được {d}/{name}: {e}", "cannot write {d}/{name}: {e}"))?;
    Ok(fin.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_split_below_the_limit_and_keep_every_invoice() {
        let invs: Vec<(i64, Vec<u8>)> = (1..=50)
            .map(|i| (i, format!("<HDon>{}</HDon>", "x".repeat(900)).into_bytes()))
            .collect();
        let ms = messages("3301234567", "2026-11-23", &invs, 10_000);
        assert!(ms.len() > 1);
        assert!(ms.iter().all(|m| m.bytes.len() <= 10_000));
        let ids: Vec<i64> = ms.iter().flat_map(|m| m.invoice_ids.clone()).collect();
        assert_eq!(ids, (1..=50).collect::<Vec<_>>());
        let doc = String::from_utf8(ms[0].bytes.clone()).unwrap();
        assert!(doc.starts_with("<TDiep><TTChung><PBan>2.1.0</PBan>"));
        assert!(doc.contains("<MLTDiep>206</MLTDiep>"));
        assert!(messages("x", "d", &[], 10_000).is_empty());
    }
}
