//! What the weekly reminder mail tells a responsible person: their plans that
//! are late (as [`super::progress`] derives it) and those whose deadline
//! comes within [`DUE_WITHIN_DAYS`]. Nobody gets a mail with nothing in it.
//!
//! Pure: `today` is passed in.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::month::MonthCell;
use super::plan::{Plan, PlanStatus};
use super::progress::{DelayReason, Progress, plan_progress};

/// Deadlines this many days ahead (today included) are "coming".
pub const DUE_WITHIN_DAYS: u64 = 14;

/// Why one plan is in a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attention {
    /// Why the plan is delayed; empty when it is not.
    pub late: Vec<DelayReason>,
    /// The deadline, when it is today or within [`DUE_WITHIN_DAYS`] and the plan is not done.
    pub due: Option<NaiveDate>,
}

/// What a plan has to say on `today`, or `None` when it is neither late nor due soon.
pub fn attention(plan: &Plan, cells: &[MonthCell], today: NaiveDate) -> Option<Attention> {
    if matches!(plan.status, PlanStatus::Done | PlanStatus::Cancelled) {
        return None;
    }
    let progress = plan_progress(plan, cells, today);
    let late = if progress.status == Progress::Delayed { progress.reasons } else { Vec::new() };
    let horizon = today.checked_add_days(Days::new(DUE_WITHIN_DAYS)).unwrap_or(NaiveDate::MAX);
    let due = plan.deadline.filter(|d| *d >= today && *d <= horizon);
    (!late.is_empty() || due.is_some()).then_some(Attention { late, due })
}

/// One person's digest: the items (whatever the caller uses to describe a
/// plan) that are late, with why, and those due soon, with the deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest<T> {
    pub late: Vec<(T, Vec<DelayReason>)>,
    pub due: Vec<(T, NaiveDate)>,
}

impl<T> Default for Digest<T> {
    fn default() -> Self {
        Digest { late: Vec::new(), due: Vec::new() }
    }
}

impl<T: Clone> Digest<T> {
    pub fn add(&mut self, item: T, attention: Attention) {
        if let Some(d) = attention.due {
            self.due.push((item.clone(), d));
        }
        if !attention.late.is_empty() {
            self.late.push((item, attention.late));
        }
    }
}

impl<T> Digest<T> {
    pub fn is_empty(&self) -> bool {
        self.late.is_empty() && self.due.is_empty()
    }
}

/// Groups plans by their responsible person (a user id), keeping only the
/// plans that need attention and the people who have any; the due items are
/// ordered by deadline, the late ones keep the given order.
pub fn by_recipient<T: Clone>(
    plans: impl IntoIterator<Item = (i64, T, Plan, Vec<MonthCell>)>,
    today: NaiveDate,
) -> BTreeMap<i64, Digest<T>> {
    let mut out: BTreeMap<i64, Digest<T>> = BTreeMap::new();
    for (user, item, plan, cells) in plans {
        if let Some(a) = attention(&plan, &cells, today) {
            out.entry(user).or_default().add(item, a);
        }
    }
    for digest in out.values_mut() {
        digest.due.sort_by_key(|(_, d)| *d);
    }
    out.retain(|_, d| !d.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::month::MonthState;
    use crate::domain::plan::PlanParent;
    use crate::domain::year_month::YearMonth;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A plan of user 3, with only the status and the deadline that matter here.
    fn plan(id: i64, status: PlanStatus, deadline: Option<NaiveDate>) -> Plan {
        Plan {
            responsible_user_id: Some(3),
            status,
            deadline,
            ..crate::domain::test_records::plan(id, PlanParent::Objective(1), "月次報告")
        }
    }

    fn planned(y: i32, m: u32) -> MonthCell {
        MonthCell {
            month: YearMonth::new(y, m).unwrap(),
            planned: Some("月次報告".into()),
            result: None,
            state: MonthState::Planned,
        }
    }

    #[test]
    fn late_months_and_coming_deadlines() {
        let today = d(2025, 11, 15);
        let late = attention(&plan(1, PlanStatus::OnTrack, Some(d(2026, 3, 31))), &[planned(2025, 10)], today).unwrap();
        assert_eq!(late.late, [DelayReason::MonthWithoutResult(YearMonth::new(2025, 10).unwrap())]);
        assert_eq!(late.due, None);
        // Today and fourteen days ahead are due; fifteen are not.
        for (deadline, due) in [(d(2025, 11, 15), true), (d(2025, 11, 29), true), (d(2025, 11, 30), false)] {
            let a = attention(&plan(2, PlanStatus::OnTrack, Some(deadline)), &[], today);
            assert_eq!(a.map(|a| a.due), due.then_some(Some(deadline)), "{deadline}");
        }
        // A passed deadline is a delay, not a coming one.
        let passed = attention(&plan(3, PlanStatus::NotStarted, Some(d(2025, 11, 14))), &[], today).unwrap();
        assert_eq!((passed.late, passed.due), (vec![DelayReason::DeadlinePassed(d(2025, 11, 14))], None));
        // Done and cancelled plans say nothing; neither does a plan on schedule.
        for status in [PlanStatus::Done, PlanStatus::Cancelled] {
            assert_eq!(attention(&plan(4, status, Some(d(2025, 11, 20))), &[planned(2025, 10)], today), None);
        }
        assert_eq!(attention(&plan(5, PlanStatus::OnTrack, Some(d(2026, 3, 31))), &[planned(2025, 11)], today), None);
    }

    #[test]
    fn one_digest_per_person_with_something_to_say() {
        let today = d(2025, 11, 15);
        let plans = vec![
            (3, "3", plan(1, PlanStatus::OnTrack, Some(d(2025, 11, 28))), vec![planned(2025, 10)]),
            (3, "2-2", plan(2, PlanStatus::OnTrack, Some(d(2025, 11, 20))), vec![]),
            (4, "1", plan(3, PlanStatus::OnTrack, Some(d(2026, 3, 31))), vec![]),
            (5, "4", plan(4, PlanStatus::Done, Some(d(2025, 11, 20))), vec![planned(2025, 10)]),
        ];
        let digests = by_recipient(plans, today);
        assert_eq!(digests.keys().copied().collect::<Vec<_>>(), [3], "nobody gets an empty mail");
        let mine = &digests[&3];
        assert_eq!(mine.late.iter().map(|(n, _)| *n).collect::<Vec<_>>(), ["3"]);
        assert_eq!(mine.due, [("2-2", d(2025, 11, 20)), ("3", d(2025, 11, 28))], "by deadline");
    }
}
