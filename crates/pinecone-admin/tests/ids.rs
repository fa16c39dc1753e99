//! Ids go into URL paths, so every method that takes one refuses anything that is not a single
//! path segment (`..`, `.`, `a/b`, `a\b`, `a?b`, `a#b`, `%2e%2e`, ...) with a validation error
//! naming the argument, and sends nothing: no request, no token exchange (emulator counters).
//! Names and ids that cleanup reads from the control plane's listings are guarded the same way.

use crate::common;

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use common::*;
use futures::TryStreamExt;
use pinecone_admin::{
    CleanupError, CleanupOptions, CreateApiKey, CreateRoleBinding, Error, Grant, PrincipalType,
    ProjectRef, ResourceType, Role, RoleBindingFilter, UpdateApiKey, UpdateOrganization,
    UpdateProject, UpdateServiceAccount,
};
use pinecone_admin_emulator::EmulatorHandle;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Ids that would leave their path segment (or could be read as another route).
const BAD_IDS: &[&str] = &[
    "..",
    ".",
    "a/b",
    "a\\b",
    "a?b",
    "a#b",
    "%2e%2e",
    "x\\..\\..\\projects\\p",
    "../projects",
    " a",
    "a b",
];

/// `call` fails with `Error::Validation` on `field` and sends nothing at all.
async fn assert_refused<T: Debug>(
    emu: &EmulatorHandle,
    what: &str,
    bad: &str,
    field: &str,
    call: impl Future<Output = pinecone_admin::Result<T>>,
) {
    let before = emu.counters();
    let result = call.await;
    let after = emu.counters();
    match result {
        Err(Error::Validation { field: f, message }) => {
            assert_eq!(f, field, "{what}({bad:?}): {message}");
            assert!(!message.is_empty(), "{what}({bad:?})");
        }
        other => panic!("{what}({bad:?}): expected a validation error on {field}, got {other:?}"),
    }
    assert_eq!(
        after.requests_total(),
        before.requests_total(),
        "{what}({bad:?}) sent a request: {:?}",
        after.routes().collect::<Vec<_>>()
    );
    assert_eq!(
        after.token_exchanges(),
        before.token_exchanges(),
        "{what}({bad:?}) exchanged a token"
    );
}

