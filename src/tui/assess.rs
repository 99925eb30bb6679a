//! The officer's wizard: identify the shop, one question per screen with
//! the pillar, a progress bar, options on number keys, back/next, a note,
//! "don't know"; every answer is saved at once so a closed laptop resumes at
//! the same question; a results screen at the end. Scoring and conditions
//! live in `assess`; this module only moves between screens.

use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Wrap};

use crate::assess::record::Assessment;
use crate::assess::score::{self, Answer, Outcome};
use crate::assess::{Question, Questionnaire, holds_any};
use crate::i18n::Lang;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// Editing the shop's identity; the field being edited.
    Identity(usize),
    Question,
    /// Typing a note for the current question.
    Note(String),
    Results(Box<Outcome>),
}

/// What the loop must do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    None,
    /// The assessment changed: write it to the file now.
    Save,
    /// Leave (everything is already saved).
    Quit,
    /// Save what is on screen (e.g. a half-typed identity), then leave.
    SaveAndQuit,
}

pub struct Wizard {
    pub q: Questionnaire,
    /// The questions in asking order (computed once).
    asked: Vec<Question>,
    pub a: Assessment,
    pub mode: Mode,
    /// Typed digits for number/percent questions, or text answers.
    pub input: String,
    /// Chosen options of a multiple-choice question not yet confirmed.
    pub picked: Vec<String>,
    pub lang: Lang,
    pub error: Option<String>,
    /// The input holds a stored answer: the first key typed replaces it.
    pub input_loaded: bool,
    /// The shop's previous finished assessment: (date, level, score).
    pub previous: Option<(String, usize, f64)>,
    /// The note being typed explains an answer that disagrees with the
    /// till: saving it moves on to the next question.
    advance_after_note: bool,
    /// Shops assessed before on this laptop, for the reassessment picker.
    pub known: Vec<crate::assess::record::ShopIdentity>,
    /// How many times F5 was pressed in a row (which match to take next).
    pick: usize,
}

const IDENTITY_FIELDS: [(&str, &str); 7] = [
    ("Tên cửa hàng", "Shop name"),
    ("Chủ cửa hàng", "Owner"),
    ("Địa chỉ", "Address"),
    ("Phường/xã", "Ward"),
    ("Điện thoại", "Phone"),
    ("Mã số thuế (không bắt buộc)", "Tax code (optional)"),
    ("CCCD chủ hộ (không bắt buộc)", "Owner's ID no. (optional)"),
];

impl Wizard {
    pub fn new(q: Questionnaire, a: Assessment, lang: Lang, ask_identity: bool) -> Wizard {
        let mut w = Wizard {
            asked: q.asked().into_iter().cloned().collect(),
            q,
            a,
            mode: if ask_identity {
                Mode::Identity(0)
            } else {
                Mode::Question
            },
            input: String::new(),
            picked: Vec::new(),
            lang,
            error: None,
            input_loaded: false,
            previous: None,
            advance_after_note: false,
            known: Vec::new(),
            pick: 0,
        };
        if !ask_identity {
            w.settle(1);
        }
        w
    }

    fn t<'s>(&self, vi: &'s str, en: &'s str) -> &'s str {
        self.lang.pick(vi, en)
    }

    /// The question on screen.
    fn current(&self) -> Option<&Question> {
        self.asked.get(self.a.position)
    }

    fn total(&self) -> usize {
        self.asked.len()
    }

    /// Whether the question at `i` is asked under the answers so far.
    fn is_asked(&self, i: usize) -> bool {
        let Some(question) = self.asked.get(i) else { return true };
        !holds_any(&self.q, &[&question.skip_if, &question.na_if], &self.a.answers)
    }

