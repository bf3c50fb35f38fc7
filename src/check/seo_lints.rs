//! SEO lints over the final HTML: titles and descriptions present, unique and of a useful
//! length, one `<h1>`, alt text on images. Redirect stubs, `noindex` pages and 404 are skipped,
//! as search engines skip them. Each lint names the front matter line of the page's source
//! that sets what it is about (`title:`, `description:`), or where the front matter starts
//! when that key is missing or the problem has no key.

use super::html_scan::PageFacts;
use crate::diagnostics::{Diagnostic, count};
use crate::load::{Site, Source};
use crate::plan::Job;
use crate::render::run::Pages;
// Fast non-cryptographic hashing: the keys are the site's own paths, titles and descriptions.
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub const DESCRIPTION_MIN: usize = 50;
pub const DESCRIPTION_MAX: usize = 160;

/// The lints of a build, kept apart by page so that `knead serve` can re-lint one page: the
/// problems of each page alone, and titles or descriptions shared between pages.
#[derive(Debug, Default, Clone)]
pub struct Lints {
    pub per_page: BTreeMap<String, Vec<Diagnostic>>,
    pub duplicates: Vec<Diagnostic>,
}

/// The sources of the site's rendered sections and pages, by the path messages show
/// (`Source::display`), to find the line of a front matter key and name the template a page is
/// rendered with; and the `src` of every `<img>` tag written without `alt` in the site's
/// markdown, to tell them from those of the templates. Indexed on the first look-up: most
/// builds have no lint to place.
pub struct Sources<'a>(LazyLock<SourceMap<'a>, Box<dyn FnOnce() -> SourceMap<'a> + Send + 'a>>);

#[derive(Default)]
struct SourceMap<'a> {
    rendered: FxHashMap<&'a str, Rendered<'a>>,
    markdown_images_without_alt: FxHashSet<&'a str>,
}

/// A section or page, and the template it is rendered with.
#[derive(Debug, Clone, Copy)]
struct Rendered<'a> {
    source: &'a Source,
    template: &'a str,
}

impl<'a> Sources<'a> {
    /// The sections of `site` and its pages in the version `pages` shows, as `jobs` render them.
    pub fn of(site: &'a Site, pages: Pages<'a>, jobs: impl Iterator<Item = &'a Job> + Send + 'a) -> Self {
        Sources(LazyLock::new(Box::new(move || {
            let rendered = jobs
                .filter_map(|job| match job {
                    Job::Page { page, template } => Some((&pages.get(*page).source, template)),
                    Job::Listing { section, template, .. } => Some((&site.sections[*section].source, template)),
                    _ => None,
                })
                .map(|(source, template)| (source.display.as_str(), Rendered { source, template }))
                .collect();
            let sections = site.sections.iter().map(|s| &s.analysis);
            let snippets = site.snippets.values().map(|s| &s.analysis);
            let analyses = sections
                .chain((0..site.pages.len()).map(|id| &pages.get(id).analysis))
                .chain(snippets);
            let markdown_images_without_alt = analyses
                .flat_map(|a| &a.html_images_without_alt)
                .map(|image| image.dest.as_str())
                .collect();
            SourceMap {
                rendered,
                markdown_images_without_alt,
            }
        })))
    }

    /// No sources: every lint is about a whole file.
    #[cfg(test)]
    fn none() -> Self {
        Sources(LazyLock::new(Box::new(SourceMap::default)))
    }

    fn get(&self, display: &str) -> Option<Rendered<'a>> {
        self.0.rendered.get(display).copied()
    }

    /// Whether some markdown of the site writes an `<img>` of this `src` without `alt`.
    fn is_markdown_image_without_alt(&self, src: &str) -> bool {
        self.0.markdown_images_without_alt.contains(src)
    }
}

/// An error about `owner`, at the line of its front matter `key` (or where its front matter
/// starts, for a missing key or `None`); about the whole file when it has no front matter (the
/// home page made from `site.yaml`) or is no source at all.
fn at_key(sources: &Sources<'_>, owner: &str, key: Option<&str>, message: String) -> Diagnostic {
    match sources
        .get(owner)
        .map(|r| r.source)
        .filter(|s| !s.front_matter.is_empty())
    {
        Some(source) => {
            let line = key.map_or(1, |key| crate::yaml::key_position(source.yaml(), key).0);
            Diagnostic::error(owner, line, 1, message)
        }
        None => Diagnostic::file_error(owner, message),
    }
}

