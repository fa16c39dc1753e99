//! Client configuration: [`AdminBuilder`], [`RetryConfig`] and the environment fallbacks.
//!
//! Explicit builder settings always win over environment variables. The environment is read
//! through a lookup function ([`AdminBuilder::env`]) that defaults to the process environment,
//! so tests (and programs that keep settings elsewhere) never need to mutate the process env.
//!
//! | setting | variable | default |
//! |---|---|---|
//! | [`client_id`](AdminBuilder::client_id) | `PINECONE_CLIENT_ID` | required* |
//! | [`client_secret`](AdminBuilder::client_secret) | `PINECONE_CLIENT_SECRET` | required* |
//! | [`access_token`](AdminBuilder::access_token) | `PINECONE_ACCESS_TOKEN` | none |
//! | [`host`](AdminBuilder::host) | `PINECONE_CONTROLLER_HOST` | `https://api.pinecone.io` |
//! | [`oauth_url`](AdminBuilder::oauth_url) | | `https://login.pinecone.io/oauth/token` |
//! | [`control_host`](AdminBuilder::control_host) | | the admin host |
//! | [`api_version`](AdminBuilder::api_version) | | `2026-07` |
//! | [`timeout`](AdminBuilder::timeout) / [`connect_timeout`](AdminBuilder::connect_timeout) | | 30 s each |
//!
//! \* unless an access token is given.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::auth::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::secret::Secret;

/// Default admin API host.
pub const DEFAULT_HOST: &str = "https://api.pinecone.io";
/// Default OAuth token endpoint.
pub const DEFAULT_OAUTH_URL: &str = "https://login.pinecone.io/oauth/token";
/// Default Admin API version, sent as `X-Pinecone-Api-Version`.
pub const DEFAULT_API_VERSION: &str = "2026-07";
/// Default per-request timeout (and connect timeout).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Environment variable holding the OAuth client id.
pub const ENV_CLIENT_ID: &str = "PINECONE_CLIENT_ID";
/// Environment variable holding the OAuth client secret.
pub const ENV_CLIENT_SECRET: &str = "PINECONE_CLIENT_SECRET";
/// Environment variable holding a ready access token (used as is; no exchange).
pub const ENV_ACCESS_TOKEN: &str = "PINECONE_ACCESS_TOKEN";
/// Environment variable holding the admin host.
pub const ENV_CONTROLLER_HOST: &str = "PINECONE_CONTROLLER_HOST";

pub(crate) type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Retry policy for transient failures.
///
/// Retried: HTTP 408, 429, 500, 502, 503, 504, timeouts and connection errors, with jittered
/// exponential backoff, at most [`max_retries`](RetryConfig::max_retries) times, waiting what
/// `Retry-After` asks (seconds or an HTTP date) up to [`max_retry_after`](RetryConfig::max_retry_after).
///
/// **Creates are never duplicated**: a `POST` is retried only when the server surely did not act
/// on it: HTTP 429, or a connection that failed before the request was sent. A 5xx, a timeout
/// or a connection lost after sending surfaces as an error, since the project or key may have
/// been created; list before creating again. `GET`, `PATCH` and `DELETE` are retried on every
/// case above. A `DELETE` whose first answer was lost may therefore answer 404 on the retry,
/// which surfaces as [`Error::NotFound`].
///
/// ```
/// use std::time::Duration;
/// use pinecone_admin::RetryConfig;
///
/// let retry = RetryConfig::default()
///     .max_retries(5)
///     .min_delay(Duration::from_millis(100))
///     .max_delay(Duration::from_secs(10));
/// assert_eq!(retry.get_max_retries(), 5);
/// assert_eq!(RetryConfig::disabled().get_max_retries(), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_retries: u32,
    min_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    jitter: bool,
}

