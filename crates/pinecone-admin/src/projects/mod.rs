//! Projects: list, create, describe, update, delete, and look-ups by name.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use pinecone_admin::{CreateProject, ProjectRef};
//!
//! let projects = admin.projects();
//! if !projects.exists(ProjectRef::name("search-prod")).await? {
//!     let project = projects.create(CreateProject::new("search-prod").max_pods(2)).await?;
//!     println!("created {}", project.id);
//! }
//! # Ok(()) }
//! ```

use admin_api_raw::admin::types as raw;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::{Error, Result};
use crate::models::{lenient_timestamp, null_as_default, DataList};
use crate::transport::{wire, Op};
use crate::validate;

mod handle;
mod models;

pub use handle::Projects;
pub use models::*;
