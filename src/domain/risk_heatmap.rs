//! The risk heat map (6.1.2): its axes, the cell a risk sits in, which cells
//! need a treatment, and how many risks fall in each cell.
//!
//! A cell is `(x, y)` with `score = x × y`: x says how likely (likelihood, or
//! threat × vulnerability), y says how bad (impact, or asset value).

use super::risk_method::{ATV_SCALE, RiskInputs, RiskMethod, RiskSettings, asset_value, needs_treatment};

fn in_scale(v: Option<u8>, max: u8) -> Option<u32> {
    v.filter(|v| (1..=max).contains(v)).map(u32::from)
}

/// The heat map's axes, ascending, as `(xs, ys)`:
///
/// - likelihood × impact: x = likelihood 1..=levels, y = impact 1..=levels;
/// - asset × threat × vulnerability: x = threat × vulnerability, the distinct
///   products `1, 2, 3, 4, 6, 9`; y = asset value 1..=3.
///
/// A cell's score is always `x × y`.
pub fn axes(settings: &RiskSettings) -> (Vec<u32>, Vec<u32>) {
    match settings.method {
        RiskMethod::LikelihoodImpact => {
            let l = u32::from(settings.li_scale());
            ((1..=l).collect(), (1..=l).collect())
        }
        RiskMethod::AssetThreatVulnerability => {
            let s = u32::from(ATV_SCALE);
            let mut xs: Vec<u32> = (1..=s).flat_map(|t| (1..=s).map(move |v| t * v)).collect();
            xs.sort_unstable();
            xs.dedup();
            (xs, (1..=s).collect())
        }
    }
}

/// Where a risk sits on the heat map: `(x, y)` values of [`axes`], or `None`
/// when it cannot be scored.
pub fn cell_of(settings: &RiskSettings, inputs: &RiskInputs) -> Option<(u32, u32)> {
    match settings.method {
        RiskMethod::LikelihoodImpact => {
            let max = settings.li_scale();
            Some((in_scale(inputs.likelihood, max)?, in_scale(inputs.impact, max)?))
        }
        RiskMethod::AssetThreatVulnerability => {
            let a = in_scale(asset_value(inputs), ATV_SCALE)?;
            let t = in_scale(inputs.threat, ATV_SCALE)?;
            let v = in_scale(inputs.vulnerability, ATV_SCALE)?;
            Some((t * v, a))
        }
    }
}

/// Whether the heat map cell `(x, y)` needs a treatment; for the heat map's
/// `needs_treatment` argument.
pub fn cell_needs_treatment(settings: &RiskSettings, x: u32, y: u32) -> bool {
    needs_treatment(settings, x * y)
}

/// How many risks fall in each heat map cell, indexed `[y][x]` by position in
/// [`axes`]; risks that cannot be scored are left out.
pub fn grid_counts<'a>(settings: &RiskSettings, risks: impl IntoIterator<Item = &'a RiskInputs>) -> Vec<Vec<u32>> {
    let (xs, ys) = axes(settings);
    let mut counts = vec![vec![0u32; xs.len()]; ys.len()];
    for r in risks {
        if let Some((x, y)) = cell_of(settings, r)
            && let (Some(xi), Some(yi)) = (xs.iter().position(|v| *v == x), ys.iter().position(|v| *v == y))
        {
            counts[yi][xi] += 1;
        }
    }
    counts
}
