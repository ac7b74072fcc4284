//! Records for the domain's tests: complete and valid, with plain Japanese
//! text, so that a test spells out only what it is about.

use chrono::NaiveDate;

use crate::domain::code::Code;
use crate::domain::month::{MonthCell, MonthState};
use crate::domain::objective::{Objective, ObjectiveStatus};
use crate::domain::plan::{Plan, PlanParent, PlanStatus};
use crate::domain::risk::Risk;
use crate::domain::risk_inputs::RiskInputs;
use crate::domain::year_month::YearMonth;
use crate::domain::{organization::Organization, period::Period, readiness::Facts, risk_method::RiskSettings};

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An objective of the period 2025.
pub fn objective(id: i64, code: &str, title: &str, status: ObjectiveStatus) -> Objective {
    Objective {
        id,
        org_id: 1,
        period: 2025,
        code: Code::parse(code).unwrap(),
        title: title.into(),
        description: None,
        department: None,
        level: None,
        status,
        unmeasurable_reason: None,
        qualitative_method: None,
        carried_from_id: None,
        version: 1,
    }
}

/// A plan with every item of 6.2 f–j, first of its parent, on track, due at
/// the end of the period 2025.
pub fn plan(id: i64, parent: PlanParent, actions: &str) -> Plan {
    Plan {
        id,
        parent,
        position: 1,
        actions: Some(actions.into()),
        resources: Some("事務局2名".into()),
        budget: None,
        responsible_user_id: None,
        responsible_name: Some("山田 太郎".into()),
        deadline: Some(day(2026, 3, 31)),
        deadline_text: None,
        evaluation_method: Some("報告書で評価".into()),
        indicator_id: None,
        status: PlanStatus::OnTrack,
        carried_from_id: None,
        version: 1,
    }
}

/// A month planned, and done when it has a result.
pub fn cell(month: &str, planned: &str, result: Option<&str>) -> MonthCell {
    MonthCell {
        month: YearMonth::parse(month).unwrap(),
        planned: Some(planned.into()),
        result: result.map(str::to_string),
        state: if result.is_some() { MonthState::Done } else { MonthState::Planned },
    }
}

/// A risk of the period 2025 with its score and whether that needs treatment.
pub fn risk(id: i64, code: &str, score: u32, needs_treatment: bool) -> Risk {
    Risk {
        id,
        period: 2025,
        code: code.into(),
        asset: "顧客情報".into(),
        asset_owner: None,
        threat: "不正アクセス".into(),
        vulnerability: "パスワードのみ".into(),
        existing_controls: None,
        inputs: RiskInputs::default(),
        score: Some(score),
        needs_treatment,
        risk_owner_user_id: None,
        risk_owner: None,
        assessed_on: None,
        archived: false,
        version: 1,
    }
}

/// The organization of the tests: fiscal year from April, a review a year.
pub fn organization() -> Organization {
    Organization {
        id: 1,
        name: "株式会社サンプル".into(),
        fiscal_start_month: 4,
        review_interval_months: 12,
        risk: RiskSettings::default(),
        version: 1,
    }
}

/// An organization of the period 2025 with one objective holding `plans`
/// plans, each planned in all twelve months (for tests of volume).
pub fn facts_with_plans(plans: usize) -> Facts {
    let period = Period::new(2025, 4).unwrap();
    let plans: Vec<Plan> = (1..=plans as i64).map(|id| plan(id, PlanParent::Objective(1), "教育")).collect();
    let months = plans
        .iter()
        .map(|p| (p.id, period.months().iter().map(|m| cell(&m.to_string(), "実施", None)).collect()))
        .collect();
    Facts {
        org: organization(),
        period: Some(period),
        objectives: vec![objective(1, "1", "ISMS認証を取得する", ObjectiveStatus::Active)],
        changed_on: Default::default(),
        statement_links: Default::default(),
        risk_links: Default::default(),
        inputs: vec![],
        requirements: vec![],
        indicators: vec![],
        measurements: vec![],
        communications: vec![],
        reviews: vec![],
        plans,
        months,
        risks: vec![],
        treatments: vec![],
    }
}
