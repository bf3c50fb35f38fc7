//! WRITE: where rendered files go. A build writes into a fresh staging directory beside the
//! output and swaps it in only when everything succeeded, so a failed build leaves the previous
//! `public/` byte-for-byte as it was. knead only ever replaces a directory it created itself.
//! A rebuild over an output whose marker lists all its files stages only the files that changed
//! and moves them in (see [`update`]).

#[cfg(target_os = "linux")]
mod at_dir;
pub mod manifest;
#[cfg(target_os = "linux")]
pub mod reuse;
#[cfg(target_os = "linux")]
pub mod update;

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file knead leaves in every output directory it writes, so it can tell its own output from
/// a directory it must not replace (`--output ~`).
pub const MARKER: &str = ".knead-output";
const MARKER_TEXT: &str = "This directory is written by `knead build` and replaced on every build.\n";

/// Somewhere rendered files can be written; implementations must be safe to call in parallel.
pub trait Sink: Sync {
    /// Creates the directories that files will be written into (called once, before writes).
    fn make_dirs(&self, dirs: &[&str]) -> io::Result<()>;
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        self.write(path, &std::fs::read(from)?)
    }
    /// Writes a rendered page (text, so a sink that reads it need not check its UTF-8 again)
    /// that embeds a markdown body whose ids and links are already known (see [`KnownBody`]);
    /// only a sink that looks inside pages cares.
    fn write_page(&self, path: &str, text: &str, _body: &KnownBody<'_>) -> io::Result<()> {
        self.write(path, text.as_bytes())
    }
}

/// A markdown body as the renderer wrote it into a page, with what a scan of its HTML would
/// find, known from the load pass: its links were checked before rendering, its ids are its
/// headings'. Only bodies of markdown's own elements qualify (no raw HTML, no footnotes).
pub struct KnownBody<'a> {
    pub html: &'a str,
    pub ids: Vec<&'a str>,
    /// `<h1>` elements in the body (`# Title` headings).
    pub h1_count: usize,
}

/// Writes under a directory (the staging directory of a build).
pub struct DirSink {
    root: PathBuf,
    /// `root`, open: files and directories are made relative to it (see [`at_dir`]).
    #[cfg(target_os = "linux")]
    dir: Option<std::os::fd::OwnedFd>,
    /// The output being replaced, whose unchanged files are linked, not written again.
    #[cfg(target_os = "linux")]
    previous: Option<reuse::Previous>,
    /// When the previous output is updated in place: the files that differ from it, written
    /// into `root` (files it holds unchanged are not written at all).
    #[cfg(target_os = "linux")]
    staged: Option<Mutex<Vec<String>>>,
    /// Every file written, for the marker (see [`manifest`]).
    manifest: manifest::Manifest,
}

impl DirSink {
    /// A sink writing under `root`, which must exist.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        DirSink {
            #[cfg(target_os = "linux")]
            dir: at_dir::open_dir(&root).ok(),
            root,
            #[cfg(target_os = "linux")]
            previous: None,
            #[cfg(target_os = "linux")]
            staged: None,
            manifest: manifest::Manifest::default(),
        }
    }

    /// Writes the marker file again, now listing every file written with its hash, for the
    /// next build to compare against. Call it once every file is written.
    pub fn write_marker(&self) -> Result<(), Diagnostic> {
        let path = self.root.join(MARKER);
        std::fs::write(&path, self.manifest.marker_text(MARKER_TEXT)).map_err(|e| io_error(&path, "cannot write", &e))
    }

    /// Takes from `output`, the output this build replaces, the files it would write again
    /// unchanged (see [`reuse`]), or updates it in place when its list can be trusted (see
    /// [`update`]); a directory knead did not write is left alone. Call it once the staging
    /// directory holds its marker file, whose owner and permissions kept files must have.
    #[cfg_attr(not(target_os = "linux"), allow(unused_mut, unused_variables))]
    pub fn reusing(mut self, output: &Path) -> Self {
        #[cfg(target_os = "linux")]
        {
            self.previous = reuse::Previous::open(output, &self.root.join(MARKER));
            if self.previous.as_ref().is_some_and(reuse::Previous::can_update) {
                self.staged = Some(Mutex::default());
            }
        }
        self
    }

    /// Whether this build updates the previous output in place rather than replacing it.
    pub fn updates_in_place(&self) -> bool {
        #[cfg(target_os = "linux")]
        return self.staged.is_some();
        #[cfg(not(target_os = "linux"))]
        false
    }
}

