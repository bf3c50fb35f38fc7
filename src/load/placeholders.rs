//! Text a page is not to be published with: the `TODO`s that `knead new`'s archetypes leave
//! for the owner to replace, and the example text of the site `knead init` starts, each part
//! of which says [`STARTER_MARKER`]. Found when a file is read, since a build keeps only the
//! HTML of a page's body; reported by the check stage for published pages.

use crate::diagnostics::LineIndex;
use memchr::memmem::Finder;
use pulldown_cmark::{Event, Parser};
use std::ops::Range;
use std::sync::LazyLock;

/// What the starter site of `knead init` says in each piece of example text.
pub const STARTER_MARKER: &str = "This is placeholder text";

/// The word the archetypes of `knead new` put where the owner has to write.
pub const TODO: &str = "TODO";

/// How much of the text at a placeholder a message quotes, in characters ([`Placeholder::text`]).
const QUOTED_CHARS: usize = 60;

/// The searchers for [`STARTER_MARKER`] and [`TODO`], made once for every file of every build.
static MARKERS: LazyLock<[Finder<'static>; 2]> = LazyLock::new(|| [Finder::new(STARTER_MARKER), Finder::new(TODO)]);

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
    let bytes = text.as_bytes();
    let mut found: Vec<usize> = MARKERS
        .iter()
        .flat_map(|marker| {
            let len = marker.needle().len();
            marker.find_iter(bytes).filter(move |&at| is_word(bytes, at, len))
        })
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_unstable();
    let comments = match found.last() {
        Some(&last) if last >= body_offset => html_comments(text, body_offset),
        _ => Vec::new(),
    };
    // All in order: the comments and the lines are walked once, beside the matches.
    let mut comments = comments.iter().peekable();
    let mut lines = LineIndex::new(text);
    let (mut line_start, mut walked) = (0, 0);
    let mut out: Vec<Placeholder> = Vec::new();
    for at in found {
        if let Some(i) = memchr::memrchr(b'\n', &bytes[walked..at]) {
            line_start = walked + i + 1;
        }
        walked = at;
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
fn is_word(bytes: &[u8], at: usize, len: usize) -> bool {
    let word_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    !bytes[..at].last().is_some_and(word_byte) && !bytes.get(at + len).is_some_and(word_byte)
}

/// Byte ranges (in `text`) of the HTML comments (`<!-- … -->`) of the body, which starts at
/// `body_offset`: only those markdown reads as HTML, not a `<!--` in code. A comment runs to
/// the next `-->` written as HTML, as in a browser, or to the end of the body.
fn html_comments(text: &str, body_offset: usize) -> Vec<Range<usize>> {
    let Some(body) = text.get(body_offset..) else {
        return Vec::new();
    };
    if memchr::memmem::find(body.as_bytes(), b"<!--").is_none() {
        return Vec::new();
    }
    let mut comments = Vec::new();
    let mut open: Option<usize> = None;
    let html = Parser::new_ext(body, super::markdown::options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)));
    for (_, range) in html {
        // The source of the event: an HTML block comes a line at a time, without the `>` or
        // indentation of a quote or list it is in.
        let mut from = range.start;
        while from < range.end {
            let piece = &body[from..range.end];
            match open {
                None => match piece.find("<!--") {
                    Some(i) => {
                        open = Some(from + i);
                        // `<!-->` and `<!--->` are whole (empty) comments.
                        from += i + "<!".len();
                    }
                    None => break,
                },
                Some(start) => match piece.find("-->") {
                    Some(i) => {
                        from += i + "-->".len();
                        comments.push(body_offset + start..body_offset + from);
                        open = None;
                    }
                    None => break,
                },
            }
        }
    }
    if let Some(start) = open {
        comments.push(body_offset + start..text.len());
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
    fn a_comment_opener_in_code_hides_nothing() {
        let text = "---\ntitle: x\n---\nWrite `<!--` to start a comment.\n\n```\n<!--\n```\n\nTODO: a photo.\n";
        assert_eq!(found(text), [(10, 1, "TODO: a photo.".to_string())]);
    }

    #[test]
    fn comments_are_those_markdown_reads_as_html() {
        let text = "---\ntitle: x\n---\n> <!-- a note\n> TODO: hidden\n> -->\n\n\
                    A <!-- TODO: hidden --> and <!--> TODO: shown.\n\n<div><!---> TODO: shown</div>\n\n\
                    <div>\n<!-- open\n\nTODO: hidden\n";
        assert_eq!(
            found(text),
            [
                (8, 35, "TODO: shown.".to_string()),
                (10, 13, "TODO: shown</div>".to_string())
            ]
        );
    }

    #[test]
    fn a_long_line_of_placeholders_is_read_once() {
        let text = format!("---\ntitle: x\n---\n{}\nTODO\n", "TODO ".repeat(800_000));
        assert_eq!(
            found(&text),
            [(4, 1, format!("{}…", "TODO ".repeat(12))), (5, 1, "TODO".to_string())]
        );
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
