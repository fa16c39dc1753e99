//! Every organization, project and API key operation against the emulator over real HTTP,
//! including each validation rule (checked to send nothing).

use crate::common;

use common::{admin, emulator, total_requests};
use pinecone_admin::{
    ApiKeyRole, CreateApiKey, CreateProject, Error, ProjectRef, UpdateApiKey, UpdateOrganization,
    UpdateProject,
};
use pinecone_admin_emulator::{FaultAction, FaultRule, ResourceKind};

const MISSING_ID: &str = "00000000-0000-4000-8000-000000000000";

fn validation_field(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

// ----- organizations ----------------------------------------------------------------------

#[tokio::test]
async fn organizations_list_describe_update() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let orgs = admin.organizations().list().await.unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].id, emu.organization_id());
    assert!(!orgs[0].plan.is_empty());
    assert!(orgs[0].created_at.is_some());

    let org = admin
        .organizations()
        .describe(emu.organization_id())
        .await
        .unwrap();
    assert_eq!(org, orgs[0]);

    let renamed = admin
        .organizations()
        .update(
            emu.organization_id(),
            UpdateOrganization::new().name("Acme Renamed"),
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Acme Renamed");
    assert_eq!(
        admin
            .organizations()
            .describe(emu.organization_id())
            .await
            .unwrap()
            .name,
        "Acme Renamed"
    );
    assert_eq!(
        emu.counters()
            .requests("PATCH /admin/organizations/{organization_id}"),
        1
    );
}

#[tokio::test]
async fn organization_delete_refused_while_projects_exist_then_accepted() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = admin
        .projects()
        .create(CreateProject::new("p"))
        .await
        .unwrap();
    let err = admin
        .organizations()
        .delete(emu.organization_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::FailedPrecondition(_)), "{err:?}");
    assert_eq!(err.status().unwrap().as_u16(), 412);
    admin.projects().delete(&project.id).await.unwrap();
    admin
        .organizations()
        .delete(emu.organization_id())
        .await
        .unwrap();
    let err = admin
        .organizations()
        .describe(emu.organization_id())
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn organization_validation_sends_nothing() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let before = total_requests(&emu);
    let orgs = admin.organizations();
    assert_eq!(validation_field(orgs.describe("").await), "organization_id");
    assert_eq!(
        validation_field(orgs.describe("  ").await),
        "organization_id"
    );
    assert_eq!(validation_field(orgs.delete("\t").await), "organization_id");
    assert_eq!(
        validation_field(orgs.update("", UpdateOrganization::new().name("x")).await),
        "organization_id"
    );
    assert_eq!(
        validation_field(orgs.update("org", UpdateOrganization::new().name("")).await),
        "name"
    );
    assert_eq!(
        validation_field(
            orgs.update("org", UpdateOrganization::new().name("n".repeat(513)))
                .await
        ),
        "name"
    );
    assert_eq!(
        total_requests(&emu),
        before,
        "validation must not send anything"
    );
}

// ----- projects ---------------------------------------------------------------------------

#[tokio::test]
async fn project_lifecycle() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let projects = admin.projects();
    assert!(projects.list().await.unwrap().is_empty());

    let minimal = projects
        .create(CreateProject::new("minimal"))
        .await
        .unwrap();
    assert_eq!(minimal.name, "minimal");
    assert_eq!(minimal.max_pods, 0);
    assert!(!minimal.force_encryption_with_cmek);
    assert_eq!(minimal.organization_id, emu.organization_id());

    let full = projects
        .create(
            CreateProject::new("full")
                .max_pods(3)
                .force_encryption_with_cmek(true),
        )
        .await
        .unwrap();
    assert_eq!(full.max_pods, 3);
    assert!(full.force_encryption_with_cmek);
    assert_eq!(emu.counters().creates(ResourceKind::Project), 2);

    let mut listed: Vec<String> = projects
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    listed.sort();
    let mut expected = vec![minimal.id.clone(), full.id.clone()];
    expected.sort();
    assert_eq!(listed, expected);

    assert_eq!(projects.describe(&full.id).await.unwrap(), full);

    // Partial update: only max_pods is sent and changed.
    let updated = projects
        .update(&minimal.id, UpdateProject::new().max_pods(5))
        .await
        .unwrap();
    assert_eq!(updated.max_pods, 5);
    assert_eq!(updated.name, "minimal");
    let renamed = projects
        .update(&minimal.id, UpdateProject::new().name("renamed"))
        .await
        .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.max_pods), ("renamed", 5));

    projects.delete(&minimal.id).await.unwrap();
    assert!(projects
        .describe(&minimal.id)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(projects
        .delete(&minimal.id)
        .await
        .unwrap_err()
        .is_not_found());
    assert_eq!(emu.project_ids(), vec![full.id.clone()]);
}

