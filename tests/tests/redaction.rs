//! Secrets never print: the whole workflow runs with a `tracing` subscriber at TRACE that
//! writes ALL output (the facade's spans and events, reqwest/hyper/rustls logs, the emulator's
//! logs, all in this process) into one buffer, and every public value and error met on the way
//! is formatted with `Debug` (`{:?}` and `{:#?}`) and `Display`. Then none of these may appear
//! in the buffer or in any formatted value:
//!
//! * the client secrets (the seeded one, a service account's secret and its rotated secret, a
//!   wrong secret used in a failed login);
//! * every access token the client used, read from the `Authorization` headers it sent
//!   through a recording proxy (so the exact tokens, including re-minted ones);
//! * every API key value: keys created, rotated, the cleanup's temporary keys (read from the
//!   `Api-Key` headers on the wire; the client never returns them);
//! * secret-looking values planted in malformed answers of secret-bearing endpoints.
//!
//! The test also checks that the capture is not vacuous: the buffer holds the request spans,
//! and the proxy saw several distinct tokens and key values.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use futures::TryStreamExt;
use pinecone_admin::{
    Admin, ApiKeyRole, CleanupEvent, CleanupOptions, CreateApiKey, CreateInvite, CreateProject,
    CreateRoleBinding, CreateServiceAccount, Error, Grant, PageRequest, ProjectRef, RetryConfig,
    Role, RoleBindingFilter, Secret, UpdateApiKey, UpdateOrganization, UpdateProject,
    UpdateServiceAccount, UserFilter,
};
use pinecone_admin_e2e::{builder, emulator_builder, LogCapture, RecordingProxy, CLIENT_SECRET};
use pinecone_admin_emulator::{FaultAction, FaultRule, SeedProject};
use tracing_subscriber::fmt::format::FmtSpan;

/// Planted in malformed answers; must never be shown.
const PLANTED_KEY: &str = "pckey_planted_in_a_broken_answer_5d7e";
const PLANTED_SA_SECRET: &str = "sa-secret-planted-in-a-broken-answer-91ab";
const PLANTED_TOKEN: &str = "tok-planted-in-a-broken-token-answer-c3f0";
const WRONG_SECRET: &str = "wrong-client-secret-NEVER-PRINT-0b1d";

/// The process-wide subscriber: TRACE, every span's open/close with its fields, into memory.
fn capture() -> LogCapture {
    static CAPTURE: OnceLock<LogCapture> = OnceLock::new();
    CAPTURE
        .get_or_init(|| {
            let capture = LogCapture::default();
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_span_events(FmtSpan::FULL)
                .with_writer(capture.clone())
                .with_ansi(false)
                .with_target(true)
                .try_init()
                .expect("the only subscriber of this test binary");
            capture
        })
        .clone()
}

/// Everything shown to a user: `Debug`, pretty `Debug` and `Display` of what was met.
#[derive(Default)]
struct Shown(Vec<String>);

