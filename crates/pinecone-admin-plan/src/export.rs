//! `export`: the live organization as a manifest (keys without values, pending invites, users'
//! bindings), so adoption starts from what exists.

use std::collections::BTreeMap;

use pinecone_admin::{PrincipalType, ResourceType};

use crate::live::LiveState;
use crate::manifest::{
    ApiKeySpec, KeyRole, Manifest, MemberSpec, Name, OrgRole, PrincipalSpec, ProjectRole,
    ProjectSpec,
};

type Roles = (Vec<OrgRole>, BTreeMap<Name, Vec<ProjectRole>>);

fn roles_of(live: &LiveState, kind: &PrincipalType, id: &str) -> Roles {
    let mut org = Vec::new();
    let mut projects: BTreeMap<Name, Vec<ProjectRole>> = BTreeMap::new();
    for b in live.bindings_of(kind, id) {
        match &b.resource_type {
            ResourceType::Organization => org.extend(OrgRole::new(b.role.as_str())),
            ResourceType::Project => {
                if let (Some(name), Some(role)) = (
                    live.project_name(&b.resource_id),
                    ProjectRole::new(b.role.as_str()),
                ) {
                    projects.entry(Name::new(name)).or_default().push(role);
                }
            }
            _ => {}
        }
    }
    org.sort();
    org.dedup();
    for roles in projects.values_mut() {
        roles.sort();
        roles.dedup();
    }
    (org, projects)
}

/// Writes the live organization as a manifest. Keys without a name are left out (a manifest
/// identifies keys by name).
///
/// ```
/// let manifest = pinecone_admin_plan::export(&pinecone_admin_plan::LiveState::default());
/// assert!(manifest.projects.is_empty());
/// ```
pub fn export(live: &LiveState) -> Manifest {
    let organization_id = match live.organization_ids.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    };
    let projects = live
        .projects
        .iter()
        .map(|(p, keys)| {
            let mut api_keys: Vec<ApiKeySpec> = keys
                .iter()
                .filter(|k| !k.name.trim().is_empty())
                .map(|k| {
                    let mut roles: Vec<KeyRole> = k
                        .roles
                        .iter()
                        .filter_map(|r| KeyRole::new(r.as_str()))
                        .collect();
                    roles.sort();
                    ApiKeySpec {
                        name: Name::new(k.name.clone()),
                        roles,
                        rotation: None,
                    }
                })
                .collect();
            api_keys.sort_by(|a, b| a.name.cmp(&b.name));
            ProjectSpec {
                name: Name::new(p.name.clone()),
                max_pods: p.max_pods,
                cmek: p.force_encryption_with_cmek,
                api_keys,
            }
        })
        .collect();
    let mut service_accounts: Vec<PrincipalSpec> = live
        .service_accounts
        .iter()
        .map(|sa| {
            let (organization_roles, project_roles) =
                roles_of(live, &PrincipalType::ServiceAccount, &sa.id);
            PrincipalSpec {
                name: Name::new(sa.name.clone()),
                organization_roles,
                project_roles,
                rotation: None,
            }
        })
        .collect();
    service_accounts.sort_by(|a, b| a.name.cmp(&b.name));
    let member = |kind: PrincipalType, id: &str, email: &str| {
        let (organization_roles, project_roles) = roles_of(live, &kind, id);
        MemberSpec {
            email: Name::new(email.to_ascii_lowercase()),
            organization_roles,
            project_roles,
        }
    };
    let mut users: Vec<MemberSpec> = live
        .users
        .iter()
        .map(|u| member(PrincipalType::User, &u.id, &u.email))
        .collect();
    users.sort_by(|a, b| a.email.cmp(&b.email));
    let mut invites: Vec<MemberSpec> = live
        .invites
        .iter()
        .map(|i| member(PrincipalType::Invite, &i.id, &i.email))
        .collect();
    invites.sort_by(|a, b| a.email.cmp(&b.email));
    Manifest {
        organization_id,
        projects,
        service_accounts,
        users,
        invites,
    }
}

/// The manifest as YAML.
///
/// ```
/// let yaml = pinecone_admin_plan::to_yaml(&pinecone_admin_plan::Manifest::default());
/// assert_eq!(yaml.trim(), "{}");
/// ```
pub fn to_yaml(manifest: &Manifest) -> String {
    serde_yaml_ng::to_string(manifest).expect("a manifest serializes")
}