#[tokio::test]
async fn every_id_taking_method_refuses_ids_that_leave_their_path_segment() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let victim = emu.seed_project("victim");
    let start = emu.counters().requests_total();
    let projects = admin.projects();
    let keys = admin.api_keys();
    let orgs = admin.organizations();
    let users = admin.users();
    let invites = admin.invites();
    let accounts = admin.service_accounts();
    let bindings = admin.role_bindings();
    let dry = || CleanupOptions::new().dry_run(true);
    let grant = || Grant::organization(Role::OrgMember);

    for &bad in BAD_IDS {
        let e = &emu;
        // Projects.
        assert_refused(
            e,
            "projects.describe",
            bad,
            "project_id",
            projects.describe(bad),
        )
        .await;
        let update = UpdateProject::new().name("n");
        assert_refused(
            e,
            "projects.update",
            bad,
            "project_id",
            projects.update(bad, update),
        )
        .await;
        assert_refused(
            e,
            "projects.delete",
            bad,
            "project_id",
            projects.delete(bad),
        )
        .await;
        let exists = projects.exists(ProjectRef::id(bad));
        assert_refused(e, "projects.exists", bad, "project_id", exists).await;
        let wait = projects.wait_until_deleted(bad, Duration::from_secs(1));
        assert_refused(e, "projects.wait_until_deleted", bad, "project_id", wait).await;
        let cleanup = async {
            projects
                .delete_with_cleanup(bad, dry())
                .await
                .map_err(CleanupError::into_error)
        };
        assert_refused(
            e,
            "projects.delete_with_cleanup",
            bad,
            "project_id",
            cleanup,
        )
        .await;
        // API keys.
        assert_refused(e, "api_keys.list", bad, "project_id", keys.list(bad)).await;
        let create = keys.create(bad, CreateApiKey::new("k"));
        assert_refused(e, "api_keys.create", bad, "project_id", create).await;
        assert_refused(
            e,
            "api_keys.describe",
            bad,
            "api_key_id",
            keys.describe(bad),
        )
        .await;
        let update = keys.update(bad, UpdateApiKey::new().name("k"));
        assert_refused(e, "api_keys.update", bad, "api_key_id", update).await;
        assert_refused(e, "api_keys.delete", bad, "api_key_id", keys.delete(bad)).await;
        assert_refused(e, "api_keys.rotate", bad, "api_key_id", keys.rotate(bad)).await;
        // Organizations.
        let field = "organization_id";
        assert_refused(e, "organizations.describe", bad, field, orgs.describe(bad)).await;
        let update = orgs.update(bad, UpdateOrganization::new().name("o"));
        assert_refused(e, "organizations.update", bad, field, update).await;
        assert_refused(e, "organizations.delete", bad, field, orgs.delete(bad)).await;
        // Users and invites.
        assert_refused(e, "users.describe", bad, "user_id", users.describe(bad)).await;
        assert_refused(e, "users.delete", bad, "user_id", users.delete(bad)).await;
        assert_refused(
            e,
            "invites.describe",
            bad,
            "invite_id",
            invites.describe(bad),
        )
        .await;
        assert_refused(e, "invites.delete", bad, "invite_id", invites.delete(bad)).await;
        assert_refused(e, "invites.resend", bad, "invite_id", invites.resend(bad)).await;
        // Service accounts.
        let field = "service_account_id";
        assert_refused(
            e,
            "service_accounts.describe",
            bad,
            field,
            accounts.describe(bad),
        )
        .await;
        let update = accounts.update(bad, UpdateServiceAccount::new().name("s"));
        assert_refused(e, "service_accounts.update", bad, field, update).await;
        assert_refused(
            e,
            "service_accounts.delete",
            bad,
            field,
            accounts.delete(bad),
        )
        .await;
        let rotate = accounts.rotate_secret(bad);
        assert_refused(e, "service_accounts.rotate_secret", bad, field, rotate).await;
        // Role bindings: by id, and the ids they name (body and query filters).
        let field = "role_binding_id";
        assert_refused(
            e,
            "role_bindings.describe",
            bad,
            field,
            bindings.describe(bad),
        )
        .await;
        assert_refused(e, "role_bindings.delete", bad, field, bindings.delete(bad)).await;
        let create = bindings.create(CreateRoleBinding::user(bad, grant()));
        assert_refused(e, "role_bindings.create", bad, "principal_id", create).await;
        let create = bindings.create(CreateRoleBinding::user(
            "6f1c2d3e-0000-4000-8000-000000000004",
            Grant::project(bad, Role::ProjectViewer),
        ));
        assert_refused(e, "role_bindings.create", bad, "grant.resource_id", create).await;
        let filter = RoleBindingFilter::new().principal(PrincipalType::User, bad);
        let mut stream = bindings.list(filter);
        let first = stream.try_next();
        assert_refused(e, "role_bindings.list", bad, "principal_id", first).await;
        let filter = RoleBindingFilter::new().resource(ResourceType::Project, bad);
        let mut stream = bindings.list(filter);
        let first = stream.try_next();
        assert_refused(e, "role_bindings.list", bad, "resource_id", first).await;
    }

    // The whole run sent nothing, and the project an id tried to reach is still there.
    assert_eq!(emu.counters().requests_total(), start);
    assert!(emu.project_ids().contains(&victim));
}