impl Lints {
    /// Lints every indexable page; diagnostics are errors, callers downgrade them to warnings.
    pub fn new(facts: &BTreeMap<String, PageFacts>, owners: &BTreeMap<String, String>, sources: &Sources<'_>) -> Lints {
        let mut lints = Lints::default();
        // Hash maps: generated descriptions often share long prefixes, which ordered maps compare
        // again and again. The first holder of a title is still the first page in path order.
        let mut titles: FxHashMap<&str, &str> = FxHashMap::with_capacity_and_hasher(facts.len(), Default::default());
        let mut descriptions: FxHashMap<&str, &str> =
            FxHashMap::with_capacity_and_hasher(facts.len(), Default::default());
        for (page, f) in facts {
            if !is_indexed(page, f) {
                continue;
            }
            let owner = owners.get(page).map_or(page.as_str(), String::as_str);
            let alone = lint_page(page, f, owner, sources);
            if !alone.is_empty() {
                lints.per_page.insert(page.clone(), alone);
            }
            if let [t] = f.titles.as_slice()
                && let Some(first) = titles.insert(t, owner).filter(|_| !t.trim().is_empty())
            {
                lints.duplicates.push(
                    at_key(
                        sources,
                        owner,
                        Some("title"),
                        format!("title \"{t}\" is also the title of {first}"),
                    )
                    .with_help("titles must be unique: make this one more specific"),
                );
            }
            // Later pages of a paginated listing share their section's description.
            if let [d] = f.descriptions.as_slice()
                && let Some(first) = descriptions.insert(d, owner).filter(|first| *first != owner)
            {
                lints.duplicates.push(
                    at_key(
                        sources,
                        owner,
                        Some("description"),
                        format!("meta description is also the description of {first}"),
                    )
                    .with_help("descriptions must be unique per page"),
                );
            }
        }
        lints
    }

    /// Lints `page` again after it was rendered again with the same title and description.
    pub fn relint(&mut self, page: &str, f: &PageFacts, owner: &str, sources: &Sources<'_>) {
        let alone = if is_indexed(page, f) {
            lint_page(page, f, owner, sources)
        } else {
            Vec::new()
        };
        if alone.is_empty() {
            self.per_page.remove(page);
        } else {
            self.per_page.insert(page.to_string(), alone);
        }
    }

    pub fn all(&self) -> Vec<Diagnostic> {
        self.per_page
            .values()
            .flatten()
            .chain(&self.duplicates)
            .cloned()
            .collect()
    }
}

/// Redirect stubs, `noindex` pages and 404 are not linted: search engines skip them.
fn is_indexed(page: &str, f: &PageFacts) -> bool {
    !(f.is_redirect || f.noindex || page == "404.html")
}

/// The problems of one page on its own.
fn lint_page(page: &str, f: &PageFacts, owner: &str, sources: &Sources<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut problem = |key: Option<&str>, message: String, help: &str| {
        out.push(at_key(sources, owner, key, message).with_help(help.to_string()));
    };
    let title = Some("title");
    match f.titles.as_slice() {
        [] => problem(title, format!("`{page}` has no <title>"), "give the page a `title:`"),
        [t] if t.trim().is_empty() => problem(
            title,
            format!("`{page}` has an empty <title>"),
            "give the page a `title:`",
        ),
        [_] => {}
        _ => problem(
            title,
            format!("`{page}` has {} <title> elements", f.titles.len()),
            "the theme must write one <title>",
        ),
    }
    let description = Some("description");
    match f.descriptions.as_slice() {
        [] => problem(
            description,
            format!("`{page}` has no meta description"),
            "add a `description:` to the front matter",
        ),
        [d] => {
            let n = d.chars().count();
            if n < DESCRIPTION_MIN {
                problem(
                    description,
                    format!(
                        "meta description is too short ({}, at least {DESCRIPTION_MIN})",
                        count(n, "character")
                    ),
                    "describe the page in one or two sentences in `description:`",
                );
            } else if n > DESCRIPTION_MAX {
                problem(
                    description,
                    format!("meta description is too long ({n} characters, at most {DESCRIPTION_MAX})"),
                    "search engines cut it; shorten `description:`",
                );
            }
        }
        _ => problem(
            description,
            format!("`{page}` has {} meta descriptions", f.descriptions.len()),
            "the theme must write one",
        ),
    }
    if f.h1_count != 1 {
        problem(
            None,
            format!("`{page}` has {} <h1> elements (want exactly one)", f.h1_count),
            "use `##` and deeper for headings in content; the theme writes the title as <h1>",
        );
    }
    // The `<img>` tags markdown writes without alt text (a page's, or a snippet or summary it
    // shows) are errors at their line (see [`lint_markdown_images`]); the others come from the
    // theme.
    let from_theme = f
        .images_without_alt
        .iter()
        .filter(|img| !sources.is_markdown_image_without_alt(&img.url));
    for img in from_theme {
        let made_with = sources.get(owner).map_or_else(
            || "the theme's templates".to_string(),
            |r| format!("the theme's template `{}`", r.template),
        );
        problem(
            None,
            format!(
                "image `{}` has no alt text (line {}:{} of `{page}`, made with {made_with})",
                img.url, img.line, img.col
            ),
            "give the <img> an alt attribute where the template writes it: alt=\"what the image shows\", \
             or alt=\"\" when it is only decoration",
        );
    }
    out
}

