//! Risks, their treatments, approvals, the organization's risk settings, and
//! the links between objectives and risks.

use sqlx::{Row, SqliteConnection};

use super::{NOW, Store, StoreError, StoreResult, WriteTx, commit_change, on_unique, record_change, snapshot};
use crate::domain::actor::Actor;
use crate::domain::risk::{Approval, ApprovalImport, Risk, RiskDraft, Treatment, TreatmentDraft, TreatmentOption};
use crate::domain::risk_method::{RiskInputs, RiskSettings};

const RISK: &str = "SELECT id, period, code, asset, asset_owner, threat, vulnerability, existing_controls, likelihood, \
                    impact, asset_value, confidentiality, integrity, availability, threat_level, vulnerability_level, \
                    score, needs_treatment, risk_owner_user_id, risk_owner, assessed_on, archived, version FROM risks";
const TREATMENT: &str = "SELECT id, risk_id, option, controls, input, target_residual, plan_approved_by, plan_approved_at, \
                         residual_approved_by, residual_approved_at, approval_stale, approval_imported_by, \
                         approval_imported_by_user_id, approval_imported_from, approval_imported_on, version FROM risk_treatments";

fn level(row: &sqlx::sqlite::SqliteRow, col: &str) -> StoreResult<Option<u8>> {
    Ok(row.try_get::<Option<i64>, _>(col)?.map(|v| v as u8))
}

