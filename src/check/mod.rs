//! CHECK: the final HTML of every page, after templates ran. Every internal `href`/`src` must
//! name an output file and every fragment an `id` on the target page; SEO lints run on the same
//! scan. Used by `knead build` (link errors fail the build) and `knead check`.

pub mod clinic_facts;
pub mod content_lints;
pub mod external;
pub mod html_scan;
pub mod seo_lints;
pub mod verdict;

use crate::diagnostics::Diagnostic;
use crate::sink::{KnownBody, Sink};
use html_scan::PageFacts;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// A sink that scans every HTML file on its way to an inner sink (or nowhere, for `check`).
pub struct ScanningSink<'a> {
    inner: Option<&'a dyn Sink>,
    facts: Mutex<BTreeMap<String, PageFacts>>,
    keep: Keep<'a>,
}

/// Which scanned links are worth keeping until every page is rendered. A link to an existing
/// file without a fragment, or to an id on its own page, is settled as soon as its page is
/// scanned; keeping all of them would hold a hundred strings per page (most of a 10,000-page
/// build's memory).
#[derive(Clone, Copy)]
pub struct Keep<'a> {
    pub view: OutputView<'a>,
    pub links: KeptLinks,
}

/// Links kept beyond those that still need checking once all pages exist.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeptLinks {
    /// External links (for `check --external`).
    pub external: bool,
    /// Links to files that exist now. `knead serve` keeps the scans of pages it does not
    /// render again, and a later edit may remove the file such a page links to.
    pub settled: bool,
}

impl Keep<'_> {
    /// Whether the link `url` of `page` (whose ids are `ids`) must be kept; `file` is scratch
    /// space for the output file it points at.
    fn wanted(&self, page: &str, url: &str, ids: &html_scan::Ids<'_>, file: &mut String) -> bool {
        match self.view.destination_into(page, url, file) {
            Destination::Internal((), fragment) => {
                if !self.view.files.contains(file.as_str()) {
                    return true; // broken: kept to be reported
                }
                match checked_fragment(fragment) {
                    None => self.links.settled,
                    Some(f) if file.as_str() == page => !ids.contains(f),
                    Some(_) => true,
                }
            }
            Destination::OutsideBase => true,
            Destination::External => self.links.external,
            Destination::Ignored => false,
        }
    }
}

/// Where `needle` first occurs in `haystack`: candidates found by its first bytes, then
/// compared whole (a searcher built for a whole page body cost more than scanning the body).
fn find_whole(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let head = &needle[..needle.len().min(32)];
    memchr::memmem::find_iter(haystack, head).find(|&at| haystack[at..].starts_with(needle))
}

/// A fragment that must name an id (not empty, `#top` or a text fragment).
fn checked_fragment(fragment: Option<&str>) -> Option<&str> {
    fragment.filter(|f| !f.is_empty() && *f != "top" && !f.starts_with(":~:"))
}

/// The scans of pages that have no scans yet, for an [`OutputView`] made before rendering.
pub static NO_FACTS: BTreeMap<String, PageFacts> = BTreeMap::new();

impl<'a> ScanningSink<'a> {
    /// Scans what goes to `inner`, keeping of each page only the links that still need checking
    /// once all pages exist (see [`Keep`]).
    pub fn new(inner: Option<&'a dyn Sink>, keep: Keep<'a>) -> Self {
        ScanningSink {
            inner,
            facts: Mutex::new(BTreeMap::new()),
            keep,
        }
    }

    /// The scans, by output path.
    pub fn into_facts(self) -> BTreeMap<String, PageFacts> {
        self.facts
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Scans the page at output path `path` (except its `known` stretch) and keeps its facts.
    fn scan(&self, path: &str, text: &str, known: Option<&html_scan::Known<'_>>) {
        let mut file = String::new();
        let mut facts = html_scan::scan_keeping(text, known, |url, ids| self.keep.wanted(path, url, ids, &mut file));
        html_scan::locate(text, &mut facts);
        self.facts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_string(), facts);
    }
}

