//! The HTTP side: routes, the counting/fault layer, and the connection loop.

mod admin;
mod control;
mod emu;
mod extract;
pub(crate) use extract::KNOWN_VERSIONS;
mod oauth;

use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;

use crate::counters::CounterSet;
use crate::error::{ApiError, OAuthError};
use crate::faults::{Decision, FaultSet};
use crate::store::Store;

/// Everything the handlers share.
pub(crate) struct App {
    store: Mutex<Store>,
    pub faults: FaultSet,
    pub counters: CounterSet,
    request_ids: AtomicU64,
    pub info: Info,
}

/// Fixed facts about this emulator, for the `/_emulator` routes.
#[derive(Clone, Debug)]
pub(crate) struct Info {
    pub client_id: String,
    pub organization_id: String,
}

impl App {
    pub(crate) fn new(store: Store, info: Info) -> Self {
        App {
            store: Mutex::new(store),
            faults: FaultSet::default(),
            counters: CounterSet::default(),
            request_ids: AtomicU64::new(1),
            info,
        }
    }

    /// The state; a panic in a handler never leaves it unusable.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub(crate) type AppRef = Arc<App>;

/// Lets a handler ask its connection to close without answering.
#[derive(Clone)]
struct ConnControl(Arc<Notify>);

pub(crate) fn router(app: AppRef) -> Router {
    Router::new()
        .route("/oauth/token", post(oauth::token))
        .merge(admin::routes())
        .merge(control::routes())
        .merge(emu::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), gate))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("Internal server error").into_response()
        }))
        .with_state(app)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("No route for {method} {}", uri.path()))
}

/// Counts the request, applies fault rules, gives 405s a JSON body and stamps a request id.
async fn gate(State(app): State<AppRef>, req: Request, next: Next) -> Response {
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let template = matched.as_ref().map(MatchedPath::as_str);
    if req.uri().path().starts_with("/_emulator") {
        return next.run(req).await;
    }
    let method = req.method().clone();
    app.counters.request(method.as_str(), template);
    let oauth = template == Some("/oauth/token");
    let mut resp = match app
        .faults
        .decide(method.as_str(), template, req.uri().path())
    {
        Decision::Proceed => next.run(req).await,
        Decision::Delay(d) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        Decision::Respond {
            status,
            body,
            retry_after,
        } => fault_response(status, body, retry_after, oauth),
        Decision::ProcessThenFail(status) => {
            let _ = next.run(req).await;
            fault_response(status, None, None, oauth)
        }
        Decision::Drop => {
            let control = req.extensions().get::<ConnControl>().cloned();
            let _ = axum::body::to_bytes(req.into_body(), 16 << 20).await;
            match control {
                Some(c) => {
                    tracing::debug!(method = %method, route = template, "fault: dropping the connection");
                    c.0.notify_one();
                    std::future::pending::<Response>().await
                }
                None => fault_response(500, None, None, oauth),
            }
        }
    };
    if resp.status() == StatusCode::METHOD_NOT_ALLOWED
        && !resp.headers().contains_key(header::CONTENT_TYPE)
    {
        let allow = resp.headers().get(header::ALLOW).cloned();
        resp = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "UNIMPLEMENTED",
            format!("Method {method} is not allowed on this path"),
        )
        .into_response();
        if let Some(allow) = allow {
            resp.headers_mut().insert(header::ALLOW, allow);
        }
    }
    let id = app.request_ids.fetch_add(1, Ordering::Relaxed);
    if let Ok(v) = HeaderValue::from_str(&format!("emu-{id:016x}")) {
        resp.headers_mut().insert("x-pinecone-request-id", v);
    }
    tracing::debug!(method = %method, route = template, status = resp.status().as_u16(), "request");
    resp
}

fn fault_response(
    status: u16,
    body: Option<String>,
    retry_after: Option<u64>,
    oauth: bool,
) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = match body {
        Some(b) => {
            let ct = if serde_json::from_str::<serde::de::IgnoredAny>(&b).is_ok() {
                "application/json"
            } else {
                "text/plain; charset=utf-8"
            };
            let mut r = (status, b).into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
            r
        }
        None if oauth => OAuthError::for_status(status).into_response(),
        None => ApiError::for_status(status).into_response(),
    };
    *resp.status_mut() = status;
    if let Some(s) = retry_after {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(s));
    }
    resp
}

/// Collapses `//` runs and a trailing `/`, so `http://host//admin/projects/` routes like
/// `/admin/projects` (a client given a host with a trailing slash sends the former).
fn normalize_path(req: &mut hyper::Request<Incoming>) {
    let path = req.uri().path();
    if !(path.contains("//") || (path.len() > 1 && path.ends_with('/'))) {
        return;
    }
    let mut clean = String::with_capacity(path.len());
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        clean.push('/');
        clean.push_str(seg);
    }
    if clean.is_empty() {
        clean.push('/');
    }
    if let Some(q) = req.uri().query() {
        clean.push('?');
        clean.push_str(q);
    }
    if let Ok(uri) = clean.parse::<Uri>() {
        *req.uri_mut() = uri;
    }
}

/// Accepts connections until `shutdown` fires, then lets open connections finish (bounded).
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    app: AppRef,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    app.counters.connection();
                    let _ = stream.set_nodelay(true);
                    conns.spawn(serve_connection(stream, router.clone(), shutdown.clone()));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            _ = shutdown.changed() => break,
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(Duration::from_secs(5), async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        conns.abort_all();
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let kill = Arc::new(Notify::new());
    let control = ConnControl(kill.clone());
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        normalize_path(&mut req);
        req.extensions_mut().insert(control.clone());
        let router = router.clone();
        async move {
            let resp = router.oneshot(req.map(Body::new)).await;
            Ok::<_, Infallible>(resp.unwrap_or_else(|never| match never {}))
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        res = conn.as_mut() => {
            if let Err(e) = res {
                tracing::trace!(error = %e, "connection ended with an error");
            }
        }
        _ = kill.notified() => {}
        _ = shutdown.changed() => {
            conn.as_mut().graceful_shutdown();
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = kill.notified() => {}
            }
        }
    }
}
