//! `knead new guides/foam-rolling`: a new draft page at `content/guides/foam-rolling.md`, its
//! front matter filled in from the archetype of its section.
//!
//! Archetypes are looked up from the most specific to the most general, the site before its
//! theme, so a site can override one section's archetype without copying the theme:
//! `archetypes/<section>.md`, `themes/<theme>/archetypes/<section>.md`, `archetypes/default.md`,
//! `themes/<theme>/archetypes/default.md`, then a default built into knead.

use super::{NewFiles, fill, write_error};
use crate::config::{self, BuildOptions};
use crate::diagnostics::Diagnostic;
use crate::load::front_matter;
use crate::site_root::display_under;
use crate::yaml::YamlSource;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The archetype used when neither the site nor its theme has one: the bundled theme's default.
const BUILT_IN_DEFAULT: &str = include_str!("../../themes/clinic/archetypes/default.md");

/// What `knead new` was asked to create.
#[derive(Debug, Clone)]
pub struct NewPage {
    /// Site root: the directory with `site.yaml`.
    pub root: PathBuf,
    /// The page as typed: `guides/foam-rolling` or `about`. A trailing `.md` and a leading
    /// `content/` are accepted, since tab completion in a shell produces them.
    pub path: String,
    /// The day written for `{{date}}`; a field so tests do not depend on the clock.
    pub today: NaiveDate,
}

