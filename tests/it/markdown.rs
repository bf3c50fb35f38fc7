//! Markdown dialect, heading ids, table of contents, summaries, word counts.

use crate::support::{TestSite, attrs, texts};

fn render(body: &str) -> (TestSite, scraper::Html) {
    let site = TestSite::new().page("p.md", "title: P", body);
    site.build_ok();
    let doc = site.html("p/index.html");
    (site, doc)
}

#[test]
fn extensions_are_on() {
    let (_, doc) = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^n].\n\n[^n]: A note.\n\n~~gone~~\n\n- [x] done\n- [ ] todo\n\n\"Quotes\" -- and...\n",
    );
    assert_eq!(texts(&doc, ".content td"), ["1", "2"]);
    assert_eq!(texts(&doc, ".content del"), ["gone"]);
    assert_eq!(attrs(&doc, ".content input[type=checkbox]", "type").len(), 2);
    assert_eq!(texts(&doc, ".content .footnote-definition").len(), 1);
    let para = texts(&doc, ".content p");
    assert!(para.iter().any(|p| p.contains("“Quotes” – and…")), "{para:?}");
}

#[test]
fn headings_get_unique_github_style_ids() {
    let (_, doc) = render("## How Often Should It Be Done?\n\n## FAQ\n\n## FAQ\n\n### Custom {#mine}\n");
    assert_eq!(
        attrs(&doc, ".content h2, .content h3", "id"),
        ["how-often-should-it-be-done", "faq", "faq-1", "mine"]
    );
}

#[test]
fn thousands_of_equal_headings_get_distinct_ids_in_order() {
    let body = format!("## Taken {{#h-2}}\n\n{}", "## h\n\n".repeat(8000));
    let (_, doc) = render(&body);
    let expected: Vec<String> = ["h-2", "h", "h-1"]
        .into_iter()
        .map(String::from)
        .chain((3..=8000).map(|n| format!("h-{n}")))
        .collect();
    assert_eq!(attrs(&doc, ".content h2", "id"), expected);
}

#[test]
fn toc_summary_word_count_and_reading_time_reach_templates() {
    let words = "word ".repeat(390);
    let (_, doc) = render(&format!(
        "First *para* here.\n\n## One\n\n{words}\n\n### One A\n\n## Two\n"
    ));
    assert_eq!(texts(&doc, "#words"), ["397"]);
    assert_eq!(texts(&doc, "#minutes"), ["2"]);
    assert_eq!(texts(&doc, "#summary"), ["First para here."]);
    assert_eq!(texts(&doc, "#summary-html em"), ["para"]);
    assert_eq!(attrs(&doc, ".toc > li > a", "href"), ["#one", "#two"]);
    assert_eq!(attrs(&doc, ".toc li li a", "href"), ["#one-a"]);
}

#[test]
fn more_marker_ends_the_summary() {
    let (_, doc) = render("Intro one.\n\nIntro two.\n\n<!-- more -->\n\nRest.\n");
    assert_eq!(texts(&doc, "#summary"), ["Intro one. Intro two."]);
    assert_eq!(texts(&doc, "#summary-html p"), ["Intro one.", "Intro two."]);
}

