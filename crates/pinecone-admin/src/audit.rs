//! A read-only access review of an organization: every principal with its effective roles,
//! and findings with a severity.
//!
//! [`Inventory::fetch`] reads everything through the public handles; [`audit`] is a pure
//! function of that inventory, so the rules can be checked on any data (including states the
//! server does not normally produce, such as a role binding whose principal is gone).
//!
//! ```no_run
//! # async fn f(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use pinecone_admin::audit::{AuditOptions, Severity};
//!
//! let report = admin.audit(&AuditOptions::default()).await?;
//! for finding in report.findings.iter().filter(|f| f.severity >= Severity::Medium) {
//!     println!("{:?}: {}", finding.severity, finding.message);
//! }
//! # Ok(()) }
//! ```

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Duration, Utc};
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};

use crate::{
    Admin, ApiKey, Invite, InviteStatus, PrincipalType, Project, ResourceType, Result, RoleBinding,
    RoleBindingFilter, ServiceAccount, User, UserFilter,
};

/// The name prefix of the temporary key that `projects().delete_with_cleanup` creates and
/// always tries to delete; a key with this name is left over from an interrupted cleanup.
pub const CLEANUP_KEY_PREFIX: &str = "_cleanup_temp_";

/// How serious a finding is. Ordered: `Low < Medium < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look (unused project, old invite).
    Low,
    /// Broader access than usually needed, or stale state (API key with ProjectEditor,
    /// expired invite, dangling role binding).
    Medium,
    /// Broad or forgotten access (service account owning the organization, leftover cleanup key).
    High,
}

impl Severity {
    /// `low`, `medium` or `high`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A service account holds OrgOwner.
    ServiceAccountOrgOwner,
    /// An API key holds ProjectEditor (full control of its project).
    ApiKeyProjectEditor,
    /// A temporary cleanup key ([`CLEANUP_KEY_PREFIX`]) still exists.
    LeftoverCleanupKey,
    /// An invite is still open past its expiry.
    InviteExpired,
    /// An invite has been pending longer than [`AuditOptions::invite_max_age`].
    InviteStale,
    /// A role binding names a principal that does not exist.
    BindingMissingPrincipal,
    /// A role binding names a project that does not exist.
    BindingMissingProject,
    /// A project has no API key and no role binding: nobody but organization-wide roles uses it.
    UnusedProject,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// What kind of finding.
    pub kind: FindingKind,
    /// The resource concerned: a principal, binding or project id.
    pub subject: String,
    /// A sentence for people.
    pub message: String,
}

/// A principal and its effective roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// `user`, `service_account`, `api_key` or `invite`.
    pub principal_type: PrincipalType,
    /// Its id.
    pub id: String,
    /// Email (users, invites) or name (service accounts, API keys).
    pub name: String,
    /// Organization-scoped roles.
    pub organization_roles: Vec<String>,
    /// Project-scoped roles by project id.
    pub project_roles: BTreeMap<String, Vec<String>>,
}

/// The result of [`audit`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReport {
    /// Every user, service account, API key and open invite.
    pub principals: Vec<Principal>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
}

impl AuditReport {
    /// The most severe finding's severity (`None`: no findings).
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Settings of the review.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// A pending invite older than this is reported ([`FindingKind::InviteStale`]).
    /// Default: 30 days.
    pub invite_max_age: Duration,
    /// "Now" for expiry and age checks (`None`: the system clock).
    pub now: Option<DateTime<Utc>>,
}

impl Default for AuditOptions {
    fn default() -> Self {
        Self {
            invite_max_age: Duration::days(30),
            now: None,
        }
    }
}

/// Everything the review looks at.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// Projects.
    pub projects: Vec<Project>,
    /// Users.
    pub users: Vec<User>,
    /// Service accounts.
    pub service_accounts: Vec<ServiceAccount>,
    /// API keys of every project.
    pub api_keys: Vec<ApiKey>,
    /// Invites (any status).
    pub invites: Vec<Invite>,
    /// Every role binding.
    pub role_bindings: Vec<RoleBinding>,
}

impl Inventory {
    /// Reads the whole organization (one listing per resource, one per project for keys).
    pub async fn fetch(admin: &Admin) -> Result<Self> {
        let projects = admin.projects().list().await?;
        let mut api_keys = Vec::new();
        for project in &projects {
            api_keys.extend(admin.api_keys().list(&project.id).await?);
        }
        Ok(Self {
            users: admin
                .users()
                .list(UserFilter::default())
                .try_collect()
                .await?,
            service_accounts: admin.service_accounts().list().try_collect().await?,
            invites: admin.invites().list().try_collect().await?,
            role_bindings: admin
                .role_bindings()
                .list(RoleBindingFilter::default())
                .try_collect()
                .await?,
            projects,
            api_keys,
        })
    }
}

impl Admin {
    /// Reads the organization and reviews its access (see the [`audit`](crate::audit) module).
    pub async fn audit(&self, options: &AuditOptions) -> Result<AuditReport> {
        Ok(audit(&Inventory::fetch(self).await?, options))
    }
}

