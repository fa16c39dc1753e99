//! The one error type of this crate.
//!
//! Every fallible call returns [`Result<T>`](crate::Result), whose error is [`Error`]:
//! validation failures found before any request is sent, API errors typed by HTTP status (each
//! carrying the status, Pinecone's error code, a message, the request id and the raw body),
//! transport failures (timeout, connection), undecodable responses, ambiguous name look-ups,
//! and OAuth token failures. (A failed project cleanup is a [`CleanupError`](crate::CleanupError),
//! which wraps an [`Error`].)
//!
//! `Display` is one line and never contains a secret: tokens, client secrets and API key values
//! are never part of an error.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// `Result<T, pinecone_admin::Error>`.
///
/// ```
/// fn check() -> pinecone_admin::Result<()> { Ok(()) }
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Longest message kept from a non-JSON error body (characters).
const MESSAGE_LIMIT: usize = 300;
/// Longest raw body kept in an error (bytes, cut at a character boundary).
pub(crate) const BODY_LIMIT: usize = 16 * 1024;

/// Everything that can go wrong in this crate.
///
/// Match on the variant for the kind of failure, or use the helpers ([`Error::status`],
/// [`Error::is_not_found`], [`Error::is_retryable`], [`Error::request_id`]).
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) {
/// use pinecone_admin::Error;
///
/// match admin.projects().describe("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1").await {
///     Ok(project) => println!("found {}", project.name),
///     Err(Error::NotFound(e)) => println!("no such project (request id {:?})", e.request_id()),
///     Err(e) if e.is_retryable() => println!("try again later: {e}"),
///     Err(e) => println!("failed: {e}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bad input, found before any request was sent (or a bad client configuration).
    #[error("invalid argument `{field}`: {message}")]
    Validation {
        /// The argument (or environment variable) at fault, e.g. `project_id`.
        field: String,
        /// What is wrong with it.
        message: String,
    },

    /// HTTP 400: the server rejected the request as invalid.
    #[error("bad request: {0}")]
    BadRequest(ApiError),

    /// HTTP 401: the token was rejected (after one automatic re-mint, when possible).
    #[error("unauthorized: {0}")]
    Unauthorized(ApiError),

    /// HTTP 402: the organization's plan or payment status does not allow the call.
    #[error("payment required: {0}")]
    PaymentRequired(ApiError),

    /// HTTP 403: not allowed, or a quota is exhausted (the Admin API reports quotas as 403).
    #[error("forbidden: {0}")]
    Forbidden(ApiError),

    /// HTTP 404: the resource does not exist.
    #[error("not found: {0}")]
    NotFound(ApiError),

    /// HTTP 409: the resource already exists or conflicts with another.
    #[error("conflict: {0}")]
    Conflict(ApiError),

    /// HTTP 412: a precondition failed, e.g. a project that still holds indexes or collections
    /// cannot be deleted.
    #[error("failed precondition: {0}")]
    FailedPrecondition(ApiError),

    /// HTTP 429: too many requests (after the automatic retries).
    #[error("rate limited: {error}{}", RetryAfterSuffix(*.retry_after))]
    RateLimited {
        /// The API error.
        error: ApiError,
        /// How long the server asked to wait (`Retry-After`), when it said.
        retry_after: Option<Duration>,
    },

    /// HTTP 5xx: the server failed (after the automatic retries).
    #[error("server error: {0}")]
    Server(ApiError),

    /// Any other unsuccessful HTTP status (e.g. 405, 408, 413, 422).
    #[error("unexpected response: {0}")]
    Api(ApiError),

    /// The request or the connection timed out.
    #[error("request timed out: {message}")]
    Timeout {
        /// What timed out.
        message: String,
        /// The underlying HTTP client error, when there is one.
        #[source]
        source: Option<reqwest::Error>,
    },

    /// The connection could not be made or broke before a complete answer arrived.
    #[error("connection error: {message}")]
    Connection {
        /// What failed.
        message: String,
        /// The underlying HTTP client error, when there is one.
        #[source]
        source: Option<reqwest::Error>,
    },

    /// A successful answer whose body could not be decoded.
    #[error("could not decode the response{}: {message}", StatusSuffix(*.status))]
    Decode {
        /// What did not decode, and why.
        message: String,
        /// The HTTP status of the answer.
        status: Option<StatusCode>,
        /// The raw body (truncated; replaced by a note when the answer held a secret).
        body: Option<String>,
    },

    /// A listing did not end: the server handed back a pagination token it had already
    /// given in this listing (a cursor cycle such as A → B → A), or the listing went past
    /// [`MAX_PAGES`](crate::MAX_PAGES) pages. Nothing is silently truncated: the items read so
    /// far were yielded, and this error ends the listing.
    #[error("pagination of {what} stopped after {pages} page(s): {message}")]
    Pagination {
        /// What was being listed, e.g. `service accounts`.
        what: &'static str,
        /// How many pages had been read.
        pages: u32,
        /// Why the listing was stopped.
        message: String,
    },

    /// The server created an API key with other roles than the request asked for (for
    /// example it applied its `ProjectEditor` default to a request for no roles). Raised where
    /// a call promises exact roles, such as [`ApiKeys::rotate`](crate::ApiKeys::rotate): the
    /// new key is deleted again so no access is widened.
    #[error(
        "the server gave the new API key {key_id} the roles [{}] instead of the requested [{}]; {}",
        .granted.join(", "),
        .requested.join(", "),
        match .delete_error {
            None => "it was deleted again, nothing changed".to_owned(),
            Some(e) => format!("it could not be deleted ({e}): delete it by hand"),
        }
    )]
    RoleMismatch {
        /// The id of the key the server created.
        key_id: String,
        /// The roles asked for.
        requested: Vec<String>,
        /// The roles the server granted.
        granted: Vec<String>,
        /// Why the key could not be deleted again, when it could not (it still exists).
        delete_error: Option<Box<Error>>,
    },

    /// A name look-up matched several resources; use the id instead.
    #[error("{} {kind}s are named {name:?} (ids: {}); use the id instead", .ids.len(), .ids.join(", "))]
    Ambiguous {
        /// The kind of resource, e.g. `project`.
        kind: &'static str,
        /// The name that was looked up.
        name: String,
        /// The ids of every resource with that name.
        ids: Vec<String>,
    },

    /// The OAuth token endpoint refused to issue a token (bad credentials, unknown client,
    /// a server failure at the login host).
    #[error("OAuth token request failed: {0}")]
    OAuth(ApiError),
}

