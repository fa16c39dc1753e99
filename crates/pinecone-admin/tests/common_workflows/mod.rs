//! Helpers for the users / invites / service accounts / role bindings / pagination / cleanup /
//! workflow tests: an emulator, a client wired to it, fast cleanup options, an event
//! recorder, and checks that no temporary cleanup key is left behind.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pinecone_admin::{Admin, CleanupEvent, CleanupOptions, RetryConfig};
use pinecone_admin_emulator::{Emulator, EmulatorBuilder, EmulatorHandle};

pub const CLIENT_ID: &str = "workflows-client-id";
pub const CLIENT_SECRET: &str = "workflows-client-secret-never-print";
pub const TEMP_KEY_PREFIX: &str = "_cleanup_temp_";

/// An emulator with known credentials.
pub async fn emulator() -> EmulatorHandle {
    emulator_with(|b| b).await
}

/// An emulator with known credentials and more settings.
pub async fn emulator_with(f: impl FnOnce(EmulatorBuilder) -> EmulatorBuilder) -> EmulatorHandle {
    f(Emulator::builder().client_credentials(CLIENT_ID, CLIENT_SECRET))
        .start()
        .await
        .expect("emulator starts")
}

/// Retries that wait milliseconds.
pub fn fast_retry() -> RetryConfig {
    RetryConfig::default()
        .min_delay(Duration::from_millis(2))
        .max_delay(Duration::from_millis(10))
        .max_retry_after(Duration::from_millis(20))
}

/// A client pointed at `emu`, ignoring the process environment.
pub async fn admin(emu: &EmulatorHandle) -> Admin {
    Admin::builder()
        .client_id(emu.client_id())
        .client_secret(emu.client_secret())
        .host(emu.admin_url())
        .oauth_url(emu.oauth_url())
        .control_host(emu.control_url())
        .retry(fast_retry())
        .env(|_| None)
        .build()
        .await
        .expect("admin builds")
}

/// Cleanup options on a millisecond scale.
pub fn fast_cleanup() -> CleanupOptions {
    CleanupOptions::new()
        .max_attempts(3)
        .retry_delay(Duration::from_millis(10))
        .poll_interval(Duration::from_millis(5), Duration::from_millis(20))
        .resource_timeout(Duration::from_secs(5))
        .project_delete_timeout(Duration::from_secs(2))
        .temporary_key_grace(Duration::from_millis(20))
}

/// Records cleanup events.
#[derive(Clone, Default)]
pub struct Events(Arc<Mutex<Vec<CleanupEvent>>>);

impl Events {
    pub fn new() -> Self {
        Self::default()
    }

    /// `options` with this recorder as the progress callback.
    pub fn attach(&self, options: CleanupOptions) -> CleanupOptions {
        let sink = self.0.clone();
        options.on_progress(move |e| sink.lock().unwrap().push(e))
    }

    pub fn all(&self) -> Vec<CleanupEvent> {
        self.0.lock().unwrap().clone()
    }

    pub fn count(&self, f: impl Fn(&CleanupEvent) -> bool) -> usize {
        self.0.lock().unwrap().iter().filter(|e| f(e)).count()
    }
}

/// Every API key id of every project, via the emulator's inspection API.
pub fn all_key_ids(emu: &EmulatorHandle) -> BTreeSet<String> {
    emu.project_ids()
        .iter()
        .flat_map(|p| emu.api_key_ids(p))
        .collect()
}

/// Keys whose name marks them as cleanup keys, in every project (names are read over HTTP:
/// the emulator's inspection API gives ids only).
pub async fn temp_keys(emu: &EmulatorHandle, admin: &Admin) -> Vec<String> {
    let mut found = Vec::new();
    for project in emu.project_ids() {
        for key in admin.api_keys().list(&project).await.expect("list keys") {
            if key.name.starts_with(TEMP_KEY_PREFIX) {
                found.push(key.id);
            }
        }
    }
    found
}

/// The check every cleanup test ends with: no key was added to any project (emulator
/// inspection) and no key named like a cleanup key exists anywhere.
pub async fn assert_no_temp_keys(emu: &EmulatorHandle, admin: &Admin, before: &BTreeSet<String>) {
    emu.clear_faults();
    let now = all_key_ids(emu);
    let added: Vec<_> = now.difference(before).collect();
    assert!(added.is_empty(), "keys left behind: {added:?}");
    let named = temp_keys(emu, admin).await;
    assert!(named.is_empty(), "temporary keys left behind: {named:?}");
}
