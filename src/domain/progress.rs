//! Progress of plans (進捗), derived from the monthly grid, the deadline and
//! the stored status. "Delayed" (遅延) is never stored: a past month whose
//! planned task has no result, or a deadline passed without "done", makes a
//! plan delayed (audit rule `progress-late`).
//!
//! Pure: `today` is passed in, so every rule can be tested on month boundaries.

use chrono::{Datelike, NaiveDate};

use super::month::{MonthCell, MonthState};
use super::plan::{Plan, PlanStatus};
use super::text_enum;
use super::year_month::YearMonth;

text_enum!(
    /// The status a plan is shown with: the stored one, or `Delayed`.
    Progress, "plan-status", {
        NotStarted => "not_started",
        OnTrack => "on_track",
        Delayed => "delayed",
        Done => "done",
        Cancelled => "cancelled",
    }
);

impl From<PlanStatus> for Progress {
    fn from(s: PlanStatus) -> Self {
        match s {
            PlanStatus::NotStarted => Progress::NotStarted,
            PlanStatus::OnTrack => Progress::OnTrack,
            PlanStatus::Done => Progress::Done,
            PlanStatus::Cancelled => Progress::Cancelled,
        }
    }
}

/// Why a plan is delayed; one finding of `progress-late` each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DelayReason {
    /// A past month has a planned task that was not reported done.
    MonthWithoutResult(YearMonth),
    /// The deadline is before today and the plan is not done.
    DeadlinePassed(NaiveDate),
}

impl DelayReason {
    /// The catalog key of the sentence explaining this reason.
    pub fn key(&self) -> &'static str {
        match self {
            DelayReason::MonthWithoutResult(_) => "delay-month-without-result",
            DelayReason::DeadlinePassed(_) => "delay-deadline-passed",
        }
    }

    /// The sentence's key and its one argument (`month` or `date`), formatted
    /// by the caller, e.g. `r.sentence(|m| tr.month(m), |d| tr.date(d))`
    /// then `tr.ta(key, &args)`.
    pub fn sentence(
        &self,
        month: impl Fn(&YearMonth) -> String,
        date: impl Fn(&NaiveDate) -> String,
    ) -> (&'static str, [(&'static str, String); 1]) {
        match self {
            DelayReason::MonthWithoutResult(m) => (self.key(), [("month", month(m))]),
            DelayReason::DeadlinePassed(d) => (self.key(), [("date", date(d))]),
        }
    }
}

/// A plan's progress as of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanProgress {
    pub status: Progress,
    /// Empty unless `status` is `Delayed`; late months in order, then the deadline.
    pub reasons: Vec<DelayReason>,
    /// 0..=100: months done (partial counts half) over months planned; 100 when done.
    pub percent: u8,
    /// Months with a planned task, skipped months excluded.
    pub planned_months: usize,
    /// Of those, the months whose state is `done` (partial months are not counted here).
    pub done_months: usize,
}

/// The first day of the month `today` falls in: months starting before it are past.
fn month_start(today: NaiveDate) -> NaiveDate {
    today.with_day(1).expect("every month has a first day")
}

fn is_past(cell: &MonthCell, today: NaiveDate) -> bool {
    cell.month.first_day() < month_start(today)
}

/// A past month whose planned task was reported not done (whatever its
/// result says: 「未実施（担当者不在）」 reports the delay), or has no result
/// and was not reported done, partially done or skipped.
fn is_late(cell: &MonthCell, today: NaiveDate) -> bool {
    is_past(cell, today)
        && cell.planned.is_some()
        && match cell.state {
            MonthState::NotDone => true,
            MonthState::Planned => cell.result.is_none(),
            MonthState::Done | MonthState::Partial | MonthState::Skipped => false,
        }
}

