//! `apply`: runs a plan phase by phase (projects → service accounts → keys → bindings →
//! invites, then deletions in reverse), a bounded number of changes at a time within a phase,
//! and stops after the first failing phase, saying what was done and what was not.

use std::collections::HashMap;
use std::sync::Mutex;

use futures::StreamExt;
use pinecone_admin::{
    Admin, ApiKeyRole, CleanupOptions, CreateApiKey, CreateInvite, CreateProject,
    CreateRoleBinding, CreateServiceAccount, Grant, Role, UpdateApiKey, UpdateProject,
};

use crate::journal::{InFlight, Journal};
use crate::live::LiveState;
use crate::plan::{phase, Action, Change, Op, Plan, Principal, Scope};
use crate::secrets::{NewSecret, SecretSink};

/// What an apply did.
#[derive(Debug, Default)]
pub struct ApplyReport {
    /// Changes carried out.
    pub done: Vec<Change>,
    /// Changes that failed, with the reason.
    pub failed: Vec<(Change, String)>,
    /// Changes not attempted (after a failure, or blocked).
    pub not_done: Vec<Change>,
}

impl ApplyReport {
    /// `true` when every change was carried out.
    pub fn succeeded(&self) -> bool {
        self.failed.is_empty() && self.not_done.is_empty()
    }
}

/// Ids by name, seeded from the live state and filled as resources are created.
#[derive(Default)]
struct Ids {
    projects: HashMap<String, String>,
    service_accounts: HashMap<String, String>,
    users: HashMap<String, String>,
    invites: HashMap<String, String>,
}

impl Ids {
    fn from_live(live: &LiveState) -> Self {
        let mut ids = Ids::default();
        for (p, _) in &live.projects {
            ids.projects.insert(p.name.clone(), p.id.clone());
        }
        for s in &live.service_accounts {
            ids.service_accounts.insert(s.name.clone(), s.id.clone());
        }
        for u in &live.users {
            ids.users.insert(u.email.to_ascii_lowercase(), u.id.clone());
        }
        for i in &live.invites {
            ids.invites
                .insert(i.email.to_ascii_lowercase(), i.id.clone());
        }
        ids
    }
}

struct Run<'a> {
    admin: &'a Admin,
    ids: Mutex<Ids>,
    journal: Mutex<&'a mut Journal>,
    secrets: &'a SecretSink,
}

