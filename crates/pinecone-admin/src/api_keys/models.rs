//! The api keys models and request types.

use super::*;

/// A project API key (without its secret).
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let key = admin.api_keys().describe("3d1a0c5e-1111-2222-3333-444455556666").await?;
/// println!("{} {:?}", key.name, key.roles);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiKey {
    /// The key id.
    pub id: String,
    /// Its name (empty when the server sends none, which happens for some keys).
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The project it belongs to.
    #[serde(default, deserialize_with = "null_as_default")]
    pub project_id: String,
    /// Its roles.
    #[serde(default, deserialize_with = "null_as_default")]
    pub roles: Vec<ApiKeyRole>,
}

impl From<raw::ApiKey> for ApiKey {
    fn from(k: raw::ApiKey) -> Self {
        Self {
            id: k.id,
            name: k.name,
            project_id: k.project_id,
            roles: k.roles.into_iter().map(ApiKeyRole::from).collect(),
        }
    }
}

/// A newly created API key with its secret value, returned only by [`ApiKeys::create`].
///
/// `Debug` and `Display` mask the value (`…` and its last four characters); read it with
/// [`secret`](Self::secret)`().expose()`.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// use pinecone_admin::CreateApiKey;
/// let created = admin.api_keys().create("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1",
///                                       CreateApiKey::new("ci")).await?;
/// println!("{created:?}");                   // value masked
/// let value: String = created.secret().expose().to_owned(); // hand it to a data-plane client
/// # Ok(()) }
/// ```
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct ApiKeyWithSecret {
    pub(super) key: ApiKey,
    pub(super) value: Secret,
}

impl ApiKeyWithSecret {
    /// The key's details.
    ///
    /// ```no_run
    /// # fn f(created: pinecone_admin::ApiKeyWithSecret) {
    /// println!("{}", created.key().id);
    /// # }
    /// ```
    pub fn key(&self) -> &ApiKey {
        &self.key
    }

    /// The secret value; `.expose()` gives the string to authenticate with.
    ///
    /// ```no_run
    /// # fn f(created: pinecone_admin::ApiKeyWithSecret) {
    /// let value: &str = created.secret().expose();
    /// # }
    /// ```
    pub fn secret(&self) -> &Secret {
        &self.value
    }

    /// Splits into the details and the secret.
    ///
    /// ```no_run
    /// # fn f(created: pinecone_admin::ApiKeyWithSecret) {
    /// let (key, secret) = created.into_parts();
    /// # }
    /// ```
    pub fn into_parts(self) -> (ApiKey, Secret) {
        (self.key, self.value)
    }
}

impl fmt::Debug for ApiKeyWithSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyWithSecret")
            .field("key", &self.key)
            .field("value", &format_args!("{}", self.value.masked()))
            .finish()
    }
}

impl fmt::Display for ApiKeyWithSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "API key {:?} ({}) value {}",
            self.key.name,
            self.key.id,
            self.value.masked()
        )
    }
}

impl From<raw::ApiKeyWithSecret> for ApiKeyWithSecret {
    fn from(k: raw::ApiKeyWithSecret) -> Self {
        Self {
            key: k.key.into(),
            value: Secret::new(k.value.into_inner()),
        }
    }
}

impl From<raw::ListApiKeysResponse> for DataList<ApiKey> {
    fn from(list: raw::ListApiKeysResponse) -> Self {
        DataList {
            data: list.data.into_iter().map(ApiKey::from).collect(),
        }
    }
}

wire!(
    ApiKey => raw::ApiKey,
    ApiKeyWithSecret => raw::ApiKeyWithSecret,
    DataList<ApiKey> => raw::ListApiKeysResponse,
);

pub(super) fn validate_roles(roles: &[ApiKeyRole]) -> Result<()> {
    if let Some(bad) = roles.iter().find(|r| r.as_str().trim().is_empty()) {
        return Err(Error::validation(
            "roles",
            format!("role {:?} must not be blank", bad.as_str()),
        ));
    }
    Ok(())
}

/// A new API key: a name plus optional roles (the server defaults to `ProjectEditor`).
///
/// ```
/// use pinecone_admin::{ApiKeyRole, CreateApiKey};
///
/// let request = CreateApiKey::new("ci-reader")
///     .roles([ApiKeyRole::DataPlaneViewer, ApiKeyRole::ControlPlaneViewer]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct CreateApiKey {
    pub(super) name: String,
    pub(super) roles: Option<Vec<ApiKeyRole>>,
    // Set by `no_roles`: an empty `roles` is then meant, not a mistake.
    pub(super) no_roles: bool,
}

