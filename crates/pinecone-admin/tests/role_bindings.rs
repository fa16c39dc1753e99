//! `role_bindings()` against the emulator over real HTTP: every filter, pagination, create,
//! describe, delete and the checks made before sending.

use crate::common_workflows;

use common_workflows::*;
use futures::{StreamExt, TryStreamExt};
use pinecone_admin::{
    Admin, CreateApiKey, CreateRoleBinding, Error, Grant, PageRequest, PrincipalType, ResourceType,
    Role, RoleBinding, RoleBindingFilter,
};

async fn list(admin: &Admin, filter: RoleBindingFilter) -> Vec<RoleBinding> {
    admin
        .role_bindings()
        .list(filter)
        .try_collect()
        .await
        .unwrap()
}

#[tokio::test]
async fn create_describe_delete_and_every_filter() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("shop");
    let other_project = emu.seed_project("blog");
    let alice = emu.seed_user("alice@example.com", None);
    let bob = emu.seed_user("bob@example.com", None);
    let key = admin
        .api_keys()
        .create(
            &project,
            CreateApiKey::new("app").roles(["DataPlaneViewer"]),
        )
        .await
        .unwrap();

    let editor = admin
        .role_bindings()
        .create(CreateRoleBinding::user(
            &alice,
            Grant::project(&project, Role::ProjectEditor),
        ))
        .await
        .unwrap();
    assert_eq!(editor.principal_type, PrincipalType::User);
    assert_eq!(editor.principal_id, alice);
    assert_eq!(editor.resource_type, ResourceType::Project);
    assert_eq!(editor.resource_id, project);
    assert_eq!(editor.role, Role::ProjectEditor);
    assert!(editor.created_at.is_some());
    admin
        .role_bindings()
        .create(CreateRoleBinding::user(
            &bob,
            Grant::project(&other_project, Role::ProjectViewer),
        ))
        .await
        .unwrap();
    admin
        .role_bindings()
        .create(CreateRoleBinding::api_key(
            &key.key().id,
            Grant::project(&project, Role::ControlPlaneViewer),
        ))
        .await
        .unwrap();
    let manager = admin
        .role_bindings()
        .create(CreateRoleBinding::new(
            "user",
            &bob,
            Grant::organization(Role::OrgManager),
        ))
        .await
        .unwrap();
    assert_eq!(manager.resource_type, ResourceType::Organization);
    assert_eq!(manager.resource_id, emu.organization_id());

    assert_eq!(
        admin.role_bindings().describe(&editor.id).await.unwrap(),
        editor
    );

    // principal (type + id)
    let of_alice = list(
        &admin,
        RoleBindingFilter::new().principal(PrincipalType::User, &alice),
    )
    .await;
    assert_eq!(of_alice.len(), 2, "{of_alice:?}"); // OrgMember (seeded) + ProjectEditor
    assert!(of_alice.iter().all(|b| b.principal_id == alice));
    // principal type only
    let of_keys = list(
        &admin,
        RoleBindingFilter::new().principal_type(PrincipalType::ApiKey),
    )
    .await;
    assert_eq!(of_keys.len(), 2); // DataPlaneViewer (at creation) + ControlPlaneViewer
    assert!(of_keys.iter().all(|b| b.principal_id == key.key().id));
    // resource (type + id)
    let on_project = list(
        &admin,
        RoleBindingFilter::new().resource(ResourceType::Project, &project),
    )
    .await;
    assert_eq!(on_project.len(), 3);
    assert!(on_project.iter().all(|b| b.resource_id == project));
    // resource type only
    let org_wide = list(
        &admin,
        RoleBindingFilter::new().resource_type(ResourceType::Organization),
    )
    .await;
    assert!(org_wide
        .iter()
        .all(|b| b.resource_type == ResourceType::Organization));
    // owner user, owner service account, alice, bob (member + manager)
    assert_eq!(org_wide.len(), 5, "{org_wide:?}");
    // role
    let managers = list(&admin, RoleBindingFilter::new().role(Role::OrgManager)).await;
    assert_eq!(managers.len(), 1);
    assert_eq!(managers[0].id, manager.id);
    // all together
    let exact = list(
        &admin,
        RoleBindingFilter::new()
            .principal(PrincipalType::User, &alice)
            .resource(ResourceType::Project, &project)
            .role(Role::ProjectEditor),
    )
    .await;
    assert_eq!(exact.len(), 1);
    assert_eq!(exact[0], editor);
    let none = list(
        &admin,
        RoleBindingFilter::new()
            .principal(PrincipalType::User, &alice)
            .role(Role::ProjectViewer),
    )
    .await;
    assert!(none.is_empty());

    // The same grant twice is a conflict.
    assert!(matches!(
        admin
            .role_bindings()
            .create(CreateRoleBinding::user(
                &alice,
                Grant::project(&project, Role::ProjectEditor),
            ))
            .await,
        Err(Error::Conflict(_))
    ));

    admin.role_bindings().delete(&editor.id).await.unwrap();
    assert!(admin
        .role_bindings()
        .describe(&editor.id)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(!emu.role_binding_ids().contains(&editor.id));
    assert_eq!(
        list(
            &admin,
            RoleBindingFilter::new().principal(PrincipalType::User, &alice)
        )
        .await
        .len(),
        1
    );
}

