//! The generated types stay open to server evolution: new enum-like values (roles, plans,
//! statuses, deployment kinds), new properties, non-UUID ids and over-long names all decode,
//! so one new server value can never make a whole list fail.

use admin_api_raw::{admin, assistant_control, db_control, oauth, RequestContext};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn decode<T: DeserializeOwned>(what: &str, v: Value) -> T {
    serde_json::from_value(v).unwrap_or_else(|e| panic!("{what} must decode: {e}"))
}

const TS: &str = "2026-01-02T03:04:05Z";

#[test]
fn unknown_enum_like_values_decode_as_strings() {
    let k: admin::types::ApiKey = decode(
        "api key with a new role",
        json!({"id": "k", "name": "n", "project_id": "p", "roles": ["ProjectEditor", "QuantumAdmin"]}),
    );
    assert_eq!(k.roles, ["ProjectEditor", "QuantumAdmin"]);

    let o: admin::types::Organization = decode(
        "organization with new plan/payment/support values",
        json!({"id": "o", "name": "n", "plan": "Galactic", "payment_status": "Frozen",
               "created_at": TS, "support_tier": "Platinum"}),
    );
    assert_eq!(
        (o.plan.as_str(), o.payment_status.as_str()),
        ("Galactic", "Frozen")
    );

    let i: admin::types::Invite = decode(
        "invite with a new status",
        json!({"id": "i", "email": "e@example.com", "status": "revoked", "created_at": TS}),
    );
    assert_eq!(i.status, "revoked");

    let rb: admin::types::RoleBinding = decode(
        "role binding with new principal/resource kinds and role",
        json!({"id": "r", "principal_type": "group", "principal_id": "g", "resource_type": "workspace",
               "resource_id": "w", "role": "OrgAuditor", "created_at": TS}),
    );
    assert_eq!(
        (rb.principal_type.as_str(), rb.role.as_str()),
        ("group", "OrgAuditor")
    );

    let e: admin::types::ErrorResponse = decode(
        "error with a new code",
        json!({"status": 418, "error": {"code": "TEAPOT", "message": "short and stout"}}),
    );
    assert_eq!(e.error.code, "TEAPOT");

    let t: oauth::types::TokenResponse = decode(
        "token with a new token type",
        json!({"access_token": "x", "token_type": "DPoP", "expires_in": 60}),
    );
    assert_eq!(t.token_type, "DPoP");

    let idx: db_control::types::IndexModel = decode(
        "index with new state, protection value, deployment kind, field type, read mode",
        json!({"name": "i", "host": "h", "status": {"ready": false, "state": "Migrating"},
               "deletion_protection": "paused",
               "deployment": {"deployment_type": "quantum", "qubits": 7},
               "schema": {"fields": {"v": {"type": "hyper_vector", "dims": [1, 2]}}},
               "read_capacity": {"mode": "Elastic", "status": {"state": "Warming"}}}),
    );
    assert_eq!(idx.status.state, "Migrating");
    assert_eq!(idx.deletion_protection.as_str(), "paused");
    assert_eq!(idx.deployment["deployment_type"], "quantum");

    let c: db_control::types::CollectionModel = decode(
        "collection with a new status",
        json!({"name": "c", "status": "Archiving", "environment": "env"}),
    );
    assert_eq!(c.status, "Archiving");

    let b: db_control::types::BackupModel = decode(
        "backup with a new status",
        json!({"backup_id": "b", "source_index_name": "i", "source_index_id": "ii",
               "status": "Purging", "cloud": "azure", "region": "westeurope"}),
    );
    assert_eq!(b.status, "Purging");

    let a: assistant_control::types::Assistant = decode(
        "assistant with a new status",
        json!({"name": "a", "status": "Hibernating"}),
    );
    assert_eq!(a.status, "Hibernating");
}

