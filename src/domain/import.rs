//! What an import will do: the records a workbook adds and changes in one
//! period, computed before anything is written (and shown as the preview),
//! then applied by the store in one transaction.
//!
//! Only what differs from the stored records is listed; a record the workbook
//! names but did not change does not appear, so importing an unedited export
//! changes nothing.

use chrono::NaiveDate;

use super::evaluation::EvaluationDraft;
use super::indicator::IndicatorDraft;
use super::input::InputDraft;
use super::month::MonthCell;
use super::objective::ObjectiveDraft;
use super::plan::PlanDraft;
use super::risk::{ApprovalImport, RiskDraft, TreatmentDraft};
use super::risk_method::RiskSettings;

/// A record to create (`id: None`) or to change from the version that was
/// read when the import was planned.
#[derive(Debug, Clone, PartialEq)]
pub struct Upsert<D> {
    pub id: Option<i64>,
    pub version: i64,
    pub draft: D,
}

impl<D> Upsert<D> {
    pub fn create(draft: D) -> Self {
        Upsert { id: None, version: 0, draft }
    }

    pub fn update(id: i64, version: i64, draft: D) -> Self {
        Upsert { id: Some(id), version, draft }
    }
}

/// A plan of an objective or a treatment: its own fields when they changed,
/// the months that changed, and its evaluation when that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanImport {
    /// The sheet's number (`1-2`), for the preview and for errors.
    pub number: String,
    /// The plan, when it is new or its fields changed; `None` with `id` set
    /// when only its months or evaluation changed.
    pub plan: Option<Upsert<PlanDraft>>,
    pub id: Option<i64>,
    /// The cells whose planned or result text changed.
    pub months: Vec<MonthCell>,
    /// The months' stamp when the plan was read (see `Store::months_stamp`).
    pub months_stamp: Option<i64>,
    /// The evaluation and the version it replaces (`None` for a first one).
    pub evaluation: Option<(Option<i64>, EvaluationDraft)>,
}

impl PlanImport {
    pub fn is_new(&self) -> bool {
        self.id.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveImport {
    pub code: String,
    /// `Some` when new or changed; `id` alone when only its contents changed.
    pub objective: Option<Upsert<ObjectiveDraft>>,
    pub id: Option<i64>,
    pub inputs: Vec<Upsert<InputDraft>>,
    pub indicators: Vec<Upsert<IndicatorDraft>>,
    pub plans: Vec<PlanImport>,
}

/// The risk owner's approval as the sheet records it: a name and a date,
/// and who brought it in from which file (it is theirs to vouch for, not
/// the owner's, unless they are the owner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedApproval {
    pub by: String,
    pub on: NaiveDate,
    pub source: ApprovalImport,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TreatmentImport {
    /// The risk it treats, by code (the risk may be new in the same import).
    pub risk_code: String,
    /// `None` when unchanged; `Some(expected version)` of the stored treatment
    /// (`None` inside for a new one) with the draft otherwise.
    pub treatment: Option<(Option<i64>, TreatmentDraft)>,
    /// A new or changed approval (plan and residual risk).
    pub approval: Option<ImportedApproval>,
    pub plans: Vec<PlanImport>,
}

/// Everything an import writes, in the order the store applies it: settings,
/// risks, objectives, treatments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportChanges {
    pub period: i32,
    /// The workbook's risk method and criterion, for an organization that has
    /// no risks yet (otherwise a different method is refused while planning).
    pub settings: Option<RiskSettings>,
    pub risks: Vec<Upsert<RiskDraft>>,
    pub objectives: Vec<ObjectiveImport>,
    pub treatments: Vec<TreatmentImport>,
    /// Records the workbook names that stay as they are, by kind.
    pub unchanged: Counts,
    /// How the sheet's wording was read where it took interpreting, in the
    /// order of the sheet, so a person can check it before confirming.
    pub readings: Vec<Reading>,
}

/// How the words of one cell (or one line of it) were read: `4件以下` as an
/// indicator's target, `一部遅れ` as a month partly done. Shown in the
/// preview, because a misreading is cheap to correct in the sheet before the
/// import and costly after.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The sheet's name as the workbook has it.
    pub sheet: String,
    /// `D5`.
    pub cell: String,
    /// The words as the sheet has them.
    pub text: String,
    /// The catalog key of what the words were read as (`reading-indicator`).
    pub what: &'static str,
    /// The reading, as labelled values.
    pub parts: Vec<ReadPart>,
    /// The words could be read more than one way, or not at all: ismo chose
    /// the cautious reading (or kept the words as text), and a person should look.
    pub doubtful: bool,
}

/// One labelled value of a reading: `target: 4`, `direction: at most`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadPart {
    /// The catalog key of the label.
    pub label: &'static str,
    /// The value: as is, or a catalog key when `translate` is set.
    pub value: String,
    pub translate: bool,
}

impl Reading {
    pub fn new(sheet: &str, cell: &str, text: &str, what: &'static str) -> Self {
        Reading {
            sheet: sheet.to_string(),
            cell: cell.to_string(),
            text: text.to_string(),
            what,
            parts: Vec::new(),
            doubtful: false,
        }
    }

    /// A value shown as it is (a name, a number, a date).
    pub fn part(mut self, label: &'static str, value: impl ToString) -> Self {
        self.parts.push(ReadPart { label, value: value.to_string(), translate: false });
        self
    }

    /// A value that is itself a catalog key (`direction-lower`), said in the reader's language.
    pub fn part_key(mut self, label: &'static str, key: &str) -> Self {
        self.parts.push(ReadPart { label, value: key.to_string(), translate: true });
        self
    }

    pub fn doubtful(mut self) -> Self {
        self.doubtful = true;
        self
    }
}

/// How many records of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub objectives: usize,
    pub plans: usize,
    pub risks: usize,
    pub treatments: usize,
}

/// The preview's figures: added, changed, unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub added: Counts,
    pub changed: Counts,
    pub unchanged: Counts,
}

impl ImportChanges {
    pub fn summary(&self) -> Summary {
        let mut s = Summary { unchanged: self.unchanged, ..Summary::default() };
        let plan = |p: &PlanImport, s: &mut Summary| {
            if p.is_new() {
                s.added.plans += 1;
            } else {
                s.changed.plans += 1;
            }
        };
        for r in &self.risks {
            if r.id.is_none() { s.added.risks += 1 } else { s.changed.risks += 1 }
        }
        for o in &self.objectives {
            if o.id.is_none() {
                s.added.objectives += 1
            } else {
                s.changed.objectives += 1
            }
            o.plans.iter().for_each(|p| plan(p, &mut s));
        }
        for t in &self.treatments {
            match &t.treatment {
                Some((None, _)) => s.added.treatments += 1,
                _ => s.changed.treatments += 1,
            }
            t.plans.iter().for_each(|p| plan(p, &mut s));
        }
        s
    }

    /// The records applying goes through one by one (for a progress bar).
    pub fn steps(&self) -> u64 {
        (self.risks.len() + self.objectives.len() + self.treatments.len()) as u64
    }

    /// Whether applying would write anything at all.
    pub fn is_empty(&self) -> bool {
        self.settings.is_none() && self.risks.is_empty() && self.objectives.is_empty() && self.treatments.is_empty()
    }
}
