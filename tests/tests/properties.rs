//! Property tests (proptest) over the public API:
//!
//! * validators against their documented rules: bad input gives `Error::Validation` naming the
//!   argument and sends **zero** requests (emulator counters); good input never gives a
//!   validation error (and the emulator, which follows the spec, accepts it);
//! * decoding arbitrary bytes and arbitrary JSON into every response type (the facade's models
//!   and the raw generated types) never panics, and neither does the facade when a server
//!   answers `200` with arbitrary JSON; a secret-bearing answer that fails to decode never
//!   carries the secret into the error;
//! * source-tag normalisation, observed in the `User-Agent` a server receives: only
//!   `[a-z0-9_ :]`, trimmed, no double spaces, idempotent, keeps the caller's characters.

use std::fmt::Debug;
use std::time::Duration;

use pinecone_admin::raw::{admin, assistant_control, db_control, oauth};
use pinecone_admin::{
    Admin, ApiKey, ApiKeyRole, ApiKeyWithSecret, Assistant, Backup, CleanupError, CleanupOptions,
    CleanupStage, Collection, CreateApiKey, CreateInvite, CreateProject, CreateServiceAccount,
    DeletionProtection, Error, Grant, Index, IndexState, IndexStatus, Invite, InviteStatus,
    Organization, PageRequest, PrincipalType, Project, ResourceType, Role, RoleBinding, Secret,
    ServiceAccount, ServiceAccountWithSecret, UpdateApiKey, UpdateOrganization, UpdateProject,
    User, UserFilter,
};
use pinecone_admin_e2e::{builder, emulator_builder};
use pinecone_admin_emulator::EmulatorHandle;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;
use tokio::runtime::Runtime;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Harness

/// Runs `test` on `cases` inputs drawn from `strategy` (no regression files: inputs are
/// printed on failure, shrunk).
fn check<S>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    });
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime")
}

/// One emulator and one client per test (so request counts are not shared between tests).
struct Fixture {
    rt: Runtime,
    emu: EmulatorHandle,
    admin: Admin,
    project_id: String,
}

fn fixture() -> Fixture {
    let rt = runtime();
    let (emu, admin) = rt.block_on(async {
        let emu = emulator_builder()
            .api_key_quota(100_000)
            .invite_emails_per_hour(1_000_000)
            .start()
            .await
            .expect("emulator starts");
        let admin = builder(&emu).build().await.expect("admin builds");
        (emu, admin)
    });
    let project_id = emu.seed_project("properties");
    Fixture {
        rt,
        emu,
        admin,
        project_id,
    }
}

impl Fixture {
    /// Runs `op`; returns its result and the number of requests it sent.
    fn sent<R>(&self, op: impl std::future::Future<Output = R>) -> (R, u64) {
        let before = self.emu.counters().requests_total();
        let result = self.rt.block_on(op);
        (result, self.emu.counters().requests_total() - before)
    }
}

/// Bad input: a validation error naming `field`, and nothing sent.
fn assert_rejected<T: Debug>(
    outcome: (pinecone_admin::Result<T>, u64),
    field: &str,
) -> Result<(), TestCaseError> {
    let (result, sent) = outcome;
    match result {
        Err(Error::Validation { field: f, message }) => {
            prop_assert_eq!(&f, field, "message: {}", message);
            prop_assert!(!message.is_empty());
        }
        other => {
            return Err(TestCaseError::fail(format!(
                "expected a validation error on {field}, got {other:?}"
            )))
        }
    }
    prop_assert_eq!(sent, 0, "a request was sent for invalid input");
    Ok(())
}

