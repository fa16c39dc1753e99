//! A blocking client for programs without an async runtime (feature `blocking`).
//!
//! [`blocking::Admin`](Admin) has the same surface as the async [`crate::Admin`]: the same
//! builder options, the same handles ([`organizations`](Admin::organizations),
//! [`projects`](Admin::projects), [`api_keys`](Admin::api_keys), ...) and, on each handle, a
//! method of the same name, arguments and return type for every async method. Lists that
//! the async client returns as a [`Stream`](futures::Stream) come back as a [`ListIter`], an
//! [`Iterator`] that fetches the next page only when the previous one has been consumed.
//!
//! ```no_run
//! use pinecone_admin::blocking::Admin;
//! use pinecone_admin::{CreateApiKey, CreateProject};
//!
//! fn main() -> pinecone_admin::Result<()> {
//!     // Reads PINECONE_CLIENT_ID / PINECONE_CLIENT_SECRET when not given explicitly.
//!     let admin = Admin::builder().source_tag("my_platform").build()?;
//!     let project = admin.projects().create(CreateProject::new("search-prod"))?;
//!     let key = admin.api_keys().create(&project.id, CreateApiKey::new("search-app"))?;
//!     println!("{key}"); // the key value prints masked
//!     Ok(())
//! }
//! ```
//!
//! # How it works
//! Each client owns a small private tokio runtime (one worker thread, named
//! `pinecone-admin-blocking`) that drives the connections, timers and retries; a call
//! blocks the calling thread until its answer arrives. Clones share the runtime, the
//! connection pool and the token, so create one client per process and clone it freely across
//! threads (`Admin` is `Clone + Send + Sync`). The runtime stops when the last clone (or
//! handle, or [`ListIter`]) is dropped. Calls may nest: a
//! [progress callback](crate::CleanupOptions::on_progress) may use the client too.
//!
//! # Inside async code
//! In async code, use the async [`crate::Admin`] instead. Calling the blocking client from
//! inside a tokio runtime does not panic (unlike `Runtime::block_on`): the request still runs
//! on the client's own runtime and the calling thread waits for it, and dropping the client
//! there is fine too. But waiting blocks that executor thread, so wrap the calls in
//! [`tokio::task::spawn_blocking`]; and if the server you talk to is served by the very thread
//! that waits (say, an emulator on a `current_thread` test runtime), it cannot answer, and the
//! call fails with [`Error::Timeout`] once the configured
//! [`timeout`](AdminBuilder::timeout) has passed (on every retry).
//!
//! ```no_run
//! # async fn run() -> pinecone_admin::Result<()> {
//! let projects = tokio::task::spawn_blocking(|| {
//!     let admin = pinecone_admin::blocking::Admin::from_env()?;
//!     admin.projects().list()
//! })
//! .await
//! .expect("the blocking task panicked")?;
//! # let _ = projects;
//! # Ok(()) }
//! ```

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{BoxStream, StreamExt};

use crate::error::{Error, Result};
use crate::{Clock, RetryConfig, Secret};

mod handles;

pub use handles::{
    ApiKeys, Invites, Organizations, Projects, RoleBindings, ServiceAccounts, Users,
};

/// The id of the next blocking client's runtime.
static NEXT_RUNTIME_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The id of the runtime this thread belongs to (0: none).
    static RUNTIME_OF_THREAD: Cell<u64> = const { Cell::new(0) };
}

/// The private runtime that drives every call of one client and its clones.
struct Runtime {
    rt: Option<tokio::runtime::Runtime>,
    id: u64,
}

impl Runtime {
    fn new() -> Result<Arc<Self>> {
        let id = NEXT_RUNTIME_ID.fetch_add(1, Ordering::Relaxed);
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("pinecone-admin-blocking")
            .on_thread_start(move || RUNTIME_OF_THREAD.with(|r| r.set(id)))
            .enable_all()
            .build()
            .map_err(|e| Error::Connection {
                message: format!("could not start the blocking client's runtime: {e}"),
                source: None,
            })?;
        Ok(Arc::new(Self { rt: Some(rt), id }))
    }

