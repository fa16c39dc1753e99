//! `emulator`: serve the local emulator in the foreground until Ctrl-C (or SIGTERM).

use pinecone_admin_emulator::Emulator;
use serde_json::json;

use super::Ctx;
use crate::cli::EmulatorArgs;
use crate::errors::{CliError, EXIT_OK};

pub async fn run(ctx: &Ctx, args: EmulatorArgs) -> Result<u8, CliError> {
    // A bad manifest fails before anything starts.
    let manifest = match &args.from {
        Some(path) => Some(
            pinecone_admin_plan::parse_file(path).map_err(|e| CliError::Other(e.to_string()))?,
        ),
        None => None,
    };
    let mut builder = Emulator::builder().port(args.port);
    // Only values typed on this command line: never echo credentials from the environment.
    if ctx.sources.client_id_on_command_line {
        if let Some(id) = &ctx.global.client_id {
            builder = builder.client_id(id.clone());
        }
    }
    if ctx.sources.client_secret_on_command_line {
        if let Some(secret) = &ctx.global.client_secret {
            builder = builder.client_secret(secret.clone());
        }
    }
    let emu = builder.start().await.map_err(|e| {
        CliError::Other(format!(
            "could not start the emulator on 127.0.0.1:{}: {e}",
            args.port
        ))
    })?;

    if let Some(manifest) = &manifest {
        super::gitops::load_into_emulator(&emu, manifest).await?;
    }

    // The user asked for these credentials: they are the emulator's own, printed once here.
    let document = json!({
        "base_url": emu.base_url(),
        "admin_host": emu.admin_url(),
        "oauth_url": emu.oauth_url(),
        "control_host": emu.control_url(),
        "assistant_url": emu.assistant_url(),
        "organization_id": emu.organization_id(),
        "client_id": emu.client_id(),
        "client_secret": emu.client_secret(),
    });
    let text = format!(
        "{banner}\nIn another terminal:\n  \
         export PINECONE_CONTROLLER_HOST={host} PINECONE_OAUTH_URL={oauth}\n  \
         export PINECONE_CLIENT_ID={id} PINECONE_CLIENT_SECRET={secret}\n  \
         pinecone-admin projects list\n\nPress Ctrl-C to stop.",
        banner = emu.banner(),
        host = emu.admin_url(),
        oauth = emu.oauth_url(),
        id = emu.client_id(),
        secret = emu.client_secret(),
    );
    if ctx.out.is_json() {
        // One line, so scripts can read it before the emulator stops.
        ctx.out.line(&document.to_string())?;
    } else {
        ctx.out.line(&text)?;
    }

    wait_for_stop().await;
    if !ctx.out.is_json() {
        eprintln!("Stopping the emulator.");
    }
    emu.shutdown().await;
    Ok(EXIT_OK)
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
