//! `plan`: the changes that bring the live organization to the manifest. Identity is the name
//! within its scope (project name, key name in its project, service account name, email), so
//! no state file is needed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use pinecone_admin::{PrincipalType, ResourceType, Role};
use serde::Serialize;

use crate::journal::Journal;
use crate::live::LiveState;
use crate::manifest::{Manifest, Name, OrgRole, ProjectRole};

/// What a change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A new resource.
    Create,
    /// A changed setting of an existing resource.
    Update,
    /// Delete and create again (e.g. a key whose value was never delivered).
    Replace,
    /// Delete (unmanaged resources only with `--prune`).
    Delete,
    /// Cannot be applied; the reason says why.
    Blocked,
}

/// Where a role binding applies, by project name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The organization.
    Organization,
    /// A project, by name.
    Project(String),
}

/// The kind of principal a binding belongs to, and its name or email.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Principal {
    /// A service account by name.
    ServiceAccount(String),
    /// A user by email.
    User(String),
    /// An invite by email.
    Invite(String),
}

/// The operation behind a change, with what `apply` needs to carry it out. Fields hold what
/// their names say: ids are live ids, `project` is a project name, roles are wire values.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Op {
    /// Create a project.
    CreateProject {
        name: String,
        max_pods: i64,
        cmek: bool,
    },
    /// Change a project's settings.
    UpdateProject {
        id: String,
        name: String,
        max_pods: i64,
        cmek: bool,
    },
    /// Delete a project (with cleanup of its data when asked).
    DeleteProject {
        id: String,
        name: String,
        cleanup: bool,
    },
    /// Create an API key.
    CreateApiKey {
        project: String,
        name: String,
        roles: Vec<String>,
    },
    /// Change an API key's roles.
    UpdateApiKey {
        id: String,
        project: String,
        name: String,
        roles: Vec<String>,
    },
    /// Delete an API key and create it again with the same name and roles.
    ReplaceApiKey {
        id: String,
        project: String,
        name: String,
        roles: Vec<String>,
    },
    /// Delete an API key.
    DeleteApiKey {
        id: String,
        project: String,
        name: String,
    },
    /// Create a service account.
    CreateServiceAccount { name: String },
    /// Issue a new client secret (the old one stops working at once).
    RotateServiceAccountSecret { id: String, name: String },
    /// Delete a service account.
    DeleteServiceAccount { id: String, name: String },
    /// Grant a role.
    CreateBinding {
        principal: Principal,
        scope: Scope,
        role: String,
    },
    /// Revoke a role.
    DeleteBinding {
        id: String,
        principal: Principal,
        scope: Scope,
        role: String,
    },
    /// Invite someone with these roles.
    CreateInvite {
        email: String,
        grants: Vec<(Scope, String)>,
    },
    /// Withdraw an invite.
    DeleteInvite { id: String, email: String },
    /// Nothing can be done.
    Blocked,
}

/// One reviewable change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it does.
    pub action: Action,
    /// What it is about, e.g. `project search/api_key app`.
    pub target: String,
    /// Details: the roles, the old and new values, the reason a change is blocked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The operation `apply` runs.
    #[serde(flatten)]
    pub op: Op,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.action {
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Delete => "-",
            Action::Blocked => "!",
        };
        let action = format!("{:?}", self.action).to_lowercase();
        write!(f, "{sign} {action} {}", self.target)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

/// How to plan.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PlanOptions {
    /// Delete live resources the manifest does not name.
    pub prune: bool,
    /// With `prune`: delete projects together with their indexes, collections, backups and
    /// assistants (through `delete_with_cleanup`).
    pub cleanup: bool,
    /// The client id of the credentials in use: their service account is never pruned.
    pub own_client_id: Option<String>,
}

impl PlanOptions {
    /// Default options: no pruning.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets [`prune`](Self::prune).
    pub fn prune(mut self, prune: bool) -> Self {
        self.prune = prune;
        self
    }
    /// Sets [`cleanup`](Self::cleanup).
    pub fn cleanup(mut self, cleanup: bool) -> Self {
        self.cleanup = cleanup;
        self
    }
    /// Sets [`own_client_id`](Self::own_client_id).
    pub fn own_client_id(mut self, id: Option<String>) -> Self {
        self.own_client_id = id;
        self
    }
}

/// The changes, plus the live resources the manifest does not name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The changes in the order `apply` runs them.
    pub changes: Vec<Change>,
    /// Live resources the manifest does not name (left alone without `--prune`).
    pub unmanaged: Vec<String>,
}

