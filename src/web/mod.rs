//! The web application. Every route is listed in [`routes`], in one place; a
//! test walks the same table, so a new route cannot be forgotten by the tests.

mod assets;
mod errors;
mod extract;
mod form_view;
mod health;
mod home;
mod indicator_save;
mod input_save;
mod lang;
mod months_save;
mod objective_save;
mod objective_show;
mod objectives_list;
mod page;
pub use page::today;
mod plan_save;
mod policy_save;
mod policy_show;
mod requirement_save;
mod statement_save;

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{get, post};
use tower_http::limit::RequestBodyLimitLayer;

use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

/// One route as the table lists it: method and path pattern (`{org}`, `{id}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
}

/// Builds the router and the route table together, so they cannot disagree.
struct Routes {
    router: Router<AppState>,
    table: Vec<RouteInfo>,
}

impl Routes {
    fn get<H: Handler<T, AppState>, T: 'static>(mut self, path: &'static str, handler: H) -> Self {
        self.table.push(RouteInfo {
            method: Method::GET,
            path,
        });
        self.router = self.router.route(path, get(handler));
        self
    }

    fn post<H: Handler<T, AppState>, T: 'static>(mut self, path: &'static str, handler: H) -> Self {
        self.table.push(RouteInfo {
            method: Method::POST,
            path,
        });
        self.router = self.router.route(path, post(handler));
        self
    }
}

/// Every route of ismo.
fn routes() -> Routes {
    Routes {
        router: Router::new(),
        table: Vec::new(),
    }
    .get("/healthz", health::check)
    .get("/static/{file}", assets::serve)
    .post("/lang", lang::switch)
    .get("/", home::show)
    .get("/orgs/{org}", home::organization)
    // Objectives (6.2).
    .get("/orgs/{org}/objectives", objectives_list::show)
    .get("/orgs/{org}/objectives/new", objective_save::new)
    .post("/orgs/{org}/objectives", objective_save::create)
    .get("/orgs/{org}/objectives/{id}", objective_show::show)
    .get("/orgs/{org}/objectives/{id}/edit", objective_save::edit)
    .post("/orgs/{org}/objectives/{id}", objective_save::update)
    // Plans (f–j) and their monthly grid.
    .get("/orgs/{org}/objectives/{id}/plans/new", plan_save::new)
    .post("/orgs/{org}/objectives/{id}/plans", plan_save::create)
    .get("/orgs/{org}/plans/{id}/edit", plan_save::edit)
    .post("/orgs/{org}/plans/{id}", plan_save::update)
    .get("/orgs/{org}/plans/{id}/months", months_save::edit)
    .post("/orgs/{org}/plans/{id}/months", months_save::update)
    // What stands behind an objective (b, c).
    .get(
        "/orgs/{org}/objectives/{id}/indicators/new",
        indicator_save::new,
    )
    .post(
        "/orgs/{org}/objectives/{id}/indicators",
        indicator_save::create,
    )
    .get("/orgs/{org}/indicators/{id}/edit", indicator_save::edit)
    .post("/orgs/{org}/indicators/{id}", indicator_save::update)
    .get("/orgs/{org}/objectives/{id}/inputs/new", input_save::new)
    .post("/orgs/{org}/objectives/{id}/inputs", input_save::create)
    .get("/orgs/{org}/inputs/{id}/edit", input_save::edit)
    .post("/orgs/{org}/inputs/{id}", input_save::update)
    .get(
        "/orgs/{org}/objectives/{id}/requirements/new",
        requirement_save::new,
    )
    .post(
        "/orgs/{org}/objectives/{id}/requirements",
        requirement_save::create,
    )
    .get("/orgs/{org}/requirements/{id}/edit", requirement_save::edit)
    .post("/orgs/{org}/requirements/{id}", requirement_save::update)
    // The information security policy (a).
    .get("/orgs/{org}/policy", policy_show::show)
    .get("/orgs/{org}/policy/versions/new", policy_save::new)
    .post("/orgs/{org}/policy/versions", policy_save::create)
    .get(
        "/orgs/{org}/policy/versions/{id}/statements/new",
        statement_save::new,
    )
    .post(
        "/orgs/{org}/policy/versions/{id}/statements",
        statement_save::create,
    )
    .get("/orgs/{org}/statements/{id}/edit", statement_save::edit)
    .post("/orgs/{org}/statements/{id}", statement_save::update)
}

/// The route table, for tests and documentation.
pub fn route_table() -> Vec<RouteInfo> {
    routes().table
}

/// Forms are small; anything larger is refused before it is read.
const BODY_LIMIT: usize = 256 * 1024;

/// The whole application, ready to serve.
pub fn app(store: Store) -> Router {
    routes()
        .router
        .fallback(errors::not_found)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::middleware::from_fn(errors::render_error_pages))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(AppState { store })
}
