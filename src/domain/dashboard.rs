//! The state of an ISMS at a glance (the dashboard): objectives by status,
//! plans by progress, this month's tasks, deadlines passed and coming,
//! indicators against their targets, risk treatment, findings by rule.
//!
//! Pure: everything comes from the readiness check's [`Facts`] (one read of
//! the period) and its findings; `as_of` is passed in.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};

use super::achievement::{Achievement, achievement, progress_toward};
use super::measurement::{Measurement, current};
use super::month::full_year;
use super::objective::ObjectiveStatus;
use super::plan::{Plan, PlanStatus};
use super::progress::{Progress, plan_progress, this_month};
use super::readiness::{Facts, Finding, Rule, Severity};
use super::risk::Treatment;

/// How far ahead "coming" deadlines are looked for.
pub const UPCOMING_DAYS: i64 = 30;

/// The plan statuses the dashboard counts, in the order it shows them.
pub const PLAN_PROGRESS: [Progress; 4] = [Progress::NotStarted, Progress::OnTrack, Progress::Delayed, Progress::Done];

/// A plan's deadline, passed or coming.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineItem {
    pub plan: Plan,
    pub deadline: NaiveDate,
    /// Days from `as_of` to the deadline: negative when it has passed.
    pub days: i64,
}

/// An indicator's latest value against its target.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorState {
    pub indicator_id: i64,
    pub objective_id: i64,
    pub name: String,
    pub unit: Option<String>,
    pub target: Option<f64>,
    /// The current measurement (latest not superseded): date and value.
    pub latest: Option<(NaiveDate, f64)>,
    /// `None` without a measurement.
    pub achievement: Option<Achievement>,
    /// 0..=100 from the baseline toward the target, where both are known.
    pub progress: Option<u8>,
}

/// Risk treatment (6.1.3) in numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TreatmentProgress {
    /// Risks of the period (archived ones left out).
    pub risks: usize,
    /// Of those, at or above the acceptance criterion.
    pub needing: usize,
    /// Risks needing treatment that have one.
    pub treated: usize,
    /// Risks needing treatment that have none.
    pub untreated: usize,
    /// Risks with a treatment the risk owner has approved (plan and residual risk).
    pub approved: usize,
    /// Risks with a treatment still waiting for that approval.
    pub awaiting_approval: usize,
}

/// The findings of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleCount {
    pub rule: Rule,
    pub severity: Severity,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// Every objective status, in lifecycle order, with its count.
    pub objectives: Vec<(ObjectiveStatus, usize)>,
    /// Plans not cancelled, by [`PLAN_PROGRESS`], as of the day.
    pub plans: Vec<(Progress, usize)>,
    pub cancelled_plans: usize,
    /// This month's planned tasks (or results), and how many are reported.
    pub month_tasks: usize,
    pub month_reported: usize,
    /// Deadlines passed of plans not done, oldest first.
    pub overdue: Vec<DeadlineItem>,
    /// Deadlines within [`UPCOMING_DAYS`] from today (inclusive) of plans not done, soonest first.
    pub upcoming: Vec<DeadlineItem>,
    pub indicators: Vec<IndicatorState>,
    pub treatment: TreatmentProgress,
    /// Rules with at least one finding, in the table's order.
    pub findings: Vec<RuleCount>,
    pub nonconformities: usize,
    pub observations: usize,
}

