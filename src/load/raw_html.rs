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
    /// (`<path/>`), and its `id` attribute's value, character references decoded, if not empty.
    Start {
        name: &'a str,
        self_closing: bool,
        id: Option<&'a str>,
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
    let mut skip_start = inside.is_some();
    let mut name = Vec::new();
    let mut in_id = false;
    let mut id: Option<Vec<u8>> = None;
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
        match event {
            CallbackEvent::OpenStartTag { name: read } => {
                name.clear();
                name.extend_from_slice(read);
                id = None;
                in_id = false;
            }
            CallbackEvent::AttributeName { name } => in_id = name == b"id",
            // A browser keeps the first of an attribute written twice.
            CallbackEvent::AttributeValue { value } if in_id && id.is_none() => id = Some(value.to_vec()),
            CallbackEvent::CloseStartTag { self_closing } => {
                // The start tag put before `html` is not reported. Names and values are made
                // of whole characters of the text: they end at an ASCII byte, and references
                // decode to whole characters.
                let put_before = std::mem::take(&mut skip_start);
                if !put_before && let Ok(name) = std::str::from_utf8(&name) {
                    let id = id.as_deref().and_then(|id| std::str::from_utf8(id).ok());
                    each(RawTag::Start { name, self_closing, id });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(html: &str, inside: Option<&str>) -> Vec<String> {
        let mut found = Vec::new();
        read_tags(html, inside, |tag| {
            found.push(match tag {
                RawTag::Start { name, self_closing, id } => format!(
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
}
