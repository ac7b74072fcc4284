//! Sign-in attempts, as `domain::throttle` counts them, and the audit entries
//! of sign-ins.
//!
//! Deciding whether an attempt may go ahead and recording it happen in one
//! write transaction, before the password is checked: the attempt counts as a
//! failure from then on until it succeeds. Attempts arriving together are
//! decided one after the other, each seeing the ones before it, so no number
//! of them sent at once gets more checks than the limits allow.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::accounts::{parse_stamp, stamp};
use super::sessions::insert_session;
use super::{Store, StoreResult, WriteTx, audit};
use crate::domain::account::{Email, User};
use crate::domain::actor::{Actor, AuditAction};
use crate::domain::throttle::{
    ACCOUNT_CEILING, ADDRESS_CEILING, CEILING_WINDOW, Failures, PAIR_FAILURES_COUNTED, PAIR_WINDOW, wait_until,
};

/// An attempt let through: it counts as a failure until
/// [`Store::sign_in`] says otherwise.
#[derive(Debug)]
pub struct Attempt {
    id: i64,
    account_hash: String,
    address: String,
}

/// Whether an attempt may check its password.
#[derive(Debug)]
pub enum Admission {
    Admitted(Attempt),
    /// Not before this moment.
    Wait(DateTime<Utc>),
}

/// The account an attempt is counted under: a hash of what was typed, folded
/// as an [`Email`] is, so that nothing typed into the form is kept.
fn account_hash(email: &str) -> String {
    let folded = Email::parse(email).map(|e| e.as_str().to_string()).unwrap_or_else(|_| email.trim().to_lowercase());
    let mut h = Sha256::new();
    h.update(b"ismo-sign-in-account\0");
    h.update(folded.as_bytes());
    hex::encode(h.finalize())
}

/// The audit trail's note of where an attempt came from.
fn from(address: &str) -> serde_json::Value {
    json!({ "address": address })
}

impl Store {
    /// Decides whether an attempt to sign in as `email` from `address_key`
    /// (see `domain::proxy::throttle_key`) may check its password now, and if
    /// so records it.
    pub async fn admit_sign_in(&self, email: &str, address_key: &str, now: DateTime<Utc>) -> StoreResult<Admission> {
        let account_hash = account_hash(email);
        let mut tx = self.write().await?;
        let pair = times(
            &mut tx,
            "SELECT at FROM login_attempts WHERE account_hash = ? AND address = ? AND at > ? ORDER BY at DESC LIMIT ?",
            &[&account_hash, address_key],
            now - PAIR_WINDOW,
            PAIR_FAILURES_COUNTED,
        )
        .await?;
        let address = times(
            &mut tx,
            "SELECT at FROM login_attempts WHERE address = ? AND at > ? ORDER BY at DESC LIMIT ?",
            &[address_key],
            now - CEILING_WINDOW,
            ADDRESS_CEILING,
        )
        .await?;
        let account = times(
            &mut tx,
            "SELECT at FROM login_attempts WHERE account_hash = ? AND at > ? ORDER BY at DESC LIMIT ?",
            &[&account_hash],
            now - CEILING_WINDOW,
            ACCOUNT_CEILING,
        )
        .await?;
        if let Some(until) = wait_until(&Failures { pair, address, account }, now) {
            // Dropped: rolls back, nothing was written.
            return Ok(Admission::Wait(until));
        }
        let id: i64 =
            sqlx::query_scalar("INSERT INTO login_attempts (account_hash, address, at) VALUES (?, ?, ?) RETURNING id")
                .bind(&account_hash)
                .bind(address_key)
                .bind(stamp(now))
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(Admission::Admitted(Attempt { id, account_hash, address: address_key.to_string() }))
    }

    /// The attempt's password was wrong (or the account cannot sign in):
    /// it stays counted, and the trail notes it with the full `address`.
    /// `user_id` is the account typed, when there is one.
    pub async fn sign_in_failed(&self, attempt: Attempt, user_id: Option<i64>, address: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE login_attempts SET outcome = 'failed' WHERE id = ?")
            .bind(attempt.id)
            .execute(&mut *tx)
            .await?;
        // Record 0: no account by that address. What was typed is not kept.
        let record = user_id.unwrap_or(0);
        let after = from(address);
        audit::append(
            &mut tx,
            None,
            &Actor::anonymous(),
            AuditAction::SignInFailed,
            "user",
            record,
            None,
            Some(&after),
        );
        tx.commit().await?;
        Ok(())
    }

    /// The attempt succeeded: its address's failures against the account are
    /// forgotten, the sign-in is noted and audited, the session the browser
    /// had (`replaced`) ends and a new one begins, whose token is returned.
    #[allow(clippy::too_many_arguments)]
    pub async fn sign_in(
        &self,
        attempt: Attempt,
        user: &User,
        address: &str,
        replaced: Option<&str>,
        now: DateTime<Utc>,
        idle: TimeDelta,
        absolute: TimeDelta,
    ) -> StoreResult<String> {
        let mut tx = self.write().await?;
        forget_in(&mut tx, &attempt).await?;
        sqlx::query("UPDATE users SET last_sign_in_at = ? WHERE id = ?")
            .bind(stamp(now))
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        if let Some(old) = replaced {
            sqlx::query("DELETE FROM sessions WHERE id_hash = ?")
                .bind(super::sessions::token_hash(old))
                .execute(&mut *tx)
                .await?;
        }
        let token = insert_session(&mut tx, user.id, now, idle, absolute).await?;
        let actor = Actor::user(user.id, user.email.as_str());
        let after = from(address);
        audit::append(&mut tx, None, &actor, AuditAction::SignIn, "user", user.id, None, Some(&after));
        tx.commit().await?;
        Ok(token)
    }
}

impl Store {
    /// The attempt's password was right where no sign-in follows (a person
    /// confirming their current password): its address's failures against
    /// the account are forgotten.
    pub async fn password_confirmed(&self, attempt: Attempt) -> StoreResult<()> {
        let mut tx = self.write().await?;
        forget_in(&mut tx, &attempt).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Forgets a successful attempt and its address's earlier failures against
/// the account. Failures from other addresses stay: they may be someone
/// guessing.
async fn forget_in(tx: &mut WriteTx, attempt: &Attempt) -> StoreResult<()> {
    sqlx::query("DELETE FROM login_attempts WHERE id = ? OR (account_hash = ? AND address = ?)")
        .bind(attempt.id)
        .bind(&attempt.account_hash)
        .bind(&attempt.address)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Attempt times, newest first: `sql` takes the `keys`, then the start of
/// the window, then a limit.
async fn times(
    tx: &mut WriteTx,
    sql: &str,
    keys: &[&str],
    since: DateTime<Utc>,
    limit: usize,
) -> StoreResult<Vec<DateTime<Utc>>> {
    let query = keys.iter().fold(sqlx::query_scalar::<_, String>(sql), |q, key| q.bind(*key));
    let raw = query.bind(stamp(since)).bind(limit as i64).fetch_all(&mut **tx).await?;
    raw.iter().map(|at| parse_stamp(at)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_kept_as_hashes_of_the_folded_address() {
        let hash = account_hash("Victim@Example.com ");
        assert_eq!(hash, account_hash("victim@example.com"));
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains("victim"));
        assert_ne!(hash, account_hash("other@example.com"));
        // What is not an address is hashed too.
        assert_ne!(account_hash("hunter2"), "hunter2");
    }
}
