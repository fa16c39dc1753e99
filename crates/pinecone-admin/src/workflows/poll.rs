//! Polling until something is gone: [`Projects::wait_until_deleted`] and the loop the
//! cleanup shares.

use super::*;

/// First pause when polling for a deletion.
pub(super) const POLL_MIN: Duration = Duration::from_millis(250);
/// Longest pause when polling for a deletion.
pub(super) const POLL_MAX: Duration = Duration::from_secs(5);

/// Why a poll goes on or stops.
pub(super) enum Probe {
    StillThere,
    Failed(Error),
}

/// Polls `still_there` with exponential backoff (`min` doubling to `max`) until it answers
/// `false`, for at most `timeout`; `what` names the thing in the timeout error.
pub(crate) async fn wait_for_absence<F, Fut>(
    what: &str,
    timeout: Duration,
    min: Duration,
    max: Duration,
    still_there: F,
) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<bool>>,
{
    let backoff = ExponentialBuilder::default()
        .with_min_delay(min)
        .with_max_delay(max)
        .with_factor(2.0)
        .without_max_times();
    let poll = (|| async {
        match still_there().await {
            Ok(false) => Ok(()),
            Ok(true) => Err(Probe::StillThere),
            Err(e) => Err(Probe::Failed(e)),
        }
    })
    .retry(backoff)
    .sleep(tokio::time::sleep)
    .when(|p: &Probe| matches!(p, Probe::StillThere));
    match tokio::time::timeout(timeout, poll).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(Probe::Failed(e))) => Err(e),
        Ok(Err(Probe::StillThere)) | Err(_) => Err(Error::Timeout {
            message: format!("{what} still exists after {:.2} s", timeout.as_secs_f64()),
            source: None,
        }),
    }
}

impl Projects {
    /// Waits until the project reads as not found, polling with backoff (250 ms doubling to
    /// 5 s), for at most `timeout`.
    ///
    /// # Errors
    /// [`Error::Timeout`] when it still exists after `timeout`; any other error of the look-up.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use std::time::Duration;
    /// let id = "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1";
    /// admin.projects().delete(id).await?;
    /// admin.projects().wait_until_deleted(id, Duration::from_secs(300)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn wait_until_deleted(&self, project_id: &str, timeout: Duration) -> Result<()> {
        validate::id("project_id", project_id)?;
        wait_for_absence(
            &format!("project {project_id}"),
            timeout,
            POLL_MIN,
            POLL_MAX,
            || async {
                match self.describe(project_id).await {
                    Ok(_) => Ok(true),
                    Err(e) if e.is_not_found() => Ok(false),
                    Err(e) => Err(e),
                }
            },
        )
        .await
    }
}
