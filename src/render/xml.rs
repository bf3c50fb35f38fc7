//! Small helpers over quick-xml's writer, shared by the sitemap and the feeds, so escaping is
//! always the crate's and never hand-written.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::io;

/// An XML document being written into memory, indented by two spaces.
pub type XmlWriter = Writer<Vec<u8>>;

/// A writer that has already written `<?xml version="1.0" encoding="UTF-8"?>`.
pub fn document() -> io::Result<XmlWriter> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

/// `<name>text</name>`, with `text` escaped.
pub fn text_element(w: &mut XmlWriter, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(text))?;
    Ok(())
}

/// The finished document as a string, ending with a newline.
pub fn finish(w: XmlWriter) -> String {
    // Written from strings, so valid UTF-8: taken as is instead of checked and copied.
    let bytes = w.into_inner();
    let mut text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    text.push('\n');
    text
}
