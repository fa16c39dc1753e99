//! The generated crate's tests, as one test binary (one link instead of three). Run one area
//! with `cargo test -p admin-api-raw --test raw -- wire::`.

mod examples;
mod open_shapes;
mod ops;
mod wire;
