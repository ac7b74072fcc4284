//! Plans (6.2 f–j) and their monthly cells.

use std::collections::HashMap;

use sqlx::SqliteConnection;

use super::{
    NOW, ROWS_PER_INSERT, Statement, Store, StoreError, StoreResult, WriteTx, insert_all, placeholders, record_change,
    rows, snapshot,
};
use crate::domain::actor::Actor;
use crate::domain::month::MonthCell;
use crate::domain::plan::{Plan, PlanDraft, PlanParent};

const COLUMNS: &str = "p.id, p.objective_id, p.treatment_id, p.position, p.actions, p.resources, p.budget_minor, p.budget_currency, \
                       p.responsible_user_id, p.responsible_name, p.deadline, p.deadline_text, p.evaluation_method, \
                       p.indicator_id, p.status, p.carried_from_id, p.version";

async fn load(conn: &mut SqliteConnection, org: i64, id: i64) -> StoreResult<Option<Plan>> {
    let sql = format!("SELECT {COLUMNS} FROM plans p WHERE p.org_id = ? AND p.id = ?");
    let row = sqlx::query(&sql).bind(org).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(rows::plan).transpose()
}

impl Store {
    pub async fn plans(&self, org: i64, objective: i64) -> StoreResult<Vec<Plan>> {
        let sql =
            format!("SELECT {COLUMNS} FROM plans p WHERE p.org_id = ? AND p.objective_id = ? ORDER BY p.position");
        let rows = sqlx::query(&sql).bind(org).bind(objective).fetch_all(self.pool()).await?;
        rows.iter().map(rows::plan).collect()
    }

