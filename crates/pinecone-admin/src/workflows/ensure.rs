//! [`Projects::ensure`]: the project with a name, created when missing.

use super::*;

/// The outcome of [`Projects::ensure`].
///
/// ```no_run
/// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
/// let ensured = admin.projects().ensure(pinecone_admin::CreateProject::new("search-prod")).await?;
/// if ensured.created { println!("created {}", ensured.project.id); }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnsuredProject {
    /// The project.
    pub project: Project,
    /// Whether this call created it.
    pub created: bool,
}

impl Projects {
    /// Returns the project named exactly `request`'s name, creating it (with `request`'s
    /// settings) when none exists. An existing project is returned as it is (its settings
    /// are not changed).
    ///
    /// Safe to repeat: if the create fails in a way that may have created the project (a
    /// 5xx, a lost answer), the name is looked up again before giving up.
    ///
    /// # Errors
    /// [`Error::Validation`] for a bad request (nothing sent); [`Error::Ambiguous`] when
    /// several projects have that name.
    ///
    /// ```no_run
    /// # async fn run(admin: pinecone_admin::Admin) -> pinecone_admin::Result<()> {
    /// use pinecone_admin::CreateProject;
    /// let ensured = admin.projects().ensure(CreateProject::new("search-prod").max_pods(2)).await?;
    /// println!("{} (created: {})", ensured.project.id, ensured.created);
    /// # Ok(()) }
    /// ```
    pub async fn ensure(&self, request: CreateProject) -> Result<EnsuredProject> {
        request.validate()?;
        let name = request.name.clone();
        match self.describe_by_name(&name).await {
            Ok(project) => {
                return Ok(EnsuredProject {
                    project,
                    created: false,
                })
            }
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e),
        }
        match self.create(request).await {
            Ok(project) => Ok(EnsuredProject {
                project,
                created: true,
            }),
            Err(e) if create_may_have_happened(&e) => match self.describe_by_name(&name).await {
                Ok(project) => {
                    tracing::warn!(
                        project_id = %project.id,
                        error = %e,
                        "ensure: the create failed but the project exists; using it"
                    );
                    Ok(EnsuredProject {
                        project,
                        created: true,
                    })
                }
                Err(_) => Err(e),
            },
            Err(e) => Err(e),
        }
    }
}
