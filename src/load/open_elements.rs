//! The elements open at a point of a body's HTML, and the HTML that closes them. A page's
//! summary is the start of its body's HTML, cut at `<!-- more -->` or after the first
//! paragraph, maybe inside a quote, a list item, a paragraph or a `<div>` written in HTML;
//! closed with this, it is whole HTML that a feed or a template can show on its own.
//!
//! Markdown's elements are closed as pulldown-cmark's writer closes them. Elements opened by
//! HTML written in the markdown are followed through its tags: a start tag opens an element,
//! unless it is void (`<br>`, `<img>`) or written self-closing (`<path/>`); an end tag closes
//! the innermost open element of its name, and those opened in HTML after it, within the same
//! markdown element. Comments hold no tags, nor do `<script>`, `<style>`, `<textarea>` and
//! `<title>` up to their end tag.

use pulldown_cmark::{HeadingLevel, Tag, TagEnd};

/// One open element.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Open {
    /// An element the writer wrote for markdown, with the HTML that closes it.
    Markdown(&'static str),
    /// An element opened by a tag written in HTML, by its name in lowercase.
    Html(String),
}

/// What the writer writes at the end of a table head.
const TABLE_HEAD_CLOSE: &str = "</tr></thead><tbody>\n";

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// The elements open at a point of a body's HTML, outermost first.
#[derive(Debug, Default)]
pub(super) struct OpenElements(Vec<Open>);

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
        self.0.push(Open::Markdown(close));
    }

    /// The writer has written the end of a markdown element: it closes the elements opened in
    /// HTML inside it too.
    pub(super) fn end(&mut self, end: TagEnd) {
        if matches!(end, TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) {
            return;
        }
        let inner = self.0.iter().rposition(|open| matches!(open, Open::Markdown(_)));
        self.0.truncate(inner.unwrap_or(0));
    }

    /// The writer has written `html`, HTML as written in the markdown: a whole block of it, or
    /// one inline tag.
    pub(super) fn html(&mut self, html: &str) {
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            rest = &rest[lt + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let (closing, tag) = match rest.strip_prefix('/') {
                Some(tag) => (true, tag),
                None => (false, rest),
            };
            if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue; // text, a declaration or a processing instruction
            }
            let name_len = tag
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .unwrap_or(tag.len());
            let name = tag[..name_len].to_ascii_lowercase();
            let Some((len, self_closing)) = tag_end(&tag[name_len..]) else {
                return; // a tag cut short: no element
            };
            rest = &tag[name_len + len..];
            if closing {
                self.close_html(&name);
            } else if self_closing || VOID.contains(&name.as_str()) {
                continue;
            } else if RAW_TEXT.contains(&name.as_str())
                && let Some(after) = after_end_tag(rest, &name)
            {
                rest = after;
            } else {
                self.0.push(Open::Html(name));
            }
        }
    }

    /// The HTML that closes every open element, innermost first.
    pub(super) fn closing(&self) -> String {
        let mut html = String::new();
        for open in self.0.iter().rev() {
            match open {
                Open::Markdown(close) => html.push_str(close),
                Open::Html(name) => {
                    html.push_str("</");
                    html.push_str(name);
                    html.push('>');
                }
            }
        }
        html
    }

    fn innermost_markdown(&self) -> Option<&'static str> {
        self.0.iter().rev().find_map(|open| match open {
            Open::Markdown(close) => Some(*close),
            Open::Html(_) => None,
        })
    }

    /// An end tag `</name>` written in HTML.
    fn close_html(&mut self, name: &str) {
        let within = self.0.iter().rposition(|open| matches!(open, Open::Markdown(_)));
        let from = within.map_or(0, |i| i + 1);
        if let Some(at) = self.0[from..]
            .iter()
            .rposition(|open| matches!(open, Open::Html(n) if n == name))
        {
            self.0.truncate(from + at);
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

/// The length of the rest of a tag after its name, up to and including its `>` (which a
/// quoted attribute value may contain), and whether it ends in `/>`; `None` if it never ends.
fn tag_end(rest: &str) -> Option<(usize, bool)> {
    let mut quote = None;
    for (i, b) in rest.bytes().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some((i + 1, rest[..i].ends_with('/'))),
            _ => {}
        }
    }
    None
}

/// What follows the end tag `</name>` in `html`, if it has one.
fn after_end_tag<'h>(html: &'h str, name: &str) -> Option<&'h str> {
    let mut from = 0;
    while let Some(at) = html[from..].find("</") {
        let tag = &html[from + at + 2..];
        if tag.get(..name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)) {
            let rest = &tag[name.len()..];
            return Some(rest.find('>').map_or("", |end| &rest[end + 1..]));
        }
        from += at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after_html(html: &str) -> String {
        let mut open = OpenElements::default();
        open.html(html);
        open.closing()
    }

    #[test]
    fn html_elements_left_open_are_closed_innermost_first() {
        assert_eq!(
            after_html("<div class=\"a>b\"><section><p>Text"),
            "</p></section></div>"
        );
        assert_eq!(after_html("<div><span>x</span><br><img src=x><path d='' />"), "</div>");
        assert_eq!(after_html("<DIV><em>a</div>"), "");
        assert_eq!(after_html("<div><!-- <span> --></p>"), "</div>");
        assert_eq!(after_html("<div><script>if (a<b) '<span>'</script>x"), "</div>");
        assert_eq!(after_html("<div><style>p{}"), "</style></div>");
        assert_eq!(after_html("<div>1 < 2 and <!DOCTYPE html> <?x?>"), "</div>");
        assert_eq!(
            after_html("<div><a href=\"x"),
            "</div>",
            "a tag cut short opens nothing"
        );
    }

    #[test]
    fn any_text_is_followed_without_panicking() {
        let pieces = [
            "<", "/", ">", "div", "é", "\"", "'", "!--", "-->", "script", " ", "</", "a", "=", "ü<",
        ];
        let mut seed = 11u64;
        for _ in 0..2000 {
            let mut html = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                html.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let closing = after_html(&html);
            assert!(closing.is_empty() || closing.starts_with("</"), "{html:?}: {closing:?}");
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
        open.html("<span>");
        open.start(&Tag::Emphasis);
        open.html("</span>");
        assert_eq!(
            open.closing(),
            "</em></span></td></tr>\n</tbody></table>\n</blockquote>\n"
        );
        open.end(TagEnd::Emphasis);
        open.end(TagEnd::TableCell);
        assert_eq!(open.closing(), "</tr>\n</tbody></table>\n</blockquote>\n");
        open.start(&Tag::HtmlBlock);
        open.html("<div>\n");
        open.end(TagEnd::HtmlBlock);
        assert_eq!(open.closing(), "</div></tr>\n</tbody></table>\n</blockquote>\n");
    }
}
