//! The navigation's finding counts, kept per organization and period until
//! the organization's records change or the day does.
//!
//! Every page shows them, and counting means the readiness check over all of
//! a period's records (0.56 s for 10,000 plans, see BENCHMARKS.md). Every
//! change to an organization's records appends to the audit trail, so the
//! organization's newest audit entry tells whether counts are still true.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use crate::domain::readiness::{Finding, Severity};

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

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The organization's newest audit entry when counted.
    last_change: i64,
    as_of: NaiveDate,
    counts: Counts,
}

#[derive(Debug, Clone, Default)]
pub struct FindingCounts {
    entries: Arc<Mutex<HashMap<(i64, i32), Entry>>>,
}

impl FindingCounts {
    /// The counts of `org`'s `period`, if made after `last_change` on `as_of`.
    pub fn get(&self, org: i64, period: i32, last_change: i64, as_of: NaiveDate) -> Option<Counts> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let e = entries.get(&(org, period))?;
        (e.last_change == last_change && e.as_of == as_of).then_some(e.counts)
    }

    pub fn put(&self, org: i64, period: i32, last_change: i64, as_of: NaiveDate, counts: Counts) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert((org, period), Entry { last_change, as_of, counts });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_hold_until_a_change_or_another_day() {
        let cache = FindingCounts::default();
        let day = NaiveDate::from_ymd_opt(2025, 11, 15).unwrap();
        let counts = Counts { findings: 3, nonconformities: 1 };
        cache.put(1, 2025, 40, day, counts);
        assert_eq!(cache.get(1, 2025, 40, day), Some(counts));
        assert_eq!(cache.get(1, 2025, 41, day), None, "a change since");
        assert_eq!(cache.get(1, 2025, 40, day.succ_opt().unwrap()), None, "the next day");
        assert_eq!(cache.get(1, 2026, 40, day), None, "another period");
        assert_eq!(cache.get(2, 2025, 40, day), None, "another organization");
    }
}
