//! Cancellation soak: seeded cleanups stopped at random moments leave no temporary key.
//!
//! Each of the runs seeds a project (a random mix of indexes, collections, backups and
//! assistants), puts a random latency (0 to 40 ms) on every admin and control-plane route, and
//! starts `delete_with_cleanup` on a client runtime of its own. At a random moment (0 to
//! 250 ms, from `StdRng::seed_from_u64(run)`) the run is cancelled, alternately by
//!
//! * dropping the cleanup future (a `timeout` around it, the runtime goes on), or
//! * shutting the client's runtime down (as when `main` returns with the cleanup in flight).
//!
//! The moment falls before the key create, while it is in flight, mid-pass or after the end.
//! Whatever it was, no temporary key may remain once the run has settled (the
//! background deletion is given at most 5 s). The CLI's share of the soak (SIGINT to the
//! process) is in the CLI's integration tests.

use std::time::Duration;

use pinecone_admin::CleanupOptions;
use pinecone_admin_e2e::builder;
use pinecone_admin_emulator::{EmulatorHandle, FaultAction, FaultRule, SeedProject};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const RUNS: u64 = 80;

fn options() -> CleanupOptions {
    CleanupOptions::new()
        .max_attempts(3)
        .retry_delay(Duration::from_millis(10))
        .poll_interval(Duration::from_millis(5), Duration::from_millis(20))
        .temporary_key_grace(Duration::from_millis(30))
}

fn seed(emu: &EmulatorHandle, run: u64, rng: &mut StdRng) -> String {
    let mut project = SeedProject::new(format!("cancel-{run}"));
    for i in 0..rng.random_range(0..4) {
        project = project.index(format!("idx-{i}"), false);
    }
    for i in 0..rng.random_range(0..3) {
        project = project.collection(format!("col-{i}"));
    }
    for i in 0..rng.random_range(0..3) {
        project = project.assistant(format!("asst-{i}"));
    }
    emu.seed(project).expect("seeded").project_id
}

/// The project's keys: a seeded project has none, so every key is a cleanup's temporary key.
fn temp_keys(emu: &EmulatorHandle, project_id: &str) -> Vec<String> {
    emu.api_key_ids(project_id)
}

#[test]
fn cancelled_cleanups_leave_no_temporary_key() {
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let emu = server_rt.block_on(pinecone_admin_e2e::emulator());
    let mut stopped_mid_run = 0;
    for run in 0..RUNS {
        let mut rng = StdRng::seed_from_u64(run);
        let project_id = seed(&emu, run, &mut rng);
        emu.clear_faults();
        let latency = Duration::from_millis(rng.random_range(0..40));
        for route in ["/admin/*", "/indexes*", "/collections*", "/assistant/*"] {
            emu.inject(FaultRule::new("*", route).action(FaultAction::Latency(latency)));
        }
        let cancel_after = Duration::from_millis(rng.random_range(0..250));
        let shutdown = run % 2 == 1;

        let client_rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let admin = client_rt
            .block_on(builder(&emu).build())
            .expect("admin builds");
        let cleanup = {
            let admin = admin.clone();
            let project_id = project_id.clone();
            async move {
                admin
                    .projects()
                    .delete_with_cleanup(&project_id, options())
                    .await
            }
        };
        if shutdown {
            let task = client_rt.spawn(cleanup);
            std::thread::sleep(cancel_after);
            if !task.is_finished() {
                stopped_mid_run += 1;
            }
            drop(task);
            drop(admin);
            // Blocks until the runtime's tasks are dropped, and any key deletion they hand
            // over to a thread of their own has ended (bounded).
            drop(client_rt);
        } else {
            let finished =
                client_rt.block_on(async { tokio::time::timeout(cancel_after, cleanup).await });
            if finished.is_err() {
                stopped_mid_run += 1;
            }
            // The runtime goes on: the background deletion runs there.
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            while !temp_keys(&emu, &project_id).is_empty() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            drop(admin);
            drop(client_rt);
        }
        emu.clear_faults();
        let left = temp_keys(&emu, &project_id);
        assert!(
            left.is_empty(),
            "run {run} ({}, cancelled after {cancel_after:?}, latency {latency:?}) left {left:?}",
            if shutdown {
                "runtime shutdown"
            } else {
                "future dropped"
            }
        );
    }
    // The soak means something only if most runs were really stopped half-way.
    assert!(
        stopped_mid_run >= RUNS / 2,
        "only {stopped_mid_run} of {RUNS} runs were cancelled mid-run"
    );
    server_rt.shutdown_background();
}
