//! The wire around the operations (404, 405, malformed bodies, paths), fault injection,
//! counters, the `/_emulator` routes and concurrency.

use crate::common;

use std::time::{Duration, Instant};

use common::*;
use pinecone_admin_emulator::{Emulator, FaultAction, FaultRule, ResourceKind};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn unknown_paths_are_json_404s() {
    let ctx = Ctx::new().await;
    for path in [
        "/nope",
        "/admin",
        "/admin/projects/x/y/z",
        "/_emulator/nope",
    ] {
        ctx.get(path).await.assert_error(404, "NOT_FOUND");
    }
    let c = ctx.emu.counters();
    // The token exchange and three unknown paths; `/_emulator` is never counted.
    assert_eq!(c.requests_total(), 4);
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let ctx = Ctx::new().await;
    let r = ctx
        .send(Method::PUT, "/admin/projects", Some(json!({})))
        .await;
    r.assert_error(405, "UNIMPLEMENTED");
    let allow = r.headers["allow"].to_str().unwrap().to_owned();
    for m in ["GET", "POST"] {
        assert!(allow.contains(m), "{allow}");
    }
    assert!(!allow.contains("PUT"));
    let r = ctx
        .send(
            Method::POST,
            "/admin/users/00000000-0000-4000-8000-000000000000",
            None,
        )
        .await;
    r.assert_error(405, "UNIMPLEMENTED");
    let allow = r.headers["allow"].to_str().unwrap();
    assert!(allow.contains("GET") && allow.contains("DELETE"), "{allow}");
    let r = ctx.send(Method::GET, "/oauth/token", None).await;
    assert_eq!(r.status, 405);
    assert!(r.headers["allow"].to_str().unwrap().contains("POST"));
}

#[tokio::test]
async fn malformed_and_non_object_bodies_are_400() {
    let ctx = Ctx::new().await;
    for body in [
        "{not json",
        "",
        "[]",
        "\"name\"",
        "null",
        "{\"name\": \"a\",}",
    ] {
        let r = ctx
            .http
            .post(ctx.url("/admin/projects"))
            .bearer_auth(&ctx.token)
            .header("X-Pinecone-Api-Version", VERSION)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        Resp::read(r).await.assert_error(400, "INVALID_ARGUMENT");
    }
    assert!(ctx.emu.project_ids().is_empty());
}

#[tokio::test]
async fn doubled_and_trailing_slashes_route_normally_and_responses_carry_a_request_id() {
    let ctx = Ctx::new().await;
    let r = ctx.get("//admin/projects/").await;
    r.assert_status(200);
    assert!(r.headers.contains_key("x-pinecone-request-id"));
    assert_eq!(ctx.emu.counters().requests("GET /admin/projects"), 1);
}

