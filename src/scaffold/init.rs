//! `knead init DIR`: a small site that builds and passes `knead check` as created, so a clinic
//! owner starts from something that works and changes it one step at a time.
//!
//! The site uses the theme bundled in the binary (no `themes/` copy to keep up to date), and
//! every fact knead cannot know (phone, address, domain) is left empty and marked PLACEHOLDER.
//! Unless asked not to, it comes with a GitHub Pages workflow that runs the release binary of the
//! same knead version, so a site in its own repository deploys without compiling knead.

use super::{NewFiles, fill, write_error};
use crate::diagnostics::Diagnostic;
use crate::site_root::display_under;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::path::{Path, PathBuf};

/// The starter site's files: path under the site root, text with `{{name}}`/`{{query}}`.
const FILES: [(&str, &str); 6] = [
    ("site.yaml", include_str!("init/site.yaml")),
    (".gitignore", "/public/\n/.knead-cache/\n"),
    ("content/_index.md", include_str!("init/content/_index.md")),
    (
        "content/services/_index.md",
        include_str!("init/content/services/_index.md"),
    ),
    (
        "content/services/massage.md",
        include_str!("init/content/services/massage.md"),
    ),
    ("content/contact.md", include_str!("init/content/contact.md")),
];

/// The GitHub Pages workflow, with `{{version}}` and `{{releases}}`; `knead init --no-ci` leaves it
/// out.
const WORKFLOW: (&str, &str) = (".github/workflows/deploy.yml", include_str!("init/deploy.yml"));

/// Where release archives are published: the releases of the repository named in Cargo.toml.
pub const RELEASES: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/releases");

/// Characters kept as they are in a URL query; the rest are percent-encoded.
const QUERY_KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What `knead init` was asked to create.
#[derive(Debug, Clone)]
pub struct InitSite {
    /// The new site's root; must not exist yet, or be empty.
    pub dir: PathBuf,
    /// The clinic's name: site title, home page title, and the reviews and maps searches.
    pub name: String,
    /// Also write `.github/workflows/deploy.yml`, which checks, builds and deploys the site to
    /// GitHub Pages with the release binary of this version of knead.
    pub github_workflow: bool,
}

/// What `knead init` created.
#[derive(Debug, Clone)]
pub struct Initialized {
    /// The files created, as the user should see them (`my-clinic/site.yaml`).
    pub files: Vec<String>,
}

/// Creates the starter site, or explains why not. Refuses a directory with anything in it (a
/// lone `.git` aside, so `git init` may come first); on failure removes what it had created.
pub fn init(request: &InitSite) -> Result<Initialized, Diagnostic> {
    let name = request.name.trim();
    check_name(name)?;
    check_dir(&request.dir)?;
    // A JSON string is a valid YAML double-quoted scalar: any name is safe in site.yaml.
    let quoted = serde_json::to_string(name).unwrap_or_else(|_| "\"My Clinic\"".into());
    let query = utf8_percent_encode(name, QUERY_KEEP).to_string().replace("%20", "+");
    let mut created = NewFiles::new();
    let mut files = Vec::new();
    let workflow = request.github_workflow.then_some(WORKFLOW);
    let values = [
        ("name", quoted.as_str()),
        ("query", &query),
        ("version", env!("CARGO_PKG_VERSION")),
        ("releases", RELEASES),
    ];
    for (rel, template) in FILES.into_iter().chain(workflow) {
        let shown = display_under(&request.dir, rel);
        let text = fill(template, &values);
        if let Err(error) = created.write(&request.dir.join(rel), &text) {
            created.undo();
            return Err(write_error(&shown, &error));
        }
        files.push(shown);
    }
    Ok(Initialized { files })
}

fn check_name(name: &str) -> Result<(), Diagnostic> {
    let problem = if name.is_empty() {
        "the clinic name is empty"
    } else if name.chars().any(char::is_control) {
        "the clinic name may not contain line breaks or control characters"
    } else {
        return Ok(());
    };
    Err(Diagnostic::usage_error(problem).with_help("pass the name in quotes: --name \"My Clinic\""))
}

fn check_dir(dir: &Path) -> Result<(), Diagnostic> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(
            Diagnostic::usage_error(format!("{shown} exists and is not a directory"))
                .with_help("choose a new directory for the site, e.g. `knead init my-clinic`"),
        );
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(()); // Missing: created with the first file.
    };
    let has_content = entries.filter_map(Result::ok).any(|entry| entry.file_name() != ".git");
    if has_content {
        return Err(Diagnostic::usage_error(format!("{shown} is not empty"))
            .with_help("knead init never overwrites files: choose a new directory, e.g. `knead init my-clinic`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_quoted_for_yaml_and_encoded_for_urls() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let request = InitSite {
            dir: site.clone(),
            name: "Anna's \"Body\" & Co: Ölmühle".into(),
            github_workflow: false,
        };
        init(&request).unwrap();
        let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
        assert!(
            yaml.contains("title: \"Anna's \\\"Body\\\" & Co: Ölmühle\"\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("query=Anna%27s+%22Body%22+%26+Co%3A+%C3%96lm%C3%BChle\""),
            "{yaml}"
        );
        let config = crate::config::load(&crate::config::BuildOptions::new(&site)).unwrap();
        assert_eq!(config.title, "Anna's \"Body\" & Co: Ölmühle");
    }

    #[test]
    fn bad_names_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        for name in ["  ", "a\nb"] {
            let request = InitSite {
                dir: site.clone(),
                name: name.into(),
                github_workflow: true,
            };
            assert!(init(&request).is_err(), "{name:?}");
        }
        assert!(!site.exists());
    }
}
