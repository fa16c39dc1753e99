//! Error answers in the shapes the specs document.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answer of the admin, control-plane or assistant API:
/// `{"error": {"code", "message"}, "status"}`, or a `text/plain` body for the control plane's
/// 401.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub plain: bool,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
    status: u16,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            plain: false,
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "INVALID_ARGUMENT", message)
    }

    pub fn out_of_range(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "OUT_OF_RANGE", message)
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "FORBIDDEN", message)
    }

    pub fn permission_denied(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "PERMISSION_DENIED", message)
    }

    pub fn quota(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "QUOTA_EXCEEDED", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }

    pub fn already_exists(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "ALREADY_EXISTS", message)
    }

    pub fn aborted(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "ABORTED", message)
    }

    pub fn failed_precondition(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "FAILED_PRECONDITION",
            message,
        )
    }

    pub fn too_many(message: impl Into<String>) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "RESOURCE_EXHAUSTED", message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "UNKNOWN", message)
    }

    /// A `text/plain` 401, as the control plane answers authentication failures.
    pub fn plain_unauthorized(message: impl Into<String>) -> Self {
        let mut e = Self::unauthenticated(message);
        e.plain = true;
        e
    }

    /// The default error for a status chosen by a fault rule.
    pub fn for_status(status: StatusCode) -> Self {
        let (code, message) = match status.as_u16() {
            400 => ("INVALID_ARGUMENT", "Bad request"),
            401 => ("UNAUTHENTICATED", "Unauthorized"),
            403 => ("FORBIDDEN", "Forbidden"),
            404 => ("NOT_FOUND", "Not found"),
            409 => ("ALREADY_EXISTS", "Conflict"),
            412 => ("FAILED_PRECONDITION", "Failed precondition"),
            429 => ("RESOURCE_EXHAUSTED", "Too many requests"),
            500 => ("UNKNOWN", "Internal server error"),
            501 => ("UNIMPLEMENTED", "Not implemented"),
            503 => ("UNAVAILABLE", "Service unavailable"),
            504 => ("DEADLINE_EXCEEDED", "Deadline exceeded"),
            s if s >= 500 => ("UNKNOWN", "Server error"),
            _ => ("UNKNOWN", "Request failed"),
        };
        Self::new(status, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.plain {
            let mut resp = (self.status, self.message).into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            return resp;
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: &self.message,
            },
            status: self.status.as_u16(),
        };
        json_response(self.status, &body)
    }
}

/// The `{error, error_description}` answer of the token endpoint.
#[derive(Debug, Clone)]
pub(crate) struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    pub fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        OAuthError {
            status,
            error,
            description: description.into(),
        }
    }

    pub fn for_status(status: StatusCode) -> Self {
        let (error, description) = match status.as_u16() {
            400 => ("invalid_request", "Bad request"),
            401 => ("access_denied", "Unauthorized"),
            403 => ("access_denied", "Forbidden"),
            429 => ("too_many_requests", "Too many requests"),
            501 => ("not_implemented", "Not implemented"),
            503 => ("temporarily_unavailable", "Service unavailable"),
            _ => ("server_error", "Internal server error"),
        };
        Self::new(status, error, description)
    }
}

#[derive(Serialize)]
struct OAuthErrorBody<'a> {
    error: &'a str,
    error_description: &'a str,
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut resp = json_response(
            self.status,
            &OAuthErrorBody {
                error: self.error,
                error_description: &self.description,
            },
        );
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        resp
    }
}

/// Serializes `body` as a JSON response with `status`.
pub(crate) fn json_response<T: Serialize + ?Sized>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let mut resp = (status, bytes).into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            resp
        }
        Err(e) => {
            tracing::error!(error = %e, "failed to serialize a response body");
            (StatusCode::INTERNAL_SERVER_ERROR, "serialization failure").into_response()
        }
    }
}
