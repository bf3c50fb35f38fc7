//! A built site kept in memory between rebuilds, so that `knead serve` pays for what an edit
//! touches instead of for the whole site. Whatever the edit, the files equal those of a fresh
//! `knead build`, byte for byte.
//!
//! Three ways to bring the output up to date, cheapest first:
//!
//! - **A page's body** changed and nothing other outputs show of the page (front matter,
//!   summary, reading time, heading and raw-HTML ids, the pages it links to) nor the lines
//!   messages name (the front matter as written): the page and the feeds that embed it are
//!   rendered again, its links re-checked and its SEO lints re-run (`page_edit.rs`).
//! - **Any other content or template edit** (a title or date, tags, a new, renamed or deleted
//!   page, a section, a template, a component or a snippet): the site is loaded again (pages
//!   whose text is unchanged are not parsed again) and planned again, and only the files whose
//!   inputs changed are rendered (see [`input_keys`]): the page, the listings, tag pages and
//!   feeds that show it, the pages that list it as related or linked, the pages of its section;
//!   after a template, component or snippet edit, every file. The scans of the files taken as
//!   they were keep all their links, so a link to a file an edit removed is still found.
//! - **`site.yaml`, static files and content images** rebuild everything.

pub mod input_keys;
mod page_edit;

use crate::check::html_scan::PageFacts;
use crate::check::seo_lints::Lints;
use crate::config::BuildOptions;
use crate::diagnostics::{Diagnostic, Failure};
use crate::load::{Page, Site};
use crate::plan::{Job, Plan};
use crate::render::lookups::Lookup;
use crate::render::run::{Pages, Run};
use crate::render::{Renderer, Stats};
use crate::sink::MemorySink;
use input_keys::{InputKeys, Keys};
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
    /// Only the edited pages and the feeds that embed them were rendered again.
    Incremental { rendered: Vec<String> },
    /// The site was loaded again and only these files, whose inputs changed, were rendered.
    Reloaded { rendered: Vec<String> },
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
    /// Warnings no page edit can change: orphan pages (an edit that changes links reloads the
    /// site) and notes about written files (`_headers`).
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
    /// The input key of every output that has one, as last rendered.
    keys: Keys,
    /// The lookups each output's templates made when it was last rendered.
    reads: HashMap<String, Vec<Lookup>>,
    /// Pages shown in an edited version: edits that change nothing other outputs show of the
    /// page (`page_edit.rs`). A reload starts without any.
    edits: HashMap<usize, Page>,
    /// What the input keys of this loaded site are made from.
    input_keys: InputKeys,
}

/// The links a session's scans keep: all of them, since the scans of pages that are not
/// rendered again are checked again after edits that may remove the files they link to.
const SCANNED: crate::check::KeptLinks = crate::check::KeptLinks {
    external: false,
    settled: true,
};

/// What a set of changed paths calls for.
enum Change {
    Nothing,
    /// Only these pages' files changed, and they still exist.
    Pages(BTreeSet<usize>),
    Reload,
    Full,
}

impl Session {
    /// A full build into memory.
    pub fn build(options: &BuildOptions) -> Result<Session, Failure> {
        Session::assemble(options, None).map(|(session, _)| session)
    }

    /// Loads and renders the site; with a `previous` session, files whose inputs are unchanged
    /// are taken from it instead of rendered. Returns the paths rendered.
    fn assemble(options: &BuildOptions, previous: Option<&Session>) -> Result<(Session, Vec<String>), Failure> {
        let unchanged = |rel: &str, text: &str| {
            let prev = previous?;
            let page = prev.pages().get(*prev.pages_by_rel.get(rel)?);
            (page.source.whole.as_deref() == Some(text)).then(|| (page.meta.clone(), page.analysis.clone()))
        };
        let (site, theme) = crate::load_site_reusing(options, &unchanged)?;
        let input_keys = InputKeys::new(&theme, &site.snippets);
        let mut plan = None;
        let prepared = Prepared::try_new(site, |site| {
            let (p, renderer) = crate::plan_and_resolve(site, &theme)?;
            plan = Some(p);
            Ok::<_, Failure>(renderer)
        })?;
        let mut plan = plan.ok_or_else(|| Failure::single(Diagnostic::usage_error("no plan")))?;
        let renderer = prepared.borrow_dependent();
        let site = prepared.borrow_owner();
        let reusable = previous.map_or_else(Keys::new, |prev| prev.reusable(&input_keys, renderer, &plan));
        let select = |job: &Job| !reusable.contains_key(&renderer.output_of(job));
        let memory = MemorySink::default();
        let run = Run::new(site, Pages::loaded(site)).recording_lookups();
        let rendered = crate::render_all(site, &run, &mut plan, renderer, Some(&memory), SCANNED, &select)?;
        let (stats, mut facts) = (rendered.stats, rendered.facts);
        let mut reads = run.into_lookups();
        let mut files = Files::new();
        if let Some(prev) = previous {
            for path in reusable.keys() {
                if let Some(f) = prev.facts.get(path) {
                    facts.insert(path.clone(), f.clone());
                }
                if let Some(r) = prev.reads.get(path) {
                    reads.insert(path.clone(), r.clone());
                }
                if let Some((path, bytes)) = prev.files.get_key_value(path.as_str()) {
                    files.insert(Arc::clone(path), Arc::clone(bytes));
                }
            }
        }
        let output = memory.into_files();
        let rendered_paths: Vec<String> = output.keys().cloned().collect();
        files.extend(
            output
                .into_iter()
                .map(|(path, bytes)| (Arc::from(path), Arc::from(bytes))),
        );
        let pages = Pages::loaded(site);
        let mut keys = input_keys.of(renderer, pages, plan.jobs.iter().filter(|job| select(job)), &reads);
        keys.extend(reusable);

        let checked = crate::check::verdict::verify(&plan, renderer, &facts, rendered.warnings, options.strict)?;
        let pages_by_rel = site
            .pages
            .iter()
            .enumerate()
            .map(|(id, p)| (p.source.rel.clone(), id))
            .collect();
        let session = Session {
            root: options.root.canonicalize().unwrap_or_else(|_| options.root.clone()),
            options: options.clone(),
            plan,
            prepared,
            facts,
            files: Arc::new(files),
            standing: checked.standing,
            lints: checked.lints,
            warnings: checked.warnings,
            stats,
            pages_by_rel,
            pending: BTreeSet::new(),
            keys,
            reads,
            edits: HashMap::new(),
            input_keys,
        };
        Ok((session, rendered_paths))
    }

