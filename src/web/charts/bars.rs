//! A horizontal bar chart of counts: one labelled bar per row, its count at
//! the bar's end, each row a link when it has one (the dashboard's pictures).

use std::fmt::Write;

use super::{GRID, MUTED, escape, fit, n, open_svg, text_width};

/// One row of a bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    /// A fill colour (`#rrggbb`): the chart's only colour, the count is always written out.
    pub color: &'static str,
    /// Where the row leads (a list filtered to what the bar counts).
    pub href: Option<String>,
}

const WIDTH: f64 = 440.0;
/// The label column grows with the longest label, between these widths.
const LABEL_MIN: f64 = 80.0;
const LABEL_MAX: f64 = 250.0;
const COUNT_W: f64 = 40.0;
const ROW_H: f64 = 26.0;
const BAR_H: f64 = 16.0;
const TOP: f64 = 4.0;

/// The chart of `rows`, top to bottom; bars are scaled to the largest count.
/// The `<title>` lists every label with its count, so the numbers do not
/// depend on seeing the picture.
pub fn bars(title: &str, rows: &[Bar]) -> String {
    let height = TOP * 2.0 + ROW_H * rows.len().max(1) as f64;
    let most = rows.iter().map(|r| r.count).max().unwrap_or(0).max(1) as f64;
    let longest = rows.iter().map(|r| text_width(&r.label, 12.0)).fold(0.0, f64::max);
    let label_w = (longest + 12.0).clamp(LABEL_MIN, LABEL_MAX);
    let track = WIDTH - label_w - COUNT_W;
    let summary = rows.iter().map(|r| format!("{} {}", r.label, r.count)).collect::<Vec<_>>().join(", ");
    let mut out = String::new();
    open_svg(&mut out, "chart-bars", WIDTH, height, &format!("{title}: {summary}"));
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let mid = y + ROW_H / 2.0;
        let w = if row.count == 0 { 0.0 } else { (track * row.count as f64 / most).max(2.0) };
        if let Some(href) = &row.href {
            let _ = write!(out, r#"<a class="bar-link" href="{}">"#, escape(href));
        }
        let _ = write!(
            out,
            r#"<g class="bar" data-count="{count}"><title>{tip}</title><text x="{lx}" y="{mid}" text-anchor="end" dominant-baseline="middle">{label}</text><rect x="{x}" y="{ry}" width="{track}" height="{BAR_H}" fill="{GRID}" fill-opacity="0.35"/><rect x="{x}" y="{ry}" width="{w}" height="{BAR_H}" fill="{color}"/><text x="{cx}" y="{mid}" dominant-baseline="middle" font-weight="bold" fill="{ink}">{count}</text></g>"#,
            count = row.count,
            tip = escape(&format!("{}: {}", row.label, row.count)),
            lx = n(label_w - 8.0),
            mid = n(mid),
            label = escape(&fit(&row.label, label_w - 12.0, 12.0)),
            x = n(label_w),
            ry = n(mid - BAR_H / 2.0),
            track = n(track),
            w = n(w),
            color = row.color,
            cx = n(label_w + w + 6.0),
            ink = if row.count == 0 { MUTED } else { super::INK },
        );
        if row.href.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, count: usize, href: Option<&str>) -> Bar {
        Bar { label: label.into(), count, color: "#2e7d32", href: href.map(str::to_string) }
    }

    #[test]
    fn bars_scale_and_link() {
        let svg = bars(
            "目的の状態",
            &[row("推進中", 4, Some("/o?status=active&x=<y>")), row("下書き", 0, None), row("達成", 2, None)],
        );
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(!svg.contains("style=") && !svg.contains("<script"));
        assert!(svg.contains("<title>目的の状態: 推進中 4, 下書き 0, 達成 2</title>"));
        assert_eq!(svg.matches("<a ").count(), 1);
        assert!(svg.contains(r#"href="/o?status=active&amp;x=&lt;y&gt;""#));
        // The largest bar fills the track; half the count is half the width; zero draws nothing.
        // Three full-width characters and a margin: the label column is at its narrowest.
        let track = WIDTH - LABEL_MIN - COUNT_W;
        assert!(svg.contains(&format!(r#"width="{}" height="16" fill="{}""#, n(track), "#2e7d32")));
        assert!(svg.contains(&format!(r#"width="{}" height="16" fill="{}""#, n(track / 2.0), "#2e7d32")));
        assert!(svg.contains(r##"width="0" height="16" fill="#2e7d32""##));
        for tag in ["g", "a", "title", "text"] {
            assert_eq!(
                svg.matches(&format!("<{tag} ")).count() + svg.matches(&format!("<{tag}>")).count(),
                svg.matches(&format!("</{tag}>")).count(),
                "{tag}"
            );
        }
    }

    #[test]
    fn empty_and_hostile() {
        let empty = bars("t", &[]);
        assert!(empty.starts_with("<svg ") && empty.ends_with("</svg>"));
        let hostile = bars("<t>", &[row("<script>", 1, Some("\"><script>"))]);
        assert!(!hostile.contains("<script") && !hostile.contains("<t>"));
    }
}
