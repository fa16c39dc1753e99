//! The workspace's one test harness, shared by the facade's integration tests
//! (`crates/pinecone-admin/tests`), the end-to-end suites and the benchmark (`tests/`): an
//! emulator with known credentials, an [`Admin`] wired to it over loopback, a manual clock, a
//! log capture buffer, a recording forward proxy and a TLS front.
//!
//! Everything here talks real HTTP on `127.0.0.1`; nothing reads the process environment.
//!
//! ```no_run
//! # async fn run() {
//! let emu = pinecone_admin_test_support::emulator().await;
//! let admin = pinecone_admin_test_support::admin(&emu).await;
//! let project = admin
//!     .projects()
//!     .create(pinecone_admin::CreateProject::new("demo"))
//!     .await
//!     .unwrap();
//! assert_eq!(emu.project_ids(), vec![project.id]);
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pinecone_admin::{Admin, AdminBuilder, Clock, RetryConfig};
use pinecone_admin_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The seeded service account's client id.
pub const CLIENT_ID: &str = "e2e-client-id";
/// The seeded service account's client secret (a test asserts it never prints).
pub const CLIENT_SECRET: &str = "e2e-client-secret-NEVER-PRINT-7f3a9c";

/// An emulator builder with the known credentials.
pub fn emulator_builder() -> EmulatorBuilder {
    Emulator::builder().client_credentials(CLIENT_ID, CLIENT_SECRET)
}

/// A started emulator with the known credentials and default settings.
pub async fn emulator() -> EmulatorHandle {
    emulator_builder().start().await.expect("emulator starts")
}

/// Retries that wait milliseconds, not seconds (`Retry-After` capped at 50 ms).
pub fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .min_delay(Duration::from_millis(2))
        .max_delay(Duration::from_millis(20))
        .max_retry_after(Duration::from_millis(50))
}

/// A client builder pointed at `emu` with [`fast_retry`], ignoring the process environment.
pub fn builder(emu: &EmulatorHandle) -> AdminBuilder {
    Admin::builder()
        .client_id(emu.client_id())
        .client_secret(emu.client_secret())
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .control_host(emu.control_url())
        .retry(fast_retry())
        .env(|_| None)
}

/// A client pointed at `emu` (see [`builder`]).
pub async fn admin(emu: &EmulatorHandle) -> Admin {
    builder(emu).build().await.expect("admin builds")
}

/// A clock that only moves when told to, for token-expiry paths without sleeping.
#[derive(Debug)]
pub struct ManualClock(Mutex<Instant>);

