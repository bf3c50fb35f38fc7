//! One linear pass over a YAML text, before serde_yaml sees it, for what serde_yaml must not be
//! given: flow collections (`[...]`, `{...}`) nested too deep, and escapes that write control
//! characters.
//!
//! libyaml, under serde_yaml, spends time quadratic in the nesting depth (it revisits every open
//! level for each token) and loads the whole document before serde_yaml's recursion limit of
//! 128 turns it down: `[[[...]]]` 100,000 deep takes over a minute to fail. Nothing deeper than
//! the limit can be read anyway, so a text that goes deeper is refused at once.
//!
//! A double-quoted scalar can write any character with an escape (`"\x01"`, `"\uFFFE"`), also
//! those that pages and feeds must not carry (see [`control_chars`]); they are refused too,
//! since writing one is almost always a mistake. The rest of YAML cannot write them: libyaml
//! refuses them in the text itself.
//!
//! The pass follows libyaml's scanner (`unsafe-libyaml`'s `scanner.rs`) exactly where it decides
//! what a `[`, `{` or `\` is: in quoted scalars, comments, block scalars, tags and plain scalars
//! a bracket is text, elsewhere it opens a collection, and a backslash escapes only in double
//! quotes. Its indentation is tracked too, since it decides where plain and block scalars end.
//! Where libyaml would stop with an error the pass reads on; what libyaml never reads cannot
//! cost time, so the pass never reports less nesting than libyaml goes through.

use crate::control_chars;
use std::ops::Range;

/// The deepest nesting serde_yaml reads.
pub const MAX_DEPTH: usize = 128;

/// Something in a YAML text that serde_yaml is not to be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A flow collection opens deeper than [`MAX_DEPTH`], at this byte offset.
    TooDeep(usize),
    /// The escape at these bytes of a double-quoted scalar writes this unwanted character.
    UnwantedEscape(Range<usize>, char),
}

impl Problem {
    /// Byte offset of the problem in the text.
    pub fn at(&self) -> usize {
        match self {
            Problem::TooDeep(at) => *at,
            Problem::UnwantedEscape(bytes, _) => bytes.start,
        }
    }
}

/// The first problem in `text`, if any.
pub fn problem(text: &str) -> Option<Problem> {
    let bytes = text.as_bytes();
    // Too few brackets to nest that deep and no backslash: the common case, at memchr's speed.
    let may_nest = memchr::memchr2_iter(b'[', b'{', bytes).nth(MAX_DEPTH).is_some();
    if !may_nest && memchr::memchr(b'\\', bytes).is_none() {
        return None;
    }
    let mut scanner = Scanner::new(bytes, MAX_DEPTH);
    let too_deep = scanner.run().map(Problem::TooDeep);
    let escape = scanner
        .unwanted_escape
        .map(|(bytes, c)| Problem::UnwantedEscape(bytes, c));
    [too_deep, escape].into_iter().flatten().min_by_key(Problem::at)
}

