//! The message catalogs are complete: both languages hold the same keys, and
//! every key the code and templates use exists. A missing entry would show a
//! raw key to a user.

use std::collections::BTreeSet;
use std::fs;

use ismo::domain::access::Role;
use ismo::domain::achievement::Achievement;
use ismo::domain::actor::AuditAction;
use ismo::domain::indicator::{Direction, Frequency};
use ismo::domain::input::InputKind;
use ismo::domain::month::MonthState;
use ismo::domain::objective::ObjectiveStatus;
use ismo::domain::plan::PlanStatus;
use ismo::domain::progress::Progress;
use ismo::domain::requirement::RequirementKind;
use ismo::domain::risk::TreatmentOption;
use ismo::domain::risk_method::{Comparison, RiskMethod};
use ismo::i18n::{Lang, Tr};

fn keys(lang: &str) -> BTreeSet<String> {
    let text = fs::read_to_string(format!("locales/{lang}/main.ftl")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" = "))
        .map(|l| l.split(" = ").next().unwrap().trim().to_string())
        .collect()
}

/// Every quoted string passed to a catalog call in `text`.
fn used_keys(text: &str, into: &mut BTreeSet<String>) {
    for call in [".t(\"", ".ta(\"", ".ta1(\"", ".ta2(\"", ".hint(\"", "Invalid::new(\""] {
        for piece in text.split(call).skip(1) {
            let key = piece.split('"').next().unwrap();
            if key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !key.is_empty() {
                into.insert(key.to_string());
            }
        }
    }
    // Field labels: `.add("name", "label-key", …)`.
    for piece in text.split(".add(\"").skip(1) {
        if let Some(label) = piece.split('"').nth(2) {
            into.insert(label.to_string());
        }
    }
}

fn files(dir: &str, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(path.to_str().unwrap(), out);
        } else {
            out.push(fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn japanese_and_english_hold_the_same_keys() {
    let (ja, en) = (keys("ja"), keys("en"));
    assert!(ja.len() > 150);
    let only_ja: Vec<_> = ja.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&ja).collect();
    assert!(only_ja.is_empty() && only_en.is_empty(), "only in ja: {only_ja:?}; only in en: {only_en:?}");
}

#[test]
fn every_key_used_by_code_and_templates_exists() {
    let ja = keys("ja");
    let mut texts = Vec::new();
    files("src", &mut texts);
    files("templates", &mut texts);
    let mut used = BTreeSet::new();
    for text in &texts {
        used_keys(text, &mut used);
    }
    // Keys built at run time.
    for m in 1..=12 {
        used.insert(format!("month-{m}"));
    }
    for s in ["code", "title", "status", "department", "deadline"] {
        used.insert(format!("sort-{s}"));
    }
    for e in ["not-found", "bad-request", "too-large", "internal"] {
        used.insert(format!("error-{e}-title"));
        used.insert(format!("error-{e}-body"));
    }
    // Test fixtures that are deliberately absent.
    used.remove("no-such-key");
    used.remove("key");
    let missing: Vec<_> = used.iter().filter(|k| !ja.contains(*k)).collect();
    assert!(used.len() > 100, "the scan finds the keys ({})", used.len());
    assert!(missing.is_empty(), "keys used but not in the catalogs: {missing:?}");
}

#[test]
fn every_choice_has_a_label_in_both_languages() {
    let mut label_keys: Vec<&str> = Vec::new();
    label_keys.extend(ObjectiveStatus::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(PlanStatus::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(MonthState::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(Direction::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(Frequency::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(InputKind::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(RequirementKind::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(Progress::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(Achievement::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(Role::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(AuditAction::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(["delay-month-without-result", "delay-deadline-passed"]);
    label_keys.extend(TreatmentOption::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(RiskMethod::ALL.iter().map(|v| v.label_key()));
    label_keys.extend(Comparison::ALL.iter().map(|v| v.label_key()));
    for lang in Lang::ALL {
        let t = Tr::new(lang);
        for key in &label_keys {
            // Arguments are supplied for the messages that take some.
            let args = [("month", "x".to_string()), ("date", "x".to_string())];
            assert_ne!(t.ta(key, &args), *key, "{key} has no {lang:?} label");
        }
    }
    // The two languages really differ (the English catalog is not a copy).
    assert_ne!(Tr::new(Lang::Ja).t("plan-status-done"), Tr::new(Lang::En).t("plan-status-done"));
}
