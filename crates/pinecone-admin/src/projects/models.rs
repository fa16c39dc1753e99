//! The projects models and request types.

use super::*;

/// A project.
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let project = admin.projects().describe_by_name("search-prod").await?;
/// println!("{} in org {} (max pods {})", project.id, project.organization_id, project.max_pods);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Project {
    /// The project id.
    pub id: String,
    /// Its name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The most pods it may hold (0: serverless only).
    #[serde(default, deserialize_with = "null_as_default")]
    pub max_pods: i64,
    /// Whether encryption with a customer-managed key (CMEK) is enforced.
    #[serde(default, deserialize_with = "null_as_default")]
    pub force_encryption_with_cmek: bool,
    /// The organization it belongs to.
    #[serde(default, deserialize_with = "null_as_default")]
    pub organization_id: String,
    /// When it was created.
    #[serde(default, deserialize_with = "lenient_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
}

impl From<raw::Project> for Project {
    fn from(p: raw::Project) -> Self {
        Self {
            id: p.id,
            name: p.name,
            max_pods: p.max_pods,
            force_encryption_with_cmek: p.force_encryption_with_cmek,
            organization_id: p.organization_id,
            created_at: p.created_at,
        }
    }
}

impl From<raw::ProjectList> for DataList<Project> {
    fn from(list: raw::ProjectList) -> Self {
        DataList {
            data: list.data.into_iter().map(Project::from).collect(),
        }
    }
}

wire!(
    Project => raw::Project,
    DataList<Project> => raw::ProjectList,
);

/// A new project: the name plus optional settings. Unset settings are not sent (the server's
/// defaults apply: `max_pods` 0, no CMEK).
///
/// ```
/// use pinecone_admin::CreateProject;
///
/// let request = CreateProject::new("search-prod").max_pods(2).force_encryption_with_cmek(true);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct CreateProject {
    pub(crate) name: String,
    pub(super) max_pods: Option<i64>,
    pub(super) force_encryption_with_cmek: Option<bool>,
}

impl CreateProject {
    /// A project named `name` (1 to 512 characters, no NUL).
    ///
    /// ```
    /// let request = pinecone_admin::CreateProject::new("search-prod");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            max_pods: None,
            force_encryption_with_cmek: None,
        }
    }

    /// The most pods the project may hold (0 or more; 0 means serverless only).
    ///
    /// ```
    /// let request = pinecone_admin::CreateProject::new("p").max_pods(4);
    /// ```
    pub fn max_pods(mut self, max_pods: i64) -> Self {
        self.max_pods = Some(max_pods);
        self
    }

    /// Enforce encryption with a customer-managed key (CMEK).
    ///
    /// ```
    /// let request = pinecone_admin::CreateProject::new("p").force_encryption_with_cmek(true);
    /// ```
    pub fn force_encryption_with_cmek(mut self, force: bool) -> Self {
        self.force_encryption_with_cmek = Some(force);
        self
    }

    pub(crate) fn validate(&self) -> Result<()> {
        validate::name("name", &self.name, validate::PROJECT_NAME_MAX)?;
        if let Some(max_pods) = self.max_pods {
            validate::non_negative("max_pods", max_pods)?;
        }
        Ok(())
    }

    pub(super) fn to_raw(&self) -> raw::CreateProjectRequest {
        raw::CreateProjectRequest {
            name: self.name.clone(),
            max_pods: self.max_pods,
            force_encryption_with_cmek: self.force_encryption_with_cmek,
        }
    }
}

/// Changes to a project; unset fields are not sent (and not changed).
///
/// ```
/// use pinecone_admin::UpdateProject;
///
/// let update = UpdateProject::new().name("search-prod-eu").max_pods(0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct UpdateProject {
    pub(super) name: Option<String>,
    pub(super) max_pods: Option<i64>,
    pub(super) force_encryption_with_cmek: Option<bool>,
}

impl UpdateProject {
    /// An update that changes nothing yet.
    ///
    /// ```
    /// let update = pinecone_admin::UpdateProject::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A new name (1 to 512 characters, no NUL).
    ///
    /// ```
    /// let update = pinecone_admin::UpdateProject::new().name("renamed");
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A new pod limit (0 or more).
    ///
    /// ```
    /// let update = pinecone_admin::UpdateProject::new().max_pods(10);
    /// ```
    pub fn max_pods(mut self, max_pods: i64) -> Self {
        self.max_pods = Some(max_pods);
        self
    }

    /// Enforce CMEK encryption (once enabled, it cannot be disabled).
    ///
    /// ```
    /// let update = pinecone_admin::UpdateProject::new().force_encryption_with_cmek(true);
    /// ```
    pub fn force_encryption_with_cmek(mut self, force: bool) -> Self {
        self.force_encryption_with_cmek = Some(force);
        self
    }

    pub(super) fn validate(&self) -> Result<()> {
        if let Some(name) = &self.name {
            validate::name("name", name, validate::PROJECT_NAME_MAX)?;
        }
        if let Some(max_pods) = self.max_pods {
            validate::non_negative("max_pods", max_pods)?;
        }
        Ok(())
    }

    pub(super) fn to_raw(&self) -> raw::UpdateProjectRequest {
        raw::UpdateProjectRequest {
            name: self.name.clone(),
            max_pods: self.max_pods,
            force_encryption_with_cmek: self.force_encryption_with_cmek,
        }
    }
}

/// A project given by id or by exact name, for [`Projects::exists`].
///
/// ```
/// use pinecone_admin::ProjectRef;
///
/// let by_id = ProjectRef::id("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1");
/// let by_name = ProjectRef::name("search-prod");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectRef {
    /// The project id.
    Id(String),
    /// The exact (case-sensitive) project name.
    Name(String),
}

impl ProjectRef {
    /// A reference by id.
    ///
    /// ```
    /// let r = pinecone_admin::ProjectRef::id("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1");
    /// ```
    pub fn id(id: impl Into<String>) -> Self {
        ProjectRef::Id(id.into())
    }

    /// A reference by exact name.
    ///
    /// ```
    /// let r = pinecone_admin::ProjectRef::name("search-prod");
    /// ```
    pub fn name(name: impl Into<String>) -> Self {
        ProjectRef::Name(name.into())
    }
}
