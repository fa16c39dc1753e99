//! Cleanup soak: 100 seeded runs of `projects().delete_with_cleanup` with about 10 % of the
//! requests to the admin and control-plane routes failing.
//!
//! Each run seeds a project (random mix of indexes, some protected, collections, backups,
//! assistants, and one user key that must survive a failed cleanup), then plans faults with a
//! deterministic RNG (`StdRng::seed_from_u64(run)`): for each route family (`/admin/*`,
//! `/indexes*`, `/collections*`, `/backups*`, `/assistant/*`) each of its next 60 requests fails
//! with probability 0.1, as a 500 or 503 (not processed), a 429, a dropped connection, or a
//! request that is processed and then answered 500 (the answer is lost). The plan becomes an
//! ordered list of emulator fault rules: pass-through rules (`Latency(0)` for the next `k`
//! requests) between one-shot failures. The plan is deterministic; under concurrency, which
//! request meets which failure may vary, and the invariants hold for every interleaving:
//!
//! * no temporary key (`_cleanup_temp_*`) is left behind, in any run;
//! * the run ends with the project and everything in it gone (`Ok`, report consistent with
//!   the emulator), or with a clear `CleanupError` (a stage, a message naming the project, the
//!   project still there with its user key).
//!
//! Delays are milliseconds; the whole soak takes a few seconds. More tests: a double fault
//! (the temporary key's create processed but answered 500, the key listing failing) either
//! ends with the key deleted, when the listing recovers, or with the error naming the key that
//! may exist, never with a silently orphaned key; and a cleanup abandoned half-way (future
//! dropped) still deletes its temporary key.

use std::collections::BTreeMap;
use std::time::Duration;

use futures::StreamExt;
use pinecone_admin::{CleanupOptions, CleanupStage};
use pinecone_admin_e2e::{builder, emulator_builder};
use pinecone_admin_emulator::{FaultAction, FaultRule, SeedProject};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const RUNS: u64 = 100;
const FAILURE_RATE: f64 = 0.10;
const PLANNED_PER_FAMILY: usize = 60;
const FAMILIES: [&str; 5] = [
    "/admin/*",
    "/indexes*",
    "/collections*",
    "/backups*",
    "/assistant/*",
];
const TEMP_PREFIX: &str = "_cleanup_temp_";

fn failure(rng: &mut StdRng) -> FaultAction {
    match rng.random_range(0..6) {
        0 => FaultAction::status(500),
        1 => FaultAction::status(503),
        2 => FaultAction::rate_limited(0),
        3 => FaultAction::DropConnection,
        4 => FaultAction::ProcessThenFail(500),
        _ => FaultAction::ProcessThenFail(503),
    }
}

/// Turns a random failure plan into ordered fault rules; returns the number of failures planned.
fn plan(rng: &mut StdRng) -> (Vec<FaultRule>, usize) {
    let mut rules = Vec::new();
    let mut failures = 0;
    for family in FAMILIES {
        let mut pass = 0u32;
        for _ in 0..PLANNED_PER_FAMILY {
            if rng.random_bool(FAILURE_RATE) {
                if pass > 0 {
                    rules.push(
                        FaultRule::new("*", family)
                            .action(FaultAction::Latency(Duration::ZERO))
                            .times(pass),
                    );
                    pass = 0;
                }
                rules.push(FaultRule::new("*", family).action(failure(rng)).times(1));
                failures += 1;
            } else {
                pass += 1;
            }
        }
    }
    (rules, failures)
}

fn seed(rng: &mut StdRng) -> SeedProject {
    let mut project = SeedProject::new("soak").api_key("app", &["ProjectEditor"]);
    let indexes = rng.random_range(1..=5);
    for i in 0..indexes {
        project = project.index(format!("idx-{i}"), rng.random_bool(0.3));
    }
    for i in 0..rng.random_range(0..=3) {
        project = project.collection(format!("col-{i}"));
    }
    for _ in 0..rng.random_range(0..=2) {
        project = project.backup(format!("idx-{}", rng.random_range(0..indexes)));
    }
    for i in 0..rng.random_range(0..=2) {
        project = project.assistant(format!("asst-{i}"));
    }
    project
}

