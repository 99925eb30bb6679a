//! [`BINDINGS`]: every key of the counter, in the order shown. A binding
//! is `on(scopes, action, key, chords)` (the key as the footer shows it and
//! the key presses that do it), then `.label(…)` for the footer, `.short(…)`
//! for the narrow sell footer, `.keys(…)` when the F1 help writes the key
//! out differently, `.help(…)` for the F1 help and the README. A binding
//! with neither label nor help is a key that works but is not advertised
//! (arrows, page keys).

use crossterm::event::KeyCode::{self, Delete, Down, Enter, Esc, F, Left, PageDown, PageUp, Right, Tab, Up};

use super::{Action, Binding, Scope, Text};

const fn t(vi: &'static str, en: &'static str) -> Text {
    Text(vi, en)
}

const fn same(k: &'static str) -> Text {
    Text(k, k)
}

/// A key pressed with or without modifiers.
const fn k(code: KeyCode) -> (KeyCode, bool) {
    (code, false)
}

/// Letters (each case listed), with or without modifiers.
macro_rules! letter {
    ($($c:literal),+) => {
        &[$((KeyCode::Char($c), false)),+]
    };
}

/// A letter with Ctrl.
const fn ctrl(c: char) -> (KeyCode, bool) {
    (KeyCode::Char(c), true)
}

/// A binding of `scopes`: `action`, shown as `key`, done by `chords`.
const fn on(scopes: &'static [Scope], action: Action, key: Text, chords: &'static [(KeyCode, bool)]) -> Binding {
    Binding {
        scopes,
        action,
        key,
        label: None,
        short: None,
        keys: key.0,
        help: None,
        chords,
    }
}

const SELL: &[Scope] = &[Scope::Sell];
const GLOBAL: &[Scope] = &[Scope::Global];
const PAY: &[Scope] = &[Scope::Pay];
const DONE: &[Scope] = &[Scope::Done];
const REPORTS: &[Scope] = &[Scope::Reports];
const CUSTOMERS: &[Scope] = &[Scope::Customers];
const RECEIVING: &[Scope] = &[Scope::Receiving];

