//! The blocking client (feature `blocking`) against the emulator, from plain `#[test]`s.
//!
//! The emulator runs on a runtime of its own (one worker thread) owned by [`Emu`], so the
//! tests themselves have no async runtime, like the programs the blocking client is for.

use std::time::Duration;

use pinecone_admin::blocking::Admin;
use std::collections::BTreeSet;

use pinecone_admin::{
    ApiKeyRole, CleanupOptions, CleanupStage, CreateApiKey, CreateInvite, CreateProject,
    CreateRoleBinding, CreateServiceAccount, Error, Grant, PageRequest, PrincipalType, ProjectRef,
    RetryConfig, Role, RoleBindingFilter, UpdateApiKey, UpdateOrganization, UpdateProject,
    UpdateServiceAccount, User, UserFilter,
};
use pinecone_admin_emulator::{Emulator, EmulatorHandle, FaultAction, FaultRule};

const CLIENT_ID: &str = "blocking-client-id";
const CLIENT_SECRET: &str = "blocking-client-secret-do-not-print";

/// An emulator served by its own runtime (one worker thread), kept alive as long as this
/// value. Usable from plain tests and from async tests alike.
struct Emu {
    handle: EmulatorHandle,
    rt: Option<tokio::runtime::Runtime>,
}

impl std::ops::Deref for Emu {
    type Target = EmulatorHandle;
    fn deref(&self) -> &EmulatorHandle {
        &self.handle
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        // Never waits, so dropping is fine inside async tests too.
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

fn emulator() -> Emu {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    // Started from a thread of its own: `block_on` is not allowed in async tests' threads.
    let on = rt.handle().clone();
    let handle = std::thread::spawn(move || {
        on.block_on(
            Emulator::builder()
                .client_credentials(CLIENT_ID, CLIENT_SECRET)
                .start(),
        )
    })
    .join()
    .expect("the starting thread did not panic")
    .expect("emulator starts");
    Emu {
        handle,
        rt: Some(rt),
    }
}

fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .min_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20))
        .max_retry_after(Duration::from_millis(50))
}

/// A blocking builder pointed at `emu`, ignoring the process environment.
fn builder(emu: &EmulatorHandle) -> pinecone_admin::blocking::AdminBuilder {
    Admin::builder()
        .client_id(emu.client_id())
        .client_secret(emu.client_secret())
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .control_host(emu.control_url())
        .retry(fast_retry())
        .env(|_| None)
}

fn admin(emu: &EmulatorHandle) -> Admin {
    builder(emu).build().expect("blocking admin builds")
}

#[test]
fn build_fetches_one_token_and_reports_bad_credentials() {
    let emu = emulator();
    let admin = admin(&emu);
    assert_eq!(emu.counters().token_exchanges(), 1);
    assert_eq!(admin.host(), emu.admin_url().trim_end_matches('/'));
    assert_eq!(admin.api_version(), "2026-07");
    let debug = format!("{admin:?}");
    assert!(debug.contains("blocking::Admin"), "{debug}");
    assert!(!debug.contains(CLIENT_SECRET), "{debug}");

    let wrong = builder(&emu).client_secret("not-the-secret").build();
    match wrong {
        Err(Error::OAuth(e)) => assert_eq!(e.status().as_u16(), 401),
        other => panic!("expected an OAuth error, got {other:?}"),
    }

    // Missing credentials: a validation error, nothing sent.
    let before = emu.counters().requests_total();
    let missing = Admin::builder()
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .env(|_| None)
        .build();
    assert!(
        matches!(missing, Err(Error::Validation { .. })),
        "{missing:?}"
    );
    assert_eq!(emu.counters().requests_total(), before);

    // `from_env_with` reads the given variables only: a client id without a secret is
    // rejected before anything is sent.
    let id = emu.client_id().to_owned();
    let partial = Admin::from_env_with(move |k| (k == "PINECONE_CLIENT_ID").then(|| id.clone()));
    assert!(
        matches!(partial, Err(Error::Validation { .. })),
        "{partial:?}"
    );
    assert_eq!(emu.counters().requests_total(), before);

    // An async builder converts into a blocking one, keeping its options.
    let converted = pinecone_admin::blocking::AdminBuilder::from(
        pinecone_admin::Admin::builder()
            .client_id(emu.client_id())
            .client_secret(emu.client_secret())
            .host(emu.admin_url())
            .oauth_url(emu.oauth_url())
            .env(|_| None),
    )
    .build()
    .expect("a converted async builder builds");
    assert!(!converted.organizations().list().unwrap().is_empty());
}