    /// Runs `future` to completion, blocking the calling thread, with the client's runtime
    /// entered so that its sockets, timers and spawned connection tasks belong to (and are
    /// driven by) the runtime's worker thread.
    ///
    /// Not `Runtime::block_on`, which panics inside another runtime, nor
    /// `futures::executor::block_on`, which panics when nested (a blocking call from a
    /// progress callback, or from inside the caller's own `block_on`): `pollster` just parks
    /// the thread. The future runs unconstrained so that the caller's task budget (when the
    /// caller is itself a tokio task) cannot starve it. Called on one of this runtime's own
    /// threads (a callback run by a task), the worker first hands its duties to another
    /// thread (`block_in_place`) so that the runtime keeps running while it waits.
    fn block_on<F: Future>(&self, future: F) -> F::Output {
        let rt = self.rt.as_ref().expect("the runtime lives until drop");
        let _entered = rt.enter();
        let run = || pollster::block_on(tokio::task::unconstrained(future));
        if RUNTIME_OF_THREAD.with(Cell::get) == self.id {
            tokio::task::block_in_place(run)
        } else {
            run()
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                // Dropping a runtime waits for its threads, which tokio forbids (panics) in
                // async code, and on its own threads; let it wind down in the background.
                rt.shutdown_background();
            } else {
                drop(rt);
            }
        }
    }
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Runtime")
    }
}

/// The blocking Pinecone Admin API client: [`crate::Admin`] for code without an async runtime.
///
/// Build it with [`Admin::builder`] (or [`Admin::from_env`]); the first OAuth token is fetched
/// during `build()`, so bad credentials fail there. Every call blocks the calling thread
/// until it is answered. `Admin` is `Clone + Send + Sync` and cheap to clone; clones share
/// the runtime, the connection pool and the token. See the [module docs](self) for use from
/// async code.
///
/// ```no_run
/// use pinecone_admin::blocking::Admin;
/// use pinecone_admin::CreateProject;
///
/// # fn main() -> pinecone_admin::Result<()> {
/// let admin = Admin::builder()
///     .client_id("my-client-id")
///     .client_secret("my-client-secret")
///     .build()?;
/// let project = admin.projects().create(CreateProject::new("search-prod"))?;
/// for key in admin.api_keys().list(&project.id)? {
///     println!("{} {}", key.id, key.name);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Admin {
    inner: crate::Admin,
    rt: Arc<Runtime>,
}

impl fmt::Debug for Admin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Admin")
            .field("host", &self.inner.host())
            .field("control_host", &self.inner.control_host())
            .field("api_version", &self.inner.api_version())
            .finish_non_exhaustive()
    }
}

impl Admin {
    /// Starts configuring a client (same options as [`crate::AdminBuilder`]).
    ///
    /// ```no_run
    /// # fn main() -> pinecone_admin::Result<()> {
    /// let admin = pinecone_admin::blocking::Admin::builder()
    ///     .client_id("my-client-id")
    ///     .client_secret("my-client-secret")
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn builder() -> AdminBuilder {
        AdminBuilder::default()
    }

    /// A client configured from the process environment only (`PINECONE_CLIENT_ID`,
    /// `PINECONE_CLIENT_SECRET` or `PINECONE_ACCESS_TOKEN`, `PINECONE_CONTROLLER_HOST`);
    /// blocking twin of [`crate::Admin::from_env`].
    ///
    /// ```no_run
    /// # fn main() -> pinecone_admin::Result<()> {
    /// let admin = pinecone_admin::blocking::Admin::from_env()?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Self> {
        Self::builder().build()
    }

    /// Like [`from_env`](Self::from_env) with another source of variables; blocking twin of
    /// [`crate::Admin::from_env_with`].
    ///
    /// ```no_run
    /// # fn main() -> pinecone_admin::Result<()> {
    /// use std::collections::HashMap;
    /// let vars = HashMap::from([
    ///     ("PINECONE_CLIENT_ID".to_string(), "my-client-id".to_string()),
    ///     ("PINECONE_CLIENT_SECRET".to_string(), "my-client-secret".to_string()),
    /// ]);
    /// let admin = pinecone_admin::blocking::Admin::from_env_with(move |k| vars.get(k).cloned())?;
    /// # Ok(()) }
    /// ```
    pub fn from_env_with<F>(lookup: F) -> Result<Self>
    where
        F: Fn(&str) -> Option<String> + Send + Sync + 'static,
    {
        Self::builder().env(lookup).build()
    }

    /// The admin API host in use, e.g. `https://api.pinecone.io`.
    ///
    /// ```no_run
    /// # fn f(admin: pinecone_admin::blocking::Admin) {
    /// println!("talking to {}", admin.host());
    /// # }
    /// ```
    pub fn host(&self) -> &str {
        self.inner.host()
    }

    /// The control-plane host used with project API keys.
    ///
    /// ```no_run
    /// # fn f(admin: pinecone_admin::blocking::Admin) {
    /// println!("control plane at {}", admin.control_host());
    /// # }
    /// ```
    pub fn control_host(&self) -> &str {
        self.inner.control_host()
    }

    /// The `X-Pinecone-Api-Version` sent on every call.
    ///
    /// ```no_run
    /// # fn f(admin: pinecone_admin::blocking::Admin) {
    /// assert_eq!(admin.api_version(), "2026-07");
    /// # }
    /// ```
    pub fn api_version(&self) -> &str {
        self.inner.api_version()
    }

    /// A valid access token; blocking twin of [`crate::Admin::access_token`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let token = admin.access_token()?;
    /// # let _ = token; Ok(()) }
    /// ```
    pub fn access_token(&self) -> Result<Secret> {
        self.rt.block_on(self.inner.access_token())
    }

    /// How long the current access token stays valid; same as
    /// [`crate::Admin::token_expires_in`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) {
    /// let left = admin.token_expires_in();
    /// # let _ = left; }
    /// ```
    pub fn token_expires_in(&self) -> Option<Duration> {
        self.inner.token_expires_in()
    }

    /// The read-only access review; blocking twin of [`crate::Admin::audit`].
    ///
    /// ```no_run
    /// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
    /// let report = admin.audit(&pinecone_admin::audit::AuditOptions::default())?;
    /// # let _ = report; Ok(()) }
    /// ```
    pub fn audit(&self, options: &crate::audit::AuditOptions) -> Result<crate::audit::AuditReport> {
        self.rt.block_on(self.inner.audit(options))
    }
}

