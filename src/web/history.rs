//! The history of records (clause 7.5.3, 6.2 e): who changed what, when,
//! from the audit trail.

use crate::domain::audit::AuditEntry;
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

/// Field names of stored records, shown with their catalog label when there is one.
fn field_label(t: &Tr, field: &str) -> String {
    let key = format!("field-{}", field.replace('_', "-"));
    let label = t.t(&key);
    if label == key { field.to_string() } else { label }
}

/// `2026-11-27T06:32:59Z` shown as `2026/11/27 06:32 UTC` (ja) or `2026-11-27 06:32 UTC` (en).
fn when(t: &Tr, at: &str) -> String {
    let (date, time) = at.split_once('T').unwrap_or((at, ""));
    let date = if t.is_ja() { date.replace('-', "/") } else { date.to_string() };
    format!("{date} {} UTC", time.get(..5).unwrap_or(time))
}

fn row(t: &Tr, entry: &AuditEntry, record: &str) -> HistoryRow {
    HistoryRow {
        at: when(t, &entry.at),
        actor: entry.actor.clone(),
        action_key: entry.action.label_key(),
        record: record.to_string(),
        changes: entry
            .changes()
            .into_iter()
            .filter(|(field, _, _)| !matches!(field.as_str(), "version" | "id" | "org_id"))
            .map(|(field, old, new)| (field_label(t, &field), old.unwrap_or_default(), new.unwrap_or_default()))
            .collect(),
    }
}

/// The history of several records (type, id, how to name it), newest first.
pub async fn history(store: &Store, t: &Tr, org: i64, records: &[(&str, i64, String)]) -> AppResult<Vec<HistoryRow>> {
    let mut entries = Vec::new();
    for (kind, id, label) in records {
        for entry in store.history(org, kind, *id).await? {
            entries.push((entry.id, row(t, &entry, label)));
        }
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0));
    Ok(entries.into_iter().map(|(_, r)| r).collect())
}
