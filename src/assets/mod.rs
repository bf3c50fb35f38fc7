//! Long-cache friendly output, between rendering and the output directory:
//!
//! ```text
//! fingerprint  asset(path='style.css') -> /style.3f2a9c1e.css, copy written after rendering
//! ```
//!
//! Every step is deterministic, so an unchanged site deploys as unchanged files.

pub mod css_urls;
pub mod fingerprint;

pub use fingerprint::Fingerprints;

use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::render::plan::Plan;
use crate::render::theme::StaticData;

/// What was written after rendering, beyond the plan.
#[derive(Debug, Default)]
pub struct Written {
    /// Output paths of the fingerprinted copies.
    pub files: Vec<String>,
}

/// Writes what only rendering can decide: the fingerprinted copies of the files the templates
/// asked for with `asset()`.
pub fn write_after_render(plan: &Plan, sink: &dyn Sink) -> Result<Written, Diagnostic> {
    let mut written = Written::default();
    for copy in plan.fingerprints.used() {
        let (out, result) = match copy {
            fingerprint::Copy::Bytes { out, bytes } => (out, sink.write(out, bytes)),
            fingerprint::Copy::Static { out, data } => (
                out,
                match data {
                    StaticData::Disk(from) => sink.copy(out, from),
                    StaticData::Embedded(bytes) => sink.write(out, bytes),
                },
            ),
        };
        result.map_err(|e| Diagnostic::file_error(out, format!("cannot write output file: {e}")))?;
        written.files.push(out.to_string());
    }
    Ok(written)
}
