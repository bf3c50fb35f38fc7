//! Components in markdown (`{{ booking() }}`, `{% faq(q="…") %}` … `{% end %}`) on the bundled
//! theme: what each renders, how calls are checked before rendering, that arguments cannot
//! inject markup, and that component output is link-checked like the rest of the page.

use crate::support::{TestSite, attrs, texts};

/// A clinic with a phone, an address, opening hours and online booking, on the bundled theme.
fn clinic() -> TestSite {
    TestSite::empty()
        .file(
            "site.yaml",
            "title: Test Clinic\nbase_url: https://clinic.example/\nclinic:\n  name: Test Clinic\n  \
             telephone: \"+1 (410) 555-0100\"\n  address:\n    street: \"1 Main St\"\n    locality: Towson\n    \
             region: MD\n    postal_code: \"21204\"\n  opening_hours: [\"Mo-Fr 09:00-18:00\", \"Sa 09:00-14:00\"]\n\
             links:\n  booking: \"https://book.example/test\"\n",
        )
        .page(
            "_index.md",
            "title: Test Clinic",
            "Welcome. Read [the guide](@/guide.md).\n",
        )
}

/// `clinic()` with one page, `guide.md`, whose body is `body`.
fn guide(body: &str) -> TestSite {
    clinic().page(
        "guide.md",
        "title: Guide\ndescription: \"A guide to the first visit, what to bring and how a session goes.\"",
        body,
    )
}

#[test]
fn booking_and_call_buttons_come_from_site_yaml_alone_or_in_a_sentence() {
    let site = guide(
        "Intro.\n\n{{ booking() }}\n\nOr call {{ call() }} today, or {{ booking(label=\"book here\") }}.\n\n{{ call(label=\"Ring us\") }}\n",
    );
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(
        attrs(&doc, ".prose p.btn-row > a.btn", "href"),
        ["https://book.example/test", "tel:+14105550100"]
    );
    assert_eq!(texts(&doc, ".prose p.btn-row > a.btn"), ["Book online", "Ring us"]);
    // Inside a sentence the buttons are links in the paragraph, which stays one paragraph.
    let sentence = texts(&doc, ".prose p")
        .into_iter()
        .find(|p| p.starts_with("Or call"))
        .unwrap();
    assert_eq!(sentence, "Or call +1 (410) 555-0100 today, or book here.");
    let html = site.read("guide/index.html");
    assert!(!html.contains("<p><p"), "no paragraph inside a paragraph");
    assert!(!html.contains("knead-c"), "no marker is left");
}

#[test]
fn clinic_facts_hours_and_map_link_reuse_the_facts_of_site_yaml() {
    let site = guide(
        "{{ clinic_facts(title=\"Plan your visit\") }}\n\n## Hours\n\n{{ hours() }}\n\nFind us: {{ map_link(label=\"directions\") }}\n",
    );
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(texts(&doc, ".prose .clinic-facts h2"), ["Plan your visit"]);
    assert_eq!(attrs(&doc, ".prose .clinic-facts h2", "id"), ["facts-h-0"]);
    assert_eq!(
        texts(&doc, ".prose .clinic-facts address"),
        ["1 Main StTowson, MD 21204"]
    );
    let rows = texts(&doc, ".prose > table.hours tr");
    assert_eq!(rows, ["Monday to Friday9 am to 6 pm", "Saturday9 am to 2 pm"]);
    let map = attrs(&doc, ".prose p a[href*='maps']", "href");
    assert_eq!(
        map.last().unwrap(),
        "https://www.google.com/maps/search/?api=1&query=1%20Main%20St%2C%20Towson%2C%20MD%2021204"
    );
}

#[test]
fn a_figure_wraps_a_markdown_image_and_its_caption() {
    let site = guide(
        "{% figure(caption=\"The treatment room\") %}\n![A calm room with a massage table](room.png)\n{% end %}\n",
    )
    .bytes("content/room.png", &crate::support::png(2, 1));
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(
        attrs(&doc, "figure.figure img", "alt"),
        ["A calm room with a massage table"]
    );
    let src = attrs(&doc, "figure.figure img", "src");
    assert!(src[0].starts_with("/room-2.") && src[0].ends_with(".png"), "{src:?}");
    assert_eq!(texts(&doc, "figure.figure figcaption"), ["The treatment room"]);
}

