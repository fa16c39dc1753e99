//! The pinecone-admin benchmark: the facade against the emulator over loopback, each
//! comparison measured side by side in the same run, every figure a median over repeated runs.
//!
//! ```text
//! cargo bench -p pinecone-admin-e2e --bench admin_bench            # full run (~2 min)
//! cargo bench -p pinecone-admin-e2e --bench admin_bench -- --quick # smoke run (seconds)
//! ```
//!
//! Prints one Markdown table (plus a header naming the date, the machine and the mode).
//! Client and emulator run in this one process on one Tokio runtime with two worker threads,
//! so on a small machine they compete for the same cores: absolute figures are lower bounds,
//! the ratios are what to read.

use std::future::Future;
use std::time::{Duration, Instant};

use admin_api_raw::{assistant_control, db_control, RequestContext};
use futures::stream::{self, StreamExt};
use pinecone_admin::{Admin, CleanupOptions, CreateApiKey};
use pinecone_admin_e2e::{builder, emulator_builder};
use pinecone_admin_emulator::{EmulatorHandle, FaultAction, FaultRule, SeedProject};

/// Run sizes: `--quick` shrinks everything to a smoke test.
#[derive(Clone, Copy)]
struct Plan {
    quick: bool,
    latency_rounds: usize,
    latency_calls: usize,
    token_calls: usize,
    token_runs: usize,
    concurrent_callers: usize,
    connection_calls: usize,
    connection_runs: usize,
    throughput_runs: usize,
    throughput_window: Duration,
    throughput_clients: usize,
}

impl Plan {
    fn new(quick: bool) -> Self {
        if quick {
            Plan {
                quick,
                latency_rounds: 3,
                latency_calls: 100,
                token_calls: 1_000,
                token_runs: 1,
                concurrent_callers: 100,
                connection_calls: 100,
                connection_runs: 1,
                throughput_runs: 1,
                throughput_window: Duration::from_millis(300),
                throughput_clients: 16,
            }
        } else {
            Plan {
                quick,
                latency_rounds: 9,
                latency_calls: 1_000,
                token_calls: 10_000,
                token_runs: 3,
                concurrent_callers: 100,
                connection_calls: 1_000,
                connection_runs: 3,
                throughput_runs: 5,
                throughput_window: Duration::from_secs(2),
                throughput_clients: 16,
            }
        }
    }

    /// Cleanup cases: (resources, injected latency, runs).
    fn cleanup_cases(&self) -> Vec<(usize, Duration, usize)> {
        let ms = Duration::from_millis;
        if self.quick {
            vec![(10, ms(0), 1), (10, ms(20), 1), (100, ms(0), 1)]
        } else {
            vec![
                (10, ms(0), 5),
                (10, ms(20), 5),
                (100, ms(0), 5),
                (100, ms(20), 3),
                (1_000, ms(0), 3),
                (1_000, ms(20), 1),
            ]
        }
    }
}

/// One row of the table.
struct Row {
    what: String,
    subject: String,
    baseline: String,
    ratio: String,
    runs: String,
}

fn median(mut xs: Vec<f64>) -> f64 {
    assert!(!xs.is_empty());
    xs.sort_by(|a, b| a.total_cmp(b));
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn micros(d: f64) -> String {
    format!("{d:.0} µs")
}

fn millis(d: f64) -> String {
    if d >= 1000.0 {
        format!("{:.2} s", d / 1000.0)
    } else {
        format!("{d:.1} ms")
    }
}

async fn fresh() -> (EmulatorHandle, Admin) {
    let emu = emulator_builder().start().await.expect("emulator starts");
    let admin = builder(&emu).build().await.expect("admin builds");
    (emu, admin)
}

/// A bare token, fetched by hand (for the bare-reqwest baselines).
async fn bare_token(http: &reqwest::Client, emu: &EmulatorHandle) -> String {
    let body: serde_json::Value = http
        .post(emu.oauth_url())
        .header("X-Pinecone-Api-Version", "2026-07")
        .json(&serde_json::json!({
            "client_id": emu.client_id(),
            "client_secret": emu.client_secret(),
            "grant_type": "client_credentials",
            "audience": "https://api.pinecone.io/",
        }))
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token body");
    body["access_token"].as_str().expect("a token").to_owned()
}

/// One bare GET: send, check the status, read the whole body.
async fn bare_get(http: &reqwest::Client, url: &str, token: &str) {
    let resp = http
        .get(url)
        .bearer_auth(token)
        .header("X-Pinecone-Api-Version", "2026-07")
        .send()
        .await
        .expect("bare GET");
    assert!(resp.status().is_success(), "{}", resp.status());
    let body = resp.bytes().await.expect("body");
    assert!(!body.is_empty());
}

/// Median per-call latency (µs) of `n` sequential calls.
async fn per_call<F, Fut>(n: usize, mut call: F) -> f64
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        call().await;
        samples.push(t.elapsed().as_secs_f64() * 1e6);
    }
    median(samples)
}

