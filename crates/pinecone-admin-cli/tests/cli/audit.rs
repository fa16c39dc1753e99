//! `audit` against the emulator: a seeded organization reports each kind of finding the
//! emulator can hold (dangling role bindings cannot exist there: they are unit-tested in the
//! facade), and a clean one reports nothing.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Env;

fn kinds(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_seeded_organization_reports_every_kind_of_finding() {
    let env = Env::start();
    let used = env.project("used");
    let unused = env.project("unused");
    let key = env.json(&["api-keys", "create", "--project-id", &used, "--name", "app"]);
    env.json(&[
        "api-keys",
        "create",
        "--project-id",
        &used,
        "--name",
        "_cleanup_temp_0123abcd",
    ]);
    let expired = env.json(&["invites", "create", "--email", "late@example.com"]);
    let expired = expired["id"].as_str().unwrap();
    env.emu.expire_invite(expired).unwrap();
    env.json(&["invites", "create", "--email", "slow@example.com"]);

    let report = env.json(&["audit", "--invite-max-age-days", "0"]);
    let expected: BTreeSet<String> = [
        "service_account_org_owner",
        "leftover_cleanup_key",
        "api_key_project_editor",
        "invite_expired",
        "invite_stale",
        "unused_project",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(kinds(&report), expected, "{report:#}");
    let subject_of = |kind: &str| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == kind)
            .map(|f| f["subject"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        subject_of("service_account_org_owner"),
        [env.emu.service_account_id()]
    );
    assert_eq!(subject_of("unused_project"), [unused]);
    assert_eq!(subject_of("invite_expired"), [expired.to_owned()]);
    let key_id = key["key"]["id"].as_str().or(key["id"].as_str()).unwrap();
    assert_eq!(subject_of("api_key_project_editor"), [key_id.to_owned()]);
    assert_eq!(report["findings"][0]["severity"], "high");

    // Every principal is listed with its effective roles per project.
    let principals = report["principals"].as_array().unwrap();
    let types: BTreeSet<&str> = principals
        .iter()
        .map(|p| p["principal_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        BTreeSet::from(["api_key", "invite", "service_account", "user"])
    );
    let app = principals.iter().find(|p| p["id"] == key_id).unwrap();
    assert_eq!(
        app["project_roles"][&used],
        serde_json::json!(["ProjectEditor"])
    );

    // The CI gate: exit 2 at or above the threshold; YAML and table show the same findings.
    env.cmd()
        .args(["audit", "--fail-on", "high"])
        .assert()
        .code(2);
    let yaml = env
        .cmd()
        .args(["-o", "yaml", "audit", "--invite-max-age-days", "0"])
        .output()
        .unwrap();
    let yaml: Value = serde_yaml_ng::from_slice(&yaml.stdout).unwrap();
    assert_eq!(kinds(&yaml), expected);
    let table = env.table(&["audit"]);
    assert!(table.contains("leftover_cleanup_key"), "{table}");
    assert!(table.contains("late@example.com"), "{table}");
}

#[test]
fn a_clean_organization_reports_nothing() {
    let env = Env::start();
    // The emulator's own service account is an OrgOwner; a clean organization has only the
    // owner user as owner, so take that role away from the service account.
    let sa = env.emu.service_account_id().to_owned();
    let bindings = env.json(&[
        "role-bindings",
        "list",
        "--principal-type",
        "service_account",
        "--principal-id",
        &sa,
    ]);
    for b in bindings.as_array().unwrap() {
        env.json(&[
            "role-bindings",
            "delete",
            "--yes",
            b["id"].as_str().unwrap(),
        ]);
    }
    let project = env.project("in-use");
    env.json(&[
        "api-keys",
        "create",
        "--project-id",
        &project,
        "--name",
        "reader",
        "--role",
        "ProjectViewer",
    ]);

    let report = env.json(&["audit", "--fail-on", "low"]);
    assert_eq!(report["findings"], serde_json::json!([]), "{report:#}");
    assert!(report["principals"].as_array().unwrap().len() >= 3);
    let table = env.table(&["audit", "--fail-on", "low"]);
    assert!(table.contains("No findings."), "{table}");
}
