//! Theme templates: selection per page and section, error reporting, the bundled theme.

use crate::support::{TestSite, attrs, texts};

#[test]
fn page_template_overrides_and_section_defaults() {
    let site = TestSite::new()
        .file(
            "themes/probe/templates/service.html",
            "{% extends \"page.html\" %}{% block main %}<h1 id=\"svc\">{{ page.title }}</h1>{% endblock %}",
        )
        .file(
            "themes/probe/templates/special.html",
            "<p id=\"special\">{{ page.title }}</p>",
        )
        .page("services/_index.md", "title: Services\npage_template: service.html", "")
        .page("services/a.md", "title: A", "")
        .page("services/b.md", "title: B\ntemplate: special.html", "")
        .page("other.md", "title: Other", "");
    site.build_ok();
    assert_eq!(texts(&site.html("services/a/index.html"), "#svc"), ["A"]);
    assert_eq!(texts(&site.html("services/b/index.html"), "#special"), ["B"]);
    assert_eq!(texts(&site.html("other/index.html"), "#template"), ["page"]);
}

#[test]
fn missing_template_points_at_the_front_matter_line() {
    let site = TestSite::new().page("x.md", "title: X\ntemplate: pgae.html", "");
    let errors = site.errors();
    assert_eq!(errors.len(), 1);
    let first = errors[0].lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "{}:3:11: error: template `pgae.html` not found",
            site.shown("content/x.md")
        )),
        "{first}"
    );
    assert!(first.ends_with("(did you mean `page.html`?)"), "{first}");
}

#[test]
fn template_errors_name_template_line_and_page() {
    let site = TestSite::new().file(
        "themes/probe/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}\n<h1>{{ page.title }}</h1>\n{{ page.nope.deeper }}\n{% endblock %}",
    );
    let site = site.page("x.md", "title: X", "");
    let lines = site.error_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let expected_prefix = format!("{}:3:", site.shown("themes/probe/templates/page.html"));
    assert!(lines[0].starts_with(&expected_prefix), "{}", lines[0]);
    assert!(
        lines[0].ends_with(&format!("(while rendering {})", site.shown("content/x.md"))),
        "{}",
        lines[0]
    );
}

#[test]
fn one_template_bug_on_many_pages_is_reported_once() {
    let site = TestSite::new()
        .file(
            "themes/probe/templates/page.html",
            "{% extends \"base.html\" %}{% block main %}\n{{ page.nope.deeper }}\n{% endblock %}",
        )
        .page("a.md", "title: A", "")
        .page("b.md", "title: B", "")
        .page("c.md", "title: C", "");
    let lines: Vec<String> = site
        .error_lines()
        .into_iter()
        .filter(|l| l.contains(": error:"))
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].ends_with(&format!(
            "(while rendering {}) and 2 more pages",
            site.shown("content/a.md")
        )),
        "{}",
        lines[0]
    );
}

#[test]
fn template_syntax_errors_are_reported_before_rendering() {
    let site = TestSite::new().file("themes/probe/templates/page.html", "{% if %}\n");
    let lines = site.error_lines();
    assert!(
        lines[0].starts_with(&format!("{}:1:", site.shown("themes/probe/templates/page.html"))),
        "{}",
        lines[0]
    );
}

#[test]
fn unknown_theme_is_an_error_with_suggestion() {
    let site = TestSite::new().file("site.yaml", "title: T\nbase_url: https://x.org/\ntheme: prboe\n");
    let lines = site.error_lines();
    assert_eq!(
        lines,
        [format!(
            "{}: error: theme `prboe` not found: no directory themes/prboe (did you mean `probe`?)",
            site.shown("site.yaml")
        )]
    );
}

#[test]
fn unknown_named_link_in_a_template_fails_the_build() {
    let site = TestSite::new().file("themes/probe/templates/404.html", "{{ link(name='nope') }}");
    let errors = site.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("no such named link") && e.contains("404.html")),
        "{errors:?}"
    );
}