#[test]
fn summary_html_is_the_first_top_level_paragraph_without_a_marker() {
    let (_, doc) = render(
        "## Start

> Quoted.

First [link](#start) *here*.

Second.
",
    );
    assert_eq!(texts(&doc, "#summary-html p"), ["Quoted.", "First link here."]);
    assert_eq!(attrs(&doc, "#summary-html a", "href"), ["/p/#start"]);
    assert_eq!(attrs(&doc, "#summary-html h2", "id"), ["start"]);
    let (_, doc) = render(
        "No paragraph at top level:

- a list
",
    );
    assert_eq!(texts(&doc, "#summary-html p"), ["No paragraph at top level:"]);
    let (_, doc) = render(
        "- only
- a list
",
    );
    assert_eq!(texts(&doc, "#summary-html li"), Vec::<String>::new());
}

#[test]
fn definition_list_terms_get_ids_that_links_may_target() {
    let site = TestSite::new()
        .page(
            "glossary.md",
            "title: Glossary",
            "Words used in our guides.\n\n## Cupping\n\nCupping\n: Cups that lift the skin.\n\n*Deep* tissue\n: Slow, firm pressure.\n\n\
             See [cupping](#cupping-1) and [deep tissue](#deep-tissue).\n",
        )
        .page(
            "guide.md",
            "title: Guide",
            "Read about [cupping](@/glossary.md#cupping-1).\n",
        )
        // A link in a template is checked in the written page, not in the markdown.
        .file(
            "themes/probe/templates/404.html",
            "<a href=\"/glossary/#deep-tissue\">Deep tissue</a>",
        );
    site.build_ok();
    let doc = site.html("glossary/index.html");
    assert_eq!(texts(&doc, ".content dt"), ["Cupping", "Deep tissue"]);
    assert_eq!(
        texts(&doc, ".content dd"),
        ["Cups that lift the skin.", "Slow, firm pressure."]
    );
    assert_eq!(attrs(&doc, ".content dt", "id"), ["cupping-1", "deep-tissue"]);
    assert_eq!(attrs(&doc, ".content h2", "id"), ["cupping"]);
    assert_eq!(
        attrs(&site.html("guide/index.html"), ".content a", "href"),
        ["/glossary/#cupping-1"]
    );
    let broken = TestSite::new().page("glossary.md", "title: Glossary", "Cupping\n: Cups.\n\n[x](#cuping)\n");
    assert_eq!(
        broken.error_lines(),
        [format!(
            "{}:7:1: error: link to `#cuping`: no heading `#cuping` on this page (did you mean `#cupping`?)",
            broken.shown("content/glossary.md")
        )]
    );
}

/// WCAG contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The value of custom property `name` in each rule of `css` with the selector `selector`, in
/// the stylesheet's order.
fn custom_properties(css: &str, selector: &str, name: &str) -> Vec<String> {
    css.match_indices(&format!("{selector}{{"))
        .map(|(at, open)| {
            let rule = &css[at + open.len()..];
            let rule = &rule[..rule.find('}').unwrap()];
            let value = rule.split(';').find_map(|d| d.strip_prefix(&format!("{name}:")));
            value.unwrap_or_else(|| panic!("{selector} has no {name}")).to_string()
        })
        .collect()
}

#[test]
fn alerts_are_callouts_with_a_title_in_readable_colours() {
    let site = TestSite::bundled_theme().page(
        "guides/aches.md",
        "title: Aches\ndescription: \"What ordinary muscle aches feel like, and the signs that mean it is time to see a doctor.\"",
        "Most aches fade.\n\n> [!WARNING]\n> See a doctor if the pain is *sharp*.\n\n> [!TIP]\n> Drink water.\n\n> A plain quote.\n",
    );
    site.build_ok();
    let doc = site.html("guides/aches/index.html");
    assert_eq!(attrs(&doc, "main div.callout", "role"), ["note", "note"]);
    assert_eq!(
        texts(&doc, "main .callout-warning > p"),
        ["Warning", "See a doctor if the pain is sharp."]
    );
    assert_eq!(texts(&doc, "main .callout-tip > .callout-title"), ["Tip"]);
    assert_eq!(texts(&doc, "main blockquote"), ["A plain quote."]);
    // The bundled theme gives each kind a colour for its title and background, light and dark,
    // in which the title, the text and links read at a contrast of at least 4.5:1.
    let css = site.read("style.css");
    let text = custom_properties(&css, ":root", "--fg");
    let links = custom_properties(&css, ":root", "--accent");
    for kind in ["note", "tip", "important", "warning", "caution"] {
        let selector = format!(".callout-{kind}");
        let titles = custom_properties(&css, &selector, "--callout");
        let backgrounds = custom_properties(&css, &selector, "--callout-bg");
        assert_eq!(titles.len(), 2, "light and dark colours for {kind}");
        for (scheme, (title, background)) in titles.iter().zip(&backgrounds).enumerate() {
            for foreground in [title, &text[scheme], &links[scheme]] {
                let ratio = contrast(foreground, background);
                assert!(ratio >= 4.5, "{kind} {foreground} on {background}: {ratio:.2}");
            }
        }
    }
}

/// Whether `html` parses without errors and closes every element it opens (except void ones),
/// counted by name.
fn balanced(html: &str) -> bool {
    if !scraper::Html::parse_fragment(html).errors.is_empty() {
        return false;
    }
    let void = ["br", "hr", "img", "input", "meta", "link", "source", "wbr"];
    let mut open = std::collections::BTreeMap::<String, i32>::new();
    for tag in html.split('<').skip(1).filter(|t| !t.starts_with('!')) {
        let (closing, tag) = tag.strip_prefix('/').map_or((false, tag), |t| (true, t));
        let name: String = tag.chars().take_while(char::is_ascii_alphanumeric).collect();
        if !name.is_empty() && !void.contains(&name.as_str()) {
            *open.entry(name).or_default() += if closing { -1 } else { 1 };
        }
    }
    open.values().all(|&n| n == 0)
}

/// The words of the text of an HTML fragment.
fn words(html: &str) -> Vec<String> {
    let text: String = scraper::Html::parse_fragment(html).root_element().text().collect();
    text.split_whitespace().map(String::from).collect()
}

#[test]
fn a_summary_cut_inside_an_element_is_closed_and_the_page_keeps_every_word() {
    // Each body, the words of its page and the words of its summary.
    let cases = [
        (
            "Intro.\n\n<div class=\"note\">Call us <!-- more --> today</div>\n",
            "Intro. Call us today",
            "Intro.",
        ),
        ("<!-- more --> Tail text.\n", "Tail text.", ""),
        ("> One.\n>\n> <!-- more -->\n>\n> Two.\n", "One. Two.", "One."),
        ("- One <!-- more --> two\n- Three\n", "One two Three", "One"),
        (
            "Start **bold <!-- more --> still** end.\n\nNext.\n",
            "Start bold still end. Next.",
            "Start bold",
        ),
        (
            "<div class=\"box\">\n\nIntro *text*.\n\n<!-- more -->\n\nMore.\n\n</div>\n",
            "Intro text. More.",
            "Intro text.",
        ),
        (
            "<div class=\"box\">\nCall us\n<!-- more -->\ntoday\n</div>\n\nAfter.\n",
            "Call us today After.",
            "",
        ),
        (
            "<aside>\n\nFirst paragraph.\n\n</aside>\n\nSecond.\n",
            "First paragraph. Second.",
            "First paragraph.",
        ),
    ];
    let mut site = TestSite::new()
        .file(
            "site.yaml",
            &format!("{}feed_content: summary\n", crate::support::SITE_YAML),
        )
        .page("guides/_index.md", "title: Guides\nfeed: true", "")
        .file(
            "themes/probe/templates/listing.html",
            "<ol class=\"listing\">{% for p in pages %}<li id=\"{{ p.title }}\">{{ p.summary }}</li>{% endfor %}</ol>",
        );
    for (i, (body, _, _)) in cases.iter().enumerate() {
        site = site.page(
            &format!("guides/p{i}.md"),
            &format!("title: p{i}\ndate: 2026-01-0{}", i + 1),
            body,
        );
    }
    site.build_ok();
    let atom = site.read("guides/atom.xml");
    let atom = roxmltree::Document::parse(&atom).unwrap();
    let listing = site.html("guides/index.html");
    for (i, (body, page_words, summary_words)) in cases.iter().enumerate() {
        let page = site.read(&format!("guides/p{i}/index.html"));
        let content = &page[page.find("<div class=\"content\">").unwrap()..];
        let content = &content[..content.find("</div>\n<ul class=\"tags\">").unwrap() + 6];
        assert_eq!(words(content).join(" "), *page_words, "page of {body:?}");
        let summary = &page[page.find("<div id=\"summary-html\">").unwrap() + 23..];
        let summary = &summary[..summary.find("</div>\n<ul class=\"toc\">").unwrap()];
        assert!(balanced(summary), "summary of {body:?}: {summary:?}");
        assert_eq!(words(summary).join(" "), *summary_words, "summary of {body:?}");
        let entry = atom
            .descendants()
            .find(|n| {
                n.has_tag_name("entry")
                    && n.children()
                        .any(|t| t.has_tag_name("title") && t.text() == Some(format!("p{i}").as_str()))
            })
            .unwrap();
        let feed_summary = entry
            .children()
            .find(|n| n.has_tag_name("summary"))
            .unwrap()
            .text()
            .unwrap_or("");
        assert!(balanced(feed_summary), "feed summary of {body:?}: {feed_summary:?}");
        assert_eq!(
            words(feed_summary).join(" "),
            *summary_words,
            "feed summary of {body:?}"
        );
        let listed = texts(&listing, &format!("li#p{i}")).join(" ");
        assert!(
            summary_words.is_empty() || listed.starts_with(*summary_words),
            "listing of {body:?}: {listed:?}"
        );
    }
}

#[test]
fn raw_html_passes_through() {
    let (_, doc) = render("<div class=\"callout\" id=\"book\">Call us</div>\n\n[book](#book)\n");
    assert_eq!(texts(&doc, ".content div.callout"), ["Call us"]);
}

#[test]
fn front_matter_text_is_escaped_in_templates() {
    let site = TestSite::new().page("p.md", "title: \"<script>alert(1)</script> & co\"", "");
    site.build_ok();
    let html = site.read("p/index.html");
    assert!(!html.contains("<script>alert"), "unescaped title in output");
    assert_eq!(
        texts(&site.html("p/index.html"), "h1"),
        ["<script>alert(1)</script> & co"]
    );
}

/// The first bytes of a GIF of `width` x `height`: enough for anything that reads the header.
/// (GIFs are published as they are; photos become pictures, see tests/it/images.rs.)
fn gif_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"GIF89a".to_vec();
    bytes.extend(u16::try_from(width).unwrap().to_le_bytes());
    bytes.extend(u16::try_from(height).unwrap().to_le_bytes());
    bytes.extend([0, 0, 0, b';']);
    bytes
}

