//! The only user of `serde_yaml`: YAML text in, typed data or a positioned error out. Simple
//! front matter takes a faster road to the same values (`yaml/simple.rs`).
//!
//! serde_yaml 0.9 is archived upstream; keeping every call here means a maintained fork can replace
//! it in one place. Positions are translated from the YAML block to the lines of the source file.

use crate::diagnostics::{Diagnostic, did_you_mean};
use serde::de::DeserializeOwned;

pub use locate::{Step, nearest as nearest_position, position as path_position};

mod hints;
mod locate;
mod scan;
mod simple;

/// Where a YAML block sits in its file, so errors point at the file's own lines.
#[derive(Debug, Clone, Copy)]
pub struct YamlSource<'a> {
    /// The file as shown to the user, e.g. `content/guides/x.md`.
    pub file: &'a str,
    pub text: &'a str,
    /// Number of file lines before the first line of `text` (1 for front matter after `---`).
    pub line_offset: usize,
}

/// Front matter `text` of `content/a.md`, for the tests of the modules that parse YAML.
#[cfg(test)]
pub(crate) fn src(text: &str) -> YamlSource<'_> {
    YamlSource {
        file: "content/a.md",
        text,
        line_offset: 1,
    }
}

/// Deserializes `source.text` strictly; unknown keys, wrong types and broken YAML become a
/// diagnostic at the source file's line and column, with a "did you mean" for misspelt keys.
pub fn parse<T: DeserializeOwned>(source: YamlSource<'_>) -> Result<T, Diagnostic> {
    let text = if source.text.trim().is_empty() {
        "{}"
    } else {
        source.text
    };
    if let Some(value) = simple::parse(text) {
        return Ok(value);
    }
    if let Some(problem) = scan::problem(text) {
        let (line, col) = crate::diagnostics::line_col(text, problem.at());
        let line = line + source.line_offset;
        return Err(match problem {
            scan::Problem::TooDeep(_) => too_deep(source.file, line, col)
                .with_help("close the `[` and `{` left open before this point, or flatten the data"),
            scan::Problem::UnwantedEscape(bytes, c) => Diagnostic::error(
                source.file,
                line,
                col,
                format!(
                    "`{}` writes U+{:04X}, a character web pages and feeds cannot carry",
                    &text[bytes],
                    u32::from(c)
                ),
            )
            .with_help("remove it; a tab is written `\\t` and a line break `\\n`"),
        });
    }
    serde_yaml::from_str(text).map_err(|err| to_diagnostic(&err, source))
}

/// Values nested deeper than serde_yaml reads, by brackets or by indentation.
fn too_deep(file: &str, line: usize, col: usize) -> Diagnostic {
    let max = scan::MAX_DEPTH;
    Diagnostic::error(file, line, col, format!("values nested more than {max} levels deep")).with_help(format!(
        "flatten the data: a value holds at most {max} levels of lists and mappings"
    ))
}

