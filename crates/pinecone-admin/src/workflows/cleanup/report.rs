//! [`CleanupReport`]: what a cleanup did, or in a dry run would do.

use super::*;

pub(super) fn secs<S: Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// What a cleanup did (or, in a dry run, would do).
///
/// `Serialize` gives the CLI's JSON output (`elapsed` in seconds); `Display` a summary.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> Result<(), pinecone_admin::CleanupError> {
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
    pub(super) fn new(project_id: &str, dry_run: bool) -> Self {
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

    pub(super) fn record(&mut self, kind: ResourceKind, name: &str) {
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

pub(super) fn write_list(f: &mut fmt::Formatter<'_>, what: &str, names: &[String]) -> fmt::Result {
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
