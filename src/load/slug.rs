//! Slugs: GitHub-compatible heading ids, and safe URL path segments from file names and `slug:`.

use rustc_hash::{FxHashMap, FxHashSet};

/// GitHub's heading anchor algorithm: lowercase, drop punctuation except `-` and `_`, spaces to
/// `-`. `How Often Should It Be Done?` -> `how-often-should-it-be-done`.
pub fn github_slug(text: &str) -> String {
    let text = text.trim();
    // Nearly every heading is ASCII, where the Unicode case and class lookups below are a
    // tenth of the work of loading a page.
    if text.is_ascii() {
        // Byte by byte through a table, every byte written and only the kept ones counted:
        // pushing chars and matching classes per byte took a thousand instructions a heading.
        let mut slug = vec![0u8; text.len()];
        let mut kept = 0;
        for &b in text.as_bytes() {
            let mapped = ASCII_SLUG[usize::from(b)];
            if let Some(slot) = slug.get_mut(kept) {
                *slot = mapped;
            }
            kept += usize::from(mapped != 0);
        }
        slug.truncate(kept);
        // Only ASCII letters, digits, `-` and `_` are kept: always valid UTF-8.
        return String::from_utf8(slug).unwrap_or_default();
    }
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// What [`github_slug`] makes of each ASCII byte: a space becomes `-`, letters are lowercased,
/// digits, `-` and `_` stay, and 0 marks a byte that is dropped.
static ASCII_SLUG: [u8; 256] = ascii_slug_table();

const fn ascii_slug_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        table[i] = match b {
            b' ' => b'-',
            b'-' | b'_' => b,
            _ if b.is_ascii_alphanumeric() => b.to_ascii_lowercase(),
            _ => 0,
        };
        i += 1;
    }
    table
}

/// Hands out heading ids unique within one page: the second `intro` becomes `intro-1`, the
/// third `intro-2`, skipping any suffix already taken (say by an explicit `{#intro-1}`).
#[derive(Debug, Default)]
pub struct UniqueIds {
    /// Every id handed out so far.
    taken: FxHashSet<String>,
    /// For each id asked for again, the suffix to try next: every `id-N` below it is taken and
    /// stays taken, so a page of thousands of equal headings is not searched from `id-1` each
    /// time (which would be quadratic).
    next_suffix: FxHashMap<String, usize>,
}

