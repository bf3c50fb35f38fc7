//! What templates see: plain serializable views of the site, built once per build where they are
//! shared (page summaries for listings, the `site` object) and once per page where they are not.

use crate::load::front_matter::{Date, Faq};
use crate::load::markdown::{Heading, reading_time};
use crate::load::{Page, Section, Site};
use serde::Serialize;
use tera::Value;

/// A date in the forms templates need.
#[derive(Serialize)]
pub struct DateView {
    /// `2026-03-14`
    pub iso: String,
    /// `March 14, 2026`
    pub human: String,
    pub rfc3339: String,
}

impl From<&Date> for DateView {
    fn from(d: &Date) -> Self {
        DateView {
            iso: d.iso_day(),
            human: d.human(),
            rfc3339: d.rfc3339(),
        }
    }
}

/// A link with a label: tags, breadcrumbs, menu entries.
#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// One entry of a table of contents, with its subheadings.
#[derive(Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// `##` headings with their `###` children; deeper levels are left out of the contents.
pub fn toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut out: Vec<TocEntry> = Vec::new();
    let top = headings.iter().map(|h| h.level).min().unwrap_or(2);
    for h in headings.iter().filter(|h| h.level <= top + 1) {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        };
        match out.last_mut() {
            Some(parent) if h.level > top => parent.children.push(entry),
            _ => out.push(entry),
        }
    }
    out
}

/// URL helpers: root-relative hrefs under the base path, and absolute permalinks.
#[derive(Clone)]
pub struct Urls {
    pub base_path: String,
    pub base_url: String,
}

impl Urls {
    /// The site's base path and URL.
    pub fn of(config: &crate::config::SiteConfig) -> Urls {
        Urls {
            base_path: config.base_path().to_string(),
            base_url: config.base_url.clone(),
        }
    }

    pub fn href(&self, path: &str) -> String {
        [self.base_path.as_str(), path].concat()
    }
    pub fn permalink(&self, path: &str) -> String {
        [self.base_url.as_str(), path].concat()
    }

    /// An href of the site (`/clinic/images/x.jpg`) as an absolute URL; any other URL as it is.
    pub fn absolute(&self, href: &str) -> String {
        match href.strip_prefix(&self.base_path) {
            Some(path) if href.starts_with('/') => self.permalink(path),
            _ => href.to_string(),
        }
    }
}

/// What listings show of a page; computed once per build and shared by every listing. The
/// templates get it with its dates, tags and section names as shared values (`D`, `T`, `N`:
/// see [`SharedSummaryParts::summary`]); `knead serve` hashes the plain form
/// ([`page_summary`]) to tell whether it changed.
#[derive(Serialize)]
pub struct PageSummary<'a, D = Option<DateView>, T = Vec<LinkView>, N = &'a str> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// Plain-text summary (first paragraph or text before `<!-- more -->`).
    pub summary: &'a str,
    pub url: String,
    pub permalink: String,
    pub date: D,
    pub updated: D,
    pub weight: Option<i64>,
    pub tags: T,
    pub reading_time: usize,
    pub image: Option<&'a str>,
    pub source: &'a str,
    pub section: N,
    /// Source path of the page's section, e.g. `services/_index.md`.
    pub section_path: N,
    /// The service's lengths and prices (see [`super::offers`]).
    pub offers: Vec<super::offers::OfferView>,
    /// The offers in one line for cards: `From $90 · 60 or 90 min`.
    pub offer_summary: Option<String>,
    pub extra: &'a serde_json::Value,
}

impl<'a, D, T, N> PageSummary<'a, D, T, N> {
    /// The summary of `page`, with its dates as `date` gives them, and its tags and its
    /// section's title and path as given.
    fn of(
        page: &'a Page,
        urls: &Urls,
        date: impl Fn(Option<Date>) -> D,
        tags: T,
        (section, section_path): (N, N),
        currency: &str,
    ) -> Self {
        PageSummary {
            title: &page.meta.title,
            description: page.meta.description.as_deref(),
            summary: &page.analysis.summary_text,
            url: urls.href(&page.url),
            permalink: urls.permalink(&page.url),
            date: date(page.meta.date),
            updated: date(page.meta.updated),
            weight: page.meta.weight,
            tags,
            reading_time: reading_time(page.analysis.word_count),
            image: page.meta.image.as_ref().map(|i| i.value.as_str()),
            source: &page.source.rel,
            section,
            section_path,
            offers: page
                .meta
                .offers
                .iter()
                .map(|o| super::offers::OfferView::of(o, currency))
                .collect(),
            offer_summary: super::offers::summary_line(&page.meta.offers, currency),
            extra: &page.meta.extra,
        }
    }
}

pub fn page_summary<'a>(site: &'a Site, page: &'a Page, urls: &Urls) -> PageSummary<'a> {
    let section = &site.sections[page.section];
    PageSummary::of(
        page,
        urls,
        |d| d.as_ref().map(DateView::from),
        tag_links(site, &page.meta.tags, urls),
        (&section.meta.title, &section.source.rel),
        site.config.currency(),
    )
}

