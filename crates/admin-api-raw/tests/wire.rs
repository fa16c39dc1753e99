//! Drives every generated operation of the four clients against a local wiremock server and pins
//! the wire shape of each request: method, path, query, `X-Pinecone-Api-Version`, the auth header
//! (Bearer for admin, `Api-Key` for the control plane, none for OAuth), the absence of
//! progenitor's own `api-version` header, and the JSON body. A final check proves that every
//! operation present in the generated code was exercised.

use std::collections::BTreeSet;
use std::sync::Mutex;

use admin_api_raw::{
    admin, assistant_control, db_control, oauth, Error, RequestContext, SecretString,
};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const VERSION: &str = "2026-07";
const TOKEN: &str = "tok-admin-123";
const API_KEY: &str = "pckey_test_456";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Auth {
    Bearer,
    ApiKey,
    None,
}

/// What one request must look like.
struct Want<'a> {
    op: &'a str,
    method: &'a str,
    path: &'a str,
    query: &'a [(&'a str, &'a str)],
    body: Option<Value>,
    auth: Auth,
}

struct Harness {
    server: MockServer,
    seen: Mutex<BTreeSet<String>>,
}

impl Harness {
    async fn start() -> Self {
        Self {
            server: MockServer::start().await,
            seen: Mutex::new(BTreeSet::new()),
        }
    }

    /// Answer the next request with `status` and an optional JSON body.
    async fn respond(&self, status: u16, body: Option<Value>) {
        self.server.reset().await;
        let mut t = ResponseTemplate::new(status);
        if let Some(b) = body {
            t = t.set_body_json(b);
        }
        Mock::given(any()).respond_with(t).mount(&self.server).await;
    }

    /// Assert the single request received since `respond` matches `want`.
    async fn verify(&self, want: Want<'_>) {
        let requests = self.server.received_requests().await.expect("recording on");
        assert_eq!(requests.len(), 1, "{}: exactly one request", want.op);
        let req = &requests[0];
        let op = want.op;
        assert_eq!(req.method.as_str(), want.method, "{op}: method");
        assert_eq!(req.url.path(), want.path, "{op}: path");

        let mut query: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
        query.sort();
        let mut expected: Vec<(String, String)> = want
            .query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        expected.sort();
        assert_eq!(query, expected, "{op}: query string {:?}", req.url.query());

        let h = &req.headers;
        assert_eq!(
            h.get("x-pinecone-api-version").map(|v| v.to_str().unwrap()),
            Some(VERSION),
            "{op}: X-Pinecone-Api-Version"
        );
        assert_eq!(
            h.get_all("x-pinecone-api-version").iter().count(),
            1,
            "{op}: one version header"
        );
        assert!(
            h.get("api-version").is_none(),
            "{op}: progenitor's api-version header must be removed"
        );
        let authorization = h.get("authorization").map(|v| v.to_str().unwrap());
        let api_key = h.get("api-key").map(|v| v.to_str().unwrap());
        match want.auth {
            Auth::Bearer => {
                assert_eq!(
                    authorization,
                    Some(format!("Bearer {TOKEN}").as_str()),
                    "{op}"
                );
                assert_eq!(api_key, None, "{op}: no Api-Key on admin calls");
            }
            Auth::ApiKey => {
                assert_eq!(api_key, Some(API_KEY), "{op}: Api-Key");
                assert_eq!(
                    authorization, None,
                    "{op}: no Authorization on control calls"
                );
            }
            Auth::None => {
                assert_eq!(authorization, None, "{op}: no auth on the token call");
                assert_eq!(api_key, None, "{op}: no auth on the token call");
            }
        }
        match want.body {
            Some(expected) => {
                assert_eq!(
                    h.get("content-type").map(|v| v.to_str().unwrap()),
                    Some("application/json"),
                    "{op}: content-type"
                );
                let sent: Value = serde_json::from_slice(&req.body)
                    .unwrap_or_else(|e| panic!("{op}: body is not JSON: {e}"));
                assert_eq!(sent, expected, "{op}: JSON body");
            }
            None => assert!(req.body.is_empty(), "{op}: no body expected"),
        }
        self.seen.lock().unwrap().insert(op.to_string());
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

fn admin_client(h: &Harness) -> admin::Client {
    admin::Client::new_with_client(
        &h.server.uri(),
        http(),
        RequestContext::new(VERSION).with_bearer(TOKEN),
    )
}

fn db_client(h: &Harness) -> db_control::Client {
    db_control::Client::new_with_client(
        &h.server.uri(),
        http(),
        RequestContext::new(VERSION).with_api_key(API_KEY),
    )
}

fn assistant_client(h: &Harness) -> assistant_control::Client {
    assistant_control::Client::new_with_client(
        &format!("{}/assistant", h.server.uri()),
        http(),
        RequestContext::new(VERSION).with_api_key(API_KEY),
    )
}

fn oauth_client(h: &Harness) -> oauth::Client {
    oauth::Client::new_with_client(&h.server.uri(), http(), RequestContext::new(VERSION))
}

/// Decode a JSON value into a request type (so the test states bodies as JSON).
fn body<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).expect("request body fixture decodes")
}

