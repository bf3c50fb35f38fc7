//! The page that `team_page` names must show the team: bylines link to each person's place on
//! it (`#team-<id>`), and a page whose template lists nobody would leave those links dangling.
//!
//! A template shows the team when it, or a template it extends or includes (followed through
//! the theme), reads `site.team`: the bundled theme's `about.html` does, through
//! `partials/team.html`.

use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::load::theme::Theme;
use crate::plan::{Job, Plan};
use crate::resolve::links::{LinkIndex, Target};
use std::collections::BTreeSet;

/// An error when the site has a team and its team page is rendered with a template that does
/// not show it.
pub fn check(site: &Site, theme: &Theme, plan: &Plan, index: &LinkIndex<'_>) -> Option<Diagnostic> {
    if site.config.team.is_empty() {
        return None;
    }
    let Target::Page(id) = index.target(&site.home().source, site.config.team_page())? else {
        return None;
    };
    let template = plan.jobs.iter().find_map(|job| match job {
        Job::Page { page, template } if *page == id => Some(template),
        _ => None,
    })?;
    if shows_team(theme, template, &mut BTreeSet::new()) {
        return None;
    }
    let page = &site.pages[id];
    let (line, col) = match &page.meta.template {
        Some(written) => (written.line, written.col),
        None => (1, 1),
    };
    Some(
        Diagnostic::error(
            &page.source.display,
            line,
            col,
            format!(
                "this is the team page (`team_page` in site.yaml), but its template `{template}` does not show \
                 the team, so bylines would link to people it does not list"
            ),
        )
        .with_help(
            "give the page `template: \"about.html\"` (the theme's page with the team), or show `site.team` in \
             its template ({% include \"partials/team.html\" %})",
        ),
    )
}

/// Whether template `name`, or one it extends or includes, reads `site.team`.
fn shows_team(theme: &Theme, name: &str, seen: &mut BTreeSet<String>) -> bool {
    if !seen.insert(name.to_string()) {
        return false;
    }
    let Some(text) = theme.templates.get(name) else {
        return false;
    };
    text.contains("site.team") || used_templates(text).any(|used| shows_team(theme, used, seen))
}

/// The templates `text` extends or includes: the quoted name after `{% extends` or
/// `{% include`.
fn used_templates(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%").filter_map(|tag| {
        let tag = tag.trim_start().trim_start_matches('-').trim_start();
        let rest = tag
            .strip_prefix("extends")
            .or_else(|| tag.strip_prefix("include"))?
            .trim_start();
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let rest = &rest[1..];
        Some(&rest[..rest.find(quote)?])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_and_extends_are_followed() {
        let used: Vec<&str> =
            used_templates("{% extends \"page.html\" %}{%- include 'partials/team.html' %}{% if x %}").collect();
        assert_eq!(used, ["page.html", "partials/team.html"]);
    }
}
