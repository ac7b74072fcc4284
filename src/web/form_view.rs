//! Forms described as data and drawn by one template (`form.html`), so every
//! form looks and behaves the same: labels, hints, each field's error, 422.

use askama::Template;
use axum::response::Response;

pub use super::conflict::Conflict;
use super::page::{Chrome, Options, render};
use crate::domain::form::FieldErrors;
use crate::domain::invalid::Invalid;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::store::StoreError;

pub enum Kind {
    Text,
    /// A date typed freely (2026/3/31, 令和8年3月31日, …) and parsed by the domain.
    Date,
    Number,
    /// Free text with suggestions offered by the browser (a datalist).
    Suggest(Vec<String>),
    TextArea,
    Select(Options),
    /// One checkbox; checked when the value is not empty.
    Check,
    /// Several checkboxes sharing the field name: (value, label) and which are checked.
    Checks(Options, Vec<String>),
}

pub struct Field {
    pub name: String,
    pub label: String,
    pub value: String,
    pub kind: Kind,
    pub required: bool,
    pub hint: Option<String>,
    pub error: Option<String>,
    /// The saved value, shown when it differs from this form's (after a conflict).
    pub saved: Option<String>,
}

/// Builds the fields of one form, looking up labels and errors as it goes.
pub struct Fields<'a> {
    t: &'a Tr,
    errors: &'a FieldErrors,
    pub list: Vec<Field>,
}

impl<'a> Fields<'a> {
    pub fn new(t: &'a Tr, errors: &'a FieldErrors) -> Self {
        Fields { t, errors, list: Vec::new() }
    }

    /// Adds a field labelled by catalog key `label`; `hint` is a catalog key too.
    pub fn add(mut self, name: &str, label: &str, value: &str, kind: Kind) -> Self {
        self.list.push(Field {
            name: name.to_string(),
            label: self.t.t(label),
            value: value.to_string(),
            kind,
            required: false,
            hint: None,
            error: self.errors.get(name).map(|e| self.t.invalid(e)),
            saved: None,
        });
        self
    }

    pub fn required(mut self) -> Self {
        if let Some(f) = self.list.last_mut() {
            f.required = true;
        }
        self
    }

    pub fn hint(self, key: &str) -> Self {
        let text = self.t.t(key);
        self.hint_text(text)
    }

    /// A hint already put in words (a message with arguments).
    pub fn hint_text(mut self, text: String) -> Self {
        if let Some(f) = self.list.last_mut() {
            f.hint = Some(text);
        }
        self
    }
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub t: Tr,
    pub chrome: Option<Chrome>,
    pub heading: String,
    /// Text above the fields, e.g. which objective a plan belongs to.
    pub context: Option<String>,
    pub action: String,
    pub cancel: String,
    pub fields: Vec<Field>,
    pub hidden: Vec<(String, String)>,
    pub has_errors: bool,
    /// Set when someone else saved first: who and when, in words.
    pub conflict: Option<String>,
}

impl FormPage {
    /// The field that gets the keyboard focus: the first with an error, else the first.
    pub fn focus_index(&self) -> usize {
        self.fields.iter().position(|f| f.error.is_some()).unwrap_or(0)
    }

    pub fn show(&self) -> AppResult<Response> {
        let status =
            if self.has_errors { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
        render(status, self)
    }
}

/// Why a save did not happen: the person can fix the form, or it is our failure.
pub enum Refused {
    Form(FieldErrors),
    /// Someone else saved the record since the form was opened.
    Conflict,
    App(AppError),
}

impl From<FieldErrors> for Refused {
    fn from(e: FieldErrors) -> Self {
        Refused::Form(e)
    }
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::App(e)
    }
}

/// Store refusals that belong on a field: a duplicate key on `unique_field`,
/// an id of another organization on the field that sent it.
pub fn store_refusal(unique_field: &'static str) -> impl Fn(StoreError) -> Refused {
    move |e| {
        let mut errors = FieldErrors::default();
        // Objective numbers get their own message: it is the duplicate people hit.
        let key = if unique_field == "code" { "invalid-code-taken" } else { "invalid-duplicate" };
        match e {
            StoreError::Duplicate => errors.add(unique_field, Invalid::new(key)),
            StoreError::UnknownReference(field) => errors.add(field, Invalid::new("invalid-choice")),
            StoreError::Conflict => return Refused::Conflict,
            other => return Refused::App(other.into()),
        }
        Refused::Form(errors)
    }
}

/// The version a form was opened on; a missing or forged one never matches,
/// so such a save is treated as a conflict rather than an overwrite.
pub fn form_version(raw: &str) -> i64 {
    raw.trim().parse().unwrap_or(-1)
}

/// Answers a save: to the record on success, the form again with its errors
/// (422) when the person can fix it, an error page otherwise.
pub async fn respond<F, Fut>(outcome: Result<String, Refused>, rerender: F) -> AppResult<Response>
where
    F: FnOnce(FieldErrors) -> Fut,
    Fut: Future<Output = AppResult<FormPage>>,
{
    match outcome {
        Ok(url) => super::page::saved(url),
        Err(Refused::Form(errors)) => rerender(errors).await?.show(),
        // Only updates can conflict; they answer through `respond_update`.
        Err(Refused::Conflict) => Err(AppError::Internal("conflict on create".into())),
        Err(Refused::App(e)) => Err(e),
    }
}

/// Answers an update like [`respond`]; on a lost-update conflict the form is
/// shown again with the person's input kept, the saved values beside the
/// fields that differ, and the current version, so saving again re-applies
/// their change knowingly (409).
pub async fn respond_update<F, Fut, R, RFut>(
    outcome: Result<String, Refused>,
    rerender: F,
    reload: R,
) -> AppResult<Response>
where
    F: FnOnce(FieldErrors) -> Fut,
    Fut: Future<Output = AppResult<FormPage>>,
    R: FnOnce() -> RFut,
    RFut: Future<Output = AppResult<Conflict>>,
{
    match outcome {
        Err(Refused::Conflict) => {
            let conflict = reload().await?;
            let mut page = rerender(FieldErrors::default()).await?;
            page.mark_conflict(&conflict);
            render(axum::http::StatusCode::CONFLICT, &page)
        }
        other => respond(other, rerender).await,
    }
}

impl FormPage {
    /// A form for a record that belongs to an objective (indicator, input,
    /// requirement…): the objective is named above the fields and cancelling
    /// goes back to it.
    pub async fn for_objective(
        ctx: &super::extract::Ctx,
        objective: &crate::domain::objective::Objective,
        heading: String,
        action: String,
        fields: Vec<Field>,
        version: &str,
        has_errors: bool,
    ) -> AppResult<FormPage> {
        let holder = super::holder::Holder::of_objective(ctx.org.id, objective);
        FormPage::for_holder(ctx, &holder, heading, action, fields, version, has_errors).await
    }
}

impl FormPage {
    /// A form for a plan: what it serves is named above the fields, and
    /// cancelling goes back there.
    pub async fn for_holder(
        ctx: &super::extract::Ctx,
        holder: &super::holder::Holder,
        heading: String,
        action: String,
        fields: Vec<Field>,
        version: &str,
        has_errors: bool,
    ) -> AppResult<FormPage> {
        Ok(FormPage {
            t: ctx.t,
            chrome: Some(ctx.chrome(holder.period, "objectives").await?),
            heading,
            context: Some(holder.label()),
            action,
            cancel: holder.url.clone(),
            fields,
            hidden: vec![("version".into(), version.to_string())],
            has_errors,
            conflict: None,
        })
    }
}
