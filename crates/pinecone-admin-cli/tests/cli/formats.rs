//! `-o yaml`: the same documents as `-o json`, for results and for errors.

use serde_json::Value;

use super::Env;

/// Runs `args` in `format`, returns (exit code, stdout, stderr).
fn run(env: &Env, format: &str, args: &[&str]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let out = env.cmd().args(["-o", format]).args(args).output().unwrap();
    (out.status.code(), out.stdout, out.stderr)
}

fn yaml(bytes: &[u8]) -> Value {
    serde_yaml_ng::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not YAML ({e}): {}", String::from_utf8_lossy(bytes)))
}

#[test]
fn yaml_output_has_the_json_shape_for_every_listing_and_describe() {
    let env = Env::start();
    let project = env.project("yaml-shapes");
    env.json(&[
        "api-keys",
        "create",
        "--project-id",
        &project,
        "--name",
        "k",
    ]);
    env.json(&["invites", "create", "--email", "someone@example.com"]);
    let org = env.json(&["organizations", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let commands: Vec<Vec<&str>> = vec![
        vec!["organizations", "list"],
        vec!["organizations", "describe", &org],
        vec!["projects", "list"],
        vec!["projects", "describe", &project],
        vec!["projects", "exists", &project],
        vec!["api-keys", "list", "--project-id", &project],
        vec!["users", "list"],
        vec!["invites", "list"],
        vec!["service-accounts", "list"],
        vec!["role-bindings", "list"],
    ];
    for args in commands {
        let (json_code, json_out, _) = run(&env, "json", &args);
        let (yaml_code, yaml_out, _) = run(&env, "yaml", &args);
        assert_eq!(json_code, Some(0), "{args:?}");
        assert_eq!(yaml_code, Some(0), "{args:?}");
        let json: Value = serde_json::from_slice(&json_out).unwrap();
        assert_eq!(yaml(&yaml_out), json, "{args:?}");
        assert!(
            serde_json::from_slice::<Value>(&yaml_out).is_err() || json.is_boolean(),
            "{args:?}: YAML mode printed JSON: {}",
            String::from_utf8_lossy(&yaml_out)
        );
    }
}

#[test]
fn yaml_errors_are_yaml_documents_on_stderr() {
    let env = Env::start();
    let (code, out, err) = run(
        &env,
        "yaml",
        &[
            "projects",
            "describe",
            "00000000-0000-4000-8000-000000000000",
        ],
    );
    assert_eq!(code, Some(3));
    assert!(out.is_empty());
    let doc = yaml(&err);
    assert_eq!(doc["exit_code"], 3);
    assert!(doc["error"]["message"].is_string());

    let (code, _, err) = run(&env, "yaml", &["projects", "frobnicate"]);
    assert_eq!(code, Some(2));
    let doc = yaml(&err);
    assert_eq!(doc["error"]["kind"], "usage");
}

#[test]
fn completions_and_man_page_generate() {
    let env = Env::start();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef pinecone-admin"),
        ("fish", "complete -c pinecone-admin"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = env.bare().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("api-keys"), "{shell}");
    }
    let out = env.bare().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH pinecone-admin"), "{page}");
    assert!(page.contains("role\\-bindings"), "{page}");
    env.bare().args(["completions", "tcsh"]).assert().code(2);
}