impl Shown {
    fn debug(&mut self, v: &impl std::fmt::Debug) {
        self.0.push(format!("{v:?}"));
        self.0.push(format!("{v:#?}"));
    }
    fn both(&mut self, v: &(impl std::fmt::Debug + std::fmt::Display)) {
        self.debug(v);
        self.0.push(v.to_string());
    }
    /// An error: `Debug`, `Display` and its whole `source()` chain.
    fn error(&mut self, e: &(dyn std::error::Error + 'static)) {
        self.0.push(format!("{e:?}"));
        self.0.push(format!("{e:#?}"));
        let mut current = Some(e);
        while let Some(err) = current {
            self.0.push(err.to_string());
            current = err.source();
        }
    }
    fn result<T: std::fmt::Debug>(&mut self, r: &pinecone_admin::Result<T>) {
        match r {
            Ok(v) => self.debug(v),
            Err(e) => self.error(e),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_is_ever_printed_or_logged() {
    let logs = capture();
    let mut shown = Shown::default();
    let mut secrets: Vec<(String, String)> = vec![
        ("seeded client secret".into(), CLIENT_SECRET.into()),
        ("wrong client secret".into(), WRONG_SECRET.into()),
        ("planted key".into(), PLANTED_KEY.into()),
        (
            "planted service-account secret".into(),
            PLANTED_SA_SECRET.into(),
        ),
        ("planted token".into(), PLANTED_TOKEN.into()),
    ];

    let emu = emulator_builder()
        .api_key_quota(6)
        .terminating_for(Duration::from_millis(5))
        .start()
        .await
        .expect("emulator starts");
    let proxy = RecordingProxy::start(emu.local_addr()).await;
    let via_proxy = || builder(&emu).proxy_url(proxy.url());

    // ---- Construction (the builder holds the secret).
    let b = via_proxy().source_tag("Redaction Test");
    shown.debug(&b);
    let admin = b.build().await.expect("admin builds");
    shown.debug(&admin);
    shown.debug(&RetryConfig::default());

    // ---- Organizations.
    let orgs = admin.organizations().list().await;
    shown.result(&orgs);
    let org_id = emu.organization_id().to_owned();
    shown.result(&admin.organizations().describe(&org_id).await);
    shown.result(
        &admin
            .organizations()
            .update(&org_id, UpdateOrganization::new().name("Redacted Org"))
            .await,
    );

    // ---- Projects.
    let project = admin
        .projects()
        .create(CreateProject::new("redaction").max_pods(1))
        .await
        .expect("project");
    shown.debug(&project);
    let pid = project.id.clone();
    shown.result(&admin.projects().describe(&pid).await);
    shown.result(
        &admin
            .projects()
            .update(&pid, UpdateProject::new().max_pods(2))
            .await,
    );
    shown.result(&admin.projects().list().await);
    shown.result(&admin.projects().describe_by_name("redaction").await);
    shown.result(&admin.projects().exists(ProjectRef::name("redaction")).await);
    shown.result(
        &admin
            .projects()
            .ensure(CreateProject::new("redaction"))
            .await,
    );

    // ---- API keys: create, read, update, rotate.
    let key = admin
        .api_keys()
        .create(
            &pid,
            CreateApiKey::new("app").roles([ApiKeyRole::DataPlaneEditor]),
        )
        .await
        .expect("key");
    secrets.push(("api key value".into(), key.secret().expose().to_owned()));
    shown.both(&key);
    shown.debug(key.key());
    shown.both(key.secret());
    let key_id = key.key().id.clone();
    shown.result(&admin.api_keys().list(&pid).await);
    shown.result(&admin.api_keys().describe(&key_id).await);
    shown.result(
        &admin
            .api_keys()
            .update(&key_id, UpdateApiKey::new().name("app-2"))
            .await,
    );
    let rotated = admin.api_keys().rotate(&key_id).await.expect("rotate");
    secrets.push((
        "rotated api key value".into(),
        rotated.secret().expose().to_owned(),
    ));
    shown.both(&rotated);
    shown.both(rotated.new_key());

    // ---- Service accounts: create, rotate the secret, log in with it.
    let sa = admin
        .service_accounts()
        .create(CreateServiceAccount::new("robot").organization_role(Role::OrgMember))
        .await
        .expect("service account");
    secrets.push((
        "service account secret".into(),
        sa.secret().expose().to_owned(),
    ));
    shown.both(&sa);
    let sa_id = sa.service_account().id.clone();
    let sa_client_id = sa.client_id().to_owned();
    let rotated_sa = admin
        .service_accounts()
        .rotate_secret(&sa_id)
        .await
        .expect("rotate secret");
    secrets.push((
        "rotated service account secret".into(),
        rotated_sa.secret().expose().to_owned(),
    ));
    shown.both(&rotated_sa);
    let listed: pinecone_admin::Result<Vec<_>> =
        admin.service_accounts().list().try_collect().await;
    shown.result(&listed);
    shown.result(
        &admin
            .service_accounts()
            .list_page(PageRequest::new().limit(1))
            .await,
    );
    shown.result(&admin.service_accounts().describe(&sa_id).await);
    shown.result(
        &admin
            .service_accounts()
            .update(&sa_id, UpdateServiceAccount::new().name("robot-2"))
            .await,
    );
    let robot = via_proxy()
        .client_id(&sa_client_id)
        .client_secret(rotated_sa.secret().expose())
        .build()
        .await;
    match &robot {
        Ok(robot) => {
            shown.debug(robot);
            shown.result(&robot.projects().list().await);
        }
        Err(e) => shown.error(e),
    }
    // The old secret no longer works.
    let stale = via_proxy()
        .client_id(&sa_client_id)
        .client_secret(sa.secret().expose())
        .build()
        .await;
    match &stale {
        Ok(a) => panic!("the rotated-away secret still works: {a:?}"),
        Err(e) => shown.error(e),
    }

    // ---- Invites, role bindings, users.
    let invite = admin
        .invites()
        .create(CreateInvite::new("new.person@example.com").organization_role(Role::OrgMember))
        .await;
    shown.result(&invite);
    if let Ok(invite) = &invite {
        shown.result(&admin.invites().describe(&invite.id).await);
        shown.result(&admin.invites().resend(&invite.id).await);
        let all: pinecone_admin::Result<Vec<_>> = admin.invites().list().try_collect().await;
        shown.result(&all);
        shown.result(&admin.invites().delete(&invite.id).await);
    }
    let binding = admin
        .role_bindings()
        .create(CreateRoleBinding::service_account(
            &sa_id,
            Grant::project(&pid, Role::ProjectEditor),
        ))
        .await;
    shown.result(&binding);
    let bindings: pinecone_admin::Result<Vec<_>> = admin
        .role_bindings()
        .list(RoleBindingFilter::new())
        .try_collect()
        .await;
    shown.result(&bindings);
    if let Ok(binding) = &binding {
        shown.result(&admin.role_bindings().describe(&binding.id).await);
        shown.result(&admin.role_bindings().delete(&binding.id).await);
    }
    let users: pinecone_admin::Result<Vec<_>> =
        admin.users().list(UserFilter::all()).try_collect().await;
    shown.result(&users);
    shown.result(&admin.users().find_by_email("owner@example.com").await);

    // ---- Tokens: server-side expiry forces a re-mint (a new token on the wire).
    emu.expire_tokens();
    shown.result(&admin.projects().list().await);

    // ---- Cleanup: a dry run, then the real thing (each makes a temporary key).
    emu.seed(
        SeedProject::existing(&pid)
            .index("docs", true)
            .collection("old")
            .backup("docs")
            .assistant("helper"),
    )
    .expect("seeded");
    let events = Arc::new(Mutex::new(Vec::<CleanupEvent>::new()));
    let sink = events.clone();
    let options = CleanupOptions::new()
        .disable_deletion_protection(true)
        .retry_delay(Duration::from_millis(5))
        .poll_interval(Duration::from_millis(2), Duration::from_millis(10))
        .on_progress(move |e| sink.lock().unwrap().push(e));
    shown.debug(&options);
    match admin
        .projects()
        .delete_with_cleanup(&pid, options.clone().dry_run(true))
        .await
    {
        Ok(report) => shown.both(&report),
        Err(e) => shown.error(&e),
    }
    match admin
        .projects()
        .delete_with_cleanup(&pid, options.clone())
        .await
    {
        Ok(report) => {
            assert!(report.project_deleted, "{report}");
            shown.both(&report);
        }
        Err(e) => panic!("cleanup failed: {e}"),
    }
    for e in events.lock().unwrap().iter() {
        shown.both(e);
    }

    // ---- Error paths.
    // Bad credentials.
    let bad = via_proxy().client_secret(WRONG_SECRET).build().await;
    let bad = bad.map(|_| ()).expect_err("wrong secret is refused");
    assert!(matches!(bad, Error::OAuth(_)), "{bad:?}");
    shown.error(&bad);
    let unknown = via_proxy().client_id("nobody").build().await.map(|_| ());
    shown.result(&unknown);
    // A ready access token that the server no longer accepts: the 401 surfaces.
    let bearer_tokens = proxy.header_values("authorization", "Bearer ");
    let first_token = bearer_tokens
        .first()
        .expect("a bearer token was sent")
        .clone();
    let with_token = Admin::builder()
        .access_token(Secret::new(first_token.clone()))
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .control_host(emu.control_url())
        .proxy_url(proxy.url())
        .env(|_| None);
    shown.debug(&with_token);
    if let Ok(a) = with_token.build().await {
        let r = a.projects().list().await;
        assert!(matches!(r, Err(Error::Unauthorized(_))), "{r:?}");
        shown.result(&r);
    }
    // A malformed answer to a secret-bearing create, holding a secret-looking value.
    let other = admin
        .projects()
        .create(CreateProject::new("redaction-2"))
        .await
        .expect("project");
    emu.inject(
        FaultRule::new("POST", "/admin/projects/{project_id}/api-keys")
            .times(1)
            .action(FaultAction::Status {
                status: 200,
                body: Some(format!(r#"{{"key": {{"id": 7}}, "value": "{PLANTED_KEY}""#)),
                retry_after: None,
            }),
    );
    let broken = admin
        .api_keys()
        .create(&other.id, CreateApiKey::new("x"))
        .await;
    assert!(matches!(broken, Err(Error::Decode { .. })), "{broken:?}");
    shown.result(&broken);
    emu.inject(
        FaultRule::new("POST", "/admin/service-accounts")
            .times(1)
            .action(FaultAction::Status {
                status: 201,
                body: Some(format!(
                    r#"{{"client_secret": "{PLANTED_SA_SECRET}", "id": null}}"#
                )),
                retry_after: None,
            }),
    );
    let broken = admin
        .service_accounts()
        .create(CreateServiceAccount::new("x"))
        .await;
    assert!(broken.is_err(), "{broken:?}");
    shown.result(&broken);
    emu.inject(
        FaultRule::new("POST", "/oauth/token")
            .times(1)
            .action(FaultAction::Status {
                status: 200,
                body: Some(format!(
                    r#"{{"access_token": 42, "note": "{PLANTED_TOKEN}"}}"#
                )),
                retry_after: None,
            }),
    );
    let broken = via_proxy().build().await.map(|_| ());
    assert!(broken.is_err(), "{broken:?}");
    shown.result(&broken);
    // Server failures, rate limits, timeouts, dropped connections, validation, not found.
    emu.inject(
        FaultRule::new("GET", "/admin/projects/{project_id}")
            .times(8)
            .action(FaultAction::status(500)),
    );
    shown.result(&admin.projects().describe(&other.id).await);
    emu.clear_faults();
    emu.inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::rate_limited(1)));
    shown.result(&admin.projects().list().await);
    emu.clear_faults();
    emu.inject(
        FaultRule::new("POST", "/admin/projects")
            .times(1)
            .action(FaultAction::DropConnection),
    );
    shown.result(&admin.projects().create(CreateProject::new("dropped")).await);
    let impatient = via_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .await
        .expect("builds");
    emu.inject(
        FaultRule::new("GET", "/admin/projects/{project_id}")
            .times(8)
            .action(FaultAction::Latency(Duration::from_millis(600))),
    );
    shown.result(&impatient.projects().describe(&other.id).await);
    emu.clear_faults();
    shown.result(&admin.projects().describe("  ").await);
    shown.result(
        &admin
            .projects()
            .describe("00000000-0000-4000-8000-000000000000")
            .await,
    );
    shown.result(&admin.projects().describe_by_name("no such project").await);
    // A cleanup refused by the key quota (403 on the temporary key).
    for i in 0..6 {
        match admin
            .api_keys()
            .create(&other.id, CreateApiKey::new(format!("filler-{i}")))
            .await
        {
            Ok(k) => secrets.push((format!("filler key {i}"), k.secret().expose().to_owned())),
            Err(e) => shown.error(&e),
        }
    }
    match admin
        .projects()
        .delete_with_cleanup(&other.id, options)
        .await
    {
        Ok(report) => panic!("cleanup should hit the key quota: {report}"),
        Err(e) => {
            shown.error(&e);
            shown.debug(e.report());
        }
    }
    // Clean up the service account last (its secret was used above).
    shown.result(&admin.service_accounts().delete(&sa_id).await);

    // ---- Tokens and key values actually used on the wire.
    let tokens = proxy.header_values("authorization", "Bearer ");
    let api_keys = proxy.header_values("api-key", "");
    assert!(
        tokens.len() >= 3,
        "expected several distinct tokens, saw {}",
        tokens.len()
    );
    assert!(
        api_keys.len() >= 2,
        "expected the temporary keys on the wire, saw {}",
        api_keys.len()
    );
    for t in tokens {
        secrets.push(("access token".into(), t));
    }
    for k in api_keys {
        secrets.push(("api key sent on the wire".into(), k));
    }

    // ---- The checks.
    let text = logs.text();
    assert!(
        text.len() > 10_000,
        "the capture is suspiciously small ({} bytes)",
        text.len()
    );
    for expected in [
        "pinecone_admin.request",
        "create_project",
        "pinecone_admin.token",
        "TRACE",
    ] {
        assert!(text.contains(expected), "the capture lacks {expected:?}");
    }
    let mut leaks = Vec::new();
    for (what, secret) in &secrets {
        assert!(secret.len() >= 8, "{what} is too short to search for");
        if text.contains(secret.as_str()) {
            let at = text.find(secret.as_str()).unwrap();
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            leaks.push(format!(
                "{what} in the logs: {}",
                &text[line_start..line_end]
            ));
        }
        for s in &shown.0 {
            if s.contains(secret.as_str()) {
                leaks.push(format!("{what} in a formatted value: {s}"));
            }
        }
    }
    println!(
        "checked {} secrets against {} bytes of TRACE output and {} formatted values",
        secrets.len(),
        text.len(),
        shown.0.len()
    );
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}
