//! Compares the workbook with the stored records and lists what an import
//! would add and change. Records are matched by the `ismo` sheet's ids when
//! the row still shows the number it was exported with, else by objective
//! number / risk id, and plans by their place in their objective.
//!
//! A value is changed only when the cell differs from what the record shows,
//! so an unedited export imports as no change at all. Rows removed from the
//! sheet leave their records as they are: nothing is deleted by an import.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::blocks::Cell;
use super::current::Current;
use super::deadline_reading::deadline_reading;
use super::error::{ImportError, Problems};
use super::parse::{SheetObjective, SheetPlan, SheetRisk, SheetTreatment, SheetWorkbook};
use super::readings;
use crate::domain::evaluation::{EvaluationDraft, EvaluationForm};
use crate::domain::form::FieldErrors;
use crate::domain::import::{
    ImportChanges, ImportedApproval, ObjectiveImport, PlanImport, Reading, TreatmentImport, Upsert,
};
use crate::domain::indicator::{Direction, Indicator, IndicatorDraft, IndicatorForm, format_number};
use crate::domain::indicator_wording::{self, TargetReading};
use crate::domain::input::{InputDraft, InputForm};
use crate::domain::input_date::date_in_text;
use crate::domain::invalid::Invalid;
use crate::domain::month::{MonthCell, MonthState, full_year};
use crate::domain::objective::{ObjectiveDraft, ObjectiveForm, ObjectiveStatus};
use crate::domain::plan::{Plan, PlanDraft, PlanForm, PlanParent};
use crate::domain::risk::{ApprovalImport, Risk, RiskDraft, RiskForm, TreatmentDraft, TreatmentForm};
use crate::domain::risk_method::RiskSettings;
use crate::domain::text;
use crate::i18n::{Lang, Tr};
use crate::xlsx::cells;

/// Who imports what and when: an evaluation read from the sheet is recorded
/// as made by them on that day, an approval as imported by them from the file.
pub struct Importer<'a> {
    pub name: &'a str,
    /// Their account; `None` from the command line (the operator).
    pub user_id: Option<i64>,
    /// An admin of the organization (the operator is): only an admin's
    /// workbook may set the risk method and acceptance criterion.
    pub admin: bool,
    /// The workbook's file name, as the import's record of where approvals came from.
    pub file: &'a str,
    pub today: NaiveDate,
}

struct Planner<'a> {
    book: &'a SheetWorkbook,
    cur: &'a Current,
    settings: RiskSettings,
    who: &'a Importer<'a>,
    p: Problems,
    changes: ImportChanges,
}

/// The changes that importing `book` into the period of `cur` makes, or every
/// problem found.
pub fn plan(
    book: &SheetWorkbook,
    found: Problems,
    cur: &Current,
    who: &Importer,
) -> Result<ImportChanges, Vec<ImportError>> {
    let mut planner = Planner {
        book,
        cur,
        settings: cur.org.risk,
        who,
        p: found,
        changes: ImportChanges { period: book.period.start_year(), ..ImportChanges::default() },
    };
    planner.settings();
    planner.risks();
    planner.objectives();
    planner.treatments();
    let Planner { p, changes, .. } = planner;
    if book.period.last_day() < who.today && !cur.is_empty() && !changes.is_empty() {
        return Err(vec![ImportError::workbook(Invalid::new("invalid-xlsx-period-ended"))]);
    }
    p.finish(changes)
}

/// Both languages' renderings: a cell ismo wrote in either is unedited.
fn renders(f: impl Fn(&Tr) -> String) -> [String; 2] {
    [f(&Tr::new(Lang::Ja)), f(&Tr::new(Lang::En))]
}

