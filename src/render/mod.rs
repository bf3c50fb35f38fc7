//! RENDER: (site, links, theme, plan) -> files in a [`Sink`]. The [`Renderer`] is made once from
//! them and holds what every job shares (compiled templates, page summaries, the `site` object,
//! section listings); a [`Run`] is what one pass over some jobs shares. Jobs render in parallel,
//! and nothing in the renderer changes while they do.

pub mod asset_copies;
pub mod components;
pub mod feeds;
pub mod headers;
pub mod jsonld;
pub mod lookups;
pub mod markdown;
pub mod offers;
pub mod people;
pub mod photo_jobs;
pub mod pictures;
pub mod run;
pub mod seo;
pub mod sitemap;
pub mod team_page;
pub mod templates;
pub mod value_hash;
pub mod views;
pub mod xml;

use crate::diagnostics::Diagnostic;
use crate::load::theme::Theme;
use crate::load::{HOME, Site, content::pages_below};
use crate::plan::{self, Job, Plan};
use crate::resolve::Links;
use crate::resolve::links::{LinkIndex, Target};
use crate::sink::Sink;
use rayon::prelude::*;
use run::Run;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use tera::{Context, Tera, Value};
use views::{LinkView, Urls};

/// Title of the page listing all tags.
const TOPICS: &str = "Topics";

/// Counts for the build summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
}

/// What every render job of a site shares: the compiled templates and the views they show,
/// made once from the site, its links, the theme and the plan. Rendering reads it and changes
/// nothing in it; what one run of jobs shares is a [`Run`].
pub struct Renderer<'a> {
    site: &'a Site,
    /// The site's links, resolved and checked, and their graph.
    pub links: Links<'a>,
    section_pages: Vec<Value>,
    /// What the pages of each section show alike of it, by section id.
    section_values: Vec<views::SectionValues>,
    /// The feeds the pages of each section advertise, by section id.
    section_feeds: Vec<Value>,
    tera: Tera,
    urls: Urls,
    summaries: Vec<Value>,
    ld_shared: jsonld::LdShared,
    templates_display: String,
    /// What the template functions look things up in.
    data: Arc<templates::FunctionData>,
    /// The clinic's people, each with their place on the team page.
    team: Vec<people::PersonView<'a>>,
    /// The components bodies may call, by name.
    declared_components: crate::load::component_check::Declared,
    /// Where the booking buttons lead (`site.book.href`), if anywhere.
    booking_href: Option<String>,
}

impl<'a> Renderer<'a> {
    /// Prepares templates and shared views; `summaries` are [`page_summaries`] of `site`.
    pub fn new(
        site: &'a Site,
        theme: &Theme,
        links: Links<'a>,
        plan: &Plan,
        summaries: Vec<Value>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let urls = Urls::of(&site.config);
        let index = &links.index;
        let data = Arc::new(function_data(site, index, plan, &urls, &summaries));
        let feed_links = feeds::feed_links(site, &urls);
        let section_feeds = feeds::feeds_of_sections(site, &feed_links)
            .iter()
            .map(Value::from_serializable)
            .collect();
        if let Some(error) = team_page::check(site, theme, plan, index) {
            return Err(vec![error]);
        }
        let team_path = team_path(site, index);
        let team = people::team_views(site, index, &theme.statics, team_path.as_deref(), &urls);
        let view = site_view(site, &data.links, index, &urls, feed_links, &team);
        let booking_href = view.book.as_ref().map(|book| book.href.clone());
        let site_value = Value::from_serializable(&view);
        let tera = templates::engine(theme, &data, site_value)?;
        let section_pages = site.sections.iter().map(|s| pick(&summaries, &s.pages)).collect();
        let section_values = views::SectionValues::all(site, &urls);
        let ld_shared = jsonld::LdShared::new(&site.config, &urls);
        Ok(Renderer {
            site,
            links,
            section_pages,
            section_values,
            section_feeds,
            tera,
            urls,
            summaries,
            ld_shared,
            templates_display: theme.templates_display.clone(),
            data,
            team,
            declared_components: theme.components.clone(),
            booking_href,
        })
    }

    /// Whether the booking buttons show on the page at `current_path` (`book_here` in templates
    /// and components): there is a way to book, and it leads somewhere other than this very page.
    fn book_here(&self, current_path: &str) -> bool {
        self.booking_href.as_deref().is_some_and(|href| href != current_path)
    }

