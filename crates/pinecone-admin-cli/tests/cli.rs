//! End-to-end tests of the `pinecone-admin` binary against an emulator started in-process.
//!
//! Each test starts its own emulator (cheap: an in-memory store on a loopback port) and runs
//! the built binary with the emulator's URLs and credentials in its environment.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use pinecone_admin_emulator::{Emulator, EmulatorHandle, FaultAction, FaultRule};
use predicates::prelude::*;
use serde_json::Value;

#[path = "cli/audit.rs"]
mod audit;
#[path = "cli/auth.rs"]
mod auth;
#[path = "cli/formats.rs"]
mod formats;

const BIN: &str = env!("CARGO_BIN_EXE_pinecone-admin");
const CLIENT_ID: &str = "cli-test-client";
const CLIENT_SECRET: &str = "cli-test-secret-do-not-print";

/// Every variable the binary reads; removed so the developer's environment never leaks in.
const ENV_VARS: [&str; 7] = [
    "PINECONE_PROFILE",
    "PINECONE_CLIENT_ID",
    "PINECONE_CLIENT_SECRET",
    "PINECONE_ACCESS_TOKEN",
    "PINECONE_CONTROLLER_HOST",
    "PINECONE_OAUTH_URL",
    "RUST_LOG",
];

/// An emulator on its own runtime, plus helpers to run the binary against it.
struct Env {
    emu: EmulatorHandle,
    rt: tokio::runtime::Runtime,
    /// The binary's config directory (profiles), never the developer's own.
    config: tempfile::TempDir,
}

impl Env {
    fn start() -> Self {
        Self::with(|b| b)
    }

