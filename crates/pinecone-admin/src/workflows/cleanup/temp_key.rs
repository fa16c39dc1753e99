//! The temporary project API key: the guard that deletes it, and the sweep that finds one
//! whose create may have happened although it failed.

use super::*;

/// Deletes the temporary key when dropped while still armed (the cleanup future was dropped:
/// a `timeout`, a `select!`, a cancelled task, a runtime shutting down, a blocking client
/// dropped). Until the key's id is known (the create may be in flight), keys with the key's
/// unique name are looked up and deleted.
///
/// On a running Tokio runtime the deletion is a background task, so dropping the future does
/// not block. Should that task itself be dropped before it finishes (the runtime shuts down
/// right after, as when `main` returns), or should there be no runtime, the deletion runs on
/// a thread of its own with its own client, and the dropping thread waits for it, at most
/// [`DROP_DELETE_BOUND`]. Whatever the outcome, it is logged naming the key id; a key that
/// could not be deleted is also found later by [`crate::Projects::delete_leftover_temporary_keys`].
pub(super) struct KeyGuard {
    job: Option<LeftoverJob>,
}

/// The longest a drop waits for a cancelled cleanup's temporary key to be deleted.
const DROP_DELETE_BOUND: Duration = Duration::from_secs(15);

impl KeyGuard {
    pub(super) fn new(admin: Admin, project_id: String, name: String, sweep: SweepBudget) -> Self {
        Self {
            job: Some(LeftoverJob {
                admin,
                project_id,
                name,
                key_id: None,
                sweep,
            }),
        }
    }

    pub(super) fn set_key_id(&mut self, key_id: &str) {
        if let Some(job) = &mut self.job {
            job.key_id = Some(key_id.to_owned());
        }
    }

    pub(super) fn disarm(&mut self) {
        self.job = None;
    }
}

impl Drop for KeyGuard {
    fn drop(&mut self) {
        let Some(job) = self.job.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                tracing::warn!(
                    target: "pinecone_admin::cleanup",
                    project_id = %job.project_id,
                    "cleanup cancelled: deleting the temporary API key {} in the background",
                    job.what()
                );
                // If the runtime drops this task before it ends, `OnDrop` finishes the work
                // on a thread of its own.
                let mut on_drop = OnDrop(Some(job));
                handle.spawn(async move {
                    if let Some(job) = &on_drop.0 {
                        job.run().await;
                    }
                    // Finished: nothing left for the drop to do.
                    drop(on_drop.0.take());
                });
            }
            Err(_) => job.run_blocking(),
        }
    }
}

/// Runs the job on its own thread when dropped still holding it.
struct OnDrop(Option<LeftoverJob>);

impl Drop for OnDrop {
    fn drop(&mut self) {
        if let Some(job) = self.0.take() {
            job.run_blocking();
        }
    }
}

/// Deleting the temporary key of a cleanup that did not finish.
struct LeftoverJob {
    admin: Admin,
    project_id: String,
    name: String,
    key_id: Option<String>,
    sweep: SweepBudget,
}

impl LeftoverJob {
    fn what(&self) -> String {
        match &self.key_id {
            Some(id) => id.clone(),
            None => format!("named {}", self.name),
        }
    }

    /// Deletes the key (or sweeps for it by name); failures are logged naming the key.
    async fn run_with(&self, admin: &Admin) -> bool {
        match &self.key_id {
            Some(id) => delete_key_logged(admin, id).await,
            None => sweep_keys_named(admin, &self.project_id, &self.name, self.sweep)
                .await
                .is_ok(),
        }
    }

    async fn run(&self) -> bool {
        self.run_with(&self.admin).await
    }

    /// Runs the deletion on a new thread with its own runtime and client (this client's
    /// connections may belong to a runtime that is going away) and waits for it, at most
    /// [`DROP_DELETE_BOUND`].
    fn run_blocking(self) {
        let what = self.what();
        let project_id = self.project_id.clone();
        let (done, finished) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("pinecone-admin-cleanup-key".to_owned())
            .spawn(move || {
                let outcome = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| e.to_string())
                    .and_then(|rt| {
                        rt.block_on(async {
                            let admin = self.admin.detached().await.map_err(|e| e.to_string())?;
                            Ok(self.run_with(&admin).await)
                        })
                    });
                let _ = done.send(outcome);
            });
        let outcome = match spawned {
            Ok(_) => finished
                .recv_timeout(DROP_DELETE_BOUND)
                .unwrap_or_else(|_| {
                    Err(format!("not finished within {}", Secs(DROP_DELETE_BOUND)))
                }),
            Err(e) => Err(e.to_string()),
        };
        match outcome {
            Ok(true) => tracing::info!(
                target: "pinecone_admin::cleanup",
                project_id = %project_id,
                "cleanup cancelled: the temporary API key {what} is deleted"
            ),
            // The failure was logged, naming the key.
            Ok(false) => {}
            Err(e) => tracing::error!(
                target: "pinecone_admin::cleanup",
                project_id = %project_id,
                "cleanup cancelled: the temporary API key {what} may be left ({e}); \
                 delete it with Projects::delete_leftover_temporary_keys or by hand"
            ),
        }
    }
}

/// Deletes a key; "not found" is fine, any other failure is logged with the key id.
pub(super) async fn delete_key_logged(admin: &Admin, key_id: &str) -> bool {
    match admin.api_keys().delete(key_id).await {
        Ok(()) => true,
        Err(e) if e.is_not_found() => true,
        Err(e) => {
            tracing::error!(
                target: "pinecone_admin::cleanup",
                key_id = %key_id,
                error = %e,
                "could not delete the temporary API key {key_id}: delete it by hand"
            );
            false
        }
    }
}

/// How hard [`sweep_keys_named`] tries: look-ups, total time, pacing.
#[derive(Debug, Clone, Copy)]
pub(super) struct SweepBudget {
    pub(super) attempts: u32,
    pub(super) within: Duration,
    pub(super) min: Duration,
    pub(super) max: Duration,
    pub(super) grace: Duration,
}

impl SweepBudget {
    pub(super) fn of(options: &CleanupOptions) -> Self {
        Self {
            attempts: options.sweep_attempts,
            within: options.sweep_timeout,
            min: options.poll_min,
            max: options.poll_max,
            grace: options.sweep_grace,
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
///
/// A create that timed out may land after a first look, so after the first successful look
/// the key is looked for once more after `budget.grace`.
pub(super) async fn sweep_keys_named(
    admin: &Admin,
    project_id: &str,
    name: &str,
    budget: SweepBudget,
) -> std::result::Result<usize, LeftoverKey> {
    let first = look_for_keys_named(admin, project_id, name, budget).await?;
    if budget.grace.is_zero() {
        return Ok(first);
    }
    tokio::time::sleep(budget.grace).await;
    let late = look_for_keys_named(admin, project_id, name, budget).await?;
    if late > 0 {
        tracing::warn!(
            target: "pinecone_admin::cleanup",
            project_id = %project_id,
            "a temporary API key named {name} appeared after the first look; deleted it"
        );
    }
    Ok(first + late)
}

/// One round of look-ups of [`sweep_keys_named`], retried within the budget.
async fn look_for_keys_named(
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
pub(super) async fn sweep_once(
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
