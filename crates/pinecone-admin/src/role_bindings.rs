//! Role bindings: which role a principal (user, service account, API key, invite) holds on
//! the organization or on one project. List (with filters), create, describe, delete.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use futures::TryStreamExt;
//! use pinecone_admin::{CreateRoleBinding, Grant, PrincipalType, Role, RoleBindingFilter};
//!
//! let user_id = "6f1c2d3e-0000-4000-8000-000000000001";
//! let project_id = "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1";
//! let binding = admin
//!     .role_bindings()
//!     .create(CreateRoleBinding::user(user_id, Grant::project(project_id, Role::ProjectEditor)))
//!     .await?;
//!
//! let of_user: Vec<_> = admin
//!     .role_bindings()
//!     .list(RoleBindingFilter::new().principal(PrincipalType::User, user_id))
//!     .try_collect()
//!     .await?;
//! # Ok(()) }
//! ```

use std::sync::Arc;

use admin_api_raw::admin::types as raw;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::models::{lenient_timestamp, null_as_default};
use crate::pagination::{failed, paginate, ListStream, Page, PageRequest, Paged, MAX_PAGE_SIZE};
use crate::transport::{wire, Op};
use crate::validate;
use crate::{Admin, ApiKeyRole};

/// Defines an open enum: known values as variants, anything else kept in `Other(String)`,
/// (de)serialised as the plain wire string. The API's `x-enum` fields are open sets.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know, kept as the server sent it.
            Other(String),
        }

        impl $name {
            #[doc = concat!(
                "The values known to this version of the crate.\n\n```\nassert!(!pinecone_admin::",
                stringify!($name), "::KNOWN.is_empty());\n```"
            )]
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant, )+ ];

            #[doc = concat!(
                "The wire value.\n\n```\nlet v = pinecone_admin::", stringify!($name),
                "::from(\"SomethingNew\");\nassert_eq!(v.as_str(), \"SomethingNew\");\n```"
            )]
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(other) => other,
                }
            }

            #[doc = concat!(
                "`false` for [`Other`](", stringify!($name), "::Other) values.\n\n```\n",
                "assert!(!pinecone_admin::", stringify!($name), "::from(\"SomethingNew\").is_known());\n```"
            )]
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(value: String) -> Self {
                match $name::from(value.as_str()) {
                    $name::Other(_) => $name::Other(value),
                    known => known,
                }
            }
        }

        impl ::std::convert::From<&String> for $name {
            fn from(value: &String) -> Self {
                $name::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map($name::from)
            }
        }
    };
}
pub(crate) use open_enum;

/// The value of an open-enum field the server left out: `Other("")`.
pub(crate) fn unknown<T: From<String>>() -> T {
    T::from(String::new())
}

/// Decodes an open-enum field, `null` becoming `Other("")`.
pub(crate) fn null_as_unknown<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: From<String>,
{
    Ok(Option::<String>::deserialize(deserializer)?.map_or_else(unknown, T::from))
}

open_enum! {
    /// A role that a role binding grants.
    ///
    /// Organization roles (`Org*`) go with organization scope, the others with project scope.
    /// Values this crate does not know are kept in [`Role::Other`].
    ///
    /// ```
    /// use pinecone_admin::Role;
    ///
    /// assert_eq!(Role::from("OrgMember"), Role::OrgMember);
    /// assert!(Role::OrgMember.is_organization_role());
    /// assert!(Role::ProjectViewer.is_project_role());
    /// assert_eq!(Role::from("FutureRole"), Role::Other("FutureRole".into()));
    /// ```
    pub enum Role {
        /// Full control of the organization.
        OrgOwner => "OrgOwner",
        /// Manages the organization's members and projects.
        OrgManager => "OrgManager",
        /// A plain member of the organization.
        OrgMember => "OrgMember",
        /// Manages billing.
        OrgBillingAdmin => "OrgBillingAdmin",
        /// Full control of one project.
        ProjectOwner => "ProjectOwner",
        /// Manages one project.
        ProjectManager => "ProjectManager",
        /// A member of one project.
        ProjectMember => "ProjectMember",
        /// Edits one project's control and data planes.
        ProjectEditor => "ProjectEditor",
        /// Reads one project.
        ProjectViewer => "ProjectViewer",
        /// Manages one project's indexes, collections and backups.
        ControlPlaneEditor => "ControlPlaneEditor",
        /// Reads one project's control-plane resources.
        ControlPlaneViewer => "ControlPlaneViewer",
        /// Reads and writes one project's data.
        DataPlaneEditor => "DataPlaneEditor",
        /// Reads one project's data.
        DataPlaneViewer => "DataPlaneViewer",
    }
}