impl Default for RetryConfig {
    /// 3 retries, 250 ms first delay doubling up to 20 s, jitter on, `Retry-After` honoured up to
    /// 60 s.
    fn default() -> Self {
        Self {
            max_retries: 3,
            min_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryConfig {
    /// No retries at all.
    ///
    /// ```
    /// let admin = pinecone_admin::Admin::builder().retry(pinecone_admin::RetryConfig::disabled());
    /// ```
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// How many times a failed request is retried (so at most `n + 1` attempts).
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default().max_retries(1);
    /// ```
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The first backoff delay (later ones double, up to [`max_delay`](Self::max_delay)).
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default()
    ///     .min_delay(std::time::Duration::from_millis(50));
    /// ```
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// The longest backoff delay (before jitter).
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default()
    ///     .max_delay(std::time::Duration::from_secs(5));
    /// ```
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest wait a server's `Retry-After` can impose; longer asks are cut to this.
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default()
    ///     .max_retry_after(std::time::Duration::from_secs(10));
    /// ```
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Turns the random jitter (up to one extra delay) on or off.
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default().jitter(false);
    /// ```
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// The configured number of retries.
    ///
    /// ```
    /// assert_eq!(pinecone_admin::RetryConfig::default().get_max_retries(), 3);
    /// ```
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    pub(crate) fn min(&self) -> Duration {
        self.min_delay
    }
    pub(crate) fn max(&self) -> Duration {
        self.max_delay
    }
    pub(crate) fn retry_after_cap(&self) -> Duration {
        self.max_retry_after
    }
    pub(crate) fn with_jitter(&self) -> bool {
        self.jitter
    }
}

/// How the client authenticates.
#[derive(Clone)]
pub(crate) enum Credentials {
    /// OAuth client credentials, exchanged for tokens (and re-exchanged before they expire).
    Client {
        client_id: String,
        client_secret: Secret,
    },
    /// A ready token, used as is (never refreshed).
    AccessToken(Secret),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Client { client_id, .. } => f
                .debug_struct("Client")
                .field("client_id", client_id)
                .field("client_secret", &"***")
                .finish(),
            Credentials::AccessToken(_) => f.write_str("AccessToken(***)"),
        }
    }
}

/// Fully resolved settings (explicit values, then the environment, then defaults).
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) credentials: Credentials,
    pub(crate) host: Url,
    pub(crate) oauth_url: Url,
    pub(crate) control_host: Url,
    pub(crate) additional_headers: HeaderMap,
    pub(crate) proxy_url: Option<Url>,
    pub(crate) ssl_verify: bool,
    pub(crate) source_tag: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryConfig,
    pub(crate) api_version: String,
    pub(crate) clock: Arc<dyn Clock>,
}

impl Config {
    /// `pinecone-admin-rs/<version>` plus `; source_tag=<tag>` when a tag is set.
    pub(crate) fn user_agent(&self) -> String {
        let base = concat!("pinecone-admin-rs/", env!("CARGO_PKG_VERSION"));
        match &self.source_tag {
            Some(tag) => format!("{base}; source_tag={tag}"),
            None => base.to_owned(),
        }
    }
}

/// Builder for [`Admin`](crate::Admin); start with [`Admin::builder`](crate::Admin::builder).
///
/// Every setting is optional; unset ones fall back to the environment, then to defaults (see the
/// [module docs](crate::config)). [`build`](AdminBuilder::build) validates everything, then
/// fetches the first token, so bad credentials fail there.
///
/// ```no_run
/// # async fn run() -> pinecone_admin::Result<()> {
/// use std::time::Duration;
/// use pinecone_admin::{Admin, RetryConfig};
///
/// let admin = Admin::builder()
///     .client_id("my-client-id")
///     .client_secret("my-client-secret")
///     .source_tag("my_platform")
///     .additional_header("x-team", "search")
///     .timeout(Duration::from_secs(10))
///     .retry(RetryConfig::default().max_retries(5))
///     .build()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "call .build().await to create the client"]
pub struct AdminBuilder {
    client_id: Option<String>,
    client_secret: Option<Secret>,
    access_token: Option<Secret>,
    host: Option<String>,
    oauth_url: Option<String>,
    control_host: Option<String>,
    additional_headers: Vec<(String, String)>,
    proxy_url: Option<String>,
    ssl_verify: bool,
    source_tag: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryConfig,
    api_version: String,
    env: EnvLookup,
    clock: Arc<dyn Clock>,
}

