//! OAuth token provider: exchange client credentials, cache the token, refresh it before it
//! expires, and re-mint it once after a 401.
//!
//! Design (after kube-rs and smithy-rs): the current token sits in a cache that is read without
//! waiting; when it is missing or due for refresh, callers queue on one async lock and
//! re-check the cache once they hold it (double-check), so a burst of concurrent callers causes
//! exactly one exchange. Time comes from a [`Clock`], so expiry is testable without sleeping.
//!
//! Refresh rule: a token with `expires_in = ttl` is refreshed once `min(300 s, ttl / 2)` of its
//! life remains; a token without a positive `expires_in` is kept until the server rejects it.
//!
//! An early refresh blocks no one but the caller that runs it: while it is under way, other
//! callers use the cached token as long as it has not expired; they queue on the lock only
//! when there is no token, it has expired, or the server rejected it (401).
//!
//! A failed early refresh is not an outage: while the cached token has not expired, the call
//! goes on with it, a warning is logged, and the next exchange is tried after a pause of
//! `min(30 s, half the remaining life)`, at least 1 s unless the token expires sooner (so a down
//! token server does not add its retries to every call). Only when the cached token has
//! expired, or the server rejected it with a 401, does the exchange's error reach the caller.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use admin_api_raw::{oauth, ops, RequestContext, ResponseValue};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use serde::Deserialize;
use tracing::Instrument;

use crate::clock::Clock;
use crate::config::{Config, Credentials, RetryConfig};
use crate::error::{ApiError, Error, Result};
use crate::retry::{self, Attempt};
use crate::secret::Secret;

/// The audience of every token request (the production one, even when the token URL is not).
pub(crate) const AUDIENCE: &str = "https://api.pinecone.io/";

/// Most time before expiry at which a token is refreshed.
const MAX_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// Longest pause before trying again after an early refresh failed.
const MAX_REFRESH_PAUSE: Duration = Duration::from_secs(30);

/// Shortest such pause (unless the token expires sooner), so the halving pauses near expiry
/// stay a handful of tries.
const MIN_REFRESH_PAUSE: Duration = Duration::from_secs(1);

/// A cached token and when to refresh it.
#[derive(Clone)]
struct Cached {
    token: Secret,
    /// `None`: never refresh on schedule (no positive `expires_in`, or a ready access token).
    refresh_at: Option<Instant>,
    /// When the token expires (`None`: unknown, so it is never used past a failed refresh).
    expires_at: Option<Instant>,
}

