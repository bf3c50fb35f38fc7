//! Which raw HTML elements written in markdown are open, as far as autolinks care: inside a
//! raw `<a>…</a>` a phrase must not become a link (a link inside a link is invalid HTML, and
//! browsers split it apart), nor inside raw code, headings, buttons or scripts, as inside
//! their markdown forms.

/// Elements whose text is never autolinked. `h1`-`h6` are matched by [`is_closed_to_autolinks`].
const CLOSED: &[&str] = &[
    "a", "button", "code", "kbd", "pre", "samp", "script", "style", "textarea", "title",
];

fn is_closed_to_autolinks(name: &str) -> bool {
    let heading = matches!(name.as_bytes(), [b'h' | b'H', b'1'..=b'6']);
    heading || CLOSED.iter().any(|c| c.eq_ignore_ascii_case(name))
}

/// How many such elements are open, fed every raw HTML piece of a body in order (a raw
/// `<a href>` and its `</a>` are separate pieces with the link text between them).
#[derive(Debug, Default)]
pub struct OpenElements {
    depth: usize,
}

impl OpenElements {
    /// Whether text here may be autolinked.
    pub fn allow_autolinks(&self) -> bool {
        self.depth == 0
    }

    /// Reads the tags of one piece of raw HTML; comments are skipped.
    pub fn feed(&mut self, html: &str) {
        let mut rest = html;
        while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
            rest = &rest[lt + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let (closing, tag) = match rest.strip_prefix('/') {
                Some(tag) => (true, tag),
                None => (false, rest),
            };
            let end = tag.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tag.len());
            let name = &tag[..end];
            let ends_name = tag[end..]
                .chars()
                .next()
                .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/');
            if name.is_empty() || !ends_name || !is_closed_to_autolinks(name) {
                continue;
            }
            if closing {
                self.depth = self.depth.saturating_sub(1);
            } else {
                self.depth += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_after(pieces: &[&str]) -> usize {
        let mut open = OpenElements::default();
        for piece in pieces {
            open.feed(piece);
        }
        open.depth
    }

    #[test]
    fn links_code_and_headings_open_and_close() {
        assert_eq!(open_after(&["<a href=\"/x/\">"]), 1);
        assert_eq!(open_after(&["<A HREF='/x/'>", "</A>"]), 0);
        assert_eq!(open_after(&["<a\nhref=\"/x/\">", "<code>", "</code>"]), 1);
        assert_eq!(open_after(&["<h2 id=\"x\">", "<span>", "</span>"]), 1);
        assert_eq!(open_after(&["<pre>", "</pre>", "</a>", "</a>"]), 0);
    }

    #[test]
    fn other_elements_and_comments_do_not_count() {
        assert_eq!(
            open_after(&["<abbr title=\"x\">", "<span>", "<article>", "<h7>", "<br/>"]),
            0
        );
        assert_eq!(open_after(&["<!-- <a href=\"x\"> -->"]), 0);
        assert_eq!(open_after(&["<!-- more -->", "<a>"]), 1);
        assert_eq!(open_after(&["a < b", "<", "</"]), 0);
    }
}
