//! `knead init` and `knead new`: the starter site builds cleanly, new pages come from the right
//! archetype, and neither command overwrites a file or writes outside the site.

use crate::support::{TestSite, texts};
use assert_cmd::Command;
use knead::scaffold::init::{InitSite, init};
use knead::scaffold::new::{NewPage, create};
use std::path::Path;

fn knead() -> Command {
    Command::cargo_bin("knead").unwrap()
}

/// A site made by `knead init` in the test site's (empty) root, with a fixed `today`.
pub fn initialized() -> TestSite {
    let site = TestSite::empty();
    init(&InitSite {
        dir: site.root().to_path_buf(),
        name: "My Clinic".into(),
        github_workflow: true,
    })
    .unwrap();
    site
}

fn new_page(site: &TestSite, path: &str) -> Result<knead::scaffold::new::Created, String> {
    let request = NewPage {
        today: site.options.today,
        ..NewPage::new(site.root(), path)
    };
    create(&request).map_err(|d| d.to_string())
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// The front matter block of a file, `---` lines included.
fn front_matter(text: &str) -> &str {
    let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
    &text[..end]
}

#[test]
fn new_top_level_page_gets_title_date_draft_and_a_body() {
    let site = initialized();
    let created = new_page(&site, "about").unwrap();
    assert_eq!(created.file, site.shown("content/about.md"));
    assert_eq!(created.archetype, "(bundled theme clinic)/archetypes/default.md");
    let text = read(site.root(), "content/about.md");
    assert_eq!(
        front_matter(&text),
        "---\ntitle: \"About\"\n\
         # One or two sentences for search results and link previews (50-160 characters).\n\
         description: \"TODO: describe About in one or two sentences (50-160 characters) for search results.\"\n\
         date: 2026-06-01\n\
         # Drafts are built only with `knead build --drafts`. Delete this line to publish the page.\n\
         draft: true\n---\n"
    );
    assert!(text.contains("\n## A first heading\n"), "{text}");
    let body = &text[front_matter(&text).len()..];
    assert!(
        !body.lines().any(|l| l.starts_with("# ")),
        "the theme writes the only <h1>: {body}"
    );
    assert_eq!(
        created.notes,
        ["the page is a draft: `knead build --drafts` includes it; delete `draft: true` to publish it"]
    );
}

#[test]
fn new_guide_and_service_use_their_section_archetypes() {
    let site = initialized();
    let guide = new_page(&site, "guides/foam-rolling").unwrap();
    assert_eq!(guide.archetype, "(bundled theme clinic)/archetypes/guides.md");
    let text = read(site.root(), "content/guides/foam-rolling.md");
    let front = front_matter(&text);
    assert!(front.starts_with("---\ntitle: \"Foam Rolling\"\n"), "{front}");
    for line in [
        "date: 2026-06-01\n",
        "# updated: 2026-06-01\n",
        "# author: \"Your name\"\n",
        "# reviewed_by: \"Name, credentials\"\n",
        "tags: []\n",
        "draft: true\n",
    ] {
        assert!(front.contains(line), "{line:?} missing in {front}");
    }
    assert!(text.contains("not medical advice"), "guides keep a disclaimer: {text}");
    assert!(
        guide.notes[0].starts_with(&format!("{} does not exist", site.shown("content/guides/_index.md"))),
        "{:?}",
        guide.notes
    );

    let service = new_page(&site, "services/hot-stone-massage").unwrap();
    assert_eq!(service.archetype, "(bundled theme clinic)/archetypes/services.md");
    assert_eq!(service.notes.len(), 1, "services/_index.md exists: {:?}", service.notes);
    let text = read(site.root(), "content/services/hot-stone-massage.md");
    let front = front_matter(&text);
    assert!(front.starts_with("---\ntitle: \"Hot Stone Massage\"\n"), "{front}");
    for line in [
        "weight: 10\n",
        "faq:\n  - q: \"TODO: a question clients often ask about Hot Stone Massage?\"\n",
        "related: []\n",
        "draft: true\n",
    ] {
        assert!(front.contains(line), "{line:?} missing in {front}");
    }
}

#[test]
fn nested_paths_use_the_top_section_archetype() {
    let site = initialized();
    let created = new_page(&site, "content/guides/recovery/sleep-and-rest.md").unwrap();
    assert_eq!(created.archetype, "(bundled theme clinic)/archetypes/guides.md");
    let text = read(site.root(), "content/guides/recovery/sleep-and-rest.md");
    assert!(text.starts_with("---\ntitle: \"Sleep And Rest\"\n"), "{text}");
}

#[test]
fn site_archetypes_beat_theme_archetypes_and_sections_beat_defaults() {
    let site = initialized()
        .file("site.yaml", crate::support::SITE_YAML)
        .file(
            "themes/probe/archetypes/guides.md",
            "---\ntitle: \"{{title}}\"\ntags: [theme-guide]\n---\n",
        )
        .file(
            "themes/probe/archetypes/services.md",
            "---\ntitle: \"{{title}}\"\ntags: [theme-service]\n---\n",
        )
        .file(
            "themes/probe/archetypes/default.md",
            "---\ntitle: \"{{title}}\"\ntags: [theme-default]\n---\n",
        )
        .file(
            "archetypes/services.md",
            "---\ntitle: \"{{ title }}\"\nslug: \"{{slug}}-{{date}}\"\n---\nSite service.\n",
        )
        .file(
            "archetypes/default.md",
            "---\ntitle: \"{{title}}\"\ntags: [site-default]\n---\n",
        );
    let cases = [
        ("services/x", "archetypes/services.md", "slug: \"x-2026-06-01\"\n"),
        ("guides/y", "themes/probe/archetypes/guides.md", "tags: [theme-guide]\n"),
        ("z", "archetypes/default.md", "tags: [site-default]\n"),
        ("other/w", "archetypes/default.md", "tags: [site-default]\n"),
    ];
    for (path, archetype, line) in cases {
        let created = new_page(&site, path).unwrap();
        assert_eq!(created.archetype, site.shown(archetype), "{path}");
        let text = read(site.root(), &format!("content/{path}.md"));
        assert!(text.contains(line), "{path}: {text}");
    }
    std::fs::remove_file(site.root().join("archetypes/default.md")).unwrap();
    let created = new_page(&site, "v").unwrap();
    assert_eq!(created.archetype, site.shown("themes/probe/archetypes/default.md"));
    std::fs::remove_file(site.root().join("themes/probe/archetypes/default.md")).unwrap();
    let created = new_page(&site, "u").unwrap();
    assert_eq!(created.archetype, "(built-in default archetype)");
    assert!(read(site.root(), "content/u.md").contains("draft: true\n"));
}

#[test]
fn new_refuses_to_overwrite_and_exits_1() {
    let site = initialized().page("guides/foam-rolling.md", "title: Mine", "My words.\n");
    let out = knead()
        .current_dir(site.root())
        .args(["new", "guides/foam-rolling"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: content/guides/foam-rolling.md already exists\n  \
         help: knead new never overwrites a file: edit it, or choose another name for the new page\n"
    );
    assert_eq!(
        read(site.root(), "content/guides/foam-rolling.md"),
        "---\ntitle: Mine\n---\nMy words.\n"
    );
}

#[test]
fn new_refuses_a_url_taken_by_a_bundle_or_a_section() {
    let site = initialized().page("guides/foam-rolling/index.md", "title: Bundle", "");
    let err = new_page(&site, "guides/foam-rolling").unwrap_err();
    assert_eq!(
        err.lines().next().unwrap(),
        format!(
            "error: cannot create content/guides/foam-rolling.md: the page {} already has the URL /guides/foam-rolling/",
            site.shown("content/guides/foam-rolling/index.md")
        )
    );
    let err = new_page(&site, "services").unwrap_err();
    assert!(err.contains("the section") && err.contains("/services/"), "{err}");
    let err = new_page(&site, "guides/foam-rolling/tips").unwrap_err();
    assert!(err.contains("it is a page bundle"), "{err}");
    assert!(!site.root().join("content/guides/foam-rolling.md").exists());
    assert!(!site.root().join("content/services.md").exists());
    assert!(!site.root().join("content/guides/foam-rolling/tips.md").exists());
}

#[test]
fn new_refuses_path_tricks_with_a_hint() {
    let site = initialized();
    for path in ["../x", "/abs", "guides\\x", "guides/../../x", "Foam Rolling"] {
        let out = knead().args(["new", path, "--root"]).arg(site.root()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{path}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with(&format!("error: cannot create page `{path}`: ")),
            "{path}: {stderr}"
        );
        assert!(
            stderr.contains("\n  help: use lowercase letters, digits and hyphens"),
            "{path}: {stderr}"
        );
    }
    let err = new_page(&site, "Foam Rolling").unwrap_err();
    assert!(err.ends_with("e.g. `knead new foam-rolling`"), "{err}");
    assert!(!site.root().join("x.md").exists());
    assert!(!site.root().parent().unwrap().join("x.md").exists());
    assert!(!Path::new("/abs.md").exists());
    assert!(!site.root().join("content/abs.md").exists());
}

#[test]
fn new_outside_a_site_points_at_init() {
    let site = TestSite::empty();
    let err = new_page(&site, "about").unwrap_err();
    let root = site.root().display();
    assert!(
        err.starts_with(&format!(
            "{root}/site.yaml: error: no site.yaml in {root}: run `knead init {root}` or pass another --root\n"
        )),
        "{err}"
    );
    assert!(!site.root().join("content").exists());
}

#[test]
fn a_bad_archetype_is_reported_against_the_archetype() {
    let site = initialized().file("archetypes/default.md", "---\ntitle: \"{{title}}\"\ntitel: x\n---\n");
    let err = new_page(&site, "about").unwrap_err();
    assert!(
        err.starts_with(&format!(
            "{}:3:1: error: archetype makes invalid front matter: unknown field `titel`",
            site.shown("archetypes/default.md")
        )),
        "{err}"
    );
    assert!(!site.root().join("content/about.md").exists());
}

#[test]
fn new_pages_build_with_drafts_and_stay_out_without() {
    let site = initialized();
    for path in ["guides/foam-rolling", "services/hot-stone", "about"] {
        new_page(&site, path).unwrap();
    }
    site.build_ok();
    assert!(!site.exists("guides/foam-rolling/index.html"));
    let site = site.with(|o| o.drafts = true);
    let report = site.build_ok();
    // The TODOs of the archetypes are not reported on drafts, which are not published.
    let new_pages = ["guides/foam-rolling.md", "services/hot-stone.md", "about.md"];
    let (from_config, from_pages): (Vec<_>, Vec<_>) =
        report.warnings.iter().partition(|w| w.file.ends_with("site.yaml"));
    // site.yaml of `knead init` leaves the clinic facts unset and links reviews by a search.
    assert_eq!(
        from_config.iter().map(|w| w.message.as_str()).collect::<Vec<_>>(),
        [
            "clinic facts not set yet, so the theme leaves them out: telephone, email, street address, city, \
             postal code, opening hours, booking link, team",
            "links.reviews is a Google Maps search by name, which can show other businesses",
        ]
    );
    assert!(
        from_pages.iter().all(|w| w.message.starts_with("orphan page")
            || (w.message.starts_with("placeholder text") && !new_pages.iter().any(|p| w.file.ends_with(p)))),
        "{from_pages:?}"
    );
    for (out, title) in [
        ("guides/foam-rolling/index.html", "Foam Rolling"),
        ("services/hot-stone/index.html", "Hot Stone"),
        ("about/index.html", "About"),
    ] {
        assert_eq!(texts(&site.html(out), "h1"), [title], "{out}");
    }
    assert!(
        site.read("guides/foam-rolling/index.html")
            .contains("not medical advice")
    );
}

#[test]
fn cli_new_prints_the_created_path() {
    let site = initialized();
    let before = chrono::Local::now().date_naive();
    let out = knead()
        .current_dir(site.root())
        .args(["new", "guides/foam-rolling"])
        .output()
        .unwrap();
    let after = chrono::Local::now().date_naive();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "created content/guides/foam-rolling.md\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("note: content/guides/_index.md does not exist"),
        "{stderr}"
    );
    let text = read(site.root(), "content/guides/foam-rolling.md");
    assert!(
        [before, after]
            .iter()
            .any(|d| text.contains(&format!("\ndate: {}\n", d.format("%Y-%m-%d")))),
        "{text}"
    );
    knead()
        .args(["build", "--drafts", "--root"])
        .arg(site.root())
        .assert()
        .success();
    assert!(site.exists("guides/foam-rolling/index.html"));
}

/// The note and the warning a starter site gets until its owner fills in the clinic facts of
/// `site.yaml` (see [`fill_clinic_facts`]), as `knead check` prints them (`shown` is how
/// `site.yaml` is shown).
pub fn unset_facts_messages(shown: &str) -> [String; 2] {
    [
        format!(
            "{shown}:11:1: note: clinic facts not set yet, so the theme leaves them out: telephone, email, street \
             address, city, postal code, opening hours, booking link, team\n  \
             help: fill them in under `clinic:`, `links:` and `team:` in site.yaml once they are known"
        ),
        format!(
            "{shown}:42:12: warning: links.reviews is a Google Maps search by name, which can show other businesses\n  \
             help: link the clinic's own reviews: open the clinic's Google Business Profile, choose \"Ask for \
             reviews\" (or Share on its Reviews tab) and paste the link it gives (https://g.page/r/…/review)"
        ),
    ]
}

/// Fills in the clinic facts of the starter site's `site.yaml`, as the owner does before
/// publishing: test values, not a real clinic's.
pub fn fill_clinic_facts(site: &TestSite) {
    let yaml = read(site.root(), "site.yaml");
    let filled = yaml
        .replace("telephone: null", "telephone: \"+1-555-555-0100\"")
        .replace("email: null", "email: \"desk@clinic.example\"")
        .replace("street: null", "street: \"1 Test Street\"")
        .replace("locality: null", "locality: \"Springfield\"")
        .replace("postal_code: null", "postal_code: \"00000\"")
        .replace("  opening_hours: []", "  opening_hours: [\"Mo-Fr 09:00-17:00\"]")
        .replace(
            "reviews: \"https://www.google.com/maps/search/?api=1&query=My+Clinic\"",
            "reviews: \"https://g.page/r/test/review\"",
        )
        .replace("booking: null", "booking: \"https://booking.example/my-clinic\"")
        .replace("team: []", "team: [{id: test-person, name: \"Test Person\"}]");
    assert!(
        !filled.contains("maps/search/?api=1&query=My+Clinic\"\n  booking"),
        "{filled}"
    );
    std::fs::write(site.root().join("site.yaml"), filled).unwrap();
}

/// Replaces the example text of the starter site's pages, as the owner does before publishing.
pub fn replace_placeholder_text(site: &TestSite) {
    for rel in ["content/_index.md", "content/contact.md", "content/services/massage.md"] {
        let text = read(site.root(), rel);
        assert!(text.contains(knead::load::placeholders::STARTER_MARKER), "{rel}");
        let own = text.replace(knead::load::placeholders::STARTER_MARKER, "We wrote this ourselves");
        std::fs::write(site.root().join(rel), own).unwrap();
    }
}

#[test]
fn init_site_builds_and_check_fails_until_the_placeholder_text_is_replaced() {
    let site = initialized();
    let report = site.build_ok();
    assert_eq!((report.stats.pages, report.stats.sections), (2, 2));
    for (out, h1) in [
        (
            "index.html",
            "Massage and recovery care for everyday aches and active lives",
        ),
        ("services/index.html", "Our Services"),
        ("services/massage/index.html", "Massage"),
        ("contact/index.html", "Contact and Booking"),
    ] {
        assert_eq!(texts(&site.html(out), "h1"), [h1], "{out}");
    }
    assert!(
        site.read("index.html")
            .contains("https://www.google.com/maps/search/?api=1&amp;query=My+Clinic")
    );
    let help = "  help: write your own text in its place; until then `knead check` and `knead build --strict` fail";
    let placeholders = [
        format!(
            "{}:9:1: warning: placeholder text to replace before publishing: \"This is placeholder text: edit `content/_index.md` to tell v…\"\n{help}",
            site.shown("content/_index.md")
        ),
        format!(
            "{}:7:33: warning: placeholder text to replace before publishing: \"This is placeholder text: edit `content/contact.md` to add h…\"\n{help}",
            site.shown("content/contact.md")
        ),
        format!(
            "{}:12:46: warning: placeholder text to replace before publishing: \"This is placeholder text: edit\"\n{help}",
            site.shown("content/services/massage.md")
        ),
    ];
    let facts = unset_facts_messages(&site.shown("site.yaml"));
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, [&placeholders[..], &facts[..]].concat());

    let out = knead().args(["check", "--root"]).arg(site.root()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let errors: Vec<String> = placeholders
        .iter()
        .map(|w| w.replacen(": warning: ", ": error: ", 1))
        .collect();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("{}\n{}\nerror: 3 problems found\n", errors.join("\n"), facts.join("\n"))
    );

    replace_placeholder_text(&site);
    let warnings: Vec<String> = site.build_ok().warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, facts, "the clinic facts are still to fill in");
    fill_clinic_facts(&site);
    assert!(site.build_ok().warnings.is_empty());
    let out = knead().args(["check", "--root"]).arg(site.root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "checked 2 pages: no errors, 0 warnings\n"
    );
}

