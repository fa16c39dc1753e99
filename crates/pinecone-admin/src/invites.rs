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

/// Most role bindings an invite may carry.
const INVITE_BINDINGS_MAX: usize = 100;

open_enum! {
    /// Where an invite stands.
    ///
    /// ```
    /// use pinecone_admin::InviteStatus;
    /// assert_eq!(InviteStatus::from("pending"), InviteStatus::Pending);
    /// assert_eq!(InviteStatus::Processed.as_str(), "processed");
    /// ```
    pub enum InviteStatus {
        /// Sent, not accepted yet, not expired.
        Pending => "pending",
        /// Not accepted in time; resending renews it.
        Expired => "expired",
        /// Accepted: the invitee is now a user.
        Processed => "processed",
    }
}

/// An invite to join the organization.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let invite = admin.invites().describe("5e4d3c2b-0000-4000-8000-000000000005").await?;
/// println!("{} {} {:?}", invite.email, invite.status, invite.expires_at);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Invite {
    /// The invite id (also the principal id of its role bindings).
    pub id: String,
    /// The invitee's email address.
    #[serde(default, deserialize_with = "null_as_default")]
    pub email: String,
    /// Pending, expired or processed.
    #[serde(default = "unknown", deserialize_with = "null_as_unknown")]
    pub status: InviteStatus,
    /// When it lapses unless accepted (`None` for an invite without expiry).
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was accepted.
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub processed_at: Option<DateTime<Utc>>,
    /// When it was created.
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
}

impl From<raw::Invite> for Invite {
    fn from(i: raw::Invite) -> Self {
        Self {
            id: i.id,
            email: i.email,
            status: i.status.into(),
            expires_at: i.expires_at,
            processed_at: i.processed_at,
            created_at: Some(i.created_at),
        }
    }
}

impl From<raw::InviteList> for Paged<Invite> {
    fn from(list: raw::InviteList) -> Self {
        Paged::from_parts(
            list.data.into_iter().map(Invite::from).collect(),
            list.pagination.and_then(|p| p.next),
        )
    }
}

wire!(
    Invite => raw::Invite,
    Paged<Invite> => raw::InviteList,
);

/// A new invite: an email address and 1 to 100 role bindings, at least one of them an
/// organization-scoped membership role.
///
/// ```
/// use pinecone_admin::{CreateInvite, Grant, Role};
///
/// let request = CreateInvite::new("new.teammate@example.com")
///     .organization_role(Role::OrgMember)
///     .grant(Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectViewer));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct CreateInvite {
    email: String,
    grants: Vec<Grant>,
}

impl CreateInvite {
    /// An invite for `email`; add its roles with [`grant`](Self::grant),
    /// [`organization_role`](Self::organization_role) or [`project_role`](Self::project_role).
    ///
    /// ```
    /// let request = pinecone_admin::CreateInvite::new("dev@example.com")
    ///     .organization_role(pinecone_admin::Role::OrgMember);
    /// ```
    pub fn new(email: impl Into<String>) -> Self {
        Self {
            email: email.into(),
            grants: Vec::new(),
        }
    }

    /// Adds a role binding.
    ///
    /// ```
    /// use pinecone_admin::{CreateInvite, Grant, Role};
    /// let request = CreateInvite::new("dev@example.com").grant(Grant::organization(Role::OrgManager));
    /// ```
    pub fn grant(mut self, grant: Grant) -> Self {
        self.grants.push(grant);
        self
    }

    /// Adds several role bindings.
    ///
    /// ```
    /// use pinecone_admin::{CreateInvite, Grant, Role};
    /// let request = CreateInvite::new("dev@example.com").grants([
    ///     Grant::organization(Role::OrgMember),
    ///     Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectEditor),
    /// ]);
    /// ```
    pub fn grants(mut self, grants: impl IntoIterator<Item = Grant>) -> Self {
        self.grants.extend(grants);
        self
    }

    /// Adds an organization-scoped role.
    ///
    /// ```
    /// let request = pinecone_admin::CreateInvite::new("dev@example.com")
    ///     .organization_role(pinecone_admin::Role::OrgBillingAdmin);
    /// ```
    pub fn organization_role(self, role: impl Into<Role>) -> Self {
        self.grant(Grant::organization(role))
    }

    /// Adds a role on a project.
    ///
    /// ```
    /// use pinecone_admin::{CreateInvite, Role};
    /// let request = CreateInvite::new("dev@example.com")
    ///     .organization_role(Role::OrgMember)
    ///     .project_role("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectViewer);
    /// ```
    pub fn project_role(self, project_id: impl Into<String>, role: impl Into<Role>) -> Self {
        self.grant(Grant::project(project_id, role))
    }