#[tokio::test]
async fn describe_by_name_none_one_several_and_case() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let projects = admin.projects();
    let err = projects.describe_by_name("prod").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains("prod"), "{err}");

    let one = projects.create(CreateProject::new("prod")).await.unwrap();
    projects.create(CreateProject::new("Prod")).await.unwrap();
    assert_eq!(projects.describe_by_name("prod").await.unwrap().id, one.id);

    let two = projects.create(CreateProject::new("prod")).await.unwrap();
    match projects.describe_by_name("prod").await {
        Err(Error::Ambiguous { kind, name, ids }) => {
            assert_eq!(kind, "project");
            assert_eq!(name, "prod");
            let mut ids = ids;
            ids.sort();
            let mut expected = vec![one.id.clone(), two.id.clone()];
            expected.sort();
            assert_eq!(ids, expected);
        }
        other => panic!("expected Ambiguous, got {other:?}"),
    }
    assert!(projects
        .describe_by_name("PROD")
        .await
        .unwrap_err()
        .is_not_found());
}

#[tokio::test]
async fn exists_by_id_and_by_name() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let projects = admin.projects();
    let p = projects
        .create(CreateProject::new("exists-me"))
        .await
        .unwrap();
    assert!(projects.exists(ProjectRef::id(&p.id)).await.unwrap());
    assert!(projects
        .exists(ProjectRef::name("exists-me"))
        .await
        .unwrap());
    assert!(!projects.exists(ProjectRef::id(MISSING_ID)).await.unwrap());
    assert!(!projects.exists(ProjectRef::name("nope")).await.unwrap());
    projects
        .create(CreateProject::new("exists-me"))
        .await
        .unwrap();
    assert!(
        projects
            .exists(ProjectRef::name("exists-me"))
            .await
            .unwrap(),
        "several projects with the name: it exists"
    );
}

#[tokio::test]
async fn exists_propagates_every_error_but_not_found() {
    let emu = emulator().await;
    let admin = common::builder(&emu).max_retries(0).build().await.unwrap();
    let projects = admin.projects();
    let p = projects.create(CreateProject::new("x")).await.unwrap();

    emu.inject(
        FaultRule::new("GET", "/admin/projects/{project_id}").action(FaultAction::status(503)),
    );
    let err = projects.exists(ProjectRef::id(&p.id)).await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    emu.clear_faults();

    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::status(403)));
    let err = projects.exists(ProjectRef::name("x")).await.unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err:?}");
    emu.clear_faults();

    // An auth failure is an error too, never `true` or `false`.
    emu.inject(
        FaultRule::new("GET", "/admin/projects/{project_id}").action(FaultAction::status(401)),
    );
    let err = projects.exists(ProjectRef::id(&p.id)).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
}

#[tokio::test]
async fn project_validation_sends_nothing() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let before = total_requests(&emu);
    let projects = admin.projects();

    assert_eq!(
        validation_field(projects.create(CreateProject::new("")).await),
        "name"
    );
    assert_eq!(
        validation_field(projects.create(CreateProject::new("   ")).await),
        "name"
    );
    assert_eq!(
        validation_field(projects.create(CreateProject::new("x".repeat(513))).await),
        "name"
    );
    assert_eq!(
        validation_field(projects.create(CreateProject::new("a\0b")).await),
        "name"
    );
    assert_eq!(
        validation_field(projects.create(CreateProject::new("ok").max_pods(-1)).await),
        "max_pods"
    );
    assert_eq!(validation_field(projects.describe("").await), "project_id");
    assert_eq!(validation_field(projects.delete(" ").await), "project_id");
    assert_eq!(
        validation_field(projects.update("", UpdateProject::new()).await),
        "project_id"
    );
    assert_eq!(
        validation_field(projects.update("p", UpdateProject::new().name("")).await),
        "name"
    );
    assert_eq!(
        validation_field(
            projects
                .update("p", UpdateProject::new().max_pods(-3))
                .await
        ),
        "max_pods"
    );
    assert_eq!(
        validation_field(projects.describe_by_name("").await),
        "name"
    );
    assert_eq!(
        validation_field(projects.exists(ProjectRef::id("")).await),
        "project_id"
    );
    assert_eq!(
        validation_field(projects.exists(ProjectRef::name(" ")).await),
        "name"
    );
    assert_eq!(
        total_requests(&emu),
        before,
        "validation must not send anything"
    );

    // The limits themselves are accepted.
    let p = projects
        .create(CreateProject::new("é".repeat(512)).max_pods(0))
        .await
        .unwrap();
    assert_eq!(p.name.chars().count(), 512);
}

// ----- API keys ---------------------------------------------------------------------------

