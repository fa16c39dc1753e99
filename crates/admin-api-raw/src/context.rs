//! Hand-written: the per-client [`RequestContext`] and the `ClientHooks` impl every generated
//! client uses (progenitor's `HooksMode::Expected` makes it mandatory).
//!
//! The `pre` hook runs on every request, after progenitor has built it and before it is sent:
//!
//! 1. removes progenitor's own `api-version` header (progenitor adds `api-version: <info.version>`
//!    to every request; Pinecone does not use it),
//! 2. sets `X-Pinecone-Api-Version` (the normalisation in `cargo xtask codegen` strips that header
//!    parameter from every operation, so callers never pass it),
//! 3. sets the auth header, marked sensitive: `Authorization: Bearer <token>` for the Admin API,
//!    `Api-Key: <key>` for the control plane, nothing for the OAuth token endpoint,
//! 4. applies the extra headers given to [`RequestContext::with_headers`], last, so they win.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

/// The header carrying the API version on every Pinecone request.
pub const API_VERSION_HEADER: &str = "x-pinecone-api-version";

/// The header carrying a project API key on control-plane requests.
pub const API_KEY_HEADER: &str = "api-key";

/// Progenitor's own version header, removed before sending.
const PROGENITOR_VERSION_HEADER: &str = "api-version";

/// The credential a [`RequestContext`] sends.
#[derive(Clone)]
enum Auth {
    /// No auth header (the OAuth token endpoint).
    None,
    /// `Authorization: Bearer <token>` (Admin API).
    Bearer(HeaderValue),
    /// `Api-Key: <key>` (control plane).
    ApiKey(HeaderValue),
    /// The credential cannot be a header value (e.g. contains a newline); every request fails
    /// with [`Error::InvalidRequest`] instead of being sent without auth. The message never
    /// contains the credential.
    Invalid(&'static str),
}

/// Per-client request settings: API version, credential and extra headers.
///
/// This is the progenitor "inner type" of every generated client: pass it to
/// `Client::new_with_client(baseurl, reqwest_client, ctx)`. Building a client is cheap (a
/// `reqwest::Client` is an `Arc` inside), so a caller that rotates tokens can build one client
/// per call and know exactly which credential each request used.
///
/// `Debug` never shows the credential or extra header values.
///
/// ```
/// use admin_api_raw::RequestContext;
///
/// let ctx = RequestContext::new("2026-07").with_bearer("my-access-token");
/// assert_eq!(ctx.api_version(), "2026-07");
/// assert!(!format!("{ctx:?}").contains("my-access-token"));
/// ```
#[derive(Clone)]
pub struct RequestContext {
    api_version: String,
    auth: Auth,
    headers: HeaderMap,
}

impl RequestContext {
    /// A context that sends `X-Pinecone-Api-Version: <api_version>` and no credential (for the
    /// OAuth token endpoint).
    ///
    /// ```
    /// let ctx = admin_api_raw::RequestContext::new("2026-07");
    /// assert_eq!(ctx.auth_scheme(), None);
    /// ```
    pub fn new(api_version: impl Into<String>) -> Self {
        Self {
            api_version: api_version.into(),
            auth: Auth::None,
            headers: HeaderMap::new(),
        }
    }

    /// Send `Authorization: Bearer <token>` (Admin API), marked sensitive so it is redacted from
    /// reqwest's and hyper's debug output. Replaces any previous credential.
    ///
    /// ```
    /// let ctx = admin_api_raw::RequestContext::new("2026-07").with_bearer("token");
    /// assert_eq!(ctx.auth_scheme(), Some("Bearer"));
    /// ```
    pub fn with_bearer(mut self, token: &str) -> Self {
        self.auth = match sensitive(&format!("Bearer {token}")) {
            Some(v) => Auth::Bearer(v),
            None => Auth::Invalid("the bearer token is not a valid HTTP header value"),
        };
        self
    }

    /// Send `Api-Key: <key>` (control plane), marked sensitive. Replaces any previous credential.
    ///
    /// ```
    /// let ctx = admin_api_raw::RequestContext::new("2026-07").with_api_key("pckey_x");
    /// assert_eq!(ctx.auth_scheme(), Some("Api-Key"));
    /// ```
    pub fn with_api_key(mut self, key: &str) -> Self {
        self.auth = match sensitive(key) {
            Some(v) => Auth::ApiKey(v),
            None => Auth::Invalid("the API key is not a valid HTTP header value"),
        };
        self
    }

