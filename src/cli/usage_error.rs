//! clap's errors in the chosen language: the message is written here from
//! the error's kind and context (which argument, which value, what was
//! expected), since clap only writes English. Exit code 2 as before.

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use crate::i18n::Lang;

/// What to do with a failed parse: help and version pages (already in the
/// chosen language) are printed as clap prints them; every other error is
/// written in `lang`. Returns the exit code.
pub fn report(e: &Error, lang: Lang) -> i32 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // A reader that went away is not an error here either.
            let _ = e.print();
            e.exit_code()
        }
        _ => {
            eprint!("{}", render(e, lang));
            2
        }
    }
}

fn text(v: Option<&ContextValue>) -> String {
    match v {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn quoted_list(v: Option<&ContextValue>) -> String {
    match v {
        Some(ContextValue::Strings(v)) => v.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", "),
        other => format!("'{}'", text(other)),
    }
}

/// The whole message: `lỗi: …`, a suggestion, the usage line and where to
/// read more, ending in a newline.
pub fn render(e: &Error, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let t = |vi_text: String, en_text: String| if vi { vi_text } else { en_text };
    let arg = text(e.get(ContextKind::InvalidArg));
    let value = text(e.get(ContextKind::InvalidValue));
    let main = match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = text(e.get(ContextKind::ValidValue));
            if value.is_empty() {
                t(
                    format!("'{arg}' cần một giá trị; các giá trị được nhận: {valid}"),
                    format!("'{arg}' needs a value; accepted values: {valid}"),
                )
            } else {
                t(
                    format!("giá trị '{value}' không hợp lệ cho '{arg}'; các giá trị được nhận: {valid}"),
                    format!("invalid value '{value}' for '{arg}'; accepted values: {valid}"),
                )
            }
        }
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(e);
            let why = source.map(|s| s.to_string()).unwrap_or_default();
            // our own value parsers say why in both languages
            match source.and_then(|s| s.downcast_ref::<crate::cli::args::ValueError>()) {
                Some(v) => {
                    let vi_why = &v.0.vi;
                    t(
                        format!("giá trị '{value}' không hợp lệ cho '{arg}': {vi_why}"),
                        format!("invalid value '{value}' for '{arg}': {why}"),
                    )
                }
                None => t(
                    format!("giá trị '{value}' không hợp lệ cho '{arg}'"),
                    format!("invalid value '{value}' for '{arg}': {why}"),
                ),
            }
        }
        ErrorKind::UnknownArgument => t(
            format!("không có tùy chọn '{arg}' ở đây"),
            format!("unexpected argument '{arg}'"),
        ),
        ErrorKind::InvalidSubcommand => {
            let sub = text(e.get(ContextKind::InvalidSubcommand));
            t(
                format!("không có lệnh '{sub}'"),
                format!("unrecognized command '{sub}'"),
            )
        }
        ErrorKind::MissingSubcommand => {
            let parent = text(e.get(ContextKind::InvalidSubcommand));
            let valid = text(e.get(ContextKind::ValidSubcommand));
            t(
                format!("'{parent}' cần một lệnh con: {valid}"),
                format!("'{parent}' requires a command: {valid}"),
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let list = quoted_list(e.get(ContextKind::InvalidArg));
            t(
                format!("thiếu tùy chọn bắt buộc: {list}"),
                format!("required arguments were not provided: {list}"),
            )
        }
        ErrorKind::ArgumentConflict if text(e.get(ContextKind::PriorArg)) == arg => t(
            format!("'{arg}' chỉ được cho một lần"),
            format!("'{arg}' was given more than once"),
        ),
        ErrorKind::ArgumentConflict => {
            let prior = quoted_list(e.get(ContextKind::PriorArg));
            t(
                format!("'{arg}' không dùng được cùng với {prior}"),
                format!("'{arg}' cannot be used with {prior}"),
            )
        }
        ErrorKind::NoEquals => t(
            format!("'{arg}' cần dấu '=' trước giá trị"),
            format!("'{arg}' needs '=' before its value"),
        ),
        ErrorKind::TooManyValues => t(
            format!("'{arg}' nhận quá nhiều giá trị ('{value}' là thừa)"),
            format!("too many values for '{arg}' ('{value}' is one too many)"),
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let want = text(e.get(ContextKind::MinValues).or(e.get(ContextKind::ExpectedNumValues)));
            let got = text(e.get(ContextKind::ActualNumValues));
            t(
                format!("'{arg}' cần {want} giá trị, nhận được {got}"),
                format!("'{arg}' needs {want} values, got {got}"),
            )
        }
        _ => {
            // Io, Format and anything newer: clap's own text (English).
            let s = e.render().to_string();
            s.lines().next().unwrap_or("").trim_start_matches("error: ").to_string()
        }
    };
    let mut out = format!("{}: {main}\n", t("lỗi".into(), "error".into()));
    let suggestion = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|k| e.get(k).map(|v| quoted_list(Some(v))))
    .filter(|s| s != "''");
    if let Some(s) = suggestion {
        out.push_str(&t(
            format!("\n  gợi ý: có phải {s}?\n"),
            format!("\n  tip: did you mean {s}?\n"),
        ));
    }
    if e.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') {
        out.push_str(&t(
            format!("  gợi ý: nếu '{arg}' là một giá trị, hãy viết '-- {arg}'\n"),
            format!("  tip: to pass '{arg}' as a value, use '-- {arg}'\n"),
        ));
    }
    let usage = text(e.get(ContextKind::Usage));
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim_start_matches("Cách dùng:")
        .trim();
    if !usage.is_empty() {
        out.push_str(&format!("\n{} {usage}\n", t("Cách dùng:".into(), "Usage:".into())));
    }
    let command = command_of(usage);
    out.push_str(&t(
        format!("\nXem thêm: {command} --help\n"),
        format!("\nFor more information, try '{command} --help'.\n"),
    ));
    out
}

