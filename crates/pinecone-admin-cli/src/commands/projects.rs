//! `projects list|create|describe|exists|update|delete|ensure`, and `delete --cleanup`.

use pinecone_admin::{Admin, CreateProject, Project, ProjectRef, UpdateProject};
use serde_json::json;

use super::Ctx;
use crate::cli::{ProjectCmd, ProjectDeleteArgs, ProjectSelector};
use crate::errors::{CliError, EXIT_NOT_FOUND, EXIT_OK};
use crate::output::{time, Tabular};

impl Tabular for Project {
    fn headers() -> Vec<&'static str> {
        vec!["ID", "NAME", "MAX PODS", "CMEK", "ORGANIZATION", "CREATED"]
    }
    fn row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            self.max_pods.to_string(),
            self.force_encryption_with_cmek.to_string(),
            self.organization_id.clone(),
            time(&self.created_at),
        ]
    }
}

fn project_ref(selector: &ProjectSelector) -> ProjectRef {
    match (&selector.id, &selector.name) {
        (_, Some(name)) => ProjectRef::name(name.clone()),
        (Some(id), None) => ProjectRef::id(id.clone()),
        // clap's ArgGroup makes one of them required.
        (None, None) => ProjectRef::id(String::new()),
    }
}

async fn describe(admin: &Admin, selector: &ProjectSelector) -> Result<Project, CliError> {
    Ok(match project_ref(selector) {
        ProjectRef::Name(name) => admin.projects().describe_by_name(&name).await?,
        ProjectRef::Id(id) => admin.projects().describe(&id).await?,
    })
}

pub async fn run(ctx: &Ctx, cmd: ProjectCmd) -> Result<u8, CliError> {
    match cmd {
        ProjectCmd::List => {
            let projects = ctx.admin().await?.projects().list().await?;
            ctx.out.list(&projects, "projects")?;
        }
        ProjectCmd::Create {
            name,
            max_pods,
            force_encryption_with_cmek,
        } => {
            let request = create_request(name, max_pods, force_encryption_with_cmek);
            let project = ctx.admin().await?.projects().create(request).await?;
            ctx.out.one(&project)?;
        }
        ProjectCmd::Describe(selector) => {
            let project = describe(&ctx.admin().await?, &selector).await?;
            ctx.out.one(&project)?;
        }
        ProjectCmd::Exists(selector) => {
            let reference = project_ref(&selector);
            let exists = ctx
                .admin()
                .await?
                .projects()
                .exists(reference.clone())
                .await?;
            let (by, value) = match &reference {
                ProjectRef::Id(id) => ("id", id.clone()),
                ProjectRef::Name(name) => ("name", name.clone()),
            };
            ctx.out
                .message(&exists.to_string(), json!({ "exists": exists, by: value }))?;
            return Ok(if exists { EXIT_OK } else { EXIT_NOT_FOUND });
        }
        ProjectCmd::Update {
            id,
            name,
            max_pods,
            force_encryption_with_cmek,
        } => {
            let mut update = UpdateProject::new();
            if let Some(name) = name {
                update = update.name(name);
            }
            if let Some(max_pods) = max_pods {
                update = update.max_pods(max_pods);
            }
            if force_encryption_with_cmek {
                update = update.force_encryption_with_cmek(true);
            }
            let project = ctx.admin().await?.projects().update(&id, update).await?;
            ctx.out.one(&project)?;
        }
        ProjectCmd::Delete(args) if args.cleanup => return cleanup::run(ctx, args).await,
        ProjectCmd::Delete(ProjectDeleteArgs { id, wait, .. }) => {
            ctx.confirm(&format!("delete project {id}"))?;
            let admin = ctx.admin().await?;
            admin.projects().delete(&id).await?;
            if let Some(timeout) = wait {
                admin.projects().wait_until_deleted(&id, timeout).await?;
            }
            return ctx.deleted("project", &id);
        }
        ProjectCmd::Ensure {
            name,
            max_pods,
            force_encryption_with_cmek,
        } => return ensure(ctx, name, max_pods, force_encryption_with_cmek).await,
    }
    Ok(EXIT_OK)
}

