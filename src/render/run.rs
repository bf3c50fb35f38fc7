//! One run of the renderer over some of the plan's jobs, and what its jobs share: the version of
//! each page to show, the bodies of each section's feed entries (its Atom and RSS feeds share
//! one rendering), and, on request, the bodies freed once their last use is rendered and the
//! lookups each output's templates made. A run is a value its caller makes and drops; the
//! renderer keeps nothing from one run to the next.

use super::feeds::EntryBody;
use super::lookups::{self, Lookup};
use crate::load::{Page, PageId, Site};
use crate::plan::{Job, Plan};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// The version of each page a run shows: the loaded ones, some of them replaced by edited
/// versions.
#[derive(Clone, Copy)]
pub struct Pages<'p> {
    loaded: &'p [Page],
    edited: Option<&'p HashMap<PageId, Page>>,
}

impl<'p> Pages<'p> {
    /// The pages as loaded.
    pub fn loaded(site: &'p Site) -> Self {
        Pages {
            loaded: &site.pages,
            edited: None,
        }
    }

    /// The loaded pages, with those in `edited` replaced by their edited versions.
    pub fn with_edits(site: &'p Site, edited: &'p HashMap<PageId, Page>) -> Self {
        Pages {
            loaded: &site.pages,
            edited: Some(edited),
        }
    }

    /// The version of page `id` to show.
    pub fn get(&self, id: PageId) -> &'p Page {
        self.edited.and_then(|e| e.get(&id)).unwrap_or(&self.loaded[id])
    }

    /// Whether page `id` is shown in an edited version.
    pub fn is_edited(&self, id: PageId) -> bool {
        self.edited.is_some_and(|e| e.contains_key(&id))
    }

    /// Every page in the version shown, in page order.
    pub fn iter(&self) -> impl Iterator<Item = &'p Page> + '_ {
        (0..self.loaded.len()).map(|id| self.get(id))
    }
}

/// What the jobs of one run share.
pub struct Run<'p> {
    pub(super) pages: Pages<'p>,
    /// By section: the bodies of its feed entries, rendered by whichever of its Atom and RSS
    /// feeds comes first and left here for the other one, which takes them.
    pub(super) feed_bodies: Vec<Mutex<Option<Arc<Vec<EntryBody>>>>>,
    /// By page: the renders still to come that show its body, when bodies are freed once
    /// rendered.
    body_uses: Option<Vec<AtomicUsize>>,
    /// The lookups each output's templates made, by output path, when recorded.
    lookups: Option<Mutex<HashMap<String, Vec<Lookup>>>>,
}

impl<'p> Run<'p> {
    /// A run showing `pages` of `site`.
    pub fn new(site: &Site, pages: Pages<'p>) -> Self {
        Run {
            pages,
            feed_bodies: site.sections.iter().map(|_| Mutex::default()).collect(),
            body_uses: None,
            lookups: None,
        }
    }

    /// A run of every job of `plan` over the loaded pages that frees each page's body once the
    /// outputs showing it (its page and the feeds listing it) are rendered: for a build, which
    /// renders every output once. Bodies are a third of a build's heap; freeing them as it goes
    /// keeps the peak at the start of rendering (docs/performance.md).
    pub fn freeing_bodies(site: &'p Site, plan: &Plan) -> Self {
        let uses: Vec<AtomicUsize> = site.pages.iter().map(|_| AtomicUsize::new(0)).collect();
        let mut feed_sections = std::collections::BTreeSet::new();
        for job in &plan.jobs {
            match job {
                Job::Page { page, .. } => {
                    uses[*page].fetch_add(1, Ordering::Relaxed);
                }
                Job::Feed { section, .. } => {
                    feed_sections.insert(*section);
                }
                _ => {}
            }
        }
        // A section's feeds render its entries' bodies once for all formats (`feed_bodies`).
        for section in feed_sections {
            for id in crate::plan::feeds::entries_of(site, section) {
                uses[id].fetch_add(1, Ordering::Relaxed);
            }
        }
        Run {
            body_uses: Some(uses),
            ..Run::new(site, Pages::loaded(site))
        }
    }

    /// This run, recording what each output's templates look up (see [`lookups`]).
    pub fn recording_lookups(self) -> Self {
        Run {
            lookups: Some(Mutex::default()),
            ..self
        }
    }

    /// The pages this run shows.
    pub fn pages(&self) -> Pages<'p> {
        self.pages
    }

    /// The lookups recorded by this run, by output path.
    pub fn into_lookups(self) -> HashMap<String, Vec<Lookup>> {
        self.lookups
            .map(|l| l.into_inner().unwrap_or_else(PoisonError::into_inner))
            .unwrap_or_default()
    }

    /// Runs `render` for the output `out`, recording its lookups when this run records them.
    pub(super) fn rendering<R>(&self, out: &str, render: impl FnOnce() -> R) -> R {
        let Some(store) = &self.lookups else {
            return render();
        };
        let (result, lookups) = lookups::recording(render);
        store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(out.to_string(), lookups);
        result
    }

    /// Counts one use of page `id`'s body; true when it was the last one and the body may go.
    pub(super) fn last_use_of_body(&self, id: PageId) -> bool {
        self.body_uses
            .as_ref()
            .is_some_and(|uses| !self.pages.is_edited(id) && uses[id].fetch_sub(1, Ordering::Relaxed) == 1)
    }
}