/// The progress of `plan` on `today`, from its cells (any months; usually the
/// period's twelve from `full_year`).
pub fn plan_progress(plan: &Plan, cells: &[MonthCell], today: NaiveDate) -> PlanProgress {
    let counted: Vec<&MonthCell> =
        cells.iter().filter(|c| c.planned.is_some() && c.state != MonthState::Skipped).collect();
    let planned_months = counted.len();
    let done_months = counted.iter().filter(|c| c.state == MonthState::Done).count();
    let partial_months = counted.iter().filter(|c| c.state == MonthState::Partial).count();
    let computed = if planned_months == 0 {
        0
    } else {
        // Half months as units, rounded to the nearest percent.
        let (num, den) = (done_months * 2 + partial_months, planned_months * 2);
        ((num * 100 + den / 2) / den).min(100) as u8
    };

    let stored = Progress::from(plan.status);
    let (status, reasons, percent) = match stored {
        Progress::Cancelled => (Progress::Cancelled, Vec::new(), computed),
        Progress::Done => (Progress::Done, Vec::new(), 100),
        _ => {
            let mut late: Vec<&MonthCell> = cells.iter().filter(|c| is_late(c, today)).collect();
            late.sort_by_key(|c| c.month);
            let mut reasons: Vec<DelayReason> = late.iter().map(|c| DelayReason::MonthWithoutResult(c.month)).collect();
            reasons.dedup();
            if let Some(d) = plan.deadline.filter(|d| *d < today) {
                reasons.push(DelayReason::DeadlinePassed(d));
            }
            let started =
                cells.iter().any(|c| c.result.is_some() || matches!(c.state, MonthState::Done | MonthState::Partial));
            let status = if !reasons.is_empty() {
                Progress::Delayed
            } else if stored == Progress::NotStarted && started {
                Progress::OnTrack
            } else {
                stored
            };
            (status, reasons, computed)
        }
    };
    PlanProgress { status, reasons, percent, planned_months, done_months }
}

/// An objective's progress: the mean percent of its plans that are not
/// cancelled, rounded; 0 when there are none.
pub fn objective_percent(plans: &[PlanProgress]) -> u8 {
    let live: Vec<u32> =
        plans.iter().filter(|p| p.status != Progress::Cancelled).map(|p| u32::from(p.percent)).collect();
    if live.is_empty() {
        return 0;
    }
    let n = live.len() as u32;
    ((live.iter().sum::<u32>() * 2 + n) / (2 * n)).min(100) as u8
}

/// What a plan has for the month `today` falls in ("my plans", the reminder mail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTask {
    pub plan_id: i64,
    pub planned: Option<String>,
    pub result: Option<String>,
    pub state: MonthState,
    /// A result was written or a state other than `planned` was chosen.
    pub reported: bool,
}

