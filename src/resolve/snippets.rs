//! The links of snippets (`content/_snippets/`), resolved from the snippet's own place and
//! checked once however many pages include it: a broken link is reported at the snippet's line,
//! naming the pages that include it.

use super::links::{DocLinks, LinkIndex};
use crate::diagnostics::{Diagnostic, count};
use crate::load::Site;
use crate::load::component_check::{INCLUDE, included};

/// The link errors of every snippet.
pub fn check(site: &Site, index: &LinkIndex<'_>) -> Vec<Diagnostic> {
    let meta = crate::load::front_matter::Meta::default();
    let mut errors = Vec::new();
    for (name, snippet) in &site.snippets {
        let links = DocLinks::resolve(&snippet.source, &snippet.analysis, &meta, index);
        let found = links.errors(&snippet.source, &snippet.analysis, &meta);
        if found.is_empty() {
            continue;
        }
        let users = including(site, name);
        let shown = match users.as_slice() {
            [] => " (a snippet no page includes)".to_string(),
            [one] => format!(" (in a snippet included by {one})"),
            [first, rest @ ..] => format!(
                " (in a snippet included by {first} and {})",
                count(rest.len(), "other file")
            ),
        };
        errors.extend(found.into_iter().map(|mut d| {
            d.message.push_str(&shown);
            d
        }));
    }
    errors
}

/// The files that include the snippet `name`, as messages show them.
fn including(site: &Site, name: &str) -> Vec<String> {
    let pages = site.pages.iter().map(|p| (&p.source, &p.analysis));
    let sections = site.sections.iter().map(|s| (&s.source, &s.analysis));
    let snippets = site.snippets.values().map(|s| (&s.source, &s.analysis));
    pages
        .chain(sections)
        .chain(snippets)
        .filter(|(_, analysis)| {
            analysis
                .components
                .iter()
                .any(|c| c.name == INCLUDE && included(c) == Some(name))
        })
        .map(|(source, _)| source.display.clone())
        .collect()
}
