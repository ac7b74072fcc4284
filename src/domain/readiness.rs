//! The audit readiness check: what an auditor would find missing, by the
//! rules of domain.md's table, over one organization's records of a period
//! as of a day. Pure: the caller gathers [`Facts`]; nothing here reads or
//! writes anything.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::communication::Communication;
use super::indicator::{Frequency, Indicator};
use super::input::Input;
use super::measurement::Measurement;
use super::month::MonthCell;
use super::objective::{Objective, ObjectiveStatus};
use super::organization::Organization;
use super::period::Period;
use super::plan::{Plan, PlanParent, PlanStatus};
use super::progress::{DelayReason, plan_progress};
use super::requirement::Requirement;
use super::review::Review;
use super::risk::{Risk, Treatment};
use super::year_month::YearMonth;

/// The rules of the table, with their ids exactly as domain.md writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    PolicyLink,
    Measurable,
    TargetWording,
    Grounds,
    Communicated,
    Reviewed,
    PlanItems,
    /// Not in domain.md's table: a deadline kept as words (`通年`) where (i)
    /// asks for a date. Weak practice, not an unmet "shall": the period's end
    /// stands in for it.
    DeadlineWords,
    MinimumObjective,
    Treat,
    Approve,
    Late,
    Measure,
}

impl Rule {
    pub const ALL: [Rule; 13] = [
        Rule::PolicyLink,
        Rule::Measurable,
        Rule::TargetWording,
        Rule::Grounds,
        Rule::Communicated,
        Rule::Reviewed,
        Rule::PlanItems,
        Rule::DeadlineWords,
        Rule::MinimumObjective,
        Rule::Treat,
        Rule::Approve,
        Rule::Late,
        Rule::Measure,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::PolicyLink => "6.2-a",
            Rule::Measurable => "6.2-b",
            Rule::TargetWording => "6.2-b-target",
            Rule::Grounds => "6.2-c",
            Rule::Communicated => "6.2-d",
            Rule::Reviewed => "6.2-e",
            Rule::PlanItems => "6.2-f..j",
            Rule::DeadlineWords => "6.2-i-date",
            Rule::MinimumObjective => "6.2-min",
            Rule::Treat => "6.1.3-treat",
            Rule::Approve => "6.1.3-approve",
            Rule::Late => "progress-late",
            Rule::Measure => "9.1-measure",
        }
    }

    /// `nonconformity` where the standard's "shall" is unmet, `observation`
    /// for weak practice (late work, a missed measurement, an old review).
    pub fn severity(self) -> Severity {
        match self {
            Rule::TargetWording | Rule::Reviewed | Rule::DeadlineWords | Rule::Late | Rule::Measure => {
                Severity::Observation
            }
            _ => Severity::Nonconformity,
        }
    }

    /// The catalog key of the rule's one-line title.
    pub fn title_key(self) -> String {
        format!("rule-{}", self.slug())
    }

    /// The id as a catalog key and URL part (`6.2-f..j` → `6-2-f-j`).
    pub fn slug(self) -> String {
        self.id().replace("..", "-").replace('.', "-")
    }

    pub fn parse(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id || r.slug() == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Nonconformity,
    Observation,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Nonconformity => "nonconformity",
            Severity::Observation => "observation",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Severity::Nonconformity => "severity-nonconformity",
            Severity::Observation => "severity-observation",
        }
    }
}

/// The record a finding is about, for links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Organization,
    Objective(i64),
    Plan(i64),
    Risk(i64),
    Indicator(i64),
}

/// One thing an auditor would find missing. `message` is a catalog key with
/// its arguments, so it is said in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub subject: Subject,
    /// The record as people name it: `1`, `2-2`, `R-004`, or the organization's name.
    pub record: String,
    pub message: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// A month or a date in a message, formatted by the reader's language.
pub const MONTH_ARG: &str = "month";
pub const DATE_ARG: &str = "date";

