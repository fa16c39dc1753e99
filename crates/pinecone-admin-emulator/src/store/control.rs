//! Control-plane state of a project: indexes, collections, backups and assistants.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::page::{Page, Paged};
use super::{new_id, random_lower, Store};
use crate::error::ApiError;

#[derive(Clone, Debug, Default)]
pub(crate) struct Resources {
    pub indexes: BTreeMap<String, Index>,
    pub collections: BTreeMap<String, Collection>,
    /// By backup id.
    pub backups: BTreeMap<String, Backup>,
    pub assistants: BTreeMap<String, Assistant>,
    /// Every index name ever used in the project (for `include_deleted`).
    pub index_names_used: std::collections::BTreeSet<String>,
}

impl Resources {
    /// Forgets indexes and assistants whose `Terminating` period is over.
    pub(crate) fn purge(&mut self, now: Instant) {
        self.indexes
            .retain(|_, i| i.terminating_until.is_none_or(|t| t > now));
        self.assistants
            .retain(|_, a| a.terminating_until.is_none_or(|t| t > now));
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Index {
    pub id: String,
    pub name: String,
    pub host: String,
    pub deployment: Value,
    pub schema: Value,
    pub tags: Option<Map<String, Value>>,
    pub deletion_protection: bool,
    pub read_capacity: Option<Value>,
    pub cmek_id: Option<String>,
    pub terminating_until: Option<Instant>,
}

impl Index {
    pub(crate) fn to_json(&self) -> Value {
        let (ready, state) = if self.terminating_until.is_some() {
            (false, "Terminating")
        } else {
            (true, "Ready")
        };
        let mut m = Map::new();
        m.insert("name".into(), json!(self.name));
        m.insert("host".into(), json!(self.host));
        m.insert("status".into(), json!({"ready": ready, "state": state}));
        m.insert("deployment".into(), self.deployment.clone());
        if let Some(rc) = &self.read_capacity {
            m.insert("read_capacity".into(), rc.clone());
        }
        if let Some(c) = &self.cmek_id {
            m.insert("cmek_id".into(), json!(c));
        }
        m.insert("schema".into(), self.schema.clone());
        m.insert(
            "tags".into(),
            self.tags.clone().map(Value::Object).unwrap_or(Value::Null),
        );
        m.insert(
            "deletion_protection".into(),
            json!(if self.deletion_protection {
                "enabled"
            } else {
                "disabled"
            }),
        );
        Value::Object(m)
    }

    fn cloud_region(&self) -> (String, String) {
        let cloud = self.deployment["cloud"]
            .as_str()
            .unwrap_or("aws")
            .to_owned();
        let region = self.deployment["region"]
            .as_str()
            .unwrap_or("us-east-1")
            .to_owned();
        (cloud, region)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Collection {
    pub name: String,
    pub dimension: i64,
}

impl Collection {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "status": "Ready",
            "environment": "us-east1-gcp",
            "size": 0,
            "dimension": self.dimension,
            "vector_count": 0,
        })
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Backup {
    pub seq: u64,
    pub json: Map<String, Value>,
}

#[derive(Clone, Debug)]
pub(crate) struct Assistant {
    pub seq: u64,
    pub name: String,
    pub instructions: Option<String>,
    pub metadata: Option<Value>,
    pub region: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub terminating_until: Option<Instant>,
}

impl Assistant {
    pub(crate) fn to_json(&self) -> Value {
        let status = if self.terminating_until.is_some() {
            "Terminating"
        } else {
            "Ready"
        };
        json!({
            "name": self.name,
            "instructions": self.instructions,
            "metadata": self.metadata,
            "status": status,
            "host": format!("https://prod-1-data.ke.pinecone.io/assistant/{}", self.name),
            "region": self.region,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}

/// Resource names of indexes and backups: 1-`max` characters, lower-case alphanumerics or
/// `-`, starting and ending with an alphanumeric.
pub(crate) fn valid_resource_name(name: &str, max: usize) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= max
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn obj<'a>(v: &'a Value, what: &str) -> Result<&'a Map<String, Value>, ApiError> {
    v.as_object()
        .ok_or_else(|| ApiError::invalid(format!("{what} must be an object")))
}

fn only_keys(m: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<(), ApiError> {
    match m.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(ApiError::invalid(format!("Unknown field `{k}` in {what}"))),
        None => Ok(()),
    }
}

fn opt_str<'a>(
    m: &'a Map<String, Value>,
    key: &str,
    what: &str,
) -> Result<Option<&'a str>, ApiError> {
    match m.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::invalid(format!("{what}.{key} must be a string"))),
    }
}