    /// The site being rendered.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// Where links are resolved to: the base path and URL of the site.
    pub fn urls(&self) -> &Urls {
        &self.urls
    }

    /// The components bodies may call, by name.
    pub fn declared_components(&self) -> &crate::load::component_check::Declared {
        &self.declared_components
    }

    /// What the template functions look things up in (`url()`, `get_section()`).
    pub fn function_data(&self) -> &templates::FunctionData {
        &self.data
    }

    /// A hash of the `site` object every template sees, taken from the struct it is made of
    /// (tera's maps have no fixed order), so that equal objects hash alike.
    pub fn site_hash(&self) -> u64 {
        let feed_links = feeds::feed_links(self.site, &self.urls);
        let view = site_view(
            self.site,
            &self.data.links,
            &self.links.index,
            &self.urls,
            feed_links,
            &self.team,
        );
        value_hash::serialized_hash(&view)
    }

    /// Where the social card `image` of the page or section read from `source` is: an http(s)
    /// URL as written, or the href of the file it names. `None` when it names no file, which
    /// the link check reports.
    fn image_href(
        &self,
        source: &crate::load::Source,
        image: Option<&crate::load::front_matter::Positioned>,
    ) -> Option<String> {
        let href = self.links.index.href(source, &image?.value).ok()?;
        // A photo's card: cropped to the shape link previews show.
        let card =
            crate::plan::photos::out_of_href(&href, &self.urls.base_path).and_then(|out| self.data.photos.card(out));
        Some(card.map_or(href, |card| pictures::href(card, &self.urls.base_path)))
    }

    /// The resolved body links of page `id`, unless `run` shows an edited version of it, whose
    /// links were not resolved with the rest.
    fn links_of_page(&self, run: &Run<'_>, id: usize) -> Option<&[crate::resolve::links::Resolution]> {
        if run.pages.is_edited(id) {
            return None;
        }
        self.links.resolved.pages.get(id).map(|l| l.body.as_slice())
    }

    /// The body of page `id` rendered, for one of the uses `run` counts.
    fn page_body(&self, run: &Run<'_>, id: usize) -> Result<markdown::RenderedBody, Diagnostic> {
        let page = run.pages.get(id);
        let shared = &page.analysis.body;
        let body = shared.get();
        if run.last_use_of_body(id) {
            shared.forget();
        }
        let rendered = markdown::render(
            &page.source,
            &page.analysis,
            &body,
            &self.links.index,
            self.links_of_page(run, id),
            self.pictures(!page.meta.has_main_image()),
        );
        let current_path = self.urls.href(&page.url);
        let host = components::Host {
            display: &page.source.display,
            calls: &page.analysis.components,
            page: &self.summaries[id],
            book_here: self.book_here(&current_path),
            current_path: &current_path,
        };
        self.expand_components(rendered, &host)
    }

    /// A rendered body with its components rendered in.
    fn expand_components(
        &self,
        mut body: markdown::RenderedBody,
        host: &components::Host<'_>,
    ) -> Result<markdown::RenderedBody, Diagnostic> {
        if host.calls.is_empty() {
            return Ok(body);
        }
        let components = components::Components {
            tera: &self.tera,
            declared: &self.declared_components,
            templates_display: &self.templates_display,
            snippets: &self.site.snippets,
            index: &self.links.index,
            pictures: self.pictures(false),
        };
        (body.html, body.component_outputs) = components.expand(&body.html, host)?;
        body.summary_html = components.expand(&body.summary_html, host)?.0;
        Ok(body)
    }

