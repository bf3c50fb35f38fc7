//! The load-time pass over a page's markdown: headings and their ids, every link with where it
//! is written, word count, the plain-text summary, and the body's HTML with holes where the
//! hrefs go (see [`super::body_html`]). One parse does it all: the hrefs are filled in later,
//! once every page exists and links can be resolved.

use super::autolink::{Hit, Rules};
use super::body_html::{self, SharedBody};
use super::components::{self, Call, Problem};
use super::open_elements::OpenElements;
use super::raw_html::RawTag;
use super::references::{self, DefinitionPlaces};
use super::slug::{UniqueIds, github_slug};
use crate::control_chars;
use crate::diagnostics::LineIndex;
use pulldown_cmark::{HeadingLevel, LinkType, Options, RefDefs, Tag, TagEnd};
use std::borrow::Cow;

/// The markdown dialect: CommonMark plus the GitHub-style extensions owners expect (alerts,
/// `> [!NOTE]`, among them: see [`super::callout`]), and definition lists (`Term` then
/// `: definition`).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// The marker that ends a page's summary when present.
pub const MORE_MARKER: &str = "<!-- more -->";

/// One heading of a page, with the id its anchor gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image destination as written, with where it was written (found at load time, so
/// that messages about it need not keep the page's text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLink {
    pub dest: String,
    /// 1-based line and column in the whole source file.
    pub line: usize,
    pub col: usize,
    pub is_image: bool,
}

/// Where a reference-style link (`[text][deep]`, `[deep]`) takes its destination from: the
/// definition `[deep]: @/services/deep.md`, which is where a broken one is fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The link, as an index in [`Analysis::links`].
    pub link: usize,
    /// The label as the definition writes it.
    pub label: String,
    /// 1-based line and column of the definition's `[` in the whole source file.
    pub line: usize,
    pub col: usize,
}

/// What the rest of the pipeline needs to know about a body, and its HTML.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub headings: Vec<Heading>,
    /// The ids of the terms of definition lists (`<dt id="...">`), in order: made from their
    /// text as heading ids are, and unique among them.
    pub term_ids: Vec<String>,
    pub links: Vec<RawLink>,
    /// The definitions of the reference-style links among `links`, in the order of `links`.
    pub definitions: Vec<Definition>,
    /// Ids written in raw HTML (`<div id="x">`), which links may target too.
    pub html_ids: Vec<String>,
    pub word_count: usize,
    pub summary_text: String,
    /// Images written as `![](x.jpg)`: markdown has no way to mark an image as decoration, so
    /// an empty alt text is an oversight, an error at the image.
    pub images_without_alt: Vec<RawLink>,
    /// `<img>` tags written in HTML with no `alt` attribute at all, each with its `src` (empty
    /// without one) and the place of its `<`: an error too. `alt=""` marks an image as
    /// decoration, so such a tag is not among them.
    pub html_images_without_alt: Vec<RawLink>,
    /// Whether the body renders to more than markdown's own elements: raw HTML (other than the
    /// `<!-- more -->` marker) or footnotes, whose links and ids only a scan of the HTML finds.
    pub raw_html: bool,
    /// The body as HTML, its hrefs left open (autolinks included), with a marker where each
    /// component goes (see [`super::components`]).
    pub body: SharedBody,
    /// The components the body calls, in the order of their markers.
    pub components: Vec<Call>,
    /// Calls written so wrongly that they are not calls (checked with the rest once the theme's
    /// components are known).
    pub component_problems: Vec<Problem>,
}

impl Analysis {
    /// Every id a link may target on this page: heading ids, term ids, then ids written in
    /// raw HTML.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let headings = self.headings.iter().map(|h| h.id.as_str());
        let terms = self.term_ids.iter().map(String::as_str);
        headings.chain(terms).chain(self.html_ids.iter().map(String::as_str))
    }
}

