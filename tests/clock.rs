//! Where the time comes from, checked on the source text (issue 11).
//!
//! `crate::time::Clock` is made once where the program starts
//! (`Clock::from_env`, the only reader of `QUAY_NOW`) and passed in: the
//! front-ends use `Ctx.clock`, the store stamps rows with the clock it was
//! opened with, services take it from the store or the context, and the
//! domain is given `now`/`today` as a parameter. This test reads
//! `src/**/*.rs` and fails, naming file and line, when
//! - `QUAY_NOW` appears outside `src/time.rs` (code or string; comments may
//!   name it);
//! - `Clock::from_env` is called outside `src/time.rs` and [`ENTRY_POINTS`];
//! - the wall clock is read (`Utc::now`, `Local::now`, `SystemTime::now`,
//!   `Utc::today`, `Local::today`) outside `src/time.rs` and [`WALL_CLOCK`];
//! - the old helpers `now_vn`, `today_vn`, `now_vn_rfc3339` (removed) are
//!   called again anywhere outside [`OLD_HELPERS`];
//! - code picks the machine's clock itself (`Clock::System`) outside
//!   `src/time.rs` and `Store::open` (`src/store/mod.rs`);
//! - `Store::open` (which stamps with the machine's clock) is used outside
//!   `src/store/`: the program opens shop files through `Ctx::open` or
//!   `Store::open_with_clock` with the clock it was given.
//!
//! Unit tests (`#[cfg(test)] mod … { }` blocks, and files named `tests.rs`
//! or under a `tests/` folder) may use the machine's clock and
//! `Store::open`; they may not read `QUAY_NOW` or call `Clock::from_env`.
//! `Instant::now` (timeouts, key timing) measures durations, not business
//! time, and is not checked.

mod common;

/// Files (relative to `src/`) that may call `Clock::from_env`: where the
/// program starts and no clock has been given yet.
const ENTRY_POINTS: &[(&str, &str)] = &[("cli/mod.rs", "Ctx::from_cli: every command and the counter start here")];

/// Files that may read the wall clock directly, each with why. Empty: the
/// log file's daily name is chosen inside `tracing_appender`, not here.
const WALL_CLOCK: &[(&str, &str)] = &[];

/// Folders whose files may still call `now_vn`/`today_vn`/`now_vn_rfc3339`
/// (removed from `src/time.rs`), each with why. Empty: every caller takes
/// its time from a clock it was given.
const OLD_HELPERS: &[(&str, &str)] = &[];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Everywhere, unit tests included.
    All,
    /// Code outside unit tests.
    NotTests,
}

struct Rule {
    /// What is looked for (matched as a whole path segment on its left).
    pattern: &'static str,
    /// Whether string literals count (for an environment variable's name).
    in_strings: bool,
    scope: Scope,
    /// May `rel` (path under `src/`) use it?
    allowed: fn(&str) -> bool,
    why: &'static str,
}

fn time_rs(rel: &str) -> bool {
    rel == "time.rs"
}

const RULES: &[Rule] = &[
    Rule {
        pattern: "QUAY_NOW",
        in_strings: true,
        scope: Scope::All,
        allowed: time_rs,
        why: "QUAY_NOW is read only by time::Clock::from_env",
    },
    Rule {
        pattern: "Clock::from_env",
        in_strings: false,
        scope: Scope::All,
        allowed: |rel| time_rs(rel) || ENTRY_POINTS.iter().any(|(f, _)| *f == rel),
        why: "the clock is made once where the program starts (ENTRY_POINTS) and passed in",
    },
    Rule {
        pattern: "Utc::now",
        in_strings: false,
        scope: Scope::NotTests,
        allowed: wall_clock_ok,
        why: "business time comes from the Clock given (ctx.clock, store.clock(), a now/today parameter)",
    },
    Rule {
        pattern: "Local::now",
        in_strings: false,
        scope: Scope::NotTests,
        allowed: wall_clock_ok,
        why: "business time comes from the Clock given, in Vietnam time, not the machine's zone",
    },
    Rule {
        pattern: "SystemTime::now",
        in_strings: false,
        scope: Scope::NotTests,
        allowed: wall_clock_ok,
        why: "business time comes from the Clock given (ctx.clock, store.clock(), a now/today parameter)",
    },
    Rule {
        pattern: "Utc::today",
        in_strings: false,
        scope: Scope::NotTests,
        allowed: wall_clock_ok,
        why: "today comes from the Clock given (Clock::today)",
    },
    Rule {
        pattern: "Local::today",
        in_strings: false,
        scope: Scope::NotTests,
        allowed: wall_clock_ok,
        why: "today comes from the Clock given (Clock::today)",
    },
    Rule {
        pattern: "now_vn",
        in_strings: false,
        scope: Scope::All,
        allowed: old_helpers_ok,
        why: "take the time from the Clock given instead of time::now_vn",
    },
    Rule {
        pattern: "now_vn_rfc3339",
        in_strings: false,
        scope: Scope::All,
        allowed: old_helpers_ok,
        why: "take the time from the Clock given (Clock::now_rfc3339) instead of time::now_vn_rfc3339",
    },
    Rule {
        pattern: "today_vn",
        in_strings: false,
        scope: Scope::All,
        allowed: old_helpers_ok,
        why: "take today from the Clock given (Clock::today) instead of time::today_vn",
    },
    Rule {
        pattern: "Clock::System",
        in_strings: false,
        scope: Scope::NotTests,
        allowed: |rel| time_rs(rel) || rel == "store/mod.rs",
        why: "use the Clock given; only Store::open defaults to the machine's clock",
    },
    Rule {
        pattern: "Store::open",
        in_strings: false,
        scope: Scope::NotTests,
        allowed: |rel| rel.starts_with("store/"),
        why: "Store::open stamps with the machine's clock: use Ctx::open or Store::open_with_clock with the clock given",
    },
];

