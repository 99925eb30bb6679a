//! The counter's one key map: for every screen (and dialog kind), which key
//! does what and how it is labelled, in both languages. The footer, the F1
//! help and the README's key table are all generated from [`BINDINGS`], so
//! they cannot disagree with each other. Keys are dispatched from it too:
//! the global ones (language, quit) by [`global_action`], and a screen asks
//! [`action`] what a key does in its [`Scope`] and matches on the
//! [`Action`], so a key shown in the footer or the help is the key that
//! does it.
//!
//! To add a key: add a [`Binding`] in the right place of [`BINDINGS`]
//! (`table.rs`; the order is the order shown) with its chords, handle its
//! [`Action`] in the screen's key function, then run
//! `cargo test --lib tui::keymap` and paste the README table it prints
//! when it differs.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::Line;

use super::counter::{App, Modal, Screen};
use crate::i18n::Lang;

mod table;
pub use table::BINDINGS;

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
    /// Clear the typed line (Esc on the sell screen).
    ClearInput,
    /// The arrows and page keys: move a selection or scroll.
    Up,
    Down,
    PageUp,
    PageDown,
    /// Enter on the review of a sale: says which key confirms.
    Hint,
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
    /// The key presses that do it (`true`: with Ctrl), looked up by
    /// [`action`]; the screens and dialogs match on the [`Action`] it
    /// returns (typing into a field is not in the map).
    pub chords: &'static [(KeyCode, bool)],
}

impl Binding {
    /// The footer label.
    pub const fn label(mut self, label: Text) -> Binding {
        self.label = Some(label);
        self
    }

    /// The narrow sell footer's key and label.
    pub const fn short(mut self, key: Text, label: Text) -> Binding {
        self.short = Some((key, label));
        self
    }

    /// The keys written out for the F1 help and the README, when they are
    /// not the footer's key.
    pub const fn keys(mut self, keys: &'static str) -> Binding {
        self.keys = keys;
        self
    }

    /// What it does, for the F1 help and the README.
    pub const fn help(mut self, help: Text) -> Binding {
        self.help = Some(help);
        self
    }
}

/// The bindings of `scope`, in order.
pub fn of(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.scopes.contains(&scope))
}

/// What `key` does in `scope` (not counting the [`Scope::Global`] keys),
/// from the bindings' chords: a chord with Ctrl needs Ctrl; one without
/// takes the key whatever the modifiers (as the screens always did), unless
/// the same key with Ctrl is a chord of its own.
pub fn action(scope: Scope, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let with = |needs_ctrl: bool| {
        of(scope)
            .find(|b| b.chords.iter().any(|&(code, c)| code == key.code && c == needs_ctrl))
            .map(|b| b.action)
    };
    if ctrl {
        with(true).or_else(|| with(false))
    } else {
        with(false)
    }
}

/// The action of a key that works everywhere (language, quit), if it is one.
pub fn global_action(key: &KeyEvent) -> Option<Action> {
    action(Scope::Global, key)
}

/// Which footer the counter shows now.
pub fn scope_of(app: &App) -> Scope {
    match (&app.modal, &app.screen) {
        (Some(m), _) => dialog_scope(m),
        (None, Screen::Pay) => Scope::Pay,
        (None, Screen::Reports) => Scope::Reports,
        (None, Screen::Customers) => Scope::Customers,
        (None, Screen::Receiving) => Scope::Receiving,
        (None, Screen::Done) => Scope::Done,
        (None, Screen::Sell | Screen::Login) => Scope::Sell,
    }
}

/// Where a dialog's keys are: the review of a sale has its own.
pub fn dialog_scope(m: &Modal) -> Scope {
    match m {
        Modal::Review { on_reference: true, .. } => Scope::ReviewTyping,
        Modal::Review {
            void: false, method, ..
        } if super::counter::needs_reference(*method) => Scope::ReviewReference,
        Modal::Review { .. } => Scope::Review,
        _ => Scope::Dialog,
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
