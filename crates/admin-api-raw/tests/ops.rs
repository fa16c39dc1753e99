//! The generated operation tables (`admin_api_raw::ops`) agree with the specs in `openapi/`,
//! read at test time, and with the generated clients: every entry names an operation of its
//! spec with the same method and path template; every operation of a spec whose client keeps
//! all of them is in the table; every client method has exactly one entry.

use std::collections::BTreeMap;
use std::path::PathBuf;

use admin_api_raw::ops::{self, Method, Operation};
use serde_yaml::Value;

/// `(module, spec file, table, generated client source, whether the client keeps every op)`.
const TABLES: [(&str, &str, &[Operation], &str, bool); 4] = [
    (
        "admin",
        "admin_2026-07.oas.yaml",
        ops::admin::ALL,
        include_str!("../src/generated/admin.rs"),
        true,
    ),
    (
        "oauth",
        "oauth_2026-07.oas.yaml",
        ops::oauth::ALL,
        include_str!("../src/generated/oauth.rs"),
        true,
    ),
    (
        "db_control",
        "db_control_2026-07.oas.yaml",
        ops::db_control::ALL,
        include_str!("../src/generated/db_control.rs"),
        false,
    ),
    (
        "assistant_control",
        "assistant_control_2026-07.oas.yaml",
        ops::assistant_control::ALL,
        include_str!("../src/generated/assistant_control.rs"),
        false,
    ),
];

/// Operation id → (method, path) of every operation in `openapi/<file>`.
fn spec_operations(file: &str) -> BTreeMap<String, (Method, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../openapi")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let doc: Value = serde_yaml::from_str(&text).unwrap();
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_mapping().expect("paths") {
        let path = path.as_str().unwrap();
        for (method, op) in item.as_mapping().unwrap() {
            let method = match method.as_str().unwrap() {
                "get" => Method::Get,
                "post" => Method::Post,
                "put" => Method::Put,
                "patch" => Method::Patch,
                "delete" => Method::Delete,
                _ => continue, // `parameters`, `summary`, ...
            };
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            let previous = out.insert(id.clone(), (method, path.to_owned()));
            assert!(previous.is_none(), "{file}: operation id {id} twice");
        }
    }
    out
}

/// The `pub async fn` names of a generated client.
fn client_methods(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("pub async fn "))
        .map(|rest| rest.split(['<', '(']).next().unwrap())
        .collect()
}

#[test]
fn every_table_matches_its_spec_and_client() {
    for (module, file, table, source, keeps_all) in TABLES {
        let spec = spec_operations(file);
        for op in table {
            let (method, path) = spec
                .get(op.id)
                .unwrap_or_else(|| panic!("{module}: {} is not in {file}", op.id));
            assert_eq!(
                (op.method, op.path),
                (*method, path.as_str()),
                "{module}: {op}"
            );
        }
        let mut ids: Vec<&str> = table.iter().map(|op| op.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "{module}: an operation twice in ALL");
        if keeps_all {
            let in_spec: Vec<&str> = spec.keys().map(String::as_str).collect();
            assert_eq!(ids, in_spec, "{module}: ALL is every operation of {file}");
        }
        let mut methods = client_methods(source);
        methods.sort_unstable();
        assert_eq!(ids, methods, "{module}: one entry per client method");
    }
}

#[test]
fn constants_are_named_after_the_ids() {
    assert_eq!(ops::admin::FETCH_PROJECT.id, "fetch_project");
    assert_eq!(ops::admin::FETCH_PROJECT.method, Method::Get);
    assert_eq!(
        ops::admin::FETCH_PROJECT.path,
        "/admin/projects/{project_id}"
    );
    assert_eq!(ops::oauth::GET_TOKEN.method.as_str(), "POST");
    assert_eq!(ops::oauth::GET_TOKEN.path, "/oauth/token");
    assert_eq!(
        ops::db_control::DELETE_INDEX.to_string(),
        "delete_index (DELETE /indexes/{index_name})"
    );
    // The id is also the client's method name, so the constant's name is the id in capitals.
    for (module, _, table, _, _) in TABLES {
        for op in table {
            assert!(
                op.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{module}: {} is not snake_case",
                op.id
            );
        }
    }
}
