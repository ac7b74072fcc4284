//! Risks of the risk assessment (6.1.2) and their treatment (6.1.3).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::code::Code;
use super::controls::{ControlRef, parse_controls};
use super::form::{FieldErrors, optional_id};
use super::invalid::Invalid;
use super::policy::optional_date;
use super::risk_method::{RiskInputs, RiskInputsForm, RiskSettings, needs_treatment, score};
use super::text;
use super::text_enum;
use super::vocabulary::TREATMENT_OPTIONS;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    pub id: i64,
    pub period: i32,
    pub code: String,
    pub asset: String,
    pub asset_owner: Option<String>,
    pub threat: String,
    pub vulnerability: String,
    pub existing_controls: Option<String>,
    pub inputs: RiskInputs,
    /// Computed by the organization's method; kept so lists sort by it.
    pub score: Option<u32>,
    pub needs_treatment: bool,
    pub risk_owner_user_id: Option<i64>,
    pub risk_owner: Option<String>,
    pub assessed_on: Option<NaiveDate>,
    pub archived: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RiskForm {
    pub code: String,
    pub asset: String,
    pub asset_owner: String,
    pub threat: String,
    pub vulnerability: String,
    pub existing_controls: String,
    #[serde(flatten)]
    pub inputs: RiskInputsForm,
    pub risk_owner_user_id: String,
    pub risk_owner: String,
    pub assessed_on: String,
    pub archived: String,
    /// The period a new risk goes into (a hidden field; ignored on edit).
    pub period: String,
    pub version: String,
}

impl RiskForm {
    /// The form of a stored risk, as an edit starts from it.
    pub fn from_risk(r: &Risk) -> RiskForm {
        RiskForm {
            code: r.code.clone(),
            asset: r.asset.clone(),
            asset_owner: r.asset_owner.clone().unwrap_or_default(),
            threat: r.threat.clone(),
            vulnerability: r.vulnerability.clone(),
            existing_controls: r.existing_controls.clone().unwrap_or_default(),
            inputs: RiskInputsForm::from_inputs(&r.inputs),
            risk_owner_user_id: r.risk_owner_user_id.map(|i| i.to_string()).unwrap_or_default(),
            risk_owner: if r.risk_owner_user_id.is_some() {
                String::new()
            } else {
                r.risk_owner.clone().unwrap_or_default()
            },
            assessed_on: r.assessed_on.map(|d| d.to_string()).unwrap_or_default(),
            archived: if r.archived { "on".into() } else { String::new() },
            period: r.period.to_string(),
            version: r.version.to_string(),
        }
    }
}

/// A risk that passed validation, with its score computed by the settings.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskDraft {
    pub code: String,
    pub asset: String,
    pub asset_owner: Option<String>,
    pub threat: String,
    pub vulnerability: String,
    pub existing_controls: Option<String>,
    pub inputs: RiskInputs,
    pub score: Option<u32>,
    pub needs_treatment: bool,
    pub risk_owner_user_id: Option<i64>,
    pub risk_owner: Option<String>,
    pub assessed_on: Option<NaiveDate>,
    pub archived: bool,
}

impl RiskDraft {
    pub fn parse(form: &RiskForm, settings: &RiskSettings) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = e.take("code", Code::parse(&form.code).map(|c| c.to_string()));
        let asset = e.take("asset", text::required(&form.asset, 300));
        let asset_owner = e.take("asset_owner", text::optional(&form.asset_owner, 200));
        let threat = e.take("threat", text::required(&form.threat, 300));
        let vulnerability = e.take("vulnerability", text::required(&form.vulnerability, 300));
        let existing_controls = e.take("existing_controls", text::optional(&form.existing_controls, 1000));
        let inputs = match form.inputs.parse(settings) {
            Ok(inputs) => inputs,
            Err(errors) => {
                for field in errors.fields() {
                    if let Some(why) = errors.get(field) {
                        e.add(field, why.clone());
                    }
                }
                RiskInputs::default()
            }
        };
        let risk_owner_user_id = e.take("risk_owner_user_id", optional_id(&form.risk_owner_user_id));
        let risk_owner = e.take("risk_owner", text::optional(&form.risk_owner, 200));
        let assessed_on = e.take("assessed_on", optional_date(&form.assessed_on));
        let score = score(settings, &inputs);
        e.finish(RiskDraft {
            code,
            asset,
            asset_owner,
            threat,
            vulnerability,
            existing_controls,
            needs_treatment: score.is_some_and(|s| needs_treatment(settings, s)),
            score,
            inputs,
            risk_owner_user_id,
            risk_owner,
            assessed_on,
            archived: !form.archived.is_empty(),
        })
    }
}

