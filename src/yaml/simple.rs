//! A fast path for the front matter nearly every page has: top-level `key: value` lines whose
//! values are quoted strings, plain words, numbers, booleans or flow lists like `[a, b]`.
//!
//! serde_yaml spends tens of thousands of instructions on a five-line front matter (about 5% of
//! a build). This reads that common shape directly and hands it to the same serde types. It only
//! accepts text whose meaning is certain and gives up (`None`) on anything else: indentation,
//! comments after values, escapes, nulls, floats, anchors, tags, block scalars, duplicate keys,
//! a type the target does not take. The caller then parses the text with serde_yaml, which
//! decides what it means and reports every error, so the fast path never changes what a file
//! means or what an error says; `tests` check it against serde_yaml value for value.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

/// Parses `text` if it has the simple shape and fits `T`; `None` means "ask serde_yaml".
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let entries = entries(text)?;
    T::deserialize(Document { entries: &entries }).ok()
}

/// One value as written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scalar<'a> {
    /// Quoted: always a string, whatever it looks like.
    Quoted(&'a str),
    /// Plain: a string, a boolean or an integer, as serde_yaml resolves it.
    Plain(&'a str),
}

#[derive(Debug, PartialEq)]
enum Node<'a> {
    Scalar(Scalar<'a>),
    List(Vec<Scalar<'a>>),
}

/// The `key: value` lines of `text`, or `None` if any line is not of the simple shape.
fn entries(text: &str) -> Option<Vec<(&str, Node<'_>)>> {
    if !text.chars().all(printable) {
        return None;
    }
    let mut entries: Vec<(&str, Node<'_>)> = Vec::with_capacity(8);
    for line in text.split('\n') {
        if line.bytes().all(|b| b == b' ') || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !key_ok || entries.iter().any(|(k, _)| *k == key) {
            return None;
        }
        let value = value.trim_matches(' ');
        let node = match value.strip_prefix('[') {
            Some(inner) => Node::List(list(inner.strip_suffix(']')?)?),
            None => Node::Scalar(scalar(value, false)?),
        };
        entries.push((key, node));
    }
    Some(entries)
}

/// Characters YAML accepts in a document (libyaml rejects the rest), minus tabs, carriage
/// returns and the Unicode line breaks libyaml also breaks lines at (U+0085, U+2028, U+2029),
/// whose handling the fast path leaves to serde_yaml.
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

/// The items of a flow list, between its brackets.
fn list(inner: &str) -> Option<Vec<Scalar<'_>>> {
    if inner.bytes().all(|b| b == b' ') {
        return Some(Vec::new());
    }
    inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), true))
        .collect()
}

/// A quoted or plain scalar that is the whole of `value` (already trimmed).
fn scalar(value: &str, in_list: bool) -> Option<Scalar<'_>> {
    for quote in ['"', '\''] {
        if let Some(rest) = value.strip_prefix(quote) {
            let inner = rest.strip_suffix(quote)?;
            // A quote inside ends the string early or is an escape; a backslash is an escape in
            // double quotes. Either way, serde_yaml's to read.
            let escaped = inner.contains(quote) || (quote == '"' && inner.contains('\\'));
            return (!escaped).then_some(Scalar::Quoted(inner));
        }
    }
    // `-` starts a negative number here; before anything else it may start a list item.
    let unsigned = value
        .strip_prefix('-')
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    let starts_ok = !value.is_empty()
        && (unsigned.is_some() || !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~.+".contains(c)))
        && !value.ends_with(':');
    let special_inside = if in_list { ",[]{}#:" } else { "[]{}#" };
    let body_ok = !value.contains(|c: char| special_inside.contains(c)) && !value.contains(": ");
    (starts_ok && body_ok).then_some(Scalar::Plain(value))
}

/// Why the fast path gave up; never shown (the caller falls back to serde_yaml).
#[derive(Debug)]
struct GiveUp;

impl std::fmt::Display for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not simple YAML")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        GiveUp
    }
}

/// The whole front matter: a mapping.
struct Document<'e, 'a> {
    entries: &'e [(&'a str, Node<'a>)],
}

impl<'de> de::Deserializer<'de> for Document<'_, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_map(Entries {
            entries: self.entries.iter(),
            value: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct Entries<'e, 'a> {
    entries: std::slice::Iter<'e, (&'a str, Node<'a>)>,
    value: Option<&'e Node<'a>>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, GiveUp> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize((*key).into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        match self.value.take().ok_or(GiveUp)? {
            Node::Scalar(s) => seed.deserialize(*s),
            Node::List(items) => seed.deserialize(List(items.iter())),
        }
    }
}

struct List<'e, 'a>(std::slice::Iter<'e, Scalar<'a>>);

impl<'de> de::Deserializer<'de> for List<'_, '_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_seq(self)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

impl<'de> SeqAccess<'de> for List<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, GiveUp> {
        self.0.next().map(|s| seed.deserialize(*s)).transpose()
    }
}

/// A plain scalar as serde_yaml reads it when the target takes anything: a boolean, an
/// integer, or `None` when it would be something the fast path leaves alone (a null, a float).
fn resolve_plain(text: &str) -> Option<PlainValue> {
    match text {
        "true" | "True" | "TRUE" => return Some(PlainValue::Bool(true)),
        "false" | "False" | "FALSE" => return Some(PlainValue::Bool(false)),
        "null" | "Null" | "NULL" => return None,
        _ => {}
    }
    let (negative, digits) = text.strip_prefix('-').map_or((false, text), |rest| (true, rest));
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // A leading zero, as in `007` or `-0`, is left to serde_yaml.
        if digits.starts_with('0') && (negative || digits.len() > 1) {
            return None;
        }
        return match negative {
            false => digits.parse().ok().map(PlainValue::Int),
            true => text.parse().ok().map(PlainValue::NegInt),
        };
    }
    // Anything else that Rust reads as a float (`1e5`, `1.5`, `inf`, `NaN`) may be one to
    // serde_yaml too.
    if text.parse::<f64>().is_ok() {
        return None;
    }
    Some(PlainValue::Str)
}

