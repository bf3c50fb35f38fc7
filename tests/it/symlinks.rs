//! Symbolic links in a site: one that leads out of the site (or into a hidden path, or nowhere,
//! or round in a loop) fails the build, names the link, and publishes nothing of its target; one
//! that stays inside the site is followed. Built through the binary, over a previous output.

use crate::support::{TestSite, copy_dir, fixtures, tree};
use assert_cmd::Command;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

/// Text that appears only in files outside the site.
const SECRET: &str = "KNEAD_TEST_SECRET_5f0c2b9e";

/// A directory outside the site holding the secret as a text file, as a page and in a folder.
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.txt"), format!("TOKEN={SECRET}\n")).unwrap();
        let page = format!("---\ntitle: Leak\n---\n{SECRET}\n");
        std::fs::write(dir.path().join("leak.md"), &page).unwrap();
        std::fs::write(
            dir.path().join("page.html"),
            format!("<p>{SECRET}</p>{{{{ page.title }}}}"),
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("folder")).unwrap();
        std::fs::write(dir.path().join("folder/secret.txt"), SECRET).unwrap();
        std::fs::write(dir.path().join("folder/leak.md"), &page).unwrap();
        Outside { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
}

/// A site with a page, already built once (its output is the previous output a failed build
/// must leave alone).
fn built_site() -> TestSite {
    let site = TestSite::new()
        .page("about.md", "title: About", "About us.")
        .file("static/robots.txt", "User-agent: *\n");
    let out = build(&site);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    site
}

fn build(site: &TestSite) -> std::process::Output {
    Command::cargo_bin("knead")
        .unwrap()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap()
}

fn link(site: &TestSite, target: &Path, at: &str) {
    let at = site.root().join(at);
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    symlink(target, at).unwrap();
}

/// Every regular file under the site root but `.git` (links not followed: they are the input),
/// so staging directories and the output are searched alike.
fn files_holding_secret(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes())
        })
        .map(|e| e.path().display().to_string())
        .collect()
}

/// Builds `site` (built before, then given the bad link at `link_at`), which must fail with
/// `message` about the link and leave the previous output as it was, with no trace of the secret.
#[track_caller]
fn assert_refused(site: &TestSite, link_at: &str, message: &str) -> String {
    let before = tree(&site.public());
    let out = build(site);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "the build must fail: {stderr}");
    let expected = format!("{}: error: {message}", site.shown(link_at));
    assert!(stderr.contains(&expected), "expected {expected:?} in:\n{stderr}");
    assert!(stderr.contains("\n  help: "), "{stderr}");
    assert!(!stderr.contains(SECRET), "{stderr}");
    assert_eq!(tree(&site.public()), before, "the previous output must stay as it was");
    assert_eq!(files_holding_secret(site.root()), Vec::<String>::new());
    stderr
}

const OUTSIDE: &str = "symbolic link leads outside the site";

#[test]
fn a_static_file_linked_out_of_the_site_fails_the_build_and_is_not_published() {
    let outside = Outside::new();
    let site = built_site();
    link(&site, &outside.path("secret.txt"), "static/env.txt");
    let stderr = assert_refused(&site, "static/env.txt", OUTSIDE);
    assert!(
        stderr.contains("help: symbolic links may only point inside the site; copy the file into the site instead"),
        "{stderr}"
    );
}

#[test]
fn a_content_file_linked_out_of_the_site_fails_the_build() {
    let outside = Outside::new();
    let site = built_site();
    link(&site, &outside.path("secret.txt"), "content/passwd.txt");
    link(&site, &outside.path("leak.md"), "content/guides/leak.md");
    let stderr = assert_refused(&site, "content/passwd.txt", OUTSIDE);
    assert!(
        stderr.contains(&format!("{}: error: {OUTSIDE}", site.shown("content/guides/leak.md"))),
        "{stderr}"
    );
}

#[test]
fn a_directory_linked_out_of_the_site_is_not_walked() {
    let outside = Outside::new();
    let site = built_site();
    link(&site, &outside.path("folder"), "static/deep/er/folder");
    assert_refused(&site, "static/deep/er/folder", OUTSIDE);

    let site = built_site();
    link(&site, &outside.path("folder"), "content/guides/folder");
    assert_refused(&site, "content/guides/folder", OUTSIDE);
}

#[test]
fn a_theme_file_or_directory_linked_out_of_the_site_fails_the_build() {
    let outside = Outside::new();
    let site = built_site();
    let page_template = site.root().join("themes/probe/templates/page.html");
    std::fs::remove_file(&page_template).unwrap();
    symlink(outside.path("page.html"), &page_template).unwrap();
    assert_refused(&site, "themes/probe/templates/page.html", OUTSIDE);

    let site = built_site();
    link(&site, &outside.path("folder"), "themes/probe/static/folder");
    assert_refused(&site, "themes/probe/static/folder", OUTSIDE);

    // The theme directory itself, moved out of the site and linked back in.
    let site = built_site();
    copy_dir(&fixtures().join("probe-theme"), &outside.path("theme"));
    std::fs::write(outside.path("theme/static/secret.txt"), SECRET).unwrap();
    std::fs::remove_dir_all(site.root().join("themes/probe")).unwrap();
    link(&site, &outside.path("theme"), "themes/probe");
    assert_refused(&site, "themes/probe", OUTSIDE);
}

