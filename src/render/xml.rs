//! Small helpers over quick-xml's writer, shared by the sitemap and the feeds, so escaping is
//! always a crate's (quick-xml's for attributes, pulldown-cmark's for text) and never
//! hand-written.

use crate::control_chars;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::borrow::Cow;
use std::io;

/// An XML document being written into memory, indented by two spaces.
pub type XmlWriter = Writer<Vec<u8>>;

/// A writer that has already written `<?xml version="1.0" encoding="UTF-8"?>`, with room for
/// `capacity` bytes: a feed holds whole pages, and growing its buffer step by step copied each
/// of them several times.
pub fn document(capacity: usize) -> io::Result<XmlWriter> {
    let mut w = Writer::new_with_indent(Vec::with_capacity(capacity), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

/// `<name>text</name>`, with `text` escaped.
pub fn text_element(w: &mut XmlWriter, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(escaped(text))?;
    Ok(())
}

/// `text` as XML character data: `<`, `>` and `&` replaced by `&lt;`, `&gt;` and `&amp;`, found
/// with pulldown-cmark's vectorised search. quick-xml's `BytesText::new` also escapes quotes,
/// which character data does not need, byte by byte: over feed entries, which hold whole pages
/// of HTML, that was 4% of a build's instructions (and the quotes 2% of a feed's size).
pub fn escaped(text: &str) -> BytesText<'_> {
    if memchr::memchr3(b'<', b'>', b'&', text.as_bytes()).is_none() {
        return BytesText::from_escaped(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    // Writing into a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, text);
    BytesText::from_escaped(out)
}

/// The finished document as a string, ending with a newline. It is well-formed XML 1.0
/// whatever went into it: a control character or noncharacter that reached it (XML 1.0 has no
/// way to write most of them, not even escaped) is replaced (see [`control_chars`]).
pub fn finish(w: XmlWriter) -> String {
    // Written from strings, so valid UTF-8: taken as is instead of checked and copied.
    let bytes = w.into_inner();
    let mut text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if let Cow::Owned(clean) = control_chars::replace(&text) {
        text = clean;
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_reads_back_as_the_text() {
        for text in [
            "",
            "plain words",
            "<p>A &amp; B</p>",
            "a > b < c & d \" ' \u{e9} \u{1f600} &lt; ]]>",
            "<<<&&&>>>",
            &"<a href=\"/x/\">x &amp; y</a>\n".repeat(40),
        ] {
            let written = escaped(text).into_inner();
            let written = std::str::from_utf8(&written).unwrap();
            assert!(!written.contains(['<', '>']), "{written:?}");
            assert_eq!(quick_xml::escape::unescape(written).unwrap(), text);
        }
        assert_eq!(&*escaped("a \"b\" & <c>").into_inner(), b"a \"b\" &amp; &lt;c&gt;");
    }

    #[test]
    fn a_finished_document_is_well_formed_whatever_its_text() {
        let mut w = document(64).unwrap();
        let text = "a\x01b\x0Bc\x1Bd\x7Fe\u{FFFE}f\u{FFFF}g\x0Ch\ti";
        w.create_element("t")
            .with_attribute(("a", text))
            .write_text_content(escaped(text))
            .unwrap();
        let written = finish(w);
        let doc = roxmltree::Document::parse(&written).unwrap();
        let t = doc.root_element();
        let clean = "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g h\ti";
        assert_eq!(t.text(), Some(clean));
        assert_eq!(t.attribute("a"), Some(clean.replace('\t', " ").as_str()));
    }
}
