//! Bad manifests: every problem comes back with its line and column, before any request.

use pinecone_admin_plan::parse_str;

const GOOD: &str = "\
organization_id: org-1
projects:
  - name: search
    max_pods: 1
    api_keys:
      - name: app
        roles: [DataPlaneEditor]
service_accounts:
  - name: ci
    organization_roles: [OrgMember]
    project_roles:
      search: [ProjectEditor]
invites:
  - email: new@example.com
    organization_roles: [OrgMember]
";

#[test]
fn good_manifest_parses() {
    let m = parse_str("org.yaml", GOOD).unwrap();
    assert_eq!(
        m.projects[0].api_keys[0].roles[0].as_str(),
        "DataPlaneEditor"
    );
    assert_eq!(m.organization_id.as_deref(), Some("org-1"));
}

#[test]
fn bad_manifests_name_line_and_column() {
    // (manifest, line, column, part of the message)
    let table: &[(&str, usize, usize, &str)] = &[
        ("projects:\n  - name: a\n    colour: red\n", 3, 5, "unknown field `colour`"),
        ("projcts: []\n", 1, 1, "unknown field `projcts`"),
        (
            "projects:\n  - name: a\n    api_keys:\n      - name: k\n        roles: [Admin]\n",
            5,
            16,
            "unknown API key role `Admin`",
        ),
        (
            "service_accounts:\n  - name: s\n    organization_roles: [ProjectEditor]\n",
            3,
            25,
            "unknown organization role",
        ),
        ("projects:\n  - name: a\n  - name: a\n", 3, 5, "duplicate project `a`"),
        (
            "projects:\n  - name: a\n    api_keys:\n      - name: k\n        roles: [ProjectViewer]\n      - name: k\n        roles: [ProjectViewer]\n",
            6,
            9,
            "duplicate API key `k`",
        ),
        (
            "projects:\n  - name: a\nservice_accounts:\n  - name: s\n    project_roles:\n      b: [ProjectViewer]\n",
            6,
            7,
            "project `b` is not defined",
        ),
        (
            "invites:\n  - email: x@example.com\n    project_roles:\n      nope: [ProjectViewer]\n",
            2,
            5,
            "needs at least one organization role",
        ),
        (
            "users:\n  - email: a@example.com\n    organization_roles: [OrgMember]\ninvites:\n  - email: A@example.com\n    organization_roles: [OrgMember]\n",
            5,
            5,
            "listed more than once",
        ),
        ("projects:\n  - name: a\n    max_pods: lots\n", 3, 15, "invalid type"),
        ("projects: [\n", 2, 1, ""),
    ];
    for (text, line, column, needle) in table {
        let err = parse_str("org.yaml", text).expect_err(text);
        let first = &err.problems[0];
        assert_eq!(
            (first.line, first.column),
            (*line, *column),
            "{text:?}: {err}"
        );
        assert!(err.to_string().contains(needle), "{text:?}: {err}");
        assert!(
            err.to_string()
                .starts_with(&format!("org.yaml:{line}:{column}: ")),
            "{err}"
        );
    }
}

#[test]
fn all_problems_are_reported() {
    let text = "projects:\n  - name: a\n  - name: a\nservice_accounts:\n  - name: s\n    project_roles:\n      b: [ProjectViewer]\n";
    let err = parse_str("org.yaml", text).unwrap_err();
    let at: Vec<_> = err.problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(at, vec![(3, 5), (7, 7)], "{err}");
}

#[test]
fn schema_file_is_up_to_date() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/manifest.schema.json"
    );
    let published = std::fs::read_to_string(path).unwrap_or_default();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, pinecone_admin_plan::json_schema()).unwrap();
        return;
    }
    assert_eq!(
        published,
        pinecone_admin_plan::json_schema(),
        "docs/manifest.schema.json is stale: run UPDATE_SCHEMA=1 cargo test -p pinecone-admin-plan --test manifest"
    );
}

#[test]
fn example_manifest_is_valid() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/org.yaml");
    pinecone_admin_plan::parse_file(path.as_ref()).unwrap();
}
