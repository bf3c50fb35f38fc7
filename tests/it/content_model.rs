//! Sections, pages, bundles, URLs, drafts, dates, ordering, pagination, tags, aliases, statics.

use crate::support::{TestSite, attrs, texts};

#[test]
fn pages_get_pretty_urls_in_nested_sections() {
    let site = TestSite::new()
        .page("services/_index.md", "title: Services", "")
        .page("services/deep-tissue.md", "title: Deep Tissue", "Firm pressure.")
        .page("services/sports/_index.md", "title: Sports", "")
        .page("services/sports/runners.md", "title: Runners", "For runners.")
        .page("about.md", "title: About", "Us.");
    let report = site.build_ok();
    assert_eq!((report.stats.pages, report.stats.sections), (3, 3));
    for out in [
        "index.html",
        "services/index.html",
        "services/deep-tissue/index.html",
        "services/sports/index.html",
        "services/sports/runners/index.html",
        "about/index.html",
    ] {
        assert!(site.exists(out), "missing {out}");
    }
    let doc = site.html("services/sports/runners/index.html");
    assert_eq!(texts(&doc, "h1"), ["Runners"]);
    assert_eq!(
        texts(&doc, "nav[aria-label=Breadcrumb] a"),
        ["Test Clinic", "Services", "Sports"]
    );
}

#[test]
fn bundles_copy_colocated_assets_beside_the_page_even_with_a_slug() {
    let site = TestSite::new()
        .page("guides/_index.md", "title: Guides", "")
        .page(
            "guides/foam/index.md",
            "title: Foam Rolling\nslug: foam-rolling",
            "![Roller](roller.gif)\n\n[notes](notes/plan.txt)",
        )
        .bytes("content/guides/foam/roller.gif", b"GIF89a fake")
        .file("content/guides/foam/notes/plan.txt", "plan");
    site.build_ok();
    assert_eq!(
        std::fs::read(site.public().join("guides/foam-rolling/roller.gif")).unwrap(),
        b"GIF89a fake"
    );
    assert_eq!(site.read("guides/foam-rolling/notes/plan.txt"), "plan");
    let doc = site.html("guides/foam-rolling/index.html");
    assert_eq!(attrs(&doc, ".content img", "src"), ["/guides/foam-rolling/roller.gif"]);
    assert!(attrs(&doc, ".content a", "href").contains(&"/guides/foam-rolling/notes/plan.txt".to_string()));
}

#[test]
fn a_file_beside_a_page_whose_name_ends_in_index_stays_where_it_is() {
    let site = TestSite::new()
        .page("guides/_index.md", "title: Guides", "")
        .page("guides/xindex.md", "title: X index", "[photo](x-photo.txt)")
        .file("content/guides/x-photo.txt", "photo");
    site.build_ok();
    assert_eq!(site.read("guides/x-photo.txt"), "photo");
    assert!(!site.exists("guides/xindex/-photo.txt"));
}

#[test]
fn slug_overrides_the_file_name() {
    let site = TestSite::new().page("old-name.md", "title: New\nslug: new-name", "");
    site.build_ok();
    assert!(site.exists("new-name/index.html"));
    assert!(!site.exists("old-name/index.html"));
}

#[test]
fn drafts_are_skipped_unless_asked_for() {
    let site = TestSite::new().page("wip.md", "title: WIP\ndraft: true", "");
    site.build_ok();
    assert!(!site.exists("wip/index.html"));
    let site = site.with(|o| o.drafts = true);
    site.build_ok();
    assert!(site.exists("wip/index.html"));
}

#[test]
fn future_pages_wait_for_their_date_unless_asked_for() {
    // The test sites' "today" is 2026-06-01.
    let site = TestSite::new()
        .page("today.md", "title: Today\ndate: 2026-06-01", "")
        .page("later.md", "title: Later\ndate: 2026-06-02T08:00:00-04:00", "");
    site.build_ok();
    assert!(site.exists("today/index.html"));
    assert!(!site.exists("later/index.html"));
    let site = site.with(|o| o.future = true);
    site.build_ok();
    assert!(site.exists("later/index.html"));
}

#[test]
fn pages_are_ordered_by_weight_then_newest_date_then_title() {
    let site = TestSite::new()
        .page("list/_index.md", "title: List", "")
        .page("list/b.md", "title: Bravo\ndate: 2026-01-01", "")
        .page("list/a.md", "title: Alpha\ndate: 2026-01-01", "")
        .page("list/new.md", "title: Newest\ndate: 2026-03-01", "")
        .page("list/heavy.md", "title: Weighted\nweight: 1\ndate: 2020-01-01", "");
    site.build_ok();
    let doc = site.html("list/index.html");
    assert_eq!(texts(&doc, "ol.listing a"), ["Weighted", "Newest", "Alpha", "Bravo"]);
}

#[test]
fn sort_by_date_puts_newest_first_regardless_of_weight() {
    let site = TestSite::new()
        .page("list/_index.md", "title: List\nsort_by: date", "")
        .page("list/old.md", "title: Old\nweight: 1\ndate: 2025-01-01", "")
        .page("list/new.md", "title: New\nweight: 2\ndate: 2026-01-01", "");
    site.build_ok();
    assert_eq!(texts(&site.html("list/index.html"), "ol.listing a"), ["New", "Old"]);
}