#[test]
fn local_images_get_their_width_and_height() {
    let site = TestSite::new()
        .page(
            "guides/stretch/index.md",
            "title: Stretch",
            "![A *calf* stretch](calf.gif \"Calf\") and ![remote](https://img.example/x.png) [next](#part)\n\n## Part",
        )
        .bytes("content/guides/stretch/calf.gif", &gif_header(640, 480));
    site.build_ok();
    let doc = site.html("guides/stretch/index.html");
    let sized = scraper::Selector::parse("img[width]").unwrap();
    let img = doc.select(&sized).next().expect("a sized image");
    let v = img.value();
    assert_eq!(v.attr("src"), Some("/guides/stretch/calf.gif"));
    assert_eq!(v.attr("alt"), Some("A calf stretch"));
    assert_eq!(v.attr("title"), Some("Calf"));
    assert_eq!((v.attr("width"), v.attr("height")), (Some("640"), Some("480")));
    let unsized_images = attrs(&doc, "img:not([width])", "src");
    assert!(!unsized_images.is_empty() && unsized_images.iter().all(|s| s == "https://img.example/x.png"));
    assert!(
        !attrs(&doc, "a[href='#part']", "href").is_empty(),
        "text after the image still renders"
    );
}

/// The alt text pulldown-cmark's own HTML writer gives the image of `markdown`.
fn pulldown_alt(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
    attrs(&scraper::Html::parse_fragment(&html), "img", "alt").remove(0)
}

