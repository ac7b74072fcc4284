//! The organization's risk assessment method and acceptance criterion.
//! Saving recomputes every risk's score and flag, in one transaction, and the
//! change is in the audit trail.

use axum::response::Response;

use super::extract::{Ctx, HtmlForm};
use super::form_view::{Fields, FormPage, Kind, Refused, respond, store_refusal};
use super::page::options;
use crate::domain::form::FieldErrors;
use crate::domain::risk_level_words::LevelStyle;
use crate::domain::risk_method::{Comparison, RiskMethod, RiskSettings, RiskSettingsForm, needs_treatment, score};
use crate::error::AppResult;

async fn page(ctx: &Ctx, form: RiskSettingsForm, errors: FieldErrors) -> AppResult<FormPage> {
    let t = &ctx.t;
    let org = ctx.org.id;
    let methods = options(t, RiskMethod::ALL, RiskMethod::as_str, RiskMethod::label_key);
    let comparisons = options(t, Comparison::ALL, Comparison::as_str, Comparison::label_key);
    let levels = ["3", "4", "5"].iter().map(|l| (l.to_string(), l.to_string())).collect();
    let styles = options(t, LevelStyle::ALL, LevelStyle::as_str, LevelStyle::label_key);
    let fields = Fields::new(t, &errors)
        .add("method", "risk-method", &form.method, Kind::Select(methods))
        .add("levels", "risk-levels", &form.levels, Kind::Select(levels))
        .hint("risk-levels-hint")
        .add("criterion", "risk-criterion", &form.criterion, Kind::Number)
        .required()
        .add("comparison", "risk-comparison", &form.comparison, Kind::Select(comparisons))
        .hint("risk-comparison-hint")
        .add("level_style", "risk-level-style", &form.level_style, Kind::Select(styles))
        .hint("risk-level-style-hint")
        .list;
    Ok(FormPage {
        t: *t,
        chrome: Some(ctx.chrome(ctx.current_period(), "risks").await?),
        heading: t.t("risk-settings-title"),
        context: Some(t.t("risk-settings-hint")),
        action: format!("/orgs/{org}/risk-settings"),
        cancel: format!("/orgs/{org}/risks"),
        fields,
        hidden: Vec::new(),
        has_errors: !errors.is_empty(),
        conflict: None,
    })
}

pub async fn edit(ctx: Ctx) -> AppResult<Response> {
    let form = RiskSettingsForm::from_settings(&ctx.org.risk);
    page(&ctx, form, FieldErrors::default()).await?.show()
}

pub async fn save(ctx: Ctx, HtmlForm(form): HtmlForm<RiskSettingsForm>) -> AppResult<Response> {
    let org = ctx.org.id;
    let outcome = async {
        let settings = RiskSettings::parse(&form)?;
        // The domain scores every risk again under the new rules.
        let recomputed: Vec<(i64, Option<u32>, bool)> = ctx
            .store
            .all_risks(org)
            .await
            .map_err(store_refusal("method"))?
            .iter()
            .map(|r| {
                let s = score(&settings, &r.inputs);
                (r.id, s, s.is_some_and(|s| needs_treatment(&settings, s)))
            })
            .collect();
        ctx.store
            .save_risk_settings(org, &settings, &recomputed, &ctx.actor())
            .await
            .map_err(store_refusal("method"))?;
        Ok::<_, Refused>(format!("/orgs/{org}/risks"))
    }
    .await;
    respond(outcome, |errors| page(&ctx, form, errors)).await
}
