//! Bad content never panics: each problem is reported at the source file's line and column, and
//! every problem of a build is reported together.

use crate::support::TestSite;

#[test]
fn unknown_key_names_the_file_line_and_the_likely_key() {
    let site = TestSite::new().page("guides/x.md", "title: X\ndescription: d\ntitel: typo", "");
    let errors = site.errors();
    assert_eq!(errors.len(), 1);
    let shown = site.shown("content/guides/x.md");
    assert!(
        errors[0].starts_with(&format!("{shown}:4:1: error: unknown field `titel`")),
        "{}",
        errors[0]
    );
    assert!(errors[0].ends_with("help: did you mean `title`?"), "{}", errors[0]);
}

#[test]
fn a_quoted_text_over_two_lines_keeps_the_unknown_key_error() {
    let site = TestSite::new().page(
        "x.md",
        "title: X\ndescription: \"Our hours\n  Monday: 9-5\"\ntitel: typo",
        "",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let shown = site.shown("content/x.md");
    assert!(
        errors[0].starts_with(&format!(
            "{shown}:5:1: error: unknown field `titel`, expected one of `title`, "
        )),
        "{}",
        errors[0]
    );
    assert!(errors[0].ends_with("\n  help: did you mean `title`?"), "{}", errors[0]);
}

#[test]
fn wrong_type_points_at_the_value() {
    let site = TestSite::new().page("x.md", "title: X\ntags: 5", "");
    let lines = site.error_lines();
    assert_eq!(
        lines,
        [format!(
            "{}:3:7: error: tags: invalid type: integer `5`, expected a sequence",
            site.shown("content/x.md")
        )]
    );
}

#[test]
fn broken_yaml_is_positioned_in_the_file() {
    let site = TestSite::new().page("x.md", "title: X\ndescription: [unclosed", "");
    let lines = site.error_lines();
    assert_eq!(lines.len(), 1);
    let prefix = format!("{}:", site.shown("content/x.md"));
    let rest = lines[0].strip_prefix(&prefix).unwrap();
    let line: usize = rest.split(':').next().unwrap().parse().unwrap();
    assert!((3..=4).contains(&line), "{}", lines[0]);
    assert!(rest.contains(": error: "), "{}", lines[0]);
}

#[test]
fn missing_title_is_an_error() {
    let site = TestSite::new().page("x.md", "description: no title here", "");
    assert_eq!(
        site.error_lines(),
        [format!(
            "{}:2:1: error: missing field `title`",
            site.shown("content/x.md")
        )]
    );
}

#[test]
fn missing_front_matter_says_how_to_start_the_file() {
    let site = TestSite::new().file("content/x.md", "# Just markdown\n");
    let errors = site.errors();
    assert!(
        errors[0].starts_with(&format!(
            "{}:1:1: error: missing front matter",
            site.shown("content/x.md")
        )),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("title:"), "{}", errors[0]);
}

#[test]
fn bad_date_points_at_the_date_line() {
    let site = TestSite::new().page("x.md", "title: X\n\ndate: 2026-02-30", "");
    let errors = site.errors();
    assert!(
        errors[0].starts_with(&format!(
            "{}:4:7: error: invalid date `2026-02-30`",
            site.shown("content/x.md")
        )),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("YYYY-MM-DD"));
}

#[test]
fn slug_cannot_escape_the_output_directory() {
    let site = TestSite::new().page("x.md", "title: X\nslug: ../../x", "");
    let lines = site.error_lines();
    assert_eq!(
        lines,
        [format!(
            "{}:3:7: error: slug `../../x` may not start with `.`",
            site.shown("content/x.md")
        )]
    );
    assert!(!site.root().join("x").exists());
    assert!(!site.public().exists());
}

#[test]
fn alias_path_tricks_are_refused() {
    let site = TestSite::new().page("x.md", "title: X\naliases: [\"/../../escape/\"]", "");
    let lines = site.error_lines();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains(":3:10: error: alias `/../../escape/`"),
        "{}",
        lines[0]
    );
    assert!(!site.root().parent().unwrap().join("escape").exists());
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let site = TestSite::new().bytes("content/x.md", b"---\ntitle: X\n---\nok \xff bad\n");
    assert_eq!(
        site.error_lines(),
        [format!(
            "{}:4:4: error: file is not valid UTF-8",
            site.shown("content/x.md")
        )]
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_an_error_not_a_hang() {
    let site = TestSite::new().page("guides/a.md", "title: A", "");
    std::os::unix::fs::symlink(site.root().join("content"), site.root().join("content/guides/loop")).unwrap();
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("content/guides/loop: error: symlink loop"),
        "{}",
        errors[0]
    );
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let site = TestSite::new()
        .page("a.md", "title: A\ntitel: x", "")
        .page("b.md", "title: B\ndate: yesterday", "")
        .page("c.md", "nothing: here", "");
    let lines = site.error_lines();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].contains("content/a.md:3:1: error: unknown field `titel`"));
    assert!(lines[1].contains("content/b.md:3:7: error: invalid date `yesterday`"));
    assert!(lines[2].contains("content/c.md:2:1: error: "));
}