fn opt_bool(m: &Map<String, Value>, key: &str, what: &str) -> Result<Option<bool>, ApiError> {
    match m.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::invalid(format!("{what}.{key} must be a boolean"))),
    }
}

fn opt_int(m: &Map<String, Value>, key: &str, what: &str) -> Result<Option<i64>, ApiError> {
    match m.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| ApiError::invalid(format!("{what}.{key} must be an integer"))),
    }
}

fn description(m: &Map<String, Value>, what: &str) -> Result<Value, ApiError> {
    match opt_str(m, "description", what)? {
        Some(d) if d.len() > 256 => Err(ApiError::invalid(format!(
            "{what}.description must be at most 256 bytes"
        ))),
        Some(d) => Ok(json!(d)),
        None => Ok(Value::Null),
    }
}

fn deletion_protection(v: &Value) -> Result<bool, ApiError> {
    match v.as_str() {
        Some("enabled") => Ok(true),
        Some("disabled") => Ok(false),
        _ => Err(ApiError::invalid(
            "deletion_protection must be `enabled` or `disabled`",
        )),
    }
}

fn tags(v: &Value) -> Result<Option<Map<String, Value>>, ApiError> {
    match v {
        Value::Null => Ok(None),
        Value::Object(m) => {
            if m.values().all(Value::is_string) {
                Ok(Some(m.clone()))
            } else {
                Err(ApiError::invalid("tags values must be strings"))
            }
        }
        _ => Err(ApiError::invalid("tags must be an object")),
    }
}

/// Validates a create-time schema and returns it in its described form.
fn create_schema(v: &Value) -> Result<(Value, bool), ApiError> {
    let m = obj(v, "schema")?;
    only_keys(m, &["fields"], "schema")?;
    let fields = m
        .get("fields")
        .ok_or_else(|| ApiError::invalid("schema.fields is required"))?;
    let fields = obj(fields, "schema.fields")?;
    if fields.is_empty() {
        return Err(ApiError::invalid(
            "schema.fields must declare at least one field",
        ));
    }
    let (mut dense, mut sparse, mut fts) = (0, 0, false);
    let mut out = Map::new();
    for (name, f) in fields {
        let what = format!("schema.fields.{name}");
        let f = obj(f, &what)?;
        let ty = opt_str(f, "type", &what)?
            .ok_or_else(|| ApiError::invalid(format!("{what}.type is required")))?;
        let desc = description(f, &what)?;
        let field = match ty {
            "dense_vector" => {
                only_keys(f, &["type", "description", "dimension", "metric"], &what)?;
                dense += 1;
                let dim = opt_int(f, "dimension", &what)?
                    .ok_or_else(|| ApiError::invalid(format!("{what}.dimension is required")))?;
                if !(1..=20_000).contains(&dim) {
                    return Err(ApiError::invalid(format!(
                        "{what}.dimension must be between 1 and 20000"
                    )));
                }
                let metric = opt_str(f, "metric", &what)?
                    .ok_or_else(|| ApiError::invalid(format!("{what}.metric is required")))?;
                if !["cosine", "dotproduct", "euclidean"].contains(&metric) {
                    return Err(ApiError::invalid(format!(
                        "{what}.metric must be cosine, dotproduct or euclidean"
                    )));
                }
                json!({"type": "dense_vector", "description": desc, "dimension": dim, "metric": metric})
            }
            "sparse_vector" => {
                only_keys(f, &["type", "description"], &what)?;
                sparse += 1;
                json!({"type": "sparse_vector", "description": desc})
            }
            "string" => {
                only_keys(f, &["type", "description", "full_text_search"], &what)?;
                let fw = format!("{what}.full_text_search");
                let fm = obj(
                    f.get("full_text_search").ok_or_else(|| {
                        ApiError::invalid(format!(
                            "{what}: a string field needs full_text_search; metadata fields are not declared in the schema"
                        ))
                    })?,
                    &fw,
                )?;
                only_keys(fm, &["language", "stemming", "stop_words", "ngram"], &fw)?;
                let language = opt_str(fm, "language", &fw)?.unwrap_or("en");
                let stemming = opt_bool(fm, "stemming", &fw)?.unwrap_or(false);
                let stop_words = opt_bool(fm, "stop_words", &fw)?.unwrap_or(false);
                if stop_words && !stemming {
                    return Err(ApiError::invalid(format!("{fw}: stop_words requires stemming")));
                }
                let mut fts_out = json!({"language": language, "stemming": stemming, "stop_words": stop_words});
                if let Some(ng) = fm.get("ngram") {
                    let nw = format!("{fw}.ngram");
                    let nm = obj(ng, &nw)?;
                    only_keys(nm, &["min_gram", "max_gram", "prefix_only"], &nw)?;
                    if stemming || stop_words {
                        return Err(ApiError::invalid(format!(
                            "{fw}: ngram cannot be combined with stemming or stop_words"
                        )));
                    }
                    let min = opt_int(nm, "min_gram", &nw)?
                        .ok_or_else(|| ApiError::invalid(format!("{nw}.min_gram is required")))?;
                    let max = opt_int(nm, "max_gram", &nw)?
                        .ok_or_else(|| ApiError::invalid(format!("{nw}.max_gram is required")))?;
                    if !(1..=10).contains(&min) || !(1..=10).contains(&max) || min > max {
                        return Err(ApiError::invalid(format!(
                            "{nw}: need 1 <= min_gram <= max_gram <= 10"
                        )));
                    }
                    let prefix_only = opt_bool(nm, "prefix_only", &nw)?.unwrap_or(false);
                    fts_out["ngram"] =
                        json!({"min_gram": min, "max_gram": max, "prefix_only": prefix_only});
                }
                fts = true;
                json!({"type": "string", "description": desc, "full_text_search": fts_out})
            }
            other => {
                return Err(ApiError::invalid(format!(
                    "{what}.type `{other}` cannot be declared when creating an index; expected dense_vector, sparse_vector or string with full_text_search"
                )))
            }
        };
        out.insert(name.clone(), field);
    }
    if dense > 1 || sparse > 1 {
        return Err(ApiError::invalid(
            "schema may declare at most one dense_vector and one sparse_vector field",
        ));
    }
    Ok((json!({ "fields": out }), fts))
}

