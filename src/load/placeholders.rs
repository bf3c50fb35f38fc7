//! Text a page is not to be published with: the `TODO`s that `knead new`'s archetypes leave
//! for the owner to replace, and the example text of the site `knead init` starts, each part
//! of which says [`STARTER_MARKER`]. Found when a file is read, since a build keeps only the
//! HTML of a page's body; reported by the check stage for published pages.

use crate::diagnostics::LineIndex;

/// What the starter site of `knead init` says in each piece of example text.
pub const STARTER_MARKER: &str = "This is placeholder text";

/// The word the archetypes of `knead new` put where the owner has to write.
pub const TODO: &str = "TODO";

/// How much of the text at a placeholder a message quotes, in characters ([`Placeholder::text`]).
const QUOTED_CHARS: usize = 60;

/// A placeholder in a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// 1-based line and column in the file.
    pub line: usize,
    pub col: usize,
    /// The text from the placeholder to the end of its line, cut to 60 characters.
    pub text: String,
}

/// The placeholders of a content file's `text` whose body starts at `body_offset`: the first
/// on each line, leaving out what is never published (comment lines of the front matter and
/// HTML comments of the body).
pub fn find(text: &str, body_offset: usize) -> Vec<Placeholder> {
    let mut found: Vec<usize> = [STARTER_MARKER, TODO]
        .iter()
        .flat_map(|marker| {
            memchr::memmem::find_iter(text.as_bytes(), marker).filter(|&at| is_word(text, at, marker.len()))
        })
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_unstable();
    let comments = html_comments(text, body_offset);
    // Both in order: the comments are walked once, beside the matches.
    let mut comments = comments.iter().peekable();
    let mut lines = LineIndex::new(text);
    let mut out: Vec<Placeholder> = Vec::new();
    for at in found {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let in_yaml_comment = at < body_offset && text[line_start..at].trim_start().starts_with('#');
        while comments.next_if(|c| c.end <= at).is_some() {}
        let in_html_comment = comments.peek().is_some_and(|c| c.contains(&at));
        if in_yaml_comment || in_html_comment {
            continue;
        }
        let (line, col) = lines.at(at);
        if out.last().is_some_and(|p| p.line == line) {
            continue;
        }
        out.push(Placeholder {
            line,
            col,
            text: quoted_text(text, at),
        });
    }
    out
}

/// Whether the `len` bytes at `at` are a word of their own: `TODO`, not `TODOS` or `MASTODON`.
fn is_word(text: &str, at: usize, len: usize) -> bool {
    let word_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let bytes = text.as_bytes();
    !bytes[..at].last().is_some_and(word_byte) && !bytes.get(at + len).is_some_and(word_byte)
}

/// Byte ranges of the HTML comments (`<!-- … -->`) in the body.
fn html_comments(text: &str, body_offset: usize) -> Vec<std::ops::Range<usize>> {
    let mut comments = Vec::new();
    let mut from = body_offset;
    while let Some(open) = text[from..].find("<!--").map(|i| from + i) {
        let close = text[open + 4..].find("-->").map_or(text.len(), |i| open + 4 + i + 3);
        comments.push(open..close);
        from = close;
    }
    comments
}

/// The text from `at` to the end of its line, without a closing quote, cut to
/// [`QUOTED_CHARS`] characters.
fn quoted_text(text: &str, at: usize) -> String {
    let line = text[at..].split('\n').next().unwrap_or("");
    let line = line.trim_end().trim_end_matches(['"', '\'']);
    match line.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, usize, String)> {
        let body = text.find("\n---\n").map_or(0, |i| i + 5);
        find(text, body).into_iter().map(|p| (p.line, p.col, p.text)).collect()
    }

    #[test]
    fn todos_and_the_starter_marker_are_found_where_published() {
        let text = "---\ntitle: \"A\"\n# TODO: a comment is not published\ndescription: \"TODO: describe A\"\n---\n\
                    Intro. This is placeholder text: edit it.\n<!-- TODO: a note to self -->\n\
                    A TODO and another TODO on one line.\n";
        assert_eq!(
            found(text),
            [
                (4, 15, "TODO: describe A".to_string()),
                (6, 8, "This is placeholder text: edit it.".to_string()),
                (8, 3, "TODO and another TODO on one line.".to_string()),
            ]
        );
    }

    #[test]
    fn only_whole_words_count() {
        assert!(found("---\ntitle: MASTODON TODOS todo_list TODO_x\n---\n").is_empty());
        assert_eq!(found("---\ntitle: x\n---\n(TODO)").len(), 1);
    }

    #[test]
    fn placeholders_between_comments_are_found() {
        let text = format!(
            "---\ntitle: x\n---\n{}",
            "<!-- TODO --> TODO <!-- TODO\n-->\n".repeat(1000)
        );
        let found = found(&text);
        assert_eq!(found.len(), 1000);
        assert_eq!(found[1], (6, 15, "TODO <!-- TODO".to_string()));
    }

    #[test]
    fn long_text_is_cut() {
        let text = format!("---\ntitle: x\n---\nTODO {}\n", "é".repeat(100));
        let [(_, _, quoted)] = &found(&text)[..] else {
            panic!("one placeholder expected")
        };
        assert_eq!(quoted.chars().count(), QUOTED_CHARS + 1);
        assert!(quoted.ends_with('…'));
    }
}
