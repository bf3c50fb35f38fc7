//! The output directory as hostile input: whatever a previous output, a restored cache or a
//! copied artifact holds (its marker file included), a build writes only inside the output and
//! leaves it either as it was or as a fresh build makes it.

use crate::support::{TestSite, tree};
use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

fn knead_build(root: &Path, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("knead")
        .unwrap()
        .arg("build")
        .args(extra)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// Everything under `dir` except the output: files with their bytes, directories and symbolic
/// links by name, so that a deletion, a change or an addition anywhere shows.
fn everything_but_the_output(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.file_name() != "public")
        .map(Result::unwrap)
        .map(|e| {
            let name = e.path().strip_prefix(dir).unwrap().display().to_string();
            let kind = e.file_type();
            let bytes = if kind.is_file() {
                std::fs::read(e.path()).unwrap()
            } else if kind.is_dir() {
                b"<dir>".to_vec()
            } else {
                b"<link>".to_vec()
            };
            (name, bytes)
        })
        .collect()
}

/// The output a fresh build of `site` makes, in a directory of its own.
fn fresh_output(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let fresh = tempfile::tempdir().unwrap();
    let mut options = site.options.clone();
    options.output = Some(fresh.path().join("out"));
    knead::build(&options).unwrap();
    tree(&fresh.path().join("out"))
}

/// A site with a few pages, its content and a sibling folder as things a build must not touch.
fn site_beside_precious_files() -> TestSite {
    let mut site = TestSite::new();
    for i in 0..6 {
        site = site.page(&format!("page-{i}.md"), &format!("title: Page {i}"), "Hello.");
    }
    site.file("precious/thesis.txt", "years of work")
        .file(".git/HEAD", "ref: refs/heads/main\n")
}

/// Rewrites the output's marker file as an attacker would: `extra` paths added as lines of
/// `<32 hex digits> <path>` under a count line that matches them, and a modification time in the
/// future, newer than every file of the output. A build must not read any of it.
fn forge_marker(public: &Path, extra: &[&str]) {
    let marker = public.join(".knead-output");
    let text = std::fs::read_to_string(&marker).unwrap_or_default();
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with("end of the list"))
        .map(str::to_string)
        .collect();
    for path in extra {
        lines.push(format!("{:032x} {path}", 0x1234_5678_u128));
    }
    let listed = lines
        .iter()
        .filter(|l| {
            l.split_once(' ')
                .is_some_and(|(h, path)| h.len() == 32 && !path.is_empty())
        })
        .count();
    lines.push(format!("end of the list, files listed: {listed}"));
    std::fs::write(&marker, lines.join("\n") + "\n").unwrap();
    let future = std::time::SystemTime::now() + std::time::Duration::from_secs(86_400);
    std::fs::File::options()
        .write(true)
        .open(&marker)
        .unwrap()
        .set_modified(future)
        .unwrap();
}

