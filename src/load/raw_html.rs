//! The tags of HTML written in markdown, read as a browser reads them. html5gum tokenizes each
//! piece the markdown parser hands out (a whole block of HTML, or one inline tag), so that
//! comments, `<!DOCTYPE …>` and the text of `<script>`, `<style>`, `<textarea>`, `<title>` and
//! the other raw-text elements hold no tags, and attributes are read with their quotes and
//! character references as a browser reads them. The elements open where a summary is cut, the
//! places autolinks must not go and the ids links may target all come from these tags.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// A tag of HTML written in markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RawTag<'a> {
    /// A start tag, read to its `>`: its name in lowercase, whether it is written self-closing
    /// (`<path/>`), its `id` and `src` attributes' values, character references decoded, if not
    /// empty, whether it has an `alt` attribute (empty or not), and the byte offset of its `<`
    /// in the HTML read.
    Start {
        name: &'a str,
        self_closing: bool,
        id: Option<&'a str>,
        src: Option<&'a str>,
        has_alt: bool,
        at: usize,
    },
    /// An end tag, its name in lowercase.
    End { name: &'a str },
}

/// Whether the text after a start tag of `name` is raw text up to its end tag (`<script>`,
/// `<style>`, `<textarea>`, `<title>` and a few more), as the tokenizer reads it.
pub(super) fn starts_raw_text(name: &str) -> bool {
    html5gum::naive_next_state(name.as_bytes()).is_some()
}

/// Reads the tags of `html`, in order. `inside` is the raw-text element (see
/// [`starts_raw_text`]) whose text `html` starts in, if any: then only its end tag ends that
/// text. A tag cut short by the end of `html` is no tag. So is a comment: one that `html` leaves
/// open ends with it (the markdown parser hands out a comment whole unless the page, or the
/// quote or list holding it, ends first).
pub(super) fn read_tags(html: &str, inside: Option<&str>, mut each: impl FnMut(RawTag<'_>)) {
    // html5gum starts in an element's raw text only after reading its start tag: which end tag
    // ends the text cannot be set otherwise outside its own tests. That start tag is read
    // first, and not reported.
    let resumed;
    let input = match inside {
        Some(name) => {
            resumed = format!("<{name}>{html}");
            resumed.as_str()
        }
        None => html,
    };
    let prefix_len = input.len() - html.len();
    let mut skip_start = inside.is_some();
    let mut name = Vec::new();
    let mut in_id = false;
    let mut id: Option<Vec<u8>> = None;
    let mut in_src = false;
    let mut src: Option<Vec<u8>> = None;
    let mut has_alt = false;
    let mut at = 0;
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        match event {
            CallbackEvent::OpenStartTag { name: read } => {
                name.clear();
                name.extend_from_slice(read);
                (id, src) = (None, None);
                (in_id, in_src, has_alt) = (false, false, false);
                at = span.start.saturating_sub(prefix_len);
            }
            CallbackEvent::AttributeName { name } => {
                in_id = name == b"id";
                in_src = name == b"src";
                has_alt |= name == b"alt";
            }
            // A browser keeps the first of an attribute written twice.
            CallbackEvent::AttributeValue { value } if in_id && id.is_none() => id = Some(value.to_vec()),
            CallbackEvent::AttributeValue { value } if in_src && src.is_none() => src = Some(value.to_vec()),
            CallbackEvent::CloseStartTag { self_closing } => {
                // The start tag put before `html` is not reported. Names and values are made
                // of whole characters of the text: they end at an ASCII byte, and references
                // decode to whole characters.
                let put_before = std::mem::take(&mut skip_start);
                if !put_before && let Ok(name) = std::str::from_utf8(&name) {
                    each(RawTag::Start {
                        name,
                        self_closing,
                        id: as_text(&id),
                        src: as_text(&src),
                        has_alt,
                        at,
                    });
                }
            }
            CallbackEvent::EndTag { name } => {
                if let Ok(name) = std::str::from_utf8(name) {
                    each(RawTag::End { name });
                }
            }
            _ => {}
        }
        None::<()>
    });
    // Script, style, title and textarea bodies are raw text to the tokenizer, as to a browser.
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(input, emitter) {}
}

/// An attribute's value read, as text.
fn as_text(value: &Option<Vec<u8>>) -> Option<&str> {
    value.as_deref().and_then(|v| std::str::from_utf8(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(html: &str, inside: Option<&str>) -> Vec<String> {
        let mut found = Vec::new();
        read_tags(html, inside, |tag| {
            found.push(match tag {
                RawTag::Start {
                    name, self_closing, id, ..
                } => format!(
                    "<{name}{}{}>",
                    id.map(|i| format!("#{i}")).unwrap_or_default(),
                    if self_closing { "/" } else { "" }
                ),
                RawTag::End { name } => format!("</{name}>"),
            })
        });
        found
    }

    #[test]
    fn tags_are_read_as_a_browser_reads_them() {
        assert_eq!(
            tags("<DIV Class=\"a>b\" ID=x><!-- <span id=c> --><br/></Div>", None),
            ["<div#x>", "<br/>", "</div>"]
        );
        assert_eq!(
            tags(
                "<script>if (a<b) '<span id=s>'</script><p id='a&amp;b' id=\"second\">",
                None
            ),
            ["<script>", "</script>", "<p#a&b>"]
        );
        assert_eq!(
            tags("1 < 2 <!DOCTYPE html> <?x?> <a href=\"x", None),
            Vec::<String>::new()
        );
        assert_eq!(tags("<a id=\"\" title='<b>'>", None), ["<a>"]);
    }

    #[test]
    fn a_piece_inside_raw_text_reads_tags_only_after_its_end_tag() {
        assert_eq!(tags("<b id=x></b></SCRIPT ><i>", Some("script")), ["</script>", "<i>"]);
        assert_eq!(tags("<b>", Some("textarea")), Vec::<String>::new());
        assert_eq!(tags("<b>", None), ["<b>"]);
    }

    #[test]
    fn a_start_tag_tells_its_place_its_src_and_whether_it_has_alt_text() {
        let mut found = Vec::new();
        read_tags(
            "<p>A <IMG SRC='a&amp;b.png'> <img src=c.png ALT> <img alt=\"\" src=\"\">",
            None,
            |tag| {
                if let RawTag::Start {
                    name: "img",
                    src,
                    has_alt,
                    at,
                    ..
                } = tag
                {
                    found.push((src.map(str::to_string), has_alt, at));
                }
            },
        );
        assert_eq!(
            found,
            [
                (Some("a&b.png".to_string()), false, 5),
                (Some("c.png".to_string()), true, 29),
                (None, true, 49)
            ]
        );
        let mut at_inside = Vec::new();
        read_tags("x</style><img>", Some("style"), |tag| {
            if let RawTag::Start { at, .. } = tag {
                at_inside.push(at);
            }
        });
        assert_eq!(at_inside, [9], "offsets count from the start of the piece read");
    }
}
