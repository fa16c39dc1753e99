//! `projects().delete_with_cleanup(...)`: delete a project together with everything in it.
//!
//! Pinecone refuses to delete a project that still holds indexes, collections, backups or
//! assistants (`412`); those live on the control plane, which takes a project API key. See
//! [`Projects::delete_with_cleanup`] for the steps.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use std::time::Duration;
//! use pinecone_admin::{CleanupEvent, CleanupOptions};
//!
//! let options = CleanupOptions::new()
//!     .disable_deletion_protection(true)
//!     .on_progress(|event: CleanupEvent| eprintln!("{event}"));
//! let report = admin
//!     .projects()
//!     .delete_with_cleanup("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", options)
//!     .await?;
//! println!("{report}");
//! # Ok(()) }
//! ```

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use backon::{BackoffBuilder, ExponentialBuilder};
use futures::stream::{self, StreamExt};
use rand::distr::{Alphanumeric, SampleString};
use serde::{Serialize, Serializer};

use crate::admin::Admin;
use crate::api_keys::CreateApiKey;
use crate::control::{Assistant, Backup, Collection, ControlPlane, Index};
use crate::error::{ApiError, Error, Result};
use crate::models::ApiKeyRole;
use crate::projects::Projects;
use crate::secret::Secret;
use crate::validate;
use crate::workflows::{create_may_have_happened, wait_for_absence};

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
struct Secs(Duration);

impl fmt::Display for Secs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2} s", self.0.as_secs_f64())
    }
}

type ProgressFn = Arc<dyn Fn(CleanupEvent) + Send + Sync>;

/// How [`Projects::delete_with_cleanup`] behaves.
///
/// Defaults: 5 passes 30 s apart (as Pinecone's Python SDK), 8 deletions at a time, wait at
/// most 5 minutes for each index or assistant to disappear (polling from 1 s, doubling, up to
/// 10 s), retry the project delete while it answers `412` for up to 2 minutes, do not wait
/// for the project to disappear, refuse protected indexes, really delete; when the temporary
/// key's create fails in a way that may have created it anyway, look for it (to delete it) up
/// to 5 times within 1 minute.
///
/// ```
/// use std::time::Duration;
/// use pinecone_admin::CleanupOptions;
///
/// let options = CleanupOptions::new()
///     .max_attempts(3)
///     .retry_delay(Duration::from_secs(10))
///     .concurrency(4)
///     .disable_deletion_protection(true)
///     .wait_until_deleted(Duration::from_secs(120));
/// ```
#[derive(Clone)]
#[must_use]
pub struct CleanupOptions {
    max_attempts: u32,
    retry_delay: Duration,
    concurrency: usize,
    resource_timeout: Duration,
    poll_min: Duration,
    poll_max: Duration,
    project_delete_timeout: Duration,
    wait_for_project: Option<Duration>,
    sweep_attempts: u32,
    sweep_timeout: Duration,
    disable_protection: bool,
    dry_run: bool,
    on_progress: Option<ProgressFn>,
}

impl Default for CleanupOptions {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            retry_delay: Duration::from_secs(30),
            concurrency: 8,
            resource_timeout: Duration::from_secs(300),
            poll_min: Duration::from_secs(1),
            poll_max: Duration::from_secs(10),
            project_delete_timeout: Duration::from_secs(120),
            wait_for_project: None,
            sweep_attempts: 5,
            sweep_timeout: Duration::from_secs(60),
            disable_protection: false,
            dry_run: false,
            on_progress: None,
        }
    }
}

impl fmt::Debug for CleanupOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CleanupOptions")
            .field("max_attempts", &self.max_attempts)
            .field("retry_delay", &self.retry_delay)
            .field("concurrency", &self.concurrency)
            .field("resource_timeout", &self.resource_timeout)
            .field("poll_interval", &(self.poll_min, self.poll_max))
            .field("project_delete_timeout", &self.project_delete_timeout)
            .field("wait_for_project", &self.wait_for_project)
            .field(
                "temporary_key_sweep",
                &(self.sweep_attempts, self.sweep_timeout),
            )
            .field("disable_deletion_protection", &self.disable_protection)
            .field("dry_run", &self.dry_run)
            .field("on_progress", &self.on_progress.is_some())
            .finish()
    }
}

impl CleanupOptions {
    /// The defaults.
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Cleanup passes before giving up (at least 1; default 5).
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new().max_attempts(2);
    /// ```
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// Pause between passes (default 30 s).
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new().retry_delay(std::time::Duration::from_secs(5));
    /// ```
    pub fn retry_delay(mut self, delay: Duration) -> Self {
        self.retry_delay = delay;
        self
    }

    /// Deletions in flight at once (1 to 64; default 8).
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new().concurrency(2);
    /// ```
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency;
        self
    }

    /// How long to wait for each deleted index or assistant to disappear (default 5 min).
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new()
    ///     .resource_timeout(std::time::Duration::from_secs(60));
    /// ```
    pub fn resource_timeout(mut self, timeout: Duration) -> Self {
        self.resource_timeout = timeout;
        self
    }

    /// Polling while waiting for something to disappear: the first pause, doubling up to
    /// `max` (defaults 1 s and 10 s). Also paces the project-delete retries and the
    /// [temporary key sweep](Self::temporary_key_sweep).
    ///
    /// ```
    /// use std::time::Duration;
    /// let options = pinecone_admin::CleanupOptions::new()
    ///     .poll_interval(Duration::from_millis(500), Duration::from_secs(5));
    /// ```
    pub fn poll_interval(mut self, min: Duration, max: Duration) -> Self {
        self.poll_min = min;
        self.poll_max = max;
        self
    }

    /// How long to keep retrying the project delete while it answers `412` (default 2 min).
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new()
    ///     .project_delete_timeout(std::time::Duration::from_secs(30));
    /// ```
    pub fn project_delete_timeout(mut self, timeout: Duration) -> Self {
        self.project_delete_timeout = timeout;
        self
    }

    /// After deleting the project, wait (at most `timeout`) until it reads as not found.
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new()
    ///     .wait_until_deleted(std::time::Duration::from_secs(300));
    /// ```
    pub fn wait_until_deleted(mut self, timeout: Duration) -> Self {
        self.wait_for_project = Some(timeout);
        self
    }

    /// How hard to look for the temporary key when its create failed in a way that may have
    /// created it anyway (a `5xx`, a timeout, a lost connection: the server may have made the
    /// key and lost the answer): at most `attempts` look-ups (at least 1; default 5), each
    /// listing the project's keys (with the client's own [retries](crate::RetryConfig)) and
    /// deleting a key with the temporary key's unique name, paced by
    /// [`poll_interval`](Self::poll_interval), all within `within` (default 1 minute).
    ///
    /// When no look-up succeeds, the [`CleanupError`] names the key that may exist
    /// ([`CleanupError::leftover_temporary_key`]) so that it can be deleted by hand.
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new()
    ///     .temporary_key_sweep(3, std::time::Duration::from_secs(20));
    /// ```
    pub fn temporary_key_sweep(mut self, attempts: u32, within: Duration) -> Self {
        self.sweep_attempts = attempts;
        self.sweep_timeout = within;
        self
    }

    /// Turn deletion protection off on protected indexes and delete them. Without this
    /// (the default), a project with protected indexes is refused before anything is deleted,
    /// naming them.
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new().disable_deletion_protection(true);
    /// ```
    pub fn disable_deletion_protection(mut self, disable: bool) -> Self {
        self.disable_protection = disable;
        self
    }

    /// List what would be deleted (and what blocks it) without deleting anything but the
    /// temporary key needed to look. The project stays.
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new().dry_run(true);
    /// ```
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// Calls `f` with each [`CleanupEvent`] (from the task running the cleanup; keep it
    /// quick, e.g. update a progress bar or send to a channel).
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new()
    ///     .on_progress(|event| eprintln!("{event}"));
    /// ```
    pub fn on_progress(mut self, f: impl Fn(CleanupEvent) + Send + Sync + 'static) -> Self {
        self.on_progress = Some(Arc::new(f));
        self
    }

    fn validate(&self) -> Result<()> {
        if self.max_attempts == 0 {
            return Err(Error::validation("max_attempts", "must be at least 1"));
        }
        if self.sweep_attempts == 0 {
            return Err(Error::validation(
                "temporary_key_sweep",
                "must allow at least 1 attempt",
            ));
        }
        if self.concurrency == 0 || self.concurrency > 64 {
            return Err(Error::validation(
                "concurrency",
                format!("must be between 1 and 64 (got {})", self.concurrency),
            ));
        }
        if self.poll_min.is_zero() || self.poll_max < self.poll_min {
            return Err(Error::validation(
                "poll_interval",
                "the first pause must be positive and not above the maximum",
            ));
        }
        Ok(())
    }
}

