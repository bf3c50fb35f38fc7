//! Sitemap, robots.txt, feeds, the SEO head and JSON-LD, read back with an XML parser and
//! serde_json, on the `clinic-mini` fixture built with the bundled theme.

use crate::support::{TestSite, attrs, texts};
use serde_json::Value;

const SITE_WITH_FACTS: &str = r#"title: "Mini Clinic"
description: "A small clinic site used by knead's tests: services, guides, a bundle with an image."
base_url: "https://mini.example/clinic/"
clinic:
  telephone: "+1-410-555-0100"
  address:
    street: "1 Test Street"
    locality: "Baltimore"
    region: "MD"
    postal_code: "21201"
    country: "US"
  geo: { latitude: 39.29, longitude: -76.61 }
  opening_hours: ["Mo-Fr 09:00-18:00"]
links:
  reviews: "https://maps.example/?q=mini+clinic"
  booking: "https://book.example/mini"
menu:
  - name: Services
    url: "@/services/_index.md"
  - name: Guides
    url: "@/guides/_index.md"
"#;

fn site() -> TestSite {
    TestSite::fixture("clinic-mini")
}

fn xml_texts(xml: &str, tag: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"));
    doc.descendants()
        .filter(|n| n.tag_name().name() == tag)
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn sitemap_lists_every_indexable_page_with_lastmod() {
    let site = site()
        .page("hidden.md", "title: Hidden\nnoindex: true", "[home](@/_index.md)")
        .page("guides/soon.md", "title: Soon\ndraft: true\ndate: 2026-01-01", "");
    site.build_ok();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut locs = xml_texts(&xml, "loc");
    locs.sort();
    let expected: Vec<String> = [
        "",
        "contact/",
        "guides/",
        "guides/foam-rolling/",
        "guides/page/2/",
        "guides/sleep/",
        "services/",
        "services/deep-tissue/",
        "services/stretch/",
        "tags/",
        "tags/deep-tissue/",
        "tags/recovery/",
        "tags/stretching/",
    ]
    .iter()
    .map(|p| format!("https://mini.example/{p}"))
    .collect();
    assert_eq!(locs, expected, "no drafts, noindex pages, aliases or 404");
    let lastmod_of = |loc: &str| {
        root.children()
            .filter(|n| n.is_element())
            .find(|url| url.children().any(|c| c.text() == Some(loc)))
            .and_then(|url| url.children().find(|c| c.tag_name().name() == "lastmod"))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(
        lastmod_of("https://mini.example/guides/foam-rolling/").as_deref(),
        Some("2026-03-01")
    );
    assert_eq!(
        lastmod_of("https://mini.example/guides/sleep/").as_deref(),
        Some("2026-01-15")
    );
    assert_eq!(
        lastmod_of("https://mini.example/guides/").as_deref(),
        Some("2026-03-01")
    );
    assert_eq!(lastmod_of("https://mini.example/contact/"), None);
}

#[test]
fn robots_names_the_sitemap_unless_the_site_ships_its_own() {
    let site = site().with(|o| o.base_url = Some("https://mini.example/clinic/".into()));
    site.build_ok();
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://mini.example/clinic/sitemap.xml\n"
    );
    assert!(
        xml_texts(&site.read("sitemap.xml"), "loc")
            .iter()
            .all(|l| l.starts_with("https://mini.example/clinic/"))
    );
    let own = site.file("static/robots.txt", "User-agent: *\nDisallow: /private/\n");
    own.build_ok();
    assert_eq!(own.read("robots.txt"), "User-agent: *\nDisallow: /private/\n");
}

#[test]
fn feeds_are_valid_absolute_and_linked_from_every_page() {
    let site = site()
        .file("content/guides/_index.md", "---\ntitle: Guides\ndescription: \"Guides on recovery, foam rolling and stretching from the mini clinic's therapists.\"\nsort_by: date\npaginate_by: 1\nfeed: true\n---\n")
        .with(|o| o.base_url = Some("https://mini.example/clinic/".into()));
    site.build_ok();
    let atom = site.read("guides/atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap();
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    assert_eq!(
        xml_texts(&atom, "id"),
        [
            "https://mini.example/clinic/guides/",
            "https://mini.example/clinic/guides/foam-rolling/",
            "https://mini.example/clinic/guides/sleep/",
        ],
        "feed id, then entries newest first"
    );
    assert_eq!(
        xml_texts(&atom, "updated"),
        [
            "2026-03-01T00:00:00+00:00",
            "2026-03-01T00:00:00+00:00",
            "2026-01-15T00:00:00+00:00"
        ]
    );
    let content = xml_texts(&atom, "content");
    assert_eq!(content.len(), 2, "full content by default");
    assert!(
        content[0].contains("src=\"https://mini.example/clinic/guides/foam-rolling/roller.svg\""),
        "links inside entries are absolute: {}",
        content[0]
    );
    let rss = site.read("guides/rss.xml");
    let links: Vec<String> = xml_texts(&rss, "link").into_iter().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        links,
        [
            "https://mini.example/clinic/guides/",
            "https://mini.example/clinic/guides/foam-rolling/",
            "https://mini.example/clinic/guides/sleep/",
        ]
    );
    let dates = xml_texts(&rss, "pubDate");
    assert_eq!(
        dates,
        ["Sun, 01 Feb 2026 00:00:00 +0000", "Thu, 15 Jan 2026 00:00:00 +0000"]
    );
    for dated in &dates {
        chrono::DateTime::parse_from_rfc2822(dated).unwrap();
    }
    for page in [
        "index.html",
        "services/stretch/index.html",
        "tags/index.html",
        "guides/page/2/index.html",
    ] {
        let doc = site.html(page);
        assert_eq!(
            attrs(&doc, "link[rel=alternate]", "href"),
            ["/clinic/guides/atom.xml", "/clinic/guides/rss.xml"],
            "{page}"
        );
    }
    let summary = site.file("site.yaml", &format!("{}feed_content: summary\n", SITE_WITH_FACTS));
    summary.build_ok();
    let atom = summary.read("guides/atom.xml");
    assert!(xml_texts(&atom, "content").is_empty());
    assert_eq!(xml_texts(&atom, "summary").len(), 2);
}

#[test]
fn a_page_names_the_feeds_of_its_section_and_pages_without_one_name_every_feed() {
    let guides = "/clinic/guides/atom.xml /clinic/guides/rss.xml";
    let news = "/clinic/news/atom.xml /clinic/news/rss.xml";
    let site = site()
        .file("content/guides/_index.md", "---\ntitle: Guides\ndescription: \"Guides on recovery, foam rolling and stretching from the mini clinic's therapists.\"\nsort_by: date\nfeed: true\n---\n")
        .file("content/news/_index.md", "---\ntitle: News\ndescription: \"News of the mini clinic: new services, opening times and the team.\"\nfeed: true\n---\n")
        .page("news/opening.md", "title: New Opening Hours\ndate: 2026-03-01", "We now open on Saturdays. [Services](@/services/_index.md)")
        .with(|o| o.base_url = Some("https://mini.example/clinic/".into()));
    site.build_ok();
    let feeds = |page: &str| attrs(&site.html(page), "link[rel=alternate]", "href").join(" ");
    assert_eq!(feeds("guides/sleep/index.html"), guides);
    assert_eq!(feeds("guides/index.html"), guides);
    assert_eq!(feeds("news/opening/index.html"), news);
    for page in [
        "index.html",
        "services/stretch/index.html",
        "tags/index.html",
        "404.html",
    ] {
        assert_eq!(feeds(page), format!("{guides} {news}"), "{page}");
    }
}

#[test]
fn head_has_title_description_canonical_and_social_cards() {
    let long = "Long words of a generous first paragraph keep going. ".repeat(6);
    let site = site()
        .page("plain.md", "title: Plain Page", &format!("{long}\n\n[home](@/_index.md)"))
        .page("secret.md", "title: Secret\ndescription: \"A page that asks search engines not to index it, for testing.\"\nnoindex: true", "");
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(texts(&home, "title"), ["Mini Clinic"]);
    assert_eq!(attrs(&home, "html", "lang"), ["en"]);
    let page = site.html("plain/index.html");
    assert_eq!(texts(&page, "title"), ["Plain Page | Mini Clinic"]);
    let description = attrs(&page, "meta[name=description]", "content").remove(0);
    assert!(description.chars().count() <= 160, "{description}");
    assert!(description.ends_with('…'), "{description}");
    assert!(long.starts_with(description.trim_end_matches('…')));
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://mini.example/plain/"]
    );
    assert_eq!(attrs(&page, "meta[property='og:type']", "content"), ["article"]);
    assert_eq!(
        attrs(&page, "meta[property='og:url']", "content"),
        ["https://mini.example/plain/"]
    );
    assert_eq!(
        attrs(&page, "meta[property='og:site_name']", "content"),
        ["Mini Clinic"]
    );
    assert_eq!(
        attrs(&page, "meta[property='og:title']", "content"),
        ["Plain Page | Mini Clinic"]
    );
    assert_eq!(attrs(&page, "meta[name='twitter:card']", "content"), ["summary"]);
    assert!(attrs(&page, "meta[name=robots]", "content").is_empty());
    let secret = site.html("secret/index.html");
    assert_eq!(attrs(&secret, "meta[name=robots]", "content"), ["noindex"]);
}

