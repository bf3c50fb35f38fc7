//! Every internal link form resolves to the right URL, and every broken one is reported with its
//! exact position and a suggestion.

use crate::support::{TestSite, attrs, fixtures};

fn with_broken() -> TestSite {
    let site = TestSite::fixture("links");
    std::fs::copy(
        fixtures().join("links-broken/broken.md"),
        site.root().join("content/guides/broken.md"),
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("links-broken/draft.md"),
        site.root().join("content/guides/draft.md"),
    )
    .unwrap();
    site
}

#[test]
fn valid_links_render_to_their_urls() {
    let site = TestSite::fixture("links");
    site.build_ok();
    let doc = site.html("guides/recovery/index.html");
    let hrefs = attrs(&doc, ".content a", "href");
    for expected in [
        "/services/deep-tissue-massage/",
        "/services/deep-tissue-massage/#who-it-helps",
        "/services/sports-massage/",
        "/services/",
        "/guides/recovery/#circulation",
        "/guides/recovery/photo.jpg",
        "https://reviews.example/link-clinic",
        "/contact/",
        "https://example.org/library",
    ] {
        assert!(hrefs.iter().any(|h| h == expected), "missing {expected} in {hrefs:?}");
    }
    // The photo is shown from its copies; its own name holds the largest, a JPEG.
    let src = attrs(&doc, ".content img", "src");
    assert!(
        src.iter().any(|s| s.starts_with("/guides/recovery/photo-64.")),
        "{src:?}"
    );
    let photo = std::fs::read(site.public().join("guides/recovery/photo.jpg")).unwrap();
    assert!(photo.starts_with(&[0xFF, 0xD8, 0xFF]));
}

#[test]
fn autolinks_link_the_first_plain_mention_only() {
    let site = TestSite::fixture("links");
    site.build_ok();
    let doc = site.html("guides/recovery/index.html");
    let auto: Vec<String> = crate::support::texts(&doc, ".content a[href=\"/services/deep-tissue-massage/\"]");
    assert_eq!(auto, ["deep tissue", "deep tissue massage"]);
    // The page never links to itself, and headings are never autolinked.
    let own = site.html("services/deep-tissue-massage/index.html");
    assert!(
        attrs(&own, ".content a", "href")
            .iter()
            .all(|h| h != "/services/deep-tissue-massage/")
    );
    let sports = site.html("services/sports-massage/index.html");
    assert!(attrs(&sports, ".content a", "href").contains(&"/services/deep-tissue-massage/".to_string()));
}

#[test]
fn every_broken_link_is_reported_with_position_and_suggestion() {
    let site = with_broken();
    let file = site.shown("content/guides/broken.md");
    let lines = site.error_lines();
    let expected = [
        format!(
            "{file}:4:3: error: link to `@/services/deep.md`: no such page (did you mean `@/services/deep-tissue-massage.md`?)"
        ),
        format!(
            "{file}:5:4: error: link to `@/services/deep-tissue-massage.md#who-it-help`: no heading `#who-it-help` on that page (did you mean `#who-it-helps`?)"
        ),
        format!(
            "{file}:6:3: error: link to `../services/sport-massage.md`: no such page (did you mean `@/services/sports-massage.md`?)"
        ),
        format!("{file}:7:3: error: link to `/servics/`: no page or file at this URL (did you mean `/services/`?)"),
        format!("{file}:8:3: error: link to `#nowhere`: no heading `#nowhere` on this page"),
        format!("{file}:9:3: error: link to `missing.pdf`: no such file in content/ (looked for `guides/missing.pdf`)"),
        format!("{file}:10:1: error: link to `nope.png`: no such file in content/ (looked for `guides/nope.png`)"),
        format!("{file}:11:3: error: link to `@reveiws`: no such named link (did you mean `@reviews`?)"),
        format!(
            "{file}:12:3: error: link to `@/guides/draft.md`: that page is not published because it is a draft (build with --drafts to include it)"
        ),
    ];
    assert_eq!(lines, expected);
    assert!(!site.public().exists(), "a failed build must not write output");
}

