//! Characters that web pages and feeds must not carry: control characters other than tab, line
//! feed and carriage return (XML 1.0 forbids the C0 ones, HTML calls every one a parse error),
//! and noncharacters such as U+FFFE and U+FFFF. Markdown bodies and written XML have them
//! replaced; front matter may not write them at all (see `crate::yaml`).

use std::borrow::Cow;

/// Whether pages and feeds must not carry `c`.
pub fn is_unwanted(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F'..='\u{9F}' | '\u{FDD0}'..='\u{FDEF}')
        || (u32::from(c) & 0xFFFE) == 0xFFFE
}

/// What an unwanted character is written as: form feed, white space to markdown and HTML
/// alike, as a space; any other as U+FFFD REPLACEMENT CHARACTER, as CommonMark does with
/// U+0000. Either keeps the text's count of characters, so columns stay where they were.
pub fn replacement(c: char) -> char {
    if c == '\x0C' { ' ' } else { '\u{FFFD}' }
}

/// `text` with every unwanted character replaced (see [`replacement`]); borrowed when it has
/// none, which is nearly always.
pub fn replace(text: &str) -> Cow<'_, str> {
    let Some(first) = find(text) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    out.extend(
        text[first..]
            .chars()
            .map(|c| if is_unwanted(c) { replacement(c) } else { c }),
    );
    Cow::Owned(out)
}

/// Byte offset of the first unwanted character in `text`. Each byte is looked at alone,
/// branch-free, for one that may belong to an unwanted character: a C0 control or DEL, the
/// first byte of a C1 control (0xC2), the first byte of U+FDD0 to U+FDEF and of U+FFFE and
/// U+FFFF (0xEF), or a byte of a noncharacter of another plane (0xBF). Single bytes in
/// fixed-size stretches let the compiler compare them in vector registers (1.9 instructions a
/// byte, against 2.9 for pairs of bytes in stretches of any length); only a stretch holding
/// such a byte is decoded, and plain text and most letters have none.
pub fn find(text: &str) -> Option<usize> {
    const STRETCH: usize = 64;
    let bytes = text.as_bytes();
    let (stretches, rest) = bytes.as_chunks::<STRETCH>();
    for (n, stretch) in stretches.iter().enumerate() {
        let mut any = 0u8;
        for &b in stretch {
            any |= u8::from(may_be_unwanted(b));
        }
        if any != 0 {
            let start = n * STRETCH;
            if let Some(at) = first_starting_in(text, start, start + STRETCH) {
                return Some(at);
            }
        }
    }
    let start = bytes.len() - rest.len();
    rest.iter()
        .any(|&b| may_be_unwanted(b))
        .then(|| first_starting_in(text, start, bytes.len()))
        .flatten()
}

/// Whether byte `b` may be part of an unwanted character (see [`find`]).
fn may_be_unwanted(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7F) | (b == 0xC2) | (b == 0xEF) | (b == 0xBF)
}

/// Byte offset of the first unwanted character that starts (or has a byte) between `from`
/// and `to`.
fn first_starting_in(text: &str, mut from: usize, to: usize) -> Option<usize> {
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    text[from..]
        .char_indices()
        .take_while(|&(i, _)| from + i < to)
        .find(|&(_, c)| is_unwanted(c))
        .map(|(i, _)| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_unwanted_character_wherever_it_is() {
        let pieces = [
            "a",
            "é",
            "\u{A0}",
            "\u{BF}",
            "€",
            "\u{FFFD}",
            "\u{FEFF}",
            "😀",
            "\u{10FFFD}",
            "\t",
            "\n",
            "\r",
            "\u{85}",
            "\u{80}",
            "\u{9F}",
            "\x0B",
            "\x0C",
            "\x1B",
            "\x7F",
            "\0",
            "\u{FDD0}",
            "\u{FDEF}",
            "\u{FFFE}",
            "\u{FFFF}",
            "\u{1FFFE}",
            "\u{10FFFF}",
            "\u{EFFFF}",
            "\u{FDCF}",
            "\u{FDF0}",
        ];
        let mut seed = 9u64;
        for _ in 0..3000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (seed >> 33) as usize % 700;
            while text.len() < len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                // Mostly wanted characters, so that the first unwanted one lies anywhere.
                let piece = pieces[(seed >> 33) as usize % pieces.len()];
                if is_unwanted(piece.chars().next().unwrap()) && !seed.is_multiple_of(7) {
                    text.push('x');
                } else {
                    text.push_str(piece);
                }
            }
            let expected = text.char_indices().find(|&(_, c)| is_unwanted(c)).map(|(i, _)| i);
            assert_eq!(find(&text), expected, "{text:?}");
            let replaced = replace(&text);
            assert!(!replaced.chars().any(is_unwanted));
            assert_eq!(replaced.chars().count(), text.chars().count());
        }
    }

    #[test]
    fn form_feed_becomes_a_space_and_the_rest_the_replacement_character() {
        assert_eq!(replace("a\x0Cb\x01c\u{FFFE}d\u{85}"), "a b\u{FFFD}c\u{FFFD}d\u{FFFD}");
        assert!(matches!(replace("tab\tline\ncr\r é 😀"), Cow::Borrowed(_)));
    }
}
