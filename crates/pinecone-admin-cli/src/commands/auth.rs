//! `auth login|list|switch|logout|status|token`: named profiles (see [`crate::profiles`]).

use std::io::{self, BufRead, IsTerminal, Write};

use clap::{Args, Subcommand};
use pinecone_admin::{Admin, Secret};
use serde::Serialize;
use serde_json::json;

use super::Ctx;
use crate::errors::{CliError, EXIT_OK};
use crate::output::{opt, Tabular};
use crate::profiles::{self, Profile, ProfilesFile, SecretStore, SecretStoreKind};

/// The profile `auth login` creates when `--profile` / `PINECONE_PROFILE` name none.
const DEFAULT_PROFILE: &str = "default";

/// `auth ...`
#[derive(Debug, Subcommand)]
pub enum AuthCmd {
    /// Check a service account's client id and secret with a token exchange and save them as a
    /// profile (the secret in the OS keyring); the profile becomes the current one.
    Login(LoginArgs),
    /// List the saved profiles (never their secrets).
    #[command(visible_alias = "ls")]
    List,
    /// Make NAME the current profile.
    Switch {
        /// Profile name.
        name: String,
    },
    /// Forget a profile and its stored secret [default: the selected profile].
    Logout {
        /// Profile name.
        name: Option<String>,
    },
    /// Who am I: profile, client id, organization and token expiry (never the secret).
    Status,
    /// Print a fresh access token for scripts. Refused when stdout is a terminal, unless
    /// `--force`.
    Token {
        /// Print even when stdout is a terminal.
        #[arg(long)]
        force: bool,
    },
}

/// `auth login ...`
#[derive(Debug, Args)]
#[command(after_help = "\
The client id comes from --client-id or PINECONE_CLIENT_ID, else it is asked for. The secret
comes from stdin with --secret-stdin, else from PINECONE_CLIENT_SECRET, else it is asked for on
the terminal without echo. --host, --oauth-url and --control-host are saved with the profile.")]
pub struct LoginArgs {
    /// Read the client secret from the first line of stdin.
    #[arg(long)]
    pub secret_stdin: bool,
    /// Where to keep the secret: the OS keyring, or a file readable only by you (mode 0600)
    /// for machines without a keyring.
    #[arg(long, value_enum, default_value_t = SecretStoreKind::Keyring)]
    pub secret_store: SecretStoreKind,
}

/// One row of `auth list`.
#[derive(Debug, Serialize)]
struct ProfileRow {
    name: String,
    current: bool,
    #[serde(flatten)]
    profile: Profile,
}

impl Tabular for ProfileRow {
    fn headers() -> Vec<&'static str> {
        vec!["", "NAME", "CLIENT ID", "HOST", "TOKEN URL", "SECRET STORE"]
    }
    fn row(&self) -> Vec<String> {
        vec![
            if self.current { "*" } else { "" }.to_owned(),
            self.name.clone(),
            self.profile.client_id.clone(),
            opt(&self.profile.host),
            opt(&self.profile.oauth_url),
            format!("{:?}", self.profile.secret_store).to_lowercase(),
        ]
    }
}

pub async fn run(ctx: &Ctx, cmd: AuthCmd) -> Result<u8, CliError> {
    let dir = profiles::config_dir()?;
    match cmd {
        AuthCmd::Login(args) => login(ctx, &dir, args).await,
        AuthCmd::List => {
            let file = ProfilesFile::load(&dir)?;
            let rows: Vec<ProfileRow> = file
                .profiles
                .iter()
                .map(|(name, profile)| ProfileRow {
                    name: name.clone(),
                    current: file.current.as_deref() == Some(name.as_str()),
                    profile: profile.clone(),
                })
                .collect();
            ctx.out.list(&rows, "profiles")?;
            Ok(EXIT_OK)
        }
        AuthCmd::Switch { name } => {
            let mut file = ProfilesFile::load(&dir)?;
            if !file.profiles.contains_key(&name) {
                return Err(unknown(&name));
            }
            file.current = Some(name.clone());
            file.save(&dir)?;
            ctx.out.message(
                &format!("Profile {name} is now the current profile."),
                json!({ "current": name }),
            )?;
            Ok(EXIT_OK)
        }
        AuthCmd::Logout { name } => {
            let mut file = ProfilesFile::load(&dir)?;
            let name = match name
                .or_else(|| ctx.global.profile.clone())
                .or(file.current.clone())
            {
                Some(name) => name,
                None => return Err(CliError::Usage("no profile to log out of".into())),
            };
            let profile = file.profiles.remove(&name).ok_or_else(|| unknown(&name))?;
            SecretStore::open(profile.secret_store, &dir)?.delete(&name)?;
            if file.current.as_deref() == Some(name.as_str()) {
                file.current = None;
            }
            file.save(&dir)?;
            ctx.out.message(
                &format!("Logged out of profile {name}; its secret is deleted."),
                json!({ "logged_out": name }),
            )?;
            Ok(EXIT_OK)
        }
        AuthCmd::Status => status(ctx).await,
        AuthCmd::Token { force } => {
            if io::stdout().is_terminal() && !force {
                return Err(CliError::Usage(
                    "refusing to print an access token on a terminal; pipe it, e.g. \
                     `$(pinecone-admin auth token)`, or pass --force"
                        .into(),
                ));
            }
            let admin = ctx.admin().await?;
            let token = admin.access_token().await?;
            if ctx.out.is_json() {
                ctx.out.json(&json!({
                    "access_token": token.expose(),
                    "expires_in_seconds": admin.token_expires_in().map(|d| d.as_secs()),
                }))?;
            } else {
                ctx.out.line(token.expose())?;
            }
            Ok(EXIT_OK)
        }
    }
}

