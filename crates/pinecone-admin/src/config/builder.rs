//! [`AdminBuilder`]: explicit settings, resolved against the environment and defaults.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::urls::{normalize_source_tag, parse_base_url, parse_url};
use super::*;
use crate::clock::SystemClock;
use crate::error::{Error, Result};
use crate::secret::Secret;

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
    pub(super) client_id: Option<String>,
    pub(super) client_secret: Option<Secret>,
    pub(super) access_token: Option<Secret>,
    pub(super) host: Option<String>,
    pub(super) oauth_url: Option<String>,
    pub(super) control_host: Option<String>,
    pub(super) additional_headers: Vec<(String, String)>,
    pub(super) proxy_url: Option<String>,
    pub(super) ssl_verify: bool,
    pub(super) source_tag: Option<String>,
    pub(super) timeout: Duration,
    pub(super) connect_timeout: Duration,
    pub(super) retry: RetryConfig,
    pub(super) api_version: String,
    pub(super) env: EnvLookup,
    pub(super) clock: Arc<dyn Clock>,
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
}
