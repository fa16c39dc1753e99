//! The one call path every operation goes through.
//!
//! [`Transport`] owns the shared `reqwest::Client` (rustls, connection pool, timeouts, proxy,
//! TLS verification), the headers every call carries and the [`TokenProvider`]. Resource
//! modules call [`Transport::admin`] with an [`Op`] (operation id, method, path template) and a
//! closure that makes one raw call on a freshly built `admin_api_raw::admin::Client`:
//!
//! ```text
//! let project: Project = transport
//!     .admin(Op::of(ops::admin::FETCH_PROJECT), |c| async move {
//!         c.fetch_project(project_id).await
//!     })
//!     .await?;
//! ```
//!
//! The helper builds the raw client with the current token, runs the closure under the retry
//! policy of the method, re-mints the token once after a 401, maps raw errors to [`Error`],
//! decodes answers leniently (any 2xx; bodies that the generated types refuse are decoded again
//! with the facade's tolerant models) and records a tracing span per attempt.
//! [`Transport::db_control`] and [`Transport::assistant_control`] do the same for control-plane
//! calls authenticated with a project API key. See `docs/facade-internals.md` in the repository.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use admin_api_raw::{admin, assistant_control, db_control, RequestContext, ResponseValue};
use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};
use reqwest::StatusCode;
use tracing::Instrument;

use admin_api_raw::ops::{Method, Operation};

use crate::auth::TokenProvider;
use crate::config::{join, Config};
use crate::error::{request_id_from, truncate, ApiError, Error, Result, BODY_LIMIT};
use crate::retry::{attempt_from_reqwest, describe, with_retries, Attempt, RetryConfig};
use crate::secret::Secret;

/// `POST` creates things; everything else can be repeated safely.
fn is_idempotent(method: Method) -> bool {
    !matches!(method, Method::Post)
}

/// Describes one API operation for retries, spans and error decoding: the operation id,
/// method and path template come from the spec's generated table ([`admin_api_raw::ops`]), so
/// a renamed or removed operation in a new spec fails to compile here.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Op {
    /// The spec's operationId, e.g. `fetch_project`.
    pub(crate) name: &'static str,
    pub(crate) method: Method,
    /// The path template, e.g. `/admin/projects/{project_id}` (no ids: spans stay low-cardinality).
    pub(crate) path: &'static str,
    /// The success body holds a secret (API key value, client secret): never keep it in errors.
    pub(crate) secret_response: bool,
}

impl Op {
    /// The operation `operation` of the generated table.
    pub(crate) const fn of(operation: Operation) -> Self {
        Self {
            name: operation.id,
            method: operation.method,
            path: operation.path,
            secret_response: false,
        }
    }

    /// Marks the success body as secret-bearing.
    pub(crate) const fn secret_response(mut self) -> Self {
        self.secret_response = true;
        self
    }
}

/// Converts a raw (generated) response body into the facade's model.
///
/// `from_raw` is the normal path; `from_body` decodes the raw bytes when the generated type
/// refused them (a null in a required field, a missing field) or the status was an
/// undocumented 2xx. Implement it with `wire!` for a model that is
/// `From<raw type> + DeserializeOwned`.
pub(crate) trait FromWire<T>: Sized {
    fn from_raw(raw: T) -> Self;
    fn from_body(body: &[u8]) -> std::result::Result<Self, serde_json::Error>;
}

/// No-content answers (deletes): any 2xx body is ignored.
impl FromWire<()> for () {
    fn from_raw(_: ()) -> Self {}
    fn from_body(_: &[u8]) -> std::result::Result<Self, serde_json::Error> {
        Ok(())
    }
}

