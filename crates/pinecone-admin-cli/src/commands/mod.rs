//! Running a parsed command: building the client, dispatching to one module per resource.

mod api_keys;
pub mod audit;
pub mod auth;
pub mod completions;
mod emulator;
pub mod gitops;
mod invites;
mod organizations;
mod projects;
mod role_bindings;
mod service_accounts;
mod users;

use pinecone_admin::{Admin, Secret};
use serde_json::json;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::confirm::confirm;
use crate::errors::{CliError, EXIT_OK};
use crate::output::Printer;
use crate::profiles::{self, ProfilesFile, SecretStore};

/// Which credential values were typed on the command line (rather than read from the
/// environment by clap). Decides precedence exactly like the client library does: a token on
/// the command line wins; client credentials on the command line beat a token from the
/// environment; otherwise a token from the environment wins.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources {
    /// `--client-id` was given.
    pub client_id_on_command_line: bool,
    /// `--client-secret` was given.
    pub client_secret_on_command_line: bool,
    /// `--access-token` was given.
    pub access_token_on_command_line: bool,
}

/// The connection settings after applying flags, environment and profile.
#[derive(Debug)]
pub struct Resolved {
    /// The selected profile, if any.
    pub profile_name: Option<String>,
    /// Where the credentials came from: `command line`, `environment`, `profile` or `none`.
    pub credentials_from: &'static str,
    /// Client id.
    pub client_id: Option<String>,
    /// Client secret (prints masked).
    pub client_secret: Option<Secret>,
    /// Admin host.
    pub host: Option<String>,
    /// Token URL.
    pub oauth_url: Option<String>,
    /// Control-plane host.
    pub control_host: Option<String>,
}

/// What every command needs: the global flags, where they came from, and the printer.
pub struct Ctx {
    /// Global flags.
    pub global: GlobalArgs,
    /// Where credential flags came from.
    pub sources: Sources,
    /// Output in the chosen format.
    pub out: Printer,
}

impl Ctx {
    /// Decides every connection setting: flags > environment > the selected profile
    /// (`--profile`, else `PINECONE_PROFILE`, else the current one). Credentials are taken as
    /// a whole: when any of client id, secret or token is given by flag or environment, the
    /// profile's credentials are not used.
    pub fn resolve(&self) -> Result<Resolved, CliError> {
        let g = &self.global;
        let dir = profiles::config_dir()?;
        let file = ProfilesFile::load(&dir)?;
        let selected = g.profile.clone().or(file.current.clone());
        let profile = match &selected {
            Some(name) => Some(file.profiles.get(name).cloned().ok_or_else(|| {
                CliError::NotFound(format!(
                    "no profile named {name:?}; `pinecone-admin auth list` shows the saved ones"
                ))
            })?),
            None => None,
        };
        let given = g.client_id.is_some() || g.client_secret.is_some() || g.access_token.is_some();
        let on_command_line = self.sources.client_id_on_command_line
            || self.sources.client_secret_on_command_line
            || self.sources.access_token_on_command_line;
        let p = profile.as_ref();
        let mut resolved = Resolved {
            profile_name: selected.clone(),
            credentials_from: if on_command_line {
                "command line"
            } else if given {
                "environment"
            } else {
                "none"
            },
            client_id: g.client_id.clone(),
            client_secret: g
                .client_secret
                .as_ref()
                .map(|s| Secret::new(s.as_str().to_owned())),
            host: g.host.clone().or_else(|| p.and_then(|p| p.host.clone())),
            oauth_url: g
                .oauth_url
                .clone()
                .or_else(|| p.and_then(|p| p.oauth_url.clone())),
            control_host: g
                .control_host
                .clone()
                .or_else(|| p.and_then(|p| p.control_host.clone())),
        };
        if let (false, Some(name), Some(p)) = (given, &selected, p) {
            resolved.credentials_from = "profile";
            resolved.client_id = Some(p.client_id.clone());
            resolved.client_secret = Some(SecretStore::open(p.secret_store, &dir)?.get(name)?);
        }
        Ok(resolved)
    }

