//! How an [`Admin`] is made ([`Admin::builder`], [`Admin::from_env`],
//! [`AdminBuilder::build`]) and the handle accessors, one per resource.

use crate::admin::Admin;
use crate::api_keys::ApiKeys;
use crate::config::AdminBuilder;
use crate::error::Result;
use crate::invites::Invites;
use crate::organizations::Organizations;
use crate::projects::Projects;
use crate::role_bindings::RoleBindings;
use crate::service_accounts::ServiceAccounts;
use crate::users::Users;

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

    /// User (organization member) operations.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let found = admin.users().find_by_email("dev@example.com").await?;
    /// # Ok(()) }
    /// ```
    pub fn users(&self) -> Users {
        Users::new(self.clone())
    }

    /// Invite operations.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// admin.invites().resend("5e4d3c2b-0000-4000-8000-000000000005").await?;
    /// # Ok(()) }
    /// ```
    pub fn invites(&self) -> Invites {
        Invites::new(self.clone())
    }

    /// Service account operations.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let sa = admin.service_accounts().describe("7a6b5c4d-0000-4000-8000-000000000006").await?;
    /// # Ok(()) }
    /// ```
    pub fn service_accounts(&self) -> ServiceAccounts {
        ServiceAccounts::new(self.clone())
    }

    /// Role binding operations: who holds which role on the organization and its projects.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let binding = admin.role_bindings().describe("9a8b7c6d-0000-4000-8000-000000000002").await?;
    /// # Ok(()) }
    /// ```
    pub fn role_bindings(&self) -> RoleBindings {
        RoleBindings::new(self.clone())
    }
}

impl AdminBuilder {
    /// Validates the settings and creates the client, fetching the first token (unless an
    /// access token was given).
    ///
    /// # Errors
    /// [`Error::Validation`](crate::Error::Validation) for missing credentials or a malformed
    /// setting (nothing is sent); [`Error::OAuth`](crate::Error::OAuth) when the token endpoint
    /// refuses the credentials; [`Error::Timeout`](crate::Error::Timeout) /
    /// [`Error::Connection`](crate::Error::Connection) when it cannot be reached.
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
    pub async fn build(self) -> Result<Admin> {
        let config = self.resolve()?;
        Admin::from_config(config).await
    }
}