impl CreateApiKey {
    /// A key named `name` (1 to 80 characters).
    ///
    /// ```
    /// let request = pinecone_admin::CreateApiKey::new("ci-reader");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            roles: None,
            no_roles: false,
        }
    }

    /// The key's roles (at least one; omit for the server default `ProjectEditor`).
    ///
    /// ```
    /// use pinecone_admin::{ApiKeyRole, CreateApiKey};
    /// let request = CreateApiKey::new("k").roles([ApiKeyRole::ProjectViewer]);
    /// let request = CreateApiKey::new("k").roles(["DataPlaneEditor"]);
    /// ```
    pub fn roles<R: Into<ApiKeyRole>>(mut self, roles: impl IntoIterator<Item = R>) -> Self {
        self.roles = Some(roles.into_iter().map(Into::into).collect());
        self.no_roles = false;
        self
    }

    /// A key with no roles at all, sent as an explicit `"roles": []` (the spec allows an
    /// empty list; leaving roles unset would get the server default `ProjectEditor`). Such a
    /// key authenticates but may do nothing until roles are granted; rotating a role-less key
    /// uses it so the successor is not widened.
    ///
    /// ```
    /// let request = pinecone_admin::CreateApiKey::new("placeholder").no_roles();
    /// ```
    pub fn no_roles(mut self) -> Self {
        self.roles = Some(Vec::new());
        self.no_roles = true;
        self
    }

    /// The roles this request asks for: `None` for the server default.
    pub(crate) fn requested_roles(&self) -> Option<&[ApiKeyRole]> {
        self.roles.as_deref()
    }

    pub(super) fn validate(&self) -> Result<()> {
        validate::name("name", &self.name, validate::API_KEY_NAME_MAX)?;
        if let Some(roles) = &self.roles {
            if roles.is_empty() && !self.no_roles {
                return Err(Error::validation(
                    "roles",
                    "must hold at least one role when given; leave it unset for the server default (ProjectEditor)",
                ));
            }
            validate_roles(roles)?;
        }
        Ok(())
    }

    pub(super) fn to_raw(&self) -> raw::CreateApiKeyRequest {
        raw::CreateApiKeyRequest {
            name: self.name.clone(),
            roles: self
                .roles
                .as_ref()
                .map(|roles| roles.iter().map(|r| r.as_str().to_owned()).collect()),
        }
    }
}

/// Changes to an API key; unset fields are not sent. Roles, when set, replace the key's whole
/// role set.
///
/// ```
/// use pinecone_admin::{ApiKeyRole, UpdateApiKey};
///
/// let update = UpdateApiKey::new().name("ci-writer").roles([ApiKeyRole::DataPlaneEditor]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct UpdateApiKey {
    pub(super) name: Option<String>,
    pub(super) roles: Option<Vec<ApiKeyRole>>,
}

impl UpdateApiKey {
    /// An update that changes nothing yet.
    ///
    /// ```
    /// let update = pinecone_admin::UpdateApiKey::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A new name (1 to 80 characters).
    ///
    /// ```
    /// let update = pinecone_admin::UpdateApiKey::new().name("renamed");
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The new, complete set of roles (replaces the current roles).
    ///
    /// ```
    /// use pinecone_admin::{ApiKeyRole, UpdateApiKey};
    /// let update = UpdateApiKey::new().roles([ApiKeyRole::ProjectViewer]);
    /// ```
    pub fn roles<R: Into<ApiKeyRole>>(mut self, roles: impl IntoIterator<Item = R>) -> Self {
        self.roles = Some(roles.into_iter().map(Into::into).collect());
        self
    }

    pub(super) fn validate(&self) -> Result<()> {
        if let Some(name) = &self.name {
            validate::name("name", name, validate::API_KEY_NAME_MAX)?;
        }
        if let Some(roles) = &self.roles {
            validate_roles(roles)?;
        }
        Ok(())
    }

    pub(super) fn to_raw(&self) -> raw::UpdateApiKeyRequest {
        raw::UpdateApiKeyRequest {
            name: self.name.clone(),
            roles: self
                .roles
                .as_ref()
                .map(|roles| roles.iter().map(|r| r.as_str().to_owned()).collect()),
        }
    }
}
