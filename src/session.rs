//! A built site kept in memory between rebuilds, so that `knead serve` pays for what an edit
//! touches instead of for the whole site.
//!
//! The common edit while writing is a change to a page's body that leaves everything other
//! outputs show of that page alone: its front matter, summary, reading time, heading and raw-HTML
//! ids and the pages it links to. Such an edit re-renders the page itself and the feeds that
//! embed it, re-checks that page's links and re-runs the SEO lints; the rest of the output is
//! already what a full build would write. Any other change — a front-matter edit, a new, renamed
//! or deleted file, a section, a template, a static file, `site.yaml` — rebuilds everything, which
//! is always correct. Either way the files equal those of a fresh `knead build`, byte for byte.

use crate::check::html_scan::PageFacts;
use crate::check::seo_lints::Lints;
use crate::config::BuildOptions;
use crate::content::{Page, Site, load::reparse_page};
use crate::diagnostics::{Diagnostic, Failure};
use crate::graph::outbound_of;
use crate::output::MemorySink;
use crate::render::plan::{Job, Plan};
use crate::render::{Renderer, Stats, feeds};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

self_cell::self_cell!(
    /// The loaded site and the renderer that borrows it.
    struct Prepared {
        owner: Site,
        #[covariant]
        dependent: Renderer,
    }
);

/// The output files of a build, shared with the server without copying their bytes.
/// Keys are shared too: the map is copied on every incremental update.
pub type Files = HashMap<Arc<str>, Arc<[u8]>>;

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rebuild {
    /// Nothing that changed is part of the site (an editor's temporary file, say).
    Nothing,
    /// Only these output files were rendered again.
    Incremental { rendered: Vec<String> },
    /// Everything was rebuilt.
    Full,
}

/// A site built in memory, ready to be updated.
pub struct Session {
    options: BuildOptions,
    /// The site root in canonical form, to recognise watcher paths.
    root: PathBuf,
    plan: Plan,
    prepared: Prepared,
    facts: BTreeMap<String, PageFacts>,
    files: Arc<Files>,
    /// Warnings no page edit can change: orphan pages (an edit that changes links rebuilds
    /// everything) and notes about written files (`_headers`).
    standing: Vec<Diagnostic>,
    lints: Lints,
    warnings: Vec<Diagnostic>,
    stats: Stats,
    /// Content path (`guides/x.md`) of each page.
    pages_by_rel: HashMap<String, usize>,
    /// Paths changed since the output was last good. A failed update leaves the session as it
    /// was and its paths here, so the next update looks at them again: fixing a typo in a page
    /// takes the fast path, not a full build.
    pending: BTreeSet<PathBuf>,
}

/// Why a page edit cannot be applied to the page alone.
struct NotLocal;

impl Session {
    /// A full build into memory.
    pub fn build(options: &BuildOptions) -> Result<Session, Failure> {
        let (site, theme) = crate::load(options)?;
        let mut plan = None;
        let prepared = Prepared::try_new(site, |site| {
            let (p, renderer) = crate::prepare(site, &theme)?;
            plan = Some(p);
            Ok::<_, Failure>(renderer)
        })?;
        let mut plan = plan.ok_or_else(|| Failure::single(Diagnostic::usage_error("no plan")))?;
        let memory = MemorySink::default();
        let renderer = prepared.borrow_dependent();
        let site = prepared.borrow_owner();
        let rendered = crate::render_all(site, &mut plan, renderer, Some(&memory), false)?;
        let (stats, facts) = (rendered.stats, rendered.facts);
        let errors = crate::output_view(site, &plan, &facts).check_links();
        let mut standing = crate::orphans(renderer);
        standing.extend(rendered.warnings);
        let lints = Lints::new(&facts, &plan.owners);
        let warnings = crate::verdict(renderer, lints.all(), errors, &standing, options.strict)?;
        let files = memory
            .into_files()
            .into_iter()
            .map(|(path, bytes)| (Arc::from(path), Arc::from(bytes)))
            .collect();
        let pages_by_rel = site
            .pages
            .iter()
            .enumerate()
            .map(|(id, p)| (p.source.rel.clone(), id))
            .collect();
        Ok(Session {
            root: options.root.canonicalize().unwrap_or_else(|_| options.root.clone()),
            options: options.clone(),
            plan,
            prepared,
            facts,
            files: Arc::new(files),
            standing,
            lints,
            warnings,
            stats,
            pages_by_rel,
            pending: BTreeSet::new(),
        })
    }