impl Default for AdminBuilder {
    fn default() -> Self {
        Self {
            client_id: None,
            client_secret: None,
            access_token: None,
            host: None,
            oauth_url: None,
            control_host: None,
            additional_headers: Vec::new(),
            proxy_url: None,
            ssl_verify: true,
            source_tag: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_TIMEOUT,
            retry: RetryConfig::default(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            env: Arc::new(|key| std::env::var(key).ok()),
            clock: Arc::new(SystemClock),
        }
    }
}

impl fmt::Debug for AdminBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("access_token", &self.access_token)
            .field("host", &self.host)
            .field("oauth_url", &self.oauth_url)
            .field("control_host", &self.control_host)
            .field(
                "additional_headers",
                &self
                    .additional_headers
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("proxy_url", &self.proxy_url.as_ref().map(|_| "<set>"))
            .field("ssl_verify", &self.ssl_verify)
            .field("source_tag", &self.source_tag)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("api_version", &self.api_version)
            .finish_non_exhaustive()
    }
}

impl AdminBuilder {
    /// The OAuth client id of a service account (fallback: `PINECONE_CLIENT_ID`).
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().client_id("my-client-id");
    /// ```
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The OAuth client secret of a service account (fallback: `PINECONE_CLIENT_SECRET`).
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().client_secret("my-client-secret");
    /// ```
    pub fn client_secret(mut self, client_secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(client_secret.into());
        self
    }

    /// A ready access token (fallback: `PINECONE_ACCESS_TOKEN`). It is used as is: no exchange
    /// happens and it is never refreshed, so calls fail with
    /// [`Error::Unauthorized`] once it expires. Client credentials,
    /// when also given explicitly, take precedence over the variable but not over this setting.
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().access_token("eyJhbGciOi...");
    /// ```
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// The admin API host (fallback: `PINECONE_CONTROLLER_HOST`; default
    /// `https://api.pinecone.io`). A bare host gets `https://`; a trailing `/` is dropped.
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().host("http://127.0.0.1:8080");
    /// ```
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// The OAuth token endpoint (default `https://login.pinecone.io/oauth/token`). The token
    /// request's `audience` stays `https://api.pinecone.io/` whatever this is.
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().oauth_url("http://127.0.0.1:8080/oauth/token");
    /// ```
    pub fn oauth_url(mut self, url: impl Into<String>) -> Self {
        self.oauth_url = Some(url.into());
        self
    }

    /// The control-plane host used with project API keys (indexes, collections, backups;
    /// assistants under `<control_host>/assistant`). Default: the admin host.
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().control_host("https://api.pinecone.io");
    /// ```
    pub fn control_host(mut self, host: impl Into<String>) -> Self {
        self.control_host = Some(host.into());
        self
    }

    /// Extra headers sent on every admin and control-plane call, applied after the client's own
    /// headers (so they can override them). Replaces earlier additional headers.
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder()
    ///     .additional_headers([("x-team", "search"), ("x-env", "prod")]);
    /// ```
    pub fn additional_headers<K, V>(mut self, headers: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.additional_headers = headers
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self
    }

