//! The risk heat map: how many risks sit in each cell of the scoring grid,
//! coloured by whether that cell's score needs a treatment.
//!
//! Written as the other charts are (see [`super::charts`]): presentation
//! attributes and classes only, no `style=` (the Content-Security-Policy),
//! every text and link escaped, `role="img"`, a `<title>`, a viewBox.

use std::fmt::Write;

use super::charts::escape;
use crate::domain::risk_method::{RiskMethod, RiskSettings, axes, cell_needs_treatment};
use crate::i18n::Tr;

const FONT: &str = "IPAexGothic, Noto Sans CJK JP, Hiragino Sans, sans-serif";
const INK: &str = "#1f2933";
const MUTED: &str = "#616e7c";
const WHITE: &str = "#ffffff";
/// Cells that need a treatment, from no risk to the most crowded cell.
const TREAT_LIGHT: (u8, u8, u8) = (0xfd, 0xe4, 0xe1);
const TREAT_STRONG: (u8, u8, u8) = (0xc6, 0x28, 0x28);
/// Cells within the acceptance criterion.
const ACCEPT_LIGHT: (u8, u8, u8) = (0xe6, 0xf4, 0xe7);
const ACCEPT_STRONG: (u8, u8, u8) = (0x2e, 0x7d, 0x32);

const CELL_W: u32 = 64;
const CELL_H: u32 = 48;
const LEFT: u32 = 64;
const TOP: u32 = 8;
const RIGHT: u32 = 8;
const BOTTOM: u32 = 48;

