//! Login throttling: after [`MAX_FAILURES`] failed logins within [`WINDOW`]
//! for the same account or from the same client address, further attempts
//! are refused until the oldest of those failures has left the window.
//!
//! Pure: the store supplies the failure times, the caller supplies `now`.

use chrono::{DateTime, TimeDelta, Utc};

/// Failures that lock: the fifth failure within the window locks.
pub const MAX_FAILURES: usize = 5;
/// How far back failures count.
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);

/// The earliest moment a login may be attempted again, or `None` when it may
/// be attempted now. Failures older than `now - WINDOW` are ignored, so the
/// caller may pass more than the window holds.
pub fn locked_until(
    failures_for_account: &[DateTime<Utc>],
    failures_for_client: &[DateTime<Utc>],
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let account = until(failures_for_account, now);
    let client = until(failures_for_client, now);
    account.max(client)
}

/// The times to query the failures from (inclusive).
pub fn window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now - WINDOW
}

fn until(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut recent: Vec<DateTime<Utc>> = failures.iter().copied().filter(|at| *at > now - WINDOW).collect();
    if recent.len() < MAX_FAILURES {
        return None;
    }
    recent.sort_unstable();
    // The count falls below the limit when the oldest of the last
    // MAX_FAILURES failures leaves the window.
    let oldest_of_last = recent[recent.len() - MAX_FAILURES];
    Some(oldest_of_last + WINDOW)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(minute: i64, second: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::minutes(minute) + TimeDelta::seconds(second)
    }

    #[test]
    fn four_failures_allow_five_lock() {
        let four: Vec<_> = (0..4).map(|m| t(m, 0)).collect();
        assert_eq!(locked_until(&four, &[], t(5, 0)), None);
        assert_eq!(locked_until(&[], &four, t(5, 0)), None);

        let five: Vec<_> = (0..5).map(|m| t(m, 0)).collect();
        assert_eq!(locked_until(&five, &[], t(5, 0)), Some(t(15, 0)));
        assert_eq!(locked_until(&[], &five, t(5, 0)), Some(t(15, 0)));
    }

    #[test]
    fn unlocks_when_the_oldest_is_fifteen_minutes_old() {
        let five: Vec<_> = (0..5).map(|m| t(m, 0)).collect();
        assert_eq!(locked_until(&five, &[], t(14, 59)), Some(t(15, 0)));
        assert_eq!(locked_until(&five, &[], t(15, 0)), None);
        assert_eq!(locked_until(&five, &[], t(30, 0)), None);
    }

    #[test]
    fn more_failures_extend_the_lock_to_the_fifth_most_recent() {
        // Seven failures (concurrent attempts may all fail): the lock lasts
        // until only four are left in the window.
        let seven: Vec<_> = [6, 0, 1, 2, 3, 4, 5].iter().map(|m| t(*m, 0)).collect();
        assert_eq!(locked_until(&seven, &[], t(7, 0)), Some(t(17, 0)));
        assert_eq!(locked_until(&seven, &[], t(17, 0)), None);
    }

    #[test]
    fn failures_outside_the_window_do_not_count() {
        let spread = [t(0, 0), t(10, 0), t(11, 0), t(12, 0), t(13, 0)];
        assert_eq!(locked_until(&spread, &[], t(14, 0)), Some(t(15, 0)));
        assert_eq!(locked_until(&spread, &[], t(15, 0)), None);
        assert_eq!(window_start(t(15, 0)), t(0, 0));
    }

    #[test]
    fn the_later_of_account_and_client_wins() {
        let account: Vec<_> = (0..5).map(|m| t(m, 0)).collect();
        let client: Vec<_> = (2..7).map(|m| t(m, 0)).collect();
        assert_eq!(locked_until(&account, &client, t(7, 0)), Some(t(17, 0)));
        assert_eq!(locked_until(&account, &client, t(15, 0)), Some(t(17, 0)));
        assert_eq!(locked_until(&account, &client, t(17, 0)), None);
    }
}
