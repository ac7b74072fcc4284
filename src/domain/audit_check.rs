//! Checking a whole trail: the hash chain, each entry's MAC where the audit
//! key covers it, and the anchors a person wrote down earlier.
//!
//! What each check adds: the chain finds an entry changed by someone who did
//! not recompute the hashes after it; the MAC finds one changed by someone
//! who did, but lacks the key; an anchor finds entries cut off the end (which
//! leave a shorter, still intact chain), or a trail rewritten by someone
//! without a key to stop them.
//!
//! Pure: entries arrive in id order, a batch at a time, from the store.

use std::fmt;

use super::audit::{Broken, BrokenReason, ChainVerifier, StoredAuditEntry};
use super::audit_key::AuditKey;

/// An entry's id and hash as `ismo audit verify` prints them (`ID:HASH`),
/// written down to be checked later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: i64,
    pub hash: String,
}

impl Anchor {
    /// Reads `ID:HASH` (the hash as 64 hexadecimal digits, any case).
    pub fn parse(raw: &str) -> Result<Anchor, String> {
        let bad = || format!("{raw:?} is not an anchor; write it as ID:HASH, as `ismo audit verify` prints it");
        let (id, hash) = raw.trim().split_once(':').ok_or_else(bad)?;
        let id: i64 = id.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim();
        if id < 1 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Anchor { id, hash: hash.to_ascii_lowercase() })
    }
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.id, self.hash)
    }
}

/// How far the audit key vouches for the trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// No key was given: only the chain was checked.
    NoKey,
    /// Every entry from this one on carries a valid MAC; entries before it
    /// (`chain_only` of them, made before the key) were checked as a chain.
    From { id: i64, chain_only: u64 },
    /// The key covers no entry yet: all `chain_only` entries predate it.
    NoneYet { chain_only: u64 },
}

/// What an intact trail showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub count: u64,
    pub coverage: Coverage,
    /// The newest entry, to be written down as the next anchor.
    pub head: Option<Anchor>,
    /// How many anchors were found in place.
    pub anchors: usize,
}

/// Checks a trail one entry at a time, in id order.
#[derive(Debug)]
pub struct TrailCheck<'k> {
    chain: ChainVerifier,
    key: Option<&'k AuditKey>,
    /// Whether the entries now being read must carry a MAC.
    covering: bool,
    covered_from: Option<i64>,
    /// Entries read before the key's coverage began.
    chain_only: u64,
    /// Sorted by id; those before `next_anchor` were found.
    anchors: Vec<Anchor>,
    next_anchor: usize,
    first: Option<i64>,
    head: Option<Anchor>,
}

