//! Login sessions kept in the database. The browser holds a random token;
//! only its SHA-256 is stored, so a copy of the database lets nobody log in.

use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqliteConnection};

use super::accounts::{parse_stamp, stamp, user_row};
use super::{Store, StoreResult};
use crate::domain::account::{SESSION_REFRESH, SessionInfo, User, session_expires_at};

/// Random bytes in a token (hex-encoded: twice as many characters).
pub const TOKEN_BYTES: usize = 32;

pub(super) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new random token, hex-encoded.
pub(super) fn new_token() -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator works");
    hex::encode(bytes)
}

/// Inserts a new session (see [`Store::create_session`]) on `conn`, which may
/// be a write transaction that does more (a sign-in).
pub(super) async fn insert_session(
    conn: &mut SqliteConnection,
    user_id: i64,
    now: DateTime<Utc>,
    idle: TimeDelta,
    absolute: TimeDelta,
) -> StoreResult<String> {
    let token = new_token();
    let absolute_expires_at = now + absolute;
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, idle_seconds, absolute_expires_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(stamp(now))
    .bind(stamp(now))
    .bind(idle.num_seconds())
    .bind(stamp(absolute_expires_at))
    .bind(stamp(session_expires_at(now, idle, absolute_expires_at)))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

fn looks_like_token(token: &str) -> bool {
    token.len() == TOKEN_BYTES * 2 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Store {
    /// Starts a session for `user_id` and returns its token, to be sent to
    /// the browser and never stored. Pass `SESSION_IDLE` and
    /// `SESSION_ABSOLUTE` (domain::account) unless testing.
    pub async fn create_session(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        idle: TimeDelta,
        absolute: TimeDelta,
    ) -> StoreResult<String> {
        let mut conn = self.pool().acquire().await?;
        insert_session(&mut conn, user_id, now, idle, absolute).await
    }

    /// The user a token logs in, with its session; `None` when the token is
    /// unknown, the session has expired (it is then removed) or the account
    /// is disabled. Notes the use, at most once per `SESSION_REFRESH`, which
    /// moves the idle expiry forward.
    pub async fn session_user(&self, token: &str, now: DateTime<Utc>) -> StoreResult<Option<(User, SessionInfo)>> {
        if !looks_like_token(token) {
            return Ok(None);
        }
        let id_hash = token_hash(token);
        let row = sqlx::query(
            "SELECT u.id, u.email, u.display_name, u.password_hash IS NOT NULL AS has_password,
                    u.disabled, u.version, s.created_at, s.last_seen_at, s.idle_seconds,
                    s.absolute_expires_at, s.expires_at
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?",
        )
        .bind(&id_hash)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let user = user_row(&row)?;
        let idle = TimeDelta::seconds(row.try_get("idle_seconds")?);
        let mut info = SessionInfo {
            created_at: parse_stamp(row.try_get("created_at")?)?,
            last_seen_at: parse_stamp(row.try_get("last_seen_at")?)?,
            expires_at: parse_stamp(row.try_get("expires_at")?)?,
            absolute_expires_at: parse_stamp(row.try_get("absolute_expires_at")?)?,
        };
        if now >= info.expires_at {
            sqlx::query("DELETE FROM sessions WHERE id_hash = ?").bind(&id_hash).execute(self.pool()).await?;
            return Ok(None);
        }
        if user.disabled {
            return Ok(None);
        }
        if now - info.last_seen_at >= SESSION_REFRESH {
            info.last_seen_at = now;
            info.expires_at = session_expires_at(now, idle, info.absolute_expires_at);
            sqlx::query("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?")
                .bind(stamp(info.last_seen_at))
                .bind(stamp(info.expires_at))
                .bind(&id_hash)
                .execute(self.pool())
                .await?;
        }
        Ok(Some((user, info)))
    }

    /// Ends one session (logout). Unknown tokens are ignored.
    pub async fn delete_session(&self, token: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = ?").bind(token_hash(token)).execute(self.pool()).await?;
        Ok(())
    }

    /// Ends every session of a user (after a password change or reset);
    /// returns how many there were.
    pub async fn delete_sessions_of(&self, user_id: i64) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = ?").bind(user_id).execute(self.pool()).await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hash_is_sha256_hex() {
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(looks_like_token(&"a1".repeat(32)));
        assert!(!looks_like_token("a1"));
        assert!(!looks_like_token(&"zz".repeat(32)));
    }
}
