//! File operations relative to an open directory (Linux): creating the staging directory's
//! files and subdirectories, deleting the previous output once it is set aside, and reaching
//! into an output being updated in place without ever leaving it.
//!
//! By path, the kernel walks the whole path again
//! (`/…/.public.knead-x/guides/part-2/page/index.html`) for each file's directory, the file,
//! its link and its deletion; from a directory's descriptor only the part below it. (No change
//! in build time could be measured on the bench machine.) It is also safer: a tree being
//! deleted is never left through a symbolic link, even one that replaced a directory after it
//! was listed (`O_NOFOLLOW`, `unlinkat` relative to the opened directory).

use rayon::prelude::*;
use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags, ResolveFlags, mkdirat, openat, openat2, unlinkat};
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

/// Writes `bytes` to `rel` under `dir` like [`write_file`], first creating its missing parent
/// directories.
pub fn write_file_making_dirs(dir: BorrowedFd<'_>, rel: &str, bytes: &[u8]) -> io::Result<()> {
    match write_file(dir, rel, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some((parent, _)) = rel.rsplit_once('/') {
                create_dir_all(dir, parent)?;
            }
            write_file(dir, rel, bytes)
        }
        done => done,
    }
}

/// Opens `rel` under `dir` (the directory itself when `rel` is empty) if it is a directory
/// reached without leaving `dir` and without symbolic links (`openat2` with `RESOLVE_BENEATH |
/// RESOLVE_NO_SYMLINKS`).
pub fn open_dir_beneath(dir: BorrowedFd<'_>, rel: &str) -> io::Result<OwnedFd> {
    let rel = if rel.is_empty() { "." } else { rel };
    let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS;
    Ok(openat2(dir, rel, DIR_FLAGS, Mode::empty(), resolve)?)
}

/// [`open_dir_beneath`], creating `rel` and its missing parents first.
pub fn make_dir_beneath(dir: BorrowedFd<'_>, rel: &str) -> io::Result<OwnedFd> {
    match open_dir_beneath(dir, rel) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
            let parent = make_dir_beneath(dir, parent)?;
            match mkdirat(&parent, name, Mode::from_raw_mode(0o777)) {
                Ok(()) | Err(Errno::EXIST) => open_dir_beneath(dir, rel),
                Err(e) => Err(e.into()),
            }
        }
        done => done,
    }
}

/// Deletes the entry `name` of `dir`: a file or symbolic link, or a directory with everything in it.
pub fn remove_entry<Name: rustix::path::Arg + Copy>(dir: BorrowedFd<'_>, name: Name) -> io::Result<()> {
    match unlinkat(dir, name, AtFlags::empty()) {
        // Linux says EISDIR; POSIX allows EPERM.
        Err(Errno::ISDIR | Errno::PERM) => {
            remove_contents(openat(dir, name, DIR_FLAGS, Mode::empty())?);
            Ok(unlinkat(dir, name, AtFlags::REMOVEDIR)?)
        }
        done => Ok(done?),
    }
}

/// The names in the directory `dir` (without `.` and `..`), each with whether it is a directory.
pub fn list(dir: BorrowedFd<'_>) -> io::Result<Vec<(CString, bool)>> {
    let mut listing = Dir::read_from(dir)?;
    let mut names = Vec::new();
    while let Some(entry) = listing.read() {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_bytes() != b"." && name.to_bytes() != b".." {
            let is_dir = match entry.file_type() {
                FileType::Unknown => rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
                    .is_ok_and(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::Directory),
                kind => kind == FileType::Directory,
            };
            names.push((name.to_owned(), is_dir));
        }
    }
    Ok(names)
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
/// Symbolic links inside are removed, never followed.
pub fn remove_tree(path: &Path) {
    if let Ok(dir) = open_dir(path) {
        remove_contents(dir);
    }
    let _ = std::fs::remove_dir(path);
}

/// Deletes everything in the open directory `dir`, its subdirectories on every core.
fn remove_contents(dir: OwnedFd) {
    let Ok(mut listing) = Dir::new(dir) else {
        return;
    };
    let mut entries: Vec<(CString, FileType)> = Vec::new();
    while let Some(Ok(entry)) = listing.read() {
        let name = entry.file_name();
        if name.to_bytes() != b"." && name.to_bytes() != b".." {
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
                remove_contents(child);
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