// 1. -------------------------------------------------------------------------------------------

async fn describe_latency(plan: Plan) -> Row {
    let (emu, admin) = fresh().await;
    let id = emu.seed_project("bench");
    let http = reqwest::Client::new();
    let token = bare_token(&http, &emu).await;
    let url = format!("{}/admin/projects/{id}", emu.admin_url());
    let facade = || async {
        let p = admin.projects().describe(&id).await.expect("describe");
        assert_eq!(p.id, id);
    };
    let bare = || bare_get(&http, &url, &token);
    // Warm both paths (connections, allocator, caches).
    per_call(plan.latency_calls / 2, facade).await;
    per_call(plan.latency_calls / 2, bare).await;

    let (mut f_med, mut b_med) = (Vec::new(), Vec::new());
    for round in 0..plan.latency_rounds {
        // Alternate which goes first, so drift does not favour one side.
        let (f, b) = if round % 2 == 0 {
            let f = per_call(plan.latency_calls, facade).await;
            (f, per_call(plan.latency_calls, bare).await)
        } else {
            let b = per_call(plan.latency_calls, bare).await;
            (per_call(plan.latency_calls, facade).await, b)
        };
        f_med.push(f);
        b_med.push(b);
    }
    let (f, b) = (median(f_med), median(b_med));
    Row {
        what: "`projects().describe()` latency (median per call)".into(),
        subject: micros(f),
        baseline: format!("{} (bare `reqwest` GET, same URL)", micros(b)),
        ratio: format!("{:.2}×", f / b),
        runs: format!(
            "{} rounds × {} calls each",
            plan.latency_rounds, plan.latency_calls
        ),
    }
}

// 2. -------------------------------------------------------------------------------------------

async fn tokens_within_ttl(plan: Plan) -> Row {
    let mut counts = Vec::new();
    for _ in 0..plan.token_runs {
        let (emu, admin) = fresh().await;
        let id = emu.seed_project("bench");
        let before = emu.counters();
        let done = stream::iter(0..plan.token_calls)
            .map(|_| {
                let admin = admin.clone();
                let id = id.clone();
                async move { admin.projects().describe(&id).await.is_ok() }
            })
            .buffer_unordered(16)
            .filter(|ok| std::future::ready(*ok))
            .count()
            .await;
        assert_eq!(done, plan.token_calls);
        let after = emu.counters();
        assert_eq!(
            after.requests("GET /admin/projects/{project_id}")
                - before.requests("GET /admin/projects/{project_id}"),
            plan.token_calls as u64
        );
        counts.push((after.token_exchanges() - before.token_exchanges()) as f64);
    }
    Row {
        what: format!(
            "token exchanges for {} calls within one TTL (16 in flight; after `build()`'s one)",
            plan.token_calls
        ),
        subject: format!("{}", median(counts)),
        baseline: "—".into(),
        ratio: "—".into(),
        runs: format!("{} run(s)", plan.token_runs),
    }
}