#[test]
fn client_handles_and_iterators_can_move_across_threads() {
    fn send_sync<T: Send + Sync + Clone + 'static>() {}
    fn send<T: Send + 'static>() {}
    send_sync::<Admin>();
    send_sync::<pinecone_admin::blocking::Projects>();
    send_sync::<pinecone_admin::blocking::ApiKeys>();
    send_sync::<pinecone_admin::blocking::Organizations>();
    send_sync::<pinecone_admin::blocking::Users>();
    send_sync::<pinecone_admin::blocking::Invites>();
    send_sync::<pinecone_admin::blocking::ServiceAccounts>();
    send_sync::<pinecone_admin::blocking::RoleBindings>();
    send::<pinecone_admin::blocking::ListIter<User>>();
    send::<pinecone_admin::blocking::AdminBuilder>();
}

#[test]
fn organizations_list_describe_update() {
    let emu = emulator();
    let admin = admin(&emu);
    let orgs = admin.organizations().list().unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].id, emu.organization_id());

    let org = admin
        .organizations()
        .describe(emu.organization_id())
        .unwrap();
    assert_eq!(org, orgs[0]);

    let renamed = admin
        .organizations()
        .update(
            emu.organization_id(),
            UpdateOrganization::new().name("Renamed Org"),
        )
        .unwrap();
    assert_eq!(renamed.name, "Renamed Org");

    // Bad input: a typed error before anything is sent.
    let before = emu.counters().requests_total();
    let blank = admin.organizations().describe("  ");
    assert!(matches!(blank, Err(Error::Validation { .. })), "{blank:?}");
    let blank = admin.organizations().delete("");
    assert!(matches!(blank, Err(Error::Validation { .. })), "{blank:?}");
    assert_eq!(emu.counters().requests_total(), before);
}

#[test]
fn projects_full_lifecycle() {
    let emu = emulator();
    let admin = admin(&emu);
    let projects = admin.projects();

    let created = projects
        .create(CreateProject::new("blocking-proj").max_pods(2))
        .unwrap();
    assert_eq!(created.name, "blocking-proj");
    assert_eq!(created.max_pods, 2);

    assert_eq!(projects.describe(&created.id).unwrap(), created);
    assert_eq!(projects.describe_by_name("blocking-proj").unwrap(), created);
    assert!(projects.exists(ProjectRef::id(&created.id)).unwrap());
    assert!(projects.exists(ProjectRef::name("blocking-proj")).unwrap());
    assert!(!projects
        .exists(ProjectRef::name("no-such-project"))
        .unwrap());

    let listed = projects.list().unwrap();
    assert!(listed.iter().any(|p| p.id == created.id));

    let updated = projects
        .update(&created.id, UpdateProject::new().name("blocking-renamed"))
        .unwrap();
    assert_eq!(updated.name, "blocking-renamed");

    projects.delete(&created.id).unwrap();
    assert!(projects.describe(&created.id).unwrap_err().is_not_found());
    assert!(!emu.project_ids().contains(&created.id));

    // A duplicate name through `describe_by_name` is reported, not guessed.
    projects.create(CreateProject::new("twin")).unwrap();
    projects.create(CreateProject::new("twin")).unwrap();
    assert!(matches!(
        projects.describe_by_name("twin"),
        Err(Error::Ambiguous { .. })
    ));
}

