//! The control-plane models (indexes, collections, backups, assistants) and their wire lists.

use super::*;

open_enum! {
    /// Whether an index may be deleted.
    ///
    /// ```
    /// use pinecone_admin::DeletionProtection;
    /// assert_eq!(DeletionProtection::Enabled.as_str(), "enabled");
    /// ```
    pub enum DeletionProtection {
        /// Deleting the index is refused until protection is turned off.
        Enabled => "enabled",
        /// The index may be deleted.
        Disabled => "disabled",
    }
}

open_enum! {
    /// The state of an index.
    ///
    /// ```
    /// use pinecone_admin::IndexState;
    /// assert_eq!(IndexState::from("Ready"), IndexState::Ready);
    /// ```
    pub enum IndexState {
        /// Being created.
        Initializing => "Initializing",
        /// Creation failed.
        InitializationFailed => "InitializationFailed",
        /// Failed.
        Failed => "Failed",
        /// Adding capacity.
        ScalingUp => "ScalingUp",
        /// Removing capacity.
        ScalingDown => "ScalingDown",
        /// Moving to a larger pod size.
        ScalingUpPodSize => "ScalingUpPodSize",
        /// Being deleted; it disappears once done.
        Terminating => "Terminating",
        /// Serving.
        Ready => "Ready",
        /// Disabled.
        Disabled => "Disabled",
    }
}

/// An index's readiness.
///
/// ```
/// let s: pinecone_admin::IndexStatus =
///     serde_json::from_str(r#"{"ready": false, "state": "Terminating"}"#).unwrap();
/// assert_eq!(s.state, pinecone_admin::IndexState::Terminating);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IndexStatus {
    /// Whether it serves requests.
    #[serde(default, deserialize_with = "null_as_default")]
    pub ready: bool,
    /// Its state.
    #[serde(default = "unknown", deserialize_with = "null_as_unknown")]
    pub state: IndexState,
}

/// An index, as the control plane lists it.
///
/// ```
/// let i: pinecone_admin::Index = serde_json::from_str(
///     r#"{"name": "docs", "host": "docs-x.svc.pinecone.io", "deletion_protection": "enabled",
///         "status": {"ready": true, "state": "Ready"}}"#).unwrap();
/// assert!(i.is_protected());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Index {
    /// The index name.
    pub name: String,
    /// Its data-plane host.
    #[serde(default, deserialize_with = "null_as_default")]
    pub host: String,
    /// Readiness and state.
    #[serde(default = "default_status", deserialize_with = "null_as_status")]
    pub status: IndexStatus,
    /// Whether deletion is refused.
    #[serde(default = "disabled", deserialize_with = "null_as_disabled")]
    pub deletion_protection: DeletionProtection,
    /// How it is deployed (`deployment_type`, `cloud`, `region`, ...), as sent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub deployment: serde_json::Map<String, serde_json::Value>,
    /// Its tags.
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: HashMap<String, String>,
}

pub(super) fn default_status() -> IndexStatus {
    IndexStatus {
        ready: false,
        state: unknown(),
    }
}

pub(super) fn null_as_status<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<IndexStatus, D::Error> {
    Ok(Option::<IndexStatus>::deserialize(deserializer)?.unwrap_or_else(default_status))
}

pub(super) fn disabled() -> DeletionProtection {
    DeletionProtection::Disabled
}

pub(super) fn null_as_disabled<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<DeletionProtection, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?
        .map_or(DeletionProtection::Disabled, Into::into))
}

impl Index {
    /// Whether deletion protection is enabled.
    ///
    /// ```
    /// # fn f(index: pinecone_admin::Index) {
    /// if index.is_protected() { println!("{} is protected", index.name); }
    /// # }
    /// ```
    pub fn is_protected(&self) -> bool {
        self.deletion_protection == DeletionProtection::Enabled
    }

    /// Whether it is being deleted.
    ///
    /// ```
    /// # fn f(index: pinecone_admin::Index) {
    /// let going = index.is_terminating();
    /// # }
    /// ```
    pub fn is_terminating(&self) -> bool {
        self.status.state == IndexState::Terminating
    }
}

impl From<db_raw::IndexModel> for Index {
    fn from(i: db_raw::IndexModel) -> Self {
        Self {
            name: i.name,
            host: i.host,
            status: IndexStatus {
                ready: i.status.ready,
                state: i.status.state.into(),
            },
            deletion_protection: i.deletion_protection.0.into(),
            deployment: i.deployment,
            tags: i.tags.and_then(|t| t.0).unwrap_or_default(),
        }
    }
}

/// A collection (a static copy of a pod index).
///
/// ```
/// let c: pinecone_admin::Collection =
///     serde_json::from_str(r#"{"name": "old", "status": "Ready", "environment": "us-east1-gcp"}"#).unwrap();
/// assert_eq!(c.name, "old");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Collection {
    /// The collection name.
    pub name: String,
    /// `Initializing`, `Ready`, `Terminating`, `Terminated` (or a newer value).
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: String,
    /// Its pod environment.
    #[serde(default, deserialize_with = "null_as_default")]
    pub environment: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: Option<i64>,
    /// Vector dimension.
    #[serde(default)]
    pub dimension: Option<i64>,
    /// Number of vectors.
    #[serde(default)]
    pub vector_count: Option<i64>,
}