impl Plan {
    /// `true` when nothing is to change (unmanaged resources do not count).
    pub fn in_sync(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether any change is blocked.
    pub fn has_blocked(&self) -> bool {
        self.changes.iter().any(|c| c.action == Action::Blocked)
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            writeln!(f, "No changes: the organization matches the manifest.")?;
        }
        for c in &self.changes {
            writeln!(f, "{c}")?;
        }
        for u in &self.unmanaged {
            writeln!(f, "? unmanaged {u} (left alone; --prune deletes it)")?;
        }
        let count = |a: Action| self.changes.iter().filter(|c| c.action == a).count();
        if !self.changes.is_empty() {
            writeln!(
                f,
                "Plan: {} to create, {} to update, {} to replace, {} to delete, {} blocked.",
                count(Action::Create),
                count(Action::Update),
                count(Action::Replace),
                count(Action::Delete),
                count(Action::Blocked),
            )?;
        }
        Ok(())
    }
}

/// The order of a change in `apply`: creates from projects to invites, then deletions in reverse.
pub(crate) fn phase(op: &Op) -> u8 {
    match op {
        Op::Blocked => 0,
        Op::CreateProject { .. } | Op::UpdateProject { .. } => 1,
        Op::CreateServiceAccount { .. } | Op::RotateServiceAccountSecret { .. } => 2,
        Op::CreateApiKey { .. } | Op::UpdateApiKey { .. } | Op::ReplaceApiKey { .. } => 3,
        Op::CreateBinding { .. } => 4,
        Op::CreateInvite { .. } => 5,
        Op::DeleteInvite { .. } => 6,
        Op::DeleteBinding { .. } => 7,
        Op::DeleteApiKey { .. } => 8,
        Op::DeleteServiceAccount { .. } => 9,
        Op::DeleteProject { .. } => 10,
    }
}

fn change(action: Action, target: String, detail: Option<String>, op: Op) -> Change {
    Change {
        action,
        target,
        detail,
        op,
    }
}

fn blocked(target: String, reason: impl Into<String>) -> Change {
    change(Action::Blocked, target, Some(reason.into()), Op::Blocked)
}

fn sorted(roles: impl IntoIterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = roles.into_iter().collect();
    set.into_iter().collect()
}

