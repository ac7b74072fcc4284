//! User accounts and memberships.
//!
//! The password hash never leaves this file except through
//! [`Store::user_by_email`], which the login needs, and it never goes into
//! the audit trail.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{NOW, Store, StoreError, StoreResult, WriteTx, audit, on_unique};
use crate::domain::access::Role;
use crate::domain::account::{DisplayName, Email, Membership, User};
use crate::domain::actor::{Actor, AuditAction};
use crate::domain::membership::{Seat, SeatChange, leaves_no_admin};

const USER_COLUMNS: &str =
    "u.id, u.email, u.display_name, u.password_hash IS NOT NULL AS has_password, u.disabled, u.version";

/// A moment as stored: ISO 8601 in UTC to the second, like [`NOW`], so that
/// stored times compare correctly as text.
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn parse_stamp(raw: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("timestamp: {raw}")))
}

pub(crate) fn user_row(row: &SqliteRow) -> StoreResult<User> {
    let email: String = row.try_get("email")?;
    Ok(User {
        id: row.try_get("id")?,
        email: Email::parse(&email).map_err(|e| StoreError::Corrupt(format!("email: {e}")))?,
        display_name: row.try_get("display_name")?,
        has_password: row.try_get("has_password")?,
        disabled: row.try_get("disabled")?,
        version: row.try_get("version")?,
    })
}

/// A user as the audit trail shows it: no password hash, only whether one is set.
pub(super) fn user_json(user: &User) -> Value {
    json!({
        "email": user.email.as_str(),
        "display_name": user.display_name,
        "has_password": user.has_password,
        "disabled": user.disabled,
    })
}

pub(super) fn membership_json(user_id: i64, role: Role, archived: bool) -> Value {
    json!({ "user_id": user_id, "role": role.as_str(), "archived": archived })
}

impl Store {
    /// Creates an account; [`StoreError::Duplicate`] when the e-mail is taken.
    /// `password_hash` is a PHC string from `domain::password::hash_password`.
    pub async fn create_user(
        &self,
        email: &Email,
        display_name: &DisplayName,
        password_hash: Option<&str>,
        actor: &Actor,
    ) -> StoreResult<User> {
        let mut tx = self.write().await?;
        let user = create_user_in(&mut tx, email, display_name, password_hash, actor).await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn user(&self, id: i64) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(user_row).transpose()
    }

    /// The account for a login, with its password hash (`None`: no password
    /// set yet). The address is folded as [`Email`] folds it.
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<(User, Option<String>)>> {
        let Ok(email) = Email::parse(email) else {
            return Ok(None);
        };
        let sql = format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = ?");
        let row = sqlx::query(&sql).bind(email.as_str()).fetch_optional(self.pool()).await?;
        match row {
            None => Ok(None),
            Some(row) => Ok(Some((user_row(&row)?, row.try_get("password_hash")?))),
        }
    }

    /// Sets a password (e.g. the first one of an account). Ending the
    /// user's sessions is the caller's choice: see [`Store::reset_password`].
    pub async fn set_password(&self, user_id: i64, password_hash: &str, actor: &Actor) -> StoreResult<()> {
        let mut tx = self.write().await?;
        super::members::set_password_in(&mut tx, user_id, password_hash, actor, "set").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives `user_id` the `role` in `org_id`: adds the membership, changes its
    /// role, or brings an archived one back. Returns the role the user had
    /// before (`None`: was not a member). [`StoreError::NotFound`] when the
    /// organization or the user does not exist.
    pub async fn add_member(&self, org_id: i64, user_id: i64, role: Role, actor: &Actor) -> StoreResult<Option<Role>> {
        let mut tx = self.write().await?;
        let before = add_member_in(&mut tx, org_id, user_id, role, actor).await?;
        tx.commit().await?;
        Ok(before)
    }

    /// The user's role in the organization, if an active member.
    pub async fn membership(&self, org_id: i64, user_id: i64) -> StoreResult<Option<Role>> {
        let row = sqlx::query("SELECT role FROM memberships WHERE org_id = ? AND user_id = ? AND archived = 0")
            .bind(org_id)
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(parse_role).transpose()
    }

    /// The organizations a user belongs to, by name.
    pub async fn memberships(&self, user_id: i64) -> StoreResult<Vec<Membership>> {
        let rows = sqlx::query(
            "SELECT m.org_id, o.name, m.user_id, m.role FROM memberships m
             JOIN organizations o ON o.id = m.org_id
             WHERE m.user_id = ? AND m.archived = 0 ORDER BY o.name, o.id",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Membership {
                    org_id: row.try_get("org_id")?,
                    org_name: row.try_get("name")?,
                    user_id: row.try_get("user_id")?,
                    role: parse_role(row)?,
                })
            })
            .collect()
    }

    /// The active members of an organization, by e-mail.
    pub async fn members(&self, org_id: i64) -> StoreResult<Vec<(User, Role)>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, m.role FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE m.org_id = ? AND m.archived = 0 ORDER BY u.email"
        );
        let rows = sqlx::query(&sql).bind(org_id).fetch_all(self.pool()).await?;
        rows.iter().map(|row| Ok((user_row(row)?, parse_role(row)?))).collect()
    }

    pub async fn user_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(self.pool()).await?)
    }
}

