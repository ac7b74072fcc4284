//! The inputs to the management review (マネジメントレビューへのインプット,
//! 9.3.2) for one period as of a day: the state of the objectives and their
//! plans (c: results of monitoring and measurement, fulfilment of the
//! objectives), indicator results, the state of risk treatment (e: results
//! of risk assessment and status of the risk treatment plan), and what an
//! auditor would find missing (c: nonconformities).
//!
//! Pure: gathered from the audit check's [`Facts`] and the period's
//! evaluations; the same function serves the page and the PDF.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::achievement::{Achievement, achievement, progress_toward};
use super::evaluation::Evaluation;
use super::indicator::Indicator;
use super::measurement::{Measurement, current};
use super::month::MonthCell;
use super::objective::{Objective, ObjectiveStatus};
use super::plan::{Plan, PlanParent};
use super::progress::{DelayReason, PlanProgress, Progress, objective_percent, plan_progress};
use super::readiness::{Facts, Finding, Index, Rule, Severity, check};
use super::risk::{Risk, Treatment};
use super::year_month::YearMonth;

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct ReviewInput {
    pub as_of: NaiveDate,
    pub objectives: Vec<ObjectiveReview>,
    /// Objectives by status, in the order of [`ObjectiveStatus::ALL`] (only those with any).
    pub objective_counts: Vec<(ObjectiveStatus, usize)>,
    /// Plans of objectives and of treatments by progress, in the order of [`Progress::ALL`].
    pub plan_counts: Vec<(Progress, usize)>,
    pub indicators: Vec<IndicatorReview>,
    pub risks: RiskReview,
    pub findings: FindingsSummary,
}

#[derive(Debug, Clone)]
pub struct ObjectiveReview {
    pub objective: Objective,
    pub evaluation: Option<Evaluation>,
    /// The mean progress of its plans (months done over months planned).
    pub progress: u8,
    /// The mean of its indicators' way from baseline to target, where a
    /// value, a baseline and a target are known.
    pub achievement: Option<u8>,
    pub plans: Vec<PlanReview>,
}

#[derive(Debug, Clone)]
pub struct PlanReview {
    pub plan: Plan,
    /// As the sheet numbers it: `2-2`, `R-001`.
    pub number: String,
    pub progress: PlanProgress,
    /// Why it is delayed, each with the task of the month when there is one.
    pub delays: Vec<Delay>,
    pub evaluation: Option<Evaluation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delay {
    pub reason: DelayReason,
    /// The planned task of a month without result.
    pub task: Option<String>,
}

impl Delay {
    /// The month of a month without result.
    pub fn month(&self) -> Option<YearMonth> {
        match self.reason {
            DelayReason::MonthWithoutResult(m) => Some(m),
            DelayReason::DeadlinePassed(_) => None,
        }
    }

