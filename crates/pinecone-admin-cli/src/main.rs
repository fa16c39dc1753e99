//! `pinecone-admin`: the command-line tool for Pinecone's Admin API.
//!
//! Every resource of the API has a subcommand (`organizations`, `projects`, `api-keys`,
//! `users`, `invites`, `service-accounts`, `role-bindings`), and `emulator` serves a local
//! emulator to try them without an account. Run `pinecone-admin --help` for the exit codes and
//! the credential variables; the crate README has examples.

#![forbid(unsafe_code)]

mod cli;
mod commands;
mod confirm;
mod duration;
mod errors;
mod output;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, OutputFormat};
use crate::errors::{CliError, EXIT_USAGE};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let json_requested = wants_json(&args);
    let matches = match Cli::command().try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return clap_failure(e, json_requested),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_failure(e, json_requested),
    };
    let sources = commands::Sources {
        client_id_on_command_line: from_command_line(&matches, "client_id"),
        client_secret_on_command_line: from_command_line(&matches, "client_secret"),
        access_token_on_command_line: from_command_line(&matches, "access_token"),
    };
    if cli.global.verbose {
        init_tracing();
    }
    let format = cli.global.output;

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return report(
                &CliError::Other(format!("could not start the async runtime: {e}")),
                format,
            )
        }
    };
    let result = runtime.block_on(commands::run(cli, sources));
    // Do not wait for stray background tasks (e.g. an emulator's connections) on the way out.
    runtime.shutdown_background();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => report(&e, format),
    }
}

/// Whether a global value came from the command line (not from the environment).
fn from_command_line(matches: &clap::ArgMatches, id: &str) -> bool {
    let mut current = matches;
    loop {
        if current.value_source(id) == Some(ValueSource::CommandLine) {
            return true;
        }
        match current.subcommand() {
            Some((_, sub)) => current = sub,
            None => return false,
        }
    }
}

/// Prints a failure (text, or JSON in json mode) on stderr and returns its exit code.
fn report(error: &CliError, format: OutputFormat) -> ExitCode {
    let mut err = std::io::stderr().lock();
    let _ = match format {
        OutputFormat::Json => writeln!(err, "{}", error.to_json()),
        OutputFormat::Table => writeln!(err, "error: {error}"),
    };
    ExitCode::from(error.exit_code())
}

/// Reports a clap parse failure. `--help` and `--version` print normally; usage errors exit 2,
/// as JSON on stderr when json output was asked for.
fn clap_failure(e: clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    let informational = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if json && !informational {
        let message = e.render().to_string().trim().to_owned();
        let doc = serde_json::json!({
            "error": { "kind": "usage", "message": message },
            "exit_code": EXIT_USAGE,
        });
        let _ = writeln!(std::io::stderr().lock(), "{doc}");
        return ExitCode::from(EXIT_USAGE);
    }
    let _ = e.print();
    ExitCode::from(match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
        _ => EXIT_USAGE,
    })
}

/// A best-effort scan for `--output json` / `-o json` before parsing, so that even usage
/// errors can be reported as JSON.
fn wants_json(args: &[OsString]) -> bool {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.iter().enumerate().any(|(i, a)| {
        matches!(a.as_str(), "--output=json" | "-ojson" | "-o=json")
            || (matches!(a.as_str(), "--output" | "-o")
                && args.get(i + 1).is_some_and(|next| next == "json"))
    })
}

/// `--verbose`: debug traces of this tool and the client library on stderr.
fn init_tracing() {
    use std::io::IsTerminal;
    // The binary's own crate is also named `pinecone_admin`, like the library: one directive
    // covers both.
    let filter = tracing_subscriber::EnvFilter::new(
        "info,pinecone_admin=debug,pinecone_admin_emulator=debug",
    );
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(true)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn json_scan() {
        assert!(wants_json(&os(&["x", "--output", "json", "projects"])));
        assert!(wants_json(&os(&["x", "projects", "-o", "json"])));
        assert!(wants_json(&os(&["x", "--output=json"])));
        assert!(!wants_json(&os(&["x", "--output", "table"])));
        assert!(!wants_json(&os(&["x", "projects", "create", "json"])));
    }
}
