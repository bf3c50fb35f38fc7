//! The clinic's people (`team:` in `site.yaml`) as templates and structured data show them
//! (`site.team`, `page.author_person`, `page.reviewer`, `Person` nodes): each with the address
//! of their place on the team page and their photo.

use super::views::Urls;
use crate::config::{self, team::TeamMember};
use crate::load::Site;
use crate::load::theme::StaticData;
use crate::resolve::links::LinkIndex;
use serde::Serialize;
use std::collections::BTreeMap;

/// One person for templates.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub credentials: Option<&'a str>,
    pub bio: Option<&'a str>,
    /// The person's photo, when `photo` is set.
    pub photo: Option<Photo>,
    /// The id of the person's element on the team page: `team-<id>`.
    pub anchor: String,
    /// Href of the person on the team page (`/about/#team-dana-smith`); null when the site has
    /// no team page.
    pub url: Option<String>,
}

/// A team member's photo: its href (under the base path, or an `http(s)` URL as written) and,
/// for a file of the site, its size in pixels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Photo {
    pub src: String,
    pub width: Option<usize>,
    pub height: Option<usize>,
}

/// Every person of the team; `team_path` is the URL path of the team page, if it exists, and
/// `statics` the static files of the site and theme, whose photos' sizes are read.
pub fn team_views<'a>(
    site: &'a Site,
    index: &LinkIndex<'_>,
    statics: &BTreeMap<String, StaticData>,
    team_path: Option<&str>,
    urls: &Urls,
) -> Vec<PersonView<'a>> {
    site.config
        .team
        .iter()
        .map(|m| {
            let anchor = m.anchor();
            PersonView {
                id: &m.id,
                name: &m.name,
                role: config::set(m.role.as_deref()),
                credentials: config::set(m.credentials.as_deref()),
                bio: config::set(m.bio.as_deref()),
                photo: photo(site, m, index, statics, urls),
                url: team_path.map(|path| format!("{}#{anchor}", urls.href(path))),
                anchor,
            }
        })
        .collect()
}

/// The photo of `member`, resolved like a link from the home page (the resolve stage has
/// checked it names an image file or an `http(s)` URL).
fn photo(
    site: &Site,
    member: &TeamMember,
    index: &LinkIndex<'_>,
    statics: &BTreeMap<String, StaticData>,
    urls: &Urls,
) -> Option<Photo> {
    let written = config::set(member.photo.as_deref())?;
    let src = index.href(&site.home().source, written).ok()?;
    let size = src.strip_prefix(urls.base_path.as_str()).and_then(|out| {
        if let Some(file) = index.asset_file(&src) {
            return imagesize::size(file).ok();
        }
        match statics.get(out.split(['?', '#']).next()?)? {
            StaticData::Disk(path) => imagesize::size(path).ok(),
            StaticData::Embedded(bytes) => imagesize::blob_size(bytes).ok(),
        }
    });
    Some(Photo {
        src,
        width: size.map(|s| s.width),
        height: size.map(|s| s.height),
    })
}

/// The person a byline (`author` or `reviewed_by`) names by id, if it names one of `members`
/// (the team whose views `team` are, in the same order).
pub fn named<'v, 'a>(
    members: &[TeamMember],
    team: &'v [PersonView<'a>],
    byline: Option<&str>,
) -> Option<&'v PersonView<'a>> {
    let member = config::team::named(members, byline?)?;
    team.iter().find(|p| p.id == member.id)
}
