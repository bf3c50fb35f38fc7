//! Writing: atomic replacement, refusing foreign directories, byte-identical output.

use crate::support::{TestSite, tree};

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new().page("a.md", "title: A", "Hello.");
    site.build_ok();
    let before = tree(&site.public());
    assert!(before.contains_key("a/index.html"));
    let site = site.page("a.md", "title: A\nbroken: [", "Changed.");
    assert!(site.build().is_err());
    assert_eq!(tree(&site.public()), before);
    assert_eq!(leftovers(site.root()), Vec::<std::ffi::OsString>::new());
}

#[test]
fn a_render_error_also_leaves_the_previous_output_untouched() {
    let site = TestSite::new().page("a.md", "title: A", "Hello.");
    site.build_ok();
    let before = tree(&site.public());
    let site = site.file("themes/probe/templates/page.html", "{{ page.missing.field }}");
    assert!(site.build().is_err());
    assert_eq!(tree(&site.public()), before);
}

/// Names in the site root that a build made on the side (staging or set-aside directories).
fn leftovers(root: &std::path::Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().contains("knead"))
        .collect()
}

#[test]
fn a_rebuild_replaces_the_output_and_leaves_nothing_beside_it() {
    let site = TestSite::new().page("a.md", "title: A", "Before.");
    site.build_ok();
    let site = site.page("a.md", "title: A", "After.");
    site.build_ok();
    assert!(site.read("a/index.html").contains("After."));
    assert_eq!(leftovers(site.root()), Vec::<std::ffi::OsString>::new());
}

#[test]
#[cfg(unix)]
fn an_output_that_is_a_symbolic_link_is_replaced_by_the_new_output() {
    let site = TestSite::new().page("a.md", "title: A", "Before.");
    site.build_ok();
    let elsewhere = site.root().join("elsewhere");
    std::fs::rename(site.public(), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.public()).unwrap();
    let site = site.page("a.md", "title: A", "After.");
    site.build_ok();
    assert!(std::fs::symlink_metadata(site.public()).unwrap().is_dir());
    assert!(site.read("a/index.html").contains("After."));
    assert!(
        std::fs::read_to_string(elsewhere.join("a/index.html"))
            .unwrap()
            .contains("Before.")
    );
    assert_eq!(leftovers(site.root()), Vec::<std::ffi::OsString>::new());
}

#[test]
fn stale_files_disappear_on_rebuild() {
    let site = TestSite::new().page("a.md", "title: A", "");
    site.build_ok();
    std::fs::remove_file(site.root().join("content/a.md")).unwrap();
    site.build_ok();
    assert!(!site.exists("a/index.html"));
}

#[test]
fn refuses_to_replace_a_directory_it_did_not_write() {
    let site = TestSite::new();
    let foreign = site.root().join("precious");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.txt"), "years of work").unwrap();
    let site = site.with(|o| o.output = Some(foreign.clone()));
    let errors = site.error_lines();
    assert_eq!(
        errors,
        [format!(
            "{}: error: output directory is not empty and was not written by knead; refusing to replace it",
            foreign.display()
        )]
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("thesis.txt")).unwrap(),
        "years of work"
    );
}

#[test]
fn refuses_an_output_that_contains_the_site() {
    let site = TestSite::new();
    let parent = site.root().to_path_buf();
    let site = site.with(|o| o.output = Some(parent.clone()));
    let errors = site.error_lines();
    assert!(
        errors[0].contains("output directory contains the site itself"),
        "{}",
        errors[0]
    );
    assert!(parent.join("site.yaml").exists());
}

#[test]
fn an_empty_or_gitkeep_only_directory_is_fine() {
    let site = TestSite::new();
    std::fs::create_dir_all(site.public()).unwrap();
    std::fs::write(site.public().join(".gitkeep"), "").unwrap();
    site.build_ok();
    assert!(site.exists("index.html"));
}

