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

// ----- cleanup: late resources, late keys, cancellation ------------------------------------

use std::sync::{Arc, Mutex};

use crate::common_workflows as wf;
use pinecone_admin::{CleanupEvent, CleanupOptions, CleanupStage};
use pinecone_admin_emulator::{EmulatorHandle, FaultAction, FaultRule, SeedProject};

/// The ids of the project's keys named like a cleanup's temporary key.
fn temp_keys_of(emu: &EmulatorHandle, before: &std::collections::BTreeSet<String>) -> Vec<String> {
    wf::all_key_ids(emu).difference(before).cloned().collect()
}

#[tokio::test]
async fn a_resource_created_before_the_project_delete_gets_another_pass() {
    let emu = wf::emulator().await;
    let admin = wf::admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("late-resources").index("first", false))
        .unwrap();
    let project_id = seeded.project_id.clone();
    let before = wf::all_key_ids(&emu);
    // A teammate creates an index after the last pass looked: the first refusal is injected,
    // and the late index makes the emulator refuse for real from then on.
    emu.inject(
        FaultRule::new("DELETE", "/admin/projects/{project_id}")
            .times(1)
            .action(FaultAction::status(412)),
    );
    let events = Arc::new(Mutex::new(Vec::new()));
    let options = {
        let (late, late_project, events) = (emu.clone(), project_id.clone(), events.clone());
        wf::fast_cleanup().on_progress(move |event| {
            if matches!(event, CleanupEvent::ProjectDeleteRetry { .. })
                && late.index_names(&late_project).is_empty()
            {
                late.seed_index(&late_project, "late", false).unwrap();
            }
            events.lock().unwrap().push(event);
        })
    };
    let report = admin
        .projects()
        .delete_with_cleanup(&project_id, options)
        .await
        .unwrap();
    assert!(report.project_deleted);
    assert!(emu.project_ids().iter().all(|id| id != &project_id));
    let events = events.lock().unwrap().clone();
    let deleted: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            CleanupEvent::Deleted { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(deleted, ["first", "late"], "{events:?}");
    // The key went last, after the project.
    let project_at = events
        .iter()
        .position(|e| matches!(e, CleanupEvent::ProjectDeleted { .. }))
        .unwrap();
    let key_at = events
        .iter()
        .position(|e| matches!(e, CleanupEvent::TemporaryKeyDeleted { .. }))
        .unwrap();
    assert!(project_at < key_at, "{events:?}");
    assert!(temp_keys_of(&emu, &before).is_empty());
}

/// A server whose key create times out but lands later: the first listing shows no key, the
/// second shows it.
#[derive(Clone, Default)]
struct LateKey {
    name: Arc<Mutex<Option<String>>>,
    lists: Arc<Mutex<u32>>,
}

impl wiremock::Respond for LateKey {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if request.method.as_str() == "POST" {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            *self.name.lock().unwrap() = body["name"].as_str().map(str::to_owned);
            // Longer than the client's timeout: the caller gives up, the server goes on.
            return ResponseTemplate::new(201).set_delay(Duration::from_secs(5));
        }
        let mut lists = self.lists.lock().unwrap();
        *lists += 1;
        let data = match (&*self.name.lock().unwrap(), *lists) {
            (Some(name), n) if n >= 2 => {
                vec![
                    json!({"id": NEW_KEY, "name": name, "project_id": PROJECT, "roles": ["ProjectEditor"]}),
                ]
            }
            _ => vec![],
        };
        ResponseTemplate::new(200).set_body_json(json!({ "data": data }))
    }
}

#[tokio::test]
async fn a_timed_out_key_create_that_lands_late_is_still_swept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "tok", "token_type": "Bearer", "expires_in": 3600}),
        ))
        .mount(&server)
        .await;
    let late = LateKey::default();
    Mock::given(path(format!("/admin/projects/{PROJECT}/api-keys")))
        .respond_with(late.clone())
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    let admin = Admin::builder()
        .client_id("id")
        .client_secret("secret")
        .host(server.uri())
        .oauth_url(format!("{}/oauth/token", server.uri()))
        .control_host(server.uri())
        .retry(fast_retry())
        .timeout(Duration::from_millis(300))
        .env(|_| None)
        .build()
        .await
        .unwrap();
    let err = admin
        .projects()
        .delete_with_cleanup(PROJECT, wf::fast_cleanup())
        .await
        .unwrap_err();
    assert_eq!(err.stage(), CleanupStage::TemporaryKey, "{err}");
    assert!(err.leftover_temporary_key().is_none(), "{err}");
    let requests = server.received_requests().await.unwrap();
    assert!(
        *late.lists.lock().unwrap() >= 2,
        "looked again after the grace period"
    );
    assert_eq!(
        sent(&requests, "DELETE", &format!("/admin/api-keys/{NEW_KEY}")),
        1,
        "the key that landed after the first look is deleted"
    );
}

