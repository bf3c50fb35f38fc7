//! `--minify`: HTML with minify-html, CSS with lightningcss (the CSS minifier minify-html itself
//! uses for `<style>`). Only spec-compliant minifications are enabled, so the output stays valid
//! for the W3C checker; JSON-LD and other non-JavaScript `<script>` blocks are left byte for byte.

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

/// A page without whitespace, comments and optional tags (`</p>`, `</li>`, `</body>`…), all of
/// which HTML allows to be left out. Inline scripts are left as written: the theme has none, and
/// JavaScript minification is not worth the risk for pasted snippets.
pub fn html(bytes: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        minify_css: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(bytes, &cfg)
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