#[test]
fn bundled_theme_renders_every_page_type() {
    let site = TestSite::bundled_theme()
        .file(
            "site.yaml",
            "title: Test Clinic\nbase_url: https://clinic.example/\nlinks:\n  reviews: https://maps.example/r\n  booking: \"@/book.md\"\nmenu:\n  - name: Guides\n    url: \"@/guides/_index.md\"\n",
        )
        .page("guides/_index.md", "title: Guides\npaginate_by: 1", "All guides.")
        .page("guides/a.md", "title: Guide A\ndate: 2026-01-01\ntags: [recovery]\nauthor: Team\nreviewed_by: Clinician", "## Part\n\nText.")
        .page("guides/b.md", "title: Guide B\ndate: 2026-01-02", "Text.")
        .page("book.md", "title: Book\nfaq:\n  - q: How long?\n    a: An hour.", "Call us.");
    site.build_ok();
    for (out, h1) in [
        ("index.html", "Test Clinic"),
        ("guides/index.html", "Guides"),
        ("guides/page/2/index.html", "Guides"),
        ("guides/a/index.html", "Guide A"),
        ("book/index.html", "Book"),
        ("tags/index.html", ""),
        ("tags/recovery/index.html", ""),
        ("404.html", ""),
    ] {
        let doc = site.html(out);
        let h1s = texts(&doc, "h1");
        assert_eq!(h1s.len(), 1, "{out}: {h1s:?}");
        if !h1.is_empty() {
            assert!(h1s[0].contains(h1), "{out}: {h1s:?}");
        }
        assert_eq!(attrs(&doc, "html", "lang"), ["en"], "{out}");
    }
    let book = site.read("book/index.html");
    assert!(book.contains("How long?") && book.contains("An hour."));
    let all_hrefs = attrs(&site.html("guides/a/index.html"), "a", "href");
    assert!(all_hrefs.contains(&"/book/".to_string()), "{all_hrefs:?}");
    assert!(
        all_hrefs.contains(&"https://maps.example/r".to_string()),
        "{all_hrefs:?}"
    );
}

#[test]
fn bundled_theme_leaves_out_buttons_for_links_the_site_does_not_have() {
    let site = TestSite::bundled_theme()
        .page("services/_index.md", "title: Services", "")
        .page(
            "services/a.md",
            "title: A\nfaq:\n  - q: Q?\n    a: A.",
            "[home](@/_index.md)",
        );
    site.build_ok();
    for page in ["index.html", "services/a/index.html", "404.html"] {
        let html = site.read(page);
        assert!(
            !html.contains(">Book"),
            "{page} has a Book button without a booking link"
        );
        assert!(!html.contains("Read our reviews"), "{page}");
    }
    let with_reviews = site.file(
        "site.yaml",
        "title: Test Clinic\nbase_url: https://clinic.example/\nlinks:\n  reviews: https://maps.example/r\n",
    );
    with_reviews.build_ok();
    let home = with_reviews.html("index.html");
    assert!(crate::support::attrs(&home, "a", "href").contains(&"https://maps.example/r".to_string()));
    assert!(!with_reviews.read("index.html").contains(">Book"));
}

#[test]
fn bundled_theme_shows_tag_titles_as_configured() {
    let site = TestSite::bundled_theme()
        .file(
            "site.yaml",
            "title: Test Clinic\nbase_url: https://clinic.example/\ntag_titles:\n  mld: MLD therapy\n",
        )
        .page("guides/_index.md", "title: Guides", "")
        .page(
            "guides/a.md",
            "title: Guide A\ndate: 2026-01-01\ntags: [mld, deep-tissue]",
            "Text.",
        );
    site.build_ok();
    assert_eq!(
        texts(&site.html("guides/a/index.html"), "p.tags a"),
        ["MLD therapy", "Deep tissue"]
    );
    let term = site.html("tags/mld/index.html");
    assert_eq!(texts(&term, "h1"), ["Topic: MLD therapy"]);
    assert_eq!(texts(&term, "nav.crumbs [aria-current]"), ["MLD therapy"]);
    let index = texts(&site.html("tags/index.html"), "ul.pills a");
    assert!(index.iter().any(|t| t.starts_with("MLD therapy")), "{index:?}");
}

