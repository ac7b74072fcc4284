//! Calendar feeds behind secret URLs, and the plans they (and the reminder
//! mails) show. A feed belongs to one user: every feed query is scoped by
//! the user's id; every plan query by the organization's. Only a SHA-256 of
//! a feed's token is kept, as for sessions.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{NOW, Store, StoreResult, WriteTx, audit, rows};
use crate::domain::actor::{Actor, AuditAction};
use crate::domain::month::MonthCell;
use crate::domain::plan::Plan;

/// Random bytes in a feed token (hex-encoded in the URL: 64 characters).
pub const FEED_TOKEN_BYTES: usize = 32;

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn looks_like_token(token: &str) -> bool {
    token.len() == FEED_TOKEN_BYTES * 2 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A feed that has not been revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: i64,
    pub user_id: i64,
    /// `None`: the user's own plans in all their organizations; else the whole organization.
    pub org_id: Option<i64>,
    /// When it was made (stored UTC timestamp).
    pub created_at: String,
}

fn feed_row(row: &sqlx::sqlite::SqliteRow) -> StoreResult<Feed> {
    Ok(Feed {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        org_id: row.try_get("org_id")?,
        created_at: row.try_get("created_at")?,
    })
}

/// A plan with what it serves, as feeds and reminders name it.
#[derive(Debug, Clone)]
pub struct HeldPlan {
    pub plan: Plan,
    /// The objective's number or the risk's id (`3`, `R-001`).
    pub holder_code: String,
    /// The objective's title, or the risk's asset and threat.
    pub holder_title: String,
    /// The page of the objective or the risk, relative to the site.
    pub holder_path: String,
    pub period: i32,
}

impl HeldPlan {
    /// The plan's number in the sheet (`3`, `2-2`, `R-001`).
    pub fn number(&self) -> String {
        self.plan.number(&self.holder_code)
    }
}

impl Store {
    /// Makes a new feed for `user_id` (for `org_id`'s whole organization, or
    /// their own plans when `None`) and returns its id and token, to be shown
    /// once and never stored. The user's previous feed of the same kind stops
    /// working: there is one URL per kind at a time. Each feed made and each
    /// one ended is an audit entry of its own (a feed is a way into records).
    pub async fn create_feed(&self, user_id: i64, org_id: Option<i64>, actor: &Actor) -> StoreResult<(i64, String)> {
        let mut bytes = [0u8; FEED_TOKEN_BYTES];
        getrandom::fill(&mut bytes).expect("the operating system's random number generator works");
        let token = hex::encode(bytes);
        let mut tx = self.write().await?;
        let mut replaced: Vec<i64> = sqlx::query_scalar(&format!(
            "UPDATE calendar_feeds SET revoked_at = {NOW}
             WHERE user_id = ? AND org_id IS ? AND revoked_at IS NULL RETURNING id"
        ))
        .bind(user_id)
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        replaced.sort_unstable();
        for old in replaced {
            record_revoked(&mut tx, old, user_id, org_id, actor, "replaced");
        }
        let id = sqlx::query(&format!(
            "INSERT INTO calendar_feeds (user_id, org_id, token_hash, created_at) VALUES (?, ?, ?, {NOW})"
        ))
        .bind(user_id)
        .bind(org_id)
        .bind(token_hash(&token))
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        // Never the token, nor its hash: the trail names the feed, it does not open it.
        let after = json!({ "user_id": user_id, "org_id": org_id, "revoked": false });
        audit::append(&mut tx, org_id, actor, AuditAction::Create, "feed", id, None, Some(&after));
        tx.commit().await?;
        Ok((id, token))
    }