    /// Adds one extra header (see [`additional_headers`](Self::additional_headers)).
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().additional_header("x-team", "search");
    /// ```
    pub fn additional_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.additional_headers.push((name.into(), value.into()));
        self
    }

    /// An HTTP(S) proxy for every request, the token request included.
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().proxy_url("http://proxy.internal:3128");
    /// ```
    pub fn proxy_url(mut self, url: impl Into<String>) -> Self {
        self.proxy_url = Some(url.into());
        self
    }

    /// Whether to verify TLS certificates (default `true`). `false` accepts invalid certificates
    /// on every request, the token request included, and logs a warning: use it only against a
    /// test server.
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().ssl_verify(false);
    /// ```
    pub fn ssl_verify(mut self, verify: bool) -> Self {
        self.ssl_verify = verify;
        self
    }

    /// A tag appended to the User-Agent as `; source_tag=<tag>`, normalised: lowercase, only
    /// `a-z`, `0-9`, `_`, ` ` and `:` kept, trimmed, runs of spaces turned into `_`.
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().source_tag("My Platform");
    /// ```
    pub fn source_tag(mut self, tag: impl Into<String>) -> Self {
        self.source_tag = Some(tag.into());
        self
    }

    /// Total time allowed for one request attempt, body included (default 30 s).
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().timeout(std::time::Duration::from_secs(10));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to open a connection (default 30 s).
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().connect_timeout(std::time::Duration::from_secs(5));
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The retry policy (default: [`RetryConfig::default`]).
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder()
    ///     .retry(pinecone_admin::RetryConfig::default().max_retries(1));
    /// ```
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Shorthand for changing only the number of retries.
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().max_retries(0);
    /// ```
    pub fn max_retries(mut self, n: u32) -> Self {
        self.retry = self.retry.max_retries(n);
        self
    }

    /// The `X-Pinecone-Api-Version` to send (default `2026-07`).
    ///
    /// ```
    /// let b = pinecone_admin::Admin::builder().api_version("2026-07");
    /// ```
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = version.into();
        self
    }

    /// Where unset settings are looked up (default: the process environment). Pass `|_| None`
    /// to ignore the environment entirely.
    ///
    /// ```
    /// use std::collections::HashMap;
    ///
    /// let vars = HashMap::from([("PINECONE_CLIENT_ID", "id"), ("PINECONE_CLIENT_SECRET", "s")]);
    /// let b = pinecone_admin::Admin::builder()
    ///     .env(move |key| vars.get(key).map(|v| v.to_string()));
    /// ```
    pub fn env<F>(mut self, lookup: F) -> Self
    where
        F: Fn(&str) -> Option<String> + Send + Sync + 'static,
    {
        self.env = Arc::new(lookup);
        self
    }

    /// The time source used to decide when a token needs refreshing (default: the system
    /// clock). Tests can pass a manual clock to expire tokens without sleeping.
    ///
    /// ```
    /// use std::sync::Arc;
    /// let b = pinecone_admin::Admin::builder().clock(Arc::new(pinecone_admin::SystemClock));
    /// ```
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Validates the settings and creates the client, fetching the first token (unless an
    /// access token was given).
    ///
    /// # Errors
    /// [`Error::Validation`] for missing credentials or a malformed setting (nothing is sent);
    /// [`Error::OAuth`] when the token endpoint refuses the credentials;
    /// [`Error::Timeout`] / [`Error::Connection`] when it cannot be reached.
    ///
    /// ```no_run
    /// # async fn run() -> pinecone_admin::Result<()> {
    /// let admin = pinecone_admin::Admin::builder()
    ///     .client_id("my-client-id")
    ///     .client_secret("my-client-secret")
    ///     .build()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn build(self) -> Result<crate::Admin> {
        let config = self.resolve()?;
        crate::Admin::from_config(config).await
    }

    /// Resolves explicit settings, then the environment, then defaults, and validates them.
    pub(crate) fn resolve(self) -> Result<Config> {
        let env = |key: &str| (self.env)(key).filter(|v| !v.trim().is_empty());

        let credentials = self.resolve_credentials(&env)?;

        let host_input = self
            .host
            .clone()
            .or_else(|| env(ENV_CONTROLLER_HOST))
            .unwrap_or_else(|| DEFAULT_HOST.to_owned());
        let host = parse_base_url("host", &host_input)?;
        let control_host = match &self.control_host {
            Some(h) => parse_base_url("control_host", h)?,
            None => host.clone(),
        };
        let oauth_url = parse_url(
            "oauth_url",
            self.oauth_url.as_deref().unwrap_or(DEFAULT_OAUTH_URL),
        )?;
        let proxy_url = match &self.proxy_url {
            Some(p) => {
                let url = parse_url("proxy_url", p)?;
                reqwest::Proxy::all(url.as_str())
                    .map_err(|e| Error::validation("proxy_url", e.to_string()))?;
                Some(url)
            }
            None => None,
        };

        let mut additional_headers = HeaderMap::new();
        for (name, value) in &self.additional_headers {
            let header_name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
                Error::validation(
                    "additional_headers",
                    format!("{name:?} is not a valid header name"),
                )
            })?;
            let mut header_value = HeaderValue::from_str(value).map_err(|_| {
                Error::validation(
                    "additional_headers",
                    format!("the value of {name:?} is not a valid header value"),
                )
            })?;
            header_value.set_sensitive(true);
            additional_headers.insert(header_name, header_value);
        }

        let api_version = self.api_version.trim().to_owned();
        if api_version.is_empty() || HeaderValue::from_str(&api_version).is_err() {
            return Err(Error::validation(
                "api_version",
                "must be a non-empty header value such as \"2026-07\"",
            ));
        }
        if self.timeout.is_zero() {
            return Err(Error::validation("timeout", "must be greater than zero"));
        }
        if self.connect_timeout.is_zero() {
            return Err(Error::validation(
                "connect_timeout",
                "must be greater than zero",
            ));
        }

        Ok(Config {
            credentials,
            host,
            oauth_url,
            control_host,
            additional_headers,
            proxy_url,
            ssl_verify: self.ssl_verify,
            source_tag: self.source_tag.as_deref().and_then(normalize_source_tag),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            retry: self.retry,
            api_version,
            clock: self.clock,
        })
    }

    fn resolve_credentials(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Credentials> {
        if let Some(token) = &self.access_token {
            if token.is_blank() {
                return Err(Error::validation(
                    "access_token",
                    format!(
                        "is blank; pass a token or leave it unset (fallback: the {ENV_ACCESS_TOKEN} environment variable)"
                    ),
                ));
            }
            if HeaderValue::from_str(token.expose().trim()).is_err() {
                return Err(Error::validation(
                    "access_token",
                    "contains characters that cannot be sent in an HTTP header",
                ));
            }
            return Ok(Credentials::AccessToken(Secret::new(token.expose().trim())));
        }
        let explicit_credentials = self.client_id.is_some() || self.client_secret.is_some();
        if !explicit_credentials {
            if let Some(token) = env(ENV_ACCESS_TOKEN) {
                return Ok(Credentials::AccessToken(Secret::new(token.trim())));
            }
        }
        let client_id = self.client_id.clone().or_else(|| env(ENV_CLIENT_ID));
        let client_id = match client_id {
            Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
            _ => {
                return Err(Error::validation(
                    "client_id",
                    format!(
                        "is missing or blank; pass it with AdminBuilder::client_id or set the {ENV_CLIENT_ID} environment variable"
                    ),
                ))
            }
        };
        let client_secret = self
            .client_secret
            .clone()
            .or_else(|| env(ENV_CLIENT_SECRET).map(Secret::new));
        let client_secret = match client_secret {
            Some(secret) if !secret.is_blank() => secret,
            _ => {
                return Err(Error::validation(
                    "client_secret",
                    format!(
                        "is missing or blank; pass it with AdminBuilder::client_secret or set the {ENV_CLIENT_SECRET} environment variable"
                    ),
                ))
            }
        };
        Ok(Credentials::Client {
            client_id,
            client_secret,
        })
    }
}

