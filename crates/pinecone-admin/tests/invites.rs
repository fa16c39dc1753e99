//! `invites()` against the emulator over real HTTP.

use crate::common_workflows;

use common_workflows::*;
use futures::TryStreamExt;
use pinecone_admin::{
    CreateInvite, Error, Grant, InviteStatus, PageRequest, PrincipalType, ResourceType, Role,
    RoleBindingFilter,
};
use pinecone_admin_emulator::{FaultAction, FaultRule, ResourceKind};

#[tokio::test]
async fn create_describe_list_resend_delete() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("team");

    let invite = admin
        .invites()
        .create(
            CreateInvite::new("new.teammate@example.com")
                .organization_role(Role::OrgMember)
                .project_role(&project, Role::ProjectEditor),
        )
        .await
        .unwrap();
    assert_eq!(invite.email, "new.teammate@example.com");
    assert_eq!(invite.status, InviteStatus::Pending);
    assert!(invite.expires_at.is_some());
    assert!(invite.created_at.is_some());
    assert!(invite.processed_at.is_none());

    // Its roles are role bindings of principal type `invite`.
    let bindings: Vec<_> = admin
        .role_bindings()
        .list(RoleBindingFilter::new().principal(PrincipalType::Invite, &invite.id))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(bindings.len(), 2);
    assert!(bindings
        .iter()
        .any(|b| b.role == Role::OrgMember && b.resource_type == ResourceType::Organization));
    assert!(bindings.iter().any(|b| b.role == Role::ProjectEditor
        && b.resource_type == ResourceType::Project
        && b.resource_id == project));

    let described = admin.invites().describe(&invite.id).await.unwrap();
    assert_eq!(described, invite);

    let listed: Vec<_> = admin.invites().list().try_collect().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, invite.id);

    let resent = admin.invites().resend(&invite.id).await.unwrap();
    assert_eq!(resent.id, invite.id);
    assert!(resent.expires_at >= invite.expires_at);
    assert_eq!(
        emu.counters()
            .requests("POST /admin/invites/{invite_id}/resend"),
        1
    );

    admin.invites().delete(&invite.id).await.unwrap();
    assert!(admin
        .invites()
        .describe(&invite.id)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(emu.invite_ids().is_empty());
    let left: Vec<_> = admin
        .role_bindings()
        .list(RoleBindingFilter::new().principal(PrincipalType::Invite, &invite.id))
        .try_collect()
        .await
        .unwrap();
    assert!(left.is_empty(), "the invite's bindings went with it");
}

#[tokio::test]
async fn accepted_and_expired_invites() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let invite = admin
        .invites()
        .create(CreateInvite::new("joiner@example.com").organization_role(Role::OrgManager))
        .await
        .unwrap();
    let other = admin
        .invites()
        .create(CreateInvite::new("late@example.com").organization_role(Role::OrgMember))
        .await
        .unwrap();

    emu.expire_invite(&other.id).unwrap();
    assert_eq!(
        admin.invites().describe(&other.id).await.unwrap().status,
        InviteStatus::Expired
    );
    let renewed = admin.invites().resend(&other.id).await.unwrap();
    assert_eq!(renewed.status, InviteStatus::Pending);

    emu.accept_invite(&invite.id).unwrap();
    let accepted = admin.invites().describe(&invite.id).await.unwrap();
    assert_eq!(accepted.status, InviteStatus::Processed);
    assert!(accepted.processed_at.is_some());
    // An accepted invite can no longer be withdrawn or resent.
    assert!(matches!(
        admin.invites().delete(&invite.id).await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        admin.invites().resend(&invite.id).await,
        Err(Error::Conflict(_))
    ));
    // And the invitee is now a user.
    assert!(admin
        .users()
        .find_by_email("joiner@example.com")
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn conflicts_from_the_server() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let request = CreateInvite::new("twice@example.com").organization_role(Role::OrgMember);
    admin.invites().create(request.clone()).await.unwrap();
    assert!(matches!(
        admin.invites().create(request).await,
        Err(Error::Conflict(_))
    ));
    // A member's address cannot be invited.
    assert!(matches!(
        admin
            .invites()
            .create(CreateInvite::new("owner@example.com").organization_role(Role::OrgMember))
            .await,
        Err(Error::Conflict(_))
    ));
}

