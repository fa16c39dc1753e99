//! Construction and options over real HTTP: credentials and env fallbacks (injected env),
//! explicit-beats-env, host and OAuth overrides, proxy, headers, source tag, API version,
//! TLS verification, timeouts.

use crate::common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::{builder, emulator, tls_front, RecordingProxy, CLIENT_ID, CLIENT_SECRET};
use pinecone_admin::{Admin, Error};
use pinecone_admin_emulator::{FaultAction, FaultRule};

fn env_map(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

fn validation(result: pinecone_admin::Result<Admin>) -> (String, String) {
    match result {
        Err(Error::Validation { field, message }) => (field, message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn missing_or_blank_credentials_fail_before_any_request() {
    let emu = emulator().await;
    let base = || {
        Admin::builder()
            .host(emu.admin_url())
            .oauth_url(emu.oauth_url())
            .env(|_| None)
    };
    let (field, message) = validation(base().build().await);
    assert_eq!(field, "client_id");
    assert!(message.contains("PINECONE_CLIENT_ID"), "{message}");
    let (field, _) = validation(base().client_id("  ").client_secret("s").build().await);
    assert_eq!(field, "client_id");
    let (field, message) = validation(base().client_id("id").build().await);
    assert_eq!(field, "client_secret");
    assert!(message.contains("PINECONE_CLIENT_SECRET"), "{message}");
    let (field, _) = validation(base().client_id("id").client_secret("").build().await);
    assert_eq!(field, "client_secret");
    let (field, _) = validation(
        base()
            .env(env_map(&[
                ("PINECONE_CLIENT_ID", "id"),
                ("PINECONE_CLIENT_SECRET", " \t"),
            ]))
            .build()
            .await,
    );
    assert_eq!(field, "client_secret");
    let (field, _) = validation(base().access_token("   ").build().await);
    assert_eq!(field, "access_token");
    let (field, _) = validation(
        base()
            .client_id("id")
            .client_secret("s")
            .proxy_url("ftp://nope")
            .build()
            .await,
    );
    assert_eq!(field, "proxy_url");
    assert_eq!(emu.counters().requests_total(), 0, "nothing was sent");
}

#[tokio::test]
async fn credentials_from_the_injected_env() {
    let emu = emulator().await;
    let admin = Admin::builder()
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .env(env_map(&[
            ("PINECONE_CLIENT_ID", CLIENT_ID),
            ("PINECONE_CLIENT_SECRET", CLIENT_SECRET),
        ]))
        .build()
        .await
        .unwrap();
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().token_exchanges(), 1);
}

#[tokio::test]
async fn explicit_settings_beat_the_env() {
    let emu = emulator().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let admin = Admin::builder()
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .env(env_map(&[
            ("PINECONE_CLIENT_ID", "wrong-id"),
            ("PINECONE_CLIENT_SECRET", "wrong-secret"),
            ("PINECONE_ACCESS_TOKEN", "wrong-token"),
            ("PINECONE_CONTROLLER_HOST", &format!("http://{closed}")),
        ]))
        .build()
        .await
        .unwrap();
    admin.projects().list().await.unwrap();
    assert_eq!(admin.host(), emu.admin_url().trim_end_matches('/'));
}

#[tokio::test]
async fn host_from_env_and_default_control_host() {
    let emu = emulator().await;
    let admin = Admin::builder()
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .oauth_url(emu.oauth_url())
        .env(env_map(&[("PINECONE_CONTROLLER_HOST", emu.admin_url())]))
        .build()
        .await
        .unwrap();
    admin.projects().list().await.unwrap();
    assert_eq!(
        admin.control_host(),
        admin.host(),
        "control host defaults to the admin host"
    );
    assert_eq!(emu.counters().requests("GET /admin/projects"), 1);
}

#[tokio::test]
async fn bad_credentials_fail_at_build_with_the_oauth_message() {
    let emu = emulator().await;
    let err = builder(&emu)
        .client_secret("not-the-secret")
        .build()
        .await
        .unwrap_err();
    match &err {
        Error::OAuth(api) => {
            assert_eq!(api.status().as_u16(), 401);
            assert!(!api.message().is_empty());
            assert!(api.code().is_some(), "{api:?}");
        }
        other => panic!("expected OAuth, got {other:?}"),
    }
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("not-the-secret"), "{shown}");
    assert_eq!(
        emu.counters().requests("POST /oauth/token"),
        1,
        "401 is not retried"
    );
    assert_eq!(emu.counters().requests("GET /admin/projects"), 0);
}

#[tokio::test]
async fn proxy_carries_every_request_with_the_expected_headers() {
    let emu = emulator().await;
    let proxy = RecordingProxy::start(emu.local_addr()).await;
    let admin = builder(&emu)
        .proxy_url(proxy.url())
        .source_tag("  My Platform:Prod!! ")
        .additional_headers([("X-Team", "search"), ("X-Trace", "abc")])
        .env(env_map(&[("PINECONE_API_KEY", "pckey_must_not_be_sent")]))
        .build()
        .await
        .unwrap();
    admin.projects().list().await.unwrap();
    let sent = proxy.sent_lowercase();
    let base = emu.admin_url().trim_end_matches('/').to_lowercase();
    // Absolute-form request lines: these went through the proxy.
    assert!(
        sent.contains(&format!("post {base}/oauth/token http/1.1")),
        "{sent}"
    );
    assert!(
        sent.contains(&format!("get {base}/admin/projects http/1.1")),
        "{sent}"
    );
    let ua = format!(
        "user-agent: pinecone-admin-rs/{}; source_tag=my_platform:prod",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        sent.matches(&ua).count(),
        2,
        "token request and admin call: {sent}"
    );
    assert_eq!(sent.matches("x-pinecone-api-version: 2026-07").count(), 2);
    assert_eq!(
        sent.matches("authorization: bearer ").count(),
        1,
        "only the admin call"
    );
    assert!(
        sent.contains("x-team: search") && sent.contains("x-trace: abc"),
        "{sent}"
    );
    assert!(
        !sent.contains("\r\napi-key:"),
        "no Api-Key on admin calls: {sent}"
    );
    assert!(!sent.contains("pckey_must_not_be_sent"));
    assert!(
        !sent.contains("\r\napi-version:"),
        "progenitor's own header is removed"
    );
    assert!(proxy.connections() >= 1);
}

#[tokio::test]
async fn token_request_shape_with_an_overridden_oauth_url() {
    let emu = emulator().await;
    let proxy = RecordingProxy::start(emu.local_addr()).await;
    builder(&emu).proxy_url(proxy.url()).build().await.unwrap();
    let sent = proxy.sent();
    let body_start = sent.find("{").expect("a JSON body");
    let body: serde_json::Value = serde_json::from_str(&sent[body_start..]).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "grant_type": "client_credentials",
            "audience": "https://api.pinecone.io/",
        }),
        "the audience stays the production one"
    );
    let lower = sent.to_lowercase();
    assert!(lower.contains("content-type: application/json"));
    assert!(lower.contains("x-pinecone-api-version: 2026-07"));
}