/// The JSON-LD graph of an output page, parsed.
fn graph(site: &TestSite, page: &str) -> Vec<Value> {
    let doc = site.html(page);
    let scripts = texts(&doc, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1, "one JSON-LD block in {page}");
    let value: Value = serde_json::from_str(&scripts[0]).unwrap();
    assert_eq!(value["@context"], "https://schema.org");
    value["@graph"].as_array().unwrap().clone()
}

fn node<'g>(graph: &'g [Value], kind: &str) -> &'g Value {
    graph
        .iter()
        .find(|n| n["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {graph:?}"))
}

fn types(graph: &[Value]) -> Vec<&str> {
    graph.iter().map(|n| n["@type"].as_str().unwrap()).collect()
}

/// The fixture with clinic facts set and a reviewed guide.
fn site_with_facts() -> TestSite {
    site()
        .file("site.yaml", SITE_WITH_FACTS)
        .file("content/guides/sleep.md", "---\ntitle: \"Sleep and Recovery\"\ndescription: \"Why sleep matters for muscle recovery and three habits that help you sleep better.\"\ndate: 2026-01-15\nupdated: 2026-04-02\nauthor: Ana Author\nreviewed_by: Rita Reviewer\ntags: [recovery]\n---\nSleep well. See [deep tissue](@/services/deep-tissue.md).\n")
}

