//! `service_accounts()` against the emulator over real HTTP.

use crate::common_workflows;

use common_workflows::*;
use futures::TryStreamExt;
use pinecone_admin::{
    Admin, CreateServiceAccount, Error, Grant, PageRequest, PrincipalType, Role, RoleBindingFilter,
    UpdateServiceAccount,
};
use pinecone_admin_emulator::{EmulatorHandle, FaultAction, FaultRule, ResourceKind};

async fn admin_as(
    emu: &EmulatorHandle,
    client_id: &str,
    secret: &str,
) -> pinecone_admin::Result<Admin> {
    Admin::builder()
        .client_id(client_id)
        .client_secret(secret)
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .control_host(emu.control_url())
        .retry(fast_retry())
        .env(|_| None)
        .build()
        .await
}

#[tokio::test]
async fn create_use_rotate_update_delete() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let project = emu.seed_project("ci");

    let created = admin
        .service_accounts()
        .create(
            CreateServiceAccount::new("ci-deployer")
                .organization_role(Role::OrgManager)
                .project_role(&project, Role::ProjectEditor),
        )
        .await
        .unwrap();
    let sa = created.service_account().clone();
    assert_eq!(sa.name, "ci-deployer");
    assert!(!sa.client_id.is_empty());
    assert!(sa.created_at.is_some());
    let secret = created.secret().expose().to_owned();
    // The secret never prints.
    for shown in [
        format!("{created:?}"),
        created.to_string(),
        format!("{created:#?}"),
    ] {
        assert!(!shown.contains(&secret), "{shown}");
        assert!(shown.contains(&created.secret().masked()), "{shown}");
    }
    // Its bindings exist.
    let bindings: Vec<_> = admin
        .role_bindings()
        .list(RoleBindingFilter::new().principal(PrincipalType::ServiceAccount, &sa.id))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(bindings.len(), 2);

    // The credentials work.
    let as_sa = admin_as(&emu, &sa.client_id, &secret).await.unwrap();
    as_sa.projects().list().await.unwrap();

    let described = admin.service_accounts().describe(&sa.id).await.unwrap();
    assert_eq!(described.client_id, sa.client_id);

    let renamed = admin
        .service_accounts()
        .update(&sa.id, UpdateServiceAccount::new().name("ci-deployer-v2"))
        .await
        .unwrap();
    assert_eq!(renamed.name, "ci-deployer-v2");
    assert_eq!(
        admin
            .service_accounts()
            .describe(&sa.id)
            .await
            .unwrap()
            .name,
        "ci-deployer-v2"
    );

    let rotated = admin
        .service_accounts()
        .rotate_secret(&sa.id)
        .await
        .unwrap();
    let new_secret = rotated.secret().expose().to_owned();
    assert_ne!(new_secret, secret);
    assert_eq!(rotated.client_id(), sa.client_id);
    assert!(!format!("{rotated:?}").contains(&new_secret));
    // The old secret no longer works; the new one does.
    assert!(matches!(
        admin_as(&emu, &sa.client_id, &secret).await,
        Err(Error::OAuth(_)) | Err(Error::Unauthorized(_))
    ));
    admin_as(&emu, &sa.client_id, &new_secret)
        .await
        .unwrap()
        .projects()
        .list()
        .await
        .unwrap();

    admin.service_accounts().delete(&sa.id).await.unwrap();
    assert!(admin
        .service_accounts()
        .describe(&sa.id)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(!emu.service_account_ids().contains(&sa.id));
}

