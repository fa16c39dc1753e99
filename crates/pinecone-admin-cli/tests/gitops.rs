//! `export`, `plan`, `apply` against the emulator over real HTTP.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use pinecone_admin::{Admin, UpdateApiKey};
use pinecone_admin_emulator::{Emulator, EmulatorHandle};

const BIN: &str = env!("CARGO_BIN_EXE_pinecone-admin");
const CLIENT_ID: &str = "gitops-test-client";
const CLIENT_SECRET: &str = "gitops-test-secret-do-not-print";

const MANIFEST: &str = "\
projects:
  - name: search
    max_pods: 1
    api_keys:
      - name: app
        roles: [DataPlaneEditor]
      - name: ops
        roles: [ControlPlaneViewer, DataPlaneViewer]
  - name: staging
service_accounts:
  - name: deployer
    organization_roles: [OrgMember]
    project_roles:
      search: [ProjectEditor]
users:
  - email: owner@example.com
    organization_roles: [OrgOwner]
  - email: dev@example.com
    organization_roles: [OrgMember]
    project_roles:
      staging: [ProjectViewer]
invites:
  - email: new@example.com
    organization_roles: [OrgMember]
    project_roles:
      search: [ProjectViewer]
";

struct Env {
    emu: EmulatorHandle,
    rt: tokio::runtime::Runtime,
    dir: PathBuf,
}

impl Env {
    fn start(tag: &str) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let builder = Emulator::builder()
            .client_credentials(CLIENT_ID, CLIENT_SECRET)
            .user("dev@example.com", Some("Dev"));
        let emu = rt.block_on(builder.start()).expect("emulator starts");
        let dir = std::env::temp_dir().join(format!(
            "pinecone-gitops-{tag}-{}-{}",
            std::process::id(),
            emu.local_addr().port()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self { emu, rt, dir }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new(BIN);
        for var in ["PINECONE_ACCESS_TOKEN", "RUST_LOG"] {
            cmd.env_remove(var);
        }
        cmd.env("PINECONE_CONTROLLER_HOST", self.emu.admin_url())
            .env("PINECONE_OAUTH_URL", self.emu.oauth_url())
            .env("PINECONE_CLIENT_ID", CLIENT_ID)
            .env("PINECONE_CLIENT_SECRET", CLIENT_SECRET)
            .current_dir(&self.dir)
            .timeout(Duration::from_secs(60));
        cmd
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Runs the binary; returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stdout.contains(CLIENT_SECRET) && !stderr.contains(CLIENT_SECRET));
        (out.status.code().unwrap_or(-1), stdout, stderr)
    }

    fn plan(&self, manifest: &Path) -> (i32, String) {
        let (code, out, err) = self.run(&["plan", "-f", manifest.to_str().unwrap()]);
        assert!(code == 0 || code == 2, "plan failed ({code}): {out}{err}");
        (code, out)
    }