#[test]
fn api_keys_full_lifecycle_and_secrets_stay_masked() {
    let emu = emulator();
    let admin = admin(&emu);
    let project = admin
        .projects()
        .create(CreateProject::new("keys-proj"))
        .unwrap();
    let keys = admin.api_keys();

    let created = keys
        .create(
            &project.id,
            CreateApiKey::new("ci").roles([ApiKeyRole::ProjectEditor]),
        )
        .unwrap();
    let secret = created.secret().expose().to_owned();
    assert!(!secret.is_empty());
    assert!(!format!("{created} {created:?}").contains(&secret));

    let key = keys.describe(&created.key().id).unwrap();
    assert_eq!(key.name, "ci");
    assert_eq!(keys.list(&project.id).unwrap(), vec![key.clone()]);

    let updated = keys
        .update(
            &key.id,
            UpdateApiKey::new()
                .name("ci-2")
                .roles([ApiKeyRole::ProjectViewer]),
        )
        .unwrap();
    assert_eq!(updated.name, "ci-2");
    assert_eq!(updated.roles, vec![ApiKeyRole::ProjectViewer]);

    keys.delete(&key.id).unwrap();
    assert!(keys.list(&project.id).unwrap().is_empty());
    assert!(emu.api_key_ids(&project.id).is_empty());
}

#[test]
fn clones_share_one_token_across_threads() {
    let emu = emulator();
    let admin = admin(&emu);
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let admin = admin.clone();
            std::thread::spawn(move || {
                let project = admin
                    .projects()
                    .create(CreateProject::new(format!("thread-{i}")))
                    .unwrap();
                admin.projects().describe(&project.id).unwrap()
            })
        })
        .collect();
    let mut names: Vec<String> = threads
        .into_iter()
        .map(|t| t.join().expect("no thread panicked").name)
        .collect();
    names.sort();
    assert_eq!(names, ["thread-0", "thread-1", "thread-2", "thread-3"]);
    assert_eq!(emu.counters().token_exchanges(), 1);
    assert_eq!(emu.counters().requests("POST /admin/projects"), 4);

    // A handle outlives the client it came from (it shares the runtime).
    let projects = admin.projects();
    drop(admin);
    assert_eq!(projects.list().unwrap().len(), 4);
}

#[test]
fn retries_and_token_refresh_work_through_the_blocking_client() {
    let emu = emulator();
    let admin = admin(&emu);

    emu.inject(
        FaultRule::new("GET", "/admin/projects")
            .times(2)
            .action(FaultAction::Status {
                status: 503,
                body: None,
                retry_after: None,
            }),
    );
    assert!(admin.projects().list().unwrap().is_empty());
    assert_eq!(emu.counters().requests("GET /admin/projects"), 3);

    emu.expire_tokens();
    assert!(admin.projects().list().unwrap().is_empty());
    assert_eq!(emu.counters().token_exchanges(), 2);
}

/// Calling from inside a tokio runtime is supported as documented: no panic, the call runs on
/// the client's own runtime; building and dropping the client there is fine too.
#[tokio::test(flavor = "current_thread")]
async fn calls_from_async_code_do_not_panic() {
    let emu = emulator();
    let admin = admin(&emu);
    let project = admin
        .projects()
        .create(CreateProject::new("from-async"))
        .unwrap();
    assert_eq!(
        admin.projects().describe(&project.id).unwrap().id,
        project.id
    );

    // The recommended way: spawn_blocking.
    let cloned = admin.clone();
    let listed = tokio::task::spawn_blocking(move || cloned.projects().list())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(listed.len(), 1);

    // Timers inside the client's runtime work while the caller's runtime is blocked.
    emu.inject(
        FaultRule::new("GET", "/admin/projects")
            .times(1)
            .action(FaultAction::Latency(Duration::from_millis(50))),
    );
    assert_eq!(admin.projects().list().unwrap().len(), 1);

    // Inside another executor's `block_on` too.
    let inside = futures::executor::block_on(async { admin.projects().list() }).unwrap();
    assert_eq!(inside.len(), 1);

    // Dropping the last clone (and so the client's runtime) in async code does not panic.
    drop(admin);
    drop(emu);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_from_a_multi_thread_runtime_task() {
    let emu = emulator();
    let (client, emu) = tokio::task::spawn(async move {
        // Built and used inside a task, on a worker thread of the caller's runtime.
        let client = admin(&emu);
        let project = client
            .projects()
            .create(CreateProject::new("in-task"))
            .unwrap();
        assert!(client
            .projects()
            .exists(ProjectRef::id(&project.id))
            .unwrap());
        (client, emu)
    })
    .await
    .unwrap();
    assert_eq!(client.projects().list().unwrap().len(), 1);
    assert_eq!(emu.counters().token_exchanges(), 1);
}

/// The documented limit: a server served by the very thread that waits cannot answer, so the
/// call fails with a timeout (not a panic, not a hang); `spawn_blocking` fixes it.
#[tokio::test(flavor = "current_thread")]
async fn waiting_on_the_thread_that_serves_the_emulator_times_out() {
    let emu = Emulator::builder()
        .client_credentials(CLIENT_ID, CLIENT_SECRET)
        .start()
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let result = builder(&emu)
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .build();
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(10));

    let b = builder(&emu);
    let admin = tokio::task::spawn_blocking(move || b.build())
        .await
        .unwrap()
        .expect("builds once the runtime is free to serve the emulator");
    let orgs = tokio::task::spawn_blocking(move || admin.organizations().list())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(orgs.len(), 1);
}

