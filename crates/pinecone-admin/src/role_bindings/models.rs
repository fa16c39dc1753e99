//! The role-binding models: [`RoleBinding`], [`PrincipalType`], and the request types
//! [`CreateRoleBinding`] and [`RoleBindingFilter`].

use admin_api_raw::admin::types as raw;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::models::{lenient_timestamp, null_as_default, null_as_unknown, open_enum, unknown};
use crate::models::{Grant, ResourceType, Role};
use crate::pagination::Paged;
use crate::transport::wire;
use crate::validate;

open_enum! {
    /// The kind of principal a role binding grants a role to.
    ///
    /// ```
    /// use pinecone_admin::PrincipalType;
    /// assert_eq!(PrincipalType::ServiceAccount.as_str(), "service_account");
    /// assert_eq!(PrincipalType::from("robot"), PrincipalType::Other("robot".into()));
    /// ```
    pub enum PrincipalType {
        /// A member of the organization.
        User => "user",
        /// A service account (OAuth client).
        ServiceAccount => "service_account",
        /// A project API key.
        ApiKey => "api_key",
        /// A pending invite (its bindings pass to the user who accepts it).
        Invite => "invite",
    }
}

/// A role binding: `principal` holds `role` on `resource`.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let b = admin.role_bindings().describe("9a8b7c6d-0000-4000-8000-000000000002").await?;
/// println!("{} {} holds {} on {} {}", b.principal_type, b.principal_id, b.role,
///          b.resource_type, b.resource_id);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoleBinding {
    /// The binding id.
    pub id: String,
    /// The kind of principal.
    #[serde(default = "unknown", deserialize_with = "null_as_unknown")]
    pub principal_type: PrincipalType,
    /// The principal's id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub principal_id: String,
    /// The scope.
    #[serde(default = "unknown", deserialize_with = "null_as_unknown")]
    pub resource_type: ResourceType,
    /// The organization or project id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub resource_id: String,
    /// The role granted.
    #[serde(default = "unknown", deserialize_with = "null_as_unknown")]
    pub role: Role,
    /// When it was created.
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
}

impl From<raw::RoleBinding> for RoleBinding {
    fn from(b: raw::RoleBinding) -> Self {
        Self {
            id: b.id,
            principal_type: b.principal_type.into(),
            principal_id: b.principal_id,
            resource_type: b.resource_type.into(),
            resource_id: b.resource_id,
            role: b.role.into(),
            created_at: Some(b.created_at),
        }
    }
}

impl From<raw::RoleBindingList> for Paged<RoleBinding> {
    fn from(list: raw::RoleBindingList) -> Self {
        Paged::from_parts(
            list.data.into_iter().map(RoleBinding::from).collect(),
            list.pagination.and_then(|p| p.next),
        )
    }
}

wire!(
    RoleBinding => raw::RoleBinding,
    Paged<RoleBinding> => raw::RoleBindingList,
);

/// A new role binding: a principal and a [`Grant`].
///
/// ```
/// use pinecone_admin::{CreateRoleBinding, Grant, PrincipalType, Role};
///
/// let a = CreateRoleBinding::service_account(
///     "6f1c2d3e-0000-4000-8000-000000000003",
///     Grant::organization(Role::OrgManager),
/// );
/// let b = CreateRoleBinding::new(
///     PrincipalType::User,
///     "6f1c2d3e-0000-4000-8000-000000000001",
///     Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectViewer),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct CreateRoleBinding {
    pub(super) principal_type: PrincipalType,
    pub(super) principal_id: String,
    pub(super) grant: Grant,
}

