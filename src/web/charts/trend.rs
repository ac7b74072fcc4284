//! The trend chart of an indicator's measurements over the twelve months.

use std::fmt::Write;

use super::{BASELINE, GRID, LegendFlow, MUTED, SKIPPED, TARGET, VALUE, WHITE, escape, fit, n, open_svg};
use crate::domain::indicator::format_number;

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
    use crate::web::charts::tests::{assert_safe, count, months};

    fn trend_legend() -> TrendLegend {
        TrendLegend {
            value: "測定値".into(),
            superseded: "訂正前".into(),
            target: "目標".into(),
            baseline: "現状値".into(),
        }
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