    fn with(
        configure: impl FnOnce(
            pinecone_admin_emulator::EmulatorBuilder,
        ) -> pinecone_admin_emulator::EmulatorBuilder,
    ) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let builder = configure(Emulator::builder().client_credentials(CLIENT_ID, CLIENT_SECRET));
        let emu = rt.block_on(builder.start()).expect("emulator starts");
        let config = tempfile::tempdir().unwrap();
        Self { emu, rt, config }
    }

    /// The binary with no credentials at all (only the hosts).
    fn bare(&self) -> Command {
        let mut cmd = Command::new(BIN);
        for var in ENV_VARS {
            cmd.env_remove(var);
        }
        cmd.env("PINECONE_ADMIN_CONFIG_DIR", self.config.path())
            .env("PINECONE_CONTROLLER_HOST", self.emu.admin_url())
            .env("PINECONE_OAUTH_URL", self.emu.oauth_url())
            .timeout(Duration::from_secs(60));
        cmd
    }

    /// The binary with the emulator's credentials in the environment.
    fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("PINECONE_CLIENT_ID", CLIENT_ID)
            .env("PINECONE_CLIENT_SECRET", CLIENT_SECRET);
        cmd
    }

    /// Runs `args` with `-o json`, expects success, returns the parsed stdout.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd().args(["-o", "json"]).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs `args` with `-o json`, expects `code`, returns the JSON error from stderr.
    fn json_err(&self, args: &[&str], code: i32) -> Value {
        let out = self.cmd().args(["-o", "json"]).args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stdout.is_empty(),
            "no stdout on failure: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
            panic!(
                "{args:?}: stderr is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        assert_eq!(err["exit_code"], code);
        assert!(err["error"]["message"].is_string());
        err
    }

    /// Runs `args` in table mode, expects success, returns stdout.
    fn table(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn project(&self, name: &str) -> String {
        self.json(&["projects", "create", name])["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let emu = self.emu.clone();
        self.rt.block_on(emu.shutdown());
    }
}

fn assert_no_secret(text: &[u8]) {
    let text = String::from_utf8_lossy(text);
    assert!(
        !text.contains(CLIENT_SECRET),
        "the client secret leaked: {text}"
    );
}

// ------------------------------------------------------------------------------------------
// help, usage

#[test]
fn help_documents_exit_codes_and_env() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "Exit codes",
        "3  not found",
        "4  authentication",
        "5  validation",
        "PINECONE_CLIENT_ID",
        "PINECONE_CLIENT_SECRET",
        "PINECONE_ACCESS_TOKEN",
        "PINECONE_CONTROLLER_HOST",
        "PINECONE_OAUTH_URL",
        "--control-host",
        "--yes",
        "--output",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
    for sub in [
        "organizations",
        "projects",
        "api-keys",
        "users",
        "invites",
        "service-accounts",
        "role-bindings",
        "emulator",
    ] {
        assert!(help.contains(sub), "--help lacks {sub}");
    }
}

#[test]
fn usage_errors_exit_2_in_both_formats() {
    Command::new(BIN)
        .args(["projects", "frobnicate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("frobnicate"));
    let out = Command::new(BIN)
        .args(["-o", "json", "projects", "delete", "p", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["kind"], "usage");
    assert_eq!(err["exit_code"], 2);
}

#[test]
fn bad_duration_is_a_usage_error() {
    Command::new(BIN)
        .args([
            "projects",
            "delete",
            "p",
            "--cleanup",
            "--retry-delay",
            "soon",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a duration"));
}

// ------------------------------------------------------------------------------------------
// auth and exit codes

#[test]
fn missing_credentials_exit_4() {
    let env = Env::start();
    let err = {
        let out = env
            .bare()
            .args(["-o", "json", "projects", "list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4));
        serde_json::from_slice::<Value>(&out.stderr).unwrap()
    };
    assert_eq!(err["error"]["kind"], "credentials");
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("PINECONE_CLIENT_ID"));
}

#[test]
fn rejected_credentials_exit_4_without_echoing_the_secret() {
    let env = Env::start();
    let out = env
        .bare()
        .args(["projects", "list", "--client-id", CLIENT_ID])
        .env("PINECONE_CLIENT_SECRET", "wrong-secret-value")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("OAuth"), "{stderr}");
    assert!(!stderr.contains("wrong-secret-value"));
}

#[test]
fn access_token_is_used_and_a_bad_one_exits_4() {
    let env = Env::start();
    env.bare()
        .args(["projects", "list", "--access-token", "not-a-real-token"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("unauthorized"))
        .stderr(predicate::str::contains("not-a-real-token").not());
}

#[test]
fn command_line_credentials_beat_a_token_from_the_environment() {
    let env = Env::start();
    env.bare()
        .env("PINECONE_ACCESS_TOKEN", "stale-token")
        .args([
            "projects",
            "list",
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
        ])
        .assert()
        .success();
}

#[test]
fn server_errors_exit_1() {
    let env = Env::start();
    // 501 is not retried, which keeps the test fast.
    env.emu
        .inject(FaultRule::new("GET", "/admin/projects").action(FaultAction::status(501)));
    let err = env.json_err(&["projects", "list"], 1);
    assert_eq!(err["error"]["kind"], "server_error");
    assert_eq!(err["error"]["status"], 501);
}

#[test]
fn validation_errors_exit_5_before_sending() {
    let env = Env::start();
    let long = "x".repeat(600);
    let err = env.json_err(&["projects", "create", &long], 5);
    assert_eq!(err["error"]["kind"], "validation");
    assert_eq!(err["error"]["field"], "name");
    assert_eq!(env.emu.counters().requests("POST /admin/projects"), 0);
    env.cmd()
        .args(["projects", "create", "p", "--max-pods", "-1"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("max_pods"));
}

#[test]
fn not_found_exits_3_in_both_formats() {
    let env = Env::start();
    let missing = "00000000-0000-4000-8000-000000000000";
    let err = env.json_err(&["projects", "describe", missing], 3);
    assert_eq!(err["error"]["kind"], "not_found");
    assert_eq!(err["error"]["status"], 404);
    env.cmd()
        .args(["projects", "describe", missing])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::starts_with("error: not found"));
}

// ------------------------------------------------------------------------------------------
// organizations

#[test]
fn organizations_list_describe_update_delete() {
    let env = Env::start();
    let org_id = env.emu.organization_id().to_owned();

    let list = env.json(&["organizations", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], org_id.as_str());
    assert!(env.table(&["orgs", "list"]).contains(&org_id));

    let org = env.json(&["organizations", "describe", &org_id]);
    assert_eq!(org["id"], org_id.as_str());
    assert!(env
        .table(&["organizations", "describe", &org_id])
        .contains("PLAN"));

    let renamed = env.json(&["organizations", "update", &org_id, "--name", "Acme Corp"]);
    assert_eq!(renamed["name"], "Acme Corp");
    assert!(env
        .table(&["organizations", "update", &org_id, "--name", "Acme Two"])
        .contains("Acme Two"));

    // Delete: refused without --yes and a terminal; then the server's own answer.
    env.cmd()
        .args(["organizations", "delete", &org_id])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    let project = env.project("keeps-the-org-busy");
    let refused = env
        .cmd()
        .args(["organizations", "delete", &org_id, "--yes"])
        .output()
        .unwrap();
    assert_ne!(
        refused.status.code(),
        Some(0),
        "an org holding projects cannot be deleted"
    );
    env.json(&["projects", "delete", &project, "--yes"]);
    let deleted = env.json(&["organizations", "delete", &org_id, "--yes"]);
    assert_eq!(deleted["deleted"], true);
    assert_eq!(deleted["id"], org_id.as_str());
}

// ------------------------------------------------------------------------------------------
// projects

#[test]
fn projects_crud_in_both_formats() {
    let env = Env::start();
    assert_eq!(env.json(&["projects", "list"]), Value::Array(vec![]));
    assert!(env.table(&["projects", "list"]).contains("No projects."));

    let created = env.json(&["projects", "create", "search-prod", "--max-pods", "2"]);
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], "search-prod");
    assert_eq!(created["max_pods"], 2);

    let table = env.table(&[
        "projects",
        "create",
        "search-staging",
        "--force-encryption-with-cmek",
    ]);
    assert!(
        table.contains("search-staging") && table.contains("true"),
        "{table}"
    );

    let list = env.json(&["projects", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let table = env.table(&["projects", "ls"]);
    assert!(table.contains("search-prod") && table.contains("search-staging"));

    assert_eq!(
        env.json(&["projects", "describe", &id])["name"],
        "search-prod"
    );
    assert_eq!(
        env.json(&["projects", "describe", "--name", "search-prod"])["id"],
        id.as_str()
    );
    assert!(env
        .table(&["projects", "describe", "--name", "search-prod"])
        .contains(&id));

    let updated = env.json(&[
        "projects",
        "update",
        &id,
        "--name",
        "search-prod-eu",
        "--max-pods",
        "0",
    ]);
    assert_eq!(updated["name"], "search-prod-eu");
    assert_eq!(updated["max_pods"], 0);
    assert!(env
        .table(&["projects", "update", &id, "--max-pods", "3"])
        .contains('3'));

    let deleted = env.json(&["projects", "delete", &id, "--yes"]);
    assert_eq!(
        deleted,
        serde_json::json!({"deleted": true, "kind": "project", "id": id})
    );
    let other = env.json(&["projects", "describe", "--name", "search-staging"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    env.cmd()
        .args(["projects", "rm", &other, "-y"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Deleted project"));
    assert!(env.emu.project_ids().is_empty());
}

#[test]
fn projects_exists_prints_and_exits_0_or_3() {
    let env = Env::start();
    let id = env.project("here");
    assert_eq!(
        env.json(&["projects", "exists", "--name", "here"]),
        serde_json::json!({"exists": true, "name": "here"})
    );
    assert_eq!(env.json(&["projects", "exists", &id])["exists"], true);
    env.cmd()
        .args(["projects", "exists", "--name", "here"])
        .assert()
        .success()
        .stdout("true\n");
    let out = env
        .cmd()
        .args(["-o", "json", "projects", "exists", "--name", "gone"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["exists"],
        false
    );
    env.cmd()
        .args(["projects", "exists", "00000000-0000-4000-8000-000000000000"])
        .assert()
        .code(3)
        .stdout("false\n");
}

#[test]
fn describe_by_ambiguous_name_exits_5_with_the_ids() {
    let env = Env::start();
    let a = env.project("twin");
    let b = env.project("twin");
    let err = env.json_err(&["projects", "describe", "--name", "twin"], 5);
    assert_eq!(err["error"]["kind"], "ambiguous");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains(&a) && message.contains(&b), "{message}");
}

#[test]
fn project_delete_needs_confirmation_without_a_terminal() {
    let env = Env::start();
    let id = env.project("keep-me");
    let err = env.json_err(&["projects", "delete", &id], 2);
    assert_eq!(err["error"]["kind"], "usage");
    env.cmd()
        .args(["projects", "delete", &id])
        .write_stdin("y\n") // piped stdin is not a terminal: still refused, never read
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --yes"));
    assert_eq!(env.emu.project_ids(), vec![id]);
    assert_eq!(
        env.emu
            .counters()
            .requests("DELETE /admin/projects/{project_id}"),
        0
    );
}

#[test]
fn project_delete_of_a_busy_project_fails_with_412() {
    let env = Env::start();
    let id = env.project("busy");
    env.emu.seed_index(&id, "docs", false).unwrap();
    let err = env.json_err(&["projects", "delete", &id, "--yes"], 1);
    assert_eq!(err["error"]["kind"], "failed_precondition");
    assert_eq!(err["error"]["status"], 412);
}

// ------------------------------------------------------------------------------------------
// api keys

#[test]
fn api_keys_crud_and_the_value_is_printed_only_on_create() {
    let env = Env::start();
    let project = env.project("keys");

    let created = env.json(&[
        "api-keys",
        "create",
        "--project-id",
        &project,
        "--name",
        "ci",
        "--role",
        "DataPlaneViewer",
    ]);
    let key_id = created["key"]["id"].as_str().unwrap().to_owned();
    let value = created["value"].as_str().unwrap().to_owned();
    assert!(!value.is_empty());
    assert_eq!(
        created["key"]["roles"],
        serde_json::json!(["DataPlaneViewer"])
    );

    let table = env.table(&["api-keys", "create", "--project", &project, "--name", "app"]);
    assert!(table.contains("shown only this once"), "{table}");
    assert!(
        table.contains("ProjectEditor"),
        "server default role: {table}"
    );

    let list = env.json(&["api-keys", "list", "--project-id", &project]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let table = env.table(&["keys", "list", "--project", &project]);
    assert!(table.contains("ci") && table.contains("app"));
    assert!(!table.contains(&value), "list never shows values");

    let described = env.json(&["api-keys", "describe", &key_id]);
    assert_eq!(described["name"], "ci");
    assert!(described.get("value").is_none());
    let text = env.table(&["api-keys", "describe", &key_id]);
    assert!(!text.contains(&value));

    let updated = env.json(&[
        "api-keys",
        "update",
        &key_id,
        "--name",
        "ci-2",
        "--role",
        "ControlPlaneViewer",
        "--role",
        "DataPlaneEditor",
    ]);
    assert_eq!(updated["name"], "ci-2");
    assert_eq!(
        updated["roles"],
        serde_json::json!(["ControlPlaneViewer", "DataPlaneEditor"])
    );

    env.json_err(&["api-keys", "delete", &key_id], 2);
    assert_eq!(
        env.json(&["api-keys", "delete", &key_id, "--yes"])["deleted"],
        true
    );
    env.json_err(&["api-keys", "describe", &key_id], 3);
}

#[test]
fn api_key_validation_exits_5() {
    let env = Env::start();
    let project = env.project("keys");
    let long = "k".repeat(81);
    let err = env.json_err(
        &[
            "api-keys",
            "create",
            "--project-id",
            &project,
            "--name",
            &long,
        ],
        5,
    );
    assert_eq!(err["error"]["kind"], "validation");
}

#[test]
fn api_key_quota_is_a_403_and_exits_4() {
    let env = Env::with(|b| b.api_key_quota(1));
    let project = env.project("tight");
    env.json(&[
        "api-keys",
        "create",
        "--project-id",
        &project,
        "--name",
        "one",
    ]);
    let err = env.json_err(
        &[
            "api-keys",
            "create",
            "--project-id",
            &project,
            "--name",
            "two",
        ],
        4,
    );
    assert_eq!(err["error"]["status"], 403);
}

// ------------------------------------------------------------------------------------------
// emulator subcommand

#[test]
fn emulator_subcommand_serves_until_interrupted() {
    let mut child = std::process::Command::new(BIN)
        .args([
            "emulator",
            "--port",
            "0",
            "-o",
            "json",
            "--client-id",
            "emu-id",
            "--client-secret",
            "emu-secret",
        ])
        .env_remove("PINECONE_CLIENT_ID")
        .env_remove("PINECONE_CLIENT_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let info: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(info["client_id"], "emu-id");
    assert_eq!(info["client_secret"], "emu-secret");
    let host = info["admin_host"].as_str().unwrap();

    // The printed settings work with the CLI itself.
    let mut cmd = Command::new(BIN);
    for var in ENV_VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .env("PINECONE_CONTROLLER_HOST", host)
        .env("PINECONE_OAUTH_URL", info["oauth_url"].as_str().unwrap())
        .env("PINECONE_CLIENT_ID", "emu-id")
        .env("PINECONE_CLIENT_SECRET", "emu-secret")
        .args(["-o", "json", "projects", "create", "from-the-cli"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Ctrl-C stops it cleanly.
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the emulator did not stop on SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn emulator_subcommand_ignores_credentials_from_the_environment() {
    let mut child = std::process::Command::new(BIN)
        .args(["emulator", "--port", "0"])
        .env("PINECONE_CLIENT_ID", "real-id-from-env")
        .env("PINECONE_CLIENT_SECRET", "real-secret-from-env")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    while !banner.contains("Ctrl-C") {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        banner.push_str(&line);
    }
    child.kill().unwrap();
    let _ = child.wait();
    assert!(banner.contains("client secret"), "{banner}");
    assert!(
        banner.contains("export PINECONE_CONTROLLER_HOST="),
        "{banner}"
    );
    assert!(!banner.contains("real-secret-from-env"), "{banner}");
    assert!(!banner.contains("real-id-from-env"), "{banner}");
}

// ------------------------------------------------------------------------------------------
// secrets and logs

#[test]
fn verbose_logs_go_to_stderr_without_secrets() {
    let env = Env::start();
    let project = env.project("logged");
    let out = env
        .cmd()
        .args([
            "--verbose",
            "-o",
            "json",
            "api-keys",
            "create",
            "--project-id",
            &project,
            "--name",
            "k",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("stdout stays one JSON document");
    let value = doc["value"].as_str().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DEBUG"), "verbose logs at debug: {stderr}");
    assert!(!stderr.contains(value), "the key value is not logged");
    assert_no_secret(&out.stderr);
    assert_no_secret(&out.stdout);
}

// ------------------------------------------------------------------------------------------
// projects ensure, api-keys rotate

#[test]
fn projects_ensure_creates_once() {
    let env = Env::start();
    let first = env.json(&["projects", "ensure", "platform", "--max-pods", "1"]);
    assert_eq!(first["created"], true);
    let id = first["project"]["id"].as_str().unwrap().to_owned();
    let again = env.json(&["projects", "ensure", "platform"]);
    assert_eq!(again["created"], false);
    assert_eq!(again["project"]["id"], id.as_str());
    let table = env.table(&["projects", "ensure", "platform"]);
    assert!(
        table.contains(&id) && table.contains("Already exists"),
        "{table}"
    );
    assert_eq!(env.emu.project_ids(), vec![id]);
}

#[test]
fn api_key_rotate_prints_the_new_value_and_deletes_the_old_key() {
    let env = Env::start();
    let project = env.project("rotating");
    let created = env.json(&[
        "api-keys",
        "create",
        "--project-id",
        &project,
        "--name",
        "svc",
        "--role",
        "DataPlaneViewer",
    ]);
    let old_id = created["key"]["id"].as_str().unwrap().to_owned();
    let old_value = created["value"].as_str().unwrap().to_owned();

    let err = env.json_err(&["api-keys", "rotate", &old_id], 2);
    assert!(err["error"]["message"].as_str().unwrap().contains("--yes"));
    assert_eq!(env.emu.api_key_ids(&project), vec![old_id.clone()]);

    let rotated = env.json(&["api-keys", "rotate", &old_id, "--yes"]);
    let new_id = rotated["key"]["id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, old_id);
    assert_eq!(rotated["replaced_key_id"], old_id.as_str());
    assert_eq!(rotated["old_key_deleted"], true);
    assert_eq!(rotated["key"]["name"], "svc");
    assert_eq!(
        rotated["key"]["roles"],
        serde_json::json!(["DataPlaneViewer"])
    );
    let new_value = rotated["value"].as_str().unwrap();
    assert!(!new_value.is_empty() && new_value != old_value);
    assert_eq!(env.emu.api_key_ids(&project), vec![new_id.clone()]);

    let table = env.table(&["api-keys", "rotate", &new_id, "-y"]);
    assert!(
        table.contains("shown only this once") && table.contains("Replaced API key"),
        "{table}"
    );
}

// ------------------------------------------------------------------------------------------
// users

#[test]
fn users_list_describe_delete_by_id_and_email() {
    let env = Env::start();
    let alice = env.emu.seed_user("alice@example.com", Some("Alice"));
    let bob = env.emu.seed_user("bob@example.com", None);

    let users = env.json(&["users", "list"]);
    let emails: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert!(
        emails.contains(&"alice@example.com") && emails.contains(&"bob@example.com"),
        "{emails:?}"
    );
    assert_eq!(
        env.json(&["users", "list", "--limit", "1"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let filtered = env.json(&["users", "list", "--email", "ALICE@example.com"]);
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    assert_eq!(filtered[0]["id"], alice.as_str());
    assert!(env.table(&["users", "ls"]).contains("bob@example.com"));

    assert_eq!(env.json(&["users", "describe", &alice])["name"], "Alice");
    assert_eq!(
        env.json(&["users", "describe", "--email", "bob@example.com"])["id"],
        bob.as_str()
    );
    assert!(env
        .table(&["users", "describe", &bob])
        .contains("bob@example.com"));
    let err = env.json_err(&["users", "describe", "--email", "nobody@example.com"], 3);
    assert_eq!(err["error"]["kind"], "not_found");
    env.json_err(&["users", "describe", "--email", "not-an-email"], 5);

    env.json_err(&["users", "delete", "--email", "bob@example.com"], 2);
    let deleted = env.json(&["users", "delete", "--email", "bob@example.com", "--yes"]);
    assert_eq!(deleted["id"], bob.as_str());
    env.cmd()
        .args(["users", "delete", &alice, "-y"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Deleted user"));
    assert_eq!(env.emu.user_ids(), vec![env.emu.owner_user_id().to_owned()]);
    env.json_err(
        &["users", "delete", "--email", "bob@example.com", "--yes"],
        3,
    );
}

// ------------------------------------------------------------------------------------------
// invites

#[test]
fn invites_create_list_describe_resend_delete() {
    let env = Env::start();
    let project = env.project("team");

    let invite = env.json(&[
        "invites",
        "create",
        "--email",
        "new.hire@example.com",
        "--project-role",
        &format!("{project}=ProjectViewer"),
    ]);
    let id = invite["id"].as_str().unwrap().to_owned();
    assert_eq!(invite["email"], "new.hire@example.com");
    assert_eq!(invite["status"], "pending");
    let bindings = env.json(&[
        "role-bindings",
        "list",
        "--principal-type",
        "invite",
        "--principal-id",
        &id,
    ]);
    let roles: Vec<&str> = bindings
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["role"].as_str().unwrap())
        .collect();
    assert!(
        roles.contains(&"OrgMember") && roles.contains(&"ProjectViewer"),
        "{roles:?}"
    );

    let table = env.table(&[
        "invites",
        "create",
        "--email",
        "second@example.com",
        "--org-role",
        "OrgManager",
    ]);
    assert!(table.contains("second@example.com") && table.contains("pending"));

    assert_eq!(env.json(&["invites", "list"]).as_array().unwrap().len(), 2);
    assert!(env
        .table(&["invites", "list"])
        .contains("new.hire@example.com"));
    assert_eq!(
        env.json(&["invites", "describe", &id])["email"],
        "new.hire@example.com"
    );
    assert!(env.table(&["invites", "describe", &id]).contains("EXPIRES"));

    let resent = env.json(&["invites", "resend", &id]);
    assert_eq!(resent["id"], id.as_str());
    assert!(resent["expires_at"].is_string());
    assert!(env.table(&["invites", "resend", &id]).contains(&id));

    env.json_err(&["invites", "delete", &id], 2);
    assert_eq!(
        env.json(&["invites", "delete", &id, "--yes"])["kind"],
        "invite"
    );
    env.json_err(&["invites", "describe", &id], 3);

    // Validation before sending: a project role at organization scope is refused.
    let err = env.json_err(
        &[
            "invites",
            "create",
            "--email",
            "x@example.com",
            "--org-role",
            "ProjectEditor",
        ],
        5,
    );
    assert_eq!(err["error"]["kind"], "validation");
    env.cmd()
        .args([
            "invites",
            "create",
            "--email",
            "x@example.com",
            "--project-role",
            "no-equals-sign",
        ])
        .assert()
        .code(2);
}

// ------------------------------------------------------------------------------------------
// service accounts

#[test]
fn service_accounts_crud_and_the_secret_is_printed_only_when_issued() {
    let env = Env::start();
    let project = env.project("robots");

    let created = env.json(&[
        "service-accounts",
        "create",
        "--name",
        "ci-bot",
        "--project-role",
        &format!("{project}=ProjectEditor"),
    ]);
    let id = created["service_account"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client_id = created["service_account"]["client_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    assert!(!secret.is_empty());

    // The new credentials work with the CLI itself.
    env.bare()
        .env("PINECONE_CLIENT_ID", &client_id)
        .env("PINECONE_CLIENT_SECRET", &secret)
        .args(["projects", "list"])
        .assert()
        .success();

    let table = env.table(&[
        "service-accounts",
        "create",
        "--name",
        "deployer",
        "--org-role",
        "OrgMember",
    ]);
    assert!(
        table.contains("Client secret (shown only this once"),
        "{table}"
    );

    let list = env.json(&["service-accounts", "list"]);
    assert_eq!(
        list.as_array().unwrap().len(),
        3,
        "the emulator's own account plus two"
    );
    let table = env.table(&["service-accounts", "list"]);
    assert!(table.contains("ci-bot") && !table.contains(&secret));
    assert_eq!(
        env.json(&["service-accounts", "list", "--limit", "2"])
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let described = env.json(&["service-accounts", "describe", &id]);
    assert_eq!(described["name"], "ci-bot");
    assert!(described.get("client_secret").is_none());
    assert!(!env
        .table(&["service-accounts", "describe", &id])
        .contains(&secret));

    assert_eq!(
        env.json(&["service-accounts", "update", &id, "--name", "ci-bot-2"])["name"],
        "ci-bot-2"
    );
    assert!(env
        .table(&["service-accounts", "update", &id, "--name", "ci-bot-3"])
        .contains("ci-bot-3"));

    env.json_err(&["service-accounts", "rotate-secret", &id], 2);
    let rotated = env.json(&["service-accounts", "rotate-secret", &id, "--yes"]);
    let new_secret = rotated["client_secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    env.bare()
        .env("PINECONE_CLIENT_ID", &client_id)
        .env("PINECONE_CLIENT_SECRET", &secret)
        .args(["projects", "list"])
        .assert()
        .code(4);
    let table = env.table(&["service-accounts", "rotate-secret", &id, "-y"]);
    assert!(
        table.contains("Client secret (shown only this once"),
        "{table}"
    );

    env.json_err(&["service-accounts", "delete", &id], 2);
    assert_eq!(
        env.json(&["service-accounts", "delete", &id, "--yes"])["deleted"],
        true
    );
    env.json_err(&["service-accounts", "describe", &id], 3);
}

// ------------------------------------------------------------------------------------------
// role bindings

#[test]
fn role_bindings_create_list_filter_describe_delete() {
    let env = Env::start();
    let project = env.project("bound");
    let account = env.json(&["service-accounts", "create", "--name", "reader"]);
    let account_id = account["service_account"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let binding = env.json(&[
        "role-bindings",
        "create",
        "--principal-type",
        "service_account",
        "--principal-id",
        &account_id,
        "--resource-type",
        "project",
        "--resource-id",
        &project,
        "--role",
        "ProjectViewer",
    ]);
    let id = binding["id"].as_str().unwrap().to_owned();
    assert_eq!(binding["role"], "ProjectViewer");
    assert_eq!(binding["resource_id"], project.as_str());

    let org_binding = env.table(&[
        "role-bindings",
        "create",
        "--principal-type",
        "service_account",
        "--principal-id",
        &account_id,
        "--resource-type",
        "organization",
        "--role",
        "OrgMember",
    ]);
    assert!(org_binding.contains("OrgMember"), "{org_binding}");

    let mine = env.json(&[
        "role-bindings",
        "list",
        "--principal-type",
        "service_account",
        "--principal-id",
        &account_id,
    ]);
    assert_eq!(mine.as_array().unwrap().len(), 2);
    let on_project = env.json(&[
        "role-bindings",
        "list",
        "--resource-type",
        "project",
        "--resource-id",
        &project,
        "--role",
        "ProjectViewer",
    ]);
    assert_eq!(on_project.as_array().unwrap().len(), 1);
    assert_eq!(on_project[0]["id"], id.as_str());
    assert!(env
        .table(&["role-bindings", "list"])
        .contains("ProjectViewer"));
    assert_eq!(
        env.json(&["role-bindings", "list", "--limit", "1"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    assert_eq!(
        env.json(&["role-bindings", "describe", &id])["principal_id"],
        account_id.as_str()
    );
    assert!(env
        .table(&["role-bindings", "describe", &id])
        .contains("PRINCIPAL TYPE"));

    // The same grant twice is a conflict (exit 1); a principal id without its type is a usage error.
    let dup = env.json_err(
        &[
            "role-bindings",
            "create",
            "--principal-type",
            "service_account",
            "--principal-id",
            &account_id,
            "--resource-type",
            "project",
            "--resource-id",
            &project,
            "--role",
            "ProjectViewer",
        ],
        1,
    );
    assert_eq!(dup["error"]["status"], 409);
    env.cmd()
        .args(["role-bindings", "list", "--principal-id", &account_id])
        .assert()
        .code(2);
    // An organization role on a project is caught before sending.
    env.json_err(
        &[
            "role-bindings",
            "create",
            "--principal-type",
            "service_account",
            "--principal-id",
            &account_id,
            "--resource-type",
            "project",
            "--resource-id",
            &project,
            "--role",
            "OrgOwner",
        ],
        5,
    );

    env.json_err(&["role-bindings", "delete", &id], 2);
    assert_eq!(
        env.json(&["role-bindings", "delete", &id, "--yes"])["deleted"],
        true
    );
    env.json_err(&["role-bindings", "describe", &id], 3);
}

// ------------------------------------------------------------------------------------------
// projects delete --cleanup

fn seed_busy_project(env: &Env, name: &str, protected: bool) -> String {
    let id = env.project(name);
    env.emu
        .seed(
            pinecone_admin_emulator::SeedProject::existing(&id)
                .index("docs", protected)
                .index("logs", false)
                .collection("docs-2024")
                .backup("logs")
                .assistant("helper"),
        )
        .unwrap();
    id
}

#[test]
fn cleanup_dry_run_reports_and_deletes_nothing() {
    let env = Env::start();
    let id = seed_busy_project(&env, "busy", true);
    let report = env.json(&["projects", "delete", &id, "--cleanup", "--dry-run"]);
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["project_deleted"], false);
    assert_eq!(report["indexes"], serde_json::json!(["docs", "logs"]));
    assert_eq!(report["collections"], serde_json::json!(["docs-2024"]));
    assert_eq!(report["assistants"], serde_json::json!(["helper"]));
    assert_eq!(report["backups"].as_array().unwrap().len(), 1);
    assert_eq!(report["blocked_by_protection"], serde_json::json!(["docs"]));
    let text = env.table(&["projects", "delete", &id, "--cleanup", "--dry-run"]);
    assert!(
        text.contains("Dry run") && text.contains("docs-2024"),
        "{text}"
    );
    assert_eq!(env.emu.index_names(&id), vec!["docs", "logs"]);
    assert_eq!(env.emu.project_ids(), vec![id.clone()]);
    assert!(
        env.emu.api_key_ids(&id).is_empty(),
        "the temporary key is gone"
    );
}

#[test]
fn cleanup_refuses_protected_indexes_unless_forced() {
    let env = Env::start();
    let id = seed_busy_project(&env, "guarded", true);

    let err = env.json_err(&["projects", "delete", &id, "--cleanup"], 2);
    assert_eq!(
        err["error"]["kind"], "usage",
        "confirmation first, nothing sent"
    );

    let err = env.json_err(
        &[
            "projects",
            "delete",
            &id,
            "--cleanup",
            "--yes",
            "--max-attempts",
            "1",
        ],
        1,
    );
    assert_eq!(err["error"]["stage"], "deletion_protection");
    assert_eq!(
        err["error"]["report"]["blocked_by_protection"],
        serde_json::json!(["docs"])
    );
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--force-unprotect"));
    assert_eq!(env.emu.index_names(&id).len(), 2, "nothing deleted");

    let report = env.json(&[
        "projects",
        "delete",
        &id,
        "--cleanup",
        "--yes",
        "--force-unprotect",
        "--concurrency",
        "2",
        "--retry-delay",
        "100ms",
        "--max-attempts",
        "3",
        "--wait",
        "10s",
    ]);
    assert_eq!(report["project_deleted"], true);
    assert_eq!(report["protection_disabled"], serde_json::json!(["docs"]));
    assert_eq!(report["indexes"], serde_json::json!(["docs", "logs"]));
    assert!(env.emu.project_ids().is_empty());
}

#[test]
fn cleanup_in_table_mode_prints_the_summary_without_a_bar() {
    let env = Env::start();
    let id = seed_busy_project(&env, "tidy", false);
    let out = env
        .cmd()
        .args(["projects", "delete", &id, "--cleanup", "--yes"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!("Deleted project {id} after deleting:")),
        "{stdout}"
    );
    assert!(stdout.contains("helper"));
    assert!(
        out.stderr.is_empty(),
        "no progress bar without a terminal: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.emu.project_ids().is_empty());
}

#[test]
fn cleanup_of_a_missing_project_exits_3() {
    let env = Env::start();
    let err = env.json_err(
        &[
            "projects",
            "delete",
            "00000000-0000-4000-8000-000000000000",
            "--cleanup",
            "--yes",
        ],
        3,
    );
    assert!(err["error"]["stage"].is_string());
}

#[test]
fn plain_delete_can_wait_until_gone() {
    let env = Env::start();
    let id = env.project("short-lived");
    let deleted = env.json(&["projects", "delete", &id, "--yes", "--wait", "5s"]);
    assert_eq!(deleted["deleted"], true);
    assert!(env.emu.project_ids().is_empty());
}

// ------------------------------------------------------------------------------------------
// the prompt on a real terminal (util-linux `script` provides the pseudo-terminal)

#[cfg(unix)]
#[test]
fn confirmation_prompt_on_a_terminal() {
    let script_ok = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !script_ok {
        eprintln!("skipped: util-linux `script` is not installed (no pseudo-terminal)");
        return;
    }
    let env = Env::start();
    let id = env.project("asked");
    // `script -qec CMD /dev/null` runs CMD on a pseudo-terminal fed from our stdin.
    let script = || {
        let mut c = std::process::Command::new("script");
        for var in ENV_VARS {
            c.env_remove(var);
        }
        c.args(["-qec", &format!("{BIN} projects delete {id}"), "/dev/null"])
            .env("SHELL", "/bin/sh")
            .env("PINECONE_CONTROLLER_HOST", env.emu.admin_url())
            .env("PINECONE_OAUTH_URL", env.emu.oauth_url())
            .env("PINECONE_CLIENT_ID", CLIENT_ID)
            .env("PINECONE_CLIENT_SECRET", CLIENT_SECRET)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    for (answer, code, survives) in [("n\n", 1, true), ("\n", 1, true), ("y\n", 0, false)] {
        let mut child = script();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(answer.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&format!("Delete project {id}? [y/N]")),
            "{text}"
        );
        assert_eq!(out.status.code(), Some(code), "answer {answer:?}: {text}");
        assert_eq!(
            env.emu.project_ids().contains(&id),
            survives,
            "answer {answer:?}"
        );
    }
}

/// Starts `projects delete ID --cleanup --yes` on a project whose index deletion hangs,
/// waits for its temporary key, sends `signal`, and returns the exit code, stderr and the key.
fn interrupt_cleanup(env: &Env, signal: &str) -> (Option<i32>, String, String) {
    let id = env.project(&format!("interrupted-{}", signal.to_lowercase()));
    env.emu
        .seed(pinecone_admin_emulator::SeedProject::existing(&id).index("slow", false))
        .unwrap();
    env.emu.inject(
        FaultRule::new("DELETE", "/indexes/{index_name}")
            .action(FaultAction::Latency(Duration::from_secs(60))),
    );
    let before: Vec<String> = env.emu.api_key_ids(&id);
    let mut command = std::process::Command::new(BIN);
    for var in ENV_VARS {
        command.env_remove(var);
    }
    let mut child = command
        .env("PINECONE_CONTROLLER_HOST", env.emu.admin_url())
        .env("PINECONE_OAUTH_URL", env.emu.oauth_url())
        .env("PINECONE_CLIENT_ID", CLIENT_ID)
        .env("PINECONE_CLIENT_SECRET", CLIENT_SECRET)
        .args(["projects", "delete", &id, "--cleanup", "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let key = loop {
        let now: Vec<String> = env.emu.api_key_ids(&id);
        if let Some(key) = now.into_iter().find(|k| !before.contains(k)) {
            break key;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no temporary key appeared"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    // Let the cleanup reach the hanging deletion.
    std::thread::sleep(Duration::from_millis(300));
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the CLI did not stop on {signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    env.emu.clear_faults();
    let left: Vec<String> = env.emu.api_key_ids(&id);
    assert!(
        !left.contains(&key),
        "the temporary key {key} is left after {signal}; stderr: {stderr}"
    );
    (exit.code(), stderr, key)
}

#[test]
fn ctrl_c_during_cleanup_deletes_the_temporary_key_and_says_so() {
    let env = Env::start();
    let (code, stderr, key) = interrupt_cleanup(&env, "INT");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains(&key), "{stderr}");
    assert!(stderr.contains("is deleted"), "{stderr}");
    assert_no_secret(stderr.as_bytes());
}

#[test]
fn sigterm_during_cleanup_deletes_the_temporary_key() {
    let env = Env::start();
    let (code, stderr, key) = interrupt_cleanup(&env, "TERM");
    assert_eq!(code, Some(143), "{stderr}");
    assert!(stderr.contains(&key), "{stderr}");
}

#[test]
fn delete_leftover_keys_removes_only_temporary_keys() {
    let env = Env::start();
    let id = env.project("leftovers");
    let left = env.json(&[
        "api-keys",
        "create",
        "--project",
        &id,
        "--name",
        "_cleanup_temp_0123456789abcdef",
    ]);
    let kept = env.json(&["api-keys", "create", "--project", &id, "--name", "app"]);
    let out = env.json(&["projects", "delete-leftover-keys", &id]);
    assert_eq!(
        out["deleted_key_ids"],
        serde_json::json!([left["key"]["id"]])
    );
    let keys: Vec<String> = env.emu.api_key_ids(&id);
    assert_eq!(keys, vec![kept["key"]["id"].as_str().unwrap().to_owned()]);
    let again = env.table(&["projects", "delete-leftover-keys", &id]);
    assert!(again.contains("No leftover temporary keys"), "{again}");
}
