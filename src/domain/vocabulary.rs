//! The words people write in the sheet for the values of its closed lists —
//! treatment options, input kinds, evaluation results — in Japanese and
//! English, with the abbreviations and synonyms these sheets use. Kept here
//! as data, once, so the importer and the forms read a word alike.
//!
//! Every label ismo itself writes (the catalogs' `treatment-option-*`,
//! `input-kind-*`, `evaluation-result-*`) is among the words, so an exported
//! sheet reads back as it was written.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::evaluation::EvaluationResult;
use super::input::InputKind;
use super::risk::TreatmentOption;
use super::text;

/// The words of one closed list.
pub struct Vocabulary<T: 'static> {
    /// Each value with the words that name it.
    pub words: &'static [(T, &'static [&'static str])],
    /// Whether a Japanese word may run on into the words after it: an input
    /// line says 「社長指示」 or 「事故報告」, while 「受容できない」 is no option.
    pub runs_on: bool,
    /// Each word folded (see [`fold`]), in the order of `words`: made once,
    /// as every plan's evaluation and every input line is read by them.
    keys: OnceLock<Vec<String>>,
}

/// 対応方針: the 2013 JIS terms (低減・回避・移転・保有), the 2022 ones and
/// ISO 31000's (修正・除去・共有), the usual synonyms, and English.
pub static TREATMENT_OPTIONS: Vocabulary<TreatmentOption> = Vocabulary {
    words: &[
        (
            TreatmentOption::Reduce,
            &[
                "低減",
                "軽減",
                "修正",
                "リスク低減",
                "リスク軽減",
                "リスク修正",
                "リスクの低減",
                "リスクを低減する",
                "リスクを修正する",
                "Reduce",
                "Reduction",
                "Mitigate",
                "Mitigation",
                "Modify",
                "Modification",
                "Treat",
                "Risk reduction",
                "Risk mitigation",
                "Risk modification",
            ],
        ),
        (
            TreatmentOption::Avoid,
            &[
                "回避",
                "除去",
                "リスク回避",
                "リスク除去",
                "リスクの回避",
                "リスクを回避する",
                "リスク源を除去する",
                "Avoid",
                "Avoidance",
                "Terminate",
                "Termination",
                "Risk avoidance",
            ],
        ),
        (
            TreatmentOption::Transfer,
            &[
                "移転",
                "共有",
                "転嫁",
                "移転・共有",
                "移転/共有",
                "共有・移転",
                "リスク移転",
                "リスク共有",
                "リスク転嫁",
                "リスクの移転",
                "リスクを共有する",
                "Transfer",
                "Share",
                "Sharing",
                "Transfer or share",
                "Transfer/share",
                "Risk transfer",
                "Risk sharing",
            ],
        ),
        (
            TreatmentOption::Accept,
            &[
                "受容",
                "保有",
                "容認",
                "許容",
                "受容・保有",
                "受容/保有",
                "保有・受容",
                "リスク受容",
                "リスク保有",
                "リスク容認",
                "リスクの受容",
                "リスクを保有する",
                "Accept",
                "Acceptance",
                "Retain",
                "Retention",
                "Tolerate",
                "Accept or retain",
                "Accept/retain",
                "Risk acceptance",
                "Risk retention",
            ],
        ),
    ],
    runs_on: false,
    keys: OnceLock::new(),
};

