//! The builder, the running emulator's handle, and `serve`.

use std::fmt;
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::counters::Counters;
use crate::faults::FaultRule;
use crate::http::{self, App, AppRef, Info};
use crate::seed::{self, SeedError, SeedProject, SeededApiKey, SeededProject};
use crate::store::{random_alnum, Settings, Store};

/// Entry point: `Emulator::builder()`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use pinecone_admin_emulator::Emulator;
///
/// let emu = Emulator::builder().start().await?;
/// assert!(emu.base_url().starts_with("http://127.0.0.1:"));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Emulator;

impl Emulator {
    /// A builder with the defaults: a free port on 127.0.0.1, generated credentials, one-hour
    /// tokens, 20 API keys per project, no project quota, deleted indexes gone at once.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }
}

/// Configures and starts an emulator. Secrets are redacted in `Debug`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use std::time::Duration;
/// use pinecone_admin_emulator::{Emulator, FaultAction, FaultRule, SeedProject};
///
/// let emu = Emulator::builder()
///     .client_credentials("my-id", "my-secret")
///     .token_ttl(Duration::from_secs(60))
///     .api_key_quota(5)
///     .terminating_for(Duration::from_millis(200))
///     .seed_project(SeedProject::new("demo").index("docs", true))
///     .fault(FaultRule::new("GET", "/admin/projects").times(1).action(FaultAction::status(503)))
///     .start()
///     .await?;
/// assert_eq!(emu.client_id(), "my-id");
/// assert_eq!(emu.project_ids().len(), 1);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct EmulatorBuilder {
    client_id: Option<String>,
    client_secret: Option<String>,
    token_ttl: Duration,
    api_key_quota: usize,
    project_quota: Option<usize>,
    terminating_for: Duration,
    invite_emails_per_hour: usize,
    addr: SocketAddr,
    organization_name: String,
    faults: Vec<FaultRule>,
    projects: Vec<SeedProject>,
    users: Vec<(String, Option<String>)>,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            client_id: None,
            client_secret: None,
            token_ttl: Duration::from_secs(3600),
            api_key_quota: 20,
            project_quota: None,
            terminating_for: Duration::ZERO,
            invite_emails_per_hour: 100,
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            organization_name: "Emulated Organization".to_owned(),
            faults: Vec::new(),
            projects: Vec::new(),
            users: Vec::new(),
        }
    }
}

impl fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorBuilder")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("token_ttl", &self.token_ttl)
            .field("api_key_quota", &self.api_key_quota)
            .field("project_quota", &self.project_quota)
            .field("terminating_for", &self.terminating_for)
            .field("addr", &self.addr)
            .field("organization_name", &self.organization_name)
            .field("faults", &self.faults)
            .field("projects", &self.projects.len())
            .field("users", &self.users.len())
            .finish()
    }
}

