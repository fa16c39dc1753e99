//! Confirmation of destructive commands.
//!
//! `--yes` skips the question. Otherwise the question is asked on the terminal (stderr) and
//! answered on stdin; with no terminal (CI, pipes) the command is refused with a usage error
//! instead of waiting for input that never comes.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::errors::CliError;

/// Asks "`action`?" unless `yes`; returns `Ok(())` to go ahead.
///
/// # Errors
/// [`CliError::Usage`] when there is no terminal to ask on; [`CliError::Declined`] when the
/// answer is not yes.
pub fn confirm(action: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    let interactive = io::stdin().is_terminal() && io::stderr().is_terminal();
    decide(action, interactive, || prompt(action))
}

/// The decision, separated from the terminal for tests: `ask` is called only when interactive.
fn decide(
    action: &str,
    interactive: bool,
    ask: impl FnOnce() -> io::Result<String>,
) -> Result<(), CliError> {
    if !interactive {
        return Err(CliError::Usage(format!(
            "refusing to {action} without confirmation: no terminal to ask on; pass --yes to confirm"
        )));
    }
    let answer = ask().map_err(|e| CliError::Other(format!("could not read the answer: {e}")))?;
    if is_yes(&answer) {
        Ok(())
    } else {
        Err(CliError::Declined(format!("aborted: did not {action}")))
    }
}

fn prompt(action: &str) -> io::Result<String> {
    let mut err = io::stderr().lock();
    write!(err, "{} [y/N] ", capitalize(action))?;
    err.flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    Ok(answer)
}

fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + "?",
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_flag_skips_everything() {
        assert!(confirm("delete project p", true).is_ok());
    }

    #[test]
    fn no_terminal_refuses_without_asking() {
        let err = decide("delete project p", false, || panic!("must not ask")).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("--yes"));
    }

    #[test]
    fn answers() {
        assert!(decide("x", true, || Ok("y\n".into())).is_ok());
        assert!(decide("x", true, || Ok(" YES \n".into())).is_ok());
        let declined = decide("x", true, || Ok("\n".into())).unwrap_err();
        assert_eq!(declined.exit_code(), 1);
        assert!(decide("x", true, || Ok("no".into())).is_err());
    }

    #[test]
    fn question_text() {
        assert_eq!(capitalize("delete project p"), "Delete project p?");
    }
}
