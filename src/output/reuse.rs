//! Rebuilding over a previous output: a file the build would write again byte for byte is
//! hard-linked from the previous output into the new one instead. Creating and filling ten
//! thousand files, then deleting as many old ones whose pages they freed, was a third of a
//! rebuild's system time; a link is one entry, and deleting the old name then frees nothing.
//! Unchanged files also keep their modification time, which sync tools (rsync) go by.
//!
//! Whether a file is unchanged is known without reading it when the previous output's marker
//! lists it (see [`super::manifest`]) and the file has not been touched since: its status
//! change time (`ctime`, which every write, link, rename or permission change sets, and which
//! only a change of the system clock can set back) is older than the marker's modification
//! time, set when that build finished, and so are the modification times of the directories
//! above it. Times are compared strictly: a change in the same tick of the file system's clock
//! as the finish is not known to come before it. Any other file is read and compared byte for
//! byte.
//!
//! Only regular files reached from the previous output without symbolic links are linked
//! (`openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`), only when their owner and
//! permissions are those a new file gets. Linux only; elsewhere, and wherever linking fails
//! (another file system, a file system without hard links), files are written as usual.

use rustc_hash::{FxHashMap, FxHashSet};
use rustix::fs::{
    AtFlags, FileType, Mode, OFlags, ResolveFlags, Stat, Timestamps, UTIME_NOW, fstat, linkat, openat2, statat,
};
use std::cell::RefCell;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::Path;
use std::sync::Mutex;
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
    /// The files the previous build listed, with the hash of what it wrote to each.
    listed: FxHashMap<Box<str>, u128>,
    /// Whether `listed` names every file of the previous output (see [`Previous::can_update`]).
    complete: bool,
    /// When the previous build finished (the marker's modification time, seconds and
    /// nanoseconds): a listed file not changed since still holds what the list says.
    finished: (i64, u64),
    /// Directories of the previous output known unchanged since it was finished.
    untouched_dirs: Mutex<FxHashSet<Box<str>>>,
    /// Cleared at the first failed link, so a file system without hard links costs one try.
    links_work: AtomicBool,
}

impl Previous {
    /// Opens `output` when it is a directory knead wrote (it holds the marker file); `fresh` is
    /// a file the build has just written, whose owner and permissions linked files must have.
    pub fn open(output: &Path, fresh: &Path) -> Option<Previous> {
        let fresh = rustix::fs::stat(fresh).ok()?;
        // Not through a symbolic link: an output that is one is replaced, never updated.
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let dir = rustix::fs::open(output, flags, Mode::empty()).ok()?;
        let marker = open_beneath(&dir, super::MARKER, OFlags::RDONLY)?;
        let marker_stat = fstat(&marker).ok().filter(is_regular)?;
        let finished = (marker_stat.st_mtime, marker_stat.st_mtime_nsec);
        // Entries of the output's top directory changed since: its list is not trusted.
        let top = fstat(&dir).ok()?;
        let untouched = (top.st_mtime, top.st_mtime_nsec) < finished;
        let mut text = String::new();
        let (listed, complete) = match std::fs::File::from(marker).read_to_string(&mut text) {
            Ok(_) if untouched => (
                super::manifest::entries(&text)
                    .map(|(path, hash)| (path.into(), hash))
                    .collect(),
                // Files are moved in from the staging directory: it must be on the same file system.
                super::manifest::is_complete(&text) && top.st_dev == fresh.st_dev,
            ),
            _ => (FxHashMap::default(), false),
        };
        Some(Previous {
            dir,
            fresh: (fresh.st_uid, fresh.st_gid, fresh.st_mode & 0o7777),
            listed,
            complete,
            finished,
            untouched_dirs: Mutex::default(),
            links_work: AtomicBool::new(true),
        })
    }

    /// Whether the previous output may be updated in place (see [`super::update`]): its list
    /// names every file it holds, and no entry was added to its top directory since.
    pub fn can_update(&self) -> bool {
        self.complete
    }

