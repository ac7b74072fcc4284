//! Applies an import's changes in one write transaction: everything or
//! nothing. Each record goes through the same insert/update (and audit entry)
//! as a form save, new records of a kind many rows to a statement; a record
//! changed by someone since the import was planned fails the whole import
//! with `Conflict`.

use std::collections::HashMap;

use super::details::{create_indicators_in, create_inputs_in, update_indicator_in, update_input_in};
use super::evaluations::save_evaluation_in;
use super::objectives::{create_objectives_in, update_objective_in};
use super::plans::{NewPlan, create_plans_in, save_months_in, update_plan_in};
use super::risks::{create_risk_in, save_risk_settings_in, save_treatment_in, update_risk_in};
use super::{NOW, Store, StoreError, StoreResult, WriteTx, record_change, snapshot};
use crate::domain::actor::Actor;
use crate::domain::import::{ImportChanges, ImportedApproval, ObjectiveImport, PlanImport, Upsert};
use crate::domain::objective::ObjectiveDraft;
use crate::domain::plan::PlanParent;

impl Store {
    /// Writes `changes` into `org`, or nothing at all.
    pub async fn apply_import(&self, org: i64, changes: &ImportChanges, actor: &Actor) -> StoreResult<()> {
        self.apply_import_with(org, changes, actor, &|_| {}).await
    }

