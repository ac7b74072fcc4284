//! One-time links to set a password: the first admin's setup link, made when
//! a database has no account yet, and a new member's invitation. The link's
//! token is shown once; only its SHA-256 is kept, so a copy of the database
//! opens nothing. A link works once, and only until it expires.

use chrono::{DateTime, Utc};

use super::accounts::{add_member_in, create_user_in, parse_stamp, stamp};
use super::members::{set_password_in, user_in};
use super::orgs::create_organization_in;
use super::sessions::{new_token, token_hash};
use super::{Store, StoreError, StoreResult, WriteTx};
use crate::domain::access::Role;
use crate::domain::account::{DisplayName, Email, User};
use crate::domain::actor::Actor;
use crate::domain::membership::PASSWORD_LINK_VALID;
use crate::domain::organization::{Organization, OrganizationDraft};

/// A link that still works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordLink {
    pub id: i64,
    /// `None` for the setup link: its account does not exist yet.
    pub user: Option<User>,
    pub expires_at: DateTime<Utc>,
}

/// What inviting someone did.
#[derive(Debug, Clone)]
pub struct Invited {
    pub user: User,
    /// A new account: false when the address already had one.
    pub created: bool,
    /// The link to set a password (to be shown once), when the account has none.
    pub link_token: Option<String>,
}

