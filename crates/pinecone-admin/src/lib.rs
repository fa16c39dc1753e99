//! An async Rust client for Pinecone's Admin API (version `2026-07`).
//!
//! [`Admin`] authenticates with a service account's OAuth client credentials, keeps the token
//! fresh (one shared exchange, refreshed before expiry, re-minted once after a 401), and hands
//! out one handle per resource: [`Admin::organizations`], [`Admin::projects`],
//! [`Admin::api_keys`], [`Admin::users`], [`Admin::invites`], [`Admin::service_accounts`],
//! [`Admin::role_bindings`]. Input is validated before anything is sent; transient failures are
//! retried without ever duplicating a create; secrets never print.
//!
//! Every id that goes into a URL path (project, organization, API key, user, invite, service
//! account and role binding ids; the index, collection and assistant names and backup ids that
//! cleanup deletes) must be a single path segment: not blank, no leading or trailing
//! whitespace, at most 512 characters, not `.` or `..`, and only `A-Z a-z 0-9 - _ . ~` (real
//! ids are UUIDs, `-NM7af6f234168c4e44a`, lowercase names with `-`). Anything else is refused
//! with [`Error::Validation`] naming the argument, before a request is sent, so an id such as
//! `x\..\projects\<id>` can never reach another route.
//!
//! Paginated lists (users, invites, service accounts, role bindings) are lazy
//! [`ListStream`]s that follow the server's cursor, plus one-page calls taking a
//! [`PageRequest`]. Workflows: [`Projects::delete_with_cleanup`] (delete a project with its
//! indexes, collections, assistants and backups), [`ApiKeys::rotate`], [`Projects::ensure`],
//! [`Projects::wait_until_deleted`].
//!
//! ```no_run
//! use pinecone_admin::{Admin, ApiKeyRole, CreateApiKey, CreateProject};
//!
//! # async fn run() -> pinecone_admin::Result<()> {
//! // Reads PINECONE_CLIENT_ID / PINECONE_CLIENT_SECRET when not given explicitly.
//! let admin = Admin::builder().source_tag("my_platform").build().await?;
//!
//! let project = admin
//!     .projects()
//!     .create(CreateProject::new("search-prod").max_pods(0))
//!     .await?;
//! let key = admin
//!     .api_keys()
//!     .create(&project.id, CreateApiKey::new("search-app").roles([ApiKeyRole::DataPlaneEditor]))
//!     .await?;
//! println!("{key}"); // API key "search-app" (…) value …abcd
//! let value: &str = key.secret().expose(); // the only way to read the secret
//! # let _ = value;
//! # Ok(()) }
//! ```
//!
//! # Layers
//! `openapi/` (spec) → `cargo xtask codegen` → `admin-api-raw` (generated progenitor clients)
//! → this crate (tokens, retries, validation, models, workflows). The raw crate is re-exported
//! as [`raw`] for operations this crate does not wrap yet.
//!
//! # Errors and retries
//! Every call returns [`Result`], with [`Error`] typed by HTTP status. See [`RetryConfig`] for
//! what is retried; creates (`POST`) are retried only when the server surely did not act.
//!
//! # Logging
//! Each request attempt runs in a `tracing` span `pinecone_admin.request` with the operation,
//! method, path template, attempt number, status and request id. No secret is ever recorded.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod access_token;
mod api_keys;
pub mod audit;
mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
pub mod config;
mod error;
mod models;
mod organizations;
mod projects;
mod secret;
mod transport;
mod validate;

// Issue 7: users, invites, service accounts, role bindings, pagination, cleanup, workflows.
mod cleanup;
mod control;
mod invites;
mod pagination;
mod role_bindings;
mod service_accounts;
mod users;
mod workflows;

pub use admin_api_raw as raw;
pub use api_keys::{ApiKey, ApiKeyRole, ApiKeyWithSecret, ApiKeys, CreateApiKey, UpdateApiKey};
pub use auth::{Clock, SystemClock};
pub use client::Admin;
pub use config::{AdminBuilder, RetryConfig};
pub use error::{ApiError, Error, Result};
pub use organizations::{Organization, Organizations, UpdateOrganization};
pub use projects::{CreateProject, Project, ProjectRef, Projects, UpdateProject};
pub use secret::Secret;

pub use cleanup::{
    CleanupError, CleanupEvent, CleanupOptions, CleanupReport, CleanupStage, LeftoverKey,
    ResourceKind,
};
pub use control::{
    Assistant, Backup, Collection, DeletionProtection, Index, IndexState, IndexStatus,
};
pub use invites::{CreateInvite, Invite, InviteStatus, Invites};
pub use pagination::{ListStream, Page, PageRequest, MAX_PAGE_SIZE};
pub use role_bindings::{
    CreateRoleBinding, Grant, PrincipalType, ResourceType, Role, RoleBinding, RoleBindingFilter,
    RoleBindings,
};
pub use service_accounts::{
    CreateServiceAccount, ServiceAccount, ServiceAccountWithSecret, ServiceAccounts,
    UpdateServiceAccount,
};
pub use users::{User, UserFilter, Users};
pub use workflows::{EnsuredProject, RotatedApiKey};
