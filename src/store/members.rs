//! People coming and going: sign-ins noted, members removed, accounts
//! disabled, one-time password links.

use chrono::{DateTime, Utc};

use super::accounts::stamp;
use super::{Store, StoreResult};

impl Store {
    /// Notes a successful sign-in, shown on the members page. Not an audit
    /// entry of its own: the sign-in's entry says it.
    pub async fn note_sign_in(&self, user_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE users SET last_sign_in_at = ? WHERE id = ?")
            .bind(stamp(at))
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
