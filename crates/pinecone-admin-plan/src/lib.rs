//! Access as reviewed code for Pinecone: a YAML manifest of one organization, a diff against
//! the live organization ([`diff`]), and an ordered apply ([`apply`]), on top of the
//! `pinecone-admin` facade's public API. No state file: identity is the name within its
//! scope. A small [`Journal`] (names only, no secrets) records creates in flight so that a key
//! whose value was never delivered is replaced on the next run.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> Result<(), Box<dyn std::error::Error>> {
//! use pinecone_admin_plan::{diff, parse_file, Journal, LiveState, PlanOptions};
//!
//! let manifest = parse_file("org.yaml".as_ref())?; // every problem with line and column
//! let live = LiveState::read(&admin).await?;
//! let journal = Journal::load(&Journal::path_for("org.yaml".as_ref()))?;
//! let plan = diff(&manifest, &live, &journal, &PlanOptions::new())?;
//! print!("{plan}");
//! # Ok(()) }
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod apply;
mod diff;
mod export;
mod journal;
mod live;
mod manifest;
mod parse;
mod plan;
mod principals;
mod secrets;

pub use apply::{apply, needs_secrets, ApplyReport};
pub use diff::diff;
pub use export::{export, to_yaml};
pub use journal::{InFlight, Journal};
pub use live::LiveState;
pub use manifest::{
    json_schema, ApiKeySpec, KeyRole, Manifest, MemberSpec, Name, OrgRole, PrincipalSpec,
    ProjectRole, ProjectSpec,
};
pub use parse::{parse_file, parse_str, ManifestError, Problem};
pub use plan::{Action, Change, Op, Plan, PlanOptions, Principal, Scope};
pub use secrets::{NewSecret, SecretSink, SecretsFormat};
