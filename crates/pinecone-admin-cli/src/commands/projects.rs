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
        ProjectCmd::DeleteLeftoverKeys { id } => {
            let deleted = ctx
                .admin()
                .await?
                .projects()
                .delete_leftover_temporary_keys(&id)
                .await?;
            if ctx.out.is_json() {
                ctx.out
                    .json(&json!({ "project_id": id, "deleted_key_ids": deleted }))?;
            } else if deleted.is_empty() {
                ctx.out
                    .line(&format!("No leftover temporary keys in project {id}."))?;
            } else {
                ctx.out.line(&format!(
                    "Deleted {} leftover temporary key(s): {}",
                    deleted.len(),
                    deleted.join(", ")
                ))?;
            }
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

    use std::sync::{Arc, Mutex};

    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use pinecone_admin::{CleanupEvent, CleanupOptions};

    use crate::errors::{EXIT_SIGINT, EXIT_SIGTERM};

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
        // The temporary key's id, to delete it if a signal stops the run.
        let key_id = Arc::new(Mutex::new(None::<String>));
        let mut options = CleanupOptions::new()
            .dry_run(args.dry_run)
            .disable_deletion_protection(args.force_unprotect)
            .on_progress({
                let (bar, key_id) = (bar.clone(), key_id.clone());
                move |event| {
                    if let CleanupEvent::TemporaryKeyCreated { key_id: id } = &event {
                        *key_id.lock().unwrap_or_else(|e| e.into_inner()) = Some(id.clone());
                    }
                    show(&bar, &event)
                }
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

        let projects = admin.projects();
        let result = tokio::select! {
            result = projects.delete_with_cleanup(&id, options) => result,
            signal = shutdown_signal() => {
                // The cleanup future is dropped here; its key is then deleted right away.
                bar.finish_and_clear();
                let known = key_id.lock().unwrap_or_else(|e| e.into_inner()).clone();
                return Err(interrupted(&admin, &id, known, signal).await);
            }
        };
        bar.finish_and_clear();
        let report = result.map_err(|e| CliError::Cleanup(Box::new(e)))?;
        if ctx.out.is_json() {
            ctx.out.json(&report)?;
        } else {
            ctx.out.line(&report.to_string())?;
        }
        Ok(EXIT_OK)
    }

    /// Resolves at the first SIGINT (Ctrl-C) or SIGTERM with the signal's name and exit code.
    async fn shutdown_signal() -> (&'static str, u8) {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            match signal(SignalKind::terminate()) {
                Ok(mut term) => tokio::select! {
                    _ = tokio::signal::ctrl_c() => ("SIGINT", EXIT_SIGINT),
                    _ = term.recv() => ("SIGTERM", EXIT_SIGTERM),
                },
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    ("SIGINT", EXIT_SIGINT)
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            ("SIGINT", EXIT_SIGINT)
        }
    }

    /// After a signal stopped the cleanup: deletes its temporary key (by id when it is known,
    /// else every leftover temporary key of the project, since a create may be in flight),
    /// within 20 s, and says what happened, naming the key.
    async fn interrupted(
        admin: &pinecone_admin::Admin,
        project_id: &str,
        key_id: Option<String>,
        (signal, code): (&'static str, u8),
    ) -> CliError {
        eprintln!("{signal}: stopping the cleanup of project {project_id} and deleting its temporary API key");
        let deletion = async {
            match &key_id {
                Some(key) => match admin.api_keys().delete(key).await {
                    Ok(()) => Ok(vec![key.clone()]),
                    Err(e) if e.is_not_found() => Ok(vec![key.clone()]),
                    Err(e) => Err(e.to_string()),
                },
                None => {
                    // Give an in-flight create a moment to land, then sweep.
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    admin
                        .projects()
                        .delete_leftover_temporary_keys(project_id)
                        .await
                        .map_err(|e| e.to_string())
                }
            }
        };
        let outcome = tokio::time::timeout(Duration::from_secs(20), deletion)
            .await
            .unwrap_or_else(|_| Err("not finished within 20 s".to_owned()));
        let key = key_id.as_deref().unwrap_or("(id unknown)");
        let message = match outcome {
            Ok(deleted) if deleted.is_empty() => format!(
                "interrupted by {signal}: the cleanup of project {project_id} stopped before its temporary API key existed; nothing is left"
            ),
            Ok(deleted) => format!(
                "interrupted by {signal}: the cleanup of project {project_id} stopped; its temporary API key {} is deleted",
                deleted.join(", ")
            ),
            Err(e) => format!(
                "interrupted by {signal}: the cleanup of project {project_id} stopped, and its temporary API key {key} could not be deleted ({e}); \
                 run `pinecone-admin projects delete-leftover-keys {project_id}`"
            ),
        };
        CliError::Interrupted { code, message }
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