/// The JSON-LD graph of an output page, parsed.
fn graph(site: &TestSite, out: &str) -> Vec<serde_json::Value> {
    let scripts = texts(&site.html(out), "script[type='application/ld+json']");
    let value: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    value["@graph"].as_array().unwrap().clone()
}

/// The questions and answers of the FAQPage node of `out`'s structured data (none if it has none).
fn faq_questions(site: &TestSite, out: &str) -> Vec<[String; 2]> {
    let graph = graph(site, out);
    let Some(faq) = graph.iter().find(|n| n["@type"] == "FAQPage") else {
        return Vec::new();
    };
    faq["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            [
                q["name"].as_str().unwrap().to_string(),
                q["acceptedAnswer"]["text"].as_str().unwrap().to_string(),
            ]
        })
        .collect()
}

#[test]
fn faq_blocks_show_their_answers_and_feed_the_faq_page_data_with_the_front_matter_ones() {
    let site = clinic().page(
        "guide.md",
        "title: Guide\ndescription: \"A guide to the first visit, what to bring and how a session goes.\"\n\
         faq:\n  - q: \"Do I need a referral?\"\n    a: \"No.\"",
        "Intro.\n\n{% faq(q=\"How long is a session?\") %}\nMost sessions last *60 minutes*; see [the home page](@/_index.md).\n\nLonger ones exist.\n{% end %}\n\nAfter.\n",
    );
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(texts(&doc, ".prose .component-faq h3"), ["How long is a session?"]);
    assert_eq!(
        texts(&doc, ".prose .component-faq > p"),
        [
            "Most sessions last 60 minutes; see the home page.",
            "Longer ones exist."
        ]
    );
    assert_eq!(attrs(&doc, ".prose .component-faq a", "href"), ["/"]);
    assert_eq!(texts(&doc, ".prose > p"), ["Intro.", "After."]);
    assert_eq!(
        faq_questions(&site, "guide/index.html"),
        [
            ["Do I need a referral?", "No."],
            [
                "How long is a session?",
                "Most sessions last 60 minutes; see the home page. Longer ones exist."
            ]
        ]
    );
}

#[test]
fn a_testimonial_is_shown_as_a_quote_and_never_as_review_data() {
    let site = guide(
        "{% testimonial(name=\"A client\", detail=\"Sports massage\") %}\nMy shoulder feels *looser*.\n{% end %}\n",
    );
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(
        texts(&doc, "figure.testimonial blockquote p"),
        ["My shoulder feels looser."]
    );
    assert_eq!(
        texts(&doc, "figure.testimonial figcaption"),
        ["A client, Sports massage"]
    );
    let html = site.read("guide/index.html");
    for review in ["\"Review\"", "reviewRating", "itemprop", "AggregateRating"] {
        assert!(!html.contains(review), "{review} in the page");
    }
}

#[test]
fn the_price_table_shows_the_sessions_of_the_page() {
    let site = clinic().page(
        "guide.md",
        "title: Massage\ndescription: \"Hands-on massage for everyday muscle tension, at a pressure that suits you.\"\n\
         price: 90\nduration: 60\nvariants:\n  - {duration: 90, price: 127.5}",
        "What a session costs:\n\n{{ prices() }}\n",
    );
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(
        texts(&doc, ".prose table.price-table tbody tr"),
        ["60 min$90", "90 min$127.50"]
    );
    // Its heading's id is the call's own, so it never clashes with the service template's table.
    assert_eq!(attrs(&doc, ".prose section.prices", "aria-labelledby"), ["prices-h-0"]);
    assert_eq!(attrs(&doc, ".prose section.prices h2", "id"), ["prices-h-0"]);
}

