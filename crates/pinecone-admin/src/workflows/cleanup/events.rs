//! What a cleanup reports as it goes: [`CleanupEvent`]s about [`ResourceKind`]s.

use super::*;

/// Prefix of the temporary key's name.
pub(crate) const TEMP_KEY_PREFIX: &str = "_cleanup_temp_";

/// The kinds of project resources a cleanup deletes.
///
/// ```
/// assert_eq!(pinecone_admin::ResourceKind::Index.to_string(), "index");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResourceKind {
    /// An index.
    Index,
    /// A collection.
    Collection,
    /// An assistant.
    Assistant,
    /// A backup (named by its id).
    Backup,
}

impl ResourceKind {
    /// The lower-case name, e.g. `collection`.
    ///
    /// ```
    /// assert_eq!(pinecone_admin::ResourceKind::Backup.as_str(), "backup");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Index => "index",
            ResourceKind::Collection => "collection",
            ResourceKind::Assistant => "assistant",
            ResourceKind::Backup => "backup",
        }
    }
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something that happened during a cleanup, for a progress display.
///
/// Every event is also logged with `tracing` (target `pinecone_admin::cleanup`).
///
/// ```
/// use pinecone_admin::{CleanupEvent, ResourceKind};
/// let e = CleanupEvent::Deleted { kind: ResourceKind::Index, name: "docs".into() };
/// assert_eq!(e.to_string(), "deleted index docs");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CleanupEvent {
    /// The temporary project key exists.
    TemporaryKeyCreated {
        /// Its id.
        key_id: String,
    },
    /// A pass starts.
    AttemptStarted {
        /// 1-based pass number.
        attempt: u32,
        /// Passes allowed.
        max_attempts: u32,
    },
    /// What the pass found to delete (use the total for a progress bar).
    Found {
        /// Indexes.
        indexes: usize,
        /// Collections.
        collections: usize,
        /// Assistants.
        assistants: usize,
        /// Backups.
        backups: usize,
    },
    /// Deletion protection of an index was turned off.
    DeletionProtectionDisabled {
        /// The index.
        index: String,
    },
    /// A resource is gone.
    Deleted {
        /// Its kind.
        kind: ResourceKind,
        /// Its name (the id for a backup).
        name: String,
    },
    /// A pass failed.
    AttemptFailed {
        /// 1-based pass number.
        attempt: u32,
        /// What failed (the error's message).
        error: String,
        /// When the next pass starts, if there is one.
        retry_in: Option<Duration>,
    },
    /// The temporary key is deleted.
    TemporaryKeyDeleted {
        /// Its id.
        key_id: String,
    },
    /// The project delete was refused with 412 (something is still in it); retrying.
    ProjectDeleteRetry {
        /// The refusal's message.
        reason: String,
    },
    /// The project is deleted.
    ProjectDeleted {
        /// Its id.
        project_id: String,
    },
}

impl fmt::Display for CleanupEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CleanupEvent::TemporaryKeyCreated { key_id } => {
                write!(f, "created temporary API key {key_id}")
            }
            CleanupEvent::AttemptStarted {
                attempt,
                max_attempts,
            } => write!(f, "cleanup pass {attempt} of {max_attempts}"),
            CleanupEvent::Found {
                indexes,
                collections,
                assistants,
                backups,
            } => write!(
                f,
                "found {indexes} index(es), {collections} collection(s), {assistants} assistant(s), {backups} backup(s)"
            ),
            CleanupEvent::DeletionProtectionDisabled { index } => {
                write!(f, "disabled deletion protection of index {index}")
            }
            CleanupEvent::Deleted { kind, name } => write!(f, "deleted {kind} {name}"),
            CleanupEvent::AttemptFailed {
                attempt,
                error,
                retry_in,
            } => {
                write!(f, "cleanup pass {attempt} failed: {error}")?;
                if let Some(d) = retry_in {
                    write!(f, " (next pass in {})", Secs(*d))?;
                }
                Ok(())
            }
            CleanupEvent::TemporaryKeyDeleted { key_id } => {
                write!(f, "deleted temporary API key {key_id}")
            }
            CleanupEvent::ProjectDeleteRetry { reason } => {
                write!(f, "project not deletable yet ({reason}); retrying")
            }
            CleanupEvent::ProjectDeleted { project_id } => write!(f, "deleted project {project_id}"),
        }
    }
}

/// A duration printed in seconds, e.g. `1.25 s`.
pub(super) struct Secs(pub(super) Duration);

impl fmt::Display for Secs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2} s", self.0.as_secs_f64())
    }
}

pub(super) type ProgressFn = Arc<dyn Fn(CleanupEvent) + Send + Sync>;