/// Good input: never a validation error.
fn assert_not_rejected<T: Debug>(result: &pinecone_admin::Result<T>) -> Result<(), TestCaseError> {
    if let Err(e @ Error::Validation { .. }) = result {
        return Err(TestCaseError::fail(format!("valid input rejected: {e:?}")));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The documented rules (the oracle), independent of the implementation.

/// Names: 1 to `max` characters, not blank, no NUL.
fn name_ok(name: &str, max: usize) -> bool {
    !name.trim().is_empty() && name.chars().count() <= max && !name.contains('\0')
}

/// Ids go into URL paths as one segment: not blank, no surrounding whitespace, at most 512
/// characters, not `.` or `..`, only URL-unreserved characters (`A-Z a-z 0-9 - _ . ~`).
fn id_ok(id: &str) -> bool {
    !id.trim().is_empty()
        && id.trim() == id
        && id.chars().count() <= 512
        && id != "."
        && id != ".."
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
}

/// Strings that hit the rules' edges: blanks, control characters, NULs, lengths around `max`
/// (counted in characters, with multi-byte characters), and anything at all.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        2 => "[a-zA-Z0-9 _.:/-]{0,24}",
        1 => "[ \t\r\n\u{a0}\u{2003}]{0,4}",
        1 => "[a-z]{0,6}[\u{0}\u{1}\u{7f}\n\t][a-z]{0,6}",
        2 => (max.saturating_sub(3)..=max + 3, prop_oneof![Just('a'), Just('é'), Just('日'), Just('🦀')])
            .prop_map(|(n, c)| std::iter::repeat_n(c, n).collect::<String>()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Validators

#[test]
fn project_names_follow_the_rule() {
    let f = fixture();
    check(96, (text(512), any::<bool>()), |(name, via_update)| {
        let projects = f.admin.projects();
        let outcome = if via_update {
            f.sent(projects.update(&f.project_id, UpdateProject::new().name(name.clone())))
        } else {
            f.sent(projects.create(CreateProject::new(name.clone())))
        };
        if name_ok(&name, 512) {
            // The emulator enforces the spec (1..=512 characters): what we accept, it accepts.
            let (result, sent) = outcome;
            prop_assert!(sent >= 1);
            prop_assert!(
                result.is_ok(),
                "valid name {name:?} refused: {:?}",
                result.err()
            );
        } else {
            assert_rejected(outcome, "name")?;
        }
        Ok(())
    });
}

#[test]
fn describe_by_name_validates_before_listing() {
    let f = fixture();
    check(64, text(512), |name| {
        let outcome = f.sent(f.admin.projects().describe_by_name(&name));
        if name_ok(&name, 512) {
            let (result, sent) = outcome;
            prop_assert_eq!(sent, 1); // one list
            assert_not_rejected(&result)?;
        } else {
            assert_rejected(outcome, "name")?;
        }
        Ok(())
    });
}

#[test]
fn api_key_names_follow_the_rule() {
    let f = fixture();
    let key_id =
        f.rt.block_on(
            f.admin
                .api_keys()
                .create(&f.project_id, CreateApiKey::new("seed")),
        )
        .expect("seed key")
        .key()
        .id
        .clone();
    check(96, (text(80), any::<bool>()), |(name, via_update)| {
        let keys = f.admin.api_keys();
        let outcome = if via_update {
            f.sent(keys.update(&key_id, UpdateApiKey::new().name(name.clone())))
                .map_ok_unit()
        } else {
            f.sent(keys.create(&f.project_id, CreateApiKey::new(name.clone())))
                .map_ok_unit()
        };
        if name_ok(&name, 80) {
            let (result, _) = outcome;
            prop_assert!(
                result.is_ok(),
                "valid key name {name:?} refused: {:?}",
                result.err()
            );
        } else {
            assert_rejected(outcome, "name")?;
        }
        Ok(())
    });
}

#[test]
fn organization_names_follow_the_rule() {
    let f = fixture();
    let org = f.emu.organization_id().to_owned();
    check(48, text(512), |name| {
        let outcome = f.sent(
            f.admin
                .organizations()
                .update(&org, UpdateOrganization::new().name(name.clone())),
        );
        if name_ok(&name, 512) {
            let (result, _) = outcome;
            prop_assert!(
                result.is_ok(),
                "valid org name {name:?} refused: {:?}",
                result.err()
            );
        } else {
            assert_rejected(outcome, "name")?;
        }
        Ok(())
    });
}

#[test]
fn max_pods_must_not_be_negative() {
    let f = fixture();
    check(
        64,
        (any::<i64>(), any::<bool>()),
        |(max_pods, via_update)| {
            let projects = f.admin.projects();
            let outcome = if via_update {
                f.sent(projects.update(&f.project_id, UpdateProject::new().max_pods(max_pods)))
            } else {
                f.sent(projects.create(CreateProject::new("pods").max_pods(max_pods)))
            };
            if max_pods >= 0 {
                let (result, _) = outcome;
                let project =
                    result.map_err(|e| TestCaseError::fail(format!("{max_pods}: {e:?}")))?;
                prop_assert_eq!(project.max_pods, max_pods);
            } else {
                assert_rejected(outcome, "max_pods")?;
            }
            Ok(())
        },
    );
}

/// Every call that takes an id checks it first; a valid but unknown id reaches the server on
/// the operation's own route and comes back as a server answer, never as a validation error or
/// a panic. Ids that could leave their path segment (`.`, `..`, `/`, `\`, `?`, `#`, `%`, ...) are
/// refused before anything is sent (see `path_traversal_ids_are_refused_or_encoded`).
#[test]
fn ids_follow_the_rule() {
    let f = fixture();
    let ids = prop_oneof![
        8 => text(40),
        1 => "[./%]{1,4}",
        1 => "[a-z]{0,3}[/?#%\\\\][a-z.]{0,3}",
        2 => "[A-Za-z0-9._~-]{1,40}",
    ];
    check(192, (ids, 0..12u8), |(id, which)| {
        let a = &f.admin;
        let before = f.emu.counters();
        let (outcome, field, route): ((pinecone_admin::Result<()>, u64), &str, &str) = match which {
            0 => (
                f.sent(a.projects().describe(&id)).map_ok_unit(),
                "project_id",
                "GET /admin/projects/{project_id}",
            ),
            1 => (
                f.sent(a.projects().delete(&id)),
                "project_id",
                "DELETE /admin/projects/{project_id}",
            ),
            2 => (
                f.sent(a.api_keys().list(&id)).map_ok_unit(),
                "project_id",
                "GET /admin/projects/{project_id}/api-keys",
            ),
            3 => (
                f.sent(a.api_keys().describe(&id)).map_ok_unit(),
                "api_key_id",
                "GET /admin/api-keys/{api_key_id}",
            ),
            4 => (
                f.sent(a.api_keys().delete(&id)),
                "api_key_id",
                "DELETE /admin/api-keys/{api_key_id}",
            ),
            5 => (
                f.sent(a.api_keys().rotate(&id)).map_ok_unit(),
                "api_key_id",
                "GET /admin/api-keys/{api_key_id}",
            ),
            6 => (
                f.sent(a.service_accounts().describe(&id)).map_ok_unit(),
                "service_account_id",
                "GET /admin/service-accounts/{service_account_id}",
            ),
            7 => (
                f.sent(a.invites().describe(&id)).map_ok_unit(),
                "invite_id",
                "GET /admin/invites/{invite_id}",
            ),
            8 => (
                f.sent(a.role_bindings().describe(&id)).map_ok_unit(),
                "role_binding_id",
                "GET /admin/role-bindings/{role_binding_id}",
            ),
            9 => (
                f.sent(a.users().describe(&id)).map_ok_unit(),
                "user_id",
                "GET /admin/users/{user_id}",
            ),
            10 => {
                let dry = CleanupOptions::new().dry_run(true);
                let (r, sent) = f.sent(a.projects().delete_with_cleanup(&id, dry));
                (
                    (r.map(|_| ()).map_err(CleanupError::into_error), sent),
                    "project_id",
                    "POST /admin/projects/{project_id}/api-keys",
                )
            }
            _ => (
                f.sent(a.organizations().describe(&id)).map_ok_unit(),
                "organization_id",
                "GET /admin/organizations/{organization_id}",
            ),
        };
        if id_ok(&id) {
            let (result, sent) = outcome;
            assert_not_rejected(&result)?;
            prop_assert!(sent >= 1, "nothing sent for a valid id");
            // Only single-path-segment ids pass the check, so each lands on its own route
            // (`path_traversal_ids_are_refused_or_encoded` pins the ones that used not to).
            let hits = f.emu.counters().requests(route) - before.requests(route);
            prop_assert_eq!(hits, 1, "id {:?} did not reach {}", id, route);
            if let Err(e) = &result {
                prop_assert!(
                    matches!(e, Error::NotFound(_) | Error::BadRequest(_)),
                    "unknown id {id:?}: unexpected {e:?}"
                );
            }
        } else {
            assert_rejected(outcome, field)?;
        }
        Ok(())
    });
}

/// The path-traversal defect this pins: `.`, `..` and backslashes used to pass the id check,
/// the generated code does not encode them, and URL parsing turns `\` into `/` and resolves dot
/// segments (`%2e%2e` too, so encoding alone cannot help). So `projects().describe(".")` sent
/// `GET /admin/projects` (the list), `api_keys().list(".")` sent `GET /admin/projects/api-keys`,
/// and `api_keys().delete("x\\..\\..\\projects\\<project id>")` sent
/// `DELETE /admin/projects/<project id>`: deleting an API key deleted a project. The id check
/// now refuses anything that is not a single path segment of unreserved characters, so each
/// such id is refused before sending (the test still accepts either safe outcome: refused, or
/// sent to its own route).
#[test]
fn path_traversal_ids_are_refused_or_encoded() {
    let f = fixture();
    for id in [".", "..", "a\\b"] {
        let before = f.emu.counters();
        let (result, sent) = f.sent(f.admin.projects().describe(id));
        let route = "GET /admin/projects/{project_id}";
        let hits = f.emu.counters().requests(route) - before.requests(route);
        let refused = matches!(result, Err(Error::Validation { .. })) && sent == 0;
        assert!(
            refused || hits == 1,
            "describe({id:?}) went elsewhere: {result:?}"
        );
    }
    let victim = f.emu.seed_project("victim");
    let crafted = format!("x\\..\\..\\projects\\{victim}");
    let outcome = f.rt.block_on(f.admin.api_keys().delete(&crafted));
    assert!(
        f.emu.project_ids().contains(&victim),
        "api_keys().delete({crafted:?}) deleted project {victim} ({outcome:?})"
    );
}

#[test]
fn blank_roles_are_rejected_before_sending() {
    let f = fixture();
    check(32, "[ \t]{0,3}", |blank| {
        let request = CreateApiKey::new("k").roles([
            ApiKeyRole::DataPlaneViewer,
            ApiKeyRole::from(blank.as_str()),
        ]);
        assert_rejected(
            f.sent(f.admin.api_keys().create(&f.project_id, request)),
            "roles",
        )
    });
}

#[test]
fn service_account_names_follow_the_rule() {
    let f = fixture();
    check(48, text(80), |name| {
        let request = CreateServiceAccount::new(name.clone()).organization_role(Role::OrgMember);
        let outcome = f.sent(f.admin.service_accounts().create(request));
        if name_ok(&name, 80) {
            let (result, _) = outcome;
            prop_assert!(
                result.is_ok(),
                "valid name {name:?} refused: {:?}",
                result.err()
            );
        } else {
            assert_rejected(outcome.map_ok_unit(), "name")?;
        }
        Ok(())
    });
}

/// Emails: not blank, at most 254 characters, no whitespace or control characters, one `@`
/// with text on both sides (the server judges the rest).
fn email_ok(email: &str) -> bool {
    !email.trim().is_empty()
        && email.chars().count() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(email.rsplit_once('@'), Some((local, domain)) if !local.is_empty() && !domain.is_empty())
}

fn emails() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z.+]{0,6}@[a-z]{0,6}(\\.[a-z]{2,3})?",
        "[a-z]{0,4}[ \t\n@]{0,3}[a-z]{0,4}@?[a-z.]{0,6}",
        (238usize..=262).prop_map(|n| format!("{}@example.com", "x".repeat(n - 12))),
    ]
}

