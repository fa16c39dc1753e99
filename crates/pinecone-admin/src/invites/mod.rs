//! Invites: list, create, describe, delete (withdraw), resend.
//!
//! An invite carries role bindings; at least one must be an organization-scoped membership
//! role (`OrgOwner`, `OrgManager`, `OrgMember` or `OrgBillingAdmin`). When the invitee
//! accepts, they become a user holding those bindings.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use pinecone_admin::{CreateInvite, Role};
//!
//! let invite = admin
//!     .invites()
//!     .create(
//!         CreateInvite::new("new.teammate@example.com")
//!             .organization_role(Role::OrgMember)
//!             .project_role("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectEditor),
//!     )
//!     .await?;
//! println!("invited {} ({}), expires {:?}", invite.email, invite.status, invite.expires_at);
//! # Ok(()) }
//! ```

use admin_api_raw::admin::types as raw;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::{Error, Result};
use crate::models::{lenient_timestamp, null_as_default};
use crate::models::{null_as_unknown, open_enum, unknown, validate_grants, Grant, Role};
use crate::pagination::{paginate, ListStream, Page, PageRequest, Paged, MAX_PAGE_SIZE};
use crate::transport::{wire, Op};
use crate::users;
use crate::validate;

mod handle;
mod models;

pub use handle::Invites;
pub use models::*;

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
    fn invites_are_checked() {
        let ok = CreateInvite::new("a@b.co").organization_role(Role::OrgMember);
        assert!(ok.validate().is_ok());
        assert_eq!(
            field(
                CreateInvite::new("nope")
                    .organization_role(Role::OrgMember)
                    .validate()
            ),
            "email"
        );
        assert_eq!(
            field(CreateInvite::new("a@b.co").validate()),
            "role_bindings"
        );
        assert_eq!(
            field(
                CreateInvite::new("a@b.co")
                    .project_role("p", Role::ProjectEditor)
                    .validate()
            ),
            "role_bindings"
        );
        let too_many = CreateInvite::new("a@b.co")
            .organization_role(Role::OrgMember)
            .grants((0..100).map(|i| Grant::project(format!("p{i}"), Role::ProjectViewer)));
        assert_eq!(field(too_many.validate()), "role_bindings");
        let missing_id = CreateInvite::new("a@b.co")
            .organization_role(Role::OrgMember)
            .grant(Grant::new(
                crate::ResourceType::Project,
                None,
                Role::ProjectViewer,
            ));
        assert_eq!(field(missing_id.validate()), "role_bindings[1].resource_id");
        // A future organization role is left to the server.
        assert!(CreateInvite::new("a@b.co")
            .organization_role("OrgAuditor")
            .validate()
            .is_ok());
    }

    #[test]
    fn tolerant_invite() {
        let i: Invite = serde_json::from_str(
            r#"{"id":"i","email":"a@b.co","status":"archived","expires_at":null,"created_at":"2026-01-02T03:04:05Z"}"#,
        )
        .unwrap();
        assert_eq!(i.status, InviteStatus::Other("archived".into()));
        assert!(i.created_at.is_some());
        let i: Invite = serde_json::from_str(r#"{"id":"i","status":null}"#).unwrap();
        assert_eq!(i.status, InviteStatus::Other(String::new()));
    }
}