impl Sink for ScanningSink<'_> {
    fn make_dirs(&self, dirs: &[&str]) -> std::io::Result<()> {
        self.inner.map_or(Ok(()), |s| s.make_dirs(dirs))
    }
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if path.ends_with(".html") {
            // Rendered pages are UTF-8 (checked fast); only a raw file copied as .html could be
            // otherwise, and only then is the slower lossy conversion needed.
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(bytes),
            };
            self.scan(path, &text, None);
        }
        self.inner.map_or(Ok(()), |s| s.write(path, bytes))
    }
    fn write_page(&self, path: &str, text: &str, body: &KnownBody<'_>) -> std::io::Result<()> {
        // `check --external` wants the body's external links, and `knead serve` every link.
        if self.keep.links.external || self.keep.links.settled {
            return self.write(path, text.as_bytes());
        }
        // The body as written into the page, unless the template changed or left it out.
        let at = find_whole(text.as_bytes(), body.html.as_bytes());
        let unknown: Vec<std::ops::Range<usize>> = match at {
            Some(at) => body.unknown.iter().map(|r| at + r.start..at + r.end).collect(),
            None => Vec::new(),
        };
        let known = at.map(|at| html_scan::Known {
            range: at..at + body.html.len(),
            ids: &body.ids,
            h1_count: body.h1_count,
            unknown: &unknown,
        });
        self.scan(path, text, known.as_ref());
        self.inner.map_or(Ok(()), |s| s.write(path, text.as_bytes()))
    }
    fn copy(&self, path: &str, from: &Path) -> std::io::Result<()> {
        match self.inner {
            Some(s) => s.copy(path, from),
            None => Ok(()),
        }
    }
}

/// What the output looks like from the outside: its files, where it is published, and which
/// source produced each file (for messages).
#[derive(Clone, Copy)]
pub struct OutputView<'a> {
    pub files: &'a crate::plan::FileSet,
    pub facts: &'a BTreeMap<String, PageFacts>,
    pub owners: &'a BTreeMap<String, String>,
    pub base_url: &'a str,
    pub base_path: &'a str,
}

/// Where a link in the output points (`F`: how the output file is given).
#[derive(Debug, PartialEq, Eq)]
pub enum Destination<'u, F = String> {
    /// An output file path and an optional fragment (borrowed from the URL).
    Internal(F, Option<&'u str>),
    External,
    /// Inside the host but outside the base path (e.g. `/x/` on a site under `/clinic/`).
    OutsideBase,
    Ignored,
}

impl OutputView<'_> {
    /// Classifies `url` as written in the page at output path `page`.
    pub fn destination<'u>(&self, page: &str, url: &'u str) -> Destination<'u> {
        let mut file = String::new();
        match self.destination_into(page, url, &mut file) {
            Destination::Internal((), fragment) => Destination::Internal(file, fragment),
            Destination::External => Destination::External,
            Destination::OutsideBase => Destination::OutsideBase,
            Destination::Ignored => Destination::Ignored,
        }
    }

    /// [`OutputView::destination`], writing an internal link's output file into `file` (cleared
    /// first): the check of every link of every page then allocates nothing for most of them.
    pub fn destination_into<'u>(&self, page: &str, url: &'u str, file: &mut String) -> Destination<'u, ()> {
        file.clear();
        let (url, fragment) = url.split_once('#').map_or((url, None), |(u, f)| (u, Some(f)));
        let url = url.split('?').next().unwrap_or(url);
        // Case-insensitive prefix checks without lower-casing a copy of every link.
        let has_prefix = |prefix: &str| url.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix));
        let web = has_prefix("http://") || has_prefix("https://");
        // `mailto:`, `tel:`, `whatsapp:`…: nothing to check at build time.
        if !web && crate::url_path::scheme(url).is_some() {
            return Destination::Ignored;
        }
        if url.is_empty() {
            // `#id` or `?q`: the page itself, whatever its name.
            file.push_str(page);
            return Destination::Internal((), fragment);
        }
        let path: Cow<'_, str> = if let Some(rest) = url.strip_prefix(self.base_url) {
            Cow::Borrowed(rest)
        } else if web || url.starts_with("//") {
            return Destination::External;
        } else if url.starts_with('/') {
            match url.strip_prefix(self.base_path) {
                Some(rest) => Cow::Borrowed(rest),
                None => return Destination::OutsideBase,
            }
        } else {
            let dir = page.rfind('/').map_or("", |i| &page[..=i]);
            match crate::url_path::normalize(&format!("{dir}{url}")) {
                Some(p) => Cow::Owned(p),
                None => return Destination::OutsideBase,
            }
        };
        let path = percent_decode(&path);
        file.push_str(&path);
        if path.is_empty() || path.ends_with('/') {
            file.push_str("index.html");
        } else if !self.files.contains(path.as_ref()) {
            file.push_str("/index.html");
        }
        Destination::Internal((), fragment)
    }

    /// Every internal link of every page must resolve, fragments included.
    pub fn check_links(&self) -> Vec<Diagnostic> {
        self.check_links_of(self.facts.keys().map(String::as_str))
    }

    /// The links of the given output pages must resolve (an incremental rebuild checks only the
    /// pages it rendered).
    pub fn check_links_of<'p>(&self, pages: impl Iterator<Item = &'p str>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (page, facts) in pages.filter_map(|p| self.facts.get_key_value(p)) {
            for link in &facts.links {
                if let Some(problem) = self.problem(page, &link.url) {
                    let owner = self.owners.get(page).map_or(page.as_str(), String::as_str);
                    out.push(
                        Diagnostic::file_error(
                            owner,
                            format!(
                                "rendered page `{page}` (line {}:{}) links to `{}`: {problem}",
                                link.line, link.col, link.url
                            ),
                        )
                        .with_help("this link comes from a template of the theme or from raw HTML; fix it there"),
                    );
                }
            }
        }
        out
    }

    fn problem(&self, page: &str, url: &str) -> Option<String> {
        match self.destination(page, url) {
            Destination::Internal(file, fragment) => {
                if !self.files.contains(&file) {
                    return Some("no page or file at this URL".into());
                }
                let fragment = checked_fragment(fragment)?;
                let target = self.facts.get(&file)?;
                (!target.has_id(fragment)).then(|| format!("no element with id `{fragment}` on that page"))
            }
            Destination::OutsideBase => Some(format!("outside the site's base path `{}`", self.base_path)),
            Destination::External | Destination::Ignored => None,
        }
    }

    /// External http(s) links with the pages they appear on, for `--external`.
    pub fn external_links(&self) -> BTreeMap<String, Vec<String>> {
        // A set per URL: the reviews link is on every page, and a list scan would be quadratic.
        let mut out: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
        for (page, facts) in self.facts {
            for link in &facts.links {
                let lower = link.url.to_ascii_lowercase();
                if (lower.starts_with("http://") || lower.starts_with("https://"))
                    && self.destination(page, &link.url) == Destination::External
                {
                    let owner = self.owners.get(page).unwrap_or(page);
                    let pages = out.entry(link.url.clone()).or_default();
                    if !pages.contains(owner) {
                        pages.insert(owner.clone());
                    }
                }
            }
        }
        out.into_iter()
            .map(|(url, pages)| (url, pages.into_iter().collect()))
            .collect()
    }
}

