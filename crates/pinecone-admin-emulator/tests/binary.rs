//! The `pinecone-admin-emulator` binary: flags, banner, serving, and a clean stop on Ctrl-C.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn banner_value(lines: &[String], label: &str) -> String {
    lines
        .iter()
        .find_map(|l| l.trim().strip_prefix(label).map(|v| v.trim().to_owned()))
        .unwrap_or_else(|| panic!("no `{label}` in banner: {lines:?}"))
}

#[tokio::test]
async fn serves_on_one_port_with_the_given_credentials_and_stops_on_sigint() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pinecone-admin-emulator"))
        .args([
            "--port",
            "0",
            "--client-id",
            "cli-id",
            "--client-secret",
            "cli-secret",
            "--token-ttl",
            "120",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !lines.iter().any(|l: &String| l.contains("client secret")) {
        let left = deadline.saturating_duration_since(Instant::now());
        lines.push(rx.recv_timeout(left).expect("banner printed"));
    }
    let base = banner_value(&lines, "admin host");
    assert_eq!(banner_value(&lines, "client id"), "cli-id");
    assert_eq!(banner_value(&lines, "client secret"), "cli-secret");
    assert_eq!(
        banner_value(&lines, "oauth token url"),
        format!("{base}/oauth/token")
    );

    let http = reqwest::Client::new();
    let token = http
        .post(format!("{base}/oauth/token"))
        .header("X-Pinecone-Api-Version", VERSION)
        .json(&serde_json::json!({"client_id": "cli-id", "client_secret": "cli-secret", "grant_type": "client_credentials", "audience": AUDIENCE}))
        .send()
        .await
        .unwrap();
    let token = Resp::read(token).await;
    assert_eq!(token.body["expires_in"], 120);
    let bearer = token.body["access_token"].as_str().unwrap();
    for path in ["/admin/projects", "/admin/organizations"] {
        let r = http
            .get(format!("{base}{path}"))
            .bearer_auth(bearer)
            .header("X-Pinecone-Api-Version", VERSION)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    for path in [
        "/indexes",
        "/collections",
        "/backups",
        "/assistant/assistants",
        "/assistants",
    ] {
        let r = http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path} exists and wants an Api-Key");
    }

    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
    assert!(
        !stderr.contains("cli-secret"),
        "no secret in logs: {stderr}"
    );
    assert!(!stderr.contains(bearer), "no token in logs");
}

#[test]
fn help_lists_the_flags() {
    let out = Command::new(env!("CARGO_BIN_EXE_pinecone-admin-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--port",
        "--client-id",
        "--client-secret",
        "--token-ttl",
        "--api-key-quota",
        "--terminating-for-ms",
    ] {
        assert!(text.contains(flag), "{flag}");
    }
}
