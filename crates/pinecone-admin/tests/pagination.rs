//! Cursor pagination: the exact wire shape (wiremock), tolerance of how the last page is
//! marked, protection against a server that loops, and the emulator's tokens and limits.

use crate::common_workflows;

use common_workflows::*;
use futures::{StreamExt, TryStreamExt};
use pinecone_admin::{
    Admin, Error, PageRequest, PrincipalType, ResourceType, Role, RoleBindingFilter, UserFilter,
};
use pinecone_admin_emulator::{FaultAction, FaultRule};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn mock_admin() -> (MockServer, Admin) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "tok", "token_type": "Bearer", "expires_in": 3600}),
        ))
        .mount(&server)
        .await;
    let admin = Admin::builder()
        .client_id("id")
        .client_secret("secret")
        .host(server.uri())
        .oauth_url(format!("{}/oauth/token", server.uri()))
        .control_host(server.uri())
        .retry(fast_retry())
        .env(|_| None)
        .build()
        .await
        .unwrap();
    (server, admin)
}

fn sa(id: &str) -> serde_json::Value {
    json!({"id": id, "name": id, "client_id": format!("cid-{id}"),
           "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"})
}

#[tokio::test]
async fn the_stream_sends_limit_and_follows_the_token() {
    let (server, admin) = mock_admin().await;
    Mock::given(method("GET"))
        .and(path("/admin/service-accounts"))
        .and(query_param("limit", "100"))
        .and(query_param_is_missing("paginationToken"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"data": [sa("a"), sa("b")], "pagination": {"next": "tok-2"}}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/admin/service-accounts"))
        .and(query_param("limit", "100"))
        .and(query_param("paginationToken", "tok-2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [sa("c")], "pagination": {"next": "tok-3"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    // The last page marks its end with a null `next`.
    Mock::given(method("GET"))
        .and(path("/admin/service-accounts"))
        .and(query_param("paginationToken", "tok-3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [sa("d")], "pagination": {"next": null}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let ids: Vec<String> = admin
        .service_accounts()
        .list()
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d"]);
}

#[tokio::test]
async fn every_way_of_marking_the_last_page_ends_the_stream() {
    for last in [
        json!({"data": [sa("x")]}),
        json!({"data": [sa("x")], "pagination": null}),
        json!({"data": [sa("x")], "pagination": {}}),
        json!({"data": [sa("x")], "pagination": {"next": ""}}),
        json!({"data": [sa("x")], "pagination": {"next": null}}),
    ] {
        let (server, admin) = mock_admin().await;
        Mock::given(method("GET"))
            .and(path("/admin/service-accounts"))
            .respond_with(ResponseTemplate::new(200).set_body_json(last.clone()))
            .expect(2)
            .mount(&server)
            .await;
        let all: Vec<_> = admin.service_accounts().list().try_collect().await.unwrap();
        assert_eq!(all.len(), 1, "{last}");
        let page = admin
            .service_accounts()
            .list_page(PageRequest::new())
            .await
            .unwrap();
        assert!(page.next.is_none(), "{last}");
    }
}

#[tokio::test]
async fn a_server_that_repeats_its_token_cannot_loop_the_client() {
    let (server, admin) = mock_admin().await;
    Mock::given(method("GET"))
        .and(path("/admin/invites"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "i", "email": "a@b.co", "status": "pending", "created_at": "2026-01-01T00:00:00Z"}],
            "pagination": {"next": "same"}
        })))
        .mount(&server)
        .await;
    let items: Vec<_> = admin.invites().list().collect().await;
    // Both pages' items, then a typed error: nothing dropped silently, no endless loop.
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].is_ok() && items[1].is_ok());
    assert!(
        matches!(
            items[2],
            Err(Error::Pagination {
                what: "invites",
                pages: 2,
                ..
            })
        ),
        "{items:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1 + 2);
}