#[test]
fn invite_emails_follow_the_rule() {
    let f = fixture();
    check(96, (emails(), any::<bool>()), |(email, lookup)| {
        let outcome = if lookup {
            f.sent(f.admin.users().find_by_email(&email)).map_ok_unit()
        } else {
            let request = CreateInvite::new(email.clone()).organization_role(Role::OrgMember);
            f.sent(f.admin.invites().create(request)).map_ok_unit()
        };
        if email_ok(&email) {
            let (result, sent) = outcome;
            assert_not_rejected(&result)?;
            prop_assert!(sent >= 1);
        } else {
            assert_rejected(outcome, "email")?;
        }
        Ok(())
    });
}

#[test]
fn page_requests_follow_the_rule() {
    let f = fixture();
    let limits = prop_oneof![3 => 0u32..=120, 1 => any::<u32>()];
    let tokens = prop_oneof![
        Just(None),
        "[ \t]{0,3}".prop_map(Some),
        "[a-zA-Z0-9]{1,12}".prop_map(Some)
    ];
    check(
        96,
        (proptest::option::of(limits), tokens, 0..3u8),
        |(limit, token, which)| {
            let mut page = PageRequest::new();
            if let Some(limit) = limit {
                page = page.limit(limit);
            }
            if let Some(token) = &token {
                page = page.token(token.clone());
            }
            let a = &f.admin;
            let outcome = match which {
                0 => f.sent(a.service_accounts().list_page(page)).map_ok_unit(),
                1 => f.sent(a.invites().list_page(page)).map_ok_unit(),
                _ => f
                    .sent(a.users().list_page(&UserFilter::all(), page))
                    .map_ok_unit(),
            };
            let limit_ok = limit.is_none_or(|l| (1..=100).contains(&l));
            let token_ok = token.as_deref().is_none_or(|t| !t.trim().is_empty());
            if !limit_ok {
                assert_rejected(outcome, "limit")?;
            } else if !token_ok {
                assert_rejected(outcome, "pagination_token")?;
            } else {
                let (result, sent) = outcome;
                assert_not_rejected(&result)?;
                prop_assert_eq!(sent, 1);
                if token.is_none() {
                    prop_assert!(result.is_ok(), "{:?}", result.err());
                }
            }
            Ok(())
        },
    );
}