/// The reported repro: deleting an "API key" must not delete a project.
#[tokio::test]
async fn a_crafted_api_key_id_cannot_delete_a_project() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let victim = emu.seed_project("victim");
    let crafted = format!("x\\..\\..\\projects\\{victim}");
    let before = emu.counters();
    let result = admin.api_keys().delete(&crafted).await;
    match &result {
        Err(Error::Validation { field, message }) => {
            assert_eq!(field, "api_key_id");
            assert!(message.contains("'\\\\'"), "{message}");
            assert!(!message.contains(&victim), "the value is echoed: {message}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(emu.counters().requests_total(), before.requests_total());
    assert!(emu.project_ids().contains(&victim));
}

/// Valid ids still reach their own route, whatever unreserved characters they hold.
#[tokio::test]
async fn ids_of_unreserved_characters_reach_their_own_route() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    for id in ["...", ".a", "a..b", "A-Z_0~9", "-NM7af6f234168c4e44a"] {
        let before = emu.counters().requests("GET /admin/projects/{project_id}");
        let result = admin.projects().describe(id).await;
        // The emulator, like Pinecone, answers 404 or 400 (not a UUID): a server's answer.
        assert!(
            matches!(result, Err(Error::NotFound(_) | Error::BadRequest(_))),
            "{id:?}: {result:?}"
        );
        let after = emu.counters().requests("GET /admin/projects/{project_id}");
        assert_eq!(after - before, 1, "{id:?} did not reach its route");
    }
}

/// Cleanup deletes what the control plane lists. A listing naming a resource `..`, `a\b`, ...
/// (a broken or hostile server) fails those deletions before anything is sent: only the four
/// listings reach the control plane, the project stays, and the temporary key is removed.
#[tokio::test]
async fn cleanup_refuses_listed_names_that_leave_their_path_segment() {
    let emu = emulator().await;
    let control = MockServer::start().await;
    let listing = |p: &str, body: serde_json::Value| {
        Mock::given(method("GET"))
            .and(path(p.to_owned()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
    };
    listing(
        "/indexes",
        serde_json::json!({"indexes": [{"name": "..", "deletion_protection": "disabled"}]}),
    )
    .mount(&control)
    .await;
    listing(
        "/collections",
        serde_json::json!({"collections": [{"name": "x\\..\\..\\indexes\\other"}]}),
    )
    .mount(&control)
    .await;
    listing(
        "/backups",
        serde_json::json!({"data": [{"backup_id": "%2e%2e"}], "pagination": null}),
    )
    .mount(&control)
    .await;
    listing(
        "/assistant/assistants",
        serde_json::json!({"assistants": [{"name": "a?b"}]}),
    )
    .mount(&control)
    .await;
    let admin = builder(&emu)
        .control_host(control.uri())
        .build()
        .await
        .expect("admin builds");
    let project = emu.seed_project("listed-badly");
    let keys_before = emu.api_key_ids(&project);

    let options = CleanupOptions::new()
        .max_attempts(2)
        .retry_delay(Duration::from_millis(5))
        .poll_interval(Duration::from_millis(5), Duration::from_millis(10))
        .resource_timeout(Duration::from_secs(2));
    let err = admin
        .projects()
        .delete_with_cleanup(&project, options)
        .await
        .expect_err("cleanup must fail");
    match err.error() {
        Error::Validation { field, .. } => assert!(
            [
                "index_name",
                "collection_name",
                "backup_id",
                "assistant_name"
            ]
            .contains(&field.as_str()),
            "{field}"
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(err.report().total() == 0, "{:?}", err.report());

    let sent = control.received_requests().await.expect("recording on");
    assert!(!sent.is_empty());
    for request in &sent {
        assert_eq!(
            request.method.as_str(),
            "GET",
            "{} {}",
            request.method,
            request.url
        );
        assert!(
            [
                "/indexes",
                "/collections",
                "/backups",
                "/assistant/assistants"
            ]
            .contains(&request.url.path()),
            "unexpected control-plane request {} {}",
            request.method,
            request.url
        );
    }
    assert!(emu.project_ids().contains(&project));
    assert_eq!(emu.api_key_ids(&project), keys_before, "temporary key left");
    assert_eq!(
        emu.counters()
            .requests("DELETE /admin/projects/{project_id}"),
        0
    );
}
