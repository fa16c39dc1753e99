//! The token endpoint and how tokens gate the Admin API.

use crate::common;

use std::time::Duration;

use common::*;
use pinecone_admin_emulator::Emulator;
use serde_json::json;

fn oauth_error(r: &Resp, status: u16, error: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert!(r.content_type().starts_with("application/json"));
    assert_eq!(r.body["error"], json!(error), "{}", r.text);
    assert!(r.body["error_description"].is_string(), "{}", r.text);
}

#[tokio::test]
async fn json_exchange_returns_a_bearer_token_with_the_configured_ttl() {
    let emu = Emulator::builder()
        .client_credentials("my-id", "my-secret")
        .token_ttl(Duration::from_secs(1800))
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let r = mint(&http, &emu, "my-id", "my-secret").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.content_type().starts_with("application/json"));
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 1800);
    assert!(r.body["access_token"].as_str().unwrap().len() > 20);
    assert_eq!(r.headers["cache-control"], "no-store");
    assert_eq!(emu.counters().token_exchanges(), 1);
    assert_eq!(emu.counters().requests("POST /oauth/token"), 1);
}

#[tokio::test]
async fn form_bodies_are_accepted() {
    let emu = Emulator::builder()
        .client_credentials("id", "s3cret")
        .start()
        .await
        .unwrap();
    let r = reqwest::Client::new()
        .post(emu.oauth_url())
        .header("X-Pinecone-Api-Version", VERSION)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("client_id=id&client_secret=s3cret&grant_type=client_credentials&audience=https%3A%2F%2Fapi.pinecone.io%2F")
        .send()
        .await
        .unwrap();
    let r = Resp::read(r).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["token_type"], "Bearer");
}

