//! The audit trail as a hash chain: every entry's hash covers its content and
//! the hash of the entry before it, so changing, removing or inserting an entry
//! anywhere but at the very end breaks the chain at that point.
//!
//! Pure: the store reads and writes the rows, this module decides what the
//! hash is and whether a sequence of entries still holds together.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::actor::AuditAction;

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Versions the hash encoding; a new encoding must use a new tag.
const DOMAIN_TAG: &[u8] = b"ismo-audit-v1";

/// What one entry says; every field is covered by its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditContent {
    /// `None` for records outside any organization (users).
    pub org_id: Option<i64>,
    /// ISO 8601 in UTC, e.g. `2026-11-27T06:32:59Z`.
    pub at: String,
    pub actor_id: Option<i64>,
    /// The actor as shown then: an e-mail address, `cli` or `demo`.
    pub actor: String,
    pub action: AuditAction,
    pub record_type: String,
    pub record_id: i64,
    /// The record before the change, as JSON text; `None` on create.
    pub before: Option<String>,
    /// The record after the change, as JSON text.
    pub after: Option<String>,
}

/// An entry as kept: its place in the chain and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAuditEntry {
    pub id: i64,
    pub prev_hash: String,
    pub hash: String,
    pub content: AuditContent,
}

/// The hash of an entry that follows the entry whose hash is `prev_hash`:
/// lower-case hex SHA-256 over, in order, the tag `ismo-audit-v1`, `prev_hash`
/// and every field of `content` in declaration order. Text is its UTF-8 bytes
/// after their length (u64, big-endian); integers are 8 bytes big-endian; an
/// optional field is a byte 0 (absent) or 1 (present) before its value, so
/// `None` and `Some("")` differ. Changing this breaks every stored chain.
pub fn entry_hash(prev_hash: &str, content: &AuditContent) -> String {
    let mut h = Sha256::new();
    put_bytes(&mut h, DOMAIN_TAG);
    put_bytes(&mut h, prev_hash.as_bytes());
    put_opt_int(&mut h, content.org_id);
    put_bytes(&mut h, content.at.as_bytes());
    put_opt_int(&mut h, content.actor_id);
    put_bytes(&mut h, content.actor.as_bytes());
    put_bytes(&mut h, content.action.as_str().as_bytes());
    put_bytes(&mut h, content.record_type.as_bytes());
    h.update(content.record_id.to_be_bytes());
    put_opt_bytes(&mut h, content.before.as_deref().map(str::as_bytes));
    put_opt_bytes(&mut h, content.after.as_deref().map(str::as_bytes));
    hex::encode(h.finalize())
}

fn put_bytes(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

fn put_opt_bytes(h: &mut Sha256, bytes: Option<&[u8]>) {
    match bytes {
        None => h.update([0u8]),
        Some(b) => {
            h.update([1u8]);
            put_bytes(h, b);
        }
    }
}

fn put_opt_int(h: &mut Sha256, v: Option<i64>) {
    match v {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update(v.to_be_bytes());
        }
    }
}

/// Where the chain stops holding together (the first entry that fails the
/// check), and why. Entries before [`Broken::untrusted_from`] are intact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub id: i64,
    pub reason: BrokenReason,
}

