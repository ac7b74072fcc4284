//! The management-review input report as a PDF, typeset by typst from the
//! same [`Report`] as the page. The data travels as JSON (`sys.inputs`), every
//! text already in the reader's language; the markup never contains user text.

use askama::Template;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::extract::Ctx;
use super::page::{Chrome, render};
use super::review_report::Report;
use crate::domain::achievement::Achievement;
use crate::domain::progress::Progress;
use crate::domain::review_input::{PlanReview, TreatmentState};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::pdf::{FONT_PACKAGE, PdfError, font_path};

const SOURCE: &str = include_str!("../../templates/review_report.typ");

#[derive(Template)]
#[template(path = "review_pdf_unavailable.html")]
struct UnavailableView {
    t: Tr,
    chrome: Option<Chrome>,
    back: String,
    path: String,
    package: &'static str,
}

pub async fn pdf(ctx: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let report = Report::load(&ctx, raw.as_deref()).await?;
    let data = data(&report).to_string();
    let today = ctx.today;
    let rendered = tokio::task::spawn_blocking(move || crate::pdf::render(SOURCE, data, today))
        .await
        .map_err(|e| AppError::Internal(format!("pdf task: {e}")))?;
    let t = report.t;
    let back = format!("/orgs/{}/review-report?period={}&lang={}", ctx.org.id, report.period, t.lang.code());
    match rendered {
        Ok(bytes) => {
            let disposition = format!("inline; filename=\"ismo-review-input-FY{}.pdf\"", report.period);
            Ok(([(CONTENT_TYPE, "application/pdf".to_string()), (CONTENT_DISPOSITION, disposition)], bytes)
                .into_response())
        }
        Err(PdfError::FontMissing) => {
            let chrome = ctx.chrome(report.period, "review-report").await?;
            let path = font_path().display().to_string();
            let view = UnavailableView { t, chrome: Some(chrome), back, path, package: FONT_PACKAGE };
            render(StatusCode::SERVICE_UNAVAILABLE, &view)
        }
        Err(e) => Err(AppError::Internal(e.to_string())),
    }
}

fn progress_tone(p: Progress) -> &'static str {
    match p {
        Progress::Delayed => "bad",
        Progress::Done => "good",
        _ => "",
    }
}

fn plan_line(r: &Report, p: &PlanReview) -> String {
    let t = &r.t;
    format!("{} {} {}%", p.number, t.t(p.progress.status.label_key()), p.progress.percent)
}

