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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::import::parse_csv;
    use crate::catalog::{NewProduct, Product};
    use crate::shop::TaxMethod;
    use crossterm::event::KeyEvent;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    pub(crate) fn demo_app(lang: Lang) -> App {
        let profile = ShopProfile {
            shop_id: "x".into(),
            name: "Cửa hàng mẫu (DEMO)".into(),
            address: "12 Lê Lợi".into(),
            ward: "Thuận Hóa".into(),
            phone: None,
            tax_code: None,
            tax_method: TaxMethod::Direct,
            bank_bin: "970436".into(),
            bank_account: "1".into(),
            own_qr: None,
            is_demo: true,
        };
        let rows = parse_csv(crate::demo::SAMPLE_CATALOG).unwrap().rows;
        let products = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let NewProduct {
                    sku,
                    barcodes,
                    name,
                    unit,
                    price,
                    vat,
                    tags,
                } = r.product;
                Product {
                    id: i as i64 + 1,
                    sku,
                    barcodes,
                    name,
                    unit,
                    price,
                    vat,
                    tags,
                    active: true,
                    stock_milli: 0,
                }
            })
            .collect();
        let mut app = App::new(profile, lang);
        app.set_index(SearchIndex::new(products));
        app
    }

    fn typed(app: &mut App, s: &str) {
        for c in s.chars() {
            app.handle_key(KeyEvent::from(KeyCode::Char(c)));
        }
    }

    fn screen(app: &App, w: u16, h: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| super::super::view::draw(f, app)).unwrap();
        let buf = t.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..h {
            for x in 0..w {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn typing_searches_and_enter_picks() {
        let mut app = demo_app(Lang::Vi);
        typed(&mut app, "mut buoi");
        assert_eq!(
            app.index.as_ref().unwrap().products()[app.results[0]].sku,
            "MUT-BUOI"
        );
        app.handle_key(KeyEvent::from(KeyCode::Enter));
        assert!(app.status.as_deref().unwrap().starts_with("Mứt bưởi 250g"));
        assert!(app.input.is_empty());
    }

    #[test]
    fn a_scan_of_an_unknown_code_says_so_and_clears_the_line() {
        let mut app = demo_app(Lang::En);
        typed(&mut app, "8930000000000");
        app.handle_key(KeyEvent::from(KeyCode::Enter));
        assert!(
            app.status
                .as_deref()
                .unwrap()
                .starts_with("Unknown barcode 8930000000000")
        );
        assert!(app.input.is_empty());
    }

    #[test]
    fn quit_and_language_keys() {
        let mut app = demo_app(Lang::Vi);
        assert_eq!(app.handle_key(KeyEvent::from(KeyCode::F(2))), Action::None);
        assert_eq!(app.lang, Lang::En);
        assert_eq!(app.handle_key(KeyEvent::from(KeyCode::F(10))), Action::Quit);
    }

    #[test]
    fn the_screen_shows_the_demo_label_and_results_at_80x24() {
        let mut app = demo_app(Lang::Vi);
        typed(&mut app, "ca phe");
        let s = screen(&app, 80, 24);
        assert!(s.contains("CỬA HÀNG MẪU"), "{s}");
        assert!(s.contains("Cà phê sữa đá lon 235ml"), "{s}");
        assert!(s.contains("F10 thoát"), "{s}");
        let big = screen(&app, 120, 40);
        assert!(big.contains("Cà phê sữa đá lon 235ml"));
    }

    #[test]
    fn a_too_small_terminal_gets_a_message_not_garbage() {
        let app = demo_app(Lang::En);
        let s = screen(&app, 60, 20);
        assert!(s.contains("Terminal too small: 60×20"), "{s}");
        // and never panics at tiny sizes
        for (w, h) in [(1, 1), (10, 3), (79, 24), (80, 23)] {
            screen(&app, w, h);
        }
    }
}
