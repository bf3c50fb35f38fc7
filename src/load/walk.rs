//! Walks `content/` and sorts what it finds into sections, pages and assets, in a stable order.

use crate::diagnostics::Diagnostic;
pub use crate::site_root::is_ignored;
use crate::site_root::{SiteFile, SiteRoot};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What a file under `content/` is, judged by its name and its neighbours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `_index.md`: the section of its directory.
    Section,
    /// `name.md`, or `name/index.md` (a page bundle that owns its directory's other files).
    Page,
    /// Any other file: copied to the output.
    Asset,
    /// A markdown file under `_snippets/`: included by pages, never published on its own.
    Snippet,
}

/// The directory of snippets under `content/`.
pub const SNIPPETS: &str = "_snippets/";

/// One file found under `content/`.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path under `content/`, `/`-separated.
    pub rel: String,
    pub path: PathBuf,
    pub kind: Kind,
}

/// Lists every file under `content/` (sorted, hidden and editor temporary files left out), each
/// read from where its symbolic links resolve; links out of the site, loops and unreadable
/// directories become diagnostics (see [`SiteRoot::files`]), not panics.
pub fn walk(site: &SiteRoot, display_root: &str) -> (Vec<Entry>, Vec<Diagnostic>) {
    let (files, mut errors) = site.files("content");
    let bundles: BTreeSet<String> = files
        .iter()
        .filter_map(|file| {
            file.rel
                .strip_suffix("index.md")
                .filter(|d| d.is_empty() || d.ends_with('/'))
        })
        .filter(|dir| !dir.is_empty())
        .map(str::to_string)
        .collect();
    let mut entries = Vec::new();
    for SiteFile { rel, path } in files {
        match classify(&rel, &bundles) {
            Ok(kind) => entries.push(Entry { rel, path, kind }),
            Err(message) => errors.push(
                Diagnostic::file_error(format!("{display_root}/{rel}"), message)
                    .with_help("a page bundle (a directory with index.md) holds one page and its assets; move other pages next to the directory"),
            ),
        }
    }
    (entries, errors)
}

fn classify(rel: &str, bundles: &BTreeSet<String>) -> Result<Kind, String> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let dir = &rel[..rel.len() - name.len()];
    let owner = owning_bundle(dir, bundles);
    let is_markdown = name.ends_with(".md");
    match owner {
        Some(bundle) if is_markdown && !(name == "index.md" && dir == bundle) => {
            Err(format!("markdown file inside the page bundle `{bundle}`"))
        }
        _ if is_markdown && rel.starts_with(SNIPPETS) => Ok(Kind::Snippet),
        _ if name == "_index.md" => Ok(Kind::Section),
        _ if is_markdown => Ok(Kind::Page),
        _ => Ok(Kind::Asset),
    }
}

/// The outermost page bundle whose directory holds `dir` (a `/`-terminated directory under
/// `content/`, or `""`), found by looking up each of its ancestors: comparing every file with
/// every bundle was quadratic on a site of page bundles.
fn owning_bundle<'b>(dir: &str, bundles: &'b BTreeSet<String>) -> Option<&'b String> {
    ancestor_dirs(dir).find_map(|ancestor| bundles.get(ancestor))
}

/// The directories above a content path (`a/b/c.jpg` or `a/b/`), outermost first, each with its
/// `/`: `a/`, `a/b/`.
pub fn ancestor_dirs(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(|(slash, _)| &rel[..=slash])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_sections_pages_bundles_and_assets() {
        let bundles: BTreeSet<String> = ["guides/foo/".to_string()].into();
        assert_eq!(classify("_index.md", &bundles), Ok(Kind::Section));
        assert_eq!(classify("guides/x.md", &bundles), Ok(Kind::Page));
        assert_eq!(classify("guides/foo/index.md", &bundles), Ok(Kind::Page));
        assert_eq!(classify("guides/foo/photo.jpg", &bundles), Ok(Kind::Asset));
        assert!(classify("guides/foo/other.md", &bundles).is_err());
        assert!(is_ignored(".DS_Store") && is_ignored("x.md~") && !is_ignored("x.md"));
    }

    #[test]
    fn a_file_belongs_to_the_outermost_bundle_above_it() {
        let bundles: BTreeSet<String> = ["a/b/".to_string(), "a/b/c/".to_string(), "ab/".to_string()].into();
        assert_eq!(owning_bundle("a/b/c/d/", &bundles).map(String::as_str), Some("a/b/"));
        assert_eq!(owning_bundle("a/b/", &bundles).map(String::as_str), Some("a/b/"));
        assert_eq!(owning_bundle("ab/x/", &bundles).map(String::as_str), Some("ab/"));
        assert_eq!(owning_bundle("a/", &bundles), None);
        assert_eq!(owning_bundle("", &bundles), None);
        assert!(classify("a/b/c/index.md", &bundles).is_err());
        assert_eq!(classify("a/b/c/photo.jpg", &bundles), Ok(Kind::Asset));
    }
}
