//! Errors as data: every problem knead finds in user input becomes a [`Diagnostic`] with a source
//! position, so a whole build's problems can be collected and printed together, once, in the
//! `path:line:col: error: message` form that editors and CI annotations understand.

use std::fmt;

/// How bad a diagnostic is. Warnings never fail a build unless the caller asks for strictness;
/// notes never fail one (they say what a build did that the user may not expect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// One problem, pinned to a place in a file the user owns.
///
/// `line` and `col` are 1-based; a `line` of 0 means the problem concerns the whole file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// What stands at this place, when the message does not say: the places of one message are
    /// printed together (see [`Group`]), and the definition of a reference-style link is one of
    /// its link's places.
    pub label: Option<Box<str>>,
    /// What the problem is, for the count of each that ends a report.
    pub category: Option<&'static Category>,
    /// `knead build` prints it only with `-v` (`knead check` always does): a note that would
    /// repeat on every build until the owner acts, such as the clinic facts not known yet.
    pub verbose_only: bool,
}

/// A kind of problem as a report counts it ("3 links to missing pages"): its name for one and
/// for several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Category {
    pub one: &'static str,
    pub many: &'static str,
}

impl Category {
    /// `count` problems of this category, in words.
    pub fn count(&self, count: usize) -> String {
        format!("{count} {}", if count == 1 { self.one } else { self.many })
    }
}

/// The category of problems that have none of their own.
const OTHER: Category = Category {
    one: "other problem",
    many: "other problems",
};

