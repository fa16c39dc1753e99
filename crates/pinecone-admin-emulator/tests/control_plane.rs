//! The control-plane subset: API-key auth and roles, indexes with deletion protection and a
//! `Terminating` period, collections, backups and assistants.

use crate::common;

use std::time::Duration;

use common::*;
use pinecone_admin_emulator::{Emulator, ResourceKind, SeedProject};
use reqwest::Method;
use serde_json::{json, Value};

fn dense(name: &str) -> Value {
    json!({"name": name, "schema": {"fields": {"embedding": {"type": "dense_vector", "dimension": 4, "metric": "cosine"}}}})
}

async fn setup(builder: pinecone_admin_emulator::EmulatorBuilder) -> (Ctx, String, String) {
    let ctx = Ctx::with(builder).await;
    let pid = ctx.project("cp").await;
    let (_, key) = ctx.api_key(&pid, &["ProjectEditor"]).await;
    (ctx, pid, key)
}

#[tokio::test]
async fn api_key_authentication() {
    let (ctx, _, _) = setup(Emulator::builder()).await;
    let no_key = Resp::read(ctx.http.get(ctx.url("/indexes")).send().await.unwrap()).await;
    assert_eq!(no_key.status, 401);
    assert!(
        no_key.content_type().starts_with("text/plain"),
        "{}",
        no_key.content_type()
    );
    let bad = ctx
        .control("pckey_nope_nope", Method::GET, "/collections", None)
        .await;
    assert_eq!(bad.status, 401);
    assert!(bad.content_type().starts_with("text/plain"));
    // A missing version header means the current version; an unknown one is refused.
    let (_, good) = ctx
        .api_key(&ctx.emu.project_ids()[0], &["ProjectEditor"])
        .await;
    let no_version = Resp::read(
        ctx.http
            .get(ctx.url("/indexes"))
            .header("Api-Key", &good)
            .send()
            .await
            .unwrap(),
    )
    .await;
    no_version.assert_status(200);
    let unknown = Resp::read(
        ctx.http
            .get(ctx.url("/indexes"))
            .header("Api-Key", &good)
            .header("X-Pinecone-Api-Version", "1999-01")
            .send()
            .await
            .unwrap(),
    )
    .await;
    unknown.assert_error(400, "INVALID_ARGUMENT");
    // A bearer token is no control-plane credential.
    let bearer = Resp::read(
        ctx.http
            .get(ctx.url("/backups"))
            .bearer_auth(&ctx.token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(bearer.status, 401);
    // The assistant API answers 401 in JSON.
    for prefix in ["/assistant/assistants", "/assistants"] {
        ctx.control("pckey_x_y", Method::GET, prefix, None)
            .await
            .assert_error(401, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn roles_decide_read_and_write_access() {
    let ctx = Ctx::new().await;
    let pid = ctx
        .emu
        .seed(SeedProject::new("roles").index("idx", false))
        .unwrap()
        .project_id;
    for (roles, read, write) in [
        (vec!["ProjectEditor"], 200, 201),
        (vec!["ControlPlaneEditor"], 200, 201),
        (vec!["ProjectViewer"], 200, 403),
        (vec!["ControlPlaneViewer", "DataPlaneEditor"], 200, 403),
        (vec!["DataPlaneEditor"], 403, 403),
        (vec!["DataPlaneViewer"], 403, 403),
    ] {
        let (_, key) = ctx.api_key(&pid, &roles).await;
        let r = ctx.control(&key, Method::GET, "/indexes", None).await;
        assert_eq!(r.status, read, "{roles:?} read: {}", r.text);
        let name = format!("w{}", roles.len() + roles[0].len());
        let w = ctx
            .control(&key, Method::POST, "/indexes", Some(dense(&name)))
            .await;
        assert_eq!(w.status, write, "{roles:?} write: {}", w.text);
        if write == 403 {
            w.assert_error(403, "PERMISSION_DENIED");
            let d = ctx
                .control(&key, Method::DELETE, "/indexes/idx", None)
                .await;
            assert_eq!(d.status, 403);
            let a = ctx
                .control(&key, Method::GET, "/assistant/assistants", None)
                .await;
            assert_eq!(a.status, read);
        } else {
            ctx.control(&key, Method::DELETE, &format!("/indexes/{name}"), None)
                .await
                .assert_status(202);
        }
    }
    // The key decides the project: another project's resources are invisible.
    let other = ctx.project("other").await;
    let (_, other_key) = ctx.api_key(&other, &["ProjectEditor"]).await;
    let r = ctx.control(&other_key, Method::GET, "/indexes", None).await;
    assert_eq!(r.assert_status(200)["indexes"], json!([]));
    ctx.control(&other_key, Method::GET, "/indexes/idx", None)
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn indexes_create_describe_list_configure_delete() {
    let (ctx, pid, key) = setup(Emulator::builder()).await;
    let created = ctx
        .control(&key, Method::POST, "/indexes", Some(dense("docs")))
        .await;
    let idx = created.assert_status(201).clone();
    assert_eq!(idx["name"], "docs");
    assert!(idx["host"].as_str().unwrap().starts_with("docs-"));
    assert_eq!(idx["status"], json!({"ready": true, "state": "Ready"}));
    assert_eq!(idx["deployment"]["deployment_type"], "managed");
    assert_eq!(idx["deployment"]["cloud"], "aws");
    assert_eq!(idx["deployment"]["region"], "us-east-1");
    assert!(idx["deployment"]["environment"].is_string());
    assert_eq!(
        idx["schema"]["fields"]["embedding"],
        json!({"type": "dense_vector", "dimension": 4, "metric": "cosine", "description": null})
    );
    assert_eq!(idx["deletion_protection"], "disabled");
    assert_eq!(idx["read_capacity"]["mode"], "OnDemand");
    assert_eq!(ctx.emu.counters().creates(ResourceKind::Index), 1);

    // Full-text and sparse fields, a chosen deployment, tags and protection.
    let rich = ctx
        .control(
            &key,
            Method::POST,
            "/indexes",
            Some(json!({
                "name": "search",
                "deployment": {"deployment_type": "managed", "cloud": "gcp", "region": "europe-west4"},
                "schema": {"fields": {
                    "body": {"type": "string", "full_text_search": {"stemming": true}},
                    "sparse": {"type": "sparse_vector", "description": "bm25"}
                }},
                "tags": {"team": "search"},
                "deletion_protection": "enabled"
            })),
        )
        .await;
    let r = rich.assert_status(201).clone();
    assert_eq!(
        r["schema"]["fields"]["body"]["full_text_search"],
        json!({"language": "en", "stemming": true, "stop_words": false})
    );
    assert_eq!(r["schema"]["fields"]["sparse"]["description"], "bm25");
    assert_eq!(r["deployment"]["cloud"], "gcp");
    assert_eq!(r["tags"], json!({"team": "search"}));
    assert_eq!(r["deletion_protection"], "enabled");

    // A generated name when none is given.
    let anon = ctx
        .control(
            &key,
            Method::POST,
            "/indexes",
            Some(json!({"schema": {"fields": {"v": {"type": "sparse_vector"}}}})),
        )
        .await;
    let anon_name = anon.assert_status(201)["name"].as_str().unwrap().to_owned();

    // Validation and conflicts.
    ctx.control(&key, Method::POST, "/indexes", Some(dense("docs")))
        .await
        .assert_error(409, "ALREADY_EXISTS");
    for body in [
        dense("Bad_Name"),
        dense("-edge"),
        dense(&"a".repeat(46)),
        json!({"name": "noschema"}),
        json!({"name": "empty", "schema": {"fields": {}}}),
        json!({"name": "meta", "schema": {"fields": {"f": {"type": "float"}}}}),
        json!({"name": "dim", "schema": {"fields": {"v": {"type": "dense_vector", "dimension": 0, "metric": "cosine"}}}}),
        json!({"name": "two", "schema": {"fields": {"a": {"type": "sparse_vector"}, "b": {"type": "sparse_vector"}}}}),
        json!({"name": "pod", "deployment": {"deployment_type": "pod", "environment": "us-east1-gcp", "pod_type": "p1.x1"}, "schema": {"fields": {"v": {"type": "sparse_vector"}}}}),
        json!({"name": "extra", "dimension": 3, "schema": {"fields": {"v": {"type": "sparse_vector"}}}}),
        json!({"name": "dp", "deletion_protection": "maybe", "schema": {"fields": {"v": {"type": "sparse_vector"}}}}),
    ] {
        let r = ctx
            .control(&key, Method::POST, "/indexes", Some(body.clone()))
            .await;
        assert_eq!(r.status, 400, "{body}: {}", r.text);
        r.assert_error(400, "INVALID_ARGUMENT");
    }

    let list = ctx.control(&key, Method::GET, "/indexes", None).await;
    let names: Vec<&str> = list.assert_status(200)["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 3);
    assert!(
        names.contains(&"docs") && names.contains(&"search") && names.contains(&anon_name.as_str())
    );
    assert_eq!(
        ctx.control(&key, Method::GET, "/indexes/docs", None)
            .await
            .assert_status(200),
        &idx
    );
    ctx.control(&key, Method::GET, "/indexes/nope", None)
        .await
        .assert_error(404, "NOT_FOUND");

    // Deletion protection: delete is forbidden until configure turns it off.
    let d = ctx
        .control(&key, Method::DELETE, "/indexes/search", None)
        .await;
    d.assert_error(403, "FORBIDDEN");
    let conf = ctx
        .control(
            &key,
            Method::PATCH,
            "/indexes/search",
            Some(json!({"deletion_protection": "disabled", "tags": {"team": "", "env": "prod"}})),
        )
        .await;
    let c = conf.assert_status(200);
    assert_eq!(c["deletion_protection"], "disabled");
    assert_eq!(c["tags"], json!({"env": "prod"}));
    ctx.control(
        &key,
        Method::PATCH,
        "/indexes/search",
        Some(json!({"unknown": 1})),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    ctx.control(
        &key,
        Method::PATCH,
        "/indexes/search",
        Some(json!({"deployment": {"replicas": 2}})),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    ctx.control(
        &key,
        Method::PATCH,
        "/indexes/nope",
        Some(json!({"deletion_protection": "enabled"})),
    )
    .await
    .assert_error(404, "NOT_FOUND");
    let dedicated = ctx
        .control(
            &key,
            Method::PATCH,
            "/indexes/docs",
            Some(json!({"read_capacity": {"mode": "Dedicated", "dedicated": {"node_type": "b1", "scaling": "Manual", "manual": {"replicas": 1, "shards": 2}}}})),
        )
        .await;
    assert_eq!(
        dedicated.assert_status(200)["read_capacity"]["status"]["current_shards"],
        2
    );

    let del = ctx
        .control(&key, Method::DELETE, "/indexes/search", None)
        .await;
    assert_eq!(del.status, 202);
    assert!(del.text.is_empty());
    ctx.control(&key, Method::GET, "/indexes/search", None)
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.control(&key, Method::DELETE, "/indexes/search", None)
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(ctx.emu.index_names(&pid).len(), 2);
}

#[tokio::test]
async fn deleted_indexes_and_assistants_stay_terminating_for_a_while() {
    let (ctx, pid, key) =
        setup(Emulator::builder().terminating_for(Duration::from_millis(300))).await;
    ctx.control(&key, Method::POST, "/indexes", Some(dense("slow")))
        .await
        .assert_status(201);
    ctx.control(
        &key,
        Method::POST,
        "/assistant/assistants",
        Some(json!({"name": "helper"})),
    )
    .await
    .assert_status(200);
    ctx.control(&key, Method::DELETE, "/indexes/slow", None)
        .await
        .assert_status(202);
    ctx.control(&key, Method::DELETE, "/assistant/assistants/helper", None)
        .await
        .assert_status(200);

    let d = ctx.control(&key, Method::GET, "/indexes/slow", None).await;
    assert_eq!(
        d.assert_status(200)["status"],
        json!({"ready": false, "state": "Terminating"})
    );
    let list = ctx.control(&key, Method::GET, "/indexes", None).await;
    assert_eq!(list.body["indexes"][0]["status"]["state"], "Terminating");
    let a = ctx
        .control(&key, Method::GET, "/assistant/assistants/helper", None)
        .await;
    assert_eq!(a.assert_status(200)["status"], "Terminating");
    // Deleting again while terminating is accepted; the name stays taken.
    ctx.control(&key, Method::DELETE, "/indexes/slow", None)
        .await
        .assert_status(202);
    ctx.control(&key, Method::POST, "/indexes", Some(dense("slow")))
        .await
        .assert_error(409, "ALREADY_EXISTS");
    // The project cannot be deleted while they exist.
    ctx.delete(&format!("/admin/projects/{pid}"))
        .await
        .assert_error(412, "FAILED_PRECONDITION");

    tokio::time::sleep(Duration::from_millis(400)).await;
    ctx.control(&key, Method::GET, "/indexes/slow", None)
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.control(&key, Method::GET, "/assistant/assistants/helper", None)
        .await
        .assert_error(404, "NOT_FOUND");
    assert!(ctx.emu.index_names(&pid).is_empty());
    assert!(ctx.emu.assistant_names(&pid).is_empty());
    ctx.delete(&format!("/admin/projects/{pid}"))
        .await
        .assert_status(202);
}

#[tokio::test]
async fn collections_are_seeded_listed_described_and_deleted() {
    let ctx = Ctx::new().await;
    let pid = ctx
        .emu
        .seed(SeedProject::new("c").collection("old").collection("older"))
        .unwrap()
        .project_id;
    let (_, key) = ctx.api_key(&pid, &["ControlPlaneEditor"]).await;
    let list = ctx.control(&key, Method::GET, "/collections", None).await;
    let cols = list.assert_status(200)["collections"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(cols.len(), 2);
    for c in &cols {
        assert!(c["name"].is_string() && c["status"].is_string() && c["environment"].is_string());
    }
    let d = ctx
        .control(&key, Method::GET, "/collections/old", None)
        .await;
    assert_eq!(d.assert_status(200)["name"], "old");
    let del = ctx
        .control(&key, Method::DELETE, "/collections/old", None)
        .await;
    assert_eq!(del.status, 202);
    assert!(del.text.is_empty());
    ctx.control(&key, Method::GET, "/collections/old", None)
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.control(&key, Method::DELETE, "/collections/old", None)
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(ctx.emu.collection_names(&pid), ["older"]);
    // Collections come from pod-based indexes, which 2026-07 cannot create.
    ctx.control(
        &key,
        Method::POST,
        "/collections",
        Some(json!({"name": "n", "source": "i"})),
    )
    .await
    .assert_error(404, "NOT_FOUND");
    ctx.emu.seed_index(&pid, "serverless", false).unwrap();
    ctx.control(
        &key,
        Method::POST,
        "/collections",
        Some(json!({"name": "n", "source": "serverless"})),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    ctx.control(
        &key,
        Method::POST,
        "/collections",
        Some(json!({"name": "older", "source": "serverless"})),
    )
    .await
    .assert_error(409, "ALREADY_EXISTS");
    ctx.control(
        &key,
        Method::POST,
        "/collections",
        Some(json!({"source": "serverless"})),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
}

#[tokio::test]
async fn backups_create_list_describe_delete() {
    let (ctx, pid, key) = setup(Emulator::builder()).await;
    ctx.control(&key, Method::POST, "/indexes", Some(dense("src")))
        .await
        .assert_status(201);
    let created = ctx
        .control(
            &key,
            Method::POST,
            "/indexes/src/backups",
            Some(json!({"name": "nightly", "description": "d"})),
        )
        .await;
    let b = created.assert_status(200).clone();
    assert_uuid(&b["backup_id"]);
    assert_eq!(b["source_index_name"], "src");
    assert!(b["source_index_id"].is_string());
    assert_eq!(b["status"], "Ready");
    assert_eq!(b["cloud"], "aws");
    assert_eq!(b["region"], "us-east-1");
    assert_eq!(b["name"], "nightly");
    assert_eq!(b["description"], "d");
    assert!(b["schema"]["fields"]["embedding"].is_object());
    assert_datetime(&b["created_at"]);
    // The body is required; an empty object is enough.
    let no_body = Resp::read(
        ctx.http
            .post(ctx.url("/indexes/src/backups"))
            .header("Api-Key", &key)
            .header("X-Pinecone-Api-Version", VERSION)
            .send()
            .await
            .unwrap(),
    )
    .await;
    no_body.assert_error(400, "INVALID_ARGUMENT");
    ctx.control(&key, Method::POST, "/indexes/src/backups", Some(json!({})))
        .await
        .assert_status(200);
    // create_backup documents no 404.
    ctx.control(&key, Method::POST, "/indexes/nope/backups", Some(json!({})))
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    ctx.control(
        &key,
        Method::POST,
        "/indexes/src/backups",
        Some(json!({"name": "Bad Name"})),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    assert_eq!(ctx.emu.counters().creates(ResourceKind::Backup), 2);

    let list = ctx.control(&key, Method::GET, "/backups", None).await;
    let l = list.assert_status(200);
    assert_eq!(l["data"].as_array().unwrap().len(), 2);
    assert!(l["pagination"].is_null());
    let page = ctx
        .control(&key, Method::GET, "/backups?limit=1", None)
        .await;
    let next = page.body["pagination"]["next"].as_str().unwrap().to_owned();
    let rest = ctx
        .control(
            &key,
            Method::GET,
            &format!("/backups?limit=1&paginationToken={next}"),
            None,
        )
        .await;
    assert_eq!(rest.assert_status(200)["data"].as_array().unwrap().len(), 1);
    ctx.control(&key, Method::GET, "/backups?paginationToken=zzz", None)
        .await
        .assert_error(400, "INVALID_ARGUMENT");
    let by_index = ctx
        .control(&key, Method::GET, "/indexes/src/backups", None)
        .await;
    assert_eq!(
        by_index.assert_status(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let id = b["backup_id"].as_str().unwrap();
    assert_eq!(
        ctx.control(&key, Method::GET, &format!("/backups/{id}"), None)
            .await
            .assert_status(200),
        &b
    );
    let del = ctx
        .control(&key, Method::DELETE, &format!("/backups/{id}"), None)
        .await;
    assert_eq!(del.status, 202);
    assert!(del.text.is_empty());
    ctx.control(&key, Method::GET, &format!("/backups/{id}"), None)
        .await
        .assert_error(404, "NOT_FOUND");
    ctx.control(&key, Method::DELETE, &format!("/backups/{id}"), None)
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(ctx.emu.backup_ids(&pid).len(), 1);

    // Backups outlive their index, which is then marked deleted.
    ctx.control(&key, Method::DELETE, "/indexes/src", None)
        .await
        .assert_status(202);
    let left = ctx.control(&key, Method::GET, "/backups", None).await;
    assert!(left.body["data"][0]["source_index_deleted_at"].is_string());
    // Per index: the active one only (404 when none), or every incarnation with
    // include_deleted (404 only for a name never used).
    ctx.control(&key, Method::GET, "/indexes/src/backups", None)
        .await
        .assert_error(404, "NOT_FOUND");
    let all = ctx
        .control(
            &key,
            Method::GET,
            "/indexes/src/backups?include_deleted=true",
            None,
        )
        .await;
    assert_eq!(all.assert_status(200)["data"].as_array().unwrap().len(), 1);
    ctx.control(&key, Method::POST, "/indexes", Some(dense("src")))
        .await
        .assert_status(201);
    let fresh = ctx
        .control(&key, Method::GET, "/indexes/src/backups", None)
        .await;
    assert_eq!(fresh.assert_status(200)["data"], json!([]));
    ctx.control(
        &key,
        Method::GET,
        "/indexes/never/backups?include_deleted=true",
        None,
    )
    .await
    .assert_error(404, "NOT_FOUND");
    ctx.control(
        &key,
        Method::GET,
        "/indexes/src/backups?include_deleted=maybe",
        None,
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    ctx.delete(&format!("/admin/projects/{pid}"))
        .await
        .assert_error(412, "FAILED_PRECONDITION");
}

#[tokio::test]
async fn assistants_under_both_prefixes() {
    let (ctx, pid, key) = setup(Emulator::builder()).await;
    let created = ctx
        .control(&key, Method::POST, "/assistant/assistants", Some(json!({"name": "helper", "instructions": "be brief", "metadata": {"team": "x"}, "region": "eu"})))
        .await;
    let a = created.assert_status(200).clone();
    assert_eq!(a["name"], "helper");
    assert_eq!(a["status"], "Ready");
    assert_eq!(a["instructions"], "be brief");
    assert_eq!(a["metadata"], json!({"team": "x"}));
    assert_eq!(a["region"], "eu");
    assert!(a["host"].is_string());
    assert_datetime(&a["created_at"]);
    ctx.control(
        &key,
        Method::POST,
        "/assistants",
        Some(json!({"name": "second"})),
    )
    .await
    .assert_status(200);
    assert_eq!(ctx.emu.counters().creates(ResourceKind::Assistant), 2);

    for prefix in ["/assistant/assistants", "/assistants"] {
        let list = ctx.control(&key, Method::GET, prefix, None).await;
        let l = list.assert_status(200);
        assert_eq!(l["assistants"].as_array().unwrap().len(), 2);
        assert!(l.get("pagination").is_none());
        let g = ctx
            .control(&key, Method::GET, &format!("{prefix}/helper"), None)
            .await;
        assert_eq!(g.assert_status(200), &a);
    }
    let page = ctx
        .control(&key, Method::GET, "/assistants?limit=1", None)
        .await;
    assert!(page.body["pagination"]["next"].is_string());

    ctx.control(
        &key,
        Method::POST,
        "/assistants",
        Some(json!({"name": "helper"})),
    )
    .await
    .assert_error(400, "ALREADY_EXISTS");
    ctx.control(
        &key,
        Method::POST,
        "/assistants",
        Some(json!({"name": "No Spaces"})),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    ctx.control(
        &key,
        Method::POST,
        "/assistants",
        Some(json!({"name": "r", "region": "mars"})),
    )
    .await
    .assert_error(400, "INVALID_ARGUMENT");
    ctx.control(&key, Method::POST, "/assistants", Some(json!({})))
        .await
        .assert_error(400, "INVALID_ARGUMENT");

    let del = ctx
        .control(&key, Method::DELETE, "/assistants/helper", None)
        .await;
    assert_eq!(del.status, 200);
    assert!(del.text.is_empty());
    let gone = ctx
        .control(&key, Method::GET, "/assistant/assistants/helper", None)
        .await;
    gone.assert_error(404, "NOT_FOUND");
    ctx.control(&key, Method::DELETE, "/assistant/assistants/helper", None)
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(ctx.emu.assistant_names(&pid), ["second"]);
    // Counters count each prefix under its own template.
    let c = ctx.emu.counters();
    assert_eq!(c.requests("GET /assistants/{assistant_name}"), 1);
    assert_eq!(c.requests("GET /assistant/assistants/{assistant_name}"), 2);
}

#[tokio::test]
async fn seeding_helpers_and_their_errors() {
    let ctx = Ctx::new().await;
    let pid = ctx.emu.seed_project("seeded");
    ctx.emu.seed_index(&pid, "a", true).unwrap();
    ctx.emu.seed_collection(&pid, "c").unwrap();
    let backup = ctx.emu.seed_backup(&pid, "a").unwrap();
    ctx.emu.seed_assistant(&pid, "h").unwrap();
    assert_eq!(ctx.emu.index_names(&pid), ["a"]);
    assert_eq!(ctx.emu.collection_names(&pid), ["c"]);
    assert_eq!(ctx.emu.backup_ids(&pid), [backup]);
    assert_eq!(ctx.emu.assistant_names(&pid), ["h"]);
    assert_eq!(
        ctx.emu.counters().creates(ResourceKind::Index),
        0,
        "seeds are not creates"
    );
    let key = ctx.emu.seed_api_key(&pid, &["ProjectViewer"]).unwrap();
    assert!(
        !format!("{key:?}").contains(&key.value),
        "Debug redacts the value"
    );
    let idx = ctx
        .control(&key.value, Method::GET, "/indexes/a", None)
        .await;
    assert_eq!(idx.assert_status(200)["deletion_protection"], "enabled");

    assert_eq!(
        ctx.emu.seed_index(&pid, "a", false).unwrap_err().status(),
        409
    );
    assert_eq!(
        ctx.emu.seed_index(&pid, "Bad", false).unwrap_err().status(),
        400
    );
    assert_eq!(
        ctx.emu.seed_backup(&pid, "missing").unwrap_err().status(),
        400
    );
    assert_eq!(
        ctx.emu.seed_assistant("nope", "x").unwrap_err().status(),
        404
    );
    assert!(ctx.emu.index_names("nope").is_empty());
    assert!(ctx.emu.api_key_ids("nope").is_empty());
}
