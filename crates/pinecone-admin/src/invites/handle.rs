//! [`Invites`], the invites handle.

use super::*;
use admin_api_raw::ops;

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
    pub(super) admin: Admin,
}

impl Invites {
    pub(crate) fn new(admin: Admin) -> Self {
        Self { admin }
    }
}

pub(super) async fn fetch_page(
    admin: &Admin,
    limit: Option<i64>,
    token: Option<&str>,
) -> Result<Page<Invite>> {
    let paged: Paged<Invite> = admin
        .transport()
        .admin(Op::of(ops::admin::LIST_INVITES), |c| async move {
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
            .admin(Op::of(ops::admin::CREATE_INVITE), |c| async move {
                c.create_invite(body).await
            })
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
            .admin(Op::of(ops::admin::FETCH_INVITE), |c| async move {
                c.fetch_invite(invite_id).await
            })
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
            .admin(Op::of(ops::admin::DELETE_INVITE), |c| async move {
                c.delete_invite(invite_id).await
            })
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
            .admin(Op::of(ops::admin::RESEND_INVITE), |c| async move {
                c.resend_invite(invite_id).await
            })
            .await
    }
}