/// Bad cleanup options are refused before anything is sent (not even the temporary key).
#[test]
fn cleanup_options_are_validated_first() {
    let f = fixture();
    let ms = Duration::from_millis;
    check(
        40,
        (0u32..3, 0usize..70, 0u64..3, 0u64..3),
        |(attempts, concurrency, min, max)| {
            let options = CleanupOptions::new()
                .max_attempts(attempts)
                .concurrency(concurrency)
                .poll_interval(ms(min), ms(max))
                .retry_delay(ms(1))
                .dry_run(true);
            let (result, sent) = f.sent(
                f.admin
                    .projects()
                    .delete_with_cleanup(&f.project_id, options),
            );
            let valid = attempts >= 1 && (1..=64).contains(&concurrency) && min > 0 && max >= min;
            match result {
                Ok(report) => {
                    prop_assert!(valid, "invalid options accepted");
                    prop_assert!(report.dry_run && !report.project_deleted);
                    prop_assert!(report.temporary_key_deleted || report.temporary_key_id.is_some());
                }
                Err(e) => {
                    prop_assert!(!valid, "valid options refused: {e}");
                    prop_assert_eq!(e.stage(), CleanupStage::Validation);
                    prop_assert!(
                        matches!(e.error(), Error::Validation { .. }),
                        "{:?}",
                        e.error()
                    );
                    prop_assert_eq!(sent, 0);
                }
            }
            Ok(())
        },
    );
}

