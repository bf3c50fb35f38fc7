//! SEO lints over the final HTML: titles and descriptions present, unique and of a useful
//! length, one `<h1>`, alt text on images. Redirect stubs, `noindex` pages and 404 are skipped,
//! as search engines skip them.

use super::html_scan::PageFacts;
use crate::diagnostics::Diagnostic;
use std::collections::{BTreeMap, HashMap};

pub const DESCRIPTION_MIN: usize = 50;
pub const DESCRIPTION_MAX: usize = 160;

/// The lints of a build, kept apart by page so that `knead serve` can re-lint one page: the
/// problems of each page alone, and titles or descriptions shared between pages.
#[derive(Debug, Default, Clone)]
pub struct Lints {
    pub per_page: BTreeMap<String, Vec<Diagnostic>>,
    pub duplicates: Vec<Diagnostic>,
}

impl Lints {
    /// Lints every indexable page; diagnostics are errors, callers downgrade them to warnings.
    pub fn new(facts: &BTreeMap<String, PageFacts>, owners: &BTreeMap<String, String>) -> Lints {
        let mut lints = Lints::default();
        // Hash maps: generated descriptions often share long prefixes, which ordered maps compare
        // again and again. The first holder of a title is still the first page in path order.
        let mut titles: HashMap<&str, &str> = HashMap::with_capacity(facts.len());
        let mut descriptions: HashMap<&str, &str> = HashMap::with_capacity(facts.len());
        for (page, f) in facts {
            if !is_indexed(page, f) {
                continue;
            }
            let owner = owners.get(page).map_or(page.as_str(), String::as_str);
            let alone = lint_page(page, f, owner);
            if !alone.is_empty() {
                lints.per_page.insert(page.clone(), alone);
            }
            if let [t] = f.titles.as_slice()
                && let Some(first) = titles.insert(t, owner).filter(|_| !t.trim().is_empty())
            {
                lints.duplicates.push(
                    Diagnostic::file_error(owner, format!("title \"{t}\" is also the title of {first}"))
                        .with_help("titles must be unique: make this one more specific"),
                );
            }
            // Later pages of a paginated listing share their section's description.
            if let [d] = f.descriptions.as_slice()
                && let Some(first) = descriptions.insert(d, owner).filter(|first| *first != owner)
            {
                lints.duplicates.push(
                    Diagnostic::file_error(owner, format!("meta description is also the description of {first}"))
                        .with_help("descriptions must be unique per page"),
                );
            }
        }
        lints
    }

    /// Lints `page` again after it was rendered again with the same title and description.
    pub fn relint(&mut self, page: &str, f: &PageFacts, owner: &str) {
        let alone = if is_indexed(page, f) {
            lint_page(page, f, owner)
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
fn lint_page(page: &str, f: &PageFacts, owner: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut problem =
        |message: String, help: &str| out.push(Diagnostic::file_error(owner, message).with_help(help.to_string()));
    match f.titles.as_slice() {
        [] => problem(format!("`{page}` has no <title>"), "give the page a `title:`"),
        [t] if t.trim().is_empty() => problem(format!("`{page}` has an empty <title>"), "give the page a `title:`"),
        [_] => {}
        _ => problem(
            format!("`{page}` has {} <title> elements", f.titles.len()),
            "the theme must write one <title>",
        ),
    }
    match f.descriptions.as_slice() {
        [] => problem(
            format!("`{page}` has no meta description"),
            "add a `description:` to the front matter",
        ),
        [d] => {
            let n = d.chars().count();
            if n < DESCRIPTION_MIN {
                problem(
                    format!("meta description is too short ({n} characters, at least {DESCRIPTION_MIN})"),
                    "describe the page in one or two sentences in `description:`",
                );
            } else if n > DESCRIPTION_MAX {
                problem(
                    format!("meta description is too long ({n} characters, at most {DESCRIPTION_MAX})"),
                    "search engines cut it; shorten `description:`",
                );
            }
        }
        _ => problem(
            format!("`{page}` has {} meta descriptions", f.descriptions.len()),
            "the theme must write one",
        ),
    }
    if f.h1_count != 1 {
        problem(
            format!("`{page}` has {} <h1> elements (want exactly one)", f.h1_count),
            "use `##` and deeper for headings in content; the theme writes the title as <h1>",
        );
    }
    for img in &f.images_without_alt {
        problem(
            format!(
                "image `{}` has no alt text (line {}:{} of `{page}`)",
                img.url, img.line, img.col
            ),
            "write `![what the image shows](file.jpg)`, or alt=\"\" for decoration",
        );
    }
    out
}

/// Markdown images with an empty alt text, reported at the line and column where they are written.
pub fn lint_markdown_images<'a>(
    docs: impl Iterator<Item = (&'a crate::load::Source, &'a crate::load::markdown::Analysis)>,
) -> Vec<Diagnostic> {
    docs.flat_map(|(source, analysis)| {
        analysis.images_without_alt.iter().map(|image| {
            Diagnostic::error(
                &source.display,
                image.line,
                image.col,
                format!("image `{}` has no alt text", image.dest),
            )
            .with_help("write what the image shows: `![a therapist working on a shoulder](photo.jpg)`")
        })
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
        let mut found: Vec<String> = Lints::new(&facts, &owners)
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
