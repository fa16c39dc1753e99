//! `projects().delete_with_cleanup(...)`: delete a project together with everything in it.
//!
//! Pinecone refuses to delete a project that still holds indexes, collections, backups or
//! assistants (`412`); those live on the control plane, which takes a project API key. See
//! [`Projects::delete_with_cleanup`] for the steps.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> Result<(), Box<dyn std::error::Error>> {
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

use super::{create_may_have_happened, wait_for_absence};
use crate::admin::Admin;
use crate::api_keys::CreateApiKey;
use crate::control::{Assistant, Backup, Collection, ControlPlane, Index};
use crate::error::{ApiError, Error, Result};
use crate::models::ApiKeyRole;
use crate::projects::Projects;
use crate::secret::Secret;
use crate::validate;

mod error;
mod events;
mod options;
mod report;
mod run;
mod temp_key;

pub use error::{CleanupError, CleanupStage, LeftoverKey};
use events::*;
pub use events::{CleanupEvent, ResourceKind};
pub use options::CleanupOptions;
pub use report::CleanupReport;
use run::*;
use temp_key::*;

impl Projects {
    /// Finds and deletes the temporary keys that cleanups of this project left behind (keys
    /// named with the cleanup's `_cleanup_temp_` prefix), for instance after a process was
    /// killed mid-cleanup, and returns the ids it deleted. A key that was already gone counts
    /// as deleted.
    ///
    /// Run it when no cleanup of the project is under way: it cannot tell a running
    /// cleanup's key from a leftover one.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let deleted = admin
    ///     .projects()
    ///     .delete_leftover_temporary_keys("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1")
    ///     .await?;
    /// println!("deleted {} leftover key(s)", deleted.len());
    /// # Ok(()) }
    /// ```
    pub async fn delete_leftover_temporary_keys(&self, project_id: &str) -> Result<Vec<String>> {
        validate::id("project_id", project_id)?;
        let keys = self.admin.api_keys().list(project_id).await?;
        let mut deleted = Vec::new();
        for key in keys
            .into_iter()
            .filter(|k| k.name.starts_with(TEMP_KEY_PREFIX))
        {
            match self.admin.api_keys().delete(&key.id).await {
                Ok(()) => {}
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
            tracing::info!(
                target: "pinecone_admin::cleanup",
                project_id = %project_id,
                key_id = %key.id,
                "deleted the leftover temporary API key {}",
                key.id
            );
            deleted.push(key.id);
        }
        Ok(deleted)
    }

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
        let mut guard = KeyGuard::new(
            run.admin.clone(),
            run.project_id.clone(),
            name.clone(),
            SweepBudget::of(&run.options),
        );
        let (key_id, key) = match run.create_temporary_key(&name).await {
            Ok(created) => created,
            Err((e, leftover)) => {
                guard.disarm();
                return Err(run.fail(CleanupStage::TemporaryKey, e, leftover));
            }
        };
        guard.set_key_id(&key_id);
        run.report.temporary_key_id = Some(key_id.clone());
        run.emit(CleanupEvent::TemporaryKeyCreated {
            key_id: key_id.clone(),
        });

        // 2-4. The passes.
        let control = ControlPlane::new(run.admin.clone(), key);
        let mut outcome = run.clean(&control).await;

        // 5. The project, with the key still in hand: a 412 (something appeared since the
        //    last pass) gets another cleanup pass before the next try.
        if outcome.is_ok() && !run.options.dry_run {
            match run.delete_project(&control).await {
                Ok(()) => {
                    run.report.project_deleted = true;
                    run.emit(CleanupEvent::ProjectDeleted {
                        project_id: run.project_id.clone(),
                    });
                }
                Err(e) => outcome = Err(e),
            }
        }
        drop(control);

        // 6. The temporary key, last, whatever happened (after a project delete it is gone
        //    with its project, and "not found" counts as deleted).
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
        if let Some(e) = key_error {
            if !run.report.project_deleted {
                return Err(run.fail(CleanupStage::DeleteTemporaryKey, e, leftover));
            }
        }
        if run.options.dry_run {
            run.report.elapsed = run.started.elapsed();
            return Ok(run.report);
        }
        run.report.temporary_key_deleted = true;
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
