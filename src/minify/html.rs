//! The HTML half of `--minify`: a page without comments and without the white space a browser
//! does not render. Everything else is copied byte for byte, tags and their attributes included,
//! so a minified page carries the same elements, attributes, text and entities as the page it
//! came from and stays as valid as it was.
//!
//! What goes, with html5gum telling tags, text, comments and raw text apart as a browser does:
//! - comments (`<![CDATA[…]]>` sections, which the tokenizer reports as comments, are kept);
//! - in text, each run of white space becomes one space, as CSS renders it;
//! - white space next to a block-level element ([`is_block`]: `div`, `p`, `li`, `meta`, …),
//!   which starts or ends a line and so is never rendered, goes entirely.
//!
//! Kept as written: the text of `<pre>` and `<textarea>`, and of `<script>` (JSON-LD included).
//! `<style>` bodies are minified as stylesheets when they parse. A theme that lays block-level
//! elements side by side with `display: inline-block` (rather than flex or grid, which ignore the
//! white space between their items) loses the space between them.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// `page` minified (see the module documentation).
pub fn html(page: &[u8]) -> Vec<u8> {
    let mut minifier = Minifier::new(page);
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        minifier.event(&event, span);
        None::<()>
    });
    // Script, style, title and textarea bodies are raw text to the tokenizer, as to a browser.
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(page, emitter) {}
    minifier.finish()
}

/// Whether white space next to the element `name` (before its start tag, after its end tag, or
/// at either edge of its content) is never rendered: elements a browser shows as blocks, table
/// parts and list items, and those of the document's head, which show nothing. `script` and
/// `style` are not among them: they may sit inside a line of text.
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"base"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"caption"
            | b"col"
            | b"colgroup"
            | b"dd"
            | b"details"
            | b"dialog"
            | b"div"
            | b"dl"
            | b"dt"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"header"
            | b"hgroup"
            | b"hr"
            | b"html"
            | b"legend"
            | b"li"
            | b"link"
            | b"main"
            | b"menu"
            | b"meta"
            | b"nav"
            | b"ol"
            | b"optgroup"
            | b"option"
            | b"p"
            | b"pre"
            | b"search"
            | b"section"
            | b"summary"
            | b"table"
            | b"tbody"
            | b"td"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"title"
            | b"tr"
            | b"ul"
    )
}

/// Elements whose text is written exactly as it is, white space included.
fn keeps_white_space(name: &[u8]) -> bool {
    matches!(name, b"pre" | b"textarea")
}

/// White space as HTML defines it (ASCII only: a no-break space is text).
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

/// The body of a raw-text element being read.
#[derive(Clone, Copy, PartialEq)]
enum RawText {
    Script,
    Style,
}

struct Minifier<'a> {
    page: &'a [u8],
    out: Vec<u8>,
    /// The pieces of the text read since the last tag: several when comments stood between them.
    text: Vec<Span<usize>>,
    /// Where the start tag being read begins.
    tag_start: Option<usize>,
    tag_name: Vec<u8>,
    /// Whether the last tag written was a block-level element's (see [`is_block`]); the page's
    /// start counts as one.
    after_block: bool,
    /// How many `<pre>` and `<textarea>` elements are open.
    kept_depth: usize,
    raw_text: Option<RawText>,
}

impl<'a> Minifier<'a> {
    fn new(page: &'a [u8]) -> Self {
        Minifier {
            page,
            out: Vec::with_capacity(page.len()),
            text: Vec::new(),
            tag_start: None,
            tag_name: Vec::new(),
            after_block: true,
            kept_depth: 0,
            raw_text: None,
        }
    }

