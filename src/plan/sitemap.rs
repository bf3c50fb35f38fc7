//! The sitemap's part of the plan: which pages `sitemap.xml` lists, with their `lastmod`, and
//! how they split into a sitemap index past [`MAX_URLS`] URLs, as the sitemaps.org protocol
//! requires. The XML is written when rendering (`render::sitemap`).

use super::Job;
use super::pager_path;
use crate::load::front_matter::Meta;
use crate::load::{Site, content::pages_below};
use chrono::NaiveDate;

/// The protocol's limit of URLs per sitemap file.
pub const MAX_URLS: usize = 50_000;

/// One `<url>`: a path under the site root and the day its content last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub lastmod: Option<NaiveDate>,
}

/// What one sitemap file holds.
#[derive(Debug, Clone)]
pub enum SitemapBody {
    Urls(Vec<Entry>),
    /// A sitemap index: the part files and the newest `lastmod` of each.
    Index(Vec<(String, Option<NaiveDate>)>),
}

/// The day a page last changed: `updated`, else `date`.
pub fn lastmod(meta: &Meta) -> Option<NaiveDate> {
    meta.updated.or(meta.date).map(|d| d.day)
}

/// Indexable pages among the planned jobs, in plan order: pages, listings (every page of a
/// paginated one) and tag pages; never drafts (not loaded), `noindex` pages, aliases or 404.
/// A listing's `lastmod` is the newest of its own and its pages'.
pub fn entries(site: &Site, jobs: &[Job]) -> Vec<Entry> {
    let newest = |ids: &[usize]| ids.iter().filter_map(|&p| lastmod(&site.pages[p].meta)).max();
    let section_lastmod: Vec<Option<NaiveDate>> = (0..site.sections.len())
        .map(|id| newest(&pages_below(site, id)).max(lastmod(&site.sections[id].meta)))
        .collect();
    jobs.iter()
        .filter_map(|job| match job {
            Job::Page { page, .. } => {
                let page = &site.pages[*page];
                (!page.meta.noindex).then(|| Entry {
                    path: page.url.clone(),
                    lastmod: lastmod(&page.meta),
                })
            }
            Job::Listing { section, number, .. } => {
                let s = &site.sections[*section];
                (!s.meta.noindex).then(|| Entry {
                    path: pager_path(&s.url, *number),
                    lastmod: section_lastmod[*section],
                })
            }
            Job::TagIndex => Some(Entry {
                path: "tags/".into(),
                lastmod: site.tags.iter().filter_map(|t| newest(&t.pages)).max(),
            }),
            Job::Tag(i) => Some(Entry {
                path: Site::term_url(&site.tags[*i]),
                lastmod: newest(&site.tags[*i].pages),
            }),
            _ => None,
        })
        .collect()
}

/// The sitemap files for `entries`: `sitemap.xml` alone, or `sitemap.xml` as an index of
/// `sitemap-1.xml`, `sitemap-2.xml`… holding at most `max_urls` URLs each.
pub fn files(entries: Vec<Entry>, max_urls: usize) -> Vec<(String, SitemapBody)> {
    if entries.len() <= max_urls {
        return vec![("sitemap.xml".into(), SitemapBody::Urls(entries))];
    }
    let parts: Vec<(String, SitemapBody)> = entries
        .chunks(max_urls.max(1))
        .enumerate()
        .map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), SitemapBody::Urls(chunk.to_vec())))
        .collect();
    let index = parts
        .iter()
        .map(|(name, body)| {
            let newest = match body {
                SitemapBody::Urls(e) => e.iter().filter_map(|e| e.lastmod).max(),
                SitemapBody::Index(_) => None,
            };
            (name.clone(), newest)
        })
        .collect();
    std::iter::once(("sitemap.xml".into(), SitemapBody::Index(index)))
        .chain(parts)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry {
            path: path.into(),
            lastmod: NaiveDate::from_ymd_opt(2026, 3, 1),
        }
    }

    #[test]
    fn splits_into_an_index_past_the_limit() {
        let names: Vec<String> = files(vec![entry("a/"), entry("b/"), entry("c/")], 2)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        assert_eq!(files(vec![entry("a/"), entry("b/")], 2).len(), 1);
    }
}
