//! Updating the previous output in place (Linux): when its marker lists every file it holds
//! and nothing was added to it since (see [`super::reuse::Previous::can_update`]), a build
//! writes only the files that differ from it into the staging directory, and committing moves
//! them into the output, deletes what the build no longer writes and rewrites the marker.
//! Linking the ten thousand unchanged files of a large site into a new directory, making as many
//! directories for them and deleting the old ones was an eighth of a rebuild.
//!
//! A failed build never gets here, so it still leaves the output as it was. Each file is
//! replaced in one step (`rename`), but the output as a whole is not: a server reading it during
//! the few milliseconds of a commit may see some files new and others old (a full build, the
//! first or one whose previous output cannot be trusted, still swaps in a whole new directory).
//! A commit cut short leaves the marker's old list and times that no longer match the files it
//! changed, so the next build compares or lists those instead of trusting it.
//!
//! Every step goes through directories opened beneath the output without symbolic links, so
//! nothing outside it is ever written or deleted.

use super::at_dir;
use super::reuse::Previous;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use rustix::fs::renameat;
use rustix::io::Errno;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::OnceLock;

/// The files and subdirectories of one directory of an output, by name.
#[derive(Default)]
struct Entries<'a> {
    files: BTreeSet<&'a str>,
    dirs: BTreeSet<&'a str>,
}

/// The directories of an output, by path (`""` for the top), from the paths of its files.
type Tree<'a> = FxHashMap<&'a str, Entries<'a>>;

fn tree<'a>(paths: impl Iterator<Item = &'a str>) -> Tree<'a> {
    let mut tree = Tree::default();
    tree.entry("").or_default();
    for path in paths {
        let (dir, name) = split(path);
        tree.entry(dir).or_default().files.insert(name);
        let mut child = dir;
        while !child.is_empty() {
            let (parent, name) = split(child);
            if !tree.entry(parent).or_default().dirs.insert(name) {
                break;
            }
            child = parent;
        }
    }
    tree
}

/// `("guides/a", "index.html")` for `guides/a/index.html`; `("", name)` at the top.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// Updates `previous` in place: deletes what the build did not write (`written`, every file of
/// the new output), moves the `staged` files (those that differ) from the directory `staging`
/// into it, and writes `marker` over its marker file.
pub fn commit(
    previous: &Previous,
    staging: BorrowedFd<'_>,
    written: &[String],
    staged: &[String],
    marker: &[u8],
) -> io::Result<()> {
    let files: FxHashSet<&str> = written.iter().map(String::as_str).collect();
    let dirs = dirs_of(&files);
    delete_gone(previous, &files, &dirs)?;
    let mut changed: Vec<&str> = dirs
        .par_iter()
        .filter(|dir| !previous.untouched_dir(dir))
        .copied()
        .collect();
    // Parents first: reading one deletes what is in the way of its subdirectories (a file, a
    // symbolic link).
    let depth = |dir: &str| {
        if dir.is_empty() {
            0
        } else {
            dir.matches('/').count() + 1
        }
    };
    changed.sort_unstable_by_key(|dir| depth(dir));
    let tree = OnceLock::new();
    let tree = || tree.get_or_init(|| self::tree(files.iter().copied()));
    for level in changed.chunk_by(|a, b| depth(a) == depth(b)) {
        level
            .par_iter()
            .try_for_each(|dir| prune_changed(previous, &tree, dir))?;
    }
    move_in(staging, previous.dir(), staged)?;
    let resolve = rustix::fs::ResolveFlags::BENEATH | rustix::fs::ResolveFlags::NO_SYMLINKS;
    let flags = rustix::fs::OFlags::WRONLY
        | rustix::fs::OFlags::TRUNC
        | rustix::fs::OFlags::NOFOLLOW
        | rustix::fs::OFlags::CLOEXEC;
    // In place, not by rename: renaming would change the top directory after its list is made.
    let file = rustix::fs::openat2(previous.dir(), super::MARKER, flags, rustix::fs::Mode::empty(), resolve)?;
    std::fs::File::from(file).write_all(marker)
}

/// Completes the staging directory `staging` for a whole-directory swap after all: links the
/// previous output's files the build left unchanged (those `written` but not `staged`) into it.
/// When most files changed, moving each into the old output and deleting the staging
/// directory's tree costs more than swapping directories.
pub fn link_unchanged(
    previous: &Previous,
    staging: BorrowedFd<'_>,
    written: &[String],
    staged: &[String],
) -> io::Result<()> {
    let staged: FxHashSet<&str> = staged.iter().map(String::as_str).collect();
    let unchanged: Vec<&String> = written.iter().filter(|path| !staged.contains(path.as_str())).collect();
    unchanged.par_iter().try_for_each(|path| {
        let (dir, name) = split(path);
        let from = at_dir::open_dir_beneath(previous.dir(), dir)?;
        let to = at_dir::make_dir_beneath(staging, dir)?;
        Ok(rustix::fs::linkat(
            &from,
            name,
            &to,
            name,
            rustix::fs::AtFlags::empty(),
        )?)
    })
}

