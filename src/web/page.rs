//! What every page shares: the navigation ("chrome") and rendering.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use std::sync::Arc;

use super::extract::Ctx;
use super::snapshots::{Counts, Snapshot};
use crate::error::AppResult;
use crate::i18n::Tr;

/// The navigation of an organization's pages.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub org_id: i64,
    pub org_name: String,
    /// The period the page shows, named by its start year.
    pub period: i32,
    /// Periods to offer in the picker, newest first.
    pub periods: Vec<i32>,
    /// Where the language switch returns to.
    pub here: String,
    /// Which navigation entry is the current page.
    pub section: &'static str,
    /// Who is logged in, and their role here (a catalog key).
    pub user_name: String,
    pub role_key: &'static str,
    /// The viewer administers this organization (the members page is theirs).
    pub is_admin: bool,
    /// The viewer's other organizations, for the switcher: (id, name).
    pub other_orgs: Vec<(i64, String)>,
    /// The period shown has ended: its records can be read, evaluated and carried over only.
    pub read_only: bool,
    /// What the readiness check finds in the period as of today, for the navigation.
    pub findings: usize,
    pub nonconformities: usize,
}

impl Ctx {
    /// The records of `period` and what the readiness check finds in them
    /// today, read once while the organization's records stay unchanged
    /// (see `snapshots`).
    pub async fn snapshot(&self, period: i32) -> AppResult<Arc<Snapshot>> {
        let (org, as_of) = (self.org.id, self.today);
        let last_change = self.store.last_change(org).await?;
        if let Some(kept) = self.snapshots.get(org, period, last_change, as_of) {
            return Ok(kept);
        }
        let lock = self.snapshots.loading(org, period);
        let _reading = lock.lock().await;
        // Whoever held the lock before may have read it meanwhile.
        if let Some(kept) = self.snapshots.get(org, period, last_change, as_of) {
            return Ok(kept);
        }
        let facts = self.store.readiness_facts(org, period).await?;
        let snapshot = Arc::new(Snapshot::new(facts, as_of));
        self.snapshots.put(org, period, last_change, as_of, snapshot.clone());
        Ok(snapshot)
    }

    /// The navigation for a page showing `period`; the picker offers every
    /// period holding objectives plus the current and the next one.
    pub async fn chrome(&self, period: i32, section: &'static str) -> AppResult<Chrome> {
        let snapshot = self.snapshot(period).await?;
        self.chrome_with_counts(period, section, snapshot.counts).await
    }

    /// [`Ctx::chrome`] for a page that holds the snapshot of `period`.
    pub async fn chrome_of(&self, snapshot: &Snapshot, period: i32, section: &'static str) -> AppResult<Chrome> {
        self.chrome_with_counts(period, section, snapshot.counts).await
    }

    async fn chrome_with_counts(&self, period: i32, section: &'static str, counts: Counts) -> AppResult<Chrome> {
        let current = self.org.current_period(self.today).start_year();
        let mut periods = self.store.periods_with_objectives(self.org.id).await?;
        periods.extend([current, current + 1, period]);
        periods.sort_unstable_by(|a, b| b.cmp(a));
        periods.dedup();
        let other_orgs = self
            .store
            .memberships(self.viewer.user.id)
            .await?
            .into_iter()
            .filter(|m| m.org_id != self.org.id)
            .map(|m| (m.org_id, m.org_name))
            .collect();
        Ok(Chrome {
            org_id: self.org.id,
            org_name: self.org.name.clone(),
            period,
            periods,
            here: self.here.clone(),
            section,
            user_name: self.viewer.user.display_name.clone(),
            role_key: self.role().label_key(),
            is_admin: self.role() == crate::domain::access::Role::Admin,
            other_orgs,
            read_only: self.is_closed(period),
            findings: counts.findings,
            nonconformities: counts.nonconformities,
        })
    }

    pub fn current_period(&self) -> i32 {
        self.org.current_period(self.today).start_year()
    }

    /// Reads `?period=` leniently: an unreadable or absurd year means the current one.
    pub fn period_param(&self, raw: Option<&str>) -> i32 {
        raw.and_then(|r| r.trim().parse::<i32>().ok())
            .filter(|y| (1990..=2200).contains(y))
            .unwrap_or_else(|| self.current_period())
    }
}

/// Today's date where ismo runs.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Renders a template with a status.
pub fn render(status: StatusCode, template: &impl Template) -> AppResult<Response> {
    Ok((status, Html(template.render()?)).into_response())
}

pub fn ok(template: &impl Template) -> AppResult<Response> {
    render(StatusCode::OK, template)
}

/// After a successful POST, the browser goes to the record (303 See Other).
pub fn saved(to: String) -> AppResult<Response> {
    Ok(Redirect::to(&to).into_response())
}

/// Options of a select box: (value, label) pairs.
pub type Options = Vec<(String, String)>;

/// Options for a closed set of values with catalog labels.
pub fn options<T: Copy>(t: &Tr, all: &[T], value: fn(T) -> &'static str, key: fn(T) -> &'static str) -> Options {
    all.iter().map(|v| (value(*v).to_string(), t.t(key(*v)))).collect()
}

impl Ctx {
    /// Whether `period` has ended: its records are then read-only, except
    /// for their evaluation and carrying them over.
    pub fn is_closed(&self, period: i32) -> bool {
        period < self.current_period()
    }

    pub fn require_open(&self, period: i32) -> AppResult<()> {
        if self.is_closed(period) { Err(crate::error::AppError::ReadOnlyPeriod) } else { Ok(()) }
    }

    /// An objective of this organization that may still be changed (its period is open), or 404/403.
    pub async fn objective_to_change(&self, id: i64) -> AppResult<crate::domain::objective::Objective> {
        let objective = self.objective(id).await?;
        self.require_open(objective.period)?;
        Ok(objective)
    }

    /// An objective of this organization, or 404.
    pub async fn objective(&self, id: i64) -> AppResult<crate::domain::objective::Objective> {
        self.store.objective(self.org.id, id).await?.ok_or(crate::error::AppError::NotFound)
    }
}