/// インプット: what an objective was decided from, by its usual names and abbreviations.
pub static INPUT_KINDS: Vocabulary<InputKind> = Vocabulary {
    words: &[
        (
            InputKind::ManagementReview,
            &[
                "マネジメントレビュー",
                "マネージメントレビュー",
                "マネジメント・レビュー",
                "MR",
                "経営レビュー",
                "経営者による見直し",
                "経営陣による見直し",
                "Management review",
            ],
        ),
        (
            InputKind::TopManagement,
            &[
                "経営者の指示",
                "経営者",
                "経営層",
                "経営陣",
                "社長",
                "トップ",
                "トップマネジメント",
                "代表取締役",
                "取締役会",
                "経営会議",
                "Top management",
                "Top management's instruction",
                "CEO",
                "President",
                "Board",
            ],
        ),
        (
            InputKind::RiskAssessment,
            &[
                "リスクアセスメント",
                "リスクアセスメント結果",
                "リスク評価",
                "リスク分析",
                "RA",
                "Risk assessment",
                "Risk assessment result",
            ],
        ),
        (InputKind::InternalAudit, &["内部監査", "内部審査", "Internal audit"]),
        (
            InputKind::ExternalAudit,
            &[
                "外部審査",
                "認証審査",
                "審査",
                "維持審査",
                "更新審査",
                "定期審査",
                "サーベイランス",
                "ISMS審査",
                "External audit",
                "Certification audit",
                "Surveillance audit",
            ],
        ),
        (
            InputKind::Incident,
            &[
                "インシデント",
                "事故",
                "セキュリティ事故",
                "情報セキュリティ事故",
                "ヒヤリハット",
                "情報漏えい",
                "情報漏洩",
                "Incident",
                "Accident",
                "Breach",
            ],
        ),
        (
            InputKind::Legal,
            &[
                "法令",
                "規制",
                "法規制",
                "法律",
                "法改正",
                "法令・規制要求事項",
                "個人情報保護法",
                "Law",
                "Legal",
                "Legal or regulatory requirement",
                "Regulation",
                "Regulatory",
                "Statutory",
            ],
        ),
        (
            InputKind::Contract,
            &[
                "契約",
                "顧客要求",
                "顧客の要求",
                "顧客要望",
                "顧客の要望",
                "SLA",
                "Contract",
                "Contractual",
                "Customer requirement",
                "Customer request",
                "Client requirement",
            ],
        ),
        (
            InputKind::InterestedParties,
            &[
                "利害関係者",
                "利害関係者の要求",
                "ステークホルダー",
                "Interested parties",
                "Interested party",
                "Requirements of interested parties",
                "Stakeholder",
                "Stakeholders",
            ],
        ),
        (InputKind::Other, &["その他", "Other"]),
    ],
    runs_on: true,
    keys: OnceLock::new(),
};

/// 評価結果: the result in words or as the sheet's marks (○ △ ×).
pub static EVALUATION_RESULTS: Vocabulary<EvaluationResult> = Vocabulary {
    words: &[
        (
            EvaluationResult::Achieved,
            &["達成", "達成済", "達成済み", "目標達成", "○", "〇", "◯", "Achieved", "Met", "Attained"],
        ),
        (
            EvaluationResult::PartiallyAchieved,
            &[
                "一部達成",
                "部分達成",
                "概ね達成",
                "おおむね達成",
                "一部未達",
                "△",
                "Partially achieved",
                "Partly achieved",
                "Partially met",
                "Partial",
            ],
        ),
        (
            EvaluationResult::NotAchieved,
            &["未達成", "未達", "不達成", "×", "✕", "Not achieved", "Not met", "Unachieved", "Failed"],
        ),
    ],
    runs_on: false,
    keys: OnceLock::new(),
};

/// A value read from the start of a text: the word that named it and what
/// follows the word, as written (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named<T> {
    pub value: T,
    pub word: &'static str,
    pub rest: String,
}

impl<T: Copy> Vocabulary<T> {
    /// The value the text starts with: the longest word that the text begins
    /// with (full-width, case and blanks aside) and that ends where a word
    /// ends. `None` when no word of the list begins it.
    pub fn at_start(&self, text: &str) -> Option<Named<T>> {
        let text = text.trim();
        let folded = Folded::new(text);
        let keys =
            self.keys.get_or_init(|| self.words.iter().flat_map(|(_, words)| words.iter()).map(|w| fold(w)).collect());
        let mut keys = keys.iter();
        let mut best: Option<(usize, Named<T>)> = None;
        for (value, words) in self.words {
            for word in *words {
                let Some(key) = keys.next() else { continue };
                let Some(end) = folded.after(key) else { continue };
                let rest = &text[end..];
                if !self.ends_word(key, rest) {
                    continue;
                }
                let len = key.chars().count();
                if best.as_ref().is_none_or(|(l, _)| len > *l) {
                    best = Some((len, Named { value: *value, word, rest: rest.trim().to_string() }));
                }
            }
        }
        best.map(|(_, named)| named)
    }

    /// The value the text names as a whole: a word, with at most a note
    /// after it (see [`only_a_note`]).
    pub fn whole(&self, text: &str) -> Option<T> {
        self.at_start(text).filter(|n| only_a_note(&n.rest)).map(|n| n.value)
    }

    /// Whether the text can stop after `key` and leave `rest`: a word may not
    /// end inside a longer word (`RA` in `RAID`, 受容 in 受容できない), though in
    /// a list whose words run on, a Japanese word may be followed by more.
    fn ends_word(&self, key: &str, rest: &str) -> bool {
        let Some(next) = rest.chars().next() else { return true };
        let last_ascii = key.chars().last().is_some_and(|c| c.is_ascii());
        if self.runs_on && !last_ascii {
            return true;
        }
        let next = fold(&next.to_string()).chars().next().unwrap_or(' ');
        if last_ascii { !next.is_ascii_alphanumeric() } else { !next.is_alphanumeric() }
    }
}