fn create_deployment(v: Option<&Value>) -> Result<Value, ApiError> {
    let Some(v) = v else {
        return Ok(managed("aws", "us-east-1"));
    };
    let m = obj(v, "deployment")?;
    match opt_str(m, "deployment_type", "deployment")? {
        Some("managed") => {
            only_keys(
                m,
                &["deployment_type", "cloud", "region", "environment"],
                "deployment",
            )?;
            let cloud = opt_str(m, "cloud", "deployment")?
                .ok_or_else(|| ApiError::invalid("deployment.cloud is required"))?;
            if !["aws", "gcp", "azure"].contains(&cloud) {
                return Err(ApiError::invalid(
                    "deployment.cloud must be aws, gcp or azure",
                ));
            }
            let region = opt_str(m, "region", "deployment")?
                .ok_or_else(|| ApiError::invalid("deployment.region is required"))?;
            if region.is_empty() {
                return Err(ApiError::invalid("deployment.region must not be empty"));
            }
            Ok(managed(cloud, region))
        }
        Some("byoc") => {
            only_keys(m, &["deployment_type", "environment"], "deployment")?;
            let env = opt_str(m, "environment", "deployment")?
                .ok_or_else(|| ApiError::invalid("deployment.environment is required"))?;
            Ok(json!({"deployment_type": "byoc", "environment": env}))
        }
        Some("pod") => Err(ApiError::invalid(
            "Pod-based indexes cannot be created with API version 2026-07.",
        )),
        _ => Err(ApiError::invalid(
            "deployment.deployment_type must be `managed` or `byoc`",
        )),
    }
}

fn managed(cloud: &str, region: &str) -> Value {
    json!({
        "deployment_type": "managed",
        "cloud": cloud,
        "region": region,
        "environment": format!("{region}-{cloud}"),
    })
}

