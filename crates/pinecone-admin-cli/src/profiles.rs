//! Named profiles: non-secret settings in `profiles.json` in the config directory, and each
//! profile's client secret in the OS keyring (or, when asked, a mode-0600 file).
//!
//! The config directory is `$PINECONE_ADMIN_CONFIG_DIR` when set, else `pinecone-admin` in the
//! user's config directory (`$XDG_CONFIG_HOME` or `~/.config` on Linux, `~/Library/Application
//! Support` on macOS, `%APPDATA%` on Windows).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::ValueEnum;
use pinecone_admin::Secret;
use serde::{Deserialize, Serialize};

use crate::errors::CliError;

/// Overrides the config directory (tests, portable setups).
pub const CONFIG_DIR_ENV: &str = "PINECONE_ADMIN_CONFIG_DIR";
/// The keyring service name under which secrets are stored (the user name is the profile).
const KEYRING_SERVICE: &str = "pinecone-admin";

/// Where a profile's client secret is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum SecretStoreKind {
    /// The OS keyring (Secret Service, Keychain, Windows Credential Manager).
    Keyring,
    /// A file readable only by you (mode 0600) in the config directory. Use where no keyring
    /// exists (headless machines); anyone who can read your files as you can read it.
    File,
}

/// One profile's non-secret settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// OAuth client id of the service account.
    pub client_id: String,
    /// Admin API host (`None`: the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// OAuth token URL (`None`: the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_url: Option<String>,
    /// Control-plane host (`None`: the admin host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_host: Option<String>,
    /// Where the secret is.
    pub secret_store: SecretStoreKind,
}

/// The whole `profiles.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProfilesFile {
    /// The profile used when neither `--profile` nor `PINECONE_PROFILE` names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// The config directory (see the module docs).
pub fn config_dir() -> Result<PathBuf, CliError> {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|d| d.join("pinecone-admin"))
        .ok_or_else(|| {
            CliError::Other(format!(
                "no config directory found for this user; set {CONFIG_DIR_ENV}"
            ))
        })
}

impl ProfilesFile {
    fn path(dir: &Path) -> PathBuf {
        dir.join("profiles.json")
    }

    /// Reads `profiles.json` from `dir` (empty when it does not exist).
    pub fn load(dir: &Path) -> Result<Self, CliError> {
        let path = Self::path(dir);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                CliError::Other(format!(
                    "{} is not a valid profiles file: {e}",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(CliError::Other(format!(
                "could not read {}: {e}",
                path.display()
            ))),
        }
    }

    /// Writes `profiles.json` to `dir` (creating it), replacing the file atomically.
    pub fn save(&self, dir: &Path) -> Result<(), CliError> {
        create_private_dir(dir)?;
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| CliError::Other(format!("could not encode the profiles: {e}")))?;
        let path = Self::path(dir);
        let tmp = dir.join("profiles.json.tmp");
        fs::write(&tmp, text + "\n")
            .and_then(|()| fs::rename(&tmp, &path))
            .map_err(|e| CliError::Other(format!("could not write {}: {e}", path.display())))
    }
}

fn create_private_dir(dir: &Path) -> Result<(), CliError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| CliError::Other(format!("could not create {}: {e}", dir.display())))
}

/// A place to keep client secrets.
pub enum SecretStore {
    /// A keyring credential store (the OS one, or keyring's mock store in tests).
    Keyring(Arc<keyring_core::CredentialStore>),
    /// Files `secrets/<profile>` (mode 0600) under this config directory.
    File(PathBuf),
}

impl SecretStore {
    /// Opens the store of `kind`. For the keyring, fails with a message that offers the file
    /// fallback when this machine has no usable keyring.
    pub fn open(kind: SecretStoreKind, config_dir: &Path) -> Result<Self, CliError> {
        match kind {
            SecretStoreKind::File => Ok(Self::File(config_dir.to_owned())),
            SecretStoreKind::Keyring => {
                let status = keyring::Entry::store_status();
                match (status, keyring_core::get_default_store()) {
                    (Ok(()), Some(store)) => Ok(Self::Keyring(store)),
                    (Err(e), _) => Err(no_keyring(e)),
                    (Ok(()), None) => Err(no_keyring("no default credential store")),
                }
            }
        }
    }

    fn entry(
        store: &Arc<keyring_core::CredentialStore>,
        profile: &str,
    ) -> Result<keyring_core::Entry, CliError> {
        keyring_core::Entry::new_in_store(store, KEYRING_SERVICE, profile).map_err(no_keyring)
    }

    fn file(dir: &Path, profile: &str) -> PathBuf {
        dir.join("secrets").join(profile)
    }