/// Seeds `n` organization members (each also gets an `OrgMember` role binding).
fn seed_users(emu: &EmulatorHandle, n: usize) {
    for i in 0..n {
        emu.seed_user(&format!("member{i:03}@example.com"), None);
    }
}

#[test]
fn users_iterate_lazily_over_several_pages() {
    let emu = emulator();
    seed_users(&emu, 230);
    let admin = admin(&emu);
    let route = "GET /admin/users";
    let expected: BTreeSet<String> = emu.user_ids().into_iter().collect();
    assert!(expected.len() > 200, "three pages of 100");

    // Lazy: nothing is sent before the first `next`, one page serves the first 100 items.
    let mut all = admin.users().list(UserFilter::all());
    assert_eq!(emu.counters().requests(route), 0);
    let first = all.next().expect("an item").expect("a user");
    assert_eq!(emu.counters().requests(route), 1);
    let five: Vec<User> = admin
        .users()
        .list(UserFilter::all())
        .take(5)
        .collect::<pinecone_admin::Result<_>>()
        .unwrap();
    assert_eq!(five.len(), 5);
    assert_eq!(five[0], first);
    assert_eq!(emu.counters().requests(route), 2);

    // The rest follows `pagination.next` page after page, then ends for good.
    let rest: Vec<User> = all.by_ref().collect::<pinecone_admin::Result<_>>().unwrap();
    assert!(all.next().is_none(), "fused");
    let ids: BTreeSet<String> = std::iter::once(first.id)
        .chain(rest.into_iter().map(|u| u.id))
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(emu.counters().requests(route), 2 + 2);

    // Page by page.
    let mut request = PageRequest::new().limit(100);
    let mut paged = Vec::new();
    loop {
        let page = admin
            .users()
            .list_page(&UserFilter::all(), request.clone())
            .unwrap();
        paged.extend(page.items);
        match page.next {
            Some(token) => request = request.token(token),
            None => break,
        }
    }
    assert_eq!(paged.len(), expected.len());

    // A bad filter is the first (and only) item, and nothing is sent.
    let before = emu.counters().requests_total();
    let mut bad = admin.users().list(UserFilter::email("not an email"));
    assert!(matches!(bad.next(), Some(Err(Error::Validation { .. }))));
    assert!(bad.next().is_none());
    assert_eq!(emu.counters().requests_total(), before);

    let found = admin
        .users()
        .find_by_email("MEMBER007@example.com")
        .unwrap()
        .expect("found case-insensitively");
    assert_eq!(found.email, "member007@example.com");
    assert_eq!(admin.users().describe(&found.id).unwrap(), found);
    admin.users().delete(&found.id).unwrap();
    assert!(admin
        .users()
        .describe(&found.id)
        .unwrap_err()
        .is_not_found());
    assert_eq!(
        admin
            .users()
            .find_by_email("member007@example.com")
            .unwrap(),
        None
    );
}

