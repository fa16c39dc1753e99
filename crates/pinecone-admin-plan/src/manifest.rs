//! The manifest model: one organization's projects, API keys, service accounts, users' roles and
//! invites, as written in YAML. Unknown fields and unknown roles are refused while parsing.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One organization as reviewed code.
///
/// ```
/// let manifest = pinecone_admin_plan::parse_str("org.yaml", "projects:\n  - name: search\n").unwrap();
/// assert_eq!(manifest.projects[0].name.as_str(), "search");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// When set, `plan` and `apply` refuse to run against any other organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The projects, each with its API keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<ProjectSpec>,
    /// Service accounts with their organization and project roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_accounts: Vec<PrincipalSpec>,
    /// Roles of existing users (users cannot be created, only invited).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<MemberSpec>,
    /// Pending invites with the roles the invitee will get.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invites: Vec<MemberSpec>,
}

/// A project and its API keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectSpec {
    /// The project name, unique in the organization.
    pub name: Name,
    /// The most pods it may hold (0: serverless only).
    #[serde(default)]
    pub max_pods: i64,
    /// Whether encryption with a customer-managed key is enforced.
    #[serde(default)]
    pub cmek: bool,
    /// The project's API keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api_keys: Vec<ApiKeySpec>,
}

/// A project API key. Its value is never in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiKeySpec {
    /// The key name, unique in its project.
    pub name: Name,
    /// Its roles (at least one).
    pub roles: Vec<KeyRole>,
    /// A rotation marker: any string. Changing it asks for a rotation of the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation: Option<String>,
}

/// A service account and its roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrincipalSpec {
    /// The service account name, unique in the organization.
    pub name: Name,
    /// Organization-scoped roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organization_roles: Vec<OrgRole>,
    /// Project-scoped roles, by project name (a project the manifest defines).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub project_roles: BTreeMap<Name, Vec<ProjectRole>>,
    /// A rotation marker for the client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation: Option<String>,
}

/// A user (by email) or an invite and its roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberSpec {
    /// The email address (compared case-insensitively).
    pub email: Name,
    /// Organization-scoped roles (at least one membership role).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organization_roles: Vec<OrgRole>,
    /// Project-scoped roles, by project name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub project_roles: BTreeMap<Name, Vec<ProjectRole>>,
}

thread_local! {
    /// Ordinal of the next [`Name`] deserialized on this thread (document order).
    static NEXT_ORDINAL: Cell<usize> = const { Cell::new(0) };
    /// Set by the locating second pass: the ordinal whose deserialization fails.
    static FAIL_AT: Cell<Option<usize>> = const { Cell::new(None) };
}

pub(crate) fn reset_ordinals(fail_at: Option<usize>) {
    NEXT_ORDINAL.with(|n| n.set(0));
    FAIL_AT.with(|f| f.set(fail_at));
}

/// A name or email in the manifest. It remembers its position in the document so that a
/// validation error about it (a duplicate, a dangling reference) can name its line and column.
/// Equality and order consider only the text.
#[derive(Clone)]
pub struct Name {
    text: String,
    ordinal: usize,
}

impl Name {
    /// A name made in code (not from a document).
    ///
    /// ```
    /// assert_eq!(pinecone_admin_plan::Name::new("search").as_str(), "search");
    /// ```
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ordinal: usize::MAX,
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub(crate) fn ordinal(&self) -> usize {
        self.ordinal
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}
impl Eq for Name {}
impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text.cmp(&other.text)
    }
}
impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}
impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}
impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let ordinal = NEXT_ORDINAL.with(|n| {
            let v = n.get();
            n.set(v + 1);
            v
        });
        let text = String::deserialize(d)?;
        if FAIL_AT.with(|f| f.get()) == Some(ordinal) {
            // The locating pass: fail here so the YAML deserializer attaches this node's mark.
            return Err(serde::de::Error::custom(crate::parse::LOCATE_MARKER));
        }
        if text.trim().is_empty() {
            return Err(serde::de::Error::custom("must not be blank"));
        }
        Ok(Self { text, ordinal })
    }
}
impl JsonSchema for Name {
    fn schema_name() -> Cow<'static, str> {
        "Name".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "minLength": 1 })
    }
}

macro_rules! role_set {
    ($(#[$meta:meta])* $name:ident, $what:literal, [$($role:literal),+ $(,)?]) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The roles accepted here.
            pub const ALLOWED: &'static [&'static str] = &[$($role),+];

            /// The role, if it is one of [`ALLOWED`](Self::ALLOWED).
            pub fn new(role: &str) -> Option<Self> {
                Self::ALLOWED.contains(&role).then(|| Self(role.to_owned()))
            }

            /// The wire value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Self::new(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        concat!("unknown ", $what, " `{}`; expected one of {}"),
                        text,
                        Self::ALLOWED.join(", ")
                    ))
                })
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "enum": Self::ALLOWED })
            }
        }
    };
}

role_set!(
    /// An API key role.
    KeyRole,
    "API key role",
    [
        "ProjectEditor",
        "ProjectViewer",
        "ControlPlaneEditor",
        "ControlPlaneViewer",
        "DataPlaneEditor",
        "DataPlaneViewer",
    ]
);

role_set!(
    /// An organization-scoped role.
    OrgRole,
    "organization role",
    ["OrgOwner", "OrgManager", "OrgMember", "OrgBillingAdmin"]
);

role_set!(
    /// A project-scoped role of a user, invite or service account.
    ProjectRole,
    "project role",
    [
        "ProjectOwner",
        "ProjectManager",
        "ProjectMember",
        "ProjectEditor",
        "ProjectViewer",
        "ControlPlaneEditor",
        "ControlPlaneViewer",
        "DataPlaneEditor",
        "DataPlaneViewer",
    ]
);

/// The JSON Schema of the manifest, for editor completion (published as
/// `docs/manifest.schema.json`).
///
/// ```
/// let schema = pinecone_admin_plan::json_schema();
/// assert!(schema.contains("\"projects\""));
/// ```
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Manifest);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}
