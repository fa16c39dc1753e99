//! Request, token, connection and create counters.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

use serde::{Deserialize, Serialize};

/// The kinds of resources whose creation through the API is counted.
///
/// ```
/// use pinecone_admin_emulator::ResourceKind;
/// assert_eq!(ResourceKind::ApiKey.as_str(), "api_key");
/// assert_eq!("api_key".parse::<ResourceKind>(), Ok(ResourceKind::ApiKey));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ResourceKind {
    /// `POST /admin/projects`
    Project,
    /// `POST /admin/projects/{project_id}/api-keys`
    ApiKey,
    /// `POST /admin/invites`
    Invite,
    /// `POST /admin/service-accounts`
    ServiceAccount,
    /// `POST /admin/role-bindings` (bindings created along with an invite or a service account
    /// are not counted here)
    RoleBinding,
    /// `POST /indexes`
    Index,
    /// `POST /indexes/{index_name}/backups`
    Backup,
    /// `POST /assistants` (either prefix)
    Assistant,
}

impl ResourceKind {
    /// Every kind, in a stable order.
    pub const ALL: [ResourceKind; 8] = [
        ResourceKind::Project,
        ResourceKind::ApiKey,
        ResourceKind::Invite,
        ResourceKind::ServiceAccount,
        ResourceKind::RoleBinding,
        ResourceKind::Index,
        ResourceKind::Backup,
        ResourceKind::Assistant,
    ];

    /// The snake_case name used in `GET /_emulator/counters`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Project => "project",
            ResourceKind::ApiKey => "api_key",
            ResourceKind::Invite => "invite",
            ResourceKind::ServiceAccount => "service_account",
            ResourceKind::RoleBinding => "role_binding",
            ResourceKind::Index => "index",
            ResourceKind::Backup => "backup",
            ResourceKind::Assistant => "assistant",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an unknown [`ResourceKind`] name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownResourceKind(pub String);

impl fmt::Display for UnknownResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown resource kind `{}`", self.0)
    }
}

impl std::error::Error for UnknownResourceKind {}

impl FromStr for ResourceKind {
    type Err = UnknownResourceKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResourceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownResourceKind(s.to_owned()))
    }
}

/// A snapshot of the emulator's counters, from
/// [`EmulatorHandle::counters`](crate::EmulatorHandle::counters).
///
/// Request keys are `"METHOD /route/template"`, e.g. `"POST /admin/projects"`,
/// `"GET /admin/projects/{project_id}"`, `"DELETE /indexes/{index_name}"`,
/// `"POST /oauth/token"`. Assistant routes are counted under the prefix the client used
/// (`/assistant/assistants...` or `/assistants...`). Requests that match no route count in
/// [`requests_total`](Counters::requests_total) only; `/_emulator` routes are not counted.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use pinecone_admin_emulator::{Emulator, ResourceKind};
///
/// let emu = Emulator::builder().start().await?;
/// let counters = emu.counters();
/// assert_eq!(counters.requests("POST /admin/projects"), 0);
/// assert_eq!(counters.creates(ResourceKind::Project), 0);
/// assert_eq!(counters.token_exchanges(), 0);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    requests: BTreeMap<String, u64>,
    requests_total: u64,
    token_exchanges: u64,
    connections: u64,
    creates: BTreeMap<ResourceKind, u64>,
}

impl Counters {
    /// Requests received on `route` (`"METHOD /template"`), whatever their outcome.
    pub fn requests(&self, route: &str) -> u64 {
        self.requests.get(route).copied().unwrap_or(0)
    }

    /// Requests received on all routes, unknown paths included (`/_emulator` excluded).
    pub fn requests_total(&self) -> u64 {
        self.requests_total
    }

    /// Every route with at least one request, with its count.
    pub fn routes(&self) -> impl Iterator<Item = (&str, u64)> {
        self.requests.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Successful token exchanges at `/oauth/token` (tokens minted).
    pub fn token_exchanges(&self) -> u64 {
        self.token_exchanges
    }

    /// TCP connections accepted.
    pub fn connections(&self) -> u64 {
        self.connections
    }

    /// Resources of `kind` created through the API (seeding is not counted). A create answered
    /// by a `ProcessThenFail` fault counts, since it happened.
    pub fn creates(&self, kind: ResourceKind) -> u64 {
        self.creates.get(&kind).copied().unwrap_or(0)
    }
}

/// The live counters.
pub(crate) struct CounterSet {
    // method -> template -> count; looked up without allocating.
    routes: RwLock<HashMap<String, HashMap<Box<str>, AtomicU64>>>,
    total: AtomicU64,
    tokens: AtomicU64,
    connections: AtomicU64,
    creates: [AtomicU64; ResourceKind::ALL.len()],
}

impl Default for CounterSet {
    fn default() -> Self {
        CounterSet {
            routes: RwLock::new(HashMap::new()),
            total: AtomicU64::new(0),
            tokens: AtomicU64::new(0),
            connections: AtomicU64::new(0),
            creates: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

impl CounterSet {
    pub(crate) fn request(&self, method: &str, template: Option<&str>) {
        self.total.fetch_add(1, Ordering::Relaxed);
        let Some(template) = template else { return };
        {
            let routes = self.routes.read().unwrap_or_else(|e| e.into_inner());
            if let Some(c) = routes.get(method).and_then(|m| m.get(template)) {
                c.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
        let mut routes = self.routes.write().unwrap_or_else(|e| e.into_inner());
        routes
            .entry(method.to_owned())
            .or_default()
            .entry(template.into())
            .or_insert_with(|| AtomicU64::new(0))
            .fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn token_exchange(&self) {
        self.tokens.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn connection(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn created(&self, kind: ResourceKind) {
        self.creates[kind.index()].fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> Counters {
        let routes = self.routes.read().unwrap_or_else(|e| e.into_inner());
        let mut requests = BTreeMap::new();
        for (method, templates) in routes.iter() {
            for (template, count) in templates {
                requests.insert(
                    format!("{method} {template}"),
                    count.load(Ordering::Relaxed),
                );
            }
        }
        let creates = ResourceKind::ALL
            .into_iter()
            .filter_map(|k| {
                let n = self.creates[k.index()].load(Ordering::Relaxed);
                (n > 0).then_some((k, n))
            })
            .collect();
        Counters {
            requests,
            requests_total: self.total.load(Ordering::Relaxed),
            token_exchanges: self.tokens.load(Ordering::Relaxed),
            connections: self.connections.load(Ordering::Relaxed),
            creates,
        }
    }

    pub(crate) fn reset(&self) {
        self.routes
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.total.store(0, Ordering::Relaxed);
        self.tokens.store(0, Ordering::Relaxed);
        self.connections.store(0, Ordering::Relaxed);
        for c in &self.creates {
            c.store(0, Ordering::Relaxed);
        }
    }
}
