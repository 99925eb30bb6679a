//! The counter's one key map: for every screen (and dialog kind), which key
//! does what and how it is labelled, in both languages. The footer, the F1
//! help and the README's key table are all generated from [`BINDINGS`], so
//! they cannot disagree with each other; the global keys (language, quit)
//! are also dispatched from it ([`global_action`]).
//!
//! To add a key: add a [`Binding`] in the right place of [`BINDINGS`] (the
//! order is the order shown), handle its key in the screen's `*_key`
//! function, then run `cargo test --lib tui::keymap` and paste the README
//! table it prints when it differs.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::Line;

use super::counter::{App, Modal, Screen};
use crate::i18n::Lang;

/// A text in both languages (picked with [`Lang::pick`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text(pub &'static str, pub &'static str);

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        lang.pick(self.0, self.1)
    }
}

/// Where a binding applies. A key in [`Scope::Global`] works everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    /// The sell screen (also shown while signing in).
    Sell,
    Pay,
    Done,
    Reports,
    /// The customer picker and the debt book.
    Customers,
    /// Any dialog without keys of its own below.
    Dialog,
    /// F8's review of a sale (void, or a refund in cash).
    Review,
    /// The review of a refund that goes back by a method needing a reference.
    ReviewReference,
    /// Typing the refund's reference.
    ReviewTyping,
    /// Receiving goods (Ctrl+R).
    Receiving,
}

/// What a key does (the global ones are dispatched from here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Language,
    Quit,
    Add,
    Quantity,
    LineDiscount,
    CartDiscount,
    Remove,
    Undo,
    Pay,
    Park,
    Recall,
    VoidOrRefund,
    Reprint,
    Reports,
    OwnQr,
    Help,
    Cash,
    Transfer,
    Card,
    Wallet,
    Notes,
    Take,
    Back,
    NewSale,
    SessionReport,
    CashIn,
    CashOut,
    CloseSession,
    Confirm,
    NextField,
    Cancel,
    ChangeMethod,
    Reference,
    TypeReference,
    Done,
    Customer,
    DebtBook,
    OnAccount,
    Pick,
    NewItem,
    /// A new price for the selected line, with a reason (Ctrl+P).
    PriceOverride,
    /// Open the receiving screen (Ctrl+R).
    Receiving,
}

/// One key (or key group) of one or more scopes.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub scopes: &'static [Scope],
    pub action: Action,
    /// The key as the footer shows it (a language may use another letter).
    pub key: Text,
    /// The footer label; `None`: not in the footer.
    pub label: Option<Text>,
    /// The narrow sell footer (under 110 columns): key and label; `None`:
    /// left out there.
    pub short: Option<(Text, Text)>,
    /// All keys written out, for the F1 help and the README (`Ctrl+Z`).
    pub keys: &'static str,
    /// What it does, for the F1 help and the README; `None`: not listed.
    pub help: Option<Text>,
    /// The key presses that trigger it (only [`Scope::Global`] ones are
    /// dispatched from here; the screens match their own keys).
    pub chords: &'static [(KeyCode, bool)],
}

const fn t(vi: &'static str, en: &'static str) -> Text {
    Text(vi, en)
}

const fn same(k: &'static str) -> Text {
    Text(k, k)
}

const SELL: &[Scope] = &[Scope::Sell];
const GLOBAL: &[Scope] = &[Scope::Global];