impl Planner<'_> {
    /// The workbook's risk method and criterion: taken over by an
    /// organization without risks, refused when they differ from one that
    /// has risks (its scores would not mean the same). They are the
    /// organization's decision: a workbook that would change them is refused
    /// unless an admin imports it.
    fn settings(&mut self) {
        if self.book.risks.is_empty() && self.book.treatments.is_empty() {
            return;
        }
        let own = self.cur.org.risk;
        let sheet = self.book.ids.settings.unwrap_or(RiskSettings {
            method: self.book.method.unwrap_or(own.method),
            criterion: self.book.criterion.unwrap_or(own.criterion),
            ..own
        });
        // Levels written as words or numbers read alike; how they are shown stays the organization's choice.
        let wanted = RiskSettings { level_style: own.level_style, ..sheet };
        if wanted.scores_like(&own) {
            return;
        }
        if !self.who.admin {
            let why = Invalid::new("invalid-xlsx-settings-not-admin")
                .with("sheet_method", wanted.method.as_str())
                .with("sheet_criterion", wanted.criterion);
            self.p.add(&self.book.assessment_sheet, &self.book.criterion_at, why);
            return;
        }
        if self.cur.has_risks {
            let why = Invalid::new("invalid-xlsx-settings-differ")
                .with("sheet_method", wanted.method.as_str())
                .with("sheet_criterion", wanted.criterion)
                .with("own_method", own.method.as_str())
                .with("own_criterion", own.criterion);
            self.p.add(&self.book.assessment_sheet, "", why);
        } else {
            self.settings = wanted;
            self.changes.settings = Some(wanted);
        }
    }

    fn risks(&mut self) {
        let sheet = self.book.assessment_sheet.clone();
        let mut seen = HashSet::new();
        for sr in &self.book.risks {
            if !seen.insert(sr.code.text.clone()) {
                self.p.add(&sheet, &sr.code.at, Invalid::new("invalid-xlsx-duplicate").with("value", &sr.code.text));
                continue;
            }
            let id = self.book.ids.id_at(&sheet, sr.row, "risk", &sr.code.text);
            let existing = self
                .cur
                .risks
                .iter()
                .find(|r| Some(r.id) == id)
                .or_else(|| self.cur.risks.iter().find(|r| r.code == sr.code.text));
            let mut form = existing.map(RiskForm::from_risk).unwrap_or_default();
            form.code = sr.code.text.clone();
            form.asset = sr.asset.text.clone();
            form.asset_owner = sr.asset_owner.text.clone();
            form.threat = sr.threat.text.clone();
            form.vulnerability = sr.vulnerability.text.clone();
            form.existing_controls = sr.existing_controls.text.clone();
            form.inputs = sr.levels.clone();
            let Some(draft) = self.parse_risk(&form, sr) else { continue };
            if !existing.is_some_and(|r| same_risk(r, &draft)) {
                self.changes.readings.extend(readings::levels(&sheet, sr, &self.settings));
            }
            match existing {
                Some(r) if same_risk(r, &draft) => self.changes.unchanged.risks += 1,
                Some(r) => self.changes.risks.push(Upsert::update(r.id, r.version, draft)),
                None => self.changes.risks.push(Upsert::create(draft)),
            }
        }
    }

    fn parse_risk(&mut self, form: &RiskForm, sr: &SheetRisk) -> Option<RiskDraft> {
        match RiskDraft::parse(form, &self.settings) {
            Ok(d) => Some(d),
            Err(e) => {
                let cell_of = |field: &str| match field {
                    "asset" => sr.asset.at.clone(),
                    "asset_owner" => sr.asset_owner.at.clone(),
                    "threat" => sr.threat.at.clone(),
                    "vulnerability" => sr.vulnerability.at.clone(),
                    "existing_controls" => sr.existing_controls.at.clone(),
                    f => sr
                        .level_cells
                        .iter()
                        .find(|(name, _)| *name == f)
                        .map_or(sr.code.at.clone(), |(_, c)| c.clone()),
                };
                self.p.fields(&self.book.assessment_sheet, &e, cell_of);
                None
            }
        }
    }

    fn objectives(&mut self) {
        let sheet = self.book.objectives_sheet.clone();
        let mut seen = HashSet::new();
        for so in &self.book.objectives {
            if !seen.insert(so.code.text.clone()) {
                self.p.add(&sheet, &so.code.at, Invalid::new("invalid-xlsx-duplicate").with("value", &so.code.text));
                continue;
            }
            let id = self.book.ids.id_at(&sheet, so.row, "objective", &so.code.text);
            let existing = self
                .cur
                .objectives
                .iter()
                .find(|o| Some(o.id) == id)
                .or_else(|| self.cur.objectives.iter().find(|o| o.code.as_str() == so.code.text));
            let objective = match existing {
                Some(o) if o.code.as_str() == so.code.text && o.title == so.title.text => None,
                Some(o) => {
                    let links = &self.cur.links;
                    let statements = links.statements.get(&o.id).cloned().unwrap_or_default();
                    let risks = links.risks.get(&o.id).cloned().unwrap_or_default();
                    let mut form = ObjectiveForm::from_objective(o, &statements, &risks);
                    form.code = so.code.text.clone();
                    form.title = so.title.text.clone();
                    self.parse_objective(&form, so).map(|d| Upsert::update(o.id, o.version, d))
                }
                None => {
                    // An objective in the management table is in force: active, not a draft.
                    let form = ObjectiveForm {
                        code: so.code.text.clone(),
                        title: so.title.text.clone(),
                        status: ObjectiveStatus::Active.as_str().into(),
                        ..ObjectiveForm::default()
                    };
                    match self.parse_objective(&form, so) {
                        Some(d) => Some(Upsert::create(d)),
                        None => continue,
                    }
                }
            };
            let id = existing.map(|o| o.id);
            let inputs = self.inputs(so, id);
            let indicators = self.indicators(so, id);
            let stored: Vec<&Plan> = match id {
                Some(id) => self.cur.plans.iter().filter(|p| p.parent == PlanParent::Objective(id)).collect(),
                None => Vec::new(),
            };
            let plans = self.plans(&sheet, &so.plans, &stored);
            if existing.is_some()
                && objective.is_none()
                && inputs.is_empty()
                && indicators.is_empty()
                && plans.is_empty()
            {
                self.changes.unchanged.objectives += 1;
                continue;
            }
            self.changes.objectives.push(ObjectiveImport {
                code: so.code.text.clone(),
                objective,
                id,
                inputs,
                indicators,
                plans,
            });
        }
    }

    fn parse_objective(&mut self, form: &ObjectiveForm, so: &SheetObjective) -> Option<ObjectiveDraft> {
        match ObjectiveDraft::parse(form) {
            Ok(d) => Some(d),
            Err(e) => {
                let cell_of = |f: &str| if f == "title" { so.title.at.clone() } else { so.code.at.clone() };
                self.p.fields(&self.book.objectives_sheet, &e, cell_of);
                None
            }
        }
    }

    /// Inputs, one per line: lines that read as a stored input keep it, new
    /// lines are added, and stored inputs no longer listed are archived.
    fn inputs(&mut self, so: &SheetObjective, objective: Option<i64>) -> Vec<Upsert<InputDraft>> {
        let stored: Vec<_> =
            self.cur.inputs.iter().filter(|i| Some(i.objective_id) == objective && !i.archived).collect();
        let lines = lines(&so.input.text);
        let mut out = Vec::new();
        let mut kept = HashSet::new();
        for line in &lines {
            let same =
                stored.iter().find(|i| !kept.contains(&i.id) && renders(|t| cells::input_line(i, t)).contains(line));
            match same {
                Some(i) => drop(kept.insert(i.id)),
                None => {
                    let occurred_on = date_in_text(line, self.cur.org.fiscal_start_month);
                    let form = InputForm {
                        kind: cells::input_kind(line).as_str().into(),
                        occurred_on: occurred_on.map(|d| d.to_string()).unwrap_or_default(),
                        reference: line.clone(),
                        ..InputForm::default()
                    };
                    match InputDraft::parse(&form) {
                        Ok(d) => {
                            let sheet = &self.book.objectives_sheet;
                            self.changes.readings.extend(readings::input(sheet, &so.input.at, line));
                            out.push(Upsert::create(d));
                        }
                        Err(e) => self.p.fields(&self.book.objectives_sheet, &e, |_| so.input.at.clone()),
                    }
                }
            }
        }
        for i in stored.iter().filter(|i| !kept.contains(&i.id)) {
            let draft =
                InputDraft { kind: i.kind, occurred_on: i.occurred_on, reference: i.reference.clone(), archived: true };
            out.push(Upsert::update(i.id, i.version, draft));
        }
        out
    }

    /// Indicators, one per line, read from the way the line words its
    /// target. A line that reads as a stored indicator keeps it, however it
    /// is worded; a line naming a stored indicator with another target
    /// changes that indicator (its measurements stay with it); other lines
    /// add indicators; stored ones no longer listed are archived.
    fn indicators(&mut self, so: &SheetObjective, objective: Option<i64>) -> Vec<Upsert<IndicatorDraft>> {
        let stored: Vec<_> =
            self.cur.indicators.iter().filter(|i| Some(i.objective_id) == objective && !i.archived).collect();
        let mut out = Vec::new();
        let mut kept = HashSet::new();
        for line in lines(&so.indicators.text) {
            let reading = indicator_wording::read(&line);
            if let Some(i) = stored.iter().find(|i| !kept.contains(&i.id) && same_indicator(i, &reading)) {
                kept.insert(i.id);
                continue;
            }
            self.changes.readings.push(indicator_reading(
                &self.book.objectives_sheet,
                &so.indicators.at,
                &line,
                &reading,
            ));
            let same_name = stored
                .iter()
                .find(|i| !kept.contains(&i.id) && text::normalize(&i.name) == text::normalize(&reading.name));
            let frequency = reading
                .frequency
                .or(same_name.map(|i| i.frequency))
                .unwrap_or_else(|| indicator_wording::default_frequency(reading.direction));
            let form = IndicatorForm {
                name: reading.name.clone(),
                unit: reading.unit.clone().unwrap_or_default(),
                direction: reading.direction.as_str().into(),
                baseline: reading.baseline.map(format_number).unwrap_or_default(),
                target: reading.target.map(format_number).unwrap_or_default(),
                frequency: frequency.as_str().into(),
                target_date: reading.target_date.map(|d| d.to_string()).unwrap_or_default(),
                ..IndicatorForm::default()
            };
            match (IndicatorDraft::parse(&form), same_name) {
                (Ok(d), Some(i)) => {
                    kept.insert(i.id);
                    out.push(Upsert::update(i.id, i.version, d));
                }
                (Ok(d), None) => out.push(Upsert::create(d)),
                (Err(e), _) => self.p.fields(&self.book.objectives_sheet, &e, |_| so.indicators.at.clone()),
            }
        }
        for i in stored.iter().filter(|i| !kept.contains(&i.id)) {
            let mut form = IndicatorForm::from_indicator(i);
            form.archived = "on".into();
            if let Ok(d) = IndicatorDraft::parse(&form) {
                out.push(Upsert::update(i.id, i.version, d));
            }
        }
        out
    }

    /// The plans of one objective or treatment: matched by the `ismo` sheet,
    /// else by their place; only new and changed ones are returned.
    fn plans(&mut self, sheet: &str, plans: &[SheetPlan], stored: &[&Plan]) -> Vec<PlanImport> {
        let mut claimed = HashSet::new();
        let by_id: Vec<Option<&Plan>> = plans
            .iter()
            .map(|sp| {
                let id = self.book.ids.id_at(sheet, sp.row, "plan", &sp.number.text)?;
                let plan = stored.iter().find(|p| p.id == id).copied()?;
                claimed.insert(plan.id);
                Some(plan)
            })
            .collect();
        let mut out = Vec::new();
        for (k, sp) in plans.iter().enumerate() {
            let existing = by_id[k].or_else(|| {
                let p = stored.get(k).copied().filter(|p| !claimed.contains(&p.id))?;
                claimed.insert(p.id);
                Some(p)
            });
            if let Some(import) = self.plan_import(sheet, sp, existing) {
                out.push(import);
            } else {
                self.changes.unchanged.plans += 1;
            }
        }
        out
    }

    fn plan_import(&mut self, sheet: &str, sp: &SheetPlan, existing: Option<&Plan>) -> Option<PlanImport> {
        let deadline = sp.deadline.as_ref().map(|d| d.date().date());
        let deadline_text = sp.deadline.as_ref().and_then(|d| d.words()).map(str::to_string);
        let same = existing.is_some_and(|p| {
            p.actions == sp.actions.opt()
                && p.resources == sp.resources.opt()
                && p.responsible_name == sp.responsible.opt()
                && p.deadline == deadline
                && p.deadline_text == deadline_text
                && p.evaluation_method == sp.evaluation_method.opt()
        });
        let plan = if same {
            None
        } else {
            let mut form = existing.map(PlanForm::from_plan).unwrap_or_default();
            form.actions = sp.actions.text.clone();
            form.resources = sp.resources.text.clone();
            if existing.is_none_or(|p| p.responsible_name != sp.responsible.opt()) {
                form.responsible_user_id = String::new();
                form.responsible_name = sp.responsible.text.clone();
            }
            // The date as read (or the words kept), so the form reads it as the sheet meant it.
            form.deadline = deadline_text.clone().or_else(|| deadline.map(|d| d.to_string())).unwrap_or_default();
            form.evaluation_method = sp.evaluation_method.text.clone();
            match PlanDraft::parse_in(&form, self.book.period) {
                Ok(d) => {
                    // Shown with the plan it is written into; an unchanged plan needs no second look.
                    self.changes.readings.extend(deadline_reading(sheet, sp));
                    Some(match existing {
                        Some(p) => Upsert::update(p.id, p.version, d),
                        None => Upsert::create(d),
                    })
                }
                Err(e) => {
                    self.plan_errors(sheet, sp, &e);
                    return None;
                }
            }
        };
        let months = self.months(sheet, sp, existing);
        let evaluation = self.evaluation(sheet, sp, existing);
        if existing.is_some() && plan.is_none() && months.is_empty() && evaluation.is_none() {
            return None;
        }
        Some(PlanImport {
            number: sp.number.text.clone(),
            plan,
            id: existing.map(|p| p.id),
            months,
            months_stamp: existing.map(|p| self.cur.stamps.get(&p.id).copied().unwrap_or(0)),
            evaluation,
        })
    }

    fn plan_errors(&mut self, sheet: &str, sp: &SheetPlan, e: &FieldErrors) {
        let cell_of = |f: &str| match f {
            "actions" => sp.actions.at.clone(),
            "resources" => sp.resources.at.clone(),
            "responsible_name" => sp.responsible.at.clone(),
            "deadline" => sp.deadline_cell.at.clone(),
            "evaluation_method" => sp.evaluation_method.at.clone(),
            _ => sp.number.at.clone(),
        };
        self.p.fields(sheet, e, cell_of);
    }

    /// The months whose planned text, result or state differ from the stored
    /// cells. The state is read from the result's words (「未実施」 is not
    /// done); a result the words leave in doubt is listed in the preview. An
    /// empty result cell says nothing of a month that has no result stored,
    /// and makes a month whose result was removed planned again.
    fn months(&mut self, sheet: &str, sp: &SheetPlan, existing: Option<&Plan>) -> Vec<MonthCell> {
        let stored = existing.and_then(|p| self.cur.months.get(&p.id)).cloned().unwrap_or_default();
        let period = self.book.period;
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let mut out = Vec::new();
        for ((cell, (planned, written)), at) in
            full_year(&period, &stored).into_iter().zip(&sp.months).zip(&sp.result_at)
        {
            let planned = opt(planned);
            let (result, read) = cells::month_result_parts(written);
            let state = match read {
                Some((state, _)) => state,
                None if cell.result.is_none() => cell.state,
                None => MonthState::Planned,
            };
            if cell.planned == planned && cell.result == result && cell.state == state {
                continue;
            }
            if let Some((state, true)) = read {
                let reading = Reading::new(sheet, at, written, "reading-month")
                    .part("reading-month-of", cell.month)
                    .part_key("month-state", state.label_key())
                    .doubtful();
                self.changes.readings.push(reading);
            }
            out.push(MonthCell { month: cell.month, planned, result, state });
        }
        out
    }

    fn evaluation(
        &mut self,
        sheet: &str,
        sp: &SheetPlan,
        existing: Option<&Plan>,
    ) -> Option<(Option<i64>, EvaluationDraft)> {
        if sp.evaluation.text.is_empty() {
            return None;
        }
        let stored =
            existing.and_then(|p| self.cur.evaluations.iter().find(|e| e.record_type == "plan" && e.record_id == p.id));
        if let Some(e) = stored
            && renders(|t| cells::evaluation_text(e, t)).contains(&sp.evaluation.text)
        {
            return None;
        }
        let Some((result, measured)) = cells::evaluation_parts(&sp.evaluation.text) else {
            self.p.add(sheet, &sp.evaluation.at, Invalid::new("invalid-xlsx-evaluation"));
            return None;
        };
        if stored.is_some_and(|e| e.result == result && e.measured_value == measured) {
            return None;
        }
        let mut form = stored.map(EvaluationForm::from_evaluation).unwrap_or_else(|| EvaluationForm {
            evaluator: self.who.name.to_string(),
            evaluated_on: self.who.today.to_string(),
            ..EvaluationForm::default()
        });
        form.result = result.as_str().into();
        form.measured_value = measured.unwrap_or_default();
        match EvaluationDraft::parse(&form) {
            Ok(d) => {
                self.changes.readings.extend(readings::evaluation(sheet, &sp.evaluation));
                Some((stored.map(|e| e.version), d))
            }
            Err(e) => {
                self.p.fields(sheet, &e, |_| sp.evaluation.at.clone());
                None
            }
        }
    }

    fn treatments(&mut self) {
        let sheet = self.book.treatments_sheet.clone();
        let mut seen = HashSet::new();
        for st in &self.book.treatments {
            if !seen.insert(st.risk_code.text.clone()) {
                let why = Invalid::new("invalid-xlsx-duplicate").with("value", &st.risk_code.text);
                self.p.add(&sheet, &st.risk_code.at, why);
                continue;
            }
            let stored_risk = self.cur.risks.iter().find(|r| r.code == st.risk_code.text);
            let in_sheet = self.book.risks.iter().any(|r| r.code.text == st.risk_code.text);
            if stored_risk.is_none() && !in_sheet && !self.risk_from_treatment(st) {
                continue;
            }
            let stored = stored_risk.and_then(|r| self.cur.treatments.iter().find(|t| t.risk_id == r.id));
            let Some(draft) = self.parse_treatment(st) else { continue };
            let treatment = match stored {
                Some(t)
                    if t.option == draft.option
                        && t.controls == draft.controls
                        && t.input == draft.input
                        && t.target_residual == draft.target_residual =>
                {
                    None
                }
                Some(t) => Some((Some(t.version), draft)),
                None => Some((None, draft)),
            };
            if treatment.is_some() {
                self.changes.readings.extend(readings::option(&sheet, &st.option));
            }
            let approval = self.approval(&sheet, st, stored);
            let plans: Vec<&Plan> = match stored {
                Some(t) => self.cur.plans.iter().filter(|p| p.parent == PlanParent::Treatment(t.id)).collect(),
                None => Vec::new(),
            };
            let plans = self.plans(&sheet, &st.plans, &plans);
            if treatment.is_none() && approval.is_none() && plans.is_empty() {
                self.changes.unchanged.treatments += 1;
                continue;
            }
            self.changes.treatments.push(TreatmentImport {
                risk_code: st.risk_code.text.clone(),
                treatment,
                approval,
                plans,
            });
        }
    }

    /// A risk named only on the treatment sheet is added from its columns there.
    fn risk_from_treatment(&mut self, st: &SheetTreatment) -> bool {
        let form = RiskForm {
            code: st.risk_code.text.clone(),
            asset: st.asset.text.clone(),
            threat: st.threat.text.clone(),
            vulnerability: st.vulnerability.text.clone(),
            ..RiskForm::default()
        };
        match RiskDraft::parse(&form, &self.settings) {
            Ok(d) => {
                self.changes.risks.push(Upsert::create(d));
                true
            }
            Err(e) => {
                let cell_of = |f: &str| match f {
                    "asset" => st.asset.at.clone(),
                    "threat" => st.threat.at.clone(),
                    "vulnerability" => st.vulnerability.at.clone(),
                    _ => st.risk_code.at.clone(),
                };
                self.p.fields(&self.book.treatments_sheet, &e, cell_of);
                false
            }
        }
    }

    fn parse_treatment(&mut self, st: &SheetTreatment) -> Option<TreatmentDraft> {
        let sheet = &self.book.treatments_sheet;
        let option = match cells::treatment_option(&st.option.text) {
            Some((o, _)) => o.as_str().to_string(),
            None if st.option.text.is_empty() => String::new(),
            None => {
                self.p.add(sheet, &st.option.at, Invalid::new("invalid-xlsx-option").with("value", &st.option.text));
                return None;
            }
        };
        let form = TreatmentForm {
            option,
            controls: st.controls.text.clone(),
            input: st.input.text.clone(),
            target_residual: text::normalize(&st.residual.text),
            version: String::new(),
        };
        match TreatmentDraft::parse(&form, &self.settings) {
            Ok(d) => Some(d),
            Err(e) => {
                let cell_of = |f: &str| match f {
                    "option" => st.option.at.clone(),
                    "controls" => st.controls.at.clone(),
                    "input" => st.input.at.clone(),
                    "target_residual" => st.residual.at.clone(),
                    _ => st.risk_code.at.clone(),
                };
                self.p.fields(sheet, &e, cell_of);
                None
            }
        }
    }

    fn approval(
        &mut self,
        sheet: &str,
        st: &SheetTreatment,
        stored: Option<&crate::domain::risk::Treatment>,
    ) -> Option<ImportedApproval> {
        let cell: &Cell = &st.approval;
        if cell.text.is_empty() {
            return None;
        }
        let current = stored.and_then(|t| t.plan_approval.as_ref());
        if let Some(a) = current
            && renders(|t| cells::approval_text(a, t)).contains(&cell.text)
        {
            return None;
        }
        match cells::approval_parts(&cell.text) {
            // The same approval written another way (`2025/7/1` for `2025/07/01`).
            Some((by, on)) if current.is_some_and(|a| a.by == by && a.at.starts_with(&on.to_string())) => None,
            Some((by, on)) => Some(ImportedApproval {
                by,
                on,
                source: ApprovalImport {
                    by: self.who.name.to_string(),
                    by_user_id: self.who.user_id,
                    file: self.who.file.to_string(),
                    on: self.who.today,
                },
            }),
            None => {
                self.p.add(sheet, &cell.at, Invalid::new("invalid-xlsx-approval"));
                None
            }
        }
    }
}

