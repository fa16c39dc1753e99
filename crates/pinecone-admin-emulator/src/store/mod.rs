//! The emulator's in-memory state and the rules of the Admin API.

pub(crate) mod control;
pub(crate) mod page;
pub(crate) mod wire;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rand::distr::{Alphanumeric, SampleString};
use rand::Rng;
use serde::Serialize;

use crate::error::ApiError;
use page::{Page, Paged};
use wire::*;

/// Roles granting organization membership.
pub(crate) const ORG_ROLES: [&str; 4] = ["OrgOwner", "OrgManager", "OrgMember", "OrgBillingAdmin"];
/// Roles at project scope.
pub(crate) const PROJECT_ROLES: [&str; 9] = [
    "ProjectOwner",
    "ProjectManager",
    "ProjectMember",
    "ProjectEditor",
    "ProjectViewer",
    "ControlPlaneEditor",
    "ControlPlaneViewer",
    "DataPlaneEditor",
    "DataPlaneViewer",
];
/// Roles an API key may hold.
pub(crate) const API_KEY_ROLES: [&str; 6] = [
    "ProjectEditor",
    "ProjectViewer",
    "ControlPlaneEditor",
    "ControlPlaneViewer",
    "DataPlaneEditor",
    "DataPlaneViewer",
];
const PRINCIPAL_TYPES: [&str; 4] = ["user", "service_account", "api_key", "invite"];
const INVITE_TTL_DAYS: i64 = 7;

