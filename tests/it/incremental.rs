//! The in-memory session behind `knead serve`: after any sequence of edits, additions, renames
//! and deletions its output equals a fresh `knead build` byte for byte, and an edit of a page's
//! body re-renders only that page and the feeds that embed it.

use crate::support::{TestSite, copy_dir, tree};
use knead::output::MARKER;
use knead::session::{Rebuild, Session};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A copy of the clinic site in this repository.
fn clinic_site() -> TestSite {
    let site = TestSite::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "themes"] {
        copy_dir(&repo.join(dir), &site.root().join(dir));
    }
    std::fs::copy(repo.join("site.yaml"), site.root().join("site.yaml")).unwrap();
    // The clinic's pages are dated up to the present.
    site.with(|o| o.today = chrono::Local::now().date_naive())
}

/// The session's output must be what `knead build` writes now.
fn assert_equals_full_build(site: &TestSite, session: &Session, step: &str) {
    site.build_ok();
    let mut built = tree(&site.public());
    built.remove(MARKER);
    let served: BTreeMap<String, Vec<u8>> = session
        .files()
        .iter()
        .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
        .collect();
    let differing: Vec<&String> = built
        .keys()
        .chain(served.keys())
        .filter(|path| built.get(*path) != served.get(*path))
        .collect();
    assert!(
        differing.is_empty(),
        "after {step}: files differ from a full build: {differing:?}"
    );
}

fn edit(site: &TestSite, rel: &str, change: impl FnOnce(String) -> String) -> PathBuf {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
    path
}

fn rendered(outcome: Rebuild) -> Vec<String> {
    match outcome {
        Rebuild::Incremental { rendered } => rendered,
        other => panic!("expected an incremental rebuild, got {other:?}"),
    }
}

