//! `projects().delete_with_cleanup` against the emulator over real HTTP: every path, and no
//! temporary key left behind after any run.

use crate::common_workflows;

use std::time::Duration;

use common_workflows::*;
use pinecone_admin::{CleanupEvent, CleanupStage, Error, ResourceKind};
use pinecone_admin_emulator::{FaultAction, FaultRule, SeedProject};
use tracing::instrument::WithSubscriber;

fn is_deleted(kind: ResourceKind) -> impl Fn(&CleanupEvent) -> bool {
    move |e| matches!(e, CleanupEvent::Deleted { kind: k, .. } if *k == kind)
}

#[tokio::test]
async fn empty_project() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("empty");
    let before = all_key_ids(&emu);
    let events = Events::new();

    let report = admin
        .projects()
        .delete_with_cleanup(&project, events.attach(fast_cleanup()))
        .await
        .expect("cleanup");

    assert!(report.project_deleted);
    assert!(!report.dry_run);
    assert_eq!(report.total(), 0);
    assert_eq!(report.attempts, 1);
    assert!(report.temporary_key_deleted);
    assert!(report.temporary_key_id.is_some());
    assert!(!emu.project_ids().contains(&project));
    let c = emu.counters();
    assert_eq!(c.requests("POST /admin/projects/{project_id}/api-keys"), 1);
    assert_eq!(c.requests("DELETE /admin/api-keys/{api_key_id}"), 1);
    assert_eq!(c.requests("DELETE /admin/projects/{project_id}"), 1);
    // Order: key, pass, project deleted, key deleted (last: the key stays in hand while the
    // project delete may still need another pass).
    let all = events.all();
    assert!(
        matches!(all[0], CleanupEvent::TemporaryKeyCreated { .. }),
        "{all:?}"
    );
    assert!(matches!(
        all[1],
        CleanupEvent::AttemptStarted {
            attempt: 1,
            max_attempts: 3
        }
    ));
    assert!(matches!(
        all[2],
        CleanupEvent::Found {
            indexes: 0,
            collections: 0,
            assistants: 0,
            backups: 0
        }
    ));
    assert!(matches!(all[3], CleanupEvent::ProjectDeleted { .. }));
    assert!(matches!(all[4], CleanupEvent::TemporaryKeyDeleted { .. }));
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn every_resource_kind() {
    let emu = emulator_with(|b| b.terminating_for(Duration::from_millis(300))).await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("full")
                .index("alpha", false)
                .index("beta", false)
                .index("gamma", false)
                .collection("old-1")
                .collection("old-2")
                .backup("alpha")
                .backup("beta")
                .assistant("helper")
                .assistant("writer"),
        )
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);
    let events = Events::new();

    let report = admin
        .projects()
        .delete_with_cleanup(&project, events.attach(fast_cleanup()))
        .await
        .expect("cleanup");

    assert_eq!(report.indexes, ["alpha", "beta", "gamma"]);
    assert_eq!(report.collections, ["old-1", "old-2"]);
    assert_eq!(report.assistants, ["helper", "writer"]);
    let mut backups = seeded.backup_ids.clone();
    backups.sort();
    assert_eq!(report.backups, backups);
    assert!(report.project_deleted);
    assert!(!emu.project_ids().contains(&project));
    // Everything was gone when the pass ended: no second pass, no 412 on the project delete.
    assert_eq!(report.attempts, 1);
    assert_eq!(
        events.count(|e| matches!(e, CleanupEvent::ProjectDeleteRetry { .. })),
        0
    );

    let c = emu.counters();
    assert_eq!(c.requests("DELETE /indexes/{index_name}"), 3);
    assert_eq!(c.requests("DELETE /collections/{collection_name}"), 2);
    assert_eq!(c.requests("DELETE /backups/{backup_id}"), 2);
    assert_eq!(
        c.requests("DELETE /assistant/assistants/{assistant_name}"),
        2
    );
    // Each deleted index and assistant was looked up at least once before the project delete.
    assert!(c.requests("GET /indexes/{index_name}") >= 3, "{c:?}");
    assert!(c.requests("GET /assistant/assistants/{assistant_name}") >= 2);

    assert_eq!(events.count(is_deleted(ResourceKind::Index)), 3);
    assert_eq!(events.count(is_deleted(ResourceKind::Collection)), 2);
    assert_eq!(events.count(is_deleted(ResourceKind::Assistant)), 2);
    assert_eq!(events.count(is_deleted(ResourceKind::Backup)), 2);
    assert_eq!(
        events.count(|e| matches!(
            e,
            CleanupEvent::Found {
                indexes: 3,
                collections: 2,
                assistants: 2,
                backups: 2
            }
        )),
        1
    );
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_project_holding_only_an_assistant() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("assistant-only").assistant("solo"))
        .unwrap();
    let before = all_key_ids(&emu);

    let report = admin
        .projects()
        .delete_with_cleanup(&seeded.project_id, fast_cleanup())
        .await
        .expect("cleanup");
    assert_eq!(report.assistants, ["solo"]);
    assert!(report.project_deleted);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn many_resources_across_pages() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let mut seed = SeedProject::new("big").index("src", false);
    for i in 0..105 {
        seed = seed.assistant(format!("assistant-{i:03}"));
    }
    for _ in 0..120 {
        seed = seed.backup("src");
    }
    let seeded = emu.seed(seed).unwrap();
    let before = all_key_ids(&emu);

    let report = admin
        .projects()
        .delete_with_cleanup(&seeded.project_id, fast_cleanup().concurrency(16))
        .await
        .expect("cleanup");
    assert_eq!(report.assistants.len(), 105);
    assert_eq!(report.backups.len(), 120);
    assert_eq!(report.indexes, ["src"]);
    assert!(report.project_deleted);
    // Backups and assistants are listed 100 per page: two pages each, twice (the pass and
    // the check after it).
    let c = emu.counters();
    assert_eq!(c.requests("GET /backups"), 2 + 1);
    assert_eq!(c.requests("GET /assistant/assistants"), 2 + 1);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn protected_indexes_are_refused_before_anything_is_deleted() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("guarded")
                .index("prod", true)
                .index("archive", true)
                .index("scratch", false)
                .collection("old")
                .assistant("helper"),
        )
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);

    let err = admin
        .projects()
        .delete_with_cleanup(&project, fast_cleanup())
        .await
        .expect_err("refused");

    assert_eq!(err.stage(), CleanupStage::DeletionProtection);
    assert_eq!(err.report().blocked_by_protection, ["archive", "prod"]);
    assert!(err.report().nothing_deleted());
    assert_eq!(err.report().attempts, 1, "not retried");
    let text = err.to_string();
    assert!(text.contains("archive, prod"), "{text}");
    assert!(text.contains("nothing was deleted"), "{text}");
    assert!(text.contains("disable_deletion_protection"), "{text}");
    // Nothing was touched.
    assert_eq!(emu.index_names(&project), ["archive", "prod", "scratch"]);
    assert_eq!(emu.collection_names(&project), ["old"]);
    assert_eq!(emu.assistant_names(&project), ["helper"]);
    let c = emu.counters();
    assert_eq!(c.requests("DELETE /indexes/{index_name}"), 0);
    assert_eq!(c.requests("DELETE /collections/{collection_name}"), 0);
    assert_eq!(c.requests("DELETE /admin/projects/{project_id}"), 0);
    assert!(emu.project_ids().contains(&project));
    assert_eq!(err.leftover_temporary_key(), None);
    // The cleanup error keeps its context; the helpers answer for the 412 underneath.
    assert_eq!(err.stage(), CleanupStage::DeletionProtection);
    assert_eq!(err.stage().to_string(), "deletion_protection");
    assert!(matches!(err.error(), Error::FailedPrecondition(_)));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(412));
    assert!(!text.contains('\n'), "{text}");
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn protected_indexes_are_deleted_when_asked() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("guarded")
                .index("prod", true)
                .index("scratch", false),
        )
        .unwrap();
    let before = all_key_ids(&emu);
    let events = Events::new();

    let report = admin
        .projects()
        .delete_with_cleanup(
            &seeded.project_id,
            events.attach(fast_cleanup().disable_deletion_protection(true)),
        )
        .await
        .expect("cleanup");

    assert_eq!(report.indexes, ["prod", "scratch"]);
    assert_eq!(report.protection_disabled, ["prod"]);
    assert!(report.blocked_by_protection.is_empty());
    assert!(report.project_deleted);
    assert_eq!(emu.counters().requests("PATCH /indexes/{index_name}"), 1);
    assert_eq!(
        events.count(
            |e| matches!(e, CleanupEvent::DeletionProtectionDisabled { index } if index == "prod")
        ),
        1
    );
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn dry_run_lists_and_deletes_nothing() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("look")
                .index("prod", true)
                .index("scratch", false)
                .collection("old")
                .backup("scratch")
                .assistant("helper"),
        )
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);

    let report = admin
        .projects()
        .delete_with_cleanup(&project, fast_cleanup().dry_run(true))
        .await
        .expect("dry run");

    assert!(report.dry_run);
    assert!(!report.project_deleted);
    assert!(report.nothing_deleted());
    assert_eq!(report.indexes, ["prod", "scratch"]);
    assert_eq!(report.collections, ["old"]);
    assert_eq!(report.assistants, ["helper"]);
    assert_eq!(report.backups, seeded.backup_ids);
    assert_eq!(report.blocked_by_protection, ["prod"]);
    assert!(report.protection_disabled.is_empty());
    assert!(report.temporary_key_deleted);
    let text = report.to_string();
    assert!(
        text.contains("Dry run") && text.contains("nothing was deleted"),
        "{text}"
    );
    assert!(text.contains("blocked by deletion protection"), "{text}");

    let c = emu.counters();
    for route in [
        "DELETE /indexes/{index_name}",
        "PATCH /indexes/{index_name}",
        "DELETE /collections/{collection_name}",
        "DELETE /backups/{backup_id}",
        "DELETE /assistant/assistants/{assistant_name}",
        "DELETE /admin/projects/{project_id}",
    ] {
        assert_eq!(c.requests(route), 0, "{route}");
    }
    assert_eq!(c.requests("POST /admin/projects/{project_id}/api-keys"), 1);
    assert_eq!(c.requests("DELETE /admin/api-keys/{api_key_id}"), 1);
    assert_eq!(emu.index_names(&project), ["prod", "scratch"]);

    // With the option, the protected index is listed as one to unprotect instead.
    let report = admin
        .projects()
        .delete_with_cleanup(
            &project,
            fast_cleanup()
                .dry_run(true)
                .disable_deletion_protection(true),
        )
        .await
        .expect("dry run");
    assert_eq!(report.protection_disabled, ["prod"]);
    assert!(report.blocked_by_protection.is_empty());
    assert!(emu.project_ids().contains(&project));
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_dry_run_whose_key_cannot_be_deleted_says_so() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("peek").index("alpha", false))
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);
    emu.inject(
        FaultRule::new("DELETE", "/admin/api-keys/{api_key_id}").action(FaultAction::status(503)),
    );
    let err = admin
        .projects()
        .delete_with_cleanup(&project, fast_cleanup().dry_run(true))
        .await
        .expect_err("the key is left");
    assert_eq!(err.stage(), CleanupStage::DeleteTemporaryKey);
    assert!(matches!(err.error(), Error::Server(_)));
    assert_eq!(err.report().indexes, ["alpha"], "the listing is kept");
    let leftover = err.leftover_temporary_key().unwrap();
    assert!(leftover.is_known_to_exist());
    assert!(leftover.name().starts_with(TEMP_KEY_PREFIX));
    let key_id = leftover.id().unwrap().to_owned();
    assert!(err.to_string().contains(&key_id), "{err}");
    emu.clear_faults();
    admin.api_keys().delete(&key_id).await.unwrap();
    assert_eq!(emu.index_names(&project), ["alpha"]);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_failed_pass_is_retried() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("flaky")
                .index("alpha", false)
                .index("beta", false)
                .collection("old"),
        )
        .unwrap();
    let before = all_key_ids(&emu);
    // 412 (a collection is being made from the index) is not retried by the HTTP layer: the
    // pass fails, the next one succeeds.
    emu.inject(
        FaultRule::new("DELETE", "/indexes/{index_name}")
            .times(1)
            .action(FaultAction::status(412)),
    );
    let events = Events::new();

    let report = admin
        .projects()
        .delete_with_cleanup(&seeded.project_id, events.attach(fast_cleanup()))
        .await
        .expect("cleanup");

    assert_eq!(report.attempts, 2);
    assert_eq!(report.indexes, ["alpha", "beta"]);
    assert_eq!(report.collections, ["old"]);
    assert!(report.project_deleted);
    let failed: Vec<_> = events
        .all()
        .into_iter()
        .filter(|e| matches!(e, CleanupEvent::AttemptFailed { .. }))
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(matches!(
        &failed[0],
        CleanupEvent::AttemptFailed { attempt: 1, retry_in: Some(d), .. } if *d == Duration::from_millis(10)
    ));
    assert_eq!(emu.counters().requests("DELETE /indexes/{index_name}"), 3);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn transient_server_errors_are_absorbed_by_the_http_retries() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("blip")
                .index("alpha", false)
                .collection("old"),
        )
        .unwrap();
    let before = all_key_ids(&emu);
    emu.inject(
        FaultRule::new("DELETE", "/collections/{collection_name}")
            .times(2)
            .action(FaultAction::status(503)),
    );
    let report = admin
        .projects()
        .delete_with_cleanup(&seeded.project_id, fast_cleanup())
        .await
        .expect("cleanup");
    assert_eq!(report.attempts, 1);
    assert_eq!(report.collections, ["old"]);
    assert_eq!(
        emu.counters()
            .requests("DELETE /collections/{collection_name}"),
        3
    );
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn failures_on_every_pass_keep_the_original_error_and_remove_the_key() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("stuck")
                .index("alpha", false)
                .collection("old"),
        )
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);
    emu.inject(
        FaultRule::new("DELETE", "/collections/{collection_name}").action(FaultAction::Status {
            status: 412,
            body: Some(
                r#"{"status":412,"error":{"code":"FAILED_PRECONDITION","message":"collection busy"}}"#
                    .into(),
            ),
            retry_after: None,
        }),
    );
    let events = Events::new();

    let err = admin
        .projects()
        .delete_with_cleanup(&project, events.attach(fast_cleanup()))
        .await
        .expect_err("every pass fails");

    assert_eq!(err.stage(), CleanupStage::Resources);
    assert_eq!(err.report().attempts, 3);
    match err.error() {
        Error::FailedPrecondition(api) => assert_eq!(api.message(), "collection busy"),
        other => panic!("original error lost: {other:?}"),
    }
    // What could be deleted was.
    assert_eq!(err.report().indexes, ["alpha"]);
    assert!(err.report().collections.is_empty());
    assert!(err.report().temporary_key_deleted);
    assert_eq!(err.leftover_temporary_key(), None);
    let text = err.to_string();
    assert!(
        text.contains("3 pass(es)") && text.contains("collection busy"),
        "{text}"
    );
    assert!(emu.project_ids().contains(&project));
    assert_eq!(emu.collection_names(&project), ["old"]);
    let c = emu.counters();
    assert_eq!(c.requests("DELETE /collections/{collection_name}"), 3);
    assert_eq!(c.requests("DELETE /admin/projects/{project_id}"), 0);
    let retries: Vec<Option<Duration>> = events
        .all()
        .into_iter()
        .filter_map(|e| match e {
            CleanupEvent::AttemptFailed { retry_in, .. } => Some(retry_in),
            _ => None,
        })
        .collect();
    let ten = Some(Duration::from_millis(10));
    assert_eq!(retries, [ten, ten, None]);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_temporary_key_that_cannot_be_deleted_is_named_and_never_hides_the_error() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("sticky").collection("old"))
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);
    emu.inject(
        FaultRule::new("DELETE", "/collections/{collection_name}").action(FaultAction::status(412)),
    );
    emu.inject(
        FaultRule::new("DELETE", "/admin/api-keys/{api_key_id}").action(FaultAction::status(500)),
    );

    let err = admin
        .projects()
        .delete_with_cleanup(&project, fast_cleanup().max_attempts(1))
        .await
        .expect_err("fails");

    assert_eq!(err.stage(), CleanupStage::Resources);
    assert!(
        matches!(err.error(), Error::FailedPrecondition(_)),
        "{err:?}"
    );
    let leftover = err.leftover_temporary_key().expect("leftover key named");
    let key_id = leftover.id().expect("its id is known").to_owned();
    let key_name = leftover.name().to_owned();
    assert_eq!(
        err.report().temporary_key_id.as_deref(),
        Some(key_id.as_str())
    );
    assert!(!err.report().temporary_key_deleted);
    assert!(err.to_string().contains(&key_id), "{err}");
    // The key is there (the failure was real), with a recognisable, bounded name.
    emu.clear_faults();
    assert!(emu.api_key_ids(&project).contains(&key_id));
    let key = admin.api_keys().describe(&key_id).await.unwrap();
    assert!(key.name.starts_with(TEMP_KEY_PREFIX) && key.name.chars().count() <= 80);
    assert_eq!(key.name, key_name);
    // The user deletes it by hand, as told.
    admin.api_keys().delete(&key_id).await.unwrap();
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_temporary_key_that_cannot_be_deleted_goes_with_the_project() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("fine").index("alpha", false))
        .unwrap();
    let before = all_key_ids(&emu);
    emu.inject(
        FaultRule::new("DELETE", "/admin/api-keys/{api_key_id}").action(FaultAction::status(500)),
    );

    let report = admin
        .projects()
        .delete_with_cleanup(&seeded.project_id, fast_cleanup())
        .await
        .expect("the project delete takes the key along");
    assert!(report.project_deleted);
    assert!(report.temporary_key_deleted);
    assert!(!emu.project_ids().contains(&seeded.project_id));
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn key_quota_403_stops_before_anything_is_deleted() {
    let emu = emulator_with(|b| b.api_key_quota(1)).await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("full-of-keys")
                .index("alpha", false)
                .api_key("app", &[]),
        )
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);

    let err = admin
        .projects()
        .delete_with_cleanup(&project, fast_cleanup())
        .await
        .expect_err("quota");

    assert_eq!(err.stage(), CleanupStage::TemporaryKey);
    assert!(matches!(err.error(), Error::Forbidden(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("quota is the likely cause"), "{text}");
    assert!(text.contains("nothing was deleted"), "{text}");
    assert!(err.report().nothing_deleted());
    assert_eq!(err.report().attempts, 0);
    assert_eq!(emu.index_names(&project), ["alpha"]);
    assert_eq!(emu.counters().requests("GET /indexes"), 0);
    assert_eq!(emu.api_key_ids(&project), [seeded.api_keys[0].id.clone()]);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_key_create_that_failed_after_processing_leaves_no_key() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("lost-answer").index("alpha", false))
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);
    emu.inject(
        FaultRule::new("POST", "/admin/projects/{project_id}/api-keys")
            .times(1)
            .action(FaultAction::ProcessThenFail(500)),
    );

    let err = admin
        .projects()
        .delete_with_cleanup(&project, fast_cleanup())
        .await
        .expect_err("the create failed");
    assert_eq!(err.stage(), CleanupStage::TemporaryKey);
    assert!(matches!(err.error(), Error::Server(_)), "{err:?}");
    assert!(!err.to_string().contains("quota"));
    assert!(
        err.leftover_temporary_key().is_none(),
        "the sweep confirmed it"
    );
    // The key was made by the server; the cleanup found it by its unique name and removed it.
    assert_eq!(
        emu.counters()
            .creates(pinecone_admin_emulator::ResourceKind::ApiKey),
        1
    );
    assert_eq!(
        emu.counters()
            .requests("DELETE /admin/api-keys/{api_key_id}"),
        1
    );
    assert_eq!(emu.index_names(&project), ["alpha"]);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn an_unknown_project_is_reported_and_nothing_happens() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let before = all_key_ids(&emu);
    let err = admin
        .projects()
        .delete_with_cleanup("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", fast_cleanup())
        .await
        .expect_err("no such project");
    assert_eq!(err.stage(), CleanupStage::TemporaryKey);
    assert!(err.error().is_not_found());
    assert!(err.to_string().contains("nothing was deleted"));
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn bad_arguments_send_nothing() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("p");
    let before = all_key_ids(&emu);
    let sent = emu.counters().requests_total();
    for (id, options, field) in [
        ("  ", fast_cleanup(), "project_id"),
        (
            project.as_str(),
            fast_cleanup().max_attempts(0),
            "max_attempts",
        ),
        (
            project.as_str(),
            fast_cleanup().concurrency(0),
            "concurrency",
        ),
    ] {
        let err = admin
            .projects()
            .delete_with_cleanup(id, options)
            .await
            .expect_err("invalid");
        assert_eq!(err.stage(), CleanupStage::Validation);
        match err.error() {
            Error::Validation { field: f, .. } => assert_eq!(f, field),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(emu.counters().requests_total(), sent);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_412_on_the_final_delete_is_retried_for_a_while() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("racy").index("alpha", false))
        .unwrap();
    let before = all_key_ids(&emu);
    emu.inject(
        FaultRule::new("DELETE", "/admin/projects/{project_id}")
            .times(2)
            .action(FaultAction::status(412)),
    );
    let events = Events::new();

    let report = admin
        .projects()
        .delete_with_cleanup(&seeded.project_id, events.attach(fast_cleanup()))
        .await
        .expect("deleted on the third try");
    assert!(report.project_deleted);
    assert_eq!(
        events.count(|e| matches!(e, CleanupEvent::ProjectDeleteRetry { .. })),
        2
    );
    assert_eq!(
        emu.counters()
            .requests("DELETE /admin/projects/{project_id}"),
        3
    );
    assert!(!emu.project_ids().contains(&seeded.project_id));
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_412_that_persists_on_the_final_delete_is_reported() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("stubborn").index("alpha", false))
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);
    emu.inject(
        FaultRule::new("DELETE", "/admin/projects/{project_id}").action(FaultAction::status(412)),
    );

    let err = admin
        .projects()
        .delete_with_cleanup(
            &project,
            fast_cleanup().project_delete_timeout(Duration::from_millis(300)),
        )
        .await
        .expect_err("still 412");
    assert_eq!(err.stage(), CleanupStage::DeleteProject);
    assert!(matches!(err.error(), Error::FailedPrecondition(_)));
    assert_eq!(err.report().indexes, ["alpha"]);
    assert!(err.report().temporary_key_deleted);
    assert!(!err.report().project_deleted);
    assert!(
        err.to_string().contains("deleting the project failed"),
        "{err}"
    );
    assert!(emu.project_ids().contains(&project));
    assert!(
        emu.counters()
            .requests("DELETE /admin/projects/{project_id}")
            >= 1
    );
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn waits_until_the_project_is_gone_when_asked() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("bye");
    let before = all_key_ids(&emu);
    let report = admin
        .projects()
        .delete_with_cleanup(
            &project,
            fast_cleanup().wait_until_deleted(Duration::from_secs(2)),
        )
        .await
        .expect("cleanup");
    assert!(report.project_deleted);
    assert!(emu.counters().requests("GET /admin/projects/{project_id}") >= 1);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_slow_deletion_times_out_and_the_pass_fails() {
    // Indexes stay Terminating for 10 s; the cleanup waits at most 50 ms for each.
    let emu = emulator_with(|b| b.terminating_for(Duration::from_secs(10))).await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("slow").index("alpha", false))
        .unwrap();
    let before = all_key_ids(&emu);
    let err = admin
        .projects()
        .delete_with_cleanup(
            &seeded.project_id,
            fast_cleanup()
                .max_attempts(2)
                .resource_timeout(Duration::from_millis(50)),
        )
        .await
        .expect_err("still terminating");
    assert_eq!(err.stage(), CleanupStage::Resources);
    assert!(matches!(err.error(), Error::Timeout { .. }), "{err:?}");
    assert!(err.to_string().contains("index alpha"), "{err}");
    assert_eq!(err.report().attempts, 2);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn waits_while_deleted_resources_are_terminating() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("slowly")
                .index("alpha", false)
                .assistant("helper"),
        )
        .unwrap();
    let before = all_key_ids(&emu);
    // The first three look-ups after the delete still see the index, Terminating; then the
    // emulator's own answer (404) comes through. Likewise twice for the assistant.
    let terminating_index = r#"{"name":"alpha","host":"alpha-x.svc.pinecone.io","status":{"ready":false,"state":"Terminating"},"deletion_protection":"disabled","deployment":{"deployment_type":"managed","cloud":"aws","region":"us-east-1"},"schema":{"fields":{}}}"#;
    let terminating_assistant = r#"{"name":"helper","status":"Terminating"}"#;
    emu.inject(
        FaultRule::new("GET", "/indexes/{index_name}")
            .times(3)
            .action(FaultAction::Status {
                status: 200,
                body: Some(terminating_index.into()),
                retry_after: None,
            }),
    );
    emu.inject(
        FaultRule::new("GET", "/assistant/assistants/{assistant_name}")
            .times(2)
            .action(FaultAction::Status {
                status: 200,
                body: Some(terminating_assistant.into()),
                retry_after: None,
            }),
    );

    let report = admin
        .projects()
        .delete_with_cleanup(&seeded.project_id, fast_cleanup())
        .await
        .expect("cleanup");
    assert_eq!(report.indexes, ["alpha"]);
    assert_eq!(report.assistants, ["helper"]);
    assert_eq!(report.attempts, 1);
    let c = emu.counters();
    assert_eq!(c.requests("GET /indexes/{index_name}"), 4);
    assert_eq!(c.requests("GET /assistant/assistants/{assistant_name}"), 3);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn waits_for_collections_on_their_way_out() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("settle").collection("old"))
        .unwrap();
    let before = all_key_ids(&emu);
    // Once the collection is deleted, the next two listings still show it Terminating.
    let hook = emu.clone();
    let options = fast_cleanup().on_progress(move |e| {
        if matches!(e, CleanupEvent::Deleted { kind: ResourceKind::Collection, .. }) {
            hook.inject(
                FaultRule::new("GET", "/collections")
                    .times(2)
                    .action(FaultAction::Status {
                        status: 200,
                        body: Some(
                            r#"{"collections":[{"name":"old","status":"Terminating","environment":"us-east1-gcp"}]}"#
                                .into(),
                        ),
                        retry_after: None,
                    }),
            );
        }
    });
    let report = admin
        .projects()
        .delete_with_cleanup(&seeded.project_id, options)
        .await
        .expect("cleanup");
    assert_eq!(report.attempts, 1);
    assert_eq!(report.collections, ["old"]);
    // The pass's listing, two showing it Terminating, one showing it gone.
    assert_eq!(emu.counters().requests("GET /collections"), 4);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn something_created_during_a_pass_is_deleted_by_the_next() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("busy").index("alpha", false))
        .unwrap();
    let project = seeded.project_id.clone();
    let before = all_key_ids(&emu);
    let hook = emu.clone();
    let target = project.clone();
    let options = fast_cleanup().on_progress(move |e| {
        if matches!(
            e,
            CleanupEvent::Deleted {
                kind: ResourceKind::Index,
                ..
            }
        ) {
            let _ = hook.seed_collection(&target, "newcomer");
        }
    });
    let report = admin
        .projects()
        .delete_with_cleanup(&project, options)
        .await
        .expect("cleanup");
    assert_eq!(report.attempts, 2);
    assert_eq!(report.indexes, ["alpha"]);
    assert_eq!(report.collections, ["newcomer"]);
    assert!(report.project_deleted);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn a_cancelled_cleanup_still_removes_its_key() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(SeedProject::new("cancel").index("alpha", false))
        .unwrap();
    let before = all_key_ids(&emu);
    // The pass hangs on its first listing; the caller gives up once the key exists.
    emu.inject(
        FaultRule::new("GET", "/indexes").action(FaultAction::Latency(Duration::from_secs(5))),
    );
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let options = fast_cleanup().on_progress(move |e| {
        let _ = tx.send(e);
    });
    let projects = admin.projects();
    let cleanup = projects.delete_with_cleanup(&seeded.project_id, options);
    let mut cleanup = Box::pin(cleanup);
    loop {
        tokio::select! {
            outcome = cleanup.as_mut() => panic!("the cleanup should hang: {outcome:?}"),
            Some(event) = rx.recv() => {
                if matches!(event, CleanupEvent::AttemptStarted { .. }) {
                    break;
                }
            }
        }
    }
    assert_eq!(
        emu.counters()
            .creates(pinecone_admin_emulator::ResourceKind::ApiKey),
        1
    );
    assert_ne!(
        all_key_ids(&emu),
        before,
        "the key exists while the cleanup runs"
    );
    drop(cleanup);
    // The key is deleted in the background.
    for _ in 0..500 {
        if all_key_ids(&emu) == before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(emu.index_names(&seeded.project_id), ["alpha"]);
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn deletions_run_concurrently_within_the_bound() {
    async fn connections_used(concurrency: usize) -> u64 {
        let emu = emulator().await;
        let admin = admin(&emu).await;
        let mut seed = SeedProject::new("many");
        for i in 0..24 {
            seed = seed.collection(format!("c-{i:02}"));
        }
        let seeded = emu.seed(seed).unwrap();
        let before = all_key_ids(&emu);
        // Each delete takes a while, so deletions overlap as much as allowed; HTTP/1.1
        // carries one request per connection at a time, so the connections opened show
        // how many ran at once.
        emu.inject(
            FaultRule::new("DELETE", "/collections/{collection_name}")
                .action(FaultAction::Latency(Duration::from_millis(60))),
        );
        emu.reset_counters();
        let report = admin
            .projects()
            .delete_with_cleanup(&seeded.project_id, fast_cleanup().concurrency(concurrency))
            .await
            .expect("cleanup");
        assert_eq!(report.collections.len(), 24);
        let used = emu.counters().connections();
        assert_no_temp_keys(&emu, &admin, &before).await;
        used
    }
    let narrow = connections_used(2).await;
    let wide = connections_used(16).await;
    // Listing runs 4 requests at once; deletions add at most `concurrency`.
    assert!(
        narrow <= 2 + 4 + 1,
        "concurrency 2 used {narrow} connections"
    );
    // Four pooled connections are reused; at least twelve more are needed for 16 at once.
    assert!(wide >= 12, "concurrency 16 used only {wide} connections");
}

#[tokio::test]
async fn report_serializes_for_the_cli() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("json")
                .index("alpha", false)
                .collection("old"),
        )
        .unwrap();
    let before = all_key_ids(&emu);
    let report = admin
        .projects()
        .delete_with_cleanup(&seeded.project_id, fast_cleanup())
        .await
        .unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["project_id"], seeded.project_id.as_str());
    assert_eq!(json["indexes"], serde_json::json!(["alpha"]));
    assert_eq!(json["collections"], serde_json::json!(["old"]));
    assert_eq!(json["project_deleted"], true);
    assert_eq!(json["attempts"], 1);
    assert!(json["elapsed_secs"].as_f64().unwrap() >= 0.0);
    let text = report.to_string();
    assert!(text.starts_with("Deleted project"), "{text}");
    assert!(text.contains("indexes (1): alpha"), "{text}");
    assert_no_temp_keys(&emu, &admin, &before).await;
}

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let seeded = emu
        .seed(
            SeedProject::new("quiet")
                .index("alpha", true)
                .collection("old"),
        )
        .unwrap();
    let before = all_key_ids(&emu);
    emu.inject(
        FaultRule::new("DELETE", "/collections/{collection_name}")
            .times(1)
            .action(FaultAction::status(412)),
    );
    let logs = crate::common::LogCapture::default();
    let subscriber = logs.subscriber();
    let events = Events::new();
    let report = admin
        .projects()
        .delete_with_cleanup(
            &seeded.project_id,
            events.attach(fast_cleanup().disable_deletion_protection(true)),
        )
        .with_subscriber(subscriber)
        .await
        .expect("cleanup");
    assert_eq!(report.attempts, 2);
    let text = logs.text();
    assert!(text.contains("deleted index alpha"), "{text}");
    // Emulated key values start with `pckey_`; the client secret is known.
    assert!(!text.contains("pckey_"), "a key value was logged");
    assert!(!text.contains(CLIENT_SECRET));
    let shown: String = events.all().iter().map(|e| format!("{e} {e:?}")).collect();
    assert!(!shown.contains("pckey_"));
    assert_no_temp_keys(&emu, &admin, &before).await;
}