/// Configures a [`blocking::Admin`](Admin): the options of [`crate::AdminBuilder`], with a
/// blocking [`build`](Self::build).
///
/// An async builder converts too (`AdminBuilder::from(async_builder)`), for options set by
/// shared configuration code.
///
/// ```no_run
/// use std::time::Duration;
/// use pinecone_admin::RetryConfig;
///
/// # fn main() -> pinecone_admin::Result<()> {
/// let admin = pinecone_admin::blocking::Admin::builder()
///     .client_id("my-client-id")
///     .client_secret("my-client-secret")
///     .source_tag("my_platform")
///     .timeout(Duration::from_secs(10))
///     .retry(RetryConfig::default().max_retries(5))
///     .build()?;
/// # Ok(()) }
/// ```
#[must_use = "call .build() to create the client"]
#[derive(Debug, Default)]
pub struct AdminBuilder {
    inner: crate::AdminBuilder,
}

impl From<crate::AdminBuilder> for AdminBuilder {
    /// Wraps an async builder, keeping every option set on it.
    ///
    /// ```
    /// let async_builder = pinecone_admin::Admin::builder().client_id("my-client-id");
    /// let builder = pinecone_admin::blocking::AdminBuilder::from(async_builder);
    /// ```
    fn from(inner: crate::AdminBuilder) -> Self {
        Self { inner }
    }
}

/// Forwards builder options to the async builder, writing each one's doc.
macro_rules! forward_options {
    ($( fn $name:ident($arg:ident: $ty:ty); )*) => {
        $(
            #[doc = concat!(
                "Same as [`crate::AdminBuilder::", stringify!($name), "`] (which documents the \
                 option, its environment fallback and its default)."
            )]
            pub fn $name(self, $arg: $ty) -> Self {
                Self { inner: self.inner.$name($arg) }
            }
        )*
    };
}

impl AdminBuilder {
    forward_options! {
        fn client_id(client_id: impl Into<String>);
        fn client_secret(client_secret: impl Into<Secret>);
        fn access_token(token: impl Into<Secret>);
        fn host(host: impl Into<String>);
        fn oauth_url(url: impl Into<String>);
        fn control_host(host: impl Into<String>);
        fn proxy_url(url: impl Into<String>);
        fn ssl_verify(verify: bool);
        fn source_tag(tag: impl Into<String>);
        fn timeout(timeout: Duration);
        fn connect_timeout(timeout: Duration);
        fn retry(retry: RetryConfig);
        fn max_retries(n: u32);
        fn api_version(version: impl Into<String>);
        fn clock(clock: Arc<dyn Clock>);
    }

