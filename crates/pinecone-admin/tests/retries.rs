//! Retry policy against the emulator's faults: which cases are retried for which method,
//! `Retry-After`, and creates that are never duplicated.

use crate::common;

use std::time::{Duration, Instant};

use common::{builder, emulator};
use pinecone_admin::{CreateApiKey, CreateProject, Error, RetryConfig, UpdateProject};
use pinecone_admin_emulator::{FaultAction, FaultRule, ResourceKind};

const LIST: &str = "GET /admin/projects";
const CREATE: &str = "POST /admin/projects";

#[tokio::test]
async fn get_is_retried_on_each_transient_status() {
    for status in [408u16, 429, 500, 502, 503, 504] {
        let emu = emulator().await;
        let admin = common::admin(&emu).await;
        emu.inject(
            FaultRule::new("GET", "/admin/projects").action(FaultAction::FailTimes(2, status)),
        );
        admin
            .projects()
            .list()
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(emu.counters().requests(LIST), 3, "status {status}");
    }
}

#[tokio::test]
async fn get_gives_up_after_max_retries() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::status(503)));
    let err = admin.projects().list().await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(
        emu.counters().requests(LIST),
        4,
        "1 attempt + 3 retries (default)"
    );

    let emu = emulator().await;
    let admin = builder(&emu)
        .retry(common::fast_retry().max_retries(1))
        .build()
        .await
        .unwrap();
    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::status(500)));
    admin.projects().list().await.unwrap_err();
    assert_eq!(emu.counters().requests(LIST), 2);

    let emu = emulator().await;
    let admin = builder(&emu)
        .retry(RetryConfig::disabled())
        .build()
        .await
        .unwrap();
    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::status(500)));
    admin.projects().list().await.unwrap_err();
    assert_eq!(emu.counters().requests(LIST), 1);
}

#[tokio::test]
async fn non_transient_statuses_are_not_retried() {
    for status in [400u16, 402, 403, 404, 409, 412, 422, 501] {
        let emu = emulator().await;
        let admin = common::admin(&emu).await;
        emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::status(status)));
        let err = admin.projects().list().await.unwrap_err();
        assert_eq!(err.status().unwrap().as_u16(), status);
        assert_eq!(emu.counters().requests(LIST), 1, "status {status}");
    }
}

#[tokio::test]
async fn create_processed_then_failed_is_not_duplicated() {
    for status in [500u16, 502, 503, 504, 408] {
        let emu = emulator().await;
        let admin = common::admin(&emu).await;
        emu.inject(
            FaultRule::new("POST", "/admin/projects")
                .times(1)
                .action(FaultAction::ProcessThenFail(status)),
        );
        let err = admin
            .projects()
            .create(CreateProject::new("only-once"))
            .await
            .unwrap_err();
        assert_eq!(err.status().unwrap().as_u16(), status);
        assert_eq!(
            emu.counters().requests(CREATE),
            1,
            "status {status}: not retried"
        );
        assert_eq!(emu.counters().creates(ResourceKind::Project), 1);
        assert_eq!(emu.project_ids().len(), 1, "exactly one project exists");
    }
}

#[tokio::test]
async fn api_key_create_processed_then_failed_is_not_duplicated() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    let project = admin
        .projects()
        .create(CreateProject::new("k"))
        .await
        .unwrap();
    emu.inject(
        FaultRule::new("POST", "/admin/projects/{project_id}/api-keys")
            .times(1)
            .action(FaultAction::ProcessThenFail(500)),
    );
    let err = admin
        .api_keys()
        .create(&project.id, CreateApiKey::new("once"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(emu.counters().creates(ResourceKind::ApiKey), 1);
    assert_eq!(emu.api_key_ids(&project.id).len(), 1);
}

#[tokio::test]
async fn create_is_retried_on_429() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    emu.inject(FaultRule::new("POST", "/admin/projects").action(FaultAction::FailTimes(2, 429)));
    admin
        .projects()
        .create(CreateProject::new("throttled"))
        .await
        .unwrap();
    assert_eq!(emu.counters().requests(CREATE), 3);
    assert_eq!(emu.counters().creates(ResourceKind::Project), 1);
    assert_eq!(emu.project_ids().len(), 1);
}

