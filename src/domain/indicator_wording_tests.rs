//! The 指標・目標値 phrasings people write, with the reading each must get.

use super::*;
use Direction::{Above, Below, Higher, Lower, Milestone, Target};
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// (line, name, target, unit, direction, baseline, frequency)
type Case = (&'static str, &'static str, f64, Option<&'static str>, Direction, Option<f64>, Option<Frequency>);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // The seed article's own examples.
    ("情報セキュリティテスト 全従業員95点以上", "情報セキュリティテスト 全従業員", 95.0, Some("点"), Higher, None, None),
    ("教育受講率 100%", "教育受講率", 100.0, Some("%"), Higher, None, None),
    ("インシデント件数 前年度比50%削減（4件以下）", "インシデント件数", 4.0, Some("件"), Lower, Some(8.0), None),
    ("情報セキュリティテスト平均 95点以上", "情報セキュリティテスト平均", 95.0, Some("点"), Higher, None, None),
    // Full-width digits and signs.
    ("教育受講率　１００％", "教育受講率", 100.0, Some("%"), Higher, None, None),
    ("テスト平均点 ９５点以上", "テスト平均点", 95.0, Some("点"), Higher, None, None),
    ("重大インシデント ０件", "重大インシデント", 0.0, Some("件"), Lower, None, None),
    // Comparators after the number.
    ("インシデント 4件以下", "インシデント", 4.0, Some("件"), Lower, None, None),
    ("標的型メール訓練の開封率 10%未満", "標的型メール訓練の開封率", 10.0, Some("%"), Below, None, None),
    ("パッチ適用率 95%を超える", "パッチ適用率", 95.0, Some("%"), Above, None, None),
    ("バックアップ成功率 99%超", "バックアップ成功率", 99.0, Some("%"), Above, None, None),
    ("復旧時間 4時間以内", "復旧時間", 4.0, Some("時間"), Lower, None, None),
    ("稼働率 99.9%維持", "稼働率", 99.9, Some("%"), Higher, None, None),
    ("受講者数 1,200名以上", "受講者数", 1200.0, Some("名"), Higher, None, None),
    ("情報漏えい事故 ゼロ", "情報漏えい事故", 0.0, None, Lower, None, None),
    ("情報漏えい事故ゼロ件", "情報漏えい事故", 0.0, Some("件"), Lower, None, None),
    ("目標点 80点ちょうど", "目標点", 80.0, Some("点"), Target, None, None),
    ("脆弱性診断指摘 ≦3件", "脆弱性診断指摘", 3.0, Some("件"), Lower, None, None),
    ("理解度テスト ≧80点", "理解度テスト", 80.0, Some("点"), Higher, None, None),
    // Counts in a window.
    ("訓練実施 月1回以上", "訓練実施", 1.0, Some("回"), Higher, None, Some(Frequency::Monthly)),
    ("内部監査 年2回", "内部監査", 2.0, Some("回"), Higher, None, Some(Frequency::Annual)),
    ("教育 四半期に1回以上", "教育", 1.0, Some("回"), Higher, None, Some(Frequency::Quarterly)),
    // Baselines and frequencies.
    ("受講率 現状80%→95%以上", "受講率", 95.0, Some("%"), Higher, Some(80.0), None),
    ("受講率 95%以上（基準値 80%）", "受講率", 95.0, Some("%"), Higher, Some(80.0), None),
    ("標的型メール開封率 10%以下（四半期ごと）", "標的型メール開封率", 10.0, Some("%"), Lower, None, Some(Frequency::Quarterly)),
    ("パスワード変更率 100%（毎月）", "パスワード変更率", 100.0, Some("%"), Higher, None, Some(Frequency::Monthly)),
    // A change alone: the reduction is what is measured.
    ("インシデント件数 前年度比50%削減", "インシデント件数（削減率）", 50.0, Some("%"), Higher, None, None),
    ("ヒヤリハット報告件数 前年比20%向上", "ヒヤリハット報告件数（向上率）", 20.0, Some("%"), Higher, None, None),
    // English.
    ("Security test score at least 95", "Security test score", 95.0, None, Higher, None, None),
    ("Training completion 100 %", "Training completion", 100.0, Some("%"), Higher, None, None),
    ("Incidents ≤ 4", "Incidents", 4.0, None, Lower, None, None),
    ("Incidents <= 4", "Incidents", 4.0, None, Lower, None, None),
    ("Phishing click rate below 5%", "Phishing click rate", 5.0, Some("%"), Below, None, None),
    ("Uptime more than 99.5%", "Uptime", 99.5, Some("%"), Above, None, None),
    ("Patch coverage 95% or more", "Patch coverage", 95.0, Some("%"), Higher, None, None),
    ("Open findings 3 or fewer", "Open findings", 3.0, None, Lower, None, None),
    ("Major incidents: zero", "Major incidents", 0.0, None, Lower, None, None),
    ("zero incidents", "incidents", 0.0, None, Lower, None, None),
    ("Awareness score at least 80 points", "Awareness score", 80.0, Some("points"), Higher, None, None),
    ("Backup restore tests twice a year", "Backup restore tests", 2.0, Some("times"), Higher, None, Some(Frequency::Annual)),
    ("Phishing drill at least once a month", "Phishing drill", 1.0, Some("times"), Higher, None, Some(Frequency::Monthly)),
    ("Incidents 50% fewer than last year (at most 4)", "Incidents", 4.0, None, Lower, Some(8.0), None),
    ("Open rate at most 10% (quarterly)", "Open rate", 10.0, Some("%"), Lower, None, Some(Frequency::Quarterly)),
    ("Training completion at least 95% (baseline 80%)", "Training completion", 95.0, Some("%"), Higher, Some(80.0), None),
    ("Incident count 4", "Incident count", 4.0, None, Lower, None, None),
];

