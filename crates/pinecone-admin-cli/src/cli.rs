//! The command line: global flags and one subcommand per resource and operation (clap derive).

use std::time::Duration;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use crate::duration::parse_duration;

/// Shown after `--help` at the top level: exit codes and how to pass credentials.
pub const AFTER_HELP: &str = "\
Credentials:
  `pinecone-admin auth login` saves a profile (the secret in the OS keyring); later commands
  use it. Otherwise the client reads PINECONE_CLIENT_ID and PINECONE_CLIENT_SECRET (a service
  account), or PINECONE_ACCESS_TOKEN (a ready token). Prefer these environment variables to
  --client-secret / --access-token: command-line arguments are visible to other users
  in the process list and are kept in shell history.
  Precedence, per setting: flags > environment > the profile (--profile, PINECONE_PROFILE,
  else the current one). Credentials given by flag or environment replace the profile's.

Exit codes:
  0  success
  1  other failure (server error, network, timeout, conflict, confirmation declined)
  2  usage error: bad arguments, or a destructive command run without --yes and
     without a terminal to confirm on; `audit --fail-on` when a finding reaches it
  3  not found (HTTP 404, no project/user with that name or email;
     `projects exists` when the project does not exist)
  4  authentication: missing or rejected credentials (HTTP 401/403, OAuth token errors)
  5  validation: invalid input, caught before sending or rejected by the server
     (HTTP 400/422, an ambiguous name)

Output:
  --output json prints exactly one JSON document on stdout on success; errors are a
  JSON document on stderr ({\"error\": {...}, \"exit_code\": N}). --output yaml prints the
  same documents as YAML. Table output is for people.";

/// `pinecone-admin`: manage Pinecone organizations, projects, API keys, users, invites, service
/// accounts and role bindings through the Admin API (2026-07).
#[derive(Debug, Parser)]
#[command(
    name = "pinecone-admin",
    version,
    about = "Manage Pinecone organizations, projects, API keys, users, invites, service accounts and role bindings",
    long_about = "Manage Pinecone organizations, projects, API keys, users, invites, service \
                  accounts and role bindings through the Pinecone Admin API (2026-07).\n\n\
                  Try it without an account: run `pinecone-admin emulator` in one terminal and \
                  use the commands it prints in another.",
    after_help = AFTER_HELP,
    propagate_version = true
)]
pub struct Cli {
    /// Flags accepted by every subcommand.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted anywhere on the command line.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Output format: `table` for people, `json` or `yaml` for scripts (one document on
    /// stdout; errors as a document of the same format on stderr).
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// The saved profile to use (see `auth login`) [default: the current profile].
    #[arg(
        long,
        global = true,
        env = "PINECONE_PROFILE",
        help_heading = "Connection"
    )]
    pub profile: Option<String>,

    /// OAuth client id of a service account.
    #[arg(
        long,
        global = true,
        env = "PINECONE_CLIENT_ID",
        help_heading = "Connection"
    )]
    pub client_id: Option<String>,

    /// OAuth client secret of a service account. Prefer the environment variable: arguments
    /// are visible in the process list.
    #[arg(
        long,
        global = true,
        env = "PINECONE_CLIENT_SECRET",
        hide_env_values = true,
        help_heading = "Connection"
    )]
    pub client_secret: Option<String>,

    /// A ready OAuth access token, used as is instead of client credentials (never refreshed).
    /// Prefer the environment variable.
    #[arg(
        long,
        global = true,
        env = "PINECONE_ACCESS_TOKEN",
        hide_env_values = true,
        help_heading = "Connection"
    )]
    pub access_token: Option<String>,

    /// Admin API host [default: `https://api.pinecone.io`].
    #[arg(
        long,
        global = true,
        env = "PINECONE_CONTROLLER_HOST",
        help_heading = "Connection"
    )]
    pub host: Option<String>,

    /// OAuth token endpoint [default: `https://login.pinecone.io/oauth/token`].
    #[arg(
        long,
        global = true,
        env = "PINECONE_OAUTH_URL",
        help_heading = "Connection"
    )]
    pub oauth_url: Option<String>,

    /// Control-plane host used by `projects delete --cleanup` (indexes, collections, backups,
    /// assistants) [default: the admin host].
    #[arg(long, global = true, help_heading = "Connection")]
    pub control_host: Option<String>,

    /// Answer yes to confirmation prompts (required for destructive commands without a terminal).
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,

    /// Log debug traces (requests, retries, token refreshes; never secrets) to stderr.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable tables.
    Table,
    /// One JSON document on stdout.
    Json,
    /// One YAML document on stdout, the same shape as the JSON one.
    Yaml,
}