fn create_request(name: String, max_pods: Option<i64>, cmek: bool) -> CreateProject {
    let mut request = CreateProject::new(name);
    if let Some(max_pods) = max_pods {
        request = request.max_pods(max_pods);
    }
    if cmek {
        request = request.force_encryption_with_cmek(true);
    }
    request
}

/// `projects ensure NAME`: the project with that name, created when missing.
async fn ensure(
    ctx: &Ctx,
    name: String,
    max_pods: Option<i64>,
    cmek: bool,
) -> Result<u8, CliError> {
    let request = create_request(name, max_pods, cmek);
    let ensured = ctx.admin().await?.projects().ensure(request).await?;
    if ctx.out.is_json() {
        ctx.out
            .json(&json!({ "created": ensured.created, "project": ensured.project }))?;
    } else {
        ctx.out.one(&ensured.project)?;
        ctx.out.line(if ensured.created {
            "Created."
        } else {
            "Already exists; unchanged."
        })?;
    }
    Ok(EXIT_OK)
}

mod cleanup {
    use std::io::IsTerminal;
    use std::time::Duration;

    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use pinecone_admin::{CleanupEvent, CleanupOptions};

    use super::*;

    /// `projects delete ID --cleanup [--dry-run] ...`
    pub async fn run(ctx: &Ctx, args: ProjectDeleteArgs) -> Result<u8, CliError> {
        let id = args.id.clone();
        if !args.dry_run {
            ctx.confirm(&format!(
                "delete project {id} and everything in it (indexes, collections, backups, assistants)"
            ))?;
        }
        let admin = ctx.admin().await?;

        let bar = progress_bar(!ctx.out.is_json() && std::io::stderr().is_terminal());
        let mut options = CleanupOptions::new()
            .dry_run(args.dry_run)
            .disable_deletion_protection(args.force_unprotect)
            .on_progress({
                let bar = bar.clone();
                move |event| show(&bar, &event)
            });
        if let Some(n) = args.max_attempts {
            options = options.max_attempts(n);
        }
        if let Some(delay) = args.retry_delay {
            options = options.retry_delay(delay);
        }
        if let Some(n) = args.concurrency {
            options = options.concurrency(n as usize);
        }
        if let Some(timeout) = args.wait {
            options = options.wait_until_deleted(timeout);
        }

        let result = admin.projects().delete_with_cleanup(&id, options).await;
        bar.finish_and_clear();
        let report = result.map_err(|e| CliError::Cleanup(Box::new(e)))?;
        if ctx.out.is_json() {
            ctx.out.json(&report)?;
        } else {
            ctx.out.line(&report.to_string())?;
        }
        Ok(EXIT_OK)
    }

    /// A bar on stderr when shown, else a hidden one (events are still logged with tracing).
    fn progress_bar(visible: bool) -> ProgressBar {
        if !visible {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message("creating a temporary key");
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    fn show(bar: &ProgressBar, event: &CleanupEvent) {
        match event {
            CleanupEvent::AttemptStarted {
                attempt,
                max_attempts,
            } => bar.set_message(format!("pass {attempt} of {max_attempts}")),
            CleanupEvent::Found {
                indexes,
                collections,
                assistants,
                backups,
            } => {
                let found = (indexes + collections + assistants + backups) as u64;
                if bar.length().is_none() {
                    if let Ok(style) = ProgressStyle::with_template(
                        "{spinner} {msg:<22} [{bar:30}] {pos}/{len} resources, {elapsed}",
                    ) {
                        bar.set_style(style.progress_chars("=> "));
                    }
                }
                bar.set_length(bar.position() + found);
                bar.set_message("deleting");
            }
            CleanupEvent::Deleted { .. } => {
                bar.inc(1);
                bar.println(event.to_string());
            }
            CleanupEvent::ProjectDeleteRetry { .. } => {
                bar.set_message("waiting for the project");
                bar.println(event.to_string());
            }
            CleanupEvent::TemporaryKeyDeleted { .. } => bar.set_message("deleting the project"),
            _ => bar.println(event.to_string()),
        }
    }
}
