//! [`CleanupError`]: where a cleanup stopped ([`CleanupStage`]), with the report so far and
//! any temporary key it may have left ([`LeftoverKey`]).

use super::*;

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
    pub(super) id: Option<String>,
    pub(super) name: String,
    pub(super) reason: String,
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
    pub(super) stage: CleanupStage,
    pub(super) error: Error,
    pub(super) report: CleanupReport,
    pub(super) leftover_key: Option<LeftoverKey>,
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
