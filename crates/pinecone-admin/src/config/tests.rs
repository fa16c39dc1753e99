//! Unit tests of the configuration: resolution order, validation, URL parsing.

use super::urls::*;
use super::*;
use crate::error::{Error, Result};
use std::collections::HashMap;

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

fn creds(b: AdminBuilder) -> Result<Credentials> {
    b.resolve().map(|c| c.credentials)
}

fn field(r: Result<Credentials>) -> String {
    match r {
        Err(Error::Validation { field, message }) => format!("{field}: {message}"),
        other => panic!("expected validation error, got {other:?}"),
    }
}

#[test]
fn source_tags() {
    assert_eq!(normalize_source_tag("My Tag"), Some("my_tag".into()));
    assert_eq!(
        normalize_source_tag("  Foo:Bar  baz!!__x  "),
        Some("foo:bar_baz__x".into())
    );
    assert_eq!(normalize_source_tag("!!!"), None);
    assert_eq!(normalize_source_tag("   "), None);
    assert_eq!(normalize_source_tag("a - b"), Some("a_b".into()));
}

#[test]
fn credentials_from_env_and_precedence() {
    let b = AdminBuilder::default().env(env_of(&[
        (ENV_CLIENT_ID, "env-id"),
        (ENV_CLIENT_SECRET, "env-secret"),
    ]));
    match creds(b).unwrap() {
        Credentials::Client {
            client_id,
            client_secret,
        } => {
            assert_eq!(client_id, "env-id");
            assert_eq!(client_secret.expose(), "env-secret");
        }
        other => panic!("{other:?}"),
    }
    let b = AdminBuilder::default().client_id("explicit").env(env_of(&[
        (ENV_CLIENT_ID, "env-id"),
        (ENV_CLIENT_SECRET, "env-secret"),
        (ENV_ACCESS_TOKEN, "env-token"),
    ]));
    match creds(b).unwrap() {
        Credentials::Client { client_id, .. } => assert_eq!(client_id, "explicit"),
        other => panic!("{other:?}"),
    }
    let b = AdminBuilder::default().env(env_of(&[
        (ENV_CLIENT_ID, "env-id"),
        (ENV_ACCESS_TOKEN, "env-token"),
    ]));
    assert!(matches!(creds(b).unwrap(), Credentials::AccessToken(t) if t.expose() == "env-token"));
    let b = AdminBuilder::default()
        .access_token("tok")
        .client_id("x")
        .env(env_of(&[]));
    assert!(matches!(creds(b).unwrap(), Credentials::AccessToken(_)));
}

#[test]
fn missing_or_blank_credentials() {
    let msg = field(creds(AdminBuilder::default().env(env_of(&[]))));
    assert!(
        msg.starts_with("client_id:") && msg.contains(ENV_CLIENT_ID),
        "{msg}"
    );
    let msg =
        field(creds(AdminBuilder::default().env(env_of(&[
            (ENV_CLIENT_ID, "  "),
            (ENV_CLIENT_SECRET, "s"),
        ]))));
    assert!(msg.starts_with("client_id:"), "{msg}");
    let msg = field(creds(
        AdminBuilder::default()
            .client_id("id")
            .client_secret("   ")
            .env(env_of(&[(ENV_CLIENT_SECRET, "env")])),
    ));
    assert!(
        msg.starts_with("client_secret:") && msg.contains(ENV_CLIENT_SECRET),
        "{msg}"
    );
    let msg = field(creds(
        AdminBuilder::default().client_id("id").env(env_of(&[])),
    ));
    assert!(msg.starts_with("client_secret:"), "{msg}");
    let msg = field(creds(
        AdminBuilder::default().access_token(" ").env(env_of(&[])),
    ));
    assert!(msg.starts_with("access_token:"), "{msg}");
    let msg = field(creds(
        AdminBuilder::default()
            .access_token("tok\nen")
            .env(env_of(&[])),
    ));
    assert!(msg.starts_with("access_token:"), "{msg}");
}

#[test]
fn hosts() {
    let base = || {
        AdminBuilder::default()
            .client_id("i")
            .client_secret("s")
            .env(env_of(&[]))
    };
    let c = base().resolve().unwrap();
    assert_eq!(c.host.as_str(), "https://api.pinecone.io/");
    assert_eq!(c.control_host, c.host);
    assert_eq!(c.oauth_url.as_str(), DEFAULT_OAUTH_URL);
    assert_eq!(c.api_version, "2026-07");
    assert_eq!(c.timeout, Duration::from_secs(30));

    let c = base().host("admin.example.com/").resolve().unwrap();
    assert_eq!(
        join(&c.host, "/admin/projects"),
        "https://admin.example.com/admin/projects"
    );

    let c = base()
        .env(env_of(&[(ENV_CONTROLLER_HOST, "http://127.0.0.1:9/")]))
        .resolve()
        .unwrap();
    assert_eq!(join(&c.host, "/admin"), "http://127.0.0.1:9/admin");
    assert_eq!(
        join(&c.control_host, "/assistant"),
        "http://127.0.0.1:9/assistant"
    );

    let c = base()
        .host("http://explicit:1")
        .env(env_of(&[(ENV_CONTROLLER_HOST, "http://env:2")]))
        .resolve()
        .unwrap();
    assert_eq!(c.host.host_str(), Some("explicit"));

    let c = base()
        .host("https://gw.example.com/pinecone/")
        .resolve()
        .unwrap();
    assert_eq!(
        join(&c.host, "/admin/x"),
        "https://gw.example.com/pinecone/admin/x"
    );

    for bad in ["ftp://x", "http://", "   "] {
        assert!(
            matches!(
                base().host(bad).resolve(),
                Err(Error::Validation { ref field, .. }) if field == "host"
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        base().additional_header("bad header", "v").resolve(),
        Err(Error::Validation { ref field, .. }) if field == "additional_headers"
    ));
    assert!(matches!(
        base().api_version(" ").resolve(),
        Err(Error::Validation { ref field, .. }) if field == "api_version"
    ));
    assert!(matches!(
        base().timeout(Duration::ZERO).resolve(),
        Err(Error::Validation { ref field, .. }) if field == "timeout"
    ));
}

#[test]
fn user_agent() {
    let c = AdminBuilder::default()
        .client_id("i")
        .client_secret("s")
        .source_tag("My App")
        .env(env_of(&[]))
        .resolve()
        .unwrap();
    assert_eq!(
        c.user_agent(),
        format!(
            "pinecone-admin-rs/{}; source_tag=my_app",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn debug_hides_secrets() {
    let b = AdminBuilder::default()
        .client_id("id")
        .client_secret("very-secret")
        .access_token("tok-secret")
        .additional_header("x-auth", "hdr-secret");
    let s = format!("{b:?}");
    assert!(
        !s.contains("very-secret") && !s.contains("tok-secret") && !s.contains("hdr-secret"),
        "{s}"
    );
}
