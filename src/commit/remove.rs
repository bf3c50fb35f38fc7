//! Deleting a tree knead wrote (the previous output once it is set aside, a staging directory a
//! killed build left) on every core, since a large site has as many directories as pages. Best effort, like `remove_dir_all`; symbolic links are removed,
//! never followed. The tree's marker file goes last, so that a deletion cut short still leaves
//! a directory the next build recognises as its own leftover (see [`super::leftovers`]).

use super::MARKER;
use std::path::Path;

/// Deletes the directory `dir` and everything in it.
#[cfg(target_os = "linux")]
pub fn remove_output_tree(dir: &Path) {
    super::at_dir::remove_tree(dir, MARKER);
}

/// Deletes the directory `dir` and everything in it, by path where directories cannot be worked
/// in by descriptor.
#[cfg(not(target_os = "linux"))]
pub fn remove_output_tree(dir: &Path) {
    remove_all_but(dir, Some(MARKER));
    let _ = std::fs::remove_file(dir.join(MARKER));
    let _ = std::fs::remove_dir(dir);
}

#[cfg(not(target_os = "linux"))]
fn remove_all_but(dir: &Path, keep: Option<&str>) {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter(|e| keep.is_none_or(|keep| e.file_name() != keep))
            .collect(),
        Err(_) => return,
    };
    entries.par_iter().for_each(|entry| match entry.file_type() {
        Ok(t) if t.is_dir() => {
            remove_all_but(&entry.path(), None);
            let _ = std::fs::remove_dir(entry.path());
        }
        // A symbolic link (to a directory, on Windows, removed as one) is removed, not followed.
        _ => {
            if std::fs::remove_file(entry.path()).is_err() {
                let _ = std::fs::remove_dir(entry.path());
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_deletes_the_tree_but_not_what_its_links_point_to() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "kept").unwrap();
        let tree = root.path().join("old");
        for dir in ["a/b/c", "d", "e/f"] {
            std::fs::create_dir_all(tree.join(dir)).unwrap();
            std::fs::write(tree.join(dir).join("index.html"), "x").unwrap();
        }
        std::fs::write(tree.join(MARKER), "marker").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, tree.join("a/link")).unwrap();
            std::os::unix::fs::symlink(outside.join("keep.txt"), tree.join("d/file-link")).unwrap();
        }
        remove_output_tree(&tree);
        assert!(!tree.exists());
        assert_eq!(std::fs::read_to_string(outside.join("keep.txt")).unwrap(), "kept");
        assert!(outside.is_dir());
    }
}
