//! UI language: Vietnamese first, English second.
//!
//! Every user-facing message is a [`Msg`] carrying both texts; the caller
//! picks one with the language setting (`--lang`, `QUAY_LANG`).

use std::fmt;

mod catalogue;
pub use catalogue::english;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vie" => Some(Lang::Vi),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }

    /// Pick the text for this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub vi: String,
    pub en: String,
}

impl Msg {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }

    /// Prefix both texts, e.g. with a file position.
    pub fn prefixed(&self, vi: &str, en: &str) -> Msg {
        Msg::new(format!("{vi}{}", self.vi), format!("{en}{}", self.en))
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// `msg!("tiếng Việt {x}", "English {x}")`: both texts formatted with the
/// caller's variables.
#[macro_export]
macro_rules! msg {
    ($vi:literal, $en:literal $(,)?) => {
        $crate::i18n::Msg::new(format!($vi), format!($en))
    };
}