    /// What rendering a body's images needs; `first_is_main` unless the page shows an image
    /// above its body (see [`crate::load::front_matter::Meta::has_main_image`]).
    fn pictures(&self, first_is_main: bool) -> markdown::Pictures<'_> {
        markdown::Pictures {
            photos: &self.data.photos,
            statics: &self.data.assets,
            base_path: &self.urls.base_path,
            first_is_main,
        }
    }

    /// Renders the given jobs in `run` into `sink`; all template errors are collected.
    pub fn run_jobs(&self, run: &Run<'_>, jobs: &[&Job], sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|job| self.job(run, job, sink).err())
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(templates::collapse_repeats(errors))
        }
    }

    /// Runs the jobs of the plan that `select` picks (all of them for a build) in `run` into
    /// `sink`; all template errors are collected.
    pub fn run(
        &self,
        run: &Run<'_>,
        plan: &Plan,
        sink: &dyn Sink,
        select: &dyn Fn(&Job) -> bool,
    ) -> Result<Stats, Vec<Diagnostic>> {
        let dirs: Vec<&str> = plan.dirs.iter().map(String::as_str).collect();
        sink.make_dirs(&dirs).map_err(|e| {
            vec![Diagnostic::file_error(
                "output",
                format!("cannot create directories: {e}"),
            )]
        })?;
        let mut jobs: Vec<&Job> = plan.jobs.iter().filter(|job| select(job)).collect();
        // The longest jobs first (a tag page listing hundreds of pages, the sitemap, a feed: up
        // to 10 ms each at 10,000 pages): planned last, one of them would keep a core busy
        // alone at the end of the build.
        jobs.sort_by_key(|job| {
            !matches!(
                job,
                Job::Tag(_) | Job::TagIndex | Job::Sitemap { .. } | Job::Feed { .. }
            )
        });
        self.run_jobs(run, &jobs, sink)?;
        Ok(Stats {
            pages: self.site.pages.len(),
            sections: self.site.sections.len(),
            files: plan.files.len(),
        })
    }

    /// The output file of `job`.
    pub fn output_of(&self, job: &Job) -> String {
        let site = self.site;
        match job {
            Job::Page { page, .. } => format!("{}index.html", site.pages[*page].url),
            Job::Listing { section, number, .. } => {
                format!(
                    "{}index.html",
                    crate::plan::pager_path(&site.sections[*section].url, *number)
                )
            }
            Job::TagIndex => "tags/index.html".into(),
            Job::Tag(i) => format!("{}index.html", Site::term_url(&site.tags[*i])),
            Job::NotFound => "404.html".into(),
            Job::Feed { section, format } => format!("{}{}", site.sections[*section].url, format.file()),
            Job::Robots => "robots.txt".into(),
            Job::Asset(i) => site.assets[*i].out.clone(),
            Job::Alias { out, .. } | Job::Sitemap { out, .. } | Job::Static { out, .. } => out.clone(),
        }
    }

    fn job(&self, run: &Run<'_>, job: &Job, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let out = self.output_of(job);
        run.rendering(&out, || self.run_job(run, job, &out, sink))
    }

    /// Renders `job` and writes it to `out` (its [`Renderer::output_of`]).
    fn run_job(&self, run: &Run<'_>, job: &Job, out: &str, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let site = self.site;
        let text = match job {
            Job::Page { page, template } => {
                let (text, body) = self.page(run, *page, template)?;
                let analysis = &run.pages.get(*page).analysis;
                return write_page(sink, out, &text, &body, analysis).map_err(|e| write_error(out, &e));
            }
            Job::Listing {
                section,
                number,
                total,
                template,
            } => {
                let (text, body) = self.listing(*section, *number, *total, template)?;
                let analysis = &site.sections[*section].analysis;
                return write_page(sink, out, &text, &body, analysis).map_err(|e| write_error(out, &e));
            }
            Job::TagIndex => self.tag_index()?,
            Job::Tag(i) => self.tag(*i)?,
            Job::NotFound => self.not_found()?,
            Job::Alias { to, .. } => alias_html(&self.urls, to, &site.config.language),
            Job::Feed { section, format } => self.feed(run, *section, *format)?,
            Job::Sitemap { body, .. } => sitemap::render(body, &self.urls).map_err(|e| write_error(out, &e))?,
            Job::Robots => sitemap::robots(&self.urls),
            // A photo's own path holds its largest copy, written with the others.
            Job::Asset(_) | Job::Static { .. } if self.data.photos.get(out).is_some() => return Ok(()),
            Job::Asset(i) => return sink.copy(out, &site.assets[*i].path).map_err(|e| write_error(out, &e)),
            Job::Static { data, .. } => return data.write_to(sink, out).map_err(|e| write_error(out, &e)),
        };
        sink.write(out, text.as_bytes()).map_err(|e| write_error(out, &e))
    }

    fn render(&self, template: &str, mut context: Context, url: &str, rendering: &str) -> Result<String, Diagnostic> {
        let current_path = self.urls.href(url);
        context.insert("book_here", &self.book_here(&current_path));
        context.insert("current_path", &current_path);
        context.insert("current_url", &self.urls.permalink(url));
        let mut out = Vec::new();
        self.tera
            .render_to(template, &context, &mut out)
            .map_err(|e| templates::diagnostic(&e, &self.templates_display, Some(rendering)))?;
        // Tera writes only text; this is not expected to fail.
        crate::utf8::into_string(out).map_err(|e| {
            Diagnostic::file_error(rendering, format!("the template output is not UTF-8: {e}"))
                .with_help("this is a bug in knead: please report it with the template")
        })
    }

    /// Renders page `id`; returns the page and its rendered body.
    fn page(&self, run: &Run<'_>, id: usize, template: &str) -> Result<(String, markdown::RenderedBody), Diagnostic> {
        let page = run.pages.get(id);
        let mut body = self.page_body(run, id)?;
        let linked_pages: Vec<usize> = self.links.graph.outbound[id]
            .iter()
            .filter_map(|t| if let Target::Page(p) = t { Some(*p) } else { None })
            .collect();
        let view = views::PageView {
            word_count: page.analysis.word_count,
            content: &body.html,
            summary_html: std::mem::take(&mut body.summary_html),
            toc: views::toc(&page.analysis.headings),
            author: page.meta.author.as_deref(),
            reviewed_by: page.meta.reviewed_by.as_deref(),
            author_person: people::named(&self.site.config.team, &self.team, page.meta.author.as_deref()),
            reviewer: people::named(&self.site.config.team, &self.team, page.meta.reviewed_by.as_deref()),
            faq: &page.meta.faq,
            noindex: page.meta.noindex,
            ancestors: self.section_values[page.section].ancestors.clone(),
            section_url: self.section_values[page.section].url.clone(),
            related: self.links.graph.related[id]
                .iter()
                .map(|&p| self.summaries[p].clone())
                .collect(),
            backlinks: self
                .links
                .graph
                .backlinks
                .get(&Target::Page(id))
                .map_or_else(Vec::new, |b| b.iter().map(|&p| self.summaries[p].clone()).collect()),
            links_to: linked_pages.iter().map(|&p| self.summaries[p].clone()).collect(),
            mentions: linked_pages
                .iter()
                .filter(|&&p| {
                    self.site.sections[self.site.pages[p].section].source.rel == self.site.config.services_section
                })
                .map(|&p| self.summaries[p].clone())
                .collect(),
            section_pages: self.section_pages[page.section].clone(),
        };
        let mut context = Context::new();
        let in_services = self.site.sections[page.section].source.rel == self.site.config.services_section;
        let ld_kind = match (in_services, page.meta.date.is_some()) {
            (true, _) => jsonld::LdKind::Service,
            (false, true) => jsonld::LdKind::Article,
            (false, false) => jsonld::LdKind::Page,
        };
        context.insert(
            "meta",
            &self.head(seo::HeadInput {
                title: Some(&page.meta.title),
                description: page.meta.description.as_deref(),
                summary: &page.analysis.summary_text,
                path: &page.url,
                noindex: page.meta.noindex,
                og_type: "article",
                image: self.image_href(&page.source, page.meta.image.as_ref()).as_deref(),
                ld_kind: Some(ld_kind),
                meta: Some(&page.meta),
                crumbs: self.crumbs(Some(page.section), Some((&page.meta.title, &page.url))),
                section: page.section,
                components: &page.analysis.components,
            }),
        );
        context.insert("kind", "page");
        // The summary of an edited page is the loaded one's: a run shows edited versions only of
        // pages whose edit changes nothing listings show.
        context.insert_value("page", view.with_summary(&self.summaries[id]));
        context.insert_value("section", self.section_values[page.section].link.clone());
        let text = self.render(template, context, &page.url, &page.source.display)?;
        Ok((text, body))
    }

    /// Renders page `number` of the listing of section `id`; returns it and its rendered body.
    fn listing(
        &self,
        id: usize,
        number: usize,
        total: usize,
        template: &str,
    ) -> Result<(String, markdown::RenderedBody), Diagnostic> {
        let section = &self.site.sections[id];
        let per_page = section.settings.paginate_by.unwrap_or(usize::MAX);
        let start = (number - 1).saturating_mul(per_page);
        let pages: Vec<Value> = section
            .pages
            .iter()
            .skip(start)
            .take(per_page)
            .map(|&p| self.summaries[p].clone())
            .collect();
        let links = self.links.resolved.sections.get(id).map(|l| l.body.as_slice());
        let body = markdown::render(
            &section.source,
            &section.analysis,
            &section.analysis.body.get(),
            &self.links.index,
            links,
            self.pictures(!section.meta.has_main_image()),
        );
        let current_path = self.urls.href(&crate::plan::pager_path(&section.url, number));
        let host = components::Host {
            display: &section.source.display,
            calls: &section.analysis.components,
            page: &Value::none(),
            book_here: self.book_here(&current_path),
            current_path: &current_path,
        };
        let body = self.expand_components(body, &host)?;
        let view = views::SectionView {
            title: &section.meta.title,
            description: section.meta.description.as_deref(),
            content: &body.html,
            url: self.urls.href(&section.url),
            permalink: self.urls.permalink(&section.url),
            source: &section.source.rel,
            pages: Value::from(pages),
            subsections: section
                .subsections
                .iter()
                .map(|&s| views::section_link(&self.site.sections[s], &self.urls))
                .collect(),
            ancestors: views::ancestors(self.site, section.parent, &self.urls),
            toc: views::toc(&section.analysis.headings),
            extra: &section.meta.extra,
            noindex: section.meta.noindex,
        };
        let mut context = Context::new();
        let title = if number > 1 {
            format!("{} (page {number})", section.meta.title)
        } else {
            section.meta.title.clone()
        };
        let page_title = (id != HOME || number > 1).then_some(title.as_str());
        let path = crate::plan::pager_path(&section.url, number);
        let mut crumbs = if id == HOME {
            Vec::new()
        } else {
            self.crumbs(Some(id), None)
        };
        if number > 1 {
            crumbs.push((title.clone(), path.clone()));
        }
        context.insert(
            "meta",
            &self.head(seo::HeadInput {
                title: page_title,
                description: section.meta.description.as_deref(),
                summary: &section.analysis.summary_text,
                path: &path,
                noindex: section.meta.noindex,
                og_type: "website",
                image: self.image_href(&section.source, section.meta.image.as_ref()).as_deref(),
                ld_kind: Some(if id == HOME {
                    jsonld::LdKind::Home
                } else {
                    jsonld::LdKind::Collection
                }),
                meta: Some(&section.meta),
                crumbs,
                section: id,
                components: &section.analysis.components,
            }),
        );
        context.insert("kind", if id == HOME { "home" } else { "section" });
        context.insert("section", &view);
        context.insert(
            "paginator",
            &views::Paginator::new(&section.url, number, total, &self.urls),
        );
        let text = self.render(template, context, &path, &section.source.display)?;
        Ok((text, body))
    }

    fn tag_index(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct TermView {
            name: String,
            url: String,
            count: usize,
        }
        let terms: Vec<TermView> = self
            .site
            .tags
            .iter()
            .map(|t| TermView {
                name: t.name.clone(),
                url: self.urls.href(&Site::term_url(t)),
                count: t.pages.len(),
            })
            .collect();
        let mut context = Context::new();
        let description = format!(
            "All topics covered by {}, with the pages about each.",
            self.site.config.title
        );
        context.insert(
            "meta",
            &self.head(seo::HeadInput {
                title: Some(TOPICS),
                description: Some(&description),
                summary: "",
                path: "tags/",
                noindex: false,
                og_type: "website",
                image: None,
                ld_kind: Some(jsonld::LdKind::Collection),
                meta: None,
                crumbs: self.crumbs(Some(HOME), Some((TOPICS, "tags/"))),
                section: HOME,
                components: &[],
            }),
        );
        context.insert("kind", "taxonomy_list");
        context.insert("terms", &terms);
        self.render(plan::TAG_INDEX_TEMPLATE, context, "tags/", "the tags index")
    }

    fn tag(&self, i: usize) -> Result<String, Diagnostic> {
        let term = &self.site.tags[i];
        let pages: Vec<Value> = term.pages.iter().map(|&p| self.summaries[p].clone()).collect();
        let mut context = Context::new();
        let title = format!("Topic: {}", term.name);
        let description = format!(
            "Guides and services of {} about {}: {}.",
            self.site.config.title,
            term.name,
            crate::diagnostics::count(term.pages.len(), "page")
        );
        let path = Site::term_url(term);
        let mut crumbs = self.crumbs(Some(HOME), Some((TOPICS, "tags/")));
        crumbs.push((term.name.clone(), path.clone()));
        context.insert(
            "meta",
            &self.head(seo::HeadInput {
                title: Some(&title),
                description: Some(&description),
                summary: "",
                path: &path,
                noindex: false,
                og_type: "website",
                image: None,
                ld_kind: Some(jsonld::LdKind::Collection),
                meta: None,
                crumbs,
                section: HOME,
                components: &[],
            }),
        );
        context.insert("kind", "taxonomy_term");
        context.insert(
            "term",
            &LinkView {
                title: term.name.clone(),
                url: self.urls.href(&Site::term_url(term)),
            },
        );
        context.insert_value("pages", Value::from(pages));
        self.render(
            plan::TAG_TEMPLATE,
            context,
            &Site::term_url(term),
            &format!("the page of tag `{}`", term.name),
        )
    }

    fn not_found(&self) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert(
            "meta",
            &self.head(seo::HeadInput {
                title: Some("Page not found"),
                description: Some("There is no page at this address."),
                summary: "",
                path: "404.html",
                noindex: true,
                og_type: "website",
                image: None,
                ld_kind: None,
                meta: None,
                crumbs: Vec::new(),
                section: HOME,
                components: &[],
            }),
        );
        context.insert("kind", "404");
        self.render(plan::NOT_FOUND_TEMPLATE, context, "404.html", "404.html")
    }
}