/// The resources.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Organizations the credentials can see.
    #[command(subcommand, visible_alias = "orgs")]
    Organizations(OrgCmd),
    /// Projects of the organization.
    #[command(subcommand)]
    Projects(ProjectCmd),
    /// Project API keys.
    #[command(subcommand, name = "api-keys", visible_alias = "keys")]
    ApiKeys(ApiKeyCmd),
    /// Users (members) of the organization.
    #[command(subcommand)]
    Users(UserCmd),
    /// Invitations to join the organization.
    #[command(subcommand)]
    Invites(InviteCmd),
    /// Service accounts (OAuth clients) of the organization.
    #[command(subcommand, name = "service-accounts")]
    ServiceAccounts(ServiceAccountCmd),
    /// Role bindings: roles granted to users, service accounts, API keys and invites.
    #[command(subcommand, name = "role-bindings")]
    RoleBindings(RoleBindingCmd),
    /// Serve a local emulator of the Admin API in the foreground (Ctrl-C stops it).
    Emulator(EmulatorArgs),
    /// Write the live organization as a manifest (YAML; key values are never included).
    Export(crate::commands::gitops::ExportArgs),
    /// Compare a manifest with the live organization (exit 0 in sync, 2 changes pending).
    Plan(crate::commands::gitops::PlanArgs),
    /// Bring the live organization to a manifest.
    Apply(crate::commands::gitops::ApplyArgs),
    /// Profiles: log in once, keep the secret in the OS keyring, switch between accounts.
    #[command(subcommand)]
    Auth(crate::commands::auth::AuthCmd),
    /// Read-only access review: every principal with its effective roles, and findings with
    /// a severity (`--fail-on SEVERITY` exits 2, for CI).
    Audit(crate::commands::audit::AuditArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell) on stdout.
    Completions(crate::commands::completions::CompletionsArgs),
    /// Print the man page (roff) on stdout, e.g. `pinecone-admin man > pinecone-admin.1`.
    Man,
}

// ---------------------------------------------------------------------------------------------
// organizations

/// `organizations ...`
#[derive(Debug, Subcommand)]
pub enum OrgCmd {
    /// List organizations.
    #[command(visible_alias = "ls")]
    List,
    /// Describe an organization.
    Describe {
        /// Organization id (may start with `-`).
        #[arg(allow_hyphen_values = true)]
        id: String,
    },
    /// Rename an organization.
    Update {
        /// Organization id (may start with `-`).
        #[arg(allow_hyphen_values = true)]
        id: String,
        /// The new name.
        #[arg(long)]
        name: String,
    },
    /// Delete an organization (it must hold no projects). Asks for confirmation.
    #[command(visible_alias = "rm")]
    Delete {
        /// Organization id (may start with `-`).
        #[arg(allow_hyphen_values = true)]
        id: String,
    },
}

// ---------------------------------------------------------------------------------------------
// projects

/// A project given by id (positional) or by exact name (`--name`).
#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("project").required(true).args(["id", "name"])))]
pub struct ProjectSelector {
    /// Project id.
    pub id: Option<String>,
    /// Exact (case-sensitive) project name instead of the id.
    #[arg(long)]
    pub name: Option<String>,
}

