//! A risk: its assessment, its treatment (option, controls, target residual
//! score, the risk owner's approvals), the treatment's plans in the sheet's
//! layout, the objectives that take it into account, and its history.

use askama::Template;
use axum::response::Response;

use super::extract::{Ctx, Id};
use super::history::{HistoryRow, history};
use super::holder::Holder;
use super::page::{Chrome, ok};
use super::sheet::Sheet;
use crate::domain::access::Role;
use crate::domain::objective::Objective;
use crate::domain::risk::{Risk, Treatment};
use crate::domain::risk_level_words::shown_levels;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "risk_show.html")]
struct RiskView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    risk: Risk,
    treatment: Option<Treatment>,
    sheet: Option<Sheet>,
    objectives: Vec<Objective>,
    can_edit: bool,
    /// The secretariat, or the risk owner: may approve.
    can_approve: bool,
    /// Where an approval read from a workbook came from, and whether the owner is yet to confirm it.
    imported: Option<(String, bool)>,
    /// Not approved, or approved only by an import the owner is yet to confirm.
    awaits_approval: bool,
    method_key: &'static str,
    /// (label, level as the organization shows it) of each level the method scores from.
    levels: Vec<(String, String)>,
    history: Vec<HistoryRow>,
    /// The risk owner has left the organization (shown marked).
    owner_left: bool,
}

pub async fn show(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let org = ctx.org.id;
    let risk = ctx.store.risk(org, id).await?.ok_or(AppError::NotFound)?;
    let treatment = ctx.store.treatment(org, id).await?;
    let t = ctx.t;
    let sheet = match &treatment {
        Some(tr) => {
            let plans = ctx.store.treatment_plans(org, tr.id).await?;
            let mut months = std::collections::HashMap::new();
            for p in &plans {
                months.insert(p.id, ctx.store.months(org, p.id).await?);
            }
            let holders = [Holder::of_treatment(org, &risk, tr.id)];
            Some(ctx.sheet_of(risk.period, &holders, plans, months, &[], false).await?)
        }
        None => None,
    };
    let mut objectives = Vec::new();
    for oid in ctx.store.risk_objective_ids(org, id).await? {
        if let Some(o) = ctx.store.objective(org, oid).await? {
            objectives.push(o);
        }
    }
    let mut records = vec![("risk", id, t.ta1("risk-label", "code", &risk.code))];
    if let Some(tr) = &treatment {
        records.push(("treatment", tr.id, t.t("treatment-title")));
    }
    let history = history(&ctx.store, &t, org, &records).await?;
    let open = !ctx.is_closed(risk.period);
    let owner = ctx.role() == Role::Owner && risk.risk_owner_user_id == Some(ctx.viewer.user.id);
    let imported = treatment.as_ref().and_then(|tr| tr.imported_approval.as_ref()).map(|i| {
        let args = [("importer", i.by.clone()), ("file", i.file.clone()), ("date", t.date(&i.on))];
        (t.ta("approval-imported", &args), !i.by_owner_of(&risk))
    });
    let awaits_approval = treatment.as_ref().is_some_and(|tr| !tr.approved())
        || imported.as_ref().is_some_and(|(_, to_confirm)| *to_confirm);
    let view = RiskView {
        imported,
        awaits_approval,
        t,
        chrome: Some(ctx.chrome(risk.period, "risks").await?),
        org_id: org,
        can_edit: open && ctx.role().edits_everything(),
        can_approve: open && (ctx.role().edits_everything() || owner),
        method_key: ctx.org.risk.method.label_key(),
        levels: shown_levels(&ctx.org.risk, &risk.inputs)
            .iter()
            .map(|l| (t.t(l.label_key), t.level(ctx.org.risk.level_style, l.value, l.scale)))
            .collect(),
        treatment,
        sheet,
        objectives,
        history,
        owner_left: match risk.risk_owner_user_id {
            Some(u) => ctx.store.former_members(org).await?.contains(&u),
            None => false,
        },
        risk,
    };
    ok(&view)
}