#[derive(Debug, Default)]
struct RunResult {
    deleted: bool,
    stage: Option<CleanupStage>,
    faults_planned: usize,
    faults_fired: usize,
    /// Requests to the faulted route families (the token endpoint is not faulted).
    requests: u64,
    problems: Vec<String>,
}

async fn run(seed_no: u64) -> RunResult {
    let mut rng = StdRng::seed_from_u64(seed_no);
    let emu = emulator_builder()
        .terminating_for(Duration::from_millis(rng.random_range(0..=5)))
        .start()
        .await
        .expect("emulator starts");
    let admin = builder(&emu).build().await.expect("admin builds");
    let seeded = emu.seed(seed(&mut rng)).expect("seeded");
    let project_id = seeded.project_id.clone();

    let (rules, faults_planned) = plan(&mut rng);
    let failure_rules = |rules: &[FaultRule]| {
        rules
            .iter()
            .filter(|r| !matches!(r.fault_action(), FaultAction::Latency(_)))
            .count()
    };
    for rule in rules {
        emu.inject(rule);
    }

    let options = CleanupOptions::new()
        .disable_deletion_protection(true)
        .max_attempts(3)
        .retry_delay(Duration::from_millis(5))
        .poll_interval(Duration::from_millis(2), Duration::from_millis(10))
        .resource_timeout(Duration::from_secs(5))
        .project_delete_timeout(Duration::from_secs(2));
    let outcome = admin
        .projects()
        .delete_with_cleanup(&project_id, options)
        .await;

    let faults_fired = faults_planned - failure_rules(&emu.faults());
    let counters = emu.counters();
    let requests = counters.requests_total() - counters.requests("POST /oauth/token");
    emu.clear_faults();
    let mut result = RunResult {
        faults_planned,
        faults_fired,
        requests,
        ..RunResult::default()
    };
    let p = &mut result.problems;
    let project_exists = emu.project_ids().contains(&project_id);

    match &outcome {
        Ok(report) => {
            result.deleted = true;
            if !report.project_deleted || project_exists {
                p.push(format!(
                    "Ok but project_deleted={} exists={project_exists}",
                    report.project_deleted
                ));
            }
            if !report.temporary_key_deleted {
                p.push("Ok but the report says the temporary key was not deleted".into());
            }
        }
        Err(e) => {
            result.stage = Some(e.stage());
            let text = e.to_string();
            if !text.contains(&project_id) {
                p.push(format!("error does not name the project: {text}"));
            }
            if e.stage() == CleanupStage::Validation {
                p.push(format!("unexpected validation failure: {text}"));
            }
            if let Some(key) = e.leftover_temporary_key() {
                p.push(format!("temporary key {key} reported left over: {text}"));
            }
        }
    }

    if project_exists {
        // Nothing half-deleted is hidden: the project is there, with its user key and without
        // any temporary key.
        let inspector = builder(&emu).build().await.expect("inspector builds");
        match inspector.api_keys().list(&project_id).await {
            Ok(keys) => {
                let temp: Vec<_> = keys
                    .iter()
                    .filter(|k| k.name.starts_with(TEMP_PREFIX))
                    .map(|k| k.id.clone())
                    .collect();
                if !temp.is_empty() {
                    p.push(format!("temporary keys left behind: {temp:?}"));
                }
                if !keys.iter().any(|k| k.name == "app") {
                    p.push("the user's key is gone but the project is not".into());
                }
            }
            Err(e) => p.push(format!("cannot list keys afterwards: {e}")),
        }
        if outcome.is_ok() {
            p.push("project still exists after Ok".into());
        }
    } else {
        // The project is gone: so are its keys (temporary ones included) and its resources.
        if !emu.api_key_ids(&project_id).is_empty() {
            p.push("keys of a deleted project remain".into());
        }
        if !emu.index_names(&project_id).is_empty()
            || !emu.collection_names(&project_id).is_empty()
            || !emu.backup_ids(&project_id).is_empty()
            || !emu.assistant_names(&project_id).is_empty()
        {
            p.push("resources of a deleted project remain".into());
        }
        if let Err(e) = &outcome {
            if e.stage() != CleanupStage::WaitForProject {
                p.push(format!(
                    "project gone but the call failed at {:?}: {e}",
                    e.stage()
                ));
            }
        }
    }
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_soak() {
    let results: Vec<(u64, RunResult)> = futures::stream::iter(0..RUNS)
        .map(|seed_no| async move { (seed_no, run(seed_no).await) })
        .buffer_unordered(4)
        .collect()
        .await;

    let mut stages: BTreeMap<String, usize> = BTreeMap::new();
    let (mut deleted, mut planned, mut fired, mut requests) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for (seed_no, r) in &results {
        planned += r.faults_planned;
        fired += r.faults_fired;
        requests += r.requests;
        if r.deleted {
            deleted += 1;
        }
        *stages
            .entry(r.stage.map_or("deleted".to_owned(), |s| format!("{s:?}")))
            .or_default() += 1;
        if !r.problems.is_empty() {
            failures.push(format!("seed {seed_no}: {}", r.problems.join("; ")));
        }
    }
    let rate = fired as f64 / requests as f64;
    println!(
        "{RUNS} runs: {deleted} deleted the project; outcomes {stages:?}; \
         {fired} of {requests} requests failed by injection ({:.1} %; {planned} planned)",
        rate * 100.0
    );
    assert_eq!(results.len() as u64, RUNS);
    assert!(
        failures.is_empty(),
        "{} runs broke an invariant:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The soak is not vacuous: failures really hit the cleanup, and it mostly got through.
    assert!(
        fired >= RUNS as usize,
        "only {fired} injected failures were hit"
    );
    assert!((0.05..0.15).contains(&rate), "injected failure rate {rate}");
    assert!(
        deleted >= RUNS as usize * 3 / 4,
        "only {deleted} of {RUNS} runs deleted the project: {stages:?}"
    );
}

/// Cleanup options for the double-fault tests: millisecond pacing, `attempts` look-ups for
/// the temporary key within `within`.
fn sweep_options(attempts: u32, within: Duration) -> CleanupOptions {
    CleanupOptions::new()
        .poll_interval(Duration::from_millis(2), Duration::from_millis(20))
        .temporary_key_sweep(attempts, within)
        .temporary_key_grace(Duration::from_millis(20))
}

/// The route the sweep lists, as the emulator counts it.
const LIST_KEYS: &str = "GET /admin/projects/{project_id}/api-keys";
/// Look-ups per sweep attempt: the first try and the client's 3 retries ([`fast_retry`]).
///
/// [`fast_retry`]: pinecone_admin_e2e::fast_retry
const TRIES_PER_LOOKUP: u64 = 4;

/// A double fault the soak's 10 % rate almost never produces: the temporary key's create is
/// processed but its answer lost (500), and the key listing that looks for it keeps failing
/// (503). The sweep retries its look-up (its own backoff, beyond the client's retries) a
/// bounded number of times; when the listing never recovers, nothing is orphaned silently: the
/// error names the key that may exist (by its unique name; no id is known), says it must be
/// deleted, keeps saying so through `?`, and deleting it as told leaves nothing behind.
#[tokio::test]
async fn temporary_key_is_not_orphaned_when_the_sweep_fails() {
    let emu = pinecone_admin_e2e::emulator().await;
    let admin = builder(&emu).build().await.expect("admin builds");
    let project_id = emu.seed_project("double-fault");
    emu.inject(
        FaultRule::new("POST", "/admin/projects/{project_id}/api-keys")
            .times(1)
            .action(FaultAction::ProcessThenFail(500)),
    );
    emu.inject(
        FaultRule::new("GET", "/admin/projects/{project_id}/api-keys")
            .action(FaultAction::status(503)),
    );
    let error = admin
        .projects()
        .delete_with_cleanup(&project_id, sweep_options(3, Duration::from_secs(30)))
        .await
        .expect_err("the key create failed");
    // Bounded: 3 look-ups, each with the client's retries; then it gave up.
    assert_eq!(emu.counters().requests(LIST_KEYS), 3 * TRIES_PER_LOOKUP);
    emu.clear_faults();
    let keys = admin.api_keys().list(&project_id).await.expect("list");
    let leftover: Vec<_> = keys
        .iter()
        .filter(|k| k.name.starts_with(TEMP_PREFIX))
        .collect();
    let text = error.to_string();
    assert!(
        leftover
            .iter()
            .all(|k| text.contains(&k.name) || text.contains(&k.id)),
        "temporary keys {leftover:?} left behind and not named in the error: {text}"
    );

    // The create was processed: the key exists, and the error names exactly that key.
    assert_eq!(leftover.len(), 1, "{leftover:?}");
    let key = leftover[0];
    assert_eq!(error.stage(), CleanupStage::TemporaryKey);
    assert_eq!(error.error().status().map(|s| s.as_u16()), Some(500));
    let named = error
        .leftover_temporary_key()
        .expect("the key that may exist is named");
    assert_eq!(named.name(), key.name);
    assert_eq!(named.id(), None, "no listing ever showed it");
    assert!(!named.is_known_to_exist());
    assert!(
        named.reason().contains("3 look-up(s)"),
        "{}",
        named.reason()
    );
    assert!(
        text.contains("may exist") && text.contains("must be deleted by hand"),
        "{text}"
    );
    assert!(!text.contains("nothing was deleted"), "{text}");
    assert!(
        text.contains("none of the project's resources were deleted"),
        "{text}"
    );

    // A boxed error keeps the story (and the helpers answer for the 500 underneath).
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    let converted: Box<dyn std::error::Error> = Box::new(error);
    assert!(converted.to_string().contains(&key.name), "{converted}");
    assert_eq!(
        converted
            .downcast_ref::<pinecone_admin::CleanupError>()
            .and_then(|c| c.leftover_temporary_key())
            .map(|k| k.name()),
        Some(key.name.as_str())
    );

    // Deleted by hand, as told: nothing is left, and nothing else was touched.
    admin.api_keys().delete(&key.id).await.expect("delete");
    let keys = admin.api_keys().list(&project_id).await.expect("list");
    assert!(!keys.iter().any(|k| k.name.starts_with(TEMP_PREFIX)));
    assert!(emu.project_ids().contains(&project_id));
}

/// The same double fault, but the listing recovers after a few failures (more than the
/// client's own retries absorb): the sweep's next look-up finds the key and deletes it. The
/// create's failure is still the error, with nothing left over.
#[tokio::test]
async fn temporary_key_is_deleted_when_the_sweep_recovers() {
    let emu = pinecone_admin_e2e::emulator().await;
    let admin = builder(&emu).build().await.expect("admin builds");
    let project_id = emu.seed_project("double-fault-recovers");
    emu.inject(
        FaultRule::new("POST", "/admin/projects/{project_id}/api-keys")
            .times(1)
            .action(FaultAction::ProcessThenFail(500)),
    );
    // The first look-up fails all its tries; the second succeeds on its third.
    emu.inject(
        FaultRule::new("GET", "/admin/projects/{project_id}/api-keys")
            .times(TRIES_PER_LOOKUP as u32 + 2)
            .action(FaultAction::status(503)),
    );
    let error = admin
        .projects()
        .delete_with_cleanup(&project_id, sweep_options(5, Duration::from_secs(30)))
        .await
        .expect_err("the key create failed");

    assert_eq!(error.stage(), CleanupStage::TemporaryKey);
    assert_eq!(error.error().status().map(|s| s.as_u16()), Some(500));
    assert!(
        error.leftover_temporary_key().is_none(),
        "the sweep found and deleted the key: {error}"
    );
    let text = error.to_string();
    assert!(
        text.contains("nothing was deleted") && !text.contains("may exist"),
        "{text}"
    );
    let counters = emu.counters();
    // ... and one more look after the grace period, for a create that lands late.
    assert_eq!(counters.requests(LIST_KEYS), TRIES_PER_LOOKUP + 3 + 1);
    assert_eq!(counters.requests("DELETE /admin/api-keys/{api_key_id}"), 1);
    assert!(emu.faults().is_empty(), "every planned failure was hit");
    let keys = admin.api_keys().list(&project_id).await.expect("list");
    assert!(
        !keys.iter().any(|k| k.name.starts_with(TEMP_PREFIX)),
        "{keys:?}"
    );
    assert!(emu.project_ids().contains(&project_id));
}

/// A listing that never recovers with a generous attempt count: the sweep's time budget
/// stops it, and the key is named.
#[tokio::test]
async fn the_sweep_is_bounded_in_time() {
    let emu = pinecone_admin_e2e::emulator().await;
    let admin = builder(&emu).build().await.expect("admin builds");
    let project_id = emu.seed_project("double-fault-budget");
    emu.inject(
        FaultRule::new("POST", "/admin/projects/{project_id}/api-keys")
            .times(1)
            .action(FaultAction::ProcessThenFail(500)),
    );
    emu.inject(
        FaultRule::new("GET", "/admin/projects/{project_id}/api-keys")
            .action(FaultAction::status(503)),
    );
    let error = admin
        .projects()
        .delete_with_cleanup(
            &project_id,
            sweep_options(u32::MAX, Duration::from_millis(300)),
        )
        .await
        .expect_err("the key create failed");
    let lookups = emu.counters().requests(LIST_KEYS);
    assert!(lookups >= TRIES_PER_LOOKUP, "it looked at least once");
    assert!(
        lookups < 1_000,
        "{lookups} listings: the budget did not stop it"
    );
    let named = error.leftover_temporary_key().expect("named");
    emu.clear_faults();
    let keys = admin.api_keys().list(&project_id).await.expect("list");
    let temp: Vec<_> = keys
        .iter()
        .filter(|k| k.name.starts_with(TEMP_PREFIX))
        .collect();
    assert_eq!(temp.len(), 1);
    assert_eq!(temp[0].name, named.name());
}

/// A cleanup abandoned half-way (its future dropped while deletions are in flight) still
/// deletes its temporary key: a background task does it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abandoned_cleanup_leaves_no_temporary_key() {
    let emu = pinecone_admin_e2e::emulator().await;
    let admin = builder(&emu).build().await.expect("admin builds");
    let seeded = emu
        .seed(
            SeedProject::new("abandoned")
                .index("a", false)
                .index("b", false)
                .collection("c"),
        )
        .expect("seeded");
    let project_id = seeded.project_id;
    // Control-plane calls take 300 ms: the cleanup is mid-pass when it is dropped.
    emu.inject(
        FaultRule::new("*", "/indexes*").action(FaultAction::Latency(Duration::from_millis(300))),
    );
    let abandoned = tokio::time::timeout(
        Duration::from_millis(150),
        admin
            .projects()
            .delete_with_cleanup(&project_id, CleanupOptions::new()),
    )
    .await;
    assert!(abandoned.is_err(), "the cleanup should still be running");
    assert_eq!(
        emu.counters()
            .requests("POST /admin/projects/{project_id}/api-keys"),
        1,
        "the temporary key was created before the cleanup was dropped"
    );
    emu.clear_faults();

    // The key goes in the background; wait (bounded) for it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let keys = admin.api_keys().list(&project_id).await.expect("list");
        let temp: Vec<_> = keys
            .iter()
            .filter(|k| k.name.starts_with(TEMP_PREFIX))
            .collect();
        if temp.is_empty() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "temporary keys left behind by an abandoned cleanup: {temp:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Nothing else was touched: the project is still there.
    assert!(emu.project_ids().contains(&project_id));
}
