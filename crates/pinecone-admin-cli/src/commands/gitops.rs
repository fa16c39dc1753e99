//! `export`, `plan`, `apply`: access as reviewed code, a thin layer over `pinecone-admin-plan`.

use std::io::IsTerminal;
use std::path::PathBuf;

use pinecone_admin_plan::{
    apply, diff, export, needs_secrets, parse_file, to_yaml, Journal, LiveState, Plan, PlanOptions,
    SecretSink,
};
use serde_json::json;

use super::Ctx;
use crate::errors::{CliError, EXIT_OK};

/// Exit code of `plan` (and `apply --dry-run`) when changes are pending.
pub const EXIT_CHANGES: u8 = 2;

/// `export [-f FILE]`
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Write the manifest to this file instead of stdout.
    #[arg(short = 'f', long = "file")]
    pub file: Option<PathBuf>,
}

/// What `plan` and `apply` share.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The manifest.
    #[arg(short = 'f', long = "file")]
    pub file: PathBuf,
    /// Also delete live resources the manifest does not name.
    #[arg(long)]
    pub prune: bool,
    /// With --prune: delete projects together with their data (indexes, collections, backups,
    /// assistants).
    #[arg(long, requires = "prune")]
    pub cleanup: bool,
    /// The journal of creates in flight (default: `<manifest>.journal.json`).
    #[arg(long)]
    pub journal: Option<PathBuf>,
}

/// `apply -f FILE`
#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Write new secrets (API key values, service-account secrets) to this file, created with
    /// mode 0600: dotenv when it ends in `.env`, JSON Lines otherwise.
    #[arg(long, conflicts_with = "secrets_cmd")]
    pub secrets_out: Option<PathBuf>,
    /// Replace an existing --secrets-out file instead of refusing.
    #[arg(long, requires = "secrets_out")]
    pub overwrite_secrets: bool,
    /// Run this shell command once per new secret, with the secret as JSON on its stdin.
    #[arg(long)]
    pub secrets_cmd: Option<String>,
    /// How many changes of one phase run at a time.
    #[arg(long, default_value_t = 4)]
    pub concurrency: usize,
}

pub async fn run_export(ctx: &Ctx, args: ExportArgs) -> Result<u8, CliError> {
    let admin = ctx.admin().await?;
    let live = LiveState::read(&admin).await?;
    let yaml = to_yaml(&export(&live));
    match args.file {
        Some(path) => std::fs::write(&path, yaml)
            .map_err(|e| CliError::Other(format!("cannot write {}: {e}", path.display())))?,
        None => print!("{yaml}"),
    }
    Ok(EXIT_OK)
}

struct Planned {
    admin: pinecone_admin::Admin,
    live: LiveState,
    journal: Journal,
    plan: Plan,
}

async fn make_plan(ctx: &Ctx, args: &PlanArgs) -> Result<Planned, CliError> {
    // Every manifest problem is reported before any request.
    let manifest = parse_file(&args.file).map_err(|e| CliError::Other(e.to_string()))?;
    let journal_path = args
        .journal
        .clone()
        .unwrap_or_else(|| Journal::path_for(&args.file));
    let journal = Journal::load(&journal_path)
        .map_err(|e| CliError::Other(format!("cannot read {}: {e}", journal_path.display())))?;
    let admin = ctx.admin().await?;
    let live = LiveState::read(&admin).await?;
    let own = ctx
        .global
        .client_id
        .clone()
        .or_else(|| std::env::var("PINECONE_CLIENT_ID").ok());
    let options = PlanOptions::new()
        .prune(args.prune)
        .cleanup(args.cleanup)
        .own_client_id(own);
    let plan = diff(&manifest, &live, &journal, &options).map_err(CliError::Other)?;
    Ok(Planned {
        admin,
        live,
        journal,
        plan,
    })
}

fn print_plan(ctx: &Ctx, plan: &Plan) -> Result<(), CliError> {
    if ctx.out.is_json() {
        ctx.out.json(&json!({
            "in_sync": plan.in_sync(),
            "changes": plan.changes,
            "unmanaged": plan.unmanaged,
        }))
    } else {
        print!("{plan}");
        Ok(())
    }
}

