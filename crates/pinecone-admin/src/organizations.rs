//! Organizations: list, describe, update, delete.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! for org in admin.organizations().list().await? {
//!     println!("{} {} ({})", org.id, org.name, org.plan);
//! }
//! # Ok(()) }
//! ```

use admin_api_raw::admin::types as raw;
use admin_api_raw::ops;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::Result;
use crate::models::{lenient_timestamp, null_as_default, DataList};
use crate::transport::{wire, Op};
use crate::validate;

/// An organization.
///
/// Open-ended fields (`plan`, `payment_status`, `support_tier`) are kept as the server sends
/// them, so new values never break decoding.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let org = admin.organizations().describe("-NM7af6f234168c4e44a").await?;
/// println!("{} is on the {} plan", org.name, org.plan);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Organization {
    /// The organization id.
    pub id: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The plan, e.g. `Free`, `Standard`, `Enterprise`, `Dedicated`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub plan: String,
    /// The payment status, e.g. `Active`, `PastDue`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub payment_status: String,
    /// The support tier, e.g. `Free`, `Developer`, `Pro`, `Enterprise`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub support_tier: String,
    /// When it was created.
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
}

impl From<raw::Organization> for Organization {
    fn from(o: raw::Organization) -> Self {
        Self {
            id: o.id,
            name: o.name,
            plan: o.plan,
            payment_status: o.payment_status,
            support_tier: o.support_tier,
            created_at: Some(o.created_at),
        }
    }
}

impl From<raw::OrganizationList> for DataList<Organization> {
    fn from(list: raw::OrganizationList) -> Self {
        DataList {
            data: list.data.into_iter().map(Organization::from).collect(),
        }
    }
}

wire!(
    Organization => raw::Organization,
    DataList<Organization> => raw::OrganizationList,
);

/// Changes to an organization; unset fields are not sent (and not changed).
///
/// ```
/// let update = pinecone_admin::UpdateOrganization::new().name("Acme Corp");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct UpdateOrganization {
    name: Option<String>,
}

impl UpdateOrganization {
    /// An update that changes nothing yet.
    ///
    /// ```
    /// let update = pinecone_admin::UpdateOrganization::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The new name (1 to 512 characters).
    ///
    /// ```
    /// let update = pinecone_admin::UpdateOrganization::new().name("Acme Corp");
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    fn validate(&self) -> Result<()> {
        if let Some(name) = &self.name {
            validate::name("name", name, validate::ORGANIZATION_NAME_MAX)?;
        }
        Ok(())
    }

    fn to_raw(&self) -> raw::UpdateOrganizationRequest {
        raw::UpdateOrganizationRequest {
            name: self.name.clone(),
        }
    }
}

/// Organization operations; get it from [`Admin::organizations`].
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let orgs = admin.organizations();
/// let all = orgs.list().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Organizations {
    admin: Admin,
}

impl Organizations {
    pub(crate) fn new(admin: Admin) -> Self {
        Self { admin }
    }

    /// Lists the organizations the credentials can see.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// for org in admin.organizations().list().await? {
    ///     println!("{}", org.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self) -> Result<Vec<Organization>> {
        let list: DataList<Organization> = self
            .admin
            .transport()
            .admin(Op::of(ops::admin::LIST_ORGANIZATIONS), |c| async move {
                c.list_organizations().await
            })
            .await?;
        Ok(list.data)
    }

    /// Describes one organization.
    ///
    /// # Errors
    /// [`Error::Validation`](crate::Error::Validation) for a blank id or one that is not a
    /// single path segment (see the [`crate`] docs; nothing sent);
    /// [`Error::NotFound`](crate::Error::NotFound) when it does not exist.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let org = admin.organizations().describe("-NM7af6f234168c4e44a").await?;
    /// # Ok(()) }
    /// ```
    pub async fn describe(&self, organization_id: &str) -> Result<Organization> {
        validate::id("organization_id", organization_id)?;
        self.admin
            .transport()
            .admin(Op::of(ops::admin::FETCH_ORGANIZATION), |c| async move {
                c.fetch_organization(organization_id).await
            })
            .await
    }

    /// Updates an organization (e.g. renames it) and returns it.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::UpdateOrganization;
    /// let org = admin
    ///     .organizations()
    ///     .update("-NM7af6f234168c4e44a", UpdateOrganization::new().name("Acme Corp"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        organization_id: &str,
        update: UpdateOrganization,
    ) -> Result<Organization> {
        validate::id("organization_id", organization_id)?;
        update.validate()?;
        let body = &update.to_raw();
        self.admin
            .transport()
            .admin(Op::of(ops::admin::UPDATE_ORGANIZATION), |c| async move {
                c.update_organization(organization_id, body).await
            })
            .await
    }

    /// Deletes an organization. The server refuses (an error status) while it still holds
    /// projects.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// admin.organizations().delete("-NM7af6f234168c4e44a").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, organization_id: &str) -> Result<()> {
        validate::id("organization_id", organization_id)?;
        self.admin
            .transport()
            .admin(Op::of(ops::admin::DELETE_ORGANIZATION), |c| async move {
                c.delete_organization(organization_id).await
            })
            .await
    }
}