/// Whether the words after a value are only a note on it: nothing, a note
/// in brackets, or one after a colon or a dash (`低減（技術的対策）`, `転嫁: 保険`).
pub fn only_a_note(rest: &str) -> bool {
    let rest = text::normalize(rest);
    let bracketed = [('(', ')'), ('[', ']'), ('【', '】'), ('〔', '〕'), ('「', '」')]
        .iter()
        .any(|(open, close)| rest.starts_with(*open) && rest.ends_with(*close) && rest.matches(*open).count() == 1);
    rest.is_empty() || bracketed || rest.starts_with([':', '-', '–', '—'])
}

/// What words are compared by: NFKC (full-width letters and blanks folded),
/// lower case, blank runs as one space.
fn fold(s: &str) -> String {
    let lower: String = s.nfkc().collect::<String>().to_lowercase();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text folded char by char, so that a word matched in the folded text
/// maps back to where it ends in the original.
struct Folded {
    text: String,
    /// (folded byte offset, original byte offset) at each original char boundary.
    bounds: Vec<(usize, usize)>,
}

impl Folded {
    fn new(original: &str) -> Self {
        let mut text = String::new();
        let mut bounds = vec![(0, 0)];
        let mut chars = original.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            // A character with the marks that follow it, folded together: the
            // half-width ｼﾞ is two characters that NFKC makes one, ジ.
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek()
                && (matches!(next, '\u{FF9E}' | '\u{FF9F}') || is_combining_mark(next))
            {
                end = i + next.len_utf8();
                chars.next();
            }
            let f: String = original[start..end].nfkc().collect::<String>().to_lowercase();
            if f.chars().all(char::is_whitespace) {
                if !text.ends_with(' ') {
                    text.push(' ');
                }
            } else {
                text.push_str(&f);
            }
            bounds.push((text.len(), end));
        }
        Folded { text, bounds }
    }

    /// Where in the original the text stops, if it starts with `key` and
    /// `key` ends on a boundary of an original character.
    fn after(&self, key: &str) -> Option<usize> {
        if key.is_empty() || !self.text.starts_with(key) {
            return None;
        }
        self.bounds.iter().find(|(folded, _)| *folded == key.len()).map(|(_, original)| *original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Tr};

    /// The full-width form of a text: ASCII letters, digits, signs and blanks
    /// shifted to their full-width code points.
    fn full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                ' ' => '\u{3000}',
                '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
                c => c,
            })
            .collect()
    }

    /// Reads every written form of each word: as listed, full-width, upper
    /// and lower case, with a bracketed note after it in either width.
    fn reads_every_form<T: Copy + PartialEq + std::fmt::Debug>(v: &Vocabulary<T>, table: &[(&str, T)]) {
        for (word, expected) in table {
            let forms = [
                word.to_string(),
                full_width(word),
                word.to_uppercase(),
                word.to_lowercase(),
                format!("{word}（注記）"),
                format!("{word} (note)"),
                format!("　{word}　"),
            ];
            for form in forms {
                let got = v.at_start(&form).map(|n| n.value);
                assert_eq!(got, Some(*expected), "{form:?}");
            }
        }
    }

    /// Every value's label, as ismo writes it in either language, reads back as that value.
    fn reads_its_own_labels<T: Copy + PartialEq + std::fmt::Debug>(
        v: &Vocabulary<T>,
        all: &[T],
        key: impl Fn(T) -> &'static str,
    ) {
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            for value in all {
                let label = t.t(key(*value));
                let named = v.at_start(&label).unwrap_or_else(|| panic!("{label}"));
                assert_eq!((named.value, named.rest.as_str()), (*value, ""), "{label}");
            }
        }
    }

    #[test]
    fn treatment_options() {
        use TreatmentOption::*;
        let table = [
            ("低減", Reduce),
            ("軽減", Reduce),
            ("リスク低減", Reduce),
            ("修正", Reduce),
            ("Reduce", Reduce),
            ("Mitigate", Reduce),
            ("Modify", Reduce),
            ("Treat", Reduce),
            ("回避", Avoid),
            ("除去", Avoid),
            ("Avoid", Avoid),
            ("Terminate", Avoid),
            ("移転", Transfer),
            ("共有", Transfer),
            ("転嫁", Transfer),
            ("移転・共有", Transfer),
            ("Transfer", Transfer),
            ("Share", Transfer),
            ("受容", Accept),
            ("保有", Accept),
            ("容認", Accept),
            ("Accept", Accept),
            ("Retain", Accept),
            ("Tolerate", Accept),
        ];
        reads_every_form(&TREATMENT_OPTIONS, &table);
        reads_its_own_labels(&TREATMENT_OPTIONS, TreatmentOption::ALL, TreatmentOption::label_key);
        let named = TREATMENT_OPTIONS.at_start("低減（技術的対策）").unwrap();
        assert_eq!((named.value, named.word, named.rest.as_str()), (Reduce, "低減", "（技術的対策）"));
        for not_an_option in ["受容できない", "低減策", "放置", "Reducer", "", "未定"] {
            assert_eq!(TREATMENT_OPTIONS.at_start(not_an_option), None, "{not_an_option}");
        }
        // As a whole: a note may follow the word, another word may not.
        assert_eq!(TREATMENT_OPTIONS.whole("転嫁：保険"), Some(Transfer));
        assert_eq!(TREATMENT_OPTIONS.whole("Share [insurance]"), Some(Transfer));
        assert_eq!(TREATMENT_OPTIONS.whole("低減・移転"), None);
        assert_eq!(TREATMENT_OPTIONS.whole("低減 及び 移転"), None);
    }

    #[test]
    fn input_kinds() {
        use InputKind::*;
        let table = [
            ("MR", ManagementReview),
            ("マネジメントレビュー", ManagementReview),
            ("Management review", ManagementReview),
            ("社長の指示", TopManagement),
            ("経営者の指示", TopManagement),
            ("トップの指示", TopManagement),
            ("Top management", TopManagement),
            ("RA", RiskAssessment),
            ("リスクアセスメント", RiskAssessment),
            ("Risk assessment", RiskAssessment),
            ("内部監査", InternalAudit),
            ("Internal audit", InternalAudit),
            ("外部審査", ExternalAudit),
            ("認証審査", ExternalAudit),
            ("External audit", ExternalAudit),
            ("事故", Incident),
            ("インシデント", Incident),
            ("Incident", Incident),
            ("法令", Legal),
            ("規制", Legal),
            ("Regulation", Legal),
            ("契約", Contract),
            ("顧客要求", Contract),
            ("Contract", Contract),
            ("利害関係者", InterestedParties),
            ("Stakeholder", InterestedParties),
            ("その他", Other),
        ];
        reads_every_form(&INPUT_KINDS, &table);
        reads_its_own_labels(&INPUT_KINDS, InputKind::ALL, InputKind::label_key);
        // The lines: a Japanese word runs on into what follows it.
        for (line, kind, rest) in [
            ("MR（2025年3月）", ManagementReview, "（2025年3月）"),
            ("社長指示", TopManagement, "指示"),
            ("RA結果", RiskAssessment, "結果"),
            ("事故報告", Incident, "報告"),
            ("顧客要求（A社）", Contract, "（A社）"),
            ("経営者による見直し（2025年度）", ManagementReview, "（2025年度）"),
            ("ＭＲ　議事録4項", ManagementReview, "議事録4項"),
            ("ﾏﾈｼﾞﾒﾝﾄﾚﾋﾞｭｰ（3月）", ManagementReview, "（3月）"),
        ] {
            let named = INPUT_KINDS.at_start(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((named.value, named.rest.as_str()), (kind, rest), "{line}");
        }
        for unknown in ["取引先の要請", "RAID障害", "Mrs. Tanaka", "前年度の課題", "2025年3月 MR"] {
            assert_eq!(INPUT_KINDS.at_start(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn evaluation_results() {
        use EvaluationResult::*;
        let table = [
            ("達成", Achieved),
            ("達成済", Achieved),
            ("○", Achieved),
            ("Achieved", Achieved),
            ("Met", Achieved),
            ("一部達成", PartiallyAchieved),
            ("概ね達成", PartiallyAchieved),
            ("△", PartiallyAchieved),
            ("Partially achieved", PartiallyAchieved),
            ("未達成", NotAchieved),
            ("未達", NotAchieved),
            ("×", NotAchieved),
            ("Not achieved", NotAchieved),
            ("Not met", NotAchieved),
        ];
        reads_every_form(&EVALUATION_RESULTS, &table);
        reads_its_own_labels(&EVALUATION_RESULTS, EvaluationResult::ALL, EvaluationResult::label_key);
        assert_eq!(EVALUATION_RESULTS.at_start("達成済（96点）").map(|n| n.rest), Some("（96点）".into()));
        assert_eq!(EVALUATION_RESULTS.at_start("達成率80%"), None, "a rate is not a result");
    }

    /// Within a list a word names one value: no word is listed under two.
    #[test]
    fn no_word_names_two_values() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(v: &Vocabulary<T>) {
            let mut seen: Vec<(String, T)> = Vec::new();
            for (value, words) in v.words {
                for w in *words {
                    if let Some((_, other)) = seen.iter().find(|(s, _)| *s == fold(w)) {
                        panic!("{w} names both {other:?} and {value:?}");
                    }
                    seen.push((fold(w), *value));
                }
            }
        }
        check(&TREATMENT_OPTIONS);
        check(&INPUT_KINDS);
        check(&EVALUATION_RESULTS);
    }
}
