//! Quickstart: the typical provisioning flow of the Pinecone Admin API, end to end.
//!
//! ```sh
//! cargo run --example quickstart              # on an in-process emulator: no account, no network
//! cargo run --example quickstart -- --live    # against api.pinecone.io (credentials from the env)
//! ```
//!
//! The walk-through creates a project, creates and rotates an API key, invites a user, creates a
//! service account and grants it a project role, lists everything, previews and then runs
//! `delete_with_cleanup` (which first removes the project's indexes, collections, backups and
//! assistants through a temporary project key), and prints what it did. No secret is printed:
//! key values and client secrets show masked (`…abcd`).
//!
//! The real API is reached only with `--live`, which reads `PINECONE_CLIENT_ID` +
//! `PINECONE_CLIENT_SECRET` (or `PINECONE_ACCESS_TOKEN`) and optionally
//! `PINECONE_CONTROLLER_HOST`. It creates only a throw-away project, key and service account and
//! deletes them again; it sends an invitation email only when `PINECONE_QUICKSTART_INVITE_EMAIL`
//! names the address to invite (and cancels that invitation at the end).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use pinecone_admin::{
    Admin, ApiKeyRole, CleanupOptions, CreateApiKey, CreateInvite, CreateProject,
    CreateRoleBinding, CreateServiceAccount, Grant, ProjectRef, ResourceType, Role,
    RoleBindingFilter, UserFilter,
};
use pinecone_admin_emulator::{Emulator, EmulatorHandle, SeedProject};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where the walk-through runs.
enum Mode {
    /// An emulator started in this process (the default).
    Emulator,
    /// The real Admin API (`--live`).
    Live,
}