fn read_capacity(v: &Value, current: Option<&Value>, byoc: bool) -> Result<Value, ApiError> {
    let m = obj(v, "read_capacity")?;
    match opt_str(m, "mode", "read_capacity")? {
        Some("OnDemand") => {
            if byoc {
                return Err(ApiError::invalid(
                    "BYOC indexes do not support OnDemand read capacity",
                ));
            }
            Ok(
                json!({"mode": "OnDemand", "status": {"state": "Ready", "current_replicas": null, "current_shards": null}}),
            )
        }
        Some("Dedicated") => {
            let d = obj(
                m.get("dedicated")
                    .ok_or_else(|| ApiError::invalid("read_capacity.dedicated is required"))?,
                "read_capacity.dedicated",
            )?;
            let cur = current.and_then(|c| c.get("dedicated"));
            let node_type = opt_str(d, "node_type", "read_capacity.dedicated")?
                .map(str::to_owned)
                .or_else(|| cur.and_then(|c| c["node_type"].as_str().map(str::to_owned)))
                .ok_or_else(|| {
                    ApiError::invalid("read_capacity.dedicated.node_type is required")
                })?;
            let scaling = opt_str(d, "scaling", "read_capacity.dedicated")?
                .map(str::to_owned)
                .or_else(|| cur.and_then(|c| c["scaling"].as_str().map(str::to_owned)))
                .ok_or_else(|| ApiError::invalid("read_capacity.dedicated.scaling is required"))?;
            let manual = match d.get("manual") {
                Some(mv) => {
                    let mm = obj(mv, "read_capacity.dedicated.manual")?;
                    let cur_m = cur.map(|c| &c["manual"]);
                    let replicas = opt_int(mm, "replicas", "manual")?
                        .or_else(|| cur_m.and_then(|c| c["replicas"].as_i64()))
                        .ok_or_else(|| ApiError::invalid("manual.replicas is required"))?;
                    let shards = opt_int(mm, "shards", "manual")?
                        .or_else(|| cur_m.and_then(|c| c["shards"].as_i64()))
                        .ok_or_else(|| ApiError::invalid("manual.shards is required"))?;
                    if replicas < 0 || shards < 1 {
                        return Err(ApiError::invalid(
                            "manual needs replicas >= 0 and shards >= 1",
                        ));
                    }
                    json!({"replicas": replicas, "shards": shards})
                }
                None => cur.map(|c| c["manual"].clone()).ok_or_else(|| {
                    ApiError::invalid("read_capacity.dedicated.manual is required")
                })?,
            };
            let (r, s) = (manual["replicas"].clone(), manual["shards"].clone());
            Ok(json!({
                "mode": "Dedicated",
                "dedicated": {"node_type": node_type, "scaling": scaling, "manual": manual},
                "status": {"state": "Ready", "current_replicas": r, "current_shards": s},
            }))
        }
        _ => Err(ApiError::invalid(
            "read_capacity.mode must be OnDemand or Dedicated",
        )),
    }
}

fn index_not_found(name: &str) -> ApiError {
    ApiError::not_found(format!("Index {name} not found."))
}

impl Store {
    fn res_mut(&mut self, project_id: &str) -> Result<&mut Resources, ApiError> {
        let p = self.project_mut(project_id)?;
        p.res.purge(Instant::now());
        Ok(&mut p.res)
    }

    // ----- indexes ----------------------------------------------------------------------

    pub(crate) fn list_indexes(&mut self, project_id: &str) -> Result<Vec<Value>, ApiError> {
        Ok(self
            .res_mut(project_id)?
            .indexes
            .values()
            .map(Index::to_json)
            .collect())
    }

    pub(crate) fn describe_index(
        &mut self,
        project_id: &str,
        name: &str,
    ) -> Result<Value, ApiError> {
        self.res_mut(project_id)?
            .indexes
            .get(name)
            .map(Index::to_json)
            .ok_or_else(|| index_not_found(name))
    }

    pub(crate) fn create_index(
        &mut self,
        project_id: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let m = obj(body, "request body")?;
        only_keys(
            m,
            &[
                "name",
                "deployment",
                "schema",
                "cmek_id",
                "read_capacity",
                "tags",
                "deletion_protection",
            ],
            "request body",
        )?;
        let name = match opt_str(m, "name", "request")? {
            Some(n) => {
                if !valid_resource_name(n, 45) {
                    return Err(ApiError::invalid(
                        "Index name must be 1-45 characters long, start and end with an alphanumeric character, and consist only of lower case alphanumeric characters or '-'.",
                    ));
                }
                n.to_owned()
            }
            None => format!("index-{}", random_lower(8)),
        };
        let deployment = create_deployment(m.get("deployment"))?;
        let byoc = deployment["deployment_type"] == "byoc";
        let (schema, fts) = create_schema(
            m.get("schema")
                .ok_or_else(|| ApiError::invalid("schema is required"))?,
        )?;
        let cmek_id = opt_str(m, "cmek_id", "request")?.map(str::to_owned);
        if cmek_id.is_some() && fts {
            return Err(ApiError::invalid(
                "Encrypted indexes cannot have full_text_search fields.",
            ));
        }
        let read_capacity = match m.get("read_capacity") {
            Some(v) => Some(read_capacity(v, None, byoc)?),
            None if byoc => {
                return Err(ApiError::invalid(
                    "BYOC indexes need read_capacity with mode Dedicated",
                ))
            }
            None => Some(
                json!({"mode": "OnDemand", "status": {"state": "Ready", "current_replicas": null, "current_shards": null}}),
            ),
        };
        let tags = match m.get("tags") {
            Some(v) => tags(v)?,
            None => None,
        };
        let protected = match m.get("deletion_protection") {
            Some(v) => deletion_protection(v)?,
            None => false,
        };
        let force_cmek = self.project(project_id)?.force_encryption_with_cmek;
        if force_cmek && fts {
            return Err(ApiError::failed_precondition(
                "The project enforces CMEK encryption; full_text_search fields are not allowed.",
            ));
        }
        let res = self.res_mut(project_id)?;
        if res.indexes.contains_key(&name) {
            return Err(ApiError::already_exists(format!(
                "Resource {name} already exists."
            )));
        }
        let env = deployment["environment"]
            .as_str()
            .unwrap_or("byoc")
            .to_owned();
        let index = Index {
            id: new_id(),
            host: format!("{name}-{}.svc.{env}.pinecone.io", random_lower(7)),
            name: name.clone(),
            deployment,
            schema,
            tags,
            deletion_protection: protected,
            read_capacity,
            cmek_id,
            terminating_until: None,
        };
        let out = index.to_json();
        res.index_names_used.insert(name.clone());
        res.indexes.insert(name, index);
        Ok(out)
    }