    /// The user's feeds that work (not revoked), their own first, then by organization.
    pub async fn feeds(&self, user_id: i64) -> StoreResult<Vec<Feed>> {
        let rows = sqlx::query(
            "SELECT id, user_id, org_id, created_at FROM calendar_feeds
             WHERE user_id = ? AND revoked_at IS NULL ORDER BY org_id IS NOT NULL, org_id, id",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(feed_row).collect()
    }

    /// Revokes one of the user's own feeds; `false` when they have no feed
    /// with that id (another user's feed is not theirs to revoke). Revoking
    /// a revoked feed changes nothing, and leaves no entry.
    pub async fn revoke_feed(&self, user_id: i64, id: i64, actor: &Actor) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM calendar_feeds WHERE user_id = ? AND id = ?")
            .bind(user_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(false);
        }
        let revoked: Option<Option<i64>> = sqlx::query_scalar(&format!(
            "UPDATE calendar_feeds SET revoked_at = {NOW} WHERE user_id = ? AND id = ? AND revoked_at IS NULL
             RETURNING org_id"
        ))
        .bind(user_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(org_id) = revoked {
            record_revoked(&mut tx, id, user_id, org_id, actor, "revoked");
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The working feed a token opens, if any: not revoked, and its user's
    /// account not disabled. (Whether an organization's feed may still be
    /// read depends on the user's role there, which the caller checks.)
    pub async fn feed_by_token(&self, token: &str) -> StoreResult<Option<Feed>> {
        if !looks_like_token(token) {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT f.id, f.user_id, f.org_id, f.created_at FROM calendar_feeds f JOIN users u ON u.id = f.user_id
             WHERE f.token_hash = ? AND f.revoked_at IS NULL AND u.disabled = 0",
        )
        .bind(token_hash(&token.to_ascii_lowercase()))
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(feed_row).transpose()
    }

    /// The plans of an organization's objectives and risk treatments in the
    /// given periods — all of them, or those `responsible` is responsible
    /// for — with what they serve; cancelled plans are left out. Objectives'
    /// plans come first, by number, then treatments', by risk id.
    pub async fn held_plans(
        &self,
        org: i64,
        periods: RangeInclusive<i32>,
        responsible: Option<i64>,
    ) -> StoreResult<Vec<HeldPlan>> {
        let rows = sqlx::query(
            "SELECT p.id, p.objective_id, p.treatment_id, p.position, p.actions, p.resources, p.budget_minor,
                    p.budget_currency, p.responsible_user_id, p.responsible_name, p.deadline, p.deadline_text,
                    p.evaluation_method, p.indicator_id, p.status, p.carried_from_id, p.version,
                    COALESCE(o.code, r.code) AS holder_code,
                    COALESCE(o.title, r.asset || ' / ' || r.threat) AS holder_title,
                    COALESCE(o.period, r.period) AS holder_period,
                    r.id AS risk_id
             FROM plans p
             LEFT JOIN objectives o ON o.id = p.objective_id AND o.org_id = p.org_id
             LEFT JOIN risk_treatments t ON t.id = p.treatment_id AND t.org_id = p.org_id
             LEFT JOIN risks r ON r.id = t.risk_id AND r.org_id = p.org_id
             WHERE p.org_id = ? AND p.status <> 'cancelled'
               AND COALESCE(o.period, r.period) BETWEEN ? AND ?
               AND (? IS NULL OR p.responsible_user_id = ?)
             ORDER BY holder_period, p.treatment_id IS NOT NULL, holder_code, p.position, p.id",
        )
        .bind(org)
        .bind(periods.start())
        .bind(periods.end())
        .bind(responsible)
        .bind(responsible)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let plan = rows::plan(row)?;
                let holder_path = match plan.objective_id() {
                    Some(id) => format!("/orgs/{org}/objectives/{id}"),
                    None => format!("/orgs/{org}/risks/{}", row.try_get::<i64, _>("risk_id")?),
                };
                Ok(HeldPlan {
                    plan,
                    holder_code: row.try_get("holder_code")?,
                    holder_title: row.try_get("holder_title")?,
                    holder_path,
                    period: row.try_get::<i64, _>("holder_period")? as i32,
                })
            })
            .collect()
    }

    /// The stored cells of the given plans of an organization, by plan id.
    pub async fn months_of_plans(&self, org: i64, plans: &[i64]) -> StoreResult<HashMap<i64, Vec<MonthCell>>> {
        let mut by_plan: HashMap<i64, Vec<MonthCell>> = HashMap::new();
        // SQLite takes a bounded number of parameters: a few hundred ids at a time.
        for chunk in plans.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let sql = format!(
                "SELECT plan_id, month, planned, result, state FROM plan_months
                 WHERE org_id = ? AND plan_id IN ({marks}) ORDER BY plan_id, month"
            );
            let mut query = sqlx::query(&sql).bind(org);
            for id in chunk {
                query = query.bind(id);
            }
            for row in &query.fetch_all(self.pool()).await? {
                let plan: i64 = row.try_get("plan_id")?;
                by_plan.entry(plan).or_default().push(rows::month_cell(row)?);
            }
        }
        Ok(by_plan)
    }
}

/// A feed's end, in the terms `members::end_access` records one.
fn record_revoked(tx: &mut WriteTx, id: i64, user_id: i64, org_id: Option<i64>, actor: &Actor, reason: &str) {
    let before = json!({ "user_id": user_id, "org_id": org_id, "revoked": false });
    let after = json!({ "user_id": user_id, "org_id": org_id, "revoked": true, "reason": reason });
    audit::append(tx, org_id, actor, AuditAction::Status, "feed", id, Some(&before), Some(&after));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_recognized_before_any_query() {
        assert!(looks_like_token(&"0f".repeat(32)));
        assert!(!looks_like_token(&"0f".repeat(31)));
        assert!(!looks_like_token(&format!("{}.ics", "0f".repeat(30))));
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
