//! A hash of everything each output file is made from, so that `knead serve` can tell after an
//! edit which files could come out different and render only those.
//!
//! The key of a file covers what its render reads: the page's own source and URL, the hrefs its
//! links resolve to, the summaries of the pages it lists (related pages, links, backlinks, a
//! section's or a tag's pages), its template's name, the whole theme, the global `site` object
//! and the section tree, and the answers to the lookups its templates made (`get_section()`, `url()`),
//! recorded while it was last rendered. Files that read nothing page-specific (aliases, sitemap,
//! `robots.txt`, static files) have no key: they are cheap and always written again. What the
//! keys leave out — `site.yaml`, static files, content images — rebuilds everything instead
//! (see [`crate::live`]). When the renderer changes what a render reads, the keys must follow:
//! the incremental tests compare a session's output with a fresh build after every kind of edit.

use crate::load::theme::{StaticData, Theme};
use crate::load::{Page, Source, content::pages_below};
use crate::plan::Job;
use crate::render::Renderer;
use crate::render::lookups::Lookup;
use crate::render::run::Pages;
use crate::render::{templates, views};
use crate::resolve::links::Target;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

/// Input key of each output file that has one, by output path.
pub type Keys = HashMap<String, u64>;

/// Hashes shared by many keys, computed once per loaded site.
pub struct Hashes {
    /// Of each page's summary as listings show it.
    summaries: Vec<u64>,
    /// Of the `site` object, the section tree and content files.
    global: u64,
}

/// What the input keys of one loaded site are made from, beyond the renderer: a hash of the
/// theme (every template and where each static file comes from, which `asset()` answers depend
/// on), and hashes shared by many keys, computed when first asked for. Every key covers the whole
/// theme, so a template edit renders every file again: reading which templates pull in which
/// from their source, to render only the users of an edited one, saved nothing measurable on a
/// 10,000-page site (docs/performance.md).
pub struct InputKeys {
    theme: u64,
    hashes: OnceLock<Hashes>,
}

impl InputKeys {
    /// For a site rendered with `theme` whose pages may include `snippets`. Snippets count as
    /// part of the theme: any page may include one, so an edited snippet renders every file
    /// again, as an edited template does.
    pub fn new(theme: &Theme, snippets: &crate::load::component_check::Snippets) -> InputKeys {
        let mut hasher = DefaultHasher::new();
        theme.templates.hash(&mut hasher);
        for (name, snippet) in snippets {
            name.hash(&mut hasher);
            snippet.text.hash(&mut hasher);
        }
        for (out, data) in &theme.statics {
            out.hash(&mut hasher);
            match data {
                StaticData::Disk(path) => path.hash(&mut hasher),
                StaticData::Embedded(bytes) => bytes.hash(&mut hasher),
            }
        }
        InputKeys {
            theme: hasher.finish(),
            hashes: OnceLock::new(),
        }
    }

    fn hashes(&self, renderer: &Renderer<'_>) -> &Hashes {
        self.hashes.get_or_init(|| {
            let site = renderer.site();
            // From the structs, not the tera values built from them: tera's maps have no fixed
            // order, so equal values could hash differently.
            let summaries = site
                .pages
                .par_iter()
                .map(|p| crate::render::value_hash::serialized_hash(&views::page_summary(site, p, renderer.urls())))
                .collect();
            let mut hasher = DefaultHasher::new();
            renderer.site_hash().hash(&mut hasher);
            self.theme.hash(&mut hasher);
            for s in &site.sections {
                (&s.source.rel, &s.source.whole, &s.url, s.parent, &s.subsections).hash(&mut hasher);
            }
            for a in &site.assets {
                (&a.rel, &a.out).hash(&mut hasher);
            }
            // Pages name the copies of the photos they show, which change with the photos.
            for (out, photo) in renderer.function_data().photos.iter() {
                (out, &photo.copies.plain.cache_name).hash(&mut hasher);
            }
            Hashes {
                summaries,
                global: hasher.finish(),
            }
        })
    }