/// The dashboard of `facts` as of `as_of`, with the check's `findings` of the same facts.
///
/// Plans are counted as the 今月 and 遅延 pages list them: every plan of the
/// period that is not cancelled, of objectives and of risk treatments.
pub fn summarize(facts: &Facts, findings: &[Finding], as_of: NaiveDate) -> Dashboard {
    let objectives =
        ObjectiveStatus::ALL.iter().map(|s| (*s, facts.objectives.iter().filter(|o| o.status == *s).count())).collect();

    let live: Vec<&Plan> = facts.plans.iter().filter(|p| p.status != PlanStatus::Cancelled).collect();
    let cancelled_plans = facts.plans.len() - live.len();
    let mut by_progress = [0usize; PLAN_PROGRESS.len()];
    let (mut month_tasks, mut month_reported) = (0, 0);
    let (mut overdue, mut upcoming) = (Vec::new(), Vec::new());
    let horizon = as_of + Duration::days(UPCOMING_DAYS);
    for plan in live {
        let stored = facts.months.get(&plan.id).map(Vec::as_slice).unwrap_or_default();
        let cells = match facts.period {
            Some(period) => full_year(&period, stored),
            None => stored.to_vec(),
        };
        let progress = plan_progress(plan, &cells, as_of);
        if let Some(i) = PLAN_PROGRESS.iter().position(|p| *p == progress.status) {
            by_progress[i] += 1;
        }
        if let Some(task) = this_month(plan, &cells, as_of) {
            month_tasks += 1;
            month_reported += usize::from(task.reported);
        }
        if let Some(deadline) = plan.deadline.filter(|_| progress.status != Progress::Done) {
            let item = DeadlineItem { plan: plan.clone(), deadline, days: (deadline - as_of).num_days() };
            if deadline < as_of {
                overdue.push(item);
            } else if deadline <= horizon {
                upcoming.push(item);
            }
        }
    }
    overdue.sort_by_key(|i| (i.deadline, i.plan.id));
    upcoming.sort_by_key(|i| (i.deadline, i.plan.id));
    let plans = PLAN_PROGRESS.iter().copied().zip(by_progress).collect();

    let withdrawn: HashSet<i64> =
        facts.objectives.iter().filter(|o| o.status == ObjectiveStatus::Withdrawn).map(|o| o.id).collect();
    let order: HashMap<i64, usize> = facts.objectives.iter().enumerate().map(|(n, o)| (o.id, n)).collect();
    let mut shown: Vec<_> =
        facts.indicators.iter().filter(|i| !i.archived && !withdrawn.contains(&i.objective_id)).collect();
    shown.sort_by_key(|i| (order.get(&i.objective_id), i.id));
    let mut measured: HashMap<i64, Vec<Measurement>> = HashMap::new();
    for m in &facts.measurements {
        measured.entry(m.indicator_id).or_default().push(m.clone());
    }
    let indicators = shown
        .into_iter()
        .map(|i| {
            let now = current(measured.get(&i.id).map(Vec::as_slice).unwrap_or_default());
            IndicatorState {
                indicator_id: i.id,
                objective_id: i.objective_id,
                name: i.name.clone(),
                unit: i.unit.clone(),
                target: i.target,
                latest: now.map(|m| (m.measured_on, m.value)),
                achievement: now.map(|m| achievement(i.direction, i.target, m.value)),
                progress: now.and_then(|m| progress_toward(i.direction, i.baseline, i.target, m.value)),
            }
        })
        .collect();

    let mut treatment = TreatmentProgress::default();
    let mut treatments: HashMap<i64, &Treatment> = HashMap::new();
    for t in &facts.treatments {
        treatments.entry(t.risk_id).or_insert(t);
    }
    for risk in facts.risks.iter().filter(|r| !r.archived) {
        treatment.risks += 1;
        let treated = treatments.get(&risk.id);
        if risk.needs_treatment {
            treatment.needing += 1;
            if treated.is_some() {
                treatment.treated += 1;
            } else {
                treatment.untreated += 1;
            }
        }
        match treated {
            Some(t) if t.approved() => treatment.approved += 1,
            Some(_) => treatment.awaiting_approval += 1,
            None => {}
        }
    }

    let findings: Vec<RuleCount> = Rule::ALL
        .iter()
        .map(|r| RuleCount {
            rule: *r,
            severity: r.severity(),
            count: findings.iter().filter(|f| f.rule == *r).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let count = |s: Severity| findings.iter().filter(|c| c.severity == s).map(|c| c.count).sum();
    Dashboard {
        objectives,
        plans,
        cancelled_plans,
        month_tasks,
        month_reported,
        overdue,
        upcoming,
        indicators,
        treatment,
        nonconformities: count(Severity::Nonconformity),
        observations: count(Severity::Observation),
        findings,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::domain::objective::Objective;
    use crate::domain::organization::Organization;
    use crate::domain::plan::PlanParent;
    use crate::domain::readiness::check;
    use crate::domain::risk_method::RiskSettings;
    use crate::domain::test_records::{self as records, day};

    fn objective(id: i64, status: ObjectiveStatus) -> Objective {
        records::objective(id, &id.to_string(), &format!("目的{id}"), status)
    }

    /// Only the deadline and the status matter to these tests.
    fn plan(id: i64, deadline: NaiveDate, status: PlanStatus) -> Plan {
        Plan { position: id, deadline: Some(deadline), status, ..records::plan(id, PlanParent::Objective(1), "実施") }
    }

    fn facts(plans: Vec<Plan>) -> Facts {
        let org = Organization {
            id: 1,
            name: "株式会社サンプル".into(),
            fiscal_start_month: 4,
            review_interval_months: 12,
            risk: RiskSettings::default(),
            version: 1,
        };
        Facts {
            period: Some(org.period(2025)),
            org,
            objectives: vec![
                objective(1, ObjectiveStatus::Active),
                objective(2, ObjectiveStatus::Active),
                objective(3, ObjectiveStatus::Draft),
            ],
            changed_on: HashMap::new(),
            statement_links: HashMap::new(),
            risk_links: HashMap::new(),
            inputs: vec![],
            requirements: vec![],
            indicators: vec![],
            measurements: vec![],
            communications: vec![],
            reviews: vec![],
            plans,
            months: HashMap::new(),
            risks: vec![],
            treatments: vec![],
        }
    }

    #[test]
    fn deadlines_split_at_today_and_thirty_days() {
        let today = day(2025, 12, 1);
        let f = facts(vec![
            plan(1, day(2025, 11, 30), PlanStatus::OnTrack),
            plan(2, day(2025, 12, 1), PlanStatus::OnTrack),
            plan(3, day(2025, 12, 31), PlanStatus::NotStarted),
            plan(4, day(2026, 1, 1), PlanStatus::OnTrack),
            plan(5, day(2025, 10, 1), PlanStatus::Done),
            plan(6, day(2025, 10, 1), PlanStatus::Cancelled),
        ]);
        let d = summarize(&f, &check(&f, today), today);
        assert_eq!(d.overdue.iter().map(|i| (i.plan.id, i.days)).collect::<Vec<_>>(), [(1, -1)]);
        assert_eq!(d.upcoming.iter().map(|i| (i.plan.id, i.days)).collect::<Vec<_>>(), [(2, 0), (3, 30)]);
        // Plan 1 is late (its deadline passed); done and cancelled plans have no deadline to keep.
        assert_eq!(
            d.plans,
            [(Progress::NotStarted, 1), (Progress::OnTrack, 2), (Progress::Delayed, 1), (Progress::Done, 1)]
        );
        assert_eq!(d.cancelled_plans, 1);
        let status = |s: ObjectiveStatus| d.objectives.iter().find(|(x, _)| *x == s).unwrap().1;
        assert_eq!((status(ObjectiveStatus::Active), status(ObjectiveStatus::Draft)), (2, 1));
        assert_eq!(d.objectives.len(), ObjectiveStatus::ALL.len());
    }

    #[test]
    fn findings_are_counted_by_rule() {
        let today = day(2025, 12, 1);
        let f = facts(vec![plan(1, day(2025, 11, 30), PlanStatus::OnTrack)]);
        let found = check(&f, today);
        let d = summarize(&f, &found, today);
        assert_eq!(d.findings.iter().map(|c| c.count).sum::<usize>(), found.len());
        assert_eq!(d.nonconformities + d.observations, found.len());
        assert!(d.findings.iter().all(|c| c.count > 0));
        let late = d.findings.iter().find(|c| c.rule == Rule::Late).unwrap();
        assert_eq!((late.count, late.severity), (1, Severity::Observation));
        // In the table's order.
        let order: Vec<usize> =
            d.findings.iter().map(|c| Rule::ALL.iter().position(|r| *r == c.rule).unwrap()).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]));
    }
}