enum PlainValue {
    Bool(bool),
    Int(u64),
    NegInt(i64),
    Str,
}

impl<'de> de::Deserializer<'de> for Scalar<'_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self {
            Scalar::Quoted(s) => visitor.visit_str(s),
            Scalar::Plain(s) => match resolve_plain(s).ok_or(GiveUp)? {
                PlainValue::Bool(b) => visitor.visit_bool(b),
                PlainValue::Int(n) => visitor.visit_u64(n),
                PlainValue::NegInt(n) => visitor.visit_i64(n),
                PlainValue::Str => visitor.visit_str(s),
            },
        }
    }

    /// serde_yaml gives any scalar to a string as written (`title: 2026` is "2026").
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self {
            Scalar::Quoted(s) | Scalar::Plain(s) => visitor.visit_str(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        self.deserialize_str(visitor)
    }

    /// A plain null is `None`; the fast path never produces one, so every value is `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self {
            Scalar::Plain("null" | "Null" | "NULL") => Err(GiveUp),
            _ => visitor.visit_some(self),
        }
    }

    // Every other target gets what `deserialize_any` resolves: a target that does not take it
    // (a boolean where a word is, a list or an enum where a scalar is) fails, and the caller
    // asks serde_yaml, which judges it.
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    /// Every kind of field front matter has.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Probe {
        title: String,
        description: Option<String>,
        date: Option<String>,
        #[serde(default)]
        draft: bool,
        weight: Option<i64>,
        paginate_by: Option<usize>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        extra: serde_json::Value,
    }

    fn serde_yaml_reads<T: DeserializeOwned>(text: &str) -> Option<T> {
        serde_yaml::from_str(text).ok()
    }

    /// Whatever the fast path accepts, serde_yaml reads to the same value.
    fn agrees<T: DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> bool {
        let fast = parse::<T>(text);
        if let Some(fast) = &fast {
            assert_eq!(Some(fast), serde_yaml_reads::<T>(text).as_ref(), "{text:?}");
        }
        fast.is_some()
    }

    #[test]
    fn reads_the_common_front_matter_as_serde_yaml_does() {
        let common = [
            "title: \"Recovery Hamstring Routine\"\ndescription: \"Gentle: calf # and neck.\"\ndate: 2025-10-27\ntags: [posture, recovery]\n",
            "title: Deep tissue massage\ndraft: true\nweight: 3\n",
            "title: 'It is fine'\ntags: []\nextra: plain words\n",
            "title: 2026\ndescription: TRUE\ndate: 2026-03-14T09:30:00-05:00\nweight: -4\n",
            "title: it's a plain, simple title\npaginate_by: 10\n\n# a comment line\ntags: [\"a b\", 'c', d-e]\n",
            "title: x\nextra: 42\n",
            "title: x\nextra: false\n",
            "title: \"\"\n",
            "title: Ünïcode — ok\n",
        ];
        for text in common {
            assert!(agrees::<Probe>(text), "fast path declined {text:?}");
        }
    }

    #[test]
    fn leaves_everything_unusual_to_serde_yaml() {
        let unusual = [
            "title: \"a \\\" b\"\n",
            "title: 'it''s'\n",
            "title: a # comment\n",
            "title: a\n  continued\n",
            "title: >\n  folded\n",
            "title: x\nextra:\n  a: 1\n",
            "title: x\ntags:\n  - a\n",
            "title: x\ndescription: null\n",
            "title: x\ndescription: ~\n",
            "title: x\ndescription:\n",
            "title: x\nweight: 1.5\n",
            "title: x\nweight: 007\n",
            "title: x\nweight: -0\n",
            "title: x\nweight: - 3\n",
            "title: x\nweight: 0x1F\n",
            "title: x\nweight: \"3\"\n",
            "title: x\ndraft: yes\n",
            "title: x\ntitle: y\n",
            "title: x\ntitel: y\n",
            "title: &a x\n",
            "title: !!str x\n",
            "title: x\r\n",
            "title: a\u{85}b\n",
            "title: a\u{2028}b\n",
            "title: \u{feff}x\n",
            "title:\tx\n",
            "title: a: b\n",
            "title: x\ntags: [a, [b]]\n",
            "title: x\ntags: [a,]\n",
            "title: x\ntags: a\n",
            "title: x\nextra: 1e5\n",
            "title: x\nextra: .inf\n",
            "title: x\nextra: Infinity\n",
            "title: x\nextra: nan\n",
            "title: x\nextra: {a: 1}\n",
            "\"title\": x\n",
            "- a\n",
            "",
        ];
        for text in unusual {
            assert!(!agrees::<Probe>(text), "fast path accepted {text:?}");
        }
    }

    #[test]
    fn plain_values_resolve_like_serde_yaml_for_any_target() {
        for value in [
            "true",
            "False",
            "12",
            "0",
            "-7",
            "-7x",
            "2025-10-27",
            "word",
            "two words",
            "x1",
            "1a",
        ] {
            let text = format!("k: {value}\n");
            assert!(agrees::<BTreeMap<String, serde_json::Value>>(&text), "{text:?}");
        }
    }
}