/// `quay sell [TÙY_CHỌN] --item …` → `quay sell`.
fn command_of(usage: &str) -> String {
    let first = usage.lines().next().unwrap_or("");
    let words: Vec<&str> = first
        .split_whitespace()
        .take_while(|w| {
            !w.starts_with(['-', '<', '[', '.']) && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .collect();
    if words.is_empty() {
        "quay".to_string()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(args: &[&str], lang: Lang) -> String {
        let cmd = crate::cli::help::localized(crate::cli::command(), lang);
        match cmd.try_get_matches_from(args) {
            Ok(_) => panic!("{args:?} parsed"),
            Err(e) => render(&e, lang),
        }
    }

    #[test]
    fn an_unknown_option_is_named_in_vietnamese_with_the_command_and_its_help() {
        let s = fail(&["quay", "sell", "--itme", "x", "--pay", "cash"], Lang::Vi);
        assert!(s.starts_with("lỗi: không có tùy chọn '--itme' ở đây"), "{s}");
        assert!(s.contains("gợi ý: có phải '--item'?"), "{s}");
        assert!(s.contains("Cách dùng: quay sell"), "{s}");
        assert!(s.contains("Xem thêm: quay sell --help"), "{s}");
        assert!(!s.contains("error") && !s.contains("Usage"), "{s}");
    }

    #[test]
    fn each_kind_of_usage_error_has_its_own_message_in_both_languages() {
        let cases: &[(&[&str], &str, &str)] = &[
            (&["quay", "sel"], "không có lệnh 'sel'", "unrecognized command 'sel'"),
            (
                &["quay", "sell", "--pay", "cash"],
                "thiếu tùy chọn bắt buộc: '--item <CODE[*QTY]>'",
                "required arguments were not provided",
            ),
            (
                &["quay", "--lang", "fr", "doctor"],
                "giá trị 'fr' không hợp lệ cho '--lang <LANG>'; các giá trị được nhận: vi, en",
                "invalid value 'fr' for '--lang <LANG>'",
            ),
            (
                &["quay", "backup", "--dir", "d", "--keep", "0"],
                "giá trị '0' không hợp lệ cho '--keep <N>'",
                "invalid value '0' for '--keep <N>'",
            ),
            (
                &["quay", "sales", "list", "--from", "2026-13-01"],
                "giá trị '2026-13-01' không hợp lệ cho '--from <FROM>': ngày '2026-13-01' không hợp lệ: cần YYYY-MM-DD",
                "invalid value '2026-13-01' for '--from <FROM>': date '2026-13-01' is not valid: expected YYYY-MM-DD",
            ),
            (
                &["quay", "users", "add", "An", "--set-pin", "1234", "--role", "boss"],
                "giá trị 'boss' không hợp lệ cho '--role <cashier|manager>'; các giá trị được nhận: cashier, manager",
                "invalid value 'boss' for '--role <cashier|manager>'; accepted values: cashier, manager",
            ),
            (
                &["quay", "backup", "--out", "a", "--dir", "d"],
                "không dùng được cùng với",
                "cannot be used with",
            ),
        ];
        for (args, vi, en) in cases {
            let v = fail(args, Lang::Vi);
            assert!(v.contains(vi), "{args:?}: {v}");
            let e = fail(args, Lang::En);
            assert!(e.contains(en), "{args:?}: {e}");
        }
    }

    #[test]
    fn the_command_is_read_from_the_usage_line() {
        assert_eq!(command_of("quay sell [TÙY_CHỌN] --item <CODE[*QTY]>"), "quay sell");
        assert_eq!(command_of("quay products list [OPTIONS]"), "quay products list");
        assert_eq!(command_of(""), "quay");
    }
}
