//! The fault matrix: every injected fault × {GET, POST, PATCH, DELETE} on projects (describe,
//! create, update, delete), each cell against a fresh emulator over real HTTP.
//!
//! Each cell asserts (1) the outcome the caller sees (success after retries, or the right
//! `Error` variant), (2) how many requests reached the route (so "retried" and "not retried"
//! are observed, not assumed), (3) the token exchanges the call caused, and (4) the emulator's
//! final state: the create counter and the project list (never a duplicate create), the
//! project's name after an update, the project's presence after a delete.
//!
//! Every fault is produced by the emulator's fault injection (the malformed-JSON row is a `200`
//! with a broken body, which the emulator can send; no wiremock needed). All failed cells are
//! reported together, with the whole matrix printed (`--nocapture` shows it).

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use pinecone_admin::{Admin, CreateProject, Error, UpdateProject};
use pinecone_admin_e2e::{builder, fast_retry, ManualClock};
use pinecone_admin_emulator::{EmulatorHandle, FaultAction, FaultRule, ResourceKind};

const SEEDED_NAME: &str = "matrix-target";
const CREATED_NAME: &str = "matrix-created";
const RENAMED: &str = "matrix-renamed";

/// Request timeout for the `Timeout` row; the injected latency is well above it.
const TIMEOUT: Duration = Duration::from_millis(1000);
const SLOW: Duration = Duration::from_millis(3000);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verb {
    Get,
    Post,
    Patch,
    Delete,
}

impl Verb {
    const ALL: [Verb; 4] = [Verb::Get, Verb::Post, Verb::Patch, Verb::Delete];

    fn method(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Patch => "PATCH",
            Verb::Delete => "DELETE",
        }
    }

    fn template(self) -> &'static str {
        match self {
            Verb::Post => "/admin/projects",
            _ => "/admin/projects/{project_id}",
        }
    }

    fn route(self) -> String {
        format!("{} {}", self.method(), self.template())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// `429` with `Retry-After: 1` on the first request.
    RateLimited,
    /// `429` on every request: retries run out.
    RateLimitedAlways,
    /// `500` on the first request, not processed.
    Status500,
    /// `503` on the first request, not processed.
    Status503,
    /// The first request is processed, then answered `500` (the answer is lost).
    Processed500,
    /// The first request is read, then the connection is closed without an answer.
    Dropped,
    /// The first request takes longer than the client's request timeout.
    Timeout,
    /// `200` with a truncated JSON body (not processed).
    MalformedJson,
    /// The cached token is due for refresh; the token endpoint answers `503` once.
    TokenEndpoint5xx,
    /// The cached token is due for refresh; the token endpoint answers `503` every time.
    TokenEndpointDown,
    /// Every token the emulator issued is invalidated (server-side expiry).
    ExpiredToken,
    /// The route answers `401` once.
    One401,
    /// The route answers `401` every time.
    Always401,
}

impl Fault {
    const ALL: [Fault; 13] = [
        Fault::RateLimited,
        Fault::RateLimitedAlways,
        Fault::Status500,
        Fault::Status503,
        Fault::Processed500,
        Fault::Dropped,
        Fault::Timeout,
        Fault::MalformedJson,
        Fault::TokenEndpoint5xx,
        Fault::TokenEndpointDown,
        Fault::ExpiredToken,
        Fault::One401,
        Fault::Always401,
    ];
}

/// What the caller sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Err(&'static str),
}

/// The expectation of one cell.
#[derive(Clone, Copy, Debug)]
struct Expect {
    outcome: Outcome,
    /// Requests the emulator saw on the operation's route.
    attempts: u64,
    /// Whether the operation took effect (created / renamed / deleted; GET never changes state).
    applied: bool,
    /// Successful token exchanges during the call.
    exchanges: u64,
    /// Requests to `POST /oauth/token` during the call.
    token_requests: u64,
}

/// All attempts = the first one plus `fast_retry()`'s retries.
fn all_attempts() -> u64 {
    u64::from(fast_retry().get_max_retries()) + 1
}

