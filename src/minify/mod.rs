//! `--minify`: pages without comments and unrendered white space ([`html`]), stylesheets with
//! lightningcss. Both keep every element, attribute, rule and script, so the output stays as
//! valid for the W3C checker as it was; JSON-LD and other `<script>` blocks are left byte for byte.

mod html;

pub use html::html;

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};

/// What `--minify` applies to: rendered pages and stylesheets.
pub fn applies_to(path: &str) -> bool {
    is_html(path) || is_css(path)
}

pub fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

pub fn is_css(path: &str) -> bool {
    path.ends_with(".css")
}

/// The minified bytes of the file at `path`, or `None` when it is not HTML or CSS, or is a
/// stylesheet lightningcss cannot parse (then it is written as it is).
pub fn file(path: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    if is_html(path) {
        Some(html(bytes))
    } else if is_css(path) {
        css(bytes)
    } else {
        None
    }
}

/// A minified stylesheet, or `None` when it is not UTF-8 or does not parse.
pub fn css(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut sheet = StyleSheet::parse(text, ParserOptions::default()).ok()?;
    sheet.minify(MinifyOptions::default()).ok()?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .ok()?;
    Some(printed.code.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_survives_and_html_shrinks() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <title>T</title>\n  \
                    <script type=\"application/ld+json\">{\"@context\": \"https://schema.org\",  \"name\": \"a  b\"}</script>\n\
                    </head>\n<body>\n  <p>Hello   <b>you</b> </p>\n  <!-- note -->\n</body>\n</html>\n";
        let out = String::from_utf8(html(page.as_bytes())).unwrap();
        assert!(out.len() < page.len());
        assert!(
            out.starts_with("<!doctype html>") || out.starts_with("<!DOCTYPE html>"),
            "{out}"
        );
        assert!(
            out.contains("{\"@context\": \"https://schema.org\",  \"name\": \"a  b\"}"),
            "{out}"
        );
        assert!(!out.contains("note"), "{out}");
    }

    #[test]
    fn css_is_minified_or_left_alone() {
        assert_eq!(css(b"a {\n  color: #ff0000;\n}\n").unwrap(), b"a{color:red}");
        assert!(css(&[0xff, 0xfe]).is_none());
        assert!(file("x.js", b"a").is_none());
    }
}
