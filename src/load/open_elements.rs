//! The elements open at a point of a body's HTML, and the HTML that closes them. A page's
//! summary is the start of its body's HTML, cut at `<!-- more -->` or after the first
//! paragraph, maybe inside a quote, a list item, a paragraph or a `<div>` written in HTML;
//! closed with this, it is whole HTML that a feed or a template can show on its own. The same
//! elements tell where autolinks must not go: inside a raw `<a>…</a>` a phrase must not become a
//! link (a link inside a link is invalid HTML, and browsers split it apart), nor inside raw code,
//! headings, buttons or scripts, as inside their markdown forms.
//!
//! Markdown's elements are closed as pulldown-cmark's writer closes them. Elements opened by
//! HTML written in the markdown are followed through its tags (see [`super::raw_html`]): a
//! start tag opens an element, unless it is void (`<br>`, `<img>`) or written self-closing
//! (`<path/>`); an end tag closes the innermost open element of its name, and those opened in
//! HTML after it, within the same markdown element. The end of a markdown element closes those
//! opened in HTML inside it.
//!
//! No tag costs more for the elements open before it (an end tag finds its element through its
//! name, and each element is closed once), so a page of thousands of unclosed or unmatched tags
//! is read in time proportional to its length.

use super::raw_html::{self, RawTag};
use pulldown_cmark::{HeadingLevel, Tag, TagEnd};
use std::collections::HashMap;

/// One open element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// An element the writer wrote for markdown, with the HTML that closes it.
    Markdown(&'static str),
    /// An element opened by a tag written in HTML, by its name's index in
    /// [`OpenElements::names`].
    Html(usize),
}

/// A name of elements opened in HTML.
#[derive(Debug)]
struct Name {
    /// In lowercase.
    name: Box<str>,
    /// Where the open elements of this name are in [`OpenElements::open`], innermost last.
    open_at: Vec<usize>,
    /// Whether the text inside its elements is never autolinked.
    closed_to_autolinks: bool,
}

/// What the writer writes at the end of a table head.
const TABLE_HEAD_CLOSE: &str = "</tr></thead><tbody>\n";

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose text is never autolinked, as the text of their markdown forms is not
/// (headings, links, code); `h1`-`h6` are matched by [`is_closed_to_autolinks`].
const CLOSED_TO_AUTOLINKS: &[&str] = &[
    "a", "button", "code", "kbd", "pre", "samp", "script", "style", "textarea", "title",
];

fn is_closed_to_autolinks(name: &str) -> bool {
    let heading = matches!(name.as_bytes(), [b'h', b'1'..=b'6']);
    heading || CLOSED_TO_AUTOLINKS.contains(&name)
}

/// The elements open at a point of a body's HTML.
#[derive(Debug, Default)]
pub(super) struct OpenElements {
    /// Outermost first.
    open: Vec<Open>,
    /// Where the markdown elements are in `open`, innermost last.
    markdown: Vec<usize>,
    /// Every name of an element opened in HTML so far.
    names: Vec<Name>,
    /// The index of each name in `names`.
    by_name: HashMap<Box<str>, usize>,
    /// How many open elements are closed to autolinks.
    closed_to_autolinks: usize,
    /// The open element whose raw text the HTML is in (`<script>`, …): where it is in `open`,
    /// and its name's index in `names`.
    raw_text: Option<(usize, usize)>,
}