/// `projects ...`
#[derive(Debug, Subcommand)]
pub enum ProjectCmd {
    /// List projects.
    #[command(visible_alias = "ls")]
    List,
    /// Create a project.
    Create {
        /// Project name (1 to 512 characters).
        name: String,
        /// Most pods the project may hold (0: serverless only).
        #[arg(long, allow_negative_numbers = true)]
        max_pods: Option<i64>,
        /// Enforce encryption with a customer-managed key (CMEK).
        #[arg(long)]
        force_encryption_with_cmek: bool,
    },
    /// Describe a project by id or by `--name`.
    Describe(ProjectSelector),
    /// Whether a project exists (by id or `--name`): prints true/false, exits 0 or 3.
    Exists(ProjectSelector),
    /// Update a project; only the flags given are changed.
    Update {
        /// Project id.
        id: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// New pod limit.
        #[arg(long, allow_negative_numbers = true)]
        max_pods: Option<i64>,
        /// Enforce CMEK encryption (cannot be turned off again).
        #[arg(long)]
        force_encryption_with_cmek: bool,
    },
    /// Delete a project. With `--cleanup`, first delete everything in it (indexes,
    /// collections, backups, assistants) through a temporary project key. Asks for confirmation.
    #[command(visible_alias = "rm")]
    Delete(ProjectDeleteArgs),
    /// Find and delete the temporary API keys that `delete --cleanup` runs left in a project
    /// (a run killed with `kill -9`, a machine that went away). Run it when no cleanup of the
    /// project is under way.
    DeleteLeftoverKeys {
        /// Project id.
        id: String,
    },
    /// Create a project unless one with that exact name exists; prints it either way.
    Ensure {
        /// Project name.
        name: String,
        /// Pod limit used when creating it.
        #[arg(long, allow_negative_numbers = true)]
        max_pods: Option<i64>,
        /// Enforce CMEK when creating it.
        #[arg(long)]
        force_encryption_with_cmek: bool,
    },
}

/// `projects delete ...`
#[derive(Debug, Clone, Args)]
pub struct ProjectDeleteArgs {
    /// Project id.
    pub id: String,
    /// Delete the project's indexes, collections, backups and assistants first.
    #[arg(long)]
    pub cleanup: bool,
    /// Show what the cleanup would delete, and delete nothing (no confirmation needed).
    #[arg(long, requires = "cleanup")]
    pub dry_run: bool,
    /// Turn off deletion protection on protected indexes so they can be deleted (otherwise
    /// the cleanup stops before deleting anything).
    #[arg(long, requires = "cleanup")]
    pub force_unprotect: bool,
    /// Cleanup passes before giving up.
    #[arg(long, requires = "cleanup", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_attempts: Option<u32>,
    /// Pause between cleanup passes, e.g. `30s`, `500ms`, `2m` (a bare number is seconds).
    #[arg(long, requires = "cleanup", value_parser = parse_duration)]
    pub retry_delay: Option<Duration>,
    /// After deleting, wait (at most this long, e.g. `2m`) until the project reads as gone.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_duration)]
    pub wait: Option<Duration>,
    /// Deletions run at the same time during cleanup.
    #[arg(long, requires = "cleanup", value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: Option<u32>,
}

// ---------------------------------------------------------------------------------------------
// api keys

/// `api-keys ...`
#[derive(Debug, Subcommand)]
pub enum ApiKeyCmd {
    /// List a project's API keys.
    #[command(visible_alias = "ls")]
    List {
        /// Project id.
        #[arg(long, visible_alias = "project")]
        project_id: String,
    },
    /// Create an API key; prints its value once.
    Create {
        /// Project id.
        #[arg(long, visible_alias = "project")]
        project_id: String,
        /// Key name (1 to 80 characters).
        #[arg(long)]
        name: String,
        /// Role (repeat for several): ProjectEditor, ProjectViewer, ControlPlaneEditor,
        /// ControlPlaneViewer, DataPlaneEditor, DataPlaneViewer [server default: ProjectEditor].
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
    },
    /// Describe an API key (never its value).
    Describe {
        /// API key id.
        id: String,
    },
    /// Update an API key; `--role` replaces the whole role set.
    Update {
        /// API key id.
        id: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// New role (repeat for several); replaces every current role.
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
    },
    /// Delete an API key. Asks for confirmation.
    #[command(visible_alias = "rm")]
    Delete {
        /// API key id.
        id: String,
    },
    /// Replace an API key with a new one (same name, project and roles), then delete the
    /// old one; prints the new value once. Asks for confirmation.
    Rotate {
        /// API key id.
        id: String,
    },
}