    pub(crate) fn seed_index(
        &mut self,
        project_id: &str,
        name: &str,
        protected: bool,
    ) -> Result<(), ApiError> {
        let mut body = json!({
            "name": name,
            "schema": {"fields": {"_values": {"type": "dense_vector", "dimension": 8, "metric": "cosine"}}},
        });
        if protected {
            body["deletion_protection"] = json!("enabled");
        }
        self.create_index(project_id, &body).map(|_| ())
    }

    pub(crate) fn configure_index(
        &mut self,
        project_id: &str,
        name: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let m = obj(body, "request body")?;
        only_keys(
            m,
            &[
                "deployment",
                "schema",
                "read_capacity",
                "tags",
                "deletion_protection",
            ],
            "request body",
        )?;
        let res = self.res_mut(project_id)?;
        let index = res
            .indexes
            .get_mut(name)
            .ok_or_else(|| index_not_found(name))?;
        if index.terminating_until.is_some() {
            return Err(ApiError::invalid(format!("Index {name} is being deleted.")));
        }
        if m.contains_key("deployment") {
            return Err(ApiError::invalid(
                "deployment can only be configured for pod-based indexes",
            ));
        }
        if let Some(s) = m.get("schema") {
            let sm = obj(s, "schema")?;
            let fields = sm
                .get("fields")
                .and_then(Value::as_object)
                .ok_or_else(|| ApiError::invalid("schema.fields is required"))?;
            let field = fields.keys().next().cloned().unwrap_or_default();
            return Err(ApiError::invalid(format!(
                "schema.fields.{field}: only semantic_text fields can be updated, and this index has none"
            )));
        }
        let byoc = index.deployment["deployment_type"] == "byoc";
        let new_rc = match m.get("read_capacity") {
            Some(v) => Some(read_capacity(v, index.read_capacity.as_ref(), byoc)?),
            None => None,
        };
        let new_tags = match m.get("tags") {
            Some(v) => tags(v)?,
            None => None,
        };
        let new_dp = m
            .get("deletion_protection")
            .map(deletion_protection)
            .transpose()?;
        if let Some(rc) = new_rc {
            index.read_capacity = Some(rc);
        }
        if let Some(t) = new_tags {
            let cur = index.tags.get_or_insert_with(Map::new);
            for (k, v) in t {
                if v.as_str() == Some("") {
                    cur.remove(&k);
                } else {
                    cur.insert(k, v);
                }
            }
        }
        if let Some(dp) = new_dp {
            index.deletion_protection = dp;
        }
        Ok(index.to_json())
    }

    pub(crate) fn delete_index(&mut self, project_id: &str, name: &str) -> Result<(), ApiError> {
        let terminating_for = self.settings.terminating_for;
        let res = self.res_mut(project_id)?;
        let index = res
            .indexes
            .get_mut(name)
            .ok_or_else(|| index_not_found(name))?;
        if index.deletion_protection {
            return Err(ApiError::forbidden(
                "Deletion protection is enabled for this index. Disable deletion protection before retrying.",
            ));
        }
        if index.terminating_until.is_some() {
            return Ok(());
        }
        let deleted_at = json!(Utc::now());
        let id = index.id.clone();
        if terminating_for.is_zero() {
            res.indexes.remove(name);
        } else {
            index.terminating_until = Some(Instant::now() + terminating_for);
        }
        for b in res.backups.values_mut() {
            if b.json.get("source_index_id").and_then(Value::as_str) == Some(id.as_str()) {
                b.json
                    .insert("source_index_deleted_at".into(), deleted_at.clone());
            }
        }
        Ok(())
    }

