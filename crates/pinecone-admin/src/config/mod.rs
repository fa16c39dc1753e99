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

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use url::Url;

use crate::clock::Clock;

mod builder;
mod credentials;
#[cfg(test)]
mod tests;
mod urls;

pub use crate::retry::RetryConfig;
pub use builder::AdminBuilder;
pub(crate) use credentials::Credentials;
pub(crate) use urls::join;

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
