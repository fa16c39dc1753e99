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

mod handle;
mod models;

pub use handle::RoleBindings;
pub use models::{CreateRoleBinding, PrincipalType, RoleBinding, RoleBindingFilter};

#[cfg(test)]
mod tests {
    use super::models::*;
    use crate::error::{Error, Result};
    use crate::models::{ApiKeyRole, Grant, ResourceType, Role};

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
