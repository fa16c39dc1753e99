//! Service accounts (OAuth clients of the organization): list, create, describe, update,
//! delete, rotate the secret.
//!
//! The client secret is returned only by [`ServiceAccounts::create`] and
//! [`ServiceAccounts::rotate_secret`], inside a [`ServiceAccountWithSecret`] that prints it
//! masked; read it with `.secret().expose()`.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use pinecone_admin::{CreateServiceAccount, Role};
//!
//! let created = admin
//!     .service_accounts()
//!     .create(CreateServiceAccount::new("ci-deployer").organization_role(Role::OrgManager))
//!     .await?;
//! println!("{created}"); // secret masked
//! let (client_id, client_secret) = (created.client_id(), created.secret().expose());
//! # let _ = (client_id, client_secret);
//! # Ok(()) }
//! ```

use std::fmt;

use admin_api_raw::admin::types as raw;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::Result;
use crate::models::{lenient_timestamp, null_as_default};
use crate::models::{validate_grants, Grant, Role};
use crate::pagination::{paginate, ListStream, Page, PageRequest, Paged, MAX_PAGE_SIZE};
use crate::secret::Secret;
use crate::transport::{wire, Op};
use crate::validate;

/// Longest service account name (characters).
const SERVICE_ACCOUNT_NAME_MAX: usize = 80;
/// Most role bindings a new service account may carry.
const SERVICE_ACCOUNT_BINDINGS_MAX: usize = 100;

/// A service account (without its secret).
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let sa = admin.service_accounts().describe("7a6b5c4d-0000-4000-8000-000000000006").await?;
/// println!("{} {} client id {}", sa.id, sa.name, sa.client_id);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServiceAccount {
    /// The service account id.
    pub id: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The OAuth client id (not a secret).
    #[serde(default, deserialize_with = "null_as_default")]
    pub client_id: String,
    /// When it was created.
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last changed (renamed, secret rotated).
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<raw::ServiceAccount> for ServiceAccount {
    fn from(s: raw::ServiceAccount) -> Self {
        Self {
            id: s.id,
            name: s.name,
            client_id: s.client_id,
            created_at: Some(s.created_at),
            updated_at: Some(s.updated_at),
        }
    }
}

/// A service account with its client secret, returned only by
/// [`ServiceAccounts::create`] and [`ServiceAccounts::rotate_secret`].
///
/// `Debug` and `Display` mask the secret (`…` and its last four characters); read it with
/// [`secret`](Self::secret)`().expose()`.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let rotated = admin.service_accounts().rotate_secret("7a6b5c4d-0000-4000-8000-000000000006").await?;
/// println!("{rotated:?}"); // secret masked
/// let secret: &str = rotated.secret().expose();
/// # let _ = secret;
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct ServiceAccountWithSecret {
    service_account: ServiceAccount,
    client_secret: Secret,
}

impl ServiceAccountWithSecret {
    /// The service account's details.
    ///
    /// ```no_run
    /// # fn f(created: pinecone_admin::ServiceAccountWithSecret) {
    /// println!("{}", created.service_account().name);
    /// # }
    /// ```
    pub fn service_account(&self) -> &ServiceAccount {
        &self.service_account
    }

    /// The OAuth client id to authenticate with.
    ///
    /// ```no_run
    /// # fn f(created: pinecone_admin::ServiceAccountWithSecret) {
    /// let id: &str = created.client_id();
    /// # }
    /// ```
    pub fn client_id(&self) -> &str {
        &self.service_account.client_id
    }

    /// The client secret; `.expose()` gives the string (shown only once by the API).
    ///
    /// ```no_run
    /// # fn f(created: pinecone_admin::ServiceAccountWithSecret) {
    /// let secret: &str = created.secret().expose();
    /// # }
    /// ```
    pub fn secret(&self) -> &Secret {
        &self.client_secret
    }

    /// Splits into the details and the secret.
    ///
    /// ```no_run
    /// # fn f(created: pinecone_admin::ServiceAccountWithSecret) {
    /// let (account, secret) = created.into_parts();
    /// # }
    /// ```
    pub fn into_parts(self) -> (ServiceAccount, Secret) {
        (self.service_account, self.client_secret)
    }
}

