//! Users, invites, service accounts, role bindings and cursor pagination.

use crate::common;

use chrono::{DateTime, Utc};
use common::*;
use pinecone_admin_emulator::{Emulator, ResourceKind};
use serde_json::{json, Value};

const MISSING: &str = "00000000-0000-4000-8000-000000000000";

fn org_binding(role: &str) -> Value {
    json!({"resource_type": "organization", "role": role})
}

fn ids(v: &Value) -> Vec<String> {
    v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn bindings(ctx: &Ctx, query: &str) -> Vec<Value> {
    let r = ctx.get(&format!("/admin/role-bindings?{query}")).await;
    r.assert_status(200)["data"].as_array().unwrap().clone()
}

#[tokio::test]
async fn users_list_filter_fetch_delete() {
    let ctx = Ctx::with(
        Emulator::builder()
            .user("Alice@Example.com", Some("Alice"))
            .user("bob@example.com", None),
    )
    .await;
    let list = ctx.get("/admin/users").await;
    let users = list.assert_status(200)["data"].as_array().unwrap().clone();
    assert_eq!(users.len(), 3);
    assert_eq!(users[0]["email"], "owner@example.com");
    assert_eq!(users[0]["id"], json!(ctx.emu.owner_user_id()));
    for u in &users {
        assert_uuid(&u["id"]);
    }
    assert!(users[2].get("name").is_none(), "name omitted when unset");
    assert!(list.body["pagination"].is_null());

    // Case-insensitive email filter.
    let f = ctx.get("/admin/users?email=alice%40EXAMPLE.com").await;
    let found = f.assert_status(200)["data"].as_array().unwrap().clone();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["name"], "Alice");
    let none = ctx.get("/admin/users?email=zed%40example.com").await;
    assert_eq!(none.assert_status(200)["data"], json!([]));
    ctx.get("/admin/users?email=not-an-email")
        .await
        .assert_error(400, "INVALID_ARGUMENT");

    let alice = found[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        ctx.get(&format!("/admin/users/{alice}"))
            .await
            .assert_status(200),
        &found[0]
    );
    ctx.get(&format!("/admin/users/{MISSING}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.get("/admin/users/xyz")
        .await
        .assert_error(400, "INVALID_ARGUMENT");

    assert_eq!(
        bindings(&ctx, &format!("principal_type=user&principal_id={alice}"))
            .await
            .len(),
        1
    );
    let del = ctx.delete(&format!("/admin/users/{alice}")).await;
    assert_eq!(del.status, 202);
    assert!(del.text.is_empty());
    ctx.get(&format!("/admin/users/{alice}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.delete(&format!("/admin/users/{alice}"))
        .await
        .assert_error(404, "NOT_FOUND");
    assert!(
        bindings(&ctx, &format!("principal_type=user&principal_id={alice}"))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn the_last_org_owner_cannot_be_removed() {
    let ctx = Ctx::new().await;
    // Two owners are seeded: the owner user and the service account.
    let owners = bindings(&ctx, "role=OrgOwner").await;
    assert_eq!(owners.len(), 2);
    let sa_binding = owners
        .iter()
        .find(|b| b["principal_type"] == "service_account")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let user_binding = owners
        .iter()
        .find(|b| b["principal_type"] == "user")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ctx.delete(&format!("/admin/role-bindings/{sa_binding}"))
        .await
        .assert_status(202);
    let r = ctx
        .delete(&format!("/admin/role-bindings/{user_binding}"))
        .await;
    r.assert_error(409, "ABORTED");
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("last OrgOwner"));
    let owner = ctx.emu.owner_user_id().to_owned();
    ctx.delete(&format!("/admin/users/{owner}"))
        .await
        .assert_error(409, "ABORTED");
    // With another owner, the user can go.
    let sa = ctx.emu.service_account_id().to_owned();
    ctx.post(
        "/admin/role-bindings",
        json!({"principal_type": "service_account", "principal_id": sa, "resource_type": "organization", "role": "OrgOwner"}),
    )
    .await
    .assert_status(200);
    ctx.delete(&format!("/admin/users/{owner}"))
        .await
        .assert_status(202);
}

#[tokio::test]
async fn pagination_limits_cursors_and_errors() {
    let mut b = Emulator::builder();
    for i in 0..6 {
        b = b.user(format!("u{i}@example.com"), None);
    }
    let ctx = Ctx::with(b).await;
    let all = ids(&ctx.get("/admin/users").await.body);
    assert_eq!(all.len(), 7);

    let mut seen = Vec::new();
    let mut url = "/admin/users?limit=3".to_owned();
    let mut pages = 0;
    loop {
        let r = ctx.get(&url).await;
        let body = r.assert_status(200).clone();
        seen.extend(ids(&body));
        pages += 1;
        match body["pagination"]["next"].as_str() {
            Some(next) => url = format!("/admin/users?limit=3&paginationToken={next}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, all);

    // An exact multiple ends without a next token.
    let r = ctx.get("/admin/users?limit=7").await;
    assert!(r.body["pagination"].is_null());
    assert_eq!(ids(&r.body).len(), 7);

    for bad in ["0", "101", "-1"] {
        ctx.get(&format!("/admin/users?limit={bad}"))
            .await
            .assert_error(400, "OUT_OF_RANGE");
    }
    ctx.get("/admin/users?limit=ten")
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.get("/admin/users?limit=100").await.assert_status(200);
    ctx.get("/admin/users?paginationToken=garbage")
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    // A token must be reused with the same query context.
    let first = ctx.get("/admin/users?limit=2").await;
    let next = first.body["pagination"]["next"]
        .as_str()
        .unwrap()
        .to_owned();
    ctx.get(&format!("/admin/users?limit=3&paginationToken={next}"))
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.get(&format!(
        "/admin/service-accounts?limit=2&paginationToken={next}"
    ))
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    for path in [
        "/admin/invites",
        "/admin/service-accounts",
        "/admin/role-bindings",
    ] {
        ctx.get(&format!("{path}?limit=0"))
            .await
            .assert_error(400, "OUT_OF_RANGE");
        ctx.get(&format!("{path}?limit=1")).await.assert_status(200);
    }
    // Service accounts and role bindings page the same way.
    for i in 0..3 {
        ctx.post("/admin/service-accounts", json!({"name": format!("sa{i}")}))
            .await
            .assert_status(201);
    }
    let p1 = ctx.get("/admin/service-accounts?limit=2").await;
    assert_eq!(ids(&p1.body).len(), 2);
    let next = p1.body["pagination"]["next"].as_str().unwrap().to_owned();
    let p2 = ctx
        .get(&format!(
            "/admin/service-accounts?limit=2&paginationToken={next}"
        ))
        .await;
    assert_eq!(ids(p2.assert_status(200)).len(), 2);
    assert!(p2.body["pagination"].is_null());
}

#[tokio::test]
async fn invites_lifecycle() {
    let ctx = Ctx::new().await;
    let pid = ctx.project("p").await;
    let created = ctx
        .post(
            "/admin/invites",
            json!({"email": "new@example.com", "role_bindings": [
                org_binding("OrgMember"),
                {"resource_type": "project", "resource_id": pid, "role": "ProjectEditor"},
            ]}),
        )
        .await;
    let inv = created.assert_status(200).clone();
    assert_uuid(&inv["id"]);
    assert_eq!(inv["email"], "new@example.com");
    assert_eq!(inv["status"], "pending");
    assert_datetime(&inv["created_at"]);
    let expires: DateTime<Utc> = inv["expires_at"].as_str().unwrap().parse().unwrap();
    let days = (expires - Utc::now()).num_hours();
    assert!(
        (167..=168).contains(&days),
        "expires in 7 days, got {days}h"
    );
    assert!(inv.get("role_bindings").is_none());
    let id = inv["id"].as_str().unwrap().to_owned();
    let rb = bindings(&ctx, &format!("principal_type=invite&principal_id={id}")).await;
    assert_eq!(rb.len(), 2);
    assert_eq!(ctx.emu.counters().creates(ResourceKind::Invite), 1);

    assert_eq!(
        ctx.get(&format!("/admin/invites/{id}"))
            .await
            .assert_status(200),
        &inv
    );

    // Conflicts: a pending invite for the same email, and an existing member's email.
    let dup = ctx
        .post(
            "/admin/invites",
            json!({"email": "NEW@example.com", "role_bindings": [org_binding("OrgMember")]}),
        )
        .await;
    dup.assert_error(409, "ALREADY_EXISTS");
    assert!(dup.body["error"]["message"].as_str().unwrap().contains(&id));
    ctx.post(
        "/admin/invites",
        json!({"email": "owner@example.com", "role_bindings": [org_binding("OrgMember")]}),
    )
    .await
    .assert_error(409, "ALREADY_EXISTS");

    // Validation.
    for body in [
        json!({"email": "nope", "role_bindings": [org_binding("OrgMember")]}),
        json!({"email": "a@b.co", "role_bindings": []}),
        json!({"email": "a@b.co"}),
        json!({"email": "a@b.co", "role_bindings": [{"resource_type": "project", "resource_id": pid, "role": "ProjectViewer"}]}),
        json!({"email": "a@b.co", "role_bindings": [org_binding("ProjectEditor")]}),
        json!({"email": "a@b.co", "role_bindings": [org_binding("Emperor")]}),
    ] {
        ctx.post("/admin/invites", body)
            .await
            .assert_error(400, "INVALID_ARGUMENT");
    }
    ctx.post(
        "/admin/invites",
        json!({"email": "a@b.co", "role_bindings": [org_binding("OrgMember"), {"resource_type": "project", "resource_id": MISSING, "role": "ProjectViewer"}]}),
    )
    .await
    .assert_error(404, "NOT_FOUND");

    // Expired invites are listed; resend brings them back to pending with a new expiry.
    let second = ctx
        .post(
            "/admin/invites",
            json!({"email": "late@example.com", "role_bindings": [org_binding("OrgManager")]}),
        )
        .await;
    let second_id = second.body["id"].as_str().unwrap().to_owned();
    ctx.emu.expire_invite(&second_id).unwrap();
    let fetched = ctx.get(&format!("/admin/invites/{second_id}")).await;
    assert_eq!(fetched.body["status"], "expired");
    let listed = ctx.get("/admin/invites").await;
    let statuses: Vec<&Value> = listed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["status"])
        .collect();
    assert_eq!(statuses, vec![&json!("pending"), &json!("expired")]);
    let resent = ctx
        .post_empty(&format!("/admin/invites/{second_id}/resend"))
        .await;
    assert_eq!(resent.assert_status(200)["status"], "pending");
    let new_expiry: DateTime<Utc> = resent.body["expires_at"].as_str().unwrap().parse().unwrap();
    assert!(new_expiry > Utc::now() + chrono::Duration::days(6));

    // Accepted invites leave the list, stay fetchable as processed, and cannot be resent,
    // deleted or bound.
    let user_id = ctx.emu.accept_invite(&id).unwrap();
    let processed = ctx.get(&format!("/admin/invites/{id}")).await;
    assert_eq!(processed.body["status"], "processed");
    assert_datetime(&processed.body["processed_at"]);
    assert_eq!(
        ids(&ctx.get("/admin/invites").await.body),
        vec![second_id.clone()]
    );
    ctx.post_empty(&format!("/admin/invites/{id}/resend"))
        .await
        .assert_error(409, "ALREADY_EXISTS");
    ctx.delete(&format!("/admin/invites/{id}"))
        .await
        .assert_error(409, "ALREADY_EXISTS");
    ctx.post(
        "/admin/role-bindings",
        json!({"principal_type": "invite", "principal_id": id, "resource_type": "organization", "role": "OrgManager"}),
    )
    .await
    .assert_error(409, "ALREADY_EXISTS");
    // The new user holds the invite's bindings.
    assert_eq!(
        bindings(&ctx, &format!("principal_type=user&principal_id={user_id}"))
            .await
            .len(),
        2
    );
    ctx.get(&format!("/admin/users/{user_id}"))
        .await
        .assert_status(200);

    // Deleting a pending invite removes it and its bindings.
    let del = ctx.delete(&format!("/admin/invites/{second_id}")).await;
    assert_eq!(del.status, 202);
    assert!(del.text.is_empty());
    ctx.get(&format!("/admin/invites/{second_id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.delete(&format!("/admin/invites/{second_id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.post_empty(&format!("/admin/invites/{MISSING}/resend"))
        .await
        .assert_error(404, "NOT_FOUND");
    assert!(bindings(
        &ctx,
        &format!("principal_type=invite&principal_id={second_id}")
    )
    .await
    .is_empty());
}

#[tokio::test]
async fn invite_emails_are_rate_limited() {
    let ctx = Ctx::with(Emulator::builder().invite_emails_per_hour(2)).await;
    let r = ctx
        .post(
            "/admin/invites",
            json!({"email": "a@example.com", "role_bindings": [org_binding("OrgMember")]}),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_owned();
    ctx.post_empty(&format!("/admin/invites/{id}/resend"))
        .await
        .assert_status(200);
    ctx.post_empty(&format!("/admin/invites/{id}/resend"))
        .await
        .assert_error(429, "RESOURCE_EXHAUSTED");
}

#[tokio::test]
async fn service_accounts_create_list_fetch_update_delete() {
    let ctx = Ctx::new().await;
    let pid = ctx.project("p").await;
    let created = ctx
        .post(
            "/admin/service-accounts",
            json!({"name": "deployer", "role_bindings": [
                {"resource_type": "project", "resource_id": pid, "role": "ProjectOwner"},
                org_binding("OrgMember"),
            ]}),
        )
        .await;
    let b = created.assert_status(201).clone();
    let sa = &b["service_account"];
    assert_uuid(&sa["id"]);
    assert_eq!(sa["name"], "deployer");
    assert!(sa["client_id"].as_str().unwrap().len() >= 16);
    assert_datetime(&sa["created_at"]);
    assert_datetime(&sa["updated_at"]);
    assert!(b["client_secret"].as_str().unwrap().len() >= 32);
    let id = sa["id"].as_str().unwrap().to_owned();
    let rb = bindings(
        &ctx,
        &format!("principal_type=service_account&principal_id={id}"),
    )
    .await;
    assert_eq!(rb.len(), 2);

    let without = ctx
        .post(
            "/admin/service-accounts",
            json!({"name": "bare", "role_bindings": []}),
        )
        .await;
    let bare_id = without.assert_status(201)["service_account"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(bindings(
        &ctx,
        &format!("principal_type=service_account&principal_id={bare_id}")
    )
    .await
    .is_empty());

    let list = ctx.get("/admin/service-accounts").await;
    let listed = ids(list.assert_status(200));
    assert_eq!(
        listed,
        vec![
            ctx.emu.service_account_id().to_owned(),
            id.clone(),
            bare_id.clone()
        ]
    );
    assert!(!list.text.contains(b["client_secret"].as_str().unwrap()));

    let fetched = ctx.get(&format!("/admin/service-accounts/{id}")).await;
    assert_eq!(fetched.assert_status(200), sa);
    assert!(fetched.body.get("client_secret").is_none());

    let upd = ctx
        .patch(
            &format!("/admin/service-accounts/{id}"),
            json!({"name": "renamed"}),
        )
        .await;
    assert_eq!(upd.assert_status(200)["name"], "renamed");
    assert_eq!(upd.body["client_id"], sa["client_id"]);
    let unchanged = ctx
        .patch(&format!("/admin/service-accounts/{id}"), json!({}))
        .await;
    assert_eq!(unchanged.assert_status(200)["name"], "renamed");

    for body in [
        json!({}),
        json!({"name": ""}),
        json!({"name": "x".repeat(81)}),
        json!({"name": "ok", "role_bindings": [org_binding("Nope")]}),
    ] {
        ctx.post("/admin/service-accounts", body)
            .await
            .assert_error(400, "INVALID_ARGUMENT");
    }
    ctx.patch(
        &format!("/admin/service-accounts/{id}"),
        json!({"name": ""}),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    ctx.get(&format!("/admin/service-accounts/{MISSING}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.patch(
        &format!("/admin/service-accounts/{MISSING}"),
        json!({"name": "n"}),
    )
    .await
    .assert_error(404, "NOT_FOUND");
    ctx.post_empty(&format!("/admin/service-accounts/{MISSING}/rotate-secret"))
        .await
        .assert_error(404, "NOT_FOUND");

    let del = ctx.delete(&format!("/admin/service-accounts/{id}")).await;
    assert_eq!(del.status, 202);
    assert!(del.text.is_empty());
    ctx.get(&format!("/admin/service-accounts/{id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.delete(&format!("/admin/service-accounts/{id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    assert!(bindings(
        &ctx,
        &format!("principal_type=service_account&principal_id={id}")
    )
    .await
    .is_empty());
    assert_eq!(ctx.emu.counters().creates(ResourceKind::ServiceAccount), 2);
}

#[tokio::test]
async fn role_bindings_create_filter_fetch_delete() {
    let ctx = Ctx::new().await;
    let p1 = ctx.project("p1").await;
    let p2 = ctx.project("p2").await;
    let sa = ctx
        .post("/admin/service-accounts", json!({"name": "rb"}))
        .await
        .body["service_account"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let create = |body: Value| ctx.post("/admin/role-bindings", body);
    let grant = |p: &str, role: &str| json!({"principal_type": "service_account", "principal_id": sa, "resource_type": "project", "resource_id": p, "role": role});
    let r = create(grant(&p1, "ProjectEditor")).await;
    let b = r.assert_status(200).clone();
    assert_uuid(&b["id"]);
    assert_eq!(b["principal_type"], "service_account");
    assert_eq!(b["principal_id"], json!(sa));
    assert_eq!(b["resource_type"], "project");
    assert_eq!(b["resource_id"], json!(p1));
    assert_eq!(b["role"], "ProjectEditor");
    assert_datetime(&b["created_at"]);
    create(grant(&p2, "ProjectViewer")).await.assert_status(200);
    let org = create(json!({"principal_type": "service_account", "principal_id": sa, "resource_type": "organization", "role": "OrgMember"})).await;
    assert_eq!(
        org.assert_status(200)["resource_id"],
        json!(ctx.emu.organization_id())
    );

    // Duplicate.
    create(grant(&p1, "ProjectEditor"))
        .await
        .assert_error(409, "ALREADY_EXISTS");

    // Filters, combined with AND.
    assert_eq!(
        bindings(
            &ctx,
            &format!("principal_type=service_account&principal_id={sa}")
        )
        .await
        .len(),
        3
    );
    assert_eq!(
        bindings(&ctx, &format!("resource_type=project&resource_id={p1}"))
            .await
            .len(),
        1
    );
    assert_eq!(bindings(&ctx, "resource_type=project").await.len(), 2);
    assert_eq!(
        bindings(
            &ctx,
            &format!("principal_type=service_account&principal_id={sa}&role=ProjectViewer")
        )
        .await
        .len(),
        1
    );
    assert_eq!(bindings(&ctx, "role=OrgOwner").await.len(), 2);
    assert!(bindings(&ctx, "principal_type=invite").await.is_empty());
    ctx.get(&format!("/admin/role-bindings?principal_id={sa}"))
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.get(&format!("/admin/role-bindings?resource_id={p1}"))
        .await
        .assert_error(400, "INVALID_ARGUMENT");

    // Validation and existence.
    let mut wrong_scope = grant(&p1, "OrgOwner");
    create(wrong_scope.clone())
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    wrong_scope["resource_type"] = json!("organization");
    wrong_scope["role"] = json!("ProjectEditor");
    create(wrong_scope)
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    let mut no_resource = grant(&p1, "ProjectEditor");
    no_resource.as_object_mut().unwrap().remove("resource_id");
    create(no_resource)
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    let mut bad_type = grant(&p1, "ProjectEditor");
    bad_type["principal_type"] = json!("robot");
    create(bad_type).await.assert_error(400, "INVALID_ARGUMENT");
    create(grant(MISSING, "ProjectEditor"))
        .await
        .assert_error(404, "NOT_FOUND");
    let mut ghost = grant(&p1, "ProjectEditor");
    ghost["principal_id"] = json!(MISSING);
    create(ghost).await.assert_error(404, "NOT_FOUND");
    create(json!({"principal_type": "user"}))
        .await
        .assert_error(400, "INVALID_ARGUMENT");

    // Fetch and delete.
    let id = b["id"].as_str().unwrap();
    assert_eq!(
        ctx.get(&format!("/admin/role-bindings/{id}"))
            .await
            .assert_status(200),
        &b
    );
    let del = ctx.delete(&format!("/admin/role-bindings/{id}")).await;
    assert_eq!(del.status, 202);
    assert!(del.text.is_empty());
    ctx.get(&format!("/admin/role-bindings/{id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.delete(&format!("/admin/role-bindings/{id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.get("/admin/role-bindings/abc")
        .await
        .assert_error(400, "INVALID_ARGUMENT");

    // Deleting a project removes the bindings scoped to it.
    ctx.delete(&format!("/admin/projects/{p2}"))
        .await
        .assert_status(202);
    assert!(
        bindings(&ctx, &format!("resource_type=project&resource_id={p2}"))
            .await
            .is_empty()
    );
    assert_eq!(ctx.emu.counters().creates(ResourceKind::RoleBinding), 3);
}

#[tokio::test]
async fn membership_bindings_of_users_and_invites_cannot_drop_to_zero() {
    let ctx = Ctx::with(Emulator::builder().user("m@example.com", None)).await;
    let member = ctx.emu.user_ids()[1].clone();
    let only = bindings(&ctx, &format!("principal_type=user&principal_id={member}")).await;
    assert_eq!(only.len(), 1);
    let id = only[0]["id"].as_str().unwrap().to_owned();
    ctx.delete(&format!("/admin/role-bindings/{id}"))
        .await
        .assert_error(409, "ABORTED");
    // With a second membership role, the first can go.
    ctx.post(
        "/admin/role-bindings",
        json!({"principal_type": "user", "principal_id": member, "resource_type": "organization", "role": "OrgBillingAdmin"}),
    )
    .await
    .assert_status(200);
    ctx.delete(&format!("/admin/role-bindings/{id}"))
        .await
        .assert_status(202);

    let inv = ctx
        .post(
            "/admin/invites",
            json!({"email": "i@example.com", "role_bindings": [org_binding("OrgMember")]}),
        )
        .await;
    let inv_id = inv.body["id"].as_str().unwrap().to_owned();
    let ib = bindings(
        &ctx,
        &format!("principal_type=invite&principal_id={inv_id}"),
    )
    .await;
    let ib_id = ib[0]["id"].as_str().unwrap();
    ctx.delete(&format!("/admin/role-bindings/{ib_id}"))
        .await
        .assert_error(409, "ABORTED");
}

#[tokio::test]
async fn api_key_principals_stay_in_sync_with_key_roles() {
    let ctx = Ctx::new().await;
    let pid = ctx.project("p").await;
    let other = ctx.project("o").await;
    let (kid, _) = ctx.api_key(&pid, &["ProjectViewer"]).await;
    let grant = |p: &str, role: &str| json!({"principal_type": "api_key", "principal_id": kid, "resource_type": "project", "resource_id": p, "role": role});
    let b = ctx
        .post("/admin/role-bindings", grant(&pid, "DataPlaneEditor"))
        .await;
    let bid = b.assert_status(200)["id"].as_str().unwrap().to_owned();
    let key = ctx.get(&format!("/admin/api-keys/{kid}")).await;
    assert_eq!(
        key.body["roles"],
        json!(["ProjectViewer", "DataPlaneEditor"])
    );
    ctx.post("/admin/role-bindings", grant(&other, "DataPlaneEditor"))
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.post("/admin/role-bindings", grant(&pid, "ProjectOwner"))
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.delete(&format!("/admin/role-bindings/{bid}"))
        .await
        .assert_status(202);
    let key = ctx.get(&format!("/admin/api-keys/{kid}")).await;
    assert_eq!(key.body["roles"], json!(["ProjectViewer"]));
    ctx.delete(&format!("/admin/api-keys/{kid}"))
        .await
        .assert_status(202);
    assert!(
        bindings(&ctx, &format!("principal_type=api_key&principal_id={kid}"))
            .await
            .is_empty()
    );
}