/// Analyses and renders the body of `text` (the whole file; the body starts at `body_offset`),
/// the content file at content path `rel`.
pub fn analyse(text: &str, body_offset: usize, rel: &str, autolinks: &Rules) -> Analysis {
    let body = &text[body_offset.min(text.len())..];
    // Control characters and noncharacters never reach the HTML (nor the feeds that carry
    // it): a body with any is read with each replaced, one character for one, so that lines
    // and columns stay true.
    if let Cow::Owned(clean) = control_chars::replace(body) {
        let text = [&text[..text.len() - body.len()], &clean].concat();
        return analyse(&text, body_offset, rel, autolinks);
    }
    let Some(rewritten) = components::rewrite(text, body_offset.min(text.len())) else {
        return analyse_markdown(text, body_offset, rel, autolinks);
    };
    let text = [&text[..text.len() - body.len()], &rewritten.body].concat();
    let mut out = analyse_markdown(&text, body_offset, rel, autolinks);
    let links = out.links.iter_mut().chain(&mut out.images_without_alt);
    let links = links.chain(&mut out.html_images_without_alt);
    for link in links {
        link.col = rewritten.original_col(link.line, link.col);
    }
    for definition in &mut out.definitions {
        definition.col = rewritten.original_col(definition.line, definition.col);
    }
    out.components = rewritten.calls;
    out.component_problems = rewritten.problems;
    out
}

/// [`analyse`] of a body whose component calls are markers already.
fn analyse_markdown(text: &str, body_offset: usize, rel: &str, autolinks: &Rules) -> Analysis {
    let body = &text[body_offset.min(text.len())..];
    let mut pass = Pass {
        out: Analysis::default(),
        text,
        body_offset,
        lines: LineIndex::new(text),
        definition_places: DefinitionPlaces::default(),
        scanner: autolinks.scanner(rel),
        no_autolink_depth: 0,
        open: OpenElements::default(),
        block_html: None,
        ids: UniqueIds::default(),
        open_image: None,
        heading: None,
        term: None,
        depth: 0,
        summary_done: false,
        first_paragraph: String::new(),
        before_more: String::new(),
        saw_more: false,
        // Without the marker in the text the summary is the first paragraph: no need to copy
        // the whole text on the side.
        may_have_more: memchr::memmem::find(body.as_bytes(), MORE_MARKER.as_bytes()).is_some(),
    };
    let html = body_html::render(body, &mut pass);
    let mut out = pass.out;
    out.body = SharedBody::new(html);
    let summary = if pass.saw_more {
        pass.before_more
    } else {
        pass.first_paragraph
    };
    out.summary_text = collapse_whitespace(&summary);
    out
}

/// The analysis state of one walk over a body's events; [`body_html`] calls it for every event
/// the parser yields, in order.
pub(super) struct Pass<'r> {
    pub(super) out: Analysis,
    /// The whole file; the body starts at `body_offset`.
    text: &'r str,
    body_offset: usize,
    /// Locates links in the whole file.
    lines: LineIndex<'r>,
    definition_places: DefinitionPlaces,
    scanner: super::autolink::Scanner<'r>,
    /// Inside headings, links, images and code blocks nothing is autolinked.
    no_autolink_depth: usize,
    /// The elements open in the body's HTML so far: where a summary cut there must close
    /// them, and nothing is autolinked inside raw HTML forms of headings, links and code.
    open: OpenElements,
    /// The block of HTML being read: its tags are read once it is whole.
    block_html: Option<BlockHtml>,
    ids: UniqueIds,
    /// The image being read, and whether it has alt text so far.
    open_image: Option<(RawLink, bool)>,
    /// Level, explicit `{#id}` and text of the heading being read.
    heading: Option<(u8, Option<String>, String)>,
    /// Text of the definition list term being read.
    term: Option<String>,
    depth: usize,
    summary_done: bool,
    first_paragraph: String,
    before_more: String,
    saw_more: bool,
    /// Whether the body contains [`MORE_MARKER`] at all.
    may_have_more: bool,
}

