//! The files only rendering decides: the fingerprinted copies the templates asked for with
//! `asset()` (`/style.3f2a9c1e.css`, planned in [`crate::plan::fingerprint`]) and `_headers`,
//! which gives them immutable caching (`headers: true`). Both are deterministic, so an
//! unchanged site deploys as unchanged files.

use super::headers;
use super::write_error;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::plan::Plan;
use crate::plan::fingerprint;
use crate::sink::Sink;

/// What was written after rendering, beyond the plan.
#[derive(Debug, Default)]
pub struct Written {
    /// Output paths of the fingerprinted copies and of `_headers`.
    pub files: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// Writes what only rendering can decide: the fingerprinted copies of the files the templates
/// asked for with `asset()`, then `_headers` when `headers: true`. A `_headers` of the site's or
/// theme's `static/` wins over the generated one (a warning says so), since a hand-written file
/// carries rules knead cannot know about. `photo_copies` are the fingerprinted copies of photos,
/// which `_headers` caches for a year too.
pub fn write_after_render(
    config: &SiteConfig,
    plan: &Plan,
    sink: &dyn Sink,
    photo_copies: &[String],
) -> Result<Written, Diagnostic> {
    let mut written = Written::default();
    for copy in plan.fingerprints.used() {
        let (out, result) = match copy {
            fingerprint::Copy::Bytes { out, bytes } => (out, sink.write(out, bytes)),
            fingerprint::Copy::Static { out, data } => (out, data.write_to(sink, out)),
        };
        result.map_err(|e| write_error(out, &e))?;
        written.files.push(out.to_string());
    }
    if config.headers {
        if let Some(owner) = plan.owners.get(headers::FILE) {
            written.warnings.push(
                Diagnostic::file_error(owner, "`headers: true`, but this _headers is used as it is; knead does not generate one")
                    .warning()
                    .with_help(format!("add the fingerprinted files' rules yourself (`Cache-Control: {}`), or delete this file to let knead write _headers", headers::IMMUTABLE)),
            );
        } else {
            let mut paths: Vec<&str> = written.files.iter().chain(photo_copies).map(String::as_str).collect();
            paths.sort_unstable();
            let text = headers::render(&paths, config.base_path());
            sink.write(headers::FILE, text.as_bytes())
                .map_err(|e| write_error(headers::FILE, &e))?;
            written.files.push(headers::FILE.to_string());
        }
    }
    Ok(written)
}
