//! Users (members of the organization): list (optionally by email), describe, delete.
//!
//! A user's roles are role bindings: see [`Admin::role_bindings`] with
//! `RoleBindingFilter::new().principal(PrincipalType::User, id)`.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use futures::TryStreamExt;
//! use pinecone_admin::UserFilter;
//!
//! let members: Vec<_> = admin.users().list(UserFilter::all()).try_collect().await?;
//! if let Some(dev) = admin.users().find_by_email("dev@example.com").await? {
//!     admin.users().delete(&dev.id).await?;
//! }
//! # let _ = members;
//! # Ok(()) }
//! ```

use admin_api_raw::ops;
use std::sync::Arc;

use admin_api_raw::admin::types as raw;
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::{Error, Result};
use crate::models::null_as_default;
use crate::pagination::{failed, paginate, ListStream, Page, PageRequest, Paged, MAX_PAGE_SIZE};
use crate::transport::{wire, Op};
use crate::validate;

/// Longest email address (characters), as RFC 5321 allows.
pub(crate) const EMAIL_MAX: usize = 254;

/// An email address: not blank, at most 254 characters, no whitespace, one `@` with text on
/// both sides. The server checks the rest.
pub(crate) fn email(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::validation(field, "must not be empty or blank"));
    }
    let len = value.chars().count();
    if len > EMAIL_MAX {
        return Err(Error::validation(
            field,
            format!("must be at most {EMAIL_MAX} characters long (got {len})"),
        ));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::validation(
            field,
            "must not contain whitespace or control characters",
        ));
    }
    match value.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => Ok(()),
        _ => Err(Error::validation(
            field,
            "must be an email address (name@domain)",
        )),
    }
}

/// A member of the organization.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let user = admin.users().describe("6f1c2d3e-0000-4000-8000-000000000001").await?;
/// println!("{} <{}> {:?}", user.id, user.email, user.name);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The user id.
    pub id: String,
    /// The email address.
    #[serde(default, deserialize_with = "null_as_default")]
    pub email: String,
    /// The display name, when the user set one.
    #[serde(default)]
    pub name: Option<String>,
}

impl From<raw::User> for User {
    fn from(u: raw::User) -> Self {
        Self {
            id: u.id,
            email: u.email,
            name: u.name,
        }
    }
}

impl From<raw::UserList> for Paged<User> {
    fn from(list: raw::UserList) -> Self {
        Paged::from_parts(
            list.data.into_iter().map(User::from).collect(),
            list.pagination.and_then(|p| p.next),
        )
    }
}

wire!(
    User => raw::User,
    Paged<User> => raw::UserList,
);

/// Which users to list: all, or the one with an email address (case-insensitive).
///
/// ```
/// use pinecone_admin::UserFilter;
///
/// let all = UserFilter::all();
/// let one = UserFilter::email("dev@example.com");
/// assert_eq!(all, UserFilter::default());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct UserFilter {
    email: Option<String>,
}

impl UserFilter {
    /// Every user.
    ///
    /// ```
    /// let f = pinecone_admin::UserFilter::all();
    /// ```
    pub fn all() -> Self {
        Self::default()
    }

    /// Only the user with this email address (matching ignores case).
    ///
    /// ```
    /// let f = pinecone_admin::UserFilter::email("ops@example.com");
    /// ```
    pub fn email(email: impl Into<String>) -> Self {
        Self {
            email: Some(email.into()),
        }
    }

    fn validate(&self) -> Result<()> {
        match &self.email {
            Some(e) => email("email", e),
            None => Ok(()),
        }
    }
}

/// User operations; get it from [`Admin::users`].
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let user = admin.users().describe("6f1c2d3e-0000-4000-8000-000000000001").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Users {
    admin: Admin,
}

impl Users {
    pub(crate) fn new(admin: Admin) -> Self {
        Self { admin }
    }
}

async fn fetch_page(
    admin: &Admin,
    filter: &UserFilter,
    limit: Option<i64>,
    token: Option<&str>,
) -> Result<Page<User>> {
    let email = filter.email.as_deref();
    let paged: Paged<User> = admin
        .transport()
        .admin(Op::of(ops::admin::LIST_USERS), |c| async move {
            c.list_users(email, limit, token).await
        })
        .await?;
    Ok(paged.into_page())
}

impl Users {
    /// Every user matching `filter`, as a lazy stream that follows the pages (100 per
    /// request). A malformed email is yielded as the first item (nothing is sent).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use futures::TryStreamExt;
    /// let mut users = admin.users().list(pinecone_admin::UserFilter::all());
    /// while let Some(user) = users.try_next().await? {
    ///     println!("{}", user.email);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self, filter: UserFilter) -> ListStream<User> {
        if let Err(e) = filter.validate() {
            return failed(e);
        }
        let admin = self.admin.clone();
        let filter = Arc::new(filter);
        paginate("users", move |token: Option<String>| {
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

    /// One page of the users matching `filter`.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::{PageRequest, UserFilter};
    /// let page = admin.users().list_page(&UserFilter::all(), PageRequest::new().limit(25)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn list_page(&self, filter: &UserFilter, page: PageRequest) -> Result<Page<User>> {
        filter.validate()?;
        page.validate()?;
        fetch_page(&self.admin, filter, page.wire_limit(), page.wire_token()).await
    }

    /// The user with this email address (case-insensitive), if any.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// match admin.users().find_by_email("dev@example.com").await? {
    ///     Some(user) => println!("{}", user.id),
    ///     None => println!("not a member"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn find_by_email(&self, email_address: &str) -> Result<Option<User>> {
        email("email", email_address)?;
        let mut users = self.list(UserFilter::email(email_address));
        while let Some(user) = users.try_next().await? {
            if user.email.eq_ignore_ascii_case(email_address) {
                return Ok(Some(user));
            }
        }
        Ok(None)
    }

    /// Describes a user.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let user = admin.users().describe("6f1c2d3e-0000-4000-8000-000000000001").await?;
    /// # Ok(()) }
    /// ```
    pub async fn describe(&self, user_id: &str) -> Result<User> {
        validate::id("user_id", user_id)?;
        self.admin
            .transport()
            .admin(Op::of(ops::admin::FETCH_USER), |c| async move {
                c.fetch_user(user_id).await
            })
            .await
    }

    /// Removes a user from the organization (with their role bindings). The server refuses
    /// to remove the last `OrgOwner`.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// admin.users().delete("6f1c2d3e-0000-4000-8000-000000000001").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, user_id: &str) -> Result<()> {
        validate::id("user_id", user_id)?;
        self.admin
            .transport()
            .admin(Op::of(ops::admin::DELETE_USER), |c| async move {
                c.delete_user(user_id).await
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(email("email", "a@b.c").is_ok());
        assert!(email("email", "first.last+tag@example.co.uk").is_ok());
        for bad in [
            "",
            "  ",
            "no-at-sign",
            "@example.com",
            "me@",
            "a b@c.d",
            "a@b\n",
        ] {
            assert!(email("email", bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@example.com", "x".repeat(250));
        assert!(email("email", &long).is_err());
        let max = format!("{}@example.com", "x".repeat(EMAIL_MAX - 12));
        assert_eq!(max.chars().count(), EMAIL_MAX);
        assert!(email("email", &max).is_ok());
    }

    #[test]
    fn tolerant_user() {
        let u: User = serde_json::from_str(r#"{"id":"u","email":null,"extra":1}"#).unwrap();
        assert_eq!(u.email, "");
        assert_eq!(u.name, None);
    }
}
