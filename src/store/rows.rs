//! Turning stored rows back into domain records. Stored text goes through the
//! domain's parsers, so a row that was altered behind ismo's back is reported
//! rather than shown as if it were valid.

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{StoreError, StoreResult};
use crate::domain::code::Code;
use crate::domain::indicator::{Direction, Frequency, Indicator};
use crate::domain::input::{Input, InputKind};
use crate::domain::invalid::Invalid;
use crate::domain::money::Money;
use crate::domain::month::{MonthCell, MonthState};
use crate::domain::objective::{Objective, ObjectiveStatus};
use crate::domain::organization::Organization;
use crate::domain::plan::{Plan, PlanParent, PlanStatus};
use crate::domain::policy::{PolicyStatement, PolicyVersion};
use crate::domain::requirement::{Requirement, RequirementKind};
use crate::domain::risk_level_words::LevelStyle;
use crate::domain::risk_method::{Comparison, RiskMethod, RiskSettings};
use crate::domain::year_month::YearMonth;

fn corrupt(what: &str) -> impl FnOnce(Invalid) -> StoreError + '_ {
    move |why| StoreError::Corrupt(format!("{what}: {why}"))
}

fn date(row: &SqliteRow, col: &str) -> StoreResult<Option<NaiveDate>> {
    let raw: Option<String> = row.try_get(col)?;
    raw.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("{col}: {s}"))))
        .transpose()
}

pub fn organization(row: &SqliteRow) -> StoreResult<Organization> {
    Ok(Organization {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        fiscal_start_month: row.try_get::<i64, _>("fiscal_start_month")? as u32,
        review_interval_months: row.try_get::<i64, _>("review_interval_months")? as u32,
        risk: RiskSettings {
            method: RiskMethod::parse(&row.try_get::<String, _>("risk_method")?)
                .map_err(corrupt("organizations.risk_method"))?,
            levels: row.try_get::<i64, _>("risk_levels")? as u8,
            criterion: row.try_get::<i64, _>("risk_criterion")? as u32,
            comparison: Comparison::parse(&row.try_get::<String, _>("risk_comparison")?)
                .map_err(corrupt("organizations.risk_comparison"))?,
            level_style: LevelStyle::parse(&row.try_get::<String, _>("risk_level_style")?)
                .map_err(corrupt("organizations.risk_level_style"))?,
        },
        version: row.try_get("version")?,
    })
}

pub fn policy_version(row: &SqliteRow, current_no: i64) -> StoreResult<PolicyVersion> {
    let version_no: i64 = row.try_get("version_no")?;
    Ok(PolicyVersion {
        id: row.try_get("id")?,
        version_no,
        title: row.try_get("title")?,
        approved_on: date(row, "approved_on")?,
        is_current: version_no == current_no,
    })
}

pub fn statement(row: &SqliteRow) -> StoreResult<PolicyStatement> {
    Ok(PolicyStatement {
        id: row.try_get("id")?,
        policy_version_id: row.try_get("policy_version_id")?,
        version_no: row.try_get("version_no")?,
        number: row.try_get("number")?,
        text: row.try_get("text")?,
        archived: row.try_get("archived")?,
        version: row.try_get("version")?,
    })
}

pub fn objective(row: &SqliteRow) -> StoreResult<Objective> {
    let code: String = row.try_get("code")?;
    let status: String = row.try_get("status")?;
    Ok(Objective {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        period: row.try_get::<i64, _>("period")? as i32,
        code: Code::parse(&code).map_err(corrupt("objectives.code"))?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        department: row.try_get("department")?,
        level: row.try_get("level")?,
        status: ObjectiveStatus::parse(&status).map_err(corrupt("objectives.status"))?,
        unmeasurable_reason: row.try_get("unmeasurable_reason")?,
        qualitative_method: row.try_get("qualitative_method")?,
        carried_from_id: row.try_get("carried_from_id")?,
        version: row.try_get("version")?,
    })
}

pub fn indicator(row: &SqliteRow) -> StoreResult<Indicator> {
    let direction: String = row.try_get("direction")?;
    let frequency: String = row.try_get("frequency")?;
    Ok(Indicator {
        id: row.try_get("id")?,
        objective_id: row.try_get("objective_id")?,
        name: row.try_get("name")?,
        unit: row.try_get("unit")?,
        direction: Direction::parse(&direction).map_err(corrupt("indicators.direction"))?,
        baseline: row.try_get("baseline")?,
        target: row.try_get("target")?,
        frequency: Frequency::parse(&frequency).map_err(corrupt("indicators.frequency"))?,
        target_date: date(row, "target_date")?,
        archived: row.try_get("archived")?,
        version: row.try_get("version")?,
    })
}

pub fn input(row: &SqliteRow) -> StoreResult<Input> {
    let kind: String = row.try_get("kind")?;
    Ok(Input {
        id: row.try_get("id")?,
        objective_id: row.try_get("objective_id")?,
        kind: InputKind::parse(&kind).map_err(corrupt("inputs.kind"))?,
        occurred_on: date(row, "occurred_on")?,
        reference: row.try_get("reference")?,
        archived: row.try_get("archived")?,
        version: row.try_get("version")?,
    })
}

pub fn requirement(row: &SqliteRow) -> StoreResult<Requirement> {
    let kind: String = row.try_get("kind")?;
    Ok(Requirement {
        id: row.try_get("id")?,
        objective_id: row.try_get("objective_id")?,
        kind: RequirementKind::parse(&kind).map_err(corrupt("requirements.kind"))?,
        text: row.try_get("text")?,
        archived: row.try_get("archived")?,
        version: row.try_get("version")?,
    })
}

pub fn plan(row: &SqliteRow) -> StoreResult<Plan> {
    let status: String = row.try_get("status")?;
    let minor: Option<i64> = row.try_get("budget_minor")?;
    let currency: Option<String> = row.try_get("budget_currency")?;
    let budget = match (minor, currency) {
        (Some(minor), Some(currency)) => {
            Some(Money::from_minor(minor, &currency).map_err(corrupt("plans.budget_currency"))?)
        }
        _ => None,
    };
    let objective: Option<i64> = row.try_get("objective_id")?;
    let treatment: Option<i64> = row.try_get("treatment_id")?;
    let parent = match (objective, treatment) {
        (Some(o), None) => PlanParent::Objective(o),
        (None, Some(t)) => PlanParent::Treatment(t),
        _ => return Err(StoreError::Corrupt("plans: neither objective nor treatment".into())),
    };
    Ok(Plan {
        id: row.try_get("id")?,
        parent,
        position: row.try_get("position")?,
        actions: row.try_get("actions")?,
        resources: row.try_get("resources")?,
        budget,
        responsible_user_id: row.try_get("responsible_user_id")?,
        responsible_name: row.try_get("responsible_name")?,
        deadline: date(row, "deadline")?,
        deadline_text: row.try_get("deadline_text")?,
        evaluation_method: row.try_get("evaluation_method")?,
        indicator_id: row.try_get("indicator_id")?,
        status: PlanStatus::parse(&status).map_err(corrupt("plans.status"))?,
        carried_from_id: row.try_get("carried_from_id")?,
        version: row.try_get("version")?,
    })
}

pub fn month_cell(row: &SqliteRow) -> StoreResult<MonthCell> {
    let month: String = row.try_get("month")?;
    let state: String = row.try_get("state")?;
    Ok(MonthCell {
        month: YearMonth::parse(&month).map_err(corrupt("plan_months.month"))?,
        planned: row.try_get("planned")?,
        result: row.try_get("result")?,
        state: MonthState::parse(&state).map_err(corrupt("plan_months.state"))?,
    })
}
