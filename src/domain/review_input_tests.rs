//! The review input: objectives with their plans' progress and evaluation,
//! indicator results, the state of each risk's treatment, the findings.

use std::collections::HashMap;

use super::*;
use crate::domain::indicator::{Direction, Frequency};
use crate::domain::period::Period;
use crate::domain::plan::PlanStatus;
use crate::domain::risk::{Approval, TreatmentOption};
use crate::domain::test_records::{self as records, cell, day};

fn objective(id: i64, code: &str, status: ObjectiveStatus) -> Objective {
    records::objective(id, code, &format!("目的{code}"), status)
}

fn plan(id: i64, parent: PlanParent, position: i64, status: PlanStatus) -> Plan {
    Plan { position, status, ..records::plan(id, parent, "実施事項") }
}

fn risk(id: i64, code: &str, needs: bool) -> Risk {
    records::risk(id, code, if needs { 18 } else { 4 }, needs)
}

fn treatment(id: i64, risk_id: i64, approved: bool) -> Treatment {
    let approval = approved.then(|| Approval { by: "鈴木 一郎".into(), at: "2025-07-01T00:00:00Z".into() });
    Treatment {
        id,
        risk_id,
        option: TreatmentOption::Reduce,
        controls: vec!["A.8.5".into()],
        input: None,
        target_residual: Some(6),
        plan_approval: approval.clone(),
        residual_approval: approval,
        approval_stale: false,
        imported_approval: None,
        version: 1,
    }
}

fn indicator(id: i64, objective_id: i64, baseline: f64, target: f64) -> Indicator {
    Indicator {
        id,
        objective_id,
        name: format!("指標{id}"),
        unit: Some("%".into()),
        direction: Direction::Higher,
        baseline: Some(baseline),
        target: Some(target),
        frequency: Frequency::Monthly,
        target_date: None,
        archived: false,
        version: 1,
    }
}

fn measurement(id: i64, indicator_id: i64, on: NaiveDate, value: f64, supersedes: Option<i64>) -> Measurement {
    Measurement {
        id,
        indicator_id,
        measured_on: on,
        value,
        note: None,
        recorded_by_user_id: None,
        recorded_by: "cli".into(),
        supersedes_id: supersedes,
    }
}

fn evaluation(kind: &str, id: i64) -> Evaluation {
    Evaluation {
        id: 1,
        record_type: kind.into(),
        record_id: id,
        result: crate::domain::evaluation::EvaluationResult::PartiallyAchieved,
        measured_value: Some("80%".into()),
        evidence: None,
        evaluator: "山田 太郎".into(),
        evaluated_on: day(2026, 3, 20),
        next_action: None,
        version: 1,
    }
}

/// Two objectives (one delayed, one done), three risks: treated and
/// approved, treated and unapproved, untreated; one risk below the criterion.
fn facts() -> Facts {
    let months = HashMap::from([
        (100, vec![cell("2025-09", "文書整備", Some("実施済")), cell("2025-10", "内部監査", None)]),
        (101, vec![cell("2025-09", "訓練", Some("実施済"))]),
        (300, vec![cell("2025-10", "MFA導入", Some("実施済"))]),
    ]);
    Facts {
        org: records::organization(),
        period: Some(Period::new(2025, 4).unwrap()),
        objectives: vec![objective(1, "1", ObjectiveStatus::Active), objective(2, "2", ObjectiveStatus::Achieved)],
        changed_on: HashMap::new(),
        statement_links: HashMap::new(),
        risk_links: HashMap::new(),
        inputs: vec![],
        requirements: vec![],
        indicators: vec![indicator(5, 1, 60.0, 90.0), indicator(6, 2, 0.0, 10.0)],
        measurements: vec![
            measurement(1, 5, day(2025, 8, 31), 70.0, None),
            measurement(2, 5, day(2025, 9, 30), 95.0, None),
            measurement(3, 5, day(2025, 9, 30), 75.0, Some(2)),
            measurement(4, 5, day(2025, 12, 31), 99.0, None),
        ],
        communications: vec![],
        reviews: vec![],
        plans: vec![
            plan(100, PlanParent::Objective(1), 1, PlanStatus::OnTrack),
            plan(101, PlanParent::Objective(1), 2, PlanStatus::NotStarted),
            plan(200, PlanParent::Objective(2), 1, PlanStatus::Done),
            plan(300, PlanParent::Treatment(10), 1, PlanStatus::OnTrack),
        ],
        months,
        risks: vec![risk(1, "R-001", true), risk(2, "R-002", true), risk(3, "R-003", true), risk(4, "R-004", false)],
        treatments: vec![treatment(10, 1, true), treatment(11, 2, false)],
    }
}

fn as_of() -> NaiveDate {
    day(2025, 11, 15)
}

