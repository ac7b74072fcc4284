//! Sign-in throttling that slows guessing without letting anyone lock a
//! person out.
//!
//! Three limits, each answering a different attacker:
//! - per account *and* address: [`FREE_FAILURES`] failures cost nothing, then
//!   each further attempt waits [`FIRST_DELAY`], doubling per failure up to
//!   [`MAX_DELAY`]. One address guessing one password is slowed to a crawl,
//!   while the same account from another address is not touched: a hard
//!   lock per account would let anyone keep its owner out.
//! - per address: at most [`ADDRESS_CEILING`] failures an hour, whatever the
//!   accounts — one address spraying many accounts.
//! - per account: at most [`ACCOUNT_CEILING`] failures an hour, from any
//!   number of addresses — many addresses guessing one account. It holds
//!   only addresses that have themselves failed against the account: an
//!   address that has not been failing is let through to check its password,
//!   so the owner typing the right one still gets in.
//!
//! An attempt counts as a failure from the moment it is admitted until it
//! succeeds (the store records it before the password is checked), so
//! attempts that arrive together cannot slip past a limit.
//!
//! Pure: the store supplies the failure times, the caller supplies `now`.

use chrono::{DateTime, TimeDelta, Utc};

/// Failures of one account from one address that cost no wait.
pub const FREE_FAILURES: usize = 3;
/// The wait after the first failure beyond the free ones; doubles with each.
pub const FIRST_DELAY: TimeDelta = TimeDelta::seconds(30);
/// The longest wait one account and address can build up.
pub const MAX_DELAY: TimeDelta = TimeDelta::minutes(15);
/// How long an account-and-address failure counts towards the delay: a day,
/// so that waiting out the delay does not also forget the failures.
pub const PAIR_WINDOW: TimeDelta = TimeDelta::hours(24);
/// More account-and-address failures than this make the wait no longer:
/// the store need not read more.
pub const PAIR_FAILURES_COUNTED: usize = FREE_FAILURES + MAX_DOUBLINGS as usize;
/// 30 s · 2^5 is already past [`MAX_DELAY`].
const MAX_DOUBLINGS: u32 = 6;
/// Failures from one address, over all accounts, within [`CEILING_WINDOW`].
pub const ADDRESS_CEILING: usize = 30;
/// Failures against one account, over all addresses, within [`CEILING_WINDOW`].
pub const ACCOUNT_CEILING: usize = 10;
/// The window of both ceilings.
pub const CEILING_WINDOW: TimeDelta = TimeDelta::hours(1);
/// Failure records older than this count for nothing and may be removed.
pub const KEEP: TimeDelta = PAIR_WINDOW;

/// What the store knows about earlier failures, for one attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Failures {
    /// This account from this address, within [`PAIR_WINDOW`].
    pub pair: Vec<DateTime<Utc>>,
    /// This address, any account, within [`CEILING_WINDOW`]; the newest
    /// [`ADDRESS_CEILING`] are enough.
    pub address: Vec<DateTime<Utc>>,
    /// This account, any address, within [`CEILING_WINDOW`]; the newest
    /// [`ACCOUNT_CEILING`] are enough.
    pub account: Vec<DateTime<Utc>>,
}

/// The earliest moment the attempt may be made, or `None` when it may be made
/// now. Failures outside their windows are ignored, so the caller may pass more.
pub fn wait_until(failures: &Failures, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let pair: Vec<DateTime<Utc>> = failures.pair.iter().copied().filter(|at| *at > now - PAIR_WINDOW).collect();
    let by_pair = pair.iter().max().and_then(|last| delay_after(pair.len()).map(|delay| *last + delay));
    let by_address = ceiling_until(&failures.address, ADDRESS_CEILING, now);
    // A clean address is not held to the account's ceiling: see the module comment.
    let by_account = if pair.is_empty() { None } else { ceiling_until(&failures.account, ACCOUNT_CEILING, now) };
    [by_pair, by_address, by_account].into_iter().flatten().filter(|until| *until > now).max()
}

/// The wait after `failures` failures of one account from one address.
pub fn delay_after(failures: usize) -> Option<TimeDelta> {
    let beyond = failures.checked_sub(FREE_FAILURES)?;
    let doublings = u32::try_from(beyond).unwrap_or(u32::MAX).min(MAX_DOUBLINGS);
    Some((FIRST_DELAY * 2_i32.pow(doublings)).min(MAX_DELAY))
}