    /// Move past questions that are skipped or not applicable, in direction
    /// `dir` (+1/-1); at the end, show the results.
    fn settle(&mut self, dir: i64) {
        while self.a.position < self.total() && !self.is_asked(self.a.position) {
            if dir < 0 && self.a.position == 0 {
                break;
            }
            self.a.position = (self.a.position as i64 + dir).max(0) as usize;
        }
        self.load_input();
        if self.a.position >= self.total() {
            self.a.position = self.total();
            self.mode = Mode::Results(Box::new(score::score(&self.q, &self.a.answers)));
        } else if !matches!(self.mode, Mode::Note(_)) {
            self.mode = Mode::Question;
        }
    }

    /// Put the stored answer of the current question into the input.
    fn load_input(&mut self) {
        self.input.clear();
        self.picked.clear();
        self.input_loaded = true;
        let Some(question) = self.current().cloned() else {
            return;
        };
        match self.a.answers.values.get(&question.id) {
            Some(Answer::Number(n)) => self.input = n.to_string(),
            Some(Answer::Choice(v)) if question.kind == "text" => self.input = v.clone(),
            Some(Answer::Choices(vs)) => self.picked = vs.clone(),
            _ => {}
        }
    }

    fn answer(&mut self, id: String, a: Answer) -> Step {
        let question = self.q.question(&id).cloned();
        if let Some(question) = &question
            && let Err(e) = score::check(question, &a)
        {
            self.error = Some(e.get(self.lang).to_string());
            return Step::None;
        }
        self.error = None;
        if self.a.answers.values.get(&id) != Some(&a) {
            self.a.answers.from_data.remove(&id);
        }
        self.a.answers.values.insert(id.clone(), a);
        self.a.updated_at = crate::time::now_vn_rfc3339();
        // An answer the till contradicts is kept, but the officer is asked
        // why before going on (the report shows the till figure beside it).
        if let Some(question) = &question
            && let Some((metric, v)) = crate::assess::evidence::contradiction(question, &self.a.answers)
            && !self.a.answers.notes.contains_key(&id)
        {
            let figure = crate::assess::evidence::describe(&metric, v, self.lang);
            self.error = Some(format!(
                "{} {figure}. {}",
                self.t(
                    "Câu trả lời khác số liệu máy bán hàng:",
                    "The answer disagrees with the till:"
                ),
                self.t("Ghi chú lý do rồi Enter.", "Note why, then Enter.")
            ));
            self.advance_after_note = true;
            self.mode = Mode::Note(String::new());
            return Step::Save;
        }
        self.a.position += 1;
        self.settle(1);
        Step::Save
    }

