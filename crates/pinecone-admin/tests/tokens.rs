//! Token handling against the emulator: caching, scheduled refresh (manual clock and a real
//! short TTL), single-flight exchanges, 401 recovery, ready access tokens.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::{builder, emulator, ManualClock};
use pinecone_admin::{Admin, CreateProject, Error};
use pinecone_admin_emulator::{Emulator, EmulatorHandle, FaultAction, FaultRule};

const LIST: &str = "GET /admin/projects";

async fn emulator_with_ttl(ttl: Duration) -> EmulatorHandle {
    Emulator::builder()
        .client_credentials(common::CLIENT_ID, common::CLIENT_SECRET)
        .token_ttl(ttl)
        .start()
        .await
        .unwrap()
}

/// A client on a manual clock whose token exchanges are not retried.
async fn on_manual_clock_without_retries(emu: &EmulatorHandle) -> (Admin, Arc<ManualClock>) {
    let clock = ManualClock::new();
    let admin = builder(emu)
        .clock(clock.clone())
        .max_retries(0)
        .build()
        .await
        .unwrap();
    (admin, clock)
}

/// Mints a token straight from the emulator (as a browser login would).
async fn mint(emu: &EmulatorHandle) -> String {
    let body: serde_json::Value = reqwest::Client::new()
        .post(emu.oauth_url())
        .header("X-Pinecone-Api-Version", "2026-07")
        .json(&serde_json::json!({
            "client_id": emu.client_id(), "client_secret": emu.client_secret(),
            "grant_type": "client_credentials", "audience": "https://api.pinecone.io/",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn first_token_fetched_at_build_and_reused() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    assert_eq!(
        emu.counters().token_exchanges(),
        1,
        "fetched during build()"
    );
    for _ in 0..5 {
        admin.projects().list().await.unwrap();
    }
    admin.clone().organizations().list().await.unwrap();
    assert_eq!(emu.counters().token_exchanges(), 1);
    assert_eq!(emu.counters().requests(LIST), 5);
}

#[tokio::test]
async fn refresh_happens_at_the_margin_not_before() {
    // TTL 3600 s → refresh when 300 s remain, i.e. 3300 s after the exchange.
    let emu = emulator_with_ttl(Duration::from_secs(3600)).await;
    let clock = ManualClock::new();
    let admin = builder(&emu).clock(clock.clone()).build().await.unwrap();
    clock.advance(Duration::from_secs(3299));
    admin.projects().list().await.unwrap();
    assert_eq!(
        emu.counters().token_exchanges(),
        1,
        "just inside the margin: no refresh"
    );
    clock.advance(Duration::from_secs(1));
    admin.projects().list().await.unwrap();
    assert_eq!(
        emu.counters().token_exchanges(),
        2,
        "at the margin: one refresh"
    );
    admin.projects().list().await.unwrap();
    assert_eq!(
        emu.counters().token_exchanges(),
        2,
        "the new token is cached"
    );
}

#[tokio::test]
async fn short_lived_tokens_are_not_born_stale() {
    // TTL 4 s → margin min(300, 2) = 2 s: usable for 2 s, not refreshed on every call.
    let emu = emulator_with_ttl(Duration::from_secs(4)).await;
    let clock = ManualClock::new();
    let admin = builder(&emu).clock(clock.clone()).build().await.unwrap();
    for _ in 0..3 {
        admin.projects().list().await.unwrap();
    }
    clock.advance(Duration::from_millis(1999));
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().token_exchanges(), 1);
    clock.advance(Duration::from_millis(1));
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().token_exchanges(), 2);
}

#[tokio::test]
async fn short_ttl_refreshes_in_real_time() {
    // A real 3 s token (refreshed 1.5 s after issue) with the system clock.
    let emu = emulator_with_ttl(Duration::from_secs(3)).await;
    let admin = common::admin(&emu).await;
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().token_exchanges(), 1);
    tokio::time::sleep(Duration::from_millis(1600)).await;
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().token_exchanges(), 2);
    assert_eq!(emu.counters().requests("POST /oauth/token"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn burst_of_callers_with_a_stale_token_shares_one_exchange() {
    let emu = emulator_with_ttl(Duration::from_secs(3600)).await;
    let clock = ManualClock::new();
    let admin = builder(&emu).clock(clock.clone()).build().await.unwrap();
    // Slow token endpoint, so every caller arrives while the exchange is in flight.
    emu.inject(
        FaultRule::new("POST", "/oauth/token")
            .action(FaultAction::Latency(Duration::from_millis(200))),
    );
    clock.advance(Duration::from_secs(7200));
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let admin = admin.clone();
        tasks.push(tokio::spawn(async move { admin.projects().list().await }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        emu.counters().token_exchanges(),
        2,
        "build + exactly one refresh"
    );
    assert_eq!(emu.counters().requests(LIST), 50);
}

#[tokio::test]
async fn unauthorized_remints_once_and_retries() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    admin
        .projects()
        .create(CreateProject::new("p"))
        .await
        .unwrap();
    emu.expire_tokens();
    let projects = admin.projects().list().await.unwrap();
    assert_eq!(projects.len(), 1);
    assert_eq!(emu.counters().token_exchanges(), 2);
    assert_eq!(emu.counters().requests(LIST), 2, "the 401, then the retry");
    // A POST rejected with 401 was not acted on: it is retried after the re-mint too.
    emu.expire_tokens();
    admin
        .projects()
        .create(CreateProject::new("q"))
        .await
        .unwrap();
    assert_eq!(emu.counters().token_exchanges(), 3);
    assert_eq!(emu.project_ids().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_401s_remint_once() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    emu.expire_tokens();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let admin = admin.clone();
        tasks.push(tokio::spawn(async move { admin.projects().list().await }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        emu.counters().token_exchanges(),
        2,
        "one re-mint for all rejected callers"
    );
}

#[tokio::test]
async fn second_401_surfaces() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::status(401)));
    let err = admin.projects().list().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert_eq!(err.status().unwrap().as_u16(), 401);
    assert_eq!(emu.counters().token_exchanges(), 2, "exactly one re-mint");
    assert_eq!(emu.counters().requests(LIST), 2, "exactly one retry");
}

#[tokio::test]
async fn forbidden_and_not_found_never_refresh() {
    let emu = emulator().await;
    let admin = common::admin(&emu).await;
    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::status(403)));
    assert!(matches!(
        admin.projects().list().await,
        Err(Error::Forbidden(_))
    ));
    let err = admin
        .projects()
        .describe("00000000-0000-4000-8000-000000000000")
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(emu.counters().token_exchanges(), 1);
    assert_eq!(emu.counters().requests(LIST), 1);
}

