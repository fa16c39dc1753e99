//! [`CleanupOptions`]: how a cleanup behaves.

use super::*;

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
    pub(super) max_attempts: u32,
    pub(super) retry_delay: Duration,
    pub(super) concurrency: usize,
    pub(super) resource_timeout: Duration,
    pub(super) poll_min: Duration,
    pub(super) poll_max: Duration,
    pub(super) project_delete_timeout: Duration,
    pub(super) wait_for_project: Option<Duration>,
    pub(super) sweep_attempts: u32,
    pub(super) sweep_timeout: Duration,
    pub(super) sweep_grace: Duration,
    pub(super) disable_protection: bool,
    pub(super) dry_run: bool,
    pub(super) on_progress: Option<ProgressFn>,
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
            sweep_grace: Duration::from_secs(5),
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
            .field("temporary_key_grace", &self.sweep_grace)
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

    /// How long to wait before looking for the temporary key a second time, after a first
    /// look found nothing to be sure of (default 5 s). A create that timed out may still be
    /// processed by the server after the client gave up, so one look right away is not proof
    /// that no key exists. Zero looks once.
    ///
    /// ```
    /// let options = pinecone_admin::CleanupOptions::new()
    ///     .temporary_key_grace(std::time::Duration::from_secs(10));
    /// ```
    pub fn temporary_key_grace(mut self, grace: Duration) -> Self {
        self.sweep_grace = grace;
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

    pub(super) fn validate(&self) -> Result<()> {
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