    /// The page's bytes at `range`; none when the tokenizer's span is not within the page.
    fn bytes(&self, range: std::ops::Range<usize>) -> &'a [u8] {
        self.page.get(range).unwrap_or_default()
    }

    fn event(&mut self, event: &CallbackEvent<'_>, span: Span<usize>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag_start = Some(span.start);
                self.tag_name.clear();
                self.tag_name.extend_from_slice(name);
            }
            CallbackEvent::CloseStartTag { .. } => {
                let start = self.tag_start.take().unwrap_or(span.start);
                let name = std::mem::take(&mut self.tag_name);
                self.write_tag(&name, start..span.end);
                if keeps_white_space(&name) {
                    self.kept_depth += 1;
                }
                self.raw_text = match name.as_slice() {
                    b"script" => Some(RawText::Script),
                    b"style" => Some(RawText::Style),
                    _ => None,
                };
                self.tag_name = name;
            }
            CallbackEvent::EndTag { name } => {
                self.write_tag(name, span.start..span.end);
                if keeps_white_space(name) {
                    self.kept_depth = self.kept_depth.saturating_sub(1);
                }
                self.raw_text = None;
            }
            CallbackEvent::String { .. } => self.text.push(span),
            CallbackEvent::Comment { .. } => {
                if self.bytes(span.start..span.end).starts_with(b"<![CDATA[") {
                    self.text.push(span);
                }
            }
            CallbackEvent::Doctype { .. } => self.write_tag(b"html", span.start..span.end),
            CallbackEvent::AttributeName { .. } | CallbackEvent::AttributeValue { .. } | CallbackEvent::Error(_) => {}
        }
    }

    /// Writes the text read so far, then the tag at `bytes` of the element `name`.
    fn write_tag(&mut self, name: &[u8], bytes: std::ops::Range<usize>) {
        let block = is_block(name);
        self.write_text(block);
        self.out.extend_from_slice(self.bytes(bytes));
        self.after_block = block;
    }

    /// Writes the pending text, knowing whether a block-level tag follows it.
    fn write_text(&mut self, before_block: bool) {
        if self.text.is_empty() {
            return;
        }
        let pieces = std::mem::take(&mut self.text);
        if self.kept_depth > 0 || self.raw_text == Some(RawText::Script) {
            for piece in &pieces {
                self.out.extend_from_slice(self.bytes(piece.start..piece.end));
            }
        } else if self.raw_text == Some(RawText::Style) {
            self.write_style(&pieces);
        } else {
            self.write_collapsed(&pieces, before_block);
        }
        self.text = pieces;
        self.text.clear();
    }

    fn write_style(&mut self, pieces: &[Span<usize>]) {
        let mut sheet = Vec::new();
        for piece in pieces {
            sheet.extend_from_slice(self.bytes(piece.start..piece.end));
        }
        match super::css(&sheet) {
            Some(minified) => self.out.extend_from_slice(&minified),
            None => self.out.extend_from_slice(&sheet),
        }
    }

    /// The pieces as one text with runs of white space made one space, without white space at
    /// an edge that touches a block-level element.
    fn write_collapsed(&mut self, pieces: &[Span<usize>], before_block: bool) {
        // White space right after a block-level tag starts a line: it is skipped, not pending.
        let mut space_pending = false;
        let mut skip_leading = self.after_block;
        for piece in pieces {
            for &byte in self.bytes(piece.start..piece.end) {
                if is_space(byte) {
                    space_pending = !skip_leading;
                } else {
                    if space_pending {
                        self.out.push(b' ');
                        space_pending = false;
                    }
                    skip_leading = false;
                    self.out.push(byte);
                }
            }
        }
        if space_pending && !before_block {
            self.out.push(b' ');
        }
    }

    fn finish(mut self) -> Vec<u8> {
        self.write_text(true);
        if let Some(start) = self.tag_start {
            self.out.extend_from_slice(self.bytes(start..self.page.len()));
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::html;

    fn minified(page: &str) -> String {
        String::from_utf8(html(page.as_bytes())).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn white_space_between_blocks_goes_and_inside_lines_becomes_one_space() {
        assert_eq!(
            minified(
                "<!DOCTYPE html>\n<html>\n  <body>\n    <p>Book   a\n  <em>session</em> today.</p>\n  </body>\n</html>\n"
            ),
            "<!DOCTYPE html><html><body><p>Book a <em>session</em> today.</p></body></html>"
        );
    }

    #[test]
    fn comments_go_and_the_text_around_them_joins() {
        assert_eq!(minified("<p>Call <!-- note --> us</p>"), "<p>Call us</p>");
        assert_eq!(minified("<p>a<!--x-->b</p>"), "<p>ab</p>");
    }

    #[test]
    fn preformatted_text_and_scripts_are_kept_as_written() {
        let page = "<pre>\n  two  spaces\n</pre>\n<textarea>  a\n b</textarea>\
                    <script type=\"application/ld+json\">{\"a\":  \"b  c\"}</script>";
        assert_eq!(minified(page), page.replace("</pre>\n", "</pre>"));
    }

    #[test]
    fn tags_attributes_and_entities_are_copied_byte_for_byte() {
        let page = "<a  href=\"/x?a=1&amp;b=2\"\n   class=y>Tom&nbsp;&amp;  Jerry</a>";
        assert_eq!(
            minified(page),
            "<a  href=\"/x?a=1&amp;b=2\"\n   class=y>Tom&nbsp;&amp; Jerry</a>"
        );
    }

    #[test]
    fn inline_styles_are_minified_and_cdata_is_kept() {
        assert_eq!(
            minified("<style>\n  a {\n    color: #ff0000;\n  }\n</style>"),
            "<style>a{color:red}</style>"
        );
        let svg = "<svg><![CDATA[ x < y ]]></svg>";
        assert_eq!(minified(svg), svg);
    }

    #[test]
    fn space_between_inline_elements_stays() {
        assert_eq!(
            minified("<p><a href=\"/\">Home</a>\n  <a href=\"/b/\">Book</a></p>"),
            "<p><a href=\"/\">Home</a> <a href=\"/b/\">Book</a></p>"
        );
    }

    #[test]
    fn a_page_cut_inside_a_tag_keeps_its_end() {
        assert_eq!(minified("<p>a</p><a href=\"x"), "<p>a</p><a href=\"x");
    }

    /// Whether `small`, with every white-space byte read as a space, is `big` with bytes left out.
    fn is_subsequence(small: &[u8], big: &[u8]) -> bool {
        let normal = |b: &u8| if super::is_space(*b) { b' ' } else { *b };
        let mut big = big.iter().map(normal);
        small.iter().map(normal).all(|b| big.any(|c| c == b))
    }

    #[test]
    fn any_mix_of_fragments_only_loses_bytes_and_never_panics() {
        const FRAGMENTS: &[&str] = &[
            "<p>",
            "</p>",
            "<div class=\"a b\">",
            "</div>",
            "  \n\t",
            "text",
            "<!-- c -->",
            "<!--",
            "-->",
            "<pre>",
            "</pre>",
            "<script>",
            "</script>",
            "<textarea>",
            "</textarea>",
            "<",
            ">",
            "</",
            "&amp;",
            "&",
            "\"",
            "'",
            "<a href='x'>",
            "</a>",
            "<br/>",
            "<![CDATA[",
            "]]>",
            "<!DOCTYPE html>",
            "<title>",
            "</title>",
            "é",
            "<em>",
            "</em>",
            "<x y=\"",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut page = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                page.push_str(FRAGMENTS[(seed >> 33) as usize % FRAGMENTS.len()]);
            }
            let out = html(page.as_bytes());
            assert!(
                is_subsequence(&out, page.as_bytes()),
                "{page:?} -> {:?}",
                String::from_utf8_lossy(&out)
            );
        }
    }
}