    /// The deadline that passed.
    pub fn deadline(&self) -> Option<NaiveDate> {
        match self.reason {
            DelayReason::DeadlinePassed(d) => Some(d),
            DelayReason::MonthWithoutResult(_) => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct IndicatorReview {
    pub indicator: Indicator,
    pub objective_code: String,
    /// The current value as of the day (the latest measurement not corrected).
    pub latest: Option<Measurement>,
    /// `None` while nothing was measured.
    pub achievement: Option<Achievement>,
    /// 0..=100 from baseline to target.
    pub toward: Option<u8>,
}

/// Where a risk stands in its treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreatmentState {
    /// Needs a treatment and has none (6.1.3-treat).
    Untreated,
    /// Treated, not (or no longer) approved by the risk owner.
    Unapproved,
    Approved,
}

impl TreatmentState {
    pub fn label_key(self) -> &'static str {
        match self {
            TreatmentState::Untreated => "report-treatment-untreated",
            TreatmentState::Unapproved => "report-treatment-unapproved",
            TreatmentState::Approved => "report-treatment-approved",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TreatmentState::Untreated => "untreated",
            TreatmentState::Unapproved => "unapproved",
            TreatmentState::Approved => "approved",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RiskRow {
    pub risk: Risk,
    pub treatment: Option<Treatment>,
    pub state: TreatmentState,
    pub plans: Vec<PlanReview>,
}

#[derive(Debug, Clone, Default)]
pub struct RiskReview {
    /// Risks in the register (not archived).
    pub assessed: usize,
    /// At or above the acceptance criterion.
    pub needing_treatment: usize,
    /// With a treatment decided.
    pub treated: usize,
    /// Of those, approved by the risk owner and unchanged since.
    pub approved: usize,
    /// Needing treatment and without one.
    pub untreated: usize,
    /// Risks that need treatment or have one, in register order.
    pub rows: Vec<RiskRow>,
}

#[derive(Debug, Clone, Default)]
pub struct FindingsSummary {
    /// Every rule with its count, in the table's order (zeros included, so
    /// the reader sees what was checked).
    pub by_rule: Vec<(Rule, usize)>,
    pub nonconformities: Vec<Finding>,
    pub observation_count: usize,
}

/// The report of `facts`' period as of `as_of`.
pub fn gather(facts: &Facts, evaluations: &[Evaluation], as_of: NaiveDate) -> ReviewInput {
    gather_checked(facts, &check(facts, as_of), evaluations, as_of)
}

/// [`gather`] with the findings of `facts` as of `as_of` already made.
pub fn gather_checked(
    facts: &Facts,
    findings: &[Finding],
    evaluations: &[Evaluation],
    as_of: NaiveDate,
) -> ReviewInput {
    let index = Index::new(facts);
    // The first evaluation of each record, as a scan in order would find it.
    let mut evaluated: HashMap<(&str, i64), &Evaluation> = HashMap::new();
    for e in evaluations {
        evaluated.entry((e.record_type.as_str(), e.record_id)).or_insert(e);
    }
    let evaluation = |kind: &str, id: i64| evaluated.get(&(kind, id)).map(|e| (*e).clone());
    let mut plans_of: HashMap<PlanParent, Vec<&Plan>> = HashMap::new();
    for p in &facts.plans {
        plans_of.entry(p.parent).or_default().push(p);
    }
    let mut measured: HashMap<i64, Vec<Measurement>> = HashMap::new();
    for m in facts.measurements.iter().filter(|m| m.measured_on <= as_of) {
        measured.entry(m.indicator_id).or_default().push(m.clone());
    }
    let plan_review = |p: &Plan| {
        let cells: &[MonthCell] = facts.months.get(&p.id).map(Vec::as_slice).unwrap_or_default();
        let progress = plan_progress(p, cells, as_of);
        let delays = progress
            .reasons
            .iter()
            .map(|&reason| Delay {
                reason,
                task: match reason {
                    DelayReason::MonthWithoutResult(m) => {
                        cells.iter().find(|c| c.month == m).and_then(|c| c.planned.clone())
                    }
                    DelayReason::DeadlinePassed(_) => None,
                },
            })
            .collect();
        PlanReview {
            number: index.plan_number(p),
            delays,
            evaluation: evaluation("plan", p.id),
            progress,
            plan: p.clone(),
        }
    };

    let indicators: Vec<IndicatorReview> = facts
        .objectives
        .iter()
        .filter(|o| o.status != ObjectiveStatus::Withdrawn)
        .flat_map(|o| index.indicators_of(o.id).filter(|i| !i.archived).map(move |i| (o, i)))
        .map(|(o, i)| indicator_review(measured.get(&i.id).map(Vec::as_slice).unwrap_or_default(), o, i))
        .collect();

    let objectives: Vec<ObjectiveReview> = facts
        .objectives
        .iter()
        .map(|o| {
            let plans: Vec<PlanReview> =
                plans_of.get(&PlanParent::Objective(o.id)).into_iter().flatten().map(|p| plan_review(p)).collect();
            let progresses: Vec<PlanProgress> = plans.iter().map(|p| p.progress.clone()).collect();
            let toward: Vec<u32> = indicators
                .iter()
                .filter(|i| i.indicator.objective_id == o.id)
                .filter_map(|i| i.toward.map(u32::from))
                .collect();
            let achievement = (!toward.is_empty()).then(|| {
                let n = toward.len() as u32;
                ((toward.iter().sum::<u32>() * 2 + n) / (2 * n)).min(100) as u8
            });
            ObjectiveReview {
                evaluation: evaluation("objective", o.id),
                progress: objective_percent(&progresses),
                achievement,
                plans,
                objective: o.clone(),
            }
        })
        .collect();

    let risks = risk_review(facts, &plans_of, &plan_review);

    let all_plans = objectives.iter().flat_map(|o| &o.plans).chain(risks.rows.iter().flat_map(|r| &r.plans));
    let mut plan_counts: Vec<(Progress, usize)> = Progress::ALL.iter().map(|s| (*s, 0)).collect();
    for p in all_plans {
        if let Some(slot) = plan_counts.iter_mut().find(|(s, _)| *s == p.progress.status) {
            slot.1 += 1;
        }
    }
    let objective_counts = ObjectiveStatus::ALL
        .iter()
        .map(|s| (*s, objectives.iter().filter(|o| o.objective.status == *s).count()))
        .filter(|(_, n)| *n > 0)
        .collect();

    ReviewInput { as_of, objective_counts, plan_counts, objectives, indicators, risks, findings: summarize(findings) }
}

/// An indicator with its measurements taken by the report's day.
fn indicator_review(taken: &[Measurement], o: &Objective, i: &Indicator) -> IndicatorReview {
    let latest = current(taken).cloned();
    IndicatorReview {
        achievement: latest.as_ref().map(|m| achievement(i.direction, i.target, m.value)),
        toward: latest.as_ref().and_then(|m| progress_toward(i.direction, i.baseline, i.target, m.value)),
        latest,
        objective_code: o.code.to_string(),
        indicator: i.clone(),
    }
}

fn risk_review(
    facts: &Facts,
    plans_of: &HashMap<PlanParent, Vec<&Plan>>,
    plan_review: &dyn Fn(&Plan) -> PlanReview,
) -> RiskReview {
    let live: Vec<&Risk> = facts.risks.iter().filter(|r| !r.archived).collect();
    let mut review = RiskReview { assessed: live.len(), ..RiskReview::default() };
    // The first treatment of each risk, as a scan in order would find it.
    let mut treatments: HashMap<i64, &Treatment> = HashMap::new();
    for t in &facts.treatments {
        treatments.entry(t.risk_id).or_insert(t);
    }
    for r in live {
        let treatment = treatments.get(&r.id).map(|t| (*t).clone());
        if r.needs_treatment {
            review.needing_treatment += 1;
        }
        let state = match &treatment {
            None if r.needs_treatment => TreatmentState::Untreated,
            None => continue,
            Some(t) if t.approved() => TreatmentState::Approved,
            Some(_) => TreatmentState::Unapproved,
        };
        match state {
            TreatmentState::Untreated => review.untreated += 1,
            TreatmentState::Approved => {
                review.treated += 1;
                review.approved += 1;
            }
            TreatmentState::Unapproved => review.treated += 1,
        }
        let plans = treatment
            .as_ref()
            .map(|t| plans_of.get(&PlanParent::Treatment(t.id)).into_iter().flatten().map(|p| plan_review(p)).collect())
            .unwrap_or_default();
        review.rows.push(RiskRow { risk: r.clone(), treatment, state, plans });
    }
    review
}

fn summarize(findings: &[Finding]) -> FindingsSummary {
    let by_rule = Rule::ALL.iter().map(|r| (*r, findings.iter().filter(|f| f.rule == *r).count())).collect();
    let observation_count = findings.iter().filter(|f| f.severity == Severity::Observation).count();
    let nonconformities = findings.iter().filter(|f| f.severity == Severity::Nonconformity).cloned().collect();
    FindingsSummary { by_rule, nonconformities, observation_count }
}

#[cfg(test)]
#[path = "review_input_tests.rs"]
mod tests;