#[test]
fn a_video_loads_nothing_from_its_provider_before_play_is_pressed() {
    let site = guide(
        "{{ video(url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\", title=\"Three stretches for the neck\") }}\n",
    );
    site.build_ok();
    let doc = site.html("guide/index.html");
    let frames = scraper::Selector::parse("figure.video iframe").unwrap();
    let frame = doc.select(&frames).next().expect("a frame");
    assert_eq!(frame.value().attr("src"), None, "no address to load before a click");
    assert_eq!(frame.value().attr("title"), Some("Three stretches for the neck"));
    // The frame's own document is a play link to the player, parsed as the browser parses it.
    let inner = scraper::Html::parse_document(frame.value().attr("srcdoc").unwrap());
    assert_eq!(
        attrs(&inner, "a", "href"),
        ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"]
    );
    assert_eq!(texts(&inner, "a"), ["▶ Play video"]);
    assert!(texts(&inner, "script").is_empty() && texts(&inner, "img").is_empty());
    assert_eq!(
        attrs(&doc, "figure.video figcaption a", "href"),
        ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]
    );
}

#[test]
fn arguments_are_text_never_markup() {
    let site = guide(
        "{% testimonial(name=\"<script>alert(1)</script>\", detail=\"\\\"><img src=x onerror=alert(2)>\") %}\nKind words.\n{% end %}\n\n\
         {{ booking(label=\"<b>Book</b> & go\") }}\n",
    );
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(
        texts(&doc, "figure.testimonial figcaption"),
        ["<script>alert(1)</script>, \"><img src=x onerror=alert(2)>"]
    );
    assert_eq!(texts(&doc, ".prose p.btn-row a"), ["<b>Book</b> & go"]);
    assert!(texts(&doc, ".prose script").is_empty());
    assert!(attrs(&doc, ".prose img", "onerror").is_empty());
    assert!(texts(&doc, ".prose b").is_empty());
}

#[test]
fn calls_in_code_are_shown_as_written() {
    let site = guide("Write `{{ booking() }}` for a button:\n\n```\n{% faq(q=\"x\") %}\n```\n");
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(texts(&doc, ".prose code"), ["{{ booking() }}", "{% faq(q=\"x\") %}"]);
    assert!(texts(&doc, ".prose a.btn").is_empty());
}

