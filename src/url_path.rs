//! Facts about link destinations and URL paths that every stage needs alike: which links point
//! off the site, and a path with its `.` and `..` segments resolved.

/// The scheme of `dest` (`mailto` in `mailto:info@example.com`), as RFC 3986 spells one: a
/// letter, then letters, digits, `+`, `-` or `.`, then a colon, before any `/`, `?` or `#`.
/// A single letter is not taken for a scheme: no scheme has one letter, and a path with a
/// colon in its first segment (`a:b.md`) or a Windows drive (`C:\x`, `c:/x`) is a path.
pub fn scheme(dest: &str) -> Option<&str> {
    let (head, _) = dest.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && head.len() > 1).then_some(head)
}

/// Links knead never follows at build time: any URL with a scheme (`https:`, `mailto:`,
/// `whatsapp:`…) and scheme-relative `//host/x`.
pub fn is_external(dest: &str) -> bool {
    dest.starts_with("//") || scheme(dest).is_some()
}

/// Why a link to `dest` is refused, if it is: `javascript:` and `vbscript:` run code when
/// clicked, and a `data:` URL carries its own document (anything but an image could be a page
/// with scripts that appears to come from the site, and so could an SVG image).
pub fn refused_scheme(dest: &str) -> Option<&str> {
    let scheme = scheme(dest)?;
    let refused = ["javascript", "vbscript"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
        || scheme.eq_ignore_ascii_case("data")
            && data_media_type(dest).is_none_or(|media| !media.starts_with("image/") || media == SVG);
    refused.then_some(scheme)
}

/// The media type of SVG images, which may hold scripts.
pub const SVG: &str = "image/svg+xml";

/// The media type of a `data:` URL in lower case, as a browser reads it: `image/png` in
/// `data:image/png;base64,…` (what comes before the first `;` or `,`, without spaces around).
pub fn data_media_type(dest: &str) -> Option<String> {
    let (scheme, rest) = dest.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("data") {
        return None;
    }
    let media = rest.split([';', ',']).next().unwrap_or_default();
    Some(
        media
            .trim_matches(|c: char| c.is_ascii_whitespace())
            .to_ascii_lowercase(),
    )
}

/// Resolves `.` and `..` segments; `None` when the path climbs above its root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let trailing = if path.ends_with('/') && !parts.is_empty() {
        "/"
    } else {
        ""
    };
    let mut joined = parts.join("/");
    joined.push_str(trailing);
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheme_is_a_letter_then_letters_digits_plus_minus_or_dots() {
        for (dest, expected) in [
            ("https://example.org", Some("https")),
            ("mailto:info@example.com", Some("mailto")),
            ("whatsapp://send?phone=1", Some("whatsapp")),
            ("geo:47.1,8.5", Some("geo")),
            ("web+clinic:x", Some("web+clinic")),
            ("coap.tcp-x:y", Some("coap.tcp-x")),
            ("@/services/x.md", None),
            ("/services/", None),
            ("a:b.md", None),
            ("C:\\x", None),
            ("c:/Users/x.md", None),
            ("./a:b.md", None),
            ("dir/a:b.md", None),
            ("1x:y", None),
            ("java script:x", None),
            ("#top", None),
            ("", None),
        ] {
            assert_eq!(scheme(dest), expected, "{dest}");
        }
        assert!(is_external("//cdn.example/x.js"));
        assert!(!is_external("guides/x.md"));
    }

    #[test]
    fn links_that_run_code_or_carry_a_document_are_refused() {
        for dest in [
            "javascript:alert(1)",
            "JavaScript:x",
            "vbscript:x",
            "data:text/html,<b>",
            "DATA:,x",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:Image/SVG+XML;base64,PHN2Zz4=",
            "data: image/svg+xml ;charset=utf-8,<svg>",
            "data:imagex/png,x",
        ] {
            assert!(refused_scheme(dest).is_some(), "{dest}");
        }
        for dest in [
            "data:image/png;base64,AAAA",
            "DATA:IMAGE/webp,x",
            "mailto:a@b.c",
            "tel:+1",
            "https://x",
            "javascript.md",
        ] {
            assert_eq!(refused_scheme(dest), None, "{dest}");
        }
    }
}
