//! The wizard's keys and screens.

use super::*;
use crate::assess::record::ShopIdentity;

fn wizard() -> Wizard {
    let q = crate::assess::load("m.toml", include_str!("../../../assessments/examples/minimal.toml")).unwrap();
    let shop = ShopIdentity {
        name: "Tạp hóa Cô Ba".into(),
        ..Default::default()
    };
    let a = Assessment::start(&q, shop, "officer", crate::time::Clock::System.now());
    Wizard::new(q, a, Lang::Vi, false)
}

fn key(w: &mut Wizard, code: KeyCode) -> Step {
    w.handle(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(w: &mut Wizard, s: &str) {
    for c in s.chars() {
        key(w, KeyCode::Char(c));
    }
}

fn screen(w: &Wizard) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 24)).unwrap();
    t.draw(|f| w.draw(f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn cash_only_skips_the_cashless_share_question() {
    let mut w = wizard();
    assert!(screen(&w).contains("Cửa hàng nhận thanh toán không tiền mặt thế nào?"));
    assert_eq!(key(&mut w, KeyCode::Char('1')), Step::Save);
    assert!(screen(&w).contains("Cửa hàng dùng công cụ số nào?"), "A2 is skipped");
    // back goes to A1, not to the skipped A2
    key(&mut w, KeyCode::Left);
    assert!(screen(&w).contains("(•) Chỉ tiền mặt"));
}

#[test]
fn every_kind_of_answer_a_note_and_the_results() {
    let mut w = wizard();
    key(&mut w, KeyCode::Char('2'));
    typed(&mut w, "45");
    assert!(screen(&w).contains("> 45▏ %"));
    key(&mut w, KeyCode::Enter);
    // multi: none is exclusive
    typed(&mut w, "21");
    assert_eq!(w.picked, vec!["none".to_string()]);
    typed(&mut w, "124");
    assert_eq!(w.picked, vec!["x".to_string(), "z".to_string()]);
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Char('n'));
    typed(&mut w, "chủ không nhớ");
    assert_eq!(key(&mut w, KeyCode::Enter), Step::Save);
    assert_eq!(key(&mut w, KeyCode::Char('?')), Step::Save);
    w.previous = Some(("2026-05-18".into(), 0, 20.0));
    let s = screen(&w);
    assert!(
        s.contains("So với lần đánh giá 2026-05-18: mức 0 → 1, 20.0 → 40.0 (+20.0)"),
        "{s}"
    );
    assert!(s.contains("Mức 1: Khởi động — 40.0/100 (tạm tính"), "{s}");
    assert!(s.contains("Thanh toán"));
    assert_eq!(key(&mut w, KeyCode::Enter), Step::Save);
    assert!(w.a.finished);
    assert_eq!(w.a.level, Some(1));
    assert_eq!(w.a.answers.notes["B2"], "chủ không nhớ");
}

#[test]
fn a_number_out_of_range_is_refused_on_the_screen() {
    let mut w = wizard();
    key(&mut w, KeyCode::Char('3'));
    typed(&mut w, "140");
    assert_eq!(key(&mut w, KeyCode::Enter), Step::None);
    assert!(screen(&w).contains("A2: 140 nằm ngoài 0–100 %"));
    assert!(!w.a.answers.values.contains_key("A2"));
}

#[test]
fn next_without_an_answer_says_what_to_do() {
    let mut w = wizard();
    assert_eq!(key(&mut w, KeyCode::Right), Step::None);
    assert!(screen(&w).contains("Chưa trả lời"));
}

fn shipped(ask_identity: bool) -> Wizard {
    let q = crate::assess::bundled("retail-store-vn-2026").unwrap().unwrap();
    let shop = ShopIdentity {
        name: "Tạp hóa Cô Ba".into(),
        ..Default::default()
    };
    let a = Assessment::start(&q, shop, "officer", crate::time::Clock::System.now());
    Wizard::new(q, a, Lang::Vi, ask_identity)
}

fn go_to(w: &mut Wizard, id: &str) {
    w.a.position = w.asked.iter().position(|q| q.id == id).unwrap();
    w.mode = Mode::Question;
    w.load_input();
}

fn screen_at(w: &Wizard, cols: u16, rows: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(cols, rows)).unwrap();
    t.draw(|f| w.draw(f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn consent_is_the_first_question_after_identity() {
    let mut w = shipped(true);
    for _ in 0..IDENTITY_FIELDS.len() {
        key(&mut w, KeyCode::Enter);
    }
    assert!(matches!(w.mode, Mode::Question));
    assert_eq!(w.current().unwrap().id, "P07", "{}", screen(&w));
    assert!(screen(&w).contains("Chủ cửa hàng có đồng ý gửi kết quả"));
}

#[test]
fn question_marks_and_ns_are_letters_in_a_free_text_answer() {
    let mut w = shipped(false);
    go_to(&mut w, "P06");
    typed(&mut w, "Hẻm 12? nhà cuối");
    assert_eq!(w.current().unwrap().id, "P06", "still on the text question");
    assert!(matches!(w.mode, Mode::Question));
    key(&mut w, KeyCode::Enter);
    assert_eq!(w.a.answers.values["P06"], Answer::Choice("Hẻm 12? nhà cuối".into()));
    assert!(w.a.answers.notes.is_empty());
    // F2 is "don't know" there
    go_to(&mut w, "P06");
    key(&mut w, KeyCode::F(2));
    assert_eq!(w.a.answers.values["P06"], Answer::Unknown);
}

#[test]
fn esc_on_the_identity_form_keeps_what_was_typed() {
    let mut w = shipped(true);
    key(&mut w, KeyCode::Down);
    typed(&mut w, "Nguyễn Thị Ba");
    assert_eq!(key(&mut w, KeyCode::Esc), Step::SaveAndQuit);
    assert_eq!(w.a.shop.owner, "Nguyễn Thị Ba");
}

#[test]
fn the_officers_guidance_is_shown_under_the_question() {
    let mut w = shipped(false);
    go_to(&mut w, "VH01");
    let s = screen_at(&w, 120, 30);
    assert!(
        s.contains("Hướng dẫn: Nếu không có dữ liệu phần mềm: cán bộ chọn ngẫu nhiên 10 mặt hàng"),
        "{s}"
    );
}

#[test]
fn an_answer_the_till_contradicts_asks_for_a_note() {
    let mut w = shipped(false);
    w.a.answers.till.insert("pos.cashless_share_value_90d".into(), 50.8);
    go_to(&mut w, "KH01");
    assert_eq!(key(&mut w, KeyCode::Char('1')), Step::Save, "cash only");
    assert!(matches!(w.mode, Mode::Note(_)));
    let s = screen_at(&w, 120, 30);
    assert!(
        s.contains("Câu trả lời khác số liệu máy bán hàng: 50.8 % không tiền mặt theo giá trị"),
        "{s}"
    );
    assert_eq!(key(&mut w, KeyCode::Enter), Step::None, "an empty note is not enough");
    typed(&mut w, "chủ quên loa QR");
    assert_eq!(key(&mut w, KeyCode::Enter), Step::Save);
    assert_eq!(w.a.answers.notes["KH01"], "chủ quên loa QR");
    assert_ne!(w.current().unwrap().id, "KH01", "moved on after the note");
}

#[test]
fn the_results_screen_fits_80_by_24() {
    let mut w = shipped(false);
    for q in w.asked.clone() {
        let a = match q.kind.as_str() {
            "single" => Answer::Choice(q.options[q.options.len() / 2].value.clone()),
            "multi" => Answer::Choices(vec![q.options[0].value.clone()]),
            "text" => Answer::Choice("x".into()),
            _ => Answer::Number(q.bands[2].min),
        };
        w.a.answers.values.insert(q.id.clone(), a);
    }
    w.a.position = w.total();
    w.settle(1);
    w.previous = Some(("2026-05-18".into(), 1, 30.0));
    let s = screen_at(&w, 80, 24);
    for p in &w.q.pillars {
        let name: String = p.name_vi.chars().take(20).collect();
        assert!(s.contains(&name), "{name} missing:\n{s}");
    }
    assert!(s.contains("Khuyến nghị:"), "{s}");
    assert!(s.contains("Enter lưu kết quả"), "the footer is visible:\n{s}");
}

#[test]
fn a_shop_assessed_before_is_picked_with_f5() {
    let mut w = shipped(true);
    w.a.shop = ShopIdentity::default();
    w.known = vec![ShopIdentity {
        name: "Tạp hoá Cô Ba".into(),
        address: "12 Lê Lợi".into(),
        tax_code: Some("8012345678".into()),
        ..Default::default()
    }];
    typed(&mut w, "tap hoa");
    assert!(screen(&w).contains("Tạp hoá Cô Ba — 12 Lê Lợi"), "{}", screen(&w));
    key(&mut w, KeyCode::F(5));
    assert_eq!(w.a.shop.tax_code.as_deref(), Some("8012345678"));
    assert_eq!(w.a.shop.address, "12 Lê Lợi");
}

/// An answer is stamped with the time of the wizard's clock (the one made
/// at start-up), not read from the machine.
#[test]
fn an_answer_is_stamped_by_the_wizards_clock() {
    let mut w = wizard();
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+07:00").unwrap();
    w.clock = crate::time::Clock::fixed(at);
    assert_eq!(key(&mut w, KeyCode::Char('1')), Step::Save);
    assert_eq!(w.a.updated_at, "2026-03-01T09:00:00+07:00");
}
