//! The live organization, read through the facade's public API.

use futures::TryStreamExt;
use pinecone_admin::{
    Admin, ApiKey, Invite, InviteStatus, PrincipalType, Project, RoleBinding, RoleBindingFilter,
    ServiceAccount, User, UserFilter,
};

/// Everything `plan` and `export` compare: read once, before any change.
#[derive(Debug, Clone, Default)]
pub struct LiveState {
    /// The organizations the credentials can see (for the organization id guard).
    pub organization_ids: Vec<String>,
    /// Projects with their API keys.
    pub projects: Vec<(Project, Vec<ApiKey>)>,
    /// Service accounts.
    pub service_accounts: Vec<ServiceAccount>,
    /// Users.
    pub users: Vec<User>,
    /// Invites not yet accepted (pending or expired).
    pub invites: Vec<Invite>,
    /// Role bindings of users, service accounts and invites (API keys' roles are on the keys).
    pub bindings: Vec<RoleBinding>,
}

impl LiveState {
    /// Reads the organization.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let live = pinecone_admin_plan::LiveState::read(&admin).await?;
    /// println!("{} projects", live.projects.len());
    /// # Ok(()) }
    /// ```
    pub async fn read(admin: &Admin) -> pinecone_admin::Result<Self> {
        let organization_ids = admin
            .organizations()
            .list()
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect();
        let mut projects = Vec::new();
        for project in admin.projects().list().await? {
            let keys = admin.api_keys().list(&project.id).await?;
            projects.push((project, keys));
        }
        projects.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        let service_accounts = admin.service_accounts().list().try_collect().await?;
        let users = admin.users().list(UserFilter::all()).try_collect().await?;
        let invites: Vec<Invite> = admin.invites().list().try_collect().await?;
        let invites = invites
            .into_iter()
            .filter(|i| i.status != InviteStatus::Processed)
            .collect();
        let mut bindings = Vec::new();
        for kind in [
            PrincipalType::User,
            PrincipalType::ServiceAccount,
            PrincipalType::Invite,
        ] {
            let mut page: Vec<RoleBinding> = admin
                .role_bindings()
                .list(RoleBindingFilter::new().principal_type(kind))
                .try_collect()
                .await?;
            bindings.append(&mut page);
        }
        Ok(Self {
            organization_ids,
            projects,
            service_accounts,
            users,
            invites,
            bindings,
        })
    }

    /// The bindings of one principal.
    pub fn bindings_of<'a>(
        &'a self,
        kind: &'a PrincipalType,
        id: &'a str,
    ) -> impl Iterator<Item = &'a RoleBinding> + 'a {
        self.bindings
            .iter()
            .filter(move |b| &b.principal_type == kind && b.principal_id == id)
    }

    /// The name of the project with this id, if it is unique by name.
    pub fn project_name(&self, id: &str) -> Option<&str> {
        self.projects
            .iter()
            .find(|(p, _)| p.id == id)
            .map(|(p, _)| p.name.as_str())
    }
}