    /// The input key of every job that has one, rendered by `renderer` showing `pages`, given
    /// the lookups each output made when it was last rendered (`reads`, by output path).
    pub fn of<'j>(
        &self,
        renderer: &Renderer<'_>,
        pages: Pages<'_>,
        jobs: impl IntoIterator<Item = &'j Job>,
        reads: &HashMap<String, Vec<Lookup>>,
    ) -> Keys {
        let hashes = self.hashes(renderer);
        let jobs: Vec<&Job> = jobs.into_iter().filter(|job| has_key(job)).collect();
        // Each section a template asked for is hashed once, however many files asked.
        let asked: BTreeSet<&str> = reads
            .values()
            .flatten()
            .filter_map(|r| match r {
                Lookup::Section(path) => Some(path.as_str()),
                Lookup::Url(_) => None,
            })
            .collect();
        let sections: HashMap<&str, u64> = asked
            .into_par_iter()
            .map(|path| (path, section_hash(renderer, path, hashes)))
            .collect();
        jobs.par_iter()
            .map(|job| {
                let out = renderer.output_of(job);
                let mut hasher = DefaultHasher::new();
                hashes.global.hash(&mut hasher);
                self.hash_job(renderer, pages, job, hashes, &mut hasher);
                for read in reads.get(&out).into_iter().flatten() {
                    read.hash(&mut hasher);
                    match read {
                        Lookup::Section(path) => sections.get(path.as_str()).hash(&mut hasher),
                        Lookup::Url(path) => templates::url(renderer.function_data(), path)
                            .map_err(|e| e.to_string())
                            .hash(&mut hasher),
                    }
                }
                (out, hasher.finish())
            })
            .collect()
    }

    fn hash_job(&self, renderer: &Renderer<'_>, pages: Pages<'_>, job: &Job, hashes: &Hashes, h: &mut DefaultHasher) {
        let site = renderer.site();
        let links = &renderer.links;
        let summaries = |ids: &mut dyn Iterator<Item = usize>, h: &mut DefaultHasher| {
            for id in ids {
                hashes.summaries[id].hash(h);
            }
            u64::MAX.hash(h); // end of list
        };
        std::mem::discriminant(job).hash(h);
        match job {
            Job::Page { page: id, template } => {
                template.hash(h);
                let page = pages.get(*id);
                hash_page(renderer, page, h);
                summaries(&mut links.graph.related[*id].iter().copied(), h);
                let linked = links.graph.outbound[*id].iter().filter_map(|t| match t {
                    Target::Page(p) => Some(*p),
                    _ => None,
                });
                summaries(&mut linked.into_iter(), h);
                summaries(&mut site.sections[page.section].pages.iter().copied(), h);
                let backlinks = links.graph.backlinks.get(&Target::Page(*id));
                summaries(&mut backlinks.into_iter().flatten().copied(), h);
            }
            Job::Listing {
                section: id,
                number,
                total,
                template,
            } => {
                template.hash(h);
                (id, number, total).hash(h);
                let section = &site.sections[*id];
                let per_page = section.settings.paginate_by.unwrap_or(usize::MAX);
                let start = (number - 1).saturating_mul(per_page);
                summaries(&mut section.pages.iter().copied().skip(start).take(per_page), h);
                hash_links(
                    renderer,
                    &section.source,
                    section.analysis.links.iter().map(|l| l.dest.as_str()),
                    h,
                );
            }
            Job::TagIndex => {
                for term in &site.tags {
                    (&term.name, &term.slug, term.pages.len()).hash(h);
                }
            }
            Job::Tag(i) => {
                let term = &site.tags[*i];
                (&term.name, &term.slug).hash(h);
                summaries(&mut term.pages.iter().copied(), h);
            }
            Job::Feed { section, format } => {
                (section, format.file()).hash(h);
                for id in crate::plan::feeds::entries_of(site, *section) {
                    hash_page(renderer, pages.get(id), h);
                }
            }
            _ => {}
        }
    }
}

/// What `get_section(path)` shows beyond the section tree (which the global hash covers):
/// the summaries of its pages and of the pages below it.
fn section_hash(renderer: &Renderer<'_>, path: &str, hashes: &Hashes) -> u64 {
    let site = renderer.site();
    let Some(id) = site.sections.iter().position(|s| s.source.rel == path) else {
        return 0;
    };
    let mut h = DefaultHasher::new();
    for ids in [site.sections[id].pages.clone(), pages_below(site, id)] {
        for p in ids {
            hashes.summaries[p].hash(&mut h);
        }
        u64::MAX.hash(&mut h);
    }
    h.finish()
}

/// A page's own inputs: its file, place and the hrefs its links resolve to.
fn hash_page(renderer: &Renderer<'_>, page: &Page, h: &mut DefaultHasher) {
    (&page.source.rel, &page.source.whole, &page.url, page.section).hash(h);
    // Autolinks are among the links.
    let links = page.analysis.links.iter().map(|l| l.dest.as_str());
    let related = page.meta.related.iter().map(|r| r.value.as_str());
    hash_links(renderer, &page.source, links.chain(related), h);
}

fn hash_links<'d>(
    renderer: &Renderer<'_>,
    source: &Source,
    dests: impl Iterator<Item = &'d str>,
    h: &mut DefaultHasher,
) {
    for dest in dests {
        renderer.links.index.href(source, dest).ok().hash(h);
    }
}

/// Whether a job's output depends on other pages than its own (and so has a key).
fn has_key(job: &Job) -> bool {
    matches!(
        job,
        Job::Page { .. } | Job::Listing { .. } | Job::TagIndex | Job::Tag(_) | Job::NotFound | Job::Feed { .. }
    )
}