impl EmulatorBuilder {
    /// The seeded service account's `client_id` and `client_secret` (else generated).
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.client_id = Some(client_id.into());
        self.client_secret = Some(client_secret.into());
        self
    }

    /// The seeded service account's `client_id` only.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The seeded service account's `client_secret` only.
    pub fn client_secret(mut self, client_secret: impl Into<String>) -> Self {
        self.client_secret = Some(client_secret.into());
        self
    }

    /// Lifetime of access tokens (`expires_in` is its whole seconds). Default one hour.
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = ttl;
        self
    }

    /// API keys a project may hold; one more is `403 QUOTA_EXCEEDED`. Default 20.
    pub fn api_key_quota(mut self, quota: usize) -> Self {
        self.api_key_quota = quota;
        self
    }

    /// Projects the organization may hold; one more is `403 QUOTA_EXCEEDED`. Default none.
    pub fn project_quota(mut self, quota: usize) -> Self {
        self.project_quota = Some(quota);
        self
    }

    /// How long a deleted index or assistant stays visible as `Terminating` before it is
    /// gone (404). Default zero: gone at once.
    pub fn terminating_for(mut self, d: Duration) -> Self {
        self.terminating_for = d;
        self
    }

    /// Invite emails (creates and resends) per hour before `429`. Default 100, as upstream.
    pub fn invite_emails_per_hour(mut self, n: usize) -> Self {
        self.invite_emails_per_hour = n;
        self
    }

    /// Listen on this port of 127.0.0.1 (0, the default, picks a free one).
    pub fn port(mut self, port: u16) -> Self {
        self.addr.set_port(port);
        self
    }

    /// Listen on this address (e.g. `0.0.0.0:4010` to serve other machines).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// The seeded organization's name.
    pub fn organization_name(mut self, name: impl Into<String>) -> Self {
        self.organization_name = name.into();
        self
    }

    /// A fault rule active from the start.
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults.push(rule);
        self
    }

    /// A project to seed at start (see [`EmulatorHandle::project_ids`] for its id).
    pub fn seed_project(mut self, project: SeedProject) -> Self {
        self.projects.push(project);
        self
    }

    /// An extra organization member (role `OrgMember`). The owner `owner@example.com` is
    /// always seeded.
    pub fn user(mut self, email: impl Into<String>, name: Option<&str>) -> Self {
        self.users.push((email.into(), name.map(str::to_owned)));
        self
    }

    /// Binds the listener and starts serving in the background on the current Tokio runtime.
    ///
    /// Fails if the address cannot be bound, or if seed data is invalid
    /// (`io::ErrorKind::InvalidInput`).
    pub async fn start(self) -> io::Result<EmulatorHandle> {
        let listener = TcpListener::bind(self.addr).await?;
        let local = listener.local_addr()?;
        let client_id = self.client_id.unwrap_or_else(|| random_alnum(32));
        let client_secret = self.client_secret.unwrap_or_else(|| random_alnum(64));
        let settings = Settings {
            token_ttl: self.token_ttl,
            api_key_quota: self.api_key_quota,
            project_quota: self.project_quota,
            terminating_for: self.terminating_for,
            invite_resends_per_hour: self.invite_emails_per_hour,
        };
        let mut store = Store::new(settings, &self.organization_name);
        let organization_id = store.org_id.clone();
        let service_account_id = store.seed_service_account(
            "emulator-admin",
            client_id.clone(),
            client_secret.clone(),
            Some("OrgOwner"),
        );
        let owner_user_id =
            store.seed_user("owner@example.com", Some("Emulator Owner"), "OrgOwner");
        for (email, name) in &self.users {
            store.seed_user(email, name.as_deref(), "OrgMember");
        }
        for p in &self.projects {
            seed::apply(&mut store, p).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("invalid seed: {}", e.message),
                )
            })?;
        }
        let app: AppRef = Arc::new(App::new(
            store,
            Info {
                client_id: client_id.clone(),
                organization_id: organization_id.clone(),
            },
        ));
        for rule in self.faults {
            app.faults.push(rule);
        }
        let router = http::router(app.clone());
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(http::serve(listener, router, app.clone(), rx));
        let base = format!("http://{local}");
        tracing::info!(address = %local, "emulator listening");
        Ok(EmulatorHandle {
            inner: Arc::new(Inner {
                app,
                local,
                oauth_url: format!("{base}/oauth/token"),
                assistant_url: format!("{base}/assistant"),
                base_url: base,
                client_id,
                client_secret,
                service_account_id,
                owner_user_id,
                organization_id,
                shutdown: tx,
                task: Mutex::new(Some(task)),
            }),
        })
    }
}