#[test]
fn output_is_byte_identical_between_builds() {
    let site =
        TestSite::fixture("clinic-mini").with(|o| o.today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    site.build_ok();
    let first = tree(&site.public());
    site.build_ok();
    assert_eq!(tree(&site.public()), first);
    assert!(first.len() > 10, "fixture too small: {}", first.len());
}

#[test]
fn an_output_file_edited_by_hand_is_written_again_on_rebuild() {
    let site = TestSite::new().page("a.md", "title: A", "Hello.");
    site.build_ok();
    let built = site.read("a/index.html");
    std::fs::write(site.public().join("a/index.html"), built.replace("Hello.", "Jello.")).unwrap();
    site.build_ok();
    assert_eq!(site.read("a/index.html"), built);
}

/// Eight pages linking to `a.md` that a rebuild leaves unchanged, so that most of the output
/// stays the same between builds.
fn with_pages_that_stay_the_same(mut site: TestSite) -> TestSite {
    for i in 0..8 {
        site = site.page(
            &format!("more/page-{i}.md"),
            &format!("title: More {i}"),
            "See [a](@/a.md).",
        );
    }
    site
}

/// `a.md` and `guides/b.md`, each linking to the other.
fn two_linked_pages() -> TestSite {
    TestSite::new()
        .page("a.md", "title: A", "Hello, [b](@/guides/b.md).")
        .page("guides/b.md", "title: B", "Hello, [a](@/a.md).")
}

/// The output a fresh build of `site`'s content makes, for comparing a rebuilt output with.
fn fresh_tree(site: &TestSite) -> std::collections::BTreeMap<String, Vec<u8>> {
    let fresh = site.root().join("fresh-output");
    let _ = std::fs::remove_dir_all(&fresh);
    let mut options = site.options.clone();
    options.output = Some(fresh.clone());
    knead::build(&options).unwrap();
    let files = tree(&fresh);
    std::fs::remove_dir_all(&fresh).unwrap();
    files
}

#[test]
fn files_and_directories_added_to_the_output_by_hand_are_removed_on_rebuild() {
    let site = two_linked_pages();
    site.build_ok();
    let public = site.public();
    std::fs::write(public.join("guides/stray.html"), "stray").unwrap();
    std::fs::create_dir_all(public.join("guides/b/stray/deeper")).unwrap();
    std::fs::write(public.join("guides/b/stray/deeper/x.html"), "stray").unwrap();
    // A listed file replaced by a directory, a listed directory by a file.
    let a_page = public.join("a/index.html");
    std::fs::remove_file(&a_page).unwrap();
    std::fs::create_dir_all(a_page.join("inside")).unwrap();
    site.build_ok();
    assert_eq!(tree(&public), fresh_tree(&site));
    std::fs::remove_dir_all(public.join("guides/b")).unwrap();
    std::fs::write(public.join("guides/b"), "a file where a directory was").unwrap();
    site.build_ok();
    assert_eq!(tree(&public), fresh_tree(&site));
}

#[test]
#[cfg(unix)]
fn a_rebuild_never_writes_or_deletes_through_a_symbolic_link_in_the_output() {
    let site = two_linked_pages();
    site.build_ok();
    let outside = site.root().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("index.html"), "not knead's").unwrap();
    std::fs::write(outside.join("precious.txt"), "kept").unwrap();
    let b_dir = site.public().join("guides/b");
    std::fs::remove_dir_all(&b_dir).unwrap();
    std::os::unix::fs::symlink(&outside, &b_dir).unwrap();
    let site = site.page("guides/b.md", "title: B", "Changed, [a](@/a.md).");
    site.build_ok();
    assert_eq!(
        std::fs::read_to_string(outside.join("index.html")).unwrap(),
        "not knead's"
    );
    assert_eq!(std::fs::read_to_string(outside.join("precious.txt")).unwrap(), "kept");
    assert!(std::fs::symlink_metadata(&b_dir).unwrap().is_dir());
    assert!(site.read("guides/b/index.html").contains("Changed,"));
    assert_eq!(tree(&site.public()), fresh_tree(&site));
}

#[test]
#[cfg(unix)]
fn a_page_removed_from_a_directory_replaced_by_a_symbolic_link_is_handled_without_following_it() {
    let site = with_pages_that_stay_the_same(
        TestSite::new()
            .page(
                "a.md",
                "title: A",
                "Hello, [c](@/guides/sub/c.md), [d](@/guides/sub/d.md).",
            )
            .file("content/guides/sub/_index.md", "---\ntitle: Sub\n---\nSub.\n")
            .page("guides/sub/c.md", "title: C", "See [a](@/a.md)."),
    )
    .page("guides/sub/d.md", "title: D", "See [a](@/a.md).");
    site.build_ok();
    let outside = site.root().join("outside");
    std::fs::create_dir_all(outside.join("c")).unwrap();
    std::fs::write(outside.join("c/index.html"), "not knead's").unwrap();
    let sub = site.public().join("guides/sub");
    std::fs::remove_dir_all(&sub).unwrap();
    std::os::unix::fs::symlink(&outside, &sub).unwrap();
    std::fs::remove_file(site.root().join("content/guides/sub/c.md")).unwrap();
    let site = site.page("a.md", "title: A", "Hello, [d](@/guides/sub/d.md).");
    site.build_ok();
    assert_eq!(
        std::fs::read_to_string(outside.join("c/index.html")).unwrap(),
        "not knead's"
    );
    assert!(std::fs::symlink_metadata(&sub).unwrap().is_dir());
    assert_eq!(tree(&site.public()), fresh_tree(&site));
}