    /// Extra headers set on every request, after the version and auth headers (so they replace
    /// them if they have the same name). Merges with headers given earlier.
    ///
    /// ```
    /// use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert(USER_AGENT, HeaderValue::from_static("my-tool/1.0"));
    /// let ctx = admin_api_raw::RequestContext::new("2026-07").with_headers(headers);
    /// assert!(ctx.headers().contains_key(USER_AGENT));
    /// ```
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        let mut last: Option<HeaderName> = None;
        for (name, value) in headers {
            // `HeaderMap::into_iter` yields the name only for the first of several values.
            let name = match name {
                Some(n) => {
                    self.headers.remove(&n);
                    last = Some(n.clone());
                    n
                }
                None => match &last {
                    Some(n) => n.clone(),
                    None => continue,
                },
            };
            self.headers.append(name, value);
        }
        self
    }

    /// The API version sent as `X-Pinecone-Api-Version`.
    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    /// `Some("Bearer")`, `Some("Api-Key")` or `None`: which credential kind is sent (never the
    /// credential itself).
    pub fn auth_scheme(&self) -> Option<&'static str> {
        match self.auth {
            Auth::None => None,
            Auth::Bearer(_) => Some("Bearer"),
            Auth::ApiKey(_) => Some("Api-Key"),
            Auth::Invalid(_) => Some("invalid"),
        }
    }

    /// The extra headers given to [`with_headers`](Self::with_headers).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Apply the context to a request's headers: remove progenitor's `api-version`, set
    /// `X-Pinecone-Api-Version` and the credential, then the extra headers. Used by the
    /// generated clients' `pre` hook; public so hand-written requests can match them exactly.
    ///
    /// Fails, naming the problem but never the credential, when the API version or the
    /// credential cannot be an HTTP header value.
    ///
    /// ```
    /// use reqwest::header::HeaderMap;
    ///
    /// let ctx = admin_api_raw::RequestContext::new("2026-07").with_api_key("pckey_x");
    /// let mut headers = HeaderMap::new();
    /// ctx.apply(&mut headers).unwrap();
    /// assert_eq!(headers["x-pinecone-api-version"], "2026-07");
    /// assert!(headers["api-key"].is_sensitive());
    /// ```
    pub fn apply(&self, headers: &mut HeaderMap) -> Result<(), String> {
        headers.remove(PROGENITOR_VERSION_HEADER);
        let version = HeaderValue::from_str(&self.api_version).map_err(|_| {
            format!(
                "the API version {:?} is not a valid HTTP header value",
                self.api_version
            )
        })?;
        headers.insert(HeaderName::from_static(API_VERSION_HEADER), version);
        match &self.auth {
            Auth::None => {}
            Auth::Bearer(v) => {
                headers.insert(AUTHORIZATION, v.clone());
            }
            Auth::ApiKey(v) => {
                headers.insert(HeaderName::from_static(API_KEY_HEADER), v.clone());
            }
            Auth::Invalid(msg) => return Err((*msg).to_string()),
        }
        let mut last: Option<&HeaderName> = None;
        for (name, value) in &self.headers {
            if last != Some(name) {
                headers.remove(name);
                last = Some(name);
            }
            headers.append(name.clone(), value.clone());
        }
        Ok(())
    }
}

fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(value).ok()?;
    v.set_sensitive(true);
    Some(v)
}

impl fmt::Debug for RequestContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            Auth::None => "none",
            Auth::Bearer(_) => "Bearer <redacted>",
            Auth::ApiKey(_) => "Api-Key <redacted>",
            Auth::Invalid(_) => "invalid <redacted>",
        };
        let header_names: Vec<&str> = {
            let mut names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
            names.dedup();
            names
        };
        f.debug_struct("RequestContext")
            .field("api_version", &self.api_version)
            .field("auth", &auth)
            .field("headers", &header_names)
            .finish()
    }
}

/// Implements `ClientHooks<RequestContext>` for generated clients. Invoked by the generated
/// `generated/mod.rs` for every client, so a newly added spec needs no hand-written change.
macro_rules! impl_client_hooks {
    ($($client:ty),* $(,)?) => {
        $(
            impl ::progenitor_client::ClientHooks<$crate::RequestContext> for $client {
                async fn pre<E>(
                    &self,
                    request: &mut ::reqwest::Request,
                    info: &::progenitor_client::OperationInfo,
                ) -> ::std::result::Result<(), ::progenitor_client::Error<E>> {
                    let _ = info;
                    ::progenitor_client::ClientInfo::inner(self)
                        .apply(request.headers_mut())
                        .map_err(::progenitor_client::Error::InvalidRequest)
                }
            }
        )*
    };
}
pub(crate) use impl_client_hooks;