#[tokio::main]
async fn main() -> ExitCode {
    let mode = match parse_args() {
        Ok(mode) => mode,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if matches!(mode, Mode::Live) {
        if let Err(e) = check_live_credentials() {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    }
    let started = Instant::now();
    match run(mode).await {
        Ok(()) => {
            println!("\nDone in {:.1} s.", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("\nquickstart failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args() -> Result<Mode, String> {
    let mut mode = Mode::Emulator;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--live" => mode = Mode::Live,
            "-h" | "--help" => {
                return Err("usage: cargo run --example quickstart [-- --live]\n\n\
                     Without flags the walk-through runs on an in-process emulator.\n\
                     --live  use the real Admin API; needs PINECONE_CLIENT_ID and\n        \
                     PINECONE_CLIENT_SECRET (or PINECONE_ACCESS_TOKEN) in the environment"
                    .to_owned())
            }
            other => return Err(format!("unknown argument {other:?}; try --help")),
        }
    }
    Ok(mode)
}

/// Refuses clearly, before any request, when `--live` has no credentials to use.
fn check_live_credentials() -> Result<(), BoxError> {
    let set = |k: &str| std::env::var(k).is_ok_and(|v| !v.trim().is_empty());
    if set("PINECONE_ACCESS_TOKEN") || (set("PINECONE_CLIENT_ID") && set("PINECONE_CLIENT_SECRET"))
    {
        Ok(())
    } else {
        Err(
            "--live needs credentials: set PINECONE_CLIENT_ID and PINECONE_CLIENT_SECRET \
             (a service account's OAuth client) or PINECONE_ACCESS_TOKEN. Nothing was sent."
                .into(),
        )
    }
}

fn step(n: u32, title: &str) {
    println!("\n{n:>2}. {title}");
}

fn item(text: impl std::fmt::Display) {
    println!("      {text}");
}

fn joined<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let all: Vec<&str> = items.into_iter().collect();
    if all.is_empty() {
        "-".to_owned()
    } else {
        all.join(", ")
    }
}

async fn connect(mode: &Mode) -> Result<(Admin, Option<EmulatorHandle>), BoxError> {
    match mode {
        Mode::Emulator => {
            let emu = Emulator::builder()
                .terminating_for(Duration::from_millis(50))
                .user("dana@example.com", Some("Dana"))
                .start()
                .await?;
            println!(
                "Pinecone Admin quickstart on the in-process emulator at {}",
                emu.base_url()
            );
            let admin = Admin::builder()
                .client_id(emu.client_id())
                .client_secret(emu.client_secret())
                .host(emu.admin_url())
                .oauth_url(emu.oauth_url())
                .control_host(emu.control_url())
                .env(|_| None) // never pick up real credentials from the environment here
                .build()
                .await?;
            Ok((admin, Some(emu)))
        }
        Mode::Live => {
            let admin = Admin::builder()
                .source_tag("pinecone_admin_quickstart")
                .build()
                .await?;
            println!("Pinecone Admin quickstart against {} (live)", admin.host());
            Ok((admin, None))
        }
    }
}

async fn run(mode: Mode) -> Result<(), BoxError> {
    let live = matches!(mode, Mode::Live);
    let (admin, emu) = connect(&mode).await?;

    step(1, "Organization");
    for org in admin.organizations().list().await? {
        item(format_args!("{} ({}), plan {}", org.name, org.id, org.plan));
    }

    // ----- a project and an API key -----------------------------------------------------------
    step(2, "Create a project");
    let name = format!("quickstart-{}", short_suffix());
    let project = admin.projects().create(CreateProject::new(&name)).await?;
    item(format_args!("project {:?} ({})", project.name, project.id));

    step(3, "Create an API key, then rotate it");
    let key = admin
        .api_keys()
        .create(
            &project.id,
            CreateApiKey::new("quickstart-app").roles([ApiKeyRole::DataPlaneEditor]),
        )
        .await?;
    item(&key); // Display masks the value
    let rotated = admin.api_keys().rotate(&key.key().id).await?;
    item(&rotated);
    item("give rotated.secret().expose() to your data-plane client; it is never printed");

    // ----- people and robots ------------------------------------------------------------------
    step(4, "Invite a user");
    let invite_email = if live {
        std::env::var("PINECONE_QUICKSTART_INVITE_EMAIL")
            .ok()
            .filter(|e| !e.trim().is_empty())
    } else {
        Some("new.teammate@example.com".to_owned())
    };
    let invite = match invite_email {
        Some(email) => {
            let invite = admin
                .invites()
                .create(
                    CreateInvite::new(email)
                        .organization_role(Role::OrgMember)
                        .project_role(&project.id, Role::ProjectViewer),
                )
                .await?;
            item(format_args!(
                "invited {} ({}) as OrgMember + ProjectViewer: {} until {}",
                invite.email,
                invite.id,
                invite.status,
                invite
                    .expires_at
                    .map_or_else(|| "-".to_owned(), |t| t.format("%Y-%m-%d").to_string())
            ));
            Some(invite)
        }
        None => {
            item("(live: skipped; set PINECONE_QUICKSTART_INVITE_EMAIL to send a real invitation)");
            None
        }
    };

    step(5, "Create a service account and grant it a project role");
    let account = admin
        .service_accounts()
        .create(CreateServiceAccount::new(format!("{name}-ci")))
        .await?;
    item(&account); // Display masks the client secret
    let binding = admin
        .role_bindings()
        .create(CreateRoleBinding::service_account(
            &account.service_account().id,
            Grant::project(&project.id, Role::ProjectEditor),
        ))
        .await?;
    item(format_args!(
        "granted {} on {} to {} (role binding {})",
        binding.role,
        project.name,
        account.service_account().name,
        binding.id
    ));

    step(6, "Put data-plane resources in the project");
    if let Some(emu) = &emu {
        let seeded = emu.seed(
            SeedProject::existing(&project.id)
                .index("docs", true) // deletion protection on: the cleanup must turn it off
                .index("logs", false)
                .collection("docs-2024")
                .backup("docs")
                .assistant("helper"),
        )?;
        item(format_args!(
            "indexes docs (deletion protection on) and logs, collection docs-2024, \
             backup {} of docs, assistant helper",
            seeded.backup_ids.first().map_or("?", String::as_str)
        ));
    } else {
        item("(live: none created, to keep the walk-through free; the cleanup finds it empty)");
    }

    // ----- look around ------------------------------------------------------------------------
    step(7, "List everything");
    let projects = admin.projects().list().await?;
    item(format_args!(
        "projects: {}",
        joined(projects.iter().map(|p| p.name.as_str()))
    ));
    let keys = admin.api_keys().list(&project.id).await?;
    item(format_args!(
        "API keys in {}: {}",
        project.name,
        joined(keys.iter().map(|k| k.name.as_str()))
    ));
    let users: Vec<_> = admin.users().list(UserFilter::all()).try_collect().await?;
    item(format_args!(
        "users: {}",
        joined(users.iter().map(|u| u.email.as_str()))
    ));
    let invites: Vec<_> = admin.invites().list().try_collect().await?;
    item(format_args!(
        "invites: {}",
        joined(invites.iter().map(|i| i.email.as_str()))
    ));
    let accounts: Vec<_> = admin.service_accounts().list().try_collect().await?;
    item(format_args!(
        "service accounts: {}",
        joined(accounts.iter().map(|a| a.name.as_str()))
    ));
    let bindings: Vec<_> = admin
        .role_bindings()
        .list(RoleBindingFilter::new().resource(ResourceType::Project, &project.id))
        .try_collect()
        .await?;
    item(format_args!("role bindings on {}:", project.name));
    for b in &bindings {
        item(format_args!(
            "  {:<15} {} -> {}",
            b.principal_type.to_string(),
            b.principal_id,
            b.role
        ));
    }

    // ----- delete it all ----------------------------------------------------------------------
    // The emulator deletes at once: poll it quickly so the walk-through stays short.
    let tuned = |options: CleanupOptions| {
        if live {
            options
        } else {
            options
                .poll_interval(Duration::from_millis(20), Duration::from_millis(200))
                .retry_delay(Duration::from_millis(200))
        }
    };

    step(8, "Preview the cleanup (dry run: nothing is deleted)");
    let preview = admin
        .projects()
        .delete_with_cleanup(&project.id, tuned(CleanupOptions::new().dry_run(true)))
        .await?;
    for line in preview.to_string().lines() {
        item(line);
    }

    step(9, "Delete the project with everything in it");
    let options = tuned(CleanupOptions::new())
        .disable_deletion_protection(true)
        .concurrency(4)
        .wait_until_deleted(Duration::from_secs(if live { 300 } else { 10 }))
        .on_progress(|event| item(format_args!("· {event}")));
    let report = admin
        .projects()
        .delete_with_cleanup(&project.id, options)
        .await?;
    for line in report.to_string().lines() {
        item(line);
    }

    step(10, "Tidy up what lives outside the project");
    admin
        .service_accounts()
        .delete(&account.service_account().id)
        .await?;
    item(format_args!(
        "deleted service account {}",
        account.service_account().name
    ));
    if let Some(invite) = invite {
        admin.invites().delete(&invite.id).await?;
        item(format_args!("cancelled the invitation of {}", invite.email));
    }
    let gone = !admin.projects().exists(ProjectRef::id(&project.id)).await?;
    item(format_args!("project {} is gone: {gone}", project.name));
    Ok(())
}

/// A short suffix so that runs never collide (the clock is enough here).
fn short_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() ^ (d.as_secs() as u32))
        .unwrap_or(0);
    format!("{:06x}", nanos & 0xff_ffff)
}