impl Run<'_> {
    fn id(&self, pick: impl FnOnce(&Ids) -> Option<String>, what: &str) -> Result<String, String> {
        let ids = self.ids.lock().map_err(|_| "lock poisoned")?;
        pick(&ids).ok_or_else(|| format!("{what} is unknown (was its create applied?)"))
    }

    fn project_id(&self, name: &str) -> Result<String, String> {
        self.id(
            |i| i.projects.get(name).cloned(),
            &format!("project {name}"),
        )
    }

    fn grant(&self, scope: &Scope, role: &str) -> Result<Grant, String> {
        Ok(match scope {
            Scope::Organization => Grant::organization(Role::from(role)),
            Scope::Project(p) => Grant::project(self.project_id(p)?, Role::from(role)),
        })
    }

    fn journal(&self, f: impl FnOnce(&mut Journal) -> std::io::Result<()>) -> Result<(), String> {
        let mut j = self.journal.lock().map_err(|_| "lock poisoned")?;
        f(&mut j).map_err(|e| format!("cannot write the journal: {e}"))
    }

    async fn create_key(&self, project: &str, name: &str, roles: &[String]) -> Result<(), String> {
        let project_id = self.project_id(project)?;
        let entry = InFlight::ApiKey {
            project: project.to_owned(),
            name: name.to_owned(),
        };
        self.journal(|j| j.start(entry.clone()))?;
        let created = self
            .admin
            .api_keys()
            .create(
                &project_id,
                CreateApiKey::new(name).roles(roles.iter().map(|r| ApiKeyRole::from(r.as_str()))),
            )
            .await
            .map_err(|e| e.to_string())?;
        let (key, value) = created.into_parts();
        self.secrets.deliver(&NewSecret {
            kind: "api_key",
            project: Some(project.to_owned()),
            name: name.to_owned(),
            id: key.id,
            client_id: None,
            value,
        })?;
        self.journal(|j| j.done(&entry))
    }

    fn deliver_sa(
        &self,
        entry: &InFlight,
        sa: pinecone_admin::ServiceAccount,
        secret: pinecone_admin::Secret,
    ) -> Result<(), String> {
        self.secrets.deliver(&NewSecret {
            kind: "service_account",
            project: None,
            name: sa.name.clone(),
            id: sa.id,
            client_id: Some(sa.client_id),
            value: secret,
        })?;
        self.journal(|j| j.done(entry))
    }

    async fn run(&self, op: &Op) -> Result<(), String> {
        let admin = self.admin;
        let e = |e: pinecone_admin::Error| e.to_string();
        match op {
            Op::Blocked => return Err("blocked".into()),
            Op::CreateProject {
                name,
                max_pods,
                cmek,
            } => {
                let p = admin
                    .projects()
                    .create(
                        CreateProject::new(name)
                            .max_pods(*max_pods)
                            .force_encryption_with_cmek(*cmek),
                    )
                    .await
                    .map_err(e)?;
                self.ids
                    .lock()
                    .map_err(|_| "lock")?
                    .projects
                    .insert(name.clone(), p.id);
            }
            Op::UpdateProject {
                id, max_pods, cmek, ..
            } => {
                admin
                    .projects()
                    .update(
                        id,
                        UpdateProject::new()
                            .max_pods(*max_pods)
                            .force_encryption_with_cmek(*cmek),
                    )
                    .await
                    .map_err(e)?;
            }
            Op::DeleteProject { id, cleanup, .. } => {
                if *cleanup {
                    admin
                        .projects()
                        .delete_with_cleanup(id, CleanupOptions::new())
                        .await
                        .map_err(|err| err.to_string())?;
                } else {
                    admin.projects().delete(id).await.map_err(e)?;
                }
            }
            Op::CreateApiKey {
                project,
                name,
                roles,
            } => self.create_key(project, name, roles).await?,
            Op::UpdateApiKey { id, roles, .. } => {
                admin
                    .api_keys()
                    .update(
                        id,
                        UpdateApiKey::new()
                            .roles(roles.iter().map(|r| ApiKeyRole::from(r.as_str()))),
                    )
                    .await
                    .map_err(e)?;
            }
            Op::ReplaceApiKey {
                id,
                project,
                name,
                roles,
            } => {
                match admin.api_keys().delete(id).await {
                    Ok(()) | Err(pinecone_admin::Error::NotFound(_)) => {}
                    Err(err) => return Err(err.to_string()),
                }
                self.create_key(project, name, roles).await?;
            }
            Op::DeleteApiKey { id, .. } => admin.api_keys().delete(id).await.map_err(e)?,
            Op::CreateServiceAccount { name } => {
                let entry = InFlight::ServiceAccount { name: name.clone() };
                self.journal(|j| j.start(entry.clone()))?;
                let created = admin
                    .service_accounts()
                    .create(CreateServiceAccount::new(name))
                    .await
                    .map_err(e)?;
                let (sa, secret) = created.into_parts();
                self.ids
                    .lock()
                    .map_err(|_| "lock")?
                    .service_accounts
                    .insert(name.clone(), sa.id.clone());
                self.deliver_sa(&entry, sa, secret)?;
            }
            Op::RotateServiceAccountSecret { id, name } => {
                let entry = InFlight::ServiceAccount { name: name.clone() };
                self.journal(|j| j.start(entry.clone()))?;
                let rotated = admin
                    .service_accounts()
                    .rotate_secret(id)
                    .await
                    .map_err(e)?;
                let (sa, secret) = rotated.into_parts();
                self.deliver_sa(&entry, sa, secret)?;
            }
            Op::DeleteServiceAccount { id, .. } => {
                admin.service_accounts().delete(id).await.map_err(e)?
            }
            Op::CreateBinding {
                principal,
                scope,
                role,
            } => {
                let grant = self.grant(scope, role)?;
                let request = match principal {
                    Principal::ServiceAccount(n) => CreateRoleBinding::service_account(
                        self.id(|i| i.service_accounts.get(n).cloned(), n)?,
                        grant,
                    ),
                    Principal::User(m) => {
                        CreateRoleBinding::user(self.id(|i| i.users.get(m).cloned(), m)?, grant)
                    }
                    Principal::Invite(m) => {
                        CreateRoleBinding::invite(self.id(|i| i.invites.get(m).cloned(), m)?, grant)
                    }
                };
                match admin.role_bindings().create(request).await {
                    Ok(_) | Err(pinecone_admin::Error::Conflict(_)) => {}
                    Err(err) => return Err(err.to_string()),
                }
            }
            Op::DeleteBinding { id, .. } => match admin.role_bindings().delete(id).await {
                Ok(()) | Err(pinecone_admin::Error::NotFound(_)) => {}
                Err(err) => return Err(err.to_string()),
            },
            Op::CreateInvite { email, grants } => {
                let mut request = CreateInvite::new(email);
                for (scope, role) in grants {
                    request = request.grant(self.grant(scope, role)?);
                }
                let invite = admin.invites().create(request).await.map_err(e)?;
                self.ids
                    .lock()
                    .map_err(|_| "lock")?
                    .invites
                    .insert(email.clone(), invite.id);
            }
            Op::DeleteInvite { id, .. } => admin.invites().delete(id).await.map_err(e)?,
        }
        Ok(())
    }
}

