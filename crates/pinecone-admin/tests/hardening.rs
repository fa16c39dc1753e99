//! The promises that must hold at every edge: a rotation never widens access, no answer can
//! panic the caller. Each test here failed before its fix.

use crate::common;

use std::time::Duration;

use common::{admin, emulator, fast_retry};
use pinecone_admin::{Admin, ApiKeyRole, CreateApiKey, CreateProject, Error, UpdateApiKey};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PROJECT: &str = "6f1e2d3c-0000-4000-8000-000000000001";
const OLD_KEY: &str = "6f1e2d3c-0000-4000-8000-0000000000aa";
const NEW_KEY: &str = "6f1e2d3c-0000-4000-8000-0000000000bb";

async fn mock_admin(server: &MockServer) -> Admin {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "tok", "token_type": "Bearer", "expires_in": 3600}),
        ))
        .mount(server)
        .await;
    Admin::builder()
        .client_id("id")
        .client_secret("secret")
        .host(server.uri())
        .oauth_url(format!("{}/oauth/token", server.uri()))
        .control_host(server.uri())
        .retry(fast_retry())
        .env(|_| None)
        .build()
        .await
        .unwrap()
}

fn key(id: &str, roles: &[&str]) -> Value {
    json!({"id": id, "name": "app", "project_id": PROJECT, "roles": roles})
}

fn bodies(requests: &[Request], verb: &str, route: &str) -> Vec<Value> {
    requests
        .iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == route)
        .map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null))
        .collect()
}

fn sent(requests: &[Request], verb: &str, route: &str) -> usize {
    requests
        .iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == route)
        .count()
}

// ----- rotation keeps exactly the old roles ------------------------------------------------

#[tokio::test]
async fn rotating_a_role_less_key_gives_a_role_less_successor() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = admin
        .projects()
        .create(CreateProject::new("rotate-roleless"))
        .await
        .unwrap();
    let old = admin
        .api_keys()
        .create(
            &project.id,
            CreateApiKey::new("app").roles([ApiKeyRole::ProjectViewer]),
        )
        .await
        .unwrap();
    let old_id = old.key().id.clone();
    let stripped = admin
        .api_keys()
        .update(&old_id, UpdateApiKey::new().roles(Vec::<ApiKeyRole>::new()))
        .await
        .unwrap();
    assert!(stripped.roles.is_empty(), "{stripped:?}");

    let rotated = admin.api_keys().rotate(&old_id).await.unwrap();
    assert!(rotated.old_key_deleted());
    let new = admin
        .api_keys()
        .describe(&rotated.new_key().key().id)
        .await
        .unwrap();
    assert!(
        new.roles.is_empty(),
        "the successor of a role-less key must hold no roles, got {:?}",
        new.roles
    );
    let left: Vec<_> = admin.api_keys().list(&project.id).await.unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[tokio::test]
async fn no_roles_sends_an_explicit_empty_list() {
    let server = MockServer::start().await;
    let admin = mock_admin(&server).await;
    Mock::given(method("POST"))
        .and(path(format!("/admin/projects/{PROJECT}/api-keys")))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"key": key(NEW_KEY, &[]), "value": "pckey_x_y"})),
        )
        .mount(&server)
        .await;
    admin
        .api_keys()
        .create(PROJECT, CreateApiKey::new("app").no_roles())
        .await
        .unwrap();
    admin
        .api_keys()
        .create(PROJECT, CreateApiKey::new("app"))
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let route = format!("/admin/projects/{PROJECT}/api-keys");
    let sent = bodies(&requests, "POST", &route);
    assert_eq!(sent[0], json!({"name": "app", "roles": []}));
    // Unset roles stay unset (the server default applies).
    assert_eq!(sent[1], json!({"name": "app"}));
}

#[tokio::test]
async fn the_raw_crate_sends_an_explicit_empty_role_list() {
    let body = pinecone_admin::raw::admin::types::CreateApiKeyRequest {
        name: "app".to_owned(),
        roles: Some(Vec::new()),
    };
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"name": "app", "roles": []})
    );
    let unset = pinecone_admin::raw::admin::types::CreateApiKeyRequest {
        name: "app".to_owned(),
        roles: None,
    };
    assert_eq!(
        serde_json::to_value(&unset).unwrap(),
        json!({"name": "app"})
    );
}

/// A server that answers a rotation's create with other roles than asked.
async fn widening_server(old_roles: &[&str], granted: &[&str]) -> (MockServer, Admin) {
    let server = MockServer::start().await;
    let admin = mock_admin(&server).await;
    Mock::given(method("GET"))
        .and(path(format!("/admin/api-keys/{OLD_KEY}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(key(OLD_KEY, old_roles)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/admin/projects/{PROJECT}/api-keys")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": [key(OLD_KEY, old_roles)]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/admin/projects/{PROJECT}/api-keys")))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"key": key(NEW_KEY, granted), "value": "pckey_x_y"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    (server, admin)
}