#[test]
fn json_ld_describes_the_clinic_with_the_facts_that_are_set() {
    let site = site_with_facts();
    site.build_ok();
    let home = graph(&site, "index.html");
    assert_eq!(types(&home), ["HealthAndBeautyBusiness", "WebSite", "WebPage"]);
    let clinic = node(&home, "HealthAndBeautyBusiness");
    assert_eq!(clinic["name"], "Mini Clinic");
    assert_eq!(clinic["url"], "https://mini.example/clinic/");
    assert_eq!(clinic["telephone"], "+1-410-555-0100");
    assert_eq!(clinic["address"]["@type"], "PostalAddress");
    assert_eq!(clinic["address"]["streetAddress"], "1 Test Street");
    assert_eq!(clinic["address"]["postalCode"], "21201");
    assert_eq!(clinic["geo"]["latitude"], 39.29);
    assert_eq!(clinic["openingHours"][0], "Mo-Fr 09:00-18:00");
    assert_eq!(
        clinic["sameAs"],
        serde_json::json!(["https://maps.example/?q=mini+clinic"])
    );
    assert!(clinic.get("email").is_none(), "unset facts are left out");
    assert!(clinic.get("priceRange").is_none());
    assert!(!site.read("404.html").contains("application/ld+json"));
    for page in [
        "index.html",
        "services/deep-tissue/index.html",
        "guides/sleep/index.html",
    ] {
        let text = site.read(page);
        assert!(
            !text.contains("AggregateRating") && !text.contains("\"Review\""),
            "{page}"
        );
    }
}