/// Every page's `summary` value, which its page and every listing showing it share. Apart from
/// the renderer, so that a build can make them on one core while the other plans (planning is
/// mostly serial).
pub fn page_summaries(site: &Site) -> Vec<Value> {
    let urls = Urls::of(&site.config);
    let shared = views::SharedSummaryParts::new(site, &urls);
    site.pages.par_iter().map(|p| shared.summary(site, p, &urls)).collect()
}

/// A shared listing of page summaries (cheap to clone: tera arrays are reference-counted).
fn pick(summaries: &[Value], ids: &[usize]) -> Value {
    Value::from(ids.iter().map(|&p| summaries[p].clone()).collect::<Vec<_>>())
}

/// An output file that could not be written.
pub(crate) fn write_error(path: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::file_error(path, format!("cannot write output file: {err}"))
}

/// Writes a rendered page; when its markdown body is made of markdown's own elements and
/// components only, tells the sink what that body holds, so a scanning sink need not scan it
/// again, except where components wrote (see [`crate::sink::KnownBody`]).
fn write_page(
    sink: &dyn Sink,
    out: &str,
    text: &str,
    body: &markdown::RenderedBody,
    analysis: &crate::load::markdown::Analysis,
) -> std::io::Result<()> {
    if analysis.raw_html {
        return sink.write(out, text.as_bytes());
    }
    let known = crate::sink::KnownBody {
        html: &body.html,
        ids: analysis.ids().collect(),
        h1_count: analysis.headings.iter().filter(|h| h.level == 1).count(),
        unknown: &body.component_outputs,
    };
    sink.write_page(out, text, &known)
}

