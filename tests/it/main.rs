//! knead's integration tests: one binary, a module per feature, each test a small site.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod assets;
mod check;
mod ci_output;
mod cli;
mod clinic_facts;
mod commands;
mod components;
mod content_model;
mod deploy_workflow;
mod first_run;
mod front_matter_errors;
mod front_matter_reference;
mod images;
mod incremental;
mod letter_case;
mod link_forms;
mod links;
mod markdown;
mod output;
mod output_untrusted;
mod release;
mod scaffold;
mod seo;
mod serve;
mod serve_browser;
mod site_workflow;
mod stage_order;
mod support;
#[cfg(unix)]
mod symlinks;
mod templates;
mod unpublished;
