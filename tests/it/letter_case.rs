//! Output paths that differ only by letter case are one path on macOS and Windows: the build
//! fails naming both sources, whatever kind of file each is.

use crate::support::TestSite;

const HELP: &str = "help: macOS and Windows do not tell capital letters apart in file names";

#[test]
fn pages_whose_urls_differ_only_by_case_fail_the_build_naming_both() {
    let site = TestSite::new()
        .page("Foo.md", "title: Foo", "")
        .page("foo.md", "title: foo", "");
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{}: error: `/foo/` differs only by letter case from `/Foo/` of {}",
            site.shown("content/foo.md"),
            site.shown("content/Foo.md")
        )),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains(HELP), "{}", errors[0]);
    assert!(!site.public().exists(), "nothing is written");
}

#[test]
fn sections_static_files_and_directories_that_differ_only_by_case_clash() {
    let site = TestSite::new()
        .page("About/_index.md", "title: About", "")
        .page("about/team.md", "title: Team", "")
        .file("static/Logo.gif", "one")
        .file("static/logo.gif", "two")
        .file("static/img/Icons/a.svg", "<svg/>")
        .file("static/img/icons/b.svg", "<svg/>");
    let lines = site.error_lines();
    assert_eq!(
        lines,
        [
            format!(
                "{}: error: `/about/` differs only by letter case from `/About/` of {}",
                site.shown("content/about/team.md"),
                site.shown("content/About/_index.md")
            ),
            "static/img/icons/b.svg: error: `/img/icons/` differs only by letter case from `/img/Icons/` of static/img/Icons/a.svg".to_string(),
            "static/logo.gif: error: `/logo.gif` differs only by letter case from `/Logo.gif` of static/Logo.gif".to_string(),
        ]
    );
}

#[test]
fn capitals_alone_are_fine() {
    let site = TestSite::new()
        .page("Foo.md", "title: Foo", "")
        .page("Guides/Bar.md", "title: Bar", "")
        .file("static/Logo.gif", "one")
        .file("static/logo-small.gif", "two");
    site.build_ok();
    assert!(site.exists("Foo/index.html"));
    assert!(site.exists("Guides/Bar/index.html"));
    assert!(site.exists("Logo.gif") && site.exists("logo-small.gif"));
}