#[tokio::test]
async fn lists_every_service_account_across_pages() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    for i in 0..250 {
        admin
            .service_accounts()
            .create(CreateServiceAccount::new(format!("sa-{i:03}")))
            .await
            .unwrap();
    }
    let before = emu.counters().requests("GET /admin/service-accounts");
    let all: Vec<_> = admin.service_accounts().list().try_collect().await.unwrap();
    // The seeded account plus 250.
    assert_eq!(all.len(), 251);
    assert_eq!(all[0].id, emu.service_account_id());
    assert_eq!(all[250].name, "sa-249");
    assert_eq!(
        all.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        emu.service_account_ids()
    );
    assert_eq!(
        emu.counters().requests("GET /admin/service-accounts") - before,
        3
    );

    let mut request = PageRequest::new().limit(100);
    let mut sizes = Vec::new();
    loop {
        let page = admin
            .service_accounts()
            .list_page(request.clone())
            .await
            .unwrap();
        sizes.push(page.items.len());
        match page.next {
            Some(t) => request = request.token(t),
            None => break,
        }
    }
    assert_eq!(sizes, [100, 100, 51]);
}

#[tokio::test]
async fn bad_requests_send_nothing() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let sent = emu.counters().requests_total();
    let sas = admin.service_accounts();
    for name in [String::new(), "   ".into(), "n".repeat(81)] {
        assert!(matches!(
            sas.create(CreateServiceAccount::new(name.clone())).await,
            Err(Error::Validation { .. })
        ));
        assert!(matches!(
            sas.update(
                "7a6b5c4d-0000-4000-8000-000000000006",
                UpdateServiceAccount::new().name(name)
            )
            .await,
            Err(Error::Validation { .. })
        ));
    }
    let too_many = CreateServiceAccount::new("x")
        .grants((0..101).map(|_| Grant::organization(Role::OrgMember)));
    assert!(matches!(
        sas.create(too_many).await,
        Err(Error::Validation { .. })
    ));
    let unscoped = CreateServiceAccount::new("x").grant(Grant::new(
        pinecone_admin::ResourceType::Project,
        None,
        Role::ProjectEditor,
    ));
    match sas.create(unscoped).await {
        Err(Error::Validation { field, .. }) => assert_eq!(field, "role_bindings[0].resource_id"),
        other => panic!("{other:?}"),
    }
    for id in ["", " \t"] {
        assert!(sas.describe(id).await.is_err());
        assert!(sas.delete(id).await.is_err());
        assert!(sas.rotate_secret(id).await.is_err());
    }
    assert!(sas.list_page(PageRequest::new().limit(101)).await.is_err());
    assert_eq!(emu.counters().requests_total(), sent);
    // 80 characters is fine.
    sas.create(CreateServiceAccount::new("n".repeat(80)))
        .await
        .unwrap();
}

#[tokio::test]
async fn secret_bearing_calls_are_never_repeated() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    emu.inject(
        FaultRule::new("POST", "/admin/service-accounts")
            .times(1)
            .action(FaultAction::ProcessThenFail(500)),
    );
    let err = admin
        .service_accounts()
        .create(CreateServiceAccount::new("once"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Server(_)));
    assert_eq!(emu.counters().creates(ResourceKind::ServiceAccount), 1);

    let sa = admin
        .service_accounts()
        .create(CreateServiceAccount::new("rotated"))
        .await
        .unwrap();
    let id = sa.service_account().id.clone();
    emu.inject(
        FaultRule::new(
            "POST",
            "/admin/service-accounts/{service_account_id}/rotate-secret",
        )
        .times(1)
        .action(FaultAction::status(503)),
    );
    assert!(admin.service_accounts().rotate_secret(&id).await.is_err());
    assert_eq!(
        emu.counters()
            .requests("POST /admin/service-accounts/{service_account_id}/rotate-secret"),
        1
    );
    // An undecodable success never shows the secret in the error.
    emu.inject(
        FaultRule::new(
            "POST",
            "/admin/service-accounts/{service_account_id}/rotate-secret",
        )
        .times(1)
        .action(FaultAction::Status {
            status: 200,
            body: Some(
                r#"{"client_secret":"leakyleakyleakyleaky1234","service_account":7}"#.into(),
            ),
            retry_after: None,
        }),
    );
    let err = admin
        .service_accounts()
        .rotate_secret(&id)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("leaky"), "{err:?}");
}