#[test]
fn unknown_extra_properties_decode() {
    let p: admin::types::Project = decode(
        "project with new fields",
        json!({"id": "p", "name": "n", "max_pods": 1, "force_encryption_with_cmek": false,
               "organization_id": "o", "created_at": TS,
               "region_policy": {"allowed": ["eu"]}, "labels": ["a"]}),
    );
    assert_eq!(p.id, "p");

    let l: admin::types::ProjectList = decode(
        "list with new top-level and pagination fields",
        json!({"data": [], "total": 0, "pagination": {"next": null, "prev": "x"}}),
    );
    assert!(l.data.is_empty());

    let u: admin::types::UserList = decode(
        "user list with new pagination fields",
        json!({"data": [{"id": "u", "email": "e@example.com", "mfa": true}],
               "pagination": {"next": "n", "expires_at": TS}}),
    );
    assert_eq!(u.pagination.and_then(|p| p.next).as_deref(), Some("n"));

    let k: admin::types::ApiKeyWithSecret = decode(
        "created key with new fields",
        json!({"key": {"id": "k", "name": "n", "project_id": "p", "roles": [], "created_at": TS},
               "value": "pckey_x", "expires_at": null}),
    );
    assert_eq!(k.value.expose_secret(), "pckey_x");

    let t: oauth::types::TokenResponse = decode(
        "token with new fields",
        json!({"access_token": "x", "token_type": "Bearer", "expires_in": 60, "scope": "admin"}),
    );
    assert_eq!(t.expires_in, 60);

    let idx: db_control::types::IndexList = decode(
        "index list with new fields everywhere, including a legacy `spec`",
        json!({"indexes": [{"name": "i", "host": "h", "status": {"ready": true, "state": "Ready", "progress": 1.0},
               "deletion_protection": "disabled", "deployment": {}, "schema": {},
               "spec": {"serverless": {"cloud": "aws"}}, "metrics": {"qps": 3}}],
               "next_token": null}),
    );
    assert_eq!(idx.indexes[0].name, "i");

    let s: assistant_control::types::ListAssistantsResponse = decode(
        "assistant list with new fields",
        json!({"assistants": [{"name": "a", "status": "Ready", "model": "x"}], "count": 1}),
    );
    assert_eq!(s.assistants.len(), 1);
}

#[test]
fn ids_need_not_be_uuids_and_names_have_no_length_limit() {
    let long = "n".repeat(600);
    let p: admin::types::Project = decode(
        "project with a non-UUID id and a 600-char name",
        json!({"id": "proj_01HZX", "name": long, "max_pods": 0, "force_encryption_with_cmek": false,
               "organization_id": "-NF9d1mq_org"}),
    );
    assert_eq!(p.name.len(), 600);
    let i: db_control::types::IndexModel = decode(
        "index with a 100-char name",
        json!({"name": "i".repeat(100), "host": "h", "status": {"ready": true, "state": "Ready"},
               "deletion_protection": "disabled", "deployment": {}, "schema": {}}),
    );
    assert_eq!(i.name.len(), 100);
}

#[tokio::test]
async fn a_list_with_one_unfamiliar_index_still_decodes_through_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/indexes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"indexes": [
            {"name": "old", "host": "h1", "status": {"ready": true, "state": "Ready"},
             "deletion_protection": "enabled",
             "deployment": {"deployment_type": "pod", "environment": "us-east1-gcp", "pod_type": "p1.x1",
                            "replicas": 1, "shards": 1, "pods": 1},
             "schema": {"fields": {"e": {"type": "dense_vector", "dimension": 8, "metric": "cosine"}}}},
            {"name": "new", "host": "h2", "status": {"ready": false, "state": "Provisioning"},
             "deletion_protection": "disabled",
             "deployment": {"deployment_type": "edge", "site": "lab-1"},
             "schema": {"fields": {"e": {"type": "quantum"}}},
             "read_capacity": {"mode": "Burst"}, "brand_new": true}
        ]})))
        .mount(&server)
        .await;
    let client = db_control::Client::new_with_client(
        &server.uri(),
        reqwest::Client::new(),
        RequestContext::new("2026-07").with_api_key("k"),
    );
    let list = client.list_indexes().await.unwrap().into_inner();
    let names: Vec<_> = list.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["old", "new"]);
    assert_eq!(list.indexes[0].deletion_protection.as_str(), "enabled");
}