#[test]
fn a_theme_named_by_a_path_out_of_the_site_is_refused() {
    let outside = Outside::new();
    copy_dir(&fixtures().join("probe-theme"), &outside.path("theme"));
    std::fs::write(outside.path("theme/static/secret.txt"), SECRET).unwrap();
    let site = built_site();
    let yaml = format!(
        "title: Test Clinic\nbase_url: https://clinic.example/\ntheme: {}\n",
        outside.path("theme").display()
    );
    std::fs::write(site.root().join("site.yaml"), yaml).unwrap();
    assert_refused(&site, "site.yaml", "theme `/");
}

#[test]
fn a_site_yaml_linked_out_of_the_site_is_not_read() {
    let outside = Outside::new();
    let config = format!("title: {SECRET}\nbase_url: https://clinic.example/\ntheme: probe\n");
    std::fs::write(outside.path("site.yaml"), config).unwrap();
    let site = built_site();
    std::fs::remove_file(site.root().join("site.yaml")).unwrap();
    link(&site, &outside.path("site.yaml"), "site.yaml");
    assert_refused(&site, "site.yaml", OUTSIDE);
}

#[test]
fn a_link_into_a_hidden_directory_of_the_site_is_refused() {
    let site = built_site().file(".git/config", &format!("[http]\n\textraheader = {SECRET}\n"));
    link(&site, Path::new("../.git"), "static/git");
    assert_refused(&site, "static/git", "symbolic link leads to a hidden path, .git");
}

#[test]
fn a_link_into_the_output_directory_is_refused() {
    let site = built_site();
    for at in ["content/old-site", "static/old-site"] {
        link(&site, Path::new("../public"), at);
        let before = tree(&site.public());
        let out = build(&site);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        let expected = format!(
            "{}: error: symbolic link leads into the output directory public/",
            site.shown(at)
        );
        assert!(stderr.contains(&expected), "expected {expected:?} in:\n{stderr}");
        assert_eq!(tree(&site.public()), before);
        std::fs::remove_file(site.root().join(at)).unwrap();
    }
}

#[test]
fn a_dangling_link_and_a_link_loop_are_named() {
    let site = built_site();
    link(&site, Path::new("../gone.txt"), "static/gone.txt");
    assert_refused(
        &site,
        "static/gone.txt",
        "symbolic link to ../gone.txt, which does not exist",
    );

    let site = built_site();
    link(&site, Path::new("b"), "content/a");
    link(&site, Path::new("a"), "content/b");
    assert_refused(&site, "content/a", "symlink loop");
}

#[test]
fn links_that_stay_inside_the_site_are_followed_and_published() {
    let site = built_site()
        .file("shared/logo.txt", "the logo")
        .file("shared-pages/visit.md", "---\ntitle: Visit\n---\nOpening hours.\n")
        .file(
            "shared-templates/page.html",
            "<main>shared template: {{ page.title }}</main>",
        );
    link(&site, Path::new("../shared/logo.txt"), "static/logo.txt");
    link(&site, Path::new("../../shared-pages"), "content/guides/shared");
    link(&site, &site.root().join("shared"), "themes/probe/static/shared");
    let page_template = site.root().join("themes/probe/templates/page.html");
    std::fs::remove_file(&page_template).unwrap();
    symlink("../../../shared-templates/page.html", &page_template).unwrap();

    let out = build(&site);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(site.read("logo.txt"), "the logo");
    assert_eq!(site.read("shared/logo.txt"), "the logo");
    let visit = site.read("guides/shared/visit/index.html");
    assert!(visit.contains("shared template: Visit"), "{visit}");
}

#[test]
fn a_page_swapped_for_a_link_out_of_the_site_under_serve_is_refused() {
    let outside = Outside::new();
    let site = TestSite::new().page("about.md", "title: About", "About us.");
    let mut session = knead::live::Session::build(&site.options).unwrap();
    let page = site.root().join("content/about.md");
    std::fs::remove_file(&page).unwrap();
    symlink(outside.path("leak.md"), &page).unwrap();
    let failure = session.update(std::slice::from_ref(&page)).unwrap_err().to_string();
    let expected = format!("{}: error: {OUTSIDE}", site.shown("content/about.md"));
    assert!(failure.contains(&expected), "{failure}");
    let leaked = session
        .files()
        .values()
        .any(|bytes| bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()));
    assert!(!leaked, "the served site must not show the file");
}

#[test]
fn an_archetype_linked_out_of_the_site_is_not_copied_into_a_new_page() {
    let outside = Outside::new();
    let site = built_site();
    link(&site, &outside.path("leak.md"), "archetypes/default.md");
    let out = Command::cargo_bin("knead")
        .unwrap()
        .args(["new", "visit", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let expected = format!("{}: error: {OUTSIDE}", site.shown("archetypes/default.md"));
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!site.root().join("content/visit.md").exists());
}
