//! The facade's integration tests, as one test binary: each module is one area, and each runs
//! against the emulator (or wiremock, for wire shapes) over real HTTP on loopback.
//!
//! One binary instead of one per file: every test binary links the whole dependency tree, so
//! seventeen of them cost minutes of linking and gigabytes of disk. Run one area with
//! `cargo test -p pinecone-admin --all-features --test facade -- tokens::`.

// The shared harness (emulator, client, clock, proxy, log capture), as `crate::common`.
use pinecone_admin_test_support as common;

mod common_workflows;

#[cfg(feature = "blocking")]
mod blocking;
mod cleanup;
mod construction;
mod errors;
mod hardening;
mod ids;
mod invites;
mod pagination;
mod resources;
mod retries;
mod role_bindings;
mod service_accounts;
mod tokens;
mod users;
mod wire;
mod workflows;
