//! Lost updates: when a form was opened on an older version of a record than
//! the one now saved, show what differs instead of overwriting it.

use serde::Serialize;

use super::form_view::{FormPage, Kind};
use crate::domain::audit::AuditEntry;
use crate::i18n::Tr;

/// The record as saved now, in the form's own field names.
pub struct Conflict {
    pub values: Vec<(String, Vec<String>)>,
    pub version: i64,
    /// Who saved last, and when (from the audit trail).
    pub last: Option<(String, String)>,
}

impl Conflict {
    /// `form` is the saved record put into its form (e.g. `ObjectiveForm::from_objective`).
    pub fn of(form: &impl Serialize, version: i64, history: &[AuditEntry]) -> Conflict {
        let mut values = Vec::new();
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(form) {
            for (name, value) in map {
                let list = match value {
                    serde_json::Value::Array(items) => {
                        items.iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()
                    }
                    serde_json::Value::String(s) => vec![s],
                    other => vec![other.to_string()],
                };
                values.push((name, list));
            }
        }
        let last = history.last().map(|e| (e.actor.clone(), e.at.replace('T', " ").replace('Z', " UTC")));
        Conflict { values, version, last }
    }
}

/// How a saved value reads in a field of this kind.
fn shown(t: &Tr, kind: &Kind, saved: &[String]) -> String {
    let label = |opts: &[(String, String)], v: &str| {
        opts.iter().find(|(value, _)| value == v).map(|(_, l)| l.clone()).unwrap_or_else(|| v.to_string())
    };
    match kind {
        Kind::Select(opts) | Kind::Checks(opts, _) => {
            saved.iter().map(|v| label(opts, v)).collect::<Vec<_>>().join(t.t("list-separator").as_str())
        }
        Kind::Check => t.t(if saved.iter().any(|v| !v.is_empty()) { "yes" } else { "no" }),
        _ => saved.join(""),
    }
}

impl FormPage {
    /// Marks each field whose saved value differs from what was submitted,
    /// and takes the saved version so the next save applies.
    pub fn mark_conflict(&mut self, conflict: &Conflict) {
        let t = self.t;
        for field in &mut self.fields {
            let Some((_, saved)) = conflict.values.iter().find(|(name, _)| *name == field.name) else { continue };
            let submitted: Vec<String> = match &field.kind {
                Kind::Checks(_, checked) => checked.clone(),
                _ => vec![field.value.clone()],
            };
            let (mut a, mut b) = (submitted.clone(), saved.clone());
            a.sort();
            b.sort();
            let same = match field.kind {
                Kind::Check => a.iter().any(|v| !v.is_empty()) == b.iter().any(|v| !v.is_empty()),
                _ => a == b,
            };
            if !same {
                field.saved = Some(shown(&t, &field.kind, saved));
            }
        }
        for (name, value) in &mut self.hidden {
            if name == "version" {
                *value = conflict.version.to_string();
            }
        }
        self.conflict = Some(match &conflict.last {
            Some((who, when)) => t.ta2("conflict-by", "who", who, "when", when),
            None => t.t("conflict"),
        });
        self.has_errors = true;
    }
}
