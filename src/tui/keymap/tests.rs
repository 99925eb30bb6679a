//! The key map against the README, the help and itself.

use super::*;

#[test]
fn the_readme_key_table_is_the_key_map() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let expected = readme_table();
    let (Some(b), Some(e)) = (readme.find(README_BEGIN), readme.find(README_END)) else {
        panic!("README.md has no {README_BEGIN} … {README_END} markers; put this between them:\n{expected}");
    };
    let actual = &readme[b + README_BEGIN.len()..e];
    assert!(
        actual == expected,
        "README.md's key table differs from the key map; between the markers it should read:\n{expected}"
    );
}

#[test]
fn the_language_has_a_key_windows_terminal_leaves_alone() {
    let f11 = KeyEvent::from(KeyCode::F(11));
    let ctrl_l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
    assert_eq!(global_action(&f11), Some(Action::Language));
    assert_eq!(global_action(&ctrl_l), Some(Action::Language));
    // a plain l is a letter of a search
    assert_eq!(global_action(&KeyEvent::from(KeyCode::Char('l'))), None);
}

#[test]
fn no_key_means_two_things_on_one_screen() {
    for scope in [Scope::Sell, Scope::Pay, Scope::Done, Scope::Reports] {
        let mut bindings: Vec<&Binding> = Vec::new();
        for b in of(scope).chain(of(Scope::Global)) {
            if !bindings.iter().any(|x| std::ptr::eq(*x, b)) {
                bindings.push(b);
            }
        }
        let mut seen: Vec<(KeyCode, bool)> = Vec::new();
        for c in bindings.iter().flat_map(|b| b.chords) {
            assert!(!seen.contains(c), "{c:?} is bound twice on {scope:?}");
            seen.push(*c);
        }
    }
}

#[test]
fn the_help_lists_every_sell_key_and_the_language_keys_in_both_languages() {
    for lang in [Lang::Vi, Lang::En] {
        let help = help_lines(lang).join("\n");
        for k in [
            "F1",
            "F2",
            "F3",
            "F4",
            "F5",
            "F6",
            "F7",
            "F8",
            "F9",
            "F12",
            "Del",
            "Ctrl+Z",
            "Ctrl+O",
            "F10",
            "F11 / Ctrl+L",
        ] {
            assert!(help.contains(k), "{k} missing from the {lang:?} help");
        }
    }
}

/// Every key the sell screen's footer and help name does something there
/// (a key in the map that the screen ignores would be a lie on screen).
#[test]
fn every_sell_key_in_the_map_does_something() {
    use crate::tui::counter::tests::{app_with_cart, key};
    use crate::tui::counter::{App, Effect};
    fn seen(app: &App) -> String {
        format!(
            "{:?} {} {} {:?} {:?} {}",
            app.screen == Screen::Sell,
            app.modal.is_some(),
            app.cart.lines.len(),
            app.status,
            app.lang,
            app.undo.len()
        )
    }
    for b in of(Scope::Sell) {
        for &(code, ctrl) in b.chords {
            let mut app = app_with_cart();
            match b.action {
                Action::Add => app.input = "8936000001025".into(),
                Action::Undo => {
                    key(&mut app, KeyCode::Delete);
                }
                _ => {}
            }
            let before = seen(&app);
            let effect = if ctrl {
                app.handle_key_at(KeyEvent::new(code, KeyModifiers::CONTROL), std::time::Instant::now())
            } else {
                key(&mut app, code)
            };
            assert!(
                effect != Effect::None || seen(&app) != before,
                "{} ({:?}) does nothing on the sell screen",
                b.keys,
                b.action
            );
        }
    }
}