#[test]
fn invites_create_list_resend_delete() {
    let emu = emulator();
    let admin = admin(&emu);
    let invites = admin.invites();
    let project = admin
        .projects()
        .create(CreateProject::new("invite-proj"))
        .unwrap();

    let invite = invites
        .create(
            CreateInvite::new("new.dev@example.com")
                .organization_role(Role::OrgMember)
                .project_role(&project.id, Role::ProjectViewer),
        )
        .unwrap();
    assert_eq!(invite.email, "new.dev@example.com");
    assert_eq!(invites.describe(&invite.id).unwrap().id, invite.id);

    let listed: Vec<_> = invites
        .list()
        .collect::<pinecone_admin::Result<_>>()
        .unwrap();
    assert_eq!(
        listed.iter().map(|i| &i.id).collect::<Vec<_>>(),
        [&invite.id]
    );
    let page = invites.list_page(PageRequest::new().limit(1)).unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(!page.has_more());

    let resent = invites.resend(&invite.id).unwrap();
    assert_eq!(resent.id, invite.id);

    invites.delete(&invite.id).unwrap();
    assert!(invites.list().next().is_none());
    assert!(emu.invite_ids().is_empty());
}

#[test]
fn service_accounts_lifecycle_and_rotated_secret_authenticates() {
    let emu = emulator();
    let admin = admin(&emu);
    let accounts = admin.service_accounts();

    let created = accounts
        .create(CreateServiceAccount::new("ci-bot").organization_role(Role::OrgManager))
        .unwrap();
    let secret = created.secret().expose().to_owned();
    assert!(!format!("{created} {created:?}").contains(&secret));
    let id = created.service_account().id.clone();

    assert_eq!(accounts.describe(&id).unwrap().name, "ci-bot");
    let renamed = accounts
        .update(&id, UpdateServiceAccount::new().name("ci-bot-2"))
        .unwrap();
    assert_eq!(renamed.name, "ci-bot-2");
    let listed: Vec<_> = accounts
        .list()
        .collect::<pinecone_admin::Result<_>>()
        .unwrap();
    assert!(listed.iter().any(|a| a.id == id));
    assert_eq!(listed.len(), emu.service_account_ids().len());
    let page = accounts.list_page(PageRequest::new().limit(1)).unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(page.has_more());

    // The rotated secret works for a new blocking client; the old one does not.
    let rotated = accounts.rotate_secret(&id).unwrap();
    assert_ne!(rotated.secret().expose(), secret);
    let as_bot = builder(&emu)
        .client_id(rotated.client_id())
        .client_secret(rotated.secret().expose())
        .build()
        .expect("the new secret authenticates");
    assert_eq!(as_bot.organizations().list().unwrap().len(), 1);
    let old = builder(&emu)
        .client_id(rotated.client_id())
        .client_secret(secret)
        .build();
    assert!(matches!(old, Err(Error::OAuth(_))), "{old:?}");

    accounts.delete(&id).unwrap();
    assert!(accounts.describe(&id).unwrap_err().is_not_found());
}

#[test]
fn role_bindings_iterate_over_pages_and_grant_revoke() {
    let emu = emulator();
    seed_users(&emu, 150);
    let admin = admin(&emu);
    let bindings = admin.role_bindings();

    let members = bindings
        .list(RoleBindingFilter::new().role(Role::OrgMember))
        .collect::<pinecone_admin::Result<Vec<_>>>()
        .unwrap();
    assert!(members.len() >= 150, "{}", members.len());
    assert!(members.iter().all(|b| b.role == Role::OrgMember));
    assert!(emu.counters().requests("GET /admin/role-bindings") >= 2);
    let all = bindings.list(RoleBindingFilter::new()).count();
    assert_eq!(all, emu.role_binding_ids().len());

    let user_id = emu.seed_user("grantee@example.com", None);
    let project = admin
        .projects()
        .create(CreateProject::new("rb-proj"))
        .unwrap();
    let binding = bindings
        .create(CreateRoleBinding::user(
            &user_id,
            Grant::project(&project.id, Role::ProjectEditor),
        ))
        .unwrap();
    assert_eq!(binding.principal_id, user_id);
    assert_eq!(bindings.describe(&binding.id).unwrap(), binding);
    let page = bindings
        .list_page(
            &RoleBindingFilter::new().principal(PrincipalType::User, &user_id),
            PageRequest::new().limit(10),
        )
        .unwrap();
    assert!(page.items.iter().any(|b| b.id == binding.id));

    bindings.delete(&binding.id).unwrap();
    assert!(bindings.describe(&binding.id).unwrap_err().is_not_found());
}