// ---------------------------------------------------------------------------------------------
// users

/// A user given by id (positional) or by email (`--email`).
#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("user").required(true).args(["id", "email"])))]
pub struct UserSelector {
    /// User id.
    pub id: Option<String>,
    /// The user's email address (case-insensitive) instead of the id.
    #[arg(long)]
    pub email: Option<String>,
}

/// `users ...`
#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// List users, optionally only the one with an email address.
    #[command(visible_alias = "ls")]
    List {
        /// Case-insensitive email filter.
        #[arg(long)]
        email: Option<String>,
        /// Show at most this many.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Describe a user by id or `--email`.
    Describe(UserSelector),
    /// Remove a user from the organization (by id or `--email`). Asks for confirmation.
    #[command(visible_alias = "rm")]
    Delete(UserSelector),
}

// ---------------------------------------------------------------------------------------------
// invites

/// `invites ...`
#[derive(Debug, Subcommand)]
pub enum InviteCmd {
    /// List pending and expired invites.
    #[command(visible_alias = "ls")]
    List {
        /// Show at most this many.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Invite someone to the organization.
    Create {
        /// Email address to invite.
        #[arg(long)]
        email: String,
        /// Organization role: OrgOwner, OrgManager, OrgBillingAdmin or OrgMember.
        #[arg(long, default_value = "OrgMember")]
        org_role: String,
        /// A project role as PROJECT_ID=ROLE (repeat for several), e.g. `<id>=ProjectEditor`.
        #[arg(long = "project-role", value_name = "PROJECT_ID=ROLE", value_parser = parse_project_role)]
        project_roles: Vec<(String, String)>,
    },
    /// Describe an invite.
    Describe {
        /// Invite id.
        id: String,
    },
    /// Cancel an invite. Asks for confirmation.
    #[command(visible_alias = "rm")]
    Delete {
        /// Invite id.
        id: String,
    },
    /// Send an invite again (extends its expiry).
    Resend {
        /// Invite id.
        id: String,
    },
}

// ---------------------------------------------------------------------------------------------
// service accounts

/// `service-accounts ...`
#[derive(Debug, Subcommand)]
pub enum ServiceAccountCmd {
    /// List service accounts.
    #[command(visible_alias = "ls")]
    List {
        /// Show at most this many.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Create a service account; prints its client secret once.
    Create {
        /// Name (1 to 80 characters).
        #[arg(long)]
        name: String,
        /// An organization role to grant (OrgOwner, OrgManager, OrgBillingAdmin, OrgMember).
        #[arg(long)]
        org_role: Option<String>,
        /// A project role as PROJECT_ID=ROLE (repeat for several).
        #[arg(long = "project-role", value_name = "PROJECT_ID=ROLE", value_parser = parse_project_role)]
        project_roles: Vec<(String, String)>,
    },
    /// Describe a service account (never its secret).
    Describe {
        /// Service account id.
        id: String,
    },
    /// Rename a service account.
    Update {
        /// Service account id.
        id: String,
        /// New name.
        #[arg(long)]
        name: String,
    },
    /// Delete a service account. Asks for confirmation.
    #[command(visible_alias = "rm")]
    Delete {
        /// Service account id.
        id: String,
    },
    /// Issue a new client secret (the old one stops working); prints it once. Asks for
    /// confirmation.
    RotateSecret {
        /// Service account id.
        id: String,
    },
}

// ---------------------------------------------------------------------------------------------
// role bindings

/// `role-bindings ...`
#[derive(Debug, Subcommand)]
pub enum RoleBindingCmd {
    /// List role bindings, optionally filtered.
    #[command(visible_alias = "ls")]
    List {
        /// Principal kind: user, service_account, api_key, invite (required with --principal-id).
        #[arg(long)]
        principal_type: Option<String>,
        /// Principal id.
        #[arg(long, requires = "principal_type")]
        principal_id: Option<String>,
        /// Resource kind: organization, project (required with --resource-id).
        #[arg(long)]
        resource_type: Option<String>,
        /// Resource id.
        #[arg(long, requires = "resource_type")]
        resource_id: Option<String>,
        /// Role, e.g. ProjectEditor.
        #[arg(long)]
        role: Option<String>,
        /// Show at most this many.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Grant a role to a principal on the organization or a project.
    Create {
        /// Principal kind: user, service_account, api_key, invite.
        #[arg(long)]
        principal_type: String,
        /// Principal id.
        #[arg(long)]
        principal_id: String,
        /// Resource kind: organization or project.
        #[arg(long)]
        resource_type: String,
        /// Project id (required for project scope; omit for organization scope).
        #[arg(long)]
        resource_id: Option<String>,
        /// Role, e.g. OrgMember, ProjectEditor, DataPlaneViewer.
        #[arg(long)]
        role: String,
    },
    /// Describe a role binding.
    Describe {
        /// Role binding id.
        id: String,
    },
    /// Remove a role binding. Asks for confirmation.
    #[command(visible_alias = "rm")]
    Delete {
        /// Role binding id.
        id: String,
    },
}

// ---------------------------------------------------------------------------------------------
// emulator

/// `emulator ...`
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
The emulator takes --client-id / --client-secret from the command line only (never from
PINECONE_CLIENT_ID / PINECONE_CLIENT_SECRET), so it never echoes real credentials; without
them it generates a pair and prints it.")]
pub struct EmulatorArgs {
    /// Port to listen on (127.0.0.1); 0 picks a free one.
    #[arg(long, default_value_t = 4010)]
    pub port: u16,
    /// Start holding what this manifest describes (users it names are seeded as members).
    #[arg(long, value_name = "MANIFEST")]
    pub from: Option<std::path::PathBuf>,
}

/// Parses `PROJECT_ID=ROLE`.
fn parse_project_role(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((project, role)) if !project.trim().is_empty() && !role.trim().is_empty() => {
            Ok((project.trim().to_owned(), role.trim().to_owned()))
        }
        _ => Err(format!("expected PROJECT_ID=ROLE, got {s:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_tree_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn project_role_pairs() {
        assert_eq!(
            parse_project_role("p1=ProjectEditor").unwrap(),
            ("p1".to_owned(), "ProjectEditor".to_owned())
        );
        assert!(parse_project_role("p1").is_err());
        assert!(parse_project_role("=ProjectEditor").is_err());
        assert!(parse_project_role("p1=").is_err());
    }

    #[test]
    fn organization_ids_may_start_with_a_hyphen() {
        let cli = Cli::try_parse_from(["pinecone-admin", "orgs", "describe", "-NM7af6f2"]).unwrap();
        assert!(
            matches!(cli.command, Command::Organizations(OrgCmd::Describe { ref id }) if id == "-NM7af6f2")
        );
        let cli = Cli::try_parse_from(["pinecone-admin", "orgs", "describe", "-o", "json", "-NM7"])
            .unwrap();
        assert_eq!(cli.global.output, OutputFormat::Json);
        let cli =
            Cli::try_parse_from(["pinecone-admin", "orgs", "delete", "-NM7", "--yes"]).unwrap();
        assert!(cli.global.yes);
    }

    #[test]
    fn dry_run_needs_cleanup() {
        let err = Cli::try_parse_from(["pinecone-admin", "projects", "delete", "p", "--dry-run"])
            .unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    }
}