fn risk(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Risk> {
    let on: Option<String> = row.try_get("assessed_on")?;
    Ok(Risk {
        id: row.try_get("id")?,
        period: row.try_get::<i64, _>("period")? as i32,
        code: row.try_get("code")?,
        asset: row.try_get("asset")?,
        asset_owner: row.try_get("asset_owner")?,
        threat: row.try_get("threat")?,
        vulnerability: row.try_get("vulnerability")?,
        existing_controls: row.try_get("existing_controls")?,
        inputs: RiskInputs {
            likelihood: level(row, "likelihood")?,
            impact: level(row, "impact")?,
            asset_value: level(row, "asset_value")?,
            confidentiality: level(row, "confidentiality")?,
            integrity: level(row, "integrity")?,
            availability: level(row, "availability")?,
            threat: level(row, "threat_level")?,
            vulnerability: level(row, "vulnerability_level")?,
        },
        score: row.try_get::<Option<i64>, _>("score")?.map(|v| v as u32),
        needs_treatment: row.try_get("needs_treatment")?,
        risk_owner_user_id: row.try_get("risk_owner_user_id")?,
        risk_owner: row.try_get("risk_owner")?,
        assessed_on: on.and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
        archived: row.try_get("archived")?,
        version: row.try_get("version")?,
    })
}

fn approval(row: &sqlx::sqlite::SqliteRow, by: &str, at: &str) -> StoreResult<Option<Approval>> {
    let (by, at): (Option<String>, Option<String>) = (row.try_get(by)?, row.try_get(at)?);
    Ok(by.zip(at).map(|(by, at)| Approval { by, at }))
}

fn treatment(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Treatment> {
    let option: String = row.try_get("option")?;
    let controls: String = row.try_get("controls")?;
    Ok(Treatment {
        id: row.try_get("id")?,
        risk_id: row.try_get("risk_id")?,
        option: TreatmentOption::parse(&option).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        controls: controls.split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect(),
        input: row.try_get("input")?,
        target_residual: row.try_get::<Option<i64>, _>("target_residual")?.map(|v| v as u32),
        plan_approval: approval(row, "plan_approved_by", "plan_approved_at")?,
        residual_approval: approval(row, "residual_approved_by", "residual_approved_at")?,
        approval_stale: row.try_get("approval_stale")?,
        imported_approval: imported_approval(row)?,
        version: row.try_get("version")?,
    })
}

fn imported_approval(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Option<ApprovalImport>> {
    let by: Option<String> = row.try_get("approval_imported_by")?;
    let Some(by) = by else { return Ok(None) };
    let on: String = row.try_get::<Option<String>, _>("approval_imported_on")?.unwrap_or_default();
    let on = chrono::NaiveDate::parse_from_str(&on, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("approval_imported_on {on:?}")))?;
    Ok(Some(ApprovalImport {
        by,
        by_user_id: row.try_get("approval_imported_by_user_id")?,
        file: row.try_get::<Option<String>, _>("approval_imported_from")?.unwrap_or_default(),
        on,
    }))
}

async fn load_risk(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<Option<Risk>> {
    let sql = format!("{RISK} WHERE org_id = ? AND id = ?");
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(risk).transpose()
}

pub(super) async fn load_treatment(
    conn: &mut SqliteConnection,
    org: i64,
    risk_id: i64,
) -> StoreResult<Option<Treatment>> {
    let sql = format!("{TREATMENT} WHERE org_id = ? AND risk_id = ?");
    let row = sqlx::query(&sql).bind(org).bind(risk_id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(treatment).transpose()
}

/// Binds a risk draft's columns in the order of `RISK_SET`.
const RISK_SET: &str = "code = ?, asset = ?, asset_owner = ?, threat = ?, vulnerability = ?, existing_controls = ?, \
                        likelihood = ?, impact = ?, asset_value = ?, confidentiality = ?, integrity = ?, availability = ?, \
                        threat_level = ?, vulnerability_level = ?, score = ?, needs_treatment = ?, risk_owner_user_id = ?, \
                        risk_owner = ?, assessed_on = ?, archived = ?";

fn bind_risk<'q>(
    q: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    d: &'q RiskDraft,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    let i = &d.inputs;
    q.bind(&d.code)
        .bind(&d.asset)
        .bind(&d.asset_owner)
        .bind(&d.threat)
        .bind(&d.vulnerability)
        .bind(&d.existing_controls)
        .bind(i.likelihood.map(i64::from))
        .bind(i.impact.map(i64::from))
        .bind(i.asset_value.map(i64::from))
        .bind(i.confidentiality.map(i64::from))
        .bind(i.integrity.map(i64::from))
        .bind(i.availability.map(i64::from))
        .bind(i.threat.map(i64::from))
        .bind(i.vulnerability.map(i64::from))
        .bind(d.score.map(i64::from))
        .bind(d.needs_treatment)
        .bind(d.risk_owner_user_id)
        .bind(&d.risk_owner)
        .bind(d.assessed_on.map(|x| x.to_string()))
        .bind(d.archived)
}

impl Store {
    /// A period's risks, highest score first.
    pub async fn risks(&self, org: i64, period: i32) -> StoreResult<Vec<Risk>> {
        let sql = format!("{RISK} WHERE org_id = ? AND period = ? ORDER BY archived, score DESC, code");
        let rows = sqlx::query(&sql).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(risk).collect()
    }

    /// Every risk of the organization, for recomputing after a settings change.
    pub async fn all_risks(&self, org: i64) -> StoreResult<Vec<Risk>> {
        let sql = format!("{RISK} WHERE org_id = ? ORDER BY id");
        let rows = sqlx::query(&sql).bind(org).fetch_all(self.pool()).await?;
        rows.iter().map(risk).collect()
    }

    pub async fn risk(&self, org: i64, id: i64) -> StoreResult<Option<Risk>> {
        load_risk(&mut *self.pool().acquire().await?, org, id).await
    }

    pub async fn create_risk(&self, org: i64, period: i32, d: &RiskDraft, actor: &Actor) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = create_risk_in(&mut tx, org, period, d, actor).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_risk(&self, org: i64, id: i64, expected: i64, d: &RiskDraft, actor: &Actor) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if update_risk_in(&mut tx, org, id, expected, d, actor).await? {
            tx.commit().await?;
        }
        Ok(())
    }

    /// Saves the organization's method and criterion and, in the same
    /// transaction, every risk's recomputed score and flag: (risk id, score, needs treatment).
    pub async fn save_risk_settings(
        &self,
        org: i64,
        settings: &RiskSettings,
        recomputed: &[(i64, Option<u32>, bool)],
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if save_risk_settings_in(&mut tx, org, settings, recomputed, actor).await? {
            tx.commit().await?;
        }
        Ok(())
    }

    pub async fn treatment(&self, org: i64, risk_id: i64) -> StoreResult<Option<Treatment>> {
        load_treatment(&mut *self.pool().acquire().await?, org, risk_id).await
    }

    /// A treatment (by its own id) with its risk.
    pub async fn treatment_with_risk(&self, org: i64, treatment_id: i64) -> StoreResult<Option<(Risk, Treatment)>> {
        let mut conn = self.pool().acquire().await?;
        let risk_id: Option<i64> =
            sqlx::query_scalar("SELECT risk_id FROM risk_treatments WHERE org_id = ? AND id = ?")
                .bind(org)
                .bind(treatment_id)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(risk_id) = risk_id else { return Ok(None) };
        let risk = load_risk(&mut conn, org, risk_id).await?.ok_or(StoreError::NotFound)?;
        let treatment = load_treatment(&mut conn, org, risk_id).await?.ok_or(StoreError::NotFound)?;
        Ok(Some((risk, treatment)))
    }

    /// Every treatment of a period's risks, by risk id.
    pub async fn treatments_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Treatment>> {
        let sql = format!(
            "{TREATMENT} WHERE org_id = ? AND risk_id IN (SELECT id FROM risks WHERE org_id = ? AND period = ?)"
        );
        let rows = sqlx::query(&sql).bind(org).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(treatment).collect()
    }

    /// Creates or changes a risk's treatment. A change after approval marks
    /// the approval stale: the risk owner must approve again.
    pub async fn save_treatment(
        &self,
        org: i64,
        risk_id: i64,
        expected: Option<i64>,
        d: &TreatmentDraft,
        actor: &Actor,
    ) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = save_treatment_in(&mut tx, org, risk_id, expected, d, actor).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records the risk owner's approval of the treatment plan and of the
    /// residual risk (6.1.3 f); approving both again clears a stale approval.
    pub async fn approve_treatment(
        &self,
        org: i64,
        risk_id: i64,
        plan: bool,
        residual: bool,
        by: &str,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = load_treatment(&mut tx, org, risk_id).await?.ok_or(StoreError::NotFound)?;
        let update = format!(
            "UPDATE risk_treatments SET
                 plan_approved_by = CASE WHEN ? THEN ? ELSE plan_approved_by END,
                 plan_approved_at = CASE WHEN ? THEN {NOW} ELSE plan_approved_at END,
                 residual_approved_by = CASE WHEN ? THEN ? ELSE residual_approved_by END,
                 residual_approved_at = CASE WHEN ? THEN {NOW} ELSE residual_approved_at END,
                 approval_stale = CASE WHEN ? AND ? THEN 0 ELSE approval_stale END,
                 version = version + 1, updated_at = {NOW}
             WHERE id = ?"
        );
        sqlx::query(&update)
            .bind(plan)
            .bind(by)
            .bind(plan)
            .bind(residual)
            .bind(by)
            .bind(residual)
            .bind(plan)
            .bind(residual)
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
        if plan && residual {
            // The owner's own approval replaces one read from a workbook.
            sqlx::query(
                "UPDATE risk_treatments SET approval_imported_by = NULL, approval_imported_by_user_id = NULL,
                     approval_imported_from = NULL, approval_imported_on = NULL WHERE id = ?",
            )
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
        }
        let after = snapshot(&load_treatment(&mut tx, org, risk_id).await?);
        commit_change(tx, Some(org), actor, "treatment", before.id, Some(&snapshot(&before)), &after).await
    }

    /// The risks an objective takes into account, and the reverse.
    pub async fn objective_risk_ids(&self, org: i64, objective: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT risk_id FROM objective_risks WHERE org_id = ? AND objective_id = ? ORDER BY risk_id",
        )
        .bind(org)
        .bind(objective)
        .fetch_all(self.pool())
        .await?)
    }

    /// The risks an objective answers, in the order of their ids, in one statement.
    pub async fn objective_risks(&self, org: i64, objective: i64) -> StoreResult<Vec<Risk>> {
        let sql = format!(
            "{RISK} WHERE org_id = ? AND id IN
               (SELECT risk_id FROM objective_risks WHERE org_id = ? AND objective_id = ?) ORDER BY id"
        );
        let rows = sqlx::query(&sql).bind(org).bind(org).bind(objective).fetch_all(self.pool()).await?;
        rows.iter().map(risk).collect()
    }

    pub async fn risk_objective_ids(&self, org: i64, risk: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT objective_id FROM objective_risks WHERE org_id = ? AND risk_id = ? ORDER BY objective_id",
        )
        .bind(org)
        .bind(risk)
        .fetch_all(self.pool())
        .await?)
    }
}