#[tokio::test]
async fn user_agent_without_source_tag_and_custom_api_version() {
    let emu = emulator().await;
    let proxy = RecordingProxy::start(emu.local_addr()).await;
    let admin = builder(&emu)
        .proxy_url(proxy.url())
        .api_version("2026-04")
        .source_tag("!!!")
        .build()
        .await
        .unwrap();
    admin.organizations().list().await.unwrap();
    let sent = proxy.sent_lowercase();
    let ua = format!(
        "user-agent: pinecone-admin-rs/{}\r\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(sent.matches(&ua).count(), 2, "{sent}");
    assert_eq!(sent.matches("x-pinecone-api-version: 2026-04").count(), 2);
    assert_eq!(admin.api_version(), "2026-04");
}

#[tokio::test]
async fn additional_headers_override_defaults_last() {
    let emu = emulator().await;
    let proxy = RecordingProxy::start(emu.local_addr()).await;
    let admin = builder(&emu)
        .proxy_url(proxy.url())
        .additional_header("User-Agent", "my-wrapper/1.0")
        .build()
        .await
        .unwrap();
    admin.projects().list().await.unwrap();
    let sent = proxy.sent_lowercase();
    assert!(sent.contains("user-agent: my-wrapper/1.0"), "{sent}");
}

#[tokio::test]
async fn tls_verification_applies_to_the_token_request_too() {
    let emu = emulator().await;
    let front = tls_front(emu.local_addr()).await;
    let over_tls = || {
        builder(&emu)
            .host(&front)
            .oauth_url(format!("{front}/oauth/token"))
    };
    // Verification on: the self-signed certificate is refused by the token request.
    let err = over_tls().build().await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert_eq!(emu.counters().token_exchanges(), 0);

    // Verification off: token request and admin calls go through the TLS front.
    let admin = over_tls().ssl_verify(false).build().await.unwrap();
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().token_exchanges(), 1);
    assert_eq!(emu.counters().requests("GET /admin/projects"), 1);
}