    /// As [`Store::apply_import`], calling `progress` with the number of
    /// records written so far (of `changes.steps()`), for a progress bar.
    pub async fn apply_import_with(
        &self,
        org: i64,
        changes: &ImportChanges,
        actor: &Actor,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> StoreResult<()> {
        let mut step = 0;
        let mut tick = || {
            step += 1;
            progress(step);
        };
        let mut tx = self.write().await?;
        if let Some(settings) = &changes.settings {
            save_risk_settings_in(&mut tx, org, settings, &[], actor).await?;
        }
        for risk in &changes.risks {
            match risk.id {
                None => {
                    create_risk_in(&mut tx, org, changes.period, &risk.draft, actor).await?;
                }
                Some(id) => {
                    update_risk_in(&mut tx, org, id, risk.version, &risk.draft, actor).await?;
                }
            }
            tick();
        }
        for round in changes.objectives.chunks(OBJECTIVES_PER_ROUND) {
            write_objectives(&mut tx, org, changes.period, round, actor).await?;
            round.iter().for_each(|_| tick());
        }
        // The period's risks (some perhaps added above) and their treatments, by code: one read, not two per treatment.
        let rows: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT r.code, r.id, t.id FROM risks r LEFT JOIN risk_treatments t ON t.risk_id = r.id AND t.org_id = r.org_id
             WHERE r.org_id = ? AND r.period = ?",
        )
        .bind(org)
        .bind(changes.period)
        .fetch_all(&mut *tx)
        .await?;
        let by_code: HashMap<String, (i64, Option<i64>)> =
            rows.into_iter().map(|(code, risk, treatment)| (code, (risk, treatment))).collect();
        for t in &changes.treatments {
            let (risk_id, stored) = *by_code.get(&t.risk_code).ok_or(StoreError::NotFound)?;
            let treatment_id = match &t.treatment {
                Some((expected, draft)) => save_treatment_in(&mut tx, org, risk_id, *expected, draft, actor).await?,
                None => stored.ok_or(StoreError::NotFound)?,
            };
            if let Some(approval) = &t.approval {
                approve(&mut tx, org, treatment_id, approval, actor).await?;
            }
            write_plans(&mut tx, org, &[(PlanParent::Treatment(treatment_id), &t.plans)], actor).await?;
            tick();
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Objectives written per round: the new records of a round go in a few
/// multi-row statements (one statement each was most of an import's time,
/// see BENCHMARKS.md), and the progress bar moves a round at a time.
const OBJECTIVES_PER_ROUND: usize = 100;

/// Writes objectives with their inputs, indicators and plans: what is new
/// together, kind by kind; what changed one record at a time.
async fn write_objectives(
    tx: &mut WriteTx,
    org: i64,
    period: i32,
    objectives: &[ObjectiveImport],
    actor: &Actor,
) -> StoreResult<()> {
    let new: Vec<&ObjectiveDraft> = objectives
        .iter()
        .filter_map(|o| match &o.objective {
            Some(Upsert { id: None, draft, .. }) => Some(draft),
            _ => None,
        })
        .collect();
    let mut created = create_objectives_in(tx, org, period, &new, actor).await?.into_iter();
    let mut ids = Vec::with_capacity(objectives.len());
    for o in objectives {
        ids.push(match (&o.objective, o.id) {
            (Some(Upsert { id: None, .. }), _) => created.next().ok_or(StoreError::NotFound)?,
            (Some(Upsert { id: Some(id), version, draft }), _) => {
                update_objective_in(tx, org, *id, *version, draft, actor).await?;
                *id
            }
            (None, Some(id)) => id,
            (None, None) => return Err(StoreError::NotFound),
        });
    }
    let (mut new_inputs, mut new_indicators) = (Vec::new(), Vec::new());
    for (o, &id) in objectives.iter().zip(&ids) {
        for input in &o.inputs {
            match input.id {
                None => new_inputs.push((id, &input.draft)),
                Some(i) => {
                    update_input_in(tx, org, i, input.version, &input.draft, actor).await?;
                }
            }
        }
        for indicator in &o.indicators {
            match indicator.id {
                None => new_indicators.push((id, &indicator.draft)),
                Some(i) => {
                    update_indicator_in(tx, org, i, indicator.version, &indicator.draft, actor).await?;
                }
            }
        }
    }
    create_inputs_in(tx, org, &new_inputs, actor).await?;
    create_indicators_in(tx, org, &new_indicators, actor).await?;
    let plans: Vec<(PlanParent, &[PlanImport])> =
        objectives.iter().zip(&ids).map(|(o, &id)| (PlanParent::Objective(id), o.plans.as_slice())).collect();
    write_plans(tx, org, &plans, actor).await
}

/// Writes the plans of objectives or treatments: the new ones together (see
/// `create_plans_in`), the others one by one.
async fn write_plans(
    tx: &mut WriteTx,
    org: i64,
    parents: &[(PlanParent, &[PlanImport])],
    actor: &Actor,
) -> StoreResult<()> {
    let is_new = |p: &PlanImport| matches!(p.plan, Some(Upsert { id: None, .. }));
    let new: Vec<NewPlan> = parents
        .iter()
        .flat_map(|(parent, plans)| {
            plans.iter().filter_map(move |p| match &p.plan {
                Some(Upsert { id: None, draft, .. }) => Some(NewPlan { parent: *parent, draft, months: &p.months }),
                _ => None,
            })
        })
        .collect();
    let mut created = create_plans_in(tx, org, &new, actor).await?.into_iter();
    for p in parents.iter().flat_map(|(_, plans)| plans.iter()) {
        let id = match (&p.plan, p.id) {
            (Some(Upsert { id: None, .. }), _) => created.next().ok_or(StoreError::NotFound)?,
            (Some(Upsert { id: Some(id), version, draft }), _) => {
                update_plan_in(tx, org, *id, *version, draft, actor).await?;
                *id
            }
            (None, Some(id)) => id,
            (None, None) => return Err(StoreError::NotFound),
        };
        if !is_new(p) && !p.months.is_empty() {
            save_months_in(tx, org, id, p.months_stamp, &p.months, actor).await?;
        }
        if let Some((expected, evaluation)) = &p.evaluation {
            save_evaluation_in(tx, org, "plan", id, *expected, evaluation, actor).await?;
        }
    }
    Ok(())
}

/// The approval the sheet records, of the plan and of the residual risk, on
/// the day it names, with who imported it from which file. It clears a stale
/// approval only when the importer is the risk's owner: anyone else's
/// workbook cannot approve a changed treatment on the owner's behalf.
async fn approve(tx: &mut WriteTx, org: i64, treatment: i64, a: &ImportedApproval, actor: &Actor) -> StoreResult<()> {
    let (risk_id, owner): (i64, Option<i64>) = sqlx::query_as(
        "SELECT r.id, r.risk_owner_user_id FROM risk_treatments t JOIN risks r ON r.id = t.risk_id AND r.org_id = t.org_id
         WHERE t.org_id = ? AND t.id = ?",
    )
    .bind(org)
    .bind(treatment)
    .fetch_one(&mut **tx)
    .await?;
    let by_owner = a.source.by_user_id.is_some() && a.source.by_user_id == owner;
    let before = snapshot(&super::risks::load_treatment(tx, org, risk_id).await?);
    let at = format!("{}T00:00:00Z", a.on);
    let update = format!(
        "UPDATE risk_treatments SET plan_approved_by = ?, plan_approved_at = ?, residual_approved_by = ?,
             residual_approved_at = ?, approval_stale = CASE WHEN ? THEN 0 ELSE approval_stale END,
             approval_imported_by = ?, approval_imported_by_user_id = ?, approval_imported_from = ?,
             approval_imported_on = ?, version = version + 1, updated_at = {NOW}
         WHERE org_id = ? AND id = ?"
    );
    sqlx::query(&update)
        .bind(&a.by)
        .bind(&at)
        .bind(&a.by)
        .bind(&at)
        .bind(by_owner)
        .bind(&a.source.by)
        .bind(a.source.by_user_id)
        .bind(&a.source.file)
        .bind(a.source.on.to_string())
        .bind(org)
        .bind(treatment)
        .execute(&mut **tx)
        .await?;
    let after = snapshot(&super::risks::load_treatment(tx, org, risk_id).await?);
    record_change(tx, Some(org), actor, "treatment", treatment, Some(&before), &after);
    Ok(())
}

/// Reads an import needs in one query per kind of record.
impl Store {
    /// Each plan's months stamp (see `months_stamp`) for a period's plans.
    pub async fn months_stamps_of_period(&self, org: i64, period: i32) -> StoreResult<HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT m.plan_id, COALESCE(SUM(m.version), 0) FROM plan_months m
             JOIN plans p ON p.id = m.plan_id
             LEFT JOIN objectives o ON o.id = p.objective_id
             LEFT JOIN risk_treatments t ON t.id = p.treatment_id LEFT JOIN risks r ON r.id = t.risk_id
             WHERE m.org_id = ? AND COALESCE(o.period, r.period) = ? GROUP BY m.plan_id",
        )
        .bind(org)
        .bind(period)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// The policy statements and the risks each objective of a period is linked to.
    pub async fn objective_links_of_period(&self, org: i64, period: i32) -> StoreResult<ObjectiveLinks> {
        let statements: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT l.objective_id, l.statement_id FROM objective_statements l JOIN objectives o ON o.id = l.objective_id
             WHERE l.org_id = ? AND o.period = ? ORDER BY l.statement_id",
        )
        .bind(org)
        .bind(period)
        .fetch_all(self.pool())
        .await?;
        let risks: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT l.objective_id, l.risk_id FROM objective_risks l JOIN objectives o ON o.id = l.objective_id
             WHERE l.org_id = ? AND o.period = ? ORDER BY l.risk_id",
        )
        .bind(org)
        .bind(period)
        .fetch_all(self.pool())
        .await?;
        let mut links = ObjectiveLinks::default();
        for (objective, statement) in statements {
            links.statements.entry(objective).or_default().push(statement);
        }
        for (objective, risk) in risks {
            links.risks.entry(objective).or_default().push(risk);
        }
        Ok(links)
    }

    /// Whether the organization has any risk, in any period.
    pub async fn has_risks(&self, org: i64) -> StoreResult<bool> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM risks WHERE org_id = ?").bind(org).fetch_one(self.pool()).await?;
        Ok(n > 0)
    }
}

/// Links of objectives, by objective id.
#[derive(Debug, Clone, Default)]
pub struct ObjectiveLinks {
    pub statements: HashMap<i64, Vec<i64>>,
    pub risks: HashMap<i64, Vec<i64>>,
}
