//! [`Projects`], the projects handle.

use super::*;
use admin_api_raw::ops;

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
            .admin(Op::of(ops::admin::LIST_PROJECTS), |c| async move {
                c.list_projects().await
            })
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
            .admin(Op::of(ops::admin::CREATE_PROJECT), |c| async move {
                c.create_project(body).await
            })
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
            .admin(Op::of(ops::admin::FETCH_PROJECT), |c| async move {
                c.fetch_project(project_id).await
            })
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
            .admin(Op::of(ops::admin::UPDATE_PROJECT), |c| async move {
                c.update_project(project_id, body).await
            })
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
            .admin(Op::of(ops::admin::DELETE_PROJECT), |c| async move {
                c.delete_project(project_id).await
            })
            .await
    }
}