text_enum!(
    /// 対応方針: reduce 低減, avoid 回避, transfer/share 移転・共有, accept/retain 受容・保有.
    TreatmentOption, "treatment-option", {
        Reduce => "reduce",
        Avoid => "avoid",
        Transfer => "transfer",
        Accept => "accept",
    }
);

/// Who approved what, and when (6.1.3 f).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approval {
    pub by: String,
    pub at: String,
}

/// Where an approval read from a workbook came from. The sheet's name and
/// date stay the approval's; this says that a person imported them, so the
/// approval is evidence to confirm rather than the risk owner's own act —
/// unless the one who imported it is the risk owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApprovalImport {
    /// The importer's name as ismo shows it.
    pub by: String,
    /// The importer's account (none from the command line).
    pub by_user_id: Option<i64>,
    /// The workbook's file name.
    pub file: String,
    pub on: NaiveDate,
}

impl ApprovalImport {
    /// Whether the importer is the risk's owner, whose approval it then is.
    pub fn by_owner_of(&self, risk: &Risk) -> bool {
        self.by_user_id.is_some() && self.by_user_id == risk.risk_owner_user_id
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Treatment {
    pub id: i64,
    pub risk_id: i64,
    pub option: TreatmentOption,
    /// Normalized control ids (Annex A or the organization's own).
    pub controls: Vec<String>,
    pub input: Option<String>,
    pub target_residual: Option<u32>,
    pub plan_approval: Option<Approval>,
    pub residual_approval: Option<Approval>,
    /// The treatment changed after it was approved: approve again.
    pub approval_stale: bool,
    /// Set when the approvals were read from a workbook, until the risk owner approves in ismo.
    pub imported_approval: Option<ApprovalImport>,
    pub version: i64,
}

impl Treatment {
    /// Approved, and not changed since.
    pub fn approved(&self) -> bool {
        self.plan_approval.is_some() && self.residual_approval.is_some() && !self.approval_stale
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TreatmentForm {
    pub option: String,
    pub controls: String,
    pub input: String,
    pub target_residual: String,
    pub version: String,
}

impl TreatmentForm {
    pub fn from_treatment(t: &Treatment) -> Self {
        TreatmentForm {
            option: t.option.as_str().into(),
            controls: t.controls.join(", "),
            input: t.input.clone().unwrap_or_default(),
            target_residual: t.target_residual.map(|v| v.to_string()).unwrap_or_default(),
            version: t.version.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TreatmentDraft {
    pub option: TreatmentOption,
    pub controls: Vec<String>,
    pub input: Option<String>,
    pub target_residual: Option<u32>,
}

impl TreatmentDraft {
    pub fn parse(form: &TreatmentForm, settings: &RiskSettings) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        // The stored name, as the form's choices send it, or a word as the sheet writes it (軽減, Mitigate).
        let option =
            TreatmentOption::parse(&form.option).or_else(|why| TREATMENT_OPTIONS.whole(&form.option).ok_or(why));
        let option = e.take("option", option);
        let controls: Vec<ControlRef> = e.take("controls", parse_controls(&form.controls));
        let input = e.take("input", text::optional(&form.input, 500));
        let target_residual = e.take("target_residual", residual(&form.target_residual, settings));
        e.finish(TreatmentDraft {
            option,
            controls: controls.iter().map(|c| c.id().to_string()).collect(),
            input,
            target_residual,
        })
    }
}

/// A target residual score within the method's range; blank is none.
fn residual(raw: &str, settings: &RiskSettings) -> Result<Option<u32>, Invalid> {
    let raw = text::normalize(raw);
    if raw.is_empty() {
        return Ok(None);
    }
    let max = super::risk_method::max_score(settings);
    match raw.parse::<u32>() {
        Ok(v) if (1..=max).contains(&v) => Ok(Some(v)),
        _ => Err(Invalid::new("invalid-residual").with("value", raw).with("max", max)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_treatment_option_can_be_typed_as_the_sheet_writes_it() {
        let option = |raw: &str| {
            let form = TreatmentForm { option: raw.into(), ..TreatmentForm::default() };
            TreatmentDraft::parse(&form, &RiskSettings::default()).map(|d| d.option)
        };
        assert_eq!(option("transfer"), Ok(TreatmentOption::Transfer));
        assert_eq!(option("軽減"), Ok(TreatmentOption::Reduce));
        assert_eq!(option("Mitigate"), Ok(TreatmentOption::Reduce));
        assert_eq!(option("保有（残留リスク小）"), Ok(TreatmentOption::Accept));
        for refused in ["", "低減・移転", "放置"] {
            assert!(option(refused).unwrap_err().get("option").is_some(), "{refused}");
        }
    }
}