impl Pass<'_> {
    /// A tag opens at byte `at` of the body, whose reference definitions are `definitions`.
    pub(super) fn start(&mut self, tag: &mut Tag<'_>, at: usize, definitions: &RefDefs<'_>) {
        email_as_mailto(tag);
        self.open.start(tag);
        self.depth += 1;
        self.out.raw_html |= matches!(tag, Tag::FootnoteDefinition(_));
        if matches!(
            tag,
            Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)
        ) {
            self.no_autolink_depth += 1;
        }
        match tag {
            Tag::Heading { level, id, .. } => {
                self.heading = Some((heading_level(*level), id.as_ref().map(|i| i.to_string()), String::new()));
            }
            Tag::DefinitionListTitle => self.term = Some(String::new()),
            Tag::Link { dest_url, .. } => {
                let link = self.raw_link(dest_url, at, false);
                self.out.links.push(link);
            }
            Tag::Image { dest_url, .. } => {
                let link = self.raw_link(dest_url, at, true);
                self.open_image = Some((link.clone(), false));
                self.out.links.push(link);
            }
            Tag::HtmlBlock => self.block_html = Some(BlockHtml::default()),
            _ => {}
        }
        if let Tag::Link { link_type, id, .. } | Tag::Image { link_type, id, .. } = tag
            && matches!(
                link_type,
                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
            )
        {
            self.reference(id, definitions);
        }
    }

    pub(super) fn end(&mut self, end: TagEnd) {
        self.open.end(end);
        if end == TagEnd::HtmlBlock
            && let Some(block) = self.block_html.take()
        {
            self.read_tags(&block.html, |at| block.body_offset(at));
        }
        self.depth = self.depth.saturating_sub(1);
        if end == TagEnd::Image
            && let Some((image, false)) = self.open_image.take()
        {
            self.out.images_without_alt.push(image);
        }
        if matches!(
            end,
            TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock
        ) {
            self.no_autolink_depth = self.no_autolink_depth.saturating_sub(1);
        }
        if let TagEnd::Heading(_) = end
            && let Some((level, explicit, title)) = self.heading.take()
        {
            let id = self.ids.claim(explicit.as_deref().unwrap_or(&github_slug(&title)));
            self.out.headings.push(Heading {
                level,
                id,
                title: title.trim().to_string(),
            });
        }
        if end == TagEnd::DefinitionListTitle
            && let Some(term) = self.term.take()
        {
            let slug = github_slug(&term);
            let id = self.ids.claim(if slug.is_empty() { "term" } else { &slug });
            self.out.term_ids.push(id);
        }
        if matches!(
            end,
            TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
        ) && self.may_have_more
            && !self.saw_more
        {
            self.before_more.push(' ');
        }
        if end == TagEnd::Paragraph && self.depth == 0 && !self.first_paragraph.is_empty() {
            self.summary_done = true;
        }
    }

    /// Text and inline code; `text_at` is the body offset of a text event (code is never
    /// autolinked). Returns the autolinks chosen in this text, whose links were just added to
    /// the end of [`Analysis::links`].
    pub(super) fn text(&mut self, text: &str, text_at: Option<usize>) -> Vec<Hit> {
        if let Some((_, has_alt)) = self.open_image.as_mut() {
            *has_alt |= !text.trim().is_empty();
        }
        let mut hits = Vec::new();
        if let Some(at) = text_at
            && self.no_autolink_depth == 0
            && self.open.allow_autolinks()
        {
            hits = self.scanner.scan(text);
            for hit in &hits {
                let link = self.raw_link(&hit.dest, at + hit.start, false);
                self.out.links.push(link);
            }
        }
        self.out.word_count += word_count(text);
        if let Some((_, _, title)) = self.heading.as_mut() {
            title.push_str(text);
        }
        if let Some(term) = self.term.as_mut() {
            term.push_str(text);
        }
        if self.may_have_more && !self.saw_more {
            self.before_more.push_str(text);
        }
        if !self.summary_done && self.depth > 0 && self.heading.is_none() {
            self.first_paragraph.push_str(text);
        }
        hits
    }

    pub(super) fn line_break(&mut self) {
        self.first_paragraph.push(' ');
        if self.may_have_more {
            self.before_more.push(' ');
        }
    }

    /// HTML written in the markdown, at byte `at` of the body: a line of a block of HTML, or an
    /// inline tag.
    pub(super) fn html(&mut self, html: &str, at: usize) {
        // A component's marker becomes what the component writes, which a scan of the page
        // reads; it opens and closes no element of the writer's, and its tags need no reading.
        if components::is_marker(html) {
            return;
        }
        self.saw_more |= html.contains(MORE_MARKER);
        // The renderer drops an event holding only the marker.
        self.out.raw_html |= html.trim() != MORE_MARKER;
        match self.block_html.as_mut() {
            Some(block) => block.push(html, at),
            None => self.read_tags(html, |offset| at + offset),
        }
    }

    /// Follows the elements `html` opens and closes, and takes the ids of those it opens and the
    /// `<img>` tags without an `alt` attribute; `body_offset` turns an offset in `html` into one
    /// in the body.
    fn read_tags(&mut self, html: &str, body_offset: impl Fn(usize) -> usize) {
        let mut images = Vec::new();
        let ids = &mut self.out.html_ids;
        self.open.html(html, |tag| {
            if let RawTag::Start {
                name,
                id,
                src,
                has_alt,
                at,
                ..
            } = tag
            {
                ids.extend(id.map(str::to_string));
                if name == "img" && !has_alt {
                    images.push((src.unwrap_or_default().to_string(), body_offset(at)));
                }
            }
        });
        for (src, at) in images {
            let image = self.raw_link(&src, at, true);
            self.out.html_images_without_alt.push(image);
        }
    }

    /// The HTML that closes the elements open here.
    pub(super) fn closing(&self) -> String {
        self.open.closing()
    }

    /// Whether no markdown element is open here.
    pub(super) fn at_top_level(&self) -> bool {
        self.depth == 0
    }

    pub(super) fn footnote_reference(&mut self) {
        self.out.raw_html = true;
    }

    /// The id the heading just read gets.
    pub(super) fn last_heading_id(&self) -> Option<&str> {
        self.out.headings.last().map(|h| h.id.as_str())
    }

    /// The id of the body's `n`th definition list term (from 0), once read.
    pub(super) fn term_id(&self, n: usize) -> Option<&str> {
        self.out.term_ids.get(n).map(String::as_str)
    }

    /// The link added last is a reference-style link using the definition labelled `id`, one
    /// of `definitions`.
    fn reference(&mut self, id: &str, definitions: &RefDefs<'_>) {
        let Some(definition) = definitions.get(id) else {
            return;
        };
        let start = definition.span.start;
        let (line, col) = self
            .definition_places
            .at(self.text, self.body_offset, definitions, start);
        let body = self.text.get(self.body_offset..).unwrap_or_default();
        // The label as the definition writes it: `[Deep]: …` for a use `[deep]`.
        let label = references::written_label(body, start).unwrap_or(id);
        self.out.definitions.push(Definition {
            link: self.last_link(),
            label: label.to_string(),
            line,
            col,
        });
    }

    /// Index in [`Analysis::links`] of the link added last.
    pub(super) fn last_link(&self) -> usize {
        self.out.links.len().saturating_sub(1)
    }

    fn raw_link(&mut self, dest: &str, body_at: usize, is_image: bool) -> RawLink {
        let (line, col) = self.lines.at(self.body_offset + body_at);
        RawLink {
            dest: dest.to_string(),
            line,
            col,
            is_image,
        }
    }
}

