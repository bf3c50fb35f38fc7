//! Autolinks: `autolink:` in site.yaml maps phrases to pages; the first plain-text mention of a
//! phrase on a page becomes a link. Decided once, at load time, so the link graph sees them and
//! the renderer applies exactly the same choices.

/// The configured phrases, longest first so "deep tissue massage" wins over "massage".
#[derive(Debug, Clone, Default)]
pub struct Rules {
    rules: Vec<(String, std::sync::Arc<str>)>,
    /// A searcher per phrase, in the order of `rules`, built once: every text of every page is
    /// searched for every phrase not used yet.
    finders: Vec<memchr::memmem::Finder<'static>>,
    max_per_page: usize,
}

/// One autolink: bytes `start..end` of a text link to `dest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Shared with the rule: a site links the same few phrases on thousands of pages.
    pub dest: std::sync::Arc<str>,
}

impl Rules {
    pub fn new(map: &std::collections::BTreeMap<String, String>, max_per_page: usize) -> Self {
        let mut rules: Vec<(String, std::sync::Arc<str>)> = map
            .iter()
            .filter(|(phrase, _)| !phrase.trim().is_empty())
            .map(|(phrase, dest)| (phrase.trim().to_ascii_lowercase(), std::sync::Arc::from(dest.as_str())))
            .collect();
        rules.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let finders = rules
            .iter()
            .map(|(phrase, _)| memchr::memmem::Finder::new(phrase.as_bytes()).into_owned())
            .collect();
        Rules {
            rules,
            finders,
            max_per_page,
        }
    }

    /// Tracks which phrases a page has used while its text is scanned in order.
    pub fn scanner<'r>(&'r self, self_rel: &str) -> Scanner<'r> {
        let used = self
            .rules
            .iter()
            .map(|(_, dest)| targets_self(dest, self_rel))
            .collect();
        Scanner {
            rules: self,
            used,
            count: 0,
        }
    }
}

fn targets_self(dest: &str, self_rel: &str) -> bool {
    let path = dest.split('#').next().unwrap_or(dest);
    path.strip_prefix("@/") == Some(self_rel)
        || self_rel
            .strip_suffix("/index.md")
            .is_some_and(|b| path.strip_prefix("@/") == Some(format!("{b}.md").as_str()))
}

/// Autolink state for one page.
pub struct Scanner<'r> {
    rules: &'r Rules,
    used: Vec<bool>,
    count: usize,
}

impl Scanner<'_> {
    /// Finds the autolinks in one plain-text run (not heading, link, image or code text).
    pub fn scan(&mut self, text: &str) -> Vec<Hit> {
        // Most pages use up their autolinks early: the rest of their text needs no lower-cased copy.
        if self.count >= self.rules.max_per_page || self.used.iter().all(|&u| u) {
            return Vec::new();
        }
        let lower = text.to_ascii_lowercase();
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (i, (phrase, _)) in self.rules.rules.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            if let Some(start) = find_word(&lower, phrase, &self.rules.finders[i]) {
                let end = start + phrase.len();
                if found.iter().all(|&(s, e, _)| end <= s || start >= e) {
                    found.push((start, end, i));
                }
            }
        }
        found.sort_unstable();
        let mut hits = Vec::new();
        for (start, end, i) in found {
            if self.count >= self.rules.max_per_page {
                break;
            }
            self.used[i] = true;
            self.count += 1;
            hits.push(Hit {
                start,
                end,
                dest: self.rules.rules[i].1.clone(),
            });
        }
        hits
    }
}

/// First occurrence of `phrase` in `text` that starts and ends on word boundaries.
fn find_word(text: &str, phrase: &str, finder: &memchr::memmem::Finder<'_>) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    // A match of valid UTF-8 bytes starts on a character boundary.
    while let Some(pos) = finder.find(&text.as_bytes()[from..]) {
        let start = from + pos;
        let end = start + phrase.len();
        let before_ok = !text[..start].chars().next_back().is_some_and(is_word);
        let after_ok = !text[end..].chars().next().is_some_and(is_word);
        if before_ok && after_ok {
            return Some(start);
        }
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn rules(max: usize) -> Rules {
        let map: BTreeMap<String, String> = [
            ("massage".to_string(), "@/services/_index.md".to_string()),
            ("deep tissue massage".to_string(), "@/services/deep.md".to_string()),
            ("stretch".to_string(), "@/services/stretch.md".to_string()),
        ]
        .into();
        Rules::new(&map, max)
    }

    #[test]
    fn longest_phrase_wins_once_per_page_on_word_boundaries() {
        let r = rules(5);
        let mut s = r.scanner("guides/a.md");
        let hits = s.scan("Try Deep Tissue Massage; stretching is not stretch.");
        let dests: Vec<_> = hits.iter().map(|h| (h.start, h.end, &*h.dest)).collect();
        assert_eq!(
            dests,
            [(4, 23, "@/services/deep.md"), (43, 50, "@/services/stretch.md")]
        );
        let again = s.scan("another deep tissue massage, and massage");
        assert_eq!(again.len(), 1);
        assert_eq!(&*again[0].dest, "@/services/_index.md");
    }

    #[test]
    fn never_links_a_page_to_itself_and_respects_the_limit() {
        let r = rules(1);
        let mut s = r.scanner("services/stretch.md");
        assert!(s.scan("stretch").is_empty());
        let hits = s.scan("massage and deep tissue massage");
        assert_eq!(hits.len(), 1);
    }
}
