//! A period's records and what the readiness check finds in them, kept per
//! organization and period until the organization's records change or the
//! day does.
//!
//! The dashboard, the grid, the findings, this month, late, the treatment
//! plan and the review report all show one period's records whole, and the
//! navigation of every page counts the period's findings. Reading a period
//! (a dozen queries, 400 plans and 4,800 month cells in a middling
//! organization) and checking it cost tens of milliseconds a page (see
//! BENCHMARKS.md, "Load"); an unchanged organization is read once. Every
//! change to an organization's records appends to the audit trail, so the
//! organization's newest audit entry tells whether a snapshot still holds.
//!
//! The snapshots held are bounded by the records they hold, not by how many
//! organizations ask: least recently used go first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;

use crate::domain::dashboard::{Dashboard, summarize};
use crate::domain::readiness::{Facts, Finding, Severity, check};

/// Records held by all snapshots together, at most (a plan, a month cell,
/// an objective, a measurement… each count one). A 10,000-plan organization
/// holds about 135,000; one snapshot larger than this is used once and not kept.
pub const MAX_RECORDS: usize = 300_000;

/// Findings in all, and nonconformities among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub findings: usize,
    pub nonconformities: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        Counts {
            findings: findings.len(),
            nonconformities: findings.iter().filter(|f| f.severity == Severity::Nonconformity).count(),
        }
    }
}

/// One period of one organization as read, and checked as of a day.
#[derive(Debug)]
pub struct Snapshot {
    pub facts: Facts,
    pub findings: Vec<Finding>,
    pub counts: Counts,
    as_of: NaiveDate,
    /// The dashboard's figures, made when first asked for: every plan's
    /// progress, which took most of the dashboard's time when made per request.
    dashboard: OnceLock<Dashboard>,
}

impl Snapshot {
    pub fn new(facts: Facts, as_of: NaiveDate) -> Snapshot {
        let findings = check(&facts, as_of);
        Snapshot { counts: Counts::of(&findings), findings, facts, as_of, dashboard: OnceLock::new() }
    }

    /// The dashboard of the period as of the snapshot's day.
    pub fn dashboard(&self) -> &Dashboard {
        self.dashboard.get_or_init(|| summarize(&self.facts, &self.findings, self.as_of))
    }

    /// How many records it holds, for the bound on all snapshots.
    pub fn records(&self) -> usize {
        let f = &self.facts;
        f.objectives.len()
            + f.plans.len()
            + f.months.values().map(Vec::len).sum::<usize>()
            + f.inputs.len()
            + f.requirements.len()
            + f.indicators.len()
            + f.measurements.len()
            + f.communications.len()
            + f.reviews.len()
            + f.risks.len()
            + f.treatments.len()
            + self.findings.len()
    }
}

#[derive(Debug)]
struct Entry {
    /// The organization's newest audit entry when read.
    last_change: i64,
    as_of: NaiveDate,
    snapshot: Arc<Snapshot>,
    records: usize,
    /// When last handed out, by the cache's own clock.
    used: u64,
}

#[derive(Debug, Default)]
struct Held {
    entries: HashMap<(i64, i32), Entry>,
    /// Reading one period is one caller's work: the others wait for it.
    loading: HashMap<(i64, i32), Arc<tokio::sync::Mutex<()>>>,
    records: usize,
    clock: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Snapshots {
    held: Arc<Mutex<Held>>,
}

impl Snapshots {
    fn held(&self) -> std::sync::MutexGuard<'_, Held> {
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The snapshot of `org`'s `period`, if read after `last_change` and checked on `as_of`.
    pub fn get(&self, org: i64, period: i32, last_change: i64, as_of: NaiveDate) -> Option<Arc<Snapshot>> {
        let mut held = self.held();
        held.clock += 1;
        let now = held.clock;
        let e = held.entries.get_mut(&(org, period))?;
        if e.last_change != last_change || e.as_of != as_of {
            return None;
        }
        e.used = now;
        Some(e.snapshot.clone())
    }

    /// Keeps `snapshot`, letting the least recently used go while all would
    /// hold more than [`MAX_RECORDS`].
    pub fn put(&self, org: i64, period: i32, last_change: i64, as_of: NaiveDate, snapshot: Arc<Snapshot>) {
        let records = snapshot.records();
        let mut held = self.held();
        if let Some(old) = held.entries.remove(&(org, period)) {
            held.records -= old.records;
        }
        if records > MAX_RECORDS {
            return;
        }
        while held.records + records > MAX_RECORDS {
            let Some(oldest) = held.entries.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| *k) else { break };
            if let Some(gone) = held.entries.remove(&oldest) {
                held.records -= gone.records;
            }
        }
        held.clock += 1;
        let used = held.clock;
        held.records += records;
        held.entries.insert((org, period), Entry { last_change, as_of, snapshot, records, used });
    }

    /// The lock that makes one caller read `org`'s `period` while others
    /// asking for it wait (and then find it kept).
    pub fn loading(&self, org: i64, period: i32) -> Arc<tokio::sync::Mutex<()>> {
        let mut held = self.held();
        // Locks nobody holds or waits for are dropped, so the map stays as
        // small as the number of periods being read at once.
        held.loading.retain(|_, lock| Arc::strong_count(lock) > 1);
        held.loading.entry((org, period)).or_default().clone()
    }

    /// Records held by all snapshots.
    pub fn records(&self) -> usize {
        self.held().records
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_records::facts_with_plans;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, 15).unwrap()
    }

    fn snapshot(plans: usize) -> Arc<Snapshot> {
        Arc::new(Snapshot::new(facts_with_plans(plans), day()))
    }

    #[test]
    fn a_snapshot_holds_until_a_change_or_another_day() {
        let cache = Snapshots::default();
        let s = snapshot(3);
        cache.put(1, 2025, 40, day(), s.clone());
        assert!(cache.get(1, 2025, 40, day()).is_some_and(|got| Arc::ptr_eq(&got, &s)));
        assert!(cache.get(1, 2025, 41, day()).is_none(), "a change since");
        assert!(cache.get(1, 2025, 40, day().succ_opt().unwrap()).is_none(), "the next day");
        assert!(cache.get(1, 2026, 40, day()).is_none(), "another period");
        assert!(cache.get(2, 2025, 40, day()).is_none(), "another organization");
    }

    #[test]
    fn the_least_recently_used_go_first_when_records_run_over() {
        let cache = Snapshots::default();
        let one = snapshot(1_000);
        let per = one.records();
        let fit = MAX_RECORDS / per;
        for org in 0..fit as i64 {
            cache.put(org, 2025, 1, day(), one.clone());
        }
        assert_eq!(cache.records(), fit * per);
        // Organization 0 is asked for again, so 1 is now the least recently used.
        assert!(cache.get(0, 2025, 1, day()).is_some());
        cache.put(fit as i64, 2025, 1, day(), one.clone());
        assert!(cache.records() <= MAX_RECORDS);
        assert!(cache.get(1, 2025, 1, day()).is_none(), "the least recently used went");
        assert!(cache.get(0, 2025, 1, day()).is_some(), "the one asked for again stayed");
        assert!(cache.get(fit as i64, 2025, 1, day()).is_some(), "the new one is kept");
    }

    #[test]
    fn a_snapshot_larger_than_the_bound_is_not_kept() {
        let cache = Snapshots::default();
        let huge = snapshot(MAX_RECORDS / 12 + 1_000);
        assert!(huge.records() > MAX_RECORDS);
        cache.put(1, 2025, 1, day(), huge);
        assert!(cache.get(1, 2025, 1, day()).is_none());
        assert_eq!(cache.records(), 0);
    }
}
