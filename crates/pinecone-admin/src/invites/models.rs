//! The invites models and request types.

use super::*;

/// Most role bindings an invite may carry.
pub(super) const INVITE_BINDINGS_MAX: usize = 100;

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
    pub(super) email: String,
    pub(super) grants: Vec<Grant>,
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

    pub(super) fn validate(&self) -> Result<()> {
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

    pub(super) fn to_raw(&self) -> raw::CreateInviteRequest {
        raw::CreateInviteRequest {
            email: self.email.clone(),
            role_bindings: self.grants.iter().map(Grant::to_raw).collect(),
        }
    }
}