#[test]
fn listings_paginate_without_a_duplicate_first_page() {
    let mut site = TestSite::new().page("guides/_index.md", "title: Guides\npaginate_by: 2\nsort_by: title", "");
    for name in ["a", "b", "c", "d", "e"] {
        site = site.page(
            &format!("guides/{name}.md"),
            &format!("title: Guide {}", name.to_uppercase()),
            "",
        );
    }
    site.build_ok();
    assert_eq!(
        texts(&site.html("guides/index.html"), "ol.listing a"),
        ["Guide A", "Guide B"]
    );
    assert_eq!(
        texts(&site.html("guides/page/2/index.html"), "ol.listing a"),
        ["Guide C", "Guide D"]
    );
    assert_eq!(
        texts(&site.html("guides/page/3/index.html"), "ol.listing a"),
        ["Guide E"]
    );
    assert!(!site.exists("guides/page/1/index.html"));
    assert!(!site.exists("guides/page/4/index.html"));
    let page2 = site.html("guides/page/2/index.html");
    assert_eq!(attrs(&page2, "a[rel=prev]", "href"), ["/guides/"]);
    assert_eq!(attrs(&page2, "a[rel=next]", "href"), ["/guides/page/3/"]);
}

#[test]
fn tags_get_an_index_and_a_page_each() {
    let site = TestSite::new()
        .page("a.md", "title: A\ntags: [Deep Tissue, recovery]\ndate: 2026-01-02", "")
        .page("b.md", "title: B\ntags: [deep-tissue]\ndate: 2026-01-03", "");
    site.build_ok();
    let index = site.html("tags/index.html");
    assert_eq!(
        attrs(&index, "ul.terms a", "href"),
        ["/tags/deep-tissue/", "/tags/recovery/"]
    );
    // The term is named as the first page (by path) writes the tag, not the newest page.
    assert!(
        texts(&index, "ul.terms a")[0].starts_with("Deep Tissue"),
        "{:?}",
        texts(&index, "ul.terms a")
    );
    let term = site.html("tags/deep-tissue/index.html");
    assert_eq!(texts(&term, "ol.listing a"), ["B", "A"]);
    assert_eq!(texts(&site.html("tags/recovery/index.html"), "ol.listing a"), ["A"]);
    // Their descriptions count the pages, in the right number.
    for (out, description) in [
        ("tags/deep-tissue/index.html", "about Deep Tissue: 2 pages."),
        ("tags/recovery/index.html", "about Recovery: 1 page."),
    ] {
        assert_eq!(
            attrs(&site.html(out), "meta[name=description]", "content"),
            [format!("Guides and services of Test Clinic {description}")],
            "{out}"
        );
    }
}

#[test]
fn aliases_become_redirect_pages() {
    let site = TestSite::new().page(
        "services/deep.md",
        "title: Deep\naliases: [/old-deep/, /legacy/deep.html]",
        "",
    );
    site.build_ok();
    for out in ["old-deep/index.html", "legacy/deep.html"] {
        let doc = site.html(out);
        assert_eq!(
            attrs(&doc, "link[rel=canonical]", "href"),
            ["https://clinic.example/services/deep/"]
        );
        assert_eq!(
            attrs(&doc, "meta[http-equiv=refresh]", "content"),
            ["0; url=/services/deep/"]
        );
        assert_eq!(attrs(&doc, "meta[name=robots]", "content"), ["noindex"]);
    }
}

#[test]
fn a_404_page_is_written() {
    let site = TestSite::new();
    site.build_ok();
    let doc = site.html("404.html");
    assert_eq!(texts(&doc, "h1"), ["Not found"]);
    assert_eq!(attrs(&doc, "meta[name=robots]", "content"), ["noindex"]);
}

#[test]
fn site_static_files_override_the_theme_ones() {
    let site = TestSite::new()
        .file("themes/mine/templates/index.html", "home")
        .file("themes/mine/templates/404.html", "404")
        .file("themes/mine/static/style.css", "theme")
        .file("themes/mine/static/logo.svg", "<svg/>")
        .file("static/style.css", "site")
        .file("static/robots.txt", "User-agent: *")
        .file(
            "site.yaml",
            "title: T\nbase_url: https://clinic.example/\ntheme: mine\n",
        )
        .file("content/_index.md", "---\ntitle: T\n---\n");
    site.build_ok();
    assert_eq!(site.read("style.css"), "site");
    assert_eq!(site.read("logo.svg"), "<svg/>");
    assert_eq!(site.read("robots.txt"), "User-agent: *");
    assert_eq!(site.read("index.html"), "home");
}

#[test]
fn two_sources_for_one_url_name_both_files() {
    let site =
        TestSite::new()
            .page("services/deep.md", "title: A", "")
            .page("services/other.md", "title: B\nslug: deep", "");
    let errors = site.error_lines();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0],
        format!(
            "{}:3:7: error: `/services/deep/` is also the URL of {}",
            site.shown("content/services/other.md"),
            site.shown("content/services/deep.md")
        )
    );
}

#[test]
fn a_page_and_a_bundle_with_the_same_name_collide() {
    let site = TestSite::new()
        .page("x.md", "title: A", "")
        .page("x/index.md", "title: B", "");
    let errors = site.error_lines();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("`/x/` is also the URL of"), "{}", errors[0]);
}

#[test]
fn sections_without_index_file_still_publish_their_pages() {
    let site = TestSite::new().page("notes/one.md", "title: One", "");
    site.build_ok();
    assert!(site.exists("notes/one/index.html"));
}