    /// The output, by path (`guides/x/index.html`).
    pub fn files(&self) -> &Arc<Files> {
        &self.files
    }

    /// Warnings of the current output (orphans, and SEO lints unless `--strict`).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Brings the output up to date after the files at `changed` (absolute, or relative to the
    /// site root) were written, created, renamed or deleted. On failure the session keeps the
    /// last good output, and the next update considers these paths again.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Failure> {
        let mut all = std::mem::take(&mut self.pending);
        all.extend(changed.iter().cloned());
        let all: Vec<PathBuf> = all.into_iter().collect();
        let pages = self.edited_pages(&all);
        let result = match pages {
            Some(pages) if pages.is_empty() => return Ok(Rebuild::Nothing),
            Some(pages) => match self.update_pages(&pages) {
                Ok(rendered) => Ok(Rebuild::Incremental { rendered }),
                Err(None) => self.rebuild_all(),
                Err(Some(failure)) => Err(failure),
            },
            None => self.rebuild_all(),
        };
        if result.is_err() {
            self.pending = all.into_iter().collect();
        }
        result
    }

    fn rebuild_all(&mut self) -> Result<Rebuild, Failure> {
        *self = Session::build(&self.options)?;
        Ok(Rebuild::Full)
    }

    /// The ids of the pages whose files changed, when nothing else did; `None` when the change
    /// needs a full build.
    fn edited_pages(&self, changed: &[PathBuf]) -> Option<BTreeSet<usize>> {
        let site = self.prepared.borrow_owner();
        let mut pages = BTreeSet::new();
        for path in changed {
            let rel = self.relative(path)?;
            let Some(rel) = rel.strip_prefix("content/") else {
                return None; // site.yaml, a theme or a static file
            };
            let exists = self.options.root.join("content").join(rel).exists();
            match self.pages_by_rel.get(rel) {
                Some(&id) if exists => {
                    pages.insert(id);
                }
                Some(_) => return None,        // a deleted page
                None if exists => return None, // a new file, a draft, a section, an asset
                None => {
                    // Gone and never part of the site (an editor's temporary file), unless it
                    // was a directory holding sources.
                    let dir = format!("{rel}/");
                    let inside = |r: &str| r == rel || r.starts_with(&dir);
                    let known = site.sections.iter().map(|s| s.source.rel.as_str());
                    let known = known
                        .chain(site.assets.iter().map(|a| a.rel.as_str()))
                        .chain(self.pages_by_rel.keys().map(String::as_str));
                    if known.into_iter().any(inside) {
                        return None;
                    }
                }
            }
        }
        Some(pages)
    }

    /// `path` as a `/`-separated path under the site root.
    fn relative(&self, path: &Path) -> Option<String> {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        };
        let rel = absolute
            .strip_prefix(&self.root)
            .or_else(|_| absolute.strip_prefix(&self.options.root))
            .ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        Some(parts?.join("/"))
    }

    /// Applies edits of `pages` alone. `Err(None)`: some edit reaches beyond its page (a full
    /// build is needed); `Err(Some(_))`: the edit is wrong (a broken link, a template error).
    /// Either way nothing has changed.
    fn update_pages(&mut self, pages: &BTreeSet<usize>) -> Result<Vec<String>, Option<Failure>> {
        let mut edited = Vec::new();
        for &id in pages {
            match self.reload_page(id) {
                Ok(page) => edited.push((id, page)),
                Err(Ok(NotLocal)) => return Err(None),
                Err(Err(failure)) => return Err(Some(failure)),
            }
        }
        let mut previous = Vec::new();
        self.prepared.with_dependent_mut(|_, renderer| {
            for (id, page) in edited {
                previous.push((id, renderer.set_page(id, page)));
            }
        });
        let outcome = self.render_pages(pages);
        if outcome.is_err() {
            self.prepared.with_dependent_mut(|_, renderer| {
                for (id, page) in previous {
                    renderer.restore_page(id, page);
                }
            });
        }
        outcome
    }

    /// Reads page `id` again; `NotLocal` when the edit changes what other outputs show of it.
    fn reload_page(&self, id: usize) -> Result<Page, Result<NotLocal, Failure>> {
        let site = self.prepared.borrow_owner();
        let renderer = self.prepared.borrow_dependent();
        let old = renderer.page_data(id);
        let parsed = reparse_page(&self.options, &site.config, &old.source.rel).map_err(|d| Err(Failure::single(d)))?;
        let Some((source, meta, analysis)) = parsed else {
            return Err(Ok(NotLocal));
        };
        let page = Page {
            source,
            meta,
            analysis,
            url: old.url.clone(),
            section: old.section,
            sort_title: old.sort_title.clone(),
        };
        let same_outside = page.meta == old.meta
            && page.analysis.summary_text == old.analysis.summary_text
            && crate::content::markdown::reading_time(page.analysis.word_count)
                == crate::content::markdown::reading_time(old.analysis.word_count)
            && page.analysis.ids().eq(old.analysis.ids())
            && outbound_of(id, &page, &renderer.index) == renderer.graph.outbound[id];
        if !same_outside {
            return Err(Ok(NotLocal));
        }
        let errors = crate::links::check_doc(&page.source, &page.analysis, &page.meta, &renderer.index);
        if !errors.is_empty() {
            return Err(Err(Failure::new(errors)));
        }
        Ok(page)
    }

    /// Renders the (already swapped-in) edited pages and the feeds that show them, checks them,
    /// and takes the result into the output; on error nothing is taken.
    fn render_pages(&mut self, pages: &BTreeSet<usize>) -> Result<Vec<String>, Option<Failure>> {
        let site = self.prepared.borrow_owner();
        let renderer = self.prepared.borrow_dependent();
        let jobs: Vec<&Job> = self
            .plan
            .jobs
            .iter()
            .filter(|job| match job {
                Job::Page { page, .. } => pages.contains(page),
                Job::Feed { section, .. } => feeds::entries_of(site, *section).iter().any(|p| pages.contains(p)),
                _ => false,
            })
            .collect();
        let memory = MemorySink::default();
        let (result, new_facts) = crate::scanned(site, &self.plan, Some(&memory), false, |scanning| {
            renderer.run_jobs(&jobs, scanning)
        });
        result.map_err(|e| Some(Failure::new(e)))?;
        // Links into a page may name any id it has, and titles and descriptions must be unique
        // across pages: a change of either reaches other pages.
        let reaches_out = |path: &String, f: &PageFacts| {
            self.facts.get(path).is_none_or(|old| {
                old.ids != f.ids
                    || old.id_hashes != f.id_hashes
                    || old.titles != f.titles
                    || old.descriptions != f.descriptions
            })
        };
        if new_facts.iter().any(|(path, f)| reaches_out(path, f)) {
            return Err(None);
        }
        let output = memory.into_files();
        // Swap the new scans in (cloning every page's scan would cost more than the render).
        let mut replaced = Vec::new();
        for (path, f) in new_facts {
            let old = self.facts.insert(path.clone(), f);
            replaced.push((path, old));
        }
        let view = crate::output_view(site, &self.plan, &self.facts);
        let errors = view.check_links_of(output.keys().map(String::as_str));
        let mut lints = self.lints.clone();
        for path in output.keys() {
            if let Some(f) = self.facts.get(path) {
                let owner = self.plan.owners.get(path).map_or(path.as_str(), String::as_str);
                lints.relint(path, f, owner);
            }
        }
        let verdict = crate::verdict(renderer, lints.all(), errors, &self.standing, self.options.strict);
        match verdict {
            Ok(warnings) => {
                self.warnings = warnings;
                self.lints = lints;
                let files = Arc::make_mut(&mut self.files);
                let rendered = output.keys().cloned().collect();
                for (path, bytes) in output {
                    files.insert(Arc::from(path), Arc::from(bytes));
                }
                Ok(rendered)
            }
            Err(failure) => {
                for (path, old) in replaced {
                    match old {
                        Some(f) => self.facts.insert(path, f),
                        None => self.facts.remove(&path),
                    };
                }
                Err(Some(failure))
            }
        }
    }
}