impl Diagnostic {
    /// An error at a position in `file` (as shown to the user, e.g. `content/guides/x.md`).
    pub fn error(file: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            col,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            label: None,
            category: None,
            verbose_only: false,
        }
    }

    /// An error about a whole file or directory rather than one spot in it.
    pub fn file_error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::error(file, 0, 0, message)
    }

    /// An error about what the user asked for (a command's arguments) rather than a file they
    /// own: printed as `error: message`, with no path in front.
    pub fn usage_error(message: impl Into<String>) -> Self {
        Self::error("", 0, 0, message)
    }

    /// The same diagnostic, downgraded to a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same diagnostic, as a note: something to know, not a problem.
    pub fn note(mut self) -> Self {
        self.severity = Severity::Note;
        self
    }

    /// The same diagnostic, printed by `knead build` only with `-v` (see
    /// [`Diagnostic::verbose_only`]).
    pub fn only_when_verbose(mut self) -> Self {
        self.verbose_only = true;
        self
    }

    /// Attaches a hint that tells the user how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Says what stands at this place (`the definition of [deep]`).
    pub fn with_label(mut self, label: impl Into<Box<str>>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Counts the problem as one of `category`.
    pub fn with_category(mut self, category: &'static Category) -> Self {
        self.category = Some(category);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col`, `path`, or nothing for a problem that concerns no file.
    fn place(&self) -> String {
        match (self.file.as_str(), self.line) {
            ("", _) => String::new(),
            (file, 0) => file.to_string(),
            (file, line) => format!("{file}:{line}:{}", self.col),
        }
    }

    /// The first line as printed: `path:line:col: error: message`, the form editors and
    /// terminals parse into a link to the place, with its label below it.
    fn headline(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place().as_str() {
            "" => write!(f, "{}: {}", self.severity, self.message)?,
            place => write!(f, "{place}: {}: {}", self.severity, self.message)?,
        }
        if let Some(label) = &self.label {
            write!(f, "\n  note: this is {label}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.headline(f)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Diagnostics that say the same thing (severity, message and help) at one place or at several:
/// a link to a missing page used on many pages, a reference-style link's uses and its
/// definition. Printed once: the first place's line as a diagnostic alone prints it
/// (`path:line:col: error: message`), an `also at` line for each other place (at most
/// [`SHOWN_PER_KIND`] places in all), then the help.
#[derive(Debug)]
pub struct Group<'a> {
    /// In the order the diagnostics came; never empty.
    pub places: Vec<&'a Diagnostic>,
}

impl Group<'_> {
    fn first(&self) -> &Diagnostic {
        self.places[0]
    }
}

/// Groups `diagnostics`, each group where its first diagnostic came.
pub fn group(diagnostics: &[Diagnostic]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut by_text: std::collections::HashMap<(Severity, &str, Option<&str>), usize> =
        std::collections::HashMap::new();
    for d in diagnostics {
        let key = (d.severity, d.message.as_str(), d.help.as_deref());
        match by_text.get(&key) {
            Some(&i) => groups[i].places.push(d),
            None => {
                by_text.insert(key, groups.len());
                groups.push(Group { places: vec![d] });
            }
        }
    }
    groups
}

impl fmt::Display for Group<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.first();
        if self.places.len() == 1 {
            return write!(f, "{first}");
        }
        first.headline(f)?;
        for d in self.places.iter().take(SHOWN_PER_KIND).skip(1) {
            write!(f, "\n  also at {}", d.place())?;
            if let Some(label) = &d.label {
                write!(f, ", {label}")?;
            }
        }
        if let Some(more) = self.places.len().checked_sub(SHOWN_PER_KIND).filter(|&n| n > 0) {
            write!(f, "\n  and {}", count(more, "more place"))?;
        }
        if let Some(help) = &first.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A failed build or check: every error found, in a stable order, plus warnings seen on the way.
#[derive(Debug, Clone, Default)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    /// Sorts and de-duplicates so the same input always prints the same report.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        diagnostics.dedup();
        Failure { diagnostics }
    }

    pub fn single(diagnostic: Diagnostic) -> Self {
        Failure::new(vec![diagnostic])
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The line that ends a report: the count of every error found and, when they are of
    /// several categories, the count of each, most first.
    pub fn summary(&self) -> String {
        let n = self.error_count();
        let mut line = format!("error: {} found", count(n, "problem"));
        let mut counts: std::collections::BTreeMap<Category, usize> = std::collections::BTreeMap::new();
        for d in self.diagnostics.iter().filter(|d| d.is_error()) {
            *counts.entry(*d.category.unwrap_or(&OTHER)).or_default() += 1;
        }
        if counts.len() > 1 {
            let mut counts: Vec<(Category, usize)> = counts.into_iter().collect();
            // Most first; "other problems" last.
            counts.sort_by_key(|&(c, n)| (c == OTHER, std::cmp::Reverse(n)));
            let words: Vec<String> = counts.iter().map(|(c, n)| c.count(*n)).collect();
            line.push_str(": ");
            line.push_str(&words.join(", "));
        }
        line
    }
}

/// Prints the diagnostics grouped by what they say (see [`Group`]), at most
/// [`SHOWN_PER_KIND`] groups of each kind, then a line for each kind with some left out, then
/// the [`Failure::summary`].
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups = group(&self.diagnostics);
        let (shown, left_out) = cap(&groups, |g| (g.first(), g.places.len()));
        for g in shown {
            writeln!(f, "{g}")?;
        }
        for left_out in &left_out {
            writeln!(f, "{left_out}")?;
        }
        write!(f, "{}", self.summary())
    }
}

impl std::error::Error for Failure {}

/// The most diagnostics of one kind that are printed. One broken thing can make thousands of the
/// same problem (a renamed section breaks every link to it): the first ones show the pattern,
/// a count stands for the rest, and the output stays a size a terminal, a CI log or the dev
/// server's error page can hold.
pub const SHOWN_PER_KIND: usize = 20;

/// Diagnostics cut down for printing: at most [`SHOWN_PER_KIND`] of each kind, in their order.
#[derive(Debug)]
pub struct Capped<'a> {
    pub shown: Vec<&'a Diagnostic>,
    /// The kinds with diagnostics left out, in the order their first diagnostic came.
    pub left_out: Vec<LeftOut>,
}

/// How many diagnostics of one kind were not printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub severity: Severity,
    /// The kind's message with its particulars cut (see [`kind_of`]).
    pub kind: String,
    pub count: usize,
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "note: {} like \"{}\" not shown ({SHOWN_PER_KIND} of that kind are above)",
            count(self.count, &format!("more {}", self.severity)),
            self.kind
        )
    }
}

impl<'a> Capped<'a> {
    pub fn new(diagnostics: &'a [Diagnostic]) -> Self {
        let (shown, left_out) = cap(diagnostics, |d| (d, 1));
        Capped { shown, left_out }
    }
}

/// At most [`SHOWN_PER_KIND`] of `items` of each kind, in their order, and the diagnostics left
/// out; `diagnostic` gives an item's diagnostic (whose message tells its kind) and how many
/// diagnostics it stands for.
fn cap<T>(items: &[T], diagnostic: impl Fn(&T) -> (&Diagnostic, usize)) -> (Vec<&T>, Vec<LeftOut>) {
    /// Items of one kind so far, and its entry in `left_out` once it has one.
    #[derive(Default)]
    struct Tally {
        count: usize,
        left_out: Option<usize>,
    }
    let mut tallies: std::collections::HashMap<(Severity, String), Tally> = std::collections::HashMap::new();
    let mut shown = Vec::with_capacity(items.len().min(SHOWN_PER_KIND));
    let mut left_out: Vec<LeftOut> = Vec::new();
    for item in items {
        let (d, weight) = diagnostic(item);
        let tally = tallies.entry((d.severity, kind_of(&d.message))).or_default();
        tally.count += 1;
        if tally.count <= SHOWN_PER_KIND {
            shown.push(item);
            continue;
        }
        let index = *tally.left_out.get_or_insert_with(|| {
            left_out.push(LeftOut {
                severity: d.severity,
                kind: kind_of(&d.message),
                count: 0,
            });
            left_out.len() - 1
        });
        left_out[index].count += weight;
    }
    (shown, left_out)
}

/// What a message says before its particulars, which tells its kind: quoted names become `…`,
/// and it ends before the first `:`, `(`, `/` or digit outside quotes. `` link to `@/x.md`: no
/// such page `` is of the kind `` link to `…` ``, `orphan page: no other page links to …` of
/// `orphan page`.
pub fn kind_of(message: &str) -> String {
    let mut kind = String::new();
    let mut quote = None;
    for c in message.chars() {
        match quote {
            Some(open) if c == open => {
                kind.push('…');
                kind.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                kind.push(c);
                quote = Some(c);
            }
            None if matches!(c, ':' | '(' | '/') || c.is_ascii_digit() => break,
            None => kind.push(c),
        }
    }
    if let Some(open) = quote {
        kind.push('…');
        kind.push(open);
    }
    kind.trim_end().to_string()
}

/// Returns the candidate closest to `word` when it is close enough to be a plausible typo; one
/// that differs from it only by letter case first.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let lower = c.to_lowercase();
            let score = if lower == word_lower {
                2.0
            } else {
                strsim::jaro_winkler(&word_lower, &lower)
            };
            (score, c)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Like [`did_you_mean`] for paths and URLs: a path that differs only by letter case first,
/// then the closest file name (without extension), preferring the same directory, so
/// `services/deep.md` suggests `services/deep-tissue-massage.md`, not `services/_index.md`.
pub fn did_you_mean_path<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    fn split(path: &str) -> (&str, String) {
        let mut trimmed = path.trim_end_matches('/');
        // A section or bundle (`guides/_index.md`, `x/index.md`) is named by its directory.
        for index in ["/_index.md", "/index.md"] {
            trimmed = trimmed.strip_suffix(index).unwrap_or(trimmed);
        }
        let (dir, name) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        (dir, stem.to_lowercase())
    }
    let (want_dir, want_stem) = split(wanted);
    if want_stem.is_empty() {
        return None;
    }
    let want_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|c| {
            if c.to_lowercase() == want_lower {
                return Some((3.0, c));
            }
            let (dir, stem) = split(c);
            if stem.is_empty() {
                return None;
            }
            // The same name beats a longer one, by less than a directory counts.
            let base = if stem == want_stem {
                0.96
            } else if stem.starts_with(&want_stem) || want_stem.starts_with(&stem) {
                0.95
            } else {
                strsim::jaro_winkler(&want_stem, &stem)
            };
            let score = base + if dir == want_dir { 0.04 } else { 0.0 };
            (base > 0.8).then_some((score, c))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Converts a byte offset in `text` into a 1-based (line, column), counting columns in characters.
/// An offset past the end or inside a character counts from the character boundary before it.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    LineIndex::new(text).at(offset)
}

/// Byte offset -> line and column, walking forward: a file's links are located in one pass
/// instead of counting lines from the start for each.
pub struct LineIndex<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    line_start: usize,
    /// Characters from `line_start` to `offset`: a paragraph is one long line, and the links
    /// in it are each counted from the one before, not from the paragraph's start.
    col_chars: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
            col_chars: 0,
        }
    }

    /// The 1-based line and column (in characters) of `offset`; cheapest when offsets
    /// arrive in increasing order.
    pub fn at(&mut self, offset: usize) -> (usize, usize) {
        if offset < self.offset {
            *self = LineIndex::new(self.text);
        }
        let skipped = &self.text.as_bytes()[self.offset..offset];
        if let Some(last) = memchr::memrchr(b'\n', skipped) {
            self.line += memchr::memchr_iter(b'\n', skipped).count();
            self.line_start = self.offset + last + 1;
            self.col_chars = self.text[self.line_start..offset].chars().count();
        } else {
            self.col_chars += self.text[self.offset..offset].chars().count();
        }
        self.offset = offset;
        (self.line, self.col_chars + 1)
    }
}

/// A GitHub Actions workflow command, so CI shows the problem on the line of the file.
pub fn github_annotation(d: &Diagnostic) -> String {
    let escape_data = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut props = format!("file={}", escape_prop(&d.file));
    if d.line > 0 {
        props.push_str(&format!(",line={},col={}", d.line, d.col));
    }
    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        message.push_str(&format!("\nnote: this is {label}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    // GitHub calls a note a notice.
    let command = match d.severity {
        Severity::Note => "notice",
        severity => &severity.to_string(),
    };
    format!("::{command} {props}::{}", escape_data(&message))
}

/// `n` and `noun`, in the plural unless `n` is 1: `1 warning`, `2 warnings`, `0 pages`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_index_walked_forward_agrees_with_counting_from_the_start() {
        let text = "ab\nçd é f\n\nxyz ü ü\nlast line";
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let slow = |offset: usize| {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (line, col)
        };
        for step in 1..4 {
            let mut index = LineIndex::new(text);
            for &offset in boundaries.iter().step_by(step) {
                assert_eq!(index.at(offset), slow(offset), "offset {offset}, step {step}");
            }
            // Going back starts over.
            assert_eq!(index.at(1), slow(1));
        }
    }

    #[test]
    fn prints_position_severity_and_help() {
        let d = Diagnostic::error("content/a.md", 4, 1, "unknown field `titel`").with_help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:4:1: error: unknown field `titel`\n  help: did you mean `title`?"
        );
        assert_eq!(
            Diagnostic::file_error("site.yaml", "missing").to_string(),
            "site.yaml: error: missing"
        );
        assert_eq!(
            Diagnostic::usage_error("bad path").with_help("try this").to_string(),
            "error: bad path\n  help: try this"
        );
    }

    #[test]
    fn a_kind_is_the_message_before_its_particulars() {
        assert_eq!(kind_of("link to `@/x.md`: no such page"), "link to `…`");
        assert_eq!(kind_of("orphan page: no other page links to `/a/`"), "orphan page");
        assert_eq!(
            kind_of("meta description is too short (12 characters, at least 50)"),
            "meta description is too short"
        );
        assert_eq!(
            kind_of("title \"A: b\" is also the title of content/b.md"),
            "title \"…\" is also the title of content"
        );
        assert_eq!(kind_of("`/a/` has 2 <h1> elements"), "`…` has");
        assert_eq!(kind_of("unclosed `quote"), "unclosed `…`");
    }

    #[test]
    fn printing_caps_each_kind_and_counts_the_rest() {
        let broken =
            |i: usize| Diagnostic::error("content/a.md", i + 1, 1, format!("link to `@/{i}.md`: no such page"));
        let mut diagnostics: Vec<Diagnostic> = (0..SHOWN_PER_KIND + 5).map(broken).collect();
        diagnostics.push(Diagnostic::file_error("content/b.md", "title is empty"));
        diagnostics.extend((0..SHOWN_PER_KIND + 1).map(|i| broken(i).warning()));
        let capped = Capped::new(&diagnostics);
        assert_eq!(capped.shown.len(), 2 * SHOWN_PER_KIND + 1);
        assert!(capped.shown.iter().any(|d| d.message == "title is empty"));
        assert_eq!(
            capped.left_out,
            [
                LeftOut {
                    severity: Severity::Error,
                    kind: "link to `…`".into(),
                    count: 5
                },
                LeftOut {
                    severity: Severity::Warning,
                    kind: "link to `…`".into(),
                    count: 1
                }
            ]
        );
        assert_eq!(
            capped.left_out[1].to_string(),
            format!("note: 1 more warning like \"link to `…`\" not shown ({SHOWN_PER_KIND} of that kind are above)")
        );
        let printed = Failure::new(diagnostics).to_string();
        assert_eq!(
            printed.lines().filter(|l| l.contains("no such page")).count(),
            2 * SHOWN_PER_KIND
        );
        assert!(printed.ends_with(&format!(
            "not shown ({SHOWN_PER_KIND} of that kind are above)\nerror: {} problems found",
            SHOWN_PER_KIND + 6
        )));
    }

    #[test]
    fn one_message_at_many_places_is_printed_once_with_its_places() {
        static MISSING: Category = Category {
            one: "link to a missing page",
            many: "links to missing pages",
        };
        let at = |file: &str, line: usize| {
            Diagnostic::error(file, line, 3, "link to `@/gone.md`: no such page")
                .with_help("check the path")
                .with_category(&MISSING)
        };
        let mut diagnostics: Vec<Diagnostic> = (1..=SHOWN_PER_KIND + 2).map(|i| at("content/b.md", i)).collect();
        diagnostics.push(at("content/a.md", 9).with_label("the definition of `[gone]`"));
        diagnostics.push(Diagnostic::error("content/c.md", 1, 1, "title is empty"));
        diagnostics.push(Diagnostic::error("content/d.md", 1, 1, "title is empty").warning());
        let printed = Failure::new(diagnostics).to_string();
        let places: String = (2..SHOWN_PER_KIND)
            .map(|i| format!("\n  also at content/b.md:{i}:3"))
            .collect();
        assert_eq!(
            printed,
            format!(
                "content/a.md:9:3: error: link to `@/gone.md`: no such page\n  \
                 note: this is the definition of `[gone]`\n  \
                 also at content/b.md:1:3{places}\n  \
                 and 3 more places\n  \
                 help: check the path\n\
                 content/c.md:1:1: error: title is empty\n\
                 content/d.md:1:1: warning: title is empty\n\
                 error: {} problems found: {} links to missing pages, 1 other problem",
                SHOWN_PER_KIND + 4,
                SHOWN_PER_KIND + 3
            )
        );
    }

    #[test]
    fn the_counts_by_category_are_left_out_when_there_is_one() {
        let failure = Failure::new(vec![
            Diagnostic::error("a.md", 1, 1, "x"),
            Diagnostic::error("b.md", 1, 1, "y"),
        ]);
        assert_eq!(failure.summary(), "error: 2 problems found");
        static THING: Category = Category {
            one: "thing",
            many: "things",
        };
        let failure = Failure::new(vec![
            Diagnostic::error("a.md", 1, 1, "x").with_category(&THING),
            Diagnostic::error("b.md", 1, 1, "y"),
            Diagnostic::error("c.md", 1, 1, "z"),
        ]);
        assert_eq!(failure.summary(), "error: 3 problems found: 1 thing, 2 other problems");
    }

    #[test]
    fn groups_capped_by_kind_count_the_places_left_out() {
        let mut diagnostics = Vec::new();
        for page in 0..SHOWN_PER_KIND + 1 {
            for file in ["a.md", "b.md"] {
                diagnostics.push(Diagnostic::error(
                    file,
                    page + 1,
                    1,
                    format!("link to `@/{page}.md`: no such page"),
                ));
            }
        }
        let printed = Failure::new(diagnostics).to_string();
        assert_eq!(printed.matches(": error: link to `@/").count(), SHOWN_PER_KIND);
        assert_eq!(printed.matches("\n  also at b.md:").count(), SHOWN_PER_KIND);
        assert!(printed.contains(&format!(
            "note: 2 more errors like \"link to `…`\" not shown ({SHOWN_PER_KIND} of that kind are above)"
        )));
    }

    #[test]
    fn counts_are_singular_for_one_only() {
        assert_eq!(count(0, "warning"), "0 warnings");
        assert_eq!(count(1, "warning"), "1 warning");
        assert_eq!(count(2, "note"), "2 notes");
        let note = Diagnostic::error("content/a.md", 3, 7, "page left out").note();
        assert_eq!(note.to_string(), "content/a.md:3:7: note: page left out");
        assert_eq!(
            github_annotation(&note),
            "::notice file=content/a.md,line=3,col=7::page left out"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("titel", ["title", "tags", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "tags"]), None);
    }

    #[test]
    fn path_suggestions_compare_file_names() {
        let pages = [
            "services/_index.md",
            "services/deep-tissue-massage.md",
            "guides/deep.md",
        ];
        assert_eq!(
            did_you_mean_path("services/deep.md", pages),
            Some("services/deep-tissue-massage.md")
        );
        assert_eq!(
            did_you_mean_path("guides/nope.png", ["guides/recovery/photo.jpg"]),
            None
        );
        assert_eq!(
            did_you_mean_path("servics/", ["services/", "guides/"]),
            Some("services/")
        );
    }

    #[test]
    fn a_name_that_differs_only_by_case_is_suggested_first() {
        let pages = ["services/massage-chair.md", "services/massage.md", "guides/Massage.md"];
        assert_eq!(
            did_you_mean_path("services/Massage.md", pages),
            Some("services/massage.md")
        );
        assert_eq!(did_you_mean_path("Guides/massage.md", pages), Some("guides/Massage.md"));
        assert_eq!(did_you_mean("Reviews", ["review", "reviews"]), Some("reviews"));
    }

    #[test]
    fn offsets_become_one_based_lines_and_columns() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 8), (3, 1));
        assert_eq!(line_col(text, 7), (2, 4));
    }
}