struct RetryAfterSuffix(Option<Duration>);

impl fmt::Display for RetryAfterSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(d) => write!(f, " (retry after {} s)", d.as_secs_f64().ceil() as u64),
            None => Ok(()),
        }
    }
}

struct StatusSuffix(Option<StatusCode>);

impl fmt::Display for StatusSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, " (HTTP {})", s.as_u16()),
            None => Ok(()),
        }
    }
}

impl Error {
    /// A validation error for `field`.
    ///
    /// ```
    /// let e = pinecone_admin::Error::validation("project_id", "must not be blank");
    /// assert_eq!(e.to_string(), "invalid argument `project_id`: must not be blank");
    /// ```
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Builds the typed error for an unsuccessful HTTP answer.
    pub(crate) fn from_api(error: ApiError) -> Self {
        match error.status().as_u16() {
            400 => Error::BadRequest(error),
            401 => Error::Unauthorized(error),
            402 => Error::PaymentRequired(error),
            403 => Error::Forbidden(error),
            404 => Error::NotFound(error),
            409 => Error::Conflict(error),
            412 => Error::FailedPrecondition(error),
            429 => Error::RateLimited {
                retry_after: error.retry_after(),
                error,
            },
            500..=599 => Error::Server(error),
            _ => Error::Api(error),
        }
    }

