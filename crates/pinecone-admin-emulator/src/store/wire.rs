//! Request bodies of the Admin API, decoded strictly: a field the spec does not mark
//! nullable is rejected when sent as `null`.

use serde::{Deserialize, Deserializer};

/// Deserializes a present field as `Some(value)`, rejecting `null`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateProjectRequest {
    pub name: String,
    #[serde(default, deserialize_with = "present")]
    pub max_pods: Option<i64>,
    #[serde(default, deserialize_with = "present")]
    pub force_encryption_with_cmek: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct UpdateProjectRequest {
    #[serde(default, deserialize_with = "present")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub max_pods: Option<i64>,
    #[serde(default, deserialize_with = "present")]
    pub force_encryption_with_cmek: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct UpdateOrganizationRequest {
    #[serde(default, deserialize_with = "present")]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateApiKeyRequest {
    pub name: String,
    #[serde(default, deserialize_with = "present")]
    pub roles: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct UpdateApiKeyRequest {
    #[serde(default, deserialize_with = "present")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub roles: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct RoleBindingInput {
    pub resource_type: String,
    #[serde(default, deserialize_with = "present")]
    pub resource_id: Option<String>,
    pub role: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateInviteRequest {
    pub email: String,
    pub role_bindings: Vec<RoleBindingInput>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateServiceAccountRequest {
    pub name: String,
    #[serde(default, deserialize_with = "present")]
    pub role_bindings: Option<Vec<RoleBindingInput>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct UpdateServiceAccountRequest {
    #[serde(default, deserialize_with = "present")]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateRoleBindingRequest {
    pub principal_type: String,
    pub principal_id: String,
    pub resource_type: String,
    #[serde(default, deserialize_with = "present")]
    pub resource_id: Option<String>,
    pub role: String,
}

/// Filters of `GET /admin/role-bindings`.
#[derive(Debug, Default)]
pub(crate) struct RoleBindingFilter {
    pub principal_type: Option<String>,
    pub principal_id: Option<String>,
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub role: Option<String>,
}
