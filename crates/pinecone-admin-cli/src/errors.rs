//! Failures of a command, their exit codes, and how they are reported (text or JSON on stderr).

use std::fmt;

use pinecone_admin::Error as AdminError;
use serde_json::{json, Value};

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: any failure not listed below.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: bad usage (clap's own code), including a destructive command without `--yes`
/// and no terminal.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the resource does not exist.
pub const EXIT_NOT_FOUND: u8 = 3;
/// Exit code: missing or rejected credentials.
pub const EXIT_AUTH: u8 = 4;
/// Exit code: invalid input (local validation, HTTP 400/422, an ambiguous name).
pub const EXIT_VALIDATION: u8 = 5;
/// Exit code: stopped by SIGINT (Ctrl-C), as shells report it (128 + 2).
pub const EXIT_SIGINT: u8 = 130;
/// Exit code: stopped by SIGTERM (128 + 15).
pub const EXIT_SIGTERM: u8 = 143;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The facade returned an error.
    Admin(AdminError),
    /// `projects delete --cleanup` failed; carries what was done up to then.
    Cleanup(Box<pinecone_admin::CleanupError>),
    /// The command cannot run as given (exit 2).
    Usage(String),
    /// Something looked up locally (by email, by name) does not exist (exit 3).
    NotFound(String),
    /// The user answered no at the confirmation prompt (exit 1).
    Declined(String),
    /// Anything else (exit 1).
    Other(String),
    /// Stopped by a signal (exit 130 for SIGINT, 143 for SIGTERM), after cleaning up.
    Interrupted {
        /// The exit code for the signal.
        code: u8,
        /// What was stopped and what was cleaned up.
        message: String,
    },
}

impl From<AdminError> for CliError {
    fn from(e: AdminError) -> Self {
        CliError::Admin(e)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Admin(e) => write!(f, "{e}"),
            CliError::Cleanup(e) => write!(f, "{e}"),
            CliError::Usage(m)
            | CliError::NotFound(m)
            | CliError::Declined(m)
            | CliError::Other(m)
            | CliError::Interrupted { message: m, .. } => f.write_str(m),
        }
    }
}

/// True for validation errors about the credentials themselves (missing, blank): those are
/// authentication problems for the user, not bad input to a command.
fn is_credential_field(field: &str) -> bool {
    matches!(field, "client_id" | "client_secret" | "access_token")
}

impl CliError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::NotFound(_) => EXIT_NOT_FOUND,
            CliError::Declined(_) | CliError::Other(_) => EXIT_FAILURE,
            CliError::Interrupted { code, .. } => *code,
            CliError::Admin(e) => admin_exit_code(e),
            CliError::Cleanup(e) => admin_exit_code(e.error()),
        }
    }

    /// A short machine-readable kind, used in JSON errors.
    pub fn kind(&self) -> &'static str {
        match self {
            CliError::Usage(_) => "usage",
            CliError::NotFound(_) => "not_found",
            CliError::Declined(_) => "declined",
            CliError::Other(_) => "error",
            CliError::Interrupted { .. } => "interrupted",
            CliError::Admin(e) => admin_kind(e),
            CliError::Cleanup(e) => admin_kind(e.error()),
        }
    }

    /// The JSON document printed on stderr in `--output json` mode.
    pub fn to_json(&self) -> Value {
        let mut error = json!({
            "kind": self.kind(),
            "message": self.to_string(),
        });
        let cleanup = match self {
            CliError::Cleanup(e) => Some(&**e),
            _ => None,
        };
        let admin_error = match (self, cleanup) {
            (_, Some(e)) => Some(e.error()),
            (CliError::Admin(e), None) => Some(e),
            _ => None,
        };
        if let Some(e) = cleanup {
            error["stage"] = json!(e.stage());
            error["report"] = json!(e.report());
            if let Some(key) = e.leftover_temporary_key() {
                error["leftover_temporary_key"] = json!(key);
            }
        }
        if let Some(e) = admin_error {
            if let Some(status) = e.status() {
                error["status"] = json!(status.as_u16());
            }
            if let Some(api) = e.api_error() {
                if let Some(code) = api.code() {
                    error["code"] = json!(code);
                }
            }
            if let Some(id) = e.request_id() {
                error["request_id"] = json!(id);
            }
            if let AdminError::Validation { field, .. } = e {
                error["field"] = json!(field);
            }
        }
        json!({ "error": error, "exit_code": self.exit_code() })
    }
}

/// Exit code of a facade error.
pub fn admin_exit_code(e: &AdminError) -> u8 {
    match e {
        AdminError::NotFound(_) => EXIT_NOT_FOUND,
        AdminError::Unauthorized(_) | AdminError::Forbidden(_) | AdminError::OAuth(_) => EXIT_AUTH,
        AdminError::Validation { field, .. } if is_credential_field(field) => EXIT_AUTH,
        AdminError::Validation { .. }
        | AdminError::BadRequest(_)
        | AdminError::Ambiguous { .. } => EXIT_VALIDATION,
        AdminError::Api(api) if api.status().as_u16() == 422 => EXIT_VALIDATION,
        _ => EXIT_FAILURE,
    }
}