    // ----- collections ------------------------------------------------------------------

    pub(crate) fn list_collections(&mut self, project_id: &str) -> Result<Vec<Value>, ApiError> {
        Ok(self
            .res_mut(project_id)?
            .collections
            .values()
            .map(Collection::to_json)
            .collect())
    }

    pub(crate) fn describe_collection(
        &mut self,
        project_id: &str,
        name: &str,
    ) -> Result<Value, ApiError> {
        self.res_mut(project_id)?
            .collections
            .get(name)
            .map(Collection::to_json)
            .ok_or_else(|| ApiError::not_found(format!("Collection {name} not found.")))
    }

    pub(crate) fn delete_collection(
        &mut self,
        project_id: &str,
        name: &str,
    ) -> Result<(), ApiError> {
        self.res_mut(project_id)?
            .collections
            .remove(name)
            .map(|_| ())
            .ok_or_else(|| ApiError::not_found(format!("Collection {name} not found.")))
    }

    /// `POST /collections`: collections are made from pod-based indexes, which API version
    /// 2026-07 cannot create, so a valid request ends in 404 (no such index) or 400 (the
    /// source is not pod-based).
    pub(crate) fn create_collection(
        &mut self,
        project_id: &str,
        body: &Value,
    ) -> Result<std::convert::Infallible, ApiError> {
        let m = obj(body, "request body")?;
        let name =
            opt_str(m, "name", "request")?.ok_or_else(|| ApiError::invalid("name is required"))?;
        let source = opt_str(m, "source", "request")?
            .ok_or_else(|| ApiError::invalid("source is required"))?;
        if !valid_resource_name(name, 45) {
            return Err(ApiError::invalid(
                "Collection name must be 1-45 characters long, start and end with an alphanumeric character, and consist only of lower case alphanumeric characters or '-'.",
            ));
        }
        let res = self.res_mut(project_id)?;
        if res.collections.contains_key(name) {
            return Err(ApiError::already_exists("Resource already exists."));
        }
        let index = res
            .indexes
            .get(source)
            .filter(|i| i.terminating_until.is_none())
            .ok_or_else(|| index_not_found(source))?;
        Err(ApiError::invalid(format!(
            "Collections can only be created from pod-based indexes; index {} is {}.",
            index.name,
            index.deployment["deployment_type"]
                .as_str()
                .unwrap_or("serverless")
        )))
    }

    pub(crate) fn seed_collection(&mut self, project_id: &str, name: &str) -> Result<(), ApiError> {
        if !valid_resource_name(name, 45) {
            return Err(ApiError::invalid("invalid collection name"));
        }
        let res = self.res_mut(project_id)?;
        if res.collections.contains_key(name) {
            return Err(ApiError::already_exists(format!(
                "Collection {name} already exists."
            )));
        }
        res.collections.insert(
            name.to_owned(),
            Collection {
                name: name.to_owned(),
                dimension: 8,
            },
        );
        Ok(())
    }

    // ----- backups ----------------------------------------------------------------------

    pub(crate) fn create_backup(
        &mut self,
        project_id: &str,
        index_name: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let m = obj(body, "request body")?;
        let name = opt_str(m, "name", "request")?;
        if let Some(n) = name {
            if !valid_resource_name(n, 45) {
                return Err(ApiError::invalid(
                    "Backup name must be 1-45 characters long, start and end with an alphanumeric character, and consist only of lower case alphanumeric characters or '-'.",
                ));
            }
        }
        let description = opt_str(m, "description", "request")?;
        let seq = self.next_seq();
        let res = self.res_mut(project_id)?;
        // create_backup documents no 404: an unknown index is a bad request here.
        let index = res
            .indexes
            .get(index_name)
            .filter(|i| i.terminating_until.is_none())
            .ok_or_else(|| ApiError::invalid(format!("Index {index_name} not found.")))?;
        let (cloud, region) = index.cloud_region();
        let id = new_id();
        let mut b = Map::new();
        b.insert("backup_id".into(), json!(id));
        b.insert("source_index_name".into(), json!(index.name));
        b.insert("source_index_id".into(), json!(index.id));
        if let Some(n) = name {
            b.insert("name".into(), json!(n));
        }
        if let Some(d) = description {
            b.insert("description".into(), json!(d));
        }
        b.insert("status".into(), json!("Ready"));
        b.insert("cloud".into(), json!(cloud));
        b.insert("region".into(), json!(region));
        b.insert("schema".into(), index.schema.clone());
        b.insert("record_count".into(), json!(0));
        b.insert("namespace_count".into(), json!(0));
        b.insert("size_bytes".into(), json!(0));
        b.insert(
            "tags".into(),
            index.tags.clone().map(Value::Object).unwrap_or(Value::Null),
        );
        b.insert("created_at".into(), json!(Utc::now()));
        let out = Value::Object(b.clone());
        res.backups.insert(id, Backup { seq, json: b });
        Ok(out)
    }