    /// The previous output, open.
    pub fn dir(&self) -> BorrowedFd<'_> {
        self.dir.as_fd()
    }

    /// The files the previous build listed.
    pub fn listed(&self) -> impl Iterator<Item = &str> {
        self.listed.keys().map(|path| &**path)
    }

    /// Hard-links the previous output's `path` to the same path under `to` (the directory of
    /// the new output) if it is a regular file holding exactly `bytes` (whose
    /// [`super::manifest::hash`] is `hash`); false if it is not, or the link failed (then the
    /// caller writes the file).
    pub fn link_if_same(&self, path: &str, bytes: &[u8], hash: u128, to: BorrowedFd<'_>) -> bool {
        if !self.links_work.load(Ordering::Relaxed) || !self.holds(path, bytes, hash) {
            return false;
        }
        let linked = linkat(&self.dir, path, to, path, AtFlags::empty()).is_ok();
        if !linked {
            self.links_work.store(false, Ordering::Relaxed);
        }
        linked
    }

    /// Whether the previous output's `path` is a regular file holding exactly `bytes`: by the
    /// list, when the file is listed and unchanged since, else by reading it.
    pub fn holds(&self, path: &str, bytes: &[u8], hash: u128) -> bool {
        if let Some(&listed) = self.listed.get(path) {
            if let Some(same) = self.holds_by_list(path, bytes.len(), listed == hash) {
                return same;
            }
        }
        let Some(file) = open_beneath(&self.dir, path, OFlags::RDONLY) else {
            return false;
        };
        if !fstat(&file).is_ok_and(|stat| self.is_fresh_file(&stat, bytes.len())) {
            return false;
        }
        PREVIOUS_BYTES.with_borrow_mut(|previous| {
            previous.clear();
            let limit = bytes.len() as u64 + 1;
            std::fs::File::from(file).take(limit).read_to_end(previous).is_ok() && previous.as_slice() == bytes
        })
    }

    /// `Some(same_hash)` when the listed file is still what the previous build wrote: it and
    /// every directory above it unchanged since that build finished (a directory replaced by a
    /// symbolic link changes its parent), so looking at it by path cannot leave the output.
    /// `None` when that is not known: then the file is compared byte for byte.
    fn holds_by_list(&self, path: &str, len: usize, same_hash: bool) -> Option<bool> {
        if let Some((parent, _)) = path.rsplit_once('/') {
            if !self.untouched_dir(parent) {
                return None;
            }
        }
        let stat = statat(&self.dir, path, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        if !self.is_fresh_file(&stat, len) {
            return Some(false);
        }
        ((stat.st_ctime, stat.st_ctime_nsec) < self.finished).then_some(same_hash)
    }

    /// Whether the directory `rel` and those above it are real directories of the previous
    /// output, their entries unchanged since it was finished (the top directory, `""`, is
    /// looked at again). Known answers are kept: sibling pages share their section's directories.
    pub fn untouched_dir(&self, rel: &str) -> bool {
        if rel.is_empty() {
            return fstat(&self.dir).is_ok_and(|stat| (stat.st_mtime, stat.st_mtime_nsec) < self.finished);
        }
        let lock = || {
            self.untouched_dirs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if lock().contains(rel) {
            return true;
        }
        if rel
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        {
            return false;
        }
        if let Some((parent, _)) = rel.rsplit_once('/') {
            if !self.untouched_dir(parent) {
                return false;
            }
        }
        let untouched = statat(&self.dir, rel, AtFlags::SYMLINK_NOFOLLOW).is_ok_and(|stat| {
            FileType::from_raw_mode(stat.st_mode) == FileType::Directory
                && stat.st_uid == self.fresh.0
                && (stat.st_mtime, stat.st_mtime_nsec) < self.finished
        });
        if untouched {
            lock().insert(rel.into());
        }
        untouched
    }

    /// A regular file of `len` bytes with the owner and permissions of a file the build writes.
    fn is_fresh_file(&self, stat: &Stat, len: usize) -> bool {
        is_regular(stat)
            && (stat.st_uid, stat.st_gid, stat.st_mode & 0o7777) == self.fresh
            && u64::try_from(stat.st_size).ok() == u64::try_from(len).ok()
    }
}

/// Opens `path` under `dir` without leaving it and without following symbolic links.
fn open_beneath(dir: &OwnedFd, path: &str, flags: OFlags) -> Option<OwnedFd> {
    let flags = flags | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS;
    openat2(dir, path, flags, Mode::empty(), resolve).ok()
}

fn is_regular(stat: &Stat) -> bool {
    FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile
}

/// Marks the output in `dir` finished now: sets its marker's modification time from the same
/// clock the kernel stamps file changes with, after every file of the output was written and
/// the previous output deleted (deleting a linked file's old name changes its `ctime` too).
/// The finish must come strictly after the last change, and a file system clock may tick only
/// every few milliseconds: the first touch reads the clock at or after every change so far,
/// and the marker is touched again until the clock has moved on (at once where the kernel
/// hands out fine-grained times, else within a tick). Best effort: without it the next build
/// compares every file.
pub fn mark_finished(dir: &Path) {
    let marker = dir.join(super::MARKER);
    let now = rustix::fs::Timespec {
        tv_sec: 0,
        tv_nsec: UTIME_NOW,
    };
    let times = Timestamps {
        last_access: now,
        last_modification: now,
    };
    let touch = || {
        rustix::fs::utimensat(rustix::fs::CWD, &marker, &times, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        let stat = rustix::fs::lstat(&marker).ok()?;
        Some((stat.st_mtime, stat.st_mtime_nsec))
    };
    let Some(changes_up_to) = touch() else { return };
    for _ in 0..50 {
        if touch().is_none_or(|finished| finished > changes_up_to) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MARKER, manifest};
    use super::*;
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    use std::path::PathBuf;

    fn link(previous: &Previous, path: &str, bytes: &[u8], to: BorrowedFd<'_>) -> bool {
        previous.link_if_same(path, bytes, manifest::hash(bytes), to)
    }

    /// A previous output `old` whose marker lists `listed` (with the hash of the given bytes),
    /// finished at `finished` seconds from now, and an empty new output `new` beside it.
    fn outputs(
        files: &[(&str, &str)],
        listed: &[(&str, &str)],
        finished: i64,
    ) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let (old, new) = (root.path().join("old"), root.path().join("new"));
        std::fs::create_dir_all(&new).unwrap();
        for (path, text) in files {
            let file = old.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let manifest = manifest::Manifest::default();
        for (path, text) in listed {
            manifest.record(path, manifest::hash(text.as_bytes()));
        }
        std::fs::write(old.join(MARKER), manifest.marker_text("x\n")).unwrap();
        std::fs::write(new.join(MARKER), "").unwrap();
        set_finished(&old, finished);
        (root, old, new)
    }

    /// Sets the marker's modification time (when the output was finished) `seconds` from now.
    fn set_finished(output: &Path, seconds: i64) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        set_modified(&output.join(MARKER), i64::try_from(now.as_secs()).unwrap() + seconds);
    }

    /// Sets the access and modification times of `path` to `seconds` since the epoch.
    fn set_modified(path: &Path, seconds: i64) {
        let at = rustix::fs::Timespec {
            tv_sec: seconds,
            tv_nsec: 0,
        };
        let times = Timestamps {
            last_access: at,
            last_modification: at,
        };
        rustix::fs::utimensat(rustix::fs::CWD, path, &times, AtFlags::empty()).unwrap();
    }

    fn open_new(new: &Path) -> OwnedFd {
        rustix::fs::open(new, OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty()).unwrap()
    }

    #[test]
    fn a_listed_file_unchanged_since_the_build_is_taken_by_its_hash_without_reading_it() {
        // The file's bytes differ from what the list says, which only a change the list cannot
        // see could do; the file is believed by its hash, so it was not read.
        let (_root, old, new) = outputs(&[("sub/page.html", "unread")], &[("sub/page.html", "listed")], 60);
        let previous = Previous::open(&old, &new.join(MARKER)).unwrap();
        let new_dir = open_new(&new);
        assert!(
            !link(&previous, "sub/page.html", b"unread", new_dir.as_fd()),
            "compared by hash"
        );
        std::fs::create_dir_all(new.join("sub")).unwrap();
        assert!(link(&previous, "sub/page.html", b"listed", new_dir.as_fd()));
    }

    #[test]
    fn a_listed_file_changed_after_the_build_is_compared_byte_for_byte() {
        let (_root, old, new) = outputs(&[("sub/page.html", "listed")], &[("sub/page.html", "listed")], 0);
        // Finished past the clock's tick (file times are taken from a coarse clock), then an
        // edit in place past the next tick: the directories stay as they were.
        let tick = std::time::Duration::from_millis(50);
        std::thread::sleep(tick);
        mark_finished(&old);
        std::thread::sleep(tick);
        std::fs::write(old.join("sub/page.html"), "edited").unwrap();
        let previous = Previous::open(&old, &new.join(MARKER)).unwrap();
        assert!(!previous.listed.is_empty());
        let new_dir = open_new(&new);
        std::fs::create_dir_all(new.join("sub")).unwrap();
        assert!(!link(&previous, "sub/page.html", b"listed", new_dir.as_fd()));
        assert!(link(&previous, "sub/page.html", b"edited", new_dir.as_fd()));
    }

    #[test]
    fn the_list_is_not_believed_through_a_directory_replaced_by_a_symbolic_link() {
        let (_root, old, new) = outputs(&[("real/page.html", "listed")], &[("sub/page.html", "listed")], 60);
        std::os::unix::fs::symlink(old.join("real"), old.join("sub")).unwrap();
        set_finished(&old, 60);
        // Even with the top directory's change hidden by a later finish, the link is seen.
        let previous = Previous::open(&old, &new.join(MARKER)).unwrap();
        let new_dir = open_new(&new);
        std::fs::create_dir_all(new.join("sub")).unwrap();
        assert!(!link(&previous, "sub/page.html", b"listed", new_dir.as_fd()));
        assert!(!new.join("sub/page.html").exists());
    }

    #[test]
    fn the_list_is_not_believed_in_a_directory_changed_after_the_build() {
        let (_root, old, new) = outputs(&[("sub/page.html", "unread")], &[("sub/page.html", "listed")], 60);
        // `sub` had an entry added or replaced after the build finished (its time, later still).
        let finished = rustix::fs::stat(old.join(MARKER)).unwrap().st_mtime;
        set_modified(&old.join("sub"), finished + 60);
        let previous = Previous::open(&old, &new.join(MARKER)).unwrap();
        assert!(!previous.listed.is_empty());
        let new_dir = open_new(&new);
        std::fs::create_dir_all(new.join("sub")).unwrap();
        assert!(
            !link(&previous, "sub/page.html", b"listed", new_dir.as_fd()),
            "compared, not believed"
        );
        assert!(link(&previous, "sub/page.html", b"unread", new_dir.as_fd()));
    }

    #[test]
    fn the_list_is_not_believed_when_the_top_directory_changed_after_the_build() {
        let (_root, old, new) = outputs(&[("page.html", "unread")], &[("page.html", "listed")], -60);
        let previous = Previous::open(&old, &new.join(MARKER)).unwrap();
        assert!(previous.listed.is_empty());
        let new_dir = open_new(&new);
        assert!(!link(&previous, "page.html", b"listed", new_dir.as_fd()));
    }

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
        std::fs::write(old.join(MARKER), "").unwrap();
        std::fs::write(new.join(MARKER), "").unwrap();
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
        let previous = Previous::open(&old, &new.join(MARKER)).unwrap();
        let new_dir = rustix::fs::open(&new, OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty()).unwrap();
        let to = new_dir.as_fd();
        assert!(link(&previous, "sub/same.html", b"same", to));
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(ino(&new.join("sub/same.html")), ino(&old.join("sub/same.html")));
        assert!(!link(&previous, "changed.html", b"after", to));
        assert!(!link(&previous, "changed.html", b"befor", to));
        assert!(!link(&previous, "link.html", b"same", to));
        assert!(!link(&previous, "linked-dir/x.html", b"same", to));
        assert!(!link(&previous, "../outside/x.html", b"same", to));
        assert!(!link(&previous, "missing.html", b"", to));
        assert!(!link(&previous, "private.html", b"same", to));
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
