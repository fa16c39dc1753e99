//! Spec normalisation: the one place where an OpenAPI document is adjusted before progenitor sees it.
//!
//! Every rule runs on the parsed YAML value (before it becomes an [`openapiv3::OpenAPI`]), and
//! runs identically on our own `openapi/*.oas.yaml` files and on Pinecone's unmodified upstream
//! files, so that dropping a newly published upstream spec into `openapi/` and running
//! `cargo xtask codegen` yields the same API. Rules that name a specific operation, schema or
//! property fail loudly when their target is gone, so that spec drift is noticed at generation
//! time instead of silently changing the generated API.
//!
//! | # | rule | applies to | why |
//! |---|------|------------|-----|
//! | 1 | keep only the allow-listed operations ([`ModuleRules::keep_operations`]); fail if one is absent | `db_control`, `assistant_control` | the raw crate carries only what project cleanup needs (list, delete and what tests need to create) |
//! | 2 | drop `links` from responses | all | progenitor ignores them; they only add noise |
//! | 3 | strip the `X-Pinecone-Api-Version` header parameter (inline or `$ref`) | all | it would be a required `&str` argument on every method; the `pre` hook in `context.rs` sets it |
//! | 4 | drop every `4XX`/`5XX`/4xx/5xx response (and `default` when a 2xx exists) | all | typed errors lose the status on non-JSON bodies and `4XX` ranges produce "unreachable pattern" warnings; without them every error is `Error::UnexpectedResponse` with status, headers and body intact (an HTML 503 stays retryable) and the facade decodes it leniently |
//! | 5 | keep only the JSON media type where a request body or response offers several | all | progenitor panics on more than one media type (oauth offers JSON and form) |
//! | 6 | drop `format: uuid` | all schemas | ids are opaque strings; a non-UUID id must not fail decoding of a whole list |
//! | 7 | drop `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minItems`, `maxItems` | all schemas | typify turns them into validated newtypes / `NonZero*` with generic messages, and a response that breaks a limit would fail to decode; the facade validates input with its own messages |
//! | 8 | drop `format` (and the limits of rule 7) on query parameters | query parameters | `format: email` etc. produce newtypes; query values are plain `&str` / integers |
//! | 9 | drop `additionalProperties: false` | all schemas | it becomes `deny_unknown_fields`: one new server field would fail a whole list; it has no effect on sending |
//! | 10 | a property that is an `allOf` of one `$ref`, or an inline schema marked `x-component-name: N`, becomes a `$ref` to component `N` (created from the inline schema if absent); a nullable required property stops being required | all schemas | the upstream bundler inlines `PaginationResponse` into every list: one identical struct per list otherwise; `Option<_>` keeps `null` decoding as `None` |
//! | 11 | selected request properties become `nullable` ([`ModuleRules::nullable_request_properties`]) | `admin`: `create_api_key` and `update_api_key` body `roles` | `Option<Vec<String>>`: omitted (server default, or unchanged) differs from `[]` (no roles) |
//! | 12 | selected response properties become free-form objects ([`ModuleRules::free_form`]) | `db_control`: `IndexModel.{spec,deployment,schema,read_capacity}`, `BackupModel.schema` | their `oneOf`/`anyOf` shapes either fail a whole `list_indexes` on one unknown variant or decode wrongly; cleanup only needs name and `deletion_protection` |
//! | 13 | prune `components/schemas` (and other components) not reachable from the kept operations (`ErrorResponse` is kept as a root) | all | typify generates every component; `ErrorResponse` is what the facade decodes error bodies into |
//! | 14 | sort `paths` by path template | all | methods appear in a fixed order whatever the spec's layout, so our files and upstream's generate the same code and a new upstream version diffs only where the API changed |
//! | 15 | `x-enum` is left alone | all | progenitor ignores it, so those fields stay `String`: new roles, plans or statuses still decode |
//! | 16 | credential properties get `format: secret-string` ([`ModuleRules::secret_properties`]), which the generator maps to the hand-written `admin_api_raw::SecretString` | `admin`: `APIKeyWithSecret.value`, `ServiceAccountWithSecret.client_secret`; `oauth`: `TokenRequest.client_secret`, `TokenResponse.access_token` | derived `Debug` would print them; `SecretString` prints `<redacted>` |
//! | 17 | drop `default` from schemas | all schemas | typify turns defaults into non-optional fields filled on encode: a PATCH that sets `replicas` would also send `pod_type: p1.x1` and resize the pods; an `Option` field is omitted unless set, and a missing response field reads as `None` (the facade applies documented defaults) |

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use anyhow::{anyhow, bail, Context, Result};
use serde_yaml::{Mapping, Value};

/// The HTTP methods that can carry an operation in an OpenAPI path item.
const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The header every Pinecone operation declares; set by the `pre` hook instead.
const VERSION_HEADER: &str = "X-Pinecone-Api-Version";

/// Schema keywords dropped everywhere (rules 6, 7 and 9 are handled separately for
/// `format` and `additionalProperties`).
const LIMIT_KEYWORDS: [&str; 9] = [
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
];

/// Component schemas always kept by the pruning rule, when the spec defines them.
const EXTRA_ROOTS: [&str; 1] = ["ErrorResponse"];

/// A property to turn into a free-form JSON object (rule 12).
#[derive(Debug, Clone, Copy)]
pub struct FreeForm {
    /// Component schema holding the property.
    pub schema: &'static str,
    /// Property name.
    pub property: &'static str,
    /// Whether its absence is an error (spec drift) or just means "not in this version".
    pub required: bool,
}

/// Per-module rules (module = spec file stem without `_YYYY-MM.oas.yaml`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ModuleRules {
    /// Rule 1: keep only these operation ids (all must exist); `None` keeps all.
    pub keep_operations: Option<&'static [&'static str]>,
    /// Rule 11: `(operation id, property)` of JSON request bodies to make nullable.
    pub nullable_request_properties: &'static [(&'static str, &'static str)],
    /// Rule 12: properties to make free-form.
    pub free_form: &'static [FreeForm],
    /// Rule 16: `(component schema, property)` holding credentials (must exist, must be strings).
    pub secret_properties: &'static [(&'static str, &'static str)],
}