#[test]
fn wrong_calls_are_errors_at_their_line_and_column() {
    let body = "Intro.\n\n{{ bookng() }}\n\nCall {{ call(lable=\"x\") }}.\n\n{{ video(title=\"T\") }}\n\n\
                {{ map_link(label=3) }}\n\n{{ faq(q=\"Why?\") }}\n\n{% testimonial() %}\nNever closed.\n";
    let site = guide(body);
    let errors = site.errors();
    let file = site.shown("content/guide.md");
    let first_lines: Vec<String> = errors
        .iter()
        .map(|e| e.lines().next().unwrap().replace(&file, "content/guide.md"))
        .collect();
    assert_eq!(
        first_lines,
        [
            "content/guide.md:7:1: error: unknown component `bookng` (did you mean `booking`?)",
            "content/guide.md:9:14: error: `call` has no argument `lable` (did you mean `label`?)",
            "content/guide.md:11:1: error: `video` needs the argument `url`",
            "content/guide.md:13:13: error: argument `label` of `map_link` is text, not number",
            "content/guide.md:15:1: error: `faq` wraps text: write it as a block",
            "content/guide.md:17:1: error: `{% testimonial(…) %}` is never closed",
        ]
    );
    assert!(
        errors[0].contains("help: the components are: booking, call, clinic_facts"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("help: `call` takes: label (text, optional)"),
        "{}",
        errors[1]
    );
    assert!(errors[3].contains("help: write text in double quotes"), "{}", errors[3]);
    assert!(
        errors[5].contains("help: end the component's text with `{% end %}`"),
        "{}",
        errors[5]
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains(":7:1: error: unknown component `bookng` (did you mean `booking`?)"),
        "{stderr}"
    );
    assert!(!site.exists("guide/index.html"));
}

#[test]
fn links_in_component_output_are_checked_like_the_page_s_own() {
    let site = guide("{{ note() }}\n").file(
        "components/note.html",
        "{# component() #}<p><a href=\"/nowhere/\">Read more</a> <a href=\"#gone\">up</a></p>\n",
    );
    let errors = site.error_lines();
    assert!(errors.iter().any(|e| e.contains("/nowhere/")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("#gone")), "{errors:?}");
}

#[test]
fn ids_and_links_that_components_write_count_whether_the_call_stands_alone_or_in_a_sentence() {
    let note = "{# component() #}<span id=\"note-{{ uid }}\"><a href=\"/elsewhere/\">more</a></span>\n";
    let with_links = |to: &str| {
        guide("## Before\n\n{{ note() }}\n\nA sentence with {{ note() }} inside.\n\n## After\n")
            .file("components/note.html", note)
            .page(
                "elsewhere.md",
                "title: Elsewhere",
                &format!("See <a href=\"/guide/#note-0\">the first</a> and <a href=\"{to}\">the second</a>.\n"),
            )
    };
    let site = with_links("/guide/#note-1");
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(attrs(&doc, ".prose span[id]", "id"), ["note-0", "note-1"]);
    assert_eq!(attrs(&doc, ".prose span[id] a", "href"), ["/elsewhere/", "/elsewhere/"]);
    assert_eq!(attrs(&doc, ".prose h2", "id"), ["before", "after"]);
    let errors = with_links("/guide/#note-2").error_lines();
    assert!(errors.iter().any(|e| e.contains("#note-2")), "{errors:?}");
    assert!(!errors.iter().any(|e| e.contains("#note-1")), "{errors:?}");
}

#[test]
fn a_site_adds_and_overrides_components_in_its_own_folder() {
    let site = guide("{{ booking() }}\n\n{{ greeting(name=\"Sam\", times=2) }}\n")
        .file("components/booking.html", "{# component(label: text = \"Reserve\") #}<p class=\"own\">{{ label }} at {{ site.book.href }}</p>\n")
        .file(
            "components/greeting.html",
            "{# component(name: text, times: number = 1, loud: bool?) #}<p class=\"greeting\">{% for i in range(end=times) %}Hello {{ name }}! {% endfor %}{% if loud %}!!{% endif %}</p>\n",
        );
    site.build_ok();
    let doc = site.html("guide/index.html");
    assert_eq!(texts(&doc, ".prose p.own"), ["Reserve at https://book.example/test"]);
    assert_eq!(texts(&doc, ".prose p.greeting"), ["Hello Sam! Hello Sam!"]);
}

#[test]
fn a_component_template_without_its_declaration_is_an_error_at_its_file() {
    let site = guide("Text.\n").file("components/broken.html", "<p>{{ x }}</p>\n");
    assert_eq!(
        site.error_lines(),
        [format!(
            "{}:1:1: error: a component template starts with its declaration",
            site.shown("components/broken.html")
        )]
    );
}

/// `clinic()` with a services section, two service pages that include the snippet
/// `first-visit`, and the snippet `snippet`.
fn with_snippet(snippet: &str) -> TestSite {
    clinic()
        .page("services/_index.md", "title: Services", "Our services.\n")
        .page(
            "services/massage.md",
            "title: Massage",
            "Massage eases tension.\n\n{{ include(snippet=\"first-visit\") }}\n",
        )
        .page(
            "services/stretch.md",
            "title: Stretch",
            "Stretching, assisted.\n\n## Before you come\n\n{{ include(snippet=\"first-visit\") }}\n",
        )
        .page("guide.md", "title: Guide", "See [massage](@/services/massage.md).\n")
        .file("content/_snippets/first-visit.md", snippet)
}

#[test]
fn a_snippet_is_included_by_name_with_its_links_resolved_from_its_own_place() {
    let site = with_snippet(
        "Before your first visit, read [the guide](../guide.md) and [stretching](@/services/stretch.md).\n\n\
         {{ booking(label=\"Book your first visit\") }}\n",
    );
    site.build_ok();
    for out in ["services/massage/index.html", "services/stretch/index.html"] {
        let doc = site.html(out);
        assert_eq!(
            attrs(&doc, ".prose p a:not(.btn)", "href"),
            ["/guide/", "/services/stretch/"],
            "{out}"
        );
        assert_eq!(texts(&doc, ".prose p.btn-row a"), ["Book your first visit"], "{out}");
    }
    assert!(!site.exists("_snippets/first-visit/index.html"));
    assert!(!site.read("sitemap.xml").contains("snippets"));
}

#[test]
fn a_broken_link_in_a_snippet_is_reported_once_at_the_snippet_naming_its_pages() {
    let site = with_snippet("Intro.\n\nRead [the guide](../gide.md).\n");
    let errors = site.error_lines();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let snippet = site.shown("content/_snippets/first-visit.md");
    assert!(
        errors[0].starts_with(&format!("{snippet}:3:6: error: link to `../gide.md`")),
        "{errors:?}"
    );
    assert!(
        errors[0].ends_with(&format!(
            "(in a snippet included by {} and 1 other file)",
            site.shown("content/services/massage.md")
        )),
        "{errors:?}"
    );
}

#[test]
fn an_include_of_a_missing_snippet_and_include_cycles_are_errors() {
    let site = with_snippet("Hello.\n")
        .page(
            "other.md",
            "title: Other",
            "Text.\n\n{{ include(snippet=\"first-vist\") }}\n",
        )
        .file("content/_snippets/a.md", "A.\n\n{{ include(snippet=\"b\") }}\n")
        .file("content/_snippets/b.md", "B.\n\n{{ include(snippet=\"a\") }}\n");
    let errors = site.error_lines();
    let shown: Vec<String> = errors
        .iter()
        .map(|e| e.replace(&format!("{}/", site.root().display()), ""))
        .collect();
    assert_eq!(
        shown,
        [
            "content/_snippets/a.md:3:1: error: include cycle: a → b → a",
            "content/_snippets/b.md:3:1: error: include cycle: b → a → b",
            "content/other.md:6:1: error: no snippet `first-vist`: there is no content/_snippets/first-vist.md (did you mean `first-visit`?)",
        ]
    );
}

#[test]
fn a_video_address_of_another_site_is_an_error_at_the_argument_before_anything_is_built() {
    let site = guide("Watch:\n\n{{ video(url=\"https://example.org/v.mp4\", title=\"A stretch\") }}\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    let error = format!(
        "{}:7:10: error: `https://example.org/v.mp4` is not the address of a YouTube or Vimeo video",
        site.shown("content/guide.md")
    );
    let at = lines
        .iter()
        .position(|l| *l == error)
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        lines[at + 1].contains("help: give the address of the video's page on YouTube"),
        "{stderr}"
    );
    assert!(!stderr.contains("component `video` failed"), "{stderr}");
    assert!(!site.public().exists());
}