trait MapOkUnit {
    fn map_ok_unit(self) -> (pinecone_admin::Result<()>, u64);
}

impl<T> MapOkUnit for (pinecone_admin::Result<T>, u64) {
    fn map_ok_unit(self) -> (pinecone_admin::Result<()>, u64) {
        (self.0.map(|_| ()), self.1)
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding never panics

/// Field names the response types use, so generated objects reach deep into the decoders.
const KEYS: &[&str] = &[
    "id",
    "name",
    "data",
    "pagination",
    "next",
    "max_pods",
    "force_encryption_with_cmek",
    "organization_id",
    "created_at",
    "updated_at",
    "key",
    "value",
    "roles",
    "role",
    "project_id",
    "plan",
    "payment_status",
    "support_tier",
    "access_token",
    "expires_in",
    "token_type",
    "error",
    "error_description",
    "code",
    "message",
    "status",
    "email",
    "first_name",
    "last_name",
    "expires_at",
    "resource_type",
    "resource_id",
    "principal_type",
    "principal_id",
    "client_id",
    "client_secret",
    "service_account",
    "indexes",
    "collections",
    "assistants",
    "backups",
    "dimension",
    "metric",
    "host",
    "spec",
    "deployment",
    "schema",
    "state",
    "ready",
    "deletion_protection",
    "tags",
    "backup_id",
    "source_index_name",
    "size",
    "record_count",
    "namespace_count",
    "vector_type",
    "environment",
    "description",
    "instructions",
    "metadata",
    "invited_by",
    "user_id",
    "invite_id",
    "cloud",
    "region",
    "serverless",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |x| serde_json::Number::from_f64(x)
            .map(Value::Number)),
        ".{0,12}".prop_map(Value::String),
        Just(Value::String("2024-01-02T03:04:05Z".into())),
        Just(Value::String("0b6c1c9f-5f9a-4a7c-8c43-8d3b0ad6f2a1".into())),
        Just(Value::String("ProjectEditor".into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![3 => proptest::sample::select(KEYS).prop_map(str::to_owned), 1 => "[a-z_]{1,8}"];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((key, inner), 0..10)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Bytes: random, or a JSON document with a few bytes changed, cut or inserted.
fn body_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        (
            json_value(),
            proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
            any::<prop::sample::Index>()
        )
            .prop_map(|(v, edits, cut)| {
                let mut bytes = serde_json::to_vec(&v).expect("serialises");
                for (at, b) in edits {
                    if !bytes.is_empty() {
                        let i = at.index(bytes.len());
                        bytes[i] = b;
                    }
                }
                if !bytes.is_empty() && cut.index(4) == 0 {
                    bytes.truncate(cut.index(bytes.len()));
                }
                bytes
            }),
    ]
}

/// Decodes `bytes` and `value` into each listed type; only a panic fails.
macro_rules! decode_into {
    ($bytes:expr, $value:expr; $($ty:ty),* $(,)?) => {{
        $(
            let _ = serde_json::from_slice::<$ty>($bytes);
            let _ = serde_json::from_value::<$ty>($value.clone());
        )*
    }};
}

fn decode_everything(bytes: &[u8], value: &Value) {
    decode_into!(bytes, value;
        // The facade's models.
        Project, Organization, ApiKey, ApiKeyWithSecret, ApiKeyRole, Secret, Vec<Project>,
        ServiceAccount, ServiceAccountWithSecret, Invite, InviteStatus, User, RoleBinding, Grant,
        Role, PrincipalType, ResourceType, Index, IndexStatus, IndexState, DeletionProtection,
        Collection, Backup, Assistant,
        // The raw generated types: admin.
        admin::types::Project, admin::types::ProjectList, admin::types::Organization,
        admin::types::OrganizationList, admin::types::ApiKey, admin::types::ApiKeyWithSecret,
        admin::types::ListApiKeysResponse, admin::types::User, admin::types::UserList,
        admin::types::Invite, admin::types::InviteList, admin::types::ServiceAccount,
        admin::types::ServiceAccountList, admin::types::ServiceAccountWithSecret,
        admin::types::RoleBinding, admin::types::RoleBindingList, admin::types::ErrorResponse,
        admin::types::PaginationResponse,
        // oauth.
        oauth::types::TokenResponse, oauth::types::ErrorResponse,
        // control plane.
        db_control::types::IndexModel, db_control::types::IndexList,
        db_control::types::CollectionModel, db_control::types::CollectionList,
        db_control::types::BackupModel, db_control::types::BackupList,
        db_control::types::ErrorResponse,
        assistant_control::types::Assistant, assistant_control::types::ListAssistantsResponse,
        assistant_control::types::ErrorResponse,
    );
}

#[test]
fn decoding_arbitrary_bytes_never_panics() {
    check(512, body_bytes(), |bytes| {
        let value = serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null);
        decode_everything(&bytes, &value);
        Ok(())
    });
}

#[test]
fn decoding_arbitrary_json_never_panics() {
    check(512, json_value(), |value| {
        let bytes = serde_json::to_vec(&value).expect("serialises");
        decode_everything(&bytes, &value);
        // A well-formed project with arbitrary extra fields always decodes (tolerant models).
        if let Value::Object(mut extra) = value {
            extra.insert("id".into(), Value::String("p-1".into()));
            extra.remove("name");
            extra.remove("max_pods");
            extra.remove("force_encryption_with_cmek");
            extra.remove("organization_id");
            extra.remove("created_at");
            let p: Project = serde_json::from_value(Value::Object(extra))
                .map_err(|e| TestCaseError::fail(format!("tolerant decode failed: {e}")))?;
            prop_assert_eq!(p.id, "p-1");
        }
        Ok(())
    });
}

/// A server answering `200` with arbitrary bytes: the facade returns a value or a typed
/// `Decode` error (never a panic, never retried); for a secret-bearing answer the error holds
/// neither the body nor the secret.
#[test]
fn facade_decodes_arbitrary_success_bodies() {
    const MARKER: &str = "pcsk_SECRET_MARKER_e2e_0123456789";
    let rt = runtime();
    let (server, admin) = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "tok-e2e", "token_type": "Bearer", "expires_in": 86400
            })))
            .mount(&server)
            .await;
        let admin = Admin::builder()
            .client_id("id")
            .client_secret("secret")
            .host(server.uri())
            .oauth_url(format!("{}/oauth/token", server.uri()))
            .control_host(server.uri())
            .retry(pinecone_admin_e2e::fast_retry())
            .env(|_| None)
            .build()
            .await
            .expect("admin builds");
        server.reset().await;
        (server, admin)
    });
    let with_secret = (json_value(), any::<bool>()).prop_map(|(v, put)| {
        let mut v = v;
        if put {
            v = serde_json::json!({ "key": v, "value": MARKER });
        }
        serde_json::to_vec(&v).expect("serialises")
    });
    let bodies = prop_oneof![body_bytes(), with_secret];
    check(96, (bodies, 0..3u8), |(body, which)| {
        rt.block_on(async {
            server.reset().await;
            Mock::given(path_regex("^/admin/"))
                .respond_with(ResponseTemplate::new(200).set_body_bytes(body.clone()))
                .mount(&server)
                .await;
            let outcome: pinecone_admin::Result<()> = match which {
                0 => admin.projects().describe("p-1").await.map(|_| ()),
                1 => admin.projects().list().await.map(|_| ()),
                _ => match admin.api_keys().create("p-1", CreateApiKey::new("k")).await {
                    Ok(k) => {
                        let shown = format!("{k} {k:?}");
                        prop_assert!(!shown.contains(MARKER), "secret printed: {shown}");
                        Ok(())
                    }
                    Err(e) => Err(e),
                },
            };
            let requests = server.received_requests().await.unwrap_or_default().len();
            prop_assert_eq!(requests, 1, "a 2xx answer was retried");
            match outcome {
                Ok(()) => {}
                Err(e @ Error::Decode { .. }) => {
                    prop_assert!(e.status().is_none_or(|s| s.is_success()));
                    if which == 2 {
                        let shown = format!("{e} {e:?}");
                        prop_assert!(!shown.contains(MARKER), "secret in a decode error: {shown}");
                    }
                }
                Err(other) => return Err(TestCaseError::fail(format!("unexpected {other:?}"))),
            }
            Ok(())
        })
    });
}