/// Every key of the counter, in the order shown.
pub const BINDINGS: &[Binding] = &[
    // ---- the sell screen
    Binding {
        scopes: SELL,
        action: Action::Add,
        key: same("Enter"),
        label: None,
        short: None,
        keys: "Enter",
        help: Some(t(
            "thêm hàng (mã vạch, mã hàng hoặc kết quả chọn); 3*MÃ: thêm 3 cái, 0,35*MÃ: 0,35 kg",
            "add (barcode, SKU or the picked result); `3*CODE` adds 3, `0,35*CODE` 0,35 kg",
        )),
        chords: &[(KeyCode::Enter, false)],
    },
    Binding {
        scopes: SELL,
        action: Action::Pay,
        key: same("F5"),
        label: Some(t("Thanh toán", "Pay")),
        short: Some((same("F5"), t("Trả tiền", "Pay"))),
        keys: "F5",
        help: Some(t("thanh toán", "pay (the keys of the pay screen are below)")),
        chords: &[(KeyCode::F(5), false)],
    },
    Binding {
        scopes: SELL,
        action: Action::Quantity,
        key: same("F2"),
        label: Some(t("Số lượng", "Quantity")),
        short: Some((same("F2"), t("SL", "Qty"))),
        keys: "F2",
        help: Some(t("số lượng của dòng đang chọn", "quantity of the selected line")),
        chords: &[(KeyCode::F(2), false)],
    },
    Binding {
        scopes: SELL,
        action: Action::LineDiscount,
        key: same("F3"),
        label: Some(t("Giảm dòng", "Line discount")),
        short: Some((same("F3/F4"), t("Giảm", "Disc"))),
        keys: "F3",
        help: Some(t(
            "giảm giá dòng (10% hoặc 5000; quá ngưỡng cần quản lý)",
            "line discount (`10%` or `5000`; above the profile's threshold a manager's PIN is asked)",
        )),
        chords: &[(KeyCode::F(3), false)],
    },
    Binding {
        scopes: SELL,
        action: Action::CartDiscount,
        key: same("F4"),
        label: Some(t("Giảm đơn", "Cart discount")),
        short: None,
        keys: "F4",
        help: Some(t("giảm giá cả đơn", "cart discount (same rules)")),
        chords: &[(KeyCode::F(4), false)],
    },
    Binding {
        scopes: SELL,
        action: Action::Remove,
        key: same("Del"),
        label: Some(t("Xóa", "Remove")),
        short: Some((same("Del"), t("Xóa", "Rm"))),
        keys: "Del",
        help: Some(t("xóa dòng đang chọn", "remove the selected line")),
        chords: &[(KeyCode::Delete, false)],
    },
    Binding {
        scopes: SELL,
        action: Action::Undo,
        key: same("^Z"),
        label: Some(t("Hoàn tác", "Undo")),
        short: Some((same("^Z"), t("Lại", "Undo"))),
        keys: "Ctrl+Z",
        help: Some(t("hoàn tác", "undo")),
        chords: &[(KeyCode::Char('z'), true)],
    },
    Binding {
        scopes: SELL,
        action: Action::Park,
        key: same("F6"),
        label: Some(t("Giữ", "Park")),
        short: Some((same("F6"), t("Giữ", "Park"))),
        keys: "F6",
        help: Some(t(
            "tạm giữ đơn (Đơn 1, Đơn 2…, lưu trong tệp cửa hàng)",
            "park the cart (kept in the shop file; Cart 1, Cart 2…)",
        )),
        chords: &[(KeyCode::F(6), false)],
    },
    Binding {
        scopes: SELL,
        action: Action::Recall,
        key: same("F7"),
        label: Some(t("Gọi", "Recall")),
        short: Some((same("F7"), t("Gọi", "Recall"))),
        keys: "F7",
        help: Some(t("gọi lại đơn đang giữ", "recall a parked cart")),
        chords: &[(KeyCode::F(7), false)],
    },
    Binding {
        scopes: SELL,
        action: Action::VoidOrRefund,
        key: same("F8"),
        label: Some(t("Hủy", "Void")),
        short: Some((same("F8"), t("Hủy", "Void"))),
        keys: "F8",
        help: Some(t(
            "hủy đơn cuối; hoặc gõ số đơn để trả hàng (cần quản lý)",
            "void the last sale, or type a sale number to refund what is left of it (new documents; manager PIN)",
        )),
        chords: &[(KeyCode::F(8), false)],
    },
    Binding {
        scopes: SELL,
        action: Action::Reprint,
        key: same("F9"),
        label: None,
        short: None,
        keys: "F9",
        help: Some(t("in lại phiếu", "reprint the last receipt")),
        chords: &[(KeyCode::F(9), false)],
    },
    Binding {
        scopes: SELL,
        action: Action::Reports,
        key: same("F12"),
        label: Some(t("Báo cáo", "Reports")),
        short: None,
        keys: "F12",
        help: Some(t(
            "báo cáo: tỷ lệ không tiền mặt, báo cáo ca, nộp/rút tiền, chốt ca",
            "reports: this month's cashless share, the session report, cash in/out, closing (keys below)",
        )),
        chords: &[(KeyCode::F(12), false)],
    },
    Binding {
        scopes: SELL,
        action: Action::Receiving,
        key: same("^R"),
        label: None,
        short: None,
        keys: "Ctrl+R",
        help: Some(t(
            "nhập hàng từ nhà cung cấp: quét mã, SL*MÃ@GIÁ, Tab đổi nhà cung cấp, F5 lưu phiếu",
            "receive goods from a supplier: scan, QTY*CODE@COST, Tab changes the supplier, F5 saves the document",
        )),
        chords: &[(KeyCode::Char('r'), true)],
    },
    Binding {
        scopes: SELL,
        action: Action::OwnQr,
        key: same("^O"),
        label: None,
        short: None,
        keys: "Ctrl+O",
        help: Some(t(
            "mã QR nhận tiền của cửa hàng (cần quản lý)",
            "the shop's own payment QR (bank sticker, MoMo, ZaloPay): paste or scan it, check it, save (manager)",
        )),
        chords: &[(KeyCode::Char('o'), true)],
    },
    Binding {
        scopes: SELL,
        action: Action::Help,
        key: same("F1"),
        label: Some(t("Phím", "Keys")),
        short: Some((same("F1"), same("?"))),
        keys: "F1",
        help: Some(t("danh sách phím này", "this list of keys")),
        chords: &[(KeyCode::F(1), false)],
    },
    // ---- everywhere
    Binding {
        scopes: GLOBAL,
        action: Action::Language,
        key: same("F11"),
        label: None,
        short: None,
        keys: "F11 / Ctrl+L",
        help: Some(t(
            "English ↔ Tiếng Việt (Ctrl+L khi F11 bị Windows Terminal dùng để phóng to)",
            "English ↔ Tiếng Việt (Ctrl+L where F11 is taken, as by Windows Terminal for full screen)",
        )),
        chords: &[(KeyCode::F(11), false), (KeyCode::Char('l'), true)],
    },
    // ---- the receipt after payment
    Binding {
        scopes: &[Scope::Done],
        action: Action::NewSale,
        key: same("Enter"),
        label: Some(t("Đơn mới", "New sale")),
        short: None,
        keys: "Enter",
        help: Some(t("đơn mới", "new sale")),
        chords: &[(KeyCode::Enter, false)],
    },
    Binding {
        scopes: &[Scope::Done],
        action: Action::Reprint,
        key: same("F9"),
        label: Some(t("In lại", "Reprint")),
        short: None,
        keys: "F9",
        help: Some(t("in lại phiếu", "reprint the receipt")),
        chords: &[(KeyCode::F(9), false)],
    },
    Binding {
        scopes: &[Scope::Global, Scope::Sell, Scope::Done],
        action: Action::Quit,
        key: same("F10"),
        label: Some(t("Thoát", "Quit")),
        short: Some((same("F10"), t("Thoát", "Quit"))),
        keys: "F10 / Ctrl+Q",
        help: Some(t(
            "thoát (đơn đang mở được tạm giữ trước, không mất gì)",
            "quit (Ctrl+C too; a cart still open is parked first and the name it was parked under is said, nothing is lost)",
        )),
        chords: &[
            (KeyCode::F(10), false),
            (KeyCode::Char('q'), true),
            (KeyCode::Char('c'), true),
        ],
    },
    // ---- the pay screen
    pay(
        Action::Cash,
        same("T"),
        t("Tiền mặt", "Cash"),
        t(
            "tiền mặt (F1–F5: tờ tiền kế tiếp, Enter trống = vừa đủ)",
            "cash (F1–F5 = the next 10k/50k/100k/200k/500k note, Enter with nothing typed = exact)",
        ),
    ),
    pay(
        Action::Transfer,
        same("C"),
        t("Chuyển khoản", "Transfer"),
        t(
            "chuyển khoản VietQR (Enter hiện mã; Enter lần nữa khi tiền đã về)",
            "VietQR transfer (Enter shows the code for the amount with the sale number; Enter again once the money shows in the bank app)",
        ),
    ),
    pay(Action::Card, same("K"), t("Thẻ", "Card"), t("thẻ", "card")),
    Binding {
        scopes: &[Scope::Pay],
        action: Action::OnAccount,
        key: same("N"),
        label: None,
        short: None,
        keys: "N",
        help: Some(t(
            "ghi nợ cho khách đã chọn (Ctrl+K); quá hạn mức thì cần mã PIN của quản lý",
            "on account (debt) of the customer picked with Ctrl+K; over their limit a manager's PIN approves it",
        )),
        chords: &[],
    },
    pay(
        Action::Wallet,
        same("V"),
        t("Ví", "Wallet"),
        t(
            "ví điện tử (1–5 hoặc ↑↓ chọn ví, Enter; rồi số tiền; Tab: mã tham chiếu)",
            "e-wallet (its own step: 1–5 or ↑↓ picks MoMo, ZaloPay, VNPay, ShopeePay, other, Enter takes it; then the amount; Tab for a reference)",
        ),
    ),
    pay(
        Action::Notes,
        same("F1-F5"),
        t("Mệnh giá", "Notes"),
        t("tờ tiền kế tiếp", "the next note up"),
    ),
    pay(
        Action::Take,
        same("Enter"),
        t("Nhận", "Take"),
        t(
            "nhận số tiền đã gõ",
            "take the typed amount (several tenders split the bill)",
        ),
    ),
    pay(
        Action::Back,
        same("Esc"),
        t("Lại", "Back"),
        t("quay lại giỏ hàng", "back to the cart"),
    ),
    Binding {
        scopes: SELL,
        action: Action::Customer,
        key: same("Ctrl+K"),
        label: None,
        short: None,
        keys: "Ctrl+K",
        help: Some(t(
            "chọn khách hàng của đơn (tên không dấu hoặc SĐT) để ghi nợ",
            "pick the sale's customer (name without diacritics or phone), for a sale on account",
        )),
        chords: &[(KeyCode::Char('k'), true)],
    },
    Binding {
        scopes: SELL,
        action: Action::NewItem,
        key: same("Ctrl+N"),
        label: None,
        short: None,
        keys: "Ctrl+N",
        help: Some(t(
            "thêm mã vạch vừa quét mà danh mục chưa có (TÊN;ĐƠN VỊ;GIÁ;VAT) và bán ngay; cần quản lý khi có người dùng",
            "add the barcode just scanned that the catalogue does not know (NAME;UNIT;PRICE;VAT) and sell it at once; a manager once there are users",
        )),
        chords: &[(KeyCode::Char('n'), true)],
    },
    Binding {
        scopes: SELL,
        action: Action::PriceOverride,
        key: same("^P"),
        label: None,
        short: None,
        keys: "Ctrl+P",
        help: Some(t(
            "đổi giá dòng đang chọn, kèm lý do (ghi vào nhật ký); giảm quá ngưỡng chiết khấu cần quản lý",
            "a new price for the selected line, with a reason (kept in the audit log); more off than the discount threshold needs a manager",
        )),
        chords: &[(KeyCode::Char('p'), true)],
    },
    // ---- the reports screen
    Binding {
        scopes: &[Scope::Reports],
        action: Action::DebtBook,
        key: same("D"),
        label: None,
        short: None,
        keys: "D",
        help: Some(t(
            "sổ nợ: ai nợ bao nhiêu, sao kê từng khách",
            "the debt book: who owes what, each customer's statement",
        )),
        chords: &[],
    },
    // ---- the customer picker and the debt book
    dialog(
        &[Scope::Customers],
        Action::Pick,
        same("Enter"),
        t("Chọn (khi chọn khách)", "Pick (when picking)"),
    ),
    dialog(&[Scope::Customers], Action::Back, same("Esc"), t("Quay lại", "Back")),
    reports(
        Action::SessionReport,
        same("X"),
        "X",
        t("Báo cáo ca / biểu đồ", "Session report / charts"),
        t(
            "báo cáo ca (X) ↔ biểu đồ",
            "the live X report of the session ↔ the charts",
        ),
    ),
    reports(
        Action::CashIn,
        t("N", "I"),
        "N / I",
        t("Nộp tiền", "Cash in"),
        t(
            "nộp tiền vào két (có lý do)",
            "put cash into the drawer (with a reason)",
        ),
    ),
    reports(
        Action::CashOut,
        t("R", "O"),
        "R / O",
        t("Rút tiền", "Cash out"),
        t(
            "rút tiền khỏi két (có lý do)",
            "take cash out of the drawer (with a reason)",
        ),
    ),
    reports(
        Action::CloseSession,
        same("Z"),
        "Z",
        t("Chốt ca", "Close the session"),
        t(
            "chốt ca với tiền đếm được (báo cáo Z; cần quản lý)",
            "close the session with the counted cash (numbered, frozen Z report; manager)",
        ),
    ),
    reports(
        Action::Back,
        same("Esc"),
        "Esc",
        t("Quay lại", "Back"),
        t("quay lại bán hàng", "back to selling"),
    ),
    // ---- dialogs
    dialog(
        &[Scope::ReviewTyping],
        Action::TypeReference,
        same(""),
        t("Gõ mã giao dịch", "Type the reference"),
    ),
    dialog(&[Scope::ReviewTyping], Action::Done, same("Enter"), t("Xong", "Done")),
    dialog(
        &[Scope::Review, Scope::ReviewReference],
        Action::Confirm,
        t("C", "Y"),
        t("Xác nhận", "Confirm"),
    ),
    dialog(
        &[Scope::Review, Scope::ReviewReference],
        Action::ChangeMethod,
        same("Tab"),
        t("Đổi cách trả lại", "Change how money goes back"),
    ),
    dialog(
        &[Scope::ReviewReference],
        Action::Reference,
        same("R"),
        t("Mã giao dịch", "Reference"),
    ),
    dialog(
        &[Scope::Review, Scope::ReviewReference, Scope::ReviewTyping],
        Action::Cancel,
        same("Esc"),
        t("Thôi", "Cancel"),
    ),
    dialog(
        &[Scope::Dialog],
        Action::Confirm,
        same("Enter"),
        t("xác nhận", "confirm"),
    ),
    dialog(
        &[Scope::Dialog],
        Action::NextField,
        same("Tab"),
        t("đổi ô", "next field"),
    ),
    dialog(&[Scope::Dialog], Action::Cancel, same("Esc"), t("bỏ", "cancel")),
    // ---- receiving goods (Ctrl+R)
    receiving(Action::Add, same("Enter"), t("thêm", "add")),
    receiving(Action::NextField, same("Tab"), t("nhà cung cấp", "supplier")),
    receiving(Action::Remove, same("Del"), t("xóa dòng", "remove line")),
    receiving(Action::Confirm, same("F5"), t("lưu phiếu", "save")),
    receiving(Action::Back, same("Esc"), t("quay lại", "back")),
];

