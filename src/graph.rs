//! The site's link graph: what each page links to, what links to it (backlinks), related pages
//! (front matter `related:` first, then pages sharing the most tags) and orphans.

use crate::content::{PageId, Site};
use crate::links::{DocLinks, LinkIndex, Resolved, Target};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// How many related pages a page gets.
pub const RELATED_MAX: usize = 5;
/// How many pages of one tag (newest first) are considered when looking for related pages:
/// keeps the search linear in the number of pages instead of comparing every pair.
const TAG_CANDIDATES: usize = 64;

/// Links between pages and sections, computed once per build.
#[derive(Debug, Default)]
pub struct Graph {
    /// Targets each page links to, in order of first appearance, without repeats.
    pub outbound: Vec<Vec<Target>>,
    /// Pages that link to each target, in page order.
    pub backlinks: HashMap<Target, Vec<PageId>>,
    /// Related pages of each page.
    pub related: Vec<Vec<PageId>>,
}

/// What page `id` links to (content links, then `related:`), in order, without repeats or itself.
pub fn outbound_of(id: PageId, links: &DocLinks) -> Vec<Target> {
    let mut seen = BTreeSet::new();
    links
        .targets()
        .filter(|t| *t != Target::Page(id) && seen.insert(*t))
        .collect()
}

impl Graph {
    pub fn build(site: &Site, resolved: &Resolved) -> Graph {
        let outbound: Vec<Vec<Target>> = resolved
            .pages
            .par_iter()
            .enumerate()
            .map(|(id, links)| outbound_of(id, links))
            .collect();
        let mut backlinks: HashMap<Target, Vec<PageId>> = HashMap::new();
        for (id, targets) in outbound.iter().enumerate() {
            for t in targets {
                backlinks.entry(*t).or_default().push(id);
            }
        }
        // Newest-first rank of every page, so ties among related pages compare two integers.
        let mut by_date: Vec<PageId> = (0..site.pages.len()).collect();
        by_date.par_sort_by(|&a, &b| {
            crate::content::load::compare(
                crate::content::front_matter::SortBy::Date,
                &site.pages[a],
                &site.pages[b],
            )
        });
        let mut date_rank = vec![0; site.pages.len()];
        for (rank, &id) in by_date.iter().enumerate() {
            date_rank[id] = rank;
        }
        let tags: HashMap<&str, usize> = site
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.as_str(), i))
            .collect();
        let related = (0..site.pages.len())
            .into_par_iter()
            .map(|id| related(site, &resolved.pages[id], &tags, &date_rank, id))
            .collect();
        Graph {
            outbound,
            backlinks,
            related,
        }
    }

    /// Pages nothing links to: not from content, not from `related:`, not from the menu.
    pub fn orphans(&self, site: &Site, index: &LinkIndex<'_>, resolved: &Resolved) -> Vec<PageId> {
        let home = &site.home().source;
        let from_config: BTreeSet<Target> = site
            .config
            .menu
            .iter()
            .map(|m| &m.url)
            .chain(site.config.links.values())
            .filter_map(|dest| index.target(home, dest))
            .collect();
        let section_links: BTreeSet<Target> = resolved.sections.iter().flat_map(DocLinks::body_targets).collect();
        (0..site.pages.len())
            .filter(|&id| {
                let t = Target::Page(id);
                !self.backlinks.contains_key(&t) && !from_config.contains(&t) && !section_links.contains(&t)
            })
            .collect()
    }
}

/// Related pages of page `id`, whose links are `links`.
fn related(site: &Site, links: &DocLinks, tags: &HashMap<&str, usize>, date_rank: &[usize], id: PageId) -> Vec<PageId> {
    let page = &site.pages[id];
    let mut out: Vec<PageId> = Vec::new();
    for target in links.related_targets() {
        if let Target::Page(p) = target
            && p != id
            && !out.contains(&p)
        {
            out.push(p);
        }
    }
    if out.len() >= RELATED_MAX || page.meta.tags.is_empty() {
        out.truncate(RELATED_MAX);
        return out;
    }
    // Every candidate once per tag it shares; sorted, a page's run length is its shared count.
    // (A few hundred integers: sorting them beats hashing them.)
    let mut candidates: Vec<PageId> = Vec::new();
    for tag in &page.meta.tags {
        if let Some(term) = tags.get(&*site.tag_slug(tag)).map(|&i| &site.tags[i]) {
            let pages = term.pages.iter().take(TAG_CANDIDATES);
            candidates.extend(pages.filter(|&&other| other != id && !out.contains(&other)));
        }
    }
    candidates.sort_unstable();
    let ranked_by_shared = candidates.chunk_by(|a, b| a == b).map(|run| (run.len(), run[0]));
    let mut ranked: Vec<(usize, PageId)> = ranked_by_shared.collect();
    ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| date_rank[a.1].cmp(&date_rank[b.1])));
    out.extend(ranked.into_iter().map(|(_, p)| p).take(RELATED_MAX - out.len()));
    out
}
