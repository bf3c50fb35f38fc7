//! Link destinations as people write them: URLs of any scheme, email autolinks, page links
//! without `.md`, section folders, root paths to `.md` files and URLs in another letter case;
//! and what a broken or ambiguous one says.

use crate::support::{TestSite, attrs, texts};

#[test]
fn any_url_scheme_is_an_external_link_and_email_autolinks_become_mailto() {
    let site = TestSite::new().page(
        "contact.md",
        "title: Contact",
        "Write to <info@example.com>, fetch <ftp://files.example.org/menu.pdf>, \
         [WhatsApp](whatsapp://send?phone=15550100), [text us](sms:+15550100), \
         [find us](geo:47.37,8.54), [call](TEL:+15550100), [custom](web+clinic:book) or \
         [web](https://example.org/).\n",
    );
    site.build_ok();
    let doc = site.html("contact/index.html");
    assert_eq!(
        attrs(&doc, ".content a", "href"),
        [
            "mailto:info@example.com",
            "ftp://files.example.org/menu.pdf",
            "whatsapp://send?phone=15550100",
            "sms:+15550100",
            "geo:47.37,8.54",
            "TEL:+15550100",
            "web+clinic:book",
            "https://example.org/"
        ]
    );
    assert_eq!(texts(&doc, ".content a")[0], "info@example.com");
}

#[test]
fn a_scheme_in_raw_html_is_not_a_path_either() {
    // A body with raw HTML has its final HTML checked too.
    let site = TestSite::new().page(
        "contact.md",
        "title: Contact",
        "Call <span id=\"x\">us</span>: <ftp://files.example.org/a> [chat](whatsapp://send)\n",
    );
    site.build_ok();
    let doc = site.html("contact/index.html");
    assert_eq!(
        attrs(&doc, ".content a", "href"),
        ["ftp://files.example.org/a", "whatsapp://send"]
    );
}

