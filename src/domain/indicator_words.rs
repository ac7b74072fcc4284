//! The words of the 指標・目標値 cell, as data: comparators, changes,
//! baselines and frequencies in Japanese and English. `indicator_wording`
//! reads lines with them; a word people use that ismo misses is added here.
//! Where one word starts another, the reader takes the longest.

use super::indicator::{Direction, Frequency};

/// Comparators written after the number: `95点以上`, `4 or fewer`.
pub(super) const AFTER: &[(&str, Direction)] = &[
    ("以上", Direction::Higher),
    ("以下", Direction::Lower),
    ("以内", Direction::Lower),
    ("未満", Direction::Below),
    ("を超える", Direction::Above),
    ("を上回る", Direction::Above),
    ("超え", Direction::Above),
    ("超", Direction::Above),
    ("を下回る", Direction::Below),
    ("ちょうど", Direction::Target),
    ("or more", Direction::Higher),
    ("or higher", Direction::Higher),
    ("or above", Direction::Higher),
    ("or greater", Direction::Higher),
    ("or over", Direction::Higher),
    ("or less", Direction::Lower),
    ("or fewer", Direction::Lower),
    ("or lower", Direction::Lower),
    ("or below", Direction::Lower),
    ("or under", Direction::Lower),
    ("+", Direction::Higher),
];

/// Comparators written before the number: `at least 95`, `≤ 4`, `≧95`.
pub(super) const BEFORE: &[(&str, Direction)] = &[
    ("at least", Direction::Higher),
    ("no less than", Direction::Higher),
    ("not less than", Direction::Higher),
    ("minimum", Direction::Higher),
    ("min.", Direction::Higher),
    ("min", Direction::Higher),
    (">=", Direction::Higher),
    ("=>", Direction::Higher),
    ("≥", Direction::Higher),
    ("≧", Direction::Higher),
    ("more than", Direction::Above),
    ("greater than", Direction::Above),
    ("over", Direction::Above),
    ("above", Direction::Above),
    ("exceeding", Direction::Above),
    (">", Direction::Above),
    ("at most", Direction::Lower),
    ("no more than", Direction::Lower),
    ("not more than", Direction::Lower),
    ("maximum", Direction::Lower),
    ("max.", Direction::Lower),
    ("max", Direction::Lower),
    ("up to", Direction::Lower),
    ("<=", Direction::Lower),
    ("=<", Direction::Lower),
    ("≤", Direction::Lower),
    ("≦", Direction::Lower),
    ("less than", Direction::Below),
    ("fewer than", Direction::Below),
    ("under", Direction::Below),
    ("below", Direction::Below),
    ("<", Direction::Below),
    ("exactly", Direction::Target),
    ("=", Direction::Target),
];

/// Words after a target that say keep or reach it, read as "at least".
pub(super) const KEEP: &[&str] = &["を維持", "維持", "を達成", "達成", "を目指す", "を目標", "とする", "程度"];

/// Words that say fewer is better, in the name of what is counted.
pub(super) const FEWER_IS_BETTER: &[&str] = &[
    "件数",
    "インシデント",
    "事故",
    "漏えい",
    "漏洩",
    "違反",
    "苦情",
    "不備",
    "指摘",
    "ミス",
    "障害",
    "停止",
    "遅延",
    "紛失",
    "開封率",
    "incident",
    "error",
    "breach",
    "complaint",
    "finding",
    "downtime",
    "outage",
    "loss",
    "violation",
    "open rate",
    "click rate",
];

/// Relative changes: 削減 (down) or 向上 (up), with the words that name the year compared with.
pub(super) const CHANGE: &[(&str, Direction)] = &[
    ("削減", Direction::Lower),
    ("低減", Direction::Lower),
    ("減少", Direction::Lower),
    ("減", Direction::Lower),
    ("ダウン", Direction::Lower),
    ("向上", Direction::Higher),
    ("増加", Direction::Higher),
    ("増", Direction::Higher),
    ("アップ", Direction::Higher),
    ("reduction", Direction::Lower),
    ("decrease", Direction::Lower),
    ("fewer", Direction::Lower),
    ("less", Direction::Lower),
    ("lower", Direction::Lower),
    ("down", Direction::Lower),
    ("increase", Direction::Higher),
    ("more", Direction::Higher),
    ("higher", Direction::Higher),
    ("up", Direction::Higher),
];
pub(super) const CHANGE_BEFORE: &[(&str, Direction)] = &[
    ("reduce by", Direction::Lower),
    ("reduced by", Direction::Lower),
    ("cut by", Direction::Lower),
    ("decrease by", Direction::Lower),
    ("increase by", Direction::Higher),
    ("improve by", Direction::Higher),
];
pub(super) const COMPARED_WITH: &[(&str, ())] = &[
    ("前年同期比", ()),
    ("前年度比", ()),
    ("昨年度比", ()),
    ("前年比", ()),
    ("昨年比", ()),
    ("前期比", ()),
    ("than last year", ()),
    ("vs last year", ()),
    ("vs. last year", ()),
    ("from last year", ()),
    ("year on year", ()),
    ("yoy", ()),
];

/// Words that introduce a baseline: `（基準値 8件）`, `baseline 80`.
pub(super) const BASELINE: &[&str] =
    &["基準値", "現状値", "現状", "前年度実績", "前年実績", "前年度", "昨年度", "baseline", "currently", "current"];

/// Frequencies, as words.
pub(super) const FREQUENCY: &[(&str, Frequency)] = &[
    ("毎月", Frequency::Monthly),
    ("月次", Frequency::Monthly),
    ("月ごと", Frequency::Monthly),
    ("月毎", Frequency::Monthly),
    ("monthly", Frequency::Monthly),
    ("every month", Frequency::Monthly),
    ("四半期ごと", Frequency::Quarterly),
    ("四半期毎", Frequency::Quarterly),
    ("四半期", Frequency::Quarterly),
    ("quarterly", Frequency::Quarterly),
    ("every quarter", Frequency::Quarterly),
    ("半年ごと", Frequency::Semiannual),
    ("半期ごと", Frequency::Semiannual),
    ("半年毎", Frequency::Semiannual),
    ("半期毎", Frequency::Semiannual),
    ("every six months", Frequency::Semiannual),
    ("semiannually", Frequency::Semiannual),
    ("semiannual", Frequency::Semiannual),
    ("毎年", Frequency::Annual),
    ("年次", Frequency::Annual),
    ("annually", Frequency::Annual),
    ("annual", Frequency::Annual),
    ("yearly", Frequency::Annual),
    ("1回のみ", Frequency::Once),
    ("once", Frequency::Once),
];

/// `月1回以上`, `twice a year`: the window a count is made in.
pub(super) const PER: &[(&str, Frequency)] = &[
    ("四半期", Frequency::Quarterly),
    ("半年", Frequency::Semiannual),
    ("半期", Frequency::Semiannual),
    ("毎月", Frequency::Monthly),
    ("月", Frequency::Monthly),
    ("年間", Frequency::Annual),
    ("毎年", Frequency::Annual),
    ("年", Frequency::Annual),
];
pub(super) const PER_EN: &[(&str, Frequency)] = &[
    ("month", Frequency::Monthly),
    ("quarter", Frequency::Quarterly),
    ("half-year", Frequency::Semiannual),
    ("half year", Frequency::Semiannual),
    ("year", Frequency::Annual),
];

pub(super) const MONTHS_EN: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
