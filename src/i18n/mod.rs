//! Message catalogs (Fluent), Japanese first and English second.
//!
//! Every user-facing string goes through [`Tr`]; templates receive one and call
//! `t.t("key")`. Keys live in `locales/{ja,en}/main.ftl`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

use chrono::NaiveDate;

use crate::domain::invalid::Invalid;
use crate::domain::risk_level_words::{LevelStyle, word_key};
use crate::domain::year_month::YearMonth;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "ja",
        // Isolation marks would show up as stray characters in Excel and in tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Messages without arguments, per language, as formatted once: a page like
/// the grid asks for the same few labels thousands of times, and formatting
/// a Fluent message costs far more than a map lookup. Only keys the catalog
/// holds are kept, so the map is never larger than the catalog.
static PLAIN_MESSAGES: LazyLock<[RwLock<HashMap<String, String>>; 2]> = LazyLock::new(Default::default);

static JA: LanguageIdentifier = langid!("ja");
static EN: LanguageIdentifier = langid!("en");

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the first supported language of an `Accept-Language` header,
    /// honouring q-values; Japanese when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::parse(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }
}

/// A translator bound to one language; cheap to copy into every template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    /// The message for `key`; the key itself when the catalog lacks it, so a
    /// missing entry is visible rather than blank (a test keeps catalogs complete).
    pub fn t(&self, key: &str) -> String {
        let known = &PLAIN_MESSAGES[self.lang as usize];
        if let Some(message) = known.read().unwrap_or_else(|e| e.into_inner()).get(key) {
            return message.clone();
        }
        match LOCALES.try_lookup(self.lang.id(), key) {
            Some(message) => {
                known.write().unwrap_or_else(|e| e.into_inner()).insert(key.to_string(), message.clone());
                message
            }
            None => key.to_string(),
        }
    }

    /// The message for `key` with named arguments.
    pub fn ta(&self, key: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.clone()))).collect();
        LOCALES.try_lookup_with_args(self.lang.id(), key, &map).unwrap_or_else(|| key.to_string())
    }

    /// `ta` with one argument, for templates.
    pub fn ta1(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.ta(key, &[(name, value.to_string())])
    }

    /// `ta` with two arguments, for templates.
    pub fn ta2(&self, key: &str, name1: &str, value1: impl ToString, name2: &str, value2: impl ToString) -> String {
        self.ta(key, &[(name1, value1.to_string()), (name2, value2.to_string())])
    }

    /// A risk level as the organization shows it: `3`, or its word on its
    /// scale (`高`); blank when not set.
    pub fn level(&self, style: LevelStyle, level: Option<u8>, scale: u8) -> String {
        match (style, level) {
            (_, None) => String::new(),
            (LevelStyle::Words, Some(v)) => word_key(v, scale).map_or_else(|| v.to_string(), |key| self.t(&key)),
            (LevelStyle::Numbers, Some(v)) => v.to_string(),
        }
    }

    /// The message explaining why a value was refused.
    pub fn invalid(&self, why: &Invalid) -> String {
        let args: Vec<(&str, String)> = why.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        self.ta(why.key, &args)
    }

    /// How an import read a cell's words: `目標値: 4 · 単位: 件 · 方向: 以下`.
    pub fn reading(&self, r: &crate::domain::import::Reading) -> String {
        let parts: Vec<String> = r
            .parts
            .iter()
            .map(|p| {
                let value = if p.translate { self.t(&p.value) } else { p.value.clone() };
                format!("{}: {value}", self.t(p.label))
            })
            .collect();
        parts.join(" · ")
    }

    /// What a readiness finding says, months and dates in this language and
    /// the plan items missing (`f, h`) named as the sheet names them.
    pub fn finding(&self, f: &crate::domain::readiness::Finding) -> String {
        use crate::domain::readiness::{DATE_ARG, MONTH_ARG};
        let args: Vec<(&str, String)> = f
            .args
            .iter()
            .map(|(name, value)| {
                let shown = match *name {
                    MONTH_ARG => YearMonth::parse(value).map(|m| self.year_month(&m)).unwrap_or_else(|_| value.clone()),
                    DATE_ARG => value.parse::<NaiveDate>().map(|d| self.date(&d)).unwrap_or_else(|_| value.clone()),
                    "items" => {
                        let sep = if self.is_ja() { "、" } else { ", " };
                        value.split(", ").map(|item| self.t(&plan_item_key(item))).collect::<Vec<_>>().join(sep)
                    }
                    _ => value.clone(),
                };
                (*name, shown)
            })
            .collect();
        self.ta(f.message, &args)
    }

    /// `2025年10月` / `Oct 2025`.
    pub fn year_month(&self, m: &YearMonth) -> String {
        self.ta("xlsx-year-month", &[("year", m.year().to_string()), ("month", self.month(m))])
    }

    pub fn is_ja(&self) -> bool {
        self.lang == Lang::Ja
    }

    /// `2026/03/31` on Japanese screens, `2026-03-31` on English ones.
    pub fn date(&self, d: &NaiveDate) -> String {
        // Written out rather than through chrono's format strings, which
        // are parsed at every call: lists show thousands of dates.
        use chrono::Datelike;
        let sep = match self.lang {
            Lang::Ja => '/',
            Lang::En => '-',
        };
        format!("{:04}{sep}{:02}{sep}{:02}", d.year(), d.month(), d.day())
    }

    /// A plan's deadline as pages show it: its date, or the words it was
    /// written in with the period's end they stand for (`通年（期末 2026/03/31）`).
    pub fn plan_deadline(&self, p: &crate::domain::plan::Plan) -> Option<String> {
        let date = self.date(&p.deadline?);
        Some(match &p.deadline_text {
            Some(words) => self.ta2("plan-deadline-words", "words", words, "date", date),
            None => date,
        })
    }

    /// A stored UTC timestamp (`2026-11-27T06:32:59Z`) as `2026/11/27 06:32 UTC`
    /// (ja) or `2026-11-27 06:32 UTC` (en).
    pub fn timestamp(&self, at: &str) -> String {
        let (date, time) = at.split_once('T').unwrap_or((at, ""));
        let date = if self.is_ja() { date.replace('-', "/") } else { date.to_string() };
        format!("{date} {} UTC", time.get(..5).unwrap_or(time))
    }

    /// A month column header: `4月` / `Apr`.
    pub fn month(&self, m: &YearMonth) -> String {
        self.t(&format!("month-{}", m.month()))
    }

    /// A fiscal year: `2025年度` / `FY2025`.
    pub fn fiscal_year(&self, start_year: &i32) -> String {
        self.ta("fiscal-year", &[("year", start_year.to_string())])
    }
}

/// The sheet's column label of a plan item of 6.2 (f..j).
fn plan_item_key(item: &str) -> String {
    match item {
        "f" => "xlsx-col-actions",
        "g" => "xlsx-col-resources",
        "h" => "xlsx-col-responsible",
        "i" => "xlsx-col-deadline",
        _ => "xlsx-col-evaluation-method",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_q() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,ja;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("ja,en-US;q=0.9"), Lang::Ja);
        assert_eq!(Lang::from_accept_language("fr-FR, en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr, de"), Lang::Ja);
        assert_eq!(Lang::from_accept_language(""), Lang::Ja);
    }

    #[test]
    fn lookups_differ_by_language() {
        assert_eq!(Tr::new(Lang::Ja).t("app-name"), "ismo");
        assert_ne!(Tr::new(Lang::Ja).t("nav-objectives"), Tr::new(Lang::En).t("nav-objectives"));
        assert_eq!(Tr::new(Lang::En).t("no-such-key"), "no-such-key");
    }
}