#[test]
fn json_ld_of_a_service_has_provider_breadcrumbs_and_faq() {
    let site = site_with_facts();
    site.build_ok();
    let clinic_id = "https://mini.example/clinic/#business";
    let service = graph(&site, "services/deep-tissue/index.html");
    assert_eq!(
        types(&service),
        [
            "HealthAndBeautyBusiness",
            "WebSite",
            "WebPage",
            "Service",
            "BreadcrumbList",
            "FAQPage"
        ]
    );
    let s = node(&service, "Service");
    assert_eq!(s["name"], "Deep Tissue Massage");
    assert_eq!(s["provider"]["@id"], clinic_id);
    let faq = node(&service, "FAQPage");
    assert_eq!(faq["mainEntity"][0]["@type"], "Question");
    assert_eq!(faq["mainEntity"][0]["name"], "Does it hurt?");
    assert_eq!(faq["mainEntity"][0]["acceptedAnswer"]["@type"], "Answer");
    let crumbs = node(&service, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .clone();
    let crumbs: Vec<(u64, &str, &str)> = crumbs
        .iter()
        .map(|c| {
            (
                c["position"].as_u64().unwrap(),
                c["name"].as_str().unwrap(),
                c["item"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        crumbs,
        [
            (1, "Mini Clinic", "https://mini.example/clinic/"),
            (2, "Services", "https://mini.example/clinic/services/"),
            (
                3,
                "Deep Tissue Massage",
                "https://mini.example/clinic/services/deep-tissue/"
            ),
        ]
    );
}

#[test]
fn json_ld_of_a_guide_is_a_reviewed_medical_web_page_and_article() {
    let site = site_with_facts();
    site.build_ok();
    let guide = graph(&site, "guides/sleep/index.html");
    assert_eq!(
        types(&guide),
        [
            "HealthAndBeautyBusiness",
            "WebSite",
            "MedicalWebPage",
            "Article",
            "BreadcrumbList"
        ]
    );
    let page = node(&guide, "MedicalWebPage");
    assert_eq!(page["reviewedBy"]["name"], "Rita Reviewer");
    assert_eq!(page["lastReviewed"], "2026-04-02");
    let article = node(&guide, "Article");
    assert_eq!(article["headline"], "Sleep and Recovery");
    assert_eq!(article["author"]["name"], "Ana Author");
    assert_eq!(article["datePublished"], "2026-01-15");
    assert_eq!(article["dateModified"], "2026-04-02");
    assert_eq!(article["publisher"]["@id"], "https://mini.example/clinic/#business");

    let listing = graph(&site, "guides/index.html");
    assert_eq!(node(&listing, "CollectionPage")["name"], "Guides");
    let page_two = graph(&site, "guides/page/2/index.html");
    assert_eq!(
        node(&page_two, "BreadcrumbList")["itemListElement"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    for page in [
        "index.html",
        "services/deep-tissue/index.html",
        "guides/sleep/index.html",
    ] {
        let text = site.read(page);
        assert!(
            !text.contains("AggregateRating") && !text.contains("\"Review\""),
            "{page}"
        );
    }
    assert!(!site.read("404.html").contains("application/ld+json"));
}

#[test]
fn json_ld_fields_cannot_close_the_script_element() {
    let evil = "Evil </script><script>alert(1)</script><!-- title";
    let site = site().page(
        "evil.md",
        &format!(
            "title: \"{evil}\"\ndescription: \"A page whose title tries to break out of the JSON-LD script element.\""
        ),
        "[home](@/_index.md)",
    );
    site.build_ok();
    let html = site.read("evil/index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap();
    let body = &html[start..];
    let end = body.find("</script>").unwrap();
    let json: Value = serde_json::from_str(&body["<script type=\"application/ld+json\">".len()..end]).unwrap();
    let webpage = node(json["@graph"].as_array().unwrap(), "WebPage");
    assert_eq!(webpage["name"], evil);
    assert!(!html.contains("<script>alert(1)"));
}

#[test]
fn seo_lints_name_the_source_of_each_problem() {
    let long = "A description that goes on and on. ".repeat(6);
    let same = "The same description on two pages is a lint, whatever the page says.";
    let site = site()
        .page(
            "two-h1.md",
            &format!("title: Two\ndescription: \"{same}\""),
            "# A second h1\n\n[home](@/_index.md)",
        )
        .page(
            "copy.md",
            &format!("title: Copy\ndescription: \"{same}\""),
            "[home](@/_index.md)",
        )
        .page(
            "long.md",
            &format!("title: Long\ndescription: \"{}\"", long.trim()),
            "[home](@/_index.md)",
        );
    let warnings: Vec<String> = site
        .build_ok()
        .warnings
        .iter()
        .map(|w| w.to_string().lines().next().unwrap().to_string())
        .collect();
    let expect = [
        format!(
            "{}:1:1: warning: `two-h1/index.html` has 2 <h1> elements (want exactly one)",
            site.shown("content/two-h1.md")
        ),
        format!(
            "{}:3:1: warning: meta description is too long (209 characters, at most 160)",
            site.shown("content/long.md")
        ),
        format!(
            "{}:3:1: warning: meta description is also the description of {}",
            site.shown("content/two-h1.md"),
            site.shown("content/copy.md")
        ),
    ];
    for line in &expect {
        assert!(warnings.contains(line), "missing `{line}` in {warnings:#?}");
    }
}

#[test]
fn a_page_in_several_feeds_shows_its_whole_body_on_its_page_and_in_every_feed() {
    // A build frees each page's body once the page and every feed listing it are rendered:
    // the page and both feeds (home and section, Atom and RSS) must all still get it.
    let body = "Warm up *first*, then see [the services](@/services/_index.md).\n\n<!-- more -->\n\nMore text after the cut.\n";
    let site = site()
        .file("content/_index.md", "---\ntitle: Mini Clinic\ndescription: \"Home of the mini clinic: services, guides and how to book a session.\"\nfeed: true\n---\nWelcome.\n")
        .file("content/guides/_index.md", "---\ntitle: Guides\ndescription: \"Guides on recovery, foam rolling and stretching from the mini clinic's therapists.\"\nfeed: true\n---\n")
        .page("guides/warm-up.md", "title: Warm Up Before Stretching\ndate: 2026-03-01", body)
        .with(|o| o.base_url = Some("https://mini.example/clinic/".into()));
    site.build_ok();
    let page = site.read("guides/warm-up/index.html");
    assert!(
        page.contains("<p>Warm up <em>first</em>, then see <a href=\"/clinic/services/\">the services</a>.</p>"),
        "{page}"
    );
    assert!(page.contains("<p>More text after the cut.</p>"), "{page}");
    for feed in ["atom.xml", "guides/atom.xml"] {
        let atom = site.read(feed);
        let entry = xml_texts(&atom, "content")
            .into_iter()
            .find(|c| c.contains("Warm up"))
            .unwrap_or_else(|| panic!("{feed} has no entry for the page:\n{atom}"));
        assert!(
            entry.contains("<a href=\"https://mini.example/clinic/services/\">the services</a>"),
            "{feed}: {entry}"
        );
        assert!(entry.contains("More text after the cut."), "{feed}: {entry}");
        let summary = xml_texts(&atom, "summary").into_iter().find(|s| s.contains("Warm up"));
        assert!(summary.is_some_and(|s| !s.contains("after the cut")), "{feed}");
    }
    for feed in ["rss.xml", "guides/rss.xml"] {
        let rss = site.read(feed);
        assert!(
            xml_texts(&rss, "description")
                .iter()
                .any(|d| d.contains("More text after the cut.")),
            "{feed}:\n{rss}"
        );
    }
}

#[test]
fn control_characters_in_a_body_reach_neither_pages_nor_feeds() {
    let body = "Vertical\x0Btab, escape\x1B, delete\x7F, nul\0, bell\x07, form\x0Cfeed, \
        nonchars\u{FFFE}\u{FFFF}\u{FDD0}, next line\u{85}.\n\n## Head\x01ing\n\n\
        [li\x02nk](https://x.example/a \"ti\x04tle\") <span title=\"x\x05\">raw\x06</span>\n";
    let site = site()
        .file("content/guides/_index.md", "---\ntitle: Guides\ndescription: \"Guides on recovery, foam rolling and stretching from the mini clinic's therapists.\"\nfeed: true\n---\n")
        .page("guides/odd.md", "title: Odd\ndate: 2026-03-01", body);
    site.build_ok();
    let unwanted = |c: char| {
        (c < ' ' && !"\t\n\r".contains(c))
            || ('\x7F'..='\u{9F}').contains(&c)
            || matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{FDD0}')
    };
    let page = site.read("guides/odd/index.html");
    assert!(!page.chars().any(unwanted), "{page:?}");
    assert!(
        page.contains("Vertical\u{FFFD}tab, escape\u{FFFD}, delete\u{FFFD}, nul\u{FFFD}, bell\u{FFFD}, form feed"),
        "{page}"
    );
    for feed in ["guides/atom.xml", "guides/rss.xml", "sitemap.xml"] {
        let xml = site.read(feed);
        assert!(!xml.chars().any(unwanted), "{feed}: {xml:?}");
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed} is not well-formed: {e}\n{xml}"));
    }
    let content = xml_texts(&site.read("guides/atom.xml"), "summary").concat();
    assert!(
        content.contains("nonchars\u{FFFD}\u{FFFD}\u{FFFD}, next line\u{FFFD}."),
        "{content}"
    );
}

#[test]
fn the_card_image_is_an_http_url_or_a_file_of_the_site() {
    let bundle = "content/guides/foam-rolling/index.md";
    let site = site()
        .bytes("static/images/card.png", &crate::support::png(1300, 700))
        .page("a.md", "title: A\nimage: /images/card.png", "[home](@/_index.md)")
        .page(
            "b.md",
            "title: B\nimage: \"https://cdn.example/b.jpg\"",
            "[home](@/_index.md)",
        )
        .file(
            bundle,
            "---\ntitle: Foam Rolling at Home\nimage: roller.svg\n---\n## How to roll\n",
        )
        .with(|o| o.base_url = Some("https://mini.example/clinic/".into()));
    site.build_ok();
    let card = |page: &str| attrs(&site.html(page), "meta[property='og:image']", "content");
    // A photo's card is a copy of it cropped to 1200 × 630.
    let a = card("a/index.html").remove(0);
    assert!(
        a.starts_with("https://mini.example/clinic/images/card-card.") && a.ends_with(".png"),
        "{a}"
    );
    let file = site
        .public()
        .join(a.strip_prefix("https://mini.example/clinic/").unwrap());
    assert_eq!(image::image_dimensions(file).unwrap(), (1200, 630));
    assert_eq!(card("b/index.html"), ["https://cdn.example/b.jpg"]);
    assert_eq!(
        card("guides/foam-rolling/index.html"),
        ["https://mini.example/clinic/guides/foam-rolling/roller.svg"]
    );
}

#[test]
fn a_card_image_outside_the_site_or_of_another_scheme_is_an_error() {
    let page = |site: TestSite, name: &str, image: &str| {
        site.page(
            &format!("{name}.md"),
            &format!("title: T\nimage: \"{image}\""),
            "[home](@/_index.md)",
        )
    };
    let site = [
        ("up", "../../../../etc/passwd"),
        ("missing", "/images/none.png"),
        ("page", "@/contact.md"),
        // No scheme has one letter: a Windows drive and a colon in a file name are paths.
        ("drive", "c:/photos/card.jpg"),
        ("colon", "a:b.jpg"),
    ]
    .into_iter()
    .fold(site(), |site, (name, image)| page(site, name, image));
    let at = |name: &str| format!("{}:3:8: error: image `", site.shown(&format!("content/{name}.md")));
    assert_eq!(
        site.error_lines(),
        [
            format!(
                "{}a:b.jpg`: no such file in content/ (looked for `a:b.jpg`)",
                at("colon")
            ),
            format!(
                "{}c:/photos/card.jpg`: no such file in content/ (looked for `c:/photos/card.jpg`)",
                at("drive")
            ),
            format!("{}/images/none.png`: no page or file at this URL", at("missing")),
            format!("{}@/contact.md`: that is a page, not an image file", at("page")),
            format!(
                "{}../../../../etc/passwd`: points outside the content directory",
                at("up")
            ),
        ]
    );
    for image in [
        "javascript:alert(1)",
        "data:image/png;base64,AAAA",
        "//evil.example/x.png",
        "file:///etc/passwd",
    ] {
        let other = page(self::site(), "x", image);
        assert_eq!(
            other.errors(),
            [format!(
                "{}:3:8: error: image `{image}`: only http(s) URLs and files of the site can be images\n  \
                 help: write https://… for an image elsewhere, or a path such as /images/card.jpg (in static/) or card.jpg (beside the page)",
                other.shown("content/x.md")
            )]
        );
    }
}