pub(super) async fn create_risk_in(
    tx: &mut WriteTx,
    org: i64,
    period: i32,
    d: &RiskDraft,
    actor: &Actor,
) -> StoreResult<i64> {
    // A shell row first, then every column set by the one list shared with updates.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO risks (org_id, period, code, asset, threat, vulnerability) VALUES (?, ?, ?, '', '', '') RETURNING id",
    )
    .bind(org)
    .bind(period)
    .bind(&d.code)
    .fetch_one(&mut **tx)
    .await
    .map_err(on_unique)?;
    let update = format!("UPDATE risks SET {RISK_SET} WHERE id = ?");
    bind_risk(sqlx::query(&update), d).bind(id).execute(&mut **tx).await.map_err(on_unique)?;
    let after = snapshot(&load_risk(tx, org, id).await?);
    record_change(tx, Some(org), actor, "risk", id, None, &after);
    Ok(id)
}

pub(super) async fn update_risk_in(
    tx: &mut WriteTx,
    org: i64,
    id: i64,
    expected: i64,
    d: &RiskDraft,
    actor: &Actor,
) -> StoreResult<bool> {
    let before = load_risk(tx, org, id).await?.ok_or(StoreError::NotFound)?;
    if before.version != expected {
        return Err(StoreError::Conflict);
    }
    let update =
        format!("UPDATE risks SET {RISK_SET}, version = version + 1, updated_at = {NOW} WHERE org_id = ? AND id = ?");
    bind_risk(sqlx::query(&update), d).bind(org).bind(id).execute(&mut **tx).await.map_err(on_unique)?;
    let after = snapshot(&load_risk(tx, org, id).await?);
    Ok(record_change(tx, Some(org), actor, "risk", id, Some(&snapshot(&before)), &after))
}