#[tokio::test]
async fn failed_early_refresh_keeps_the_still_valid_token() {
    // TTL 3600 s: a refresh is due at 3300 s, but the token itself is good until 3600 s.
    const TOKEN: &str = "POST /oauth/token";
    let emu = emulator_with_ttl(Duration::from_secs(3600)).await;
    let (admin, clock) = on_manual_clock_without_retries(&emu).await;
    let logs = common::LogCapture::default();
    let _guard = tracing::subscriber::set_default(logs.subscriber());

    clock.advance(Duration::from_secs(3300));
    emu.inject(FaultRule::new("POST", "/oauth/token").action(FaultAction::status(503)));
    admin
        .projects()
        .list()
        .await
        .expect("the current token still works");
    assert_eq!(emu.counters().requests(TOKEN), 2, "one failed refresh");
    assert_eq!(emu.counters().requests(LIST), 1);
    let warnings = logs.lines_at("WARN").join("\n");
    assert!(warnings.contains("token refresh failed"), "{warnings}");
    assert!(warnings.contains("503"), "the warning says why: {warnings}");
    assert!(!logs.text().contains(common::CLIENT_SECRET));

    // 300 s of life remain, so the next try waits min(30 s, 150 s); calls meanwhile do not
    // pay for a failing exchange.
    clock.advance(Duration::from_secs(29));
    for _ in 0..5 {
        admin.projects().list().await.unwrap();
    }
    assert_eq!(emu.counters().requests(TOKEN), 2);
    clock.advance(Duration::from_secs(1));
    admin.projects().list().await.unwrap();
    assert_eq!(
        emu.counters().requests(TOKEN),
        3,
        "tried again after the pause"
    );

    // The token server is back: the next try replaces the token, which is then cached well
    // past the old one's expiry.
    emu.clear_faults();
    clock.advance(Duration::from_secs(30));
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().requests(TOKEN), 4);
    assert_eq!(emu.counters().token_exchanges(), 2);
    clock.advance(Duration::from_secs(600));
    admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().token_exchanges(), 2);
    assert_eq!(emu.counters().requests(LIST), 9);
}

