//! Retries: the policy ([`RetryConfig`]), how a failed attempt is classified ([`Attempt`]),
//! and the loop that repeats an attempt with backoff ([`with_retries`]). Below the token
//! provider and the transport, which both retry through it.

use std::future::Future;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder, Retryable};
use reqwest::StatusCode;

use crate::error::{is_retryable_status, Error, Result};

/// Retry policy for transient failures.
///
/// Retried: HTTP 408, 429, 500, 502, 503, 504, timeouts and connection errors, with jittered
/// exponential backoff, at most [`max_retries`](RetryConfig::max_retries) times, waiting what
/// `Retry-After` asks (seconds or an HTTP date) up to [`max_retry_after`](RetryConfig::max_retry_after).
///
/// **Creates are never duplicated**: a `POST` is retried only when the server surely did not act
/// on it: HTTP 429, or a connection that failed before the request was sent. A 5xx, a timeout
/// or a connection lost after sending surfaces as an error, since the project or key may have
/// been created; list before creating again. `GET`, `PATCH` and `DELETE` are retried on every
/// case above. A `DELETE` whose first answer was lost may therefore answer 404 on the retry,
/// which surfaces as [`Error::NotFound`].
///
/// ```
/// use std::time::Duration;
/// use pinecone_admin::RetryConfig;
///
/// let retry = RetryConfig::default()
///     .max_retries(5)
///     .min_delay(Duration::from_millis(100))
///     .max_delay(Duration::from_secs(10));
/// assert_eq!(retry.get_max_retries(), 5);
/// assert_eq!(RetryConfig::disabled().get_max_retries(), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_retries: u32,
    min_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    jitter: bool,
}

impl Default for RetryConfig {
    /// 3 retries, 250 ms first delay doubling up to 20 s, jitter on, `Retry-After` honoured up to
    /// 60 s.
    fn default() -> Self {
        Self {
            max_retries: 3,
            min_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryConfig {
    /// No retries at all.
    ///
    /// ```
    /// let admin = pinecone_admin::Admin::builder().retry(pinecone_admin::RetryConfig::disabled());
    /// ```
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// How many times a failed request is retried (so at most `n + 1` attempts).
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default().max_retries(1);
    /// ```
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The first backoff delay (later ones double, up to [`max_delay`](Self::max_delay)).
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default()
    ///     .min_delay(std::time::Duration::from_millis(50));
    /// ```
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// The longest backoff delay (before jitter).
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default()
    ///     .max_delay(std::time::Duration::from_secs(5));
    /// ```
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest wait a server's `Retry-After` can impose; longer asks are cut to this.
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default()
    ///     .max_retry_after(std::time::Duration::from_secs(10));
    /// ```
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Turns the random jitter (up to one extra delay) on or off.
    ///
    /// ```
    /// let retry = pinecone_admin::RetryConfig::default().jitter(false);
    /// ```
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// The configured number of retries.
    ///
    /// ```
    /// assert_eq!(pinecone_admin::RetryConfig::default().get_max_retries(), 3);
    /// ```
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    pub(crate) fn min(&self) -> Duration {
        self.min_delay
    }
    pub(crate) fn max(&self) -> Duration {
        self.max_delay
    }
    pub(crate) fn retry_after_cap(&self) -> Duration {
        self.max_retry_after
    }
    pub(crate) fn with_jitter(&self) -> bool {
        self.jitter
    }
}

/// When a failed attempt may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryClass {
    /// Never (4xx other than 408/429, decode errors, validation).
    Never,
    /// Only for idempotent methods: the server may have acted (5xx, 408, timeout, a
    /// connection lost after the request was sent).
    IfIdempotent,
    /// Always, POST included: the server surely did not act (429, connection refused).
    Always,
}

/// A failed attempt: the error and whether it may be retried.
#[derive(Debug)]
pub(crate) struct Attempt {
    pub(crate) error: Error,
    pub(crate) class: RetryClass,
}

impl Attempt {
    /// An error that must not be retried.
    pub(crate) fn fatal(error: Error) -> Self {
        Self {
            error,
            class: RetryClass::Never,
        }
    }

    /// Classifies an HTTP error answer by status.
    pub(crate) fn from_status(error: Error, status: StatusCode) -> Self {
        let class = match status.as_u16() {
            429 => RetryClass::Always,
            _ if is_retryable_status(status) => RetryClass::IfIdempotent,
            _ => RetryClass::Never,
        };
        Self { error, class }
    }

    fn retryable(&self, idempotent: bool) -> bool {
        match self.class {
            RetryClass::Never => false,
            RetryClass::IfIdempotent => idempotent,
            RetryClass::Always => true,
        }
    }
}

/// Describes a reqwest error with its sources (never headers; URLs are fine).
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

/// Maps a transport error. A connection that failed before anything was sent is always
/// retryable; anything later only for idempotent methods.
pub(crate) fn attempt_from_reqwest(error: reqwest::Error) -> Attempt {
    let message = describe(&error);
    if error.is_builder() {
        return Attempt::fatal(Error::validation("request", message));
    }
    let class = if error.is_connect() {
        RetryClass::Always
    } else if error.is_redirect() {
        RetryClass::Never
    } else {
        RetryClass::IfIdempotent
    };
    let error = if error.is_timeout() {
        Error::Timeout {
            message,
            source: Some(error),
        }
    } else {
        Error::Connection {
            message,
            source: Some(error),
        }
    };
    Attempt { error, class }
}

/// Runs `attempt` until it succeeds, fails for good, or retries run out.
///
/// Backoff: exponential from `min_delay` doubling to `max_delay`, with jitter (via `backon`);
/// a `Retry-After` on the failed answer replaces the backoff delay (capped).
pub(crate) async fn with_retries<R, F, Fut>(
    config: &RetryConfig,
    idempotent: bool,
    attempt: F,
) -> Result<R>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = std::result::Result<R, Attempt>>,
{
    let mut backoff = ExponentialBuilder::new()
        .with_min_delay(config.min())
        .with_max_delay(config.max())
        .with_factor(2.0)
        .with_max_times(config.get_max_retries() as usize);
    if config.with_jitter() {
        backoff = backoff.with_jitter();
    }
    let cap = config.retry_after_cap();
    attempt
        .retry(backoff.build())
        .sleep(tokio::time::sleep)
        .when(|failed: &Attempt| failed.retryable(idempotent))
        .adjust(move |failed: &Attempt, delay| {
            delay.map(|d| failed.error.retry_after().map_or(d, |ra| ra.min(cap)))
        })
        .notify(|failed: &Attempt, delay| {
            tracing::warn!(
                error = %failed.error,
                delay_ms = delay.as_millis() as u64,
                "pinecone-admin: retrying after a transient failure"
            );
        })
        .await
        .map_err(|failed| failed.error)
}