pub(super) fn parse_role(row: &SqliteRow) -> StoreResult<Role> {
    let raw: String = row.try_get("role")?;
    Role::parse(&raw).map_err(|_| StoreError::Corrupt(format!("role: {raw}")))
}

/// [`Store::create_user`] inside a write transaction.
pub(super) async fn create_user_in(
    tx: &mut WriteTx,
    email: &Email,
    display_name: &DisplayName,
    password_hash: Option<&str>,
    actor: &Actor,
) -> StoreResult<User> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO users (email, display_name, password_hash) VALUES (?, ?, ?) RETURNING id")
            .bind(email.as_str())
            .bind(display_name.as_str())
            .bind(password_hash)
            .fetch_one(&mut **tx)
            .await
            .map_err(on_unique)?;
    let user = User {
        id,
        email: email.clone(),
        display_name: display_name.as_str().to_string(),
        has_password: password_hash.is_some(),
        disabled: false,
        version: 1,
    };
    let after = user_json(&user);
    audit::append(tx, None, actor, AuditAction::Create, "user", id, None, Some(&after));
    Ok(user)
}

/// [`Store::add_member`] inside a write transaction. Refuses
/// ([`StoreError::LastAdmin`]) to demote the organization's last admin.
pub(super) async fn add_member_in(
    tx: &mut WriteTx,
    org_id: i64,
    user_id: i64,
    role: Role,
    actor: &Actor,
) -> StoreResult<Option<Role>> {
    let exists: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM organizations WHERE id = ?) + (SELECT COUNT(*) FROM users WHERE id = ?)",
    )
    .bind(org_id)
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await?;
    if exists != 2 {
        return Err(StoreError::NotFound);
    }
    let current = sqlx::query("SELECT role, archived FROM memberships WHERE org_id = ? AND user_id = ?")
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    let before = match &current {
        None => None,
        Some(row) => Some((parse_role(row)?, row.try_get::<bool, _>("archived")?)),
    };
    let was_active = before.and_then(|(r, archived)| (!archived).then_some(r));
    if was_active == Some(role) {
        return Ok(was_active);
    }
    if leaves_no_admin(&seats_in(tx, org_id).await?, user_id, SeatChange::Role(role)) {
        return Err(StoreError::LastAdmin);
    }
    sqlx::query(&format!(
        "INSERT INTO memberships (org_id, user_id, role) VALUES (?, ?, ?)
         ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role, archived = 0,
             version = version + 1, updated_at = {NOW}"
    ))
    .bind(org_id)
    .bind(user_id)
    .bind(role.as_str())
    .execute(&mut **tx)
    .await?;
    let before = before.map(|(r, archived)| membership_json(user_id, r, archived));
    let after = membership_json(user_id, role, false);
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    audit::append(tx, Some(org_id), actor, action, "membership", user_id, before.as_ref(), Some(&after));
    Ok(was_active)
}

/// The organization's current members as the last-admin rule sees them.
pub(super) async fn seats_in(tx: &mut WriteTx, org_id: i64) -> StoreResult<Vec<Seat>> {
    let rows = sqlx::query(
        "SELECT m.user_id, m.role, u.disabled FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.org_id = ? AND m.archived = 0",
    )
    .bind(org_id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Seat { user_id: row.try_get("user_id")?, role: parse_role(row)?, disabled: row.try_get("disabled")? })
        })
        .collect()
}