#[test]
fn ids_stay_unique_when_a_page_and_its_snippets_call_the_same_component() {
    let site = guide("Plan your visit.\n")
        .page(
            "visit.md",
            "title: Visit",
            "{{ clinic_facts() }}\n\n{{ include(snippet=\"reach\") }}\n\n{{ include(snippet=\"reach\") }}\n\n\
             {{ include(snippet=\"twice\") }}\n",
        )
        .file("content/_snippets/reach.md", "{{ clinic_facts(title=\"Reach us\") }}\n")
        .file(
            "content/_snippets/twice.md",
            "{{ include(snippet=\"reach\") }}\n\n{{ include(snippet=\"reach\") }}\n",
        );
    site.build_ok();
    let doc = site.html("visit/index.html");
    let ids: Vec<String> = attrs(&doc, "[id]", "id");
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    let labelled = attrs(&doc, ".prose section.clinic-facts", "aria-labelledby");
    assert_eq!(
        labelled,
        [
            "facts-h-0",
            "facts-h-1-0",
            "facts-h-2-0",
            "facts-h-3-0-0",
            "facts-h-3-1-0"
        ]
    );
    for heading in &labelled {
        assert_eq!(texts(&doc, &format!("h2#{heading}")).len(), 1, "{heading}");
    }
}