#[tokio::test]
async fn latency_delays_then_answers() {
    let ctx = Ctx::new().await;
    ctx.emu.inject(
        FaultRule::new("GET", "/admin/projects")
            .times(1)
            .action(FaultAction::Latency(Duration::from_millis(300))),
    );
    let t = Instant::now();
    ctx.get("/admin/projects").await.assert_status(200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert!(
        ctx.emu.faults().is_empty(),
        "times(1) rule removed after use"
    );
}

#[tokio::test]
async fn status_faults_with_default_and_custom_bodies() {
    let ctx = Ctx::new().await;
    ctx.emu.inject(
        FaultRule::new("GET", "/admin/projects")
            .times(1)
            .action(FaultAction::rate_limited(2)),
    );
    let r = ctx.get("/admin/projects").await;
    r.assert_error(429, "RESOURCE_EXHAUSTED");
    assert_eq!(r.headers["retry-after"], "2");
    ctx.get("/admin/projects").await.assert_status(200);

    ctx.emu.inject(
        FaultRule::new("GET", "/admin/projects")
            .times(1)
            .action(FaultAction::status(503)),
    );
    ctx.get("/admin/projects")
        .await
        .assert_error(503, "UNAVAILABLE");
    ctx.emu
        .inject(FaultRule::new("GET", "/admin/projects").times(1));
    ctx.get("/admin/projects")
        .await
        .assert_error(500, "UNKNOWN");

    ctx.emu.inject(
        FaultRule::new("GET", "/admin/projects")
            .times(1)
            .action(FaultAction::Status {
                status: 502,
                body: Some("<html>bad gateway</html>".into()),
                retry_after: None,
            }),
    );
    let r = ctx.get("/admin/projects").await;
    assert_eq!(r.status, 502);
    assert!(r.content_type().starts_with("text/plain"));
    assert_eq!(r.text, "<html>bad gateway</html>");

    // The token endpoint fails in its own error shape.
    ctx.emu.inject(
        FaultRule::new("POST", "/oauth/token")
            .times(1)
            .action(FaultAction::status(503)),
    );
    let r = mint(
        &ctx.http,
        &ctx.emu,
        ctx.emu.client_id(),
        ctx.emu.client_secret(),
    )
    .await;
    assert_eq!(r.status, 503);
    assert_eq!(r.body["error"], "temporarily_unavailable");
    assert!(r.body["error_description"].is_string());
    assert_eq!(
        mint(
            &ctx.http,
            &ctx.emu,
            ctx.emu.client_id(),
            ctx.emu.client_secret()
        )
        .await
        .status,
        200
    );
}

#[tokio::test]
async fn fail_times_then_succeeds() {
    let ctx = Ctx::new().await;
    ctx.emu
        .inject(FaultRule::new("POST", "/admin/projects").action(FaultAction::FailTimes(2, 503)));
    assert_eq!(ctx.emu.faults()[0].remaining(), Some(2));
    for _ in 0..2 {
        ctx.post("/admin/projects", json!({"name": "p"}))
            .await
            .assert_error(503, "UNAVAILABLE");
    }
    ctx.post("/admin/projects", json!({"name": "p"}))
        .await
        .assert_status(200);
    assert_eq!(ctx.emu.counters().creates(ResourceKind::Project), 1);
    assert_eq!(ctx.emu.counters().requests("POST /admin/projects"), 3);
    assert!(ctx.emu.faults().is_empty());
}

#[tokio::test]
async fn process_then_fail_creates_and_answers_an_error() {
    let ctx = Ctx::new().await;
    ctx.emu.inject(
        FaultRule::new("POST", "/admin/projects/{project_id}/api-keys")
            .times(1)
            .action(FaultAction::ProcessThenFail(500)),
    );
    let pid = ctx.project("p").await;
    let r = ctx
        .post(
            &format!("/admin/projects/{pid}/api-keys"),
            json!({"name": "k"}),
        )
        .await;
    r.assert_error(500, "UNKNOWN");
    assert_eq!(ctx.emu.api_key_ids(&pid).len(), 1, "the create happened");
    assert_eq!(ctx.emu.counters().creates(ResourceKind::ApiKey), 1);
}

#[tokio::test]
async fn drop_connection_reads_the_request_then_closes_without_answer() {
    let ctx = Ctx::new().await;
    ctx.emu.inject(
        FaultRule::new("POST", "/admin/projects")
            .times(1)
            .action(FaultAction::DropConnection),
    );
    let err = ctx
        .http
        .post(ctx.url("/admin/projects"))
        .bearer_auth(&ctx.token)
        .header("X-Pinecone-Api-Version", VERSION)
        .json(&json!({"name": "dropped"}))
        .send()
        .await
        .expect_err("no response");
    assert!(!err.is_timeout(), "{err}");
    assert!(
        ctx.emu.project_ids().is_empty(),
        "the request was not processed"
    );
    assert_eq!(ctx.emu.counters().requests("POST /admin/projects"), 1);
    // The server keeps serving.
    ctx.post("/admin/projects", json!({"name": "ok"}))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn rule_matching_by_path_prefix_and_method() {
    let ctx = Ctx::new().await;
    let pid = ctx.emu.seed_project("p");
    let (_, key) = ctx.api_key(&pid, &["ProjectEditor"]).await;
    ctx.emu.seed_index(&pid, "a", false).unwrap();
    ctx.emu.seed_index(&pid, "b", false).unwrap();
    // A concrete path only hits that index.
    ctx.emu
        .inject(FaultRule::new("DELETE", "/indexes/a").action(FaultAction::status(500)));
    assert_eq!(
        ctx.control(&key, Method::DELETE, "/indexes/a", None)
            .await
            .status,
        500
    );
    assert_eq!(
        ctx.control(&key, Method::DELETE, "/indexes/b", None)
            .await
            .status,
        202
    );
    ctx.emu.clear_faults();
    assert_eq!(
        ctx.control(&key, Method::DELETE, "/indexes/a", None)
            .await
            .status,
        202
    );
    // A prefix with any method.
    ctx.emu.inject(
        FaultRule::new("*", "/admin/*")
            .times(2)
            .action(FaultAction::status(503)),
    );
    assert_eq!(ctx.get("/admin/users").await.status, 503);
    assert_eq!(
        ctx.control(&key, Method::GET, "/indexes", None)
            .await
            .status,
        200
    );
    assert_eq!(
        ctx.post("/admin/projects", json!({"name": "x"}))
            .await
            .status,
        503
    );
    assert_eq!(ctx.get("/admin/users").await.status, 200);
}

#[tokio::test]
async fn builder_faults_apply_from_the_start() {
    let ctx = Ctx::with(
        Emulator::builder().fault(
            FaultRule::new("GET", "/admin/organizations")
                .times(1)
                .action(FaultAction::status(500)),
        ),
    )
    .await;
    assert_eq!(ctx.get("/admin/organizations").await.status, 500);
    assert_eq!(ctx.get("/admin/organizations").await.status, 200);
}

#[tokio::test]
async fn counters_track_routes_tokens_connections_and_creates() {
    let ctx = Ctx::new().await;
    ctx.emu.reset_counters();
    for _ in 0..3 {
        let fresh = reqwest::Client::new();
        mint_ok(
            &fresh,
            &ctx.emu,
            ctx.emu.client_id(),
            ctx.emu.client_secret(),
        )
        .await;
    }
    let pid = ctx.project("p").await;
    ctx.get(&format!("/admin/projects/{pid}"))
        .await
        .assert_status(200);
    ctx.get(&format!("/admin/projects/{pid}"))
        .await
        .assert_status(200);
    let c = ctx.emu.counters();
    assert_eq!(c.token_exchanges(), 3);
    assert!(c.connections() >= 3, "{}", c.connections());
    assert_eq!(c.requests("POST /oauth/token"), 3);
    assert_eq!(c.requests("POST /admin/projects"), 1);
    assert_eq!(c.requests("GET /admin/projects/{project_id}"), 2);
    assert_eq!(c.requests_total(), 6);
    assert_eq!(c.creates(ResourceKind::Project), 1);
    assert_eq!(c.routes().count(), 3);
    ctx.emu.reset_counters();
    assert_eq!(ctx.emu.counters().requests_total(), 0);
}

#[tokio::test]
async fn emulator_routes_control_a_running_emulator() {
    let ctx = Ctx::new().await;
    let http = &ctx.http;
    let health = Resp::read(http.get(ctx.url("/_emulator/health")).send().await.unwrap()).await;
    assert_eq!(
        health.assert_status(200)["organization_id"],
        json!(ctx.emu.organization_id())
    );
    assert!(!health.text.contains(ctx.emu.client_secret()));

    let added = http
        .post(ctx.url("/_emulator/faults"))
        .json(&json!({"method": "GET", "path": "/admin/projects", "times": 1, "action": {"type": "status", "status": 429, "retry_after": 3}}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let listed = Resp::read(http.get(ctx.url("/_emulator/faults")).send().await.unwrap()).await;
    assert_eq!(listed.body["faults"].as_array().unwrap().len(), 1);
    let r = ctx.get("/admin/projects").await;
    assert_eq!(r.status, 429);
    assert_eq!(r.headers["retry-after"], "3");
    for action in [
        json!({"type": "latency", "ms": 1}),
        json!({"type": "drop_connection"}),
        json!({"type": "fail_times", "n": 1, "status": 500}),
        json!({"type": "process_then_fail", "status": 500}),
    ] {
        let r = http
            .post(ctx.url("/_emulator/faults"))
            .json(&json!({"path": "/never", "action": action}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let bad = http
        .post(ctx.url("/_emulator/faults"))
        .json(&json!({"path": "/x", "action": {"type": "status", "status": 42}}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let cleared = http
        .delete(ctx.url("/_emulator/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert!(ctx.emu.faults().is_empty());

    let seeded = Resp::read(
        http.post(ctx.url("/_emulator/seed"))
            .json(&json!({"name": "s", "indexes": [{"name": "i", "deletion_protection": true}], "backups": ["i"], "assistants": ["a"], "collections": ["c"], "api_keys": [{"name": "k", "roles": ["ProjectViewer"]}]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let s = seeded.assert_status(201).clone();
    let pid = s["project_id"].as_str().unwrap();
    assert_eq!(ctx.emu.index_names(pid), ["i"]);
    assert_eq!(s["backup_ids"].as_array().unwrap().len(), 1);
    let key = s["api_keys"][0]["value"].as_str().unwrap();
    ctx.control(key, Method::GET, "/indexes/i", None)
        .await
        .assert_status(200);
    let bad_seed = Resp::read(
        http.post(ctx.url("/_emulator/seed"))
            .json(&json!({"project_id": "nope"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    bad_seed.assert_error(404, "NOT_FOUND");

    let counters = Resp::read(
        http.get(ctx.url("/_emulator/counters"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        counters.assert_status(200)["requests"]["GET /admin/projects"],
        1
    );
    assert_eq!(counters.body["token_exchanges"], 1);
    assert_eq!(
        http.delete(ctx.url("/_emulator/counters"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(ctx.emu.counters().requests_total(), 0);

    let inv = ctx
        .post("/admin/invites", json!({"email": "z@example.com", "role_bindings": [{"resource_type": "organization", "role": "OrgMember"}]}))
        .await;
    let inv_id = inv.body["id"].as_str().unwrap().to_owned();
    let e = http
        .post(ctx.url(&format!("/_emulator/invites/{inv_id}/expire")))
        .send()
        .await
        .unwrap();
    assert_eq!(e.status(), 204);
    assert_eq!(
        ctx.get(&format!("/admin/invites/{inv_id}")).await.body["status"],
        "expired"
    );
    let a = Resp::read(
        http.post(ctx.url(&format!("/_emulator/invites/{inv_id}/accept")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let user = a.assert_status(200)["user_id"].as_str().unwrap().to_owned();
    ctx.get(&format!("/admin/users/{user}"))
        .await
        .assert_status(200);

    let x = http
        .post(ctx.url("/_emulator/expire-tokens"))
        .send()
        .await
        .unwrap();
    assert_eq!(x.status(), 204);
    ctx.get("/admin/projects")
        .await
        .assert_error(401, "UNAUTHENTICATED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_are_all_applied() {
    let ctx = std::sync::Arc::new(Ctx::new().await);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let ctx = ctx.clone();
        tasks.push(tokio::spawn(async move {
            ctx.post("/admin/projects", json!({"name": format!("p{i}")}))
                .await
                .status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(ctx.emu.project_ids().len(), 200);
    assert_eq!(ctx.emu.counters().creates(ResourceKind::Project), 200);
    let list = ctx.get("/admin/projects").await;
    assert_eq!(list.body["data"].as_array().unwrap().len(), 200);
}

#[tokio::test]
async fn handles_shut_down_and_debug_redacts_secrets() {
    let emu = Emulator::builder()
        .client_credentials("id", "very-secret-value")
        .start()
        .await
        .unwrap();
    assert!(!format!("{emu:?}").contains("very-secret-value"));
    let b = Emulator::builder().client_credentials("id", "very-secret-value");
    assert!(!format!("{b:?}").contains("very-secret-value"));
    assert!(
        emu.banner().contains("very-secret-value"),
        "the banner is for the user's terminal"
    );
    let url = emu.base_url().to_owned();
    let http = reqwest::Client::new();
    assert!(http
        .get(format!("{url}/_emulator/health"))
        .send()
        .await
        .is_ok());
    emu.shutdown().await;
    let after = reqwest::Client::new()
        .get(format!("{url}/_emulator/health"))
        .send()
        .await;
    assert!(after.is_err(), "nothing listens after shutdown");

    // Dropping the last handle stops the server too.
    let emu = Emulator::builder().start().await.unwrap();
    let url = emu.base_url().to_owned();
    drop(emu);
    let mut stopped = false;
    for _ in 0..50 {
        if reqwest::Client::new()
            .get(format!("{url}/_emulator/health"))
            .send()
            .await
            .is_err()
        {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(stopped);
}