    /// Backups of the project, or of the index `index_name`: by default those of the active
    /// index of that name (404 without one); with `include_deleted`, those of every index
    /// that ever had the name (404 only if none ever did).
    pub(crate) fn list_backups(
        &mut self,
        project_id: &str,
        index_name: Option<&str>,
        include_deleted: bool,
        page: &Page,
    ) -> Result<Paged<Value>, ApiError> {
        let res = self.res_mut(project_id)?;
        let mut active_id = None;
        if let Some(n) = index_name {
            if include_deleted {
                if !res.index_names_used.contains(n) {
                    return Err(index_not_found(n));
                }
            } else {
                let index = res
                    .indexes
                    .get(n)
                    .filter(|i| i.terminating_until.is_none())
                    .ok_or_else(|| index_not_found(n))?;
                active_id = Some(index.id.clone());
            }
        }
        let field = |b: &Backup, k: &str| b.json.get(k).and_then(Value::as_str).map(str::to_owned);
        let mut v: Vec<&Backup> = res
            .backups
            .values()
            .filter(|b| match (index_name, &active_id) {
                (None, _) => true,
                (Some(_), Some(id)) => field(b, "source_index_id").as_ref() == Some(id),
                (Some(n), None) => field(b, "source_index_name").as_deref() == Some(n),
            })
            .collect();
        v.sort_by_key(|b| b.seq);
        page.apply(
            v.into_iter()
                .map(|b| (b.seq, Value::Object(b.json.clone()))),
        )
    }

    pub(crate) fn describe_backup(
        &mut self,
        project_id: &str,
        id: &str,
    ) -> Result<Value, ApiError> {
        self.res_mut(project_id)?
            .backups
            .get(id)
            .map(|b| Value::Object(b.json.clone()))
            .ok_or_else(|| ApiError::not_found(format!("Backup {id} not found.")))
    }

    pub(crate) fn delete_backup(&mut self, project_id: &str, id: &str) -> Result<(), ApiError> {
        self.res_mut(project_id)?
            .backups
            .remove(id)
            .map(|_| ())
            .ok_or_else(|| ApiError::not_found(format!("Backup {id} not found.")))
    }

    // ----- assistants -------------------------------------------------------------------

    pub(crate) fn list_assistants(
        &mut self,
        project_id: &str,
        page: &Page,
    ) -> Result<Paged<Value>, ApiError> {
        let res = self.res_mut(project_id)?;
        let mut v: Vec<&Assistant> = res.assistants.values().collect();
        v.sort_by_key(|a| a.seq);
        page.apply(v.into_iter().map(|a| (a.seq, a.to_json())))
    }

    pub(crate) fn get_assistant(
        &mut self,
        project_id: &str,
        name: &str,
    ) -> Result<Value, ApiError> {
        self.res_mut(project_id)?
            .assistants
            .get(name)
            .map(Assistant::to_json)
            .ok_or_else(|| ApiError::not_found(format!("Assistant \"{name}\" not found.")))
    }

