//! The head of every page: title from the title template, meta description (front matter, else
//! the summary cut at a word boundary), canonical URL, robots and social card fields.

use super::Renderer;
use super::jsonld::{self, LdKind, LdPage};
use crate::load::front_matter::Meta;
use serde::Serialize;

/// Longest meta description search engines show in full.
pub const DESCRIPTION_MAX: usize = 160;

/// What a template needs to write the SEO part of `<head>`; available as `meta`.
#[derive(Debug, Serialize)]
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
    /// The feeds this page advertises with `<link rel="alternate">`
    /// (see [`super::feeds::feeds_of_sections`]).
    pub feeds: tera::Value,
}

/// What one page tells the head builder.
pub struct HeadInput<'a> {
    /// The page's own title; `None` on the home page, which is titled by the site name.
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    /// Fallback for a missing description.
    pub summary: &'a str,
    /// URL path under the site root.
    pub path: &'a str,
    pub noindex: bool,
    pub og_type: &'static str,
    /// The social card image: an http(s) URL, or an href under the base path.
    pub image: Option<&'a str>,
    /// Structured data to write; `None` writes none (404).
    pub ld_kind: Option<LdKind>,
    pub meta: Option<&'a Meta>,
    /// `(name, path)` from home to this page; empty on home.
    pub crumbs: Vec<(String, String)>,
    /// The section the page belongs to, for its feeds; the home section for pages outside any
    /// section (tags, 404).
    pub section: usize,
    /// The components the body calls (the FAQ among them feed the FAQPage data).
    pub components: &'a [crate::load::components::Call],
}

impl Renderer<'_> {
    /// The `meta` object: title, description with fallbacks, canonical URL, robots, card image
    /// and JSON-LD.
    pub(super) fn head(&self, input: HeadInput<'_>) -> HeadMeta {
        let config = &self.site.config;
        let description = match input.description {
            Some(d) => d.to_string(),
            None if !input.summary.is_empty() => describe(input.summary),
            None => describe(&config.description),
        };
        let image = input.image.map(|href| self.urls.absolute(href));
        let json_ld = input.ld_kind.map_or_else(String::new, |kind| {
            let page = LdPage {
                path: input.path,
                name: input.title.unwrap_or(&config.title),
                description: &description,
                kind,
                meta: input.meta,
                crumbs: input.crumbs,
                image: image.clone(),
                components: input.components,
                snippets: &self.site.snippets,
            };
            jsonld::script(&self.ld_shared, config, &self.urls, &self.team, &page)
        });
        HeadMeta {
            title: title(&config.title_template, input.title, &config.title),
            description,
            canonical: self.urls.permalink(input.path),
            noindex: input.noindex,
            og_type: input.og_type,
            image,
            json_ld,
            feeds: self.section_feeds[input.section].clone(),
        }
    }

    /// Breadcrumbs from the home page down to `section`, then `leaf` when given.
    pub(super) fn crumbs(&self, section: Option<usize>, leaf: Option<(&str, &str)>) -> Vec<(String, String)> {
        let mut trail = Vec::new();
        let mut next = section;
        while let Some(id) = next {
            let s = &self.site.sections[id];
            trail.push((s.meta.title.clone(), s.url.clone()));
            next = s.parent;
        }
        trail.reverse();
        trail.extend(leaf.map(|(name, path)| (name.to_string(), path.to_string())));
        trail
    }
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
