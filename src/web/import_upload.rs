//! Importing the management table from the web: upload a workbook, see what
//! it would add and change, then confirm. The file waits in the database
//! between the two steps (`store::uploads`), so nothing of the register is
//! written before the confirmation and the browser does not send it twice.

use askama::Template;
use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::extract::{Ctx, HtmlForm, Id};
use super::page::{Chrome, render, saved};
use crate::domain::access::Role;
use crate::domain::import::{Counts, ImportChanges, PlanImport};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::store::{StoreError, Upload};
use crate::xlsx::import::{ImportFailure, Importer, prepare};

#[derive(Template)]
#[template(path = "import_form.html")]
struct FormView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    /// Periods to offer besides "as the workbook says", newest first.
    periods: Vec<i32>,
    chosen: Option<i32>,
    /// The refused file and why, when a workbook was refused.
    file_name: String,
    problems: Vec<String>,
}

/// One record in the preview's lists: its number and, for a changed one,
/// what changes.
pub struct Item {
    pub name: String,
    pub what: String,
}

#[derive(Default)]
pub struct Lists {
    pub objectives: Vec<Item>,
    pub plans: Vec<Item>,
    pub risks: Vec<Item>,
    pub treatments: Vec<Item>,
}

impl Lists {
    fn is_empty(&self) -> bool {
        self.objectives.is_empty() && self.plans.is_empty() && self.risks.is_empty() && self.treatments.is_empty()
    }
}

#[derive(Template)]
#[template(path = "import_preview.html")]
struct PreviewView {
    t: Tr,
    chrome: Option<Chrome>,
    org_id: i64,
    file_name: String,
    period: i32,
    /// Added, changed, unchanged: a label and the counts.
    figures: Vec<(String, Counts)>,
    /// What will be added, then what will be changed (each when there is some).
    sections: Vec<(String, Lists)>,
    /// The risk method and criterion the organization will take over.
    settings: Option<String>,
    /// Where to confirm, with the preview's fingerprint; `None` when there is nothing to import.
    confirm: Option<(i64, String)>,
    /// The records changed after the person saw the preview.
    changed_since: bool,
    /// How the sheet's words were read, at most `READINGS_SHOWN` of them.
    readings: Vec<ReadingRow>,
    /// How many of the readings are doubtful, and how many were left out of the list.
    doubtful: usize,
    readings_left_out: usize,
}

/// The longest list of readings a preview shows: a sheet of thousands of plans
/// would otherwise make a page nobody reads. Doubtful readings come first.
const READINGS_SHOWN: usize = 500;

/// One reading of the preview: where, the words, what they were read as.
pub struct ReadingRow {
    pub at: String,
    pub text: String,
    pub what: String,
    pub read_as: String,
    pub doubtful: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    /// The fingerprint of the preview the person confirmed.
    preview: String,
}

/// The upload form.
pub async fn form(ctx: Ctx) -> AppResult<Response> {
    form_page(&ctx, None, String::new(), Vec::new()).await
}

/// Reads the upload and shows what importing it would do.
pub async fn preview(ctx: Ctx, multipart: Result<Multipart, MultipartRejection>) -> AppResult<Response> {
    let upload = read_upload(multipart.map_err(|_| AppError::BadRequest)?).await?;
    if upload.bytes.is_empty() {
        return form_page(&ctx, upload.year, upload.file_name, vec![ctx.t.t("import-no-file")]).await;
    }
    let changes = match plan(&ctx, &upload).await? {
        Ok(changes) => changes,
        Err(refused) => return Ok(refused),
    };
    // Only a workbook that would change something waits for a confirmation.
    let id = if changes.is_empty() {
        None
    } else {
        Some(
            ctx.store
                .save_upload(ctx.org.id, ctx.viewer.user.id, &upload.file_name, &upload.bytes, upload.year)
                .await?,
        )
    };
    preview_page(&ctx, &upload.file_name, id, &changes, false).await
}

