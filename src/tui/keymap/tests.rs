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

const ALL_SCOPES: [Scope; 11] = [
    Scope::Global,
    Scope::Sell,
    Scope::Pay,
    Scope::Done,
    Scope::Reports,
    Scope::Customers,
    Scope::Dialog,
    Scope::Review,
    Scope::ReviewReference,
    Scope::ReviewTyping,
    Scope::Receiving,
];

/// The key event of a chord.
fn press(&(code, ctrl): &(KeyCode, bool)) -> KeyEvent {
    if ctrl {
        KeyEvent::new(code, KeyModifiers::CONTROL)
    } else {
        KeyEvent::from(code)
    }
}

#[test]
fn every_chord_does_its_binding_in_each_of_its_scopes() {
    for b in BINDINGS {
        for scope in b.scopes {
            for chord in b.chords {
                assert_eq!(
                    action(*scope, &press(chord)),
                    Some(b.action),
                    "{chord:?} on {scope:?} should be {:?}",
                    b.action
                );
            }
        }
    }
}

/// The keys a screen or dialog shows in its footer or help are keys it is
/// dispatched by.
#[test]
fn every_key_a_screen_shows_has_its_chords() {
    for scope in ALL_SCOPES {
        // "type the reference" labels typing, which is no chord
        for b in of(scope).filter(|b| b.action != Action::TypeReference) {
            assert!(
                !b.chords.is_empty(),
                "{} ({:?}) on {scope:?} is shown but no key press does it",
                b.keys,
                b.action
            );
        }
    }
}

#[test]
fn no_key_means_two_things_on_one_screen() {
    for scope in ALL_SCOPES {
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
            "{:?} {} {} {:?} {:?} {} {:?}",
            app.screen == Screen::Sell,
            app.modal.is_some(),
            app.till.cart.lines.len(),
            app.status,
            app.lang,
            app.till.undo.len(),
            app.sell,
        )
    }
    for b in of(Scope::Sell) {
        for &(code, ctrl) in b.chords {
            let mut app = app_with_cart();
            match b.action {
                Action::Add => app.sell.input = "8936000001025".into(),
                Action::Undo => {
                    key(&mut app, KeyCode::Delete);
                }
                // two lines, the second selected: ↑ moves up, ↓ from the first down
                Action::Up | Action::Down => {
                    crate::tui::counter::tests::scanned(&mut app, "8936000001025");
                    if b.action == Action::Down {
                        app.sell.cart_sel = 0;
                    }
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

/// A key the sell screen's map does not bind (and that types nothing)
/// leaves the counter as it was: no effect, no change.
#[test]
fn a_key_not_in_the_map_does_nothing_on_the_sell_screen() {
    use crate::tui::counter::tests::{app_with_cart, scanned};
    use crate::tui::counter::{App, Effect};
    fn state(app: &App) -> String {
        format!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {:?}",
            app.screen,
            app.modal,
            app.till.cart,
            app.status,
            app.lang,
            app.sell,
            app.till.undo,
            app.till.cart_no,
            app.pay.is_some(),
            app.till.overrides,
        )
    }
    let unbound = [
        KeyEvent::from(KeyCode::Insert),
        KeyEvent::from(KeyCode::Home),
        KeyEvent::from(KeyCode::End),
        KeyEvent::from(KeyCode::PageUp),
        KeyEvent::from(KeyCode::PageDown),
        KeyEvent::from(KeyCode::Left),
        KeyEvent::from(KeyCode::Right),
        KeyEvent::from(KeyCode::Tab),
        KeyEvent::from(KeyCode::BackTab),
        KeyEvent::from(KeyCode::F(13)),
        KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL),
        KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL),
        KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL),
    ];
    for k in unbound {
        assert_eq!(action(Scope::Sell, &k), None, "{k:?} is in the sell map");
        assert_eq!(global_action(&k), None, "{k:?} is a global key");
        // a cart with two lines, something typed and a search showing
        let mut app = app_with_cart();
        scanned(&mut app, "8936000001025");
        for c in "mu".chars() {
            app.handle_key_at(KeyEvent::from(KeyCode::Char(c)), std::time::Instant::now());
        }
        let before = state(&app);
        let effect = app.handle_key_at(k, std::time::Instant::now() + std::time::Duration::from_secs(60));
        assert_eq!(effect, Effect::None, "{k:?}");
        assert_eq!(state(&app), before, "{k:?} changed the counter");
    }
}

/// A Ctrl chord wins over the same letter without Ctrl; without Ctrl only
/// the plain letter matches.
#[test]
fn ctrl_chords_need_ctrl() {
    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(action(Scope::Sell, &ctrl_z), Some(Action::Undo));
    assert_eq!(action(Scope::Sell, &KeyEvent::from(KeyCode::Char('z'))), None);
    // a plain chord takes the key whatever the modifiers (shifted letters)
    let shifted = KeyEvent::new(KeyCode::Char('T'), KeyModifiers::SHIFT);
    assert_eq!(action(Scope::Pay, &shifted), Some(Action::Cash));
}

/// While the refund's reference is typed, letters are the code: C/Y only
/// confirm outside the field.
#[test]
fn letters_typed_into_the_reference_are_never_a_confirmation() {
    let c = KeyEvent::from(KeyCode::Char('c'));
    assert_eq!(action(Scope::Review, &c), Some(Action::Confirm));
    assert_eq!(action(Scope::ReviewReference, &c), Some(Action::Confirm));
    assert_eq!(action(Scope::ReviewTyping, &c), None);
    assert_eq!(
        action(Scope::ReviewTyping, &KeyEvent::from(KeyCode::Enter)),
        Some(Action::Done)
    );
}
