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
mod profiles;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, OutputFormat};
use crate::errors::{CliError, EXIT_USAGE};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let document_format = wants_document(&args);
    let matches = match Cli::command().try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return clap_failure(e, document_format),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_failure(e, document_format),
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

/// Prints a failure (text, or a JSON/YAML document in those modes) on stderr and returns its
/// exit code.
fn report(error: &CliError, format: OutputFormat) -> ExitCode {
    let mut err = std::io::stderr().lock();
    let _ = match format {
        OutputFormat::Json => writeln!(err, "{}", error.to_json()),
        OutputFormat::Yaml => match output::document(format, &error.to_json()) {
            Ok(text) => writeln!(err, "{text}"),
            Err(_) => writeln!(err, "{}", error.to_json()),
        },
        OutputFormat::Table => writeln!(err, "error: {error}"),
    };
    ExitCode::from(error.exit_code())
}

/// Reports a clap parse failure. `--help` and `--version` print normally; usage errors exit 2,
/// as a JSON or YAML document on stderr when that output was asked for.
fn clap_failure(e: clap::Error, document_format: Option<OutputFormat>) -> ExitCode {
    use clap::error::ErrorKind;
    let informational = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if let Some(format) = document_format.filter(|_| !informational) {
        let message = e.render().to_string().trim().to_owned();
        let doc = serde_json::json!({
            "error": { "kind": "usage", "message": message },
            "exit_code": EXIT_USAGE,
        });
        let text = match format {
            OutputFormat::Yaml => {
                output::document(format, &doc).unwrap_or_else(|_| doc.to_string())
            }
            _ => doc.to_string(),
        };
        let _ = writeln!(std::io::stderr().lock(), "{text}");
        return ExitCode::from(EXIT_USAGE);
    }
    let _ = e.print();
    ExitCode::from(match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => 0,
        _ => EXIT_USAGE,
    })
}

/// A best-effort scan for `--output json|yaml` / `-o json|yaml` before parsing, so that even
/// usage errors can be reported as a document.
fn wants_document(args: &[OsString]) -> Option<OutputFormat> {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let value = |i: usize, a: &str| -> Option<String> {
        for prefix in ["--output=", "-o=", "-o"] {
            if let Some(v) = a.strip_prefix(prefix) {
                if !v.is_empty() && a != "--output" {
                    return Some(v.to_owned());
                }
            }
        }
        matches!(a, "--output" | "-o")
            .then(|| args.get(i + 1).cloned())
            .flatten()
    };
    args.iter()
        .enumerate()
        .filter_map(|(i, a)| value(i, a))
        .find_map(|v| match v.as_str() {
            "json" => Some(OutputFormat::Json),
            "yaml" => Some(OutputFormat::Yaml),
            _ => None,
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
    fn document_scan() {
        let json = Some(OutputFormat::Json);
        let yaml = Some(OutputFormat::Yaml);
        assert_eq!(
            wants_document(&os(&["x", "--output", "json", "projects"])),
            json
        );
        assert_eq!(wants_document(&os(&["x", "projects", "-o", "json"])), json);
        assert_eq!(wants_document(&os(&["x", "--output=json"])), json);
        assert_eq!(wants_document(&os(&["x", "-ojson"])), json);
        assert_eq!(wants_document(&os(&["x", "-o", "yaml", "projects"])), yaml);
        assert_eq!(wants_document(&os(&["x", "--output=yaml"])), yaml);
        assert_eq!(wants_document(&os(&["x", "--output", "table"])), None);
        assert_eq!(
            wants_document(&os(&["x", "projects", "create", "json"])),
            None
        );
    }
}