struct Inner {
    app: AppRef,
    local: SocketAddr,
    base_url: String,
    oauth_url: String,
    assistant_url: String,
    client_id: String,
    client_secret: String,
    service_account_id: String,
    owner_user_id: String,
    organization_id: String,
    shutdown: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// A running emulator. Cheap to clone; the server stops when the last clone is dropped (or
/// at [`shutdown`](EmulatorHandle::shutdown)). Secrets are redacted in `Debug`.
///
/// All methods other than `shutdown` are synchronous and quick; they may be called from
/// async code.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use pinecone_admin_emulator::{Emulator, FaultAction, FaultRule, ResourceKind};
///
/// let emu = Emulator::builder().start().await?;
/// let project = emu.seed_project("demo");
/// emu.seed_index(&project, "docs", true).unwrap();
/// assert_eq!(emu.index_names(&project), ["docs"]);
///
/// emu.inject(FaultRule::new("POST", "/admin/projects").times(1).action(FaultAction::ProcessThenFail(500)));
/// emu.expire_tokens();
/// assert_eq!(emu.counters().creates(ResourceKind::Project), 0);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct EmulatorHandle {
    inner: Arc<Inner>,
}

impl fmt::Debug for EmulatorHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorHandle")
            .field("base_url", &self.inner.base_url)
            .field("client_id", &self.inner.client_id)
            .field("client_secret", &"<redacted>")
            .field("organization_id", &self.inner.organization_id)
            .finish()
    }
}

