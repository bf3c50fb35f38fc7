//! Where a reference-style link (`[text][deep]`, `[deep]`) takes its destination from: the
//! definition `[deep]: @/services/deep.md`, which is where a broken one is fixed, and its label
//! as the definition writes it.

use crate::diagnostics::LineIndex;
use pulldown_cmark::RefDefs;

/// The lines and columns of a body's reference definitions, found once for all of them in one
/// walk over the text, the first time a link uses one: links may use definitions in any order,
/// and locating each from the one before would walk back to the start of the text every time
/// a use goes back.
#[derive(Debug, Default)]
pub(super) struct DefinitionPlaces {
    /// Byte offset in the body, line and column, in the order of the text.
    located: Option<Vec<(usize, usize, usize)>>,
}

impl DefinitionPlaces {
    /// The 1-based line and column of the definition at byte `body_at` of the body, one of
    /// `definitions`, in `text`: the whole file, whose body starts at `body_offset`.
    pub(super) fn at(
        &mut self,
        text: &str,
        body_offset: usize,
        definitions: &RefDefs<'_>,
        body_at: usize,
    ) -> (usize, usize) {
        let located = self.located.get_or_insert_with(|| {
            let mut starts: Vec<usize> = definitions.iter().map(|(_, d)| d.span.start).collect();
            starts.sort_unstable();
            starts.dedup();
            let mut lines = LineIndex::new(text);
            starts
                .into_iter()
                .map(|start| {
                    let (line, col) = lines.at((body_offset + start).min(text.len()));
                    (start, line, col)
                })
                .collect()
        });
        match located.binary_search_by_key(&body_at, |&(start, _, _)| start) {
            Ok(i) => (located[i].1, located[i].2),
            // Not a definition's start: located on its own.
            Err(_) => LineIndex::new(text).at((body_offset + body_at).min(text.len())),
        }
    }
}

/// The label of the definition at byte `at` of `body` as written, between its brackets: `Deep`
/// for `[Deep]: …`, `a\]:b` for `[a\]:b]: …` (a label's `]` is written escaped).
pub(super) fn written_label(body: &str, at: usize) -> Option<&str> {
    let label = body.get(at..)?.strip_prefix('[')?;
    let mut escaped = false;
    for (i, byte) in label.bytes().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b']' => return label[i..].starts_with("]:").then(|| &label[..i]),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_ends_at_its_first_unescaped_bracket() {
        assert_eq!(written_label("[Deep]: x.md", 0), Some("Deep"));
        assert_eq!(written_label("a\n[a\\]:b]: x.md", 2), Some("a\\]:b"));
        assert_eq!(written_label("[a\\\\]: x.md", 0), Some("a\\\\"));
        assert_eq!(written_label("[a] x", 0), None);
        assert_eq!(written_label("[a", 0), None);
        assert_eq!(written_label("x", 5), None);
    }
}
