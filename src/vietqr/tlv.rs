//! EMVCo TLV: two-digit id, two-digit length, value. Lengths count
//! characters, not bytes. Templates nest the same way. CRC-16/CCITT-FALSE.

use crate::i18n::Msg;
use crate::msg_key;

/// One TLV object; `value` is kept verbatim (a template's value is itself TLV).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Tlv {
    pub id: String,
    pub value: String,
}

impl Tlv {
    pub fn new(id: &str, value: impl Into<String>) -> Tlv {
        Tlv {
            id: id.to_string(),
            value: value.into(),
        }
    }
}

/// Why a TLV string could not be read. `path` names the field, e.g. `38/01`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlvError {
    Truncated {
        path: String,
        at: usize,
    },
    BadId {
        path: String,
        at: usize,
        found: String,
    },
    BadLength {
        path: String,
        id: String,
        at: usize,
        found: String,
    },
    ZeroLength {
        path: String,
        id: String,
    },
    PastEnd {
        path: String,
        id: String,
        len: usize,
        left: usize,
    },
    TooLong {
        path: String,
        id: String,
        len: usize,
    },
}

impl TlvError {
    pub fn msg(&self) -> Msg {
        match self {
            TlvError::Truncated { path, at } => msg_key!("tlv.truncated", path, at),
            TlvError::BadId { path, at, found } => msg_key!("tlv.bad_id", path, at, found),
            TlvError::BadLength { path, id, at, found } => msg_key!("tlv.bad_length", path, id, at, found),
            TlvError::ZeroLength { path, id } => msg_key!("tlv.zero_length", path, id),
            TlvError::PastEnd { path, id, len, left } => msg_key!("tlv.past_end", path, id, len, left),
            TlvError::TooLong { path, id, len } => msg_key!("tlv.too_long", path, id, len),
        }
    }
}

crate::english_display!(TlvError);

/// Split a TLV string into its objects. `path` is used in errors ("root",
/// "38", "38/01"…).
pub fn parse(input: &str, path: &str) -> Result<Vec<Tlv>, TlvError> {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let byte_at = |ci: usize| chars.get(ci).map_or(input.len(), |(b, _)| *b);
    let mut out = Vec::new();
    let mut i = 0; // in characters
    while i < chars.len() {
        if i + 4 > chars.len() {
            return Err(TlvError::Truncated {
                path: path.to_string(),
                at: i + 1,
            });
        }
        let id = &input[byte_at(i)..byte_at(i + 2)];
        if !id.bytes().all(|b| b.is_ascii_digit()) || id.len() != 2 {
            return Err(TlvError::BadId {
                path: path.to_string(),
                at: i + 1,
                found: id.to_string(),
            });
        }
        let len_text = &input[byte_at(i + 2)..byte_at(i + 4)];
        if !len_text.bytes().all(|b| b.is_ascii_digit()) || len_text.len() != 2 {
            return Err(TlvError::BadLength {
                path: path.to_string(),
                id: id.to_string(),
                at: i + 3,
                found: len_text.to_string(),
            });
        }
        let len: usize = len_text.parse().unwrap_or(0);
        if len == 0 {
            return Err(TlvError::ZeroLength {
                path: path.to_string(),
                id: id.to_string(),
            });
        }
        let start = i + 4;
        let left = chars.len() - start;
        if len > left {
            return Err(TlvError::PastEnd {
                path: path.to_string(),
                id: id.to_string(),
                len,
                left,
            });
        }
        out.push(Tlv {
            id: id.to_string(),
            value: input[byte_at(start)..byte_at(start + len)].to_string(),
        });
        i = start + len;
    }
    Ok(out)
}

/// Write objects as TLV. Each value must be 1–99 characters.
pub fn encode(fields: &[Tlv], path: &str) -> Result<String, TlvError> {
    let mut out = String::new();
    for f in fields {
        push(&mut out, &f.id, &f.value, path)?;
    }
    Ok(out)
}

/// Append one object.
pub fn push(out: &mut String, id: &str, value: &str, path: &str) -> Result<(), TlvError> {
    let len = value.chars().count();
    if len == 0 {
        return Err(TlvError::ZeroLength {
            path: path.to_string(),
            id: id.to_string(),
        });
    }
    if len > 99 {
        return Err(TlvError::TooLong {
            path: path.to_string(),
            id: id.to_string(),
            len,
        });
    }
    out.push_str(id);
    out.push(char::from(b'0' + (len / 10) as u8));
    out.push(char::from(b'0' + (len % 10) as u8));
    out.push_str(value);
    Ok(())
}

/// CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor.
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// Append `6304` and the CRC over everything so far, as 4 upper-case hex digits.
pub fn seal(mut body: String) -> String {
    body.push_str("6304");
    let crc = crc16(body.as_bytes());
    body.push_str(&format!("{crc:04X}"));
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_check_value() {
        assert_eq!(crc16(b"123456789"), 0x29B1);
    }

    #[test]
    fn parses_nested_and_counts_characters() {
        let f = parse("0002010102115802VN", "root").unwrap();
        assert_eq!(f.len(), 3);
        assert_eq!(f[2], Tlv::new("58", "VN"));
        // lengths count characters: "Huế" is 3 characters, 4 bytes
        let f = parse("6403Huế0102AB", "root").unwrap();
        assert_eq!(f[0].value, "Huế");
        assert_eq!(f[1].value, "AB");
    }

    #[test]
    fn each_malformation_is_named() {
        assert!(matches!(parse("000", "root"), Err(TlvError::Truncated { at: 1, .. })));
        assert!(matches!(parse("0A0201", "root"), Err(TlvError::BadId { .. })));
        assert!(matches!(parse("00X201", "root"), Err(TlvError::BadLength { .. })));
        assert!(matches!(
            parse("000501", "root"),
            Err(TlvError::PastEnd { len: 5, left: 2, .. })
        ));
        assert!(matches!(parse("0000", "root"), Err(TlvError::ZeroLength { .. })));
        let e = parse("000201010", "38/01").unwrap_err();
        assert!(e.to_string().starts_with("38/01: truncated at character 7"), "{e}");
    }

    #[test]
    fn encode_refuses_empty_and_long_values() {
        assert!(encode(&[Tlv::new("08", "")], "62").is_err());
        assert!(encode(&[Tlv::new("08", "x".repeat(100))], "62").is_err());
        assert_eq!(encode(&[Tlv::new("08", "x".repeat(99))], "62").unwrap().len(), 103);
    }
}