#[test]
fn phrasings_read_as_people_mean_them() {
    assert!(CASES.len() >= 40);
    for (line, name, target, unit, direction, baseline, frequency) in CASES {
        let r = read(line);
        let want = TargetReading {
            name: name.to_string(),
            target: Some(*target),
            unit: unit.map(String::from),
            direction: *direction,
            baseline: *baseline,
            frequency: *frequency,
            target_date: None,
        };
        assert_eq!(r, want, "{line}");
    }
}

#[test]
fn milestones_are_targets_done_by_a_date() {
    #[rustfmt::skip]
    let cases = [
        ("2026年2月までに認証登録", "認証登録", date(2026, 2, 28)),
        ("２０２６年２月までに認証登録", "認証登録", date(2026, 2, 28)),
        ("令和8年2月までに認証取得", "認証取得", date(2026, 2, 28)),
        ("認証登録 2026/2/15までに", "認証登録", date(2026, 2, 15)),
        ("ISMS certification by Feb 2026", "ISMS certification", date(2026, 2, 28)),
        ("ISMS certification by 2026-02-15", "ISMS certification", date(2026, 2, 15)),
        ("Policy approved by end of March 2026", "Policy approved", date(2026, 3, 31)),
    ];
    for (line, name, day) in cases {
        let r = read(line);
        assert_eq!(
            (r.name.as_str(), r.target_date, r.direction, r.target),
            (name, day, Milestone, Some(1.0)),
            "{line}"
        );
    }
}

#[test]
fn words_that_judge_nothing_are_kept_whole() {
    for line in
        ["意識を高める", "ISO27001 認証維持", "情報セキュリティ文化の醸成", "Raise awareness", "A.8.24 の運用定着"]
    {
        let r = read(line);
        assert_eq!((r.name.as_str(), r.target), (line, None), "{line}");
    }
    // A line longer than any name is words, however many targets it seems to hold.
    let long = "までに1以上".repeat(20_000);
    assert_eq!(read(&long).target, None);
    // A year is not a target.
    assert_eq!(read("2025年度 教育計画の策定").target, None);
    assert_eq!(read("2025年度 受講率 100%").target, Some(100.0));
}

#[test]
fn the_export_writes_what_the_import_reads() {
    for (line, ..) in CASES {
        let r = read(line);
        for wording in [Wording::Ja, Wording::En] {
            let again = render(&r, wording);
            let mut back = read(&again);
            // A frequency left unwritten is the default, which render leaves out.
            if back.frequency.is_none() {
                back.frequency = r.frequency.filter(|f| *f == default_frequency(r.direction));
            }
            assert_eq!(back, r, "{line} → {again}");
        }
    }
    assert_eq!(render(&read("教育受講率 100%"), Wording::Ja), "教育受講率 100%以上");
    assert_eq!(render(&read("インシデント 4件以下"), Wording::En), "インシデント at most 4件");
    assert_eq!(render(&read("2026年2月までに認証登録"), Wording::Ja), "2026年2月までに認証登録");
    assert_eq!(render(&read("意識を高める"), Wording::En), "意識を高める");
}

fn direction() -> impl Strategy<Value = Direction> {
    proptest::sample::select(vec![Higher, Lower, Above, Below, Target])
}

proptest! {
    /// Any indicator ismo writes reads back as itself, in either language.
    #[test]
    fn render_then_read_is_the_identity(
        name in "[a-zA-Z][a-zA-Z ]{0,12}[a-zA-Z]|[情報教育受講訓練監査][情報教育受講訓練監査率]{0,6}",
        target in 0u32..100_000, decimals in 0u32..3,
        unit in proptest::option::of(proptest::sample::select(vec!["%", "点", "件", "時間", "名", "points", "hours"])),
        direction in direction(),
        baseline in proptest::option::of(0u32..1000),
        frequency in proptest::option::of(proptest::sample::select(Frequency::ALL.to_vec())),
    ) {
        let words = ["at", "most", "least", "more", "less", "than", "exactly", "by", "baseline", "once", "over", "under", "below", "above", "up", "down", "min", "max", "zero", "annual", "yearly", "monthly", "quarterly", "or", "to", "current", "currently", "every", "times", "a", "per", "each", "increase", "decrease", "fewer", "lower", "higher", "reduction", "minimum", "maximum", "exceeding", "semiannual", "semiannually", "annually"];
        prop_assume!(!name.to_lowercase().split(' ').any(|w| words.contains(&w)));
        let target = f64::from(target) / 10f64.powi(decimals as i32);
        let r = TargetReading {
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            target: Some(target),
            unit: unit.map(String::from),
            direction,
            baseline: baseline.map(f64::from),
            frequency: frequency.filter(|f| *f != default_frequency(direction)),
            target_date: None,
        };
        for wording in [Wording::Ja, Wording::En] {
            let line = render(&r, wording);
            prop_assert_eq!(read(&line), r.clone(), "{}", line);
        }
    }
}
