//! The clinic's people (`team:` in `site.yaml`): shown by the theme on the team page and named
//! by id in a page's `author` or `reviewed_by`.

use serde::{Deserialize, Serialize};

/// One person of the team. Only `id` and `name` are required; the theme and the structured data
/// leave out what is unset.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    /// Lowercase letters, digits and hyphens (`dana-smith`): what `author: dana-smith` names, and
    /// the person's anchor on the team page (`#team-dana-smith`).
    pub id: String,
    pub name: String,
    /// `Licensed massage therapist`
    pub role: Option<String>,
    /// `LMT, CMT`
    pub credentials: Option<String>,
    /// A few sentences about the person.
    pub bio: Option<String>,
    /// A photo of the person: an `http(s)` URL or a file of the site (`/images/dana.jpg` in
    /// `static/`), checked like a page's `image:`; shown on the team page and in structured data.
    pub photo: Option<String>,
}

impl TeamMember {
    /// The id of the person's element on the team page: `team-<id>`.
    pub fn anchor(&self) -> String {
        format!("team-{}", self.id)
    }
}

/// Whether `value` is written as an id (`dana-smith`) rather than as a name (`Dana Smith, LMT`):
/// lowercase letters, digits and hyphens, starting with a letter.
pub fn looks_like_id(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_lowercase())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The member with `id`.
pub fn find<'t>(team: &'t [TeamMember], id: &str) -> Option<&'t TeamMember> {
    team.iter().find(|m| m.id == id)
}

/// The member a byline (`author` or `reviewed_by`) names, when it is written as an id of the
/// team rather than as a name.
pub fn named<'t>(team: &'t [TeamMember], byline: &str) -> Option<&'t TeamMember> {
    let id = byline.trim();
    looks_like_id(id).then(|| find(team, id)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_told_from_names() {
        assert!(looks_like_id("dana-smith"));
        assert!(looks_like_id("dana2"));
        assert!(!looks_like_id("Dana Smith, LMT"));
        assert!(!looks_like_id("410 Muscle Therapy team"));
        assert!(!looks_like_id("-dana"));
    }
}
