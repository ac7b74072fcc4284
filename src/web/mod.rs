//! The web application. Every route is listed in [`routes`], in one place; a
//! test walks the same table, so a new route cannot be forgotten by the tests.

mod assets;
mod auth;
mod cell_save;
pub mod charts;
mod communication_save;
mod conflict;
mod dashboard;
mod errors;
mod evaluation_save;
mod export_download;
mod extract;
mod finding_counts;
mod findings;
mod form_view;
mod grid;
mod grid_pages;
mod health;
pub mod heatmap;
mod history;
mod holder;
mod home;
mod ical_feed;
mod import_upload;
mod indicator_save;
mod indicator_show;
mod input_save;
mod lang;
mod login;
mod me;
mod measurement_save;
mod members;
mod months_save;
mod objective_save;
mod objective_show;
mod objectives_list;
mod page;
mod password_pages;
mod people;
mod period_end;
pub use page::today;
mod plan_save;
mod plan_show;
mod policy_save;
mod policy_show;
mod progress_pages;
mod requirement_save;
mod review_pdf;
mod review_report;
mod review_save;
mod risk_save;
mod risk_settings;
mod risk_show;
mod risks_list;
mod security;
mod session;
mod sheet;
pub mod statement_count;
mod statement_save;
mod treatment_plan;
mod treatment_save;

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use axum::{Extension, Router};
use tower_http::limit::RequestBodyLimitLayer;

pub use auth::Viewer;
pub use session::SessionSettings;

