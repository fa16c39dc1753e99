//! Conformance of the generated types with the examples in `openapi/*.oas.yaml`, read at test
//! time: every `example` / `examples` value of every 2xx JSON response (and the example of the
//! component schema such a response names) decodes with the generated response type of that
//! operation, and every component-schema `example` decodes with the generated type of that name.

use std::path::PathBuf;

use admin_api_raw::{admin, assistant_control, db_control, oauth};
use serde_json::Value;

const SOURCES: [(&str, &str); 4] = [
    ("admin", include_str!("../src/generated/admin.rs")),
    ("oauth", include_str!("../src/generated/oauth.rs")),
    ("db_control", include_str!("../src/generated/db_control.rs")),
    (
        "assistant_control",
        include_str!("../src/generated/assistant_control.rs"),
    ),
];

fn check<T: serde::de::DeserializeOwned>(v: Value) -> Result<(), String> {
    serde_json::from_value::<T>(v)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// The success type of each generated operation that returns a body.
fn decode_response(module: &str, op: &str, v: Value) -> Option<Result<(), String>> {
    use admin::types as a;
    use assistant_control::types as s;
    use db_control::types as d;
    use oauth::types as o;
    Some(match (module, op) {
        ("admin", "list_projects") => check::<a::ProjectList>(v),
        ("admin", "create_project" | "fetch_project" | "update_project") => check::<a::Project>(v),
        ("admin", "list_organizations") => check::<a::OrganizationList>(v),
        ("admin", "fetch_organization" | "update_organization") => check::<a::Organization>(v),
        ("admin", "list_project_api_keys") => check::<a::ListApiKeysResponse>(v),
        ("admin", "create_api_key") => check::<a::ApiKeyWithSecret>(v),
        ("admin", "fetch_api_key" | "update_api_key") => check::<a::ApiKey>(v),
        ("admin", "list_users") => check::<a::UserList>(v),
        ("admin", "fetch_user") => check::<a::User>(v),
        ("admin", "list_invites") => check::<a::InviteList>(v),
        ("admin", "create_invite" | "fetch_invite" | "resend_invite") => check::<a::Invite>(v),
        ("admin", "list_service_accounts") => check::<a::ServiceAccountList>(v),
        ("admin", "create_service_account" | "rotate_service_account_secret") => {
            check::<a::ServiceAccountWithSecret>(v)
        }
        ("admin", "fetch_service_account" | "update_service_account") => {
            check::<a::ServiceAccount>(v)
        }
        ("admin", "list_role_bindings") => check::<a::RoleBindingList>(v),
        ("admin", "create_role_binding" | "fetch_role_binding") => check::<a::RoleBinding>(v),
        ("oauth", "get_token") => check::<o::TokenResponse>(v),
        ("db_control", "list_indexes") => check::<d::IndexList>(v),
        ("db_control", "create_index" | "describe_index" | "configure_index") => {
            check::<d::IndexModel>(v)
        }
        ("db_control", "list_collections") => check::<d::CollectionList>(v),
        ("db_control", "list_project_backups") => check::<d::BackupList>(v),
        ("db_control", "create_backup") => check::<d::BackupModel>(v),
        ("assistant_control", "list_assistants") => check::<s::ListAssistantsResponse>(v),
        ("assistant_control", "create_assistant" | "get_assistant") => check::<s::Assistant>(v),
        _ => return None,
    })
}

/// Component schemas by their spec name.
fn decode_component(module: &str, name: &str, v: Value) -> Option<Result<(), String>> {
    use admin::types as a;
    use assistant_control::types as s;
    use db_control::types as d;
    use oauth::types as o;
    Some(match (module, name) {
        ("admin", "APIKey") => check::<a::ApiKey>(v),
        ("admin", "APIKeyWithSecret") => check::<a::ApiKeyWithSecret>(v),
        ("admin", "CreateAPIKeyRequest") => check::<a::CreateApiKeyRequest>(v),
        ("admin", "CreateInviteRequest") => check::<a::CreateInviteRequest>(v),
        ("admin", "CreateProjectRequest") => check::<a::CreateProjectRequest>(v),
        ("admin", "CreateRoleBindingRequest") => check::<a::CreateRoleBindingRequest>(v),
        ("admin", "CreateServiceAccountRequest") => check::<a::CreateServiceAccountRequest>(v),
        ("admin", "ErrorResponse") => check::<a::ErrorResponse>(v),
        ("admin", "Invite") => check::<a::Invite>(v),
        ("admin", "InviteList") => check::<a::InviteList>(v),
        ("admin", "ListApiKeysResponse") => check::<a::ListApiKeysResponse>(v),
        ("admin", "Organization") => check::<a::Organization>(v),
        ("admin", "OrganizationList") => check::<a::OrganizationList>(v),
        ("admin", "PaginationResponse") => check::<a::PaginationResponse>(v),
        ("admin", "Project") => check::<a::Project>(v),
        ("admin", "ProjectList") => check::<a::ProjectList>(v),
        ("admin", "RoleBinding") => check::<a::RoleBinding>(v),
        ("admin", "RoleBindingInput") => check::<a::RoleBindingInput>(v),
        ("admin", "RoleBindingList") => check::<a::RoleBindingList>(v),
        ("admin", "ServiceAccount") => check::<a::ServiceAccount>(v),
        ("admin", "ServiceAccountList") => check::<a::ServiceAccountList>(v),
        ("admin", "ServiceAccountWithSecret") => check::<a::ServiceAccountWithSecret>(v),
        ("admin", "UpdateAPIKeyRequest") => check::<a::UpdateApiKeyRequest>(v),
        ("admin", "UpdateOrganizationRequest") => check::<a::UpdateOrganizationRequest>(v),
        ("admin", "UpdateProjectRequest") => check::<a::UpdateProjectRequest>(v),
        ("admin", "UpdateServiceAccountRequest") => check::<a::UpdateServiceAccountRequest>(v),
        ("admin", "User") => check::<a::User>(v),
        ("admin", "UserList") => check::<a::UserList>(v),
        ("oauth", "ErrorResponse") => check::<o::ErrorResponse>(v),
        ("oauth", "TokenRequest") => check::<o::TokenRequest>(v),
        ("oauth", "TokenResponse") => check::<o::TokenResponse>(v),
        ("db_control", "ErrorResponse") => check::<d::ErrorResponse>(v),
        ("db_control", "IndexModel") => check::<d::IndexModel>(v),
        ("db_control", "IndexList") => check::<d::IndexList>(v),
        ("db_control", "BackupModel") => check::<d::BackupModel>(v),
        ("db_control", "BackupList") => check::<d::BackupList>(v),
        ("db_control", "CollectionModel") => check::<d::CollectionModel>(v),
        ("db_control", "CollectionList") => check::<d::CollectionList>(v),
        ("db_control", "PaginationResponse") => check::<d::PaginationResponse>(v),
        ("db_control", "IndexTags") => check::<d::IndexTags>(v),
        ("db_control", "DeletionProtection") => check::<d::DeletionProtection>(v),
        ("db_control", "ConfigureIndexRequest") => check::<d::ConfigureIndexRequest>(v),
        ("db_control", "CreateIndexRequest") => check::<d::CreateIndexRequest>(v),
        ("db_control", "CreateIndexSchema") => check::<d::CreateIndexSchema>(v),
        ("db_control", "CreateBackupRequest") => check::<d::CreateBackupRequest>(v),
        ("db_control", "ByocDeployment") => check::<d::ByocDeployment>(v),
        ("db_control", "ManagedDeployment") => check::<d::ManagedDeployment>(v),
        ("db_control", "DenseVectorField") => check::<d::DenseVectorField>(v),
        ("db_control", "SparseVectorField") => check::<d::SparseVectorField>(v),
        ("db_control", "StringField") => check::<d::StringField>(v),
        ("db_control", "PatchIndexDeploymentRequest") => check::<d::PatchIndexDeploymentRequest>(v),
        ("db_control", "PatchIndexSchema") => check::<d::PatchIndexSchema>(v),
        ("db_control", "ReadCapacityDedicatedPatchSpec") => {
            check::<d::ReadCapacityDedicatedPatchSpec>(v)
        }
        ("db_control", "ReadCapacityDedicatedSpec") => check::<d::ReadCapacityDedicatedSpec>(v),
        ("db_control", "ReadCapacityOnDemandSpec") => check::<d::ReadCapacityOnDemandSpec>(v),
        ("assistant_control", "ErrorResponse") => check::<s::ErrorResponse>(v),
        ("assistant_control", "Assistant") => check::<s::Assistant>(v),
        ("assistant_control", "ListAssistantsResponse") => check::<s::ListAssistantsResponse>(v),
        ("assistant_control", "CreateAssistantRequest") => check::<s::CreateAssistantRequest>(v),
        ("assistant_control", "PaginationResponse") => check::<s::PaginationResponse>(v),
        _ => return None,
    })
}

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi")
}