#[tokio::test]
async fn a_bare_host_gets_https() {
    let emu = emulator().await;
    let front = tls_front(emu.local_addr()).await;
    let bare = front.trim_start_matches("https://").to_owned();
    let admin = builder(&emu)
        .host(bare.clone())
        .oauth_url(format!("{bare}/oauth/token"))
        .ssl_verify(false)
        .build()
        .await
        .unwrap();
    assert_eq!(admin.host(), front);
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().requests("GET /admin/projects"), 1);
}

#[tokio::test]
async fn host_with_trailing_slash() {
    let emu = emulator().await;
    let admin = builder(&emu)
        .host(format!("{}/", emu.admin_url().trim_end_matches('/')))
        .build()
        .await
        .unwrap();
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().requests("GET /admin/projects"), 1);
}

#[tokio::test]
async fn request_timeout() {
    let emu = emulator().await;
    let admin = builder(&emu)
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .build()
        .await
        .unwrap();
    emu.inject(
        FaultRule::new("GET", "/admin/projects")
            .action(FaultAction::Latency(Duration::from_secs(3))),
    );
    let started = Instant::now();
    let err = admin.projects().list().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(err.to_string().starts_with("request timed out"), "{err}");
}

#[tokio::test]
async fn token_request_timeout_fails_build() {
    let emu = emulator().await;
    emu.inject(
        FaultRule::new("POST", "/oauth/token").action(FaultAction::Latency(Duration::from_secs(3))),
    );
    let err = builder(&emu)
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .build()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

/// A listener whose accept queue is full: the kernel drops further SYNs, so a new connection
/// hangs in the handshake.
async fn saturated_listener() -> (tokio::net::TcpListener, Vec<tokio::net::TcpStream>) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        if let Ok(Ok(s)) = tokio::time::timeout(
            Duration::from_millis(100),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            fillers.push(s);
        }
    }
    (listener, fillers)
}

#[tokio::test]
async fn connect_timeout_is_applied() {
    let emu = emulator().await;
    let (listener, _fillers) = saturated_listener().await;
    let admin = builder(&emu)
        .host(format!("http://{}", listener.local_addr().unwrap()))
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(20))
        .max_retries(0)
        .build()
        .await
        .unwrap();
    let started = Instant::now();
    let err = admin.projects().list().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let emu = emulator().await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let admin = builder(&emu)
        .host(format!("http://{closed}"))
        .max_retries(0)
        .build()
        .await
        .unwrap();
    let err = admin.projects().list().await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert!(err.status().is_none());
    assert!(err.to_string().starts_with("connection error: "), "{err}");
}

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let emu = emulator().await;
    let b = builder(&emu).additional_header("x-auth", "header-secret");
    let shown = format!("{b:?}");
    assert!(
        !shown.contains(CLIENT_SECRET) && !shown.contains("header-secret"),
        "{shown}"
    );
    let admin = b.build().await.unwrap();
    let shown = format!("{admin:?} {:?}", admin.projects());
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
}
