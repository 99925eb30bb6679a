//! Help pages in the chosen language.
//!
//! The clap definitions in `args/` stay as they are (several people add
//! commands there); their texts come from one catalogue, `help.toml` beside
//! this file, keyed by command path (`"products list"`, `"quay"` for the
//! top) and argument id. [`localized`] walks the built clap tree and puts the
//! catalogue's text in the chosen language on every command and argument,
//! with an example under each page and clap's own words (headings, usage,
//! defaults) in that language. A missing entry keeps the English text of the
//! derive definitions; `tests::every_command_and_option_has_both_languages`
//! lists what is missing.

use std::collections::BTreeMap;
use std::ffi::OsString;

use clap::{Arg, Command};

use crate::i18n::Lang;

const CATALOGUE: &str = include_str!("help.toml");

/// A text in both languages: `["tiếng Việt", "English"]`.
type Both = [String; 2];

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Page {
    about: Option<Both>,
    /// Shell lines shown under "Ví dụ:" / "Example:".
    example: Option<String>,
    #[serde(default)]
    args: BTreeMap<String, Both>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Catalogue {
    /// Texts for an argument id wherever it appears, unless the command's
    /// own page has one.
    #[serde(default)]
    args: BTreeMap<String, Both>,
    #[serde(flatten)]
    pages: BTreeMap<String, Page>,
}

fn pick(both: &Both, lang: Lang) -> &str {
    match lang {
        Lang::Vi => &both[0],
        Lang::En => &both[1],
    }
}

fn catalogue() -> Result<Catalogue, String> {
    toml::from_str(CATALOGUE).map_err(|e| e.to_string())
}

impl Catalogue {
    /// The page for a command path. Every `help` command shares the page
    /// "help"; the commands under it (`quay help products list`) are the
    /// real commands' pages.
    fn page(&self, path: &str) -> Option<&Page> {
        self.pages.get(&canonical(path))
    }

    fn arg(&self, path: &str, id: &str) -> Option<&Both> {
        self.page(path)
            .and_then(|p| p.args.get(id))
            .or_else(|| self.args.get(id))
    }
}

/// `products help` → `help`, `help products list` → `products list`.
fn canonical(path: &str) -> String {
    let words: Vec<&str> = path.split(' ').collect();
    if words.len() > 1 && words.last() == Some(&"help") {
        return "help".to_string();
    }
    match words.iter().position(|w| *w == "help") {
        Some(i) if words.len() > 1 => {
            let rest: Vec<&str> = words
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, w)| *w)
                .collect();
            rest.join(" ")
        }
        _ => path.to_string(),
    }
}

/// The language for the help and for clap's errors, before the arguments
/// are parsed: `--lang X` / `--lang=X`, else `QUAY_LANG`, else Vietnamese.
pub fn lang_from(args: &[OsString], env: Option<&str>) -> Lang {
    let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next().and_then(Lang::parse).unwrap_or_default();
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v).unwrap_or_default();
        }
    }
    env.and_then(Lang::parse).unwrap_or_default()
}

/// Heading words clap writes itself.
struct Words {
    usage: &'static str,
    commands: &'static str,
    arguments: &'static str,
    options: &'static str,
    example: &'static str,
    examples: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Vi => Words {
            usage: "Cách dùng:",
            commands: "Lệnh",
            arguments: "Đối số",
            options: "Tùy chọn",
            example: "Ví dụ:",
            examples: "Ví dụ:",
        },
        Lang::En => Words {
            usage: "Usage:",
            commands: "Commands",
            arguments: "Arguments",
            options: "Options",
            example: "Example:",
            examples: "Examples:",
        },
    }
}

/// `cmd` (the whole tree) with every text in `lang`.
pub fn localized(mut cmd: Command, lang: Lang) -> Command {
    let Ok(cat) = catalogue() else {
        // The bundled catalogue is checked by a test; never fail the program
        // over help texts.
        return cmd;
    };
    cmd.build();
    localize(cmd, "", &cat, lang)
}

