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

/// Declares a blocking handle wrapping the async handle `crate::$async` (taken from the async
/// client by `$accessor`), and its methods: `fn` items block on the async method of the same
/// name and arguments; `iter fn` items wrap the async method's stream in a
/// [`super::ListIter`]. Every doc line is written here, pointing at the async twin, so the
/// list below stays a plain table of signatures. The forwarding calls make the compiler check
/// that each async twin exists with the same arguments and return type; the test
/// `blocking::every_async_method_has_a_blocking_twin` checks that no async method lacks its twin.
macro_rules! blocking_handle {
    (
        pub struct $name:ident => $async:ident;
        accessor $accessor:ident;
        $($items:tt)*
    ) => {
        #[doc = concat!(
            "Blocking twin of [`crate::", stringify!($async), "`]; get it from [`Admin::",
            stringify!($accessor), "`]. Each method blocks until its async twin is answered."
        )]
        #[derive(Debug, Clone)]
        pub struct $name {
            inner: crate::$async,
            rt: Arc<Runtime>,
        }

        impl Admin {
            #[doc = concat!(
                "The blocking [`", stringify!($name), "`] handle; twin of [`crate::Admin::",
                stringify!($accessor), "`]."
            )]
            pub fn $accessor(&self) -> $name {
                $name {
                    inner: self.inner.$accessor(),
                    rt: self.rt.clone(),
                }
            }
        }

        impl $name {
            blocking_handle!(@items $async; $($items)*);
        }
    };
    (@items $async:ident;) => {};
    (
        @items $async:ident;
        $(#[$meta:meta])*
        fn $method:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty;
        $($rest:tt)*
    ) => {
        #[doc = concat!(
            "Blocking twin of [`crate::", stringify!($async), "::", stringify!($method), "`]."
        )]
        $(#[$meta])*
        pub fn $method(&self $(, $arg: $ty)*) -> $ret {
            self.rt.block_on(self.inner.$method($($arg),*))
        }
        blocking_handle!(@items $async; $($rest)*);
    };
    (
        @items $async:ident;
        $(#[$meta:meta])*
        iter fn $method:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty;
        $($rest:tt)*
    ) => {
        #[doc = concat!(
            "Blocking twin of [`crate::", stringify!($async), "::", stringify!($method),
            "`]: a lazy [`ListIter`] instead of a stream."
        )]
        $(#[$meta])*
        pub fn $method(&self $(, $arg: $ty)*) -> $ret {
            ListIter::new(self.inner.$method($($arg),*), self.rt.clone())
        }
        blocking_handle!(@items $async; $($rest)*);
    };
}

blocking_handle! {
    pub struct Organizations => Organizations;
    accessor organizations;
    fn list(&self) -> Result<Vec<Organization>>;
    fn describe(&self, organization_id: &str) -> Result<Organization>;
    fn update(&self, organization_id: &str, update: UpdateOrganization) -> Result<Organization>;
    fn delete(&self, organization_id: &str) -> Result<()>;
}

blocking_handle! {
    pub struct Projects => Projects;
    accessor projects;
    fn list(&self) -> Result<Vec<Project>>;
    fn create(&self, request: CreateProject) -> Result<Project>;
    fn describe(&self, project_id: &str) -> Result<Project>;
    fn describe_by_name(&self, name: &str) -> Result<Project>;
    fn exists(&self, project: ProjectRef) -> Result<bool>;
    fn update(&self, project_id: &str, update: UpdateProject) -> Result<Project>;
    fn delete(&self, project_id: &str) -> Result<()>;
    fn ensure(&self, request: CreateProject) -> Result<EnsuredProject>;
    fn wait_until_deleted(&self, project_id: &str, timeout: Duration) -> Result<()>;
    fn delete_leftover_temporary_keys(&self, project_id: &str) -> Result<Vec<String>>;
    // The error type is the async twin's (which carries the report so far).
    #[allow(clippy::result_large_err)]
    fn delete_with_cleanup(
        &self,
        project_id: &str,
        options: CleanupOptions,
    ) -> std::result::Result<CleanupReport, CleanupError>;
}

blocking_handle! {
    pub struct ApiKeys => ApiKeys;
    accessor api_keys;
    fn list(&self, project_id: &str) -> Result<Vec<ApiKey>>;
    fn create(&self, project_id: &str, request: CreateApiKey) -> Result<ApiKeyWithSecret>;
    fn describe(&self, api_key_id: &str) -> Result<ApiKey>;
    fn update(&self, api_key_id: &str, update: UpdateApiKey) -> Result<ApiKey>;
    fn delete(&self, api_key_id: &str) -> Result<()>;
    fn rotate(&self, api_key_id: &str) -> Result<RotatedApiKey>;
}

blocking_handle! {
    pub struct Users => Users;
    accessor users;
    iter fn list(&self, filter: UserFilter) -> ListIter<User>;
    fn list_page(&self, filter: &UserFilter, page: PageRequest) -> Result<Page<User>>;
    fn find_by_email(&self, email_address: &str) -> Result<Option<User>>;
    fn describe(&self, user_id: &str) -> Result<User>;
    fn delete(&self, user_id: &str) -> Result<()>;
}

blocking_handle! {
    pub struct Invites => Invites;
    accessor invites;
    iter fn list(&self) -> ListIter<Invite>;
    fn list_page(&self, page: PageRequest) -> Result<Page<Invite>>;
    fn create(&self, request: CreateInvite) -> Result<Invite>;
    fn describe(&self, invite_id: &str) -> Result<Invite>;
    fn delete(&self, invite_id: &str) -> Result<()>;
    fn resend(&self, invite_id: &str) -> Result<Invite>;
}

blocking_handle! {
    pub struct ServiceAccounts => ServiceAccounts;
    accessor service_accounts;
    iter fn list(&self) -> ListIter<ServiceAccount>;
    fn list_page(&self, page: PageRequest) -> Result<Page<ServiceAccount>>;
    fn create(&self, request: CreateServiceAccount) -> Result<ServiceAccountWithSecret>;
    fn describe(&self, service_account_id: &str) -> Result<ServiceAccount>;
    fn update(
        &self,
        service_account_id: &str,
        update: UpdateServiceAccount,
    ) -> Result<ServiceAccount>;
    fn delete(&self, service_account_id: &str) -> Result<()>;
    fn rotate_secret(&self, service_account_id: &str) -> Result<ServiceAccountWithSecret>;
}

blocking_handle! {
    pub struct RoleBindings => RoleBindings;
    accessor role_bindings;
    iter fn list(&self, filter: RoleBindingFilter) -> ListIter<RoleBinding>;
    fn list_page(&self, filter: &RoleBindingFilter, page: PageRequest) -> Result<Page<RoleBinding>>;
    fn create(&self, request: CreateRoleBinding) -> Result<RoleBinding>;
    fn describe(&self, role_binding_id: &str) -> Result<RoleBinding>;
    fn delete(&self, role_binding_id: &str) -> Result<()>;
}