#[test]
fn includes_that_multiply_past_the_limit_fail_at_the_page_call() {
    // Each snippet includes the next ten times, nine deep: a billion expansions if rendered.
    let mut site = clinic().page("guide.md", "title: Guide", "Intro.\n\n{{ include(snippet=\"s1\") }}\n");
    for level in 1..=9 {
        let body = if level == 9 {
            "Leaf.\n".to_string()
        } else {
            format!("{{{{ include(snippet=\"s{}\") }}}}\n\n", level + 1).repeat(10)
        };
        site = site.file(&format!("content/_snippets/s{level}.md"), &body);
    }
    let errors = site.error_lines();
    assert_eq!(
        errors,
        [format!(
            "{}:6:1: error: `include` expands into more than 1000 snippets",
            site.shown("content/guide.md")
        )]
    );
}

#[test]
fn an_include_or_a_block_inside_a_sentence_is_an_error_at_the_call() {
    let site = with_snippet("Bring loose clothes.\n").page(
        "other.md",
        "title: Other",
        "Before you come, {{ include(snippet=\"first-visit\") }} and more.\n\n\
         A question: {% faq(q=\"How long?\") %}\nAn hour.\n{% end %}\n",
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_ne!(code, 0);
    let file = site.shown("content/other.md");
    let lines: Vec<&str> = stderr.lines().collect();
    let at = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix));
    let include = at(&format!("{file}:4:18: error: an `include` shares its line with text"));
    let faq = at(&format!(
        "{file}:6:13: error: the block `faq` shares its line with text"
    ));
    for found in [include, faq] {
        let line = found.unwrap_or_else(|| panic!("{stderr}"));
        assert!(
            lines[line + 1].contains("help: put it on a line of its own"),
            "{stderr}"
        );
    }
}

#[test]
fn a_parameter_named_like_a_value_every_component_gets_is_an_error_at_its_template() {
    let site = guide("{{ badge(page=\"Home\") }}\n").file(
        "components/badge.html",
        "{# component(label: text?, page: text) #}<p>{{ page }}</p>\n",
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_ne!(code, 0);
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            *l == format!(
                "{}:1:28: error: parameter `page` has the name of a value every component is given",
                site.shown("components/badge.html")
            )
        })
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        lines[at + 1].contains(
            "help: rename the parameter: `body`, `inline`, `uid`, `page`, `current_path`, `book_here`, `site`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_faq_block_in_an_included_snippet_is_a_question_of_the_pages_faq_data() {
    let site = with_snippet(
        "{% faq(q=\"What should I wear?\") %}\nLoose, comfortable clothes.\n{% end %}\n\n\
         {{ include(snippet=\"more\") }}\n",
    )
    .file(
        "content/_snippets/more.md",
        "{% faq(q=\"Can I bring a friend?\") %}\nYes.\n{% end %}\n",
    );
    site.build_ok();
    assert_eq!(
        faq_questions(&site, "services/massage/index.html"),
        [
            ["What should I wear?", "Loose, comfortable clothes."],
            ["Can I bring a friend?", "Yes."]
        ]
    );
}

#[test]
fn a_refused_address_under_links_fails_at_site_yaml_even_when_only_a_component_uses_it() {
    let site = TestSite::empty()
        .file(
            "site.yaml",
            "title: T\nbase_url: https://clinic.example/\nlinks:\n  maps: \"javascript:alert(1)\"\n  \
             reviews: \"VBScript:x\"\n  social: \"data:text/html,hi\"\n",
        )
        .page("_index.md", "title: Home", "Find us: {{ map_link() }}\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    let yaml = site.shown("site.yaml");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            format!(
                "{yaml}:4:9: error: link to `javascript:alert(1)`: it runs code when clicked, so knead does not publish it"
            ),
            format!(
                "{yaml}:5:12: error: link to `VBScript:x`: it runs code when clicked, so knead does not publish it"
            ),
            format!(
                "{yaml}:6:11: error: link to `data:text/html,hi`: a `data:` link carries a whole document; knead publishes `data:image/…` only"
            ),
        ]
    );
    assert!(stderr.contains("help: link to a page"), "{stderr}");
    assert!(!site.public().exists());
}