/// Every directory of an output (`""` for the top), from the paths of its files.
fn dirs_of<'a>(files: &FxHashSet<&'a str>) -> FxHashSet<&'a str> {
    let mut dirs = FxHashSet::default();
    dirs.insert("");
    for path in files {
        let mut dir = split(path).0;
        while dirs.insert(dir) {
            dir = split(dir).0;
        }
    }
    dirs
}

/// Deletes the files the previous build listed and this one did not write, each with the
/// highest directory above it that this build does not have (old directories go whole, with
/// whatever was added to them since).
fn delete_gone(previous: &Previous, files: &FxHashSet<&str>, dirs: &FxHashSet<&str>) -> io::Result<()> {
    let mut doomed: FxHashMap<&str, FxHashSet<&str>> = FxHashMap::default();
    for path in previous.listed().filter(|path| !files.contains(path)) {
        let mut top = path;
        let mut parent = split(top).0;
        while !dirs.contains(parent) {
            top = parent;
            parent = split(top).0;
        }
        doomed.entry(parent).or_default().insert(split(top).1);
    }
    doomed.par_iter().try_for_each(|(dir, names)| {
        let Some(dir) = open_real_dir(previous, dir)? else {
            return Ok(());
        };
        names
            .iter()
            .try_for_each(|name| ignore_missing(at_dir::remove_entry(dir.as_fd(), *name)))
    })
}

/// Deletes from the directory `rel` of the previous output every entry the new output does not
/// have: `rel` changed since the previous build finished (someone added to it, or it is not a
/// directory of the previous output), so its list does not say what it holds, and it is read.
fn prune_changed<'a>(previous: &Previous, tree: &dyn Fn() -> &'a Tree<'a>, rel: &str) -> io::Result<()> {
    let Some(dir) = open_real_dir(previous, rel)? else {
        return Ok(());
    };
    let Some(wanted) = tree().get(rel) else {
        return Ok(());
    };
    for (name, is_dir) in at_dir::list(dir.as_fd())? {
        let keep = name.to_str().is_ok_and(|name| {
            if is_dir {
                wanted.dirs.contains(name)
            } else {
                wanted.files.contains(name) || (rel.is_empty() && name == super::MARKER)
            }
        });
        if !keep {
            ignore_missing(at_dir::remove_entry(dir.as_fd(), name.as_c_str()))?;
        }
    }
    Ok(())
}

/// Moves every `staged` file from `from` to the same path under `to`, making its directories.
fn move_in(from: BorrowedFd<'_>, to: BorrowedFd<'_>, staged: &[String]) -> io::Result<()> {
    let mut by_dir: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for path in staged {
        let (dir, name) = split(path);
        by_dir.entry(dir).or_default().push(name);
    }
    by_dir.par_iter().try_for_each(|(dir, names)| {
        let source = at_dir::open_dir_beneath(from, dir)?;
        let target = at_dir::make_dir_beneath(to, dir)?;
        for name in names {
            match renameat(&source, *name, &target, *name) {
                Ok(()) => {}
                // A directory where the file goes: the list said it was not there.
                Err(Errno::ISDIR | Errno::NOTEMPTY | Errno::EXIST) => {
                    at_dir::remove_entry(target.as_fd(), *name)?;
                    renameat(&source, *name, &target, *name)?;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    })
}

/// The directory `rel` of the previous output, open; `None` when it is not there or not a real
/// directory reached without symbolic links: a new one is made when files are moved in, and
/// whatever is in its place was changed since the previous build, so the directory above it
/// is read and deletes it (parents are read first).
fn open_real_dir(previous: &Previous, rel: &str) -> io::Result<Option<std::os::fd::OwnedFd>> {
    match at_dir::open_dir_beneath(previous.dir(), rel) {
        Ok(dir) => Ok(Some(dir)),
        Err(e)
            if matches!(
                Errno::from_io_error(&e),
                Some(Errno::NOENT | Errno::NOTDIR | Errno::LOOP)
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Deleting what is already gone is done.
fn ignore_missing(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        done => done,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_knows_the_files_and_subdirectories_of_every_directory() {
        let paths = ["index.html", "a/b/index.html", "a/c.html", "d/index.html"];
        let tree = tree(paths.into_iter());
        let names = |rel: &str| {
            let entries = &tree[rel];
            (
                entries.files.iter().copied().collect::<Vec<_>>(),
                entries.dirs.iter().copied().collect::<Vec<_>>(),
            )
        };
        assert_eq!(names(""), (vec!["index.html"], vec!["a", "d"]));
        assert_eq!(names("a"), (vec!["c.html"], vec!["b"]));
        assert_eq!(names("a/b"), (vec!["index.html"], vec![]));
        assert_eq!(tree.len(), 4);
    }
}