#[test]
fn init_home_page_names_each_heading_once_and_shows_services_before_the_about_text() {
    let site = initialized();
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(texts(&home, ".brand"), ["My Clinic"]);
    let h1 = texts(&home, "h1");
    assert_eq!(h1.len(), 1);
    assert_ne!(h1[0], "My Clinic", "the header already names the clinic");
    let headings = texts(&home, "h1, h2, h3");
    for (i, heading) in headings.iter().enumerate() {
        let again = headings[i + 1..].iter().find(|h| h.eq_ignore_ascii_case(heading));
        assert!(again.is_none(), "{heading:?} twice in {headings:?}");
    }
    let at = |heading: &str| headings.iter().position(|h| h == heading).unwrap();
    assert!(at("Our services") < at("About the clinic"), "{headings:?}");
    assert_eq!(texts(&home, "#home-services ~ .cards h3"), ["Massage"]);
    let lead = texts(&home, ".hero .lead");
    assert_eq!(lead.len(), 1);
    let about = texts(&home, ".about .content").concat();
    assert!(!about.contains(&lead[0]), "the lead is said once: {about}");
}

#[test]
fn cli_init_writes_placeholders_and_prints_next_steps() {
    let parent = tempfile::tempdir().unwrap();
    let out = knead()
        .current_dir(parent.path())
        .args(["init", "sunrise", "--name", "Sunrise Wellness"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("created a new site in sunrise:\n  sunrise/site.yaml\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  1. fill in the PLACEHOLDER values in sunrise/site.yaml\n     and replace the placeholder text of \
             the pages in sunrise/content/ (`knead check --root sunrise` lists where it is)\n  2. knead build --root sunrise\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("knead new services/another-service --root sunrise\n"),
        "{stdout}"
    );
    let root = parent.path().join("sunrise");
    let yaml = read(&root, "site.yaml");
    for line in [
        "title: \"Sunrise Wellness\"\n",
        "theme: clinic\n",
        "  telephone: null # PLACEHOLDER: ",
        "  reviews: \"https://www.google.com/maps/search/?api=1&query=Sunrise+Wellness\"\n",
        "  booking: null\n",
        "    url: \"@/services/_index.md\"\n",
        "    url: \"@/contact.md\"\n",
    ] {
        assert!(yaml.contains(line), "{line:?} missing in {yaml}");
    }
    assert!(!root.join("themes").exists(), "the bundled theme is used");
    let out = knead().args(["build", "--root"]).arg(&root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .ends_with("/sunrise/public (4 warnings, -v shows them)\n"),
        "the starter pages' placeholder text and the reviews link searching by name"
    );
}

#[test]
fn init_refuses_a_directory_that_is_not_empty() {
    let site = TestSite::empty().file("notes.txt", "keep me");
    let out = knead().args(["init"]).arg(site.root()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {} is not empty\n  help: knead init never overwrites files: choose a new directory, e.g. `knead init my-clinic`\n",
            site.root().display()
        )
    );
    assert!(!site.root().join("site.yaml").exists());
    assert_eq!(read(site.root(), "notes.txt"), "keep me");
    let repo = TestSite::empty().file(".git/HEAD", "ref: refs/heads/main\n");
    knead().args(["init"]).arg(repo.root()).assert().success();
    assert!(repo.root().join("site.yaml").exists());
}