/// Parts of page summaries that many pages show alike, built once per build and shared by
/// reference count instead of copied into every summary: the date views, each distinct list of
/// tag links, and the names of each section. At ten thousand pages those copies were about a
/// third of the summaries' memory, which every page of the build holds until the end.
pub struct SharedSummaryParts {
    dates: std::collections::BTreeMap<Date, Value>,
    tag_lists: std::collections::HashMap<Vec<String>, Value>,
    /// By section id: its title and its source path.
    sections: Vec<(Value, Value)>,
}

impl SharedSummaryParts {
    pub fn new(site: &Site, urls: &Urls) -> Self {
        let mut dates = std::collections::BTreeMap::new();
        let mut tag_lists = std::collections::HashMap::new();
        for page in &site.pages {
            for date in [page.meta.date, page.meta.updated].into_iter().flatten() {
                dates
                    .entry(date)
                    .or_insert_with(|| Value::from_serializable(&DateView::from(&date)));
            }
            if !tag_lists.contains_key(&page.meta.tags) {
                let links = Value::from_serializable(&tag_links(site, &page.meta.tags, urls));
                tag_lists.insert(page.meta.tags.clone(), links);
            }
        }
        let sections = site
            .sections
            .iter()
            .map(|s| (Value::from(s.meta.title.as_str()), Value::from(s.source.rel.as_str())))
            .collect();
        SharedSummaryParts {
            dates,
            tag_lists,
            sections,
        }
    }

    /// The value of [`page_summary`] for `page`, its shared parts shared: the same keys, in the
    /// same order, with the same values.
    pub fn summary(&self, site: &Site, page: &Page, urls: &Urls) -> Value {
        let date = |d: Option<Date>| d.and_then(|d| self.dates.get(&d).cloned()).unwrap_or_else(Value::none);
        let tags = match self.tag_lists.get(&page.meta.tags) {
            Some(tags) => tags.clone(),
            None => Value::from_serializable(&tag_links(site, &page.meta.tags, urls)),
        };
        // Tera clones `Value` fields into the value it builds: they are shared, not copied.
        let summary = PageSummary::of(
            page,
            urls,
            date,
            tags,
            self.sections[page.section].clone(),
            site.config.currency(),
        );
        Value::from_serializable(&summary)
    }
}

pub fn tag_links(site: &Site, tags: &[String], urls: &Urls) -> Vec<LinkView> {
    let titles = &site.config.tag_titles;
    tags.iter()
        .map(|t| (t, site.tag_slug(t)))
        .filter(|(_, slug)| !slug.is_empty())
        .map(|(t, slug)| LinkView {
            title: crate::load::slug::tag_title(titles, t, &slug),
            url: urls.href(&format!("tags/{slug}/")),
        })
        .collect()
}

/// Breadcrumb trail from the home page down to (not including) the current page.
pub fn ancestors(site: &Site, mut section: Option<usize>, urls: &Urls) -> Vec<LinkView> {
    let mut trail = Vec::new();
    while let Some(id) = section {
        let s = &site.sections[id];
        trail.push(LinkView {
            title: s.meta.title.clone(),
            url: urls.href(&s.url),
        });
        section = s.parent;
    }
    trail.reverse();
    trail
}

/// Everything a page template gets as `page`, beside the fields of its [`PageSummary`] (which
/// [`PageView::with_summary`] adds from the summary every listing shares).
pub struct PageView<'a> {
    /// Only on the page itself, not in summaries: it changes with every edit, and listings that
    /// showed it would have to be re-rendered on every keystroke under `knead serve`.
    pub word_count: usize,
    pub content: &'a str,
    pub summary_html: String,
    pub toc: Vec<TocEntry>,
    pub author: Option<&'a str>,
    pub reviewed_by: Option<&'a str>,
    /// The team member `author` names by id, if it does.
    pub author_person: Option<&'a super::people::PersonView<'a>>,
    /// The team member `reviewed_by` names by id, if it does.
    pub reviewer: Option<&'a super::people::PersonView<'a>>,
    pub faq: &'a [Faq],
    pub noindex: bool,
    /// Breadcrumb trail of the page's section (see [`SectionValues`]).
    pub ancestors: Value,
    pub section_url: Value,
    /// `related:` pages first, then pages sharing the most tags.
    pub related: Vec<Value>,
    /// Pages whose content links here.
    pub backlinks: Vec<Value>,
    /// Pages this page links to, in order of first mention.
    pub links_to: Vec<Value>,
    /// The subset of `links_to` in the services section ("services mentioned in this guide").
    pub mentions: Vec<Value>,
    /// All pages of this page's section in the section's order (this page included).
    pub section_pages: Value,
}