fn admin_kind(e: &AdminError) -> &'static str {
    match e {
        AdminError::Validation { field, .. } if is_credential_field(field) => "credentials",
        AdminError::Validation { .. } => "validation",
        AdminError::BadRequest(_) => "bad_request",
        AdminError::Unauthorized(_) => "unauthorized",
        AdminError::PaymentRequired(_) => "payment_required",
        AdminError::Forbidden(_) => "forbidden",
        AdminError::NotFound(_) => "not_found",
        AdminError::Conflict(_) => "conflict",
        AdminError::FailedPrecondition(_) => "failed_precondition",
        AdminError::RateLimited { .. } => "rate_limited",
        AdminError::Server(_) => "server_error",
        AdminError::Api(_) => "api_error",
        AdminError::Timeout { .. } => "timeout",
        AdminError::Connection { .. } => "connection",
        AdminError::Decode { .. } => "decode",
        AdminError::Pagination { .. } => "pagination",
        AdminError::RoleMismatch { .. } => "role_mismatch",
        AdminError::Ambiguous { .. } => "ambiguous",
        AdminError::OAuth(_) => "oauth",
        _ => "error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(CliError::Usage("x".into()).exit_code(), 2);
        assert_eq!(CliError::NotFound("x".into()).exit_code(), 3);
        assert_eq!(CliError::Declined("x".into()).exit_code(), 1);
        assert_eq!(
            CliError::from(AdminError::validation("name", "must not be empty")).exit_code(),
            5
        );
        assert_eq!(
            CliError::from(AdminError::validation("client_secret", "is missing")).exit_code(),
            4
        );
        let ambiguous = AdminError::Ambiguous {
            kind: "project",
            name: "p".into(),
            ids: vec!["a".into(), "b".into()],
        };
        assert_eq!(CliError::from(ambiguous).exit_code(), 5);
    }

    /// A real cleanup failure (the API-key quota, a 403 at the temporary key) maps to the
    /// auth exit code (not-found for a missing project), and its JSON keeps the stage, the
    /// status and the hint.
    #[tokio::test]
    async fn cleanup_failures_keep_their_exit_codes() {
        use pinecone_admin::{Admin, CleanupOptions, CleanupStage};
        use pinecone_admin_emulator::{Emulator, SeedProject};

        let emu = Emulator::builder()
            .client_credentials("cli-unit-id", "cli-unit-secret")
            .api_key_quota(1)
            .start()
            .await
            .unwrap();
        let admin = Admin::builder()
            .client_id(emu.client_id())
            .client_secret(emu.client_secret())
            .host(emu.admin_url())
            .oauth_url(emu.oauth_url())
            .control_host(emu.control_url())
            .env(|_| None)
            .build()
            .await
            .unwrap();
        let project = emu
            .seed(SeedProject::new("full").api_key("app", &[]))
            .unwrap()
            .project_id;
        let projects = admin.projects();
        let cleanup = || projects.delete_with_cleanup(&project, CleanupOptions::new());

        let err = cleanup().await.expect_err("quota");
        assert_eq!(err.stage(), CleanupStage::TemporaryKey);
        let direct = CliError::Cleanup(Box::new(err));
        let converted = CliError::Cleanup(Box::new(cleanup().await.expect_err("quota again")));
        for e in [&direct, &converted] {
            assert_eq!(e.exit_code(), EXIT_AUTH, "{e}");
            assert_eq!(e.kind(), "forbidden");
            let v = e.to_json();
            assert_eq!(v["exit_code"], EXIT_AUTH);
            assert_eq!(v["error"]["stage"], "temporary_key");
            assert_eq!(v["error"]["status"], 403);
            assert!(v["error"]["report"].is_object());
            let message = v["error"]["message"].as_str().unwrap();
            assert!(message.contains("quota is the likely cause"), "{message}");
            assert!(message.contains("nothing was deleted"), "{message}");
        }

        let missing = admin
            .projects()
            .delete_with_cleanup(
                "00000000-0000-4000-8000-000000000000",
                CleanupOptions::new(),
            )
            .await
            .expect_err("no such project");
        let e = CliError::Cleanup(Box::new(missing));
        assert_eq!(e.exit_code(), EXIT_NOT_FOUND);
        assert_eq!(e.kind(), "not_found");
    }

    #[test]
    fn json_shape() {
        let v = CliError::from(AdminError::validation("name", "must not be empty")).to_json();
        assert_eq!(v["exit_code"], 5);
        assert_eq!(v["error"]["kind"], "validation");
        assert_eq!(v["error"]["field"], "name");
        assert!(v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("must not be empty"));
    }
}
