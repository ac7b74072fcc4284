//! The Gantt chart of plans over the twelve months.

use std::fmt::Write;

use super::{
    DEADLINE, DONE, GRID, INK, LATE, LegendFlow, MUTED, NOT_DONE, PARTIAL, PLANNED_FILL, PLANNED_STROKE, REPORTED,
    SKIPPED, TODAY, WHITE, escape, fit, n, open_svg,
};
use crate::domain::month::MonthState;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::charts::tests::{assert_safe, count, months};

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
}