impl Store {
    /// Makes the setup link of a database without accounts; earlier setup
    /// links stop working. `None` once any account exists.
    pub async fn create_setup_link(&self, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        let mut tx = self.write().await?;
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&mut *tx).await?;
        if users > 0 {
            return Ok(None);
        }
        sqlx::query("UPDATE password_links SET used_at = ? WHERE purpose = 'setup' AND used_at IS NULL")
            .bind(stamp(now))
            .execute(&mut *tx)
            .await?;
        let token = insert_link(&mut tx, "setup", None, None, "cli", now).await?;
        tx.commit().await?;
        Ok(Some(token))
    }

    /// The link a token opens, if it still works (`purpose`: setup or invite).
    pub async fn password_link(
        &self,
        token: &str,
        purpose: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<PasswordLink>> {
        let row: Option<(i64, Option<i64>, String)> = sqlx::query_as(
            "SELECT id, user_id, expires_at FROM password_links
             WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
        )
        .bind(token_hash(token))
        .bind(purpose)
        .bind(stamp(now))
        .fetch_optional(self.pool())
        .await?;
        let Some((id, user_id, expires_at)) = row else { return Ok(None) };
        let user = match user_id {
            Some(id) => match self.user(id).await? {
                // A disabled account is not brought back by an old invitation.
                Some(user) if !user.disabled => Some(user),
                _ => return Ok(None),
            },
            None => None,
        };
        Ok(Some(PasswordLink { id, user, expires_at: parse_stamp(&expires_at)? }))
    }

    /// Adds a person to an organization by e-mail: an existing account gets
    /// the role; a new one is made without a password. A link to set the
    /// password comes with an account that has none, unless that account
    /// also belongs elsewhere (its password is then that person's to set,
    /// not this organization's admin's). Earlier links of the account end.
    pub async fn invite_member(
        &self,
        org_id: i64,
        email: &Email,
        name: &DisplayName,
        role: Role,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> StoreResult<Invited> {
        let mut tx = self.write().await?;
        let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
            .bind(email.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let (user, created) = match existing {
            Some(id) => (user_in(&mut tx, id).await?, false),
            None => (create_user_in(&mut tx, email, name, None, actor).await?, true),
        };
        add_member_in(&mut tx, org_id, user.id, role, actor).await?;
        let link_token = if link_allowed(&mut tx, &user, org_id).await? {
            Some(new_invitation(&mut tx, &user, org_id, actor, now).await?)
        } else {
            None
        };
        tx.commit().await?;
        Ok(Invited { user, created, link_token })
    }

    /// A new invitation link for a member who has not set a password yet
    /// (the first was lost or expired); `None` when the account has a
    /// password or belongs to another organization too.
    pub async fn renew_invitation(
        &self,
        org_id: i64,
        user_id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<String>> {
        let mut tx = self.write().await?;
        let member: Option<i64> =
            sqlx::query_scalar("SELECT user_id FROM memberships WHERE org_id = ? AND user_id = ? AND archived = 0")
                .bind(org_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        if member.is_none() {
            return Err(StoreError::NotFound);
        }
        let user = user_in(&mut tx, user_id).await?;
        if !link_allowed(&mut tx, &user, org_id).await? {
            return Ok(None);
        }
        let token = new_invitation(&mut tx, &user, org_id, actor, now).await?;
        tx.commit().await?;
        Ok(Some(token))
    }

    /// Sets the password of an invitation's account and uses the link up.
    /// `None` when the link does not work (any more).
    pub async fn accept_invitation(
        &self,
        token: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<User>> {
        let mut tx = self.write().await?;
        let Some(Some(user_id)) = take_link(&mut tx, token, "invite", now).await? else { return Ok(None) };
        let user = user_in(&mut tx, user_id).await?;
        if user.disabled {
            return Ok(None);
        }
        let actor = Actor::user(user.id, user.email.as_str());
        set_password_in(&mut tx, user.id, password_hash, &actor, "invitation").await?;
        tx.commit().await?;
        Ok(Some(User { has_password: true, version: user.version + 1, ..user }))
    }

    /// Creates the first admin and the first organization with the setup
    /// link, once: `None` when the link does not work or an account exists.
    /// [`StoreError::Duplicate`] cannot happen on an empty database.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_up_first_admin(
        &self,
        token: &str,
        email: &Email,
        name: &DisplayName,
        password_hash: &str,
        org: &OrganizationDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(User, Organization)>> {
        let mut tx = self.write().await?;
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&mut *tx).await?;
        if users > 0 {
            return Ok(None);
        }
        if take_link(&mut tx, token, "setup", now).await?.is_none() {
            return Ok(None);
        }
        let actor = Actor { user_id: None, label: format!("setup: {email}") };
        let user = create_user_in(&mut tx, email, name, Some(password_hash), &actor).await?;
        let actor = Actor::user(user.id, email.as_str());
        let organization = create_organization_in(&mut tx, org, &actor).await?;
        add_member_in(&mut tx, organization.id, user.id, Role::Admin, &actor).await?;
        tx.commit().await?;
        Ok(Some((user, organization)))
    }
}

/// Whether this organization's admin may hand out a link to set the
/// account's password: it has none, and belongs to no other organization.
async fn link_allowed(tx: &mut WriteTx, user: &User, org_id: i64) -> StoreResult<bool> {
    if user.has_password || user.disabled {
        return Ok(false);
    }
    let elsewhere: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE user_id = ? AND org_id <> ?")
        .bind(user.id)
        .bind(org_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(elsewhere == 0)
}

/// Ends the account's open invitations and makes a new one.
async fn new_invitation(
    tx: &mut WriteTx,
    user: &User,
    org_id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    sqlx::query("UPDATE password_links SET used_at = ? WHERE user_id = ? AND used_at IS NULL")
        .bind(stamp(now))
        .bind(user.id)
        .execute(&mut **tx)
        .await?;
    insert_link(tx, "invite", Some(user.id), Some(org_id), &actor.label, now).await
}

async fn insert_link(
    tx: &mut WriteTx,
    purpose: &str,
    user_id: Option<i64>,
    org_id: Option<i64>,
    created_by: &str,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO password_links (token_hash, purpose, user_id, org_id, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash(&token))
    .bind(purpose)
    .bind(user_id)
    .bind(org_id)
    .bind(created_by)
    .bind(stamp(now))
    .bind(stamp(now + PASSWORD_LINK_VALID))
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// Uses up a working link of `purpose`: `Some(its account)` (`Some(None)`
/// for the setup link). Marked used in the transaction of what it does, so
/// two tabs cannot use it twice.
async fn take_link(
    tx: &mut WriteTx,
    token: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<Option<i64>>> {
    let row: Option<Option<i64>> = sqlx::query_scalar(
        "UPDATE password_links SET used_at = ?
         WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
         RETURNING user_id",
    )
    .bind(stamp(now))
    .bind(token_hash(token))
    .bind(purpose)
    .bind(stamp(now))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row)
}
