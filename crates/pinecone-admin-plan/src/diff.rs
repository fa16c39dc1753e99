//! `plan`: the changes that bring the live organization to the manifest. Identity is the name
//! within its scope (project name, key name in its project, service account name, email), so
//! no state file is needed.

use std::collections::{BTreeMap, BTreeSet};

use crate::journal::Journal;
use crate::live::LiveState;
use crate::manifest::{Manifest, Name};
use crate::plan::{phase, Action, Change, Op, Plan, PlanOptions};
use crate::principals::{guard_last_owner, principals};

pub(crate) fn change(action: Action, target: String, detail: Option<String>, op: Op) -> Change {
    Change {
        action,
        target,
        detail,
        op,
    }
}

pub(crate) fn blocked(target: String, reason: impl Into<String>) -> Change {
    change(Action::Blocked, target, Some(reason.into()), Op::Blocked)
}

pub(crate) fn sorted(roles: impl IntoIterator<Item = String>) -> Vec<String> {
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