#[test]
fn unknown_site_config_key_is_an_error_with_suggestion() {
    let site = TestSite::new().file("site.yaml", "title: T\nbase_url: https://x.org/\nlanguge: en\n");
    let errors = site.errors();
    assert!(
        errors[0].starts_with(&format!(
            "{}:3:1: error: unknown field `languge`",
            site.shown("site.yaml")
        )),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("did you mean `language`?"));
}

#[test]
fn relative_base_url_is_refused() {
    let site = TestSite::new().file("site.yaml", "title: T\nbase_url: example.org\n");
    let errors = site.error_lines();
    assert!(
        errors[0].ends_with("error: base_url: `example.org` is not an absolute http(s) URL"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_markdown_file_inside_a_bundle_is_an_error() {
    let site = TestSite::new()
        .page("g/foo/index.md", "title: Foo", "")
        .page("g/foo/other.md", "title: O", "");
    let errors = site.error_lines();
    assert!(
        errors[0].contains("content/g/foo/other.md: error: markdown file inside the page bundle `g/foo/`"),
        "{}",
        errors[0]
    );
}

#[test]
fn flow_collections_nested_100000_deep_are_refused_at_the_first_level_too_deep() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let help = "  help: close the `[` and `{` left open before this point, or flatten the data";
    let site = TestSite::new().page("x.md", &format!("title: X\ntags: {deep}"), "");
    assert_eq!(
        site.errors(),
        [format!(
            "{}:3:135: error: values nested more than 128 levels deep\n{help}",
            site.shown("content/x.md")
        )]
    );
    let site = TestSite::new().file(
        "site.yaml",
        &format!("{}tag_titles: {{a: {deep}}}\n", crate::support::SITE_YAML),
    );
    assert_eq!(
        site.errors(),
        [format!(
            "{}:4:144: error: values nested more than 128 levels deep\n{help}",
            site.shown("site.yaml")
        )]
    );
}

#[test]
fn front_matter_escapes_that_write_control_characters_are_errors() {
    let site = TestSite::new()
        .page("a.md", "title: \"Tab\\tis fine, \\x01 is not\"", "")
        .page("b.md", "title: B\nfaq:\n  - q: \"Why?\"\n    a: \"Because \\e[1m\"", "")
        .file("content/s/_index.md", "---\ntitle: S\ndescription: \"\\uFFFE\"\n---\n");
    let help = "  help: remove it; a tab is written `\\t` and a line break `\\n`";
    assert_eq!(
        site.errors(),
        [
            format!(
                "{}:2:23: error: `\\x01` writes U+0001, a character web pages and feeds cannot carry\n{help}",
                site.shown("content/a.md")
            ),
            format!(
                "{}:5:17: error: `\\e` writes U+001B, a character web pages and feeds cannot carry\n{help}",
                site.shown("content/b.md")
            ),
            format!(
                "{}:3:15: error: `\\uFFFE` writes U+FFFE, a character web pages and feeds cannot carry\n{help}",
                site.shown("content/s/_index.md")
            ),
        ]
    );
    let site = TestSite::new().file(
        "site.yaml",
        &format!("{}description: \"\\x7f\"\n", crate::support::SITE_YAML),
    );
    assert_eq!(
        site.error_lines(),
        [format!(
            "{}:4:15: error: `\\x7f` writes U+007F, a character web pages and feeds cannot carry",
            site.shown("site.yaml")
        )]
    );
}

#[test]
fn a_tag_that_names_no_page_is_an_error_naming_it() {
    let site = TestSite::new()
        .page("a.md", "title: A\ntags: [recovery, \"!!!\"]", "")
        .page("b.md", "title: B\ntags:\n  - \"   \"", "");
    let help = "  help: a tag becomes a page such as /tags/deep-tissue/: write it in words, or remove it";
    assert_eq!(
        site.errors(),
        [
            format!(
                "{}:3:7: error: tag `!!!` has no letter or digit to name its page by\n{help}",
                site.shown("content/a.md")
            ),
            format!(
                "{}:3:6: error: tag `   ` has no letter or digit to name its page by\n{help}",
                site.shown("content/b.md")
            ),
        ]
    );
}

#[test]
fn dates_before_year_1_or_after_9999_are_errors() {
    let site = TestSite::new().page("a.md", "title: A\ndate: 0000-01-01", "").page(
        "b.md",
        "title: B\ndate: 2026-01-01\nupdated: \"-0044-03-15\"",
        "",
    );
    let help = "  help: sitemaps, feeds and structured data write four-digit years: give the year the page is from";
    assert_eq!(
        site.errors(),
        [
            format!(
                "{}:3:7: error: date `0000-01-01`: the year must be from 1 to 9999\n{help}",
                site.shown("content/a.md")
            ),
            format!(
                "{}:4:10: error: updated `-0044-03-15`: the year must be from 1 to 9999\n{help}",
                site.shown("content/b.md")
            ),
        ]
    );
}

#[test]
fn a_colon_in_an_unquoted_text_says_to_quote_it_and_shows_the_line() {
    let site = TestSite::new().page("a.md", "title: Massage: what to expect", "").page(
        "b.md",
        "title: B\nfaq:\n  - q: Does it hurt?\n    a: It should not: tell your therapist \"stop\" at any time.",
        "",
    );
    assert_eq!(
        site.errors(),
        [
            format!(
                "{}:2:15: error: `title` has a colon in its text, so the text needs quotes\n  \
                 help: put the text in quotes: title: \"Massage: what to expect\"",
                site.shown("content/a.md")
            ),
            format!(
                "{}:5:21: error: `a` has a colon in its text, so the text needs quotes\n  \
                 help: put the text in quotes: a: 'It should not: tell your therapist \"stop\" at any time.'",
                site.shown("content/b.md")
            ),
        ]
    );
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    let site = TestSite::new()
        .page(
            "a.md",
            "title: \"Massage\ndescription: \"What a session is like.\"\nweight: 1",
            "",
        )
        .page("b.md", "title: B\ndescription: 'What a session is like.", "");
    assert_eq!(
        site.errors(),
        [
            format!(
                "{}:2:8: error: the quote that starts the text of `title` is never closed\n  \
                 help: end the text with the same quote on this line: title: \"Massage\"",
                site.shown("content/a.md")
            ),
            format!(
                "{}:3:14: error: the quote that starts the text of `description` is never closed\n  \
                 help: end the text with the same quote on this line: description: 'What a session is like.'",
                site.shown("content/b.md")
            ),
        ]
    );
}

#[test]
fn a_text_where_a_list_goes_shows_the_list_form() {
    let site = TestSite::new().page("a.md", "title: A\ntags: running, knees", "").page(
        "b.md",
        "title: B\naliases: /old-massage/",
        "",
    );
    assert_eq!(
        site.errors(),
        [
            format!(
                "{}:3:7: error: `tags` takes a list, not the text \"running, knees\"\n  \
                 help: write the list in square brackets: tags: [running, knees]",
                site.shown("content/a.md")
            ),
            format!(
                "{}:3:10: error: `aliases` takes a list, not the text \"/old-massage/\"\n  \
                 help: write the list in square brackets: aliases: [\"/old-massage/\"]",
                site.shown("content/b.md")
            ),
        ]
    );
}
