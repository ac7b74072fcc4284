//! The monthly grid of a plan: for each month of the period, what is planned
//! (実施事項計画) and what was done (実施結果).

use super::form::FieldErrors;
use super::invalid::Invalid;
use super::period::Period;
use super::text;
use super::text_enum;
use super::year_month::YearMonth;
use serde::Serialize;

text_enum!(
    MonthState, "month-state", {
        Planned => "planned",
        Done => "done",
        Partial => "partial",
        NotDone => "not_done",
        Skipped => "skipped",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCell {
    pub month: YearMonth,
    pub planned: Option<String>,
    pub result: Option<String>,
    pub state: MonthState,
}

impl MonthCell {
    pub fn empty(month: YearMonth) -> Self {
        MonthCell { month, planned: None, result: None, state: MonthState::Planned }
    }

    pub fn is_empty(&self) -> bool {
        self.planned.is_none() && self.result.is_none() && self.state == MonthState::Planned
    }
}

/// The 12 cells of a period in order, filling months that have no stored cell.
pub fn full_year(period: &Period, stored: &[MonthCell]) -> Vec<MonthCell> {
    period
        .months()
        .iter()
        .map(|m| stored.iter().find(|c| c.month == *m).cloned().unwrap_or_else(|| MonthCell::empty(*m)))
        .collect()
}

/// Form field names for a month's cell, e.g. `planned_2025-04`.
pub fn field(kind: &str, month: YearMonth) -> String {
    format!("{kind}_{month}")
}

/// Reads the cells of `period` from submitted name/value pairs: one cell for
/// every month that has at least one of its fields in the submission (a
/// missing field of such a month is blank). Months with no field at all are
/// left out, so a partial submission never blanks the other months; fields
/// for months outside the period are ignored.
pub fn parse_cells(period: &Period, pairs: &[(String, String)]) -> Result<Vec<MonthCell>, FieldErrors> {
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let present = |name: &str| pairs.iter().any(|(k, _)| k == name);
    let mut e = FieldErrors::default();
    let mut cells = Vec::with_capacity(12);
    for month in period.months() {
        let planned_field = field("planned", month);
        let result_field = field("result", month);
        let state_field = field("state", month);
        if !(present(&planned_field) || present(&result_field) || present(&state_field)) {
            continue;
        }
        let planned = e.take(&planned_field, text::optional(value(&planned_field), 500));
        let result = e.take(&result_field, text::optional(value(&result_field), 500));
        let raw_state = value(&state_field);
        let mut state = if raw_state.trim().is_empty() {
            MonthState::Planned
        } else {
            e.take(&state_field, MonthState::parse(raw_state))
        };
        // Writing a result is reporting the month done, as in the sheet, unless
        // the person chose another state.
        if state == MonthState::Planned && result.is_some() {
            state = MonthState::Done;
        }
        if state == MonthState::Done && result.is_none() && planned.is_none() {
            e.add(&result_field, Invalid::new("invalid-result-needed"));
        }
        cells.push(MonthCell { month, planned, result, state });
    }
    e.finish(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn cells_follow_the_fiscal_year() {
        let p = Period::new(2025, 4).unwrap();
        let cells = parse_cells(
            &p,
            &pairs(&[
                ("planned_2025-04", "キックオフ"),
                ("result_2025-04", "実施済"),
                ("planned_2026-03", "評価"),
                ("planned_2026-04", "outside the period"),
            ]),
        )
        .unwrap();
        assert_eq!(cells.len(), 2, "only the months that were sent");
        assert_eq!(cells[0].month.to_string(), "2025-04");
        assert_eq!(cells[0].state, MonthState::Done, "a result marks the month done");
        assert_eq!(cells[1].month.to_string(), "2026-03");
        assert_eq!(cells[1].planned.as_deref(), Some("評価"));
        assert_eq!(cells[1].state, MonthState::Planned);
    }

    #[test]
    fn a_forged_state_is_refused_on_its_cell() {
        let p = Period::new(2025, 1).unwrap();
        let e = parse_cells(&p, &pairs(&[("state_2025-02", "burnt")])).unwrap_err();
        assert_eq!(e.get("state_2025-02").unwrap().key, "invalid-choice");
    }

    #[test]
    fn partial_stays_partial() {
        let p = Period::new(2025, 4).unwrap();
        let cells = parse_cells(&p, &pairs(&[("result_2025-07", "一部遅れ"), ("state_2025-07", "partial")])).unwrap();
        assert_eq!(cells[0].state, MonthState::Partial);
    }

    #[test]
    fn full_year_fills_gaps() {
        let p = Period::new(2025, 4).unwrap();
        let stored = vec![MonthCell { planned: Some("x".into()), ..MonthCell::empty(p.months()[5]) }];
        let year = full_year(&p, &stored);
        assert_eq!(year.len(), 12);
        assert!(year[0].is_empty());
        assert_eq!(year[5].planned.as_deref(), Some("x"));
    }
}