#[tokio::test]
async fn a_rotation_the_server_widens_is_undone_and_refused() {
    let (server, admin) = widening_server(&[], &["ProjectEditor"]).await;
    let err = admin.api_keys().rotate(OLD_KEY).await.unwrap_err();
    match &err {
        Error::RoleMismatch {
            key_id,
            requested,
            granted,
            delete_error,
        } => {
            assert_eq!(key_id, NEW_KEY);
            assert!(requested.is_empty());
            assert_eq!(granted, &["ProjectEditor".to_owned()]);
            assert!(delete_error.is_none());
        }
        other => panic!("expected RoleMismatch, got {other:?}"),
    }
    assert!(err.to_string().contains("deleted again"), "{err}");
    let requests = server.received_requests().await.unwrap();
    // The widened key is deleted; the old key is kept.
    assert_eq!(
        sent(&requests, "DELETE", &format!("/admin/api-keys/{NEW_KEY}")),
        1
    );
    assert_eq!(
        sent(&requests, "DELETE", &format!("/admin/api-keys/{OLD_KEY}")),
        0
    );
}

#[tokio::test]
async fn rotation_keeps_unknown_roles_as_strings() {
    let (server, admin) = widening_server(
        &["FutureRole", "DataPlaneViewer"],
        &["DataPlaneViewer", "FutureRole"],
    )
    .await;
    let rotated = admin.api_keys().rotate(OLD_KEY).await.unwrap();
    assert!(rotated.old_key_deleted());
    let requests = server.received_requests().await.unwrap();
    let created = bodies(
        &requests,
        "POST",
        &format!("/admin/projects/{PROJECT}/api-keys"),
    );
    assert_eq!(
        created,
        vec![json!({"name": "app", "roles": ["FutureRole", "DataPlaneViewer"]})]
    );
    assert_eq!(
        sent(&requests, "DELETE", &format!("/admin/api-keys/{OLD_KEY}")),
        1
    );
}

// ----- no header can panic the caller ------------------------------------------------------

/// `Retry-After` values that once panicked (a float too large for a `Duration`) or that are
/// nonsense; each must end as a typed error.
const HOSTILE_RETRY_AFTER: [&str; 8] = [
    "99999999999999999999",
    "1e300",
    "18446744073709551616",
    "-1",
    "NaN",
    "inf",
    "1.5",
    "Wed, 21 Oct 9999 07:28:00 GMT",
];

#[tokio::test]
async fn a_huge_retry_after_on_an_api_call_is_a_typed_error() {
    for value in HOSTILE_RETRY_AFTER {
        let server = MockServer::start().await;
        let admin = mock_admin(&server).await;
        Mock::given(method("GET"))
            .and(path("/admin/projects"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", value))
            .mount(&server)
            .await;
        let projects = admin.projects();
        let call = tokio::time::timeout(Duration::from_secs(10), projects.list());
        let err = call.await.expect("bounded").unwrap_err();
        assert!(matches!(err, Error::RateLimited { .. }), "{value}: {err:?}");
        let _ = err.to_string();
    }
}

#[tokio::test]
async fn a_huge_retry_after_on_the_token_exchange_is_a_typed_error() {
    for value in HOSTILE_RETRY_AFTER {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", value))
            .mount(&server)
            .await;
        let admin = Admin::builder()
            .client_id("id")
            .client_secret("secret")
            .host(server.uri())
            .oauth_url(format!("{}/oauth/token", server.uri()))
            .retry(fast_retry())
            .env(|_| None)
            .build()
            .await;
        let result = match admin {
            Ok(admin) => {
                let projects = admin.projects();
                tokio::time::timeout(Duration::from_secs(10), projects.list())
                    .await
                    .expect("bounded")
                    .map(|_| ())
            }
            Err(e) => Err(e),
        };
        let err = result.unwrap_err();
        assert!(matches!(err, Error::OAuth(_)), "{value}: {err:?}");
    }
}

// ----- an early refresh blocks no one else -------------------------------------------------

#[tokio::test]
async fn while_one_caller_refreshes_early_the_others_use_the_valid_token() {
    let emu = pinecone_admin_emulator::Emulator::builder()
        .client_credentials(common::CLIENT_ID, common::CLIENT_SECRET)
        .token_ttl(Duration::from_secs(3600))
        .start()
        .await
        .unwrap();
    let clock = common::ManualClock::new();
    let admin = common::builder(&emu)
        .clock(clock.clone())
        .build()
        .await
        .unwrap();
    // Inside the refresh margin (300 s before expiry) but far from expiry.
    clock.advance(Duration::from_secs(3400));
    // The token server is slow: the refresh takes 3 s.
    emu.inject(
        pinecone_admin_emulator::FaultRule::new("POST", "/oauth/token")
            .times(1)
            .action(pinecone_admin_emulator::FaultAction::Latency(
                Duration::from_secs(3),
            )),
    );
    let refresher = {
        let admin = admin.clone();
        tokio::spawn(async move { admin.projects().list().await.map(|_| ()) })
    };
    // Let the refresher take the refresh lock.
    let waited = std::time::Instant::now();
    while emu.counters().requests("POST /oauth/token") < 2 {
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "no refresh started"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // Others are not held behind the refresh: ten calls finish while it is still running.
    for _ in 0..10 {
        admin.projects().list().await.unwrap();
    }
    assert!(!refresher.is_finished(), "the refresh was still under way");
    assert_eq!(
        emu.counters().token_exchanges(),
        1,
        "no other exchange started"
    );
    refresher.await.unwrap().unwrap();
    assert_eq!(emu.counters().token_exchanges(), 2);
}
