//! People coming and going: the members page's list, removing a member,
//! disabling an account, resetting and changing passwords. Whatever takes a
//! person's access away ends their sessions and revokes their calendar feeds
//! in the same transaction, so there is no moment in which the change is
//! recorded but the access still works.

use std::collections::HashSet;

use serde_json::json;
use sqlx::Row;

use super::accounts::{membership_json, parse_role, seats_in, user_json, user_row};
use super::sessions::token_hash;
use super::{NOW, Store, StoreError, StoreResult, WriteTx, audit};
use crate::domain::access::Role;
use crate::domain::account::User;
use crate::domain::actor::{Actor, AuditAction};
use crate::domain::membership::{MemberState, SeatChange, leaves_no_admin};

/// One person on an organization's members page.
#[derive(Debug, Clone)]
pub struct MemberLine {
    pub user: User,
    pub role: Role,
    pub state: MemberState,
    /// ISO 8601 in UTC; `None`: never signed in.
    pub last_sign_in_at: Option<String>,
}

/// What taking a person's access away ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccessEnded {
    pub sessions: u64,
    pub feeds: u64,
}

impl Store {
    /// Everyone who is or was a member of the organization: current members
    /// by e-mail, then former ones by e-mail.
    pub async fn member_lines(&self, org_id: i64) -> StoreResult<Vec<MemberLine>> {
        let rows = sqlx::query(
            "SELECT u.id, u.email, u.display_name, u.password_hash IS NOT NULL AS has_password, u.disabled,
                    u.version, u.last_sign_in_at, m.role, m.archived
             FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.org_id = ? ORDER BY m.archived, u.email",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let user = user_row(row)?;
                let state = MemberState::of(user.has_password, user.disabled, row.try_get("archived")?);
                Ok(MemberLine { state, role: parse_role(row)?, last_sign_in_at: row.try_get("last_sign_in_at")?, user })
            })
            .collect()
    }

    /// The people who can no longer be given work in the organization: former
    /// members and disabled accounts. Old records keep their names, marked.
    pub async fn former_members(&self, org_id: i64) -> StoreResult<HashSet<i64>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.org_id = ? AND (m.archived = 1 OR u.disabled = 1)",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().collect())
    }

    /// Ends a membership: the person keeps their account and their other
    /// organizations, but loses this one, their sessions (so no page of it
    /// stays open) and their feed of this organization.
    /// [`StoreError::NotFound`] when they are not a member;
    /// [`StoreError::LastAdmin`] when they are its last admin.
    pub async fn remove_member(&self, org_id: i64, user_id: i64, actor: &Actor) -> StoreResult<AccessEnded> {
        let mut tx = self.write().await?;
        let role: String =
            sqlx::query_scalar("SELECT role FROM memberships WHERE org_id = ? AND user_id = ? AND archived = 0")
                .bind(org_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        let role = Role::parse(&role).map_err(|_| StoreError::Corrupt(format!("role: {role}")))?;
        if leaves_no_admin(&seats_in(&mut tx, org_id).await?, user_id, SeatChange::Remove) {
            return Err(StoreError::LastAdmin);
        }
        sqlx::query(&format!(
            "UPDATE memberships SET archived = 1, version = version + 1, updated_at = {NOW}
             WHERE org_id = ? AND user_id = ?"
        ))
        .bind(org_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        let before = membership_json(user_id, role, false);
        let after = membership_json(user_id, role, true);
        audit::append(
            &mut tx,
            Some(org_id),
            actor,
            AuditAction::Status,
            "membership",
            user_id,
            Some(&before),
            Some(&after),
        );
        let ended = end_access(&mut tx, user_id, Some(org_id), actor, "member-removed").await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Disables or enables an account. Disabling ends every session and
    /// revokes every feed; [`StoreError::LastAdmin`] when the person is the
    /// last admin of an organization. Returns `None` when nothing changed.
    pub async fn set_user_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        actor: &Actor,
    ) -> StoreResult<Option<AccessEnded>> {
        let mut tx = self.write().await?;
        let user = user_in(&mut tx, user_id).await?;
        if user.disabled == disabled {
            return Ok(None);
        }
        if disabled {
            let orgs: Vec<i64> = sqlx::query_scalar(
                "SELECT org_id FROM memberships WHERE user_id = ? AND archived = 0 AND role = 'admin'",
            )
            .bind(user_id)
            .fetch_all(&mut *tx)
            .await?;
            for org in orgs {
                if leaves_no_admin(&seats_in(&mut tx, org).await?, user_id, SeatChange::Disable) {
                    return Err(StoreError::LastAdmin);
                }
            }
        }
        sqlx::query(&format!("UPDATE users SET disabled = ?, version = version + 1, updated_at = {NOW} WHERE id = ?"))
            .bind(disabled)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let after = User { disabled, version: user.version + 1, ..user.clone() };
        let (before, after) = (user_json(&user), user_json(&after));
        audit::append(&mut tx, None, actor, AuditAction::Status, "user", user_id, Some(&before), Some(&after));
        let ended = if disabled {
            end_access(&mut tx, user_id, None, actor, "user-disabled").await?
        } else {
            Default::default()
        };
        tx.commit().await?;
        Ok(Some(ended))
    }

    /// An administrator's reset: sets the password, ends every session and
    /// revokes every feed (whoever knew the old password may have made one).
    pub async fn reset_password(&self, user_id: i64, password_hash: &str, actor: &Actor) -> StoreResult<AccessEnded> {
        let mut tx = self.write().await?;
        set_password_in(&mut tx, user_id, password_hash, actor, "reset").await?;
        let ended = end_access(&mut tx, user_id, None, actor, "password-reset").await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// A person's own change of password: their other sessions end, the one
    /// they are using (`keep_token`) stays. Returns how many ended.
    pub async fn change_own_password(&self, user_id: i64, password_hash: &str, keep_token: &str) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let user = user_in(&mut tx, user_id).await?;
        let actor = Actor::user(user.id, user.email.as_str());
        set_password_in(&mut tx, user_id, password_hash, &actor, "changed").await?;
        let ended = sqlx::query("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?")
            .bind(user_id)
            .bind(token_hash(keep_token))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(ended)
    }
}

pub(super) async fn user_in(tx: &mut WriteTx, user_id: i64) -> StoreResult<User> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.display_name, u.password_hash IS NOT NULL AS has_password, u.disabled, u.version
         FROM users u WHERE u.id = ?",
    )
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    user_row(&row)
}

