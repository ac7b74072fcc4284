//! Every rule of the readiness check: a fully documented organization has no
//! finding, and one change at a time trips exactly the rule it breaks.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::*;
use crate::domain::indicator::Direction;
use crate::domain::input::InputKind;
use crate::domain::month::MonthState;
use crate::domain::requirement::RequirementKind;
use crate::domain::review::ReviewDecision;
use crate::domain::risk::{Approval, ApprovalImport, TreatmentOption};
use crate::domain::test_records::{self as records, cell, day, risk};

fn objective() -> Objective {
    records::objective(1, "1", "ISMS認証を取得する", ObjectiveStatus::Active)
}

fn plan(id: i64, parent: PlanParent) -> Plan {
    records::plan(id, parent, "内部監査")
}

/// 2025-11-15, in the period April 2025 – March 2026.
fn as_of() -> NaiveDate {
    day(2025, 11, 15)
}

fn approval() -> Option<Approval> {
    Some(Approval { by: "鈴木 一郎".into(), at: "2025-07-01T00:00:00Z".into() })
}

/// An organization that keeps everything an auditor asks for.
fn documented() -> Facts {
    let org = records::organization();
    let treatment = Treatment {
        id: 10,
        risk_id: 1,
        option: TreatmentOption::Reduce,
        controls: vec!["A.8.5".into()],
        input: None,
        target_residual: Some(6),
        plan_approval: approval(),
        residual_approval: approval(),
        approval_stale: false,
        imported_approval: None,
        version: 1,
    };
    let mut months = HashMap::new();
    months.insert(100, vec![cell("2025-09", "文書整備", Some("実施済")), cell("2025-10", "内部監査", Some("実施済"))]);
    months.insert(200, vec![cell("2025-10", "MFA導入", Some("実施済"))]);
    Facts {
        org,
        period: Some(Period::new(2025, 4).unwrap()),
        objectives: vec![objective()],
        changed_on: HashMap::from([(1, day(2025, 4, 10))]),
        statement_links: HashMap::from([(1, vec![7])]),
        risk_links: HashMap::new(),
        inputs: vec![Input {
            id: 1,
            objective_id: 1,
            kind: InputKind::ManagementReview,
            occurred_on: None,
            reference: "2025年3月 マネジメントレビュー".into(),
            archived: false,
            version: 1,
        }],
        requirements: vec![],
        indicators: vec![Indicator {
            id: 5,
            objective_id: 1,
            name: "認証登録".into(),
            unit: Some("件".into()),
            direction: Direction::Target,
            baseline: None,
            target: Some(1.0),
            frequency: Frequency::Quarterly,
            target_date: None,
            archived: false,
            version: 1,
        }],
        measurements: vec![Measurement {
            id: 1,
            indicator_id: 5,
            measured_on: day(2025, 9, 30),
            value: 0.0,
            note: None,
            recorded_by_user_id: None,
            recorded_by: "cli".into(),
            supersedes_id: None,
        }],
        communications: vec![Communication {
            id: 1,
            objective_id: 1,
            communicated_on: day(2025, 4, 15),
            audience: "全従業員".into(),
            method: "朝礼".into(),
            communicated_by: "山田 太郎".into(),
            acknowledgement: None,
            archived: false,
            version: 1,
        }],
        reviews: vec![],
        plans: vec![plan(100, PlanParent::Objective(1)), plan(200, PlanParent::Treatment(10))],
        months,
        risks: vec![risk(1, "R-001", 18, true), risk(2, "R-005", 9, false)],
        treatments: vec![treatment],
    }
}

fn rules(f: &Facts) -> Vec<(&'static str, String)> {
    check(f, as_of()).into_iter().map(|x| (x.rule.id(), x.record)).collect()
}

#[test]
fn a_documented_organization_has_no_finding() {
    assert_eq!(rules(&documented()), []);
}

#[test]
fn policy_link_6_2_a() {
    let mut f = documented();
    f.statement_links.clear();
    assert_eq!(rules(&f), [("6.2-a", "1".to_string())]);
    f.objectives[0].status = ObjectiveStatus::Draft;
    f.communications.clear();
    assert_eq!(rules(&f).iter().filter(|r| r.0 == "6.2-a").count(), 0, "only active objectives");
}

#[test]
fn measurable_6_2_b() {
    let mut f = documented();
    f.indicators[0].archived = true;
    assert_eq!(rules(&f), [("6.2-b", "1".to_string())], "no indicator and no reason: a nonconformity");
    let found = check(&f, as_of());
    assert_eq!(found[0].severity, Severity::Nonconformity);
    f.objectives[0].unmeasurable_reason = Some("件数では測れない".into());
    assert_eq!(rules(&f), []);
}

