//! The layers of quay, checked on the source text (see "Layers" in
//! ARCHITECTURE.md).
//!
//! Every `src/**/*.rs` file belongs to the top-level module named by its
//! first path component (`src/report/ward.rs` → `report`). A file refers to
//! another top-level module through `crate::X` (in `use` lines, grouped
//! `use crate::{X, Y::z}` and paths in code, `$crate::X` in macros) or through
//! `super::` paths that climb out of its own top-level module
//! (`super::X` in `src/foo.rs`, `super::super::X` in `src/foo/bar.rs`).
//!
//! Rules (a module may always use its own submodules and anything lower):
//! - a **domain** module imports no `store`, no service and no front-end;
//! - `store` imports no service and no front-end;
//! - a **service** imports no front-end;
//! - `tui` does not import `cli` (the CLI is the program's entry point and
//!   may start the TUI, so the edge only goes `cli` → `tui`);
//! - no cycle among top-level modules, inside a layer too (`no_module_cycles`
//!   names the shortest cycle through each module with file:line per edge).
//!
//! Skipped: comments, string and character literals, and items under
//! `#[cfg(test)] mod NAME { … }` (unit tests may build fixtures from any
//! layer). `src/lib.rs` and `src/main.rs` only declare and start modules.
//! Every module declared in `src/lib.rs` must have a layer below.

use std::fmt;
mod common;

/// Pure code: no SQL, no I/O of their own.
const DOMAIN: &[&str] = &[
    "money",
    "text",
    "i18n",
    "time",
    "shop",
    "printer_settings",
    "catalog",
    "vietqr",
    "checkout",
    "sales",
    "users",
    "einvoice",
    "assess",
    "synth",
    "tax",
    "customers",
];
/// The only module with SQL.
const STORE: &str = "store";
/// Services: use `store` and the domain, do I/O (files, devices, logs).
const SERVICES: &[&str] = &[
    "context",
    "counter",
    "printing",
    "receipt",
    "report",
    "maturity",
    "doctor",
    "demo",
    "log",
    "invoicing",
    "staff",
    "stock",
];
/// Services of issue 18 (customers and the debt book, counter conveniences).
const SERVICES_18: &[&str] = &["debt", "quick_add"];
/// Front-ends: parse input, show results.
const FACES: &[&str] = &["cli", "tui"];

/// Edges that break a rule but are accepted for now, each with the issue
/// that will remove it: (from, to, why). Empty: no known exception.
const ALLOWED: &[(&str, &str, &str)] = &[];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Domain,
    Store,
    Service,
    Face,
}

fn layer(module: &str) -> Option<Layer> {
    if DOMAIN.contains(&module) {
        Some(Layer::Domain)
    } else if module == STORE {
        Some(Layer::Store)
    } else if SERVICES.contains(&module) || SERVICES_18.contains(&module) {
        Some(Layer::Service)
    } else if FACES.contains(&module) {
        Some(Layer::Face)
    } else {
        None
    }
}

/// A reference from one file to another top-level module.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ref {
    line: usize,
    target: String,
}

#[derive(Debug, PartialEq, Eq)]
struct Violation {
    file: String,
    line: usize,
    from: String,
    to: String,
    rule: &'static str,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: `{}` imports `{}`: {}",
            self.file, self.line, self.from, self.to, self.rule
        )
    }
}

/// Why `from` may not import `to`, or None when it may.
fn rule(from: &str, to: &str) -> Option<&'static str> {
    use Layer::*;
    let (lf, lt) = (layer(from)?, layer(to)?);
    match (lf, lt) {
        (Domain, Store | Service | Face) => Some("a domain module imports no store, service or front-end"),
        (Store, Service | Face) => Some("store imports no service or front-end"),
        (Service, Face) => Some("a service imports no front-end"),
        (Face, Face) if from == "tui" && to == "cli" => Some("the TUI does not import the CLI"),
        _ => None,
    }
}

/// Top-level module and module depth of a path relative to `src/`
/// (`shop.rs` → ("shop", 1), `report/mod.rs` → ("report", 1),
/// `report/ward.rs` → ("report", 2)). None for `lib.rs` and `main.rs`.
fn module_of(rel: &str) -> Option<(String, usize)> {
    let parts: Vec<&str> = rel.split('/').collect();
    if parts.len() == 1 && (parts[0] == "lib.rs" || parts[0] == "main.rs") {
        return None;
    }
    let top = parts[0].trim_end_matches(".rs").to_string();
    let last = parts[parts.len() - 1];
    let depth = if last == "mod.rs" { parts.len() - 1 } else { parts.len() };
    Some((top, depth))
}

