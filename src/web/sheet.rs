//! The management table's block layout shared by the objective page and the
//! grid pages: per plan a plan row and a result row, months from the
//! fiscal-year start; cells editable in place where the viewer may update.

use std::collections::HashMap;

use super::extract::Ctx;
use super::holder::Holder;
use super::page::{Options, options};
use crate::domain::access::Role;
use crate::domain::indicator::Indicator;
use crate::domain::month::{MonthCell, MonthState, full_year};
use crate::domain::objective::Objective;
use crate::domain::plan::Plan;
use crate::domain::progress::{PlanProgress, plan_progress};
use crate::error::AppResult;

/// One plan of the sheet.
pub struct SheetBlock {
    pub plan: Plan,
    pub number: String,
    pub cells: Vec<MonthCell>,
    pub indicator_name: Option<String>,
    /// Whether the viewer may edit this plan's cells in place.
    pub editable: bool,
    /// Set on the first plan of each holder when the sheet spans several:
    /// (its page, code, title).
    pub heading: Option<(String, String, String)>,
    /// Derived status (delayed or not), with the reasons and the share done.
    pub progress: PlanProgress,
    /// The responsible person has left the organization (shown marked).
    pub responsible_left: bool,
    /// The deadline as shown (date, or the sheet's words with the date).
    pub deadline: Option<String>,
    /// The label of `progress.status`.
    pub status_label: String,
}

/// The words the sheet repeats in every block, looked up once per sheet:
/// a grid of 500 plans would otherwise ask the catalog for them some
/// 30,000 times while rendering.
pub struct SheetLabels {
    pub not_set: String,
    pub row_plan: String,
    pub row_result: String,
    pub month_state: String,
    pub budget: String,
    pub former_member: String,
    pub indicator: String,
    pub open: String,
    pub edit: String,
    pub months_edit: String,
}

pub struct Sheet {
    pub base: String,
    pub month_labels: Vec<String>,
    /// The months as `2025-04`, in the order of `month_labels` (grid.js reads
    /// a cell's month from its column header).
    pub month_keys: Vec<String>,
    pub blocks: Vec<SheetBlock>,
    /// Every month state with its label: the one shared state choice.
    pub states: Options,
    pub labels: SheetLabels,
    /// Whether any cell is editable (the page then loads the grid script).
    pub any_editable: bool,
}

impl Sheet {
    /// The label of a month state, from `states` (no catalog lookup per cell).
    pub fn state_label(&self, state: &MonthState) -> &str {
        self.states.iter().find(|(v, _)| v == state.as_str()).map(|(_, label)| label.as_str()).unwrap_or_default()
    }
}

impl Ctx {
    /// Whether the viewer may update this plan: the secretariat every plan,
    /// an owner the plans that name them.
    pub fn may_update_plan(&self, plan: &Plan) -> bool {
        self.role().edits_everything()
            || (self.role() == Role::Owner && plan.responsible_user_id == Some(self.viewer.user.id))
    }

    /// The sheet of `plans` (in the given order) of `objectives` in `period`.
    /// `with_objectives` adds a heading row per objective (for grids that span several).
    pub async fn sheet(
        &self,
        period: i32,
        objectives: &[Objective],
        plans: Vec<Plan>,
        months: HashMap<i64, Vec<MonthCell>>,
        indicators: &[Indicator],
        with_objectives: bool,
    ) -> AppResult<Sheet> {
        let holders: Vec<Holder> = objectives.iter().map(|o| Holder::of_objective(self.org.id, o)).collect();
        self.sheet_of(period, &holders, plans, months, indicators, with_objectives).await
    }

    /// The sheet of plans of any holders (objectives or risk treatments).
    pub async fn sheet_of(
        &self,
        period: i32,
        holders: &[Holder],
        plans: Vec<Plan>,
        mut months: HashMap<i64, Vec<MonthCell>>,
        indicators: &[Indicator],
        with_headings: bool,
    ) -> AppResult<Sheet> {
        let t = &self.t;
        let former = self.store.former_members(self.org.id).await?;
        let fiscal = self.org.period(period);
        let mut last = None;
        // By parent: a page of 500 plans of a 2,500-objective period would
        // otherwise scan every holder for each plan.
        let holder_of: HashMap<_, &Holder> = holders.iter().map(|h| (h.parent, h)).collect();
        let blocks: Vec<SheetBlock> = plans
            .into_iter()
            .filter_map(|plan| {
                let holder = *holder_of.get(&plan.parent)?;
                let heading = (with_headings && last != Some(plan.parent))
                    .then(|| (holder.url.clone(), holder.code.clone(), holder.title.clone()));
                last = Some(plan.parent);
                let cells = full_year(&fiscal, &months.remove(&plan.id).unwrap_or_default());
                let progress = plan_progress(&plan, &cells, self.today);
                Some(SheetBlock {
                    number: holder.number(&plan),
                    deadline: t.plan_deadline(&plan),
                    status_label: t.t(progress.status.label_key()),
                    progress,
                    cells,
                    indicator_name: plan
                        .indicator_id
                        .and_then(|i| indicators.iter().find(|x| x.id == i))
                        .map(|i| i.name.clone()),
                    editable: !self.is_closed(period) && self.may_update_plan(&plan),
                    responsible_left: plan.responsible_user_id.is_some_and(|u| former.contains(&u)),
                    heading,
                    plan,
                })
            })
            .collect();
        Ok(Sheet {
            base: format!("/orgs/{}", self.org.id),
            month_labels: fiscal.months().iter().map(|m| t.month(m)).collect(),
            month_keys: fiscal.months().iter().map(ToString::to_string).collect(),
            any_editable: blocks.iter().any(|b| b.editable),
            blocks,
            states: options(t, MonthState::ALL, MonthState::as_str, MonthState::label_key),
            labels: SheetLabels {
                not_set: t.t("not-set"),
                row_plan: t.t("row-plan"),
                row_result: t.t("row-result"),
                month_state: t.t("month-state"),
                budget: t.t("plan-budget"),
                former_member: t.t("former-member"),
                indicator: t.t("plan-indicator"),
                open: t.t("plan-open"),
                edit: t.t("plan-edit-link"),
                months_edit: t.t("months-edit-link"),
            },
        })
    }
}

/// Where a date falls in a period, in months from its start (0.0..12.0),
/// fractional within the month; `None` outside the period.
pub fn position_in_period(period: &crate::domain::period::Period, date: chrono::NaiveDate) -> Option<f32> {
    use chrono::Datelike;
    let month = crate::domain::year_month::YearMonth::from_date(date).ok()?;
    let index = period.index_of(month)?;
    let days = month.last_day().day() as f32;
    Some(index as f32 + (date.day() as f32 - 1.0) / days)
}