impl<'k> TrailCheck<'k> {
    pub fn new(key: Option<&'k AuditKey>, anchors: &[Anchor]) -> TrailCheck<'k> {
        let mut anchors = anchors.to_vec();
        anchors.sort_by_key(|a| a.id);
        anchors.dedup();
        TrailCheck {
            chain: ChainVerifier::new(),
            key,
            covering: key.is_some_and(|k| k.starts_after().is_none()),
            covered_from: None,
            chain_only: 0,
            anchors,
            next_anchor: 0,
            first: None,
            head: None,
        }
    }

    /// Checks the next entry and its stored MAC (`None`: it has none).
    pub fn push(&mut self, entry: &StoredAuditEntry, mac: Option<&str>) -> Result<(), Broken> {
        let first = *self.first.get_or_insert(entry.id);
        let broken = |id, reason| Err(Broken { id, reason });
        self.chain.push(entry)?;
        if let Some(key) = self.key {
            if self.covering {
                let authentic = mac.is_some_and(|m| key.authenticates(entry.id, &entry.hash, m));
                match (mac, authentic) {
                    (None, _) => return broken(entry.id, BrokenReason::MacMissing),
                    (Some(_), false) => return broken(entry.id, BrokenReason::MacMismatch),
                    (Some(_), true) => {
                        self.covered_from.get_or_insert(entry.id);
                    }
                }
            } else if mac.is_some() {
                // Only entries after the key's start were ever given a MAC:
                // that start must have been rewritten out of the chain (which
                // changes every hash after it, so these MACs fail too).
                return broken(entry.id, BrokenReason::StartMissing { first });
            } else {
                self.chain_only += 1;
                self.covering = key.starts_after() == Some(entry.hash.as_str());
            }
        }
        while let Some(anchor) = self.anchors.get(self.next_anchor).filter(|a| a.id <= entry.id) {
            if anchor.id < entry.id {
                return broken(anchor.id, BrokenReason::AnchorMissing);
            }
            if !anchor.hash.eq_ignore_ascii_case(&entry.hash) {
                return broken(entry.id, BrokenReason::AnchorMismatch { expected: anchor.hash.clone(), first });
            }
            self.next_anchor += 1;
        }
        self.head = Some(Anchor { id: entry.id, hash: entry.hash.clone() });
        Ok(())
    }

    /// The verdict once every entry was pushed: anchors beyond the end mean
    /// entries were cut off it; a key whose start never came belongs to
    /// another trail, or this one was rewritten before it.
    pub fn finish(self) -> Result<Checked, Broken> {
        let last = self.head.as_ref().map_or(0, |h| h.id);
        if let Some(anchor) = self.anchors.get(self.next_anchor) {
            return Err(Broken { id: anchor.id, reason: BrokenReason::AnchorMissing });
        }
        let coverage = match (self.key, self.covered_from) {
            (None, _) => Coverage::NoKey,
            (Some(_), Some(id)) => Coverage::From { id, chain_only: self.chain_only },
            (Some(_), None) if self.covering => Coverage::NoneYet { chain_only: self.chain_only },
            (Some(_), None) => {
                let first = self.first.unwrap_or(0);
                return Err(Broken { id: last, reason: BrokenReason::StartMissing { first } });
            }
        };
        Ok(Checked { count: self.chain.count(), coverage, head: self.head, anchors: self.next_anchor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::actor::AuditAction;
    use crate::domain::audit::{AuditContent, GENESIS, entry_hash};

    fn content(n: i64) -> AuditContent {
        AuditContent {
            org_id: Some(1),
            at: "2026-11-27T06:32:59Z".into(),
            actor_id: None,
            actor: "cli".into(),
            action: AuditAction::Update,
            record_type: "plan".into(),
            record_id: n,
            before: None,
            after: Some(format!(r#"{{"n":{n}}}"#)),
        }
    }

    /// `n` chained entries; those from `keyed_from` on carry `key`'s MAC.
    fn trail(n: i64, key: &AuditKey, keyed_from: i64) -> Vec<(StoredAuditEntry, Option<String>)> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|id| {
                let c = content(id);
                let hash = entry_hash(&prev, &c);
                let entry =
                    StoredAuditEntry { id, prev_hash: std::mem::replace(&mut prev, hash.clone()), hash, content: c };
                let mac = (id >= keyed_from).then(|| key.mac(id, &entry.hash));
                (entry, mac)
            })
            .collect()
    }

    fn check(
        entries: &[(StoredAuditEntry, Option<String>)],
        key: Option<&AuditKey>,
        anchors: &[Anchor],
    ) -> Result<Checked, Broken> {
        let mut c = TrailCheck::new(key, anchors);
        for (e, mac) in entries {
            c.push(e, mac.as_deref())?;
        }
        c.finish()
    }

    fn key() -> AuditKey {
        AuditKey::new([1; 32], None)
    }

    fn anchor(e: &StoredAuditEntry) -> Anchor {
        Anchor { id: e.id, hash: e.hash.clone() }
    }

    /// Rewrites entry `at` and recomputes the chain after it, as someone
    /// holding the database but not the key can; MACs stay as they were.
    fn rewrite(entries: &mut [(StoredAuditEntry, Option<String>)], at: usize) {
        entries[at].0.content.actor = "mallory".into();
        let mut prev = entries[at].0.prev_hash.clone();
        for (e, _) in &mut entries[at..] {
            e.prev_hash = prev;
            e.hash = entry_hash(&e.prev_hash, &e.content);
            prev = e.hash.clone();
        }
    }

    #[test]
    fn a_keyed_trail_is_covered_from_its_first_entry() {
        let k = key();
        let t = trail(4, &k, 1);
        let checked = check(&t, Some(&k), &[]).unwrap();
        assert_eq!(checked.count, 4);
        assert_eq!(checked.coverage, Coverage::From { id: 1, chain_only: 0 });
        assert_eq!(checked.head, Some(anchor(&t[3].0)));
        assert_eq!(check(&t, None, &[]).unwrap().coverage, Coverage::NoKey);
        assert_eq!(check(&[], Some(&k), &[]).unwrap().coverage, Coverage::NoneYet { chain_only: 0 });
    }

    #[test]
    fn a_rewritten_chain_fails_at_the_rewritten_entry_with_the_key_only() {
        let k = key();
        let mut t = trail(5, &k, 1);
        rewrite(&mut t, 2);
        assert!(check(&t, None, &[]).is_ok(), "the chain alone cannot tell");
        assert_eq!(check(&t, Some(&k), &[]).unwrap_err(), Broken { id: 3, reason: BrokenReason::MacMismatch });
    }

    #[test]
    fn a_missing_or_foreign_mac_fails() {
        let k = key();
        let mut t = trail(3, &k, 1);
        t[1].1 = None;
        assert_eq!(check(&t, Some(&k), &[]).unwrap_err(), Broken { id: 2, reason: BrokenReason::MacMissing });
        let t = trail(3, &k, 1);
        let other = AuditKey::new([2; 32], None);
        assert_eq!(check(&t, Some(&other), &[]).unwrap_err(), Broken { id: 1, reason: BrokenReason::MacMismatch });
    }

    #[test]
    fn an_upgraded_trail_is_covered_after_the_keys_start() {
        let plain = trail(3, &key(), 99);
        let k = AuditKey::new([1; 32], Some(plain[2].0.hash.clone()));
        let t = trail(6, &k, 4);
        let checked = check(&t, Some(&k), &[]).unwrap();
        assert_eq!(checked.coverage, Coverage::From { id: 4, chain_only: 3 });
        assert_eq!(check(&t[..3], Some(&k), &[]).unwrap().coverage, Coverage::NoneYet { chain_only: 3 });
        // An entry after the start without its MAC is refused.
        let mut stripped = t.clone();
        stripped[4].1 = None;
        assert_eq!(check(&stripped, Some(&k), &[]).unwrap_err().id, 5);
    }

    #[test]
    fn rewriting_before_the_keys_start_is_found() {
        let plain = trail(3, &key(), 99);
        let k = AuditKey::new([1; 32], Some(plain[2].0.hash.clone()));
        let mut t = trail(6, &k, 4);
        rewrite(&mut t, 1);
        let err = check(&t, Some(&k), &[]).unwrap_err();
        // Entry 4 was the first with a MAC; the entry it should follow is gone.
        assert_eq!(err, Broken { id: 4, reason: BrokenReason::StartMissing { first: 1 } });
        assert_eq!(err.untrusted_from(), 1);
        // With nothing authenticated yet, the end of the trail tells.
        let err = check(&t[..3], Some(&k), &[]).unwrap_err();
        assert_eq!(err, Broken { id: 3, reason: BrokenReason::StartMissing { first: 1 } });
    }

    #[test]
    fn anchors_find_cut_off_and_rewritten_entries() {
        let t = trail(6, &key(), 99);
        let at4 = anchor(&t[3].0);
        let checked = check(&t, None, std::slice::from_ref(&at4)).unwrap();
        assert_eq!(checked.anchors, 1);
        // The newest entries, the anchor among them, removed: the chain still holds.
        let err = check(&t[..3], None, std::slice::from_ref(&at4)).unwrap_err();
        assert_eq!(err, Broken { id: 4, reason: BrokenReason::AnchorMissing });
        // The anchor itself removed, later entries relinked and rehashed.
        let mut gap: Vec<_> = t.iter().filter(|(e, _)| e.id != 4).cloned().collect();
        let mut prev = gap[2].0.hash.clone();
        for (e, _) in &mut gap[3..] {
            e.prev_hash = prev;
            e.hash = entry_hash(&e.prev_hash, &e.content);
            prev = e.hash.clone();
        }
        assert!(check(&gap, None, &[]).is_ok());
        assert_eq!(check(&gap, None, std::slice::from_ref(&at4)).unwrap_err().id, 4);
        // An earlier entry rewritten, the chain recomputed through the anchor.
        let mut rewritten = t.clone();
        rewrite(&mut rewritten, 1);
        let err = check(&rewritten, None, std::slice::from_ref(&at4)).unwrap_err();
        assert_eq!(err.id, 4);
        assert!(matches!(err.reason, BrokenReason::AnchorMismatch { .. }));
        assert_eq!(err.untrusted_from(), 1);
    }

    #[test]
    fn anchors_parse_as_verify_prints_them() {
        let hash = "AB".repeat(32);
        let a = Anchor::parse(&format!(" 12:{hash} ")).unwrap();
        assert_eq!(a, Anchor { id: 12, hash: hash.to_lowercase() });
        assert_eq!(Anchor::parse(&a.to_string()), Ok(a));
        for bad in ["12", "x:ab", &format!("0:{hash}"), &format!("12:{}", &hash[1..]), &format!("-3:{hash}")] {
            assert!(Anchor::parse(bad).is_err(), "{bad}");
        }
    }
}