fn unknown(name: &str) -> CliError {
    CliError::NotFound(format!(
        "no profile named {name:?}; `pinecone-admin auth list` shows the saved ones"
    ))
}

async fn login(ctx: &Ctx, dir: &std::path::Path, args: LoginArgs) -> Result<u8, CliError> {
    let g = &ctx.global;
    let name = g
        .profile
        .clone()
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
    profiles::validate_name(&name)?;
    // Fail on a missing keyring before asking for anything.
    let store = SecretStore::open(args.secret_store, dir)?;
    let interactive = io::stdin().is_terminal() && io::stderr().is_terminal();

    let client_id = match &g.client_id {
        Some(id) => id.clone(),
        None if interactive && !args.secret_stdin => prompt_line("Client id: ")?,
        None => {
            return Err(CliError::Usage(
                "no client id: pass --client-id or set PINECONE_CLIENT_ID".into(),
            ))
        }
    };
    if client_id.trim().is_empty() {
        return Err(CliError::Usage("the client id is empty".into()));
    }
    let secret = if args.secret_stdin {
        let mut line = String::new();
        io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::Other(format!("could not read the secret from stdin: {e}")))?;
        Secret::new(line.trim_end_matches(['\r', '\n']).to_owned())
    } else if let Some(secret) = &g.client_secret {
        Secret::new(secret.as_str().to_owned())
    } else if interactive {
        let typed = rpassword::prompt_password("Client secret (not shown): ")
            .map_err(|e| CliError::Other(format!("could not read the secret: {e}")))?;
        Secret::new(typed)
    } else {
        return Err(CliError::Usage(
            "no client secret: use --secret-stdin, PINECONE_CLIENT_SECRET or a terminal".into(),
        ));
    };
    if secret.is_blank() {
        return Err(CliError::Usage("the client secret is empty".into()));
    }

    // The token exchange proves the pair works before anything is saved.
    let mut builder = Admin::builder()
        .client_id(client_id.trim())
        .client_secret(secret.clone())
        .env(|_| None);
    if let Some(host) = &g.host {
        builder = builder.host(host);
    }
    if let Some(url) = &g.oauth_url {
        builder = builder.oauth_url(url);
    }
    if let Some(host) = &g.control_host {
        builder = builder.control_host(host);
    }
    builder.build().await?;

    store.set(&name, &secret)?;
    if args.secret_store == SecretStoreKind::File {
        eprintln!(
            "warning: the client secret of profile {name} is stored in a plain file under {} \
             (mode 0600): anyone who can read your files can read it.",
            dir.display()
        );
    }
    let mut file = ProfilesFile::load(dir)?;
    let profile = Profile {
        client_id: client_id.trim().to_owned(),
        host: g.host.clone(),
        oauth_url: g.oauth_url.clone(),
        control_host: g.control_host.clone(),
        secret_store: args.secret_store,
    };
    file.profiles.insert(name.clone(), profile.clone());
    file.current = Some(name.clone());
    file.save(dir)?;
    ctx.out.message(
        &format!(
            "Logged in: profile {name} (client id {}) is saved and is now the current profile.",
            profile.client_id
        ),
        json!({ "profile": name, "current": true, "client_id": profile.client_id,
                "secret_store": profile.secret_store }),
    )?;
    Ok(EXIT_OK)
}

async fn status(ctx: &Ctx) -> Result<u8, CliError> {
    let resolved = ctx.resolve()?;
    let admin = ctx.admin().await?;
    admin.access_token().await?;
    let expires_in = admin.token_expires_in().map(|d| d.as_secs());
    let orgs = admin.organizations().list().await?;
    let org = orgs.first();
    let doc = json!({
        "profile": resolved.profile_name,
        "credentials_from": resolved.credentials_from,
        "client_id": resolved.client_id,
        "host": admin.host(),
        "organization": org.map(|o| json!({ "id": o.id, "name": o.name })),
        "token_expires_in_seconds": expires_in,
    });
    let text = format!(
        "Profile:       {}\nCredentials:   {}\nClient id:     {}\nAdmin host:    {}\nOrganization:  {}\nToken expires: {}",
        resolved.profile_name.as_deref().unwrap_or("-"),
        resolved.credentials_from,
        resolved.client_id.as_deref().unwrap_or("-"),
        admin.host(),
        org.map(|o| format!("{} ({})", o.name, o.id)).unwrap_or_else(|| "-".into()),
        expires_in.map(|s| format!("in {s} s")).unwrap_or_else(|| "unknown".into()),
    );
    ctx.out.message(&text, doc)?;
    Ok(EXIT_OK)
}

/// Asks for one line on the terminal (echoed: for non-secret values only).
fn prompt_line(prompt: &str) -> Result<String, CliError> {
    let mut err = io::stderr().lock();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Other(format!("could not read from the terminal: {e}")))?;
    Ok(line.trim().to_owned())
}