/// Sets a password with its audit entry, which says how (`how`: reset,
/// changed, link) but never what.
pub(super) async fn set_password_in(
    tx: &mut WriteTx,
    user_id: i64,
    password_hash: &str,
    actor: &Actor,
    how: &str,
) -> StoreResult<()> {
    let before = user_in(tx, user_id).await?;
    sqlx::query(&format!("UPDATE users SET password_hash = ?, version = version + 1, updated_at = {NOW} WHERE id = ?"))
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    let after_user = User { has_password: true, version: before.version + 1, ..before.clone() };
    let before = user_json(&before);
    let mut after = user_json(&after_user);
    after["password_changed"] = json!(how);
    audit::append(tx, None, actor, AuditAction::Update, "user", user_id, Some(&before), Some(&after));
    Ok(())
}

/// Ends a person's sessions and revokes their calendar feeds — those of one
/// organization (`Some(org)`), or all — with an audit entry per feed saying
/// why (`reason`).
async fn end_access(
    tx: &mut WriteTx,
    user_id: i64,
    org: Option<i64>,
    actor: &Actor,
    reason: &str,
) -> StoreResult<AccessEnded> {
    let sessions =
        sqlx::query("DELETE FROM sessions WHERE user_id = ?").bind(user_id).execute(&mut **tx).await?.rows_affected();
    let feeds = sqlx::query(&format!(
        "UPDATE calendar_feeds SET revoked_at = {NOW}
         WHERE user_id = ? AND revoked_at IS NULL AND (? IS NULL OR org_id = ?)
         RETURNING id, org_id"
    ))
    .bind(user_id)
    .bind(org)
    .bind(org)
    .fetch_all(&mut **tx)
    .await?;
    for feed in &feeds {
        let id: i64 = feed.try_get("id")?;
        let feed_org: Option<i64> = feed.try_get("org_id")?;
        let before = json!({ "user_id": user_id, "org_id": feed_org, "revoked": false });
        let after = json!({ "user_id": user_id, "org_id": feed_org, "revoked": true, "reason": reason });
        audit::append(tx, feed_org, actor, AuditAction::Status, "feed", id, Some(&before), Some(&after));
    }
    Ok(AccessEnded { sessions, feeds: feeds.len() as u64 })
}