#[test]
fn a_target_in_words_is_an_observation_6_2_b_target() {
    let mut f = documented();
    // 「意識を高める」: imported as words, with no target that can be judged.
    f.indicators[0].name = "意識を高める".into();
    f.indicators[0].target = None;
    assert_eq!(rules(&f), [("6.2-b-target", "1".to_string())], "measurable as far as the check can tell");
    let found = check(&f, as_of());
    assert_eq!((found[0].severity, found[0].subject), (Severity::Observation, Subject::Indicator(5)));
    assert_eq!(found[0].args, [("indicator", "意識を高める".to_string())]);
}

#[test]
fn grounds_6_2_c() {
    let mut f = documented();
    f.inputs[0].archived = true;
    assert_eq!(rules(&f), [("6.2-c", "1".to_string())]);
    f.risk_links.insert(1, vec![1]);
    assert_eq!(rules(&f), []);
    f.risk_links.clear();
    f.requirements.push(Requirement {
        id: 1,
        objective_id: 1,
        kind: RequirementKind::ALL[0],
        text: "個人情報保護法".into(),
        archived: false,
        version: 1,
    });
    assert_eq!(rules(&f), []);
}

#[test]
fn communicated_6_2_d() {
    let mut f = documented();
    f.changed_on.insert(1, day(2025, 6, 1));
    let found = check(&f, as_of());
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].rule.id(), found[0].severity), ("6.2-d", Severity::Nonconformity));
    assert_eq!(found[0].args, [(DATE_ARG, "2025-06-01".to_string())]);
    f.communications[0].communicated_on = day(2025, 6, 1);
    assert_eq!(rules(&f), [], "told on the day of the change");
    f.communications.clear();
    assert_eq!(rules(&f), [("6.2-d", "1".to_string())]);
}

#[test]
fn reviewed_6_2_e() {
    let mut f = documented();
    let next_year = day(2026, 4, 2);
    f.period = Some(Period::new(2025, 4).unwrap());
    f.plans.clear();
    f.measurements.push(Measurement { measured_on: day(2026, 3, 31), ..f.measurements[0].clone() });
    let e: Vec<_> = check(&f, next_year).into_iter().filter(|x| x.rule == Rule::Reviewed).collect();
    assert_eq!(e.len(), 1, "12 months since the period began without a review");
    assert_eq!(e[0].severity, Severity::Observation);
    f.reviews.push(Review {
        id: 1,
        objective_id: 1,
        reviewed_on: day(2025, 10, 1),
        reviewer: "経営者".into(),
        trigger: "定期".into(),
        decision: ReviewDecision::ALL[0],
        notes: None,
        archived: false,
        version: 1,
    });
    assert!(check(&f, next_year).iter().all(|x| x.rule != Rule::Reviewed));
    f.org.review_interval_months = 6;
    assert!(check(&f, next_year).iter().any(|x| x.rule == Rule::Reviewed), "a shorter interval");
}

#[test]
fn plan_items_6_2_f_j() {
    let mut f = documented();
    f.plans[0].resources = None;
    f.plans[0].deadline = None;
    let found = check(&f, as_of());
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].rule.id(), found[0].record.as_str()), ("6.2-f..j", "1"));
    assert_eq!(found[0].args, [("items", "g, i".to_string())]);
    let t = crate::i18n::Tr::new(crate::i18n::Lang::Ja);
    assert!(t.finding(&found[0]).contains("必要な資源、達成期限"), "{}", t.finding(&found[0]));
    f.plans[0].status = PlanStatus::Cancelled;
    assert_eq!(rules(&f), [], "a cancelled plan needs nothing");
}

#[test]
fn a_deadline_in_words_6_2_i_date_is_an_observation_only() {
    let mut f = documented();
    // As an import keeps 通年: the words, and the period's end as the date.
    f.plans[1].deadline_text = Some("通年".into());
    let found = check(&f, as_of());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].rule.id(), found[0].record.as_str()), ("6.2-i-date", "R-001"));
    assert_eq!(found[0].severity, Severity::Observation);
    let t = crate::i18n::Tr::new(crate::i18n::Lang::Ja);
    let said = t.finding(&found[0]);
    assert!(said.contains("「通年」") && said.contains("2026/03/31"), "{said}");
    f.plans[1].status = PlanStatus::Cancelled;
    assert_eq!(rules(&f), [], "a cancelled plan needs nothing");
}

