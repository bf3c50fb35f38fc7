//! The site's link graph: what each page links to, what links to it (backlinks), related pages
//! (front matter `related:` first, then pages sharing the most tags) and orphans.

use crate::load::{PageId, Site};
use crate::resolve::links::{DocLinks, LinkIndex, ResolvedLinks, Target};
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
    /// Pages that link to each target, in page order. (FxHash: its 80,000 insertions at ten
    /// thousand pages run on one thread.)
    pub backlinks: rustc_hash::FxHashMap<Target, Vec<PageId>>,
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
    pub fn build(site: &Site, resolved: &ResolvedLinks) -> Graph {
        let outbound: Vec<Vec<Target>> = resolved
            .pages
            .par_iter()
            .enumerate()
            .map(|(id, links)| outbound_of(id, links))
            .collect();
        let mut backlinks: rustc_hash::FxHashMap<Target, Vec<PageId>> = rustc_hash::FxHashMap::default();
        for (id, targets) in outbound.iter().enumerate() {
            for t in targets {
                backlinks.entry(*t).or_default().push(id);
            }
        }
        // Newest-first rank of every page, so ties among related pages compare two integers.
        let mut by_date: Vec<PageId> = (0..site.pages.len()).collect();
        by_date.par_sort_by(|&a, &b| {
            crate::load::content::compare(crate::load::front_matter::SortBy::Date, &site.pages[a], &site.pages[b])
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
        // Pages with the same tags rank the same candidates: each distinct list of tags is
        // ranked once (a site has a few dozen lists for thousands of pages).
        let mut lists: HashMap<&[String], usize> = HashMap::new();
        let mut distinct: Vec<&[String]> = Vec::new();
        for page in site.pages.iter().filter(|p| !p.meta.tags.is_empty()) {
            lists.entry(&page.meta.tags).or_insert_with(|| {
                distinct.push(&page.meta.tags);
                distinct.len() - 1
            });
        }
        let rankings: Vec<Vec<PageId>> = distinct
            .par_iter()
            .map(|list| rank_by_tags(site, list, &tags, &date_rank))
            .collect();
        let related = (0..site.pages.len())
            .into_par_iter()
            .map(|id| {
                let ranking = lists
                    .get(site.pages[id].meta.tags.as_slice())
                    .map(|&i| rankings[i].as_slice());
                related(&resolved.pages[id], ranking.unwrap_or_default(), id)
            })
            .collect();
        Graph {
            outbound,
            backlinks,
            related,
        }
    }

    /// Pages nothing links to: not from content, not from `related:`, not from the menu.
    pub fn orphans(&self, site: &Site, index: &LinkIndex<'_>, resolved: &ResolvedLinks) -> Vec<PageId> {
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

/// Related pages of page `id`, whose links are `links` and whose tags rank other pages as
/// `ranking` (see [`rank_by_tags`]): its `related:` pages first, then the best ranked.
fn related(links: &DocLinks, ranking: &[PageId], id: PageId) -> Vec<PageId> {
    let mut out: Vec<PageId> = Vec::new();
    for target in links.related_targets() {
        if let Target::Page(p) = target
            && p != id
            && !out.contains(&p)
        {
            out.push(p);
        }
    }
    if out.len() >= RELATED_MAX {
        out.truncate(RELATED_MAX);
        return out;
    }
    let room = RELATED_MAX - out.len();
    let by_tags: Vec<PageId> = ranking
        .iter()
        .copied()
        .filter(|&p| p != id && !out.contains(&p))
        .take(room)
        .collect();
    out.extend(by_tags);
    out
}

/// The pages that share the most of `tags` (newest first among equals), best first: as many
/// as a page with these tags could need once itself and its `related:` pages are left out,
/// which is at most one more than [`RELATED_MAX`].
fn rank_by_tags(site: &Site, tags: &[String], index: &HashMap<&str, usize>, date_rank: &[usize]) -> Vec<PageId> {
    // Every candidate once per tag it shares; sorted, a page's run length is its shared count.
    // (A few hundred integers: sorting them beats hashing them.)
    let mut candidates: Vec<PageId> = Vec::new();
    for tag in tags {
        if let Some(term) = index.get(&*site.tag_slug(tag)).map(|&i| &site.tags[i]) {
            candidates.extend(term.pages.iter().take(TAG_CANDIDATES));
        }
    }
    candidates.sort_unstable();
    let ranked_by_shared = candidates.chunk_by(|a, b| a == b).map(|run| (run.len(), run[0]));
    let mut ranked: Vec<(usize, PageId)> = ranked_by_shared.collect();
    ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| date_rank[a.1].cmp(&date_rank[b.1])));
    ranked.into_iter().map(|(_, p)| p).take(RELATED_MAX + 1).collect()
}