const fn receiving(action: Action, key: Text, label: Text) -> Binding {
    Binding {
        scopes: &[Scope::Receiving],
        action,
        key,
        label: Some(label),
        short: None,
        keys: key.0,
        help: None,
        chords: &[],
    }
}

const fn pay(action: Action, key: Text, label: Text, help: Text) -> Binding {
    Binding {
        scopes: &[Scope::Pay],
        action,
        key,
        label: Some(label),
        short: None,
        keys: key.0,
        help: Some(help),
        chords: &[],
    }
}

const fn reports(action: Action, key: Text, keys: &'static str, label: Text, help: Text) -> Binding {
    Binding {
        scopes: &[Scope::Reports],
        action,
        key,
        label: Some(label),
        short: None,
        keys,
        help: Some(help),
        chords: &[],
    }
}

const fn dialog(scopes: &'static [Scope], action: Action, key: Text, label: Text) -> Binding {
    Binding {
        scopes,
        action,
        key,
        label: Some(label),
        short: None,
        keys: key.0,
        help: None,
        chords: &[],
    }
}

/// The bindings of `scope`, in order.
pub fn of(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scopes.contains(&scope))
}

/// The action of a key that works everywhere (language, quit), if it is one.
pub fn global_action(key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    of(Scope::Global)
        // modifiers on an F key are ignored, as they always were
        .find(|b| b.chords.iter().any(|&(code, c)| code == key.code && (!c || ctrl)))
        .map(|b| b.action)
}