    pub(crate) fn create_assistant(
        &mut self,
        project_id: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let m = obj(body, "request body")?;
        let name =
            opt_str(m, "name", "request")?.ok_or_else(|| ApiError::invalid("name is required"))?;
        if !valid_resource_name(name, 63) {
            return Err(ApiError::invalid(
                "Assistant name must be 1-63 characters long, start and end with an alphanumeric character, and consist only of lower case alphanumeric characters or '-'.",
            ));
        }
        let instructions = match m.get("instructions") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.len() <= 16 * 1024 => Some(s.clone()),
            Some(Value::String(_)) => {
                return Err(ApiError::invalid("instructions must be at most 16 KB"))
            }
            Some(_) => return Err(ApiError::invalid("instructions must be a string")),
        };
        let metadata = match m.get("metadata") {
            None => None,
            Some(v @ Value::Object(_)) => Some(v.clone()),
            Some(_) => return Err(ApiError::invalid("metadata must be an object")),
        };
        let region = opt_str(m, "region", "request")?.unwrap_or("us");
        if !["us", "eu"].contains(&region) {
            return Err(ApiError::invalid("region must be `us` or `eu`"));
        }
        let region = region.to_owned();
        let name = name.to_owned();
        let seq = self.next_seq();
        let res = self.res_mut(project_id)?;
        if res.assistants.contains_key(&name) {
            let mut e = ApiError::invalid(format!("Assistant \"{name}\" already exists."));
            e.code = "ALREADY_EXISTS";
            return Err(e);
        }
        let a = Assistant {
            seq,
            name: name.clone(),
            instructions,
            metadata,
            region,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            terminating_until: None,
        };
        let out = a.to_json();
        res.assistants.insert(name, a);
        Ok(out)
    }

    /// `PATCH /assistants/{name}`: replaces `instructions` and/or `metadata` (`null` clears).
    pub(crate) fn update_assistant(
        &mut self,
        project_id: &str,
        name: &str,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let m = obj(body, "request body")?;
        let instructions = match m.get("instructions") {
            None => None,
            Some(Value::Null) => Some(None),
            Some(Value::String(s)) if s.len() <= 16 * 1024 => Some(Some(s.clone())),
            Some(Value::String(_)) => {
                return Err(ApiError::invalid("instructions must be at most 16 KB"))
            }
            Some(_) => return Err(ApiError::invalid("instructions must be a string")),
        };
        let metadata = match m.get("metadata") {
            None => None,
            Some(Value::Null) => Some(None),
            Some(v @ Value::Object(_)) => Some(Some(v.clone())),
            Some(_) => return Err(ApiError::invalid("metadata must be an object")),
        };
        let res = self.res_mut(project_id)?;
        let a = res
            .assistants
            .get_mut(name)
            .filter(|a| a.terminating_until.is_none())
            .ok_or_else(|| ApiError::not_found(format!("Assistant \"{name}\" not found.")))?;
        if let Some(i) = instructions {
            a.instructions = i;
        }
        if let Some(md) = metadata {
            a.metadata = md;
        }
        a.updated_at = Utc::now();
        let mut out = Map::new();
        out.insert("assistant_name".into(), json!(a.name));
        if let Some(i) = &a.instructions {
            out.insert("instructions".into(), json!(i));
        }
        if let Some(md) = &a.metadata {
            out.insert("metadata".into(), md.clone());
        }
        Ok(Value::Object(out))
    }

    pub(crate) fn delete_assistant(
        &mut self,
        project_id: &str,
        name: &str,
    ) -> Result<(), ApiError> {
        let terminating_for = self.settings.terminating_for;
        let res = self.res_mut(project_id)?;
        let a = res
            .assistants
            .get_mut(name)
            .ok_or_else(|| ApiError::not_found(format!("Assistant \"{name}\" not found.")))?;
        if a.terminating_until.is_some() {
            return Ok(());
        }
        if terminating_for.is_zero() {
            res.assistants.remove(name);
        } else {
            a.terminating_until = Some(Instant::now() + terminating_for);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(valid_resource_name("a", 45));
        assert!(valid_resource_name("my-index-1", 45));
        assert!(!valid_resource_name("-a", 45));
        assert!(!valid_resource_name("a-", 45));
        assert!(!valid_resource_name("A", 45));
        assert!(!valid_resource_name("", 45));
        assert!(!valid_resource_name(&"a".repeat(46), 45));
    }

    #[test]
    fn schema_rules() {
        let ok =
            json!({"fields": {"v": {"type": "dense_vector", "dimension": 3, "metric": "cosine"}}});
        let (s, fts) = create_schema(&ok).unwrap();
        assert!(!fts);
        assert_eq!(s["fields"]["v"]["description"], Value::Null);
        let two =
            json!({"fields": {"a": {"type": "sparse_vector"}, "b": {"type": "sparse_vector"}}});
        assert!(create_schema(&two).is_err());
        let meta = json!({"fields": {"a": {"type": "float"}}});
        assert!(create_schema(&meta).is_err());
        let text = json!({"fields": {"t": {"type": "string", "full_text_search": {}}}});
        let (s, fts) = create_schema(&text).unwrap();
        assert!(fts);
        assert_eq!(s["fields"]["t"]["full_text_search"]["language"], "en");
        let bad =
            json!({"fields": {"t": {"type": "string", "full_text_search": {"stop_words": true}}}});
        assert!(create_schema(&bad).is_err());
    }
}
