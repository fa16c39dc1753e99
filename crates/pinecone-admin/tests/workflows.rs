//! `api_keys().rotate`, `projects().ensure` and `projects().wait_until_deleted` against the
//! emulator over real HTTP.

use crate::common_workflows;

use std::time::Duration;

use common_workflows::*;
use pinecone_admin::{ApiKeyRole, CreateApiKey, CreateProject, Error, ProjectRef};
use pinecone_admin_emulator::{FaultAction, FaultRule, ResourceKind};

#[tokio::test]
async fn rotate_replaces_the_key() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("app");
    let old = admin
        .api_keys()
        .create(
            &project,
            CreateApiKey::new("search-app")
                .roles([ApiKeyRole::DataPlaneEditor, ApiKeyRole::ControlPlaneViewer]),
        )
        .await
        .unwrap();
    let old_id = old.key().id.clone();

    let rotated = admin.api_keys().rotate(&old_id).await.unwrap();

    assert!(rotated.old_key_deleted());
    assert!(rotated.old_key_error().is_none());
    assert_eq!(rotated.old_key().id, old_id);
    let new = rotated.new_key().key().clone();
    assert_ne!(new.id, old_id);
    assert_eq!(new.name, "search-app");
    assert_eq!(new.project_id, project);
    assert_eq!(
        new.roles,
        [ApiKeyRole::DataPlaneEditor, ApiKeyRole::ControlPlaneViewer]
    );
    assert_ne!(rotated.secret().expose(), old.secret().expose());
    // Only the new key is left, and it is the one described by the server.
    assert_eq!(emu.api_key_ids(&project), std::slice::from_ref(&new.id));
    assert_eq!(admin.api_keys().describe(&new.id).await.unwrap(), new);
    assert!(admin
        .api_keys()
        .describe(&old_id)
        .await
        .unwrap_err()
        .is_not_found());
    // The secret never prints.
    let value = rotated.secret().expose().to_owned();
    for shown in [rotated.to_string(), format!("{rotated:?}")] {
        assert!(!shown.contains(&value), "{shown}");
    }
    assert!(rotated.to_string().contains(&new.id));
    let (key, secret) = rotated.into_new_key().into_parts();
    assert_eq!(key.id, new.id);
    assert_eq!(secret.expose(), value);
}

#[tokio::test]
async fn rotate_keeps_the_new_key_when_the_old_one_cannot_be_deleted() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("app");
    let old = admin
        .api_keys()
        .create(&project, CreateApiKey::new("ci"))
        .await
        .unwrap();
    emu.inject(
        FaultRule::new("DELETE", "/admin/api-keys/{api_key_id}").action(FaultAction::status(500)),
    );

    let rotated = admin.api_keys().rotate(&old.key().id).await.unwrap();

    assert!(!rotated.old_key_deleted());
    assert!(matches!(rotated.old_key_error(), Some(Error::Server(_))));
    assert!(
        rotated.to_string().contains("could not be deleted"),
        "{rotated}"
    );
    assert!(!rotated.secret().expose().is_empty());
    // Both keys exist: nothing was lost, and the user can delete the old one.
    let ids = emu.api_key_ids(&project);
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&old.key().id));
    assert!(ids.contains(&rotated.new_key().key().id));
}

#[tokio::test]
async fn rotate_changes_nothing_when_the_create_fails() {
    let emu = emulator_with(|b| b.api_key_quota(1)).await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("full");
    let old = admin
        .api_keys()
        .create(&project, CreateApiKey::new("only"))
        .await
        .unwrap();
    // The project has no room for a second key.
    let err = admin.api_keys().rotate(&old.key().id).await.unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err:?}");
    assert_eq!(emu.api_key_ids(&project), [old.key().id.clone()]);
    assert_eq!(
        emu.counters()
            .requests("DELETE /admin/api-keys/{api_key_id}"),
        0
    );
}

#[tokio::test]
async fn rotate_removes_a_key_made_by_a_create_that_failed() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("app");
    let old = admin
        .api_keys()
        .create(&project, CreateApiKey::new("same-name"))
        .await
        .unwrap();
    // Another key with the same name exists before the rotation: it must survive.
    let twin = admin
        .api_keys()
        .create(&project, CreateApiKey::new("same-name"))
        .await
        .unwrap();
    emu.inject(
        FaultRule::new("POST", "/admin/projects/{project_id}/api-keys")
            .times(1)
            .action(FaultAction::ProcessThenFail(502)),
    );
    let err = admin.api_keys().rotate(&old.key().id).await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(emu.counters().creates(ResourceKind::ApiKey), 3);
    let mut left = emu.api_key_ids(&project);
    left.sort();
    let mut expected = vec![old.key().id.clone(), twin.key().id.clone()];
    expected.sort();
    assert_eq!(left, expected, "the stray key is gone, the others stay");
}

