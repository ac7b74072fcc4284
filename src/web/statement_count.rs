//! Database statements per request, so an N+1 query is seen rather than
//! guessed at. sqlx reports every statement as a `sqlx::query` event inside
//! the span of the code that ran it (its SQLite worker thread enters the
//! caller's span), so a tracing layer counts those events under each
//! `request` span; [`report`] writes the count to the debug log and to the
//! `x-ismo-statements` response header.
//!
//! The count costs something — sqlx formats each statement for the event —
//! so the layer is installed only when debug logging was asked for (and in
//! tests); otherwise no header is sent and nothing is counted.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Subscriber;
use tracing::span::{Attributes, Id};
use tracing_subscriber::filter::{FilterFn, Filtered, filter_fn};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::{LookupSpan, Registry};

/// The response header that carries the count.
pub const HEADER: &str = "x-ismo-statements";

/// The statements run so far under one request span.
struct Count(AtomicUsize);

/// Counts `sqlx::query` events per `request` span.
pub struct StatementCounter;

/// What the counter sees: request spans and sqlx's statement events.
pub type CounterLayer<S> = Filtered<StatementCounter, FilterFn, S>;

/// The counting layer, with its own filter so that it neither hides nor
/// shows anything in the log.
pub fn layer<S>() -> CounterLayer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    let wanted: fn(&tracing::Metadata<'_>) -> bool =
        |m| (m.is_span() && m.name() == "request") || (m.is_event() && m.target() == "sqlx::query");
    StatementCounter.with_filter(filter_fn(wanted))
}

impl<S> Layer<S> for StatementCounter
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() == "request"
            && let Some(span) = ctx.span(id)
        {
            span.extensions_mut().insert(Count(AtomicUsize::new(0)));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        let Some(scope) = ctx.event_scope(event) else { return };
        for span in scope {
            if let Some(count) = span.extensions().get::<Count>() {
                count.0.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
    }
}

/// The statements counted so far for the request being served, when the
/// counter is installed.
fn current_count() -> Option<usize> {
    tracing::Span::current()
        .with_subscriber(|(id, dispatch)| {
            let registry = dispatch.downcast_ref::<Registry>()?;
            let span = registry.span(id)?;
            span.scope().find_map(|s| s.extensions().get::<Count>().map(|c| c.0.load(Ordering::Relaxed)))
        })
        .flatten()
}

/// Middleware (inside the request span): logs and sends the count once the
/// handler has answered.
pub async fn report(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Some(n) = current_count() {
        tracing::debug!(statements = n, "statements run for this request");
        response.headers_mut().insert(HEADER, HeaderValue::from(n));
    }
    response
}