// ----- response fixtures -----------------------------------------------------------------------

fn project() -> Value {
    json!({"id": "p-1", "name": "chatbot", "max_pods": 0, "force_encryption_with_cmek": false,
           "organization_id": "org-1", "created_at": "2026-01-02T03:04:05Z"})
}
fn organization() -> Value {
    json!({"id": "org-1", "name": "acme", "plan": "Standard", "payment_status": "Active",
           "created_at": "2026-01-02T03:04:05Z", "support_tier": "Pro"})
}
fn api_key() -> Value {
    json!({"id": "k-1", "name": "ci", "project_id": "p-1", "roles": ["ProjectEditor"]})
}
fn user() -> Value {
    json!({"id": "u-1", "email": "a@example.com", "name": "Ada"})
}
fn invite() -> Value {
    json!({"id": "i-1", "email": "new@example.com", "status": "pending",
           "created_at": "2026-01-02T03:04:05Z", "expires_at": null})
}
fn service_account() -> Value {
    json!({"id": "sa-1", "name": "ci-prod", "client_id": "cid-1",
           "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z"})
}
fn role_binding() -> Value {
    json!({"id": "rb-1", "principal_type": "service_account", "principal_id": "sa-1",
           "resource_type": "project", "resource_id": "p-1", "role": "ProjectEditor",
           "created_at": "2026-01-02T03:04:05Z"})
}
fn index() -> Value {
    json!({"name": "idx", "host": "idx-abc.svc.pinecone.io",
           "status": {"ready": true, "state": "Ready"},
           "deployment": {"deployment_type": "managed", "cloud": "aws", "region": "us-east-1"},
           "schema": {"fields": {}}, "deletion_protection": "disabled"})
}
fn backup() -> Value {
    json!({"backup_id": "b-1", "source_index_name": "idx", "source_index_id": "ii-1",
           "status": "Ready", "cloud": "aws", "region": "us-east-1"})
}
fn assistant() -> Value {
    json!({"name": "helper", "status": "Ready"})
}
fn page(next: &str) -> Value {
    json!({"next": next})
}

// ----- admin ---------------------------------------------------------------------------------