/// Whether the plan creates a secret (so a secrets destination is required).
pub fn needs_secrets(plan: &Plan) -> bool {
    plan.changes.iter().any(|c| {
        matches!(
            c.op,
            Op::CreateApiKey { .. }
                | Op::ReplaceApiKey { .. }
                | Op::CreateServiceAccount { .. }
                | Op::RotateServiceAccountSecret { .. }
        )
    })
}

/// Applies `plan` (made from `live`). `progress` is called after each change with its outcome.
///
/// Blocked changes are not attempted; they are listed in [`ApplyReport::not_done`].
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin, manifest: pinecone_admin_plan::Manifest) {
/// use pinecone_admin_plan::{apply, diff, Journal, LiveState, PlanOptions, SecretSink};
/// let live = LiveState::read(&admin).await.unwrap();
/// let mut journal = Journal::default();
/// let plan = diff(&manifest, &live, &journal, &PlanOptions::new()).unwrap();
/// let sink = SecretSink::file("secrets.env".into(), false).unwrap();
/// let report = apply(&admin, &plan, &live, &mut journal, &sink, 4, |_, _| {}).await;
/// assert!(report.succeeded());
/// # }
/// ```
pub async fn apply(
    admin: &Admin,
    plan: &Plan,
    live: &LiveState,
    journal: &mut Journal,
    secrets: &SecretSink,
    concurrency: usize,
    progress: impl Fn(&Change, Result<(), &str>),
) -> ApplyReport {
    let run = Run {
        admin,
        ids: Mutex::new(Ids::from_live(live)),
        journal: Mutex::new(journal),
        secrets,
    };
    let mut report = ApplyReport::default();
    let mut phases: Vec<Vec<&Change>> = Vec::new();
    for c in &plan.changes {
        if c.action == Action::Blocked {
            report.not_done.push(c.clone());
            continue;
        }
        let p = phase(&c.op);
        match phases.last_mut() {
            Some(last) if last.first().is_some_and(|f| phase(&f.op) == p) => last.push(c),
            _ => phases.push(vec![c]),
        }
    }
    let mut failed = false;
    for batch in phases {
        if failed {
            report.not_done.extend(batch.into_iter().cloned());
            continue;
        }
        let results: Vec<(&Change, Result<(), String>)> = futures::stream::iter(batch)
            .map(|c| {
                let run = &run;
                async move { (c, run.run(&c.op).await) }
            })
            .buffered(concurrency.max(1))
            .collect()
            .await;
        for (c, result) in results {
            progress(c, result.as_ref().map(|_| ()).map_err(String::as_str));
            match result {
                Ok(()) => report.done.push(c.clone()),
                Err(reason) => {
                    failed = true;
                    report.failed.push((c.clone(), reason));
                }
            }
        }
    }
    report
}