    fn apply(&self, manifest: &Path, secrets: &str) -> String {
        let secrets = self.dir.join(secrets);
        let (code, out, err) = self.run(&[
            "--yes",
            "apply",
            "-f",
            manifest.to_str().unwrap(),
            "--secrets-out",
            secrets.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "apply failed: {out}{err}");
        out
    }

    fn admin(&self) -> Admin {
        self.rt
            .block_on(
                Admin::builder()
                    .client_id(CLIENT_ID)
                    .client_secret(CLIENT_SECRET)
                    .host(self.emu.admin_url())
                    .oauth_url(self.emu.oauth_url())
                    .build(),
            )
            .unwrap()
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let emu = self.emu.clone();
        self.rt.block_on(emu.shutdown());
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn bad_manifests_fail_before_any_request() {
    let env = Env::start("bad");
    let cases = [
        ("projects:\n  - name: a\n    colour: red\n", "bad.yaml:3:5:"),
        (
            "projects:\n  - name: a\n  - name: a\n",
            "bad.yaml:3:5: duplicate project",
        ),
        (
            "service_accounts:\n  - name: s\n    project_roles:\n      nowhere: [ProjectViewer]\n",
            "bad.yaml:4:7: project `nowhere` is not defined",
        ),
        (
            "projects:\n  - name: a\n    api_keys:\n      - name: k\n        roles: [Root]\n",
            "bad.yaml:5:16:",
        ),
    ];
    for (text, expected) in cases {
        let before = env.emu.counters().requests_total();
        env.write("bad.yaml", text);
        for verb in ["plan", "apply"] {
            let (code, out, err) = env.run(&[verb, "-f", "bad.yaml"]);
            assert_eq!(code, 1, "{verb} {text:?}: {out}{err}");
            assert!(err.contains(expected), "{verb} {text:?}: {err}");
        }
        assert_eq!(env.emu.counters().requests_total(), before, "{text:?}");
        assert_eq!(env.emu.counters().token_exchanges(), 0);
    }
}

#[test]
fn apply_then_plan_is_in_sync_and_secrets_go_only_to_the_file() {
    let env = Env::start("apply");
    let manifest = env.write("org.yaml", MANIFEST);
    let (code, out) = env.plan(&manifest);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("+ create project search"), "{out}");
    // Without a destination for the new secrets, apply refuses before any change.
    let (code, _, err) = env.run(&["--yes", "apply", "-f", "org.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--secrets-out"), "{err}");
    assert!(env.emu.project_ids().is_empty());

    let out = env.apply(&manifest, "secrets.jsonl");
    let secrets_path = env.dir.join("secrets.jsonl");
    let secrets = std::fs::read_to_string(&secrets_path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let values: Vec<serde_json::Value> = secrets
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        values.len(),
        3,
        "two keys and one service account: {secrets}"
    );
    for v in &values {
        let value = v["value"].as_str().unwrap();
        assert!(!out.contains(value), "a secret reached stdout");
    }
    let (code, out) = env.plan(&manifest);
    assert_eq!(code, 0, "{out}");
    assert!(!env.dir.join("org.yaml.journal.json").exists());

    // A second apply refuses to overwrite the secrets file only when it has secrets to write.
    let (code, out, err) = env.run(&[
        "--yes",
        "apply",
        "-f",
        "org.yaml",
        "--secrets-out",
        "secrets.jsonl",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn round_trip_export_apply_plan() {
    let original = Env::start("orig");
    let manifest = original.write("org.yaml", MANIFEST);
    original.apply(&manifest, "secrets.env");
    let (code, exported, err) = original.run(&["export"]);
    assert_eq!(code, 0, "{err}");
    assert!(exported.contains("name: app"), "{exported}");

    // Plan of the export against the original: no change.
    let exported_path = original.write("exported.yaml", &exported);
    let (code, out) = original.plan(&exported_path);
    assert_eq!(code, 0, "{out}\n{exported}");

    // Apply to a fresh organization (without the organization guard), then plan: no change.
    let fresh = Env::start("fresh");
    let portable: String = exported
        .lines()
        .filter(|l| !l.starts_with("organization_id:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let path = fresh.write("org.yaml", &portable);
    // The fresh emulator's own service account has a different name: adopt it as unmanaged.
    fresh.apply(&path, "secrets.env");
    let (code, out) = fresh.plan(&path);
    assert_eq!(code, 0, "{out}");

    // The exported organization id guards against the wrong organization.
    let guarded = fresh.write("guarded.yaml", &exported);
    let (code, _, err) = fresh.run(&["plan", "-f", guarded.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("organization"), "{err}");
}

#[test]
fn drift_is_planned_and_repaired() {
    let env = Env::start("drift");
    let manifest = env.write("org.yaml", MANIFEST);
    env.apply(&manifest, "secrets.env");
    let admin = env.admin();
    env.rt.block_on(async {
        let project = admin.projects().describe_by_name("search").await.unwrap();
        let keys = admin.api_keys().list(&project.id).await.unwrap();
        let app = keys.iter().find(|k| k.name == "app").unwrap();
        let ops = keys.iter().find(|k| k.name == "ops").unwrap();
        // Renamed key, changed role, extra key.
        admin
            .api_keys()
            .update(&app.id, UpdateApiKey::new().name("app-renamed"))
            .await
            .unwrap();
        admin
            .api_keys()
            .update(&ops.id, UpdateApiKey::new().roles(["ProjectEditor"]))
            .await
            .unwrap();
        admin
            .api_keys()
            .create(&project.id, pinecone_admin::CreateApiKey::new("extra"))
            .await
            .unwrap();
    });
    let (code, out) = env.plan(&manifest);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("+ create project search/api_key app"), "{out}");
    assert!(out.contains("~ update project search/api_key ops"), "{out}");
    assert!(
        out.contains("unmanaged project search/api_key extra"),
        "{out}"
    );
    env.apply(&manifest, "secrets2.env");
    let (code, out) = env.plan(&manifest);
    assert_eq!(code, 0, "{out}");

    // Removed binding and changed invite roles.
    env.rt.block_on(async {
        use futures::TryStreamExt;
        use pinecone_admin::{PrincipalType, RoleBindingFilter};
        let sa = admin
            .service_accounts()
            .list()
            .try_collect::<Vec<_>>()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.name == "deployer")
            .unwrap();
        let bindings: Vec<_> = admin
            .role_bindings()
            .list(RoleBindingFilter::new().principal(PrincipalType::ServiceAccount, &sa.id))
            .try_collect()
            .await
            .unwrap();
        let project_binding = bindings
            .iter()
            .find(|b| b.role.as_str() == "ProjectEditor")
            .unwrap();
        admin
            .role_bindings()
            .delete(&project_binding.id)
            .await
            .unwrap();
    });
    let changed = MANIFEST.replace(
        "  - email: new@example.com\n    organization_roles: [OrgMember]\n    project_roles:\n      search: [ProjectViewer]\n",
        "  - email: new@example.com\n    organization_roles: [OrgMember]\n    project_roles:\n      search: [ProjectEditor]\n",
    );
    let changed_path = env.write("changed.yaml", &changed);
    let (code, out) = env.plan(&changed_path);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("+ create service_account deployer/role ProjectEditor on project search"),
        "{out}"
    );
    assert!(
        out.contains("+ create invite new@example.com/role ProjectEditor on project search"),
        "{out}"
    );
    assert!(
        out.contains("- delete invite new@example.com/role ProjectViewer on project search"),
        "{out}"
    );
    env.apply(&changed_path, "secrets3.env");
    let (code, out) = env.plan(&changed_path);
    assert_eq!(code, 0, "{out}");
}

/// Kills `apply` with SIGKILL at a pseudo-random moment, re-runs it, and checks: no duplicate
/// resource, final plan empty, every live key and service account created by the runs has its
/// secret delivered (in one of the secrets files) or was replaced.
#[test]
fn crash_resume_converges_without_duplicates() {
    let runs: u64 = std::env::var("GITOPS_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut killed_mid_way = 0;
    for run in 0..runs {
        let env = Env::start(&format!("crash{run}"));
        let manifest = env.write("org.yaml", MANIFEST);
        // xorshift: a reproducible delay between 0 and 80 ms (an apply here takes about 50-100 ms).
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(seed % 80);
        let secrets0 = env.dir.join("secrets-0.jsonl");
        let mut child = std::process::Command::new(BIN)
            .env_remove("PINECONE_ACCESS_TOKEN")
            .env("PINECONE_CONTROLLER_HOST", env.emu.admin_url())
            .env("PINECONE_OAUTH_URL", env.emu.oauth_url())
            .env("PINECONE_CLIENT_ID", CLIENT_ID)
            .env("PINECONE_CLIENT_SECRET", CLIENT_SECRET)
            .current_dir(&env.dir)
            .args(["--yes", "apply", "-f", "org.yaml", "--secrets-out"])
            .arg(&secrets0)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let still_running = child.try_wait().unwrap().is_none();
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        if still_running && !env.emu.project_ids().is_empty() {
            killed_mid_way += 1; // killed after it had changed something
        }

        env.apply(&manifest, "secrets-1.jsonl");
        let (code, out) = env.plan(&manifest);
        assert_eq!(code, 0, "run {run} (killed after {delay:?}): {out}");

        let mut delivered = std::collections::BTreeSet::new();
        for file in ["secrets-0.jsonl", "secrets-1.jsonl"] {
            if let Ok(text) = std::fs::read_to_string(env.dir.join(file)) {
                for line in text.lines() {
                    // A line cut off by the kill is not a delivery.
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                        delivered.insert(v["id"].as_str().unwrap().to_owned());
                    }
                }
            }
        }
        let admin = env.admin();
        env.rt.block_on(async {
            use futures::TryStreamExt;
            let projects = admin.projects().list().await.unwrap();
            let mut names: Vec<_> = projects.iter().map(|p| p.name.clone()).collect();
            names.sort();
            assert_eq!(names, ["search", "staging"], "run {run}");
            for p in &projects {
                let keys = admin.api_keys().list(&p.id).await.unwrap();
                let mut key_names: Vec<_> = keys.iter().map(|k| k.name.clone()).collect();
                key_names.sort();
                let before = key_names.len();
                key_names.dedup();
                assert_eq!(
                    before,
                    key_names.len(),
                    "run {run}: duplicate key in {}",
                    p.name
                );
                for k in &keys {
                    assert!(
                        delivered.contains(&k.id),
                        "run {run}: key {} undelivered",
                        k.name
                    );
                }
            }
            let accounts: Vec<_> = admin.service_accounts().list().try_collect().await.unwrap();
            let deployers: Vec<_> = accounts.iter().filter(|s| s.name == "deployer").collect();
            assert_eq!(deployers.len(), 1, "run {run}");
            assert!(
                delivered.contains(&deployers[0].id),
                "run {run}: secret undelivered"
            );
            let invites: Vec<_> = admin.invites().list().try_collect().await.unwrap();
            assert_eq!(invites.len(), 1, "run {run}");
        });
    }
    eprintln!("crash-resume: {runs} runs, {killed_mid_way} killed part-way through the changes");
    assert!(
        killed_mid_way > 0,
        "no run was killed part-way; the delays need tuning"
    );
}

#[test]
fn emulator_from_manifest_starts_in_sync() {
    use std::io::{BufRead, BufReader};
    let dir = std::env::temp_dir().join(format!("pinecone-gitops-from-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let manifest = dir.join("org.yaml");
    std::fs::write(&manifest, MANIFEST).unwrap();
    let mut child = std::process::Command::new(BIN)
        .args(["-o", "json", "emulator", "--port", "0", "--from"])
        .arg(&manifest)
        .env_remove("PINECONE_CLIENT_ID")
        .env_remove("PINECONE_CLIENT_SECRET")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: serde_json::Value = serde_json::from_str(&line).expect("emulator banner JSON");
    let out = Command::new(BIN)
        .args(["plan", "-f"])
        .arg(&manifest)
        .env_remove("PINECONE_ACCESS_TOKEN")
        .env(
            "PINECONE_CONTROLLER_HOST",
            info["admin_host"].as_str().unwrap(),
        )
        .env("PINECONE_OAUTH_URL", info["oauth_url"].as_str().unwrap())
        .env("PINECONE_CLIENT_ID", info["client_id"].as_str().unwrap())
        .env(
            "PINECONE_CLIENT_SECRET",
            info["client_secret"].as_str().unwrap(),
        )
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn secrets_cmd_gets_json_on_stdin_and_plan_json_gates_ci() {
    let env = Env::start("cmd");
    env.write(
        "org.yaml",
        "projects:\n  - name: search\n    api_keys:\n      - name: app\n        roles: [DataPlaneViewer]\n",
    );
    let (code, out, _) = env.run(&["-o", "json", "plan", "-f", "org.yaml"]);
    assert_eq!(code, 2);
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["in_sync"], false);
    assert_eq!(plan["changes"].as_array().unwrap().len(), 2);
    assert_eq!(plan["changes"][1]["op"], "create_api_key");

    let (code, out, err) = env.run(&[
        "--yes",
        "apply",
        "-f",
        "org.yaml",
        "--secrets-cmd",
        "cat >> delivered.jsonl; echo >> delivered.jsonl",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let delivered = std::fs::read_to_string(env.dir.join("delivered.jsonl")).unwrap();
    let secret: serde_json::Value = serde_json::from_str(delivered.trim()).unwrap();
    assert_eq!(secret["kind"], "api_key");
    assert_eq!(secret["project"], "search");
    let value = secret["value"].as_str().unwrap();
    assert!(!value.is_empty() && !out.contains(value) && !err.contains(value));

    // A failing secrets command fails the apply and leaves the key flagged for replacement.
    env.write(
        "org.yaml",
        "projects:\n  - name: search\n    api_keys:\n      - name: app\n        roles: [DataPlaneViewer]\n      - name: second\n        roles: [DataPlaneViewer]\n",
    );
    let (code, _, err) = env.run(&[
        "--yes",
        "apply",
        "-f",
        "org.yaml",
        "--secrets-cmd",
        "exit 3",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--secrets-cmd failed"), "{err}");
    let (code, out, _) = env.run(&["plan", "-f", "org.yaml"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("-/+ replace project search/api_key second: value never delivered"),
        "{out}"
    );
    let (code, out, err) = env.run(&["--yes", "apply", "-f", "org.yaml", "--secrets-out", "s.env"]);
    assert_eq!(code, 0, "{out}{err}");
    let dotenv = std::fs::read_to_string(env.dir.join("s.env")).unwrap();
    assert!(dotenv.starts_with("API_KEY_SEARCH_SECOND="), "{dotenv}");
    let (code, out, _) = env.run(&["plan", "-f", "org.yaml"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn prune_deletes_a_project_with_data_only_with_cleanup() {
    let env = Env::start("prune");
    let legacy = env.emu.seed_project("legacy");
    env.emu.seed_index(&legacy, "docs", false).unwrap();
    env.write(
        "org.yaml",
        "users:\n  - email: owner@example.com\n    organization_roles: [OrgOwner]\n  - email: dev@example.com\n    organization_roles: [OrgMember]\n",
    );
    // Without --prune the project is reported and left alone (unmanaged is not drift).
    let (code, out, _) = env.run(&["plan", "-f", "org.yaml"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("? unmanaged project legacy"), "{out}");
    assert!(!out.contains("- delete"), "{out}");

    // --prune alone: the server refuses to delete a project that holds data.
    let (code, _, err) = env.run(&["--yes", "apply", "-f", "org.yaml", "--prune"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("failed: - delete project legacy"), "{err}");
    assert_eq!(env.emu.project_ids(), std::slice::from_ref(&legacy));

    // --prune --cleanup: through delete_with_cleanup.
    let control = env.emu.control_url().to_owned();
    let (code, out, err) = env.run(&[
        "--yes",
        "--control-host",
        &control,
        "apply",
        "-f",
        "org.yaml",
        "--prune",
        "--cleanup",
    ]);
    // The project goes; the credentials' own service account is never pruned, so the apply
    // reports that blocked change as not done.
    assert_eq!(code, 1, "{out}{err}");
    assert!(env.emu.project_ids().is_empty());
    assert!(err.contains("not done: ! blocked service_account"), "{err}");
    let (code, out, _) = env.run(&["plan", "-f", "org.yaml", "--prune"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("! blocked service_account"), "{out}");
    assert!(out.contains("credentials in use"), "{out}");
}
