//! `completions SHELL` and `man`: generated from the clap definitions, printed on stdout.

use clap::{Args, CommandFactory, ValueEnum};

use crate::cli::Cli;
use crate::errors::{CliError, EXIT_OK};
use crate::output::Printer;

/// `completions ...`
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Install (see the README for more):
  bash:       pinecone-admin completions bash > ~/.local/share/bash-completion/completions/pinecone-admin
  zsh:        pinecone-admin completions zsh > ~/.zfunc/_pinecone-admin   (with fpath+=~/.zfunc)
  fish:       pinecone-admin completions fish > ~/.config/fish/completions/pinecone-admin.fish
  powershell: pinecone-admin completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells with completion scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// GNU Bash.
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
    /// PowerShell.
    Powershell,
}

/// Prints the completion script for `args.shell`.
pub fn completions(out: &Printer, args: &CompletionsArgs) -> Result<u8, CliError> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "pinecone-admin", &mut script);
    out.line(String::from_utf8_lossy(&script).trim_end())?;
    Ok(EXIT_OK)
}

/// Prints the man page (roff) of the whole tool.
pub fn man(out: &Printer) -> Result<u8, CliError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| CliError::Other(format!("could not render the man page: {e}")))?;
    out.line(String::from_utf8_lossy(&page).trim_end())?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
        ] {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "pinecone-admin", &mut script);
            let script = String::from_utf8(script).unwrap();
            assert!(script.contains("service-accounts"), "{shell}");
            assert!(script.contains("role-bindings"), "{shell}");
        }
    }
}
