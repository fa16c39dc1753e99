//! The end-to-end suites' helpers are the workspace's shared harness,
//! [`pinecone_admin_test_support`], re-exported here so that the suites (`tests/tests/*.rs`)
//! and the benchmark (`tests/benches/admin_bench.rs`) keep writing `pinecone_admin_e2e::...`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use pinecone_admin_test_support::*;

/// The Rust examples of the repository's README, compiled as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