fn percent_decode(path: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(path).decode_utf8_lossy()
}

/// Pages nothing links to, as warnings.
pub fn orphan_warnings(site: &crate::load::Site, orphans: &[usize]) -> Vec<Diagnostic> {
    orphans
        .iter()
        .map(|&id| {
            let page = &site.pages[id];
            Diagnostic::file_error(
                &page.source.display,
                format!("orphan page: no other page links to `/{}`", page.url),
            )
            .warning()
            .with_help("link to it from a related page, a section intro or the menu, so readers can find it")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(
        files: &'a crate::plan::FileSet,
        facts: &'a BTreeMap<String, PageFacts>,
        owners: &'a BTreeMap<String, String>,
        base_path: &'a str,
    ) -> OutputView<'a> {
        OutputView {
            files,
            facts,
            owners,
            base_url: "https://x.org/clinic/",
            base_path,
        }
    }

    #[test]
    fn destinations_follow_the_base_path() {
        let files: crate::plan::FileSet = ["index.html", "a/index.html", "style.css"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let facts = BTreeMap::new();
        let owners = BTreeMap::new();
        let v = view(&files, &facts, &owners, "/clinic/");
        assert_eq!(
            v.destination("a/index.html", "/clinic/a/#x"),
            Destination::Internal("a/index.html".into(), Some("x"))
        );
        assert_eq!(
            v.destination("a/index.html", "/clinic/a"),
            Destination::Internal("a/index.html".into(), None)
        );
        assert_eq!(
            v.destination("a/index.html", "../style.css?v=1"),
            Destination::Internal("style.css".into(), None)
        );
        assert_eq!(
            v.destination("a/index.html", "https://x.org/clinic/"),
            Destination::Internal("index.html".into(), None)
        );
        assert_eq!(v.destination("a/index.html", "/a/"), Destination::OutsideBase);
        assert_eq!(
            v.destination("a/index.html", "https://other.org/"),
            Destination::External
        );
        for other in [
            "mailto:x@y.z",
            "ftp://files.x.org/a",
            "whatsapp://send?phone=1",
            "geo:1,2",
        ] {
            assert_eq!(v.destination("a/index.html", other), Destination::Ignored, "{other}");
        }
        assert_eq!(
            v.destination("a/index.html", "a:b.html"),
            Destination::Internal("a/a:b.html/index.html".into(), None)
        );
        assert_eq!(percent_decode("caf%C3%A9/"), "café/");
    }

    #[test]
    fn a_bare_fragment_points_into_its_own_page_whatever_its_name() {
        let files: crate::plan::FileSet = ["index.html", "404.html", "a/index.html", "b/c.html"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (facts, owners) = (BTreeMap::new(), BTreeMap::new());
        let v = view(&files, &facts, &owners, "/clinic/");
        for page in ["404.html", "a/index.html", "b/c.html"] {
            assert_eq!(
                v.destination(page, "#main"),
                Destination::Internal(page.into(), Some("main"))
            );
            assert_eq!(v.destination(page, "?q=1"), Destination::Internal(page.into(), None));
        }
    }
}