#[test]
fn a_forged_marker_never_deletes_or_changes_anything_outside_the_output() {
    let site = site_beside_precious_files();
    let first = knead_build(site.root(), &[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let outside = everything_but_the_output(site.root());
    assert!(outside.contains_key("precious/thesis.txt") && outside.contains_key("content/page-0.md"));
    let absolute = site.root().join("precious").display().to_string();
    forge_marker(
        &site.public(),
        &[
            "../precious/thesis.txt",
            "../precious",
            "../content",
            "..",
            ".",
            &absolute,
            "a/../../site.yaml",
        ],
    );
    let second = knead_build(site.root(), &[]);
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(everything_but_the_output(site.root()), outside);
    assert_eq!(tree(&site.public()), fresh_output(&site));
}

#[test]
fn a_forged_marker_listing_the_output_itself_does_not_empty_it() {
    let site = site_beside_precious_files();
    assert!(knead_build(site.root(), &[]).status.success());
    forge_marker(&site.public(), &["."]);
    let rebuilt = knead_build(site.root(), &[]);
    assert!(rebuilt.status.success(), "{}", String::from_utf8_lossy(&rebuilt.stderr));
    assert_eq!(tree(&site.public()), fresh_output(&site));
}

#[test]
fn an_output_that_cannot_take_the_new_files_in_place_is_still_replaced_whole() {
    // The previous output holds a file where the new build makes a page's directory, and a
    // forged marker vouches for it. The build must not depend on what the previous output
    // holds: it succeeds and the output is exactly what a fresh build makes.
    let site = site_beside_precious_files();
    assert!(knead_build(site.root(), &[]).status.success());
    let public = site.public();
    std::fs::remove_dir_all(public.join("page-5")).unwrap();
    std::fs::write(public.join("page-5"), "in the way").unwrap();
    forge_marker(&public, &[]);
    let before = tree(&public);
    std::fs::remove_file(site.root().join("content/page-3.md")).unwrap();
    let site = site
        .page("page-0.md", "title: Page 0", "Changed.")
        .page("page-5.md", "title: Page 5", "Changed too.");
    let rebuilt = knead_build(site.root(), &[]);
    assert!(rebuilt.status.success(), "{}", String::from_utf8_lossy(&rebuilt.stderr));
    assert_ne!(tree(&public), before);
    assert_eq!(tree(&public), fresh_output(&site));
}

#[test]
fn staging_directories_left_by_a_killed_build_are_removed_by_the_next() {
    let site = TestSite::new().page("a.md", "title: A", "Hello.");
    site.build_ok();
    let root = site.root();
    // What a build killed halfway leaves beside the output: its staging directory, with the
    // marker it writes first and some pages.
    let abandoned = root.join(".public.knead-Ab12Cd");
    std::fs::create_dir_all(abandoned.join("guides/x")).unwrap();
    std::fs::write(abandoned.join(".knead-output"), "marker").unwrap();
    std::fs::write(abandoned.join("guides/x/index.html"), "half a site").unwrap();
    // Names that are not knead's staging directories stay.
    std::fs::create_dir_all(root.join(".public.keep-me")).unwrap();
    std::fs::write(root.join(".public.knead-not-a-dir"), "a file").unwrap();
    let out = knead_build(root, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!abandoned.exists(), "the abandoned staging directory is still there");
    assert!(root.join(".public.keep-me").is_dir());
    assert!(root.join(".public.knead-not-a-dir").is_file());
}

#[test]
fn a_staging_directory_of_a_build_still_running_is_left_alone() {
    let site = TestSite::new().page("a.md", "title: A", "Hello.");
    site.build_ok();
    let running = site.root().join(".public.knead-Zz99Yy");
    std::fs::create_dir_all(&running).unwrap();
    std::fs::write(running.join(".knead-output"), "marker").unwrap();
    // A running build holds a lock on its staging directory's marker for as long as it runs.
    let marker = std::fs::File::open(running.join(".knead-output")).unwrap();
    marker.lock().unwrap();
    let out = knead_build(site.root(), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(running.join(".knead-output").is_file());
    drop(marker);
}

#[test]
fn an_output_inside_the_content_or_static_directory_is_refused() {
    for inside in ["content/out", "static/out", "content"] {
        let site = TestSite::new()
            .page("a.md", "title: A", "Hello.")
            .file("static/robots-extra.txt", "x");
        let outside = everything_but_the_output(site.root());
        let out = knead_build(site.root(), &["-o", &site.root().join(inside).display().to_string()]);
        assert_eq!(out.status.code(), Some(1), "{inside}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("error: the output directory is inside the site's") && stderr.contains("help:"),
            "{inside}: {stderr}"
        );
        assert_eq!(everything_but_the_output(site.root()), outside, "{inside}");
    }
}

#[test]
#[cfg(unix)]
fn a_marker_that_is_a_symbolic_link_does_not_make_a_directory_knead_s() {
    let site = TestSite::new();
    let foreign = site.root().join("precious");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.txt"), "years of work").unwrap();
    std::fs::write(site.root().join("some-file"), "x").unwrap();
    std::os::unix::fs::symlink(site.root().join("some-file"), foreign.join(".knead-output")).unwrap();
    let out = knead_build(site.root(), &["-o", &foreign.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not written by knead"));
    assert_eq!(
        std::fs::read_to_string(foreign.join("thesis.txt")).unwrap(),
        "years of work"
    );
}
