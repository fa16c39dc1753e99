//! [`RoleBindings`], the role-binding handle: list, create, describe, delete.

use admin_api_raw::ops;
use std::sync::Arc;

use super::models::{CreateRoleBinding, PrincipalType, RoleBinding, RoleBindingFilter};
use crate::admin::Admin;
use crate::error::Result;
use crate::models::{ResourceType, Role};
use crate::pagination::{failed, paginate, ListStream, Page, PageRequest, Paged, MAX_PAGE_SIZE};
use crate::transport::Op;
use crate::validate;

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

impl RoleBindings {
    pub(crate) fn new(admin: Admin) -> Self {
        Self { admin }
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
        .admin(Op::of(ops::admin::LIST_ROLE_BINDINGS), |c| async move {
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
        })
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
    /// RoleBindingFilter::new().resource(ResourceType::Project,
    /// "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1"), ); while let Some(b) = bindings.try_next().await? {
    /// println!("{} {} {}", b.principal_type, b.principal_id, b.role); }
    /// # Ok(()) }
    /// ```
    pub fn list(&self, filter: RoleBindingFilter) -> ListStream<RoleBinding> {
        if let Err(e) = filter.validate() {
            return failed(e);
        }
        let admin = self.admin.clone();
        let filter = Arc::new(filter);
        paginate("role bindings", move |token: Option<String>| {
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
    /// [`Error::Validation`](crate::Error::Validation) for a principal id that is blank or not a
    /// single path segment (see the [`crate`] docs), a project-scoped grant without a project id,
    /// or a role that does not fit its scope; [`Error::Conflict`](crate::Error::Conflict) when the
    /// same binding exists.
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
            .admin(Op::of(ops::admin::CREATE_ROLE_BINDING), |c| async move {
                c.create_role_binding(body).await
            })
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
            .admin(Op::of(ops::admin::FETCH_ROLE_BINDING), |c| async move {
                c.fetch_role_binding(role_binding_id).await
            })
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
            .admin(Op::of(ops::admin::DELETE_ROLE_BINDING), |c| async move {
                c.delete_role_binding(role_binding_id).await
            })
            .await
    }
}