#[test]
fn minimum_objective_6_2_min() {
    let mut f = documented();
    f.objectives[0].status = ObjectiveStatus::Draft;
    assert_eq!(rules(&f), [("6.2-min", "株式会社サンプル".to_string())]);
    assert!(check(&f, day(2026, 5, 1)).iter().all(|x| x.rule != Rule::MinimumObjective), "only for the current period");
}

#[test]
fn treat_6_1_3() {
    let mut f = documented();
    f.risks.push(risk(4, "R-004", 12, true));
    assert_eq!(rules(&f), [("6.1.3-treat", "R-004".to_string())]);
    f.risks[2].needs_treatment = false;
    assert_eq!(rules(&f), []);
}

#[test]
fn approve_6_1_3() {
    let mut f = documented();
    f.treatments[0].residual_approval = None;
    assert_eq!(rules(&f), [("6.1.3-approve", "R-001".to_string())]);
    f.treatments[0].residual_approval = approval();
    f.treatments[0].approval_stale = true;
    let found = check(&f, as_of());
    assert_eq!(found[0].message, "finding-6-1-3-approve-stale");
}

/// An approval read from a workbook is evidence to confirm: an observation
/// naming the file, until the importer is the risk owner.
#[test]
fn an_imported_approval_is_to_be_confirmed_by_the_risk_owner() {
    let mut f = documented();
    f.risks[0].risk_owner_user_id = Some(3);
    f.treatments[0].imported_approval = Some(ApprovalImport {
        by: "事務局 花子".into(),
        by_user_id: Some(9),
        file: "管理表.xlsx".into(),
        on: day(2025, 11, 15),
    });
    let found = check(&f, as_of());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].rule.id(), found[0].severity), ("6.1.3-approve", Severity::Observation));
    assert_eq!(found[0].message, "finding-6-1-3-approve-imported");
    assert!(found[0].args.contains(&("file", "管理表.xlsx".to_string())), "{:?}", found[0].args);
    // The owner's own workbook speaks for them.
    f.treatments[0].imported_approval.as_mut().unwrap().by_user_id = Some(3);
    assert_eq!(rules(&f), []);
    // From the command line there is no account: never the owner's.
    f.treatments[0].imported_approval.as_mut().unwrap().by_user_id = None;
    f.risks[0].risk_owner_user_id = None;
    assert_eq!(rules(&f), [("6.1.3-approve", "R-001".to_string())]);
}

#[test]
fn progress_late() {
    let mut f = documented();
    f.months.get_mut(&100).unwrap()[1].result = None;
    f.months.get_mut(&100).unwrap()[1].state = MonthState::Planned;
    let found = check(&f, as_of());
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].rule.id(), found[0].severity), ("progress-late", Severity::Observation));
    assert_eq!(found[0].args[0], (MONTH_ARG, "2025-10".to_string()));
    assert_eq!(found[0].args[1], ("task", "内部監査".to_string()));
    assert_eq!(check(&f, day(2025, 10, 20)).len(), 0, "October is not past on October 20");
    let mut f = documented();
    f.plans[0].deadline = Some(day(2025, 11, 1));
    assert_eq!(rules(&f), [("progress-late", "1".to_string())]);
    f.plans[0].status = PlanStatus::Done;
    assert_eq!(rules(&f), []);
}

#[test]
fn measure_9_1() {
    let mut f = documented();
    f.measurements.clear();
    let found = check(&f, as_of());
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].rule.id(), found[0].record.as_str()), ("9.1-measure", "1"));
    assert_eq!(check(&f, day(2025, 6, 30)).len(), 0, "no quarter has passed yet");
    f.indicators[0].frequency = Frequency::Once;
    assert_eq!(rules(&f), [], "once: due by the period's end");
    assert!(check(&f, day(2026, 4, 2)).iter().any(|x| x.rule == Rule::Measure));
}

#[test]
fn rule_ids_are_the_tables() {
    let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(
        ids,
        [
            "6.2-a",
            "6.2-b",
            "6.2-b-target",
            "6.2-c",
            "6.2-d",
            "6.2-e",
            "6.2-f..j",
            "6.2-i-date",
            "6.2-min",
            "6.1.3-treat",
            "6.1.3-approve",
            "progress-late",
            "9.1-measure"
        ]
    );
    assert!(Rule::ALL.iter().all(|r| Rule::parse(r.id()) == Some(*r) && Rule::parse(&r.slug()) == Some(*r)));
}