/// The token provider shared by every call of one [`Admin`](crate::Admin).
pub(crate) struct TokenProvider {
    credentials: Credentials,
    http: reqwest::Client,
    oauth_url: String,
    /// `oauth_url` without the spec's path: the generated client's base URL.
    oauth_base: String,
    /// Version and `User-Agent` headers of the token request (no credential, no extra headers).
    context: RequestContext,
    retry: RetryConfig,
    clock: Arc<dyn Clock>,
    cache: RwLock<Option<Cached>>,
    refresh_lock: tokio::sync::Mutex<()>,
    exchanges: AtomicU64,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("credentials", &self.credentials)
            .field("oauth_url", &self.oauth_url)
            .field("exchanges", &self.exchanges.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// The lenient token response, for bodies the generated type refuses (no `token_type`, a
/// fractional or string `expires_in`, ...).
#[derive(Deserialize)]
struct TokenResponse {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

impl TokenProvider {
    /// Creates the provider. A ready access token is cached at once (never refreshed).
    pub(crate) fn new(config: &Config, http: reqwest::Client, user_agent: &str) -> Result<Self> {
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::USER_AGENT,
            HeaderValue::from_str(user_agent)
                .map_err(|_| Error::validation("source_tag", "is not a valid header value"))?,
        );
        HeaderValue::from_str(&config.api_version)
            .map_err(|_| Error::validation("api_version", "is not a valid header value"))?;
        let oauth_url = config.oauth_url.to_string();
        let oauth_base = match &config.credentials {
            Credentials::Client { .. } => oauth_base(&config.oauth_url)?,
            // Never used: a ready token is not exchanged.
            Credentials::AccessToken(_) => oauth_url.clone(),
        };
        let initial = match &config.credentials {
            Credentials::AccessToken(token) => Some(Cached {
                token: token.clone(),
                refresh_at: None,
                expires_at: None,
            }),
            Credentials::Client { .. } => None,
        };
        Ok(Self {
            credentials: config.credentials.clone(),
            http,
            oauth_url,
            oauth_base,
            context: RequestContext::new(config.api_version.clone()).with_headers(headers),
            retry: config.retry.clone(),
            clock: config.clock.clone(),
            cache: RwLock::new(initial),
            refresh_lock: tokio::sync::Mutex::new(()),
            exchanges: AtomicU64::new(0),
        })
    }

    /// `true` when a rejected token can be replaced (client credentials, not a ready token).
    pub(crate) fn can_refresh(&self) -> bool {
        matches!(self.credentials, Credentials::Client { .. })
    }

    /// The cached token when present and not yet due for refresh.
    fn fresh(&self) -> Option<Secret> {
        let cache = self.cache.read().unwrap_or_else(|e| e.into_inner());
        let cached = cache.as_ref()?;
        match cached.refresh_at {
            Some(at) if self.clock.now() >= at => None,
            _ => Some(cached.token.clone()),
        }
    }

    /// The cached token while it has a known expiry that has not passed (due for refresh or
    /// not).
    fn unexpired(&self) -> Option<Secret> {
        let cache = self.cache.read().unwrap_or_else(|e| e.into_inner());
        let cached = cache.as_ref()?;
        let expires_at = cached.expires_at?;
        (self.clock.now() < expires_at).then(|| cached.token.clone())
    }

    /// How long the cached token stays valid (`None`: no token yet, or its lifetime unknown).
    pub(crate) fn expires_in(&self) -> Option<Duration> {
        let cache = self.cache.read().unwrap_or_else(|e| e.into_inner());
        let expires_at = cache.as_ref()?.expires_at?;
        Some(expires_at.saturating_duration_since(self.clock.now()))
    }

    fn current(&self) -> Option<Secret> {
        let cache = self.cache.read().unwrap_or_else(|e| e.into_inner());
        cache.as_ref().map(|c| c.token.clone())
    }

    fn store(&self, cached: Cached) {
        *self.cache.write().unwrap_or_else(|e| e.into_inner()) = Some(cached);
    }

    /// The token to use now: the cached one, or a new one from a single shared exchange.
    pub(crate) async fn token(&self) -> Result<Secret> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        // One caller refreshes; while it does, the others go on with the cached token as long
        // as it has not expired, instead of waiting out the exchange and its retries.
        let _guard = match self.refresh_lock.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                if let Some(token) = self.unexpired() {
                    return Ok(token);
                }
                self.refresh_lock.lock().await
            }
        };
        // Double-check: another caller may have refreshed while we waited for the lock.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        match &self.credentials {
            Credentials::Client { .. } => match self.exchange_and_store().await {
                Ok(token) => Ok(token),
                Err(error) => self.still_valid_after(error),
            },
            // A ready token is always cached; nothing to refresh it with.
            Credentials::AccessToken(token) => Ok(token.clone()),
        }
    }

    /// An early refresh failed with `error` (holding `refresh_lock`): keeps serving the cached
    /// token while it has not expired, and pauses refresh attempts; otherwise returns `error`.
    fn still_valid_after(&self, error: Error) -> Result<Secret> {
        let now = self.clock.now();
        let mut cache = self.cache.write().unwrap_or_else(|e| e.into_inner());
        let Some(cached) = cache.as_mut() else {
            return Err(error);
        };
        let Some(remaining) = cached
            .expires_at
            .and_then(|at| at.checked_duration_since(now))
            .filter(|left| !left.is_zero())
        else {
            return Err(error);
        };
        let pause = MAX_REFRESH_PAUSE
            .min(remaining / 2)
            .max(MIN_REFRESH_PAUSE.min(remaining));
        cached.refresh_at = Some(now + pause);
        tracing::warn!(
            error = %error,
            remaining_secs = remaining.as_secs(),
            retry_in_ms = pause.as_millis() as u64,
            "token refresh failed; the current token is still valid and stays in use"
        );
        Ok(cached.token.clone())
    }

    /// Called after the server answered 401 to a request made with `rejected`. Re-mints only
    /// when `rejected` is still the current token (otherwise another caller already did) and
    /// returns the token to retry with, or `None` when the token cannot be replaced.
    pub(crate) async fn after_unauthorized(&self, rejected: &Secret) -> Result<Option<Secret>> {
        if !self.can_refresh() {
            return Ok(None);
        }
        let _guard = self.refresh_lock.lock().await;
        if let Some(current) = self.current() {
            if &current != rejected {
                return Ok(Some(current));
            }
        }
        tracing::debug!("access token rejected with 401; requesting a new one");
        self.exchange_and_store().await.map(Some)
    }

    /// Exchanges the credentials (holding `refresh_lock`) and caches the new token.
    async fn exchange_and_store(&self) -> Result<Secret> {
        let now = self.clock.now();
        let (token, ttl) = self.exchange().await?;
        let refresh_at = ttl.map(|ttl| now + ttl - refresh_margin(ttl));
        self.store(Cached {
            token: token.clone(),
            refresh_at,
            expires_at: ttl.map(|ttl| now + ttl),
        });
        Ok(token)
    }

    /// One token exchange (with retries on 408/429/5xx and connection failures: minting a token
    /// twice is harmless).
    async fn exchange(&self) -> Result<(Secret, Option<Duration>)> {
        let Credentials::Client {
            client_id,
            client_secret,
        } = &self.credentials
        else {
            return Err(Error::validation(
                "access_token",
                "a ready access token cannot be refreshed",
            ));
        };
        let body = oauth::types::TokenRequest {
            audience: AUDIENCE.to_owned(),
            client_id: client_id.clone(),
            client_secret: admin_api_raw::SecretString::new(client_secret.expose()),
            grant_type: "client_credentials".to_owned(),
        };
        let client = oauth::Client::new_with_client(
            &self.oauth_base,
            self.http.clone(),
            self.context.clone(),
        );
        self.exchanges.fetch_add(1, Ordering::Relaxed);

        let attempt_no = AtomicU64::new(0);
        retry::with_retries(&self.retry, true, || {
            let attempt = attempt_no.fetch_add(1, Ordering::Relaxed) + 1;
            let span = tracing::debug_span!(
                "pinecone_admin.token",
                url = %self.oauth_url,
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let (client, body) = (&client, &body);
            async move { token_outcome(client.get_token(body).await).await }.instrument(span)
        })
        .await
    }
}

