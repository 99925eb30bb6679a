//! Shell state and key handling: `state + key → state/action`, no drawing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::catalog::search::SearchIndex;
use crate::i18n::Lang;
use crate::shop::ShopProfile;

/// What the event loop should do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    Quit,
}

pub struct App {
    pub profile: ShopProfile,
    pub lang: Lang,
    pub input: String,
    pub index: Option<SearchIndex>,
    /// Indices into `index.products()` of the current results.
    pub results: Vec<usize>,
    pub selected: usize,
    /// Status line: the last thing that happened.
    pub status: Option<String>,
}

pub const RESULT_LIMIT: usize = 20;

impl App {
    pub fn new(profile: ShopProfile, lang: Lang) -> App {
        App {
            profile,
            lang,
            input: String::new(),
            index: None,
            results: Vec::new(),
            selected: 0,
            status: None,
        }
    }

    pub fn set_index(&mut self, index: SearchIndex) {
        self.index = Some(index);
        self.refresh();
    }

    pub fn t(&self, vi: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(vi, en)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Action {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::F(10) => return Action::Quit,
            KeyCode::Char('c') | KeyCode::Char('q') if ctrl => return Action::Quit,
            KeyCode::F(2) => self.lang = self.lang.other(),
            KeyCode::Esc => {
                self.input.clear();
                self.status = None;
                self.refresh();
            }
            KeyCode::Backspace => {
                self.input.pop();
                self.refresh();
            }
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down if self.selected + 1 < self.results.len() => self.selected += 1,
            KeyCode::Enter => self.enter(),
            KeyCode::Char(c) if !ctrl => {
                self.input.push(c);
                self.refresh();
            }
            _ => {}
        }
        Action::None
    }

    pub fn paste(&mut self, text: &str) {
        self.input.extend(text.chars().filter(|c| !c.is_control()));
        self.refresh();
    }

    /// Enter on the search line: a scanned barcode is looked up exactly;
    /// otherwise the selected result is shown in the status line.
    fn enter(&mut self) {
        let Some(index) = &self.index else { return };
        let query = self.input.trim().to_string();
        if query.is_empty() {
            return;
        }
        let is_code = query.bytes().all(|b| b.is_ascii_digit()) && query.len() >= 8;
        let chosen = if is_code {
            match index.by_barcode(&query) {
                Some(p) if p.active => Some(p),
                Some(p) => {
                    self.status = Some(format!(
                        "{}: {}",
                        self.t("Mặt hàng đã ngừng bán", "Product deactivated"),
                        p.name
                    ));
                    return;
                }
                None => {
                    self.status = Some(format!(
                        "{} {query} — {}",
                        self.t("Không có mã vạch", "Unknown barcode"),
                        self.t("gõ tên hàng để tìm", "type the name to search")
                    ));
                    self.input.clear();
                    self.refresh();
                    return;
                }
            }
        } else {
            self.results
                .get(self.selected)
                .map(|&i| &index.products()[i])
        };
        if let Some(p) = chosen {
            self.status = Some(format!("{} — {} / {}", p.name, p.price, p.unit));
            self.input.clear();
            self.refresh();
        }
    }

    fn refresh(&mut self) {
        self.selected = 0;
        self.results.clear();
        let Some(index) = &self.index else { return };
        if self.input.trim().is_empty() {
            return;
        }
        self.results = index
            .search(&self.input, RESULT_LIMIT)
            .iter()
            .map(|h| h.position)
            .collect();
    }
}
