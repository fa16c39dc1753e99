//! Exact wire shapes and answers the emulator does not produce, pinned with wiremock:
//! request bodies (unset fields not sent), undocumented 2xx statuses, null fields,
//! token responses without `expires_in`, HTTP-date `Retry-After`, secret-bearing decode errors.

use crate::common;

use std::time::Duration;

use common::ManualClock;
use pinecone_admin::{
    Admin, ApiKeyRole, CreateApiKey, CreateProject, Error, RetryConfig, UpdateApiKey, UpdateProject,
};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT_ID: &str = "0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1";
const KEY_ID: &str = "3d1a0c5e-1111-4222-8333-444455556666";

fn project_json(name: &str) -> serde_json::Value {
    json!({
        "id": PROJECT_ID, "name": name, "max_pods": 0, "force_encryption_with_cmek": false,
        "organization_id": "org-1", "created_at": "2026-01-02T03:04:05Z"
    })
}

async fn server_with_token(token_body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body))
        .mount(&server)
        .await;
    server
}

async fn server() -> MockServer {
    server_with_token(json!({"access_token": "tok-1", "token_type": "Bearer", "expires_in": 1800}))
        .await
}

fn builder(server: &MockServer) -> pinecone_admin::AdminBuilder {
    Admin::builder()
        .client_id("id")
        .client_secret("secret")
        .host(server.uri())
        .oauth_url(format!("{}/oauth/token", server.uri()))
        .retry(
            RetryConfig::default()
                .min_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(2))
                .max_retry_after(Duration::from_secs(5)),
        )
        .env(|_| None)
}

#[tokio::test]
async fn token_request_exact_shape() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("content-type", "application/json"))
        .and(header("x-pinecone-api-version", "2026-07"))
        .and(body_json(json!({
            "client_id": "id", "client_secret": "secret",
            "grant_type": "client_credentials", "audience": "https://api.pinecone.io/"
        })))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "t", "expires_in": 60})),
        )
        .expect(1)
        .mount(&server)
        .await;
    builder(&server).build().await.unwrap();
}

