//! WRITE: where rendered files go. A build writes into a fresh staging directory beside the
//! output and swaps it in only when everything succeeded (see [`Staging`]), so a failed build
//! leaves the previous `public/` byte-for-byte as it was and a finished one leaves exactly what
//! it wrote. Nothing in the previous output is read or trusted: it is replaced whole.

#[cfg(target_os = "linux")]
mod at_dir;
mod leftovers;
mod relative_path;
mod remove;
mod staging;

pub use staging::Staging;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file knead leaves in every output directory it writes, so it can tell its own output from
/// a directory it must not replace (`--output ~`). Its text says so; nothing reads it back.
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

/// Writes under a directory (the staging directory of a build). Every path must be a plain
/// relative path (see `relative_path.rs`), so nothing is ever written outside `root`.
pub struct DirSink {
    root: PathBuf,
    /// `root`, open: files and directories are made relative to it (see [`at_dir`]).
    #[cfg(target_os = "linux")]
    dir: Option<std::os::fd::OwnedFd>,
}

impl DirSink {
    /// A sink writing under `root`, which must exist.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        DirSink {
            #[cfg(target_os = "linux")]
            dir: at_dir::open_dir(&root).ok(),
            root,
        }
    }
}

impl Sink for DirSink {
    /// On every core, since a large site has about as many directories as pages and none of its
    /// files can be written before its directory exists. `create_dir_all` is safe against
    /// another thread creating the same parent.
    fn make_dirs(&self, dirs: &[&str]) -> io::Result<()> {
        use rayon::prelude::*;
        dirs.par_iter().try_for_each(|dir| {
            relative_path::check(dir)?;
            #[cfg(target_os = "linux")]
            if let Some(root) = &self.dir {
                use std::os::fd::AsFd;
                return at_dir::create_dir_all(root.as_fd(), dir);
            }
            std::fs::create_dir_all(self.root.join(dir))
        })
    }
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        relative_path::check(path)?;
        if path == MARKER {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{MARKER} is the name of knead's own marker file"),
            ));
        }
        #[cfg(target_os = "linux")]
        if let Some(root) = &self.dir {
            use std::os::fd::AsFd;
            return at_dir::write_file(root.as_fd(), path, bytes);
        }
        std::fs::write(self.root.join(path), bytes)
    }
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