fn secs<S: Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// What a cleanup did (or, in a dry run, would do).
///
/// `Serialize` gives the CLI's JSON output (`elapsed` in seconds); `Display` a summary.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// use pinecone_admin::CleanupOptions;
/// let report = admin
///     .projects()
///     .delete_with_cleanup("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", CleanupOptions::new().dry_run(true))
///     .await?;
/// println!("would delete {} indexes: {:?}", report.indexes.len(), report.indexes);
/// println!("{}", serde_json::to_string_pretty(&report).unwrap());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CleanupReport {
    /// The project.
    pub project_id: String,
    /// `true` for a dry run: the lists say what would be deleted.
    pub dry_run: bool,
    /// Indexes deleted (names, sorted).
    pub indexes: Vec<String>,
    /// Collections deleted (names, sorted).
    pub collections: Vec<String>,
    /// Assistants deleted (names, sorted).
    pub assistants: Vec<String>,
    /// Backups deleted (ids, sorted).
    pub backups: Vec<String>,
    /// Indexes whose deletion protection was (dry run: would be) turned off.
    pub protection_disabled: Vec<String>,
    /// Protected indexes that block the cleanup (deletion protection is on and
    /// [`CleanupOptions::disable_deletion_protection`] was not given).
    pub blocked_by_protection: Vec<String>,
    /// Passes made.
    pub attempts: u32,
    /// Time taken.
    #[serde(rename = "elapsed_secs", serialize_with = "secs")]
    pub elapsed: Duration,
    /// The temporary key's id, once created.
    pub temporary_key_id: Option<String>,
    /// Whether the temporary key is gone (deleted, or with the project).
    pub temporary_key_deleted: bool,
    /// Whether the project was deleted.
    pub project_deleted: bool,
}

impl CleanupReport {
    fn new(project_id: &str, dry_run: bool) -> Self {
        Self {
            project_id: project_id.to_owned(),
            dry_run,
            ..Self::default()
        }
    }

    /// Whether nothing was deleted (the temporary key aside).
    ///
    /// ```
    /// # fn f(report: pinecone_admin::CleanupReport) {
    /// if report.nothing_deleted() { println!("untouched"); }
    /// # }
    /// ```
    pub fn nothing_deleted(&self) -> bool {
        self.dry_run
            || (self.indexes.is_empty()
                && self.collections.is_empty()
                && self.assistants.is_empty()
                && self.backups.is_empty()
                && self.protection_disabled.is_empty()
                && !self.project_deleted)
    }

    /// How many resources were (or would be) deleted.
    ///
    /// ```
    /// # fn f(report: pinecone_admin::CleanupReport) {
    /// println!("{} resources", report.total());
    /// # }
    /// ```
    pub fn total(&self) -> usize {
        self.indexes.len() + self.collections.len() + self.assistants.len() + self.backups.len()
    }

    fn record(&mut self, kind: ResourceKind, name: &str) {
        let list = match kind {
            ResourceKind::Index => &mut self.indexes,
            ResourceKind::Collection => &mut self.collections,
            ResourceKind::Assistant => &mut self.assistants,
            ResourceKind::Backup => &mut self.backups,
        };
        if let Err(at) = list.binary_search_by(|n| n.as_str().cmp(name)) {
            list.insert(at, name.to_owned());
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, what: &str, names: &[String]) -> fmt::Result {
    if names.is_empty() {
        write!(f, "\n  {what}: none")
    } else {
        write!(f, "\n  {what} ({}): {}", names.len(), names.join(", "))
    }
}

impl fmt::Display for CleanupReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dry_run {
            write!(
                f,
                "Dry run for project {}: nothing was deleted; a cleanup would delete:",
                self.project_id
            )?;
        } else if self.project_deleted {
            write!(f, "Deleted project {} after deleting:", self.project_id)?;
        } else {
            write!(f, "Cleanup of project {} deleted:", self.project_id)?;
        }
        write_list(f, "indexes", &self.indexes)?;
        write_list(f, "collections", &self.collections)?;
        write_list(f, "assistants", &self.assistants)?;
        write_list(f, "backups", &self.backups)?;
        if !self.protection_disabled.is_empty() {
            let verb = if self.dry_run {
                "deletion protection to turn off"
            } else {
                "deletion protection turned off"
            };
            write_list(f, verb, &self.protection_disabled)?;
        }
        if !self.blocked_by_protection.is_empty() {
            write_list(
                f,
                "blocked by deletion protection (use disable_deletion_protection / --force-unprotect)",
                &self.blocked_by_protection,
            )?;
        }
        write!(f, "\n  {} pass(es), {}", self.attempts, Secs(self.elapsed))
    }
}

/// Where a cleanup stopped.
///
/// ```
/// # fn f(e: pinecone_admin::CleanupError) {
/// use pinecone_admin::CleanupStage;
/// if e.stage() == CleanupStage::DeletionProtection { /* ask the user */ }
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CleanupStage {
    /// Bad arguments or options; nothing was sent.
    Validation,
    /// The temporary key could not be created; nothing was deleted.
    TemporaryKey,
    /// Protected indexes block the cleanup; nothing was deleted in that pass.
    DeletionProtection,
    /// Deleting the project's resources failed on every pass.
    Resources,
    /// The temporary key could not be deleted (reported on its own when all else worked).
    DeleteTemporaryKey,
    /// The resources are gone but the project delete failed.
    DeleteProject,
    /// The project was deleted but did not disappear in time.
    WaitForProject,
}