/// Implements [`FromWire`] for `model => raw` pairs where the model is
/// `From<raw> + DeserializeOwned`: `wire!(Project => admin::types::Project);`
macro_rules! wire {
    ($($model:ty => $raw:ty),* $(,)?) => {
        $(
            impl $crate::transport::FromWire<$raw> for $model {
                fn from_raw(raw: $raw) -> Self {
                    <$model as ::std::convert::From<$raw>>::from(raw)
                }
                fn from_body(body: &[u8]) -> ::std::result::Result<Self, ::serde_json::Error> {
                    ::serde_json::from_slice(body)
                }
            }
        )*
    };
}
pub(crate) use wire;

/// Turns one raw call's outcome into the model or a classified failure.
async fn finish<T, R>(
    op: &Op,
    outcome: std::result::Result<ResponseValue<T>, admin_api_raw::Error>,
) -> std::result::Result<R, Attempt>
where
    R: FromWire<T>,
{
    use admin_api_raw::Error as Raw;
    let span = tracing::Span::current();
    match outcome {
        Ok(value) => {
            span.record("status", value.status().as_u16());
            if let Some(id) = request_id_from(value.headers()) {
                span.record("request_id", id.as_str());
            }
            Ok(R::from_raw(value.into_inner()))
        }
        Err(Raw::UnexpectedResponse(response)) => {
            let status = response.status();
            let headers = response.headers().clone();
            span.record("status", status.as_u16());
            if let Some(id) = request_id_from(&headers) {
                span.record("request_id", id.as_str());
            }
            let bytes = response.bytes().await.map_err(attempt_from_reqwest)?;
            if status.is_success() {
                return decode_body(op, Some(status), &bytes);
            }
            let error = Error::from_api(ApiError::from_response(status, &headers, &bytes));
            Err(Attempt::from_status(error, status))
        }
        Err(Raw::InvalidResponsePayload(bytes, _)) => decode_body(op, None, &bytes),
        Err(Raw::CommunicationError(e))
        | Err(Raw::ResponseBodyError(e))
        | Err(Raw::InvalidUpgrade(e)) => Err(attempt_from_reqwest(e)),
        Err(Raw::ErrorResponse(value)) => {
            let status = value.status();
            span.record("status", status.as_u16());
            let error = Error::from_api(ApiError::from_response(status, value.headers(), b""));
            Err(Attempt::from_status(error, status))
        }
        Err(Raw::InvalidRequest(message)) | Err(Raw::Custom(message)) => {
            Err(Attempt::fatal(Error::validation("request", message)))
        }
    }
}

/// Decodes a success body with the facade's tolerant model.
fn decode_body<T, R: FromWire<T>>(
    op: &Op,
    status: Option<StatusCode>,
    bytes: &[u8],
) -> std::result::Result<R, Attempt> {
    let trimmed = bytes.trim_ascii();
    let body = if trimmed.is_empty() {
        &b"null"[..]
    } else {
        trimmed
    };
    R::from_body(body).map_err(|e| {
        let (message, body) = if op.secret_response {
            (
                format!(
                    "the {} response does not have the expected shape (line {}, column {})",
                    op.name,
                    e.line(),
                    e.column()
                ),
                Some("<redacted: the response holds a secret>".to_owned()),
            )
        } else {
            (
                format!(
                    "the {} response does not have the expected shape: {e}",
                    op.name
                ),
                Some(truncate(&String::from_utf8_lossy(bytes), BODY_LIMIT)),
            )
        };
        Attempt::fatal(Error::Decode {
            message,
            status,
            body,
        })
    })
}

