//! The history of records (clause 7.5.3, 6.2 e): who changed what, when,
//! from the audit trail, in words people read.

use std::collections::HashMap;

use serde_json::Value;

use crate::domain::audit::AuditEntry;
use crate::domain::indicator::format_number;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::store::Store;

/// One change as the history table shows it.
pub struct HistoryRow {
    pub at: String,
    pub actor: String,
    pub action_key: &'static str,
    /// Which record, e.g. "計画 1-2", when a page shows several.
    pub record: String,
    /// (field label, old value, new value).
    pub changes: Vec<(String, String, String)>,
}

/// Bookkeeping fields people do not need to see in a history (a responsible
/// user is shown by name, in `responsible_name`).
const HIDDEN: [&str; 13] = [
    "id",
    "org_id",
    "objective_id",
    "version",
    "position",
    "responsible_user_id",
    "indicator_id",
    "record_type",
    "record_id",
    "carried_from_id",
    "risk_id",
    "risk_owner_user_id",
    "parent",
];

/// Field names of stored records, shown with their catalog label when there is one.
fn field_label(t: &Tr, field: &str) -> String {
    let key = format!("field-{}", field.replace('_', "-"));
    let label = t.t(&key);
    if label == key { field.to_string() } else { label }
}

/// The catalog prefix of a field holding one of a closed set of values.
fn choice_prefix(record_type: &str, field: &str) -> Option<&'static str> {
    Some(match (record_type, field) {
        ("objective", "status") => "objective-status",
        ("plan", "status") => "plan-status",
        ("indicator", "direction") => "direction",
        ("indicator", "frequency") => "frequency",
        ("input", "kind") => "input-kind",
        ("requirement", "kind") => "requirement-kind",
        ("review", "decision") => "review-decision",
        (_, "role") => "role",
        (kind, "result") if kind.ends_with("_evaluation") => "evaluation-result",
        ("treatment", "option") => "treatment-option",
        ("risk_settings", "risk_method") => "risk-method",
        ("risk_settings", "risk_comparison") => "comparison",
        ("risk_settings", "risk_level_style") => "risk-level-style",
        (_, "state") => "month-state",
        _ => return None,
    })
}

/// A stored value as a person reads it.
fn shown(t: &Tr, record_type: &str, field: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => t.t(if *b { "yes" } else { "no" }),
        Value::Number(n) => n.as_f64().map(format_number).unwrap_or_else(|| n.to_string()),
        Value::String(s) => match choice_prefix(record_type, field) {
            Some(prefix) => t.t(&format!("{prefix}-{s}")),
            None => s.clone(),
        },
        Value::Array(items) => items
            .iter()
            .map(|i| shown(t, record_type, field, i))
            .collect::<Vec<_>>()
            .join(t.t("list-separator").as_str()),
        Value::Object(map) if field.ends_with("_approval") => {
            let text = |k: &str| map.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            format!("{} {}", text("by"), t.timestamp(&text("at")))
        }
        Value::Object(map) if field == "inputs" => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{} {}", t.t(&format!("risk-{}", k.replace('_', "-"))), v))
            .collect::<Vec<_>>()
            .join(t.t("list-separator").as_str()),
        Value::Object(map) if field == "budget" => {
            let minor = map.get("minor").and_then(Value::as_i64).unwrap_or(0);
            let currency = map.get("currency").and_then(Value::as_str).unwrap_or("");
            crate::domain::money::Money::from_minor(minor, currency).map(|m| m.to_string()).unwrap_or_default()
        }
        other => other.to_string(),
    }
}

/// One month of a `plan_months` entry in one line: "計画 / 実施結果 (状態)".
fn month_line(t: &Tr, cell: &Value) -> String {
    let text = |k: &str| cell.get(k).and_then(Value::as_str).unwrap_or("—").to_string();
    let state = cell.get("state").and_then(Value::as_str).unwrap_or("planned");
    format!("{} / {} ({})", text("planned"), text("result"), t.t(&format!("month-state-{state}")))
}

/// The changes of an entry: field by field, or month by month for the grid.
fn changes(t: &Tr, entry: &AuditEntry) -> Vec<(String, String, String)> {
    let null = Value::Null;
    let before = entry.before.as_ref().unwrap_or(&null);
    let after = entry.after.as_ref().unwrap_or(&null);
    if entry.record_type == "plan_months" {
        let list = |v: &Value| v.get("months").and_then(Value::as_array).cloned().unwrap_or_default();
        let (old, new) = (list(before), list(after));
        return new
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let month = cell.get("month").and_then(Value::as_str).unwrap_or("").to_string();
                let was = old.get(i).filter(|c| !c.is_null()).map(|c| month_line(t, c)).unwrap_or_default();
                (month, was, month_line(t, cell))
            })
            .collect();
    }
    let keys: std::collections::BTreeSet<&String> = before
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .chain(after.as_object().into_iter().flat_map(|m| m.keys()))
        .filter(|k| !HIDDEN.contains(&k.as_str()))
        .collect();
    keys.into_iter()
        .filter_map(|k| {
            let (old, new) = (before.get(k).unwrap_or(&null), after.get(k).unwrap_or(&null));
            let (old, new) = (shown(t, &entry.record_type, k, old), shown(t, &entry.record_type, k, new));
            (old != new).then(|| (field_label(t, k), old, new))
        })
        .collect()
}

/// The history of several records (type, id, how to name it), newest first.
pub async fn history(store: &Store, t: &Tr, org: i64, records: &[(&str, i64, String)]) -> AppResult<Vec<HistoryRow>> {
    let wanted: Vec<(&str, i64)> = records.iter().map(|(kind, id, _)| (*kind, *id)).collect();
    let labels: HashMap<(&str, i64), &String> = records.iter().map(|(kind, id, label)| ((*kind, *id), label)).collect();
    let mut entries = store.histories(org, &wanted).await?;
    // Newest first.
    entries.reverse();
    Ok(entries
        .iter()
        .map(|entry| HistoryRow {
            at: t.timestamp(&entry.at),
            actor: entry.actor.clone(),
            action_key: entry.action.label_key(),
            record: labels
                .get(&(entry.record_type.as_str(), entry.record_id))
                .map(|l| l.to_string())
                .unwrap_or_default(),
            changes: changes(t, entry),
        })
        .collect())
}