impl UniqueIds {
    /// Reserves `id` (or the first free `id-N`) and returns it.
    pub fn claim(&mut self, id: &str) -> String {
        let base = if id.is_empty() { "section" } else { id };
        if !self.taken.contains(base) {
            self.taken.insert(base.to_string());
            return base.to_string();
        }
        let next = self.next_suffix.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if !self.taken.contains(&candidate) {
                self.taken.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// Checks a path segment that becomes part of an output path: no separators, no `.`/`..`, no
/// control characters or spaces. This is what keeps `slug: ../../etc` inside the output directory.
pub fn check_segment(segment: &str) -> Result<(), String> {
    if segment.is_empty() {
        return Err("is empty".into());
    }
    if segment == "." || segment == ".." || segment.starts_with('.') {
        return Err("may not start with `.`".into());
    }
    if let Some(c) = segment.chars().find(|c| {
        matches!(c, '/' | '\\' | ':' | '?' | '#' | '%' | '"' | '<' | '>' | '|' | '*')
            || c.is_whitespace()
            || c.is_control()
    }) {
        return Err(format!("may not contain {c:?}"));
    }
    Ok(())
}

/// A URL segment for a file or directory name: kept as is when safe, slugified otherwise
/// (`My Guide.md` -> `my-guide`).
pub fn segment_from_name(name: &str) -> String {
    if check_segment(name).is_ok() {
        name.to_string()
    } else {
        slug::slugify(name)
    }
}

/// Taxonomy term slug: `Deep Tissue` and `deep-tissue` share one page.
pub fn term_slug(name: &str) -> String {
    slug::slugify(name)
}

/// How a tag is shown: its `tag_titles:` entry in site.yaml, else the tag as written with hyphens
/// as spaces and a capital first letter (`deep-tissue` -> `Deep tissue`).
/// `slug` is the tag's [`term_slug`], which callers have at hand (see `Site::tag_slug`).
pub fn tag_title(titles: &std::collections::BTreeMap<String, String>, tag: &str, slug: &str) -> String {
    if let Some(title) = titles.get(slug) {
        return title.clone();
    }
    let spaced = tag.trim().replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_titles_are_configured_or_humanized() {
        let titles = [("russian-massage".to_string(), "Russian massage".to_string())].into();
        assert_eq!(
            tag_title(&titles, "russian-massage", &term_slug("russian-massage")),
            "Russian massage"
        );
        assert_eq!(
            tag_title(&titles, "deep-tissue", &term_slug("deep-tissue")),
            "Deep tissue"
        );
        assert_eq!(tag_title(&titles, "Stretching", &term_slug("Stretching")), "Stretching");
    }

    #[test]
    fn github_slugs_of_ascii_text_take_the_unicode_rules() {
        let unicode = |text: &str| -> String {
            text.trim()
                .chars()
                .flat_map(char::to_lowercase)
                .filter(|&c| c == ' ' || c == '-' || c == '_' || c.is_alphanumeric())
                .map(|c| if c == ' ' { '-' } else { c })
                .collect()
        };
        let mut seed = 11u64;
        for _ in 0..2000 {
            let text: String = (0..24)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    char::from((seed >> 33) as u8 % 128)
                })
                .collect();
            assert_eq!(github_slug(&text), unicode(&text), "{text:?}");
        }
    }

    #[test]
    fn github_slugs() {
        assert_eq!(
            github_slug("How Often Should It Be Done?"),
            "how-often-should-it-be-done"
        );
        assert_eq!(
            github_slug("Russian vs. Deep-Tissue: A Guide"),
            "russian-vs-deep-tissue-a-guide"
        );
        assert_eq!(github_slug("Über  Massage_Tips"), "über--massage_tips");
    }

    #[test]
    fn ids_are_unique_per_page() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("faq"), "faq");
        assert_eq!(ids.claim("faq"), "faq-1");
        assert_eq!(ids.claim("faq"), "faq-2");
        assert_eq!(ids.claim(""), "section");
    }

    #[test]
    fn ids_take_the_first_free_suffix_whatever_was_claimed_before() {
        // The plain rule, searched from `-1` every time.
        fn first_free(taken: &mut Vec<String>, id: &str) -> String {
            let base = if id.is_empty() { "section" } else { id };
            let id = std::iter::once(base.to_string())
                .chain((1..).map(|n| format!("{base}-{n}")))
                .find(|c| !taken.contains(c))
                .unwrap();
            taken.push(id.clone());
            id
        }
        let wanted = [
            "a",
            "a-1",
            "a-2",
            "a-1-1",
            "b",
            "",
            "section",
            "section-1",
            "a-3",
            "a-10",
        ];
        let mut seed = 5u64;
        for _ in 0..200 {
            let (mut ids, mut taken) = (UniqueIds::default(), Vec::new());
            for _ in 0..40 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let id = wanted[(seed >> 33) as usize % wanted.len()];
                assert_eq!(ids.claim(id), first_free(&mut taken, id), "after {taken:?}");
            }
        }
    }

    #[test]
    fn path_tricks_are_rejected() {
        assert!(check_segment("../../etc").is_err());
        assert!(check_segment("..").is_err());
        assert!(check_segment("a/b").is_err());
        assert!(check_segment("a\\b").is_err());
        assert!(check_segment("deep-tissue").is_ok());
        assert_eq!(segment_from_name("My Guide"), "my-guide");
    }
}
