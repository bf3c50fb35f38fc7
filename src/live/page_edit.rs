//! The cheapest update: a page's body changed and nothing other outputs show of it, so only the
//! page and the feeds that embed it are rendered again (see [`super`]).

use super::Session;
use crate::check::html_scan::PageFacts;
use crate::check::seo_lints::Sources;
use crate::diagnostics::Failure;
use crate::load::{Page, content::reparse_page};
use crate::plan::Job;
use crate::plan::feeds;
use crate::render::run::{Pages, Run};
use crate::resolve::graph::outbound_of;
use crate::resolve::links::DocLinks;
use crate::sink::MemorySink;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Why a page edit cannot be applied to the page alone.
struct NotLocal;

impl Session {
    /// Applies edits of `pages` alone. `Err(None)`: some edit reaches beyond its page (the site
    /// must be reloaded); `Err(Some(_))`: the edit is wrong (a broken link, a template error).
    /// Either way nothing has changed.
    pub(super) fn update_pages(&mut self, pages: &BTreeSet<usize>) -> Result<Vec<String>, Option<Failure>> {
        let mut edited = Vec::new();
        for &id in pages {
            match self.reload_page(id) {
                Ok(page) => edited.push((id, page)),
                Err(Ok(NotLocal)) => return Err(None),
                Err(Err(failure)) => return Err(Some(failure)),
            }
        }
        let previous: Vec<(usize, Option<Page>)> = edited
            .into_iter()
            .map(|(id, page)| (id, self.edits.insert(id, page)))
            .collect();
        let outcome = self.render_pages(pages);
        if outcome.is_err() {
            for (id, page) in previous {
                match page {
                    Some(page) => self.edits.insert(id, page),
                    None => self.edits.remove(&id),
                };
            }
        }
        outcome
    }

    /// Reads page `id` again; `NotLocal` when the edit changes what other outputs show of it.
    fn reload_page(&self, id: usize) -> Result<Page, Result<NotLocal, Failure>> {
        let site = self.prepared.borrow_owner();
        let renderer = self.prepared.borrow_dependent();
        let old = self.pages().get(id);
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
        // The front matter as written, comments and blank lines too: messages name its lines.
        let same_outside = page.source.front_matter == old.source.front_matter
            && page.meta == old.meta
            && page.analysis.summary_text == old.analysis.summary_text
            && crate::load::markdown::reading_time(page.analysis.word_count)
                == crate::load::markdown::reading_time(old.analysis.word_count)
            && page.analysis.ids().eq(old.analysis.ids());
        if !same_outside {
            return Err(Ok(NotLocal));
        }
        let links = DocLinks::resolve(&page.source, &page.analysis, &page.meta, &renderer.links.index);
        if outbound_of(id, &links) != renderer.links.graph.outbound[id] {
            return Err(Ok(NotLocal));
        }
        let mut errors =
            crate::resolve::links::doc_errors(&page.source, &page.analysis, &page.meta, &links, &renderer.links.index);
        errors.extend(crate::load::component_check::check_body(
            &page.source,
            &page.analysis,
            renderer.declared_components(),
            &site.snippets,
        ));
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
        let run = Run::new(site, Pages::with_edits(site, &self.edits)).recording_lookups();
        let (result, new_facts) = crate::scanned(site, &self.plan, Some(&memory), super::SCANNED, |scanning| {
            renderer.run_jobs(&run, &jobs, scanning)
        });
        if let Err(errors) = result {
            return Err(Some(Failure::new(errors)));
        }
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
        let view = crate::check::verdict::output_view(site, &self.plan, &self.facts);
        let errors = view.check_links_of(output.keys().map(String::as_str));
        let shown = run.pages();
        let sources = Sources::of(site, shown, jobs.iter().copied());
        let mut lints = self.lints.clone();
        for path in output.keys() {
            if let Some(f) = self.facts.get(path) {
                let owner = self.plan.owners.get(path).map_or(path.as_str(), String::as_str);
                lints.relint(path, f, owner, &sources);
            }
        }
        let pages = run.pages();
        let verdict =
            crate::check::verdict::verdict(site, pages, lints.all(), errors, &self.standing, self.options.strict);
        let reads = run.into_lookups();
        match verdict {
            Ok(warnings) => {
                self.warnings = warnings;
                self.lints = lints;
                self.reads.extend(reads);
                self.keys
                    .extend(self.input_keys.of(renderer, pages, jobs.iter().copied(), &self.reads));
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
