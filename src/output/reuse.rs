//! Rebuilding over a previous output: a file the build would write again byte for byte is
//! hard-linked from the previous output into the new one instead. Creating and filling ten
//! thousand files, then deleting as many old ones whose pages they freed, was a third of a
//! rebuild's system time; a link is one entry, and deleting the old name then frees nothing.
//! Unchanged files also keep their modification time, which sync tools (rsync) go by.
//!
//! Only regular files reached from the previous output without symbolic links are linked
//! (`openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`), only when their owner and
//! permissions are those a new file gets, and only after comparing every byte. Linux only;
//! elsewhere, and wherever linking fails (another file system, a file system without hard
//! links), files are written as usual.

use rustix::fs::{AtFlags, FileType, Mode, OFlags, ResolveFlags, fstat, linkat, openat2};
use std::cell::RefCell;
use std::io::Read;
use std::os::fd::{BorrowedFd, OwnedFd};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    /// The previous version of the file being compared, one buffer per thread.
    static PREVIOUS_BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The output a build replaces, open for reading.
pub struct Previous {
    dir: OwnedFd,
    /// Owner, group and permission bits of a file the build writes.
    fresh: (u32, u32, u32),
    /// Cleared at the first failed link, so a file system without hard links costs one try.
    links_work: AtomicBool,
}

impl Previous {
    /// Opens `output` when it is a directory knead wrote (it holds the marker file); `fresh` is
    /// a file the build has just written, whose owner and permissions linked files must have.
    pub fn open(output: &Path, fresh: &Path) -> Option<Previous> {
        if !output.join(super::MARKER).is_file() {
            return None;
        }
        let fresh = rustix::fs::stat(fresh).ok()?;
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let dir = rustix::fs::open(output, flags, Mode::empty()).ok()?;
        Some(Previous {
            dir,
            fresh: (fresh.st_uid, fresh.st_gid, fresh.st_mode & 0o7777),
            links_work: AtomicBool::new(true),
        })
    }

    /// Hard-links the previous output's `path` to the same path under `to` (the directory of
    /// the new output) if it is a regular file holding exactly `bytes`; false if it is not, or
    /// the link failed (then the caller writes the file).
    pub fn link_if_same(&self, path: &str, bytes: &[u8], to: BorrowedFd<'_>) -> bool {
        if !self.links_work.load(Ordering::Relaxed) || !self.holds(path, bytes) {
            return false;
        }
        let linked = linkat(&self.dir, path, to, path, AtFlags::empty()).is_ok();
        if !linked {
            self.links_work.store(false, Ordering::Relaxed);
        }
        linked
    }

    /// Whether the previous output's `path` is a regular file holding exactly `bytes`.
    fn holds(&self, path: &str, bytes: &[u8]) -> bool {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS;
        let Ok(file) = openat2(&self.dir, path, flags, Mode::empty(), resolve) else {
            return false;
        };
        let same_size = fstat(&file).is_ok_and(|stat| {
            FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile
                && (stat.st_uid, stat.st_gid, stat.st_mode & 0o7777) == self.fresh
                && u64::try_from(stat.st_size).ok() == u64::try_from(bytes.len()).ok()
        });
        same_size
            && PREVIOUS_BYTES.with_borrow_mut(|previous| {
                previous.clear();
                let limit = bytes.len() as u64 + 1;
                std::fs::File::from(file).take(limit).read_to_end(previous).is_ok() && previous.as_slice() == bytes
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn only_unchanged_regular_files_inside_the_previous_output_are_linked() {
        let root = tempfile::tempdir().unwrap();
        let (old, new, outside) = (
            root.path().join("old"),
            root.path().join("new"),
            root.path().join("outside"),
        );
        for dir in [&old.join("sub"), &new.join("sub"), &outside] {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(old.join(super::super::MARKER), "").unwrap();
        std::fs::write(new.join(super::super::MARKER), "").unwrap();
        std::fs::write(old.join("sub/same.html"), "same").unwrap();
        std::fs::write(old.join("changed.html"), "before").unwrap();
        std::fs::write(outside.join("x.html"), "same").unwrap();
        std::os::unix::fs::symlink(outside.join("x.html"), old.join("link.html")).unwrap();
        std::os::unix::fs::symlink(&outside, old.join("linked-dir")).unwrap();
        std::fs::write(old.join("private.html"), "same").unwrap();
        std::fs::set_permissions(
            old.join("private.html"),
            std::os::unix::fs::PermissionsExt::from_mode(0o600),
        )
        .unwrap();
        let previous = Previous::open(&old, &new.join(super::super::MARKER)).unwrap();
        let new_dir = rustix::fs::open(&new, OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty()).unwrap();
        let to = std::os::fd::AsFd::as_fd(&new_dir);
        assert!(previous.link_if_same("sub/same.html", b"same", to));
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(ino(&new.join("sub/same.html")), ino(&old.join("sub/same.html")));
        assert!(!previous.link_if_same("changed.html", b"after", to));
        assert!(!previous.link_if_same("changed.html", b"befor", to));
        assert!(!previous.link_if_same("link.html", b"same", to));
        assert!(!previous.link_if_same("linked-dir/x.html", b"same", to));
        assert!(!previous.link_if_same("../outside/x.html", b"same", to));
        assert!(!previous.link_if_same("missing.html", b"", to));
        assert!(!previous.link_if_same("private.html", b"same", to));
        for name in ["changed.html", "link.html", "missing.html", "private.html"] {
            assert!(!new.join(name).exists(), "{name}");
        }
        assert_eq!(std::fs::read_dir(&new).unwrap().count(), 2, "only the marker and sub/");
    }

    #[test]
    fn a_directory_without_the_marker_is_not_reused() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("fresh"), "").unwrap();
        assert!(Previous::open(root.path(), &root.path().join("fresh")).is_none());
    }
}
