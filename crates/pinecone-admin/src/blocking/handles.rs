//! The blocking resource handles: one per async handle, each method forwarding to its async
//! twin on the client's runtime.

use std::sync::Arc;

use super::{Admin, Runtime};
use std::time::Duration;

use super::ListIter;
use crate::error::Result;
use crate::{
    ApiKey, ApiKeyWithSecret, CleanupError, CleanupOptions, CleanupReport, CreateApiKey,
    CreateInvite, CreateProject, CreateRoleBinding, CreateServiceAccount, EnsuredProject, Invite,
    Organization, Page, PageRequest, Project, ProjectRef, RoleBinding, RoleBindingFilter,
    RotatedApiKey, ServiceAccount, ServiceAccountWithSecret, UpdateApiKey, UpdateOrganization,
    UpdateProject, UpdateServiceAccount, User, UserFilter,
};

/// Declares a blocking handle wrapping async handle `$async` (taken from the async client by
/// `$accessor`), and its methods: `fn` items block on the async method of the same name and
/// arguments; `iter fn` items wrap the async method's stream in a [`super::ListIter`]. The
/// forwarding calls make the compiler check that each async twin exists with the same
/// arguments and return type.
macro_rules! blocking_handle {
    (
        $(#[$meta:meta])*
        pub struct $name:ident => $async:ty;
        $(#[$acc_meta:meta])*
        accessor $accessor:ident;
        $($items:tt)*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            inner: $async,
            rt: Arc<Runtime>,
        }

        impl Admin {
            $(#[$acc_meta])*
            pub fn $accessor(&self) -> $name {
                $name {
                    inner: self.inner.$accessor(),
                    rt: self.rt.clone(),
                }
            }
        }

        impl $name {
            blocking_handle!(@items $($items)*);
        }
    };
    (@items) => {};
    (
        @items
        $(#[$meta:meta])*
        fn $method:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty;
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        pub fn $method(&self $(, $arg: $ty)*) -> $ret {
            self.rt.block_on(self.inner.$method($($arg),*))
        }
        blocking_handle!(@items $($rest)*);
    };
    (
        @items
        $(#[$meta:meta])*
        iter fn $method:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty;
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        pub fn $method(&self $(, $arg: $ty)*) -> $ret {
            ListIter::new(self.inner.$method($($arg),*), self.rt.clone())
        }
        blocking_handle!(@items $($rest)*);
    };
}

blocking_handle! {
    /// Blocking organization operations; get it from [`Admin::organizations`]. Twin of
    /// [`crate::Organizations`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let orgs = admin.organizations();
    /// let all = orgs.list()?;
    /// # Ok(()) }
    /// ```
    pub struct Organizations => crate::Organizations;

    /// Organization operations; twin of [`crate::Admin::organizations`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let orgs = admin.organizations().list()?;
    /// # Ok(()) }
    /// ```
    accessor organizations;

    /// Lists the organizations the credentials can see; twin of
    /// [`crate::Organizations::list`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// for org in admin.organizations().list()? {
    ///     println!("{}", org.name);
    /// }
    /// # Ok(()) }
    /// ```
    fn list(&self) -> Result<Vec<Organization>>;

    /// Describes one organization; twin of [`crate::Organizations::describe`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let org = admin.organizations().describe("-NM7af6f234168c4e44a")?;
    /// # Ok(()) }
    /// ```
    fn describe(&self, organization_id: &str) -> Result<Organization>;

    /// Updates an organization and returns it; twin of [`crate::Organizations::update`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::UpdateOrganization;
    /// let org = admin
    ///     .organizations()
    ///     .update("-NM7af6f234168c4e44a", UpdateOrganization::new().name("Acme Corp"))?;
    /// # Ok(()) }
    /// ```
    fn update(&self, organization_id: &str, update: UpdateOrganization) -> Result<Organization>;

    /// Deletes an organization (refused while it holds projects); twin of
    /// [`crate::Organizations::delete`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// admin.organizations().delete("-NM7af6f234168c4e44a")?;
    /// # Ok(()) }
    /// ```
    fn delete(&self, organization_id: &str) -> Result<()>;
}

blocking_handle! {
    /// Blocking project operations; get it from [`Admin::projects`]. Twin of
    /// [`crate::Projects`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let names: Vec<String> = admin.projects().list()?.into_iter().map(|p| p.name).collect();
    /// # Ok(()) }
    /// ```
    pub struct Projects => crate::Projects;

    /// Project operations; twin of [`crate::Admin::projects`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let projects = admin.projects().list()?;
    /// # Ok(()) }
    /// ```
    accessor projects;

    /// Lists every project of the organization; twin of [`crate::Projects::list`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// for project in admin.projects().list()? {
    ///     println!("{} {}", project.id, project.name);
    /// }
    /// # Ok(()) }
    /// ```
    fn list(&self) -> Result<Vec<Project>>;

    /// Creates a project, never sending it twice; twin of [`crate::Projects::create`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::CreateProject;
    /// let project = admin.projects().create(CreateProject::new("search-prod"))?;
    /// # Ok(()) }
    /// ```
    fn create(&self, request: CreateProject) -> Result<Project>;

    /// Describes a project by id; twin of [`crate::Projects::describe`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let project = admin.projects().describe("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1")?;
    /// # Ok(()) }
    /// ```
    fn describe(&self, project_id: &str) -> Result<Project>;

    /// Describes the one project named exactly `name`; twin of
    /// [`crate::Projects::describe_by_name`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let project = admin.projects().describe_by_name("search-prod")?;
    /// # Ok(()) }
    /// ```
    fn describe_by_name(&self, name: &str) -> Result<Project>;

    /// Whether a project exists, by id or by exact name; twin of
    /// [`crate::Projects::exists`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::ProjectRef;
    /// if admin.projects().exists(ProjectRef::name("search-prod"))? {
    ///     println!("already there");
    /// }
    /// # Ok(()) }
    /// ```
    fn exists(&self, project: ProjectRef) -> Result<bool>;

    /// Updates a project and returns it; twin of [`crate::Projects::update`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::UpdateProject;
    /// let project = admin
    ///     .projects()
    ///     .update("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", UpdateProject::new().max_pods(4))?;
    /// # Ok(()) }
    /// ```
    fn update(&self, project_id: &str, update: UpdateProject) -> Result<Project>;

    /// Deletes a project (refused while it holds indexes, collections, backups or
    /// assistants); twin of [`crate::Projects::delete`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// admin.projects().delete("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1")?;
    /// # Ok(()) }
    /// ```
    fn delete(&self, project_id: &str) -> Result<()>;

    /// Returns the project with `request`'s name, creating it when none exists; twin of
    /// [`crate::Projects::ensure`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::CreateProject;
    /// let ensured = admin.projects().ensure(CreateProject::new("search-prod").max_pods(2))?;
    /// println!("{} (created: {})", ensured.project.id, ensured.created);
    /// # Ok(()) }
    /// ```
    fn ensure(&self, request: CreateProject) -> Result<EnsuredProject>;

    /// Waits (blocking) until the project reads as not found, for at most `timeout`; twin of
    /// [`crate::Projects::wait_until_deleted`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use std::time::Duration;
    /// let id = "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1";
    /// admin.projects().delete(id)?;
    /// admin.projects().wait_until_deleted(id, Duration::from_secs(300))?;
    /// # Ok(()) }
    /// ```
    fn wait_until_deleted(&self, project_id: &str, timeout: Duration) -> Result<()>;

    /// Deletes a project with everything in it (indexes, collections, backups, assistants,
    /// through a temporary project key that is always deleted again), then the project;
    /// twin of [`crate::Projects::delete_with_cleanup`], whose docs give every step.
    ///
    /// Concurrency, retries and timeouts work as in the async client (they run on the
    /// client's runtime); [`CleanupOptions::on_progress`] callbacks may run on the runtime's
    /// thread.
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::CleanupOptions;
    ///
    /// let id = "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1";
    /// let plan = admin.projects().delete_with_cleanup(id, CleanupOptions::new().dry_run(true))?;
    /// println!("{plan}");
    /// let report = admin.projects().delete_with_cleanup(id, CleanupOptions::new())?;
    /// assert!(report.project_deleted);
    /// # Ok(()) }
    /// ```
    // The error type is the async twin's (which carries the report so far).
    #[allow(clippy::result_large_err)]
    fn delete_with_cleanup(
        &self,
        project_id: &str,
        options: CleanupOptions,
    ) -> std::result::Result<CleanupReport, CleanupError>;
}

blocking_handle! {
    /// Blocking project API key operations; get it from [`Admin::api_keys`]. Twin of
    /// [`crate::ApiKeys`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let keys = admin.api_keys();
    /// let all = keys.list("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1")?;
    /// # Ok(()) }
    /// ```
    pub struct ApiKeys => crate::ApiKeys;

    /// Project API key operations; twin of [`crate::Admin::api_keys`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let keys = admin.api_keys().list("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1")?;
    /// # Ok(()) }
    /// ```
    accessor api_keys;

    /// Lists a project's API keys (without their secrets); twin of [`crate::ApiKeys::list`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// for key in admin.api_keys().list("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1")? {
    ///     println!("{} {}", key.id, key.name);
    /// }
    /// # Ok(()) }
    /// ```
    fn list(&self, project_id: &str) -> Result<Vec<ApiKey>>;

    /// Creates an API key and returns it with its secret (shown only now), never sending it
    /// twice; twin of [`crate::ApiKeys::create`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::CreateApiKey;
    /// let created = admin
    ///     .api_keys()
    ///     .create("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", CreateApiKey::new("ci"))?;
    /// let value: &str = created.secret().expose();
    /// # let _ = value;
    /// # Ok(()) }
    /// ```
    fn create(&self, project_id: &str, request: CreateApiKey) -> Result<ApiKeyWithSecret>;

    /// Describes an API key (without its secret); twin of [`crate::ApiKeys::describe`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let key = admin.api_keys().describe("3d1a0c5e-1111-2222-3333-444455556666")?;
    /// # Ok(()) }
    /// ```
    fn describe(&self, api_key_id: &str) -> Result<ApiKey>;

    /// Updates an API key's name and/or roles and returns it; twin of
    /// [`crate::ApiKeys::update`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{ApiKeyRole, UpdateApiKey};
    /// let key = admin.api_keys().update(
    ///     "3d1a0c5e-1111-2222-3333-444455556666",
    ///     UpdateApiKey::new().roles([ApiKeyRole::ProjectViewer]),
    /// )?;
    /// # Ok(()) }
    /// ```
    fn update(&self, api_key_id: &str, update: UpdateApiKey) -> Result<ApiKey>;

    /// Deletes an API key; twin of [`crate::ApiKeys::delete`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// admin.api_keys().delete("3d1a0c5e-1111-2222-3333-444455556666")?;
    /// # Ok(()) }
    /// ```
    fn delete(&self, api_key_id: &str) -> Result<()>;

    /// Replaces an API key with a new one of the same name and roles, then deletes the old
    /// one; twin of [`crate::ApiKeys::rotate`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let rotated = admin.api_keys().rotate("3d1a0c5e-1111-2222-3333-444455556666")?;
    /// println!("{rotated}");
    /// let value: &str = rotated.secret().expose();
    /// # let _ = value;
    /// # Ok(()) }
    /// ```
    fn rotate(&self, api_key_id: &str) -> Result<RotatedApiKey>;
}

blocking_handle! {
    /// Blocking user operations; get it from [`Admin::users`]. Twin of [`crate::Users`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let users = admin.users();
    /// let me = users.find_by_email("me@example.com")?;
    /// # Ok(()) }
    /// ```
    pub struct Users => crate::Users;

    /// User operations; twin of [`crate::Admin::users`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// for user in admin.users().list(Default::default()) {
    ///     println!("{}", user?.email);
    /// }
    /// # Ok(()) }
    /// ```
    accessor users;

    /// Every user matching `filter`, as a lazy iterator that fetches the pages (100 per
    /// request) as it goes; twin of [`crate::Users::list`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::UserFilter;
    /// let all: Vec<_> = admin
    ///     .users()
    ///     .list(UserFilter::all())
    ///     .collect::<pinecone_admin::Result<_>>()?;
    /// let first_five: Vec<_> = admin.users().list(UserFilter::all()).take(5).collect();
    /// # let _ = (all, first_five);
    /// # Ok(()) }
    /// ```
    iter fn list(&self, filter: UserFilter) -> ListIter<User>;

    /// One page of the users matching `filter`; twin of [`crate::Users::list_page`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{PageRequest, UserFilter};
    /// let page = admin.users().list_page(&UserFilter::all(), PageRequest::new().limit(25))?;
    /// # Ok(()) }
    /// ```
    fn list_page(&self, filter: &UserFilter, page: PageRequest) -> Result<Page<User>>;

    /// The user with this email address (case-insensitive), if any; twin of
    /// [`crate::Users::find_by_email`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// if let Some(user) = admin.users().find_by_email("dev@example.com")? {
    ///     println!("{}", user.id);
    /// }
    /// # Ok(()) }
    /// ```
    fn find_by_email(&self, email_address: &str) -> Result<Option<User>>;

    /// Describes a user; twin of [`crate::Users::describe`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let user = admin.users().describe("a1b2c3d4-0000-1111-2222-333344445555")?;
    /// # Ok(()) }
    /// ```
    fn describe(&self, user_id: &str) -> Result<User>;

    /// Removes a user from the organization (with their role bindings); twin of
    /// [`crate::Users::delete`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// admin.users().delete("a1b2c3d4-0000-1111-2222-333344445555")?;
    /// # Ok(()) }
    /// ```
    fn delete(&self, user_id: &str) -> Result<()>;
}

blocking_handle! {
    /// Blocking invite operations; get it from [`Admin::invites`]. Twin of
    /// [`crate::Invites`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{CreateInvite, Role};
    /// let invites = admin.invites();
    /// let request = CreateInvite::new("dev@example.com").organization_role(Role::OrgMember);
    /// let invite = invites.create(request)?;
    /// # Ok(()) }
    /// ```
    pub struct Invites => crate::Invites;

    /// Invite operations; twin of [`crate::Admin::invites`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let open = admin.invites().list().count();
    /// # Ok(()) }
    /// ```
    accessor invites;

    /// Every open (pending or expired) invite, as a lazy iterator that fetches the pages as
    /// it goes; twin of [`crate::Invites::list`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// for invite in admin.invites().list() {
    ///     let invite = invite?;
    ///     println!("{} {}", invite.email, invite.status);
    /// }
    /// # Ok(()) }
    /// ```
    iter fn list(&self) -> ListIter<Invite>;

    /// One page of open invites; twin of [`crate::Invites::list_page`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::PageRequest;
    /// let page = admin.invites().list_page(PageRequest::new().limit(10))?;
    /// # Ok(()) }
    /// ```
    fn list_page(&self, page: PageRequest) -> Result<Page<Invite>>;

    /// Invites someone by email, never sending it twice; twin of [`crate::Invites::create`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{CreateInvite, Role};
    /// let invite = admin
    ///     .invites()
    ///     .create(CreateInvite::new("dev@example.com").organization_role(Role::OrgMember))?;
    /// # Ok(()) }
    /// ```
    fn create(&self, request: CreateInvite) -> Result<Invite>;

    /// Describes an invite (any status); twin of [`crate::Invites::describe`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let invite = admin.invites().describe("b2c3d4e5-0000-1111-2222-333344445555")?;
    /// # Ok(()) }
    /// ```
    fn describe(&self, invite_id: &str) -> Result<Invite>;

    /// Withdraws an invite nobody accepted yet; twin of [`crate::Invites::delete`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// admin.invites().delete("b2c3d4e5-0000-1111-2222-333344445555")?;
    /// # Ok(()) }
    /// ```
    fn delete(&self, invite_id: &str) -> Result<()>;

    /// Sends the invite email again and renews the expiry; twin of
    /// [`crate::Invites::resend`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let invite = admin.invites().resend("b2c3d4e5-0000-1111-2222-333344445555")?;
    /// # Ok(()) }
    /// ```
    fn resend(&self, invite_id: &str) -> Result<Invite>;
}

blocking_handle! {
    /// Blocking service account operations; get it from [`Admin::service_accounts`]. Twin of
    /// [`crate::ServiceAccounts`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::CreateServiceAccount;
    /// let accounts = admin.service_accounts();
    /// let created = accounts.create(CreateServiceAccount::new("ci"))?;
    /// # Ok(()) }
    /// ```
    pub struct ServiceAccounts => crate::ServiceAccounts;

    /// Service account operations; twin of [`crate::Admin::service_accounts`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let all: Vec<_> = admin.service_accounts().list().collect::<pinecone_admin::Result<_>>()?;
    /// # Ok(()) }
    /// ```
    accessor service_accounts;

    /// Every service account, as a lazy iterator that fetches the pages (100 per request) as
    /// it goes; twin of [`crate::ServiceAccounts::list`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// for account in admin.service_accounts().list() {
    ///     println!("{}", account?.name);
    /// }
    /// # Ok(()) }
    /// ```
    iter fn list(&self) -> ListIter<ServiceAccount>;

    /// One page of service accounts; twin of [`crate::ServiceAccounts::list_page`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::PageRequest;
    /// let page = admin.service_accounts().list_page(PageRequest::new().limit(50))?;
    /// # Ok(()) }
    /// ```
    fn list_page(&self, page: PageRequest) -> Result<Page<ServiceAccount>>;

    /// Creates a service account and returns it with its client secret (shown only now),
    /// never sending it twice; twin of [`crate::ServiceAccounts::create`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{CreateServiceAccount, Role};
    /// let created = admin
    ///     .service_accounts()
    ///     .create(CreateServiceAccount::new("ci").organization_role(Role::OrgMember))?;
    /// let secret: &str = created.secret().expose();
    /// # let _ = secret;
    /// # Ok(()) }
    /// ```
    fn create(&self, request: CreateServiceAccount) -> Result<ServiceAccountWithSecret>;

    /// Describes a service account (never its secret); twin of
    /// [`crate::ServiceAccounts::describe`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let account = admin.service_accounts().describe("c3d4e5f6-0000-1111-2222-333344445555")?;
    /// # Ok(()) }
    /// ```
    fn describe(&self, service_account_id: &str) -> Result<ServiceAccount>;

    /// Updates a service account (its name) and returns it; twin of
    /// [`crate::ServiceAccounts::update`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::UpdateServiceAccount;
    /// let account = admin.service_accounts().update(
    ///     "c3d4e5f6-0000-1111-2222-333344445555",
    ///     UpdateServiceAccount::new().name("ci-renamed"),
    /// )?;
    /// # Ok(()) }
    /// ```
    fn update(
        &self,
        service_account_id: &str,
        update: UpdateServiceAccount,
    ) -> Result<ServiceAccount>;

    /// Deletes a service account; twin of [`crate::ServiceAccounts::delete`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// admin.service_accounts().delete("c3d4e5f6-0000-1111-2222-333344445555")?;
    /// # Ok(()) }
    /// ```
    fn delete(&self, service_account_id: &str) -> Result<()>;

    /// Replaces the client secret and returns the new one (shown only now); twin of
    /// [`crate::ServiceAccounts::rotate_secret`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let rotated = admin
    ///     .service_accounts()
    ///     .rotate_secret("c3d4e5f6-0000-1111-2222-333344445555")?;
    /// let secret: &str = rotated.secret().expose();
    /// # let _ = secret;
    /// # Ok(()) }
    /// ```
    fn rotate_secret(&self, service_account_id: &str) -> Result<ServiceAccountWithSecret>;
}

blocking_handle! {
    /// Blocking role binding operations; get it from [`Admin::role_bindings`]. Twin of
    /// [`crate::RoleBindings`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::RoleBindingFilter;
    /// let bindings = admin.role_bindings();
    /// let all: Vec<_> = bindings
    ///     .list(RoleBindingFilter::new())
    ///     .collect::<pinecone_admin::Result<_>>()?;
    /// # Ok(()) }
    /// ```
    pub struct RoleBindings => crate::RoleBindings;

    /// Role binding operations; twin of [`crate::Admin::role_bindings`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let first = admin.role_bindings().list(Default::default()).next();
    /// # Ok(()) }
    /// ```
    accessor role_bindings;

    /// Every role binding matching `filter`, as a lazy iterator that fetches the pages as it
    /// goes; twin of [`crate::RoleBindings::list`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{Role, RoleBindingFilter};
    /// let filter = RoleBindingFilter::new().role(Role::OrgOwner);
    /// for binding in admin.role_bindings().list(filter) {
    ///     println!("{:?}", binding?);
    /// }
    /// # Ok(()) }
    /// ```
    iter fn list(&self, filter: RoleBindingFilter) -> ListIter<RoleBinding>;

    /// One page of the role bindings matching `filter`; twin of
    /// [`crate::RoleBindings::list_page`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{PageRequest, RoleBindingFilter};
    /// let page = admin
    ///     .role_bindings()
    ///     .list_page(&RoleBindingFilter::new(), PageRequest::new().limit(20))?;
    /// # Ok(()) }
    /// ```
    fn list_page(&self, filter: &RoleBindingFilter, page: PageRequest) -> Result<Page<RoleBinding>>;

    /// Grants a role, never sending it twice; twin of [`crate::RoleBindings::create`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{CreateRoleBinding, Grant, Role};
    /// let binding = admin.role_bindings().create(CreateRoleBinding::user(
    ///     "a1b2c3d4-0000-1111-2222-333344445555",
    ///     Grant::project("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectEditor),
    /// ))?;
    /// # Ok(()) }
    /// ```
    fn create(&self, request: CreateRoleBinding) -> Result<RoleBinding>;

    /// Describes a role binding; twin of [`crate::RoleBindings::describe`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let binding = admin.role_bindings().describe("d4e5f6a7-0000-1111-2222-333344445555")?;
    /// # Ok(()) }
    /// ```
    fn describe(&self, role_binding_id: &str) -> Result<RoleBinding>;

    /// Deletes (revokes) a role binding; twin of [`crate::RoleBindings::delete`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// admin.role_bindings().delete("d4e5f6a7-0000-1111-2222-333344445555")?;
    /// # Ok(()) }
    /// ```
    fn delete(&self, role_binding_id: &str) -> Result<()>;
}