/// A simple key libyaml may still turn into a mapping key when a `:` follows.
#[derive(Debug, Clone, Copy, Default)]
struct SimpleKey {
    possible: bool,
    line: usize,
    at: usize,
    column: usize,
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// libyaml gives up on a simple key this many bytes after its start.
const KEY_REACH: usize = 1024;

struct Scanner<'t> {
    text: &'t [u8],
    max_depth: usize,
    /// The first escape found that writes an unwanted character.
    unwanted_escape: Option<(Range<usize>, char)>,
    pos: usize,
    line: usize,
    line_start: usize,
    /// Column (in characters) of `column_at` on the current line, to count columns forward.
    column_at: usize,
    column: usize,
    /// Open flow collections.
    level: usize,
    /// Indentation of the innermost block collection (-1 outside any) and of those around it.
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    /// One possible key for the block context and each open flow level.
    keys: Vec<SimpleKey>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t [u8], max_depth: usize) -> Self {
        // libyaml's reader takes a byte order mark at the start for the encoding's, not text.
        let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
        Scanner {
            text,
            max_depth,
            unwanted_escape: None,
            pos: start,
            line: 0,
            line_start: start,
            column_at: start,
            column: 0,
            level: 0,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: true,
            keys: vec![SimpleKey::default()],
        }
    }

    fn run(&mut self) -> Option<usize> {
        loop {
            self.skip_to_token();
            let &c = self.text.get(self.pos)?;
            let column = self.column();
            self.unroll(column as isize);
            if column == 0 && c == b'%' {
                // A directive line.
                self.unroll(-1);
                self.remove_key();
                self.simple_key_allowed = false;
                self.skip_to_break();
                continue;
            }
            if column == 0 && self.document_marker() {
                self.unroll(-1);
                self.remove_key();
                self.simple_key_allowed = false;
                self.pos += 3;
                continue;
            }
            match c {
                b'[' | b'{' => {
                    self.save_key();
                    self.level += 1;
                    if self.level > self.max_depth {
                        return Some(self.pos);
                    }
                    self.keys.push(SimpleKey::default());
                    self.simple_key_allowed = true;
                    self.pos += 1;
                }
                b']' | b'}' => {
                    self.remove_key();
                    if self.level > 0 {
                        self.level -= 1;
                        self.keys.pop();
                    }
                    self.simple_key_allowed = false;
                    self.pos += 1;
                }
                b',' => {
                    self.remove_key();
                    self.simple_key_allowed = true;
                    self.pos += 1;
                }
                b'-' if self.blank_or_end(self.pos + 1) => {
                    self.roll(column);
                    self.remove_key();
                    self.simple_key_allowed = true;
                    self.pos += 1;
                }
                b'?' if self.level > 0 || self.blank_or_end(self.pos + 1) => {
                    self.roll(column);
                    self.remove_key();
                    self.simple_key_allowed = self.level == 0;
                    self.pos += 1;
                }
                b':' if self.level > 0 || self.blank_or_end(self.pos + 1) => {
                    self.value(column);
                    self.pos += 1;
                }
                b'*' | b'&' => {
                    self.save_key();
                    self.simple_key_allowed = false;
                    self.pos += 1;
                    self.skip_while(is_anchor_char);
                }
                b'!' => {
                    self.save_key();
                    self.simple_key_allowed = false;
                    self.tag();
                }
                b'|' | b'>' if self.level == 0 => {
                    self.remove_key();
                    self.simple_key_allowed = true;
                    self.block_scalar();
                }
                b'\'' | b'"' => {
                    self.save_key();
                    self.simple_key_allowed = false;
                    self.quoted(c);
                }
                _ if self.starts_plain(c) => {
                    self.save_key();
                    self.simple_key_allowed = false;
                    self.plain();
                }
                // A character no token starts with: libyaml stops here.
                _ => self.advance_char(),
            }
        }
    }

    /// Skips spaces, comments and line breaks up to the next token (`scan_to_next_token`).
    fn skip_to_token(&mut self) {
        loop {
            if self.pos == self.line_start && self.text[self.pos..].starts_with(BOM) {
                self.pos += BOM.len();
            }
            while let Some(&b) = self.text.get(self.pos) {
                let tab_skipped = self.level > 0 || !self.simple_key_allowed;
                if b == b' ' || (b == b'\t' && tab_skipped) {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            if self.text.get(self.pos) == Some(&b'#') {
                self.skip_to_break();
            }
            if !self.line_break() {
                return;
            }
            if self.level == 0 {
                self.simple_key_allowed = true;
            }
        }
    }

    /// A plain scalar (`scan_plain_scalar`): it ends at `: `, ` #`, a flow indicator inside a
    /// flow collection, or a line indented no deeper than the block it is in.
    fn plain(&mut self) {
        let min_column = self.indent + 1;
        let mut crossed_lines = false;
        loop {
            if (self.pos == self.line_start && self.document_marker()) || self.text.get(self.pos) == Some(&b'#') {
                break;
            }
            while let Some(&b) = self.text.get(self.pos) {
                if is_blank(b) || self.break_len(self.pos) > 0 {
                    break;
                }
                let ends_here = (b == b':' && self.blank_or_end(self.pos + 1))
                    || (self.level > 0 && matches!(b, b',' | b'[' | b']' | b'{' | b'}'));
                // In a flow collection `:` before an indicator is an error in libyaml.
                let stray_colon = self.level > 0
                    && b == b':'
                    && matches!(
                        self.text.get(self.pos + 1),
                        Some(b',' | b'?' | b'[' | b']' | b'{' | b'}')
                    );
                if ends_here || stray_colon {
                    break;
                }
                // Text after a line break: the scalar no longer ends right after a break.
                crossed_lines = false;
                self.advance_char();
            }
            let at_space = self.text.get(self.pos).is_some_and(|&b| is_blank(b)) || self.break_len(self.pos) > 0;
            if !at_space {
                break;
            }
            loop {
                if self.text.get(self.pos).is_some_and(|&b| is_blank(b)) {
                    self.pos += 1;
                } else if self.line_break() {
                    crossed_lines = true;
                } else {
                    break;
                }
            }
            if self.level == 0 && (self.column() as isize) < min_column {
                break;
            }
        }
        if crossed_lines {
            self.simple_key_allowed = true;
        }
    }

    /// A single- or double-quoted scalar, to its closing quote (`scan_flow_scalar`).
    fn quoted(&mut self, quote: u8) {
        self.pos += 1;
        while let Some(&b) = self.text.get(self.pos) {
            if b == quote {
                self.pos += 1;
                if quote == b'\'' && self.text.get(self.pos) == Some(&b'\'') {
                    self.pos += 1;
                    continue;
                }
                return;
            }
            if b == b'\\' && quote == b'"' {
                self.pos += 1;
                if !self.line_break() {
                    self.note_escape();
                    self.advance_char();
                }
            } else if !self.line_break() {
                self.advance_char();
            }
        }
    }

    /// Notes the escape whose backslash is just before the current position if it writes an
    /// unwanted character (libyaml's escapes: `\0`, `\a`, `\xXX`, `\uXXXX` and so on).
    fn note_escape(&mut self) {
        if self.unwanted_escape.is_some() {
            return;
        }
        let hex = |digits: usize| {
            let digits = self.text.get(self.pos + 1..self.pos + 1 + digits)?;
            u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
        };
        let Some(&letter) = self.text.get(self.pos) else {
            return;
        };
        let (written, len) = match letter {
            b'0' => (Some(0), 1),
            b'a' => (Some(0x07), 1),
            b'b' => (Some(0x08), 1),
            b'v' => (Some(0x0B), 1),
            b'f' => (Some(0x0C), 1),
            b'e' => (Some(0x1B), 1),
            b'N' => (Some(0x85), 1),
            b'x' => (hex(2), 3),
            b'u' => (hex(4), 5),
            b'U' => (hex(8), 9),
            _ => (None, 1),
        };
        if let Some(c) = written
            .and_then(char::from_u32)
            .filter(|&c| control_chars::is_unwanted(c))
        {
            self.unwanted_escape = Some((self.pos - 1..self.pos + len, c));
        }
    }

    /// `!tag`, `!!tag`, `!handle!suffix` or `!<verbatim>` (`scan_tag`).
    fn tag(&mut self) {
        self.pos += 1;
        if self.text.get(self.pos) == Some(&b'<') {
            self.pos += 1;
            self.skip_while(|b| is_uri_char(b) || matches!(b, b',' | b'[' | b']'));
            if self.text.get(self.pos) == Some(&b'>') {
                self.pos += 1;
            }
        } else {
            self.skip_while(is_uri_char);
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar: its header line, then every line indented
    /// at least as deep as its content (`scan_block_scalar`).
    fn block_scalar(&mut self) {
        self.pos += 1;
        let mut increment = 0;
        for _ in 0..2 {
            match self.text.get(self.pos) {
                Some(b'+' | b'-') => self.pos += 1,
                Some(&d @ b'1'..=b'9') => {
                    increment = isize::from(d - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        self.skip_while(is_blank);
        if self.text.get(self.pos) == Some(&b'#') {
            self.skip_to_break();
        }
        if self.pos < self.text.len() && !self.line_break() {
            // libyaml stops: the header line goes on after the indicators.
            return;
        }
        let mut indent = match increment {
            0 => 0,
            _ if self.indent >= 0 => self.indent + increment,
            _ => increment,
        };
        self.block_scalar_breaks(&mut indent);
        while self.column() as isize == indent && self.pos < self.text.len() {
            self.skip_to_break();
            self.block_scalar_breaks(&mut indent);
        }
    }

    /// Empty lines and the indentation of the next one; works out the indentation of the
    /// content when the header left it open (`scan_block_scalar_breaks`).
    fn block_scalar_breaks(&mut self, indent: &mut isize) {
        let mut max_indent = 0;
        loop {
            while (*indent == 0 || (self.column() as isize) < *indent) && self.text.get(self.pos) == Some(&b' ') {
                self.pos += 1;
            }
            max_indent = max_indent.max(self.column() as isize);
            if !self.line_break() {
                break;
            }
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
    }

    /// `:` as a mapping value indicator: the simple key before it, if still possible, opens a
    /// block mapping at its column (`fetch_value`).
    fn value(&mut self, column: usize) {
        let (line, pos) = (self.line, self.pos);
        let key = self
            .keys
            .last_mut()
            .filter(|k| k.possible && k.line == line && k.at + KEY_REACH >= pos);
        match key {
            Some(key) => {
                key.possible = false;
                let key_column = key.column;
                self.roll(key_column);
                self.simple_key_allowed = false;
            }
            None => {
                self.roll(column);
                self.simple_key_allowed = self.level == 0;
            }
        }
    }

    fn save_key(&mut self) {
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                line: self.line,
                at: self.pos,
                column: self.column(),
            };
            if let Some(top) = self.keys.last_mut() {
                *top = key;
            }
        }
    }

    fn remove_key(&mut self) {
        if let Some(top) = self.keys.last_mut() {
            top.possible = false;
        }
    }

    /// A block collection starting at `column` (only outside flow collections).
    fn roll(&mut self, column: usize) {
        let column = column as isize;
        if self.level == 0 && self.indent < column {
            self.indents.push(self.indent);
            self.indent = column;
        }
    }

    /// Closes the block collections indented deeper than `column`.
    fn unroll(&mut self, column: isize) {
        if self.level > 0 {
            return;
        }
        while self.indent > column {
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    /// Whether a plain scalar may start with `c` here.
    fn starts_plain(&self, c: u8) -> bool {
        let indicator = matches!(
            c,
            b'-' | b'?'
                | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
        );
        let next_blank = self.blank_or_end(self.pos + 1);
        !(indicator || is_blank(c) || self.break_len(self.pos) > 0)
            || (c == b'-' && !self.text.get(self.pos + 1).is_some_and(|&b| is_blank(b)))
            || (self.level == 0 && matches!(c, b'?' | b':') && !next_blank)
    }

    /// `---` or `...` followed by a space or the end of the line.
    fn document_marker(&self) -> bool {
        let rest = &self.text[self.pos..];
        (rest.starts_with(b"---") || rest.starts_with(b"...")) && self.blank_or_end(self.pos + 3)
    }

    /// Whether the text at `at` is a space, a tab, a line break or its end.
    fn blank_or_end(&self, at: usize) -> bool {
        self.text.get(at).is_none_or(|&b| is_blank(b) || b == 0) || self.break_len(at) > 0
    }

    /// Length of the line break at `at`, 0 if there is none. libyaml breaks lines at CR, LF,
    /// CRLF, NEL, LS and PS.
    fn break_len(&self, at: usize) -> usize {
        let rest = self.text.get(at..).unwrap_or_default();
        match rest {
            [b'\r', b'\n', ..] => 2,
            [b'\r' | b'\n', ..] => 1,
            [0xC2, 0x85, ..] => 2,
            [0xE2, 0x80, 0xA8 | 0xA9, ..] => 3,
            _ => 0,
        }
    }

    /// Steps over the line break at the current position, if any.
    fn line_break(&mut self) -> bool {
        let len = self.break_len(self.pos);
        if len == 0 {
            return false;
        }
        self.pos += len;
        self.line += 1;
        self.line_start = self.pos;
        self.column_at = self.pos;
        self.column = 0;
        true
    }

    fn skip_to_break(&mut self) {
        while self.pos < self.text.len() && self.break_len(self.pos) == 0 {
            self.advance_char();
        }
    }

    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.text.get(self.pos).is_some_and(|&b| keep(b)) {
            self.pos += 1;
        }
    }

    /// Steps over one character (the text is UTF-8), if any is left.
    fn advance_char(&mut self) {
        if self.pos >= self.text.len() {
            return;
        }
        self.pos += 1;
        while self.text.get(self.pos).is_some_and(|&b| b & 0xC0 == 0x80) {
            self.pos += 1;
        }
    }

    /// The column of the current position, in characters as libyaml counts them.
    fn column(&mut self) -> usize {
        let skipped = &self.text[self.column_at..self.pos];
        self.column += skipped.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        self.column_at = self.pos;
        self.column
    }
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_anchor_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Characters of a tag outside `!<...>`.
fn is_uri_char(b: u8) -> bool {
    is_anchor_char(b) || b";/?:@&=+$.%!~*'()".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How libyaml's own scanner sees `text`: the offset of the first flow collection opened
    /// deeper than `max_depth` among the tokens it read, and whether it read to the end.
    fn libyaml_deeper_than(text: &str, max_depth: usize) -> (Option<usize>, bool) {
        // SAFETY: the parser and token are initialised by libyaml before use, the input
        // outlives the parser, and both are freed before returning.
        unsafe {
            let mut parser = std::mem::MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit();
            assert!(unsafe_libyaml::yaml_parser_initialize(parser.as_mut_ptr()).ok);
            let parser = parser.as_mut_ptr();
            unsafe_libyaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
            let (mut level, mut found, mut complete) = (0usize, None, false);
            loop {
                let mut token = std::mem::MaybeUninit::<unsafe_libyaml::yaml_token_t>::uninit();
                if unsafe_libyaml::yaml_parser_scan(parser, token.as_mut_ptr()).fail {
                    break;
                }
                let token = token.as_mut_ptr();
                let kind = (*token).type_;
                let at = (*token).start_mark.index as usize;
                unsafe_libyaml::yaml_token_delete(token);
                match kind {
                    unsafe_libyaml::YAML_FLOW_SEQUENCE_START_TOKEN | unsafe_libyaml::YAML_FLOW_MAPPING_START_TOKEN => {
                        level += 1;
                        if level > max_depth && found.is_none() {
                            found = Some(at);
                        }
                    }
                    unsafe_libyaml::YAML_FLOW_SEQUENCE_END_TOKEN | unsafe_libyaml::YAML_FLOW_MAPPING_END_TOKEN => {
                        level = level.saturating_sub(1);
                    }
                    unsafe_libyaml::YAML_STREAM_END_TOKEN => {
                        complete = true;
                        break;
                    }
                    _ => {}
                }
            }
            unsafe_libyaml::yaml_parser_delete(parser);
            // libyaml counts offsets after a byte order mark at the start.
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            (found.map(|at| at + bom), complete)
        }
    }

    /// Random YAML: mostly well formed (block mappings and sequences, flow collections, every
    /// kind of scalar, with brackets, quotes and `#` inside scalars and comments), then cut
    /// and spliced with fragments, so that libyaml both reads many texts to the end and stops
    /// in the middle of many.
    struct Gen(u64);

    const FRAGMENTS: &[&str] = &[
        "[", "]", "{", "}", ",", ": ", ":", "- ", "? ", "?", "-", "\n", "\n  ", "\n ", " ", "#c[", " #c[", "'", "\"",
        "''", "\\\"", "|", ">", "|2", "&x ", "*x", "!t ", "!<[a]> ", "\n---", "\n...", "\t", "\n%Y 1", "é", "\r\n",
        "\r", "\u{2028}", "\u{85}", "x:", "-x", "?x", ":x", "@", "\u{feff}",
    ];

    impl Gen {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as usize % n
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }

        fn text(&mut self) -> String {
            let mut out = String::new();
            if self.below(4) == 0 {
                for _ in 0..1 + self.below(40) {
                    out.push_str(self.pick(FRAGMENTS));
                }
                return out;
            }
            self.block(&mut out, 0, 0);
            for _ in 0..self.below(4) {
                let at = self.below(out.len() + 1);
                if out.is_char_boundary(at) {
                    let piece = self.pick(FRAGMENTS);
                    out.insert_str(at, piece);
                }
            }
            out
        }

        fn block(&mut self, out: &mut String, indent: usize, depth: usize) {
            let pad = " ".repeat(indent);
            let sequence = self.below(3) == 0;
            for _ in 0..1 + self.below(4) {
                out.push_str(&pad);
                if sequence {
                    out.push_str("- ");
                } else {
                    let key = self.pick(&["k", "\"q k\"", "'s'", "[a, b]", "&a k", "? k\n"]);
                    out.push_str(key);
                    if key.ends_with('\n') {
                        out.push_str(&pad);
                    }
                    out.push_str(": ");
                }
                self.value(out, indent, depth);
                if self.below(5) == 0 {
                    out.push_str(self.pick(&["  # c [", "\n#[[\n", "\n\n"]));
                }
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
        }

        fn value(&mut self, out: &mut String, indent: usize, depth: usize) {
            if self.below(6) == 0 {
                out.push_str(self.pick(&["&v ", "!t ", "!!str ", "!<[x]> "]));
            }
            let inner = indent + 1 + self.below(3);
            match self.below(9) {
                0 | 1 => self.flow(out, depth, inner),
                2 if depth < 4 => {
                    out.push('\n');
                    self.block(out, inner, depth + 1);
                }
                3 => {
                    out.push_str(self.pick(&["|", ">", "|-", ">+", "|2", "|1-"]));
                    out.push_str(self.pick(&["", " # [", "  "]));
                    for _ in 0..1 + self.below(3) {
                        out.push('\n');
                        let extra = self.below(3);
                        out.push_str(&" ".repeat(inner.saturating_sub(self.below(2)) + extra));
                        out.push_str(self.pick(&["[[", "{a", "\"x", "'y", "# z", "text ]", "- [", "k: ["]));
                    }
                }
                4 => {
                    out.push_str(self.pick(&["plain [ text", "it's [", "x \"[y", "a #b", "a#[b", "-x [", "?y {"]));
                    if self.below(2) == 0 {
                        out.push('\n');
                        out.push_str(&" ".repeat(inner - self.below(2)));
                        out.push_str(self.pick(&["\"[[", "'[{", "#c [", "[more", "x: [", "- ["]));
                    }
                }
                _ => self.scalar(out, inner),
            }
        }

        fn scalar(&mut self, out: &mut String, indent: usize) {
            match self.below(5) {
                0 => out.push_str(self.pick(&["'a [ '' {'", "'['", "'multi\n  [line'"])),
                1 => out.push_str(self.pick(&["\"a [ \\\" {\"", "\"\\x5b[\"", "\"multi\\\n [line\"", "\"\\u005B\""])),
                2 => out.push_str(self.pick(&["*v", "&w x"])),
                _ => {
                    out.push_str(self.pick(&["word", "two words", "é ü", "1.5", "x:y"]));
                    if self.below(4) == 0 {
                        out.push('\n');
                        out.push_str(&" ".repeat(indent));
                        out.push_str("continued [");
                    }
                }
            }
        }

        fn flow(&mut self, out: &mut String, depth: usize, indent: usize) {
            let (open, close) = if self.below(2) == 0 { ('[', ']') } else { ('{', '}') };
            out.push(open);
            let items = if depth > 6 { 0 } else { self.below(4) };
            for i in 0..items {
                if i > 0 {
                    out.push_str(self.pick(&[", ", ",", ",\n", " ,"]));
                }
                if self.below(6) == 0 {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                }
                match self.below(5) {
                    0 | 1 => self.flow(out, depth + 1, indent),
                    2 => {
                        out.push_str(self.pick(&["k: ", "? k: ", "\"k\": ", "k:"]));
                        self.scalar(out, indent);
                    }
                    _ => self.scalar(out, indent),
                }
            }
            if self.below(12) > 0 {
                out.push(close);
            }
        }
    }

    #[test]
    fn agrees_with_libyaml_on_where_nesting_goes_too_deep() {
        let mut random = Gen(3);
        let (mut complete, mut deep) = (0, 0);
        for case in 0..20_000 {
            let text = random.text();
            for max_depth in 0..4 {
                let (theirs, read_all) = libyaml_deeper_than(&text, max_depth);
                let ours = deeper_than_any(&text, max_depth);
                complete += usize::from(read_all);
                deep += usize::from(theirs.is_some());
                if read_all {
                    assert_eq!(ours, theirs, "case {case}, depth {max_depth}: {text:?}");
                } else if let Some(at) = theirs {
                    // Where libyaml stops, the pass may read on: never less deep, never later.
                    assert!(
                        ours.is_some_and(|o| o <= at),
                        "case {case}, depth {max_depth}: {text:?}, ours {ours:?}, theirs {at}"
                    );
                }
            }
        }
        assert!(
            complete > 30_000 && deep > 12_000,
            "{complete} read to the end, {deep} too deep"
        );
    }

    /// Where the pass finds nesting deeper than `max_depth`, without the shortcut for texts
    /// with few brackets.
    fn deeper_than_any(text: &str, max_depth: usize) -> Option<usize> {
        Scanner::new(text.as_bytes(), max_depth).run()
    }

    #[test]
    fn escapes_writing_unwanted_characters_are_found_in_double_quotes_only() {
        fn unwanted(text: &str) -> Option<(&str, char)> {
            match problem(text) {
                Some(Problem::UnwantedEscape(bytes, c)) => Some((&text[bytes], c)),
                _ => None,
            }
        }
        assert_eq!(unwanted("t: \"a\\x01b\""), Some(("\\x01", '\x01')));
        assert_eq!(
            unwanted("t: \"ok \\t \\n \\\" \\\\ \\x41 \\u00e9\"\nd: \"\\uFFFE\""),
            Some(("\\uFFFE", '\u{FFFE}'))
        );
        assert_eq!(unwanted("t: [\"\\e\", \"\\U0010FFFF\"]"), Some(("\\e", '\x1B')));
        assert_eq!(unwanted("t: \"\\N\\\n  \\0\""), Some(("\\N", '\u{85}')));
        assert_eq!(
            unwanted("t: C:\\files\\x01\nu: 'a\\f'\nv: |\n  \"\\x01\"\n# \"\\0\"\n"),
            None
        );
        assert_eq!(
            problem("t: \"\\uD800\\x7\""),
            None,
            "not characters: libyaml's to refuse"
        );
        assert_eq!(problem("t: \"ends in \\"), None);
    }
}