/// 100 callers at once when the token is due: (a) scheduled refresh with the emulator's short
/// TTL, (b) every token invalidated server-side (all 100 get a 401 first).
async fn tokens_at_expiry(plan: Plan) -> Vec<Row> {
    let runs = if plan.quick { 1 } else { 5 };
    let (mut scheduled, mut after_401, mut rejected) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        // (a) TTL 1 s: the client refreshes once half of it is left.
        let emu = emulator_builder()
            .token_ttl(Duration::from_secs(1))
            .start()
            .await
            .expect("emulator starts");
        let admin = builder(&emu).build().await.expect("admin builds");
        let id = emu.seed_project("bench");
        tokio::time::sleep(Duration::from_millis(600)).await;
        let before = emu.counters();
        concurrent_describes(&admin, &id, plan.concurrent_callers).await;
        scheduled.push((emu.counters().token_exchanges() - before.token_exchanges()) as f64);

        // (b) Server-side expiry: every caller's first attempt is refused. The first
        // `callers` requests are held 20 ms before the emulator answers, so all of them are in
        // flight with the stale token before the first 401 comes back.
        let (emu, admin) = fresh().await;
        let id = emu.seed_project("bench");
        emu.expire_tokens();
        emu.inject(
            FaultRule::new("GET", "/admin/projects/{project_id}")
                .times(plan.concurrent_callers as u32)
                .action(FaultAction::Latency(Duration::from_millis(20))),
        );
        let before = emu.counters();
        concurrent_describes(&admin, &id, plan.concurrent_callers).await;
        let after = emu.counters();
        after_401.push((after.token_exchanges() - before.token_exchanges()) as f64);
        let route = "GET /admin/projects/{project_id}";
        rejected.push(
            (after.requests(route) - before.requests(route)) as f64
                - plan.concurrent_callers as f64,
        );
    }
    vec![
        Row {
            what: format!(
                "token exchanges, {} concurrent callers when the token is due (TTL 1 s)",
                plan.concurrent_callers
            ),
            subject: format!("{}", median(scheduled)),
            baseline: "—".into(),
            ratio: "—".into(),
            runs: format!("{runs} run(s)"),
        },
        Row {
            what: format!(
                "token exchanges, {} concurrent callers after `expire_tokens` (all in flight with the stale token)",
                plan.concurrent_callers
            ),
            subject: format!("{}", median(after_401)),
            baseline: format!("{} requests answered 401 (re-sent once each)", median(rejected)),
            ratio: "—".into(),
            runs: format!("{runs} run(s)"),
        },
    ]
}

async fn concurrent_describes(admin: &Admin, id: &str, callers: usize) {
    let calls = (0..callers).map(|_| {
        let admin = admin.clone();
        let id = id.to_owned();
        tokio::spawn(async move { admin.projects().describe(&id).await })
    });
    for r in futures::future::join_all(calls).await {
        r.expect("task").expect("describe after expiry");
    }
}

// 3. -------------------------------------------------------------------------------------------