#[test]
fn workflows_ensure_rotate_and_wait_until_deleted() {
    let emu = emulator();
    let admin = admin(&emu);
    let projects = admin.projects();

    let first = projects.ensure(CreateProject::new("ensured")).unwrap();
    assert!(first.created);
    let again = projects.ensure(CreateProject::new("ensured")).unwrap();
    assert!(!again.created);
    assert_eq!(again.project.id, first.project.id);
    assert_eq!(emu.counters().requests("POST /admin/projects"), 1);

    let key = admin
        .api_keys()
        .create(&first.project.id, CreateApiKey::new("app"))
        .unwrap();
    let rotated = admin.api_keys().rotate(&key.key().id).unwrap();
    assert!(rotated.old_key_deleted());
    assert_eq!(rotated.new_key().key().name, "app");
    assert_ne!(rotated.secret().expose(), key.secret().expose());
    assert_eq!(
        emu.api_key_ids(&first.project.id),
        vec![rotated.new_key().key().id.clone()]
    );

    admin
        .api_keys()
        .delete(&rotated.new_key().key().id)
        .unwrap();
    projects.delete(&first.project.id).unwrap();
    projects
        .wait_until_deleted(&first.project.id, Duration::from_secs(5))
        .unwrap();
    assert!(!projects.exists(ProjectRef::id(&first.project.id)).unwrap());
}

#[test]
fn delete_with_cleanup_empties_and_deletes_the_project() {
    let emu = emulator();
    let admin = admin(&emu);
    let project = admin
        .projects()
        .create(CreateProject::new("doomed"))
        .unwrap();
    emu.seed_index(&project.id, "idx-a", false).unwrap();
    emu.seed_index(&project.id, "idx-locked", true).unwrap();
    emu.seed_collection(&project.id, "coll-a").unwrap();
    emu.seed_backup(&project.id, "idx-a").unwrap();
    emu.seed_assistant(&project.id, "helper").unwrap();

    // A dry run deletes nothing and names the protected index.
    let plan = admin
        .projects()
        .delete_with_cleanup(&project.id, CleanupOptions::new().dry_run(true))
        .unwrap();
    assert!(plan.dry_run);
    assert!(plan.indexes.contains(&"idx-a".to_owned()), "{plan:?}");
    assert_eq!(plan.blocked_by_protection, ["idx-locked"]);
    assert_eq!(emu.index_names(&project.id).len(), 2);

    // Protection blocks a real run (nothing deleted, no key left behind)...
    let blocked = admin
        .projects()
        .delete_with_cleanup(&project.id, CleanupOptions::new())
        .unwrap_err();
    assert!(
        blocked.stage() == CleanupStage::DeletionProtection,
        "{blocked}"
    );
    assert_eq!(blocked.report().blocked_by_protection, ["idx-locked"]);
    assert!(blocked.leftover_temporary_key().is_none());
    assert!(emu.api_key_ids(&project.id).is_empty());

    // ...unless it is lifted. The progress callback may use the blocking client itself.
    let (observer, pid) = (admin.clone(), project.id.clone());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let report = admin
        .projects()
        .delete_with_cleanup(
            &project.id,
            CleanupOptions::new()
                .disable_deletion_protection(true)
                .on_progress(move |event| {
                    let exists = observer.projects().exists(ProjectRef::id(&pid));
                    log.lock().unwrap().push((event.to_string(), exists.ok()));
                }),
        )
        .unwrap();
    let seen = seen.lock().unwrap();
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|(_, exists)| exists.is_some()), "{seen:?}");
    assert!(report.project_deleted);
    assert!(report.temporary_key_deleted);
    assert_eq!(report.indexes, ["idx-a", "idx-locked"]);
    assert_eq!(report.collections, ["coll-a"]);
    assert_eq!(report.assistants, ["helper"]);
    assert_eq!(report.backups.len(), 1);
    assert!(!emu.project_ids().contains(&project.id));
    assert!(admin
        .projects()
        .describe(&project.id)
        .unwrap_err()
        .is_not_found());
}