    /// Every plan of a period's objectives in one query, for list pages.
    pub async fn plans_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Plan>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM plans p JOIN objectives o ON o.id = p.objective_id
             WHERE p.org_id = ? AND o.period = ? ORDER BY p.objective_id, p.position"
        );
        let rows = sqlx::query(&sql).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(rows::plan).collect()
    }

    /// Every plan of a period's risk treatments, in the risks' order.
    pub async fn treatment_plans_of_period(&self, org: i64, period: i32) -> StoreResult<Vec<Plan>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM plans p JOIN risk_treatments t ON t.id = p.treatment_id JOIN risks r ON r.id = t.risk_id
             WHERE p.org_id = ? AND r.period = ? ORDER BY r.code, p.position"
        );
        let rows = sqlx::query(&sql).bind(org).bind(period).fetch_all(self.pool()).await?;
        rows.iter().map(rows::plan).collect()
    }

    pub async fn plan(&self, org: i64, id: i64) -> StoreResult<Option<Plan>> {
        load(&mut *self.pool().acquire().await?, org, id).await
    }

    /// The plans of a risk treatment, in order.
    pub async fn treatment_plans(&self, org: i64, treatment: i64) -> StoreResult<Vec<Plan>> {
        let sql =
            format!("SELECT {COLUMNS} FROM plans p WHERE p.org_id = ? AND p.treatment_id = ? ORDER BY p.position");
        let rows = sqlx::query(&sql).bind(org).bind(treatment).fetch_all(self.pool()).await?;
        rows.iter().map(rows::plan).collect()
    }

    /// Adds a plan after its parent's last one. The parent (an objective or a
    /// treatment of this organization) is checked by the caller's lookup.
    pub async fn create_plan(&self, org: i64, parent: PlanParent, d: &PlanDraft, actor: &Actor) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = create_plan_in(&mut tx, org, parent, d, actor).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves an edit made on `expected_version` (see `update_objective`).
    pub async fn update_plan(
        &self,
        org: i64,
        id: i64,
        expected_version: i64,
        d: &PlanDraft,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if update_plan_in(&mut tx, org, id, expected_version, d, actor).await? {
            tx.commit().await?;
        }
        Ok(())
    }

    /// The stored cells of one plan, in month order.
    pub async fn months(&self, org: i64, plan: i64) -> StoreResult<Vec<MonthCell>> {
        months_of(&mut *self.pool().acquire().await?, org, plan).await
    }

    /// A number that grows with every change to a plan's cells: a months form
    /// carries it so a save on stale cells is recognized (lost update).
    pub async fn months_stamp(&self, org: i64, plan: i64) -> StoreResult<i64> {
        stamp(&mut *self.pool().acquire().await?, org, plan).await
    }

    /// The stored cells of every plan of an objective, by plan id.
    pub async fn months_of_objective(&self, org: i64, objective: i64) -> StoreResult<HashMap<i64, Vec<MonthCell>>> {
        let rows = sqlx::query(
            "SELECT m.plan_id, m.month, m.planned, m.result, m.state FROM plan_months m
             JOIN plans p ON p.id = m.plan_id
             WHERE m.org_id = ? AND p.objective_id = ? ORDER BY m.plan_id, m.month",
        )
        .bind(org)
        .bind(objective)
        .fetch_all(self.pool())
        .await?;
        months_by_plan(&rows)
    }

    /// The stored cells of every plan of a period (objectives' and treatments'),
    /// by plan id (one query, for grids).
    pub async fn months_of_period(&self, org: i64, period: i32) -> StoreResult<HashMap<i64, Vec<MonthCell>>> {
        let rows = sqlx::query(
            "SELECT m.plan_id, m.month, m.planned, m.result, m.state FROM plan_months m
             JOIN plans p ON p.id = m.plan_id
             LEFT JOIN objectives o ON o.id = p.objective_id
             LEFT JOIN risk_treatments t ON t.id = p.treatment_id LEFT JOIN risks r ON r.id = t.risk_id
             WHERE m.org_id = ? AND COALESCE(o.period, r.period) = ? ORDER BY m.plan_id, m.month",
        )
        .bind(org)
        .bind(period)
        .fetch_all(self.pool())
        .await?;
        months_by_plan(&rows)
    }

    /// Writes the given cells of a plan in one transaction, when the cells
    /// are still as the caller read them (`expected_stamp`, if given). The
    /// audit trail records the months that changed.
    pub async fn save_months(
        &self,
        org: i64,
        plan: i64,
        expected_stamp: Option<i64>,
        cells: &[MonthCell],
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        if save_months_in(&mut tx, org, plan, expected_stamp, cells, actor).await? {
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Rows of `plan_id` and a month's columns, grouped by plan.
fn months_by_plan(rows: &[sqlx::sqlite::SqliteRow]) -> StoreResult<HashMap<i64, Vec<MonthCell>>> {
    let mut by_plan: HashMap<i64, Vec<MonthCell>> = HashMap::new();
    for row in rows {
        let plan: i64 = sqlx::Row::try_get(row, "plan_id")?;
        by_plan.entry(plan).or_default().push(rows::month_cell(row)?);
    }
    Ok(by_plan)
}

async fn months_of(conn: &mut SqliteConnection, org: i64, plan: i64) -> StoreResult<Vec<MonthCell>> {
    let rows = sqlx::query(
        "SELECT month, planned, result, state FROM plan_months WHERE org_id = ? AND plan_id = ? ORDER BY month",
    )
    .bind(org)
    .bind(plan)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(rows::month_cell).collect()
}

async fn stamp(conn: &mut SqliteConnection, org: i64, plan: i64) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COALESCE(SUM(version), 0) FROM plan_months WHERE org_id = ? AND plan_id = ?")
        .bind(org)
        .bind(plan)
        .fetch_one(&mut *conn)
        .await?)
}

/// A plan may only be judged by an indicator of its own objective (a
/// treatment's plan by none).
async fn check_indicator(tx: &mut WriteTx, org: i64, parent: PlanParent, indicator: Option<i64>) -> StoreResult<()> {
    let Some(indicator) = indicator else { return Ok(()) };
    let PlanParent::Objective(objective) = parent else { return Err(StoreError::UnknownReference("indicator_id")) };
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM indicators WHERE org_id = ? AND objective_id = ? AND id = ?")
            .bind(org)
            .bind(objective)
            .bind(indicator)
            .fetch_optional(&mut **tx)
            .await?;
    found.map(|_| ()).ok_or(StoreError::UnknownReference("indicator_id"))
}

