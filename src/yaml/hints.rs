//! Plain-language errors for the YAML mistakes people make most, in place of the parser's words:
//! a colon inside an unquoted text (`title: Massage: what to expect`), a quote that is opened
//! and never closed, and a text written where a list goes (`tags: running, knees`). Each error
//! shows the line as it should be written.
//!
//! These look at the text only after serde_yaml refused it, so they never change what a file
//! means; they only say better what is wrong with it.

/// What a hint says: the line and column it points at (1-based, in the YAML text), the
/// message and the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: String,
}

/// The hint for serde_yaml's `message` about the YAML `text`, reported at 1-based `line` and
/// `col` of the text; `None` when none of the common mistakes explains it.
pub fn hint(text: &str, message: &str, line: usize, col: usize) -> Option<Hint> {
    // A quoted text may run over several lines, even over one that looks like `key: value`:
    // a quote is only taken for never closed when the text is not YAML at all, never in place
    // of what was refused in YAML that reads (an unknown key, a wrong type).
    let unreadable = serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_err();
    unreadable
        .then(|| unclosed_quote(text, line))
        .flatten()
        .or_else(|| colon_in_text(text, message, line, col))
        .or_else(|| text_for_list(text, message, line, col))
}

/// A `key: value` line: what comes before the key (indentation and any `- `), the key, and
/// the value as written (trimmed), with its byte offset in the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KeyLine<'a> {
    lead: &'a str,
    key: &'a str,
    value: &'a str,
    value_at: usize,
}

/// Reads `line` as `key: value` (also `- key: value` in a list), with a plain key of letters,
/// digits, `_` and `-`.
fn key_line(line: &str) -> Option<KeyLine<'_>> {
    let mut rest = line.trim_start_matches(' ');
    while let Some(item) = rest.strip_prefix("- ") {
        rest = item.trim_start_matches(' ');
    }
    let lead_end = line.len() - rest.len();
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let after = &rest[colon + 1..];
    if !key_ok || !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let value = after.trim();
    let value_at = lead_end + colon + 1 + (after.len() - after.trim_start().len());
    Some(KeyLine {
        lead: &line[..lead_end],
        key,
        value,
        value_at,
    })
}

/// The 1-based line `n` of `text` (without its line break), or `""` past the end.
fn nth_line(text: &str, n: usize) -> &str {
    text.split('\n')
        .nth(n.saturating_sub(1))
        .map_or("", |l| l.trim_end_matches('\r'))
}

/// `value` as a quoted YAML string that reads back as `value`.
fn quoted(value: &str) -> String {
    if !value.contains(['"', '\\']) {
        format!("\"{value}\"")
    } else if !value.contains('\'') {
        format!("'{value}'")
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `title: Massage: what to expect`: YAML reads the second `: ` as the start of another key.
fn colon_in_text(text: &str, message: &str, line: usize, col: usize) -> Option<Hint> {
    if !message.starts_with("mapping values are not allowed") {
        return None;
    }
    let written = key_line(nth_line(text, line))?;
    if !written.value.contains(": ") || written.value.starts_with(['"', '\'', '[', '{', '|', '>']) {
        return None;
    }
    Some(Hint {
        line,
        col,
        message: format!("`{}` has a colon in its text, so the text needs quotes", written.key),
        help: format!(
            "put the text in quotes: {}{}: {}",
            written.lead.trim_start(),
            written.key,
            quoted(written.value)
        ),
    })
}

/// `tags: running, knees` where a list goes: the list form is `tags: [running, knees]`.
fn text_for_list(text: &str, message: &str, line: usize, col: usize) -> Option<Hint> {
    let (path, rest) = message.split_once(": invalid type: string ")?;
    if !rest.ends_with(", expected a sequence") {
        return None;
    }
    let written = key_line(nth_line(text, line))?;
    if written.value_at + 1 != col {
        return None;
    }
    let value = written.value;
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|&q| value.strip_prefix(q).and_then(|v| v.strip_suffix(q)))
        .unwrap_or(value);
    let items: Vec<String> = unquoted
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(list_item)
        .collect();
    Some(Hint {
        line,
        col,
        message: format!("`{path}` takes a list, not the text {}", quoted(unquoted)),
        help: format!(
            "write the list in square brackets: {}{}: [{}]",
            written.lead.trim_start(),
            written.key,
            items.join(", ")
        ),
    })
}

/// An item of a `[a, b]` list as written: plain when YAML reads it as the same text, else quoted.
fn list_item(item: &str) -> String {
    let plain = item.starts_with(|c: char| c.is_alphanumeric())
        && item
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '\'' | '(' | ')'));
    if plain { item.to_string() } else { quoted(item) }
}

/// A quote that opens a value and is never closed: the value runs to the end of the text, or
/// over the next `key:` line (where the parser then stumbles, lines later). Only quotes opened
/// on or before `error_line` are considered.
fn unclosed_quote(text: &str, error_line: usize) -> Option<Hint> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let mut index = 0;
    while index < lines.len() && index < error_line {
        let line = lines[index];
        let Some(written) = key_line(line) else {
            index += 1;
            continue;
        };
        if written.value.starts_with(['|', '>']) {
            index = block_end(&lines, index);
            continue;
        }
        let Some(quote) = written.value.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            index += 1;
            continue;
        };
        match closing_line(&lines, index, written.value_at + 1, quote) {
            Some(end) => index = end + 1,
            None => {
                let col = line[..written.value_at].chars().count() + 1;
                return Some(Hint {
                    line: index + 1,
                    col,
                    message: format!("the quote that starts the text of `{}` is never closed", written.key),
                    help: format!("end the text with the same quote on this line: {}{quote}", line.trim()),
                });
            }
        }
    }
    None
}

