//! A page that would vanish or go out unfinished says so, on a site made by `knead init`: a date
//! in the future is a note naming the page and its date, `updated` before `date` a warning, and
//! a published page still holding the TODOs of its archetype a warning that fails `knead check`
//! and `--strict`. Through the binary, with exit codes and the whole text.

use crate::scaffold::{fill_clinic_facts, initialized, replace_placeholder_text};
use crate::support::TestSite;
use knead::scaffold::new::{NewPage, create};

/// A starter site whose example text and clinic facts the owner has filled in: it passes
/// `knead check` without a word.
fn owned_site() -> TestSite {
    let site = initialized();
    replace_placeholder_text(&site);
    fill_clinic_facts(&site);
    site
}

/// A service page with `front` matter besides its title and description.
fn service(site: TestSite, front: &str) -> TestSite {
    site.page(
        "services/hot-stone.md",
        &format!(
            "title: \"Hot Stone Massage\"\n\
             description: \"Warm basalt stones and slow, gliding strokes that help tight muscles let go.\"\n{front}"
        ),
        "Warm stones.\n",
    )
}

/// The summary line without its time: `built 2 pages, 2 sections, 11 files in … -> public …`.
fn without_time(summary: &str) -> String {
    let (before, after) = summary.split_once(" in ").unwrap();
    let (_, after) = after.split_once(" ms").unwrap();
    format!("{before} in … ms{after}")
}

#[test]
fn a_page_dated_in_the_future_is_a_note_naming_it_and_its_date() {
    let site = service(owned_site(), "date: 2062-03-14");
    let note = format!(
        "{}:4:7: note: page left out: its date, 2062-03-14, is in the future\n  \
         help: fix the date if it is a typo; otherwise the first build on or after 2062-03-14 publishes the page \
         (or any build with --future)\n",
        site.shown("content/services/hot-stone.md")
    );
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, note, "printed without -v");
    assert_eq!(
        without_time(&stdout),
        format!(
            "built 2 pages, 2 sections, 11 files in … ms -> {}/public\n",
            site.root().display()
        )
    );
    assert!(!site.exists("services/hot-stone/index.html"));

    let (code, stdout, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, note);
    assert_eq!(stdout, "checked 2 pages: no errors, 0 warnings, 1 note\n");

    // Published now, the page has no links to it yet: one warning.
    let (code, stdout, stderr) = site.run(&["build", "--future"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        without_time(&stdout),
        format!(
            "built 3 pages, 2 sections, 12 files in … ms -> {}/public (1 warning, -v shows it)\n",
            site.root().display()
        )
    );
    assert!(site.exists("services/hot-stone/index.html"));
}

/// Links the massage page to the hot stone page, so that it is no orphan.
fn linked(site: TestSite) -> TestSite {
    let massage = site.root().join("content/services/massage.md");
    let text = std::fs::read_to_string(&massage).unwrap();
    std::fs::write(
        &massage,
        format!("{text}\nAlso try [hot stones](@/services/hot-stone.md).\n"),
    )
    .unwrap();
    site
}

#[test]
fn updated_before_date_is_a_warning() {
    let site = linked(service(owned_site(), "date: 2026-03-14\nupdated: 2026-01-02"));
    let warning = format!(
        "{}:5:10: warning: updated before date: the page says it changed on 2026-01-02, before it was first \
         published on 2026-03-14\n  \
         help: `date` is the day the page was first published and `updated` the day it last changed: fix whichever \
         is wrong\n",
        site.shown("content/services/hot-stone.md")
    );
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.ends_with("/public (1 warning, -v shows it)\n"), "{stdout}");
    let (code, _, stderr) = site.run(&["build", "-v"]);
    assert_eq!((code, stderr), (0, warning.clone()));
    let (code, stdout, stderr) = site.run(&["check"]);
    assert_eq!((code, stderr), (0, warning));
    assert_eq!(stdout, "checked 3 pages: no errors, 1 warning\n");
}

#[test]
fn a_published_page_still_holding_its_archetypes_todos_fails_check_and_strict() {
    let site = owned_site();
    let request = NewPage {
        today: site.options.today,
        ..NewPage::new(site.root(), "services/hot-stone")
    };
    let created = create(&request).unwrap();
    // As a draft, nothing is said: the TODOs are for later.
    assert_eq!(site.run(&["check"]).0, 0);
    let text = std::fs::read_to_string(&created.path).unwrap();
    std::fs::write(&created.path, text.replace("draft: true\n", "")).unwrap();
    let shown = site.shown("content/services/hot-stone.md");
    let help = "  help: write your own text in its place; until then `knead check` and `knead build --strict` fail";
    let todos = [
        format!(
            "{shown}:4:15: KIND: placeholder text to replace before publishing: \"TODO: describe Hot Stone in one or \
             two sentences (50-160 cha…\"\n{help}"
        ),
        format!(
            "{shown}:11:9: KIND: placeholder text to replace before publishing: \"TODO: a question clients often ask \
             about Hot Stone?\"\n{help}"
        ),
        format!(
            "{shown}:12:9: KIND: placeholder text to replace before publishing: \"TODO: a short, plain answer. \
             Replace this example, add more …\"\n{help}"
        ),
    ];
    let orphan = format!(
        "{shown}: warning: orphan page: no other page links to `/services/hot-stone/`\n  \
         help: link to it from a related page, a section intro or the menu, so readers can find it"
    );
    let (code, _, stderr) = site.run(&["build", "-v"]);
    assert_eq!(code, 0, "{stderr}");
    let warnings: Vec<String> = todos.iter().map(|t| t.replace("KIND", "warning")).collect();
    assert_eq!(stderr, format!("{orphan}\n{}\n", warnings.join("\n")));
    let failed = format!(
        "{orphan}\n{}\nerror: 3 problems found\n",
        todos.map(|t| t.replace("KIND", "error")).join("\n")
    );
    for command in [&["check"][..], &["build", "--strict"]] {
        let (code, stdout, stderr) = site.run(command);
        assert_eq!((code, stdout.as_str()), (1, ""), "{command:?}");
        assert_eq!(stderr, failed, "{command:?}");
    }
}
