//! Projects: list, create, describe, update, delete, and look-ups by name.
//!
//! ```no_run
//! # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
//! use pinecone_admin::{CreateProject, ProjectRef};
//!
//! let projects = admin.projects();
//! if !projects.exists(ProjectRef::name("search-prod")).await? {
//!     let project = projects.create(CreateProject::new("search-prod").max_pods(2)).await?;
//!     println!("created {}", project.id);
//! }
//! # Ok(()) }
//! ```

use admin_api_raw::admin::types as raw;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::admin::Admin;
use crate::error::{Error, Result};
use crate::models::{lenient_timestamp, null_as_default, DataList};
use crate::transport::{wire, Op};
use crate::validate;

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
    max_pods: Option<i64>,
    force_encryption_with_cmek: Option<bool>,
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

    fn to_raw(&self) -> raw::CreateProjectRequest {
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
    name: Option<String>,
    max_pods: Option<i64>,
    force_encryption_with_cmek: Option<bool>,
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

    fn validate(&self) -> Result<()> {
        if let Some(name) = &self.name {
            validate::name("name", name, validate::PROJECT_NAME_MAX)?;
        }
        if let Some(max_pods) = self.max_pods {
            validate::non_negative("max_pods", max_pods)?;
        }
        Ok(())
    }

    fn to_raw(&self) -> raw::UpdateProjectRequest {
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

/// Project operations; get it from [`Admin::projects`].
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let names: Vec<String> = admin.projects().list().await?.into_iter().map(|p| p.name).collect();
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Projects {
    pub(crate) admin: Admin,
}

impl Projects {
    pub(crate) fn new(admin: Admin) -> Self {
        Self { admin }
    }

    /// Lists every project of the organization.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// for project in admin.projects().list().await? {
    ///     println!("{} {}", project.id, project.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self) -> Result<Vec<Project>> {
        let list: DataList<Project> = self
            .admin
            .transport()
            .admin(
                Op::get("list_projects", "/admin/projects"),
                |c| async move { c.list_projects().await },
            )
            .await?;
        Ok(list.data)
    }

    /// Creates a project.
    ///
    /// Never sent twice: a failure after the request may have reached the server (5xx,
    /// timeout, connection lost) surfaces as an error instead of being retried, so no duplicate
    /// project is created. Check with [`describe_by_name`](Self::describe_by_name) before trying
    /// again. Only 429 and connections refused before sending are retried.
    ///
    /// # Errors
    /// [`Error::Validation`] for a bad name or a negative `max_pods` (nothing sent).
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::CreateProject;
    /// let project = admin.projects().create(CreateProject::new("search-prod")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, request: CreateProject) -> Result<Project> {
        request.validate()?;
        let body = &request.to_raw();
        self.admin
            .transport()
            .admin(
                Op::post("create_project", "/admin/projects"),
                |c| async move { c.create_project(body).await },
            )
            .await
    }

    /// Describes a project by id.
    ///
    /// # Errors
    /// [`Error::Validation`] for a blank id or one that is not a single path segment (see the
    /// [`crate`] docs; nothing sent); [`Error::NotFound`] when it does not exist.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let project = admin.projects().describe("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1").await?;
    /// # Ok(()) }
    /// ```
    pub async fn describe(&self, project_id: &str) -> Result<Project> {
        validate::id("project_id", project_id)?;
        self.admin
            .transport()
            .admin(
                Op::get("fetch_project", "/admin/projects/{project_id}"),
                |c| async move { c.fetch_project(project_id).await },
            )
            .await
    }

    /// Describes the one project named exactly `name` (case-sensitive), by listing projects.
    ///
    /// # Errors
    /// [`Error::NotFound`] when none has that name; [`Error::Ambiguous`] (listing the ids) when
    /// several do.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// let project = admin.projects().describe_by_name("search-prod").await?;
    /// # Ok(()) }
    /// ```
    pub async fn describe_by_name(&self, name: &str) -> Result<Project> {
        validate::name("name", name, validate::PROJECT_NAME_MAX)?;
        let mut matches: Vec<Project> = self
            .list()
            .await?
            .into_iter()
            .filter(|p| p.name == name)
            .collect();
        match matches.len() {
            0 => Err(Error::NotFound(crate::error::ApiError::not_found_locally(
                format!("no project is named {name:?}"),
            ))),
            1 => Ok(matches.remove(0)),
            _ => Err(Error::Ambiguous {
                kind: "project",
                name: name.to_owned(),
                ids: matches.into_iter().map(|p| p.id).collect(),
            }),
        }
    }

    /// Whether a project exists, by id or by exact name.
    ///
    /// Only "not found" gives `false`; every other failure (auth, network, an ambiguous name
    /// counts as existing) is returned as an error, never guessed.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::ProjectRef;
    /// if admin.projects().exists(ProjectRef::name("search-prod")).await? {
    ///     println!("already there");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn exists(&self, project: ProjectRef) -> Result<bool> {
        let result = match &project {
            ProjectRef::Id(id) => self.describe(id).await.map(|_| ()),
            ProjectRef::Name(name) => match self.describe_by_name(name).await {
                Err(Error::Ambiguous { .. }) => Ok(()),
                other => other.map(|_| ()),
            },
        };
        match result {
            Ok(()) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Updates a project and returns it; only the fields set in `update` are sent.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::UpdateProject;
    /// let project = admin
    ///     .projects()
    ///     .update("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1", UpdateProject::new().max_pods(4))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, project_id: &str, update: UpdateProject) -> Result<Project> {
        validate::id("project_id", project_id)?;
        update.validate()?;
        let body = &update.to_raw();
        self.admin
            .transport()
            .admin(
                Op::patch("update_project", "/admin/projects/{project_id}"),
                |c| async move { c.update_project(project_id, body).await },
            )
            .await
    }

    /// Deletes a project. The server refuses with [`Error::FailedPrecondition`] (412) while
    /// the project still holds indexes, collections, backups or assistants. Retried on
    /// transient failures; if the first answer was lost, the retry may answer
    /// [`Error::NotFound`] although the project was deleted.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// admin.projects().delete("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, project_id: &str) -> Result<()> {
        validate::id("project_id", project_id)?;
        self.admin
            .transport()
            .admin(
                Op::delete("delete_project", "/admin/projects/{project_id}"),
                |c| async move { c.delete_project(project_id).await },
            )
            .await
    }
}
