//! Project API keys: list, create, describe, update, delete.
//!
//! A key's secret value is returned once, by [`ApiKeys::create`], inside an
//! [`ApiKeyWithSecret`] that prints masked; read it with `.secret().expose()`.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use pinecone_admin::{ApiKeyRole, CreateApiKey};
//!
//! let created = admin
//!     .api_keys()
//!     .create("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1",
//!             CreateApiKey::new("ci-reader").roles([ApiKeyRole::DataPlaneViewer]))
//!     .await?;
//! println!("created {created}"); // the value prints masked
//! let value: &str = created.secret().expose();
//! # Ok(()) }
//! ```

use std::fmt;

use admin_api_raw::admin::types as raw;
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::{Error, Result};
use crate::models::{null_as_default, ApiKeyRole, DataList};
use crate::secret::Secret;
use crate::transport::{wire, Op};
use crate::validate;

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
    key: ApiKey,
    value: Secret,
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

fn validate_roles(roles: &[ApiKeyRole]) -> Result<()> {
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
    name: String,
    roles: Option<Vec<ApiKeyRole>>,
    // Set by `no_roles`: an empty `roles` is then meant, not a mistake.
    no_roles: bool,
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

    fn validate(&self) -> Result<()> {
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

    fn to_raw(&self) -> raw::CreateApiKeyRequest {
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
    name: Option<String>,
    roles: Option<Vec<ApiKeyRole>>,
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

    fn validate(&self) -> Result<()> {
        if let Some(name) = &self.name {
            validate::name("name", name, validate::API_KEY_NAME_MAX)?;
        }
        if let Some(roles) = &self.roles {
            validate_roles(roles)?;
        }
        Ok(())
    }

    fn to_raw(&self) -> raw::UpdateApiKeyRequest {
        raw::UpdateApiKeyRequest {
            name: self.name.clone(),
            roles: self
                .roles
                .as_ref()
                .map(|roles| roles.iter().map(|r| r.as_str().to_owned()).collect()),
        }
    }
}

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
            .admin(
                Op::get(
                    "list_project_api_keys",
                    "/admin/projects/{project_id}/api-keys",
                ),
                |c| async move { c.list_project_api_keys(project_id).await },
            )
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
                Op::post("create_api_key", "/admin/projects/{project_id}/api-keys")
                    .secret_response(),
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
            .admin(
                Op::get("fetch_api_key", "/admin/api-keys/{api_key_id}"),
                |c| async move { c.fetch_api_key(api_key_id).await },
            )
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
            .admin(
                Op::patch("update_api_key", "/admin/api-keys/{api_key_id}"),
                |c| async move { c.update_api_key(api_key_id, body).await },
            )
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
            .admin(
                Op::delete("delete_api_key", "/admin/api-keys/{api_key_id}"),
                |c| async move { c.delete_api_key(api_key_id).await },
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for role in ApiKeyRole::KNOWN {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(serde_json::from_str::<ApiKeyRole>(&json).unwrap(), role);
        }
        let other: ApiKeyRole = serde_json::from_str("\"IndexJanitor\"").unwrap();
        assert_eq!(other, ApiKeyRole::Other("IndexJanitor".into()));
        assert_eq!(serde_json::to_string(&other).unwrap(), "\"IndexJanitor\"");
    }

    #[test]
    fn secret_is_masked() {
        let k: ApiKeyWithSecret = serde_json::from_str(
            r#"{"key":{"id":"k1","name":null,"project_id":"p","roles":["ProjectEditor","New"]},
                "value":"pckey_label_supersecretvalue9876"}"#,
        )
        .unwrap();
        let debug = format!("{k:?}");
        let display = k.to_string();
        assert!(
            !debug.contains("supersecret") && debug.contains("…9876"),
            "{debug}"
        );
        assert!(!display.contains("supersecret"), "{display}");
        assert_eq!(k.secret().expose(), "pckey_label_supersecretvalue9876");
        assert_eq!(k.key().name, "");
        assert_eq!(k.key().roles[1], ApiKeyRole::Other("New".into()));
    }

    #[test]
    fn create_body_omits_unset() {
        let body = serde_json::to_value(CreateApiKey::new("k").to_raw()).unwrap();
        assert_eq!(body, serde_json::json!({"name": "k"}));
        let body = serde_json::to_value(
            CreateApiKey::new("k")
                .roles([ApiKeyRole::ProjectViewer, "X".into()])
                .to_raw(),
        )
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"name": "k", "roles": ["ProjectViewer", "X"]})
        );
        let body =
            serde_json::to_value(UpdateApiKey::new().roles(Vec::<ApiKeyRole>::new()).to_raw())
                .unwrap();
        assert_eq!(body, serde_json::json!({"roles": []}));
        let body = serde_json::to_value(UpdateApiKey::new().to_raw()).unwrap();
        assert_eq!(body, serde_json::json!({}));
    }
}