#[test]
fn objectives_carry_their_plans_progress_and_evaluation() {
    let r = gather(&facts(), &[evaluation("objective", 2), evaluation("plan", 200)], as_of());
    let codes: Vec<&str> = r.objectives.iter().map(|o| o.objective.code.as_str()).collect();
    assert_eq!(codes, ["1", "2"]);
    let first = &r.objectives[0];
    assert!(first.evaluation.is_none());
    let numbers: Vec<&str> = first.plans.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers, ["1", "1-2"]);
    // October's internal audit has no result: delayed, with the task named.
    assert_eq!(first.plans[0].progress.status, Progress::Delayed);
    assert_eq!(
        first.plans[0].delays,
        [Delay {
            reason: DelayReason::MonthWithoutResult(YearMonth::parse("2025-10").unwrap()),
            task: Some("内部監査".into())
        }]
    );
    assert_eq!(first.plans[0].delays[0].month(), YearMonth::parse("2025-10").ok());
    assert_eq!(first.plans[1].progress.status, Progress::OnTrack, "started: a result is in");
    assert_eq!(first.progress, 75, "one of two months, and one of one");
    let second = &r.objectives[1];
    assert!(second.evaluation.is_some());
    assert_eq!(second.plans[0].progress.status, Progress::Done);
    assert!(second.plans[0].evaluation.is_some());
    assert_eq!(r.objective_counts, [(ObjectiveStatus::Active, 1), (ObjectiveStatus::Achieved, 1)]);
    let count = |s| r.plan_counts.iter().find(|(p, _)| *p == s).unwrap().1;
    assert_eq!((count(Progress::Delayed), count(Progress::OnTrack), count(Progress::Done)), (1, 2, 1));
}

#[test]
fn indicators_show_the_current_value_as_of_the_day() {
    let r = gather(&facts(), &[], as_of());
    let first = &r.indicators[0];
    // 95 was corrected to 75; December's 99 is after the day.
    assert_eq!(first.latest.as_ref().map(|m| m.value), Some(75.0));
    assert_eq!(first.achievement, Some(Achievement::NotYet));
    assert_eq!(first.toward, Some(50));
    assert_eq!(r.objectives[0].achievement, Some(50));
    let second = &r.indicators[1];
    assert_eq!((second.objective_code.as_str(), second.latest.is_none(), second.achievement), ("2", true, None));
    assert_eq!(r.objectives[1].achievement, None, "nothing measured");
    let later = gather(&facts(), &[], day(2026, 1, 5));
    assert_eq!(later.indicators[0].achievement, Some(Achievement::Achieved));
}

#[test]
fn withdrawn_objectives_keep_their_row_but_not_their_indicators() {
    let mut f = facts();
    f.objectives[1].status = ObjectiveStatus::Withdrawn;
    let r = gather(&f, &[], as_of());
    assert_eq!(r.objectives.len(), 2);
    assert_eq!(r.indicators.len(), 1);
}

#[test]
fn risks_are_counted_by_treatment_state() {
    let r = gather(&facts(), &[], as_of()).risks;
    assert_eq!((r.assessed, r.needing_treatment, r.treated, r.approved, r.untreated), (4, 3, 2, 1, 1));
    let rows: Vec<(&str, TreatmentState)> = r.rows.iter().map(|x| (x.risk.code.as_str(), x.state)).collect();
    assert_eq!(
        rows,
        [
            ("R-001", TreatmentState::Approved),
            ("R-002", TreatmentState::Unapproved),
            ("R-003", TreatmentState::Untreated)
        ]
    );
    assert_eq!(r.rows[0].plans.len(), 1);
    assert_eq!(r.rows[0].plans[0].number, "R-001");
    assert_eq!(r.rows[0].treatment.as_ref().and_then(|t| t.target_residual), Some(6));
}

#[test]
fn a_stale_approval_is_not_approved() {
    let mut f = facts();
    f.treatments[0].approval_stale = true;
    let r = gather(&f, &[], as_of()).risks;
    assert_eq!((r.treated, r.approved), (2, 0));
}

#[test]
fn findings_are_counted_by_rule_and_nonconformities_listed() {
    let r = gather(&facts(), &[], as_of()).findings;
    assert_eq!(r.by_rule.len(), Rule::ALL.len(), "every rule, zeros included");
    let count = |rule| r.by_rule.iter().find(|(x, _)| *x == rule).unwrap().1;
    assert_eq!(count(Rule::Treat), 1);
    assert_eq!(count(Rule::Approve), 1);
    assert_eq!(count(Rule::Late), 1);
    assert!(r.nonconformities.iter().all(|f| f.severity == Severity::Nonconformity));
    assert!(r.nonconformities.iter().any(|f| f.rule == Rule::Treat && f.record == "R-003"));
    let total: usize = r.by_rule.iter().map(|(_, n)| n).sum();
    assert_eq!(total, r.nonconformities.len() + r.observation_count);
}

#[test]
fn an_empty_period_gives_an_empty_report() {
    let mut f = facts();
    f.objectives.clear();
    f.plans.clear();
    f.indicators.clear();
    f.risks.clear();
    f.treatments.clear();
    let r = gather(&f, &[], as_of());
    assert!(r.objectives.is_empty() && r.indicators.is_empty() && r.risks.rows.is_empty());
    assert!(r.objective_counts.is_empty());
    assert!(r.findings.nonconformities.iter().any(|f| f.rule == Rule::MinimumObjective));
}