    /// The outputs of this session a new render (`renderer`, `plan`, keyed by `input_keys`) can
    /// take as they are, with their keys: same inputs, and rendered before.
    fn reusable(&self, input_keys: &InputKeys, renderer: &Renderer<'_>, plan: &Plan) -> Keys {
        let pages = Pages::loaded(renderer.site());
        let mut keys = input_keys.of(renderer, pages, &plan.jobs, &self.reads);
        keys.retain(|path, key| self.keys.get(path) == Some(&*key) && self.files.contains_key(path.as_str()));
        keys
    }

    /// The version of each page the output shows.
    fn pages(&self) -> Pages<'_> {
        Pages::with_edits(self.prepared.borrow_owner(), &self.edits)
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
        let result = match self.classify(&all) {
            Change::Nothing => return Ok(Rebuild::Nothing),
            Change::Pages(pages) => match self.update_pages(&pages) {
                Ok(rendered) => Ok(Rebuild::Incremental { rendered }),
                Err(None) => self.reload(),
                Err(Some(failure)) => Err(failure),
            },
            Change::Reload => self.reload(),
            Change::Full => Session::build(&self.options).map(|session| {
                *self = session;
                Rebuild::Full
            }),
        };
        if result.is_err() {
            self.pending = all.into_iter().collect();
        }
        result
    }

    fn reload(&mut self) -> Result<Rebuild, Failure> {
        let (session, rendered) = Session::assemble(&self.options, Some(self))?;
        let previous = std::mem::replace(self, session);
        // Freeing a large site takes a while; the new output need not wait for it.
        std::thread::spawn(move || drop(previous));
        Ok(Rebuild::Reloaded { rendered })
    }

    /// What the changed paths call for: the pages whose files changed when nothing else did;
    /// a reload for other content and template edits; a full build for anything else.
    fn classify(&self, changed: &[PathBuf]) -> Change {
        let site = self.prepared.borrow_owner();
        let templates = format!("themes/{}/templates/", site.config.theme);
        let mut pages = BTreeSet::new();
        let mut reload = false;
        for path in changed {
            let Some(rel) = self.relative(path) else {
                return Change::Full;
            };
            let snippet = rel
                .strip_prefix("content/")
                .is_some_and(|r| r.starts_with(crate::load::walk::SNIPPETS));
            if rel.starts_with(&templates) || rel.starts_with("components/") || snippet {
                reload = true;
                continue;
            }
            let Some(rel) = rel.strip_prefix("content/") else {
                return Change::Full; // site.yaml, a static file, a theme's static file
            };
            let exists = self.options.root.join("content").join(rel).exists();
            let is_markdown = Path::new(rel).extension().is_some_and(|e| e == "md");
            match self.pages_by_rel.get(rel) {
                Some(&id) if exists => {
                    pages.insert(id);
                }
                Some(_) => reload = true, // a deleted page
                // A new page, draft, section or directory.
                None if exists && (is_markdown || Path::new(path).is_dir()) => reload = true,
                None if exists => return Change::Full, // an image or other content file
                None => {
                    // Gone: an editor's temporary file, or a directory, or a section or file
                    // that was part of the site.
                    let dir = format!("{rel}/");
                    let inside = |r: &str| r == rel || r.starts_with(&dir);
                    if site.assets.iter().any(|a| inside(&a.rel)) {
                        return Change::Full;
                    }
                    let sections = site.sections.iter().map(|s| s.source.rel.as_str());
                    if sections.chain(self.pages_by_rel.keys().map(String::as_str)).any(inside) {
                        reload = true;
                    }
                }
            }
        }
        match (reload, pages.is_empty()) {
            (true, _) => Change::Reload,
            (false, true) => Change::Nothing,
            (false, false) => Change::Pages(pages),
        }
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
}