    /// Builds the API client from the flags, the environment and the selected profile (see
    /// [`resolve`](Self::resolve)); fetches the first token.
    pub async fn admin(&self) -> Result<Admin, CliError> {
        let g = &self.global;
        let r = self.resolve()?;
        let mut builder = Admin::builder();
        let cli_credentials =
            self.sources.client_id_on_command_line || self.sources.client_secret_on_command_line;
        let use_token = match &g.access_token {
            Some(_) if self.sources.access_token_on_command_line => true,
            Some(_) => !cli_credentials,
            None => false,
        };
        if use_token {
            if let Some(token) = &g.access_token {
                builder = builder.access_token(token.as_str());
            }
        } else {
            if let Some(id) = &r.client_id {
                builder = builder.client_id(id);
            }
            if let Some(secret) = r.client_secret.clone() {
                builder = builder.client_secret(secret);
            }
            // Do not let the library pick up a token from the environment over the client
            // credentials we chose.
            builder = builder.env(|key| {
                (key != "PINECONE_ACCESS_TOKEN")
                    .then(|| std::env::var(key).ok())
                    .flatten()
            });
        }
        if let Some(host) = &r.host {
            builder = builder.host(host);
        }
        if let Some(url) = &r.oauth_url {
            builder = builder.oauth_url(url);
        }
        if let Some(host) = &r.control_host {
            builder = builder.control_host(host);
        }
        tracing::debug!(
            host = ?r.host,
            oauth_url = ?r.oauth_url,
            profile = ?r.profile_name,
            auth = if use_token { "access token" } else { "client credentials" },
            credentials_from = r.credentials_from,
            "building the client"
        );
        Ok(builder.build().await?)
    }

    /// Asks for confirmation of a destructive action (see [`confirm`]).
    pub fn confirm(&self, action: &str) -> Result<(), CliError> {
        confirm(action, self.global.yes)
    }

    /// Prints `Deleted <kind> <id>.` or `{"deleted": true, "kind": ..., "id": ...}`.
    pub fn deleted(&self, kind: &str, id: &str) -> Result<u8, CliError> {
        self.out.message(
            &format!("Deleted {kind} {id}."),
            json!({ "deleted": true, "kind": kind, "id": id }),
        )?;
        Ok(EXIT_OK)
    }
}

/// Runs one command; returns the exit code on success (0, or 3 for `projects exists` → false).
pub async fn run(cli: Cli, sources: Sources) -> Result<u8, CliError> {
    let ctx = Ctx {
        out: Printer::new(cli.global.output),
        global: cli.global,
        sources,
    };
    match cli.command {
        Command::Organizations(cmd) => organizations::run(&ctx, cmd).await,
        Command::Projects(cmd) => projects::run(&ctx, cmd).await,
        Command::ApiKeys(cmd) => api_keys::run(&ctx, cmd).await,
        Command::Users(cmd) => users::run(&ctx, cmd).await,
        Command::Invites(cmd) => invites::run(&ctx, cmd).await,
        Command::ServiceAccounts(cmd) => service_accounts::run(&ctx, cmd).await,
        Command::RoleBindings(cmd) => role_bindings::run(&ctx, cmd).await,
        Command::Emulator(args) => emulator::run(&ctx, args).await,
        Command::Export(args) => gitops::run_export(&ctx, args).await,
        Command::Plan(args) => gitops::run_plan(&ctx, args).await,
        Command::Apply(args) => gitops::run_apply(&ctx, args).await,
        Command::Completions(args) => completions::completions(&ctx.out, &args),
        Command::Man => completions::man(&ctx.out),
        Command::Auth(cmd) => auth::run(&ctx, cmd).await,
        Command::Audit(args) => audit::run(&ctx, args).await,
    }
}

/// Collects a paginated listing, stopping after `limit` items when given.
pub async fn collect<T, S>(stream: S, limit: Option<usize>) -> Result<Vec<T>, CliError>
where
    S: futures::Stream<Item = pinecone_admin::Result<T>> + Unpin,
{
    use futures::{StreamExt, TryStreamExt};
    let items = match limit {
        Some(n) => stream.take(n).try_collect().await?,
        None => stream.try_collect().await?,
    };
    Ok(items)
}