/// Compares the manifest with the live organization.
///
/// Errors (a manifest for another organization) come back as `Err` with the reason.
///
/// ```
/// use pinecone_admin_plan::{diff, parse_str, Journal, LiveState, PlanOptions};
/// let manifest = parse_str("org.yaml", "projects:\n  - name: search\n").unwrap();
/// let plan = diff(&manifest, &LiveState::default(), &Journal::default(), &PlanOptions::new()).unwrap();
/// assert_eq!(plan.changes.len(), 1);
/// ```
pub fn diff(
    manifest: &Manifest,
    live: &LiveState,
    journal: &Journal,
    options: &PlanOptions,
) -> Result<Plan, String> {
    if let Some(org) = &manifest.organization_id {
        if !live.organization_ids.iter().any(|id| id == org) {
            return Err(format!(
                "the manifest is for organization {org}, but the credentials belong to {}",
                live.organization_ids.join(", ")
            ));
        }
    }
    let mut plan = Plan::default();
    let mut changes = Vec::new();

    // Projects and their keys.
    let mut live_projects: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (p, _)) in live.projects.iter().enumerate() {
        live_projects.entry(p.name.as_str()).or_default().push(i);
    }
    let wanted: BTreeSet<&str> = manifest.projects.iter().map(|p| p.name.as_str()).collect();
    for spec in &manifest.projects {
        let name = spec.name.as_str();
        let target = format!("project {name}");
        let matches = live_projects.get(name).map_or(&[][..], Vec::as_slice);
        let (project, keys) = match matches {
            [] => {
                changes.push(change(
                    Action::Create,
                    target,
                    Some(format!("max_pods {}, cmek {}", spec.max_pods, spec.cmek)),
                    Op::CreateProject {
                        name: name.to_owned(),
                        max_pods: spec.max_pods,
                        cmek: spec.cmek,
                    },
                ));
                for key in &spec.api_keys {
                    changes.push(create_key(name, &key.name, &key.roles));
                }
                continue;
            }
            [one] => (&live.projects[*one].0, &live.projects[*one].1),
            many => {
                changes.push(blocked(
                    target,
                    format!(
                        "ambiguous live name: {} projects are named `{name}`",
                        many.len()
                    ),
                ));
                continue;
            }
        };
        if project.max_pods != spec.max_pods || project.force_encryption_with_cmek != spec.cmek {
            changes.push(change(
                Action::Update,
                target,
                Some(format!(
                    "max_pods {} -> {}, cmek {} -> {}",
                    project.max_pods, spec.max_pods, project.force_encryption_with_cmek, spec.cmek
                )),
                Op::UpdateProject {
                    id: project.id.clone(),
                    name: name.to_owned(),
                    max_pods: spec.max_pods,
                    cmek: spec.cmek,
                },
            ));
        }
        let mut by_name: BTreeMap<&str, Vec<&pinecone_admin::ApiKey>> = BTreeMap::new();
        for k in keys {
            by_name.entry(k.name.as_str()).or_default().push(k);
        }
        for key in &spec.api_keys {
            let target = format!("project {name}/api_key {}", key.name);
            let want = sorted(key.roles.iter().map(|r| r.as_str().to_owned()));
            match by_name
                .get(key.name.as_str())
                .map_or(&[][..], Vec::as_slice)
            {
                [] => changes.push(create_key(name, &key.name, &key.roles)),
                [live_key] => {
                    if journal.undelivered(name, key.name.as_str()) {
                        changes.push(change(
                            Action::Replace,
                            target,
                            Some("value never delivered".to_owned()),
                            Op::ReplaceApiKey {
                                id: live_key.id.clone(),
                                project: name.to_owned(),
                                name: key.name.to_string(),
                                roles: want,
                            },
                        ));
                        continue;
                    }
                    let have = sorted(live_key.roles.iter().map(|r| r.as_str().to_owned()));
                    if have != want {
                        changes.push(change(
                            Action::Update,
                            target,
                            Some(format!(
                                "roles [{}] -> [{}]",
                                have.join(", "),
                                want.join(", ")
                            )),
                            Op::UpdateApiKey {
                                id: live_key.id.clone(),
                                project: name.to_owned(),
                                name: key.name.to_string(),
                                roles: want,
                            },
                        ));
                    }
                }
                many => changes.push(blocked(
                    target,
                    format!(
                        "ambiguous live name: {} keys are named `{}`",
                        many.len(),
                        key.name
                    ),
                )),
            }
        }
        let wanted_keys: BTreeSet<&str> = spec.api_keys.iter().map(|k| k.name.as_str()).collect();
        for k in keys
            .iter()
            .filter(|k| !wanted_keys.contains(k.name.as_str()))
        {
            let target = format!("project {name}/api_key {} ({})", k.name, k.id);
            if options.prune {
                changes.push(change(
                    Action::Delete,
                    target,
                    None,
                    Op::DeleteApiKey {
                        id: k.id.clone(),
                        project: name.to_owned(),
                        name: k.name.clone(),
                    },
                ));
            } else {
                plan.unmanaged.push(target);
            }
        }
    }
    for (p, _) in live
        .projects
        .iter()
        .filter(|(p, _)| !wanted.contains(p.name.as_str()))
    {
        let target = format!("project {} ({})", p.name, p.id);
        if options.prune {
            let detail = options
                .cleanup
                .then(|| "with its indexes, collections, backups and assistants".to_owned());
            changes.push(change(
                Action::Delete,
                target,
                detail,
                Op::DeleteProject {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    cleanup: options.cleanup,
                },
            ));
        } else {
            plan.unmanaged.push(target);
        }
    }

    // Principals and their bindings.
    principals(
        manifest,
        live,
        journal,
        options,
        &wanted,
        &mut changes,
        &mut plan.unmanaged,
    );
    guard_last_owner(live, &mut changes);

    changes.sort_by_key(|c| phase(&c.op));
    plan.changes = changes;
    Ok(plan)
}

fn create_key(project: &str, name: &Name, roles: &[crate::manifest::KeyRole]) -> Change {
    let roles = sorted(roles.iter().map(|r| r.as_str().to_owned()));
    change(
        Action::Create,
        format!("project {project}/api_key {name}"),
        Some(format!("roles [{}]", roles.join(", "))),
        Op::CreateApiKey {
            project: project.to_owned(),
            name: name.to_string(),
            roles,
        },
    )
}

/// The wanted grants of a principal, as `(scope, role)`.
fn grants(
    org: &[OrgRole],
    projects: &BTreeMap<Name, Vec<ProjectRole>>,
) -> BTreeSet<(Scope, String)> {
    let mut set: BTreeSet<(Scope, String)> = org
        .iter()
        .map(|r| (Scope::Organization, r.as_str().to_owned()))
        .collect();
    for (project, roles) in projects {
        for r in roles {
            set.insert((Scope::Project(project.to_string()), r.as_str().to_owned()));
        }
    }
    set
}