fn module_of(file: &str) -> String {
    let stem = file.strip_suffix(".oas.yaml").unwrap();
    match stem.rsplit_once('_') {
        Some((base, v)) if v.len() == 7 && v.as_bytes()[4] == b'-' => base.to_string(),
        _ => stem.to_string(),
    }
}

fn load(path: &std::path::Path) -> Value {
    let yaml: serde_yaml::Value = serde_yaml::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn generated(module: &str) -> &'static str {
    SOURCES
        .iter()
        .find(|(m, _)| *m == module)
        .unwrap_or_else(|| panic!("no generated module {module}"))
        .1
}

/// Whether `name` is a type in the generated module (typify renames `APIKey` → `ApiKey`).
fn is_generated_type(module: &str, name: &str) -> bool {
    let src = generated(module);
    let rust = name.replace("API", "Api");
    [name, rust.as_str()].iter().any(|n| {
        src.contains(&format!("pub struct {n} "))
            || src.contains(&format!("pub struct {n}("))
            || src.contains(&format!("pub enum {n} "))
    })
}

fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.strip_prefix('#').expect("local $ref");
            doc.pointer(pointer)
                .unwrap_or_else(|| panic!("dangling {r}"))
        }
        None => v,
    }
}

#[test]
fn every_example_decodes_with_the_generated_types() {
    let mut files: Vec<_> = std::fs::read_dir(spec_dir())
        .expect("openapi/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".oas.yaml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), SOURCES.len(), "one generated module per spec");

    let mut failures = Vec::new();
    let mut checked = 0usize;
    for path in &files {
        let file = path.file_name().unwrap().to_str().unwrap().to_string();
        let module = module_of(&file);
        let doc = load(path);
        let src = generated(&module);

        // 2xx responses of every generated operation.
        for (route, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let Some(op_id) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                if !src.contains(&format!("operation_id: \"{op_id}\"")) {
                    continue; // not kept by the xtask's allow-list
                }
                let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                    continue;
                };
                for (status, response) in responses {
                    if !status.starts_with('2') {
                        continue;
                    }
                    let response = resolve(&doc, response);
                    let Some(media) = response.pointer("/content/application~1json") else {
                        continue;
                    };
                    let mut values: Vec<(String, Value)> = Vec::new();
                    if let Some(e) = media.get("example") {
                        values.push(("example".into(), e.clone()));
                    }
                    if let Some(es) = media.get("examples").and_then(Value::as_object) {
                        for (name, e) in es {
                            let e = resolve(&doc, e);
                            if let Some(v) = e.get("value") {
                                values.push((format!("examples.{name}"), v.clone()));
                            }
                        }
                    }
                    if let Some(schema) = media.get("schema") {
                        if let Some(e) = resolve(&doc, schema).get("example") {
                            values.push(("schema example".into(), e.clone()));
                        }
                    }
                    for (what, value) in values {
                        let at = format!(
                            "{file}: {} {route} ({op_id}) {status} {what}",
                            method.to_uppercase()
                        );
                        match decode_response(&module, op_id, value) {
                            None => failures.push(format!("{at}: no decoder in this test")),
                            Some(Err(e)) => failures.push(format!("{at}: {e}")),
                            Some(Ok(())) => checked += 1,
                        }
                    }
                }
            }
        }

        // Component schema examples.
        if let Some(schemas) = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            for (name, schema) in schemas {
                let Some(example) = schema.get("example") else {
                    continue;
                };
                let at = format!("{file}: components.schemas.{name}.example");
                match decode_component(&module, name, example.clone()) {
                    Some(Err(e)) => failures.push(format!("{at}: {e}")),
                    Some(Ok(())) => checked += 1,
                    None if is_generated_type(&module, name) => {
                        failures.push(format!("{at}: generated type has no decoder in this test"))
                    }
                    None => {} // pruned or made free-form by the xtask
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 60, "only {checked} examples checked");
    eprintln!("{checked} examples decoded");
}
