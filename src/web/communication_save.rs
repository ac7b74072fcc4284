//! Recording and editing how an objective was communicated (伝達, 6.2 d).

use axum::response::Response;

use super::extract::{Ctx, HtmlForm, Id};
use super::form_view::{
    Conflict, Fields, FormPage, Kind, Refused, form_version, respond, respond_update, store_refusal,
};
use crate::domain::communication::{Communication, CommunicationDraft, CommunicationForm};
use crate::domain::form::FieldErrors;
use crate::domain::objective::Objective;
use crate::error::{AppError, AppResult};

async fn page(
    ctx: &Ctx,
    objective: &Objective,
    existing: Option<&Communication>,
    form: CommunicationForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let fields = Fields::new(t, &errors)
        .add("communicated_on", "communication-date", &form.communicated_on, Kind::Date)
        .required()
        .hint("date-hint")
        .add("audience", "communication-audience", &form.audience, Kind::Text)
        .required()
        .hint("communication-audience-hint")
        .add("method", "communication-method", &form.method, Kind::TextArea)
        .required()
        .hint("communication-method-hint")
        .add("communicated_by", "communication-by", &form.communicated_by, Kind::Text)
        .required()
        .add("acknowledgement", "communication-acknowledgement", &form.acknowledgement, Kind::TextArea)
        .hint("communication-acknowledgement-hint")
        .add("archived", "archived", &form.archived, Kind::Check)
        .hint("archived-hint")
        .list;
    let (heading, action) = match existing {
        Some(c) => (t.t("communication-edit"), format!("/orgs/{org}/communications/{}", c.id)),
        None => (t.t("communication-new"), format!("/orgs/{org}/objectives/{}/communications", objective.id)),
    };
    FormPage::for_objective(ctx, objective, heading, action, fields, &form.version, !errors.is_empty()).await
}

pub async fn new(ctx: Ctx, Id(objective_id): Id) -> AppResult<Response> {
    let objective = ctx.objective(objective_id).await?;
    let form = CommunicationForm {
        communicated_on: ctx.today.to_string(),
        communicated_by: ctx.viewer.user.display_name.clone(),
        ..Default::default()
    };
    page(&ctx, &objective, None, form, FieldErrors::default()).await?.show()
}

pub async fn create(
    ctx: Ctx,
    Id(objective_id): Id,
    HtmlForm(form): HtmlForm<CommunicationForm>,
) -> AppResult<Response> {
    let org = ctx.org.id;
    let objective = ctx.objective(objective_id).await?;
    let outcome = async {
        let draft = CommunicationDraft::parse(&form)?;
        ctx.store
            .create_communication(org, objective.id, &draft, &ctx.actor())
            .await
            .map_err(store_refusal("audience"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}#communications-title", objective.id))
    }
    .await;
    respond(outcome, |errors| page(&ctx, &objective, None, form, errors)).await
}

pub async fn edit(ctx: Ctx, Id(id): Id) -> AppResult<Response> {
    let c = ctx.store.communication(ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective(c.objective_id).await?;
    page(&ctx, &objective, Some(&c), CommunicationForm::from_communication(&c), FieldErrors::default()).await?.show()
}

pub async fn update(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<CommunicationForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let c = ctx.store.communication(org, id).await?.ok_or(AppError::NotFound)?;
    let objective = ctx.objective(c.objective_id).await?;
    let outcome = async {
        let draft = CommunicationDraft::parse(&form)?;
        let version = form_version(&form.version);
        ctx.store
            .update_communication(org, id, version, &draft, &ctx.actor())
            .await
            .map_err(store_refusal("audience"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/objectives/{}#communications-title", objective.id))
    }
    .await;
    let reload = || async {
        let saved = ctx.store.communication(org, id).await?.ok_or(AppError::NotFound)?;
        let history = ctx.store.history(org, "communication", id).await?;
        Ok(Conflict::of(&CommunicationForm::from_communication(&saved), saved.version, &history))
    };
    respond_update(outcome, |errors| page(&ctx, &objective, Some(&c), form, errors), reload).await
}
