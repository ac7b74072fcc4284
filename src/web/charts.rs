//! Charts as hand-written SVG: a Gantt chart of plans over the twelve months
//! and the trend of an indicator's measurements.
//!
//! The Content-Security-Policy forbids inline styles and scripts, so charts
//! use presentation attributes (`fill`, `stroke`, …) and `class` names only.
//! Every text is escaped; texts come from the caller (the i18n catalog or
//! stored records). Each chart has `role="img"`, a `<title>`, and a viewBox
//! with `width="100%"` so it scales with the page.

use std::fmt::Write;

use crate::domain::indicator::format_number;
use crate::domain::month::MonthState;

const FONT: &str = "IPAexGothic, Noto Sans CJK JP, Hiragino Sans, sans-serif";
const INK: &str = "#1f2933";
const WHITE: &str = "#ffffff";
const MUTED: &str = "#616e7c";
const GRID: &str = "#d9dee3";
const DONE: &str = "#2e7d32";
const PARTIAL: &str = "#e0a100";
const NOT_DONE: &str = "#c62828";
const SKIPPED: &str = "#9aa5b1";
const REPORTED: &str = "#3f6fb5";
const PLANNED_FILL: &str = "#cfe0f8";
const PLANNED_STROKE: &str = "#5b8fd9";
const DEADLINE: &str = "#6a1b9a";
const TODAY: &str = "#1565c0";
const LATE: &str = "#c62828";
const VALUE: &str = "#1565c0";
const TARGET: &str = "#2e7d32";
const BASELINE: &str = "#7b8794";

/// Escapes a text for SVG content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with at most one decimal, without a useless `.0`.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".into() } else { format_number(r) }
}

/// Roughly how wide a text is drawn: full-width characters take a square,
/// others a bit more than half of one.
fn text_width(s: &str, font_size: f64) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum::<f64>() * font_size
}

/// Shortens a text to fit `width`, ending it with `…`.
fn fit(s: &str, width: f64, font_size: f64) -> String {
    if text_width(s, font_size) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = font_size; // room for the ellipsis
    for c in s.chars() {
        used += if c.is_ascii() { 0.6 } else { 1.0 } * font_size;
        if used > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn open_svg(out: &mut String, class: &str, width: f64, height: f64, title: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart {class}" viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" font-family="{FONT}" font-size="12" fill="{INK}"><title>{t}</title>"#,
        w = n(width),
        h = n(height),
        t = escape(title),
    );
}

/// Lays legend items out left to right, wrapping to a new line when full.
struct LegendFlow {
    x0: f64,
    x: f64,
    y: f64,
    right: f64,
}

impl LegendFlow {
    const LINE: f64 = 20.0;
    const SWATCH: f64 = 22.0;

    fn new(x0: f64, y: f64, right: f64) -> Self {
        LegendFlow { x0, x: x0, y, right }
    }

    /// Where the next item's swatch goes (left edge, vertical centre).
    fn place(&mut self, label: &str) -> (f64, f64) {
        let w = Self::SWATCH + 6.0 + text_width(label, 12.0) + 18.0;
        if self.x > self.x0 && self.x + w > self.right {
            self.x = self.x0;
            self.y += Self::LINE;
        }
        let at = (self.x, self.y);
        self.x += w;
        at
    }

    fn label(out: &mut String, (x, y): (f64, f64), label: &str) {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" dominant-baseline="middle">{}</text>"#,
            n(x + Self::SWATCH + 6.0),
            n(y),
            escape(label)
        );
    }
}

// ---------------------------------------------------------------- Gantt

/// One plan in the Gantt chart; vectors are indexed by the period's month 0..12.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GanttRow {
    pub label: String,
    /// Months with a planned task.
    pub planned: Vec<bool>,
    /// The state of months that have a result.
    pub done: Vec<Option<MonthState>>,
    /// Position of the deadline in months, 0.0..=12.0, fractional within the month.
    pub deadline_index: Option<f32>,
    pub late: bool,
}

/// The legend texts of the Gantt chart, from the i18n catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GanttLegend {
    pub planned: String,
    pub done: String,
    pub partial: String,
    pub not_done: String,
    pub skipped: String,
    pub deadline: String,
    pub today: String,
    pub late: String,
}

