//! The emulator's integration tests, as one test binary (one link instead of six): each module
//! is one area, driven over real HTTP on loopback. Run one area with
//! `cargo test -p pinecone-admin-emulator --test emulator -- oauth::`.

mod common;

mod admin_principals;
mod admin_resources;
mod binary;
mod control_plane;
mod oauth;
mod wire_and_faults;