/// Everything the rules look at, for one organization and period.
#[derive(Debug, Clone)]
pub struct Facts {
    pub org: Organization,
    pub period: Option<Period>,
    pub objectives: Vec<Objective>,
    /// The day each objective last changed (its `updated_at`).
    pub changed_on: HashMap<i64, NaiveDate>,
    pub statement_links: HashMap<i64, Vec<i64>>,
    pub risk_links: HashMap<i64, Vec<i64>>,
    pub inputs: Vec<Input>,
    pub requirements: Vec<Requirement>,
    pub indicators: Vec<Indicator>,
    pub measurements: Vec<Measurement>,
    pub communications: Vec<Communication>,
    pub reviews: Vec<Review>,
    /// The plans of objectives and of treatments.
    pub plans: Vec<Plan>,
    pub months: HashMap<i64, Vec<MonthCell>>,
    pub risks: Vec<Risk>,
    pub treatments: Vec<Treatment>,
}

/// The facts' records by the record they belong to, made once per check so
/// that no rule scans every record for each objective or plan (an
/// organization of 10,000 plans would take seconds).
pub struct Index<'a> {
    objectives: HashMap<i64, &'a Objective>,
    risks: HashMap<i64, &'a Risk>,
    treatments: HashMap<i64, &'a Treatment>,
    /// By objective.
    indicators: HashMap<i64, Vec<&'a Indicator>>,
    communications: HashMap<i64, Vec<&'a Communication>>,
    reviews: HashMap<i64, Vec<&'a Review>>,
    /// Objectives with a live input or requirement.
    grounded: HashSet<i64>,
    /// The days each indicator was measured.
    measured: HashMap<i64, Vec<NaiveDate>>,
}

impl<'a> Index<'a> {
    pub fn new(f: &'a Facts) -> Index<'a> {
        fn by<T>(items: &[T], key: impl Fn(&T) -> i64) -> HashMap<i64, Vec<&T>> {
            let mut map: HashMap<i64, Vec<&T>> = HashMap::new();
            for item in items {
                map.entry(key(item)).or_default().push(item);
            }
            map
        }
        let mut measured: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
        for m in &f.measurements {
            measured.entry(m.indicator_id).or_default().push(m.measured_on);
        }
        Index {
            objectives: f.objectives.iter().map(|o| (o.id, o)).collect(),
            risks: f.risks.iter().map(|r| (r.id, r)).collect(),
            treatments: f.treatments.iter().map(|t| (t.id, t)).collect(),
            indicators: by(&f.indicators, |i| i.objective_id),
            communications: by(&f.communications, |c| c.objective_id),
            reviews: by(&f.reviews, |r| r.objective_id),
            grounded: f
                .inputs
                .iter()
                .filter(|i| !i.archived)
                .map(|i| i.objective_id)
                .chain(f.requirements.iter().filter(|r| !r.archived).map(|r| r.objective_id))
                .collect(),
            measured,
        }
    }

    /// A plan's number as the sheet shows it: `2-2`, `R-001`, `R-001-2`.
    pub fn plan_number(&self, p: &Plan) -> String {
        let parent = match p.parent {
            PlanParent::Objective(id) => self.objectives.get(&id).map(|o| o.code.to_string()),
            PlanParent::Treatment(id) => {
                self.treatments.get(&id).and_then(|t| self.risks.get(&t.risk_id)).map(|r| r.code.clone())
            }
        };
        p.number(&parent.unwrap_or_default())
    }
}

impl Index<'_> {
    /// The objective's live and archived indicators.
    pub fn indicators_of(&self, objective: i64) -> impl Iterator<Item = &Indicator> + '_ {
        self.indicators.get(&objective).into_iter().flatten().copied()
    }

    pub fn objective(&self, id: i64) -> Option<&Objective> {
        self.objectives.get(&id).copied()
    }
}

/// Every finding, in the table's order, then by record.
pub fn check(f: &Facts, as_of: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    let index = Index::new(f);
    let objectives: Vec<&Objective> = f.objectives.iter().filter(|o| o.status != ObjectiveStatus::Withdrawn).collect();
    for o in &objectives {
        objective_rules(f, &index, o, as_of, &mut out);
    }
    plan_rules(f, &index, as_of, &mut out);
    let current = f.period.is_some_and(|p| p.contains(as_of));
    if current && !f.objectives.iter().any(|o| o.status == ObjectiveStatus::Active) {
        out.push(finding(Rule::MinimumObjective, Subject::Organization, &f.org.name, "finding-6-2-min", vec![]));
    }
    risk_rules(f, &mut out);
    measure_rules(f, &index, as_of, &mut out);
    out.sort_by_key(|x| x.rule);
    out
}