impl ManualClock {
    /// A clock at the current instant.
    pub fn new() -> Arc<Self> {
        Arc::new(ManualClock(Mutex::new(Instant::now())))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A shared in-memory sink for a `tracing_subscriber::fmt` layer: every line any subscriber
/// writes through it lands in one buffer.
///
/// ```
/// let capture = pinecone_admin_test_support::LogCapture::default();
/// let subscriber = tracing_subscriber::fmt()
///     .with_writer(capture.clone())
///     .with_ansi(false)
///     .finish();
/// tracing::subscriber::with_default(subscriber, || tracing::info!("hello"));
/// assert!(capture.text().contains("hello"));
/// ```
#[derive(Clone, Default, Debug)]
pub struct LogCapture(Arc<Mutex<Vec<u8>>>);

impl LogCapture {
    /// A plain-text TRACE subscriber that writes here.
    ///
    /// Tests that share one process need this rather than a subscriber of their own: `tracing`
    /// caches each callsite's interest for the whole process, computed by whichever thread
    /// reaches it first. While at most one dispatcher is registered, that computation asks the
    /// *calling thread's* default, so a sibling test with no subscriber caches `never` and a
    /// capture elsewhere silently loses the event. Two always-interested dispatchers pinned for
    /// the life of the process make every computation consult all registered dispatchers
    /// instead; captures record at TRACE and filter the text ([`lines_at`](Self::lines_at)).
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        static ANCHORS: std::sync::OnceLock<[tracing::Dispatch; 2]> = std::sync::OnceLock::new();
        ANCHORS.get_or_init(|| {
            [
                tracing::Dispatch::new(tracing_subscriber::registry()),
                tracing::Dispatch::new(tracing_subscriber::registry()),
            ]
        });
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(self.clone())
            .finish()
    }

    /// The lines logged at `level` (e.g. `"WARN"`).
    pub fn lines_at(&self, level: &str) -> Vec<String> {
        let tag = format!(" {level} ");
        self.text()
            .lines()
            .filter(|l| l.contains(&tag))
            .map(str::to_owned)
            .collect()
    }

    /// Everything written so far (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }

    /// The number of bytes written so far.
    pub fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// `true` when nothing was written yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The writer handed out by [`LogCapture`].
#[derive(Debug)]
pub struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogCapture {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> Self::Writer {
        LogWriter(self.0.clone())
    }
}

/// A forward HTTP proxy on loopback that relays bytes to `target` and records everything
/// clients send through it (request lines, headers, bodies), so a test can read the exact
/// credentials a client put on the wire (bearer tokens, `Api-Key` values).
#[derive(Debug)]
pub struct RecordingProxy {
    url: String,
    sent: Arc<Mutex<Vec<u8>>>,
    connections: Arc<AtomicUsize>,
}

impl RecordingProxy {
    /// Starts the proxy; every connection is relayed to `target`.
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let sent = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (sink, count) = (sent.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                let sink = sink.clone();
                tokio::spawn(async move {
                    let Ok(outbound) = TcpStream::connect(target).await else {
                        return;
                    };
                    let (mut client_rx, mut client_tx) = inbound.into_split();
                    let (mut server_rx, mut server_tx) = outbound.into_split();
                    let upstream = async {
                        let mut buf = vec![0u8; 16 * 1024];
                        loop {
                            let n = match client_rx.read(&mut buf).await {
                                Ok(0) | Err(_) => break,
                                Ok(n) => n,
                            };
                            sink.lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .extend_from_slice(&buf[..n]);
                            if server_tx.write_all(&buf[..n]).await.is_err() {
                                break;
                            }
                        }
                        let _ = server_tx.shutdown().await;
                    };
                    let downstream = async {
                        let _ = tokio::io::copy(&mut server_rx, &mut client_tx).await;
                        let _ = client_tx.shutdown().await;
                    };
                    tokio::join!(upstream, downstream);
                });
            }
        });
        Self {
            url,
            sent,
            connections,
        }
    }

    /// The proxy URL to give a client (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Everything clients sent so far (lossy UTF-8).
    pub fn sent(&self) -> String {
        String::from_utf8_lossy(&self.sent.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }

    /// Everything clients sent so far, lowercased (header names are case-insensitive).
    pub fn sent_lowercase(&self) -> String {
        self.sent().to_lowercase()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The distinct values of request header `name` (case-insensitive) clients sent, with an
    /// optional value prefix stripped (e.g. `"Bearer "`).
    pub fn header_values(&self, name: &str, strip_prefix: &str) -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        for line in self.sent().lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            if !key.trim().eq_ignore_ascii_case(name) {
                continue;
            }
            let value = value.trim();
            let value = match value.get(..strip_prefix.len()) {
                Some(head) if head.eq_ignore_ascii_case(strip_prefix) => {
                    &value[strip_prefix.len()..]
                }
                _ => value,
            };
            let value = value.trim().to_owned();
            if !value.is_empty() && !values.contains(&value) {
                values.push(value);
            }
        }
        values
    }
}

/// A TLS front with a self-signed certificate for `localhost`, relaying to `target` in plain
/// HTTP. Returns its `https://localhost:PORT` base URL.
pub async fn tls_front(target: SocketAddr) -> String {
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use tokio_rustls::rustls::{crypto, ServerConfig};

    let certs = vec![
        CertificateDer::from_pem_slice(include_bytes!("../fixtures/test-cert.pem"))
            .expect("test certificate"),
    ];
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("../fixtures/test-key.pem"))
        .expect("test key");
    let config =
        ServerConfig::builder_with_provider(Arc::new(crypto::aws_lc_rs::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .expect("TLS config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("TLS front binds");
    let port = listener.local_addr().expect("TLS front address").port();
    tokio::spawn(async move {
        while let Ok((inbound, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(inbound).await else {
                    return; // the client refused our certificate
                };
                let Ok(mut outbound) = TcpStream::connect(target).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut outbound).await;
            });
        }
    });
    format!("https://localhost:{port}")
}

/// The number of requests the emulator has seen on admin routes and the token route.
pub fn total_requests(emu: &EmulatorHandle) -> u64 {
    emu.counters().requests_total()
}
