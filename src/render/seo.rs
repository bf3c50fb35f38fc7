//! The head of every page: title from the title template, meta description (front matter, else
//! the summary cut at a word boundary), canonical URL, robots and social card fields.

use serde::Serialize;

/// Longest meta description search engines show in full.
pub const DESCRIPTION_MAX: usize = 160;

/// What a template needs to write the SEO part of `<head>`; available as `meta`.
#[derive(Debug, Serialize, Default)]
pub struct HeadMeta {
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub noindex: bool,
    /// OpenGraph type: `website` for listings, `article` for pages.
    pub og_type: &'static str,
    /// Absolute URL of the social card image, when the page sets one.
    pub image: Option<String>,
    /// The page's JSON-LD `@graph`, already serialized and safe inside `<script>`.
    pub json_ld: String,
}

/// Applies `{page}`/`{site}` in the configured title template; the home page is the site title.
pub fn title(template: &str, page: Option<&str>, site: &str) -> String {
    match page {
        Some(p) if p != site => template.replace("{page}", p).replace("{site}", site),
        _ => site.to_string(),
    }
}

/// Cuts `text` to at most [`DESCRIPTION_MAX`] characters at a word boundary, adding `…` when cut.
pub fn describe(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= DESCRIPTION_MAX {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 2 > DESCRIPTION_MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let trimmed = out.trim_end_matches([',', ';', ':', '.', '-']);
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_follow_the_template_except_home() {
        assert_eq!(title("{page} | {site}", Some("Guides"), "Clinic"), "Guides | Clinic");
        assert_eq!(title("{page} | {site}", None, "Clinic"), "Clinic");
        assert_eq!(title("{page} | {site}", Some("Clinic"), "Clinic"), "Clinic");
    }

    #[test]
    fn descriptions_are_cut_at_words() {
        let long = "word ".repeat(60);
        let d = describe(&long);
        assert!(d.chars().count() <= DESCRIPTION_MAX, "{}", d.len());
        assert!(d.ends_with("word…"));
        assert_eq!(describe("  short   text "), "short text");
    }
}