impl Broken {
    /// The first entry that cannot be trusted. Usually `id`; but when `id`
    /// does not link to the entry before it, that entry may be the one
    /// rewritten (with a freshly computed hash), so trust ends before it.
    pub fn untrusted_from(&self) -> i64 {
        match self.reason {
            BrokenReason::PrevLinkMismatch { previous: Some(p) } => p,
            // Any entry up to this one may be the one rewritten.
            BrokenReason::AnchorMismatch { first, .. } | BrokenReason::StartMissing { first } => first,
            _ => self.id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrokenReason {
    /// The entry's content (or its stored hash) was changed.
    HashMismatch,
    /// The entry does not point at the entry before it (`None`: it should be
    /// the first): an entry was removed, inserted, or rewritten with a new hash.
    PrevLinkMismatch { previous: Option<i64> },
    /// A stored value cannot be read back (e.g. a column holds the wrong type).
    Unreadable(String),
    /// The audit key covers the entry, but it carries no MAC: it was added
    /// or rewritten by someone without the key.
    MacMissing,
    /// The entry's MAC is not the audit key's: it was changed (and its chain
    /// recomputed), or the key is another database's.
    MacMismatch,
    /// The entry's hash is not the one written down for it (`expected`): it,
    /// or an entry before it (from `first`, the trail's first), was rewritten.
    AnchorMismatch { expected: String, first: i64 },
    /// An entry written down as an anchor is no longer in the trail.
    AnchorMissing,
    /// The entry the audit key starts after is not in the trail (an entry
    /// before it was changed or removed, or the key is another database's);
    /// noticed at this entry, which carries a MAC too early, or at
    /// the trail's end. Nothing from `first`, the trail's first, is trusted.
    StartMissing { first: i64 },
}

impl fmt::Display for BrokenReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BrokenReason::HashMismatch => f.write_str("its content does not match its hash"),
            BrokenReason::PrevLinkMismatch { previous: Some(p) } => {
                write!(f, "it does not follow entry {p} (an entry was removed or inserted, or entry {p} was rewritten)")
            }
            BrokenReason::PrevLinkMismatch { previous: None } => f.write_str(
                "it should start the chain but does not (earlier entries were removed, or it was rewritten)",
            ),
            BrokenReason::Unreadable(what) => write!(f, "a stored value cannot be read ({what})"),
            BrokenReason::MacMissing => f.write_str(
                "it carries no authentication by the audit key, which covers it (it was added or rewritten without the key)",
            ),
            BrokenReason::MacMismatch => f.write_str(
                "its authentication does not match the audit key (it was changed, or the key is another database's)",
            ),
            BrokenReason::AnchorMismatch { expected, .. } => {
                write!(f, "its hash is not {expected}, the one written down: it or an entry before it was rewritten")
            }
            BrokenReason::AnchorMissing => {
                f.write_str("it was written down as an anchor but is no longer in the trail (entries were removed)")
            }
            BrokenReason::StartMissing { .. } => f.write_str(
                "the entry the audit key starts after is not in the trail (an earlier entry was changed or removed, or the key is another database's)",
            ),
        }
    }
}

/// Checks a chain one entry at a time, in id order, so a long trail can be
/// read in batches.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    previous: Option<i64>,
    last_hash: String,
    count: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier { previous: None, last_hash: GENESIS.to_string(), count: 0 }
    }
}

impl ChainVerifier {
    pub fn new() -> ChainVerifier {
        ChainVerifier::default()
    }

    /// Checks the next entry: it must link to the previous one and its hash
    /// must recompute.
    pub fn push(&mut self, entry: &StoredAuditEntry) -> Result<(), Broken> {
        let broken = |reason| Broken { id: entry.id, reason };
        if entry.prev_hash != self.last_hash {
            return Err(broken(BrokenReason::PrevLinkMismatch { previous: self.previous }));
        }
        if entry_hash(&entry.prev_hash, &entry.content) != entry.hash {
            return Err(broken(BrokenReason::HashMismatch));
        }
        self.previous = Some(entry.id);
        self.last_hash.clone_from(&entry.hash);
        self.count += 1;
        Ok(())
    }

    /// How many entries were checked so far.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The hash of the last entry checked ([`GENESIS`] if none): noting it
    /// down elsewhere lets a later check notice entries removed from the end.
    pub fn last_hash(&self) -> &str {
        &self.last_hash
    }
}

/// Checks a whole chain given in id order; returns how many entries it holds.
pub fn verify_chain(entries: impl IntoIterator<Item = StoredAuditEntry>) -> Result<u64, Broken> {
    let mut verifier = ChainVerifier::new();
    for entry in entries {
        verifier.push(&entry)?;
    }
    Ok(verifier.count())
}

/// An entry as the history of a record shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: AuditAction,
    pub record_type: String,
    pub record_id: i64,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl AuditEntry {
    /// The fields this entry changed; see [`changes`].
    pub fn changes(&self) -> Vec<(String, Option<String>, Option<String>)> {
        let null = Value::Null;
        changes(self.before.as_ref().unwrap_or(&null), self.after.as_ref().unwrap_or(&null))
    }
}

/// The top-level fields that differ between two versions of a record, in
/// field-name order: (field, old as text, new as text). A missing field and
/// `null` are both shown as `None`. Values that are not objects are compared
/// whole, under the field name `""`.
pub fn changes(before: &Value, after: &Value) -> Vec<(String, Option<String>, Option<String>)> {
    let empty = serde_json::Map::new();
    let (b, a) = match (before, after) {
        (Value::Object(b), Value::Object(a)) => (b, a),
        (Value::Null, Value::Object(a)) => (&empty, a),
        (Value::Object(b), Value::Null) => (b, &empty),
        _ if before == after => return Vec::new(),
        _ => return vec![(String::new(), shown(before), shown(after))],
    };
    let keys: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (old, new) = (b.get(k).unwrap_or(&Value::Null), a.get(k).unwrap_or(&Value::Null));
            (old != new).then(|| (k.clone(), shown(old), shown(new)))
        })
        .collect()
}