/// The `format` that marks a credential string (rule 16); see `codegen::settings`.
pub const SECRET_FORMAT: &str = "secret-string";

/// The operations the control-plane cleanup needs (list, delete and what tests need to create).
pub const DB_CONTROL_OPERATIONS: &[&str] = &[
    "list_indexes",
    "create_index",
    "describe_index",
    "configure_index",
    "delete_index",
    "list_collections",
    "delete_collection",
    "list_project_backups",
    "create_backup",
    "delete_backup",
];

/// The assistant operations kept (list, delete and what tests need to create).
pub const ASSISTANT_CONTROL_OPERATIONS: &[&str] = &[
    "list_assistants",
    "create_assistant",
    "get_assistant",
    "delete_assistant",
];

const DB_CONTROL_FREE_FORM: &[FreeForm] = &[
    // `spec` was replaced by `deployment` in 2026-07; kept for older/newer specs that have it.
    FreeForm {
        schema: "IndexModel",
        property: "spec",
        required: false,
    },
    FreeForm {
        schema: "IndexModel",
        property: "deployment",
        required: true,
    },
    FreeForm {
        schema: "IndexModel",
        property: "schema",
        required: true,
    },
    FreeForm {
        schema: "IndexModel",
        property: "read_capacity",
        required: true,
    },
    FreeForm {
        schema: "BackupModel",
        property: "schema",
        required: true,
    },
];

/// The rules for one module. Unknown modules get the generic rules only.
pub fn rules_for(module: &str) -> ModuleRules {
    match module {
        "admin" => ModuleRules {
            nullable_request_properties: &[
                ("create_api_key", "roles"),
                ("update_api_key", "roles"),
            ],
            secret_properties: &[
                ("APIKeyWithSecret", "value"),
                ("ServiceAccountWithSecret", "client_secret"),
            ],
            ..ModuleRules::default()
        },
        "oauth" => ModuleRules {
            secret_properties: &[
                ("TokenRequest", "client_secret"),
                ("TokenResponse", "access_token"),
            ],
            ..ModuleRules::default()
        },
        "db_control" => ModuleRules {
            keep_operations: Some(DB_CONTROL_OPERATIONS),
            free_form: DB_CONTROL_FREE_FORM,
            ..ModuleRules::default()
        },
        "assistant_control" => ModuleRules {
            keep_operations: Some(ASSISTANT_CONTROL_OPERATIONS),
            ..ModuleRules::default()
        },
        _ => ModuleRules::default(),
    }
}

/// What the rules changed, for the one-line report per spec.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Operations kept / dropped by the allow-list.
    pub operations_kept: usize,
    pub operations_dropped: usize,
    /// `links` objects dropped.
    pub links: usize,
    /// Version header parameters stripped.
    pub version_params: usize,
    /// Error (and `default`) responses dropped.
    pub error_responses: usize,
    /// Non-JSON media types dropped.
    pub media_types: usize,
    /// Schema keywords dropped (rules 6 to 9).
    pub keywords: usize,
    /// Properties rewritten to a component `$ref` (rule 10).
    pub component_refs: usize,
    /// Request properties made nullable.
    pub nullable: usize,
    /// Properties made free-form.
    pub free_form: usize,
    /// Credential properties marked.
    pub secrets: usize,
    /// Component schemas kept / pruned.
    pub schemas_kept: usize,
    pub schemas_pruned: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ops (-{}), {} schemas (-{}); stripped {} version params, {} error responses, \
             {} media types, {} links, {} keywords; {} component refs, {} nullable, {} free-form, {} secrets",
            self.operations_kept,
            self.operations_dropped,
            self.schemas_kept,
            self.schemas_pruned,
            self.version_params,
            self.error_responses,
            self.media_types,
            self.links,
            self.keywords,
            self.component_refs,
            self.nullable,
            self.free_form,
            self.secrets,
        )
    }
}

/// Apply every rule to `doc` (a whole OpenAPI document) for `module`.
pub fn normalize(module: &str, doc: &mut Value) -> Result<Summary> {
    let rules = rules_for(module);
    let mut summary = Summary::default();
    if !doc.is_mapping() {
        bail!("the document is not a YAML mapping");
    }
    filter_operations(doc, &rules, &mut summary)?;
    for_each_operation(doc, |_, _, op| {
        drop_links(op, &mut summary);
        normalize_responses(op, &mut summary);
        json_request_body_only(op, &mut summary);
    })?;
    strip_version_header(doc, &mut summary)?;
    check_operations(doc)?;
    nullable_request_properties(doc, &rules, &mut summary)?;
    free_form(doc, &rules, &mut summary)?;
    secret_properties(doc, &rules, &mut summary)?;
    query_parameters(doc, &mut summary);
    for_each_schema(doc, &mut |schema| drop_keywords(schema, &mut summary));
    component_refs(doc, &mut summary)?;
    prune(doc, &mut summary)?;
    sort_paths(doc);
    Ok(summary)
}

// ---------------------------------------------------------------------------------------------
// Helpers over YAML values

fn key_str(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn map_mut<'a>(v: &'a mut Value, key: &str) -> Option<&'a mut Mapping> {
    v.get_mut(key).and_then(Value::as_mapping_mut)
}

fn components_mut<'a>(doc: &'a mut Value, kind: &str) -> Option<&'a mut Mapping> {
    map_mut(doc, "components").and_then(|c| c.get_mut(kind).and_then(Value::as_mapping_mut))
}

/// `#/components/<kind>/<name>` → `(kind, name)`.
fn parse_local_ref(reference: &str) -> Option<(&str, &str)> {
    let rest = reference.strip_prefix("#/components/")?;
    rest.split_once('/')
}