/// Creates or changes a risk's treatment. A change after approval marks
/// the approval stale: the risk owner must approve again.
pub(super) async fn save_treatment_in(
    tx: &mut WriteTx,
    org: i64,
    risk_id: i64,
    expected: Option<i64>,
    d: &TreatmentDraft,
    actor: &Actor,
) -> StoreResult<i64> {
    load_risk(tx, org, risk_id).await?.ok_or(StoreError::NotFound)?;
    let before = load_treatment(tx, org, risk_id).await?;
    if before.as_ref().map(|t| t.version) != expected {
        return Err(StoreError::Conflict);
    }
    let controls = d.controls.join(",");
    let target = d.target_residual.map(i64::from);
    let id = match &before {
        None => {
            sqlx::query_scalar(
                "INSERT INTO risk_treatments (org_id, risk_id, option, controls, input, target_residual)
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(org)
            .bind(risk_id)
            .bind(d.option.as_str())
            .bind(&controls)
            .bind(&d.input)
            .bind(target)
            .fetch_one(&mut **tx)
            .await?
        }
        Some(b) => {
            let changed = b.option != d.option
                || b.controls != d.controls
                || b.input != d.input
                || b.target_residual != d.target_residual;
            let approved = b.plan_approval.is_some() || b.residual_approval.is_some();
            let update = format!(
                "UPDATE risk_treatments SET option = ?, controls = ?, input = ?, target_residual = ?,
                     approval_stale = approval_stale OR ?, version = version + 1, updated_at = {NOW} WHERE id = ?"
            );
            sqlx::query(&update)
                .bind(d.option.as_str())
                .bind(&controls)
                .bind(&d.input)
                .bind(target)
                .bind(changed && approved)
                .bind(b.id)
                .execute(&mut **tx)
                .await?;
            b.id
        }
    };
    let after = snapshot(&load_treatment(tx, org, risk_id).await?);
    record_change(tx, Some(org), actor, "treatment", id, before.map(|b| snapshot(&b)).as_ref(), &after);
    Ok(id)
}

/// Saves the organization's method and criterion and, in the same
/// transaction, every risk's recomputed score and flag: (risk id, score, needs treatment).
pub(super) async fn save_risk_settings_in(
    tx: &mut WriteTx,
    org: i64,
    settings: &RiskSettings,
    recomputed: &[(i64, Option<u32>, bool)],
    actor: &Actor,
) -> StoreResult<bool> {
    let before: serde_json::Value = {
        let row = sqlx::query(
            "SELECT risk_method, risk_levels, risk_criterion, risk_comparison, risk_level_style
             FROM organizations WHERE id = ?",
        )
        .bind(org)
        .fetch_one(&mut **tx)
        .await?;
        serde_json::json!({
            "risk_method": row.get::<String, _>("risk_method"),
            "risk_levels": row.get::<i64, _>("risk_levels"),
            "risk_criterion": row.get::<i64, _>("risk_criterion"),
            "risk_comparison": row.get::<String, _>("risk_comparison"),
            "risk_level_style": row.get::<String, _>("risk_level_style"),
        })
    };
    let update = format!(
        "UPDATE organizations SET risk_method = ?, risk_levels = ?, risk_criterion = ?, risk_comparison = ?,
             risk_level_style = ?, version = version + 1, updated_at = {NOW} WHERE id = ?"
    );
    sqlx::query(&update)
        .bind(settings.method.as_str())
        .bind(i64::from(settings.levels))
        .bind(i64::from(settings.criterion))
        .bind(settings.comparison.as_str())
        .bind(settings.level_style.as_str())
        .bind(org)
        .execute(&mut **tx)
        .await?;
    let after = serde_json::json!({
        "risk_method": settings.method.as_str(),
        "risk_levels": settings.levels,
        "risk_criterion": settings.criterion,
        "risk_comparison": settings.comparison.as_str(),
        "risk_level_style": settings.level_style.as_str(),
        "recomputed_risks": recomputed.len(),
    });
    // The method's change first, then what it did to each risk.
    if !record_change(tx, Some(org), actor, "risk_settings", org, Some(&before), &after) {
        return Ok(false);
    }
    let update =
        format!("UPDATE risks SET score = ?, needs_treatment = ?, updated_at = {NOW} WHERE org_id = ? AND id = ?");
    for (id, score, needs) in recomputed {
        // Not this organization's: nothing to rescore.
        let Some(before) = load_risk(tx, org, *id).await? else { continue };
        sqlx::query(&update).bind(score.map(i64::from)).bind(needs).bind(org).bind(id).execute(&mut **tx).await?;
        let after = snapshot(&load_risk(tx, org, *id).await?.ok_or(StoreError::NotFound)?);
        // Each rescored risk is an entry of its own, so its history shows
        // the score the method gave it; a risk whose score stays leaves none.
        record_change(tx, Some(org), actor, "risk", *id, Some(&snapshot(&before)), &after);
    }
    Ok(true)
}
