//! The message catalogue: every error text once per language, looked up by
//! key (`messages.toml` beside this file, included at compile time).
//!
//! A key is `section.name` (`store.not_found`); a text names its
//! placeholders in braces (`{path}`), `{{` and `}}` stand for braces.
//! Code asks for a message with [`msg_key!`](crate::msg_key):
//! `msg_key!("store.not_found", path = p.display())`. The tests below read
//! every `msg_key!` in `src/` and check that its key exists, that it fills
//! exactly the entry's placeholders, that every entry is used, and that
//! both languages are there (Vietnamese with its diacritics).

use std::collections::BTreeMap;
use std::fmt::{self, Display};
use std::sync::OnceLock;

use super::Msg;

const CATALOGUE: &str = include_str!("messages.toml");

/// One message in both languages.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    vi: String,
    en: String,
}

type Sections = BTreeMap<String, BTreeMap<String, Entry>>;

fn parse() -> Result<BTreeMap<String, Entry>, String> {
    let sections: Sections = toml::from_str(CATALOGUE).map_err(|e| e.to_string())?;
    Ok(sections
        .into_iter()
        .flat_map(|(s, names)| names.into_iter().map(move |(n, e)| (format!("{s}.{n}"), e)))
        .collect())
}

fn entries() -> &'static BTreeMap<String, Entry> {
    static ENTRIES: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    // A catalogue that does not parse is caught by `tests::the_catalogue_parses`.
    ENTRIES.get_or_init(|| parse().unwrap_or_default())
}

/// A piece of a text: literal text or a placeholder's name.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Hole(&'a str),
}

/// Split a text into literal pieces and placeholders; `Err` names what is
/// malformed (an unclosed or empty brace).
fn pieces(text: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        if i > 0 {
            out.push(Piece::Text(&rest[..i]));
        }
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push(Piece::Text("{"));
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push(Piece::Text("}"));
            rest = after;
        } else if tail.starts_with('}') {
            return Err(format!("a lone '}}' in {text:?}"));
        } else {
            let end = tail.find('}').ok_or_else(|| format!("an unclosed '{{' in {text:?}"))?;
            let name = &tail[1..end];
            if name.is_empty()
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                return Err(format!(
                    "placeholder {{{name}}} in {text:?}: expected lower-case letters, digits, _"
                ));
            }
            out.push(Piece::Hole(name));
            rest = &tail[end + 1..];
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// Fill a text's placeholders from `args`. A placeholder without an
/// argument stays as it is (and fails a debug build; the tests check every
/// call).
fn fill(key: &str, text: &str, args: &[(&str, &dyn Display)]) -> String {
    let Ok(pieces) = pieces(text) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + 16);
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Hole(name) => match args.iter().find(|(n, _)| *n == name) {
                Some((_, v)) => {
                    let _ = fmt::write(&mut out, format_args!("{v}"));
                }
                None => {
                    debug_assert!(false, "message {key}: no value for {{{name}}}");
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

impl Msg {
    /// The catalogue's message `key` with its placeholders filled from
    /// `args` (name, value). Use [`msg_key!`](crate::msg_key), whose calls
    /// the tests check against the catalogue.
    pub fn from_key(key: &str, args: &[(&str, &dyn Display)]) -> Msg {
        match entries().get(key) {
            Some(e) => Msg::new(fill(key, &e.vi, args), fill(key, &e.en, args)),
            None => {
                debug_assert!(false, "no message {key} in the catalogue");
                Msg::new(key, key)
            }
        }
    }
}

/// The English text of a catalogue message, for `Display` of error types.
pub fn english(key: &str, args: &[(&str, &dyn Display)]) -> String {
    Msg::from_key(key, args).en
}

/// `msg_key!("store.not_found", path = p.display(), detail)`: the catalogue
/// message with each named placeholder filled (`name` alone uses the
/// variable of that name).
#[macro_export]
macro_rules! msg_key {
    (@val $name:ident = $val:expr) => {
        $val
    };
    (@val $name:ident) => {
        $name
    };
    ($key:literal $(, $name:ident $(= $val:expr)?)* $(,)?) => {
        $crate::i18n::Msg::from_key(
            $key,
            &[$((stringify!($name), &$crate::msg_key!(@val $name $(= $val)?) as &dyn ::std::fmt::Display)),*],
        )
    };
}

/// `Display` (the English text of `self.msg()`) and `std::error::Error`
/// for an error type whose texts come from the catalogue.
#[macro_export]
macro_rules! english_display {
    ($t:ty) => {
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.msg().en)
            }
        }

        impl ::std::error::Error for $t {}
    };
}