#[tokio::test]
async fn api_key_lifecycle() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = admin
        .projects()
        .create(CreateProject::new("keys"))
        .await
        .unwrap();
    let keys = admin.api_keys();
    assert!(keys.list(&project.id).await.unwrap().is_empty());

    let default_roles = keys
        .create(&project.id, CreateApiKey::new("default"))
        .await
        .unwrap();
    assert_eq!(default_roles.key().roles, vec![ApiKeyRole::ProjectEditor]);
    assert_eq!(default_roles.key().project_id, project.id);
    assert!(!default_roles.secret().expose().is_empty());
    let debug = format!("{default_roles:?} {default_roles}");
    assert!(!debug.contains(default_roles.secret().expose()), "{debug}");

    let viewer = keys
        .create(
            &project.id,
            CreateApiKey::new("viewer")
                .roles([ApiKeyRole::DataPlaneViewer, ApiKeyRole::ControlPlaneViewer]),
        )
        .await
        .unwrap();
    assert_eq!(
        viewer.key().roles,
        vec![ApiKeyRole::DataPlaneViewer, ApiKeyRole::ControlPlaneViewer]
    );
    assert_eq!(emu.counters().creates(ResourceKind::ApiKey), 2);
    assert_ne!(viewer.secret(), default_roles.secret());

    let mut listed: Vec<String> = keys
        .list(&project.id)
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.id)
        .collect();
    listed.sort();
    let mut expected = vec![default_roles.key().id.clone(), viewer.key().id.clone()];
    expected.sort();
    assert_eq!(listed, expected);

    let described = keys.describe(&viewer.key().id).await.unwrap();
    assert_eq!(&described, viewer.key());

    // Renaming leaves the roles alone; roles replace the whole set.
    let renamed = keys
        .update(&viewer.key().id, UpdateApiKey::new().name("viewer-2"))
        .await
        .unwrap();
    assert_eq!(renamed.name, "viewer-2");
    assert_eq!(renamed.roles.len(), 2);
    let replaced = keys
        .update(
            &viewer.key().id,
            UpdateApiKey::new().roles(["ProjectViewer"]),
        )
        .await
        .unwrap();
    assert_eq!(replaced.roles, vec![ApiKeyRole::ProjectViewer]);
    assert_eq!(replaced.name, "viewer-2");

    keys.delete(&viewer.key().id).await.unwrap();
    assert!(keys
        .describe(&viewer.key().id)
        .await
        .unwrap_err()
        .is_not_found());
    assert_eq!(
        emu.api_key_ids(&project.id),
        vec![default_roles.key().id.clone()]
    );
}

#[tokio::test]
async fn unknown_roles_are_sent_as_is_and_server_decides() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = admin
        .projects()
        .create(CreateProject::new("roles"))
        .await
        .unwrap();
    let err = admin
        .api_keys()
        .create(
            &project.id,
            CreateApiKey::new("k").roles([ApiKeyRole::Other("FutureRole".into())]),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::BadRequest(_)), "{err:?}");
    assert!(err.to_string().contains("FutureRole"), "{err}");
}

#[tokio::test]
async fn api_key_quota_is_forbidden() {
    let emu = pinecone_admin_emulator::Emulator::builder()
        .api_key_quota(1)
        .start()
        .await
        .unwrap();
    let admin = admin(&emu).await;
    let project = admin
        .projects()
        .create(CreateProject::new("q"))
        .await
        .unwrap();
    admin
        .api_keys()
        .create(&project.id, CreateApiKey::new("one"))
        .await
        .unwrap();
    let err = admin
        .api_keys()
        .create(&project.id, CreateApiKey::new("two"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(
        emu.counters()
            .requests("POST /admin/projects/{project_id}/api-keys"),
        2
    );
}

#[tokio::test]
async fn api_key_validation_sends_nothing() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let keys = admin.api_keys();
    let before = total_requests(&emu);
    assert_eq!(validation_field(keys.list("").await), "project_id");
    assert_eq!(
        validation_field(keys.create(" ", CreateApiKey::new("k")).await),
        "project_id"
    );
    assert_eq!(
        validation_field(keys.create("p", CreateApiKey::new("")).await),
        "name"
    );
    assert_eq!(
        validation_field(keys.create("p", CreateApiKey::new("k".repeat(81))).await),
        "name"
    );
    assert_eq!(
        validation_field(
            keys.create("p", CreateApiKey::new("k").roles(Vec::<ApiKeyRole>::new()))
                .await
        ),
        "roles"
    );
    assert_eq!(
        validation_field(keys.create("p", CreateApiKey::new("k").roles([""])).await),
        "roles"
    );
    assert_eq!(validation_field(keys.describe("").await), "api_key_id");
    assert_eq!(validation_field(keys.delete("").await), "api_key_id");
    assert_eq!(
        validation_field(keys.update("", UpdateApiKey::new()).await),
        "api_key_id"
    );
    assert_eq!(
        validation_field(
            keys.update("k", UpdateApiKey::new().name("x".repeat(81)))
                .await
        ),
        "name"
    );
    assert_eq!(
        total_requests(&emu),
        before,
        "validation must not send anything"
    );

    let project = admin
        .projects()
        .create(CreateProject::new("limits"))
        .await
        .unwrap();
    let k = keys
        .create(&project.id, CreateApiKey::new("k".repeat(80)))
        .await
        .unwrap();
    assert_eq!(k.key().name.len(), 80);
}

#[tokio::test]
async fn handles_are_send_and_clone_across_tasks() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let projects = admin.projects();
        tasks.push(tokio::spawn(async move {
            projects.create(CreateProject::new(format!("p{i}"))).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(admin.projects().list().await.unwrap().len(), 8);
    assert_eq!(emu.counters().token_exchanges(), 1);
}
