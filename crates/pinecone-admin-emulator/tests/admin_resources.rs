//! Organizations, projects and API keys: every operation's success shape and code, and the
//! rules (validation, quota, 404s, 412s).

use crate::common;

use common::*;
use pinecone_admin_emulator::{Emulator, ResourceKind, SeedProject};
use serde_json::{json, Value};

const MISSING: &str = "00000000-0000-4000-8000-000000000000";

#[tokio::test]
async fn organizations_list_fetch_update_and_delete() {
    let ctx = Ctx::with(Emulator::builder().organization_name("Acme")).await;
    let org_id = ctx.emu.organization_id().to_owned();
    let list = ctx.get("/admin/organizations").await;
    let data = list.assert_status(200)["data"].as_array().unwrap().clone();
    assert_eq!(data.len(), 1);
    let org = &data[0];
    assert_eq!(org["id"], json!(org_id));
    assert!(
        uuid::Uuid::parse_str(&org_id).is_err(),
        "organization ids are not UUIDs"
    );
    assert_eq!(org["name"], "Acme");
    for k in ["plan", "payment_status", "support_tier"] {
        assert!(org[k].is_string(), "{k}");
    }
    assert_datetime(&org["created_at"]);

    let fetched = ctx.get(&format!("/admin/organizations/{org_id}")).await;
    assert_eq!(fetched.assert_status(200), org);
    ctx.get("/admin/organizations/-nope")
        .await
        .assert_error(404, "NOT_FOUND");

    let updated = ctx
        .patch(
            &format!("/admin/organizations/{org_id}"),
            json!({"name": "Acme 2"}),
        )
        .await;
    assert_eq!(updated.assert_status(200)["name"], "Acme 2");
    ctx.patch(
        &format!("/admin/organizations/{org_id}"),
        json!({"name": ""}),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    ctx.patch(
        &format!("/admin/organizations/{org_id}"),
        json!({"name": "x".repeat(513)}),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");

    // An organization with projects cannot be deleted.
    let p = ctx.project("blocker").await;
    ctx.delete(&format!("/admin/organizations/{org_id}"))
        .await
        .assert_error(412, "FAILED_PRECONDITION");
    ctx.delete(&format!("/admin/projects/{p}"))
        .await
        .assert_status(202);
    let deleted = ctx.delete(&format!("/admin/organizations/{org_id}")).await;
    assert_eq!(deleted.status, 202);
    assert!(deleted.text.is_empty());
    ctx.get(&format!("/admin/organizations/{org_id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(
        ctx.get("/admin/organizations").await.body["data"],
        json!([])
    );
    ctx.post("/admin/projects", json!({"name": "late"}))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn projects_create_fetch_list_update_delete() {
    let ctx = Ctx::new().await;
    assert_eq!(
        ctx.get("/admin/projects").await.assert_status(200)["data"],
        json!([])
    );

    let minimal = ctx.post("/admin/projects", json!({"name": "alpha"})).await;
    let p = minimal.assert_status(200).clone();
    assert_uuid(&p["id"]);
    assert_eq!(p["name"], "alpha");
    assert_eq!(p["max_pods"], 0);
    assert_eq!(p["force_encryption_with_cmek"], false);
    assert_eq!(p["organization_id"], json!(ctx.emu.organization_id()));
    assert_datetime(&p["created_at"]);

    let full = ctx
        .post(
            "/admin/projects",
            json!({"name": "alpha", "max_pods": 5, "force_encryption_with_cmek": true}),
        )
        .await;
    let q = full.assert_status(200).clone();
    assert_eq!(q["max_pods"], 5);
    assert_eq!(q["force_encryption_with_cmek"], true);
    assert_ne!(p["id"], q["id"], "duplicate names are allowed, ids differ");

    let list = ctx.get("/admin/projects").await;
    let ids: Vec<&Value> = list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| &x["id"])
        .collect();
    assert_eq!(ids, vec![&p["id"], &q["id"]]);

    let id = p["id"].as_str().unwrap();
    assert_eq!(
        ctx.get(&format!("/admin/projects/{id}"))
            .await
            .assert_status(200),
        &p
    );

    // Partial update: omitted fields keep their value.
    let upd = ctx
        .patch(&format!("/admin/projects/{id}"), json!({"max_pods": 0}))
        .await;
    assert_eq!(upd.assert_status(200)["name"], "alpha");
    let upd = ctx
        .patch(&format!("/admin/projects/{id}"), json!({"name": "beta"}))
        .await;
    assert_eq!(upd.assert_status(200)["name"], "beta");
    assert_eq!(upd.body["max_pods"], 0);
    // CMEK cannot be turned off once on.
    let qid = q["id"].as_str().unwrap();
    ctx.patch(
        &format!("/admin/projects/{qid}"),
        json!({"force_encryption_with_cmek": false}),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");

    let del = ctx.delete(&format!("/admin/projects/{id}")).await;
    assert_eq!(del.status, 202);
    assert!(del.text.is_empty(), "202 has no body");
    ctx.get(&format!("/admin/projects/{id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.delete(&format!("/admin/projects/{id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(ctx.emu.counters().creates(ResourceKind::Project), 2);
}

#[tokio::test]
async fn project_validation() {
    let ctx = Ctx::new().await;
    for body in [
        json!({}),
        json!({"name": ""}),
        json!({"name": "x".repeat(513)}),
        json!({"name": 7}),
        json!({"name": null}),
        json!({"name": "ok", "max_pods": -1}),
        json!({"name": "ok", "max_pods": "5"}),
        json!({"name": "ok", "max_pods": null}),
        json!({"name": "ok", "force_encryption_with_cmek": "yes"}),
        json!([1, 2]),
    ] {
        ctx.post("/admin/projects", body.clone())
            .await
            .assert_error(400, "INVALID_ARGUMENT");
    }
    // 512 characters (not bytes) is fine.
    ctx.post("/admin/projects", json!({"name": "é".repeat(512)}))
        .await
        .assert_status(200);
    ctx.get("/admin/projects/not-a-uuid")
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.get(&format!("/admin/projects/{MISSING}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.patch(&format!("/admin/projects/{MISSING}"), json!({"name": "x"}))
        .await
        .assert_error(404, "NOT_FOUND");
    let p = ctx.project("v").await;
    ctx.patch(&format!("/admin/projects/{p}"), json!({"name": ""}))
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.patch(&format!("/admin/projects/{p}"), json!({"max_pods": -3}))
        .await
        .assert_error(400, "INVALID_ARGUMENT");
}

#[tokio::test]
async fn project_quota() {
    let ctx = Ctx::with(Emulator::builder().project_quota(1)).await;
    ctx.project("one").await;
    ctx.post("/admin/projects", json!({"name": "two"}))
        .await
        .assert_error(403, "QUOTA_EXCEEDED");
}

#[tokio::test]
async fn deleting_a_project_with_resources_is_a_precondition_failure() {
    let ctx = Ctx::new().await;
    for (i, seed) in [
        SeedProject::new("i").index("idx", false),
        SeedProject::new("c").collection("col"),
        SeedProject::new("b").index("idx", false).backup("idx"),
        SeedProject::new("a").assistant("helper"),
    ]
    .into_iter()
    .enumerate()
    {
        let seeded = ctx.emu.seed(seed).unwrap();
        let pid = seeded.project_id;
        let r = ctx.delete(&format!("/admin/projects/{pid}")).await;
        r.assert_error(412, "FAILED_PRECONDITION");
        assert!(
            r.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("still has"),
            "case {i}"
        );
    }
    // Once emptied through the control plane, the project can go, taking its keys with it.
    let pid = ctx
        .emu
        .seed(SeedProject::new("x").index("idx", false))
        .unwrap()
        .project_id;
    let (key_id, key) = ctx.api_key(&pid, &["ProjectEditor"]).await;
    ctx.control(&key, reqwest::Method::DELETE, "/indexes/idx", None)
        .await
        .assert_status(202);
    ctx.delete(&format!("/admin/projects/{pid}"))
        .await
        .assert_status(202);
    ctx.get(&format!("/admin/api-keys/{key_id}"))
        .await
        .assert_error(404, "NOT_FOUND");
    let r = ctx
        .control(&key, reqwest::Method::GET, "/indexes", None)
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn api_keys_create_list_fetch_update_delete() {
    let ctx = Ctx::new().await;
    let pid = ctx.project("keys").await;
    let path = format!("/admin/projects/{pid}/api-keys");
    assert_eq!(ctx.get(&path).await.assert_status(200)["data"], json!([]));

    let default_roles = ctx.post(&path, json!({"name": "ci"})).await;
    let k = default_roles.assert_status(201).clone();
    assert_uuid(&k["key"]["id"]);
    assert_eq!(k["key"]["name"], "ci");
    assert_eq!(k["key"]["project_id"], json!(pid));
    assert_eq!(k["key"]["roles"], json!(["ProjectEditor"]));
    let value = k["value"].as_str().unwrap();
    let parts: Vec<&str> = value.splitn(3, '_').collect();
    assert_eq!(parts[0], "pckey");
    assert!(!parts[1].is_empty() && parts[2].len() >= 32, "{value}");

    let with_roles = ctx
        .post(
            &path,
            json!({"name": "viewer", "roles": ["ControlPlaneViewer", "DataPlaneViewer"]}),
        )
        .await;
    let v = with_roles.assert_status(201).clone();
    assert_eq!(
        v["key"]["roles"],
        json!(["ControlPlaneViewer", "DataPlaneViewer"])
    );

    let list = ctx.get(&path).await;
    let keys = list.assert_status(200)["data"].as_array().unwrap().clone();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], k["key"]);
    assert!(
        !list.text.contains(value),
        "values are only shown at creation"
    );

    let kid = k["key"]["id"].as_str().unwrap();
    let fetched = ctx.get(&format!("/admin/api-keys/{kid}")).await;
    assert_eq!(fetched.assert_status(200), &k["key"]);
    assert!(fetched.body.get("value").is_none());

    // Update replaces the whole role set; omitted fields are unchanged.
    let upd = ctx
        .patch(
            &format!("/admin/api-keys/{kid}"),
            json!({"roles": ["ProjectViewer"]}),
        )
        .await;
    assert_eq!(upd.assert_status(200)["roles"], json!(["ProjectViewer"]));
    assert_eq!(upd.body["name"], "ci");
    let upd = ctx
        .patch(
            &format!("/admin/api-keys/{kid}"),
            json!({"name": "renamed"}),
        )
        .await;
    assert_eq!(upd.assert_status(200)["roles"], json!(["ProjectViewer"]));
    assert_eq!(upd.body["name"], "renamed");
    // The key's roles are visible as role bindings too.
    let rb = ctx
        .get(&format!(
            "/admin/role-bindings?principal_type=api_key&principal_id={kid}"
        ))
        .await;
    let roles: Vec<&Value> = rb.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| &b["role"])
        .collect();
    assert_eq!(roles, vec![&json!("ProjectViewer")]);

    let del = ctx.delete(&format!("/admin/api-keys/{kid}")).await;
    assert_eq!(del.status, 202);
    assert!(del.text.is_empty());
    ctx.get(&format!("/admin/api-keys/{kid}"))
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(
        ctx.get(&path).await.body["data"].as_array().unwrap().len(),
        1
    );
    assert_eq!(ctx.emu.api_key_ids(&pid).len(), 1);
    assert_eq!(ctx.emu.counters().creates(ResourceKind::ApiKey), 2);
}

#[tokio::test]
async fn api_key_validation_and_quota() {
    let ctx = Ctx::with(Emulator::builder().api_key_quota(2)).await;
    let pid = ctx.project("q").await;
    let path = format!("/admin/projects/{pid}/api-keys");
    for body in [
        json!({}),
        json!({"name": ""}),
        json!({"name": "x".repeat(81)}),
        json!({"name": "ok", "roles": ["Admin"]}),
        json!({"name": "ok", "roles": "ProjectEditor"}),
        json!({"name": "ok", "roles": ["OrgOwner"]}),
    ] {
        ctx.post(&path, body)
            .await
            .assert_error(400, "INVALID_ARGUMENT");
    }
    ctx.post(&path, json!({"name": "x".repeat(80)}))
        .await
        .assert_status(201);
    ctx.post(
        &format!("/admin/projects/{MISSING}/api-keys"),
        json!({"name": "k"}),
    )
    .await
    .assert_error(404, "NOT_FOUND");
    ctx.get(&format!("/admin/projects/{MISSING}/api-keys"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.get("/admin/api-keys/zzz")
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.get(&format!("/admin/api-keys/{MISSING}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.delete(&format!("/admin/api-keys/{MISSING}"))
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.patch(&format!("/admin/api-keys/{MISSING}"), json!({"name": "n"}))
        .await
        .assert_error(404, "NOT_FOUND");

    // Quota: two keys per project here; the third is refused, other projects unaffected.
    ctx.post(&path, json!({"name": "second"}))
        .await
        .assert_status(201);
    let r = ctx.post(&path, json!({"name": "third"})).await;
    r.assert_error(403, "QUOTA_EXCEEDED");
    let other = ctx.project("other").await;
    ctx.post(
        &format!("/admin/projects/{other}/api-keys"),
        json!({"name": "k"}),
    )
    .await
    .assert_status(201);
    let kid = ctx.emu.api_key_ids(&pid)[0].clone();
    ctx.patch(&format!("/admin/api-keys/{kid}"), json!({"name": ""}))
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.patch(
        &format!("/admin/api-keys/{kid}"),
        json!({"roles": ["Nope"]}),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    // Deleting one frees a slot.
    ctx.delete(&format!("/admin/api-keys/{kid}"))
        .await
        .assert_status(202);
    ctx.post(&path, json!({"name": "again"}))
        .await
        .assert_status(201);
}