// ---------------------------------------------------------------------------------------------
// Source tag normalisation, observed in the User-Agent

fn tags() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 _:!.\t-]{0,30}",
        "[ ]{0,3}[A-Za-z]{1,5}( {1,4}[A-Za-z0-9:_]{1,5}){0,4}[ ]{0,3}",
        "[ÀÉÎÕÜßİK]{0,6}",
    ]
}

#[test]
fn source_tag_is_normalised_in_the_user_agent() {
    let rt = runtime();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "tok-e2e", "token_type": "Bearer", "expires_in": 86400
            })))
            .mount(&server)
            .await;
        server
    });
    // Builds a client with `tag`; returns the User-Agent the token request carried.
    let user_agent = |tag: &str| -> String {
        rt.block_on(async {
            let before = server.received_requests().await.unwrap_or_default().len();
            Admin::builder()
                .client_id("id")
                .client_secret("secret")
                .host(server.uri())
                .oauth_url(format!("{}/oauth/token", server.uri()))
                .control_host(server.uri())
                .source_tag(tag)
                .env(|_| None)
                .build()
                .await
                .expect("any tag builds");
            let requests = server.received_requests().await.unwrap_or_default();
            assert_eq!(requests.len(), before + 1);
            requests[before]
                .headers
                .get("user-agent")
                .expect("a User-Agent")
                .to_str()
                .expect("ASCII")
                .to_owned()
        })
    };
    let base = user_agent("");
    assert!(base.starts_with("pinecone-admin-rs/"), "{base}");
    assert!(!base.contains("source_tag"), "{base}");

    // Each case builds two clients (~0.1 s each in debug builds: TLS roots), so fewer cases.
    check(48, tags(), |input| {
        let ua = user_agent(&input);
        let tag = match ua.strip_prefix(&format!("{base}; source_tag=")) {
            Some(tag) => tag.to_owned(),
            None => {
                prop_assert_eq!(&ua, &base);
                String::new()
            }
        };
        let lowered = input.to_lowercase();
        let kept = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == ':')
                .collect()
        };
        // Present exactly when something survives.
        let survives = lowered
            .chars()
            .any(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | ':'));
        prop_assert_eq!(!tag.is_empty(), survives, "input {:?} → {:?}", input, ua);
        // Only [a-z0-9_ :], trimmed, no double spaces.
        prop_assert!(
            tag.chars().all(|c| c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || matches!(c, '_' | ' ' | ':')),
            "{tag:?}"
        );
        prop_assert_eq!(tag.trim(), tag.as_str());
        prop_assert!(!tag.contains("  "), "{tag:?}");
        // The caller's letters, digits and colons are kept, in order.
        prop_assert_eq!(kept(&tag), kept(&lowered));
        // Idempotent.
        if !tag.is_empty() {
            prop_assert_eq!(user_agent(&tag), ua.clone());
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// Headers: no Retry-After, request id or content type can panic the caller

/// Header values a server might send: numbers of any size (as integers, floats, exponents,
/// negative), HTTP dates in any year, and arbitrary visible ASCII.
fn header_values() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u128>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        "-?[0-9]{1,40}(\\.[0-9]{0,20})?([eE][+-]?[0-9]{1,4})?",
        "(Mon|Tue|Wed), [0-9]{2} (Jan|Oct|Dec) [0-9]{4,5} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
        "[ -~]{0,64}",
        Just("NaN".to_owned()),
        Just("inf".to_owned()),
    ]
}