/// Live bindings of a principal on the organization or on a project the manifest manages.
fn live_grants<'a>(
    live: &'a LiveState,
    kind: &'a PrincipalType,
    id: &'a str,
    managed_projects: &'a BTreeSet<&str>,
) -> BTreeMap<(Scope, String), &'a str> {
    let mut map = BTreeMap::new();
    for b in live.bindings_of(kind, id) {
        let scope = match &b.resource_type {
            ResourceType::Organization => Scope::Organization,
            ResourceType::Project => match live.project_name(&b.resource_id) {
                Some(name) if managed_projects.contains(name) => Scope::Project(name.to_owned()),
                _ => continue,
            },
            _ => continue,
        };
        map.insert((scope, b.role.as_str().to_owned()), b.id.as_str());
    }
    map
}

fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Organization => "organization".to_owned(),
        Scope::Project(p) => format!("project {p}"),
    }
}

fn principal_text(p: &Principal) -> String {
    match p {
        Principal::ServiceAccount(n) => format!("service_account {n}"),
        Principal::User(e) => format!("user {e}"),
        Principal::Invite(e) => format!("invite {e}"),
    }
}

fn binding_changes(
    principal: Principal,
    want: &BTreeSet<(Scope, String)>,
    have: &BTreeMap<(Scope, String), &str>,
    changes: &mut Vec<Change>,
) {
    for (scope, role) in want.iter().filter(|g| !have.contains_key(*g)) {
        changes.push(change(
            Action::Create,
            format!(
                "{}/role {role} on {}",
                principal_text(&principal),
                scope_text(scope)
            ),
            None,
            Op::CreateBinding {
                principal: principal.clone(),
                scope: scope.clone(),
                role: role.clone(),
            },
        ));
    }
    for ((scope, role), id) in have.iter().filter(|(g, _)| !want.contains(*g)) {
        changes.push(change(
            Action::Delete,
            format!(
                "{}/role {role} on {}",
                principal_text(&principal),
                scope_text(scope)
            ),
            None,
            Op::DeleteBinding {
                id: (*id).to_owned(),
                principal: principal.clone(),
                scope: scope.clone(),
                role: role.clone(),
            },
        ));
    }
}