/// Every key of the counter, in the order shown.
pub const BINDINGS: &[Binding] = &[
    // ---- the sell screen
    on(SELL, Action::Add, same("Enter"), &[k(Enter)]).help(t(
        "thêm hàng (mã vạch, mã hàng hoặc kết quả chọn); 3*MÃ: thêm 3 cái, 0,35*MÃ: 0,35 kg",
        "add (barcode, SKU or the picked result); `3*CODE` adds 3, `0,35*CODE` 0,35 kg",
    )),
    on(SELL, Action::Pay, same("F5"), &[k(F(5))])
        .label(t("Thanh toán", "Pay"))
        .short(same("F5"), t("Trả tiền", "Pay"))
        .help(t("thanh toán", "pay (the keys of the pay screen are below)")),
    on(SELL, Action::Quantity, same("F2"), &[k(F(2))])
        .label(t("Số lượng", "Quantity"))
        .short(same("F2"), t("SL", "Qty"))
        .help(t("số lượng của dòng đang chọn", "quantity of the selected line")),
    on(SELL, Action::LineDiscount, same("F3"), &[k(F(3))])
        .label(t("Giảm dòng", "Line discount"))
        .short(same("F3/F4"), t("Giảm", "Disc"))
        .help(t(
            "giảm giá dòng (10% hoặc 5000; quá ngưỡng cần quản lý)",
            "line discount (`10%` or `5000`; above the profile's threshold a manager's PIN is asked)",
        )),
    on(SELL, Action::CartDiscount, same("F4"), &[k(F(4))])
        .label(t("Giảm đơn", "Cart discount"))
        .help(t("giảm giá cả đơn", "cart discount (same rules)")),
    on(SELL, Action::Remove, same("Del"), &[k(Delete)])
        .label(t("Xóa", "Remove"))
        .short(same("Del"), t("Xóa", "Rm"))
        .help(t("xóa dòng đang chọn", "remove the selected line")),
    on(SELL, Action::Undo, same("^Z"), &[ctrl('z')])
        .label(t("Hoàn tác", "Undo"))
        .short(same("^Z"), t("Lại", "Undo"))
        .keys("Ctrl+Z")
        .help(t("hoàn tác", "undo")),
    on(SELL, Action::Park, same("F6"), &[k(F(6))])
        .label(t("Giữ", "Park"))
        .short(same("F6"), t("Giữ", "Park"))
        .help(t(
            "tạm giữ đơn (Đơn 1, Đơn 2…, lưu trong tệp cửa hàng)",
            "park the cart (kept in the shop file; Cart 1, Cart 2…)",
        )),
    on(SELL, Action::Recall, same("F7"), &[k(F(7))])
        .label(t("Gọi", "Recall"))
        .short(same("F7"), t("Gọi", "Recall"))
        .help(t("gọi lại đơn đang giữ", "recall a parked cart")),
    on(SELL, Action::VoidOrRefund, same("F8"), &[k(F(8))])
        .label(t("Hủy", "Void"))
        .short(same("F8"), t("Hủy", "Void"))
        .help(t(
            "hủy đơn cuối; hoặc gõ số đơn để trả hàng (cần quản lý)",
            "void the last sale, or type a sale number to refund what is left of it (new documents; manager PIN)",
        )),
    on(SELL, Action::Reprint, same("F9"), &[k(F(9))]).help(t("in lại phiếu", "reprint the last receipt")),
    on(SELL, Action::Reports, same("F12"), &[k(F(12))])
        .label(t("Báo cáo", "Reports"))
        .help(t(
            "báo cáo: tỷ lệ không tiền mặt, báo cáo ca, nộp/rút tiền, chốt ca",
            "reports: this month's cashless share, the session report, cash in/out, closing (keys below)",
        )),
    on(SELL, Action::Receiving, same("^R"), &[ctrl('r')])
        .keys("Ctrl+R")
        .help(t(
            "nhập hàng từ nhà cung cấp: quét mã, SL*MÃ@GIÁ, Tab đổi nhà cung cấp, F5 lưu phiếu",
            "receive goods from a supplier: scan, QTY*CODE@COST, Tab changes the supplier, F5 saves the document",
        )),
    on(SELL, Action::OwnQr, same("^O"), &[ctrl('o')])
        .keys("Ctrl+O")
        .help(t(
            "mã QR nhận tiền của cửa hàng (cần quản lý)",
            "the shop's own payment QR (bank sticker, MoMo, ZaloPay): paste or scan it, check it, save (manager)",
        )),
    on(SELL, Action::Help, same("F1"), &[k(F(1))])
        .label(t("Phím", "Keys"))
        .short(same("F1"), same("?"))
        .help(t("danh sách phím này", "this list of keys")),
    // ---- everywhere
    on(GLOBAL, Action::Language, same("F11"), &[k(F(11)), ctrl('l')])
        .keys("F11 / Ctrl+L")
        .help(t(
            "English ↔ Tiếng Việt (Ctrl+L khi F11 bị Windows Terminal dùng để phóng to)",
            "English ↔ Tiếng Việt (Ctrl+L where F11 is taken, as by Windows Terminal for full screen)",
        )),
    // ---- the receipt after payment
    on(DONE, Action::NewSale, same("Enter"), &[k(Enter), k(Esc)])
        .label(t("Đơn mới", "New sale"))
        .help(t("đơn mới", "new sale")),
    on(DONE, Action::Reprint, same("F9"), &[k(F(9))])
        .label(t("In lại", "Reprint"))
        .help(t("in lại phiếu", "reprint the receipt")),
    on(
        &[Scope::Global, Scope::Sell, Scope::Done],
        Action::Quit,
        same("F10"),
        &[k(F(10)), ctrl('q'), ctrl('c')],
    )
    .label(t("Thoát", "Quit"))
    .short(same("F10"), t("Thoát", "Quit"))
    .keys("F10 / Ctrl+Q")
    .help(t(
        "thoát (đơn đang mở được tạm giữ trước, không mất gì)",
        "quit (Ctrl+C too; a cart still open is parked first and the name it was parked under is said, nothing is lost)",
    )),
    // ---- the pay screen
    on(PAY, Action::Cash, same("T"), letter!('t', 'T'))
        .label(t("Tiền mặt", "Cash"))
        .help(t(
            "tiền mặt (F1–F5: tờ tiền kế tiếp, Enter trống = vừa đủ)",
            "cash (F1–F5 = the next 10k/50k/100k/200k/500k note, Enter with nothing typed = exact)",
        )),
    on(PAY, Action::Transfer, same("C"), letter!('c', 'C'))
        .label(t("Chuyển khoản", "Transfer"))
        .help(t(
            "chuyển khoản VietQR (Enter hiện mã; Enter lần nữa khi tiền đã về)",
            "VietQR transfer (Enter shows the code for the amount with the sale number; Enter again once the money shows in the bank app)",
        )),
    on(PAY, Action::Card, same("K"), letter!('k', 'K'))
        .label(t("Thẻ", "Card"))
        .help(t("thẻ", "card")),
    on(PAY, Action::OnAccount, same("N"), letter!('n', 'N')).help(t(
        "ghi nợ cho khách đã chọn (Ctrl+K); quá hạn mức thì cần mã PIN của quản lý",
        "on account (debt) of the customer picked with Ctrl+K; over their limit a manager's PIN approves it",
    )),
    on(PAY, Action::Wallet, same("V"), letter!('v', 'V'))
        .label(t("Ví", "Wallet"))
        .help(t(
            "ví điện tử (1–5 hoặc ↑↓ chọn ví, Enter; rồi số tiền; Tab: mã tham chiếu)",
            "e-wallet (its own step: 1–5 or ↑↓ picks MoMo, ZaloPay, VNPay, ShopeePay, other, Enter takes it; then the amount; Tab for a reference)",
        )),
    on(PAY, Action::Notes, same("F1-F5"), &[k(F(1)), k(F(2)), k(F(3)), k(F(4)), k(F(5))])
        .label(t("Mệnh giá", "Notes"))
        .help(t("tờ tiền kế tiếp", "the next note up")),
    on(PAY, Action::Take, same("Enter"), &[k(Enter)])
        .label(t("Nhận", "Take"))
        .help(t(
            "nhận số tiền đã gõ",
            "take the typed amount (several tenders split the bill)",
        )),
    on(PAY, Action::Back, same("Esc"), &[k(Esc)])
        .label(t("Lại", "Back"))
        .help(t("quay lại giỏ hàng", "back to the cart")),
    on(SELL, Action::Customer, same("Ctrl+K"), &[ctrl('k')]).help(t(
        "chọn khách hàng của đơn (tên không dấu hoặc SĐT) để ghi nợ",
        "pick the sale's customer (name without diacritics or phone), for a sale on account",
    )),
    on(SELL, Action::NewItem, same("Ctrl+N"), &[ctrl('n')]).help(t(
        "thêm mã vạch vừa quét mà danh mục chưa có (TÊN;ĐƠN VỊ;GIÁ;VAT) và bán ngay; cần quản lý khi có người dùng",
        "add the barcode just scanned that the catalogue does not know (NAME;UNIT;PRICE;VAT) and sell it at once; a manager once there are users",
    )),
    on(SELL, Action::PriceOverride, same("^P"), &[ctrl('p')])
        .keys("Ctrl+P")
        .help(t(
            "đổi giá dòng đang chọn, kèm lý do (ghi vào nhật ký); giảm quá ngưỡng chiết khấu cần quản lý",
            "a new price for the selected line, with a reason (kept in the audit log); more off than the discount threshold needs a manager",
        )),
    // ---- the reports screen
    on(REPORTS, Action::DebtBook, same("D"), letter!('d', 'D')).help(t(
        "sổ nợ: ai nợ bao nhiêu, sao kê từng khách",
        "the debt book: who owes what, each customer's statement",
    )),
    // ---- the customer picker and the debt book
    on(CUSTOMERS, Action::Pick, same("Enter"), &[k(Enter)]).label(t("Chọn (khi chọn khách)", "Pick (when picking)")),
    on(CUSTOMERS, Action::Back, same("Esc"), &[k(Esc)]).label(t("Quay lại", "Back")),
    on(REPORTS, Action::SessionReport, same("X"), letter!('x', 'X'))
        .label(t("Báo cáo ca / biểu đồ", "Session report / charts"))
        .help(t(
            "báo cáo ca (X) ↔ biểu đồ",
            "the live X report of the session ↔ the charts",
        )),
    on(
        REPORTS,
        Action::CashIn,
        t("N", "I"),
        letter!('n', 'N', 'i', 'I'),
    )
    .label(t("Nộp tiền", "Cash in"))
    .keys("N / I")
    .help(t(
        "nộp tiền vào két (có lý do)",
        "put cash into the drawer (with a reason)",
    )),
    on(
        REPORTS,
        Action::CashOut,
        t("R", "O"),
        letter!('r', 'R', 'o', 'O'),
    )
    .label(t("Rút tiền", "Cash out"))
    .keys("R / O")
    .help(t(
        "rút tiền khỏi két (có lý do)",
        "take cash out of the drawer (with a reason)",
    )),
    on(REPORTS, Action::CloseSession, same("Z"), letter!('z', 'Z'))
        .label(t("Chốt ca", "Close the session"))
        .help(t(
            "chốt ca với tiền đếm được (báo cáo Z; cần quản lý)",
            "close the session with the counted cash (numbered, frozen Z report; manager)",
        )),
    on(REPORTS, Action::Back, same("Esc"), &[k(Esc), k(Enter), k(F(12))])
        .label(t("Quay lại", "Back"))
        .help(t("quay lại bán hàng", "back to selling")),
    // ---- dialogs
    // typing the reference: letters are the code (no chord)
    on(&[Scope::ReviewTyping], Action::TypeReference, same(""), &[]).label(t("Gõ mã giao dịch", "Type the reference")),
    on(&[Scope::ReviewTyping], Action::Done, same("Enter"), &[k(Enter), k(Up)]).label(t("Xong", "Done")),
    on(&[Scope::Review, Scope::ReviewReference], Action::Confirm, t("C", "Y"), letter!('c', 'C', 'y', 'Y'))
        .label(t("Xác nhận", "Confirm")),
    on(
        &[Scope::Review, Scope::ReviewReference],
        Action::ChangeMethod,
        same("Tab"),
        &[k(Tab), k(KeyCode::Char('m')), k(KeyCode::Char('M'))],
    )
    .label(t("Đổi cách trả lại", "Change how money goes back")),
    on(&[Scope::ReviewReference], Action::Reference, same("R"), &[k(KeyCode::Char('r')), k(KeyCode::Char('R')), k(Down)])
        .label(t("Mã giao dịch", "Reference")),
    on(
        &[Scope::Review, Scope::ReviewReference, Scope::ReviewTyping],
        Action::Cancel,
        same("Esc"),
        &[k(Esc)],
    )
    .label(t("Thôi", "Cancel")),
    on(&[Scope::Dialog], Action::Confirm, same("Enter"), &[k(Enter)]).label(t("xác nhận", "confirm")),
    on(&[Scope::Dialog], Action::NextField, same("Tab"), &[k(Tab)]).label(t("đổi ô", "next field")),
    on(&[Scope::Dialog], Action::Cancel, same("Esc"), &[k(Esc)]).label(t("bỏ", "cancel")),
    // ---- receiving goods (Ctrl+R)
    on(RECEIVING, Action::Add, same("Enter"), &[k(Enter)]).label(t("thêm", "add")),
    on(RECEIVING, Action::NextField, same("Tab"), &[k(Tab)]).label(t("nhà cung cấp", "supplier")),
    on(RECEIVING, Action::Remove, same("Del"), &[k(Delete)]).label(t("xóa dòng", "remove line")),
    on(RECEIVING, Action::Confirm, same("F5"), &[k(F(5))]).label(t("lưu phiếu", "save")),
    on(RECEIVING, Action::Back, same("Esc"), &[k(Esc)]).label(t("quay lại", "back")),
    // ---- keys that work without being advertised
    on(SELL, Action::ClearInput, same("Esc"), &[k(Esc)]),
    on(
        &[Scope::Sell, Scope::Done, Scope::Reports, Scope::Customers, Scope::Receiving],
        Action::Up,
        same("↑"),
        &[k(Up)],
    ),
    on(
        &[Scope::Sell, Scope::Done, Scope::Reports, Scope::Customers, Scope::Receiving],
        Action::Down,
        same("↓"),
        &[k(Down)],
    ),
    on(&[Scope::Done, Scope::Reports], Action::PageUp, same("PgUp"), &[k(PageUp)]),
    on(&[Scope::Done, Scope::Reports], Action::PageDown, same("PgDn"), &[k(PageDown)]),
    // the pay screen: Tab to the reference field; the wallet step's arrows
    on(PAY, Action::NextField, same("Tab"), &[k(Tab)]),
    on(PAY, Action::Up, same("↑"), &[k(Up), k(Left)]),
    on(PAY, Action::Down, same("↓"), &[k(Down), k(Right)]),
    // the dialogs: ↑↓ move between fields or rows; the review's Enter
    // says how to confirm, and Tab while typing its reference changes the method
    on(&[Scope::Dialog], Action::Up, same("↑"), &[k(Up)]),
    on(&[Scope::Dialog], Action::Down, same("↓"), &[k(Down)]),
    on(&[Scope::Review, Scope::ReviewReference], Action::Hint, same("Enter"), &[k(Enter)]),
    on(&[Scope::ReviewTyping], Action::ChangeMethod, same("Tab"), &[k(Tab)]),
];