#[test]
fn links_that_run_code_or_carry_a_document_fail_the_build() {
    let site = TestSite::new().page(
        "a.md",
        "title: A",
        "[one](javascript:alert(1))\n[two](VBScript:x)\n[three](data:text/html,hi)\n![ok](data:image/png;base64,AAAA)\n\
         ![logo](data:image/svg+xml;base64,PHN2Zz4=)\n",
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    let file = site.shown("content/a.md");
    let help = "  help: link to a page (`@/contact.md`), a web address (`https://…`), an email address (`mailto:…`) or a phone number (`tel:…`)";
    assert_eq!(
        site.errors(),
        [
            format!(
                "{file}:4:1: error: link to `javascript:alert(1)`: it runs code when clicked, so knead does not publish it\n{help}"
            ),
            format!(
                "{file}:5:1: error: link to `VBScript:x`: it runs code when clicked, so knead does not publish it\n{help}"
            ),
            format!(
                "{file}:6:1: error: link to `data:text/html,hi`: a `data:` link carries a whole document; knead publishes `data:image/…` only\n{help}"
            ),
            format!(
                "{file}:8:1: error: link to `data:image/svg+xml;base64,PHN2Zz4=`: an SVG image can carry scripts, so knead does not publish one as a `data:` URL; save it as a file beside the page and link to that\n{help}"
            ),
        ]
    );
    assert!(!site.public().exists());
}

#[test]
fn a_named_link_to_a_refused_url_fails_where_it_is_defined_and_used() {
    let site = TestSite::new()
        .file(
            "site.yaml",
            &format!("{}links:\n  book: \"javascript:alert(1)\"\n", crate::support::SITE_YAML),
        )
        .page("a.md", "title: A", "[Book now](@book)\n");
    let help = "  help: link to a page (`@/contact.md`), a web address (`https://…`), an email address (`mailto:…`) or a phone number (`tel:…`)";
    assert_eq!(
        site.errors(),
        [
            format!(
                "{}:4:1: error: link to `@book`, which is `javascript:alert(1)` in site.yaml: it runs code when clicked, so knead does not publish it\n{help}",
                site.shown("content/a.md")
            ),
            format!(
                "{}:5:9: error: link to `javascript:alert(1)`: it runs code when clicked, so knead does not publish it\n{help}",
                site.shown("site.yaml")
            ),
        ]
    );
    assert!(!site.public().exists());
}

#[test]
fn an_email_address_written_as_a_link_destination_gets_a_hint() {
    let site = TestSite::new().page("a.md", "title: A", "[Mail us](info@example.com)\n");
    assert_eq!(
        site.errors(),
        [format!(
            "{}:4:1: error: link to `info@example.com`: no such file in content/ (looked for `info@example.com`)\n  \
             help: an email address is linked as `mailto:info@example.com`, or written `<info@example.com>` with no link text",
            site.shown("content/a.md")
        )]
    );
}

#[test]
fn a_colon_in_a_file_name_is_a_path_when_no_scheme_can_be_meant() {
    // `a:` is one letter (no scheme has one), `./` and `@/` start no scheme; `notes:` is a
    // scheme, as a browser would read it.
    let site = TestSite::new()
        .page("a:b.md", "title: AB", "")
        .page("notes:v2.md", "title: Notes", "")
        .page(
            "links.md",
            "title: Links",
            "[one](a:b.md) [two](./notes:v2.md) [three](@/a:b.md) [four](notes:v2.md)\n",
        );
    site.build_ok();
    let doc = site.html("links/index.html");
    assert_eq!(
        attrs(&doc, ".content a", "href"),
        ["/a-b/", "/notes-v2/", "/a-b/", "notes:v2.md"]
    );
    let windows = TestSite::new().page("w.md", "title: W", "[x](C:\\Users\\me\\x.md)\n");
    assert_eq!(
        windows.error_lines(),
        [format!(
            "{}:4:1: error: link to `C:\\Users\\me\\x.md`: no such page",
            windows.shown("content/w.md")
        )]
    );
}

/// A site with pages in sections, a leaf page, a bundle and a file name with capitals.
fn hugo_shaped() -> TestSite {
    TestSite::new()
        .page("services/_index.md", "title: Services", "")
        .page("services/massage.md", "title: Massage", "## Who it helps\n")
        .page("docs/_index.md", "title: Docs", "")
        .page("docs/multilingual.md", "title: Multilingual", "## Menus\n")
        .page("guides/_index.md", "title: Guides", "")
        .page("guides/sleep.md", "title: Sleep", "")
        .page(
            "guides/bundle/index.md",
            "title: Bundle",
            "[sleep](../sleep) [here](./) [up](../)\n",
        )
        .page("functions/strings/Replace.md", "title: Replace", "")
}

#[test]
fn pages_named_without_md_section_folders_root_md_paths_and_lower_case_urls_resolve() {
    let site = hugo_shaped()
        .page(
            "docs/menus.md",
            "title: Menus",
            "[a](multilingual/#menus) [b](./multilingual) [c](../services/) [d](../services/massage#who-it-helps)\n",
        )
        .page(
            "guides/recovery.md",
            "title: Recovery",
            "[e](/services/massage.md) [f](/services/massage.md#who-it-helps) [g](../services/) \
             [h](/functions/strings/replace/) [i](../sleep/)\n",
        );
    site.build_ok();
    let menus = site.html("docs/menus/index.html");
    assert_eq!(
        attrs(&menus, ".content a", "href"),
        [
            "/docs/multilingual/#menus",
            "/docs/multilingual/",
            "/services/",
            "/services/massage/#who-it-helps"
        ]
    );
    // From a page that is not a bundle, `../sleep/` is its sibling as a browser reads it:
    // nothing named `sleep` lies beside content/guides/.
    let recovery = site.html("guides/recovery/index.html");
    assert_eq!(
        attrs(&recovery, ".content a", "href"),
        [
            "/services/massage/",
            "/services/massage/#who-it-helps",
            "/services/",
            "/functions/strings/Replace/",
            "/guides/sleep/"
        ]
    );
    let bundle = site.html("guides/bundle/index.html");
    assert_eq!(
        attrs(&bundle, ".content a", "href"),
        ["/guides/sleep/", "/guides/bundle/", "/guides/"]
    );
}

#[test]
fn a_link_two_pages_fit_is_an_error_naming_both() {
    let site = hugo_shaped().page("sleep.md", "title: Top sleep", "").page(
        "guides/recovery.md",
        "title: Recovery",
        "[i](../sleep/)\n[j](./)\n",
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    let file = site.shown("content/guides/recovery.md");
    let help = "help: name the one you mean by its file: `@/` and its path under content/";
    assert_eq!(
        site.errors(),
        [
            format!(
                "{file}:4:1: error: link to `../sleep/`: two pages fit, `@/sleep.md` beside this file and `@/guides/sleep.md` from this page's URL `/guides/recovery/`\n  {help}"
            ),
            format!(
                "{file}:5:1: error: link to `./`: two pages fit, `@/guides/_index.md` beside this file and `@/guides/recovery.md` from this page's URL `/guides/recovery/`\n  {help}"
            ),
        ]
    );
}

#[test]
fn link_forms_that_stay_strict_say_what_to_write() {
    let site = hugo_shaped()
        .page(
            "services/deep.md",
            "title: Deep",
            "[a](./massag)\n[b](/services/Massage.md)\n[c](@/services/Massage.md)\n[d](/Services/massag/)\n\
         [e](services/)\n[f](../Functions/Strings/Replace.md)\n[g](./draft)\n",
        )
        .page("services/draft.md", "title: Draft\ndraft: true", "");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    let file = site.shown("content/services/deep.md");
    assert_eq!(
        site.errors(),
        [
            format!(
                "{file}:4:1: error: link to `./massag`: no such page (did you mean `@/services/massage.md`?)\n  \
                 help: a link without `.md` is looked up as `services/massag.md`, `services/massag/index.md`, \
                 `services/massag/_index.md` and the URL `/services/deep/massag/`"
            ),
            format!(
                "{file}:5:1: error: link to `/services/Massage.md`: no such page (did you mean `@/services/massage.md`?)"
            ),
            format!(
                "{file}:6:1: error: link to `@/services/Massage.md`: no such page (did you mean `@/services/massage.md`?)"
            ),
            format!(
                "{file}:7:1: error: link to `/Services/massag/`: no page or file at this URL (did you mean `/services/massage/`?)"
            ),
            format!(
                "{file}:8:1: error: link to `services/`: no such page (did you mean `@/services/_index.md`?)\n  \
                 help: a link without `.md` is looked up as `services/services.md`, `services/services/index.md`, \
                 `services/services/_index.md` and the URL `/services/deep/services/`"
            ),
            format!(
                "{file}:9:1: error: link to `../Functions/Strings/Replace.md`: no such page (did you mean `@/functions/strings/Replace.md`?)"
            ),
            format!(
                "{file}:10:1: error: link to `./draft`: that page is not published because it is a draft (build with --drafts to include it)"
            ),
        ]
    );
}

/// Two pages that link to one missing page, one of them through a reference-style link used
/// twice, and a link to a missing heading.
fn shared_broken_destination() -> TestSite {
    TestSite::new()
        .page("services/_index.md", "title: Services", "")
        .page(
            "guides/a.md",
            "title: A",
            "See [deep work][Deep] and [more][deep].\n\nAnd [the top](#nowhere).\n\n[Deep]: @/services/deep.md\n",
        )
        .page("guides/b.md", "title: B", "Try [it](@/services/deep.md).\n")
}

#[test]
fn a_reference_link_is_reported_at_its_definition_and_one_destination_is_printed_once() {
    let site = shared_broken_destination();
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    let a = site.shown("content/guides/a.md");
    let b = site.shown("content/guides/b.md");
    assert_eq!(
        stderr,
        format!(
            "{a}:4:5: error: link to `@/services/deep.md`: no such page\n  \
             also at {a}:4:27\n  \
             also at {a}:8:1, the definition of `[Deep]`\n  \
             also at {b}:4:5\n\
             {a}:6:5: error: link to `#nowhere`: no heading `#nowhere` on this page\n  \
             help: anchors are GitHub-style heading slugs: `## How Often?` -> `#how-often`\n\
             error: 5 problems found: 3 links to missing pages, 1 broken link definition, 1 link to a missing heading\n"
        )
    );
    // Each place is a diagnostic of its own, for editors and CI annotations.
    assert!(
        site.errors().contains(&format!(
            "{a}:8:1: error: link to `@/services/deep.md`: no such page\n  note: this is the definition of `[Deep]`"
        )),
        "{:?}",
        site.errors()
    );
}

#[test]
fn ci_annotations_mark_the_definition_and_end_with_the_counts() {
    let site = shared_broken_destination();
    let (code, stdout, stderr) = site.run(&["check", "--format", "github"]);
    assert_eq!(code, 1);
    assert!(
        stdout.lines().any(|l| l.ends_with(
            ",line=8,col=1::link to `@/services/deep.md`: no such page%0Anote: this is the definition of `[Deep]`"
        )),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    assert_eq!(
        stderr,
        "error: 5 problems found: 3 links to missing pages, 1 broken link definition, 1 link to a missing heading\n"
    );
}