fn principals(
    manifest: &Manifest,
    live: &LiveState,
    journal: &Journal,
    options: &PlanOptions,
    managed_projects: &BTreeSet<&str>,
    changes: &mut Vec<Change>,
    unmanaged: &mut Vec<String>,
) {
    // Service accounts.
    let sa_kind = PrincipalType::ServiceAccount;
    for spec in &manifest.service_accounts {
        let name = spec.name.as_str();
        let principal = Principal::ServiceAccount(name.to_owned());
        let want = grants(&spec.organization_roles, &spec.project_roles);
        let matches: Vec<_> = live
            .service_accounts
            .iter()
            .filter(|s| s.name == name)
            .collect();
        match matches.as_slice() {
            [] => {
                changes.push(change(
                    Action::Create,
                    format!("service_account {name}"),
                    Some("its client secret goes to the secrets sink".to_owned()),
                    Op::CreateServiceAccount {
                        name: name.to_owned(),
                    },
                ));
                binding_changes(principal, &want, &BTreeMap::new(), changes);
            }
            [sa] => {
                if journal.undelivered_secret(name) {
                    changes.push(change(
                        Action::Replace,
                        format!("service_account {name}/secret"),
                        Some(
                            "value never delivered: a new secret is issued (the old one stops at once)"
                                .to_owned(),
                        ),
                        Op::RotateServiceAccountSecret {
                            id: sa.id.clone(),
                            name: name.to_owned(),
                        },
                    ));
                }
                let have = live_grants(live, &sa_kind, &sa.id, managed_projects);
                binding_changes(principal, &want, &have, changes);
            }
            many => changes.push(blocked(
                format!("service_account {name}"),
                format!(
                    "ambiguous live name: {} service accounts are named `{name}`",
                    many.len()
                ),
            )),
        }
    }
    let wanted: BTreeSet<&str> = manifest
        .service_accounts
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    for sa in live
        .service_accounts
        .iter()
        .filter(|s| !wanted.contains(s.name.as_str()))
    {
        let target = format!("service_account {} ({})", sa.name, sa.id);
        if !options.prune {
            unmanaged.push(target);
        } else if options.own_client_id.as_deref() == Some(sa.client_id.as_str()) {
            changes.push(blocked(
                target,
                "pruning the service account of the credentials in use would lock this tool out",
            ));
        } else {
            changes.push(change(
                Action::Delete,
                target,
                None,
                Op::DeleteServiceAccount {
                    id: sa.id.clone(),
                    name: sa.name.clone(),
                },
            ));
        }
    }

    // Users: only their roles.
    let user_kind = PrincipalType::User;
    for spec in &manifest.users {
        let email = spec.email.as_str().to_ascii_lowercase();
        let want = grants(&spec.organization_roles, &spec.project_roles);
        match live.users.iter().find(|u| u.email.eq_ignore_ascii_case(&email)) {
            None => changes.push(blocked(
                format!("user {email}"),
                "no such user in the organization (users cannot be created; list them under `invites`)",
            )),
            Some(user) => {
                let have = live_grants(live, &user_kind, &user.id, managed_projects);
                binding_changes(Principal::User(email), &want, &have, changes);
            }
        }
    }
    let wanted_users: BTreeSet<String> = manifest
        .users
        .iter()
        .map(|u| u.email.as_str().to_ascii_lowercase())
        .collect();
    for u in live
        .users
        .iter()
        .filter(|u| !wanted_users.contains(&u.email.to_ascii_lowercase()))
    {
        unmanaged.push(format!("user {} (users are never deleted)", u.email));
    }

    // Invites.
    let invite_kind = PrincipalType::Invite;
    for spec in &manifest.invites {
        let email = spec.email.as_str().to_ascii_lowercase();
        let want = grants(&spec.organization_roles, &spec.project_roles);
        let matches: Vec<_> = live
            .invites
            .iter()
            .filter(|i| i.email.eq_ignore_ascii_case(&email))
            .collect();
        match matches.as_slice() {
            [] if live
                .users
                .iter()
                .any(|u| u.email.eq_ignore_ascii_case(&email)) =>
            {
                changes.push(blocked(
                    format!("invite {email}"),
                    "already a user: move the entry from `invites` to `users`",
                ))
            }
            [] => {
                let roles: Vec<String> = want
                    .iter()
                    .map(|(s, r)| format!("{r} on {}", scope_text(s)))
                    .collect();
                changes.push(change(
                    Action::Create,
                    format!("invite {email}"),
                    Some(roles.join(", ")),
                    Op::CreateInvite {
                        email: email.clone(),
                        grants: want.into_iter().collect(),
                    },
                ));
            }
            [invite] => {
                let have = live_grants(live, &invite_kind, &invite.id, managed_projects);
                binding_changes(Principal::Invite(email), &want, &have, changes);
            }
            many => changes.push(blocked(
                format!("invite {email}"),
                format!("ambiguous live name: {} invites for `{email}`", many.len()),
            )),
        }
    }
    let wanted_invites: BTreeSet<String> = manifest
        .invites
        .iter()
        .map(|u| u.email.as_str().to_ascii_lowercase())
        .collect();
    for i in live
        .invites
        .iter()
        .filter(|i| !wanted_invites.contains(&i.email.to_ascii_lowercase()))
    {
        let target = format!("invite {} ({})", i.email, i.id);
        if options.prune {
            changes.push(change(
                Action::Delete,
                target,
                None,
                Op::DeleteInvite {
                    id: i.id.clone(),
                    email: i.email.clone(),
                },
            ));
        } else {
            unmanaged.push(target);
        }
    }
}

/// Blocks deletions of OrgOwner bindings that would leave the organization without an owner.
fn guard_last_owner(live: &LiveState, changes: &mut [Change]) {
    let owner = Role::OrgOwner;
    let live_owners = live
        .bindings
        .iter()
        .filter(|b| b.resource_type == ResourceType::Organization && b.role == owner)
        .filter(|b| b.principal_type != PrincipalType::Invite)
        .count();
    let is_owner_delete = |c: &Change| {
        matches!(&c.op, Op::DeleteBinding { scope: Scope::Organization, role, principal, .. }
            if role == owner.as_str() && !matches!(principal, Principal::Invite(_)))
    };
    let added = changes
        .iter()
        .filter(|c| {
            matches!(&c.op, Op::CreateBinding { scope: Scope::Organization, role, principal }
                if role == owner.as_str() && !matches!(principal, Principal::Invite(_)))
        })
        .count();
    let removed = changes.iter().filter(|c| is_owner_delete(c)).count();
    if removed > 0 && live_owners + added <= removed {
        for c in changes.iter_mut().filter(|c| is_owner_delete(c)) {
            c.action = Action::Blocked;
            c.detail = Some("would remove the last OrgOwner of the organization".to_owned());
            c.op = Op::Blocked;
        }
    }
}