impl CleanupStage {
    /// The snake-case name (as in the CLI's JSON), e.g. `temporary_key`.
    ///
    /// ```
    /// use pinecone_admin::CleanupStage;
    /// assert_eq!(CleanupStage::DeleteProject.as_str(), "delete_project");
    /// assert_eq!(CleanupStage::TemporaryKey.to_string(), "temporary_key");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CleanupStage::Validation => "validation",
            CleanupStage::TemporaryKey => "temporary_key",
            CleanupStage::DeletionProtection => "deletion_protection",
            CleanupStage::Resources => "resources",
            CleanupStage::DeleteTemporaryKey => "delete_temporary_key",
            CleanupStage::DeleteProject => "delete_project",
            CleanupStage::WaitForProject => "wait_for_project",
        }
    }
}

impl fmt::Display for CleanupStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A temporary API key (role `ProjectEditor`) that a failed cleanup may have left in the
/// project: delete it by hand.
///
/// Either its delete failed ([`id`](Self::id) is known, the key exists), or its create failed
/// in a way that may have created it anyway and no look-up could confirm that it does not
/// exist ([`id`](Self::id) is `None`; look for the key by [`name`](Self::name), which is
/// unique). A key left in a project that is then deleted goes with the project.
///
/// `Display` names the key; `Serialize` gives `{"id": ..., "name": ..., "reason": ...}`.
/// Neither holds the key's secret, which the cleanup never shows.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin, e: pinecone_admin::CleanupError, project_id: &str)
/// # -> pinecone_admin::Result<()> {
/// if let Some(key) = e.leftover_temporary_key() {
///     eprintln!("{key} may be left: {}", key.reason());
///     let id = match key.id() {
///         Some(id) => Some(id.to_owned()),
///         None => admin
///             .api_keys()
///             .list(project_id)
///             .await?
///             .into_iter()
///             .find(|k| k.name == key.name())
///             .map(|k| k.id),
///     };
///     if let Some(id) = id {
///         admin.api_keys().delete(&id).await?;
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftoverKey {
    id: Option<String>,
    name: String,
    reason: String,
}

impl LeftoverKey {
    /// The key's id, when known (its delete failed); `None` when only its create may have
    /// happened.
    ///
    /// ```
    /// # fn f(key: &pinecone_admin::LeftoverKey) {
    /// if let Some(id) = key.id() { eprintln!("delete API key {id}"); }
    /// # }
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The key's unique name (`_cleanup_temp_<random>`).
    ///
    /// ```
    /// # fn f(key: &pinecone_admin::LeftoverKey) {
    /// assert!(key.name().starts_with("_cleanup_temp_"));
    /// # }
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Why the key may be left, e.g. the failure of the last look-up.
    ///
    /// ```
    /// # fn f(key: &pinecone_admin::LeftoverKey) {
    /// eprintln!("{}", key.reason());
    /// # }
    /// ```
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// `true` when the key is known to exist (its id is known); `false` when it only may.
    ///
    /// ```
    /// # fn f(key: &pinecone_admin::LeftoverKey) {
    /// let verb = if key.is_known_to_exist() { "exists" } else { "may exist" };
    /// # }
    /// ```
    pub fn is_known_to_exist(&self) -> bool {
        self.id.is_some()
    }
}

impl fmt::Display for LeftoverKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "temporary API key {} (id {id})", self.name),
            None => write!(f, "temporary API key named {}", self.name),
        }
    }
}

/// Why [`Projects::delete_with_cleanup`] failed, with what it did up to then.
///
/// It wraps the underlying [`Error`] ([`error`](Self::error), also the `source()`); its
/// helpers ([`status`](Self::status), [`is_not_found`](Self::is_not_found), ...) answer for
/// that error. [`into_error`](Self::into_error) gives the bare [`Error`]; a
/// `Box<dyn std::error::Error>` keeps everything. `Display` (one line) says what was (not) deleted, names protected
/// indexes, suggests the API-key quota on a `403` for the temporary key, and names a temporary
/// key that could not be deleted or may exist ([`leftover_temporary_key`](Self::leftover_temporary_key)).
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) {
/// use pinecone_admin::{CleanupOptions, CleanupStage};
/// match admin.projects().delete_with_cleanup("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", CleanupOptions::new()).await {
///     Ok(report) => println!("{report}"),
///     Err(e) if e.stage() == CleanupStage::DeletionProtection => {
///         println!("protected: {:?}", e.report().blocked_by_protection)
///     }
///     Err(e) => println!("{e}"),
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct CleanupError {
    stage: CleanupStage,
    error: Error,
    report: CleanupReport,
    leftover_key: Option<LeftoverKey>,
}

impl CleanupError {
    /// Where it stopped.
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// println!("{:?}", e.stage());
    /// # }
    /// ```
    pub fn stage(&self) -> CleanupStage {
        self.stage
    }

    /// The underlying error.
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// if e.error().status().map(|s| s.as_u16()) == Some(403) { /* ... */ }
    /// # }
    /// ```
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The underlying error, by value (the stage, the report and any leftover key are
    /// dropped; keep the [`CleanupError`] itself, or box it as a `dyn std::error::Error`, to
    /// keep them).
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// let e: pinecone_admin::Error = e.into_error();
    /// # }
    /// ```
    pub fn into_error(self) -> Error {
        self.error
    }

    /// What had been done when it stopped.
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// println!("deleted before failing: {:?}", e.report().indexes);
    /// # }
    /// ```
    pub fn report(&self) -> &CleanupReport {
        &self.report
    }

    /// A temporary key that could not be deleted, or whose create may have happened
    /// although it failed and whose absence could not be confirmed: delete it by hand (see
    /// [`LeftoverKey`]). `None` when no temporary key is left.
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// if let Some(key) = e.leftover_temporary_key() {
    ///     eprintln!("delete the {key} by hand ({})", key.reason());
    /// }
    /// # }
    /// ```
    pub fn leftover_temporary_key(&self) -> Option<&LeftoverKey> {
        self.leftover_key.as_ref()
    }

    /// The API error underneath, when the failure was an HTTP answer
    /// (the same as [`Error::api_error`] on [`error`](Self::error)).
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// if let Some(api) = e.api_error() {
    ///     eprintln!("code {:?}", api.code());
    /// }
    /// # }
    /// ```
    pub fn api_error(&self) -> Option<&ApiError> {
        self.error.api_error()
    }

    /// The HTTP status of the error underneath ([`Error::status`]).
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// if e.status().map(|s| s.as_u16()) == Some(403) { /* the API-key quota */ }
    /// # }
    /// ```
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        self.error.status()
    }

    /// `true` when the error underneath is an HTTP 404 ([`Error::is_not_found`]).
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// if e.is_not_found() { /* the project was already gone */ }
    /// # }
    /// ```
    pub fn is_not_found(&self) -> bool {
        self.error.is_not_found()
    }

    /// `true` when running the cleanup again later may succeed ([`Error::is_retryable`]).
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// if e.is_retryable() { /* try again later; the cleanup is safe to repeat */ }
    /// # }
    /// ```
    pub fn is_retryable(&self) -> bool {
        self.error.is_retryable()
    }

    /// The request id of the failed call underneath ([`Error::request_id`]).
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// eprintln!("request id {}", e.request_id().unwrap_or("unknown"));
    /// # }
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.error.request_id()
    }

    /// How long the server asked to wait, for the error underneath ([`Error::retry_after`]).
    ///
    /// ```
    /// # fn f(e: pinecone_admin::CleanupError) {
    /// if let Some(wait) = e.retry_after() { eprintln!("retry in {wait:?}"); }
    /// # }
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        self.error.retry_after()
    }
}

