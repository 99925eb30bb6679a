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

/// Who sends the message (`MNGui`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sender {
    /// `V` + MST of the licensed T-VAN provider that transmits it.
    Tvan(String),
    /// `K` + MST of an organisation connected directly to the authority.
    Direct(String),
}

impl Sender {
    /// The `MNGui` code.
    pub fn code(&self) -> String {
        match self {
            Sender::Tvan(m) => format!("V{m}"),
            Sender::Direct(m) => format!("K{m}"),
        }
    }
}

/// `MTDiep`: `MNGui` followed by the 32 upper-case hex digits of a UUID v4.
pub fn message_id(mngui: &str, uuid: uuid::Uuid) -> String {
    format!("{mngui}{}", uuid.simple().to_string().to_uppercase())
}

/// The `Id` of a message's `DLieu` (what the seller's signature refers to).
pub fn data_id(mtdiep: &str) -> String {
    format!("DL-{mtdiep}")
}

/// The `DLieu Id` of a message built by [`messages`].
pub fn data_id_of(message: &[u8]) -> Option<String> {
    let start = message.windows(10).position(|w| w == b"<DLieu Id=")? + 11;
    let len = message[start..].iter().position(|b| *b == b'"')?;
    String::from_utf8(message[start..start + len].to_vec()).ok()
}

/// Build the messages for a day's invoices `(id, xml)`. Each message is a
/// `TDiep` with `MLTDiep` 206 and the invoices' exact bytes in
/// `DLieu Id="…"`; the seller signs `DLieu` into `CKSNNT` afterwards
/// (`sign`), the T-VAN only forwards it.
pub fn messages(
    sender: &Sender,
    seller_mst: &str,
    date: &str,
    invoices: &[(i64, Vec<u8>)],
    max_bytes: usize,
) -> Vec<Message> {
    messages_with_ids(sender, seller_mst, date, invoices, max_bytes, uuid::Uuid::new_v4)
}

/// [`messages`] with the UUIDs given (tests fix them for golden files).
pub fn messages_with_ids(
    sender: &Sender,
    seller_mst: &str,
    date: &str,
    invoices: &[(i64, Vec<u8>)],
    max_bytes: usize,
    mut next_uuid: impl FnMut() -> uuid::Uuid,
) -> Vec<Message> {
    // room for the envelope and the signature (certificate included)
    let head_room = 16 * 1024;
    let mngui = sender.code();
    let mut out = Vec::new();
    let mut part: Vec<&(i64, Vec<u8>)> = Vec::new();
    let mut size = 0;
    let mut flush = |part: &mut Vec<&(i64, Vec<u8>)>, out: &mut Vec<Message>| {
        if part.is_empty() {
            return;
        }
        let n = out.len() + 1;
        let id = message_id(&mngui, next_uuid());
        let mut x = String::from("<TDiep><TTChung><PBan>2.1.0</PBan><MNGui>");
        super::xml::escape(&mngui, &mut x);
        x.push_str("</MNGui><MNNhan>TCT</MNNhan><MLTDiep>206</MLTDiep><MTDiep>");
        x.push_str(&id);
        x.push_str("</MTDiep><MST>");
        super::xml::escape(seller_mst, &mut x);
        x.push_str(&format!(
            "</MST><SLuong>{}</SLuong></TTChung><DLieu Id=\"{}\">",
            part.len(),
            data_id(&id)
        ));
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

/// The sidecar written next to a message file (`….xml.json`): the audit
/// chain head at the time of batching, so the shop file's history can be
/// tied to what left the shop. Kept outside the 206 message itself.
pub fn sidecar(message: &Message, audit_seq: i64, audit_hash: &str) -> (String, Vec<u8>) {
    let v = serde_json::json!({
        "message": message.name,
        "invoices": message.invoice_ids.len(),
        "audit_head": { "seq": audit_seq, "hash": audit_hash },
    });
    (format!("{}.json", message.name), format!("{v}\n").into_bytes())
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
        let tvan = Sender::Tvan("0101234567".into());
        let ms = messages(&tvan, "3301234567", "2026-11-23", &invs, 40_000);
        assert!(ms.len() > 1);
        assert!(ms.iter().all(|m| m.bytes.len() <= 40_000));
        let ids: Vec<i64> = ms.iter().flat_map(|m| m.invoice_ids.clone()).collect();
        assert_eq!(ids, (1..=50).collect::<Vec<_>>());
        let doc = String::from_utf8(ms[0].bytes.clone()).unwrap();
        assert!(doc.starts_with("<TDiep><TTChung><PBan>2.1.0</PBan>"));
        assert!(doc.contains("<MLTDiep>206</MLTDiep>"));
        assert!(messages(&tvan, "x", "d", &[], 10_000).is_empty());
    }

    #[test]
    fn the_sender_is_the_tvan_and_the_message_id_is_sender_plus_uuid_hex() {
        let invs = vec![(1, b"<HDon/>".to_vec())];
        let tvan = Sender::Tvan("0101234567".into());
        let m = &messages(&tvan, "3301234567", "2026-11-23", &invs, MAX_BYTES)[0];
        let doc = String::from_utf8(m.bytes.clone()).unwrap();
        let x = roxmltree::Document::parse(&doc).unwrap();
        let get = |n: &str| {
            x.descendants()
                .find(|e| e.has_tag_name(n))
                .and_then(|e| e.text())
                .unwrap()
        };
        assert_eq!(get("MNGui"), "V0101234567");
        assert_eq!(get("MNNhan"), "TCT");
        assert_eq!(get("MST"), "3301234567");
        let id = get("MTDiep");
        assert!(id.len() <= 46);
        let hex = id.strip_prefix("V0101234567").unwrap();
        assert_eq!(hex.len(), 32);
        assert!(hex.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
        let u = uuid::Uuid::parse_str(hex).unwrap();
        assert_eq!(u.get_version_num(), 4);
        let dl = x.descendants().find(|e| e.has_tag_name("DLieu")).unwrap();
        assert_eq!(dl.attribute("Id"), Some(data_id(id).as_str()));
        assert_eq!(Sender::Direct("0101234567".into()).code(), "K0101234567");
    }
}