    /// The API error carried by this error, for every HTTP-status variant and [`Error::OAuth`].
    ///
    /// ```
    /// # fn f(e: pinecone_admin::Error) {
    /// if let Some(api) = e.api_error() {
    ///     eprintln!("{} {:?} {}", api.status(), api.code(), api.message());
    /// }
    /// # }
    /// ```
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(e)
            | Error::Unauthorized(e)
            | Error::PaymentRequired(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Conflict(e)
            | Error::FailedPrecondition(e)
            | Error::Server(e)
            | Error::Api(e)
            | Error::OAuth(e)
            | Error::RateLimited { error: e, .. } => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, when the error came from an HTTP answer.
    ///
    /// ```
    /// # fn f(e: pinecone_admin::Error) {
    /// if e.status().map(|s| s.as_u16()) == Some(412) {
    ///     eprintln!("the project still holds resources");
    /// }
    /// # }
    /// ```
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Decode { status, .. } => *status,
            other => other.api_error().map(ApiError::status),
        }
    }

    /// `true` for HTTP 404 from the API.
    ///
    /// ```
    /// # async fn f(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// match admin.api_keys().delete("3d1a0c5e-1111-2222-3333-444455556666").await {
    ///     Err(e) if e.is_not_found() => {} // already gone
    ///     other => other?,
    /// }
    /// # Ok(()) }
    /// ```
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound(_))
    }

    /// `true` when trying the same call again later may succeed: 408, 429, 500, 502, 503, 504,
    /// timeouts and connection failures. The client already retried these (see
    /// [`RetryConfig`](crate::RetryConfig)) before returning the error.
    ///
    /// ```
    /// let e = pinecone_admin::Error::validation("name", "must not be empty");
    /// assert!(!e.is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Connection { .. } | Error::RateLimited { .. } => true,
            Error::Server(e) | Error::Api(e) | Error::OAuth(e) => is_retryable_status(e.status()),
            _ => false,
        }
    }

    /// The request id the server gave the failed call (`x-pinecone-request-id` or
    /// `x-request-id`), for support requests.
    ///
    /// ```
    /// # fn f(e: pinecone_admin::Error) {
    /// eprintln!("failed ({}), request id {}", e, e.request_id().unwrap_or("unknown"));
    /// # }
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::request_id)
    }

    /// How long the server asked to wait before retrying (`Retry-After`), when it said.
    ///
    /// ```
    /// # fn f(e: pinecone_admin::Error) {
    /// if let Some(wait) = e.retry_after() {
    ///     eprintln!("retry in {wait:?}");
    /// }
    /// # }
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            other => other.api_error().and_then(ApiError::retry_after),
        }
    }
}

/// HTTP statuses that are worth retrying: 408, 429, 500, 502, 503, 504.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The details of an unsuccessful HTTP answer.
///
/// ```no_run
/// # async fn f(admin: pinecone_admin::Admin) {
/// if let Err(e) = admin.organizations().list().await {
///     if let Some(api) = e.api_error() {
///         println!("HTTP {} code={:?} message={} request_id={:?}",
///             api.status(), api.code(), api.message(), api.request_id());
///     }
/// }
/// # }
/// ```
#[derive(Clone)]
pub struct ApiError(Box<ApiErrorInner>);

#[derive(Clone)]
struct ApiErrorInner {
    status: StatusCode,
    code: Option<String>,
    message: String,
    request_id: Option<String>,
    body: Option<String>,
    retry_after: Option<Duration>,
    /// `false` when the client decided the status itself (a name look-up without a match).
    from_server: bool,
}

impl ApiError {
    /// Builds the error from an answer's status, headers and body, decoding the body leniently:
    /// the message is `error.message` (or OAuth's `error_description`, `error`, a top-level
    /// `message`), else the raw text (truncated, collapsed to one line), else the reason phrase.
    pub(crate) fn from_response(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let trimmed = text.trim();
        let json: Option<serde_json::Value> = if trimmed.is_empty() {
            None
        } else {
            serde_json::from_str(trimmed).ok()
        };
        let str_at = |v: &serde_json::Value, path: &[&str]| -> Option<String> {
            let mut cur = v;
            for key in path {
                cur = cur.get(*key)?;
            }
            cur.as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let (code, json_message) = match &json {
            Some(v) => {
                let code = str_at(v, &["error", "code"]).or_else(|| str_at(v, &["error"]));
                let message = str_at(v, &["error", "message"])
                    .or_else(|| str_at(v, &["error_description"]))
                    .or_else(|| str_at(v, &["message"]))
                    .or_else(|| str_at(v, &["error"]));
                (code, message)
            }
            None => (None, None),
        };
        let looks_like_html = trimmed.starts_with('<');
        let message = json_message
            .or_else(|| {
                (!trimmed.is_empty() && json.is_none() && !looks_like_html)
                    .then(|| one_line(trimmed, MESSAGE_LIMIT))
            })
            .unwrap_or_else(|| {
                status
                    .canonical_reason()
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("HTTP {}", status.as_u16()))
            });
        ApiError(Box::new(ApiErrorInner {
            status,
            code,
            message,
            request_id: request_id_from(headers),
            body: (!body.is_empty()).then(|| truncate(&text, BODY_LIMIT)),
            retry_after: retry_after_from(headers, SystemTime::now()),
            from_server: true,
        }))
    }

