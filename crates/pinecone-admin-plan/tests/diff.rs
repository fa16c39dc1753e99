//! `diff` on hand-made live states: blocked changes, prune, the journal's replacements.

use pinecone_admin_plan::{diff, parse_str, Action, Journal, LiveState, PlanOptions};
use serde_json::json;

fn from<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> T {
    serde_json::from_value(v.clone()).unwrap()
}

fn live(value: serde_json::Value) -> LiveState {
    let mut state = LiveState {
        organization_ids: vec!["org-1".into()],
        ..LiveState::default()
    };
    for p in value["projects"].as_array().into_iter().flatten() {
        let keys = p["keys"].as_array().unwrap().iter().map(from).collect();
        state.projects.push((from(&p["project"]), keys));
    }
    state.service_accounts = from(&value["service_accounts"]);
    state.users = from(&value["users"]);
    state.invites = from(&value["invites"]);
    state.bindings = from(&value["bindings"]);
    state
}

fn org() -> LiveState {
    live(json!({
        "projects": [
            {"project": {"id": "p1", "name": "search", "max_pods": 0}, "keys": [
                {"id": "k1", "name": "app", "project_id": "p1", "roles": ["DataPlaneEditor"]},
                {"id": "k2", "name": "dup", "project_id": "p1", "roles": ["ProjectEditor"]},
                {"id": "k3", "name": "dup", "project_id": "p1", "roles": ["ProjectEditor"]}
            ]},
            {"project": {"id": "p2", "name": "twin"}, "keys": []},
            {"project": {"id": "p3", "name": "twin"}, "keys": []}
        ],
        "service_accounts": [
            {"id": "sa1", "name": "me", "client_id": "my-client"},
            {"id": "sa2", "name": "other", "client_id": "other-client"}
        ],
        "users": [{"id": "u1", "email": "owner@example.com"}],
        "invites": [{"id": "i1", "email": "old@example.com", "status": "pending"}],
        "bindings": [
            {"id": "b1", "principal_type": "user", "principal_id": "u1",
             "resource_type": "organization", "resource_id": "org-1", "role": "OrgOwner"},
            {"id": "b2", "principal_type": "invite", "principal_id": "i1",
             "resource_type": "organization", "resource_id": "org-1", "role": "OrgMember"}
        ]
    }))
}

const MANIFEST: &str = "\
projects:
  - name: search
    api_keys:
      - name: app
        roles: [DataPlaneEditor]
      - name: dup
        roles: [ProjectEditor]
  - name: twin
users:
  - email: owner@example.com
    organization_roles: [OrgMember]
";

fn find<'a>(plan: &'a pinecone_admin_plan::Plan, target: &str) -> &'a pinecone_admin_plan::Change {
    plan.changes
        .iter()
        .find(|c| c.target.starts_with(target))
        .unwrap_or_else(|| panic!("no change for {target}:\n{plan}"))
}

#[test]
fn ambiguous_names_and_the_last_owner_are_blocked() {
    let m = parse_str("m.yaml", MANIFEST).unwrap();
    let plan = diff(&m, &org(), &Journal::default(), &PlanOptions::new()).unwrap();
    let twin = find(&plan, "project twin");
    assert_eq!(twin.action, Action::Blocked);
    assert!(twin
        .detail
        .as_deref()
        .unwrap()
        .contains("ambiguous live name"));
    let dup = find(&plan, "project search/api_key dup");
    assert_eq!(dup.action, Action::Blocked);
    let owner = find(&plan, "user owner@example.com/role OrgOwner");
    assert_eq!(owner.action, Action::Blocked, "{plan}");
    assert!(owner.detail.as_deref().unwrap().contains("last OrgOwner"));
    // The new membership role is still granted.
    assert_eq!(
        find(&plan, "user owner@example.com/role OrgMember").action,
        Action::Create
    );
    // Without --prune, nothing is deleted; unmanaged resources are reported.
    assert!(
        plan.changes.iter().all(|c| c.action != Action::Delete),
        "{plan}"
    );
    assert!(plan
        .unmanaged
        .iter()
        .any(|u| u.starts_with("service_account other")));
    assert!(plan
        .unmanaged
        .iter()
        .any(|u| u.starts_with("invite old@example.com")));
    assert!(plan.has_blocked());
}

#[test]
fn prune_deletes_unmanaged_but_never_the_own_service_account() {
    let m = parse_str("m.yaml", MANIFEST).unwrap();
    let options = PlanOptions::new()
        .prune(true)
        .own_client_id(Some("my-client".into()));
    let plan = diff(&m, &org(), &Journal::default(), &options).unwrap();
    let me = find(&plan, "service_account me");
    assert_eq!(me.action, Action::Blocked);
    assert!(me.detail.as_deref().unwrap().contains("credentials in use"));
    assert_eq!(find(&plan, "service_account other").action, Action::Delete);
    assert_eq!(find(&plan, "invite old@example.com").action, Action::Delete);
    // Deletions come after creates.
    let first_delete = plan
        .changes
        .iter()
        .position(|c| c.action == Action::Delete)
        .unwrap();
    assert!(plan.changes[first_delete..]
        .iter()
        .all(|c| c.action != Action::Create));
}

#[test]
fn undelivered_key_is_replaced() {
    let m = parse_str("m.yaml", MANIFEST).unwrap();
    let dir = std::env::temp_dir().join(format!("plan-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.yaml.journal.json");
    let mut journal = Journal::load(&path).unwrap();
    journal
        .start(pinecone_admin_plan::InFlight::ApiKey {
            project: "search".into(),
            name: "app".into(),
        })
        .unwrap();
    let reloaded = Journal::load(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("value"), "names only: {text}");
    let plan = diff(&m, &org(), &reloaded, &PlanOptions::new()).unwrap();
    let app = find(&plan, "project search/api_key app");
    assert_eq!(app.action, Action::Replace);
    assert_eq!(app.detail.as_deref(), Some("value never delivered"));
    assert!(app
        .to_string()
        .starts_with("-/+ replace project search/api_key app"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn organization_guard() {
    let m = parse_str("m.yaml", "organization_id: org-2\n").unwrap();
    let err = diff(&m, &org(), &Journal::default(), &PlanOptions::new()).unwrap_err();
    assert!(err.contains("org-2"), "{err}");
}

#[test]
fn plan_json_names_actions() {
    let m = parse_str("m.yaml", "projects:\n  - name: new\n").unwrap();
    let plan = diff(
        &m,
        &LiveState::default(),
        &Journal::default(),
        &PlanOptions::new(),
    )
    .unwrap();
    let v = serde_json::to_value(&plan).unwrap();
    assert_eq!(v["changes"][0]["action"], "create");
    assert_eq!(v["changes"][0]["op"], "create_project");
    assert_eq!(v["changes"][0]["target"], "project new");
}
