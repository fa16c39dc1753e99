//! Where new secrets go: only where the user says. A file created with mode 0600 (refusing to
//! overwrite unless asked), in dotenv or JSON Lines form, or a command that reads one JSON
//! document per secret on stdin. Never the terminal, never a log.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;

use pinecone_admin::Secret;

/// A new secret to deliver. `Debug` masks the value.
pub struct NewSecret {
    /// `api_key` or `service_account`.
    pub kind: &'static str,
    /// The project name (API keys only).
    pub project: Option<String>,
    /// The key or service account name.
    pub name: String,
    /// The key or service account id.
    pub id: String,
    /// The OAuth client id (service accounts only; not a secret).
    pub client_id: Option<String>,
    /// The value.
    pub value: Secret,
}

impl std::fmt::Debug for NewSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSecret")
            .field("kind", &self.kind)
            .field("project", &self.project)
            .field("name", &self.name)
            .field("id", &self.id)
            .field("value", &self.value)
            .finish()
    }
}

impl NewSecret {
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "kind": self.kind,
            "project": self.project,
            "name": self.name,
            "id": self.id,
            "client_id": self.client_id,
            "value": self.value.expose(),
        })
    }

    fn dotenv(&self) -> String {
        let base = match &self.project {
            Some(p) => format!("{}_{}_{}", self.kind, p, self.name),
            None => format!("{}_{}", self.kind, self.name),
        };
        let var: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        let mut out = String::new();
        if let Some(id) = &self.client_id {
            out.push_str(&format!("{var}_CLIENT_ID={id}\n"));
        }
        out.push_str(&format!("{var}={}\n", self.value.expose()));
        out
    }
}

/// The form of a secrets file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretsFormat {
    /// `NAME=value` lines.
    Dotenv,
    /// One JSON object per line.
    JsonLines,
}

/// Where secrets go.
#[derive(Debug)]
pub enum SecretSink {
    /// Nowhere: an apply that would create a secret refuses to start.
    None,
    /// A file, created on the first secret with mode 0600.
    File {
        /// The path.
        path: PathBuf,
        /// Its form.
        format: SecretsFormat,
        /// Replace an existing file instead of refusing.
        overwrite: bool,
        /// The open file, once created.
        #[doc(hidden)]
        open: Mutex<Option<std::fs::File>>,
    },
    /// A shell command run once per secret, with the secret as JSON on its stdin.
    Command(String),
    /// Dropped unread: for a throwaway organization such as a local emulator.
    Discard,
}

impl SecretSink {
    /// A file sink; the form follows the extension (`.env` → dotenv, otherwise JSON Lines).
    ///
    /// ```
    /// let sink = pinecone_admin_plan::SecretSink::file("out/secrets.env".into(), false);
    /// assert!(sink.is_some());
    /// ```
    pub fn file(path: PathBuf, overwrite: bool) -> Option<Self> {
        let format = if path.extension().is_some_and(|e| e == "env") {
            SecretsFormat::Dotenv
        } else {
            SecretsFormat::JsonLines
        };
        Some(SecretSink::File {
            path,
            format,
            overwrite,
            open: Mutex::new(None),
        })
    }

    /// Whether secrets can be delivered.
    pub fn is_some(&self) -> bool {
        !matches!(self, SecretSink::None)
    }

    /// Checks before any change that the file may be written (absent, or overwrite allowed).
    pub fn preflight(&self) -> Result<(), String> {
        if let SecretSink::File {
            path,
            overwrite: false,
            ..
        } = self
        {
            if path.exists() {
                return Err(format!(
                    "{} exists; refusing to overwrite secrets (pass --overwrite-secrets)",
                    path.display()
                ));
            }
        }
        Ok(())
    }

    /// Delivers one secret.
    pub fn deliver(&self, secret: &NewSecret) -> Result<(), String> {
        match self {
            SecretSink::None => {
                Err("no secrets destination (--secrets-out or --secrets-cmd)".into())
            }
            SecretSink::Discard => Ok(()),
            SecretSink::File {
                path,
                format,
                overwrite,
                open,
            } => {
                let mut guard = open.lock().map_err(|_| "secrets file lock poisoned")?;
                if guard.is_none() {
                    *guard = Some(
                        create_private(path, *overwrite)
                            .map_err(|e| format!("cannot create {}: {e}", path.display()))?,
                    );
                }
                let file = guard.as_mut().expect("just opened");
                let text = match format {
                    SecretsFormat::Dotenv => secret.dotenv(),
                    SecretsFormat::JsonLines => format!("{}\n", secret.json()),
                };
                file.write_all(text.as_bytes())
                    .and_then(|()| file.sync_all())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))
            }
            SecretSink::Command(cmd) => {
                let mut child = Command::new("sh")
                    .arg("-c")
                    .arg(cmd)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::null())
                    .spawn()
                    .map_err(|e| format!("cannot run --secrets-cmd: {e}"))?;
                let written = match child.stdin.take() {
                    // Dropping stdin closes it, so the command sees the end of its input.
                    Some(mut stdin) => stdin.write_all(secret.json().to_string().as_bytes()),
                    None => Ok(()),
                };
                let status = child.wait().map_err(|e| format!("--secrets-cmd: {e}"))?;
                if status.success() {
                    if let Err(e) = written {
                        return Err(format!("cannot write to --secrets-cmd: {e}"));
                    }
                }
                if status.success() {
                    Ok(())
                } else {
                    Err(format!("--secrets-cmd failed ({status})"))
                }
            }
        }
    }
}

fn create_private(path: &std::path::Path, overwrite: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}
