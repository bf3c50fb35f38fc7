//! RESOLVE stage: every link of the loaded site, checked against the plan's output paths, and
//! the link graph built from them.
//!
//! ```text
//! links  `@/guides/x.md`, `/guides/x/`, `#id`, autolinks -> LinkIndex + ResolvedLinks (or errors)
//! graph  resolved links -> backlinks, related pages, orphans
//! ```

pub mod graph;
pub mod links;
pub mod people;
pub mod snippets;

use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::plan::FileSet;
use graph::Graph;
use links::{LinkIndex, ResolvedLinks};

/// Every link of the site, resolved and checked, with the graph they make.
pub struct Links<'a> {
    /// Where every source, output path and `@name` leads.
    pub index: LinkIndex<'a>,
    /// Every link of every page and section, resolved once.
    pub resolved: ResolvedLinks,
    pub graph: Graph,
}

/// Resolves and checks every markdown link, image and `related:` entry of `site` against its
/// sources and the planned output `files`, then builds the graph: the links, or every link
/// error at once.
pub fn resolve(site: &Site, files: FileSet) -> Result<Links<'_>, Vec<Diagnostic>> {
    let index = LinkIndex::new(site, files);
    let resolved = ResolvedLinks::new(site, &index);
    let mut errors = links::check(site, &index, &resolved);
    errors.extend(people::check(site));
    errors.extend(people::check_photos(site, &index));
    errors.extend(snippets::check(site, &index));
    if !errors.is_empty() {
        return Err(errors);
    }
    let graph = Graph::build(site, &resolved);
    Ok(Links { index, resolved, graph })
}