use crate::domain::access::Access;
use crate::domain::proxy::Cidr;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub session: SessionSettings,
    /// A fixed "today" (tests and demonstrations); the clock when `None`.
    pub fixed_today: Option<chrono::NaiveDate>,
    /// The navigation's finding counts, per organization and period.
    pub finding_counts: finding_counts::FindingCounts,
    /// Where invitation mails go, when mail is configured.
    pub outbox: Option<Arc<crate::mail::Outbox>>,
    /// ismo's address as people open it (`--base-url`), for links in mails.
    pub base_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`).
    pub trusted_proxies: Arc<[Cidr]>,
}

impl AppState {
    pub fn today(&self) -> chrono::NaiveDate {
        self.fixed_today.unwrap_or_else(today)
    }
}

/// One route as the table lists it: method, path pattern (`{org}`, `{id}`)
/// and what it requires of the person asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

/// Builds the router and the route table together, so they cannot disagree.
struct Routes {
    router: Router<AppState>,
    /// Routes that receive a file: outside the forms' body limit, with their own.
    uploads: Router<AppState>,
    table: Vec<RouteInfo>,
}

/// Guards a route with `access`. The guard runs after routing, so it sees the path's `{org}`.
fn guarded(access: Access, route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.route_layer(axum::middleware::from_fn(move |req, next| auth::guard(access, req, next)))
}

impl Routes {
    fn add(mut self, method: Method, path: &'static str, access: Access, route: MethodRouter<AppState>) -> Self {
        self.table.push(RouteInfo { method, path, access });
        self.router = self.router.route(path, guarded(access, route));
        self
    }

    /// A POST that receives a file of up to [`UPLOAD_LIMIT`].
    fn upload<H: Handler<T, AppState>, T: 'static>(mut self, path: &'static str, access: Access, handler: H) -> Self {
        self.table.push(RouteInfo { method: Method::POST, path, access });
        // Outermost, as for the forms: a body announced as too large is refused unread.
        let route: MethodRouter<AppState> = guarded(access, post(handler))
            .layer::<_, Infallible>(DefaultBodyLimit::disable())
            .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT));
        self.uploads = self.uploads.route(path, route);
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, handler: H) -> Self {
        self.add(Method::GET, path, access, get(handler))
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, access: Access, handler: H) -> Self {
        self.add(Method::POST, path, access, post(handler))
    }
}

/// Every route of ismo.
fn routes() -> Routes {
    use Access::{Admin, Edit, LoggedIn, PlanOwner, Public, Read};
    Routes { router: Router::new(), uploads: Router::new(), table: Vec::new() }
        .get("/healthz", Public, health::check)
        .get("/static/{file}", Public, assets::serve)
        .post("/lang", Public, lang::switch)
        .get("/login", Public, login::show)
        .post("/login", Public, login::submit)
        .post("/logout", LoggedIn, login::logout)
        .get("/", LoggedIn, home::show)
        // The person's own page and calendar feeds; a feed's URL is its secret.
        .get("/me", LoggedIn, me::show)
        .post("/me/feeds", LoggedIn, me::create)
        .post("/me/feeds/{id}/revoke", LoggedIn, me::revoke)
        .post("/me/password", LoggedIn, me::change_password)
        .get("/ical/{token}", Public, ical_feed::serve)
        // One-time links: the first admin's setup, a new member's password.
        .get("/setup", Public, password_pages::setup_form)
        .post("/setup", Public, password_pages::setup)
        .get("/password", Public, password_pages::link_form)
        .post("/password", Public, password_pages::set_by_link)
        .get("/orgs/{org}", Read, home::organization)
        // Objectives (6.2).
        .get("/orgs/{org}/objectives", Read, objectives_list::show)
        .get("/orgs/{org}/objectives/new", Edit, objective_save::new)
        .post("/orgs/{org}/objectives", Edit, objective_save::create)
        .get("/orgs/{org}/objectives/{id}", Read, objective_show::show)
        .get("/orgs/{org}/objectives/{id}/edit", Edit, objective_save::edit)
        .post("/orgs/{org}/objectives/{id}", Edit, objective_save::update)
        // Plans (f–j) and their monthly grid; owners update their own.
        .get("/orgs/{org}/objectives/{id}/plans/new", Edit, plan_save::new_for_objective)
        .post("/orgs/{org}/objectives/{id}/plans", Edit, plan_save::create_for_objective)
        .get("/orgs/{org}/plans/{id}", Read, plan_show::show)
        .get("/orgs/{org}/plans/{id}/edit", PlanOwner, plan_save::edit)
        .post("/orgs/{org}/plans/{id}", PlanOwner, plan_save::update)
        .get("/orgs/{org}/plans/{id}/months", PlanOwner, months_save::edit)
        .post("/orgs/{org}/plans/{id}/months", PlanOwner, months_save::update)
        // What stands behind an objective (b, c).
        .get("/orgs/{org}/objectives/{id}/indicators/new", Edit, indicator_save::new)
        .post("/orgs/{org}/objectives/{id}/indicators", Edit, indicator_save::create)
        .get("/orgs/{org}/indicators/{id}/edit", Edit, indicator_save::edit)
        .post("/orgs/{org}/indicators/{id}", Edit, indicator_save::update)
        .get("/orgs/{org}/objectives/{id}/inputs/new", Edit, input_save::new)
        .post("/orgs/{org}/objectives/{id}/inputs", Edit, input_save::create)
        .get("/orgs/{org}/inputs/{id}/edit", Edit, input_save::edit)
        .post("/orgs/{org}/inputs/{id}", Edit, input_save::update)
        .get("/orgs/{org}/objectives/{id}/requirements/new", Edit, requirement_save::new)
        .post("/orgs/{org}/objectives/{id}/requirements", Edit, requirement_save::create)
        .get("/orgs/{org}/requirements/{id}/edit", Edit, requirement_save::edit)
        .post("/orgs/{org}/requirements/{id}", Edit, requirement_save::update)
        // The information security policy (a).
        .get("/orgs/{org}/policy", Read, policy_show::show)
        .get("/orgs/{org}/policy/versions/new", Edit, policy_save::new)
        .post("/orgs/{org}/policy/versions", Edit, policy_save::create)
        .get("/orgs/{org}/policy/versions/{id}/statements/new", Edit, statement_save::new)
        .post("/orgs/{org}/policy/versions/{id}/statements", Edit, statement_save::create)
        .get("/orgs/{org}/statements/{id}/edit", Edit, statement_save::edit)
        .post("/orgs/{org}/statements/{id}", Edit, statement_save::update)
        // Measurements, communication and review (9.1, 6.2 d, e).
        .get("/orgs/{org}/indicators/{id}", Read, indicator_show::show)
        .get("/orgs/{org}/indicators/{id}/measurements/new", PlanOwner, measurement_save::new)
        .post("/orgs/{org}/indicators/{id}/measurements/new", PlanOwner, measurement_save::create)
        .get("/orgs/{org}/measurements/{id}/correct", PlanOwner, measurement_save::correct_form)
        .post("/orgs/{org}/measurements/{id}/correct", PlanOwner, measurement_save::correct)
        .get("/orgs/{org}/objectives/{id}/communications/new", Edit, communication_save::new)
        .post("/orgs/{org}/objectives/{id}/communications", Edit, communication_save::create)
        .get("/orgs/{org}/communications/{id}/edit", Edit, communication_save::edit)
        .post("/orgs/{org}/communications/{id}", Edit, communication_save::update)
        .get("/orgs/{org}/objectives/{id}/reviews/new", Edit, review_save::new)
        .post("/orgs/{org}/objectives/{id}/reviews", Edit, review_save::create)
        .get("/orgs/{org}/reviews/{id}/edit", Edit, review_save::edit)
        .post("/orgs/{org}/reviews/{id}", Edit, review_save::update)
        // The year's cycle: grid, progress views, evaluation, carry-over.
        .get("/orgs/{org}/grid", Read, grid::show)
        .get("/orgs/{org}/mine", Read, grid::mine)
        .get("/orgs/{org}/this-month", Read, progress_pages::this_month_page)
        .get("/orgs/{org}/late", Read, progress_pages::late_page)
        // Audit readiness: the state at a glance, and what an auditor would find missing.
        .get("/orgs/{org}/dashboard", Read, dashboard::show)
        .get("/orgs/{org}/findings", Read, findings::show)
        .get("/orgs/{org}/objectives/{id}/evaluation", Edit, evaluation_save::objective_form)
        .post("/orgs/{org}/objectives/{id}/evaluation", Edit, evaluation_save::objective_save)
        .get("/orgs/{org}/plans/{id}/evaluation", Edit, evaluation_save::plan_form)
        .post("/orgs/{org}/plans/{id}/evaluation", Edit, evaluation_save::plan_save)
        .get("/orgs/{org}/period-end", Read, period_end::show)
        .post("/orgs/{org}/carry-over", Edit, period_end::carry_over)
        // The management review's input (9.3.2), printable.
        .get("/orgs/{org}/review-report", Read, review_report::show)
        .get("/orgs/{org}/review-report.pdf", Read, review_pdf::pdf)
        // Risk assessment and treatment (6.1.2, 6.1.3).
        .get("/orgs/{org}/risks", Read, risks_list::show)
        .get("/orgs/{org}/risks/new", Edit, risk_save::new)
        .post("/orgs/{org}/risks", Edit, risk_save::create)
        .get("/orgs/{org}/risks/{id}", Read, risk_show::show)
        .get("/orgs/{org}/risks/{id}/edit", PlanOwner, risk_save::edit)
        .post("/orgs/{org}/risks/{id}", PlanOwner, risk_save::update)
        .get("/orgs/{org}/risks/{id}/treatment", Edit, treatment_save::edit)
        .post("/orgs/{org}/risks/{id}/treatment", Edit, treatment_save::save)
        .post("/orgs/{org}/risks/{id}/approve", PlanOwner, treatment_save::approve)
        .get("/orgs/{org}/risks/{id}/plans/new", Edit, plan_save::new_for_risk)
        .post("/orgs/{org}/risks/{id}/plans", Edit, plan_save::create_for_risk)
        .get("/orgs/{org}/risk-treatment-plan", Read, treatment_plan::show)
        // Who belongs to the organization (admins).
        .get("/orgs/{org}/members", Admin, members::show)
        .post("/orgs/{org}/members", Admin, members::add)
        .post("/orgs/{org}/members/{id}/role", Admin, members::change_role)
        .post("/orgs/{org}/members/{id}/remove", Admin, members::remove)
        .post("/orgs/{org}/members/{id}/link", Admin, members::renew_link)
        .get("/orgs/{org}/risk-settings", Admin, risk_settings::edit)
        .post("/orgs/{org}/risk-settings", Admin, risk_settings::save)
        // The management table as a workbook.
        .get("/orgs/{org}/export.xlsx", Read, export_download::xlsx)
        .get("/orgs/{org}/export.csv", Read, export_download::csv)
        .get("/orgs/{org}/import", Edit, import_upload::form)
        .upload("/orgs/{org}/import", Edit, import_upload::preview)
        .post("/orgs/{org}/import/{id}/confirm", Edit, import_upload::confirm)
        .post("/orgs/{org}/plans/{id}/cell", PlanOwner, cell_save::save)
}

/// The route table, for tests and documentation.
pub fn route_table() -> Vec<RouteInfo> {
    routes().table
}

/// Forms are small; anything larger is refused before it is read.
const BODY_LIMIT: usize = 256 * 1024;

/// A management-table workbook: a few hundred KiB usually, a few MiB with
/// thousands of plans.
const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// The whole application with default session settings.
pub fn app(store: Store) -> Router {
    app_with(store, SessionSettings::default())
}

/// The whole application, ready to serve, believing no proxy.
pub fn app_with(store: Store, session: SessionSettings) -> Router {
    app_serving(store, session, Serving::default())
}

/// What `ismo serve` configures beyond the session settings.
#[derive(Default)]
pub struct Serving {
    /// Where invitation mails go, when mail is configured.
    pub outbox: Option<crate::mail::Outbox>,
    /// ismo's address as people open it (`--base-url`), for links in mails.
    pub base_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`).
    pub trusted_proxies: Vec<Cidr>,
}