/// The cell of today's month, when it has a planned task or a result.
pub fn this_month(plan: &Plan, cells: &[MonthCell], today: NaiveDate) -> Option<MonthTask> {
    let start = month_start(today);
    cells.iter().find(|c| c.month.first_day() == start && (c.planned.is_some() || c.result.is_some())).map(|c| {
        MonthTask {
            plan_id: plan.id,
            planned: c.planned.clone(),
            result: c.result.clone(),
            state: c.state,
            reported: c.result.is_some() || c.state != MonthState::Planned,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::Period;
    use crate::domain::plan::PlanParent;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn plan(status: PlanStatus, deadline: Option<NaiveDate>) -> Plan {
        Plan {
            id: 7,
            parent: PlanParent::Objective(1),
            position: 1,
            actions: Some("教育".into()),
            resources: None,
            budget: None,
            responsible_user_id: None,
            responsible_name: None,
            deadline,
            deadline_text: None,
            evaluation_method: None,
            indicator_id: None,
            status,
            carried_from_id: None,
            version: 1,
        }
    }

    fn cell(month: YearMonth, planned: Option<&str>, result: Option<&str>, state: MonthState) -> MonthCell {
        MonthCell { month, planned: planned.map(Into::into), result: result.map(Into::into), state }
    }

    fn planned(month: YearMonth) -> MonthCell {
        cell(month, Some("実施"), None, MonthState::Planned)
    }

    fn reported(month: YearMonth) -> MonthCell {
        cell(month, Some("実施"), Some("済"), MonthState::Done)
    }

    #[test]
    fn labels_and_names() {
        assert_eq!(Progress::Delayed.label_key(), "plan-status-delayed");
        assert_eq!(Progress::NotStarted.label_key(), "plan-status-not_started");
        assert_eq!(Progress::OnTrack.as_str(), "on_track");
        for s in PlanStatus::ALL {
            assert_eq!(Progress::from(*s).label_key(), s.label_key(), "stored statuses keep their labels");
        }
        let r = DelayReason::MonthWithoutResult(ym(2025, 4));
        let (key, args) = r.sentence(|m| format!("{}月", m.month()), |d| d.to_string());
        assert_eq!((key, args[0].0, args[0].1.as_str()), ("delay-month-without-result", "month", "4月"));
        let (key, args) = DelayReason::DeadlinePassed(d(2026, 3, 31)).sentence(|m| m.to_string(), |d| d.to_string());
        assert_eq!((key, args[0].0, args[0].1.as_str()), ("delay-deadline-passed", "date", "2026-03-31"));
    }

    #[test]
    fn april_year_last_day_of_a_month_vs_first_of_the_next() {
        let period = Period::new(2025, 4).unwrap();
        let cells = full_year_with(&period, &[planned(ym(2025, 4))]);
        let p = plan(PlanStatus::OnTrack, Some(d(2026, 3, 31)));
        // On 30 April, April is still the current month: nothing is late.
        let on_last = plan_progress(&p, &cells, d(2025, 4, 30));
        assert_eq!(on_last.status, Progress::OnTrack);
        assert!(on_last.reasons.is_empty());
        assert_eq!(this_month(&p, &cells, d(2025, 4, 30)).map(|t| t.reported), Some(false));
        // On 1 May, April is past and has no result.
        let on_first = plan_progress(&p, &cells, d(2025, 5, 1));
        assert_eq!(on_first.status, Progress::Delayed);
        assert_eq!(on_first.reasons, [DelayReason::MonthWithoutResult(ym(2025, 4))]);
        assert_eq!(this_month(&p, &cells, d(2025, 5, 1)), None, "nothing planned in May");
    }

    #[test]
    fn april_year_crosses_the_calendar_year() {
        let period = Period::new(2025, 4).unwrap();
        let cells = full_year_with(&period, &[reported(ym(2025, 12)), planned(ym(2026, 1)), planned(ym(2026, 3))]);
        let p = plan(PlanStatus::OnTrack, Some(d(2026, 3, 31)));
        assert_eq!(plan_progress(&p, &cells, d(2026, 1, 31)).status, Progress::OnTrack);
        let feb = plan_progress(&p, &cells, d(2026, 2, 1));
        assert_eq!(feb.reasons, [DelayReason::MonthWithoutResult(ym(2026, 1))]);
        assert_eq!((feb.planned_months, feb.done_months, feb.percent), (3, 1, 33));
        // After the period, March too is late and the deadline has passed.
        let after = plan_progress(&p, &cells, d(2026, 4, 1));
        assert_eq!(
            after.reasons,
            [
                DelayReason::MonthWithoutResult(ym(2026, 1)),
                DelayReason::MonthWithoutResult(ym(2026, 3)),
                DelayReason::DeadlinePassed(d(2026, 3, 31)),
            ]
        );
    }

    #[test]
    fn january_year() {
        let period = Period::new(2025, 1).unwrap();
        let cells = full_year_with(&period, &[planned(ym(2025, 1)), reported(ym(2025, 12))]);
        let p = plan(PlanStatus::OnTrack, None);
        assert_eq!(plan_progress(&p, &cells, d(2025, 1, 31)).status, Progress::OnTrack);
        let feb = plan_progress(&p, &cells, d(2025, 2, 1));
        assert_eq!(feb.reasons, [DelayReason::MonthWithoutResult(ym(2025, 1))]);
        // December's result, written in advance, is not late and counts.
        assert_eq!((feb.planned_months, feb.done_months, feb.percent), (2, 1, 50));
        let t = this_month(&p, &cells, d(2025, 12, 31)).unwrap();
        assert_eq!((t.plan_id, t.result.as_deref(), t.state, t.reported), (7, Some("済"), MonthState::Done, true));
    }

    #[test]
    fn deadline_on_today_has_not_passed() {
        let p = plan(PlanStatus::OnTrack, Some(d(2026, 3, 31)));
        assert_eq!(plan_progress(&p, &[], d(2026, 3, 31)).status, Progress::OnTrack);
        let next_day = plan_progress(&p, &[], d(2026, 4, 1));
        assert_eq!(next_day.status, Progress::Delayed);
        assert_eq!(next_day.reasons, [DelayReason::DeadlinePassed(d(2026, 3, 31))]);
        // Done plans are never late.
        let done = plan_progress(&plan(PlanStatus::Done, Some(d(2026, 3, 31))), &[], d(2026, 4, 1));
        assert_eq!((done.status, done.reasons.len(), done.percent), (Progress::Done, 0, 100));
    }

    #[test]
    fn states_that_are_not_late() {
        let p = plan(PlanStatus::OnTrack, None);
        let today = d(2025, 9, 15);
        for (c, late) in [
            (cell(ym(2025, 4), Some("x"), None, MonthState::Skipped), false),
            (cell(ym(2025, 4), Some("x"), None, MonthState::Done), false),
            (cell(ym(2025, 4), Some("x"), None, MonthState::Partial), false),
            (cell(ym(2025, 4), Some("x"), Some("未実施（担当者不在）"), MonthState::NotDone), true),
            (cell(ym(2025, 4), Some("x"), None, MonthState::NotDone), true),
            (cell(ym(2025, 4), Some("x"), None, MonthState::Planned), true),
            (cell(ym(2025, 4), None, None, MonthState::Planned), false),
            (cell(ym(2025, 9), Some("x"), None, MonthState::Planned), false),
        ] {
            assert_eq!(plan_progress(&p, std::slice::from_ref(&c), today).status == Progress::Delayed, late, "{c:?}");
        }
    }

    #[test]
    fn skipped_months_leave_the_percentage() {
        let p = plan(PlanStatus::OnTrack, None);
        let cells = [
            cell(ym(2025, 4), Some("a"), Some("済"), MonthState::Done),
            cell(ym(2025, 5), Some("b"), Some("半分"), MonthState::Partial),
            cell(ym(2025, 6), Some("c"), None, MonthState::Skipped),
            cell(ym(2025, 7), Some("d"), None, MonthState::Planned),
        ];
        let pr = plan_progress(&p, &cells, d(2025, 7, 1));
        assert_eq!((pr.planned_months, pr.done_months, pr.percent), (3, 1, 50));
        assert_eq!(pr.status, Progress::OnTrack);
        assert_eq!(plan_progress(&p, &[], d(2025, 7, 1)).percent, 0, "nothing planned");
    }

    #[test]
    fn a_started_plan_is_on_track() {
        let p = plan(PlanStatus::NotStarted, None);
        assert_eq!(plan_progress(&p, &[planned(ym(2025, 8))], d(2025, 5, 1)).status, Progress::NotStarted);
        let cells = [cell(ym(2025, 4), None, Some("前倒しで着手"), MonthState::Planned)];
        assert_eq!(plan_progress(&p, &cells, d(2025, 5, 1)).status, Progress::OnTrack);
    }

    #[test]
    fn cancelled_plans_are_never_delayed() {
        let p = plan(PlanStatus::Cancelled, Some(d(2025, 4, 30)));
        let pr = plan_progress(&p, &[planned(ym(2025, 4)), reported(ym(2025, 5))], d(2026, 1, 1));
        assert_eq!((pr.status, pr.reasons.len(), pr.percent), (Progress::Cancelled, 0, 50));
    }

    #[test]
    fn objective_mean_ignores_cancelled_plans() {
        let pp = |status, percent| PlanProgress { status, reasons: vec![], percent, planned_months: 0, done_months: 0 };
        assert_eq!(objective_percent(&[]), 0);
        assert_eq!(objective_percent(&[pp(Progress::Cancelled, 10)]), 0);
        assert_eq!(objective_percent(&[pp(Progress::Done, 100), pp(Progress::Delayed, 25)]), 63);
        assert_eq!(objective_percent(&[pp(Progress::OnTrack, 40), pp(Progress::Cancelled, 0)]), 40);
    }

    fn full_year_with(period: &Period, stored: &[MonthCell]) -> Vec<MonthCell> {
        crate::domain::month::full_year(period, stored)
    }

    fn any_state() -> impl Strategy<Value = MonthState> {
        proptest::sample::select(MonthState::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn reported_past_months_and_a_future_deadline_are_never_delayed(
            start_year in 2000i32..2100,
            start_month in 1u32..=12,
            raw in proptest::collection::vec((any::<bool>(), any::<bool>(), any_state()), 12),
            today_offset in 0u64..400,
            deadline_after in proptest::option::of(1u64..800),
            status in proptest::sample::select(vec![PlanStatus::NotStarted, PlanStatus::OnTrack]),
        ) {
            let period = Period::new(start_year, start_month).unwrap();
            let today = period.first_day() + chrono::Days::new(today_offset);
            let cells: Vec<MonthCell> = period.months().iter().zip(raw).map(|(m, (has_plan, has_result, state))| {
                let past = m.first_day() < today.with_day(1).unwrap();
                let result = (has_result || (has_plan && past)).then(|| "済".to_string());
                // A month reported not done is a delay, whatever its result says.
                let state = if has_plan && past && state == MonthState::NotDone { MonthState::Partial } else { state };
                MonthCell { month: *m, planned: has_plan.then(|| "予定".to_string()), result, state }
            }).collect();
            let p = plan(status, deadline_after.map(|n| today + chrono::Days::new(n)));
            let pr = plan_progress(&p, &cells, today);
            prop_assert_ne!(pr.status, Progress::Delayed);
            prop_assert!(pr.reasons.is_empty());
            prop_assert!(pr.percent <= 100 && pr.done_months <= pr.planned_months);
        }
    }
}