#[tokio::test]
async fn many_bindings_across_pages() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    for i in 0..250 {
        emu.seed_user(&format!("member{i:03}@example.com"), None);
    }
    let before = emu.counters().requests("GET /admin/role-bindings");
    let members = list(&admin, RoleBindingFilter::new().role(Role::OrgMember)).await;
    assert_eq!(members.len(), 250);
    assert_eq!(
        emu.counters().requests("GET /admin/role-bindings") - before,
        3
    );
    let all = list(&admin, RoleBindingFilter::new()).await;
    assert_eq!(all.len(), emu.role_binding_ids().len());
    assert_eq!(
        all.iter().map(|b| b.id.clone()).collect::<Vec<_>>(),
        emu.role_binding_ids()
    );

    let page = admin
        .role_bindings()
        .list_page(
            &RoleBindingFilter::new().role(Role::OrgMember),
            PageRequest::new().limit(30),
        )
        .await
        .unwrap();
    assert_eq!(page.items.len(), 30);
    let next = admin
        .role_bindings()
        .list_page(
            &RoleBindingFilter::new().role(Role::OrgMember),
            PageRequest::new().limit(30).token(page.next.unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(next.items.len(), 30);
    assert_ne!(next.items[0].id, page.items[0].id);
    // A token belongs to its query: reusing it with another filter is refused by the server.
    let page = admin
        .role_bindings()
        .list_page(
            &RoleBindingFilter::new().role(Role::OrgMember),
            PageRequest::new().limit(30),
        )
        .await
        .unwrap();
    let err = admin
        .role_bindings()
        .list_page(
            &RoleBindingFilter::new().role(Role::OrgOwner),
            PageRequest::new().limit(30).token(page.next.unwrap()),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::BadRequest(_)), "{err:?}");
}

#[tokio::test]
async fn bad_filters_and_requests_send_nothing() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let sent = emu.counters().requests_total();
    let rb = admin.role_bindings();

    for (filter, field) in [
        (RoleBindingFilter::new().principal_id("u-1"), "principal_id"),
        (RoleBindingFilter::new().resource_id("p-1"), "resource_id"),
        (
            RoleBindingFilter::new().principal("user", " "),
            "principal_id",
        ),
        (
            RoleBindingFilter::new().resource("project", ""),
            "resource_id",
        ),
        (RoleBindingFilter::new().role(""), "role"),
    ] {
        match rb.list(filter.clone()).next().await {
            Some(Err(Error::Validation { field: f, .. })) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
        assert!(matches!(
            rb.list_page(&filter, PageRequest::new()).await,
            Err(Error::Validation { .. })
        ));
    }

    for (request, field) in [
        (
            CreateRoleBinding::user("", Grant::organization(Role::OrgMember)),
            "principal_id",
        ),
        (
            CreateRoleBinding::user(
                "u",
                Grant::new(ResourceType::Project, None, Role::ProjectEditor),
            ),
            "grant.resource_id",
        ),
        (
            CreateRoleBinding::user("u", Grant::organization(Role::ProjectEditor)),
            "grant.role",
        ),
        (
            CreateRoleBinding::user("u", Grant::project("p", Role::OrgOwner)),
            "grant.role",
        ),
        (
            CreateRoleBinding::new("", "u", Grant::organization(Role::OrgMember)),
            "principal_type",
        ),
    ] {
        match rb.create(request).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert!(rb.describe(" ").await.is_err());
    assert!(rb.delete("").await.is_err());
    assert_eq!(emu.counters().requests_total(), sent);
}

#[tokio::test]
async fn unknown_values_pass_through() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let user = emu.seed_user("x@example.com", None);
    // A role or principal type this crate does not know is sent as is: the server decides.
    let err = admin
        .role_bindings()
        .create(CreateRoleBinding::new(
            "robot",
            &user,
            Grant::organization("OrgAuditor"),
        ))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::BadRequest(_)), "{err:?}");
    assert_eq!(emu.counters().requests("POST /admin/role-bindings"), 1);
    // Filters with unknown values are sent too.
    let none = list(&admin, RoleBindingFilter::new().principal_type("robot")).await;
    assert!(none.is_empty());
}

#[tokio::test]
async fn the_last_owner_binding_is_protected_by_the_server() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let owners = list(
        &admin,
        RoleBindingFilter::new()
            .principal(PrincipalType::User, emu.owner_user_id())
            .role(Role::OrgOwner),
    )
    .await;
    assert_eq!(owners.len(), 1);
    // It is the owner's only membership binding: the server refuses (409) and it stays.
    assert!(matches!(
        admin.role_bindings().delete(&owners[0].id).await,
        Err(Error::Conflict(_))
    ));
    assert!(emu.role_binding_ids().contains(&owners[0].id));
}