impl Role {
    /// A known organization-scoped role (`OrgOwner`, `OrgManager`, `OrgMember`,
    /// `OrgBillingAdmin`); each of them makes its holder a member of the organization.
    ///
    /// ```
    /// assert!(pinecone_admin::Role::OrgBillingAdmin.is_organization_role());
    /// ```
    pub fn is_organization_role(&self) -> bool {
        matches!(
            self,
            Role::OrgOwner | Role::OrgManager | Role::OrgMember | Role::OrgBillingAdmin
        )
    }

    /// A known project-scoped role.
    ///
    /// ```
    /// assert!(pinecone_admin::Role::DataPlaneViewer.is_project_role());
    /// ```
    pub fn is_project_role(&self) -> bool {
        self.is_known() && !self.is_organization_role()
    }
}

impl From<ApiKeyRole> for Role {
    fn from(role: ApiKeyRole) -> Self {
        Role::from(role.as_str())
    }
}

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

open_enum! {
    /// The scope of a role binding.
    ///
    /// ```
    /// use pinecone_admin::ResourceType;
    /// assert_eq!(ResourceType::Project.to_string(), "project");
    /// ```
    pub enum ResourceType {
        /// The whole organization.
        Organization => "organization",
        /// One project (`resource_id` is its id).
        Project => "project",
    }
}

/// A role on a scope: what a new invite, service account or role binding is granted.
///
/// ```
/// use pinecone_admin::{Grant, Role};
///
/// let member = Grant::organization(Role::OrgMember);
/// let editor = Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectEditor);
/// assert_eq!(editor.resource_id.as_deref(), Some("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Grant {
    /// The scope.
    pub resource_type: ResourceType,
    /// The project id for project scope; `None` for organization scope (the caller's).
    pub resource_id: Option<String>,
    /// The role.
    pub role: Role,
}

impl Grant {
    /// A role on the caller's organization.
    ///
    /// ```
    /// let g = pinecone_admin::Grant::organization(pinecone_admin::Role::OrgManager);
    /// ```
    pub fn organization(role: impl Into<Role>) -> Self {
        Self {
            resource_type: ResourceType::Organization,
            resource_id: None,
            role: role.into(),
        }
    }

    /// A role on one project.
    ///
    /// ```
    /// use pinecone_admin::{Grant, Role};
    /// let g = Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectViewer);
    /// ```
    pub fn project(project_id: impl Into<String>, role: impl Into<Role>) -> Self {
        Self {
            resource_type: ResourceType::Project,
            resource_id: Some(project_id.into()),
            role: role.into(),
        }
    }

    /// Any scope, for values this crate does not know yet.
    ///
    /// ```
    /// use pinecone_admin::{Grant, ResourceType, Role};
    /// let g = Grant::new(ResourceType::from("workspace"), Some("w-1".to_string()), Role::from("WorkspaceAdmin"));
    /// ```
    pub fn new(
        resource_type: impl Into<ResourceType>,
        resource_id: Option<String>,
        role: impl Into<Role>,
    ) -> Self {
        Self {
            resource_type: resource_type.into(),
            resource_id,
            role: role.into(),
        }
    }

    /// Checks the grant; `field` prefixes the names in errors (e.g. `role_bindings[0]`).
    pub(crate) fn validate(&self, field: &str) -> Result<()> {
        validate::id(
            &format!("{field}.resource_type"),
            self.resource_type.as_str(),
        )?;
        validate::id(&format!("{field}.role"), self.role.as_str())?;
        if let Some(id) = &self.resource_id {
            validate::id(&format!("{field}.resource_id"), id)?;
        }
        match self.resource_type {
            ResourceType::Project => {
                if self.resource_id.is_none() {
                    return Err(Error::validation(
                        format!("{field}.resource_id"),
                        "is required for a project-scoped role (the project id)",
                    ));
                }
                if self.role.is_organization_role() {
                    return Err(Error::validation(
                        format!("{field}.role"),
                        format!(
                            "{} is an organization role; it cannot be granted on a project",
                            self.role
                        ),
                    ));
                }
            }
            ResourceType::Organization if self.role.is_project_role() => {
                return Err(Error::validation(
                    format!("{field}.role"),
                    format!(
                        "{} is a project role; grant it on a project (Grant::project)",
                        self.role
                    ),
                ));
            }
            _ => {}
        }
        Ok(())
    }

    pub(crate) fn to_raw(&self) -> raw::RoleBindingInput {
        raw::RoleBindingInput {
            resource_type: self.resource_type.as_str().to_owned(),
            resource_id: self.resource_id.clone(),
            role: self.role.as_str().to_owned(),
        }
    }
}