async fn connections(plan: Plan) -> Row {
    let (mut facade, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..plan.connection_runs {
        let (emu, admin) = fresh().await;
        let id = emu.seed_project("bench");
        let before = emu.counters().connections();
        for _ in 0..plan.connection_calls {
            admin.projects().describe(&id).await.expect("describe");
        }
        facade.push((emu.counters().connections() - before) as f64);

        let http = reqwest::Client::new();
        let token = bare_token(&http, &emu).await;
        let before = emu.counters().connections();
        let url = format!("{}/admin/projects/{id}", emu.admin_url());
        for _ in 0..plan.connection_calls {
            bare_get(&http, &url, &token).await;
        }
        bare.push((emu.counters().connections() - before) as f64);
    }
    Row {
        what: format!(
            "TCP connections opened for {} sequential calls (after the client's token fetch)",
            plan.connection_calls
        ),
        subject: format!("{}", median(facade)),
        baseline: format!("{} (bare `reqwest`, one shared client)", median(bare)),
        ratio: "—".into(),
        runs: format!("{} run(s)", plan.connection_runs),
    }
}

// 4. -------------------------------------------------------------------------------------------

/// A project holding `n` resources: a quarter each of indexes, collections, assistants and
/// backups (of the first index). Returns the project id and what to delete, by kind.
fn seed_resources(emu: &EmulatorHandle, n: usize) -> (String, Vec<(&'static str, String)>) {
    let per = n / 4;
    let indexes = n - 3 * per;
    let mut seed = SeedProject::new("cleanup-bench");
    let mut names = Vec::with_capacity(n);
    for i in 0..indexes {
        seed = seed.index(format!("idx-{i}"), false);
        names.push(("index", format!("idx-{i}")));
    }
    for i in 0..per {
        seed = seed.collection(format!("col-{i}"));
        names.push(("collection", format!("col-{i}")));
    }
    for i in 0..per {
        seed = seed.assistant(format!("asst-{i}"));
        names.push(("assistant", format!("asst-{i}")));
    }
    for _ in 0..per {
        seed = seed.backup("idx-0");
    }
    let seeded = emu.seed(seed).expect("seeded");
    for id in seeded.backup_ids {
        names.push(("backup", id));
    }
    assert_eq!(names.len(), n);
    (seeded.project_id, names)
}

fn cleanup_options() -> CleanupOptions {
    CleanupOptions::new()
        .retry_delay(Duration::from_millis(50))
        .poll_interval(Duration::from_millis(5), Duration::from_millis(50))
}

/// The same work done one request at a time with the raw clients: a temporary key, each
/// deletion in turn (names known up front, no listing: this favours the baseline), the key,
/// the project.
async fn one_by_one(
    admin: &Admin,
    emu: &EmulatorHandle,
    project_id: &str,
    names: &[(&str, String)],
) {
    let key = admin
        .api_keys()
        .create(project_id, CreateApiKey::new("bench-sequential"))
        .await
        .expect("key");
    let ctx = RequestContext::new("2026-07").with_api_key(key.secret().expose());
    let http = reqwest::Client::new();
    let db = db_control::Client::new_with_client(emu.control_url(), http.clone(), ctx.clone());
    let assistants = assistant_control::Client::new_with_client(
        &format!("{}/assistant", emu.control_url()),
        http,
        ctx,
    );
    for (kind, name) in names {
        let ok = match *kind {
            "index" => db.delete_index(name).await.is_ok(),
            "collection" => db.delete_collection(name).await.is_ok(),
            "backup" => db.delete_backup(name).await.is_ok(),
            _ => assistants.delete_assistant(name).await.is_ok(),
        };
        assert!(ok, "deleting {kind} {name}");
    }
    admin
        .api_keys()
        .delete(&key.key().id)
        .await
        .expect("key delete");
    admin
        .projects()
        .delete(project_id)
        .await
        .expect("project delete");
}

async fn cleanup_case(n: usize, latency: Duration, runs: usize) -> Row {
    let (mut concurrent, mut sequential) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let mut pair = [0.0f64; 2];
        for (slot, seq) in [(0usize, false), (1, true)] {
            let emu = emulator_builder().start().await.expect("emulator starts");
            let admin = builder(&emu).build().await.expect("admin builds");
            let (project_id, names) = seed_resources(&emu, n);
            if !latency.is_zero() {
                emu.inject(FaultRule::new("*", "*").action(FaultAction::Latency(latency)));
            }
            let t = Instant::now();
            if seq {
                one_by_one(&admin, &emu, &project_id, &names).await;
            } else {
                let report = admin
                    .projects()
                    .delete_with_cleanup(&project_id, cleanup_options())
                    .await
                    .unwrap_or_else(|e| panic!("cleanup of {n}: {e}"));
                assert_eq!(report.total(), n);
            }
            pair[slot] = t.elapsed().as_secs_f64() * 1e3;
            emu.clear_faults();
            assert!(!emu.project_ids().contains(&project_id));
        }
        concurrent.push(pair[0]);
        sequential.push(pair[1]);
    }
    Row {
        what: format!(
            "`delete_with_cleanup`, {n} resources, {} ms injected latency",
            latency.as_millis()
        ),
        subject: millis(median(concurrent.clone())),
        baseline: format!("{} (one by one)", millis(median(sequential.clone()))),
        ratio: format!(
            "{:.1}× speed-up",
            median(sequential.clone()) / median(concurrent.clone())
        ),
        runs: format!("{runs} run{}", if runs == 1 { "" } else { "s" }),
    }
}

// 5. -------------------------------------------------------------------------------------------

/// Requests per second that `clients` concurrent keep-alive clients get from the emulator.
async fn throughput(plan: Plan, create: bool) -> f64 {
    let emu = emulator_builder().start().await.expect("emulator starts");
    let id = emu.seed_project("bench");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.throughput_clients)
        .build()
        .expect("client");
    let token = bare_token(&http, &emu).await;
    let deadline = Instant::now() + plan.throughput_window;
    let started = Instant::now();
    let workers = (0..plan.throughput_clients).map(|w| {
        let http = http.clone();
        let token = token.clone();
        let read_url = format!("{}/admin/projects/{id}", emu.admin_url());
        let create_url = format!("{}/admin/projects", emu.admin_url());
        tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                let req = if create {
                    http.post(&create_url)
                        .json(&serde_json::json!({ "name": format!("tp-{w}-{n}") }))
                } else {
                    http.get(&read_url)
                };
                let resp = req
                    .bearer_auth(&token)
                    .header("X-Pinecone-Api-Version", "2026-07")
                    .send()
                    .await
                    .expect("request");
                assert!(resp.status().is_success(), "{}", resp.status());
                resp.bytes().await.expect("body");
                n += 1;
            }
            n
        })
    });
    let mut total = 0;
    for w in futures::future::join_all(workers).await {
        total += w.expect("worker");
    }
    total as f64 / started.elapsed().as_secs_f64()
}