#[test]
fn a_sized_image_keeps_the_alt_text_pulldown_cmark_writes_and_a_plain_src() {
    let description = "A calm\ntreatment room,  \n*warm **and** `quiet`*";
    let site = TestSite::new()
        .page(
            "guides/rooms/index.md",
            "title: Rooms",
            &format!(
                "![{description}](room.gif)\n\n![{description}](https://img.example/room.png)\n\n\
                 ![Step one<br>step <b>two</b>,\nthree](room.gif)\n\n\
                 ![Step one<br>step <b>two</b>,\nthree](https://img.example/steps.png)\n"
            ),
        )
        .bytes("content/guides/rooms/room.gif", &gif_header(40, 30));
    site.build_ok();
    let doc = site.html("guides/rooms/index.html");
    let expected = pulldown_alt(&format!("![{description}](x.png)"));
    assert_eq!(expected, "A calm treatment room, warm and quiet");
    assert_eq!(
        attrs(&doc, ".content img[width]", "alt"),
        [expected.as_str(), "Step one step two, three"]
    );
    assert_eq!(
        attrs(&doc, ".content img:not([width])", "alt"),
        [expected.as_str(), "Step one step two, three"]
    );
    let page = site.read("guides/rooms/index.html");
    assert!(page.contains("<img src=\"/guides/rooms/room.gif\" alt="), "{page}");
}