/// Normalises a source tag: lowercase, keep `[a-z0-9_ :]`, trim, runs of spaces → `_`.
/// Returns `None` when nothing is left.
pub(crate) fn normalize_source_tag(tag: &str) -> Option<String> {
    let lowered = tag.to_lowercase();
    let kept: String = lowered
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | ' ' | ':'))
        .collect();
    let normalized = kept
        .split(' ')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    (!normalized.is_empty()).then_some(normalized)
}

/// Parses a base URL: `https://` added to a bare host, trailing `/` dropped.
fn parse_base_url(field: &str, input: &str) -> Result<Url> {
    // A trailing `/` is harmless: `join` drops it before appending paths.
    parse_url(field, input)
}

/// Parses an absolute http(s) URL, adding `https://` when no scheme is given.
fn parse_url(field: &str, input: &str) -> Result<Url> {
    let input = input.trim();
    if input.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    let with_scheme = if input.contains("://") {
        input.to_owned()
    } else {
        format!("https://{input}")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|e| Error::validation(field, format!("{input:?} is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::validation(
            field,
            format!("{input:?} must use http or https"),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::validation(field, format!("{input:?} has no host")));
    }
    Ok(url)
}

/// Joins a base URL and a suffix without doubling or losing slashes.
pub(crate) fn join(base: &Url, suffix: &str) -> String {
    format!("{}{}", base.as_str().trim_end_matches('/'), suffix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn creds(b: AdminBuilder) -> Result<Credentials> {
        b.resolve().map(|c| c.credentials)
    }

    fn field(r: Result<Credentials>) -> String {
        match r {
            Err(Error::Validation { field, message }) => format!("{field}: {message}"),
            other => panic!("expected validation error, got {other:?}"),
        }
    }

    #[test]
    fn source_tags() {
        assert_eq!(normalize_source_tag("My Tag"), Some("my_tag".into()));
        assert_eq!(
            normalize_source_tag("  Foo:Bar  baz!!__x  "),
            Some("foo:bar_baz__x".into())
        );
        assert_eq!(normalize_source_tag("!!!"), None);
        assert_eq!(normalize_source_tag("   "), None);
        assert_eq!(normalize_source_tag("a - b"), Some("a_b".into()));
    }

    #[test]
    fn credentials_from_env_and_precedence() {
        let b = AdminBuilder::default().env(env_of(&[
            (ENV_CLIENT_ID, "env-id"),
            (ENV_CLIENT_SECRET, "env-secret"),
        ]));
        match creds(b).unwrap() {
            Credentials::Client {
                client_id,
                client_secret,
            } => {
                assert_eq!(client_id, "env-id");
                assert_eq!(client_secret.expose(), "env-secret");
            }
            other => panic!("{other:?}"),
        }
        let b = AdminBuilder::default().client_id("explicit").env(env_of(&[
            (ENV_CLIENT_ID, "env-id"),
            (ENV_CLIENT_SECRET, "env-secret"),
            (ENV_ACCESS_TOKEN, "env-token"),
        ]));
        match creds(b).unwrap() {
            Credentials::Client { client_id, .. } => assert_eq!(client_id, "explicit"),
            other => panic!("{other:?}"),
        }
        let b = AdminBuilder::default().env(env_of(&[
            (ENV_CLIENT_ID, "env-id"),
            (ENV_ACCESS_TOKEN, "env-token"),
        ]));
        assert!(
            matches!(creds(b).unwrap(), Credentials::AccessToken(t) if t.expose() == "env-token")
        );
        let b = AdminBuilder::default()
            .access_token("tok")
            .client_id("x")
            .env(env_of(&[]));
        assert!(matches!(creds(b).unwrap(), Credentials::AccessToken(_)));
    }

    #[test]
    fn missing_or_blank_credentials() {
        let msg = field(creds(AdminBuilder::default().env(env_of(&[]))));
        assert!(
            msg.starts_with("client_id:") && msg.contains(ENV_CLIENT_ID),
            "{msg}"
        );
        let msg =
            field(creds(AdminBuilder::default().env(env_of(&[
                (ENV_CLIENT_ID, "  "),
                (ENV_CLIENT_SECRET, "s"),
            ]))));
        assert!(msg.starts_with("client_id:"), "{msg}");
        let msg = field(creds(
            AdminBuilder::default()
                .client_id("id")
                .client_secret("   ")
                .env(env_of(&[(ENV_CLIENT_SECRET, "env")])),
        ));
        assert!(
            msg.starts_with("client_secret:") && msg.contains(ENV_CLIENT_SECRET),
            "{msg}"
        );
        let msg = field(creds(
            AdminBuilder::default().client_id("id").env(env_of(&[])),
        ));
        assert!(msg.starts_with("client_secret:"), "{msg}");
        let msg = field(creds(
            AdminBuilder::default().access_token(" ").env(env_of(&[])),
        ));
        assert!(msg.starts_with("access_token:"), "{msg}");
        let msg = field(creds(
            AdminBuilder::default()
                .access_token("tok\nen")
                .env(env_of(&[])),
        ));
        assert!(msg.starts_with("access_token:"), "{msg}");
    }

    #[test]
    fn hosts() {
        let base = || {
            AdminBuilder::default()
                .client_id("i")
                .client_secret("s")
                .env(env_of(&[]))
        };
        let c = base().resolve().unwrap();
        assert_eq!(c.host.as_str(), "https://api.pinecone.io/");
        assert_eq!(c.control_host, c.host);
        assert_eq!(c.oauth_url.as_str(), DEFAULT_OAUTH_URL);
        assert_eq!(c.api_version, "2026-07");
        assert_eq!(c.timeout, Duration::from_secs(30));

        let c = base().host("admin.example.com/").resolve().unwrap();
        assert_eq!(
            join(&c.host, "/admin/projects"),
            "https://admin.example.com/admin/projects"
        );

        let c = base()
            .env(env_of(&[(ENV_CONTROLLER_HOST, "http://127.0.0.1:9/")]))
            .resolve()
            .unwrap();
        assert_eq!(join(&c.host, "/admin"), "http://127.0.0.1:9/admin");
        assert_eq!(
            join(&c.control_host, "/assistant"),
            "http://127.0.0.1:9/assistant"
        );

        let c = base()
            .host("http://explicit:1")
            .env(env_of(&[(ENV_CONTROLLER_HOST, "http://env:2")]))
            .resolve()
            .unwrap();
        assert_eq!(c.host.host_str(), Some("explicit"));

        let c = base()
            .host("https://gw.example.com/pinecone/")
            .resolve()
            .unwrap();
        assert_eq!(
            join(&c.host, "/admin/x"),
            "https://gw.example.com/pinecone/admin/x"
        );

        for bad in ["ftp://x", "http://", "   "] {
            assert!(
                matches!(
                    base().host(bad).resolve(),
                    Err(Error::Validation { ref field, .. }) if field == "host"
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            base().additional_header("bad header", "v").resolve(),
            Err(Error::Validation { ref field, .. }) if field == "additional_headers"
        ));
        assert!(matches!(
            base().api_version(" ").resolve(),
            Err(Error::Validation { ref field, .. }) if field == "api_version"
        ));
        assert!(matches!(
            base().timeout(Duration::ZERO).resolve(),
            Err(Error::Validation { ref field, .. }) if field == "timeout"
        ));
    }

    #[test]
    fn user_agent() {
        let c = AdminBuilder::default()
            .client_id("i")
            .client_secret("s")
            .source_tag("My App")
            .env(env_of(&[]))
            .resolve()
            .unwrap();
        assert_eq!(
            c.user_agent(),
            format!(
                "pinecone-admin-rs/{}; source_tag=my_app",
                env!("CARGO_PKG_VERSION")
            )
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let b = AdminBuilder::default()
            .client_id("id")
            .client_secret("very-secret")
            .access_token("tok-secret")
            .additional_header("x-auth", "hdr-secret");
        let s = format!("{b:?}");
        assert!(
            !s.contains("very-secret") && !s.contains("tok-secret") && !s.contains("hdr-secret"),
            "{s}"
        );
    }
}