async fn throughput_rows(plan: Plan) -> Vec<Row> {
    let (mut reads, mut creates) = (Vec::new(), Vec::new());
    for _ in 0..plan.throughput_runs {
        reads.push(throughput(plan, false).await);
        creates.push(throughput(plan, true).await);
    }
    let (r, c) = (median(reads), median(creates));
    let runs = format!(
        "{} run(s) × {:.1} s, {} clients",
        plan.throughput_runs,
        plan.throughput_window.as_secs_f64(),
        plan.throughput_clients
    );
    vec![
        Row {
            what: "emulator throughput, read (`GET /admin/projects/{id}`)".into(),
            subject: format!("{r:.0} req/s"),
            baseline: "—".into(),
            ratio: "—".into(),
            runs: runs.clone(),
        },
        Row {
            what: "emulator throughput, create (`POST /admin/projects`)".into(),
            subject: format!("{c:.0} req/s"),
            baseline: format!("{r:.0} req/s (read)"),
            ratio: format!("{:.2}× of read", c / r),
            runs,
        },
    ]
}

// ---------------------------------------------------------------------------------------------

async fn run(plan: Plan) -> Vec<Row> {
    let mut rows = vec![describe_latency(plan).await, tokens_within_ttl(plan).await];
    rows.extend(tokens_at_expiry(plan).await);
    rows.push(connections(plan).await);
    for (n, latency, runs) in plan.cleanup_cases() {
        rows.push(cleanup_case(n, latency, runs).await);
    }
    rows.extend(throughput_rows(plan).await);
    rows
}

fn main() {
    // `cargo bench` passes `--bench`; anything else but `--quick` is ignored.
    let quick = std::env::args().any(|a| a == "--quick");
    let plan = Plan::new(quick);
    let started = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let rows = rt.block_on(run(plan));

    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "pinecone-admin benchmark ({} run), {} UTC, {} {} with {cores} CPU(s) available, {} build; \
         client and emulator in one process on a 2-worker Tokio runtime, loopback HTTP/1.1.\n",
        if quick { "quick" } else { "full" },
        chrono::Utc::now().format("%Y-%m-%d %H:%M"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        if cfg!(debug_assertions) { "debug" } else { "release" },
    );
    println!("| # | measurement | pinecone-admin | baseline (same run) | ratio | repetitions |");
    println!("|---|---|---|---|---|---|");
    for (i, r) in rows.iter().enumerate() {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            i + 1,
            r.what,
            r.subject,
            r.baseline,
            r.ratio,
            r.runs
        );
    }
    println!(
        "\nEvery figure is the median over the repetitions shown. Total bench time {:.0} s.",
        started.elapsed().as_secs_f64()
    );
}