/// `refused_from!(CounterError::Refused <- TextError, CheckoutError)`:
/// a module's typed error becomes a refusal of a service error (its
/// message), so `?` works across the layers.
#[macro_export]
macro_rules! refused_from {
    ($target:ident :: $variant:ident <- $($err:ty),+ $(,)?) => {
        $(
            impl From<$err> for $target {
                fn from(e: $err) -> Self {
                    $target::$variant(e.msg())
                }
            }
        )+
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    /// The placeholder names of a text.
    fn holes(text: &str) -> Result<BTreeSet<String>, String> {
        Ok(pieces(text)?
            .into_iter()
            .filter_map(|p| match p {
                Piece::Hole(n) => Some(n.to_string()),
                Piece::Text(_) => None,
            })
            .collect())
    }

    /// A `msg_key!` call found in the sources.
    struct Call {
        place: String,
        key: String,
        names: BTreeSet<String>,
    }

    fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                rs_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The text of a call's arguments up to its closing parenthesis.
    fn call_args(s: &str) -> Option<&str> {
        let mut depth = 0usize;
        let mut in_str = false;
        let mut escaped = false;
        for (i, c) in s.char_indices() {
            if in_str {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_str = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_str = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => return Some(&s[..i]),
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            }
        }
        None
    }

    /// Split at top-level commas.
    fn top_level(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let (mut depth, mut start, mut in_str, mut escaped) = (0usize, 0, false, false);
        for (i, c) in s.char_indices() {
            if in_str {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_str = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_str = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    out.push(&s[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        out.push(&s[start..]);
        out.into_iter().map(str::trim).filter(|a| !a.is_empty()).collect()
    }

    fn calls() -> Vec<Call> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rs_files(&src, &mut files);
        files.sort();
        let mut out = Vec::new();
        for f in files {
            if f.ends_with("i18n/catalogue.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for (at, _) in text.match_indices("msg_key!(") {
                let line = text[..at].lines().count().max(1);
                let place = format!("{}:{line}", f.strip_prefix(&src).unwrap_or(&f).display());
                let args = call_args(&text[at + "msg_key!(".len()..]).unwrap_or("");
                let parts = top_level(args);
                let key = parts
                    .first()
                    .map(|k| k.trim_matches('"').to_string())
                    .unwrap_or_default();
                let names = parts[1.min(parts.len())..]
                    .iter()
                    .map(|a| a.split('=').next().unwrap_or("").trim().to_string())
                    .collect();
                out.push(Call { place, key, names });
            }
        }
        out
    }

    #[test]
    fn the_catalogue_parses() {
        let all = parse().unwrap();
        assert!(all.len() > 50, "{} entries", all.len());
    }

    #[test]
    fn both_languages_are_there_with_the_same_placeholders() {
        let mut bad = Vec::new();
        for (key, e) in parse().unwrap() {
            if e.vi.trim().is_empty() || e.en.trim().is_empty() {
                bad.push(format!("{key}: a text is empty"));
                continue;
            }
            match (holes(&e.vi), holes(&e.en)) {
                (Ok(v), Ok(n)) if v != n => bad.push(format!("{key}: vi has {v:?}, en has {n:?}")),
                (Err(x), _) | (_, Err(x)) => bad.push(format!("{key}: {x}")),
                _ => {}
            }
            // Vietnamese words carry diacritics; a text of placeholders and
            // punctuation only has no words to carry them.
            let words: String = pieces(&e.vi)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| match p {
                    Piece::Text(t) => Some(t),
                    Piece::Hole(_) => None,
                })
                .collect();
            if words.chars().any(|c| c.is_ascii_alphabetic()) && words.is_ascii() {
                bad.push(format!("{key}: the Vietnamese text has no diacritics: {:?}", e.vi));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn every_call_names_an_entry_and_fills_exactly_its_placeholders() {
        let all = parse().unwrap();
        let calls = calls();
        assert!(!calls.is_empty());
        let mut bad = Vec::new();
        for c in &calls {
            let Some(e) = all.get(&c.key) else {
                bad.push(format!("{}: no entry {:?} in messages.toml", c.place, c.key));
                continue;
            };
            let want = holes(&e.en).unwrap_or_default();
            for missing in want.difference(&c.names) {
                bad.push(format!("{}: {} needs a value for {{{missing}}}", c.place, c.key));
            }
            for extra in c.names.difference(&want) {
                bad.push(format!("{}: {} has no placeholder {{{extra}}}", c.place, c.key));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn every_entry_is_used() {
        let used: BTreeSet<String> = calls().into_iter().map(|c| c.key).collect();
        let unused: Vec<String> = parse().unwrap().into_keys().filter(|k| !used.contains(k)).collect();
        assert!(unused.is_empty(), "entries no code uses: {unused:?}");
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        let m = Msg::from_key("store.corrupt", &[("path", &"a.db"), ("detail", &"x")]);
        assert!(m.en.contains("a.db") && m.en.contains("(x)"), "{}", m.en);
        assert!(m.vi.contains("a.db") && m.vi.contains("(x)"), "{}", m.vi);
        assert_eq!(
            pieces("a {{b}} {c}").unwrap(),
            vec![
                Piece::Text("a "),
                Piece::Text("{"),
                Piece::Text("b"),
                Piece::Text("}"),
                Piece::Text(" "),
                Piece::Hole("c")
            ]
        );
        assert!(pieces("a {b").is_err());
        assert!(pieces("a {}").is_err());
    }

    #[test]
    #[should_panic(expected = "no value for {detail}")]
    fn a_missing_value_is_caught() {
        let _ = Msg::from_key("store.corrupt", &[("path", &"a.db")]);
    }

    #[test]
    fn the_source_scanner_reads_calls() {
        let parts = top_level(r#""x.y", a, b = f(1, 2), c = "s,t""#);
        assert_eq!(parts, vec![r#""x.y""#, "a", "b = f(1, 2)", r#"c = "s,t""#]);
    }
}