impl OpenElements {
    /// The writer has written the start of `tag`.
    pub(super) fn start(&mut self, tag: &Tag<'_>) {
        let close = match tag {
            // Written as it is: what it opens is followed through its tags.
            Tag::HtmlBlock | Tag::MetadataBlock(_) => return,
            Tag::Paragraph => "</p>\n",
            Tag::Heading { level, .. } => heading_close(*level),
            Tag::BlockQuote(None) => "</blockquote>\n",
            Tag::BlockQuote(Some(_)) => super::callout::CLOSE,
            Tag::CodeBlock(_) => "</code></pre>\n",
            Tag::List(Some(_)) => "</ol>\n",
            Tag::List(None) => "</ul>\n",
            Tag::Item => "</li>\n",
            Tag::FootnoteDefinition(_) => "</div>\n",
            Tag::DefinitionList => "</dl>\n",
            Tag::DefinitionListTitle => "</dt>\n",
            Tag::DefinitionListDefinition => "</dd>\n",
            Tag::Table(_) => "</tbody></table>\n",
            Tag::TableHead => TABLE_HEAD_CLOSE,
            Tag::TableRow => "</tr>\n",
            Tag::TableCell if self.innermost_markdown() == Some(TABLE_HEAD_CLOSE) => "</th>",
            Tag::TableCell => "</td>",
            Tag::Emphasis => "</em>",
            Tag::Strong => "</strong>",
            Tag::Strikethrough => "</del>",
            Tag::Superscript => "</sup>",
            Tag::Subscript => "</sub>",
            Tag::Link { .. } => "</a>",
            // Its description is written into its tag.
            Tag::Image { .. } => "",
        };
        self.markdown.push(self.open.len());
        self.open.push(Open::Markdown(close));
    }

    /// The writer has written the end of a markdown element: it closes the elements opened in
    /// HTML inside it too.
    pub(super) fn end(&mut self, end: TagEnd) {
        if matches!(end, TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) {
            return;
        }
        self.truncate(self.markdown.last().copied().unwrap_or(0));
    }

    /// The writer has written `html`, HTML as written in the markdown: a whole block of it, or
    /// one inline tag. Calls `each` with every tag read (see [`super::raw_html::read_tags`]).
    pub(super) fn html(&mut self, html: &str, mut each: impl FnMut(RawTag<'_>)) {
        let inside = self.raw_text.map(|(_, name)| self.names[name].name.clone());
        raw_html::read_tags(html, inside.as_deref(), |tag| {
            match tag {
                RawTag::Start { name, self_closing, .. } => {
                    // The tokenizer reads a raw-text element's text as such even when its start
                    // tag is written self-closing, as a browser does.
                    let raw_text = raw_html::starts_raw_text(name);
                    if raw_text || !(self_closing || VOID.contains(&name)) {
                        self.open_html(name, raw_text);
                    }
                }
                RawTag::End { name } => {
                    // In raw text the tokenizer reads no tag but the end tag that ends it, even
                    // when that element cannot be closed here (a markdown element opened
                    // inside it is still open): the HTML after it is read as HTML.
                    self.raw_text = None;
                    self.close_html(name);
                }
            }
            each(tag);
        });
    }

    /// The HTML that closes every open element, innermost first.
    pub(super) fn closing(&self) -> String {
        let mut html = String::new();
        for open in self.open.iter().rev() {
            match *open {
                Open::Markdown(close) => html.push_str(close),
                Open::Html(name) => {
                    html.push_str("</");
                    html.push_str(&self.names[name].name);
                    html.push('>');
                }
            }
        }
        html
    }

    /// Whether text here may be autolinked, as far as elements opened in HTML tell.
    pub(super) fn allow_autolinks(&self) -> bool {
        self.closed_to_autolinks == 0
    }

    fn innermost_markdown(&self) -> Option<&'static str> {
        match self.open.get(*self.markdown.last()?)? {
            Open::Markdown(close) => Some(close),
            Open::Html(_) => None,
        }
    }

    /// A start tag of `name` written in HTML opens an element.
    fn open_html(&mut self, name: &str, raw_text: bool) {
        let index = match self.by_name.get(name) {
            Some(&index) => index,
            None => {
                self.names.push(Name {
                    name: name.into(),
                    open_at: Vec::new(),
                    closed_to_autolinks: is_closed_to_autolinks(name),
                });
                self.by_name.insert(name.into(), self.names.len() - 1);
                self.names.len() - 1
            }
        };
        let entry = &mut self.names[index];
        entry.open_at.push(self.open.len());
        self.closed_to_autolinks += usize::from(entry.closed_to_autolinks);
        if raw_text {
            self.raw_text = Some((self.open.len(), index));
        }
        self.open.push(Open::Html(index));
    }