/// A block of HTML being read, in the pieces the parser hands out (a line each, without the
/// quote markers or list indentation before it).
#[derive(Debug, Default)]
struct BlockHtml {
    html: String,
    /// Where each piece starts in `html`, and in the body.
    pieces: Vec<(usize, usize)>,
}

impl BlockHtml {
    fn push(&mut self, piece: &str, body_at: usize) {
        self.pieces.push((self.html.len(), body_at));
        self.html.push_str(piece);
    }

    /// The byte of the body that byte `at` of the block was read from.
    fn body_offset(&self, at: usize) -> usize {
        let piece = self.pieces.partition_point(|&(start, _)| start <= at).saturating_sub(1);
        self.pieces
            .get(piece)
            .map_or(0, |&(start, body_at)| body_at + (at - start))
    }
}

/// `text.split_whitespace().count()`, counted without branches for ASCII text (nearly all of
/// it): a word starts at the first byte if it is not a space, and wherever a non-space byte
/// follows a space byte. Each pair of neighbouring bytes is judged on its own, so the compiler
/// turns the loop into vector instructions (2.5-3 times faster than a byte-by-byte loop, which
/// was 3% of a build's instructions); the per-character Unicode checks of the iterator were
/// slower still.
fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else { return 0 };
    let mut words = usize::from(!is_ascii_space(first));
    // Sums of at most 255 ones fit in a byte, which keeps the vector lanes narrow.
    for (before, after) in bytes.chunks(255).zip(bytes[1..].chunks(255)) {
        let starts: u8 = before
            .iter()
            .zip(after)
            .map(|(&b, &a)| u8::from(is_ascii_space(b) & !is_ascii_space(a)))
            .sum();
        words += usize::from(starts);
    }
    words
}

