//! Which commit the crate is built from, for `knead --version`. build.rs passes the answer to the
//! compiler; the integration tests include this file too, to check every way of finding it.
//!
//! A git checkout of the repository answers with its HEAD. A crate downloaded from crates.io has
//! no `.git` but carries `.cargo_vcs_info.json`, which names the commit it was packaged from. Any
//! other copy (a source archive, a vendored directory) says that the commit is unknown rather
//! than borrow the commit of a repository that merely contains it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What `knead --version` says about the source, and the files whose change can alter it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCommit {
    /// `commit 1a2b3c4d5e6f`, or `commit unknown: …` with the reason.
    pub description: String,
    /// Existing files that change when HEAD moves (commit, checkout, pull): build.rs asks cargo to
    /// run it again when one does. Only existing files, as cargo re-runs on every build for a
    /// missing one.
    pub watch: Vec<PathBuf>,
}

/// Hex digits shown of a commit hash.
const SHORT: usize = 12;

/// The commit of the crate whose root (the directory holding Cargo.toml) is `crate_dir`.
pub fn describe(crate_dir: &Path) -> SourceCommit {
    if let Some(hash) = packaged_commit(crate_dir) {
        return SourceCommit {
            description: format!("commit {hash}"),
            watch: Vec::new(),
        };
    }
    match git_head(crate_dir) {
        Ok(found) => found,
        Err(reason) => SourceCommit {
            description: format!("commit unknown: {reason}"),
            watch: Vec::new(),
        },
    }
}

/// The commit named by `.cargo_vcs_info.json`, which `cargo package` writes into every published
/// crate: `{"git": {"sha1": "<40 hex digits>"}, …}`.
fn packaged_commit(crate_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(crate_dir.join(".cargo_vcs_info.json")).ok()?;
    let after_key = text.split_once("\"sha1\"")?.1;
    let value = after_key
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let hash = value.split('"').next()?;
    (hash.len() >= SHORT && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| hash[..SHORT].to_string())
}

/// HEAD of the git checkout rooted at `crate_dir`, with the files to watch.
fn git_head(crate_dir: &Path) -> Result<SourceCommit, &'static str> {
    let not_a_checkout = "not built from a git checkout";
    let output = Command::new("git")
        .arg("-C")
        .arg(crate_dir)
        .args(["rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir"])
        .arg(format!("--short={SHORT}"))
        .arg("HEAD")
        .output();
    let output = match output {
        Ok(output) if output.status.success() => output,
        _ if crate_dir.join(".git").exists() => return Err("git could not read the checkout"),
        _ => return Err(not_a_checkout),
    };
    let text = String::from_utf8(output.stdout).map_err(|_| not_a_checkout)?;
    let [top, git_dir, common_dir, hash] = text.lines().collect::<Vec<_>>()[..] else {
        return Err(not_a_checkout);
    };
    // A copy of the sources inside some other repository is not a checkout of knead.
    if !same_dir(Path::new(top), crate_dir) {
        return Err(not_a_checkout);
    }
    let git_dir = PathBuf::from(git_dir);
    let common_dir = crate_dir.join(common_dir); // Relative to crate_dir in some git versions.
    let mut watch = vec![git_dir.join("HEAD"), git_dir.join("logs/HEAD")];
    if let Ok(head) = std::fs::read_to_string(git_dir.join("HEAD"))
        && let Some(branch) = head.trim().strip_prefix("ref: ")
    {
        watch.push(common_dir.join(branch));
    }
    watch.push(common_dir.join("packed-refs"));
    watch.retain(|path| path.is_file());
    Ok(SourceCommit {
        description: format!("commit {hash}"),
        watch,
    })
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
