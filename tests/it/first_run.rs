//! What a new user meets first, through the binary: `knead --version` names the version and the
//! commit, and a command run where there is no site says how to make or find one.

use crate::commands::{run_bounded, text};
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

#[path = "../../build/source_commit.rs"]
mod source_commit;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn knead(dir: &Path, args: &[&str]) -> Output {
    run_bounded(
        Command::new(env!("CARGO_BIN_EXE_knead")).current_dir(dir).args(args),
        Duration::from_secs(60),
    )
}

/// `git` with a fixed identity and none of the user's or the system's settings (commit signing,
/// hooks), in `dir`.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = run_bounded(
        Command::new("git")
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
            .args(args),
        Duration::from_secs(30),
    );
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn version_names_the_version_and_the_commit_built() {
    for flag in ["--version", "-V"] {
        let out = knead(repository(), &[flag]);
        assert!(out.status.success(), "{}", text(&out));
        let expected = format!(
            "knead {} ({})\n",
            env!("CARGO_PKG_VERSION"),
            source_commit::describe(repository()).description
        );
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    }
    // In a git checkout (the usual case for these tests) that is HEAD.
    if repository().join(".git").exists() {
        let head = git(repository(), &["rev-parse", "--short=12", "HEAD"]);
        let out = knead(repository(), &["--version"]);
        assert!(
            String::from_utf8(out.stdout)
                .unwrap()
                .ends_with(&format!("(commit {})\n", head.trim())),
            "the binary was built from another commit than HEAD"
        );
    }
}

#[test]
fn the_commit_comes_from_git_from_a_published_crate_or_is_said_to_be_unknown() {
    let unknown = "commit unknown: not built from a git checkout";
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("knead");
    std::fs::create_dir(&copy).unwrap();
    assert_eq!(source_commit::describe(&copy).description, unknown);
    assert!(source_commit::describe(&copy).watch.is_empty());

    // A crate from crates.io: `cargo package` names the commit in .cargo_vcs_info.json.
    std::fs::write(
        copy.join(".cargo_vcs_info.json"),
        "{\n  \"git\": {\n    \"sha1\": \"0123456789abcdef0123456789abcdef01234567\"\n  },\n  \"path_in_vcs\": \"\"\n}",
    )
    .unwrap();
    assert_eq!(source_commit::describe(&copy).description, "commit 0123456789ab");
    std::fs::remove_file(copy.join(".cargo_vcs_info.json")).unwrap();

    // Sources inside some other repository do not take its commit.
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["commit", "-q", "--allow-empty", "-m", "outer"]);
    assert_eq!(source_commit::describe(&copy).description, unknown);

    // A checkout of its own: HEAD, and the files that move with it are watched.
    git(&copy, &["init", "-q"]);
    git(&copy, &["commit", "-q", "--allow-empty", "-m", "first"]);
    let head = git(&copy, &["rev-parse", "--short=12", "HEAD"]);
    let found = source_commit::describe(&copy);
    assert_eq!(found.description, format!("commit {}", head.trim()));
    let git_dir = copy.join(".git").canonicalize().unwrap();
    assert!(found.watch.contains(&git_dir.join("HEAD")), "{:?}", found.watch);
    assert!(found.watch.iter().all(|p| p.is_file()), "{:?}", found.watch);
    let branch = std::fs::read_to_string(git_dir.join("HEAD")).unwrap();
    let branch = branch.trim().strip_prefix("ref: ").unwrap();
    assert!(found.watch.contains(&git_dir.join(branch)), "{:?}", found.watch);
}

#[test]
fn a_directory_without_site_yaml_says_to_run_init_or_pass_root() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["build", "check"] {
        let out = knead(dir.path(), &[command]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(out.stdout.is_empty());
        let here = dir.path().canonicalize().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with(
                "site.yaml: error: no site.yaml here: run `knead init` or pass --root\n  help: knead reads the site in the current directory ("
            ),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "({}) unless --root DIR names another; `knead init` creates a new site here, `knead init DIR` in a new directory\n",
                here.display()
            )),
            "{stderr}"
        );
        assert!(stderr.ends_with("error: 1 problem found\n"), "{stderr}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn a_root_without_site_yaml_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    let out = knead(dir.path(), &["build", "--root", "notes"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "notes/site.yaml: error: no site.yaml in notes: run `knead init notes` or pass another --root\n  \
         help: --root names a site's root: the directory holding site.yaml and content/\nerror: 1 problem found\n"
    );
    let out = knead(dir.path(), &["check", "--root", "missing"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "missing/site.yaml: error: no site.yaml in missing: the directory does not exist\n  \
         help: check the --root path, or create a new site there with `knead init missing`\n\
         error: 1 problem found\n"
    );
    assert!(!dir.path().join("missing").exists() && !dir.path().join("notes/public").exists());
}