    /// A 404 decided by the client itself (e.g. a name look-up that matched nothing).
    pub(crate) fn not_found_locally(message: String) -> Self {
        ApiError(Box::new(ApiErrorInner {
            status: StatusCode::NOT_FOUND,
            code: Some("NOT_FOUND".to_owned()),
            message,
            request_id: None,
            body: None,
            retry_after: None,
            from_server: false,
        }))
    }

    /// The HTTP status.
    ///
    /// ```
    /// # fn f(api: &pinecone_admin::ApiError) {
    /// assert!(!api.status().is_success());
    /// # }
    /// ```
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// Pinecone's error code (`error.code` of the body, e.g. `NOT_FOUND`; OAuth's `error`).
    ///
    /// ```
    /// # fn f(api: &pinecone_admin::ApiError) {
    /// if api.code() == Some("QUOTA_EXCEEDED") { /* ... */ }
    /// # }
    /// ```
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }

    /// A human-readable message.
    ///
    /// ```
    /// # fn f(api: &pinecone_admin::ApiError) {
    /// eprintln!("{}", api.message());
    /// # }
    /// ```
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The request id (`x-pinecone-request-id`, else `x-request-id`).
    ///
    /// ```
    /// # fn f(api: &pinecone_admin::ApiError) {
    /// eprintln!("request id {:?}", api.request_id());
    /// # }
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The raw body (truncated to 16 KiB), when there was one.
    ///
    /// ```
    /// # fn f(api: &pinecone_admin::ApiError) {
    /// if let Some(body) = api.body() { eprintln!("{body}"); }
    /// # }
    /// ```
    pub fn body(&self) -> Option<&str> {
        self.0.body.as_deref()
    }

    /// The `Retry-After` of the answer, when present (seconds or an HTTP date).
    ///
    /// ```
    /// # fn f(api: &pinecone_admin::ApiError) {
    /// let _wait = api.retry_after();
    /// # }
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.0.status)
            .field("code", &self.0.code)
            .field("message", &self.0.message)
            .field("request_id", &self.0.request_id)
            .field("retry_after", &self.0.retry_after)
            .field("body", &self.0.body)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.0.from_server {
            return f.write_str(&self.0.message);
        }
        write!(f, "{} (HTTP {}", self.0.message, self.0.status.as_u16())?;
        if let Some(code) = &self.0.code {
            write!(f, ", code {code}")?;
        }
        if let Some(id) = &self.0.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