fn localize(mut cmd: Command, parent: &str, cat: &Catalogue, lang: Lang) -> Command {
    let name = cmd.get_name().to_string();
    let path = if parent.is_empty() {
        "quay".to_string()
    } else if parent == "quay" {
        name
    } else {
        format!("{parent} {name}")
    };
    let w = words(lang);
    let page = cat.page(&path);
    if let Some(about) = page.and_then(|p| p.about.as_ref()) {
        cmd = cmd.about(pick(about, lang).to_string()).long_about(None);
    }
    if let Some(ex) = page.and_then(|p| p.example.as_deref()) {
        let lines: Vec<&str> = ex.lines().filter(|l| !l.trim().is_empty()).collect();
        let head = if lines.len() > 1 { w.examples } else { w.example };
        let body: Vec<String> = lines.iter().map(|l| format!("  {}", l.trim_end())).collect();
        cmd = cmd
            .after_help(format!("{head}\n{}", body.join("\n")))
            .after_long_help(None);
    }
    cmd = cmd.subcommand_value_name(match lang {
        Lang::Vi => "LỆNH",
        Lang::En => "COMMAND",
    });
    let usage = cmd.render_usage().to_string();
    let usage = usage.trim_start_matches("Usage:").trim().to_string();
    let usage = match lang {
        Lang::Vi => usage.replace("[OPTIONS]", "[TÙY_CHỌN]"),
        Lang::En => usage,
    };
    cmd = cmd
        .override_usage(usage)
        .subcommand_help_heading(w.commands)
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            w.usage
        ));
    let p = path.clone();
    cmd = cmd.mut_args(|a| localize_arg(a, &p, cat, lang));
    cmd.mut_subcommands(|s| localize(s, &path, cat, lang))
}

fn localize_arg(mut a: Arg, path: &str, cat: &Catalogue, lang: Lang) -> Arg {
    let id = a.get_id().to_string();
    if let Some(text) = cat.arg(path, &id) {
        a = a.help(pick(text, lang).to_string()).long_help(None);
    } else if a.get_long_help().is_some() && a.get_help().is_none() {
        let long = a.get_long_help().map(|h| h.to_string()).unwrap_or_default();
        a = a.help(long).long_help(None);
    } else {
        a = a.long_help(None);
    }
    let w = words(lang);
    let heading = if a.is_positional() { w.arguments } else { w.options };
    a = a.help_heading(heading);
    if a.is_global_set() && path != "quay" {
        // The shop file, language… after the command's own options.
        let order = a.get_display_order().saturating_add(1000);
        a = a.display_order(order);
    }
    if lang == Lang::Vi {
        // clap writes "[default: …]", "[env: …]" and "[possible values: …]"
        // in English: write them here instead.
        let mut notes = Vec::new();
        if !a.is_hide_possible_values_set() && a.get_action().takes_values() {
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                notes.push(format!("[giá trị: {}]", values.join(", ")));
            }
        }
        if a.get_action().takes_values() && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
            let d: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            notes.push(format!("[mặc định: {}]", d.join(", ")));
        }
        if !a.is_hide_env_set()
            && let Some(env) = a.get_env()
        {
            notes.push(format!("[biến môi trường: {}]", env.to_string_lossy()));
        }
        if !notes.is_empty() {
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            let sep = if help.is_empty() { "" } else { " " };
            a = a
                .help(format!("{help}{sep}{}", notes.join(" ")))
                .hide_possible_values(true)
                .hide_default_value(true)
                .hide_env(true);
        }
    }
    a
}

/// Every command path and argument of `cmd` lacking a catalogue text, as
/// `"PATH"` (about or example) and `"PATH --ID"`.
pub fn missing(cmd: &Command) -> Result<Vec<String>, String> {
    let cat = catalogue()?;
    let mut cmd = cmd.clone();
    cmd.build();
    let mut out = Vec::new();
    walk_missing(&cmd, "", &cat, &mut out);
    Ok(out)
}