#[test]
fn a_loop_over_a_map_goes_through_its_keys_in_order_on_every_build() {
    let site = TestSite::new()
        .file(
            "themes/probe/templates/page.html",
            "<p id=\"keys\">{% for key, value in page.extra %}{{ key }}={{ value }};{% endfor %}</p>",
        )
        .page(
            "x.md",
            "title: X\nextra:\n  zeta: 8\n  eta: 3\n  alpha: 1\n  theta: 7\n  beta: 2\n  iota: 4\n  kappa: 5\n  mu: 6",
            "",
        );
    site.build_ok();
    assert_eq!(
        texts(&site.html("x/index.html"), "#keys"),
        ["alpha=1;beta=2;eta=3;iota=4;kappa=5;mu=6;theta=7;zeta=8;"]
    );
}

#[test]
fn the_bundled_footer_shows_the_same_on_every_page() {
    let site = TestSite::bundled_theme()
        .file(
            "site.yaml",
            "title: Test Clinic\nbase_url: https://clinic.example/\nmenu:\n  - { name: Guides, url: \"@/guides/_index.md\" }\n",
        )
        .page("guides/_index.md", "title: Guides", "")
        .page("guides/a.md", "title: Guide A\ndate: 2026-01-01", "Text.")
        .page("b.md", "title: Page B", "Text.");
    site.build_ok();
    let footer = |out: &str| {
        let doc = site.html(out);
        let selector = scraper::Selector::parse("footer.site-footer").unwrap();
        doc.select(&selector).map(|f| f.html()).collect::<Vec<_>>()
    };
    let first = footer("guides/a/index.html");
    assert_eq!(first.len(), 1);
    assert!(
        first[0].contains("Explore") && first[0].contains("href=\"/guides/\""),
        "{first:?}"
    );
    assert_eq!(footer("b/index.html"), first);
    assert_eq!(footer("index.html"), first);
}

#[test]
fn the_bundled_theme_shows_no_empty_booking_buttons_without_a_way_to_book() {
    let site = TestSite::bundled_theme()
        .file("site.yaml", "title: Test Clinic\nbase_url: https://clinic.example/\n")
        .page("b.md", "title: Page B", "Text.");
    site.build_ok();
    for out in ["index.html", "b/index.html", "404.html"] {
        let doc = site.html(out);
        assert_eq!(texts(&doc, ".brand"), ["Test Clinic"], "{out}");
        assert!(texts(&doc, "nav.quickbar, .site-header .actions").is_empty(), "{out}");
        assert!(attrs(&doc, "body", "class").is_empty(), "{out}");
    }
}

#[test]
fn included_partials_see_the_page_the_including_template_and_the_site() {
    let site = TestSite::new()
        .file(
            "themes/probe/templates/page.html",
            "{% set who = page.title %}<p id=\"a\">{% include \"mine.html\" %}</p><p id=\"b\">{% include \"theirs.html\" %}</p><p id=\"c\">{% include \"site.html\" %}</p>",
        )
        .file("themes/probe/templates/mine.html", "{{ page.title }}")
        .file("themes/probe/templates/theirs.html", "{{ who }}!")
        .file("themes/probe/templates/site.html", "{% set t = site.title %}{{ t }} &")
        .page("x.md", "title: X & Y", "")
        .page("z.md", "title: Z", "");
    site.build_ok();
    for (out, title) in [("x/index.html", "X & Y"), ("z/index.html", "Z")] {
        let doc = site.html(out);
        assert_eq!(texts(&doc, "#a"), [title]);
        assert_eq!(texts(&doc, "#b"), [format!("{title}!")]);
        assert_eq!(texts(&doc, "#c"), ["Test Clinic &"]);
    }
}