/// The shared HTTP machinery of one [`Admin`](crate::Admin).
pub(crate) struct Transport {
    http: reqwest::Client,
    admin_base: String,
    control_base: String,
    assistant_base: String,
    api_version: String,
    headers: HeaderMap,
    retry: RetryConfig,
    tokens: TokenProvider,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("admin_base", &self.admin_base)
            .field("control_base", &self.control_base)
            .field("assistant_base", &self.assistant_base)
            .field("api_version", &self.api_version)
            .field("retry", &self.retry)
            .field("tokens", &self.tokens)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// Builds the shared HTTP client and the token provider (no request is sent).
    pub(crate) fn new(config: &Config) -> Result<Self> {
        let user_agent = config.user_agent();
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .tls_backend_rustls()
            .user_agent(user_agent.clone());
        if let Some(proxy) = &config.proxy_url {
            let proxy = reqwest::Proxy::all(proxy.as_str())
                .map_err(|e| Error::validation("proxy_url", describe(&e)))?;
            builder = builder.proxy(proxy);
        }
        if !config.ssl_verify {
            tracing::warn!(
                "pinecone-admin: TLS certificate verification is disabled (ssl_verify = false); \
                 use this only against a test server"
            );
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        let http = builder.build().map_err(|e| Error::Connection {
            message: format!("cannot create the HTTP client: {}", describe(&e)),
            source: Some(e),
        })?;

        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(&user_agent)
                .map_err(|_| Error::validation("source_tag", "is not a valid header value"))?,
        );
        for (name, value) in &config.additional_headers {
            headers.insert(name.clone(), value.clone());
        }

        let tokens = TokenProvider::new(config, http.clone(), &user_agent)?;
        Ok(Self {
            admin_base: join(&config.host, ""),
            control_base: join(&config.control_host, ""),
            assistant_base: join(&config.control_host, "/assistant"),
            api_version: config.api_version.clone(),
            headers,
            retry: config.retry.clone(),
            http,
            tokens,
        })
    }

    /// The token provider.
    pub(crate) fn tokens(&self) -> &TokenProvider {
        &self.tokens
    }

    /// A request context with the version and the shared headers (no credential yet).
    fn context(&self) -> RequestContext {
        RequestContext::new(self.api_version.clone()).with_headers(self.headers.clone())
    }

    /// Makes one admin call: current token, retries by method, one re-mint after a 401,
    /// typed errors, lenient decoding. `call` receives a raw client bound to the token.
    pub(crate) async fn admin<T, R, F, Fut>(&self, op: Op, call: F) -> Result<R>
    where
        F: Fn(admin::Client) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, admin_api_raw::Error>>,
        R: FromWire<T>,
    {
        let mut token = self.tokens.token().await?;
        let mut reminted = false;
        loop {
            let client = admin::Client::new_with_client(
                &self.admin_base,
                self.http.clone(),
                self.context().with_bearer(token.expose()),
            );
            match self.run(&op, &client, &call).await {
                Err(Error::Unauthorized(error)) if !reminted => {
                    match self.tokens.after_unauthorized(&token).await? {
                        Some(fresh) => {
                            token = fresh;
                            reminted = true;
                        }
                        None => return Err(Error::Unauthorized(error)),
                    }
                }
                other => return other,
            }
        }
    }

    /// Makes one control-plane call (indexes, collections, backups) with a project API key.
    /// Same retries, errors and decoding as [`admin`](Self::admin); a 401 is not recovered.
    pub(crate) async fn db_control<T, R, F, Fut>(
        &self,
        api_key: &Secret,
        op: Op,
        call: F,
    ) -> Result<R>
    where
        F: Fn(db_control::Client) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, admin_api_raw::Error>>,
        R: FromWire<T>,
    {
        let client = db_control::Client::new_with_client(
            &self.control_base,
            self.http.clone(),
            self.context().with_api_key(api_key.expose()),
        );
        self.run(&op, &client, &call).await
    }

    /// Makes one assistant control call (`<control_host>/assistant/...`) with a project API key.
    pub(crate) async fn assistant_control<T, R, F, Fut>(
        &self,
        api_key: &Secret,
        op: Op,
        call: F,
    ) -> Result<R>
    where
        F: Fn(assistant_control::Client) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, admin_api_raw::Error>>,
        R: FromWire<T>,
    {
        let client = assistant_control::Client::new_with_client(
            &self.assistant_base,
            self.http.clone(),
            self.context().with_api_key(api_key.expose()),
        );
        self.run(&op, &client, &call).await
    }

