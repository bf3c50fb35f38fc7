//! Components written in markdown: `{{ booking() }}` on its own or inside a sentence, and
//! `{% faq(q="How long is a session?") %}` … `{% end %}` around markdown. The syntax is
//! Zola's: a name, then arguments as `name=value` in parentheses, values being text in quotes,
//! numbers, `true` or `false`. Nothing else is code: a writer cannot compute, loop or reach
//! into variables, so a call reads like a form to fill in and can be checked like a link.
//!
//! Calls are found before the markdown is parsed (never inside code spans or code blocks) and
//! each is replaced by a marker element the render stage swaps for the component's HTML. The
//! markdown inside a block component stays in the page and is parsed with it: its links are
//! checked and resolved like the page's own. A marker spans as many lines as the call it
//! stands for, so lines in the rewritten body are those of the file; columns after a call on
//! its line are put back by [`Rewritten::original_col`].

use crate::diagnostics::LineIndex;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::fmt::Write;
use std::ops::Range;

/// What starts every marker in a rewritten body. The character U+FDD0 never reaches a page's
/// HTML otherwise (see [`crate::control_chars`]), so no text a page contains is taken for it.
pub const MARKER_START: &str = "<knead-c data-c=\"\u{FDD0}";
/// What ends every marker.
pub const MARKER_END: &str = "\"></knead-c>";

/// Whether `html` is nothing but a marker, whole or its start or end tag.
pub fn is_marker(html: &str) -> bool {
    let html = html.trim_end();
    if html == "</knead-c>" {
        return true;
    }
    let Some(rest) = html.strip_prefix(MARKER_START) else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '/' || c == '\n');
    rest == "\">" || rest == MARKER_END
}

/// A value given to a component argument.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl ArgValue {
    /// The type's name as declarations write it.
    pub fn type_name(&self) -> &'static str {
        match self {
            ArgValue::Text(_) => "text",
            ArgValue::Number(_) => "number",
            ArgValue::Bool(_) => "bool",
        }
    }
}

/// One `name=value` of a call, with where its name is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: String,
    pub value: ArgValue,
    pub line: usize,
    pub col: usize,
}

/// A component call as written in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<Arg>,
    /// 1-based line and column of the call's `{{` or `{%` in the whole file.
    pub line: usize,
    pub col: usize,
    /// For a block call (`{% … %}` … `{% end %}`): the markdown inside as plain text, for what
    /// needs its words rather than its HTML (the FAQPage structured data).
    pub body_text: Option<String>,
    /// Whether the call is alone on its line(s), so that the component may stand as a block of
    /// its own rather than inside a sentence.
    pub alone: bool,
}

/// A call written wrongly: its place, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: String,
}

/// A body with its calls replaced by markers.
#[derive(Debug, Clone, Default)]
pub struct Rewritten {
    pub body: String,
    pub calls: Vec<Call>,
    pub problems: Vec<Problem>,
    /// For each replacement: the line it ends on, and the column after it in the rewritten
    /// body and in the file.
    shifts: Vec<(usize, usize, usize)>,
}

impl Rewritten {
    /// The column in the file of what is at `line`, `col` in the rewritten body.
    pub fn original_col(&self, line: usize, col: usize) -> usize {
        self.shifts
            .iter()
            .rev()
            .find(|&&(at_line, new_col, _)| at_line == line && new_col <= col)
            .map_or(col, |&(_, new_col, old_col)| col - new_col + old_col)
    }
}

/// Whether `body` may contain a call at all: a `{{` or `{%` anywhere. Every page is asked, and
/// most have no `{` at all, so one search for that byte answers.
pub fn may_have_calls(body: &str) -> bool {
    next_opening(body, 0).is_some()
}

/// Finds the calls of the body starting at `body_offset` of `text` (the whole file) and
/// replaces each by a marker; `None` when the body has none and no problem.
pub fn rewrite(text: &str, body_offset: usize) -> Option<Rewritten> {
    let body = &text[body_offset..];
    if !may_have_calls(body) {
        return None;
    }
    let code = code_ranges(body);
    let mut r = Rewriter {
        body,
        body_offset,
        lines: LineIndex::new(text),
        out: Rewritten::default(),
        copied: 0,
        open: Vec::new(),
    };
    let mut at = 0;
    while let Some(found) = next_opening(body, at) {
        at = found + 2;
        if code.iter().any(|range| range.contains(&found)) {
            continue;
        }
        match parse_call(body, found) {
            None => {}
            Some(Parsed::Call { name, args, end, block }) => {
                r.call(name, args, found..end, block);
                at = end;
            }
            Some(Parsed::End { end }) => {
                r.end(found..end);
                at = end;
            }
            Some(Parsed::Broken {
                message,
                help,
                error_at,
            }) => {
                let (line, col) = r.lines.at(body_offset + error_at);
                r.out.problems.push(Problem {
                    line,
                    col,
                    message,
                    help,
                });
            }
        }
    }
    for (index, _) in std::mem::take(&mut r.open) {
        let call = &mut r.out.calls[index];
        // A block still, though its text has no end.
        call.body_text = Some(String::new());
        r.out.problems.push(Problem {
            line: call.line,
            col: call.col,
            message: format!("`{{% {}(…) %}}` is never closed", call.name),
            help: "end the component's text with `{% end %}` on a line of its own".into(),
        });
    }
    r.out.body.push_str(&body[r.copied..]);
    Some(r.out)
}