    pub fn handle(&mut self, k: KeyEvent) -> Step {
        if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
            return Step::Quit;
        }
        match self.mode.clone() {
            Mode::Identity(i) => self.identity_key(i, k),
            Mode::Note(mut text) => match k.code {
                KeyCode::Esc => {
                    self.mode = Mode::Question;
                    self.advance_after_note = false;
                    Step::None
                }
                KeyCode::Enter => {
                    if self.advance_after_note && text.trim().is_empty() {
                        return Step::None;
                    }
                    if let Some(question) = self.current() {
                        let id = question.id.clone();
                        if text.trim().is_empty() {
                            self.a.answers.notes.remove(&id);
                        } else {
                            self.a.answers.notes.insert(id, text.trim().to_string());
                        }
                    }
                    self.mode = Mode::Question;
                    if std::mem::take(&mut self.advance_after_note) {
                        self.error = None;
                        self.a.position += 1;
                        self.settle(1);
                    }
                    Step::Save
                }
                KeyCode::Backspace => {
                    text.pop();
                    self.mode = Mode::Note(text);
                    Step::None
                }
                KeyCode::Char(c) => {
                    text.push(c);
                    self.mode = Mode::Note(text);
                    Step::None
                }
                _ => Step::None,
            },
            Mode::Results(o) => match k.code {
                KeyCode::Enter => {
                    self.a.finish(&o);
                    Step::Save
                }
                KeyCode::Left | KeyCode::PageUp => {
                    self.a.position = self.total().saturating_sub(1);
                    self.mode = Mode::Question;
                    self.settle(-1);
                    Step::None
                }
                KeyCode::Esc | KeyCode::Char('q') => Step::Quit,
                _ => Step::None,
            },
            Mode::Question => self.question_key(k),
        }
    }

    /// Known shops whose folded name contains the folded typed name.
    pub fn matches(&self) -> Vec<&crate::assess::record::ShopIdentity> {
        let typed = crate::text::fold(&self.a.shop.name);
        if typed.is_empty() {
            return Vec::new();
        }
        self.known
            .iter()
            .filter(|s| crate::text::fold(&s.name).contains(&typed))
            .collect()
    }

    fn identity_key(&mut self, i: usize, k: KeyEvent) -> Step {
        // F5: take a shop assessed before (the next match on each press),
        // so a reassessment links to the earlier visits.
        if k.code == KeyCode::F(5) {
            let found: Vec<_> = self.matches().into_iter().cloned().collect();
            if let Some(s) = found.get(self.pick % found.len().max(1)) {
                self.a.shop = s.clone();
                self.pick += 1;
            }
            return Step::None;
        }
        self.pick = 0;
        let shop = &mut self.a.shop;
        let mut tax = shop.tax_code.clone().unwrap_or_default();
        let mut pid = shop.personal_id.clone().unwrap_or_default();
        let field = match i {
            0 => &mut shop.name,
            1 => &mut shop.owner,
            2 => &mut shop.address,
            3 => &mut shop.ward,
            4 => &mut shop.phone,
            5 => &mut tax,
            _ => &mut pid,
        };
        let step = match k.code {
            KeyCode::Char(c) => {
                field.push(c);
                Step::None
            }
            KeyCode::Backspace => {
                field.pop();
                Step::None
            }
            KeyCode::Up | KeyCode::BackTab => {
                self.mode = Mode::Identity(i.saturating_sub(1));
                Step::None
            }
            KeyCode::Down | KeyCode::Tab | KeyCode::Enter if i + 1 < IDENTITY_FIELDS.len() => {
                self.mode = Mode::Identity(i + 1);
                Step::None
            }
            KeyCode::Enter => {
                if self.a.shop.name.trim().is_empty() {
                    self.error = Some(self.t("Cần tên cửa hàng", "The shop name is needed").to_string());
                    self.mode = Mode::Identity(0);
                    return Step::None;
                }
                self.error = None;
                self.mode = Mode::Question;
                self.settle(1);
                return Step::Save;
            }
            // What was typed is kept: the next `assess resume` shows it again.
            KeyCode::Esc => Step::SaveAndQuit,
            _ => Step::None,
        };
        if i == 5 {
            self.a.shop.tax_code = Some(tax).filter(|t| !t.trim().is_empty());
        }
        if i == 6 {
            self.a.shop.personal_id = Some(pid).filter(|t| !t.trim().is_empty());
        }
        step
    }

    fn question_key(&mut self, k: KeyEvent) -> Step {
        let Some(question) = self.current().cloned() else {
            return Step::None;
        };
        let id = question.id.clone();
        match (question.kind.as_str(), k.code) {
            (_, KeyCode::Esc) => Step::Quit,
            (_, KeyCode::Left | KeyCode::PageUp) => {
                if self.a.position > 0 {
                    self.a.position -= 1;
                    self.settle(-1);
                    if !self.is_asked(self.a.position) {
                        self.settle(1);
                    }
                }
                self.error = None;
                Step::Save
            }
            (_, KeyCode::Right | KeyCode::PageDown) => {
                if self.a.answers.values.contains_key(&id) {
                    self.a.position += 1;
                    self.settle(1);
                    Step::Save
                } else {
                    self.error = Some(
                        self.t(
                            "Chưa trả lời: chọn một đáp án hoặc ? (không biết)",
                            "Not answered: pick an answer or ? (don't know)",
                        )
                        .to_string(),
                    );
                    Step::None
                }
            }
            // In a free-text answer `?` and `n` are letters like any other;
            // there F2 is "don't know" and F3 the note.
            (kind, KeyCode::Char('?')) if kind != "text" => self.answer(id, Answer::Unknown),
            ("text", KeyCode::F(2)) => self.answer(id, Answer::Unknown),
            (kind, KeyCode::Char('n')) if kind != "text" => {
                self.mode = Mode::Note(self.a.answers.notes.get(&id).cloned().unwrap_or_default());
                Step::None
            }
            (_, KeyCode::F(3)) => {
                self.mode = Mode::Note(self.a.answers.notes.get(&id).cloned().unwrap_or_default());
                Step::None
            }
            ("single", KeyCode::Char(c)) if c.is_ascii_digit() => {
                let n = c.to_digit(10).unwrap_or(0) as usize;
                match question.options.get(n.wrapping_sub(1)) {
                    Some(o) => self.answer(id, Answer::Choice(o.value.clone())),
                    None => Step::None,
                }
            }
            ("multi", KeyCode::Char(c)) if c.is_ascii_digit() => {
                let n = c.to_digit(10).unwrap_or(0) as usize;
                if let Some(o) = question.options.get(n.wrapping_sub(1)) {
                    if let Some(i) = self.picked.iter().position(|v| v == &o.value) {
                        self.picked.remove(i);
                    } else {
                        if question.exclusive.contains(&o.value) {
                            self.picked.clear();
                        } else {
                            self.picked.retain(|v| !question.exclusive.contains(v));
                        }
                        self.picked.push(o.value.clone());
                    }
                }
                Step::None
            }
            ("multi", KeyCode::Enter) => {
                if self.picked.is_empty() {
                    self.error = Some(
                        self.t(
                            "Chọn ít nhất một đáp án (phím số), rồi Enter",
                            "Pick at least one option (number keys), then Enter",
                        )
                        .to_string(),
                    );
                    return Step::None;
                }
                let v = self.picked.clone();
                self.answer(id, Answer::Choices(v))
            }
            ("percent" | "number", KeyCode::Char(c)) if c.is_ascii_digit() || c == '.' || c == ',' => {
                if std::mem::take(&mut self.input_loaded) {
                    self.input.clear();
                }
                self.input.push(if c == ',' { '.' } else { c });
                Step::None
            }
            ("text", KeyCode::Char(c)) => {
                if std::mem::take(&mut self.input_loaded) {
                    self.input.clear();
                }
                self.input.push(c);
                Step::None
            }
            (_, KeyCode::Backspace) => {
                self.input_loaded = false;
                self.input.pop();
                Step::None
            }
            ("percent" | "number", KeyCode::Enter) => match self.input.trim().parse::<f64>() {
                Ok(n) => self.answer(id, Answer::Number(n)),
                Err(_) => {
                    self.error = Some(self.t("Nhập một số rồi Enter", "Type a number, then Enter").to_string());
                    Step::None
                }
            },
            ("text", KeyCode::Enter) => {
                let v = self.input.trim().to_string();
                self.answer(id, Answer::Choice(v))
            }
            _ => Step::None,
        }
    }

    pub fn draw(&self, f: &mut Frame) {
        let area = f.area();
        let title = format!(
            " quay · {} ",
            self.lang.pick(&self.q.meta.title_vi, &self.q.meta.title_en)
        );
        let block = Block::default().borders(Borders::ALL).title(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [head, gauge, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(2),
        ])
        .areas(inner);
        let shop = &self.a.shop.name;
        f.render_widget(Paragraph::new(format!("{}: {shop}", self.t("Cửa hàng", "Shop"))), head);
        let total = self.total().max(1);
        let done = self.a.position.min(total);
        f.render_widget(
            Gauge::default()
                .gauge_style(Style::default().fg(Color::Green))
                .ratio(done as f64 / total as f64)
                .label(format!("{done}/{total}")),
            gauge,
        );
        let mut lines: Vec<Line> = Vec::new();
        let keys = match &self.mode {
            Mode::Identity(i) => {
                lines.push(Line::from(self.t("Thông tin cửa hàng được đánh giá", "The shop being assessed")).bold());
                let s = &self.a.shop;
                let tax = s.tax_code.clone().unwrap_or_default();
                let pid = s.personal_id.clone().unwrap_or_default();
                let values = [&s.name, &s.owner, &s.address, &s.ward, &s.phone, &tax, &pid];
                for (n, ((vi, en), v)) in IDENTITY_FIELDS.iter().zip(values).enumerate() {
                    let marker = if n == *i { "▶ " } else { "  " };
                    let cursor = if n == *i { "▏" } else { "" };
                    lines.push(Line::from(format!(
                        "{marker}{:<28} {v}{cursor}",
                        self.lang.pick(vi, en)
                    )));
                }
                let found = self.matches();
                if !found.is_empty() {
                    lines.push(Line::from(""));
                    lines.push(Line::from(
                        self.t("Đã đánh giá trước đây (F5 chọn):", "Assessed before (F5 picks):"),
                    ));
                    for m in found.iter().take(3) {
                        lines.push(Line::from(format!("  {} — {}", m.name, m.address)));
                    }
                }
                self.t(
                    "Tab/↓ trường sau · ↑ trường trước · F5 cửa hàng đã đánh giá · Enter ở trường cuối: bắt đầu · Esc thoát (giữ thông tin)",
                    "Tab/↓ next field · ↑ previous · F5 a shop assessed before · Enter on the last field: start · Esc quit (kept)",
                )
            }
            Mode::Results(o) => {
                let name = self.lang.pick(&o.level_name_vi, &o.level_name_en);
                let prov = if o.provisional {
                    self.t(" (tạm tính: còn thiếu câu trả lời)", " (provisional: answers missing)")
                } else {
                    ""
                };
                lines.push(
                    Line::from(format!(
                        "{} {}: {name} — {:.1}/100{prov}",
                        self.t("Mức", "Level"),
                        o.level,
                        o.score
                    ))
                    .bold(),
                );
                if let Some((date, pl, ps)) = &self.previous {
                    let d = o.score - ps;
                    lines.push(Line::from(format!(
                        "{} {date}: {} {pl} → {}, {ps:.1} → {:.1} ({d:+.1})",
                        self.t("So với lần đánh giá", "Since the assessment of"),
                        self.t("mức", "level"),
                        o.level,
                        o.score
                    )));
                }
                if self.q.consent_refused(&self.a.answers) {
                    lines.push(Line::from(self.t(
                        "Không đồng ý chia sẻ: phiếu chỉ lưu trên máy này, không gửi phường.",
                        "No consent: the assessment stays on this laptop, not sent to the ward.",
                    )));
                }
                let disagree = crate::assess::evidence::contradictions(&self.q, &self.a.answers);
                if !disagree.is_empty() {
                    let ids: Vec<&str> = disagree.iter().map(|(id, _, _)| id.as_str()).collect();
                    lines.push(Line::styled(
                        format!(
                            "{} {}",
                            self.t("Khác số liệu máy bán hàng:", "Disagrees with the till:"),
                            ids.join(", ")
                        ),
                        Style::default().fg(Color::Yellow),
                    ));
                }
                // Fits 80 columns: names cut to 30, a 10-cell bar.
                let cols = body.width as usize;
                let cut = |s: &str, n: usize| -> String {
                    if s.chars().count() <= n {
                        s.to_string()
                    } else {
                        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
                        t.push('…');
                        t
                    }
                };
                for p in &o.pillars {
                    let filled = ((p.score / 10.0).round() as usize).min(10);
                    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled));
                    lines.push(Line::from(format!(
                        "{:<30} {bar} {:>5.1}  {} {}",
                        cut(self.lang.pick(&p.name_vi, &p.name_en), 30),
                        p.score,
                        self.t("mức", "level"),
                        p.level
                    )));
                }
                lines.push(Line::from(self.t("Khuyến nghị:", "Recommendations:")).bold());
                for (pillar, vi, en) in o.recommendations.iter().take(3) {
                    let text = format!(
                        "• {}: {}",
                        self.q.pillar_name(pillar, self.lang),
                        self.lang.pick(vi, en)
                    );
                    lines.push(Line::from(cut(&text, cols)));
                }
                if self.a.finished {
                    self.t(
                        "Đã lưu kết quả. Báo cáo: quay assess report · Esc thoát",
                        "Result saved. Report: quay assess report · Esc quit",
                    )
                } else {
                    self.t(
                        "Enter lưu kết quả · ← quay lại sửa · Esc thoát (lưu dở)",
                        "Enter save the result · ← go back · Esc quit (kept unfinished)",
                    )
                }
            }
            Mode::Question | Mode::Note(_) => {
                if let Some(question) = self.current() {
                    let pillar = if question.pillar.is_empty() {
                        self.t("Thông tin chung", "Profile").to_string()
                    } else {
                        self.q.pillar_name(&question.pillar, self.lang)
                    };
                    lines.push(Line::from(Span::styled(
                        format!("{pillar} · {}", question.id),
                        Style::default().fg(Color::Cyan),
                    )));
                    lines.push(Line::from(self.lang.pick(&question.text_vi, &question.text_en).to_string()).bold());
                    let guidance = self.lang.pick(&question.note_vi, &question.note_en);
                    if !guidance.trim().is_empty() {
                        lines.push(Line::from(Span::styled(
                            format!("{} {guidance}", self.t("Hướng dẫn:", "Guidance:")),
                            Style::default().fg(Color::Gray).add_modifier(Modifier::ITALIC),
                        )));
                    }
                    if let Some(h) = self.a.answers.hints.get(&question.id) {
                        lines.push(Line::from(Span::styled(
                            format!(
                                "{} {}",
                                self.t("Số liệu máy bán hàng:", "Till data:"),
                                crate::assess::evidence::shown(h)
                            ),
                            Style::default().fg(Color::Yellow),
                        )));
                    }
                    if let Some(d) = self.a.answers.from_data.get(&question.id) {
                        lines.push(Line::from(Span::styled(
                            format!(
                                "{} {}",
                                self.t("Số liệu máy bán hàng:", "Till data:"),
                                crate::assess::evidence::shown(d)
                            ),
                            Style::default().fg(Color::Yellow),
                        )));
                    }
                    lines.push(Line::from(""));
                    let current = self.a.answers.values.get(&question.id);
                    for (n, o) in question.options.iter().enumerate() {
                        let chosen = match current {
                            Some(Answer::Choice(v)) => v == &o.value,
                            _ => false,
                        } || self.picked.contains(&o.value);
                        let mark = if question.kind == "multi" {
                            if chosen { "[x]" } else { "[ ]" }
                        } else if chosen {
                            "(•)"
                        } else {
                            "( )"
                        };
                        let style = if chosen {
                            Style::default().add_modifier(Modifier::BOLD)
                        } else {
                            Style::default()
                        };
                        lines.push(Line::styled(
                            format!(" {} {mark} {}", n + 1, self.lang.pick(&o.label_vi, &o.label_en)),
                            style,
                        ));
                    }
                    if matches!(question.kind.as_str(), "percent" | "number" | "text") {
                        let unit = if question.kind == "percent" { " %" } else { "" };
                        lines.push(Line::from(format!("> {}▏{unit}", self.input)));
                    }
                    if let Some(Answer::Unknown) = current {
                        lines.push(Line::from(self.t("(đã ghi: không biết)", "(recorded: don't know)")));
                    }
                    if let Some(n) = self.a.answers.notes.get(&question.id) {
                        lines.push(Line::from(format!("{} {n}", self.t("Ghi chú:", "Note:"))));
                    }
                    if let Mode::Note(text) = &self.mode {
                        lines.push(Line::from(format!("{} {text}▏", self.t("Ghi chú:", "Note:"))).bold());
                    }
                }
                match (&self.mode, self.current().map(|q| q.kind.as_str())) {
                    (Mode::Note(_), _) => self.t("Enter lưu ghi chú · Esc bỏ", "Enter save the note · Esc cancel"),
                    (_, Some("text")) => self.t("Gõ câu trả lời, Enter · F2 không biết · F3 ghi chú · ← trước · → sau · Esc thoát (đã lưu)", "Type the answer, Enter · F2 don't know · F3 note · ← back · → next · Esc quit (saved)"),
                    (_, Some("multi")) => self.t("Số: chọn/bỏ · Enter xác nhận · ? không biết · n ghi chú · ← trước · → sau · Esc thoát (đã lưu)", "Numbers: toggle · Enter confirm · ? don't know · n note · ← back · → next · Esc quit (saved)"),
                    (_, Some("percent" | "number")) => self.t("Nhập số, Enter · ? không biết · n ghi chú · ← trước · → sau · Esc thoát (đã lưu)", "Type a number, Enter · ? don't know · n note · ← back · → next · Esc quit (saved)"),
                    _ => self.t("Số: chọn đáp án · ? không biết · n ghi chú · ← trước · → sau · Esc thoát (đã lưu)", "Number: pick · ? don't know · n note · ← back · → next · Esc quit (saved)"),
                }
            }
        };
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        let mut foot_lines = vec![Line::from(keys.to_string())];
        if let Some(e) = &self.error {
            foot_lines.insert(0, Line::styled(e.clone(), Style::default().fg(Color::Red)));
        }
        f.render_widget(Paragraph::new(foot_lines).wrap(Wrap { trim: true }), foot);
    }
}