impl fmt::Display for CleanupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let project = &self.report.project_id;
        match self.stage {
            CleanupStage::Validation => write!(f, "cannot clean up project {project:?}: {}", self.error)?,
            CleanupStage::TemporaryKey => {
                write!(
                    f,
                    "could not create the temporary API key for project {project}: {}",
                    self.error
                )?;
                if matches!(self.error, Error::Forbidden(_)) {
                    f.write_str(
                        "; the project's API key quota is the likely cause (delete an unused key and try again)",
                    )?;
                }
                if self.leftover_key.is_some() {
                    f.write_str("; none of the project's resources were deleted")?;
                } else {
                    f.write_str("; nothing was deleted")?;
                }
            }
            CleanupStage::DeletionProtection => {
                write!(
                    f,
                    "project {project} has indexes with deletion protection enabled: {}; ",
                    self.report.blocked_by_protection.join(", ")
                )?;
                if self.report.nothing_deleted() {
                    f.write_str("nothing was deleted")?;
                } else {
                    f.write_str("the cleanup stopped")?;
                }
                f.write_str(
                    " (turn their protection off, or ask the cleanup to: disable_deletion_protection / --force-unprotect)",
                )?;
            }
            CleanupStage::Resources => write!(
                f,
                "could not delete the resources of project {project} in {} pass(es): {}",
                self.report.attempts, self.error
            )?,
            CleanupStage::DeleteTemporaryKey => write!(
                f,
                "could not delete the temporary API key of project {project}: {}",
                self.error
            )?,
            CleanupStage::DeleteProject => write!(
                f,
                "the resources of project {project} were deleted, but deleting the project failed: {}",
                self.error
            )?,
            CleanupStage::WaitForProject => write!(
                f,
                "project {project} was deleted but still exists: {}",
                self.error
            )?,
        }
        if !matches!(
            self.stage,
            CleanupStage::Validation
                | CleanupStage::TemporaryKey
                | CleanupStage::DeletionProtection
        ) && self.report.total() > 0
        {
            write!(
                f,
                " ({} resource(s) deleted before that)",
                self.report.total()
            )?;
        }
        match &self.leftover_key {
            Some(key) if key.is_known_to_exist() => write!(
                f,
                "; the {key} could not be deleted ({}): delete it by hand",
                key.reason
            )?,
            Some(key) => write!(
                f,
                "; a {key} (role ProjectEditor) may exist, as its create may have been processed, \
                 and checking for it failed ({}): if it exists, it must be deleted by hand",
                key.reason
            )?,
            None => {}
        }
        Ok(())
    }
}

impl std::error::Error for CleanupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Deletes the temporary key when dropped while still armed (the cleanup future was
/// dropped): best effort, in a task on the current Tokio runtime. Until the key's id is known
/// (the create may be in flight), keys with the key's unique name are looked up and deleted.
struct KeyGuard {
    admin: Admin,
    project_id: String,
    name: String,
    key_id: Option<String>,
    sweep: SweepBudget,
    armed: bool,
}

impl KeyGuard {
    fn disarm(&mut self) {
        self.armed = false;
    }
}

impl Drop for KeyGuard {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let what = self
            .key_id
            .clone()
            .unwrap_or_else(|| format!("named {}", self.name));
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                tracing::warn!(
                    target: "pinecone_admin::cleanup",
                    project_id = %self.project_id,
                    "cleanup cancelled: deleting the temporary API key {what} in the background"
                );
                let admin = self.admin.clone();
                let project_id = std::mem::take(&mut self.project_id);
                let name = std::mem::take(&mut self.name);
                let key_id = self.key_id.take();
                let sweep = self.sweep;
                handle.spawn(async move {
                    match key_id {
                        Some(id) => delete_key_logged(&admin, &id).await,
                        // Failures are logged (naming the key) by the sweep itself.
                        None => {
                            let _ = sweep_keys_named(&admin, &project_id, &name, sweep).await;
                        }
                    }
                });
            }
            Err(_) => tracing::error!(
                target: "pinecone_admin::cleanup",
                project_id = %self.project_id,
                "cleanup cancelled outside a Tokio runtime: the temporary API key {what} is left; delete it by hand"
            ),
        }
    }
}

/// Deletes a key; "not found" is fine, any other failure is logged with the key id.
async fn delete_key_logged(admin: &Admin, key_id: &str) {
    match admin.api_keys().delete(key_id).await {
        Ok(()) => {}
        Err(e) if e.is_not_found() => {}
        Err(e) => tracing::error!(
            target: "pinecone_admin::cleanup",
            key_id = %key_id,
            error = %e,
            "could not delete the temporary API key {key_id}: delete it by hand"
        ),
    }
}

/// How hard [`sweep_keys_named`] tries: look-ups, total time, pacing.
#[derive(Debug, Clone, Copy)]
struct SweepBudget {
    attempts: u32,
    within: Duration,
    min: Duration,
    max: Duration,
}

impl SweepBudget {
    fn of(options: &CleanupOptions) -> Self {
        Self {
            attempts: options.sweep_attempts,
            within: options.sweep_timeout,
            min: options.poll_min,
            max: options.poll_max,
        }
    }
}

/// Finds and deletes every key of the project named `name`: a temporary key whose create
/// may have been processed although its answer was an error. The only way to know is to
/// look, so the look-up (a listing with the client's retries, then the deletes) is itself
/// retried with backoff, at most `budget.attempts` times within `budget.within`.
///
/// `Ok(n)`: a listing confirmed that no such key is left (`n` were deleted; a project that no
/// longer exists has no keys). `Err`: no look-up got through; the key may exist and is named
/// (with its id if a listing found it but the delete failed), also in a `tracing::error!`.
async fn sweep_keys_named(
    admin: &Admin,
    project_id: &str,
    name: &str,
    budget: SweepBudget,
) -> std::result::Result<usize, LeftoverKey> {
    let started = tokio::time::Instant::now();
    let deadline = started + budget.within;
    let mut delays = ExponentialBuilder::default()
        .with_min_delay(budget.min)
        .with_max_delay(budget.max)
        .with_factor(2.0)
        .without_max_times()
        .build();
    let mut found: Option<String> = None;
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let error = match sweep_once(admin, project_id, name, deadline, &mut found).await {
            Ok(deleted) => {
                if attempt > 1 {
                    tracing::info!(
                        target: "pinecone_admin::cleanup",
                        project_id = %project_id,
                        attempt,
                        "checked for a temporary API key named {name} ({deleted} deleted)"
                    );
                }
                return Ok(deleted);
            }
            Err(e) => e,
        };
        let delay = delays.next().unwrap_or(budget.max);
        if attempt >= budget.attempts || tokio::time::Instant::now() + delay >= deadline {
            let leftover = LeftoverKey {
                id: found,
                name: name.to_owned(),
                reason: format!(
                    "{attempt} look-up(s) over {} failed, the last with: {error}",
                    Secs(started.elapsed())
                ),
            };
            tracing::error!(
                target: "pinecone_admin::cleanup",
                project_id = %project_id,
                key_name = %name,
                key_id = leftover.id.as_deref().unwrap_or("unknown"),
                error = %error,
                "the {leftover} may exist and could not be deleted ({}); if it exists, delete it by hand",
                leftover.reason
            );
            return Err(leftover);
        }
        tracing::warn!(
            target: "pinecone_admin::cleanup",
            project_id = %project_id,
            attempt,
            error = %error,
            "could not check for a temporary API key named {name}; trying again in {}",
            Secs(delay)
        );
        tokio::time::sleep(delay).await;
    }
}