/// Markdown images with an empty alt text, `<img>` tags written in the markdown with no `alt`
/// attribute, and images in a format browsers do not show (HEIC, TIFF, camera raw), reported at
/// the line and column where they are written.
pub fn lint_markdown_images<'a>(
    docs: impl Iterator<Item = (&'a crate::load::Source, &'a crate::load::markdown::Analysis)>,
) -> Vec<Diagnostic> {
    docs.flat_map(|(source, analysis)| {
        let without_alt = analysis.images_without_alt.iter().map(|image| {
            Diagnostic::error(
                &source.display,
                image.line,
                image.col,
                format!("image `{}` has no alt text", image.dest),
            )
            .with_help("write what the image shows: `![a therapist working on a shoulder](photo.jpg)`")
        });
        let html_without_alt = analysis.html_images_without_alt.iter().map(|image| {
            let image_named = match image.dest.as_str() {
                "" => "<img>".to_string(),
                src => format!("<img> `{src}`"),
            };
            Diagnostic::error(
                &source.display,
                image.line,
                image.col,
                format!("{image_named} has no alt text"),
            )
            .with_help("add alt=\"what the photo shows\", or alt=\"\" when it is only decoration")
        });
        let unsupported = analysis.links.iter().filter(|l| l.is_image).filter_map(|image| {
            let path = image.dest.split(['?', '#']).next().unwrap_or(&image.dest);
            let ext = crate::images::probe::unsupported_extension(path)?;
            Some(
                Diagnostic::error(
                    &source.display,
                    image.line,
                    image.col,
                    format!(
                        "image `{}`: browsers cannot show {} images",
                        image.dest,
                        ext.to_uppercase()
                    ),
                )
                .with_help("save the photo as JPEG (or PNG, WebP) and link that file; knead makes the smaller copies"),
            )
        });
        without_alt
            .chain(html_without_alt)
            .chain(unsupported)
            .collect::<Vec<_>>()
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, description: &str, h1: usize) -> PageFacts {
        PageFacts {
            titles: vec![title.into()],
            descriptions: vec![description.into()],
            h1_count: h1,
            ..PageFacts::default()
        }
    }

    #[test]
    fn flags_duplicates_lengths_and_headings() {
        let good = "A description that is long enough to be useful for search engines.";
        let facts: BTreeMap<String, PageFacts> = [
            ("a/index.html".to_string(), page("A", good, 1)),
            ("b/index.html".to_string(), page("A", "short", 2)),
            ("404.html".to_string(), page("", "", 0)),
        ]
        .into();
        let owners: BTreeMap<String, String> = [
            ("a/index.html".to_string(), "content/a.md".to_string()),
            ("b/index.html".to_string(), "content/b.md".to_string()),
        ]
        .into();
        let mut found: Vec<String> = Lints::new(&facts, &owners, &Sources::none())
            .all()
            .iter()
            .map(|d| d.to_string().lines().next().unwrap().to_string())
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                "content/b.md: error: `b/index.html` has 2 <h1> elements (want exactly one)",
                "content/b.md: error: meta description is too short (5 characters, at least 50)",
                "content/b.md: error: title \"A\" is also the title of content/a.md",
            ]
        );
    }
}