fn seed_err(e: crate::error::ApiError) -> SeedError {
    e.into()
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The Admin API host: the base URL (admin paths start with `/admin`).
    pub fn admin_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The token endpoint: `base_url + "/oauth/token"`.
    pub fn oauth_url(&self) -> &str {
        &self.inner.oauth_url
    }

    /// The control-plane host: the base URL (`/indexes`, `/collections`, `/backups`).
    pub fn control_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The assistant API base: `base_url + "/assistant"` (paths `/assistants...`). Assistants
    /// also answer at `base_url + "/assistants..."`.
    pub fn assistant_url(&self) -> &str {
        &self.inner.assistant_url
    }

    /// The socket address the emulator listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local
    }

    /// The seeded service account's client id.
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    /// The seeded service account's client secret as given at start. After a
    /// rotate-secret of that account through the API this value no longer works.
    pub fn client_secret(&self) -> &str {
        &self.inner.client_secret
    }

    /// The seeded service account's id (it holds `OrgOwner`).
    pub fn service_account_id(&self) -> &str {
        &self.inner.service_account_id
    }

    /// The seeded owner user's id (`owner@example.com`, `OrgOwner`).
    pub fn owner_user_id(&self) -> &str {
        &self.inner.owner_user_id
    }

    /// The seeded organization's id (a string, not a UUID).
    pub fn organization_id(&self) -> &str {
        &self.inner.organization_id
    }

    /// A text block with the URLs and the seeded credentials, for a terminal. It contains the
    /// client secret: print it to stdout for the user who asked, never to a log.
    pub fn banner(&self) -> String {
        format!(
            "Pinecone Admin API emulator listening on {base}\n\
             \n  admin host      {base}\
             \n  oauth token url {oauth}\
             \n  control host    {base}\
             \n  assistant base  {assistant}\
             \n  organization id {org}\
             \n\n  client id       {id}\
             \n  client secret   {secret}\n",
            base = self.inner.base_url,
            oauth = self.inner.oauth_url,
            assistant = self.inner.assistant_url,
            org = self.inner.organization_id,
            id = self.inner.client_id,
            secret = self.inner.client_secret,
        )
    }

    // ----- counters and faults ----------------------------------------------------------

    /// A snapshot of the counters.
    pub fn counters(&self) -> Counters {
        self.inner.app.counters.snapshot()
    }

    /// Sets every counter back to zero.
    pub fn reset_counters(&self) {
        self.inner.app.counters.reset()
    }

    /// Adds a fault rule (after the existing ones).
    pub fn inject(&self, rule: FaultRule) {
        self.inner.app.faults.push(rule)
    }

    /// Removes every fault rule.
    pub fn clear_faults(&self) {
        self.inner.app.faults.clear()
    }

    /// The active fault rules, with their remaining counts.
    pub fn faults(&self) -> Vec<FaultRule> {
        self.inner.app.faults.snapshot()
    }

    /// Invalidates every access token issued so far: the next call with one gets `401`.
    pub fn expire_tokens(&self) {
        self.inner.app.store().expire_tokens()
    }

    // ----- seeding ----------------------------------------------------------------------

    /// Creates a project (not counted as a create) and returns its id.
    pub fn seed_project(&self, name: &str) -> String {
        self.inner.app.store().seed_project(name)
    }

    /// Seeds a project with resources; see [`SeedProject`].
    pub fn seed(&self, project: SeedProject) -> Result<SeededProject, SeedError> {
        seed::apply(&mut self.inner.app.store(), &project).map_err(seed_err)
    }

    /// Adds a serverless index to a project.
    pub fn seed_index(
        &self,
        project_id: &str,
        name: &str,
        deletion_protection: bool,
    ) -> Result<(), SeedError> {
        self.inner
            .app
            .store()
            .seed_index(project_id, name, deletion_protection)
            .map_err(seed_err)
    }

    /// Adds a collection to a project.
    pub fn seed_collection(&self, project_id: &str, name: &str) -> Result<(), SeedError> {
        self.inner
            .app
            .store()
            .seed_collection(project_id, name)
            .map_err(seed_err)
    }

    /// Adds a backup of an index of the project; returns the backup id.
    pub fn seed_backup(&self, project_id: &str, index_name: &str) -> Result<String, SeedError> {
        let b = self
            .inner
            .app
            .store()
            .create_backup(project_id, index_name, &serde_json::json!({}))
            .map_err(seed_err)?;
        Ok(b["backup_id"].as_str().unwrap_or_default().to_owned())
    }

    /// Adds an assistant to a project.
    pub fn seed_assistant(&self, project_id: &str, name: &str) -> Result<(), SeedError> {
        self.inner
            .app
            .store()
            .create_assistant(project_id, &serde_json::json!({ "name": name }))
            .map(|_| ())
            .map_err(seed_err)
    }

    /// Creates an API key in a project (subject to the quota) and returns its id and secret
    /// value, for control-plane calls. Empty `roles` means `ProjectEditor`.
    pub fn seed_api_key(
        &self,
        project_id: &str,
        roles: &[&str],
    ) -> Result<SeededApiKey, SeedError> {
        let seeded = self.seed(SeedProject::existing(project_id).api_key("seeded", roles))?;
        seeded
            .api_keys
            .into_iter()
            .next()
            .ok_or_else(|| crate::error::ApiError::internal("no key created").into())
    }

    /// Adds an organization member with role `OrgMember`; returns the user id.
    pub fn seed_user(&self, email: &str, name: Option<&str>) -> String {
        self.inner.app.store().seed_user(email, name, "OrgMember")
    }

    /// Accepts a pending or expired invite: it becomes `processed`, a user with its email
    /// joins the organization and receives the invite's role bindings. Returns the user id.
    pub fn accept_invite(&self, invite_id: &str) -> Result<String, SeedError> {
        self.inner
            .app
            .store()
            .accept_invite(invite_id)
            .map_err(seed_err)
    }

    /// Makes an invite expired (as if its seven days had passed).
    pub fn expire_invite(&self, invite_id: &str) -> Result<(), SeedError> {
        self.inner
            .app
            .store()
            .expire_invite(invite_id)
            .map_err(seed_err)
    }

    // ----- inspection -------------------------------------------------------------------

    /// Project ids, oldest first.
    pub fn project_ids(&self) -> Vec<String> {
        self.inner
            .app
            .store()
            .project_map()
            .values()
            .map(|p| p.id.clone())
            .collect()
    }

    /// Ids of a project's API keys, oldest first (empty for an unknown project).
    pub fn api_key_ids(&self, project_id: &str) -> Vec<String> {
        self.inner
            .app
            .store()
            .list_api_keys(project_id)
            .map(|v| v.into_iter().map(|k| k.id).collect())
            .unwrap_or_default()
    }

    /// Names of a project's indexes, `Terminating` ones included, sorted.
    pub fn index_names(&self, project_id: &str) -> Vec<String> {
        self.names(project_id, |r| r.indexes.keys().cloned().collect())
    }

    /// Names of a project's collections, sorted.
    pub fn collection_names(&self, project_id: &str) -> Vec<String> {
        self.names(project_id, |r| r.collections.keys().cloned().collect())
    }

    /// Ids of a project's backups, oldest first.
    pub fn backup_ids(&self, project_id: &str) -> Vec<String> {
        self.names(project_id, |r| {
            let mut v: Vec<_> = r
                .backups
                .iter()
                .map(|(id, b)| (b.seq, id.clone()))
                .collect();
            v.sort();
            v.into_iter().map(|(_, id)| id).collect()
        })
    }

    /// Names of a project's assistants, `Terminating` ones included, sorted.
    pub fn assistant_names(&self, project_id: &str) -> Vec<String> {
        self.names(project_id, |r| r.assistants.keys().cloned().collect())
    }

    fn names(
        &self,
        project_id: &str,
        f: impl Fn(&crate::store::control::Resources) -> Vec<String>,
    ) -> Vec<String> {
        let mut store = self.inner.app.store();
        match store.project_mut(project_id) {
            Ok(p) => {
                p.res.purge(std::time::Instant::now());
                f(&p.res)
            }
            Err(_) => Vec::new(),
        }
    }

    /// User ids, oldest first.
    pub fn user_ids(&self) -> Vec<String> {
        Store::sorted_ids(&self.inner.app.store().users, |u| u.seq)
    }

    /// Service account ids, oldest first (the seeded one included).
    pub fn service_account_ids(&self) -> Vec<String> {
        Store::sorted_ids(&self.inner.app.store().service_accounts, |s| s.seq)
    }

    /// Invite ids (pending, expired and processed), oldest first.
    pub fn invite_ids(&self) -> Vec<String> {
        Store::sorted_ids(&self.inner.app.store().invites, |i| i.seq)
    }

    /// Role binding ids, oldest first.
    pub fn role_binding_ids(&self) -> Vec<String> {
        Store::sorted_ids(&self.inner.app.store().bindings, |b| b.seq)
    }

    /// Stops accepting connections, lets requests in flight finish (at most 5 s), and waits
    /// for the server to stop. Other clones of the handle keep working as inspectors.
    pub async fn shutdown(self) {
        let _ = self.inner.shutdown.send(true);
        let task = self
            .inner
            .task
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}

/// Starts the emulator from `builder`, prints [`EmulatorHandle::banner`] to stdout, and
/// serves until Ctrl-C. This is what the `pinecone-admin-emulator` binary runs, and what a
/// CLI's `emulator` subcommand can call.
///
/// ```no_run
/// # #[tokio::main]
/// # async fn main() -> std::io::Result<()> {
/// use pinecone_admin_emulator::Emulator;
/// pinecone_admin_emulator::serve(Emulator::builder().port(4010)).await
/// # }
/// ```
pub async fn serve(builder: EmulatorBuilder) -> io::Result<()> {
    serve_until(builder, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Like [`serve`], stopping when `signal` completes instead of at Ctrl-C.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use pinecone_admin_emulator::{serve_until, Emulator};
/// serve_until(Emulator::builder(), async {}).await
/// # }
/// ```
pub async fn serve_until(
    builder: EmulatorBuilder,
    signal: impl Future<Output = ()>,
) -> io::Result<()> {
    let handle = builder.start().await?;
    println!("{}", handle.banner());
    signal.await;
    println!("Shutting down.");
    handle.shutdown().await;
    Ok(())
}