/// One look-up of [`sweep_keys_named`]; records the id of a key it finds in `found`.
async fn sweep_once(
    admin: &Admin,
    project_id: &str,
    name: &str,
    deadline: tokio::time::Instant,
    found: &mut Option<String>,
) -> Result<usize> {
    let keys = match tokio::time::timeout_at(deadline, admin.api_keys().list(project_id)).await {
        Ok(Ok(keys)) => keys,
        // No project, no keys.
        Ok(Err(e)) if e.is_not_found() => return Ok(0),
        Ok(Err(e)) => return Err(e),
        Err(_) => {
            return Err(Error::Timeout {
                message: "listing the project's API keys did not finish in time".to_owned(),
                source: None,
            })
        }
    };
    let mut deleted = 0;
    for key in keys.into_iter().filter(|k| k.name == name) {
        tracing::warn!(
            target: "pinecone_admin::cleanup",
            key_id = %key.id,
            "found the temporary API key {} although its create did not answer; deleting it",
            key.id
        );
        *found = Some(key.id.clone());
        match admin.api_keys().delete(&key.id).await {
            Ok(()) => deleted += 1,
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(deleted)
}

/// One deletion.
#[derive(Debug, Clone)]
enum Task {
    Index { name: String, protected: bool },
    Collection(String),
    Assistant(String),
    Backup(String),
}

/// A pass outcome that stops at once, or that a later pass may fix.
enum PassError {
    Fatal(CleanupStage, Error),
    Retry(Error),
}

/// A client-side decision expressed as an API error (no request id).
fn local_error(status: reqwest::StatusCode, code: &str, message: &str) -> Error {
    let body = serde_json::json!({
        "status": status.as_u16(),
        "error": { "code": code, "message": message },
    });
    Error::from_api(ApiError::from_response(
        status,
        &reqwest::header::HeaderMap::new(),
        body.to_string().as_bytes(),
    ))
}

/// What a project holds on the control plane.
struct Inventory {
    indexes: Vec<Index>,
    collections: Vec<Collection>,
    assistants: Vec<Assistant>,
    backups: Vec<Backup>,
}

impl Inventory {
    async fn fetch(control: &ControlPlane) -> Result<Self> {
        let (indexes, collections, assistants, backups) = futures::try_join!(
            control.list_indexes(),
            control.list_collections(),
            control.list_assistants(),
            control.list_backups(),
        )?;
        Ok(Self {
            indexes,
            collections,
            assistants,
            backups,
        })
    }

    fn len(&self) -> usize {
        self.indexes.len() + self.collections.len() + self.assistants.len() + self.backups.len()
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Everything left is being deleted already.
    fn all_leaving(&self) -> bool {
        self.indexes.iter().all(Index::is_terminating)
            && self
                .collections
                .iter()
                .all(|c| matches!(c.status.as_str(), "Terminating" | "Terminated"))
            && self.assistants.iter().all(|a| a.status == "Terminating")
            && self.backups.is_empty()
    }

    fn names(&self) -> Vec<String> {
        self.indexes
            .iter()
            .map(|i| format!("index {}", i.name))
            .chain(
                self.collections
                    .iter()
                    .map(|c| format!("collection {}", c.name)),
            )
            .chain(
                self.assistants
                    .iter()
                    .map(|a| format!("assistant {}", a.name)),
            )
            .chain(
                self.backups
                    .iter()
                    .map(|b| format!("backup {}", b.backup_id)),
            )
            .collect()
    }
}

/// The state of one cleanup run.
struct Run {
    admin: Admin,
    project_id: String,
    options: CleanupOptions,
    report: CleanupReport,
    started: Instant,
}

impl Run {
    fn emit(&self, event: CleanupEvent) {
        tracing::info!(target: "pinecone_admin::cleanup", project_id = %self.project_id, "{event}");
        if let Some(f) = &self.options.on_progress {
            f(event);
        }
    }

    fn fail(
        mut self,
        stage: CleanupStage,
        error: Error,
        leftover_key: Option<LeftoverKey>,
    ) -> CleanupError {
        self.report.elapsed = self.started.elapsed();
        CleanupError {
            stage,
            error,
            report: self.report,
            leftover_key,
        }
    }

    fn backoff(&self) -> impl Iterator<Item = Duration> {
        ExponentialBuilder::default()
            .with_min_delay(self.options.poll_min)
            .with_max_delay(self.options.poll_max)
            .with_factor(2.0)
            .without_max_times()
            .build()
    }

    /// Creates the temporary key named `name`. When the create may have been processed
    /// although it failed (5xx, timeout, lost connection, undecodable answer), any key with
    /// that unique name is deleted again (with bounded retries), so none is orphaned; when
    /// that cannot be confirmed, the error comes with the key that may exist.
    async fn create_temporary_key(
        &self,
        name: &str,
    ) -> std::result::Result<(String, Secret), (Error, Option<LeftoverKey>)> {
        let request = CreateApiKey::new(name).roles([ApiKeyRole::ProjectEditor]);
        match self
            .admin
            .api_keys()
            .create(&self.project_id, request)
            .await
        {
            Ok(created) => {
                let (key, secret) = created.into_parts();
                Ok((key.id, secret))
            }
            Err(e) => {
                let leftover = if create_may_have_happened(&e) {
                    let budget = SweepBudget::of(&self.options);
                    sweep_keys_named(&self.admin, &self.project_id, name, budget)
                        .await
                        .err()
                } else {
                    None
                };
                Err((e, leftover))
            }
        }
    }

    /// Deletes the temporary key; `Err` keeps the failure (after the client's retries).
    async fn delete_temporary_key(&mut self, key_id: &str) -> Result<()> {
        match self.admin.api_keys().delete(key_id).await {
            Ok(()) => {}
            Err(e) if e.is_not_found() => {}
            Err(e) => {
                tracing::error!(
                    target: "pinecone_admin::cleanup",
                    project_id = %self.project_id,
                    key_id = %key_id,
                    error = %e,
                    "could not delete the temporary API key {key_id}"
                );
                return Err(e);
            }
        }
        self.report.temporary_key_deleted = true;
        self.emit(CleanupEvent::TemporaryKeyDeleted {
            key_id: key_id.to_owned(),
        });
        Ok(())
    }

    /// Every pass, until one succeeds, one fails for good, or the passes run out.
    async fn clean(
        &mut self,
        control: &ControlPlane,
    ) -> std::result::Result<(), (CleanupStage, Error)> {
        let max = self.options.max_attempts;
        let mut last = None;
        for attempt in 1..=max {
            self.report.attempts = attempt;
            self.emit(CleanupEvent::AttemptStarted {
                attempt,
                max_attempts: max,
            });
            match self.pass(control).await {
                Ok(()) => return Ok(()),
                Err(PassError::Fatal(stage, e)) => return Err((stage, e)),
                Err(PassError::Retry(e)) => {
                    let retry_in = (attempt < max).then_some(self.options.retry_delay);
                    tracing::warn!(
                        target: "pinecone_admin::cleanup",
                        project_id = %self.project_id,
                        attempt,
                        error = %e,
                        "cleanup pass failed"
                    );
                    self.emit(CleanupEvent::AttemptFailed {
                        attempt,
                        error: e.to_string(),
                        retry_in,
                    });
                    last = Some(e);
                    if let Some(delay) = retry_in {
                        tokio::time::sleep(delay).await;
                    }
                }
            }
        }
        Err((
            CleanupStage::Resources,
            last.expect("at least one pass ran"),
        ))
    }

    /// One pass: look, check protection, delete everything concurrently, look again.
    async fn pass(&mut self, control: &ControlPlane) -> std::result::Result<(), PassError> {
        let Inventory {
            indexes,
            collections,
            assistants,
            backups,
        } = Inventory::fetch(control).await.map_err(PassError::Retry)?;

        let protected: Vec<String> = indexes
            .iter()
            .filter(|i| i.is_protected() && !i.is_terminating())
            .map(|i| i.name.clone())
            .collect();
        if !protected.is_empty() {
            if self.options.disable_protection {
                if self.options.dry_run {
                    self.report.protection_disabled = sorted(protected.clone());
                }
            } else {
                self.report.blocked_by_protection = sorted(protected.clone());
                if !self.options.dry_run {
                    let message = format!(
                        "indexes with deletion protection enabled cannot be deleted: {}",
                        self.report.blocked_by_protection.join(", ")
                    );
                    return Err(PassError::Fatal(
                        CleanupStage::DeletionProtection,
                        local_error(
                            reqwest::StatusCode::PRECONDITION_FAILED,
                            "DELETION_PROTECTION_ENABLED",
                            &message,
                        ),
                    ));
                }
            }
        }

        self.emit(CleanupEvent::Found {
            indexes: indexes.len(),
            collections: collections.len(),
            assistants: assistants.len(),
            backups: backups.len(),
        });

        if self.options.dry_run {
            for i in &indexes {
                self.report.record(ResourceKind::Index, &i.name);
            }
            for c in &collections {
                self.report.record(ResourceKind::Collection, &c.name);
            }
            for a in &assistants {
                self.report.record(ResourceKind::Assistant, &a.name);
            }
            for b in &backups {
                self.report.record(ResourceKind::Backup, &b.backup_id);
            }
            return Ok(());
        }

        let tasks = tasks(&indexes, &collections, &assistants, &backups);
        if tasks.is_empty() {
            return Ok(());
        }
        let this: &Run = self;
        let outcomes: Vec<(Task, Result<bool>)> = stream::iter(tasks)
            .map(|task| async move {
                let outcome = this.run_task(control, &task).await;
                (task, outcome)
            })
            .buffer_unordered(self.options.concurrency)
            .collect()
            .await;

        let mut first_error = None;
        let mut failures = 0usize;
        for (task, outcome) in outcomes {
            match outcome {
                Ok(unprotected) => {
                    let (kind, name) = task.kind_and_name();
                    if unprotected {
                        let list = &mut self.report.protection_disabled;
                        if let Err(at) = list.binary_search(&name.to_owned()) {
                            list.insert(at, name.to_owned());
                        }
                    }
                    self.report.record(kind, name);
                }
                Err(e) => {
                    failures += 1;
                    let (kind, name) = task.kind_and_name();
                    tracing::warn!(
                        target: "pinecone_admin::cleanup",
                        project_id = %self.project_id,
                        kind = %kind,
                        name = %name,
                        error = %e,
                        "could not delete {kind} {name}"
                    );
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            if failures > 1 {
                tracing::warn!(
                    target: "pinecone_admin::cleanup",
                    failures,
                    "{failures} deletions failed in this pass"
                );
            }
            return Err(PassError::Retry(e));
        }

        // Check that the project is empty. Resources still on their way out (a collection
        // Terminating) are waited for, within the resource timeout; anything else (created
        // meanwhile) fails the pass at once, for the next pass to delete.
        wait_for_absence(
            "a resource of the cleaned project (still being deleted)",
            self.options.resource_timeout,
            self.options.poll_min,
            self.options.poll_max,
            || async {
                let left = Inventory::fetch(control).await?;
                if left.is_empty() {
                    Ok(false)
                } else if left.all_leaving() {
                    Ok(true)
                } else {
                    Err(local_error(
                        reqwest::StatusCode::PRECONDITION_FAILED,
                        "FAILED_PRECONDITION",
                        &format!(
                            "{} resource(s) still in the project after the pass: {}",
                            left.len(),
                            left.names().join(", ")
                        ),
                    ))
                }
            },
        )
        .await
        .map_err(PassError::Retry)
    }

    /// Deletes one resource and waits until it is gone. `Ok(true)` when deletion protection
    /// was turned off on the way.
    async fn run_task(&self, control: &ControlPlane, task: &Task) -> Result<bool> {
        let mut unprotected = false;
        match task {
            Task::Index { name, protected } => {
                if *protected {
                    match control.disable_deletion_protection(name).await {
                        Ok(_) => {
                            unprotected = true;
                            self.emit(CleanupEvent::DeletionProtectionDisabled {
                                index: name.clone(),
                            });
                        }
                        Err(e) if e.is_not_found() => {}
                        Err(e) => return Err(e),
                    }
                }
                tolerate_not_found(control.delete_index(name).await)?;
                self.wait_gone(ResourceKind::Index, name, || async {
                    match control.describe_index(name).await {
                        Ok(_) => Ok(true),
                        Err(e) if e.is_not_found() => Ok(false),
                        Err(e) => Err(e),
                    }
                })
                .await?;
            }
            Task::Collection(name) => {
                tolerate_not_found(control.delete_collection(name).await)?;
            }
            Task::Assistant(name) => {
                tolerate_not_found(control.delete_assistant(name).await)?;
                self.wait_gone(ResourceKind::Assistant, name, || async {
                    match control.describe_assistant(name).await {
                        Ok(_) => Ok(true),
                        Err(e) if e.is_not_found() => Ok(false),
                        Err(e) => Err(e),
                    }
                })
                .await?;
            }
            Task::Backup(id) => {
                tolerate_not_found(control.delete_backup(id).await)?;
            }
        }
        let (kind, name) = task.kind_and_name();
        self.emit(CleanupEvent::Deleted {
            kind,
            name: name.to_owned(),
        });
        Ok(unprotected)
    }

    /// Polls `still_there` (with backoff) until it says no, for at most the resource timeout.
    async fn wait_gone<F, Fut>(&self, kind: ResourceKind, name: &str, still_there: F) -> Result<()>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<bool>>,
    {
        wait_for_absence(
            &format!("{kind} {name} (deleted)"),
            self.options.resource_timeout,
            self.options.poll_min,
            self.options.poll_max,
            still_there,
        )
        .await
    }

    /// Deletes the project, retrying while it answers 412 (bounded); 404 counts as deleted.
    async fn delete_project(&self) -> Result<()> {
        let projects = self.admin.projects();
        let deadline = Instant::now() + self.options.project_delete_timeout;
        let mut delays = self.backoff();
        loop {
            match projects.delete(&self.project_id).await {
                Ok(()) => return Ok(()),
                Err(e) if e.is_not_found() => return Ok(()),
                Err(Error::FailedPrecondition(api)) => {
                    let delay = delays.next().unwrap_or(self.options.poll_max);
                    if Instant::now() + delay > deadline {
                        return Err(Error::FailedPrecondition(api));
                    }
                    self.emit(CleanupEvent::ProjectDeleteRetry {
                        reason: api.message().to_owned(),
                    });
                    tokio::time::sleep(delay).await;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

fn tolerate_not_found(result: Result<()>) -> Result<()> {
    match result {
        Err(e) if e.is_not_found() => Ok(()),
        other => other,
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn tasks(
    indexes: &[Index],
    collections: &[Collection],
    assistants: &[Assistant],
    backups: &[Backup],
) -> Vec<Task> {
    let mut tasks: Vec<Task> = indexes
        .iter()
        .map(|i| Task::Index {
            name: i.name.clone(),
            protected: i.is_protected() && !i.is_terminating(),
        })
        .collect();
    tasks.extend(collections.iter().map(|c| Task::Collection(c.name.clone())));
    tasks.extend(assistants.iter().map(|a| Task::Assistant(a.name.clone())));
    let mut seen = BTreeSet::new();
    tasks.extend(
        backups
            .iter()
            .filter(|b| seen.insert(b.backup_id.clone()))
            .map(|b| Task::Backup(b.backup_id.clone())),
    );
    tasks
}

impl Task {
    fn kind_and_name(&self) -> (ResourceKind, &str) {
        match self {
            Task::Index { name, .. } => (ResourceKind::Index, name),
            Task::Collection(name) => (ResourceKind::Collection, name),
            Task::Assistant(name) => (ResourceKind::Assistant, name),
            Task::Backup(id) => (ResourceKind::Backup, id),
        }
    }
}

impl Projects {
    /// Deletes a project and everything in it: its indexes, collections, assistants and
    /// backups, then the project. [`CleanupOptions`] holds the knobs (dry run, deletion
    /// protection, passes, concurrency, timeouts, progress).
    ///
    /// The control plane takes a project API key, not the admin token, so the workflow:
    /// 1. creates a temporary `ProjectEditor` key with a unique name (`_cleanup_temp_<random>`);
    ///    a `403` there (usually the project's key quota) stops everything before anything is
    ///    deleted; if the create fails in a way that may have created the key anyway, any key
    ///    with that name is looked up and deleted again, retrying the look-up within a bounded
    ///    budget ([`CleanupOptions::temporary_key_sweep`]), and named in the error if that
    ///    cannot be confirmed;
    /// 2. lists the project's indexes, collections, assistants and backups, and refuses,
    ///    before deleting anything, when indexes have deletion protection, naming them (unless
    ///    [`CleanupOptions::disable_deletion_protection`] asks to turn it off first);
    /// 3. deletes them concurrently (at most [`CleanupOptions::concurrency`] at a time),
    ///    treating "not found" as done, waits (bounded, polling with backoff) until each index
    ///    and assistant has disappeared, and lists again to check that nothing is left;
    /// 4. repeats the pass up to [`CleanupOptions::max_attempts`] times,
    ///    [`CleanupOptions::retry_delay`] apart;
    /// 5. deletes the temporary key whatever happened (also when this future is dropped: a
    ///    background task on the current Tokio runtime deletes it); a failure there is logged
    ///    with `tracing::error!` and named in the error, never hiding the original error;
    /// 6. deletes the project, retrying while it answers `412` for a bounded time, and
    ///    optionally waits until it is gone;
    /// 7. returns a [`CleanupReport`].
    ///
    /// A dry run stops after step 2 of the first pass: the report lists what would be deleted
    /// and which protected indexes block it; only the temporary key is created and deleted.
    ///
    /// # Errors
    /// A [`CleanupError`] saying where it stopped ([`CleanupStage`]), with the underlying
    /// [`Error`] and the [`CleanupReport`] so far: a `403` creating the temporary key (likely
    /// the key quota; nothing deleted), protected indexes (named; nothing deleted), failures on
    /// every pass (the last error), or the project delete failing (e.g. still `412` after the
    /// bounded retries). A temporary key that may be left (its delete failed, or its create
    /// failed after perhaps being processed and the [sweep](CleanupOptions::temporary_key_sweep)
    /// could not check) is named in the message and by
    /// [`CleanupError::leftover_temporary_key`].
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use pinecone_admin::CleanupOptions;
    ///
    /// // See first what would go.
    /// let plan = admin
    ///     .projects()
    ///     .delete_with_cleanup("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", CleanupOptions::new().dry_run(true))
    ///     .await?;
    /// println!("{plan}");
    ///
    /// let report = admin
    ///     .projects()
    ///     .delete_with_cleanup(
    ///         "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1",
    ///         CleanupOptions::new().max_attempts(3).retry_delay(Duration::from_secs(10)),
    ///     )
    ///     .await?;
    /// assert!(report.project_deleted);
    /// # Ok(()) }
    /// ```
    pub async fn delete_with_cleanup(
        &self,
        project_id: &str,
        options: CleanupOptions,
    ) -> std::result::Result<CleanupReport, CleanupError> {
        let mut run = Run {
            admin: self.admin.clone(),
            project_id: project_id.to_owned(),
            report: CleanupReport::new(project_id, options.dry_run),
            options,
            started: Instant::now(),
        };
        if let Err(e) = validate::id("project_id", project_id).and_then(|()| run.options.validate())
        {
            return Err(run.fail(CleanupStage::Validation, e, None));
        }

        // 1. The temporary key, guarded from here on against this future being dropped.
        let name = format!(
            "{TEMP_KEY_PREFIX}{}",
            Alphanumeric
                .sample_string(&mut rand::rng(), 16)
                .to_ascii_lowercase()
        );
        let mut guard = KeyGuard {
            admin: run.admin.clone(),
            project_id: run.project_id.clone(),
            name: name.clone(),
            key_id: None,
            sweep: SweepBudget::of(&run.options),
            armed: true,
        };
        let (key_id, key) = match run.create_temporary_key(&name).await {
            Ok(created) => created,
            Err((e, leftover)) => {
                guard.disarm();
                return Err(run.fail(CleanupStage::TemporaryKey, e, leftover));
            }
        };
        guard.key_id = Some(key_id.clone());
        run.report.temporary_key_id = Some(key_id.clone());
        run.emit(CleanupEvent::TemporaryKeyCreated {
            key_id: key_id.clone(),
        });

        // 2-4. The passes.
        let control = ControlPlane::new(run.admin.clone(), key);
        let outcome = run.clean(&control).await;
        drop(control);

        // 5. The temporary key goes whatever happened.
        let key_error = run.delete_temporary_key(&key_id).await.err();
        guard.disarm();
        let leftover = key_error.as_ref().map(|e| LeftoverKey {
            id: Some(key_id.clone()),
            name: name.clone(),
            reason: format!("deleting it failed: {e}"),
        });

        if let Err((stage, e)) = outcome {
            return Err(run.fail(stage, e, leftover));
        }
        if run.options.dry_run {
            return match key_error {
                Some(e) => Err(run.fail(CleanupStage::DeleteTemporaryKey, e, leftover)),
                None => {
                    run.report.elapsed = run.started.elapsed();
                    Ok(run.report)
                }
            };
        }

        // 6. The project (its keys go with it, a leftover temporary key included).
        if let Err(e) = run.delete_project().await {
            return Err(run.fail(CleanupStage::DeleteProject, e, leftover));
        }
        run.report.project_deleted = true;
        run.report.temporary_key_deleted = true;
        run.emit(CleanupEvent::ProjectDeleted {
            project_id: run.project_id.clone(),
        });
        if let Some(timeout) = run.options.wait_for_project {
            if let Err(e) = self.wait_until_deleted(&run.project_id, timeout).await {
                return Err(run.fail(CleanupStage::WaitForProject, e, None));
            }
        }
        run.report.elapsed = run.started.elapsed();
        Ok(run.report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_display_and_json() {
        let mut r = CleanupReport::new("p1", false);
        r.record(ResourceKind::Index, "b");
        r.record(ResourceKind::Index, "a");
        r.record(ResourceKind::Index, "a");
        r.record(ResourceKind::Backup, "bk-1");
        r.attempts = 2;
        r.elapsed = Duration::from_millis(1500);
        r.project_deleted = true;
        assert_eq!(r.indexes, ["a", "b"]);
        let text = r.to_string();
        assert!(text.contains("Deleted project p1"), "{text}");
        assert!(text.contains("indexes (2): a, b"), "{text}");
        assert!(text.contains("2 pass(es), 1.50 s"), "{text}");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["elapsed_secs"], 1.5);
        assert_eq!(json["indexes"], serde_json::json!(["a", "b"]));
        assert!(!r.nothing_deleted());
        assert_eq!(r.total(), 3);
    }

    #[test]
    fn errors_explain_themselves() {
        let quota = local_error(
            reqwest::StatusCode::FORBIDDEN,
            "QUOTA_EXCEEDED",
            "limit of 20",
        );
        let e = CleanupError {
            stage: CleanupStage::TemporaryKey,
            error: quota,
            report: CleanupReport::new("p1", false),
            leftover_key: None,
        };
        let text = e.to_string();
        assert!(text.contains("quota is the likely cause"), "{text}");
        assert!(text.contains("nothing was deleted"), "{text}");
        // The error keeps the stage and the hint, and its helpers answer for the 403.
        assert_eq!(e.stage(), CleanupStage::TemporaryKey);
        assert_eq!(e.stage().to_string(), "temporary_key");
        assert!(matches!(e.error(), Error::Forbidden(_)));
        assert!(!text.contains('\n'), "{text}");
        assert_eq!(e.status().map(|s| s.as_u16()), Some(403));
        assert!(!e.is_not_found() && !e.is_retryable());
        assert_eq!(
            e.api_error().and_then(ApiError::code),
            Some("QUOTA_EXCEEDED")
        );
        assert!(std::error::Error::source(&e).is_some());
        assert!(matches!(e.into_error(), Error::Forbidden(_)));

        let mut report = CleanupReport::new("p1", false);
        report.blocked_by_protection = vec!["docs".into(), "prod".into()];
        let e = CleanupError {
            stage: CleanupStage::DeletionProtection,
            error: local_error(reqwest::StatusCode::PRECONDITION_FAILED, "X", "y"),
            report,
            leftover_key: Some(LeftoverKey {
                id: Some("k-1".into()),
                name: "_cleanup_temp_abc".into(),
                reason: "deleting it failed: server error".into(),
            }),
        };
        let text = e.to_string();
        assert!(
            text.contains("docs, prod") && text.contains("nothing was deleted"),
            "{text}"
        );
        assert!(
            text.contains("temporary API key _cleanup_temp_abc (id k-1) could not be deleted"),
            "{text}"
        );
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn a_key_that_may_exist_is_named() {
        let e = CleanupError {
            stage: CleanupStage::TemporaryKey,
            error: local_error(
                reqwest::StatusCode::INTERNAL_SERVER_ERROR,
                "UNKNOWN",
                "boom",
            ),
            report: CleanupReport::new("p1", false),
            leftover_key: Some(LeftoverKey {
                id: None,
                name: "_cleanup_temp_xyz".into(),
                reason: "3 look-up(s) over 0.10 s failed, the last with: server error".into(),
            }),
        };
        let text = e.to_string();
        assert!(
            text.contains(
                "a temporary API key named _cleanup_temp_xyz (role ProjectEditor) may exist"
            ),
            "{text}"
        );
        assert!(text.contains("must be deleted by hand"), "{text}");
        assert!(text.contains("3 look-up(s)"), "{text}");
        assert!(!text.contains("nothing was deleted"), "{text}");
        assert!(
            text.contains("none of the project's resources were deleted"),
            "{text}"
        );
        let key = e.leftover_temporary_key().unwrap();
        assert_eq!((key.id(), key.name()), (None, "_cleanup_temp_xyz"));
        assert!(!key.is_known_to_exist());
        let json = serde_json::to_value(key).unwrap();
        assert_eq!(json["name"], "_cleanup_temp_xyz");
        assert!(json["id"].is_null());
        // Kept when boxed as a plain error.
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().contains("_cleanup_temp_xyz"));
        let e = boxed.downcast_ref::<CleanupError>().unwrap();
        assert_eq!(
            e.leftover_temporary_key().map(LeftoverKey::name),
            Some("_cleanup_temp_xyz")
        );
        assert!(e.is_retryable(), "a 500 underneath");
    }

    #[test]
    fn options_are_checked() {
        assert!(CleanupOptions::new().validate().is_ok());
        assert!(CleanupOptions::new().max_attempts(0).validate().is_err());
        assert!(CleanupOptions::new().concurrency(0).validate().is_err());
        assert!(CleanupOptions::new().concurrency(65).validate().is_err());
        assert!(CleanupOptions::new()
            .temporary_key_sweep(0, Duration::from_secs(1))
            .validate()
            .is_err());
        assert!(CleanupOptions::new()
            .poll_interval(Duration::ZERO, Duration::from_secs(1))
            .validate()
            .is_err());
        let debug = format!("{:?}", CleanupOptions::new().on_progress(|_| {}));
        assert!(debug.contains("on_progress: true"), "{debug}");
    }
}