/// The index of the line where the quoted value that starts on line `start` (after byte `from`)
/// ends; `None` when it never ends or runs over a line that looks like a new `key:`.
fn closing_line(lines: &[&str], start: usize, from: usize, quote: char) -> Option<usize> {
    for (index, line) in lines.iter().enumerate().skip(start) {
        let rest = if index == start { &line[from..] } else { line };
        let close = closing_quote(rest, quote);
        let before_close = &rest[..close.unwrap_or(rest.len())];
        if index > start && key_line(before_close).is_some() {
            return None;
        }
        if close.is_some() {
            return Some(index);
        }
    }
    None
}

/// Byte offset of the quote that closes a quoted scalar in `rest` (the text after the opening
/// quote): `\` escapes in double quotes, `''` is a quote in single quotes.
fn closing_quote(rest: &str, quote: char) -> Option<usize> {
    let mut chars = rest.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            c if c == quote => return Some(at),
            _ => {}
        }
    }
    None
}

/// The index of the first line after the block scalar whose key is on line `start`: the lines
/// indented more than the key belong to it.
fn block_end(lines: &[&str], start: usize) -> usize {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let key_indent = indent(lines[start]);
    let mut index = start + 1;
    while index < lines.len() && (lines[index].trim().is_empty() || indent(lines[index]) > key_indent) {
        index += 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_are_read_with_their_lead() {
        let k = key_line("  - q: What: now").unwrap();
        assert_eq!((k.lead, k.key, k.value, k.value_at), ("  - ", "q", "What: now", 7));
        assert_eq!(key_line("title:").unwrap().value, "");
        assert_eq!(key_line("not a key: x"), None);
        assert_eq!(key_line("http://x"), None);
    }

    #[test]
    fn quoting_keeps_the_text() {
        assert_eq!(quoted("Massage: what"), "\"Massage: what\"");
        assert_eq!(quoted("The \"best\": x"), "'The \"best\": x'");
        assert_eq!(quoted("It's \"a\": b"), "\"It's \\\"a\\\": b\"");
        for value in ["Massage: what", "The \"best\": x", "It's \"a\": b \\ c"] {
            let read: String = serde_yaml::from_str(&quoted(value)).unwrap();
            assert_eq!(read, value);
        }
    }

    #[test]
    fn a_colon_in_a_text_says_to_quote_it() {
        let text = "title: x\nfaq:\n  - q: Why: now?\n    a: b\n";
        let hint = colon_in_text(text, "mapping values are not allowed in this context", 3, 11).unwrap();
        assert_eq!(hint.help, "put the text in quotes: - q: \"Why: now?\"");
        assert_eq!(colon_in_text(text, "did not find expected key", 3, 11), None);
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        for (text, line) in [
            ("title: \"Massage\ndescription: \"What\"\nweight: 1\n", 1),
            ("title: x\ndescription: 'It''s\n", 2),
            ("title: x\nextra:\n  note: \"open\n", 3),
        ] {
            let hint = unclosed_quote(text, 9).unwrap();
            assert_eq!(hint.line, line, "{text:?}");
        }
        // Quotes closed on a later line, and quotes inside block scalars, are fine.
        for text in [
            "title: \"a\n  b\"\nweight: x: y\n",
            "description: |\n  He said \"hi\n  there\nweight: 1\n",
            "title: 'a \"b'\ndescription: \"c \\\" d\"\n",
        ] {
            assert_eq!(unclosed_quote(text, 9), None, "{text:?}");
        }
        // Only quotes opened before the error count.
        assert_eq!(unclosed_quote("a: b: c\ntitle: \"x\n", 1), None);
    }

    #[test]
    fn a_quoted_text_over_lines_of_yaml_that_reads_is_no_unclosed_quote() {
        let text = "title: x\ndescription: \"Our hours\n  Monday: 9-5\"\ntitel: y\n";
        assert!(
            unclosed_quote(text, 4).is_some(),
            "the lines alone look like an open quote"
        );
        assert_eq!(hint(text, "unknown field `titel`, expected `title`", 4, 1), None);
        let broken = "title: \"x\ndescription: \"y\"\n";
        assert_eq!(
            hint(broken, "did not find expected key", 2, 15).map(|h| h.line),
            Some(1)
        );
    }

    #[test]
    fn a_text_where_a_list_goes_shows_the_list() {
        let text = "title: x\ntags: running, knees\n";
        let message = "tags: invalid type: string \"running, knees\", expected a sequence";
        let hint = text_for_list(text, message, 2, 7).unwrap();
        assert_eq!(hint.message, "`tags` takes a list, not the text \"running, knees\"");
        assert_eq!(hint.help, "write the list in square brackets: tags: [running, knees]");
        let text = "related: \"@/a.md, @/b.md\"\n";
        let message = "related: invalid type: string \"@/a.md, @/b.md\", expected a sequence";
        let hint = text_for_list(text, message, 1, 10).unwrap();
        assert_eq!(
            hint.help,
            "write the list in square brackets: related: [\"@/a.md\", \"@/b.md\"]"
        );
    }
}
