//! `users()` against the emulator over real HTTP.

use crate::common_workflows;

use common_workflows::*;
use futures::{StreamExt, TryStreamExt};
use pinecone_admin::{Error, PageRequest, UserFilter};

#[tokio::test]
async fn lists_every_user_across_pages() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    for i in 0..250 {
        emu.seed_user(
            &format!("user{i:03}@example.com"),
            Some(&format!("User {i}")),
        );
    }
    let users: Vec<_> = admin
        .users()
        .list(UserFilter::all())
        .try_collect()
        .await
        .unwrap();
    // The seeded owner plus 250 members, in creation order, each exactly once.
    assert_eq!(users.len(), 251);
    assert_eq!(users[0].email, "owner@example.com");
    assert_eq!(users[1].email, "user000@example.com");
    assert_eq!(users[250].email, "user249@example.com");
    assert_eq!(users[250].name.as_deref(), Some("User 249"));
    let ids: std::collections::BTreeSet<_> = users.iter().map(|u| u.id.clone()).collect();
    assert_eq!(ids.len(), 251);
    assert_eq!(
        ids,
        emu.user_ids()
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
    );
    // 100 per page: three pages.
    assert_eq!(emu.counters().requests("GET /admin/users"), 3);
}

#[tokio::test]
async fn the_stream_is_lazy() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    for i in 0..150 {
        emu.seed_user(&format!("lazy{i:03}@example.com"), None);
    }
    let stream = admin.users().list(UserFilter::all());
    assert_eq!(
        emu.counters().requests("GET /admin/users"),
        0,
        "nothing before polling"
    );
    let first: Vec<_> = stream.take(5).try_collect().await.unwrap();
    assert_eq!(first.len(), 5);
    assert_eq!(emu.counters().requests("GET /admin/users"), 1);
    let hundred_and_one: Vec<_> = admin
        .users()
        .list(UserFilter::all())
        .take(101)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(hundred_and_one.len(), 101);
    assert_eq!(emu.counters().requests("GET /admin/users"), 3);
}

#[tokio::test]
async fn one_page_at_a_time() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    for i in 0..24 {
        emu.seed_user(&format!("p{i:02}@example.com"), None);
    }
    let mut seen = Vec::new();
    let mut request = PageRequest::new().limit(10);
    let mut pages = 0;
    loop {
        let page = admin
            .users()
            .list_page(&UserFilter::all(), request.clone())
            .await
            .unwrap();
        pages += 1;
        assert!(page.items.len() <= 10);
        seen.extend(page.items.iter().map(|u| u.email.clone()));
        match page.next {
            Some(token) => request = request.token(token),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25);
}

#[tokio::test]
async fn email_filter_and_lookup() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let id = emu.seed_user("Dev@Example.com", Some("Dev"));
    emu.seed_user("ops@example.com", None);

    let found: Vec<_> = admin
        .users()
        .list(UserFilter::email("dev@example.com"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, id);
    let page = admin
        .users()
        .list_page(&UserFilter::email("ops@example.com"), PageRequest::new())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(page.next.is_none());

    let user = admin
        .users()
        .find_by_email("DEV@example.com")
        .await
        .unwrap();
    assert_eq!(user.map(|u| u.id), Some(id));
    assert!(admin
        .users()
        .find_by_email("nobody@example.com")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn bad_input_sends_nothing() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let sent = emu.counters().requests_total();
    for bad in ["", "  ", "not-an-email", "a b@example.com", "@example.com"] {
        let first = admin.users().list(UserFilter::email(bad)).next().await;
        match first {
            Some(Err(Error::Validation { field, .. })) => assert_eq!(field, "email"),
            other => panic!("{bad:?}: {other:?}"),
        }
        assert!(matches!(
            admin.users().find_by_email(bad).await,
            Err(Error::Validation { .. })
        ));
    }
    let long = format!("{}@example.com", "x".repeat(250));
    assert!(admin.users().find_by_email(&long).await.is_err());
    for limit in [0, 101] {
        match admin
            .users()
            .list_page(&UserFilter::all(), PageRequest::new().limit(limit))
            .await
        {
            Err(Error::Validation { field, .. }) => assert_eq!(field, "limit"),
            other => panic!("{limit}: {other:?}"),
        }
    }
    assert!(matches!(
        admin.users().describe(" ").await,
        Err(Error::Validation { .. })
    ));
    assert!(matches!(
        admin.users().delete("").await,
        Err(Error::Validation { .. })
    ));
    assert_eq!(emu.counters().requests_total(), sent);
}

#[tokio::test]
async fn describe_and_delete() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    let id = emu.seed_user("leaver@example.com", Some("Leaver"));
    let user = admin.users().describe(&id).await.unwrap();
    assert_eq!(user.email, "leaver@example.com");
    assert_eq!(user.name.as_deref(), Some("Leaver"));

    admin.users().delete(&id).await.unwrap();
    assert!(!emu.user_ids().contains(&id));
    assert!(admin
        .users()
        .describe(&id)
        .await
        .unwrap_err()
        .is_not_found());
    assert!(admin.users().delete(&id).await.unwrap_err().is_not_found());

    // Deleting a user removes their role bindings too.
    let owner = emu.owner_user_id().to_owned();
    admin.users().delete(&owner).await.unwrap();
    let left: Vec<_> = admin
        .role_bindings()
        .list(
            pinecone_admin::RoleBindingFilter::new()
                .principal(pinecone_admin::PrincipalType::User, &owner),
        )
        .try_collect()
        .await
        .unwrap();
    assert!(left.is_empty());
}