fn finding(
    rule: Rule,
    subject: Subject,
    record: &str,
    message: &'static str,
    args: Vec<(&'static str, String)>,
) -> Finding {
    Finding { rule, severity: rule.severity(), subject, record: record.to_string(), message, args }
}

fn objective_rules(f: &Facts, index: &Index, o: &Objective, as_of: NaiveDate, out: &mut Vec<Finding>) {
    let code = o.code.as_str();
    let subject = Subject::Objective(o.id);
    let active = o.status == ObjectiveStatus::Active;
    let linked = |links: &HashMap<i64, Vec<i64>>| links.get(&o.id).is_some_and(|l| !l.is_empty());
    if active && !linked(&f.statement_links) {
        out.push(finding(Rule::PolicyLink, subject, code, "finding-6-2-a", vec![]));
    }
    // An indicator whose target is only words (「意識を高める」) makes the
    // objective measurable as far as a rule can tell: a person judges the
    // words, and the check asks them to (an observation, not a nonconformity).
    let indicators = index.indicators.get(&o.id).into_iter().flatten().filter(|i| !i.archived);
    if indicators.clone().next().is_none() && o.unmeasurable_reason.is_none() {
        out.push(finding(Rule::Measurable, subject, code, "finding-6-2-b", vec![]));
    }
    for i in indicators.filter(|i| i.target.is_none()) {
        let args = vec![("indicator", i.name.clone())];
        out.push(finding(Rule::TargetWording, Subject::Indicator(i.id), code, "finding-6-2-b-target", args));
    }
    if !index.grounded.contains(&o.id) && !linked(&f.risk_links) {
        out.push(finding(Rule::Grounds, subject, code, "finding-6-2-c", vec![]));
    }
    if active {
        let changed = f.changed_on.get(&o.id).copied();
        let told = index
            .communications
            .get(&o.id)
            .into_iter()
            .flatten()
            .filter(|c| !c.archived && c.communicated_on <= as_of)
            .any(|c| changed.is_none_or(|d| c.communicated_on >= d));
        if !told {
            let args = changed.map(|d| vec![(DATE_ARG, d.to_string())]).unwrap_or_default();
            let key = if changed.is_some() { "finding-6-2-d" } else { "finding-6-2-d-never" };
            out.push(finding(Rule::Communicated, subject, code, key, args));
        }
    }
    let reviewed = index
        .reviews
        .get(&o.id)
        .into_iter()
        .flatten()
        .filter(|r| !r.archived && r.reviewed_on <= as_of)
        .map(|r| r.reviewed_on)
        .max();
    let since = reviewed.or_else(|| f.period.map(|p| p.first_day()));
    let months = i32::try_from(f.org.review_interval_months).unwrap_or(12);
    if let Some(since) = since
        && YearMonth::from_date(since)
            .ok()
            .and_then(|m| m.add_months(months))
            .is_some_and(|due| due.first_day() <= as_of)
    {
        let args = vec![("months", months.to_string()), (DATE_ARG, since.to_string())];
        let key = if reviewed.is_some() { "finding-6-2-e" } else { "finding-6-2-e-never" };
        out.push(finding(Rule::Reviewed, subject, code, key, args));
    }
}

fn plan_rules(f: &Facts, index: &Index, as_of: NaiveDate, out: &mut Vec<Finding>) {
    let withdrawn: Vec<i64> =
        f.objectives.iter().filter(|o| o.status == ObjectiveStatus::Withdrawn).map(|o| o.id).collect();
    for p in f.plans.iter().filter(|p| p.status != PlanStatus::Cancelled) {
        if p.objective_id().is_some_and(|o| withdrawn.contains(&o)) {
            continue;
        }
        let number = index.plan_number(p);
        let missing: Vec<&str> = [
            ("f", p.actions.is_none()),
            ("g", p.resources.is_none() && p.budget.is_none()),
            ("h", p.responsible_name.is_none() && p.responsible_user_id.is_none()),
            ("i", p.deadline.is_none()),
            ("j", p.evaluation_method.is_none() && p.indicator_id.is_none()),
        ]
        .into_iter()
        .filter_map(|(item, gone)| gone.then_some(item))
        .collect();
        if !missing.is_empty() {
            let args = vec![("items", missing.join(", "))];
            out.push(finding(Rule::PlanItems, Subject::Plan(p.id), &number, "finding-6-2-f-j", args));
        }
        if let Some(words) = &p.deadline_text {
            let args =
                vec![("words", words.clone()), (DATE_ARG, p.deadline.map(|d| d.to_string()).unwrap_or_default())];
            out.push(finding(Rule::DeadlineWords, Subject::Plan(p.id), &number, "finding-6-2-i-date", args));
        }
        let cells = f.months.get(&p.id).map(Vec::as_slice).unwrap_or_default();
        for reason in plan_progress(p, cells, as_of).reasons {
            let (key, args) = match reason {
                DelayReason::MonthWithoutResult(m) => {
                    let planned = cells.iter().find(|c| c.month == m).and_then(|c| c.planned.clone());
                    (
                        "finding-progress-late-month",
                        vec![(MONTH_ARG, m.to_string()), ("task", planned.unwrap_or_default())],
                    )
                }
                DelayReason::DeadlinePassed(d) => ("finding-progress-late-deadline", vec![(DATE_ARG, d.to_string())]),
            };
            out.push(finding(Rule::Late, Subject::Plan(p.id), &number, key, args));
        }
    }
}

fn risk_rules(f: &Facts, out: &mut Vec<Finding>) {
    for r in f.risks.iter().filter(|r| !r.archived) {
        let treatment = f.treatments.iter().find(|t| t.risk_id == r.id);
        match treatment {
            None if r.needs_treatment => {
                let args = vec![("score", r.score.map(|s| s.to_string()).unwrap_or_default())];
                out.push(finding(Rule::Treat, Subject::Risk(r.id), &r.code, "finding-6-1-3-treat", args));
            }
            Some(t) if !t.approved() => {
                let key = if t.approval_stale { "finding-6-1-3-approve-stale" } else { "finding-6-1-3-approve" };
                out.push(finding(Rule::Approve, Subject::Risk(r.id), &r.code, key, vec![]));
            }
            // Read from someone's workbook: evidence that the owner approved,
            // which the owner confirms in ismo; weak practice, not a missing approval.
            Some(Treatment { imported_approval: Some(i), .. }) if !i.by_owner_of(r) => {
                let args = vec![("file", i.file.clone()), ("importer", i.by.clone()), (DATE_ARG, i.on.to_string())];
                out.push(Finding {
                    severity: Severity::Observation,
                    ..finding(Rule::Approve, Subject::Risk(r.id), &r.code, "finding-6-1-3-approve-imported", args)
                });
            }
            _ => {}
        }
    }
}

/// The months a frequency allows between two measurements (`once`: one in the period).
fn window(frequency: Frequency) -> Option<i32> {
    match frequency {
        Frequency::Monthly => Some(1),
        Frequency::Quarterly => Some(3),
        Frequency::Semiannual => Some(6),
        Frequency::Annual => Some(12),
        Frequency::Once => None,
    }
}

fn measure_rules(f: &Facts, index: &Index, as_of: NaiveDate, out: &mut Vec<Finding>) {
    let Some(period) = f.period else { return };
    let live: HashSet<i64> =
        f.objectives.iter().filter(|o| o.status != ObjectiveStatus::Withdrawn).map(|o| o.id).collect();
    let started = YearMonth::from_date(period.first_day()).ok();
    for i in f.indicators.iter().filter(|i| !i.archived && live.contains(&i.objective_id)) {
        let taken: Vec<NaiveDate> =
            index.measured.get(&i.id).into_iter().flatten().copied().filter(|d| *d <= as_of).collect();
        let record = index.objectives.get(&i.objective_id).map(|o| o.code.to_string()).unwrap_or_default();
        let args = vec![("indicator", i.name.clone())];
        let missing = match window(i.frequency) {
            // A measurement is due once a whole window of the period has
            // passed, and then within each last window (plus the month it is
            // reported in).
            Some(months) => {
                let due = started.and_then(|s| s.add_months(months)).is_some_and(|m| m.first_day() <= as_of);
                let from =
                    YearMonth::from_date(as_of).ok().and_then(|m| m.add_months(-months - 1)).map(|m| m.first_day());
                due && !taken.iter().any(|d| from.is_none_or(|from| *d >= from))
            }
            None => as_of > period.last_day() && !taken.iter().any(|d| period.contains(*d)),
        };
        if missing {
            out.push(finding(Rule::Measure, Subject::Indicator(i.id), &record, "finding-9-1-measure", args));
        }
    }
}

#[cfg(test)]
#[path = "readiness_tests.rs"]
mod tests;