impl From<db_raw::CollectionModel> for Collection {
    fn from(c: db_raw::CollectionModel) -> Self {
        Self {
            name: c.name,
            status: c.status,
            environment: c.environment,
            size: c.size,
            dimension: c.dimension.map(i64::from),
            vector_count: c.vector_count.map(i64::from),
        }
    }
}

/// A backup of an index.
///
/// ```
/// let b: pinecone_admin::Backup = serde_json::from_str(
///     r#"{"backup_id": "b-1", "source_index_name": "docs", "status": "Ready"}"#).unwrap();
/// assert_eq!(b.label(), "b-1 (of docs)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Backup {
    /// The backup id.
    pub backup_id: String,
    /// Its optional name.
    #[serde(default)]
    pub name: Option<String>,
    /// The index it was taken of.
    #[serde(default, deserialize_with = "null_as_default")]
    pub source_index_name: String,
    /// `Initializing`, `Ready`, `InitializationFailed` (or a newer value).
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: String,
    /// When it was taken.
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
}

impl Backup {
    /// A short label: the id, the name when it has one, and the source index.
    ///
    /// ```
    /// # fn f(b: pinecone_admin::Backup) {
    /// println!("deleting backup {}", b.label());
    /// # }
    /// ```
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!(
                "{} {name:?} (of {})",
                self.backup_id, self.source_index_name
            ),
            None => format!("{} (of {})", self.backup_id, self.source_index_name),
        }
    }
}

impl From<db_raw::BackupModel> for Backup {
    fn from(b: db_raw::BackupModel) -> Self {
        Self {
            backup_id: b.backup_id,
            name: b.name,
            source_index_name: b.source_index_name,
            status: b.status,
            created_at: b.created_at,
        }
    }
}

/// An assistant.
///
/// ```
/// let a: pinecone_admin::Assistant =
///     serde_json::from_str(r#"{"name": "helper", "status": "Ready"}"#).unwrap();
/// assert_eq!(a.status, "Ready");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Assistant {
    /// The assistant name.
    pub name: String,
    /// `Initializing`, `Failed`, `Ready`, `Terminating`, `InitializationFailed` (or newer).
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: String,
    /// Its host.
    #[serde(default)]
    pub host: Option<String>,
    /// Its region (`us`, `eu`).
    #[serde(default)]
    pub region: Option<String>,
    /// When it was created.
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
}

impl From<assistant_raw::Assistant> for Assistant {
    fn from(a: assistant_raw::Assistant) -> Self {
        Self {
            name: a.name,
            status: a.status,
            host: a.host,
            region: a.region,
            created_at: a.created_at,
        }
    }
}

/// `{"indexes": [...]}`
#[derive(Debug, Deserialize)]
pub(crate) struct IndexList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub(super) indexes: Vec<Index>,
}

impl From<db_raw::IndexList> for IndexList {
    fn from(l: db_raw::IndexList) -> Self {
        Self {
            indexes: l.indexes.into_iter().map(Index::from).collect(),
        }
    }
}

/// `{"collections": [...]}`
#[derive(Debug, Deserialize)]
pub(crate) struct CollectionList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub(super) collections: Vec<Collection>,
}

impl From<db_raw::CollectionList> for CollectionList {
    fn from(l: db_raw::CollectionList) -> Self {
        Self {
            collections: l.collections.into_iter().map(Collection::from).collect(),
        }
    }
}

impl From<db_raw::BackupList> for Paged<Backup> {
    fn from(l: db_raw::BackupList) -> Self {
        Paged::from_parts(
            l.data.into_iter().map(Backup::from).collect(),
            l.pagination.map(|p| p.next),
        )
    }
}

/// `{"assistants": [...], "pagination": {"next": ...} | null}`
#[derive(Debug, Deserialize)]
pub(crate) struct AssistantList {
    #[serde(default, deserialize_with = "null_as_default")]
    pub(super) assistants: Vec<Assistant>,
    #[serde(default)]
    pub(super) pagination: Option<PaginationWire>,
}

impl From<assistant_raw::ListAssistantsResponse> for AssistantList {
    fn from(l: assistant_raw::ListAssistantsResponse) -> Self {
        Self {
            assistants: l.assistants.into_iter().map(Assistant::from).collect(),
            pagination: l.pagination.map(|p| PaginationWire { next: Some(p.next) }),
        }
    }
}

wire!(
    Index => db_raw::IndexModel,
    IndexList => db_raw::IndexList,
    CollectionList => db_raw::CollectionList,
    Paged<Backup> => db_raw::BackupList,
    Assistant => assistant_raw::Assistant,
    AssistantList => assistant_raw::ListAssistantsResponse,
);