impl CreateRoleBinding {
    /// Grants `grant` to the principal `principal_type`/`principal_id`.
    ///
    /// ```
    /// use pinecone_admin::{CreateRoleBinding, Grant, Role};
    /// let r = CreateRoleBinding::new("invite", "6f1c2d3e-0000-4000-8000-000000000004",
    ///                                Grant::organization(Role::OrgMember));
    /// ```
    pub fn new(
        principal_type: impl Into<PrincipalType>,
        principal_id: impl Into<String>,
        grant: Grant,
    ) -> Self {
        Self {
            principal_type: principal_type.into(),
            principal_id: principal_id.into(),
            grant,
        }
    }

    /// Grants `grant` to a user.
    ///
    /// ```
    /// use pinecone_admin::{CreateRoleBinding, Grant, Role};
    /// let r = CreateRoleBinding::user("6f1c2d3e-0000-4000-8000-000000000001",
    ///                                 Grant::organization(Role::OrgManager));
    /// ```
    pub fn user(user_id: impl Into<String>, grant: Grant) -> Self {
        Self::new(PrincipalType::User, user_id, grant)
    }

    /// Grants `grant` to a service account.
    ///
    /// ```
    /// use pinecone_admin::{CreateRoleBinding, Grant, Role};
    /// let r = CreateRoleBinding::service_account("6f1c2d3e-0000-4000-8000-000000000003",
    ///     Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectEditor));
    /// ```
    pub fn service_account(service_account_id: impl Into<String>, grant: Grant) -> Self {
        Self::new(PrincipalType::ServiceAccount, service_account_id, grant)
    }

    /// Grants `grant` to a project API key (its own project only).
    ///
    /// ```
    /// use pinecone_admin::{CreateRoleBinding, Grant, Role};
    /// let r = CreateRoleBinding::api_key("3d1a0c5e-1111-2222-3333-444455556666",
    ///     Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::DataPlaneViewer));
    /// ```
    pub fn api_key(api_key_id: impl Into<String>, grant: Grant) -> Self {
        Self::new(PrincipalType::ApiKey, api_key_id, grant)
    }

    /// Grants `grant` to a pending invite.
    ///
    /// ```
    /// use pinecone_admin::{CreateRoleBinding, Grant, Role};
    /// let r = CreateRoleBinding::invite("6f1c2d3e-0000-4000-8000-000000000004",
    ///     Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectViewer));
    /// ```
    pub fn invite(invite_id: impl Into<String>, grant: Grant) -> Self {
        Self::new(PrincipalType::Invite, invite_id, grant)
    }

    pub(super) fn validate(&self) -> Result<()> {
        validate::id("principal_type", self.principal_type.as_str())?;
        validate::id("principal_id", &self.principal_id)?;
        self.grant.validate("grant")
    }

    pub(super) fn to_raw(&self) -> raw::CreateRoleBindingRequest {
        let input = self.grant.to_raw();
        raw::CreateRoleBindingRequest {
            principal_id: self.principal_id.clone(),
            principal_type: self.principal_type.as_str().to_owned(),
            resource_id: input.resource_id,
            resource_type: input.resource_type,
            role: input.role,
        }
    }
}

/// Narrows a role-binding listing. Every filter is optional; `principal_id` needs
/// `principal_type`, and `resource_id` needs `resource_type` (checked before sending).
///
/// ```
/// use pinecone_admin::{PrincipalType, ResourceType, Role, RoleBindingFilter};
///
/// let all = RoleBindingFilter::new();
/// let of_user = RoleBindingFilter::new().principal(PrincipalType::User, "6f1c2d3e-0000-4000-8000-000000000001");
/// let project_editors = RoleBindingFilter::new()
///     .resource(ResourceType::Project, "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1")
///     .role(Role::ProjectEditor);
/// let service_accounts = RoleBindingFilter::new().principal_type(PrincipalType::ServiceAccount);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct RoleBindingFilter {
    pub(super) principal_type: Option<PrincipalType>,
    pub(super) principal_id: Option<String>,
    pub(super) resource_type: Option<ResourceType>,
    pub(super) resource_id: Option<String>,
    pub(super) role: Option<Role>,
}