/// Which footer the counter shows now.
pub fn scope_of(app: &App) -> Scope {
    match (&app.modal, &app.screen) {
        (Some(Modal::Review { on_reference: true, .. }), _) => Scope::ReviewTyping,
        (
            Some(Modal::Review {
                void: false, method, ..
            }),
            _,
        ) if super::counter::needs_reference(*method) => Scope::ReviewReference,
        (Some(Modal::Review { .. }), _) => Scope::Review,
        (Some(_), _) => Scope::Dialog,
        (None, Screen::Pay) => Scope::Pay,
        (None, Screen::Reports) => Scope::Reports,
        (None, Screen::Customers) => Scope::Customers,
        (None, Screen::Receiving) => Scope::Receiving,
        (None, Screen::Done) => Scope::Done,
        (None, Screen::Sell | Screen::Login) => Scope::Sell,
    }
}

fn item(key: &str, label: &str) -> String {
    if key.is_empty() {
        label.to_string()
    } else {
        format!("{key} {label}")
    }
}

/// The footer of `scope`: every labelled key, or on the sell screen below
/// 110 columns (`wide` false) the short forms.
pub fn footer(scope: Scope, lang: Lang, wide: bool) -> String {
    if scope == Scope::Sell && !wide {
        return of(scope)
            .filter_map(|b| b.short.map(|(k, l)| item(k.get(lang), l.get(lang))))
            .collect::<Vec<_>>()
            .join(" ");
    }
    of(scope)
        .filter_map(|b| b.label.map(|l| item(b.key.get(lang), l.get(lang))))
        .collect::<Vec<_>>()
        .join("  ")
}

