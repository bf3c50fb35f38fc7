//! The in-memory session behind `knead serve`: after any sequence of edits, additions, renames
//! and deletions its output equals a fresh `knead build` byte for byte; an edit of a page's body
//! re-renders only that page and the feeds that embed it, and other edits only the files that
//! show what changed.

use crate::support::{TestSite, copy_dir, tree};
use knead::live::{Rebuild, Session};
use knead::site_root::OUTPUT_MARKER as MARKER;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A copy of `tests/fixtures/incremental`, a small clinic site of guides (with feeds), services
/// and tags, with the bundled theme copied in as `themes/clinic` so that tests can edit its
/// templates.
fn session_site() -> TestSite {
    let site = TestSite::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = repo.join("tests/fixtures/incremental");
    copy_dir(&fixture.join("content"), &site.root().join("content"));
    std::fs::copy(fixture.join("site.yaml"), site.root().join("site.yaml")).unwrap();
    copy_dir(&repo.join("themes/clinic"), &site.root().join("themes/clinic"));
    site
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

/// The HTML pages a reload rendered again (files without inputs of their own — sitemap,
/// aliases, static files — are always written and left out here).
fn reloaded(outcome: Rebuild) -> Vec<String> {
    match outcome {
        Rebuild::Reloaded { rendered } => rendered.into_iter().filter(|p| p.ends_with(".html")).collect(),
        other => panic!("expected a reload, got {other:?}"),
    }
}

#[test]
fn edits_additions_renames_and_deletions_give_the_same_output_as_a_full_build() {
    let site = session_site();
    let mut session = Session::build(&site.options).unwrap();
    assert_equals_full_build(&site, &session, "the first build");

    // A body edit of a guide: the page and the guides feeds, nothing else. (One word, which
    // leaves the reading time listings show as it was.)
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

    let changed = edit(&site, "content/guides/recovery-at-home.md", |t| {
        t.replacen("title: \"", "title: \"Renamed - ", 1)
    });
    // A title is shown in listings (the home page's through `get_section()`), related pages,
    // tag pages and feeds: those are rendered again, other pages are not.
    let files = reloaded(session.update(&[changed]).unwrap());
    for shown in [
        "guides/recovery-at-home/index.html",
        "guides/index.html",
        "index.html",
        "tags/recovery/index.html",
    ] {
        assert!(files.iter().any(|f| f == shown), "{shown} not in {files:?}");
    }
    for unrelated in ["services/index.html", "tags/index.html", "about/index.html", "404.html"] {
        assert!(!files.iter().any(|f| f == unrelated), "{unrelated} in {files:?}");
    }
    assert_equals_full_build(&site, &session, "a title edit");

    // A new heading adds an id other pages could link to.
    edit(&site, "content/guides/how-muscles-recover.md", |t| {
        t + "\n## A brand new heading\n\nText.\n"
    });
    let outcome = session
        .update(&[PathBuf::from("content/guides/how-muscles-recover.md")])
        .unwrap();
    let files = reloaded(outcome);
    assert!(files.contains(&"guides/how-muscles-recover/index.html".to_string()));
    assert!(!files.contains(&"about/index.html".to_string()), "{files:?}");
    assert_equals_full_build(&site, &session, "a new heading");

    add_rename_and_delete_a_page(&site, &mut session);

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

    // A template change reloads the site and renders every file again.
    let template = edit(&site, "themes/clinic/templates/page.html", |t| {
        t.replacen("</article>", "<p>Template edited.</p></article>", 1)
    });
    let files = reloaded(session.update(&[template]).unwrap());
    let pages = session.files().keys().filter(|p| p.ends_with(".html")).count();
    assert_eq!(files.len(), pages, "{files:?}");
    let page = String::from_utf8(session.files()["guides/circulation-and-recovery/index.html"].to_vec()).unwrap();
    assert!(page.contains("Template edited."));
    assert_equals_full_build(&site, &session, "a template edit");
}

/// A new page, then renamed, then deleted: each shows in (or leaves) its section's listing, the
/// home page's latest guides, the pages of its section (which list their section's pages) and
/// the page it links to (which lists its backlinks); the services listing, the tag index, the
/// about page and the 404 page are not rendered again.
fn add_rename_and_delete_a_page(site: &TestSite, session: &mut Session) {
    let the_guides = [
        "guides/circulation-and-recovery/index.html",
        "guides/how-muscles-recover/index.html",
        "guides/index.html",
        "guides/recovery-at-home/index.html",
        "index.html",
    ];
    let unrelated = ["services/index.html", "tags/index.html", "about/index.html", "404.html"];
    let new = site.root().join("content/guides/foam-rolling.md");
    std::fs::write(
        &new,
        "---\ntitle: Foam rolling at home\ndescription: How to use a foam roller between massage sessions, gently and without rushing it.\ndate: 2026-05-01\n---\nRoll slowly. See [deep tissue massage](@/services/deep-tissue-massage.md).\n",
    )
    .unwrap();
    let files = reloaded(session.update(std::slice::from_ref(&new)).unwrap());
    let linked = "services/deep-tissue-massage/index.html";
    for shown in the_guides.iter().chain(&["guides/foam-rolling/index.html", linked]) {
        assert!(files.iter().any(|f| f == shown), "{shown} not in {files:?}");
    }
    for other in unrelated {
        assert!(!files.iter().any(|f| f == other), "{other} in {files:?}");
    }
    assert_equals_full_build(site, session, "adding a page");
    let renamed = site.root().join("content/guides/foam-rolling-basics.md");
    std::fs::rename(&new, &renamed).unwrap();
    let files = reloaded(session.update(&[new.clone(), renamed.clone()]).unwrap());
    for shown in the_guides
        .iter()
        .chain(&["guides/foam-rolling-basics/index.html", linked])
    {
        assert!(files.iter().any(|f| f == shown), "{shown} not in {files:?}");
    }
    for other in unrelated {
        assert!(!files.iter().any(|f| f == other), "{other} in {files:?}");
    }
    assert!(!session.files().contains_key("guides/foam-rolling/index.html"));
    assert_equals_full_build(site, session, "renaming a page");
    std::fs::remove_file(&renamed).unwrap();
    let files = reloaded(session.update(&[renamed]).unwrap());
    for shown in the_guides.iter().chain(&[linked]) {
        assert!(files.iter().any(|f| f == shown), "{shown} not in {files:?}");
    }
    for other in unrelated {
        assert!(!files.iter().any(|f| f == other), "{other} in {files:?}");
    }
    assert_equals_full_build(site, session, "deleting a page");
}

#[test]
fn a_minified_site_stays_equal_to_a_full_build_after_a_body_edit() {
    let site = session_site();
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

#[test]
fn reloads_follow_template_lookups_tags_partials_and_removed_link_targets() {
    let site = session_site();
    let mut session = Session::build(&site.options).unwrap();

    // The home page lists services through `get_section()`: a service's new title reaches it.
    let service = edit(&site, "content/services/myofascial-release.md", |t| {
        t.replace("title: \"Myofascial Release\"", "title: \"Myofascial Release Therapy\"")
    });
    let files = reloaded(session.update(&[service]).unwrap());
    assert!(files.contains(&"index.html".to_string()), "{files:?}");
    let home = String::from_utf8(session.files()["index.html"].to_vec()).unwrap();
    assert!(home.contains("Myofascial Release Therapy"));
    assert!(!files.contains(&"guides/index.html".to_string()), "{files:?}");
    assert_equals_full_build(&site, &session, "a service title edit");

    // Moving a page to other tags re-renders the pages of the tags it left and joined.
    let tags = edit(&site, "content/services/myofascial-release.md", |t| {
        t.replace(
            "tags: [fascia, mobility, posture]",
            "tags: [fascia, mobility, recovery]",
        )
    });
    let files = reloaded(session.update(&[tags]).unwrap());
    for tag in ["tags/posture/index.html", "tags/recovery/index.html"] {
        assert!(files.contains(&tag.to_string()), "{tag} not in {files:?}");
    }
    assert_equals_full_build(&site, &session, "a tag change");

    // A partial every page includes re-renders every page.
    let footer = edit(&site, "themes/clinic/templates/partials/footer.html", |t| {
        t + "\n<!-- footer edited -->\n"
    });
    let files = reloaded(session.update(&[footer]).unwrap());
    let pages = session.files().keys().filter(|p| p.ends_with(".html")).count();
    assert_eq!(files.len(), pages, "{files:?}");
    assert_equals_full_build(&site, &session, "a partial edit");

    // A body edit (the fast path), then undoing it together with an edit elsewhere (a reload):
    // the undone page must be rendered again, from its current text.
    let guide = "content/guides/circulation-and-recovery.md";
    let original = std::fs::read_to_string(site.root().join(guide)).unwrap();
    let path = edit(&site, guide, |t| t + "\nA passing thought.\n");
    rendered(session.update(std::slice::from_ref(&path)).unwrap());
    std::fs::write(&path, &original).unwrap();
    // (A new page that the guide does not show, so only the undo changes the guide's inputs.)
    let other = site.root().join("content/comparisons/undo-test.md");
    std::fs::write(&other, "---\ntitle: Undo test\ndescription: A page added in the same update as an undo, to make the update a reload.\n---\nText.\n").unwrap();
    reloaded(session.update(&[path, other]).unwrap());
    let page = String::from_utf8(session.files()["guides/circulation-and-recovery/index.html"].to_vec()).unwrap();
    assert!(!page.contains("A passing thought."));
    assert_equals_full_build(&site, &session, "undoing a body edit");

    // A page linked only from raw HTML in another page's body: deleting it breaks that link,
    // although the linking page is not rendered again.
    let target = site.root().join("content/guides/foam-rolling.md");
    std::fs::write(
        &target,
        "---\ntitle: Foam rolling at home\ndescription: How to use a foam roller between massage sessions, gently and without rushing it.\n---\nRoll slowly.\n",
    )
    .unwrap();
    let linking = edit(&site, "content/about.md", |t| {
        t + "\n<p>See <a href=\"/guides/foam-rolling/\">foam rolling</a>.</p>\n"
    });
    session.update(&[target.clone(), linking]).unwrap();
    assert_equals_full_build(&site, &session, "adding a page linked from raw HTML");
    let before = session.files().clone();
    std::fs::remove_file(&target).unwrap();
    let failure = session.update(std::slice::from_ref(&target)).unwrap_err().to_string();
    assert!(failure.contains("/guides/foam-rolling/"), "{failure}");
    assert_eq!(session.files(), &before, "a failed update keeps the last good output");
    let errors = site.errors().join("\n");
    assert!(
        errors.contains("/guides/foam-rolling/"),
        "a full build fails the same way: {errors}"
    );
}

/// The diagnostics of a session, as printed.
fn shown(warnings: &[knead::diagnostics::Diagnostic]) -> Vec<String> {
    warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn warnings_equal_a_full_builds_after_body_and_front_matter_edits() {
    let site = session_site();
    let page = "content/services/sports-massage.md";
    edit(&site, page, |t| {
        t.replacen(
            "description: \"Massage planned",
            "description: \"Short.\"\n# planned",
            1,
        )
    });
    let mut session = Session::build(&site.options).unwrap();
    assert_eq!(shown(session.warnings()), shown(&site.build_ok().warnings));
    let lint = format!(
        "{}:3:1: warning: meta description is too short (6 characters, at least 50)",
        site.shown(page)
    );
    assert!(shown(session.warnings()).iter().any(|w| w.starts_with(&lint)));

    // A body edit leaving a TODO: the page alone is rendered again, and the TODO reported.
    let path = edit(&site, page, |t| t + "\nTODO: a photo of the room.\n");
    rendered(session.update(std::slice::from_ref(&path)).unwrap());
    assert_eq!(shown(session.warnings()), shown(&site.build_ok().warnings));
    let todo = format!(
        "{}:16:1: warning: placeholder text to replace before publishing: \"TODO: a photo of the room.\"",
        site.shown(page)
    );
    assert!(
        shown(session.warnings()).iter().any(|w| w.starts_with(&todo)),
        "{:?}",
        session.warnings()
    );

    // A comment line in the front matter moves the lines that messages name: a reload.
    let path = edit(&site, page, |t| t.replacen("---\n", "---\n# Reviewed in spring.\n", 1));
    reloaded(session.update(std::slice::from_ref(&path)).unwrap());
    assert_eq!(shown(session.warnings()), shown(&site.build_ok().warnings));
    assert!(
        shown(session.warnings())
            .iter()
            .any(|w| w.starts_with(&lint.replace(":3:1:", ":4:1:")))
    );
}

#[test]
fn an_edited_photo_alone_is_encoded_again_and_the_output_equals_a_full_build() {
    let jpeg = |width: u32, height: u32| {
        let mut out = std::io::Cursor::new(Vec::new());
        crate::support::gradient(width, height)
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    };
    let site = session_site()
        .bytes("static/images/room.jpg", &jpeg(520, 390))
        .bytes("static/images/door.jpg", &jpeg(500, 400));
    edit(&site, "content/guides/circulation-and-recovery.md", |t| {
        t + "\n![The treatment room](/images/room.jpg)\n\n![The front door](/images/door.jpg)\n"
    });
    let mut session = Session::build(&site.options).unwrap();
    assert_equals_full_build(&site, &session, "the first build");
    let cache = site.root().join(".knead-cache/images");
    let entries = || -> BTreeMap<String, std::time::SystemTime> {
        std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect()
    };
    let before = entries();
    assert_eq!(
        before.len(),
        8,
        "480 px and the photo's own width, in WebP and JPEG, of each photo"
    );

    let room = site.root().join("static/images/room.jpg");
    std::fs::write(&room, jpeg(600, 300)).unwrap();
    session.update(&[room]).unwrap();
    assert_equals_full_build(&site, &session, "editing a photo");
    let after = entries();
    let kept: Vec<&String> = before
        .keys()
        .filter(|name| after.get(*name) == before.get(*name))
        .collect();
    assert_eq!(kept.len(), 8, "no entry was written again");
    assert_eq!(after.len(), 12, "the edited photo's four copies were made");
}

#[test]
fn component_edits_and_calls_in_bodies_stay_equal_to_a_full_build() {
    let site = session_site().file(
        "components/note.html",
        "{# component(text: text) #}<p class=\"note\">Note: {{ text }}</p>\n",
    );
    let mut session = Session::build(&site.options).unwrap();
    let rel = "content/guides/circulation-and-recovery.md";

    // Calls added to a body take the fast path.
    let guide = edit(&site, rel, |t| {
        format!(
            "{t}\n{{{{ booking() }}}}\n\n{{{{ note(text=\"Drink water.\") }}}}\n\n{{% faq(q=\"How often?\") %}}\nOnce a week.\n{{% end %}}\n"
        )
    });
    let files = rendered(session.update(std::slice::from_ref(&guide)).unwrap());
    assert!(files.contains(&"guides/circulation-and-recovery/index.html".to_string()));
    assert_equals_full_build(&site, &session, "adding component calls to a body");
    let shown = String::from_utf8(session.files()["guides/circulation-and-recovery/index.html"].to_vec()).unwrap();
    assert!(shown.contains("<p class=\"note\">Note: Drink water.</p>"), "{shown}");
    assert!(shown.contains("\"FAQPage\""), "the FAQ block feeds the structured data");

    // A misspelt call fails the update and leaves the output as it was.
    let before = session.files().clone();
    edit(&site, rel, |t| t.replace("{{ note(text=", "{{ note(txt="));
    let failure = session.update(std::slice::from_ref(&guide)).unwrap_err().to_string();
    assert!(
        failure.contains("`note` has no argument `txt` (did you mean `text`?)"),
        "{failure}"
    );
    assert_eq!(session.files(), &before);
    edit(&site, rel, |t| t.replace("{{ note(txt=", "{{ note(text="));
    rendered(session.update(std::slice::from_ref(&guide)).unwrap());
    assert_equals_full_build(&site, &session, "fixing the call");

    // Editing the site's component renders the pages again.
    let component = edit(&site, "components/note.html", |t| t.replace("Note:", "Remember:"));
    let files = reloaded(session.update(&[component]).unwrap());
    assert!(files.contains(&"guides/circulation-and-recovery/index.html".to_string()));
    let shown = String::from_utf8(session.files()["guides/circulation-and-recovery/index.html"].to_vec()).unwrap();
    assert!(
        shown.contains("<p class=\"note\">Remember: Drink water.</p>"),
        "{shown}"
    );
    assert_equals_full_build(&site, &session, "editing a component");

    // And so does editing a theme component.
    let theme_component = edit(&site, "themes/clinic/templates/components/faq.html", |t| {
        t.replace("component-faq", "component-faq faq-edited")
    });
    reloaded(session.update(&[theme_component]).unwrap());
    let shown = String::from_utf8(session.files()["guides/circulation-and-recovery/index.html"].to_vec()).unwrap();
    assert!(shown.contains("faq-edited"), "{shown}");
    assert_equals_full_build(&site, &session, "editing a theme component");
}

#[test]
fn editing_a_snippet_renders_the_pages_that_include_it_again() {
    let site = session_site().file("content/_snippets/first-visit.md", "Wear comfortable clothes.\n");
    let rel = "content/guides/circulation-and-recovery.md";
    edit(&site, rel, |t| {
        format!("{t}\n{{{{ include(snippet=\"first-visit\") }}}}\n")
    });
    let mut session = Session::build(&site.options).unwrap();
    assert_equals_full_build(&site, &session, "including a snippet");
    let snippet = edit(&site, "content/_snippets/first-visit.md", |t| {
        t.replace("comfortable", "loose")
    });
    let files = reloaded(session.update(std::slice::from_ref(&snippet)).unwrap());
    assert!(files.contains(&"guides/circulation-and-recovery/index.html".to_string()));
    let shown = String::from_utf8(session.files()["guides/circulation-and-recovery/index.html"].to_vec()).unwrap();
    assert!(shown.contains("<p>Wear loose clothes.</p>"), "{shown}");
    assert_equals_full_build(&site, &session, "editing a snippet");
    std::fs::remove_file(&snippet).unwrap();
    let failure = session.update(&[snippet]).unwrap_err().to_string();
    assert!(failure.contains("no snippet `first-visit`"), "{failure}");
}