/// A body being rewritten.
struct Rewriter<'t> {
    body: &'t str,
    body_offset: usize,
    /// Places in the whole file.
    lines: LineIndex<'t>,
    out: Rewritten,
    /// Bytes of the body copied or replaced so far.
    copied: usize,
    /// Block calls still open: index in `out.calls` and where their markdown starts.
    open: Vec<(usize, usize)>,
}

impl Rewriter<'_> {
    /// A call written at `range` of the body.
    fn call(&mut self, name: String, args: Vec<(String, ArgValue, usize)>, range: Range<usize>, block: bool) {
        let (line, col) = self.lines.at(self.body_offset + range.start);
        let args = args
            .into_iter()
            .map(|(name, value, name_at)| {
                let (line, col) = self.lines.at(self.body_offset + name_at);
                Arg { name, value, line, col }
            })
            .collect();
        let index = self.out.calls.len();
        self.out.calls.push(Call {
            name,
            args,
            line,
            col,
            body_text: None,
            alone: alone_on_its_line(self.body, range.start, range.end),
        });
        if block {
            self.open.push((index, range.end));
        }
        self.replace(range, &index.to_string());
    }

    /// A `{% end %}` written at `range` of the body.
    fn end(&mut self, range: Range<usize>) {
        match self.open.pop() {
            Some((index, starts)) => {
                self.out.calls[index].body_text = Some(plain_text(&self.body[starts..range.start]));
                self.replace(range, &format!("/{index}"));
            }
            None => {
                let (line, col) = self.lines.at(self.body_offset + range.start);
                self.out.problems.push(Problem {
                    line,
                    col,
                    message: "`{% end %}` closes no component".into(),
                    help: "remove it, or open a block component before it, such as `{% faq(q=\"…\") %}`".into(),
                });
            }
        }
    }

    /// Copies the body up to `range` and writes the marker `id` for what `range` holds.
    fn replace(&mut self, range: Range<usize>, id: &str) {
        let body = self.body;
        let out = &mut self.out;
        out.body.push_str(&body[self.copied..range.start]);
        let (end_line, old_col) = self.lines.at(self.body_offset + range.end);
        let newlines = body[range.clone()].matches('\n').count();
        // Writing to a `String` cannot fail.
        let _ = write!(out.body, "{MARKER_START}{id}{}{MARKER_END}", "\n".repeat(newlines));
        let line_start = out.body.rfind('\n').map_or(0, |i| i + 1);
        let new_col = out.body[line_start..].chars().count() + 1;
        out.shifts.push((end_line, new_col, old_col));
        self.copied = range.end;
    }
}