/// A redirect stub: meta refresh for browsers, canonical for search engines, a link for people.
fn alias_html(urls: &Urls, to: &str, lang: &str) -> String {
    let href = html_escape::encode_double_quoted_attribute(&urls.href(to)).into_owned();
    let canonical = html_escape::encode_double_quoted_attribute(&urls.permalink(to)).into_owned();
    let lang = html_escape::encode_double_quoted_attribute(lang);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{href}\">{canonical}</a>.</p>\n</body>\n</html>\n"
    )
}

/// The `site` object every template sees.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    title_template: &'a str,
    clinic_name: &'a str,
    clinic: &'a crate::config::Clinic,
    links: &'a std::collections::BTreeMap<String, String>,
    menu: Vec<LinkView>,
    home: String,
    /// `None` when no page has tags: there is no `/tags/` page to link to then.
    tags: Option<String>,
    /// Every feed of the site (each page's head names those of `meta.feeds`).
    feeds: Vec<feeds::FeedLink>,
    extra: &'a serde_json::Value,
    /// Where the booking buttons lead: online, else a call, else an email; null for none.
    book: Option<crate::config::facts::Book>,
    /// The clinic's phone number as a `tel:` link; null when unset.
    call: Option<crate::config::facts::Call>,
    /// Opening hours for people: rows of `{days, time, machine}`.
    hours: &'a [crate::config::hours::HoursRow],
    /// The clinic's people, each with `anchor` and `url` on the team page.
    team: &'a [people::PersonView<'a>],
    /// The note at the foot of every page (`footer_note`), or null.
    footer_note: Option<&'a str>,
}

