//! [`ServiceAccounts`], the service accounts handle.

use super::*;
use admin_api_raw::ops;

/// Service account operations; get it from [`Admin::service_accounts`].
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// use futures::TryStreamExt;
/// let all: Vec<_> = admin.service_accounts().list().try_collect().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ServiceAccounts {
    pub(super) admin: Admin,
}

impl ServiceAccounts {
    pub(crate) fn new(admin: Admin) -> Self {
        Self { admin }
    }
}

pub(super) async fn fetch_page(
    admin: &Admin,
    limit: Option<i64>,
    token: Option<&str>,
) -> Result<Page<ServiceAccount>> {
    let paged: Paged<ServiceAccount> = admin
        .transport()
        .admin(Op::of(ops::admin::LIST_SERVICE_ACCOUNTS), |c| async move {
            c.list_service_accounts(limit, token).await
        })
        .await?;
    Ok(paged.into_page())
}

impl ServiceAccounts {
    /// Every service account, as a lazy stream that follows the pages (100 per request).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use futures::TryStreamExt;
    /// let mut accounts = admin.service_accounts().list();
    /// while let Some(sa) = accounts.try_next().await? {
    ///     println!("{} {}", sa.id, sa.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListStream<ServiceAccount> {
        let admin = self.admin.clone();
        paginate("service accounts", move |token: Option<String>| {
            let admin = admin.clone();
            async move { fetch_page(&admin, Some(i64::from(MAX_PAGE_SIZE)), token.as_deref()).await }
        })
    }

    /// One page of service accounts.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let page = admin.service_accounts().list_page(pinecone_admin::PageRequest::new().limit(50)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn list_page(&self, page: PageRequest) -> Result<Page<ServiceAccount>> {
        page.validate()?;
        fetch_page(&self.admin, page.wire_limit(), page.wire_token()).await
    }

    /// Creates a service account and returns it with its client secret (shown only now).
    /// Never sent twice.
    ///
    /// # Errors
    /// [`Error::Validation`](crate::Error::Validation) for a bad name or bad role bindings.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::CreateServiceAccount;
    /// let created = admin.service_accounts().create(CreateServiceAccount::new("ci")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, request: CreateServiceAccount) -> Result<ServiceAccountWithSecret> {
        request.validate()?;
        let body = &request.to_raw();
        self.admin
            .transport()
            .admin(
                Op::of(ops::admin::CREATE_SERVICE_ACCOUNT).secret_response(),
                |c| async move { c.create_service_account(body).await },
            )
            .await
    }

    /// Describes a service account (never its secret).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let sa = admin.service_accounts().describe("7a6b5c4d-0000-4000-8000-000000000006").await?;
    /// # Ok(()) }
    /// ```
    pub async fn describe(&self, service_account_id: &str) -> Result<ServiceAccount> {
        validate::id("service_account_id", service_account_id)?;
        self.admin
            .transport()
            .admin(Op::of(ops::admin::FETCH_SERVICE_ACCOUNT), |c| async move {
                c.fetch_service_account(service_account_id).await
            })
            .await
    }

    /// Updates a service account (its name) and returns it.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::UpdateServiceAccount;
    /// let sa = admin
    ///     .service_accounts()
    ///     .update("7a6b5c4d-0000-4000-8000-000000000006", UpdateServiceAccount::new().name("ci-v2"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        service_account_id: &str,
        update: UpdateServiceAccount,
    ) -> Result<ServiceAccount> {
        validate::id("service_account_id", service_account_id)?;
        update.validate()?;
        let body = &update.to_raw();
        self.admin
            .transport()
            .admin(Op::of(ops::admin::UPDATE_SERVICE_ACCOUNT), |c| async move {
                c.update_service_account(service_account_id, body).await
            })
            .await
    }

    /// Deletes a service account; its tokens stop working and its role bindings go.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// admin.service_accounts().delete("7a6b5c4d-0000-4000-8000-000000000006").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, service_account_id: &str) -> Result<()> {
        validate::id("service_account_id", service_account_id)?;
        self.admin
            .transport()
            .admin(Op::of(ops::admin::DELETE_SERVICE_ACCOUNT), |c| async move {
                c.delete_service_account(service_account_id).await
            })
            .await
    }

    /// Replaces the client secret and returns the new one (shown only now). The old secret
    /// and every token minted with it stop working at once; if the rotated account is the one
    /// this client uses, build a new [`Admin`] with the new secret. Never sent twice (a lost
    /// answer would otherwise rotate again and lose the first new secret).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let rotated = admin
    ///     .service_accounts()
    ///     .rotate_secret("7a6b5c4d-0000-4000-8000-000000000006")
    ///     .await?;
    /// store_somewhere(rotated.client_id(), rotated.secret().expose());
    /// # Ok(()) }
    /// # fn store_somewhere(_: &str, _: &str) {}
    /// ```
    pub async fn rotate_secret(
        &self,
        service_account_id: &str,
    ) -> Result<ServiceAccountWithSecret> {
        validate::id("service_account_id", service_account_id)?;
        self.admin
            .transport()
            .admin(
                Op::of(ops::admin::ROTATE_SERVICE_ACCOUNT_SECRET).secret_response(),
                |c| async move { c.rotate_service_account_secret(service_account_id).await },
            )
            .await
    }
}
