//! The plan's vocabulary: changes (what, on which target, the operation behind it), the options
//! of `plan`, and the order in which `apply` runs changes.

use std::fmt;

use serde::Serialize;

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
