//! Project automation for pinecone-admin-rs.
//!
//! `cargo xtask codegen` regenerates `crates/admin-api-raw/src/generated/` from every
//! `openapi/*.oas.yaml` (spec → [`normalize`] → progenitor → rustfmt); `cargo xtask codegen
//! --check` regenerates in memory and fails, naming each stale, missing or extra file, when the
//! checked-in code does not match the specs.

mod codegen;
mod normalize;
mod ops;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "pinecone-admin-rs project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate crates/admin-api-raw/src/generated/ from openapi/*.oas.yaml.
    Codegen {
        /// Do not write anything: fail if the generated files on disk are stale, missing or extra.
        #[arg(long)]
        check: bool,
        /// Directory holding the `*.oas.yaml` specs (default: `openapi/`).
        #[arg(long, value_name = "DIR")]
        spec_dir: Option<PathBuf>,
        /// Output directory (default: `crates/admin-api-raw/src/generated/`).
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

/// The workspace root: the parent of xtask's manifest directory. Read from the environment
/// `cargo run` sets at run time, not `env!` at compile time: cargo does not rebuild a workspace
/// member when the workspace is moved, so a compile-time path can point at another checkout.
fn workspace_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen {
            check,
            spec_dir,
            out_dir,
        } => {
            let root = workspace_root();
            let opts = codegen::Options {
                check,
                spec_dir: spec_dir.unwrap_or_else(|| root.join("openapi")),
                out_dir: out_dir.unwrap_or_else(|| root.join("crates/admin-api-raw/src/generated")),
                root,
            };
            match codegen::run(&opts) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
