//! The clinic's people (`team:` in `site.yaml`) as templates show them (`site.team`,
//! `page.author_person`, `page.reviewer`): each with the address of their place on the team page.

use super::views::Urls;
use crate::config::SiteConfig;
use crate::config::team::{self, TeamMember};
use serde::Serialize;

/// One person for templates.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub credentials: Option<&'a str>,
    pub bio: Option<&'a str>,
    pub photo: Option<&'a str>,
    /// The id of the person's element on the team page: `team-<id>`.
    pub anchor: String,
    /// Href of the person on the team page (`/about/#team-dana-smith`); null when the site has
    /// no team page.
    pub url: Option<String>,
}

/// Every person of the team; `team_path` is the URL path of the team page, if it exists.
pub fn team_views<'a>(config: &'a SiteConfig, team_path: Option<&str>, urls: &Urls) -> Vec<PersonView<'a>> {
    config.team.iter().map(|m| view(m, team_path, urls)).collect()
}

fn view<'a>(m: &'a TeamMember, team_path: Option<&str>, urls: &Urls) -> PersonView<'a> {
    let anchor = format!("team-{}", m.id);
    let text = |v: &'a Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty());
    PersonView {
        id: &m.id,
        name: &m.name,
        role: text(&m.role),
        credentials: text(&m.credentials),
        bio: text(&m.bio),
        photo: text(&m.photo),
        url: team_path.map(|path| format!("{}#{anchor}", urls.href(path))),
        anchor,
    }
}

/// The person a byline (`author` or `reviewed_by`) names by id, if it names one.
pub fn named<'v, 'a>(team: &'v [PersonView<'a>], byline: Option<&str>) -> Option<&'v PersonView<'a>> {
    let id = byline?.trim();
    if !team::looks_like_id(id) {
        return None;
    }
    team.iter().find(|p| p.id == id)
}