fn wall_clock_ok(rel: &str) -> bool {
    time_rs(rel) || WALL_CLOCK.iter().any(|(f, _)| *f == rel)
}

fn old_helpers_ok(rel: &str) -> bool {
    time_rs(rel) || OLD_HELPERS.iter().any(|(d, _)| rel.starts_with(d))
}

/// Two views of a source, the same length as it (newlines kept): `code`
/// with comments and the contents of string and character literals blanked,
/// `text` with only comments blanked.
struct Views {
    code: Vec<char>,
    text: Vec<char>,
}

fn views(src: &str) -> Views {
    let c: Vec<char> = src.chars().collect();
    let mut code = Vec::with_capacity(c.len());
    let mut text = Vec::with_capacity(c.len());
    let mut i = 0;
    while i < c.len() {
        let prev_ident = i > 0 && is_ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                put(&mut code, &mut text, c[i], false, false);
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    put(&mut code, &mut text, ' ', false, false);
                    put(&mut code, &mut text, ' ', false, false);
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    put(&mut code, &mut text, ' ', false, false);
                    put(&mut code, &mut text, ' ', false, false);
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    put(&mut code, &mut text, c[i], false, false);
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
            while i <= j {
                put(&mut code, &mut text, c[i], false, true);
                i += 1;
            }
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                    for _ in 0..=hashes {
                        put(&mut code, &mut text, c[i], false, true);
                        i += 1;
                    }
                    break;
                }
                put(&mut code, &mut text, c[i], false, true);
                i += 1;
            }
        } else if c[i] == '"' {
            put(&mut code, &mut text, c[i], false, true);
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' && i + 1 < c.len() {
                    put(&mut code, &mut text, c[i], false, true);
                    put(&mut code, &mut text, c[i + 1], false, true);
                    i += 2;
                } else {
                    put(&mut code, &mut text, c[i], false, true);
                    i += 1;
                }
            }
            if i < c.len() {
                put(&mut code, &mut text, c[i], false, true);
                i += 1;
            }
        } else if c[i] == '\'' {
            // a character literal ('x', '\n', '\'', '\u{..}') or a lifetime
            let end = if c.get(i + 1) == Some(&'\\') {
                let mut j = i + 2;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                if c.get(j - 1) == Some(&'\\') && c.get(j + 1) == Some(&'\'') {
                    j += 1; // '\''
                }
                j.min(c.len() - 1) + 1
            } else if c.get(i + 2) == Some(&'\'') {
                i + 3
            } else {
                i + 1 // a lifetime
            };
            let literal = end > i + 1;
            while i < end {
                put(&mut code, &mut text, c[i], !literal, true);
                i += 1;
            }
        } else {
            put(&mut code, &mut text, c[i], true, true);
            i += 1;
        }
    }
    Views { code, text }
}