/// Reviews `inventory`: every principal with its effective roles, and the findings.
pub fn audit(inventory: &Inventory, options: &AuditOptions) -> AuditReport {
    let now = options.now.unwrap_or_else(Utc::now);
    let mut findings = Vec::new();
    let mut principals: BTreeMap<(String, String), Principal> = BTreeMap::new();
    let mut add = |kind: PrincipalType, id: &str, name: &str| {
        principals.insert(
            (kind.as_str().to_owned(), id.to_owned()),
            Principal {
                principal_type: kind,
                id: id.to_owned(),
                name: name.to_owned(),
                organization_roles: Vec::new(),
                project_roles: BTreeMap::new(),
            },
        );
    };
    for u in &inventory.users {
        add(PrincipalType::User, &u.id, &u.email);
    }
    for s in &inventory.service_accounts {
        add(PrincipalType::ServiceAccount, &s.id, &s.name);
    }
    for k in &inventory.api_keys {
        add(PrincipalType::ApiKey, &k.id, &k.name);
    }
    let open_invites: Vec<&Invite> = inventory
        .invites
        .iter()
        .filter(|i| i.status != InviteStatus::Processed)
        .collect();
    for i in &open_invites {
        add(PrincipalType::Invite, &i.id, &i.email);
    }

    let projects: HashSet<&str> = inventory.projects.iter().map(|p| p.id.as_str()).collect();
    let mut org_roles: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut project_roles: BTreeMap<(String, String), BTreeMap<String, BTreeSet<String>>> =
        BTreeMap::new();
    let mut bound_projects: HashSet<&str> = HashSet::new();
    for b in &inventory.role_bindings {
        let key = (b.principal_type.as_str().to_owned(), b.principal_id.clone());
        if !principals.contains_key(&key) {
            findings.push(Finding {
                severity: Severity::Medium,
                kind: FindingKind::BindingMissingPrincipal,
                subject: b.id.clone(),
                message: format!(
                    "role binding {} grants {} to {} {}, which does not exist",
                    b.id,
                    b.role.as_str(),
                    b.principal_type.as_str(),
                    b.principal_id
                ),
            });
        }
        if b.resource_type == ResourceType::Project {
            if !projects.contains(b.resource_id.as_str()) {
                findings.push(Finding {
                    severity: Severity::Medium,
                    kind: FindingKind::BindingMissingProject,
                    subject: b.id.clone(),
                    message: format!(
                        "role binding {} grants {} on project {}, which does not exist",
                        b.id,
                        b.role.as_str(),
                        b.resource_id
                    ),
                });
            }
            bound_projects.insert(b.resource_id.as_str());
            project_roles
                .entry(key)
                .or_default()
                .entry(b.resource_id.clone())
                .or_default()
                .insert(b.role.as_str().to_owned());
        } else {
            org_roles
                .entry(key)
                .or_default()
                .insert(b.role.as_str().to_owned());
        }
    }
    for k in &inventory.api_keys {
        let key = (PrincipalType::ApiKey.as_str().to_owned(), k.id.clone());
        let roles = project_roles
            .entry(key)
            .or_default()
            .entry(k.project_id.clone())
            .or_default();
        roles.extend(k.roles.iter().map(|r| r.as_str().to_owned()));
    }
    for (key, p) in principals.iter_mut() {
        p.organization_roles = org_roles
            .remove(key)
            .map(|r| r.into_iter().collect())
            .unwrap_or_default();
        p.project_roles = project_roles
            .remove(key)
            .map(|m| {
                m.into_iter()
                    .map(|(k, v)| (k, v.into_iter().collect()))
                    .collect()
            })
            .unwrap_or_default();
    }

    for p in principals.values() {
        if p.principal_type == PrincipalType::ServiceAccount
            && p.organization_roles.iter().any(|r| r == "OrgOwner")
        {
            findings.push(Finding {
                severity: Severity::High,
                kind: FindingKind::ServiceAccountOrgOwner,
                subject: p.id.clone(),
                message: format!(
                    "service account {} ({}) holds OrgOwner on the organization",
                    p.name, p.id
                ),
            });
        }
    }
    for k in &inventory.api_keys {
        if k.name.starts_with(CLEANUP_KEY_PREFIX) {
            findings.push(Finding {
                severity: Severity::High,
                kind: FindingKind::LeftoverCleanupKey,
                subject: k.id.clone(),
                message: format!(
                    "temporary cleanup key {} ({}) of project {} was never deleted",
                    k.name, k.id, k.project_id
                ),
            });
            continue;
        }
        let key = (PrincipalType::ApiKey.as_str().to_owned(), k.id.clone());
        let editor = principals.get(&key).is_some_and(|p| {
            p.project_roles
                .values()
                .any(|roles| roles.iter().any(|r| r == "ProjectEditor"))
        });
        if editor {
            findings.push(Finding {
                severity: Severity::Medium,
                kind: FindingKind::ApiKeyProjectEditor,
                subject: k.id.clone(),
                message: format!(
                    "API key {} ({}) holds ProjectEditor on project {}",
                    k.name, k.id, k.project_id
                ),
            });
        }
    }
    for i in &open_invites {
        if i.status == InviteStatus::Expired || i.expires_at.is_some_and(|t| t <= now) {
            findings.push(Finding {
                severity: Severity::Medium,
                kind: FindingKind::InviteExpired,
                subject: i.id.clone(),
                message: format!(
                    "invite {} for {} is still open past its expiry",
                    i.id, i.email
                ),
            });
        } else if i
            .created_at
            .is_some_and(|t| now.signed_duration_since(t) > options.invite_max_age)
        {
            findings.push(Finding {
                severity: Severity::Low,
                kind: FindingKind::InviteStale,
                subject: i.id.clone(),
                message: format!(
                    "invite {} for {} has been pending for more than {} days",
                    i.id,
                    i.email,
                    options.invite_max_age.num_days()
                ),
            });
        }
    }
    let keyed_projects: HashSet<&str> = inventory
        .api_keys
        .iter()
        .map(|k| k.project_id.as_str())
        .collect();
    for p in &inventory.projects {
        if !keyed_projects.contains(p.id.as_str()) && !bound_projects.contains(p.id.as_str()) {
            findings.push(Finding {
                severity: Severity::Low,
                kind: FindingKind::UnusedProject,
                subject: p.id.clone(),
                message: format!(
                    "project {} ({}) has no API key and no role binding",
                    p.name, p.id
                ),
            });
        }
    }
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.subject.cmp(&b.subject)));
    AuditReport {
        principals: principals.into_values().collect(),
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn inventory(value: serde_json::Value) -> Inventory {
        let part = |name: &str| value.get(name).cloned().unwrap_or(json!([]));
        Inventory {
            projects: serde_json::from_value(part("projects")).unwrap(),
            users: serde_json::from_value(part("users")).unwrap(),
            service_accounts: serde_json::from_value(part("service_accounts")).unwrap(),
            api_keys: serde_json::from_value(part("api_keys")).unwrap(),
            invites: serde_json::from_value(part("invites")).unwrap(),
            role_bindings: serde_json::from_value(part("role_bindings")).unwrap(),
        }
    }

    #[test]
    fn bindings_to_missing_principals_and_projects_are_reported() {
        let inv = inventory(json!({
            "projects": [{ "id": "p1", "name": "one" }],
            "users": [{ "id": "u1", "email": "a@example.com" }],
            "role_bindings": [
                { "id": "b1", "principal_type": "user", "principal_id": "u1",
                  "resource_type": "organization", "resource_id": "org", "role": "OrgOwner" },
                { "id": "b2", "principal_type": "user", "principal_id": "u1",
                  "resource_type": "project", "resource_id": "p1", "role": "ProjectViewer" },
                { "id": "b3", "principal_type": "service_account", "principal_id": "gone",
                  "resource_type": "project", "resource_id": "p1", "role": "ProjectViewer" },
                { "id": "b4", "principal_type": "user", "principal_id": "u1",
                  "resource_type": "project", "resource_id": "deleted", "role": "ProjectEditor" },
            ],
        }));
        let report = audit(&inv, &AuditOptions::default());
        let found: Vec<(FindingKind, &str)> = report
            .findings
            .iter()
            .map(|f| (f.kind, f.subject.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (FindingKind::BindingMissingPrincipal, "b3"),
                (FindingKind::BindingMissingProject, "b4"),
            ]
        );
        assert_eq!(report.worst(), Some(Severity::Medium));
        let user = &report.principals[0];
        assert_eq!(user.organization_roles, ["OrgOwner"]);
        assert_eq!(user.project_roles["p1"], ["ProjectViewer"]);
        assert_eq!(user.project_roles["deleted"], ["ProjectEditor"]);
    }

    #[test]
    fn an_empty_organization_has_no_findings() {
        let report = audit(&Inventory::default(), &AuditOptions::default());
        assert!(report.findings.is_empty());
        assert_eq!(report.worst(), None);
        assert!(Severity::Low < Severity::Medium && Severity::Medium < Severity::High);
    }

    #[test]
    fn invite_age_uses_the_given_clock() {
        let inv = inventory(json!({
            "invites": [{ "id": "i1", "email": "x@example.com", "status": "pending",
                          "created_at": "2026-01-01T00:00:00Z",
                          "expires_at": "2026-01-08T00:00:00Z" }],
        }));
        let at = |s: &str| Some(s.parse::<DateTime<Utc>>().unwrap());
        let options = |now| AuditOptions {
            invite_max_age: Duration::days(3),
            now,
        };
        let kinds = |now| -> Vec<FindingKind> {
            audit(&inv, &options(now))
                .findings
                .iter()
                .map(|f| f.kind)
                .collect()
        };
        assert_eq!(kinds(at("2026-01-02T00:00:00Z")), []);
        assert_eq!(
            kinds(at("2026-01-05T00:00:00Z")),
            [FindingKind::InviteStale]
        );
        assert_eq!(
            kinds(at("2026-01-09T00:00:00Z")),
            [FindingKind::InviteExpired]
        );
    }
}
