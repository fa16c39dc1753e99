//! The [`Admin`] client.

use std::fmt;
use std::sync::Arc;

use crate::api_keys::ApiKeys;
use crate::config::{AdminBuilder, Config};
use crate::error::Result;
use crate::organizations::Organizations;
use crate::projects::Projects;
use crate::transport::Transport;

/// The Pinecone Admin API client.
///
/// Build it with [`Admin::builder`] (or [`Admin::from_env`]); the first OAuth token is fetched
/// during `build()`, so bad credentials fail there. Then take a handle per resource:
/// [`organizations`](Admin::organizations), [`projects`](Admin::projects),
/// [`api_keys`](Admin::api_keys).
///
/// `Admin` is `Clone + Send + Sync` and cheap to clone (an `Arc` inside): clones share the
/// connection pool and the token, so share one per process.
///
/// ```no_run
/// # async fn run() -> pinecone_admin::Result<()> {
/// use pinecone_admin::{Admin, CreateApiKey, CreateProject};
///
/// let admin = Admin::builder()
///     .client_id("my-client-id")
///     .client_secret("my-client-secret")
///     .build()
///     .await?;
/// let project = admin.projects().create(CreateProject::new("search-prod")).await?;
/// let key = admin.api_keys().create(&project.id, CreateApiKey::new("app")).await?;
/// println!("project {} key {}", project.id, key); // the key value prints masked
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Admin {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport,
    host: String,
    control_host: String,
    api_version: String,
}

impl fmt::Debug for Admin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Admin")
            .field("host", &self.inner.host)
            .field("control_host", &self.inner.control_host)
            .field("api_version", &self.inner.api_version)
            .finish_non_exhaustive()
    }
}

impl Admin {
    /// Starts configuring a client.
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
    pub fn builder() -> AdminBuilder {
        AdminBuilder::default()
    }

    /// A client configured from the process environment only (`PINECONE_CLIENT_ID`,
    /// `PINECONE_CLIENT_SECRET` or `PINECONE_ACCESS_TOKEN`, `PINECONE_CONTROLLER_HOST`).
    ///
    /// ```no_run
    /// # async fn run() -> pinecone_admin::Result<()> {
    /// let admin = pinecone_admin::Admin::from_env().await?;
    /// # Ok(()) }
    /// ```
    pub async fn from_env() -> Result<Self> {
        Self::builder().build().await
    }

    /// Like [`from_env`](Self::from_env) with another source of variables (a config map, a
    /// test fixture), without touching the process environment.
    ///
    /// ```no_run
    /// # async fn run() -> pinecone_admin::Result<()> {
    /// use std::collections::HashMap;
    /// let vars = HashMap::from([
    ///     ("PINECONE_CLIENT_ID".to_string(), "my-client-id".to_string()),
    ///     ("PINECONE_CLIENT_SECRET".to_string(), "my-client-secret".to_string()),
    /// ]);
    /// let admin = pinecone_admin::Admin::from_env_with(move |k| vars.get(k).cloned()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn from_env_with<F>(lookup: F) -> Result<Self>
    where
        F: Fn(&str) -> Option<String> + Send + Sync + 'static,
    {
        Self::builder().env(lookup).build().await
    }

    pub(crate) async fn from_config(config: Config) -> Result<Self> {
        let transport = Transport::new(&config)?;
        // Fetch the first token now so that bad credentials fail at construction.
        transport.tokens().token().await?;
        Ok(Self {
            inner: Arc::new(Inner {
                transport,
                host: config.host.as_str().trim_end_matches('/').to_owned(),
                control_host: config
                    .control_host
                    .as_str()
                    .trim_end_matches('/')
                    .to_owned(),
                api_version: config.api_version.clone(),
            }),
        })
    }

    /// Organization operations.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let orgs = admin.organizations().list().await?;
    /// # Ok(()) }
    /// ```
    pub fn organizations(&self) -> Organizations {
        Organizations::new(self.clone())
    }

    /// Project operations.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let projects = admin.projects().list().await?;
    /// # Ok(()) }
    /// ```
    pub fn projects(&self) -> Projects {
        Projects::new(self.clone())
    }

    /// Project API key operations.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let keys = admin.api_keys().list("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1").await?;
    /// # Ok(()) }
    /// ```
    pub fn api_keys(&self) -> ApiKeys {
        ApiKeys::new(self.clone())
    }

    /// The admin API host in use, e.g. `https://api.pinecone.io`.
    ///
    /// ```no_run
    /// # fn f(admin: pinecone_admin::Admin) {
    /// println!("talking to {}", admin.host());
    /// # }
    /// ```
    pub fn host(&self) -> &str {
        &self.inner.host
    }

    /// The control-plane host used with project API keys.
    ///
    /// ```no_run
    /// # fn f(admin: pinecone_admin::Admin) {
    /// println!("control plane at {}", admin.control_host());
    /// # }
    /// ```
    pub fn control_host(&self) -> &str {
        &self.inner.control_host
    }

    /// The `X-Pinecone-Api-Version` sent on every call.
    ///
    /// ```no_run
    /// # fn f(admin: pinecone_admin::Admin) {
    /// assert_eq!(admin.api_version(), "2026-07");
    /// # }
    /// ```
    pub fn api_version(&self) -> &str {
        &self.inner.api_version
    }

    /// The shared call path (see `transport.rs`).
    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }
}
