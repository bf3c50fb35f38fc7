//! Where a value sits in a YAML text, found by its key path (`links` → `reviews`, `team` → 2nd
//! entry → `id`), so errors found after parsing point at the value they are about rather than at
//! the first line that happens to contain the same text.
//!
//! The text has already been parsed by serde_yaml when this runs, so it is well-formed; the walk
//! follows indentation for block mappings and sequences (also `- key: value` entries and a
//! sequence written at its key's indentation), and reads flow collections written on one line
//! (`[a, "b"]`, `[{price: 90}, {price: -5}]`). A path it cannot follow has no position.

use super::YamlSource;

/// One step of a key path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'k> {
    /// The value of this key of a mapping.
    Key(&'k str),
    /// This entry (0-based) of a sequence.
    Item(usize),
}

/// A run of text holding one node: its first line starts at `col` (0-based, in characters) and
/// reads `first`; `more` are the lines after it that belong to the node, with their indentation.
#[derive(Debug, Clone)]
struct Node<'t> {
    line: usize,
    col: usize,
    first: &'t str,
    more: Vec<Line<'t>>,
}

impl<'t> Node<'t> {
    /// The node that `lines` hold: starting with the first of them, at its indentation.
    fn of_lines(lines: &[Line<'t>]) -> Option<Node<'t>> {
        let (first, rest) = lines.split_first()?;
        Some(Node {
            line: first.no,
            col: first.indent,
            first: first.text,
            more: rest.to_vec(),
        })
    }
}

/// A line of the text that holds more than a comment: 0-based number, indentation, content.
#[derive(Debug, Clone, Copy)]
struct Line<'t> {
    no: usize,
    indent: usize,
    text: &'t str,
}

/// The 1-based line and column of the value at `path` (of the key itself when its value starts
/// on a later line), if the path can be followed.
pub fn position(source: YamlSource<'_>, path: &[Step<'_>]) -> Option<(usize, usize)> {
    let lines: Vec<Line<'_>> = source
        .text
        .lines()
        .enumerate()
        .filter_map(|(no, raw)| {
            let text = raw.trim_start_matches(' ');
            let text = text.trim_end();
            (!text.is_empty() && !text.starts_with('#')).then(|| Line {
                no,
                indent: raw.len() - raw.trim_start_matches(' ').len(),
                text,
            })
        })
        .collect();
    let mut node = Node::of_lines(&lines)?;
    let mut at = (node.line, node.col);
    for step in path {
        let (next, pos) = child(&node, *step)?;
        node = next;
        at = pos;
    }
    Some((at.0 + 1 + source.line_offset, at.1 + 1))
}

/// [`position`] of `path`, else of the longest part of it that can be followed, else `(1, 1)`
/// past the source's offset.
pub fn nearest(source: YamlSource<'_>, path: &[Step<'_>]) -> (usize, usize) {
    (0..=path.len())
        .rev()
        .find_map(|len| position(source, &path[..len]))
        .unwrap_or((source.line_offset.max(1), 1))
}

/// The node reached from `node` by `step`, with the position to report for it.
fn child<'t>(node: &Node<'t>, step: Step<'_>) -> Option<(Node<'t>, (usize, usize))> {
    if node.first.starts_with(['[', '{']) {
        return flow_child(node, step);
    }
    let base = node.col;
    // The node's own lines: its first, then those of `more` at its indentation.
    let mut heads = vec![(
        Line {
            no: node.line,
            indent: base,
            text: node.first,
        },
        0,
    )];
    heads.extend(
        node.more
            .iter()
            .enumerate()
            .filter(|(_, l)| l.indent == base)
            .map(|(i, l)| (*l, i + 1)),
    );
    let body_after = |index: usize, deeper_dashes: bool| -> Vec<Line<'t>> {
        node.more[index..]
            .iter()
            .take_while(|l| l.indent > base || (deeper_dashes && l.indent == base && is_dash(l.text)))
            .copied()
            .collect()
    };
    match step {
        Step::Item(n) => {
            let (line, index) = heads.into_iter().filter(|(l, _)| is_dash(l.text)).nth(n)?;
            let content = line.text[1..].trim_start_matches(' ');
            let col = line.indent + (line.text.len() - content.len());
            let more = body_after(index, false);
            let pos = (line.no, col);
            if content.is_empty() {
                return Some((Node::of_lines(&more)?, pos));
            }
            Some((
                Node {
                    line: line.no,
                    col,
                    first: content,
                    more,
                },
                pos,
            ))
        }
        Step::Key(key) => {
            let (line, index) = heads
                .into_iter()
                .find(|(l, _)| value_after_key(l.text, key).is_some())?;
            let value = value_after_key(line.text, key)?;
            let more = body_after(index, true);
            if value.is_empty() || value.starts_with('#') {
                return Some((Node::of_lines(&more)?, (line.no, line.indent)));
            }
            let col = line.indent + (line.text.len() - value.len());
            Some((
                Node {
                    line: line.no,
                    col,
                    first: value,
                    more,
                },
                (line.no, col),
            ))
        }
    }
}

fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// The text after `key:` when `text` starts with that key (plain or quoted), trimmed at the start.
fn value_after_key<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let rest = [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .find_map(|k| text.strip_prefix(k.as_str()))?;
    let rest = rest.trim_start_matches(' ').strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with(' ')).then(|| rest.trim_start_matches(' '))
}

/// A step into a flow collection written on the node's first line.
fn flow_child<'t>(node: &Node<'t>, step: Step<'_>) -> Option<(Node<'t>, (usize, usize))> {
    let entries = flow_entries(node.first)?;
    let (start, entry) = match step {
        Step::Item(n) if node.first.starts_with('[') => entries.into_iter().nth(n)?,
        Step::Key(key) if node.first.starts_with('{') => entries.into_iter().find_map(|(start, entry)| {
            let value = value_after_key(entry, key)?;
            Some((start + entry.len() - value.len(), value))
        })?,
        _ => return None,
    };
    let col = node.col + node.first[..start].chars().count();
    Some((
        Node {
            line: node.line,
            col,
            first: entry,
            more: Vec::new(),
        },
        (node.line, col),
    ))
}

/// The entries of the flow collection that `text` opens, each with its byte offset in `text`,
/// trimmed; `None` when it does not close on this line.
fn flow_entries(text: &str) -> Option<Vec<(usize, &str)>> {
    let mut entries = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut start = 1;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some('"'), '\\') => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    push_entry(&mut entries, text, start, i);
                    return Some(entries);
                }
            }
            (None, ',') if depth == 1 => {
                push_entry(&mut entries, text, start, i);
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

fn push_entry<'t>(entries: &mut Vec<(usize, &'t str)>, text: &'t str, start: usize, end: usize) {
    let raw = &text[start..end];
    let entry = raw.trim();
    if !entry.is_empty() {
        entries.push((start + (raw.len() - raw.trim_start().len()), entry));
    }
}

#[cfg(test)]
mod tests {
    use super::Step::{Item, Key};
    use super::*;

    fn at(text: &str, path: &[Step<'_>]) -> Option<(usize, usize)> {
        position(
            YamlSource {
                file: "site.yaml",
                text,
                line_offset: 0,
            },
            path,
        )
    }

    #[test]
    fn keys_and_entries_of_block_collections_are_found() {
        let text = "links:\n  maps: https://m/x\n  reviews: https://m/x  # same\nteam:\n  - id: dana\n    name: D\n  -\n    id: dana\n";
        assert_eq!(at(text, &[Key("links"), Key("reviews")]), Some((3, 12)));
        assert_eq!(at(text, &[Key("team"), Item(1), Key("id")]), Some((8, 9)));
        assert_eq!(at(text, &[Key("team"), Item(0), Key("name")]), Some((6, 11)));
        assert_eq!(at(text, &[Key("team"), Item(2)]), None);
        assert_eq!(at(text, &[Key("links")]), Some((1, 1)));
        let same_indent = "team:\n- id: a\n- id: b\n";
        assert_eq!(at(same_indent, &[Key("team"), Item(1), Key("id")]), Some((3, 7)));
    }

    #[test]
    fn flow_collections_on_one_line_are_read() {
        let text = "# [\"Mo 9-6\"]\nclinic:\n  opening_hours: [\"Mo 09:00-12:00\", \"Mo-Fr 9-6\"]\n";
        assert_eq!(at(text, &[Key("clinic"), Key("opening_hours"), Item(1)]), Some((3, 37)));
        let variants = "price: 90\nvariants: [{price: 90}, { name: \"a, b\", price: -5 }]\n";
        assert_eq!(at(variants, &[Key("variants"), Item(1), Key("price")]), Some((2, 48)));
        assert_eq!(
            nearest(
                YamlSource {
                    file: "a",
                    text: variants,
                    line_offset: 0
                },
                &[Key("variants"), Item(1), Key("duration")]
            ),
            (2, 25)
        );
    }
}
