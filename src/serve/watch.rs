//! Watches the site's sources with notify and reports each burst of changes that could change
//! the output (`content/`, `themes/`, `static/`, `site.yaml`) with the paths that changed,
//! debounced: 50 ms of quiet after a write, 10 ms after an event that ends a save. Reads are not
//! changes: the build itself opens every source file.

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

/// Keeps watching while alive.
pub type Watcher = RecommendedWatcher;

/// How long the sources must be quiet before a rebuild, after a write that may still be going
/// on: short enough to feel instant, long enough to see an editor's save as one change.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// The same after an event that ends a save (a file closed after writing, renamed into place,
/// created or removed): what follows within microseconds is the rest of the same save, so
/// waiting the full [`DEBOUNCE`] would only add latency.
const SETTLE: Duration = Duration::from_millis(10);
const SOURCE_DIRS: [&str; 3] = ["content", "themes", "static"];

/// Calls `changed` with the changed paths after each burst of relevant changes, `Err` on
/// watcher errors.
pub fn start(
    root: &Path,
    output: &Path,
    changed: impl Fn(Result<Vec<PathBuf>, String>) + Send + 'static,
) -> notify::Result<Watcher> {
    // Events carry absolute paths; compare them with absolute, canonical ones.
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let output = if output.is_absolute() {
        output.to_path_buf()
    } else {
        root.join(output)
    };
    let output = output.canonicalize().unwrap_or(output);
    let (tx, rx) = channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    // The root itself only for `site.yaml` (recursively it would include public/ and target/),
    // then each source directory that exists.
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    for dir in SOURCE_DIRS.iter().map(|d| root.join(d)).filter(|d| d.is_dir()) {
        watcher.watch(&dir, RecursiveMode::Recursive)?;
    }
    let relevant_paths = move |event: &Event| changed_paths(&root, &output, event);
    std::thread::spawn(move || {
        // Wait for a change, then until the sources are quiet for DEBOUNCE.
        while let Ok(first) = rx.recv() {
            let mut paths = BTreeSet::new();
            let mut quiet = match first {
                Err(error) => {
                    changed(Err(format!("file watcher: {error}")));
                    continue;
                }
                Ok(event) => {
                    paths.extend(relevant_paths(&event));
                    quiet_after(&event)
                }
            };
            if paths.is_empty() {
                continue;
            }
            loop {
                match rx.recv_timeout(quiet) {
                    Ok(Ok(event)) => {
                        let found = relevant_paths(&event);
                        if !found.is_empty() {
                            quiet = quiet_after(&event);
                        }
                        paths.extend(found);
                    }
                    Ok(Err(error)) => changed(Err(format!("file watcher: {error}"))),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            changed(Ok(paths.into_iter().collect()));
        }
    });
    Ok(watcher)
}

/// How long to wait for more events after `event`.
fn quiet_after(event: &Event) -> Duration {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Create(_)
        | EventKind::Remove(_)
        | EventKind::Modify(ModifyKind::Name(_)) => SETTLE,
        _ => DEBOUNCE,
    }
}

/// The source files `event` writes, creates, removes or renames; none for a read, none in the
/// output.
fn changed_paths(root: &Path, output: &Path, event: &Event) -> Vec<PathBuf> {
    let kind_changes = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    };
    if !kind_changes {
        return Vec::new();
    }
    event
        .paths
        .iter()
        .filter(|p| relevant(root, output, p))
        .cloned()
        .collect()
}

fn relevant(root: &Path, output: &Path, path: &Path) -> bool {
    if path.starts_with(output) {
        return false;
    }
    path.strip_prefix(root)
        .is_ok_and(|rel| rel == Path::new("site.yaml") || SOURCE_DIRS.iter().any(|d| rel.starts_with(d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_changes_trigger_rebuilds() {
        let root = Path::new("/site");
        let output = Path::new("/site/public");
        assert!(relevant(root, output, Path::new("/site/content/a.md")));
        assert!(relevant(root, output, Path::new("/site/site.yaml")));
        assert!(relevant(
            root,
            output,
            Path::new("/site/themes/clinic/templates/page.html")
        ));
        assert!(!relevant(root, output, Path::new("/site/public/index.html")));
        assert!(!relevant(root, output, Path::new("/site/README.md")));
        assert!(!relevant(
            root,
            Path::new("/site/content/out"),
            Path::new("/site/content/out/x.html")
        ));
        let event = |kind| Event::new(kind).add_path(std::path::PathBuf::from("/site/content/a.md"));
        let changed = |kind| changed_paths(root, output, &event(kind));
        assert!(changed(EventKind::Access(AccessKind::Open(AccessMode::Read))).is_empty());
        let written = [std::path::PathBuf::from("/site/content/a.md")];
        assert_eq!(
            changed(EventKind::Access(AccessKind::Close(AccessMode::Write))),
            written
        );
        assert_eq!(changed(EventKind::Modify(notify::event::ModifyKind::Any)), written);
    }
}