impl fmt::Debug for ServiceAccountWithSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccountWithSecret")
            .field("service_account", &self.service_account)
            .field(
                "client_secret",
                &format_args!("{}", self.client_secret.masked()),
            )
            .finish()
    }
}

impl fmt::Display for ServiceAccountWithSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "service account {:?} ({}) client id {} secret {}",
            self.service_account.name,
            self.service_account.id,
            self.service_account.client_id,
            self.client_secret.masked()
        )
    }
}

impl From<raw::ServiceAccountWithSecret> for ServiceAccountWithSecret {
    fn from(s: raw::ServiceAccountWithSecret) -> Self {
        Self {
            service_account: s.service_account.into(),
            client_secret: Secret::new(s.client_secret.into_inner()),
        }
    }
}

impl From<raw::ServiceAccountList> for Paged<ServiceAccount> {
    fn from(list: raw::ServiceAccountList) -> Self {
        Paged::from_parts(
            list.data.into_iter().map(ServiceAccount::from).collect(),
            list.pagination.and_then(|p| p.next),
        )
    }
}

wire!(
    ServiceAccount => raw::ServiceAccount,
    ServiceAccountWithSecret => raw::ServiceAccountWithSecret,
    Paged<ServiceAccount> => raw::ServiceAccountList,
);

/// A new service account: a name (1 to 80 characters) and up to 100 role bindings.
///
/// ```
/// use pinecone_admin::{CreateServiceAccount, Grant, Role};
///
/// let request = CreateServiceAccount::new("ci-deployer")
///     .organization_role(Role::OrgMember)
///     .grant(Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectEditor));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct CreateServiceAccount {
    name: String,
    grants: Vec<Grant>,
}

impl CreateServiceAccount {
    /// A service account named `name`, with no role yet.
    ///
    /// ```
    /// let request = pinecone_admin::CreateServiceAccount::new("ci-deployer");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            grants: Vec::new(),
        }
    }

    /// Adds a role binding.
    ///
    /// ```
    /// use pinecone_admin::{CreateServiceAccount, Grant, Role};
    /// let request = CreateServiceAccount::new("ci").grant(Grant::organization(Role::OrgManager));
    /// ```
    pub fn grant(mut self, grant: Grant) -> Self {
        self.grants.push(grant);
        self
    }

    /// Adds several role bindings.
    ///
    /// ```
    /// use pinecone_admin::{CreateServiceAccount, Grant, Role};
    /// let request = CreateServiceAccount::new("ci").grants([Grant::organization(Role::OrgMember)]);
    /// ```
    pub fn grants(mut self, grants: impl IntoIterator<Item = Grant>) -> Self {
        self.grants.extend(grants);
        self
    }

    /// Adds an organization-scoped role.
    ///
    /// ```
    /// let request = pinecone_admin::CreateServiceAccount::new("ci")
    ///     .organization_role(pinecone_admin::Role::OrgMember);
    /// ```
    pub fn organization_role(self, role: impl Into<Role>) -> Self {
        self.grant(Grant::organization(role))
    }

    /// Adds a role on a project.
    ///
    /// ```
    /// let request = pinecone_admin::CreateServiceAccount::new("ci")
    ///     .project_role("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", pinecone_admin::Role::ProjectEditor);
    /// ```
    pub fn project_role(self, project_id: impl Into<String>, role: impl Into<Role>) -> Self {
        self.grant(Grant::project(project_id, role))
    }

    fn validate(&self) -> Result<()> {
        validate::name("name", &self.name, SERVICE_ACCOUNT_NAME_MAX)?;
        validate_grants(
            "role_bindings",
            &self.grants,
            0,
            SERVICE_ACCOUNT_BINDINGS_MAX,
        )
    }

    fn to_raw(&self) -> raw::CreateServiceAccountRequest {
        raw::CreateServiceAccountRequest {
            name: self.name.clone(),
            role_bindings: self.grants.iter().map(Grant::to_raw).collect(),
        }
    }
}