    /// Stores `secret` for `profile`.
    pub fn set(&self, profile: &str, secret: &Secret) -> Result<(), CliError> {
        match self {
            Self::Keyring(store) => Self::entry(store, profile)?
                .set_password(secret.expose())
                .map_err(no_keyring),
            Self::File(dir) => {
                let path = Self::file(dir, profile);
                create_private_dir(&dir.join("secrets"))?;
                let mut options = fs::OpenOptions::new();
                options.write(true).create(true).truncate(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.mode(0o600);
                }
                let write = |path: &Path| -> std::io::Result<()> {
                    let mut file = options.open(path)?;
                    #[cfg(unix)]
                    {
                        use std::os::unix::fs::PermissionsExt;
                        file.set_permissions(fs::Permissions::from_mode(0o600))?;
                    }
                    file.write_all(secret.expose().as_bytes())
                };
                write(&path).map_err(|e| {
                    CliError::Other(format!("could not write {}: {e}", path.display()))
                })
            }
        }
    }

    /// The secret stored for `profile`.
    pub fn get(&self, profile: &str) -> Result<Secret, CliError> {
        let missing = || {
            CliError::Usage(format!(
                "profile {profile:?} has no stored secret; run `pinecone-admin auth login --profile {profile}`"
            ))
        };
        match self {
            Self::Keyring(store) => match Self::entry(store, profile)?.get_password() {
                Ok(secret) => Ok(Secret::new(secret)),
                Err(keyring_core::Error::NoEntry) => Err(missing()),
                Err(e) => Err(no_keyring(e)),
            },
            Self::File(dir) => match fs::read_to_string(Self::file(dir, profile)) {
                Ok(secret) => Ok(Secret::new(secret.trim_end().to_owned())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(missing()),
                Err(e) => Err(CliError::Other(format!(
                    "could not read the secret file: {e}"
                ))),
            },
        }
    }

    /// Removes the secret of `profile` (no error when there is none).
    pub fn delete(&self, profile: &str) -> Result<(), CliError> {
        match self {
            Self::Keyring(store) => match Self::entry(store, profile)?.delete_credential() {
                Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
                Err(e) => Err(no_keyring(e)),
            },
            Self::File(dir) => match fs::remove_file(Self::file(dir, profile)) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(CliError::Other(format!(
                    "could not remove the secret file: {e}"
                ))),
            },
        }
    }
}

fn no_keyring(e: impl std::fmt::Display) -> CliError {
    CliError::Other(format!(
        "the OS keyring is not available ({e}). On a machine without one (e.g. headless Linux), \
         rerun with `--secret-store file` to keep the secret in a file readable only by you \
         (mode 0600) in the config directory"
    ))
}

/// Checks a profile name: letters, digits, `-`, `_`, `.`; 1 to 64 characters.
pub fn validate_name(name: &str) -> Result<(), CliError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "invalid profile name {name:?}: use 1 to 64 letters, digits, '-', '_' or '.'"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyring_store_round_trip_through_the_mock_store() {
        let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
        let secrets = SecretStore::Keyring(store);
        assert!(matches!(secrets.get("staging"), Err(CliError::Usage(_))));
        secrets.set("staging", &Secret::new("s3cret")).unwrap();
        assert_eq!(secrets.get("staging").unwrap().expose(), "s3cret");
        secrets.set("staging", &Secret::new("rotated")).unwrap();
        assert_eq!(secrets.get("staging").unwrap().expose(), "rotated");
        secrets.delete("staging").unwrap();
        secrets.delete("staging").unwrap();
        assert!(matches!(secrets.get("staging"), Err(CliError::Usage(_))));
    }

    #[test]
    fn file_store_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = SecretStore::File(dir.path().to_owned());
        secrets.set("ci", &Secret::new("s3cret")).unwrap();
        assert_eq!(secrets.get("ci").unwrap().expose(), "s3cret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("secrets/ci"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        secrets.delete("ci").unwrap();
        assert!(secrets.get("ci").is_err());
    }

    #[test]
    fn profiles_file_round_trip_holds_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        assert!(ProfilesFile::load(dir.path()).unwrap().profiles.is_empty());
        let mut file = ProfilesFile {
            current: Some("dev".into()),
            ..ProfilesFile::default()
        };
        file.profiles.insert(
            "dev".into(),
            Profile {
                client_id: "id".into(),
                host: Some("http://127.0.0.1:1".into()),
                oauth_url: None,
                control_host: None,
                secret_store: SecretStoreKind::File,
            },
        );
        file.save(dir.path()).unwrap();
        let back = ProfilesFile::load(dir.path()).unwrap();
        assert_eq!(back.current.as_deref(), Some("dev"));
        assert_eq!(back.profiles, file.profiles);
    }

    #[test]
    fn profile_names() {
        assert!(validate_name("staging-2").is_ok());
        assert!(validate_name("").is_err());
        assert!(validate_name("../x").is_err());
        assert!(validate_name(".hidden").is_err());
    }
}
