//! Workflows built from several calls: [`ApiKeys::rotate`], [`Projects::ensure`] and
//! [`Projects::wait_until_deleted`] (project cleanup is in [`cleanup`]).
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use std::time::Duration;
//! use pinecone_admin::CreateProject;
//!
//! let ensured = admin.projects().ensure(CreateProject::new("search-prod")).await?;
//! let rotated = admin.api_keys().rotate("3d1a0c5e-1111-2222-3333-444455556666").await?;
//! println!("{rotated}"); // the new value prints masked
//! admin.projects().delete(&ensured.project.id).await?;
//! admin.projects().wait_until_deleted(&ensured.project.id, Duration::from_secs(60)).await?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};

use crate::api_keys::{ApiKey, ApiKeyWithSecret, ApiKeys, CreateApiKey};
use crate::error::{Error, Result};
use crate::projects::{CreateProject, Project, Projects};
use crate::secret::Secret;
use crate::validate;

pub(crate) mod cleanup;
mod ensure;
mod poll;
mod rotate;

pub use ensure::EnsuredProject;
use poll::*;
pub use rotate::RotatedApiKey;

/// A failure after which a create may still have happened on the server (5xx, timeout, a
/// lost connection, an undecodable success).
pub(crate) fn create_may_have_happened(e: &Error) -> bool {
    !matches!(e, Error::Validation { .. })
        && e.status()
            .is_none_or(|s| s.is_server_error() || s.is_success())
}