#[test]
fn edits_additions_renames_and_deletions_give_the_same_output_as_a_full_build() {
    let site = clinic_site();
    let mut session = Session::build(&site.options).unwrap();
    assert_equals_full_build(&site, &session, "the first build");

    // A body edit of a guide: the page and the guides feeds, nothing else. (One word: the
    // guide is just under 1,000 words, and 1,000 would add a minute of reading time, which
    // listings show.)
    let guide = edit(&site, "content/guides/circulation-and-recovery.md", |t| {
        t + "\nIncremental-note.\n"
    });
    let files = rendered(session.update(std::slice::from_ref(&guide)).unwrap());
    assert_eq!(
        files,
        [
            "guides/atom.xml",
            "guides/circulation-and-recovery/index.html",
            "guides/rss.xml"
        ]
    );
    let html = String::from_utf8(session.files()["guides/circulation-and-recovery/index.html"].to_vec()).unwrap();
    assert!(html.contains("Incremental-note."));
    assert_equals_full_build(&site, &session, "a body edit of a guide");

    // A service page is in no feed: only the page. The path may be relative to the site root.
    edit(&site, "content/services/sports-massage.md", |t| {
        t.replace(
            "## Who it helps",
            "## Who it helps\n\nAn extra sentence for the test.\n",
        )
    });
    let files = rendered(
        session
            .update(&[PathBuf::from("content/services/sports-massage.md")])
            .unwrap(),
    );
    assert_eq!(files, ["services/sports-massage/index.html"]);
    assert_equals_full_build(&site, &session, "a body edit of a service");

    // A title is shown in listings, related pages, feeds and the sitemap: everything.
    let changed = edit(&site, "content/guides/recovery-at-home.md", |t| {
        t.replacen("title: \"", "title: \"Renamed - ", 1)
    });
    assert_eq!(session.update(&[changed]).unwrap(), Rebuild::Full);
    assert_equals_full_build(&site, &session, "a title edit");

    // A new heading adds an id other pages could link to.
    edit(&site, "content/guides/how-muscles-recover.md", |t| {
        t + "\n## A brand new heading\n\nText.\n"
    });
    let outcome = session
        .update(&[PathBuf::from("content/guides/how-muscles-recover.md")])
        .unwrap();
    assert_eq!(outcome, Rebuild::Full);
    assert_equals_full_build(&site, &session, "a new heading");

    // A new page, then renamed, then deleted.
    let new = site.root().join("content/guides/foam-rolling.md");
    std::fs::write(
        &new,
        "---\ntitle: Foam rolling at home\ndescription: How to use a foam roller between massage sessions, gently and without rushing it.\ndate: 2026-05-01\n---\nRoll slowly. See [deep tissue massage](@/services/deep-tissue-massage.md).\n",
    )
    .unwrap();
    assert_eq!(session.update(std::slice::from_ref(&new)).unwrap(), Rebuild::Full);
    assert!(session.files().contains_key("guides/foam-rolling/index.html"));
    assert_equals_full_build(&site, &session, "adding a page");
    let renamed = site.root().join("content/guides/foam-rolling-basics.md");
    std::fs::rename(&new, &renamed).unwrap();
    assert_eq!(session.update(&[new.clone(), renamed.clone()]).unwrap(), Rebuild::Full);
    assert!(!session.files().contains_key("guides/foam-rolling/index.html"));
    assert_equals_full_build(&site, &session, "renaming a page");
    std::fs::remove_file(&renamed).unwrap();
    assert_eq!(session.update(&[renamed]).unwrap(), Rebuild::Full);
    assert_equals_full_build(&site, &session, "deleting a page");

    // An editor's temporary file that came and went is not part of the site.
    let swap = site.root().join("content/guides/.circulation-and-recovery.md.swp");
    assert_eq!(session.update(&[swap]).unwrap(), Rebuild::Nothing);

    // A broken link fails the update and keeps the last good output; fixing it recovers.
    let before = session.files().clone();
    edit(&site, "content/guides/circulation-and-recovery.md", |t| {
        t + "\nSee [nowhere](@/services/nowhere.md).\n"
    });
    let failure = session.update(std::slice::from_ref(&guide)).unwrap_err().to_string();
    assert!(
        failure.contains("content/guides/circulation-and-recovery.md:"),
        "{failure}"
    );
    assert!(failure.contains("@/services/nowhere.md"), "{failure}");
    assert_eq!(session.files(), &before);
    edit(&site, "content/guides/circulation-and-recovery.md", |t| {
        t.replace("\nSee [nowhere](@/services/nowhere.md).\n", "\nFixed.\n")
    });
    // The fix takes the fast path again (the failed update did not leave the session stale).
    let files = rendered(session.update(&[guide]).unwrap());
    assert!(files.contains(&"guides/circulation-and-recovery/index.html".to_string()));
    assert_equals_full_build(&site, &session, "fixing a broken link");

    // A template change rebuilds everything.
    let template = edit(&site, "themes/clinic/templates/page.html", |t| {
        t.replacen("</article>", "<p>Template edited.</p></article>", 1)
    });
    assert_eq!(session.update(&[template]).unwrap(), Rebuild::Full);
    let page = String::from_utf8(session.files()["guides/circulation-and-recovery/index.html"].to_vec()).unwrap();
    assert!(page.contains("Template edited."));
    assert_equals_full_build(&site, &session, "a template edit");
}

#[test]
fn a_minified_site_stays_equal_to_a_full_build_after_a_body_edit() {
    let site = clinic_site();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    std::fs::write(site.root().join("site.yaml"), yaml + "\nminify: true\n").unwrap();
    let mut session = Session::build(&site.options).unwrap();
    let guide = edit(&site, "content/guides/circulation-and-recovery.md", |t| {
        t + "\nIncremental-note.\n"
    });
    let files = rendered(session.update(&[guide]).unwrap());
    assert!(files.contains(&"guides/circulation-and-recovery/index.html".to_string()));
    let html = String::from_utf8(session.files()["guides/circulation-and-recovery/index.html"].to_vec()).unwrap();
    assert!(!html.contains("\n\n"), "the re-rendered page is minified too");
    assert_equals_full_build(&site, &session, "a body edit of a minified site");
}