fn walk_missing(cmd: &Command, parent: &str, cat: &Catalogue, out: &mut Vec<String>) {
    let name = cmd.get_name();
    let path = match parent {
        "" => "quay".to_string(),
        "quay" => name.to_string(),
        _ => format!("{parent} {name}"),
    };
    match cat.page(&path) {
        None => out.push(format!("{path}: no page")),
        Some(p) => {
            let empty = |b: &Both| b[0].trim().is_empty() || b[1].trim().is_empty();
            if p.about.as_ref().is_none_or(empty) {
                out.push(format!("{path}: about"));
            }
            if p.example.as_deref().is_none_or(|e| e.trim().is_empty()) && path != "help" {
                out.push(format!("{path}: example"));
            }
        }
    }
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let id = a.get_id().as_str();
        match cat.arg(&path, id) {
            Some(b) if !b[0].trim().is_empty() && !b[1].trim().is_empty() => {}
            _ => out.push(format!("{path}: argument {id}")),
        }
    }
    // The tree under a `help` command mirrors the real commands.
    for s in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        walk_missing(s, &path, cat, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_catalogue_parses() {
        if let Err(e) = catalogue() {
            panic!("src/cli/help.toml: {e}");
        }
    }

    /// The list the lead fills at merge time: every command (about and
    /// example) and every visible option needs a text in both languages.
    #[test]
    fn every_command_and_option_has_both_languages() {
        let missing = match missing(&crate::cli::command()) {
            Ok(m) => m,
            Err(e) => panic!("src/cli/help.toml: {e}"),
        };
        assert!(
            missing.is_empty(),
            "src/cli/help.toml lacks {} entries:\n{}",
            missing.len(),
            missing.join("\n")
        );
    }

    #[test]
    fn no_page_names_a_command_or_argument_that_does_not_exist() {
        let cat = catalogue().unwrap_or_default();
        let mut cmd = crate::cli::command();
        cmd.build();
        let mut known = BTreeMap::new();
        fn collect(cmd: &Command, parent: &str, known: &mut BTreeMap<String, Vec<String>>) {
            let path = match parent {
                "" => "quay".to_string(),
                "quay" => cmd.get_name().to_string(),
                _ => format!("{parent} {}", cmd.get_name()),
            };
            let ids = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
            known.insert(path.clone(), ids);
            for s in cmd.get_subcommands() {
                collect(s, &path, known);
            }
        }
        collect(&cmd, "", &mut known);
        let mut stale = Vec::new();
        for (path, page) in &cat.pages {
            match known.get(path) {
                None => stale.push(path.clone()),
                Some(ids) => {
                    for id in page.args.keys().filter(|id| !ids.contains(id)) {
                        stale.push(format!("{path} --{id}"));
                    }
                }
            }
        }
        assert!(stale.is_empty(), "help.toml entries for nothing: {stale:?}");
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        assert_eq!(lang_from(&os(&["quay", "--lang", "en", "sell"]), None), Lang::En);
        assert_eq!(lang_from(&os(&["quay", "sell", "--lang=en"]), Some("vi")), Lang::En);
        assert_eq!(lang_from(&os(&["quay", "sell"]), Some("en")), Lang::En);
        assert_eq!(lang_from(&os(&["quay", "sell"]), None), Lang::Vi);
        assert_eq!(lang_from(&os(&["quay", "--lang", "xx"]), Some("en")), Lang::Vi);
        assert_eq!(lang_from(&os(&["quay", "--", "--lang", "en"]), None), Lang::Vi);
    }

    fn help_of(path: &[&str], lang: Lang) -> String {
        let mut cmd = localized(crate::cli::command(), lang);
        let mut c = &mut cmd;
        for p in path {
            c = match c.find_subcommand_mut(p) {
                Some(s) => s,
                None => panic!("no command {p}"),
            };
        }
        c.render_help().to_string()
    }

    #[test]
    fn users_disable_says_what_it_does_in_both_languages() {
        let vi = help_of(&["users", "disable"], Lang::Vi);
        let en = help_of(&["users", "disable"], Lang::En);
        assert!(!en.contains("Who is acting"), "{en}");
        assert!(en.contains("Disable a user"), "{en}");
        assert!(vi.contains("Khóa người dùng"), "{vi}");
        assert!(
            vi.contains("Cách dùng:") && vi.contains("Tùy chọn:") && vi.contains("Ví dụ:"),
            "{vi}"
        );
        assert!(
            !vi.contains("Options:") && !vi.contains("Usage:") && !vi.contains("Print help"),
            "{vi}"
        );
    }
}