/// The name to show for the responsible person: the user's name when a
/// member of the organization who can sign in is chosen (anyone else is
/// refused), else the typed name. `kept` is the plan's person before an
/// edit: keeping them is allowed even after they left, under the name the
/// plan already shows.
async fn responsible_name(
    tx: &mut WriteTx,
    org: i64,
    d: &PlanDraft,
    kept: Option<(i64, Option<String>)>,
) -> StoreResult<Option<String>> {
    let Some(user) = d.responsible_user_id else { return Ok(d.responsible_name.clone()) };
    if let Some((id, name)) = kept
        && id == user
    {
        return Ok(name);
    }
    let name: Option<String> = sqlx::query_scalar(
        "SELECT u.display_name FROM users u JOIN memberships m ON m.user_id = u.id
         WHERE m.org_id = ? AND u.id = ? AND m.archived = 0 AND u.disabled = 0",
    )
    .bind(org)
    .bind(user)
    .fetch_optional(&mut **tx)
    .await?;
    name.map(Some).ok_or(StoreError::UnknownReference("responsible_user_id"))
}

/// Adds a plan after its parent's last one. The parent (an objective or a
/// treatment of this organization) is checked by the caller's lookup.
pub(super) async fn create_plan_in(
    tx: &mut WriteTx,
    org: i64,
    parent: PlanParent,
    d: &PlanDraft,
    actor: &Actor,
) -> StoreResult<i64> {
    let ids = create_plans_in(tx, org, &[NewPlan { parent, draft: d, months: &[] }], actor).await?;
    ids.first().copied().ok_or(StoreError::NotFound)
}

/// A plan to add, with the months it starts with.
pub(super) struct NewPlan<'a> {
    pub parent: PlanParent,
    pub draft: &'a PlanDraft,
    pub months: &'a [MonthCell],
}

/// Adds plans, each after its parent's last plan, in the order given, with
/// their months; returns their ids in that order. A few hundred plans go in
/// one statement and their months in another (an import adds thousands).
pub(super) async fn create_plans_in(
    tx: &mut WriteTx,
    org: i64,
    plans: &[NewPlan<'_>],
    actor: &Actor,
) -> StoreResult<Vec<i64>> {
    let mut names = Vec::with_capacity(plans.len());
    for p in plans {
        check_indicator(tx, org, p.parent, p.draft.indicator_id).await?;
        names.push(responsible_name(tx, org, p.draft, None).await?);
    }
    let mut last = last_positions(tx, plans.iter().map(|p| p.parent)).await?;
    let values: Vec<(&NewPlan, Option<String>, i64)> = plans
        .iter()
        .zip(names)
        .map(|(p, name)| {
            let position = last.entry(p.parent).or_default();
            *position += 1;
            (p, name, *position)
        })
        .collect();
    let insert = "INSERT INTO plans (org_id, objective_id, treatment_id, position, actions, resources, budget_minor, \
                  budget_currency, responsible_user_id, responsible_name, deadline, deadline_text, evaluation_method, \
                  indicator_id, status)";
    // The new rows come back whole: the audit entries need no second read.
    let created = insert_all(
        tx,
        insert,
        15,
        &values,
        |q, (p, name, position)| {
            let (objective, treatment) = match p.parent {
                PlanParent::Objective(id) => (Some(id), None),
                PlanParent::Treatment(id) => (None, Some(id)),
            };
            bind_fields(q.bind(org).bind(objective).bind(treatment).bind(position), p.draft, name)
        },
        rows::plan,
        |p| p.id,
    )
    .await?;
    for plan in &created {
        record_change(tx, Some(org), actor, "plan", plan.id, None, &snapshot(plan));
    }
    let months: Vec<(i64, &[MonthCell])> = created.iter().zip(plans).map(|(c, p)| (c.id, p.months)).collect();
    insert_months_of_new_plans(tx, org, &months, actor).await?;
    Ok(created.iter().map(|p| p.id).collect())
}

/// A plan's own columns, from `actions` to `status`, in the order both the
/// insert and the update name them.
fn bind_fields<'q>(q: Statement<'q>, d: &'q PlanDraft, responsible_name: &'q Option<String>) -> Statement<'q> {
    q.bind(&d.actions)
        .bind(&d.resources)
        .bind(d.budget.as_ref().map(|m| m.minor()))
        .bind(d.budget.as_ref().map(|m| m.currency().to_string()))
        .bind(d.responsible_user_id)
        .bind(responsible_name)
        .bind(d.deadline.map(|x| x.to_string()))
        .bind(&d.deadline_text)
        .bind(&d.evaluation_method)
        .bind(d.indicator_id)
        .bind(d.status.as_str())
}