/// The whole application as `ismo serve` runs it.
pub fn app_serving(store: Store, session: SessionSettings, serving: Serving) -> Router {
    build(AppState {
        store,
        session,
        fixed_today: None,
        finding_counts: Default::default(),
        outbox: serving.outbox.map(Arc::new),
        base_url: serving.base_url,
        trusted_proxies: serving.trusted_proxies.into(),
    })
}

/// The whole application, mailing invitations through `outbox` with links
/// under `base_url` (when given).
pub fn app_mailing(
    store: Store,
    session: SessionSettings,
    outbox: Option<crate::mail::Outbox>,
    base_url: Option<String>,
) -> Router {
    app_serving(store, session, Serving { outbox, base_url, ..Default::default() })
}

/// The whole application behind the reverse proxies in `trusted`.
pub fn app_behind(store: Store, session: SessionSettings, trusted: Vec<Cidr>) -> Router {
    app_serving(store, session, Serving { trusted_proxies: trusted, ..Default::default() })
}

/// The application as it would run on `today` (for tests of date-dependent pages).
pub fn app_on(store: Store, session: SessionSettings, today: chrono::NaiveDate) -> Router {
    build(AppState {
        store,
        session,
        fixed_today: Some(today),
        finding_counts: Default::default(),
        outbox: None,
        base_url: None,
        trusted_proxies: Vec::new().into(),
    })
}

fn build(state: AppState) -> Router {
    let Routes { router, uploads, .. } = routes();
    let https = state.session.secure_cookies;
    let router = router
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        // Merged after that limit: the uploads carry their own.
        .merge(uploads)
        .fallback(errors::not_found)
        .layer(axum::middleware::from_fn(security::protect))
        .layer(axum::middleware::from_fn(errors::render_error_pages))
        .layer(axum::middleware::from_fn(statement_count::report))
        .layer(Extension(state.clone()))
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state);
    // Outermost, so that every answer carries it, error pages included.
    if https { router.layer(axum::middleware::map_response(security::strict_transport)) } else { router }
}

/// The span each request is traced in: method and path, with a calendar
/// feed's secret token left out (the path is the secret).
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let path = request.uri().path();
    let shown = if path.starts_with("/ical/") { "/ical/…" } else { path };
    tracing::debug_span!("request", method = %request.method(), path = %shown)
}