/// Mixes two colours; `t` in 0.0..=1.0 goes from `a` to `b`.
fn mix(a: (u8, u8, u8), b: (u8, u8, u8), t: f64) -> String {
    let t = t.clamp(0.0, 1.0);
    let c = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    format!("#{:02x}{:02x}{:02x}", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}

/// The risk heat map of an organization's period, on the axes of its risk
/// method; each cell links to the period's risk list filtered to that cell.
pub fn risk_heatmap(
    t: &Tr,
    title: &str,
    org: i64,
    period: i32,
    settings: &RiskSettings,
    counts: &[Vec<u32>],
) -> String {
    let (xs, ys) = axes(settings);
    let (x_label, y_label) = match settings.method {
        RiskMethod::LikelihoodImpact => (t.t("risk-likelihood"), t.t("risk-impact")),
        RiskMethod::AssetThreatVulnerability => (t.t("risk-threat-x-vulnerability"), t.t("risk-asset-value")),
    };
    heatmap(
        title,
        &x_label,
        &y_label,
        &xs,
        &ys,
        counts,
        |x, y| cell_needs_treatment(settings, x, y),
        |x, y| format!("/orgs/{org}/risks?period={period}&x={x}&y={y}"),
    )
}

/// A heat map of risks: `xs` left to right, `ys` bottom to top (both
/// ascending, as [`crate::domain::risk_method::axes`] gives them), `counts`
/// indexed `[y][x]` by position (missing entries count 0).
///
/// Each cell is an `<a href>` to `link(x, y)` (the risk list filtered to that
/// cell) with a `<title>` tooltip `"{x_label} {x}, {y_label} {y}: {count}"`,
/// carries `data-x`, `data-y` and `data-count`, and shows its count. A cell is
/// red-ish when `needs_treatment(x, y)`, green-ish otherwise, darker the more
/// risks it holds; a cell that needs a treatment also has a bold count and the
/// class `heatmap-treat` (else `heatmap-accept`), so colour is not the only cue.
#[allow(clippy::too_many_arguments)]
pub fn heatmap(
    title: &str,
    x_label: &str,
    y_label: &str,
    xs: &[u32],
    ys: &[u32],
    counts: &[Vec<u32>],
    needs_treatment: impl Fn(u32, u32) -> bool,
    link: impl Fn(u32, u32) -> String,
) -> String {
    let cols = xs.len() as u32;
    let rows = ys.len() as u32;
    let grid_w = CELL_W * cols.max(1);
    let grid_h = CELL_H * rows.max(1);
    let width = LEFT + grid_w + RIGHT;
    let height = TOP + grid_h + BOTTOM;
    let count_at = |yi: usize, xi: usize| counts.get(yi).and_then(|r| r.get(xi)).copied().unwrap_or(0);
    let most =
        (0..ys.len()).flat_map(|yi| (0..xs.len()).map(move |xi| (yi, xi))).map(|(yi, xi)| count_at(yi, xi)).max();
    let most = most.unwrap_or(0).max(1);

    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-heatmap" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" font-family="{FONT}" font-size="12" fill="{INK}"><title>{}</title>"#,
        escape(title)
    );

    out.push_str(r#"<g class="heatmap-cells">"#);
    for (yi, y) in ys.iter().enumerate() {
        // The highest value on top.
        let top = TOP + CELL_H * (rows - 1 - yi as u32);
        for (xi, x) in xs.iter().enumerate() {
            let left = LEFT + CELL_W * xi as u32;
            let count = count_at(yi, xi);
            let treat = needs_treatment(*x, *y);
            // Any risk at all is clearly coloured; the most crowded cell is darkest.
            let t = if count == 0 { 0.0 } else { 0.35 + 0.65 * f64::from(count) / f64::from(most) };
            let (light, strong, class) = if treat {
                (TREAT_LIGHT, TREAT_STRONG, "heatmap-treat")
            } else {
                (ACCEPT_LIGHT, ACCEPT_STRONG, "heatmap-accept")
            };
            let fill = mix(light, strong, t);
            let (ink, weight) = match (t > 0.6, count == 0, treat) {
                (true, _, true) => (WHITE, "bold"),
                (true, _, false) => (WHITE, "normal"),
                (false, true, _) => (MUTED, "normal"),
                (false, false, true) => (INK, "bold"),
                (false, false, false) => (INK, "normal"),
            };
            let _ = write!(
                out,
                r#"<a class="heatmap-cell {class}" href="{href}" data-x="{x}" data-y="{y}" data-count="{count}"><title>{tip}</title><rect x="{left}" y="{top}" width="{CELL_W}" height="{CELL_H}" fill="{fill}" stroke="{WHITE}" stroke-width="2"/><text x="{tx}" y="{ty}" text-anchor="middle" dominant-baseline="middle" font-size="16" font-weight="{weight}" fill="{ink}">{count}</text></a>"#,
                href = escape(&link(*x, *y)),
                tip = escape(&format!("{x_label} {x}, {y_label} {y}: {count}")),
                tx = left + CELL_W / 2,
                ty = top + CELL_H / 2,
            );
        }
    }
    out.push_str("</g>");

    // Tick labels and axis labels.
    out.push_str(r#"<g class="heatmap-axes">"#);
    for (xi, x) in xs.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="heatmap-tick" x="{}" y="{}" text-anchor="middle" fill="{MUTED}">{x}</text>"#,
            LEFT + CELL_W * xi as u32 + CELL_W / 2,
            TOP + grid_h + 16,
        );
    }
    for (yi, y) in ys.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="heatmap-tick" x="{}" y="{}" text-anchor="end" dominant-baseline="middle" fill="{MUTED}">{y}</text>"#,
            LEFT - 8,
            TOP + CELL_H * (rows - 1 - yi as u32) + CELL_H / 2,
        );
    }
    let _ = write!(
        out,
        r#"<text class="heatmap-x-label" x="{}" y="{}" text-anchor="middle">{}</text>"#,
        LEFT + grid_w / 2,
        TOP + grid_h + 38,
        escape(x_label)
    );
    let (lx, ly) = (18, TOP + grid_h / 2);
    let _ = write!(
        out,
        r#"<text class="heatmap-y-label" x="{lx}" y="{ly}" text-anchor="middle" dominant-baseline="middle" transform="rotate(-90 {lx} {ly})">{}</text>"#,
        escape(y_label)
    );
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(hay: &str, needle: &str) -> usize {
        hay.matches(needle).count()
    }

    /// `(x, y, data-count, shown count, href, class, top-left corner)` of every cell.
    #[derive(Debug, PartialEq)]
    struct Cell {
        x: u32,
        y: u32,
        count: u32,
        shown: String,
        href: String,
        treat: bool,
        corner: (u32, u32),
    }

    fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
        let start = tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{name} in {tag}")) + name.len() + 3;
        let len = tag[start..].find('"').unwrap();
        &tag[start..start + len]
    }

    fn cells(svg: &str) -> Vec<Cell> {
        svg.split(r#"<a class="heatmap-cell"#)
            .skip(1)
            .map(|s| {
                let a = s.split("</a>").next().unwrap();
                let rect = &a[a.find("<rect").unwrap()..];
                let shown = a.split("</text>").next().unwrap().rsplit('>').next().unwrap();
                Cell {
                    x: attr(a, "data-x").parse().unwrap(),
                    y: attr(a, "data-y").parse().unwrap(),
                    count: attr(a, "data-count").parse().unwrap(),
                    shown: shown.to_string(),
                    href: attr(a, "href").to_string(),
                    treat: a.starts_with(" heatmap-treat\""),
                    corner: (attr(rect, "x").parse().unwrap(), attr(rect, "y").parse().unwrap()),
                }
            })
            .collect()
    }

    /// The sample's seven risks on the asset × threat × vulnerability grid.
    fn sample() -> String {
        let xs = [1, 2, 3, 4, 6, 9];
        let ys = [1, 2, 3];
        let counts = vec![vec![0, 0, 0, 0, 0, 0], vec![1, 0, 0, 1, 1, 0], vec![0, 0, 1, 1, 2, 0]];
        heatmap(
            "リスクマップ <2025年度>",
            "脅威×脆弱性",
            "資産価値",
            &xs,
            &ys,
            &counts,
            |x, y| x * y >= 12,
            |x, y| format!("/risks?x={x}&y={y}&q=\"<a>\""),
        )
    }

    #[test]
    fn well_formed_and_safe() {
        let svg = sample();
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(!svg.contains("style="), "the CSP forbids inline styles");
        assert!(!svg.contains("<script"));
        assert!(svg.contains(r#"role="img""#) && svg.contains(r#"viewBox="0 0 "#) && svg.contains(r#"width="100%""#));
        assert!(svg.contains("<title>リスクマップ &lt;2025年度&gt;</title>"));
        for tag in ["g", "a", "title", "text"] {
            assert_eq!(
                count(&svg, &format!("<{tag} ")) + count(&svg, &format!("<{tag}>")),
                count(&svg, &format!("</{tag}>")),
                "{tag}"
            );
        }
        assert!(svg.contains(">脅威×脆弱性</text>") && svg.contains(">資産価値</text>"));
        assert!(svg.contains(r#"transform="rotate(-90 "#));
    }

    #[test]
    fn counts_sit_in_their_cells() {
        let svg = sample();
        let got = cells(&svg);
        assert_eq!(got.len(), 18);
        let find = |x: u32, y: u32| got.iter().find(|c| c.x == x && c.y == y).unwrap();
        for (x, y, n) in [(6, 3, 2), (4, 3, 1), (3, 3, 1), (6, 2, 1), (4, 2, 1), (1, 2, 1), (9, 3, 0), (1, 1, 0)] {
            let c = find(x, y);
            assert_eq!((c.count, c.shown.as_str()), (n, n.to_string().as_str()), "({x}, {y})");
        }
        assert_eq!(got.iter().map(|c| c.count).sum::<u32>(), 7);
        // Columns left to right by x, rows bottom to top by y.
        assert!(find(1, 3).corner.0 < find(9, 3).corner.0);
        assert_eq!(find(1, 3).corner.0, find(1, 1).corner.0);
        assert!(find(1, 3).corner.1 < find(1, 1).corner.1, "the highest asset value is on top");
        // Colour follows the criterion, not the count.
        assert!(find(4, 3).treat && find(9, 3).treat && find(6, 2).treat);
        assert!(!find(3, 3).treat && !find(4, 2).treat && !find(9, 1).treat);
        // Tooltips name the cell.
        assert!(svg.contains("<title>脅威×脆弱性 6, 資産価値 3: 2</title>"));
    }

    #[test]
    fn links_are_escaped() {
        let svg = sample();
        let c = cells(&svg);
        assert_eq!(c[0].href, "/risks?x=1&amp;y=1&amp;q=&quot;&lt;a&gt;&quot;");
        assert!(!svg.contains("&y=") && !svg.contains("\"<a>\""));
        let hostile =
            heatmap("t", "<x>", "\"y\"", &[1], &[1], &[vec![1]], |_, _| false, |_, _| "javascript:\"><script>".into());
        assert!(!hostile.contains("<script") && !hostile.contains("<x>"));
        assert!(hostile.contains(">&lt;x&gt;</text>") && hostile.contains(">&quot;y&quot;</text>"));
    }

    #[test]
    fn shading_grows_with_the_count() {
        let svg = heatmap("t", "x", "y", &[1, 2, 3], &[1], &[vec![0, 1, 4]], |_, _| true, |x, _| format!("/r/{x}"));
        let fills: Vec<&str> = svg.split("<rect").skip(1).map(|r| attr(r, "fill")).collect();
        assert_eq!(fills.len(), 3);
        let red = |f: &str| u8::from_str_radix(&f[3..5], 16).unwrap();
        // Green and blue fall as the red deepens.
        assert!(red(fills[0]) > red(fills[1]) && red(fills[1]) > red(fills[2]), "{fills:?}");
        assert_eq!(fills[2], "#c62828");
        let green = heatmap("t", "x", "y", &[1], &[1], &[vec![3]], |_, _| false, |_, _| String::new());
        assert!(green.contains(r##"fill="#2e7d32""##) && green.contains("heatmap-accept"));
    }

    #[test]
    fn degrades_without_data() {
        // Missing rows count zero; empty axes still draw a chart.
        let svg = heatmap("t", "x", "y", &[1, 2], &[1, 2], &[vec![5]], |_, _| false, |_, _| "/".into());
        let c = cells(&svg);
        assert_eq!(
            c.iter().map(|c| (c.x, c.y, c.count)).collect::<Vec<_>>(),
            [(1, 1, 5), (2, 1, 0), (1, 2, 0), (2, 2, 0)]
        );
        let empty = heatmap("t", "x", "y", &[], &[], &[], |_, _| false, |_, _| "/".into());
        assert!(empty.starts_with("<svg ") && empty.ends_with("</svg>") && cells(&empty).is_empty());
    }
}