/// The last plan position of each parent (0 for a parent without plans).
/// The parents are found by `=` on their own column, so its index answers
/// (`IS` against the other, NULL column scanned every plan).
async fn last_positions(
    tx: &mut WriteTx,
    parents: impl Iterator<Item = PlanParent>,
) -> StoreResult<HashMap<PlanParent, i64>> {
    let (mut objectives, mut treatments) = (Vec::new(), Vec::new());
    for parent in parents {
        match parent {
            PlanParent::Objective(id) => objectives.push(id),
            PlanParent::Treatment(id) => treatments.push(id),
        }
    }
    let mut last = HashMap::new();
    for (column, ids, parent) in [
        ("objective_id", objectives, PlanParent::Objective as fn(i64) -> PlanParent),
        ("treatment_id", treatments, PlanParent::Treatment),
    ] {
        let mut ids = ids;
        ids.sort_unstable();
        ids.dedup();
        for chunk in ids.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "SELECT {column}, MAX(position) FROM plans WHERE {column} IN ({}) GROUP BY {column}",
                vec!["?"; chunk.len()].join(", ")
            );
            let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            for (id, position) in query.fetch_all(&mut **tx).await? {
                last.insert(parent(id), position);
            }
        }
    }
    Ok(last)
}

/// Saves an edit made on `expected_version` (see `update_objective`).
pub(super) async fn update_plan_in(
    tx: &mut WriteTx,
    org: i64,
    id: i64,
    expected_version: i64,
    d: &PlanDraft,
    actor: &Actor,
) -> StoreResult<bool> {
    let before = load(tx, org, id).await?.ok_or(StoreError::NotFound)?;
    if before.version != expected_version {
        return Err(StoreError::Conflict);
    }
    check_indicator(tx, org, before.parent, d.indicator_id).await?;
    let kept = before.responsible_user_id.map(|id| (id, before.responsible_name.clone()));
    let name = responsible_name(tx, org, d, kept).await?;
    let sql = format!(
        "UPDATE plans SET actions = ?, resources = ?, budget_minor = ?, budget_currency = ?,
             responsible_user_id = ?, responsible_name = ?, deadline = ?, deadline_text = ?, evaluation_method = ?,
             indicator_id = ?, status = ?, version = version + 1, updated_at = {NOW}
         WHERE org_id = ? AND id = ?"
    );
    bind_fields(sqlx::query(&sql), d, &name).bind(org).bind(id).execute(&mut **tx).await?;
    let after = snapshot(&load(tx, org, id).await?);
    Ok(record_change(tx, Some(org), actor, "plan", id, Some(&snapshot(&before)), &after))
}

/// Writes the given cells of a plan in one transaction, when the cells
/// are still as the caller read them (`expected_stamp`, if given). The
/// audit trail records the months that changed.
pub(super) async fn save_months_in(
    tx: &mut WriteTx,
    org: i64,
    plan: i64,
    expected_stamp: Option<i64>,
    cells: &[MonthCell],
    actor: &Actor,
) -> StoreResult<bool> {
    load(tx, org, plan).await?.ok_or(StoreError::NotFound)?;
    if let Some(expected) = expected_stamp
        && expected != stamp(tx, org, plan).await?
    {
        return Err(StoreError::Conflict);
    }
    let before = months_of(tx, org, plan).await?;
    write_months(tx, org, plan, &before, cells, actor).await
}