/// `text.split_whitespace().collect::<Vec<_>>().join(" ")`: runs of white space become one
/// space, none at either end. The page summary is a paragraph of a page; splitting it into
/// words to join them again was a noticeable part of loading.
fn collapse_whitespace(text: &str) -> String {
    if !text.is_ascii() {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut out = Vec::with_capacity(text.len());
    for word in text.as_bytes().split(|&b| is_ascii_space(b)).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(word);
    }
    // ASCII throughout, so always valid.
    String::from_utf8(out).unwrap_or_default()
}

/// Unicode White_Space within ASCII, as `split_whitespace` uses: space, and tab through
/// carriage return (vertical tab and form feed included).
fn is_ascii_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// An email autolink (`<info@example.com>`) as the `mailto:` link it stands for, so that it is
/// resolved and written like any other link with a scheme.
fn email_as_mailto(tag: &mut Tag<'_>) {
    if let Tag::Link {
        link_type: link_type @ LinkType::Email,
        dest_url,
        ..
    } = tag
    {
        *dest_url = format!("mailto:{dest_url}").into();
        *link_type = LinkType::Autolink;
    }
}

/// Minutes a typical reader needs, at 200 words a minute, never less than one.
pub fn reading_time(word_count: usize) -> usize {
    word_count.div_ceil(200).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_agrees_with_split_whitespace_on_mixed_text() {
        let words = ["a", "bb", " ", "  ", "\t", "\n", "ccc dd", "\x0B", "\r\n", "e"];
        let mut seed = 7u64;
        for _ in 0..300 {
            let mut text = String::new();
            while text.len() < 300 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(words[(seed >> 33) as usize % words.len()]);
            }
            for end in [63, 64, 65, 127, 128, 129, 255, 256, 257, text.len()] {
                let t = &text[..end.min(text.len())];
                assert_eq!(word_count(t), t.split_whitespace().count(), "{t:?}");
            }
        }
    }

    #[test]
    fn collapsing_white_space_agrees_with_split_and_join() {
        for text in [
            "",
            "  ",
            "one",
            " two  words ",
            "a\tb\nc\x0Bd\x0Ce\rf  ",
            "naïve  café\u{2003}au lait",
        ] {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), joined, "{text:?}");
        }
    }

    #[test]
    fn word_count_agrees_with_split_whitespace() {
        for text in [
            "",
            "  ",
            "one",
            " two  words ",
            "a\tb\nc\x0Bd\x0Ce\rf",
            "naïve café au lait",
            "x\u{2003}y",
        ] {
            assert_eq!(word_count(text), text.split_whitespace().count(), "{text:?}");
        }
    }

    #[test]
    fn headings_get_unique_github_ids() {
        let a = analyse(
            "## How Often?\n\ntext\n\n## How Often?\n\n### Custom {#mine}\n",
            0,
            "p.md",
            &Rules::default(),
        );
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["how-often", "how-often-1", "mine"]);
        assert_eq!(a.headings[2].title, "Custom");
        assert_eq!(a.headings[2].level, 3);
    }

    #[test]
    fn links_know_their_line_and_column_in_the_file() {
        let text = "---\ntitle: x\n---\nHi [a](@/x.md) and ![p](photo.jpg)\n\nSee ä [b](y.md).\n";
        let a = analyse(text, text.find("Hi").unwrap(), "p.md", &Rules::default());
        assert_eq!(
            a.links[0],
            RawLink {
                dest: "@/x.md".into(),
                line: 4,
                col: 4,
                is_image: false
            }
        );
        assert!(a.links[1].is_image);
        assert_eq!((a.links[1].line, a.links[1].col), (4, 20));
        // Columns count characters, not bytes.
        assert_eq!((a.links[2].line, a.links[2].col), (6, 7));
    }

    #[test]
    fn reference_links_know_where_their_definition_is() {
        let text = "---\ntitle: x\n---\nA [one][Deep], [two] and [three](x.md).\n\n> [Two]: two.md\n\n[deep]: @/deep.md \"T\"\n";
        let a = analyse(text, text.find("A [").unwrap(), "p.md", &Rules::default());
        let found: Vec<_> = a
            .definitions
            .iter()
            .map(|d| (a.links[d.link].dest.as_str(), d.label.as_str(), d.line, d.col))
            .collect();
        assert_eq!(found, [("@/deep.md", "deep", 8, 1), ("two.md", "Two", 6, 3)]);
    }

    #[test]
    fn a_definition_keeps_its_label_as_written_past_an_escaped_bracket() {
        let text = "[x][a\\]:b] and [y][A\\]:B]\n\n[a\\]:b]: x.md\n";
        let a = analyse(text, 0, "p.md", &Rules::default());
        let found: Vec<_> = a
            .definitions
            .iter()
            .map(|d| (d.label.as_str(), d.line, d.col))
            .collect();
        assert_eq!(found, [("a\\]:b", 3, 1), ("a\\]:b", 3, 1)]);
    }

    #[test]
    fn definitions_are_located_however_their_uses_alternate() {
        // Locating each use's definition from the one before walked back to the start of the
        // file, front matter included, whenever a use went back: once per use here.
        let front = format!("---\n{}---\n", "# a comment in the front matter\n".repeat(300_000));
        let uses = "[x][early] [y][late] ".repeat(10_000);
        let text = format!("{front}[early]: a.md\n\n{uses}\n\n[late]: b.md\n");
        let a = analyse(&text, front.len(), "p.md", &Rules::default());
        let (early, late) = (front.lines().count() + 1, text.lines().count());
        let found: Vec<_> = a
            .definitions
            .iter()
            .map(|d| (d.label.as_str(), d.line, d.col))
            .collect();
        assert_eq!(found.len(), 20_000);
        assert!(
            found
                .chunks(2)
                .all(|pair| pair == [("early", early, 1), ("late", late, 1)]),
            "{:?}",
            &found[..2]
        );
    }

    #[test]
    fn summary_is_first_paragraph_or_text_before_more() {
        let a = analyse(
            "## Title\n\nFirst *para*\ngraph.\n\nSecond.\n",
            0,
            "p.md",
            &Rules::default(),
        );
        assert_eq!(a.summary_text, "First para graph.");
        let a = analyse(
            "One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n",
            0,
            "p.md",
            &Rules::default(),
        );
        assert_eq!(a.summary_text, "One. Two.");
        assert_eq!(a.word_count, 3);
    }

    #[test]
    fn img_tags_without_alt_know_their_place_in_the_file() {
        let text = "---\ntitle: x\n---\nA <img src=\"a.png\"> {{ map_link() }} <img src='b.png' alt=''> <img src=c.png>\n\n\
            - <div>\n  <IMG\n  SRC=\"d&amp;e.png\" ALT></div>\n\n  <p><img></p>\n";
        let a = analyse(text, text.find("A <img").unwrap(), "p.md", &Rules::default());
        let found: Vec<_> = a
            .html_images_without_alt
            .iter()
            .map(|i| (i.dest.as_str(), i.line, i.col, i.is_image))
            .collect();
        assert_eq!(
            found,
            [("a.png", 4, 3, true), ("c.png", 4, 63, true), ("", 10, 6, true)]
        );
    }

    #[test]
    fn raw_html_ids_are_collected() {
        let a = analyse(
            "<div id=\"book\" class='x'><span id='inner'>x</span></div>\n",
            0,
            "p.md",
            &Rules::default(),
        );
        assert_eq!(a.html_ids, ["book", "inner"]);
    }

    #[test]
    fn component_calls_alone_leave_a_body_of_markdown_s_own_elements() {
        let analysed = |body: &str| analyse(body, 0, "p.md", &Rules::default());
        let calls = "Intro.\n\n{{ booking() }}\n\nCall {{ call(\n  label=\"us\") }} today.\n\n{% faq(q=\"Why?\") %}\nBecause.\n{% end %}\n";
        let a = analysed(calls);
        assert_eq!(a.components.len(), 3);
        assert!(!a.raw_html, "markers are not the writer's HTML");
        assert!(analysed(&format!("{calls}\n<b>bold</b>\n")).raw_html);
        assert!(analysed("{{ booking() }}<a href=\"/x/\">x</a>\n").raw_html);
        assert!(analysed("A </knead-c> written by hand, then <i>this</i>.\n").raw_html);
    }
}