const fn ok(attempts: u64) -> Expect {
    Expect {
        outcome: Outcome::Ok,
        attempts,
        applied: true,
        exchanges: 0,
        token_requests: 0,
    }
}

const fn err(kind: &'static str, attempts: u64, applied: bool) -> Expect {
    Expect {
        outcome: Outcome::Err(kind),
        attempts,
        applied,
        exchanges: 0,
        token_requests: 0,
    }
}

const fn tokens(mut e: Expect, exchanges: u64, token_requests: u64) -> Expect {
    e.exchanges = exchanges;
    e.token_requests = token_requests;
    e
}

/// The matrix: one row per fault, columns GET, POST, PATCH, DELETE.
fn expected(fault: Fault, verb: Verb) -> Expect {
    use Verb::*;
    let n = all_attempts();
    match (fault, verb) {
        // 429 means "not processed": every method is retried, POST included.
        (Fault::RateLimited, _) => ok(2),
        (Fault::RateLimitedAlways, _) => err("RateLimited", n, false),

        // A 5xx before processing: idempotent methods are retried; a create is not (the client
        // cannot know the server did nothing), so it surfaces and nothing is created.
        (Fault::Status500 | Fault::Status503, Post) => err("Server", 1, false),
        (Fault::Status500 | Fault::Status503, _) => ok(2),

        // Processed, then 500: the create happened exactly once and is not repeated; the retried
        // DELETE finds the project gone (404, documented); PATCH re-applies the same change.
        (Fault::Processed500, Post) => err("Server", 1, true),
        (Fault::Processed500, Delete) => err("NotFound", 2, true),
        (Fault::Processed500, _) => ok(2),

        // Connection closed after the request was read (not processed): same policy as 5xx.
        (Fault::Dropped, Post) => err("Connection", 1, false),
        (Fault::Dropped, _) => ok(2),

        // Client-side timeout: the client hangs up, the emulator's handler is cancelled with
        // the connection, so the timed-out create never happens; other methods are retried.
        (Fault::Timeout, Post) => err("Timeout", 1, false),
        (Fault::Timeout, _) => ok(2),

        // A 2xx whose body does not decode: a typed decode error, never retried. A delete
        // ignores any 2xx body, so it succeeds; the emulator did not process it (the fault
        // answered instead), so the project is still there.
        (Fault::MalformedJson, Delete) => Expect {
            applied: false,
            ..ok(1)
        },
        (Fault::MalformedJson, Post) => err("Decode", 1, false),
        (Fault::MalformedJson, Patch) => err("Decode", 1, false),
        (Fault::MalformedJson, Get) => err("Decode", 1, true),

        // Token refresh hits a 503 once: the exchange is retried (minting twice is harmless).
        (Fault::TokenEndpoint5xx, _) => tokens(ok(1), 1, 2),
        // Token endpoint down: an OAuth error, and the operation itself is never sent.
        (Fault::TokenEndpointDown, _) => tokens(err("OAuth", 0, false), 0, n),

        // A rejected token is re-minted once and the call repeated once; no duplicate create.
        (Fault::ExpiredToken | Fault::One401, _) => tokens(ok(2), 1, 1),
        (Fault::Always401, _) => tokens(err("Unauthorized", 2, false), 1, 1),
    }
}

fn kind(e: &Error) -> &'static str {
    match e {
        Error::Validation { .. } => "Validation",
        Error::BadRequest(_) => "BadRequest",
        Error::Unauthorized(_) => "Unauthorized",
        Error::PaymentRequired(_) => "PaymentRequired",
        Error::Forbidden(_) => "Forbidden",
        Error::NotFound(_) => "NotFound",
        Error::Conflict(_) => "Conflict",
        Error::FailedPrecondition(_) => "FailedPrecondition",
        Error::RateLimited { .. } => "RateLimited",
        Error::Server(_) => "Server",
        Error::Api(_) => "Api",
        Error::Timeout { .. } => "Timeout",
        Error::Connection { .. } => "Connection",
        Error::Decode { .. } => "Decode",
        Error::Ambiguous { .. } => "Ambiguous",
        Error::OAuth(_) => "OAuth",
        _ => "Other",
    }
}