    /// Same as [`crate::AdminBuilder::additional_headers`].
    pub fn additional_headers<K, V>(self, headers: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            inner: self.inner.additional_headers(headers),
        }
    }

    /// Same as [`crate::AdminBuilder::additional_header`].
    pub fn additional_header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            inner: self.inner.additional_header(name, value),
        }
    }

    /// Same as [`crate::AdminBuilder::env`].
    pub fn env<F>(self, lookup: F) -> Self
    where
        F: Fn(&str) -> Option<String> + Send + Sync + 'static,
    {
        Self {
            inner: self.inner.env(lookup),
        }
    }

    /// Validates the settings, starts the client's runtime and creates the client, fetching
    /// the first token (unless an access token was given). Blocks until then.
    ///
    /// # Errors
    /// As [`crate::AdminBuilder::build`]: [`Error::Validation`] for missing credentials or a
    /// malformed setting (nothing is sent); [`Error::OAuth`] when the token endpoint refuses
    /// the credentials; [`Error::Timeout`] / [`Error::Connection`] when it cannot be reached
    /// (or, rarely, when the runtime's thread cannot be started).
    ///
    /// ```no_run
    /// # fn main() -> pinecone_admin::Result<()> {
    /// let admin = pinecone_admin::blocking::Admin::builder()
    ///     .client_id("my-client-id")
    ///     .client_secret("my-client-secret")
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn build(self) -> Result<Admin> {
        let rt = Runtime::new()?;
        let inner = rt.block_on(self.inner.build())?;
        Ok(Admin { inner, rt })
    }
}

/// A lazy iterator over a paginated list: the blocking form of the async client's
/// [`Stream`](futures::Stream)s (`ListStream`).
///
/// Nothing is sent until the first `next()`; each following page is fetched (blocking) only
/// once the items of the previous one have been consumed, so `take(n)` stops fetching early.
/// A failure is yielded as an `Err` item and ends the iteration. Collect everything with
/// `collect::<Result<Vec<_>>>()`.
///
/// ```no_run
/// # fn run(admin: pinecone_admin::blocking::Admin) -> pinecone_admin::Result<()> {
/// for invite in admin.invites().list() {
///     let invite = invite?;
///     println!("{} {}", invite.id, invite.email);
/// }
/// let all: Vec<_> = admin.invites().list().collect::<pinecone_admin::Result<_>>()?;
/// # let _ = all;
/// # Ok(()) }
/// ```
#[must_use = "iterators are lazy: nothing is fetched until it is iterated"]
pub struct ListIter<T> {
    stream: Option<BoxStream<'static, Result<T>>>,
    rt: Arc<Runtime>,
}

impl<T> ListIter<T> {
    fn new(stream: BoxStream<'static, Result<T>>, rt: Arc<Runtime>) -> Self {
        Self {
            stream: Some(stream),
            rt,
        }
    }
}

impl<T> fmt::Debug for ListIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListIter")
            .field("done", &self.stream.is_none())
            .finish_non_exhaustive()
    }
}

impl<T> Iterator for ListIter<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        let stream = self.stream.as_mut()?;
        let item = self.rt.block_on(stream.next());
        if !matches!(item, Some(Ok(_))) {
            // The end, or an error (which ends the listing): never poll the stream again.
            self.stream = None;
        }
        item
    }
}

impl<T> std::iter::FusedIterator for ListIter<T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn nested_calls_on_the_caller_thread_complete() {
        let rt = Runtime::new().unwrap();
        let value = rt.block_on(async {
            tokio::time::sleep(Duration::from_millis(5)).await;
            // As from a progress callback run inside the outer call.
            rt.block_on(async {
                tokio::time::sleep(Duration::from_millis(5)).await;
                2
            }) + 1
        });
        assert_eq!(value, 3);
    }

    #[test]
    fn a_call_from_the_runtimes_own_worker_does_not_deadlock() {
        let rt = Runtime::new().unwrap();
        let inner = rt.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        rt.rt.as_ref().unwrap().spawn(async move {
            // On the single worker: blocking here must not stop the timer it waits for.
            let v = inner.block_on(async {
                tokio::time::sleep(Duration::from_millis(10)).await;
                7
            });
            tx.send(v).unwrap();
        });
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(7));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_callers_task_budget_does_not_starve_a_call() {
        // Far more budgeted tokio operations than one task poll allows (128).
        let rt = Runtime::new().unwrap();
        let received = rt.block_on(async {
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            for i in 0..1000 {
                tx.send(i).unwrap();
            }
            drop(tx);
            let mut n = 0;
            while rx.recv().await.is_some() {
                n += 1;
            }
            n
        });
        assert_eq!(received, 1000);
        drop(rt); // in async code: shut down in the background, no panic
    }
}