#[tokio::test]
async fn rotate_checks_its_argument_and_the_key() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let sent = emu.counters().requests_total();
    assert!(matches!(
        admin.api_keys().rotate(" ").await,
        Err(Error::Validation { .. })
    ));
    assert_eq!(emu.counters().requests_total(), sent);
    let err = admin
        .api_keys()
        .rotate("3d1a0c5e-1111-2222-3333-444455556666")
        .await
        .unwrap_err();
    assert!(err.is_not_found());
}

#[tokio::test]
async fn ensure_gets_or_creates() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let first = admin
        .projects()
        .ensure(CreateProject::new("search-prod").max_pods(2))
        .await
        .unwrap();
    assert!(first.created);
    assert_eq!(first.project.name, "search-prod");
    assert_eq!(first.project.max_pods, 2);

    let second = admin
        .projects()
        .ensure(CreateProject::new("search-prod").max_pods(9))
        .await
        .unwrap();
    assert!(!second.created);
    assert_eq!(second.project, first.project, "existing settings are kept");
    assert_eq!(emu.counters().creates(ResourceKind::Project), 1);

    // Names are matched exactly.
    let other = admin
        .projects()
        .ensure(CreateProject::new("Search-Prod"))
        .await
        .unwrap();
    assert!(other.created);
    assert_ne!(other.project.id, first.project.id);
}

#[tokio::test]
async fn ensure_refuses_an_ambiguous_name() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let a = emu.seed_project("dup");
    let b = emu.seed_project("dup");
    match admin.projects().ensure(CreateProject::new("dup")).await {
        Err(Error::Ambiguous { kind, name, ids }) => {
            assert_eq!(kind, "project");
            assert_eq!(name, "dup");
            assert!(ids.contains(&a) && ids.contains(&b));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(emu.counters().creates(ResourceKind::Project), 0);
}

#[tokio::test]
async fn ensure_recovers_from_a_create_whose_answer_was_lost() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    emu.inject(
        FaultRule::new("POST", "/admin/projects")
            .times(1)
            .action(FaultAction::ProcessThenFail(500)),
    );
    let ensured = admin
        .projects()
        .ensure(CreateProject::new("lost-answer"))
        .await
        .unwrap();
    assert!(ensured.created);
    assert_eq!(ensured.project.name, "lost-answer");
    assert_eq!(emu.counters().creates(ResourceKind::Project), 1);
    assert_eq!(emu.project_ids(), std::slice::from_ref(&ensured.project.id));
}

#[tokio::test]
async fn ensure_validates_first() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    emu.seed_project("exists");
    let sent = emu.counters().requests_total();
    for request in [
        CreateProject::new(""),
        CreateProject::new("x".repeat(513)),
        CreateProject::new("exists").max_pods(-1),
    ] {
        assert!(matches!(
            admin.projects().ensure(request).await,
            Err(Error::Validation { .. })
        ));
    }
    assert_eq!(emu.counters().requests_total(), sent);
}

#[tokio::test]
async fn wait_until_deleted() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("going");
    // Still there: times out with a clear error.
    let err = admin
        .projects()
        .wait_until_deleted(&project, Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.to_string().contains(&project), "{err}");
    assert!(emu.counters().requests("GET /admin/projects/{project_id}") >= 1);

    admin.projects().delete(&project).await.unwrap();
    admin
        .projects()
        .wait_until_deleted(&project, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(!admin
        .projects()
        .exists(ProjectRef::id(&project))
        .await
        .unwrap());

    // Other failures are not mistaken for "deleted".
    emu.inject(
        FaultRule::new("GET", "/admin/projects/{project_id}").action(FaultAction::status(403)),
    );
    let other = emu.seed_project("guarded");
    let err = admin
        .projects()
        .wait_until_deleted(&other, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err:?}");
    assert!(matches!(
        admin
            .projects()
            .wait_until_deleted("", Duration::from_secs(1))
            .await,
        Err(Error::Validation { .. })
    ));
}
