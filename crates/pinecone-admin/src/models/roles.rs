//! Roles and scopes shared by several resources: the organization and project [`Role`]s, the
//! roles of a project API key ([`ApiKeyRole`]), and a [`Grant`] of a role on a scope.

use admin_api_raw::admin::types as raw;
use serde::{Deserialize, Serialize};

use super::open_enum::open_enum;
use crate::error::{Error, Result};
use crate::validate;

open_enum! {
    known_array;
    /// A role of a project API key.
    ///
    /// The six roles known today have variants; any other value the server sends (or that you
    /// need to send before this crate knows it) is kept in [`ApiKeyRole::Other`], so new roles
    /// never break decoding. Serialises as the plain string.
    ///
    /// ```
    /// use pinecone_admin::ApiKeyRole;
    ///
    /// assert_eq!(ApiKeyRole::from("DataPlaneViewer"), ApiKeyRole::DataPlaneViewer);
    /// assert_eq!(ApiKeyRole::from("FutureRole"), ApiKeyRole::Other("FutureRole".into()));
    /// assert_eq!(ApiKeyRole::ProjectEditor.to_string(), "ProjectEditor");
    /// ```
    pub enum ApiKeyRole {
        /// Full access to the project's control and data planes (the server's default).
        ProjectEditor => "ProjectEditor",
        /// Read-only access to the project.
        ProjectViewer => "ProjectViewer",
        /// Manage indexes, collections and backups.
        ControlPlaneEditor => "ControlPlaneEditor",
        /// Read control-plane resources.
        ControlPlaneViewer => "ControlPlaneViewer",
        /// Read and write data.
        DataPlaneEditor => "DataPlaneEditor",
        /// Read data.
        DataPlaneViewer => "DataPlaneViewer",
    }
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