/// The URL path of the team page, when the site has a team and the page exists.
fn team_path(site: &Site, index: &LinkIndex<'_>) -> Option<String> {
    if site.config.team.is_empty() {
        return None;
    }
    let target = index.target(&site.home().source, site.config.team_page())?;
    Some(index.url_of(target).to_string())
}

/// What the `site` value every template sees is made of.
fn site_view<'s>(
    site: &'s Site,
    links: &'s std::collections::BTreeMap<String, String>,
    index: &LinkIndex<'_>,
    urls: &Urls,
    feeds: Vec<feeds::FeedLink>,
    team: &'s [people::PersonView<'s>],
) -> SiteView<'s> {
    let home = &site.home().source;
    let menu = site
        .config
        .menu
        .iter()
        .map(|m| LinkView {
            title: m.name.clone(),
            url: index.href(home, &m.url).unwrap_or_else(|_| m.url.clone()),
        })
        .collect();
    let c = &site.config;
    SiteView {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        base_path: c.base_path(),
        language: &c.language,
        title_template: &c.title_template,
        clinic_name: c.clinic_name(),
        clinic: &c.clinic,
        links,
        menu,
        home: urls.href(""),
        tags: (!site.tags.is_empty()).then(|| urls.href("tags/")),
        feeds,
        extra: &c.extra,
        book: crate::config::facts::Book::of(c, links.get("booking").map(String::as_str)),
        call: crate::config::facts::Call::of(c),
        hours: &c.hours,
        team,
        footer_note: crate::config::set(c.footer_note.as_deref()),
    }
}

