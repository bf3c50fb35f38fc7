//! People named in front matter: an `author` or `reviewed_by` written as an id (`dana-smith`)
//! must name a person of `team:` in `site.yaml`; one written as a name (`Dana Smith, LMT`) is
//! shown as written. And each person's `photo` must name an image, like a page's `image:`.

use super::links::LinkIndex;
use crate::config::{self, team};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::load::Site;
use crate::yaml::Step;

/// An error for every team `photo` that is neither an `http(s)` URL nor a file of the site
/// (resolved like a link of the home page: `/images/dana.jpg` is `static/images/dana.jpg`).
pub fn check_photos(site: &Site, index: &LinkIndex<'_>) -> Vec<Diagnostic> {
    let config = &site.config;
    let home = &site.home().source;
    config
        .team
        .iter()
        .enumerate()
        .filter_map(|(i, member)| {
            let photo = config::set(member.photo.as_deref())?;
            let lower = photo.to_ascii_lowercase();
            let web = lower.starts_with("https://") || lower.starts_with("http://");
            let (message, help) = if !web && crate::url_path::is_external(photo) {
                (
                    format!("team photo `{photo}`: only http(s) URLs and files of the site can be photos"),
                    Some(
                        "write https://… for a photo elsewhere, or a path such as /images/dana.jpg (in static/)".into(),
                    ),
                )
            } else {
                match index.resolve(home, photo) {
                    Ok((_, None)) => return None,
                    Ok((_, Some(_))) => (
                        format!("team photo `{photo}`: that is a page, not an image file"),
                        Some("name an image file, such as /images/dana.jpg (in static/)".into()),
                    ),
                    Err(err) => (err.message.replacen("link to ", "team photo ", 1), err.help),
                }
            };
            let (line, col) = config.position(&[Step::Key("team"), Step::Item(i), Step::Key("photo")]);
            let error = Diagnostic::error(&config.file.display, line, col, message);
            Some(match help {
                Some(help) => error.with_help(help),
                None => error,
            })
        })
        .collect()
}

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
