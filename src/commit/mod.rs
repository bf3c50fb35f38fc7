//! COMMIT: where rendered files go. A build writes into a fresh staging directory beside the
//! output and swaps it in only when everything succeeded (see [`Staging`]), so a failed build
//! leaves the previous `public/` byte-for-byte as it was and a finished one leaves exactly what
//! it wrote. Nothing in the previous output is read or trusted: it is replaced whole.

#[cfg(target_os = "linux")]
mod at_dir;
mod leftovers;
pub mod precompress;
mod relative_path;
mod remove;
mod staging;
pub mod transforming;

pub use staging::Staging;

use crate::sink::Sink;
use std::io;
use std::path::PathBuf;

pub use crate::site_root::OUTPUT_MARKER as MARKER;
const MARKER_TEXT: &str = "This directory is written by `knead build` and replaced on every build.\n";

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