fn ref_of(v: &Value) -> Option<&str> {
    v.get("$ref").and_then(Value::as_str)
}

/// Follow a `$ref` (one or more hops) to the component it names.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> Result<&'a Value> {
    let mut cur = v;
    for _ in 0..16 {
        let Some(r) = ref_of(cur) else {
            return Ok(cur);
        };
        let (kind, name) = parse_local_ref(r).ok_or_else(|| anyhow!("unsupported $ref {r:?}"))?;
        cur = doc
            .get("components")
            .and_then(|c| c.get(kind))
            .and_then(|k| k.get(name))
            .ok_or_else(|| anyhow!("dangling $ref {r:?}"))?;
    }
    bail!("$ref cycle")
}

/// Visit every operation as `(path, method, operation)`.
fn for_each_operation(doc: &mut Value, mut f: impl FnMut(&str, &str, &mut Mapping)) -> Result<()> {
    let Some(paths) = map_mut(doc, "paths") else {
        bail!("the document has no `paths`");
    };
    for (path, item) in paths.iter_mut() {
        let path = key_str(path).unwrap_or_default();
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            let Some(method) = method.as_str() else {
                continue;
            };
            if !HTTP_METHODS.contains(&method) {
                continue;
            }
            if let Some(op) = op.as_mapping_mut() {
                f(&path, method, op);
            }
        }
    }
    Ok(())
}

fn operation_ids(doc: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_mapping) {
        for item in paths.values() {
            for method in HTTP_METHODS {
                if let Some(id) = item
                    .get(method)
                    .and_then(|op| op.get("operationId"))
                    .and_then(Value::as_str)
                {
                    ids.push(id.to_string());
                }
            }
        }
    }
    ids
}

fn find_operation<'a>(doc: &'a Value, operation_id: &str) -> Option<&'a Value> {
    let paths = doc.get("paths")?.as_mapping()?;
    paths.values().find_map(|item| {
        HTTP_METHODS.iter().find_map(|m| {
            item.get(*m)
                .filter(|op| op.get("operationId").and_then(Value::as_str) == Some(operation_id))
        })
    })
}