#[test]
fn a_base_url_with_a_path_prefix_prefixes_every_internal_link() {
    let site = TestSite::fixture("links").with(|o| o.base_url = Some("https://links.example/clinic/".into()));
    site.build_ok();
    let doc = site.html("guides/recovery/index.html");
    let hrefs = attrs(&doc, "a", "href");
    assert!(
        hrefs.contains(&"/clinic/services/deep-tissue-massage/#who-it-helps".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/clinic/guides/recovery/photo.jpg".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs
            .iter()
            .filter(|h| h.starts_with('/'))
            .all(|h| h.starts_with("/clinic/")),
        "{hrefs:?}"
    );
}

#[test]
fn related_pages_come_from_front_matter_then_shared_tags() {
    let site = TestSite::new()
        .file("themes/probe/templates/page.html", "{% for p in page.related %}<a class=\"rel\" href=\"{{ p.url }}\">{{ p.title }}</a>{% endfor %}{% for p in page.backlinks %}<a class=\"back\" href=\"{{ p.url }}\">{{ p.title }}</a>{% endfor %}{% for p in page.mentions %}<a class=\"svc\" href=\"{{ p.url }}\">{{ p.title }}</a>{% endfor %}")
        .page("services/_index.md", "title: Services", "")
        .page("services/a.md", "title: A\ntags: [x, y]\nrelated: [\"@/guides/c.md\"]", "")
        .page("services/b.md", "title: B\ntags: [x, y]\ndate: 2026-01-01", "")
        .page("guides/c.md", "title: C\ntags: [x]\ndate: 2026-01-02", "See [A](@/services/a.md) and [B](@/services/b.md).")
        .page("guides/d.md", "title: D\ntags: [x]\ndate: 2026-01-03", "");
    site.build_ok();
    let a = site.html("services/a/index.html");
    assert_eq!(crate::support::texts(&a, "a.rel"), ["C", "B", "D"]);
    assert_eq!(crate::support::texts(&a, "a.back"), ["C"]);
    // B has A's tags: the pages ranked for them are ranked once, each page leaving itself out.
    let b = site.html("services/b/index.html");
    assert_eq!(crate::support::texts(&b, "a.rel"), ["A", "D", "C"]);
    let c = site.html("guides/c/index.html");
    assert_eq!(crate::support::texts(&c, "a.svc"), ["A", "B"]);
}

#[test]
fn broken_links_in_site_yaml_point_at_their_line() {
    let site = TestSite::new().file(
        "site.yaml",
        &format!(
            "{}links:\n  booking: \"@/contact.md\"\nmenu:\n  - name: Guides\n    url: \"@/guid/_index.md\"\n",
            crate::support::SITE_YAML
        ),
    );
    let errors = site.error_lines();
    let file = site.shown("site.yaml");
    assert_eq!(
        errors,
        [
            format!("{file}:5:12: error: link to `@/contact.md`: no such page"),
            format!("{file}:8:10: error: link to `@/guid/_index.md`: no such page"),
        ]
    );
}

#[test]
fn a_percent_sign_before_a_multibyte_letter_in_a_link_is_a_broken_link_not_a_crash() {
    let site = TestSite::new().page(
        "a.md",
        "title: A",
        "<a href=\"/x%a\u{e9}\">x</a> and <a href=\"/b/%4\">y</a>",
    );
    let out = assert_cmd::Command::cargo_bin("knead")
        .unwrap()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    for link in ["`/x%a\u{e9}`", "`/b/%4`"] {
        assert!(errors.iter().any(|l| l.contains(link)), "{link}: {stderr}");
    }
    assert!(errors.iter().all(|l| l.contains("content/a.md")), "{stderr}");
}

#[test]
fn a_phrase_inside_raw_html_links_code_or_headings_is_not_autolinked() {
    let site = TestSite::new()
        .file(
            "site.yaml",
            &format!(
                "{}autolink:\n  massage: \"@/services/massage.md\"\n  stretching: \"@/services/stretching.md\"\n",
                crate::support::SITE_YAML
            ),
        )
        .page("services/_index.md", "title: Services", "")
        .page("services/massage.md", "title: Massage", "")
        .page("services/stretching.md", "title: Stretching", "")
        .page(
            "guides/a.md",
            "title: A",
            "Ask <a href=\"/services/\">our massage team</a>, see <code>stretching</code>.\n\n\
             <A HREF=\"/contact/\">\n\nA paragraph inside a raw link: massage, stretching.\n\n</A>\n\n\
             <h2>Massage</h2>\n\nThen massage and stretching are linked here.\n",
        )
        .page("contact.md", "title: Contact", "");
    site.build_ok();
    let doc = site.html("guides/a/index.html");
    let hrefs = attrs(&doc, ".content a", "href");
    assert_eq!(
        hrefs,
        ["/services/", "/contact/", "/services/massage/", "/services/stretching/"],
        "{}",
        site.read("guides/a/index.html")
    );
    assert_eq!(
        crate::support::texts(&doc, ".content a"),
        [
            "our massage team",
            "A paragraph inside a raw link: massage, stretching.",
            "massage",
            "stretching"
        ]
    );
}

#[test]
fn root_paths_to_pages_are_resolved_without_reading_every_file() {
    let site = TestSite::new()
        .page("a.md", "title: A", "")
        .page("b.md", "title: B", "");
    let (mut loaded, _) = knead::load_site(&site.options).unwrap();
    // A site with many files beside its pages, as `/b.md` links are looked for among them.
    let files = 100_000;
    loaded.assets.extend((0..files).map(|i| knead::load::model::Asset {
        rel: format!("photos/{i}.jpg"),
        out: format!("photos/{i}.jpg"),
        path: std::path::PathBuf::new(),
    }));
    let index = knead::resolve::links::LinkIndex::new(&loaded, Default::default());
    let from = &loaded.pages[0].source;
    for _ in 0..files {
        assert_eq!(index.href(from, "/b.md").as_deref(), Ok("/b/"));
    }
    assert_eq!(index.href(from, "/photos/7.jpg").as_deref(), Ok("/photos/7.jpg"));
}

#[test]
fn autolinks_follow_the_html_elements_a_browser_sees_open() {
    let site = TestSite::new()
        .file(
            "site.yaml",
            &format!("{}autolink:\n  massage: \"@/massage.md\"\n", crate::support::SITE_YAML),
        )
        .page("massage.md", "title: Massage", "")
        .page(
            "comment.md",
            "title: Comment",
            "<!--\n<a href=\"/old/\">\n-->\n\nAfter a comment, massage.\n",
        )
        .page(
            "script.md",
            "title: Script",
            "<script>\nlet link = \"<a>\";\n</script>\n\nAfter a script, massage.\n",
        )
        .page(
            "attribute.md",
            "title: Attribute",
            "<abbr title=\"<a> is a link\">HTML</abbr> then massage.\n",
        )
        .page(
            "unclosed.md",
            "title: Unclosed",
            "An <a href=\"https://example.org/\">unclosed link.\n\nA new paragraph: massage.\n",
        )
        .page(
            "stray.md",
            "title: Stray",
            "<code>a</a> massage</code>\n\nOutside the code: massage.\n",
        );
    site.build_ok();
    for page in ["comment", "script", "attribute", "unclosed"] {
        let doc = site.html(&format!("{page}/index.html"));
        assert_eq!(
            crate::support::texts(&doc, ".content a[href=\"/massage/\"]"),
            ["massage"],
            "{page}: {}",
            site.read(&format!("{page}/index.html"))
        );
    }
    let doc = site.html("stray/index.html");
    assert_eq!(crate::support::texts(&doc, ".content code"), ["a massage"]);
    assert_eq!(
        crate::support::texts(&doc, ".content p:last-child a[href=\"/massage/\"]"),
        ["massage"],
        "a stray `</a>` does not end the code: {}",
        site.read("stray/index.html")
    );
}

#[test]
fn ids_written_in_raw_html_are_link_targets_as_a_browser_reads_them() {
    let site = TestSite::new().page(
        "p.md",
        "title: P",
        "<DIV ID=\"upper\"></DIV> <span id=bare>x</span>\n\n<div\nid=\"next-line\" class=\"a\">\n</div>\n\n\
         <p id=\"fish&amp;chips\">x</p>\n\n[a](#upper) [b](#bare) [c](#next-line) [d](#fish&chips)\n",
    );
    site.build_ok();
    let hidden = TestSite::new().page(
        "p.md",
        "title: P",
        "<!-- <div id=\"hidden\"></div> -->\n\n<script>let s = '<b id=\"quoted\">';</script>\n\n\
         [a](#hidden) [b](#quoted)\n",
    );
    let errors = hidden.error_lines();
    let p = hidden.shown("content/p.md");
    assert_eq!(
        errors,
        [
            format!("{p}:8:1: error: link to `#hidden`: no heading `#hidden` on this page"),
            format!("{p}:8:14: error: link to `#quoted`: no heading `#quoted` on this page"),
        ]
    );
}