/// The source with comments and the contents of string and character
/// literals replaced by spaces; newlines are kept so lines still count.
fn strip(src: &str) -> Vec<char> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::with_capacity(c.len());
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < c.len() {
        let prev_ident = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.extend([' ', ' ']);
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.extend([' ', ' ']);
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            c.get(j) == Some(&'"')
        } {
            // raw string r#"…"#
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c[j] == '#' {
                hashes += 1;
                j += 1;
            }
            out.extend(std::iter::repeat_n(' ', j + 1 - i));
            i = j + 1;
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                    out.extend(std::iter::repeat_n(' ', hashes + 1));
                    i += hashes + 1;
                    break;
                }
                out.push(blank(c[i]));
                i += 1;
            }
        } else if c[i] == '"' {
            out.push(' ');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' && i + 1 < c.len() {
                    out.push(' ');
                    out.push(blank(c[i + 1]));
                    i += 2;
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c[i] == '\'' {
            // a character literal ('x', '\n', '\'', '\u{..}') or a lifetime
            if c.get(i + 1) == Some(&'\\') {
                let mut j = i + 2;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                if c.get(j - 1) == Some(&'\\') && c.get(j + 1) == Some(&'\'') {
                    j += 1; // '\''
                }
                out.extend(std::iter::repeat_n(' ', j.min(c.len() - 1) + 1 - i));
                i = j + 1;
            } else if c.get(i + 2) == Some(&'\'') {
                out.extend([' ', ' ', ' ']);
                i += 3;
            } else {
                out.push('\'');
                i += 1;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Every reference from a file to a top-level module outside it.
/// `depth` is the file's module depth (see `module_of`).
fn refs(src: &str, depth: usize) -> Vec<Ref> {
    let c = strip(src);
    let mut out = Vec::new();
    let mut line = 1;
    let mut braces = 0usize;
    let mut inline: Vec<usize> = Vec::new(); // brace level where an inline `mod x {` opened
    let mut skip_to: Option<usize> = None; // inside `#[cfg(test)] mod x {`
    let mut cfg_test = false;
    let mut i = 0;
    // skip whitespace, counting lines
    let ws = |i: &mut usize, line: &mut usize| {
        while *i < c.len() && c[*i].is_whitespace() {
            if c[*i] == '\n' {
                *line += 1;
            }
            *i += 1;
        }
    };
    let ident = |i: &mut usize| -> String {
        let s = *i;
        while *i < c.len() && is_ident(c[*i]) {
            *i += 1;
        }
        c[s..*i].iter().collect()
    };
    let colons = |i: &mut usize, line: &mut usize| -> bool {
        let mut j = *i;
        let mut l = *line;
        ws(&mut j, &mut l);
        if c.get(j) == Some(&':') && c.get(j + 1) == Some(&':') {
            j += 2;
            ws(&mut j, &mut l);
            *i = j;
            *line = l;
            true
        } else {
            false
        }
    };
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch == '#' && (c.get(i + 1) == Some(&'[') || c.get(i + 1) == Some(&'!')) {
            // an attribute: note `cfg(test)`, skip the rest
            let start = i;
            while i < c.len() && c[i] != '[' {
                i += 1;
            }
            let mut d = 0;
            while i < c.len() {
                match c[i] {
                    '[' => d += 1,
                    ']' => d -= 1,
                    '\n' => line += 1,
                    _ => {}
                }
                i += 1;
                if d == 0 {
                    break;
                }
            }
            let text: String = c[start..i].iter().filter(|ch| !ch.is_whitespace()).collect();
            if text == "#[cfg(test)]" {
                cfg_test = true;
            }
        } else if ch == '{' {
            braces += 1;
            cfg_test = false;
            i += 1;
        } else if ch == '}' {
            braces = braces.saturating_sub(1);
            if inline.last() == Some(&braces) {
                inline.pop();
            }
            if skip_to == Some(braces) {
                skip_to = None;
            }
            i += 1;
        } else if ch == ';' {
            cfg_test = false;
            i += 1;
        } else if is_ident(ch) && (i == 0 || !is_ident(c[i - 1])) {
            let at_path_start = {
                let mut j = i;
                while j > 0 && c[j - 1].is_whitespace() {
                    j -= 1;
                }
                !(j >= 2 && c[j - 1] == ':' && c[j - 2] == ':')
            };
            let word = ident(&mut i);
            if word == "pub" {
                continue;
            }
            if word == "mod" {
                let mut j = i;
                let mut l = line;
                ws(&mut j, &mut l);
                let _name = ident(&mut j);
                ws(&mut j, &mut l);
                if c.get(j) == Some(&'{') {
                    if cfg_test && skip_to.is_none() {
                        skip_to = Some(braces);
                    }
                    inline.push(braces);
                }
                cfg_test = false;
                i = j;
                line = l;
                continue;
            }
            cfg_test = false;
            if skip_to.is_some() || !at_path_start || (word != "crate" && word != "super") {
                continue;
            }
            // climb: crate:: goes to the root; each super:: one level up
            let here = depth + inline.len();
            let mut ups = 0;
            let mut w = word;
            let mut j = i;
            let mut l = line;
            let root = loop {
                if w == "crate" {
                    break colons(&mut j, &mut l);
                }
                if w != "super" || !colons(&mut j, &mut l) {
                    break false;
                }
                ups += 1;
                if ups == here {
                    break true;
                }
                w = ident(&mut j);
            };
            if !root {
                continue;
            }
            if c.get(j) == Some(&'{') {
                // use crate::{a, b::c, …}: the first segment of each item
                j += 1;
                let mut d = 1;
                let mut expect = true;
                while j < c.len() && d > 0 {
                    match c[j] {
                        '\n' => l += 1,
                        '{' => d += 1,
                        '}' => d -= 1,
                        ',' if d == 1 => expect = true,
                        ch if is_ident(ch) && d == 1 && expect => {
                            let tl = l;
                            let t = ident(&mut j);
                            expect = false;
                            if t != "self" {
                                out.push(Ref { line: tl, target: t });
                            }
                            continue;
                        }
                        _ => {}
                    }
                    j += 1;
                }
            } else if j < c.len() && is_ident(c[j]) {
                let tl = l;
                let t = ident(&mut j);
                out.push(Ref { line: tl, target: t });
            }
            i = j;
            line = l;
        } else {
            i += 1;
        }
    }
    out
}

/// Check a set of (path relative to `src/`, contents).
fn check(files: &[(String, String)]) -> Vec<Violation> {
    let mut found = Vec::new();
    for (rel, text) in files {
        let Some((from, depth)) = module_of(rel) else { continue };
        for r in refs(text, depth) {
            if r.target == from {
                continue;
            }
            let Some(why) = rule(&from, &r.target) else { continue };
            if ALLOWED.iter().any(|(f, t, _)| *f == from && *t == r.target) {
                continue;
            }
            found.push(Violation {
                file: format!("src/{rel}"),
                line: r.line,
                from: from.clone(),
                to: r.target.clone(),
                rule: why,
            });
        }
    }
    found
}

use common::src_files;

#[test]
fn the_layers_hold() {
    let files = src_files();
    assert!(files.len() > 50, "found only {} source files", files.len());
    let found = check(&files);
    let report: Vec<String> = found.iter().map(|v| v.to_string()).collect();
    assert!(found.is_empty(), "layering broken:\n{}", report.join("\n"));
}

#[test]
fn every_module_has_a_layer() {
    let lib = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs");
    let mut missing = Vec::new();
    for l in lib.lines() {
        if let Some(m) = l.trim().strip_prefix("pub mod ").and_then(|m| m.strip_suffix(';'))
            && layer(m).is_none()
        {
            missing.push(m.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "modules without a layer in tests/layering.rs: {missing:?}"
    );
}

#[test]
fn a_planted_violation_is_reported_with_file_and_line() {
    let f = |p: &str, t: &str| (p.to_string(), t.to_string());
    let files = vec![
        // domain → store, with a grouped use on its second line
        f("shop.rs", "//! shop\nuse crate::{money::Vnd,\n    store::Store};\n"),
        // domain → service through a path in code
        f(
            "vietqr/payload.rs",
            "fn a() {\n    let _ = crate::counter::new_uuid();\n}\n",
        ),
        // store → service by climbing out with super::super
        f(
            "store/sales.rs",
            "use super::Store;\nuse super::super::printing::print;\n",
        ),
        // tui → cli
        f("tui/mod.rs", "use crate::cli::Ctx;\n"),
        // allowed: cli → tui, service → store, inside a module, in comments,
        // strings and unit tests
        f("cli/mod.rs", "fn run() { crate::tui::run() }\n"),
        f(
            "counter.rs",
            "use crate::store::Store;\nuse crate::shop::ShopProfile;\n",
        ),
        f("report/ward.rs", "use super::zreport;\nuse crate::report::x;\n"),
        f(
            "money.rs",
            "// crate::store is not imported\nconst S: &str = \"crate::store::X\";\nconst C: char = '\"';\n\
             #[cfg(test)]\n#[allow(unused)]\nmod tests {\n    use crate::store::Store;\n    mod inner { use crate::cli::X; }\n}\n\
             fn after() { let _ = crate::tui::run; }\n",
        ),
    ];
    let found: Vec<String> = check(&files).iter().map(|v| v.to_string()).collect();
    assert_eq!(
        found,
        vec![
            "src/shop.rs:3: `shop` imports `store`: a domain module imports no store, service or front-end",
            "src/vietqr/payload.rs:2: `vietqr` imports `counter`: a domain module imports no store, service or front-end",
            "src/store/sales.rs:2: `store` imports `printing`: store imports no service or front-end",
            "src/tui/mod.rs:1: `tui` imports `cli`: the TUI does not import the CLI",
            "src/money.rs:10: `money` imports `tui`: a domain module imports no store, service or front-end",
        ]
    );
}

/// Module cycles among top-level modules, each as "a -> b (file:line) -> …".
fn cycles(files: &[(String, String)]) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet, VecDeque};
    // edge → where it is first seen
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (rel, text) in files {
        let Some((from, depth)) = module_of(rel) else { continue };
        for r in refs(text, depth) {
            if r.target != from && layer(&r.target).is_some() {
                g.entry(from.clone())
                    .or_default()
                    .entry(r.target)
                    .or_insert_with(|| format!("src/{rel}:{}", r.line));
            }
        }
    }
    let mut seen: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    let mut out = Vec::new();
    for start in g.keys() {
        // shortest path from `start` back to itself
        let mut prev: BTreeMap<String, String> = BTreeMap::new();
        let mut queue: VecDeque<String> = VecDeque::from([start.clone()]);
        let mut found = false;
        while let Some(x) = queue.pop_front() {
            for y in g
                .get(&x)
                .map(|m| m.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
            {
                if y == *start {
                    prev.insert(format!("{start}#end"), x.clone());
                    found = true;
                    break;
                }
                if !prev.contains_key(&y) {
                    prev.insert(y.clone(), x.clone());
                    queue.push_back(y);
                }
            }
            if found {
                break;
            }
        }
        if !found {
            continue;
        }
        let mut path = vec![start.clone()];
        let mut x = prev[&format!("{start}#end")].clone();
        while x != *start {
            path.push(x.clone());
            x = prev[&x].clone();
        }
        path.push(start.clone());
        let n = path.len();
        path[1..n - 1].reverse();
        if !seen.insert(path.iter().cloned().collect()) {
            continue;
        }
        let mut text = path[0].clone();
        for w in path.windows(2) {
            text.push_str(&format!(" -> {} ({})", w[1], g[&w[0]][&w[1]]));
        }
        out.push(text);
    }
    out
}

#[test]
fn no_module_cycles() {
    let found = cycles(&src_files());
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

#[test]
fn a_planted_cycle_is_reported() {
    let f = |p: &str, t: &str| (p.to_string(), t.to_string());
    let files = vec![
        f("shop.rs", "use crate::money::Vnd;\n"),
        f("money.rs", "\nuse crate::text::fold;\n"),
        f("text.rs", "use crate::shop::X;\n"),
    ];
    assert_eq!(
        cycles(&files),
        vec!["money -> text (src/money.rs:2) -> shop (src/text.rs:1) -> money (src/shop.rs:1)"]
    );
}