impl NewPage {
    /// A request dated today (local time, the day the clinic owner sees on their calendar).
    pub fn new(root: impl Into<PathBuf>, path: impl Into<String>) -> Self {
        NewPage {
            root: root.into(),
            path: path.into(),
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// What `knead new` created.
#[derive(Debug, Clone)]
pub struct Created {
    /// The new file as the user should see it: `content/guides/foam-rolling.md`.
    pub file: String,
    /// The new file's full path, for callers that open it (an editor, a test).
    pub path: PathBuf,
    /// The archetype the page was made from, as shown to the user.
    pub archetype: String,
    /// Things worth knowing about the new page (it is a draft, its section has no `_index.md`).
    pub notes: Vec<String>,
}

/// Creates the page, or explains why not. Never overwrites a file and never writes outside
/// `content/`.
pub fn create(request: &NewPage) -> Result<Created, Diagnostic> {
    let segments = parse_path(&request.path)?;
    let options = BuildOptions::new(&request.root);
    let config = config::load(&options)?;
    let rel = format!("content/{}.md", segments.join("/"));
    check_free(&request.root, &segments)?;
    let section = (segments.len() > 1).then(|| segments[0]);
    let archetype = find_archetype(&request.root, &config.theme, section)?;
    let slug = segments.last().copied().unwrap_or_default();
    let title = title_from_slug(slug);
    let date = request.today.format("%Y-%m-%d").to_string();
    let text = fill(&archetype.text, &[("title", &title), ("date", &date), ("slug", slug)]);
    let meta = validate(&text, &archetype.shown)?;
    let shown = display_under(&request.root, &rel);
    let path = request.root.join(&rel);
    let mut created = NewFiles::new();
    if let Err(error) = created.write(&path, &text) {
        created.undo();
        return Err(if error.kind() == std::io::ErrorKind::AlreadyExists {
            already_exists(&shown)
        } else {
            write_error(&shown, &error)
        });
    }
    Ok(Created {
        file: shown,
        path,
        archetype: archetype.shown,
        notes: notes(&request.root, &segments, meta.draft),
    })
}

/// `foam-rolling` -> `Foam Rolling`, `10-tips` -> `10 Tips`.
pub fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits and checks the page path: only slug segments, so the file lands under `content/`
/// and its URL needs no escaping.
fn parse_path(input: &str) -> Result<Vec<&str>, Diagnostic> {
    let refuse =
        |why: &str| Diagnostic::usage_error(format!("cannot create page `{input}`: {why}")).with_help(path_help(input));
    if input.trim().is_empty() {
        return Err(refuse("the page path is empty"));
    }
    if input.contains('\\') {
        return Err(refuse("backslashes are not allowed; separate sections with `/`"));
    }
    if input.starts_with('/') || Path::new(input).is_absolute() {
        return Err(refuse(
            "absolute paths are not allowed; the path is relative to content/",
        ));
    }
    let trimmed = input.strip_prefix("content/").unwrap_or(input);
    let trimmed = trimmed.strip_suffix(".md").unwrap_or(trimmed);
    let segments: Vec<&str> = trimmed.split('/').collect();
    for segment in &segments {
        match *segment {
            "" => return Err(refuse("the path has an empty part (`//` or a trailing `/`)")),
            "." | ".." => return Err(refuse("`.` and `..` are not allowed; the page must stay in content/")),
            "index" => {
                return Err(refuse(
                    "`index` is reserved for page bundles; name the page after its topic",
                ));
            }
            s if !is_slug(s) => return Err(refuse(&format!("`{s}` is not a slug"))),
            _ => {}
        }
    }
    Ok(segments)
}

/// Lowercase ASCII letters, digits and inner hyphens: safe in file names and URLs everywhere.
fn is_slug(segment: &str) -> bool {
    !segment.starts_with('-')
        && !segment.ends_with('-')
        && segment
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn path_help(input: &str) -> String {
    let base = "use lowercase letters, digits and hyphens, with `/` between sections";
    let suggestion = input
        .split(['/', '\\'])
        .map(slug::slugify)
        .filter(|s| !s.is_empty() && s != "index")
        .collect::<Vec<_>>()
        .join("/");
    if suggestion.is_empty() || suggestion == input {
        format!("{base}, e.g. `knead new guides/foam-rolling`")
    } else {
        format!("{base}, e.g. `knead new {suggestion}`")
    }
}

/// Refuses a page whose URL is already taken by a file (`x.md`, `x/index.md`, a section
/// `x/_index.md`), or whose directory is another page's bundle.
fn check_free(root: &Path, segments: &[&str]) -> Result<(), Diagnostic> {
    let content = root.join("content");
    for depth in 1..segments.len() {
        let bundle = format!("{}/index.md", segments[..depth].join("/"));
        if content.join(&bundle).is_file() {
            return Err(Diagnostic::usage_error(format!(
                "cannot create a page inside content/{bundle}'s directory: it is a page bundle"
            ))
            .with_help("a page bundle holds one page and its images; create the new page next to the bundle instead"));
        }
    }
    let stem = segments.join("/");
    let url = format!("/{stem}/");
    if content.join(format!("{stem}.md")).exists() {
        return Err(already_exists(&display_under(root, &format!("content/{stem}.md"))));
    }
    for (name, what) in [("index.md", "page"), ("_index.md", "section")] {
        let rel = format!("content/{stem}/{name}");
        if root.join(&rel).exists() {
            return Err(Diagnostic::usage_error(format!(
                "cannot create content/{stem}.md: the {what} {} already has the URL {url}",
                display_under(root, &rel)
            ))
            .with_help("edit that file, or choose another name for the new page"));
        }
    }
    Ok(())
}

fn already_exists(shown: &str) -> Diagnostic {
    Diagnostic::usage_error(format!("{shown} already exists"))
        .with_help("knead new never overwrites a file: edit it, or choose another name for the new page")
}

/// An archetype's text and where it came from, as shown to the user.
struct Archetype {
    text: String,
    shown: String,
}

/// The first archetype found in the lookup order described at the top of this module.
fn find_archetype(root: &Path, theme: &str, section: Option<&str>) -> Result<Archetype, Diagnostic> {
    let names = section
        .map(|s| format!("{s}.md"))
        .into_iter()
        .chain(["default.md".to_string()]);
    for name in names {
        let site_rel = format!("archetypes/{name}");
        if let Some(found) = read_archetype(root, &site_rel)? {
            return Ok(found);
        }
        let theme_dir = format!("themes/{theme}");
        if root.join(&theme_dir).is_dir() {
            if let Some(found) = read_archetype(root, &format!("{theme_dir}/{site_rel}"))? {
                return Ok(found);
            }
        } else if theme == "clinic"
            && let Some(bytes) = crate::load::theme::bundled_file(&site_rel)
        {
            return Ok(Archetype {
                text: String::from_utf8_lossy(bytes).into_owned(),
                shown: format!("(bundled theme clinic)/{site_rel}"),
            });
        }
    }
    Ok(Archetype {
        text: BUILT_IN_DEFAULT.to_string(),
        shown: "(built-in default archetype)".into(),
    })
}

fn read_archetype(root: &Path, rel: &str) -> Result<Option<Archetype>, Diagnostic> {
    let path = crate::site_root::site_file(root, rel)?;
    if !path.is_file() {
        return Ok(None);
    }
    let shown = display_under(root, rel);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(Archetype { text, shown })),
        Err(e) => Err(Diagnostic::file_error(shown, format!("cannot read archetype: {e}"))
            .with_help("archetypes are UTF-8 markdown files with front matter")),
    }
}

/// Checks the filled-in archetype as the build will, so a bad archetype is reported against the
/// archetype (same line numbers: placeholders never span lines) and no broken page is written.
fn validate(text: &str, archetype: &str) -> Result<front_matter::Meta, Diagnostic> {
    let split = front_matter::split(text)
        .map_err(|(line, message)| Diagnostic::error(archetype, line, 1, format!("archetype: {message}")))?;
    let source = YamlSource {
        file: archetype,
        text: split.yaml,
        line_offset: split.yaml_line_offset,
    };
    front_matter::parse_page(source).map_err(|mut d| {
        d.message = format!("archetype makes invalid front matter: {}", d.message);
        d
    })
}

fn notes(root: &Path, segments: &[&str], draft: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some((_, dirs)) = segments.split_last().filter(|(_, dirs)| !dirs.is_empty()) {
        let index = format!("content/{}/_index.md", dirs.join("/"));
        if !root.join(&index).is_file() {
            notes.push(format!(
                "{} does not exist, so /{}/ has no page of its own yet; create it with a `title:` to list the section's pages there",
                display_under(root, &index),
                dirs.join("/")
            ));
        }
    }
    if draft {
        notes
            .push("the page is a draft: `knead build --drafts` includes it; delete `draft: true` to publish it".into());
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_slugs() {
        assert_eq!(title_from_slug("foam-rolling"), "Foam Rolling");
        assert_eq!(title_from_slug("10-tips-for-desk-workers"), "10 Tips For Desk Workers");
        assert_eq!(title_from_slug("about"), "About");
    }

    #[test]
    fn paths_are_slugs_under_content() {
        assert_eq!(parse_path("guides/foam-rolling").unwrap(), ["guides", "foam-rolling"]);
        assert_eq!(parse_path("content/about.md").unwrap(), ["about"]);
        for bad in [
            "../x",
            "/abs",
            "guides\\x",
            "a//b",
            "guides/",
            "Guides/Foam Rolling",
            "guides/_index",
            "guides/index",
            "-x",
            "",
        ] {
            let err = parse_path(bad).unwrap_err();
            assert!(
                err.help
                    .as_deref()
                    .unwrap()
                    .starts_with("use lowercase letters, digits and hyphens"),
                "{bad}: {err}"
            );
        }
        let err = parse_path("Guides/Foam Rolling").unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: cannot create page `Guides/Foam Rolling`: `Guides` is not a slug\n  help: use lowercase \
             letters, digits and hyphens, with `/` between sections, e.g. `knead new guides/foam-rolling`"
        );
    }

    #[test]
    fn every_bundled_archetype_makes_valid_front_matter() {
        for name in ["default.md", "guides.md", "services.md"] {
            let bytes = crate::load::theme::bundled_file(&format!("archetypes/{name}")).unwrap();
            let text = fill(
                std::str::from_utf8(bytes).unwrap(),
                &[
                    ("title", "Foam Rolling"),
                    ("date", "2026-06-01"),
                    ("slug", "foam-rolling"),
                ],
            );
            let meta = validate(&text, name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(meta.draft, "{name}");
            assert_eq!(meta.title, "Foam Rolling");
            let description = meta.description.unwrap();
            assert!(
                (50..=160).contains(&description.chars().count()),
                "{name}: {description}"
            );
            assert!(!text.contains("{{"), "{name} has an unknown placeholder");
        }
    }
}
