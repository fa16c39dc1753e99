//! The [`Admin`] value every handle holds: the shared call path and the hosts in use.
//!
//! It sits below the resource modules, which only need its transport; the handle accessors
//! ([`Admin::projects`] and the others) and the constructors live in `client.rs`, above them.

use std::fmt;
use std::sync::Arc;

use crate::config::Config;
use crate::error::Result;
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
    // Kept to build an independent client (its own connections and token) when work must
    // outlive this client's runtime, such as deleting a cancelled cleanup's temporary key.
    config: Config,
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
    pub(crate) async fn from_config(config: Config) -> Result<Self> {
        let transport = Transport::new(&config)?;
        // Fetch the first token now so that bad credentials fail at construction.
        transport.tokens().token().await?;
        Ok(Self {
            inner: Arc::new(Inner {
                transport,
                config: config.clone(),
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
    /// A new client with the same settings but its own connections and token, usable on
    /// another runtime (this one's pooled connections belong to the runtime that made them).
    pub(crate) async fn detached(&self) -> Result<Admin> {
        Self::from_config(self.inner.config.clone()).await
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }
}