/// The lines of a multi-line cell, blank ones dropped.
fn lines(cell: &str) -> Vec<String> {
    cell.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Whether a line reads as the stored indicator: the same name and target,
/// and the same frequency where the line says one.
fn same_indicator(i: &Indicator, r: &TargetReading) -> bool {
    let same_name = text::normalize(&i.name) == text::normalize(&r.name);
    // A line without a target is the name alone: the rest is not in the sheet.
    if r.target.is_none() {
        return same_name && i.target.is_none();
    }
    same_name
        && i.target == r.target
        && i.unit == r.unit
        && i.direction == r.direction
        && i.baseline == r.baseline
        && i.target_date == r.target_date
        && r.frequency.is_none_or(|f| f == i.frequency)
}

/// How an indicator's line was read, for the preview; a line with no target
/// that can be judged is doubtful (it is imported as words, and the check
/// raises an observation for it).
fn indicator_reading(sheet: &str, cell: &str, line: &str, r: &TargetReading) -> Reading {
    let reading = Reading::new(sheet, cell, line, "reading-indicator").part("indicator-name", &r.name);
    let Some(target) = r.target else {
        return reading.part_key("indicator-target", "reading-no-target").doubtful();
    };
    let mut reading = if r.direction == Direction::Milestone {
        reading.part("indicator-target-date", r.target_date.map(|d| d.to_string()).unwrap_or_default())
    } else {
        let unit = r.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        reading.part("indicator-target", format!("{}{unit}", format_number(target)))
    };
    reading = reading.part_key("indicator-direction", r.direction.label_key());
    if let Some(b) = r.baseline {
        reading = reading.part("indicator-baseline", format_number(b));
    }
    if let Some(f) = r.frequency {
        reading = reading.part_key("indicator-frequency", f.label_key());
    }
    reading
}

/// Whether the sheet's columns of a risk are as stored.
fn same_risk(r: &Risk, d: &RiskDraft) -> bool {
    r.code == d.code
        && r.asset == d.asset
        && r.asset_owner == d.asset_owner
        && r.threat == d.threat
        && r.vulnerability == d.vulnerability
        && r.existing_controls == d.existing_controls
        && r.inputs == d.inputs
}