#[tokio::test]
async fn admin_operations_have_the_documented_wire_shape() {
    let h = Harness::start().await;
    let c = admin_client(&h);

    // Projects
    h.respond(200, Some(json!({"data": [project()]}))).await;
    let r = c.list_projects().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.into_inner().data[0].id, "p-1");
    h.verify(Want {
        op: "list_projects",
        method: "GET",
        path: "/admin/projects",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    let b = json!({"name": "chatbot", "max_pods": 2, "force_encryption_with_cmek": true});
    h.respond(200, Some(project())).await;
    let p = c.create_project(&body(&b)).await.unwrap().into_inner();
    assert_eq!(p.name, "chatbot");
    h.verify(Want {
        op: "create_project",
        method: "POST",
        path: "/admin/projects",
        query: &[],
        body: Some(b),
        auth: Auth::Bearer,
    })
    .await;

    // Only the name: optional fields are omitted, not sent as null.
    let b = json!({"name": "minimal"});
    h.respond(200, Some(project())).await;
    c.create_project(&admin::types::CreateProjectRequest {
        name: "minimal".into(),
        max_pods: None,
        force_encryption_with_cmek: None,
    })
    .await
    .unwrap();
    h.verify(Want {
        op: "create_project",
        method: "POST",
        path: "/admin/projects",
        query: &[],
        body: Some(b),
        auth: Auth::Bearer,
    })
    .await;

    h.respond(200, Some(project())).await;
    c.fetch_project("p-1").await.unwrap();
    h.verify(Want {
        op: "fetch_project",
        method: "GET",
        path: "/admin/projects/p-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    let b = json!({"name": "renamed", "max_pods": 5});
    h.respond(200, Some(project())).await;
    c.update_project("p-1", &body(&b)).await.unwrap();
    h.verify(Want {
        op: "update_project",
        method: "PATCH",
        path: "/admin/projects/p-1",
        query: &[],
        body: Some(b),
        auth: Auth::Bearer,
    })
    .await;

    h.respond(202, None).await;
    let r = c.delete_project("p-1").await.unwrap();
    assert_eq!(r.status(), 202);
    h.verify(Want {
        op: "delete_project",
        method: "DELETE",
        path: "/admin/projects/p-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    // Organizations
    h.respond(200, Some(json!({"data": [organization()]})))
        .await;
    c.list_organizations().await.unwrap();
    h.verify(Want {
        op: "list_organizations",
        method: "GET",
        path: "/admin/organizations",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    h.respond(200, Some(organization())).await;
    let o = c.fetch_organization("org-1").await.unwrap().into_inner();
    assert_eq!(o.plan, "Standard");
    h.verify(Want {
        op: "fetch_organization",
        method: "GET",
        path: "/admin/organizations/org-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    let b = json!({"name": "acme-2"});
    h.respond(200, Some(organization())).await;
    c.update_organization("org-1", &body(&b)).await.unwrap();
    h.verify(Want {
        op: "update_organization",
        method: "PATCH",
        path: "/admin/organizations/org-1",
        query: &[],
        body: Some(b),
        auth: Auth::Bearer,
    })
    .await;

    h.respond(202, None).await;
    c.delete_organization("org-1").await.unwrap();
    h.verify(Want {
        op: "delete_organization",
        method: "DELETE",
        path: "/admin/organizations/org-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    // API keys
    h.respond(200, Some(json!({"data": [api_key()]}))).await;
    c.list_project_api_keys("p-1").await.unwrap();
    h.verify(Want {
        op: "list_project_api_keys",
        method: "GET",
        path: "/admin/projects/p-1/api-keys",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    let b = json!({"name": "ci", "roles": ["ProjectViewer", "DataPlaneEditor"]});
    h.respond(
        201,
        Some(json!({"key": api_key(), "value": "pckey_abc_secret"})),
    )
    .await;
    let k = c.create_api_key("p-1", &body(&b)).await.unwrap();
    assert_eq!(k.status(), 201);
    let k = k.into_inner();
    assert_eq!(k.value.expose_secret(), "pckey_abc_secret");
    assert!(
        !format!("{k:?}").contains("pckey_abc_secret"),
        "secret in Debug"
    );
    h.verify(Want {
        op: "create_api_key",
        method: "POST",
        path: "/admin/projects/p-1/api-keys",
        query: &[],
        body: Some(b),
        auth: Auth::Bearer,
    })
    .await;

    h.respond(200, Some(api_key())).await;
    c.fetch_api_key("k-1").await.unwrap();
    h.verify(Want {
        op: "fetch_api_key",
        method: "GET",
        path: "/admin/api-keys/k-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    // roles omitted (unchanged) vs roles: [] (remove all) are different bodies.
    h.respond(200, Some(api_key())).await;
    c.update_api_key(
        "k-1",
        &admin::types::UpdateApiKeyRequest {
            name: Some("renamed".into()),
            roles: None,
        },
    )
    .await
    .unwrap();
    h.verify(Want {
        op: "update_api_key",
        method: "PATCH",
        path: "/admin/api-keys/k-1",
        query: &[],
        body: Some(json!({"name": "renamed"})),
        auth: Auth::Bearer,
    })
    .await;
    h.respond(200, Some(api_key())).await;
    c.update_api_key(
        "k-1",
        &admin::types::UpdateApiKeyRequest {
            name: None,
            roles: Some(vec![]),
        },
    )
    .await
    .unwrap();
    h.verify(Want {
        op: "update_api_key",
        method: "PATCH",
        path: "/admin/api-keys/k-1",
        query: &[],
        body: Some(json!({"roles": []})),
        auth: Auth::Bearer,
    })
    .await;

    h.respond(202, None).await;
    c.delete_api_key("k-1").await.unwrap();
    h.verify(Want {
        op: "delete_api_key",
        method: "DELETE",
        path: "/admin/api-keys/k-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    // Users
    h.respond(
        200,
        Some(json!({"data": [user()], "pagination": page("n2")})),
    )
    .await;
    let l = c
        .list_users(Some("a+b@example.com"), Some(10), Some("tok/1="))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(l.pagination.and_then(|p| p.next).as_deref(), Some("n2"));
    h.verify(Want {
        op: "list_users",
        method: "GET",
        path: "/admin/users",
        query: &[
            ("email", "a+b@example.com"),
            ("limit", "10"),
            ("paginationToken", "tok/1="),
        ],
        body: None,
        auth: Auth::Bearer,
    })
    .await;
    h.respond(200, Some(json!({"data": []}))).await;
    let l = c.list_users(None, None, None).await.unwrap().into_inner();
    assert!(l.pagination.is_none());
    h.verify(Want {
        op: "list_users",
        method: "GET",
        path: "/admin/users",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    h.respond(200, Some(user())).await;
    c.fetch_user("u-1").await.unwrap();
    h.verify(Want {
        op: "fetch_user",
        method: "GET",
        path: "/admin/users/u-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    h.respond(202, None).await;
    c.delete_user("u-1").await.unwrap();
    h.verify(Want {
        op: "delete_user",
        method: "DELETE",
        path: "/admin/users/u-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    // Invites
    h.respond(200, Some(json!({"data": [invite()], "pagination": null})))
        .await;
    c.list_invites(Some(5), None).await.unwrap();
    h.verify(Want {
        op: "list_invites",
        method: "GET",
        path: "/admin/invites",
        query: &[("limit", "5")],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    let b = json!({"email": "new@example.com", "role_bindings": [
        {"resource_type": "organization", "role": "OrgMember"},
        {"resource_type": "project", "resource_id": "p-1", "role": "ProjectViewer"}]});
    h.respond(200, Some(invite())).await;
    c.create_invite(&body(&b)).await.unwrap();
    h.verify(Want {
        op: "create_invite",
        method: "POST",
        path: "/admin/invites",
        query: &[],
        body: Some(b),
        auth: Auth::Bearer,
    })
    .await;

    h.respond(200, Some(invite())).await;
    c.fetch_invite("i-1").await.unwrap();
    h.verify(Want {
        op: "fetch_invite",
        method: "GET",
        path: "/admin/invites/i-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    h.respond(202, None).await;
    c.delete_invite("i-1").await.unwrap();
    h.verify(Want {
        op: "delete_invite",
        method: "DELETE",
        path: "/admin/invites/i-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    h.respond(200, Some(invite())).await;
    c.resend_invite("i-1").await.unwrap();
    h.verify(Want {
        op: "resend_invite",
        method: "POST",
        path: "/admin/invites/i-1/resend",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    // Service accounts
    h.respond(
        200,
        Some(json!({"data": [service_account()], "pagination": page("x")})),
    )
    .await;
    c.list_service_accounts(Some(100), Some("x")).await.unwrap();
    h.verify(Want {
        op: "list_service_accounts",
        method: "GET",
        path: "/admin/service-accounts",
        query: &[("limit", "100"), ("paginationToken", "x")],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    let b = json!({"name": "ci-prod", "role_bindings": [{"resource_type": "organization", "role": "OrgMember"}]});
    h.respond(
        201,
        Some(json!({"service_account": service_account(), "client_secret": "cs-secret"})),
    )
    .await;
    let sa = c
        .create_service_account(&body(&b))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sa.client_secret.expose_secret(), "cs-secret");
    assert!(!format!("{sa:?}").contains("cs-secret"), "secret in Debug");
    h.verify(Want {
        op: "create_service_account",
        method: "POST",
        path: "/admin/service-accounts",
        query: &[],
        body: Some(b),
        auth: Auth::Bearer,
    })
    .await;

    h.respond(200, Some(service_account())).await;
    c.fetch_service_account("sa-1").await.unwrap();
    h.verify(Want {
        op: "fetch_service_account",
        method: "GET",
        path: "/admin/service-accounts/sa-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    let b = json!({"name": "ci-renamed"});
    h.respond(200, Some(service_account())).await;
    c.update_service_account("sa-1", &body(&b)).await.unwrap();
    h.verify(Want {
        op: "update_service_account",
        method: "PATCH",
        path: "/admin/service-accounts/sa-1",
        query: &[],
        body: Some(b),
        auth: Auth::Bearer,
    })
    .await;

    h.respond(202, None).await;
    c.delete_service_account("sa-1").await.unwrap();
    h.verify(Want {
        op: "delete_service_account",
        method: "DELETE",
        path: "/admin/service-accounts/sa-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    h.respond(
        200,
        Some(json!({"service_account": service_account(), "client_secret": "new-secret"})),
    )
    .await;
    c.rotate_service_account_secret("sa-1").await.unwrap();
    h.verify(Want {
        op: "rotate_service_account_secret",
        method: "POST",
        path: "/admin/service-accounts/sa-1/rotate-secret",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    // Role bindings
    h.respond(200, Some(json!({"data": [role_binding()]})))
        .await;
    c.list_role_bindings(
        Some(20),
        Some("pg"),
        Some("sa-1"),
        Some("service_account"),
        Some("p-1"),
        Some("project"),
        Some("ProjectEditor"),
    )
    .await
    .unwrap();
    h.verify(Want {
        op: "list_role_bindings",
        method: "GET",
        path: "/admin/role-bindings",
        query: &[
            ("limit", "20"),
            ("paginationToken", "pg"),
            ("principal_id", "sa-1"),
            ("principal_type", "service_account"),
            ("resource_id", "p-1"),
            ("resource_type", "project"),
            ("role", "ProjectEditor"),
        ],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    let b = json!({"principal_type": "service_account", "principal_id": "sa-1", "resource_type": "project",
                   "resource_id": "p-1", "role": "ProjectEditor"});
    h.respond(200, Some(role_binding())).await;
    c.create_role_binding(&body(&b)).await.unwrap();
    h.verify(Want {
        op: "create_role_binding",
        method: "POST",
        path: "/admin/role-bindings",
        query: &[],
        body: Some(b),
        auth: Auth::Bearer,
    })
    .await;

    h.respond(200, Some(role_binding())).await;
    c.fetch_role_binding("rb-1").await.unwrap();
    h.verify(Want {
        op: "fetch_role_binding",
        method: "GET",
        path: "/admin/role-bindings/rb-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    h.respond(202, None).await;
    c.delete_role_binding("rb-1").await.unwrap();
    h.verify(Want {
        op: "delete_role_binding",
        method: "DELETE",
        path: "/admin/role-bindings/rb-1",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    // Path parameters are percent-encoded.
    h.respond(200, Some(project())).await;
    c.fetch_project("a b/c").await.unwrap();
    h.verify(Want {
        op: "fetch_project",
        method: "GET",
        path: "/admin/projects/a%20b%2Fc",
        query: &[],
        body: None,
        auth: Auth::Bearer,
    })
    .await;

    assert_all_exercised(&h, "admin", include_str!("../src/generated/admin.rs"));
}

// ----- oauth ---------------------------------------------------------------------------------

#[tokio::test]
async fn oauth_get_token_sends_json_without_auth() {
    let h = Harness::start().await;
    let c = oauth_client(&h);
    let b = json!({"client_id": "cid", "client_secret": "csecret", "grant_type": "client_credentials",
                   "audience": "https://api.pinecone.io/"});
    h.respond(
        200,
        Some(json!({"access_token": "at-secret", "token_type": "Bearer", "expires_in": 1800})),
    )
    .await;
    let req = oauth::types::TokenRequest {
        client_id: "cid".into(),
        client_secret: SecretString::from("csecret"),
        grant_type: "client_credentials".into(),
        audience: "https://api.pinecone.io/".into(),
    };
    assert!(!format!("{req:?}").contains("csecret"), "secret in Debug");
    let t = c.get_token(&req).await.unwrap().into_inner();
    assert_eq!(t.access_token.expose_secret(), "at-secret");
    assert_eq!(t.expires_in, 1800);
    assert!(!format!("{t:?}").contains("at-secret"), "token in Debug");
    h.verify(Want {
        op: "get_token",
        method: "POST",
        path: "/oauth/token",
        query: &[],
        body: Some(b),
        auth: Auth::None,
    })
    .await;

    assert_all_exercised(&h, "oauth", include_str!("../src/generated/oauth.rs"));
}

// ----- db_control ----------------------------------------------------------------------------

#[tokio::test]
async fn db_control_operations_have_the_documented_wire_shape() {
    let h = Harness::start().await;
    let c = db_client(&h);

    h.respond(200, Some(json!({"indexes": [index()]}))).await;
    let l = c.list_indexes().await.unwrap().into_inner();
    assert_eq!(l.indexes[0].name, "idx");
    assert_eq!(l.indexes[0].deletion_protection.as_str(), "disabled");
    h.verify(Want {
        op: "list_indexes",
        method: "GET",
        path: "/indexes",
        query: &[],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    let b = json!({"name": "idx", "schema": {"fields": {"embedding": {"type": "dense_vector", "dimension": 3, "metric": "cosine"}}},
                   "deployment": {"deployment_type": "managed", "cloud": "aws", "region": "us-east-1"},
                   "deletion_protection": "enabled", "tags": {"team": "search"}});
    h.respond(201, Some(index())).await;
    let r = c.create_index(&body(&b)).await.unwrap();
    assert_eq!(r.status(), 201);
    h.verify(Want {
        op: "create_index",
        method: "POST",
        path: "/indexes",
        query: &[],
        body: Some(b),
        auth: Auth::ApiKey,
    })
    .await;

    h.respond(200, Some(index())).await;
    c.describe_index("idx").await.unwrap();
    h.verify(Want {
        op: "describe_index",
        method: "GET",
        path: "/indexes/idx",
        query: &[],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    // Cleanup's only configure call: turn deletion protection off, nothing else.
    h.respond(200, Some(index())).await;
    c.configure_index(
        "idx",
        &db_control::types::ConfigureIndexRequest {
            deletion_protection: Some("disabled".to_string().into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    h.verify(Want {
        op: "configure_index",
        method: "PATCH",
        path: "/indexes/idx",
        query: &[],
        body: Some(json!({"deletion_protection": "disabled"})),
        auth: Auth::ApiKey,
    })
    .await;

    // Scaling replicas sends only `replicas`: no default `pod_type` sneaks into the PATCH.
    h.respond(200, Some(index())).await;
    c.configure_index(
        "idx",
        &db_control::types::ConfigureIndexRequest {
            deployment: Some(db_control::types::PatchIndexDeploymentRequest {
                replicas: Some(3),
                ..Default::default()
            }),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    h.verify(Want {
        op: "configure_index",
        method: "PATCH",
        path: "/indexes/idx",
        query: &[],
        body: Some(json!({"deployment": {"replicas": 3}})),
        auth: Auth::ApiKey,
    })
    .await;

    h.respond(202, None).await;
    c.delete_index("idx").await.unwrap();
    h.verify(Want {
        op: "delete_index",
        method: "DELETE",
        path: "/indexes/idx",
        query: &[],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    h.respond(200, Some(json!({"collections": [{"name": "col", "status": "Ready", "environment": "us-east1-gcp"}]}))).await;
    c.list_collections().await.unwrap();
    h.verify(Want {
        op: "list_collections",
        method: "GET",
        path: "/collections",
        query: &[],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    h.respond(202, None).await;
    c.delete_collection("col").await.unwrap();
    h.verify(Want {
        op: "delete_collection",
        method: "DELETE",
        path: "/collections/col",
        query: &[],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    h.respond(
        200,
        Some(json!({"data": [backup()], "pagination": page("b2")})),
    )
    .await;
    let l = c
        .list_project_backups(Some(50), Some("b1"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(l.pagination.map(|p| p.next).as_deref(), Some("b2"));
    h.verify(Want {
        op: "list_project_backups",
        method: "GET",
        path: "/backups",
        query: &[("limit", "50"), ("paginationToken", "b1")],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    let b = json!({"name": "nightly", "description": "before cleanup"});
    h.respond(200, Some(backup())).await;
    c.create_backup("idx", &body(&b)).await.unwrap();
    h.verify(Want {
        op: "create_backup",
        method: "POST",
        path: "/indexes/idx/backups",
        query: &[],
        body: Some(b),
        auth: Auth::ApiKey,
    })
    .await;

    h.respond(202, None).await;
    c.delete_backup("b-1").await.unwrap();
    h.verify(Want {
        op: "delete_backup",
        method: "DELETE",
        path: "/backups/b-1",
        query: &[],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    assert_all_exercised(
        &h,
        "db_control",
        include_str!("../src/generated/db_control.rs"),
    );
}

// ----- assistant_control ---------------------------------------------------------------------

#[tokio::test]
async fn assistant_operations_have_the_documented_wire_shape() {
    let h = Harness::start().await;
    let c = assistant_client(&h);

    h.respond(
        200,
        Some(json!({"assistants": [assistant()], "pagination": page("a2")})),
    )
    .await;
    let l = c
        .list_assistants(Some(20), Some("a1"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(l.assistants[0].name, "helper");
    h.verify(Want {
        op: "list_assistants",
        method: "GET",
        path: "/assistant/assistants",
        query: &[("limit", "20"), ("pagination_token", "a1")],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    let b = json!({"name": "helper", "instructions": "be brief", "metadata": {"team": "docs"}});
    h.respond(200, Some(assistant())).await;
    c.create_assistant(&body(&b)).await.unwrap();
    h.verify(Want {
        op: "create_assistant",
        method: "POST",
        path: "/assistant/assistants",
        query: &[],
        body: Some(b),
        auth: Auth::ApiKey,
    })
    .await;

    h.respond(200, Some(assistant())).await;
    c.get_assistant("helper").await.unwrap();
    h.verify(Want {
        op: "get_assistant",
        method: "GET",
        path: "/assistant/assistants/helper",
        query: &[],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    h.respond(200, None).await;
    c.delete_assistant("helper").await.unwrap();
    h.verify(Want {
        op: "delete_assistant",
        method: "DELETE",
        path: "/assistant/assistants/helper",
        query: &[],
        body: None,
        auth: Auth::ApiKey,
    })
    .await;

    assert_all_exercised(
        &h,
        "assistant_control",
        include_str!("../src/generated/assistant_control.rs"),
    );
}

/// Every `operation_id` in a generated file must have been verified by this test.
fn assert_all_exercised(h: &Harness, module: &str, source: &str) {
    let generated: BTreeSet<String> = source
        .split("operation_id: \"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect();
    assert!(!generated.is_empty(), "{module}: no operations found");
    let seen = h.seen.lock().unwrap();
    let missing: Vec<_> = generated.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "{module}: operations not exercised: {missing:?}"
    );
    let unknown: Vec<_> = seen.difference(&generated).collect();
    assert!(
        unknown.is_empty(),
        "{module}: verified ops not in the generated code: {unknown:?}"
    );
}

// ----- errors and the hook -------------------------------------------------------------------

#[tokio::test]
async fn every_error_status_is_an_unexpected_response_with_status_headers_and_body() {
    let h = Harness::start().await;
    let c = admin_client(&h);
    for (status, content_type, text) in [
        (
            400,
            "application/json",
            r#"{"error":{"code":"INVALID_ARGUMENT","message":"bad"},"status":400}"#,
        ),
        (401, "text/plain", "Unauthorized"),
        (
            404,
            "application/json",
            r#"{"error":{"code":"NOT_FOUND","message":"no"},"status":404}"#,
        ),
        (
            429,
            "application/json",
            r#"{"error":{"code":"RESOURCE_EXHAUSTED","message":"slow down"},"status":429}"#,
        ),
        (
            503,
            "text/html",
            "<html><body>upstream unavailable</body></html>",
        ),
    ] {
        h.server.reset().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("content-type", content_type)
                    .insert_header("retry-after", "7")
                    .set_body_raw(text.as_bytes().to_vec(), content_type),
            )
            .mount(&h.server)
            .await;
        let err = c.fetch_project("p-1").await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let Error::UnexpectedResponse(resp) = err else {
            panic!("{status}: expected UnexpectedResponse, got {err:?}");
        };
        assert_eq!(resp.headers()["retry-after"], "7");
        let got = resp.text().await.unwrap();
        assert_eq!(got, text);
        if content_type == "application/json" {
            let decoded: admin::types::ErrorResponse = serde_json::from_str(&got).unwrap();
            assert_eq!(decoded.status, i64::from(status));
        }
    }
}

#[tokio::test]
async fn a_success_status_other_than_the_documented_one_is_unexpected() {
    // create_project documents 200; a 201 is surfaced, not silently accepted.
    let h = Harness::start().await;
    h.respond(201, Some(project())).await;
    let err = admin_client(&h)
        .create_project(&body(&json!({"name": "x"})))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(201));
}

#[tokio::test]
async fn a_bad_success_body_is_an_invalid_payload_not_a_panic() {
    let h = Harness::start().await;
    h.respond(200, Some(json!({"data": "not a list"}))).await;
    let err = admin_client(&h).list_projects().await.unwrap_err();
    assert!(matches!(err, Error::InvalidResponsePayload(..)), "{err:?}");
}

#[tokio::test]
async fn an_invalid_credential_fails_before_sending_and_never_echoes_it() {
    let h = Harness::start().await;
    h.respond(200, Some(json!({"data": []}))).await;
    let ctx = RequestContext::new(VERSION).with_bearer("line\nbreak-secret");
    let c = admin::Client::new_with_client(&h.server.uri(), http(), ctx.clone());
    let err = c.list_projects().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(!err.to_string().contains("break-secret"), "{err}");
    assert!(!format!("{ctx:?}").contains("break-secret"));
    assert!(
        h.server.received_requests().await.unwrap().is_empty(),
        "nothing sent"
    );

    let ctx = RequestContext::new("2026\n07");
    let c = oauth::Client::new_with_client(&h.server.uri(), http(), ctx);
    let req: oauth::types::TokenRequest = body(&json!({"client_id": "a", "client_secret": "b",
        "grant_type": "client_credentials", "audience": "x"}));
    assert!(matches!(
        c.get_token(&req).await.unwrap_err(),
        Error::InvalidRequest(_)
    ));
    assert!(
        h.server.received_requests().await.unwrap().is_empty(),
        "nothing sent"
    );
}

#[tokio::test]
async fn extra_headers_are_sent_and_win_over_the_defaults() {
    use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};
    let h = Harness::start().await;
    h.respond(200, Some(json!({"data": []}))).await;
    let mut extra = HeaderMap::new();
    extra.insert(
        USER_AGENT,
        HeaderValue::from_static("pinecone-admin-rs-test/1"),
    );
    extra.insert(
        "x-pinecone-api-version",
        HeaderValue::from_static("2099-01"),
    );
    extra.append("x-multi", HeaderValue::from_static("a"));
    extra.append("x-multi", HeaderValue::from_static("b"));
    let ctx = RequestContext::new(VERSION)
        .with_bearer(TOKEN)
        .with_headers(extra);
    let dbg = format!("{ctx:?}");
    assert!(
        dbg.contains("user-agent") && !dbg.contains("pinecone-admin-rs-test"),
        "{dbg}"
    );
    admin::Client::new_with_client(&h.server.uri(), http(), ctx)
        .list_projects()
        .await
        .unwrap();
    let req = &h.server.received_requests().await.unwrap()[0];
    assert_eq!(req.headers["user-agent"], "pinecone-admin-rs-test/1");
    assert_eq!(req.headers["x-pinecone-api-version"], "2099-01");
    let multi: Vec<_> = req
        .headers
        .get_all("x-multi")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(multi, ["a", "b"]);
    assert_eq!(
        req.headers["authorization"],
        format!("Bearer {TOKEN}").as_str()
    );
}

#[test]
fn request_context_debug_and_header_sensitivity() {
    let ctx = RequestContext::new(VERSION).with_bearer("very-secret-token");
    let dbg = format!("{ctx:?}");
    assert!(!dbg.contains("very-secret-token"), "{dbg}");
    assert!(dbg.contains("Bearer <redacted>"), "{dbg}");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "api-version",
        reqwest::header::HeaderValue::from_static("2026-07"),
    );
    ctx.apply(&mut headers).unwrap();
    assert!(headers.get("api-version").is_none());
    assert!(headers["authorization"].is_sensitive());
    assert_eq!(ctx.auth_scheme(), Some("Bearer"));

    // A later credential replaces the earlier one.
    let ctx = ctx.with_api_key("k");
    let mut headers = reqwest::header::HeaderMap::new();
    ctx.apply(&mut headers).unwrap();
    assert!(headers.get("authorization").is_none());
    assert_eq!(headers["api-key"], "k");
    assert!(headers["api-key"].is_sensitive());
}
