//! The feeds' part of the plan: which sections publish an Atom and an RSS feed, and which pages
//! each lists. The XML is written when rendering (`render::feeds`).

use crate::load::{Site, content::pages_below};

/// The two feed formats; every feed section gets both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    Atom,
    Rss,
}

impl FeedFormat {
    pub const ALL: [FeedFormat; 2] = [FeedFormat::Atom, FeedFormat::Rss];

    /// File name under the section's URL.
    pub fn file(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Rss => "rss.xml",
        }
    }

    /// Media type for `<link rel="alternate">`.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Rss => "application/rss+xml",
        }
    }
}

/// Sections that publish feeds: `feed: true` and at least one dated page below them (a feed
/// entry needs a date; an empty feed would only confuse readers).
pub fn feed_sections(site: &Site) -> Vec<usize> {
    (0..site.sections.len())
        .filter(|&id| site.sections[id].settings.feed && !entries_of(site, id).is_empty())
        .collect()
}

/// Dated, indexable pages below `section`, newest first (ties by title), at most `feed_limit`.
pub fn entries_of(site: &Site, section: usize) -> Vec<usize> {
    let mut ids: Vec<usize> = pages_below(site, section)
        .into_iter()
        .filter(|&p| site.pages[p].meta.date.is_some() && !site.pages[p].meta.noindex)
        .collect();
    ids.sort_by(|&a, &b| {
        let (a, b) = (&site.pages[a].meta, &site.pages[b].meta);
        b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title))
    });
    if site.config.feed_limit > 0 {
        ids.truncate(site.config.feed_limit);
    }
    ids
}