fn function_data(
    site: &Site,
    index: &LinkIndex<'_>,
    plan: &Plan,
    urls: &Urls,
    summaries: &[Value],
) -> templates::FunctionData {
    let home = &site.home().source;
    let mut sources = HashMap::new();
    for s in &site.sections {
        sources.insert(s.source.rel.clone(), urls.href(&s.url));
    }
    for p in &site.pages {
        sources.insert(p.source.rel.clone(), urls.href(&p.url));
    }
    let links = site
        .config
        .links
        .iter()
        .map(|(k, v)| (k.clone(), index.href(home, v).unwrap_or_else(|_| v.clone())))
        .collect();
    let sections = site
        .sections
        .iter()
        .enumerate()
        .map(|(id, s)| {
            #[derive(Serialize)]
            struct SectionListing<'a> {
                title: &'a str,
                description: Option<&'a str>,
                url: String,
                /// Direct pages in the section's order.
                pages: Value,
                /// Pages of the section and all its subsections.
                all_pages: Value,
                subsections: Vec<LinkView>,
            }
            let view = SectionListing {
                title: &s.meta.title,
                description: s.meta.description.as_deref(),
                url: urls.href(&s.url),
                pages: pick(summaries, &s.pages),
                all_pages: pick(summaries, &pages_below(site, id)),
                subsections: s
                    .subsections
                    .iter()
                    .map(|&c| views::section_link(&site.sections[c], urls))
                    .collect(),
            };
            (s.source.rel.clone(), Value::from_serializable(&view))
        })
        .collect();
    // The photo each page and section names as its `image:`, for `image(path=page.image,
    // source=page.source)`: the path is relative to the page, which only the link index knows.
    let front_matter_images = site
        .sections
        .iter()
        .map(|s| (&s.source, s.meta.image.as_ref()))
        .chain(site.pages.iter().map(|p| (&p.source, p.meta.image.as_ref())))
        .filter_map(|(source, image)| {
            let image = image?;
            let href = index.href(source, &image.value).ok()?;
            let out = crate::plan::photos::out_of_href(&href, &urls.base_path)?;
            plan.photos.get(out)?;
            Some(((source.rel.clone(), image.value.clone()), out.to_string()))
        })
        .collect();
    templates::FunctionData {
        sources,
        links,
        front_matter_images,
        assets: std::sync::Arc::clone(&plan.fingerprints),
        photos: std::sync::Arc::clone(&plan.photos),
        sections,
        base_path: urls.base_path.clone(),
    }
}
