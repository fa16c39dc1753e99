//! `/_emulator/...`: control of a running emulator over HTTP (for the binary).
//!
//! | route | effect |
//! |---|---|
//! | `GET /_emulator/health` | `{"status":"ok","organization_id","client_id"}` |
//! | `GET /_emulator/counters` / `DELETE` | the counters / reset them |
//! | `GET /_emulator/faults` / `POST` / `DELETE` | list / add one rule / clear all |
//! | `POST /_emulator/seed` | seed a project, see `SeedProject` |
//! | `POST /_emulator/expire-tokens` | invalidate every access token |
//! | `POST /_emulator/invites/{invite_id}/accept` / `/expire` | invite lifecycle |

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use serde_json::json;

use super::extract::{json_body, PathParam};
use super::AppRef;
use crate::error::{json_response, ApiError};
use crate::faults::FaultRuleWire;
use crate::seed::{self, SeedProject};

type R = Result<Response, ApiError>;

pub(super) fn routes() -> Router<AppRef> {
    Router::new()
        .route("/_emulator/health", get(health))
        .route("/_emulator/counters", get(counters).delete(reset_counters))
        .route(
            "/_emulator/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/_emulator/seed", post(seed_project))
        .route("/_emulator/expire-tokens", post(expire_tokens))
        .route("/_emulator/invites/{invite_id}/accept", post(accept_invite))
        .route("/_emulator/invites/{invite_id}/expire", post(expire_invite))
}

async fn health(State(app): State<AppRef>) -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "status": "ok",
            "organization_id": app.info.organization_id,
            "client_id": app.info.client_id,
        }),
    )
}

async fn counters(State(app): State<AppRef>) -> Response {
    json_response(StatusCode::OK, &app.counters.snapshot())
}

async fn reset_counters(State(app): State<AppRef>) -> Response {
    app.counters.reset();
    StatusCode::NO_CONTENT.into_response()
}

async fn list_faults(State(app): State<AppRef>) -> Response {
    let rules: Vec<FaultRuleWire> = app
        .faults
        .snapshot()
        .iter()
        .map(FaultRuleWire::from_rule)
        .collect();
    json_response(StatusCode::OK, &json!({ "faults": rules }))
}

async fn add_fault(State(app): State<AppRef>, body: Bytes) -> R {
    let wire: FaultRuleWire = json_body(&body)?;
    let rule = wire.into_rule().map_err(ApiError::invalid)?;
    let echo = FaultRuleWire::from_rule(&rule);
    app.faults.push(rule);
    Ok(json_response(StatusCode::CREATED, &echo))
}

async fn clear_faults(State(app): State<AppRef>) -> Response {
    app.faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn seed_project(State(app): State<AppRef>, body: Bytes) -> R {
    let req: SeedProject = json_body(&body)?;
    let seeded = seed::apply(&mut app.store(), &req)?;
    Ok(json_response(StatusCode::CREATED, &seeded))
}

async fn expire_tokens(State(app): State<AppRef>) -> Response {
    app.store().expire_tokens();
    StatusCode::NO_CONTENT.into_response()
}

async fn accept_invite(State(app): State<AppRef>, PathParam(id): PathParam) -> R {
    let user_id = app.store().accept_invite(&id)?;
    Ok(json_response(
        StatusCode::OK,
        &json!({ "user_id": user_id }),
    ))
}

async fn expire_invite(State(app): State<AppRef>, PathParam(id): PathParam) -> R {
    app.store().expire_invite(&id)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