fn to_diagnostic(err: &serde_yaml::Error, source: YamlSource<'_>) -> Diagnostic {
    let (line, col) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
    let raw = err.to_string();
    if raw.starts_with("recursion limit exceeded") {
        return too_deep(source.file, line + source.line_offset, col);
    }
    // libyaml names the byte offset only; the file's line and column are worked out here.
    if raw.starts_with("control characters are not allowed")
        && let Some((at, c)) = source.text.char_indices().find(|&(_, c)| !yaml_allows(c))
    {
        let (line, col) = crate::diagnostics::line_col(source.text, at);
        return Diagnostic::error(
            source.file,
            line + source.line_offset,
            col,
            format!("the character U+{:04X} is not allowed in YAML", u32::from(c)),
        )
        .with_help("delete it: it is invisible, and usually comes with text pasted from elsewhere");
    }
    let message = without_positions(&raw);
    if let Some(hint) = hints::hint(source.text, &message, line, col) {
        return Diagnostic::error(source.file, hint.line + source.line_offset, hint.col, hint.message)
            .with_help(hint.help);
    }
    let diagnostic = Diagnostic::error(source.file, line + source.line_offset, col, &message);
    match unknown_field_suggestion(&message) {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Whether libyaml reads `c` in a YAML text (it refuses the rest before parsing).
fn yaml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// serde_yaml writes " at line L column C" into its messages (at the end, or before libyaml's
/// context: "found unexpected end of stream at line 9 column 1, while scanning a quoted
/// scalar"), counted in the YAML block; knead prints its own, file-relative position.
fn without_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line_digits = digits(after);
        let position = after[line_digits..]
            .strip_prefix(" column ")
            .map(|tail| line_digits + " column ".len() + digits(tail))
            .filter(|_| line_digits > 0);
        match position {
            Some(len) if len > line_digits + " column ".len() => rest = &after[len..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Turns "unknown field `titel`, expected one of `title`, `tags`" into "did you mean `title`?"
/// or, without a close match, the list of accepted keys.
fn unknown_field_suggestion(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(field, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if candidates.is_empty() => None,
        None => Some(format!("accepted keys: {}", candidates.join(", "))),
    }
}

/// Finds the 1-based line and column of a top-level `key:` in a YAML block, so errors found after
/// parsing (a bad date, a missing template) can still point at the line that caused them.
pub fn key_position(source: YamlSource<'_>, key: &str) -> (usize, usize) {
    for (index, line) in source.text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            let value_col = line.len() - rest.trim_start()[1..].trim_start().len();
            return (index + 1 + source.line_offset, value_col.min(line.len()) + 1);
        }
    }
    (source.line_offset.max(1), 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn unknown_key_points_at_file_line_with_suggestion() {
        let err = parse::<Meta>(src("title: x\ntitel: y\n")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/a.md:3:1: error: unknown field `titel`, expected `title` or `tags`\n  help: did you mean `title`?"
        );
    }

    #[test]
    fn wrong_type_and_broken_yaml_are_positioned() {
        let err = parse::<Meta>(src("title: [a]\n")).unwrap_err();
        assert_eq!((err.line, err.col), (2, 8));
        assert!(
            err.message.contains("invalid type: sequence, expected a string"),
            "{}",
            err.message
        );
        let err = parse::<Meta>(src("title: x\n  bad: : y\n")).unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn deep_nesting_is_refused_at_the_first_bracket_too_deep() {
        let deep = format!("title: x\ntags: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse::<Meta>(src(&deep)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/a.md:3:135: error: values nested more than 128 levels deep\n  \
             help: close the `[` and `{` left open before this point, or flatten the data"
        );
        // Deep by indentation: serde_yaml's own limit, the same words.
        let indented = format!("title: x\ntags:\n{}x\n", "- ".repeat(200));
        let err = parse::<serde_json::Value>(src(&indented)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/a.md:4:255: error: values nested more than 128 levels deep\n  \
             help: flatten the data: a value holds at most 128 levels of lists and mappings"
        );
    }

    #[test]
    fn brackets_in_text_are_not_nesting() {
        let many = "[{".repeat(200);
        let text = format!("title: |\n  {many}\n  more\ntags: ['{many}', \"{many}\"]  # {many}\n");
        let meta: Meta = parse(src(&text)).unwrap();
        assert_eq!(meta.title, format!("{many}\nmore\n"));
        assert_eq!(meta.tags, [many.clone(), many]);
    }

    #[test]
    fn characters_yaml_refuses_are_pointed_at() {
        for (text, shown) in [
            ("title: a\x01b\n", "U+0001"),
            ("title: x\ntags: [\"é\u{FFFE}\"]\n", "U+FFFE"),
        ] {
            let err = parse::<Meta>(src(text)).unwrap_err();
            let at = text.find(|c| !yaml_allows(c)).unwrap();
            let (line, col) = crate::diagnostics::line_col(text, at);
            assert_eq!((err.line, err.col), (line + 1, col), "{text:?}");
            assert_eq!(err.message, format!("the character {shown} is not allowed in YAML"));
        }
    }

    #[test]
    fn positions_inside_messages_are_removed() {
        assert_eq!(
            without_positions("found unexpected end of stream at line 9 column 1, while scanning a quoted scalar"),
            "found unexpected end of stream, while scanning a quoted scalar"
        );
        assert_eq!(
            without_positions("did not find expected key at line 2 column 15"),
            "did not find expected key"
        );
        assert_eq!(without_positions("a value at line x"), "a value at line x");
    }

    #[test]
    fn finds_key_lines() {
        let text = "title: x\ndate: 2020-13-01\n";
        assert_eq!(key_position(src(text), "date"), (3, 7));
        assert_eq!(key_position(src(text), "nope"), (1, 1));
    }
}