/// When the count of `failures` within [`CEILING_WINDOW`] falls below
/// `ceiling`: when the oldest of the newest `ceiling` leaves the window.
fn ceiling_until(failures: &[DateTime<Utc>], ceiling: usize, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut recent: Vec<DateTime<Utc>> = failures.iter().copied().filter(|at| *at > now - CEILING_WINDOW).collect();
    if recent.len() < ceiling {
        return None;
    }
    recent.sort_unstable_by(|a, b| b.cmp(a));
    Some(recent[ceiling - 1] + CEILING_WINDOW)
}

/// Whole seconds until `until`, rounded up and at least 1: what `Retry-After`
/// says and the page shows.
pub fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let millis = (until - now).num_milliseconds();
    ((millis + 999) / 1000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(second: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::seconds(second)
    }

    fn pair(times: &[i64]) -> Failures {
        Failures { pair: times.iter().map(|s| t(*s)).collect(), ..Default::default() }
    }

    #[test]
    fn three_failures_are_free_then_the_wait_doubles_up_to_fifteen_minutes() {
        assert_eq!(delay_after(0), None);
        assert_eq!(delay_after(3), Some(TimeDelta::seconds(30)));
        assert_eq!(delay_after(4), Some(TimeDelta::seconds(60)));
        assert_eq!(delay_after(5), Some(TimeDelta::seconds(120)));
        assert_eq!(delay_after(8), Some(TimeDelta::minutes(15)), "960 s is capped");
        assert_eq!(delay_after(1000), Some(TimeDelta::minutes(15)));
        assert_eq!(delay_after(PAIR_FAILURES_COUNTED), Some(MAX_DELAY), "the store reads enough");

        assert_eq!(wait_until(&pair(&[0, 1]), t(2)), None);
        assert_eq!(wait_until(&pair(&[0, 1, 2]), t(3)), Some(t(32)));
        assert_eq!(wait_until(&pair(&[0, 1, 2]), t(32)), None);
        assert_eq!(wait_until(&pair(&[0, 1, 2, 40]), t(41)), Some(t(100)));
    }

    #[test]
    fn pair_failures_older_than_a_day_are_forgotten() {
        let day = PAIR_WINDOW.num_seconds();
        assert_eq!(wait_until(&pair(&[0, 1, 2]), t(3)), Some(t(32)));
        // Only two of them are within the day: free again.
        assert_eq!(wait_until(&pair(&[0, day + 1, day + 2]), t(day + 3)), None);
    }

    #[test]
    fn an_address_is_held_at_thirty_failures_an_hour() {
        let address: Vec<_> = (0..30).map(|s| t(s * 60)).collect();
        let failures = Failures { address, ..Default::default() };
        // The oldest of the thirty leaves the hour at 3600 s.
        assert_eq!(wait_until(&failures, t(1800)), Some(t(3600)));
        assert_eq!(wait_until(&failures, t(3600)), None);
        let fewer = Failures { address: failures.address[1..].to_vec(), ..Default::default() };
        assert_eq!(wait_until(&fewer, t(1800)), None);
    }

    #[test]
    fn the_account_ceiling_holds_only_addresses_that_failed_against_it() {
        let account: Vec<_> = (0..10).map(|s| t(s * 10)).collect();
        let clean = Failures { account: account.clone(), ..Default::default() };
        assert_eq!(wait_until(&clean, t(100)), None, "a clean address may check its password");
        let failed_once = Failures { account, pair: vec![t(50)], ..Default::default() };
        assert_eq!(wait_until(&failed_once, t(100)), Some(t(3600)));
        assert_eq!(wait_until(&failed_once, t(3600)), None);
    }

    #[test]
    fn the_latest_limit_wins() {
        let failures = Failures {
            pair: (0..8).map(t).collect(),
            address: (0..30).map(t).collect(),
            account: (0..10).map(t).collect(),
        };
        // Pair: 8 failures, 15 minutes after the last; ceilings: an hour after the first.
        assert_eq!(wait_until(&failures, t(10)), Some(t(3600)));
        assert_eq!(wait_until(&failures, t(3600)), None, "the pair's wait ended long before");
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(seconds_until(t(30), t(0)), 30);
        assert_eq!(seconds_until(t(30), t(0) + TimeDelta::milliseconds(400)), 30);
        assert_eq!(seconds_until(t(0), t(0)), 1);
    }
}