/// Arms the fault on `emu` (and the client's clock) just before the call.
fn arm(fault: Fault, verb: Verb, emu: &EmulatorHandle, clock: &ManualClock) {
    let route = |action: FaultAction| FaultRule::new(verb.method(), verb.template()).action(action);
    let once = |action: FaultAction| route(action).times(1);
    match fault {
        Fault::RateLimited => emu.inject(once(FaultAction::rate_limited(1))),
        Fault::RateLimitedAlways => emu.inject(route(FaultAction::rate_limited(1))),
        Fault::Status500 => emu.inject(route(FaultAction::FailTimes(1, 500))),
        Fault::Status503 => emu.inject(route(FaultAction::FailTimes(1, 503))),
        Fault::Processed500 => emu.inject(once(FaultAction::ProcessThenFail(500))),
        Fault::Dropped => emu.inject(once(FaultAction::DropConnection)),
        Fault::Timeout => emu.inject(once(FaultAction::Latency(SLOW))),
        Fault::MalformedJson => emu.inject(once(FaultAction::Status {
            status: 200,
            body: Some(r#"{"id": "p-1", "name": "trunc"#.to_owned()),
            retry_after: None,
        })),
        Fault::TokenEndpoint5xx => {
            clock.advance(Duration::from_secs(24 * 3600));
            emu.inject(
                FaultRule::new("POST", "/oauth/token").action(FaultAction::FailTimes(1, 503)),
            );
        }
        Fault::TokenEndpointDown => {
            clock.advance(Duration::from_secs(24 * 3600));
            emu.inject(FaultRule::new("POST", "/oauth/token").action(FaultAction::status(503)));
        }
        Fault::ExpiredToken => emu.expire_tokens(),
        Fault::One401 => emu.inject(route(FaultAction::FailTimes(1, 401))),
        Fault::Always401 => emu.inject(route(FaultAction::status(401))),
    }
}

async fn call(verb: Verb, admin: &Admin, project_id: &str) -> Result<(), Error> {
    let projects = admin.projects();
    match verb {
        Verb::Get => projects.describe(project_id).await.map(|p| {
            assert_eq!(p.id, project_id);
        }),
        Verb::Post => projects
            .create(CreateProject::new(CREATED_NAME))
            .await
            .map(|p| assert_eq!(p.name, CREATED_NAME)),
        Verb::Patch => projects
            .update(project_id, UpdateProject::new().name(RENAMED))
            .await
            .map(|p| assert_eq!(p.name, RENAMED)),
        Verb::Delete => projects.delete(project_id).await,
    }
}

/// Runs one cell; returns a description of every mismatch (empty when the cell passes).
async fn run_cell(fault: Fault, verb: Verb) -> (String, Vec<String>) {
    let label = format!("{fault:?} × {}", verb.method());
    let expect = expected(fault, verb);
    let mut problems = Vec::new();

    let emu = pinecone_admin_e2e::emulator().await;
    let project_id = emu.seed_project(SEEDED_NAME);
    let clock = ManualClock::new();
    let mut b = builder(&emu).clock(clock.clone() as Arc<dyn pinecone_admin::Clock>);
    if fault == Fault::Timeout {
        b = b.timeout(TIMEOUT);
    }
    let admin = b.build().await.expect("admin builds");

    let before = emu.counters();
    arm(fault, verb, &emu, &clock);
    let started = Instant::now();
    let result = call(verb, &admin, &project_id).await;
    let after = emu.counters();
    emu.clear_faults();

    // 1. The outcome.
    let seen = match &result {
        Ok(()) => Outcome::Ok,
        Err(e) => Outcome::Err(kind(e)),
    };
    if seen != expect.outcome {
        problems.push(format!(
            "outcome: expected {:?}, got {result:?}",
            expect.outcome
        ));
    }
    if let (Fault::RateLimitedAlways, Err(e)) = (fault, &result) {
        if e.retry_after() != Some(Duration::from_secs(1)) {
            problems.push(format!("429 without its Retry-After: {e:?}"));
        }
    }

    // 2. Attempts on the route, 3. token traffic.
    let route = verb.route();
    let attempts = after.requests(&route) - before.requests(&route);
    if attempts != expect.attempts {
        problems.push(format!(
            "{route}: expected {} requests, got {attempts}",
            expect.attempts
        ));
    }
    let exchanges = after.token_exchanges() - before.token_exchanges();
    if exchanges != expect.exchanges {
        problems.push(format!(
            "expected {} token exchanges, got {exchanges}",
            expect.exchanges
        ));
    }
    let token_requests = after.requests("POST /oauth/token") - before.requests("POST /oauth/token");
    if token_requests != expect.token_requests {
        problems.push(format!(
            "expected {} token requests, got {token_requests}",
            expect.token_requests
        ));
    }

    // 4. The final state. For the timeout row, first let the slow (cancelled) handler's time
    // pass, so a create it made late would be seen.
    if fault == Fault::Timeout {
        let wait = (SLOW + Duration::from_millis(300)).saturating_sub(started.elapsed());
        tokio::time::sleep(wait).await;
    }
    let creates = emu.counters().creates(ResourceKind::Project);
    let ids = emu.project_ids();
    let seeded_present = ids.contains(&project_id);
    let expected_creates = u64::from(verb == Verb::Post && expect.applied);
    if creates != expected_creates {
        problems.push(format!(
            "expected {expected_creates} project creates, got {creates}"
        ));
    }
    let expected_projects =
        1 + expected_creates as usize - usize::from(verb == Verb::Delete && expect.applied);
    if ids.len() != expected_projects {
        problems.push(format!(
            "expected {expected_projects} projects, found {}",
            ids.len()
        ));
    }
    if seeded_present == (verb == Verb::Delete && expect.applied) {
        problems.push(format!("seeded project present = {seeded_present}"));
    }
    if seeded_present {
        let inspector = builder(&emu).build().await.expect("inspector builds");
        let project = inspector.projects().describe(&project_id).await;
        let expected_name = if verb == Verb::Patch && expect.applied {
            RENAMED
        } else {
            SEEDED_NAME
        };
        match project {
            Ok(p) if p.name == expected_name => {}
            other => problems.push(format!("expected name {expected_name:?}, got {other:?}")),
        }
    }
    (label, problems)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix() {
    let cells: Vec<(Fault, Verb)> = Fault::ALL
        .iter()
        .flat_map(|f| Verb::ALL.iter().map(move |v| (*f, *v)))
        .collect();
    assert_eq!(cells.len(), Fault::ALL.len() * 4);

    let results: Vec<(String, Vec<String>)> = futures::stream::iter(cells)
        .map(|(fault, verb)| run_cell(fault, verb))
        .buffered(8)
        .collect()
        .await;

    let mut report = String::from("| cell | result |\n|---|---|\n");
    let mut failed = 0;
    for (label, problems) in &results {
        if problems.is_empty() {
            report.push_str(&format!("| {label} | ok |\n"));
        } else {
            failed += 1;
            report.push_str(&format!("| {label} | FAILED: {} |\n", problems.join("; ")));
        }
    }
    println!("{report}");
    assert_eq!(failed, 0, "{failed} cells failed:\n{report}");
}

/// A create answered 429 on every attempt is sent `max_retries + 1` times and never creates
/// anything; the same create then succeeds once the limit lifts, exactly once.
#[tokio::test]
async fn create_after_rate_limit_lifts_creates_once() {
    let emu = pinecone_admin_e2e::emulator().await;
    let admin = builder(&emu).build().await.unwrap();
    emu.inject(FaultRule::new("POST", "/admin/projects").action(FaultAction::rate_limited(1)));
    let e = admin
        .projects()
        .create(CreateProject::new("later"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
    assert!(e.is_retryable());
    emu.clear_faults();
    admin
        .projects()
        .create(CreateProject::new("later"))
        .await
        .unwrap();
    let c = emu.counters();
    assert_eq!(c.requests("POST /admin/projects"), all_attempts() + 1);
    assert_eq!(c.creates(ResourceKind::Project), 1);
    assert_eq!(emu.project_ids().len(), 1);
}
