//! An issued invoice's kind (original or adjustment) and where it is on its
//! way to the tax authority (issued → batched → sent → accepted or rejected).
//! Stored as the codes below; `code`/`from_code` are the only translation.

use crate::i18n::Lang;

/// What an invoice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceKind {
    /// Hóa đơn gốc: issued with a sale.
    Original,
    /// Hóa đơn điều chỉnh: issued with a void or refund, adjusting another.
    Adjustment,
}

impl InvoiceKind {
    pub const ALL: [InvoiceKind; 2] = [InvoiceKind::Original, InvoiceKind::Adjustment];

    /// Stored code: `original`, `adjustment`.
    pub fn code(self) -> &'static str {
        match self {
            InvoiceKind::Original => "original",
            InvoiceKind::Adjustment => "adjustment",
        }
    }

    pub fn from_code(s: &str) -> Option<InvoiceKind> {
        InvoiceKind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            InvoiceKind::Original => lang.pick("Hóa đơn gốc", "Original"),
            InvoiceKind::Adjustment => lang.pick("Hóa đơn điều chỉnh", "Adjustment"),
        }
    }
}

/// Where an invoice is on its way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceStatus {
    /// Made and stored with its document.
    Issued,
    /// Signed into a 206 message in the outbox.
    Batched,
    /// Handed to the provider.
    Sent,
    /// Given a code by the tax authority.
    Accepted,
    /// Refused by the tax authority (with a reason).
    Rejected,
}

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 5] = [
        InvoiceStatus::Issued,
        InvoiceStatus::Batched,
        InvoiceStatus::Sent,
        InvoiceStatus::Accepted,
        InvoiceStatus::Rejected,
    ];

    /// Stored code: `issued`, `batched`, `sent`, `accepted`, `rejected`.
    pub fn code(self) -> &'static str {
        match self {
            InvoiceStatus::Issued => "issued",
            InvoiceStatus::Batched => "batched",
            InvoiceStatus::Sent => "sent",
            InvoiceStatus::Accepted => "accepted",
            InvoiceStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(s: &str) -> Option<InvoiceStatus> {
        InvoiceStatus::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            InvoiceStatus::Issued => lang.pick("đã lập", "issued"),
            InvoiceStatus::Batched => lang.pick("đã đóng gói", "batched"),
            InvoiceStatus::Sent => lang.pick("đã gửi", "sent"),
            InvoiceStatus::Accepted => lang.pick("được chấp nhận", "accepted"),
            InvoiceStatus::Rejected => lang.pick("bị từ chối", "rejected"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_serialise_as_stored() {
        for k in InvoiceKind::ALL {
            assert_eq!(InvoiceKind::from_code(k.code()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        }
        for s in InvoiceStatus::ALL {
            assert_eq!(InvoiceStatus::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
        assert_eq!(InvoiceStatus::from_code("Issued"), None);
        assert_eq!(InvoiceKind::from_code(""), None);
    }
}
