//! The temporary project API key: the guard that deletes it, and the sweep that finds one
//! whose create may have happened although it failed.

use super::*;

/// Deletes the temporary key when dropped while still armed (the cleanup future was
/// dropped): best effort, in a task on the current Tokio runtime. Until the key's id is known
/// (the create may be in flight), keys with the key's unique name are looked up and deleted.
pub(super) struct KeyGuard {
    pub(super) admin: Admin,
    pub(super) project_id: String,
    pub(super) name: String,
    pub(super) key_id: Option<String>,
    pub(super) sweep: SweepBudget,
    pub(super) armed: bool,
}

impl KeyGuard {
    pub(super) fn disarm(&mut self) {
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
pub(super) async fn delete_key_logged(admin: &Admin, key_id: &str) {
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
pub(super) struct SweepBudget {
    pub(super) attempts: u32,
    pub(super) within: Duration,
    pub(super) min: Duration,
    pub(super) max: Duration,
}

impl SweepBudget {
    pub(super) fn of(options: &CleanupOptions) -> Self {
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
pub(super) async fn sweep_keys_named(
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