impl RoleBindingFilter {
    /// No filter: every binding of the organization.
    ///
    /// ```
    /// let f = pinecone_admin::RoleBindingFilter::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Only bindings of this principal.
    ///
    /// ```
    /// use pinecone_admin::{PrincipalType, RoleBindingFilter};
    /// let f = RoleBindingFilter::new().principal(PrincipalType::ApiKey, "3d1a0c5e-1111-2222-3333-444455556666");
    /// ```
    pub fn principal(
        self,
        principal_type: impl Into<PrincipalType>,
        principal_id: impl Into<String>,
    ) -> Self {
        self.principal_type(principal_type)
            .principal_id(principal_id)
    }

    /// Only bindings of this kind of principal.
    ///
    /// ```
    /// use pinecone_admin::{PrincipalType, RoleBindingFilter};
    /// let f = RoleBindingFilter::new().principal_type(PrincipalType::Invite);
    /// ```
    pub fn principal_type(mut self, principal_type: impl Into<PrincipalType>) -> Self {
        self.principal_type = Some(principal_type.into());
        self
    }

    /// Only bindings of the principal with this id (requires
    /// [`principal_type`](Self::principal_type)).
    ///
    /// ```
    /// use pinecone_admin::RoleBindingFilter;
    /// let f = RoleBindingFilter::new().principal_type("user").principal_id("6f1c2d3e-0000-4000-8000-000000000001");
    /// ```
    pub fn principal_id(mut self, principal_id: impl Into<String>) -> Self {
        self.principal_id = Some(principal_id.into());
        self
    }

    /// Only bindings on this resource.
    ///
    /// ```
    /// use pinecone_admin::{ResourceType, RoleBindingFilter};
    /// let f = RoleBindingFilter::new().resource(ResourceType::Project, "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1");
    /// ```
    pub fn resource(
        self,
        resource_type: impl Into<ResourceType>,
        resource_id: impl Into<String>,
    ) -> Self {
        self.resource_type(resource_type).resource_id(resource_id)
    }

    /// Only bindings of this scope.
    ///
    /// ```
    /// use pinecone_admin::{ResourceType, RoleBindingFilter};
    /// let f = RoleBindingFilter::new().resource_type(ResourceType::Organization);
    /// ```
    pub fn resource_type(mut self, resource_type: impl Into<ResourceType>) -> Self {
        self.resource_type = Some(resource_type.into());
        self
    }

    /// Only bindings on the resource with this id (requires
    /// [`resource_type`](Self::resource_type)).
    ///
    /// ```
    /// use pinecone_admin::RoleBindingFilter;
    /// let f = RoleBindingFilter::new().resource_type("project").resource_id("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1");
    /// ```
    pub fn resource_id(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }

    /// Only bindings granting this role.
    ///
    /// ```
    /// use pinecone_admin::{Role, RoleBindingFilter};
    /// let f = RoleBindingFilter::new().role(Role::OrgOwner);
    /// ```
    pub fn role(mut self, role: impl Into<Role>) -> Self {
        self.role = Some(role.into());
        self
    }

    pub(super) fn validate(&self) -> Result<()> {
        if let Some(t) = &self.principal_type {
            validate::id("principal_type", t.as_str())?;
        }
        if let Some(id) = &self.principal_id {
            validate::id("principal_id", id)?;
            if self.principal_type.is_none() {
                return Err(Error::validation(
                    "principal_id",
                    "requires principal_type (use RoleBindingFilter::principal)",
                ));
            }
        }
        if let Some(t) = &self.resource_type {
            validate::id("resource_type", t.as_str())?;
        }
        if let Some(id) = &self.resource_id {
            validate::id("resource_id", id)?;
            if self.resource_type.is_none() {
                return Err(Error::validation(
                    "resource_id",
                    "requires resource_type (use RoleBindingFilter::resource)",
                ));
            }
        }
        if let Some(role) = &self.role {
            validate::id("role", role.as_str())?;
        }
        Ok(())
    }
}