/// A server answering any status with a hostile `Retry-After`, request id and content type,
/// on an API call and on the token exchange: the caller gets a value or a typed error, in
/// bounded time, never a panic.
#[test]
fn no_header_panics_the_caller() {
    let rt = runtime();
    let statuses = prop_oneof![
        Just(200u16),
        Just(401),
        Just(403),
        Just(404),
        Just(408),
        Just(412),
        Just(429),
        Just(500),
        Just(503),
        300..600u16,
    ];
    let case = (
        statuses,
        header_values(),
        header_values(),
        header_values(),
        any::<bool>(),
    );
    check(
        96,
        case,
        |(status, retry_after, request_id, content_type, at_token)| {
            rt.block_on(async {
                let server = MockServer::start().await;
                let hostile = |template: ResponseTemplate| {
                    template
                        .insert_header("retry-after", retry_after.as_str())
                        .insert_header("x-pinecone-request-id", request_id.as_str())
                        .insert_header("content-type", content_type.as_str())
                };
                let token = if at_token {
                    hostile(ResponseTemplate::new(status).set_body_string(
                    r#"{"access_token": "tok-e2e", "token_type": "Bearer", "expires_in": 86400}"#,
                ))
                } else {
                    ResponseTemplate::new(200).set_body_json(serde_json::json!({
                        "access_token": "tok-e2e", "token_type": "Bearer", "expires_in": 86400
                    }))
                };
                Mock::given(method("POST"))
                    .and(path("/oauth/token"))
                    .respond_with(token)
                    .mount(&server)
                    .await;
                Mock::given(path_regex("^/admin/"))
                    .respond_with(hostile(
                        ResponseTemplate::new(status).set_body_string(r#"{"data": []}"#),
                    ))
                    .mount(&server)
                    .await;
                let call = async {
                    let admin = Admin::builder()
                        .client_id("id")
                        .client_secret("secret")
                        .host(server.uri())
                        .oauth_url(format!("{}/oauth/token", server.uri()))
                        .control_host(server.uri())
                        .retry(pinecone_admin_e2e::fast_retry())
                        .env(|_| None)
                        .build()
                        .await?;
                    let projects = admin.projects();
                    projects.list().await.map(|_| ())
                };
                let outcome = tokio::time::timeout(Duration::from_secs(20), call).await;
                prop_assert!(outcome.is_ok(), "the call did not end");
                if let Ok(Err(e)) = outcome {
                    // Every error renders.
                    let _ = format!("{e} {e:?} {:?}", e.retry_after());
                }
                Ok(())
            })
        },
    );
}
