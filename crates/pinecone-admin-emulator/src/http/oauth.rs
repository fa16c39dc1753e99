//! `POST /oauth/token`: the client-credentials exchange.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::extract::check_version;
use super::AppRef;
use crate::error::{json_response, OAuthError};
use crate::store::MintError;

/// The audience every official client sends.
pub(crate) const AUDIENCE: &str = "https://api.pinecone.io/";

#[derive(Deserialize)]
struct TokenRequest {
    client_id: Option<String>,
    client_secret: Option<String>,
    grant_type: Option<String>,
    audience: Option<String>,
}

#[derive(Serialize)]
struct TokenResponse<'a> {
    access_token: &'a str,
    token_type: &'static str,
    expires_in: u64,
}

fn invalid(description: &str) -> OAuthError {
    OAuthError::new(StatusCode::BAD_REQUEST, "invalid_request", description)
}

pub(super) async fn token(
    State(app): State<AppRef>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, OAuthError> {
    if check_version(&headers, true).is_err() {
        return Err(invalid(
            "The X-Pinecone-Api-Version header is missing or names an unknown version.",
        ));
    }
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.trim()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    // Decoding errors are reported without detail: the body carries a secret.
    let req: TokenRequest = if form {
        serde_urlencoded::from_bytes(&body)
            .map_err(|_| invalid("The request body is not a valid form."))?
    } else {
        serde_json::from_slice(&body)
            .map_err(|_| invalid("The request body is not a valid JSON token request."))?
    };
    let (Some(client_id), Some(client_secret), Some(grant_type), Some(audience)) = (
        req.client_id,
        req.client_secret,
        req.grant_type,
        req.audience,
    ) else {
        return Err(invalid(
            "client_id, client_secret, grant_type and audience are required.",
        ));
    };
    if grant_type != "client_credentials" {
        // As the hosted login service does: 403, not RFC 6749's 400.
        return Err(OAuthError::new(
            StatusCode::FORBIDDEN,
            "unsupported_grant_type",
            "Only the client_credentials grant is supported.",
        ));
    }
    if audience != AUDIENCE {
        return Err(OAuthError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            format!("Service not enabled within domain; expected audience {AUDIENCE}"),
        ));
    }
    let minted = app.store().mint_token(&client_id, &client_secret).map_err(
        |MintError::BadCredentials| {
            OAuthError::new(StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized")
        },
    )?;
    app.counters.token_exchange();
    let mut resp = json_response(
        StatusCode::OK,
        &TokenResponse {
            access_token: &minted.access_token,
            token_type: "Bearer",
            expires_in: minted.expires_in,
        },
    );
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp.into_response())
}