/// Checks a list of grants (`field` names the list, e.g. `role_bindings`).
pub(crate) fn validate_grants(field: &str, grants: &[Grant], min: usize, max: usize) -> Result<()> {
    if grants.len() < min || grants.len() > max {
        return Err(Error::validation(
            field,
            format!(
                "must hold {min} to {max} role bindings (got {})",
                grants.len()
            ),
        ));
    }
    for (i, grant) in grants.iter().enumerate() {
        grant.validate(&format!("{field}[{i}]"))?;
    }
    Ok(())
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
    principal_type: PrincipalType,
    principal_id: String,
    grant: Grant,
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

    fn validate(&self) -> Result<()> {
        validate::id("principal_type", self.principal_type.as_str())?;
        validate::id("principal_id", &self.principal_id)?;
        self.grant.validate("grant")
    }

    fn to_raw(&self) -> raw::CreateRoleBindingRequest {
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
    principal_type: Option<PrincipalType>,
    principal_id: Option<String>,
    resource_type: Option<ResourceType>,
    resource_id: Option<String>,
    role: Option<Role>,
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

    fn validate(&self) -> Result<()> {
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

/// Role binding operations; get it from [`Admin::role_bindings`].
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// use futures::TryStreamExt;
/// let all: Vec<_> = admin.role_bindings().list(Default::default()).try_collect().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct RoleBindings {
    admin: Admin,
}

impl Admin {
    /// Role binding operations: who holds which role on the organization and its projects.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let binding = admin.role_bindings().describe("9a8b7c6d-0000-4000-8000-000000000002").await?;
    /// # Ok(()) }
    /// ```
    pub fn role_bindings(&self) -> RoleBindings {
        RoleBindings {
            admin: self.clone(),
        }
    }
}

async fn fetch_page(
    admin: &Admin,
    filter: &RoleBindingFilter,
    limit: Option<i64>,
    token: Option<&str>,
) -> Result<Page<RoleBinding>> {
    let principal_type = filter.principal_type.as_ref().map(PrincipalType::as_str);
    let resource_type = filter.resource_type.as_ref().map(ResourceType::as_str);
    let role = filter.role.as_ref().map(Role::as_str);
    let principal_id = filter.principal_id.as_deref();
    let resource_id = filter.resource_id.as_deref();
    let paged: Paged<RoleBinding> = admin
        .transport()
        .admin(
            Op::get("list_role_bindings", "/admin/role-bindings"),
            |c| async move {
                c.list_role_bindings(
                    limit,
                    token,
                    principal_id,
                    principal_type,
                    resource_id,
                    resource_type,
                    role,
                )
                .await
            },
        )
        .await?;
    Ok(paged.into_page())
}

impl RoleBindings {
    /// Every role binding matching `filter`, as a lazy stream that follows the pages (100
    /// per request). A bad filter is yielded as the first item (nothing is sent).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use futures::TryStreamExt;
    /// use pinecone_admin::{ResourceType, RoleBindingFilter};
    ///
    /// let mut bindings = admin.role_bindings().list(
    ///     RoleBindingFilter::new().resource(ResourceType::Project, "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1"),
    /// );
    /// while let Some(b) = bindings.try_next().await? {
    ///     println!("{} {} {}", b.principal_type, b.principal_id, b.role);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self, filter: RoleBindingFilter) -> ListStream<RoleBinding> {
        if let Err(e) = filter.validate() {
            return failed(e);
        }
        let admin = self.admin.clone();
        let filter = Arc::new(filter);
        paginate(move |token: Option<String>| {
            let admin = admin.clone();
            let filter = filter.clone();
            async move {
                fetch_page(
                    &admin,
                    &filter,
                    Some(i64::from(MAX_PAGE_SIZE)),
                    token.as_deref(),
                )
                .await
            }
        })
    }

    /// One page of the role bindings matching `filter`.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{PageRequest, Role, RoleBindingFilter};
    /// let page = admin
    ///     .role_bindings()
    ///     .list_page(&RoleBindingFilter::new().role(Role::OrgOwner), PageRequest::new().limit(20))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn list_page(
        &self,
        filter: &RoleBindingFilter,
        page: PageRequest,
    ) -> Result<Page<RoleBinding>> {
        filter.validate()?;
        page.validate()?;
        fetch_page(&self.admin, filter, page.wire_limit(), page.wire_token()).await
    }

    /// Grants a role. Never sent twice (a create is not retried once it may have reached the
    /// server).
    ///
    /// # Errors
    /// [`Error::Validation`] for a principal id that is blank or not a single path segment
    /// (see the [`crate`] docs), a project-scoped grant without a
    /// project id, or a role that does not fit its scope; [`Error::Conflict`] when the same
    /// binding exists.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{CreateRoleBinding, Grant, Role};
    /// let b = admin
    ///     .role_bindings()
    ///     .create(CreateRoleBinding::user("6f1c2d3e-0000-4000-8000-000000000001",
    ///                                     Grant::organization(Role::OrgManager)))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, request: CreateRoleBinding) -> Result<RoleBinding> {
        request.validate()?;
        let body = &request.to_raw();
        self.admin
            .transport()
            .admin(
                Op::post("create_role_binding", "/admin/role-bindings"),
                |c| async move { c.create_role_binding(body).await },
            )
            .await
    }

    /// Describes a role binding.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let b = admin.role_bindings().describe("9a8b7c6d-0000-4000-8000-000000000002").await?;
    /// # Ok(()) }
    /// ```
    pub async fn describe(&self, role_binding_id: &str) -> Result<RoleBinding> {
        validate::id("role_binding_id", role_binding_id)?;
        self.admin
            .transport()
            .admin(
                Op::get(
                    "fetch_role_binding",
                    "/admin/role-bindings/{role_binding_id}",
                ),
                |c| async move { c.fetch_role_binding(role_binding_id).await },
            )
            .await
    }

    /// Deletes (revokes) a role binding. The server refuses to remove the organization's last
    /// `OrgOwner` binding, or a user's last membership binding.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// admin.role_bindings().delete("9a8b7c6d-0000-4000-8000-000000000002").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, role_binding_id: &str) -> Result<()> {
        validate::id("role_binding_id", role_binding_id)?;
        self.admin
            .transport()
            .admin(
                Op::delete(
                    "delete_role_binding",
                    "/admin/role-bindings/{role_binding_id}",
                ),
                |c| async move { c.delete_role_binding(role_binding_id).await },
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: Result<()>) -> String {
        match r {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn open_enums_round_trip() {
        for role in Role::KNOWN {
            let json = serde_json::to_string(role).unwrap();
            assert_eq!(&serde_json::from_str::<Role>(&json).unwrap(), role);
        }
        assert_eq!(Role::KNOWN.len(), 13);
        let other: PrincipalType = serde_json::from_str("\"robot\"").unwrap();
        assert_eq!(other, PrincipalType::Other("robot".into()));
        assert_eq!(serde_json::to_string(&other).unwrap(), "\"robot\"");
        assert_eq!(
            Role::from(ApiKeyRole::DataPlaneViewer),
            Role::DataPlaneViewer
        );
        assert!(!Role::from("New").is_project_role());
    }

    #[test]
    fn grants_are_checked() {
        assert!(Grant::organization(Role::OrgMember).validate("g").is_ok());
        assert!(Grant::project("p", Role::ProjectEditor)
            .validate("g")
            .is_ok());
        let no_id = Grant::new(ResourceType::Project, None, Role::ProjectEditor);
        assert_eq!(field(no_id.validate("g")), "g.resource_id");
        assert_eq!(
            field(Grant::project("p", Role::OrgOwner).validate("g")),
            "g.role"
        );
        assert_eq!(
            field(Grant::organization(Role::ProjectViewer).validate("g")),
            "g.role"
        );
        assert_eq!(
            field(Grant::project(" ", "X").validate("g")),
            "g.resource_id"
        );
        assert_eq!(field(Grant::organization("").validate("g")), "g.role");
        // Unknown roles and scopes are left to the server.
        assert!(Grant::organization("OrgAuditor").validate("g").is_ok());
        assert!(Grant::new("workspace", None, "X").validate("g").is_ok());
    }

    #[test]
    fn filters_are_checked() {
        assert!(RoleBindingFilter::new().validate().is_ok());
        assert!(RoleBindingFilter::new()
            .principal("user", "u")
            .resource("project", "p")
            .role("ProjectEditor")
            .validate()
            .is_ok());
        assert_eq!(
            field(RoleBindingFilter::new().principal_id("u").validate()),
            "principal_id"
        );
        assert_eq!(
            field(RoleBindingFilter::new().resource_id("p").validate()),
            "resource_id"
        );
        assert_eq!(
            field(RoleBindingFilter::new().principal("user", "").validate()),
            "principal_id"
        );
    }

    #[test]
    fn create_body() {
        let body = serde_json::to_value(
            CreateRoleBinding::user("u", Grant::organization(Role::OrgMember)).to_raw(),
        )
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"principal_type": "user", "principal_id": "u",
                               "resource_type": "organization", "role": "OrgMember"})
        );
    }
}