/// The request id headers, in order of preference.
pub(crate) fn request_id_from(headers: &HeaderMap) -> Option<String> {
    ["x-pinecone-request-id", "x-request-id"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Parses `Retry-After`: delta-seconds (fractions accepted) or an HTTP date relative to `now`.
pub(crate) fn retry_after_from(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return duration_from_secs(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A server-given number of seconds as a [`Duration`], never panicking: `None` for a value that
/// is negative or not a number, saturating at [`Duration::MAX`] for one too large to represent
/// (`99999999999999999999` or `1e300` as a `Retry-After`), which every caller then caps.
pub(crate) fn duration_from_secs(secs: f64) -> Option<Duration> {
    if secs.is_nan() || secs < 0.0 {
        return None;
    }
    Some(Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX))
}

/// Cuts `text` to at most `limit` bytes at a character boundary, marking the cut.
pub(crate) fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… [truncated]", &text[..end])
}

/// Collapses whitespace to single spaces and truncates to `limit` characters.
fn one_line(text: &str, limit: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= limit {
        collapsed
    } else {
        let mut s: String = collapsed.chars().take(limit).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderValue, RETRY_AFTER};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn pinecone_error_body() {
        let body = br#"{"error":{"code":"NOT_FOUND","message":"Project not found"},"status":404}"#;
        let h = headers(&[("x-pinecone-request-id", "req-1")]);
        let e = ApiError::from_response(StatusCode::NOT_FOUND, &h, body);
        assert_eq!(e.code(), Some("NOT_FOUND"));
        assert_eq!(e.message(), "Project not found");
        assert_eq!(e.request_id(), Some("req-1"));
        let err = Error::from_api(e);
        assert!(err.is_not_found());
        assert_eq!(
            err.to_string(),
            "not found: Project not found (HTTP 404, code NOT_FOUND, request id req-1)"
        );
    }

    #[test]
    fn oauth_error_body() {
        let body = br#"{"error":"access_denied","error_description":"Unauthorized"}"#;
        let e = ApiError::from_response(StatusCode::UNAUTHORIZED, &HeaderMap::new(), body);
        assert_eq!(e.message(), "Unauthorized");
        assert_eq!(e.code(), Some("access_denied"));
    }

    #[test]
    fn text_html_and_empty_bodies() {
        let e = ApiError::from_response(
            StatusCode::BAD_GATEWAY,
            &HeaderMap::new(),
            b"upstream   connect\nerror",
        );
        assert_eq!(e.message(), "upstream connect error");
        let e = ApiError::from_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &HeaderMap::new(),
            b"<html><body>503</body></html>",
        );
        assert_eq!(e.message(), "Service Unavailable");
        assert!(e.body().unwrap().contains("<html>"));
        let e = ApiError::from_response(StatusCode::IM_A_TEAPOT, &HeaderMap::new(), b"");
        assert_eq!(e.message(), "I'm a teapot");
        assert_eq!(e.body(), None);
        let long = "x".repeat(1000);
        let e =
            ApiError::from_response(StatusCode::BAD_REQUEST, &HeaderMap::new(), long.as_bytes());
        assert!(e.message().chars().count() <= MESSAGE_LIMIT + 1);
    }

    #[test]
    fn request_id_fallback_and_retry_after() {
        let h = headers(&[("x-request-id", "abc"), ("retry-after", "7")]);
        let e = Error::from_api(ApiError::from_response(
            StatusCode::TOO_MANY_REQUESTS,
            &h,
            b"{}",
        ));
        assert_eq!(e.request_id(), Some("abc"));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert!(e.is_retryable());
        assert!(e.to_string().ends_with("(retry after 7 s)"), "{e}");
    }

    #[test]
    fn retry_after_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        assert_eq!(retry_after_from(&h, now), Some(Duration::from_secs(30)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        h.insert(RETRY_AFTER, HeaderValue::from_str(&past).unwrap());
        assert_eq!(retry_after_from(&h, now), Some(Duration::ZERO));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after_from(&h, now), None);
    }

    #[test]
    fn status_mapping() {
        for (code, name) in [
            (400, "BadRequest"),
            (401, "Unauthorized"),
            (402, "PaymentRequired"),
            (403, "Forbidden"),
            (404, "NotFound"),
            (409, "Conflict"),
            (412, "FailedPrecondition"),
            (429, "RateLimited"),
            (500, "Server"),
            (503, "Server"),
            (418, "Api"),
        ] {
            let e = Error::from_api(ApiError::from_response(
                StatusCode::from_u16(code).unwrap(),
                &HeaderMap::new(),
                b"",
            ));
            assert!(format!("{e:?}").starts_with(name), "{code}: {e:?}");
            assert_eq!(e.status().unwrap().as_u16(), code);
        }
    }

    #[test]
    fn truncate_at_char_boundary() {
        let s = "é".repeat(10);
        let t = truncate(&s, 5);
        assert!(t.starts_with("éé"));
        assert!(t.ends_with("[truncated]"));
    }

    #[test]
    fn ambiguous_display() {
        let e = Error::Ambiguous {
            kind: "project",
            name: "prod".into(),
            ids: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            e.to_string(),
            "2 projects are named \"prod\" (ids: a, b); use the id instead"
        );
    }
}