fn state_colour(s: MonthState) -> (&'static str, &'static str) {
    match s {
        MonthState::Done => (DONE, "done"),
        MonthState::Partial => (PARTIAL, "partial"),
        MonthState::NotDone => (NOT_DONE, "not_done"),
        MonthState::Skipped => (SKIPPED, "skipped"),
        MonthState::Planned => (REPORTED, "planned"),
    }
}

fn diamond(out: &mut String, cx: f64, cy: f64, r: f64, class: &str) {
    let _ = write!(
        out,
        r#"<polygon class="{class}" points="{},{} {},{} {},{} {},{}" fill="{DEADLINE}" stroke="{WHITE}" stroke-width="1"/>"#,
        n(cx),
        n(cy - r),
        n(cx + r),
        n(cy),
        n(cx),
        n(cy + r),
        n(cx - r),
        n(cy),
    );
}

/// A Gantt chart: one row per plan, twelve month columns headed by
/// `month_labels`; a bar over planned months, a filled circle coloured by
/// state for each month with a result, a diamond at the deadline, a vertical
/// line at `today_index` (months 0.0..=12.0), and a legend. Late rows have
/// their label in red and bold.
///
/// Drawn `<rect>`s: one per run of consecutive planned months, plus one
/// legend swatch; `<circle>`s: one per month with a result, plus four
/// legend swatches.
pub fn gantt(
    title: &str,
    month_labels: &[String],
    rows: &[GanttRow],
    today_index: Option<f32>,
    legend: &GanttLegend,
) -> String {
    const WIDTH: f64 = 960.0;
    const LABEL_W: f64 = 220.0;
    const RIGHT: f64 = 12.0;
    const HEADER: f64 = 28.0;
    const ROW: f64 = 30.0;
    let col = (WIDTH - LABEL_W - RIGHT) / 12.0;
    let x_at = |months: f64| LABEL_W + months.clamp(0.0, 12.0) * col;
    let body_h = ROW * rows.len().max(1) as f64;
    let legend_y = HEADER + body_h + 24.0;

    // Lay the legend out first: its height decides the chart's.
    let mut flow = LegendFlow::new(8.0, legend_y, WIDTH - RIGHT);
    let items: Vec<(&str, &str)> = vec![
        ("planned", &legend.planned),
        ("done", &legend.done),
        ("partial", &legend.partial),
        ("not_done", &legend.not_done),
        ("skipped", &legend.skipped),
        ("deadline", &legend.deadline),
        ("today", &legend.today),
        ("late", &legend.late),
    ];
    let placed: Vec<(&str, &str, (f64, f64))> = items.iter().map(|(k, l)| (*k, *l, flow.place(l))).collect();
    let height = flow.y + 16.0;

    let mut out = String::new();
    open_svg(&mut out, "chart-gantt", WIDTH, height, title);

    // Month headers and column lines.
    out.push_str(r#"<g class="gantt-grid">"#);
    for i in 0..12 {
        let label = month_labels.get(i).map(String::as_str).unwrap_or("");
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{MUTED}">{}</text>"#,
            n(x_at(i as f64 + 0.5)),
            n(HEADER - 10.0),
            escape(label)
        );
    }
    for i in 0..=12 {
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{GRID}" stroke-width="1"/>"#,
            n(HEADER),
            n(HEADER + body_h),
            x = n(x_at(i as f64)),
        );
    }
    for r in 0..=rows.len().max(1) {
        let y = HEADER + ROW * r as f64;
        let _ = write!(
            out,
            r#"<line x1="0" y1="{y}" x2="{}" y2="{y}" stroke="{GRID}" stroke-width="1"/>"#,
            n(WIDTH - RIGHT),
            y = n(y)
        );
    }
    out.push_str("</g>");

    for (r, row) in rows.iter().enumerate() {
        let top = HEADER + ROW * r as f64;
        let mid = top + ROW / 2.0;
        let class = if row.late { "gantt-row gantt-late" } else { "gantt-row" };
        let _ = write!(out, r#"<g class="{class}">"#);
        // The label, shortened when long; the whole text stays in its title.
        let shown = fit(&row.label, LABEL_W - 16.0, 12.0);
        let (fill, weight) = if row.late { (LATE, "bold") } else { (INK, "normal") };
        let _ = write!(
            out,
            r#"<text x="8" y="{}" dominant-baseline="middle" fill="{fill}" font-weight="{weight}"><title>{}</title>{}</text>"#,
            n(mid),
            escape(&row.label),
            escape(&shown)
        );
        // One bar per run of consecutive planned months.
        let mut i = 0;
        while i < 12 {
            if row.planned.get(i).copied().unwrap_or(false) {
                let start = i;
                while i < 12 && row.planned.get(i).copied().unwrap_or(false) {
                    i += 1;
                }
                let _ = write!(
                    out,
                    r#"<rect class="gantt-bar" x="{}" y="{}" width="{}" height="12" rx="3" fill="{PLANNED_FILL}" stroke="{PLANNED_STROKE}" stroke-width="1"/>"#,
                    n(x_at(start as f64) + 2.0),
                    n(mid - 6.0),
                    n((i - start) as f64 * col - 4.0)
                );
            } else {
                i += 1;
            }
        }
        for (i, state) in row.done.iter().take(12).enumerate() {
            if let Some(state) = state {
                let (colour, name) = state_colour(*state);
                let _ = write!(
                    out,
                    r#"<circle class="gantt-mark gantt-mark-{name}" cx="{}" cy="{}" r="6" fill="{colour}" stroke="{WHITE}" stroke-width="1.5"/>"#,
                    n(x_at(i as f64 + 0.5)),
                    n(mid)
                );
            }
        }
        if let Some(d) = row.deadline_index.filter(|d| d.is_finite()) {
            diamond(&mut out, x_at(f64::from(d)), mid, 7.0, "gantt-deadline");
        }
        out.push_str("</g>");
    }

    if let Some(t) = today_index.filter(|t| t.is_finite() && (0.0..=12.0).contains(t)) {
        let x = n(x_at(f64::from(t)));
        let _ = write!(
            out,
            r#"<line class="gantt-today" x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{TODAY}" stroke-width="2"/>"#,
            n(HEADER - 4.0),
            n(HEADER + body_h)
        );
    }

    out.push_str(r#"<g class="chart-legend">"#);
    for (kind, label, (x, y)) in placed {
        let cx = x + LegendFlow::SWATCH / 2.0;
        match kind {
            "planned" => {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="10" rx="3" fill="{PLANNED_FILL}" stroke="{PLANNED_STROKE}" stroke-width="1"/>"#,
                    n(x),
                    n(y - 5.0),
                    n(LegendFlow::SWATCH)
                );
            }
            "done" | "partial" | "not_done" | "skipped" => {
                let state = MonthState::parse(kind).unwrap_or_default();
                let (colour, _) = state_colour(state);
                let _ = write!(out, r#"<circle cx="{}" cy="{}" r="6" fill="{colour}"/>"#, n(cx), n(y));
            }
            "deadline" => diamond(&mut out, cx, y, 7.0, "legend-deadline"),
            "today" => {
                let _ = write!(
                    out,
                    r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{TODAY}" stroke-width="2"/>"#,
                    n(y - 8.0),
                    n(y + 8.0),
                    x = n(cx)
                );
            }
            _ => {
                let _ = write!(
                    out,
                    r#"<text x="{}" y="{}" text-anchor="middle" dominant-baseline="middle" fill="{LATE}" font-weight="bold">!</text>"#,
                    n(cx),
                    n(y)
                );
            }
        }
        LegendFlow::label(&mut out, (x, y), label);
    }
    out.push_str("</g></svg>");
    out
}

// ---------------------------------------------------------------- Trend

/// One measurement, placed in the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    /// Position in months 0.0..=12.0 within the period.
    pub x: f32,
    pub value: f64,
    /// A value later corrected by another measurement of the same time.
    pub superseded: bool,
}

