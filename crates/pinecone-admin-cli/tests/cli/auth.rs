//! `auth ...` and profiles: the file secret store for real, the keyring's absence on a
//! headless machine, host switching, and precedence flags > environment > profile.

use assert_cmd::Command;
use serde_json::Value;

use super::{assert_no_secret, Env, CLIENT_ID, CLIENT_SECRET};

/// The binary with neither credentials nor hosts in its environment (only the config dir).
fn nothing(env: &Env) -> Command {
    let mut cmd = env.bare();
    cmd.env_remove("PINECONE_CONTROLLER_HOST")
        .env_remove("PINECONE_OAUTH_URL");
    cmd
}

/// `auth login --secret-store file` of `profile` against `target`'s emulator; returns stderr.
fn login(env: &Env, target: &Env, profile: &str) -> String {
    let out = nothing(env)
        .args([
            "auth",
            "login",
            "--profile",
            profile,
            "--secret-store",
            "file",
        ])
        .args(["--secret-stdin", "--client-id", CLIENT_ID])
        .args([
            "--host",
            target.emu.admin_url(),
            "--oauth-url",
            target.emu.oauth_url(),
        ])
        .write_stdin(format!("{CLIENT_SECRET}\n"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "login failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(&out.stdout);
    assert_no_secret(&out.stderr);
    String::from_utf8(out.stderr).unwrap()
}

fn json_out(mut cmd: Command, args: &[&str]) -> Value {
    let out = cmd.args(["-o", "json"]).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(&out.stdout);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn project_names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn login_once_then_commands_need_no_exported_credentials() {
    let env = Env::start();
    env.project("visible-through-the-profile");
    let warning = login(&env, &env, "emu");
    assert!(
        warning.contains("warning") && warning.contains("0600"),
        "{warning}"
    );

    // Nothing on the command line or in the environment: the current profile is used.
    let projects = json_out(nothing(&env), &["projects", "list"]);
    assert_eq!(project_names(&projects), ["visible-through-the-profile"]);

    // The profiles file holds no secret; the secret file is private.
    let profiles = std::fs::read(env.config.path().join("profiles.json")).unwrap();
    assert_no_secret(&profiles);
    let profiles: Value = serde_json::from_slice(&profiles).unwrap();
    assert_eq!(profiles["current"], "emu");
    assert_eq!(profiles["profiles"]["emu"]["client_id"], CLIENT_ID);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(env.config.path().join("secrets/emu")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }

    let list = json_out(nothing(&env), &["auth", "list"]);
    assert_eq!(list[0]["name"], "emu");
    assert_eq!(list[0]["current"], true);
    assert_eq!(list[0]["secret_store"], "file");
    let table = nothing(&env).args(["auth", "list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("emu"));
    assert_no_secret(&table.stdout);
}

#[test]
fn status_and_token_work_without_showing_the_secret() {
    let env = Env::start();
    login(&env, &env, "emu");
    let status = json_out(nothing(&env), &["auth", "status"]);
    assert_eq!(status["profile"], "emu");
    assert_eq!(status["credentials_from"], "profile");
    assert_eq!(status["client_id"], CLIENT_ID);
    assert!(status["organization"]["id"].is_string(), "{status}");
    assert!(
        status["token_expires_in_seconds"].as_u64().unwrap() > 0,
        "{status}"
    );
    let table = nothing(&env).args(["auth", "status"]).output().unwrap();
    assert!(table.status.success());
    assert!(String::from_utf8_lossy(&table.stdout).contains(CLIENT_ID));
    assert_no_secret(&table.stdout);

    // stdout is a pipe here, so the token is printed; it works as a bearer token.
    let out = nothing(&env).args(["auth", "token"]).output().unwrap();
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(!token.is_empty());
    assert_no_secret(token.as_bytes());
    let orgs = json_out(
        env.bare(),
        &["organizations", "list", "--access-token", &token],
    );
    assert_eq!(orgs[0]["id"], status["organization"]["id"]);
}

#[test]
fn switching_profiles_switches_hosts_and_precedence_is_flags_env_profile() {
    let a = Env::start();
    let b = Env::start();
    a.project("in-a");
    b.project("in-b");
    login(&a, &a, "a");
    login(&a, &b, "b"); // the last login is current
    let names = |cmd: Command| project_names(&json_out(cmd, &["projects", "list"]));

    assert_eq!(names(nothing(&a)), ["in-b"]);
    json_out(nothing(&a), &["auth", "switch", "a"]);
    assert_eq!(names(nothing(&a)), ["in-a"]);
    // Environment beats the current profile; a flag beats the environment.
    let mut cmd = nothing(&a);
    cmd.env("PINECONE_PROFILE", "b");
    assert_eq!(names(cmd), ["in-b"]);
    let mut cmd = nothing(&a);
    cmd.env("PINECONE_PROFILE", "b").args(["--profile", "a"]);
    assert_eq!(names(cmd), ["in-a"]);
    // Hosts from the environment beat the profile's; host flags beat the environment. (Each
    // emulator accepts only its own tokens, so the admin host and token URL move together.)
    let mut cmd = nothing(&a);
    cmd.env("PINECONE_CONTROLLER_HOST", b.emu.admin_url())
        .env("PINECONE_OAUTH_URL", b.emu.oauth_url());
    assert_eq!(names(cmd), ["in-b"]);
    let mut cmd = nothing(&a);
    cmd.env("PINECONE_CONTROLLER_HOST", b.emu.admin_url())
        .env("PINECONE_OAUTH_URL", b.emu.oauth_url())
        .args([
            "--host",
            a.emu.admin_url(),
            "--oauth-url",
            a.emu.oauth_url(),
        ]);
    assert_eq!(names(cmd), ["in-a"]);
    // Credentials from the environment replace the profile's (here: wrong ones, exit 4).
    nothing(&a)
        .env("PINECONE_CLIENT_ID", CLIENT_ID)
        .env("PINECONE_CLIENT_SECRET", "not-the-secret")
        .args(["projects", "list"])
        .assert()
        .code(4);

    // Unknown profiles are "not found"; switching to one changes nothing.
    nothing(&a)
        .args(["--profile", "nope", "projects", "list"])
        .assert()
        .code(3);
    nothing(&a)
        .args(["auth", "switch", "nope"])
        .assert()
        .code(3);
    assert_eq!(names(nothing(&a)), ["in-a"]);
}

#[test]
fn logout_forgets_the_profile_and_its_secret() {
    let env = Env::start();
    login(&env, &env, "emu");
    let logout = json_out(nothing(&env), &["auth", "logout"]);
    assert_eq!(logout["logged_out"], "emu");
    assert!(!env.config.path().join("secrets/emu").exists());
    let list = json_out(nothing(&env), &["auth", "list"]);
    assert_eq!(list, serde_json::json!([]));
    // No profile and no credentials: the usual missing-credentials failure.
    env.bare().args(["projects", "list"]).assert().code(4);
    nothing(&env)
        .args(["auth", "logout", "emu"])
        .assert()
        .code(3);
}

#[test]
fn login_checks_the_credentials_before_saving_anything() {
    let env = Env::start();
    let out = nothing(&env)
        .args(["auth", "login", "--secret-store", "file", "--secret-stdin"])
        .args(["--client-id", CLIENT_ID, "--host", env.emu.admin_url()])
        .args(["--oauth-url", env.emu.oauth_url()])
        .write_stdin("wrong-secret\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("wrong-secret"));
    assert!(!env.config.path().join("profiles.json").exists());
    // Without a terminal and without --secret-stdin or a secret variable: a usage error.
    nothing(&env)
        .args([
            "auth",
            "login",
            "--secret-store",
            "file",
            "--client-id",
            CLIENT_ID,
        ])
        .assert()
        .code(2);
}

/// Without a reachable Secret Service (a headless Linux box, CI), `auth login` says so and
/// points at the file fallback, before asking for anything.
#[cfg(target_os = "linux")]
#[test]
fn without_a_keyring_login_offers_the_file_fallback() {
    let env = Env::start();
    let out = nothing(&env)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args(["auth", "login", "--secret-stdin", "--client-id", CLIENT_ID])
        .args([
            "--host",
            env.emu.admin_url(),
            "--oauth-url",
            env.emu.oauth_url(),
        ])
        .write_stdin(format!("{CLIENT_SECRET}\n"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("keyring is not available"), "{stderr}");
    assert!(stderr.contains("--secret-store file"), "{stderr}");
    assert_no_secret(&out.stderr);
    assert!(!env.config.path().join("profiles.json").exists());
}