/// A JSON value as a person reads it: strings without quotes, `null` as nothing.
fn shown(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    fn content(n: i64) -> AuditContent {
        AuditContent {
            org_id: Some(1),
            at: format!("2026-11-27T06:32:{:02}Z", n % 60),
            actor_id: None,
            actor: "cli".into(),
            action: AuditAction::Update,
            record_type: "plan".into(),
            record_id: n,
            before: Some(format!(r#"{{"n":{}}}"#, n - 1)),
            after: Some(format!(r#"{{"n":{n}}}"#)),
        }
    }

    fn chain(contents: Vec<AuditContent>) -> Vec<StoredAuditEntry> {
        let mut prev = GENESIS.to_string();
        let mut out = Vec::new();
        for (i, content) in contents.into_iter().enumerate() {
            let hash = entry_hash(&prev, &content);
            out.push(StoredAuditEntry { id: i as i64 + 1, prev_hash: prev, hash: hash.clone(), content });
            prev = hash;
        }
        out
    }

    #[test]
    fn genesis_is_64_zeros() {
        assert_eq!(GENESIS.len(), 64);
        assert!(GENESIS.bytes().all(|b| b == b'0'));
    }

    /// Changing the encoding would break every stored chain: this pins it.
    #[test]
    fn encoding_is_stable() {
        assert_eq!(entry_hash(GENESIS, &content(1)), PINNED);
    }
    /// Recomputed independently (Python hashlib) from the encoding described at [`entry_hash`].
    const PINNED: &str = "85f45b7ea5e1a85b0d8120de7cd072e6f4ef14f4d655390be50188babe196424";

    #[test]
    fn fields_are_delimited() {
        let a = content(1);
        let mut b = a.clone();
        (b.actor, b.record_type) = ("clip".into(), "lan".into());
        assert_ne!(entry_hash(GENESIS, &a), entry_hash(GENESIS, &b));
        let mut none = a.clone();
        none.before = None;
        let mut empty = a.clone();
        empty.before = Some(String::new());
        assert_ne!(entry_hash(GENESIS, &none), entry_hash(GENESIS, &empty));
        let mut moved = a.clone();
        (moved.before, moved.after) = (a.after.clone(), a.before.clone());
        assert_ne!(entry_hash(GENESIS, &a), entry_hash(GENESIS, &moved));
        let mut ids = a.clone();
        (ids.org_id, ids.actor_id) = (None, Some(1));
        assert_ne!(entry_hash(GENESIS, &a), entry_hash(GENESIS, &ids));
    }

    #[test]
    fn intact_chain_counts_entries() {
        assert_eq!(verify_chain(Vec::new()), Ok(0));
        assert_eq!(verify_chain(chain((1..=5).map(content).collect())), Ok(5));
    }

    #[test]
    fn removal_and_reordering_are_found() {
        let mut c = chain((1..=5).map(content).collect());
        c.remove(2);
        let err = verify_chain(c.clone()).unwrap_err();
        assert_eq!(err, Broken { id: 4, reason: BrokenReason::PrevLinkMismatch { previous: Some(2) } });
        c.remove(0);
        let err = verify_chain(c.clone()).unwrap_err();
        assert_eq!(err, Broken { id: 2, reason: BrokenReason::PrevLinkMismatch { previous: None } });
        let mut c = chain((1..=3).map(content).collect());
        c.swap(1, 2);
        assert_eq!(verify_chain(c).unwrap_err().id, 3);
    }

    #[test]
    fn rewritten_entry_with_fresh_hash_breaks_the_next_link() {
        let mut c = chain((1..=3).map(content).collect());
        c[1].content.actor = "mallory".into();
        c[1].hash = entry_hash(&c[1].prev_hash, &c[1].content);
        let err = verify_chain(c).unwrap_err();
        assert_eq!(err, Broken { id: 3, reason: BrokenReason::PrevLinkMismatch { previous: Some(2) } });
        assert_eq!(err.untrusted_from(), 2);
    }

    #[test]
    fn changes_lists_changed_fields_in_order() {
        let before = json!({"title": "A", "budget": 100, "owner": null, "gone": true});
        let after = json!({"title": "B", "budget": 100, "owner": "Sato", "tags": ["x"]});
        assert_eq!(
            changes(&before, &after),
            vec![
                ("gone".into(), Some("true".into()), None),
                ("owner".into(), None, Some("Sato".into())),
                ("tags".into(), None, Some(r#"["x"]"#.into())),
                ("title".into(), Some("A".into()), Some("B".into())),
            ]
        );
        assert_eq!(changes(&Value::Null, &json!({"a": 1})), vec![("a".into(), None, Some("1".into()))]);
        assert!(changes(&json!({"a": null}), &json!({})).is_empty());
        assert_eq!(changes(&json!(1), &json!(2)), vec![(String::new(), Some("1".into()), Some("2".into()))]);
        assert!(changes(&json!("x"), &json!("x")).is_empty());
    }

    #[test]
    fn entry_changes_on_create() {
        let e = AuditEntry {
            id: 1,
            at: "2026-11-27T06:32:59Z".into(),
            actor: "cli".into(),
            action: AuditAction::Create,
            record_type: "plan".into(),
            record_id: 7,
            before: None,
            after: Some(json!({"actions": "Train staff"})),
        };
        assert_eq!(e.changes(), vec![("actions".into(), None, Some("Train staff".into()))]);
    }

    fn any_content() -> impl Strategy<Value = AuditContent> {
        (
            (any::<Option<i64>>(), ".{0,20}", any::<Option<i64>>(), ".{0,12}"),
            (0..AuditAction::ALL.len(), "[a-z_]{0,8}", any::<i64>()),
            (proptest::option::of(".{0,16}"), proptest::option::of(".{0,16}")),
        )
            .prop_map(|((org_id, at, actor_id, actor), (action, record_type, record_id), (before, after))| {
                AuditContent {
                    org_id,
                    at,
                    actor_id,
                    actor,
                    action: AuditAction::ALL[action],
                    record_type,
                    record_id,
                    before,
                    after,
                }
            })
    }

    /// A different value, whatever the original.
    fn other_text(s: &str, k: u8) -> String {
        match s.chars().last() {
            Some(c) if k.is_multiple_of(2) => {
                let mut t: String = s.chars().take(s.chars().count() - 1).collect();
                t.push(if c == 'a' { 'b' } else { 'a' });
                t
            }
            _ => format!("{s}x"),
        }
    }

    fn other_opt_text(s: &Option<String>, k: u8) -> Option<String> {
        match s {
            None => Some(if k.is_multiple_of(2) { String::new() } else { "null".into() }),
            Some(_) if k.is_multiple_of(3) => None,
            Some(t) => Some(other_text(t, k)),
        }
    }

    fn other_opt_int(v: Option<i64>, k: u8) -> Option<i64> {
        match v {
            None => Some(i64::from(k)),
            Some(_) if k.is_multiple_of(3) => None,
            Some(v) => Some(v.wrapping_add(1 + i64::from(k))),
        }
    }

    fn mutate(e: &mut StoredAuditEntry, field: u8, k: u8) {
        let c = &mut e.content;
        match field {
            0 => c.org_id = other_opt_int(c.org_id, k),
            1 => c.at = other_text(&c.at, k),
            2 => c.actor_id = other_opt_int(c.actor_id, k),
            3 => c.actor = other_text(&c.actor, k),
            4 => {
                let i = AuditAction::ALL.iter().position(|a| *a == c.action).unwrap();
                c.action = AuditAction::ALL[(i + 1 + k as usize % 2) % AuditAction::ALL.len()];
            }
            5 => c.record_type = other_text(&c.record_type, k),
            6 => c.record_id = c.record_id.wrapping_add(1 + i64::from(k)),
            7 => c.before = other_opt_text(&c.before, k),
            8 => c.after = other_opt_text(&c.after, k),
            9 => e.prev_hash = other_text(&e.prev_hash, k),
            _ => e.hash = other_text(&e.hash, k),
        }
    }

    proptest! {
        #[test]
        fn any_mutation_is_found_at_that_entry(
            contents in proptest::collection::vec(any_content(), 1..8),
            pick in any::<prop::sample::Index>(),
            field in 0u8..11,
            k in any::<u8>(),
        ) {
            let mut c = chain(contents);
            prop_assert_eq!(verify_chain(c.clone()), Ok(c.len() as u64));
            let i = pick.index(c.len());
            let before = c[i].clone();
            mutate(&mut c[i], field, k);
            prop_assert_ne!(&c[i], &before);
            let err = verify_chain(c.clone()).unwrap_err();
            prop_assert_eq!(err.id, c[i].id);
        }
    }
}