/// Everything the typst source shows, as text in the reader's language.
fn data(r: &Report) -> Value {
    let t = &r.t;
    let input = &r.input;
    let labels = |keys: &[&str]| keys.iter().map(|k| t.t(k)).collect::<Vec<_>>();
    let dash = || "—".to_string();
    let objectives: Vec<Value> = input
        .objectives
        .iter()
        .map(|o| {
            let evaluation = match &o.evaluation {
                Some(e) => {
                    let mut lines = vec![match &e.measured_value {
                        Some(v) => format!("{} · {v}", t.t(e.result.label_key())),
                        None => t.t(e.result.label_key()),
                    }];
                    lines.push(format!("{} {}", e.evaluator, t.date(&e.evaluated_on)));
                    if let Some(next) = &e.next_action {
                        lines.push(format!("{}: {next}", t.t("evaluation-next-action")));
                    }
                    lines
                }
                None => vec![t.t("report-not-evaluated")],
            };
            json!({
                "code": o.objective.code.to_string(),
                "title": o.objective.title,
                "department": o.objective.department.clone().unwrap_or_default(),
                "status": t.t(o.objective.status.label_key()),
                "evaluation": evaluation,
                "progress": format!("{}%", o.progress),
                "achievement": o.achievement.map(|a| format!("{a}%")).unwrap_or_else(dash),
            })
        })
        .collect();
    let plans: Vec<Value> = input
        .objectives
        .iter()
        .flat_map(|o| &o.plans)
        .map(|p| {
            let mut notes: Vec<String> = p.delays.iter().map(|d| r.delay_text(d)).collect();
            if let Some(e) = &p.evaluation {
                notes.push(format!("{}: {}", t.t("evaluation-result"), t.t(e.result.label_key())));
            }
            json!({
                "number": p.number,
                "actions": p.plan.actions.clone().unwrap_or_else(|| t.t("not-set")),
                "responsible": p.plan.responsible_name.clone().unwrap_or_default(),
                "deadline": t.plan_deadline(&p.plan).unwrap_or_default(),
                "status": t.t(p.progress.status.label_key()),
                "percent": format!("{}%", p.progress.percent),
                "tone": progress_tone(p.progress.status),
                "notes": notes,
            })
        })
        .collect();
    let indicators: Vec<Value> = input
        .indicators
        .iter()
        .map(|i| {
            let unit = &i.indicator.unit;
            let latest = match &i.latest {
                Some(m) => vec![m.value_text(unit.as_deref()), t.date(&m.measured_on)],
                None => vec![t.t("report-not-measured")],
            };
            let mut result = match i.achievement {
                Some(a) => vec![t.t(a.label_key())],
                None => vec![dash()],
            };
            if let Some(p) = i.toward {
                result.push(t.ta1("report-toward", "percent", p));
            }
            let frequency = i.indicator.frequency.label_key();
            json!({
                "code": i.objective_code,
                "name": i.indicator.name,
                "how": format!("{} · {}", t.t(i.indicator.direction.label_key()), t.t(frequency)),
                "baseline": i.indicator.baseline.map(|b| r.number(&b, unit)).unwrap_or_else(dash),
                "target": i.indicator.target.map(|v| r.number(&v, unit)).unwrap_or_else(|| t.t("not-set")),
                "latest": latest,
                "result": result,
                "tone": match i.achievement {
                    Some(Achievement::Achieved) => "good",
                    Some(Achievement::NotYet) => "warn",
                    _ => "",
                },
            })
        })
        .collect();
    let risks: Vec<Value> = input
        .risks
        .rows
        .iter()
        .map(|row| {
            let mut option = Vec::new();
            let mut state = vec![t.t(row.state.label_key())];
            if let Some(tr) = &row.treatment {
                option.push(t.t(tr.option.label_key()));
                if !tr.controls.is_empty() {
                    option.push(tr.controls.join(", "));
                }
                if tr.approval_stale {
                    state.push(t.t("approval-stale-short"));
                }
            }
            let plans: Vec<Value> = row
                .plans
                .iter()
                .map(|p| {
                    let reasons: Vec<String> = p.delays.iter().map(|d| r.delay_text(d)).collect();
                    json!({ "line": plan_line(r, p), "reasons": reasons })
                })
                .collect();
            let residual = row.treatment.as_ref().and_then(|tr| tr.target_residual);
            json!({
                "code": row.risk.code,
                "asset": row.risk.asset,
                "threat": row.risk.threat,
                "score": row.risk.score.map(|s| s.to_string()).unwrap_or_else(dash),
                "option": if option.is_empty() { vec![dash()] } else { option },
                "residual": residual.map(|v| v.to_string()).unwrap_or_else(dash),
                "state": state,
                "tone": match row.state {
                    TreatmentState::Untreated => "bad",
                    TreatmentState::Unapproved => "warn",
                    TreatmentState::Approved => "good",
                },
                "plans": plans,
            })
        })
        .collect();
    let rules: Vec<Value> = input
        .findings
        .by_rule
        .iter()
        .map(|(rule, n)| {
            json!({
                "id": rule.id(),
                "title": t.t(&rule.title_key()),
                "severity": t.t(rule.severity().label_key()),
                "count": n,
            })
        })
        .collect();
    let nonconformities: Vec<Value> = input
        .findings
        .nonconformities
        .iter()
        .map(|f| json!({ "rule": f.rule.id(), "record": f.record, "message": r.finding_text(f) }))
        .collect();
    let risk_counts = [
        ("report-risks-assessed", input.risks.assessed, false),
        ("report-risks-needing", input.risks.needing_treatment, false),
        ("report-risks-treated", input.risks.treated, false),
        ("report-risks-approved", input.risks.approved, false),
        ("report-risks-untreated", input.risks.untreated, input.risks.untreated > 0),
    ];
    let counted = |key: &str, n: usize, alert: bool| json!([t.t(key), n.to_string(), alert]);
    let objective_counts: Vec<Value> =
        input.objective_counts.iter().map(|(s, n)| counted(s.label_key(), *n, false)).collect();
    let plan_counts: Vec<Value> = input
        .plan_counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| counted(s.label_key(), *n, *s == Progress::Delayed))
        .collect();
    let risk_counts: Vec<Value> = risk_counts.iter().map(|(k, n, alert)| counted(k, *n, *alert)).collect();
    let findings = &input.findings;
    let findings_total = t.ta2(
        "report-findings-total",
        "nonconformities",
        findings.nonconformities.len(),
        "observations",
        findings.observation_count,
    );
    json!({
        "lang": t.lang.code(),
        "title": t.t("report-title"),
        "clause": t.t("report-clause"),
        "org": r.org_name,
        "meta": [
            [t.t("report-organization"), r.org_name],
            [t.t("period"), r.period_span()],
            [t.t("report-as-of"), t.date(&input.as_of)],
        ],
        "footer": t.ta2("report-footer", "org", &r.org_name, "date", t.date(&input.as_of)),
        "criterion": t.ta1("risk-criterion-line", "criterion", &r.criterion),
        "sections": {
            "objectives": t.t("report-objectives"),
            "plans": t.t("report-plans"),
            "indicators": t.t("report-indicators"),
            "risks": t.t("report-risks"),
            "findings": t.t("report-findings"),
        },
        "labels": {
            "objective_columns": labels(&[
                "col-no", "objective", "objective-status", "evaluation-result", "report-plan-progress",
                "report-achievement",
            ]),
            "plan_columns": labels(&[
                "col-no", "plan-actions", "plan-responsible", "plan-deadline", "plan-status", "report-delay-or-result",
            ]),
            "indicator_columns": labels(&[
                "col-no", "indicator-name", "indicator-baseline", "indicator-target", "report-latest-value",
                "report-indicator-result",
            ]),
            "risk_columns": labels(&[
                "risk-code", "risk-asset", "risk-score", "treatment-option", "treatment-target-residual",
                "report-treatment-state", "report-treatment-plans",
            ]),
            "rule_columns": labels(&["report-rule", "report-rule-title", "report-severity", "report-count"]),
            "nonconformity_columns": labels(&["report-rule", "report-record", "report-finding"]),
            "objectives_none": t.t("report-objectives-none"),
            "objectives_note": t.t("report-objectives-note"),
            "plans_none": t.t("report-plans-none"),
            "indicators_none": t.t("indicators-none"),
            "risks_none": t.t("report-risks-none"),
            "nonconformities": t.t("report-nonconformities"),
            "nonconformities_none": t.t("report-nonconformities-none"),
        },
        "objective_counts": objective_counts,
        "plan_counts": plan_counts,
        "risk_counts": risk_counts,
        "objectives": objectives,
        "plans": plans,
        "indicators": indicators,
        "risks": risks,
        "findings_total": findings_total,
        "rules": rules,
        "nonconformities": nonconformities,
    })
}
