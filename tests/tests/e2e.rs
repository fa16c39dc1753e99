//! The end-to-end suites that share a process, as one test binary: the fault matrix, the
//! cleanup soak and the property tests. `redaction` stays a binary of its own, because it
//! installs a process-wide TRACE subscriber that would capture (and slow) every other test.
//! Run one suite with `cargo test -p pinecone-admin-e2e --test e2e -- fault_matrix::`.

mod cancel_soak;
mod cleanup_soak;
mod fault_matrix;
mod properties;
