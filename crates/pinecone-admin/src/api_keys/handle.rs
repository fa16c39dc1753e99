//! [`ApiKeys`], the api keys handle.

use super::*;
use admin_api_raw::ops;

/// API key operations; get it from [`Admin::api_keys`].
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let keys = admin.api_keys().list("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ApiKeys {
    pub(crate) admin: Admin,
}

impl ApiKeys {
    pub(crate) fn new(admin: Admin) -> Self {
        Self { admin }
    }

    /// Lists a project's API keys (without their secrets).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// for key in admin.api_keys().list("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1").await? {
    ///     println!("{} {}", key.id, key.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self, project_id: &str) -> Result<Vec<ApiKey>> {
        validate::id("project_id", project_id)?;
        let list: DataList<ApiKey> = self
            .admin
            .transport()
            .admin(Op::of(ops::admin::LIST_PROJECT_API_KEYS), |c| async move {
                c.list_project_api_keys(project_id).await
            })
            .await?;
        Ok(list.data)
    }

    /// Creates an API key in a project and returns it with its secret (shown only now).
    ///
    /// Never sent twice (see [`RetryConfig`](crate::RetryConfig)): a failure after the request
    /// may have reached the server surfaces instead of creating a second key.
    ///
    /// # Errors
    /// [`Error::Validation`] for a bad project id (see [`crate`] docs: ids are single path
    /// segments), a bad name or an empty role list;
    /// [`Error::Forbidden`] when the project's key quota is used up.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::CreateApiKey;
    /// let created = admin
    ///     .api_keys()
    ///     .create("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", CreateApiKey::new("ci"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(
        &self,
        project_id: &str,
        request: CreateApiKey,
    ) -> Result<ApiKeyWithSecret> {
        validate::id("project_id", project_id)?;
        request.validate()?;
        let body = &request.to_raw();
        self.admin
            .transport()
            .admin(
                Op::of(ops::admin::CREATE_API_KEY).secret_response(),
                |c| async move { c.create_api_key(project_id, body).await },
            )
            .await
    }

    /// Describes an API key (without its secret).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let key = admin.api_keys().describe("3d1a0c5e-1111-2222-3333-444455556666").await?;
    /// # Ok(()) }
    /// ```
    pub async fn describe(&self, api_key_id: &str) -> Result<ApiKey> {
        validate::id("api_key_id", api_key_id)?;
        self.admin
            .transport()
            .admin(Op::of(ops::admin::FETCH_API_KEY), |c| async move {
                c.fetch_api_key(api_key_id).await
            })
            .await
    }

    /// Updates an API key's name and/or roles (roles replace the whole set) and returns it.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{ApiKeyRole, UpdateApiKey};
    /// let key = admin
    ///     .api_keys()
    ///     .update("3d1a0c5e-1111-2222-3333-444455556666",
    ///             UpdateApiKey::new().roles([ApiKeyRole::ProjectViewer]))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, api_key_id: &str, update: UpdateApiKey) -> Result<ApiKey> {
        validate::id("api_key_id", api_key_id)?;
        update.validate()?;
        let body = &update.to_raw();
        self.admin
            .transport()
            .admin(Op::of(ops::admin::UPDATE_API_KEY), |c| async move {
                c.update_api_key(api_key_id, body).await
            })
            .await
    }

    /// Deletes an API key. Retried on transient failures; if the first answer was lost, the
    /// retry may answer [`Error::NotFound`] although the key was deleted.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// admin.api_keys().delete("3d1a0c5e-1111-2222-3333-444455556666").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, api_key_id: &str) -> Result<()> {
        validate::id("api_key_id", api_key_id)?;
        self.admin
            .transport()
            .admin(Op::of(ops::admin::DELETE_API_KEY), |c| async move {
                c.delete_api_key(api_key_id).await
            })
            .await
    }
}