    /// Retries `call` on `client` per the method's policy, one span per attempt.
    async fn run<C, T, R, F, Fut>(&self, op: &Op, client: &C, call: &F) -> Result<R>
    where
        C: Clone,
        F: Fn(C) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<T>, admin_api_raw::Error>>,
        R: FromWire<T>,
    {
        let attempts = AtomicU32::new(0);
        with_retries(&self.retry, is_idempotent(op.method), || {
            let attempt = attempts.fetch_add(1, Ordering::Relaxed) + 1;
            let span = tracing::debug_span!(
                "pinecone_admin.request",
                operation = op.name,
                method = op.method.as_str(),
                path = op.path,
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let future = call(client.clone());
            async move {
                let outcome = future.await;
                let result = finish::<T, R>(op, outcome).await;
                if let Err(failed) = &result {
                    tracing::debug!(error = %failed.error, "pinecone-admin: attempt failed");
                }
                result
            }
            .instrument(span)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use admin_api_raw::ops;
    use std::time::Duration;

    fn quick() -> RetryConfig {
        RetryConfig::default()
            .min_delay(Duration::from_millis(1))
            .max_delay(Duration::from_millis(2))
    }

    fn api(status: u16) -> Attempt {
        let status = StatusCode::from_u16(status).unwrap();
        Attempt::from_status(
            Error::from_api(ApiError::from_response(status, &HeaderMap::new(), b"")),
            status,
        )
    }

    async fn count_attempts(idempotent: bool, status: u16) -> (u32, Result<()>) {
        let n = AtomicU32::new(0);
        let result = with_retries(&quick(), idempotent, || {
            n.fetch_add(1, Ordering::Relaxed);
            async { Err::<(), _>(api(status)) }
        })
        .await;
        (n.load(Ordering::Relaxed), result)
    }

    #[tokio::test]
    async fn retry_policy_by_method() {
        for status in [408, 500, 502, 503, 504] {
            assert_eq!(count_attempts(true, status).await.0, 4, "{status}");
            assert_eq!(count_attempts(false, status).await.0, 1, "POST {status}");
        }
        assert_eq!(count_attempts(true, 429).await.0, 4);
        assert_eq!(count_attempts(false, 429).await.0, 4);
        for status in [400, 401, 403, 404, 409, 412, 501] {
            assert_eq!(count_attempts(true, status).await.0, 1, "{status}");
        }
    }

    #[tokio::test]
    async fn succeeds_after_transient_failures() {
        let n = AtomicU32::new(0);
        let result = with_retries(&quick(), true, || {
            let k = n.fetch_add(1, Ordering::Relaxed);
            async move {
                if k < 2 {
                    Err(api(503))
                } else {
                    Ok(k)
                }
            }
        })
        .await;
        assert_eq!(result.unwrap(), 2);
    }

    #[tokio::test]
    async fn retry_after_is_capped() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("3600"));
        let cfg = quick()
            .max_retries(1)
            .max_retry_after(Duration::from_millis(20));
        let started = std::time::Instant::now();
        let n = AtomicU32::new(0);
        let _ = with_retries(&cfg, false, || {
            n.fetch_add(1, Ordering::Relaxed);
            let headers = headers.clone();
            async move {
                let error = Error::from_api(ApiError::from_response(
                    StatusCode::TOO_MANY_REQUESTS,
                    &headers,
                    b"",
                ));
                Err::<(), _>(Attempt::from_status(error, StatusCode::TOO_MANY_REQUESTS))
            }
        })
        .await;
        assert_eq!(n.load(Ordering::Relaxed), 2);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    // ----- control-plane helpers against the emulator ---------------------------------------

    use admin_api_raw::{assistant_control::types as at, db_control::types as dt};
    use pinecone_admin_emulator::{Emulator, FaultAction, FaultRule};

    use crate::{Admin, CreateApiKey, CreateProject};

    #[derive(Debug)]
    struct Names(Vec<String>);

    impl FromWire<dt::IndexList> for Names {
        fn from_raw(raw: dt::IndexList) -> Self {
            Names(raw.indexes.into_iter().map(|i| i.name).collect())
        }
        fn from_body(body: &[u8]) -> std::result::Result<Self, serde_json::Error> {
            let v: serde_json::Value = serde_json::from_slice(body)?;
            Ok(Names(
                v["indexes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|i| i["name"].as_str().map(str::to_owned))
                    .collect(),
            ))
        }
    }

    impl FromWire<at::ListAssistantsResponse> for Names {
        fn from_raw(raw: at::ListAssistantsResponse) -> Self {
            Names(raw.assistants.into_iter().map(|a| a.name).collect())
        }
        fn from_body(body: &[u8]) -> std::result::Result<Self, serde_json::Error> {
            let v: serde_json::Value = serde_json::from_slice(body)?;
            Ok(Names(
                v["assistants"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|i| i["name"].as_str().map(str::to_owned))
                    .collect(),
            ))
        }
    }

    async fn emulator_admin() -> (pinecone_admin_emulator::EmulatorHandle, Admin) {
        let emu = Emulator::builder().start().await.unwrap();
        let admin = Admin::builder()
            .client_id(emu.client_id())
            .client_secret(emu.client_secret())
            .host(emu.admin_url())
            .oauth_url(emu.oauth_url())
            .control_host(emu.control_url())
            .retry(quick())
            .env(|_| None)
            .build()
            .await
            .unwrap();
        (emu, admin)
    }

    #[tokio::test]
    async fn control_plane_calls_use_the_project_key() {
        let (emu, admin) = emulator_admin().await;
        let project = admin
            .projects()
            .create(CreateProject::new("cp"))
            .await
            .unwrap();
        emu.seed_index(&project.id, "idx-a", false).unwrap();
        emu.seed_assistant(&project.id, "helper").unwrap();
        let key = admin
            .api_keys()
            .create(&project.id, CreateApiKey::new("cleanup"))
            .await
            .unwrap();
        let t = admin.transport();

        let names: Names = t
            .db_control(
                key.secret(),
                Op::of(ops::db_control::LIST_INDEXES),
                |c| async move { c.list_indexes().await },
            )
            .await
            .unwrap();
        assert_eq!(names.0, vec!["idx-a".to_owned()]);

        let assistants: Names = t
            .assistant_control(
                key.secret(),
                Op::of(ops::assistant_control::LIST_ASSISTANTS),
                |c| async move { c.list_assistants(None, None).await },
            )
            .await
            .unwrap();
        assert_eq!(assistants.0, vec!["helper".to_owned()]);

        t.assistant_control::<(), (), _, _>(
            key.secret(),
            Op::of(ops::assistant_control::DELETE_ASSISTANT),
            |c| async move { c.delete_assistant("helper").await },
        )
        .await
        .unwrap();

        // Retries apply here too.
        emu.inject(
            FaultRule::new("DELETE", "/indexes/{index_name}")
                .action(FaultAction::FailTimes(1, 503)),
        );
        t.db_control::<(), (), _, _>(
            key.secret(),
            Op::of(ops::db_control::DELETE_INDEX),
            |c| async move { c.delete_index("idx-a").await },
        )
        .await
        .unwrap();
        assert_eq!(emu.counters().requests("DELETE /indexes/{index_name}"), 2);

        // A bad key is a 401 (text/plain on the control plane) and never triggers a re-mint.
        let bad = Secret::new("pckey_not_a_key");
        let err = t
            .db_control(
                &bad,
                Op::of(ops::db_control::LIST_INDEXES),
                |c| async move { c.list_indexes().await },
            )
            .await
            .map(|_: Names| ())
            .unwrap_err();
        assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
        assert_eq!(emu.counters().token_exchanges(), 1);
    }
}
