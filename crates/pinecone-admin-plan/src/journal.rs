//! The journal: which creates are in flight, so that a key whose value was never delivered
//! (the process died between the create and the delivery) is replaced on the next run instead
//! of being left unusable and unnoticed. It holds names only, never a secret.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One create whose secret was not confirmed delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InFlight {
    /// An API key, by project and key name.
    ApiKey {
        /// The project name.
        project: String,
        /// The key name.
        name: String,
    },
    /// A service account (its client secret), by name.
    ServiceAccount {
        /// The service account name.
        name: String,
    },
}

/// The journal file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// Creates started and not yet delivered.
    #[serde(default)]
    pub in_flight: Vec<InFlight>,
    #[serde(skip)]
    path: Option<PathBuf>,
}

impl Journal {
    /// Loads the journal at `path` (an absent file is an empty journal).
    ///
    /// ```
    /// let j = pinecone_admin_plan::Journal::load("/nonexistent/journal.json".as_ref()).unwrap();
    /// assert!(j.in_flight.is_empty());
    /// ```
    pub fn load(path: &Path) -> std::io::Result<Self> {
        let mut journal = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Journal::default(),
            Err(e) => return Err(e),
        };
        journal.path = Some(path.to_owned());
        Ok(journal)
    }

    /// The default journal path for a manifest: `<manifest>.journal.json` beside it.
    pub fn path_for(manifest: &Path) -> PathBuf {
        let mut name = manifest.as_os_str().to_owned();
        name.push(".journal.json");
        PathBuf::from(name)
    }

    /// Whether the value of this key was never delivered.
    pub fn undelivered(&self, project: &str, name: &str) -> bool {
        self.in_flight.iter().any(
            |e| matches!(e, InFlight::ApiKey { project: p, name: n } if p == project && n == name),
        )
    }

    /// Whether the client secret of this service account was never delivered.
    pub fn undelivered_secret(&self, service_account: &str) -> bool {
        self.in_flight
            .iter()
            .any(|e| matches!(e, InFlight::ServiceAccount { name } if name == service_account))
    }

    /// Records a create about to start, on disk, before the request goes out.
    pub fn start(&mut self, entry: InFlight) -> std::io::Result<()> {
        if !self.in_flight.contains(&entry) {
            self.in_flight.push(entry);
        }
        self.save()
    }

    /// Records a create whose secret has been delivered.
    pub fn done(&mut self, entry: &InFlight) -> std::io::Result<()> {
        self.in_flight.retain(|e| e != entry);
        self.save()
    }

    /// Writes the journal atomically (a temporary file renamed over it); removes it when empty.
    fn save(&self) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if self.in_flight.is_empty() {
            return match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path)
    }
}
