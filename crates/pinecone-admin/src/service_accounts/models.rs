//! The service accounts models and request types.

use super::*;

/// Longest service account name (characters).
pub(super) const SERVICE_ACCOUNT_NAME_MAX: usize = 80;
/// Most role bindings a new service account may carry.
pub(super) const SERVICE_ACCOUNT_BINDINGS_MAX: usize = 100;

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
    pub(super) service_account: ServiceAccount,
    pub(super) client_secret: Secret,
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
    pub(super) name: String,
    pub(super) grants: Vec<Grant>,
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

    pub(super) fn validate(&self) -> Result<()> {
        validate::name("name", &self.name, SERVICE_ACCOUNT_NAME_MAX)?;
        validate_grants(
            "role_bindings",
            &self.grants,
            0,
            SERVICE_ACCOUNT_BINDINGS_MAX,
        )
    }

    pub(super) fn to_raw(&self) -> raw::CreateServiceAccountRequest {
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
    pub(super) name: Option<String>,
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

    pub(super) fn validate(&self) -> Result<()> {
        if let Some(name) = &self.name {
            validate::name("name", name, SERVICE_ACCOUNT_NAME_MAX)?;
        }
        Ok(())
    }

    pub(super) fn to_raw(&self) -> raw::UpdateServiceAccountRequest {
        raw::UpdateServiceAccountRequest {
            name: self.name.clone(),
        }
    }
}