/// Run the wizard on a terminal, saving after every answer.
pub fn run(store: &mut Store, q: &Questionnaire, a: Assessment, lang: Lang) -> std::io::Result<()> {
    // A fresh assessment (nothing answered by hand yet) starts on the shop's identity.
    let ask_identity = a.position == 0 && a.answers.values.keys().all(|k| a.answers.from_data.contains_key(k));
    let previous = store.previous_assessment(&a).ok().flatten();
    let mut w = Wizard::new(q.clone(), a, lang, ask_identity);
    // One entry per shop (the latest identity seen), for the picker.
    for past in store.assessments().unwrap_or_default().into_iter().rev() {
        if past.uid != w.a.uid && !w.known.iter().any(|k| k.same_shop(&past.shop)) {
            w.known.push(past.shop);
        }
    }
    w.previous = previous.and_then(|p| {
        let date = p
            .finished_at
            .as_deref()
            .unwrap_or(&p.started_at)
            .get(..10)
            .unwrap_or("")
            .to_string();
        Some((date, p.level?, p.score?))
    });
    let mut terminal = ratatui::try_init()?;
    let result = (|| -> std::io::Result<()> {
        loop {
            terminal.draw(|f| w.draw(f))?;
            if !event::poll(Duration::from_millis(500))? {
                continue;
            }
            let Event::Key(k) = event::read()? else { continue };
            if k.kind == KeyEventKind::Release {
                continue;
            }
            match w.handle(k) {
                Step::None => {}
                Step::Save => {
                    if let Err(e) = store.save_assessment(&w.a) {
                        w.error = Some(e.msg().get(lang).to_string());
                    }
                }
                Step::Quit => return Ok(()),
                Step::SaveAndQuit => {
                    // Leaving anyway: a failed save is reported on the way out.
                    store
                        .save_assessment(&w.a)
                        .map_err(|e| std::io::Error::other(e.msg().get(lang).to_string()))?;
                    return Ok(());
                }
            }
        }
    })();
    ratatui::restore();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::record::ShopIdentity;

    fn wizard() -> Wizard {
        let q = crate::assess::load("m.toml", include_str!("../../assessments/examples/minimal.toml")).unwrap();
        let shop = ShopIdentity {
            name: "Tạp hóa Cô Ba".into(),
            ..Default::default()
        };
        let a = Assessment::start(&q, shop, "officer");
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
        let a = Assessment::start(&q, shop, "officer");
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
}
