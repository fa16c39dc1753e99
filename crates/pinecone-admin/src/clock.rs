//! The clock token expiry is measured with; replaceable so tests need not sleep.

use std::fmt;
use std::time::Instant;

/// A source of the current time for token expiry decisions.
///
/// The default is [`SystemClock`]. Tests can supply a manual clock (see
/// [`AdminBuilder::clock`](crate::AdminBuilder::clock)) and move it forward to make the cached
/// token due for refresh without sleeping.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use std::time::{Duration, Instant};
/// use pinecone_admin::Clock;
///
/// #[derive(Debug)]
/// struct ManualClock(Mutex<Instant>);
///
/// impl Clock for ManualClock {
///     fn now(&self) -> Instant {
///         *self.0.lock().unwrap()
///     }
/// }
///
/// let clock = Arc::new(ManualClock(Mutex::new(Instant::now())));
/// *clock.0.lock().unwrap() += Duration::from_secs(3600);
/// let builder = pinecone_admin::Admin::builder().clock(clock);
/// ```
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The system's monotonic clock ([`Instant::now`]).
///
/// ```
/// use pinecone_admin::{Clock, SystemClock};
/// let _now = SystemClock.now();
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}
