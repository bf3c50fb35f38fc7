//! File operations relative to an open directory (Linux): creating the staging directory's
//! files and subdirectories, swapping it with the output, and deleting the previous output once
//! it is set aside.
//!
//! A tree being deleted is never left through a symbolic link, even one that replaced a
//! directory after it was listed (`O_NOFOLLOW`, `unlinkat` relative to the opened directory).
//! Paths written are plain relative paths (checked by the sink), so creating and writing from
//! the staging directory's descriptor stays inside it.

use rayon::prelude::*;
use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags, mkdirat, openat, unlinkat};
use rustix::io::Errno;
use std::ffi::CString;
use std::io::{self, Write};
use std::os::fd::{BorrowedFd, OwnedFd};
use std::path::Path;

/// How directories are opened: for reading entries, never through a symbolic link.
const DIR_FLAGS: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::NOFOLLOW)
    .union(OFlags::CLOEXEC);

/// Opens the directory at `path`.
pub fn open_dir(path: &Path) -> io::Result<OwnedFd> {
    Ok(rustix::fs::open(path, DIR_FLAGS, Mode::empty())?)
}

/// Creates `rel` (a `/`-separated path) under `dir` with its missing parents, like
/// `create_dir_all`; safe against another thread creating the same parent meanwhile.
pub fn create_dir_all(dir: BorrowedFd<'_>, rel: &str) -> io::Result<()> {
    match mkdirat(dir, rel, Mode::from_raw_mode(0o777)) {
        Ok(()) | Err(Errno::EXIST) => Ok(()),
        Err(Errno::NOENT) => {
            let Some((parent, _)) = rel.trim_end_matches('/').rsplit_once('/') else {
                return Err(Errno::NOENT.into());
            };
            create_dir_all(dir, parent)?;
            match mkdirat(dir, rel, Mode::from_raw_mode(0o777)) {
                Ok(()) | Err(Errno::EXIST) => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Creates or truncates the file `rel` under `dir` and writes `bytes` into it, with the
/// permissions `std::fs::write` gives a new file.
pub fn write_file(dir: BorrowedFd<'_>, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC;
    let file = openat(dir, rel, flags, Mode::from_raw_mode(0o666))?;
    std::fs::File::from(file).write_all(bytes)
}

/// Swaps the directory entries `a` and `b` in one step (`renameat2` with `RENAME_EXCHANGE`), so
/// that `b` is never missing, not even for an instant. Fails where the file system cannot
/// (then the caller renames twice).
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let cwd = rustix::fs::CWD;
    Ok(rustix::fs::renameat_with(
        cwd,
        a,
        cwd,
        b,
        rustix::fs::RenameFlags::EXCHANGE,
    )?)
}

/// Deletes the directory tree at `path` on every core; best effort, like `remove_dir_all`.
/// Symbolic links inside are removed, never followed. The top-level entry `last` is deleted
/// after everything else, so that a deletion cut short still leaves it.
pub fn remove_tree(path: &Path, last: &str) {
    if let Ok(dir) = open_dir(path) {
        remove_contents(dir, Some(last));
    }
    let _ = std::fs::remove_file(path.join(last));
    let _ = std::fs::remove_dir(path);
}

/// Deletes everything in the open directory `dir` but the entry `keep`, its subdirectories on
/// every core.
fn remove_contents(dir: OwnedFd, keep: Option<&str>) {
    let Ok(mut listing) = Dir::new(dir) else {
        return;
    };
    let mut entries: Vec<(CString, FileType)> = Vec::new();
    while let Some(Ok(entry)) = listing.read() {
        let name = entry.file_name();
        let bytes = name.to_bytes();
        if bytes != b"." && bytes != b".." && keep.is_none_or(|keep| keep.as_bytes() != bytes) {
            entries.push((name.to_owned(), entry.file_type()));
        }
    }
    let Ok(dir) = listing.fd() else { return };
    entries.par_iter().for_each(|(name, kind)| {
        // A file system that does not say an entry's type gets it found out by trying.
        let is_dir = match kind {
            FileType::Directory => true,
            FileType::Unknown => unlinkat(dir, name.as_c_str(), AtFlags::empty()) == Err(Errno::ISDIR),
            _ => {
                let _ = unlinkat(dir, name.as_c_str(), AtFlags::empty());
                false
            }
        };
        if is_dir {
            if let Ok(child) = openat(dir, name.as_c_str(), DIR_FLAGS, Mode::empty()) {
                remove_contents(child, None);
            }
            let _ = unlinkat(dir, name.as_c_str(), AtFlags::REMOVEDIR);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsFd;

    #[test]
    fn directories_are_created_with_their_parents_and_files_written_below_them() {
        let root = tempfile::tempdir().unwrap();
        let dir = open_dir(root.path()).unwrap();
        create_dir_all(dir.as_fd(), "a/b/c").unwrap();
        create_dir_all(dir.as_fd(), "a/b").unwrap();
        write_file(dir.as_fd(), "a/b/c/index.html", b"one").unwrap();
        write_file(dir.as_fd(), "a/b/c/index.html", b"two").unwrap();
        assert_eq!(std::fs::read(root.path().join("a/b/c/index.html")).unwrap(), b"two");
        assert!(write_file(dir.as_fd(), "missing/index.html", b"x").is_err());
    }

    #[test]
    fn exchange_swaps_two_directories_in_place() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("new.html"), "new").unwrap();
        std::fs::write(b.join("old.html"), "old").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(std::fs::read_to_string(b.join("new.html")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(a.join("old.html")).unwrap(), "old");
        assert!(!b.join("old.html").exists() && !a.join("new.html").exists());
        assert!(exchange(&a, &root.path().join("missing")).is_err());
    }
}