/// The generated client's base URL for `url`: `url` without the spec's token path
/// (`https://login.pinecone.io/oauth/token` → `https://login.pinecone.io`). The generated
/// client can only send to `<base>/oauth/token`, so other URLs are refused before any request.
fn oauth_base(url: &url::Url) -> Result<String> {
    let path = ops::oauth::GET_TOKEN.path;
    let base = url
        .as_str()
        .strip_suffix(path)
        .filter(|_| url.query().is_none() && url.fragment().is_none());
    base.map(str::to_owned).ok_or_else(|| {
        Error::validation(
            "oauth_url",
            format!(
                "must end with {path} (no query string), got {:?}",
                url.as_str()
            ),
        )
    })
}

/// Maps one generated `get_token` call to a token or a classified failure, like every other
/// call (`transport`), except that error answers are [`Error::OAuth`] and bodies that fail to
/// decode are never kept (they may hold a token).
async fn token_outcome(
    outcome: std::result::Result<ResponseValue<oauth::types::TokenResponse>, admin_api_raw::Error>,
) -> std::result::Result<(Secret, Option<Duration>), Attempt> {
    use admin_api_raw::Error as Raw;
    let record = |status: StatusCode, headers: Option<&HeaderMap>| {
        let span = tracing::Span::current();
        span.record("status", status.as_u16());
        if let Some(id) = headers.and_then(crate::error::request_id_from) {
            span.record("request_id", id.as_str());
        }
    };
    match outcome {
        Ok(value) => {
            let status = value.status();
            record(status, Some(value.headers()));
            let raw = value.into_inner();
            let ttl = ttl_from_secs(raw.expires_in as f64);
            token_from(status, Some(raw.access_token.into_inner()), ttl).map_err(Attempt::fatal)
        }
        Err(Raw::UnexpectedResponse(response)) => {
            let status = response.status();
            let headers = response.headers().clone();
            record(status, Some(&headers));
            let bytes = response
                .bytes()
                .await
                .map_err(retry::attempt_from_reqwest)?;
            if status.is_success() {
                return decode_token(status, &bytes).map_err(Attempt::fatal);
            }
            let error = Error::OAuth(ApiError::from_response(status, &headers, &bytes));
            Err(Attempt::from_status(error, status))
        }
        // Progenitor decodes only the documented status (200); its headers are not kept.
        Err(Raw::InvalidResponsePayload(bytes, _)) => {
            record(StatusCode::OK, None);
            decode_token(StatusCode::OK, &bytes).map_err(Attempt::fatal)
        }
        Err(Raw::CommunicationError(e))
        | Err(Raw::ResponseBodyError(e))
        | Err(Raw::InvalidUpgrade(e)) => Err(retry::attempt_from_reqwest(e)),
        Err(Raw::ErrorResponse(value)) => {
            let status = value.status();
            record(status, Some(value.headers()));
            let error = Error::OAuth(ApiError::from_response(status, value.headers(), b""));
            Err(Attempt::from_status(error, status))
        }
        Err(Raw::InvalidRequest(message)) | Err(Raw::Custom(message)) => {
            Err(Attempt::fatal(Error::validation("request", message)))
        }
    }
}

