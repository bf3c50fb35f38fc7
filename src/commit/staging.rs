//! A build in progress: the staging directory that becomes the output on [`Staging::commit`].
//! The staging directory is made beside the output, holds knead's marker from its first moment,
//! and is swapped with the output in one step once every file is written. Dropped without
//! commit, it removes itself and the output is untouched.

use super::remove::remove_output_tree;
use super::{MARKER, MARKER_TEXT, leftovers};
use crate::diagnostics::Diagnostic;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The directories of a site whose files are published: an output inside one would be read
/// back in, and published again, by the next build.
const SOURCE_DIRS: [&str; 3] = ["content", "static", "themes"];

pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
    /// The staging directory's marker, open and locked while the build runs, so that another
    /// build cleaning up beside the output knows this directory is in use (see [`leftovers`]).
    in_use: Option<std::fs::File>,
}

impl Staging {
    /// Checks that `output` may be replaced, deletes what killed builds left beside it, and
    /// creates the staging directory there.
    pub fn begin(output: &Path, site_root: &Path) -> Result<Staging, Diagnostic> {
        check_replaceable(output, site_root)?;
        let parent = parent_of(output);
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create", &e))?;
        let prefix = leftovers::prefix(output);
        leftovers::remove_abandoned(parent, &prefix);
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(parent)
            .map_err(|e| io_error(parent, "cannot create a staging directory in", &e))?;
        let in_use = write_marker_in_use(dir.path()).map_err(|e| io_error(dir.path(), "cannot write to", &e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            in_use,
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Swaps the finished site in and deletes the old output. On Linux the two directories trade
    /// places in one step, so a server reading the output never finds it missing; elsewhere (or
    /// where the file system cannot) the old output is moved aside and the new one renamed into
    /// place, and if that fails the old output is put back. Either way the output is the old
    /// one or the new one, never a mix.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let Staging { dir, output, in_use } = self;
        let staged = dir.keep();
        let output = &output;
        // A symbolic link in the output's place takes the other way: it is replaced, not swapped.
        #[cfg(target_os = "linux")]
        if std::fs::symlink_metadata(output).is_ok_and(|m| m.is_dir())
            && super::at_dir::exchange(&staged, output).is_ok()
        {
            // `staged` now names the previous output.
            remove_output_tree(&staged);
            return Ok(());
        }
        // Some systems (Windows) refuse to rename a directory with a file open inside.
        drop(in_use);
        if std::fs::symlink_metadata(output).is_err() {
            return std::fs::rename(&staged, output).map_err(|e| {
                remove_output_tree(&staged);
                io_error(output, "cannot create", &e)
            });
        }
        let parent = parent_of(output);
        let aside = tempfile::Builder::new()
            .prefix(&leftovers::prefix(output))
            .tempdir_in(parent)
            .map_err(|e| io_error(output, "cannot prepare replacing", &e))?
            .keep();
        let aside_in_use = write_marker_in_use(&aside).map_err(|e| io_error(&aside, "cannot write to", &e))?;
        let old = aside.join("old");
        std::fs::rename(output, &old).map_err(|e| io_error(output, "cannot move aside", &e))?;
        let replaced = std::fs::rename(&staged, output);
        if replaced.is_err() {
            let _ = std::fs::rename(&old, output);
            remove_output_tree(&staged);
        }
        drop(aside_in_use);
        remove_output_tree(&aside);
        replaced.map_err(|e| io_error(output, "cannot replace", &e))
    }
}

/// Creates the marker in `dir`, locked before it has any text (so another build never finds it
/// unlocked), and keeps it open and locked where the file system has locks.
fn write_marker_in_use(dir: &Path) -> io::Result<Option<std::fs::File>> {
    use std::io::Write;
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(dir.join(MARKER))?;
    let locked = file.try_lock().is_ok();
    file.write_all(MARKER_TEXT.as_bytes())?;
    Ok(locked.then_some(file))
}

/// The directory holding `output` (`.` for a bare name).
fn parent_of(output: &Path) -> &Path {
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A failed file operation of staging or swapping, with what the user can do about it.
fn io_error(path: &Path, what: &str, err: &io::Error) -> Diagnostic {
    Diagnostic::file_error(path.display().to_string(), format!("{what} {}: {err}", path.display())).with_help(
        "knead writes the new site into a folder beside the output and then swaps the two, so the folder holding the output must be writable and the output cannot be a mount point; build into a folder you own (-o DIR) and copy from there",
    )
}

/// Refuses an output that is the site itself, holds the site, lies inside a directory the site
/// publishes from, or is a non-empty directory knead did not write (no marker file).
fn check_replaceable(output: &Path, site_root: &Path) -> Result<(), Diagnostic> {
    let shown = output.display().to_string();
    if let (Some(out), Ok(root)) = (resolved(output), std::fs::canonicalize(site_root)) {
        if root.starts_with(&out) {
            return Err(Diagnostic::file_error(
                &shown,
                "output directory contains the site itself; refusing to replace it",
            )
            .with_help("choose an output directory inside or beside the site, such as public/"));
        }
        for source in SOURCE_DIRS {
            let Ok(source_dir) = std::fs::canonicalize(root.join(source)) else {
                continue;
            };
            if out.starts_with(&source_dir) {
                return Err(Diagnostic::file_error(
                    &shown,
                    format!("the output directory is inside the site's {source}/ directory, so the next build would publish it again"),
                )
                .with_help("write the site beside its sources instead, such as public/ at the site's root (the default)"));
            }
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(output) else {
        return Ok(());
    };
    if !meta.is_dir() {
        // A symbolic link to a directory is replaced by the new output; anything else is refused.
        if meta.file_type().is_symlink() && output.is_dir() {
            return Ok(());
        }
        return Err(Diagnostic::file_error(
            &shown,
            "output path exists and is not a directory",
        ));
    }
    let marked = std::fs::symlink_metadata(output.join(MARKER)).is_ok_and(|m| m.is_file());
    if !marked {
        let foreign = std::fs::read_dir(output)
            .map_err(|e| io_error(output, "cannot read", &e))?
            .filter_map(Result::ok)
            .any(|e| e.file_name() != ".gitkeep");
        if foreign {
            return Err(Diagnostic::file_error(&shown, "output directory is not empty and was not written by knead; refusing to replace it")
                .with_help(format!("remove it yourself if it is an old build, or pass another --output (knead marks its own output with {MARKER})")));
        }
    }
    Ok(())
}

/// `path` with symbolic links resolved, also when it does not exist yet: its nearest existing
/// ancestor canonicalised, the rest appended.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(existing) {
            let mut full = canonical;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        full.pop();
                    }
                    Component::Normal(name) => full.push(name),
                    _ => {}
                }
            }
            return Some(full);
        }
        rest.push(existing.components().next_back()?);
        existing = existing.parent()?;
    }
}
