//! The loaded site: plain data that later stages read but never grow (a `Page` has no `html`).

use super::front_matter::{Meta, SectionMeta};
use super::markdown::Analysis;
use super::placeholders::Placeholder;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::yaml::YamlSource;
use std::path::PathBuf;

/// Index of a page in [`Site::pages`].
pub type PageId = usize;
/// Index of a section in [`Site::sections`].
pub type SectionId = usize;
/// The home section's id: loading places `content/_index.md` (or a default home) first.
pub const HOME: SectionId = 0;

/// A content file as read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path under `content/` with `/` separators: `guides/foo/index.md`. Links use this.
    pub rel: String,
    /// Path as shown in messages: `content/guides/foo/index.md`.
    pub display: String,
    pub path: PathBuf,
    /// The file up to where its markdown body starts (`body_offset`): the front matter block.
    /// The body lives on as HTML in the page's analysis.
    pub front_matter: String,
    /// The whole file, when the site was loaded for `knead serve`, which compares it after a
    /// reload to tell the pages that did not change (see [`super::content::load_reusing`]).
    pub whole: Option<String>,
    /// Where the markdown body starts in the file.
    pub body_offset: usize,
    /// Text left to replace before the page is published (see [`super::placeholders`]).
    pub placeholders: Vec<Placeholder>,
}

impl Source {
    /// The front matter's YAML, placed in the file, to find the line of a key.
    pub fn yaml(&self) -> YamlSource<'_> {
        YamlSource {
            file: &self.display,
            text: self.front_matter.split_once('\n').map_or("", |(_, rest)| rest),
            line_offset: 1,
        }
    }
}

/// One published page.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: Source,
    pub meta: Meta,
    pub analysis: Analysis,
    /// Path under the site root, without the base path: `services/deep-tissue-massage/`.
    pub url: String,
    pub section: SectionId,
    /// Lowercased title, computed once: sorting compares titles many times per page.
    pub sort_title: String,
}

/// A section (`_index.md`): a listing page that owns the pages in its directory.
#[derive(Debug, Clone)]
pub struct Section {
    pub source: Source,
    pub meta: Meta,
    pub settings: SectionMeta,
    pub analysis: Analysis,
    /// `""` for the home section, `guides/` for `content/guides/_index.md`.
    pub url: String,
    pub parent: Option<SectionId>,
    /// Direct pages, in the section's order.
    pub pages: Vec<PageId>,
    pub subsections: Vec<SectionId>,
}

/// A file under `content/` that is not markdown: copied to the output beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path under `content/`: `guides/foo/photo.jpg`.
    pub rel: String,
    /// Path of the copy under the output directory.
    pub out: String,
    pub path: PathBuf,
}

/// One tag and the pages carrying it, newest first.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub pages: Vec<PageId>,
}

/// A content file left out of this build, remembered so links to it get a helpful error.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub rel: String,
    pub reason: &'static str,
    /// What to tell the user about it on every build: a page dated in the future may be a
    /// typo, and vanishes without a word otherwise. `None` for drafts, which are left out on
    /// purpose.
    pub notice: Option<Diagnostic>,
}

/// Everything `load` read: configuration, sections, pages, assets and the tag taxonomy.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    pub tags: Vec<Term>,
    pub skipped: Vec<Skipped>,
    /// The term slug of every tag as written on some page (see [`Site::tag_slug`]).
    pub tag_slugs: std::collections::HashMap<String, String>,
    /// Markdown included by pages (`{{ include(snippet="first-visit") }}`), by name: its path
    /// under `content/_snippets/` without `.md`.
    pub snippets: std::collections::BTreeMap<String, Snippet>,
}

/// A markdown file under `content/_snippets/`, included where pages ask for it. Its links are
/// resolved from its own place and checked once, wherever it is included.
#[derive(Debug, Clone)]
pub struct Snippet {
    pub source: Source,
    pub analysis: Analysis,
    /// The file's text, for telling whether it changed.
    pub text: String,
}

impl Site {
    /// The home section (`content/_index.md`, or a default one built from `site.yaml`).
    pub fn home(&self) -> &Section {
        &self.sections[HOME]
    }

    /// The term slug of `tag` as written on a page: known from loading for every tag a page
    /// has. A site has a few dozen tags on thousands of pages, and slugging each page's tags
    /// again wherever they were needed was a noticeable part of a build.
    pub fn tag_slug(&self, tag: &str) -> std::borrow::Cow<'_, str> {
        match self.tag_slugs.get(tag) {
            Some(slug) => std::borrow::Cow::Borrowed(slug),
            None => std::borrow::Cow::Owned(super::slug::term_slug(tag)),
        }
    }

    /// URL path of the tag listing page for `term`.
    pub fn term_url(term: &Term) -> String {
        format!("tags/{}/", term.slug)
    }
}