impl PageView<'_> {
    /// The `page` value: the page's `summary` value (a map) with this view's fields added.
    /// Cloning the shared summary is cheaper than serialising the page's summary again.
    /// Its fields are inserted one by one, each converted on its own: serialising the view
    /// into a map and merging that map in built and hashed every key twice.
    pub fn with_summary(self, summary: &Value) -> Value {
        let mut page = summary.as_map().cloned().unwrap_or_default();
        page.reserve(17);
        let mut add = |key: &'static str, value: Value| {
            page.insert(tera::value::Key::from(key), value);
        };
        add("word_count", Value::from(self.word_count));
        add("content", Value::from(self.content));
        add("summary_html", Value::from(self.summary_html));
        add("toc", Value::from_serializable(&self.toc));
        add("author", Value::from(self.author));
        add("reviewed_by", Value::from(self.reviewed_by));
        add("author_person", Value::from_serializable(&self.author_person));
        add("reviewer", Value::from_serializable(&self.reviewer));
        add("faq", Value::from_serializable(&self.faq));
        add("noindex", Value::from(self.noindex));
        add("ancestors", self.ancestors);
        add("section_url", self.section_url);
        add("related", Value::from(self.related));
        add("backlinks", Value::from(self.backlinks));
        add("links_to", Value::from(self.links_to));
        add("mentions", Value::from(self.mentions));
        add("section_pages", self.section_pages);
        Value::from(page)
    }
}

/// Everything a section template gets as `section` (its pages come per paginator page).
#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub url: String,
    pub permalink: String,
    pub source: &'a str,
    pub pages: Value,
    pub subsections: Vec<LinkView>,
    pub ancestors: Vec<LinkView>,
    pub toc: Vec<TocEntry>,
    pub extra: &'a serde_json::Value,
    pub noindex: bool,
}

pub fn section_link(section: &Section, urls: &Urls) -> LinkView {
    LinkView {
        title: section.meta.title.clone(),
        url: urls.href(&section.url),
    }
}

/// What every page of a section shows alike of it, built once per build and shared by
/// reference count: the page's breadcrumb trail, its section's link and the section's address.
pub struct SectionValues {
    /// [`ancestors`] of the section itself: from the home page down to the section.
    pub ancestors: Value,
    /// [`section_link`] of the section.
    pub link: Value,
    /// The section's href.
    pub url: Value,
}

impl SectionValues {
    /// The values of every section, by section id.
    pub fn all(site: &Site, urls: &Urls) -> Vec<SectionValues> {
        (0..site.sections.len())
            .map(|id| SectionValues {
                ancestors: Value::from_serializable(&ancestors(site, Some(id), urls)),
                link: Value::from_serializable(&section_link(&site.sections[id], urls)),
                url: Value::from(urls.href(&site.sections[id].url)),
            })
            .collect()
    }
}

/// Where a listing page sits among its siblings.
#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub first: String,
    pub last: String,
}

impl Paginator {
    pub fn new(url: &str, current: usize, total: usize, urls: &Urls) -> Self {
        let at = |n: usize| urls.href(&crate::plan::pager_path(url, n));
        Paginator {
            current,
            total,
            previous: (current > 1).then(|| at(current - 1)),
            next: (current < total).then(|| at(current + 1)),
            first: at(1),
            last: at(total),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_summaries_equal_the_serialised_summary_key_for_key_in_order() {
        // The clinic site of this repository: dated, updated, weighted and tagged pages.
        let options = crate::config::BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::config::load(&options).expect("the clinic site's site.yaml loads");
        let site = crate::load::content::load(&options, config).expect("the clinic site loads");
        let urls = Urls::of(&site.config);
        let shared = SharedSummaryParts::new(&site, &urls);
        assert!(
            site.pages
                .iter()
                .any(|p| p.meta.updated.is_some() && !p.meta.tags.is_empty())
        );
        assert!(site.pages.iter().any(|p| p.meta.weight.is_some()));
        for page in &site.pages {
            let serialised = Value::from_serializable(&page_summary(&site, page, &urls));
            // Debug shows maps in their order, and strings and numbers with their kind.
            assert_eq!(
                format!("{:?}", shared.summary(&site, page, &urls)),
                format!("{serialised:?}"),
                "{}",
                page.source.rel
            );
        }
    }

    #[test]
    fn toc_nests_third_level_under_second() {
        let h = |level, id: &str| Heading {
            level,
            id: id.into(),
            title: id.into(),
        };
        let toc = toc(&[h(2, "a"), h(3, "a1"), h(4, "deep"), h(2, "b")]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 1);
        assert_eq!(toc[0].children[0].id, "a1");
    }

    #[test]
    fn pager_paths_never_duplicate_the_first_page() {
        assert_eq!(crate::plan::pager_path("guides/", 1), "guides/");
        assert_eq!(crate::plan::pager_path("guides/", 2), "guides/page/2/");
    }
}