/// Runtime settings the rules depend on.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub token_ttl: Duration,
    pub api_key_quota: usize,
    pub project_quota: Option<usize>,
    pub terminating_for: Duration,
    pub invite_resends_per_hour: usize,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Organization {
    pub id: String,
    pub name: String,
    pub plan: String,
    pub payment_status: String,
    pub created_at: DateTime<Utc>,
    pub support_tier: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Project {
    pub id: String,
    pub name: String,
    pub max_pods: i64,
    pub force_encryption_with_cmek: bool,
    pub organization_id: String,
    pub created_at: DateTime<Utc>,
    #[serde(skip)]
    pub seq: u64,
    #[serde(skip)]
    pub res: control::Resources,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ApiKey {
    pub id: String,
    pub name: String,
    pub project_id: String,
    pub roles: Vec<String>,
    #[serde(skip)]
    pub value: String,
    #[serde(skip)]
    pub seq: u64,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct User {
    pub id: String,
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip)]
    pub seq: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InviteState {
    Open,
    Processed,
}

#[derive(Clone, Debug)]
pub(crate) struct Invite {
    pub id: String,
    pub email: String,
    pub state: InviteState,
    pub expires_at: Option<DateTime<Utc>>,
    pub processed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub seq: u64,
}

#[derive(Serialize)]
pub(crate) struct InviteView {
    pub id: String,
    pub email: String,
    pub status: &'static str,
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Invite {
    fn status(&self, now: DateTime<Utc>) -> &'static str {
        match self.state {
            InviteState::Processed => "processed",
            InviteState::Open if self.expires_at.is_some_and(|e| e <= now) => "expired",
            InviteState::Open => "pending",
        }
    }

    fn view(&self, now: DateTime<Utc>) -> InviteView {
        InviteView {
            id: self.id.clone(),
            email: self.email.clone(),
            status: self.status(now),
            expires_at: self.expires_at,
            processed_at: self.processed_at,
            created_at: self.created_at,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ServiceAccount {
    pub id: String,
    pub name: String,
    pub client_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(skip)]
    pub secret: String,
    #[serde(skip)]
    pub seq: u64,
}

#[derive(Serialize)]
pub(crate) struct ServiceAccountWithSecret {
    pub service_account: ServiceAccount,
    pub client_secret: String,
}

#[derive(Serialize)]
pub(crate) struct ApiKeyWithSecret {
    pub key: ApiKey,
    pub value: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct RoleBinding {
    pub id: String,
    pub principal_type: String,
    pub principal_id: String,
    pub resource_type: String,
    pub resource_id: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    #[serde(skip)]
    pub seq: u64,
}

impl RoleBinding {
    fn same_grant(&self, other: &RoleBinding) -> bool {
        self.principal_type == other.principal_type
            && self.principal_id == other.principal_id
            && self.resource_type == other.resource_type
            && self.resource_id == other.resource_id
            && self.role == other.role
    }
}

struct TokenInfo {
    service_account_id: String,
    expires_at: Instant,
}

/// A minted access token.
pub(crate) struct Minted {
    pub access_token: String,
    pub expires_in: u64,
}

/// Why a token exchange failed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum MintError {
    BadCredentials,
}

/// The whole state of one emulator.
pub(crate) struct Store {
    pub settings: Settings,
    pub org: Option<Organization>,
    /// The organization id, kept after the organization is deleted.
    pub org_id: String,
    seq: u64,
    pub projects: HashMap<String, Project>,
    pub api_keys: HashMap<String, ApiKey>,
    key_by_value: HashMap<String, String>,
    pub users: HashMap<String, User>,
    pub invites: HashMap<String, Invite>,
    pub service_accounts: HashMap<String, ServiceAccount>,
    sa_by_client_id: HashMap<String, String>,
    pub bindings: HashMap<String, RoleBinding>,
    tokens: HashMap<String, TokenInfo>,
    invite_sends: VecDeque<Instant>,
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub(crate) fn random_alnum(n: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), n)
}

pub(crate) fn random_lower(n: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..n)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

/// Checks a path or body id documented as a UUID; returns it normalized to lower case.
pub(crate) fn uuid_arg(value: &str, what: &str) -> Result<String, ApiError> {
    let ok = value.len() == 36 && uuid::Uuid::try_parse(value).is_ok();
    if ok {
        Ok(value.to_ascii_lowercase())
    } else {
        Err(ApiError::invalid(format!("{what} must be a UUID")))
    }
}

fn check_name(value: &str, what: &str, max: usize) -> Result<(), ApiError> {
    let n = value.chars().count();
    if n == 0 || n > max {
        return Err(ApiError::invalid(format!(
            "{what} must be 1-{max} characters long"
        )));
    }
    Ok(())
}

/// A deliberately lenient email check: one `@`, non-empty local part, a dotted domain, no
/// whitespace, at most 254 characters.
pub(crate) fn valid_email(email: &str) -> bool {
    if email.is_empty() || email.len() > 254 || email.chars().any(|c| c.is_whitespace()) {
        return false;
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

fn membership(role: &str) -> bool {
    ORG_ROLES.contains(&role)
}

impl Store {
    pub(crate) fn new(settings: Settings, org_name: &str) -> Self {
        let org_id = format!("-{}", random_alnum(19));
        Store {
            settings,
            org: Some(Organization {
                id: org_id.clone(),
                name: org_name.to_owned(),
                plan: "Standard".to_owned(),
                payment_status: "Active".to_owned(),
                created_at: Utc::now(),
                support_tier: "Free".to_owned(),
            }),
            org_id,
            seq: 0,
            projects: HashMap::new(),
            api_keys: HashMap::new(),
            key_by_value: HashMap::new(),
            users: HashMap::new(),
            invites: HashMap::new(),
            service_accounts: HashMap::new(),
            sa_by_client_id: HashMap::new(),
            bindings: HashMap::new(),
            tokens: HashMap::new(),
            invite_sends: VecDeque::new(),
        }
    }

    pub(crate) fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn org_exists(&self) -> Result<&Organization, ApiError> {
        self.org
            .as_ref()
            .ok_or_else(|| ApiError::not_found("The organization has been deleted."))
    }

    // ----- tokens -----------------------------------------------------------------------

    pub(crate) fn mint_token(
        &mut self,
        client_id: &str,
        secret: &str,
    ) -> Result<Minted, MintError> {
        let sa_id = self
            .sa_by_client_id
            .get(client_id)
            .ok_or(MintError::BadCredentials)?;
        let sa = self
            .service_accounts
            .get(sa_id)
            .ok_or(MintError::BadCredentials)?;
        if !constant_time_eq(sa.secret.as_bytes(), secret.as_bytes()) {
            return Err(MintError::BadCredentials);
        }
        let sa_id = sa.id.clone();
        let now = Instant::now();
        if self.tokens.len() > 10_000 {
            self.tokens.retain(|_, t| t.expires_at > now);
        }
        let token = format!("pcemu_{}", random_alnum(48));
        let ttl = self.settings.token_ttl;
        self.tokens.insert(
            token.clone(),
            TokenInfo {
                service_account_id: sa_id,
                expires_at: now + ttl,
            },
        );
        Ok(Minted {
            access_token: token,
            expires_in: ttl.as_secs(),
        })
    }

    /// The service account a bearer token belongs to, if the token is current.
    pub(crate) fn check_token(&mut self, token: &str) -> Option<String> {
        let info = self.tokens.get(token)?;
        if info.expires_at <= Instant::now() {
            self.tokens.remove(token);
            return None;
        }
        Some(info.service_account_id.clone())
    }

    pub(crate) fn expire_tokens(&mut self) {
        self.tokens.clear();
    }

    fn revoke_tokens_of(&mut self, sa_id: &str) {
        self.tokens.retain(|_, t| t.service_account_id != sa_id);
    }

    // ----- seeding ----------------------------------------------------------------------

    pub(crate) fn seed_service_account(
        &mut self,
        name: &str,
        client_id: String,
        secret: String,
        role: Option<&str>,
    ) -> String {
        let now = Utc::now();
        let id = new_id();
        let seq = self.next_seq();
        self.sa_by_client_id.insert(client_id.clone(), id.clone());
        self.service_accounts.insert(
            id.clone(),
            ServiceAccount {
                id: id.clone(),
                name: name.to_owned(),
                client_id,
                created_at: now,
                updated_at: now,
                secret,
                seq,
            },
        );
        if let Some(role) = role {
            self.insert_binding("service_account", &id, "organization", None, role);
        }
        id
    }

    pub(crate) fn seed_user(&mut self, email: &str, name: Option<&str>, role: &str) -> String {
        let id = new_id();
        let seq = self.next_seq();
        self.users.insert(
            id.clone(),
            User {
                id: id.clone(),
                email: email.to_owned(),
                name: name.map(str::to_owned),
                seq,
            },
        );
        self.insert_binding("user", &id, "organization", None, role);
        id
    }

    pub(crate) fn seed_project(&mut self, name: &str) -> String {
        let id = new_id();
        let seq = self.next_seq();
        self.projects.insert(
            id.clone(),
            Project {
                id: id.clone(),
                name: name.to_owned(),
                max_pods: 0,
                force_encryption_with_cmek: false,
                organization_id: self.org_id.clone(),
                created_at: Utc::now(),
                seq,
                res: Default::default(),
            },
        );
        id
    }

    /// Accepts an open invite: it becomes `processed`, a user with its email joins, and the
    /// invite's role bindings move to that user.
    pub(crate) fn accept_invite(&mut self, invite_id: &str) -> Result<String, ApiError> {
        let invite = self
            .invites
            .get_mut(invite_id)
            .ok_or_else(|| ApiError::not_found(format!("Invite {invite_id} not found.")))?;
        if invite.state == InviteState::Processed {
            return Err(ApiError::already_exists(
                "The invite has already been accepted.",
            ));
        }
        invite.state = InviteState::Processed;
        invite.processed_at = Some(Utc::now());
        let email = invite.email.clone();
        let user_id = new_id();
        let seq = self.next_seq();
        self.users.insert(
            user_id.clone(),
            User {
                id: user_id.clone(),
                email,
                name: None,
                seq,
            },
        );
        for b in self.bindings.values_mut() {
            if b.principal_type == "invite" && b.principal_id == invite_id {
                b.principal_type = "user".to_owned();
                b.principal_id = user_id.clone();
            }
        }
        Ok(user_id)
    }

    /// Makes an open invite expired.
    pub(crate) fn expire_invite(&mut self, invite_id: &str) -> Result<(), ApiError> {
        let invite = self
            .invites
            .get_mut(invite_id)
            .ok_or_else(|| ApiError::not_found(format!("Invite {invite_id} not found.")))?;
        if invite.state == InviteState::Processed {
            return Err(ApiError::already_exists(
                "The invite has already been accepted.",
            ));
        }
        invite.expires_at = Some(Utc::now() - chrono::Duration::seconds(1));
        Ok(())
    }

    // ----- organizations ----------------------------------------------------------------

    pub(crate) fn list_organizations(&self) -> Vec<Organization> {
        self.org.iter().cloned().collect()
    }

    fn org_mut(&mut self, id: &str) -> Result<&mut Organization, ApiError> {
        match self.org.as_mut() {
            Some(o) if o.id == id => Ok(o),
            _ => Err(ApiError::not_found(format!("Organization {id} not found."))),
        }
    }

    pub(crate) fn get_organization(&mut self, id: &str) -> Result<Organization, ApiError> {
        self.org_mut(id).map(|o| o.clone())
    }

    pub(crate) fn update_organization(
        &mut self,
        id: &str,
        req: UpdateOrganizationRequest,
    ) -> Result<Organization, ApiError> {
        if let Some(name) = &req.name {
            check_name(name, "name", 512)?;
        }
        let org = self.org_mut(id)?;
        if let Some(name) = req.name {
            org.name = name;
        }
        Ok(org.clone())
    }

    pub(crate) fn delete_organization(&mut self, id: &str) -> Result<(), ApiError> {
        self.org_mut(id)?;
        if !self.projects.is_empty() {
            return Err(ApiError::failed_precondition(format!(
                "The organization still has {} project(s); delete them first.",
                self.projects.len()
            )));
        }
        self.org = None;
        Ok(())
    }

    // ----- projects ---------------------------------------------------------------------

    /// Projects, oldest first (borrowed: serialize them while holding the lock).
    pub(crate) fn list_projects(&self) -> Vec<&Project> {
        let mut v: Vec<&Project> = self.projects.values().collect();
        v.sort_by_key(|p| p.seq);
        v
    }

    pub(crate) fn project(&self, id: &str) -> Result<&Project, ApiError> {
        self.projects
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("Project {id} not found.")))
    }

    pub(crate) fn project_mut(&mut self, id: &str) -> Result<&mut Project, ApiError> {
        self.projects
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found(format!("Project {id} not found.")))
    }

    pub(crate) fn create_project(
        &mut self,
        req: CreateProjectRequest,
    ) -> Result<Project, ApiError> {
        check_name(&req.name, "name", 512)?;
        let max_pods = req.max_pods.unwrap_or(0);
        if max_pods < 0 {
            return Err(ApiError::invalid("max_pods must be zero or greater"));
        }
        self.org_exists()?;
        if let Some(quota) = self.settings.project_quota {
            if self.projects.len() >= quota {
                return Err(ApiError::quota(format!(
                    "The organization has reached its limit of {quota} projects."
                )));
            }
        }
        let id = self.seed_project(&req.name);
        let p = self.projects.get_mut(&id).expect("just inserted");
        p.max_pods = max_pods;
        p.force_encryption_with_cmek = req.force_encryption_with_cmek.unwrap_or(false);
        Ok(p.clone())
    }

    pub(crate) fn update_project(
        &mut self,
        id: &str,
        req: UpdateProjectRequest,
    ) -> Result<Project, ApiError> {
        if let Some(name) = &req.name {
            check_name(name, "name", 512)?;
        }
        if req.max_pods.is_some_and(|m| m < 0) {
            return Err(ApiError::invalid("max_pods must be zero or greater"));
        }
        let p = self.project_mut(id)?;
        if p.force_encryption_with_cmek && req.force_encryption_with_cmek == Some(false) {
            return Err(ApiError::invalid(
                "CMEK encryption cannot be disabled once it is enabled.",
            ));
        }
        if let Some(name) = req.name {
            p.name = name;
        }
        if let Some(m) = req.max_pods {
            p.max_pods = m;
        }
        if let Some(c) = req.force_encryption_with_cmek {
            p.force_encryption_with_cmek = c;
        }
        Ok(p.clone())
    }

    pub(crate) fn delete_project(&mut self, id: &str) -> Result<(), ApiError> {
        let terminating_for = self.settings.terminating_for;
        let p = self.project_mut(id)?;
        p.res.purge(Instant::now());
        let r = &p.res;
        let mut left = Vec::new();
        if !r.indexes.is_empty() {
            left.push(format!("{} index(es)", r.indexes.len()));
        }
        if !r.collections.is_empty() {
            left.push(format!("{} collection(s)", r.collections.len()));
        }
        if !r.backups.is_empty() {
            left.push(format!("{} backup(s)", r.backups.len()));
        }
        if !r.assistants.is_empty() {
            left.push(format!("{} assistant(s)", r.assistants.len()));
        }
        let _ = terminating_for;
        if !left.is_empty() {
            return Err(ApiError::failed_precondition(format!(
                "The project still has {}; delete them before deleting the project.",
                left.join(", ")
            )));
        }
        self.projects.remove(id);
        let keys: Vec<String> = self
            .api_keys
            .values()
            .filter(|k| k.project_id == id)
            .map(|k| k.id.clone())
            .collect();
        for k in keys {
            self.remove_api_key(&k);
        }
        self.bindings
            .retain(|_, b| !(b.resource_type == "project" && b.resource_id == id));
        Ok(())
    }

    // ----- API keys ---------------------------------------------------------------------

    pub(crate) fn list_api_keys(&self, project_id: &str) -> Result<Vec<ApiKey>, ApiError> {
        self.project(project_id)?;
        let mut v: Vec<ApiKey> = self
            .api_keys
            .values()
            .filter(|k| k.project_id == project_id)
            .cloned()
            .collect();
        v.sort_by_key(|k| k.seq);
        Ok(v)
    }

    fn check_key_roles(roles: &[String]) -> Result<Vec<String>, ApiError> {
        let mut out: Vec<String> = Vec::with_capacity(roles.len());
        for r in roles {
            if !API_KEY_ROLES.contains(&r.as_str()) {
                return Err(ApiError::invalid(format!(
                    "Unknown API key role `{r}`; expected one of {}.",
                    API_KEY_ROLES.join(", ")
                )));
            }
            if !out.contains(r) {
                out.push(r.clone());
            }
        }
        Ok(out)
    }

    pub(crate) fn create_api_key(
        &mut self,
        project_id: &str,
        req: CreateApiKeyRequest,
    ) -> Result<ApiKeyWithSecret, ApiError> {
        check_name(&req.name, "name", 80)?;
        let roles = match &req.roles {
            Some(r) => Self::check_key_roles(r)?,
            None => vec!["ProjectEditor".to_owned()],
        };
        self.project(project_id)?;
        let quota = self.settings.api_key_quota;
        let count = self
            .api_keys
            .values()
            .filter(|k| k.project_id == project_id)
            .count();
        if count >= quota {
            return Err(ApiError::quota(format!(
                "The project has reached its limit of {quota} API keys."
            )));
        }
        Ok(self.insert_api_key(project_id, &req.name, roles))
    }

    pub(crate) fn insert_api_key(
        &mut self,
        project_id: &str,
        name: &str,
        roles: Vec<String>,
    ) -> ApiKeyWithSecret {
        let id = new_id();
        let value = format!("pckey_{}_{}", random_lower(5), random_alnum(48));
        let seq = self.next_seq();
        for role in &roles {
            self.insert_binding("api_key", &id, "project", Some(project_id), role);
        }
        let key = ApiKey {
            id: id.clone(),
            name: name.to_owned(),
            project_id: project_id.to_owned(),
            roles,
            value: value.clone(),
            seq,
        };
        self.key_by_value.insert(value.clone(), id.clone());
        self.api_keys.insert(id, key.clone());
        ApiKeyWithSecret { key, value }
    }

    pub(crate) fn api_key(&self, id: &str) -> Result<&ApiKey, ApiError> {
        self.api_keys
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("API key {id} not found.")))
    }

    pub(crate) fn update_api_key(
        &mut self,
        id: &str,
        req: UpdateApiKeyRequest,
    ) -> Result<ApiKey, ApiError> {
        if let Some(name) = &req.name {
            check_name(name, "name", 80)?;
        }
        let roles = req
            .roles
            .as_deref()
            .map(Self::check_key_roles)
            .transpose()?;
        let project_id = self.api_key(id)?.project_id.clone();
        if let Some(roles) = roles {
            self.bindings
                .retain(|_, b| !(b.principal_type == "api_key" && b.principal_id == id));
            for role in &roles {
                self.insert_binding("api_key", id, "project", Some(&project_id), role);
            }
            self.api_keys.get_mut(id).expect("checked").roles = roles;
        }
        let key = self.api_keys.get_mut(id).expect("checked");
        if let Some(name) = req.name {
            key.name = name;
        }
        Ok(key.clone())
    }

    pub(crate) fn delete_api_key(&mut self, id: &str) -> Result<(), ApiError> {
        self.api_key(id)?;
        self.remove_api_key(id);
        Ok(())
    }

    fn remove_api_key(&mut self, id: &str) {
        if let Some(k) = self.api_keys.remove(id) {
            self.key_by_value.remove(&k.value);
        }
        self.bindings
            .retain(|_, b| !(b.principal_type == "api_key" && b.principal_id == id));
    }

    /// The key behind an `Api-Key` header value.
    pub(crate) fn key_by_value(&self, value: &str) -> Option<&ApiKey> {
        self.api_keys.get(self.key_by_value.get(value)?)
    }

    // ----- users ------------------------------------------------------------------------

    pub(crate) fn list_users(
        &self,
        email: Option<&str>,
        page: &Page,
    ) -> Result<Paged<User>, ApiError> {
        let mut v: Vec<&User> = self
            .users
            .values()
            .filter(|u| email.is_none_or(|e| u.email.eq_ignore_ascii_case(e)))
            .collect();
        v.sort_by_key(|u| u.seq);
        page.apply(v.into_iter().map(|u| (u.seq, u.clone())))
    }

    pub(crate) fn user(&self, id: &str) -> Result<&User, ApiError> {
        self.users
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("User {id} not found.")))
    }

    fn org_owner_count(&self) -> usize {
        self.bindings
            .values()
            .filter(|b| b.role == "OrgOwner" && b.resource_type == "organization")
            .count()
    }

    pub(crate) fn delete_user(&mut self, id: &str) -> Result<(), ApiError> {
        self.user(id)?;
        let owned = self
            .bindings
            .values()
            .filter(|b| {
                b.principal_type == "user"
                    && b.principal_id == id
                    && b.role == "OrgOwner"
                    && b.resource_type == "organization"
            })
            .count();
        if owned > 0 && owned == self.org_owner_count() {
            return Err(ApiError::aborted(
                "Cannot delete the last OrgOwner role binding for this organization.",
            ));
        }
        self.users.remove(id);
        self.bindings
            .retain(|_, b| !(b.principal_type == "user" && b.principal_id == id));
        Ok(())
    }

    // ----- invites ----------------------------------------------------------------------

    pub(crate) fn list_invites(&self, page: &Page) -> Result<Paged<InviteView>, ApiError> {
        let now = Utc::now();
        let mut v: Vec<&Invite> = self
            .invites
            .values()
            .filter(|i| i.state == InviteState::Open)
            .collect();
        v.sort_by_key(|i| i.seq);
        page.apply(v.into_iter().map(|i| (i.seq, i.view(now))))
    }

    pub(crate) fn invite(&self, id: &str) -> Result<InviteView, ApiError> {
        self.invites
            .get(id)
            .map(|i| i.view(Utc::now()))
            .ok_or_else(|| ApiError::not_found(format!("Invite {id} not found.")))
    }

    /// Validates role-binding inputs for a new principal; returns `(resource_type,
    /// resource_id, role)` triples.
    fn check_binding_inputs(
        &self,
        inputs: &[RoleBindingInput],
        allow_api_key_roles_only: bool,
    ) -> Result<Vec<(String, Option<String>, String)>, ApiError> {
        let mut out = Vec::with_capacity(inputs.len());
        for b in inputs {
            let (rt, rid) =
                self.check_scope(&b.resource_type, b.resource_id.as_deref(), &b.role)?;
            if allow_api_key_roles_only && !API_KEY_ROLES.contains(&b.role.as_str()) {
                return Err(ApiError::invalid(format!(
                    "Role `{}` cannot be granted here.",
                    b.role
                )));
            }
            let t = (rt, rid, b.role.clone());
            if !out.contains(&t) {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// Checks a scope and role; returns the resource type and the project id (for project
    /// scope).
    fn check_scope(
        &self,
        resource_type: &str,
        resource_id: Option<&str>,
        role: &str,
    ) -> Result<(String, Option<String>), ApiError> {
        match resource_type {
            "organization" => {
                if !ORG_ROLES.contains(&role) {
                    return Err(ApiError::invalid(format!(
                        "Role `{role}` cannot be granted at organization scope; expected one of {}.",
                        ORG_ROLES.join(", ")
                    )));
                }
                let org = self.org_exists()?;
                if let Some(rid) = resource_id {
                    if rid != org.id {
                        return Err(ApiError::not_found(format!(
                            "Organization {rid} not found."
                        )));
                    }
                }
                Ok(("organization".to_owned(), None))
            }
            "project" => {
                if !PROJECT_ROLES.contains(&role) {
                    return Err(ApiError::invalid(format!(
                        "Role `{role}` cannot be granted at project scope; expected one of {}.",
                        PROJECT_ROLES.join(", ")
                    )));
                }
                let Some(rid) = resource_id else {
                    return Err(ApiError::invalid(
                        "resource_id is required when resource_type is `project`.",
                    ));
                };
                // resource_id is not declared as a UUID: anything that is not one of our
                // project ids is simply not found.
                let rid = rid.to_ascii_lowercase();
                self.project(&rid)?;
                Ok(("project".to_owned(), Some(rid)))
            }
            other => Err(ApiError::invalid(format!(
                "Unknown resource_type `{other}`; expected `organization` or `project`."
            ))),
        }
    }

    pub(crate) fn insert_binding(
        &mut self,
        principal_type: &str,
        principal_id: &str,
        resource_type: &str,
        resource_id: Option<&str>,
        role: &str,
    ) -> RoleBinding {
        let seq = self.next_seq();
        let b = RoleBinding {
            id: new_id(),
            principal_type: principal_type.to_owned(),
            principal_id: principal_id.to_owned(),
            resource_type: resource_type.to_owned(),
            resource_id: resource_id.unwrap_or(&self.org_id).to_owned(),
            role: role.to_owned(),
            created_at: Utc::now(),
            seq,
        };
        self.bindings.insert(b.id.clone(), b.clone());
        b
    }

    fn note_invite_email(&mut self) -> Result<(), ApiError> {
        let now = Instant::now();
        while self
            .invite_sends
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(3600))
        {
            self.invite_sends.pop_front();
        }
        if self.invite_sends.len() >= self.settings.invite_resends_per_hour {
            return Err(ApiError::too_many(
                "The organization has sent the maximum number of invite emails for this hour.",
            ));
        }
        self.invite_sends.push_back(now);
        Ok(())
    }

    pub(crate) fn create_invite(
        &mut self,
        req: CreateInviteRequest,
    ) -> Result<InviteView, ApiError> {
        if !valid_email(&req.email) {
            return Err(ApiError::invalid("email must be a valid email address"));
        }
        if req.role_bindings.is_empty() || req.role_bindings.len() > 100 {
            return Err(ApiError::invalid("role_bindings must hold 1-100 entries"));
        }
        let grants = self.check_binding_inputs(&req.role_bindings, false)?;
        if !grants
            .iter()
            .any(|(rt, _, role)| rt == "organization" && membership(role))
        {
            return Err(ApiError::invalid(
                "role_bindings must include an organization-scoped membership role (OrgOwner, OrgManager, OrgBillingAdmin or OrgMember).",
            ));
        }
        if self
            .users
            .values()
            .any(|u| u.email.eq_ignore_ascii_case(&req.email))
        {
            return Err(ApiError::already_exists(
                "This email already belongs to a member of the organization.",
            ));
        }
        let now = Utc::now();
        if let Some(i) = self
            .invites
            .values()
            .find(|i| i.email.eq_ignore_ascii_case(&req.email) && i.status(now) == "pending")
        {
            return Err(ApiError::already_exists(format!(
                "A pending invite already exists for this email; its ID is {}.",
                i.id
            )));
        }
        self.note_invite_email()?;
        let id = new_id();
        let seq = self.next_seq();
        let invite = Invite {
            id: id.clone(),
            email: req.email,
            state: InviteState::Open,
            expires_at: Some(now + chrono::Duration::days(INVITE_TTL_DAYS)),
            processed_at: None,
            created_at: now,
            seq,
        };
        let view = invite.view(now);
        self.invites.insert(id.clone(), invite);
        for (rt, rid, role) in grants {
            self.insert_binding("invite", &id, &rt, rid.as_deref(), &role);
        }
        Ok(view)
    }

    pub(crate) fn delete_invite(&mut self, id: &str) -> Result<(), ApiError> {
        let invite = self
            .invites
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("Invite {id} not found.")))?;
        if invite.state == InviteState::Processed {
            return Err(ApiError::already_exists(
                "The invite has already been accepted; delete the user instead.",
            ));
        }
        self.invites.remove(id);
        self.bindings
            .retain(|_, b| !(b.principal_type == "invite" && b.principal_id == id));
        Ok(())
    }

    pub(crate) fn resend_invite(&mut self, id: &str) -> Result<InviteView, ApiError> {
        let invite = self
            .invites
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("Invite {id} not found.")))?;
        if invite.state == InviteState::Processed {
            return Err(ApiError::already_exists(
                "Invite has already been accepted and cannot be resent.",
            ));
        }
        self.note_invite_email()?;
        let now = Utc::now();
        let invite = self.invites.get_mut(id).expect("checked");
        invite.expires_at = Some(now + chrono::Duration::days(INVITE_TTL_DAYS));
        Ok(invite.view(now))
    }

    // ----- service accounts -------------------------------------------------------------

    pub(crate) fn list_service_accounts(
        &self,
        page: &Page,
    ) -> Result<Paged<ServiceAccount>, ApiError> {
        let mut v: Vec<&ServiceAccount> = self.service_accounts.values().collect();
        v.sort_by_key(|s| s.seq);
        page.apply(v.into_iter().map(|s| (s.seq, s.clone())))
    }

    pub(crate) fn service_account(&self, id: &str) -> Result<&ServiceAccount, ApiError> {
        self.service_accounts
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("Service account {id} not found.")))
    }

    pub(crate) fn create_service_account(
        &mut self,
        req: CreateServiceAccountRequest,
    ) -> Result<ServiceAccountWithSecret, ApiError> {
        check_name(&req.name, "name", 80)?;
        let inputs = req.role_bindings.unwrap_or_default();
        if inputs.len() > 100 {
            return Err(ApiError::invalid(
                "role_bindings must hold at most 100 entries",
            ));
        }
        let grants = self.check_binding_inputs(&inputs, false)?;
        let client_id = random_alnum(32);
        let secret = random_alnum(64);
        let id = self.seed_service_account(&req.name, client_id, secret.clone(), None);
        for (rt, rid, role) in grants {
            self.insert_binding("service_account", &id, &rt, rid.as_deref(), &role);
        }
        Ok(ServiceAccountWithSecret {
            service_account: self.service_accounts[&id].clone(),
            client_secret: secret,
        })
    }

    pub(crate) fn update_service_account(
        &mut self,
        id: &str,
        req: UpdateServiceAccountRequest,
    ) -> Result<ServiceAccount, ApiError> {
        if let Some(name) = &req.name {
            check_name(name, "name", 80)?;
        }
        self.service_account(id)?;
        let sa = self.service_accounts.get_mut(id).expect("checked");
        if let Some(name) = req.name {
            sa.name = name;
            sa.updated_at = Utc::now();
        }
        Ok(sa.clone())
    }

    pub(crate) fn delete_service_account(&mut self, id: &str) -> Result<(), ApiError> {
        let sa = self.service_account(id)?;
        let client_id = sa.client_id.clone();
        self.service_accounts.remove(id);
        self.sa_by_client_id.remove(&client_id);
        self.revoke_tokens_of(id);
        self.bindings
            .retain(|_, b| !(b.principal_type == "service_account" && b.principal_id == id));
        Ok(())
    }

    pub(crate) fn rotate_secret(&mut self, id: &str) -> Result<ServiceAccountWithSecret, ApiError> {
        self.service_account(id)?;
        let secret = random_alnum(64);
        let sa = self.service_accounts.get_mut(id).expect("checked");
        sa.secret = secret.clone();
        sa.updated_at = Utc::now();
        let view = sa.clone();
        self.revoke_tokens_of(id);
        Ok(ServiceAccountWithSecret {
            service_account: view,
            client_secret: secret,
        })
    }

    // ----- role bindings ----------------------------------------------------------------

    pub(crate) fn list_role_bindings(
        &self,
        f: &RoleBindingFilter,
        page: &Page,
    ) -> Result<Paged<RoleBinding>, ApiError> {
        if f.principal_id.is_some() && f.principal_type.is_none() {
            return Err(ApiError::invalid("principal_id requires principal_type"));
        }
        if f.resource_id.is_some() && f.resource_type.is_none() {
            return Err(ApiError::invalid("resource_id requires resource_type"));
        }
        let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        let mut v: Vec<&RoleBinding> = self
            .bindings
            .values()
            .filter(|b| {
                eq(&f.principal_type, &b.principal_type)
                    && eq(&f.principal_id, &b.principal_id)
                    && eq(&f.resource_type, &b.resource_type)
                    && eq(&f.resource_id, &b.resource_id)
                    && eq(&f.role, &b.role)
            })
            .collect();
        v.sort_by_key(|b| b.seq);
        page.apply(v.into_iter().map(|b| (b.seq, b.clone())))
    }

    pub(crate) fn role_binding(&self, id: &str) -> Result<&RoleBinding, ApiError> {
        self.bindings
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("Role binding {id} not found.")))
    }

    pub(crate) fn create_role_binding(
        &mut self,
        req: CreateRoleBindingRequest,
    ) -> Result<RoleBinding, ApiError> {
        if !PRINCIPAL_TYPES.contains(&req.principal_type.as_str()) {
            return Err(ApiError::invalid(format!(
                "Unknown principal_type `{}`; expected one of {}.",
                req.principal_type,
                PRINCIPAL_TYPES.join(", ")
            )));
        }
        // principal_id is a UUID for every principal type, but not declared as one: an id
        // that is not ours is simply not found.
        let pid = req.principal_id.to_ascii_lowercase();
        let (rt, rid) =
            self.check_scope(&req.resource_type, req.resource_id.as_deref(), &req.role)?;
        match req.principal_type.as_str() {
            "user" => {
                self.user(&pid)?;
            }
            "service_account" => {
                self.service_account(&pid)?;
            }
            "invite" => {
                let i = self
                    .invites
                    .get(&pid)
                    .ok_or_else(|| ApiError::not_found(format!("Invite {pid} not found.")))?;
                if i.state == InviteState::Processed {
                    return Err(ApiError::already_exists(
                        "The invite has already been accepted; manage role bindings on the resulting user instead.",
                    ));
                }
            }
            _ => {
                let key = self.api_key(&pid)?;
                if rt != "project" || rid.as_deref() != Some(key.project_id.as_str()) {
                    return Err(ApiError::invalid(
                        "An API key can only be granted roles on its own project.",
                    ));
                }
                if !API_KEY_ROLES.contains(&req.role.as_str()) {
                    return Err(ApiError::invalid(format!(
                        "Role `{}` cannot be granted to an API key; expected one of {}.",
                        req.role,
                        API_KEY_ROLES.join(", ")
                    )));
                }
            }
        }
        let candidate = RoleBinding {
            id: String::new(),
            principal_type: req.principal_type.clone(),
            principal_id: pid.clone(),
            resource_type: rt.clone(),
            resource_id: rid.clone().unwrap_or_else(|| self.org_id.clone()),
            role: req.role.clone(),
            created_at: Utc::now(),
            seq: 0,
        };
        if self.bindings.values().any(|b| b.same_grant(&candidate)) {
            return Err(ApiError::already_exists(
                "A role binding with these attributes already exists.",
            ));
        }
        let b = self.insert_binding(&req.principal_type, &pid, &rt, rid.as_deref(), &req.role);
        if req.principal_type == "api_key" {
            if let Some(k) = self.api_keys.get_mut(&pid) {
                k.roles.push(req.role);
            }
        }
        Ok(b)
    }

    pub(crate) fn delete_role_binding(&mut self, id: &str) -> Result<(), ApiError> {
        let b = self.role_binding(id)?.clone();
        if b.role == "OrgOwner" && b.resource_type == "organization" && self.org_owner_count() <= 1
        {
            return Err(ApiError::aborted(
                "Cannot delete the last OrgOwner role binding for this organization.",
            ));
        }
        if b.resource_type == "organization" && membership(&b.role) {
            let others = self
                .bindings
                .values()
                .filter(|o| {
                    o.id != b.id
                        && o.principal_type == b.principal_type
                        && o.principal_id == b.principal_id
                        && o.resource_type == "organization"
                        && membership(&o.role)
                })
                .count();
            if others == 0 && b.principal_type == "user" {
                return Err(ApiError::aborted(
                    "Cannot delete the last organization-membership role binding for this user.",
                ));
            }
            if others == 0 && b.principal_type == "invite" {
                return Err(ApiError::aborted(
                    "Cannot delete the last organization-membership role binding for a pending invite; delete the invite instead.",
                ));
            }
        }
        self.bindings.remove(id);
        if b.principal_type == "api_key" {
            if let Some(k) = self.api_keys.get_mut(&b.principal_id) {
                k.roles.retain(|r| *r != b.role);
            }
        }
        Ok(())
    }

    /// Ids sorted by creation, for inspection.
    pub(crate) fn sorted_ids<T>(map: &HashMap<String, T>, seq: impl Fn(&T) -> u64) -> Vec<String> {
        let mut v: Vec<(u64, &String)> = map.iter().map(|(k, t)| (seq(t), k)).collect();
        v.sort();
        v.into_iter().map(|(_, k)| k.clone()).collect()
    }

    pub(crate) fn project_map(&self) -> BTreeMap<u64, &Project> {
        self.projects.values().map(|p| (p.seq, p)).collect()
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(valid_email("a@b.co"));
        assert!(valid_email("first.last+tag@example.com"));
        assert!(!valid_email("no-at.example.com"));
        assert!(!valid_email("a@b"));
        assert!(!valid_email("a b@c.de"));
        assert!(!valid_email("@c.de"));
    }

    #[test]
    fn uuid_ids() {
        assert!(uuid_arg("9C8E3528-B9C0-4358-84CE-84C28E91B566", "id").is_ok());
        assert!(uuid_arg("9c8e3528b9c0435884ce84c28e91b566", "id").is_err());
        assert!(uuid_arg("nope", "id").is_err());
    }
}