pub async fn run_plan(ctx: &Ctx, args: PlanArgs) -> Result<u8, CliError> {
    let planned = make_plan(ctx, &args).await?;
    print_plan(ctx, &planned.plan)?;
    Ok(if planned.plan.in_sync() {
        EXIT_OK
    } else {
        EXIT_CHANGES
    })
}

pub async fn run_apply(ctx: &Ctx, args: ApplyArgs) -> Result<u8, CliError> {
    let sink = match (&args.secrets_out, &args.secrets_cmd) {
        (Some(path), _) => {
            SecretSink::file(path.clone(), args.overwrite_secrets).unwrap_or(SecretSink::None)
        }
        (None, Some(cmd)) => SecretSink::Command(cmd.clone()),
        (None, None) => SecretSink::None,
    };
    let Planned {
        admin,
        live,
        mut journal,
        plan,
    } = make_plan(ctx, &args.plan).await?;
    print_plan(ctx, &plan)?;
    if plan.in_sync() {
        return Ok(EXIT_OK);
    }
    if needs_secrets(&plan) && !sink.is_some() {
        return Err(CliError::Usage(
            "this plan creates secrets: say where they go with --secrets-out FILE or --secrets-cmd CMD"
                .into(),
        ));
    }
    sink.preflight().map_err(CliError::Usage)?;
    ctx.confirm(&format!("apply {} changes", plan.changes.len()))?;
    let progress_on_terminal = std::io::stderr().is_terminal() && !ctx.out.is_json();
    let report = apply(
        &admin,
        &plan,
        &live,
        &mut journal,
        &sink,
        args.concurrency,
        |change, result| match result {
            Ok(()) if progress_on_terminal => eprintln!("done: {change}"),
            Ok(()) => {}
            Err(reason) => eprintln!("failed: {change}: {reason}"),
        },
    )
    .await;
    if ctx.out.is_json() {
        ctx.out.json(&json!({
            "done": report.done,
            "failed": report.failed.iter().map(|(c, r)| json!({"change": c, "error": r})).collect::<Vec<_>>(),
            "not_done": report.not_done,
        }))?;
    } else {
        eprintln!(
            "Applied {} changes; {} failed; {} not done.",
            report.done.len(),
            report.failed.len(),
            report.not_done.len()
        );
        for c in &report.not_done {
            eprintln!("not done: {c}");
        }
    }
    if report.succeeded() {
        Ok(EXIT_OK)
    } else {
        Err(CliError::Other(format!(
            "apply stopped: {} done, {} failed, {} not done (re-run apply after fixing the cause)",
            report.done.len(),
            report.failed.len(),
            report.not_done.len()
        )))
    }
}

/// `emulator --from`: applies a manifest to a freshly started emulator (users it names are
/// seeded as members first; new secrets are discarded, the emulator is throwaway).
pub async fn load_into_emulator(
    emu: &pinecone_admin_emulator::EmulatorHandle,
    manifest: &pinecone_admin_plan::Manifest,
) -> Result<(), CliError> {
    for user in &manifest.users {
        if !user
            .email
            .as_str()
            .eq_ignore_ascii_case("owner@example.com")
        {
            emu.seed_user(&user.email.as_str().to_ascii_lowercase(), None);
        }
    }
    let admin = pinecone_admin::Admin::builder()
        .client_id(emu.client_id())
        .client_secret(emu.client_secret())
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .build()
        .await?;
    let live = LiveState::read(&admin).await?;
    let mut manifest = manifest.clone();
    manifest.organization_id = None; // the emulator's organization is new
    let mut journal = Journal::default();
    let plan = diff(&manifest, &live, &journal, &PlanOptions::new()).map_err(CliError::Other)?;
    let report = apply(
        &admin,
        &plan,
        &live,
        &mut journal,
        &SecretSink::Discard,
        4,
        |_, _| {},
    )
    .await;
    if !report.succeeded() {
        let reasons: Vec<String> = report
            .failed
            .iter()
            .map(|(c, r)| format!("{c}: {r}"))
            .chain(report.not_done.iter().map(|c| format!("not done: {c}")))
            .collect();
        return Err(CliError::Other(format!(
            "could not load the manifest into the emulator:\n{}",
            reasons.join("\n")
        )));
    }
    Ok(())
}
