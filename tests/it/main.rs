//! knead's integration tests: one binary, a module per feature, each test a small site.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod content_model;
mod front_matter_errors;
mod markdown;
mod output;
mod support;
mod templates;
