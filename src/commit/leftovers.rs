//! Staging directories a killed build left beside the output (`.public.knead-XXXXXX`, each up to
//! a whole site's size) are deleted by the next build writing the same output. A running build
//! keeps its staging directory's marker file locked (see [`super::Staging`]), so a directory is
//! abandoned only when its marker can be locked; an empty one is abandoned once it is a minute
//! old (a build killed between making it and writing the marker). Anything else with such a
//! name, and anything not knead's, is left alone.

use super::MARKER;
use super::remove::remove_output_tree;
use std::path::Path;
use std::time::Duration;

/// How long an empty staging directory may be waiting for its marker.
const EMPTY_GRACE: Duration = Duration::from_secs(60);

/// The name every staging directory of `output` starts with: `.public.knead-` for `public/`.
pub fn prefix(output: &Path) -> String {
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.knead-")
}

/// Deletes the abandoned staging directories in `parent` whose names start with `prefix`.
pub fn remove_abandoned(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let ours = entry.file_name().to_str().is_some_and(|n| n.starts_with(prefix));
        // `file_type` does not follow symbolic links: a link with such a name is not ours.
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let dir = entry.path();
            if is_abandoned(&dir) {
                remove_output_tree(&dir);
            }
        }
    }
}

fn is_abandoned(dir: &Path) -> bool {
    let marker = dir.join(MARKER);
    match std::fs::symlink_metadata(&marker) {
        Ok(meta) if meta.is_file() => std::fs::File::open(&marker).is_ok_and(|file| file.try_lock().is_ok()),
        Ok(_) => false,
        Err(_) => {
            let empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none());
            let old = std::fs::metadata(dir)
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age > EMPTY_GRACE));
            empty && old
        }
    }
}