#[tokio::test]
async fn dropped_connection_retried_for_get_not_for_post() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    emu.inject(
        FaultRule::new("GET", "/admin/projects")
            .times(1)
            .action(FaultAction::DropConnection),
    );
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().requests(LIST), 2);

    emu.inject(
        FaultRule::new("POST", "/admin/projects")
            .times(1)
            .action(FaultAction::DropConnection),
    );
    let err = admin
        .projects()
        .create(CreateProject::new("x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    assert!(
        err.is_retryable(),
        "the caller may decide to check and retry"
    );
    assert_eq!(
        emu.counters().requests(CREATE),
        1,
        "the request was sent: not retried"
    );
}

#[tokio::test]
async fn patch_and_delete_are_retried() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    let p = admin
        .projects()
        .create(CreateProject::new("p"))
        .await
        .unwrap();
    emu.inject(
        FaultRule::new("PATCH", "/admin/projects/{project_id}")
            .action(FaultAction::FailTimes(1, 503)),
    );
    admin
        .projects()
        .update(&p.id, UpdateProject::new().max_pods(2))
        .await
        .unwrap();
    assert_eq!(
        emu.counters()
            .requests("PATCH /admin/projects/{project_id}"),
        2
    );

    emu.inject(
        FaultRule::new("DELETE", "/admin/projects/{project_id}")
            .action(FaultAction::FailTimes(1, 502)),
    );
    admin.projects().delete(&p.id).await.unwrap();
    assert_eq!(
        emu.counters()
            .requests("DELETE /admin/projects/{project_id}"),
        2
    );
}

#[tokio::test]
async fn delete_whose_answer_was_lost_surfaces_not_found() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    let p = admin
        .projects()
        .create(CreateProject::new("p"))
        .await
        .unwrap();
    emu.inject(
        FaultRule::new("DELETE", "/admin/projects/{project_id}")
            .times(1)
            .action(FaultAction::ProcessThenFail(503)),
    );
    let err = admin.projects().delete(&p.id).await.unwrap_err();
    assert!(
        err.is_not_found(),
        "documented: the retry finds it gone: {err:?}"
    );
    assert!(emu.project_ids().is_empty());
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let emu = emulator().await;
    let admin = builder(&emu)
        .retry(
            RetryConfig::default()
                .min_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(2))
                .max_retry_after(Duration::from_secs(10)),
        )
        .build()
        .await
        .unwrap();
    emu.inject(
        FaultRule::new("GET", "/admin/projects")
            .times(1)
            .action(FaultAction::rate_limited(1)),
    );
    let started = Instant::now();
    admin.projects().list().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(emu.counters().requests(LIST), 2);
}

#[tokio::test]
async fn retry_after_is_capped_and_reported() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await; // cap 50 ms
    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::rate_limited(30)));
    let started = Instant::now();
    let err = admin.projects().list().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the 30 s ask was capped"
    );
    match &err {
        Error::RateLimited { retry_after, error } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(30)));
            assert_eq!(error.status().as_u16(), 429);
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(emu.counters().requests(LIST), 4);
}

#[tokio::test]
async fn token_exchange_is_retried_on_transient_failure() {
    let emu = emulator().await;
    emu.inject(FaultRule::new("POST", "/oauth/token").action(FaultAction::FailTimes(2, 503)));
    let admin = common::admin(&emu).await;
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().requests("POST /oauth/token"), 3);
}

#[tokio::test]
async fn create_is_retried_when_the_connection_is_refused() {
    // A host that refuses connections: nothing was sent, so even a POST is retried.
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let offline = builder(&emu)
        .host(format!("http://{closed}"))
        .build()
        .await
        .unwrap();
    let captured = common::LogCapture::default();
    let _guard = tracing::subscriber::set_default(captured.subscriber());
    let err = offline
        .projects()
        .create(CreateProject::new("x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    let warnings = captured.lines_at("WARN");
    let retrying = warnings.iter().filter(|l| l.contains("retrying")).count();
    assert_eq!(retrying, 3, "{warnings:#?}");
    assert!(!captured.text().contains(common::CLIENT_SECRET));
    drop(admin);
}