/// A project whose cleanup is slow enough to be cancelled in the middle.
async fn slow_project(emu: &EmulatorHandle) -> String {
    let seeded = emu
        .seed(SeedProject::new("cancelled").index("slow", false))
        .unwrap();
    emu.inject(
        FaultRule::new("DELETE", "/indexes/{index_name}")
            .action(FaultAction::Latency(Duration::from_secs(30))),
    );
    seeded.project_id
}

#[test]
fn a_runtime_shut_down_mid_cleanup_leaves_no_temporary_key() {
    // The emulator runs on a runtime of its own, which outlives the client's.
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let emu = server_rt.block_on(wf::emulator());
    let project_id = server_rt.block_on(slow_project(&emu));
    let before = wf::all_key_ids(&emu);

    // As in `#[tokio::main]`: start the cleanup, give up after the key exists, return.
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (created_tx, created_rx) = std::sync::mpsc::channel();
    let created_tx = Mutex::new(created_tx);
    let options = wf::fast_cleanup().on_progress(move |event| {
        if let CleanupEvent::TemporaryKeyCreated { key_id } = event {
            let _ = created_tx.lock().unwrap().send(key_id);
        }
    });
    let admin = client_rt.block_on(wf::admin(&emu));
    let task = {
        let project_id = project_id.clone();
        client_rt.spawn(async move {
            let _ = admin
                .projects()
                .delete_with_cleanup(&project_id, options)
                .await;
        })
    };
    let key_id = created_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(wf::all_key_ids(&emu).contains(&key_id));
    // The runtime ends with the cleanup in flight: its task is dropped, and with it the
    // guard's background deletion would be too.
    drop(task);
    drop(client_rt);
    assert!(
        temp_keys_of(&emu, &before).is_empty(),
        "the temporary key {key_id} was left behind"
    );
    server_rt.shutdown_background();
}

#[cfg(feature = "blocking")]
#[test]
fn a_blocking_client_dropped_after_a_failed_cleanup_leaves_no_temporary_key() {
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let emu = server_rt.block_on(wf::emulator());
    let project_id = server_rt.block_on(slow_project(&emu));
    let before = wf::all_key_ids(&emu);
    let admin = pinecone_admin::blocking::Admin::builder()
        .client_id(emu.client_id())
        .client_secret(emu.client_secret())
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .control_host(emu.control_url())
        .retry(wf::fast_retry())
        .env(|_| None)
        .build()
        .unwrap();
    // A progress callback that panics once the key exists unwinds the blocking call: the
    // cleanup future is dropped on the client's runtime, which goes when the client does.
    let options = wf::fast_cleanup().on_progress(|event| {
        if matches!(event, CleanupEvent::TemporaryKeyCreated { .. }) {
            panic!("progress callback failed");
        }
    });
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        admin
            .projects()
            .delete_with_cleanup(&project_id, options)
            .map(|_| ())
            .map_err(|e| e.stage())
    }));
    assert!(unwound.is_err());
    drop(admin);
    assert!(temp_keys_of(&emu, &before).is_empty());
    server_rt.shutdown_background();
}

#[tokio::test]
async fn options_debug_shows_the_grace_period() {
    let options = CleanupOptions::new().temporary_key_grace(Duration::from_secs(7));
    assert!(format!("{options:?}").contains("temporary_key_grace: 7s"));
}

#[tokio::test]
async fn leftover_temporary_keys_are_found_and_deleted() {
    let emu = wf::emulator().await;
    let admin = wf::admin(&emu).await;
    let project = admin
        .projects()
        .create(CreateProject::new("leftovers"))
        .await
        .unwrap();
    let keys = admin.api_keys();
    let left = keys
        .create(
            &project.id,
            CreateApiKey::new("_cleanup_temp_abcdefgh12345678"),
        )
        .await
        .unwrap();
    let kept = keys
        .create(&project.id, CreateApiKey::new("app"))
        .await
        .unwrap();
    let deleted = admin
        .projects()
        .delete_leftover_temporary_keys(&project.id)
        .await
        .unwrap();
    assert_eq!(deleted, vec![left.key().id.clone()]);
    let ids: Vec<_> = keys
        .list(&project.id)
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.id)
        .collect();
    assert_eq!(ids, vec![kept.key().id.clone()]);
    assert!(admin
        .projects()
        .delete_leftover_temporary_keys(&project.id)
        .await
        .unwrap()
        .is_empty());
}
