//! `pinecone-admin-emulator`: serve the emulator on one port until Ctrl-C.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use clap::Parser;
use pinecone_admin_emulator::Emulator;

/// A local emulator of Pinecone's Admin API 2026-07, its OAuth token endpoint and the
/// control-plane subset used for project cleanup.
#[derive(Debug, Parser)]
#[command(name = "pinecone-admin-emulator", version)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Client id of the seeded service account (generated if absent).
    #[arg(long)]
    client_id: Option<String>,
    /// Client secret of the seeded service account (generated if absent).
    #[arg(long)]
    client_secret: Option<String>,
    /// Access token lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    token_ttl: u64,
    /// API keys allowed per project.
    #[arg(long, default_value_t = 20)]
    api_key_quota: usize,
    /// How long, in milliseconds, a deleted index or assistant stays `Terminating`.
    #[arg(long, default_value_t = 0)]
    terminating_for_ms: u64,
    /// Invite emails (creates and resends) allowed per hour before 429.
    #[arg(long, default_value_t = 100)]
    invite_emails_per_hour: usize,
    /// Name of the seeded organization.
    #[arg(long, default_value = "Emulated Organization")]
    organization_name: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let mut builder = Emulator::builder()
        .bind(SocketAddr::new(args.host, args.port))
        .token_ttl(Duration::from_secs(args.token_ttl))
        .api_key_quota(args.api_key_quota)
        .invite_emails_per_hour(args.invite_emails_per_hour)
        .terminating_for(Duration::from_millis(args.terminating_for_ms))
        .organization_name(args.organization_name);
    if let Some(id) = args.client_id {
        builder = builder.client_id(id);
    }
    if let Some(secret) = args.client_secret {
        builder = builder.client_secret(secret);
    }
    pinecone_admin_emulator::serve(builder).await
}