#[tokio::test]
async fn wrong_credentials_grant_audience_and_bodies_are_rejected() {
    let emu = Emulator::builder()
        .client_credentials("id", "secret")
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::new();
    oauth_error(
        &mint(&http, &emu, "id", "wrong").await,
        401,
        "access_denied",
    );
    oauth_error(
        &mint(&http, &emu, "nobody", "secret").await,
        401,
        "access_denied",
    );

    let post = |body: serde_json::Value| {
        let http = http.clone();
        let url = emu.oauth_url().to_owned();
        async move {
            Resp::read(
                http.post(url)
                    .header("X-Pinecone-Api-Version", VERSION)
                    .json(&body)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    let base = json!({"client_id": "id", "client_secret": "secret", "grant_type": "client_credentials", "audience": AUDIENCE});
    let mut wrong_grant = base.clone();
    wrong_grant["grant_type"] = json!("password");
    oauth_error(&post(wrong_grant).await, 403, "unsupported_grant_type");
    let mut wrong_audience = base.clone();
    wrong_audience["audience"] = json!("https://api.pinecone.io");
    oauth_error(&post(wrong_audience).await, 403, "access_denied");
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("audience");
    oauth_error(&post(missing).await, 400, "invalid_request");
    oauth_error(&post(json!({"client_id": 5})).await, 400, "invalid_request");
    let malformed = Resp::read(
        http.post(emu.oauth_url())
            .header("X-Pinecone-Api-Version", VERSION)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    oauth_error(&malformed, 400, "invalid_request");
    // The secret never comes back in an error description.
    assert!(!malformed.text.contains("secret"));
    let no_version = Resp::read(http.post(emu.oauth_url()).json(&base).send().await.unwrap()).await;
    oauth_error(&no_version, 400, "invalid_request");
    assert_eq!(emu.counters().token_exchanges(), 0);
    assert_eq!(emu.counters().requests("POST /oauth/token"), 8);
}

#[tokio::test]
async fn admin_calls_need_a_current_token() {
    let ctx = Ctx::with(Emulator::builder().token_ttl(Duration::from_secs(1))).await;
    let http = &ctx.http;
    let url = ctx.url("/admin/projects");
    let missing = Resp::read(
        http.get(&url)
            .header("X-Pinecone-Api-Version", VERSION)
            .send()
            .await
            .unwrap(),
    )
    .await;
    missing.assert_error(401, "UNAUTHENTICATED");
    let unknown = Resp::read(
        http.get(&url)
            .bearer_auth("pcemu_not-a-token")
            .header("X-Pinecone-Api-Version", VERSION)
            .send()
            .await
            .unwrap(),
    )
    .await;
    unknown.assert_error(401, "UNAUTHENTICATED");
    let basic = Resp::read(
        http.get(&url)
            .basic_auth("a", Some("b"))
            .header("X-Pinecone-Api-Version", VERSION)
            .send()
            .await
            .unwrap(),
    )
    .await;
    basic.assert_error(401, "UNAUTHENTICATED");
    ctx.get("/admin/projects").await.assert_status(200);
    // The token lives one second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    ctx.get("/admin/projects")
        .await
        .assert_error(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn expire_tokens_invalidates_every_issued_token() {
    let ctx = Ctx::new().await;
    ctx.get("/admin/organizations").await.assert_status(200);
    ctx.emu.expire_tokens();
    ctx.get("/admin/organizations")
        .await
        .assert_error(401, "UNAUTHENTICATED");
    // A new exchange works again.
    let token = mint_ok(
        &ctx.http,
        &ctx.emu,
        ctx.emu.client_id(),
        ctx.emu.client_secret(),
    )
    .await;
    assert_ne!(token, ctx.token);
}

#[tokio::test]
async fn created_service_accounts_mint_tokens_and_rotation_revokes_the_old_secret() {
    let ctx = Ctx::new().await;
    let created = ctx
        .post("/admin/service-accounts", json!({"name": "ci"}))
        .await;
    let b = created.assert_status(201);
    let sa_id = b["service_account"]["id"].as_str().unwrap().to_owned();
    let client_id = b["service_account"]["client_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let secret = b["client_secret"].as_str().unwrap().to_owned();
    let token = mint_ok(&ctx.http, &ctx.emu, &client_id, &secret).await;
    let as_sa = |t: String| {
        let http = ctx.http.clone();
        let url = ctx.url("/admin/projects");
        async move {
            Resp::read(
                http.get(url)
                    .bearer_auth(t)
                    .header("X-Pinecone-Api-Version", VERSION)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    as_sa(token.clone()).await.assert_status(200);

    let rotated = ctx
        .post_empty(&format!("/admin/service-accounts/{sa_id}/rotate-secret"))
        .await;
    let rb = rotated.assert_status(200);
    let new_secret = rb["client_secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    assert_eq!(rb["service_account"]["id"], json!(sa_id));
    // The old secret and its tokens stop working; the new secret works.
    as_sa(token).await.assert_error(401, "UNAUTHENTICATED");
    assert_eq!(
        mint(&ctx.http, &ctx.emu, &client_id, &secret).await.status,
        401
    );
    let token2 = mint_ok(&ctx.http, &ctx.emu, &client_id, &new_secret).await;
    as_sa(token2.clone()).await.assert_status(200);

    // Deleting the account revokes its tokens and its credentials.
    ctx.delete(&format!("/admin/service-accounts/{sa_id}"))
        .await
        .assert_status(202);
    as_sa(token2).await.assert_error(401, "UNAUTHENTICATED");
    assert_eq!(
        mint(&ctx.http, &ctx.emu, &client_id, &new_secret)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn version_header_is_required_and_must_be_known() {
    let ctx = Ctx::new().await;
    let url = ctx.url("/admin/projects");
    let send = |v: Option<&'static str>| {
        let mut req = ctx.http.get(&url).bearer_auth(&ctx.token);
        if let Some(v) = v {
            req = req.header("X-Pinecone-Api-Version", v);
        }
        async move { Resp::read(req.send().await.unwrap()).await }
    };
    send(None).await.assert_error(400, "INVALID_ARGUMENT");
    send(Some("2024-01"))
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    for v in ["2025-04", "2025-10", "2026-04", "2026-07"] {
        send(Some(v)).await.assert_status(200);
    }
    // Authentication is checked first.
    let r = Resp::read(ctx.http.get(&url).send().await.unwrap()).await;
    r.assert_error(401, "UNAUTHENTICATED");
}