    /// An end tag `</name>` written in HTML.
    fn close_html(&mut self, name: &str) {
        let Some(&index) = self.by_name.get(name) else {
            return;
        };
        let within = self.markdown.last().map_or(0, |&at| at + 1);
        if let Some(&at) = self.names[index].open_at.last()
            && at >= within
        {
            self.truncate(at);
        }
    }

    /// Closes the elements from `len` on.
    fn truncate(&mut self, len: usize) {
        while self.open.len() > len {
            match self.open.pop() {
                Some(Open::Markdown(_)) => {
                    self.markdown.pop();
                }
                Some(Open::Html(index)) => {
                    let entry = &mut self.names[index];
                    entry.open_at.pop();
                    self.closed_to_autolinks -= usize::from(entry.closed_to_autolinks);
                    if self.raw_text.is_some_and(|(at, _)| at == self.open.len()) {
                        self.raw_text = None;
                    }
                }
                None => {}
            }
        }
    }
}

fn heading_close(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "</h1>\n",
        HeadingLevel::H2 => "</h2>\n",
        HeadingLevel::H3 => "</h3>\n",
        HeadingLevel::H4 => "</h4>\n",
        HeadingLevel::H5 => "</h5>\n",
        HeadingLevel::H6 => "</h6>\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The elements open after `pieces` of HTML, fed one after another.
    fn fed(pieces: &[&str]) -> OpenElements {
        let mut open = OpenElements::default();
        for piece in pieces {
            open.html(piece, |_| {});
        }
        open
    }

    /// What closes the elements left open after `pieces` of HTML.
    fn after_html(pieces: &[&str]) -> String {
        fed(pieces).closing()
    }

    #[test]
    fn html_elements_left_open_are_closed_innermost_first() {
        assert_eq!(
            after_html(&["<div class=\"a>b\"><section><p>Text"]),
            "</p></section></div>"
        );
        assert_eq!(
            after_html(&["<div><span>x</span><br><img src=x><path d='' />"]),
            "</div>"
        );
        assert_eq!(after_html(&["<DIV><em>a</div>"]), "");
        assert_eq!(after_html(&["<div><!-- <span> --></p>"]), "</div>");
        assert_eq!(after_html(&["<div><script>if (a<b) '<span>'</script>x"]), "</div>");
        assert_eq!(after_html(&["<div><style>p{}"]), "</style></div>");
        assert_eq!(after_html(&["<div>1 < 2 and <!DOCTYPE html> <?x?>"]), "</div>");
        assert_eq!(
            after_html(&["<div><a href=\"x"]),
            "</div>",
            "a tag cut short opens nothing"
        );
    }

    #[test]
    fn raw_text_left_open_holds_the_tags_of_the_next_pieces() {
        assert_eq!(after_html(&["<div><textarea>", "<span>", "a < b"]), "</textarea></div>");
        assert_eq!(
            after_html(&["<div><SCRIPT>", "<span>", "</script>", "<em>"]),
            "</em></div>"
        );
        assert_eq!(after_html(&["<script/>", "<b>"]), "</script>");
    }

    /// The random HTML made of `pieces`, `count` pieces at a time, `rounds` times.
    fn random_html(pieces: &[&'static str], count: usize, rounds: usize) -> Vec<Vec<&'static str>> {
        let mut seed = 11u64;
        (0..rounds)
            .map(|_| {
                (0..count)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        pieces[(seed >> 33) as usize % pieces.len()]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_closing_html_closes_whatever_html_is_left_open() {
        let pieces = [
            "<",
            "/",
            ">",
            "div",
            "é",
            "\"",
            "'",
            "!--",
            "-->",
            "script",
            " ",
            "</",
            "a",
            "=",
            "ü<",
            "<b>",
            "<textarea>",
        ];
        for html in random_html(&pieces, 12, 2000) {
            let mut open = OpenElements::default();
            let mut opened = Vec::new();
            for piece in html.concat().split_inclusive('>') {
                open.html(piece, |tag| {
                    if let RawTag::Start { name, .. } = tag {
                        opened.push(name.to_string());
                    }
                });
            }
            let closing = open.closing();
            let mut closed = Vec::new();
            open.html(&closing, |tag| {
                if let RawTag::End { name } = tag {
                    closed.push(name.to_string());
                }
            });
            assert_eq!(open.closing(), "", "{html:?} is closed by {closing:?}");
            assert!(open.allow_autolinks(), "{html:?}");
            assert!(closed.iter().all(|name| opened.contains(name)), "{html:?}: {closing:?}");
        }
    }

    #[test]
    fn markdown_elements_close_as_the_writer_closes_them_and_close_html_inside_them() {
        let mut open = OpenElements::default();
        open.start(&Tag::BlockQuote(None));
        open.start(&Tag::Table(Vec::new()));
        open.start(&Tag::TableHead);
        open.start(&Tag::TableCell);
        assert_eq!(
            open.closing(),
            "</th></tr></thead><tbody>\n</tbody></table>\n</blockquote>\n"
        );
        open.end(TagEnd::TableCell);
        open.end(TagEnd::TableHead);
        open.start(&Tag::TableRow);
        open.start(&Tag::TableCell);
        open.html("<span>", |_| {});
        open.start(&Tag::Emphasis);
        open.html("</span>", |_| {});
        assert_eq!(
            open.closing(),
            "</em></span></td></tr>\n</tbody></table>\n</blockquote>\n"
        );
        open.end(TagEnd::Emphasis);
        open.end(TagEnd::TableCell);
        assert_eq!(open.closing(), "</tr>\n</tbody></table>\n</blockquote>\n");
        open.start(&Tag::HtmlBlock);
        open.html("<div>\n", |_| {});
        open.end(TagEnd::HtmlBlock);
        assert_eq!(open.closing(), "</div></tr>\n</tbody></table>\n</blockquote>\n");
    }

    /// Whether text may be autolinked after `pieces` of HTML.
    fn autolinks_after(pieces: &[&str]) -> bool {
        fed(pieces).allow_autolinks()
    }

    #[test]
    fn links_code_headings_and_scripts_written_in_html_are_closed_to_autolinks() {
        assert!(!autolinks_after(&["<a href=\"/x/\">"]));
        assert!(autolinks_after(&["<A HREF='/x/'>", "</A>"]));
        assert!(!autolinks_after(&["<a\nhref=\"/x/\">", "<code>", "</code>"]));
        assert!(!autolinks_after(&["<h2 id=\"x\">", "<span>", "</span>"]));
        assert!(autolinks_after(&["<pre>", "</pre>", "</a>", "</a>"]));
        assert!(!autolinks_after(&["<script>", "<b>"]));
        assert!(autolinks_after(&["<script>", "<a>", "</script>"]));
    }

    #[test]
    fn other_elements_comments_attributes_and_stray_end_tags_leave_autolinks_alone() {
        assert!(autolinks_after(&[
            "<abbr title=\"<a>\">",
            "<span>",
            "<article>",
            "<h7>",
            "<br/>",
            "<a/>"
        ]));
        assert!(autolinks_after(&["<!--\n<a href=\"x\">\n-->\n"]));
        assert!(!autolinks_after(&["<!-- more -->", "<a>"]));
        assert!(autolinks_after(&["a < b", "<", "</"]));
        assert!(
            !autolinks_after(&["<code>", "</a>"]),
            "an end tag closes only its own element"
        );
    }
}
