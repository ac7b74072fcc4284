//! The hidden `ismo` sheet of an exported workbook: which record each block's
//! first row shows, and the period and risk settings it was exported with.

use std::collections::HashMap;

use crate::domain::risk_method::{Comparison, RiskMethod, RiskSettings};
use crate::domain::text;
use crate::xlsx::read::RawSheet;

/// One row: the record of `kind` shown at `row` (1-based) of `sheet`, whose
/// number or code was `key` when exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdRow {
    pub sheet: String,
    pub row: u32,
    pub kind: String,
    pub id: i64,
    pub key: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdsSheet {
    pub rows: Vec<IdRow>,
    /// `2025-04`.
    pub period: Option<String>,
    pub org: Option<String>,
    pub settings: Option<RiskSettings>,
    /// Where in `rows` the first row of each (sheet, row, kind) is: a block
    /// is looked up for every plan, and 10,000 plans made a scan too slow.
    index: HashMap<(String, u32, String), usize>,
}

impl IdsSheet {
    /// Reads what it can; a row it does not understand is ignored (the sheet
    /// only makes a round trip exact; people may have edited it).
    pub fn read(sheet: &RawSheet) -> IdsSheet {
        let mut ids = IdsSheet::default();
        let mut method = None;
        let mut levels = None;
        let mut criterion = None;
        let mut comparison = None;
        for r in 1..sheet.height() {
            let cell = |c: usize| text::normalize(&sheet.get(r, c).as_text());
            let (kind, value) = (cell(2), cell(3));
            match kind.as_str() {
                "period" => ids.period = Some(value),
                "org" => ids.org = Some(value),
                "risk_method" => method = RiskMethod::parse(&value).ok(),
                "risk_levels" => levels = value.parse::<u8>().ok(),
                "risk_criterion" => criterion = value.parse::<u32>().ok(),
                "risk_comparison" => comparison = Comparison::parse(&value).ok(),
                _ => {
                    let (Ok(row), Ok(id)) = (cell(1).parse::<u32>(), value.parse::<i64>()) else { continue };
                    ids.rows.push(IdRow { sheet: sheet.get(r, 0).as_text(), row, kind, id, key: cell(4) });
                }
            }
        }
        if let (Some(method), Some(levels), Some(criterion), Some(comparison)) = (method, levels, criterion, comparison)
        {
            // How levels are shown is the importing organization's own choice.
            ids.settings = Some(RiskSettings { method, levels, criterion, comparison, ..RiskSettings::default() });
        }
        for (i, r) in ids.rows.iter().enumerate() {
            ids.index.entry((r.sheet.clone(), r.row, r.kind.clone())).or_insert(i);
        }
        ids
    }

    /// The period's start year, when the sheet names a period starting in `start_month`.
    pub fn period_year(&self, start_month: u32) -> Option<i32> {
        let (year, month) = self.period.as_deref()?.split_once('-')?;
        (month.parse::<u32>().ok()? == start_month).then_some(())?;
        year.parse().ok()
    }

    /// The id of the `kind` record exported at `row` of `sheet`, if the row
    /// still shows the same number or code.
    pub fn id_at(&self, sheet: &str, row: u32, kind: &str, key: &str) -> Option<i64> {
        let found = &self.rows[*self.index.get(&(sheet.to_string(), row, kind.to_string()))?];
        (found.key == text::normalize(key)).then_some(found.id)
    }
}
