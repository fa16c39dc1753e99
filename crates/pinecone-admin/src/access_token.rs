//! The access token an [`Admin`] sends, for tools that pass it on (`pinecone-admin auth token`).

use std::time::Duration;

use crate::{Admin, Result, Secret};

impl Admin {
    /// A valid access token: the cached one, or a fresh one from the token endpoint when the
    /// cached one is due for refresh. The value prints masked; read it with [`Secret::expose`].
    ///
    /// ```no_run
    /// # async fn f(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let token = admin.access_token().await?;
    /// let header = format!("Bearer {}", token.expose());
    /// # let _ = header; Ok(()) }
    /// ```
    pub async fn access_token(&self) -> Result<Secret> {
        self.transport().tokens().token().await
    }

    /// How long the current access token stays valid, from the token endpoint's `expires_in`
    /// (`None` before the first token, for a ready access token, or when the endpoint gave no
    /// lifetime).
    ///
    /// ```no_run
    /// # async fn f(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// admin.access_token().await?;
    /// if let Some(left) = admin.token_expires_in() {
    ///     println!("token valid for {} more seconds", left.as_secs());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn token_expires_in(&self) -> Option<Duration> {
        self.transport().tokens().expires_in()
    }
}