#[tokio::test]
async fn a_refresh_that_keeps_failing_tries_a_handful_of_times_then_surfaces() {
    // TTL 3600 s; the token server is down from the refresh point (3300 s) on. One call per
    // second: every call until expiry succeeds with the old token, the refresh is tried every
    // 30 s and then at halving pauses of at least 1 s, and the call at expiry gets the error.
    const TOKEN: &str = "POST /oauth/token";
    let emu = emulator_with_ttl(Duration::from_secs(3600)).await;
    let (admin, clock) = on_manual_clock_without_retries(&emu).await;
    emu.inject(FaultRule::new("POST", "/oauth/token").action(FaultAction::status(503)));
    clock.advance(Duration::from_secs(3300));
    for second in 3300..3600 {
        admin
            .projects()
            .list()
            .await
            .unwrap_or_else(|e| panic!("at {second} s: {e}"));
        clock.advance(Duration::from_secs(1));
    }
    let tries = emu.counters().requests(TOKEN) - 1;
    // 10 tries 30 s apart (3300..=3570), then 3585, 3593, 3597, 3599.
    assert_eq!(tries, 14, "refresh tries");
    let err = admin.projects().list().await.unwrap_err();
    assert!(
        matches!(&err, Error::OAuth(e) if e.status().as_u16() == 503),
        "{err:?}"
    );
    assert_eq!(emu.counters().requests(LIST), 300);
}

#[tokio::test]
async fn failed_refresh_of_an_expired_token_surfaces_the_oauth_error() {
    let emu = emulator().await;
    let (admin, clock) = on_manual_clock_without_retries(&emu).await;
    clock.advance(Duration::from_secs(100_000));
    emu.inject(FaultRule::new("POST", "/oauth/token").action(FaultAction::status(503)));
    let err = admin.projects().list().await.unwrap_err();
    assert!(
        matches!(&err, Error::OAuth(e) if e.status().as_u16() == 503),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(
        emu.counters().requests(LIST),
        0,
        "no admin call without a token"
    );
    emu.clear_faults();
    admin.projects().list().await.unwrap();
}

#[tokio::test]
async fn ready_access_token_is_used_without_exchange() {
    let emu = emulator().await;
    let token = mint(&emu).await;
    let admin = Admin::builder()
        .access_token(token.clone())
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .env(|_| None)
        .build()
        .await
        .unwrap();
    admin.projects().list().await.unwrap();
    assert_eq!(
        emu.counters().token_exchanges(),
        1,
        "only the test's own exchange"
    );

    // From the environment too.
    let host = emu.admin_url().to_owned();
    let env_admin = Admin::from_env_with(move |k| match k {
        "PINECONE_ACCESS_TOKEN" => Some(token.clone()),
        "PINECONE_CONTROLLER_HOST" => Some(host.clone()),
        _ => None,
    })
    .await
    .unwrap();
    env_admin.projects().list().await.unwrap();
    assert_eq!(emu.counters().token_exchanges(), 1);

    // It cannot be re-minted: once rejected, the 401 surfaces.
    emu.expire_tokens();
    let err = admin.projects().list().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert_eq!(emu.counters().token_exchanges(), 1);
}

#[tokio::test]
async fn admin_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Admin>();
    assert_traits::<pinecone_admin::Projects>();
    let emu = emulator().await;
    let admin: Arc<Admin> = Arc::new(common::admin(&emu).await);
    let a2 = (*admin).clone();
    tokio::spawn(async move { a2.projects().list().await })
        .await
        .unwrap()
        .unwrap();
}
