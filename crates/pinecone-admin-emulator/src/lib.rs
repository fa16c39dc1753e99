//! A stateful local emulator of Pinecone's Admin API (version 2026-07), its OAuth token
//! endpoint, and the control-plane subset a project cleanup needs (indexes, collections,
//! backups, assistants), with fault injection and counters for tests.
//!
//! Everything is served on one port:
//!
//! | path | what |
//! |---|---|
//! | `POST /oauth/token` | client-credentials exchange (JSON or form body) |
//! | `/admin/...` | the 32 Admin API operations, bearer token and `X-Pinecone-Api-Version` required |
//! | `/indexes...`, `/collections...`, `/backups...` | control plane, `Api-Key` of a project key |
//! | `/assistant/assistants...` and `/assistants...` | assistants, `Api-Key` of a project key |
//! | `/_emulator/...` | health, counters, faults, seeding, token expiry (no auth) |
//!
//! State lives in memory and follows the API's rules: UUID ids, validation with the spec's
//! error shape, per-project API key quota, role bindings with their 409s, invites with their
//! lifecycle, cursor pagination with opaque tokens, `412` when deleting a project that still
//! holds resources, deletion protection and a `Terminating` period for deleted indexes.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use pinecone_admin_emulator::{Emulator, FaultAction, FaultRule, ResourceKind};
//!
//! let emu = Emulator::builder().client_credentials("my-id", "my-secret").start().await?;
//! let http = reqwest::Client::new();
//!
//! let token: serde_json::Value = http
//!     .post(emu.oauth_url())
//!     .header("X-Pinecone-Api-Version", "2026-07")
//!     .json(&serde_json::json!({
//!         "client_id": "my-id", "client_secret": "my-secret",
//!         "grant_type": "client_credentials", "audience": "https://api.pinecone.io/",
//!     }))
//!     .send().await?
//!     .json().await?;
//! let bearer = token["access_token"].as_str().unwrap().to_owned();
//!
//! // A create that is processed, then answered 500: a client that retries it blindly
//! // creates the project twice.
//! emu.inject(FaultRule::new("POST", "/admin/projects").times(1).action(FaultAction::ProcessThenFail(500)));
//! let resp = http
//!     .post(format!("{}/admin/projects", emu.admin_url()))
//!     .bearer_auth(&bearer)
//!     .header("X-Pinecone-Api-Version", "2026-07")
//!     .json(&serde_json::json!({"name": "demo"}))
//!     .send().await?;
//! assert_eq!(resp.status(), 500);
//! assert_eq!(emu.counters().creates(ResourceKind::Project), 1);
//! assert_eq!(emu.project_ids().len(), 1);
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod counters;
mod emulator;
mod error;
mod faults;
mod http;
mod seed;
mod store;

pub use counters::{Counters, ResourceKind, UnknownResourceKind};
pub use emulator::{serve, serve_until, Emulator, EmulatorBuilder, EmulatorHandle};
pub use faults::{FaultAction, FaultRule};
pub use seed::{SeedError, SeedProject, SeededApiKey, SeededProject};

/// The Admin API versions the emulator accepts in `X-Pinecone-Api-Version`.
pub const SUPPORTED_API_VERSIONS: [&str; 4] = http::KNOWN_VERSIONS;