#[tokio::test]
async fn no_expires_in_means_no_scheduled_refresh() {
    let server =
        server_with_token(json!({"access_token": "forever", "token_type": "Bearer"})).await;
    Mock::given(method("GET"))
        .and(path("/admin/projects"))
        .and(header("authorization", "Bearer forever"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let admin = builder(&server).clock(clock.clone()).build().await.unwrap();
    clock.advance(Duration::from_secs(10 * 365 * 24 * 3600));
    admin.projects().list().await.unwrap();
    let exchanges = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .count();
    assert_eq!(exchanges, 1);
}

#[tokio::test]
async fn create_and_update_send_only_set_fields() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/admin/projects"))
        .and(body_json(json!({"name": "only-name"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(project_json("only-name")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/admin/projects"))
        .and(body_json(
            json!({"name": "all", "max_pods": 0, "force_encryption_with_cmek": true}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(project_json("all")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("/admin/projects/{PROJECT_ID}")))
        .and(body_json(json!({"max_pods": 2})))
        .respond_with(ResponseTemplate::new(200).set_body_json(project_json("p")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/admin/projects/{PROJECT_ID}/api-keys")))
        .and(body_json(json!({"name": "k"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "key": {"id": KEY_ID, "name": "k", "project_id": PROJECT_ID, "roles": ["ProjectEditor"]},
            "value": "pckey_abc_0123456789secretvalue"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("/admin/api-keys/{KEY_ID}")))
        .and(body_json(
            json!({"roles": ["DataPlaneViewer", "SomethingNew"]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": KEY_ID, "name": "k", "project_id": PROJECT_ID,
            "roles": ["DataPlaneViewer", "SomethingNew"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let admin = builder(&server).build().await.unwrap();
    admin
        .projects()
        .create(CreateProject::new("only-name"))
        .await
        .unwrap();
    admin
        .projects()
        .create(
            CreateProject::new("all")
                .max_pods(0)
                .force_encryption_with_cmek(true),
        )
        .await
        .unwrap();
    admin
        .projects()
        .update(PROJECT_ID, UpdateProject::new().max_pods(2))
        .await
        .unwrap();
    admin
        .api_keys()
        .create(PROJECT_ID, CreateApiKey::new("k"))
        .await
        .unwrap();
    let key = admin
        .api_keys()
        .update(
            KEY_ID,
            UpdateApiKey::new().roles([
                ApiKeyRole::DataPlaneViewer,
                ApiKeyRole::from("SomethingNew"),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(key.roles[1], ApiKeyRole::Other("SomethingNew".into()));

    for request in server.received_requests().await.unwrap() {
        assert!(
            request.headers.get("api-key").is_none(),
            "no Api-Key on admin calls"
        );
        assert!(request.headers.get("api-version").is_none());
    }
}

#[tokio::test]
async fn null_fields_and_unknown_properties_are_tolerated() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(format!("/admin/projects/{PROJECT_ID}/api-keys")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [
                {"id": KEY_ID, "name": null, "project_id": PROJECT_ID, "roles": ["ProjectEditor"], "new_field": 1},
                {"id": "k2", "name": "named", "project_id": PROJECT_ID, "roles": null}
            ],
            "extra": true
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/admin/organizations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "org-1", "name": "Acme", "plan": "Galactic", "payment_status": "Active",
                      "created_at": null, "support_tier": "Pro"}]
        })))
        .mount(&server)
        .await;
    let admin = builder(&server).build().await.unwrap();
    let keys = admin.api_keys().list(PROJECT_ID).await.unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].name, "");
    assert!(keys[1].roles.is_empty());
    let orgs = admin.organizations().list().await.unwrap();
    assert_eq!(orgs[0].plan, "Galactic");
    assert_eq!(orgs[0].created_at, None);
}

#[tokio::test]
async fn any_2xx_is_success() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/admin/projects"))
        .respond_with(ResponseTemplate::new(201).set_body_json(project_json("created-201")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/admin/projects/{PROJECT_ID}/api-keys")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "key": {"id": KEY_ID, "name": "k", "project_id": PROJECT_ID, "roles": []},
            "value": "pckey_abc_0123456789secretvalue"
        })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/admin/projects/{PROJECT_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"deleted": true})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/admin/api-keys/{KEY_ID}")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let admin = builder(&server).build().await.unwrap();
    let p = admin
        .projects()
        .create(CreateProject::new("x"))
        .await
        .unwrap();
    assert_eq!(p.name, "created-201");
    let k = admin
        .api_keys()
        .create(PROJECT_ID, CreateApiKey::new("k"))
        .await
        .unwrap();
    assert_eq!(k.secret().expose(), "pckey_abc_0123456789secretvalue");
    admin.projects().delete(PROJECT_ID).await.unwrap();
    admin.api_keys().delete(KEY_ID).await.unwrap();
}

#[tokio::test]
async fn decode_error_of_a_secret_bearing_answer_keeps_no_secret() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(format!("/admin/projects/{PROJECT_ID}/api-keys")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "key": {"id": 7},
            "value": "pckey_leak_0123456789topsecret"
        })))
        .mount(&server)
        .await;
    let admin = builder(&server).build().await.unwrap();
    let err = admin
        .api_keys()
        .create(PROJECT_ID, CreateApiKey::new("k"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("topsecret"), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}

#[tokio::test]
async fn retry_after_as_http_date() {
    let server = server().await;
    let at = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3));
    Mock::given(method("GET"))
        .and(path("/admin/projects"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", at.as_str()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/admin/projects"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&server)
        .await;
    let admin = builder(&server).build().await.unwrap();
    let started = std::time::Instant::now();
    admin.projects().list().await.unwrap();
    // The date has one-second resolution: the wait is between 2 s (minus the set-up time) and 3 s.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn html_503_is_retried_then_typed() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(format!("/admin/projects/{PROJECT_ID}")))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("content-type", "text/html")
                .insert_header("x-request-id", "edge-42")
                .set_body_string("<html><body>maintenance</body></html>"),
        )
        .expect(4)
        .mount(&server)
        .await;
    let admin = builder(&server).build().await.unwrap();
    let err = admin.projects().describe(PROJECT_ID).await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("edge-42"));
    assert_eq!(err.api_error().unwrap().message(), "Service Unavailable");
}