/// The offset of the next `{{` or `{%` at or after `from`.
fn next_opening(body: &str, from: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut at = from;
    while let Some(i) = memchr::memchr(b'{', bytes.get(at..)?) {
        let i = at + i;
        if matches!(bytes.get(i + 1), Some(b'{' | b'%')) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Byte ranges of the body's code spans and code blocks, where nothing is a call. A body
/// without a backtick, a tilde fence or an indented line has none, and is not parsed for them.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let bytes = body.as_bytes();
    let may_have_code = memchr::memchr(b'`', bytes).is_some()
        || memchr::memmem::find(bytes, b"~~~").is_some()
        || bytes.starts_with(b"    ")
        || bytes.starts_with(b"\t")
        || memchr::memmem::find(bytes, b"\n    ").is_some()
        || memchr::memmem::find(bytes, b"\n\t").is_some();
    if !may_have_code {
        return Vec::new();
    }
    Parser::new_ext(body, super::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// Whether only white space (and a quote's `>`) shares the lines of `body[start..end]`.
fn alone_on_its_line(body: &str, start: usize, end: usize) -> bool {
    let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = body[end..].find('\n').map_or(body.len(), |i| end + i);
    body[line_start..start]
        .trim_start()
        .trim_start_matches('>')
        .trim()
        .is_empty()
        && body[end..line_end].trim().is_empty()
}

/// The words of a piece of markdown, without its markup.
fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, super::markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What one `{{`/`{%` starts.
enum Parsed {
    Call {
        name: String,
        /// Name, value and the offset of the name.
        args: Vec<(String, ArgValue, usize)>,
        /// Offset just after the closing `}}` or `%}`.
        end: usize,
        block: bool,
    },
    End {
        end: usize,
    },
    Broken {
        message: String,
        help: String,
        error_at: usize,
    },
}

/// Reads the call starting at `start` (at `{{` or `{%`). `None` when it is not a call at all:
/// `{{` not followed by a name and `(` is left as text.
fn parse_call(body: &str, start: usize) -> Option<Parsed> {
    let block = body.as_bytes()[start + 1] == b'%';
    let close = if block { "%}" } else { "}}" };
    let mut r = Reader { body, at: start + 2 };
    r.spaces();
    let name_at = r.at;
    let name = r.ident()?;
    r.spaces();
    if block && name == "end" && r.rest().starts_with(close) {
        return Some(Parsed::End { end: r.at + 2 });
    }
    if !r.rest().starts_with('(') {
        return None;
    }
    r.at += 1;
    let broken = |message: String, help: &str, error_at: usize| {
        Some(Parsed::Broken {
            message,
            help: help.to_string(),
            error_at,
        })
    };
    let mut args = Vec::new();
    loop {
        r.spaces();
        if r.rest().starts_with(')') {
            r.at += 1;
            break;
        }
        let arg_at = r.at;
        let Some(arg) = r.ident() else {
            return broken(
                format!("expected an argument name or `)` in the call of `{name}`"),
                "write arguments as name=\"value\", separated by commas",
                arg_at,
            );
        };
        r.spaces();
        if !r.rest().starts_with('=') {
            return broken(
                format!("argument `{arg}` of `{name}` has no value"),
                "give it one: name=\"value\"",
                r.at,
            );
        }
        r.at += 1;
        r.spaces();
        let value_at = r.at;
        let value = match r.value() {
            Ok(value) => value,
            Err(why) => {
                return broken(
                    why,
                    "write text in double quotes (\"…\"), or a number, true or false",
                    value_at,
                );
            }
        };
        if args.iter().any(|(a, _, _)| *a == arg) {
            return broken(
                format!("argument `{arg}` of `{name}` is given twice"),
                "keep one of them",
                arg_at,
            );
        }
        args.push((arg, value, arg_at));
        r.spaces();
        if r.rest().starts_with(',') {
            r.at += 1;
        } else if !r.rest().starts_with(')') {
            return broken(
                format!(
                    "expected `,` or `)` after argument `{}` of `{name}`",
                    args[args.len() - 1].0
                ),
                "separate arguments with commas and end the call with `)`",
                r.at,
            );
        }
    }
    r.spaces();
    if !r.rest().starts_with(close) {
        let opening = if block { "{%" } else { "{{" };
        return broken(
            format!("the call of `{name}` is not closed: expected `{close}`"),
            &format!("end it as it starts: `{opening} {name}(…) {close}`"),
            r.at.min(body.len()).max(name_at),
        );
    }
    Some(Parsed::Call {
        name,
        args,
        end: r.at + 2,
        block,
    })
}

/// A cursor in the text of a call or a declaration.
pub(super) struct Reader<'b> {
    pub(super) body: &'b str,
    pub(super) at: usize,
}

impl<'b> Reader<'b> {
    pub(super) fn rest(&self) -> &'b str {
        self.body.get(self.at..).unwrap_or_default()
    }

    pub(super) fn spaces(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    /// A name: a letter or `_`, then letters, digits and `_`.
    pub(super) fn ident(&mut self) -> Option<String> {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_alphabetic() || c == '_' || (i > 0 && c.is_ascii_digit())))
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 {
            return None;
        }
        let name = rest[..len].to_string();
        self.at += len;
        Some(name)
    }

    pub(super) fn value(&mut self) -> Result<ArgValue, String> {
        let body = self.body;
        let rest = body.get(self.at..).unwrap_or_default();
        if let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) {
            let mut text = String::new();
            let mut chars = rest.char_indices().skip(1);
            while let Some((i, c)) = chars.next() {
                match c {
                    c if c == quote => {
                        self.at += i + 1;
                        return Ok(ArgValue::Text(text));
                    }
                    '\\' => match chars.next() {
                        Some((_, next)) => text.push(next),
                        None => break,
                    },
                    '\n' => return Err("text in quotes must end on the line it starts".into()),
                    c => text.push(c),
                }
            }
            return Err("text in quotes is never closed".into());
        }
        let word_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_')))
            .unwrap_or(rest.len());
        let word = &rest[..word_len];
        let value = match word {
            "true" => ArgValue::Bool(true),
            "false" => ArgValue::Bool(false),
            _ => match word.parse::<f64>() {
                Ok(n) if n.is_finite() && !word.is_empty() => ArgValue::Number(n),
                _ if word.is_empty() => return Err("expected a value".into()),
                _ => return Err(format!("`{word}` is not a value")),
            },
        };
        self.at += word_len;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(r: &Rewritten) -> Vec<String> {
        r.body
            .split(MARKER_START)
            .skip(1)
            .map(|s| s.split(MARKER_END).next().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn calls_are_found_with_their_arguments_and_places() {
        let text = "---\ntitle: x\n---\nSee {{ booking(label=\"Book now\", big=true, n=2.5) }} here.\n";
        let r = rewrite(text, 17).unwrap();
        assert_eq!(r.calls.len(), 1);
        let call = &r.calls[0];
        assert_eq!(
            (call.name.as_str(), call.line, call.col, call.alone),
            ("booking", 4, 5, false)
        );
        let args: Vec<_> = call
            .args
            .iter()
            .map(|a| (a.name.as_str(), a.value.clone(), a.col))
            .collect();
        assert_eq!(
            args,
            [
                ("label", ArgValue::Text("Book now".into()), 16),
                ("big", ArgValue::Bool(true), 34),
                ("n", ArgValue::Number(2.5), 44)
            ]
        );
        assert_eq!(ids(&r), ["0"]);
        assert!(r.body.ends_with(" here.\n"));
        assert!(r.problems.is_empty());
    }

    #[test]
    fn code_and_non_calls_are_left_alone() {
        let body = "`{{ booking() }}` and\n\n```\n{% faq(q=\"x\") %}\n```\n\n{{ not a call }} {{x}}\n";
        let r = rewrite(body, 0).unwrap();
        assert!(r.calls.is_empty() && r.problems.is_empty());
        assert_eq!(r.body, body);
        let indented = "Example:\n\n    {{ booking() }}\n\n~~~\n{{ call() }}\n~~~\n";
        let r = rewrite(indented, 0).unwrap();
        assert!(r.calls.is_empty(), "{:?}", r.calls);
    }

    #[test]
    fn blocks_keep_their_markdown_and_know_its_words() {
        let body = "{% faq(q=\"Why?\") %}\nBecause *it* helps.\n{% end %}\n";
        let r = rewrite(body, 0).unwrap();
        assert_eq!(ids(&r), ["0", "/0"]);
        assert!(r.body.contains("\nBecause *it* helps.\n"));
        assert_eq!(r.calls[0].body_text.as_deref(), Some("Because it helps."));
        assert!(r.calls[0].alone);
    }

    #[test]
    fn problems_have_places_and_help() {
        let body = "A {{ booking(label=\"x) }}\n{% faq(q=\"y\") %}\ntext\n{{ call(x=1 y=2) }}\n{% end %}{% end %}\n";
        let r = rewrite(body, 0).unwrap();
        let found: Vec<_> = r.problems.iter().map(|p| (p.line, p.col, p.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (1, 20, "text in quotes must end on the line it starts"),
                (4, 13, "expected `,` or `)` after argument `x` of `call`"),
                (5, 10, "`{% end %}` closes no component"),
            ]
        );
    }

    #[test]
    fn unclosed_blocks_are_reported_where_they_open() {
        let r = rewrite("x\n\n  {% testimonial() %}\nGreat.\n", 0).unwrap();
        assert_eq!(r.problems.len(), 1);
        assert_eq!((r.problems[0].line, r.problems[0].col), (3, 3));
        assert_eq!(r.problems[0].message, "`{% testimonial(…) %}` is never closed");
    }

    #[test]
    fn columns_after_a_call_map_back_to_the_file() {
        let body = "ab {{ call() }} [x](y.md) {{ map_link(label=\"Map\") }} [z](w.md)\nnext [q](q.md)\n";
        let r = rewrite(body, 0).unwrap();
        let first_line = r.body.lines().next().unwrap();
        for (link, col_in_file) in [("[x]", 17), ("[z]", 55)] {
            let byte = first_line.find(link).unwrap();
            let col = first_line[..byte].chars().count() + 1;
            assert_eq!(r.original_col(1, col), col_in_file, "{link}");
        }
        assert_eq!(r.original_col(2, 6), 6);
    }

    #[test]
    fn a_call_over_several_lines_keeps_the_lines_after_it() {
        let body = "{{ figure(\n  src=\"a.jpg\",\n  alt=\"A room\") }} [x](y.md)\nnext\n";
        let r = rewrite(body, 0).unwrap();
        assert_eq!(r.body.lines().count(), body.lines().count());
        let third = r.body.lines().nth(2).unwrap();
        let col = third[..third.find("[x]").unwrap()].chars().count() + 1;
        assert_eq!(r.original_col(3, col), 20);
    }
}
