//! Seed data: projects with control-plane resources and API keys.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::store::Store;

/// A project to seed, with the indexes, collections, backups, assistants and API keys it
/// should hold. Used by [`EmulatorBuilder::seed_project`](crate::EmulatorBuilder::seed_project),
/// [`EmulatorHandle::seed`](crate::EmulatorHandle::seed) and, as JSON, by
/// `POST /_emulator/seed`:
///
/// ```json
/// {"name": "demo", "indexes": [{"name": "docs", "deletion_protection": true}],
///  "collections": ["old"], "backups": ["docs"], "assistants": ["helper"],
///  "api_keys": [{"name": "ci", "roles": ["ProjectEditor"]}]}
/// ```
///
/// Give `project_id` instead of `name` to add resources to an existing project. Seeded
/// resources are not counted as creates.
///
/// ```
/// use pinecone_admin_emulator::SeedProject;
///
/// let seed = SeedProject::new("demo")
///     .index("docs", true)
///     .collection("old")
///     .backup("docs")
///     .assistant("helper")
///     .api_key("ci", &["ProjectEditor"]);
/// # let _ = seed;
/// ```
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SeedProject {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    project_id: Option<String>,
    #[serde(default)]
    indexes: Vec<SeedIndex>,
    #[serde(default)]
    collections: Vec<String>,
    #[serde(default)]
    backups: Vec<String>,
    #[serde(default)]
    assistants: Vec<String>,
    #[serde(default)]
    api_keys: Vec<SeedApiKey>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct SeedIndex {
    name: String,
    #[serde(default)]
    deletion_protection: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct SeedApiKey {
    name: String,
    #[serde(default)]
    roles: Option<Vec<String>>,
}

impl SeedProject {
    /// A new project named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        SeedProject {
            name: Some(name.into()),
            ..Default::default()
        }
    }

    /// Resources to add to the existing project `project_id`.
    pub fn existing(project_id: impl Into<String>) -> Self {
        SeedProject {
            project_id: Some(project_id.into()),
            ..Default::default()
        }
    }

    /// Adds a serverless index (a dense `_values` field of dimension 8), optionally with
    /// deletion protection.
    pub fn index(mut self, name: impl Into<String>, deletion_protection: bool) -> Self {
        self.indexes.push(SeedIndex {
            name: name.into(),
            deletion_protection,
        });
        self
    }

    /// Adds a collection (collections cannot be created with API version 2026-07).
    pub fn collection(mut self, name: impl Into<String>) -> Self {
        self.collections.push(name.into());
        self
    }

    /// Adds a backup of the index `index_name` (seeded or existing).
    pub fn backup(mut self, index_name: impl Into<String>) -> Self {
        self.backups.push(index_name.into());
        self
    }

    /// Adds an assistant.
    pub fn assistant(mut self, name: impl Into<String>) -> Self {
        self.assistants.push(name.into());
        self
    }

    /// Adds an API key with these roles (ProjectEditor when empty).
    pub fn api_key(mut self, name: impl Into<String>, roles: &[&str]) -> Self {
        self.api_keys.push(SeedApiKey {
            name: name.into(),
            roles: (!roles.is_empty()).then(|| roles.iter().map(|r| r.to_string()).collect()),
        });
        self
    }
}

/// What [`EmulatorHandle::seed`](crate::EmulatorHandle::seed) created.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct SeededProject {
    /// The project's id.
    pub project_id: String,
    /// The ids of the seeded backups, in the order they were requested.
    pub backup_ids: Vec<String>,
    /// The seeded API keys, in the order they were requested.
    pub api_keys: Vec<SeededApiKey>,
}

impl fmt::Debug for SeededProject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeededProject")
            .field("project_id", &self.project_id)
            .field("backup_ids", &self.backup_ids)
            .field("api_keys", &self.api_keys)
            .finish()
    }
}

/// A seeded API key and its secret value (for `Api-Key` headers).
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct SeededApiKey {
    /// The key's id.
    pub id: String,
    /// The secret value, `pckey_<label>_<random>`; redacted in `Debug`.
    pub value: String,
}

impl fmt::Debug for SeededApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeededApiKey")
            .field("id", &self.id)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// Seeding or an emulator-side action failed: unknown project, invalid name, duplicate.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use pinecone_admin_emulator::Emulator;
///
/// let emu = Emulator::builder().start().await?;
/// let err = emu
///     .seed_index("00000000-0000-4000-8000-000000000000", "docs", false)
///     .unwrap_err();
/// assert_eq!(err.status(), 404);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedError {
    status: u16,
    message: String,
}

impl SeedError {
    /// The HTTP status the same failure has on the wire.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.status)
    }
}

impl std::error::Error for SeedError {}

impl From<ApiError> for SeedError {
    fn from(e: ApiError) -> Self {
        SeedError {
            status: e.status.as_u16(),
            message: e.message,
        }
    }
}

impl From<SeedError> for ApiError {
    fn from(e: SeedError) -> Self {
        let status = axum::http::StatusCode::from_u16(e.status)
            .unwrap_or(axum::http::StatusCode::BAD_REQUEST);
        let mut err = ApiError::for_status(status);
        err.message = e.message;
        err
    }
}

pub(crate) fn apply(store: &mut Store, seed: &SeedProject) -> Result<SeededProject, ApiError> {
    let project_id = match (&seed.project_id, &seed.name) {
        (Some(id), _) => {
            store.project(id)?;
            id.clone()
        }
        (None, Some(name)) => {
            if name.is_empty() || name.chars().count() > 512 {
                return Err(ApiError::invalid(
                    "project name must be 1-512 characters long",
                ));
            }
            store.seed_project(name)
        }
        (None, None) => return Err(ApiError::invalid("a seed needs `name` or `project_id`")),
    };
    for i in &seed.indexes {
        store.seed_index(&project_id, &i.name, i.deletion_protection)?;
    }
    for c in &seed.collections {
        store.seed_collection(&project_id, c)?;
    }
    let mut backup_ids = Vec::new();
    for index in &seed.backups {
        let b = store.create_backup(&project_id, index, &serde_json::json!({}))?;
        backup_ids.push(b["backup_id"].as_str().unwrap_or_default().to_owned());
    }
    for a in &seed.assistants {
        store.create_assistant(&project_id, &serde_json::json!({ "name": a }))?;
    }
    let mut api_keys = Vec::new();
    for k in &seed.api_keys {
        let req = crate::store::wire::CreateApiKeyRequest {
            name: k.name.clone(),
            roles: k.roles.clone(),
        };
        let created = store.create_api_key(&project_id, req)?;
        api_keys.push(SeededApiKey {
            id: created.key.id,
            value: created.value,
        });
    }
    Ok(SeededProject {
        project_id,
        backup_ids,
        api_keys,
    })
}