/// The legend texts of the trend chart, from the i18n catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendLegend {
    pub value: String,
    pub superseded: String,
    pub target: String,
    pub baseline: String,
}

/// 4 to 6 evenly spaced "nice" values (1, 2 or 5 × 10ⁿ apart) covering `lo..=hi`.
pub fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let (lo, hi) = if hi - lo > 0.0 { (lo, hi) } else { (lo - 1.0, hi + 1.0) };
    let span = hi - lo;
    let mut exp = (span / 5.0).log10().floor() as i32 - 1;
    loop {
        for m in [1i64, 2, 5] {
            // step = m × 10^exp, kept as a fraction so ticks print cleanly.
            let (num, den) = if exp >= 0 { (m as f64 * 10f64.powi(exp), 1.0) } else { (m as f64, 10f64.powi(-exp)) };
            let step = num / den;
            let first = (lo / step).floor() as i64;
            let mut last = (hi / step).ceil() as i64;
            if last - first < 6 {
                while last - first + 1 < 4 {
                    last += 1;
                }
                return (first..=last).map(|k| (k as f64 * num) / den).collect();
            }
        }
        exp += 1;
    }
}

/// A trend chart of an indicator over the twelve months: current values as a
/// line with dots, superseded values as hollow grey circles, the target as a
/// dashed line and the baseline as a dotted one, each labelled with its value.
/// The y axis covers the values, target and baseline with some padding.
///
/// Drawn `<circle>`s: one per point, plus one legend swatch for current
/// values (when any) and one for superseded values (when any).
pub fn trend(
    title: &str,
    month_labels: &[String],
    unit: Option<&str>,
    points: &[TrendPoint],
    target: Option<f64>,
    baseline: Option<f64>,
    legend: &TrendLegend,
) -> String {
    const WIDTH: f64 = 960.0;
    const LEFT: f64 = 64.0;
    const RIGHT: f64 = 150.0;
    const TOP: f64 = 28.0;
    const PLOT_H: f64 = 260.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let bottom = TOP + PLOT_H;

    let points: Vec<&TrendPoint> = points.iter().filter(|p| p.value.is_finite() && p.x.is_finite()).collect();
    let target = target.filter(|t| t.is_finite());
    let baseline = baseline.filter(|b| b.is_finite());
    let values: Vec<f64> = points.iter().map(|p| p.value).chain(target).chain(baseline).collect();
    let (lo, hi) = match (values.iter().copied().reduce(f64::min), values.iter().copied().reduce(f64::max)) {
        (Some(lo), Some(hi)) => {
            let pad = if hi > lo { (hi - lo) * 0.1 } else { lo.abs().max(1.0) * 0.1 };
            // Values that are all positive keep a floor at zero when it is near.
            let lo = if lo >= 0.0 && lo - pad < 0.0 { 0.0 } else { lo - pad };
            (lo, hi + pad)
        }
        _ => (0.0, 1.0),
    };
    let ticks = nice_ticks(lo, hi);
    let (y_min, y_max) = (ticks[0], ticks[ticks.len() - 1]);
    let y_at = |v: f64| bottom - (v - y_min) / (y_max - y_min) * PLOT_H;
    let x_at = |m: f64| LEFT + m.clamp(0.0, 12.0) / 12.0 * plot_w;
    let with_unit = |v: f64| match unit {
        Some(u) if !u.is_empty() => format!("{} {u}", format_number(v)),
        _ => format_number(v),
    };

    let current: Vec<&&TrendPoint> = {
        let mut c: Vec<_> = points.iter().filter(|p| !p.superseded).collect();
        c.sort_by(|a, b| a.x.total_cmp(&b.x));
        c
    };
    let has_superseded = points.iter().any(|p| p.superseded);

    let mut flow = LegendFlow::new(LEFT, bottom + 48.0, WIDTH - 12.0);
    let mut items: Vec<(&str, &str)> = Vec::new();
    if !current.is_empty() {
        items.push(("value", &legend.value));
    }
    if has_superseded {
        items.push(("superseded", &legend.superseded));
    }
    if target.is_some() {
        items.push(("target", &legend.target));
    }
    if baseline.is_some() {
        items.push(("baseline", &legend.baseline));
    }
    let placed: Vec<(&str, &str, (f64, f64))> = items.iter().map(|(k, l)| (*k, *l, flow.place(l))).collect();
    let height = if placed.is_empty() { bottom + 36.0 } else { flow.y + 16.0 };

    let mut out = String::new();
    open_svg(&mut out, "chart-trend", WIDTH, height, title);

    // Axes, grid and tick labels.
    out.push_str(r#"<g class="trend-grid">"#);
    for t in &ticks {
        let y = n(y_at(*t));
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{GRID}" stroke-width="1"/><text class="trend-tick" x="{}" y="{y}" text-anchor="end" dominant-baseline="middle" fill="{MUTED}">{}</text>"#,
            n(LEFT),
            n(LEFT + plot_w),
            n(LEFT - 6.0),
            escape(&format_number(*t)),
        );
    }
    if let Some(u) = unit.filter(|u| !u.is_empty()) {
        let _ = write!(
            out,
            r#"<text class="trend-unit" x="{}" y="{}" text-anchor="end" fill="{MUTED}">{}</text>"#,
            n(LEFT - 6.0),
            n(TOP - 12.0),
            escape(u)
        );
    }
    for i in 0..12 {
        let label = month_labels.get(i).map(String::as_str).unwrap_or("");
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{MUTED}">{}</text>"#,
            n(x_at(i as f64 + 0.5)),
            n(bottom + 18.0),
            escape(label)
        );
    }
    let _ = write!(
        out,
        r#"<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="{MUTED}" stroke-width="1"/><line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{MUTED}" stroke-width="1"/>"#,
        l = n(LEFT),
        t = n(TOP),
        b = n(bottom),
        r = n(LEFT + plot_w),
    );
    out.push_str("</g>");

    let reference = |out: &mut String, class: &str, v: f64, colour: &str, dash: &str, label: &str| {
        let y = n(y_at(v));
        let _ = write!(
            out,
            r#"<g class="{class}"><line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="{dash}"/><text x="{}" y="{y}" dominant-baseline="middle" fill="{colour}">{}</text></g>"#,
            n(LEFT),
            n(LEFT + plot_w),
            n(LEFT + plot_w + 6.0),
            escape(&fit(&format!("{label} {}", with_unit(v)), RIGHT - 10.0, 12.0)),
        );
    };
    if let Some(b) = baseline {
        reference(&mut out, "trend-baseline", b, BASELINE, "2 3", &legend.baseline);
    }
    if let Some(t) = target {
        reference(&mut out, "trend-target", t, TARGET, "6 4", &legend.target);
    }

    for p in points.iter().filter(|p| p.superseded) {
        let _ = write!(
            out,
            r#"<circle class="trend-superseded" cx="{}" cy="{}" r="4" fill="{WHITE}" stroke="{SKIPPED}" stroke-width="1.5"><title>{}</title></circle>"#,
            n(x_at(f64::from(p.x))),
            n(y_at(p.value)),
            escape(&with_unit(p.value))
        );
    }
    if current.len() > 1 {
        let coords: Vec<String> =
            current.iter().map(|p| format!("{},{}", n(x_at(f64::from(p.x))), n(y_at(p.value)))).collect();
        let _ = write!(
            out,
            r#"<polyline class="trend-line" points="{}" fill="none" stroke="{VALUE}" stroke-width="2"/>"#,
            coords.join(" ")
        );
    }
    for p in &current {
        let _ = write!(
            out,
            r#"<circle class="trend-point" cx="{}" cy="{}" r="4" fill="{VALUE}"><title>{}</title></circle>"#,
            n(x_at(f64::from(p.x))),
            n(y_at(p.value)),
            escape(&with_unit(p.value))
        );
    }

    out.push_str(r#"<g class="chart-legend">"#);
    for (kind, label, (x, y)) in placed {
        let (x1, x2, cx) = (n(x), n(x + LegendFlow::SWATCH), n(x + LegendFlow::SWATCH / 2.0));
        let y_ = n(y);
        let _ = match kind {
            "value" => write!(
                out,
                r#"<line x1="{x1}" y1="{y_}" x2="{x2}" y2="{y_}" stroke="{VALUE}" stroke-width="2"/><circle cx="{cx}" cy="{y_}" r="4" fill="{VALUE}"/>"#
            ),
            "superseded" => write!(
                out,
                r#"<circle cx="{cx}" cy="{y_}" r="4" fill="{WHITE}" stroke="{SKIPPED}" stroke-width="1.5"/>"#
            ),
            "target" => write!(
                out,
                r#"<line x1="{x1}" y1="{y_}" x2="{x2}" y2="{y_}" stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>"#
            ),
            _ => write!(
                out,
                r#"<line x1="{x1}" y1="{y_}" x2="{x2}" y2="{y_}" stroke="{BASELINE}" stroke-width="1.5" stroke-dasharray="2 3"/>"#
            ),
        };
        LegendFlow::label(&mut out, (x, y), label);
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months() -> Vec<String> {
        [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].iter().map(|m| format!("{m}月")).collect()
    }

    fn gantt_legend() -> GanttLegend {
        GanttLegend {
            planned: "予定".into(),
            done: "実施済".into(),
            partial: "一部実施".into(),
            not_done: "未実施".into(),
            skipped: "対象外".into(),
            deadline: "達成期限".into(),
            today: "今日".into(),
            late: "遅延".into(),
        }
    }

    fn trend_legend() -> TrendLegend {
        TrendLegend {
            value: "測定値".into(),
            superseded: "訂正前".into(),
            target: "目標".into(),
            baseline: "現状値".into(),
        }
    }

    fn count(hay: &str, needle: &str) -> usize {
        hay.matches(needle).count()
    }

    fn assert_safe(svg: &str) {
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(!svg.contains("style="), "the CSP forbids inline styles");
        assert!(!svg.contains("<script"));
        assert!(svg.contains(r#"role="img""#) && svg.contains("<title>"));
        assert!(svg.contains(r#"viewBox="0 0 "#) && svg.contains(r#"width="100%""#));
        assert!(svg.contains(r#"font-family="IPAexGothic, Noto Sans CJK JP, Hiragino Sans, sans-serif""#));
        assert_eq!(count(svg, "<g"), count(svg, "</g>"));
        assert_eq!(count(svg, "<title>"), count(svg, "</title>"));
        assert_eq!(count(svg, "<text"), count(svg, "</text>"));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape(r#"<script>&"'"#), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(escape("情報セキュリティ"), "情報セキュリティ");
    }

    #[test]
    fn gantt_structure() {
        let mut planned = vec![false; 12];
        planned[0] = true;
        planned[1] = true;
        planned[5] = true;
        let mut done = vec![None; 12];
        done[0] = Some(MonthState::Done);
        done[1] = Some(MonthState::Partial);
        let rows = vec![
            GanttRow {
                label: "1 教育の実施".into(),
                planned: planned.clone(),
                done: done.clone(),
                deadline_index: Some(11.97),
                late: false,
            },
            GanttRow {
                label: "1-2 <script>&\"".into(),
                planned: vec![true; 12],
                done: vec![Some(MonthState::NotDone), Some(MonthState::Skipped)],
                deadline_index: None,
                late: true,
            },
        ];
        let svg = gantt("計画の進捗 <2025年度>", &months(), &rows, Some(4.5), &gantt_legend());
        assert_safe(&svg);
        // Bars: two runs in the first row, one in the second, plus the legend swatch.
        assert_eq!(count(&svg, "<rect"), 4);
        assert_eq!(count(&svg, r#"class="gantt-bar""#), 3);
        // Marks: four results, plus four legend swatches.
        assert_eq!(count(&svg, "<circle"), 8);
        for (state, colour) in [("done", DONE), ("partial", PARTIAL), ("not_done", NOT_DONE), ("skipped", SKIPPED)] {
            assert!(svg.contains(&format!(r#"class="gantt-mark gantt-mark-{state}" "#)), "{state}");
            assert!(svg.contains(&format!(r#"fill="{colour}""#)));
        }
        assert_eq!(count(&svg, r#"class="gantt-deadline""#), 1);
        assert_eq!(count(&svg, r#"class="gantt-today""#), 1);
        assert_eq!(count(&svg, r#"class="gantt-row gantt-late""#), 1);
        assert!(svg.contains("<title>計画の進捗 &lt;2025年度&gt;</title>"));
        assert!(svg.contains("1-2 &lt;script&gt;&amp;&quot;"));
        assert!(!svg.contains("<script"));
        for m in months() {
            assert!(svg.contains(&format!(">{m}</text>")), "{m}");
        }
        for l in ["予定", "実施済", "一部実施", "未実施", "対象外", "達成期限", "今日", "遅延"] {
            assert!(svg.contains(&format!(">{l}</text>")), "{l}");
        }
    }

    #[test]
    fn gantt_edges() {
        // No rows, no today: still a well-formed chart.
        let svg = gantt("空", &months(), &[], None, &gantt_legend());
        assert_safe(&svg);
        assert!(!svg.contains("gantt-today"));
        assert_eq!(count(&svg, "<rect"), 1);
        // A long label is shortened; the full text stays in its title.
        let long = "情報セキュリティ教育を全従業員に対して年二回実施し理解度テストで確認する".to_string();
        let row = GanttRow { label: long.clone(), ..Default::default() };
        let svg = gantt("t", &months(), &[row], Some(13.0), &gantt_legend());
        assert_safe(&svg);
        assert!(svg.contains(&format!("<title>{long}</title>")));
        assert!(svg.contains('…'));
        assert!(!svg.contains("gantt-today"), "today outside the period is not drawn");
    }

    #[test]
    fn ticks_are_nice() {
        for (lo, hi) in [(0.0, 100.0), (52.0, 97.0), (0.0, 0.3), (-5.0, 5.0), (1e6, 1.2e6), (3.0, 3.0), (0.0, 1.0)] {
            let t = nice_ticks(lo, hi);
            assert!((4..=6).contains(&t.len()), "{lo}..{hi}: {t:?}");
            assert!(t[0] <= lo && *t.last().unwrap() >= hi, "{lo}..{hi}: {t:?}");
            let step = t[1] - t[0];
            let mantissa = step / 10f64.powf(step.log10().floor());
            assert!([1.0, 2.0, 5.0].iter().any(|m| (mantissa - m).abs() < 1e-9), "{t:?}");
        }
        assert_eq!(nice_ticks(0.0, 0.3), [0.0, 0.1, 0.2, 0.3]);
        assert_eq!(nice_ticks(0.0, 100.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    }

    #[test]
    fn trend_structure() {
        let points = [
            TrendPoint { x: 0.5, value: 62.0, superseded: false },
            TrendPoint { x: 1.5, value: 70.0, superseded: true },
            TrendPoint { x: 1.5, value: 71.0, superseded: false },
            TrendPoint { x: 2.5, value: 78.5, superseded: false },
        ];
        let svg =
            trend("標的型メール訓練 報告率", &months(), Some("%"), &points, Some(90.0), Some(60.0), &trend_legend());
        assert_safe(&svg);
        // Four points, plus legend swatches for current and superseded values.
        assert_eq!(count(&svg, "<circle"), 6);
        assert_eq!(count(&svg, r#"class="trend-point""#), 3);
        assert_eq!(count(&svg, r#"class="trend-superseded""#), 1);
        assert_eq!(count(&svg, "<polyline"), 1);
        assert_eq!(count(&svg, "<rect"), 0);
        assert!(svg.contains(r#"stroke-dasharray="6 4""#) && svg.contains(r#"stroke-dasharray="2 3""#));
        assert!(svg.contains(">目標 90 %</text>"));
        assert!(svg.contains(">現状値 60 %</text>"));
        // The y ticks reach the target.
        let ticks: Vec<f64> = svg
            .split(r#"class="trend-tick""#)
            .skip(1)
            .map(|s| s.split('>').nth(1).unwrap().split('<').next().unwrap().parse().unwrap())
            .collect();
        assert!((4..=6).contains(&ticks.len()), "{ticks:?}");
        assert!(ticks.iter().cloned().fold(f64::MIN, f64::max) >= 90.0, "{ticks:?}");
        assert!(ticks.iter().cloned().fold(f64::MAX, f64::min) <= 60.0, "{ticks:?}");
    }

    #[test]
    fn trend_escapes_and_degrades() {
        let legend = TrendLegend { target: "<script>&\"".into(), ..trend_legend() };
        let svg = trend("<b>'x'</b>", &months(), Some("<u>"), &[], Some(5.0), None, &legend);
        assert_safe(&svg);
        assert!(svg.contains("<title>&lt;b&gt;&#39;x&#39;&lt;/b&gt;</title>"));
        assert!(svg.contains("&lt;script&gt;&amp;&quot; 5 &lt;u&gt;"));
        assert!(!svg.contains("<script") && !svg.contains("<u>") && !svg.contains("<b>"));
        assert_eq!(count(&svg, "<circle"), 0);
        assert_eq!(count(&svg, "<polyline"), 0);
        // Nothing at all, or values that are not numbers, still draw axes.
        let svg =
            trend("t", &[], None, &[TrendPoint { x: 1.0, value: f64::NAN, superseded: false }], None, None, &legend);
        assert_safe(&svg);
        assert_eq!(count(&svg, "<circle"), 0);
        assert_eq!(count(&svg, r#"class="trend-tick""#), nice_ticks(0.0, 1.0).len());
        // One value: a dot, no line.
        let one = [TrendPoint { x: 3.0, value: 7.0, superseded: false }];
        let svg = trend("t", &months(), None, &one, None, None, &legend);
        assert_eq!((count(&svg, "<circle"), count(&svg, "<polyline")), (2, 0));
    }
}