/// The F1 help: the sell screen's keys and the global ones, one a line.
pub fn help_lines(lang: Lang) -> Vec<String> {
    of(Scope::Sell)
        .chain(of(Scope::Global).filter(|b| !b.scopes.contains(&Scope::Sell)))
        // the README's code marks are not shown on the screen
        .filter_map(|b| {
            b.help
                .map(|h| format!("{:<12} {}", b.keys, h.get(lang).replace('`', "")))
        })
        .collect()
}

/// The F1 help dialog's title and lines.
pub(crate) fn help_body(app: &App) -> (String, Vec<Line<'static>>) {
    (
        app.t(" Phím tắt ", " Keys ").into(),
        help_lines(app.lang).into_iter().map(Line::from).collect(),
    )
}

/// The README's key table (English), between its marker comments.
pub fn readme_table() -> String {
    let mut out = String::new();
    let sections: [(&str, &[Scope]); 4] = [
        ("sell screen", &[Scope::Sell, Scope::Global]),
        ("pay screen", &[Scope::Pay]),
        ("receipt", &[Scope::Done]),
        ("reports (F12)", &[Scope::Reports]),
    ];
    for (name, scopes) in sections {
        out.push_str(&format!("\n| {name} | does |\n|---|---|\n"));
        let mut seen: Vec<&Binding> = Vec::new();
        for b in scopes.iter().flat_map(|s| of(*s)) {
            if seen.iter().any(|x| std::ptr::eq(*x, b)) {
                continue;
            }
            seen.push(b);
            if let Some(h) = b.help {
                out.push_str(&format!("| {} | {} |\n", b.keys, h.1));
            }
        }
    }
    out
}

/// The README's key table sits between these comments.
pub const README_BEGIN: &str = "<!-- keymap:begin (generated from src/tui/keymap/mod.rs; test tui::keymap) -->";
pub const README_END: &str = "<!-- keymap:end -->";

#[cfg(test)]
mod tests;
