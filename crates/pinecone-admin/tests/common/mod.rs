//! Shared helpers for the integration tests: an emulator, a client wired to it, a manual
//! clock, a recording forward proxy and a TLS front, all on loopback.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pinecone_admin::{Admin, AdminBuilder, Clock, RetryConfig};
use pinecone_admin_emulator::{Emulator, EmulatorHandle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const CLIENT_ID: &str = "test-client-id";
pub const CLIENT_SECRET: &str = "test-client-secret-do-not-print";

/// An emulator with known credentials.
pub async fn emulator() -> EmulatorHandle {
    Emulator::builder()
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .start()
        .await
        .expect("emulator starts")
}

/// Retries that wait milliseconds, not seconds.
pub fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .min_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20))
        .max_retry_after(Duration::from_millis(50))
}

/// A builder pointed at `emu`, ignoring the process environment.
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

/// A client pointed at `emu`.
pub async fn admin(emu: &EmulatorHandle) -> Admin {
    builder(emu).build().await.expect("admin builds")
}

/// A clock the test moves by hand.
#[derive(Debug)]
pub struct ManualClock(Mutex<Instant>);

impl ManualClock {
    pub fn new() -> Arc<Self> {
        Arc::new(ManualClock(Mutex::new(Instant::now())))
    }
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap()
    }
}

/// A forward HTTP proxy that relays bytes to `target` and records everything clients send
/// (request lines in absolute form, headers, bodies).
pub struct RecordingProxy {
    pub url: String,
    captured: Arc<Mutex<Vec<u8>>>,
    connections: Arc<AtomicUsize>,
}

impl RecordingProxy {
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let captured = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (cap, conns) = (captured.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                conns.fetch_add(1, Ordering::SeqCst);
                let cap = cap.clone();
                tokio::spawn(async move {
                    let Ok(outbound) = TcpStream::connect(target).await else {
                        return;
                    };
                    let (mut ri, mut wi) = inbound.into_split();
                    let (mut ro, mut wo) = outbound.into_split();
                    let upstream = async {
                        let mut buf = vec![0u8; 16 * 1024];
                        loop {
                            let n = match ri.read(&mut buf).await {
                                Ok(0) | Err(_) => break,
                                Ok(n) => n,
                            };
                            cap.lock().unwrap().extend_from_slice(&buf[..n]);
                            if wo.write_all(&buf[..n]).await.is_err() {
                                break;
                            }
                        }
                        let _ = wo.shutdown().await;
                    };
                    let downstream = async {
                        let _ = tokio::io::copy(&mut ro, &mut wi).await;
                        let _ = wi.shutdown().await;
                    };
                    tokio::join!(upstream, downstream);
                });
            }
        });
        Self {
            url,
            captured,
            connections,
        }
    }

    /// Everything clients sent, lowercased (header names are case-insensitive).
    pub fn captured_lowercase(&self) -> String {
        String::from_utf8_lossy(&self.captured.lock().unwrap()).to_lowercase()
    }

    /// Everything clients sent, as is.
    pub fn captured(&self) -> String {
        String::from_utf8_lossy(&self.captured.lock().unwrap()).into_owned()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
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
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
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

/// Captures `tracing` output in memory: build a subscriber with [`LogCapture::subscriber`], then
/// read what was logged with [`LogCapture::text`] (or [`LogCapture::lines_at`] for one level).
///
/// The facade's tests share one process, and `tracing` caches each callsite's interest for the
/// whole process, computed by whichever thread reaches it first. While at most one dispatcher is
/// registered, that computation asks the *calling thread's* default, so a sibling test with no
/// subscriber caches `never` and a capture elsewhere silently loses the event (seen here:
/// `cleanup::no_secret_reaches_the_logs` flaked once the suites shared a binary). Two
/// always-interested dispatchers pinned for the life of the process make every computation
/// consult all registered dispatchers instead; captures record at TRACE and filter the text.
#[derive(Clone, Default)]
pub struct LogCapture(Arc<Mutex<Vec<u8>>>);

impl LogCapture {
    /// A plain-text TRACE subscriber that writes here. (Installing it registers it, which
    /// rebuilds the interest cache with the anchors in place.)
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        static ANCHORS: std::sync::OnceLock<[tracing::Dispatch; 2]> = std::sync::OnceLock::new();
        ANCHORS.get_or_init(|| {
            [
                tracing::Dispatch::new(tracing_subscriber::registry()),
                tracing::Dispatch::new(tracing_subscriber::registry()),
            ]
        });
        let sink = self.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || sink.clone())
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

    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl std::io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