/// The refresh margin: `min(300 s, ttl / 2)`.
pub(crate) fn refresh_margin(ttl: Duration) -> Duration {
    MAX_REFRESH_MARGIN.min(ttl / 2)
}

/// Decodes a token response; the body is never kept in errors (it may hold a token).
fn decode_token(status: StatusCode, bytes: &[u8]) -> Result<(Secret, Option<Duration>)> {
    let parsed: TokenResponse = serde_json::from_slice(bytes).map_err(|e| {
        decode_error(
            status,
            format!(
                "the token endpoint answered with a body that is not a JSON token response ({})",
                e.classify_name()
            ),
        )
    })?;
    let ttl = parsed.expires_in.and_then(|v| match &v {
        serde_json::Value::Number(n) => n.as_f64().and_then(ttl_from_secs),
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok().and_then(ttl_from_secs),
        _ => None,
    });
    token_from(status, parsed.access_token, ttl)
}

/// The token, unless it is missing or blank.
fn token_from(
    status: StatusCode,
    access_token: Option<String>,
    ttl: Option<Duration>,
) -> Result<(Secret, Option<Duration>)> {
    let token = access_token
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| decode_error(status, "the token response has no access_token".to_owned()))?;
    Ok((Secret::new(token), ttl))
}

/// A positive, finite `expires_in` as a lifetime (capped); anything else means "unknown".
fn ttl_from_secs(secs: f64) -> Option<Duration> {
    crate::error::duration_from_secs(secs.min(1e9)).filter(|d| !d.is_zero())
}

fn decode_error(status: StatusCode, message: String) -> Error {
    Error::Decode {
        message,
        status: Some(status),
        body: Some("<redacted: token endpoint response>".to_owned()),
    }
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "unexpected shape",
            serde_json::error::Category::Eof => "truncated or empty",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins() {
        assert_eq!(
            refresh_margin(Duration::from_secs(3600)),
            Duration::from_secs(300)
        );
        assert_eq!(
            refresh_margin(Duration::from_secs(600)),
            Duration::from_secs(300)
        );
        assert_eq!(
            refresh_margin(Duration::from_secs(400)),
            Duration::from_secs(200)
        );
        assert_eq!(
            refresh_margin(Duration::from_secs(2)),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn the_token_url_must_be_the_spec_path() {
        let base = |u: &str| oauth_base(&url::Url::parse(u).unwrap());
        assert_eq!(
            base("https://login.pinecone.io/oauth/token").unwrap(),
            "https://login.pinecone.io"
        );
        assert_eq!(
            base("http://127.0.0.1:8080/tenant/oauth/token").unwrap(),
            "http://127.0.0.1:8080/tenant"
        );
        for bad in [
            "https://login.example/token",
            "https://login.example/oauth/token/",
            "https://login.example/oauth/token?tenant=a",
        ] {
            match base(bad) {
                Err(Error::Validation { field, .. }) => assert_eq!(field, "oauth_url"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn token_decoding() {
        let ok = reqwest::StatusCode::OK;
        let (t, ttl) = decode_token(
            ok,
            br#"{"access_token":"abc","token_type":"Bearer","expires_in":1800}"#,
        )
        .unwrap();
        assert_eq!(t.expose(), "abc");
        assert_eq!(ttl, Some(Duration::from_secs(1800)));
        let (_, ttl) = decode_token(ok, br#"{"access_token":"abc","expires_in":0}"#).unwrap();
        assert_eq!(ttl, None);
        let (_, ttl) = decode_token(ok, br#"{"access_token":"abc","expires_in":-5}"#).unwrap();
        assert_eq!(ttl, None);
        let (_, ttl) = decode_token(ok, br#"{"access_token":"abc"}"#).unwrap();
        assert_eq!(ttl, None);
        let (_, ttl) = decode_token(ok, br#"{"access_token":"abc","expires_in":"60"}"#).unwrap();
        assert_eq!(ttl, Some(Duration::from_secs(60)));
        for bad in [
            &br#"{"token_type":"Bearer"}"#[..],
            b"",
            b"<html>",
            br#"{"access_token":""}"#,
        ] {
            match decode_token(ok, bad) {
                Err(Error::Decode { body, .. }) => {
                    assert_eq!(body.as_deref(), Some("<redacted: token endpoint response>"))
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