/// Writes the months of plans created in this transaction, which have none
/// yet, in as few statements as the bound-value limit allows.
async fn insert_months_of_new_plans(
    tx: &mut WriteTx,
    org: i64,
    plans: &[(i64, &[MonthCell])],
    actor: &Actor,
) -> StoreResult<()> {
    let cells: Vec<(i64, &MonthCell)> =
        plans.iter().flat_map(|(plan, cells)| cells.iter().filter(|c| !c.is_empty()).map(|c| (*plan, c))).collect();
    for batch in cells.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO plan_months (org_id, plan_id, month, planned, result, state) VALUES {}",
            placeholders(batch.len(), 6)
        );
        let mut query = sqlx::query(&sql);
        for (plan, cell) in batch {
            query = query
                .bind(org)
                .bind(plan)
                .bind(cell.month.to_string())
                .bind(&cell.planned)
                .bind(&cell.result)
                .bind(cell.state.as_str());
        }
        query.execute(&mut **tx).await?;
    }
    for (plan, cells) in plans {
        let written: Vec<&MonthCell> = cells.iter().filter(|c| !c.is_empty()).collect();
        if !written.is_empty() {
            let before = vec![serde_json::Value::Null; written.len()];
            let after: Vec<serde_json::Value> = written.iter().map(|c| snapshot(*c)).collect();
            let (before, after) = (serde_json::json!({ "months": before }), serde_json::json!({ "months": after }));
            record_change(tx, Some(org), actor, "plan_months", *plan, Some(&before), &after);
        }
    }
    Ok(())
}

/// Writes the cells that differ from `before` (the plan's stored months)
/// and records them in the audit trail.
async fn write_months(
    tx: &mut WriteTx,
    org: i64,
    plan: i64,
    before: &[MonthCell],
    cells: &[MonthCell],
    actor: &Actor,
) -> StoreResult<bool> {
    let mut changed = Vec::new();
    let mut changed_before = Vec::new();
    let mut changed_after = Vec::new();
    for cell in cells {
        let old = before.iter().find(|c| c.month == cell.month);
        let unchanged = match old {
            Some(old) => old == cell,
            None => cell.is_empty(),
        };
        if unchanged {
            continue;
        }
        changed.push(cell);
        changed_before.push(old.map(snapshot).unwrap_or(serde_json::Value::Null));
        changed_after.push(snapshot(cell));
    }
    // One statement for all the changed months: an import writes twelve
    // for every plan, and a statement per month was most of its time.
    if !changed.is_empty() {
        let sql = format!(
            "INSERT INTO plan_months (org_id, plan_id, month, planned, result, state) VALUES {}
             ON CONFLICT (plan_id, month) DO UPDATE SET planned = excluded.planned, result = excluded.result,
                 state = excluded.state, version = plan_months.version + 1, updated_at = {NOW}
             WHERE plan_months.planned IS NOT excluded.planned OR plan_months.result IS NOT excluded.result
                OR plan_months.state IS NOT excluded.state",
            placeholders(changed.len(), 6)
        );
        let mut query = sqlx::query(&sql);
        for cell in &changed {
            query = query
                .bind(org)
                .bind(plan)
                .bind(cell.month.to_string())
                .bind(&cell.planned)
                .bind(&cell.result)
                .bind(cell.state.as_str());
        }
        query.execute(&mut **tx).await?;
    }
    if changed_after.is_empty() {
        return Ok(false);
    }
    let (before, after) =
        (serde_json::json!({ "months": changed_before }), serde_json::json!({ "months": changed_after }));
    Ok(record_change(tx, Some(org), actor, "plan_months", plan, Some(&before), &after))
}