/// Push `ch` to both views, kept where it counts and blanked elsewhere.
fn put(code: &mut Vec<char>, text: &mut Vec<char>, ch: char, in_code: bool, in_text: bool) {
    let blank = if ch == '\n' { '\n' } else { ' ' };
    code.push(if in_code { ch } else { blank });
    text.push(if in_text { ch } else { blank });
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// For each char of `code`: inside a `#[cfg(test)] mod NAME { … }` block?
fn test_blocks(code: &[char]) -> Vec<bool> {
    let mut inside = vec![false; code.len()];
    let s: String = code.iter().collect();
    // char index of each byte offset
    let idx: Vec<usize> = {
        let mut v = vec![0; s.len() + 1];
        for (n, (b, _)) in s.char_indices().enumerate() {
            v[b] = n;
        }
        v[s.len()] = code.len();
        v
    };
    let mut from = 0;
    while let Some(at) = s[from..].find("#[cfg(test)]").map(|a| a + from) {
        from = at + 1;
        // skip further attributes and whitespace, then expect `mod NAME {`
        let mut j = idx[at] + "#[cfg(test)]".len();
        loop {
            while j < code.len() && code[j].is_whitespace() {
                j += 1;
            }
            if code.get(j) == Some(&'#') && code.get(j + 1) == Some(&'[') {
                j += 1;
                let mut d = 0;
                while j < code.len() {
                    match code[j] {
                        '[' => d += 1,
                        ']' => d -= 1,
                        _ => {}
                    }
                    j += 1;
                    if d == 0 {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        let rest: String = code[j..code.len().min(j + 200)].iter().collect();
        let rest = rest.strip_prefix("pub ").unwrap_or(&rest);
        let Some(after_mod) = rest.strip_prefix("mod ") else {
            continue;
        };
        let Some(open) = after_mod.find(['{', ';']) else {
            continue;
        };
        if !after_mod[..open].trim().chars().all(is_ident) || after_mod.as_bytes()[open] == b';' {
            continue; // `#[cfg(test)] mod tests;` is a file of its own (see is_test_file)
        }
        let mut k = j;
        while k < code.len() && code[k] != '{' {
            k += 1;
        }
        let mut depth = 0;
        let start = k;
        while k < code.len() {
            match code[k] {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            k += 1;
            if depth == 0 {
                break;
            }
        }
        for flag in &mut inside[idx[at]..k.max(start)] {
            *flag = true;
        }
    }
    inside
}

/// Files that only hold unit tests (`#[cfg(test)] mod tests;` beside them).
fn is_test_file(rel: &str) -> bool {
    rel.ends_with("/tests.rs") || rel == "tests.rs" || rel.split('/').any(|p| p == "tests")
}

/// Every use of a rule's pattern where it is not allowed, as
/// `src/FILE:LINE: PATTERN: why`.
fn check(files: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, src) in files {
        let v = views(src);
        let tests = test_blocks(&v.code);
        let test_file = is_test_file(rel);
        for rule in RULES {
            if (rule.allowed)(rel) {
                continue;
            }
            let hay = if rule.in_strings { &v.text } else { &v.code };
            let pat: Vec<char> = rule.pattern.chars().collect();
            let mut line = 1;
            for i in 0..hay.len() {
                if hay[i] == '\n' {
                    line += 1;
                }
                if hay[i..].starts_with(&pat)
                    && (i == 0 || !is_ident(hay[i - 1]))
                    && hay.get(i + pat.len()).is_none_or(|c| !is_ident(*c))
                {
                    if rule.scope == Scope::NotTests && (test_file || tests[i]) {
                        continue;
                    }
                    found.push(format!("src/{rel}:{line}: {}: {}", rule.pattern, rule.why));
                }
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_time_comes_from_the_clock_given() {
    let files = common::src_files();
    assert!(files.len() > 50, "found only {} source files", files.len());
    let found = check(&files);
    assert!(
        found.is_empty(),
        "the time read outside the clock given:\n{}",
        found.join("\n")
    );
}

#[test]
fn planted_clock_reads_are_reported_with_file_and_line() {
    let f = |p: &str, t: &str| (p.to_string(), t.to_string());
    let files = vec![
        // a service reading the environment and the wall clock
        f(
            "report/ward.rs",
            "fn a() {\n    let t = std::env::var(\"QUAY_NOW\");\n    let n = chrono::Utc::now();\n}\n",
        ),
        // the store making its own clock, and the old helper
        f(
            "store/sales.rs",
            "fn b() {\n    let c = crate::time::Clock::from_env();\n    let d = crate::time::today_vn();\n}\n",
        ),
        // a domain module choosing the machine's clock
        f(
            "shop.rs",
            "fn c() -> i32 {\n    crate::time::Clock::System.today().year()\n}\n",
        ),
        // a command opening the shop file on the machine's clock
        f(
            "cli/shop.rs",
            "fn d() {\n    let s = Store::open(&p, OpenMode::Existing);\n}\n",
        ),
        // allowed: the entry point, comments, strings other than QUAY_NOW,
        // unit tests (the machine's clock, Store::open), longer names,
        // `Store::open_with_clock`, and time.rs itself
        f(
            "cli/mod.rs",
            "// QUAY_NOW and Utc::now() in a comment\nfn e() { let c = crate::time::Clock::from_env(); }\n\
             const S: &str = \"Utc::now()\";\nfn g() { let s = Store::open_with_clock(&p, m, c); my_now_vn(); }\n\
             #[cfg(test)]\n#[allow(unused)]\nmod tests {\n    fn t() { let n = chrono::Utc::now(); Store::open(&p, m); }\n}\n\
             fn after() { let n = std::time::SystemTime::now(); }\n",
        ),
        f("tui/counter/tests/sell.rs", "fn t() { let n = Local::now(); }\n"),
        f("time.rs", "fn now() { std::env::var(\"QUAY_NOW\"); Utc::now(); }\n"),
        // unit tests may not set QUAY_NOW
        f(
            "counter.rs",
            "#[cfg(test)]\nmod tests {\n    fn t() { std::env::set_var(\"QUAY_NOW\", \"x\"); }\n}\n",
        ),
    ];
    assert_eq!(
        check(&files),
        vec![
            "src/cli/mod.rs:10: SystemTime::now: business time comes from the Clock given (ctx.clock, store.clock(), a now/today parameter)",
            "src/cli/shop.rs:2: Store::open: Store::open stamps with the machine's clock: use Ctx::open or Store::open_with_clock with the clock given",
            "src/counter.rs:3: QUAY_NOW: QUAY_NOW is read only by time::Clock::from_env",
            "src/report/ward.rs:2: QUAY_NOW: QUAY_NOW is read only by time::Clock::from_env",
            "src/report/ward.rs:3: Utc::now: business time comes from the Clock given (ctx.clock, store.clock(), a now/today parameter)",
            "src/shop.rs:2: Clock::System: use the Clock given; only Store::open defaults to the machine's clock",
            "src/store/sales.rs:2: Clock::from_env: the clock is made once where the program starts (ENTRY_POINTS) and passed in",
            "src/store/sales.rs:3: today_vn: take today from the Clock given (Clock::today) instead of time::today_vn",
        ]
    );
}

// The services holding a store take the time from the clock it was opened
// with: a sale's time, business date and VAT date, with no `QUAY_NOW`.

mod sales {
    use quay::catalog::VatRate;
    use quay::checkout::Cart;
    use quay::checkout::tender::{Method, Tender};
    use quay::counter::{self, Actor};
    use quay::money::Vnd;
    use quay::store::{OpenMode, Store};
    use quay::time::Clock;

    fn at(t: &str) -> Clock {
        Clock::fixed(chrono::DateTime::parse_from_rfc3339(t).expect("time"))
    }

    fn demo_at(path: &std::path::Path, clock: Clock) -> Store {
        let mut store = Store::open_with_clock(path, OpenMode::Create, clock).expect("open");
        quay::demo::ensure_demo(&mut store).expect("demo");
        store
    }

    /// One jar of MAT-ONG (VAT group "8": 8 % until 2026-12-31, then 10 %).
    fn sell_honey(store: &mut Store) -> quay::sales::SaleRecord {
        let profile = store.profile().expect("profile").expect("a profile");
        let mut cart = Cart::default();
        cart.add(&counter::lookup(store, "MAT-ONG").expect("product"), 1000)
            .expect("add");
        let cash = Tender {
            method: Method::Cash,
            amount: Vnd(180_000),
            reference: None,
        };
        let uuid = counter::new_uuid();
        counter::commit_cart(store, &profile, &Actor::owner(), &cart, &[cash], &uuid, None)
            .expect("sale")
            .1
    }

    #[test]
    fn a_sale_carries_the_stores_time_and_business_date_in_vietnam() {
        let d = tempfile::tempdir().expect("dir");
        // 17:30 UTC on New Year's Eve is already the new year in Vietnam
        let mut store = demo_at(&d.path().join("s.quay"), at("2026-12-31T17:30:00Z"));
        let sale = sell_honey(&mut store);
        assert_eq!(quay::time::stamp_text(&sale.ts), "2027-01-01T00:30:00+07:00");
        assert_eq!(sale.business_date.to_string(), "2027-01-01");
    }

    #[test]
    fn the_vat_rate_of_a_sale_is_the_one_in_force_on_the_stores_date() {
        let d = tempfile::tempdir().expect("dir");
        let path = d.path().join("s.quay");
        let mut store = demo_at(&path, at("2026-12-31T23:59:00+07:00"));
        assert_eq!(sell_honey(&mut store).lines[0].vat_rate, VatRate::Eight);
        drop(store);
        let mut store =
            Store::open_with_clock(&path, OpenMode::Existing, at("2027-01-01T00:00:00+07:00")).expect("open");
        assert_eq!(sell_honey(&mut store).lines[0].vat_rate, VatRate::Ten);
    }
}