/// Guards against drift: every public async method of the facade's handles (and every public
/// method of `Admin` and `AdminBuilder`, and every stream-returning list) has a blocking twin
/// of the same name.
/// Signatures are checked by the compiler (each twin calls its async method); this catches
/// async methods added later without a twin.
#[test]
fn every_async_method_has_a_blocking_twin() {
    use std::collections::BTreeMap;
    use std::path::Path;

    const HANDLES: [&str; 9] = [
        "Admin",
        "AdminBuilder",
        "Organizations",
        "Projects",
        "ApiKeys",
        "Users",
        "Invites",
        "ServiceAccounts",
        "RoleBindings",
    ];
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");

    // Async surface: `pub async fn` (and `pub fn` for the client, its builder and stream
    // lists) inside top-level `impl Handle {` blocks.
    // Every `.rs` file below `src/` (workflows and resources live in subfolders), the
    // blocking layer aside.
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("blocking") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("blocking.rs")
            {
                files.push(path);
            }
        }
    }
    let mut wanted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut current: Option<&str> = None;
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("impl ") {
                let name = rest.trim_end_matches(" {").trim();
                current = HANDLES.iter().copied().find(|h| *h == name);
                continue;
            }
            let Some(handle) = current else { continue };
            let method = if let Some(rest) = line.strip_prefix("    pub async fn ") {
                Some(rest)
            } else if let Some(rest) = line.strip_prefix("    pub fn ") {
                let every = handle == "Admin" || handle == "AdminBuilder";
                (every || line.contains("ListStream<")).then_some(rest)
            } else {
                None
            };
            if let Some(rest) = method {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                wanted.entry(handle.to_owned()).or_default().insert(name);
            }
        }
    }
    assert!(wanted.get("Projects").is_some_and(|m| m.contains("create")));

    // Blocking surface: `fn name(` items after `pub struct Handle =>` in the macro
    // invocations, `accessor name;` items (methods of `Admin`) and `impl Admin` methods.
    let mut have: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let blocking = std::fs::read_to_string(src.join("blocking.rs")).unwrap()
        + &std::fs::read_to_string(src.join("blocking/handles.rs")).unwrap();
    let mut current = String::new();
    for line in blocking.lines() {
        let line = line.trim_start();
        if let Some(rest) = line.strip_prefix("pub struct ") {
            current = rest.split_whitespace().next().unwrap().to_owned();
        } else if line.starts_with("impl Admin {") {
            current = "Admin".to_owned();
        } else if let Some(rest) = line.strip_prefix("accessor ") {
            let name = rest.trim_end_matches(';').to_owned();
            have.entry("Admin".to_owned()).or_default().insert(name);
        } else if let Some(rest) = line
            .strip_prefix("pub fn ")
            .or_else(|| line.strip_prefix("fn "))
            .or_else(|| line.strip_prefix("iter fn "))
        {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            have.entry(current.clone()).or_default().insert(name);
        }
    }

    let missing: Vec<String> = wanted
        .iter()
        .flat_map(|(handle, methods)| {
            let have = have.get(handle).cloned().unwrap_or_default();
            methods
                .iter()
                .filter(move |m| !have.contains(*m))
                .map(move |m| format!("{handle}::{m}"))
        })
        .collect();
    assert!(missing.is_empty(), "no blocking twin for: {missing:?}");
}
