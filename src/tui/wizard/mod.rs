//! The officer's wizard: identify the shop, one question per screen with
//! the pillar, a progress bar, options on number keys, back/next, a note,
//! "don't know"; every answer is saved at once so a closed laptop resumes at
//! the same question; a results screen at the end. Scoring and conditions
//! live in `assess`; this module only moves between screens, `draw` draws
//! them.

mod draw;

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
    /// Where the time an answer is stamped with comes from (`Ctx::clock`).
    pub clock: crate::time::Clock,
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
            clock: crate::time::Clock::default(),
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
        self.a.updated_at = self.clock.now_rfc3339();
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
                    self.a.finish(&o, self.clock.now());
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
}

/// Run the wizard on a terminal, saving after every answer.
pub fn run(
    store: &mut Store,
    q: &Questionnaire,
    a: Assessment,
    lang: Lang,
    clock: crate::time::Clock,
) -> std::io::Result<()> {
    // A fresh assessment (nothing answered by hand yet) starts on the shop's identity.
    let ask_identity = a.position == 0 && a.answers.values.keys().all(|k| a.answers.from_data.contains_key(k));
    let previous = store.previous_assessment(&a).ok().flatten();
    let mut w = Wizard::new(q.clone(), a, lang, ask_identity);
    w.clock = clock;
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
mod tests;
