//! The principals of the plan: service accounts, users and invites, and their role bindings
//! (derived from the manifest's roles blocks), with the guard for the last OrgOwner.

use std::collections::{BTreeMap, BTreeSet};

use pinecone_admin::{PrincipalType, ResourceType, Role};

use crate::diff::{blocked, change};
use crate::journal::Journal;
use crate::live::LiveState;
use crate::manifest::{Manifest, Name, OrgRole, ProjectRole};
use crate::plan::{Action, Change, Op, PlanOptions, Principal, Scope};

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

pub(crate) fn principals(
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
pub(crate) fn guard_last_owner(live: &LiveState, changes: &mut [Change]) {
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