#[test]
fn links_after_a_link_inside_an_image_description_keep_their_own_targets() {
    // The renderer takes each link's href from the link check in order; a link written inside
    // a sized image's description is never rendered, and must not shift the ones after it.
    let site = TestSite::new()
        .page("a.md", "title: A", "")
        .page("b.md", "title: B", "")
        .page(
            "guides/stretch/index.md",
            "title: Stretch",
            "![see [a](@/a.md) first](calf.gif) then [b](@/b.md) and [a again](@/a.md#top).\n\n\
             ![plain [b](@/b.md)](https://img.example/x.png) [last](@/a.md)\n",
        )
        .bytes("content/guides/stretch/calf.gif", &gif_header(8, 8));
    site.build_ok();
    let doc = site.html("guides/stretch/index.html");
    assert_eq!(attrs(&doc, ".content img[width]", "alt"), ["see a first"]);
    assert_eq!(attrs(&doc, ".content a", "href"), ["/b/", "/a/#top", "/a/"]);
}

#[test]
fn character_references_to_control_characters_reach_no_page() {
    let site = TestSite::new().page(
        "a.md",
        "title: A",
        "One &#1; two &#x10; three &#127; four &#xFFFE;.\n\n[link](/ \"ti&#2;tle\")\n",
    );
    site.build_ok();
    let page = site.read("a/index.html");
    let unwanted = |c: char| (c < ' ' && !"\t\n\r".contains(c)) || c == '\x7f' || c == '\u{FFFE}';
    assert!(!page.chars().any(unwanted), "{page:?}");
    assert!(
        page.contains("One \u{FFFD} two \u{FFFD} three \u{FFFD} four \u{FFFD}."),
        "{page}"
    );
    assert!(page.contains("title=\"ti\u{FFFD}tle\""), "{page}");
}

/// The HTML of a page with `body`, unparsed (a parser's tree of thousands of nested elements
/// takes longer to build than the page).
fn built_page(body: &str) -> String {
    let site = TestSite::new().page("p.md", "title: P", body);
    site.build_ok();
    site.read("p/index.html")
}

/// The summary HTML the probe theme shows on a page.
fn summary_html(page: &str) -> &str {
    let summary = &page[page.find("<div id=\"summary-html\">").unwrap() + 23..];
    &summary[..summary.find("</div>\n<ul class=\"toc\">").unwrap()]
}

#[test]
fn a_block_of_a_hundred_thousand_unclosed_scripts_is_read_once() {
    // Each `<script>` left without its end tag made the rest of the block be searched for one.
    let scripts = "<script>".repeat(100_000);
    let page = built_page(&format!("<div>{scripts}\n\n<!-- more -->\n\nAfter.\n"));
    assert_eq!(summary_html(&page), format!("<div>{scripts}\n</script></div>"));
    assert!(page.contains(&format!("<div>{scripts}\n<p>After.</p>\n")));
}

#[test]
fn a_block_of_a_hundred_thousand_unmatched_end_tags_is_read_once() {
    // Each `</span>` with no open `<span>` made every open element be searched twice.
    let n = 100_000;
    let block = format!("{}{}", "<div>".repeat(n), "</span>".repeat(n));
    let page = built_page(&format!("{block}\n\n<!-- more -->\n\nAfter.\n"));
    assert_eq!(summary_html(&page), format!("{block}\n{}", "</div>".repeat(n)));
}