/// Imports a previewed upload. What the person saw is what is written: when
/// the records changed since (someone saved meanwhile), the new preview is
/// shown instead, to be confirmed again.
pub async fn confirm(ctx: Ctx, Id(id): Id, HtmlForm(form): HtmlForm<ConfirmForm>) -> AppResult<Response> {
    let (org, user) = (ctx.org.id, ctx.viewer.user.id);
    let upload = ctx.store.upload(org, user, id).await?.ok_or(AppError::NotFound)?;
    // A workbook that no longer imports (e.g. its period has ended since)
    // is refused with its problems, and forgotten: it is to be chosen again.
    let refused = |page: Response| async {
        ctx.store.delete_upload(org, user, id).await?;
        Ok::<_, AppError>(page)
    };
    let mut changes = match plan(&ctx, &upload).await? {
        Ok(changes) => changes,
        Err(page) => return refused(page).await,
    };
    if fingerprint(&changes) == form.preview {
        match ctx.store.apply_import(org, &changes, &ctx.actor()).await {
            Ok(()) => {
                ctx.store.delete_upload(org, user, id).await?;
                return saved(format!("/orgs/{org}/objectives?period={}&imported=1", changes.period));
            }
            // Someone saved between planning and writing: plan again.
            Err(StoreError::Conflict) => {
                changes = match plan(&ctx, &upload).await? {
                    Ok(changes) => changes,
                    Err(page) => return refused(page).await,
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    let keep = (!changes.is_empty()).then_some(id);
    if keep.is_none() {
        ctx.store.delete_upload(org, user, id).await?;
    }
    preview_page(&ctx, &upload.file_name, keep, &changes, true).await
}

/// What importing `upload` would change, or the form page listing every
/// problem of the workbook (422).
async fn plan(ctx: &Ctx, upload: &Upload) -> AppResult<Result<ImportChanges, Response>> {
    let who = Importer {
        name: &ctx.viewer.user.display_name,
        user_id: Some(ctx.viewer.user.id),
        admin: ctx.role() == Role::Admin,
        file: &upload.file_name,
        today: ctx.today,
    };
    match prepare(&ctx.store, ctx.org.id, &upload.bytes, upload.year, &who).await {
        Ok(changes) => Ok(Ok(changes)),
        Err(ImportFailure::Problems(problems)) => {
            let messages = problems.iter().map(|p| p.message(&ctx.t)).collect();
            Ok(Err(form_page(ctx, upload.year, upload.file_name.clone(), messages).await?))
        }
        Err(ImportFailure::Store(e)) => Err(e.into()),
    }
}

/// A digest of everything an import would write, ids and versions included:
/// it differs as soon as any record involved changed since the preview.
fn fingerprint(changes: &ImportChanges) -> String {
    hex::encode(Sha256::digest(format!("{changes:?}").as_bytes()))
}

/// The multipart form: the file and the chosen period.
async fn read_upload(mut multipart: Multipart) -> AppResult<Upload> {
    // Not stored yet, hence no id.
    let mut upload = Upload { id: 0, file_name: String::new(), bytes: Vec::new(), year: None };
    while let Some(field) = multipart.next_field().await.map_err(refusal)? {
        match field.name() {
            Some("file") => {
                upload.file_name = base_name(field.file_name().unwrap_or_default());
                upload.bytes = field.bytes().await.map_err(refusal)?.to_vec();
            }
            Some("period") => {
                let raw = field.text().await.map_err(refusal)?;
                // Blank (or anything but a plausible year): the workbook's own period.
                upload.year = raw.trim().parse::<i32>().ok().filter(|y| (1990..=2200).contains(y));
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// A body over the upload limit, or one no form of ours would send.
fn refusal(e: MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE { AppError::TooLarge } else { AppError::BadRequest }
}

/// The file's own name: some browsers send the whole path; long names are cut.
fn base_name(raw: &str) -> String {
    raw.rsplit(['/', '\\']).next().unwrap_or_default().chars().take(200).collect()
}

/// The navigation of the import pages: the current period's (an import into
/// an ended, empty period is allowed, and its read-only banner would mislead
/// here); the language switch returns to the form, as the pages answer POSTs.
async fn chrome(ctx: &Ctx) -> AppResult<Chrome> {
    let mut chrome = ctx.chrome(ctx.current_period(), "objectives").await?;
    chrome.here = format!("/orgs/{}/import", ctx.org.id);
    Ok(chrome)
}

async fn form_page(ctx: &Ctx, chosen: Option<i32>, file_name: String, problems: Vec<String>) -> AppResult<Response> {
    let current = ctx.current_period();
    // The periods with objectives, and the ones around today: last year's
    // table is the usual first import.
    let mut periods = ctx.store.periods_with_objectives(ctx.org.id).await?;
    periods.extend([current + 1, current, current - 1]);
    periods.extend(chosen);
    periods.sort_unstable_by(|a, b| b.cmp(a));
    periods.dedup();
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let view = FormView {
        t: ctx.t,
        chrome: Some(chrome(ctx).await?),
        org_id: ctx.org.id,
        periods,
        chosen,
        file_name,
        problems,
    };
    render(status, &view)
}

async fn preview_page(
    ctx: &Ctx,
    file_name: &str,
    upload: Option<i64>,
    changes: &ImportChanges,
    changed_since: bool,
) -> AppResult<Response> {
    let t = ctx.t;
    let s = changes.summary();
    let (added, changed) = lists(&t, changes);
    let settings = changes
        .settings
        .map(|s| t.ta2("import-settings", "method", t.t(s.method.label_key()), "criterion", s.criterion));
    let view = PreviewView {
        t,
        chrome: Some(chrome(ctx).await?),
        org_id: ctx.org.id,
        file_name: file_name.to_string(),
        period: changes.period,
        figures: vec![
            (t.t("import-added"), s.added),
            (t.t("import-changed"), s.changed),
            (t.t("import-unchanged"), s.unchanged),
        ],
        sections: [(t.t("import-will-add"), added), (t.t("import-will-change"), changed)]
            .into_iter()
            .filter(|(_, lists)| !lists.is_empty())
            .collect(),
        settings,
        confirm: upload.map(|id| (id, fingerprint(changes))),
        changed_since,
        readings: reading_rows(&t, changes),
        doubtful: changes.readings.iter().filter(|r| r.doubtful).count(),
        readings_left_out: changes.readings.len().saturating_sub(READINGS_SHOWN),
    };
    render(if changed_since { StatusCode::CONFLICT } else { StatusCode::OK }, &view)
}

/// The readings to list: the doubtful ones first, each group in the sheet's order.
fn reading_rows(t: &Tr, changes: &ImportChanges) -> Vec<ReadingRow> {
    let (doubtful, sure): (Vec<_>, Vec<_>) = changes.readings.iter().partition(|r| r.doubtful);
    doubtful
        .into_iter()
        .chain(sure)
        .take(READINGS_SHOWN)
        .map(|r| ReadingRow {
            at: if r.cell.is_empty() { r.sheet.clone() } else { format!("{}!{}", r.sheet, r.cell) },
            text: r.text.clone(),
            what: t.t(r.what),
            read_as: t.reading(r),
            doubtful: r.doubtful,
        })
        .collect()
}

/// The records an import adds and the ones it changes, by kind.
fn lists(t: &Tr, changes: &ImportChanges) -> (Lists, Lists) {
    let (mut added, mut changed) = (Lists::default(), Lists::default());
    let parts = |parts: &[(bool, String)]| {
        parts.iter().filter(|(on, _)| *on).map(|(_, p)| p.as_str()).collect::<Vec<_>>().join(" · ")
    };
    let mut plan_item = |name: String, p: &PlanImport| {
        if p.is_new() {
            added.plans.push(Item { name, what: String::new() });
        } else {
            let what = parts(&[
                (p.plan.is_some(), t.t("import-what-fields")),
                (!p.months.is_empty(), t.ta1("import-what-months", "count", p.months.len())),
                (p.evaluation.is_some(), t.t("import-what-evaluation")),
            ]);
            changed.plans.push(Item { name, what });
        }
    };
    for o in &changes.objectives {
        o.plans.iter().for_each(|p| plan_item(p.number.clone(), p));
    }
    for tr in &changes.treatments {
        for p in &tr.plans {
            plan_item(t.ta2("import-treatment-plan", "risk", &tr.risk_code, "number", &p.number), p);
        }
    }
    for o in &changes.objectives {
        let name = o.code.clone();
        if o.id.is_none() {
            added.objectives.push(Item { name, what: String::new() });
        } else {
            let what = parts(&[
                (o.objective.is_some(), t.t("import-what-fields")),
                (!o.inputs.is_empty(), t.t("import-what-inputs")),
                (!o.indicators.is_empty(), t.t("import-what-indicators")),
                (!o.plans.is_empty(), t.t("import-what-plans")),
            ]);
            changed.objectives.push(Item { name, what });
        }
    }
    for r in &changes.risks {
        let item = Item { name: r.draft.code.clone(), what: String::new() };
        if r.id.is_none() { added.risks.push(item) } else { changed.risks.push(item) }
    }
    for tr in &changes.treatments {
        let name = tr.risk_code.clone();
        if matches!(tr.treatment, Some((None, _))) {
            added.treatments.push(Item { name, what: String::new() });
        } else {
            let what = parts(&[
                (tr.treatment.is_some(), t.t("import-what-fields")),
                (tr.approval.is_some(), t.t("import-what-approval")),
                (!tr.plans.is_empty(), t.t("import-what-plans")),
            ]);
            changed.treatments.push(Item { name, what });
        }
    }
    (added, changed)
}