#[tokio::test]
async fn an_unknown_project_is_the_servers_call() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let err = admin
        .invites()
        .create(
            CreateInvite::new("x@example.com")
                .organization_role(Role::OrgMember)
                .project_role("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", Role::ProjectViewer),
        )
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn bad_invites_send_nothing() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("p");
    let cases: Vec<(CreateInvite, &str)> = vec![
        (
            CreateInvite::new("no-at-sign").organization_role(Role::OrgMember),
            "email",
        ),
        (
            CreateInvite::new(format!("{}@example.com", "x".repeat(250)))
                .organization_role(Role::OrgMember),
            "email",
        ),
        (CreateInvite::new("a@example.com"), "role_bindings"),
        (
            CreateInvite::new("a@example.com").project_role(&project, Role::ProjectEditor),
            "role_bindings",
        ),
        (
            CreateInvite::new("a@example.com")
                .organization_role(Role::OrgMember)
                .grants((0..100).map(|_| Grant::project(&project, Role::ProjectViewer))),
            "role_bindings",
        ),
        (
            CreateInvite::new("a@example.com")
                .organization_role(Role::OrgMember)
                .grant(Grant::new(ResourceType::Project, None, Role::ProjectViewer)),
            "role_bindings[1].resource_id",
        ),
        (
            CreateInvite::new("a@example.com")
                .organization_role(Role::OrgMember)
                .grant(Grant::project(&project, Role::OrgOwner)),
            "role_bindings[1].role",
        ),
    ];
    for (request, field) in cases {
        match admin.invites().create(request).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    for id in ["", " "] {
        assert!(admin.invites().describe(id).await.is_err());
        assert!(admin.invites().delete(id).await.is_err());
        assert!(admin.invites().resend(id).await.is_err());
    }
    assert!(matches!(
        admin.invites().list_page(PageRequest::new().limit(0)).await,
        Err(Error::Validation { .. })
    ));
    assert_eq!(emu.counters().requests("POST /admin/invites"), 0);
    assert_eq!(emu.counters().requests("GET /admin/invites"), 0);
    assert_eq!(emu.counters().creates(ResourceKind::Invite), 0);
}

#[tokio::test]
async fn a_create_that_may_have_happened_is_not_repeated() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    emu.inject(
        FaultRule::new("POST", "/admin/invites")
            .times(1)
            .action(FaultAction::ProcessThenFail(503)),
    );
    let err = admin
        .invites()
        .create(CreateInvite::new("once@example.com").organization_role(Role::OrgMember))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    // One email, not four.
    assert_eq!(emu.counters().creates(ResourceKind::Invite), 1);
    assert_eq!(emu.counters().requests("POST /admin/invites"), 1);
}

#[tokio::test]
async fn many_invites_across_pages() {
    let emu = emulator_with(|b| b.invite_emails_per_hour(1000)).await;
    let admin = admin(&emu).await;
    for i in 0..130 {
        admin
            .invites()
            .create(
                CreateInvite::new(format!("guest{i:03}@example.com"))
                    .organization_role(Role::OrgMember),
            )
            .await
            .unwrap();
    }
    let before = emu.counters().requests("GET /admin/invites");
    let all: Vec<_> = admin.invites().list().try_collect().await.unwrap();
    assert_eq!(all.len(), 130);
    assert_eq!(all[0].email, "guest000@example.com");
    assert_eq!(all[129].email, "guest129@example.com");
    assert_eq!(emu.counters().requests("GET /admin/invites") - before, 2);

    let page = admin
        .invites()
        .list_page(PageRequest::new().limit(50))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 50);
    let next = page.next.expect("more pages");
    let page2 = admin
        .invites()
        .list_page(PageRequest::new().limit(50).token(next))
        .await
        .unwrap();
    assert_eq!(page2.items[0].email, "guest050@example.com");
}
