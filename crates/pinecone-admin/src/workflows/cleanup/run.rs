//! The cleanup engine: the inventory of a project, passes of bounded-concurrency deletions,
//! then the temporary key and the project itself.

use super::*;

/// One deletion.
#[derive(Debug, Clone)]
pub(super) enum Task {
    Index { name: String, protected: bool },
    Collection(String),
    Assistant(String),
    Backup(String),
}

/// A pass outcome that stops at once, or that a later pass may fix.
pub(super) enum PassError {
    Fatal(CleanupStage, Error),
    Retry(Error),
}

/// A client-side decision expressed as an API error (no request id).
pub(super) fn local_error(status: reqwest::StatusCode, code: &str, message: &str) -> Error {
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
pub(super) struct Inventory {
    pub(super) indexes: Vec<Index>,
    pub(super) collections: Vec<Collection>,
    pub(super) assistants: Vec<Assistant>,
    pub(super) backups: Vec<Backup>,
}

impl Inventory {
    pub(super) async fn fetch(control: &ControlPlane) -> Result<Self> {
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

    pub(super) fn len(&self) -> usize {
        self.indexes.len() + self.collections.len() + self.assistants.len() + self.backups.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Everything left is being deleted already.
    pub(super) fn all_leaving(&self) -> bool {
        self.indexes.iter().all(Index::is_terminating)
            && self
                .collections
                .iter()
                .all(|c| matches!(c.status.as_str(), "Terminating" | "Terminated"))
            && self.assistants.iter().all(|a| a.status == "Terminating")
            && self.backups.is_empty()
    }

    pub(super) fn names(&self) -> Vec<String> {
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
pub(super) struct Run {
    pub(super) admin: Admin,
    pub(super) project_id: String,
    pub(super) options: CleanupOptions,
    pub(super) report: CleanupReport,
    pub(super) started: Instant,
}

impl Run {
    pub(super) fn emit(&self, event: CleanupEvent) {
        tracing::info!(target: "pinecone_admin::cleanup", project_id = %self.project_id, "{event}");
        if let Some(f) = &self.options.on_progress {
            f(event);
        }
    }

    pub(super) fn fail(
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

    pub(super) fn backoff(&self) -> impl Iterator<Item = Duration> {
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
    pub(super) async fn create_temporary_key(
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
    pub(super) async fn delete_temporary_key(&mut self, key_id: &str) -> Result<()> {
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
    pub(super) async fn clean(
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
    pub(super) async fn pass(
        &mut self,
        control: &ControlPlane,
    ) -> std::result::Result<(), PassError> {
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
    pub(super) async fn run_task(&self, control: &ControlPlane, task: &Task) -> Result<bool> {
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
    pub(super) async fn wait_gone<F, Fut>(
        &self,
        kind: ResourceKind,
        name: &str,
        still_there: F,
    ) -> Result<()>
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

    /// Deletes the project; 404 counts as deleted. While it answers 412 (a resource appeared
    /// after the last pass: a backup schedule, a restore job, a teammate), another cleanup
    /// pass runs with the temporary key, then the delete is tried again, all within
    /// [`CleanupOptions::project_delete_timeout`].
    pub(super) async fn delete_project(
        &mut self,
        control: &ControlPlane,
    ) -> std::result::Result<(), (CleanupStage, Error)> {
        let projects = self.admin.projects();
        let deadline = Instant::now() + self.options.project_delete_timeout;
        let mut delays = self.backoff();
        loop {
            let api = match projects.delete(&self.project_id).await {
                Ok(()) => return Ok(()),
                Err(e) if e.is_not_found() => return Ok(()),
                Err(Error::FailedPrecondition(api)) => api,
                Err(e) => return Err((CleanupStage::DeleteProject, e)),
            };
            let delay = delays.next().unwrap_or(self.options.poll_max);
            if Instant::now() + delay > deadline {
                return Err((CleanupStage::DeleteProject, Error::FailedPrecondition(api)));
            }
            self.emit(CleanupEvent::ProjectDeleteRetry {
                reason: api.message().to_owned(),
            });
            match self.pass(control).await {
                Ok(()) => {}
                Err(PassError::Fatal(stage, e)) => return Err((stage, e)),
                // What is left may still be on its way out; the next try tells.
                Err(PassError::Retry(e)) => tracing::warn!(
                    target: "pinecone_admin::cleanup",
                    project_id = %self.project_id,
                    error = %e,
                    "cleanup pass after a refused project delete failed"
                ),
            }
            tokio::time::sleep(delay).await;
        }
    }
}

pub(super) fn tolerate_not_found(result: Result<()>) -> Result<()> {
    match result {
        Err(e) if e.is_not_found() => Ok(()),
        other => other,
    }
}

pub(super) fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

pub(super) fn tasks(
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
    pub(super) fn kind_and_name(&self) -> (ResourceKind, &str) {
        match self {
            Task::Index { name, .. } => (ResourceKind::Index, name),
            Task::Collection(name) => (ResourceKind::Collection, name),
            Task::Assistant(name) => (ResourceKind::Assistant, name),
            Task::Backup(id) => (ResourceKind::Backup, id),
        }
    }
}