impl Sink for DirSink {
    /// On every core: one by one, the ten thousand directories of a large site were a wait of
    /// their own before any page was written. `create_dir_all` is safe against another thread
    /// creating the same parent.
    fn make_dirs(&self, dirs: &[&str]) -> io::Result<()> {
        use rayon::prelude::*;
        if self.updates_in_place() {
            // Only files that changed are staged; their directories are made as they are.
            return Ok(());
        }
        #[cfg(target_os = "linux")]
        if let Some(root) = &self.dir {
            use std::os::fd::AsFd;
            return dirs
                .par_iter()
                .try_for_each(|dir| at_dir::create_dir_all(root.as_fd(), dir));
        }
        dirs.par_iter()
            .try_for_each(|dir| std::fs::create_dir_all(self.root.join(dir)))
    }
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let hash = manifest::hash(bytes);
        self.manifest.record(path, hash);
        #[cfg(target_os = "linux")]
        if let Some(root) = &self.dir {
            use std::os::fd::AsFd;
            if let (Some(staged), Some(previous)) = (&self.staged, &self.previous) {
                if !previous.holds(path, bytes, hash) {
                    at_dir::write_file_making_dirs(root.as_fd(), path, bytes)?;
                    staged
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(path.to_string());
                }
                return Ok(());
            }
            if self
                .previous
                .as_ref()
                .is_some_and(|p| p.link_if_same(path, bytes, hash, root.as_fd()))
            {
                return Ok(());
            }
            return at_dir::write_file(root.as_fd(), path, bytes);
        }
        std::fs::write(self.root.join(path), bytes)
    }
    // `copy` reads and writes: a copied file is hashed and listed like any other, so that the
    // list names every file of the output.
}

/// Keeps the site in memory: for `knead check`, the dev server and tests.
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn make_dirs(&self, _: &[&str]) -> io::Result<()> {
        Ok(())
    }
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// A build in progress: the staging directory that becomes the output on [`Staging::commit`].
/// Dropped without commit, it removes itself and the output is untouched.
pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
}

