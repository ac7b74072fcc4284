//! iCalendar (RFC 5545) output for the calendar feeds: all-day events for
//! deadlines and monthly planned tasks.
//!
//! Pure and small on purpose: ismo writes only what it needs — text values
//! escaped (`\\`, `;`, `,`, newlines), lines folded at 75 octets without
//! splitting a character, CRLF line ends.

use chrono::{DateTime, Days, NaiveDate, Utc};

/// The longest content line, in octets, before it is folded (RFC 5545 3.1).
pub const LINE_OCTETS: usize = 75;

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across requests, e.g. `plan-12-deadline@ismo`, so a calendar
    /// updates the event instead of adding another.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: Option<String>,
    /// A link to the record (an absolute URL).
    pub url: Option<String>,
}

/// The UID of a plan's deadline event.
pub fn deadline_uid(plan_id: i64) -> String {
    format!("plan-{plan_id}-deadline@ismo")
}

/// The UID of a plan's planned task for one month (`2025-10`).
pub fn month_uid(plan_id: i64, month: &str) -> String {
    format!("plan-{plan_id}-{month}@ismo")
}

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and
/// line breaks; other control characters (not allowed in TEXT) are dropped.
pub fn escape_text(value: &str) -> String {
    let normalized = value.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalized.len());
    for c in normalized.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line (without its line end) into lines of at most
/// [`LINE_OCTETS`] octets, each continuation starting with a space; returns
/// them joined and ended by CRLF. A UTF-8 character is never split.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    // The first line holds 75 octets; continuations hold the space and 74 more.
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > room {
            out.push_str("\r\n ");
            room = LINE_OCTETS;
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A URI value may not hold line breaks or other controls; such a link is left out.
fn clean_uri(uri: &str) -> Option<&str> {
    (!uri.is_empty() && !uri.chars().any(|c| c.is_control() || c == ' ')).then_some(uri)
}

/// A whole calendar: `name` shows in calendar apps (`X-WR-CALNAME`), `stamp`
/// is when it was made (every event's `DTSTAMP`).
pub fn calendar(name: &str, stamp: DateTime<Utc>, events: &[Event]) -> String {
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    let mut line = |l: String| out.push_str(&fold(&l));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//ismo//ISMS objectives register//JA".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape_text(name)));
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape_text(&e.uid)));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", date(e.date)));
        // The end of an all-day event is the next day, not included.
        let end = e.date.checked_add_days(Days::new(1)).unwrap_or(e.date);
        line(format!("DTEND;VALUE=DATE:{}", date(end)));
        line(format!("SUMMARY:{}", escape_text(&e.summary)));
        if let Some(d) = e.description.as_deref().filter(|d| !d.is_empty()) {
            line(format!("DESCRIPTION:{}", escape_text(d)));
        }
        if let Some(url) = e.url.as_deref().and_then(clean_uri) {
            line(format!("URL:{url}"));
        }
        // All-day reminders do not make anyone busy.
        line("TRANSP:TRANSPARENT".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Undoes `fold`: continuation lines join the line before.
    fn unfold(text: &str) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for l in text.split("\r\n") {
            if let Some(rest) = l.strip_prefix(' ') {
                lines.last_mut().expect("a continuation follows a line").push_str(rest);
            } else if !l.is_empty() {
                lines.push(l.to_string());
            }
        }
        lines
    }

    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_text(r"a,b;c\d"), r"a\,b\;c\\d");
        assert_eq!(escape_text("一行目\r\n二行目\n三\r四"), r"一行目\n二行目\n三\n四");
        assert_eq!(escape_text("tab\there\u{7}bell"), "tab herebell");
        assert_eq!(escape_text("普通の文"), "普通の文");
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets() {
        let long = format!("SUMMARY:{}", "a".repeat(200));
        let folded = fold(&long);
        let lines: Vec<&str> = folded.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0].len(), 75);
        assert!(lines[1..].iter().all(|l| l.starts_with(' ') && l.len() <= 75));
        assert_eq!(lines[1].len(), 75);
        assert_eq!(unfold(&folded), [long]);
    }

    #[test]
    fn japanese_is_folded_between_characters() {
        // Three octets each: 8 + 3k octets never lands exactly on 75.
        let long = format!("SUMMARY:{}", "情報セキュリティ目的".repeat(10));
        let folded = fold(&long);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(unfold(&folded), [long]);
    }

    #[test]
    fn a_calendar_of_all_day_events() {
        let stamp = DateTime::parse_from_rfc3339("2025-11-15T09:30:00Z").unwrap().with_timezone(&Utc);
        let events = [
            Event {
                uid: deadline_uid(12),
                date: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
                summary: "【達成期限】3 メール誤送信防止ツールの導入, 月次報告; 集計".into(),
                description: Some("株式会社サンプル\n責任者: 鈴木 一郎".into()),
                url: Some("https://ismo.example/orgs/1/plans/12".into()),
            },
            Event {
                uid: month_uid(12, "2025-10"),
                date: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
                summary: "月次報告".into(),
                description: None,
                url: Some("bad\r\nX-INJECTED:1".into()),
            },
        ];
        let text = calendar("ismo: 鈴木 一郎", stamp, &events);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
        let lines = unfold(&text);
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert!(lines.contains(&"UID:plan-12-deadline@ismo".to_string()));
        assert!(lines.contains(&"UID:plan-12-2025-10@ismo".to_string()));
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20260331".to_string()));
        assert!(lines.contains(&"DTEND;VALUE=DATE:20260401".to_string()));
        assert!(lines.contains(&"DTSTART;VALUE=DATE:20251001".to_string()));
        assert_eq!(lines.iter().filter(|l| *l == "DTSTAMP:20251115T093000Z").count(), 2);
        let summary = lines.iter().find(|l| l.starts_with("SUMMARY:【")).unwrap();
        assert_eq!(unescape(&summary["SUMMARY:".len()..]), events[0].summary);
        assert!(lines.contains(&r"DESCRIPTION:株式会社サンプル\n責任者: 鈴木 一郎".to_string()));
        assert!(lines.contains(&"URL:https://ismo.example/orgs/1/plans/12".to_string()));
        assert!(!lines.iter().any(|l| l.starts_with("X-INJECTED")), "a link cannot add properties");
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
        assert_eq!(lines.iter().filter(|l| *l == "END:VEVENT").count(), 2);
    }

    proptest! {
        #[test]
        fn folding_keeps_the_text_and_the_limit(s in "\\PC{0,300}") {
            let line = format!("DESCRIPTION:{}", escape_text(&s));
            let folded = fold(&line);
            for l in folded.split("\r\n") {
                prop_assert!(l.len() <= LINE_OCTETS);
            }
            prop_assert_eq!(unfold(&folded), vec![line]);
            prop_assert_eq!(unescape(&escape_text(&s)), s.replace("\r\n", "\n").replace('\r', "\n")
                .replace('\t', " ").chars().filter(|c| !c.is_control() || *c == '\n').collect::<String>());
        }
    }
}
