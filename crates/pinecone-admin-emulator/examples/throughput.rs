//! A bounded throughput measurement of the emulator over real HTTP on loopback.
//!
//! ```text
//! cargo run --release -p pinecone-admin-emulator --example throughput [-- REQUESTS CONCURRENCY]
//! ```
//!
//! Client and server share this process (and the machine's cores). Each scenario sends a
//! fixed number of requests with a fixed number in flight and prints requests per second,
//! with the ratio to a baseline measured in the same run: `GET /_emulator/health`, which
//! does no authentication and touches no state.

use std::sync::Arc;
use std::time::Instant;

use futures::stream::{self, StreamExt};
use pinecone_admin_emulator::Emulator;
use serde_json::json;

#[derive(Clone, Copy)]
enum Kind {
    Health,
    ListProjects,
    FetchProject,
    CreateProject,
    ListUsersPage,
    Token,
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let total: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let concurrency: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    let emu = Emulator::builder()
        .api_key_quota(1000)
        .start()
        .await
        .expect("start");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let body = json!({"client_id": emu.client_id(), "client_secret": emu.client_secret(),
        "grant_type": "client_credentials", "audience": "https://api.pinecone.io/"});
    let token: serde_json::Value = http
        .post(emu.oauth_url())
        .header("X-Pinecone-Api-Version", "2026-07")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = Arc::new(token["access_token"].as_str().unwrap().to_owned());
    for i in 0..10 {
        emu.seed_project(&format!("seed-{i}"));
        emu.seed_user(&format!("user{i}@example.com"), None);
    }
    let project = emu.project_ids()[0].clone();
    let base = emu.base_url().to_owned();

    println!("{total} requests per scenario, {concurrency} in flight");
    let mut baseline = None;
    for (name, kind) in [
        ("warm-up (not reported)", Kind::Health),
        ("GET /_emulator/health (baseline)", Kind::Health),
        ("GET /admin/projects (10 projects)", Kind::ListProjects),
        ("GET /admin/projects/{project_id}", Kind::FetchProject),
        ("POST /admin/projects", Kind::CreateProject),
        ("GET /admin/users?limit=5", Kind::ListUsersPage),
        ("POST /oauth/token", Kind::Token),
        ("GET /_emulator/health (baseline again)", Kind::Health),
    ] {
        // The create scenario grows the project list; run it after the list scenario.
        let start = Instant::now();
        let failures = stream::iter(0..total)
            .map(|i| {
                let http = http.clone();
                let token = token.clone();
                let base = base.clone();
                let project = project.clone();
                let body = body.clone();
                async move {
                    let req = match kind {
                        Kind::Health => http.get(format!("{base}/_emulator/health")),
                        Kind::ListProjects => http.get(format!("{base}/admin/projects")),
                        Kind::FetchProject => http.get(format!("{base}/admin/projects/{project}")),
                        Kind::CreateProject => http
                            .post(format!("{base}/admin/projects"))
                            .json(&json!({"name": format!("bench-{i}")})),
                        Kind::ListUsersPage => http.get(format!("{base}/admin/users?limit=5")),
                        Kind::Token => http.post(format!("{base}/oauth/token")).json(&body),
                    };
                    let resp = req
                        .bearer_auth(token.as_str())
                        .header("X-Pinecone-Api-Version", "2026-07")
                        .send()
                        .await;
                    match resp {
                        Ok(r) if r.status().is_success() => r.bytes().await.is_err() as usize,
                        _ => 1,
                    }
                }
            })
            .buffer_unordered(concurrency)
            .fold(0usize, |acc, f| async move { acc + f })
            .await;
        let secs = start.elapsed().as_secs_f64();
        let rps = total as f64 / secs;
        if name.starts_with("warm-up") {
            continue;
        }
        let base_rps = *baseline.get_or_insert(rps);
        println!(
            "{name:<38} {rps:>9.0} req/s  ratio {:>4.2}  ({failures} failed)",
            rps / base_rps
        );
    }
    let c = emu.counters();
    println!(
        "counted: {} requests, {} connections, {} tokens",
        c.requests_total(),
        c.connections(),
        c.token_exchanges()
    );
}
