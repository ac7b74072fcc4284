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

mod bars;
mod gantt;
mod trend;

pub use bars::{Bar, bars};
pub use gantt::{GanttLegend, GanttRow, gantt};
pub use trend::{TrendLegend, TrendPoint, nice_ticks, trend};

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

/// Helpers shared by the tests of every chart.
#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn months() -> Vec<String> {
        [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].iter().map(|m| format!("{m}月")).collect()
    }

    pub(super) fn count(hay: &str, needle: &str) -> usize {
        hay.matches(needle).count()
    }

    pub(super) fn assert_safe(svg: &str) {
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
}