#[tokio::test]
async fn a_cursor_cycle_ends_the_listing_with_a_typed_error() {
    // Tokens A -> B -> A: no token equals the one just sent, yet following them never ends.
    let (server, admin) = mock_admin().await;
    let page = |next: &str| json!({"data": [sa("x")], "pagination": {"next": next}});
    Mock::given(method("GET"))
        .and(path("/admin/service-accounts"))
        .and(query_param("paginationToken", "A"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("B")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/admin/service-accounts"))
        .and(query_param("paginationToken", "B"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("A")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/admin/service-accounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("A")))
        .mount(&server)
        .await;
    let listing = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        admin.service_accounts().list().collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends");
    let err = listing.last().unwrap().as_ref().unwrap_err();
    assert!(
        matches!(
            err,
            Error::Pagination {
                what: "service accounts",
                pages: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("cursor cycle"), "{err}");
    assert_eq!(listing.iter().filter(|i| i.is_ok()).count(), 3);
    assert_eq!(server.received_requests().await.unwrap().len(), 1 + 3);
}

#[tokio::test]
async fn role_binding_filters_use_the_wire_names() {
    let (server, admin) = mock_admin().await;
    Mock::given(method("GET"))
        .and(path("/admin/role-bindings"))
        .and(query_param("principal_type", "service_account"))
        .and(query_param("principal_id", "sa-1"))
        .and(query_param("resource_type", "project"))
        .and(query_param("resource_id", "p-1"))
        .and(query_param("role", "ProjectEditor"))
        .and(query_param("limit", "7"))
        .and(query_param("paginationToken", "t"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "rb", "principal_type": "service_account", "principal_id": "sa-1",
                      "resource_type": "project", "resource_id": "p-1", "role": "ProjectEditor",
                      "created_at": "2026-01-01T00:00:00Z"}],
            "pagination": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = admin
        .role_bindings()
        .list_page(
            &RoleBindingFilter::new()
                .principal(PrincipalType::ServiceAccount, "sa-1")
                .resource(ResourceType::Project, "p-1")
                .role(Role::ProjectEditor),
            PageRequest::new().limit(7).token("t"),
        )
        .await
        .unwrap();
    assert_eq!(page.items[0].id, "rb");
    assert!(page.next.is_none());

    // Unset filters are not sent at all.
    Mock::given(method("GET"))
        .and(path("/admin/users"))
        .and(query_param_is_missing("email"))
        .and(query_param_is_missing("limit"))
        .and(query_param_is_missing("paginationToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let page = admin
        .users()
        .list_page(&UserFilter::all(), PageRequest::new())
        .await
        .unwrap();
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn odd_items_are_decoded_leniently() {
    let (server, admin) = mock_admin().await;
    Mock::given(method("GET"))
        .and(path("/admin/role-bindings"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "rb", "principal_type": "robot", "principal_id": null,
                      "resource_type": "workspace", "resource_id": "w", "role": "Janitor",
                      "created_at": "not a date", "extra": true}],
            "pagination": null
        })))
        .mount(&server)
        .await;
    let all: Vec<_> = admin
        .role_bindings()
        .list(RoleBindingFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all[0].principal_type, PrincipalType::Other("robot".into()));
    assert_eq!(
        all[0].resource_type,
        ResourceType::Other("workspace".into())
    );
    assert_eq!(all[0].role, Role::Other("Janitor".into()));
    assert_eq!(all[0].principal_id, "");
    assert!(all[0].created_at.is_none());
}

#[tokio::test]
async fn a_failure_mid_listing_is_yielded_and_ends_the_stream() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    for i in 0..150 {
        emu.seed_user(&format!("u{i:03}@example.com"), None);
    }
    let mut users = admin.users().list(UserFilter::all());
    for _ in 0..100 {
        users.try_next().await.unwrap().unwrap();
    }
    // The second page fails for good (403 is not retried).
    emu.inject(FaultRule::new("GET", "/admin/users").action(FaultAction::status(403)));
    match users.next().await {
        Some(Err(Error::Forbidden(_))) => {}
        other => panic!("{other:?}"),
    }
    assert!(
        users.next().await.is_none(),
        "the stream ends after an error"
    );
    assert_eq!(emu.counters().requests("GET /admin/users"), 2);
}

#[tokio::test]
async fn transient_page_failures_are_retried() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    for i in 0..150 {
        emu.seed_user(&format!("r{i:03}@example.com"), None);
    }
    emu.inject(
        FaultRule::new("GET", "/admin/users")
            .times(2)
            .action(FaultAction::status(503)),
    );
    let all: Vec<_> = admin
        .users()
        .list(UserFilter::all())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 151);
    assert_eq!(emu.counters().requests("GET /admin/users"), 2 + 2);
}

#[tokio::test]
async fn tokens_and_limits_against_the_emulator() {
    let emu = emulator().await;
    let admin = admin(&emu).await;
    for i in 0..5 {
        emu.seed_user(&format!("t{i}@example.com"), None);
    }
    // A token the server did not issue.
    let err = admin
        .users()
        .list_page(&UserFilter::all(), PageRequest::new().token("bogus"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::BadRequest(_)), "{err:?}");
    // Limits are checked before sending.
    let sent = emu.counters().requests_total();
    for limit in [0, 101, 1000] {
        assert!(matches!(
            admin
                .invites()
                .list_page(PageRequest::new().limit(limit))
                .await,
            Err(Error::Validation { .. })
        ));
    }
    assert!(matches!(
        admin
            .service_accounts()
            .list_page(PageRequest::new().token("  "))
            .await,
        Err(Error::Validation { .. })
    ));
    assert_eq!(emu.counters().requests_total(), sent);
    // 1 and 100 are fine.
    let one = admin
        .users()
        .list_page(&UserFilter::all(), PageRequest::new().limit(1))
        .await
        .unwrap();
    assert_eq!(one.items.len(), 1);
    assert!(one.has_more());
    let hundred = admin
        .users()
        .list_page(&UserFilter::all(), PageRequest::new().limit(100))
        .await
        .unwrap();
    assert_eq!(hundred.items.len(), 6);
    assert!(!hundred.has_more());
}
