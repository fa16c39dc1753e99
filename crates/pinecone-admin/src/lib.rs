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

// Modules, bottom layer first; a module uses only its own layer and those below
// (checked by `.ci/check_layers.py`, drawn in `docs/facade-internals.md`).
// Foundations.
mod clock;
mod error;
mod secret;
// Settings, input checks, the retry policy and loop.
pub mod config;
mod retry;
mod validate;
// OAuth tokens, then the one call path.
mod auth;
mod transport;
// The client value the handles hold, shared models, pagination.
mod admin;
mod models;
mod pagination;
// One module per resource: its handle and request types.
mod api_keys;
mod control;
mod invites;
mod organizations;
mod projects;
mod role_bindings;
mod service_accounts;
mod users;
// Constructors, handle accessors and the access token for tools.
mod access_token;
mod client;
// Multi-step workflows on top of the handles, and the access review.
pub mod audit;
mod workflows;
// The blocking twin of the whole surface.
#[cfg(feature = "blocking")]
pub mod blocking;

pub use admin::Admin;
pub use admin_api_raw as raw;
pub use api_keys::{ApiKey, ApiKeyWithSecret, ApiKeys, CreateApiKey, UpdateApiKey};
pub use clock::{Clock, SystemClock};
pub use config::AdminBuilder;
pub use error::{ApiError, Error, Result};
pub use models::{ApiKeyRole, Grant, ResourceType, Role};
pub use organizations::{Organization, Organizations, UpdateOrganization};
pub use projects::{CreateProject, Project, ProjectRef, Projects, UpdateProject};
pub use retry::RetryConfig;
pub use secret::Secret;

pub use control::{
    Assistant, Backup, Collection, DeletionProtection, Index, IndexState, IndexStatus,
};
pub use invites::{CreateInvite, Invite, InviteStatus, Invites};
pub use pagination::{ListStream, Page, PageRequest, MAX_PAGES, MAX_PAGE_SIZE};
pub use role_bindings::{
    CreateRoleBinding, PrincipalType, RoleBinding, RoleBindingFilter, RoleBindings,
};
pub use service_accounts::{
    CreateServiceAccount, ServiceAccount, ServiceAccountWithSecret, ServiceAccounts,
    UpdateServiceAccount,
};
pub use users::{User, UserFilter, Users};
pub use workflows::cleanup::{
    CleanupError, CleanupEvent, CleanupOptions, CleanupReport, CleanupStage, LeftoverKey,
    ResourceKind,
};
pub use workflows::{EnsuredProject, RotatedApiKey};