/// Changes to a service account; unset fields are not sent. Its roles are changed through
/// [`Admin::role_bindings`].
///
/// ```
/// let update = pinecone_admin::UpdateServiceAccount::new().name("ci-deployer-v2");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct UpdateServiceAccount {
    name: Option<String>,
}

impl UpdateServiceAccount {
    /// An update that changes nothing yet.
    ///
    /// ```
    /// let update = pinecone_admin::UpdateServiceAccount::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A new name (1 to 80 characters).
    ///
    /// ```
    /// let update = pinecone_admin::UpdateServiceAccount::new().name("renamed");
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    fn validate(&self) -> Result<()> {
        if let Some(name) = &self.name {
            validate::name("name", name, SERVICE_ACCOUNT_NAME_MAX)?;
        }
        Ok(())
    }

    fn to_raw(&self) -> raw::UpdateServiceAccountRequest {
        raw::UpdateServiceAccountRequest {
            name: self.name.clone(),
        }
    }
}

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
    admin: Admin,
}

impl ServiceAccounts {
    pub(crate) fn new(admin: Admin) -> Self {
        Self { admin }
    }
}

async fn fetch_page(
    admin: &Admin,
    limit: Option<i64>,
    token: Option<&str>,
) -> Result<Page<ServiceAccount>> {
    let paged: Paged<ServiceAccount> = admin
        .transport()
        .admin(
            Op::get("list_service_accounts", "/admin/service-accounts"),
            |c| async move { c.list_service_accounts(limit, token).await },
        )
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
                Op::post("create_service_account", "/admin/service-accounts").secret_response(),
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
            .admin(
                Op::get(
                    "fetch_service_account",
                    "/admin/service-accounts/{service_account_id}",
                ),
                |c| async move { c.fetch_service_account(service_account_id).await },
            )
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
            .admin(
                Op::patch(
                    "update_service_account",
                    "/admin/service-accounts/{service_account_id}",
                ),
                |c| async move { c.update_service_account(service_account_id, body).await },
            )
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
            .admin(
                Op::delete(
                    "delete_service_account",
                    "/admin/service-accounts/{service_account_id}",
                ),
                |c| async move { c.delete_service_account(service_account_id).await },
            )
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
                Op::post(
                    "rotate_service_account_secret",
                    "/admin/service-accounts/{service_account_id}/rotate-secret",
                )
                .secret_response(),
                |c| async move { c.rotate_service_account_secret(service_account_id).await },
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn secret_is_masked() {
        let s: ServiceAccountWithSecret = serde_json::from_str(
            r#"{"service_account":{"id":"s","name":"ci","client_id":"cid","created_at":"bad","updated_at":null},
                "client_secret":"supersecretclientvalue4321"}"#,
        )
        .unwrap();
        let debug = format!("{s:?}");
        let display = s.to_string();
        assert!(
            !debug.contains("supersecret") && debug.contains("…4321"),
            "{debug}"
        );
        assert!(
            !display.contains("supersecret") && display.contains("…4321"),
            "{display}"
        );
        assert_eq!(s.secret().expose(), "supersecretclientvalue4321");
        assert_eq!(s.client_id(), "cid");
        assert!(s.service_account().created_at.is_none());
    }

    #[test]
    fn requests_are_checked() {
        assert!(CreateServiceAccount::new("x").validate().is_ok());
        assert!(CreateServiceAccount::new("k".repeat(80)).validate().is_ok());
        for bad in [String::new(), " ".into(), "k".repeat(81)] {
            assert!(matches!(
                CreateServiceAccount::new(bad).validate(),
                Err(Error::Validation { .. })
            ));
        }
        let too_many = CreateServiceAccount::new("x")
            .grants((0..101).map(|i| Grant::project(format!("p{i}"), Role::ProjectViewer)));
        assert!(too_many.validate().is_err());
        assert!(UpdateServiceAccount::new().name("").validate().is_err());
        let body = serde_json::to_value(CreateServiceAccount::new("x").to_raw()).unwrap();
        assert_eq!(body, serde_json::json!({"name": "x"}));
        let body = serde_json::to_value(UpdateServiceAccount::new().to_raw()).unwrap();
        assert_eq!(body, serde_json::json!({}));
    }
}