    fn validate(&self) -> Result<()> {
        users::email("email", &self.email)?;
        validate_grants("role_bindings", &self.grants, 1, INVITE_BINDINGS_MAX)?;
        // A membership role this crate knows, or an organization role it does not know yet
        // (left for the server to judge).
        let has_membership = self.grants.iter().any(|g| {
            g.resource_type == crate::ResourceType::Organization
                && (g.role.is_organization_role() || !g.role.is_known())
        });
        if !has_membership {
            return Err(Error::validation(
                "role_bindings",
                "must include an organization-scoped membership role (OrgOwner, OrgManager, \
                 OrgMember or OrgBillingAdmin), e.g. Grant::organization(Role::OrgMember)",
            ));
        }
        Ok(())
    }

    fn to_raw(&self) -> raw::CreateInviteRequest {
        raw::CreateInviteRequest {
            email: self.email.clone(),
            role_bindings: self.grants.iter().map(Grant::to_raw).collect(),
        }
    }
}

/// Invite operations; get it from [`Admin::invites`].
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// use futures::TryStreamExt;
/// let open: Vec<_> = admin.invites().list().try_collect().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Invites {
    admin: Admin,
}

impl Invites {
    pub(crate) fn new(admin: Admin) -> Self {
        Self { admin }
    }
}

async fn fetch_page(
    admin: &Admin,
    limit: Option<i64>,
    token: Option<&str>,
) -> Result<Page<Invite>> {
    let paged: Paged<Invite> = admin
        .transport()
        .admin(Op::get("list_invites", "/admin/invites"), |c| async move {
            c.list_invites(limit, token).await
        })
        .await?;
    Ok(paged.into_page())
}

impl Invites {
    /// Every open (pending or expired) invite, as a lazy stream that follows the pages (100
    /// per request).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use futures::TryStreamExt;
    /// let mut invites = admin.invites().list();
    /// while let Some(invite) = invites.try_next().await? {
    ///     println!("{} {}", invite.email, invite.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListStream<Invite> {
        let admin = self.admin.clone();
        paginate("invites", move |token: Option<String>| {
            let admin = admin.clone();
            async move { fetch_page(&admin, Some(i64::from(MAX_PAGE_SIZE)), token.as_deref()).await }
        })
    }

    /// One page of open invites.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let page = admin.invites().list_page(pinecone_admin::PageRequest::new().limit(10)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn list_page(&self, page: PageRequest) -> Result<Page<Invite>> {
        page.validate()?;
        fetch_page(&self.admin, page.wire_limit(), page.wire_token()).await
    }

    /// Invites someone by email (the server sends the email). Never sent twice.
    ///
    /// # Errors
    /// [`Error::Validation`] for a malformed email, no or more than 100 role bindings, no
    /// organization membership role, or a project binding without a project id;
    /// [`Error::Conflict`] when the address already belongs to a member or has a pending
    /// invite; [`Error::RateLimited`] when the organization sent too many invites this hour.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{CreateInvite, Role};
    /// let invite = admin
    ///     .invites()
    ///     .create(CreateInvite::new("dev@example.com").organization_role(Role::OrgMember))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, request: CreateInvite) -> Result<Invite> {
        request.validate()?;
        let body = &request.to_raw();
        self.admin
            .transport()
            .admin(
                Op::post("create_invite", "/admin/invites"),
                |c| async move { c.create_invite(body).await },
            )
            .await
    }

    /// Describes an invite (any status).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let invite = admin.invites().describe("5e4d3c2b-0000-4000-8000-000000000005").await?;
    /// # Ok(()) }
    /// ```
    pub async fn describe(&self, invite_id: &str) -> Result<Invite> {
        validate::id("invite_id", invite_id)?;
        self.admin
            .transport()
            .admin(
                Op::get("fetch_invite", "/admin/invites/{invite_id}"),
                |c| async move { c.fetch_invite(invite_id).await },
            )
            .await
    }

    /// Withdraws an invite nobody accepted yet (its role bindings go with it). An accepted
    /// invite answers [`Error::Conflict`]: remove the user instead.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// admin.invites().delete("5e4d3c2b-0000-4000-8000-000000000005").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, invite_id: &str) -> Result<()> {
        validate::id("invite_id", invite_id)?;
        self.admin
            .transport()
            .admin(
                Op::delete("delete_invite", "/admin/invites/{invite_id}"),
                |c| async move { c.delete_invite(invite_id).await },
            )
            .await
    }

    /// Sends the invite email again and renews the expiry. Not retried after a possible
    /// delivery (it would send a second email).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let invite = admin.invites().resend("5e4d3c2b-0000-4000-8000-000000000005").await?;
    /// println!("now expires {:?}", invite.expires_at);
    /// # Ok(()) }
    /// ```
    pub async fn resend(&self, invite_id: &str) -> Result<Invite> {
        validate::id("invite_id", invite_id)?;
        self.admin
            .transport()
            .admin(
                Op::post("resend_invite", "/admin/invites/{invite_id}/resend"),
                |c| async move { c.resend_invite(invite_id).await },
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
