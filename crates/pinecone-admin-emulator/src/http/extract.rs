//! Request extractors that answer in the documented error shapes.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path, RawQuery};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::AppRef;
use crate::error::ApiError;

/// API versions the emulator answers.
pub(crate) const KNOWN_VERSIONS: [&str; 4] = ["2025-04", "2025-10", "2026-04", "2026-07"];
pub(crate) const VERSION_HEADER: &str = "x-pinecone-api-version";

fn version_error() -> ApiError {
    ApiError::invalid(format!(
        "The X-Pinecone-Api-Version header is required; supported versions: {}.",
        KNOWN_VERSIONS.join(", ")
    ))
}

/// Checks the version header. `required` decides whether a missing header is an error.
pub(crate) fn check_version(headers: &HeaderMap, required: bool) -> Result<(), ApiError> {
    match headers.get(VERSION_HEADER) {
        None if required => Err(version_error()),
        None => Ok(()),
        Some(v) => match v.to_str() {
            Ok(v) if KNOWN_VERSIONS.contains(&v.trim()) => Ok(()),
            _ => Err(version_error()),
        },
    }
}

/// A caller of the Admin API: a current bearer token and a known version header.
pub(crate) struct AdminCaller {
    #[allow(dead_code)]
    pub service_account_id: String,
}

impl FromRequestParts<AppRef> for AdminCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppRef) -> Result<Self, ApiError> {
        let auth = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| ApiError::unauthenticated("Missing Authorization header."))?;
        let token = auth
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::unauthenticated("Authorization must use the Bearer scheme.")
            })?;
        let service_account_id = app
            .store()
            .check_token(token)
            .ok_or_else(|| ApiError::unauthenticated("Invalid or expired access token."))?;
        check_version(&parts.headers, true)?;
        Ok(AdminCaller { service_account_id })
    }
}

/// What a project API key may do on the control plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Write,
    Read,
    None,
}

pub(crate) fn access_of(roles: &[String]) -> Access {
    let has = |r: &str| roles.iter().any(|x| x == r);
    if has("ProjectEditor") || has("ControlPlaneEditor") {
        Access::Write
    } else if has("ProjectViewer") || has("ControlPlaneViewer") {
        Access::Read
    } else {
        Access::None
    }
}

/// A caller of the control plane, identified by its `Api-Key`.
pub(crate) struct ControlCaller {
    pub project_id: String,
    pub access: Access,
}

impl ControlCaller {
    pub(crate) fn read(&self) -> Result<(), ApiError> {
        match self.access {
            Access::None => Err(ApiError::permission_denied(
                "This API key's roles do not allow control-plane operations.",
            )),
            _ => Ok(()),
        }
    }

    pub(crate) fn write(&self) -> Result<(), ApiError> {
        match self.access {
            Access::Write => Ok(()),
            Access::Read => Err(ApiError::permission_denied(
                "This API key's roles allow reading only.",
            )),
            Access::None => self.read(),
        }
    }
}

fn control_caller(parts: &Parts, app: &AppRef, plain: bool) -> Result<ControlCaller, ApiError> {
    let unauthorized = |m: &str| {
        if plain {
            ApiError::plain_unauthorized(m.to_owned())
        } else {
            ApiError::unauthenticated(m.to_owned())
        }
    };
    let value = parts
        .headers
        .get("api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| unauthorized("Missing Api-Key header."))?;
    let caller = {
        let store = app.store();
        let key = store
            .key_by_value(value)
            .ok_or_else(|| unauthorized("Invalid API Key."))?;
        ControlCaller {
            project_id: key.project_id.clone(),
            access: access_of(&key.roles),
        }
    };
    // The control plane takes a missing version header as the current version; an unknown
    // version is still rejected.
    check_version(&parts.headers, false)?;
    Ok(caller)
}

/// A control-plane caller whose 401 is `text/plain` (indexes, collections, backups).
pub(crate) struct DbCaller(pub ControlCaller);

impl FromRequestParts<AppRef> for DbCaller {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, app: &AppRef) -> Result<Self, ApiError> {
        control_caller(parts, app, true).map(DbCaller)
    }
}

/// An assistant-API caller whose 401 is JSON.
pub(crate) struct AssistantCaller(pub ControlCaller);

impl FromRequestParts<AppRef> for AssistantCaller {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, app: &AppRef) -> Result<Self, ApiError> {
        control_caller(parts, app, false).map(AssistantCaller)
    }
}

/// The single path parameter of a route.
pub(crate) struct PathParam(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathParam {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(v) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::invalid(format!("Invalid path parameter: {e}")))?;
        Ok(PathParam(v))
    }
}

/// The query string as a map (the last value of a repeated key wins).
pub(crate) struct Query(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let RawQuery(q) = RawQuery::from_request_parts(parts, state)
            .await
            .unwrap_or(RawQuery(None));
        let pairs: Vec<(String, String)> = match q {
            None => Vec::new(),
            Some(q) => serde_urlencoded::from_str(&q)
                .map_err(|e| ApiError::invalid(format!("Malformed query string: {e}")))?,
        };
        Ok(Query(pairs.into_iter().collect()))
    }
}

impl Query {
    pub(crate) fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(String::as_str)
    }
}

/// Decodes a JSON request body; anything malformed is `400 INVALID_ARGUMENT`.
pub(crate) fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        None => return Err(ApiError::invalid("A JSON request body is required.")),
        // Every request body of these APIs is an object (serde would take an array as a
        // struct's fields in order).
        Some(b'{') => {}
        Some(_) => return Err(ApiError::invalid("The request body must be a JSON object.")),
    }
    serde_json::from_slice(body).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => "Invalid request body",
            _ => "Malformed JSON body",
        };
        ApiError::invalid(format!("{what}: {e}"))
    })
}