impl Staging {
    /// Checks that `output` may be replaced and creates the staging directory beside it.
    pub fn begin(output: &Path, site_root: &Path) -> Result<Staging, Diagnostic> {
        check_replaceable(output, site_root)?;
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create", &e))?;
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.knead-"))
            .tempdir_in(parent)
            .map_err(|e| io_error(parent, "cannot create a staging directory in", &e))?;
        std::fs::write(dir.path().join(MARKER), MARKER_TEXT)
            .map_err(|e| io_error(dir.path(), "cannot write to", &e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Swaps the finished site in and deletes the old output. On Linux the two directories trade
    /// places in one step, so a server reading the output never finds it missing; elsewhere (or
    /// where the file system cannot) the old output is moved aside and the new one renamed into
    /// place, and if that fails the old output is put back. When `sink` updates the output in
    /// place, its changed files are moved in instead (see [`update`]).
    #[cfg_attr(not(target_os = "linux"), allow(unused_variables))]
    pub fn commit(self, sink: &DirSink) -> Result<(), Diagnostic> {
        #[cfg(target_os = "linux")]
        if let (Some(staged), Some(previous), Some(dir)) = (&sink.staged, &sink.previous, &sink.dir) {
            use std::os::fd::AsFd;
            let staged = staged.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let written = sink.manifest.paths();
            let cannot = |e: io::Error| io_error(&self.output, "cannot update", &e);
            if staged.len() * 2 <= written.len() {
                let marker = std::fs::read(self.dir.path().join(MARKER)).map_err(cannot)?;
                update::commit(previous, dir.as_fd(), &written, &staged, &marker).map_err(cannot)?;
                reuse::mark_finished(&self.output);
                remove_in_parallel(&self.dir.keep());
                return Ok(());
            }
            // Most files changed: a new directory is swapped in after all.
            update::link_unchanged(previous, dir.as_fd(), &written, &staged).map_err(cannot)?;
        }
        let staged = self.dir.keep();
        let output = &self.output;
        // A symbolic link in the output's place takes the other way: it is replaced, not swapped.
        #[cfg(target_os = "linux")]
        if std::fs::symlink_metadata(output).is_ok_and(|m| m.is_dir()) && at_dir::exchange(&staged, output).is_ok() {
            // `staged` now names the previous output.
            remove_in_parallel(&staged);
            reuse::mark_finished(output);
            return Ok(());
        }
        if output.exists() {
            let aside = tempfile::Builder::new()
                .prefix(".knead-old-")
                .tempdir_in(staged.parent().unwrap_or(Path::new(".")))
                .map_err(|e| io_error(output, "cannot prepare replacing", &e))?
                .keep();
            let old = aside.join("old");
            std::fs::rename(output, &old).map_err(|e| io_error(output, "cannot move aside", &e))?;
            if let Err(e) = std::fs::rename(&staged, output) {
                let _ = std::fs::rename(&old, output);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(io_error(output, "cannot replace", &e));
            }
            remove_in_parallel(&aside);
        } else {
            std::fs::rename(&staged, output).map_err(|e| io_error(output, "cannot create", &e))?;
        }
        #[cfg(target_os = "linux")]
        reuse::mark_finished(output);
        Ok(())
    }
}

/// Deletes a directory tree (the previous output, set aside) on every core: one by one, the
/// ten thousand directories of a large site took a tenth of its build. Best effort, like
/// `remove_dir_all`; symbolic links are removed, not followed.
#[cfg(target_os = "linux")]
fn remove_in_parallel(dir: &Path) {
    at_dir::remove_tree(dir);
}

/// As above, by path where directories cannot be worked in by descriptor.
#[cfg(not(target_os = "linux"))]
fn remove_in_parallel(dir: &Path) {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).collect(),
        Err(_) => return,
    };
    entries.par_iter().for_each(|entry| match entry.file_type() {
        Ok(t) if t.is_dir() => remove_in_parallel(&entry.path()),
        _ => {
            let _ = std::fs::remove_file(entry.path());
        }
    });
    let _ = std::fs::remove_dir(dir);
}

fn io_error(path: &Path, what: &str, err: &io::Error) -> Diagnostic {
    Diagnostic::file_error(path.display().to_string(), format!("{what} {}: {err}", path.display()))
}

/// Refuses an output that is the site itself, holds the site, or is a non-empty directory knead
/// did not write (no marker file).
fn check_replaceable(output: &Path, site_root: &Path) -> Result<(), Diagnostic> {
    let shown = output.display().to_string();
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let (Some(out), Some(root)) = (canon(output), canon(site_root)) {
        if root.starts_with(&out) {
            return Err(Diagnostic::file_error(
                &shown,
                "output directory contains the site itself; refusing to replace it",
            )
            .with_help("choose an output directory inside or beside the site, such as public/"));
        }
    }
    if output.exists() && !output.is_dir() {
        return Err(Diagnostic::file_error(
            &shown,
            "output path exists and is not a directory",
        ));
    }
    if output.is_dir() && !output.join(MARKER).is_file() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_removal_deletes_the_tree_but_not_what_its_links_point_to() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "kept").unwrap();
        let tree = root.path().join("old");
        for dir in ["a/b/c", "d", "e/f"] {
            std::fs::create_dir_all(tree.join(dir)).unwrap();
            std::fs::write(tree.join(dir).join("index.html"), "x").unwrap();
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, tree.join("a/link")).unwrap();
            std::os::unix::fs::symlink(outside.join("keep.txt"), tree.join("d/file-link")).unwrap();
        }
        remove_in_parallel(&tree);
        assert!(!tree.exists());
        assert_eq!(std::fs::read_to_string(outside.join("keep.txt")).unwrap(), "kept");
    }
}
