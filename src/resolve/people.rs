//! People named in front matter: an `author` or `reviewed_by` written as an id (`dana-smith`)
//! must name a person of `team:` in `site.yaml`; one written as a name (`Dana Smith, LMT`) is
//! shown as written.

use crate::config::team;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::load::Site;

/// An error for every `author` or `reviewed_by` id that names nobody of the team.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let members = &site.config.team;
    let mut found = Vec::new();
    for page in &site.pages {
        for (key, value) in [("author", &page.meta.author), ("reviewed_by", &page.meta.reviewed_by)] {
            let Some(id) = value.as_deref().map(str::trim) else {
                continue;
            };
            if !team::looks_like_id(id) || team::find(members, id).is_some() {
                continue;
            }
            let (line, col) = crate::yaml::key_position(page.source.yaml(), key);
            let hint = did_you_mean(id, members.iter().map(|m| m.id.as_str()))
                .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
            let known = if members.is_empty() {
                "site.yaml has no `team:` yet".to_string()
            } else {
                let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
                format!("the team's ids are {}", ids.join(", "))
            };
            found.push(
                Diagnostic::error(
                    &page.source.display,
                    line,
                    col,
                    format!("{key} `{id}`: no one of the team has this id{hint}"),
                )
                .with_help(format!(
                    "an id names a person under `team:` in site.yaml ({known}); write a name with a capital letter or a space, such as \"Dana Smith, LMT\", to show it as written"
                )),
            );
        }
    }
    found
}