/// Visit every schema object in the document (components and inline), depth first, parents
/// before children. `f` may rewrite the mapping; children are visited after the rewrite.
fn for_each_schema(doc: &mut Value, f: &mut dyn FnMut(&mut Mapping)) {
    if let Some(components) = map_mut(doc, "components") {
        if let Some(schemas) = components
            .get_mut("schemas")
            .and_then(Value::as_mapping_mut)
        {
            for s in schemas.values_mut() {
                walk_schema(s, f);
            }
        }
        for kind in ["parameters", "headers"] {
            if let Some(items) = components.get_mut(kind).and_then(Value::as_mapping_mut) {
                for p in items.values_mut() {
                    walk_parameter(p, f);
                }
            }
        }
        for kind in ["requestBodies", "responses"] {
            if let Some(items) = components.get_mut(kind).and_then(Value::as_mapping_mut) {
                for b in items.values_mut() {
                    walk_body(b, f);
                }
            }
        }
    }
    if let Some(paths) = map_mut(doc, "paths") {
        for item in paths.values_mut() {
            let Some(item) = item.as_mapping_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                match key.as_str() {
                    Some("parameters") => walk_parameters(value, f),
                    Some(m) if HTTP_METHODS.contains(&m) => {
                        walk_parameters(value.get_mut("parameters").unwrap_or(&mut Value::Null), f);
                        if let Some(body) = value.get_mut("requestBody") {
                            walk_body(body, f);
                        }
                        if let Some(responses) = map_mut(value, "responses") {
                            for r in responses.values_mut() {
                                walk_body(r, f);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn walk_parameters(params: &mut Value, f: &mut dyn FnMut(&mut Mapping)) {
    if let Some(list) = params.as_sequence_mut() {
        for p in list {
            walk_parameter(p, f);
        }
    }
}

/// A parameter or header object: `schema`, or `content.*.schema`.
fn walk_parameter(p: &mut Value, f: &mut dyn FnMut(&mut Mapping)) {
    if let Some(s) = p.get_mut("schema") {
        walk_schema(s, f);
    }
    walk_content(p, f);
}

/// A request body or response object: `content.*.schema` and `headers.*`.
fn walk_body(b: &mut Value, f: &mut dyn FnMut(&mut Mapping)) {
    walk_content(b, f);
    if let Some(headers) = map_mut(b, "headers") {
        for h in headers.values_mut() {
            walk_parameter(h, f);
        }
    }
}

fn walk_content(v: &mut Value, f: &mut dyn FnMut(&mut Mapping)) {
    if let Some(content) = map_mut(v, "content") {
        for media in content.values_mut() {
            if let Some(s) = media.get_mut("schema") {
                walk_schema(s, f);
            }
        }
    }
}

fn walk_schema(schema: &mut Value, f: &mut dyn FnMut(&mut Mapping)) {
    let Some(m) = schema.as_mapping_mut() else {
        return;
    };
    f(m);
    if let Some(props) = m.get_mut("properties").and_then(Value::as_mapping_mut) {
        for p in props.values_mut() {
            walk_schema(p, f);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(v) = m.get_mut(key) {
            walk_schema(v, f);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = m.get_mut(key).and_then(Value::as_sequence_mut) {
            for v in list {
                walk_schema(v, f);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 1: operation allow-list

fn filter_operations(doc: &mut Value, rules: &ModuleRules, summary: &mut Summary) -> Result<()> {
    let present: BTreeSet<String> = operation_ids(doc).into_iter().collect();
    let Some(keep) = rules.keep_operations else {
        summary.operations_kept = present.len();
        return Ok(());
    };
    let missing: Vec<&str> = keep
        .iter()
        .copied()
        .filter(|id| !present.contains(*id))
        .collect();
    if !missing.is_empty() {
        bail!(
            "allow-listed operation(s) missing from the spec: {} (spec drift? update \
             xtask/src/normalize.rs)",
            missing.join(", ")
        );
    }
    let paths = map_mut(doc, "paths").context("no paths")?;
    for item in paths.values_mut() {
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        item.retain(|k, op| {
            if !k.as_str().is_some_and(|m| HTTP_METHODS.contains(&m)) {
                return true;
            }
            let id = op.get("operationId").and_then(Value::as_str).unwrap_or("");
            let kept = keep.contains(&id);
            if kept {
                summary.operations_kept += 1;
            } else {
                summary.operations_dropped += 1;
            }
            kept
        });
    }
    // Drop path items left without operations.
    paths.retain(|_, item| {
        item.as_mapping()
            .map(|m| {
                m.keys()
                    .any(|k| k.as_str().is_some_and(|k| HTTP_METHODS.contains(&k)))
            })
            .unwrap_or(false)
    });
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Rules 2 to 5: operations

fn drop_links(op: &mut Mapping, summary: &mut Summary) {
    if let Some(responses) = op.get_mut("responses").and_then(Value::as_mapping_mut) {
        for r in responses.values_mut() {
            if let Some(r) = r.as_mapping_mut() {
                if r.shift_remove("links").is_some() {
                    summary.links += 1;
                }
            }
        }
    }
}

fn is_version_header(doc_params: Option<&Mapping>, p: &Value) -> bool {
    let resolved = match ref_of(p).and_then(parse_local_ref) {
        Some(("parameters", name)) => doc_params.and_then(|m| m.get(name)),
        Some(_) => None,
        None => Some(p),
    };
    resolved.is_some_and(|p| {
        p.get("in").and_then(Value::as_str) == Some("header")
            && p.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(VERSION_HEADER))
    })
}

/// Rule 3, on operations and path items, inline or through `#/components/parameters`.
fn strip_version_header(doc: &mut Value, summary: &mut Summary) -> Result<()> {
    let component_params = doc
        .get("components")
        .and_then(|c| c.get("parameters"))
        .and_then(Value::as_mapping)
        .cloned();
    let Some(paths) = map_mut(doc, "paths") else {
        return Ok(());
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        for (key, value) in item.iter_mut() {
            let params = match key.as_str() {
                Some("parameters") => Some(value),
                Some(m) if HTTP_METHODS.contains(&m) => value.get_mut("parameters"),
                _ => None,
            };
            if let Some(list) = params.and_then(Value::as_sequence_mut) {
                let before = list.len();
                list.retain(|p| !is_version_header(component_params.as_ref(), p));
                summary.version_params += before - list.len();
            }
        }
        if item
            .get("parameters")
            .and_then(Value::as_sequence)
            .is_some_and(|l| l.is_empty())
        {
            item.shift_remove("parameters");
        }
        for m in HTTP_METHODS {
            if let Some(op) = item.get_mut(m).and_then(Value::as_mapping_mut) {
                if op
                    .get("parameters")
                    .and_then(Value::as_sequence)
                    .is_some_and(|l| l.is_empty())
                {
                    op.shift_remove("parameters");
                }
            }
        }
    }
    Ok(())
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Keep only JSON media types when there are several and at least one is JSON.
fn json_content_only(holder: &mut Value, summary: &mut Summary) {
    let Some(content) = map_mut(holder, "content") else {
        return;
    };
    if content.len() < 2 || !content.keys().any(|k| k.as_str().is_some_and(is_json)) {
        return;
    }
    let before = content.len();
    content.retain(|k, _| k.as_str().is_some_and(is_json));
    // Still several JSON flavours: keep the first.
    let mut seen_first = false;
    content.retain(|_, _| !std::mem::replace(&mut seen_first, true));
    summary.media_types += before - content.len();
}

fn normalize_responses(op: &mut Mapping, summary: &mut Summary) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_mapping_mut) else {
        return;
    };
    let has_success = responses
        .keys()
        .filter_map(key_str)
        .any(|k| k.starts_with('2'));
    let before = responses.len();
    responses.retain(|k, _| {
        let k = key_str(k).unwrap_or_default().to_ascii_uppercase();
        let error = k.starts_with('4') || k.starts_with('5');
        let default = k == "DEFAULT" && has_success;
        !(error || default)
    });
    summary.error_responses += before - responses.len();
    // Status keys as strings (YAML allows unquoted integers).
    let entries: Vec<(Value, Value)> = std::mem::take(responses).into_iter().collect();
    for (k, mut v) in entries {
        json_content_only(&mut v, summary);
        let key = key_str(&k).map(Value::String).unwrap_or(k);
        responses.insert(key, v);
    }
}

fn json_request_body_only(op: &mut Mapping, summary: &mut Summary) {
    if let Some(body) = op.get_mut("requestBody") {
        json_content_only(body, summary);
    }
}

/// Every operation must keep an id and a success response.
fn check_operations(doc: &mut Value) -> Result<()> {
    let mut errors = Vec::new();
    for_each_operation(doc, |path, method, op| {
        let id = op.get("operationId").and_then(Value::as_str);
        let Some(id) = id else {
            errors.push(format!(
                "{} {path} has no operationId",
                method.to_uppercase()
            ));
            return;
        };
        let has_success = op
            .get("responses")
            .and_then(Value::as_mapping)
            .is_some_and(|r| r.keys().filter_map(key_str).any(|k| k.starts_with('2')));
        if !has_success {
            errors.push(format!("operation {id} has no 2xx response"));
        }
    })?;
    if !errors.is_empty() {
        bail!("{}", errors.join("; "));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Rules 6 to 9: schema keywords

fn drop_keywords(schema: &mut Mapping, summary: &mut Summary) {
    if schema.get("format").and_then(Value::as_str) == Some("uuid") {
        schema.shift_remove("format");
        summary.keywords += 1;
    }
    for k in LIMIT_KEYWORDS {
        if schema.shift_remove(k).is_some() {
            summary.keywords += 1;
        }
    }
    if schema.shift_remove("default").is_some() {
        summary.keywords += 1;
    }
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        schema.shift_remove("additionalProperties");
        summary.keywords += 1;
    }
}

fn query_parameters(doc: &mut Value, summary: &mut Summary) {
    fn strip(p: &mut Value, summary: &mut Summary) {
        if p.get("in").and_then(Value::as_str) != Some("query") {
            return;
        }
        let Some(schema) = map_mut(p, "schema") else {
            return;
        };
        let mut targets: Vec<&mut Mapping> = Vec::new();
        // Arrays of scalars: strip the item schema too.
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        if is_array {
            if let Some(items) = schema.get_mut("items").and_then(Value::as_mapping_mut) {
                if items.shift_remove("format").is_some() {
                    summary.keywords += 1;
                }
                targets.push(items);
            }
        }
        for t in targets {
            for k in LIMIT_KEYWORDS {
                if t.shift_remove(k).is_some() {
                    summary.keywords += 1;
                }
            }
        }
        if schema.shift_remove("format").is_some() {
            summary.keywords += 1;
        }
    }
    if let Some(params) = components_mut(doc, "parameters") {
        for p in params.values_mut() {
            strip(p, summary);
        }
    }
    if let Some(paths) = map_mut(doc, "paths") {
        for item in paths.values_mut() {
            let Some(item) = item.as_mapping_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                let params = match key.as_str() {
                    Some("parameters") => Some(value),
                    Some(m) if HTTP_METHODS.contains(&m) => value.get_mut("parameters"),
                    _ => None,
                };
                if let Some(list) = params.and_then(Value::as_sequence_mut) {
                    for p in list {
                        strip(p, summary);
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 10: inline component schemas → `$ref`

fn component_refs(doc: &mut Value, summary: &mut Summary) -> Result<()> {
    let mut created: Vec<(String, Value)> = Vec::new();
    let mut count = 0usize;
    for_each_schema(doc, &mut |schema| {
        let Some(props) = schema.get_mut("properties").and_then(Value::as_mapping_mut) else {
            return;
        };
        let mut unrequire = Vec::new();
        for (name, prop) in props.iter_mut() {
            let Some(target) = component_target(prop, &mut created) else {
                continue;
            };
            if prop.get("nullable").and_then(Value::as_bool) == Some(true) {
                if let Some(name) = name.as_str() {
                    unrequire.push(name.to_string());
                }
            }
            let mut m = Mapping::new();
            m.insert("$ref".into(), Value::String(target));
            *prop = Value::Mapping(m);
            count += 1;
        }
        if !unrequire.is_empty() {
            if let Some(req) = schema.get_mut("required").and_then(Value::as_sequence_mut) {
                req.retain(|r| !r.as_str().is_some_and(|r| unrequire.iter().any(|u| u == r)));
                if req.is_empty() {
                    schema.shift_remove("required");
                }
            }
        }
    });
    summary.component_refs = count;
    if !created.is_empty() {
        let doc_map = doc.as_mapping_mut().context("document")?;
        let components = doc_map
            .entry("components".into())
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        let components = components
            .as_mapping_mut()
            .context("`components` is not a mapping")?;
        let schemas = components
            .entry("schemas".into())
            .or_insert_with(|| Value::Mapping(Mapping::new()))
            .as_mapping_mut()
            .context("`components.schemas` is not a mapping")?;
        for (name, schema) in created {
            if !schemas.contains_key(name.as_str()) {
                schemas.insert(Value::String(name), schema);
            }
        }
    }
    // Anything still marked with x-component-name is a shape this rule does not know.
    let mut leftovers = Vec::new();
    for_each_schema(doc, &mut |schema| {
        if let Some(n) = schema.get("x-component-name").and_then(Value::as_str) {
            if schema.get("properties").is_some() || schema.get("allOf").is_some() {
                leftovers.push(n.to_string());
            }
        }
    });
    // Components created from inline schemas carry their own marker; that one is fine.
    if let Some(schemas) = components_mut(doc, "schemas") {
        for (name, schema) in schemas.iter_mut() {
            if let Some(m) = schema.as_mapping_mut() {
                if m.get("x-component-name").and_then(Value::as_str) == name.as_str() {
                    m.shift_remove("x-component-name");
                    leftovers.retain(|l| Some(l.as_str()) != name.as_str());
                }
            }
        }
    }
    if !leftovers.is_empty() {
        bail!(
            "inline schema(s) marked x-component-name not rewritten to a $ref: {}",
            leftovers.join(", ")
        );
    }
    // Lists must share one pagination type.
    let mut bad = Vec::new();
    if let Some(schemas) = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
    {
        for (name, schema) in schemas {
            if let Some(p) = schema.get("properties").and_then(|p| p.get("pagination")) {
                if ref_of(p).is_none() {
                    bad.push(format!("{}.pagination", name.as_str().unwrap_or("?")));
                }
            }
        }
    }
    if !bad.is_empty() {
        bail!(
            "pagination propert(ies) not a $ref to a component after normalisation: {}",
            bad.join(", ")
        );
    }
    Ok(())
}

/// If `prop` is `allOf: [one]` where `one` is a `$ref` or an inline schema with
/// `x-component-name`, or is itself marked with `x-component-name`, return the `$ref` target
/// (recording inline schemas to create as components).
fn component_target(prop: &Value, created: &mut Vec<(String, Value)>) -> Option<String> {
    let inline = |s: &Value, created: &mut Vec<(String, Value)>| -> Option<String> {
        let name = s.get("x-component-name")?.as_str()?.to_string();
        if !created.iter().any(|(n, _)| *n == name) {
            let mut schema = s.as_mapping()?.clone();
            schema.shift_remove("x-component-name");
            created.push((name.clone(), Value::Mapping(schema)));
        }
        Some(format!("#/components/schemas/{name}"))
    };
    if let Some(all_of) = prop.get("allOf").and_then(Value::as_sequence) {
        if all_of.len() != 1 {
            return None;
        }
        let one = &all_of[0];
        if let Some(r) = ref_of(one) {
            return Some(r.to_string());
        }
        return inline(one, created);
    }
    if ref_of(prop).is_none() && prop.get("x-component-name").is_some() {
        return inline(prop, created);
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Rule 11: nullable request properties

fn nullable_request_properties(
    doc: &mut Value,
    rules: &ModuleRules,
    summary: &mut Summary,
) -> Result<()> {
    for (op_id, property) in rules.nullable_request_properties {
        let op = find_operation(doc, op_id)
            .ok_or_else(|| anyhow!("nullable rule: operation {op_id} not found"))?;
        let schema = op
            .get("requestBody")
            .and_then(|b| b.get("content"))
            .and_then(|c| c.get("application/json"))
            .and_then(|m| m.get("schema"))
            .ok_or_else(|| anyhow!("nullable rule: {op_id} has no JSON request body schema"))?;
        let target = match ref_of(schema) {
            Some(r) => match parse_local_ref(r) {
                Some(("schemas", name)) => Some(name.to_string()),
                _ => bail!("nullable rule: {op_id} request body $ref {r:?} is not a schema"),
            },
            None => None,
        };
        let prop: &mut Value = match &target {
            Some(name) => components_mut(doc, "schemas")
                .and_then(|s| s.get_mut(name.as_str()))
                .and_then(|s| s.get_mut("properties"))
                .and_then(|p| p.get_mut(*property)),
            None => {
                // Inline body schema: find it again mutably.
                let mut found = None;
                if let Some(paths) = map_mut(doc, "paths") {
                    let op = paths.values_mut().find_map(|item| {
                        let m = HTTP_METHODS.iter().find(|m| {
                            item.get(**m)
                                .and_then(|op| op.get("operationId"))
                                .and_then(Value::as_str)
                                == Some(*op_id)
                        })?;
                        item.get_mut(*m)
                    });
                    if let Some(op) = op {
                        found = op
                            .get_mut("requestBody")
                            .and_then(|b| b.get_mut("content"))
                            .and_then(|c| c.get_mut("application/json"))
                            .and_then(|m| m.get_mut("schema"))
                            .and_then(|s| s.get_mut("properties"))
                            .and_then(|p| p.get_mut(*property));
                    }
                }
                found
            }
        }
        .ok_or_else(|| {
            anyhow!(
                "nullable rule: request body of {op_id} ({}) has no property {property:?}",
                target.as_deref().unwrap_or("inline")
            )
        })?;
        let m = prop
            .as_mapping_mut()
            .ok_or_else(|| anyhow!("nullable rule: {op_id}.{property} is not a schema"))?;
        if ref_of(&Value::Mapping(m.clone())).is_some() {
            bail!("nullable rule: {op_id}.{property} is a $ref; wrap it in allOf first");
        }
        m.insert("nullable".into(), Value::Bool(true));
        summary.nullable += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Rule 12: free-form properties

fn free_form(doc: &mut Value, rules: &ModuleRules, summary: &mut Summary) -> Result<()> {
    for ff in rules.free_form {
        let snapshot = doc.clone();
        let schema = components_mut(doc, "schemas")
            .and_then(|s| s.get_mut(ff.schema))
            .ok_or_else(|| anyhow!("free-form rule: component schema {} not found", ff.schema))?;
        let Some(prop) = schema
            .get_mut("properties")
            .and_then(|p| p.get_mut(ff.property))
        else {
            if ff.required {
                bail!(
                    "free-form rule: {}.{} not found (spec drift? update xtask/src/normalize.rs)",
                    ff.schema,
                    ff.property
                );
            }
            continue;
        };
        let resolved = resolve(&snapshot, prop)
            .with_context(|| format!("free-form rule: {}.{}", ff.schema, ff.property))?;
        let description = prop
            .get("description")
            .or_else(|| resolved.get("description"))
            .cloned();
        let nullable = [prop.get("nullable"), resolved.get("nullable")]
            .into_iter()
            .flatten()
            .any(|n| n.as_bool() == Some(true));
        let mut m = Mapping::new();
        if let Some(d) = description {
            m.insert("description".into(), d);
        }
        m.insert("type".into(), "object".into());
        if nullable {
            m.insert("nullable".into(), Value::Bool(true));
        }
        *prop = Value::Mapping(m);
        summary.free_form += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Rule 16: credentials

fn secret_properties(doc: &mut Value, rules: &ModuleRules, summary: &mut Summary) -> Result<()> {
    for (schema, property) in rules.secret_properties {
        let prop = components_mut(doc, "schemas")
            .and_then(|s| s.get_mut(*schema))
            .and_then(|s| s.get_mut("properties"))
            .and_then(|p| p.get_mut(*property))
            .and_then(Value::as_mapping_mut)
            .ok_or_else(|| {
                anyhow!(
                    "secret rule: {schema}.{property} not found (spec drift? update \
                     xtask/src/normalize.rs)"
                )
            })?;
        if prop.get("type").and_then(Value::as_str) != Some("string") {
            bail!("secret rule: {schema}.{property} is not an inline `type: string`");
        }
        prop.insert("format".into(), SECRET_FORMAT.into());
        summary.secrets += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Rule 14: path order

fn sort_paths(doc: &mut Value) {
    if let Some(paths) = map_mut(doc, "paths") {
        let mut entries: Vec<(Value, Value)> = std::mem::take(paths).into_iter().collect();
        entries.sort_by_key(|(k, _)| key_str(k).unwrap_or_default());
        paths.extend(entries);
    }
}

// ---------------------------------------------------------------------------------------------
// Rule 13: pruning

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                if k.as_str() == Some("$ref") {
                    if let Some(r) = v.as_str() {
                        out.push(r.to_string());
                    }
                } else {
                    collect_refs(v, out);
                }
            }
        }
        Value::Sequence(s) => s.iter().for_each(|v| collect_refs(v, out)),
        Value::Tagged(t) => collect_refs(&t.value, out),
        _ => {}
    }
}

fn prune(doc: &mut Value, summary: &mut Summary) -> Result<()> {
    let mut queue = Vec::new();
    if let Some(paths) = doc.get("paths") {
        collect_refs(paths, &mut queue);
    }
    for root in EXTRA_ROOTS {
        queue.push(format!("#/components/schemas/{root}"));
    }
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(r) = queue.pop() {
        if !seen.insert(r.clone()) {
            continue;
        }
        let Some((kind, name)) = parse_local_ref(&r) else {
            bail!("unsupported $ref {r:?} (only #/components/... refs are supported)");
        };
        match doc
            .get("components")
            .and_then(|c| c.get(kind))
            .and_then(|k| k.get(name))
        {
            Some(target) => collect_refs(target, &mut queue),
            None if EXTRA_ROOTS.iter().any(|e| r.ends_with(e)) => {}
            None => bail!("dangling $ref {r:?}"),
        }
    }
    if let Some(schemas) = components_mut(doc, "schemas") {
        let before = schemas.len();
        schemas.retain(|name, _| {
            name.as_str()
                .is_some_and(|n| seen.contains(&format!("#/components/schemas/{n}")))
        });
        summary.schemas_kept = schemas.len();
        summary.schemas_pruned = before - schemas.len();
    }
    // Other referencable components (e.g. the version header parameter once stripped).
    for kind in [
        "parameters",
        "requestBodies",
        "responses",
        "headers",
        "examples",
        "links",
        "callbacks",
    ] {
        if let Some(items) = components_mut(doc, kind) {
            items.retain(|name, _| {
                name.as_str()
                    .is_some_and(|n| seen.contains(&format!("#/components/{kind}/{n}")))
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(file: &str) -> Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../openapi")
            .join(file);
        serde_yaml::from_slice(&std::fs::read(&path).unwrap()).unwrap()
    }

    fn yaml(s: &str) -> Value {
        serde_yaml::from_str(s).unwrap()
    }

    fn text(v: &Value) -> String {
        serde_yaml::to_string(v).unwrap()
    }

    const MINI: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    parameters:
      - {in: header, name: x-pinecone-api-version, required: true, schema: {type: string}}
    get:
      operationId: get_thing
      parameters:
        - $ref: '#/components/parameters/Version'
        - {in: path, name: id, required: true, schema: {type: string, format: uuid}}
        - {in: query, name: email, schema: {type: string, format: email, maxLength: 5}}
        - {in: query, name: limit, schema: {type: integer, format: int32, minimum: 1, maximum: 100}}
      responses:
        200:
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Thing'}}
            text/plain: {schema: {type: string}}
          links: {self: {operationId: get_thing}}
        4XX: {description: err, content: {application/json: {schema: {$ref: '#/components/schemas/ErrorResponse'}}}}
        '503': {description: down, content: {text/html: {schema: {type: string}}}}
        default: {description: other}
    post:
      operationId: make_thing
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Thing'}}
          application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/Thing'}}
      responses:
        '201': {description: ok}
components:
  parameters:
    Version: {in: header, name: X-Pinecone-Api-Version, required: true, schema: {type: string}}
  schemas:
    Thing:
      type: object
      additionalProperties: false
      required: [id, page]
      properties:
        id: {type: string, format: uuid, minLength: 36, maxLength: 36}
        name: {type: string, pattern: '^[a-z]+$'}
        when: {type: string, format: date-time}
        page:
          nullable: true
          allOf:
            - x-component-name: PaginationResponse
              type: object
              properties: {next: {type: string}}
        other: {allOf: [{$ref: '#/components/schemas/Other'}]}
    Other: {type: object, properties: {tags: {type: array, minItems: 1, maxItems: 3, items: {type: string}}}}
    Unused: {type: object}
    ErrorResponse: {type: object, properties: {code: {type: string}}}
"##;

    #[test]
    fn generic_rules_on_a_small_spec() {
        let mut doc = yaml(MINI);
        let s = normalize("things", &mut doc).unwrap();
        let out = text(&doc);
        assert!(
            !out.to_lowercase().contains("x-pinecone-api-version"),
            "{out}"
        );
        assert_eq!(s.version_params, 2);
        let op = &doc["paths"]["/things/{id}"]["get"];
        let responses = op["responses"].as_mapping().unwrap();
        assert_eq!(
            responses
                .keys()
                .map(|k| k.as_str().unwrap())
                .collect::<Vec<_>>(),
            ["200"],
            "errors and default dropped, key stringified"
        );
        let content = op["responses"]["200"]["content"].as_mapping().unwrap();
        assert_eq!(content.len(), 1);
        assert!(content.contains_key("application/json"));
        assert!(op["responses"]["200"].get("links").is_none());
        let body = doc["paths"]["/things/{id}"]["post"]["requestBody"]["content"]
            .as_mapping()
            .unwrap();
        assert_eq!(body.len(), 1, "JSON request body only");
        // Query params: no format, no limits; path uuid dropped.
        let params = op["parameters"].as_sequence().unwrap();
        for p in params {
            let schema = p["schema"].as_mapping().unwrap();
            for k in ["format", "minimum", "maximum", "maxLength"] {
                assert!(!schema.contains_key(k), "{k} left on {p:?}");
            }
        }
        let thing = &doc["components"]["schemas"]["Thing"];
        assert!(thing.get("additionalProperties").is_none());
        assert!(thing["properties"]["id"].get("format").is_none());
        assert!(thing["properties"]["id"].get("minLength").is_none());
        assert!(thing["properties"]["name"].get("pattern").is_none());
        assert_eq!(thing["properties"]["when"]["format"], "date-time");
        assert_eq!(
            thing["properties"]["page"]["$ref"],
            "#/components/schemas/PaginationResponse"
        );
        assert_eq!(
            thing["properties"]["other"]["$ref"],
            "#/components/schemas/Other"
        );
        let required: Vec<_> = thing["required"].as_sequence().unwrap().iter().collect();
        assert_eq!(
            required,
            [&Value::from("id")],
            "nullable page no longer required"
        );
        let schemas = doc["components"]["schemas"].as_mapping().unwrap();
        assert!(schemas.contains_key("PaginationResponse"));
        assert!(schemas["PaginationResponse"]
            .get("x-component-name")
            .is_none());
        assert!(!schemas.contains_key("Unused"), "pruned");
        assert!(schemas.contains_key("ErrorResponse"), "kept as a root");
        assert!(schemas["Other"]["properties"]["tags"]
            .get("minItems")
            .is_none());
        // Paths-only ops have a 2xx.
        assert_eq!(s.operations_kept, 2);
    }

    #[test]
    fn paths_are_sorted() {
        let mut doc = yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /b: {get: {operationId: b, responses: {'200': {description: ok}}}}
  /a: {get: {operationId: a, responses: {'200': {description: ok}}}}
"#,
        );
        normalize("x", &mut doc).unwrap();
        let keys: Vec<_> = doc["paths"]
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        assert_eq!(keys, ["/a", "/b"]);
    }

    #[test]
    fn an_operation_without_success_response_fails() {
        let mut doc = yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a: {get: {operationId: only_errors, responses: {'404': {description: no}}}}
"#,
        );
        let err = normalize("x", &mut doc).unwrap_err().to_string();
        assert!(err.contains("only_errors"), "{err}");
    }

    #[test]
    fn our_specs_normalise_as_designed() {
        let mut admin = spec("admin_2026-07.oas.yaml");
        let s = normalize("admin", &mut admin).unwrap();
        assert_eq!(s.operations_kept, 32);
        assert_eq!(s.nullable, 2);
        assert_eq!(s.secrets, 2);
        let t = text(&admin);
        for needle in [
            "format: uuid",
            "minLength",
            "maxLength",
            "'4XX'",
            "4XX:",
            "x-component-name",
        ] {
            assert!(!t.contains(needle), "admin still contains {needle}");
        }
        for request in ["CreateAPIKeyRequest", "UpdateAPIKeyRequest"] {
            assert_eq!(
                admin["components"]["schemas"][request]["properties"]["roles"]["nullable"], true,
                "{request}"
            );
        }

        let mut db = spec("db_control_2026-07.oas.yaml");
        let s = normalize("db_control", &mut db).unwrap();
        let mut ids = operation_ids(&db);
        ids.sort();
        let mut want: Vec<String> = DB_CONTROL_OPERATIONS
            .iter()
            .map(|s| s.to_string())
            .collect();
        want.sort();
        assert_eq!(ids, want);
        assert!(s.free_form >= 4);
        assert_eq!(
            db["components"]["schemas"]["IndexModel"]["properties"]["deployment"]["type"],
            "object"
        );
        assert!(!text(&db).contains("additionalProperties: false"));

        let mut assistant = spec("assistant_control_2026-07.oas.yaml");
        normalize("assistant_control", &mut assistant).unwrap();
        let mut ids = operation_ids(&assistant);
        ids.sort();
        assert_eq!(
            ids,
            [
                "create_assistant",
                "delete_assistant",
                "get_assistant",
                "list_assistants"
            ]
        );

        let mut oauth = spec("oauth_2026-07.oas.yaml");
        let s = normalize("oauth", &mut oauth).unwrap();
        assert_eq!(s.secrets, 2);
        let content = oauth["paths"]["/oauth/token"]["post"]["requestBody"]["content"]
            .as_mapping()
            .unwrap();
        assert_eq!(content.len(), 1);
    }

    fn remove_operation(doc: &mut Value, op_id: &str) {
        let paths = doc["paths"].as_mapping_mut().unwrap();
        for item in paths.values_mut() {
            item.as_mapping_mut()
                .unwrap()
                .retain(|_, op| op.get("operationId").and_then(Value::as_str) != Some(op_id));
        }
    }

    #[test]
    fn spec_drift_fails_loudly_naming_the_target() {
        let mut db = spec("db_control_2026-07.oas.yaml");
        remove_operation(&mut db, "delete_collection");
        let err = format!("{:#}", normalize("db_control", &mut db).unwrap_err());
        assert!(err.contains("delete_collection"), "{err}");

        let mut db = spec("db_control_2026-07.oas.yaml");
        db["components"]["schemas"]["IndexModel"]["properties"]
            .as_mapping_mut()
            .unwrap()
            .shift_remove("deployment");
        let err = format!("{:#}", normalize("db_control", &mut db).unwrap_err());
        assert!(err.contains("IndexModel.deployment"), "{err}");

        let mut admin = spec("admin_2026-07.oas.yaml");
        admin["components"]["schemas"]["UpdateAPIKeyRequest"]["properties"]
            .as_mapping_mut()
            .unwrap()
            .shift_remove("roles");
        let err = format!("{:#}", normalize("admin", &mut admin).unwrap_err());
        assert!(
            err.contains("update_api_key") && err.contains("roles"),
            "{err}"
        );

        let mut admin = spec("admin_2026-07.oas.yaml");
        remove_operation(&mut admin, "update_api_key");
        let err = format!("{:#}", normalize("admin", &mut admin).unwrap_err());
        assert!(err.contains("update_api_key"), "{err}");

        let mut oauth = spec("oauth_2026-07.oas.yaml");
        oauth["components"]["schemas"]["TokenResponse"]["properties"]
            .as_mapping_mut()
            .unwrap()
            .shift_remove("access_token");
        let err = format!("{:#}", normalize("oauth", &mut oauth).unwrap_err());
        assert!(err.contains("TokenResponse.access_token"), "{err}");
    }
}
